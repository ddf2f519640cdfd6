/* yc-tasks-page.c: the clerk's tasks (yc-tasks-page.h).
 *
 * The lists are YcTasks's, sorted here by urgency. The lights and countdowns count
 * working days on the catalogue's holiday calendar (weekends alone until it is read) and
 * are worked out again each minute while the page is shown. Text from the centre is
 * shown with ID and phone numbers masked: in full they belong in the case form only. */
#include "config-desk.h"

#include <adwaita.h>

#include "core/yc-mask.h"
#include "core/yc-task.h"
#include "core/yc-time.h"

#include "yc-desk-private.h"
#include "yc-display.h"
#include "yc-guide-load.h"
#include "yc-tasks-page.h"
#include "yc-desk-actions.h"

#define TICK_SECONDS 60

typedef enum
{
  VIEW_MINE,
  VIEW_CLAIMABLE,
  VIEW_DONE,
} View;

static const char *view_names[] = { "mine", "claimable", "done" };

struct _YcTasksPage
{
  GtkWidget           parent_instance;

  YcContext          *context;
  YcTasks            *tasks;
  YcWorkCalendar     *calendar;
  GtkCustomSorter    *sorter;
  GtkSortListModel   *sorted;
  GtkSingleSelection *selection;
  GCancellable       *cancellable;
  View                view;
  gint64              shown_id;     /* the task in the detail pane, 0 for none */
  gint64              wanted_id;    /* asked to show, not in the lists yet */
  GHashTable         *bound;        /* the GtkListItems shown, to refresh in place */
  guint               tick_source;
  guint               acting : 1;

  /* Template widgets */
  GtkBox             *layout;
  GtkToggleButton    *mine_button;
  GtkToggleButton    *claimable_button;
  GtkToggleButton    *done_button;
  GtkLabel           *status_label;
  GtkStack           *list_stack;
  AdwStatusPage      *empty_page;
  GtkListView        *list_view;
  GtkStack           *detail_stack;
  GtkLabel           *kind_label;
  GtkLabel           *escalation_label;
  GtkLabel           *state_label;
  GtkLabel           *title_label;
  GtkLabel           *light_label;
  GtkLabel           *countdown_label;
  GtkLabel           *deadlines_label;
  GtkLabel           *detail_label;
  GtkBox             *about_box;
  GtkLabel           *about_label;
  GtkButton          *case_button;
  GtkLabel           *result_label;
  GtkBox             *claim_box;
  GtkButton          *claim_button;
  GtkButton          *release_button;
  GtkBox             *complete_box;
  GtkEntry           *note_entry;
  GtkButton          *complete_button;
};

