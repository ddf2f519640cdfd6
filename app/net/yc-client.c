/* yc-client.c: the desk's side of the wire contract (docs/api.md), over libsoup 3.
 *
 * One SoupSession, calls as _async/_finish on the caller's main context. Every answer
 * is decoded strictly; transport failures flip the "online" property, which is what
 * the banner, the queue buttons and the outbox pusher follow. */
#include "yc-client.h"

#include <string.h>

#include <libsoup/soup.h>

#define API_PREFIX "/api/v1"

struct _YcClient
{
  GObject      parent_instance;

  SoupSession *soup;
  SoupSession *stream_soup;   /* the event stream's: no I/O timeout on a quiet socket */
  char        *base_url;
  YcSession   *session;
  char        *device_token;  /* a kiosk's or a rating pad's */
  gboolean     online;
};

G_DEFINE_FINAL_TYPE (YcClient, yc_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_ONLINE,
  PROP_SESSION,
  N_PROPS
};

enum {
  SESSION_EXPIRED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Decodes the text of a successful answer into what the call returns; runs on a worker
 * thread. */
typedef gpointer (*DecodeFunc) (const char  *data,
                                gsize        length,
                                GError     **error);

typedef struct
{
  SoupMessage    *message;
  char           *token;         /* the session the request was sent with, if any */
  DecodeFunc      decode;        /* NULL: the answer is parsed on the calling thread */
  GDestroyNotify  decoded_free;
  GBytes         *answer;        /* for decode */
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_object (&request->message);
  g_clear_pointer (&request->answer, g_bytes_unref);
  g_free (request->token);
  g_free (request);
}

static void
set_online (YcClient *self,
            gboolean  online)
{
  if (self->online == online)
    return;
  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

static void
yc_client_finalize (GObject *object)
{
  YcClient *self = (YcClient *) object;

  g_clear_object (&self->soup);
  g_clear_object (&self->stream_soup);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->session, yc_session_free);
  g_clear_pointer (&self->device_token, g_free);

  G_OBJECT_CLASS (yc_client_parent_class)->finalize (object);
}

static void
yc_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  YcClient *self = YC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_SESSION:
      g_value_set_boxed (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  YcClient *self = YC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      yc_client_set_base_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_client_class_init (YcClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_client_finalize;
  object_class->get_property = yc_client_get_property;
  object_class->set_property = yc_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_boxed ("session", NULL, NULL, YC_TYPE_SESSION,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The server no longer accepts our token: the desk must ask the clerk to log in again. */
  signals[SESSION_EXPIRED] =
    g_signal_new ("session-expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
yc_client_init (YcClient *self)
{
  self->online = TRUE;
  self->soup = soup_session_new_with_options ("timeout", 10,
                                              "idle-timeout", 60,
                                              "user-agent", "yichuang/" PACKAGE_VERSION,
                                              NULL);
  self->stream_soup = soup_session_new_with_options ("user-agent", "yichuang/" PACKAGE_VERSION, NULL);
}

YcClient *
yc_client_new (const char *base_url)
{
  return g_object_new (YC_TYPE_CLIENT, "base-url", base_url, NULL);
}

char *
yc_client_normalize_url (const char *text)
{
  g_autofree char *url = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GUri) uri = NULL;
  gsize length;

  if (*url == '\0')
    return NULL;
  /* GUri takes a space in a host name; no server has one. */
  for (const char *c = url; *c != '\0'; c++)
    if (g_ascii_isspace (*c) || g_ascii_iscntrl (*c))
      return NULL;
  if (strstr (url, "://") == NULL)
    {
      char *with_scheme = g_strconcat ("http://", url, NULL);

      g_free (url);
      url = with_scheme;
    }
  length = strlen (url);
  while (length > 0 && url[length - 1] == '/')
    url[--length] = '\0';
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    return NULL;
  return g_steal_pointer (&url);
}

const char *
yc_client_get_base_url (YcClient *self)
{
  g_return_val_if_fail (YC_IS_CLIENT (self), NULL);
  return self->base_url;
}

void
yc_client_set_base_url (YcClient   *self,
                        const char *base_url)
{
  g_autofree char *normalized = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));

  normalized = g_strdup (base_url ? base_url : "");
  while (g_str_has_suffix (normalized, "/"))
    normalized[strlen (normalized) - 1] = '\0';

  if (g_strcmp0 (self->base_url, normalized) == 0)
    return;
  g_free (self->base_url);
  self->base_url = g_steal_pointer (&normalized);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

gboolean
yc_client_get_online (YcClient *self)
{
  g_return_val_if_fail (YC_IS_CLIENT (self), FALSE);
  return self->online;
}

const YcSession *
yc_client_get_session (YcClient *self)
{
  g_return_val_if_fail (YC_IS_CLIENT (self), NULL);
  return self->session;
}

/* The session is no more, here: it ended on the server (or is being ended). */
static void
forget_session (YcClient *self)
{
  if (self->session == NULL)
    return;
  g_clear_pointer (&self->session, yc_session_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* A 401 to a call made with token: the session it carried has ended. Only that one is
 * forgotten, and the desk told, not one made since (a log-in while the call was out). */
static void
end_refused_session (YcClient   *self,
                     const char *token)
{
  if (token == NULL || self->session == NULL || !g_str_equal (token, self->session->token))
    return;
  forget_session (self);
  g_signal_emit (self, signals[SESSION_EXPIRED], 0);
}

static void
on_logged_out_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);

  /* Best effort: a server out of reach ends the session itself when it has been idle. */
  g_task_return_boolean (task, bytes != NULL);
}

void
yc_client_logout_async (YcClient            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  g_autofree char *bearer = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_client_logout_async);
  if (self->session == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* Ended on the server too: a copied token is worth nothing after, and the window is
   * free for the next clerk. */
  url = g_strconcat (self->base_url, API_PREFIX "/sessions/current", NULL);
  msg = soup_message_new ("DELETE", url);
  bearer = g_strconcat ("Bearer ", self->session->token, NULL);
  forget_session (self);
  if (msg == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_session_send_and_read_async (self->soup, msg, G_PRIORITY_DEFAULT, cancellable, on_logged_out_cb,
                                    g_steal_pointer (&task));
}

gboolean
yc_client_logout_finish (YcClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
yc_client_logout (YcClient *self)
{
  yc_client_logout_async (self, NULL, NULL, NULL);
}

void
yc_client_set_device_token (YcClient   *self,
                            const char *token)
{
  g_return_if_fail (YC_IS_CLIENT (self));

  g_free (self->device_token);
  self->device_token = g_strdup (token);
}

gboolean
yc_client_set_ca_file (YcClient    *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  g_return_val_if_fail (YC_IS_CLIENT (self), FALSE);

  if (path == NULL || *path == '\0')
    database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  else if (!(database = g_tls_file_database_new (path, error)))
    return FALSE;

  g_object_set (self->soup, "tls-database", database, NULL);
  g_object_set (self->stream_soup, "tls-database", database, NULL);
  return TRUE;
}

static void
on_events_connected_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  YcClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  if (conn == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (soup_message_get_status (request->message) == SOUP_STATUS_UNAUTHORIZED)
        {
          end_refused_session (self, request->token);
          g_task_return_new_error (task, YC_ERROR, YC_ERROR_UNAUTHORIZED, "event stream: the session has ended");
        }
      else
        g_task_return_new_error (task, YC_ERROR, YC_ERROR_OFFLINE, "event stream: %s", error->message);
      return;
    }
  g_task_return_pointer (task, conn, g_object_unref);
}

void
yc_client_connect_events_async (YcClient            *self,
                                gint64               after,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;
  g_autofree char *bearer = NULL;
  Request *request;

  g_return_if_fail (YC_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_client_connect_events_async);
  if (self->session == NULL)
    {
      g_task_return_new_error (task, YC_ERROR, YC_ERROR_UNAUTHORIZED, "not logged in");
      return;
    }
  if (after >= 0)
    url = g_strdup_printf ("%s" API_PREFIX "/events?after=%" G_GINT64_FORMAT, self->base_url, after);
  else
    url = g_strconcat (self->base_url, API_PREFIX "/events", NULL);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
                      g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_task_return_new_error (task, YC_ERROR, YC_ERROR_BAD_ADDRESS,
                               "“%s” is not an http or https address", self->base_url);
      return;
    }
  request = g_new0 (Request, 1);
  request->message = soup_message_new_from_uri ("GET", uri);
  request->token = g_strdup (self->session->token);
  g_task_set_task_data (task, request, request_free);
  bearer = g_strconcat ("Bearer ", request->token, NULL);
  soup_message_headers_append (soup_message_get_request_headers (request->message), "Authorization", bearer);
  soup_session_websocket_connect_async (self->stream_soup, request->message, NULL, NULL, G_PRIORITY_DEFAULT,
                                        cancellable, on_events_connected_cb, g_steal_pointer (&task));
}

SoupWebsocketConnection *
yc_client_connect_events_finish (YcClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The generic call: returns the answer's JSON object, or NULL without error for 204. */

/* Big answers (a catalogue page is megabytes of JSON) are decoded off the main loop: the
 * window must not stall while the catalogue comes in. */
static void
decode_thread (GTask        *worker,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length = 0;
  gpointer decoded;

  data = g_bytes_get_data (request->answer, &length);
  decoded = request->decode (data != NULL ? data : "", length, &error);
  /* The text is no longer needed: a catalogue page's megabytes go now, not once the
   * caller is done with what was decoded from them. */
  g_clear_pointer (&request->answer, g_bytes_unref);
  if (decoded == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, YC_ERROR, YC_ERROR_PROTOCOL, "empty answer");
      g_task_return_error (worker, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (worker, decoded, request->decoded_free);
}

static void
on_decoded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer decoded;

  decoded = g_task_propagate_pointer (G_TASK (result), &error);
  if (decoded == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, decoded, request->decoded_free);
}

static void
request_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *data;
  gsize length = 0;
  guint status;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      set_online (self, FALSE);
      g_task_return_new_error (task, YC_ERROR, YC_ERROR_OFFLINE, "%s", error->message);
      return;
    }

  set_online (self, TRUE);
  status = soup_message_get_status (request->message);
  data = g_bytes_get_data (bytes, &length);

  if (status == SOUP_STATUS_NO_CONTENT)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (status) && request->decode != NULL)
    {
      GTask *worker = g_task_new (self, g_task_get_cancellable (task), on_decoded_cb,
                                  g_object_ref (task));

      /* The worker reads the request: no second owner, the outer task keeps it alive. */
      request->answer = g_bytes_ref (bytes);
      g_task_set_task_data (worker, request, NULL);
      g_task_set_return_on_cancel (worker, FALSE);
      g_task_run_in_thread (worker, decode_thread);
      g_object_unref (worker);
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      root = yc_wire_parse_object (data, length, YC_ERROR_PROTOCOL, &error);
      if (root == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, g_steal_pointer (&root), (GDestroyNotify) json_node_unref);
      return;
    }

  {
    g_autofree char *code = NULL;
    g_autofree char *message = NULL;
    YcError yc_code;

    root = yc_wire_parse_object (data, length, YC_ERROR_PROTOCOL, NULL);
    if (root == NULL || !yc_wire_error_from_json (root, &code, &message))
      message = g_strdup_printf ("HTTP %u %s", status, soup_message_get_reason_phrase (request->message));

    yc_code = yc_error_code_from_http (status, code);
    if (yc_code == YC_ERROR_UNAUTHORIZED)
      end_refused_session (self, request->token);
    {
      GError *failure = g_error_new (YC_ERROR, yc_code, "%s", message);
      const char *retry_after = soup_message_headers_get_one (soup_message_get_response_headers (request->message),
                                                              "Retry-After");
      guint64 seconds;

      if (retry_after != NULL && g_ascii_string_to_unsigned (retry_after, 10, 0, 86400, &seconds, NULL))
        yc_error_set_retry_after (failure, (guint) seconds);
      g_task_return_error (task, failure);
    }
  }
}

static GTask *
request_async (YcClient            *self,
               const char          *method,
               const char          *path,
               JsonNode            *body,
               gboolean             authenticated,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = g_strconcat (self->base_url, API_PREFIX, path, NULL);
  g_autoptr(GError) error = NULL;
  Request *request;
  GUri *uri;

  g_task_set_source_tag (task, source_tag);

  if (authenticated && self->session == NULL)
    {
      g_task_return_new_error (task, YC_ERROR, YC_ERROR_UNAUTHORIZED, "not logged in");
      return NULL;
    }

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
                      g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_clear_pointer (&uri, g_uri_unref);
      g_task_return_new_error (task, YC_ERROR, YC_ERROR_BAD_ADDRESS,
                               "“%s” is not an http or https address", self->base_url);
      return NULL;
    }

