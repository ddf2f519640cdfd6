/* yc-queue.c: the queue at the clerk's window, kept from the event stream, with reads
 * only where the stream cannot say (see yc-queue.h).
 *
 * One cancellable per session: a read answered after a log-out (or a log-in elsewhere)
 * is dropped, never shown as the new session's. */
#include "core/config-i18n.h"

#include "yc-queue.h"
#include "yc-queue-private.h"

#include <string.h>

#include "core/yc-error.h"
#include "core/yc-time.h"
#include "core/yc-visit.h"
#include "core/yc-wire.h"

#define POLL_INTERVAL_MS 2000
#define CURRENT_KEY      "queue.current"

struct _YcQueue
{
  GObject       parent_instance;

  YcClient     *client;
  YcEvents     *events;
  YcStore      *store;
  YcSync       *sync;
  YcTicket     *current;
  GHashTable   *unconfirmed;          /* ticket id → details of a finish the centre did not
                                       * confirm; kept across log-ins, which an outage may need */
  JsonNode     *current_unconfirmed;  /* the current ticket's, taken from unconfirmed */
  guint         operations;           /* under way */
  GCancellable *session_cancellable;  /* cancelled when the session changes, and in dispose */
  GListStore   *services;             /* YcService */
  GListStore   *parked;               /* YcTicket */
  YcQueueState  state;
  char         *pause_reason;
  YcQueueDay    day;
  guint         waiting;
  guint         pending;              /* the store's records waiting, as last seen */
  guint         poll_source;
  gint64        read_event;           /* the last event when the read under way began */

  guint         active : 1;
  guint         restoring : 1;        /* the ticket left at the window is being read back */
  guint         busy : 1;
  guint         day_known : 1;
  guint         reading : 1;          /* GET /queues under way */
  guint         read_again : 1;       /* asked for while one was under way */
};

G_DEFINE_FINAL_TYPE (YcQueue, yc_queue, G_TYPE_OBJECT)

G_DEFINE_QUARK (yc-queue-error-quark, yc_queue_error)

enum {
  PROP_0,
  PROP_WAITING,
  PROP_STATE,
  PROP_DAY,
  PROP_POLLING,
  PROP_CURRENT,
  PROP_BUSY,
  PROP_ONLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  NEWS,
  SESSION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void read_queues (YcQueue *self);

static gboolean
session_is_clerk (YcQueue *self)
{
  return yc_client_get_session (self->client) != NULL;
}

static void
set_state (YcQueue      *self,
           YcQueueState  state,
           const char   *reason)
{
  gboolean changed = self->state != state || g_strcmp0 (self->pause_reason, reason) != 0;

  self->state = state;
  g_free (self->pause_reason);
  self->pause_reason = state == YC_QUEUE_PAUSED ? g_strdup (reason != NULL ? reason : "other") : NULL;
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
update_waiting (YcQueue *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->services));
  guint total = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcService) service = g_list_model_get_item (G_LIST_MODEL (self->services), i);

      total += yc_service_get_waiting (service);
    }
  if (self->waiting == total)
    return;
  self->waiting = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
}

/* The counts of the window's services, from the hall's (YcService each). */
static void
apply_queues (YcQueue   *self,
              GPtrArray *queues)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->services));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcService) service = g_list_model_get_item (G_LIST_MODEL (self->services), i);

      for (guint j = 0; j < queues->len; j++)
        {
          YcService *queue = g_ptr_array_index (queues, j);

          if (g_strcmp0 (yc_service_get_letter (queue), yc_service_get_letter (service)) == 0)
            {
              yc_service_set_waiting (service, yc_service_get_waiting (queue));
              yc_service_set_waiting_since (service, yc_service_get_waiting_since (queue));
              break;
            }
        }
    }
  update_waiting (self);
}

static void
on_queues_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(YcQueue) self = user_data;
  g_autoptr(GPtrArray) queues = NULL;
  g_autoptr(GError) error = NULL;

  queues = yc_client_get_queues_finish (YC_CLIENT (object), result, &error);
  /* Cancelled: the session it was for has ended, and its state was reset. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->reading = FALSE;
  if (queues == NULL)
    /* Offline shows in the header; a warning every 2 s would only nag. */
    g_debug ("Queues not read: %s", error->message);
  else if (yc_events_get_last_id (self->events) != self->read_event)
    /* An event came while the answer was on its way: the answer may be the older of the
     * two. The event stands; ask again. */
    self->read_again = TRUE;
  else
    apply_queues (self, queues);

  if (self->read_again)
    {
      self->read_again = FALSE;
      read_queues (self);
    }
}

/* Never two reads at once: one asked for during another runs right after it. */
static void
read_queues (YcQueue *self)
{
  if (!session_is_clerk (self))
    return;
  if (self->reading)
    {
      self->read_again = TRUE;
      return;
    }
  self->reading = TRUE;
  self->read_event = yc_events_get_last_id (self->events);
  yc_client_get_queues_async (self->client, self->session_cancellable, on_queues_read_cb, g_object_ref (self));
}

static gboolean
on_poll_cb (gpointer user_data)
{
  YcQueue *self = user_data;

  if (!self->reading)
    read_queues (self);
  return G_SOURCE_CONTINUE;
}