G_DEFINE_FINAL_TYPE (YcTasksPage, yc_tasks_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void show_detail (YcTasksPage *self);

GtkWidget *
yc_tasks_page_new (YcContext *context)
{
  g_return_val_if_fail (YC_IS_CONTEXT (context), NULL);

  return g_object_new (YC_TYPE_TASKS_PAGE, "context", context, NULL);
}

static const char *light_classes[] = { "light-green", "light-yellow", "light-red", "light-none" };

static void
set_light (GtkWidget *light,
           int        shade)
{
  for (guint i = 0; i < G_N_ELEMENTS (light_classes); i++)
    gtk_widget_remove_css_class (light, light_classes[i]);
  gtk_widget_add_css_class (light, light_classes[shade]);
  gtk_widget_set_tooltip_text (light,
                               shade == YC_TASK_LIGHT_RED ? _("A deadline has passed")
                               : shade == YC_TASK_LIGHT_YELLOW ? _("A deadline is today or the next working day")
                               : shade == YC_TASK_LIGHT_GREEN ? _("On time") : NULL);
}

/* ---- Rows ---- */

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *light = gtk_label_new ("●");
  GtkWidget *middle = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *escalation = gtk_label_new (NULL);

  gtk_widget_add_css_class (row, "task-row");
  gtk_widget_set_valign (light, GTK_ALIGN_START);
  gtk_widget_set_hexpand (middle, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_valign (escalation, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (escalation, "task-escalation");
  gtk_box_append (GTK_BOX (middle), title);
  gtk_box_append (GTK_BOX (middle), subtitle);
  gtk_box_append (GTK_BOX (row), light);
  gtk_box_append (GTK_BOX (row), middle);
  gtk_box_append (GTK_BOX (row), escalation);
  g_object_set_data (G_OBJECT (row), "light", light);
  g_object_set_data (G_OBJECT (row), "title", title);
  g_object_set_data (G_OBJECT (row), "subtitle", subtitle);
  g_object_set_data (G_OBJECT (row), "escalation", escalation);
  gtk_list_item_set_child (list_item, row);
}

/* What a row shows of its task: also each minute, for the lights and countdowns. */
static void
fill_row (YcTasksPage *self,
          GtkListItem *list_item)
{
  YcTask *task = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  const char *escalation = yc_escalation_name (yc_task_get_escalation (task));
  g_autofree char *title = yc_mask_text (yc_task_get_title (task));
  g_autofree char *countdown = yc_task_describe_countdown (task, self->calendar);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", yc_task_kind_name (yc_task_get_kind (task)), countdown);
  gboolean done = yc_task_get_state (task) == YC_TASK_DONE;

  yc_display_set_label (g_object_get_data (G_OBJECT (row), "title"), title);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "subtitle"), subtitle);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "escalation"), escalation);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "escalation"), escalation != NULL && !done);
  set_light (g_object_get_data (G_OBJECT (row), "light"),
             done ? (int) G_N_ELEMENTS (light_classes) - 1 : (int) yc_task_light_today (task, self->calendar));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             YcTasksPage              *self)
{
  g_hash_table_add (self->bound, list_item);
  fill_row (self, list_item);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               YcTasksPage              *self)
{
  g_hash_table_remove (self->bound, list_item);
}

/* ---- The list shown ---- */

static int
compare_cb (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  return yc_task_compare_urgency (YC_TASK ((gpointer) a), YC_TASK ((gpointer) b));
}

static GListModel *
model_of (YcTasksPage *self,
          View         view)
{
  switch (view)
    {
    case VIEW_CLAIMABLE:
      return yc_tasks_get_claimable (self->tasks);
    case VIEW_DONE:
      return yc_tasks_get_done (self->tasks);
    case VIEW_MINE:
    default:
      return yc_tasks_get_mine (self->tasks);
    }
}

static void
update_labels (YcTasksPage *self)
{
  guint mine = g_list_model_get_n_items (yc_tasks_get_mine (self->tasks));
  guint claimable = g_list_model_get_n_items (yc_tasks_get_claimable (self->tasks));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  g_autofree char *mine_label = NULL;
  g_autofree char *claimable_label = NULL;
  g_autofree char *status = NULL;

  /* Translators: the view of my tasks, with how many there are */
  mine_label = mine > 0 ? g_strdup_printf (_("Mine (%u)"), mine) : g_strdup (_("Mine"));
  /* Translators: the view of the tasks to claim, with how many there are */
  claimable_label = claimable > 0 ? g_strdup_printf (_("To Claim (%u)"), claimable) : g_strdup (_("To Claim"));
  gtk_button_set_label (GTK_BUTTON (self->mine_button), mine_label);
  gtk_button_set_label (GTK_BUTTON (self->claimable_button), claimable_label);

  if (!yc_tasks_get_loaded (self->tasks))
    status = g_strdup (_("Fetching the tasks…"));
  else if (self->view == VIEW_DONE)
    /* Translators: under the views of the Tasks page */
    status = g_strdup_printf (ngettext ("%u task completed", "%u tasks completed", shown), shown);
  else
    /* Translators: under the views of the Tasks page */
    status = g_strdup_printf (ngettext ("%u task, the most urgent first", "%u tasks, the most urgent first", shown),
                              shown);
  gtk_label_set_text (self->status_label, status);

  gtk_stack_set_visible_child_name (self->list_stack, shown > 0 ? "list" : "none");
  switch (self->view)
    {
    case VIEW_MINE:
      adw_status_page_set_title (self->empty_page, _("Nothing to Do"));
      adw_status_page_set_description (self->empty_page,
                                       _("Tasks the centre assigns to you come here, and you are told when one arrives."));
      break;
    case VIEW_CLAIMABLE:
      adw_status_page_set_title (self->empty_page, _("Nothing to Claim"));
      adw_status_page_set_description (self->empty_page,
                                       _("Tasks for your window or zone come here until one of its clerks claims them."));
      break;
    case VIEW_DONE:
    default:
      adw_status_page_set_title (self->empty_page, _("Nothing Completed Yet"));
      adw_status_page_set_description (self->empty_page, _("Tasks you complete are kept here with what was done."));
      break;
    }
}

