/* yc-server.c: the reference server (docs/api.md is the contract): its connections, and
 * the one preamble every request passes before its route's handler runs.
 *
 * The preamble, for each request, in this order: find its row in the route table
 * (yc-server-routes.c; 404 or 405 without one), count a log-in against its address (429),
 * authenticate the bearer token (401), check the caller's role and, for a window's route,
 * that the window is the clerk's own (403), refuse a body over the row's limit before
 * reading it (413); after the body is read, decode it strictly (400); after the
 * handler, or at any refusal on the way, write the audit log when the row asks for it.
 * A new route is a new row: it cannot forget any of this. */
#include "yc-server.h"
#include "yc-server-request.h"

#include "core/yc-error.h"
#include "core/yc-time.h"
#include "core/yc-wire.h"
#include "server/yc-server-conn.h"

#include <string.h>

/* How often overdue tasks are escalated and spent log-in counts forgotten; and, on a
 * database several processes share, how soon one takes the duties of one that is gone. */
#define HOUSEKEEPING_SECONDS 15
/* How many connections may wait to be accepted (a hall's desks all come back at once
 * after a restart). */
#define LISTEN_BACKLOG   1024

struct _YcServer
{
  GObject         parent_instance;

  SoupServer     *soup;
  YcServerDb     *db;
  YcServerConns  *conns;
  YcServerStream *stream;
  char           *url;
  GSource        *housekeeper; /* housekeeping_cb () */
  GMainContext   *context;     /* the server's thread's */
  YcLogins       *logins;      /* log-ins waiting for their PIN's hash */
  GHashTable     *login_buckets;  /* peer → LoginBucket */
  GHashTable     *trusted;     /* address text → itself: proxies whose X-Forwarded-For counts */
  guint           login_burst;
  guint           login_refill_seconds;
  const YcRoute  *routes;
  guint           n_routes;
  GStrv          *patterns;    /* each route's pattern, split at "/" */
  gboolean        simulated;   /* yc_server_set_training () */
  YcScenarioPlay *training;
  gboolean        trainee_controls;
  gint64          trainer_window;
};

G_DEFINE_FINAL_TYPE (YcServer, yc_server, G_TYPE_OBJECT)

/* From the compiled server resources (demo data, the calling screen); naming it keeps
 * the linker from dropping them. */
GResource *yc_demo_get_resource (void);

typedef struct
{
  double  tokens;
  gint64  at;        /* monotonic µs of the last count */
  gboolean told;     /* the audit log knows this address ran out */
} LoginBucket;

/* The route table */

/* Whether the path's segments have matches the pattern's segments want; the {id} and
 * {name} segments into *id and *name. */
static gboolean
match (const GStrv  want,
       const GStrv  have,
       gint64      *id,
       char       **name)
{
  guint n = g_strv_length (want);

  if (g_strv_length (have) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (want[i], "{id}"))
        {
          guint64 parsed;

          if (!g_ascii_string_to_unsigned (have[i], 10, 1, G_MAXINT64, &parsed, NULL))
            return FALSE;
          *id = (gint64) parsed;
        }
      else if (g_str_equal (want[i], "{name}"))
        {
          if (*have[i] == '\0')
            return FALSE;
          g_free (*name);
          *name = g_uri_unescape_string (have[i], NULL);
          if (*name == NULL)
            return FALSE;
        }
      else if (!g_str_equal (want[i], have[i]))
        return FALSE;
    }
  return TRUE;
}

/* The row for msg, or NULL; then *allow lists the methods the path takes, if any. */
static const YcRoute *
find_route (YcServer          *self,
            SoupServerMessage *msg,
            const char        *path,
            YcRequest         *request,
            GString          **allow)
{
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) have = g_strsplit (path, "/", -1);

  *allow = NULL;
  for (guint i = 0; i < self->n_routes; i++)
    {
      const YcRoute *route = &self->routes[i];
      gint64 id = 0;
      g_autofree char *name = NULL;

      if (!match (self->patterns[i], have, &id, &name))
        continue;
      if (!g_str_equal (route->method, method))
        {
          if (*allow == NULL)
            *allow = g_string_new (route->method);
          else if (strstr ((*allow)->str, route->method) == NULL)
            g_string_append_printf (*allow, ", %s", route->method);
          continue;
        }
      if (*allow != NULL)
        g_string_free (g_steal_pointer (allow), TRUE);
      request->id = id;
      request->name = g_steal_pointer (&name);
      return route;
    }
  return NULL;
}

