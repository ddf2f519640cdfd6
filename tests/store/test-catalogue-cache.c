/* test-catalogue-cache.c: the catalogue cache: deltas by revision, the switch-over to a
 * fresh epoch, and search by Chinese, Traditional, pinyin, code, department, keyword, and
 * as clerks type: words apart, spaced or mixed pinyin, homophones, a slip in pinyin. */
#include <string.h>

#include "core/yc-error.h"
#include "store/yc-catalogue-cache.h"
#include "../test-util.h"

typedef struct
{
  char             *dir;
  char             *path;
  YcCatalogueCache *cache;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("yc-catalogue-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "yichuang", "catalogue.db", NULL);
  f->cache = yc_catalogue_cache_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  yc_test_assert_finalized_soon (g_steal_pointer (&f->cache), 10);
  yc_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* test data */

static char *
item_json (const char *code,
           const char *name,
           const char *dept,
           gint64      revision,
           const char *keywords)
{
  return g_strdup_printf ("{\"kind\":\"item\",\"code\":\"%s\",\"revision\":%" G_GINT64_FORMAT ","
                          "\"body\":{\"code\":\"%s\",\"name\":\"%s\",\"department\":\"%s\","
                          "\"type\":\"行政许可\",\"legal_days\":15,\"promised_days\":1,"
                          "\"keywords\":[%s],\"guide\":{\"materials\":[{\"name\":\"居民身份证\","
                          "\"source\":\"e_licence\",\"form\":\"original\",\"count\":1,"
                          "\"required\":true,\"deferrable\":false}]}}}",
                          code, revision, code, name, dept, keywords ? keywords : "");
}

static char *
department_json (const char *code,
                 const char *name,
                 gint64      revision)
{
  return g_strdup_printf ("{\"kind\":\"department\",\"code\":\"%s\",\"revision\":%" G_GINT64_FORMAT ","
                          "\"body\":{\"code\":\"%s\",\"name\":\"%s\",\"phone\":\"0300-1\"}}",
                          code, revision, code, name);
}

static char *
package_json (const char *code,
              const char *name,
              const char *item,
              gint64      revision)
{
  return g_strdup_printf ("{\"kind\":\"package\",\"code\":\"%s\",\"revision\":%" G_GINT64_FORMAT ","
                          "\"body\":{\"code\":\"%s\",\"name\":\"%s\",\"short_name\":\"%s\","
                          "\"items\":[\"%s\"],\"promised_days\":3,\"fields\":[]}}",
                          code, revision, code, name, name, item);
}

static char *
removal_json (const char *kind,
              const char *code,
              gint64      revision)
{
  return g_strdup_printf ("{\"kind\":\"%s\",\"code\":\"%s\",\"revision\":%" G_GINT64_FORMAT "}",
                          kind, code, revision);
}

/* changes and removals: NULL-terminated arrays of JSON texts, taken. */
static YcCatalogueDelta *
make_delta (const char *epoch,
            gint64      since,
            gint64      revision,
            gboolean    more,
            char      **changes,
            char      **removals)
{
  g_autofree char *changes_text = changes ? g_strjoinv (",", changes) : g_strdup ("");
  g_autofree char *removals_text = removals ? g_strjoinv (",", removals) : g_strdup ("");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  YcCatalogueDelta *delta;

  text = g_strdup_printf ("{\"epoch\":\"%s\",\"since\":%" G_GINT64_FORMAT ",\"revision\":%" G_GINT64_FORMAT ","
                          "\"latest\":%" G_GINT64_FORMAT ",\"more\":%s,\"changes\":[%s],\"removals\":[%s]}",
                          epoch, since, revision, revision, more ? "true" : "false", changes_text, removals_text);
  g_strfreev (changes);
  g_strfreev (removals);
  delta = yc_catalogue_delta_new_from_text (text, strlen (text), &error);
  g_assert_no_error (error);
  return delta;
}

static char **
list (char *first,
      ...)
{
  GPtrArray *array = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (char *s = first; s != NULL; s = va_arg (args, char *))
    g_ptr_array_add (array, s);
  va_end (args);
  g_ptr_array_add (array, NULL);
  return (char **) g_ptr_array_free (array, FALSE);
}

static gboolean
apply (YcCatalogueCache  *cache,
       YcCatalogueDelta  *delta,
       GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  yc_catalogue_cache_apply_async (cache, delta, NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, 20);
  return yc_catalogue_cache_apply_finish (cache, result, error);
}

static GPtrArray *
search (YcCatalogueCache *cache,
        const char       *query,
        guint             limit)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *hits;

  yc_catalogue_cache_search_async (cache, query, limit, NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, 20);
  hits = yc_catalogue_cache_search_finish (cache, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

static YcCatalogueHit *
hit_at (GPtrArray *hits,
        guint      i)
{
  g_assert_cmpuint (hits->len, >, i);
  return g_ptr_array_index (hits, i);
}

static gboolean
finds (YcCatalogueCache *cache,
       const char       *query,
       const char       *code)
{
  g_autoptr(GPtrArray) hits = search (cache, query, 50);

  for (guint i = 0; i < hits->len; i++)
    if (g_str_equal (((YcCatalogueHit *) g_ptr_array_index (hits, i))->code, code))
      return TRUE;
  return FALSE;
}

#define I1 "990100-SCJG-XK-0001"
#define I2 "990100-SCJG-XK-0002"
#define I3 "990100-SCJG-XK-0003"
#define I4 "990100-SCJG-XK-0004"
#define I5 "990100-RH-GG-0001"
#define P1 "YJS-001"

/* The fixture's catalogue at epoch "a", revision 9. */
static void
load_sample (YcCatalogueCache *cache)
{
  g_autoptr(GError) error = NULL;
  YcCatalogueDelta *delta;

  delta = make_delta ("a", 0, 9, FALSE,
                      list (department_json ("SCJG", "示范市市场监督管理局", 1),
                            department_json ("RH", "中国人民银行示范市分行", 2),
                            item_json (I1, "企业设立登记", "SCJG", 3, "\"营业执照\",\"开公司\""),
                            item_json (I2, "营业执照变更登记", "SCJG", 4, NULL),
                            item_json (I3, "营业执照", "SCJG", 5, NULL),
                            item_json (I4, "个体工商户营业执照注销", "SCJG", 6, NULL),
                            item_json (I5, "银行开户许可", "RH", 7, NULL),
                            package_json (P1, "企业开办", I1, 8),
                            g_strdup ("{\"kind\":\"calendar\",\"code\":\"2026\",\"revision\":9,"
                                      "\"body\":{\"year\":2026,\"source\":\"国务院办公厅\","
                                      "\"holidays\":[{\"date\":\"2026-10-01\",\"name\":\"国庆节\"}],"
                                      "\"workdays\":[]}}"),
                            NULL),
                      NULL);
  g_assert_true (apply (cache, delta, &error));
  g_assert_no_error (error);
}

/* delta sync */

static void
test_apply_add_change_remove (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) body = NULL;
  YcCatalogueDelta *delta;

  g_assert_null (yc_catalogue_cache_get_epoch (f->cache));
  load_sample (f->cache);
  /* The callback runs after the state has reached the owner's context. */
  g_assert_cmpstr (yc_catalogue_cache_get_epoch (f->cache), ==, "a");
  g_assert_cmpint (yc_catalogue_cache_get_revision (f->cache), ==, 9);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM), ==, 5);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_DEPARTMENT), ==, 2);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_PACKAGE), ==, 1);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_CALENDAR), ==, 1);
  g_assert_false (yc_catalogue_cache_get_building (f->cache));
  g_assert_cmpuint (yc_catalogue_cache_get_applied (f->cache), ==, 9);
  g_assert_true (finds (f->cache, "企业设立", I1));

  /* The body comes back as the server sent it. */
  yc_catalogue_cache_get_async (f->cache, YC_CATALOGUE_ITEM, I1, NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, 10);
  body = yc_catalogue_cache_get_finish (f->cache, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "name"), ==, "企业设立登记");
  g_clear_object (&result);

  /* A change renames I1; the old name no longer finds it, by text or by pinyin. */
  delta = make_delta ("a", 9, 10, FALSE,
                      list (item_json (I1, "公司设立登记", "SCJG", 10, NULL), NULL), NULL);
  g_assert_true (apply (f->cache, delta, &error));
  g_assert_no_error (error);
  g_assert_cmpint (yc_catalogue_cache_get_revision (f->cache), ==, 10);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM), ==, 5);
  g_assert_false (finds (f->cache, "企业设立", I1));
  g_assert_false (finds (f->cache, "qysl", I1));
  g_assert_true (finds (f->cache, "公司设立", I1));
  g_assert_true (finds (f->cache, "gssl", I1));
  /* Its keywords went with the change. */
  g_assert_false (finds (f->cache, "开公司", I1));

  /* A removal, and a change of the same entry after it in one page: revision order. */
  delta = make_delta ("a", 10, 13, FALSE,
                      list (item_json (I4, "个体工商户注销登记", "SCJG", 13, NULL), NULL),
                      list (removal_json ("item", I2, 11), removal_json ("item", I4, 12), NULL));
  g_assert_true (apply (f->cache, delta, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM), ==, 4);
  g_assert_false (finds (f->cache, "变更登记", I2));
  g_assert_true (finds (f->cache, "个体工商户注销", I4));

  yc_catalogue_cache_get_async (f->cache, YC_CATALOGUE_ITEM, I2, NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, 10);
  g_assert_null (yc_catalogue_cache_get_finish (f->cache, result, &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The same page again does not follow the cache's revision: refused, nothing changes. */
  delta = make_delta ("a", 10, 13, FALSE, NULL, list (removal_json ("item", I3, 11), NULL));
  g_assert_false (apply (f->cache, delta, &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (yc_catalogue_cache_get_revision (f->cache), ==, 13);
  g_assert_true (finds (f->cache, "营业执照", I3));
}

static void
test_apply_since_mismatch (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  YcCatalogueDelta *delta;

  load_sample (f->cache);

  delta = make_delta ("a", 20, 21, FALSE, NULL, list (removal_json ("item", I3, 21), NULL));
  g_assert_false (apply (f->cache, delta, &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Another epoch can only start from scratch. */
  delta = make_delta ("b", 9, 10, FALSE, NULL, list (removal_json ("item", I3, 10), NULL));
  g_assert_false (apply (f->cache, delta, &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_cmpstr (yc_catalogue_cache_get_epoch (f->cache), ==, "a");
  g_assert_cmpint (yc_catalogue_cache_get_revision (f->cache), ==, 9);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM), ==, 5);
  g_assert_true (finds (f->cache, "营业执照", I3));
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT value FROM meta WHERE key = 'active_revision'"), ==, 9);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static char *
get_name (YcCatalogueCache *cache,
          YcCatalogueKind   kind,
          const char       *code)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;

  yc_catalogue_cache_get_async (cache, kind, code, NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, 10);
  body = yc_catalogue_cache_get_finish (cache, result, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (body), "name"));
}

static void
test_apply_new_epoch (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old_name = NULL;
  g_autofree char *new_name = NULL;
  YcCatalogueDelta *delta;
  guint applied_notes = 0;

  load_sample (f->cache);
  g_signal_connect (f->cache, "notify::applied", G_CALLBACK (notify_count_cb), &applied_notes);
  old_name = get_name (f->cache, YC_CATALOGUE_ITEM, I3);
  g_assert_cmpstr (old_name, ==, "营业执照");

  /* A new server database: its first page goes into a fresh cache... */
  delta = make_delta ("b", 0, 2, TRUE,
                      list (department_json ("RS", "示范市人力资源和社会保障局", 1),
                            item_json ("990100-RS-GG-0001", "社会保障卡申领", "RS", 2, NULL), NULL),
                      NULL);
  g_assert_true (apply (f->cache, delta, &error));
  g_assert_no_error (error);
  g_assert_true (yc_catalogue_cache_get_building (f->cache));
  g_assert_cmpuint (yc_catalogue_cache_get_applied (f->cache), ==, 2);
  g_assert_cmpuint (applied_notes, ==, 1);

  /* ...while searches still see the whole old one. */
  g_assert_cmpstr (yc_catalogue_cache_get_epoch (f->cache), ==, "a");
  g_assert_cmpint (yc_catalogue_cache_get_revision (f->cache), ==, 9);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM), ==, 5);
  g_assert_true (finds (f->cache, "营业执照", I3));
  g_assert_true (finds (f->cache, "qykb", P1));
  g_assert_false (finds (f->cache, "社会保障卡", "990100-RS-GG-0001"));

  /* A page of the new epoch that does not follow the fresh cache is refused. */
  delta = make_delta ("b", 1, 3, FALSE, NULL, NULL);
  g_assert_false (apply (f->cache, delta, &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_CONFLICT);
  g_clear_error (&error);

  /* The last page switches over: only the new catalogue remains. */
  delta = make_delta ("b", 2, 3, FALSE,
                      list (item_json ("990100-RS-GG-0002", "失业保险金申领", "RS", 3, NULL), NULL),
                      NULL);
  g_assert_true (apply (f->cache, delta, &error));
  g_assert_no_error (error);
  g_assert_false (yc_catalogue_cache_get_building (f->cache));
  g_assert_cmpuint (yc_catalogue_cache_get_applied (f->cache), ==, 3);
  g_assert_cmpstr (yc_catalogue_cache_get_epoch (f->cache), ==, "b");
  g_assert_cmpint (yc_catalogue_cache_get_revision (f->cache), ==, 3);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM), ==, 2);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_PACKAGE), ==, 0);
  g_assert_false (finds (f->cache, "营业执照", I3));
  g_assert_false (finds (f->cache, "qykb", P1));
  g_assert_true (finds (f->cache, "社会保障卡", "990100-RS-GG-0001"));
  g_assert_true (finds (f->cache, "失业保险", "990100-RS-GG-0002"));
  g_assert_true (finds (f->cache, "人力资源", "990100-RS-GG-0002"));
  /* Bodies of the new cache, compressed with a dictionary of its own. */
  new_name = get_name (f->cache, YC_CATALOGUE_ITEM, "990100-RS-GG-0001");
  g_assert_cmpstr (new_name, ==, "社会保障卡申领");

  /* The old generation's tables are gone, not left to grow the file. */
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT count(*) FROM sqlite_schema"
                                               " WHERE type = 'table' AND name GLOB '*_1'"), ==, 0);
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT count(*) FROM sqlite_schema"
                                               " WHERE type = 'table' AND name GLOB '*_0'"), >, 0);

  /* Incremental pages of the new epoch follow. */
  delta = make_delta ("b", 3, 4, FALSE, NULL, list (removal_json ("item", "990100-RS-GG-0001", 4), NULL));
  g_assert_true (apply (f->cache, delta, &error));
  g_assert_no_error (error);
  g_assert_false (finds (f->cache, "社会保障卡", "990100-RS-GG-0001"));
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCatalogueCache) reopened = NULL;
  struct stat st;

  load_sample (f->cache);
  yc_test_assert_finalized_soon (g_steal_pointer (&f->cache), 10);

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  yc_catalogue_cache_open_async (f->path, NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, 10);
  f->cache = yc_catalogue_cache_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_catalogue_cache_get_epoch (f->cache), ==, "a");
  g_assert_cmpint (yc_catalogue_cache_get_revision (f->cache), ==, 9);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM), ==, 5);
  g_assert_true (finds (f->cache, "qykb", P1));
}

