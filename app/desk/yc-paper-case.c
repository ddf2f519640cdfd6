/* yc-paper-case.c: the papers of a decided case (yc-print.h): the notice of acceptance
 * (受理通知书, 容缺受理通知书), the letter of commitment (承诺书) and the written refusal
 * (不予受理通知书). */
#include "config-desk.h"

#include <string.h>

#include "core/yc-case.h"
#include "core/yc-guide.h"

#include "yc-document-private.h"

YcDocument *
yc_document_new_commitment (JsonObject         *case_body,
                            const YcNoticeInfo *info)
{
  static const YcNoticeInfo no_info = { NULL, };
  g_autoptr(GPtrArray) deferred = yc_paper_case_materials (case_body, "deferred");
  g_autoptr(GPtrArray) committed = yc_paper_case_materials (case_body, "committed");
  const char *subject = yc_paper_case_subject (case_body);
  g_autofree char *job = NULL;
  g_autofree char *date = NULL;
  const YcTranslation *tr;
  YcScript script;
  const char *title;
  YcDocument *doc;

  if (info == NULL)
    info = &no_info;
  yc_paper_language (info, &tr, &script);
  /* Translators: the title of the paper the applicant signs (承诺书) */
  title = T_(tr, "Letter of Commitment");
  job = yc_doc_title (tr, title, subject);
  /* Translators: the start of the saved file's name: 承诺书 */
  doc = yc_doc_new (job, TC_(tr, "file name", "Letter of Commitment"), subject, info);
  date = yc_doc_format_date (tr, doc->date);

  if (yc_doc_has_text (info->hall))
    yc_doc_add_text (doc, BLOCK_ISSUER, info->hall);
  yc_doc_add_text (doc, BLOCK_TITLE, title);
  {
    /* Translators: on the letter of commitment: who commits (承诺人（申请人）：王芳) */
    g_autofree char *line = g_strdup_printf (T_(tr, "Committing applicant: %s"), yc_paper_case_applicant_name (case_body));
    yc_doc_add_text (doc, BLOCK_LINE, line);
  }
  {
    /* Translators: on the letter of commitment: what is applied for (申请事项：企业开办一件事) */
    g_autofree char *line = g_strdup_printf (T_(tr, "Matter applied for: %s"), subject);
    yc_doc_add_text (doc, BLOCK_LINE, line);
  }
  yc_doc_add_text (doc, BLOCK_PARAGRAPH,
                   /* Translators: the opening of the letter of commitment */
                   T_(tr, "In applying for the matter above, I make the following commitment to the service centre:"));

  if (deferred->len > 0)
    {
      yc_paper_add_deferred_table (doc, deferred);
      yc_doc_add_text (doc, BLOCK_PARAGRAPH,
                       /* Translators: 容缺受理承诺: what the applicant promises and what follows if not */
                       T_(tr, "I will bring each material listed above, genuine and in the required form, by its date. If I "
                              "do not, the application is treated as withdrawn and is not completed, and the failure to keep "
                              "this commitment is recorded."));
    }
  if (committed->len > 0)
    {
      /* Translators: heading of the materials a commitment stands in for (告知承诺事项) */
      yc_doc_add_text (doc, BLOCK_HEADING, T_(tr, "Proof Replaced by This Commitment"));
      for (guint i = 0; i < committed->len; i++)
        {
          g_autofree char *marker = g_strdup_printf ("%u.", i + 1);
          yc_doc_add_item (doc, marker, yc_guide_get_string (g_ptr_array_index (committed, i), "name"));
        }
      yc_doc_add_text (doc, BLOCK_PARAGRAPH,
                       /* Translators: 告知承诺: what the applicant promises in place of proof, and what follows if false */
                       T_(tr, "I have been told what the proof listed above must show, and I commit that I meet these "
                              "conditions; this commitment stands in for the proof. I know that the authority will check, "
                              "and that if the commitment proves untrue the decision is revoked, I bear the legal "
                              "consequences and the untrue commitment is recorded in my credit record."));
    }
  yc_doc_add_text (doc, BLOCK_PARAGRAPH,
                   /* Translators: the last sentence of the letter of commitment */
                   T_(tr, "Everything I have provided is true, lawful and valid."));
  g_array_index (doc->blocks, Block, doc->blocks->len - 1).keep_with_next = TRUE;

  {
    char *closing[2];
    GString *right = g_string_new (NULL);

    if (yc_doc_has_text (info->hall))
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
    yc_doc_add_cells (doc, BLOCK_CLOSING, -1, 2, closing);
  }
  yc_paper_add_signature (doc,
                          /* Translators: the line the applicant signs the commitment on: 承诺人（签字）： */
                          T_(tr, "Signature of the committing party:"),
                          /* Translators: next to that signature: 日期： */
                          T_(tr, "Date:"));
  return doc;
}

