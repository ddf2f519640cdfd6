/* bench-catalogue.c: the city catalogue (250,000 entries) through the desk's cache:
 * import in pages of 5,000 while the main loop runs, size on disk, memory, and search
 * latency over 1,000 queries as a clerk types them, then 300 more in the habits the
 * search forgives (words apart, spaced or mixed pinyin, homophones, slips in pinyin).
 * Prints one JSON object: search_ms is all of them; classic_ms the first 1,000, as
 * before the habits were added; habits_ms the rest; short_pinyin_ms the queries of one
 * or two letters, the slowest kind once. Each also gives the CPU time the process spent
 * on a query (cpu_p99, cpu_max): on a machine shared with other work, the time from call
 * to answer also counts the waits for a core.
 *
 *   bench-catalogue GEN-CATALOGUE   (BENCH_CATALOGUE=file.json uses that file instead;
 *   BENCH_VERBOSE=1 lists the slow queries and those that find nothing; BENCH_KEEP=1
 *   keeps the cache; BENCH_QUERIES=file.txt writes the queries there)
 */
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/yc-han.h"
#include "core/yc-malloc.h"
#include "core/yc-wire.h"
#include "store/yc-catalogue-cache.h"
#include "bench-util.h"
#include "../test-util.h"

#define PAGE      5000
#define N_QUERIES 1000
#define N_HABITS  300
#define LIMIT     50

typedef struct
{
  GPtrArray  *deltas;   /* YcCatalogueDelta, in order */
  GPtrArray  *names;    /* a sample of item names */
  GPtrArray  *codes;    /* and of item codes */
  GPtrArray  *depts;    /* and of their departments' names ("" if unknown) */
  GHashTable *dept_names; /* department code → name */
  GPtrArray  *dept_codes; /* the sample's department codes, till the end */
  guint       entries;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->deltas, g_ptr_array_unref);
  g_clear_pointer (&loaded->names, g_ptr_array_unref);
  g_clear_pointer (&loaded->codes, g_ptr_array_unref);
  g_clear_pointer (&loaded->depts, g_ptr_array_unref);
  g_clear_pointer (&loaded->dept_names, g_hash_table_unref);
  g_clear_pointer (&loaded->dept_codes, g_ptr_array_unref);
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
      const char *kind = json_object_get_string_member (entry, "kind");

      if (g_str_equal (kind, "department"))
        {
          JsonObject *body = json_object_get_object_member (entry, "body");
          g_hash_table_insert (loaded->dept_names, g_strdup (json_object_get_string_member (entry, "code")),
                               g_strdup (json_object_get_string_member (body, "name")));
        }
      if ((first + i) % 211 == 0 && g_str_equal (kind, "item"))
        {
          JsonObject *body = json_object_get_object_member (entry, "body");
          g_ptr_array_add (loaded->names, g_strdup (json_object_get_string_member (body, "name")));
          g_ptr_array_add (loaded->codes, g_strdup (json_object_get_string_member (entry, "code")));
          g_ptr_array_add (loaded->dept_codes,
                           g_strdup (json_object_get_string_member_with_default (body, "department", "")));
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
  loaded->depts = g_ptr_array_new_with_free_func (g_free);
  loaded->dept_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  loaded->dept_codes = g_ptr_array_new_with_free_func (g_free);
  loaded->entries = bench_catalogue_pages (path, PAGE, page_cb, loaded);
  for (guint i = 0; i < loaded->dept_codes->len; i++)
    {
      const char *name = g_hash_table_lookup (loaded->dept_names, g_ptr_array_index (loaded->dept_codes, i));
      g_ptr_array_add (loaded->depts, g_strdup (name != NULL ? name : ""));
    }

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

/* Homophones an input method offers next to the character meant (the same toneless
 * pinyin): the one meant, the one picked. */
static const char *homophones[][2] = {
  { "照", "找" }, { "记", "纪" }, { "证", "正" }, { "登", "等" }, { "业", "页" }, { "办", "半" },
  { "保", "宝" }, { "户", "护" }, { "件", "建" }, { "请", "清" }, { "许", "需" }, { "可", "科" },
  { "更", "耕" }, { "销", "消" }, { "注", "住" }, { "设", "社" }, { "立", "力" }, { "批", "披" },
  { "核", "和" }, { "确", "却" }, { "认", "任" }, { "申", "身" }, { "领", "令" }, { "补", "不" },
  { "发", "法" }, { "资", "自" }, { "格", "个" }, { "执", "只" },
};

/* The pinyin of each of the first n characters, likeliest reading, apart. */
static GPtrArray *
syllables (const char *name,
           glong       n)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (glong i = 0; i < n; i++)
    {
      g_autofree char *c = utf8_slice (name, i, 1);
      g_autoptr(GPtrArray) keys = yc_han_pinyin_keys (c, 1);

      if (keys->len > 0)
        g_ptr_array_add (out, g_strdup (g_ptr_array_index (keys, 0)));
    }
  return out;
}

/* The habits the search forgives, on real names, as typed: each appended whole or
 * keystroke by keystroke. */
