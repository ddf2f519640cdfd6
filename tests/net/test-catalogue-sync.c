/* test-catalogue-sync.c: the desk's catalogue sync against the real server in this
 * process: a first fill, changes, progress, damaged answers from a fake server, a new
 * server database, a stopped server, a log-out in the middle of a run. */
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "net/yc-catalogue-sync.h"
#include "server/yc-server-db.h"
#include "server/yc-server-thread.h"
#include "../test-server-util.h"
#include "../test-util.h"

#define TIMEOUT_S 20

typedef struct
{
  char             *dir;
  char             *server_db;
  char             *cache_path;
  guint             port;
  YcServerThread   *server;
  YcClient         *client;
  YcCatalogueCache *cache;
  YcCatalogueSync  *sync;

  guint             runs_ended;
  GArray           *fractions;  /* every value "fraction" was notified with */
} Fixture;

static void
start_server (Fixture *f)
{
  f->server = yc_test_start_server (f->server_db, &f->port);
}

static void
on_running_changed_cb (YcCatalogueSync *sync,
                       GParamSpec      *pspec,
                       Fixture         *f)
{
  if (!yc_catalogue_sync_get_running (sync))
    f->runs_ended++;
}

static void
on_fraction_changed_cb (YcCatalogueSync *sync,
                        GParamSpec      *pspec,
                        Fixture         *f)
{
  double fraction = yc_catalogue_sync_get_fraction (sync);

  g_array_append_val (f->fractions, fraction);
}

/* The sync over the fixture's client and cache, watched. */
static void
make_sync (Fixture *f)
{
  f->sync = yc_catalogue_sync_new (f->client, f->cache);
  g_signal_connect (f->sync, "notify::running", G_CALLBACK (on_running_changed_cb), f);
  g_signal_connect (f->sync, "notify::fraction", G_CALLBACK (on_fraction_changed_cb), f);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("yc-catalogue-sync-XXXXXX", &error);
  g_assert_no_error (error);
  f->server_db = g_build_filename (f->dir, "server.db", NULL);
  f->cache_path = g_build_filename (f->dir, "catalogue.db", NULL);
  f->fractions = g_array_new (FALSE, FALSE, sizeof (double));
  start_server (f);
  f->client = yc_client_new (yc_server_thread_get_url (f->server));
  f->cache = yc_catalogue_cache_open (f->cache_path, &error);
  g_assert_no_error (error);
  make_sync (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* Nothing may keep the sync, its cache or its client alive once they are let go. */
  if (f->sync != NULL)
    {
      yc_catalogue_sync_stop (f->sync);
      g_signal_handlers_disconnect_by_data (f->sync, f);
      yc_test_assert_finalized_soon (g_steal_pointer (&f->sync), TIMEOUT_S);
    }
  yc_test_assert_finalized_soon (g_steal_pointer (&f->cache), TIMEOUT_S);
  yc_test_assert_finalized_soon (g_steal_pointer (&f->client), TIMEOUT_S);
  g_clear_pointer (&f->server, yc_server_thread_stop);
  yc_test_remove_tree (f->dir);
  g_array_unref (f->fractions);
  g_free (f->server_db);
  g_free (f->cache_path);
  g_free (f->dir);
}

#define AWAIT(result) yc_test_wait_until ((result) != NULL, TIMEOUT_S)

static void
login (YcClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  yc_client_login_async (client, "1001", "123456", 1, NULL, yc_test_result_cb, &result);
  AWAIT (result);
  g_assert_true (yc_client_login_finish (client, result, &error));
  g_assert_no_error (error);
}

/* Waits until the runs started so far (counted from before) are over. */
static void
wait_runs_over (Fixture *f,
                guint    before)
{
  yc_test_wait_until (f->runs_ended > before && !yc_catalogue_sync_get_running (f->sync), TIMEOUT_S);
}

static void
run_and_wait (Fixture *f)
{
  guint before = f->runs_ended;

  yc_catalogue_sync_run (f->sync);
  g_assert_true (yc_catalogue_sync_get_running (f->sync));
  wait_runs_over (f, before);
}

/* The server's own view, through a connection of the test's own. */
static gint64
server_number (Fixture    *f,
               const char *sql)
{
  gint64 value = yc_test_db_count (f->server_db, sql);

  g_assert_cmpint (value, >=, 0);
  return value;
}

static char *
server_text (Fixture    *f,
             const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->server_db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_nonnull (text);
  return text;
}

#define SERVER_ITEMS    "SELECT count(*) FROM catalogue WHERE kind = 'item' AND body IS NOT NULL"
#define SERVER_PACKAGES "SELECT count(*) FROM catalogue WHERE kind = 'package' AND body IS NOT NULL"
#define SERVER_LATEST   "SELECT coalesce (max (revision), 0) FROM catalogue"
#define SERVER_EPOCH    "SELECT value FROM meta WHERE key = 'catalogue.epoch'"

/* The cache holds exactly what the server has now. */
static void
assert_cache_matches_server (Fixture *f)
{
  g_autofree char *epoch = server_text (f, SERVER_EPOCH);

  g_assert_cmpstr (yc_catalogue_cache_get_epoch (f->cache), ==, epoch);
  g_assert_cmpint (yc_catalogue_cache_get_revision (f->cache), ==, server_number (f, SERVER_LATEST));
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM), ==, server_number (f, SERVER_ITEMS));
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_PACKAGE), ==, server_number (f, SERVER_PACKAGES));
}

