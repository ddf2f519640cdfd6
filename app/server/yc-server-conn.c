/* yc-server-conn.c: the server's connections, accepted here and read through a guard
 * before libsoup parses them (yc-server-conn.h says why).
 *
 * libsoup 3.2 has neither a hook for raw request bytes nor any timeout: it silently
 * drops a header line with white space before its colon (so "Transfer-Encoding : chunked"
 * beside a Content-Length reads as a plain body while a proxy in front may read it as
 * chunked), unfolds obs-fold, and waits for ever on a connection that sends nothing, or
 * a byte every minute. So the server accepts its own connections and gives libsoup each
 * one as a GIOStream whose input is a YcGuardInput: every byte libsoup reads passes
 * through a small HTTP/1.1 framing parser first, which knows where each request starts,
 * where its headers end and how long its body is.
 *
 * A connection closed here is first shut down (libsoup's pending read wakes up with an
 * error and lets it go) and closed for good a moment later, so no file descriptor is
 * closed under a source libsoup still polls. */
#include "yc-server-conn.h"

#include "core/yc-wire.h"

#include <errno.h>
#include <gio/gnetworking.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* How often the connections are looked at, and how many of them are let go in one look
 * at most: a thousand slow connections that all ran out at once go over a second, not in
 * one stall of the main loop. */
#define SWEEP_MS          100
#define SWEEP_BUDGET      100
/* Every how many sweeps idle connections are looked at for a client that hung up. */
#define HANG_UP_SWEEPS    10
/* After a shut-down, how long libsoup has to let the connection go. */
#define SHUT_GRACE_US     (2 * G_USEC_PER_SEC)
/* A refused request's connection reads (and drops) this much of what the client still
 * sends, for at most this long, so its answer is not lost to a reset. */
#define LINGER_BYTES      (64 * 1024)
#define LINGER_US         (G_USEC_PER_SEC)
/* Limits of a request's head: one line, and all of them. */
#define MAX_LINE          (8 * 1024)
#define MAX_HEAD          (64 * 1024)
/* The body a request may carry before its route sets its own limit (the largest, 4 MiB of
 * records, is below it). */
#define DEFAULT_BODY_MAX  (8 * 1024 * 1024)
/* Each 64 KiB of body gives a request one more second to arrive. */
#define BODY_BYTES_PER_S  (64 * 1024)
#define ACCEPTS_PER_WAKE  32
/* Connections over the caps, told so and reading out, at most. */
#define MAX_TURNING_AWAY  256

typedef enum
{
  PHASE_HANDSHAKE,   /* TLS, before libsoup has the connection */
  PHASE_IDLE,        /* waiting for a request */
  PHASE_REQUEST,     /* a request has begun and is not all there */
  PHASE_HANDLING,    /* the request is in; its answer is not out */
  PHASE_UPGRADED,    /* a WebSocket */
  PHASE_SHUT,        /* shut down, waiting for libsoup to let go */
} Phase;

typedef enum
{
  PARSE_START,       /* before a request line (empty lines are skipped) */
  PARSE_HEAD,        /* the request line and header lines */
  PARSE_BODY,        /* Content-Length bytes */
  PARSE_CHUNK_SIZE,
  PARSE_CHUNK_DATA,
  PARSE_CHUNK_END,   /* the CRLF after a chunk's data */
  PARSE_TRAILERS,
  PARSE_OPAQUE,      /* after an upgrade: not HTTP any more */
} ParseState;

typedef struct _Conn Conn;

struct _YcServerConns
{
  SoupServer         *soup;
  GSocket            *listener;
  GSource            *accept_source;
  GSource            *sweeper;
  GMainContext       *context;
  YcServerConnLimits  limits;
  GHashTable         *conns;         /* GSocketAddress (the remote one handed to libsoup) → Conn */
  GHashTable         *per_address;   /* peer text → count */
  GSocket            *dummy[2];      /* see yc_server_conns_new() */
  GPtrArray          *turned_away;   /* TurnedAway: turn_away () */
  guint               sweeps;
  gboolean            closed;        /* yc_server_conns_set_closed () */
};

struct _Conn
{
  YcServerConns     *owner;
  GSocketConnection *tcp;
  GSocket           *socket;
  GIOStream         *plain;          /* tcp, or TLS over it */
  GIOStream         *guard;          /* what libsoup reads and writes */
  GSocketAddress    *remote;
  char              *peer;
  Phase              phase;
  gint64             since;          /* monotonic µs: when the phase began */
  gint64             deadline;       /* PHASE_REQUEST: by when it must be all there */
  GCancellable      *handshake;

  ParseState         state;
  GString           *line;
  gsize              head_bytes;
  gint64             content_length; /* -1: none */
  gboolean           chunked;
  gboolean           upgrade;
  gboolean           first_line;
  guint64            remaining;
  guint64            body_seen;
  guint64            body_limit;

  GSource           *linger;
  gint64             linger_until;
  gsize              lingered;
  GSource           *hang_up;        /* drops it once the client has hung up */
  gboolean           counted;        /* against its address's cap (until shut) */
  GSource           *preread;        /* reads the first request's head, before libsoup */
  gboolean           head_read;      /* a request's head has been all there */
};

static void conn_shut    (Conn *conn);
static void conn_drop    (Conn *conn);
static void conn_begin   (Conn *conn);

/* The guard's input: libsoup reads the connection through it. */

#define YC_TYPE_GUARD_INPUT (yc_guard_input_get_type ())
G_DECLARE_FINAL_TYPE (YcGuardInput, yc_guard_input, YC, GUARD_INPUT, GInputStream)