/* The position of task id in the list shown, or GTK_INVALID_LIST_POSITION. */
static guint
position_of (YcTasksPage *self,
             gint64       id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));

  for (guint i = 0; id != 0 && i < n; i++)
    {
      g_autoptr(YcTask) task = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      if (yc_task_get_id (task) == id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
set_view (YcTasksPage *self,
          View         view)
{
  GtkToggleButton *buttons[] = { self->mine_button, self->claimable_button, self->done_button };

  self->view = view;
  if (!gtk_toggle_button_get_active (buttons[view]))
    gtk_toggle_button_set_active (buttons[view], TRUE);
  gtk_sort_list_model_set_model (self->sorted, model_of (self, view));
  gtk_single_selection_set_selected (self->selection, position_of (self, self->shown_id));
  update_labels (self);
  show_detail (self);
}

static void
on_view_toggled_cb (YcTasksPage     *self,
                    GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  set_view (self, button == self->claimable_button ? VIEW_CLAIMABLE
                  : button == self->done_button ? VIEW_DONE : VIEW_MINE);
}

/* The view that has task id, or -1. */
static int
view_having (YcTasksPage *self,
             gint64       id)
{
  for (int view = VIEW_MINE; view <= VIEW_DONE; view++)
    {
      GListModel *model = model_of (self, view);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(YcTask) task = g_list_model_get_item (model, i);

          if (yc_task_get_id (task) == id)
            return view;
        }
    }
  return -1;
}

/* Shows id: its view, selected, in the detail pane. FALSE when no list has it. */
static gboolean
reveal (YcTasksPage *self,
        gint64       id)
{
  int view = view_having (self, id);

  if (view < 0)
    return FALSE;
  self->shown_id = id;
  if ((View) view != self->view)
    set_view (self, view);
  gtk_single_selection_set_selected (self->selection, position_of (self, id));
  show_detail (self);
  return TRUE;
}

static void
on_lists_changed_cb (YcTasksPage *self)
{
  /* A task claimed here moves to Mine, one completed to Done: the clerk stays with it. */
  if (self->wanted_id != 0 && reveal (self, self->wanted_id))
    self->wanted_id = 0;
  else if (self->shown_id != 0 && position_of (self, self->shown_id) == GTK_INVALID_LIST_POSITION &&
           view_having (self, self->shown_id) >= 0 && self->acting)
    reveal (self, self->shown_id);
  else
    gtk_single_selection_set_selected (self->selection, position_of (self, self->shown_id));
  update_labels (self);
  show_detail (self);
}

static void
on_selected_cb (YcTasksPage *self)
{
  YcTask *task = gtk_single_selection_get_selected_item (self->selection);

  if (task != NULL && yc_task_get_id (task) != self->shown_id)
    {
      self->shown_id = yc_task_get_id (task);
      gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
      show_detail (self);
    }
}

void
yc_tasks_page_show_task (YcTasksPage *self,
                         gint64       id)
{
  g_return_if_fail (YC_IS_TASKS_PAGE (self));

  self->wanted_id = reveal (self, id) ? 0 : id;
  if (self->wanted_id != 0)
    yc_tasks_refresh (self->tasks);
}

/* ---- The task chosen ---- */

static YcTask *
shown_task (YcTasksPage *self)
{
  return self->shown_id != 0 ? yc_tasks_lookup (self->tasks, self->shown_id) : NULL;
}

static gboolean
is_mine (YcTasksPage *self,
         YcTask      *task)
{
  const YcSession *session = yc_client_get_session (yc_context_get_client (self->context));

  return session != NULL && (g_strcmp0 (yc_task_get_clerk (task), session->clerk_id) == 0 ||
                             g_strcmp0 (yc_task_get_claimed_by (task), session->clerk_id) == 0);
}

static void
show_detail (YcTasksPage *self)
{
  YcTask *task = shown_task (self);
  YcTaskState state;
  const char *escalation;
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *countdown = NULL;
  g_autofree char *respond = NULL;
  g_autofree char *finish = NULL;
  g_autofree char *deadlines = NULL;
  g_autoptr(GString) about = g_string_new (NULL);
  gboolean mine, done, online;

  if (task == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "tasks.claim", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "tasks.release", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "tasks.complete", FALSE);
      return;
    }

  state = yc_task_get_state (task);
  done = state == YC_TASK_DONE;
  mine = is_mine (self, task);
  online = yc_client_get_online (yc_context_get_client (self->context));
  gtk_stack_set_visible_child_name (self->detail_stack, "task");

  gtk_label_set_text (self->kind_label, yc_task_kind_name (yc_task_get_kind (task)));
  escalation = yc_escalation_name (yc_task_get_escalation (task));
  gtk_label_set_text (self->escalation_label, escalation);
  gtk_widget_set_visible (GTK_WIDGET (self->escalation_label), escalation != NULL);
  gtk_label_set_text (self->state_label,
                      done ? _("Completed")
                      : state == YC_TASK_CLAIMED ? _("Claimed by you")
                      : mine ? _("Assigned to you")
                      /* Translators: a task any clerk of the window or zone may claim */
                      : _("Open to claim"));

  title = yc_mask_text (yc_task_get_title (task));
  yc_display_set_label (self->title_label, title);
  countdown = yc_task_describe_countdown (task, self->calendar);
  gtk_label_set_text (self->countdown_label, countdown);
  set_light (GTK_WIDGET (self->light_label), done ? (int) G_N_ELEMENTS (light_classes) - 1
                                                  : (int) yc_task_light_today (task, self->calendar));
  respond = yc_time_format_date (yc_task_get_respond_by (task));
  finish = yc_time_format_date (yc_task_get_finish_by (task));
  /* Translators: a task's two deadlines, dates */
  deadlines = g_strdup_printf (_("Answer by %s · finish by %s"), respond, finish);
  gtk_label_set_text (self->deadlines_label, deadlines);

  detail = yc_mask_text (yc_task_get_detail (task));
  yc_display_set_label (self->detail_label, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), *detail != '\0');

  if (yc_task_get_ticket_number (task) != NULL)
    /* Translators: what a task is about: the visit of this ticket number */
    g_string_append_printf (about, _("Visit of ticket %s"), yc_task_get_ticket_number (task));
  if (yc_task_get_case_number (task) != NULL)
    {
      if (about->len > 0)
        g_string_append (about, " · ");
      /* Translators: what a task is about: the case of this number */
      g_string_append_printf (about, _("Case %s"), yc_task_get_case_number (task));
    }
  gtk_label_set_text (self->about_label, about->str);
  gtk_widget_set_visible (GTK_WIDGET (self->about_box), about->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->case_button), yc_task_get_case_number (task) != NULL);

  if (done)
    {
      g_autofree char *result = yc_mask_text (yc_task_get_result (task));
      g_autofree char *line = g_strdup_printf (_("What was done: %s"), result);

      yc_display_set_label (self->result_label, line);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), done && yc_task_get_result (task) != NULL);

  /* Named to me and not answered yet: claiming it is answering it (签收). */
  gtk_button_set_label (self->claim_button, mine ? _("_Acknowledge") : _("_Claim"));
  gtk_widget_set_visible (GTK_WIDGET (self->claim_box), !done && (state == YC_TASK_NEW ||
                                                                  yc_task_get_clerk (task) == NULL));
  gtk_widget_set_visible (GTK_WIDGET (self->claim_button), state == YC_TASK_NEW);
  gtk_widget_set_visible (GTK_WIDGET (self->release_button),
                          state == YC_TASK_CLAIMED && yc_task_get_clerk (task) == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->complete_box), !done && mine);

  /* Claiming asks the server who has it; a completion waits in the outbox if need be. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tasks.claim", !self->acting && online && state == YC_TASK_NEW);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tasks.release", !self->acting && online && state == YC_TASK_CLAIMED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tasks.complete", !self->acting && !done && mine);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->claim_button),
                               online ? NULL : _("Claiming needs the server, which cannot be reached."));
}

/* ---- Acting ---- */

