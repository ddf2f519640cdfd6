/* yc-record.h: what a clerk produces (a finished visit, a case …), carried by the outbox. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  YC_RECORD_STORED,     /* first time the server saw this id */
  YC_RECORD_DUPLICATE,  /* the server had it already: also done */
  YC_RECORD_REJECTED,   /* the server will never take it; kept locally with the reason */
  YC_RECORD_NOT_APPLIED,/* stored, but it changed nothing (its ticket had moved on): the
                         * clerk is told why, with code and message */
} YcRecordStatus;

/* Why the centre did not take or apply a record (YcRecordResult's code): the reasons a
 * desk tells a clerk in words of its own; any other is told in the centre's message. */
typedef enum
{
  YC_RECORD_REASON_OTHER,
  YC_RECORD_REASON_TICKET_TAKEN,       /* a visit: another window or clerk has the ticket */
  YC_RECORD_REASON_TICKET_NOT_CALLED,  /* a visit: the ticket is waiting or absent */
  YC_RECORD_REASON_TICKET_NOT_FOUND,   /* a visit: no such ticket */
  YC_RECORD_REASON_TOO_LARGE,          /* refused: larger than the centre takes */
} YcRecordReason;

/* "ticket_taken", "ticket_not_called", "ticket_not_found", "too_large"; NULL for
 * YC_RECORD_REASON_OTHER. */
const char     *yc_record_reason_to_wire   (YcRecordReason  reason);
/* YC_RECORD_REASON_OTHER for NULL or a code not listed. */
YcRecordReason  yc_record_reason_from_wire (const char     *code);

/* The kinds of record (docs/api.md, "Records"). */
typedef enum
{
  YC_RECORD_KIND_OTHER,        /* one this build does not know */
  YC_RECORD_KIND_VISIT,        /* a finished visit at the window */
  YC_RECORD_KIND_CASE,         /* the decision on an intake */
  YC_RECORD_KIND_TASK_RESULT,  /* a task completed at the desk */
} YcRecordKind;

/* "visit", "case", "task_result"; NULL for YC_RECORD_KIND_OTHER. */
const char     *yc_record_kind_to_wire     (YcRecordKind    kind);
/* YC_RECORD_KIND_OTHER for NULL or a kind not listed. */
YcRecordKind    yc_record_kind_from_wire   (const char     *wire);

typedef struct
{
  char           *id;
  YcRecordStatus  status;
  char           *message;
  char           *code;         /* not_applied: why, for the desk to say in the clerk's words */
  char           *case_number;  /* a case's official number (受理编号), when it has one */
} YcRecordResult;

#define YC_TYPE_RECORD (yc_record_get_type ())
G_DECLARE_FINAL_TYPE (YcRecord, yc_record, YC, RECORD, GObject)

YcRecord   *yc_record_new            (const char *kind,
                                      JsonNode   *body);
YcRecord   *yc_record_new_full       (const char *id,
                                      const char *kind,
                                      const char *created_at,
                                      JsonNode   *body);
YcRecord   *yc_record_new_from_json  (JsonNode   *node,
                                      GError    **error);
JsonNode   *yc_record_to_json        (YcRecord   *self);
const char *yc_record_get_id         (YcRecord   *self);
const char *yc_record_get_kind       (YcRecord   *self);
const char *yc_record_get_created_at (YcRecord   *self);
JsonNode   *yc_record_get_body       (YcRecord   *self);
char       *yc_record_dup_body_text  (YcRecord   *self);
/* What the record is about, as the clerk knows it (borrowed from the body): a visit's
 * ticket number, a case's title; NULL for another kind or when the body has none. */
const char *yc_record_get_subject    (YcRecord   *self);

YcRecordResult *yc_record_result_new        (const char     *id,
                                             YcRecordStatus  status,
                                             const char     *message);
void            yc_record_result_free       (YcRecordResult *result);
const char     *yc_record_status_to_wire    (YcRecordStatus  status);
gboolean        yc_record_status_from_wire  (const char     *wire,
                                             YcRecordStatus *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcRecordResult, yc_record_result_free)

G_END_DECLS
