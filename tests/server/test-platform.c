/* test-platform.c: a city's platform, several yichuang-server processes on one
 * PostgreSQL database (issue 19). Two processes with eight windows each serve ten
 * thousand tickets: each is called exactly once; a desk listening on one process hears
 * the other's calls, in order, once; and when the process that does the database's
 * duties (escalation, the simulator) is killed, the other takes them within a minute.
 * And a hall's SQLite file moves into the city's database and back, every row kept.
 * Runs in a private cluster (the test platform-postgresql); without one it skips. */
#include <signal.h>

#include "core/yc-error.h"
#include "server-fixture.h"

#define N_TICKETS  10000
#define PER_PROCESS 8

typedef struct
{
  GSubprocess *process;
  char        *url;
} Process;

static void
process_start (Process    *p,
               const char *db)
{
  const char *binary = g_getenv ("YICHUANG_SERVER_BIN");
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_assert_nonnull (binary);
  p->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--listen", "127.0.0.1:0",
                                 "--db", db, "--demo-data", "--max-per-address", "1000", "--trusted-proxy", "127.0.0.1",
                                 NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (p->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  p->url = g_strdup (line + strlen ("listening on "));
}

static void
process_stop (Process *p)
{
  if (p->process != NULL)
    {
      g_subprocess_send_signal (p->process, SIGTERM);
      g_subprocess_wait (p->process, NULL, NULL);
      g_clear_object (&p->process);
    }
  g_clear_pointer (&p->url, g_free);
}

static int
process_pid (Process *p)
{
  return (int) g_ascii_strtoll (g_subprocess_get_identifier (p->process), NULL, 10);
}

static char *
login_at (const char *base,
          int         window)
{
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autofree char *body = g_strdup_printf ("{\"clerk\":\"%d\",\"pin\":\"123456\",\"window\":%d}", 1000 + window, window);
  g_autoptr(JsonNode) answer = NULL;

  g_assert_cmpuint (yc_test_http (soup, base, "POST", "/api/v1/sessions", NULL, body, &answer), ==, 201);
  return g_strdup (member (answer, "token"));
}

/* Windows 6–16 beside the demo's five, serving A and B, each with its clerk (10NN, the
 * PIN of 1001); and the queue: n tickets, one in three of B. */
static void
make_hall (const char *db,
           guint       n)
{
  g_autofree char *day = yc_time_today ();
  g_autofree char *now = yc_time_now_iso8601 ();
  g_autofree char *tickets = NULL;

  g_assert_true (yc_test_sql_exec (db,
                                   "INSERT INTO windows (id, name, zone) SELECT w, w || '号窗口', '综合受理区'"
                                   "  FROM generate_series (6, 16) w;"
                                   "INSERT INTO window_services (window_id, service) SELECT w, s"
                                   "  FROM generate_series (6, 16) w, (VALUES ('A'), ('B')) v (s);"
                                   "INSERT INTO clerks (id, name, salt, pin_hash)"
                                   "  SELECT CAST (1000 + w AS text), '测试' || w, salt, pin_hash"
                                   "  FROM clerks, generate_series (6, 16) w WHERE id = '1001';"
                                   "INSERT INTO clerk_windows (clerk, window_id)"
                                   "  SELECT CAST (1000 + w AS text), w FROM generate_series (6, 16) w;", NULL));
  tickets = g_strdup_printf ("INSERT INTO tickets (number, service, day, seq, issued_at, queued)"
                             " SELECT CASE WHEN i %% 3 = 0 THEN 'B' ELSE 'A' END"
                             "          || lpad (CAST (CASE WHEN i %% 3 = 0 THEN i / 3 ELSE i - i / 3 END AS text), 4, '0'),"
                             "        CASE WHEN i %% 3 = 0 THEN 'B' ELSE 'A' END, '%s',"
                             "        CASE WHEN i %% 3 = 0 THEN i / 3 ELSE i - i / 3 END, '%s', i"
                             " FROM generate_series (1, %u) i;"
                             "ANALYZE tickets;", day, now, n);
  g_assert_true (yc_test_sql_exec (db, tickets, NULL));
}

/* A desk's event stream: every event in order, once; the calls counted, those of the
 * other process's windows apart. */
typedef struct
{
  gint64 last;
  gint64 issued;              /* the last ticket issued */
  guint  called;
  guint  called_elsewhere;
  int    last_local_window;   /* windows above it are the other process's */
} Heard;

static void
on_event_cb (SoupWebsocketConnection *conn,
             SoupWebsocketDataType    type,
             GBytes                  *message,
             Heard                   *heard)
{
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) event = yc_wire_parse_object (data, length, YC_ERROR_PROTOCOL, &error);
  JsonObject *object;
  gint64 id;

  g_assert_no_error (error);
  object = json_node_get_object (event);
  id = json_object_get_int_member (object, "id");
  /* In order, and once: each one above the last. */
  g_assert_cmpint (id, >, heard->last);
  heard->last = id;
  if (g_str_equal (json_object_get_string_member (object, "kind"), "ticket.issued"))
    heard->issued = json_object_get_int_member (json_object_get_object_member (json_object_get_object_member (object, "body"),
                                                                               "ticket"), "id");
  if (g_str_equal (json_object_get_string_member (object, "kind"), "ticket.called"))
    {
      JsonObject *ticket = json_object_get_object_member (json_object_get_object_member (object, "body"), "ticket");

      heard->called++;
      if (json_object_get_int_member (ticket, "window") <= heard->last_local_window)
        heard->called_elsewhere++;
    }
}