/* The code of the best hit for query, or NULL when nothing is found. */
static char *
search_first (Fixture    *f,
              const char *query)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  yc_catalogue_cache_search_async (f->cache, query, 10, NULL, yc_test_result_cb, &result);
  AWAIT (result);
  hits = yc_catalogue_cache_search_finish (f->cache, result, &error);
  g_assert_no_error (error);
  if (hits->len == 0)
    return NULL;
  return g_strdup (((YcCatalogueHit *) g_ptr_array_index (hits, 0))->code);
}

static gboolean
cache_has (Fixture         *f,
           YcCatalogueKind  kind,
           const char      *code)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;

  yc_catalogue_cache_get_async (f->cache, kind, code, NULL, yc_test_result_cb, &result);
  AWAIT (result);
  body = yc_catalogue_cache_get_finish (f->cache, result, &error);
  if (body == NULL)
    g_assert_error (error, YC_ERROR, YC_ERROR_NOT_FOUND);
  return body != NULL;
}

/* A log-in starts the first run: the empty cache gets the whole demo catalogue. */
static void
first_fill (Fixture *f)
{
  guint before = f->runs_ended;

  g_assert_null (yc_catalogue_cache_get_epoch (f->cache));
  g_assert_false (yc_catalogue_sync_get_running (f->sync));
  g_assert_cmpint (yc_catalogue_sync_get_last_success (f->sync), ==, 0);

  login (f->client);
  g_assert_true (yc_catalogue_sync_get_running (f->sync));
  wait_runs_over (f, before);

  g_assert_null (yc_catalogue_sync_get_problem (f->sync));
  g_assert_cmpint (yc_catalogue_sync_get_last_success (f->sync), >, 0);
  g_assert_cmpfloat (yc_catalogue_sync_get_fraction (f->sync), ==, -1);
  assert_cache_matches_server (f);
}

static void
test_first_fill (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *name = server_text (f, "SELECT json_extract (body, '$.name') FROM catalogue"
                                          " WHERE kind = 'item' ORDER BY revision LIMIT 1");
  g_autofree char *code = server_text (f, "SELECT code FROM catalogue"
                                          " WHERE kind = 'item' ORDER BY revision LIMIT 1");
  g_autofree char *found = NULL;

  first_fill (f);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM), >=, 60);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_PACKAGE), >=, 8);
  g_assert_false (yc_catalogue_cache_get_building (f->cache));

  found = search_first (f, name);
  g_assert_nonnull (found);
  g_assert_true (cache_has (f, YC_CATALOGUE_ITEM, code));
}

