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

YcRecordResult *yc_record_result_new        (const char     *id,
                                             YcRecordStatus  status,
                                             const char     *message);
void            yc_record_result_free       (YcRecordResult *result);
const char     *yc_record_status_to_wire    (YcRecordStatus  status);
gboolean        yc_record_status_from_wire  (const char     *wire,
                                             YcRecordStatus *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcRecordResult, yc_record_result_free)

G_END_DECLS
