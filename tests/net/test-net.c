/* test-net.c: the desk's client and outbox pusher against the real server, in one process,
 * with faults: a stopped server, a restart, malformed answers, a lost answer. */
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "core/yc-time.h"
#include "net/yc-cases.h"
#include "net/yc-client.h"
#include "net/yc-events.h"
#include "net/yc-sync.h"
#include "net/yc-tasks.h"
#include "server/yc-server-thread.h"
#include "../test-server-util.h"
#include "../test-util.h"

typedef struct
{
  char           *dir;
  char           *server_db;
  char           *desk_db;
  guint           port;
  YcServerThread *server;
  YcClient       *client;
  YcStore        *store;
} Fixture;

static void
start_server (Fixture *f)
{
  f->server = yc_test_start_server (f->server_db, &f->port);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("yc-net-XXXXXX", &error);
  g_assert_no_error (error);
  f->server_db = g_build_filename (f->dir, "server.db", NULL);
  f->desk_db = g_build_filename (f->dir, "desk.db", NULL);
  start_server (f);
  /* The clerk's desk, as the real one: no device token, only the session's. */
  f->client = yc_client_new (yc_server_thread_get_url (f->server));
  f->store = yc_store_open (f->desk_db, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->client);
  yc_test_wait_until (G_OBJECT (f->store)->ref_count == 1, 10);
  g_clear_object (&f->store);
  g_clear_pointer (&f->server, yc_server_thread_stop);
  yc_test_remove_tree (f->dir);
  g_free (f->server_db);
  g_free (f->desk_db);
  g_free (f->dir);
}

/* Long enough for a read the stream's return set off to be back. */
#define REREAD_SETTLE_MS 1000

#define AWAIT(result) yc_test_wait_until ((result) != NULL, 20)

/* A kiosk of the fixture's server, with a device token of its own. */
static YcClient *
kiosk_new (Fixture *f)
{
  YcClient *kiosk = yc_client_new (yc_server_thread_get_url (f->server));
  g_autofree char *token = yc_test_add_device_to_db (f->server_db, "kiosk", 0);

  yc_client_set_device_token (kiosk, token);
  return kiosk;
}

static gint64
server_count (Fixture    *f,
              const char *sql)
{
  return yc_test_db_count (f->server_db, sql);
}

static void
login (YcClient   *client,
       const char *clerk,
       const char *pin)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  yc_client_login_async (client, clerk, pin, 1, NULL, yc_test_result_cb, &result);
  AWAIT (result);
  g_assert_true (yc_client_login_finish (client, result, &error));
  g_assert_no_error (error);
}

/* A note of that body, enqueued. */
static YcRecord *
enqueue_note (YcStore  *store,
              JsonNode *body)
{
  YcRecord *record = yc_record_new ("note", body);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  yc_store_enqueue_async (store, record, NULL, yc_test_result_cb, &result);
  AWAIT (result);
  g_assert_true (yc_store_enqueue_finish (store, result, &error));
  return record;
}

static void
enqueue_records (Fixture   *f,
                 guint      n,
                 GPtrArray *out)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(YcRecord) record = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, i);
      json_builder_end_object (builder);
      body = json_builder_get_root (builder);
      record = enqueue_note (f->store, body);
      if (out != NULL)
        g_ptr_array_add (out, g_object_ref (record));
    }
}

/* A note of about that many bytes, enqueued; its id is returned. */
static char *
enqueue_sized (YcStore *store,
               gsize    bytes)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(YcRecord) record = NULL;
  g_autofree char *text = g_strnfill (bytes, 'x');

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  record = enqueue_note (store, body);
  return g_strdup (yc_record_get_id (record));
}

/* The outbox row of that id is set aside, with a reason. */
static gboolean
set_aside (const char *desk_db,
           const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE id = '%s' AND state = 'rejected'"
                                          " AND message LIKE '%%too large%%'", id);

  return yc_test_db_count (desk_db, sql) == 1;
}

static void
test_login_call_finish (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) taken = NULL, called = NULL, finished = NULL, none = NULL, queues = NULL;
  g_autoptr(YcTicket) ticket = NULL;
  g_autoptr(YcTicket) current = NULL;
  g_autoptr(YcTicket) nobody = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcClient) kiosk = kiosk_new (f);
  const YcSession *session;

  login (f->client, "1001", "123456");
  session = yc_client_get_session (f->client);
  g_assert_nonnull (session);
  g_assert_cmpstr (session->clerk_name, ==, "张敏");
  g_assert_cmpstr (session->hall_name, ==, "示范市政务服务中心");
  /* The demo hall prints its papers as the centre writes (hall.json). */
  g_assert_cmpstr (session->documents_language, ==, "zh_CN");

  yc_client_take_ticket_async (kiosk, "B", NULL, yc_test_result_cb, &taken);
  AWAIT (taken);
  ticket = yc_client_take_ticket_finish (kiosk, taken, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_ticket_get_number (ticket), ==, "B001");

  yc_client_get_queues_async (f->client, NULL, yc_test_result_cb, &queues);
  AWAIT (queues);
  services = yc_client_get_queues_finish (f->client, queues, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 2);
  g_assert_cmpuint (yc_service_get_waiting (g_ptr_array_index (services, 1)), ==, 1);

  yc_client_call_next_async (f->client, NULL, yc_test_result_cb, &called);
  AWAIT (called);
  current = yc_client_call_next_finish (f->client, called, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yc_ticket_get_id (current), ==, yc_ticket_get_id (ticket));
  g_assert_cmpint (yc_ticket_get_state (current), ==, YC_TICKET_CALLED);
  g_assert_nonnull (yc_ticket_get_called_at (current));

  yc_client_finish_ticket_async (f->client, yc_ticket_get_id (current), NULL, NULL, yc_test_result_cb, &finished);
  AWAIT (finished);
  g_assert_true (yc_client_finish_ticket_finish (f->client, finished, &error));
  g_assert_no_error (error);

  yc_client_call_next_async (f->client, NULL, yc_test_result_cb, &none);
  AWAIT (none);
  nobody = yc_client_call_next_finish (f->client, none, &error);
  g_assert_no_error (error);
  g_assert_null (nobody);
}

