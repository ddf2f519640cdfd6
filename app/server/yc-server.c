/* yc-server.c: HTTP routes of the reference server (docs/api.md is the contract).
 *
 * Requests are decoded strictly; each failure is a status plus
 * {"error":{"code","message"}}. Sessions are bearer tokens; a clerk acts only on
 * the window of the session. */
#include "yc-server.h"

#include "core/yc-error.h"
#include "core/yc-ident.h"
#include "core/yc-time.h"
#include "core/yc-wire.h"

#include <libsoup/soup.h>
#include <string.h>

#define API_PREFIX "/api/v1"
#define MAX_BODY_BYTES (1024 * 1024)
#define MAX_BATCH 500
#define EVENT_PAGE 500
#define PUBLISH_CHUNK 50
#define KEEPALIVE_SECONDS 20
#define ESCALATE_SECONDS 60
/* How often idle connections are looked at, and how many connections may wait to be
 * accepted (a hall's desks all come back at once after a restart). */
#define REAP_SECONDS      2
#define LISTEN_BACKLOG    1024

struct _YcServer
{
  GObject     parent_instance;

  SoupServer *soup;
  YcServerDb *db;
  char       *url;
  GPtrArray  *listeners;   /* SoupWebsocketConnection of the event stream, open */
  GPtrArray  *screens;     /* SoupWebsocketConnection of calling screens; data "zone" */
  gint64      published;   /* the last event read to be sent (outgoing) */
  GHashTable *idle;        /* GSocket of the connections between two requests */
  GSource    *reaper;      /* closes those whose client went away (reap_closed_cb) */
  GSource    *escalator;   /* raises overdue tasks' escalation (escalate_cb) */
  GSource    *publisher;   /* sends the new events, after the answer (schedule_publish) */
  GPtrArray  *outgoing;    /* char *: the events being sent, as text … */
  guint       sent_to;     /* … to the listeners before this one so far */
  GMainContext *context;   /* the server's thread's */
};

G_DEFINE_FINAL_TYPE (YcServer, yc_server, G_TYPE_OBJECT)

/* From the compiled server resources (demo data, the calling screen); naming it keeps
 * the linker from dropping them. */
GResource *yc_demo_get_resource (void);

typedef struct
{
  char   *clerk;
  gint64  window;
} Caller;

static void
caller_clear (Caller *caller)
{
  g_clear_pointer (&caller->clerk, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Caller, caller_clear)

/* Takes text, JSON. */
static void
send_text (SoupServerMessage *msg,
           guint              status,
           char              *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

static void
send_json (SoupServerMessage *msg,
           guint              status,
           JsonNode          *node)
{
  send_text (msg, status, yc_wire_to_string (node));
}

static void
send_error (SoupServerMessage *msg,
            guint              status,
            const char        *code,
            const char        *message)
{
  g_autoptr(JsonNode) body = yc_wire_error_body (code, message);
  send_json (msg, status, body);
}

static void
send_gerror (SoupServerMessage *msg,
             const GError      *error)
{
  guint status = SOUP_STATUS_INTERNAL_SERVER_ERROR;

  if (error->domain == YC_ERROR)
    switch ((YcError) error->code)
      {
      case YC_ERROR_UNAUTHORIZED:
      case YC_ERROR_INVALID_CREDENTIALS:
        status = SOUP_STATUS_UNAUTHORIZED;
        break;
      case YC_ERROR_FORBIDDEN:
        status = SOUP_STATUS_FORBIDDEN;
        break;
      case YC_ERROR_NOT_FOUND:
        status = SOUP_STATUS_NOT_FOUND;
        break;
      case YC_ERROR_CONFLICT:
        status = SOUP_STATUS_CONFLICT;
        break;
      case YC_ERROR_BAD_REQUEST:
      case YC_ERROR_UNKNOWN_WINDOW:
      case YC_ERROR_INVALID_INPUT:
      case YC_ERROR_PROTOCOL:
        status = SOUP_STATUS_BAD_REQUEST;
        break;
      case YC_ERROR_DISK_FULL:
        status = SOUP_STATUS_INSUFFICIENT_STORAGE;
        break;
      default:
        break;
      }

  if (status >= 500)
    g_warning ("Request failed: %s", error->message);
  send_error (msg, status,
              error->domain == YC_ERROR ? yc_error_code_to_wire ((YcError) error->code) : "internal",
              error->message);
}

static JsonNode *
read_body (SoupServerMessage  *msg,
           GError            **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;
  const char *data;

  if (body->length > MAX_BODY_BYTES)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "request body too large");
      return NULL;
    }
  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &length);
  return yc_wire_parse_object (data, length, YC_ERROR_BAD_REQUEST, error);
}

static gboolean
authenticate (YcServer          *self,
              SoupServerMessage *msg,
              Caller            *caller)
{
  const char *header;

  header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  if (header == NULL || !g_str_has_prefix (header, "Bearer ") ||
      !yc_server_db_authenticate (self->db, header + strlen ("Bearer "), &caller->clerk, &caller->window))
    {
      send_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "a valid session token is required");
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_id (const char *text,
          gint64     *value)
{
  guint64 parsed;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &parsed, NULL))
    return FALSE;
  *value = (gint64) parsed;
  return TRUE;
}

/* The event stream (docs/api.md, "Events") */

static void
send_event (SoupWebsocketConnection *conn,
            JsonNode                *event)
{
  g_autofree char *text = yc_wire_to_string (event);

  if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (conn, text);
}

static gint64
event_id (JsonNode *event)
{
  return json_object_get_int_member (json_node_get_object (event), "id");
}

