/* yc-sqlite-private.h: what the desk's SQLite files share: private files, errors in
 * YC_ERROR, and a worker thread whose results come back on the owner's context. */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Always FALSE: SQLITE_FULL is YC_ERROR_DISK_FULL, an interrupt G_IO_ERROR_CANCELLED. */
gboolean yc_sqlite_set_error           (GError       **error,
                                        sqlite3       *db,
                                        int            rc,
                                        const char    *what);
gboolean yc_sqlite_exec                (sqlite3       *db,
                                        const char    *sql,
                                        GError       **error);
/* Creates the file (and its folder, 0700) readable by the clerk's account only. */
gboolean yc_sqlite_create_private_file (const char    *path,
                                        GError       **error);

/* An idle source on context, never g_main_context_invoke(): from a thread without a
 * context of its own, invoke may run the callback right there. */
void     yc_sqlite_idle_on             (GMainContext  *context,
                                        GSourceFunc    func,
                                        gpointer       data,
                                        GDestroyNotify destroy);

/* A job runs on the pool's thread with the task's source object; the pool's function
 * is yc_sqlite_run_job. The task is released on context, so the owner is never
 * finalized on its own worker (it could not shut its pool down there). */
typedef void (*YcSqliteJobFunc) (gpointer  owner,
                                 GTask    *task);

void     yc_sqlite_push_job            (GThreadPool   *pool,
                                        GMainContext  *context,
                                        YcSqliteJobFunc func,
                                        GTask         *task);
void     yc_sqlite_run_job             (gpointer       job,
                                        gpointer       unused);

/* Runs open (path, &error) on a worker; the finish gives its object or NULL. */
typedef gpointer (*YcSqliteOpenFunc) (const char *path,
                                      GError    **error);

void     yc_sqlite_open_async          (const char         *path,
                                        YcSqliteOpenFunc    open,
                                        gpointer            source_tag,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gpointer yc_sqlite_open_finish         (GAsyncResult       *result,
                                        gpointer            source_tag,
                                        GError            **error);

G_END_DECLS