  request = g_new0 (Request, 1);
  request->message = soup_message_new_from_uri (method, uri);
  request->token = authenticated ? g_strdup (self->session->token) : NULL;
  g_uri_unref (uri);
  g_task_set_task_data (task, request, request_free);

  soup_message_headers_append (soup_message_get_request_headers (request->message),
                               "Accept", "application/json");
  if (authenticated || self->device_token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", authenticated ? self->session->token : self->device_token,
                                             NULL);
      soup_message_headers_append (soup_message_get_request_headers (request->message),
                                   "Authorization", bearer);
    }
  if (body != NULL)
    {
      g_autofree char *text = yc_wire_to_string (body);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), strlen (text));
      soup_message_set_request_body_from_bytes (request->message, "application/json", bytes);
    }

  soup_session_send_and_read_async (self->soup, request->message, G_PRIORITY_DEFAULT,
                                    cancellable, request_sent_cb, g_object_ref (task));
  return g_steal_pointer (&task);
}

/* Each typed call: start the request, and decode in its own callback. */

static void
start_simple (YcClient            *self,
              const char          *method,
              const char          *path,
              JsonNode            *body,
              gboolean             authenticated,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = request_async (self, method, path, body, authenticated, source_tag,
                                         cancellable, callback, user_data);
}