static void
test_wrong_pin (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) call = NULL;
  g_autoptr(GError) error = NULL;

  yc_client_login_async (f->client, "1001", "000000", 1, NULL, yc_test_result_cb, &result);
  AWAIT (result);
  g_assert_false (yc_client_login_finish (f->client, result, &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_INVALID_CREDENTIALS);
  g_assert_null (yc_client_get_session (f->client));
  g_clear_error (&error);

  /* Without a session nothing is even sent. */
  yc_client_call_next_async (f->client, NULL, yc_test_result_cb, &call);
  AWAIT (call);
  g_assert_null (yc_client_call_next_finish (f->client, call, &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_UNAUTHORIZED);
}

static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) down = NULL;
  g_autoptr(GAsyncResult) up = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_client_get_online (f->client));
  g_clear_pointer (&f->server, yc_server_thread_stop);

  yc_client_health_async (f->client, NULL, yc_test_result_cb, &down);
  AWAIT (down);
  g_assert_false (yc_client_health_finish (f->client, down, &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_OFFLINE);
  g_assert_false (yc_client_get_online (f->client));
  g_clear_error (&error);

  start_server (f);
  yc_client_health_async (f->client, NULL, yc_test_result_cb, &up);
  AWAIT (up);
  g_assert_true (yc_client_health_finish (f->client, up, &error));
  g_assert_true (yc_client_get_online (f->client));
}

/* The fake servers below: each on a free port of this machine, with one handler for
 * every path. Returns its URL. */
static char *
fake_server_url (SoupServer         *server,
                 SoupServerCallback  handler,
                 gpointer            user_data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  char *url;

  soup_server_add_handler (server, NULL, handler, user_data, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

/* A fake server's log-in: a session of that token. */
static void
reply_session (SoupServerMessage *msg,
               const char        *token)
{
  g_autofree char *body = g_strdup_printf ("{\"token\":\"%s\",\"clerk\":{\"id\":\"1001\",\"name\":\"x\"},"
                                           "\"window\":{\"id\":1,\"name\":\"w\"},\"hall\":{\"name\":\"h\"},"
                                           "\"services\":[]}", token);

  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

/* A server that answers off-contract, to see the client refuse it cleanly. */

static void
junk_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  const char *mode = user_data ? *(const char **) user_data : "";
  const char *body = "not json at all";
  guint status = 200;

  if (g_str_equal (path, "/api/v1/sessions") && !g_str_equal (mode, "bad-session"))
    {
      reply_session (msg, "t");
      return;
    }
  if (g_str_equal (path, "/api/v1/sessions"))
    body = "{\"token\":5}";
  else if (g_str_equal (path, "/api/v1/queues"))
    {
      if (g_str_equal (mode, "expired"))
        {
          status = 401;
          body = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"expired\"}}";
        }
      else if (g_str_equal (mode, "truncated"))
        body = "{\"queues\":[{\"letter\":\"A\",\"na";
      else if (g_str_equal (mode, "server-error"))
        {
          status = 500;
          body = "<html>Internal error</html>";
        }
    }
  else if (g_str_equal (path, "/api/v1/records"))
    body = g_str_equal (mode, "short")
             ? "{\"results\":[]}"
             : "{\"results\":[{\"id\":\"00000000-0000-4000-8000-000000000000\",\"status\":\"stored\"}]}";

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
on_expired_cb (YcClient *client,
               gboolean *fired)
{
  *fired = TRUE;
}

static void
test_malformed_answers (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcClient) client = NULL;
  g_autofree char *url = NULL;
  const char *mode = "";
  struct { const char *mode; int code; } cases[] = {
    { "truncated", YC_ERROR_PROTOCOL },
    { "server-error", YC_ERROR_SERVER },
    { "expired", YC_ERROR_UNAUTHORIZED },
  };
  gboolean expired = FALSE;

  url = fake_server_url (server, junk_handler, &mode);
  client = yc_client_new (url);
  g_signal_connect (client, "session-expired", G_CALLBACK (on_expired_cb), &expired);

  /* A session answer that does not match the contract is no session at all. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    mode = "bad-session";
    yc_client_login_async (client, "1001", "123456", 1, NULL, yc_test_result_cb, &result);
    AWAIT (result);
    g_assert_false (yc_client_login_finish (client, result, &error));
    g_assert_error (error, YC_ERROR, YC_ERROR_PROTOCOL);
    g_assert_null (yc_client_get_session (client));
    g_clear_error (&error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GAsyncResult) logged = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) queues = NULL;

      mode = "";
      yc_client_login_async (client, "1001", "123456", 1, NULL, yc_test_result_cb, &logged);
      AWAIT (logged);
      g_assert_true (yc_client_login_finish (client, logged, &error));

      mode = cases[i].mode;
      yc_client_get_queues_async (client, NULL, yc_test_result_cb, &result);
      AWAIT (result);
      queues = yc_client_get_queues_finish (client, result, &error);
      g_assert_null (queues);
      g_assert_error (error, YC_ERROR, cases[i].code);
      g_assert_true (yc_client_get_online (client));
      g_clear_error (&error);
    }
  /* 401 on an authenticated call ends the session and tells the desk. */
  g_assert_true (expired);
  g_assert_null (yc_client_get_session (client));

  /* Results for records that were not sent would mark the wrong rows as done. */
  {
    g_autoptr(GAsyncResult) logged = NULL;
    g_autoptr(GAsyncResult) pushed = NULL;
    g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(JsonNode) body = json_from_string ("{}", NULL);
    g_autoptr(GPtrArray) results = NULL;

    mode = "";
    yc_client_login_async (client, "1001", "123456", 1, NULL, yc_test_result_cb, &logged);
    AWAIT (logged);
    g_assert_true (yc_client_login_finish (client, logged, &error));
    g_ptr_array_add (records, yc_record_new ("note", body));
    yc_client_push_records_async (client, records, NULL, yc_test_result_cb, &pushed);
    AWAIT (pushed);
    results = yc_client_push_records_finish (client, pushed, &error);
    g_assert_null (results);
    g_assert_error (error, YC_ERROR, YC_ERROR_PROTOCOL);
    g_clear_error (&error);
  }

  /* Too few results: the batch would be sent again at once, for ever. */
  {
    g_autoptr(GAsyncResult) pushed = NULL;
    g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(JsonNode) body = json_from_string ("{}", NULL);
    g_autoptr(GPtrArray) results = NULL;

    mode = "short";
    g_ptr_array_add (records, yc_record_new ("note", body));
    yc_client_push_records_async (client, records, NULL, yc_test_result_cb, &pushed);
    AWAIT (pushed);
    results = yc_client_push_records_finish (client, pushed, &error);
    g_assert_null (results);
    g_assert_error (error, YC_ERROR, YC_ERROR_PROTOCOL);
  }

  soup_server_disconnect (server);
}

/* A server that refuses every call as told. */
typedef struct
{
  guint       status;
  const char *body;
  const char *retry_after;
} Refusal;

static void
refusal_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  const Refusal *refusal = *(const Refusal **) user_data;

  if (refusal->retry_after != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                  refusal->retry_after);
  soup_server_message_set_status (msg, refusal->status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, refusal->body,
                                    strlen (refusal->body));
}

/* A refusal is read by the code in its body first, the status only without one: the
 * connection door's 503 is a rate limit, not a failed server; the server's own database
 * trouble is not the desk's; its "invalid_input" is no sentence for the clerk. */
static void
test_refusals (void)
{
  static const Refusal refusals[] = {
    { 503, "{\"error\":{\"code\":\"rate_limited\",\"message\":\"too many connections from this address\"}}", NULL },
    { 429, "{\"error\":{\"code\":\"rate_limited\",\"message\":\"too many log-ins at once; try again in a moment\","
           "\"retry_after\":5}}", "5" },
    { 429, "{\"error\":{\"code\":\"locked\",\"message\":\"locked\",\"retry_after\":900}}", "900" },
    { 500, "{\"error\":{\"code\":\"storage\",\"message\":\"database is locked\"}}", NULL },
    { 400, "{\"error\":{\"code\":\"invalid_input\",\"message\":\"“window” must be a number\"}}", NULL },
  };
  static const struct { int code; guint retry_after; } expected[] = {
    { YC_ERROR_RATE_LIMITED, 0 },
    { YC_ERROR_RATE_LIMITED, 5 },
    { YC_ERROR_LOCKED, 900 },
    { YC_ERROR_SERVER, 0 },
    { YC_ERROR_BAD_REQUEST, 0 },
  };
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcClient) client = NULL;
  g_autofree char *url = NULL;
  const Refusal *refusal = NULL;

  url = fake_server_url (server, refusal_handler, &refusal);
  client = yc_client_new (url);

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;

      refusal = &refusals[i];
      yc_client_login_async (client, "1001", "123456", 1, NULL, yc_test_result_cb, &result);
      AWAIT (result);
      g_assert_false (yc_client_login_finish (client, result, &error));
      g_test_message ("HTTP %u: %s", refusals[i].status, error->message);
      g_assert_error (error, YC_ERROR, expected[i].code);
      g_assert_cmpuint (yc_error_get_retry_after (error), ==, expected[i].retry_after);
      /* Refused is not unreachable. */
      g_assert_true (yc_client_get_online (client));
      g_clear_error (&error);
    }

  soup_server_disconnect (server);
}

