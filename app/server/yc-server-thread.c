/* yc-server-thread.c: a YcServer on a thread of its own, for demo mode and tests.
 * The thread owns its main context, the SoupServer and the database connection. */
#include "yc-server-thread.h"

#include "core/yc-error.h"
#include "server/yc-server.h"
#include "server/yc-simulator.h"

struct _YcServerThread
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;

  char         *db_path;
  char         *host;
  guint         port;
  gboolean      demo_data;
  gboolean      simulate;
  YcSimulatorOptions simulation;  /* its reserved windows are these: */
  gint64        reserved[YC_SERVER_MAX_RESERVED];
  YcScenario   *scenario;   /* the simulation's, or NULL */
  gboolean      trainee_controls;
  gint64        trainer_window;
  YcServerConfig config;      /* its strings are these: */
  char         *tls_cert;
  char         *tls_key;

  GMutex        mutex;
  GCond         cond;
  gboolean      started;
  YcServer     *server;     /* the thread's, while it runs */
  YcSimulator  *simulator;  /* the thread's too, with simulate */
  char         *url;
  guint         bound_port;
  GError       *error;
};

/* A scenario's outage: the server stops answering, and answers again. */
static void
outage_cb (gboolean down,
           gpointer server)
{
  yc_server_set_answering (server, !down);
}

static gpointer
server_thread_main (gpointer data)
{
  YcServerThread *self = data;
  g_autoptr(YcServer) server = NULL;
  g_autoptr(YcSimulator) simulator = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (self->context);

  server = yc_server_new (self->db_path, self->demo_data, &error);
  if (server != NULL && !yc_server_listen (server, self->host, self->port, &self->config, &error))
    g_clear_object (&server);
  if (server != NULL && self->simulate)
    {
      YcScenarioPlay *play;

      simulator = yc_simulator_new (yc_server_get_db (server), &self->simulation);
      play = yc_simulator_get_play (simulator);
      yc_server_set_training (server, TRUE, play, self->trainee_controls, self->trainer_window);
      if (play != NULL)
        yc_scenario_play_set_outage_func (play, outage_cb, server);
    }

  g_mutex_lock (&self->mutex);
  self->started = TRUE;
  self->server = server;
  self->simulator = simulator;
  if (server != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (yc_server_get_url (server), G_URI_FLAGS_NONE, NULL);

      self->url = g_strdup (yc_server_get_url (server));
      self->bound_port = uri != NULL ? (guint) MAX (g_uri_get_port (uri), 0) : 0;
    }
  else
    self->error = g_steal_pointer (&error);
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  if (server != NULL)
    g_main_loop_run (self->loop);

  g_mutex_lock (&self->mutex);
  self->simulator = NULL;
  g_mutex_unlock (&self->mutex);
  if (server != NULL)
    yc_server_set_training (server, FALSE, NULL, FALSE, 0);
  g_clear_pointer (&simulator, yc_simulator_free);
  g_mutex_lock (&self->mutex);
  self->server = NULL;
  g_mutex_unlock (&self->mutex);
  if (server != NULL)
    yc_server_disconnect (server);
  g_clear_object (&server);
  /* Let the sockets' close sources run before the context goes away. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static void
server_thread_free (YcServerThread *self)
{
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->tls_cert, g_free);
  g_clear_pointer (&self->tls_key, g_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->scenario, yc_scenario_unref);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}

YcServerThread *
yc_server_thread_start (const YcServerOptions  *options,
                        GError                **error)
{
  YcServerThread *self;

  g_autoptr(YcScenario) scenario = NULL;

  g_return_val_if_fail (options != NULL && options->db_path != NULL, NULL);

  if (options->scenario != NULL)
    {
      if (!options->simulate || options->reserved_windows[0] == 0)
        {
          g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT,
                       "a training scenario plays in a simulated hall, for the trainees' reserved windows");
          return NULL;
        }
      for (guint i = 0; i < YC_SERVER_MAX_RESERVED && options->reserved_windows[i] != 0; i++)
        if (options->reserved_windows[i] == options->trainer_window)
          {
            g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT,
                         "window %" G_GINT64_FORMAT " is a trainee's and cannot be the trainer's too",
                         options->trainer_window);
            return NULL;
          }
      if (!(scenario = yc_server_load_scenario (options->scenario, error)))
        return NULL;
    }

  self = g_new0 (YcServerThread, 1);
  self->db_path = g_strdup (options->db_path);
  self->host = g_strdup (options->host ? options->host : "127.0.0.1");
  self->port = options->port;
  self->demo_data = options->demo_data;
  self->simulate = options->simulate;
  for (guint i = 0; i < YC_SERVER_MAX_RESERVED && options->reserved_windows[i] != 0; i++)
    self->reserved[self->simulation.n_reserved++] = options->reserved_windows[i];
  self->simulation.reserved = self->reserved;
  self->simulation.manual = options->simulate_by_step;
  self->simulation.scenario = self->scenario = g_steal_pointer (&scenario);
  self->simulation.pace = options->pace;
  self->trainee_controls = options->trainee_controls;
  self->simulation.trainer_window = self->trainer_window = options->trainer_window;
  self->config = options->config;
  self->config.tls_cert = self->tls_cert = g_strdup (options->config.tls_cert);
  self->config.tls_key = self->tls_key = g_strdup (options->config.tls_key);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);

  self->thread = g_thread_new ("yc-server", server_thread_main, self);

  g_mutex_lock (&self->mutex);
  while (!self->started)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      g_thread_join (self->thread);
      server_thread_free (self);
      return NULL;
    }
  return self;
}

typedef struct
{
  char           *db_path;
  char           *host;
  char           *tls_cert;
  char           *tls_key;
  char           *scenario;
  YcServerOptions options;
} StartData;

static void
start_data_free (gpointer data)
{
  StartData *start = data;

  g_free (start->db_path);
  g_free (start->host);
  g_free (start->tls_cert);
  g_free (start->tls_key);
  g_free (start->scenario);
  g_free (start);
}

static void
start_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  StartData *start = task_data;
  GError *error = NULL;
  YcServerThread *server = yc_server_thread_start (&start->options, &error);

  if (server == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, server, (GDestroyNotify) yc_server_thread_stop);
}

void
yc_server_thread_start_async (const YcServerOptions *options,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  StartData *start = g_new0 (StartData, 1);

  start->options = *options;
  start->db_path = g_strdup (options->db_path);
  start->host = g_strdup (options->host);
  start->options.db_path = start->db_path;
  start->options.host = start->host;
  start->options.scenario = start->scenario = g_strdup (options->scenario);
  start->options.config.tls_cert = start->tls_cert = g_strdup (options->config.tls_cert);
  start->options.config.tls_key = start->tls_key = g_strdup (options->config.tls_key);

  g_task_set_source_tag (task, yc_server_thread_start_async);
  g_task_set_task_data (task, start, start_data_free);
  g_task_run_in_thread (task, start_in_thread);
}

YcServerThread *
yc_server_thread_start_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
yc_server_thread_get_url (YcServerThread *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->url;
}

const char *
yc_server_thread_get_db_path (YcServerThread *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->db_path;
}

guint
yc_server_thread_get_port (YcServerThread *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->bound_port;
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

void
yc_server_thread_stop (YcServerThread *self)
{
  GSource *source;

  if (self == NULL)
    return;
  /* Quit from inside the loop: a quit before g_main_loop_run() starts would be lost. */
  source = g_idle_source_new ();
  g_source_set_callback (source, quit_cb, g_main_loop_ref (self->loop), (GDestroyNotify) g_main_loop_unref);
  g_source_attach (source, self->context);
  g_source_unref (source);
  g_thread_join (self->thread);
  server_thread_free (self);
}