/* The same, with the answer decoded by decode on a worker thread. */
static void
start_decoded (YcClient            *self,
               const char          *method,
               const char          *path,
               DecodeFunc           decode,
               GDestroyNotify       decoded_free,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = request_async (self, method, path, NULL, TRUE, source_tag,
                                         cancellable, callback, user_data);
  Request *request;

  /* The answer comes back on this thread, later: there is time to say how to decode it. */
  if (task != NULL && (request = g_task_get_task_data (task)) != NULL)
    {
      request->decode = decode;
      request->decoded_free = decoded_free;
    }
}

static JsonNode *
finish_simple (YcClient      *self,
               GAsyncResult  *result,
               gpointer       source_tag,
               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
yc_client_health_async (YcClient            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (YC_IS_CLIENT (self));
  start_simple (self, "GET", "/health", NULL, FALSE, yc_client_health_async,
                cancellable, callback, user_data);
}

gboolean
yc_client_health_finish (YcClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = finish_simple (self, result, yc_client_health_async, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

void
yc_client_login_async (YcClient            *self,
                       const char          *clerk,
                       const char          *pin,
                       gint64               window,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "clerk");
  json_builder_add_string_value (builder, clerk ? clerk : "");
  json_builder_set_member_name (builder, "pin");
  json_builder_add_string_value (builder, pin ? pin : "");
  json_builder_set_member_name (builder, "window");
  json_builder_add_int_value (builder, window);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  start_simple (self, "POST", "/sessions", body, FALSE, yc_client_login_async,
                cancellable, callback, user_data);
}

gboolean
yc_client_login_finish (YcClient      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = finish_simple (self, result, yc_client_login_async, &local_error);
  YcSession *session;

  if (local_error == NULL && root == NULL)
    g_set_error (&local_error, YC_ERROR, YC_ERROR_PROTOCOL, "empty answer to a log-in");
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!(session = yc_session_new_from_json (root, error)))
    return FALSE;

  g_clear_pointer (&self->session, yc_session_free);
  self->session = session;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  return TRUE;
}

static YcTicket *
finish_ticket_answer (YcClient      *self,
                      GAsyncResult  *result,
                      gpointer       source_tag,
                      gboolean       allow_empty,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = finish_simple (self, result, source_tag, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (root == NULL)
    {
      if (!allow_empty)
        g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "the answer has no ticket");
      return NULL;
    }
  return yc_ticket_new_from_json (root, error);
}

void
yc_client_take_ticket_async (YcClient            *self,
                             const char          *service,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, service ? service : "");
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  start_simple (self, "POST", "/tickets", body, FALSE, yc_client_take_ticket_async,
                cancellable, callback, user_data);
}

