/* yc-paper-common.c: what several papers share (yc-document-private.h): the paper's
 * language, the materials table, the foot of a paper handed over at the window, and the
 * members of a case body a paper reads. */
#include "config-desk.h"

#include <string.h>

#include "core/yc-guide.h"

#include "yc-display.h"
#include "yc-document-private.h"

/* ---- The paper's language ---- */

/* The centre's language when the hall names none, or one the desk has no papers in. */
#define DEFAULT_LANGUAGE "zh_CN"

G_LOCK_DEFINE_STATIC (translations);

/* The translation of language, read once for the process (the desk prints in one or two
 * languages); NULL when there is none. */
static const YcTranslation *
load_translation (const char *language)
{
  static GHashTable *translations; /* language → YcTranslation, or NULL: none */
  const YcTranslation *translation;
  gpointer found;

  G_LOCK (translations);
  if (translations == NULL)
    translations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) yc_translation_unref);
  if (!g_hash_table_lookup_extended (translations, language, NULL, &found))
    {
      g_autoptr(GError) error = NULL;
      /* Where the desk's own catalogues are bound (main.c): the installed ones, or the
       * build's (YICHUANG_LOCALEDIR). */
      const char *localedir = bindtextdomain (GETTEXT_PACKAGE, NULL);

      found = yc_translation_new_for_language (localedir, GETTEXT_PACKAGE, language, &error);
      if (found == NULL)
        g_message ("No translation to print papers in %s: %s", language, error->message);
      g_hash_table_insert (translations, g_strdup (language), found);
    }
  translation = found;
  G_UNLOCK (translations);
  return translation;
}

const char *
yc_paper_language (const YcNoticeInfo   *info,
                   const YcTranslation **labels,
                   YcScript             *script)
{
  const char *language = info != NULL && info->language != NULL ? info->language : DEFAULT_LANGUAGE;
  YcScript paper_script = yc_script_for_language (language);
  gboolean found = TRUE;

  if (paper_script == YC_SCRIPT_AS_WRITTEN)
    {
      language = DEFAULT_LANGUAGE;
      paper_script = YC_SCRIPT_SIMPLIFIED;
    }

  if (g_str_equal (language, yc_display_get_language ()))
    *labels = NULL;
  else if ((*labels = load_translation (language)) == NULL &&
           /* Hong Kong's papers in Taiwan's words, should only those be translated. */
           (paper_script != YC_SCRIPT_HONG_KONG || (*labels = load_translation ("zh_TW")) == NULL))
    found = FALSE;

  /* The centre writes Simplified: a Simplified paper prints it as written, unless its
   * labels had to be the desk's own, which are then converted with the rest. */
  if (paper_script == YC_SCRIPT_SIMPLIFIED && found)
    *script = YC_SCRIPT_AS_WRITTEN;
  else
    *script = paper_script;
  return language;
}

const char *
yc_paper_gettext (const char *language,
                  const char *context,
                  const char *msgid)
{
  YcNoticeInfo info = { .language = language };
  const YcTranslation *labels;
  YcScript script;

  g_return_val_if_fail (msgid != NULL, NULL);

  yc_paper_language (&info, &labels, &script);
  return context != NULL ? yc_translation_pgettext (labels, context, msgid) : yc_translation_gettext (labels, msgid);
}

/* ---- Materials ---- */

int
yc_paper_add_materials_table (YcDocument *doc)
{
  static const double widths[] = { 0.07, 0.28, 0.23, 0.42 };
  const char *heads[] = {
    /* Translators: column of the materials table: the running number, 序号 */
    T_(doc->labels, "No."),
    /* Translators: column of the materials table: 材料名称 */
    T_(doc->labels, "Material"),
    /* Translators: column of the materials table: original or copy, how many; 形式及份数 */
    T_(doc->labels, "Form and Number"),
    /* Translators: column of the materials table: 要求及说明 */
    T_(doc->labels, "Requirements"),
  };

  return yc_doc_add_table (doc, 4, widths, heads, FALSE);
}

