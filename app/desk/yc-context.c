/* yc-context.c: owns the client, the outbox store and its sync, the catalogue cache and
 * its sync, the settings, and in demo mode the embedded server with its temporary folder.
 *
 * A start opens the store and the catalogue cache side by side (in demo mode it makes the
 * folder first and starts the server after) on workers, and only its last step hands
 * what it made to the context. A reset cancels a start still under way, waits until it
 * has thrown away what it had made, then starts again; so there is never more than one
 * start, nor more than one demo server. Thrown-away databases and servers go on a worker
 * too: the main loop never waits for a disk or a thread, except at the very end in
 * dispose. */
#include "config-desk.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "server/yc-server-thread.h"

#include "yc-context.h"
#include "yc-guide-load.h"

#define STORE_FILE     "desk.db"
#define CATALOGUE_FILE "catalogue.db"
#define SERVER_FILE    "server.db"

struct _YcContext
{
  GObject          parent_instance;

  YcClient        *client;
  YcStore         *store;       /* NULL until ready */
  YcSync          *sync;        /* NULL until ready */
  YcCatalogueCache *catalogue;  /* NULL until ready, or in tests that give none */
  YcCatalogueSync *catalogue_sync;
  YcWorkCalendar  *work_calendar;  /* the catalogue's, once read; renewed by each sync */
  GCancellable    *calendar_cancellable;  /* its read under way */
  YcEvents        *events;      /* the event stream, for the client's life */
  YcTasks         *tasks;       /* the clerk's tasks, following the stream */
  YcCases         *cases;       /* the clerk's cases, following the store */
  YcTraining      *training;    /* the scenario the server plays, following the session */
  GSettings       *settings;
  char            *store_path;  /* outside demo mode: the desk's database */
  char            *catalogue_path;  /* and its catalogue cache */

  /* The start under way, if any, with its own cancellable: a reset cancels it. */
  GTask           *start_task;
  GCancellable    *start_cancellable;
  /* A reset waiting for a cancelled start to clean up after itself. */
  GTask           *waiting_reset;

  /* Demo mode: both databases live in demo_dir; the server runs on a thread. */
  char            *demo_dir;
  YcServerThread  *server;
  guint            demo_port;   /* the first demo server's: every reset's server listens there */
  char            *scenario;    /* the demo server's scenario (a shipped id or a file), or NULL */
  char            *problem;

  guint            demo : 1;
  guint            ready : 1;
};

G_DEFINE_FINAL_TYPE (YcContext, yc_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STORE,
  PROP_SYNC,
  PROP_CATALOGUE,
  PROP_CATALOGUE_SYNC,
  PROP_WORK_CALENDAR,
  PROP_SETTINGS,
  PROP_DEMO,
  PROP_READY,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Removes a folder of plain files (databases with their -wal and -shm companions). */
static void
remove_folder (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  if ((dir = g_dir_open (path, 0, NULL)))
    {
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *file = g_build_filename (path, name, NULL);

          g_unlink (file);
        }
    }

  if (g_rmdir (path) != 0)
    g_warning ("Could not remove the demo folder %s: %s", path, g_strerror (errno));
}

char *
yc_context_describe_error (const GError *error,
                           const char   *fallback)
{
  g_return_val_if_fail (error != NULL, NULL);
  g_return_val_if_fail (fallback != NULL, NULL);

  if (error->domain == YC_ERROR)
    return yc_error_describe (error);

  g_message ("%s (%s)", error->message, g_quark_to_string (error->domain));
  return g_strdup (fallback);
}

static void
set_ready (YcContext *self,
           gboolean   ready)
{
  ready = !!ready;
  if (self->ready == ready)
    return;
  self->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
set_problem (YcContext  *self,
             const char *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

/* The sync needs no pausing: it does nothing while no clerk is logged in. */
static void
set_store (YcContext *self,
           YcStore   *store)
{
  if (self->store == store)
    return;

  /* A replaced sync must not go on pushing the old store's records. */
  if (self->sync != NULL)
    yc_sync_stop (self->sync);
  g_clear_object (&self->sync);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->sync = yc_sync_new (self->client, store);
  yc_tasks_set_store (self->tasks, store);
  yc_cases_set_store (self->cases, store);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
}

/* The work calendar */

static void
on_work_calendar_read_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(YcContext) self = user_data;
  g_autoptr(GError) error = NULL;
  YcWorkCalendar *calendar = yc_work_calendar_read_finish (result, &error);

  if (calendar == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("The holiday calendar could not be read: %s", error->message);
      return;
    }
  g_clear_pointer (&self->work_calendar, yc_work_calendar_unref);
  self->work_calendar = calendar;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORK_CALENDAR]);
}

