/* yc-translation.c: a compiled gettext catalogue read into a hash table (yc-translation.h).
 * The .mo format is GNU gettext's: a header of 32-bit words in the writer's byte order,
 * then two tables of (length, offset) pairs, the originals and their translations, each
 * string followed by a NUL. A plural entry's original is "singular\0plural" and its
 * translation the forms one after another, NUL between them. */
#include "config-i18n.h"

#include "yc-translation.h"

#include <gio/gio.h>
#include <string.h>

#define MO_MAGIC         0x950412deU
#define MO_MAGIC_SWAPPED 0xde120495U

typedef struct
{
  const char *text;   /* NUL-terminated; a plural's forms follow one another */
  guint32     length; /* of all the forms, the NULs between them included */
} Entry;

struct _YcTranslation
{
  grefcount   ref_count;
  GBytes     *contents;
  GHashTable *messages; /* original (its first form) → Entry, both into contents */
  char       *language;
  guint       n_plurals;
  gboolean    plural_above_one; /* plural=(n > 1), as French has; else n != 1 */
};

static guint32
read_word (const guint8 *data,
           gsize         offset,
           gboolean      swapped)
{
  guint32 word;

  memcpy (&word, data + offset, sizeof word);
  return swapped ? GUINT32_SWAP_LE_BE (word) : word;
}

/* The string of table entry i: FALSE when it lies outside the file or lacks its NUL. */
static gboolean
read_string (const guint8 *data,
             gsize         size,
             guint32       table,
             guint32       i,
             gboolean      swapped,
             Entry        *entry)
{
  guint64 at = (guint64) table + (guint64) i * 8;
  guint32 length, offset;

  if (at + 8 > size)
    return FALSE;
  length = read_word (data, (gsize) at, swapped);
  offset = read_word (data, (gsize) at + 4, swapped);
  if ((guint64) offset + length + 1 > size || data[offset + length] != '\0')
    return FALSE;
  entry->text = (const char *) data + offset;
  entry->length = length;
  return TRUE;
}

/* Each of a translation's forms is UTF-8 (the NULs between them are no UTF-8). */
static gboolean
valid_forms (const Entry *entry)
{
  for (const char *form = entry->text; form <= entry->text + entry->length; form += strlen (form) + 1)
    if (!g_utf8_validate (form, -1, NULL))
      return FALSE;
  return TRUE;
}

/* "Name: value\n" of the header, or NULL. */
static char *
header_field (const char *header,
              const char *name)
{
  gsize name_length = strlen (name);

  for (const char *line = header; line != NULL && *line != '\0';)
    {
      const char *end = strchr (line, '\n');

      if (strncmp (line, name, name_length) == 0 && line[name_length] == ':')
        {
          const char *value = line + name_length + 1;

          return g_strstrip (g_strndup (value, end != NULL ? (gsize) (end - value) : strlen (value)));
        }
      line = end != NULL ? end + 1 : NULL;
    }
  return NULL;
}

static gboolean
read_header (YcTranslation  *self,
             const char     *header,
             GError        **error)
{
  g_autofree char *content_type = header_field (header, "Content-Type");
  g_autofree char *plural_forms = header_field (header, "Plural-Forms");
  g_autofree char *language = header_field (header, "Language");
  const char *charset = content_type != NULL ? strstr (content_type, "charset=") : NULL;

  if (charset != NULL && g_ascii_strncasecmp (charset + strlen ("charset="), "UTF-8", 5) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a catalogue in %s, not UTF-8", charset);
      return FALSE;
    }
  if (language != NULL && *language != '\0')
    {
      g_free (self->language);
      self->language = g_steal_pointer (&language);
    }

  if (plural_forms != NULL)
    {
      const char *n = strstr (plural_forms, "nplurals=");
      const char *rule = strstr (plural_forms, "plural=");
      GString *squeezed = g_string_new (NULL);

      if (n != NULL)
        self->n_plurals = (guint) CLAMP (g_ascii_strtoull (n + strlen ("nplurals="), NULL, 10), 1, 6);
      /* "plural=(n > 1);" with its spaces and parentheses gone. */
      for (const char *p = rule != NULL ? rule + strlen ("plural=") : ""; *p != '\0' && *p != ';'; p++)
        if (!g_ascii_isspace (*p) && *p != '(' && *p != ')')
          g_string_append_c (squeezed, *p);
      self->plural_above_one = g_str_equal (squeezed->str, "n>1");
      g_string_free (squeezed, TRUE);
    }
  return TRUE;
}

