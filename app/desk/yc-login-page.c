/* yc-login-page.c: checks what the clerk typed, logs in through the client, says in a
 * sentence what went wrong, and remembers clerk and window for the next time. In demo
 * mode it fills in a demo clerk and logs in by itself as soon as the demo server listens. */
#include "config-desk.h"

#include <adwaita.h>

#include "yc-desk-private.h"
#include "yc-login-page.h"

#define DEMO_CLERK  "1001"
#define DEMO_PIN    "123456"

struct _YcLoginPage
{
  GtkWidget     parent_instance;

  YcContext    *context;
  GCancellable *cancellable;

  /* Template widgets */
  GtkLabel     *notice_label;
  AdwEntryRow  *clerk_row;
  AdwEntryRow  *pin_row;
  AdwEntryRow  *window_row;
  GtkLabel     *error_label;
  GtkButton    *login_button;
  GtkSpinner   *spinner;
  GtkLabel     *login_label;
  GtkLabel     *server_label;

  guint         busy : 1;
  guint         showing_problem : 1;  /* the error label says why the desk cannot start */
};

G_DEFINE_FINAL_TYPE (YcLoginPage, yc_login_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
yc_login_page_new (YcContext *context)
{
  g_return_val_if_fail (YC_IS_CONTEXT (context), NULL);

  return g_object_new (YC_TYPE_LOGIN_PAGE,
                       "context", context,
                       NULL);
}

static void
clear_row_errors (YcLoginPage *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->clerk_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->pin_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->window_row), "error");
}

static void
show_error (YcLoginPage *self,
            const char  *message,
            AdwEntryRow *row)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  self->showing_problem = FALSE;

  clear_row_errors (self);
  if (row != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

static void
update_state (YcLoginPage *self)
{
  gboolean ready = yc_context_get_ready (self->context);
  const char *problem = yc_context_get_problem (self->context);
  /* Outside demo mode only the store opens, too quickly to say so. */
  gboolean starting = !ready && problem == NULL && yc_context_get_demo (self->context);
  g_autofree char *server = yc_context_dup_server_label (self->context);
  g_autofree char *server_text = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.submit", ready && !self->busy);

  /* Not insensitive: that would pull the focus out of a field the clerk is in. */
  gtk_editable_set_editable (GTK_EDITABLE (self->clerk_row), !self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->pin_row), !self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->window_row), !self->busy);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy || starting);
  gtk_spinner_set_spinning (self->spinner, self->busy || starting);

  if (self->busy)
    gtk_label_set_label (self->login_label, _("Logging in…"));
  else if (starting)
    gtk_label_set_label (self->login_label, _("Starting the demo server…"));
  else
    gtk_label_set_label (self->login_label, _("_Log In"));

  if (problem != NULL)
    {
      show_error (self, problem, NULL);
      self->showing_problem = TRUE;
    }
  else if (self->showing_problem)
    {
      /* Gone after a reset that worked. */
      show_error (self, NULL, NULL);
    }

  /* Translators: under the log-in button; %s is a server address
   * or "Demo server on this computer" */
  server_text = g_strdup_printf (_("Server: %s"), server);
  gtk_label_set_label (self->server_label, server_text);
}

static void
set_busy (YcLoginPage *self,
          gboolean     busy)
{
  self->busy = !!busy;
  update_state (self);
}

static void
save_settings (YcLoginPage     *self,
               const YcSession *session)
{
  GSettings *settings = yc_context_get_settings (self->context);

  /* A demo must not overwrite what the real desk remembers. */
  if (settings == NULL || yc_context_get_demo (self->context))
    return;

  g_settings_set_string (settings, "clerk", session->clerk_id ? session->clerk_id : "");
  g_settings_set_int64 (settings, "window", session->window_id);
  g_settings_set_string (settings, "hall", session->hall_name ? session->hall_name : "");
}

static void
on_logged_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YcLoginPage) self = user_data;
  g_autoptr(GError) error = NULL;
  YcClient *client = YC_CLIENT (object);
  const YcSession *session;

  if (!yc_client_login_finish (client, result, &error))
    {
      g_autofree char *message = NULL;
      AdwEntryRow *row = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_busy (self, FALSE);

      message = yc_context_describe_error (error, _("Something went wrong."));
      if (g_error_matches (error, YC_ERROR, YC_ERROR_INVALID_CREDENTIALS))
        row = self->pin_row;
      else if (g_error_matches (error, YC_ERROR, YC_ERROR_UNKNOWN_WINDOW) ||
               g_error_matches (error, YC_ERROR, YC_ERROR_NOT_ASSIGNED) ||
               g_error_matches (error, YC_ERROR, YC_ERROR_WINDOW_OCCUPIED))
        row = self->window_row;

      show_error (self, message, row);
      if (row == self->pin_row)
        gtk_editable_select_region (GTK_EDITABLE (row), 0, -1);
      return;
    }

  set_busy (self, FALSE);
  show_error (self, NULL, NULL);
  yc_login_page_set_notice (self, NULL);

  if (!yc_context_get_demo (self->context))
    gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");

  if ((session = yc_client_get_session (client)))
    save_settings (self, session);
}