/* A desk's event stream at base, each event to on_message with data. */
static SoupWebsocketConnection *
listen_at (SoupSession *soup,
           const char  *base,
           const char  *token,
           GCallback    on_message,
           gpointer     data)
{
  g_autofree char *url = g_strconcat (base, "/api/v1/events", NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn;

  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_session_websocket_connect_async (soup, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, 10);
  conn = soup_session_websocket_connect_finish (soup, result, &error);
  g_assert_no_error (error);
  g_signal_connect (conn, "message", on_message, data);
  return conn;
}

/* Two processes on a new database of the cluster, *dir and *db to drop; FALSE (the test
 * skipped) without PostgreSQL. */
static gboolean
platform_start (Process  processes[2],
                char   **dir,
                char   **db)
{
  g_autoptr(GError) error = NULL;

  if (yc_test_postgresql () == NULL)
    {
      g_test_skip ("needs PostgreSQL: run as platform-postgresql");
      return FALSE;
    }
  *dir = g_dir_make_tmp ("yc-platform-XXXXXX", &error);
  g_assert_no_error (error);
  *db = yc_test_db_new (*dir, "unused.db");
  /* The first seeds the demo hall, and takes the duties; the second finds both done. */
  process_start (&processes[0], *db);
  process_start (&processes[1], *db);
  return TRUE;
}

static void
platform_stop (Process  processes[2],
               char    *dir,
               char    *db)
{
  process_stop (&processes[1]);
  process_stop (&processes[0]);
  yc_test_db_drop (db);
  yc_test_remove_tree (dir);
}

static void
test_two_processes (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(SoupSession) soup = NULL;
  g_autoptr(SoupWebsocketConnection) conn = NULL;
  g_autofree char *listener_token = NULL;
  Process processes[2] = { { 0 } };
  Caller callers[2 * PER_PROCESS];
  GThread *threads[2 * PER_PROCESS];
  Heard heard = { .last_local_window = PER_PROCESS };
  gint running = 2 * PER_PROCESS;
  guint served[2] = { 0 };
  gint64 started;

  if (!platform_start (processes, &dir, &db))
    return;
  make_hall (db, N_TICKETS);

  for (guint i = 0; i < G_N_ELEMENTS (callers); i++)
    {
      callers[i].window = (int) i + 1;
      callers[i].base = processes[i / PER_PROCESS].url;
      callers[i].token = login_at (callers[i].base, callers[i].window);
      callers[i].served = g_array_new (FALSE, FALSE, sizeof (gint64));
      callers[i].running = &running;
    }
  /* A desk on the second process listens: the first's windows are 1–8. */
  soup = soup_session_new ();
  listener_token = g_strdup (callers[PER_PROCESS].token);
  conn = listen_at (soup, processes[1].url, listener_token, G_CALLBACK (on_event_cb), &heard);

  started = g_get_monotonic_time ();
  for (guint i = 0; i < G_N_ELEMENTS (callers); i++)
    threads[i] = g_thread_new ("caller", caller_thread, &callers[i]);
  yc_test_wait_until (g_atomic_int_get (&running) == 0, 600);
  for (guint i = 0; i < G_N_ELEMENTS (callers); i++)
    {
      g_thread_join (threads[i]);
      for (guint j = 0; j < callers[i].served->len; j++)
        {
          gint64 *id = &g_array_index (callers[i].served, gint64, j);

          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, id);
        }
      served[i / PER_PROCESS] += callers[i].served->len;
    }
  g_test_message ("%u tickets served in %.1f s: %u by the first process's windows, %u by the second's",
                  N_TICKETS, (g_get_monotonic_time () - started) / 1e6, served[0], served[1]);

  /* Each exactly once, by one window; both processes served. */
  g_assert_cmpuint (g_hash_table_size (seen), ==, N_TICKETS);
  g_assert_cmpuint (served[0], >, 0);
  g_assert_cmpuint (served[1], >, 0);
  g_assert_cmpint (yc_test_sql_count (db, "SELECT count(*) FROM tickets WHERE state = 'finished'"), ==, N_TICKETS);
  g_assert_cmpint (yc_test_sql_count (db, "SELECT count(*) FROM tickets WHERE calls != 1 OR window_id IS NULL"), ==, 0);
  g_assert_cmpint (yc_test_sql_count (db, "SELECT count(*) FROM events WHERE kind = 'ticket.called'"), ==, N_TICKETS);

  /* The listener on the second process heard every call, the first's among them. */
  yc_test_wait_until (heard.called == N_TICKETS, 60);
  g_test_message ("heard %u calls, %u of them the other process's", heard.called, heard.called_elsewhere);
  g_assert_cmpuint (heard.called_elsewhere, ==, served[0]);
  yc_test_run_for (200);
  g_assert_cmpuint (heard.called, ==, N_TICKETS);

  soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (callers); i++)
    {
      g_free (callers[i].token);
      g_array_unref (callers[i].served);
    }
  platform_stop (processes, dir, db);
}

/* The process whose connection holds the duties' advisory lock (its application_name
 * says yichuang-server/PID), 0 for none. */
static gint64
duty_holder (const char *db)
{
  return yc_test_sql_count (db, "SELECT coalesce (max (CAST (substr (a.application_name, 17) AS bigint)), 0)"
                                " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                                " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0"
                                " AND l.objid = 1497628674 AND a.application_name LIKE 'yichuang-server/%'");
}

static void
test_duty_handover (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  Process processes[2] = { { 0 } };
  gint64 killed;
  gint64 deadline;

  if (!platform_start (processes, &dir, &db))
    return;

  /* The first took the duties as it started; the second found them taken. */
  g_assert_cmpint (duty_holder (db), ==, process_pid (&processes[0]));

  /* Gone without a word: its connection closes, and the other takes over. */
  g_subprocess_force_exit (processes[0].process);
  g_subprocess_wait (processes[0].process, NULL, NULL);
  g_clear_object (&processes[0].process);
  killed = g_get_monotonic_time ();
  deadline = killed + 60 * G_USEC_PER_SEC;
  while (duty_holder (db) != process_pid (&processes[1]))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (200 * 1000);
    }
  g_test_message ("the duties were handed over %.1f s after the kill", (g_get_monotonic_time () - killed) / 1e6);

  platform_stop (processes, dir, db);
}

/* A port nobody listens on now. */
static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A kiosk's token, made by the command an administrator runs. */
static char *
add_kiosk (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv ("YICHUANG_SERVER_BIN"), "--db", db,
                              "--add-device", "取号机-城", "--role", "kiosk", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  return g_strdup (g_strstrip (out));
}

/* The README's nginx example (docs/nginx-yichuang.conf) in front of two processes, as a
 * hall's IT office would run it: the desks' calls and their event stream go through it
 * to either process, and when one process stops, the other answers. */