static char *
describe_task_error (const GError *error)
{
  if (g_error_matches (error, YC_ERROR, YC_ERROR_CONFLICT))
    return g_strdup (_("Another clerk has this task already, or it has been completed."));
  if (g_error_matches (error, YC_ERROR, YC_ERROR_FORBIDDEN))
    return g_strdup (_("This task is not for your window."));
  if (g_error_matches (error, YC_ERROR, YC_ERROR_NOT_FOUND))
    return g_strdup (_("The centre no longer has this task."));
  return yc_context_describe_error (error, _("The task could not be changed."));
}

/* One change of a task at a time: its buttons are off until the answer. */
static gboolean
begin_acting (YcTasksPage *self)
{
  if (self->acting || self->shown_id == 0)
    return FALSE;
  self->acting = TRUE;
  show_detail (self);
  return TRUE;
}

static void
on_acted_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(YcTasksPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcTask) task = yc_tasks_act_finish (YC_TASKS (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->acting = FALSE;
  if (task == NULL)
    {
      g_autofree char *message = describe_task_error (error);
      yc_desk_toast (GTK_WIDGET (self), message);
    }
  else
    reveal (self, yc_task_get_id (task));
  show_detail (self);
}

static void
act_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcTasksPage *self = YC_TASKS_PAGE (widget);

  if (!begin_acting (self))
    return;
  yc_tasks_act_async (self->tasks, self->shown_id, g_str_equal (action_name, "tasks.claim") ? "claim" : "release",
                      self->cancellable, on_acted_cb, g_object_ref (self));
}