static void
yc_login_page_submit (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  YcLoginPage *self = YC_LOGIN_PAGE (widget);
  g_autofree char *clerk = NULL;
  const char *pin;
  const char *window_text;
  gint64 window = 0;

  if (self->busy || !yc_context_get_ready (self->context))
    return;

  clerk = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->clerk_row))));
  pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
  window_text = gtk_editable_get_text (GTK_EDITABLE (self->window_row));

  if (*clerk == '\0')
    {
      show_error (self, _("Enter your clerk number."), self->clerk_row);
      return;
    }

  if (*pin == '\0')
    {
      show_error (self, _("Enter your PIN."), self->pin_row);
      return;
    }

  {
    g_autofree char *trimmed = g_strstrip (g_strdup (window_text));

    if (!g_ascii_string_to_signed (trimmed, 10, 1, G_MAXINT32, &window, NULL))
      {
        show_error (self,
                    _("Enter the number of the window you sit at, for example 3."),
                    self->window_row);
        return;
      }
  }

  show_error (self, NULL, NULL);
  set_busy (self, TRUE);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  yc_client_login_async (yc_context_get_client (self->context),
                         clerk, pin, window,
                         self->cancellable,
                         on_logged_in_cb,
                         g_object_ref (self));
}

static void
on_entry_activated_cb (YcLoginPage *self,
                       AdwEntryRow *row)
{
  /* Enter on the clerk number moves on to the PIN; anywhere else it logs in. */
  if (row == self->clerk_row &&
      *gtk_editable_get_text (GTK_EDITABLE (self->pin_row)) == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
      return;
    }

  gtk_widget_activate_action (GTK_WIDGET (self), "login.submit", NULL);
}

static void
on_entry_changed_cb (YcLoginPage *self,
                     GtkEditable *editable)
{
  if (self->busy)
    return;

  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  if (yc_context_get_problem (self->context) == NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
prefill (YcLoginPage *self)
{
  GSettings *settings = yc_context_get_settings (self->context);

  if (yc_context_get_demo (self->context))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->clerk_row), DEMO_CLERK);
      gtk_editable_set_text (GTK_EDITABLE (self->pin_row), DEMO_PIN);
      gtk_editable_set_text (GTK_EDITABLE (self->window_row), G_STRINGIFY (YC_CONTEXT_DEMO_WINDOW));
    }
  else if (settings != NULL)
    {
      g_autofree char *clerk = g_settings_get_string (settings, "clerk");
      gint64 window = g_settings_get_int64 (settings, "window");

      gtk_editable_set_text (GTK_EDITABLE (self->clerk_row), clerk);
      if (window > 0)
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, window);

          gtk_editable_set_text (GTK_EDITABLE (self->window_row), text);
        }
    }
}

static void
on_context_ready_changed_cb (YcLoginPage *self,
                             GParamSpec  *pspec,
                             YcContext   *context)
{
  /* A reset throws the server away: a log-in to it would come back with a session the
   * new server does not know. */
  if (!yc_context_get_ready (context) && self->busy)
    {
      g_cancellable_cancel (self->cancellable);
      self->busy = FALSE;
    }

  update_state (self);

  /* A trainer starts the demo to show the queue, not the log-in form; after a reset the
   * form may hold what someone typed meanwhile. */
  if (yc_context_get_demo (context) &&
      yc_context_get_ready (context) &&
      yc_client_get_session (yc_context_get_client (context)) == NULL)
    {
      prefill (self);
      gtk_widget_activate_action (GTK_WIDGET (self), "login.submit", NULL);
    }
}

static void
on_context_problem_changed_cb (YcLoginPage *self,
                               GParamSpec  *pspec,
                               YcContext   *context)
{
  update_state (self);
}