/* A server whose first session's token ends with its second's, and which holds the
 * event stream's request until the test answers it. */
typedef struct
{
  guint              logins;
  SoupServerMessage *events;
} Door;

static void
door_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Door *door = user_data;

  if (g_str_equal (path, "/api/v1/events"))
    {
      door->events = msg;
      soup_server_message_pause (msg);
      return;
    }
  reply_session (msg, door->logins++ == 0 ? "xt" : "t");
}

/* The stream opened with a session refused after the clerk logged in again: the new
 * session stays, even when the old token ends with the new one. */
static void
test_events_refused_old_session (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcClient) client = NULL;
  g_autoptr(GAsyncResult) connected = NULL;
  g_autoptr(SoupWebsocketConnection) conn = NULL;
  g_autofree char *url = NULL;
  Door door = { 0 };
  gboolean expired = FALSE;

  url = fake_server_url (server, door_handler, &door);
  client = yc_client_new (url);
  g_signal_connect (client, "session-expired", G_CALLBACK (on_expired_cb), &expired);

  login (client, "1001", "123456");
  yc_client_connect_events_async (client, -1, NULL, yc_test_result_cb, &connected);
  yc_test_wait_until (door.events != NULL, 20);
  login (client, "1001", "123456");
  g_assert_cmpstr (yc_client_get_session (client)->token, ==, "t");

  soup_server_message_set_status (door.events, SOUP_STATUS_UNAUTHORIZED, NULL);
  soup_server_message_unpause (door.events);
  AWAIT (connected);
  conn = yc_client_connect_events_finish (client, connected, &error);
  g_assert_null (conn);
  g_assert_error (error, YC_ERROR, YC_ERROR_UNAUTHORIZED);
  g_assert_nonnull (yc_client_get_session (client));
  g_assert_cmpstr (yc_client_get_session (client)->token, ==, "t");
  g_assert_false (expired);

  soup_server_disconnect (server);
}

static void
test_bad_url (void)
{
  g_autoptr(YcClient) client = yc_client_new ("ftp://example");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  yc_client_health_async (client, NULL, yc_test_result_cb, &result);
  AWAIT (result);
  g_assert_false (yc_client_health_finish (client, result, &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_BAD_ADDRESS);
}

/* The scenario: records pending, the server stops, comes back on the same database. */
static void
on_event_cb (YcEvents   *events,
             const char *kind,
             JsonNode   *body,
             gint64      id,
             GArray     *ids)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (body));
  g_assert_true (json_object_has_member (json_node_get_object (body), "ticket"));
  g_array_append_val (ids, id);
}

/* Tickets issued by a kiosk while the desk's stream is down (the server restarted, then
 * a drop of the socket alone): after the reconnect every event is there, in order, once. */