/* search */

static void
test_search_pinyin (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) initials = NULL;
  g_autoptr(GPtrArray) full = NULL;
  g_autoptr(GPtrArray) partial = NULL;
  g_autoptr(GPtrArray) bank = NULL;
  g_autoptr(GPtrArray) bank_full = NULL;

  load_sample (f->cache);

  initials = search (f->cache, "qykb", 10);
  g_assert_cmpstr (hit_at (initials, 0)->code, ==, P1);
  g_assert_cmpint (hit_at (initials, 0)->kind, ==, YC_CATALOGUE_PACKAGE);
  g_assert_cmpstr (hit_at (initials, 0)->name, ==, "企业开办");
  g_assert_cmpint (hit_at (initials, 0)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_INITIALS);

  full = search (f->cache, "qiyekaiban", 10);
  g_assert_cmpuint (full->len, ==, 1);
  g_assert_cmpstr (hit_at (full, 0)->code, ==, P1);
  g_assert_cmpint (hit_at (full, 0)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_FULL);

  /* Both names start with qiye: the shorter first. */
  partial = search (f->cache, "qiye", 10);
  g_assert_cmpuint (partial->len, ==, 2);
  g_assert_cmpstr (hit_at (partial, 0)->code, ==, P1);
  g_assert_cmpstr (hit_at (partial, 1)->code, ==, I1);

  /* 行 reads xing first; 银行 is yinhang. */
  bank = search (f->cache, "yhkh", 10);
  g_assert_cmpstr (hit_at (bank, 0)->code, ==, I5);
  g_assert_cmpstr (hit_at (bank, 0)->department_name, ==, "中国人民银行示范市分行");
  g_assert_cmpstr (hit_at (bank, 0)->item_type, ==, "行政许可");
  bank_full = search (f->cache, "yinhangkaihu", 10);
  g_assert_cmpstr (hit_at (bank_full, 0)->code, ==, I5);
  g_assert_true (finds (f->cache, "YinHang", I5));
}

