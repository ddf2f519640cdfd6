/* yc-training-actions.c: the window's Training menu and its training.* actions
 * (yc-training-actions.h). */
#include "config-desk.h"

#include "yc-training-actions.h"

#include "yc-desk-actions.h"
#include "yc-scenario-chooser.h"
#include "yc-training-summary.h"

typedef struct
{
  GtkWidget          *window;   /* not a reference: the window owns this */
  YcContext          *context;
  YcTraining         *training;
  GMenu              *menu;
  GMenuModel         *section;  /* the Training submenu's section, while it is in menu */
  GSimpleActionGroup *group;
  GtkWidget          *summary;  /* the summary shown, or NULL */
  GCancellable       *cancellable;
} Training;

static void
training_free (gpointer data)
{
  Training *self = data;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_signal_handlers_disconnect_by_data (self->training, self);
  g_signal_handlers_disconnect_by_data (yc_context_get_client (self->context), self);
  g_signal_handlers_disconnect_by_data (self->context, self);
  if (self->summary != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->summary), (gpointer *) &self->summary);
  g_clear_object (&self->section);
  g_clear_object (&self->menu);
  g_clear_object (&self->group);
  g_clear_object (&self->training);
  g_clear_object (&self->context);
  g_free (self);
}

static GMenuModel *
new_section (void)
{
  static const double paces[] = YC_TRAINING_PACES;
  g_autoptr(GMenu) section = g_menu_new ();
  g_autoptr(GMenu) training = g_menu_new ();
  g_autoptr(GMenu) controls = g_menu_new ();
  g_autoptr(GMenu) pace = g_menu_new ();
  g_autoptr(GMenu) ends = g_menu_new ();
  g_autoptr(GMenuItem) choose = g_menu_item_new (_("_Choose Scenario…"), "training.choose");

  g_menu_item_set_attribute (choose, "hidden-when", "s", "action-disabled");
  g_menu_append_item (controls, choose);
  g_menu_append (controls, _("_Pause"), "training.pause");
  for (guint i = 0; i < G_N_ELEMENTS (paces); i++)
    {
      /* Translators: a pace of the training scenario: ×2 is twice as fast */
      g_autofree char *label = g_strdup_printf (_("×%g"), paces[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "training.pace", g_variant_new_double (paces[i]));
      g_menu_append_item (pace, item);
    }
  /* Translators: the submenu of the training scenario's speed */
  g_menu_append_submenu (controls, _("P_ace"), G_MENU_MODEL (pace));
  {
    g_autoptr(GMenuItem) restart = g_menu_item_new (_("_Restart Scenario…"), "training.restart");

    g_menu_item_set_attribute (restart, "hidden-when", "s", "action-disabled");
    g_menu_append_item (ends, restart);
  }
  g_menu_append (ends, _("_Summary…"), "training.summary");
  g_menu_append_section (training, NULL, G_MENU_MODEL (controls));
  g_menu_append_section (training, NULL, G_MENU_MODEL (ends));
  /* Translators: the main menu's submenu of a training desk */
  g_menu_append_submenu (section, _("_Training"), G_MENU_MODEL (training));
  return G_MENU_MODEL (g_steal_pointer (&section));
}

static void
enable (Training   *self,
        const char *name,
        gboolean    enabled)
{
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->group), name)),
                               enabled);
}

static void
update (Training *self)
{
  const YcSession *session = yc_client_get_session (yc_context_get_client (self->context));
  gboolean demo = yc_context_get_demo (self->context);
  gboolean playing = yc_training_get_playing (self->training);
  gboolean control = playing && yc_training_get_control (self->training) && !yc_training_get_ended (self->training);
  gboolean shown = demo || (session != NULL && session->training) || playing;
  GAction *pause = g_action_map_lookup_action (G_ACTION_MAP (self->group), "pause");
  GAction *pace = g_action_map_lookup_action (G_ACTION_MAP (self->group), "pace");

  /* Only a demo desk's own server can be given another scenario or restarted. */
  enable (self, "choose", demo && yc_context_get_ready (self->context));
  enable (self, "restart", demo && yc_context_get_ready (self->context) && yc_context_get_scenario (self->context) != NULL);
  enable (self, "pause", control);
  enable (self, "pace", control);
  enable (self, "summary", playing);
  g_simple_action_set_state (G_SIMPLE_ACTION (pause), g_variant_new_boolean (yc_training_get_paused (self->training)));
  g_simple_action_set_state (G_SIMPLE_ACTION (pace), g_variant_new_double (yc_training_get_pace (self->training)));

  if (shown && self->section == NULL)
    {
      self->section = new_section ();
      /* Before the section of Keyboard Shortcuts, About and Quit. */
      g_menu_insert_section (self->menu, MAX (g_menu_model_get_n_items (G_MENU_MODEL (self->menu)) - 1, 0), NULL,
                             self->section);
    }
  else if (!shown && self->section != NULL)
    {
      for (int i = 0; i < g_menu_model_get_n_items (G_MENU_MODEL (self->menu)); i++)
        {
          g_autoptr(GMenuModel) link = g_menu_model_get_item_link (G_MENU_MODEL (self->menu), i, G_MENU_LINK_SECTION);

          if (link == self->section)
            {
              g_menu_remove (self->menu, i);
              break;
            }
        }
      g_clear_object (&self->section);
    }
}

static void
show_summary (Training *self)
{
  if (self->summary == NULL)
    {
      self->summary = yc_training_summary_new (GTK_WINDOW (self->window), self->context, self->training);
      g_object_add_weak_pointer (G_OBJECT (self->summary), (gpointer *) &self->summary);
    }
  gtk_window_present (GTK_WINDOW (self->summary));
}