static gboolean
yc_login_page_grab_focus (GtkWidget *widget)
{
  YcLoginPage *self = YC_LOGIN_PAGE (widget);
  AdwEntryRow *rows[] = { self->clerk_row, self->pin_row, self->window_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      if (*gtk_editable_get_text (GTK_EDITABLE (rows[i])) == '\0')
        return gtk_widget_grab_focus (GTK_WIDGET (rows[i]));
    }

  return gtk_widget_grab_focus (GTK_WIDGET (self->login_button));
}

static void
yc_login_page_constructed (GObject *object)
{
  YcLoginPage *self = (YcLoginPage *) object;

  G_OBJECT_CLASS (yc_login_page_parent_class)->constructed (object);

  g_assert (YC_IS_CONTEXT (self->context));

  g_signal_connect_object (self->context,
                           "notify::ready",
                           G_CALLBACK (on_context_ready_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context,
                           "notify::problem",
                           G_CALLBACK (on_context_problem_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  prefill (self);
  update_state (self);
}

/* The PIN row's show-PIN button is for the mouse only: reached by Tab, a clerk's Enter
 * would show the PIN across the counter. It is named for a screen reader all the same. */
static void
hide_peek_from_keys (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child))
        {
          gtk_widget_set_focusable (child, FALSE);
          gtk_widget_set_focus_on_click (child, FALSE);
          gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          /* Translators: the eye button of the PIN field, for a screen reader */
                                          _("Show the PIN"), -1);
        }
      else
        hide_peek_from_keys (child);
    }
}

static void
yc_login_page_dispose (GObject *object)
{
  YcLoginPage *self = (YcLoginPage *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_LOGIN_PAGE);
  /* The template's top box has no id, so dispose_template() leaves it to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (yc_login_page_parent_class)->dispose (object);
}

static void
yc_login_page_finalize (GObject *object)
{
  YcLoginPage *self = (YcLoginPage *) object;

  g_clear_object (&self->context);

  G_OBJECT_CLASS (yc_login_page_parent_class)->finalize (object);
}

static void
yc_login_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  YcLoginPage *self = YC_LOGIN_PAGE (object);

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
yc_login_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  YcLoginPage *self = YC_LOGIN_PAGE (object);

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
yc_login_page_class_init (YcLoginPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = yc_login_page_constructed;
  object_class->dispose = yc_login_page_dispose;
  object_class->finalize = yc_login_page_finalize;
  object_class->get_property = yc_login_page_get_property;
  object_class->set_property = yc_login_page_set_property;

  widget_class->grab_focus = yc_login_page_grab_focus;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         YC_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "loginpage");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/yichuang/Desk/ui/yc-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcLoginPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, YcLoginPage, clerk_row);
  gtk_widget_class_bind_template_child (widget_class, YcLoginPage, pin_row);
  gtk_widget_class_bind_template_child (widget_class, YcLoginPage, window_row);
  gtk_widget_class_bind_template_child (widget_class, YcLoginPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, YcLoginPage, login_button);
  gtk_widget_class_bind_template_child (widget_class, YcLoginPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, YcLoginPage, login_label);
  gtk_widget_class_bind_template_child (widget_class, YcLoginPage, server_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "login.submit", NULL, yc_login_page_submit);
}

static void
yc_login_page_init (YcLoginPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  hide_peek_from_keys (GTK_WIDGET (self->pin_row));
}

void
yc_login_page_set_notice (YcLoginPage *self,
                          const char  *notice)
{
  g_return_if_fail (YC_IS_LOGIN_PAGE (self));

  gtk_label_set_label (self->notice_label, notice ? notice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), notice != NULL);
}

GtkEditable *
yc_login_page_get_clerk_entry (YcLoginPage *self)
{
  g_return_val_if_fail (YC_IS_LOGIN_PAGE (self), NULL);
  return GTK_EDITABLE (self->clerk_row);
}

GtkEditable *
yc_login_page_get_pin_entry (YcLoginPage *self)
{
  g_return_val_if_fail (YC_IS_LOGIN_PAGE (self), NULL);
  return GTK_EDITABLE (self->pin_row);
}

GtkEditable *
yc_login_page_get_window_entry (YcLoginPage *self)
{
  g_return_val_if_fail (YC_IS_LOGIN_PAGE (self), NULL);
  return GTK_EDITABLE (self->window_row);
}

GtkLabel *
yc_login_page_get_error_label (YcLoginPage *self)
{
  g_return_val_if_fail (YC_IS_LOGIN_PAGE (self), NULL);
  return self->error_label;
}

GtkButton *
yc_login_page_get_login_button (YcLoginPage *self)
{
  g_return_val_if_fail (YC_IS_LOGIN_PAGE (self), NULL);
  return self->login_button;
}