/* Reads the calendar of the catalogue cache again: once it is opened, and after each sync,
 * which may have brought next year's holidays. The one read before stays until then. */
static void
read_work_calendar (YcContext *self)
{
  g_cancellable_cancel (self->calendar_cancellable);
  g_clear_object (&self->calendar_cancellable);
  if (self->catalogue == NULL)
    return;
  self->calendar_cancellable = g_cancellable_new ();
  yc_work_calendar_read_async (self->catalogue, self->calendar_cancellable, on_work_calendar_read_cb,
                               g_object_ref (self));
}

static void
on_catalogue_synced_cb (YcContext       *self,
                        GParamSpec      *pspec,
                        YcCatalogueSync *sync)
{
  read_work_calendar (self);
}

static void
new_catalogue_sync (YcContext *self)
{
  self->catalogue_sync = yc_catalogue_sync_new (self->client, self->catalogue);
  g_signal_connect_object (self->catalogue_sync, "notify::last-success", G_CALLBACK (on_catalogue_synced_cb),
                           self, G_CONNECT_SWAPPED);
  read_work_calendar (self);
}

/* The catalogue's sync starts by itself at the next log-in. */
static void
set_catalogue (YcContext        *self,
               YcCatalogueCache *catalogue)
{
  if (self->catalogue == catalogue)
    return;

  /* A replaced sync must not go on filling the old cache. */
  if (self->catalogue_sync != NULL)
    yc_catalogue_sync_stop (self->catalogue_sync);
  g_clear_object (&self->catalogue_sync);
  g_set_object (&self->catalogue, catalogue);
  if (catalogue != NULL)
    new_catalogue_sync (self);
  else
    read_work_calendar (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOGUE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOGUE_SYNC]);
}

/* Throwing away */

typedef struct
{
  YcServerThread *server;
  char           *folder;
  gint            open;    /* databases in folder not closed yet */
} Leftovers;

static void
leftovers_free (Leftovers *leftovers)
{
  /* Emptied by the worker; only a task that never ran gets here with something. */
  g_clear_pointer (&leftovers->server, yc_server_thread_stop);
  g_clear_pointer (&leftovers->folder, g_free);
  g_free (leftovers);
}

/* Stopping joins a thread and removing files is disk I/O: neither on the main loop. */
static void
discard_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Leftovers *leftovers = task_data;

  g_clear_pointer (&leftovers->server, yc_server_thread_stop);
  remove_folder (leftovers->folder);
  g_clear_pointer (&leftovers->folder, g_free);
  g_task_return_boolean (task, TRUE);
}

/* A database of the folder has been closed (on whichever thread let it go last). */
static void
database_closed (gpointer data)
{
  GTask *task = data;
  Leftovers *leftovers = g_task_get_task_data (task);

  if (g_atomic_int_dec_and_test (&leftovers->open))
    g_task_run_in_thread (task, discard_worker);
  g_object_unref (task);
}

/* Stops server and removes folder (each may be NULL), once store and catalogue (each may
 * be NULL), which live in folder, are closed. Takes all four; never fails. */
static void
discard_async (YcContext           *self,
               YcServerThread      *server,
               YcStore             *store,
               YcCatalogueCache    *catalogue,
               char                *folder,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  Leftovers *leftovers = g_new0 (Leftovers, 1);
  GObject *databases[] = { (GObject *) store, (GObject *) catalogue };

  leftovers->server = server;
  leftovers->folder = folder;
  leftovers->open = (store != NULL) + (catalogue != NULL);
  g_task_set_source_tag (task, discard_async);
  g_task_set_task_data (task, leftovers, (GDestroyNotify) leftovers_free);

  if (leftovers->open == 0)
    {
      g_task_run_in_thread (task, discard_worker);
      return;
    }

  /* Calls under way may hold a database a moment longer. Its data are dropped at the end
   * of its finalize, after the database has been closed: only when both are, the folder
   * can go. */
  for (guint i = 0; i < G_N_ELEMENTS (databases); i++)
    if (databases[i] != NULL)
      {
        g_object_set_data_full (databases[i], "yc-context-discard",
                                g_object_ref (task), database_closed);
        g_object_unref (databases[i]);
      }
}