YcDocument *
yc_document_new_receipt (JsonObject         *case_body,
                         const char         *reference,
                         const YcNoticeInfo *info)
{
  static const YcNoticeInfo no_info = { NULL, };
  g_autoptr(GPtrArray) deferred = yc_paper_case_materials (case_body, "deferred");
  g_autofree char *job = NULL;
  g_autofree char *date = NULL;
  g_autofree char *accepted = NULL;
  g_autofree char *due = NULL;
  g_autofree char *intro = NULL;
  const char *subject = yc_paper_case_subject (case_body);
  const YcTranslation *tr;
  YcScript script;
  const char *title;
  YcDocument *doc;

  if (info == NULL)
    info = &no_info;
  yc_paper_language (info, &tr, &script);

  title = deferred->len > 0
          /* Translators: the title of the paper when materials follow on commitment: 容缺受理通知书 */
          ? T_(tr, "Notice of Acceptance on Commitment")
          /* Translators: the title of the paper: 受理通知书 */
          : T_(tr, "Notice of Acceptance");
  job = yc_doc_title (tr, title, subject);
  /* Translators: the start of the saved file's name: 受理通知书 */
  doc = yc_doc_new (job, TC_(tr, "file name", "Notice of Acceptance"), subject, info);
  yc_doc_set_file_number (doc, reference);
  yc_doc_add_copies (doc);
  date = yc_doc_format_date (tr, doc->date);
  accepted = yc_paper_format_day (tr, yc_guide_get_string (case_body, "accepted_on"));
  due = yc_paper_format_day (tr, yc_guide_get_string (case_body, "due_date"));

  if (yc_doc_has_text (info->hall))
    yc_doc_add_text (doc, BLOCK_ISSUER, info->hall);
  yc_doc_add_text (doc, BLOCK_TITLE, title);
  {
    /* Translators: the first line of the notice: the applicant (申请人（单位）：王芳) */
    g_autofree char *line = g_strdup_printf (T_(tr, "Applicant: %s"), yc_paper_case_applicant_name (case_body));
    yc_doc_add_text (doc, BLOCK_LINE, line);
  }
  if (deferred->len > 0)
    /* Translators: the receipt's opening when materials follow later; %s the item or package */
    intro = g_strdup_printf (T_(tr, "Your application for “%s” has been examined. The materials it needs are "
                                    "complete but for those listed below, which you have committed in writing "
                                    "to bring by the dates given: the application is accepted on that commitment."),
                             subject);
  else
    /* Translators: the receipt's opening; %s the item or package */
    intro = g_strdup_printf (T_(tr, "Your application for “%s” has been examined. The materials are complete "
                                    "and in the required form: the application is accepted."), subject);
  yc_doc_add_text (doc, BLOCK_PARAGRAPH, intro);

  {
    /* Translators: the case's reference on the receipt (受理编号) */
    g_autofree char *line = g_strdup_printf (T_(tr, "Case number: %s"), yc_doc_has_text (reference) ? reference : "—");
    yc_doc_add_text (doc, BLOCK_LINE, line);
  }
  {
    /* Translators: the day the application was accepted (受理日期) */
    g_autofree char *line = g_strdup_printf (T_(tr, "Accepted on: %s"), accepted);
    yc_doc_add_text (doc, BLOCK_LINE, line);
  }
  {
    gint64 days = yc_guide_get_int (case_body, "promised_days", -1);
    g_autofree char *line = NULL;

    if (days == 0)
      /* Translators: the promise on the receipt: done the same day (即办) */
      line = g_strdup (T_(tr, "Promised time limit: done on the spot"));
    else if (days > 0)
      /* Translators: the promise on the receipt (承诺办结时限): working days and the day it falls due */
      line = g_strdup_printf (TN_(tr, "Promised time limit: %d working day, done by %s",
                                      "Promised time limit: %d working days, done by %s", (int) MIN (days, 999)),
                              (int) MIN (days, 999), due);
    if (line != NULL)
      yc_doc_add_text (doc, BLOCK_LINE, line);
  }

  if (deferred->len > 0)
    {
      yc_paper_add_deferred_table (doc, deferred);
      {
        g_autofree char *consequence = g_markup_printf_escaped ("<b>%s</b>",
                                                                /* Translators: 容缺受理: what happens when the material does not come */
                                                                T_(tr, "If a material listed above is not brought by its date, the "
                                                                       "application is treated as withdrawn and is not completed; the "
                                                                       "failure to keep the commitment is recorded."));
        yc_doc_add_markup (doc, BLOCK_PARAGRAPH, consequence);
      }
    }
  /* The date and the signature never stand alone on the last page. */
  g_array_index (doc->blocks, Block, doc->blocks->len - 1).keep_with_next = TRUE;

  yc_paper_add_closing (doc, info, date);
  return doc;
}

