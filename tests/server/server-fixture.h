/* server-fixture.h: the reference server on a thread of the test, with a temporary
 * database of the demo hall, and what the server tests ask of it over real HTTP. */
#pragma once

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "core/yc-wire.h"
#include "server/yc-server-db.h"
#include "server/yc-server-thread.h"
#include "server/yc-sql.h"
#include "../test-util.h"
#include "../test-server-util.h"

#include <unistd.h>

/* The PostgreSQL cluster the server tests run on (tools/pg-test-cluster sets it, the
 * *-postgresql tests in meson.build), or NULL: they run on SQLite files. */
static inline const char *
yc_test_postgresql (void)
{
  const char *url = g_getenv ("YICHUANG_TEST_POSTGRESQL");

  return url != NULL && *url != '\0' ? url : NULL;
}

/* TRUE, the test skipped, when it runs on PostgreSQL: for a test of SQLite's own (why). */
static inline gboolean
yc_test_sqlite_only (const char *why)
{
  g_autofree char *message = NULL;

  if (yc_test_postgresql () == NULL)
    return FALSE;
  message = g_strconcat ("SQLite only: ", why, NULL);
  g_test_skip (message);
  return TRUE;
}

/* Statements run on the cluster's own database. */
static inline void
yc_test_postgresql_admin (const char *sql)
{
  g_autoptr(GError) error = NULL;
  YcSql *admin = yc_sql_open (yc_test_postgresql (), &error);

  g_assert_no_error (error);
  if (!yc_sql_exec (admin, sql))
    g_error ("%s: %s", sql, yc_sql_errmsg (admin));
  yc_sql_close (admin);
}

/* Where a test's database goes: the file name in dir, or on PostgreSQL a new database
 * of the cluster (dropped by yc_test_db_drop ()). */
static inline char *
yc_test_db_new (const char *dir,
                const char *name)
{
  static guint serial;
  const char *cluster = yc_test_postgresql ();
  g_autofree char *database = NULL;
  g_autofree char *create = NULL;

  if (cluster == NULL)
    return g_build_filename (dir, name, NULL);
  g_assert_true (g_str_has_prefix (cluster, "postgresql:///") && strchr (cluster, '?') != NULL);
  database = g_strdup_printf ("yc_%d_%u", (int) getpid (), ++serial);
  create = g_strdup_printf ("CREATE DATABASE %s", database);
  yc_test_postgresql_admin (create);
  return g_strdup_printf ("postgresql:///%s%s", database, strchr (cluster, '?'));
}

/* A test's PostgreSQL database dropped, whoever is still connected; nothing for a file,
 * which goes with its folder. */
static inline void
yc_test_db_drop (const char *location)
{
  g_autofree char *drop = NULL;

  if (!yc_sql_is_url (location))
    return;
  drop = g_strdup_printf ("DROP DATABASE %.*s WITH (FORCE)",
                          (int) (strchr (location, '?') - location - strlen ("postgresql:///")),
                          location + strlen ("postgresql:///"));
  yc_test_postgresql_admin (drop);
}

/* The number the first column of sql's first row holds, -1 without one. */
static inline gint64
yc_test_sql_count (const char *location,
                   const char *sql)
{
  g_autoptr(GError) error = NULL;
  YcSql *db = yc_sql_open (location, &error);
  YcSqlStmt *stmt;
  gint64 count = -1;

  g_assert_no_error (error);
  stmt = yc_sql_prepare (db, sql);
  if (stmt != NULL && yc_sql_step (stmt) == YC_SQL_ROW)
    count = yc_sql_column_int64 (stmt, 0);
  yc_sql_finalize (stmt);
  yc_sql_close (db);
  return count;
}

/* sql run on the database under the server, as an administrator would; FALSE with
 * *failure (may be NULL) saying why when it is refused. */
static inline gboolean
yc_test_sql_exec (const char   *location,
                  const char   *sql,
                  YcSqlFailure *failure)
{
  g_autoptr(GError) error = NULL;
  YcSql *db = yc_sql_open (location, &error);
  gboolean ran;

  g_assert_no_error (error);
  ran = yc_sql_exec (db, sql);
  if (!ran)
    {
      g_test_message ("%s: %s", sql, yc_sql_errmsg (db));
      if (failure != NULL)
        *failure = yc_sql_failure (db);
    }
  yc_sql_close (db);
  return ran;
}

typedef struct
{
  char           *dir;
  char           *db_path;
  YcServerThread *server;
  SoupSession    *soup;
  char           *kiosk;      /* a kiosk's token */
  char           *office;     /* the back office's session (office ()) */
  char           *pads[6];    /* the rating pads of windows 1 to 5 */
} Fixture;

/* The server with config (NULL: the fixture's), the demo hall, a kiosk and a rating pad
 * for each window. */
static inline void
fixture_start (Fixture              *f,
               const YcServerConfig *config)
{
  YcServerOptions options = { 0 };
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("yc-server-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = yc_test_db_new (f->dir, "server.db");
  options.db_path = f->db_path;
  options.demo_data = TRUE;
  if (config != NULL)
    options.config = *config;
  else
    /* A hall's desks from one address: the connection cap has its own test. */
    options.config.max_per_address = 1000;
  f->server = yc_server_thread_start (&options, &error);
  g_assert_no_error (error);
  f->soup = soup_session_new ();
  f->kiosk = yc_test_add_device (f->server, "test kiosk", "kiosk", 0, NULL);
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("test pad %u", i);
      f->pads[i] = yc_test_add_device (f->server, name, "rating-pad", i, NULL);
    }
}

static inline void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fixture_start (f, data);
}

