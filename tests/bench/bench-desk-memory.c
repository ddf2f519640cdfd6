/* bench-desk-memory.c: the memory the real desk holds, as a clerk's PC shows it: the
 * yichuang program, logged in to a server on a thread of this process, its VmRSS read
 * from /proc/PID/status. Nothing trims the desk from outside: the figures are what `ps`
 * and the task manager show. Prints one JSON object.
 *
 *   xvfb-run -a meson test -C _build --benchmark desk-memory
 *   bench-desk-memory YICHUANG GEN-CATALOGUE   (BENCH_CATALOGUE=file.json uses that file)
 *
 * The server is the demo hall with no catalogue at all. The desk starts with an empty
 * data folder, the clerk's number and window remembered, and the PIN is typed through
 * XTEST (libXtst, opened at run time) as a clerk types it. Once the desk is logged in, has
 * synced the empty catalogue and its RSS has settled, that is "logged_in": the desk
 * without a catalogue. Then the server stops, gets the city catalogue (250,000 entries, a
 * new epoch) and starts again on the same port; the desk finds it back (its queue polls
 * while the event stream is down), syncs the catalogue from scratch through its real
 * path, and once the import is in its catalogue.db and the RSS has settled again, that is
 * "with_catalogue". The target: the catalogue adds at most 20 MB.
 *
 * Settled: the RSS moved less than SETTLE_KIB over the last SETTLE_S seconds. Each RSS
 * is also given as its anonymous part (heap, stacks: what the desk's own code holds) and
 * its file part (libraries and fonts mapped, much the same in both). sync_s runs from the
 * server's restart to the import complete in catalogue.db, so it includes up to 2 s
 * before the desk's queue finds the server back; sync_cpu_s is the CPU the desk used
 * meanwhile. peak_rss_mib is VmHWM. The GTK renderer is cairo, as in the tests (Mesa's
 * software GL under Xvfb would add its own memory, the same in both figures); LANGUAGE
 * is zh_CN, so the CJK fonts are loaded.
 *
 * BENCH_HOLD=SECONDS keeps the desk running that long after the figures, to look at it
 * (gdb -p PID, /proc/PID/smaps).
 */
#include <gmodule.h>
#include <locale.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/yc-wire.h"
#include "server/yc-server-thread.h"
#include "bench-util.h"
#include "../test-util.h"

#define CLERK       "1001"
#define PIN         "123456"
#define WINDOW      1
#define SETTLE_S    10
#define SETTLE_KIB  1024
#define SAMPLE_MS   500
#define TIMEOUT_S   600

/* The desk's process */

static GPid desk_pid;

static guint64
desk_status_kib (const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) desk_pid);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, field)) == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen (field) + 1, NULL, 10);
}

