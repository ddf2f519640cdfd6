/* yc-events.c: the desk's end of the event stream (yc-events.h). */
#include "yc-events.h"

#include "core/yc-wire.h"

#define FIRST_PAUSE_MS   500
#define LONGEST_PAUSE_MS 30000
#define KEEPALIVE_SECONDS 20

struct _YcEvents
{
  GObject                  parent_instance;

  YcClient                *client;
  SoupWebsocketConnection *conn;
  GCancellable            *cancellable;   /* the connection under way */
  gint64                   last_id;
  guint                    pause_ms;      /* before the next attempt */
  guint                    retry_source;
  gboolean                 live;
  gboolean                 connected_once; /* since the session began */
};

G_DEFINE_FINAL_TYPE (YcEvents, yc_events, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LIVE,
  PROP_LAST_ID,
  N_PROPS
};

enum {
  EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_now (YcEvents *self);

static void
set_live (YcEvents *self,
          gboolean  live)
{
  if (self->live == live)
    return;
  self->live = live;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);
}

static void
drop_connection (YcEvents *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->conn, self);
      if (soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->conn);
    }
  set_live (self, FALSE);
}

static gboolean
retry_cb (gpointer user_data)
{
  YcEvents *self = user_data;

  self->retry_source = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

/* The next attempt, after a pause that doubles each time up to 30 s; a quarter of it is
 * random, so that a hall's desks do not all knock at once when the server is back. */
static void
schedule_retry (YcEvents *self)
{
  guint pause;

  if (self->retry_source != 0 || yc_client_get_session (self->client) == NULL)
    return;
  pause = self->pause_ms - self->pause_ms / 4 + g_random_int_range (0, (gint32) (self->pause_ms / 2 + 1));
  self->pause_ms = MIN (self->pause_ms * 2, LONGEST_PAUSE_MS);
  self->retry_source = g_timeout_add (pause, retry_cb, self);
}

static void
on_message_cb (SoupWebsocketConnection *conn,
               SoupWebsocketDataType    type,
               GBytes                  *message,
               YcEvents                *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *event;
  JsonNode *body;
  const char *kind;
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  gint64 id;

  if (type != SOUP_WEBSOCKET_DATA_TEXT ||
      !(node = yc_wire_parse_object (data, length, YC_ERROR_PROTOCOL, &error)) ||
      !yc_json_require_int ((event = json_node_get_object (node)), "id", &id, YC_ERROR_PROTOCOL, &error) ||
      !(kind = yc_json_require_string (event, "kind", YC_ERROR_PROTOCOL, &error)) ||
      (body = json_object_get_member (event, "body")) == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      /* One bad message costs that message, not the stream. */
      g_message ("An event from the server was not understood and is skipped: %s",
                 error != NULL ? error->message : "it has no body");
      return;
    }
  /* Sent again after a reconnect: once is enough. */
  if (id <= self->last_id)
    return;
  self->last_id = id;
  g_signal_emit (self, signals[EVENT], 0, kind, body, id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ID]);
}

static void
on_closed_cb (SoupWebsocketConnection *conn,
              YcEvents                *self)
{
  g_signal_handlers_disconnect_by_data (conn, self);
  g_clear_object (&self->conn);
  set_live (self, FALSE);
  schedule_retry (self);
}

static void
on_connected_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YcEvents) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn = yc_client_connect_events_finish (YC_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (conn == NULL)
    {
      g_debug ("Event stream not open: %s", error->message);
      schedule_retry (self);
      return;
    }

  self->conn = conn;
  self->connected_once = TRUE;
  self->pause_ms = FIRST_PAUSE_MS;
  soup_websocket_connection_set_keepalive_interval (conn, KEEPALIVE_SECONDS);
  g_signal_connect (conn, "message", G_CALLBACK (on_message_cb), self);
  g_signal_connect (conn, "closed", G_CALLBACK (on_closed_cb), self);
  set_live (self, TRUE);
}

static void
connect_now (YcEvents *self)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (self->conn != NULL || self->cancellable != NULL || yc_client_get_session (self->client) == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  /* The first time only what happens from now: the desk has just read the state of
   * things; after a drop, what was missed. */
  yc_client_connect_events_async (self->client, self->connected_once ? self->last_id : -1,
                                  self->cancellable, on_connected_cb, g_object_ref (self));
}

static void
on_session_changed_cb (YcEvents   *self,
                       GParamSpec *pspec,
                       YcClient   *client)
{
  drop_connection (self);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->pause_ms = FIRST_PAUSE_MS;
  self->connected_once = FALSE;
  /* A new session may be with a new server (the demo's reset starts one on the same
   * address), whose events count from 1 again: an id seen in the last session must not
   * hide them. The first connection asks for what happens from now, so nothing is seen
   * twice. */
  if (self->last_id != 0)
    {
      self->last_id = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ID]);
    }
  connect_now (self);
}

/* The server answered a call again: no need to wait out the pause. */
static void
on_online_changed_cb (YcEvents   *self,
                      GParamSpec *pspec,
                      YcClient   *client)
{
  if (yc_client_get_online (client) && self->retry_source != 0)
    {
      self->pause_ms = FIRST_PAUSE_MS;
      connect_now (self);
    }
}

static void
yc_events_dispose (GObject *object)
{
  YcEvents *self = (YcEvents *) object;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  drop_connection (self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (yc_events_parent_class)->dispose (object);
}

static void
yc_events_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  YcEvents *self = YC_EVENTS (object);

  switch (prop_id)
    {
    case PROP_LIVE:
      g_value_set_boolean (value, self->live);
      break;
    case PROP_LAST_ID:
      g_value_set_int64 (value, self->last_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_events_class_init (YcEventsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_events_dispose;
  object_class->get_property = yc_events_get_property;

  properties[PROP_LIVE] =
    g_param_spec_boolean ("live", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ID] =
    g_param_spec_int64 ("last-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (kind, body: a JSON object node, id) */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, JSON_TYPE_NODE, G_TYPE_INT64);
}

static void
yc_events_init (YcEvents *self)
{
  self->pause_ms = FIRST_PAUSE_MS;
}

YcEvents *
yc_events_new (YcClient *client)
{
  YcEvents *self;

  g_return_val_if_fail (YC_IS_CLIENT (client), NULL);

  self = g_object_new (YC_TYPE_EVENTS, NULL);
  self->client = g_object_ref (client);
  g_signal_connect_swapped (client, "notify::session", G_CALLBACK (on_session_changed_cb), self);
  g_signal_connect_swapped (client, "notify::online", G_CALLBACK (on_online_changed_cb), self);
  connect_now (self);
  return self;
}

gboolean
yc_events_get_live (YcEvents *self)
{
  g_return_val_if_fail (YC_IS_EVENTS (self), FALSE);
  return self->live;
}

gint64
yc_events_get_last_id (YcEvents *self)
{
  g_return_val_if_fail (YC_IS_EVENTS (self), 0);
  return self->last_id;
}

void
yc_events_reconnect (YcEvents *self)
{
  g_return_if_fail (YC_IS_EVENTS (self));

  drop_connection (self);
  self->pause_ms = FIRST_PAUSE_MS;
  connect_now (self);
}
