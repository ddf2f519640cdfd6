/* yc-print.h: paper for the citizen — the service guide of an item or a one-thing package,
 * the one-time notice of missing materials (一次性告知书), the notices of acceptance
 * (受理通知书, 容缺受理通知书) and refusal (不予受理通知书), the letter of commitment (承诺书) —
 * printed through the system dialog or saved as PDF. Papers handed over at the window
 * come in two labelled copies (存根, 申请人联), each numbered on its own. Bodies are catalogue bodies (docs/api.md, "Catalogue"); members
 * that are absent or of the wrong type are left out of the paper, never a crash. */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "core/yc-catalogue-values.h"
#include "core/yc-scenario.h"
#include "core/yc-wire.h"

#include "yc-context.h"

G_BEGIN_DECLS

/* A document laid out from copies of what it was made from: the bodies may change or go
 * once it is made. Reference counted, so a print or a save under way keeps it. */
typedef struct _YcDocument YcDocument;

typedef struct
{
  const char *hall;            /* the session's hall name, e.g. 示范市政务服务中心 */
  const char *window;          /* the window as the session names it */
  const char *clerk;           /* the clerk's name */
  const char *phone;           /* enquiries: the item's guide phone, or the department's */
  GDateTime  *date;            /* the day it is handed over; NULL: today */
  const char *complaint_phone; /* optional, e.g. 12345 */
  const char *applicant;       /* the one-time notice's 申请人（单位）; NULL: a blank to write in */
  gboolean    demo;            /* a training desk's paper: every page is marked as a demo,
                                * not an official document (演示 · 非正式文书) */
  const char *language;        /* the language of the centre's documents, the session's
                                * documents_language: "zh_CN" (NULL too: as the centre
                                * writes), "zh_TW" or "zh_HK" */
} YcNoticeInfo;

/* Fills info's hall, window, clerk and the language of the centre's documents from the
 * context's session (context and its session may be NULL), whether it is a demo's paper
 * from the context (yc_context_get_demo_papers (): a demo desk, or a server playing a
 * training), and its date; the rest is cleared.
 * Every paper is made with an info from here, so none made in demo mode can leave the
 * window without its demo mark. */
void               yc_notice_info_init              (YcNoticeInfo       *info,
                                                     YcContext          *context,
                                                     GDateTime          *date);

/* Every paper is in one language, the centre's (info's language), whatever the desk
 * shows: its labels from that language's translation (the desk's own gettext when it is
 * the desk's language too), the server's text as written for Simplified, converted
 * character by character for Traditional (OpenCC s2tw, s2hk; yc-script.h). This is a
 * label as a paper in language (NULL: zh_CN) prints it: msgid is the desk's message,
 * context its msgctxt or NULL. */
const char        *yc_paper_gettext                 (const char         *language,
                                                     const char         *context,
                                                     const char         *msgid) G_GNUC_FORMAT (3);

/* The whole guide of one item. department_name may be NULL; of info (which may be NULL)
 * a guide uses only the date and the demo flag. */
YcDocument        *yc_document_new_guide            (const YcItem       *item,
                                                     const char         *department_name,
                                                     const YcNoticeInfo *info);
/* A one-thing package: its description and promised days, the materials of all its items
 * as one set (each asked once, with the items needing it), then each item's facts and
 * materials. items: YcItem in package order (NULL entries, items the catalogue lacks,
 * are skipped). info as for yc_document_new_guide(). */
YcDocument        *yc_document_new_package_guide    (const YcPackage    *package,
                                                     GPtrArray          *items,
                                                     const YcNoticeInfo *info);
/* The one-time notice: every missing material (YcMaterial) with its requirements,
 * grouped by item when the materials name their for_items (as
 * yc_guide_merge_materials() makes them). */
YcDocument        *yc_document_new_notice           (const char         *subject,
                                                     const char         *code,
                                                     GPtrArray          *missing,
                                                     const YcNoticeInfo *info);

YcDocument        *yc_document_ref                  (YcDocument         *doc);
void               yc_document_unref                (YcDocument         *doc);

/* For the print job's name, e.g. "One-Time Notice of Missing Materials — 企业设立登记". */
const char        *yc_document_get_title            (YcDocument         *doc);
/* e.g. "一次性告知书-企业设立登记-2026-11-22.pdf", or by the case's number when it has
 * one ("受理通知书-990100-20261206-0001.pdf"): no path separators, control or shell
 * special characters, no leading dot, at most 255 bytes of UTF-8. */
char              *yc_document_suggest_filename     (YcDocument         *doc);

/* The notice of acceptance (受理通知书) of an accepted case (a "case" record body,
 * docs/api.md), or of acceptance on commitment (容缺受理通知书) when materials are
 * deferred: each with the day it must be brought by, and what happens if it is not.
 * reference: the case number, or the desk's own reference until the centre gives one. */