static void
test_events_catch_up (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(YcEvents) events = NULL;
  g_autoptr(YcClient) kiosk = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint issued = 0;

  login (f->client, "1001", "123456");
  events = yc_events_new (f->client);
  g_signal_connect (events, "event", G_CALLBACK (on_event_cb), ids);
  yc_test_wait_until (yc_events_get_live (events), 20);
  kiosk = kiosk_new (f);

  for (guint round = 0; round < 3; round++)
    {
      for (guint i = 0; i < 40; i++, issued++)
        {
          g_autoptr(GAsyncResult) taken = NULL;
          g_autoptr(YcTicket) ticket = NULL;

          /* Halfway through: the server goes and comes back, or the socket alone drops. */
          if (i == 20 && round == 0)
            {
              g_clear_pointer (&f->server, yc_server_thread_stop);
              yc_test_wait_until (!yc_events_get_live (events), 20);
              start_server (f);
            }
          if (i == 20 && round == 1)
            yc_events_reconnect (events);
          yc_client_take_ticket_async (kiosk, i % 2 ? "A" : "B", NULL, yc_test_result_cb, &taken);
          AWAIT (taken);
          ticket = yc_client_take_ticket_finish (kiosk, taken, NULL);
          g_assert_nonnull (ticket);
        }
      yc_test_wait_until (ids->len == issued, 30);
    }
  yc_test_wait_until (yc_events_get_live (events), 20);

  /* One event per ticket, each once, in the order the server logged them. */
  g_assert_cmpuint (ids->len, ==, 120);
  for (guint i = 1; i < ids->len; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, g_array_index (ids, gint64, i - 1) + 1);
  g_assert_cmpint (yc_events_get_last_id (events), ==, g_array_index (ids, gint64, ids->len - 1));

  /* Logged out: the stream closes. */
  yc_client_logout (f->client);
  yc_test_wait_until (!yc_events_get_live (events), 10);
}

/* The desk against a server that serves HTTPS only, trusting the hall's own CA (the
 * ca-file setting): log-in, a ticket called and finished, records pushed, and the event
 * stream over wss. A client that trusts only the system's CAs gets nowhere. */
static void
test_https (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-net-tls-XXXXXX", &error);
  g_autofree char *server_db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *desk_db = g_build_filename (dir, "desk.db", NULL);
  g_autofree char *ca = NULL, *cert = NULL, *key = NULL, *kiosk_token = NULL;
  YcServerOptions options = { .db_path = server_db, .demo_data = TRUE };
  g_autoptr(YcServerThread) server = NULL;
  g_autoptr(YcClient) client = NULL;
  g_autoptr(YcClient) kiosk = NULL;
  g_autoptr(YcClient) stranger = NULL;
  g_autoptr(YcStore) store = NULL;
  g_autoptr(YcEvents) events = NULL;
  g_autoptr(YcSync) sync = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GAsyncResult) taken = NULL, called = NULL, finished = NULL, health = NULL;
  g_autoptr(YcTicket) ticket = NULL;
  g_autoptr(YcTicket) current = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

  if (!yc_test_make_certificates (dir, &ca, &cert, &key))
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  options.config.tls_cert = cert;
  options.config.tls_key = key;
  server = yc_server_thread_start (&options, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (yc_server_thread_get_url (server), "https://"));

  stranger = yc_client_new (yc_server_thread_get_url (server));
  yc_client_health_async (stranger, NULL, yc_test_result_cb, &health);
  AWAIT (health);
  g_assert_false (yc_client_health_finish (stranger, health, &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_OFFLINE);
  g_clear_error (&error);

  client = yc_client_new (yc_server_thread_get_url (server));
  g_assert_true (yc_client_set_ca_file (client, ca, &error));
  g_assert_no_error (error);
  kiosk = yc_client_new (yc_server_thread_get_url (server));
  g_assert_true (yc_client_set_ca_file (kiosk, ca, NULL));
  kiosk_token = yc_test_add_device_to_db (server_db, "kiosk", 0);
  yc_client_set_device_token (kiosk, kiosk_token);
  store = yc_store_open (desk_db, &error);
  g_assert_no_error (error);

  login (client, "1001", "123456");
  events = yc_events_new (client);
  g_signal_connect (events, "event", G_CALLBACK (on_event_cb), ids);
  yc_test_wait_until (yc_events_get_live (events), 20);

  yc_client_take_ticket_async (kiosk, "B", NULL, yc_test_result_cb, &taken);
  AWAIT (taken);
  ticket = yc_client_take_ticket_finish (kiosk, taken, &error);
  g_assert_no_error (error);
  yc_test_wait_until (ids->len == 1, 20);

  yc_client_call_next_async (client, NULL, yc_test_result_cb, &called);
  AWAIT (called);
  current = yc_client_call_next_finish (client, called, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yc_ticket_get_id (current), ==, yc_ticket_get_id (ticket));
  yc_client_finish_ticket_async (client, yc_ticket_get_id (current), NULL, NULL, yc_test_result_cb, &finished);
  AWAIT (finished);
  g_assert_true (yc_client_finish_ticket_finish (client, finished, &error));
  yc_test_wait_until (ids->len == 3, 20);

  {
    Fixture f = { .store = store };

    sync = yc_sync_new (client, store);
    yc_sync_set_backoff (sync, 50, 400);
    enqueue_records (&f, 5, records);
    yc_test_wait_until (yc_store_get_pending (store) == 0, 20);
  }
  {
    Fixture f = { .server_db = server_db };
    g_assert_cmpint (server_count (&f, "SELECT count(*) FROM records"), ==, 5);
  }

  yc_client_logout (client);
  yc_test_wait_until (!yc_events_get_live (events), 10);
  g_clear_object (&sync);
  g_clear_object (&events);
  g_clear_object (&client);
  g_clear_object (&kiosk);
  g_clear_object (&stranger);
  yc_test_wait_until (G_OBJECT (store)->ref_count == 1, 10);
  g_clear_object (&store);
  g_clear_pointer (&server, yc_server_thread_stop);
  yc_test_remove_tree (dir);
}

/* ---- Tasks ---- */

typedef struct
{
  GArray *assigned;    /* ids, as news said */
  GArray *escalated;
} News;

static void
on_news_cb (YcTasks    *tasks,
            YcTask     *task,
            YcTaskNews  what,
            News       *news)
{
  gint64 id = yc_task_get_id (task);

  g_array_append_val (what == YC_TASK_NEWS_ASSIGNED ? news->assigned : news->escalated, id);
}

static gboolean
listed (GListModel *list,
        gint64      id)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(YcTask) task = g_list_model_get_item (list, i);

      if (yc_task_get_id (task) == id)
        return TRUE;
    }
  return FALSE;
}

/* How many times id is in the array. */
static guint
times (GArray *ids,
       gint64  id)
{
  guint n = 0;

  for (guint i = 0; i < ids->len; i++)
    n += g_array_index (ids, gint64, i) == id;
  return n;
}

