/* bench-platform.c: the city's platform against one hall's server, in the same run.
 *
 *   meson test -C _build --benchmark platform
 *
 * The same hall of 25 windows, each with its clerk logged in and calling (a pause of 0.1
 * to 0.4 s between visits), while a kiosk issues 50 tickets a second for 20 seconds:
 * first one yichuang-server process on an SQLite file, then two processes on one
 * PostgreSQL database (the windows shared between them, the kiosk on the first, a desk
 * listening on the second). Figures: call-next p50/p99, and ticket-to-desk p99, the time
 * from the kiosk's request to the ticket's event at the listening desk, across the two
 * processes on PostgreSQL. Targets: call-next p99 ≤ 20 ms, ticket-to-desk p99 ≤ 100 ms.
 * Then a city: 20 halls of 25 windows in one PostgreSQL database, served by the same two
 * processes, the kiosks' 50 tickets a second shared among the halls (each hall's kiosk on
 * the first process, a desk of each hall listening on the second); a clerk there waits 1
 * to 3 s between visits and 2.5 to 7.5 s when nobody waits (a desk shows who waits from its event
 * stream: 500 clerks pressing call-next every 50 ms at an empty queue, as the 25 above
 * do, would be 10,000 writes a second no city makes). Each run calls at the empty queues
 * for WARMUP_SECONDS before the kiosks start, not counted: each process prepares its
 * statements for each hall once, as a server does in its first minute.
 * The PostgreSQL runs are in a private cluster (tools/pg-test-cluster, as meson runs
 * it); without one they are left out, and the JSON says so. Prints one JSON object. */
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "core/yc-error.h"
#include "core/yc-wire.h"
#include "server/yc-sql.h"
#include "bench-util.h"
#include "../test-util.h"
#include "../test-server-util.h"

#define N_WINDOWS 25
#define RATE      50
#define SECONDS   20
#define WARMUP_SECONDS 5
#define CITY_HALLS 20
#define MAX_HALLS  CITY_HALLS

typedef struct
{
  const char *base;
  char       *token;
  int         window;
  guint       seed;
  int         pause_min_ms;  /* after a visit, from … */
  int         pause_max_ms;  /* … to */
  int         empty_ms;      /* when nobody waits, on average (from half to one and a half) */
  GArray     *latencies;   /* double ms of each call-next … */
  gint64      measure_from;  /* … from this moment (monotonic µs): the kiosk's start */
  gint       *stop;
} Window;

static gpointer
window_thread (gpointer data)
{
  Window *w = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) soup = (g_main_context_push_thread_default (context), soup_session_new ());
  g_autofree char *call = g_strdup_printf ("/api/v1/windows/%d/call-next", w->window);
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) w->seed);

  /* Clerks come to their windows one by one, not at one instant. */
  g_usleep ((gulong) g_rand_int_range (rand, 0, w->empty_ms) * 1000);
  while (!g_atomic_int_get (w->stop))
    {
      g_autoptr(JsonNode) called = NULL;
      gint64 start = g_get_monotonic_time ();
      guint status = yc_test_http (soup, w->base, "POST", call, w->token, NULL, &called);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      if (start >= w->measure_from)
        g_array_append_val (w->latencies, ms);
      if (status == 200 && called != NULL)
        {
          g_autofree char *finish = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/finish",
                                                     json_object_get_int_member (json_node_get_object (called), "id"));

          yc_test_http (soup, w->base, "POST", finish, w->token, NULL, NULL);
          g_usleep ((gulong) g_rand_int_range (rand, w->pause_min_ms, w->pause_max_ms) * 1000);
        }
      else
        g_usleep ((gulong) g_rand_int_range (rand, w->empty_ms / 2, w->empty_ms * 3 / 2 + 1) * 1000);
    }
  g_clear_object (&soup);
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* When each ticket was asked for, and when its event came to the desk: whichever is
 * known second makes the sample. */
typedef struct
{
  GMutex      lock;
  GHashTable *asked;     /* id → gint64 µs */
  GHashTable *heard;     /* id → gint64 µs */
  GArray     *to_desk;   /* double ms */
} Arrivals;