static void
test_load_balancer (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nginx = g_find_program_in_path ("nginx");
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *example = NULL;
  g_autofree char *front = NULL;
  g_autofree char *kiosk = NULL;
  g_autofree char *clerk = NULL;
  g_autoptr(GSubprocess) proxy = NULL;
  g_autoptr(SoupSession) soup = NULL;
  g_autoptr(SoupWebsocketConnection) conn = NULL;
  g_autoptr(JsonNode) ticket = NULL;
  g_autoptr(JsonNode) called = NULL;
  Process processes[2] = { { 0 } };
  Heard heard = { 0 };
  guint port = free_port ();
  gint64 id;

  if (nginx == NULL && g_file_test ("/usr/sbin/nginx", G_FILE_TEST_IS_EXECUTABLE))
    nginx = g_strdup ("/usr/sbin/nginx");
  if (nginx == NULL)
    {
      g_test_skip ("nginx is not installed");
      return;
    }
  if (!platform_start (processes, &dir, &db))
    return;

  /* The example as it is, but for the addresses. */
  g_assert_true (g_file_get_contents (YC_NGINX_EXAMPLE, &example, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);
    g_auto(GStrv) a = g_strsplit (example, "127.0.0.1:8471", -1);
    g_autofree char *with_a = g_strjoinv (processes[0].url + strlen ("http://"), a);
    g_auto(GStrv) b = g_strsplit (with_a, "127.0.0.1:8472", -1);
    g_autofree char *with_b = g_strjoinv (processes[1].url + strlen ("http://"), b);
    g_auto(GStrv) c = g_strsplit (with_b, "127.0.0.1:8470", -1);
    g_autofree char *config = g_strjoinv (listen, c);
    g_autofree char *path = NULL;
    g_autofree char *logs = NULL;

    prefix = g_build_filename (dir, "nginx", NULL);
    logs = g_build_filename (prefix, "logs", NULL);
    g_assert_cmpint (g_mkdir_with_parents (logs, 0755), ==, 0);
    /* nginx's workers (nobody, when it runs as root) reach its temporary folders. */
    g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
    path = g_build_filename (prefix, "nginx.conf", NULL);
    g_assert_true (g_file_set_contents (path, config, -1, &error));
    proxy = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, nginx, "-p", prefix, "-c", path, "-g", "daemon off;",
                              NULL);
    g_assert_no_error (error);
  }
  front = g_strdup_printf ("http://127.0.0.1:%u", port);
  soup = soup_session_new ();
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (yc_test_http (soup, front, "GET", "/api/v1/health", NULL, NULL, NULL) != 200)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (50 * 1000);
      }
  }

  /* A desk through the proxy: logged in, listening, its kiosk's ticket heard and called. */
  kiosk = add_kiosk (db);
  clerk = login_at (front, 1);
  conn = listen_at (soup, front, clerk, G_CALLBACK (on_event_cb), &heard);
  g_assert_cmpuint (yc_test_http (soup, front, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"A\"}", &ticket), ==, 201);
  id = json_object_get_int_member (json_node_get_object (ticket), "id");
  yc_test_wait_until (heard.issued == id, 10);
  g_assert_cmpuint (yc_test_http (soup, front, "POST", "/api/v1/windows/1/call-next", clerk, NULL, &called), ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (called), "id"), ==, id);
  yc_test_wait_until (heard.called == 1, 10);

  /* A guess from behind the proxy (and a proxy before it, which named its client): the
   * audit log names that client, not the proxies. */
  {
    g_autofree char *url = g_strconcat (front, "/api/v1/sessions", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    const char *guess = "{\"clerk\":\"1001\",\"pin\":\"000000\",\"window\":1}";
    g_autoptr(GBytes) body = g_bytes_new_static (guess, strlen (guess));
    g_autoptr(GBytes) answer = NULL;

    soup_message_headers_append (soup_message_get_request_headers (msg), "X-Forwarded-For", "203.0.113.50");
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
    answer = soup_session_send_and_read (soup, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
    g_assert_cmpint (yc_test_sql_count (db, "SELECT count(*) FROM audit WHERE action = 'login.failed'"
                                            " AND address = '203.0.113.50'"), ==, 1);
  }

  /* One process stops: every request still finds the other. */
  process_stop (&processes[0]);
  for (guint i = 0; i < 20; i++)
    g_assert_cmpuint (yc_test_http (soup, front, "GET", "/api/v1/health", NULL, NULL, NULL), ==, 200);
  g_assert_cmpuint (yc_test_http (soup, front, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"B\"}", NULL), ==, 201);

  soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_subprocess_send_signal (proxy, SIGTERM);
  g_subprocess_wait (proxy, NULL, NULL);
  platform_stop (processes, dir, db);
}

/* The tables a hall's database holds, as yc-server-export.c copies them, and the counts
 * of the waiting it makes again. */
static const char *const hall_tables[] = {
  "meta", "services", "windows", "window_services", "service_packages", "clerks", "clerk_windows",
  "sessions", "devices", "audit", "tickets", "window_states", "records", "catalogue", "cases",
  "licences", "ratings", "tasks", "events", "queue_waiting", "halls", "staff", NULL
};

static GPtrArray *
columns_at (const char *location,
            const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s LIMIT 0", table);
  YcSql *db = yc_sql_open (location, &error);
  YcSqlStmt *stmt;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  stmt = yc_sql_prepare (db, sql);
  g_assert_nonnull (stmt);
  g_assert_cmpint (yc_sql_step (stmt), ==, YC_SQL_DONE);
  for (int i = 0; i < yc_sql_column_count (stmt); i++)
    g_ptr_array_add (names, g_strdup (yc_sql_column_name (stmt, i)));
  yc_sql_finalize (stmt);
  yc_sql_close (db);
  return names;
}

/* A table's rows, the columns both databases have, each value as text, in one order:
 * their SHA-256, and how many. */
static char *
table_checksum (const char *location,
                const char *table,
                GPtrArray  *columns,
                gint64     *rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *list = NULL;
  YcSql *db = yc_sql_open (location, &error);
  YcSqlStmt *stmt;
  YcSqlResult rc;

  g_assert_no_error (error);
  g_ptr_array_add (columns, NULL);
  list = g_strjoinv (", ", (char **) columns->pdata);
  g_ptr_array_remove_index (columns, columns->len - 1);
  g_string_append_printf (sql, "%s FROM %s ORDER BY %s", list, table, list);
  stmt = yc_sql_prepare (db, sql->str);
  g_assert_nonnull (stmt);
  *rows = 0;
  while ((rc = yc_sql_step (stmt)) == YC_SQL_ROW)
    {
      for (guint i = 0; i < columns->len; i++)
        {
          const char *value = yc_sql_column_text (stmt, (int) i);

          g_checksum_update (sum, (const guchar *) (value != NULL ? value : "\x01null"), -1);
          g_checksum_update (sum, (const guchar *) "\x1f", 1);
        }
      (*rows)++;
    }
  g_assert_cmpint (rc, ==, YC_SQL_DONE);
  yc_sql_finalize (stmt);
  yc_sql_close (db);
  return g_strdup (g_checksum_get_string (sum));
}

/* The tables of a and b named (NULL-terminated): the same rows. */
static void
assert_same_tables (const char         *a,
                    const char         *b,
                    const char *const  *tables)
{
  for (gsize t = 0; tables[t] != NULL; t++)
    {
      g_autoptr(GPtrArray) in_a = columns_at (a, tables[t]);
      g_autoptr(GPtrArray) in_b = columns_at (b, tables[t]);
      g_autoptr(GPtrArray) shared = g_ptr_array_new ();
      g_autofree char *sum_a = NULL;
      g_autofree char *sum_b = NULL;
      gint64 rows_a, rows_b;

      for (guint i = 0; i < in_a->len; i++)
        if (g_ptr_array_find_with_equal_func (in_b, in_a->pdata[i], g_str_equal, NULL))
          g_ptr_array_add (shared, in_a->pdata[i]);
      /* Only PostgreSQL's cases.rowid is the one's own. */
      g_assert_cmpuint (shared->len + 1, >=, MAX (in_a->len, in_b->len));
      sum_a = table_checksum (a, tables[t], shared, &rows_a);
      sum_b = table_checksum (b, tables[t], shared, &rows_b);
      g_test_message ("%-16s %6" G_GINT64_FORMAT " rows  %.16s", tables[t], rows_a, sum_a);
      g_assert_cmpint (rows_a, ==, rows_b);
      g_assert_cmpstr (sum_a, ==, sum_b);
    }
}

/* Every table of a hall's database: the same rows. */
static void
assert_same_hall (const char *a,
                  const char *b)
{
  assert_same_tables (a, b, hall_tables);
}

static void
run_export (const char *from,
            const char *to)
{
  const char *binary = g_getenv ("YICHUANG_SERVER_BIN");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--db", from, "--export-to", to, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (out, "tickets"));
}

/* A hall's SQLite file after a day of simulated traffic, into the city's PostgreSQL
 * database and back into a new file: the same rows each way, the same checksums; and
 * the database moved into serves on (ids go on above the copied ones). */
static void
test_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *hall = NULL;
  g_autofree char *city = NULL;
  g_autofree char *back = NULL;
  YcServerOptions options = { .demo_data = TRUE, .simulate = TRUE, .simulate_by_step = TRUE };
  YcServerThread *server;

  if (yc_test_postgresql () == NULL)
    {
      g_test_skip ("needs PostgreSQL: run as platform-postgresql");
      return;
    }
  dir = g_dir_make_tmp ("yc-export-XXXXXX", &error);
  g_assert_no_error (error);
  hall = g_build_filename (dir, "hall.db", NULL);
  back = g_build_filename (dir, "back.db", NULL);
  city = yc_test_db_new (dir, "unused.db");

  /* The day: simulated citizens and colleagues, eight hours of it. */
  options.db_path = hall;
  server = yc_server_thread_start (&options, &error);
  g_assert_no_error (error);
  yc_server_thread_simulate (server, 8 * 3600);
  yc_server_thread_stop (server);
  g_assert_cmpint (yc_test_sql_count (hall, "SELECT count(*) FROM tickets WHERE state = 'finished'"), >, 100);

  run_export (hall, city);
  assert_same_hall (hall, city);
  run_export (city, back);
  assert_same_hall (hall, back);

  /* Into a database that holds a hall: refused, and nothing written. */
  {
    const char *binary = g_getenv ("YICHUANG_SERVER_BIN");
    g_autoptr(GSubprocess) again = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                                     &error, binary, "--db", hall, "--export-to", city, NULL);

    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait (again, NULL, &error));
    g_assert_cmpint (g_subprocess_get_exit_status (again), ==, 1);
    assert_same_hall (hall, city);
  }

  /* The city's copy serves on: a kiosk's new ticket gets an id above the copied ones. */
  {
    gint64 highest = yc_test_sql_count (city, "SELECT max (id) FROM tickets");
    YcServerOptions on = { .db_path = city };
    g_autoptr(SoupSession) soup = soup_session_new ();
    g_autoptr(JsonNode) answer = NULL;
    g_autofree char *kiosk = NULL;

    server = yc_server_thread_start (&on, &error);
    g_assert_no_error (error);
    kiosk = yc_test_add_device (server, "city kiosk", "kiosk", 0, NULL);
    g_assert_cmpuint (yc_test_http (soup, yc_server_thread_get_url (server), "POST", "/api/v1/tickets", kiosk,
                               "{\"service\":\"A\"}", &answer), ==, 201);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "id"), ==, highest + 1);
    yc_server_thread_stop (server);
  }

  yc_test_db_drop (city);
  yc_test_remove_tree (dir);
}