/* An item body of the server's, under another code and name. */
static JsonNode *
item_like (Fixture    *f,
           const char *code,
           const char *name)
{
  g_autofree char *text = server_text (f, "SELECT body FROM catalogue WHERE kind = 'item'"
                                          " AND body IS NOT NULL ORDER BY revision LIMIT 1");
  JsonNode *body = json_from_string (text, NULL);
  JsonObject *object = json_node_get_object (body);

  json_object_set_string_member (object, "code", code);
  json_object_set_string_member (object, "name", name);
  return body;
}

/* The back office changes, adds and removes entries; the next run brings exactly that,
 * and a run with nothing new changes nothing. */
static void
test_changes (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *changed_code = NULL;
  g_autofree char *package_code = NULL;
  g_autofree char *found = NULL;
  g_autoptr(JsonNode) changed = NULL;
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(GError) error = NULL;
  YcServerDb *db;
  gint64 revision, last_success;
  guint items, packages;
  guint64 applied;

  first_fill (f);
  revision = yc_catalogue_cache_get_revision (f->cache);
  items = yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM);
  packages = yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_PACKAGE);

  /* The back office edits through its own connection to the server's database. */
  changed_code = server_text (f, "SELECT code FROM catalogue WHERE kind = 'item' ORDER BY revision LIMIT 1 OFFSET 3");
  package_code = server_text (f, "SELECT code FROM catalogue WHERE kind = 'package' ORDER BY revision LIMIT 1");
  db = yc_server_db_open (f->server_db, &error);
  g_assert_no_error (error);
  changed = item_like (f, changed_code, "测试更名的事项");
  g_assert_true (yc_server_db_catalogue_put (db, "item", changed_code, changed, &error));
  added = item_like (f, "990100-TEST-XK-9001", "测试新增的事项");
  g_assert_true (yc_server_db_catalogue_put (db, "item", "990100-TEST-XK-9001", added, &error));
  g_assert_true (yc_server_db_catalogue_remove (db, "package", package_code, &error));
  g_assert_no_error (error);
  yc_server_db_free (db);

  run_and_wait (f);
  g_assert_null (yc_catalogue_sync_get_problem (f->sync));
  assert_cache_matches_server (f);
  g_assert_cmpint (yc_catalogue_cache_get_revision (f->cache), ==, revision + 3);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM), ==, items + 1);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_PACKAGE), ==, packages - 1);

  found = search_first (f, "测试更名的事项");
  g_assert_cmpstr (found, ==, changed_code);
  g_clear_pointer (&found, g_free);
  found = search_first (f, "测试新增的事项");
  g_assert_cmpstr (found, ==, "990100-TEST-XK-9001");
  g_assert_false (cache_has (f, YC_CATALOGUE_PACKAGE, package_code));
  g_assert_true (cache_has (f, YC_CATALOGUE_ITEM, "990100-TEST-XK-9001"));

  /* Nothing new: nothing changes, and the run counts as a success. */
  revision = yc_catalogue_cache_get_revision (f->cache);
  applied = yc_catalogue_cache_get_applied (f->cache);
  last_success = yc_catalogue_sync_get_last_success (f->sync);
  run_and_wait (f);
  g_assert_null (yc_catalogue_sync_get_problem (f->sync));
  g_assert_cmpint (yc_catalogue_cache_get_revision (f->cache), ==, revision);
  g_assert_cmpuint (yc_catalogue_cache_get_applied (f->cache), ==, applied);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM), ==, items + 1);
  g_assert_cmpint (yc_catalogue_sync_get_last_success (f->sync), >=, last_success);
  assert_cache_matches_server (f);
}