static void
test_search_chinese (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) qiye = NULL;
  g_autoptr(GPtrArray) exact = NULL;
  g_autoptr(GPtrArray) traditional = NULL;
  g_autoptr(GPtrArray) two = NULL;
  g_autoptr(GPtrArray) dept = NULL;
  g_autoptr(GPtrArray) keyword = NULL;

  load_sample (f->cache);

  qiye = search (f->cache, "企业", 10);
  g_assert_cmpuint (qiye->len, ==, 2);
  g_assert_cmpstr (hit_at (qiye, 0)->code, ==, P1);
  g_assert_cmpint (hit_at (qiye, 0)->matched_by, ==, YC_CATALOGUE_MATCH_NAME_PREFIX);
  g_assert_cmpstr (hit_at (qiye, 1)->code, ==, I1);

  exact = search (f->cache, "企业开办", 10);
  g_assert_cmpstr (hit_at (exact, 0)->code, ==, P1);
  g_assert_cmpint (hit_at (exact, 0)->matched_by, ==, YC_CATALOGUE_MATCH_NAME_EXACT);

  /* Traditional input; exact, then prefix, then substring, then keyword. */
  traditional = search (f->cache, "營業執照", 10);
  g_assert_cmpuint (traditional->len, ==, 4);
  g_assert_cmpstr (hit_at (traditional, 0)->code, ==, I3);
  g_assert_cmpint (hit_at (traditional, 0)->matched_by, ==, YC_CATALOGUE_MATCH_NAME_EXACT);
  g_assert_cmpstr (hit_at (traditional, 1)->code, ==, I2);
  g_assert_cmpint (hit_at (traditional, 1)->matched_by, ==, YC_CATALOGUE_MATCH_NAME_PREFIX);
  g_assert_cmpstr (hit_at (traditional, 2)->code, ==, I4);
  g_assert_cmpint (hit_at (traditional, 2)->matched_by, ==, YC_CATALOGUE_MATCH_NAME_SUBSTRING);
  g_assert_cmpstr (hit_at (traditional, 3)->code, ==, I1);
  g_assert_cmpint (hit_at (traditional, 3)->matched_by, ==, YC_CATALOGUE_MATCH_KEYWORD);

  /* Two characters: shorter than a trigram. */
  two = search (f->cache, "执照", 10);
  g_assert_cmpuint (two->len, ==, 4);
  g_assert_cmpstr (hit_at (two, 0)->code, ==, I3);
  g_assert_cmpstr (hit_at (two, 1)->code, ==, I2);
  g_assert_cmpstr (hit_at (two, 2)->code, ==, I4);
  g_assert_true (finds (f->cache, "户", I5));

  dept = search (f->cache, "市场监督", 10);
  g_assert_cmpuint (dept->len, ==, 4);
  g_assert_cmpint (hit_at (dept, 0)->matched_by, ==, YC_CATALOGUE_MATCH_DEPARTMENT);
  g_assert_cmpstr (hit_at (dept, 0)->department_name, ==, "示范市市场监督管理局");

  keyword = search (f->cache, "开公司", 10);
  g_assert_cmpuint (keyword->len, ==, 1);
  g_assert_cmpstr (hit_at (keyword, 0)->code, ==, I1);
  g_assert_cmpint (hit_at (keyword, 0)->matched_by, ==, YC_CATALOGUE_MATCH_KEYWORD);

  g_assert_false (finds (f->cache, "房屋", I1));
}