static gboolean
has_body (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  return soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED ||
         soup_message_headers_get_content_length (headers) > 0;
}

/* A refusal before the body is read: with a body on the way, the connection answers
 * and closes (reading it would be what the limit is there to avoid). */
static void
refuse_early (YcServer          *self,
              SoupServerMessage *msg,
              guint              status,
              const char        *code,
              const char        *message,
              guint              retry_after)
{
  yc_request_reply_error_to (msg, status, code, message, retry_after);
  /* libsoup then reads no further and calls no handler. */
  if (has_body (msg))
    yc_server_conns_refuse (self->conns, msg);
}

/* One more log-in attempt from peer: FALSE when its bucket is empty (*retry_after: the
 * seconds until it holds one again). */
static gboolean
take_login_token (YcServer   *self,
                  const char *peer,
                  guint      *retry_after,
                  gboolean   *first_refusal)
{
  LoginBucket *bucket = g_hash_table_lookup (self->login_buckets, peer);
  gint64 now = g_get_monotonic_time ();
  double per_us = 1.0 / ((double) self->login_refill_seconds * G_USEC_PER_SEC);

  if (bucket == NULL)
    {
      bucket = g_new0 (LoginBucket, 1);
      bucket->tokens = self->login_burst;
      bucket->at = now;
      g_hash_table_insert (self->login_buckets, g_strdup (peer), bucket);
    }
  bucket->tokens = MIN ((double) self->login_burst, bucket->tokens + (double) (now - bucket->at) * per_us);
  bucket->at = now;
  if (bucket->tokens >= 1.0)
    {
      bucket->tokens -= 1.0;
      bucket->told = FALSE;
      return TRUE;
    }
  *retry_after = (guint) ((1.0 - bucket->tokens) / per_us / G_USEC_PER_SEC) + 1;
  *first_refusal = !bucket->told;
  bucket->told = TRUE;
  return FALSE;
}

/* The clerk at a classroom's trainer's window. */
static gboolean
is_trainer (YcServer             *self,
            const YcServerCaller *caller)
{
  return caller->role == YC_ROLE_CLERK && self->trainer_window != 0 && caller->window == self->trainer_window;
}

/* Who runs a training (yc_server_set_training ()). */
static gboolean
runs_training (YcServer             *self,
               const YcServerCaller *caller)
{
  return caller->role == YC_ROLE_SUPERVISOR || is_trainer (self, caller) ||
         (caller->role == YC_ROLE_CLERK && self->trainee_controls);
}

/* Who calls, from the Authorization header: FALSE (answered) when the route needs a role
 * the caller has not. */
static gboolean
authorize (YcServer          *self,
           SoupServerMessage *msg,
           YcRequest         *request)
{
  const YcRoute *route = request->route;
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  if (route->roles == 0 || (header == NULL && (route->flags & YC_ROUTE_PUBLIC)))
    return TRUE;
  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0 ||
      !yc_server_db_authenticate (self->db, header + 7, &request->caller))
    {
      yc_server_caller_clear (&request->caller);
      refuse_early (self, msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "a valid session token is required", 0);
      return FALSE;
    }
  if ((route->roles & YC_ROLE_MASK (request->caller.role)) == 0)
    {
      refuse_early (self, msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                    yc_role_is_person (request->caller.role) ? "this is not a route for your role"
                                                             : "this device may not do this", 0);
      return FALSE;
    }
  if ((route->flags & YC_ROUTE_TRAINEE_CONTROLS) && request->caller.role == YC_ROLE_CLERK &&
      !runs_training (self, &request->caller))
    {
      refuse_early (self, msg, SOUP_STATUS_FORBIDDEN, "forbidden", "here the trainer runs the training", 0);
      return FALSE;
    }
  if ((route->flags & YC_ROUTE_FIRST_HALL) &&
      g_strcmp0 (request->caller.hall, yc_server_db_first_hall (self->db)) != 0)
    {
      refuse_early (self, msg, SOUP_STATUS_FORBIDDEN, "forbidden", "the city's figures are the city centre's", 0);
      return FALSE;
    }
  if ((route->flags & YC_ROUTE_OWN_WINDOW) && request->caller.role == YC_ROLE_CLERK &&
      request->caller.window != request->id)
    {
      refuse_early (self, msg, SOUP_STATUS_FORBIDDEN, "forbidden", "a clerk acts only at the window of their session", 0);
      return FALSE;
    }
  return TRUE;
}