static void
add_habits (GPtrArray *queries,
            Loaded    *loaded)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);
  guint end = queries->len + N_HABITS;

  while (queries->len < end)
    {
      guint kind = g_rand_int_range (rand, 0, 6);
      guint pick = g_rand_int_range (rand, 0, loaded->names->len);
      const char *name = g_ptr_array_index (loaded->names, pick);
      glong n_chars = g_utf8_strlen (name, -1);

      if (n_chars < 4)
        continue;
      switch (kind)
        {
        case 0:
          {
            /* Two words of the name, the later one first: 执照 营业. */
            glong a = g_rand_int_range (rand, 0, (gint32) (n_chars - 3));
            glong b = g_rand_int_range (rand, (gint32) (a + 2), (gint32) (n_chars - 1));
            g_autofree char *first = utf8_slice (name, a, 2);
            g_autofree char *second = utf8_slice (name, b, 2);
            g_autofree char *start = utf8_slice (second, 0, 1);

            g_ptr_array_add (queries, g_strdup_printf ("%s %s", second, start));
            g_ptr_array_add (queries, g_strdup_printf ("%s %s", second, first));
          }
          break;
        case 1:
          {
            /* The department as clerks shorten it, and a word of the name: 市场监管 营业执照. */
            const char *dept = g_ptr_array_index (loaded->depts, pick);
            const char *core = g_str_has_prefix (dept, "示范市") ? dept + strlen ("示范市") : dept;
            glong n_core = g_utf8_strlen (core, -1);
            g_autofree char *word = utf8_slice (name, g_rand_int_range (rand, 0, (gint32) (n_chars - 1)), 2);
            g_autofree char *head = NULL, *tail = NULL;

            if (n_core < 4)
              continue;
            head = utf8_slice (core, 0, 2);
            tail = utf8_slice (core, MAX (n_core - 3, 2), 2);
            g_ptr_array_add (queries, g_strdup_printf ("%s%s %s", head, tail, word));
          }
          break;
        case 2:
          {
            /* Pinyin a syllable at a time, key by key: y, yi, … ying ye zhi. */
            g_autoptr(GPtrArray) parts = syllables (name, MIN (n_chars, 3));
            g_autofree char *spaced = NULL;

            g_ptr_array_add (parts, NULL);
            spaced = g_strjoinv (" ", (char **) parts->pdata);
            for (gsize len = 1; len <= strlen (spaced) && queries->len < end; len++)
              if (spaced[len - 1] != ' ')
                g_ptr_array_add (queries, g_strndup (spaced, len));
          }
          break;
        case 3:
          {
            /* Pinyin, then characters: yingye执照, and the other way: 营业zhizhao. */
            g_autoptr(GPtrArray) parts = syllables (name, 4);
            g_autofree char *first = utf8_slice (name, 0, 2);
            g_autofree char *second = utf8_slice (name, 2, 2);

            if (parts->len < 4)
              continue;
            g_ptr_array_add (queries, g_strdup_printf ("%s%s%s", (char *) parts->pdata[0], (char *) parts->pdata[1],
                                                       second));
            g_ptr_array_add (queries, g_strdup_printf ("%s%s%s", first, (char *) parts->pdata[2],
                                                       (char *) parts->pdata[3]));
          }
          break;
        case 4:
          {
            /* A homophone picked for one character: 营业执找. */
            glong len = MIN (n_chars, g_rand_int_range (rand, 3, 7));
            g_autofree char *piece = utf8_slice (name, 0, len);

            for (guint h = 0; h < G_N_ELEMENTS (homophones); h++)
              {
                char *at = strstr (piece, homophones[h][0]);

                if (at != NULL)
                  {
                    g_autoptr(GString) slip = g_string_new (piece);

                    g_string_erase (slip, at - piece, strlen (homophones[h][0]));
                    g_string_insert (slip, at - piece, homophones[h][1]);
                    g_ptr_array_add (queries, g_strdup (slip->str));
                    break;
                  }
              }
          }
          break;
        default:
          {
            /* A slip in full pinyin: two letters swapped, one left out, mistyped, doubled. */
            g_autoptr(GPtrArray) keys = yc_han_pinyin_keys (name, 1);
            g_autoptr(GString) slip = NULL;
            gsize len, at;

            if (keys->len == 0 || strlen (g_ptr_array_index (keys, 0)) < 8)
              continue;
            len = g_rand_int_range (rand, 8, (gint32) MIN (strlen (g_ptr_array_index (keys, 0)), 14) + 1);
            slip = g_string_new_len (g_ptr_array_index (keys, 0), (gssize) len);
            at = g_rand_int_range (rand, 1, (gint32) len - 1);
            switch (g_rand_int_range (rand, 0, 4))
              {
              case 0:
                {
                  char t = slip->str[at];
                  slip->str[at] = slip->str[at + 1];
                  slip->str[at + 1] = t;
                }
                break;
              case 1:
                g_string_erase (slip, (gssize) at, 1);
                break;
              case 2:
                slip->str[at] = (char) ('a' + g_rand_int_range (rand, 0, 26));
                break;
              default:
                g_string_insert_c (slip, (gssize) at, slip->str[at]);
                break;
              }
            g_ptr_array_add (queries, g_strdup (slip->str));
          }
          break;
        }
    }
}

