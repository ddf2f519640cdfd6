/* yc-queue.h: the queue at the logged-in clerk's window (docs/api.md, "Queues", "Tickets",
 * "Windows"), kept current for the Queue page to show.
 *
 * The window's services with their waiting counts, the tickets parked at the window, the
 * window's state and the clerk's day. The counts come with every ticket.* event; the
 * hall's queues are read only when the event stream is down (every 2 s) and once when it
 * comes back live. Everything is read again at each log-in and emptied at a log-out.
 *
 * "news" (YcQueueNews news, const char *number, const char *detail, const char *due)
 * tells what the clerk should hear of: a rating of their visit (detail: its level as the
 * wire has it, due: the follow-up's finish_by or NULL) or a ticket transferred to their
 * window or to them (detail: the name of the window it comes from). */
#pragma once

#include <gio/gio.h>

#include "core/yc-service.h"
#include "core/yc-ticket.h"
#include "core/yc-ticket-action.h"
#include "net/yc-client.h"
#include "net/yc-events.h"
#include "net/yc-sync.h"
#include "store/yc-store.h"

G_BEGIN_DECLS

typedef enum
{
  YC_QUEUE_OPEN,     /* takes citizens */
  YC_QUEUE_PAUSED,   /* for a while, with a reason (暂停服务) */
  YC_QUEUE_CLOSED,   /* for the day (已关闭) */
} YcQueueState;

typedef enum
{
  YC_QUEUE_NEWS_RATED,        /* a visit of this clerk's was rated */
  YC_QUEUE_NEWS_TRANSFERRED,  /* a ticket was transferred to this window or clerk */
} YcQueueNews;

/* The clerk's day so far (GET /me/today). The averages are -1 before the first visit. */
typedef struct
{
  guint  served;
  gint   average_wait_seconds;
  gint   average_service_seconds;
  guint  rated;       /* ratings of the day, of any level */
  guint  satisfied;   /* very satisfied or satisfied */
  guint  bad;         /* the ratings that made a follow-up */
} YcQueueDay;

#define YC_TYPE_QUEUE (yc_queue_get_type ())
G_DECLARE_FINAL_TYPE (YcQueue, yc_queue, YC, QUEUE, GObject)

/* store: the outbox, or NULL for now (yc_queue_set_store). */
YcQueue     *yc_queue_new                (YcClient            *client,
                                          YcEvents            *events,
                                          YcStore             *store);

/* YcService of the window, in the session's order, their counts kept current. */
GListModel  *yc_queue_get_services       (YcQueue             *self);
/* Waiting for all of them. Notified as "waiting". */
guint        yc_queue_get_waiting        (YcQueue             *self);
/* The service of that letter, or NULL if the window serves none. Borrowed. */
YcService   *yc_queue_find_service       (YcQueue             *self,
                                          const char          *letter);
/* YcTicket parked at this window, parked longest first. */
GListModel  *yc_queue_get_parked         (YcQueue             *self);
/* Reads the parked tickets again (after an action that parks or calls one back). */
void         yc_queue_refresh_parked     (YcQueue             *self);

/* Notified as "state"; the pause's reason ("break", "meeting", "training",
 * "system_fault", "other") while paused, else NULL. */
YcQueueState yc_queue_get_state          (YcQueue             *self);
const char  *yc_queue_get_pause_reason   (YcQueue             *self);
/* reason: of a pause; ignored otherwise. Refused (YC_ERROR_CONFLICT) to close a window
 * with citizens called or parked at it. */
