/* yc-server-request.h: a request between the server's preamble (yc-server.c), which
 * finds its route and checks it, and the route's handler (yc-server-routes.c), which
 * answers it. */
#pragma once

#include <libsoup/soup.h>

#include "server/yc-scenario-play.h"
#include "server/yc-server-conn.h"
#include "server/yc-server-db.h"
#include "server/yc-server-stream.h"

G_BEGIN_DECLS

typedef struct _YcRequest YcRequest;
typedef void (*YcRouteFunc) (YcRequest *request);

typedef enum
{
  YC_ROUTE_BODY       = 1 << 0,  /* takes a JSON object: missing or malformed is 400 */
  YC_ROUTE_OWN_WINDOW = 1 << 1,  /* {id} is a window: a clerk's own session's only */
  YC_ROUTE_LOGIN      = 1 << 2,  /* counted against the address's log-in attempts */
  YC_ROUTE_PUBLIC     = 1 << 3,  /* anyone without a token too; a token given must be of roles */
  YC_ROUTE_TRAINEE_CONTROLS = 1 << 4,  /* a clerk only where the trainee runs the training */
  YC_ROUTE_FIRST_HALL = 1 << 5,  /* the staff of the database's first hall (the city centre's) only */
} YcRouteFlags;

/* One row of the route table: what the preamble checks before the handler runs. */
typedef struct
{
  const char   *method;
  const char   *pattern;     /* "/api/v1/tickets/{id}/finish": {id} a number above 0, {name} any segment */
  YcRouteFunc   handler;
  guint         roles;       /* YC_ROLE_MASK () of who may call; 0: anyone, without a token */
  gsize         body_limit;  /* bytes of body taken at most; 0: none */
  YcRouteFlags  flags;
  const char   *audit;       /* the audit log's action for each call, or NULL */
} YcRoute;

/* The log-ins of a server waiting for their PIN's hash (yc_request_login ()). */
typedef struct _YcLogins YcLogins;

YcLogins       *yc_logins_new             (YcServerDb      *db);
YcLogins       *yc_logins_ref             (YcLogins        *logins);
void            yc_logins_unref           (YcLogins        *logins);
/* The server goes: waiting log-ins are dropped, none answered any more. */
void            yc_logins_shutdown        (YcLogins        *logins);

struct _YcRequest
{
  /* The server's parts, as its preamble hands them over. */
  YcServerDb        *db;
  YcServerStream    *stream;
  YcServerConns     *conns;
  YcLogins          *logins;
  const char        *url;      /* the server's own, for an Origin */
  gboolean           simulated;  /* a training hall: yc_server_set_training () */
  YcScenarioPlay    *training;   /* the scenario played, or NULL */
  gboolean           runs_training;  /* the caller pauses it, paces it, reads any trainee's window */
  gboolean           is_trainer;     /* the caller is the clerk at the trainer's window */

  SoupServerMessage *msg;
  const YcRoute     *route;
  YcServerCaller     caller;   /* who: role NONE on a public route */
  char              *peer;     /* the address it came from */
  gint64             id;       /* the {id} of the path, 0 without */
  char              *name;     /* the {name} of the path, or NULL */
  GHashTable        *query;    /* may be NULL */
  JsonNode          *body;     /* with YC_ROUTE_BODY */
  /* What the audit log says of the call: set by the handler when it knows more. */
  const char        *audit_action;   /* instead of the route's */
  char              *audit_subject;
  char              *audit_detail;
  char              *audit_actor;    /* who, when the request has no session (a log-in) */
};

/* The table (yc-server-routes.c). */
const YcRoute  *yc_server_routes          (guint           *n_routes);

void            yc_request_free           (YcRequest       *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcRequest, yc_request_free)

/* For handlers: the server's parts. */
YcServerDb     *yc_request_db             (YcRequest       *request);
YcServerStream *yc_request_stream         (YcRequest       *request);

/* Answers. 204, no body, the connection kept. */
void            yc_request_reply_empty    (YcRequest       *request);
void            yc_request_reply_json     (YcRequest       *request,
                                           guint            status,
                                           JsonNode        *node);
/* text: JSON, taken. */
void            yc_request_reply_text     (YcRequest       *request,
                                           guint            status,
                                           char            *text);
void            yc_request_reply_error    (YcRequest       *request,
                                           guint            status,
                                           const char      *code,
                                           const char      *message);
/* The status and code of a YC_ERROR, with its retry_after; a failure inside the server
 * (others, a 500) is logged and answered as "internal" without its details. */
void            yc_request_reply_gerror   (YcRequest       *request,
                                           const GError    *error);
/* An error answer on msg, for the preamble before a request exists too: retry_after
 * above 0 goes in the Retry-After header and the body. */
void            yc_request_reply_error_to (SoupServerMessage *msg,
                                           guint            status,
                                           const char      *code,
                                           const char      *message,
                                           guint            retry_after);
/* node, or the error when node is NULL: the usual end of a handler. */
void            yc_request_reply          (YcRequest       *request,
                                           guint            status,
                                           JsonNode        *node,
                                           const GError    *error);
const char     *yc_request_query          (YcRequest       *request,
                                           const char      *name);
JsonObject     *yc_request_object         (YcRequest       *request);

/* POST /sessions: the PIN is hashed on a worker; the request waits, paused. */
void            yc_request_login          (YcRequest       *request,
                                           const char      *clerk,
                                           const char      *pin,
                                           gint64           window);
/* The audit log's line for the request, when its row (or its handler) asks for one. */
void            yc_request_audit          (YcRequest       *request);
/* Turns the request into a WebSocket if it asks to be one (checking its Origin), and
 * calls accepted with it and the caller's hall (NULL: the first) once the switch is
 * written; FALSE (answered) otherwise. */
typedef void (*YcWebsocketFunc) (YcServerStream          *stream,
                                 const char              *hall,
                                 SoupWebsocketConnection *conn,
                                 gpointer                 data);
gboolean        yc_request_accept_websocket (YcRequest       *request,
                                             YcWebsocketFunc  accepted,
                                             gpointer         data,
                                             GDestroyNotify   destroy);

G_END_DECLS
