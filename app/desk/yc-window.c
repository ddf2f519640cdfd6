/* yc-window.c: switches between the log-in view and the main view as the session comes
 * and goes, and keeps the header honest: who sits at which window, whether the server
 * answers, and how many records still wait to be sent. Owns the win.* actions. */
#include "config-desk.h"

#include "yc-desk-actions.h"
#include "yc-display.h"
#include "yc-desk-private.h"
#include "yc-guide-load.h"
#include "yc-guides-page.h"
#include "yc-intake-page.h"
#include "yc-records-page.h"
#include "yc-login-page.h"
#include "yc-notifier.h"
#include "yc-preferences.h"
#include "yc-queue-page.h"
#include "yc-tasks-page.h"
#include "yc-text-scale.h"
#include "yc-training-actions.h"
#include "yc-window.h"

struct _YcWindow
{
  AdwApplicationWindow  parent_instance;

  YcContext            *context;
  YcStore              *store;      /* the context's, watched for "pending" */
  GCancellable         *cancellable;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *view_stack;
  GtkBox               *login_view;
  GtkLabel             *login_demo_badge;
  GtkLabel             *demo_badge;
  AdwWindowTitle       *window_title;
  GtkButton            *sync_button;
  GtkBox               *sync_box;
  GtkImage             *sync_image;
  GtkLabel             *sync_label;
  GtkBox               *connection_box;
  GtkWidget            *connection_dot;
  GtkLabel             *connection_label;
  GtkRevealer          *offline_revealer;
  GtkStack             *page_stack;
  GtkListBox           *sidebar;
  AdwFlap              *flap;
  GMenu                *primary_menu;
  GtkWidget            *sidebar_button;
  guint                 folded_idle;

  YcLoginPage          *login_page;
  YcQueuePage          *queue_page;
  YcGuidesPage         *guides_page;
  YcIntakePage         *intake_page;
  YcRecordsPage        *records_page;
  YcTasksPage          *tasks_page;
  GHashTable           *badges;     /* page name → its sidebar badge (GtkLabel) */
  YcNotifier           *notifier;

  char                 *last_toast;  /* for the tests: AdwToastOverlay does not tell */
  char                 *window_state; /* the Queue page's: NULL open, "closed", else paused */

  guint                 probing : 1;
};

G_DEFINE_FINAL_TYPE (YcWindow, yc_window, ADW_TYPE_APPLICATION_WINDOW)

/* The pages in the sidebar's order: Ctrl+1 is the first. */
static const char *page_names[] = { "queue", "intake", "guides", "tasks", "records" };

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

