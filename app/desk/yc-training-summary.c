/* yc-training-summary.c: how a training went (yc-training-summary.h). */
#include "config-desk.h"

#include "yc-training-summary.h"


#include "yc-a11y.h"
#include "yc-desk-actions.h"
#include "yc-display.h"

struct _YcTrainingSummary
{
  AdwWindow    parent_instance;

  YcContext   *context;
  YcTraining  *training;

  GtkWidget     *window_box;
  GtkDropDown   *window_drop_down;
  GtkStringList *window_names;
  GArray        *windows;       /* gint64: the trainees' windows the drop-down lists */
  gboolean       syncing;       /* the drop-down is being set to the report, not chosen */

  GtkLabel    *title_label;
  GtkLabel    *brief_label;
  GtkLabel    *clock_label;
  GtkLabel    *counts_label;
  GtkListBox  *goals_list;
  GtkWidget   *export_button;
};

G_DEFINE_FINAL_TYPE (YcTrainingSummary, yc_training_summary, ADW_TYPE_WINDOW)

/* The style of a goal's state: green done, amber late, red wrong or missed. */
static const char *
state_class (YcGoalState state)
{
  switch (state)
    {
    case YC_GOAL_DONE:
      return "success";
    case YC_GOAL_LATE:
      return "warning";
    case YC_GOAL_WRONG:
    case YC_GOAL_MISSED:
      return "error";
    case YC_GOAL_PENDING:
    default:
      return "dim-label";
    }
}

/* A trainee's window as a trainer names it: 1号窗口. */
static char *
window_name (gint64 window)
{
  /* Translators: a trainee's window in the training summary's Window list and on its
   * paper, e.g. 1号窗口 */
  return g_strdup_printf (_("Window %d"), (int) window);
}

/* Who runs a class (the trainer at their window, a duty manager) chooses whose summary to
 * read; a trainee reads their own (in the desk's own demo, the only one). */
static gboolean
may_choose_window (YcTrainingSummary *self,
                   YcTrainingReport  *report)
{
  return report != NULL && report->control && report->windows != NULL && report->windows->len > 1;
}

/* The drop-down lists the report's windows and shows the one its goals are of. */
static void
update_windows (YcTrainingSummary *self,
                YcTrainingReport  *report)
{
  gboolean shown = may_choose_window (self, report);
  guint selected = GTK_INVALID_LIST_POSITION;

  gtk_widget_set_visible (self->window_box, shown);
  if (!shown)
    return;

  self->syncing = TRUE;
  if (self->windows->len != report->windows->len ||
      memcmp (self->windows->data, report->windows->data, report->windows->len * sizeof (gint64)) != 0)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      g_array_set_size (self->windows, 0);
      g_array_append_vals (self->windows, report->windows->data, report->windows->len);
      for (guint i = 0; i < report->windows->len; i++)
        g_ptr_array_add (names, window_name (g_array_index (report->windows, gint64, i)));
      g_ptr_array_add (names, NULL);
      gtk_string_list_splice (self->window_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->window_names)),
                              (const char * const *) names->pdata);
    }
  for (guint i = 0; i < self->windows->len; i++)
    if (g_array_index (self->windows, gint64, i) == report->window)
      selected = i;
  gtk_drop_down_set_selected (self->window_drop_down, selected);
  self->syncing = FALSE;
}

static void
on_window_chosen_cb (YcTrainingSummary *self)
{
  guint selected = gtk_drop_down_get_selected (self->window_drop_down);

  if (self->syncing || self->training == NULL || selected >= self->windows->len)
    return;
  yc_training_set_window (self->training, g_array_index (self->windows, gint64, selected));
}

static GtkWidget *
goal_row (const YcTrainingGoal *goal)
{
  g_autofree char *line = yc_training_goal_describe (goal, NULL);
  g_autofree char *subtitle = NULL;
  const char *expect = yc_scenario_text (goal->expect);
  /* A scenario's text with none in the desk's language falls back on Simplified. */
  g_autofree char *shown_expect = yc_display_text (expect != NULL ? expect : goal->id);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *state = gtk_label_new (yc_goal_state_get_name (goal->state, NULL));

  if (goal->ticket != NULL)
    /* Translators: under a goal of the training summary: how it went, and the citizen's
     * ticket number, e.g. 12:40 完成 · 号码 A012 */
    subtitle = g_strdup_printf (_("%s · ticket %s"), line, goal->ticket);
  else
    subtitle = g_strdup (line);

  /* The row's texts are markup in libadwaita 1.2: a trainer's words are text. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), shown_expect);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (state, "heading");
  gtk_widget_add_css_class (state, state_class (goal->state));
  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
  return row;
}

static void
update (YcTrainingSummary *self)
{
  YcTrainingReport *report = yc_training_get_report (self->training);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->goals_list))) != NULL)
    gtk_list_box_remove (self->goals_list, child);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.export", report != NULL);
  update_windows (self, report);
  if (report == NULL)
    {
      gtk_label_set_label (self->title_label, _("No Scenario Plays"));
      gtk_label_set_label (self->brief_label, "");
      gtk_label_set_label (self->clock_label, "");
      gtk_label_set_label (self->counts_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->goals_list), FALSE);
      return;
    }

  {
    const char *title = yc_scenario_text (report->title);
    const char *brief = yc_scenario_text (report->brief);
    g_autofree char *clock = yc_training_format_clock (report->clock);
    g_autofree char *length = yc_training_format_clock (report->length);
    g_autofree char *played = NULL;
    g_autofree char *counts = yc_training_format_counts (report);

    if (report->ended)
      /* Translators: the training summary once the scenario ended; %s its length, 15:00 */
      played = g_strdup_printf (_("Ended · %s"), length);
    else if (report->paused)
      /* Translators: the training summary of a paused scenario: 12:40 / 15:00 */
      played = g_strdup_printf (_("Paused at %s of %s"), clock, length);
    else
      /* Translators: the training summary while the scenario plays: 12:40 / 15:00 */
      played = g_strdup_printf (_("Playing · %s of %s"), clock, length);

    /* A scenario's texts with none in the desk's language fall back on Simplified. */
    yc_display_set_label (self->title_label, title != NULL ? title : report->scenario);
    yc_display_set_label (self->brief_label, brief);
    gtk_widget_set_visible (GTK_WIDGET (self->brief_label), brief != NULL && *brief != '\0');
    gtk_label_set_label (self->clock_label, played);
    gtk_label_set_label (self->counts_label, counts);
  }

  for (guint i = 0; report->goals != NULL && i < report->goals->len; i++)
    gtk_list_box_append (self->goals_list, goal_row (g_ptr_array_index (report->goals, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->goals_list), report->goals != NULL && report->goals->len > 0);
}

