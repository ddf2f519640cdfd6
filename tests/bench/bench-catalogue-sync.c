/* bench-catalogue-sync.c: the city catalogue (250,000 entries) the way a desk receives
 * it: YcCatalogueSync asks YcClient for GET /catalogue?since=REV&limit=5000 over HTTP and
 * hands each page to the cache. Measures the whole import, the longest stall of the main
 * loop meanwhile, the progress the sync reports, memory and size on disk. The server
 * runs on a thread and main context of its own and answers with pages written out
 * beforehand, so serving costs the desk's main loop nothing. Prints one JSON object.
 *
 *   bench-catalogue-sync GEN-CATALOGUE   (BENCH_CATALOGUE=file.json uses that file instead)
 *
 * max_stall_ms is wall time, so it counts the time the main thread waited for a CPU;
 * max_busy_ms is the most CPU time the main thread spent between two ticks, what a stall
 * would be on a machine with a CPU to spare.
 *
 * Memory: rss_mib is the process as it is after the import, rss_trimmed_mib the same after
 * malloc_trim(0), which hands freed heap back to the system. This process also parsed the
 * catalogue file and served its pages, so neither is what a clerk's PC sees of the desk:
 * that is bench-desk-memory's figure, the real desk measured from outside.
 *
 * BENCH_VERBOSE=1 tells on stderr, on one clock, when the server is asked for each page
 * and has sent it, each fraction the sync reports, and each gap of the tick over 20 ms
 * (or with over 5 ms of CPU) with what the main thread did meanwhile. Reading the
 * scheduler's figures every tick costs the main loop some CPU of its own.
 */
#include <libsoup/soup.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "core/yc-malloc.h"
#include "core/yc-wire.h"
#include "net/yc-catalogue-sync.h"
#include "bench-util.h"
#include "../test-util.h"

#define PAGE      5000
#define TIMEOUT_S 600

static gboolean verbose;
static gint64 origin;  /* BENCH_VERBOSE's clock: µs from the run's start */

/* The server */

typedef struct
{
  GHashTable *pages;    /* since (gint64 *) → GBytes: the page's JSON text as sent */
  guint       entries;
  guint64     bytes;
} Catalogue;

static void
catalogue_free (Catalogue *catalogue)
{
  g_clear_pointer (&catalogue->pages, g_hash_table_unref);
  g_free (catalogue);
}

static void
serialise_page_cb (JsonNode *page,
                   guint     first,
                   gpointer  user_data)
{
  Catalogue *catalogue = user_data;
  gint64 *since = g_new (gint64, 1);
  char *text = yc_wire_to_string (page);
  gsize length = strlen (text);

  *since = json_object_get_int_member (json_node_get_object (page), "since");
  catalogue->bytes += length;
  g_hash_table_insert (catalogue->pages, since, g_bytes_new_take (text, length));
}

/* Writing the pages out is not part of the figures: a server has them at hand. */
static void
serialise_in_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const char *path = task_data;
  Catalogue *catalogue = g_new0 (Catalogue, 1);

  catalogue->pages = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                            (GDestroyNotify) g_bytes_unref);
  catalogue->entries = bench_catalogue_pages (path, PAGE, serialise_page_cb, catalogue);
  g_task_return_pointer (task, catalogue, (GDestroyNotify) catalogue_free);
}

typedef struct
{
  GHashTable   *pages;     /* read only while the thread runs */
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  GMutex        lock;
  GCond         cond;
  guint         port;      /* under lock; 0 until the server listens */
  guint         served;    /* atomic: catalogue pages answered */
} Server;

static const char session_json[] =
  "{\"token\":\"bench\",\"clerk\":{\"id\":\"1001\",\"name\":\"张敏\"},\"window\":{\"id\":1,\"name\":\"1号窗口\"},"
  "\"hall\":{\"name\":\"示范市政务服务中心\"},\"services\":[{\"letter\":\"A\",\"name\":\"综合事务\"}]}";

static void
send_text (SoupServerMessage *msg,
           guint              status,
           const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, text, strlen (text));
}

static void
on_page_sent_cb (SoupServerMessage *msg)
{
  g_printerr ("%10.3f ms  the server has sent it\n", (g_get_monotonic_time () - origin) / 1000.0);
}

