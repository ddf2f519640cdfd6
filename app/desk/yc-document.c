/* yc-document.c: the document model behind every paper (yc-document-private.h): a list
 * of blocks (title, heading, paragraph, table row…) holding Pango markup made from copies
 * of the bodies, so nothing refers back to the JSON; the building blocks the papers are
 * made of; and the file name a paper is saved under. */
#include "config-desk.h"

#include <string.h>

#include "core/yc-guide.h"

#include "yc-document-private.h"

/* ---- The document ---- */

static void
block_clear (gpointer data)
{
  Block *block = data;

  for (guint i = 0; i < block->n_cells; i++)
    g_free (block->cells[i]);
}

YcDocument *
yc_doc_new (const char         *title,
            const char         *file_stem,
            const char         *subject,
            const YcNoticeInfo *info)
{
  YcDocument *doc = g_new0 (YcDocument, 1);
  GDateTime *date = info ? info->date : NULL;

  g_ref_count_init (&doc->ref_count);
  yc_paper_language (info, &doc->labels, &doc->script);
  doc->title = yc_doc_convert (doc, title);
  doc->file_stem = yc_doc_convert (doc, file_stem);
  doc->subject = yc_doc_convert (doc, subject);
  doc->date = date ? g_date_time_ref (date) : g_date_time_new_now_local ();
  /* A trainee's paper must never pass for a real one: it says so on every page, in the
   * paper's language. */
  if (info != NULL && info->demo)
    /* Translators: across every page printed by a demo (training) desk, and at its foot:
     * 演示 · 非正式文书 */
    doc->watermark = yc_doc_convert (doc, T_(doc->labels, "DEMO · NOT AN OFFICIAL DOCUMENT"));
  doc->parts = g_ptr_array_new_with_free_func (g_free);
  doc->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (doc->blocks, block_clear);
  doc->tables = g_array_new (FALSE, TRUE, sizeof (Table));
  return doc;
}

YcDocument *
yc_document_ref (YcDocument *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  g_ref_count_inc (&doc->ref_count);
  return doc;
}

void
yc_document_unref (YcDocument *doc)
{
  g_return_if_fail (doc != NULL);

  if (!g_ref_count_dec (&doc->ref_count))
    return;

  g_free (doc->title);
  g_free (doc->file_stem);
  g_free (doc->subject);
  g_free (doc->file_number);
  g_free (doc->watermark);
  g_date_time_unref (doc->date);
  g_ptr_array_unref (doc->parts);
  g_array_unref (doc->blocks);
  g_array_unref (doc->tables);
  g_free (doc);
}

const char *
yc_document_get_title (YcDocument *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return doc->title;
}

/* ---- Building blocks ---- */

gboolean
yc_doc_has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* A paper handed over at the window is printed twice, each copy (联) labelled: the stub
 * (存根), signed by the applicant, stays with the case; the other goes home with them.
 * Each copy is numbered on its own, 第1页 共N页. */
void
yc_doc_add_copies (YcDocument *doc)
{
  /* Translators: the label of the copy of a paper that stays at the window (存根) */
  g_ptr_array_add (doc->parts, yc_doc_convert (doc, T_(doc->labels, "Stub: kept with the case")));
  /* Translators: the label of the copy of a paper the applicant takes home (申请人联) */
  g_ptr_array_add (doc->parts, yc_doc_convert (doc, T_(doc->labels, "Applicant’s copy")));
}

/* Takes the cells (markup). */
void
yc_doc_add_cells (YcDocument *doc,
                  BlockKind   kind,
                  int         table,
                  guint       n_cells,
                  char      **cells)
{
  Block block = { .kind = kind, .n_cells = MIN (n_cells, MAX_CELLS), .table = table };

  for (guint i = 0; i < n_cells; i++)
    {
      if (i < MAX_CELLS && doc->script != YC_SCRIPT_AS_WRITTEN)
        {
          /* Markup's tags and entities are ASCII, which no conversion touches. */
          block.cells[i] = yc_script_convert (doc->script, cells[i]);
          g_free (cells[i]);
        }
      else if (i < MAX_CELLS)
        block.cells[i] = cells[i] ? cells[i] : g_strdup ("");
      else
        g_free (cells[i]);
    }
  g_array_append_val (doc->blocks, block);
}