YcDocument        *yc_document_new_receipt          (JsonObject         *case_body,
                                                     const char         *reference,
                                                     const YcNoticeInfo *info);

/* What a receipt names the case by: the centre's case_number, or until it has one the
 * window's provisional number made from the record's id, by which the case is found,
 * marked as provisional in the paper's language (info's; info may be NULL). */
char              *yc_document_receipt_reference    (const char         *record_id,
                                                     const char         *case_number,
                                                     const YcNoticeInfo *info);

/* The letter of commitment (承诺书) the applicant signs when an accepted case (a "case"
 * record body) takes materials on commitment: those deferred (容缺) with the day each is
 * due and what follows if it does not come, and those whose proof the commitment
 * replaces (告知承诺) with what follows if it is untrue. */
YcDocument        *yc_document_new_commitment       (JsonObject         *case_body,
                                                     const YcNoticeInfo *info);

/* The written refusal (不予受理通知书) of a refused case (a "case" record body with its
 * "refusal"): the applicant, the matter, the ground and its legal basis, the explanation,
 * and the right to administrative reconsideration or a lawsuit. reference: the case
 * number, or the desk's own reference until the centre gives one. */
YcDocument        *yc_document_new_refusal          (JsonObject         *case_body,
                                                     const char         *reference,
                                                     const YcNoticeInfo *info);

/* The one-time notice of a "notice" case body, printed again: what it told the applicant
 * was missing (its notice_missing), to the applicant it names. */
YcDocument        *yc_document_new_case_notice      (JsonObject         *case_body,
                                                     const YcNoticeInfo *info);

/* The paper of a case body by its decision: the receipt of an accepted case, the notice of
 * a one-time notice, the refusal notice of a refusal. */
YcDocument        *yc_document_new_case_paper       (JsonObject         *case_body,
                                                     const char         *reference,
                                                     const YcNoticeInfo *info);

/* A training's summary (训练小结): the scenario, how far it was played, each goal with
 * how it stands (yc_training_goal_describe ()) and its ticket, the counts, and a line for
 * the trainer to sign. Always marked as a demo's paper, whatever info says. */
YcDocument        *yc_document_new_training_summary (YcTrainingReport   *report,
                                                     const YcNoticeInfo *info);
/* "完成 3 · 超时完成 1 · 做错 1": how many goals are in each state there is one in. */
char              *yc_training_format_counts        (YcTrainingReport   *report);

/* The settings the print dialog opens with: last's (the printer chosen last; may be
 * NULL), one copy, and "Print to File" writing the paper's suggested name in the folder
 * saved to last, else the Documents folder, else home (never the desk's current folder). */
GtkPrintSettings  *yc_document_new_print_settings   (YcDocument         *doc,
                                                     GtkPrintSettings   *last);

/* A4 with margins, the pages laid out on begin-print; the caller runs it. */
GtkPrintOperation *yc_document_new_print_operation  (YcDocument         *doc);

/* The system print dialog, asynchronously; the document is kept until printing is done.
 * The printer and settings chosen are remembered for the next print of this process.
 * _finish returns TRUE once the paper went to the printer; FALSE with
 * G_IO_ERROR_CANCELLED when the clerk closed the dialog without printing (show nothing),
 * or another G_IO_ERROR with a sentence a clerk can read when printing failed. The
 * callback's source object is NULL. */
void               yc_document_print_async          (YcDocument         *doc,
                                                     GtkWindow          *parent,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
gboolean           yc_document_print_finish         (GAsyncResult       *result,
                                                     GError            **error);
/* The same, for a caller that need not know how it went. */
void               yc_document_print                (YcDocument         *doc,
                                                     GtkWindow          *parent);

/* Writes the PDF to path without asking, replacing a file there only once the whole PDF
 * is made. Errors are in G_IO_ERROR with a message a clerk can read (disk full, folder
 * not writable, folder gone…). */
gboolean           yc_document_export_pdf           (YcDocument         *doc,
                                                     const char         *path,
                                                     GtkWindow          *parent,
                                                     GError            **error);

/* Asks where to save (GtkFileChooserNative, the suggested file name filled in), then
 * writes the PDF there. _finish returns the path (a URI for a place without one) or
 * NULL with an error: G_IO_ERROR_CANCELLED when the clerk closed the dialog or the
 * cancellable was cancelled (show nothing), otherwise G_IO_ERROR with a message a clerk
 * can read, to show as is in a toast. The callback's source object is NULL. */
void               yc_document_save_pdf_async       (YcDocument         *doc,
                                                     GtkWindow          *parent,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
char              *yc_document_save_pdf_finish      (GAsyncResult       *result,
                                                     GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcDocument, yc_document_unref)

G_END_DECLS
