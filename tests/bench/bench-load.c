/* bench-load.c: the reference server under a hall of 500 windows, on loopback.
 *
 *   meson test -C _build --benchmark load
 *
 * A generated hall of 500 windows (each with its clerk logged in) serves 5,000 kiosk
 * tickets: each window calls, finishes, and calls again after a pause of 1 to 4 s (a
 * hall of 500 clerks at a hundred times their real pace, about 200 calls a second):
 * call-next latency p50/p99 and tickets served per second, and a check that no ticket
 * went to two windows. Then, with the 500 desks listening to the
 * event stream, 200 kiosk tickets one by one: the time from the kiosk's request to the
 * event at the first desk and at the last. Targets: call-next p99 ≤ 20 ms at 500 windows,
 * ticket-to-desk ≤ 100 ms. Prints one JSON object. */
#include <arpa/inet.h>
#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench-http.h"
#include "core/yc-error.h"
#include "core/yc-wire.h"
#include "server/yc-server-db.h"
#include "server/yc-server-thread.h"
#include "bench-util.h"
#include "../test-util.h"

#define N_WINDOWS 500
#define N_TICKETS 5000
#define N_PROBES  200
#define N_KIOSKS  8
#define N_TICKETS_LISTENING 300
#define N_CALLING_LISTENING 100

/* Each window is a thread of its own with a kept-alive connection, as 500 desks are 500
 * machines: what is measured is the server, not a load generator's main loop juggling
 * a thousand sockets. */
typedef struct
{
  guint16     port;
  GPtrArray  *tokens;      /* char *, by window − 1 */
  char       *kiosk;       /* the kiosks' device token */
  GMutex      lock;
  GArray     *call_ms;     /* under lock */
  GArray     *kiosk_ms;    /* under lock */
  GHashTable *served;      /* ticket id → window, under lock */
  guint       doubles;     /* tickets called twice, under lock */
  guint       issued;      /* kiosk tickets started, atomic */
  guint       to_issue;
  guint       running;     /* window threads still calling, atomic */
  guint       pause_ms[2]; /* a clerk serves a citizen for between these */
} Load;

typedef struct
{
  Load     *load;
  guint     window;        /* 0 for a kiosk */
  BenchConn conn;
} Client;

static void
client_connect (Client *client)
{
  bench_conn_open (&client->conn, client->load->port, NULL);
}

static guint
client_request (Client     *client,
                const char *method,
                const char *path,
                const char *token,
                const char *body,
                char      **answer)
{
  return bench_conn_request (&client->conn, method, path, token, body, answer);
}

static gint64
member_id (const char *json)
{
  g_autoptr(JsonNode) node = yc_wire_parse_object (json, strlen (json), YC_ERROR_PROTOCOL, NULL);

  g_assert_nonnull (node);
  return json_object_get_int_member (json_node_get_object (node), "id");
}

/* A kiosk: issues tickets until N_TICKETS are out. */
static gpointer
kiosk_thread (gpointer data)
{
  Client *client = data;
  Load *load = client->load;

  client_connect (client);
  while ((guint) g_atomic_int_add (&load->issued, 1) < load->to_issue)
    {
      g_autofree char *answer = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      g_assert_cmpuint (client_request (client, "POST", "/api/v1/tickets", load->kiosk,
                                        g_random_boolean () ? "{\"service\":\"A\"}" : "{\"service\":\"B\"}", &answer),
                        ==, 201);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_mutex_lock (&load->lock);
      g_array_append_val (load->kiosk_ms, ms);
      g_mutex_unlock (&load->lock);
    }
  bench_conn_close (&client->conn);
  return NULL;
}