/* A call (ticket.called, ticket.recalled) to the calling screens of its zone. */
static void
show_call (YcServer *self,
           JsonNode *event)
{
  JsonObject *object = json_node_get_object (event);
  const char *kind = json_object_get_string_member (object, "kind");
  JsonObject *body = json_object_get_object_member (object, "body");
  g_autoptr(JsonNode) call = NULL;
  const char *zone;

  if (self->screens->len == 0 || (!g_str_equal (kind, "ticket.called") && !g_str_equal (kind, "ticket.recalled")))
    return;
  call = yc_server_db_call_of_ticket (self->db, json_object_get_int_member (json_object_get_object_member (body, "ticket"),
                                                                              "id"));
  if (call == NULL)
    return;
  zone = json_object_get_string_member (json_node_get_object (call), "zone");
  for (guint i = 0; i < self->screens->len; i++)
    {
      SoupWebsocketConnection *screen = g_ptr_array_index (self->screens, i);
      const char *wanted = g_object_get_data (G_OBJECT (screen), "zone");

      if (*wanted == '\0' || g_strcmp0 (wanted, zone) == 0)
        send_event (screen, call);
    }
}

/* Reads the events after those published into outgoing, as the text each listener is
 * sent, and shows the calls among them on the screens; FALSE if there are none. */
static gboolean
read_outgoing (YcServer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = yc_server_db_events_after (self->db, self->published, EVENT_PAGE, &error);

  if (events == NULL)
    {
      g_warning ("Could not read the events to send: %s", error->message);
      return FALSE;
    }
  for (guint i = 0; i < events->len; i++)
    {
      g_ptr_array_add (self->outgoing, yc_wire_to_string (g_ptr_array_index (events, i)));
      show_call (self, g_ptr_array_index (events, i));
    }
  if (events->len > 0)
    self->published = event_id (g_ptr_array_index (events, events->len - 1));
  return events->len > 0;
}

/* The outgoing events to the listeners from sent_to up to end, each its own copy. */
static void
send_outgoing (YcServer *self,
               guint     end)
{
  for (; self->sent_to < end; self->sent_to++)
    {
      SoupWebsocketConnection *conn = g_ptr_array_index (self->listeners, self->sent_to);

      if (soup_websocket_connection_get_state (conn) != SOUP_WEBSOCKET_STATE_OPEN)
        continue;
      for (guint i = 0; i < self->outgoing->len; i++)
        soup_websocket_connection_send_text (conn, g_ptr_array_index (self->outgoing, i));
    }
  if (self->sent_to >= self->listeners->len)
    {
      g_ptr_array_set_size (self->outgoing, 0);
      self->sent_to = 0;
    }
}

/* Sends every listener everything that happened, now: before a newcomer joins. */
static void
publish_events (YcServer *self)
{
  do
    send_outgoing (self, self->listeners->len);
  while ((self->listeners->len > 0 || self->screens->len > 0) && read_outgoing (self));
}

/* Sends the news to PUBLISH_CHUNK listeners at a time, with the main loop running in
 * between: 500 desks take 25 ms, which a clerk's call should not wait for. */
static gboolean
publish_cb (gpointer data)
{
  YcServer *self = data;

  if (self->outgoing->len == 0 && !read_outgoing (self))
    {
      g_clear_pointer (&self->publisher, g_source_unref);
      return G_SOURCE_REMOVE;
    }
  send_outgoing (self, MIN (self->sent_to + PUBLISH_CHUNK, self->listeners->len));
  return G_SOURCE_CONTINUE;
}

/* Told of new events at a commit: they go out once the main loop is back, so that the
 * clerk who called has the answer before the desks have the news. Nobody listens:
 * nothing to read (a newcomer starts from the newest event). */
static void
schedule_publish (YcServerDb *db,
                  gpointer    data)
{
  YcServer *self = data;

  if (self->publisher != NULL || (self->listeners->len == 0 && self->screens->len == 0))
    return;
  self->publisher = g_idle_source_new ();
  g_source_set_priority (self->publisher, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->publisher, publish_cb, self, NULL);
  g_source_set_static_name (self->publisher, "yichuang-server events");
  g_source_attach (self->publisher, self->context);
}

static void
on_listener_closed_cb (SoupWebsocketConnection *conn,
                       YcServer                *self)
{
  guint index;

  /* One of those already sent the news: the next one is a place nearer. */
  if (g_ptr_array_find (self->listeners, conn, &index) && index < self->sent_to)
    self->sent_to--;
  g_ptr_array_remove (self->listeners, conn);
  g_ptr_array_remove (self->screens, conn);
}

/* GET /display/events?zone=Z as a WebSocket, for the hall's calling screens: no session,
 * only calls (a number and a window, nobody's name), from now on. */
static void
on_screen_socket_cb (SoupServer              *server,
                     SoupServerMessage       *msg,
                     const char              *path,
                     SoupWebsocketConnection *conn,
                     gpointer                 user_data)
{
  YcServer *self = user_data;
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) params = query ? g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL) : NULL;
  const char *zone = params ? g_hash_table_lookup (params, "zone") : NULL;

  /* The others first get what is pending; the screen sees only what comes after. */
  publish_events (self);
  self->published = MAX (self->published, yc_server_db_last_event (self->db));
  soup_websocket_connection_set_keepalive_interval (conn, KEEPALIVE_SECONDS);
  g_object_set_data_full (G_OBJECT (conn), "zone", g_strdup (zone ? zone : ""), g_free);
  g_ptr_array_add (self->screens, g_object_ref (conn));
  g_signal_connect_object (conn, "closed", G_CALLBACK (on_listener_closed_cb), self, 0);
}

