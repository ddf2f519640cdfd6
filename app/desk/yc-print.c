/* yc-print.c: guides and one-time notices on paper.
 *
 * A document is a list of blocks (title, heading, paragraph, table row…) holding Pango
 * markup made from copies of the bodies, so nothing refers back to the JSON. Laying out
 * happens on begin-print, for the paper the print context has: every block is laid out
 * at the page width, and pagination cuts a block only where no line of any of its cells
 * is crossed, so a line is never split between two pages. A table's column headings
 * come again at the top of each page it runs on; a heading never ends a page.
 *
 * Saving renders through the same print operation (GTK_PRINT_OPERATION_ACTION_EXPORT)
 * into a private temporary file, checks the PDF is whole, then writes it to its place
 * with g_file_replace_contents(): a full disk or a read-only folder comes back as a
 * GIOError the clerk can be told about, and a half-written PDF never replaces a good
 * one. */
#include "config-desk.h"

#include <string.h>

#include <cairo-pdf.h>
#include <glib/gstdio.h>

#include "core/yc-guide.h"

#include "yc-print.h"

/* ---- The document ---- */

#define MAX_CELLS 4

typedef enum
{
  BLOCK_ISSUER,       /* centred above the title: the hall or the department */
  BLOCK_TITLE,
  BLOCK_HEADING,
  BLOCK_SUBHEADING,
  BLOCK_PARAGRAPH,    /* first line indented, as Chinese prose is */
  BLOCK_LINE,         /* a line of its own, not indented */
  BLOCK_NOTE,         /* small print */
  BLOCK_ITEM,         /* two cells: the marker, and the text hanging after it */
  BLOCK_TABLE_HEAD,
  BLOCK_TABLE_ROW,
  BLOCK_TABLE_GROUP,  /* one cell across the table: whose materials follow */
  BLOCK_CLOSING,      /* two cells: who handed it over | the hall and the date */
  BLOCK_SIGNATURE,
} BlockKind;

typedef struct
{
  guint    n_columns;
  double   widths[MAX_CELLS]; /* fractions of the text width */
  int      head;              /* the block of its column headings, or -1 */
  gboolean label_column;      /* each even column names what the next one says */
} Table;

typedef struct
{
  BlockKind kind;
  guint     n_cells;
  char     *cells[MAX_CELLS]; /* Pango markup */
  int       table;            /* index into tables, or -1 */
  gboolean  keep_with_next;   /* on the same page as the start of the next block */
} Block;

struct _YcDocument
{
  grefcount  ref_count;
  char      *title;     /* the job name */
  char      *file_stem; /* what kind of paper, for the file name */
  char      *subject;
  GDateTime *date;
  GPtrArray *parts;     /* the labels of its copies (联), each printed whole, or empty */
  GArray    *blocks;    /* Block */
  GArray    *tables;    /* Table */
};

static void
block_clear (gpointer data)
{
  Block *block = data;

  for (guint i = 0; i < block->n_cells; i++)
    g_free (block->cells[i]);
}

static YcDocument *
document_new (const char *title,
              const char *file_stem,
              const char *subject,
              GDateTime  *date)
{
  YcDocument *doc = g_new0 (YcDocument, 1);

  g_ref_count_init (&doc->ref_count);
  doc->title = g_strdup (title);
  doc->file_stem = g_strdup (file_stem);
  doc->subject = g_strdup (subject);
  doc->date = date ? g_date_time_ref (date) : g_date_time_new_now_local ();
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

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* A paper handed over at the window is printed twice, each copy (联) labelled: the stub
 * (存根), signed by the applicant, stays with the case; the other goes home with them.
 * Each copy is numbered on its own, 第1页 共N页. */
static void
add_stub_and_applicant_parts (YcDocument *doc)
{
  /* Translators: the label of the copy of a paper that stays at the window (存根) */
  g_ptr_array_add (doc->parts, g_strdup (_("Stub: kept with the case")));
  /* Translators: the label of the copy of a paper the applicant takes home (申请人联) */
  g_ptr_array_add (doc->parts, g_strdup (_("Applicant’s copy")));
}

/* Takes the cells (markup). */
static void
add_cells (YcDocument *doc,
           BlockKind   kind,
           int         table,
           guint       n_cells,
           char      **cells)
{
  Block block = { .kind = kind, .n_cells = MIN (n_cells, MAX_CELLS), .table = table };

  for (guint i = 0; i < n_cells; i++)
    {
      if (i < MAX_CELLS)
        block.cells[i] = cells[i] ? cells[i] : g_strdup ("");
      else
        g_free (cells[i]);
    }
  g_array_append_val (doc->blocks, block);
}

static void
add_markup (YcDocument *doc,
            BlockKind   kind,
            const char *markup)
{
  char *cells[] = { g_strdup (markup) };

  add_cells (doc, kind, -1, 1, cells);
}

static void
add_text (YcDocument *doc,
          BlockKind   kind,
          const char *text)
{
  char *cells[] = { g_markup_escape_text (text ? text : "", -1) };

  add_cells (doc, kind, -1, 1, cells);
}

static void
add_item (YcDocument *doc,
          const char *marker,
          const char *text)
{
  char *cells[] = { g_markup_escape_text (marker, -1), g_markup_escape_text (text, -1) };

  add_cells (doc, BLOCK_ITEM, -1, 2, cells);
}

/* heads: the column headings (plain text), or NULL for a table without them. */
static int
add_table (YcDocument        *doc,
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
      add_cells (doc, BLOCK_TABLE_HEAD, index, table.n_columns, cells);
    }

  g_array_append_val (doc->tables, table);
  return index;
}

/* Takes the cells (markup). */
static void
add_row (YcDocument *doc,
         int         table,
         char      **cells)
{
  add_cells (doc, BLOCK_TABLE_ROW, table, g_array_index (doc->tables, Table, table).n_columns, cells);
}

static void
add_group (YcDocument *doc,
           int         table,
           const char *text)
{
  char *cells[] = { g_markup_printf_escaped ("<b>%s</b>", text) };

  add_cells (doc, BLOCK_TABLE_GROUP, table, 1, cells);
}

/* Facts are collected as label, value pairs (both owned), then laid out as a table of
 * per_row pairs a row. */
static void
fact (GPtrArray  *facts,
      const char *label,
      const char *value)
{
  if (!has_text (value))
    return;
  g_ptr_array_add (facts, g_strdup (label));
  g_ptr_array_add (facts, g_strdup (value));
}

static void
add_facts (YcDocument *doc,
           GPtrArray  *facts,
           guint       per_row)
{
  static const double one[] = { 0.26, 0.74 };
  static const double two[] = { 0.20, 0.30, 0.20, 0.30 };
  guint columns = per_row == 2 ? 4 : 2;
  int table;

  if (facts->len == 0)
    return;

  table = add_table (doc, columns, columns == 4 ? two : one, NULL, TRUE);
  for (guint i = 0; i < facts->len; i += columns)
    {
      char *cells[4] = { NULL, };

      for (guint j = 0; j < columns; j++)
        cells[j] = i + j < facts->len ? g_markup_escape_text (g_ptr_array_index (facts, i + j), -1) : g_strdup ("");
      add_row (doc, table, cells);
    }
}

/* The strings of a JSON array, skipping what is not a non-empty string. */
static GPtrArray *
strings_of (JsonArray *array)
{
  GPtrArray *strings = g_ptr_array_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING &&
          has_text (json_node_get_string (node)))
        g_ptr_array_add (strings, (gpointer) json_node_get_string (node));
    }
  return strings;
}

/* The objects of a JSON array, skipping what is not an object. */
static GPtrArray *
objects_of (JsonArray *array)
{
  GPtrArray *objects = g_ptr_array_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (objects, json_node_get_object (node));
    }
  return objects;
}

static char *
join_strings (GPtrArray *strings)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < strings->len; i++)
    {
      if (i > 0)
        /* Translators: between the names in a list, e.g. 、 */
        g_string_append (joined, _(", "));
      g_string_append (joined, g_ptr_array_index (strings, i));
    }
  return g_string_free (joined, FALSE);
}

/* A heading and its list; nothing when the list is empty. */
static void
add_list_section (YcDocument *doc,
                  const char *heading,
                  JsonArray  *array,
                  gboolean    numbered)
{
  g_autoptr(GPtrArray) strings = strings_of (array);

  if (strings->len == 0)
    return;

  add_text (doc, BLOCK_HEADING, heading);
  for (guint i = 0; i < strings->len; i++)
    {
      g_autofree char *marker = numbered ? g_strdup_printf ("%u.", i + 1) : g_strdup ("•");

      add_item (doc, marker, g_ptr_array_index (strings, i));
    }
}

/* ---- Words for the facts ---- */

static char *
describe_days (JsonObject *object,
               const char *member)
{
  gint64 days = yc_guide_get_int (object, member, -1);

  if (days < 0)
    return NULL;
  if (days == 0)
    /* Translators: a promised time limit of zero: done while the applicant waits */
    return g_strdup (_("On the spot"));
  return g_strdup_printf (ngettext ("%d working day", "%d working days", (int) MIN (days, 9999)),
                          (int) MIN (days, 9999));
}

static char *
describe_visits (JsonObject *item)
{
  gint64 visits = yc_guide_get_int (item, "visits", -1);

  if (visits < 0)
    return NULL;
  if (visits == 0)
    /* Translators: number of visits to the hall: none, everything online (零跑动) */
    return g_strdup (_("No visit needed"));
  if (visits == 1)
    /* Translators: number of visits to the hall (最多跑一次) */
    return g_strdup (_("At most one visit"));
  return g_strdup_printf (ngettext ("At most %d visit", "At most %d visits", (int) MIN (visits, 99)),
                          (int) MIN (visits, 99));
}

static char *
format_date (GDateTime *date)
{
  /* Translators: the date printed on a guide or notice, in g_date_time_format() codes;
   * for Chinese: %Y年%-m月%-d日 */
  return g_date_time_format (date, _("%Y-%m-%d"));
}

/* The facts of one item: code, type, time limits, fee, visits, online depth; per_row
 * pairs a row. */
