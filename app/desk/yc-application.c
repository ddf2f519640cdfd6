/* yc-application.c: parses --demo and --server, builds the context and the window,
 * owns the application actions (about, quit) and a clean exit on SIGINT/SIGTERM. */
#include "config-desk.h"

#include <glib-unix.h>

#include "net/yc-client.h"

#include "yc-application.h"
#include "yc-context.h"
#include "yc-setup-window.h"
#include "yc-window.h"

struct _YcApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  YcContext      *context;
  char           *server_url;
  char           *scenario;
  guint           sigint_source;
  guint           sigterm_source;
  guint           demo : 1;
};

G_DEFINE_FINAL_TYPE (YcApplication, yc_application, ADW_TYPE_APPLICATION)

/* How long quitting waits for a demo server still starting, to stop it cleanly. */
#define SHUTDOWN_WAIT_S 10
/* How long quitting waits for the server to end the clerk's session. */
#define LOGOUT_WAIT_S   2

static const GOptionEntry main_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run a demo server with sample data inside the desk, for training"), NULL },
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Talk to the central server at URL instead of the configured one"), N_("URL") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { "scenario", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Run the demo with the training scenario NAME: a shipped one, one in the trainer’s folder, or a .json file"),
    N_("NAME") },
  { NULL }
};

YcApplication *
yc_application_new (void)
{
  return g_object_new (YC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/cn/yichuang/Desk",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/* The schema is missing when running uninstalled without GSETTINGS_SCHEMA_DIR; the desk
 * still works then, it just remembers nothing. g_settings_new() would abort instead. */
static GSettings *
load_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  if (schema == NULL)
    {
      g_warning ("The settings schema %s is not installed; settings are not kept", APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static gint
yc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  YcApplication *self = YC_APPLICATION (app);
  const char *server_url = NULL;
  const char *scenario = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("yichuang %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  if (g_variant_dict_contains (options, "demo"))
    self->demo = TRUE;

  /* A scenario is played by the demo's own server. */
  if (g_variant_dict_lookup (options, "scenario", "&s", &scenario) && *scenario != '\0')
    {
      g_free (self->scenario);
      self->scenario = g_strdup (scenario);
      self->demo = TRUE;
    }

  if (g_variant_dict_lookup (options, "server", "&s", &server_url))
    {
      g_autofree char *url = yc_client_normalize_url (server_url);

      if (url == NULL)
        {
          g_autofree char *message = NULL;

          message = g_strdup_printf (_("“%s” is not a server address. "
                                       "Give one like http://192.168.1.10:8470"),
                                     server_url);
          g_printerr ("%s\n", message);
          return EXIT_FAILURE;
        }

      g_free (self->server_url);
      self->server_url = g_steal_pointer (&url);
    }

  /* A desk started for a given server or for a demo is its own instance: handing the
   * options to an already running desk would silently ignore them. */
  if (self->demo || self->server_url != NULL)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  return G_APPLICATION_CLASS (yc_application_parent_class)->handle_local_options (app, options);
}

static gboolean
on_quit_signal_cb (gpointer user_data)
{
  /* Quitting through the main loop lets the demo server stop and its folder be removed. */
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  gtk_window_present (GTK_WINDOW (yc_application_new_about_window (gtk_application_get_active_window (app))));
}

static const GActionEntry app_entries[] = {
  { "quit", quit_activated_cb },
  { "about", about_activated_cb },
};

static void
yc_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  YcApplication *self = YC_APPLICATION (app);

  G_APPLICATION_CLASS (yc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app),
                                   app_entries, G_N_ELEMENTS (app_entries),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);

  self->settings = load_settings ();
  self->sigint_source = g_unix_signal_add (SIGINT, on_quit_signal_cb, app);
  self->sigterm_source = g_unix_signal_add (SIGTERM, on_quit_signal_cb, app);
}

static void
on_startup_error_response_cb (AdwMessageDialog *dialog,
                              const char       *response,
                              GApplication     *app)
{
  g_application_quit (app);
}

static void
show_startup_error (YcApplication *self,
                    const GError  *error)
{
  g_autofree char *body = yc_error_describe (error);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("The desk cannot start"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  g_signal_connect (dialog, "response", G_CALLBACK (on_startup_error_response_cb), self);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void open_desk (YcApplication *self);

static void
on_setup_chosen_cb (YcSetupWindow *setup,
                    const char    *url,
                    YcApplication *self)
{
  if (url != NULL)
    {
      g_free (self->server_url);
      self->server_url = g_strdup (url);
    }
  else
    self->demo = TRUE;
  /* The desk's window first, so that the application never has none. */
  open_desk (self);
  gtk_window_destroy (GTK_WINDOW (setup));
}

/* No --server, no --demo, and no address in the settings: a fresh install. */
static gboolean
needs_setup (YcApplication *self)
{
  g_autofree char *configured = NULL;

  if (self->demo || self->server_url != NULL)
    return FALSE;
  if (self->settings == NULL)
    return TRUE;
  configured = g_settings_get_string (self->settings, "server-url");
  return *g_strstrip (configured) == '\0';
}

static void
yc_application_activate (GApplication *app)
{
  YcApplication *self = YC_APPLICATION (app);
  GtkWindow *window;

  if ((window = gtk_application_get_active_window (GTK_APPLICATION (app))))
    {
      gtk_window_present (window);
      return;
    }
  if (self->context == NULL && needs_setup (self))
    {
      YcSetupWindow *setup = yc_setup_window_new (GTK_APPLICATION (app), self->settings);

      g_signal_connect (setup, "chosen", G_CALLBACK (on_setup_chosen_cb), self);
      gtk_window_present (GTK_WINDOW (setup));
      return;
    }
  open_desk (self);
}

static void
open_desk (YcApplication *self)
{
  GApplication *app = G_APPLICATION (self);
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  if (self->context == NULL &&
      !(self->context = yc_context_new (self->settings, self->server_url, self->demo, &error)))
    {
      g_warning ("The desk cannot start: %s", error->message);
      show_startup_error (self, error);
      return;
    }
  if (self->demo && self->scenario != NULL && yc_context_get_scenario (self->context) == NULL)
    yc_context_set_scenario (self->context, self->scenario);

  window = GTK_WINDOW (yc_window_new (GTK_APPLICATION (app), self->context));
  gtk_window_present (window);

  yc_context_start (self->context);
}

static gboolean
on_shutdown_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main context until *done, for seconds at most; TRUE when done. The tick wakes
 * the loop to look at the clock when nothing else happens. For quitting only, once the
 * windows are gone: nothing is shown any more, so waiting blocks no one. */
static gboolean
iterate_until (const gboolean *done,
               guint           seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  guint tick = g_timeout_add (50, on_shutdown_tick_cb, NULL);

  while (!*done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return *done;
}

static void
on_logged_out_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  gboolean *done = user_data;

  yc_client_logout_finish (YC_CLIENT (object), result, NULL);
  *done = TRUE;
}

/* A desk closed with a clerk logged in ends the session on the server, so the window is
 * free for the next clerk at once. A server out of reach is waited for briefly only, and
 * not at all when the desk already knows it is: it ends the session itself once idle. */
static void
log_out_before_quitting (YcApplication *self)
{
  YcClient *client = self->context ? yc_context_get_client (self->context) : NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  gboolean done = FALSE;

  if (client == NULL || yc_client_get_session (client) == NULL)
    return;
  if (!yc_client_get_online (client))
    {
      yc_client_logout (client);
      return;
    }
  cancellable = g_cancellable_new ();
  yc_client_logout_async (client, cancellable, on_logged_out_cb, &done);
  if (!iterate_until (&done, LOGOUT_WAIT_S))
    {
      g_message ("The server did not answer the log-out in time");
      /* The answer is waited for no longer; the callback still comes, at once, and must
       * find done where it was. */
      g_cancellable_cancel (cancellable);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
    }
}

static void
on_context_gone_cb (gpointer  data,
                    GObject  *where_the_object_was)
{
  *(gboolean *) data = TRUE;
}

static void
yc_application_shutdown (GApplication *app)
{
  YcApplication *self = YC_APPLICATION (app);
  GList *windows;

  /* Windows first: a window still up would turn to the log-in page as the session ends
   * below. They hold the context; the application's own reference keeps it for the
   * log-out. */
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))))
    gtk_window_destroy (windows->data);

  log_out_before_quitting (self);

  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);

  if (self->context != NULL)
    {
      GObject *context = G_OBJECT (g_steal_pointer (&self->context));
      gboolean gone = FALSE;

      /* A start or a reset under way holds the context until its worker is done; only
       * then can the context stop the demo server and remove its folder. */
      g_object_weak_ref (context, on_context_gone_cb, &gone);
      g_object_unref (context);
      if (!iterate_until (&gone, SHUTDOWN_WAIT_S))
        {
          g_message ("The desk's services did not stop in time");
          g_object_weak_unref (context, on_context_gone_cb, &gone);
        }
    }

  G_APPLICATION_CLASS (yc_application_parent_class)->shutdown (app);
}