YcWindow *
yc_window_new (GtkApplication *app,
               YcContext      *context)
{
  g_return_val_if_fail (!app || GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (YC_IS_CONTEXT (context), NULL);

  return g_object_new (YC_TYPE_WINDOW,
                       "application", app,
                       "context", context,
                       NULL);
}

/* A passing message at the bottom of the window: what win.toast shows. */
static void
yc_window_add_toast (YcWindow   *self,
                     const char *message)
{
  g_autofree char *title = NULL;
  g_autofree char *shown = NULL;

  g_return_if_fail (YC_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  /* libadwaita 1.2 reads a toast's title as markup: a company's "&", a note's "<", a
   * server's message are text. What a toast names (a window, a service, a ticket's
   * matter) is the server's: shown in the desk's script. */
  shown = yc_display_text (message);
  title = g_markup_escape_text (shown, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
yc_window_toast (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  yc_window_add_toast (YC_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void yc_window_start_intake (YcWindow           *self,
                                    const char         *package,
                                    const char * const *items,
                                    const char         *title);

static void
yc_window_start_intake_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  const char *package;
  const char *title;
  g_autofree const char **items = NULL;

  g_variant_get (param, "(&s^a&s&s)", &package, &items, &title);
  if (items == NULL || items[0] == NULL)
    return;
  yc_window_start_intake (YC_WINDOW (widget), *package ? package : NULL, items, title);
}

static void
yc_window_add_case (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  YcWindow *self = YC_WINDOW (widget);
  YcVisitMatter matter;

  if (yc_visit_matter_from_variant (param, &matter))
    yc_queue_page_add_case (self->queue_page, &matter);
}

static void
update_title (YcWindow *self)
{
  const YcSession *session = yc_client_get_session (yc_context_get_client (self->context));
  g_autofree char *window = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *hall = NULL;
  g_autofree char *shown_subtitle = NULL;

  if (session == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Yichuang"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }

  window = g_strdup_printf ("%" G_GINT64_FORMAT, session->window_id);
  /* Translators: the header's subtitle: window number · clerk name (clerk number) */
  subtitle = g_strdup_printf (_("Window %s · %s (%s)"),
                              window,
                              session->clerk_name ? session->clerk_name : "",
                              session->clerk_id ? session->clerk_id : "");
  /* A window closed or paused gets no calls: the header says so on every page. */
  if (self->window_state != NULL)
    {
      g_autofree char *with_state = NULL;

      /* Translators: the header's subtitle with the window's state after it; the state
       * is "Closed" or "Paused" */
      with_state = g_strdup_printf (_("%s · %s"), subtitle,
                                    g_str_equal (self->window_state, "closed")
                                    /* Translators: the service window is closed (for the day) */
                                    ? C_("window state", "Closed")
                                    /* Translators: the service window is paused */
                                    : C_("window state", "Paused"));
      g_free (subtitle);
      subtitle = g_steal_pointer (&with_state);
    }

  hall = yc_display_text (session->hall_name);
  adw_window_title_set_title (self->window_title, *hall != '\0' ? hall : _("Yichuang"));
  /* The clerk's name is the server's. */
  shown_subtitle = yc_display_text (subtitle);
  adw_window_title_set_subtitle (self->window_title, shown_subtitle);
}

/* The Queue page tells the window's state: "" open, "closed", else the pause's reason. */
static void
yc_window_set_window_state (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  YcWindow *self = YC_WINDOW (widget);
  const char *state = g_variant_get_string (param, NULL);

  g_clear_pointer (&self->window_state, g_free);
  if (*state != '\0')
    self->window_state = g_strdup (state);
  update_title (self);
}

static void
update_connection (YcWindow *self)
{
  YcClient *client = yc_context_get_client (self->context);
  gboolean online = yc_client_get_online (client);
  gboolean logged_in = yc_client_get_session (client) != NULL;
  g_autofree char *server = yc_context_dup_server_label (self->context);
  g_autofree char *tooltip = NULL;

  if (online && logged_in && yc_events_get_live (yc_context_get_events (self->context)))
    {
      /* Translators: the connection indicator: online, and queue changes arrive as they happen */
      gtk_label_set_label (self->connection_label, _("Online · Live"));
      gtk_widget_remove_css_class (self->connection_dot, "offline");
      /* Translators: tooltip of the connection indicator; %s is the server */
      tooltip = g_strdup_printf (_("Connected to %s; queue changes arrive as they happen"), server);
    }
  else if (online && logged_in)
    {
      /* Translators: the connection indicator: online, but the live stream is down and
       * the queue is refreshed every 2 seconds */
      gtk_label_set_label (self->connection_label, _("Online · Refreshing"));
      gtk_widget_remove_css_class (self->connection_dot, "offline");
      /* Translators: tooltip of the connection indicator; %s is the server */
      tooltip = g_strdup_printf (_("Connected to %s; the live stream is reconnecting, so the queue is refreshed every 2 seconds"),
                                 server);
    }
  else if (online)
    {
      gtk_label_set_label (self->connection_label, _("Online"));
      gtk_widget_remove_css_class (self->connection_dot, "offline");
      /* Translators: tooltip of the connection indicator; %s is the server */
      tooltip = g_strdup_printf (_("Connected to %s"), server);
    }
  else
    {
      gtk_label_set_label (self->connection_label, _("Offline"));
      gtk_widget_add_css_class (self->connection_dot, "offline");
      /* Translators: tooltip of the connection indicator; %s is the server */
      tooltip = g_strdup_printf (_("%s cannot be reached"), server);
    }

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->connection_box), tooltip);
  gtk_revealer_set_reveal_child (self->offline_revealer, logged_in && !online);
}

/* The sync line: what the server has not applied comes first, for "all sent" must never
 * cover a record that changed nothing there; then what still waits; then all sent. A
 * click leads to the Records page, which lists each with its reason. */
static void
update_sync (YcWindow *self)
{
  guint pending = self->store ? yc_store_get_pending (self->store) : 0;
  guint attention = self->store ? yc_store_get_attention (self->store) : 0;

  gtk_widget_remove_css_class (GTK_WIDGET (self->sync_box), "pending");
  gtk_widget_remove_css_class (GTK_WIDGET (self->sync_box), "attention");
  if (attention > 0)
    {
      g_autofree char *label = NULL;

      /* Translators: the sync line, for records the server refused or stored without
       * effect (记录未生效); a click shows them on the Records page */
      label = g_strdup_printf (ngettext ("%u record did not take effect",
                                         "%u records did not take effect",
                                         attention),
                               attention);
      gtk_label_set_label (self->sync_label, label);
      gtk_image_set_from_icon_name (self->sync_image, "dialog-warning-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_box),
                                   _("The centre did not apply these records. "
                                     "Open Records to see why and what to do."));
      gtk_widget_add_css_class (GTK_WIDGET (self->sync_box), "attention");
    }
  else if (pending == 0)
    {
      gtk_label_set_label (self->sync_label, _("All records sent"));
      gtk_image_set_from_icon_name (self->sync_image, "emblem-ok-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_box), NULL);
    }
  else
    {
      g_autofree char *label = NULL;

      label = g_strdup_printf (ngettext ("%u record waiting to be sent",
                                         "%u records waiting to be sent",
                                         pending),
                               pending);
      gtk_label_set_label (self->sync_label, label);
      gtk_image_set_from_icon_name (self->sync_image, "emblem-synchronizing-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_box),
                                   _("Finished visits are kept on this computer "
                                     "until the server has them."));
      gtk_widget_add_css_class (GTK_WIDGET (self->sync_box), "pending");
    }
  /* A screen reader hears what the line says, not "button". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_label (self->sync_label), -1);
}

static void
on_store_pending_changed_cb (YcWindow   *self,
                             GParamSpec *pspec,
                             YcStore    *store)
{
  update_sync (self);
}

/* The store is replaced when demo data are reset; follow the current one. */
static void
bind_store (YcWindow *self)
{
  YcStore *store = yc_context_get_store (self->context);

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_pending_changed_cb, self);

  g_set_object (&self->store, store);

  if (store != NULL)
    g_signal_connect_object (store,
                             "notify::pending",
                             G_CALLBACK (on_store_pending_changed_cb),
                             self,
                             G_CONNECT_SWAPPED);
  if (store != NULL)
    g_signal_connect_object (store,
                             "notify::attention",
                             G_CALLBACK (on_store_pending_changed_cb),
                             self,
                             G_CONNECT_SWAPPED);

  update_sync (self);
}

static void
on_context_store_changed_cb (YcWindow   *self,
                             GParamSpec *pspec,
                             YcContext  *context)
{
  bind_store (self);
}

static void
update_view (YcWindow *self)
{
  YcClient *client = yc_context_get_client (self->context);
  gboolean logged_in = yc_client_get_session (client) != NULL;

  /* The next log-in reads the window's state anew. */
  if (!logged_in)
    g_clear_pointer (&self->window_state, g_free);
  gtk_stack_set_visible_child_name (self->view_stack, logged_in ? "main" : "login");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.logout", logged_in);

  update_title (self);
  update_connection (self);

  if (logged_in)
    gtk_widget_grab_focus (GTK_WIDGET (self->queue_page));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->login_page));
}

/* The deadlines the notifications tell of count the context's one holiday calendar. */
static void
on_work_calendar_cb (YcWindow *self)
{
  YcWorkCalendar *calendar = yc_context_get_work_calendar (self->context);

  if (calendar != NULL && self->notifier != NULL)
    yc_notifier_set_calendar (self->notifier, calendar);
}

/* A demo desk, or one logged in to a classroom's simulated hall, says so in its header
 * and its title, as its papers do. */
static void
update_demo_marks (YcWindow *self)
{
  gboolean demo = yc_context_get_demo_papers (self->context);

  gtk_widget_set_visible (GTK_WIDGET (self->demo_badge), demo);
  if (demo)
    gtk_widget_add_css_class (GTK_WIDGET (self), "demo");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "demo");
  /* The task bar and the window switcher show this, not the header's badge: a trainer
   * with several desks open tells the training one at a glance. */
  gtk_window_set_title (GTK_WINDOW (self),
                        /* Translators: the window's title in demo (training) mode: 一窗（演示） */
                        demo ? _("Yichuang (Demo)") : _("Yichuang"));
}

static void
on_client_session_changed_cb (YcWindow   *self,
                              GParamSpec *pspec,
                              YcClient   *client)
{
  update_demo_marks (self);
  update_view (self);
}

static void
on_client_online_changed_cb (YcWindow   *self,
                             GParamSpec *pspec,
                             YcClient   *client)
{
  update_connection (self);
}

static void
on_client_session_expired_cb (YcWindow *self,
                              YcClient *client)
{
  /* The outbox is untouched: its records go out after the next log-in. */
  yc_login_page_set_notice (self->login_page,
                            _("Your session has ended. Please log in again. "
                              "Records not yet sent are kept and go out after you log in."));
  update_view (self);
}

static void
on_health_probed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(YcWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  YcSync *sync;
  gboolean reached;

  reached = yc_client_health_finish (YC_CLIENT (object), result, &error);

  /* Cancelled: the window is being disposed; nothing of it may be touched. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->probing = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.retry", TRUE);

  if (!reached)
    {
      yc_window_add_toast (self, _("The server still cannot be reached."));
      return;
    }

  /* Records waiting since the outage need not wait for the backoff timer. */
  if ((sync = yc_context_get_sync (self->context)))
    yc_sync_kick (sync);
  yc_window_add_toast (self, _("The server can be reached again."));
}

static void
yc_window_retry (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  YcWindow *self = YC_WINDOW (widget);

  if (self->probing)
    return;

  self->probing = TRUE;
  gtk_widget_action_set_enabled (widget, "win.retry", FALSE);
  yc_client_health_async (yc_context_get_client (self->context),
                          self->cancellable,
                          on_health_probed_cb,
                          g_object_ref (self));
}

static void
yc_window_logout (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  YcWindow *self = YC_WINDOW (widget);

  yc_login_page_set_notice (self->login_page, NULL);
  yc_client_logout (yc_context_get_client (self->context));
}

/* The hall's calling screen (every zone) in the browser: for a screen beside
 * the desk in training, or to check what the hall sees. */
static void
yc_window_open_display (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  YcWindow *self = YC_WINDOW (widget);
  g_autofree char *uri = g_strconcat (yc_client_get_base_url (yc_context_get_client (self->context)), "/display", NULL);

  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
on_demo_reset_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(YcWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A failure needs no toast: the log-in page, where the reset leaves the clerk, shows
   * the context's problem. Cancelled: the window is being disposed. */
  if (!yc_context_reset_demo_finish (YC_CONTEXT (object), result, &error))
    return;

  yc_window_add_toast (self, _("The demo starts again with fresh sample data."));
}

static void
on_reset_confirmed_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       YcWindow         *self)
{
  if (g_strcmp0 (response, "reset") != 0 ||
      g_cancellable_is_cancelled (self->cancellable) ||
      !yc_context_get_ready (self->context))
    return;

  /* The action is disabled until the context is ready again (see update_reset_action). */
  yc_login_page_set_notice (self->login_page, NULL);
  yc_context_reset_demo_async (self->context,
                               self->cancellable,
                               on_demo_reset_cb,
                               g_object_ref (self));
}

static void
yc_window_reset_demo (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  YcWindow *self = YC_WINDOW (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Reset the Demo?"),
                                   _("All tickets and visits of this demo are deleted and it "
                                     "starts again with fresh sample data."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reset", _("_Reset"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                              "reset", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reset_confirmed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Only a ready context can be reset: while the demo server starts there is nothing to
 * throw away yet, and a second start would race the first. */
static void
update_reset_action (YcWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reset-demo",
                                 yc_context_get_demo (self->context) &&
                                 yc_context_get_ready (self->context));
}

static void
on_context_ready_changed_cb (YcWindow   *self,
                             GParamSpec *pspec,
                             YcContext  *context)
{
  update_reset_action (self);
}

/* A page shown is ready for the keyboard: the Guides page for a search. */
static void
on_page_changed_cb (YcWindow   *self,
                    GParamSpec *pspec,
                    GtkStack   *stack)
{
  GtkWidget *page = gtk_stack_get_visible_child (stack);

  if (page != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (page);
}

/* ---- The sidebar: one row per page, with a badge where there is something to count ---- */

static void
on_sidebar_row_activated_cb (YcWindow      *self,
                             GtkListBoxRow *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "page");

  gtk_stack_set_visible_child_name (self->page_stack, name);
  /* A folded sidebar covers the page chosen: out of the way. */
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

static gboolean
show_sidebar_button_cb (gpointer data)
{
  YcWindow *self = data;

  self->folded_idle = 0;
  gtk_widget_set_visible (self->sidebar_button, adw_flap_get_folded (self->flap));
  return G_SOURCE_REMOVE;
}

/* The flap folds while it is allocated, after the header bar was: the header's button
 * changes with the next layout, not within this one (GTK would draw the header bar
 * without an allocation). */
static void
on_flap_folded_cb (YcWindow   *self,
                   GParamSpec *pspec,
                   AdwFlap    *flap)
{
  if (self->folded_idle == 0)
    self->folded_idle = g_idle_add (show_sidebar_button_cb, self);
}

/* The row of the page shown is the one selected. */
static void
sync_sidebar (YcWindow *self)
{
  const char *shown = gtk_stack_get_visible_child_name (self->page_stack);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (g_object_get_data (G_OBJECT (row), "page"), shown) == 0)
      gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (row));
}

/* Adds page to the stack and its row to the sidebar. */
static void
add_page (YcWindow   *self,
          GtkWidget  *page,
          const char *name,
          const char *title)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_stack_add_titled (self->page_stack, page, name, title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_visible (badge, FALSE);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "sidebar-badge");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), badge);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "page", g_strdup (name), g_free);
  /* The page's shortcut (Ctrl+1 …), as GTK writes it in the clerk's language. */
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    if (g_str_equal (page_names[i], name))
      {
        g_autofree char *keys = gtk_accelerator_get_label (GDK_KEY_1 + i, GDK_CONTROL_MASK);

        gtk_widget_set_tooltip_text (row, keys);
      }
  gtk_list_box_append (self->sidebar, row);
  g_hash_table_insert (self->badges, g_strdup (name), badge);
}