static void
add_item_facts (YcDocument *doc,
                JsonObject *item,
                const char *department_name,
                guint       per_row)
{
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *legal = describe_days (item, "legal_days");
  g_autofree char *promised = describe_days (item, "promised_days");
  g_autofree char *visits = describe_visits (item);

  fact (facts, _("Item Code"), yc_guide_get_string (item, "code"));
  fact (facts, _("Department"), department_name);
  fact (facts, _("Item Type"), yc_guide_get_string (item, "type"));
  fact (facts, _("Legal Time Limit"), legal);
  fact (facts, _("Promised Time Limit"), promised);
  fact (facts, _("Fee"), yc_guide_get_string (item, "fee"));
  fact (facts, _("Visits"), visits);
  fact (facts, _("Online Service"), yc_guide_get_string (item, "online_depth"));
  if (yc_guide_get_boolean (item, "commitment"))
    fact (facts, _("Commitment"), _("Commitment accepted instead of proof"));
  add_facts (doc, facts, per_row);
}

/* ---- Materials ---- */

static int
add_materials_table (YcDocument *doc)
{
  static const double widths[] = { 0.07, 0.28, 0.23, 0.42 };
  const char *heads[] = {
    /* Translators: column of the materials table: the running number, 序号 */
    _("No."),
    /* Translators: column of the materials table: 材料名称 */
    _("Material"),
    /* Translators: column of the materials table: original or copy, how many; 形式及份数 */
    _("Form and Number"),
    /* Translators: column of the materials table: 要求及说明 */
    _("Requirements"),
  };

  return add_table (doc, 4, widths, heads, FALSE);
}

static void
append_line (GString    *markup,
             const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (markup->len > 0)
    g_string_append_c (markup, '\n');
  g_string_append (markup, escaped);
}

/* A merged material's requirement, each clause once: the items of a package may ask for
 * it in words that overlap ("由法定代表人签署" and "由法定代表人签署；可电子签名"). */
static char *
note_once (const char *note)
{
  g_auto(GStrv) clauses = g_strsplit_set (note, "\n", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; clauses[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (clauses[i], "；", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          char *clause = g_strstrip (parts[j]);
          gboolean seen = FALSE;

          for (guint k = 0; k < kept->len && !seen; k++)
            seen = g_str_equal (g_ptr_array_index (kept, k), clause);
          if (*clause != '\0' && !seen)
            g_ptr_array_add (kept, g_strdup (clause));
        }
    }
  for (guint i = 0; i < kept->len; i++)
    {
      if (i > 0)
        g_string_append (joined, "；");
      g_string_append (joined, g_ptr_array_index (kept, i));
    }
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

/* with_for: name the items needing it (a package's set of materials). */
static void
add_material_row (YcDocument *doc,
                  int         table,
                  guint       number,
                  JsonObject *material,
                  gboolean    with_for)
{
  const char *name = yc_guide_get_string (material, "name");
  const char *note = yc_guide_get_string (material, "note");
  const char *template = yc_guide_get_string (material, "template");
  const char *sample = yc_guide_get_string (material, "sample");
  g_autofree char *form = yc_material_describe_form (material);
  GString *name_cell = g_string_new (NULL);
  GString *form_cell = g_string_new (NULL);
  GString *requirements = g_string_new (NULL);
  char *cells[4];

  {
    g_autofree char *escaped = g_markup_escape_text (has_text (name) ? name : "—", -1);

    g_string_append_printf (name_cell, "<b>%s</b>\n<span size=\"small\">%s</span>", escaped,
                            yc_guide_get_boolean (material, "required")
                            /* Translators: a material every applicant must bring (必要) */
                            ? _("Required")
                            /* Translators: a material needed only in some cases (非必要，视情提交) */
                            : _("If applicable"));
  }

  append_line (form_cell, form);
  append_line (form_cell, yc_material_describe_source (material));

  if (has_text (note))
    {
      g_autofree char *once = note_once (note);

      append_line (requirements, once);
    }
  if (yc_guide_get_boolean (material, "deferrable"))
    {
      if (requirements->len > 0)
        g_string_append_c (requirements, '\n');
      g_string_append_printf (requirements, "<b>%s</b>",
                              /* Translators: 容缺受理: the application is accepted now, the
                               * material follows by a date the applicant commits to */
                              _("May follow later on commitment"));
    }
  if (has_text (template))
    {
      /* Translators: %s is the file name of a blank form */
      g_autofree char *line = g_strdup_printf (_("Blank form: %s"), template);
      append_line (requirements, line);
    }
  if (has_text (sample))
    {
      /* Translators: %s is the file name of a filled-in sample */
      g_autofree char *line = g_strdup_printf (_("Sample: %s"), sample);
      append_line (requirements, line);
    }
  if (with_for)
    {
      g_autoptr(GPtrArray) for_items = strings_of (yc_guide_get_array (material, "for_items"));

      if (for_items->len > 0)
        {
          g_autofree char *joined = join_strings (for_items);
          /* Translators: %s names the items a material is for, e.g. 用于：企业设立登记、… */
          g_autofree char *line = g_strdup_printf (_("For: %s"), joined);
          append_line (requirements, line);
        }
    }
  if (requirements->len == 0)
    g_string_append (requirements, "—");

  cells[0] = g_strdup_printf ("%u", number);
  cells[1] = g_string_free (name_cell, FALSE);
  cells[2] = g_string_free (form_cell, FALSE);
  cells[3] = g_string_free (requirements, FALSE);
  add_row (doc, table, cells);
}

/* The materials table; FALSE when there are none. */
static gboolean
add_materials (YcDocument *doc,
               JsonArray  *array,
               gboolean    with_for)
{
  g_autoptr(GPtrArray) materials = objects_of (array);
  int table;

  if (materials->len == 0)
    return FALSE;

  table = add_materials_table (doc);
  for (guint i = 0; i < materials->len; i++)
    add_material_row (doc, table, i + 1, g_ptr_array_index (materials, i), with_for);
  return TRUE;
}

/* Whether any of the materials (JsonObject) may follow later (容缺), or names a blank form
 * or a sample. */
static gboolean
any_material (GPtrArray *materials,
              gboolean   deferrable)
{
  for (guint i = 0; i < materials->len; i++)
    {
      JsonObject *material = g_ptr_array_index (materials, i);

      if (deferrable
          ? yc_guide_get_boolean (material, "deferrable")
          : has_text (yc_guide_get_string (material, "template")) ||
            has_text (yc_guide_get_string (material, "sample")))
        return TRUE;
    }
  return FALSE;
}

/* ---- Guides ---- */

static void
add_printed_on (YcDocument *doc)
{
  g_autofree char *date = format_date (doc->date);
  /* Translators: at the end of a printed guide; %s is the date */
  g_autofree char *line = g_strdup_printf (_("Printed on %s from the service catalogue. "
                                             "The guide in force on the day of application applies."),
                                           date);

  add_text (doc, BLOCK_NOTE, line);
}

static char *
guide_title (const char *name)
{
  /* Translators: the title of a printed service guide (办事指南); %s is the item or
   * package name, e.g. %s办事指南 */
  return g_strdup_printf (C_("document title", "Service Guide for %s"), name);
}

static char *
document_title (const char *kind,
                const char *subject)
{
  if (!has_text (subject))
    return g_strdup (kind);
  /* Translators: the print job's name: the kind of paper, then whose it is */
  return g_strdup_printf (C_("print job", "%s — %s"), kind, subject);
}

YcDocument *
yc_document_new_guide (JsonObject *item,
                       const char *department_name)
{
  const char *name = yc_guide_get_string (item, "name");
  JsonObject *guide = yc_guide_get_guide (item);
  g_autofree char *title = NULL;
  g_autofree char *job = NULL;
  g_autoptr(GPtrArray) faq = NULL;
  YcDocument *doc;

  if (!has_text (name))
    name = has_text (yc_guide_get_string (item, "code")) ? yc_guide_get_string (item, "code") : "—";

  title = guide_title (name);
  job = document_title (C_("file name", "Service Guide"), name);
  doc = document_new (job, C_("file name", "Service Guide"), name, NULL);

  if (has_text (department_name))
    add_text (doc, BLOCK_ISSUER, department_name);
  add_text (doc, BLOCK_TITLE, title);

  add_text (doc, BLOCK_HEADING, _("Basic Facts"));
  add_item_facts (doc, item, department_name, 1);

  add_list_section (doc, _("Conditions"), yc_guide_get_array (guide, "conditions"), TRUE);

  add_text (doc, BLOCK_HEADING, _("Materials"));
  if (!add_materials (doc, yc_guide_get_array (guide, "materials"), FALSE))
    add_text (doc, BLOCK_LINE, _("No materials are needed."));

  add_list_section (doc, _("Steps"), yc_guide_get_array (guide, "process"), TRUE);
  add_list_section (doc, _("Legal Basis"), yc_guide_get_array (guide, "legal_basis"), FALSE);

  faq = objects_of (yc_guide_get_array (guide, "faq"));
  for (guint i = 0, shown = 0; i < faq->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (faq, i);
      const char *q = yc_guide_get_string (entry, "q");
      const char *a = yc_guide_get_string (entry, "a");
      g_autofree char *q_line = NULL;
      g_autofree char *q_markup = NULL;
      g_autofree char *a_line = NULL;

      if (!has_text (q) || !has_text (a))
        continue;
      if (shown++ == 0)
        add_text (doc, BLOCK_HEADING, _("Frequent Questions"));
      /* Translators: a question of the guide's FAQ, 问：%s */
      q_line = g_strdup_printf (_("Q: %s"), q);
      q_markup = g_markup_printf_escaped ("<b>%s</b>", q_line);
      add_markup (doc, BLOCK_LINE, q_markup);
      /* Translators: the answer to a question of the guide's FAQ, 答：%s */
      a_line = g_strdup_printf (_("A: %s"), a);
      add_text (doc, BLOCK_LINE, a_line);
    }

  if (has_text (yc_guide_get_string (guide, "place")) ||
      has_text (yc_guide_get_string (guide, "hours")) ||
      has_text (yc_guide_get_string (guide, "phone")) ||
      has_text (yc_guide_get_string (guide, "complaint_phone")))
    {
      g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);

      add_text (doc, BLOCK_HEADING, _("Where and When"));
      fact (facts, _("Place"), yc_guide_get_string (guide, "place"));
      fact (facts, _("Hours"), yc_guide_get_string (guide, "hours"));
      fact (facts, _("Enquiries"), yc_guide_get_string (guide, "phone"));
      fact (facts, _("Complaints"), yc_guide_get_string (guide, "complaint_phone"));
      add_facts (doc, facts, 1);
    }

  add_printed_on (doc);
  return doc;
}

YcDocument *
yc_document_new_package_guide (JsonObject *package,
                               GPtrArray  *items)
{
  const char *name = yc_guide_get_string (package, "name");
  const char *description = yc_guide_get_string (package, "description");
  g_autoptr(GPtrArray) bodies = g_ptr_array_new ();
  g_autoptr(JsonArray) merged = NULL;
  g_autofree char *title = NULL;
  g_autofree char *job = NULL;
  g_autofree char *promised = describe_days (package, "promised_days");
  g_autofree char *count = NULL;
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);
  YcDocument *doc;

  for (guint i = 0; items != NULL && i < items->len; i++)
    if (g_ptr_array_index (items, i) != NULL)
      g_ptr_array_add (bodies, g_ptr_array_index (items, i));

  if (!has_text (name))
    name = has_text (yc_guide_get_string (package, "code")) ? yc_guide_get_string (package, "code") : "—";

  title = guide_title (name);
  job = document_title (C_("file name", "Service Guide"), name);
  doc = document_new (job, C_("file name", "Service Guide"), name, NULL);

  /* Translators: above the title of a package's printed guide (一件事一次办) */
  add_text (doc, BLOCK_ISSUER, _("One-thing package"));
  add_text (doc, BLOCK_TITLE, title);

  add_text (doc, BLOCK_HEADING, _("Basic Facts"));
  count = g_strdup_printf (ngettext ("%u item", "%u items", bodies->len), bodies->len);
  fact (facts, _("Package Code"), yc_guide_get_string (package, "code"));
  fact (facts, _("Promised Time Limit"), promised);
  fact (facts, _("Items"), count);
  add_facts (doc, facts, 1);
  if (has_text (description))
    add_text (doc, BLOCK_PARAGRAPH, description);

  /* One window takes the whole package with one set of materials: each is listed once. */
  add_text (doc, BLOCK_HEADING, _("Materials for the Whole Package"));
  merged = yc_guide_merge_materials (bodies);
  if (!add_materials (doc, merged, TRUE))
    add_text (doc, BLOCK_LINE, _("No materials are needed."));

  add_text (doc, BLOCK_HEADING, _("Items in This Package"));
  for (guint i = 0; i < bodies->len; i++)
    {
      JsonObject *item = g_ptr_array_index (bodies, i);
      const char *item_name = yc_guide_get_string (item, "name");
      g_autoptr(GPtrArray) materials = objects_of (yc_guide_get_array (yc_guide_get_guide (item), "materials"));
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autofree char *heading = NULL;

      heading = g_strdup_printf ("%u. %s", i + 1, has_text (item_name) ? item_name : "—");
      add_text (doc, BLOCK_SUBHEADING, heading);
      /* Two facts a row: six items of eight facts each would fill pages. */
      add_item_facts (doc, item, yc_guide_get_string (item, "department_name"), 2);

      for (guint j = 0; j < materials->len; j++)
        {
          const char *material = yc_guide_get_string (g_ptr_array_index (materials, j), "name");

          if (has_text (material))
            g_ptr_array_add (names, (gpointer) material);
        }
      if (names->len > 0)
        {
          g_autofree char *joined = join_strings (names);
          /* Translators: the materials one item of a package needs; %s: their names */
          g_autofree char *line = g_strdup_printf (_("Materials: %s"), joined);

          add_text (doc, BLOCK_LINE, line);
        }
    }

  add_printed_on (doc);
  return doc;
}