/* A window: call, serve (a pause), finish, call again, until nobody waits. */
static gpointer
window_thread (gpointer data)
{
  Client *client = data;
  Load *load = client->load;
  const char *token = g_ptr_array_index (load->tokens, client->window - 1);
  g_autofree char *call_path = g_strdup_printf ("/api/v1/windows/%u/call-next", client->window);
  g_autoptr(GRand) rand = g_rand_new ();

  client_connect (client);
  /* Clerks do not all press at once. */
  g_usleep ((gulong) g_rand_int_range (rand, 0, 4000) * 1000);
  for (;;)
    {
      g_autofree char *answer = NULL;
      g_autofree char *finish = NULL;
      gint64 t0 = g_get_monotonic_time ();
      guint status = client_request (client, "POST", call_path, token, NULL, &answer);
      double ms = (g_get_monotonic_time () - t0) / 1000.0;
      gint64 id;

      g_mutex_lock (&load->lock);
      g_array_append_val (load->call_ms, ms);
      g_mutex_unlock (&load->lock);
      if (status == 204)
        break;
      g_assert_cmpuint (status, ==, 200);
      id = member_id (answer);
      g_mutex_lock (&load->lock);
      if (g_hash_table_contains (load->served, GINT_TO_POINTER (id)))
        load->doubles++;
      g_hash_table_insert (load->served, GINT_TO_POINTER (id), GUINT_TO_POINTER (client->window));
      g_mutex_unlock (&load->lock);

      g_usleep ((gulong) g_rand_int_range (rand, (gint32) load->pause_ms[0], (gint32) load->pause_ms[1]) * 1000);
      finish = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/finish", id);
      g_assert_cmpuint (client_request (client, "POST", finish, token, NULL, NULL), ==, 200);
    }
  bench_conn_close (&client->conn);
  g_atomic_int_dec_and_test (&load->running);
  return NULL;
}

/* Threads of 64 KiB stacks: 500 of them are cheap. */
static pthread_t
start_thread (void *(*func) (void *),
              Client *client)
{
  pthread_attr_t attr;
  pthread_t thread;

  pthread_attr_init (&attr);
  pthread_attr_setstacksize (&attr, 256 * 1024);
  g_assert_cmpint (pthread_create (&thread, &attr, func, client), ==, 0);
  pthread_attr_destroy (&attr);
  return thread;
}

/* A desk listening to the event stream: when it saw each ticket. */
typedef struct
{
  GHashTable *seen;   /* number → gint64 µs, the first time */
  gboolean    recording;
} Desk;

static void
on_event_cb (SoupWebsocketConnection *conn,
             SoupWebsocketDataType    type,
             GBytes                  *message,
             Desk                    *desk)
{
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  g_autoptr(JsonNode) event = NULL;
  JsonObject *body;
  gint64 *at;

  /* Each desk is a machine of its own; here 500 share a thread: only the probes' tickets
   * are read. */
  if (!desk->recording || g_strstr_len (data, (gssize) length, "\"ticket.issued\"") == NULL)
    return;
  event = yc_wire_parse_object (data, length, YC_ERROR_PROTOCOL, NULL);
  if (event == NULL || g_strcmp0 (json_object_get_string_member (json_node_get_object (event), "kind"),
                                  "ticket.issued") != 0)
    return;
  body = json_object_get_object_member (json_node_get_object (event), "body");
  at = g_new (gint64, 1);
  *at = g_get_monotonic_time ();
  g_hash_table_insert (desk->seen,
                       g_strdup (json_object_get_string_member (json_object_get_object_member (body, "ticket"), "number")),
                       at);
}

/* The kiosks issue n tickets, as fast as the server takes them; how long it took, µs. */
static gint64
run_kiosks (Load  *load,
            guint  n)
{
  Client kiosks[N_KIOSKS] = { 0 };
  pthread_t threads[N_KIOSKS];
  gint64 start = g_get_monotonic_time ();

  load->issued = 0;
  load->to_issue = n;
  for (guint i = 0; i < N_KIOSKS; i++)
    {
      kiosks[i].load = load;
      threads[i] = start_thread (kiosk_thread, &kiosks[i]);
    }
  for (guint i = 0; i < N_KIOSKS; i++)
    pthread_join (threads[i], NULL);
  return g_get_monotonic_time () - start;
}

/* The first n_windows windows call and finish, one request at a time, serving each
 * citizen for between min_ms and max_ms, until nobody waits (n tickets served, each
 * once); the main context runs meanwhile, for the desks. How long, µs. */
static gint64
run_windows (Load  *load,
             guint  n_windows,
             guint  min_ms,
             guint  max_ms,
             guint  n)
{
  g_autofree Client *clients = g_new0 (Client, n_windows);
  g_autofree pthread_t *threads = g_new0 (pthread_t, n_windows);
  gint64 start = g_get_monotonic_time ();

  g_hash_table_remove_all (load->served);
  load->running = n_windows;
  load->pause_ms[0] = min_ms;
  load->pause_ms[1] = max_ms;
  for (guint i = 0; i < n_windows; i++)
    {
      clients[i].load = load;
      clients[i].window = i + 1;
      threads[i] = start_thread (window_thread, &clients[i]);
    }
  yc_test_wait_until (g_atomic_int_get (&load->running) == 0, 600);
  for (guint i = 0; i < n_windows; i++)
    pthread_join (threads[i], NULL);
  g_assert_cmpuint (g_hash_table_size (load->served), ==, n);
  g_assert_cmpuint (load->doubles, ==, 0);
  return g_get_monotonic_time () - start;
}