struct _YcGuardInput
{
  GInputStream  parent_instance;
  GInputStream *base;
  Conn         *conn;     /* NULL once the connection is dropped */
  GByteArray   *pending;  /* read (and checked) before libsoup had the connection */
};

static void yc_guard_input_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YcGuardInput, yc_guard_input, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM, yc_guard_input_pollable_init))

static gboolean guard_bytes (Conn *conn, const guint8 *data, gsize length);

/* What libsoup gets for bytes the guard refused. */
static gssize
refused_read (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "the request was refused");
  return -1;
}

static void conn_hung_up (Conn *conn);

static gssize
guard_result (YcGuardInput  *self,
              void          *buffer,
              gssize         read,
              GError       **error)
{
  if (read == 0 && self->conn != NULL)
    conn_hung_up (self->conn);
  if (read <= 0 || self->conn == NULL)
    return read;
  if (!guard_bytes (self->conn, buffer, (gsize) read))
    return refused_read (error);
  return read;
}

/* Bytes read before libsoup had the connection come first; they are checked already. */
static gssize
take_pending (YcGuardInput *self,
              void         *buffer,
              gsize         count)
{
  gsize n = MIN (count, self->pending->len);

  memcpy (buffer, self->pending->data, n);
  g_byte_array_remove_range (self->pending, 0, (guint) n);
  return (gssize) n;
}

static gssize
yc_guard_input_read (GInputStream  *stream,
                     void          *buffer,
                     gsize          count,
                     GCancellable  *cancellable,
                     GError       **error)
{
  YcGuardInput *self = YC_GUARD_INPUT (stream);

  if (self->conn != NULL && self->conn->phase == PHASE_SHUT)
    return refused_read (error);
  if (self->pending->len > 0)
    return take_pending (self, buffer, count);
  return guard_result (self, buffer, g_input_stream_read (self->base, buffer, count, cancellable, error), error);
}

static gssize
yc_guard_input_read_nonblocking (GPollableInputStream  *stream,
                                 void                  *buffer,
                                 gsize                  count,
                                 GError               **error)
{
  YcGuardInput *self = YC_GUARD_INPUT (stream);

  if (self->conn != NULL && self->conn->phase == PHASE_SHUT)
    return refused_read (error);
  if (self->pending->len > 0)
    return take_pending (self, buffer, count);
  return guard_result (self, buffer,
                       g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (self->base), buffer, count,
                                                                 NULL, error),
                       error);
}

static gboolean
yc_guard_input_can_poll (GPollableInputStream *stream)
{
  return TRUE;
}

static gboolean
yc_guard_input_is_readable (GPollableInputStream *stream)
{
  YcGuardInput *self = YC_GUARD_INPUT (stream);

  return self->pending->len > 0 || g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (self->base));
}

static GSource *
yc_guard_input_create_source (GPollableInputStream *stream,
                              GCancellable         *cancellable)
{
  YcGuardInput *self = YC_GUARD_INPUT (stream);
  g_autoptr(GSource) base = self->pending->len > 0
                              ? g_idle_source_new ()
                              : g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (self->base), NULL);

  /* The callback is told of this stream, not of the one under it; with bytes pending it
   * is called at once. */
  return g_pollable_source_new_full (stream, base, cancellable);
}

static gboolean
yc_guard_input_close (GInputStream  *stream,
                      GCancellable  *cancellable,
                      GError       **error)
{
  /* The connection is closed with its GIOStream, not by its input alone. */
  return TRUE;
}

static void
yc_guard_input_finalize (GObject *object)
{
  YcGuardInput *self = YC_GUARD_INPUT (object);

  g_clear_object (&self->base);
  g_clear_pointer (&self->pending, g_byte_array_unref);
  G_OBJECT_CLASS (yc_guard_input_parent_class)->finalize (object);
}

static void
yc_guard_input_class_init (YcGuardInputClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_guard_input_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = yc_guard_input_read;
  G_INPUT_STREAM_CLASS (klass)->close_fn = yc_guard_input_close;
}

static void
yc_guard_input_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = yc_guard_input_can_poll;
  iface->is_readable = yc_guard_input_is_readable;
  iface->create_source = yc_guard_input_create_source;
  iface->read_nonblocking = yc_guard_input_read_nonblocking;
}

static void
yc_guard_input_init (YcGuardInput *self)
{
  self->pending = g_byte_array_new ();
}

/* The guard's stream: the guard's input, the connection's own output. Closing it is
 * libsoup letting the connection go. */

#define YC_TYPE_GUARD_STREAM (yc_guard_stream_get_type ())
G_DECLARE_FINAL_TYPE (YcGuardStream, yc_guard_stream, YC, GUARD_STREAM, GIOStream)

struct _YcGuardStream
{
  GIOStream     parent_instance;
  YcGuardInput *input;
  GIOStream    *plain;
  Conn         *conn;   /* NULL once dropped */
};

G_DEFINE_FINAL_TYPE (YcGuardStream, yc_guard_stream, G_TYPE_IO_STREAM)

static GInputStream *
yc_guard_stream_get_input_stream (GIOStream *stream)
{
  return G_INPUT_STREAM (YC_GUARD_STREAM (stream)->input);
}

static GOutputStream *
yc_guard_stream_get_output_stream (GIOStream *stream)
{
  return g_io_stream_get_output_stream (YC_GUARD_STREAM (stream)->plain);
}

static gboolean
yc_guard_stream_close (GIOStream     *stream,
                       GCancellable  *cancellable,
                       GError       **error)
{
  YcGuardStream *self = YC_GUARD_STREAM (stream);

  if (self->conn != NULL)
    {
      Conn *conn = self->conn;

      /* A refused request's connection reads a little longer, then goes. */
      if (conn->linger != NULL)
        {
          self->conn = NULL;
          self->input->conn = NULL;
          g_clear_object (&conn->guard);
          return TRUE;
        }
      conn_drop (conn);
      return TRUE;
    }
  return TRUE;
}