/* Who sent a request: the connection's peer, or, where the peer is a proxy the server
 * trusts (--trusted-proxy), the address its X-Forwarded-For names last that is no trusted
 * proxy's (a client may write the header too, but only before the proxy appends the
 * address it saw). A value there that is no address ends the reading: the peer then. */
static char *
client_address (YcServer          *self,
                SoupServerMessage *msg)
{
  const char *peer = yc_server_conns_peer (self->conns, msg);
  const char *forwarded;
  g_auto(GStrv) hops = NULL;
  g_autofree char *last = NULL;

  if (self->trusted == NULL || !g_hash_table_contains (self->trusted, peer) ||
      !(forwarded = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "X-Forwarded-For")))
    return g_strdup (peer);
  hops = g_strsplit (forwarded, ",", -1);
  for (guint i = g_strv_length (hops); i > 0; i--)
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (g_strstrip (hops[i - 1]));

      if (address == NULL)
        return g_strdup (peer);
      g_free (last);
      last = g_inet_address_to_string (address);
      if (!g_hash_table_contains (self->trusted, last))
        return g_steal_pointer (&last);
    }
  /* Proxies all the way: the first of them. */
  return last != NULL ? g_steal_pointer (&last) : g_strdup (peer);
}

/* Called once a request's head is read, before its body. */
static void
early_cb (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  YcServer *self = user_data;
  g_autoptr(YcRequest) request = g_new0 (YcRequest, 1);
  g_autoptr(GString) allow = NULL;
  gint64 length;

  request->db = self->db;
  request->stream = self->stream;
  request->conns = self->conns;
  request->logins = self->logins;
  request->url = self->url;
  request->msg = msg;
  request->peer = client_address (self, msg);
  request->query = query ? g_hash_table_ref (query) : NULL;
  request->simulated = self->simulated;
  request->training = self->training;
  /* The first hall's, until a token says which (yc_server_db_authenticate ()). */
  if (!yc_server_db_use_hall (self->db, NULL))
    {
      refuse_early (self, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "storage", "the database cannot be used", 0);
      return;
    }

  if (!(request->route = find_route (self, msg, path, request, &allow)))
    {
      if (allow != NULL)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow->str);
          refuse_early (self, msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", "this route takes another method", 0);
        }
      else
        refuse_early (self, msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such route", 0);
      return;
    }

  if (request->route->flags & YC_ROUTE_LOGIN)
    {
      guint retry_after = 0;
      gboolean first = FALSE;

      if (!take_login_token (self, request->peer, &retry_after, &first))
        {
          if (first)
            yc_server_db_audit (self->db, NULL, NULL, request->peer, "login.rate_limited", NULL, 429, NULL);
          refuse_early (self, msg, 429, "rate_limited", "too many log-in attempts from this address", retry_after);
          return;
        }
    }

  if (!authorize (self, msg, request))
    {
      /* A refused look-up of a person, or read of a case, is on the record too. */
      yc_request_audit (request);
      return;
    }
  request->runs_training = runs_training (self, &request->caller);
  request->is_trainer = is_trainer (self, &request->caller);

  length = soup_message_headers_get_content_length (soup_server_message_get_request_headers (msg));
  if ((gsize) MAX (length, 0) > request->route->body_limit)
    {
      g_autofree char *message = g_strdup_printf ("this route takes at most %zu bytes", request->route->body_limit);

      refuse_early (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large", message, 0);
      yc_request_audit (request);
      return;
    }

  yc_server_conns_limit_body (self->conns, msg, request->route->body_limit);
  g_object_set_data_full (G_OBJECT (msg), "yc-request", g_steal_pointer (&request),
                          (GDestroyNotify) yc_request_free);
}

/* Called once the body is read: the handler. */
static void
handle_cb (SoupServer        *soup,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  YcRequest *request = g_object_get_data (G_OBJECT (msg), "yc-request");
  SoupMessageBody *body;

  if (request == NULL)
    return;   /* answered by the preamble */
  /* Other requests used other halls since the preamble: the caller's again. */
  if (!yc_server_db_use_hall (request->db, request->caller.hall))
    {
      yc_request_reply_error (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "storage", "the hall's database cannot be used");
      return;
    }

  body = soup_server_message_get_request_body (msg);
  if (request->route->body_limit > 0 && body->length > 0)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      g_autoptr(GError) error = NULL;
      gsize length;
      const char *data = g_bytes_get_data (bytes, &length);

      if (!(request->body = yc_wire_parse_object (data, length, YC_ERROR_BAD_REQUEST, &error)))
        {
          yc_request_reply_gerror (request, error);
          yc_request_audit (request);
          return;
        }
    }
  else if (request->route->flags & YC_ROUTE_BODY)
    {
      yc_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "bad_request", "this route takes a JSON object");
      yc_request_audit (request);
      return;
    }

  request->route->handler (request);
  if (soup_server_message_get_status (msg) != 0)
    yc_request_audit (request);
}

