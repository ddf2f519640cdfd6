/* yc-server-request.c: a request as its route's handler sees it, and what a handler
 * answers with: JSON, an error of the contract, a log-in (its PIN hashed off the server's
 * thread), a WebSocket; the audit log's line for it. */
#include "yc-server-request.h"

#include "core/yc-error.h"
#include "core/yc-wire.h"
#include "server/yc-server-conn.h"

#include <stdlib.h>
#include <string.h>

/* Log-ins waiting for their PIN's hash, at most: more are told to come back. */
#define MAX_LOGINS_WAITING 64

/* Requests */

void
yc_request_free (YcRequest *request)
{
  if (request == NULL)
    return;
  yc_server_caller_clear (&request->caller);
  g_free (request->name);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_pointer (&request->body, json_node_unref);
  g_free (request->audit_subject);
  g_free (request->audit_detail);
  g_free (request->audit_actor);
  g_free (request->peer);
  g_free (request);
}

YcServerDb *
yc_request_db (YcRequest *request)
{
  return request->db;
}

YcServerStream *
yc_request_stream (YcRequest *request)
{
  return request->stream;
}

void
yc_request_reply_text (YcRequest *request,
                       guint      status,
                       char      *text)
{
  soup_server_message_set_status (request->msg, status, NULL);
  soup_server_message_set_response (request->msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

static void
no_body_cb (SoupServerMessage *msg)
{
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_NONE);
}

void
yc_request_reply_empty (YcRequest *request)
{
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
  /* libsoup 3.2 takes the Content-Length out of a 204 as it writes it, and then reads the
   * answer as one that ends with the connection: it would close a connection the desk
   * means to keep (an empty queue's Call Next). Told again, once written, that there is
   * no body. */
  g_signal_connect (request->msg, "wrote-headers", G_CALLBACK (no_body_cb), NULL);
}

void
yc_request_reply_json (YcRequest *request,
                       guint      status,
                       JsonNode  *node)
{
  yc_request_reply_text (request, status, yc_wire_to_string (node));
}

void
yc_request_reply_error_to (SoupServerMessage *msg,
                           guint              status,
                           const char        *code,
                           const char        *message,
                           guint              retry_after)
{
  g_autoptr(JsonNode) body = yc_wire_error_body_retry (code, message, retry_after);
  char *text = yc_wire_to_string (body);

  if (retry_after > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
    }
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

void
yc_request_reply_error (YcRequest  *request,
                        guint       status,
                        const char *code,
                        const char *message)
{
  yc_request_reply_error_to (request->msg, status, code, message, 0);
}

static guint
status_of_error (const GError *error)
{
  return error->domain == YC_ERROR ? yc_error_http_status ((YcError) error->code) : SOUP_STATUS_INTERNAL_SERVER_ERROR;
}

void
yc_request_reply_gerror (YcRequest    *request,
                         const GError *error)
{
  guint status = status_of_error (error);

  /* What went wrong inside (a statement, a file) is for the log, not for the caller. */
  if (status >= 500 && status != SOUP_STATUS_INSUFFICIENT_STORAGE)
    {
      g_warning ("Request failed: %s", error->message);
      yc_request_reply_error (request, status, "internal", "the server could not answer; its log says why");
      return;
    }
  yc_request_reply_error_to (request->msg, status, yc_error_code_to_wire ((YcError) error->code), error->message,
                             yc_error_get_retry_after (error));
}

void
yc_request_reply (YcRequest    *request,
                  guint         status,
                  JsonNode     *node,
                  const GError *error)
{
  if (node != NULL)
    yc_request_reply_json (request, status, node);
  else
    yc_request_reply_gerror (request, error);
}

const char *
yc_request_query (YcRequest  *request,
                  const char *name)
{
  return request->query != NULL ? g_hash_table_lookup (request->query, name) : NULL;
}

JsonObject *
yc_request_object (YcRequest *request)
{
  return request->body != NULL ? json_node_get_object (request->body) : NULL;
}

void
yc_request_audit (YcRequest *request)
{
  const char *action = request->audit_action ? request->audit_action : request->route->audit;

  if (action == NULL)
    return;
  yc_server_db_audit (request->db, request->caller.role != YC_ROLE_NONE ? &request->caller : NULL,
                      request->audit_actor, request->peer, action, request->audit_subject,
                      soup_server_message_get_status (request->msg), request->audit_detail);
}

/* Log-in: the PIN's hash on a worker */

struct _YcLogins
{
  gatomicrefcount  ref;
  YcServerDb      *db;          /* NULL once the server is going */
  GMainContext    *context;     /* the server's: where the answer is made */
  GThreadPool     *hasher;      /* PINs hashed one at a time, off the server's thread */
  guint            waiting;     /* log-ins pushed and not yet answered */
};

typedef struct
{
  YcLogins          *logins;
  SoupServerMessage *msg;
  YcServerLogin     *login;
  char              *pin;
  char              *hash;
  gint64             window;
} LoginJob;

static void
login_job_free (gpointer data)
{
  LoginJob *job = data;

  yc_logins_unref (job->logins);
  g_clear_object (&job->msg);
  yc_server_login_free (job->login);
  if (job->pin != NULL)
    memset (job->pin, 0, strlen (job->pin));
  g_free (job->pin);
  g_free (job->hash);
  g_free (job);
}

/* Back on the server's thread. */
static gboolean
login_hashed_cb (gpointer data)
{
  LoginJob *job = data;
  YcLogins *logins = job->logins;
  YcRequest *request;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  logins->waiting--;
  if (logins->db == NULL || !(request = g_object_get_data (G_OBJECT (job->msg), "yc-request")))
    return G_SOURCE_REMOVE;
  answer = yc_server_db_login_finish (logins->db, job->login, job->hash, job->window, request->peer, &error);
  /* A classroom's hall: what the desk prints there is for practice (its papers say so). */
  if (answer != NULL && request->simulated)
    json_object_set_boolean_member (json_node_get_object (answer), "training", TRUE);
  if (answer != NULL)
    request->audit_action = "login";
  else if (job->login->locked_out)
    request->audit_action = "login.locked_out";
  else if (g_error_matches (error, YC_ERROR, YC_ERROR_LOCKED))
    request->audit_action = "login.refused";   /* locked by another attempt meanwhile */
  else
    request->audit_action = "login.failed";
  yc_request_reply (request, SOUP_STATUS_CREATED, answer, error);
  yc_request_audit (request);
  soup_server_message_unpause (job->msg);
  return G_SOURCE_REMOVE;
}

/* On the worker: nothing of the server is touched here (it may be going). */
static void
hash_pin_job (gpointer data,
              gpointer user_data)
{
  LoginJob *job = data;
  GSource *source;

  job->hash = yc_server_hash_pin (job->login->salt, job->pin);
  source = g_idle_source_new ();
  g_source_set_callback (source, login_hashed_cb, job, login_job_free);
  g_source_set_static_name (source, "yichuang-server log-in");
  g_source_attach (source, job->logins->context);
  g_source_unref (source);
}

YcLogins *
yc_logins_new (YcServerDb *db)
{
  YcLogins *logins = g_new0 (YcLogins, 1);

  g_atomic_ref_count_init (&logins->ref);
  logins->db = db;
  logins->context = g_main_context_ref_thread_default ();
  logins->hasher = g_thread_pool_new_full (hash_pin_job, NULL, login_job_free, 1, FALSE, NULL);
  return logins;
}

/* Log-ins waiting for their hash are dropped; one being hashed finishes first, and its
 * answer is not made. */
void
yc_logins_shutdown (YcLogins *logins)
{
  if (logins->hasher != NULL)
    {
      g_thread_pool_free (logins->hasher, TRUE, TRUE);
      logins->hasher = NULL;
    }
  logins->db = NULL;
}

YcLogins *
yc_logins_ref (YcLogins *logins)
{
  g_atomic_ref_count_inc (&logins->ref);
  return logins;
}

void
yc_logins_unref (YcLogins *logins)
{
  if (logins == NULL || !g_atomic_ref_count_dec (&logins->ref))
    return;
  g_main_context_unref (logins->context);
  g_free (logins);
}

void
yc_request_login (YcRequest  *request,
                  const char *clerk,
                  const char *pin,
                  gint64      window)
{
  YcLogins *logins = request->logins;
  g_autoptr(GError) error = NULL;
  YcServerLogin *login;
  LoginJob *job;

  request->audit_actor = g_strdup (clerk);
  if (logins->waiting >= MAX_LOGINS_WAITING)
    {
      yc_request_reply_error_to (request->msg, 429, "rate_limited", "too many log-ins at once; try again in a moment", 5);
      return;
    }
  /* A locked number is refused at once, without hashing anything. */
  if (!(login = yc_server_db_login_begin (request->db, clerk, &error)))
    {
      request->audit_action = "login.refused";
      yc_request_reply_gerror (request, error);
      return;
    }
  job = g_new0 (LoginJob, 1);
  job->logins = yc_logins_ref (logins);
  job->msg = g_object_ref (request->msg);
  job->login = login;
  job->pin = g_strdup (pin);
  job->window = window;
  logins->waiting++;
  soup_server_message_pause (request->msg);
  g_thread_pool_push (logins->hasher, job, NULL);
}

/* WebSockets */

typedef struct
{
  YcServerStream  *stream;
  char            *hall;      /* the caller's */
  YcWebsocketFunc  accepted;
  gpointer         data;
  GDestroyNotify   destroy;
} Upgrade;

static void
upgrade_free (gpointer data)
{
  Upgrade *upgrade = data;

  if (upgrade->destroy != NULL)
    upgrade->destroy (upgrade->data);
  g_free (upgrade->hall);
  g_free (upgrade);
}

static void
switched_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  Upgrade *upgrade = g_object_get_data (G_OBJECT (msg), "yc-upgrade");
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(SoupWebsocketConnection) conn = NULL;

  if (upgrade == NULL || soup_server_message_get_status (msg) != SOUP_STATUS_SWITCHING_PROTOCOLS)
    return;
  g_object_ref (msg);
  stream = soup_server_message_steal_connection (msg);
  conn = soup_websocket_connection_new (stream, soup_server_message_get_uri (msg), SOUP_WEBSOCKET_CONNECTION_SERVER,
                                        soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                                      "Origin"),
                                        NULL, NULL);
  upgrade->accepted (upgrade->stream, upgrade->hall, conn, upgrade->data);
  g_object_set_data (G_OBJECT (msg), "yc-upgrade", NULL);
  g_object_unref (msg);
}