/* On the caller's thread, unlike GIOStream's default, which closes in a worker: the
 * connections are the server thread's alone. */
static void
yc_guard_stream_close_async (GIOStream           *stream,
                             int                  io_priority,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);

  yc_guard_stream_close (stream, cancellable, NULL);
  g_task_return_boolean (task, TRUE);
}

static gboolean
yc_guard_stream_close_finish (GIOStream     *stream,
                              GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
yc_guard_stream_finalize (GObject *object)
{
  YcGuardStream *self = YC_GUARD_STREAM (object);

  g_clear_object (&self->input);
  g_clear_object (&self->plain);
  G_OBJECT_CLASS (yc_guard_stream_parent_class)->finalize (object);
}

static void
yc_guard_stream_class_init (YcGuardStreamClass *klass)
{
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = yc_guard_stream_finalize;
  stream_class->get_input_stream = yc_guard_stream_get_input_stream;
  stream_class->get_output_stream = yc_guard_stream_get_output_stream;
  stream_class->close_fn = yc_guard_stream_close;
  stream_class->close_async = yc_guard_stream_close_async;
  stream_class->close_finish = yc_guard_stream_close_finish;
}

static void
yc_guard_stream_init (YcGuardStream *self)
{
}

/* Connections */

static gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
set_phase (Conn  *conn,
           Phase  phase)
{
  conn->phase = phase;
  conn->since = now_us ();
}

/* Writes text to the connection if it takes it now; an answer it cannot take is lost
 * with the connection. */
static void
write_now (Conn       *conn,
           const char *text)
{
  GOutputStream *out = g_io_stream_get_output_stream (conn->plain);

  if (conn->phase == PHASE_HANDSHAKE || !G_IS_POLLABLE_OUTPUT_STREAM (out))
    return;
  g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (out), text, strlen (text), NULL, NULL);
}

/* An answer as the guard writes it, past libsoup: status, headers (NULL: none more than
 * the body's) and a JSON body; the connection closes after it. */
static char *
answer_text (guint               status,
             SoupMessageHeaders *headers,
             const char         *body)
{
  GString *text = g_string_new (NULL);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  g_string_append_printf (text, "HTTP/1.1 %u %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                          "Connection: close\r\n", status, soup_status_get_phrase (status), strlen (body));
  if (headers != NULL)
    {
      soup_message_headers_iter_init (&iter, headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        if (g_ascii_strcasecmp (name, "Content-Type") != 0 && g_ascii_strcasecmp (name, "Content-Length") != 0 &&
            g_ascii_strcasecmp (name, "Connection") != 0)
          g_string_append_printf (text, "%s: %s\r\n", name, value);
    }
  g_string_append_printf (text, "\r\n%s", body);
  return g_string_free (text, FALSE);
}

static char *
error_body (const char *code,
            const char *message)
{
  g_autoptr(JsonNode) body = yc_wire_error_body (code, message);

  return yc_wire_to_string (body);
}

static void
refuse (Conn       *conn,
        guint       status,
        const char *code,
        const char *message)
{
  g_autofree char *body = error_body (code, message);
  g_autofree char *text = answer_text (status, NULL, body);

  write_now (conn, text);
  conn_shut (conn);
}

/* Reads and drops what the client of a refused request still sends, so that closing
 * with unread bytes does not reset the connection before the answer is read: TRUE while
 * more may come (nothing to read now, under LINGER_BYTES in all). The sweep ends it at
 * its deadline whatever the client does. */
static gboolean
read_out (GSocket *socket,
          gsize   *total)
{
  char buffer[4096];
  g_autoptr(GError) error = NULL;
  gssize read;

  do
    read = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);
  while (read > 0 && (*total += (gsize) read) < LINGER_BYTES);
  return read < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
}

static gboolean
linger_cb (GSocket      *socket,
           GIOCondition  condition,
           gpointer      data)
{
  Conn *conn = data;

  if (read_out (socket, &conn->lingered))
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&conn->linger, g_source_unref);
  conn_drop (conn);
  return G_SOURCE_REMOVE;
}

/* Stops the connection: the client gets the end of what was written, libsoup an error at
 * its next read; closed for good once libsoup has let go, or after a grace. A plain one
 * reads what the client still sends for a moment, so a reset does not lose the answer. */
static void uncount (Conn *conn);

static void
conn_shut (Conn *conn)
{
  if (conn->phase == PHASE_SHUT)
    return;
  set_phase (conn, PHASE_SHUT);
  /* On its way out: it no longer counts against its address. */
  uncount (conn);
  /* Never given to libsoup: it is read no more. */
  clear_source (&conn->preread);
  if (conn->handshake != NULL)
    g_cancellable_cancel (conn->handshake);
  if (conn->socket == NULL || g_socket_is_closed (conn->socket))
    return;
  if (!G_IS_TLS_CONNECTION (conn->plain))
    {
      g_socket_shutdown (conn->socket, FALSE, TRUE, NULL);
      conn->linger_until = now_us () + LINGER_US;
      conn->linger = g_socket_create_source (conn->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
      g_source_set_callback (conn->linger, (GSourceFunc) (void (*) (void)) linger_cb, conn, NULL);
      g_source_set_static_name (conn->linger, "yichuang-server linger");
      g_source_attach (conn->linger, conn->owner->context);
    }
  else
    g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
}

static void count_address (YcServerConns *self, const char *peer, int change);

static void
uncount (Conn *conn)
{
  if (!conn->counted)
    return;
  conn->counted = FALSE;
  count_address (conn->owner, conn->peer, -1);
}

static void
count_address (YcServerConns *self,
               const char    *peer,
               int            change)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, peer));

  count = (guint) ((int) count + change);
  if (count == 0)
    g_hash_table_remove (self->per_address, peer);
  else
    g_hash_table_insert (self->per_address, g_strdup (peer), GUINT_TO_POINTER (count));
}

