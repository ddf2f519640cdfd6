/* yc-scenario-chooser.c: the training scenarios to choose from (yc-scenario-chooser.h). */
#include "config-desk.h"

#include "yc-scenario-chooser.h"

#include "core/yc-scenario.h"

#include "yc-context.h"
#include "yc-display.h"

#define SHIPPED "/cn/yichuang/Demo/scenarios/"

struct _YcScenarioChooser
{
  AdwWindow   parent_instance;

  char       *current;
  GtkListBox *list;
  GtkLabel   *folder_label;
};

G_DEFINE_FINAL_TYPE (YcScenarioChooser, yc_scenario_chooser, ADW_TYPE_WINDOW)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
add_row (YcScenarioChooser *self,
         YcScenario        *scenario,
         const char        *name)
{
  GtkWidget *row = adw_action_row_new ();
  const char *title = yc_scenario_text (yc_scenario_get_title (scenario));
  const char *brief = yc_scenario_text (yc_scenario_get_brief (scenario));
  /* A scenario's texts with none in the desk's language fall back on Simplified. */
  g_autofree char *shown_title = yc_display_text (title != NULL ? title : yc_scenario_get_id (scenario));
  g_autofree char *shown_brief = brief != NULL ? yc_display_text (brief) : NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), shown_title);
  if (shown_brief != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown_brief);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (g_strcmp0 (name, self->current) == 0)
    {
      /* Translators: beside the scenario the demo plays now */
      GtkWidget *playing = gtk_label_new (_("Playing"));

      gtk_widget_add_css_class (playing, "accent");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), playing);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "scenario", g_strdup (name), g_free);
  gtk_list_box_append (self->list, row);
}

static void
add_shipped (YcScenarioChooser *self)
{
  g_auto(GStrv) names = g_resources_enumerate_children (SHIPPED, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (SHIPPED, names[i], NULL);
      g_autoptr(GBytes) bytes = g_str_has_suffix (names[i], ".json")
                                  ? g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL) : NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(YcScenario) scenario = NULL;
      gsize length = 0;
      const char *data;

      if (bytes == NULL)
        continue;
      data = g_bytes_get_data (bytes, &length);
      if ((scenario = yc_scenario_new_from_data (data, length, &error)) == NULL)
        g_warning ("The shipped scenario %s cannot be read: %s", names[i], error->message);
      else
        add_row (self, scenario, yc_scenario_get_id (scenario));
    }
}

/* A trainer's scenario is played from its file: a broken one is left out (said in the
 * log, where the trainer who wrote it looks). */
static void
add_trainers (YcScenarioChooser *self)
{
  g_autofree char *folder = yc_context_dup_trainer_folder ();
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (files, g_strdup (name));
  g_ptr_array_sort (files, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, g_ptr_array_index (files, i), NULL);
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(YcScenario) scenario = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &data, &length, &error) ||
          (scenario = yc_scenario_new_from_data (data, length, &error)) == NULL)
        g_message ("The scenario %s is left out: %s", path, error->message);
      else
        add_row (self, scenario, path);
    }

  {
    /* Translators: under the list of scenarios; %s is a folder */
    g_autofree char *text = g_strdup_printf (_("A trainer’s own scenarios are read from %s."), folder);
    gtk_label_set_label (self->folder_label, text);
  }
}

static void
on_row_activated_cb (YcScenarioChooser *self,
                     GtkListBoxRow     *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "scenario");

  if (name == NULL)
    return;
  g_signal_emit (self, signals[CHOSEN], 0, name);
  gtk_window_close (GTK_WINDOW (self));
}

/* GObject */

static void
yc_scenario_chooser_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), YC_TYPE_SCENARIO_CHOOSER);
  G_OBJECT_CLASS (yc_scenario_chooser_parent_class)->dispose (object);
}

static void
yc_scenario_chooser_finalize (GObject *object)
{
  YcScenarioChooser *self = (YcScenarioChooser *) object;

  g_free (self->current);
  G_OBJECT_CLASS (yc_scenario_chooser_parent_class)->finalize (object);
}

static void
yc_scenario_chooser_class_init (YcScenarioChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_scenario_chooser_dispose;
  object_class->finalize = yc_scenario_chooser_finalize;

  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/yichuang/Desk/ui/yc-scenario-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, YcScenarioChooser, list);
  gtk_widget_class_bind_template_child (widget_class, YcScenarioChooser, folder_label);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
yc_scenario_chooser_init (YcScenarioChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
yc_scenario_chooser_new (GtkWindow  *parent,
                         const char *current)
{
  YcScenarioChooser *self = g_object_new (YC_TYPE_SCENARIO_CHOOSER, "transient-for", parent, NULL);

  self->current = g_strdup (current);
  add_shipped (self);
  add_trainers (self);
  if (gtk_widget_get_first_child (GTK_WIDGET (self->list)) == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No scenario was found."));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->list, row);
    }
  return GTK_WIDGET (self);
}

GtkListBox *
yc_scenario_chooser_get_list (YcScenarioChooser *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO_CHOOSER (self), NULL);
  return self->list;
}
