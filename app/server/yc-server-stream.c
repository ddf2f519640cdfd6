/* yc-server-stream.c: the event stream and the calling screens' calls, over WebSockets.
 *
 * One stream per hall: a hall's desks and screens hear its events only, read from its
 * own log (yc_server_db_use_hall () before each read).
 *
 * Each event is read once and written out as text once for all listeners. The news goes
 * out once the main loop is back after the commit that made it, so that the clerk who
 * called has the answer before the desks have the news, and to PUBLISH_CHUNK listeners
 * at a time: 500 desks take 25 ms, which a clerk's call should not wait for. */
#include "yc-server-stream.h"

#include "core/yc-wire.h"

#include <string.h>

#define EVENT_PAGE         500
#define PUBLISH_CHUNK      50
#define KEEPALIVE_SECONDS  20

typedef struct
{
  YcServerDb   *db;
  char         *hall;        /* its code */
  GMainContext *context;
  GPtrArray    *listeners;   /* SoupWebsocketConnection of the event stream, open */
  GPtrArray    *screens;     /* SoupWebsocketConnection of calling screens; data "zone" */
  gint64        published;   /* the last event read to be sent (outgoing) */
  GSource      *publisher;   /* sends the new events, after the answer (schedule_publish) */
  GPtrArray    *outgoing;    /* char *: the events being sent, as text … */
  guint         sent_to;     /* … to the listeners before this one so far */
} HallStream;

struct _YcServerStream
{
  YcServerDb   *db;
  GMainContext *context;
  GHashTable   *halls;       /* code → HallStream, made as the first listener comes */
};

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
show_call (HallStream     *self,
           JsonNode       *event)
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
read_outgoing (HallStream *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;

  if (!yc_server_db_use_hall (self->db, self->hall))
    return FALSE;
  events = yc_server_db_events_after (self->db, self->published, EVENT_PAGE, &error);

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
send_outgoing (HallStream     *self,
               guint           end)
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
publish_events (HallStream *self)
{
  do
    send_outgoing (self, self->listeners->len);
  while ((self->listeners->len > 0 || self->screens->len > 0) && read_outgoing (self));
}

static gboolean
publish_cb (gpointer data)
{
  HallStream *self = data;

  if (self->outgoing->len == 0 && !read_outgoing (self))
    {
      g_clear_pointer (&self->publisher, g_source_unref);
      return G_SOURCE_REMOVE;
    }
  send_outgoing (self, MIN (self->sent_to + PUBLISH_CHUNK, self->listeners->len));
  return G_SOURCE_CONTINUE;
}

/* Told of new events of hall at a commit. Nobody listens there: nothing to read (a
 * newcomer starts from the newest event). */
static void
schedule_publish (YcServerDb *db,
                  const char *hall,
                  gpointer    data)
{
  YcServerStream *stream = data;
  HallStream *self = g_hash_table_lookup (stream->halls, hall);

  if (self == NULL || self->publisher != NULL || (self->listeners->len == 0 && self->screens->len == 0))
    return;
  self->publisher = g_idle_source_new ();
  g_source_set_priority (self->publisher, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->publisher, publish_cb, self, NULL);
  g_source_set_static_name (self->publisher, "yichuang-server events");
  g_source_attach (self->publisher, self->context);
}

static void
on_closed_cb (SoupWebsocketConnection *conn,
              HallStream              *self)
{
  guint index;

  /* One of those already sent the news: the next one is a place nearer. */
  if (g_ptr_array_find (self->listeners, conn, &index) && index < self->sent_to)
    self->sent_to--;
  g_ptr_array_remove (self->listeners, conn);
  g_ptr_array_remove (self->screens, conn);
}

static void
hall_stream_close_all (HallStream *self)
{
  GPtrArray *lists[] = { self->listeners, self->screens };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      if (soup_websocket_connection_get_state (g_ptr_array_index (lists[l], i)) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (g_ptr_array_index (lists[l], i), SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  if (self->publisher != NULL)
    {
      g_source_destroy (self->publisher);
      g_clear_pointer (&self->publisher, g_source_unref);
    }
}

static void
hall_stream_free (HallStream *self)
{
  hall_stream_close_all (self);
  for (guint i = 0; i < self->listeners->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->listeners, i), self);
  for (guint i = 0; i < self->screens->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->screens, i), self);
  g_ptr_array_unref (self->listeners);
  g_ptr_array_unref (self->screens);
  g_ptr_array_unref (self->outgoing);
  g_main_context_unref (self->context);
  g_free (self->hall);
  g_free (self);
}

/* hall's stream (NULL: the first hall's), made the first time, with the hall in use; NULL
 * when there is no such hall. */
static HallStream *
hall_stream (YcServerStream *stream,
             const char     *hall)
{
  HallStream *self;

  if (!yc_server_db_use_hall (stream->db, hall))
    return NULL;
  hall = yc_server_db_hall (stream->db);
  if ((self = g_hash_table_lookup (stream->halls, hall)) != NULL)
    return self;
  self = g_new0 (HallStream, 1);
  self->db = stream->db;
  self->hall = g_strdup (hall);
  self->context = g_main_context_ref (stream->context);
  self->listeners = g_ptr_array_new_with_free_func (g_object_unref);
  self->screens = g_ptr_array_new_with_free_func (g_object_unref);
  self->outgoing = g_ptr_array_new_with_free_func (g_free);
  self->published = yc_server_db_last_event (stream->db);
  g_hash_table_insert (stream->halls, self->hall, self);
  return self;
}

YcServerStream *
yc_server_stream_new (YcServerDb *db)
{
  YcServerStream *self = g_new0 (YcServerStream, 1);

  self->db = db;
  self->context = g_main_context_ref_thread_default ();
  self->halls = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) hall_stream_free);
  yc_server_db_set_event_func (db, schedule_publish, self);
  return self;
}