/* GET /display: the calling screen's page. */
static void
handle_display_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  g_autoptr(GBytes) page = NULL;

  if (!g_str_equal (path, "/display") || !g_str_equal (soup_server_message_get_method (msg), "GET"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  page = g_resource_lookup_data (yc_demo_get_resource (), "/cn/yichuang/Server/display.html",
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (page == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (page, NULL), g_bytes_get_size (page));
}

static void
route_display_calls (YcServer          *self,
                     SoupServerMessage *msg,
                     GHashTable        *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) calls = yc_server_db_recent_calls (self->db, query ? g_hash_table_lookup (query, "zone") : NULL,
                                                         8, &error);

  if (calls == NULL)
    {
      send_gerror (msg, error);
      return;
    }
  send_json (msg, SOUP_STATUS_OK, calls);
}

/* GET /events?after=ID as a WebSocket: first what came after ID (catch-up), then every
 * event as it happens; without ID, from now on. An id beyond the newest (another
 * database) counts as 0. */
static void
on_events_socket_cb (SoupServer              *server,
                     SoupServerMessage       *msg,
                     const char              *path,
                     SoupWebsocketConnection *conn,
                     gpointer                 user_data)
{
  YcServer *self = user_data;
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) params = query ? g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL) : NULL;
  const char *after_text = params ? g_hash_table_lookup (params, "after") : NULL;
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_autofree char *clerk = NULL;
  guint64 parsed = 0;
  gint64 window, after;

  if (header == NULL || !g_str_has_prefix (header, "Bearer ") ||
      !yc_server_db_authenticate (self->db, header + strlen ("Bearer "), &clerk, &window))
    {
      soup_websocket_connection_close (conn, 4401, "a valid session token is required");
      return;
    }
  if (after_text != NULL && !g_ascii_string_to_unsigned (after_text, 10, 0, G_MAXINT64, &parsed, NULL))
    {
      soup_websocket_connection_close (conn, 4400, "after must be an event id");
      return;
    }

  /* The others first get what is pending, so that the newcomer joins them where they are. */
  publish_events (self);
  self->published = MAX (self->published, yc_server_db_last_event (self->db));
  if (after_text == NULL)
    after = self->published;
  else
    after = (gint64) parsed > self->published ? 0 : (gint64) parsed;
  while (after < self->published)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) events = yc_server_db_events_after (self->db, after, EVENT_PAGE, &error);

      if (events == NULL || events->len == 0)
        {
          soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR,
                                           error ? error->message : "the events could not be read");
          return;
        }
      for (guint i = 0; i < events->len && event_id (g_ptr_array_index (events, i)) <= self->published; i++)
        {
          send_event (conn, g_ptr_array_index (events, i));
          after = event_id (g_ptr_array_index (events, i));
        }
    }

  soup_websocket_connection_set_keepalive_interval (conn, KEEPALIVE_SECONDS);
  g_ptr_array_add (self->listeners, g_object_ref (conn));
  g_signal_connect_object (conn, "closed", G_CALLBACK (on_listener_closed_cb), self, 0);
}

/* Routes */

static void
route_health (YcServer          *self,
              SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  send_json (msg, SOUP_STATUS_OK, node);
}

static void
route_sessions (YcServer          *self,
                SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *object;
  const char *clerk, *pin;
  gint64 window;

  if (!(request = read_body (msg, &error)))
    {
        send_gerror (msg, error);
        return;
      }
  object = json_node_get_object (request);
  if (!(clerk = yc_json_require_string (object, "clerk", YC_ERROR_BAD_REQUEST, &error)) ||
      !(pin = yc_json_require_string (object, "pin", YC_ERROR_BAD_REQUEST, &error)) ||
      !yc_json_require_int (object, "window", &window, YC_ERROR_BAD_REQUEST, &error))
    {
        send_gerror (msg, error);
        return;
      }

  if (!(answer = yc_server_db_login (self->db, clerk, pin, window, &error)))
    {
        send_gerror (msg, error);
        return;
      }
  send_json (msg, SOUP_STATUS_CREATED, answer);
}

static void
route_take_ticket (YcServer          *self,
                   SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) ticket = NULL;
  const char *service;

  if (!(request = read_body (msg, &error)))
    {
        send_gerror (msg, error);
        return;
      }
  if (!(service = yc_json_require_string (json_node_get_object (request), "service",
                                          YC_ERROR_BAD_REQUEST, &error)))
    {
        send_gerror (msg, error);
        return;
      }
  if (!(ticket = yc_server_db_issue_ticket_full (self->db, service,
                                                yc_json_optional_string (json_node_get_object (request), "priority"),
                                                yc_json_optional_string (json_node_get_object (request), "appointment_at"),
                                                &error)))
    {
        send_gerror (msg, error);
        return;
      }
  send_json (msg, SOUP_STATUS_CREATED, ticket);
}

static void
route_call_next (YcServer          *self,
                 SoupServerMessage *msg,
                 gint64             window)
{
  g_auto(Caller) caller = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ticket = NULL;

  if (!authenticate (self, msg, &caller))
    return;
  if (caller.window != window)
    {
        send_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                       "a clerk can call only at the window of their session");
        return;
      }

  ticket = yc_server_db_call_next (self->db, window, caller.clerk, &error);
  if (error != NULL)
    {
        send_gerror (msg, error);
        return;
      }
  if (ticket == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }
  send_json (msg, SOUP_STATUS_OK, ticket);
}

static void
route_finish (YcServer          *self,
              SoupServerMessage *msg,
              gint64             ticket_id)
{
  g_auto(Caller) caller = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) ticket = NULL;

  if (!authenticate (self, msg, &caller))
    return;
  /* The details are optional: an empty body finishes without them. */
  if (soup_server_message_get_request_body (msg)->length > 0 && !(request = read_body (msg, &error)))
    {
      send_gerror (msg, error);
      return;
    }
  if (!(ticket = yc_server_db_finish_ticket (self->db, ticket_id, caller.window,
                                             request ? json_node_get_object (request) : NULL, &error)))
    {
        send_gerror (msg, error);
        return;
      }
  send_json (msg, SOUP_STATUS_OK, ticket);
}

/* recall, no-show, park, call-back, return and transfer: the session's window's ticket;
 * requeue: any session (the citizen who missed the turn may come back to any window). */