/* How many events a listener heard. */
typedef struct
{
  guint events;
} Hall;

static void
on_hall_event_cb (SoupWebsocketConnection *conn,
                  SoupWebsocketDataType    type,
                  GBytes                  *message,
                  Hall                    *heard)
{
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  g_autoptr(JsonNode) event = yc_wire_parse_object (data, length, YC_ERROR_PROTOCOL, NULL);

  g_assert_nonnull (event);
  heard->events++;
}

static char *
login_person_at (SoupSession *soup,
                 const char  *base,
                 const char  *person,
                 int          window)
{
  g_autofree char *body = window > 0 ? g_strdup_printf ("{\"clerk\":\"%s\",\"pin\":\"123456\",\"window\":%d}", person, window)
                                     : g_strdup_printf ("{\"clerk\":\"%s\",\"pin\":\"123456\"}", person);
  g_autoptr(JsonNode) answer = NULL;

  g_assert_cmpuint (yc_test_http (soup, base, "POST", "/api/v1/sessions", NULL, body, &answer), ==, 201);
  return g_strdup (member (answer, "token"));
}

static gint64
waiting_in (JsonNode *queues)
{
  JsonArray *list = json_object_get_array_member (json_node_get_object (queues), "queues");
  gint64 waiting = 0;

  for (guint i = 0; i < json_array_get_length (list); i++)
    waiting += json_object_get_int_member (json_array_get_object_element (list, i), "waiting");
  return waiting;
}