YcTicket *
yc_client_take_ticket_finish (YcClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_ticket_answer (self, result, yc_client_take_ticket_async, FALSE, error);
}

/* "/windows/{the session's window}/what" */
static char *
window_path (YcClient   *self,
             const char *what)
{
  return g_strdup_printf ("/windows/%" G_GINT64_FORMAT "/%s", self->session ? self->session->window_id : 0, what);
}

void
yc_client_call_next_async (YcClient            *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));

  path = window_path (self, yc_ticket_action_to_wire (YC_TICKET_ACTION_CALL_NEXT));
  start_simple (self, "POST", path, NULL, TRUE, yc_client_call_next_async,
                cancellable, callback, user_data);
}

YcTicket *
yc_client_call_next_finish (YcClient      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish_ticket_answer (self, result, yc_client_call_next_async, TRUE, error);
}

void
yc_client_ticket_action_async (YcClient            *self,
                               gint64               ticket_id,
                               YcTicketAction       action,
                               JsonNode            *body,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));
  /* Finish has its own call: its answer is not the ticket's. */
  g_return_if_fail (!yc_ticket_action_of_window (action) && action != YC_TICKET_ACTION_FINISH);

  path = g_strdup_printf ("/tickets/%" G_GINT64_FORMAT "/%s", ticket_id, yc_ticket_action_to_wire (action));
  start_simple (self, "POST", path, body, TRUE, yc_client_ticket_action_async, cancellable, callback, user_data);
}