static void
route_ticket_action (YcServer          *self,
                     SoupServerMessage *msg,
                     gint64             ticket_id,
                     const char        *action)
{
  g_auto(Caller) caller = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ticket = NULL;

  if (!authenticate (self, msg, &caller))
    return;
  if (g_str_equal (action, "recall"))
    ticket = yc_server_db_recall (self->db, ticket_id, caller.window, &error);
  else if (g_str_equal (action, "no-show"))
    ticket = yc_server_db_no_show (self->db, ticket_id, caller.window, &error);
  else if (g_str_equal (action, "park"))
    ticket = yc_server_db_park (self->db, ticket_id, caller.window, &error);
  else if (g_str_equal (action, "call-back"))
    ticket = yc_server_db_call_back (self->db, ticket_id, caller.window, caller.clerk, &error);
  else if (g_str_equal (action, "return"))
    ticket = yc_server_db_return (self->db, ticket_id, caller.window, &error);
  else if (g_str_equal (action, "transfer"))
    {
      g_autoptr(JsonNode) request = read_body (msg, &error);
      JsonObject *object = request ? json_node_get_object (request) : NULL;
      gint64 to_window = 0;

      if (object != NULL && json_object_has_member (object, "window") &&
          !yc_json_require_int (object, "window", &to_window, YC_ERROR_BAD_REQUEST, &error))
        object = NULL;
      if (object != NULL)
        ticket = yc_server_db_transfer (self->db, ticket_id, caller.window, yc_json_optional_string (object, "service"),
                                        to_window, yc_json_optional_string (object, "clerk"),
                                        yc_json_optional_string (object, "note"), &error);
    }
  else
    ticket = yc_server_db_requeue (self->db, ticket_id, &error);
  if (ticket == NULL)
    {
      send_gerror (msg, error);
      return;
    }
  send_json (msg, SOUP_STATUS_OK, ticket);
}

/* POST /ratings: the window's rating pad (no session), once per finished visit. */
/* GET /tasks?view=mine|claimable|done; POST /tasks (the back office assigns one). */
static void
route_tasks (YcServer          *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  g_auto(Caller) caller = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  gboolean create = g_str_equal (soup_server_message_get_method (msg), "POST");

  if (!authenticate (self, msg, &caller))
    return;
  if (create)
    answer = (request = read_body (msg, &error)) ?
             yc_server_db_create_task (self->db, json_node_get_object (request), &error) : NULL;
  else
    answer = yc_server_db_tasks (self->db, caller.clerk, caller.window,
                                 query ? g_hash_table_lookup (query, "view") : NULL, &error);
  if (answer == NULL)
    {
      send_gerror (msg, error);
      return;
    }
  send_json (msg, create ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, answer);
}

/* POST /tasks/{id}/claim, release, complete ({"note"}). */
static void
route_task_action (YcServer          *self,
                   SoupServerMessage *msg,
                   gint64             task,
                   const char        *action)
{
  g_auto(Caller) caller = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;

  if (!authenticate (self, msg, &caller))
    return;
  if (g_str_equal (action, "claim"))
    answer = yc_server_db_claim_task (self->db, task, caller.clerk, caller.window, &error);
  else if (g_str_equal (action, "release"))
    answer = yc_server_db_release_task (self->db, task, caller.clerk, &error);
  else if ((request = read_body (msg, &error)))
    answer = yc_server_db_complete_task (self->db, task, caller.clerk,
                                         yc_json_optional_string (json_node_get_object (request), "note"), &error);
  if (answer == NULL)
    {
      send_gerror (msg, error);
      return;
    }
  send_json (msg, SOUP_STATUS_OK, answer);
}

static void
route_rate (YcServer          *self,
            SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) rating = NULL;
  JsonObject *object;
  const char *level;
  gint64 ticket;

  if (!(request = read_body (msg, &error)) ||
      !yc_json_require_int ((object = json_node_get_object (request)), "ticket_id", &ticket, YC_ERROR_BAD_REQUEST,
                            &error) ||
      !(level = yc_json_require_string (object, "level", YC_ERROR_BAD_REQUEST, &error)) ||
      !(rating = yc_server_db_rate (self->db, ticket, level, yc_json_optional_string (object, "comment"), &error)))
    {
      send_gerror (msg, error);
      return;
    }
  send_json (msg, SOUP_STATUS_CREATED, rating);
}

static gboolean
own_window (SoupServerMessage *msg,
            Caller            *caller,
            gint64             window)
{
  if (caller->window != window)
    {
      send_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", "a clerk acts only at the window of their session");
      return FALSE;
    }
  return TRUE;
}

typedef JsonNode *(*WindowActionFunc) (YcServerDb *db, gint64 window, const char *clerk, const char *value,
                                       GError **error);

/* POST /windows/{w}/call {"number"} and POST /windows/{w}/walk-in {"service"}: the
 * session's window acts with one string of the body. */
static void
route_window_action (YcServer          *self,
                     SoupServerMessage *msg,
                     gint64             window,
                     const char        *member,
                     WindowActionFunc   action,
                     guint              status)
{
  g_auto(Caller) caller = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) ticket = NULL;
  const char *value;

  if (!authenticate (self, msg, &caller) || !own_window (msg, &caller, window))
    return;
  if (!(request = read_body (msg, &error)) ||
      !(value = yc_json_require_string (json_node_get_object (request), member, YC_ERROR_BAD_REQUEST, &error)) ||
      !(ticket = action (self->db, window, caller.clerk, value, &error)))
    {
      send_gerror (msg, error);
      return;
    }
  send_json (msg, status, ticket);
}

static void
route_window_state (YcServer          *self,
                    SoupServerMessage *msg,
                    gint64             window,
                    gboolean           put)
{
  g_auto(Caller) caller = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) state = NULL;

  if (!authenticate (self, msg, &caller) || (put && !own_window (msg, &caller, window)))
    return;
  if (put)
    {
      JsonObject *object;
      const char *name;

      if (!(request = read_body (msg, &error)) ||
          !(name = yc_json_require_string ((object = json_node_get_object (request)), "state",
                                           YC_ERROR_BAD_REQUEST, &error)))
        {
          send_gerror (msg, error);
          return;
        }
      state = yc_server_db_set_window_state (self->db, window, name, yc_json_optional_string (object, "reason"),
                                             &error);
    }
  else
    state = yc_server_db_window_state (self->db, window, &error);
  if (state == NULL)
    {
      send_gerror (msg, error);
      return;
    }
  send_json (msg, SOUP_STATUS_OK, state);
}