/* Tasks follow the stream: one for me by name is mine, one for my window or my zone is
 * claimable, another window's is not listed; claimed, it is mine; completed, it is done
 * at once and, once pushed, done on the server. Each is news once, and each escalation
 * once more. */
static void
test_tasks_follow (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(YcEvents) events = yc_events_new (f->client);
  g_autoptr(YcTasks) tasks = yc_tasks_new (f->client, events);
  g_autoptr(YcSync) sync = yc_sync_new (f->client, f->store);
  g_autoptr(GAsyncResult) claimed = NULL;
  g_autoptr(GAsyncResult) completed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcTask) task = NULL;
  News news = { g_array_new (FALSE, FALSE, sizeof (gint64)), g_array_new (FALSE, FALSE, sizeof (gint64)) };
  gint64 before, named, pooled, zoned, other;
  GDate later;

  yc_sync_set_backoff (sync, 50, 400);
  yc_tasks_set_store (tasks, f->store);
  /* One the clerk finds at log-in: listed, not news. */
  before = yc_test_assign_task (f->server, "{\"kind\":\"bad_rating\",\"title\":\"差评整改\",\"clerk\":\"1001\"}");
  g_signal_connect (tasks, "news", G_CALLBACK (on_news_cb), &news);
  login (f->client, "1001", "123456");
  yc_test_wait_until (yc_tasks_get_loaded (tasks) && yc_events_get_live (events), 20);
  g_assert_true (listed (yc_tasks_get_mine (tasks), before));
  g_assert_cmpuint (news.assigned->len, ==, 0);

  named = yc_test_assign_task (f->server, "{\"kind\":\"hotline\",\"title\":\"12345 工单\",\"clerk\":\"1001\"}");
  pooled = yc_test_assign_task (f->server, "{\"kind\":\"correction\",\"title\":\"补正\",\"window\":1}");
  other = yc_test_assign_task (f->server, "{\"kind\":\"correction\",\"title\":\"补正\",\"window\":2}");
  zoned = yc_test_assign_task (f->server, "{\"kind\":\"complaint\",\"title\":\"办不成事\",\"zone\":\"综合受理区\"}");
  yc_test_wait_until (listed (yc_tasks_get_mine (tasks), named) && listed (yc_tasks_get_claimable (tasks), pooled) &&
                      listed (yc_tasks_get_claimable (tasks), zoned), 20);
  g_assert_false (listed (yc_tasks_get_claimable (tasks), other));
  g_assert_cmpuint (yc_tasks_get_n_open (tasks), ==, 4);
  g_assert_cmpuint (times (news.assigned, named), ==, 1);
  g_assert_cmpuint (times (news.assigned, pooled), ==, 1);
  g_assert_cmpuint (times (news.assigned, zoned), ==, 1);
  g_assert_cmpuint (times (news.assigned, other), ==, 0);
  g_assert_cmpuint (times (news.assigned, before), ==, 0);

  yc_tasks_act_async (tasks, pooled, "claim", NULL, yc_test_result_cb, &claimed);
  AWAIT (claimed);
  task = yc_tasks_act_finish (tasks, claimed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yc_task_get_state (task), ==, YC_TASK_CLAIMED);
  g_assert_true (listed (yc_tasks_get_mine (tasks), pooled));
  g_assert_false (listed (yc_tasks_get_claimable (tasks), pooled));

  /* Completed: done at once, in the outbox, then done on the server, and listed once. */
  yc_tasks_complete_async (tasks, pooled, "   ", NULL, yc_test_result_cb, &completed);
  AWAIT (completed);
  g_assert_false (yc_tasks_complete_finish (tasks, completed, &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_clear_object (&completed);
  yc_tasks_complete_async (tasks, pooled, "已补正材料并回传", NULL, yc_test_result_cb, &completed);
  AWAIT (completed);
  g_assert_true (yc_tasks_complete_finish (tasks, completed, &error));
  g_assert_no_error (error);
  g_assert_true (listed (yc_tasks_get_done (tasks), pooled));
  g_assert_false (listed (yc_tasks_get_mine (tasks), pooled));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM tasks WHERE id = %" G_GINT64_FORMAT
                                            " AND state = 'done' AND result = '已补正材料并回传'", pooled);

    yc_test_wait_until (server_count (f, sql) == 1 && yc_store_get_pending (f->store) == 0, 20);
  }
  yc_test_wait_until (g_list_model_get_n_items (yc_tasks_get_done (tasks)) == 1, 20);
  g_assert_true (listed (yc_tasks_get_done (tasks), pooled));
  g_assert_false (listed (yc_tasks_get_mine (tasks), pooled));

  /* A month on, every open one is raised: each is news once, however often it is told. */
  yc_time_local_date (&later);
  g_date_add_days (&later, 40);
  yc_test_escalate_tasks (f->server, &later);
  yc_test_wait_until (news.escalated->len == 3, 20);
  yc_tasks_refresh (tasks);
  yc_test_escalate_tasks (f->server, &later);
  yc_events_reconnect (events);
  yc_test_wait_until (yc_events_get_live (events) && yc_tasks_get_loaded (tasks), 20);
  yc_test_run_for (300);
  g_assert_cmpuint (news.escalated->len, ==, 3);
  g_assert_cmpuint (times (news.escalated, named), ==, 1);
  g_assert_cmpuint (times (news.escalated, zoned), ==, 1);
  g_assert_cmpuint (times (news.escalated, before), ==, 1);
  {
    YcTask *raised = yc_tasks_lookup (tasks, named);

    g_assert_nonnull (raised);
    g_assert_cmpint (yc_task_get_escalation (raised), ==, YC_ESCALATION_ACCOUNTABILITY);
  }

  yc_sync_stop (sync);
  yc_client_logout (f->client);
  g_assert_cmpuint (yc_tasks_get_n_open (tasks), ==, 0);
  g_array_unref (news.assigned);
  g_array_unref (news.escalated);
}

/* 100 tasks assigned while the desk cannot reach the stream: once it is back, each is
 * listed once and is news once. */