static void
test_search_code (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) prefix = NULL;
  g_autoptr(GPtrArray) exact = NULL;
  g_autoptr(GPtrArray) none = NULL;

  load_sample (f->cache);

  prefix = search (f->cache, "990100-SCJG-XK", 10);
  g_assert_cmpuint (prefix->len, ==, 4);
  for (guint i = 0; i < prefix->len; i++)
    g_assert_cmpint (hit_at (prefix, i)->matched_by, ==, YC_CATALOGUE_MATCH_CODE_PREFIX);
  /* Ties by shorter name. */
  g_assert_cmpstr (hit_at (prefix, 0)->code, ==, I3);

  exact = search (f->cache, "990100-scjg-xk-0002", 10);
  g_assert_cmpuint (exact->len, ==, 1);
  g_assert_cmpstr (hit_at (exact, 0)->code, ==, I2);
  g_assert_cmpint (hit_at (exact, 0)->matched_by, ==, YC_CATALOGUE_MATCH_CODE_EXACT);

  /* Full-width digits fold. */
  g_assert_true (finds (f->cache, "９９０１００-RH", I5));

  none = search (f->cache, "   ", 10);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_search_limit (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) two = NULL;
  g_autoptr(GPtrArray) one = NULL;

  load_sample (f->cache);

  two = search (f->cache, "营业执照", 2);
  g_assert_cmpuint (two->len, ==, 2);
  g_assert_cmpstr (hit_at (two, 0)->code, ==, I3);
  g_assert_cmpstr (hit_at (two, 1)->code, ==, I2);
  one = search (f->cache, "990100", 1);
  g_assert_cmpuint (one->len, ==, 1);
}

static void
test_search_cancel (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  load_sample (f->cache);

  /* The clerk types on: the first search is cancelled, the second answers. */
  yc_catalogue_cache_search_async (f->cache, "qy", 10, cancellable, yc_test_result_cb, &first);
  g_cancellable_cancel (cancellable);
  yc_catalogue_cache_search_async (f->cache, "qykb", 10, NULL, yc_test_result_cb, &second);
  yc_test_wait_until (first != NULL && second != NULL, 10);

  g_assert_null (yc_catalogue_cache_search_finish (f->cache, first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  hits = yc_catalogue_cache_search_finish (f->cache, second, NULL);
  g_assert_cmpstr (hit_at (hits, 0)->code, ==, P1);
}

/* A city's names: a pinyin query finds a name by its start or by any character further in
 * (never from the middle of a syllable), the start first. */
#define G1 "990100-GJJ-GG-0001"
#define G2 "990100-GJJ-GG-0002"
#define G3 "990100-GJJ-GG-0003"
#define G4 "990100-GA-XK-0001"
#define G5 "990100-RH-XK-0001"
#define G6 "990100-WJ-GG-0001"

static void
load_pinyin_sample (YcCatalogueCache *cache)
{
  g_autoptr(GError) error = NULL;
  YcCatalogueDelta *delta;

  delta = make_delta ("a", 0, 7, FALSE,
                      list (department_json ("GJJ", "示范市住房公积金管理中心", 1),
                            item_json (G1, "公积金个人住房贷款申请", "GJJ", 2, NULL),
                            item_json (G2, "住房公积金缴存登记", "GJJ", 3, NULL),
                            item_json (G3, "住房公积金贷款", "GJJ", 4, NULL),
                            item_json (G4, "机动车驾驶证重新申领", "GJJ", 5, NULL),
                            item_json (G5, "境外人民币银行结算账户开立", "GJJ", 6, NULL),
                            item_json (G6, "PCR检测报告查询", "GJJ", 7, NULL),
                            NULL),
                      NULL);
  g_assert_true (apply (cache, delta, &error));
  g_assert_no_error (error);
}

static void
test_search_pinyin_inside (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) initials = NULL;
  g_autoptr(GPtrArray) full = NULL;
  g_autoptr(GPtrArray) from_start = NULL;
  g_autoptr(GPtrArray) longer = NULL;

  load_pinyin_sample (f->cache);

  /* 公积金 starts one name and is inside two: the start first, longer as it is, then
   * the others by length. */
  initials = search (f->cache, "gjj", 10);
  g_assert_cmpuint (initials->len, ==, 3);
  g_assert_cmpstr (hit_at (initials, 0)->code, ==, G1);
  g_assert_cmpint (hit_at (initials, 0)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_INITIALS);
  g_assert_cmpstr (hit_at (initials, 1)->code, ==, G3);
  g_assert_cmpint (hit_at (initials, 1)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_INSIDE);
  g_assert_cmpstr (hit_at (initials, 2)->code, ==, G2);
  g_assert_cmpint (hit_at (initials, 2)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_INSIDE);

  full = search (f->cache, "gongjijin", 10);
  g_assert_cmpuint (full->len, ==, 3);
  g_assert_cmpstr (hit_at (full, 0)->code, ==, G1);
  g_assert_cmpint (hit_at (full, 0)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_FULL);
  g_assert_cmpstr (hit_at (full, 1)->code, ==, G3);
  g_assert_cmpint (hit_at (full, 1)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_INSIDE);
  g_assert_cmpstr (hit_at (full, 2)->code, ==, G2);
  g_assert_cmpint (hit_at (full, 2)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_INSIDE);

  /* From the start, as before. */
  from_start = search (f->cache, "zfgjj", 10);
  g_assert_cmpuint (from_start->len, ==, 2);
  g_assert_cmpstr (hit_at (from_start, 0)->code, ==, G3);
  g_assert_cmpint (hit_at (from_start, 0)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_INITIALS);
  g_assert_cmpstr (hit_at (from_start, 1)->code, ==, G2);
  g_assert_cmpint (hit_at (from_start, 1)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_INITIALS);

  /* Inside, typed on past the shared part. */
  longer = search (f->cache, "gongjijinjiaocun", 10);
  g_assert_cmpuint (longer->len, ==, 1);
  g_assert_cmpstr (hit_at (longer, 0)->code, ==, G2);
  g_assert_cmpint (hit_at (longer, 0)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_INSIDE);
  g_assert_true (finds (f->cache, "jcdj", G2));
  g_assert_true (finds (f->cache, "dengji", G2));

  /* Never from the middle of a syllable, nor of a Latin word. */
  g_assert_true (finds (f->cache, "pcr", G6));
  g_assert_true (finds (f->cache, "jcbg", G6));
  g_assert_true (finds (f->cache, "baogaochaxun", G6));
  g_assert_false (finds (f->cache, "crjc", G6));
  g_assert_false (finds (f->cache, "ongji", G2));
  g_assert_false (finds (f->cache, "ongjijin", G1));
  g_assert_false (finds (f->cache, "ngjijin", G3));
  g_assert_false (finds (f->cache, "anggongjijin", G2));
}

static void
test_search_pinyin_inside_polyphonic (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GPtrArray) chong = NULL;
  g_autoptr(GPtrArray) hang = NULL;

  load_pinyin_sample (f->cache);

  /* 重 reads zhong first; in 重新 it is chong. */
  chong = search (f->cache, "chongxin", 10);
  g_assert_cmpuint (chong->len, ==, 1);
  g_assert_cmpstr (hit_at (chong, 0)->code, ==, G4);
  g_assert_cmpint (hit_at (chong, 0)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_INSIDE);
  g_assert_true (finds (f->cache, "cxsl", G4));
  g_assert_true (finds (f->cache, "zhongxin", G4));

  /* 行 reads xing first; in 银行 it is hang, inside a name with other polyphonic
   * characters (币, 立). */
  hang = search (f->cache, "yinhangjiesuan", 10);
  g_assert_cmpuint (hang->len, ==, 1);
  g_assert_cmpstr (hit_at (hang, 0)->code, ==, G5);
  g_assert_cmpint (hit_at (hang, 0)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_INSIDE);
  g_assert_true (finds (f->cache, "yhjszh", G5));
  g_assert_true (finds (f->cache, "zhanghukaili", G5));
}