static inline void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->soup);
  g_clear_pointer (&f->server, yc_server_thread_stop);
  g_clear_pointer (&f->kiosk, g_free);
  g_clear_pointer (&f->office, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (f->pads); i++)
    g_clear_pointer (&f->pads[i], g_free);
  yc_test_remove_tree (f->dir);
  if (f->db_path != NULL)
    yc_test_db_drop (f->db_path);
  g_free (f->db_path);
  g_free (f->dir);
}

/* The same to the fixture's server, which answers from its own thread. */
static inline guint
http_or_none (SoupSession  *soup,
              Fixture      *f,
              const char   *method,
              const char   *path,
              const char   *token,
              const char   *body,
              JsonNode    **answer)
{
  return yc_test_http (soup, yc_server_thread_get_url (f->server), method, path, token, body, answer);
}

/* The same, for a server that must answer. */
static inline guint
http (SoupSession  *soup,
      Fixture      *f,
      const char   *method,
      const char   *path,
      const char   *token,
      const char   *body,
      JsonNode    **answer)
{
  guint status = http_or_none (soup, f, method, path, token, body, answer);

  g_assert_cmpuint (status, !=, 0);
  return status;
}

static inline const char *
member (JsonNode   *node,
        const char *name)
{
  g_assert_nonnull (node);
  return json_object_get_string_member (json_node_get_object (node), name);
}

static inline const char *
error_code (JsonNode *node)
{
  g_assert_nonnull (node);
  return json_object_get_string_member (json_object_get_object_member (json_node_get_object (node), "error"), "code");
}

static inline char *
login (Fixture    *f,
       const char *clerk,
       int         window)
{
  g_autofree char *body = g_strdup_printf ("{\"clerk\":\"%s\",\"pin\":\"123456\",\"window\":%d}", clerk, window);
  g_autoptr(JsonNode) answer = NULL;

  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/sessions", NULL, body, &answer), ==, 201);
  return g_strdup (member (answer, "token"));
}

/* A person who logs in without a window (the back office, a duty manager): the token. */
static inline char *
login_person (Fixture    *f,
              const char *id)
{
  g_autofree char *body = g_strdup_printf ("{\"clerk\":\"%s\",\"pin\":\"123456\"}", id);
  g_autoptr(JsonNode) answer = NULL;

  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/sessions", NULL, body, &answer), ==, 201);
  return g_strdup (member (answer, "token"));
}

/* The back office's session (9001), made the first time. */
static inline const char *
office (Fixture *f)
{
  if (f->office == NULL)
    f->office = login_person (f, "9001");
  return f->office;
}

static inline gint64
take_ticket (Fixture    *f,
             const char *service,
             char      **number)
{
  g_autofree char *body = g_strdup_printf ("{\"service\":\"%s\"}", service);
  g_autoptr(JsonNode) answer = NULL;

  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/tickets", f->kiosk, body, &answer), ==, 201);
  if (number != NULL)
    *number = g_strdup (member (answer, "number"));
  return json_object_get_int_member (json_node_get_object (answer), "id");
}

static inline gint64
db_count (Fixture    *f,
          const char *sql)
{
  return yc_test_sql_count (f->db_path, sql);
}

/* The storage alone, without a server: a new database in a temporary folder (*dir, for
 * yc_test_remove_tree ()), seeded with hall (JSON text as resources/demo/hall.json has
 * it) unless that is NULL. */
static inline YcServerDb *
storage_open (const char  *hall,
              char       **dir,
              char       **path)
{
  g_autoptr(GError) error = NULL;
  YcServerDb *db;

  *dir = g_dir_make_tmp ("yc-server-storage-XXXXXX", &error);
  g_assert_no_error (error);
  *path = yc_test_db_new (*dir, "server.db");
  db = yc_server_db_open (*path, &error);
  g_assert_no_error (error);
  if (hall != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (hall, &error);

      g_assert_no_error (error);
      g_assert_true (yc_server_db_seed (db, node, &error));
      g_assert_no_error (error);
    }
  return db;
}

/* Changes the server's database under it, as an administrator would. */
static inline void
db_exec (Fixture    *f,
         const char *sql)
{
  g_assert_true (yc_test_sql_exec (f->db_path, sql, NULL));
}

/* A window calling at base until nobody waits: each ticket called is finished, and its
 * id kept in served. *running (may be NULL) goes down by one when it is done, and the
 * default main context is woken. */
typedef struct
{
  const char *base;
  char       *token;
  int         window;
  GArray     *served;
  gint       *running;
} Caller;

static inline gpointer
caller_thread (gpointer data)
{
  Caller *caller = data;
  /* The session's own context: it frees its connections there, not on the main
   * thread's, which may be blocked joining this one. */
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) soup = (g_main_context_push_thread_default (context), soup_session_new ());
  g_autofree char *path = g_strdup_printf ("/api/v1/windows/%d/call-next", caller->window);

  for (;;)
    {
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *finish = NULL;
      guint status = yc_test_http (soup, caller->base, "POST", path, caller->token, NULL, &answer);
      gint64 id;

      if (status == 204)
        break;
      g_assert_cmpuint (status, ==, 200);
      id = json_object_get_int_member (json_node_get_object (answer), "id");
      g_array_append_val (caller->served, id);
      finish = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/finish", id);
      g_assert_cmpuint (yc_test_http (soup, caller->base, "POST", finish, caller->token, NULL, NULL), ==, 200);
    }
  g_clear_object (&soup);
  g_main_context_pop_thread_default (context);
  if (caller->running != NULL)
    {
      g_atomic_int_add (caller->running, -1);
      g_main_context_wakeup (NULL);
    }
  return NULL;
}