/* ---- The one-time notice ---- */

typedef struct
{
  char      *label;     /* NULL: the materials without "for_items" */
  GPtrArray *materials; /* JsonObject, borrowed */
} Group;

static void
group_free (gpointer data)
{
  Group *group = data;

  g_free (group->label);
  g_ptr_array_unref (group->materials);
  g_free (group);
}

/* The materials by the items they are for, groups in the order they first come. */
static GPtrArray *
group_materials (GPtrArray *materials,
                 gboolean  *grouped)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func (group_free);

  *grouped = FALSE;
  for (guint i = 0; i < materials->len; i++)
    {
      JsonObject *material = g_ptr_array_index (materials, i);
      g_autoptr(GPtrArray) for_items = strings_of (yc_guide_get_array (material, "for_items"));
      g_autofree char *label = for_items->len > 0 ? join_strings (for_items) : NULL;
      Group *group = NULL;

      if (label != NULL)
        *grouped = TRUE;
      for (guint j = 0; j < groups->len && group == NULL; j++)
        if (g_strcmp0 (((Group *) g_ptr_array_index (groups, j))->label, label) == 0)
          group = g_ptr_array_index (groups, j);
      if (group == NULL)
        {
          group = g_new0 (Group, 1);
          group->label = g_steal_pointer (&label);
          group->materials = g_ptr_array_new ();
          g_ptr_array_add (groups, group);
        }
      g_ptr_array_add (group->materials, material);
    }
  return groups;
}

void
yc_notice_info_init (YcNoticeInfo    *info,
                     const YcSession *session,
                     GDateTime       *date)
{
  *info = (YcNoticeInfo) {
    .hall = session ? session->hall_name : NULL,
    .window = session ? session->window_name : NULL,
    .clerk = session ? session->clerk_name : NULL,
    .date = date,
  };
}

/* The lines to sign on and date by hand. */
static void
add_signature (YcDocument *doc,
               const char *who,
               const char *when)
{
  char *signature[2];

  signature[0] = g_markup_printf_escaped ("%s ______________________", who);
  signature[1] = g_markup_printf_escaped ("%s ________________", when);
  add_cells (doc, BLOCK_SIGNATURE, -1, 2, signature);
}

/* The foot of a paper handed over at the window: who handed it over and how to ask or
 * complain, the hall and the date, then the applicant's signature on receiving it. */
static void
add_closing (YcDocument         *doc,
             const YcNoticeInfo *info,
             const char         *date)
{
  GString *left = g_string_new (NULL);
  GString *right = g_string_new (NULL);
  char *closing[2];

  if (has_text (info->window))
    {
      /* Translators: at the foot of the notice: the window that handed it over */
      g_autofree char *line = g_strdup_printf (_("Window: %s"), info->window);
      append_line (left, line);
    }
  if (has_text (info->clerk))
    {
      /* Translators: at the foot of the notice: the clerk (经办人) */
      g_autofree char *line = g_strdup_printf (_("Clerk: %s"), info->clerk);
      append_line (left, line);
    }
  if (has_text (info->phone))
    {
      /* Translators: at the foot of the notice: the phone for questions (咨询电话) */
      g_autofree char *line = g_strdup_printf (_("Enquiry phone: %s"), info->phone);
      append_line (left, line);
    }
  if (has_text (info->complaint_phone))
    {
      /* Translators: at the foot of the notice: the phone for complaints (监督电话) */
      g_autofree char *line = g_strdup_printf (_("Complaint phone: %s"), info->complaint_phone);
      append_line (left, line);
    }
  if (has_text (info->hall))
    {
      g_autofree char *hall = g_markup_escape_text (info->hall, -1);
      g_string_append (right, hall);
    }
  {
    g_autofree char *escaped = g_markup_escape_text (date, -1);
    g_string_append_printf (right, "%s%s", right->len ? "\n" : "", escaped);
  }
  closing[0] = g_string_free (left, FALSE);
  closing[1] = g_string_free (right, FALSE);
  add_cells (doc, BLOCK_CLOSING, -1, 2, closing);

  add_signature (doc,
                 /* Translators: the line the applicant signs on receiving the notice: 申请人签收： */
                 _("Applicant’s signature:"),
                 /* Translators: next to the applicant's signature: 签收日期： */
                 _("Date received:"));
}

YcDocument *
yc_document_new_notice (const char         *subject,
                        const char         *code,
                        JsonArray          *missing,
                        const YcNoticeInfo *info)
{
  static const YcNoticeInfo no_info = { NULL, };
  g_autoptr(GPtrArray) materials = objects_of (missing);
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *job = NULL;
  g_autofree char *intro = NULL;
  g_autofree char *date = NULL;
  gboolean grouped;
  YcDocument *doc;
  guint n = 0;

  if (info == NULL)
    info = &no_info;
  if (!has_text (subject))
    subject = has_text (code) ? code : "—";

  /* A material without a name cannot be asked for: it is left out, and not counted. */
  for (guint i = materials->len; i > 0; i--)
    if (!has_text (yc_guide_get_string (g_ptr_array_index (materials, i - 1), "name")))
      g_ptr_array_remove_index (materials, i - 1);

  /* Translators: the title of the paper, a legal document title: 一次性告知书 */
  job = document_title (_("One-Time Notice of Missing Materials"), subject);
  /* Translators: the start of the saved file's name: 一次性告知书 */
  doc = document_new (job, C_("file name", "One-Time Notice"), subject, info->date);
  add_stub_and_applicant_parts (doc);
  date = format_date (doc->date);

  if (has_text (info->hall))
    add_text (doc, BLOCK_ISSUER, info->hall);
  add_text (doc, BLOCK_TITLE, _("One-Time Notice of Missing Materials"));

  if (has_text (info->applicant))
    {
      /* Translators: the first line of the notice: the applicant (申请人（单位）：李建国) */
      g_autofree char *line = g_strdup_printf (_("Applicant: %s"), info->applicant);
      add_text (doc, BLOCK_LINE, line);
    }
  else
    {
      /* No name given: it is written in by hand. */
      g_autofree char *line = g_markup_printf_escaped ("%s ________________________________",
                                                       /* Translators: the first line of the notice,
                                                        * before a blank for the name: 申请人（单位）： */
                                                       _("Applicant:"));
      add_markup (doc, BLOCK_LINE, line);
    }

  if (has_text (code))
    /* Translators: the notice's opening; %1$s the item or package name, %2$s its code,
     * %3$u how many materials are missing */
    intro = g_strdup_printf (ngettext ("You applied for “%1$s” (code %2$s). On checking at the window, "
                                       "the following %3$u material is missing or does not meet the "
                                       "requirements.",
                                       "You applied for “%1$s” (code %2$s). On checking at the window, "
                                       "the following %3$u materials are missing or do not meet the "
                                       "requirements.", materials->len),
                             subject, code, materials->len);
  else
    /* Translators: the notice's opening; %1$s the item or package name, %2$u how many
     * materials are missing */
    intro = g_strdup_printf (ngettext ("You applied for “%1$s”. On checking at the window, "
                                       "the following %2$u material is missing or does not meet the "
                                       "requirements.",
                                       "You applied for “%1$s”. On checking at the window, "
                                       "the following %2$u materials are missing or do not meet the "
                                       "requirements.", materials->len),
                             subject, materials->len);
  add_text (doc, BLOCK_PARAGRAPH, intro);

  if (materials->len == 0)
    add_text (doc, BLOCK_LINE, _("No missing material was recorded."));
  else
    {
      int table = add_materials_table (doc);

      groups = group_materials (materials, &grouped);
      for (guint i = 0; i < groups->len; i++)
        {
          Group *group = g_ptr_array_index (groups, i);

          if (grouped)
            {
              g_autofree char *line = NULL;

              if (group->label != NULL)
                line = g_strdup_printf (_("For: %s"), group->label);
              else
                /* Translators: group of the notice's materials that name no item */
                line = g_strdup (_("Other materials"));
              add_group (doc, table, line);
            }
          for (guint j = 0; j < group->materials->len; j++)
            add_material_row (doc, table, ++n, g_ptr_array_index (group->materials, j), FALSE);
        }
    }

  if (any_material (materials, TRUE))
    add_text (doc, BLOCK_PARAGRAPH,
              _("A material marked “May follow later on commitment” need not hold up the application: "
                "it can be accepted now if you sign a written commitment to bring that material by "
                "an agreed date."));
  if (any_material (materials, FALSE))
    add_text (doc, BLOCK_PARAGRAPH,
              _("The blank forms and filled-in samples named above can be had at the window and "
                "with the online service guide of the item."));
  {
    g_autofree char *promise = g_markup_printf_escaped ("<b>%s</b>",
                                                        /* Translators: 一次性告知: the promise the notice makes */
                                                        _("This notice lists all the missing materials at once. "
                                                          "When you bring them, the window will not ask for "
                                                          "anything more for this application."));
    add_markup (doc, BLOCK_PARAGRAPH, promise);
    /* The date and the signature never stand alone on the last page. */
    g_array_index (doc->blocks, Block, doc->blocks->len - 1).keep_with_next = TRUE;
  }

  add_closing (doc, info, date);

  return doc;
}