static void
on_completed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YcTasksPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!yc_tasks_complete_finish (YC_TASKS (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->acting = FALSE;
      message = describe_task_error (error);
      yc_desk_toast (GTK_WIDGET (self), message);
      gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
      show_detail (self);
      return;
    }
  self->acting = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
  /* Translators: a toast once a task is completed; it is sent with the other records */
  yc_desk_toast (GTK_WIDGET (self), _("Task completed."));
  reveal (self, self->shown_id);
}

static void
complete_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  YcTasksPage *self = YC_TASKS_PAGE (widget);

  if (!begin_acting (self))
    return;
  yc_tasks_complete_async (self->tasks, self->shown_id, gtk_editable_get_text (GTK_EDITABLE (self->note_entry)),
                           self->cancellable, on_completed_cb, g_object_ref (self));
}

/* Enter in the note completes the task. */
static void
on_note_activate_cb (YcTasksPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "tasks.complete", NULL);
}

static void
show_case_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  YcTasksPage *self = YC_TASKS_PAGE (widget);
  YcTask *task = shown_task (self);

  if (task != NULL && yc_task_get_case_number (task) != NULL)
    gtk_widget_activate_action (widget, "win.show-case", "s", yc_task_get_case_number (task));
}

static void
refresh_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  yc_tasks_refresh (YC_TASKS_PAGE (widget)->tasks);
}