/* Starting */

/* What a start has made so far, and why it failed. */
typedef struct
{
  char             *demo_dir;
  YcStore          *store;
  YcCatalogueCache *catalogue;
  YcServerThread   *server;

  guint             port;        /* the port asked for; 0: any */
  char             *scenario;    /* the scenario the server plays, or NULL */
  guint             opening;     /* databases still being opened */
  GError           *open_error;  /* the first of them that failed */
  GError           *error;
} Starting;

static void
starting_free (Starting *starting)
{
  /* Every path hands these on or discards them; this only guards against a bug. */
  g_clear_pointer (&starting->server, yc_server_thread_stop);
  g_clear_object (&starting->store);
  g_clear_object (&starting->catalogue);
  g_clear_pointer (&starting->demo_dir, g_free);
  g_clear_pointer (&starting->scenario, g_free);
  g_clear_error (&starting->open_error);
  g_clear_error (&starting->error);
  g_free (starting);
}

static gboolean
start_cancelled (GTask *task)
{
  return g_cancellable_is_cancelled (g_task_get_cancellable (task));
}

static void
on_start_discarded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Starting *starting = g_task_get_task_data (task);

  g_task_return_error (task, g_steal_pointer (&starting->error));
}

/* The start failed or was cancelled: what it made goes, then the start ends. Takes the
 * step's reference to task, and error. */
static void
abandon_start (GTask  *task,
               GError *error)
{
  YcContext *self = g_task_get_source_object (task);
  Starting *starting = g_task_get_task_data (task);

  if (start_cancelled (task))
    {
      g_clear_error (&error);
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The start was cancelled");
    }
  else if (error == NULL)
    {
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "The start failed");
    }
  starting->error = error;

  discard_async (self,
                 g_steal_pointer (&starting->server),
                 g_steal_pointer (&starting->store),
                 g_steal_pointer (&starting->catalogue),
                 g_steal_pointer (&starting->demo_dir),
                 on_start_discarded_cb,
                 task);
}

/* The last step: nothing of it was cancelled, so what it made becomes the context's.
 * Takes the step's reference to task. */
static void
complete_start (GTask *task)
{
  YcContext *self = g_task_get_source_object (task);
  Starting *starting = g_task_get_task_data (task);
  g_autoptr(YcStore) store = g_steal_pointer (&starting->store);
  g_autoptr(YcCatalogueCache) catalogue = g_steal_pointer (&starting->catalogue);

  g_assert (self->server == NULL && self->demo_dir == NULL);

  if (self->demo)
    {
      self->demo_dir = g_steal_pointer (&starting->demo_dir);
      self->server = g_steal_pointer (&starting->server);
      if (self->demo_port == 0)
        self->demo_port = yc_server_thread_get_port (self->server);
      /* A trainer may want to look into what the server recorded. */
      g_message ("Demo mode: the server listens on %s; its database is %s (folder %s, removed on exit)",
                 yc_server_thread_get_url (self->server),
                 yc_server_thread_get_db_path (self->server),
                 self->demo_dir);
      yc_client_set_base_url (self->client, yc_server_thread_get_url (self->server));
    }

  set_catalogue (self, catalogue);
  set_store (self, store);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void start_server (GTask *task);

static void
on_server_started_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  Starting *starting = g_task_get_task_data (task);
  GError *error = NULL;

  starting->server = yc_server_thread_start_finish (result, &error);
  /* Another program took the port between the reset's stop and start: a calling screen
   * has to be pointed at the new one, but the demo goes on. */
  if (starting->server == NULL && starting->port != 0 && !start_cancelled (task) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    {
      g_message ("The demo server could not listen on port %u again: %s", starting->port, error->message);
      g_clear_error (&error);
      starting->port = 0;
      start_server (task);
      return;
    }
  if (starting->server == NULL || start_cancelled (task))
    abandon_start (task, error);
  else
    complete_start (task);
}

/* The demo server in the start's folder, on the port asked for. Takes the step's
 * reference to task. */
static void
start_server (GTask *task)
{
  Starting *starting = g_task_get_task_data (task);
  g_autofree char *db_path = g_build_filename (starting->demo_dir, SERVER_FILE, NULL);
  YcServerOptions options = {
    .db_path = db_path,
    .demo_data = TRUE,
    .simulate = TRUE,
    /* The clerk's window is theirs even before they log in. */
    .reserved_windows = { YC_CONTEXT_DEMO_WINDOW },
    .host = "127.0.0.1",
    .port = starting->port,
    /* The desk's own demo: its trainee pauses and paces the scenario. */
    .scenario = starting->scenario,
    .pace = 1.0,
    .trainee_controls = starting->scenario != NULL,
  };

  /* No cancellable: a server that started anyway is stopped on a worker by
   * abandon_start(), never by a GTask dropping its result on the main loop. */
  yc_server_thread_start_async (&options, NULL, on_server_started_cb, task);
}

/* The store and the catalogue cache open side by side, each with a reference to task:
 * the last one back goes on with the start, with its reference. Takes error. */
static void
database_opened (GTask  *task,
                 GError *error)
{
  YcContext *self = g_task_get_source_object (task);
  Starting *starting = g_task_get_task_data (task);

  if (error != NULL && starting->open_error == NULL)
    starting->open_error = error;
  else
    g_clear_error (&error);

  g_assert (starting->opening > 0);
  if (--starting->opening > 0)
    {
      g_object_unref (task);
      return;
    }

  if (starting->open_error != NULL || start_cancelled (task))
    {
      abandon_start (task, g_steal_pointer (&starting->open_error));
      return;
    }

  if (!self->demo)
    {
      complete_start (task);
      return;
    }

  starting->port = self->demo_port;
  starting->scenario = g_strdup (self->scenario);
  start_server (task);
}

static void
on_store_opened_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Starting *starting = g_task_get_task_data (task);
  GError *error = NULL;

  starting->store = yc_store_open_finish (result, &error);
  database_opened (task, error);
}