static void
arrival (Arrivals *a,
         gint64    id,
         gint64    at,
         gboolean  asked)
{
  GHashTable *mine = asked ? a->asked : a->heard;
  GHashTable *other = asked ? a->heard : a->asked;
  gpointer found;

  g_mutex_lock (&a->lock);
  if (g_hash_table_lookup_extended (other, &id, NULL, &found))
    {
      gint64 then = *(gint64 *) found;
      double ms = (asked ? then - at : at - then) / 1000.0;

      g_array_append_val (a->to_desk, ms);
      g_hash_table_remove (other, &id);
    }
  else
    g_hash_table_insert (mine, g_memdup2 (&id, sizeof id), g_memdup2 (&at, sizeof at));
  g_mutex_unlock (&a->lock);
}

/* A ticket's key among all halls': ids are counted in each hall. */
#define TICKET_KEY(hall, id) ((gint64) (hall) * G_GINT64_CONSTANT (1000000000) + (id))

typedef struct
{
  const char *base;
  char       *tokens[MAX_HALLS];   /* a kiosk of each hall */
  guint       n_halls;
  Arrivals   *arrivals;
  gint64      start;       /* monotonic µs */
  guint       issued;
  gint       *done;
} Kiosk;

static gpointer
kiosk_thread (gpointer data)
{
  Kiosk *k = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) soup = (g_main_context_push_thread_default (context), soup_session_new ());
  gint64 start = k->start;

  for (guint i = 0; i < RATE * SECONDS; i++)
    {
      g_autoptr(JsonNode) ticket = NULL;
      gint64 due = start + (gint64) i * G_USEC_PER_SEC / RATE;
      gint64 asked;

      if (due > g_get_monotonic_time ())
        g_usleep ((gulong) (due - g_get_monotonic_time ()));
      asked = g_get_monotonic_time ();
      if (yc_test_http (soup, k->base, "POST", "/api/v1/tickets", k->tokens[i % k->n_halls],
                (i / k->n_halls) % 3 == 0 ? "{\"service\":\"B\"}" : "{\"service\":\"A\"}", &ticket) == 201 &&
          ticket != NULL)
        {
          arrival (k->arrivals, TICKET_KEY (i % k->n_halls, json_object_get_int_member (json_node_get_object (ticket), "id")),
                   asked, TRUE);
          k->issued++;
        }
    }
  g_clear_object (&soup);
  g_main_context_pop_thread_default (context);
  g_atomic_int_set (k->done, 1);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* A desk of one hall, listening. */
typedef struct
{
  Arrivals *arrivals;
  guint     hall;
} Listener;

static void
on_event_cb (SoupWebsocketConnection *conn,
             SoupWebsocketDataType    type,
             GBytes                  *message,
             Listener                *listener)
{
  gint64 at = g_get_monotonic_time ();
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  g_autoptr(JsonNode) event = yc_wire_parse_object (data, length, YC_ERROR_PROTOCOL, NULL);
  JsonObject *object;

  if (event == NULL)
    return;
  object = json_node_get_object (event);
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "kind", ""), "ticket.issued") != 0)
    return;
  arrival (listener->arrivals,
           TICKET_KEY (listener->hall, json_object_get_int_member (json_object_get_object_member (json_object_get_object_member (object, "body"),
                                                                                                  "ticket"), "id")), at, FALSE);
}

static GSubprocess *
start_server (const char  *db,
              char       **url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv ("YICHUANG_SERVER_BIN"),
                                           "--listen", "127.0.0.1:0", "--db", db, "--demo-data",
                                           "--max-per-address", "1000", NULL);

  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (line != NULL && g_str_has_prefix (line, "listening on "));
  *url = g_strdup (line + strlen ("listening on "));
  return process;
}

static char *
run_command (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  char *out = NULL;

  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  return g_strstrip (out);
}

/* Windows 6–25 beside the demo's five, serving A and B, with their clerks (numbered
 * from base, the PIN of base + 1), in SQL both engines speak; in schema's tables (NULL:
 * the first hall's). */