/* The case number the first result of a records answer gives. */
static const char *
case_number (JsonNode *answer)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (answer), "results");

  return json_object_get_string_member_with_default (json_array_get_object_element (results, 0), "case_number", "");
}

#define CITY_CASE(id, ticket) \
  "{\"records\":[{\"id\":\"" id "\",\"kind\":\"case\",\"created_at\":\"2026-11-22T09:00:00+08:00\",\"body\":{" \
  "\"decision\":\"accepted\",\"package\":null,\"items\":[\"990100-SCJG-XK-0001\"],\"title\":\"企业设立登记\"," \
  "\"ticket\":\"" ticket "\",\"applicant\":{\"type\":\"person\",\"name\":\"王芳\",\"id_number\":\"11010519491231002X\"," \
  "\"phone\":\"13812345678\",\"address\":null},\"agent\":null,\"fields\":{},\"materials\":[]," \
  "\"accepted_on\":\"2026-11-22\",\"promised_days\":1,\"due_date\":\"2026-11-23\"}}]}"

/* Three halls in one database, two processes serving them all: each hall's desks see
 * its queue and its events only, its staff log in by their number alone, while the
 * case numbering is the city's; the city centre's duty manager sees every hall. */
static void
test_halls (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *county = NULL;
  g_autofree char *town = NULL;
  g_autofree char *clash = NULL;
  g_autofree char *output = NULL;
  g_autofree char *kiosk_city = NULL;
  g_autofree char *kiosk_county = NULL;
  g_autofree char *city_clerk = NULL;
  g_autofree char *county_clerk = NULL;
  g_autofree char *town_clerk = NULL;
  g_autofree char *forged = NULL;
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autoptr(SoupWebsocketConnection) city_stream = NULL;
  g_autoptr(SoupWebsocketConnection) county_stream = NULL;
  g_autoptr(JsonNode) answer = NULL;
  Process processes[2] = { { 0 } };
  Hall city_heard = { 0 }, county_heard = { 0 };
  JsonArray *halls;

  if (!platform_start (processes, &dir, &db))
    return;

  /* Two halls more, added while the processes run. */
  county = yc_test_write_demo_hall (dir, "990102-ZWFW", "示范县政务服务中心", 1000);
  town = yc_test_write_demo_hall (dir, "990102-XZ01", "示范镇便民服务中心", 2000);
  g_assert_cmpint (yc_test_run_server (&output, "--db", db, "--add-hall", county, NULL), ==, 0);
  g_assert_nonnull (strstr (output, "hall 990102-ZWFW added; the database holds 2 halls"));
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (yc_test_run_server (&output, "--db", db, "--add-hall", town, NULL), ==, 0);
  g_clear_pointer (&output, g_free);
  /* A code taken, a staff number another hall has: refused, nothing of them kept. */
  g_assert_cmpint (yc_test_run_server (&output, "--db", db, "--add-hall", county, NULL), ==, 1);
  g_assert_nonnull (strstr (output, "the city already has a hall 990102-ZWFW"));
  g_clear_pointer (&output, g_free);
  clash = yc_test_write_demo_hall (dir, "990103-ZWFW", "重号的中心", 1000);
  g_assert_cmpint (yc_test_run_server (&output, "--db", db, "--add-hall", clash, NULL), ==, 1);
  g_assert_nonnull (strstr (output, "staff number 10001 is already hall 990102-ZWFW's"));
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (yc_test_sql_count (db, "SELECT count(*) FROM halls"), ==, 3);
  g_assert_cmpint (yc_test_sql_count (db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'hall_990103_zwfw'"), ==, 0);

  /* Kiosks of the city centre and of the county. */
  g_assert_cmpint (yc_test_run_server (&kiosk_city, "--db", db, "--add-device", "取号机-市", "--role", "kiosk", NULL), ==, 0);
  g_strstrip (kiosk_city);
  g_assert_cmpint (yc_test_run_server (&kiosk_county, "--db", db, "--add-device", "取号机-县", "--role", "kiosk",
                                       "--hall", "990102-ZWFW", NULL), ==, 0);
  g_strstrip (kiosk_county);
  g_assert_true (g_str_has_prefix (kiosk_county, "990102-ZWFW."));

  /* Window 1 of each hall, a clerk at each, by number alone; on either process. */
  city_clerk = login_person_at (soup, processes[0].url, "1001", 1);
  county_clerk = login_person_at (soup, processes[1].url, "2001", 1);
  town_clerk = login_person_at (soup, processes[0].url, "3001", 1);
  g_assert_true (g_str_has_prefix (county_clerk, "990102-ZWFW."));
  g_assert_true (g_str_has_prefix (town_clerk, "990102-XZ01."));
  city_stream = listen_at (soup, processes[1].url, city_clerk, G_CALLBACK (on_hall_event_cb), &city_heard);
  county_stream = listen_at (soup, processes[0].url, county_clerk, G_CALLBACK (on_hall_event_cb), &county_heard);

  /* Three citizens at the city centre, two at the county's. */
  for (int i = 0; i < 3; i++)
    g_assert_cmpuint (yc_test_http (soup, processes[i % 2].url, "POST", "/api/v1/tickets", kiosk_city, "{\"service\":\"A\"}",
                                    NULL), ==, 201);
  for (int i = 0; i < 2; i++)
    g_assert_cmpuint (yc_test_http (soup, processes[i % 2].url, "POST", "/api/v1/tickets", kiosk_county,
                                    "{\"service\":\"A\"}", NULL), ==, 201);
  g_assert_cmpuint (yc_test_http (soup, processes[0].url, "GET", "/api/v1/queues", county_clerk, NULL, &answer), ==, 200);
  g_assert_cmpint (waiting_in (answer), ==, 2);
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpuint (yc_test_http (soup, processes[1].url, "GET", "/api/v1/queues", town_clerk, NULL, &answer), ==, 200);
  g_assert_cmpint (waiting_in (answer), ==, 0);
  g_clear_pointer (&answer, json_node_unref);

  /* The town's clerk has nobody to call; the county's calls the county's first. */
  g_assert_cmpuint (yc_test_http (soup, processes[0].url, "POST", "/api/v1/windows/1/call-next", town_clerk, NULL, NULL),
                    ==, 204);
  g_assert_cmpuint (yc_test_http (soup, processes[1].url, "POST", "/api/v1/windows/1/call-next", county_clerk, NULL,
                                  &answer), ==, 200);
  g_assert_cmpstr (member (answer, "number"), ==, "A001");
  g_clear_pointer (&answer, json_node_unref);

  /* Each listener heard its hall's: the city's three tickets issued; the county's two
   * and a call. Nothing of another hall's. */
  yc_test_wait_until (city_heard.events >= 3 && county_heard.events >= 3, 10);
  yc_test_run_for (300);
  g_assert_cmpuint (city_heard.events, ==, 3);
  g_assert_cmpuint (county_heard.events, ==, 3);

  /* Case numbers are the city's: one at the city centre, then one at the county's, of
   * the same division and day, are 0001 and 0002. */
  g_assert_cmpuint (yc_test_http (soup, processes[0].url, "POST", "/api/v1/records", city_clerk,
                                  CITY_CASE ("6f1c2a4e-9b7d-4c55-8a1e-2f3b4c5d6e7f", "A001"), &answer), ==, 200);
  g_assert_cmpstr (case_number (answer), ==, "990100-20261122-0001");
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpuint (yc_test_http (soup, processes[1].url, "POST", "/api/v1/records", county_clerk,
                                  CITY_CASE ("0b9d8c7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e", "A001"), &answer), ==, 200);
  g_assert_cmpstr (case_number (answer), ==, "990100-20261122-0002");
  g_clear_pointer (&answer, json_node_unref);

  /* A token does not cross halls: the county's with the town's code before it is none. */
  forged = g_strconcat ("990102-XZ01", strchr (county_clerk, '.'), NULL);
  g_assert_cmpuint (yc_test_http (soup, processes[0].url, "GET", "/api/v1/queues", forged, NULL, NULL), ==, 401);

  /* The city centre's duty manager sees the city; the county's does not. */
  {
    g_autofree char *city_manager = login_person_at (soup, processes[1].url, "9002", 0);
    g_autofree char *county_manager = login_person_at (soup, processes[0].url, "10002", 0);

    g_assert_cmpuint (yc_test_http (soup, processes[0].url, "GET", "/api/v1/city/today", county_manager, NULL, NULL),
                      ==, 403);
    g_assert_cmpuint (yc_test_http (soup, processes[0].url, "GET", "/api/v1/city/today", city_manager, NULL, &answer),
                      ==, 200);
  }
  halls = json_object_get_array_member (json_node_get_object (answer), "halls");
  g_assert_cmpuint (json_array_get_length (halls), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (halls, 0), "code"), ==, "990100-ZWFW");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (halls, 0), "issued"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (halls, 0), "waiting"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (halls, 1), "code"), ==, "990102-XZ01");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (halls, 1), "issued"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (halls, 2), "code"), ==, "990102-ZWFW");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (halls, 2), "issued"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (halls, 2), "waiting"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (halls, 2), "windows_staffed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "waiting"), ==, 4);

  soup_websocket_connection_close (city_stream, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  soup_websocket_connection_close (county_stream, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  platform_stop (processes, dir, db);
}

#define CASE_ON(id, day, due) \
  "{\"records\":[{\"id\":\"" id "\",\"kind\":\"case\",\"created_at\":\"" day "T09:00:00+08:00\",\"body\":{" \
  "\"decision\":\"accepted\",\"package\":null,\"items\":[\"990100-SCJG-XK-0001\"],\"title\":\"企业设立登记\"," \
  "\"ticket\":\"A001\",\"applicant\":{\"type\":\"person\",\"name\":\"王芳\",\"id_number\":\"11010519491231002X\"," \
  "\"phone\":\"13812345678\",\"address\":null},\"agent\":null,\"fields\":{},\"materials\":[]," \
  "\"accepted_on\":\"" day "\",\"promised_days\":1,\"due_date\":\"" due "\"}}]}"

/* A hall in an SQLite file of its own, as the demo's, with a code and staff numbers
 * (offset above the demo's) of its own; the demo's catalogue and registry. */
static char *
make_sqlite_hall (const char *dir,
                  const char *code,
                  const char *name,
                  guint       offset)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = yc_test_write_demo_hall (dir, code, name, offset);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) hall = NULL;
  g_autoptr(JsonNode) catalogue = yc_server_load_demo ("catalogue.json", &error);
  g_autoptr(JsonNode) licences = yc_server_load_demo ("licences.json", &error);
  char *file = g_strdup_printf ("%s/%s.db", dir, code);
  YcServerDb *db;

  g_assert_true (g_file_get_contents (data, &text, NULL, &error));
  hall = json_from_string (text, &error);
  g_assert_no_error (error);
  db = yc_server_db_open (file, &error);
  g_assert_no_error (error);
  g_assert_true (yc_server_db_seed (db, hall, &error));
  g_assert_true (yc_server_db_catalogue_load (db, catalogue, &error));
  g_assert_true (yc_server_db_licences_load (db, licences, &error));
  g_assert_no_error (error);
  yc_server_db_free (db);
  return file;
}