/* A day of a case (YYYY-MM-DD) as the paper writes dates; the text itself when it is
 * no date. */
static char *
format_day (const char *day)
{
  g_autofree char *iso = g_strconcat (day ? day : "", "T12:00:00Z", NULL);
  g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (iso, NULL);

  return date != NULL ? format_date (date) : g_strdup (day ? day : "—");
}

/* The materials of a case body with that status and a name: a new array of JsonObject,
 * borrowed. */
static GPtrArray *
case_materials (JsonObject *case_body,
                const char *status)
{
  JsonArray *materials = yc_guide_get_array (case_body, "materials");
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; materials != NULL && i < json_array_get_length (materials); i++)
    {
      JsonNode *node = json_array_get_element (materials, i);
      JsonObject *material = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (material != NULL && g_strcmp0 (yc_guide_get_string (material, "status"), status) == 0 &&
          has_text (yc_guide_get_string (material, "name")))
        g_ptr_array_add (found, material);
    }
  return found;
}

/* 容缺: each material to bring later, with its day. */
static void
add_deferred_table (YcDocument *doc,
                    GPtrArray  *deferred)
{
  static const double widths[] = { 0.08, 0.62, 0.30 };
  const char *heads[] = {
    /* Translators: column headings of the materials to bring later: 序号, 材料名称, 补交期限 */
    _("No."), _("Material"), _("Bring by"),
  };
  int table;

  /* Translators: heading of the materials to bring later (容缺材料) */
  add_text (doc, BLOCK_HEADING, _("Materials to Bring Later"));
  table = add_table (doc, G_N_ELEMENTS (widths), widths, heads, FALSE);
  for (guint i = 0; i < deferred->len; i++)
    {
      JsonObject *material = g_ptr_array_index (deferred, i);
      g_autofree char *by = format_day (yc_guide_get_string (material, "supplement_by"));
      char *cells[] = {
        g_strdup_printf ("%u", i + 1),
        g_markup_escape_text (yc_guide_get_string (material, "name"), -1),
        g_markup_escape_text (by, -1),
      };
      add_row (doc, table, cells);
    }
}

static const char *
case_subject (JsonObject *case_body)
{
  const char *subject = yc_guide_get_string (case_body, "title");

  return has_text (subject) ? subject : "—";
}

static const char *
case_applicant_name (JsonObject *case_body)
{
  JsonNode *node = case_body ? json_object_get_member (case_body, "applicant") : NULL;
  const char *name = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                     ? yc_guide_get_string (json_node_get_object (node), "name") : NULL;

  return has_text (name) ? name : "—";
}

char *
yc_document_receipt_reference (const char *record_id,
                               const char *case_number)
{
  g_autofree char *short_id = NULL;

  if (has_text (case_number))
    return g_strdup (case_number);
  short_id = g_ascii_strup (record_id ? record_id : "", 8);
  /* Translators: on a paper printed before the centre numbered the case (offline): the
   * window's provisional number, marked so (临时编号，以中心受理编号为准) */
  return g_strdup_printf (_("%s (provisional number: the centre’s case number prevails)"), short_id);
}

YcDocument *
yc_document_new_commitment (JsonObject         *case_body,
                            const YcNoticeInfo *info)
{
  static const YcNoticeInfo no_info = { NULL, };
  g_autoptr(GPtrArray) deferred = case_materials (case_body, "deferred");
  g_autoptr(GPtrArray) committed = case_materials (case_body, "committed");
  const char *subject = case_subject (case_body);
  g_autofree char *job = NULL;
  g_autofree char *date = NULL;
  /* Translators: the title of the paper the applicant signs (承诺书) */
  const char *title = _("Letter of Commitment");
  YcDocument *doc;

  if (info == NULL)
    info = &no_info;
  job = document_title (title, subject);
  /* Translators: the start of the saved file's name: 承诺书 */
  doc = document_new (job, C_("file name", "Letter of Commitment"), subject, info->date);
  date = format_date (doc->date);

  if (has_text (info->hall))
    add_text (doc, BLOCK_ISSUER, info->hall);
  add_text (doc, BLOCK_TITLE, title);
  {
    /* Translators: on the letter of commitment: who commits (承诺人（申请人）：王芳) */
    g_autofree char *line = g_strdup_printf (_("Committing applicant: %s"), case_applicant_name (case_body));
    add_text (doc, BLOCK_LINE, line);
  }
  {
    /* Translators: on the letter of commitment: what is applied for (申请事项：企业开办一件事) */
    g_autofree char *line = g_strdup_printf (_("Matter applied for: %s"), subject);
    add_text (doc, BLOCK_LINE, line);
  }
  add_text (doc, BLOCK_PARAGRAPH,
            /* Translators: the opening of the letter of commitment */
            _("In applying for the matter above, I make the following commitment to the service centre:"));

  if (deferred->len > 0)
    {
      add_deferred_table (doc, deferred);
      add_text (doc, BLOCK_PARAGRAPH,
                /* Translators: 容缺受理承诺: what the applicant promises and what follows if not */
                _("I will bring each material listed above, genuine and in the required form, by its date. If I "
                  "do not, the application is treated as withdrawn and is not completed, and the failure to keep "
                  "this commitment is recorded."));
    }
  if (committed->len > 0)
    {
      /* Translators: heading of the materials a commitment stands in for (告知承诺事项) */
      add_text (doc, BLOCK_HEADING, _("Proof Replaced by This Commitment"));
      for (guint i = 0; i < committed->len; i++)
        {
          g_autofree char *marker = g_strdup_printf ("%u.", i + 1);
          add_item (doc, marker, yc_guide_get_string (g_ptr_array_index (committed, i), "name"));
        }
      add_text (doc, BLOCK_PARAGRAPH,
                /* Translators: 告知承诺: what the applicant promises in place of proof, and what follows if false */
                _("I have been told what the proof listed above must show, and I commit that I meet these "
                  "conditions; this commitment stands in for the proof. I know that the authority will check, "
                  "and that if the commitment proves untrue the decision is revoked, I bear the legal "
                  "consequences and the untrue commitment is recorded in my credit record."));
    }
  add_text (doc, BLOCK_PARAGRAPH,
            /* Translators: the last sentence of the letter of commitment */
            _("Everything I have provided is true, lawful and valid."));
  g_array_index (doc->blocks, Block, doc->blocks->len - 1).keep_with_next = TRUE;

  {
    char *closing[2];
    GString *right = g_string_new (NULL);

    if (has_text (info->hall))
      {
        g_autofree char *hall = g_markup_escape_text (info->hall, -1);
        g_string_append_printf (right, "%s\n", hall);
      }
    {
      g_autofree char *escaped = g_markup_escape_text (date, -1);
      g_string_append (right, escaped);
    }
    closing[0] = g_strdup ("");
    closing[1] = g_string_free (right, FALSE);
    add_cells (doc, BLOCK_CLOSING, -1, 2, closing);
  }
  add_signature (doc,
                 /* Translators: the line the applicant signs the commitment on: 承诺人（签字）： */
                 _("Signature of the committing party:"),
                 /* Translators: next to that signature: 日期： */
                 _("Date:"));
  return doc;
}

