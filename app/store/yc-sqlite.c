/* yc-sqlite.c: the plumbing desk.db and catalogue.db share (see yc-sqlite-private.h). */
#include "yc-sqlite-private.h"

#include "core/yc-error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

gboolean
yc_sqlite_set_error (GError     **error,
                     sqlite3     *db,
                     int          rc,
                     const char  *what)
{
  int code = (rc == SQLITE_FULL || rc == SQLITE_IOERR_WRITE) ? YC_ERROR_DISK_FULL : YC_ERROR_STORAGE;

  if (rc == SQLITE_INTERRUPT)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  else
    g_set_error (error, YC_ERROR, code, "%s: %s", what, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

gboolean
yc_sqlite_exec (sqlite3     *db,
                const char  *sql,
                GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return yc_sqlite_set_error (error, db, rc, sql);
  return TRUE;
}

/* The databases hold applicants' data: only the clerk's account may read them. */
gboolean
yc_sqlite_create_private_file (const char  *path,
                               GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, YC_ERROR, saved == ENOSPC ? YC_ERROR_DISK_FULL : YC_ERROR_STORAGE,
                   "cannot create %s: %s", dir, g_strerror (saved));
      return FALSE;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, YC_ERROR, saved == ENOSPC ? YC_ERROR_DISK_FULL : YC_ERROR_STORAGE,
                   "cannot open %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  if (fchmod (fd, 0600) != 0)
    g_warning ("Cannot restrict the permissions of %s: %s", path, g_strerror (errno));
  close (fd);
  return TRUE;
}

void
yc_sqlite_idle_on (GMainContext   *context,
                   GSourceFunc     func,
                   gpointer        data,
                   GDestroyNotify  destroy)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_attach (source, context);
  g_source_unref (source);
}

typedef struct
{
  YcSqliteJobFunc  func;
  GTask           *task;
  GMainContext    *context;
} Job;

static gboolean
unref_task_cb (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

void
yc_sqlite_push_job (GThreadPool     *pool,
                    GMainContext    *context,
                    YcSqliteJobFunc  func,
                    GTask           *task)
{
  Job *job = g_new0 (Job, 1);

  job->func = func;
  job->task = g_object_ref (task);
  job->context = g_main_context_ref (context);
  g_thread_pool_push (pool, job, NULL);
}

void
yc_sqlite_run_job (gpointer data,
                   gpointer unused)
{
  Job *job = data;

  if (!g_task_return_error_if_cancelled (job->task))
    job->func (g_task_get_source_object (job->task), job->task);

  yc_sqlite_idle_on (job->context, unref_task_cb, job->task, NULL);
  g_main_context_unref (job->context);
  g_free (job);
}

typedef struct
{
  char             *path;
  YcSqliteOpenFunc  open;
} Open;

static void
open_free (gpointer data)
{
  Open *open = data;

  g_free (open->path);
  g_free (open);
}

static void
open_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Open *open = task_data;
  GError *error = NULL;
  gpointer object = open->open (open->path, &error);

  if (object == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, object, g_object_unref);
}

void
yc_sqlite_open_async (const char          *path,
                      YcSqliteOpenFunc     open,
                      gpointer             source_tag,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Open *data;

  g_return_if_fail (path != NULL);

  data = g_new0 (Open, 1);
  data->path = g_strdup (path);
  data->open = open;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, open_free);
  g_task_run_in_thread (task, open_in_thread);
}

gpointer
yc_sqlite_open_finish (GAsyncResult  *result,
                       gpointer       source_tag,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