static void
set_badge (YcWindow   *self,
           const char *page,
           guint       count,
           const char *tooltip)
{
  GtkLabel *badge = g_hash_table_lookup (self->badges, page);
  g_autofree char *text = count > 99 ? g_strdup ("99+") : g_strdup_printf ("%u", count);

  gtk_label_set_text (badge, text);
  gtk_widget_set_visible (GTK_WIDGET (badge), count > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (badge), count > 0 ? tooltip : NULL);
}

static void
update_tasks_badge (YcWindow *self)
{
  guint n = yc_tasks_get_n_open (yc_context_get_tasks (self->context));
  g_autofree char *tooltip = NULL;

  /* Translators: the tooltip of the sidebar's count of tasks */
  tooltip = g_strdup_printf (ngettext ("%u task open for you", "%u tasks open for you", n), n);
  set_badge (self, "tasks", n, tooltip);
}

void
yc_window_show_task (YcWindow *self,
                     gint64    id)
{
  g_return_if_fail (YC_IS_WINDOW (self));

  gtk_stack_set_visible_child (self->page_stack, GTK_WIDGET (self->tasks_page));
  if (id != 0)
    yc_tasks_page_show_task (self->tasks_page, id);
  gtk_window_present (GTK_WINDOW (self));
}

static void
on_open_task_cb (YcWindow   *self,
                 gint64      id,
                 YcNotifier *notifier)
{
  /* Only a clerk at work is shown a task: after a log-out the log-in page stays. */
  if (yc_client_get_session (yc_context_get_client (self->context)) != NULL)
    yc_window_show_task (self, id);
  else
    gtk_window_present (GTK_WINDOW (self));
}

