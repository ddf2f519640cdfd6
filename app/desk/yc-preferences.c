/* yc-preferences.c: the preferences window (yc-preferences.h). */
#include "config-desk.h"

#include "yc-preferences.h"

#include "core/yc-task.h"

struct _YcPreferences
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GHashTable           *kind_switches;   /* kind → GtkSwitch */

  /* Template widgets */
  GtkSwitch            *assigned_switch;
  GtkSwitch            *deadline_switch;
  GtkSwitch            *escalated_switch;
  AdwPreferencesGroup  *kinds_group;
  GtkSpinButton        *zoom_spin;
};

G_DEFINE_FINAL_TYPE (YcPreferences, yc_preferences, ADW_TYPE_PREFERENCES_WINDOW)

/* A kind's switch is on unless the kind is in "notify-muted-kinds". */
static void
read_kinds (YcPreferences *self)
{
  g_auto(GStrv) muted = g_settings_get_strv (self->settings, "notify-muted-kinds");

  for (YcTaskKind i = 0; i < YC_N_TASK_KINDS; i++)
    {
      GtkSwitch *button = g_hash_table_lookup (self->kind_switches, yc_task_kind_to_wire (i));
      gboolean active = !g_strv_contains ((const char * const *) muted, yc_task_kind_to_wire (i));

      if (gtk_switch_get_active (button) != active)
        gtk_switch_set_active (button, active);
    }
}

static void
on_kind_switched_cb (GtkSwitch     *button,
                     GParamSpec    *pspec,
                     YcPreferences *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) muted = NULL;
  g_auto(GStrv) before = g_settings_get_strv (self->settings, "notify-muted-kinds");

  for (YcTaskKind i = 0; i < YC_N_TASK_KINDS; i++)
    if (!gtk_switch_get_active (g_hash_table_lookup (self->kind_switches, yc_task_kind_to_wire (i))))
      g_strv_builder_add (builder, yc_task_kind_to_wire (i));
  muted = g_strv_builder_end (builder);
  if (!g_strv_equal ((const char * const *) muted, (const char * const *) before))
    g_settings_set_strv (self->settings, "notify-muted-kinds", (const char * const *) muted);
}

/* The zoom is kept as a factor (1.0), shown in percent (100). */
static gboolean
zoom_to_percent (GValue   *value,
                 GVariant *variant,
                 gpointer  data)
{
  g_value_set_double (value, g_variant_get_double (variant) * 100);
  return TRUE;
}

static GVariant *
percent_to_zoom (const GValue       *value,
                 const GVariantType *type,
                 gpointer            data)
{
  return g_variant_new_double (g_value_get_double (value) / 100);
}

static void
yc_preferences_dispose (GObject *object)
{
  YcPreferences *self = (YcPreferences *) object;

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_PREFERENCES);
  G_OBJECT_CLASS (yc_preferences_parent_class)->dispose (object);
}

static void
yc_preferences_finalize (GObject *object)
{
  YcPreferences *self = (YcPreferences *) object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->kind_switches, g_hash_table_unref);
  G_OBJECT_CLASS (yc_preferences_parent_class)->finalize (object);
}

static void
yc_preferences_class_init (YcPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_preferences_dispose;
  object_class->finalize = yc_preferences_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/yichuang/Desk/ui/yc-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, YcPreferences, assigned_switch);
  gtk_widget_class_bind_template_child (widget_class, YcPreferences, deadline_switch);
  gtk_widget_class_bind_template_child (widget_class, YcPreferences, escalated_switch);
  gtk_widget_class_bind_template_child (widget_class, YcPreferences, kinds_group);
  gtk_widget_class_bind_template_child (widget_class, YcPreferences, zoom_spin);
}

static void
yc_preferences_init (YcPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->kind_switches = g_hash_table_new (g_str_hash, g_str_equal);

  for (YcTaskKind i = 0; i < YC_N_TASK_KINDS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_switch_new ();

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), yc_task_kind_get_name (i));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (self->kinds_group, row);
      g_hash_table_insert (self->kind_switches, (gpointer) yc_task_kind_to_wire (i), button);
    }
}

GtkWidget *
yc_preferences_new (GtkWindow *parent,
                    GSettings *settings)
{
  YcPreferences *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (YC_TYPE_PREFERENCES, "transient-for", parent, NULL);
  self->settings = g_object_ref (settings);
  g_settings_bind (settings, "notify-assigned", self->assigned_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-deadline", self->deadline_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-escalated", self->escalated_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "text-zoom", gtk_spin_button_get_adjustment (self->zoom_spin), "value",
                                G_SETTINGS_BIND_DEFAULT, zoom_to_percent, percent_to_zoom, NULL, NULL);
  read_kinds (self);
  for (YcTaskKind i = 0; i < YC_N_TASK_KINDS; i++)
    g_signal_connect_object (g_hash_table_lookup (self->kind_switches, yc_task_kind_to_wire (i)), "notify::active",
                             G_CALLBACK (on_kind_switched_cb), self, 0);
  g_signal_connect_object (settings, "changed::notify-muted-kinds", G_CALLBACK (read_kinds), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

GtkSwitch *
yc_preferences_get_kind_switch (YcPreferences *self,
                                const char    *kind)
{
  g_return_val_if_fail (YC_IS_PREFERENCES (self), NULL);
  return g_hash_table_lookup (self->kind_switches, kind);
}