typedef struct
{
  YcServerThread     *self;
  YcServerThreadFunc  func;
  gpointer            data;
  gboolean            done;
} Invocation;

static gboolean
invoke_cb (gpointer user_data)
{
  Invocation *invocation = user_data;
  YcServerThread *self = invocation->self;

  invocation->func (self->server, invocation->data);
  g_mutex_lock (&self->mutex);
  invocation->done = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
  return G_SOURCE_REMOVE;
}

void
yc_server_thread_invoke (YcServerThread     *self,
                         YcServerThreadFunc  func,
                         gpointer            data)
{
  Invocation invocation = { self, func, data, FALSE };

  g_return_if_fail (self != NULL && self->server != NULL);

  g_main_context_invoke (self->context, invoke_cb, &invocation);
  g_mutex_lock (&self->mutex);
  while (!invocation.done)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
}

typedef struct
{
  YcServerThread *self;
  guint           seconds;
} Simulation;

static void
simulate_cb (YcServer *server,
             gpointer  data)
{
  Simulation *simulation = data;

  yc_simulator_step (simulation->self->simulator, simulation->seconds);
}

void
yc_server_thread_simulate (YcServerThread *self,
                           guint           seconds)
{
  Simulation simulation = { self, seconds };

  g_return_if_fail (self != NULL && self->simulator != NULL);
  yc_server_thread_invoke (self, simulate_cb, &simulation);
}