YcTicket *
yc_client_ticket_action_finish (YcClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_ticket_answer (self, result, yc_client_ticket_action_async, FALSE, error);
}

/* {"name": value} */
static JsonNode *
one_member (const char *name,
            const char *value)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;

  json_object_set_string_member (object, name, value);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

/* POST path {"member": value} with the session; the answer is a ticket. */
static void
post_member (YcClient            *self,
             const char          *path,
             const char          *member,
             const char          *value,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(JsonNode) body = one_member (member, value);

  start_simple (self, "POST", path, body, TRUE, source_tag, cancellable, callback, user_data);
}

void
yc_client_call_number_async (YcClient            *self,
                             const char          *number,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));
  g_return_if_fail (number != NULL);

  path = window_path (self, yc_ticket_action_to_wire (YC_TICKET_ACTION_CALL_NUMBER));
  post_member (self, path, "number", number, yc_client_call_number_async, cancellable, callback, user_data);
}

YcTicket *
yc_client_call_number_finish (YcClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_ticket_answer (self, result, yc_client_call_number_async, FALSE, error);
}

void
yc_client_walk_in_async (YcClient            *self,
                         const char          *service,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));
  g_return_if_fail (service != NULL);

  path = window_path (self, yc_ticket_action_to_wire (YC_TICKET_ACTION_WALK_IN));
  post_member (self, path, "service", service, yc_client_walk_in_async, cancellable, callback, user_data);
}

