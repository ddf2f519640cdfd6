/* test-util.h: waiting on the main context without fixed sleeps, temporary folders,
 * objects that must not outlive their test, and numbers read from a database. */
#pragma once

#include <glib.h>
#include <glib-object.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

/* A GAsyncReadyCallback that keeps the result in *(GAsyncResult **) user_data, for a
 * test to wait on and pass to the _finish call. */
static inline void
yc_test_result_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static inline gboolean
yc_test_tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterate the default main context until cond holds; fail the test after timeout_s seconds.
 * A 10 ms tick wakes the loop for conditions another thread makes true (the server's). */
#define yc_test_wait_until(cond, timeout_s)                                             \
  G_STMT_START {                                                                        \
    gint64 _deadline = g_get_monotonic_time () + (gint64) (timeout_s) * G_USEC_PER_SEC; \
    guint _tick = g_timeout_add (10, yc_test_tick_cb, NULL);                            \
    while (!(cond))                                                                     \
      {                                                                                 \
        if (g_get_monotonic_time () > _deadline)                                        \
          g_error ("Timed out after %d s waiting for: %s", (int) (timeout_s), #cond);   \
        g_main_context_iteration (NULL, TRUE);                                          \
      }                                                                                 \
    g_source_remove (_tick);                                                            \
  } G_STMT_END

/* Iterate the default main context for ms milliseconds: only to show that something
 * does NOT happen (a second notification, a task listed twice) within that time. */
#define yc_test_run_for(ms)                                                             \
  G_STMT_START {                                                                        \
    gint64 _until = g_get_monotonic_time () + (gint64) (ms) * 1000;                     \
    guint _tick = g_timeout_add (10, yc_test_tick_cb, NULL);                            \
    while (g_get_monotonic_time () < _until)                                            \
      g_main_context_iteration (NULL, TRUE);                                            \
    g_source_remove (_tick);                                                            \
  } G_STMT_END

static inline void
yc_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        yc_test_remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

/* Calls under way hold a reference to their source object until their callback has run
 * on the main context: let them come back, then the last reference must finalize the
 * object. A leaked reference fails the test after timeout_s seconds. Takes the caller's
 * reference. */
#define yc_test_assert_finalized_soon(object, timeout_s)                                \
  G_STMT_START {                                                                        \
    GObject *_object = G_OBJECT (object);                                               \
    yc_test_wait_until (g_atomic_int_get (&_object->ref_count) == 1, timeout_s);        \
    g_assert_finalize_object (_object);                                                 \
  } G_STMT_END

/* One number from a database, read through a connection of its own (as a person looking
 * into it would): the first column of the first row of sql; -1 if the database cannot be
 * read (yet), so a wait can poll it. */
static inline gint64
yc_test_db_count (const char *db_path,
                  const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  if (db_path == NULL)
    return -1;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);

  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return count;
}

/* Runs sql on the database at db_path, as an administrator would under a running
 * program: its SQLite result code. */
static inline int
yc_test_db_exec (const char *db_path,
                 const char *sql)
{
  sqlite3 *db = NULL;
  int rc;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return SQLITE_CANTOPEN;
    }
  sqlite3_busy_timeout (db, 5000);
  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  sqlite3_close (db);
  return rc;
}

/* Takes --language=LL out of argv and sets LANGUAGE from it: call first in main(),
 * before anything is translated. */
static inline void
yc_test_take_language_arg (int   *argc,
                           char **argv)
{
  int j = 1;

  for (int i = 1; i < *argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--language="))
        g_setenv ("LANGUAGE", argv[i] + strlen ("--language="), TRUE);
      else
        argv[j++] = argv[i];
    }
  *argc = j;
  argv[j] = NULL;
}

/* A fresh temporary folder of this process's own (prefix-XXXXXX under TMPDIR), made
 * TMPDIR: set before anything asks g_get_tmp_dir(), which keeps the first answer. */
static inline char *
yc_test_private_tmp_dir (const char *prefix)
{
  const char *parent = g_getenv ("TMPDIR");
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  char *dir = g_build_filename (parent && *parent ? parent : "/tmp", template, NULL);

  g_assert_nonnull (g_mkdtemp (dir));
  g_setenv ("TMPDIR", dir, TRUE);
  return dir;
}
