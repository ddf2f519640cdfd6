/* bench-catalogue.c: the city catalogue (250,000 entries) through the desk's cache:
 * import in pages of 5,000 while the main loop runs, size on disk, memory, and search
 * latency over 1,000 queries as a clerk types them. Prints one JSON object.
 *
 *   bench-catalogue GEN-CATALOGUE   (BENCH_CATALOGUE=file.json uses that file instead)
 */
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "core/yc-han.h"
#include "core/yc-malloc.h"
#include "core/yc-wire.h"
#include "store/yc-catalogue-cache.h"
#include "bench-util.h"
#include "../test-util.h"

#define PAGE      5000
#define N_QUERIES 1000
#define LIMIT     50

typedef struct
{
  GPtrArray *deltas;   /* YcCatalogueDelta, in order */
  GPtrArray *names;    /* a sample of item names */
  GPtrArray *codes;    /* and of item codes */
  guint      entries;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->deltas, g_ptr_array_unref);
  g_clear_pointer (&loaded->names, g_ptr_array_unref);
  g_clear_pointer (&loaded->codes, g_ptr_array_unref);
  g_free (loaded);
}

/* Each page decoded as the desk decodes it, and a sample of what clerks will look for. */
static void
page_cb (JsonNode *page,
         guint     first,
         gpointer  user_data)
{
  Loaded *loaded = user_data;
  g_autoptr(GError) error = NULL;
  JsonArray *changes = json_object_get_array_member (json_node_get_object (page), "changes");
  YcCatalogueDelta *delta;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *entry = json_array_get_object_element (changes, i);

      if ((first + i) % 211 == 0 && g_str_equal (json_object_get_string_member (entry, "kind"), "item"))
        {
          JsonObject *body = json_object_get_object_member (entry, "body");
          g_ptr_array_add (loaded->names, g_strdup (json_object_get_string_member (body, "name")));
          g_ptr_array_add (loaded->codes, g_strdup (json_object_get_string_member (entry, "code")));
        }
    }

  {
    g_autofree char *text = yc_wire_to_string (page);
    delta = yc_catalogue_delta_new_from_text (text, strlen (text), &error);
  }
  if (delta == NULL)
    g_error ("page at %u: %s", first, error->message);
  g_ptr_array_add (loaded->deltas, delta);
}

/* Cuts the answer into the pages a server would send, decoded as the desk decodes them. */
static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *path = task_data;
  Loaded *loaded = g_new0 (Loaded, 1);

  loaded->deltas = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_catalogue_delta_free);
  loaded->names = g_ptr_array_new_with_free_func (g_free);
  loaded->codes = g_ptr_array_new_with_free_func (g_free);
  loaded->entries = bench_catalogue_pages (path, PAGE, page_cb, loaded);

  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

/* queries */

/* What clerks type in Traditional (Hong Kong, Macao, Taiwan applicants' forms). */
static const char *traditional[] = {
  "營業執照", "戶口", "居民身份證", "社會保障卡", "醫師執業證書", "許可證", "登記", "變更",
  "註銷", "補辦", "換發", "經營許可", "食品經營許可證", "道路運輸", "建設工程規劃", "不動產權",
  "護士執業", "教師資格", "養老保險", "婚姻登記", "個體工商戶", "稅務登記", "住房公積金", "駕駛證",
};

/* Typed words, fed keystroke by keystroke. */
static const char *typed[] = {
  "qykb", "qiyekaiban", "yyzz", "yingyezhizhao", "shbzk", "shehuibaozhangka", "hkqy", "hukou",
  "jmsfz", "shenfenzheng", "bdcdj", "budongchan", "spjy", "shipinjingying", "ysbg", "yishi",
  "dlys", "daoluyunshu", "gjj", "gongjijin", "jhdj", "hunyin", "tx", "tuixiu", "ylbx", "yiliao",
};

static char *
utf8_slice (const char *text,
            glong       start,
            glong       len)
{
  const char *from = g_utf8_offset_to_pointer (text, start);
  const char *to = g_utf8_offset_to_pointer (from, len);
  return g_strndup (from, to - from);
}