YcTranslation *
yc_translation_new_from_file (const char  *path,
                              GError     **error)
{
  g_autoptr(YcTranslation) self = NULL;
  g_autoptr(GMappedFile) file = NULL;
  const guint8 *data;
  gsize size;
  guint32 magic, revision, n, originals, translations;
  gboolean swapped;

  g_return_val_if_fail (path != NULL, NULL);

  if (!(file = g_mapped_file_new (path, FALSE, error)))
    return NULL;

  self = g_new0 (YcTranslation, 1);
  g_ref_count_init (&self->ref_count);
  self->contents = g_mapped_file_get_bytes (file);
  self->messages = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->language = g_strdup ("");
  self->n_plurals = 2;
  data = g_bytes_get_data (self->contents, &size);

  if (size < 28)
    goto invalid;
  memcpy (&magic, data, sizeof magic);
  if (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED)
    goto invalid;
  swapped = magic == MO_MAGIC_SWAPPED;
  revision = read_word (data, 4, swapped);
  /* Major revisions 0 and 1 share the tables read here (1 adds strings this reads not). */
  if ((revision >> 16) > 1)
    goto invalid;
  n = read_word (data, 8, swapped);
  originals = read_word (data, 12, swapped);
  translations = read_word (data, 16, swapped);
  if (n > size / 16)
    goto invalid;

  for (guint32 i = 0; i < n; i++)
    {
      Entry original, translation;

      if (!read_string (data, size, originals, i, swapped, &original) ||
          !read_string (data, size, translations, i, swapped, &translation) ||
          !valid_forms (&translation))
        goto invalid;
      if (*original.text == '\0')
        {
          if (!read_header (self, translation.text, error))
            return NULL;
          continue;
        }
      g_hash_table_replace (self->messages, (gpointer) original.text, g_memdup2 (&translation, sizeof translation));
    }
  return g_steal_pointer (&self);

invalid:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is no gettext catalogue (.mo) this can read", path);
  return NULL;
}

YcTranslation *
yc_translation_new_for_language (const char  *localedir,
                                 const char  *domain,
                                 const char  *language,
                                 GError     **error)
{
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  YcTranslation *self;

  g_return_val_if_fail (localedir != NULL && domain != NULL && language != NULL, NULL);

  file = g_strconcat (domain, ".mo", NULL);
  path = g_build_filename (localedir, language, "LC_MESSAGES", file, NULL);
  if (!(self = yc_translation_new_from_file (path, error)))
    return NULL;
  if (*self->language == '\0')
    {
      g_free (self->language);
      self->language = g_strdup (language);
    }
  return self;
}

YcTranslation *
yc_translation_ref (YcTranslation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);
  return self;
}

void
yc_translation_unref (YcTranslation *self)
{
  g_return_if_fail (self != NULL);

  if (!g_ref_count_dec (&self->ref_count))
    return;
  g_hash_table_unref (self->messages);
  g_bytes_unref (self->contents);
  g_free (self->language);
  g_free (self);
}

const char *
yc_translation_get_language (const YcTranslation *self)
{
  g_return_val_if_fail (self != NULL, "");

  return self->language;
}

const char *
yc_translation_gettext (const YcTranslation *self,
                        const char          *msgid)
{
  const Entry *entry;

  if (self == NULL)
    return g_dgettext (GETTEXT_PACKAGE, msgid);
  entry = g_hash_table_lookup (self->messages, msgid);
  /* An untranslated message is left out of a .mo; an empty translation is none. */
  return entry != NULL && *entry->text != '\0' ? entry->text : msgid;
}

const char *
yc_translation_pgettext (const YcTranslation *self,
                         const char          *context,
                         const char          *msgid)
{
  g_autofree char *key = NULL;
  const Entry *entry;

  if (self == NULL)
    return g_dpgettext2 (GETTEXT_PACKAGE, context, msgid);
  key = g_strconcat (context, "\004", msgid, NULL);
  entry = g_hash_table_lookup (self->messages, key);
  return entry != NULL && *entry->text != '\0' ? entry->text : msgid;
}

const char *
yc_translation_ngettext (const YcTranslation *self,
                         const char          *msgid,
                         const char          *msgid_plural,
                         gulong               n)
{
  const Entry *entry;
  const char *form;
  guint index;

  if (self == NULL)
    return g_dngettext (GETTEXT_PACKAGE, msgid, msgid_plural, n);

  entry = g_hash_table_lookup (self->messages, msgid);
  /* Untranslated, it is English, as gettext has it. */
  if (entry == NULL || *entry->text == '\0')
    return n == 1 ? msgid : msgid_plural;
  if (self->n_plurals == 1)
    index = 0;
  else if (self->plural_above_one)
    index = n > 1;
  else
    index = n != 1;

  form = entry->text;
  for (guint i = 0; i < index; i++)
    {
      const char *next = form + strlen (form) + 1;

      /* Fewer forms than the rule asks for: the last there is. */
      if (next > entry->text + entry->length)
        break;
      form = next;
    }
  return form;
}

void
yc_translation_foreach (const YcTranslation *self,
                        GHFunc               func,
                        gpointer             user_data)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (self != NULL && func != NULL);

  g_hash_table_iter_init (&iter, self->messages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    func (key, (gpointer) ((const Entry *) value)->text, user_data);
}
