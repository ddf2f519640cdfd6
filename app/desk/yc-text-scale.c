/* yc-text-scale.c: the desk's text size (yc-text-scale.h). */
#include "config-desk.h"

#include "yc-text-scale.h"


#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#define DEFAULT_DPI (96 * 1024)

struct _YcTextScale
{
  GObject      parent_instance;

  GtkSettings *gtk_settings;
  GSettings   *interface;       /* org.gnome.desktop.interface, when installed and ours to apply */
  GSettings   *settings;        /* the desk's, for "text-zoom"; or NULL */
  int          base_dpi;        /* gtk-xft-dpi as the display gave it */
  double       zoom;
};

G_DEFINE_FINAL_TYPE (YcTextScale, yc_text_scale, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GTK follows text-scaling-factor on Wayland (GDK reads it) and on X11 through the DPI a
 * settings daemon announces (XSETTINGS, which GNOME's computes with the factor). On X11
 * with no daemon, as on a hall's plain X session, nobody does: the desk must. */
static gboolean
factor_is_ours (GdkDisplay *display)
{
#ifdef GDK_WINDOWING_X11
  if (GDK_IS_X11_DISPLAY (display))
    {
      Display *xdisplay = gdk_x11_display_get_xdisplay (display);
      g_autofree char *name = g_strdup_printf ("_XSETTINGS_S%d", DefaultScreen (xdisplay));

      return XGetSelectionOwner (xdisplay, XInternAtom (xdisplay, name, False)) == None;
    }
#endif
  return FALSE;
}

static void
apply (YcTextScale *self)
{
  int dpi = (int) (self->base_dpi * yc_text_scale_get_scale (self) + 0.5);
  int now = 0;

  g_object_get (self->gtk_settings, "gtk-xft-dpi", &now, NULL);
  if (now != dpi)
    g_object_set (self->gtk_settings, "gtk-xft-dpi", dpi, NULL);
}

static void
on_factor_changed_cb (YcTextScale *self)
{
  apply (self);
}

static void
on_zoom_setting_changed_cb (YcTextScale *self)
{
  yc_text_scale_set_zoom (self, g_settings_get_double (self->settings, "text-zoom"));
}

static void
yc_text_scale_dispose (GObject *object)
{
  YcTextScale *self = (YcTextScale *) object;

  g_clear_object (&self->interface);
  g_clear_object (&self->settings);
  g_clear_object (&self->gtk_settings);
  G_OBJECT_CLASS (yc_text_scale_parent_class)->dispose (object);
}

static void
yc_text_scale_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  YcTextScale *self = YC_TEXT_SCALE (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_text_scale_class_init (YcTextScaleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_text_scale_dispose;
  object_class->get_property = yc_text_scale_get_property;

  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL,
                         YC_TEXT_ZOOM_MIN, YC_TEXT_ZOOM_MAX, 1.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_text_scale_init (YcTextScale *self)
{
  GdkDisplay *display = gdk_display_get_default ();
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  self->zoom = 1.0;
  self->gtk_settings = g_object_ref (gtk_settings_get_for_display (display));
  g_object_get (self->gtk_settings, "gtk-xft-dpi", &self->base_dpi, NULL);
  if (self->base_dpi <= 0)
    self->base_dpi = DEFAULT_DPI;

  if (source != NULL && factor_is_ours (display) &&
      (schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE)) != NULL &&
      g_settings_schema_has_key (schema, "text-scaling-factor"))
    {
      self->interface = g_settings_new_full (schema, NULL, NULL);
      g_signal_connect_object (self->interface, "changed::text-scaling-factor",
                               G_CALLBACK (on_factor_changed_cb), self, G_CONNECT_SWAPPED);
    }
}

YcTextScale *
yc_text_scale_get_default (void)
{
  static YcTextScale *scale;

  if (scale == NULL)
    {
      /* For the life of the process, as the display's GtkSettings it drives. */
      scale = g_object_new (YC_TYPE_TEXT_SCALE, NULL);
      apply (scale);
    }
  return scale;
}

void
yc_text_scale_set_settings (YcTextScale *self,
                            GSettings   *settings)
{
  g_return_if_fail (YC_IS_TEXT_SCALE (self));
  g_return_if_fail (!settings || G_IS_SETTINGS (settings));

  if (self->settings == settings)
    return;
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_set_object (&self->settings, settings);
  if (settings == NULL)
    return;
  g_signal_connect_object (settings, "changed::text-zoom",
                           G_CALLBACK (on_zoom_setting_changed_cb), self, G_CONNECT_SWAPPED);
  on_zoom_setting_changed_cb (self);
}

double
yc_text_scale_get_zoom (YcTextScale *self)
{
  g_return_val_if_fail (YC_IS_TEXT_SCALE (self), 1.0);
  return self->zoom;
}

void
yc_text_scale_set_zoom (YcTextScale *self,
                        double       zoom)
{
  g_return_if_fail (YC_IS_TEXT_SCALE (self));

  /* Steps of a tenth, so that eight presses up and eight down come back to 1.0 exactly. */
  zoom = CLAMP ((int) (zoom * 10 + 0.5) / 10.0, YC_TEXT_ZOOM_MIN, YC_TEXT_ZOOM_MAX);
  if (self->settings != NULL && g_settings_get_double (self->settings, "text-zoom") != zoom)
    g_settings_set_double (self->settings, "text-zoom", zoom);
  if (self->zoom == zoom)
    return;
  self->zoom = zoom;
  apply (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

double
yc_text_scale_get_system_factor (YcTextScale *self)
{
  g_return_val_if_fail (YC_IS_TEXT_SCALE (self), 1.0);
  return self->interface != NULL ? g_settings_get_double (self->interface, "text-scaling-factor") : 1.0;
}

double
yc_text_scale_get_scale (YcTextScale *self)
{
  g_return_val_if_fail (YC_IS_TEXT_SCALE (self), 1.0);
  return yc_text_scale_get_system_factor (self) * self->zoom;
}