static void
on_catalogue_opened_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *task = user_data;
  Starting *starting = g_task_get_task_data (task);
  GError *error = NULL;

  starting->catalogue = yc_catalogue_cache_open_finish (result, &error);
  database_opened (task, error);
}

/* Takes the step's reference to task. */
static void
open_databases (GTask      *task,
                const char *store_path,
                const char *catalogue_path)
{
  Starting *starting = g_task_get_task_data (task);

  /* No cancellable, for the same reason as the server's: what opened anyway is closed
   * by abandon_start(). */
  starting->opening = 2;
  yc_store_open_async (store_path, NULL, on_store_opened_cb, g_object_ref (task));
  yc_catalogue_cache_open_async (catalogue_path, NULL, on_catalogue_opened_cb, task);
}

static void
make_demo_dir_worker (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp ("yichuang-demo-XXXXXX", &error);

  if (dir == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dir, g_free);
}

static void
on_demo_dir_made_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Starting *starting = g_task_get_task_data (task);
  g_autofree char *path = NULL;
  g_autofree char *catalogue_path = NULL;
  GError *error = NULL;

  starting->demo_dir = g_task_propagate_pointer (G_TASK (result), &error);
  if (starting->demo_dir == NULL || start_cancelled (task))
    {
      abandon_start (task, error);
      return;
    }

  path = g_build_filename (starting->demo_dir, STORE_FILE, NULL);
  catalogue_path = g_build_filename (starting->demo_dir, CATALOGUE_FILE, NULL);
  open_databases (task, path, catalogue_path);
}

static void
begin_first_step (GTask *task)
{
  YcContext *self = g_task_get_source_object (task);

  if (start_cancelled (task))
    {
      abandon_start (task, NULL);
      return;
    }

  if (self->demo)
    {
      g_autoptr(GTask) make_dir = g_task_new (NULL, NULL, on_demo_dir_made_cb, task);

      g_task_set_source_tag (make_dir, make_demo_dir_worker);
      g_task_run_in_thread (make_dir, make_demo_dir_worker);
    }
  else
    {
      open_databases (task, self->store_path, self->catalogue_path);
    }
}

static void
on_old_demo_discarded_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  begin_first_step (G_TASK (user_data));
}

static void reset_now (YcContext *self,
                       GTask     *reset);

