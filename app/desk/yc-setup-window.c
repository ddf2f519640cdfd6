/* yc-setup-window.c: a desk started with no server configured (a fresh install) asks for
 * the centre's address, which it keeps, or offers the demo, instead of trying an address
 * that is nobody's. An address the hall's IT office manages (a locked setting) is not
 * asked of the clerk. */
#include "config-desk.h"

#include "net/yc-client.h"

#include "yc-setup-window.h"

struct _YcSetupWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  AdwStatusPage        *status_page;
  GtkWidget            *address_box;
  AdwEntryRow          *address_row;
  GtkLabel             *message_label;
  GtkButton            *connect_button;
  GtkButton            *demo_button;
};

G_DEFINE_FINAL_TYPE (YcSetupWindow, yc_setup_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

enum {
  SIGNAL_CHOSEN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
address_is_locked (YcSetupWindow *self)
{
  return self->settings != NULL && !g_settings_is_writable (self->settings, "server-url");
}

static void
show_hint (YcSetupWindow *self)
{
  /* Translators: an example of an address; keep it as it is */
  gtk_label_set_label (self->message_label, _("For example http://192.168.1.10:8470"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
}

static void
on_address_changed_cb (YcSetupWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_row));

  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), *text != '\0' && !address_is_locked (self));
  show_hint (self);
}

static void
connect_to_address (YcSetupWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  g_autofree char *url = NULL;

  if (address_is_locked (self) || *text == '\0')
    return;
  if (!(url = yc_client_normalize_url (text)))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a server address. "
                                                    "Give one like http://192.168.1.10:8470"), text);

      gtk_label_set_label (self->message_label, message);
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
      return;
    }
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "server-url", url);
  g_signal_emit (self, signals[SIGNAL_CHOSEN], 0, url);
}

static void
on_address_activated_cb (YcSetupWindow *self)
{
  connect_to_address (self);
}

static void
on_connect_clicked_cb (YcSetupWindow *self)
{
  connect_to_address (self);
}

static void
on_demo_clicked_cb (YcSetupWindow *self)
{
  g_signal_emit (self, signals[SIGNAL_CHOSEN], 0, NULL);
}

static void
yc_setup_window_constructed (GObject *object)
{
  YcSetupWindow *self = YC_SETUP_WINDOW (object);
  gboolean locked = address_is_locked (self);

  G_OBJECT_CLASS (yc_setup_window_parent_class)->constructed (object);

  /* Nothing to type where the IT office decides: the demo only. */
  if (locked)
    adw_status_page_set_description (self->status_page,
                                     _("The hall’s IT office sets the server address for this computer, and has not "
                                       "set it yet. Ask them to, or try the demo meanwhile."));
  gtk_widget_set_visible (self->address_box, !locked);
  gtk_widget_set_visible (GTK_WIDGET (self->connect_button), !locked);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), FALSE);
  show_hint (self);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->connect_button));
  gtk_widget_grab_focus (locked ? GTK_WIDGET (self->demo_button) : GTK_WIDGET (self->address_row));
}

static void
yc_setup_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  YcSetupWindow *self = YC_SETUP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_setup_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  YcSetupWindow *self = YC_SETUP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_setup_window_dispose (GObject *object)
{
  YcSetupWindow *self = YC_SETUP_WINDOW (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (yc_setup_window_parent_class)->dispose (object);
}

static void
yc_setup_window_class_init (YcSetupWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = yc_setup_window_constructed;
  object_class->set_property = yc_setup_window_set_property;
  object_class->get_property = yc_setup_window_get_property;
  object_class->dispose = yc_setup_window_dispose;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcSetupWindow::chosen:
   * @url: (nullable): the server's address, or %NULL for the demo
   */
  signals[SIGNAL_CHOSEN] =
    g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/yichuang/Desk/ui/yc-setup-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YcSetupWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, YcSetupWindow, address_box);
  gtk_widget_class_bind_template_child (widget_class, YcSetupWindow, address_row);
  gtk_widget_class_bind_template_child (widget_class, YcSetupWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, YcSetupWindow, connect_button);
  gtk_widget_class_bind_template_child (widget_class, YcSetupWindow, demo_button);
  gtk_widget_class_bind_template_callback (widget_class, on_address_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_address_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_demo_clicked_cb);
}

static void
yc_setup_window_init (YcSetupWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

YcSetupWindow *
yc_setup_window_new (GtkApplication *application,
                     GSettings      *settings)
{
  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  return g_object_new (YC_TYPE_SETUP_WINDOW, "application", application, "settings", settings, NULL);
}