static gboolean
hung_up_cb (gpointer data)
{
  Conn *conn = data;

  g_clear_pointer (&conn->hang_up, g_source_unref);
  conn_drop (conn);
  return G_SOURCE_REMOVE;
}

/* The client closed the connection (libsoup read its end). Between two requests libsoup
 * 3.2 lets such a connection be and never closes it; it is closed here, once libsoup is
 * out of the read that saw the end. */
static void
conn_hung_up (Conn *conn)
{
  if (conn->hang_up != NULL || conn->state != PARSE_START || conn->phase == PHASE_SHUT)
    return;
  conn->hang_up = g_idle_source_new ();
  g_source_set_callback (conn->hang_up, hung_up_cb, conn, NULL);
  g_source_set_static_name (conn->hang_up, "yichuang-server hang-up");
  g_source_attach (conn->hang_up, conn->owner->context);
}

/* Nothing of the connection runs any more, and libsoup, which may still hold its guard,
 * reads and writes nothing more through it. */
static void
conn_stop (Conn *conn)
{
  clear_source (&conn->preread);
  clear_source (&conn->hang_up);
  clear_source (&conn->linger);
  if (conn->guard != NULL)
    {
      YC_GUARD_STREAM (conn->guard)->conn = NULL;
      YC_GUARD_STREAM (conn->guard)->input->conn = NULL;
    }
  if (conn->handshake != NULL)
    {
      g_object_set_data (G_OBJECT (conn->plain), "yc-conn", NULL);
      g_cancellable_cancel (conn->handshake);
    }
}

/* Closes the connection for good and forgets it. */
static void
conn_drop (Conn *conn)
{
  uncount (conn);
  conn_stop (conn);
  if (conn->socket != NULL)
    g_socket_close (conn->socket, NULL);
  g_hash_table_remove (conn->owner->conns, conn->remote);
}

static void
conn_free (gpointer data)
{
  Conn *conn = data;

  conn_stop (conn);
  g_clear_object (&conn->handshake);
  g_clear_object (&conn->guard);
  g_clear_object (&conn->plain);
  g_clear_object (&conn->socket);
  g_clear_object (&conn->tcp);
  g_clear_object (&conn->remote);
  g_free (conn->peer);
  if (conn->line != NULL)
    g_string_free (conn->line, TRUE);
  g_free (conn);
}

/* The framing parser */

static gboolean
is_tchar (guchar c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

/* A request is all there: what follows is the next one (or a WebSocket's frames). */
static void
request_read (Conn *conn)
{
  conn->state = conn->upgrade ? PARSE_OPAQUE : PARSE_START;
  if (conn->phase == PHASE_REQUEST)
    set_phase (conn, PHASE_HANDLING);
}

/* One header line of a request (without its line end); FALSE refuses the request. */
static gboolean
header_line (Conn       *conn,
             const char *line,
             gsize       length)
{
  const char *colon = memchr (line, ':', length);
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  if (line[0] == ' ' || line[0] == '\t')
    {
      refuse (conn, SOUP_STATUS_BAD_REQUEST, "bad_request", "a folded header line (obs-fold)");
      return FALSE;
    }
  if (colon == NULL || colon == line)
    {
      refuse (conn, SOUP_STATUS_BAD_REQUEST, "bad_request", "a header line without a name");
      return FALSE;
    }
  for (const char *c = line; c < colon; c++)
    if (!is_tchar ((guchar) *c))
      {
        refuse (conn, SOUP_STATUS_BAD_REQUEST, "bad_request", "a header name with white space or a separator");
        return FALSE;
      }
  name = g_ascii_strdown (line, colon - line);
  value = g_strstrip (g_strndup (colon + 1, length - (gsize) (colon + 1 - line)));

  if (g_str_equal (name, "transfer-encoding"))
    {
      if (conn->chunked || g_ascii_strcasecmp (value, "chunked") != 0)
        {
          refuse (conn, SOUP_STATUS_BAD_REQUEST, "bad_request", "Transfer-Encoding must be exactly chunked");
          return FALSE;
        }
      conn->chunked = TRUE;
    }
  else if (g_str_equal (name, "content-length"))
    {
      guint64 parsed;

      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &parsed, NULL) || !g_ascii_isdigit (value[0]) ||
          (conn->content_length >= 0 && (guint64) conn->content_length != parsed))
        {
          refuse (conn, SOUP_STATUS_BAD_REQUEST, "bad_request", "Content-Length must be one decimal number");
          return FALSE;
        }
      conn->content_length = (gint64) parsed;
    }
  else if (g_str_equal (name, "upgrade"))
    conn->upgrade = TRUE;
  return TRUE;
}

/* The head is all there: how long is the body? */
static gboolean
head_read (Conn *conn)
{
  conn->head_read = TRUE;
  if (conn->chunked && conn->content_length >= 0)
    {
      refuse (conn, SOUP_STATUS_BAD_REQUEST, "bad_request", "both Transfer-Encoding and Content-Length");
      return FALSE;
    }
  if (conn->chunked)
    conn->state = PARSE_CHUNK_SIZE;
  else if (conn->content_length > 0)
    {
      conn->state = PARSE_BODY;
      conn->remaining = (guint64) conn->content_length;
      /* The time allowed grows with the body, as far as any route takes one. */
      conn->deadline += (gint64) (MIN (conn->remaining, conn->body_limit) / BODY_BYTES_PER_S) * G_USEC_PER_SEC;
    }
  else
    request_read (conn);
  return TRUE;
}

