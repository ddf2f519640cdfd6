/* yc-client.h: typed calls to the central server over libsoup (docs/api.md).
 * Every call is _async/_finish on the caller's main context. Errors are in YC_ERROR. */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "core/yc-catalogue.h"
#include "core/yc-error.h"
#include "core/yc-record.h"
#include "core/yc-scenario.h"
#include "core/yc-service.h"
#include "core/yc-task.h"
#include "core/yc-ticket.h"
#include "core/yc-ticket-action.h"
#include "core/yc-wire.h"

G_BEGIN_DECLS

#define YC_TYPE_CLIENT (yc_client_get_type ())
G_DECLARE_FINAL_TYPE (YcClient, yc_client, YC, CLIENT, GObject)

YcClient        *yc_client_new                  (const char          *base_url);
/* What a clerk or an IT office typed as a server's address, as a base URL: http:// put
 * before it when it names no scheme, spaces and a trailing / taken off; NULL when it is
 * no http or https address with a host. */
char            *yc_client_normalize_url        (const char          *text);
const char      *yc_client_get_base_url         (YcClient            *self);
void             yc_client_set_base_url         (YcClient            *self,
                                                 const char          *base_url);
/* FALSE after a call could not reach the server, TRUE again after any answer. */
gboolean         yc_client_get_online           (YcClient            *self);
/* The session of the last successful log-in, or NULL. Notified as "session". */
const YcSession *yc_client_get_session          (YcClient            *self);
/* Ends the session, here at once and on the server (DELETE /sessions/current) as soon as
 * it can be reached; _async tells when the server has answered (or could not). */