/* POST /tickets/requeue {"number"}: a no-show come back, put in the queue again. */
static void
route_requeue_number (YcServer          *self,
                      SoupServerMessage *msg)
{
  g_auto(Caller) caller = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) ticket = NULL;
  const char *number;

  if (!authenticate (self, msg, &caller))
    return;
  if (!(request = read_body (msg, &error)) ||
      !(number = yc_json_require_string (json_node_get_object (request), "number", YC_ERROR_BAD_REQUEST, &error)) ||
      !(ticket = yc_server_db_requeue_number (self->db, number, &error)))
    {
      send_gerror (msg, error);
      return;
    }
  send_json (msg, SOUP_STATUS_OK, ticket);
}

/* GET /windows, GET /windows/{w}/parked and GET /me/today: read with a session. */
static void
route_read (YcServer          *self,
            SoupServerMessage *msg,
            const char        *what,
            gint64             window)
{
  g_auto(Caller) caller = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  if (!authenticate (self, msg, &caller))
    return;
  if (g_str_equal (what, "windows"))
    answer = yc_server_db_windows (self->db, &error);
  else if (g_str_equal (what, "parked"))
    answer = yc_server_db_window_tickets (self->db, window, "parked", &error);
  else
    answer = yc_server_db_clerk_day (self->db, caller.clerk, &error);
  if (answer == NULL)
    {
      send_gerror (msg, error);
      return;
    }
  send_json (msg, SOUP_STATUS_OK, answer);
}

static void
route_queues (YcServer          *self,
              SoupServerMessage *msg)
{
  g_auto(Caller) caller = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) queues = NULL;

  if (!authenticate (self, msg, &caller))
    return;
  if (!(queues = yc_server_db_queues (self->db, &error)))
    {
        send_gerror (msg, error);
        return;
      }
  send_json (msg, SOUP_STATUS_OK, queues);
}

static void
route_records (YcServer          *self,
               SoupServerMessage *msg)
{
  g_auto(Caller) caller = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(GPtrArray) valid = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_record_result_free);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) refused = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  JsonNode *records_node;
  JsonArray *records;
  guint next_stored = 0;

  if (!authenticate (self, msg, &caller))
    return;
  if (!(request = read_body (msg, &error)))
    {
        send_gerror (msg, error);
        return;
      }

  records_node = json_object_get_member (json_node_get_object (request), "records");
  if (records_node == NULL || !JSON_NODE_HOLDS_ARRAY (records_node))
    {
        send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "“records” must be an array");
        return;
      }
  records = json_node_get_array (records_node);
  if (json_array_get_length (records) > MAX_BATCH)
    {
        send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "at most 500 records per batch");
        return;
      }

  /* Every element needs an id to be answered for; the rest is judged per record. */
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonNode *element = json_array_get_element (records, i);
      const char *id = NULL;

      if (JSON_NODE_HOLDS_OBJECT (element))
        id = yc_json_optional_string (json_node_get_object (element), "id");
      if (id == NULL)
        {
        send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "every record needs an “id”");
        return;
      }
      if (!g_hash_table_add (seen, (gpointer) id))
        {
        send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "a record id appears twice in the batch");
        return;
      }
    }

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonNode *element = json_array_get_element (records, i);
      g_autoptr(GError) record_error = NULL;
      YcRecord *record = yc_record_new_from_json (element, &record_error);

      if (record != NULL)
        g_ptr_array_add (valid, record);
      else
        g_hash_table_insert (refused,
                             (gpointer) yc_json_optional_string (json_node_get_object (element), "id"),
                             g_strdup (record_error->message));
    }

  if (!(stored = yc_server_db_store_records (self->db, caller.clerk, caller.window, valid, &error)))
    {
        send_gerror (msg, error);
        return;
      }

  /* Answer in the order of the request. */
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonNode *element = json_array_get_element (records, i);
      const char *id = yc_json_optional_string (json_node_get_object (element), "id");
      YcRecordResult *result = next_stored < stored->len ? g_ptr_array_index (stored, next_stored) : NULL;

      if (result != NULL && g_str_equal (result->id, id))
        {
          YcRecordResult *kept = yc_record_result_new (result->id, result->status, result->message);

          kept->case_number = g_strdup (result->case_number);
          g_ptr_array_add (results, kept);
          next_stored++;
        }
      else
        g_ptr_array_add (results, yc_record_result_new (id, YC_RECORD_REJECTED,
                                                        g_hash_table_lookup (refused, id)));
    }

  answer = yc_wire_results_to_json (results);
  send_json (msg, SOUP_STATUS_OK, answer);
}

#define CATALOGUE_PAGE     5000
#define CATALOGUE_PAGE_MAX 20000

static gboolean
query_int (GHashTable *query,
           const char *name,
           guint64     min,
           guint64     max,
           guint64     fallback,
           guint64    *value)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;

  if (text == NULL)
    {
      *value = fallback;
      return TRUE;
    }
  return g_ascii_string_to_unsigned (text, 10, min, max, value, NULL);
}

static void
route_catalogue (YcServer          *self,
                 SoupServerMessage *msg,
                 GHashTable        *query)
{
  g_auto(Caller) caller = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *delta = NULL;
  guint64 since, limit;

  if (!authenticate (self, msg, &caller))
    return;
  if (!query_int (query, "since", 0, G_MAXINT64, 0, &since) ||
      !query_int (query, "limit", 1, CATALOGUE_PAGE_MAX, CATALOGUE_PAGE, &limit))
    {
      send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                  "since must be a revision (0 or more) and limit 1 to 20000");
      return;
    }
  if (!(delta = yc_server_db_catalogue_since (self->db, (gint64) since, (guint) limit, &error)))
    {
      send_gerror (msg, error);
      return;
    }
  send_text (msg, SOUP_STATUS_OK, g_steal_pointer (&delta));
}