static void
yc_application_finalize (GObject *object)
{
  YcApplication *self = (YcApplication *) object;

  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->scenario, g_free);

  G_OBJECT_CLASS (yc_application_parent_class)->finalize (object);
}

static void
yc_application_class_init (YcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = yc_application_finalize;

  app_class->handle_local_options = yc_application_handle_local_options;
  app_class->startup = yc_application_startup;
  app_class->activate = yc_application_activate;
  app_class->shutdown = yc_application_shutdown;
}

static void
yc_application_init (YcApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_summary (
    G_APPLICATION (self),
    _("The desk of a service window in a government service hall."));
}

GtkWidget *
yc_application_new_about_window (GtkWindow *parent)
{
  return g_object_new (ADW_TYPE_ABOUT_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       "application-icon", APP_ID,
                       "application-name", _("Yichuang"),
                       "developer-name", _("The Yichuang developers"),
                       "version", PACKAGE_VERSION,
                       "comments", _("The desk of a service window in a government service "
                                     "hall: call the queue, serve citizens, and every finished "
                                     "visit reaches the central server, even after the network "
                                     "was down."),
                       "license-type", GTK_LICENSE_GPL_3_0,
                       /* Translators: put your names here, one per line. */
                       "translator-credits", _("translator-credits"),
                       NULL);
}