/* CPU time the desk has used, user and system, in seconds. */
static double
desk_cpu_s (void)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) desk_pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  /* The command's name, in parentheses, may hold spaces: the fields follow its end. */
  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return 0;
  fields = g_strsplit (after + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return 0;
  /* state is the first field after the name: utime and stime are the 12th and 13th. */
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static void
check_desk_alive (void)
{
  int status;

  if (waitpid (desk_pid, &status, WNOHANG) == desk_pid)
    g_error ("the desk has ended (status %d)", status);
}

/* The desk's stdout would mix with the figures. */
static void
desk_child_setup (gpointer data)
{
  dup2 (STDERR_FILENO, STDOUT_FILENO);
}

static void
start_desk (const char *desk,
            const char *dir,
            const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *settings_dir = g_build_filename (config, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (settings_dir, "keyfile", NULL);
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { desk, "--server", url, NULL };

  /* The clerk's number and window, remembered as after an earlier log-in. */
  g_mkdir_with_parents (settings_dir, 0700);
  if (!g_file_set_contents (keyfile,
                            "[cn/yichuang/Desk]\nclerk='" CLERK "'\nwindow=" G_STRINGIFY (WINDOW) "\n",
                            -1, &error))
    g_error ("%s", error->message);

  env = g_environ_setenv (env, "XDG_CONFIG_HOME", config, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", data, TRUE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "keyfile", TRUE);
  env = g_environ_setenv (env, "LANGUAGE", "zh_CN", TRUE);
  env = g_environ_setenv (env, "GTK_A11Y", "none", TRUE);
  /* The tests' fatal warnings are not the desk's: a clerk's desk goes on. */
  env = g_environ_unsetenv (env, "G_DEBUG");
  env = g_environ_unsetenv (env, "G_SLICE");

  if (!g_spawn_async (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD,
                      desk_child_setup, NULL, &desk_pid, &error))
    g_error ("cannot start the desk: %s", error->message);
}

static void
stop_desk (void)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  int status;

  kill (desk_pid, SIGTERM);
  while (waitpid (desk_pid, &status, WNOHANG) != desk_pid)
    {
      if (g_get_monotonic_time () > deadline)
        {
          kill (desk_pid, SIGKILL);
          waitpid (desk_pid, &status, 0);
          break;
        }
      g_usleep (50 * 1000);
    }
  g_spawn_close_pid (desk_pid);
}

/* The keyboard, through XTEST: libX11 and libXtst are opened at run time, so building
 * the benchmarks needs neither's headers. */

typedef struct
{
  GModule       *x11;
  GModule       *xtst;
  gpointer       display;
  gpointer      (*open_display)      (const char *name);
  int           (*close_display)     (gpointer display);
  unsigned long (*string_to_keysym)  (const char *name);
  unsigned char (*keysym_to_keycode) (gpointer display, unsigned long keysym);
  int           (*flush)             (gpointer display);
  int           (*fake_key)          (gpointer display, unsigned int keycode, int press, unsigned long delay);
  int           (*fake_motion)       (gpointer display, int screen, int x, int y, unsigned long delay);
} Keyboard;

static void
keyboard_open (Keyboard *kb)
{
  kb->x11 = g_module_open ("libX11.so.6", G_MODULE_BIND_LOCAL);
  kb->xtst = g_module_open ("libXtst.so.6", G_MODULE_BIND_LOCAL);
  if (kb->x11 == NULL || kb->xtst == NULL ||
      !g_module_symbol (kb->x11, "XOpenDisplay", (gpointer *) &kb->open_display) ||
      !g_module_symbol (kb->x11, "XCloseDisplay", (gpointer *) &kb->close_display) ||
      !g_module_symbol (kb->x11, "XStringToKeysym", (gpointer *) &kb->string_to_keysym) ||
      !g_module_symbol (kb->x11, "XKeysymToKeycode", (gpointer *) &kb->keysym_to_keycode) ||
      !g_module_symbol (kb->x11, "XFlush", (gpointer *) &kb->flush) ||
      !g_module_symbol (kb->xtst, "XTestFakeKeyEvent", (gpointer *) &kb->fake_key) ||
      !g_module_symbol (kb->xtst, "XTestFakeMotionEvent", (gpointer *) &kb->fake_motion))
    g_error ("cannot load libX11 and libXtst: %s", g_module_error ());
  if ((kb->display = kb->open_display (NULL)) == NULL)
    g_error ("cannot open the X display (run under xvfb-run -a)");
}

static void
keyboard_close (Keyboard *kb)
{
  kb->close_display (kb->display);
  g_module_close (kb->xtst);
  g_module_close (kb->x11);
}

/* keys: "Control_L+a" presses both together. */
static void
keyboard_press (Keyboard   *kb,
                const char *keys)
{
  g_auto(GStrv) names = g_strsplit (keys, "+", -1);
  guint n = g_strv_length (names);
  g_autofree unsigned char *codes = g_new0 (unsigned char, n);

  for (guint i = 0; i < n; i++)
    codes[i] = kb->keysym_to_keycode (kb->display, kb->string_to_keysym (names[i]));
  for (guint i = 0; i < n; i++)
    kb->fake_key (kb->display, codes[i], 1, 0);
  for (guint i = n; i > 0; i--)
    kb->fake_key (kb->display, codes[i - 1], 0, 0);
  kb->flush (kb->display);
  g_usleep (30 * 1000);
}

/* Without a window manager the keyboard follows the pointer: it goes over the window,
 * whose log-in page has the PIN focused (clerk and window are remembered). */
static void
type_pin (Keyboard *kb)
{
  kb->fake_motion (kb->display, -1, 400, 300, 0);
  kb->flush (kb->display);
  g_usleep (200 * 1000);
  keyboard_press (kb, "Control_L+a");
  for (const char *c = PIN; *c != '\0'; c++)
    {
      char name[2] = { *c, '\0' };

      keyboard_press (kb, name);
    }
  keyboard_press (kb, "Return");
}

/* Databases, read from outside */

static gboolean
db_query_int (const char *path,
              const char *sql,
              gint64     *value)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (g_file_test (path, G_FILE_TEST_EXISTS) &&
      sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_busy_timeout (db, 5000) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      *value = sqlite3_column_int64 (stmt, 0);
      found = TRUE;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return found;
}

static void
db_exec (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  if (sqlite3_open (path, &db) != SQLITE_OK ||
      sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", path, message != NULL ? message : sqlite3_errmsg (db));
  sqlite3_close (db);
}

/* The catalogue file's changes as the server's rows, in a database of their own: the
 * server takes them in one statement when its turn comes. Returns the entries. */
static guint
stage_catalogue (const char  *json_path,
                 const char  *staged,
                 char       **epoch,
                 gint64      *revision)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  JsonObject *root;
  JsonArray *changes;
  guint n;

  if (!json_parser_load_from_mapped_file (parser, json_path, &error))
    g_error ("cannot read %s: %s", json_path, error->message);
  root = json_node_get_object (json_parser_get_root (parser));
  *epoch = g_strdup (json_object_get_string_member (root, "epoch"));
  *revision = json_object_get_int_member (root, "revision");
  changes = json_object_get_array_member (root, "changes");
  n = json_array_get_length (changes);

  if (sqlite3_open (staged, &db) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                        "CREATE TABLE catalogue (kind TEXT, code TEXT, body TEXT, revision INTEGER);"
                        "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO catalogue VALUES (?1, ?2, ?3, ?4)", -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", staged, sqlite3_errmsg (db));
  for (guint i = 0; i < n; i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);
      g_autofree char *body = yc_wire_to_string (json_object_get_member (change, "body"));

      sqlite3_bind_text (stmt, 1, json_object_get_string_member (change, "kind"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, json_object_get_string_member (change, "code"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, body, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, json_object_get_int_member (change, "revision"));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("%s: %s", staged, sqlite3_errmsg (db));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s: %s", staged, sqlite3_errmsg (db));
  sqlite3_close (db);
  return n;
}

/* The server */

static YcServerThread *
server_start (const char *db_path,
              gboolean    demo_data,
              guint       port)
{
  g_autoptr(GError) error = NULL;
  YcServerOptions options = { .db_path = db_path, .demo_data = demo_data, .port = port };
  YcServerThread *server = yc_server_thread_start (&options, &error);

  if (server == NULL)
    g_error ("the server does not start: %s", error->message);
  return server;
}

/* Figures */

typedef struct
{
  guint64  rss_kib;
  guint64  anon_kib;   /* of it, the heap, stacks and other private memory */
  guint64  file_kib;   /* libraries, fonts and other files mapped */
  double   waited_s;
  gboolean settled;
} Reading;

/* Samples the desk's RSS until it has moved less than SETTLE_KIB for SETTLE_S seconds. */
static Reading
settle (void)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint window = SETTLE_S * 1000 / SAMPLE_MS;
  gint64 start = g_get_monotonic_time ();
  Reading reading = { 0 };

  while (g_get_monotonic_time () - start < (gint64) TIMEOUT_S * G_USEC_PER_SEC)
    {
      guint64 rss = desk_status_kib ("VmRSS:");
      guint64 low = G_MAXUINT64, high = 0;

      check_desk_alive ();
      g_array_append_val (samples, rss);
      if (samples->len > window)
        {
          for (guint i = samples->len - window - 1; i < samples->len; i++)
            {
              low = MIN (low, g_array_index (samples, guint64, i));
              high = MAX (high, g_array_index (samples, guint64, i));
            }
          if (high - low < SETTLE_KIB)
            {
              reading.settled = TRUE;
              break;
            }
        }
      g_usleep (SAMPLE_MS * 1000);
    }
  reading.rss_kib = desk_status_kib ("VmRSS:");
  reading.anon_kib = desk_status_kib ("RssAnon:");
  reading.file_kib = desk_status_kib ("RssFile:");
  reading.waited_s = (g_get_monotonic_time () - start) / 1e6;
  return reading;
}

/* Polls cond (an expression) every 100 ms, failing after TIMEOUT_S seconds. */
#define wait_for(cond)                                                                   \
  G_STMT_START {                                                                         \
    gint64 _deadline = g_get_monotonic_time () + (gint64) TIMEOUT_S * G_USEC_PER_SEC;    \
    while (!(cond))                                                                      \
      {                                                                                  \
        check_desk_alive ();                                                             \
        if (g_get_monotonic_time () > _deadline)                                         \
          g_error ("timed out waiting for: %s", #cond);                                  \
        g_usleep (100 * 1000);                                                           \
      }                                                                                  \
  } G_STMT_END

static gboolean
logged_in (const char *server_db)
{
  gint64 n = 0;

  return db_query_int (server_db,
                       "SELECT count (*) FROM sessions WHERE clerk = '" CLERK "' AND simulated = 0",
                       &n) && n > 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-bench-desk-memory-XXXXXX", &error);
  g_autofree char *server_db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *staged = g_build_filename (dir, "staged.db", NULL);
  g_autofree char *desk_db = g_build_filename (dir, "data", "yichuang", "desk.db", NULL);
  g_autofree char *cache_db = g_build_filename (dir, "data", "yichuang", "catalogue.db", NULL);
  g_autofree char *json_path = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *url = NULL;
  g_autofree char *move_sql = NULL;
  g_autofree char *done_sql = NULL;
  YcServerThread *server;
  Keyboard kb = { 0 };
  Reading before, after;
  guint port, n_entries, attempts = 0;
  guint64 hwm_before_kib, hwm_kib, rss_synced_kib;
  gint64 revision, value, login_start, logged, restart, synced;
  double cpu_restart, cpu_synced;
  const char *desk;

  g_assert_no_error (error);
  setlocale (LC_ALL, "");
  if (argc < 2)
    g_error ("usage: bench-desk-memory YICHUANG [GEN-CATALOGUE]");
  desk = argv[1];
  json_path = bench_catalogue_file (argc - 1, argv + 1, dir);
  n_entries = stage_catalogue (json_path, staged, &epoch, &revision);
  /* The parse's gigabytes are this process's, not the desk's: back to the system. */
  malloc_trim (0);
  if (g_getenv ("BENCH_CATALOGUE") == NULL)
    g_unlink (json_path);
  keyboard_open (&kb);

  /* The demo hall, without its catalogue: the desk first logs in to none. */
  server = server_start (server_db, TRUE, 0);
  port = yc_server_thread_get_port (server);
  yc_server_thread_stop (server);
  db_exec (server_db, "DELETE FROM catalogue");
  server = server_start (server_db, FALSE, port);
  url = g_strdup (yc_server_thread_get_url (server));

  start_desk (desk, dir, url);
  /* The log-in page takes the PIN once the desk's store is open; keys typed before the
   * window is up are lost, so the PIN is typed again until the server has a session. */
  wait_for (g_file_test (desk_db, G_FILE_TEST_EXISTS));
  login_start = g_get_monotonic_time ();
  while (!logged_in (server_db))
    {
      gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      if (++attempts > 5)
        g_error ("the desk did not log in");
      check_desk_alive ();
      type_pin (&kb);
      while (!logged_in (server_db) && g_get_monotonic_time () < until)
        g_usleep (100 * 1000);
    }
  logged = g_get_monotonic_time ();
  /* The empty catalogue synced: the desk is as it is without one. */
  wait_for (db_query_int (cache_db, "SELECT count (*) FROM meta WHERE key = 'active_epoch'", &value) && value > 0);
  before = settle ();
  hwm_before_kib = desk_status_kib ("VmHWM:");

  /* The server comes back with the city's catalogue under a new epoch. */
  yc_server_thread_stop (server);
  move_sql = g_strdup_printf ("ATTACH '%s' AS staged; BEGIN;"
                              "INSERT INTO catalogue (kind, code, body, revision)"
                              " SELECT kind, code, body, revision FROM staged.catalogue;"
                              "INSERT OR REPLACE INTO meta (key, value) VALUES ('catalogue.epoch', '%s');"
                              "COMMIT; DETACH staged;",
                              staged, epoch);
  db_exec (server_db, move_sql);
  server = server_start (server_db, FALSE, port);
  restart = g_get_monotonic_time ();
  cpu_restart = desk_cpu_s ();

  done_sql = g_strdup_printf ("SELECT count (*) FROM meta WHERE key = 'active_revision' AND value = %"
                              G_GINT64_FORMAT, revision);
  wait_for (db_query_int (cache_db, done_sql, &value) && value > 0);
  synced = g_get_monotonic_time ();
  cpu_synced = desk_cpu_s ();
  rss_synced_kib = desk_status_kib ("VmRSS:");
  after = settle ();
  hwm_kib = desk_status_kib ("VmHWM:");

  printf ("{\"benchmark\":\"desk-memory\",\"entries\":%u,\"login_s\":%.1f,\"login_attempts\":%u,"
          "\"logged_in\":{\"rss_mib\":%.1f,\"anon_mib\":%.1f,\"file_mib\":%.1f,\"settled\":%s},"
          "\"sync_s\":%.1f,\"sync_cpu_s\":%.1f,\"rss_at_sync_end_mib\":%.1f,"
          "\"with_catalogue\":{\"rss_mib\":%.1f,\"anon_mib\":%.1f,\"file_mib\":%.1f,\"settled\":%s,"
          "\"settle_s\":%.1f},"
          "\"catalogue_adds_mib\":%.1f,\"catalogue_adds_anon_mib\":%.1f,"
          "\"peak_rss_mib\":{\"logged_in\":%.1f,\"sync\":%.1f},\"cache_mib\":%.1f,"
          "\"targets\":{\"catalogue_adds_mb\":20}}\n",
          n_entries, (logged - login_start) / 1e6, attempts,
          before.rss_kib / 1024.0, before.anon_kib / 1024.0, before.file_kib / 1024.0,
          before.settled ? "true" : "false",
          (synced - restart) / 1e6, cpu_synced - cpu_restart, rss_synced_kib / 1024.0,
          after.rss_kib / 1024.0, after.anon_kib / 1024.0, after.file_kib / 1024.0,
          after.settled ? "true" : "false", after.waited_s,
          ((double) after.rss_kib - (double) before.rss_kib) / 1024.0,
          ((double) after.anon_kib - (double) before.anon_kib) / 1024.0,
          hwm_before_kib / 1024.0, hwm_kib / 1024.0, bench_db_size (cache_db) / 1048576.0);
  fflush (stdout);

  if (g_getenv ("BENCH_HOLD") != NULL)
    {
      g_printerr ("desk %d held for %s s\n", (int) desk_pid, g_getenv ("BENCH_HOLD"));
      g_usleep (g_ascii_strtoull (g_getenv ("BENCH_HOLD"), NULL, 10) * G_USEC_PER_SEC);
    }
  stop_desk ();
  yc_server_thread_stop (server);
  keyboard_close (&kb);
  if (g_getenv ("BENCH_KEEP") == NULL)
    yc_test_remove_tree (dir);
  else
    g_printerr ("kept %s\n", dir);
  return 0;
}