/* Polled only while the stream is down, a clerk is logged in and the page is shown. */
static void
update_polling (YcQueue *self)
{
  gboolean wanted = self->active && session_is_clerk (self) && !yc_events_get_live (self->events);

  if (wanted == (self->poll_source != 0))
    return;
  if (wanted)
    {
      read_queues (self);
      self->poll_source = g_timeout_add (POLL_INTERVAL_MS, on_poll_cb, self);
    }
  else
    g_clear_handle_id (&self->poll_source, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLLING]);
}

/* 好差评 of a visit this clerk served. */
static void
tell_rating (YcQueue    *self,
             JsonObject *rating)
{
  const YcSession *session = yc_client_get_session (self->client);
  const char *number = yc_json_optional_string (rating, "number");
  const char *level = yc_json_optional_string (rating, "level");
  JsonNode *follow_up = json_object_get_member (rating, "follow_up");
  const char *due = NULL;

  if (session == NULL || number == NULL || level == NULL ||
      g_strcmp0 (yc_json_optional_string (rating, "clerk"), session->clerk_id) != 0)
    return;
  yc_queue_refresh_day (self);
  if (follow_up != NULL && JSON_NODE_HOLDS_OBJECT (follow_up))
    due = yc_json_optional_string (json_node_get_object (follow_up), "finish_by");
  g_signal_emit (self, signals[NEWS], 0, YC_QUEUE_NEWS_RATED, number, level, due);
}

/* A ticket transferred to this window or this clerk. */
static void
tell_transfer (YcQueue  *self,
               JsonNode *node)
{
  const YcSession *session = yc_client_get_session (self->client);
  JsonObject *ticket = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *from;

  if (session == NULL || ticket == NULL ||
      (json_object_get_int_member_with_default (ticket, "target_window", 0) != session->window_id &&
       g_strcmp0 (yc_json_optional_string (ticket, "target_clerk"), session->clerk_id) != 0))
    return;
  from = yc_json_optional_string (ticket, "transferred_from_name");
  g_signal_emit (self, signals[NEWS], 0, YC_QUEUE_NEWS_TRANSFERRED, yc_json_optional_string (ticket, "number"),
                 from != NULL ? from : "", NULL);
}

/* A ticket finished at this window (here, or by the centre applying a record this desk
 * pushed earlier): the clerk's day counts it now, not at the next outbox change. */
static void
finished_here (YcQueue  *self,
               JsonNode *node)
{
  const YcSession *session = yc_client_get_session (self->client);
  JsonObject *ticket = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  if (session == NULL || ticket == NULL ||
      json_object_get_int_member_with_default (ticket, "window", 0) != session->window_id)
    return;
  yc_queue_refresh_day (self);
}

/* A ticket.* event carries the hall's counts after it: no read needed. */
static void
on_event_cb (YcEvents   *events,
             const char *kind,
             JsonNode   *body,
             gint64      id,
             YcQueue    *self)
{
  g_autoptr(GPtrArray) queues = NULL;
  g_autoptr(GError) error = NULL;

  if (!session_is_clerk (self) || body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return;
  if (g_str_equal (kind, "rating.received"))
    {
      tell_rating (self, json_node_get_object (body));
      return;
    }
  if (!g_str_has_prefix (kind, "ticket."))
    return;
  if (!(queues = yc_wire_queues_from_json (body, &error)))
    {
      g_message ("A queue event without its counts is skipped: %s", error->message);
      return;
    }
  apply_queues (self, queues);
  if (g_str_equal (kind, "ticket.transferred"))
    tell_transfer (self, json_object_get_member (json_node_get_object (body), "ticket"));
  else if (g_str_equal (kind, "ticket.finished"))
    finished_here (self, json_object_get_member (json_node_get_object (body), "ticket"));
}

/* Live again: events carry the counts from now on, but what changed before the stream
 * was up (a first connection asks only for what comes next) is read once. */
static void
on_live_changed_cb (YcQueue    *self,
                    GParamSpec *pspec,
                    YcEvents   *events)
{
  if (yc_events_get_live (events))
    read_queues (self);
  update_polling (self);
}

static void
on_parked_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(YcQueue) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = yc_client_read_finish (YC_CLIENT (object), result, &error);
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode *list;
  JsonArray *array;

  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Parked tickets not read: %s", error->message);
      return;
    }
  list = json_object_get_member (json_node_get_object (answer), "tickets");
  array = list != NULL && JSON_NODE_HOLDS_ARRAY (list) ? json_node_get_array (list) : NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      YcTicket *ticket = yc_ticket_new_from_json (json_array_get_element (array, i), &error);

      if (ticket == NULL)
        {
          g_warning ("A parked ticket is unreadable: %s", error->message);
          return;
        }
      g_ptr_array_add (tickets, ticket);
    }
  g_list_store_splice (self->parked, 0, g_list_model_get_n_items (G_LIST_MODEL (self->parked)), tickets->pdata,
                       tickets->len);
}

