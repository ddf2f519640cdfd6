/* yc-context.c: owns the client, the outbox store and its sync, the settings, and in
 * demo mode the embedded server with its temporary folder. */
#include "config-desk.h"

#include <glib/gstdio.h>

#include "server/yc-server-thread.h"

#include "yc-context.h"

struct _YcContext
{
  GObject          parent_instance;

  YcClient        *client;
  YcStore         *store;
  YcSync          *sync;
  GSettings       *settings;
  GCancellable    *cancellable;

  /* Demo mode: both databases live in demo_dir; the server runs on a thread. */
  char            *demo_dir;
  char            *server_db_path;
  YcServerOptions  server_options;
  YcServerThread  *server;
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
  PROP_SETTINGS,
  PROP_DEMO,
  PROP_READY,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_demo_server (YcContext *self,
                               GTask     *task);

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
    g_warning ("Could not remove the demo folder %s", path);
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

/* Records need a session to be pushed, so the sync rests while nobody is logged in. */
static void
on_client_session_changed_cb (YcContext  *self,
                              GParamSpec *pspec,
                              YcClient   *client)
{
  if (self->sync != NULL)
    yc_sync_set_paused (self->sync, yc_client_get_session (client) == NULL);
}

static void
replace_sync (YcContext *self)
{
  g_clear_object (&self->sync);
  self->sync = yc_sync_new (self->client, self->store);
  yc_sync_set_paused (self->sync, yc_client_get_session (self->client) == NULL);
}

static void
yc_context_constructed (GObject *object)
{
  YcContext *self = (YcContext *) object;

  G_OBJECT_CLASS (yc_context_parent_class)->constructed (object);

  g_assert (YC_IS_CLIENT (self->client));
  g_assert (YC_IS_STORE (self->store));

  g_signal_connect_object (self->client,
                           "notify::session",
                           G_CALLBACK (on_client_session_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  replace_sync (self);
}

static void
yc_context_dispose (GObject *object)
{
  YcContext *self = (YcContext *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  /* Stopping joins the server thread: acceptable once, when the desk closes. */
  g_clear_pointer (&self->server, yc_server_thread_stop);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
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

  g_clear_pointer (&self->server_db_path, g_free);
  g_clear_pointer (&self->problem, g_free);

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

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_DEMO:
      self->demo = g_value_get_boolean (value);
      /* Outside demo mode the server's address is known from the start. */
      self->ready = !self->demo;
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
  self->cancellable = g_cancellable_new ();
}

/* A fresh folder with an open desk database in it, for demo mode. */
static YcStore *
open_demo_store (char   **demo_dir,
                 GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  YcStore *store;

  if (!(dir = g_dir_make_tmp ("yichuang-demo-XXXXXX", error)))
    return NULL;

  path = g_build_filename (dir, "desk.db", NULL);
  if (!(store = yc_store_open (path, error)))
    {
      remove_folder (dir);
      return NULL;
    }

  *demo_dir = g_steal_pointer (&dir);
  return store;
}

YcContext *
yc_context_new (GSettings   *settings,
                const char  *server_url,
                gboolean     demo,
                GError     **error)
{
  g_autoptr(YcStore) store = NULL;
  g_autoptr(YcClient) client = NULL;
  g_autofree char *demo_dir = NULL;
  g_autofree char *url = NULL;
  YcContext *self;

  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  if (demo)
    {
      if (!(store = open_demo_store (&demo_dir, error)))
        return NULL;
      /* The real address is set once the demo server listens on its ephemeral port. */
      url = g_strdup ("http://127.0.0.1");
    }
  else
    {
      g_autofree char *path = yc_store_default_path ();

      if (!(store = yc_store_open (path, error)))
        return NULL;

      if (server_url != NULL)
        url = g_strdup (server_url);
      else if (settings != NULL)
        url = g_settings_get_string (settings, "server-url");
      else
        url = g_strdup ("http://127.0.0.1:8470");
    }

  client = yc_client_new (url);

  /* A hall whose server has a certificate of its own CA names the CA file here. */
  if (!demo && settings != NULL)
    {
      g_autofree char *ca_file = g_settings_get_string (settings, "ca-file");

      if (*ca_file != '\0' && !yc_client_set_ca_file (client, ca_file, error))
        {
          g_prefix_error (error, _("The CA certificate file “%s” cannot be used: "), ca_file);
          return NULL;
        }
    }

  self = g_object_new (YC_TYPE_CONTEXT,
                       "client", client,
                       "store", store,
                       "settings", settings,
                       "demo", demo,
                       NULL);
  self->demo_dir = g_steal_pointer (&demo_dir);

  return self;
}

YcContext *
yc_context_new_for_client (YcClient  *client,
                           YcStore   *store,
                           GSettings *settings)
{
  g_return_val_if_fail (YC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  return g_object_new (YC_TYPE_CONTEXT,
                       "client", client,
                       "store", store,
                       "settings", settings,
                       "demo", FALSE,
                       NULL);
}

static void
on_server_started_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(YcContext) self = user_data;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  YcServerThread *server;

  task = g_object_steal_data (G_OBJECT (self), "yc-start-task");

  if (!(server = yc_server_thread_start_finish (result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *problem =
            g_strdup_printf (_("The demo server could not start: %s"), error->message);

          g_warning ("Demo server: %s", error->message);
          set_problem (self, problem);
        }
      if (task != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->client == NULL)
    {
      /* Disposed while the server was starting. */
      yc_server_thread_stop (server);
      if (task != NULL)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return;
    }

  self->server = server;
  /* A trainer may want to look into what the server recorded. */
  g_message ("Demo mode: the server listens on %s; its database is %s (folder %s, removed on exit)",
             yc_server_thread_get_url (server),
             yc_server_thread_get_db_path (server),
             self->demo_dir);

  yc_client_set_base_url (self->client, yc_server_thread_get_url (server));
  set_ready (self, TRUE);

  if (task != NULL)
    g_task_return_boolean (task, TRUE);
}

static void
start_demo_server (YcContext *self,
                   GTask     *task)
{
  g_assert (self->demo_dir != NULL);
  g_assert (self->server == NULL);

  g_free (self->server_db_path);
  self->server_db_path = g_build_filename (self->demo_dir, "server.db", NULL);

  /* Kept in the instance: the options must outlive the start. */
  self->server_options.db_path = self->server_db_path;
  self->server_options.demo_data = TRUE;
  self->server_options.simulate = TRUE;
  self->server_options.host = "127.0.0.1";
  self->server_options.port = 0;

  if (task != NULL)
    g_object_set_data_full (G_OBJECT (self), "yc-start-task", g_object_ref (task), g_object_unref);

  yc_server_thread_start_async (&self->server_options,
                                self->cancellable,
                                on_server_started_cb,
                                g_object_ref (self));
}

void
yc_context_start (YcContext *self)
{
  g_return_if_fail (YC_IS_CONTEXT (self));

  if (self->demo)
    {
      if (self->server == NULL)
        start_demo_server (self, NULL);
    }
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
  return self->server != NULL ? self->server_db_path : NULL;
}

char *
yc_context_dup_server_label (YcContext *self)
{
  g_return_val_if_fail (YC_IS_CONTEXT (self), NULL);

  if (self->demo)
    return g_strdup (_("Demo server on this computer"));

  return g_strdup (yc_client_get_base_url (self->client));
}

typedef struct
{
  YcServerThread *server;
  char           *folder;
} Leftovers;

static void
leftovers_free (Leftovers *leftovers)
{
  g_clear_pointer (&leftovers->server, yc_server_thread_stop);
  g_clear_pointer (&leftovers->folder, g_free);
  g_free (leftovers);
}

/* Stopping joins a thread and removing files is disk I/O: neither on the main loop. */
static void
remove_leftovers_worker (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  Leftovers *leftovers = task_data;

  g_clear_pointer (&leftovers->server, yc_server_thread_stop);
  remove_folder (leftovers->folder);
  g_task_return_boolean (task, TRUE);
}

static void
on_leftovers_removed_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcContext *self = g_task_get_source_object (task);

  if (g_task_return_error_if_cancelled (task))
    return;

  start_demo_server (self, task);
}

void
yc_context_reset_demo_async (YcContext           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) cleanup = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = NULL;
  g_autofree char *demo_dir = NULL;
  Leftovers *leftovers;

  g_return_if_fail (YC_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_context_reset_demo_async);

  if (!self->demo)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "Only demo data can be reset");
      return;
    }

  if (!(store = open_demo_store (&demo_dir, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_ready (self, FALSE);
  set_problem (self, NULL);
  yc_client_logout (self->client);

  leftovers = g_new0 (Leftovers, 1);
  leftovers->server = g_steal_pointer (&self->server);
  leftovers->folder = g_steal_pointer (&self->demo_dir);

  self->demo_dir = g_steal_pointer (&demo_dir);
  g_set_object (&self->store, store);
  replace_sync (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);

  cleanup = g_task_new (self, cancellable, on_leftovers_removed_cb, g_steal_pointer (&task));
  g_task_set_source_tag (cleanup, remove_leftovers_worker);
  g_task_set_task_data (cleanup, leftovers, (GDestroyNotify) leftovers_free);
  g_task_run_in_thread (cleanup, remove_leftovers_worker);
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