static void
add_windows (const char *db,
             const char *schema,
             guint       base)
{
  g_autoptr(GError) error = NULL;
  YcSql *sql = yc_sql_open (db, &error);
  g_autofree char *path = schema != NULL ? g_strdup_printf ("SET search_path TO \"%s\", public;", schema) : g_strdup ("");
  g_autofree char *script = g_strdup_printf (
    "%s"
    "WITH RECURSIVE w (n) AS (SELECT 6 UNION ALL SELECT n + 1 FROM w WHERE n < 25)"
    " INSERT INTO windows (id, name, zone) SELECT n, n || '号窗口', '综合受理区' FROM w;"
    "WITH RECURSIVE w (n) AS (SELECT 6 UNION ALL SELECT n + 1 FROM w WHERE n < 25)"
    " INSERT INTO window_services (window_id, service)"
    " SELECT n, s FROM w, (SELECT 'A' AS s UNION SELECT 'B') v;"
    "WITH RECURSIVE w (n) AS (SELECT 6 UNION ALL SELECT n + 1 FROM w WHERE n < 25)"
    " INSERT INTO clerks (id, name, salt, pin_hash)"
    " SELECT CAST (%u + n AS text), '测试' || n, salt, pin_hash FROM clerks, w WHERE id = '%u';"
    "WITH RECURSIVE w (n) AS (SELECT 6 UNION ALL SELECT n + 1 FROM w WHERE n < 25)"
    " INSERT INTO clerk_windows (clerk, window_id) SELECT CAST (%u + n AS text), n FROM w;",
    path, base, base + 1, base);

  g_assert_no_error (error);
  if (!yc_sql_exec (sql, script))
    g_error ("%s", yc_sql_errmsg (sql));
  yc_sql_close (sql);
}

/* Hall h of the city (h ≥ 1): the demo hall's data under code 9901HH-ZWFW, its staff
 * numbered from h × 100000 + 1000, added as an administrator adds one. Its schema. */
static char *
add_hall (const char *db,
          const char *dir,
          guint       h)
{
  g_autofree char *code = g_strdup_printf ("9901%02u-ZWFW", h);
  g_autofree char *name = g_strdup_printf ("示范%u区政务服务中心", h);
  g_autofree char *file = yc_test_write_demo_hall (dir, code, name, h * 100000);
  g_autofree char *out = NULL;
  const char *argv[] = { g_getenv ("YICHUANG_SERVER_BIN"), "--db", db, "--add-hall", file, NULL };

  out = run_command (argv);
  g_assert_true (g_str_has_prefix (out, "hall "));
  return g_strdup_printf ("hall_9901%02u_zwfw", h);
}

/* A clerk's session at window, as a log-in makes it (a token and its SHA-256), written
 * straight into the database: twenty-five log-ins from one address in a second are what
 * the server's log-in limit refuses, rightly. In the hall of schema and code (NULL: the
 * first), whose tokens start with its code. */
static char *
open_session (const char *db,
              const char *schema,
              const char *code,
              guint       clerk,
              guint       window)
{
  g_autoptr(GError) error = NULL;
  char *token = g_strdup_printf ("%s%sbench-%u-%08x%08x", code ? code : "", code ? "." : "", window, g_random_int (),
                                 g_random_int ());
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  gint64 until = g_get_real_time () / G_USEC_PER_SEC + 12 * 3600;
  g_autofree char *table = schema != NULL ? g_strdup_printf ("\"%s\".sessions", schema) : g_strdup ("sessions");
  g_autofree char *insert = g_strdup_printf ("INSERT INTO %s (token_hash, clerk, role, window_id, address,"
                                             " created_at, expires, idle_until) VALUES ('%s', '%u', 'clerk', %u,"
                                             " '127.0.0.1', '2026-01-01T08:00:00+08:00', %" G_GINT64_FORMAT ", %"
                                             G_GINT64_FORMAT ")", table, hash, clerk, window, until, until);
  YcSql *sql = yc_sql_open (db, &error);

  g_assert_no_error (error);
  if (!yc_sql_exec (sql, insert))
    g_error ("%s", yc_sql_errmsg (sql));
  yc_sql_close (sql);
  return token;
}