/* A case a clerk of the hall at location takes at window 1: its number. */
static char *
take_case (const char *location,
           const char *clerk,
           const char *records)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *token = NULL;
  YcServerOptions options = { .db_path = location };
  YcServerThread *server = yc_server_thread_start (&options, &error);
  char *number;

  g_assert_no_error (error);
  token = login_person_at (soup, yc_server_thread_get_url (server), clerk, 1);
  g_assert_cmpuint (yc_test_http (soup, yc_server_thread_get_url (server), "POST", "/api/v1/records", token, records,
                                  &answer), ==, 200);
  number = g_strdup (case_number (answer));
  yc_server_thread_stop (server);
  return number;
}

/* The line of output after prefix, to its end. */
static char *
line_after (const char *output,
            const char *prefix)
{
  const char *start = strstr (output, prefix);

  g_assert_nonnull (start);
  start += strlen (prefix);
  return g_strndup (start, strcspn (start, "\n"));
}

/* A county's hall that ran on its own SQLite file joins the city's database, which holds
 * the city centre already: its tables as they were, in a schema of its own; its cases
 * and records the city's, found by the city's keys; its kiosk opened by a new token only;
 * its clerks at work again by their number. Joining twice, or with a case number the city
 * has given, is refused, and nothing of it kept. */