static gboolean
is_short_pinyin (const char *query)
{
  gsize len = strlen (query);

  for (const char *p = query; *p != '\0'; p++)
    if (!g_ascii_islower (*p))
      return FALSE;
  return len >= 1 && len <= 2;
}

static double
cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

static void
print_figures (const char *member,
               GArray     *latencies,
               GArray     *cpu)
{
  double total = 0;

  for (guint i = 0; i < latencies->len; i++)
    total += g_array_index (latencies, double, i);
  printf (",\"%s\":{\"queries\":%u,\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f,\"mean\":%.3f,"
          "\"cpu_p99\":%.3f,\"cpu_max\":%.3f}",
          member, latencies->len, bench_percentile (latencies, 0.5), bench_percentile (latencies, 0.99),
          bench_percentile (latencies, 1.0), latencies->len > 0 ? total / latencies->len : 0,
          bench_percentile (cpu, 0.99), bench_percentile (cpu, 1.0));
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
  g_autoptr(GArray) classic = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) habits = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) short_pinyin = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_classic = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_habits = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_short_pinyin = g_array_new (FALSE, FALSE, sizeof (double));
  BenchTicker ticker = { 0 };
  Loaded *loaded;
  GTask *task;
  gint64 start, import_us;
  guint n_pages, empty = 0, n_entries, suggested = 0;
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
  add_habits (queries, loaded);
  g_clear_pointer (&loaded, loaded_free);
  /* BENCH_QUERIES=file.txt: the queries, one a line, to run again elsewhere. */
  if (g_getenv ("BENCH_QUERIES") != NULL)
    {
      g_autoptr(GString) lines = g_string_new (NULL);

      for (guint i = 0; i < queries->len; i++)
        g_string_append_printf (lines, "%s\n", (const char *) g_ptr_array_index (queries, i));
      g_file_set_contents (g_getenv ("BENCH_QUERIES"), lines->str, (gssize) lines->len, NULL);
    }

  /* Search as the clerk types: each query from the call to its answer on the main loop. */
  for (guint i = 0; i < queries->len; i++)
    {
      g_autoptr(YcCatalogueResults) results = NULL;
      const char *query = g_ptr_array_index (queries, i);
      gint64 t0 = g_get_monotonic_time ();
      double c0 = cpu_ms (), ms, cms;

      yc_catalogue_cache_search_async (cache, query, LIMIT, NULL, yc_test_result_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      results = yc_catalogue_cache_search_finish_results (cache, result, &error);
      g_assert_no_error (error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      cms = cpu_ms () - c0;
      g_array_append_val (latencies, ms);
      g_array_append_val (i < N_QUERIES ? classic : habits, ms);
      g_array_append_val (cpu_all, cms);
      g_array_append_val (i < N_QUERIES ? cpu_classic : cpu_habits, cms);
      if (is_short_pinyin (query))
        {
          g_array_append_val (short_pinyin, ms);
          g_array_append_val (cpu_short_pinyin, cms);
        }
      total_ms += ms;
      empty += results->hits->len == 0;
      suggested += results->suggestion != NULL;
      if (g_getenv ("BENCH_VERBOSE") != NULL && (ms > 5 || results->hits->len == 0))
        g_printerr ("%4u %8.3f ms (cpu %6.3f) %3u hits  %s%s%s\n", i, ms, cms, results->hits->len, query,
                    results->suggestion != NULL ? "  → " : "", results->suggestion != NULL ? results->suggestion : "");
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
          "\"queries\":%u,\"empty_results\":%u,\"suggestions\":%u,\"limit\":%d,"
          "\"search_ms\":{\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f,\"mean\":%.3f},"
          "\"targets\":{\"search_p99_ms\":10,\"short_pinyin_max_ms\":16,\"stall_ms\":50,\"import_s\":15,"
          "\"rss_mb\":120}",
          n_entries, n_pages, PAGE,
          import_us / 1e6, ticker.max_gap / 1000.0, db_bytes,
          rss_kib / 1024.0, rss_trimmed_kib / 1024.0, hwm_kib / 1024.0,
          queries->len, empty, suggested, LIMIT,
          bench_percentile (latencies, 0.5), bench_percentile (latencies, 0.99),
          bench_percentile (latencies, 1.0), total_ms / queries->len);
  print_figures ("all_ms", latencies, cpu_all);
  print_figures ("classic_ms", classic, cpu_classic);
  print_figures ("habits_ms", habits, cpu_habits);
  print_figures ("short_pinyin_ms", short_pinyin, cpu_short_pinyin);
  printf ("}\n");
  bench_ticker_clear (&ticker);

  yc_test_assert_finalized_soon (g_steal_pointer (&cache), 30);
  if (g_getenv ("BENCH_KEEP") == NULL)
    yc_test_remove_tree (dir);
  else
    g_printerr ("kept %s\n", db);
  return 0;
}
