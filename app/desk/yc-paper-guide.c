/* yc-paper-guide.c: the service guide (办事指南) of an item or a one-thing package on
 * paper (yc-print.h). */
#include "config-desk.h"

#include <string.h>

#include "core/yc-guide.h"

#include "yc-document-private.h"

/* ---- Words for the facts ---- */

static char *
describe_days (const YcTranslation *tr,
               gint64               days)
{
  if (days < 0)
    return NULL;
  if (days == 0)
    /* Translators: a promised time limit of zero: done while the applicant waits */
    return g_strdup (T_(tr, "On the spot"));
  return g_strdup_printf (TN_(tr, "%d working day", "%d working days", (int) MIN (days, 9999)),
                          (int) MIN (days, 9999));
}

static char *
describe_visits (const YcTranslation *tr,
                 gint64               visits)
{
  if (visits < 0)
    return NULL;
  if (visits == 0)
    /* Translators: number of visits to the hall: none, everything online (零跑动) */
    return g_strdup (T_(tr, "No visit needed"));
  if (visits == 1)
    /* Translators: number of visits to the hall (最多跑一次) */
    return g_strdup (T_(tr, "At most one visit"));
  return g_strdup_printf (TN_(tr, "At most %d visit", "At most %d visits", (int) MIN (visits, 99)),
                          (int) MIN (visits, 99));
}

/* The facts of one item: code, type, time limits, fee, visits, online depth; per_row
 * pairs a row. */
static void
add_item_facts (YcDocument   *doc,
                const YcItem *item,
                const char   *department_name,
                guint         per_row)
{
  const YcTranslation *tr = doc->labels;
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *legal = describe_days (tr, item->legal_days);
  g_autofree char *promised = describe_days (tr, item->promised_days);
  g_autofree char *visits = describe_visits (tr, item->visits);

  yc_doc_fact (facts, T_(tr, "Item Code"), item->code);
  yc_doc_fact (facts, T_(tr, "Department"), department_name);
  yc_doc_fact (facts, T_(tr, "Item Type"), item->type);
  yc_doc_fact (facts, T_(tr, "Legal Time Limit"), legal);
  yc_doc_fact (facts, T_(tr, "Promised Time Limit"), promised);
  yc_doc_fact (facts, T_(tr, "Fee"), item->fee);
  yc_doc_fact (facts, T_(tr, "Visits"), visits);
  yc_doc_fact (facts, T_(tr, "Online Service"), item->online_depth);
  if (item->commitment)
    yc_doc_fact (facts, T_(tr, "Commitment"), T_(tr, "Commitment accepted instead of proof"));
  yc_doc_add_facts (doc, facts, per_row);
}

/* ---- Guides ---- */

static void
add_printed_on (YcDocument *doc)
{
  const YcTranslation *tr = doc->labels;
  g_autofree char *date = yc_doc_format_date (tr, doc->date);
  /* Translators: at the end of a printed guide; %s is the date */
  g_autofree char *line = g_strdup_printf (T_(tr, "Printed on %s from the service catalogue. "
                                                  "The guide in force on the day of application applies."),
                                           date);

  yc_doc_add_text (doc, BLOCK_NOTE, line);
}

static char *
guide_title (const YcTranslation *tr,
             const char          *name)
{
  /* Translators: the title of a printed service guide (办事指南); %s is the item or
   * package name, e.g. %s办事指南 */
  return g_strdup_printf (TC_(tr, "document title", "Service Guide for %s"), name);
}

YcDocument *
yc_document_new_guide (const YcItem       *item,
                       const char         *department_name,
                       const YcNoticeInfo *info)
{
  const char *name = item->name;
  g_autofree char *title = NULL;
  g_autofree char *job = NULL;
  const YcTranslation *tr;
  YcScript script;
  YcDocument *doc;

  if (!yc_doc_has_text (name))
    name = yc_doc_has_text (item->code) ? item->code : "—";

  yc_paper_language (info, &tr, &script);
  title = guide_title (tr, name);
  job = yc_doc_title (tr, TC_(tr, "file name", "Service Guide"), name);
  doc = yc_doc_new (job, TC_(tr, "file name", "Service Guide"), name, info);

  if (yc_doc_has_text (department_name))
    yc_doc_add_text (doc, BLOCK_ISSUER, department_name);
  yc_doc_add_text (doc, BLOCK_TITLE, title);

  yc_doc_add_text (doc, BLOCK_HEADING, T_(tr, "Basic Facts"));
  add_item_facts (doc, item, department_name, 1);

  yc_doc_add_list_section (doc, T_(tr, "Conditions"), (const char * const *) item->conditions, TRUE);

  yc_doc_add_text (doc, BLOCK_HEADING, T_(tr, "Materials"));
  if (!yc_paper_add_materials (doc, item->materials, FALSE))
    yc_doc_add_text (doc, BLOCK_LINE, T_(tr, "No materials are needed."));

  yc_doc_add_list_section (doc, T_(tr, "Steps"), (const char * const *) item->process, TRUE);
  yc_doc_add_list_section (doc, T_(tr, "Legal Basis"), (const char * const *) item->legal_basis, FALSE);

  for (guint i = 0, shown = 0; i < item->faq->len; i++)
    {
      const char *q = g_array_index (item->faq, YcFaq, i).q;
      const char *a = g_array_index (item->faq, YcFaq, i).a;
      g_autofree char *q_line = NULL;
      g_autofree char *q_markup = NULL;
      g_autofree char *a_line = NULL;

      if (!yc_doc_has_text (q) || !yc_doc_has_text (a))
        continue;
      if (shown++ == 0)
        yc_doc_add_text (doc, BLOCK_HEADING, T_(tr, "Frequent Questions"));
      /* Translators: a question of the guide's FAQ, 问：%s */
      q_line = g_strdup_printf (T_(tr, "Q: %s"), q);
      q_markup = g_markup_printf_escaped ("<b>%s</b>", q_line);
      yc_doc_add_markup (doc, BLOCK_LINE, q_markup);
      /* Translators: the answer to a question of the guide's FAQ, 答：%s */
      a_line = g_strdup_printf (T_(tr, "A: %s"), a);
      yc_doc_add_text (doc, BLOCK_LINE, a_line);
    }

  if (yc_doc_has_text (item->place) || yc_doc_has_text (item->hours) ||
      yc_doc_has_text (item->phone) || yc_doc_has_text (item->complaint_phone))
    {
      g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);

      yc_doc_add_text (doc, BLOCK_HEADING, T_(tr, "Where and When"));
      yc_doc_fact (facts, T_(tr, "Place"), item->place);
      yc_doc_fact (facts, T_(tr, "Hours"), item->hours);
      yc_doc_fact (facts, T_(tr, "Enquiries"), item->phone);
      yc_doc_fact (facts, T_(tr, "Complaints"), item->complaint_phone);
      yc_doc_add_facts (doc, facts, 1);
    }

  add_printed_on (doc);
  return doc;
}

