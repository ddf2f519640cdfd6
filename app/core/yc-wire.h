/* yc-wire.h: JSON codecs of the wire contract (docs/api.md) shared by desk and server.
 * Decoders treat their input as untrusted: anything off-contract is a YC_ERROR_PROTOCOL
 * (or, on the server, YC_ERROR_BAD_REQUEST) error, never a crash. */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-record.h"
#include "yc-role.h"
#include "yc-service.h"

G_BEGIN_DECLS

typedef struct
{
  char      *token;
  char      *clerk_id;
  char      *clerk_name;
  YcRole     role;      /* a clerk, or the back office or a duty manager (supervisor) */
  gint64     window_id; /* 0 and NULL for the back office and a duty manager: no window */
  char      *window_name;
  char      *hall_name;
  char      *documents_language; /* the language of the papers for citizens: "zh_CN" (as the
                                  * centre writes, also for a server that does not say),
                                  * "zh_TW" or "zh_HK" */
  GPtrArray *services;  /* YcService, the services the window serves */
  gboolean   training;  /* the server plays a training scenario (simulated citizens):
                         * what this desk prints is a demo's paper */
} YcSession;

YcSession  *yc_session_new_from_json   (JsonNode     *node,
                                        GError      **error);
void        yc_session_free            (YcSession    *session);
YcSession  *yc_session_copy            (const YcSession *session);
GType       yc_session_get_type        (void) G_GNUC_CONST;
#define YC_TYPE_SESSION (yc_session_get_type ())
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcSession, yc_session_free)

/* Parse text that must be one JSON object. error_code is the YcError to report. */
JsonNode   *yc_wire_parse_object       (const char   *data,
                                        gsize         length,
                                        int           error_code,
                                        GError      **error);
/* Compact JSON text. */
char       *yc_wire_to_string          (JsonNode     *node);
/* text as a JSON string, quoted and escaped, for answers written out by hand. */
void        yc_wire_append_string      (GString      *out,
                                        const char   *text);

JsonNode   *yc_wire_error_body         (const char   *code,
                                        const char   *message);
/* The same with "retry_after": the seconds until trying again makes sense (0: none). */
JsonNode   *yc_wire_error_body_retry   (const char   *code,
                                        const char   *message,
                                        guint         retry_after);
gboolean    yc_wire_error_from_json    (JsonNode     *node,
                                        char        **code,
                                        char        **message);

GPtrArray  *yc_wire_queues_from_json   (JsonNode     *node,
                                        GError      **error);
JsonNode   *yc_wire_records_to_json    (GPtrArray    *records);
GPtrArray  *yc_wire_results_from_json  (JsonNode     *node,
                                        GError      **error);
JsonNode   *yc_wire_results_to_json    (GPtrArray    *results);

/* Strict member access: a missing or mistyped member is an error of error_code. */
const char *yc_json_require_string     (JsonObject   *object,
                                        const char   *member,
                                        int           error_code,
                                        GError      **error);
gboolean    yc_json_require_int        (JsonObject   *object,
                                        const char   *member,
                                        gint64       *value,
                                        int           error_code,
                                        GError      **error);
const char *yc_json_optional_string    (JsonObject   *object,
                                        const char   *member);
/* A member that may be missing or null (*value left as it is); anything else than an
 * integer is an error of error_code. */
gboolean    yc_json_optional_int       (JsonObject   *object,
                                        const char   *member,
                                        gint64       *value,
                                        int           error_code,
                                        GError      **error);

G_END_DECLS