void             yc_client_logout               (YcClient            *self);
void             yc_client_logout_async         (YcClient            *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         yc_client_logout_finish        (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* A device's token (a kiosk's, a rating pad's), sent with the calls that need no
 * session; NULL for none. */
void             yc_client_set_device_token     (YcClient            *self,
                                                 const char          *token);
/* Verify https servers against this PEM file instead of the system CAs; NULL or "" restores them. */
gboolean         yc_client_set_ca_file          (YcClient            *self,
                                                 const char          *path,
                                                 GError             **error);

void             yc_client_health_async         (YcClient            *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         yc_client_health_finish        (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

void             yc_client_login_async          (YcClient            *self,
                                                 const char          *clerk,
                                                 const char          *pin,
                                                 gint64               window,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         yc_client_login_finish         (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* The event stream (docs/api.md, "Events"), open: after < 0 asks only for what happens
 * from now; after ≥ 0 first for every event after that id. Needs a session. */
void             yc_client_connect_events_async (YcClient            *self,
                                                 gint64               after,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
SoupWebsocketConnection *yc_client_connect_events_finish (YcClient      *self,
                                                          GAsyncResult  *result,
                                                          GError       **error);

/* The kiosk: its device token (yc_client_set_device_token ()), no session. */
void             yc_client_take_ticket_async    (YcClient            *self,
                                                 const char          *service,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
YcTicket        *yc_client_take_ticket_finish   (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* Returns NULL without an error when nobody is waiting. */
void             yc_client_call_next_async      (YcClient            *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
YcTicket        *yc_client_call_next_finish     (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* An action of a ticket's own path: recall, no-show, requeue, park, call-back, return or
 * transfer (with its body) (docs/api.md); body may be NULL. Answers the ticket after it. */
void             yc_client_ticket_action_async  (YcClient            *self,
                                                 gint64               ticket_id,
                                                 YcTicketAction       action,
                                                 JsonNode            *body,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
YcTicket        *yc_client_ticket_action_finish (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Calls today's waiting ticket of that number to the session's window. */
void             yc_client_call_number_async    (YcClient            *self,
                                                 const char          *number,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
YcTicket        *yc_client_call_number_finish   (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* A citizen without a ticket, served at the session's window: the ticket made for them. */
void             yc_client_walk_in_async        (YcClient            *self,
                                                 const char          *service,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
YcTicket        *yc_client_walk_in_finish       (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Puts today's no-show of that number back in the queue. */
void             yc_client_requeue_number_async (YcClient            *self,
                                                 const char          *number,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
YcTicket        *yc_client_requeue_number_finish (YcClient           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* What the Queue page reads as it is (docs/api.md): GET /windows, the session window's
 * parked tickets, the clerk's day. */
typedef enum
{
  YC_CLIENT_READ_WINDOWS,
  YC_CLIENT_READ_PARKED,
  YC_CLIENT_READ_TODAY,
} YcClientRead;

void             yc_client_read_async           (YcClient            *self,
                                                 YcClientRead         what,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
JsonNode        *yc_client_read_finish          (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* The session's window: its state ("open", "paused", "closed") and a pause's reason. */
void             yc_client_get_window_state_async (YcClient          *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         yc_client_get_window_state_finish (YcClient         *self,
                                                 GAsyncResult        *result,
                                                 char               **state,
                                                 char               **reason,
                                                 GError             **error);
/* state: "open", "paused" (reason: "break", "meeting", "training", "system_fault",
 * "other") or "closed" (reason NULL). */
void             yc_client_set_window_state_async (YcClient          *self,
                                                 const char          *state,
                                                 const char          *reason,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         yc_client_set_window_state_finish (YcClient         *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* details: NULL, or {"outcome", "note", "services"} (docs/api.md). Not the desk's Finish,
 * which is the visit record alone (yc_queue_finish_async): for other clients of the route
 * and its tests. */
void             yc_client_finish_ticket_async  (YcClient            *self,
                                                 gint64               ticket_id,
                                                 JsonNode            *details,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         yc_client_finish_ticket_finish (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* An array of YcService with their waiting counts, for every service of the hall. */
void             yc_client_get_queues_async     (YcClient            *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray       *yc_client_get_queues_finish    (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* What changed in the catalogue after revision since, at most limit entries (0: the
 * server's default page). Ask again with since = delta->revision while delta->more. */
void             yc_client_get_catalogue_async  (YcClient            *self,
                                                 gint64               since,
                                                 guint                limit,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
YcCatalogueDelta *yc_client_get_catalogue_finish (YcClient           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* records: YcRecord. Returns an array of YcRecordResult, one per record sent. */
void             yc_client_push_records_async   (YcClient            *self,
                                                 GPtrArray           *records,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray       *yc_client_push_records_finish  (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* What the centre knows of a person (id_number) or an enterprise (credit_code),
 * normalised, to fill a form (免填写; docs/api.md, POST /lookup): the answer's object,
 * "found" checked, the rest to be read tolerantly. */
void             yc_client_lookup_async         (YcClient            *self,
                                                 const char          *id_number,
                                                 const char          *credit_code,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
JsonNode        *yc_client_lookup_finish        (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* The session's clerk's cases, newest first (docs/api.md, GET /cases): an array of
 * objects, to be read tolerantly. */
void             yc_client_get_cases_async      (YcClient            *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
JsonArray       *yc_client_get_cases_finish     (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* The session's tasks (docs/api.md, GET /tasks): view "mine", "claimable" or "done";
 * an array of YcTask, in the server's order. */
void             yc_client_get_tasks_async      (YcClient            *self,
                                                 const char          *view,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray       *yc_client_get_tasks_finish     (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* action: "claim" or "release" (a completion goes through the outbox, as a task_result
 * record). Answers the task after it. */
void             yc_client_task_action_async    (YcClient            *self,
                                                 gint64               task_id,
                                                 const char          *action,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
YcTask          *yc_client_task_action_finish   (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* The training scenario the server plays (docs/scenarios.md, GET /training): what a
 * trainee's window is to do and how it stands: window's (?window=N, a supervisor's
 * session only), or with 0 this session's own (a supervisor's: the trainees' first).
 * YC_ERROR_NOT_FOUND when none plays. */
void             yc_client_get_training_async   (YcClient            *self,
                                                 gint64               window,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
YcTrainingReport *yc_client_get_training_finish (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* POST /training: paused < 0 and pace <= 0 leave each as it is. Answers the report after
 * it; YC_ERROR_FORBIDDEN for a trainee of a classroom, YC_ERROR_NOT_FOUND when none plays. */
void             yc_client_set_training_async   (YcClient            *self,
                                                 int                  paused,
                                                 double               pace,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
YcTrainingReport *yc_client_set_training_finish (YcClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