static void
export_pdf (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  YcTrainingSummary *self = YC_TRAINING_SUMMARY (widget);
  g_autoptr(YcDocument) doc = yc_training_summary_new_document (self);

  if (doc != NULL)
    yc_desk_save_pdf (widget, doc);
}

/* GObject */

static void
yc_training_summary_dispose (GObject *object)
{
  YcTrainingSummary *self = (YcTrainingSummary *) object;

  if (self->training != NULL)
    g_signal_handlers_disconnect_by_data (self->training, self);
  g_clear_object (&self->training);
  g_clear_object (&self->context);
  g_clear_pointer (&self->windows, g_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_TRAINING_SUMMARY);

  G_OBJECT_CLASS (yc_training_summary_parent_class)->dispose (object);
}

static void
yc_training_summary_class_init (YcTrainingSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_training_summary_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/yichuang/Desk/ui/yc-training-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, YcTrainingSummary, window_box);
  gtk_widget_class_bind_template_child (widget_class, YcTrainingSummary, window_drop_down);
  gtk_widget_class_bind_template_child (widget_class, YcTrainingSummary, window_names);
  gtk_widget_class_bind_template_child (widget_class, YcTrainingSummary, title_label);
  gtk_widget_class_bind_template_child (widget_class, YcTrainingSummary, brief_label);
  gtk_widget_class_bind_template_child (widget_class, YcTrainingSummary, clock_label);
  gtk_widget_class_bind_template_child (widget_class, YcTrainingSummary, counts_label);
  gtk_widget_class_bind_template_child (widget_class, YcTrainingSummary, goals_list);
  gtk_widget_class_bind_template_child (widget_class, YcTrainingSummary, export_button);

  gtk_widget_class_install_action (widget_class, "summary.export", NULL, export_pdf);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
yc_training_summary_init (YcTrainingSummary *self)
{
  self->windows = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));
  yc_a11y_name_drop_down (self->window_drop_down, NULL);
  g_signal_connect_object (self->window_drop_down, "notify::selected", G_CALLBACK (on_window_chosen_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
yc_training_summary_new (GtkWindow  *parent,
                         YcContext  *context,
                         YcTraining *training)
{
  YcTrainingSummary *self;

  g_return_val_if_fail (YC_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (YC_IS_TRAINING (training), NULL);

  self = g_object_new (YC_TYPE_TRAINING_SUMMARY,
                       "transient-for", parent,
                       NULL);
  self->context = g_object_ref (context);
  self->training = g_object_ref (training);
  g_signal_connect_swapped (training, "notify::report", G_CALLBACK (update), self);
  update (self);
  return GTK_WIDGET (self);
}

YcDocument *
yc_training_summary_new_document (YcTrainingSummary *self)
{
  YcTrainingReport *report;
  YcNoticeInfo info;
  g_autofree char *window = NULL;

  g_return_val_if_fail (YC_IS_TRAINING_SUMMARY (self), NULL);

  if ((report = yc_training_get_report (self->training)) == NULL)
    return NULL;
  yc_notice_info_init (&info, self->context, NULL);
  /* A duty manager prints a trainee's window: the paper names that window, and no
   * trainee (the report does not say who sat there; the duty manager did not). */
  if (may_choose_window (self, report))
    {
      /* window_name ()'s words, in the paper's language. */
      info.window = window = g_strdup_printf (yc_paper_gettext (info.language, NULL, "Window %d"),
                                              (int) report->window);
      info.clerk = NULL;
    }
  return yc_document_new_training_summary (report, &info);
}

GtkLabel *
yc_training_summary_get_title_label (YcTrainingSummary *self)
{
  g_return_val_if_fail (YC_IS_TRAINING_SUMMARY (self), NULL);
  return self->title_label;
}

GtkLabel *
yc_training_summary_get_counts_label (YcTrainingSummary *self)
{
  g_return_val_if_fail (YC_IS_TRAINING_SUMMARY (self), NULL);
  return self->counts_label;
}

GtkDropDown *
yc_training_summary_get_window_drop_down (YcTrainingSummary *self)
{
  g_return_val_if_fail (YC_IS_TRAINING_SUMMARY (self), NULL);
  return self->window_drop_down;
}

GtkListBox *
yc_training_summary_get_goals_list (YcTrainingSummary *self)
{
  g_return_val_if_fail (YC_IS_TRAINING_SUMMARY (self), NULL);
  return self->goals_list;
}