static void
test_export_into_city (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *city = NULL;
  g_autofree char *city_county = NULL;
  g_autofree char *county = NULL;
  g_autofree char *town = NULL;
  g_autofree char *old_kiosk = NULL;
  g_autofree char *new_kiosk = NULL;
  g_autofree char *output = NULL;
  g_autofree char *number = NULL;
  const char *const own[] = { "services", "windows", "window_services", "service_packages", "clerks", "clerk_windows",
                              "audit", "tickets", "window_states", "ratings", "tasks", "events", "queue_waiting", NULL };
  YcServerOptions options = { .demo_data = TRUE };
  YcServerThread *server;

  if (yc_test_postgresql () == NULL)
    {
      g_test_skip ("needs PostgreSQL: run as platform-postgresql");
      return;
    }
  dir = g_dir_make_tmp ("yc-join-XXXXXX", &error);
  g_assert_no_error (error);

  /* The city centre's database, a case taken there on the 24th. */
  city = yc_test_db_new (dir, "unused.db");
  options.db_path = city;
  server = yc_server_thread_start (&options, &error);
  g_assert_no_error (error);
  yc_server_thread_stop (server);
  number = take_case (city, "1001", CASE_ON ("6f1c2a4e-9b7d-4c55-8a1e-2f3b4c5d6e7f", "2026-11-24", "2026-11-25"));
  g_assert_cmpstr (number, ==, "990100-20261124-0001");
  g_clear_pointer (&number, g_free);

  /* The county's own: a kiosk, three citizens, one called, a case on the 25th. */
  county = make_sqlite_hall (dir, "990102-ZWFW", "示范县政务服务中心", 1000);
  options = (YcServerOptions) { .db_path = county };
  server = yc_server_thread_start (&options, &error);
  g_assert_no_error (error);
  old_kiosk = yc_test_add_device (server, "取号机-县", "kiosk", 0, NULL);
  for (int i = 0; i < 3; i++)
    g_assert_cmpuint (yc_test_http (soup, yc_server_thread_get_url (server), "POST", "/api/v1/tickets", old_kiosk,
                                    "{\"service\":\"A\"}", NULL), ==, 201);
  {
    g_autofree char *clerk = login_person_at (soup, yc_server_thread_get_url (server), "2001", 1);

    g_assert_cmpuint (yc_test_http (soup, yc_server_thread_get_url (server), "POST", "/api/v1/windows/1/call-next", clerk,
                                    NULL, NULL), ==, 200);
  }
  yc_server_thread_stop (server);
  number = take_case (county, "2001", CASE_ON ("0b9d8c7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e", "2026-11-25", "2026-11-26"));
  g_assert_cmpstr (number, ==, "990100-20261125-0001");
  g_clear_pointer (&number, g_free);

  /* It joins. */
  g_assert_cmpint (yc_test_run_server (&output, "--db", county, "--export-to", city, NULL), ==, 0);
  g_test_message ("%s", output);
  g_assert_nonnull (strstr (output, "tickets          3 rows\n"));
  g_assert_nonnull (strstr (output, "cases            1 rows: added to the city's\n"));
  g_assert_nonnull (strstr (output, "rows: not moved: the city's serves\n"));
  new_kiosk = line_after (output, "取号机-县 (kiosk): ");
  g_assert_true (g_str_has_prefix (new_kiosk, "990102-ZWFW."));
  g_clear_pointer (&output, g_free);

  g_assert_cmpint (yc_test_sql_count (city, "SELECT count(*) FROM halls"), ==, 2);
  g_assert_cmpint (yc_test_sql_count (city, "SELECT count(*) FROM cases"), ==, 2);
  g_assert_cmpint (yc_test_sql_count (city, "SELECT count(*) FROM cases WHERE applicant_key IS NULL"), ==, 0);
  g_assert_cmpint (yc_test_sql_count (city, "SELECT count(*) FROM hall_990102_zwfw.sessions"), ==, 0);
  g_assert_cmpint (yc_test_sql_count (city, "SELECT count(*) FROM staff WHERE hall = '990102-ZWFW'"), ==,
                   yc_test_sql_count (county, "SELECT count(*) FROM clerks"));
  /* Its own tables, row for row, as the county's search path shows them. */
  city_county = g_strconcat (city, "&options=-csearch_path%3Dhall_990102_zwfw%2Cpublic", NULL);
  assert_same_tables (county, city_county, own);

  /* The county at work on the city's platform. */
  options = (YcServerOptions) { .db_path = city };
  server = yc_server_thread_start (&options, &error);
  g_assert_no_error (error);
  {
    const char *url = yc_server_thread_get_url (server);
    g_autofree char *clerk = login_person_at (soup, url, "2001", 1);
    gint64 highest = yc_test_sql_count (city, "SELECT max (id) FROM hall_990102_zwfw.tickets");

    g_assert_true (g_str_has_prefix (clerk, "990102-ZWFW."));
    g_assert_cmpuint (yc_test_http (soup, url, "POST", "/api/v1/tickets", old_kiosk, "{\"service\":\"A\"}", NULL), ==, 401);
    g_assert_cmpuint (yc_test_http (soup, url, "POST", "/api/v1/tickets", new_kiosk, "{\"service\":\"A\"}", &answer),
                      ==, 201);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "id"), ==, highest + 1);
    g_clear_pointer (&answer, json_node_unref);
    g_assert_cmpuint (yc_test_http (soup, url, "GET", "/api/v1/queues", clerk, NULL, &answer), ==, 200);
    g_assert_cmpint (waiting_in (answer), ==, 3);
    g_clear_pointer (&answer, json_node_unref);
    /* The citizen called before the move is still the window's. */
    g_assert_cmpuint (yc_test_http (soup, url, "POST", "/api/v1/windows/1/call-next", clerk, NULL, &answer), ==, 200);
    g_assert_cmpstr (member (answer, "number"), ==, "A001");
    g_clear_pointer (&answer, json_node_unref);
    /* The county's case is found by the city's key. */
    g_assert_cmpuint (yc_test_http (soup, url, "POST", "/api/v1/lookup", clerk, "{\"id_number\":\"11010519491231002X\"}",
                                    &answer), ==, 200);
    g_assert_true (json_object_get_boolean_member (json_node_get_object (answer), "found"));
    g_assert_cmpstr (member (answer, "source"), ==, "cases");
    g_clear_pointer (&answer, json_node_unref);
    /* And the numbering goes on, the city's. */
    g_assert_cmpuint (yc_test_http (soup, url, "POST", "/api/v1/records", clerk,
                                    CASE_ON ("3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f", "2026-11-25", "2026-11-26"), &answer),
                      ==, 200);
    g_assert_cmpstr (case_number (answer), ==, "990100-20261125-0002");
    g_clear_pointer (&answer, json_node_unref);
  }
  yc_server_thread_stop (server);

  /* Twice: refused. */
  g_assert_cmpint (yc_test_run_server (&output, "--db", county, "--export-to", city, NULL), ==, 1);
  g_assert_nonnull (strstr (output, "the city already has a hall 990102-ZWFW"));
  g_clear_pointer (&output, g_free);

  /* A town hall whose case number the city centre gave too: refused, nothing kept. */
  town = make_sqlite_hall (dir, "990102-XZ01", "示范镇便民服务中心", 2000);
  number = take_case (town, "3001", CASE_ON ("5e4d3c2b-1a09-4f8e-8d7c-6b5a4e3d2c1b", "2026-11-24", "2026-11-25"));
  g_assert_cmpstr (number, ==, "990100-20261124-0001");
  g_assert_cmpint (yc_test_run_server (&output, "--db", town, "--export-to", city, NULL), ==, 1);
  g_assert_nonnull (strstr (output, "1 of the hall's case numbers the city has given already (the first: "
                                    "990100-20261124-0001)"));
  g_assert_cmpint (yc_test_sql_count (city, "SELECT count(*) FROM halls"), ==, 2);
  g_assert_cmpint (yc_test_sql_count (city, "SELECT count(*) FROM cases"), ==, 3);
  g_assert_cmpint (yc_test_sql_count (city, "SELECT count(*) FROM pg_namespace WHERE nspname = 'hall_990102_xz01'"), ==, 0);
  g_assert_cmpint (yc_test_sql_count (city, "SELECT count(*) FROM staff WHERE hall = '990102-XZ01'"), ==, 0);

  yc_test_db_drop (city);
  yc_test_remove_tree (dir);
}