YcTicket *
yc_client_walk_in_finish (YcClient      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return finish_ticket_answer (self, result, yc_client_walk_in_async, FALSE, error);
}

void
yc_client_requeue_number_async (YcClient            *self,
                                const char          *number,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (YC_IS_CLIENT (self));
  g_return_if_fail (number != NULL);

  post_member (self, "/tickets/requeue", "number", number, yc_client_requeue_number_async, cancellable, callback,
               user_data);
}

YcTicket *
yc_client_requeue_number_finish (YcClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish_ticket_answer (self, result, yc_client_requeue_number_async, FALSE, error);
}

void
yc_client_read_async (YcClient            *self,
                      YcClientRead         what,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));

  switch (what)
    {
    case YC_CLIENT_READ_WINDOWS:
      path = g_strdup ("/windows");
      break;
    case YC_CLIENT_READ_PARKED:
      path = window_path (self, "parked");
      break;
    case YC_CLIENT_READ_TODAY:
    default:
      path = g_strdup ("/me/today");
      break;
    }
  start_simple (self, "GET", path, NULL, TRUE, yc_client_read_async, cancellable, callback, user_data);
}

JsonNode *
yc_client_read_finish (YcClient      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root = finish_simple (self, result, yc_client_read_async, &local_error);

  if (local_error == NULL && (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)))
    g_set_error (&local_error, YC_ERROR, YC_ERROR_PROTOCOL, "the answer is not an object");
  if (local_error != NULL)
    {
      g_clear_pointer (&root, json_node_unref);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return root;
}

void
yc_client_set_window_state_async (YcClient            *self,
                                  const char          *state,
                                  const char          *reason,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));
  g_return_if_fail (state != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state);
  if (reason != NULL)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, reason);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = window_path (self, "state");
  start_simple (self, "PUT", path, body, TRUE, yc_client_set_window_state_async, cancellable, callback, user_data);
}

void
yc_client_get_window_state_async (YcClient            *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));

  path = window_path (self, "state");
  start_simple (self, "GET", path, NULL, TRUE, yc_client_get_window_state_async, cancellable, callback, user_data);
}

gboolean
yc_client_get_window_state_finish (YcClient      *self,
                                   GAsyncResult  *result,
                                   char         **state,
                                   char         **reason,
                                   GError       **error)
{
  g_autoptr(JsonNode) root = finish_simple (self, result, yc_client_get_window_state_async, error);
  JsonObject *object;
  const char *name;

  if (root == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "the answer has no window state");
      return FALSE;
    }
  object = json_node_get_object (root);
  if (!(name = yc_json_require_string (object, "state", YC_ERROR_PROTOCOL, error)))
    return FALSE;
  *state = g_strdup (name);
  *reason = g_strdup (yc_json_optional_string (object, "reason"));
  return TRUE;
}

gboolean
yc_client_set_window_state_finish (YcClient      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = finish_simple (self, result, yc_client_set_window_state_async, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

void
yc_client_finish_ticket_async (YcClient            *self,
                               gint64               ticket_id,
                               JsonNode            *details,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));

  path = g_strdup_printf ("/tickets/%" G_GINT64_FORMAT "/%s", ticket_id,
                          yc_ticket_action_to_wire (YC_TICKET_ACTION_FINISH));
  start_simple (self, "POST", path, details, TRUE, yc_client_finish_ticket_async,
                cancellable, callback, user_data);
}

gboolean
yc_client_finish_ticket_finish (YcClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_autoptr(YcTicket) ticket = finish_ticket_answer (self, result, yc_client_finish_ticket_async,
                                                     FALSE, error);
  return ticket != NULL;
}

void
yc_client_get_queues_async (YcClient            *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (YC_IS_CLIENT (self));
  start_simple (self, "GET", "/queues", NULL, TRUE, yc_client_get_queues_async,
                cancellable, callback, user_data);
}