void
yc_paper_append_line (GString    *markup,
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
void
yc_paper_add_material_row (YcDocument       *doc,
                           int               table,
                           guint             number,
                           const YcMaterial *material,
                           gboolean          with_for)
{
  const char *name = material->name;
  const char *note = material->note;
  const char *template = material->template_;
  const char *sample = material->sample;
  const YcTranslation *labels = doc->labels;
  g_autofree char *form = yc_material_describe_form (material, labels);
  GString *name_cell = g_string_new (NULL);
  GString *form_cell = g_string_new (NULL);
  GString *requirements = g_string_new (NULL);
  char *cells[4];

  {
    g_autofree char *escaped = g_markup_escape_text (yc_doc_has_text (name) ? name : "—", -1);

    g_string_append_printf (name_cell, "<b>%s</b>\n<span size=\"small\">%s</span>", escaped,
                            material->required
                            /* Translators: a material every applicant must bring (必要) */
                            ? T_(labels, "Required")
                            /* Translators: a material needed only in some cases (非必要，视情提交) */
                            : T_(labels, "If applicable"));
  }

  yc_paper_append_line (form_cell, form);
  yc_paper_append_line (form_cell, yc_material_describe_source (material, labels));

  if (yc_doc_has_text (note))
    {
      g_autofree char *once = note_once (note);

      yc_paper_append_line (requirements, once);
    }
  if (material->deferrable)
    {
      if (requirements->len > 0)
        g_string_append_c (requirements, '\n');
      g_string_append_printf (requirements, "<b>%s</b>",
                              /* Translators: 容缺受理: the application is accepted now, the
                               * material follows by a date the applicant commits to */
                              T_(labels, "May follow later on commitment"));
    }
  if (yc_doc_has_text (template))
    {
      /* Translators: %s is the file name of a blank form */
      g_autofree char *line = g_strdup_printf (T_(labels, "Blank form: %s"), template);
      yc_paper_append_line (requirements, line);
    }
  if (yc_doc_has_text (sample))
    {
      /* Translators: %s is the file name of a filled-in sample */
      g_autofree char *line = g_strdup_printf (T_(labels, "Sample: %s"), sample);
      yc_paper_append_line (requirements, line);
    }
  if (with_for)
    {
      g_autoptr(GPtrArray) for_items = yc_doc_strings_of ((const char * const *) material->for_items);

      if (for_items->len > 0)
        {
          g_autofree char *joined = yc_doc_join_strings (labels, for_items);
          /* Translators: %s names the items a material is for, e.g. 用于：企业设立登记、… */
          g_autofree char *line = g_strdup_printf (T_(labels, "For: %s"), joined);
          yc_paper_append_line (requirements, line);
        }
    }
  if (requirements->len == 0)
    g_string_append (requirements, "—");

  cells[0] = g_strdup_printf ("%u", number);
  cells[1] = g_string_free (name_cell, FALSE);
  cells[2] = g_string_free (form_cell, FALSE);
  cells[3] = g_string_free (requirements, FALSE);
  yc_doc_add_row (doc, table, cells);
}

/* The materials table; FALSE when there are none. */
gboolean
yc_paper_add_materials (YcDocument *doc,
                        GPtrArray  *materials,
                        gboolean    with_for)
{
  int table;

  if (materials == NULL || materials->len == 0)
    return FALSE;

  table = yc_paper_add_materials_table (doc);
  for (guint i = 0; i < materials->len; i++)
    yc_paper_add_material_row (doc, table, i + 1, g_ptr_array_index (materials, i), with_for);
  return TRUE;
}

/* Whether any of the materials (YcMaterial) may follow later (容缺), or names a blank
 * form or a sample. */
gboolean
yc_paper_any_material (GPtrArray *materials,
                       gboolean   deferrable)
{
  for (guint i = 0; i < materials->len; i++)
    {
      const YcMaterial *material = g_ptr_array_index (materials, i);

      if (deferrable
          ? material->deferrable
          : yc_doc_has_text (material->template_) || yc_doc_has_text (material->sample))
        return TRUE;
    }
  return FALSE;
}

void
yc_notice_info_init (YcNoticeInfo *info,
                     YcContext    *context,
                     GDateTime    *date)
{
  const YcSession *session = context ? yc_client_get_session (yc_context_get_client (context)) : NULL;

  *info = (YcNoticeInfo) {
    .hall = session ? session->hall_name : NULL,
    .window = session ? session->window_name : NULL,
    .clerk = session ? session->clerk_name : NULL,
    .date = date,
    .demo = context ? yc_context_get_demo_papers (context) : FALSE,
    .language = session ? session->documents_language : NULL,
  };
}

/* The lines to sign on and date by hand. */
void
yc_paper_add_signature (YcDocument *doc,
                        const char *who,
                        const char *when)
{
  char *signature[2];

  signature[0] = g_markup_printf_escaped ("%s ______________________", who);
  signature[1] = g_markup_printf_escaped ("%s ________________", when);
  yc_doc_add_cells (doc, BLOCK_SIGNATURE, -1, 2, signature);
}

/* The foot of a paper handed over at the window: who handed it over and how to ask or
 * complain, the hall and the date, then the applicant's signature on receiving it. */
void
yc_paper_add_closing (YcDocument         *doc,
                      const YcNoticeInfo *info,
                      const char         *date)
{
  const YcTranslation *labels = doc->labels;
  GString *left = g_string_new (NULL);
  GString *right = g_string_new (NULL);
  char *closing[2];

  if (yc_doc_has_text (info->window))
    {
      /* Translators: at the foot of the notice: the window that handed it over */
      g_autofree char *line = g_strdup_printf (T_(labels, "Window: %s"), info->window);
      yc_paper_append_line (left, line);
    }
  if (yc_doc_has_text (info->clerk))
    {
      /* Translators: at the foot of the notice: the clerk (经办人) */
      g_autofree char *line = g_strdup_printf (T_(labels, "Clerk: %s"), info->clerk);
      yc_paper_append_line (left, line);
    }
  if (yc_doc_has_text (info->phone))
    {
      /* Translators: at the foot of the notice: the phone for questions (咨询电话) */
      g_autofree char *line = g_strdup_printf (T_(labels, "Enquiry phone: %s"), info->phone);
      yc_paper_append_line (left, line);
    }
  if (yc_doc_has_text (info->complaint_phone))
    {
      /* Translators: at the foot of the notice: the phone for complaints (监督电话) */
      g_autofree char *line = g_strdup_printf (T_(labels, "Complaint phone: %s"), info->complaint_phone);
      yc_paper_append_line (left, line);
    }
  if (yc_doc_has_text (info->hall))
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
  yc_doc_add_cells (doc, BLOCK_CLOSING, -1, 2, closing);

  yc_paper_add_signature (doc,
                          /* Translators: the line the applicant signs on receiving the notice: 申请人签收： */
                          T_(labels, "Applicant’s signature:"),
                          /* Translators: next to the applicant's signature: 签收日期： */
                          T_(labels, "Date received:"));
}

/* A day of a case (YYYY-MM-DD) as the paper writes dates; the text itself when it is
 * no date. */
char *
yc_paper_format_day (const YcTranslation *labels,
                     const char          *day)
{
  g_autofree char *iso = g_strconcat (day ? day : "", "T12:00:00Z", NULL);
  g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (iso, NULL);

  return date != NULL ? yc_doc_format_date (labels, date) : g_strdup (day ? day : "—");
}

/* The materials of a case body with that status and a name: a new array of JsonObject,
 * borrowed. */
GPtrArray *
yc_paper_case_materials (JsonObject *case_body,
                         const char *status)
{
  JsonArray *materials = yc_guide_get_array (case_body, "materials");
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; materials != NULL && i < json_array_get_length (materials); i++)
    {
      JsonNode *node = json_array_get_element (materials, i);
      JsonObject *material = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (material != NULL && g_strcmp0 (yc_guide_get_string (material, "status"), status) == 0 &&
          yc_doc_has_text (yc_guide_get_string (material, "name")))
        g_ptr_array_add (found, material);
    }
  return found;
}