/* ---- Time ---- */

/* The lights and countdowns of the rows shown, worked out again where they are: the
 * list keeps its scroll position, selection and focus. */
static void
refresh_rows (YcTasksPage *self)
{
  GHashTableIter iter;
  gpointer list_item;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &list_item, NULL))
    fill_row (self, list_item);
  show_detail (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  refresh_rows (user_data);
  return G_SOURCE_CONTINUE;
}

/* The context's one calendar (yc-context.h), read as the catalogue opens and after each
 * sync; weekends alone count until then. */
static void
on_calendar_changed_cb (YcTasksPage *self)
{
  YcWorkCalendar *calendar = yc_context_get_work_calendar (self->context);

  if (calendar == NULL)
    return;
  g_clear_pointer (&self->calendar, yc_work_calendar_unref);
  self->calendar = yc_work_calendar_ref (calendar);
  refresh_rows (self);
}

static void
on_map_cb (YcTasksPage *self)
{
  if (self->tick_source == 0)
    self->tick_source = g_timeout_add_seconds (TICK_SECONDS, tick_cb, self);
  refresh_rows (self);
}

static void
on_unmap_cb (YcTasksPage *self)
{
  g_clear_handle_id (&self->tick_source, g_source_remove);
}

/* ---- For the tests ---- */

const char *
yc_tasks_page_get_view (YcTasksPage *self)
{
  g_return_val_if_fail (YC_IS_TASKS_PAGE (self), NULL);
  return view_names[self->view];
}

void
yc_tasks_page_set_view (YcTasksPage *self,
                        const char  *view)
{
  g_return_if_fail (YC_IS_TASKS_PAGE (self));

  for (int i = VIEW_MINE; i <= VIEW_DONE; i++)
    if (g_strcmp0 (view, view_names[i]) == 0)
      set_view (self, i);
}

