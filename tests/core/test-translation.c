/* test-translation.c: app/core/yc-translation, the .mo reader papers take their labels
 * from: it agrees with gettext on every message of the desk's catalogues, keeps to its
 * plural rules, refuses what is no catalogue, and the catalogues are each in one script
 * (what the Traditional desk's conversion of server text and the papers rely on). */
#include "core/config-i18n.h"

#include <locale.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "core/yc-script.h"
#include "core/yc-translation.h"

/* A fresh folder of files made here, and its removal (flat: no folders in it). */
static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("yichuang-test-translation-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static const char *localedir;

static YcTranslation *
load (const char *language)
{
  g_autoptr(GError) error = NULL;
  YcTranslation *translation = yc_translation_new_for_language (localedir, GETTEXT_PACKAGE, language, &error);

  g_assert_no_error (error);
  g_assert_nonnull (translation);
  return translation;
}

typedef struct
{
  guint n;
  guint differ;
} Agreement;

static void
agree_with_gettext_cb (gpointer key,
                       gpointer value,
                       gpointer data)
{
  Agreement *agreement = data;
  /* "context\004msgid" is how pgettext looks a message up too. */
  const char *expected = dgettext (GETTEXT_PACKAGE, key);

  agreement->n++;
  if (g_strcmp0 (expected, value) != 0)
    {
      g_test_message ("%s: gettext says “%s”, the reader “%s”", (const char *) key, expected, (const char *) value);
      agreement->differ++;
    }
}

/* Run with LANGUAGE=zh_TW (meson.build): what gettext gives in this process is what the
 * reader reads from the same file; and the zh_CN catalogue, which gettext does not use
 * here, is read as well. */
static void
test_agrees_with_gettext (void)
{
  g_autoptr(YcTranslation) taiwan = load ("zh_TW");
  g_autoptr(YcTranslation) simplified = load ("zh_CN");
  Agreement agreement = { 0, };

  g_assert_cmpstr (yc_translation_get_language (taiwan), ==, "zh_TW");
  g_assert_cmpstr (yc_translation_get_language (simplified), ==, "zh_CN");
  yc_translation_foreach (taiwan, agree_with_gettext_cb, &agreement);
  g_assert_cmpuint (agreement.n, >, 500);
  g_assert_cmpuint (agreement.differ, ==, 0);

  /* The same message, three ways. */
  g_assert_cmpstr (yc_translation_gettext (taiwan, "No."), ==, g_dgettext (GETTEXT_PACKAGE, "No."));
  g_assert_cmpstr (yc_translation_gettext (NULL, "No."), ==, g_dgettext (GETTEXT_PACKAGE, "No."));
  g_assert_cmpstr (yc_translation_gettext (simplified, "One-Time Notice of Missing Materials"), ==, "一次性告知书");
  g_assert_cmpstr (yc_translation_gettext (taiwan, "One-Time Notice of Missing Materials"), ==,
                   g_dgettext (GETTEXT_PACKAGE, "One-Time Notice of Missing Materials"));
  g_assert_cmpstr (yc_translation_pgettext (taiwan, "print font", "Noto Serif CJK SC"), ==,
                   g_dpgettext2 (GETTEXT_PACKAGE, "print font", "Noto Serif CJK SC"));
  g_assert_cmpstr (yc_translation_pgettext (NULL, "print font", "Noto Serif CJK SC"), ==,
                   g_dpgettext2 (GETTEXT_PACKAGE, "print font", "Noto Serif CJK SC"));
  g_assert_cmpstr (yc_translation_pgettext (simplified, "print font", "Noto Serif CJK SC"), ==, "Noto Serif CJK SC");
  g_assert_cmpstr (yc_translation_pgettext (taiwan, "print font", "Noto Serif CJK SC"), ==, "Noto Serif CJK TC");

  /* What no catalogue has is itself. */
  g_assert_cmpstr (yc_translation_gettext (simplified, "No such message"), ==, "No such message");
  g_assert_cmpstr (yc_translation_pgettext (simplified, "no such context", "No."), ==, "No.");
}

/* Chinese has one form (nplurals=1): the same for 1 and 5; untranslated, English's two. */
static void
test_plural (void)
{
  g_autoptr(YcTranslation) simplified = load ("zh_CN");
  const char *one = yc_translation_ngettext (simplified, "%d working day", "%d working days", 1);
  const char *five = yc_translation_ngettext (simplified, "%d working day", "%d working days", 5);

  g_assert_cmpstr (one, ==, five);
  g_assert_nonnull (strstr (one, "工作日"));
  g_assert_cmpstr (yc_translation_ngettext (NULL, "%d working day", "%d working days", 5), ==,
                   g_dngettext (GETTEXT_PACKAGE, "%d working day", "%d working days", 5));
  g_assert_cmpstr (yc_translation_ngettext (simplified, "an apple", "apples", 1), ==, "an apple");
  g_assert_cmpstr (yc_translation_ngettext (simplified, "an apple", "apples", 2), ==, "apples");
}

/* A catalogue of two forms, n != 1, as msgfmt writes it. */
static void
test_plural_two_forms (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *po = g_build_filename (dir, "xx.po", NULL);
  g_autofree char *mo = g_build_filename (dir, "xx.mo", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcTranslation) translation = NULL;
  const char *argv[] = { "msgfmt", "-o", mo, po, NULL };
  int status = -1;

  g_assert_true (g_file_set_contents (po,
                                      "msgid \"\"\nmsgstr \"Language: xx\\nContent-Type: text/plain; charset=UTF-8\\n"
                                      "Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n\n"
                                      "msgid \"%d day\"\nmsgid_plural \"%d days\"\n"
                                      "msgstr[0] \"%d jour\"\nmsgstr[1] \"%d jours\"\n\n"
                                      "msgctxt \"c\"\nmsgid \"Day\"\nmsgstr \"Jour\"\n",
                                      -1, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  translation = yc_translation_new_from_file (mo, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_translation_get_language (translation), ==, "xx");
  g_assert_cmpstr (yc_translation_ngettext (translation, "%d day", "%d days", 0), ==, "%d jour");
  g_assert_cmpstr (yc_translation_ngettext (translation, "%d day", "%d days", 1), ==, "%d jour");
  g_assert_cmpstr (yc_translation_ngettext (translation, "%d day", "%d days", 2), ==, "%d jours");
  g_assert_cmpstr (yc_translation_gettext (translation, "%d day"), ==, "%d jour");
  g_assert_cmpstr (yc_translation_pgettext (translation, "c", "Day"), ==, "Jour");
  g_assert_cmpstr (yc_translation_gettext (translation, "Day"), ==, "Day");
  remove_dir (dir);
}

static void
test_not_a_catalogue (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *text = g_build_filename (dir, "text.mo", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.mo", NULL);
  g_autofree char *mo = g_build_filename (localedir, "zh_CN", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (text, "msgid \"\"\nmsgstr \"\"\n", -1, NULL));
  g_assert_null (yc_translation_new_from_file (text, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* A catalogue cut short: its tables point past the end. */
  g_assert_true (g_file_get_contents (mo, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (cut, contents, (gssize) length / 2, NULL));
  g_assert_null (yc_translation_new_from_file (cut, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  g_assert_null (yc_translation_new_for_language (localedir, GETTEXT_PACKAGE, "xx_YY", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  remove_dir (dir);
}

typedef struct
{
  YcScript script;
  guint    n;
  GString *changed;
} OneScript;

static void
one_script_cb (gpointer key,
               gpointer value,
               gpointer data)
{
  OneScript *check = data;
  g_autofree char *converted = yc_script_convert (check->script, value);

  check->n++;
  if (!g_str_equal (converted, value))
    g_string_append_printf (check->changed, "\n  “%s” → “%s”", (const char *) value, converted);
}

/* zh_TW is Traditional throughout (s2tw changes none of it), so a Traditional desk's
 * labels pass the check its pages are put to, and a Traditional paper's labels stay as
 * the translator wrote them; zh_CN is Simplified throughout (t2s changes none). */
static void
test_one_script (void)
{
  static const struct { const char *language; YcScript script; } catalogues[] = {
    { "zh_TW", YC_SCRIPT_TAIWAN },
    { "zh_CN", YC_SCRIPT_SIMPLIFIED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (catalogues); i++)
    {
      g_autoptr(YcTranslation) translation = load (catalogues[i].language);
      OneScript check = { catalogues[i].script, 0, g_string_new (NULL) };

      yc_translation_foreach (translation, one_script_cb, &check);
      g_assert_cmpuint (check.n, >, 500);
      if (check.changed->len > 0)
        g_error ("po/%s.po is not in one script:%s", catalogues[i].language, check.changed->str);
      g_string_free (check.changed, TRUE);
    }
}

int
main (int    argc,
      char **argv)
{
  localedir = g_getenv ("YICHUANG_LOCALEDIR");
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;
  g_setenv ("LANGUAGE", "zh_TW", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/translation/agrees-with-gettext", test_agrees_with_gettext);
  g_test_add_func ("/translation/plural", test_plural);
  g_test_add_func ("/translation/plural-two-forms", test_plural_two_forms);
  g_test_add_func ("/translation/not-a-catalogue", test_not_a_catalogue);
  g_test_add_func ("/translation/one-script", test_one_script);
  return g_test_run ();
}