void         yc_queue_set_state_async    (YcQueue             *self,
                                          YcQueueState         state,
                                          const char          *reason,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean     yc_queue_set_state_finish   (YcQueue             *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* FALSE until the day has been read since the log-in. Notified as "day". */
gboolean     yc_queue_get_day            (YcQueue             *self,
                                          YcQueueDay          *day);
/* Reads the day again (after a visit ends). */
void         yc_queue_refresh_day        (YcQueue             *self);

/* The outbox the visits go to, and its pusher (the context's: they change at a demo
 * reset; either may be NULL meanwhile, and then nothing is finished). */
void         yc_queue_set_store          (YcQueue             *self,
                                          YcStore             *store);
void         yc_queue_set_sync           (YcQueue             *self,
                                          YcSync              *sync);

/* The ticket at the window, or NULL. Kept in the store, so that a restart brings it back
 * (read back at each log-in: meanwhile busy). Notified as "current". */
YcTicket    *yc_queue_get_current        (YcQueue             *self);
/* Whether a clerk is logged in ("session-changed" when the session changes: the queue
 * has emptied itself, or started reading the new one's); whether the server can be
 * reached (notified as "online"). */
gboolean     yc_queue_get_logged_in      (YcQueue             *self);
gboolean     yc_queue_get_online         (YcQueue             *self);
/* TRUE while an operation below is under way, or the ticket at the window is being read
 * back: the next waits. Notified as "busy". */
gboolean     yc_queue_get_busy           (YcQueue             *self);
/* The details (yc_visit_details_new) of the ticket at the window if it was finished here
 * before without the centre confirming it, and the centre still has it at this window;
 * else NULL. Borrowed, until the ticket at the window changes. */
JsonNode    *yc_queue_get_unconfirmed    (YcQueue             *self);

typedef enum
{
  YC_QUEUE_FINISH_NONE,         /* nobody was at the window */
  YC_QUEUE_FINISH_CONFIRMED,    /* finished, and the centre says so */
  YC_QUEUE_FINISH_UNCONFIRMED,  /* recorded here, the centre out of reach: its record
                                 * finishes it when pushed, if the centre applies it */
} YcQueueFinish;

/* Finishes the ticket at the window with details (yc_visit_details_new): the visit record
 * goes to the outbox first (one transaction with forgetting the ticket at the window),
 * then the centre is told. FALSE with error if the record could not be written: the
 * ticket is still at the window. */
void         yc_queue_finish_async       (YcQueue             *self,
                                          JsonNode            *details,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean     yc_queue_finish_finish      (YcQueue             *self,
                                          GAsyncResult        *result,
                                          YcQueueFinish       *finish,
                                          GError             **error);
/* One operation: the ticket at the window, if any, is finished with details as above,
 * and the next citizen is called only once the centre has finished it (it answers the
 * window's ticket while it is not). The ticket called, or NULL: nobody waits, or the
 * finish was not confirmed (finish says which) and nobody is called. */
void         yc_queue_call_next_async    (YcQueue             *self,
                                          JsonNode            *details,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
YcTicket    *yc_queue_call_next_finish   (YcQueue             *self,
                                          GAsyncResult        *result,
                                          YcQueueFinish       *finish,
                                          GError             **error);
/* A ticket's action (recall, no-show, park, call-back, return, transfer with its body)
 * on ticket; YC_TICKET_ACTION_CALL_NUMBER and _REQUEUE take the number, _WALK_IN the
 * service, in what, and no ticket. The ticket after it; the ticket at the window follows
 * (called to it, or gone from it). A recall too soon fails with YC_ERROR_CONFLICT and
 * yc_error_get_retry_after () the seconds to wait. */
void         yc_queue_act_async          (YcQueue             *self,
                                          YcTicketAction       action,
                                          YcTicket            *ticket,
                                          const char          *what,
                                          JsonNode            *body,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
YcTicket    *yc_queue_act_finish         (YcQueue             *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* Where the ticket at the window may be transferred: YcQueueTarget each (the other
 * services' queues with their counts, the other windows, the colleagues logged in). */
typedef struct
{
  char     *label;   /* translated, as the clerk picks it */
  JsonNode *body;    /* the transfer's: {"service"}, {"window"} or {"clerk"} */
} YcQueueTarget;

void         yc_queue_target_free        (YcQueueTarget       *target);
void         yc_queue_read_targets_async (YcQueue             *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GPtrArray   *yc_queue_read_targets_finish (YcQueue            *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* Translated: a rating's level as the wire has it ("very_satisfied" …), a pause's reason
 * ("break" …). */
const char  *yc_queue_rating_name        (const char          *level);
const char  *yc_queue_pause_reason_name  (const char          *reason);

/* TRUE while the counts are polled: the event stream is down. */
gboolean     yc_queue_get_polling        (YcQueue             *self);
/* Whether this node polls (the page's: only while it is shown in a window). */
void         yc_queue_set_active         (YcQueue             *self,
                                          gboolean             active);

G_END_DECLS