void
yc_doc_add_markup (YcDocument *doc,
                   BlockKind   kind,
                   const char *markup)
{
  char *cells[] = { g_strdup (markup) };

  yc_doc_add_cells (doc, kind, -1, 1, cells);
}

void
yc_doc_add_text (YcDocument *doc,
                 BlockKind   kind,
                 const char *text)
{
  char *cells[] = { g_markup_escape_text (text ? text : "", -1) };

  yc_doc_add_cells (doc, kind, -1, 1, cells);
}

void
yc_doc_add_item (YcDocument *doc,
                 const char *marker,
                 const char *text)
{
  char *cells[] = { g_markup_escape_text (marker, -1), g_markup_escape_text (text, -1) };

  yc_doc_add_cells (doc, BLOCK_ITEM, -1, 2, cells);
}

/* heads: the column headings (plain text), or NULL for a table without them. */
int
yc_doc_add_table (YcDocument        *doc,
                  guint              n_columns,
                  const double      *widths,
                  const char *const *heads,
                  gboolean           label_column)
{
  Table table = { .n_columns = MIN (n_columns, MAX_CELLS), .head = -1, .label_column = label_column };
  int index = (int) doc->tables->len;

  for (guint i = 0; i < table.n_columns; i++)
    table.widths[i] = widths[i];

  if (heads != NULL)
    {
      char *cells[MAX_CELLS] = { NULL, };

      for (guint i = 0; i < table.n_columns; i++)
        cells[i] = g_markup_printf_escaped ("<b>%s</b>", heads[i]);
      table.head = (int) doc->blocks->len;
      yc_doc_add_cells (doc, BLOCK_TABLE_HEAD, index, table.n_columns, cells);
    }

  g_array_append_val (doc->tables, table);
  return index;
}

/* Takes the cells (markup). */
void
yc_doc_add_row (YcDocument *doc,
                int         table,
                char      **cells)
{
  yc_doc_add_cells (doc, BLOCK_TABLE_ROW, table, g_array_index (doc->tables, Table, table).n_columns, cells);
}

void
yc_doc_add_group (YcDocument *doc,
                  int         table,
                  const char *text)
{
  char *cells[] = { g_markup_printf_escaped ("<b>%s</b>", text) };

  yc_doc_add_cells (doc, BLOCK_TABLE_GROUP, table, 1, cells);
}

/* Facts are collected as label, value pairs (both owned), then laid out as a table of
 * per_row pairs a row. */
void
yc_doc_fact (GPtrArray  *facts,
             const char *label,
             const char *value)
{
  if (!yc_doc_has_text (value))
    return;
  g_ptr_array_add (facts, g_strdup (label));
  g_ptr_array_add (facts, g_strdup (value));
}

void
yc_doc_add_facts (YcDocument *doc,
                  GPtrArray  *facts,
                  guint       per_row)
{
  static const double one[] = { 0.26, 0.74 };
  static const double two[] = { 0.20, 0.30, 0.20, 0.30 };
  guint columns = per_row == 2 ? 4 : 2;
  int table;

  if (facts->len == 0)
    return;

  table = yc_doc_add_table (doc, columns, columns == 4 ? two : one, NULL, TRUE);
  for (guint i = 0; i < facts->len; i += columns)
    {
      char *cells[4] = { NULL, };

      for (guint j = 0; j < columns; j++)
        cells[j] = i + j < facts->len ? g_markup_escape_text (g_ptr_array_index (facts, i + j), -1) : g_strdup ("");
      yc_doc_add_row (doc, table, cells);
    }
}

/* The strings of a list (NULL-terminated, or NULL) that have text, borrowed. */
GPtrArray *
yc_doc_strings_of (const char * const *strings)
{
  GPtrArray *with_text = g_ptr_array_new ();

  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    if (yc_doc_has_text (strings[i]))
      g_ptr_array_add (with_text, (gpointer) strings[i]);
  return with_text;
}