GPtrArray *
yc_client_get_queues_finish (YcClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = finish_simple (self, result, yc_client_get_queues_async, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return yc_wire_queues_from_json (root, error);
}

void
yc_client_get_catalogue_async (YcClient            *self,
                               gint64               since,
                               guint                limit,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));
  g_return_if_fail (since >= 0);

  if (limit > 0)
    path = g_strdup_printf ("/catalogue?since=%" G_GINT64_FORMAT "&limit=%u", since, limit);
  else
    path = g_strdup_printf ("/catalogue?since=%" G_GINT64_FORMAT, since);
  start_decoded (self, "GET", path,
                 (DecodeFunc) yc_catalogue_delta_new_from_text,
                 (GDestroyNotify) yc_catalogue_delta_free,
                 yc_client_get_catalogue_async, cancellable, callback, user_data);
}

YcCatalogueDelta *
yc_client_get_catalogue_finish (YcClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  YcCatalogueDelta *delta;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_client_get_catalogue_async, NULL);

  /* Decoded on a worker (see request_sent_cb); 204 No Content is no catalogue. */
  delta = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (delta == NULL && local_error == NULL)
    g_set_error (&local_error, YC_ERROR, YC_ERROR_PROTOCOL, "empty catalogue answer");
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return delta;
}

void
yc_client_push_records_async (YcClient            *self,
                              GPtrArray           *records,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));
  g_return_if_fail (records != NULL);

  body = yc_wire_records_to_json (records);
  task = request_async (self, "POST", "/records", body, TRUE, yc_client_push_records_async,
                        cancellable, callback, user_data);
  /* Keep the ids sent, to check the answer covers exactly them. */
  if (task != NULL)
    g_object_set_data_full (G_OBJECT (task), "records", g_ptr_array_ref (records),
                            (GDestroyNotify) g_ptr_array_unref);
}

GPtrArray *
yc_client_push_records_finish (YcClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  GPtrArray *records = g_object_get_data (G_OBJECT (result), "records");
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = finish_simple (self, result, yc_client_push_records_async, &local_error);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GHashTable) sent = NULL;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!(results = yc_wire_results_from_json (root, error)))
    return NULL;

  /* Exactly one result for each record sent: a stray one would mark the wrong row as
   * done, a missing one would have the same batch sent again at once, for ever. */
  sent = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; records && i < records->len; i++)
    g_hash_table_add (sent, (gpointer) yc_record_get_id (g_ptr_array_index (records, i)));
  for (guint i = 0; i < results->len; i++)
    {
      YcRecordResult *r = g_ptr_array_index (results, i);
      if (!g_hash_table_remove (sent, r->id))
        {
          g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "a result for a record that was not sent, or twice");
          return NULL;
        }
    }
  if (g_hash_table_size (sent) != 0)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "no result for %u of the records sent",
                   g_hash_table_size (sent));
      return NULL;
    }

  return g_steal_pointer (&results);
}

void
yc_client_lookup_async (YcClient            *self,
                        const char          *id_number,
                        const char          *credit_code,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));
  g_return_if_fail ((id_number == NULL) != (credit_code == NULL));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, id_number ? "id_number" : "credit_code");
  json_builder_add_string_value (builder, id_number ? id_number : credit_code);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  start_simple (self, "POST", "/lookup", body, TRUE, yc_client_lookup_async, cancellable, callback, user_data);
}

JsonNode *
yc_client_lookup_finish (YcClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = finish_simple (self, result, yc_client_lookup_async, &local_error);
  JsonNode *found;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  found = root != NULL ? json_object_get_member (json_node_get_object (root), "found") : NULL;
  if (found == NULL || !JSON_NODE_HOLDS_VALUE (found) || json_node_get_value_type (found) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "a lookup answer needs “found”");
      return NULL;
    }
  return g_steal_pointer (&root);
}

void
yc_client_get_cases_async (YcClient            *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (YC_IS_CLIENT (self));
  start_simple (self, "GET", "/cases?mine=1", NULL, TRUE, yc_client_get_cases_async, cancellable, callback,
                user_data);
}

