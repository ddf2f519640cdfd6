/* yc-paper-notice.c: the one-time notice of missing materials (一次性告知书) on paper,
 * made at the intake or again from a case (yc-print.h). */
#include "config-desk.h"

#include <string.h>

#include "core/yc-guide.h"

#include "yc-document-private.h"

/* ---- The one-time notice ---- */

typedef struct
{
  char      *label;     /* NULL: the materials without "for_items" */
  GPtrArray *materials; /* YcMaterial, borrowed */
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
group_materials (const YcTranslation *tr,
                 GPtrArray           *materials,
                 gboolean            *grouped)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func (group_free);

  *grouped = FALSE;
  for (guint i = 0; i < materials->len; i++)
    {
      YcMaterial *material = g_ptr_array_index (materials, i);
      g_autoptr(GPtrArray) for_items = yc_doc_strings_of ((const char * const *) material->for_items);
      g_autofree char *label = for_items->len > 0 ? yc_doc_join_strings (tr, for_items) : NULL;
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

YcDocument *
yc_document_new_notice (const char         *subject,
                        const char         *code,
                        GPtrArray          *missing,
                        const YcNoticeInfo *info)
{
  static const YcNoticeInfo no_info = { NULL, };
  g_autoptr(GPtrArray) materials = g_ptr_array_new ();
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *job = NULL;
  g_autofree char *intro = NULL;
  g_autofree char *date = NULL;
  const YcTranslation *tr;
  YcScript script;
  gboolean grouped;
  YcDocument *doc;
  guint n = 0;

  if (info == NULL)
    info = &no_info;
  yc_paper_language (info, &tr, &script);
  if (!yc_doc_has_text (subject))
    subject = yc_doc_has_text (code) ? code : "—";

  /* A material without a name cannot be asked for: it is left out, and not counted. */
  for (guint i = 0; missing != NULL && i < missing->len; i++)
    if (yc_doc_has_text (((YcMaterial *) g_ptr_array_index (missing, i))->name))
      g_ptr_array_add (materials, g_ptr_array_index (missing, i));

  /* Translators: the title of the paper, a legal document title: 一次性告知书 */
  job = yc_doc_title (tr, T_(tr, "One-Time Notice of Missing Materials"), subject);
  /* Translators: the start of the saved file's name: 一次性告知书 */
  doc = yc_doc_new (job, TC_(tr, "file name", "One-Time Notice"), subject, info);
  yc_doc_add_copies (doc);
  date = yc_doc_format_date (tr, doc->date);

  if (yc_doc_has_text (info->hall))
    yc_doc_add_text (doc, BLOCK_ISSUER, info->hall);
  yc_doc_add_text (doc, BLOCK_TITLE, T_(tr, "One-Time Notice of Missing Materials"));

  if (yc_doc_has_text (info->applicant))
    {
      /* Translators: the first line of the notice: the applicant (申请人（单位）：李建国) */
      g_autofree char *line = g_strdup_printf (T_(tr, "Applicant: %s"), info->applicant);
      yc_doc_add_text (doc, BLOCK_LINE, line);
    }
  else
    {
      /* No name given: it is written in by hand. */
      g_autofree char *line = g_markup_printf_escaped ("%s ________________________________",
                                                       /* Translators: the first line of the notice,
                                                        * before a blank for the name: 申请人（单位）： */
                                                       T_(tr, "Applicant:"));
      yc_doc_add_markup (doc, BLOCK_LINE, line);
    }

  if (yc_doc_has_text (code))
    /* Translators: the notice's opening; %1$s the item or package name, %2$s its code,
     * %3$u how many materials are missing */
    intro = g_strdup_printf (TN_(tr, "You applied for “%1$s” (code %2$s). On checking at the window, "
                                     "the following %3$u material is missing or does not meet the "
                                     "requirements.",
                                     "You applied for “%1$s” (code %2$s). On checking at the window, "
                                     "the following %3$u materials are missing or do not meet the "
                                     "requirements.", materials->len),
                             subject, code, materials->len);
  else
    /* Translators: the notice's opening; %1$s the item or package name, %2$u how many
     * materials are missing */
    intro = g_strdup_printf (TN_(tr, "You applied for “%1$s”. On checking at the window, "
                                     "the following %2$u material is missing or does not meet the "
                                     "requirements.",
                                     "You applied for “%1$s”. On checking at the window, "
                                     "the following %2$u materials are missing or do not meet the "
                                     "requirements.", materials->len),
                             subject, materials->len);
  yc_doc_add_text (doc, BLOCK_PARAGRAPH, intro);

  if (materials->len == 0)
    yc_doc_add_text (doc, BLOCK_LINE, T_(tr, "No missing material was recorded."));
  else
    {
      int table = yc_paper_add_materials_table (doc);

      groups = group_materials (tr, materials, &grouped);
      for (guint i = 0; i < groups->len; i++)
        {
          Group *group = g_ptr_array_index (groups, i);

          if (grouped)
            {
              g_autofree char *line = NULL;

              if (group->label != NULL)
                line = g_strdup_printf (T_(tr, "For: %s"), group->label);
              else
                /* Translators: group of the notice's materials that name no item */
                line = g_strdup (T_(tr, "Other materials"));
              yc_doc_add_group (doc, table, line);
            }
          for (guint j = 0; j < group->materials->len; j++)
            yc_paper_add_material_row (doc, table, ++n, g_ptr_array_index (group->materials, j), FALSE);
        }
    }

  if (yc_paper_any_material (materials, TRUE))
    yc_doc_add_text (doc, BLOCK_PARAGRAPH,
                     T_(tr, "A material marked “May follow later on commitment” need not hold up the application: "
                            "it can be accepted now if you sign a written commitment to bring that material by "
                            "an agreed date."));
  if (yc_paper_any_material (materials, FALSE))
    yc_doc_add_text (doc, BLOCK_PARAGRAPH,
                     T_(tr, "The blank forms and filled-in samples named above can be had at the window and "
                            "with the online service guide of the item."));
  {
    g_autofree char *promise = g_markup_printf_escaped ("<b>%s</b>",
                                                        /* Translators: 一次性告知: the promise the notice makes */
                                                        T_(tr, "This notice lists all the missing materials at once. "
                                                               "When you bring them, the window will not ask for "
                                                               "anything more for this application."));
    yc_doc_add_markup (doc, BLOCK_PARAGRAPH, promise);
    /* The date and the signature never stand alone on the last page. */
    g_array_index (doc->blocks, Block, doc->blocks->len - 1).keep_with_next = TRUE;
  }

  yc_paper_add_closing (doc, info, date);

  return doc;
}

YcDocument *
yc_document_new_case_notice (JsonObject         *case_body,
                             const YcNoticeInfo *info)
{
  static const YcNoticeInfo no_info = { NULL, };
  g_autoptr(GPtrArray) missing = yc_paper_case_materials (case_body, "missing");
  g_autoptr(GPtrArray) materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_material_unref);
  JsonArray *items = yc_guide_get_array (case_body, "items");
  JsonArray *named = yc_guide_get_array (case_body, "notice_missing");
  YcNoticeInfo with_applicant;
  const char *code = NULL;

  if (info == NULL)
    info = &no_info;
  with_applicant = *info;
  with_applicant.applicant = yc_paper_case_applicant_name (case_body);
  /* What the notice told them is the record's notice_missing, in its order: the materials
   * of the case give each its form; a name alone stands for one the checklist lacked. */
  for (guint i = 0; named != NULL && i < json_array_get_length (named); i++)
    {
      const char *name = json_node_get_string (json_array_get_element (named, i));
      JsonObject *found = NULL;

      for (guint j = 0; name != NULL && j < missing->len && found == NULL; j++)
        if (g_strcmp0 (yc_guide_get_string (g_ptr_array_index (missing, j), "name"), name) == 0)
          found = g_ptr_array_index (missing, j);
      /* A case's material carries a catalogue material's members: it reads as one. */
      if (found == NULL)
        {
          g_autoptr(JsonObject) bare = json_object_new ();

          json_object_set_string_member (bare, "name", name != NULL ? name : "—");
          g_ptr_array_add (materials, yc_material_new_from_json (bare));
        }
      else
        g_ptr_array_add (materials, yc_material_new_from_json (found));
    }
  if (named == NULL)
    for (guint i = 0; i < missing->len; i++)
      g_ptr_array_add (materials, yc_material_new_from_json (g_ptr_array_index (missing, i)));
  if (items != NULL && json_array_get_length (items) == 1 && yc_guide_get_string (case_body, "package") == NULL)
    code = json_node_get_string (json_array_get_element (items, 0));
  return yc_document_new_notice (yc_paper_case_subject (case_body), code, materials, &with_applicant);
}