/* A citizen at the window: what is not urgent is told after the visit. */
static void
on_current_changed_cb (YcWindow    *self,
                       GParamSpec  *pspec,
                       YcQueuePage *page)
{
  yc_notifier_set_busy (self->notifier, yc_queue_page_get_current (page) != NULL);
}

static void
yc_window_show_preferences (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  YcWindow *self = YC_WINDOW (widget);
  GSettings *settings = yc_context_get_settings (self->context);

  if (settings != NULL)
    gtk_window_present (GTK_WINDOW (yc_preferences_new (GTK_WINDOW (self), settings)));
}

/* A task's case, found on the Records page. */
static void
yc_window_show_case (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  YcWindow *self = YC_WINDOW (widget);

  gtk_stack_set_visible_child (self->page_stack, GTK_WIDGET (self->records_page));
  gtk_editable_set_text (yc_records_page_get_search_entry (self->records_page), g_variant_get_string (param, NULL));
}

/* Ctrl+plus, Ctrl+minus, Ctrl+0: the desk's text larger, smaller, as the desktop has it. */
static void
yc_window_zoom (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  YcTextScale *scale = yc_text_scale_get_default ();
  double zoom = yc_text_scale_get_zoom (scale);

  if (g_str_equal (action_name, "win.zoom-in"))
    zoom += YC_TEXT_ZOOM_STEP;
  else if (g_str_equal (action_name, "win.zoom-out"))
    zoom -= YC_TEXT_ZOOM_STEP;
  else
    zoom = 1.0;
  yc_text_scale_set_zoom (scale, zoom);
}