/* The connections of process p ended by the database server, as a restart or an
 * administrator would. */
static void
end_connections_of (const char *db,
                    Process    *p)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (pg_terminate_backend (pid)) FROM pg_stat_activity"
                                          " WHERE application_name = 'yichuang-server/%d'", process_pid (p));

  g_assert_cmpint (yc_test_sql_count (db, sql), ==, 1);
}

/* A kiosk's ticket at base, heard by the listener. */
static void
issue_and_hear (SoupSession *soup,
                const char  *base,
                const char  *kiosk,
                Heard       *heard)
{
  g_autoptr(JsonNode) ticket = NULL;
  gint64 id;

  g_assert_cmpuint (yc_test_http (soup, base, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"A\"}", &ticket), ==, 201);
  id = json_object_get_int_member (json_node_get_object (ticket), "id");
  yc_test_wait_until (heard->issued == id, 10);
}

/* The database server ends a process's connection: the process makes it again and
 * serves on. The request that finds it gone is answered (a read, or a write whose
 * transaction had not begun); a desk listening there hears the other process's events,
 * those of the moment it was gone too; the duties go on, in one process. */
static void
test_reconnect (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *kiosk = NULL;
  g_autofree char *clerk = NULL;
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autoptr(SoupWebsocketConnection) conn = NULL;
  Process processes[2] = { { 0 } };
  Heard heard = { 0 };

  if (!platform_start (processes, &dir, &db))
    return;
  kiosk = add_kiosk (db);
  clerk = login_at (processes[0].url, 1);
  conn = listen_at (soup, processes[0].url, clerk, G_CALLBACK (on_event_cb), &heard);

  /* A read first after the connection ended. */
  end_connections_of (db, &processes[0]);
  g_assert_cmpuint (yc_test_http (soup, processes[0].url, "GET", "/api/v1/queues", clerk, NULL, NULL), ==, 200);

  /* A ticket at the other process, heard by the desk here. */
  issue_and_hear (soup, processes[1].url, kiosk, &heard);

  /* Ended while nobody asks anything: the socket tells, and a ticket issued at the other
   * process in the meantime is heard. */
  end_connections_of (db, &processes[0]);
  issue_and_hear (soup, processes[1].url, kiosk, &heard);

  /* A write first after the connection ended: its transaction begins on the new one. */
  end_connections_of (db, &processes[0]);
  g_assert_cmpuint (yc_test_http (soup, processes[0].url, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"B\"}",
                                  NULL), ==, 201);
  g_assert_cmpuint (yc_test_http (soup, processes[0].url, "POST", "/api/v1/windows/1/call-next", clerk, NULL, NULL),
                    ==, 200);
  g_assert_cmpint (yc_test_sql_count (db, "SELECT count(*) FROM tickets"), ==, 3);

  /* The duties: held by one process still (the first's lock went with its connection;
   * one of the two has it again within the housekeeping's round). */
  {
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

    while (duty_holder (db) == 0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        yc_test_run_for (200);
      }
  }

  soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  platform_stop (processes, dir, db);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/platform/two-processes", test_two_processes);
  g_test_add_func ("/platform/duty-handover", test_duty_handover);
  g_test_add_func ("/platform/export", test_export);
  g_test_add_func ("/platform/load-balancer", test_load_balancer);
  g_test_add_func ("/platform/halls", test_halls);
  g_test_add_func ("/platform/export-into-city", test_export_into_city);
  g_test_add_func ("/platform/reconnect", test_reconnect);
  return g_test_run ();
}