/* A line of the head, a chunk size or a trailer is complete: conn->line. */
static gboolean
line_read (Conn *conn)
{
  GString *line = conn->line;

  /* CRLF ends a line; a CR alone inside one is refused. */
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  if (memchr (line->str, '\r', line->len) != NULL || memchr (line->str, '\0', line->len) != NULL)
    {
      refuse (conn, SOUP_STATUS_BAD_REQUEST, "bad_request", "a bare CR or a NUL in the request head");
      return FALSE;
    }

  switch (conn->state)
    {
    case PARSE_HEAD:
      if (conn->first_line)
        {
          conn->first_line = FALSE;
          return TRUE;   /* the request line: libsoup reads it */
        }
      if (line->len == 0)
        return head_read (conn);
      return header_line (conn, line->str, line->len);

    case PARSE_CHUNK_SIZE:
      {
        guint64 size = 0;
        gsize digits = 0;

        while (digits < line->len && g_ascii_isxdigit (line->str[digits]) && digits < 16)
          size = size * 16 + (guint64) g_ascii_xdigit_value (line->str[digits++]);
        if (digits == 0 || (digits < line->len && line->str[digits] != ';' && line->str[digits] != ' ' &&
                            line->str[digits] != '\t'))
          {
            refuse (conn, SOUP_STATUS_BAD_REQUEST, "bad_request", "a malformed chunk size");
            return FALSE;
          }
        if (size == 0)
          conn->state = PARSE_TRAILERS;
        else
          {
            conn->state = PARSE_CHUNK_DATA;
            conn->remaining = size;
          }
        return TRUE;
      }

    case PARSE_CHUNK_END:
      if (line->len != 0)
        {
          refuse (conn, SOUP_STATUS_BAD_REQUEST, "bad_request", "a chunk longer than its size");
          return FALSE;
        }
      conn->state = PARSE_CHUNK_SIZE;
      return TRUE;

    case PARSE_TRAILERS:
      if (line->len == 0)
        {
          request_read (conn);
          return TRUE;
        }
      if (line->str[0] == ' ' || line->str[0] == '\t')
        {
          refuse (conn, SOUP_STATUS_BAD_REQUEST, "bad_request", "a folded trailer line (obs-fold)");
          return FALSE;
        }
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* Body bytes (of a Content-Length or of a chunk) against the limit. */
static gboolean
body_bytes (Conn  *conn,
            gsize  n)
{
  conn->body_seen += n;
  if (conn->body_seen > conn->body_limit)
    {
      refuse (conn, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large", "the request body is larger than this route takes");
      return FALSE;
    }
  return TRUE;
}

/* Every byte libsoup reads; FALSE when the request is refused (answered and shut). */
static gboolean
guard_bytes (Conn         *conn,
             const guint8 *data,
             gsize         length)
{
  gsize at = 0;

  while (at < length)
    switch (conn->state)
      {
      case PARSE_OPAQUE:
        return TRUE;

      case PARSE_START:
        if (data[at] == '\r' || data[at] == '\n')
          {
            at++;
            break;
          }
        /* A new request: its head must be all there within the time allowed. */
        conn->state = PARSE_HEAD;
        conn->first_line = TRUE;
        conn->head_bytes = 0;
        conn->content_length = -1;
        conn->chunked = conn->upgrade = FALSE;
        conn->body_seen = 0;
        conn->body_limit = DEFAULT_BODY_MAX;
        g_string_truncate (conn->line, 0);
        set_phase (conn, PHASE_REQUEST);
        conn->deadline = conn->since + (gint64) conn->owner->limits.request_seconds * G_USEC_PER_SEC;
        break;

      case PARSE_HEAD:
      case PARSE_CHUNK_SIZE:
      case PARSE_CHUNK_END:
      case PARSE_TRAILERS:
        {
          const guint8 *end = memchr (data + at, '\n', length - at);
          gsize take = end != NULL ? (gsize) (end - (data + at)) : length - at;

          g_string_append_len (conn->line, (const char *) data + at, (gssize) take);
          conn->head_bytes += take + (end != NULL);
          at += take + (end != NULL);
          if (conn->line->len > MAX_LINE || conn->head_bytes > MAX_HEAD)
            {
              refuse (conn, 431, "bad_request", "the request head is too long");
              return FALSE;
            }
          if (end == NULL)
            break;
          if (!line_read (conn))
            return FALSE;
          g_string_truncate (conn->line, 0);
          if (conn->state == PARSE_CHUNK_SIZE || conn->state == PARSE_TRAILERS)
            conn->head_bytes = 0;
          break;
        }

      case PARSE_BODY:
      case PARSE_CHUNK_DATA:
        {
          gsize take = (gsize) MIN ((guint64) (length - at), conn->remaining);

          if (!body_bytes (conn, take))
            return FALSE;
          conn->remaining -= take;
          at += take;
          if (conn->remaining == 0)
            {
              if (conn->state == PARSE_CHUNK_DATA)
                conn->state = PARSE_CHUNK_END;
              else
                request_read (conn);
            }
          break;
        }
      }
  return TRUE;
}

/* Accepting */

/* The connection goes to libsoup, through its guard, with what was read of it. */
static void
hand_over (Conn *conn)
{
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (conn->socket, NULL);
  g_autoptr(GError) error = NULL;

  if (!soup_server_accept_iostream (conn->owner->soup, conn->guard, local, conn->remote, &error))
    {
      g_warning ("Could not take a connection: %s", error->message);
      conn_drop (conn);
    }
}


/* Until a first request's head is all there, the connection is read here, not by
 * libsoup: a client that never finishes one (a slowloris) costs a socket and a few bytes,
 * no SoupServer connection, and goes when its time is up. */
static gboolean
preread_cb (GObject  *stream,
            gpointer  data)
{
  Conn *conn = data;
  YcGuardInput *input = YC_GUARD_STREAM (conn->guard)->input;
  guint8 buffer[4096];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (input->base), buffer,
                                                           sizeof buffer, NULL, &error);

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;
      if (n <= 0)
        {
          /* Gone, or broken, before it asked anything. */
          g_clear_pointer (&conn->preread, g_source_unref);
          conn_drop (conn);
          return G_SOURCE_REMOVE;
        }
      if (!guard_bytes (conn, buffer, (gsize) n))
        {
          /* Refused: answered and shut already. */
          g_clear_pointer (&conn->preread, g_source_unref);
          return G_SOURCE_REMOVE;
        }
      g_byte_array_append (input->pending, buffer, (guint) n);
      if (conn->head_read)
        {
          g_clear_pointer (&conn->preread, g_source_unref);
          hand_over (conn);
          return G_SOURCE_REMOVE;
        }
    }
}

/* The connection, now plain or TLS, gets its guard; it is read here until its first
 * request's head is in. */
static void
conn_begin (Conn *conn)
{
  YcGuardStream *guard = g_object_new (YC_TYPE_GUARD_STREAM, NULL);

  guard->plain = g_object_ref (conn->plain);
  guard->input = g_object_new (YC_TYPE_GUARD_INPUT, NULL);
  guard->input->base = g_object_ref (g_io_stream_get_input_stream (conn->plain));
  guard->input->conn = conn;
  guard->conn = conn;
  conn->guard = G_IO_STREAM (guard);
  set_phase (conn, PHASE_IDLE);
  conn->preread = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (guard->input->base), NULL);
  g_source_set_callback (conn->preread, (GSourceFunc) (void (*) (void)) preread_cb, conn, NULL);
  /* Below the requests under way: a thousand slow heads that all send a byte at once
   * wait for the windows' calls, not the other way round. */
  g_source_set_priority (conn->preread, G_PRIORITY_LOW);
  g_source_set_static_name (conn->preread, "yichuang-server first request");
  g_source_attach (conn->preread, conn->owner->context);
}