/* Inside keys follow a name through changes, applied to the cache searches see. */
static void
test_search_pinyin_inside_changes (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  YcCatalogueDelta *delta;

  load_pinyin_sample (f->cache);

  delta = make_delta ("a", 7, 9, FALSE,
                      list (item_json (G2, "住房补贴申请", "GJJ", 8, NULL),
                            item_json ("990100-GJJ-GG-0009", "异地转移住房公积金", "GJJ", 9, NULL),
                            NULL),
                      NULL);
  g_assert_true (apply (f->cache, delta, &error));
  g_assert_no_error (error);

  hits = search (f->cache, "gjj", 10);
  g_assert_cmpuint (hits->len, ==, 3);
  g_assert_cmpstr (hit_at (hits, 0)->code, ==, G1);
  g_assert_cmpstr (hit_at (hits, 1)->code, ==, G3);
  g_assert_cmpstr (hit_at (hits, 2)->code, ==, "990100-GJJ-GG-0009");
  g_assert_cmpint (hit_at (hits, 2)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_INSIDE);
  g_assert_true (finds (f->cache, "butie", G2));
  g_assert_false (finds (f->cache, "jiaocun", G2));
  /* The renamed item's old name is gone with all its keys. */
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT count(*) FROM name_1"
                                              " WHERE fname = '住房公积金缴存登记'"), ==, 0);
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT count(*) FROM pinyin_1"
                                              " WHERE name_id NOT IN (SELECT id FROM name_1)"), ==, 0);
}

/* A keyword is found by its pinyin as a name is, full or initials, from its start or
 * from a character further in, polyphonic characters too; below every name match. */
static void
test_search_keyword_pinyin (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) initials = NULL;
  g_autoptr(GPtrArray) full = NULL;
  g_autoptr(GPtrArray) only = NULL;
  YcCatalogueDelta *delta;

  load_sample (f->cache);

  /* 营业执照 names three items and is a keyword of I1, which comes last. */
  initials = search (f->cache, "yyzz", 10);
  g_assert_cmpuint (initials->len, ==, 4);
  g_assert_cmpstr (hit_at (initials, 0)->code, ==, I3);
  g_assert_cmpint (hit_at (initials, 0)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_INITIALS);
  g_assert_cmpstr (hit_at (initials, 1)->code, ==, I2);
  g_assert_cmpstr (hit_at (initials, 2)->code, ==, I4);
  g_assert_cmpint (hit_at (initials, 2)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_INSIDE);
  g_assert_cmpstr (hit_at (initials, 3)->code, ==, I1);
  g_assert_cmpint (hit_at (initials, 3)->matched_by, ==, YC_CATALOGUE_MATCH_KEYWORD);

  full = search (f->cache, "yingyezhizhao", 10);
  g_assert_cmpuint (full->len, ==, 4);
  g_assert_cmpstr (hit_at (full, 0)->code, ==, I3);
  g_assert_cmpint (hit_at (full, 0)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_FULL);
  g_assert_cmpstr (hit_at (full, 3)->code, ==, I1);
  g_assert_cmpint (hit_at (full, 3)->matched_by, ==, YC_CATALOGUE_MATCH_KEYWORD);

  /* Only a keyword says 开公司: as typed, and from further in. */
  only = search (f->cache, "kgs", 10);
  g_assert_cmpuint (only->len, ==, 1);
  g_assert_cmpstr (hit_at (only, 0)->code, ==, I1);
  g_assert_cmpint (hit_at (only, 0)->matched_by, ==, YC_CATALOGUE_MATCH_KEYWORD);
  g_assert_true (finds (f->cache, "kaigong", I1));
  g_assert_true (finds (f->cache, "gongsi", I1));
  g_assert_false (finds (f->cache, "aigongsi", I1));

  /* Keywords that come with a page applied to the cache searches see: 重 reads zhong
   * first, 行 xing; in 重新 and 银行 they are chong and hang. */
  delta = make_delta ("a", 9, 10, FALSE,
                      list (item_json (I3, "营业执照", "SCJG", 10, "\"重新办证\",\"銀行卡\""), NULL),
                      NULL);
  g_assert_true (apply (f->cache, delta, &error));
  g_assert_no_error (error);
  g_assert_true (finds (f->cache, "chongxinbanzheng", I3));
  g_assert_true (finds (f->cache, "cxbz", I3));
  g_assert_true (finds (f->cache, "zhongxinbanzheng", I3));
  g_assert_true (finds (f->cache, "banzheng", I3));
  g_assert_true (finds (f->cache, "yinhangka", I3));
  g_assert_true (finds (f->cache, "yhk", I3));
  g_assert_false (finds (f->cache, "yinhangka", I2));
  /* Traditional, as typed or as sent, folds. */
  g_assert_true (finds (f->cache, "銀行卡", I3));
  g_assert_true (finds (f->cache, "银行卡", I3));
}

/* Keyword pinyin follows keywords through changes applied to the cache searches see: a
 * keyword no entry lists any more finds nothing, and goes with its keys. */