/* The category of a refusal (docs/api.md, the case's "refusal") as the notice says it:
 * the ground in 《中华人民共和国行政许可法》 第三十二条 it stands on. */
static const char *
describe_refusal_ground (const YcTranslation *tr,
                         gboolean             known,
                         YcRefusalGround      ground)
{
  switch (known ? ground : YC_REFUSAL_OTHER)
    {
    case YC_REFUSAL_OUTSIDE_AUTHORITY:
      /* Translators: a refusal's ground (不属于本行政机关职权范围) */
      return T_(tr, "The matter applied for is not within this office’s powers.");
    case YC_REFUSAL_NOT_ELIGIBLE:
      /* Translators: a refusal's ground (申请人不符合法定条件) */
      return T_(tr, "The applicant does not meet the conditions the law sets for the matter.");
    case YC_REFUSAL_MATERIALS_UNCORRECTABLE:
      /* Translators: a refusal's ground (申请材料不齐全或不符合法定形式，且不能当场补正) */
      return T_(tr, "The application materials are incomplete or not in the legal form, and cannot be corrected on the spot.");
    case YC_REFUSAL_NOT_REQUIRED:
      /* Translators: a refusal's ground (依法不需要取得行政许可) */
      return T_(tr, "By law the matter applied for needs no licence.");
    case YC_REFUSAL_OTHER:
    default:
      /* Translators: a refusal's ground: another one, explained below */
      return T_(tr, "For the reason explained below.");
    }
}