/* Small pages: the fraction rises page by page to 1, then is unknown again. */
static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  guint before = f->runs_ended;
  double last = -1;
  guint between = 0;

  yc_catalogue_sync_set_page_limit (f->sync, 7);
  g_assert_cmpuint (yc_catalogue_sync_get_page_limit (f->sync), ==, 7);
  login (f->client);
  wait_runs_over (f, before);
  g_assert_null (yc_catalogue_sync_get_problem (f->sync));
  assert_cache_matches_server (f);

  /* -1 at the start, a rising fraction per page, 1 at the end, -1 once over. */
  g_assert_cmpuint (f->fractions->len, >, 3);
  for (guint i = 0; i + 1 < f->fractions->len; i++)
    {
      double fraction = g_array_index (f->fractions, double, i);

      if (fraction < 0)
        continue;
      g_assert_cmpfloat (fraction, >=, last);
      g_assert_cmpfloat (fraction, <=, 1);
      if (fraction > 0 && fraction < 1)
        between++;
      last = fraction;
    }
  g_assert_cmpfloat (last, ==, 1);
  g_assert_cmpfloat (g_array_index (f->fractions, double, f->fractions->len - 1), ==, -1);
  /* The demo catalogue has some 90 entries: a dozen pages of 7. */
  g_assert_cmpuint (between, >=, 5);
}

/* A server that answers the catalogue off-contract, to see the cache keep what it had. */

static const char fake_session[] =
  "{\"token\":\"t\",\"clerk\":{\"id\":\"1001\",\"name\":\"x\"},\"window\":{\"id\":1,\"name\":\"w\"},"
  "\"hall\":{\"name\":\"h\"},\"services\":[]}";