static GPtrArray *
make_queries (Loaded *loaded)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250101);
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);

  while (queries->len < N_QUERIES)
    {
      guint kind = g_rand_int_range (rand, 0, 10);
      guint pick = g_rand_int_range (rand, 0, loaded->names->len);
      const char *name = g_ptr_array_index (loaded->names, pick);
      glong n_chars = g_utf8_strlen (name, -1);

      switch (kind)
        {
        case 0: case 1: case 2:
          {
            /* A Chinese substring of 1–6 characters. */
            glong want = g_rand_int_range (rand, 1, 7);
            glong len = MIN (n_chars, want);
            glong start = g_rand_int_range (rand, 0, (gint32) (n_chars - len + 1));
            g_ptr_array_add (queries, utf8_slice (name, start, len));
          }
          break;
        case 3:
          {
            /* A code, typed up to some length. */
            const char *code = g_ptr_array_index (loaded->codes, pick);
            gsize len = g_rand_int_range (rand, 3, (gint32) strlen (code) + 1);
            g_ptr_array_add (queries, g_strndup (code, len));
          }
          break;
        case 4: case 5:
          {
            /* Pinyin of a real name, full or initials, as far as typed so far. */
            g_autoptr(GPtrArray) keys = yc_han_pinyin_keys (name, 1);
            const char *key;
            gsize len;

            if (keys->len == 0 || *(key = g_ptr_array_index (keys, kind == 4 ? 0 : keys->len - 1)) == '\0')
              continue;
            len = g_rand_int_range (rand, 1, (gint32) strlen (key) + 1);
            g_ptr_array_add (queries, g_strndup (key, MIN (len, 12)));
          }
          break;
        case 6: case 7:
          {
            /* Keystroke by keystroke through a common word. */
            const char *word = typed[g_rand_int_range (rand, 0, G_N_ELEMENTS (typed))];
            for (gsize len = 1; len <= strlen (word) && queries->len < N_QUERIES; len++)
              g_ptr_array_add (queries, g_strndup (word, len));
          }
          break;
        case 8:
          g_ptr_array_add (queries, g_strdup (traditional[g_rand_int_range (rand, 0, G_N_ELEMENTS (traditional))]));
          break;
        default:
          /* A whole name, as pasted from a form. */
          g_ptr_array_add (queries, g_strdup (name));
          break;
        }
    }
  return queries;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-bench-catalogue-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "catalogue.db", NULL);
  g_autofree char *json_path = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(YcCatalogueCache) cache = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  BenchTicker ticker = { 0 };
  Loaded *loaded;
  GTask *task;
  gint64 start, import_us;
  guint n_pages, empty = 0, n_entries;
  guint64 rss_kib, rss_trimmed_kib, hwm_kib, db_bytes;
  double total_ms = 0;

  /* The desk's allocator, as in its main(). */
  yc_malloc_configure ();
  g_assert_no_error (error);
  setlocale (LC_ALL, "");
  json_path = bench_catalogue_file (argc, argv, dir);

  /* Reading and decoding the file is not part of the figures: the desk receives pages. */
  task = g_task_new (NULL, NULL, yc_test_result_cb, &result);
  g_task_set_task_data (task, g_strdup (json_path), g_free);
  g_task_run_in_thread (task, load_in_thread);
  g_object_unref (task);
  yc_test_wait_until (result != NULL, 600);
  loaded = g_task_propagate_pointer (G_TASK (result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  n_pages = loaded->deltas->len;
  n_entries = loaded->entries;
  /* Parsing the whole file left gigabytes freed in this process, which the desk, given
   * pages, never has: they must not weigh on the import's own trim (yc_malloc_give_back()). */
  malloc_trim (0);

  cache = yc_catalogue_cache_open (db, &error);
  g_assert_no_error (error);

  /* Import page by page, as a sync does; a 1 ms timer measures how long the main
   * loop ever went without running. */
  bench_ticker_start (&ticker, NULL);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_pages; i++)
    {
      YcCatalogueDelta *delta = g_ptr_array_steal_index (loaded->deltas, 0);

      yc_catalogue_cache_apply_async (cache, delta, NULL, yc_test_result_cb, &result);
      yc_test_wait_until (result != NULL, 600);
      if (!yc_catalogue_cache_apply_finish (cache, result, &error))
        g_error ("page %u: %s", i, error->message);
      g_clear_object (&result);
    }
  import_us = g_get_monotonic_time () - start;
  bench_ticker_stop (&ticker);
  g_assert_cmpuint (yc_catalogue_cache_get_count (cache, YC_CATALOGUE_ITEM), >, 0);

  queries = make_queries (loaded);
  g_clear_pointer (&loaded, loaded_free);

  /* Search as the clerk types: each query from the call to its answer on the main loop. */
  for (guint i = 0; i < queries->len; i++)
    {
      g_autoptr(GPtrArray) hits = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      yc_catalogue_cache_search_async (cache, g_ptr_array_index (queries, i), LIMIT, NULL, yc_test_result_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      hits = yc_catalogue_cache_search_finish (cache, result, &error);
      g_assert_no_error (error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (latencies, ms);
      total_ms += ms;
      empty += hits->len == 0;
      if (g_getenv ("BENCH_VERBOSE") != NULL && (ms > 5 || hits->len == 0))
        g_printerr ("%8.3f ms %3u hits  %s\n", ms, hits->len, (const char *) g_ptr_array_index (queries, i));
      g_clear_object (&result);
    }

  /* What the process holds with the catalogue imported and the decoded pages gone: as it
   * is, and after malloc_trim(0) (no less, if the cache gave back what it freed). */
  rss_kib = bench_status_kib ("VmRSS:");
  hwm_kib = bench_status_kib ("VmHWM:");
  malloc_trim (0);
  rss_trimmed_kib = bench_status_kib ("VmRSS:");
  db_bytes = bench_db_size (db);

  printf ("{\"benchmark\":\"catalogue\",\"entries\":%u,\"pages\":%u,\"page_size\":%d,"
          "\"import_s\":%.2f,\"longest_stall_ms\":%.1f,\"cache_bytes\":%" G_GUINT64_FORMAT ","
          "\"rss_mb\":%.1f,\"rss_trimmed_mb\":%.1f,\"peak_rss_mb\":%.1f,"
          "\"queries\":%u,\"empty_results\":%u,\"limit\":%d,"
          "\"search_ms\":{\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f,\"mean\":%.3f},"
          "\"targets\":{\"search_p99_ms\":10,\"stall_ms\":50,\"import_s\":15,\"rss_mb\":120}}\n",
          n_entries, n_pages, PAGE,
          import_us / 1e6, ticker.max_gap / 1000.0, db_bytes,
          rss_kib / 1024.0, rss_trimmed_kib / 1024.0, hwm_kib / 1024.0,
          queries->len, empty, LIMIT,
          bench_percentile (latencies, 0.5), bench_percentile (latencies, 0.99),
          bench_percentile (latencies, 1.0), total_ms / queries->len);
  bench_ticker_clear (&ticker);

  yc_test_assert_finalized_soon (g_steal_pointer (&cache), 30);
  if (g_getenv ("BENCH_KEEP") == NULL)
    yc_test_remove_tree (dir);
  else
    g_printerr ("kept %s\n", db);
  return 0;
}