static void
on_start_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  YcContext *self = YC_CONTEXT (object);
  GTask *task = G_TASK (result);
  g_autoptr(GTask) reset = user_data;
  g_autoptr(GError) error = NULL;
  gboolean cancelled = start_cancelled (task);
  gboolean ok;

  g_assert (self->start_task == task);
  g_clear_object (&self->start_task);
  g_clear_object (&self->start_cancellable);

  ok = g_task_propagate_boolean (task, &error);

  /* A reset that came after the start had completed still waits here: it goes on now,
   * and the context is not ready until the reset's own start is done. */
  if (ok && self->waiting_reset == NULL)
    set_ready (self, TRUE);

  if (!ok && !cancelled)
    {
      g_autofree char *problem = NULL;

      g_message ("The desk could not start: %s", error->message);
      if (self->demo)
        problem = yc_context_describe_error (error, _("The demo server could not start. Quit the desk and start the demo again."));
      else
        problem = yc_context_describe_error (error, _("Something went wrong."));
      if (self->waiting_reset == NULL)
        set_problem (self, problem);
    }

  if (reset != NULL)
    {
      if (ok)
        g_task_return_boolean (reset, TRUE);
      else
        g_task_return_error (reset, g_steal_pointer (&error));
    }

  if (self->waiting_reset != NULL)
    reset_now (self, g_steal_pointer (&self->waiting_reset));
}

/* old_*: a previous demo to throw away first (all may be NULL); reset: the reset to
 * answer when the start is done (may be NULL). Takes all of them. */
static void
begin_start (YcContext        *self,
             YcServerThread   *old_server,
             YcStore          *old_store,
             YcCatalogueCache *old_catalogue,
             char             *old_dir,
             GTask            *reset)
{
  g_autoptr(GTask) task = NULL;
  Starting *starting = g_new0 (Starting, 1);

  g_assert (self->start_task == NULL);

  self->start_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->start_cancellable, on_start_done_cb, reset);
  g_task_set_source_tag (task, begin_start);
  g_task_set_task_data (task, starting, (GDestroyNotify) starting_free);
  /* Whether it was cancelled is asked of the cancellable: a start that completed just
   * before a reset's cancel has still handed its server to the context. */
  g_task_set_check_cancellable (task, FALSE);
  self->start_task = g_object_ref (task);

  if (old_server != NULL || old_store != NULL || old_catalogue != NULL || old_dir != NULL)
    discard_async (self, old_server, old_store, old_catalogue, old_dir,
                   on_old_demo_discarded_cb, g_steal_pointer (&task));
  else
    begin_first_step (g_steal_pointer (&task));
}

static void
reset_now (YcContext *self,
           GTask     *reset)
{
  YcStore *old_store = self->store != NULL ? g_object_ref (self->store) : NULL;
  YcCatalogueCache *old_catalogue = self->catalogue != NULL ? g_object_ref (self->catalogue) : NULL;

  g_assert (self->start_task == NULL);

  /* Widgets let go of the old databases when told; the folder goes once both are
   * closed. The old catalogue's sync stops here. */
  set_catalogue (self, NULL);
  set_store (self, NULL);
  begin_start (self,
               g_steal_pointer (&self->server),
               old_store,
               old_catalogue,
               g_steal_pointer (&self->demo_dir),
               reset);
}

/* GObject */

static void
yc_context_constructed (GObject *object)
{
  YcContext *self = (YcContext *) object;

  G_OBJECT_CLASS (yc_context_parent_class)->constructed (object);

  g_assert (YC_IS_CLIENT (self->client));
  self->events = yc_events_new (self->client);
  self->tasks = yc_tasks_new (self->client, self->events);
  self->cases = yc_cases_new (self->client);
  self->training = yc_training_new (self->client);

  /* A store handed over at construction (tests) is ready at once; so is a catalogue. */
  if (self->store != NULL)
    {
      self->sync = yc_sync_new (self->client, self->store);
      yc_tasks_set_store (self->tasks, self->store);
      yc_cases_set_store (self->cases, self->store);
      self->ready = TRUE;
    }
  if (self->catalogue != NULL)
    new_catalogue_sync (self);
}

static void
yc_context_dispose (GObject *object)
{
  YcContext *self = (YcContext *) object;

  /* A start or a reset under way holds the context, so none is left here. At this final
   * point there is no main loop to come back to: the server is stopped and the folder
   * removed right here, synchronously. */
  g_cancellable_cancel (self->start_cancellable);

  if (self->sync != NULL)
    yc_sync_stop (self->sync);
  g_clear_object (&self->sync);
  g_clear_object (&self->tasks);
  g_clear_object (&self->cases);
  g_clear_object (&self->training);
  g_clear_object (&self->events);
  g_clear_object (&self->store);
  if (self->catalogue_sync != NULL)
    yc_catalogue_sync_stop (self->catalogue_sync);
  g_clear_object (&self->catalogue_sync);
  g_clear_object (&self->catalogue);
  g_cancellable_cancel (self->calendar_cancellable);
  g_clear_object (&self->calendar_cancellable);
  g_clear_pointer (&self->work_calendar, yc_work_calendar_unref);
  g_clear_pointer (&self->server, yc_server_thread_stop);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);

  if (self->demo_dir != NULL)
    {
      remove_folder (self->demo_dir);
      g_clear_pointer (&self->demo_dir, g_free);
    }

  G_OBJECT_CLASS (yc_context_parent_class)->dispose (object);
}