static void
on_day_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(YcQueue) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = yc_client_read_finish (YC_CLIENT (object), result, &error);
  JsonObject *object_day, *levels;
  YcQueueDay day = { 0 };

  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The day's figures not read: %s", error->message);
      return;
    }
  object_day = json_node_get_object (answer);
  day.served = (guint) MAX (json_object_get_int_member_with_default (object_day, "served", 0), 0);
  day.average_wait_seconds = (gint) json_object_get_int_member_with_default (object_day, "average_wait_seconds", -1);
  day.average_service_seconds =
    (gint) json_object_get_int_member_with_default (object_day, "average_service_seconds", -1);
  day.bad = (guint) MAX (json_object_get_int_member_with_default (object_day, "bad_ratings", 0), 0);
  levels = json_object_get_object_member (object_day, "ratings");
  if (levels != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (levels);

      for (GList *l = names; l != NULL; l = l->next)
        {
          guint count = (guint) MAX (json_object_get_int_member_with_default (levels, l->data, 0), 0);

          day.rated += count;
          if (g_str_equal (l->data, "very_satisfied") || g_str_equal (l->data, "satisfied"))
            day.satisfied += count;
        }
    }
  self->day = day;
  self->day_known = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAY]);
}

/* At log-in: a window paused before (by this clerk or a colleague) is paused still. */
static void
on_state_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(YcQueue) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *reason = NULL;

  if (!yc_client_get_window_state_finish (YC_CLIENT (object), result, &state, &reason, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Window state not read: %s", error->message);
      return;
    }
  if (g_str_equal (state, "paused"))
    set_state (self, YC_QUEUE_PAUSED, reason);
  else if (g_str_equal (state, "closed"))
    set_state (self, YC_QUEUE_CLOSED, NULL);
  else
    set_state (self, YC_QUEUE_OPEN, NULL);
}

static void
update_busy (YcQueue *self)
{
  gboolean busy = self->operations > 0 || self->restoring;

  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* What is at the window; the store is written separately (remember_current). A ticket
 * the centre still has though it was finished here without its word brings back what
 * the clerk recorded. */
static void
set_current (YcQueue  *self,
             YcTicket *ticket)
{
  gboolean another = ticket == NULL || self->current == NULL ||
                     yc_ticket_get_id (ticket) != yc_ticket_get_id (self->current);

  if (!g_set_object (&self->current, ticket))
    return;
  if (another)
    {
      gint64 id = ticket != NULL ? yc_ticket_get_id (ticket) : 0;
      gpointer key = NULL, details = NULL;

      g_clear_pointer (&self->current_unconfirmed, json_node_unref);
      if (ticket != NULL && g_hash_table_steal_extended (self->unconfirmed, &id, &key, &details))
        {
          g_free (key);
          self->current_unconfirmed = details;
        }
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

static void
on_current_saved_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Only the restart convenience is lost: the server answers the ticket again at the
   * window's next call. */
  if (!yc_store_set_value_finish (YC_STORE (object), result, &error))
    g_warning ("Could not remember the ticket at the window: %s", error->message);
}

/* The ticket called to the window, kept so that a restart brings it back. No
 * cancellable: once called, it is kept. */
static void
remember_current (YcQueue  *self,
                  YcTicket *ticket)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  /* No store while demo data are being reset: they are thrown away anyway. */
  if (self->store == NULL)
    return;
  node = yc_ticket_to_json (ticket);
  text = yc_wire_to_string (node);
  yc_store_set_value_async (self->store, CURRENT_KEY, text, NULL, on_current_saved_cb, NULL);
}

/* The ticket is no longer at the window, and not to be brought back by a restart. */
static void
forget_current (YcQueue *self)
{
  set_current (self, NULL);
  if (self->store != NULL)
    yc_store_set_value_async (self->store, CURRENT_KEY, NULL, NULL, on_current_saved_cb, NULL);
}

static void
on_restored_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(YcQueue) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = yc_store_get_value_finish (YC_STORE (object), result, &error);
  const YcSession *session = yc_client_get_session (self->client);

  /* Cancelled: the session ended and restoring was reset. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->restoring = FALSE;
  if (error != NULL)
    g_warning ("Could not read the ticket at the window: %s", error->message);
  else if (text != NULL && session != NULL)
    {
      g_autoptr(JsonNode) node = yc_wire_parse_object (text, strlen (text), YC_ERROR_STORAGE, &error);
      g_autoptr(YcTicket) ticket = node != NULL ? yc_ticket_new_from_json (node, &error) : NULL;

      if (ticket == NULL)
        g_warning ("Forgetting an unreadable ticket at the window: %s", error->message);
      /* Only a ticket of this window is ours to show; another window's stays stored. */
      else if (yc_ticket_get_window (ticket) == session->window_id)
        set_current (self, ticket);
    }
  update_busy (self);
}