/* POST /lookup: what is known of a person or an enterprise, to fill a form (免填写). The
 * number comes in the body, never in the URL, so it is in no access log. */
static void
route_lookup (YcServer          *self,
              SoupServerMessage *msg)
{
  g_auto(Caller) caller = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *id_number = NULL;
  g_autofree char *credit_code = NULL;
  const char *id_text, *code_text;

  if (!authenticate (self, msg, &caller))
    return;
  if (!(request = read_body (msg, &error)))
    {
      send_gerror (msg, error);
      return;
    }
  id_text = yc_json_optional_string (json_node_get_object (request), "id_number");
  code_text = yc_json_optional_string (json_node_get_object (request), "credit_code");
  if ((id_text == NULL) == (code_text == NULL))
    {
      send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "give either id_number or credit_code");
      return;
    }
  if (id_text != NULL && !(id_number = yc_ident_check_id_number (id_text, NULL, NULL, &error)))
    {
      send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "id_number is no valid ID number");
      return;
    }
  if (code_text != NULL && !(credit_code = yc_ident_check_credit_code (code_text, &error)))
    {
      send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "credit_code is no valid credit code");
      return;
    }
  if (!(answer = yc_server_db_lookup (self->db, id_number, credit_code, &error)))
    {
      send_gerror (msg, error);
      return;
    }
  send_json (msg, SOUP_STATUS_OK, answer);
}

/* GET /cases?mine=1[&since=DATE][&limit=N]: the session's clerk's cases. */
static void
route_cases (YcServer          *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  g_auto(Caller) caller = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *mine = query ? g_hash_table_lookup (query, "mine") : NULL;
  const char *since = query ? g_hash_table_lookup (query, "since") : NULL;
  guint64 limit;

  if (!authenticate (self, msg, &caller))
    return;
  if (g_strcmp0 (mine, "1") != 0 || !query_int (query, "limit", 1, 1000, 200, &limit) ||
      (since != NULL && !yc_time_parse_date (since, NULL)))
    {
      send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                  "ask for mine=1, a limit of 1 to 1000 and a since of YYYY-MM-DD");
      return;
    }
  if (!(answer = yc_server_db_cases_of (self->db, caller.clerk, since, (guint) limit, &error)))
    {
      send_gerror (msg, error);
      return;
    }
  send_json (msg, SOUP_STATUS_OK, answer);
}

static void
handle_api_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  YcServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) parts = NULL;
  guint n_parts;
  gint64 id;

  if (!g_str_has_prefix (path, API_PREFIX "/"))
    {
        send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such route");
        return;
      }

  parts = g_strsplit (path + strlen (API_PREFIX "/"), "/", 0);
  n_parts = g_strv_length (parts);

  if (n_parts == 1 && g_str_equal (parts[0], "health") && g_str_equal (method, "GET"))
    {
        route_health (self, msg);
        return;
      }
  if (n_parts == 1 && g_str_equal (parts[0], "sessions") && g_str_equal (method, "POST"))
    {
        route_sessions (self, msg);
        return;
      }
  if (n_parts == 1 && g_str_equal (parts[0], "tickets") && g_str_equal (method, "POST"))
    {
        route_take_ticket (self, msg);
        return;
      }
  if (n_parts == 2 && g_str_equal (parts[0], "display") && g_str_equal (parts[1], "calls") &&
      g_str_equal (method, "GET"))
    {
      route_display_calls (self, msg, query);
      return;
    }
  if (n_parts == 1 && g_str_equal (parts[0], "tasks") && (g_str_equal (method, "GET") || g_str_equal (method, "POST")))
    {
      route_tasks (self, msg, query);
      return;
    }
  if (n_parts == 3 && g_str_equal (parts[0], "tasks") && g_str_equal (method, "POST") &&
      (g_str_equal (parts[2], "claim") || g_str_equal (parts[2], "release") || g_str_equal (parts[2], "complete")))
    {
      if (!parse_id (parts[1], &id))
        send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such task");
      else
        route_task_action (self, msg, id, parts[2]);
      return;
    }
  if (n_parts == 1 && g_str_equal (parts[0], "ratings") && g_str_equal (method, "POST"))
    {
      route_rate (self, msg);
      return;
    }
  if (n_parts == 1 && g_str_equal (parts[0], "queues") && g_str_equal (method, "GET"))
    {
        route_queues (self, msg);
        return;
      }
  if (n_parts == 1 && g_str_equal (parts[0], "cases") && g_str_equal (method, "GET"))
    {
      route_cases (self, msg, query);
      return;
    }
  if (n_parts == 1 && g_str_equal (parts[0], "lookup") && g_str_equal (method, "POST"))
    {
      route_lookup (self, msg);
      return;
    }
  if (n_parts == 1 && g_str_equal (parts[0], "catalogue") && g_str_equal (method, "GET"))
    {
      route_catalogue (self, msg, query);
      return;
    }
  if (n_parts == 1 && g_str_equal (parts[0], "records") && g_str_equal (method, "POST"))
    {
        route_records (self, msg);
        return;
      }
  if (n_parts == 3 && g_str_equal (parts[0], "windows") && g_str_equal (parts[2], "call-next") &&
      g_str_equal (method, "POST"))
    {
      if (!parse_id (parts[1], &id))
        {
        send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such window");
        return;
      }
      {
        route_call_next (self, msg, id);
        return;
      }
    }
  if (n_parts == 3 && g_str_equal (parts[0], "tickets") && g_str_equal (parts[2], "finish") &&
      g_str_equal (method, "POST"))
    {
      if (!parse_id (parts[1], &id))
        {
        send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such ticket");
        return;
      }
      {
        route_finish (self, msg, id);
        return;
      }
    }
  if (n_parts == 2 && g_str_equal (parts[0], "tickets") && g_str_equal (parts[1], "requeue") &&
      g_str_equal (method, "POST"))
    {
      route_requeue_number (self, msg);
      return;
    }
  if (n_parts == 1 && g_str_equal (parts[0], "windows") && g_str_equal (method, "GET"))
    {
      route_read (self, msg, "windows", 0);
      return;
    }
  if (n_parts == 2 && g_str_equal (parts[0], "me") && g_str_equal (parts[1], "today") && g_str_equal (method, "GET"))
    {
      route_read (self, msg, "today", 0);
      return;
    }
  if (n_parts == 3 && g_str_equal (parts[0], "windows") && g_str_equal (method, "GET") &&
      g_str_equal (parts[2], "parked"))
    {
      if (!parse_id (parts[1], &id))
        send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such window");
      else
        route_read (self, msg, "parked", id);
      return;
    }
  if (n_parts == 3 && g_str_equal (parts[0], "windows") && g_str_equal (method, "POST") &&
      g_str_equal (parts[2], "walk-in"))
    {
      if (!parse_id (parts[1], &id))
        send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such window");
      else
        route_window_action (self, msg, id, "service", yc_server_db_walk_in, SOUP_STATUS_CREATED);
      return;
    }
  if (n_parts == 3 && g_str_equal (parts[0], "tickets") &&
      (g_str_equal (parts[2], "recall") || g_str_equal (parts[2], "no-show") || g_str_equal (parts[2], "requeue") ||
       g_str_equal (parts[2], "park") || g_str_equal (parts[2], "call-back") || g_str_equal (parts[2], "return") ||
       g_str_equal (parts[2], "transfer")) &&
      g_str_equal (method, "POST"))
    {
      if (!parse_id (parts[1], &id))
        send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such ticket");
      else
        route_ticket_action (self, msg, id, parts[2]);
      return;
    }
  if (n_parts == 3 && g_str_equal (parts[0], "windows") &&
      ((g_str_equal (parts[2], "call") && g_str_equal (method, "POST")) ||
       (g_str_equal (parts[2], "state") && (g_str_equal (method, "GET") || g_str_equal (method, "PUT")))))
    {
      if (!parse_id (parts[1], &id))
        send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such window");
      else if (g_str_equal (parts[2], "call"))
        route_window_action (self, msg, id, "number", yc_server_db_call_number, SOUP_STATUS_OK);
      else
        route_window_state (self, msg, id, g_str_equal (method, "PUT"));
      return;
    }

  send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such route");
}