static void
test_tasks_cut (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(YcEvents) events = yc_events_new (f->client);
  g_autoptr(YcTasks) tasks = yc_tasks_new (f->client, events);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *url = g_strdup (yc_client_get_base_url (f->client));
  News news = { g_array_new (FALSE, FALSE, sizeof (gint64)), g_array_new (FALSE, FALSE, sizeof (gint64)) };
  GListModel *mine = yc_tasks_get_mine (tasks);

  g_signal_connect (tasks, "news", G_CALLBACK (on_news_cb), &news);
  login (f->client, "1001", "123456");
  yc_test_wait_until (yc_tasks_get_loaded (tasks) && yc_events_get_live (events), 20);

  /* The line is cut: the desk's server is nowhere to be found. */
  yc_client_set_base_url (f->client, "http://127.0.0.1:9");
  yc_events_reconnect (events);
  yc_test_wait_until (!yc_events_get_live (events), 20);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"kind\":\"hotline\",\"title\":\"12345 工单 %u\",\"clerk\":\"1001\"}", i);
      gint64 id = yc_test_assign_task (f->server, body);

      g_array_append_val (ids, id);
    }
  yc_test_run_for (200);
  g_assert_cmpuint (g_list_model_get_n_items (mine), ==, 0);

  /* Restored. */
  yc_client_set_base_url (f->client, url);
  yc_events_reconnect (events);
  yc_test_wait_until (g_list_model_get_n_items (mine) == 100 && news.assigned->len == 100, 30);
  /* The read after the reconnect changes nothing of it. */
  yc_test_run_for (REREAD_SETTLE_MS);
  g_assert_cmpuint (g_list_model_get_n_items (mine), ==, 100);
  for (guint i = 0; i < ids->len; i++)
    {
      g_assert_true (listed (mine, g_array_index (ids, gint64, i)));
      g_assert_cmpuint (times (news.assigned, g_array_index (ids, gint64, i)), ==, 1);
    }
  g_assert_cmpuint (news.assigned->len, ==, 100);
  g_assert_cmpuint (news.escalated->len, ==, 0);

  yc_client_logout (f->client);
  g_array_unref (news.assigned);
  g_array_unref (news.escalated);
}

static void
test_sync_survives_restart (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(YcSync) sync = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

  login (f->client, "1001", "123456");
  sync = yc_sync_new (f->client, f->store);
  yc_sync_set_backoff (sync, 20, 200);
  yc_sync_set_batch (sync, 7);

  enqueue_records (f, 10, records);
  yc_test_wait_until (yc_store_get_pending (f->store) == 0, 20);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM records"), ==, 10);

  /* Records go out in batches while the server stops under them: some batches arrive,
   * one may be cut off mid-push, the rest wait. */
  enqueue_records (f, 30, records);
  yc_test_wait_until (yc_sync_get_busy (sync), 10);
  g_clear_pointer (&f->server, yc_server_thread_stop);
  yc_test_wait_until (!yc_client_get_online (f->client), 20);
  g_assert_cmpuint (yc_store_get_pending (f->store), >, 0);
  g_test_message ("%u of 30 records waited for the server", yc_store_get_pending (f->store));

  start_server (f);
  yc_test_wait_until (yc_store_get_pending (f->store) == 0, 30);
  yc_test_wait_until (!yc_sync_get_busy (sync), 10);
  g_assert_true (yc_client_get_online (f->client));

  /* Every record is on the server, and nothing else is. */
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM records"), ==, 40);
  for (guint i = 0; i < records->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM records WHERE id = '%s'",
                                              yc_record_get_id (g_ptr_array_index (records, i)));
      g_assert_cmpint (server_count (f, sql), ==, 1);
    }
}

/* The answer to a push was lost: the desk sends again, the server stores nothing twice. */
static void
test_sync_lost_answer (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(YcSync) sync = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) pushed = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  login (f->client, "1001", "123456");
  enqueue_records (f, 5, records);
  yc_client_push_records_async (f->client, records, NULL, yc_test_result_cb, &pushed);
  AWAIT (pushed);
  results = yc_client_push_records_finish (f->client, pushed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 5);
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 5);

  sync = yc_sync_new (f->client, f->store);
  yc_sync_kick (sync);
  yc_test_wait_until (yc_store_get_pending (f->store) == 0, 20);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM records"), ==, 5);
}

/* More than the 4 MiB POST /records takes, waiting (docs/api.md, "Limits"): the real
 * server refuses such a body from its Content-Length and closes, which the desk would
 * read as a server out of reach for ever. Batches stay under the limit; a record too
 * large to go even alone is set aside, and the ones after it still go. */
static void
test_sync_large_batches (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(YcSync) sync = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *huge = NULL;

  login (f->client, "1001", "123456");
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (ids, enqueue_sized (f->store, 1536 * 1024));
  huge = enqueue_sized (f->store, 5 * 1024 * 1024);
  for (guint i = 0; i < 2; i++)
    g_ptr_array_add (ids, enqueue_sized (f->store, 100));

  sync = yc_sync_new (f->client, f->store);
  yc_sync_set_backoff (sync, 50, 400);
  yc_sync_kick (sync);
  yc_test_wait_until (yc_store_get_pending (f->store) == 0, 30);
  g_assert_true (yc_client_get_online (f->client));

  g_assert_cmpint (server_count (f, "SELECT count(*) FROM records"), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM records WHERE id = '%s'",
                                              (const char *) g_ptr_array_index (ids, i));
      g_assert_cmpint (server_count (f, sql), ==, 1);
    }
  g_assert_true (set_aside (f->desk_db, huge));
  /* And it asks for the clerk's attention, with its reason: never counted as sent. */
  yc_test_wait_until (g_list_model_get_n_items (yc_sync_get_attention (sync)) == 1, 30);
  {
    g_autoptr(YcOutboxEntry) entry = g_list_model_get_item (yc_sync_get_attention (sync), 0);

    g_assert_cmpstr (yc_outbox_entry_get_id (entry), ==, huge);
    g_assert_cmpint (yc_outbox_entry_get_state (entry), ==, YC_OUTBOX_REJECTED);
    g_assert_cmpstr (yc_outbox_entry_get_code (entry), ==, "too_large");
  }
  g_assert_cmpuint (yc_store_get_attention (f->store), ==, 1);
}

/* A proxy before the server that takes less than the server: a batch it refuses (413)
 * goes again at half its size, and the desk keeps to that size after, rather than trying
 * larger ones again; a record it refuses alone is set aside. */
typedef struct
{
  gsize limit;
  guint refused;       /* batches of more than one record refused */
  guint refused_alone;
  guint stored;
} Proxy;