static void
handshake_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean done = g_tls_connection_handshake_finish (G_TLS_CONNECTION (object), result, &error);
  /* Unset when the connection went, and maybe the server with it. */
  Conn *conn = g_object_get_data (object, "yc-conn");

  if (conn == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&conn->handshake);
  if (!done)
    {
      conn_drop (conn);
      return;
    }
  conn_begin (conn);
}

typedef struct
{
  YcServerConns *owner;
  GSocket       *socket;
  GSource       *source;
  gint64         until;
  gsize          read;
} TurnedAway;

static void
turned_away_free (gpointer data)
{
  TurnedAway *away = data;

  g_source_destroy (away->source);
  g_source_unref (away->source);
  g_socket_close (away->socket, NULL);
  g_object_unref (away->socket);
  g_free (away);
}

static gboolean
turned_away_cb (GSocket      *socket,
                GIOCondition  condition,
                gpointer      data)
{
  TurnedAway *away = data;

  if (read_out (socket, &away->read))
    return G_SOURCE_CONTINUE;
  g_ptr_array_remove_fast (away->owner->turned_away, away);
  return G_SOURCE_REMOVE;
}

/* A connection over the caps: told so (over plain HTTP) and closed, after reading what
 * the client still sends for a moment, so a reset does not lose the answer. Not many at
 * once: past that, closed at once. */
static void
turn_away (YcServerConns *self,
           GSocket       *socket)
{
  TurnedAway *away;

  if (self->limits.certificate == NULL)
    {
      g_autofree char *body = error_body ("rate_limited", "too many connections from this address");
      g_autofree char *text = answer_text (SOUP_STATUS_SERVICE_UNAVAILABLE, NULL, body);

      g_socket_send (socket, text, strlen (text), NULL, NULL);
    }
  g_socket_shutdown (socket, FALSE, TRUE, NULL);
  if (self->turned_away->len >= MAX_TURNING_AWAY)
    {
      g_socket_close (socket, NULL);
      return;
    }
  away = g_new0 (TurnedAway, 1);
  away->owner = self;
  away->socket = g_object_ref (socket);
  away->until = g_get_monotonic_time () + LINGER_US;
  away->source = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (away->source, (GSourceFunc) (void (*) (void)) turned_away_cb, away, NULL);
  g_source_set_static_name (away->source, "yichuang-server turned away");
  g_source_attach (away->source, self->context);
  g_ptr_array_add (self->turned_away, away);
}