static void
yc_server_finalize (GObject *object)
{
  YcServer *self = (YcServer *) object;

  yc_server_disconnect (self);
  if (self->db != NULL)
    yc_server_db_set_event_func (self->db, NULL, NULL);
  g_clear_pointer (&self->listeners, g_ptr_array_unref);
  g_clear_pointer (&self->idle, g_hash_table_unref);
  g_clear_pointer (&self->screens, g_ptr_array_unref);
  g_clear_pointer (&self->db, yc_server_db_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->outgoing, g_ptr_array_unref);

  G_OBJECT_CLASS (yc_server_parent_class)->finalize (object);
}

static void
yc_server_class_init (YcServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_server_finalize;
}

static void
yc_server_init (YcServer *self)
{
  self->listeners = g_ptr_array_new_with_free_func (g_object_unref);
  self->idle = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  self->screens = g_ptr_array_new_with_free_func (g_object_unref);
  self->context = g_main_context_ref_thread_default ();
  self->outgoing = g_ptr_array_new_with_free_func (g_free);
}


JsonNode *
yc_server_load_demo (const char  *name,
                     GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = g_strconcat ("/cn/yichuang/Demo/", name, NULL);
  const char *data;
  gsize length;

  bytes = g_resource_lookup_data (yc_demo_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);
  return yc_wire_parse_object (data, length, YC_ERROR_INVALID_INPUT, error);
}