/* One run: n_processes servers on db, n_halls halls of N_WINDOWS windows; its figures as
 * a JSON object's text. */
static char *
run (const char *db,
     const char *dir,
     guint       n_processes,
     guint       n_halls)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *processes[2] = { NULL };
  char *urls[2] = { NULL };
  guint n_windows = N_WINDOWS * n_halls;
  g_autofree Window *windows = g_new0 (Window, n_windows);
  g_autofree GThread **threads = g_new0 (GThread *, n_windows);
  SoupWebsocketConnection *conns[MAX_HALLS] = { NULL };
  Listener listeners[MAX_HALLS];
  GThread *kiosk_runner;
  Arrivals arrivals = { 0 };
  Kiosk kiosk = { 0 };
  gint stop = 0, done = 0;
  g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(SoupSession) soup = soup_session_new ();
  const char *listening;
  char *figures;

  g_assert (n_halls <= MAX_HALLS);
  for (guint p = 0; p < n_processes; p++)
    processes[p] = start_server (db, &urls[p]);
  /* The first hall is the demo's; the others are added while the processes run. */
  for (guint h = 0; h < n_halls; h++)
    {
      g_autofree char *schema = h > 0 ? add_hall (db, dir, h) : NULL;
      g_autofree char *code = h > 0 ? g_strdup_printf ("9901%02u-ZWFW", h) : NULL;
      guint base = h * 100000 + 1000;
      const char *argv[] = { g_getenv ("YICHUANG_SERVER_BIN"), "--db", db, "--add-device", "bench kiosk",
                             "--role", "kiosk", code != NULL ? "--hall" : NULL, code, NULL };

      add_windows (db, schema, base);
      kiosk.tokens[h] = run_command (argv);
      for (guint i = 0; i < N_WINDOWS; i++)
        {
          Window *w = &windows[h * N_WINDOWS + i];

          w->window = (int) i + 1;
          w->seed = h * N_WINDOWS + i + 1;
          /* The windows shared between the processes. */
          w->base = urls[i * n_processes / N_WINDOWS];
          w->token = open_session (db, schema, code, base + 1 + i, i + 1);
          w->latencies = g_array_new (FALSE, FALSE, sizeof (double));
          w->stop = &stop;
          w->pause_min_ms = n_halls > 1 ? 1000 : 100;
          w->pause_max_ms = n_halls > 1 ? 3000 : 400;
          w->empty_ms = n_halls > 1 ? 5000 : 50;
        }
    }

  /* A desk of each hall listens on the last process; the kiosks ask the first. */
  g_mutex_init (&arrivals.lock);
  arrivals.asked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  arrivals.heard = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  arrivals.to_desk = g_array_new (FALSE, FALSE, sizeof (double));
  listening = urls[n_processes - 1];
  for (guint h = 0; h < n_halls; h++)
    {
      g_autofree char *url = g_strconcat (listening, "/api/v1/events", NULL);
      g_autofree char *bearer = g_strconcat ("Bearer ", windows[h * N_WINDOWS + N_WINDOWS - 1].token, NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GAsyncResult) result = NULL;

      listeners[h].arrivals = &arrivals;
      listeners[h].hall = h;
      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
      soup_session_websocket_connect_async (soup, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, yc_test_result_cb, &result);
      yc_test_wait_until (result != NULL, 10);
      conns[h] = soup_session_websocket_connect_finish (soup, result, &error);
      g_assert_no_error (error);
      soup_websocket_connection_set_max_incoming_payload_size (conns[h], 0);
      g_signal_connect (conns[h], "message", G_CALLBACK (on_event_cb), &listeners[h]);
    }

  /* WARMUP_SECONDS of calls to an empty queue first, not counted: each process prepares
   * its statements for each hall once, as a server does in its first minute. */
  kiosk.start = g_get_monotonic_time () + WARMUP_SECONDS * G_USEC_PER_SEC;
  for (guint i = 0; i < n_windows; i++)
    {
      windows[i].measure_from = kiosk.start;
      threads[i] = g_thread_new ("window", window_thread, &windows[i]);
    }
  kiosk.base = urls[0];
  kiosk.n_halls = n_halls;
  kiosk.arrivals = &arrivals;
  kiosk.done = &done;
  kiosk_runner = g_thread_new ("kiosk", kiosk_thread, &kiosk);
  yc_test_wait_until (g_atomic_int_get (&done), WARMUP_SECONDS + SECONDS * 4);
  /* The last tickets' events. */
  yc_test_run_for (1000);
  g_atomic_int_set (&stop, 1);
  g_thread_join (kiosk_runner);
  for (guint i = 0; i < n_windows; i++)
    {
      g_thread_join (threads[i]);
      g_array_append_vals (calls, windows[i].latencies->data, windows[i].latencies->len);
      g_array_unref (windows[i].latencies);
      g_free (windows[i].token);
    }
  for (guint h = 0; h < n_halls; h++)
    {
      soup_websocket_connection_close (conns[h], SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (conns[h]);
      g_free (kiosk.tokens[h]);
    }

  figures = g_strdup_printf ("{\"processes\": %u, \"halls\": %u, \"windows\": %u, \"tickets\": %u, \"calls\": %u,"
                             " \"call_next_p50_ms\": %.1f, \"call_next_p99_ms\": %.1f,"
                             " \"ticket_to_desk_p50_ms\": %.1f, \"ticket_to_desk_p99_ms\": %.1f, \"heard\": %u}",
                             n_processes, n_halls, n_windows, kiosk.issued, calls->len,
                             bench_percentile (calls, 0.50), bench_percentile (calls, 0.99),
                             bench_percentile (arrivals.to_desk, 0.50), bench_percentile (arrivals.to_desk, 0.99),
                             arrivals.to_desk->len);
  for (guint p = 0; p < n_processes; p++)
    {
      g_subprocess_send_signal (processes[p], SIGTERM);
      g_subprocess_wait (processes[p], NULL, NULL);
      g_object_unref (processes[p]);
      g_free (urls[p]);
    }
  g_hash_table_unref (arrivals.asked);
  g_hash_table_unref (arrivals.heard);
  g_array_unref (arrivals.to_desk);
  g_mutex_clear (&arrivals.lock);
  return figures;
}