/* The server */

static void
answered_cb (SoupServer        *soup,
             SoupServerMessage *msg,
             YcServer          *self)
{
  if (self->conns != NULL)
    yc_server_conns_answered (self->conns, msg);
}

static void
yc_server_finalize (GObject *object)
{
  YcServer *self = (YcServer *) object;

  yc_server_disconnect (self);
  g_clear_pointer (&self->stream, yc_server_stream_free);
  g_clear_pointer (&self->db, yc_server_db_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->login_buckets, g_hash_table_unref);
  g_clear_pointer (&self->trusted, g_hash_table_unref);
  g_clear_pointer (&self->logins, yc_logins_unref);
  for (guint i = 0; i < self->n_routes; i++)
    g_strfreev (self->patterns[i]);
  g_free (self->patterns);

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
  self->context = g_main_context_ref_thread_default ();
  self->login_buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->routes = yc_server_routes (&self->n_routes);
  self->patterns = g_new0 (GStrv, self->n_routes);
  for (guint i = 0; i < self->n_routes; i++)
    self->patterns[i] = g_strsplit (self->routes[i].pattern, "/", -1);
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

YcScenario *
yc_server_load_scenario (const char  *name_or_file,
                         GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;
  YcScenario *scenario;
  const char *data;
  gsize length;

  /* A name ([a-z0-9-]+, as a scenario's id) is a shipped one, unless a file of that name
   * is here. */
  if (strspn (name_or_file, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen (name_or_file) &&
      !g_file_test (name_or_file, G_FILE_TEST_EXISTS))
    {
      g_autofree char *path = g_strconcat ("/cn/yichuang/Demo/scenarios/", name_or_file, ".json", NULL);

      if (!(bytes = g_resource_lookup_data (yc_demo_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL)))
        {
          g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no scenario “%s” (a shipped name or a file)",
                       name_or_file);
          return NULL;
        }
    }
  else
    {
      char *contents;

      if (!g_file_get_contents (name_or_file, &contents, &length, error))
        return NULL;
      bytes = g_bytes_new_take (contents, length);
    }
  data = g_bytes_get_data (bytes, &length);
  if (!(scenario = yc_scenario_new_from_data (data, length, &local)))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local), "%s: ", name_or_file);
      return NULL;
    }
  return scenario;
}