GListModel *
yc_tasks_page_get_shown (YcTasksPage *self)
{
  g_return_val_if_fail (YC_IS_TASKS_PAGE (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

gint64
yc_tasks_page_get_shown_id (YcTasksPage *self)
{
  g_return_val_if_fail (YC_IS_TASKS_PAGE (self), 0);
  return shown_task (self) != NULL ? self->shown_id : 0;
}

GtkLabel *
yc_tasks_page_get_label (YcTasksPage *self,
                         const char  *name)
{
  g_return_val_if_fail (YC_IS_TASKS_PAGE (self), NULL);

  if (g_str_equal (name, "countdown"))
    return self->countdown_label;
  if (g_str_equal (name, "escalation"))
    return self->escalation_label;
  if (g_str_equal (name, "kind"))
    return self->kind_label;
  if (g_str_equal (name, "title"))
    return self->title_label;
  if (g_str_equal (name, "detail"))
    return self->detail_label;
  if (g_str_equal (name, "about"))
    return self->about_label;
  if (g_str_equal (name, "status"))
    return self->status_label;
  return NULL;
}

GtkWidget *
yc_tasks_page_get_button (YcTasksPage *self,
                          const char  *name)
{
  g_return_val_if_fail (YC_IS_TASKS_PAGE (self), NULL);

  if (g_str_equal (name, "claim"))
    return GTK_WIDGET (self->claim_button);
  if (g_str_equal (name, "release"))
    return GTK_WIDGET (self->release_button);
  if (g_str_equal (name, "complete"))
    return GTK_WIDGET (self->complete_button);
  return NULL;
}

GtkEditable *
yc_tasks_page_get_note_entry (YcTasksPage *self)
{
  g_return_val_if_fail (YC_IS_TASKS_PAGE (self), NULL);
  return GTK_EDITABLE (self->note_entry);
}

/* ---- GObject ---- */

static void
yc_tasks_page_constructed (GObject *object)
{
  YcTasksPage *self = (YcTasksPage *) object;
  GListModel *lists[] = { NULL, NULL, NULL };

  G_OBJECT_CLASS (yc_tasks_page_parent_class)->constructed (object);

  self->tasks = g_object_ref (yc_context_get_tasks (self->context));
  lists[0] = yc_tasks_get_mine (self->tasks);
  lists[1] = yc_tasks_get_claimable (self->tasks);
  lists[2] = yc_tasks_get_done (self->tasks);
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    /* After the sorted model and its selection have followed the change. */
    g_signal_connect_object (lists[i], "items-changed", G_CALLBACK (on_lists_changed_cb), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->tasks, "notify::loaded", G_CALLBACK (update_labels), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::work-calendar", G_CALLBACK (on_calendar_changed_cb), self,
                           G_CONNECT_SWAPPED);
  on_calendar_changed_cb (self);
  g_signal_connect_object (yc_context_get_client (self->context), "notify::online", G_CALLBACK (show_detail), self,
                           G_CONNECT_SWAPPED);
  set_view (self, VIEW_MINE);
}

static void
yc_tasks_page_dispose (GObject *object)
{
  YcTasksPage *self = (YcTasksPage *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_TASKS_PAGE);
  G_OBJECT_CLASS (yc_tasks_page_parent_class)->dispose (object);
}

static void
yc_tasks_page_finalize (GObject *object)
{
  YcTasksPage *self = (YcTasksPage *) object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->tasks);
  g_clear_object (&self->context);
  g_clear_pointer (&self->calendar, yc_work_calendar_unref);
  G_OBJECT_CLASS (yc_tasks_page_parent_class)->finalize (object);
}

static void
yc_tasks_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  YcTasksPage *self = YC_TASKS_PAGE (object);

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
yc_tasks_page_class_init (YcTasksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = yc_tasks_page_constructed;
  object_class->dispose = yc_tasks_page_dispose;
  object_class->finalize = yc_tasks_page_finalize;
  object_class->set_property = yc_tasks_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, YC_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "tasks.refresh", NULL, refresh_activated);
  gtk_widget_class_install_action (widget_class, "tasks.claim", NULL, act_activated);
  gtk_widget_class_install_action (widget_class, "tasks.release", NULL, act_activated);
  gtk_widget_class_install_action (widget_class, "tasks.complete", NULL, complete_activated);
  gtk_widget_class_install_action (widget_class, "tasks.show-case", NULL, show_case_activated);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/yichuang/Desk/ui/yc-tasks-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, layout);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, mine_button);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, claimable_button);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, done_button);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, kind_label);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, escalation_label);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, light_label);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, deadlines_label);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, detail_label);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, about_box);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, about_label);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, case_button);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, result_label);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, claim_box);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, claim_button);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, release_button);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, complete_box);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, note_entry);
  gtk_widget_class_bind_template_child (widget_class, YcTasksPage, complete_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_tasks_page_init (YcTasksPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->bound = g_hash_table_new (NULL, NULL);
  /* Weekends alone until the catalogue's calendar is read. */
  self->calendar = yc_work_calendar_new (empty);
  self->sorter = gtk_custom_sorter_new (compare_cb, NULL, NULL);
  self->sorted = gtk_sort_list_model_new (NULL, GTK_SORTER (self->sorter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selected_cb), self);
  g_signal_connect_swapped (self->mine_button, "toggled", G_CALLBACK (on_view_toggled_cb), self);
  g_signal_connect_swapped (self->claimable_button, "toggled", G_CALLBACK (on_view_toggled_cb), self);
  g_signal_connect_swapped (self->done_button, "toggled", G_CALLBACK (on_view_toggled_cb), self);
  g_signal_connect_swapped (self->note_entry, "activate", G_CALLBACK (on_note_activate_cb), self);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (on_unmap_cb), NULL);
}