JsonArray *
yc_client_get_cases_finish (YcClient      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = finish_simple (self, result, yc_client_get_cases_async, &local_error);
  JsonNode *cases;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  cases = root != NULL ? json_object_get_member (json_node_get_object (root), "cases") : NULL;
  if (cases == NULL || !JSON_NODE_HOLDS_ARRAY (cases))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "“cases” must be an array");
      return NULL;
    }
  return json_array_ref (json_node_get_array (cases));
}

void
yc_client_get_tasks_async (YcClient            *self,
                           const char          *view,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));
  g_return_if_fail (view != NULL);

  path = g_strdup_printf ("/tasks?view=%s", view);
  start_simple (self, "GET", path, NULL, TRUE, yc_client_get_tasks_async, cancellable, callback, user_data);
}

GPtrArray *
yc_client_get_tasks_finish (YcClient      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = finish_simple (self, result, yc_client_get_tasks_async, &local_error);
  g_autoptr(GPtrArray) tasks = NULL;
  JsonNode *list;
  JsonArray *array;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  list = root != NULL ? json_object_get_member (json_node_get_object (root), "tasks") : NULL;
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "“tasks” must be an array");
      return NULL;
    }
  array = json_node_get_array (list);
  tasks = g_ptr_array_new_full (json_array_get_length (array), g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      YcTask *task = yc_task_new_from_json (json_array_get_element (array, i), error);

      if (task == NULL)
        return NULL;
      g_ptr_array_add (tasks, task);
    }
  return g_steal_pointer (&tasks);
}

void
yc_client_task_action_async (YcClient            *self,
                             gint64               task_id,
                             const char          *action,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));
  g_return_if_fail (g_strcmp0 (action, "claim") == 0 || g_strcmp0 (action, "release") == 0);

  path = g_strdup_printf ("/tasks/%" G_GINT64_FORMAT "/%s", task_id, action);
  start_simple (self, "POST", path, NULL, TRUE, yc_client_task_action_async, cancellable, callback, user_data);
}

YcTask *
yc_client_task_action_finish (YcClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = finish_simple (self, result, yc_client_task_action_async, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (root == NULL)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "a task action must answer the task");
      return NULL;
    }
  return yc_task_new_from_json (root, error);
}

static YcTrainingReport *
finish_training_report (YcClient      *self,
                        GAsyncResult  *result,
                        gpointer       source_tag,
                        GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = finish_simple (self, result, source_tag, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (root == NULL)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "a training answer must be a report");
      return NULL;
    }
  return yc_training_report_new_from_json (root, error);
}

void
yc_client_get_training_async (YcClient            *self,
                              gint64               window,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));
  g_return_if_fail (window >= 0);
  path = window > 0 ? g_strdup_printf ("/training?window=%" G_GINT64_FORMAT, window) : g_strdup ("/training");
  start_simple (self, "GET", path, NULL, TRUE, yc_client_get_training_async, cancellable, callback, user_data);
}

YcTrainingReport *
yc_client_get_training_finish (YcClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_training_report (self, result, yc_client_get_training_async, error);
}

void
yc_client_set_training_async (YcClient            *self,
                              int                  paused,
                              double               pace,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (YC_IS_CLIENT (self));

  json_builder_begin_object (builder);
  if (paused >= 0)
    {
      json_builder_set_member_name (builder, "paused");
      json_builder_add_boolean_value (builder, paused != 0);
    }
  if (pace > 0)
    {
      json_builder_set_member_name (builder, "pace");
      json_builder_add_double_value (builder, CLAMP (pace, YC_SCENARIO_PACE_MIN, YC_SCENARIO_PACE_MAX));
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  start_simple (self, "POST", "/training", body, TRUE, yc_client_set_training_async, cancellable, callback,
                user_data);
}

YcTrainingReport *
yc_client_set_training_finish (YcClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_training_report (self, result, yc_client_set_training_async, error);
}