/* 容缺: each material to bring later, with its day. */
void
yc_paper_add_deferred_table (YcDocument *doc,
                             GPtrArray  *deferred)
{
  static const double widths[] = { 0.08, 0.62, 0.30 };
  const char *heads[] = {
    /* Translators: column headings of the materials to bring later: 序号, 材料名称, 补交期限 */
    T_(doc->labels, "No."), T_(doc->labels, "Material"), T_(doc->labels, "Bring by"),
  };
  int table;

  /* Translators: heading of the materials to bring later (容缺材料) */
  yc_doc_add_text (doc, BLOCK_HEADING, T_(doc->labels, "Materials to Bring Later"));
  table = yc_doc_add_table (doc, G_N_ELEMENTS (widths), widths, heads, FALSE);
  for (guint i = 0; i < deferred->len; i++)
    {
      JsonObject *material = g_ptr_array_index (deferred, i);
      g_autofree char *by = yc_paper_format_day (doc->labels, yc_guide_get_string (material, "supplement_by"));
      char *cells[] = {
        g_strdup_printf ("%u", i + 1),
        g_markup_escape_text (yc_guide_get_string (material, "name"), -1),
        g_markup_escape_text (by, -1),
      };
      yc_doc_add_row (doc, table, cells);
    }
}

const char *
yc_paper_case_subject (JsonObject *case_body)
{
  const char *subject = yc_guide_get_string (case_body, "title");

  return yc_doc_has_text (subject) ? subject : "—";
}

const char *
yc_paper_case_applicant_name (JsonObject *case_body)
{
  JsonNode *node = case_body ? json_object_get_member (case_body, "applicant") : NULL;
  const char *name = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                     ? yc_guide_get_string (json_node_get_object (node), "name") : NULL;

  return yc_doc_has_text (name) ? name : "—";
}

char *
yc_document_receipt_reference (const char         *record_id,
                               const char         *case_number,
                               const YcNoticeInfo *info)
{
  g_autofree char *short_id = NULL;
  const YcTranslation *labels;
  YcScript script;

  if (yc_doc_has_text (case_number))
    return g_strdup (case_number);
  short_id = g_ascii_strup (record_id ? record_id : "", 8);
  yc_paper_language (info, &labels, &script);
  /* Translators: on a paper printed before the centre numbered the case (offline): the
   * window's provisional number, marked so (临时编号，以中心受理编号为准) */
  return g_strdup_printf (T_(labels, "%s (provisional number: the centre’s case number prevails)"), short_id);
}