static void
damaged_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  const char *mode = *(const char **) user_data;
  const char *since = query ? g_hash_table_lookup (query, "since") : NULL;
  g_autofree char *body = NULL;

  if (g_str_equal (path, "/api/v1/sessions"))
    body = g_strdup (fake_session);
  else if (!g_str_equal (path, "/api/v1/catalogue") || since == NULL)
    body = g_strdup ("{}");
  else if (g_str_equal (mode, "truncated"))
    body = g_strdup_printf ("{\"epoch\":\"e\",\"since\":%s,\"revision\":900,\"latest\":900,\"more\":false,"
                            "\"changes\":[{\"kind\":\"item\",\"code\":\"I1\",\"revision\":899,\"body\":{\"na",
                            since);
  else if (g_str_equal (mode, "no-latest"))
    body = g_strdup_printf ("{\"epoch\":\"e\",\"since\":%s,\"revision\":%s,\"more\":false,"
                            "\"changes\":[],\"removals\":[]}", since, since);
  else if (g_str_equal (mode, "bad-item"))
    /* An item without its guide, among good entries: the page is refused whole. */
    body = g_strdup_printf ("{\"epoch\":\"e\",\"since\":%s,\"revision\":1000,\"latest\":1000,\"more\":false,"
                            "\"changes\":[{\"kind\":\"department\",\"code\":\"XX\",\"revision\":999,"
                            "\"body\":{\"code\":\"XX\",\"name\":\"某局\"}},"
                            "{\"kind\":\"item\",\"code\":\"I1\",\"revision\":1000,"
                            "\"body\":{\"code\":\"I1\",\"name\":\"坏事项\",\"department\":\"XX\",\"type\":\"t\","
                            "\"legal_days\":1,\"promised_days\":1}}],\"removals\":[]}", since);
  else if (g_str_equal (mode, "fresh-then-broken"))
    {
      /* A catalogue of another history begins well, then its second page is cut off:
       * the half-built fresh cache is abandoned, the old one stays. */
      if (g_str_equal (since, "1"))
        body = g_strdup ("{\"epoch\":\"other\",\"since\":1,\"revision\":2,\"latest\":2,\"more\":false,\"changes\":[{");
      else
        body = g_strdup ("{\"epoch\":\"other\",\"since\":0,\"revision\":1,\"latest\":2,\"more\":true,"
                         "\"changes\":[{\"kind\":\"department\",\"code\":\"XX\",\"revision\":1,"
                         "\"body\":{\"code\":\"XX\",\"name\":\"某局\"}}],\"removals\":[]}");
    }
  else if (g_str_equal (mode, "stuck"))
    /* More is promised, but nothing comes after since: asking again would never end. */
    body = g_strdup_printf ("{\"epoch\":\"e\",\"since\":%s,\"revision\":%s,\"latest\":5000,\"more\":true,"
                            "\"changes\":[],\"removals\":[]}", since, since);
  else
    body = g_strdup ("not json at all");

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
test_damaged_answers (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SoupServer) fake = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *name = server_text (f, "SELECT json_extract (body, '$.name') FROM catalogue"
                                          " WHERE kind = 'item' ORDER BY revision LIMIT 1");
  g_autofree char *epoch = NULL;
  const char *modes[] = { "truncated", "no-latest", "bad-item", "fresh-then-broken", "stuck", "junk" };
  const char *mode = "";
  gint64 revision, last_success;
  guint items, packages;
  GSList *uris;

  first_fill (f);
  epoch = g_strdup (yc_catalogue_cache_get_epoch (f->cache));
  revision = yc_catalogue_cache_get_revision (f->cache);
  items = yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM);
  packages = yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_PACKAGE);
  last_success = yc_catalogue_sync_get_last_success (f->sync);

  soup_server_add_handler (fake, NULL, damaged_handler, &mode, NULL);
  g_assert_true (soup_server_listen_local (fake, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  yc_client_set_base_url (f->client, url);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *found = NULL;
      const char *problem;

      g_test_message ("the server sends: %s", modes[i]);
      mode = modes[i];
      run_and_wait (f);

      problem = yc_catalogue_sync_get_problem (f->sync);
      g_assert_nonnull (problem);
      g_test_message ("the clerk reads: %s", problem);
      g_assert_nonnull (strstr (problem, "damaged"));
      g_assert_nonnull (strstr (problem, "The guides from before stay in use."));
      g_assert_cmpint (yc_catalogue_sync_get_last_success (f->sync), ==, last_success);

      /* What searches see is what the real server sent before. */
      g_assert_cmpstr (yc_catalogue_cache_get_epoch (f->cache), ==, epoch);
      g_assert_cmpint (yc_catalogue_cache_get_revision (f->cache), ==, revision);
      g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM), ==, items);
      g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_PACKAGE), ==, packages);
      g_assert_false (cache_has (f, YC_CATALOGUE_DEPARTMENT, "XX"));
      found = search_first (f, name);
      g_assert_nonnull (found);
    }

  /* The real server again: the next run succeeds and the problem goes. */
  yc_client_set_base_url (f->client, yc_server_thread_get_url (f->server));
  run_and_wait (f);
  g_assert_null (yc_catalogue_sync_get_problem (f->sync));
  g_assert_cmpint (yc_catalogue_sync_get_last_success (f->sync), >=, last_success);
  assert_cache_matches_server (f);

  soup_server_disconnect (fake);
}

/* The server gets a new database (a new catalogue history): the cache is rebuilt with its
 * epoch. data: TRUE when the old history had gone further than the new one, so the server
 * itself answers from revision 0; otherwise the desk notices the other epoch. */