static void
on_online_changed_cb (YcQueue *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

static void
on_session_changed_cb (YcQueue    *self,
                       GParamSpec *pspec,
                       YcClient   *client)
{
  const YcSession *session = yc_client_get_session (client);

  g_cancellable_cancel (self->session_cancellable);
  g_clear_object (&self->session_cancellable);
  self->session_cancellable = g_cancellable_new ();
  self->reading = FALSE;
  self->read_again = FALSE;

  g_list_store_remove_all (self->services);
  g_list_store_remove_all (self->parked);
  /* Shown no more, but kept in the store for the next log-in. */
  set_current (self, NULL);
  self->restoring = FALSE;
  set_state (self, YC_QUEUE_OPEN, NULL);
  self->day_known = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAY]);

  if (session != NULL)
    {
      for (guint i = 0; session->services != NULL && i < session->services->len; i++)
        {
          YcService *service = g_ptr_array_index (session->services, i);
          g_autoptr(YcService) copy = yc_service_new (yc_service_get_letter (service),
                                                      yc_service_get_name (service),
                                                      yc_service_get_waiting (service));

          yc_service_set_packages (copy, yc_service_get_packages (service));
          yc_service_set_expected_minutes (copy, yc_service_get_expected_minutes (service));
          g_list_store_append (self->services, copy);
        }
      yc_client_get_window_state_async (client, self->session_cancellable, on_state_read_cb, g_object_ref (self));
      yc_queue_refresh_parked (self);
      yc_queue_refresh_day (self);
      /* Calling waits until a ticket left at the window before a restart is back. */
      if (self->store != NULL)
        {
          self->restoring = TRUE;
          yc_store_get_value_async (self->store, CURRENT_KEY, self->session_cancellable, on_restored_cb,
                                    g_object_ref (self));
        }
    }
  update_busy (self);
  update_waiting (self);
  update_polling (self);
  g_signal_emit (self, signals[SESSION_CHANGED], 0);
}

static void
return_ended_session (GTask *task)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "the session it was for has ended");
}

static void
on_state_set_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcQueue *self = g_task_get_source_object (task);
  const YcSession *session = yc_client_get_session (self->client);
  GError *error = NULL;

  if (!yc_client_set_window_state_finish (YC_CLIENT (object), result, &error))
    {
      if (session == NULL || g_strcmp0 (g_task_get_task_data (task), session->token) != 0)
        {
          g_clear_error (&error);
          return_ended_session (task);
          return;
        }
      g_task_return_error (task, error);
      return;
    }
  /* Only for the session that asked: another's window is not this one. */
  if (session == NULL || g_strcmp0 (g_task_get_task_data (task), session->token) != 0)
    {
      return_ended_session (task);
      return;
    }
  set_state (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "state")),
             g_object_get_data (G_OBJECT (task), "reason"));
  g_task_return_boolean (task, TRUE);
}

static void
yc_queue_dispose (GObject *object)
{
  YcQueue *self = (YcQueue *) object;

  g_cancellable_cancel (self->session_cancellable);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);

  G_OBJECT_CLASS (yc_queue_parent_class)->dispose (object);
}

static void
yc_queue_finalize (GObject *object)
{
  YcQueue *self = (YcQueue *) object;

  g_clear_object (&self->session_cancellable);
  g_clear_object (&self->services);
  g_clear_object (&self->parked);
  g_clear_pointer (&self->pause_reason, g_free);
  g_clear_object (&self->current);
  g_clear_pointer (&self->current_unconfirmed, json_node_unref);
  g_clear_pointer (&self->unconfirmed, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->sync);
  g_clear_object (&self->events);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (yc_queue_parent_class)->finalize (object);
}