/* A new database of the cluster, as a URL. */
static char *
new_database (const char *cluster,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", name);
  YcSql *admin = yc_sql_open (cluster, &error);

  g_assert_no_error (error);
  if (!yc_sql_exec (admin, create))
    g_error ("%s", yc_sql_errmsg (admin));
  yc_sql_close (admin);
  return g_strdup_printf ("postgresql:///%s%s", name, strchr (cluster, '?'));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-bench-platform-XXXXXX", &error);
  g_autofree char *file = NULL;
  g_autofree char *lite = NULL;
  g_autofree char *pg = NULL;
  g_autofree char *city = NULL;
  const char *cluster = g_getenv ("YICHUANG_TEST_POSTGRESQL");

  g_assert_no_error (error);
  g_assert_nonnull (g_getenv ("YICHUANG_SERVER_BIN"));
  file = g_build_filename (dir, "hall.db", NULL);
  lite = run (file, dir, 1, 1);
  if (cluster != NULL && *cluster != '\0')
    {
      g_autofree char *one = new_database (cluster, "bench_platform");
      g_autofree char *many = new_database (cluster, "bench_city");

      pg = run (one, dir, 2, 1);
      city = run (many, dir, 2, CITY_HALLS);
    }
  printf ("{\"benchmark\": \"platform\", \"target_call_next_p99_ms\": 20, \"target_ticket_to_desk_p99_ms\": 100,\n"
          " \"sqlite_one_process\": %s,\n \"postgresql_two_processes\": %s,\n \"postgresql_two_processes_city\": %s}\n",
          lite, pg != NULL ? pg : "\"left out: no PostgreSQL cluster (run it with meson test --benchmark)\"",
          city != NULL ? city : "\"left out: no PostgreSQL cluster\"");
  yc_test_remove_tree (dir);
  return 0;
}