YcServer *
yc_server_new (const char  *db_path,
               gboolean     demo_data,
               GError     **error)
{
  g_autoptr(YcServer) self = g_object_new (YC_TYPE_SERVER, NULL);

  if (!(self->db = yc_server_db_open (db_path, error)))
    return NULL;
  self->stream = yc_server_stream_new (self->db);

  if (demo_data && yc_server_db_is_empty (self->db))
    {
      g_autoptr(JsonNode) hall = yc_server_load_demo ("hall.json", error);
      g_autoptr(JsonNode) catalogue = NULL;
      g_autoptr(JsonNode) licences = NULL;

      if (hall == NULL || !yc_server_db_seed (self->db, hall, error))
        return NULL;
      if (!(catalogue = yc_server_load_demo ("catalogue.json", error)) ||
          !yc_server_db_catalogue_load (self->db, catalogue, error))
        return NULL;
      if (!(licences = yc_server_load_demo ("licences.json", error)) ||
          !yc_server_db_licences_load (self->db, licences, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

/* An address's log-in count that has filled up again says nothing more than no count:
 * forgotten, so the table does not grow with every address that ever logged in. */
static void
forget_full_buckets (YcServer *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 refill_us = (gint64) self->login_refill_seconds * G_USEC_PER_SEC;
  GHashTableIter iter;
  LoginBucket *bucket;

  g_hash_table_iter_init (&iter, self->login_buckets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &bucket))
    if (bucket->tokens + (double) (now - bucket->at) / (double) refill_us >= (double) self->login_burst)
      g_hash_table_iter_remove (&iter);
}

/* Deadlines pass at midnight, or while the server was down: looked at on start and
 * every HOUSEKEEPING_SECONDS. */
static gboolean
housekeeping_cb (gpointer user_data)
{
  YcServer *self = user_data;
  g_autoptr(GError) error = NULL;
  GDate today;

  /* One process of those sharing a database raises the escalation, in every hall. */
  if (yc_server_db_has_duty (self->db))
    {
      g_auto(GStrv) halls = yc_server_db_halls (self->db);

      yc_time_local_date (&today);
      for (guint i = 0; halls[i] != NULL; i++)
        {
          if (!yc_server_db_use_hall (self->db, halls[i]))
            continue;
          yc_server_db_escalate_tasks (self->db, &today, &error);
          if (error != NULL)
            g_warning ("Could not raise the escalation of overdue tasks in hall %s: %s", halls[i], error->message);
          g_clear_error (&error);
        }
    }
  forget_full_buckets (self);
  return G_SOURCE_CONTINUE;
}

static guint
or_default (guint value,
            guint fallback)
{
  return value > 0 ? value : fallback;
}

gboolean
yc_server_listen (YcServer              *self,
                  const char            *host,
                  guint                  port,
                  const YcServerConfig  *config,
                  GError               **error)
{
  static const YcServerConfig defaults = { 0 };
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  YcServerConnLimits limits = { 0 };

  g_return_val_if_fail (YC_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  if (config == NULL)
    config = &defaults;
  address = g_inet_address_new_from_string (host ? host : "127.0.0.1");
  if (address == NULL)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "“%s” is not an IP address", host);
      return FALSE;
    }
  if ((config->tls_cert != NULL) != (config->tls_key != NULL))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "HTTPS needs both a certificate and its key");
      return FALSE;
    }
  if (config->tls_cert != NULL &&
      !(certificate = g_tls_certificate_new_from_files (config->tls_cert, config->tls_key, error)))
    return FALSE;
  for (guint i = 0; config->trusted_proxies != NULL && config->trusted_proxies[i] != NULL; i++)
    {
      g_autoptr(GInetAddress) proxy = g_inet_address_new_from_string (config->trusted_proxies[i]);
      char *text;

      if (proxy == NULL)
        {
          g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "a trusted proxy is an IP address, not “%s”",
                       config->trusted_proxies[i]);
          return FALSE;
        }
      if (self->trusted == NULL)
        self->trusted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      text = g_inet_address_to_string (proxy);
      g_hash_table_add (self->trusted, text);
    }

  socket_address = g_inet_socket_address_new (address, (guint16) port);
  listener = g_socket_new (g_socket_address_get_family (socket_address), G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, error);
  if (listener == NULL)
    return FALSE;
  /* Our own socket, for a backlog longer than GLib's 10. */
  g_socket_set_listen_backlog (listener, LISTEN_BACKLOG);
  if (!g_socket_bind (listener, socket_address, TRUE, error) || !g_socket_listen (listener, error) ||
      !(bound = g_socket_get_local_address (listener, error)))
    return FALSE;

  yc_server_db_set_session_idle (self->db, config->session_idle_seconds);
  self->login_burst = or_default (config->login_burst, 10);
  self->login_refill_seconds = or_default (config->login_refill_seconds, 6);
  self->logins = yc_logins_new (self->db);

  self->soup = soup_server_new ("server-header", "yichuang-server/" PACKAGE_VERSION, NULL);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (answered_cb), self, 0);
  g_signal_connect_object (self->soup, "request-aborted", G_CALLBACK (answered_cb), self, 0);
  soup_server_add_early_handler (self->soup, "/", early_cb, self, NULL);
  soup_server_add_handler (self->soup, "/", handle_cb, self, NULL);

  limits.max_connections = or_default (config->max_connections, 4096);
  limits.max_per_address = or_default (config->max_per_address, 64);
  limits.idle_seconds = or_default (config->idle_seconds, 60);
  limits.request_seconds = or_default (config->request_seconds, 10);
  limits.certificate = certificate;
  if (!(self->conns = yc_server_conns_new (self->soup, listener, &limits, error)))
    {
      g_clear_object (&self->soup);
      return FALSE;
    }

  housekeeping_cb (self);
  self->housekeeper = g_timeout_source_new_seconds (HOUSEKEEPING_SECONDS);
  g_source_set_callback (self->housekeeper, housekeeping_cb, self, NULL);
  g_source_set_static_name (self->housekeeper, "yichuang-server housekeeping");
  g_source_attach (self->housekeeper, self->context);

  {
    GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (bound);
    g_autofree char *text = g_inet_address_to_string (g_inet_socket_address_get_address (inet));
    gboolean v6 = strchr (text, ':') != NULL;

    g_free (self->url);
    self->url = g_strdup_printf ("%s://%s%s%s:%u", certificate != NULL ? "https" : "http", v6 ? "[" : "", text,
                                 v6 ? "]" : "", g_inet_socket_address_get_port (inet));
  }
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