static void
yc_context_finalize (GObject *object)
{
  YcContext *self = (YcContext *) object;

  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->catalogue_path, g_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->scenario, g_free);

  G_OBJECT_CLASS (yc_context_parent_class)->finalize (object);
}

static void
yc_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  YcContext *self = YC_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;

    case PROP_CATALOGUE:
      g_value_set_object (value, self->catalogue);
      break;

    case PROP_CATALOGUE_SYNC:
      g_value_set_object (value, self->catalogue_sync);
      break;
    case PROP_WORK_CALENDAR:
      g_value_set_boxed (value, self->work_calendar);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;

    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;

    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  YcContext *self = YC_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_CATALOGUE:
      self->catalogue = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_DEMO:
      self->demo = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_context_class_init (YcContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = yc_context_constructed;
  object_class->dispose = yc_context_dispose;
  object_class->finalize = yc_context_finalize;
  object_class->get_property = yc_context_get_property;
  object_class->set_property = yc_context_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         YC_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         YC_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL,
                         YC_TYPE_SYNC,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CATALOGUE] =
    g_param_spec_object ("catalogue", NULL, NULL,
                         YC_TYPE_CATALOGUE_CACHE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CATALOGUE_SYNC] =
    g_param_spec_object ("catalogue-sync", NULL, NULL,
                         YC_TYPE_CATALOGUE_SYNC,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WORK_CALENDAR] =
    g_param_spec_boxed ("work-calendar", NULL, NULL,
                        YC_TYPE_WORK_CALENDAR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_context_init (YcContext *self)
{
}

/* Public API */

YcContext *
yc_context_new (GSettings   *settings,
                const char  *server_url,
                gboolean     demo,
                GError     **error)
{
  g_autoptr(YcClient) client = NULL;
  g_autofree char *url = NULL;
  YcContext *self;

  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  if (demo)
    /* The real address is set once the demo server listens on its ephemeral port. */
    url = g_strdup ("http://127.0.0.1");
  else if (server_url != NULL)
    url = g_strdup (server_url);
  else if (settings != NULL)
    url = g_settings_get_string (settings, "server-url");
  else
    url = g_strdup ("http://127.0.0.1:8470");

  client = yc_client_new (url);

  /* A hall whose server has a certificate of its own CA names the CA file here. */
  if (!demo && settings != NULL)
    {
      g_autofree char *ca_file = g_settings_get_string (settings, "ca-file");

      g_autoptr(GError) tls_error = NULL;

      if (*ca_file != '\0' && !yc_client_set_ca_file (client, ca_file, &tls_error))
        {
          g_message ("CA file %s: %s", ca_file, tls_error->message);
          /* INVALID_INPUT carries its sentence as it is: this one is already translated. */
          g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT,
                       _("The certificate file “%s” named in the settings cannot be read. Ask the hall’s IT desk to check it."),
                       ca_file);
          return NULL;
        }
    }

  self = g_object_new (YC_TYPE_CONTEXT,
                       "client", client,
                       "settings", settings,
                       "demo", demo,
                       NULL);
  if (!demo)
    {
      self->store_path = yc_store_default_path ();
      self->catalogue_path = yc_catalogue_cache_default_path ();
    }

  return self;
}

YcContext *
yc_context_new_for_client (YcClient         *client,
                           YcStore          *store,
                           YcCatalogueCache *catalogue,
                           GSettings        *settings)
{
  g_return_val_if_fail (YC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (!catalogue || YC_IS_CATALOGUE_CACHE (catalogue), NULL);
  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  return g_object_new (YC_TYPE_CONTEXT,
                       "client", client,
                       "store", store,
                       "catalogue", catalogue,
                       "settings", settings,
                       "demo", FALSE,
                       NULL);
}

void
yc_context_start (YcContext *self)
{
  g_return_if_fail (YC_IS_CONTEXT (self));

  /* Once is enough; a reset starts again by itself. */
  if (self->ready || self->start_task != NULL || self->problem != NULL)
    return;

  begin_start (self, NULL, NULL, NULL, NULL, NULL);
}

YcClient *
yc_context_get_client (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), NULL);
  return self->client;
}