static void
update_zoom_actions (YcWindow *self)
{
  double zoom = yc_text_scale_get_zoom (yc_text_scale_get_default ());

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in", zoom < YC_TEXT_ZOOM_MAX - 0.01);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out", zoom > YC_TEXT_ZOOM_MIN + 0.01);
}

/* Ctrl+1 … Ctrl+5: the pages in the sidebar's order, for a clerk who keeps the hands on
 * the keyboard. Only once logged in: the log-in view has no pages. */
static void
yc_window_show_page (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  YcWindow *self = YC_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->view_stack), "main") ||
      gtk_stack_get_child_by_name (self->page_stack, name) == NULL)
    return;
  gtk_stack_set_visible_child_name (self->page_stack, name);
}

static void
yc_window_find_guide (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  YcWindow *self = YC_WINDOW (widget);

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->view_stack), "main"))
    return;

  gtk_stack_set_visible_child (self->page_stack, GTK_WIDGET (self->guides_page));
  yc_guides_page_focus_search (self->guides_page);
}

static void
yc_window_constructed (GObject *object)
{
  YcWindow *self = (YcWindow *) object;
  YcClient *client;
  gboolean demo;

  G_OBJECT_CLASS (yc_window_parent_class)->constructed (object);

  g_assert (YC_IS_CONTEXT (self->context));

  client = yc_context_get_client (self->context);
  demo = yc_context_get_demo (self->context);

  /* A hall's 1024×768 monitor: the window's first size is no larger than the screen
   * (with no window manager to shrink it, its right edge would be off the screen). */
  {
    GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
    g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
    GdkRectangle geometry;
    int width, height;

    if (monitor != NULL)
      {
        gdk_monitor_get_geometry (monitor, &geometry);
        gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
        gtk_window_set_default_size (GTK_WINDOW (self), MIN (width, geometry.width), MIN (height, geometry.height));
      }
  }

  self->login_page = YC_LOGIN_PAGE (yc_login_page_new (self->context));
  gtk_widget_set_vexpand (GTK_WIDGET (self->login_page), TRUE);
  gtk_box_append (self->login_view, GTK_WIDGET (self->login_page));

  self->queue_page = YC_QUEUE_PAGE (yc_queue_page_new (self->context));
  add_page (self, GTK_WIDGET (self->queue_page), "queue", _("Queue"));

  self->intake_page = YC_INTAKE_PAGE (yc_intake_page_new (self->context));
  /* Translators: the sidebar entry of integrated intake (受理) */
  add_page (self, GTK_WIDGET (self->intake_page), "intake", _("Intake"));

  self->guides_page = YC_GUIDES_PAGE (yc_guides_page_new (self->context));
  /* Translators: the sidebar entry of the service guides (办事指南) */
  add_page (self, GTK_WIDGET (self->guides_page), "guides", _("Guides"));

  self->tasks_page = YC_TASKS_PAGE (yc_tasks_page_new (self->context));
  /* Translators: the sidebar entry of the tasks the centre assigns (待办任务) */
  add_page (self, GTK_WIDGET (self->tasks_page), "tasks", _("Tasks"));

  self->records_page = YC_RECORDS_PAGE (yc_records_page_new (self->context));
  /* Translators: the sidebar entry of the clerk's cases (办件记录) */
  add_page (self, GTK_WIDGET (self->records_page), "records", _("Records"));
  g_signal_connect_object (self->page_stack, "notify::visible-child",
                           G_CALLBACK (on_page_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->page_stack, "notify::visible-child",
                           G_CALLBACK (sync_sidebar), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flap, "notify::folded",
                           G_CALLBACK (on_flap_folded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "row-activated",
                           G_CALLBACK (on_sidebar_row_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (yc_context_get_tasks (self->context), "notify::n-open",
                           G_CALLBACK (update_tasks_badge), self, G_CONNECT_SWAPPED);
  sync_sidebar (self);
  update_tasks_badge (self);

  self->notifier = yc_notifier_new (yc_context_get_tasks (self->context), yc_context_get_settings (self->context));
  g_signal_connect_object (self->notifier, "open-task", G_CALLBACK (on_open_task_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::work-calendar", G_CALLBACK (on_work_calendar_cb), self,
                           G_CONNECT_SWAPPED);
  on_work_calendar_cb (self);
  g_signal_connect_object (self->queue_page, "notify::current", G_CALLBACK (on_current_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_widget_set_visible (GTK_WIDGET (self->login_demo_badge), demo);
  update_demo_marks (self);

  g_signal_connect_object (client,
                           "notify::session",
                           G_CALLBACK (on_client_session_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client,
                           "notify::online",
                           G_CALLBACK (on_client_online_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (yc_context_get_events (self->context),
                           "notify::live",
                           G_CALLBACK (update_connection),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client,
                           "session-expired",
                           G_CALLBACK (on_client_session_expired_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context,
                           "notify::store",
                           G_CALLBACK (on_context_store_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context,
                           "notify::ready",
                           G_CALLBACK (on_context_ready_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  /* The desk's zoom is kept with its settings; the text follows it from the first window. */
  if (yc_context_get_settings (self->context) != NULL)
    yc_text_scale_set_settings (yc_text_scale_get_default (), yc_context_get_settings (self->context));
  g_signal_connect_object (yc_text_scale_get_default (), "notify::zoom",
                           G_CALLBACK (update_zoom_actions), self, G_CONNECT_SWAPPED);
  update_zoom_actions (self);

  /* Without the settings schema nothing could be kept. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.preferences", yc_context_get_settings (self->context) != NULL);
  bind_store (self);
  update_reset_action (self);
  yc_training_actions_attach (GTK_WIDGET (self), self->context, self->primary_menu);
  update_view (self);
}

static void
yc_window_dispose (GObject *object)
{
  YcWindow *self = (YcWindow *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->folded_idle, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_WINDOW);

  G_OBJECT_CLASS (yc_window_parent_class)->dispose (object);
}

static void
yc_window_finalize (GObject *object)
{
  YcWindow *self = (YcWindow *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_pointer (&self->window_state, g_free);
  g_clear_pointer (&self->badges, g_hash_table_unref);
  g_clear_object (&self->notifier);

  G_OBJECT_CLASS (yc_window_parent_class)->finalize (object);
}

static void
yc_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  YcWindow *self = YC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  YcWindow *self = YC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_window_class_init (YcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = yc_window_constructed;
  object_class->dispose = yc_window_dispose;
  object_class->finalize = yc_window_finalize;
  object_class->get_property = yc_window_get_property;
  object_class->set_property = yc_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         YC_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/yichuang/Desk/ui/yc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, login_view);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, login_demo_badge);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, demo_badge);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, sync_box);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, sync_image);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, connection_box);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, connection_dot);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, connection_label);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, page_stack);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, primary_menu);

  gtk_widget_class_install_action (widget_class, "win.logout", NULL, yc_window_logout);
  gtk_widget_class_install_action (widget_class, "win.reset-demo", NULL, yc_window_reset_demo);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, yc_window_retry);
  gtk_widget_class_install_action (widget_class, "win.open-display", NULL, yc_window_open_display);
  gtk_widget_class_install_action (widget_class, "win.find-guide", NULL, yc_window_find_guide);
  gtk_widget_class_install_action (widget_class, "win.show-case", "s", yc_window_show_case);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, yc_window_show_preferences);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", yc_window_show_page);
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK, "win.show-page", "s",
                                         page_names[i]);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, yc_window_zoom);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, yc_window_zoom);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, yc_window_zoom);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", yc_window_toast);
  gtk_widget_class_install_action (widget_class, "win.start-intake", "(sass)", yc_window_start_intake_action);
  gtk_widget_class_install_action (widget_class, "win.add-case", "(msssmsmsms)", yc_window_add_case);
  gtk_widget_class_install_action (widget_class, "win.window-state", "s", yc_window_set_window_state);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find-guide", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, 0, "win.find-guide", NULL);

  /* The page types are created in code (they need the context); make sure they exist. */
  g_type_ensure (YC_TYPE_LOGIN_PAGE);
  g_type_ensure (YC_TYPE_QUEUE_PAGE);
  g_type_ensure (YC_TYPE_GUIDES_PAGE);
  g_type_ensure (YC_TYPE_INTAKE_PAGE);
  g_type_ensure (YC_TYPE_RECORDS_PAGE);
  g_type_ensure (YC_TYPE_TASKS_PAGE);
}

static void
yc_window_init (YcWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->badges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
}

YcLoginPage *
yc_window_get_login_page (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->login_page;
}

YcQueuePage *
yc_window_get_queue_page (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->queue_page;
}

static void
yc_window_start_intake (YcWindow           *self,
                        const char         *package,
                        const char * const *items,
                        const char         *title)
{
  g_return_if_fail (YC_IS_WINDOW (self));
  g_return_if_fail (items != NULL && items[0] != NULL);

  YcTicket *serving = yc_queue_page_get_current (self->queue_page);

  /* An intake started while a citizen is at the window is theirs: it carries the number. */
  yc_intake_page_start (self->intake_page, package, items, title,
                        serving != NULL ? yc_ticket_get_number (serving) : NULL);
  gtk_stack_set_visible_child (self->page_stack, GTK_WIDGET (self->intake_page));
}

YcNotifier *
yc_window_get_notifier (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->notifier;
}

YcTasksPage *
yc_window_get_tasks_page (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->tasks_page;
}

const char *
yc_window_get_badge (YcWindow   *self,
                     const char *page)
{
  GtkLabel *badge;

  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);

  badge = g_hash_table_lookup (self->badges, page);
  return badge != NULL && gtk_widget_get_visible (GTK_WIDGET (badge)) ? gtk_label_get_text (badge) : NULL;
}

YcRecordsPage *
yc_window_get_records_page (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->records_page;
}

YcIntakePage *
yc_window_get_intake_page (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->intake_page;
}

GMenu *
yc_window_get_primary_menu (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->primary_menu;
}

GtkWidget *
yc_window_get_demo_badge (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->demo_badge);
}

YcGuidesPage *
yc_window_get_guides_page (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->guides_page;
}

const char *
yc_window_get_visible_page (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->page_stack);
}

const char *
yc_window_get_visible_view (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->view_stack);
}

GtkRevealer *
yc_window_get_offline_revealer (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->offline_revealer;
}

AdwWindowTitle *
yc_window_get_title_widget (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->window_title;
}

GtkLabel *
yc_window_get_sync_label (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->sync_label;
}

GtkLabel *
yc_window_get_connection_label (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->connection_label;
}

const char *
yc_window_get_last_toast (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->last_toast;
}