guint
yc_server_get_connections (YcServer *self)
{
  g_return_val_if_fail (YC_IS_SERVER (self), 0);
  return self->conns != NULL ? yc_server_conns_count (self->conns) : 0;
}

void
yc_server_disconnect (YcServer *self)
{
  g_return_if_fail (YC_IS_SERVER (self));

  /* The listeners are told the server goes, and may come back later. */
  if (self->stream != NULL)
    yc_server_stream_close_all (self->stream);
  if (self->housekeeper != NULL)
    {
      g_source_destroy (self->housekeeper);
      g_clear_pointer (&self->housekeeper, g_source_unref);
    }
  if (self->logins != NULL)
    yc_logins_shutdown (self->logins);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_pointer (&self->conns, yc_server_conns_free);
  g_clear_object (&self->soup);
}

void
yc_server_set_training (YcServer       *self,
                        gboolean        simulated,
                        YcScenarioPlay *play,
                        gboolean        trainee_controls,
                        gint64          trainer_window)
{
  g_return_if_fail (YC_IS_SERVER (self));
  self->simulated = simulated;
  self->training = play;
  self->trainee_controls = trainee_controls;
  self->trainer_window = trainer_window;
}

void
yc_server_set_answering (YcServer *self,
                         gboolean  answering)
{
  g_return_if_fail (YC_IS_SERVER (self));

  /* The desks' streams end with the connections: they find the server gone. */
  if (!answering && self->stream != NULL)
    yc_server_stream_close_all (self->stream);
  if (self->conns != NULL)
    yc_server_conns_set_closed (self->conns, !answering);
}