static void
proxy_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  static const char too_large[] = "{\"error\":{\"code\":\"too_large\",\"message\":\"over the proxy's limit\"}}";
  Proxy *proxy = user_data;
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(GString) answer = g_string_new ("{\"results\":[");
  g_autoptr(JsonNode) root = NULL;
  JsonArray *records;

  if (g_str_equal (path, "/api/v1/sessions"))
    {
      reply_session (msg, "t");
      return;
    }
  root = json_from_string (request->data, NULL);
  g_assert_nonnull (root);
  records = json_object_get_array_member (json_node_get_object (root), "records");
  if ((gsize) request->length > proxy->limit)
    {
      if (json_array_get_length (records) > 1)
        proxy->refused++;
      else
        proxy->refused_alone++;
      soup_server_message_set_status (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, too_large, strlen (too_large));
      return;
    }
  for (guint i = 0; i < json_array_get_length (records); i++)
    g_string_append_printf (answer, "%s{\"id\":\"%s\",\"status\":\"stored\"}", i > 0 ? "," : "",
                            json_object_get_string_member (json_array_get_object_element (records, i), "id"));
  g_string_append (answer, "]}");
  proxy->stored += json_array_get_length (records);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer->str, answer->len);
}

static void
test_sync_proxy_limit (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(YcClient) client = NULL;
  g_autoptr(YcSync) sync = NULL;
  g_autofree char *url = NULL;
  g_autofree char *big = NULL;
  Proxy proxy = { .limit = 10 * 1024 };

  url = fake_server_url (server, proxy_handler, &proxy);
  client = yc_client_new (url);
  login (client, "1001", "123456");

  /* About 1 KiB each, 60 KiB in all, and one of 20 KiB among them. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = enqueue_sized (f->store, 1000);

      if (i == 10)
        big = enqueue_sized (f->store, 20 * 1024);
    }
  sync = yc_sync_new (client, f->store);
  yc_sync_set_backoff (sync, 50, 400);
  yc_sync_kick (sync);
  yc_test_wait_until (yc_store_get_pending (f->store) == 0, 30);

  g_assert_cmpuint (proxy.stored, ==, 40);
  g_assert_cmpuint (proxy.refused_alone, ==, 1);
  g_assert_true (set_aside (f->desk_db, big));
  g_test_message ("%u batches refused", proxy.refused);
  /* Halved until it fits, then kept: 60 KiB to under 10 KiB is three halvings, each
   * refused once, not a refusal after every batch that went through. */
  g_assert_cmpuint (proxy.refused, <=, 4);

  yc_sync_stop (sync);
  soup_server_disconnect (server);
}

/* The typed call pages through the catalogue and decodes each page strictly. */
static void
test_catalogue_pages (Fixture       *f,
                      gconstpointer  data)
{
  gint64 since = 0;
  guint entries = 0, pages = 0;
  gboolean more = TRUE;
  g_autofree char *epoch = NULL;

  login (f->client, "1001", "123456");
  while (more)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(YcCatalogueDelta) delta = NULL;

      yc_client_get_catalogue_async (f->client, since, 25, NULL, yc_test_result_cb, &result);
      AWAIT (result);
      delta = yc_client_get_catalogue_finish (f->client, result, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (delta->entries->len, <=, 25);
      if (epoch == NULL)
        epoch = g_strdup (delta->epoch);
      g_assert_cmpstr (delta->epoch, ==, epoch);
      entries += delta->entries->len;
      since = delta->revision;
      more = delta->more;
      pages++;
    }
  g_assert_cmpuint (pages, >, 1);
  g_assert_cmpint (since, ==, entries);
}

static void
on_number_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **number = user_data;

  *number = yc_cases_wait_number_finish (YC_CASES (object), result, NULL);
  if (*number == NULL)
    *number = g_strdup ("");   /* answered: none */
}

/* The clerk's cases: a refusal decided here is listed at once, waiting; a wait for its
 * number ends empty when nothing pushes it; once pushed, the push's answer gives the
 * number to the list and to the wait, and the centre's list adds the review's day. */
static void
test_cases_numbers (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(YcCases) cases = yc_cases_new (f->client);
  g_autoptr(YcSync) sync = NULL;
  g_autofree char *today = yc_time_today ();
  g_autofree char *text = g_strdup_printf (
    "{\"decision\":\"refused\",\"package\":null,\"items\":[\"990100-SCJG-XK-0001\"],\"title\":\"企业设立登记\","
    "\"ticket\":null,\"applicant\":{\"type\":\"person\",\"name\":\"王芳\",\"id_number\":\"410703197503081013\","
    "\"phone\":null,\"address\":null},\"agent\":null,\"fields\":{},\"materials\":[],\"accepted_on\":\"%s\","
    "\"refusal\":{\"category\":\"other\",\"legal_basis\":\"依据\",\"explanation\":\"说明\"}}", today);
  g_autoptr(JsonNode) body = json_from_string (text, NULL);
  g_autoptr(YcRecord) record = yc_record_new ("case", body);
  g_autoptr(GAsyncResult) enqueued = NULL;
  g_autofree char *none = NULL;
  g_autofree char *number = NULL;
  YcCaseEntry *entry;

  login (f->client, "1001", "123456");
  yc_cases_set_store (cases, f->store);
  yc_store_enqueue_async (f->store, record, NULL, yc_test_result_cb, &enqueued);
  AWAIT (enqueued);
  g_assert_true (yc_store_enqueue_finish (f->store, enqueued, NULL));

  yc_test_wait_until ((entry = yc_cases_lookup (cases, yc_record_get_id (record))) != NULL, 20);
  g_assert_cmpint (yc_case_entry_get_progress (entry), ==, YC_CASE_WAITING);
  g_assert_null (yc_case_entry_get_case_number (entry));
  /* Masked here: the full number stays in the record. */
  g_assert_cmpstr (yc_case_entry_get_masked_id (entry), ==, "4107**********1013");

  yc_cases_wait_number_async (cases, yc_record_get_id (record), 100, NULL, on_number_cb, &none);
  AWAIT (none);
  g_assert_cmpstr (none, ==, "");

  yc_cases_wait_number_async (cases, yc_record_get_id (record), 20000, NULL, on_number_cb, &number);
  sync = yc_sync_new (f->client, f->store);
  yc_sync_kick (sync);
  AWAIT (number);
  g_assert_true (g_str_has_prefix (number, "990100-"));
  entry = yc_cases_lookup (cases, yc_record_get_id (record));
  g_assert_cmpstr (yc_case_entry_get_case_number (entry), ==, number);
  g_assert_cmpint (yc_case_entry_get_progress (entry), ==, YC_CASE_UNDER_REVIEW);

  yc_cases_refresh (cases);
  yc_test_wait_until ((entry = yc_cases_lookup (cases, yc_record_get_id (record))) != NULL &&
                      yc_case_entry_get_review_due (entry) != NULL, 20);
  g_assert_cmpuint (g_list_model_get_n_items (yc_cases_get_model (cases)), ==, 1);
  g_assert_null (yc_cases_get_error (cases));
  yc_sync_stop (sync);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

static void
set_documents_language_cb (YcServer *server,
                           gpointer  language)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_server_db_set_documents_language (yc_server_get_db (server), language, &error));
  g_assert_no_error (error);
}