void
yc_server_stream_close_all (YcServerStream *self)
{
  GHashTableIter iter;
  HallStream *hall;

  g_hash_table_iter_init (&iter, self->halls);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &hall))
    hall_stream_close_all (hall);
}

void
yc_server_stream_free (YcServerStream *self)
{
  if (self == NULL)
    return;
  yc_server_db_set_event_func (self->db, NULL, NULL);
  g_hash_table_unref (self->halls);
  g_main_context_unref (self->context);
  g_free (self);
}

/* Everyone connected has had every event stored so far. */
static void
catch_up (HallStream *self)
{
  publish_events (self);
  if (yc_server_db_use_hall (self->db, self->hall))
    self->published = MAX (self->published, yc_server_db_last_event (self->db));
}

gboolean
yc_server_stream_start_after (YcServerStream *stream,
                              const char     *hall,
                              const char     *text,
                              gint64         *after)
{
  HallStream *self = hall_stream (stream, hall);
  guint64 parsed = 0;

  if (self == NULL || (text != NULL && !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &parsed, NULL)))
    return FALSE;
  /* The others first get what is pending, so that a newcomer joins them where they are. */
  catch_up (self);
  if (text == NULL)
    *after = self->published;
  else
    *after = (gint64) parsed > self->published ? 0 : (gint64) parsed;
  return TRUE;
}

void
yc_server_stream_add_listener (YcServerStream          *stream,
                               const char              *hall,
                               SoupWebsocketConnection *conn,
                               gint64                   after)
{
  HallStream *self = hall_stream (stream, hall);

  if (self == NULL)
    {
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR, "the hall's events could not be read");
      return;
    }
  /* What came between after and now (the catch-up), then the rest as it happens. */
  catch_up (self);
  while (after < self->published)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) events = NULL;

      events = yc_server_db_use_hall (self->db, self->hall) ? yc_server_db_events_after (self->db, after, EVENT_PAGE, &error)
                                                           : NULL;

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
  g_signal_connect (conn, "closed", G_CALLBACK (on_closed_cb), self);
}

void
yc_server_stream_add_screen (YcServerStream          *stream,
                             const char              *hall,
                             SoupWebsocketConnection *conn,
                             const char              *zone)
{
  HallStream *self = hall_stream (stream, hall);

  if (self == NULL)
    {
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR, "the hall's calls could not be read");
      return;
    }
  /* The others first get what is pending; the screen sees only what comes after. */
  catch_up (self);
  soup_websocket_connection_set_keepalive_interval (conn, KEEPALIVE_SECONDS);
  g_object_set_data_full (G_OBJECT (conn), "zone", g_strdup (zone ? zone : ""), g_free);
  g_ptr_array_add (self->screens, g_object_ref (conn));
  g_signal_connect (conn, "closed", G_CALLBACK (on_closed_cb), self);
}