static void
test_new_epoch (Fixture       *f,
                gconstpointer  data)
{
  gboolean behind = GPOINTER_TO_INT (data);
  g_autofree char *old_epoch = NULL;
  g_autofree char *package_code = NULL;
  g_autofree char *wal = g_strconcat (f->server_db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->server_db, "-shm", NULL);
  g_autoptr(GError) error = NULL;
  guint before;
  YcServerDb *db;

  first_fill (f);
  old_epoch = g_strdup (yc_catalogue_cache_get_epoch (f->cache));

  if (behind)
    {
      g_autoptr(JsonNode) added = item_like (f, "990100-TEST-XK-9002", "测试旧库事项");

      /* Two revisions more than the new database will have. */
      db = yc_server_db_open (f->server_db, &error);
      g_assert_no_error (error);
      g_assert_true (yc_server_db_catalogue_put (db, "item", "990100-TEST-XK-9002", added, &error));
      g_assert_true (yc_server_db_catalogue_put (db, "item", "990100-TEST-XK-9002", added, &error));
      yc_server_db_free (db);
      run_and_wait (f);
      g_assert_true (cache_has (f, YC_CATALOGUE_ITEM, "990100-TEST-XK-9002"));
    }

  /* A new database on the same address. */
  g_clear_pointer (&f->server, yc_server_thread_stop);
  g_assert_cmpint (g_unlink (f->server_db), ==, 0);
  g_unlink (wal);
  g_unlink (shm);
  start_server (f);

  /* So the two catalogues differ in what they hold, not only in their epoch. */
  package_code = server_text (f, "SELECT code FROM catalogue WHERE kind = 'package' ORDER BY revision LIMIT 1");
  db = yc_server_db_open (f->server_db, &error);
  g_assert_no_error (error);
  g_assert_true (yc_server_db_catalogue_remove (db, "package", package_code, &error));
  yc_server_db_free (db);
  g_assert_true (cache_has (f, YC_CATALOGUE_PACKAGE, package_code));

  /* The old session means nothing to the new database: log in again, which syncs. */
  before = f->runs_ended;
  login (f->client);
  wait_runs_over (f, before);

  g_assert_null (yc_catalogue_sync_get_problem (f->sync));
  g_assert_cmpstr (yc_catalogue_cache_get_epoch (f->cache), !=, old_epoch);
  assert_cache_matches_server (f);
  g_assert_false (yc_catalogue_cache_get_building (f->cache));
  g_assert_false (cache_has (f, YC_CATALOGUE_PACKAGE, package_code));
  g_assert_false (cache_has (f, YC_CATALOGUE_ITEM, "990100-TEST-XK-9002"));
}

/* The server stops: the clerk reads that it cannot be reached, the cache stays; when the
 * client is online again, the sync runs by itself. */
static void
test_server_stopped (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *name = server_text (f, "SELECT json_extract (body, '$.name') FROM catalogue"
                                          " WHERE kind = 'item' ORDER BY revision LIMIT 1");
  g_autofree char *found = NULL;
  g_autoptr(GAsyncResult) health = NULL;
  g_autoptr(GError) error = NULL;
  const char *problem;
  gint64 revision, last_success;
  guint items, before;

  first_fill (f);
  revision = yc_catalogue_cache_get_revision (f->cache);
  items = yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM);
  last_success = yc_catalogue_sync_get_last_success (f->sync);

  g_clear_pointer (&f->server, yc_server_thread_stop);
  run_and_wait (f);
  g_assert_false (yc_client_get_online (f->client));
  problem = yc_catalogue_sync_get_problem (f->sync);
  g_assert_nonnull (problem);
  g_test_message ("the clerk reads: %s", problem);
  g_assert_nonnull (strstr (problem, "cannot be reached"));
  g_assert_nonnull (strstr (problem, "The guides from before stay in use."));
  g_assert_cmpint (yc_catalogue_sync_get_last_success (f->sync), ==, last_success);
  g_assert_cmpint (yc_catalogue_cache_get_revision (f->cache), ==, revision);
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->cache, YC_CATALOGUE_ITEM), ==, items);
  found = search_first (f, name);
  g_assert_nonnull (found);

  /* Back on the same database: any answer brings the client online, and with it a run. */
  start_server (f);
  before = f->runs_ended;
  yc_client_health_async (f->client, NULL, yc_test_result_cb, &health);
  AWAIT (health);
  g_assert_true (yc_client_health_finish (f->client, health, &error));
  wait_runs_over (f, before);
  g_assert_null (yc_catalogue_sync_get_problem (f->sync));
  g_assert_cmpint (yc_catalogue_sync_get_last_success (f->sync), >=, last_success);
  assert_cache_matches_server (f);
}