#define I6 "990100-SCJG-XK-0006"

static void
test_search_keyword_pinyin_changes (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bank = NULL;
  YcCatalogueDelta *delta;

  load_sample (f->cache);
  g_assert_true (finds (f->cache, "yyzz", I1));

  /* I1 keeps 开公司, drops 营业执照, takes 银行开户; a new item shares 开公司. */
  delta = make_delta ("a", 9, 11, FALSE,
                      list (item_json (I1, "企业设立登记", "SCJG", 10, "\"开公司\",\"银行开户\""),
                            item_json (I6, "食品经营许可", "SCJG", 11, "\"开公司\",\"开饭店\""),
                            NULL),
                      NULL);
  g_assert_true (apply (f->cache, delta, &error));
  g_assert_no_error (error);
  g_assert_false (finds (f->cache, "yyzz", I1));
  g_assert_false (finds (f->cache, "yingyezhizhao", I1));
  g_assert_true (finds (f->cache, "yyzz", I3));
  g_assert_true (finds (f->cache, "kgs", I1));
  g_assert_true (finds (f->cache, "kgs", I6));
  g_assert_true (finds (f->cache, "kaifandian", I6));
  /* The bank's own name first, the keyword after it. */
  bank = search (f->cache, "yhkh", 10);
  g_assert_cmpuint (bank->len, ==, 2);
  g_assert_cmpstr (hit_at (bank, 0)->code, ==, I5);
  g_assert_cmpint (hit_at (bank, 0)->matched_by, ==, YC_CATALOGUE_MATCH_PINYIN_INITIALS);
  g_assert_cmpstr (hit_at (bank, 1)->code, ==, I1);
  g_assert_cmpint (hit_at (bank, 1)->matched_by, ==, YC_CATALOGUE_MATCH_KEYWORD);
  /* 营业执照 is no entry's keyword any more: gone, keys and all. */
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT count(*) FROM kw_1 WHERE fkw = '营业执照'"), ==, 0);
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT count(*) FROM kw_pinyin_1 WHERE key = 'yyzz'"), ==, 0);

  /* Removing I1 leaves 开公司 to I6, and takes 银行开户 away. */
  delta = make_delta ("a", 11, 12, FALSE, NULL, list (removal_json ("item", I1, 12), NULL));
  g_assert_true (apply (f->cache, delta, &error));
  g_assert_no_error (error);
  g_assert_false (finds (f->cache, "kgs", I1));
  g_assert_true (finds (f->cache, "kgs", I6));
  g_assert_false (finds (f->cache, "yinhangkaihu", I1));
  g_assert_true (finds (f->cache, "yinhangkaihu", I5));
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT count(*) FROM kw_pinyin_1 WHERE key = 'yhkh'"), ==, 0);

  /* A change that drops every keyword of I6. */
  delta = make_delta ("a", 12, 13, FALSE,
                      list (item_json (I6, "食品经营许可", "SCJG", 13, NULL), NULL), NULL);
  g_assert_true (apply (f->cache, delta, &error));
  g_assert_no_error (error);
  g_assert_false (finds (f->cache, "kgs", I6));
  g_assert_false (finds (f->cache, "开公司", I6));
  /* What is left is the package's short name, a keyword too, and its keys. */
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT count(*) FROM kw_1"), ==, 1);
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT count(*) FROM kw_pinyin_1"
                                              " WHERE kw_id NOT IN (SELECT id FROM kw_1)"), ==, 0);
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT count(*) FROM kw_pinyin_1 WHERE key = 'qykb'"), ==, 1);

  /* Keywords listed again after they went come back with their keys, 开饭店 too,
   * which this cache had looked up in a page before. */
  delta = make_delta ("a", 13, 14, FALSE,
                      list (item_json (I6, "食品经营许可", "SCJG", 14, "\"营业执照\",\"开饭店\""), NULL),
                      NULL);
  g_assert_true (apply (f->cache, delta, &error));
  g_assert_no_error (error);
  g_assert_true (finds (f->cache, "yyzz", I6));
  g_assert_true (finds (f->cache, "zhizhao", I6));
  g_assert_true (finds (f->cache, "kaifandian", I6));
  g_assert_true (finds (f->cache, "开饭店", I6));
}

/* A fresh cache in several pages: what a later page changes is what searches see once
 * it is complete, and names no entry uses are not kept. */
static void
test_apply_pages (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keyword = NULL;
  YcCatalogueDelta *delta;

  delta = make_delta ("a", 0, 3, TRUE,
                      list (department_json ("GJJ", "示范市住房公积金管理中心", 1),
                            item_json (G1, "公积金个人住房贷款申请", "GJJ", 2, "\"买房\",\"买房\""),
                            item_json (G2, "住房公积金缴存登记", "GJJ", 3, "\"缴存\""), NULL),
                      NULL);
  g_assert_true (apply (f->cache, delta, &error));
  g_assert_no_error (error);
  g_assert_true (yc_catalogue_cache_get_building (f->cache));

  delta = make_delta ("a", 3, 6, FALSE,
                      list (item_json (G2, "住房补贴申请", "GJJ", 5, "\"补贴\""),
                            item_json (G3, "住房公积金贷款", "GJJ", 6, "\"买房\""), NULL),
                      list (removal_json ("item", G1, 4), NULL));
  g_assert_true (apply (f->cache, delta, &error));
  g_assert_no_error (error);
  g_assert_false (yc_catalogue_cache_get_building (f->cache));
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM), ==, 2);

  keyword = search (f->cache, "买房", 10);
  g_assert_cmpuint (keyword->len, ==, 1);
  g_assert_cmpstr (hit_at (keyword, 0)->code, ==, G3);
  g_assert_cmpint (hit_at (keyword, 0)->matched_by, ==, YC_CATALOGUE_MATCH_KEYWORD);
  g_assert_false (finds (f->cache, "缴存", G2));
  g_assert_true (finds (f->cache, "补贴", G2));
  g_assert_false (finds (f->cache, "gjj", G2));
  g_assert_true (finds (f->cache, "gjj", G3));
  g_assert_true (finds (f->cache, "zfbt", G2));
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT count(*) FROM name_1"), ==, 2);
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT count(DISTINCT name_id) FROM pinyin_1"), ==, 2);
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT count(*) FROM entry_kw_1"), ==, 2);
  /* Keywords too: pinyin keys for those still listed, built at the end, none for 缴存. */
  g_assert_true (finds (f->cache, "maifang", G3));
  g_assert_false (finds (f->cache, "jiaocun", G2));
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT count(*) FROM kw_1"), ==, 2);
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT count(DISTINCT kw_id) FROM kw_pinyin_1"), ==, 2);

  /* Afterwards, pages change the complete cache in place, keywords and all. */
  delta = make_delta ("a", 6, 7, FALSE,
                      list (item_json (G3, "住房公积金贷款", "GJJ", 7, "\"贷款\""), NULL), NULL);
  g_assert_true (apply (f->cache, delta, &error));
  g_assert_no_error (error);
  g_assert_false (finds (f->cache, "买房", G3));
  g_assert_false (finds (f->cache, "maifang", G3));
  g_assert_true (finds (f->cache, "贷款", G3));
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT count(*) FROM entry_kw_1"), ==, 2);
  g_assert_cmpint (yc_test_db_count (f->path, "SELECT count(*) FROM kw_pinyin_1 WHERE key = 'maifang'"), ==, 0);
}