static void
accept_one (YcServerConns *self,
            GSocket       *socket)
{
  g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (socket, NULL);
  g_autofree char *peer = NULL;
  Conn *conn;

  if (remote == NULL)
    {
      g_socket_close (socket, NULL);
      return;
    }
  peer = G_IS_INET_SOCKET_ADDRESS (remote)
           ? g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)))
           : g_strdup ("");
  /* Gone, as far as the client can tell. */
  if (self->closed)
    {
      g_socket_close (socket, NULL);
      return;
    }
  g_socket_set_blocking (socket, FALSE);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);

  /* Too many: told so (over plain HTTP), and closed. */
  if (g_hash_table_size (self->conns) >= self->limits.max_connections ||
      GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, peer)) >= self->limits.max_per_address)
    {
      turn_away (self, socket);
      return;
    }

  conn = g_new0 (Conn, 1);
  conn->owner = self;
  conn->socket = g_object_ref (socket);
  conn->tcp = g_socket_connection_factory_create_connection (socket);
  conn->remote = g_object_ref (remote);
  conn->peer = g_steal_pointer (&peer);
  conn->line = g_string_new (NULL);
  conn->content_length = -1;
  conn->body_limit = DEFAULT_BODY_MAX;
  g_hash_table_insert (self->conns, conn->remote, conn);
  count_address (self, conn->peer, +1);
  conn->counted = TRUE;

  if (self->limits.certificate == NULL)
    {
      conn->plain = G_IO_STREAM (g_object_ref (conn->tcp));
      conn_begin (conn);
      return;
    }

  {
    g_autoptr(GError) error = NULL;
    GIOStream *tls = g_tls_server_connection_new (G_IO_STREAM (conn->tcp), self->limits.certificate, &error);

    if (tls == NULL)
      {
        g_warning ("Could not start TLS: %s", error->message);
        conn_drop (conn);
        return;
      }
    g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (tls), FALSE);
    conn->plain = tls;
    conn->handshake = g_cancellable_new ();
    g_object_set_data (G_OBJECT (tls), "yc-conn", conn);
    set_phase (conn, PHASE_HANDSHAKE);
    g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, conn->handshake,
                                      handshake_done_cb, NULL);
  }
}

static gboolean
accept_cb (GSocket      *listener,
           GIOCondition  condition,
           gpointer      user_data)
{
  YcServerConns *self = user_data;

  for (guint i = 0; i < ACCEPTS_PER_WAKE; i++)
    {
      g_autoptr(GSocket) socket = g_socket_accept (listener, NULL, NULL);

      if (socket == NULL)
        break;
      accept_one (self, socket);
    }
  return G_SOURCE_CONTINUE;
}

/* The peer of an idle plain connection has hung up: readable, and nothing to read. */
static gboolean
peer_closed (Conn *conn)
{
  char byte;
  GInputVector vector = { &byte, 1 };
  int flags = G_SOCKET_MSG_PEEK;

  if (G_IS_TLS_CONNECTION (conn->plain) ||
      g_socket_condition_check (conn->socket, G_IO_IN | G_IO_HUP | G_IO_ERR) == 0)
    return FALSE;
  return g_socket_receive_message (conn->socket, NULL, &vector, 1, NULL, NULL, &flags, NULL, NULL) <= 0;
}

static gboolean
sweep_cb (gpointer user_data)
{
  YcServerConns *self = user_data;
  gint64 now = now_us ();
  gint64 idle = (gint64) self->limits.idle_seconds * G_USEC_PER_SEC;
  gint64 request = (gint64) self->limits.request_seconds * G_USEC_PER_SEC;
  g_autoptr(GPtrArray) shut = g_ptr_array_new ();
  g_autoptr(GPtrArray) drop = g_ptr_array_new ();
  g_autoptr(GPtrArray) late = g_ptr_array_new ();
  GHashTableIter iter;
  Conn *conn;
  guint budget = SWEEP_BUDGET;
  gboolean look_for_hang_ups = ++self->sweeps % HANG_UP_SWEEPS == 0;

  g_hash_table_iter_init (&iter, self->conns);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    switch (conn->phase)
      {
      case PHASE_HANDSHAKE:
        if (now - conn->since > request)
          g_ptr_array_add (drop, conn);
        break;
      case PHASE_IDLE:
        /* A client that hung up between requests: libsoup is not reading (it would have
         * seen the end), so the connection is closed here. Looked for once a second: a
         * poll for each idle desk ten times a second would be most of the sweep's work.
         * A first request's head being read here sees the end itself. */
        if (look_for_hang_ups && conn->preread == NULL && peer_closed (conn))
          g_ptr_array_add (drop, conn);
        else if (now - conn->since > idle)
          g_ptr_array_add (shut, conn);
        break;
      case PHASE_REQUEST:
        if (now > conn->deadline)
          g_ptr_array_add (late, conn);
        break;
      case PHASE_SHUT:
        /* Reading out ends at its deadline, even for a client that neither sends nor
         * closes; otherwise libsoup has had its grace to let go. */
        if (conn->linger != NULL ? now > conn->linger_until : now - conn->since > SHUT_GRACE_US)
          g_ptr_array_add (drop, conn);
        break;
      case PHASE_HANDLING:
      case PHASE_UPGRADED:
        break;
      }
  for (guint i = self->turned_away->len; i > 0; i--)
    if (now > ((TurnedAway *) g_ptr_array_index (self->turned_away, i - 1))->until)
      g_ptr_array_remove_index_fast (self->turned_away, i - 1);
  for (guint i = 0; i < drop->len && budget > 0; i++, budget--)
    conn_drop (g_ptr_array_index (drop, i));
  for (guint i = 0; i < late->len && budget > 0; i++, budget--)
    refuse (g_ptr_array_index (late, i), SOUP_STATUS_REQUEST_TIMEOUT, "timeout", "the request did not arrive in time");
  for (guint i = 0; i < shut->len && budget > 0; i++, budget--)
    conn_shut (g_ptr_array_index (shut, i));
  return G_SOURCE_CONTINUE;
}