/* With no cache at all yet, the clerk is told there are no guides yet. */
static void
test_unreachable_empty (Fixture       *f,
                        gconstpointer  data)
{
  const char *problem;

  login (f->client);
  wait_runs_over (f, 0);
  g_clear_pointer (&f->server, yc_server_thread_stop);

  /* A cache of its own, still empty. */
  {
    g_autofree char *path = g_build_filename (f->dir, "empty.db", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(YcCatalogueCache) empty = yc_catalogue_cache_open (path, &error);
    g_autoptr(YcCatalogueSync) sync = NULL;

    g_assert_no_error (error);
    /* Made while logged in: it runs at once. */
    sync = yc_catalogue_sync_new (f->client, empty);
    g_assert_true (yc_catalogue_sync_get_running (sync));
    yc_test_wait_until (!yc_catalogue_sync_get_running (sync), TIMEOUT_S);
    problem = yc_catalogue_sync_get_problem (sync);
    g_assert_nonnull (problem);
    g_test_message ("the clerk reads: %s", problem);
    g_assert_nonnull (strstr (problem, "cannot be reached"));
    g_assert_nonnull (strstr (problem, "There are no guides on this computer yet."));
    g_assert_null (yc_catalogue_cache_get_epoch (empty));
    yc_catalogue_sync_stop (sync);
    yc_test_assert_finalized_soon (g_steal_pointer (&sync), TIMEOUT_S);
    yc_test_assert_finalized_soon (g_steal_pointer (&empty), TIMEOUT_S);
  }
}

/* A log-out in the middle of a run ends it quietly; the next log-in runs again, and the
 * first run's late answers do not disturb it. Runs asked for meanwhile come after. */
static void
test_logout_and_again (Fixture       *f,
                       gconstpointer  data)
{
  guint before;

  yc_catalogue_sync_set_page_limit (f->sync, 3);
  login (f->client);
  g_assert_true (yc_catalogue_sync_get_running (f->sync));
  yc_client_logout (f->client);
  g_assert_false (yc_catalogue_sync_get_running (f->sync));
  g_assert_cmpfloat (yc_catalogue_sync_get_fraction (f->sync), ==, -1);
  g_assert_null (yc_catalogue_sync_get_problem (f->sync));

  /* Without a session a run does nothing. */
  yc_catalogue_sync_run (f->sync);
  g_assert_false (yc_catalogue_sync_get_running (f->sync));

  before = f->runs_ended;
  login (f->client);
  g_assert_true (yc_catalogue_sync_get_running (f->sync));
  /* Asked twice while running: one more run follows, not two. */
  yc_catalogue_sync_run (f->sync);
  yc_catalogue_sync_run (f->sync);
  wait_runs_over (f, before + 1);
  g_assert_cmpuint (f->runs_ended, ==, before + 2);
  g_assert_null (yc_catalogue_sync_get_problem (f->sync));
  assert_cache_matches_server (f);
}

/* A stopped sync lets go of what it was doing and listens no more. */
static void
test_stop (Fixture       *f,
           gconstpointer  data)
{
  yc_catalogue_sync_set_page_limit (f->sync, 3);
  login (f->client);
  g_assert_true (yc_catalogue_sync_get_running (f->sync));
  yc_catalogue_sync_stop (f->sync);
  g_assert_false (yc_catalogue_sync_get_running (f->sync));

  yc_client_logout (f->client);
  login (f->client);
  yc_catalogue_sync_run (f->sync);
  g_assert_false (yc_catalogue_sync_get_running (f->sync));
  g_assert_null (yc_catalogue_sync_get_problem (f->sync));
  /* The teardown checks that nothing of it is left behind. */
}

static void
stop_at_first_page_cb (YcCatalogueSync *sync,
                       GParamSpec      *pspec,
                       gpointer         data)
{
  if (yc_catalogue_sync_get_fraction (sync) > 0)
    yc_catalogue_sync_stop (sync);
}

static void
run_when_over_cb (YcCatalogueSync *sync,
                  GParamSpec      *pspec,
                  guint           *runs)
{
  if (!yc_catalogue_sync_get_running (sync) && (*runs)++ == 0)
    yc_catalogue_sync_run (sync);
}

/* Whoever is told may act on the sync right away: stop it in the middle of a run, or ask
 * for a run while one asked for before is about to follow. */
static void
test_reentrant (Fixture       *f,
                gconstpointer  data)
{
  guint runs = 0;
  gulong handler;

  yc_catalogue_sync_set_page_limit (f->sync, 5);
  handler = g_signal_connect (f->sync, "notify::running", G_CALLBACK (run_when_over_cb), &runs);
  login (f->client);
  yc_catalogue_sync_run (f->sync);
  /* The first run, then the one asked for by the handler (which also covers the one
   * asked for above), and no other. */
  yc_test_wait_until (f->runs_ended >= 2 && !yc_catalogue_sync_get_running (f->sync), TIMEOUT_S);
  g_assert_cmpuint (f->runs_ended, ==, 2);
  g_signal_handler_disconnect (f->sync, handler);
  assert_cache_matches_server (f);

  /* A fresh cache, filled by a sync that is stopped as its first page comes in. */
  {
    g_autofree char *path = g_build_filename (f->dir, "other.db", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(YcCatalogueCache) other = yc_catalogue_cache_open (path, &error);
    g_autoptr(YcCatalogueSync) sync = NULL;

    g_assert_no_error (error);
    sync = g_object_new (YC_TYPE_CATALOGUE_SYNC, "client", f->client, "cache", other, "page-limit", 5, NULL);
    g_assert_true (yc_catalogue_sync_get_running (sync));
    g_signal_connect (sync, "notify::fraction", G_CALLBACK (stop_at_first_page_cb), NULL);
    yc_test_wait_until (!yc_catalogue_sync_get_running (sync), TIMEOUT_S);
    g_assert_null (yc_catalogue_sync_get_problem (sync));
    g_assert_cmpint (yc_catalogue_sync_get_last_success (sync), ==, 0);
    yc_test_assert_finalized_soon (g_steal_pointer (&sync), TIMEOUT_S);
    yc_test_assert_finalized_soon (g_steal_pointer (&other), TIMEOUT_S);
  }
}

#define ADD(path, func, data) g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/net/catalogue-sync/first-fill", test_first_fill, NULL);
  ADD ("/net/catalogue-sync/changes", test_changes, NULL);
  ADD ("/net/catalogue-sync/progress", test_progress, NULL);
  ADD ("/net/catalogue-sync/damaged-answers", test_damaged_answers, NULL);
  ADD ("/net/catalogue-sync/new-epoch", test_new_epoch, GINT_TO_POINTER (FALSE));
  ADD ("/net/catalogue-sync/new-epoch-behind", test_new_epoch, GINT_TO_POINTER (TRUE));
  ADD ("/net/catalogue-sync/server-stopped", test_server_stopped, NULL);
  ADD ("/net/catalogue-sync/unreachable-empty", test_unreachable_empty, NULL);
  ADD ("/net/catalogue-sync/logout-and-again", test_logout_and_again, NULL);
  ADD ("/net/catalogue-sync/stop", test_stop, NULL);
  ADD ("/net/catalogue-sync/reentrant", test_reentrant, NULL);

  return g_test_run ();
}