/* The body comes back as it was sent: strings that need escaping, numbers of both
 * kinds, nesting, and the members' order. */
static void
test_get_body (Fixture       *f,
               gconstpointer  data)
{
  static const char body_text[] =
    "{\"code\":\"X1\",\"name\":\"引号\\\"反斜杠\\\\换行\\n制表\\t响铃\\u0007 €\",\"phone\":\"0300-1\","
    "\"ratio\":12.5,\"whole\":3.0,\"tiny\":1e-300,\"neg\":-42,\"big\":9007199254740993,"
    "\"flag\":false,\"yes\":true,\"none\":null,\"list\":[1,[2,{\"a\":\"b\"}],[]],\"empty\":{}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) sent = json_from_string (body_text, &error);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GList) sent_members = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree char *change = g_strdup_printf ("{\"kind\":\"department\",\"code\":\"X1\","
                                             "\"revision\":1,\"body\":%s}", body_text);
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_true (apply (f->cache,
                        make_delta ("a", 0, 1, FALSE, list (g_steal_pointer (&change), NULL), NULL),
                        &error));
  g_assert_no_error (error);

  yc_catalogue_cache_get_async (f->cache, YC_CATALOGUE_DEPARTMENT, "X1", NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, 10);
  body = yc_catalogue_cache_get_finish (f->cache, result, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (body, sent));

  object = json_node_get_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==,
                   "引号\"反斜杠\\换行\n制表\t响铃\a €");
  g_assert_true (json_node_get_value_type (json_object_get_member (object, "whole")) == G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_object_get_double_member (object, "tiny"), ==, 1e-300);
  g_assert_true (json_node_get_value_type (json_object_get_member (object, "big")) == G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (object, "big"), ==,
                   G_GINT64_CONSTANT (9007199254740993));
  sent_members = json_object_get_members (json_node_get_object (sent));
  members = json_object_get_members (object);
  g_assert_cmpuint (g_list_length (members), ==, g_list_length (sent_members));
  for (GList *a = members, *b = sent_members; a != NULL; a = a->next, b = b->next)
    g_assert_cmpstr (a->data, ==, b->data);
}

/* A cache laid out by another version of the desk starts empty, to be fetched again. */
static void
test_reopen_other_layout (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  load_sample (f->cache);
  yc_test_assert_finalized_soon (g_steal_pointer (&f->cache), 10);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  /* 2: before keywords had pinyin keys. */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 2", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->cache = yc_catalogue_cache_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_null (yc_catalogue_cache_get_epoch (f->cache));
  g_assert_cmpint (yc_catalogue_cache_get_revision (f->cache), ==, 0);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM), ==, 0);
  g_assert_false (finds (f->cache, "营业执照", I3));

  /* And fills again from scratch. */
  load_sample (f->cache);
  g_assert_true (finds (f->cache, "营业执照", I3));
}