YcServerConns *
yc_server_conns_new (SoupServer               *soup,
                     GSocket                  *listener,
                     const YcServerConnLimits *limits,
                     GError                  **error)
{
  g_autoptr(YcServerConns) self = g_new0 (YcServerConns, 1);

  self->soup = g_object_ref (soup);
  self->listener = g_object_ref (listener);
  self->limits = *limits;
  if (limits->certificate != NULL)
    g_object_ref (limits->certificate);
  self->context = g_main_context_ref_thread_default ();
  self->turned_away = g_ptr_array_new_with_free_func (turned_away_free);
  self->conns = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, conn_free);
  self->per_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* libsoup 3.2 keeps a connection alive after an answer only while the server has a
   * listener of its own (soup-server.c, request_finished()); connections handed over by
   * soup_server_accept_iostream() would all close after one request. It is given one
   * end of a socket pair, which is never written to and so never accepts anything. */
  {
    int fds[2];

    if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
      {
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "socketpair: %s", g_strerror (errno));
        return NULL;
      }
    for (guint i = 0; i < 2; i++)
      if (!(self->dummy[i] = g_socket_new_from_fd (fds[i], error)))
        {
          close (fds[i]);
          return NULL;
        }
    if (!soup_server_listen_socket (soup, self->dummy[0], 0, error))
      return NULL;
  }

  g_socket_set_blocking (listener, FALSE);
  self->accept_source = g_socket_create_source (listener, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, (GSourceFunc) (void (*) (void)) accept_cb, self, NULL);
  g_source_set_priority (self->accept_source, G_PRIORITY_LOW);
  g_source_set_static_name (self->accept_source, "yichuang-server accept");
  g_source_attach (self->accept_source, self->context);

  self->sweeper = g_timeout_source_new (SWEEP_MS);
  g_source_set_callback (self->sweeper, sweep_cb, self, NULL);
  g_source_set_priority (self->sweeper, G_PRIORITY_LOW);
  g_source_set_static_name (self->sweeper, "yichuang-server connections");
  g_source_attach (self->sweeper, self->context);
  return g_steal_pointer (&self);
}

void
yc_server_conns_free (YcServerConns *self)
{
  if (self == NULL)
    return;
  if (self->accept_source != NULL)
    {
      g_source_destroy (self->accept_source);
      g_source_unref (self->accept_source);
    }
  if (self->sweeper != NULL)
    {
      g_source_destroy (self->sweeper);
      g_source_unref (self->sweeper);
    }
  if (self->listener != NULL)
    g_socket_close (self->listener, NULL);
  if (self->conns != NULL)
    {
      GHashTableIter iter;
      Conn *conn;

      /* libsoup may still hold their streams: they read nothing more from here on. */
      g_hash_table_iter_init (&iter, self->conns);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
        {
          if (conn->handshake != NULL)
            g_cancellable_cancel (conn->handshake);
          if (conn->socket != NULL)
            g_socket_close (conn->socket, NULL);
        }
      g_hash_table_unref (self->conns);
    }
  g_clear_pointer (&self->per_address, g_hash_table_unref);
  g_clear_pointer (&self->turned_away, g_ptr_array_unref);
  for (guint i = 0; i < 2; i++)
    if (self->dummy[i] != NULL)
      {
        g_socket_close (self->dummy[i], NULL);
        g_object_unref (self->dummy[i]);
      }
  g_clear_object (&self->listener);
  g_clear_object (&self->limits.certificate);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self);
}

static Conn *
conn_of (YcServerConns     *self,
         SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  return remote != NULL ? g_hash_table_lookup (self->conns, remote) : NULL;
}

const char *
yc_server_conns_peer (YcServerConns     *self,
                      SoupServerMessage *msg)
{
  Conn *conn = conn_of (self, msg);

  return conn != NULL ? conn->peer : "";
}

void
yc_server_conns_limit_body (YcServerConns     *self,
                            SoupServerMessage *msg,
                            gsize              limit)
{
  Conn *conn = conn_of (self, msg);

  if (conn == NULL)
    return;
  conn->body_limit = limit;
  if (conn->body_seen > limit)
    refuse (conn, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large", "the request body is larger than this route takes");
}

void
yc_server_conns_refuse (YcServerConns     *self,
                        SoupServerMessage *msg)
{
  Conn *conn = conn_of (self, msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  if (conn == NULL || conn->phase == PHASE_SHUT)
    return;
  bytes = soup_message_body_flatten (body);
  {
    gsize length;
    const char *data = g_bytes_get_data (bytes, &length);
    g_autofree char *json = g_strndup (data != NULL ? data : "", length);

    text = answer_text (soup_server_message_get_status (msg), soup_server_message_get_response_headers (msg), json);
  }
  write_now (conn, text);
  conn_shut (conn);
}

void
yc_server_conns_upgraded (YcServerConns     *self,
                          SoupServerMessage *msg)
{
  Conn *conn = conn_of (self, msg);

  if (conn == NULL)
    return;
  conn->state = PARSE_OPAQUE;
  set_phase (conn, PHASE_UPGRADED);
}

void
yc_server_conns_answered (YcServerConns     *self,
                          SoupServerMessage *msg)
{
  Conn *conn = conn_of (self, msg);

  if (conn == NULL || conn->phase != PHASE_HANDLING)
    return;
  /* An upgrade asked for and not made: what follows would not be HTTP. */
  if (conn->state == PARSE_OPAQUE)
    conn_shut (conn);
  else
    set_phase (conn, PHASE_IDLE);
}

void
yc_server_conns_set_closed (YcServerConns *self,
                            gboolean       closed)
{
  g_autoptr(GPtrArray) open = NULL;
  GHashTableIter iter;
  Conn *conn;

  self->closed = closed;
  if (!closed)
    return;
  open = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->conns);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    g_ptr_array_add (open, conn);
  /* Shut as the sweeper shuts an idle one (closed for good once libsoup lets go), those
   * being answered and the WebSockets too: a server that is gone answers nothing more. */
  for (guint i = 0; i < open->len; i++)
    conn_shut (g_ptr_array_index (open, i));
}

guint
yc_server_conns_count (YcServerConns *self)
{
  return g_hash_table_size (self->conns) + self->turned_away->len;
}