/* The language of the centre's papers, as the hall sets it, reaches the desk with its
 * session. */
static void
test_documents_language (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(YcClient) again = yc_client_new (yc_server_thread_get_url (f->server));

  login (f->client, "1001", "123456");
  g_assert_cmpstr (yc_client_get_session (f->client)->documents_language, ==, "zh_CN");
  yc_client_logout (f->client);

  yc_server_thread_invoke (f->server, set_documents_language_cb, (gpointer) "zh_TW");
  login (again, "1001", "123456");
  g_assert_cmpstr (yc_client_get_session (again)->documents_language, ==, "zh_TW");
  yc_client_logout (again);
}

/* Pushes a note of that text with yc_sync_push_record_async: its result, or NULL with
 * error; *stored whether it is in the outbox. */
static YcRecordResult *
push_note (YcSync      *sync,
           const char  *text,
           gboolean    *stored,
           GError     **error)
{
  g_autoptr(JsonNode) body = json_from_string (text, NULL);
  g_autoptr(YcRecord) record = yc_record_new ("note", body);
  g_autoptr(GAsyncResult) result = NULL;

  yc_sync_push_record_async (sync, record, NULL, NULL, NULL, yc_test_result_cb, &result);
  AWAIT (result);
  return yc_sync_push_record_finish (sync, result, stored, error);
}

/* A record pushed at once, whose writer waits for its answer: written first, whatever
 * follows; then the centre's answer, once the outbox has it. Nobody logged in, or the
 * server out of reach: the writer hears why, and the record stays to go as the outbox
 * does, in its turn. */
static void
test_sync_push_record (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(YcSync) sync = yc_sync_new (f->client, f->store);
  g_autoptr(YcRecordResult) answer = NULL;
  g_autoptr(GError) error = NULL;
  gboolean stored = FALSE;

  yc_sync_set_backoff (sync, 50, 400);

  answer = push_note (sync, "{\"text\": \"before the log-in\"}", &stored, &error);
  g_assert_null (answer);
  g_assert_error (error, YC_ERROR, YC_ERROR_UNAUTHORIZED);
  g_assert_true (stored);
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 1);
  g_clear_error (&error);

  /* Logged in, the one before goes first: both are answered by the time this is. */
  login (f->client, "1001", "123456");
  answer = push_note (sync, "{\"text\": \"online\"}", &stored, &error);
  g_assert_no_error (error);
  g_assert_true (stored);
  g_assert_nonnull (answer);
  g_assert_cmpint (answer->status, ==, YC_RECORD_STORED);
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 0);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM records WHERE kind = 'note'"), ==, 2);
  g_clear_pointer (&answer, yc_record_result_free);

  g_clear_pointer (&f->server, yc_server_thread_stop);
  answer = push_note (sync, "{\"text\": \"offline\"}", &stored, &error);
  g_assert_null (answer);
  g_assert_error (error, YC_ERROR, YC_ERROR_OFFLINE);
  g_assert_true (stored);
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 1);
  g_clear_error (&error);

  /* Back: it goes by itself. */
  start_server (f);
  yc_test_wait_until (yc_store_get_pending (f->store) == 0, 20);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM records WHERE kind = 'note'"), ==, 3);
  yc_sync_stop (sync);
}

/* What a clerk or an IT office types as a server's address. */
static void
test_normalize_url (void)
{
  const struct { const char *text; const char *url; } cases[] = {
    { "http://192.168.1.10:8470", "http://192.168.1.10:8470" },
    { " 192.168.1.10:8470/ ", "http://192.168.1.10:8470" },
    { "https://zwfw.example.gov.cn", "https://zwfw.example.gov.cn" },
    { "https://[::1]:8470/", "https://[::1]:8470" },
    { "zwfw-server", "http://zwfw-server" },
    { "", NULL },
    { "   ", NULL },
    { "ftp://192.168.1.10", NULL },
    { "zwfw center", NULL },
    { "http://", NULL },
    { "http:///api", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = yc_client_normalize_url (cases[i].text);

      g_assert_cmpstr (url, ==, cases[i].url);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/net/client/documents-language", test_documents_language);
  ADD ("/net/client/login-call-finish", test_login_call_finish);
  ADD ("/net/client/wrong-pin", test_wrong_pin);
  ADD ("/net/client/offline", test_offline);
  g_test_add_func ("/net/client/malformed-answers", test_malformed_answers);
  g_test_add_func ("/net/client/bad-url", test_bad_url);
  g_test_add_func ("/net/client/normalize-url", test_normalize_url);
  g_test_add_func ("/net/client/refusals", test_refusals);
  g_test_add_func ("/net/events/refused-old-session", test_events_refused_old_session);
  g_test_add_func ("/net/client/https", test_https);
  ADD ("/net/sync/survives-restart", test_sync_survives_restart);
  ADD ("/net/events/catch-up", test_events_catch_up);
  ADD ("/net/tasks/follow", test_tasks_follow);
  ADD ("/net/tasks/cut", test_tasks_cut);
  ADD ("/net/sync/lost-answer", test_sync_lost_answer);
  ADD ("/net/sync/large-batches", test_sync_large_batches);
  ADD ("/net/sync/proxy-limit", test_sync_proxy_limit);
  ADD ("/net/sync/push-record", test_sync_push_record);
  ADD ("/net/cases/numbers", test_cases_numbers);
  ADD ("/net/client/catalogue-pages", test_catalogue_pages);

  return g_test_run ();
}