YcStore *
yc_context_get_store (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), NULL);
  return self->store;
}

YcSync *
yc_context_get_sync (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), NULL);
  return self->sync;
}

YcEvents *
yc_context_get_events (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), NULL);
  return self->events;
}

YcTasks *
yc_context_get_tasks (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), NULL);
  return self->tasks;
}

YcCases *
yc_context_get_cases (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), NULL);
  return self->cases;
}

YcCatalogueCache *
yc_context_get_catalogue (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), NULL);
  return self->catalogue;
}

YcCatalogueSync *
yc_context_get_catalogue_sync (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), NULL);
  return self->catalogue_sync;
}

YcWorkCalendar *
yc_context_get_work_calendar (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), NULL);
  return self->work_calendar;
}

GSettings *
yc_context_get_settings (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), NULL);
  return self->settings;
}

gboolean
yc_context_get_demo (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), FALSE);
  return self->demo;
}

YcTraining *
yc_context_get_training (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), NULL);
  return self->training;
}

gboolean
yc_context_get_demo_papers (YcContext *self)
{
  const YcSession *session;

  g_return_val_if_fail (YC_IS_CONTEXT (self), FALSE);

  /* A classroom's desk talks to a real server binary, but its citizens are simulated:
   * nothing it prints may pass for an official document either. */
  session = yc_client_get_session (self->client);
  return self->demo || (session != NULL && session->training);
}

char *
yc_context_dup_trainer_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "yichuang", "scenarios", NULL);
}

void
yc_context_set_scenario (YcContext  *self,
                         const char *name)
{
  g_autofree char *resolved = NULL;

  g_return_if_fail (YC_IS_CONTEXT (self));

  if (name != NULL && *name != '\0')
    {
      g_autofree char *folder = yc_context_dup_trainer_folder ();
      g_autofree char *file = g_strconcat (name, ".json", NULL);
      g_autofree char *trainer = g_build_filename (folder, file, NULL);

      /* A file named, a trainer's scenario by its id, else a shipped one's id: the
       * server says which of them does not exist. */
      if (g_str_has_suffix (name, ".json") || strchr (name, G_DIR_SEPARATOR) != NULL)
        {
          g_autoptr(GFile) given = g_file_new_for_commandline_arg (name);

          resolved = g_file_get_path (given);
        }
      else if (g_file_test (trainer, G_FILE_TEST_IS_REGULAR))
        resolved = g_steal_pointer (&trainer);
      else
        resolved = g_strdup (name);
    }
  g_free (self->scenario);
  self->scenario = g_steal_pointer (&resolved);
}

const char *
yc_context_get_scenario (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), NULL);
  return self->scenario;
}

gboolean
yc_context_get_ready (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), FALSE);
  return self->ready;
}

const char *
yc_context_get_problem (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), NULL);
  return self->problem;
}

const char *
yc_context_get_server_db_path (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), NULL);
  return self->server != NULL ? yc_server_thread_get_db_path (self->server) : NULL;
}

char *
yc_context_dup_server_label (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), NULL);

  if (self->demo)
    return g_strdup (_("Demo server on this computer"));

  return g_strdup (yc_client_get_base_url (self->client));
}

void
yc_context_reset_demo_async (YcContext           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YC_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_context_reset_demo_async);

  if (!self->demo)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "Only demo data can be reset");
      return;
    }

  set_ready (self, FALSE);
  set_problem (self, NULL);
  yc_client_logout (self->client);

  if (self->start_task != NULL)
    {
      /* Never two starts, never two servers: this one stops, cleans up after itself,
       * and the reset goes on from on_start_done_cb(). */
      g_cancellable_cancel (self->start_cancellable);
      if (self->waiting_reset != NULL)
        {
          g_autoptr(GTask) superseded = g_steal_pointer (&self->waiting_reset);

          g_task_return_new_error (superseded, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   "Another reset took over");
        }
      self->waiting_reset = g_steal_pointer (&task);
      return;
    }

  reset_now (self, g_steal_pointer (&task));
}

gboolean
yc_context_reset_demo_finish (YcContext     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