static void
yc_queue_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  YcQueue *self = YC_QUEUE (object);

  switch (prop_id)
    {
    case PROP_WAITING:
      g_value_set_uint (value, self->waiting);
      break;

    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    case PROP_DAY:
      g_value_set_boolean (value, self->day_known);
      break;

    case PROP_POLLING:
      g_value_set_boolean (value, self->poll_source != 0);
      break;

    case PROP_CURRENT:
      g_value_set_object (value, self->current);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_ONLINE:
      g_value_set_boolean (value, yc_client_get_online (self->client));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_queue_class_init (YcQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_queue_dispose;
  object_class->finalize = yc_queue_finalize;
  object_class->get_property = yc_queue_get_property;

  properties[PROP_WAITING] =
    g_param_spec_uint ("waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* A YcQueueState. */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, YC_QUEUE_OPEN, YC_QUEUE_CLOSED, YC_QUEUE_OPEN,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Whether the day is known; notified each time it is read. */
  properties[PROP_DAY] =
    g_param_spec_boolean ("day", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_POLLING] =
    g_param_spec_boolean ("polling", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CURRENT] =
    g_param_spec_object ("current", NULL, NULL, YC_TYPE_TICKET,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After the queue has emptied itself for a log-out, or started reading for a log-in. */
  signals[SESSION_CHANGED] = g_signal_new ("session-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                           NULL, NULL, G_TYPE_NONE, 0);
  signals[NEWS] = g_signal_new ("news", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 4, G_TYPE_INT, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
yc_queue_init (YcQueue *self)
{
  self->services = g_list_store_new (YC_TYPE_SERVICE);
  self->parked = g_list_store_new (YC_TYPE_TICKET);
  self->unconfirmed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) json_node_unref);
  self->session_cancellable = g_cancellable_new ();
  self->day.average_wait_seconds = -1;
  self->day.average_service_seconds = -1;
}

YcQueue *
yc_queue_new (YcClient *client,
              YcEvents *events,
              YcStore  *store)
{
  YcQueue *self;

  g_return_val_if_fail (YC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (YC_IS_EVENTS (events), NULL);

  self = g_object_new (YC_TYPE_QUEUE, NULL);
  self->client = g_object_ref (client);
  self->events = g_object_ref (events);
  yc_queue_set_store (self, store);
  g_signal_connect_object (client, "notify::session", G_CALLBACK (on_session_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::online", G_CALLBACK (on_online_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (events, "event", G_CALLBACK (on_event_cb), self, 0);
  g_signal_connect_object (events, "notify::live", G_CALLBACK (on_live_changed_cb), self, G_CONNECT_SWAPPED);
  on_session_changed_cb (self, NULL, client);
  return self;
}

GListModel *
yc_queue_get_services (YcQueue *self)
{
  g_return_val_if_fail (YC_IS_QUEUE (self), NULL);
  return G_LIST_MODEL (self->services);
}

guint
yc_queue_get_waiting (YcQueue *self)
{
  g_return_val_if_fail (YC_IS_QUEUE (self), 0);
  return self->waiting;
}

YcService *
yc_queue_find_service (YcQueue    *self,
                       const char *letter)
{
  guint n;

  g_return_val_if_fail (YC_IS_QUEUE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->services));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcService) service = g_list_model_get_item (G_LIST_MODEL (self->services), i);

      /* The store holds its own reference: borrowed is safe while the session lasts. */
      if (g_strcmp0 (yc_service_get_letter (service), letter) == 0)
        return service;
    }
  return NULL;
}

GListModel *
yc_queue_get_parked (YcQueue *self)
{
  g_return_val_if_fail (YC_IS_QUEUE (self), NULL);
  return G_LIST_MODEL (self->parked);
}

void
yc_queue_refresh_parked (YcQueue *self)
{
  g_return_if_fail (YC_IS_QUEUE (self));

  if (!session_is_clerk (self))
    return;
  yc_client_read_async (self->client, YC_CLIENT_READ_PARKED, self->session_cancellable, on_parked_read_cb,
                        g_object_ref (self));
}

YcQueueState
yc_queue_get_state (YcQueue *self)
{
  g_return_val_if_fail (YC_IS_QUEUE (self), YC_QUEUE_OPEN);
  return self->state;
}

const char *
yc_queue_get_pause_reason (YcQueue *self)
{
  g_return_val_if_fail (YC_IS_QUEUE (self), NULL);
  return self->pause_reason;
}

void
yc_queue_set_state_async (YcQueue             *self,
                          YcQueueState         state,
                          const char          *reason,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  static const char *wire[] = { "open", "paused", "closed" };
  g_autoptr(GTask) task = NULL;
  char *pause_reason;

  g_return_if_fail (YC_IS_QUEUE (self));
  g_return_if_fail ((guint) state < G_N_ELEMENTS (wire));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_queue_set_state_async);
  /* The token of the session that asked. */
  g_task_set_task_data (task, g_strdup (yc_client_get_session (self->client) != NULL
                                          ? yc_client_get_session (self->client)->token : NULL), g_free);
  g_object_set_data (G_OBJECT (task), "state", GINT_TO_POINTER (state));
  /* Read before the task is handed over: arguments have no order. */
  pause_reason = state == YC_QUEUE_PAUSED ? g_strdup (reason != NULL ? reason : "other") : NULL;
  g_object_set_data_full (G_OBJECT (task), "reason", pause_reason, g_free);
  yc_client_set_window_state_async (self->client, wire[state], pause_reason, cancellable, on_state_set_cb,
                                    g_steal_pointer (&task));
}

gboolean
yc_queue_set_state_finish (YcQueue       *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
yc_queue_get_day (YcQueue    *self,
                  YcQueueDay *day)
{
  g_return_val_if_fail (YC_IS_QUEUE (self), FALSE);

  if (day != NULL)
    *day = self->day;
  return self->day_known;
}

void
yc_queue_refresh_day (YcQueue *self)
{
  g_return_if_fail (YC_IS_QUEUE (self));

  if (!session_is_clerk (self))
    return;
  yc_client_read_async (self->client, YC_CLIENT_READ_TODAY, self->session_cancellable, on_day_read_cb,
                        g_object_ref (self));
}

gboolean
yc_queue_get_polling (YcQueue *self)
{
  g_return_val_if_fail (YC_IS_QUEUE (self), FALSE);
  return self->poll_source != 0;
}

void
yc_queue_set_active (YcQueue  *self,
                     gboolean  active)
{
  g_return_if_fail (YC_IS_QUEUE (self));

  self->active = !!active;
  update_polling (self);
}

/* Fewer records waiting: some reached the server, a visit finished while it was out of
 * reach among them perhaps. The day's figures are the server's: read them again, or the
 * panel says nothing was done today until the next online finish. */
static void
on_pending_changed_cb (YcQueue    *self,
                       GParamSpec *pspec,
                       YcStore    *store)
{
  guint pending = yc_store_get_pending (store);

  if (pending < self->pending)
    yc_queue_refresh_day (self);
  self->pending = pending;
}

void
yc_queue_set_store (YcQueue *self,
                    YcStore *store)
{
  g_return_if_fail (YC_IS_QUEUE (self));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_pending_changed_cb, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      self->pending = yc_store_get_pending (store);
      g_signal_connect_object (store, "notify::pending", G_CALLBACK (on_pending_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

void
yc_queue_set_sync (YcQueue *self,
                   YcSync  *sync)
{
  g_return_if_fail (YC_IS_QUEUE (self));
  g_set_object (&self->sync, sync);
}

YcTicket *
yc_queue_get_current (YcQueue *self)
{
  g_return_val_if_fail (YC_IS_QUEUE (self), NULL);
  return self->current;
}

gboolean
yc_queue_get_logged_in (YcQueue *self)
{
  g_return_val_if_fail (YC_IS_QUEUE (self), FALSE);
  return session_is_clerk (self);
}

gboolean
yc_queue_get_online (YcQueue *self)
{
  g_return_val_if_fail (YC_IS_QUEUE (self), FALSE);
  return yc_client_get_online (self->client);
}

gboolean
yc_queue_get_busy (YcQueue *self)
{
  g_return_val_if_fail (YC_IS_QUEUE (self), FALSE);
  return self->busy;
}

JsonNode *
yc_queue_get_unconfirmed (YcQueue *self)
{
  g_return_val_if_fail (YC_IS_QUEUE (self), NULL);
  return self->current_unconfirmed;
}

/* ---- Operations ---- */

/* An operation under way, with the session it was started in. */
typedef struct
{
  char          *token;
  YcTicket      *ticket;     /* finishing: the ticket at the window */
  JsonNode      *details;    /* finishing: what the visit came to */
  gboolean       then_call;  /* call the next once the centre has finished it */
  YcQueueFinish  finish;
  YcTicketAction action;
} Op;

static void
op_free (Op *op)
{
  g_free (op->token);
  g_clear_object (&op->ticket);
  g_clear_pointer (&op->details, json_node_unref);
  g_free (op);
}

static GTask *
op_start (YcQueue             *self,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  const YcSession *session = yc_client_get_session (self->client);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  g_task_set_source_tag (task, source_tag);
  op->token = g_strdup (session != NULL ? session->token : NULL);
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  self->operations++;
  update_busy (self);
  return task;
}

/* Ends the operation before its answer is told, so the answer sees the queue free. */
static void
op_end (GTask *task)
{
  YcQueue *self = g_task_get_source_object (task);

  g_assert (self->operations > 0);
  self->operations--;
  update_busy (self);
}

static gboolean
session_is (YcQueue    *self,
            const char *token)
{
  const YcSession *session = yc_client_get_session (self->client);

  return session != NULL && token != NULL && g_strcmp0 (session->token, token) == 0;
}


static void
on_called_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcQueue *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(YcTicket) ticket = NULL;
  GError *error = NULL;

  ticket = yc_client_call_next_finish (YC_CLIENT (object), result, &error);
  op_end (task);
  if (!session_is (self, op->token))
    {
      /* Logged out while the call was under way. The server keeps the ticket called at
       * that window and answers it again at its next call; kept in the store as well, it
       * is back at the next log-in at that window. */
      if (ticket != NULL && yc_client_get_session (self->client) == NULL)
        remember_current (self, ticket);
      g_clear_error (&error);
      return_ended_session (task);
      return;
    }
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (ticket != NULL)
    {
      set_current (self, ticket);
      remember_current (self, ticket);
    }
  g_task_return_pointer (task, g_steal_pointer (&ticket), g_object_unref);
}

static void
start_call (GTask *task)
{
  YcQueue *self = g_task_get_source_object (task);

  self->operations++;
  yc_client_call_next_async (self->client, g_task_get_cancellable (task), on_called_cb, g_object_ref (task));
}

/* What the clerk recorded is kept, should the ticket come back to the window. */
static void
keep_unconfirmed (YcQueue *self,
                  Op      *op)
{
  g_hash_table_insert (self->unconfirmed, g_memdup2 (&(gint64) { yc_ticket_get_id (op->ticket) }, sizeof (gint64)),
                       json_node_ref (op->details));
}

/* Why the centre did not finish the ticket, from its answer (docs/api.md, "not_applied"). */
static GError *
not_applied_error (const YcRecordResult *answer)
{
  const char *message = answer->message != NULL ? answer->message : "not applied";
  YcQueueError code = YC_QUEUE_ERROR_NOT_APPLIED;

  if (answer->status == YC_RECORD_REJECTED)
    code = YC_QUEUE_ERROR_REJECTED;
  else
    switch (yc_record_reason_from_wire (answer->code))
      {
      case YC_RECORD_REASON_TICKET_TAKEN:
        code = YC_QUEUE_ERROR_TICKET_TAKEN;
        break;
      case YC_RECORD_REASON_TICKET_NOT_CALLED:
        code = YC_QUEUE_ERROR_TICKET_NOT_CALLED;
        break;
      case YC_RECORD_REASON_TICKET_NOT_FOUND:
        code = YC_QUEUE_ERROR_TICKET_NOT_FOUND;
        break;
      case YC_RECORD_REASON_TOO_LARGE:
      case YC_RECORD_REASON_OTHER:
      default:
        break;
      }
  return g_error_new_literal (YC_QUEUE_ERROR, code, message);
}

static void
on_visit_pushed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcQueue *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(YcRecordResult) answer = NULL;
  GError *error = NULL;
  gboolean stored = FALSE;

  answer = yc_sync_push_record_finish (YC_SYNC (object), result, &stored, &error);
  if (!stored)
    {
      g_warning ("Could not save the visit of ticket %s: %s", yc_ticket_get_number (op->ticket), error->message);
      op_end (task);
      g_task_return_error (task, error);
      return;
    }

  /* The record is in the outbox and the ticket no longer in the store: from here on the
   * ticket is done for this desk, whatever the centre made of it. */
  if (self->current == op->ticket)
    set_current (self, NULL);

  if (answer == NULL)
    {
      /* Not sent: the outbox sends it when it can, and it finishes the ticket then if the
       * centre still has it open. */
      keep_unconfirmed (self, op);
      op->finish = YC_QUEUE_FINISH_UNCONFIRMED;
      op_end (task);
      if (!session_is (self, op->token))
        {
          g_clear_error (&error);
          return_ended_session (task);
        }
      /* Out of reach: that is what "unconfirmed" says; anything else is told. */
      else if (g_error_matches (error, YC_ERROR, YC_ERROR_OFFLINE) ||
               g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          g_task_return_pointer (task, NULL, NULL);
        }
      else
        g_task_return_error (task, error);
      return;
    }

  if (answer->status == YC_RECORD_NOT_APPLIED || answer->status == YC_RECORD_REJECTED)
    {
      /* Kept here and listed among the records needing the clerk; the ticket is not
       * finished at the centre, so nobody is called. */
      keep_unconfirmed (self, op);
      op->finish = YC_QUEUE_FINISH_NOT_APPLIED;
      op_end (task);
      g_task_return_error (task, not_applied_error (answer));
      return;
    }

  op->finish = YC_QUEUE_FINISH_CONFIRMED;
  yc_queue_refresh_day (self);
  if (op->then_call && session_is (self, op->token))
    {
      /* Only now: the server answers call-next with the window's ticket as long as it is
       * not finished. Started before this step ends, so busy does not blink off. */
      start_call (task);
      op_end (task);
      return;
    }
  op_end (task);
  g_task_return_pointer (task, NULL, NULL);
}

/* One write: the visit record, through the outbox, pushed at once; its answer says
 * whether the centre finished the ticket. The record and forgetting the ticket at the
 * window are one transaction: a restart can neither bring back a finished visit nor lose
 * an unfinished one. No cancellable: once the clerk pressed Finish, the record is written. */
static void
start_finish (GTask    *task,
              JsonNode *details)
{
  YcQueue *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  const YcSession *session = yc_client_get_session (self->client);
  g_autofree char *finished_at = yc_time_now_iso8601 ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(YcRecord) record = NULL;

  if (self->store == NULL || self->sync == NULL)
    {
      op_end (task);
      g_task_return_new_error (task, YC_ERROR, YC_ERROR_STORAGE, "no outbox to write the visit to");
      g_object_unref (task);
      return;
    }
  op->ticket = g_object_ref (self->current);
  op->details = details != NULL ? json_node_ref (details) : yc_visit_details_new (YC_VISIT_COMPLETED, NULL, NULL);
  body = yc_visit_body_new (op->ticket, session != NULL ? session->window_id : yc_ticket_get_window (op->ticket),
                            session != NULL ? session->clerk_id : NULL, finished_at, op->details);
  record = yc_record_new (yc_record_kind_to_wire (YC_RECORD_KIND_VISIT), body);
  yc_sync_push_record_async (self->sync, record, CURRENT_KEY, NULL, NULL, on_visit_pushed_cb, task);
}

void
yc_queue_finish_async (YcQueue             *self,
                       JsonNode            *details,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (YC_IS_QUEUE (self));

  task = op_start (self, yc_queue_finish_async, cancellable, callback, user_data);
  if (self->current == NULL)
    {
      op_end (task);
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  start_finish (task, details);
}

gboolean
yc_queue_finish_finish (YcQueue        *self,
                        GAsyncResult   *result,
                        YcQueueFinish  *finish,
                        GError        **error)
{
  GError *local_error = NULL;
  Op *op;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  op = g_task_get_task_data (G_TASK (result));
  if (finish != NULL)
    *finish = op->finish;
  g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

void
yc_queue_call_next_async (YcQueue             *self,
                          JsonNode            *details,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (YC_IS_QUEUE (self));

  task = op_start (self, yc_queue_call_next_async, cancellable, callback, user_data);
  ((Op *) g_task_get_task_data (task))->then_call = TRUE;
  if (self->current != NULL)
    start_finish (task, details);
  else
    {
      start_call (task);
      op_end (task);
      g_object_unref (task);
    }
}

YcTicket *
yc_queue_call_next_finish (YcQueue        *self,
                           GAsyncResult   *result,
                           YcQueueFinish  *finish,
                           GError        **error)
{
  Op *op;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  op = g_task_get_task_data (G_TASK (result));
  if (finish != NULL)
    *finish = op->finish;
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_acted_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcQueue *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(YcTicket) ticket = NULL;
  GError *error = NULL;

  switch (op->action)
    {
    case YC_TICKET_ACTION_CALL_NUMBER:
      ticket = yc_client_call_number_finish (YC_CLIENT (object), result, &error);
      break;
    case YC_TICKET_ACTION_WALK_IN:
      ticket = yc_client_walk_in_finish (YC_CLIENT (object), result, &error);
      break;
    case YC_TICKET_ACTION_REQUEUE:
      ticket = yc_client_requeue_number_finish (YC_CLIENT (object), result, &error);
      break;
    case YC_TICKET_ACTION_CALL_NEXT:
    case YC_TICKET_ACTION_RECALL:
    case YC_TICKET_ACTION_NO_SHOW:
    case YC_TICKET_ACTION_PARK:
    case YC_TICKET_ACTION_CALL_BACK:
    case YC_TICKET_ACTION_RETURN:
    case YC_TICKET_ACTION_TRANSFER:
    case YC_TICKET_ACTION_FINISH:
    default:
      ticket = yc_client_ticket_action_finish (YC_CLIENT (object), result, &error);
      break;
    }
  op_end (task);
  if (!session_is (self, op->token))
    {
      g_clear_error (&error);
      return_ended_session (task);
      return;
    }
  if (ticket == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  switch (op->action)
    {
    case YC_TICKET_ACTION_RECALL:
    case YC_TICKET_ACTION_CALL_BACK:
    case YC_TICKET_ACTION_CALL_NUMBER:
    case YC_TICKET_ACTION_WALK_IN:
      set_current (self, ticket);
      remember_current (self, ticket);
      break;
    case YC_TICKET_ACTION_NO_SHOW:
    case YC_TICKET_ACTION_PARK:
    case YC_TICKET_ACTION_RETURN:
    case YC_TICKET_ACTION_TRANSFER:
      forget_current (self);
      break;
    case YC_TICKET_ACTION_REQUEUE:
    case YC_TICKET_ACTION_CALL_NEXT:
    case YC_TICKET_ACTION_FINISH:
    default:
      break;
    }
  if (op->action != YC_TICKET_ACTION_RECALL)
    {
      yc_queue_refresh_parked (self);
      yc_queue_refresh_day (self);
    }
  g_task_return_pointer (task, g_steal_pointer (&ticket), g_object_unref);
}

void
yc_queue_act_async (YcQueue             *self,
                    YcTicketAction       action,
                    YcTicket            *ticket,
                    const char          *what,
                    JsonNode            *body,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (YC_IS_QUEUE (self));
  g_return_if_fail (action != YC_TICKET_ACTION_CALL_NEXT && action != YC_TICKET_ACTION_FINISH);
  g_return_if_fail (action == YC_TICKET_ACTION_CALL_NUMBER || action == YC_TICKET_ACTION_WALK_IN ||
                    action == YC_TICKET_ACTION_REQUEUE ? what != NULL : YC_IS_TICKET (ticket));

  task = op_start (self, yc_queue_act_async, cancellable, callback, user_data);
  ((Op *) g_task_get_task_data (task))->action = action;
  switch (action)
    {
    case YC_TICKET_ACTION_CALL_NUMBER:
      yc_client_call_number_async (self->client, what, cancellable, on_acted_cb, task);
      break;
    case YC_TICKET_ACTION_WALK_IN:
      yc_client_walk_in_async (self->client, what, cancellable, on_acted_cb, task);
      break;
    case YC_TICKET_ACTION_REQUEUE:
      yc_client_requeue_number_async (self->client, what, cancellable, on_acted_cb, task);
      break;
    case YC_TICKET_ACTION_CALL_NEXT:
    case YC_TICKET_ACTION_RECALL:
    case YC_TICKET_ACTION_NO_SHOW:
    case YC_TICKET_ACTION_PARK:
    case YC_TICKET_ACTION_CALL_BACK:
    case YC_TICKET_ACTION_RETURN:
    case YC_TICKET_ACTION_TRANSFER:
    case YC_TICKET_ACTION_FINISH:
    default:
      yc_client_ticket_action_async (self->client, yc_ticket_get_id (ticket), action, body, cancellable, on_acted_cb,
                                     task);
      break;
    }
}

YcTicket *
yc_queue_act_finish (YcQueue       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
yc_queue_rating_name (const char *level)
{
  if (g_strcmp0 (level, "very_satisfied") == 0)
    /* Translators: the five levels of 好差评 */
    return C_("rating", "Very satisfied");
  if (g_strcmp0 (level, "satisfied") == 0)
    return C_("rating", "Satisfied");
  if (g_strcmp0 (level, "neutral") == 0)
    return C_("rating", "Fairly satisfied");
  if (g_strcmp0 (level, "dissatisfied") == 0)
    return C_("rating", "Dissatisfied");
  return C_("rating", "Very dissatisfied");
}

const char *
yc_queue_pause_reason_name (const char *reason)
{
  if (g_strcmp0 (reason, "break") == 0)
    /* Translators: why a window is paused */
    return C_("pause", "Break");
  if (g_strcmp0 (reason, "meeting") == 0)
    return C_("pause", "Meeting");
  if (g_strcmp0 (reason, "training") == 0)
    return C_("pause", "Training");
  if (g_strcmp0 (reason, "system_fault") == 0)
    return C_("pause", "System fault");
  return C_("pause", "Other");
}

YcClient *
yc_queue_get_client (YcQueue *self)
{
  g_return_val_if_fail (YC_IS_QUEUE (self), NULL);
  return self->client;
}
