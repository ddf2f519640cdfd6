/* test-script.c: app/core/yc-script (OpenCC) and the search fold built on it, checked
 * against the opencc command on a real Traditional-Chinese government report. */
#include <locale.h>
#include <string.h>

#include <gio/gio.h>

#include "core/yc-han.h"
#include "core/yc-script.h"

static const char *report_path;

static void
test_convert (void)
{
  static const struct { YcScript script; const char *in, *out; } cases[] = {
    /* The characters Unihan's variant fields got wrong: now as OpenCC writes them. */
    { YC_SCRIPT_SIMPLIFIED, "諮詢", "咨询" },
    { YC_SCRIPT_SIMPLIFIED, "委託", "委托" },
    { YC_SCRIPT_SIMPLIFIED, "爲裏衆羣啓淨佔籤紮遊", "为里众群启净占签扎游" },
    { YC_SCRIPT_SIMPLIFIED, "營業執照", "营业执照" },
    { YC_SCRIPT_SIMPLIFIED, "企业开办", "企业开办" },
    /* Character by character for the screen: 信息 stays 信息 (s2twp would say 資訊). */
    { YC_SCRIPT_TAIWAN, "营业执照", "營業執照" },
    { YC_SCRIPT_TAIWAN, "1号窗口", "1號窗口" },
    { YC_SCRIPT_TAIWAN, "信息公开", "信息公開" },
    { YC_SCRIPT_TAIWAN, "A001", "A001" },
    { YC_SCRIPT_HONG_KONG, "营业执照", "營業執照" },
    { YC_SCRIPT_AS_WRITTEN, "营业执照", "营业执照" },
    { YC_SCRIPT_TAIWAN, "ab\xff" "c", "ab\xef\xbf\xbd" "c" },
    { YC_SCRIPT_TAIWAN, "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = yc_script_convert (cases[i].script, cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
  {
    g_autofree char *none = yc_script_convert (YC_SCRIPT_TAIWAN, NULL);
    g_assert_cmpstr (none, ==, "");
  }
}

static void
test_for_language (void)
{
  static const struct { const char *language; YcScript script; } cases[] = {
    { "zh_TW", YC_SCRIPT_TAIWAN },
    { "zh_TW.UTF-8", YC_SCRIPT_TAIWAN },
    { "zh-Hant", YC_SCRIPT_TAIWAN },
    { "zh_HK", YC_SCRIPT_HONG_KONG },
    { "zh_MO.UTF-8@euro", YC_SCRIPT_HONG_KONG },
    { "zh_CN", YC_SCRIPT_SIMPLIFIED },
    { "zh", YC_SCRIPT_SIMPLIFIED },
    { "en_US.UTF-8", YC_SCRIPT_AS_WRITTEN },
    { "C", YC_SCRIPT_AS_WRITTEN },
    { NULL, YC_SCRIPT_AS_WRITTEN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (yc_script_for_language (cases[i].language), ==, cases[i].script);
}

/* The fold of every line of a real report equals what the opencc command makes of it
 * (after NFKC and ASCII lowercase, the fold's other two steps): phrase for phrase. */
static void
test_fold_agrees_with_opencc (void)
{
  g_autofree char *opencc = g_find_program_in_path ("opencc");
  g_autofree char *text = NULL;
  g_autofree char *nfkc = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) ours = NULL;
  g_auto(GStrv) theirs = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  guint n_han = 0;

  if (opencc == NULL)
    {
      g_test_skip ("the opencc command is not installed (make deps installs it)");
      return;
    }

  g_assert_true (g_file_get_contents (report_path, &text, NULL, &error));
  g_assert_no_error (error);
  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                            | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                            opencc, "-c", "t2s", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (child, nfkc, NULL, &expected, &err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (child));

  ours = g_strsplit (nfkc, "\n", -1);
  theirs = g_strsplit (expected, "\n", -1);
  g_assert_cmpuint (g_strv_length (ours), ==, g_strv_length (theirs));
  for (guint i = 0; ours[i] != NULL; i++)
    {
      g_autofree char *folded = yc_han_fold (ours[i]);
      g_autofree char *want = g_ascii_strdown (theirs[i], -1);

      g_assert_cmpstr (folded, ==, want);
      for (const char *p = ours[i]; *p != '\0'; p = g_utf8_next_char (p))
        n_han += yc_han_is_han (g_utf8_get_char (p));
    }
  /* The report is long and Traditional: the comparison covered real text. */
  g_assert_cmpuint (n_han, >, 5000);
  g_assert_true (strstr (text, "營商環境") != NULL);
}

/* From any thread at once: the converters are shared. */
static gpointer
convert_many (gpointer data)
{
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *out = yc_han_fold ("諮詢委託營業執照");

      if (g_strcmp0 (out, "咨询委托营业执照") != 0)
        return GUINT_TO_POINTER (1);
    }
  return NULL;
}

static void
test_threads (void)
{
  GThread *threads[4];
  guint failed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("convert", convert_many, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    failed += GPOINTER_TO_UINT (g_thread_join (threads[i]));
  g_assert_cmpuint (failed, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    g_error ("usage: test-script REPORT.txt");
  report_path = argv[1];

  g_test_add_func ("/script/convert", test_convert);
  g_test_add_func ("/script/for-language", test_for_language);
  g_test_add_func ("/script/fold-agrees-with-opencc", test_fold_agrees_with_opencc);
  g_test_add_func ("/script/threads", test_threads);
  return g_test_run ();
}