YcDocument *
yc_document_new_receipt (JsonObject         *case_body,
                         const char         *reference,
                         const YcNoticeInfo *info)
{
  static const YcNoticeInfo no_info = { NULL, };
  g_autoptr(GPtrArray) deferred = case_materials (case_body, "deferred");
  g_autofree char *job = NULL;
  g_autofree char *date = NULL;
  g_autofree char *accepted = NULL;
  g_autofree char *due = NULL;
  g_autofree char *intro = NULL;
  const char *subject = case_subject (case_body);
  const char *title;
  YcDocument *doc;

  if (info == NULL)
    info = &no_info;

  title = deferred->len > 0
          /* Translators: the title of the paper when materials follow on commitment: 容缺受理通知书 */
          ? _("Notice of Acceptance on Commitment")
          /* Translators: the title of the paper: 受理通知书 */
          : _("Notice of Acceptance");
  job = document_title (title, subject);
  /* Translators: the start of the saved file's name: 受理通知书 */
  doc = document_new (job, C_("file name", "Notice of Acceptance"), subject, info->date);
  add_stub_and_applicant_parts (doc);
  date = format_date (doc->date);
  accepted = format_day (yc_guide_get_string (case_body, "accepted_on"));
  due = format_day (yc_guide_get_string (case_body, "due_date"));

  if (has_text (info->hall))
    add_text (doc, BLOCK_ISSUER, info->hall);
  add_text (doc, BLOCK_TITLE, title);
  {
    /* Translators: the first line of the notice: the applicant (申请人（单位）：王芳) */
    g_autofree char *line = g_strdup_printf (_("Applicant: %s"), case_applicant_name (case_body));
    add_text (doc, BLOCK_LINE, line);
  }
  if (deferred->len > 0)
    /* Translators: the receipt's opening when materials follow later; %s the item or package */
    intro = g_strdup_printf (_("Your application for “%s” has been examined. The materials it needs are "
                               "complete but for those listed below, which you have committed in writing "
                               "to bring by the dates given: the application is accepted on that commitment."),
                             subject);
  else
    /* Translators: the receipt's opening; %s the item or package */
    intro = g_strdup_printf (_("Your application for “%s” has been examined. The materials are complete "
                               "and in the required form: the application is accepted."), subject);
  add_text (doc, BLOCK_PARAGRAPH, intro);

  {
    /* Translators: the case's reference on the receipt (受理编号) */
    g_autofree char *line = g_strdup_printf (_("Case number: %s"), has_text (reference) ? reference : "—");
    add_text (doc, BLOCK_LINE, line);
  }
  {
    /* Translators: the day the application was accepted (受理日期) */
    g_autofree char *line = g_strdup_printf (_("Accepted on: %s"), accepted);
    add_text (doc, BLOCK_LINE, line);
  }
  {
    gint64 days = yc_guide_get_int (case_body, "promised_days", -1);
    g_autofree char *line = NULL;

    if (days == 0)
      /* Translators: the promise on the receipt: done the same day (即办) */
      line = g_strdup (_("Promised time limit: done on the spot"));
    else if (days > 0)
      /* Translators: the promise on the receipt (承诺办结时限): working days and the day it falls due */
      line = g_strdup_printf (ngettext ("Promised time limit: %d working day, done by %s",
                                        "Promised time limit: %d working days, done by %s", (int) MIN (days, 999)),
                              (int) MIN (days, 999), due);
    if (line != NULL)
      add_text (doc, BLOCK_LINE, line);
  }

  if (deferred->len > 0)
    {
      add_deferred_table (doc, deferred);
      {
        g_autofree char *consequence = g_markup_printf_escaped ("<b>%s</b>",
                                                                /* Translators: 容缺受理: what happens when the material does not come */
                                                                _("If a material listed above is not brought by its date, the "
                                                                  "application is treated as withdrawn and is not completed; the "
                                                                  "failure to keep the commitment is recorded."));
        add_markup (doc, BLOCK_PARAGRAPH, consequence);
      }
    }
  /* The date and the signature never stand alone on the last page. */
  g_array_index (doc->blocks, Block, doc->blocks->len - 1).keep_with_next = TRUE;

  add_closing (doc, info, date);
  return doc;
}

/* The category of a refusal (docs/api.md, the case's "refusal") as the notice says it:
 * the ground in 《中华人民共和国行政许可法》 第三十二条 it stands on. */
static const char *
describe_refusal_category (const char *category)
{
  if (g_strcmp0 (category, "outside_authority") == 0)
    /* Translators: a refusal's ground (不属于本行政机关职权范围) */
    return _("The matter applied for is not within this office’s powers.");
  if (g_strcmp0 (category, "not_eligible") == 0)
    /* Translators: a refusal's ground (申请人不符合法定条件) */
    return _("The applicant does not meet the conditions the law sets for the matter.");
  if (g_strcmp0 (category, "materials_uncorrectable") == 0)
    /* Translators: a refusal's ground (申请材料不齐全或不符合法定形式，且不能当场补正) */
    return _("The application materials are incomplete or not in the legal form, and cannot be corrected on the spot.");
  if (g_strcmp0 (category, "not_required") == 0)
    /* Translators: a refusal's ground (依法不需要取得行政许可) */
    return _("By law the matter applied for needs no licence.");
  /* Translators: a refusal's ground: another one, explained below */
  return _("For the reason explained below.");
}

YcDocument *
yc_document_new_refusal (JsonObject         *case_body,
                         const char         *reference,
                         const YcNoticeInfo *info)
{
  static const YcNoticeInfo no_info = { NULL, };
  JsonNode *node = case_body ? json_object_get_member (case_body, "refusal") : NULL;
  JsonObject *refusal = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *subject = case_subject (case_body);
  const char *basis = yc_guide_get_string (refusal, "legal_basis");
  const char *explanation = yc_guide_get_string (refusal, "explanation");
  g_autofree char *job = NULL;
  g_autofree char *date = NULL;
  g_autofree char *applied = NULL;
  /* Translators: the title of the paper: 不予受理通知书 */
  const char *title = _("Notice of Refusal to Accept");
  YcDocument *doc;

  if (info == NULL)
    info = &no_info;
  job = document_title (title, subject);
  /* Translators: the start of the saved file's name: 不予受理通知书 */
  doc = document_new (job, C_("file name", "Notice of Refusal"), subject, info->date);
  add_stub_and_applicant_parts (doc);
  date = format_date (doc->date);
  applied = format_day (yc_guide_get_string (case_body, "accepted_on"));

  if (has_text (info->hall))
    add_text (doc, BLOCK_ISSUER, info->hall);
  add_text (doc, BLOCK_TITLE, title);
  {
    /* Translators: the case's number on a refusal notice (编号) */
    g_autofree char *line = g_strdup_printf (_("Number: %s"), has_text (reference) ? reference : "—");
    add_text (doc, BLOCK_LINE, line);
  }
  {
    /* Translators: the first line of the refusal notice: the applicant (申请人（单位）：王芳) */
    g_autofree char *line = g_strdup_printf (_("Applicant: %s"), case_applicant_name (case_body));
    add_text (doc, BLOCK_LINE, line);
  }
  {
    /* Translators: the refusal's opening; %1$s the day of application, %2$s the matter */
    g_autofree char *line = g_strdup_printf (_("On %1$s you applied for “%2$s”. Having examined the application, "
                                               "this office has decided not to accept it, on the following ground:"),
                                             applied, subject);
    add_text (doc, BLOCK_PARAGRAPH, line);
  }
  add_text (doc, BLOCK_PARAGRAPH, describe_refusal_category (yc_guide_get_string (refusal, "category")));
  {
    /* Translators: the legal basis of the refusal (依据) */
    g_autofree char *line = g_strdup_printf (_("Legal basis: %s"), has_text (basis) ? basis : "—");
    add_text (doc, BLOCK_LINE, line);
  }
  {
    /* Translators: what the clerk explained (具体说明) */
    g_autofree char *line = g_strdup_printf (_("Explanation: %s"), has_text (explanation) ? explanation : "—");
    add_text (doc, BLOCK_PARAGRAPH, line);
  }
  if (g_strcmp0 (yc_guide_get_string (refusal, "category"), "outside_authority") == 0)
    add_text (doc, BLOCK_PARAGRAPH,
              /* Translators: 行政许可法 第三十二条: a matter outside the office's powers is referred on */
              _("Please apply to the office that has the power to decide on the matter; the window can tell you "
                "which one it is."));
  {
    g_autofree char *rights = g_markup_printf_escaped ("<b>%s</b>",
                                                       /* Translators: the applicant's remedies against the refusal:
                                                        * 行政复议 within 60 days, 行政诉讼 within 6 months */
                                                       _("If you do not agree with this decision, you may apply for "
                                                         "administrative reconsideration within sixty days of "
                                                         "receiving this notice, or bring an administrative lawsuit "
                                                         "before the people’s court within six months, as the law "
                                                         "provides."));
    add_markup (doc, BLOCK_PARAGRAPH, rights);
  }
  add_text (doc, BLOCK_NOTE,
            /* Translators: 否定报备: every refusal is reported and reviewed */
            _("This refusal has been reported to the service centre, which reviews it within two working days."));
  /* The date and the signature never stand alone on the last page. */
  g_array_index (doc->blocks, Block, doc->blocks->len - 1).keep_with_next = TRUE;
  add_closing (doc, info, date);
  return doc;
}

YcDocument *
yc_document_new_case_notice (JsonObject         *case_body,
                             const YcNoticeInfo *info)
{
  static const YcNoticeInfo no_info = { NULL, };
  g_autoptr(GPtrArray) missing = case_materials (case_body, "missing");
  g_autoptr(JsonArray) materials = json_array_new ();
  JsonArray *items = yc_guide_get_array (case_body, "items");
  JsonArray *named = yc_guide_get_array (case_body, "notice_missing");
  YcNoticeInfo with_applicant;
  const char *code = NULL;

  if (info == NULL)
    info = &no_info;
  with_applicant = *info;
  with_applicant.applicant = case_applicant_name (case_body);
  /* What the notice told them is the record's notice_missing, in its order: the materials
   * of the case give each its form; a name alone stands for one the checklist lacked. */
  for (guint i = 0; named != NULL && i < json_array_get_length (named); i++)
    {
      const char *name = json_node_get_string (json_array_get_element (named, i));
      JsonObject *found = NULL;

      for (guint j = 0; name != NULL && j < missing->len && found == NULL; j++)
        if (g_strcmp0 (yc_guide_get_string (g_ptr_array_index (missing, j), "name"), name) == 0)
          found = g_ptr_array_index (missing, j);
      if (found == NULL)
        {
          JsonObject *bare = json_object_new ();

          json_object_set_string_member (bare, "name", name != NULL ? name : "—");
          json_array_add_object_element (materials, bare);
        }
      else
        json_array_add_object_element (materials, json_object_ref (found));
    }
  if (named == NULL)
    for (guint i = 0; i < missing->len; i++)
      json_array_add_object_element (materials, json_object_ref (g_ptr_array_index (missing, i)));
  if (items != NULL && json_array_get_length (items) == 1 && yc_guide_get_string (case_body, "package") == NULL)
    code = json_node_get_string (json_array_get_element (items, 0));
  return yc_document_new_notice (case_subject (case_body), code, materials, &with_applicant);
}