YcDocument *
yc_document_new_package_guide (const YcPackage    *package,
                               GPtrArray          *items,
                               const YcNoticeInfo *info)
{
  const char *name = package->name;
  const char *description = package->description;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new ();
  g_autoptr(GPtrArray) merged = NULL;
  g_autofree char *title = NULL;
  g_autofree char *job = NULL;
  g_autofree char *promised = NULL;
  g_autofree char *count = NULL;
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);
  const YcTranslation *tr;
  YcScript script;
  YcDocument *doc;

  for (guint i = 0; items != NULL && i < items->len; i++)
    if (g_ptr_array_index (items, i) != NULL)
      g_ptr_array_add (bodies, g_ptr_array_index (items, i));

  if (!yc_doc_has_text (name))
    name = yc_doc_has_text (package->code) ? package->code : "—";

  yc_paper_language (info, &tr, &script);
  promised = describe_days (tr, package->promised_days);
  title = guide_title (tr, name);
  job = yc_doc_title (tr, TC_(tr, "file name", "Service Guide"), name);
  doc = yc_doc_new (job, TC_(tr, "file name", "Service Guide"), name, info);

  /* Translators: above the title of a package's printed guide (一件事一次办) */
  yc_doc_add_text (doc, BLOCK_ISSUER, T_(tr, "One-thing package"));
  yc_doc_add_text (doc, BLOCK_TITLE, title);

  yc_doc_add_text (doc, BLOCK_HEADING, T_(tr, "Basic Facts"));
  count = g_strdup_printf (TN_(tr, "%u item", "%u items", bodies->len), bodies->len);
  yc_doc_fact (facts, T_(tr, "Package Code"), package->code);
  yc_doc_fact (facts, T_(tr, "Promised Time Limit"), promised);
  yc_doc_fact (facts, T_(tr, "Items"), count);
  yc_doc_add_facts (doc, facts, 1);
  if (yc_doc_has_text (description))
    yc_doc_add_text (doc, BLOCK_PARAGRAPH, description);

  /* One window takes the whole package with one set of materials: each is listed once. */
  yc_doc_add_text (doc, BLOCK_HEADING, T_(tr, "Materials for the Whole Package"));
  merged = yc_guide_merge_materials (bodies);
  if (!yc_paper_add_materials (doc, merged, TRUE))
    yc_doc_add_text (doc, BLOCK_LINE, T_(tr, "No materials are needed."));

  yc_doc_add_text (doc, BLOCK_HEADING, T_(tr, "Items in This Package"));
  for (guint i = 0; i < bodies->len; i++)
    {
      const YcItem *item = g_ptr_array_index (bodies, i);
      const char *item_name = item->name;
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autofree char *heading = NULL;

      heading = g_strdup_printf ("%u. %s", i + 1, yc_doc_has_text (item_name) ? item_name : "—");
      yc_doc_add_text (doc, BLOCK_SUBHEADING, heading);
      /* Two facts a row: six items of eight facts each would fill pages. */
      add_item_facts (doc, item, NULL, 2);

      for (guint j = 0; j < item->materials->len; j++)
        {
          const char *material = ((YcMaterial *) g_ptr_array_index (item->materials, j))->name;

          if (yc_doc_has_text (material))
            g_ptr_array_add (names, (gpointer) material);
        }
      if (names->len > 0)
        {
          g_autofree char *joined = yc_doc_join_strings (tr, names);
          /* Translators: the materials one item of a package needs; %s: their names */
          g_autofree char *line = g_strdup_printf (T_(tr, "Materials: %s"), joined);

          yc_doc_add_text (doc, BLOCK_LINE, line);
        }
    }

  add_printed_on (doc);
  return doc;
}