/* The demo catalogue (resources/demo/catalogue.json), as the server sends it at first. */
static void
load_demo (YcCatalogueCache *cache)
{
  static const char *const members[][2] = {
    { "departments", "department" }, { "items", "item" }, { "packages", "package" },
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  YcCatalogueDelta *delta;
  JsonObject *catalogue;
  gint64 revision = 0;

  g_assert_true (json_parser_load_from_file (parser, YC_DEMO_CATALOGUE, &error));
  g_assert_no_error (error);
  catalogue = json_node_get_object (json_parser_get_root (parser));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    {
      JsonArray *array = json_object_get_array_member (catalogue, members[m][0]);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *body = json_array_get_object_element (array, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, members[m][1]);
          json_builder_set_member_name (builder, "code");
          json_builder_add_string_value (builder, json_object_get_string_member (body, "code"));
          json_builder_set_member_name (builder, "revision");
          json_builder_add_int_value (builder, ++revision);
          json_builder_set_member_name (builder, "body");
          json_builder_add_value (builder, json_node_copy (json_array_get_element (array, i)));
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "removals");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "epoch");
  json_builder_add_string_value (builder, "demo");
  json_builder_set_member_name (builder, "since");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, revision);
  json_builder_set_member_name (builder, "latest");
  json_builder_add_int_value (builder, revision);
  json_builder_set_member_name (builder, "more");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  delta = yc_catalogue_delta_new_from_text (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_true (apply (cache, delta, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (yc_catalogue_cache_get_count (cache, YC_CATALOGUE_ITEM), >, 60);
}

static YcCatalogueResults *
search_results (YcCatalogueCache *cache,
                const char       *query,
                guint             limit)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  YcCatalogueResults *results;

  yc_catalogue_cache_search_async (cache, query, limit, NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, 20);
  results = yc_catalogue_cache_search_finish_results (cache, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

/* Where code is among the first five hits for query, and how it was found; fails if it
 * is not. */
static YcCatalogueMatch
in_first_five (YcCatalogueCache *cache,
               const char       *query,
               const char       *code)
{
  g_autoptr(GPtrArray) hits = search (cache, query, 50);

  for (guint i = 0; i < MIN (hits->len, 5); i++)
    g_test_message ("%s: %u %s %s (%d)", query, i, hit_at (hits, i)->code, hit_at (hits, i)->name,
                    hit_at (hits, i)->matched_by);
  for (guint i = 0; i < MIN (hits->len, 5); i++)
    if (g_str_equal (hit_at (hits, i)->code, code))
      return hit_at (hits, i)->matched_by;
  g_error ("“%s” does not find %s among its first five hits (%u in all)", query, code, hits->len);
}

#define D_COMPANY  "990100-SCJG-XK-0001"   /* 企业设立登记: keyword 营业执照 */
#define D_SHOP     "990100-SCJG-XK-0004"   /* 个体工商户设立登记: keyword 营业执照 */
#define D_OPENING  "YJS-001"               /* 企业开办一件事 */
#define D_MARRIAGE "990100-MZ-QR-0001"     /* 内地居民结婚登记 */
#define D_RETIRE   "990100-RS-QR-0007"     /* 职工正常退休（职）申请: keyword 退休咨询 */
#define D_RESALE   "990100-BDC-QR-0002"    /* 存量房买卖转移登记: keyword 委托过户 */
#define D_FUND     "990100-GJJ-GG-0003"    /* 住房公积金提取（租房） */

/* Every habit of the issue, on the demo catalogue: the guide meant is among the first
 * five. */
static void
test_search_habits (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(YcCatalogueResults) slip = NULL;

  load_demo (f->cache);

  /* Words apart, in any order, in the name, a keyword or the department. */
  g_assert_cmpint (in_first_five (f->cache, "营业 执照", D_COMPANY), ==, YC_CATALOGUE_MATCH_KEYWORD);
  g_assert_cmpint (in_first_five (f->cache, "执照 营业", D_COMPANY), ==, YC_CATALOGUE_MATCH_TERMS);
  g_assert_cmpint (in_first_five (f->cache, "执照\u3000营业", D_SHOP), ==, YC_CATALOGUE_MATCH_TERMS);
  g_assert_cmpint (in_first_five (f->cache, "市场监管 营业执照", D_COMPANY), ==, YC_CATALOGUE_MATCH_TERMS);
  g_assert_cmpint (in_first_five (f->cache, "提取 租房", D_FUND), ==, YC_CATALOGUE_MATCH_TERMS_IN_NAME);
  g_assert_cmpint (in_first_five (f->cache, "公积金 租房 提取", D_FUND), ==, YC_CATALOGUE_MATCH_TERMS_IN_NAME);

  /* Pinyin split by spaces, or run into characters. */
  in_first_five (f->cache, "ying ye zhi zhao", D_COMPANY);
  in_first_five (f->cache, "qi ye kai ban", D_OPENING);
  in_first_five (f->cache, "jie hun", D_MARRIAGE);
  g_assert_cmpint (in_first_five (f->cache, "yingye执照", D_COMPANY), ==, YC_CATALOGUE_MATCH_READING);
  g_assert_cmpint (in_first_five (f->cache, "营业zhizhao", D_COMPANY), ==, YC_CATALOGUE_MATCH_READING);
  in_first_five (f->cache, "gongjijin 租房", D_FUND);

  /* A homophone picked in the input method. */
  g_assert_cmpint (in_first_five (f->cache, "营业执找", D_COMPANY), ==, YC_CATALOGUE_MATCH_READING);
  g_assert_cmpint (in_first_five (f->cache, "结婚登纪", D_MARRIAGE), ==, YC_CATALOGUE_MATCH_READING);

  /* A slip in pinyin: nothing found, the pinyin meant offered, and it finds the guide. */
  slip = search_results (f->cache, "qiyekiaban", 50);
  g_assert_cmpuint (slip->hits->len, ==, 0);
  g_assert_cmpstr (slip->suggestion, ==, "qiyekaiban");
  in_first_five (f->cache, slip->suggestion, D_OPENING);

  /* Traditional phrases, converted as OpenCC converts them (諮→咨, 託→托). */
  g_assert_cmpint (in_first_five (f->cache, "諮詢", D_RETIRE), ==, YC_CATALOGUE_MATCH_KEYWORD);
  g_assert_cmpint (in_first_five (f->cache, "委託", D_RESALE), ==, YC_CATALOGUE_MATCH_KEYWORD);
  in_first_five (f->cache, "退休諮詢", D_RETIRE);
}

/* What each habit must not do: outrank exact input, find what lacks a word, offer a
 * suggestion when something is found or for characters. */
static void
test_search_habits_bounds (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) exact = NULL;
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GPtrArray) nowhere = NULL;
  g_autoptr(YcCatalogueResults) found = NULL;
  g_autoptr(YcCatalogueResults) chars = NULL;
  g_autoptr(YcCatalogueResults) slips = NULL;

  load_demo (f->cache);

  /* The name typed whole comes first, as before. */
  exact = search (f->cache, "企业设立登记", 50);
  g_assert_cmpstr (hit_at (exact, 0)->code, ==, D_COMPANY);
  g_assert_cmpint (hit_at (exact, 0)->matched_by, ==, YC_CATALOGUE_MATCH_NAME_EXACT);

  /* Every hit has every word somewhere. */
  words = search (f->cache, "公安 户口", 50);
  g_assert_cmpuint (words->len, >, 0);
  for (guint i = 0; i < words->len; i++)
    g_assert_cmpstr (hit_at (words, i)->department_name, ==, "示范市公安局");
  nowhere = search (f->cache, "户口 没有这个词", 50);
  g_assert_cmpuint (nowhere->len, ==, 0);

  /* A department by its usual short form. */
  g_assert_true (finds (f->cache, "人社", "990100-RS-QR-0001"));
  g_assert_true (finds (f->cache, "市场监管", D_COMPANY));

  found = search_results (f->cache, "qiyekaiban", 50);
  g_assert_cmpuint (found->hits->len, >, 0);
  g_assert_null (found->suggestion);
  chars = search_results (f->cache, "没有这样的事项", 50);
  g_assert_cmpuint (chars->hits->len, ==, 0);
  g_assert_null (chars->suggestion);
  /* Two slips are too many to guess. */
  slips = search_results (f->cache, "qiyekiabna", 50);
  g_assert_cmpuint (slips->hits->len, ==, 0);
  g_assert_null (slips->suggestion);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/catalogue-cache/apply/add-change-remove", test_apply_add_change_remove);
  ADD ("/catalogue-cache/apply/since-mismatch", test_apply_since_mismatch);
  ADD ("/catalogue-cache/apply/new-epoch", test_apply_new_epoch);
  ADD ("/catalogue-cache/reopen", test_reopen);
  ADD ("/catalogue-cache/search/pinyin", test_search_pinyin);
  ADD ("/catalogue-cache/search/chinese", test_search_chinese);
  ADD ("/catalogue-cache/search/code", test_search_code);
  ADD ("/catalogue-cache/search/limit", test_search_limit);
  ADD ("/catalogue-cache/search/cancel", test_search_cancel);
  ADD ("/catalogue-cache/search/pinyin-inside", test_search_pinyin_inside);
  ADD ("/catalogue-cache/search/pinyin-inside-polyphonic", test_search_pinyin_inside_polyphonic);
  ADD ("/catalogue-cache/search/pinyin-inside-changes", test_search_pinyin_inside_changes);
  ADD ("/catalogue-cache/search/keyword-pinyin", test_search_keyword_pinyin);
  ADD ("/catalogue-cache/search/keyword-pinyin-changes", test_search_keyword_pinyin_changes);
  ADD ("/catalogue-cache/apply/pages", test_apply_pages);
  ADD ("/catalogue-cache/get/body", test_get_body);
  ADD ("/catalogue-cache/reopen/other-layout", test_reopen_other_layout);
  ADD ("/catalogue-cache/search/habits", test_search_habits);
  ADD ("/catalogue-cache/search/habits-bounds", test_search_habits_bounds);
#undef ADD

  return g_test_run ();
}