YcDocument *
yc_document_new_case_paper (JsonObject         *case_body,
                            const char         *reference,
                            const YcNoticeInfo *info)
{
  const char *decision = yc_guide_get_string (case_body, "decision");

  if (g_strcmp0 (decision, "notice") == 0)
    return yc_document_new_case_notice (case_body, info);
  if (g_strcmp0 (decision, "refused") == 0)
    return yc_document_new_refusal (case_body, reference, info);
  return yc_document_new_receipt (case_body, reference, info);
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

/* ---- Laying out ---- */

#define EPS          0.01
#define BODY_SIZE    11.0
#define PAD_X        4.0
#define PAD_Y        3.5
#define HEADER_H     24.0
#define FOOTER_H     24.0
#define ITEM_INDENT  22.0
#define RULE_WIDTH   0.6

typedef struct
{
  PangoLayout *layout;
  double       x, y;   /* in the block's coordinates */
} LaidCell;

typedef struct
{
  const Block *block;
  LaidCell     cells[MAX_CELLS];
  guint        n_cells;
  double       height;
  double       space_before;
  GArray      *breaks;          /* double, ascending: where a page may end inside it */
  guint        ruled : 1;       /* drawn as a table row */
  guint        keep_together : 1;
  guint        keep_with_next : 1;
} Laid;

typedef struct
{
  guint  laid;
  double from, to;   /* the slice of the block, in its coordinates */
  double top;        /* the slice's top on the page */
} Piece;

typedef struct
{
  YcDocument           *doc;
  GArray               *laid;   /* Laid */
  GPtrArray            *pages;  /* GArray of Piece */
  double                width;
  double                height;
  PangoFontDescription *font;          /* the body: serif, as official documents are set */
  PangoFontDescription *heading_font;  /* titles, headings, labels: bold sans */
} Render;

static void
laid_clear (gpointer data)
{
  Laid *laid = data;

  for (guint i = 0; i < laid->n_cells; i++)
    g_clear_object (&laid->cells[i].layout);
  g_clear_pointer (&laid->breaks, g_array_unref);
}

static void
render_reset (Render *render)
{
  g_clear_pointer (&render->laid, g_array_unref);
  g_clear_pointer (&render->pages, g_ptr_array_unref);
  g_clear_pointer (&render->font, pango_font_description_free);
  g_clear_pointer (&render->heading_font, pango_font_description_free);
}

static void
render_free (gpointer data)
{
  Render *render = data;

  render_reset (render);
  yc_document_unref (render->doc);
  g_free (render);
}

static PangoLayout *
new_layout (Render          *render,
            GtkPrintContext *context,
            const char      *markup,
            double           size,
            gboolean         heading,
            double           width,
            PangoAlignment   alignment)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_copy (heading ? render->heading_font : render->font);

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (MAX (width, 10) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_markup (layout, markup ? markup : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

/* Calls func for every line of the cell with its top, bottom and baseline in the
 * block's coordinates. */
typedef void (*LineFunc) (LaidCell        *cell,
                          PangoLayoutLine *line,
                          double           top,
                          double           bottom,
                          double           baseline,
                          double           x,
                          gpointer         data);

static void
foreach_line (LaidCell *cell,
              LineFunc  func,
              gpointer  data)
{
  PangoLayoutIter *iter = pango_layout_get_iter (cell->layout);

  do
    {
      PangoRectangle logical;
      int y0, y1;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      func (cell, pango_layout_iter_get_line_readonly (iter),
            cell->y + (double) y0 / PANGO_SCALE,
            cell->y + (double) y1 / PANGO_SCALE,
            cell->y + (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE,
            cell->x + (double) logical.x / PANGO_SCALE,
            data);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static void
collect_line_cb (LaidCell        *cell,
                 PangoLayoutLine *line,
                 double           top,
                 double           bottom,
                 double           baseline,
                 double           x,
                 gpointer         data)
{
  GArray *spans = data;
  double span[2] = { top, bottom };

  g_array_append_vals (spans, span, 2);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The places where a page may end inside the block: the bottom of a line that no line of
 * another cell crosses. */
static void
find_breaks (Laid *laid)
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (double));

  laid->breaks = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < laid->n_cells; i++)
    foreach_line (&laid->cells[i], collect_line_cb, spans);

  for (guint i = 1; i < spans->len; i += 2)
    {
      double at = g_array_index (spans, double, i);
      gboolean crossed = FALSE;

      if (at >= laid->height - (laid->ruled ? PAD_Y : 0) - EPS || at <= EPS)
        continue;
      for (guint j = 0; j + 1 < spans->len && !crossed; j += 2)
        crossed = g_array_index (spans, double, j) < at - EPS && at + EPS < g_array_index (spans, double, j + 1);
      if (!crossed)
        g_array_append_val (laid->breaks, at);
    }
  g_array_sort (laid->breaks, compare_doubles);
}

/* previous: the block before, or NULL. */
static void
lay_out_block (Render          *render,
               GtkPrintContext *context,
               const Block     *block,
               const Block     *previous,
               Laid            *laid)
{
  double width = render->width;
  double bottom = 0;

  laid->block = block;
  laid->n_cells = block->n_cells;

  switch (block->kind)
    {
    case BLOCK_TABLE_HEAD:
    case BLOCK_TABLE_ROW:
    case BLOCK_TABLE_GROUP:
      {
        const Table *table = &g_array_index (render->doc->tables, Table, block->table);
        double x = 0;

        laid->ruled = TRUE;
        laid->keep_together = block->kind != BLOCK_TABLE_ROW;
        laid->keep_with_next = block->kind != BLOCK_TABLE_ROW;
        /* Space above a table, not between its rows. */
        laid->space_before = previous == NULL || previous->table != block->table ? 6 : 0;
        for (guint i = 0; i < block->n_cells; i++)
          {
            double column = block->kind == BLOCK_TABLE_GROUP ? width : table->widths[i] * width;
            gboolean heading = (table->label_column && i % 2 == 0) || block->kind != BLOCK_TABLE_ROW;

            laid->cells[i].layout = new_layout (render, context, block->cells[i],
                                                BODY_SIZE, heading, column - 2 * PAD_X,
                                                block->kind == BLOCK_TABLE_HEAD ||
                                                (block->kind == BLOCK_TABLE_ROW && i == 0 && !table->label_column)
                                                ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
            laid->cells[i].x = x + PAD_X;
            laid->cells[i].y = PAD_Y;
            bottom = MAX (bottom, PAD_Y + layout_height (laid->cells[i].layout));
            x += column;
          }
        laid->height = bottom + PAD_Y;
      }
      break;

    case BLOCK_ITEM:
      laid->space_before = 3;
      laid->cells[0].layout = new_layout (render, context, block->cells[0], BODY_SIZE, FALSE,
                                          ITEM_INDENT - 4, PANGO_ALIGN_RIGHT);
      laid->cells[1].layout = new_layout (render, context, block->n_cells > 1 ? block->cells[1] : "",
                                          BODY_SIZE, FALSE, width - ITEM_INDENT - 4, PANGO_ALIGN_LEFT);
      laid->cells[0].x = 0;
      laid->cells[1].x = ITEM_INDENT + 4;
      laid->n_cells = 2;
      laid->height = MAX (layout_height (laid->cells[0].layout), layout_height (laid->cells[1].layout));
      break;

    case BLOCK_CLOSING:
    case BLOCK_SIGNATURE:
      {
        double left = block->kind == BLOCK_CLOSING ? width * 0.55 : width * 0.58;

        laid->space_before = block->kind == BLOCK_CLOSING ? 24 : 28;
        laid->keep_together = TRUE;
        laid->keep_with_next = block->kind == BLOCK_CLOSING;
        laid->cells[0].layout = new_layout (render, context, block->cells[0], BODY_SIZE, FALSE,
                                            left - 8, PANGO_ALIGN_LEFT);
        laid->cells[1].layout = new_layout (render, context, block->n_cells > 1 ? block->cells[1] : "",
                                            BODY_SIZE, FALSE, width - left,
                                            block->kind == BLOCK_CLOSING ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
        laid->cells[1].x = left;
        laid->n_cells = 2;
        laid->height = MAX (layout_height (laid->cells[0].layout), layout_height (laid->cells[1].layout));
      }
      break;

    default:
      {
        double size = BODY_SIZE;
        gboolean heading = FALSE;
        PangoAlignment alignment = PANGO_ALIGN_LEFT;

        switch (block->kind)
          {
          case BLOCK_ISSUER:
            size = 14, alignment = PANGO_ALIGN_CENTER;
            laid->keep_with_next = TRUE;
            break;
          case BLOCK_TITLE:
            size = 20, heading = TRUE, alignment = PANGO_ALIGN_CENTER;
            laid->space_before = 6;
            laid->keep_with_next = TRUE;
            break;
          case BLOCK_HEADING:
            size = 13, heading = TRUE;
            laid->space_before = 16;
            laid->keep_together = laid->keep_with_next = TRUE;
            break;
          case BLOCK_SUBHEADING:
            size = 12, heading = TRUE;
            laid->space_before = 12;
            laid->keep_together = laid->keep_with_next = TRUE;
            break;
          case BLOCK_NOTE:
            size = 9;
            laid->space_before = 18;
            break;
          case BLOCK_LINE:
            laid->space_before = 6;
            break;
          case BLOCK_PARAGRAPH:
          default:
            laid->space_before = 8;
            break;
          }
        laid->cells[0].layout = new_layout (render, context, block->cells[0], size, heading, width, alignment);
        if (block->kind == BLOCK_PARAGRAPH)
          {
            pango_layout_set_indent (laid->cells[0].layout, (int) (2 * size * PANGO_SCALE));
            pango_layout_set_justify (laid->cells[0].layout, TRUE);
          }
        laid->n_cells = 1;
        laid->height = layout_height (laid->cells[0].layout);
        if (block->kind == BLOCK_HEADING)
          laid->height += 5;   /* room for the rule under it */
        if (block->kind == BLOCK_TITLE)
          laid->height += 10;  /* room after the title, kept with it */
      }
      break;
    }

  laid->keep_with_next |= block->keep_with_next;
  find_breaks (laid);
}

static double
piece_height (const Laid *laid,
              double      from,
              double      to)
{
  double height = to - from;

  /* A table row cut by a page gets its padding again where it was cut. */
  if (laid->ruled && from > EPS)
    height += PAD_Y;
  if (laid->ruled && to < laid->height - EPS)
    height += PAD_Y;
  return height;
}

static double
first_piece_height (const Laid *laid)
{
  if (laid->keep_together || laid->breaks->len == 0)
    return laid->height;
  return piece_height (laid, 0, g_array_index (laid->breaks, double, 0));
}

/* What must fit on the page for laid[i] to stay there: itself, and the beginning of
 * whatever it keeps with. */
static double
needed_with_next (Render *render,
                  guint   i,
                  guint   depth)
{
  const Laid *laid = &g_array_index (render->laid, Laid, i);
  const Laid *next;

  if (!laid->keep_with_next || i + 1 >= render->laid->len || depth > 16)
    return depth == 0 ? laid->height : first_piece_height (laid);
  next = &g_array_index (render->laid, Laid, i + 1);
  return laid->height + next->space_before + needed_with_next (render, i + 1, depth + 1);
}

typedef struct
{
  Render *render;
  GArray *page;     /* Piece */
  double  y;
  double  page_top;
  double  bottom;
  gboolean empty;   /* nothing on it yet but repeated column headings */
} Paginator;

static void
place (Paginator *p,
       guint      laid,
       double     from,
       double     to,
       double     space)
{
  const Laid *l = &g_array_index (p->render->laid, Laid, laid);
  Piece piece = { .laid = laid, .from = from, .to = to, .top = p->y + space };

  g_array_append_val (p->page, piece);
  p->y = piece.top + piece_height (l, from, to);
  if (l->block->kind != BLOCK_TABLE_HEAD)
    p->empty = FALSE;
}

static void
new_page (Paginator *p,
          guint      next)
{
  const Laid *laid = &g_array_index (p->render->laid, Laid, next);

  g_ptr_array_add (p->render->pages, p->page);
  p->page = g_array_new (FALSE, FALSE, sizeof (Piece));
  p->page_top = HEADER_H;
  p->y = p->page_top;
  p->empty = TRUE;

  /* A table running on: its column headings again. */
  if (laid->block->kind != BLOCK_TABLE_HEAD && laid->block->table >= 0)
    {
      const Table *table = &g_array_index (p->render->doc->tables, Table, laid->block->table);

      if (table->head >= 0)
        place (p, (guint) table->head, 0, g_array_index (p->render->laid, Laid, table->head).height, 0);
    }
}

static void
paginate (Render *render)
{
  /* A copy's label stands above its first page too. */
  double first_top = render->doc->parts->len > 0 ? HEADER_H : 0;
  Paginator p = {
    .render = render,
    .page = g_array_new (FALSE, FALSE, sizeof (Piece)),
    .page_top = first_top,
    .y = first_top,
    .bottom = render->height - FOOTER_H,
    .empty = TRUE,
  };
  double capacity = p.bottom - HEADER_H;

  render->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint i = 0; i < render->laid->len; i++)
    {
      const Laid *laid = &g_array_index (render->laid, Laid, i);
      double from = 0;

      if (!p.empty && laid->keep_with_next)
        {
          double need = laid->space_before + needed_with_next (render, i, 0);

          if (p.y + need > p.bottom + EPS && need <= capacity)
            new_page (&p, i);
        }

      while (from < laid->height - EPS)
        {
          double space = p.empty ? 0 : laid->space_before;
          double available = p.bottom - p.y - space;
          double cut = -1;

          if (piece_height (laid, from, laid->height) <= available + EPS)
            {
              place (&p, i, from, laid->height, space);
              break;
            }

          /* A short row is not worth cutting: it goes to the next page whole. */
          if (!(laid->keep_together || (laid->ruled && laid->height <= capacity / 3)) ||
              laid->height > capacity)
            for (guint b = 0; b < laid->breaks->len; b++)
              {
                double at = g_array_index (laid->breaks, double, b);

                if (at > from + EPS && piece_height (laid, from, at) <= available + EPS)
                  cut = at;
              }

          if (cut < 0 && p.empty)
            {
              /* Not even one line fits on an empty page: let it run over the margin
               * rather than never end. */
              cut = laid->height;
              for (guint b = 0; b < laid->breaks->len && cut == laid->height; b++)
                if (g_array_index (laid->breaks, double, b) > from + EPS)
                  cut = g_array_index (laid->breaks, double, b);
            }

          if (cut > 0)
            {
              place (&p, i, from, cut, space);
              from = cut;
              if (from >= laid->height - EPS)
                break;
            }
          new_page (&p, i);
        }
    }

  g_ptr_array_add (render->pages, p.page);
}

/* Body text in Noto Serif CJK (宋体 style), headings in Noto Sans CJK Bold (黑体 style), as
 * official documents are set. Not Noto Sans CJK Regular: cairo 1.16 (Debian 12) leaves
 * glyphs out of some of its PDF subsets — 如 went missing from 现一次性告知如下 — which
 * test-print checks for. */
static PangoFontDescription *
new_font (const char *family,
          PangoWeight weight)
{
  PangoFontDescription *font = pango_font_description_new ();
  g_autofree char *families = g_strconcat (family, ",Serif,Sans", NULL);

  pango_font_description_set_family (font, families);
  pango_font_description_set_weight (font, weight);
  pango_font_description_set_size (font, (int) (BODY_SIZE * PANGO_SCALE));
  return font;
}

static void
on_begin_print_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   Render            *render)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  cairo_surface_t *target = cr ? cairo_get_target (cr) : NULL;

  render_reset (render);
  render->width = gtk_print_context_get_width (context);
  render->height = gtk_print_context_get_height (context);
  /* Translators: the font of the text of printed guides and notices, a family fontconfig
   * knows; for Traditional Chinese: Noto Serif CJK TC */
  render->font = new_font (C_("print font", "Noto Serif CJK SC"), PANGO_WEIGHT_NORMAL);
  /* Translators: the font of titles and headings of printed guides and notices, used in
   * bold; for Traditional Chinese: Noto Sans CJK TC */
  render->heading_font = new_font (C_("print font", "Noto Sans CJK SC"), PANGO_WEIGHT_BOLD);

  render->laid = g_array_sized_new (FALSE, TRUE, sizeof (Laid), render->doc->blocks->len);
  g_array_set_clear_func (render->laid, laid_clear);
  g_array_set_size (render->laid, render->doc->blocks->len);
  for (guint i = 0; i < render->doc->blocks->len; i++)
    lay_out_block (render, context, &g_array_index (render->doc->blocks, Block, i),
                   i > 0 ? &g_array_index (render->doc->blocks, Block, i - 1) : NULL,
                   &g_array_index (render->laid, Laid, i));

  /* A facts table is short: it moves to the next page whole rather than leave a row
   * behind. */
  for (guint i = 0; i + 1 < render->laid->len; i++)
    {
      Laid *laid = &g_array_index (render->laid, Laid, i);
      const Laid *next = &g_array_index (render->laid, Laid, i + 1);

      if (laid->block->kind == BLOCK_TABLE_ROW && next->block->kind == BLOCK_TABLE_ROW &&
          laid->block->table == next->block->table &&
          g_array_index (render->doc->tables, Table, laid->block->table).label_column)
        laid->keep_with_next = TRUE;
    }

  paginate (render);
  gtk_print_operation_set_n_pages (operation, (int) (MAX (1, render->pages->len) * MAX (1, render->doc->parts->len)));

  if (target != NULL && cairo_surface_get_type (target) == CAIRO_SURFACE_TYPE_PDF)
    {
      cairo_pdf_surface_set_metadata (target, CAIRO_PDF_METADATA_TITLE, render->doc->title);
      cairo_pdf_surface_set_metadata (target, CAIRO_PDF_METADATA_CREATOR, "Yichuang " PACKAGE_VERSION);
    }
}

typedef struct
{
  cairo_t *cr;
  double   from, to;
  double   offset;  /* page y = block y + offset */
} DrawLines;

static void
draw_line_cb (LaidCell        *cell,
              PangoLayoutLine *line,
              double           top,
              double           bottom,
              double           baseline,
              double           x,
              gpointer         data)
{
  DrawLines *draw = data;

  /* Only whole lines of the slice: the next page has the rest. */
  if (top < draw->from - EPS || bottom > draw->to + EPS)
    return;
  cairo_move_to (draw->cr, x, baseline + draw->offset);
  pango_cairo_show_layout_line (draw->cr, line);
}

static void
draw_piece (Render      *render,
            cairo_t     *cr,
            const Piece *piece)
{
  const Laid *laid = &g_array_index (render->laid, Laid, piece->laid);
  const Block *block = laid->block;
  double height = piece_height (laid, piece->from, piece->to);
  DrawLines draw = {
    .cr = cr,
    .from = piece->from,
    .to = piece->to,
    .offset = piece->top - piece->from + (laid->ruled && piece->from > EPS ? PAD_Y : 0),
  };

  if (laid->ruled)
    {
      const Table *table = &g_array_index (render->doc->tables, Table, block->table);

      cairo_save (cr);
      /* Light shading only: it must survive a tired office printer and a photocopy. */
      if (block->kind == BLOCK_TABLE_HEAD || block->kind == BLOCK_TABLE_GROUP)
        {
          double grey = block->kind == BLOCK_TABLE_HEAD ? 0.88 : 0.95;

          cairo_set_source_rgb (cr, grey, grey, grey);
          cairo_rectangle (cr, 0, piece->top, render->width, height);
          cairo_fill (cr);
        }
      else if (table->label_column)
        {
          double x = 0;

          cairo_set_source_rgb (cr, 0.94, 0.94, 0.94);
          for (guint i = 0; i < table->n_columns; i++)
            {
              if (i % 2 == 0)
                cairo_rectangle (cr, x, piece->top, table->widths[i] * render->width, height);
              x += table->widths[i] * render->width;
            }
          cairo_fill (cr);
        }

      cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
      cairo_set_line_width (cr, RULE_WIDTH);
      cairo_rectangle (cr, 0, piece->top, render->width, height);
      if (block->kind != BLOCK_TABLE_GROUP)
        {
          double x = 0;

          for (guint i = 0; i + 1 < table->n_columns; i++)
            {
              x += table->widths[i] * render->width;
              cairo_move_to (cr, x, piece->top);
              cairo_line_to (cr, x, piece->top + height);
            }
        }
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < laid->n_cells; i++)
    foreach_line ((LaidCell *) &laid->cells[i], draw_line_cb, &draw);

  if (block->kind == BLOCK_HEADING)
    {
      cairo_save (cr);
      cairo_set_line_width (cr, RULE_WIDTH);
      cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
      cairo_move_to (cr, 0, piece->top + height - 2);
      cairo_line_to (cr, render->width, piece->top + height - 2);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

/* One line of small print with its top at y, or its bottom at -y when y is negative. */
static void
draw_small_text (Render          *render,
                 GtkPrintContext *context,
                 const char      *text,
                 double           y,
                 PangoAlignment   alignment)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autofree char *markup = g_markup_escape_text (text, -1);
  g_autoptr(PangoLayout) layout = new_layout (render, context, markup, 9, FALSE, render->width, alignment);

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_move_to (cr, 0, y >= 0 ? y : -y - layout_height (layout));
  pango_cairo_show_layout (cr, layout);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 Render            *render)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autofree char *number = NULL;
  GPtrArray *parts = render->doc->parts;
  guint n_pages, part, local;
  GArray *page;

  if (render->pages == NULL || page_nr < 0)
    return;
  /* A paper of several copies (联) is its pages once per copy, each numbered on its own. */
  n_pages = render->pages->len;
  part = (guint) page_nr / MAX (n_pages, 1);
  local = (guint) page_nr % MAX (n_pages, 1);
  if (local >= n_pages || part >= MAX (parts->len, 1))
    return;
  page = g_ptr_array_index (render->pages, local);

  for (guint i = 0; i < page->len; i++)
    draw_piece (render, cr, &g_array_index (page, Piece, i));

  /* A page that comes loose still says what it belongs to. */
  if (local > 0)
    {
      draw_small_text (render, context, render->doc->title, 0, PANGO_ALIGN_LEFT);
      cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
      cairo_set_line_width (cr, 0.4);
      cairo_move_to (cr, 0, HEADER_H - 8);
      cairo_line_to (cr, render->width, HEADER_H - 8);
      cairo_stroke (cr);
    }
  /* Which copy this is, at the top right of each of its pages. */
  if (parts->len > 0)
    {
      /* Translators: the label of a copy of a paper (第一联：存根); %u its number, %s its label */
      g_autofree char *label = g_strdup_printf (_("Copy %u: %s"), part + 1, (const char *) g_ptr_array_index (parts, part));

      draw_small_text (render, context, label, 0, PANGO_ALIGN_RIGHT);
    }

  /* Translators: the page number at the foot of a printed page: 第 %d 页 共 %d 页 */
  number = g_strdup_printf (_("Page %d of %d"), (int) local + 1, (int) n_pages);
  draw_small_text (render, context, number, -render->height, PANGO_ALIGN_CENTER);
}

GtkPrintOperation *
yc_document_new_print_operation (YcDocument *doc)
{
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = NULL;
  GtkPrintOperation *operation;
  Render *render;

  g_return_val_if_fail (doc != NULL, NULL);

  paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  /* Wider on the left, where the hall staples or files the paper. */
  gtk_page_setup_set_top_margin (setup, 20, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, 15, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, 25, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, 20, GTK_UNIT_MM);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, doc->title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);

  render = g_new0 (Render, 1);
  render->doc = yc_document_ref (doc);
  g_object_set_data_full (G_OBJECT (operation), "yc-render", render, render_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print_cb), render);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), render);

  return operation;
}

