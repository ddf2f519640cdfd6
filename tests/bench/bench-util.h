/* bench-util.h: what the benchmarks share: the synthetic city catalogue cut into the
 * pages a server sends, a 1 ms tick that measures how long the main loop went without
 * running, and the figures read from /proc and the disk. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../test-util.h"

/* The catalogue file: BENCH_CATALOGUE, or 250,000 entries written into dir by the
 * generator named on the command line (tools/gen-catalogue by default). */
static inline char *
bench_catalogue_file (int         argc,
                      char       *argv[],
                      const char *dir)
{
  const char *gen = argc > 1 ? argv[1] : "tools/gen-catalogue";
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  char *path;
  int status;

  if (g_getenv ("BENCH_CATALOGUE") != NULL)
    return g_strdup (g_getenv ("BENCH_CATALOGUE"));

  path = g_build_filename (dir, "catalogue.json", NULL);
  command = g_strdup_printf ("python3 '%s' 250000 '%s'", gen, path);
  if (!g_spawn_command_line_sync (command, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("cannot generate the catalogue: %s", error->message);
  return path;
}

/* Called with each page in turn; first is the index of its first entry in the file. */
typedef void (*BenchPageFunc) (JsonNode *page,
                               guint     first,
                               gpointer  user_data);

/* Cuts the catalogue in path (a GET /catalogue?since=0 answer) into the pages of at most
 * page_size entries a server sends, with the members docs/api.md gives them. Returns
 * the number of entries. Megabytes of JSON: for a worker thread. */
static inline guint
bench_catalogue_pages (const char    *path,
                       guint          page_size,
                       BenchPageFunc  func,
                       gpointer       user_data)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *changes;
  const char *epoch;
  gint64 since = 0, latest = 0;
  guint n;

  if (!json_parser_load_from_mapped_file (parser, path, &error))
    g_error ("cannot read %s: %s", path, error->message);
  root = json_node_get_object (json_parser_get_root (parser));
  epoch = json_object_get_string_member (root, "epoch");
  changes = json_object_get_array_member (root, "changes");
  n = json_array_get_length (changes);
  for (guint i = 0; i < n; i++)
    latest = MAX (latest, json_object_get_int_member (json_array_get_object_element (changes, i), "revision"));

  for (guint start = 0; start < n; start += page_size)
    {
      guint end = MIN (start + page_size, n);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) page = NULL;
      gint64 revision = 0;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "epoch");
      json_builder_add_string_value (builder, epoch);
      json_builder_set_member_name (builder, "since");
      json_builder_add_int_value (builder, since);
      json_builder_set_member_name (builder, "changes");
      json_builder_begin_array (builder);
      for (guint i = start; i < end; i++)
        {
          JsonNode *element = json_array_get_element (changes, i);

          revision = MAX (revision, json_object_get_int_member (json_node_get_object (element), "revision"));
          json_builder_add_value (builder, json_node_copy (element));
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "removals");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "revision");
      json_builder_add_int_value (builder, revision);
      json_builder_set_member_name (builder, "latest");
      json_builder_add_int_value (builder, latest);
      json_builder_set_member_name (builder, "more");
      json_builder_add_boolean_value (builder, end < n);
      json_builder_end_object (builder);

      page = json_builder_get_root (builder);
      func (page, start, user_data);
      since = revision;
    }
  return n;
}

/* main-loop stall */

typedef struct
{
  guint   source;
  gint64  last;
  gint64  last_cpu;
  gint64  max_gap;      /* µs */
  gint64  max_gap_cpu;  /* µs the main thread ran during that gap: near max_gap, a
                         * callback held the loop; near 0, the thread was not scheduled */
  gint64  max_busy;     /* the most µs the main thread ran between two ticks: the
                         * longest stall on a machine with a CPU to spare */
  GArray *gaps;         /* double, ms: every gap between two ticks */
} BenchTicker;

/* CPU time of the calling thread, µs. */
static inline gint64
bench_thread_cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static inline gboolean
bench_ticker_tick_cb (gpointer data)
{
  BenchTicker *ticker = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = bench_thread_cpu_time ();

  if (ticker->last != 0)
    {
      double ms = (now - ticker->last) / 1000.0;

      if (now - ticker->last > ticker->max_gap)
        {
          ticker->max_gap = now - ticker->last;
          ticker->max_gap_cpu = cpu - ticker->last_cpu;
        }
      ticker->max_busy = MAX (ticker->max_busy, cpu - ticker->last_cpu);
      g_array_append_val (ticker->gaps, ms);
    }
  ticker->last = now;
  ticker->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

/* A 1 ms timer on the default main context: a long gap between its ticks is a stall.
 * tick_cb, when not NULL, is called instead of bench_ticker_tick_cb() and calls it. */
static inline void
bench_ticker_start (BenchTicker *ticker,
                    GSourceFunc  tick_cb)
{
  ticker->last = ticker->last_cpu = 0;
  ticker->max_gap = ticker->max_gap_cpu = ticker->max_busy = 0;
  ticker->gaps = g_array_new (FALSE, FALSE, sizeof (double));
  ticker->source = g_timeout_add (1, tick_cb != NULL ? tick_cb : bench_ticker_tick_cb, ticker);
}

static inline void
bench_ticker_stop (BenchTicker *ticker)
{
  g_clear_handle_id (&ticker->source, g_source_remove);
}

static inline void
bench_ticker_clear (BenchTicker *ticker)
{
  bench_ticker_stop (ticker);
  g_clear_pointer (&ticker->gaps, g_array_unref);
}

/* figures */

/* A field of /proc/self/status ("VmRSS:", "VmHWM:"), in KiB; 0 if unknown. */
static inline guint64
bench_status_kib (const char *field)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL) ||
      (line = strstr (text, field)) == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen (field) + 1, NULL, 10);
}

static inline guint64
bench_file_size (const char *path,
                 const char *suffix)
{
  g_autofree char *name = g_strconcat (path, suffix, NULL);
  struct stat st;

  return g_stat (name, &st) == 0 ? (guint64) st.st_size : 0;
}

/* A SQLite database with its write-ahead log and shared memory. */
static inline guint64
bench_db_size (const char *path)
{
  return bench_file_size (path, "") + bench_file_size (path, "-wal") + bench_file_size (path, "-shm");
}

static inline int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Sorts samples (double) in place; p is a fraction, 0.99 for the 99th percentile. */
static inline double
bench_percentile (GArray *samples,
                  double  p)
{
  g_return_val_if_fail (p >= 0 && p <= 1, 0);
  if (samples->len == 0)
    return 0;
  g_array_sort (samples, bench_compare_doubles);
  return g_array_index (samples, double, (guint) (p * (samples->len - 1) + 0.5));
}