static SoupMessage *
request (const char *base,
         const char *method,
         const char *path,
         const char *token,
         const char *body)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

int
main (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-bench-load-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (dir, "server.db", NULL);
  /* One address for a hall of desks, logging in all at once: no caps in the way. */
  YcServerOptions options = { .db_path = db_path,
                              .config = { .max_per_address = 4000, .max_connections = 8000,
                                          .login_burst = 1000 } };
  g_autofree char *kiosk = NULL;
  YcServerThread *server;
  g_autoptr(SoupSession) soup = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) call_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) kiosk_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) probe_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) first_desk_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) last_desk_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) served = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree Desk *desks = g_new0 (Desk, N_WINDOWS);
  const char *base;
  Load load = { 0 };
  g_autoptr(GArray) listening_call_ms = NULL;
  gint64 kiosk_us, load_us, listening_us;

  /* The hall, seeded before the server starts; server, windows and desks in one process. */
  kiosk = bench_seed_hall (db_path, N_WINDOWS);
  server = yc_server_thread_start (&options, &error);
  g_assert_no_error (error);
  base = yc_server_thread_get_url (server);
  uri = g_uri_parse (base, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  load.port = (guint16) g_uri_get_port (uri);
  load.tokens = tokens;
  load.kiosk = kiosk;
  load.call_ms = call_ms;
  load.kiosk_ms = kiosk_ms;
  load.served = served;
  g_mutex_init (&load.lock);

  /* Every clerk logs in at their window. */
  {
    Client login = { .load = &load };

    client_connect (&login);
    for (guint i = 1; i <= N_WINDOWS; i++)
      {
        g_autofree char *body = g_strdup_printf ("{\"clerk\":\"c%u\",\"pin\":\"123456\",\"window\":%u}", i, i);
        g_autofree char *answer = NULL;
        g_autoptr(JsonNode) session = NULL;

        g_assert_cmpuint (client_request (&login, "POST", "/api/v1/sessions", NULL, body, &answer), ==, 201);
        session = yc_wire_parse_object (answer, strlen (answer), YC_ERROR_PROTOCOL, NULL);
        g_ptr_array_add (tokens, g_strdup (json_object_get_string_member (json_node_get_object (session), "token")));
      }
    bench_conn_close (&login.conn);
  }

  /* The morning queue, then the windows serve it. */
  kiosk_us = run_kiosks (&load, N_TICKETS);
  g_printerr ("%d windows logged in, %d tickets issued in %.1f s\n", N_WINDOWS, N_TICKETS, kiosk_us / 1e6);
  /* 1 to 4 s a citizen: a hall at a hundred times a real clerk's pace, about 200 calls
   * a second. */
  load_us = run_windows (&load, N_WINDOWS, 1000, 4000, N_TICKETS);
  g_printerr ("served in %.1f s\n", load_us / 1e6);

  soup = soup_session_new_with_options ("max-conns", N_WINDOWS + 8, "max-conns-per-host", N_WINDOWS + 8,
                                        "timeout", 120, NULL);
  /* 500 desks listening; kiosk tickets one by one. */
  for (guint i = 0; i < N_WINDOWS; i++)
    {
      g_autoptr(SoupMessage) msg = request (base, "GET", "/api/v1/events", g_ptr_array_index (tokens, i), NULL);
      g_autoptr(GAsyncResult) result = NULL;
      SoupWebsocketConnection *conn;

      soup_session_websocket_connect_async (soup, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                            yc_test_result_cb, &result);
      yc_test_wait_until (result != NULL, 30);
      conn = soup_session_websocket_connect_finish (soup, result, &error);
      g_assert_no_error (error);
      desks[i].seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      desks[i].recording = TRUE;
      g_signal_connect (conn, "message", G_CALLBACK (on_event_cb), &desks[i]);
      g_ptr_array_add (sockets, conn);
    }
  for (guint p = 0; p < N_PROBES; p++)
    {
      g_autoptr(SoupMessage) msg = request (base, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"B\"}");
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(JsonNode) ticket = NULL;
      const char *number;
      gint64 t0 = g_get_monotonic_time ();
      gint64 first = G_MAXINT64, last = 0;
      double ms;

      soup_session_send_and_read_async (soup, msg, G_PRIORITY_DEFAULT, NULL, yc_test_result_cb, &result);
      yc_test_wait_until (result != NULL, 30);
      bytes = soup_session_send_and_read_finish (soup, result, &error);
      g_assert_no_error (error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (probe_ms, ms);
      ticket = yc_wire_parse_object (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), YC_ERROR_PROTOCOL, NULL);
      number = json_object_get_string_member (json_node_get_object (ticket), "number");
      for (guint i = 0; i < N_WINDOWS; i++)
        {
          gint64 *at;

          yc_test_wait_until ((at = g_hash_table_lookup (desks[i].seen, number)) != NULL, 30);
          first = MIN (first, *at);
          last = MAX (last, *at);
        }
      ms = (first - t0) / 1000.0;
      g_array_append_val (first_desk_ms, ms);
      ms = (last - t0) / 1000.0;
      g_array_append_val (last_desk_ms, ms);
    }

  /* Again with the 500 desks listening, each call, finish and ticket going out to 500
   * streams: 100 windows at 5 to 15 s a citizen, 10 calls a second, five times the
   * pace of a busy hall of 500 windows (a call every four minutes at each). */
  for (guint i = 0; i < N_WINDOWS; i++)
    desks[i].recording = FALSE;
  listening_call_ms = load.call_ms = g_array_new (FALSE, FALSE, sizeof (double));
  run_kiosks (&load, N_TICKETS_LISTENING);
  /* The probes' tickets wait in the queue too. */
  listening_us = run_windows (&load, N_CALLING_LISTENING, 5000, 15000, N_TICKETS_LISTENING + N_PROBES);
  g_printerr ("served in %.1f s with the desks listening\n", listening_us / 1e6);

  printf ("{\"benchmark\":\"load\",\"windows\":%d,\"kiosks\":%d,\"tickets\":%d,"
          "\"kiosk_ms\":{\"p50\":%.2f,\"p99\":%.2f},\"issued_per_s\":%.0f,"
          "\"call_next_ms\":{\"p50\":%.2f,\"p99\":%.2f,\"max\":%.2f},\"served_per_s\":%.0f,\"served_twice\":%u,"
          "\"listening_desks\":%d,\"probe_kiosk_ms\":{\"p50\":%.2f,\"p99\":%.2f},"
          "\"listening_calling_windows\":%d,"
          "\"listening_call_next_ms\":{\"p50\":%.2f,\"p99\":%.2f,\"max\":%.2f},\"listening_served_per_s\":%.1f,"
          "\"ticket_to_first_desk_ms\":{\"p50\":%.2f,\"p99\":%.2f},"
          "\"ticket_to_last_desk_ms\":{\"p50\":%.2f,\"p99\":%.2f,\"max\":%.2f},"
          "\"targets\":{\"call_next_p99_ms\":20,\"ticket_to_desk_ms\":100}}\n",
          N_WINDOWS, N_KIOSKS, N_TICKETS,
          bench_percentile (kiosk_ms, 0.5), bench_percentile (kiosk_ms, 0.99), N_TICKETS / (kiosk_us / 1e6),
          bench_percentile (call_ms, 0.5), bench_percentile (call_ms, 0.99), bench_percentile (call_ms, 1.0),
          N_TICKETS / (load_us / 1e6), load.doubles,
          N_WINDOWS, bench_percentile (probe_ms, 0.5), bench_percentile (probe_ms, 0.99),
          N_CALLING_LISTENING, bench_percentile (listening_call_ms, 0.5), bench_percentile (listening_call_ms, 0.99),
          bench_percentile (listening_call_ms, 1.0), (N_TICKETS_LISTENING + N_PROBES) / (listening_us / 1e6),
          bench_percentile (first_desk_ms, 0.5), bench_percentile (first_desk_ms, 0.99),
          bench_percentile (last_desk_ms, 0.5), bench_percentile (last_desk_ms, 0.99),
          bench_percentile (last_desk_ms, 1.0));

  for (guint i = 0; i < sockets->len; i++)
    soup_websocket_connection_close (g_ptr_array_index (sockets, i), SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  for (guint i = 0; i < N_WINDOWS; i++)
    g_clear_pointer (&desks[i].seen, g_hash_table_unref);
  g_clear_object (&soup);
  g_mutex_clear (&load.lock);
  yc_server_thread_stop (server);
  yc_test_remove_tree (dir);
  return 0;
}