char *
yc_doc_join_strings (const YcTranslation *labels,
                     GPtrArray           *strings)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < strings->len; i++)
    {
      if (i > 0)
        /* Translators: between the names in a list, e.g. 、 */
        g_string_append (joined, T_(labels, ", "));
      g_string_append (joined, g_ptr_array_index (strings, i));
    }
  return g_string_free (joined, FALSE);
}

/* A heading and its list; nothing when the list is empty. */
void
yc_doc_add_list_section (YcDocument         *doc,
                         const char         *heading,
                         const char * const *list,
                         gboolean            numbered)
{
  g_autoptr(GPtrArray) strings = yc_doc_strings_of (list);

  if (strings->len == 0)
    return;

  yc_doc_add_text (doc, BLOCK_HEADING, heading);
  for (guint i = 0; i < strings->len; i++)
    {
      g_autofree char *marker = numbered ? g_strdup_printf ("%u.", i + 1) : g_strdup ("•");

      yc_doc_add_item (doc, marker, g_ptr_array_index (strings, i));
    }
}

char *
yc_doc_format_date (const YcTranslation *labels,
                    GDateTime           *date)
{
  /* Translators: the date printed on a guide or notice, in g_date_time_format() codes;
   * for Chinese: %Y年%-m月%-d日 */
  return g_date_time_format (date, T_(labels, "%Y-%m-%d"));
}

char *
yc_doc_title (const YcTranslation *labels,
              const char          *kind,
              const char          *subject)
{
  if (!yc_doc_has_text (subject))
    return g_strdup (kind);
  /* Translators: the print job's name: the kind of paper, then whose it is */
  return g_strdup_printf (TC_(labels, "print job", "%s — %s"), kind, subject);
}

char *
yc_doc_convert (YcDocument *doc,
                const char *text)
{
  if (text == NULL)
    return NULL;
  return yc_script_convert (doc->script, text);
}


/* ---- File names ---- */

/* Keeps letters, digits, CJK and harmless punctuation; anything a file system or a shell
 * could take for something else becomes '-', runs of it one. */
static void
append_safe (GString    *name,
             const char *text,
             guint       max_chars)
{
  guint n = 0;

  for (const char *p = text; p && *p && n < max_chars; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean ok = g_unichar_isalnum (c) || (c > 0x7f && g_unichar_isgraph (c) && !g_unichar_isspace (c)) ||
                    strchr ("_+,()[]", (int) c) != NULL;

      if (c == 0 || c == '-' || !ok || (c < 0x80 && strchr ("/\\:*?\"<>|$`'&;!#%{}~", (int) c)))
        {
          if (name->len > 0 && name->str[name->len - 1] != '-')
            g_string_append_c (name, '-');
          continue;
        }
      g_string_append_unichar (name, c);
      n++;
    }
}

void
yc_doc_set_file_number (YcDocument *doc,
                        const char *number)
{
  g_clear_pointer (&doc->file_number, g_free);
  if (!yc_doc_has_text (number) || strlen (number) > 40)
    return;
  for (const char *p = number; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return;
  doc->file_number = g_strdup (number);
}

char *
yc_document_suggest_filename (YcDocument *doc)
{
  GString *name;
  g_autofree char *date = NULL;

  g_return_val_if_fail (doc != NULL, NULL);

  name = g_string_new (NULL);
  append_safe (name, doc->file_stem, 20);
  if (name->len > 0 && name->str[name->len - 1] != '-')
    g_string_append_c (name, '-');
  /* A numbered case's paper is found again by its number, which says which case it is
   * without the applicant's name or ID number in the file's name. */
  if (doc->file_number != NULL)
    {
      g_string_append_printf (name, "%s.pdf", doc->file_number);
      return g_string_free (name, FALSE);
    }
  /* 60 characters: at most 180 bytes of UTF-8, with room for the rest within 255. */
  append_safe (name, doc->subject, 60);
  while (name->len > 0 && name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);
  while (name->len > 0 && (name->str[0] == '-' || name->str[0] == '.'))
    g_string_erase (name, 0, 1);

  date = g_date_time_format (doc->date, "%Y-%m-%d");
  g_string_append_printf (name, "%s%s.pdf", name->len ? "-" : "", date);
  return g_string_free (name, FALSE);
}