/* Any log-in succeeds, any bearer is welcome: only the catalogue's path is measured. */
static void
server_handler (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Server *server = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *since = query != NULL ? g_hash_table_lookup (query, "since") : NULL;
  const char *limit = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  const char *bearer = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  GBytes *page;
  gint64 key;

  if (g_str_equal (path, "/api/v1/sessions") && g_str_equal (method, "POST"))
    {
      send_text (msg, SOUP_STATUS_CREATED, session_json);
      return;
    }
  if (!g_str_equal (path, "/api/v1/catalogue") || !g_str_equal (method, "GET"))
    {
      send_text (msg, SOUP_STATUS_NOT_FOUND, "{\"error\":{\"code\":\"not_found\",\"message\":\"no such path\"}}");
      return;
    }
  if (bearer == NULL || !g_str_has_prefix (bearer, "Bearer "))
    {
      send_text (msg, SOUP_STATUS_UNAUTHORIZED, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"no token\"}}");
      return;
    }
  /* The pages were cut beforehand: another size would be another benchmark. */
  if (limit != NULL && g_ascii_strtoull (limit, NULL, 10) != PAGE)
    {
      send_text (msg, SOUP_STATUS_BAD_REQUEST,
                 "{\"error\":{\"code\":\"bad_request\",\"message\":\"this server has pages of 5000\"}}");
      return;
    }

  key = since != NULL ? g_ascii_strtoll (since, NULL, 10) : 0;
  page = g_hash_table_lookup (server->pages, &key);
  if (page == NULL)
    {
      send_text (msg, SOUP_STATUS_BAD_REQUEST,
                 "{\"error\":{\"code\":\"bad_request\",\"message\":\"no page starts there\"}}");
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/json", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), page);
  g_atomic_int_inc (&server->served);
  if (verbose)
    {
      g_printerr ("%10.3f ms  the server is asked for the page after %" G_GINT64_FORMAT "\n",
                  (g_get_monotonic_time () - origin) / 1000.0, key);
      g_signal_connect (msg, "finished", G_CALLBACK (on_page_sent_cb), NULL);
    }
}

static gpointer
server_thread (gpointer data)
{
  Server *server = data;
  g_autoptr(SoupServer) soup = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  /* The listener and every connection attach to the thread-default context. */
  g_main_context_push_thread_default (server->context);
  soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (soup, "/api/v1", server_handler, server, NULL);
  if (!soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("the server cannot listen: %s", error->message);
  uris = soup_server_get_uris (soup);

  g_mutex_lock (&server->lock);
  server->port = g_uri_get_port (uris->data);
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (server->loop);

  soup_server_disconnect (soup);
  g_clear_object (&soup);
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

static Server *
server_start (GHashTable *pages)
{
  Server *server = g_new0 (Server, 1);

  server->pages = pages;
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);
  server->thread = g_thread_new ("bench-server", server_thread, server);

  g_mutex_lock (&server->lock);
  while (server->port == 0)
    g_cond_wait (&server->cond, &server->lock);
  g_mutex_unlock (&server->lock);
  return server;
}

static gboolean
server_quit_cb (gpointer data)
{
  Server *server = data;

  g_main_loop_quit (server->loop);
  return G_SOURCE_REMOVE;
}

static void
server_stop (Server *server)
{
  g_main_context_invoke (server->context, server_quit_cb, server);
  g_thread_join (server->thread);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);
  g_free (server);
}

/* The desk */

typedef struct
{
  gint64  start;      /* when the run began, µs */
  gint64  end;        /* when it ended */
  guint   runs;       /* runs begun */
  GArray *fractions;  /* every "fraction" notified during the run */
} Watch;

static void
on_running_changed_cb (YcCatalogueSync *sync,
                       GParamSpec      *pspec,
                       Watch           *watch)
{
  if (yc_catalogue_sync_get_running (sync))
    {
      watch->start = g_get_monotonic_time ();
      watch->runs++;
    }
  else
    watch->end = g_get_monotonic_time ();
}

/* The sync sets the fraction right after the cache applied a page. */
static void
on_fraction_changed_cb (YcCatalogueSync *sync,
                        GParamSpec      *pspec,
                        Watch           *watch)
{
  double fraction = yc_catalogue_sync_get_fraction (sync);

  g_array_append_val (watch->fractions, fraction);
  if (verbose)
    g_printerr ("%10.3f ms  fraction %.3f\n", (g_get_monotonic_time () - origin) / 1000.0, fraction);
}

/* How long the calling thread has waited, runnable, for a CPU (ns), from the scheduler's
 * statistics; 0 if unknown. */
static guint64
run_delay_ns (void)
{
  g_autofree char *text = NULL;
  char *field;

  if (!g_file_get_contents ("/proc/thread-self/schedstat", &text, NULL, NULL) ||
      (field = strchr (text, ' ')) == NULL)
    return 0;
  return g_ascii_strtoull (field + 1, NULL, 10);
}

/* Tells each long gap and what the main thread did meanwhile: ran (a callback
 * held the loop), waited for a CPU (other threads had them), or neither (it slept,
 * in poll() or on a lock). */
static gboolean
verbose_tick_cb (gpointer data)
{
  BenchTicker *ticker = data;
  static guint64 last_delay;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = bench_thread_cpu_time ();
  guint64 delay = run_delay_ns ();

  if (ticker->last != 0 && (now - ticker->last > 20 * 1000 || cpu - ticker->last_cpu > 5 * 1000))
    g_printerr ("%10.3f ms  the main loop ran again after %.1f ms: %.1f ms on a CPU, %.1f ms waiting for one\n",
                (now - origin) / 1000.0, (now - ticker->last) / 1000.0,
                (cpu - ticker->last_cpu) / 1000.0, (delay - last_delay) / 1e6);
  last_delay = delay;
  return bench_ticker_tick_cb (ticker);
}

/* Resets VmHWM to the present RSS (Linux ≥ 4.0), so the peak is the sync's, not that of
 * parsing the whole catalogue file before. */
static gboolean
reset_peak_rss (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");
  gboolean done;

  if (file == NULL)
    return FALSE;
  done = fputs ("5", file) >= 0;
  return fclose (file) == 0 && done;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-bench-catalogue-sync-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "catalogue.db", NULL);
  g_autofree char *json_path = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(YcClient) client = NULL;
  g_autoptr(YcCatalogueCache) cache = NULL;
  g_autoptr(YcCatalogueSync) sync = NULL;
  Watch watch = { 0 };
  BenchTicker ticker = { 0 };
  Catalogue *catalogue;
  Server *server;
  GTask *task;
  guint n_pages, n_entries, cached = 0, progress_updates = 0;
  guint64 rss_before_kib, rss_before_trimmed_kib, rss_kib, rss_trimmed_kib, hwm_kib, db_bytes, page_bytes;
  gboolean hwm_reset;
  double last_fraction = -1;

  /* The desk's allocator, as in its main(). */
  yc_malloc_configure ();
  g_assert_no_error (error);
  setlocale (LC_ALL, "");
  verbose = g_getenv ("BENCH_VERBOSE") != NULL;
  json_path = bench_catalogue_file (argc, argv, dir);

  task = g_task_new (NULL, NULL, yc_test_result_cb, &result);
  g_task_set_task_data (task, g_strdup (json_path), g_free);
  g_task_run_in_thread (task, serialise_in_thread);
  g_object_unref (task);
  yc_test_wait_until (result != NULL, TIMEOUT_S);
  catalogue = g_task_propagate_pointer (G_TASK (result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  n_pages = g_hash_table_size (catalogue->pages);
  n_entries = catalogue->entries;
  page_bytes = catalogue->bytes;

  server = server_start (catalogue->pages);
  url = g_strdup_printf ("http://127.0.0.1:%u", server->port);

  /* As on the desk: the sync is there before the clerk logs in, and the log-in starts
   * its run. */
  client = yc_client_new (url);
  cache = yc_catalogue_cache_open (db, &error);
  g_assert_no_error (error);
  sync = yc_catalogue_sync_new (client, cache);
  yc_catalogue_sync_set_page_limit (sync, PAGE);
  watch.fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_signal_connect (sync, "notify::running", G_CALLBACK (on_running_changed_cb), &watch);
  g_signal_connect (sync, "notify::fraction", G_CALLBACK (on_fraction_changed_cb), &watch);

  yc_client_login_async (client, "1001", "123456", 1, NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, TIMEOUT_S);

  /* Both as the process is and trimmed: parsing the catalogue file and cutting it into
   * pages left this process's heap full of freed memory that is not the desk's. */
  rss_before_kib = bench_status_kib ("VmRSS:");
  malloc_trim (0);
  rss_before_trimmed_kib = bench_status_kib ("VmRSS:");
  hwm_reset = reset_peak_rss ();

  /* The session arrives with the finish: the run begins inside it. From there to the end
   * of the run, a 1 ms timer measures how long the main loop ever went without running. */
  origin = g_get_monotonic_time ();
  bench_ticker_start (&ticker, verbose ? verbose_tick_cb : NULL);
  if (verbose)
    g_printerr ("     0.000 ms  the run begins, at %.3f s on CLOCK_MONOTONIC\n", origin / 1e6);
  if (!yc_client_login_finish (client, result, &error))
    g_error ("cannot log in: %s", error->message);
  g_clear_object (&result);
  if (!yc_catalogue_sync_get_running (sync))
    g_error ("the log-in did not start a catalogue run");

  yc_test_wait_until (!yc_catalogue_sync_get_running (sync), TIMEOUT_S);
  bench_ticker_stop (&ticker);

  if (yc_catalogue_sync_get_problem (sync) != NULL)
    g_error ("the sync failed: %s", yc_catalogue_sync_get_problem (sync));
  if (yc_catalogue_sync_get_last_success (sync) <= 0)
    g_error ("the run ended without success");
  if (watch.runs != 1)
    g_error ("%u runs instead of one", watch.runs);
  for (YcCatalogueKind kind = YC_CATALOGUE_DEPARTMENT; kind <= YC_CATALOGUE_CALENDAR; kind++)
    cached += yc_catalogue_cache_get_count (cache, kind);
  if (cached != n_entries || (guint) g_atomic_int_get (&server->served) != n_pages)
    g_error ("%u entries of %u cached, %u pages of %u served",
             cached, n_entries, g_atomic_int_get (&server->served), n_pages);

  /* Progress the Guides page could show: each value between 0 and 1 it was told. */
  for (guint i = 0; i < watch.fractions->len; i++)
    {
      double fraction = g_array_index (watch.fractions, double, i);

      if (fraction >= 0 && fraction != last_fraction)
        progress_updates++;
      last_fraction = fraction;
    }

  /* What the desk holds with the catalogue imported: the server's pages are gone. */
  server_stop (server);
  g_clear_pointer (&catalogue, catalogue_free);
  rss_kib = bench_status_kib ("VmRSS:");
  hwm_kib = bench_status_kib ("VmHWM:");
  malloc_trim (0);
  rss_trimmed_kib = bench_status_kib ("VmRSS:");
  db_bytes = bench_db_size (db);

  printf ("{\"benchmark\":\"catalogue-sync\",\"entries\":%u,\"pages\":%u,\"page_size\":%d,"
          "\"page_text_mib\":%.1f,\"import_s\":%.2f,"
          "\"max_stall_ms\":%.1f,\"max_stall_cpu_ms\":%.1f,\"max_busy_ms\":%.1f,"
          "\"tick_gap_ms\":{\"p50\":%.2f,\"p99\":%.2f,\"ticks\":%u},"
          "\"rss_before_mib\":%.1f,\"rss_before_trimmed_mib\":%.1f,\"rss_mib\":%.1f,\"rss_trimmed_mib\":%.1f,"
          "\"vm_hwm_mib\":%.1f,\"vm_hwm_since\":\"%s\","
          "\"cache_mib\":%.1f,\"progress_updates\":%u,"
          "\"targets\":{\"import_s\":15,\"stall_ms\":50}}\n",
          n_entries, n_pages, PAGE,
          page_bytes / 1048576.0, (watch.end - watch.start) / 1e6,
          ticker.max_gap / 1000.0, ticker.max_gap_cpu / 1000.0, ticker.max_busy / 1000.0,
          bench_percentile (ticker.gaps, 0.5), bench_percentile (ticker.gaps, 0.99), ticker.gaps->len,
          rss_before_kib / 1024.0, rss_before_trimmed_kib / 1024.0, rss_kib / 1024.0, rss_trimmed_kib / 1024.0,
          hwm_kib / 1024.0, hwm_reset ? "run" : "process",
          db_bytes / 1048576.0, progress_updates);

  bench_ticker_clear (&ticker);
  g_array_unref (watch.fractions);
  yc_catalogue_sync_stop (sync);
  g_signal_handlers_disconnect_by_data (sync, &watch);
  yc_test_assert_finalized_soon (g_steal_pointer (&sync), 30);
  yc_test_assert_finalized_soon (g_steal_pointer (&cache), 30);
  yc_test_assert_finalized_soon (g_steal_pointer (&client), 30);
  if (g_getenv ("BENCH_KEEP") == NULL)
    yc_test_remove_tree (dir);
  else
    g_printerr ("kept %s\n", db);
  return 0;
}