YcDocument *
yc_document_new_refusal (JsonObject         *case_body,
                         const char         *reference,
                         const YcNoticeInfo *info)
{
  static const YcNoticeInfo no_info = { NULL, };
  const char *subject = yc_paper_case_subject (case_body);
  const char *basis = NULL;
  const char *explanation = NULL;
  YcRefusalGround ground = YC_REFUSAL_OTHER;
  gboolean known;
  g_autofree char *job = NULL;
  g_autofree char *date = NULL;
  g_autofree char *applied = NULL;
  const YcTranslation *tr;
  YcScript script;
  const char *title;
  YcDocument *doc;

  if (info == NULL)
    info = &no_info;
  yc_paper_language (info, &tr, &script);
  /* Translators: the title of the paper: 不予受理通知书 */
  title = T_(tr, "Notice of Refusal to Accept");
  job = yc_doc_title (tr, title, subject);
  /* Translators: the start of the saved file's name: 不予受理通知书 */
  doc = yc_doc_new (job, TC_(tr, "file name", "Notice of Refusal"), subject, info);
  yc_doc_set_file_number (doc, reference);
  yc_doc_add_copies (doc);
  date = yc_doc_format_date (tr, doc->date);
  applied = yc_paper_format_day (tr, yc_guide_get_string (case_body, "accepted_on"));
  known = yc_case_body_get_refusal (case_body, &ground, &basis, &explanation);

  if (yc_doc_has_text (info->hall))
    yc_doc_add_text (doc, BLOCK_ISSUER, info->hall);
  yc_doc_add_text (doc, BLOCK_TITLE, title);
  {
    /* Translators: the case's number on a refusal notice (编号) */
    g_autofree char *line = g_strdup_printf (T_(tr, "Number: %s"), yc_doc_has_text (reference) ? reference : "—");
    yc_doc_add_text (doc, BLOCK_LINE, line);
  }
  {
    /* Translators: the first line of the refusal notice: the applicant (申请人（单位）：王芳) */
    g_autofree char *line = g_strdup_printf (T_(tr, "Applicant: %s"), yc_paper_case_applicant_name (case_body));
    yc_doc_add_text (doc, BLOCK_LINE, line);
  }
  {
    /* Translators: the refusal's opening; %1$s the day of application, %2$s the matter */
    g_autofree char *line = g_strdup_printf (T_(tr, "On %1$s you applied for “%2$s”. Having examined the application, "
                                                    "this office has decided not to accept it, on the following ground:"),
                                             applied, subject);
    yc_doc_add_text (doc, BLOCK_PARAGRAPH, line);
  }
  yc_doc_add_text (doc, BLOCK_PARAGRAPH, describe_refusal_ground (tr, known, ground));
  {
    /* Translators: the legal basis of the refusal (依据) */
    g_autofree char *line = g_strdup_printf (T_(tr, "Legal basis: %s"), yc_doc_has_text (basis) ? basis : "—");
    yc_doc_add_text (doc, BLOCK_LINE, line);
  }
  {
    /* Translators: what the clerk explained (具体说明) */
    g_autofree char *line = g_strdup_printf (T_(tr, "Explanation: %s"), yc_doc_has_text (explanation) ? explanation : "—");
    yc_doc_add_text (doc, BLOCK_PARAGRAPH, line);
  }
  if (known && ground == YC_REFUSAL_OUTSIDE_AUTHORITY)
    yc_doc_add_text (doc, BLOCK_PARAGRAPH,
                     /* Translators: 行政许可法 第三十二条: a matter outside the office's powers is referred on */
                     T_(tr, "Please apply to the office that has the power to decide on the matter; the window can tell you "
                            "which one it is."));
  {
    g_autofree char *rights = g_markup_printf_escaped ("<b>%s</b>",
                                                       /* Translators: the applicant's remedies against the refusal:
                                                        * 行政复议 within 60 days, 行政诉讼 within 6 months */
                                                       T_(tr, "If you do not agree with this decision, you may apply for "
                                                              "administrative reconsideration within sixty days of "
                                                              "receiving this notice, or bring an administrative lawsuit "
                                                              "before the people’s court within six months, as the law "
                                                              "provides."));
    yc_doc_add_markup (doc, BLOCK_PARAGRAPH, rights);
  }
  yc_doc_add_text (doc, BLOCK_NOTE,
                   /* Translators: 否定报备: every refusal is reported and reviewed */
                   T_(tr, "This refusal has been reported to the service centre, which reviews it within two working days."));
  /* The date and the signature never stand alone on the last page. */
  g_array_index (doc->blocks, Block, doc->blocks->len - 1).keep_with_next = TRUE;
  yc_paper_add_closing (doc, info, date);
  return doc;
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