/* ---- Printing ---- */

/* The printer and settings chosen last, for the next print: a clerk prints all day on
 * the same printer. */
static GtkPrintSettings *last_settings;

static void
on_print_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  result,
                  gpointer                 user_data)
{
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_set_object (&last_settings, gtk_print_operation_get_print_settings (operation));
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      g_warning ("Printing failed: %s", error ? error->message : "unknown error");
    }
  g_object_unref (operation);
}

void
yc_document_print (YcDocument *doc,
                   GtkWindow  *parent)
{
  GtkPrintOperation *operation;
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  operation = yc_document_new_print_operation (doc);
  settings = last_settings ? gtk_print_settings_copy (last_settings) : gtk_print_settings_new ();
  /* The copies a paper needs are in it, each labelled: one print of it is enough. */
  gtk_print_settings_set_n_copies (settings, 1);
  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_allow_async (operation, TRUE);
  /* Taken back in on_print_done_cb. */
  g_signal_connect (operation, "done", G_CALLBACK (on_print_done_cb), NULL);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL)
    g_warning ("Printing failed: %s", error->message);
}

/* ---- Saving as PDF ---- */

/* The clerk's sentence for what went wrong writing file; the code stays. */
static GError *
save_error_new (const GError *error,
                GFile        *file)
{
  g_autofree char *where = file ? g_file_get_parse_name (file) : NULL;
  int code = error->domain == G_IO_ERROR ? error->code : G_IO_ERROR_FAILED;
  const char *message;

  if (code == G_IO_ERROR_CANCELLED)
    return g_error_copy (error);

  g_message ("Saving the PDF%s%s failed: %s", where ? " to " : "", where ? where : "", error->message);
  switch (code)
    {
    case G_IO_ERROR_NO_SPACE:
      message = _("The PDF could not be saved: the disk is full. Free some space, or save it "
                  "somewhere else, such as a USB stick.");
      break;
    case G_IO_ERROR_PERMISSION_DENIED:
    case G_IO_ERROR_READ_ONLY:
      message = _("The PDF could not be saved: this folder may not be written to. Choose another "
                  "folder, such as Documents.");
      break;
    case G_IO_ERROR_NOT_FOUND:
    case G_IO_ERROR_NOT_DIRECTORY:
    case G_IO_ERROR_NOT_MOUNTED:
      message = _("The PDF could not be saved: the folder is not there any more (a USB stick taken "
                  "out?). Choose another folder.");
      break;
    case G_IO_ERROR_INVALID_FILENAME:
    case G_IO_ERROR_FILENAME_TOO_LONG:
      message = _("The PDF could not be saved under this name. Choose a shorter name without "
                  "special characters.");
      break;
    case G_IO_ERROR_IS_DIRECTORY:
    case G_IO_ERROR_NOT_REGULAR_FILE:
      message = _("The PDF could not be saved: something that is not a file already has this "
                  "name. Choose another name.");
      break;
    default:
      message = _("The PDF could not be saved. Try again, or save it somewhere else; if it keeps "
                  "failing, ask the hall’s IT desk.");
      break;
    }
  return g_error_new_literal (G_IO_ERROR, code, message);
}