static void
on_ended_cb (YcTraining *training,
             Training   *self)
{
  /* Once, when the scenario ends: what the trainee did is the lesson. */
  show_summary (self);
}

static void
on_error_cb (YcTraining   *training,
             const GError *error,
             Training     *self)
{
  yc_desk_toast_error (self->window, error, _("The scenario could not be changed."));
}

static void
on_reset_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Training *self = user_data;
  g_autoptr(GError) error = NULL;

  /* A failure shows on the log-in page, where the reset leaves the clerk. */
  if (!yc_context_reset_demo_finish (YC_CONTEXT (object), result, &error))
    return;
  yc_desk_toast (self->window, _("The demo starts again with the scenario."));
}

static void
restart_with (Training   *self,
              const char *name)
{
  if (!yc_context_get_demo (self->context) || !yc_context_get_ready (self->context))
    return;
  if (self->summary != NULL)
    gtk_window_destroy (GTK_WINDOW (self->summary));
  yc_context_set_scenario (self->context, name);
  yc_context_reset_demo_async (self->context, self->cancellable, on_reset_cb, self);
}

static void
on_chosen_cb (YcScenarioChooser *chooser,
              const char        *name,
              Training          *self)
{
  restart_with (self, name);
}

static void
choose_activated (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       data)
{
  Training *self = data;
  GtkWidget *chooser = yc_scenario_chooser_new (GTK_WINDOW (self->window), yc_context_get_scenario (self->context));

  g_signal_connect (chooser, "chosen", G_CALLBACK (on_chosen_cb), self);
  gtk_window_present (GTK_WINDOW (chooser));
}

static void
pause_changed (GSimpleAction *action,
               GVariant      *state,
               gpointer       data)
{
  Training *self = data;

  /* The state follows the server's answer (update ()), not the click. */
  yc_training_set_paused (self->training, g_variant_get_boolean (state));
}

static void
pace_changed (GSimpleAction *action,
              GVariant      *state,
              gpointer       data)
{
  Training *self = data;

  yc_training_set_pace (self->training, g_variant_get_double (state));
}

static void
on_restart_confirmed_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         Training         *self)
{
  if (g_strcmp0 (response, "restart") == 0)
    {
      g_autofree char *name = g_strdup (yc_context_get_scenario (self->context));

      restart_with (self, name);
    }
}

static void
restart_activated (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       data)
{
  Training *self = data;
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self->window),
                                   _("Restart the Scenario?"),
                                   _("The demo starts again from the scenario’s beginning: its tickets, visits "
                                     "and the goals reached so far are deleted."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restart", _("_Restart"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restart", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_restart_confirmed_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
summary_activated (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       data)
{
  show_summary (data);
}

void
yc_training_actions_attach (GtkWidget *window,
                            YcContext *context,
                            GMenu     *menu)
{
  const GActionEntry entries[] = {
    { .name = "choose", .activate = choose_activated },
    { .name = "pause", .state = "false", .change_state = pause_changed },
    { .name = "pace", .parameter_type = "d", .state = "1.0", .change_state = pace_changed },
    { .name = "restart", .activate = restart_activated },
    { .name = "summary", .activate = summary_activated },
  };
  Training *self;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (YC_IS_CONTEXT (context));
  g_return_if_fail (G_IS_MENU (menu));

  self = g_new0 (Training, 1);
  self->window = window;
  self->context = g_object_ref (context);
  self->training = g_object_ref (yc_context_get_training (context));
  self->menu = g_object_ref (menu);
  self->cancellable = g_cancellable_new ();
  self->group = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->group), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (window, "training", G_ACTION_GROUP (self->group));
  g_object_set_data_full (G_OBJECT (window), "yc-training-actions", self, training_free);

  /* Pause: a key of its own, which no other action of the desk uses. */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Pause, 0),
                                                            gtk_named_action_new ("training.pause")));
    gtk_widget_add_controller (window, shortcuts);
  }

  g_signal_connect_swapped (self->training, "notify", G_CALLBACK (update), self);
  g_signal_connect (self->training, "ended", G_CALLBACK (on_ended_cb), self);
  g_signal_connect (self->training, "error", G_CALLBACK (on_error_cb), self);
  g_signal_connect_swapped (yc_context_get_client (context), "notify::session", G_CALLBACK (update), self);
  g_signal_connect_swapped (context, "notify::ready", G_CALLBACK (update), self);
  update (self);
}

gboolean
yc_training_actions_shown (GMenu *menu)
{
  g_return_val_if_fail (G_IS_MENU (menu), FALSE);

  for (int i = 0; i < g_menu_model_get_n_items (G_MENU_MODEL (menu)); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (G_MENU_MODEL (menu), i, G_MENU_LINK_SECTION);

      for (int j = 0; section != NULL && j < g_menu_model_get_n_items (section); j++)
        {
          g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (section, j, G_MENU_LINK_SUBMENU);

          for (int k = 0; submenu != NULL && k < g_menu_model_get_n_items (submenu); k++)
            {
              g_autoptr(GMenuModel) inner = g_menu_model_get_item_link (submenu, k, G_MENU_LINK_SECTION);

              for (int l = 0; inner != NULL && l < g_menu_model_get_n_items (inner); l++)
                {
                  g_autoptr(GVariant) name = g_menu_model_get_item_attribute_value (inner, l, G_MENU_ATTRIBUTE_ACTION,
                                                                                    G_VARIANT_TYPE_STRING);

                  if (name != NULL && g_str_equal (g_variant_get_string (name, NULL), "training.summary"))
                    return TRUE;
                }
            }
        }
    }
  return FALSE;
}
