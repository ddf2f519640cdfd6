/* yc-cases.h: the logged-in clerk's cases, as one list: those decided at this desk (the
 * outbox: waiting to be sent, sent, refused by the centre) joined with the centre's list
 * of them (GET /cases), each with the centre's case number (受理编号) as soon as a push
 * result or the centre's list gives it, its due date, and for an accepted case the
 * materials still owed (容缺) with the day each is due.
 *
 * It follows the store: each push answered (the outbox's "pending" and "attention"
 * change) reads the outbox again, where the numbers the pushes returned are kept; the
 * centre's list is fetched at each log-in and on yc_cases_refresh(). Pages bind the
 * model; nothing outside reads wire JSON for it. */
#pragma once

#include <gio/gio.h>

#include "core/yc-case.h"
#include "net/yc-client.h"
#include "store/yc-store.h"

G_BEGIN_DECLS

/* Where a case stands, as a clerk says it. */
typedef enum
{
  YC_CASE_WAITING,          /* decided here, not yet at the centre (待同步) */
  YC_CASE_NOT_TAKEN,        /* the centre refused the record: it never got there */
  YC_CASE_ACCEPTED,         /* 已受理 */
  YC_CASE_NOTICE_GIVEN,     /* 一次性告知 */
  YC_CASE_UNDER_REVIEW,     /* 不予受理, reported for review (否定报备) */
  YC_CASE_OTHER,            /* a status this desk does not know: shown as the centre says it */
} YcCaseProgress;

/* A material an accepted case still waits for (容缺), and the day it is due. */
typedef struct
{
  char *name;
  char *due;   /* YYYY-MM-DD, or NULL */
} YcCaseOwed;

#define YC_TYPE_CASE_ENTRY (yc_case_entry_get_type ())
G_DECLARE_FINAL_TYPE (YcCaseEntry, yc_case_entry, YC, CASE_ENTRY, GObject)

const char     *yc_case_entry_get_id           (YcCaseEntry *self);
/* The centre's number; NULL until it gave one (never, for a notice). */
const char     *yc_case_entry_get_case_number  (YcCaseEntry *self);
YcDecision      yc_case_entry_get_decision     (YcCaseEntry *self);
YcCaseProgress  yc_case_entry_get_progress     (YcCaseEntry *self);
/* The centre's status as it gave it (accepted, reported_for_review, notice …), or NULL. */
const char     *yc_case_entry_get_status       (YcCaseEntry *self);
const char     *yc_case_entry_get_title        (YcCaseEntry *self);
const char     *yc_case_entry_get_applicant    (YcCaseEntry *self);
/* The ID number or credit code, masked (yc-mask.h): never the full number. */
const char     *yc_case_entry_get_masked_id    (YcCaseEntry *self);
const char     *yc_case_entry_get_accepted_on  (YcCaseEntry *self);
/* An accepted case's promised day; NULL for the others. */
const char     *yc_case_entry_get_due_date     (YcCaseEntry *self);
/* A refusal's review day; NULL for the others. */
const char     *yc_case_entry_get_review_due   (YcCaseEntry *self);
/* Why the centre refused the record (YC_CASE_NOT_TAKEN), as it said it. */
const char     *yc_case_entry_get_message      (YcCaseEntry *self);
/* The record decided at this desk, for its papers; NULL for a case decided elsewhere. */
YcRecord       *yc_case_entry_get_record       (YcCaseEntry *self);
/* An accepted case's deferred materials (YcCaseOwed), in the case's order; empty when none
 * or when the case was decided at another desk. */
GPtrArray      *yc_case_entry_get_owed         (YcCaseEntry *self);
/* Whether it matches what a clerk typed in the search: case number, title, applicant,
 * masked number (case-folded). */
gboolean        yc_case_entry_matches          (YcCaseEntry *self,
                                                const char  *folded_query);

#define YC_TYPE_CASES (yc_cases_get_type ())
G_DECLARE_FINAL_TYPE (YcCases, yc_cases, YC, CASES, GObject)

YcCases    *yc_cases_new          (YcClient            *client);
/* The outbox it reads (the context's, which changes at a demo reset); NULL for none. */
void        yc_cases_set_store    (YcCases             *self,
                                   YcStore             *store);
/* YcCaseEntry: this desk's cases not yet at the centre first, then the rest, newest first. */
GListModel *yc_cases_get_model    (YcCases             *self);
/* Why the centre's list could not be fetched the last time, or NULL. Notified as "error". */
const GError *yc_cases_get_error  (YcCases             *self);
/* TRUE while a refresh is under way. Notified as "busy". */
gboolean    yc_cases_get_busy     (YcCases             *self);
/* Reads the outbox and fetches the centre's list again. */
void        yc_cases_refresh      (YcCases             *self);
/* The case of that record id, or NULL. */
YcCaseEntry *yc_cases_lookup      (YcCases             *self,
                                   const char          *id);
/* The centre's number of the case of record id, once the push brings it: at once when it
 * is known, NULL at once when the desk is offline, and NULL (no error) when timeout_ms
 * passes first or the centre refuses the record. Never blocks the main loop. */
void        yc_cases_wait_number_async  (YcCases             *self,
                                         const char          *id,
                                         guint                timeout_ms,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
char       *yc_cases_wait_number_finish (YcCases             *self,
                                         GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