static gboolean
looks_whole (const char *contents,
             gsize       length)
{
  gsize tail = MIN (length, 64);

  return length > 64 && memcmp (contents, "%PDF-", 5) == 0 &&
         g_strstr_len (contents + length - tail, (gssize) tail, "%%EOF") != NULL;
}

/* The whole PDF, made in a private temporary file by the print operation. */
static GBytes *
render_pdf (YcDocument *doc,
            GtkWindow  *parent,
            GError    **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *contents = NULL;
  GtkPrintOperationResult result;
  gsize length = 0;
  gboolean ok;
  int fd;

  fd = g_file_open_tmp ("yichuang-print-XXXXXX.pdf", &tmp_path, &local);
  if (fd < 0)
    {
      g_propagate_error (error, save_error_new (local, NULL));
      return NULL;
    }
  g_close (fd, NULL);

  operation = yc_document_new_print_operation (doc);
  gtk_print_operation_set_export_filename (operation, tmp_path);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, &local);
  ok = result != GTK_PRINT_OPERATION_RESULT_ERROR &&
       g_file_get_contents (tmp_path, &contents, &length, local ? NULL : &local) &&
       looks_whole (contents, length);
  g_unlink (tmp_path);

  if (!ok)
    {
      /* A PDF cut short: the temporary folder's disk is full, most likely. */
      if (local == NULL)
        local = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NO_SPACE, "the PDF came out incomplete");
      g_propagate_error (error, save_error_new (local, NULL));
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

gboolean
yc_document_export_pdf (YcDocument *doc,
                        const char *path,
                        GtkWindow  *parent,
                        GError    **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((bytes = render_pdf (doc, parent, error)) == NULL)
    return FALSE;

  file = g_file_new_for_path (path);
  data = g_bytes_get_data (bytes, &length);
  if (!g_file_replace_contents (file, data, length, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &local))
    {
      g_propagate_error (error, save_error_new (local, file));
      return FALSE;
    }
  return TRUE;
}

/* Where the clerk saved last in this run of the desk. */
static GFile *last_folder;

typedef struct
{
  YcDocument           *doc;
  GtkFileChooserNative *chooser;
  GSource              *cancel_source;
  GFile                *file;
} SaveData;

static void
save_data_free (gpointer user_data)
{
  SaveData *data = user_data;

  g_assert (data->chooser == NULL && data->cancel_source == NULL);
  yc_document_unref (data->doc);
  g_clear_object (&data->file);
  g_free (data);
}

static void on_chooser_response_cb (GtkNativeDialog *chooser,
                                    int              response,
                                    GTask           *task);

/* The question is over: the dialog and the wait for cancellation go. */
static void
end_dialog (GTask *task)
{
  SaveData *data = g_task_get_task_data (task);

  if (data->cancel_source != NULL)
    {
      g_source_destroy (data->cancel_source);
      g_clear_pointer (&data->cancel_source, g_source_unref);
    }
  if (data->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_func (data->chooser, on_chooser_response_cb, task);
      gtk_native_dialog_hide (GTK_NATIVE_DIALOG (data->chooser));
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (data->chooser));
      g_clear_object (&data->chooser);
    }
}

static gboolean
on_save_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  /* The dialog's reference to the task. */
  g_autoptr(GTask) task = user_data;

  end_dialog (task);
  g_task_return_error_if_cancelled (task);
  return G_SOURCE_REMOVE;
}

static void
on_written_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GFile *file = G_FILE (object);
  g_autoptr(GError) error = NULL;
  char *path;

  if (!g_file_replace_contents_finish (file, result, NULL, &error))
    {
      g_task_return_error (task, save_error_new (error, file));
      return;
    }

  g_clear_object (&last_folder);
  last_folder = g_file_get_parent (file);
  path = g_file_get_path (file);
  g_task_return_pointer (task, path ? path : g_file_get_uri (file), g_free);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        GTask           *borrowed)
{
  /* The dialog's reference to the task. */
  g_autoptr(GTask) task = borrowed;
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (response == GTK_RESPONSE_ACCEPT)
    data->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  end_dialog (task);

  if (response != GTK_RESPONSE_ACCEPT || data->file == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Not saved");
      return;
    }

  if ((bytes = render_pdf (data->doc, NULL, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_file_replace_contents_bytes_async (data->file, bytes, NULL, FALSE, G_FILE_CREATE_NONE,
                                       cancellable, on_written_cb, g_steal_pointer (&task));
}

static GFile *
default_folder (void)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (last_folder != NULL)
    return g_object_ref (last_folder);
  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (documents);
  return g_file_new_for_path (g_get_home_dir ());
}

void
yc_document_save_pdf_async (YcDocument         *doc,
                            GtkWindow          *parent,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *name = NULL;
  SaveData *data;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_document_save_pdf_async);
  data = g_new0 (SaveData, 1);
  data->doc = yc_document_ref (doc);
  g_task_set_task_data (task, data, save_data_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  data->chooser = gtk_file_chooser_native_new (_("Save as PDF"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (data->chooser), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (data->chooser), filter);

  folder = default_folder ();
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (data->chooser), folder, NULL);
  name = yc_document_suggest_filename (doc);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (data->chooser), name);

  /* The dialog holds a reference to the task until the first of its answer and the
   * cancellation; the other is then disconnected. */
  g_signal_connect (data->chooser, "response", G_CALLBACK (on_chooser_response_cb), task);
  if (cancellable != NULL)
    {
      data->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->cancel_source, (GSourceFunc) G_CALLBACK (on_save_cancelled_cb), task, NULL);
      g_source_attach (data->cancel_source, g_task_get_context (task));
    }
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (data->chooser));
  g_steal_pointer (&task);
}

char *
yc_document_save_pdf_finish (GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_document_save_pdf_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