gboolean
yc_request_accept_websocket (YcRequest       *request,
                             YcWebsocketFunc  accepted,
                             gpointer         data,
                             GDestroyNotify   destroy)
{
  SoupServerMessage *msg = request->msg;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *origin = soup_message_headers_get_one (headers, "Origin");
  const char *host = soup_message_headers_get_one (headers, "Host");
  g_autoptr(GError) error = NULL;
  Upgrade *upgrade;

  if (!soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, &error))
    {
      yc_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "bad_request", "this route is a WebSocket");
      if (destroy != NULL)
        destroy (data);
      return FALSE;
    }
  /* A page from anywhere else may not open the server's streams in a browser: a desk
   * sends no Origin, the calling screen the server's own. */
  if (origin != NULL)
    {
      const char *scheme = g_str_has_prefix (request->url, "https:") ? "https://" : "http://";
      g_autofree char *own = g_strconcat (scheme, host ? host : "", NULL);

      if (host == NULL || g_ascii_strcasecmp (origin, own) != 0)
        {
          yc_request_reply_error (request, SOUP_STATUS_FORBIDDEN, "forbidden",
                                  "a WebSocket is opened from the server's own pages only");
          if (destroy != NULL)
            destroy (data);
          return FALSE;
        }
    }
  if (!soup_websocket_server_process_handshake (msg, NULL, NULL, NULL, NULL))
    {
      if (destroy != NULL)
        destroy (data);
      return FALSE;
    }
  upgrade = g_new0 (Upgrade, 1);
  upgrade->stream = request->stream;
  upgrade->hall = g_strdup (request->caller.hall);
  upgrade->accepted = accepted;
  upgrade->data = data;
  upgrade->destroy = destroy;
  g_object_set_data_full (G_OBJECT (msg), "yc-upgrade", upgrade, upgrade_free);
  yc_server_conns_upgraded (request->conns, msg);
  g_signal_connect (msg, "wrote-informational", G_CALLBACK (switched_cb), NULL);
  return TRUE;
}