YcServer *
yc_server_new (const char  *db_path,
               gboolean     demo_data,
               GError     **error)
{
  g_autoptr(YcServer) self = g_object_new (YC_TYPE_SERVER, NULL);

  if (!(self->db = yc_server_db_open (db_path, error)))
    return NULL;
  yc_server_db_set_event_func (self->db, schedule_publish, self);
  self->published = yc_server_db_last_event (self->db);

  if (demo_data && yc_server_db_is_empty (self->db))
    {
      g_autoptr(JsonNode) hall = yc_server_load_demo ("hall.json", error);
      g_autoptr(JsonNode) catalogue = NULL;

      if (hall == NULL || !yc_server_db_seed (self->db, hall, error))
        return NULL;
      g_autoptr(JsonNode) licences = NULL;

      if (!(catalogue = yc_server_load_demo ("catalogue.json", error)) ||
          !yc_server_db_catalogue_load (self->db, catalogue, error))
        return NULL;
      if (!(licences = yc_server_load_demo ("licences.json", error)) ||
          !yc_server_db_licences_load (self->db, licences, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

/* libsoup before 3.3 never notices that the client closed a kept-alive connection while
 * it waited for the next request (GNOME/libsoup commit d20c6601, "Don't leak idle
 * connections closed by the client"): the socket stays in CLOSE_WAIT, and its descriptor
 * is lost for good. Desks close theirs after a minute idle, so a hall would run the
 * server out of descriptors within days. The connections between two requests are kept
 * here, and every REAP_SECONDS those whose client has gone are closed. */
static void
on_request_started_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       YcServer          *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    g_hash_table_remove (self->idle, socket);
}

static void
on_request_finished_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        YcServer          *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL && !g_socket_is_closed (socket))
    g_hash_table_add (self->idle, g_object_ref (socket));
}

/* TRUE if the peer has closed socket: readable, and nothing to read. */
static gboolean
peer_closed (GSocket *socket)
{
  char byte;
  GInputVector vector = { &byte, 1 };
  int flags = G_SOCKET_MSG_PEEK;
  gssize read;

  /* Readable, so the peek does not block. */
  if (g_socket_condition_check (socket, G_IO_IN | G_IO_HUP | G_IO_ERR) == 0)
    return FALSE;
  read = g_socket_receive_message (socket, NULL, &vector, 1, NULL, NULL, &flags, NULL, NULL);
  return read <= 0;
}

static gboolean
reap_closed_cb (gpointer user_data)
{
  YcServer *self = user_data;
  GHashTableIter iter;
  GSocket *socket;

  g_hash_table_iter_init (&iter, self->idle);
  while (g_hash_table_iter_next (&iter, (gpointer *) &socket, NULL))
    {
      if (!g_socket_is_closed (socket) && !peer_closed (socket))
        continue;
      g_socket_close (socket, NULL);
      g_hash_table_iter_remove (&iter);
    }
  return G_SOURCE_CONTINUE;
}

/* Deadlines pass at midnight, or while the server was down: looked at on start and
 * every ESCALATE_SECONDS. */
static gboolean
escalate_cb (gpointer user_data)
{
  YcServer *self = user_data;
  g_autoptr(GError) error = NULL;
  GDate today;

  yc_time_local_date (&today);
  yc_server_db_escalate_tasks (self->db, &today, &error);
  if (error != NULL)
    g_warning ("Could not raise the escalation of overdue tasks: %s", error->message);
  return G_SOURCE_CONTINUE;
}

gboolean
yc_server_listen (YcServer    *self,
                  const char  *host,
                  guint        port,
                  GError     **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) listener = NULL;
  GSList *uris;

  g_return_val_if_fail (YC_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  address = g_inet_address_new_from_string (host ? host : "127.0.0.1");
  if (address == NULL)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "“%s” is not an IP address", host);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (address, (guint16) port);

  self->soup = soup_server_new ("server-header", "yichuang-server/" PACKAGE_VERSION, NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (on_request_started_cb), self, 0);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (on_request_finished_cb), self, 0);
  g_signal_connect_object (self->soup, "request-aborted", G_CALLBACK (on_request_finished_cb), self, 0);
  soup_server_add_handler (self->soup, API_PREFIX, handle_api_cb, self, NULL);
  soup_server_add_websocket_handler (self->soup, API_PREFIX "/events", NULL, NULL,
                                     on_events_socket_cb, self, NULL);
  soup_server_add_websocket_handler (self->soup, API_PREFIX "/display/events", NULL, NULL,
                                     on_screen_socket_cb, self, NULL);
  soup_server_add_handler (self->soup, "/display", handle_display_cb, self, NULL);
  /* Our own socket, for a backlog longer than GLib's 10. */
  listener = g_socket_new (g_socket_address_get_family (socket_address), G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, error);
  if (listener != NULL)
    g_socket_set_listen_backlog (listener, LISTEN_BACKLOG);
  if (listener == NULL ||
      !g_socket_bind (listener, socket_address, TRUE, error) ||
      !g_socket_listen (listener, error) ||
      !soup_server_listen_socket (self->soup, listener, 0, error))
    {
      g_clear_object (&self->soup);
      return FALSE;
    }
  self->reaper = g_timeout_source_new_seconds (REAP_SECONDS);
  g_source_set_callback (self->reaper, reap_closed_cb, self, NULL);
  g_source_set_static_name (self->reaper, "yichuang-server reaper");
  g_source_attach (self->reaper, self->context);
  escalate_cb (self);
  self->escalator = g_timeout_source_new_seconds (ESCALATE_SECONDS);
  g_source_set_callback (self->escalator, escalate_cb, self, NULL);
  g_source_set_static_name (self->escalator, "yichuang-server escalation");
  g_source_attach (self->escalator, self->context);

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    {
      GUri *uri = uris->data;
      const char *uri_host = g_uri_get_host (uri);
      gboolean v6 = strchr (uri_host, ':') != NULL;

      g_free (self->url);
      self->url = g_strdup_printf ("http://%s%s%s:%d", v6 ? "[" : "", uri_host, v6 ? "]" : "",
                                   g_uri_get_port (uri));
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

const char *
yc_server_get_url (YcServer *self)
{
  g_return_val_if_fail (YC_IS_SERVER (self), NULL);
  return self->url;
}

YcServerDb *
yc_server_get_db (YcServer *self)
{
  g_return_val_if_fail (YC_IS_SERVER (self), NULL);
  return self->db;
}

void
yc_server_disconnect (YcServer *self)
{
  g_return_if_fail (YC_IS_SERVER (self));

  /* The listeners are told the server goes, and may come back later. */
  for (guint i = 0; self->listeners != NULL && i < self->listeners->len; i++)
    if (soup_websocket_connection_get_state (g_ptr_array_index (self->listeners, i)) == SOUP_WEBSOCKET_STATE_OPEN)
      soup_websocket_connection_close (g_ptr_array_index (self->listeners, i), SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  for (guint i = 0; self->screens != NULL && i < self->screens->len; i++)
    if (soup_websocket_connection_get_state (g_ptr_array_index (self->screens, i)) == SOUP_WEBSOCKET_STATE_OPEN)
      soup_websocket_connection_close (g_ptr_array_index (self->screens, i), SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  if (self->reaper != NULL)
    {
      g_source_destroy (self->reaper);
      g_clear_pointer (&self->reaper, g_source_unref);
    }
  if (self->escalator != NULL)
    {
      g_source_destroy (self->escalator);
      g_clear_pointer (&self->escalator, g_source_unref);
    }
  if (self->publisher != NULL)
    {
      g_source_destroy (self->publisher);
      g_clear_pointer (&self->publisher, g_source_unref);
    }
  g_hash_table_remove_all (self->idle);
  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
}
