/* test-desk-shell.c: the desk as a whole, page by page and dialog by dialog: it fits a
 * 1024×768 screen (and 1366×768 with text at 1.5×), every control a clerk can reach has
 * a name a screen reader can speak, and the keyboard does what the clerk expects. The
 * cases are there only with YC_TEST_SHELL set: meson runs them in English, zh_CN and
 * zh_TW with GTK's test accessibility backend (GTK_A11Y=test). */
#include "config-desk.h"

#include "desk-fixture.h"

#include <dlfcn.h>
#include <string.h>
#include <gdk/x11/gdkx.h>
#include <X11/keysym.h>

#include "../test-server-util.h"
#include "../test-util.h"

#include "yc-guide-hit.h"
#include "yc-preferences.h"
#include "yc-setup-window.h"
#include "yc-scenario-chooser.h"
#include "yc-text-scale.h"
#include "yc-training-summary.h"

/* ---- Walking the desk ---- */

/* Lets a resize, a relayout and a frame happen: what is measured is what is shown. */
void
settle (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 before;

  if (clock == NULL)
    return;
  /* Two frames, each asked for: a layout, and one more for what it changed (a frame
   * clock with nothing to do does not tick on its own). */
  for (guint i = 0; i < 2; i++)
    {
      before = gdk_frame_clock_get_frame_counter (clock);
      gtk_widget_queue_resize (widget);
      yc_test_wait_until (gdk_frame_clock_get_frame_counter (clock) > before, TIMEOUT_S);
    }
}

static gboolean
is_mapped_list_view (GtkWidget     *widget,
                     gconstpointer  data)
{
  return GTK_IS_LIST_VIEW (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
is_page_row (GtkWidget     *widget,
             gconstpointer  page)
{
  return GTK_IS_LIST_BOX_ROW (widget) && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "page"), page) == 0;
}

static gboolean
is_mapped_check (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_CHECK_BUTTON (widget) && gtk_widget_get_mapped (widget);
}

static void
show_page (Fixture    *f,
           const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", name));
  g_assert_cmpstr (yc_window_get_visible_page (f->window), ==, name);
}

static YcGuideView *
guide_view (Fixture *f)
{
  return yc_guides_page_get_guide_view (yc_window_get_guides_page (f->window));
}

static gboolean
guide_shown (Fixture    *f,
             const char *code)
{
  return g_strcmp0 (yc_guide_view_get_code (guide_view (f)), code) == 0 &&
         yc_guide_view_get_title (guide_view (f)) != NULL;
}

/* The message dialog an action opens (some after a call to the server), stopped at,
 * then cancelled. */
void
stop_at_dialog (Fixture    *f,
                GtkWidget  *widget,
                const char *action,
                const char *where,
                const char *owner,
                StopFunc    stop,
                gpointer    data)
{
  AdwMessageDialog *dialog;

  if (find_dialog () != NULL)
    g_error ("%s: a dialog is open already: %s", where, adw_message_dialog_get_heading (find_dialog ()));
  g_assert_true (gtk_widget_activate_action (widget, action, NULL));
  dialog = wait_dialog ();
  yc_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (dialog)), TIMEOUT_S);
  settle (GTK_WIDGET (dialog));
  stop (f, GTK_WINDOW (dialog), where, owner, data);
  adw_message_dialog_response (dialog, adw_message_dialog_get_close_response (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  yc_test_wait_until (find_dialog () == NULL, TIMEOUT_S);
}

static void
stop_at (Fixture    *f,
         const char *where,
         StopFunc    stop,
         gpointer    data)
{
  settle (GTK_WIDGET (f->window));
  stop (f, GTK_WINDOW (f->window), where, NULL, data);
}

/* Every page and the dialogs that can be opened from them, as a clerk's morning goes:
 * log in, call a citizen, look up a guide, start its intake, the Records and Tasks
 * pages, the preferences. */
void
walk_desk (Fixture  *f,
           StopFunc  stop,
           gpointer  data)
{
  g_autoptr(YcTicket) ticket = NULL;
  g_autoptr(GSettings) settings = NULL;
  GtkWidget *queue = NULL;
  GtkWidget *preferences;
  gint64 task;

  stop_at (f, "log-in page", stop, data);

  log_in_with_catalogue (f);
  queue = GTK_WIDGET (queue_page (f));
  stop_at (f, "queue page", stop, data);
  stop_at_dialog (f, queue, "queue.call-number", "queue page: call a number", "yc-queue-page.c", stop, data);
  stop_at_dialog (f, queue, "queue.walk-in", "queue page: a walk-in", "yc-queue-page.c", stop, data);

  ticket = take_ticket (f, "B");
  activate (f, "queue.call-next");
  yc_test_wait_until (shows (f, ticket), TIMEOUT_S);
  yc_test_wait_until (yc_visit_card_get_suggestion (yc_queue_page_get_visit_card (queue_page (f)), "YJS-001") != NULL, TIMEOUT_S);
  stop_at (f, "queue page: a citizen at the window", stop, data);
  /* A training scenario's citizen: the story beside the card too. */
  {
    YcWaitingPanel *panel = yc_queue_page_get_waiting_panel (queue_page (f));
    g_autoptr(YcTicket) storied = storied_ticket (yc_queue_page_get_current (queue_page (f)));

    yc_waiting_panel_show_story (panel, storied);
    stop_at (f, "queue page: a demo citizen's story", stop, data);
    yc_waiting_panel_show_story (panel, yc_queue_page_get_current (queue_page (f)));
  }
  stop_at_dialog (f, queue, "queue.transfer", "queue page: transfer", "yc-queue-page.c", stop, data);

  show_page (f, "guides");
  stop_at (f, "guides page", stop, data);
  yc_guides_page_open (yc_window_get_guides_page (f->window), YC_CATALOGUE_PACKAGE, "YJS-001");
  yc_test_wait_until (guide_shown (f, "YJS-001"), TIMEOUT_S);
  stop_at (f, "guides page: the guide of a package", stop, data);
  yc_guides_page_open (yc_window_get_guides_page (f->window), YC_CATALOGUE_ITEM, "990100-SCJG-XK-0001");
  yc_test_wait_until (guide_shown (f, "990100-SCJG-XK-0001"), TIMEOUT_S);
  stop_at (f, "guides page: the guide of an item", stop, data);
  yc_guides_page_open (yc_window_get_guides_page (f->window), YC_CATALOGUE_PACKAGE, "YJS-001");
  yc_test_wait_until (guide_shown (f, "YJS-001"), TIMEOUT_S);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (guide_view (f)), "guide.start-intake", NULL));
  g_assert_cmpstr (yc_window_get_visible_page (f->window), ==, "intake");
  yc_test_wait_until (intake_shown (f), TIMEOUT_S);
  stop_at (f, "intake page", stop, data);
  {
    GtkWidget *view = GTK_WIDGET (yc_intake_page_get_view (yc_window_get_intake_page (f->window)));

    stop_at_dialog (f, view, "intake.refuse", "intake page: refuse", "yc-intake-view.c", stop, data);
    stop_at_dialog (f, view, "intake.notice", "intake page: one-time notice", "yc-intake-view.c", stop, data);
    stop_at_dialog (f, GTK_WIDGET (yc_window_get_intake_page (f->window)), "intake.discard", "intake page: discard",
                    "yc-intake-page.c", stop, data);
  }

  show_page (f, "records");
  stop_at (f, "records page", stop, data);

  task = yc_test_assign_task (f->server, "{\"kind\":\"hotline\",\"title\":\"12345 工单：窗口排队时间过长\","
                                         "\"detail\":\"市民反映周一上午企业开办窗口排队超过一小时。\","
                                         "\"clerk\":\"1001\"}");
  yc_test_wait_until (yc_tasks_get_n_open (yc_context_get_tasks (f->context)) >= 1, TIMEOUT_S);
  yc_window_show_task (f->window, task);
  yc_test_wait_until (yc_tasks_page_get_shown_id (yc_window_get_tasks_page (f->window)) == task, TIMEOUT_S);
  stop_at (f, "tasks page", stop, data);

  show_page (f, "queue");
  stop_at (f, "queue page again", stop, data);

  /* A trainee's: the summary of a scenario, and the scenarios to choose from. */
  {
    g_autoptr(YcTraining) training = sample_training (f);
    GtkWidget *summary = open_training_summary (f, training);
    GtkWidget *chooser;

    settle (summary);
    stop (f, GTK_WINDOW (summary), "training summary", "yc-training-summary.c", data);
    gtk_window_destroy (GTK_WINDOW (summary));

    /* The trainer's: a drop-down of the trainees' windows above the same summary. */
    {
      g_autoptr(YcContext) manager = manager_context (f);

      yc_training_take_report (training, classroom_report (2, TRUE));
      summary = yc_training_summary_new (GTK_WINDOW (f->window), manager, training);
      gtk_window_present (GTK_WINDOW (summary));
      yc_test_wait_until (gtk_widget_get_mapped (summary), TIMEOUT_S);
      settle (summary);
      stop (f, GTK_WINDOW (summary), "trainer's training summary", "yc-training-summary.c", data);
      gtk_window_destroy (GTK_WINDOW (summary));
      yc_client_logout (yc_context_get_client (manager));
      yc_test_assert_finalized_soon (g_steal_pointer (&manager), TIMEOUT_S);
    }

    chooser = yc_scenario_chooser_new (GTK_WINDOW (f->window), NULL);
    gtk_window_present (GTK_WINDOW (chooser));
    yc_test_wait_until (gtk_widget_get_mapped (chooser), TIMEOUT_S);
    settle (chooser);
    stop (f, GTK_WINDOW (chooser), "scenario chooser", "yc-scenario-chooser.c", data);
    gtk_window_destroy (GTK_WINDOW (chooser));
  }

  /* The preferences need a settings schema: the memory backend's, as the tests run. */
  settings = g_settings_new ("cn.yichuang.Desk");
  preferences = yc_preferences_new (GTK_WINDOW (f->window), settings);
  gtk_window_present (GTK_WINDOW (preferences));
  yc_test_wait_until (gtk_widget_get_mapped (preferences), TIMEOUT_S);
  settle (preferences);
  stop (f, GTK_WINDOW (preferences), "preferences", "yc-preferences.c", data);
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* A fresh install's first start: the centre's address, or the demo. */
  {
    GtkWidget *setup = GTK_WIDGET (yc_setup_window_new (NULL, NULL));

    gtk_window_present (GTK_WINDOW (setup));
    yc_test_wait_until (gtk_widget_get_mapped (setup), TIMEOUT_S);
    settle (setup);
    stop (f, GTK_WINDOW (setup), "first start", "yc-setup-window.c", data);
    gtk_window_destroy (GTK_WINDOW (setup));
  }
}

/* ---- Size ---- */

typedef struct
{
  int        width;       /* the screen the desk must fit */
  int        height;
  GString   *problems;
} Fit;

/* The deepest chain of widgets that asks for the most width: what to shrink. */
static void
describe_widest (GtkWidget *widget,
                 GString   *out,
                 int        limit)
{
  for (guint depth = 0; widget != NULL && depth < 60; depth++)
    {
      GtkWidget *widest = NULL;
      int widest_min = 0;

      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int min = 0;

          if (!gtk_widget_get_visible (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
          if (min > widest_min)
            {
              widest_min = min;
              widest = child;
            }
        }
      if (widest == NULL || widest_min < limit)
        break;
      g_string_append_printf (out, "\n    %s%s%s %d px", G_OBJECT_TYPE_NAME (widest),
                              GTK_IS_BUILDABLE (widest) && gtk_buildable_get_buildable_id (GTK_BUILDABLE (widest)) ? "#" : "",
                              GTK_IS_BUILDABLE (widest) && gtk_buildable_get_buildable_id (GTK_BUILDABLE (widest))
                                ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (widest)) : "",
                              widest_min);
      if (GTK_IS_LABEL (widest))
        g_string_append_printf (out, " “%.40s”", gtk_label_get_text (GTK_LABEL (widest)));
      widget = widest;
    }
}

/* The window on the screen: its surface, with the frame GTK draws around its widget. */
static int
surface_width (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  return surface != NULL && gtk_widget_get_mapped (GTK_WIDGET (window)) ? gdk_surface_get_width (surface) : 0;
}

static int
surface_height (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  return surface != NULL && gtk_widget_get_mapped (GTK_WIDGET (window)) ? gdk_surface_get_height (surface) : 0;
}

static void
check_fits (Fixture    *f,
            GtkWindow  *toplevel,
            const char *where,
            const char *owner,
            gpointer    data)
{
  Fit *fit = data;
  GtkWidget *widget = GTK_WIDGET (toplevel);
  int min_width = 0, min_height = 0;
  int width = surface_width (toplevel);
  int height = surface_height (toplevel);
  /* The frame around the widget (its shadow, when there is no window manager). */
  int frame_width = width - gtk_widget_get_width (widget);
  int frame_height = height - gtk_widget_get_height (widget);

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, MIN (width, fit->width) - frame_width, &min_height,
                      NULL, NULL, NULL);
  min_width += frame_width;
  min_height += frame_height;
  g_test_message ("%s: %d×%d, at least %d×%d", where, width, height, min_width, min_height);
  {
    g_autofree char *name = g_strdup (where);

    g_strcanon (name, "abcdefghijklmnopqrstuvwxyz0123456789", '-');
    if (widget == GTK_WIDGET (f->window))
      save_screenshot (f, name);
    else
      {
        g_autofree char *dialog = g_strconcat (name, "--dialog", NULL);

        save_window_screenshot (toplevel, dialog);
      }
  }

  if (width <= fit->width && height <= fit->height && min_width <= fit->width && min_height <= fit->height)
    return;
  g_string_append_printf (fit->problems, "\n  %s: %d×%d, at least %d×%d; the widest:",
                          where, width, height, min_width, min_height);
  describe_widest (widget, fit->problems, fit->width / 3);
}

/* The desk on a screen of that size: a window shown again keeps its size (and GTK 4.8
 * warns of a header bar drawn before its allocation), so the window is made anew, as
 * open_window () does, with the default size of the screen. */
static void
set_screen (Fixture *f,
            int      width,
            int      height)
{
  close_window (f);
  f->context = yc_context_new_for_client (f->client, f->store, f->catalogue, NULL);
  yc_sync_set_backoff (yc_context_get_sync (f->context), 50, 400);
  f->window = yc_window_new (NULL, f->context);
  yc_queue_page_set_double_press_seconds (yc_window_get_queue_page (f->window), 0);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  gtk_window_present (GTK_WINDOW (f->window));
  yc_test_wait_until (surface_width (GTK_WINDOW (f->window)) == width &&
                      surface_height (GTK_WINDOW (f->window)) == height, TIMEOUT_S);
}

static void
walk_and_fit (Fixture *f,
              int      width,
              int      height)
{
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
  GdkRectangle geometry;
  Fit fit;

  /* X does not map a window larger than its screen (the tests' Xvfb is 1280×800): on a
   * smaller one, the desk must fit that, which is harder. */
  gdk_monitor_get_geometry (monitor, &geometry);
  if (geometry.width < width || geometry.height < height)
    {
      g_test_message ("The screen is %d×%d: the desk must fit that instead of %d×%d",
                      geometry.width, geometry.height, width, height);
      width = MIN (width, geometry.width);
      height = MIN (height, geometry.height);
    }
  fit = (Fit) { width, height, g_string_new (NULL) };
  set_screen (f, width, height);
  walk_desk (f, check_fits, &fit);
  if (fit.problems->len > 0)
    g_error ("The desk does not fit %d×%d in %s:%s", width, height,
             g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "English", fit.problems->str);
  g_string_free (fit.problems, TRUE);
}

/* Many halls' monitors are 1024×768: every page and dialog fits, and the window never
 * grows past the screen (it never shrank back once it had). */
static void
test_fits_1024 (Fixture       *f,
                gconstpointer  data)
{
  walk_and_fit (f, 1024, 768);
}

/* ---- Accessible names ---- */

/* The files whose widgets are this branch's to name: a nameless control there fails the
 * test. Controls of the other pages' files are listed and the test skipped for them,
 * until their owners name them. */

typedef struct
{
  GString    *problems;
  guint       n_checked;
} Names;

/* The roles a clerk acts on. */
gboolean
a11y_is_control (GtkWidget *widget)
{
  switch ((int) gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)))
    {
    case GTK_ACCESSIBLE_ROLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_RADIO:
    case GTK_ACCESSIBLE_ROLE_SWITCH:
    case GTK_ACCESSIBLE_ROLE_LINK:
    case GTK_ACCESSIBLE_ROLE_TEXT_BOX:
    case GTK_ACCESSIBLE_ROLE_SEARCH_BOX:
    case GTK_ACCESSIBLE_ROLE_SPIN_BUTTON:
    case GTK_ACCESSIBLE_ROLE_COMBO_BOX:
    case GTK_ACCESSIBLE_ROLE_SLIDER:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The label property as set, or NULL: GTK 4.8 has no call that reads it, but its check
 * says what it found when it is not what was asked. */
static char *
label_property (GtkWidget *widget)
{
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                             "\x1f not a label \x1f");
}

static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  if (GTK_IS_LABEL (widget))
    {
      g_ptr_array_add (labels, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child))
      collect_labels (child, labels);
}

/* Whether widget is labelled by exactly these labels. */
static gboolean
labelled_by (GtkWidget *widget,
             GPtrArray *labels)
{
  g_autofree char *found = NULL;

  if (labels->len == 0)
    return FALSE;
  switch (labels->len)
    {
    case 1:
      found = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                                  labels->pdata[0], NULL);
      break;
    case 2:
      found = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                                  labels->pdata[0], labels->pdata[1], NULL);
      break;
    default:
      return FALSE;
    }
  return found == NULL;
}

/* The name a screen reader is told, as GTK 4.8 makes it (gtk_at_context_get_name): the
 * label property, then the label property of each widget it is labelled by (a mnemonic
 * label; a button's own label). NULL when it has none; *twice when a text comes twice;
 * *unknown when it is labelled by a widget the test does not find. */
char *
a11y_name (GtkWidget *widget,
           gboolean  *twice,
           gboolean  *unknown)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  char *label = label_property (widget);

  *twice = FALSE;
  *unknown = FALSE;
  if (label != NULL && *label != '\0')
    g_ptr_array_add (parts, label);
  else
    g_free (label);

  if (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    {
      GList *mnemonic = gtk_widget_list_mnemonic_labels (widget);
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      g_autoptr(GPtrArray) inside = g_ptr_array_new ();

      for (GList *l = mnemonic; l != NULL; l = l->next)
        g_ptr_array_add (labels, l->data);
      g_list_free (mnemonic);
      collect_labels (widget, inside);
      /* What GTK 4.8 and libadwaita 1.2 label a control by: its mnemonic labels; a
       * button's own label, or its first child (an icon button is labelled by its
       * GtkImage, which has no name); a menu button's inner toggle by the menu button; a
       * row's control (AdwActionRow, AdwEntryRow) by a label of its row. */
      if (!labelled_by (widget, labels))
        {
          g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
          GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);
          gboolean found = FALSE;

          if (inside->len > 0)
            g_ptr_array_add (candidates, inside->pdata[0]);
          if (gtk_widget_get_first_child (widget) != NULL)
            g_ptr_array_add (candidates, gtk_widget_get_first_child (widget));
          if (gtk_widget_get_parent (widget) != NULL)
            g_ptr_array_add (candidates, gtk_widget_get_parent (widget));
          if (row != NULL)
            {
              g_ptr_array_add (candidates, row);
              collect_labels (row, candidates);
            }
          for (guint i = 0; i < candidates->len && !found; i++)
            {
              g_ptr_array_set_size (labels, 0);
              g_ptr_array_add (labels, candidates->pdata[i]);
              found = labelled_by (widget, labels);
            }
          if (!found)
            {
              /* Not what GTK's and libadwaita's widgets do: the test cannot tell, so it
               * says so rather than take the control as named. */
              *unknown = TRUE;
              g_ptr_array_set_size (labels, 0);
            }
        }
      for (guint i = 0; i < labels->len; i++)
        {
          char *text = label_property (labels->pdata[i]);

          if (text != NULL && *text != '\0')
            g_ptr_array_add (parts, text);
          else
            g_free (text);
        }
    }

  for (guint i = 0; i < parts->len; i++)
    for (guint j = i + 1; j < parts->len; j++)
      if (g_str_equal (parts->pdata[i], parts->pdata[j]))
        *twice = TRUE;
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" ", (char **) parts->pdata);
}

/* "YcQueuePage > GtkBox > GtkButton#call_button": where a control sits. */
char *
a11y_widget_path (GtkWidget *widget,
                  GtkWidget *top)
{
  GString *path = g_string_new (NULL);

  for (GtkWidget *w = widget; w != NULL && w != top; w = gtk_widget_get_parent (w))
    {
      const char *id = GTK_IS_BUILDABLE (w) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (w)) : NULL;
      g_autofree char *step = g_strdup_printf ("%s%s%s", G_OBJECT_TYPE_NAME (w),
                                               id && !g_str_has_prefix (id, "___") ? "#" : "",
                                               id && !g_str_has_prefix (id, "___") ? id : "");

      g_string_prepend (path, path->len ? " > " : "");
      g_string_prepend (path, step);
      if (g_str_has_prefix (G_OBJECT_TYPE_NAME (w), "Yc"))
        break;
    }
  return g_string_free (path, FALSE);
}

/* The source file whose widget this is, by the page or view it sits in. */
static const char *
owner_file (GtkWidget *widget)
{
  static const struct { const char *type; const char *file; } owners[] = {
    { "YcIntakeView", "yc-intake-view.c" },
    { "YcIntakePage", "yc-intake-page.c" },
    { "YcQueuePage", "yc-queue-page.c" },
    { "YcRecordsPage", "yc-records-page.c" },
    { "YcGuideView", "yc-guide-view.c" },
    { "YcGuidesPage", "yc-guides-page.c" },
    { "YcTasksPage", "yc-tasks-page.c" },
    { "YcLoginPage", "yc-login-page.c" },
    { "YcPreferences", "yc-preferences.c" },
  };

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    for (guint i = 0; i < G_N_ELEMENTS (owners); i++)
      if (g_str_equal (G_OBJECT_TYPE_NAME (w), owners[i].type))
        return owners[i].file;
  return "yc-window.c";
}

static void
check_names_under (GtkWidget  *widget,
                   GtkWidget  *top,
                   const char *where,
                   const char *dialog_owner,
                   Names      *names)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;

  if (a11y_is_control (widget) && gtk_widget_get_mapped (widget))
    {
      gboolean twice, unknown;
      g_autofree char *name = a11y_name (widget, &twice, &unknown);
      const char *file = dialog_owner ? dialog_owner : owner_file (widget);
      g_autofree char *path = a11y_widget_path (widget, top);
      GString *out = names->problems;

      names->n_checked++;
      if (name == NULL || twice || unknown)
        {
          g_string_append_printf (out, "\n  %s: %s: %s %s", where, file, path,
                                  unknown ? "is labelled by a widget the test cannot find:"
                                  : name == NULL ? "has no name" : "is read twice:");
          if (name != NULL)
            g_string_append_printf (out, " “%s”", name);
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_names_under (child, top, where, dialog_owner, names);
}

static void
check_names (Fixture    *f,
             GtkWindow  *toplevel,
             const char *where,
             const char *owner,
             gpointer    data)
{
  check_names_under (GTK_WIDGET (toplevel), GTK_WIDGET (toplevel), where, owner, data);
}

/* Every control a clerk can reach on every page and dialog has a name a screen reader
 * speaks, once: 呼叫下一位 was "GtkButton", icon buttons "GtkImage". */
static void
test_accessible_names (Fixture       *f,
                       gconstpointer  data)
{
  Names names = { g_string_new (NULL), 0 };

  if (g_strcmp0 (g_getenv ("GTK_A11Y"), "test") != 0)
    {
      g_test_skip ("GTK's test accessibility backend keeps what a screen reader is told: GTK_A11Y=test");
      return;
    }

  walk_desk (f, check_names, &names);
  g_test_message ("%u controls checked", names.n_checked);
  g_assert_cmpuint (names.n_checked, >, 50);
  if (names.problems->len > 0)
    g_error ("Controls without a name a screen reader can speak:%s", names.problems->str);
  g_string_free (names.problems, TRUE);
}

/* ---- Text size ---- */

static int
xft_dpi (void)
{
  int dpi = 0;

  g_object_get (gtk_settings_get_default (), "gtk-xft-dpi", &dpi, NULL);
  return dpi;
}

static void
restore_text_scale (gpointer data)
{
  g_autoptr(GSettings) interface = data;

  yc_text_scale_set_zoom (yc_text_scale_get_default (), 1.0);
  if (interface != NULL)
    g_settings_reset (interface, "text-scaling-factor");
}

/* GNOME's text-scaling-factor 1.5 and the desk's zoom at 1.5 (Ctrl+plus five times)
 * each make the text half as large again (the zoom on top of the factor), and at 1.5
 * the desk still fits 1366×768; the zoom stays within 0.8 and 2.0, and Ctrl+0 brings it
 * back. */
static void
test_text_scale (Fixture       *f,
                 gconstpointer  data)
{
  YcTextScale *scale = yc_text_scale_get_default ();
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE);
  g_autoptr(GSettings) interface = NULL;
  int base = xft_dpi ();

  g_assert_cmpfloat (yc_text_scale_get_scale (scale), ==, 1.0);
  if (schema != NULL)
    interface = g_settings_new ("org.gnome.desktop.interface");
  /* Whatever fails, the next test has the text as it was. */
  g_test_queue_destroy (restore_text_scale, interface ? g_object_ref (interface) : NULL);

  /* No settings daemon runs on the tests' X server: the factor is the desk's to apply. */
  if (interface != NULL)
    {
      g_settings_set_double (interface, "text-scaling-factor", 1.5);
      g_assert_cmpfloat (yc_text_scale_get_system_factor (scale), ==, 1.5);
      g_assert_cmpint (xft_dpi (), ==, (int) (base * 1.5 + 0.5));
      /* With the zoom on top. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.zoom-in", NULL));
      g_assert_cmpint (xft_dpi (), ==, (int) (base * 1.5 * 1.1 + 0.5));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.zoom-reset", NULL));
      g_settings_reset (interface, "text-scaling-factor");
      g_assert_cmpint (xft_dpi (), ==, base);
    }
  else
    g_test_message ("org.gnome.desktop.interface is not installed: the factor is not tried");

  for (guint i = 0; i < 5; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (yc_text_scale_get_zoom (scale), 1.5, 1e-9);
  g_assert_cmpint (xft_dpi (), ==, (int) (base * 1.5 + 0.5));
  walk_and_fit (f, 1366, 768);

  for (guint i = 0; i < 20; i++)
    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.zoom-in", NULL);
  g_assert_cmpfloat_with_epsilon (yc_text_scale_get_zoom (scale), YC_TEXT_ZOOM_MAX, 1e-9);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.zoom-in", NULL) &&
                  yc_text_scale_get_zoom (scale) > YC_TEXT_ZOOM_MAX);
  for (guint i = 0; i < 20; i++)
    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.zoom-out", NULL);
  g_assert_cmpfloat_with_epsilon (yc_text_scale_get_zoom (scale), YC_TEXT_ZOOM_MIN, 1e-9);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.zoom-reset", NULL));
  g_assert_cmpfloat (yc_text_scale_get_zoom (scale), ==, 1.0);
  g_assert_cmpint (xft_dpi (), ==, base);
  /* The preferences' Text Size, in percent, is the zoom the desk keeps. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("cn.yichuang.Desk");
    GtkWidget *preferences = yc_preferences_new (GTK_WINDOW (f->window), settings);
    GtkWidget *spin;

    yc_text_scale_set_settings (scale, settings);
    gtk_window_present (GTK_WINDOW (preferences));
    spin = find_widget (preferences, has_id, "zoom_spin");
    g_assert_nonnull (spin);
    g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 100);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 130);
    g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "text-zoom"), 1.3, 1e-9);
    g_assert_cmpfloat_with_epsilon (yc_text_scale_get_zoom (scale), 1.3, 1e-9);
    g_assert_cmpint (xft_dpi (), ==, (int) (base * 1.3 + 0.5));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.zoom-in", NULL));
    g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 140);
    gtk_window_destroy (GTK_WINDOW (preferences));
    yc_text_scale_set_zoom (scale, 1.0);
    yc_text_scale_set_settings (scale, NULL);
  }
}

/* ---- The keyboard and small things ---- */

/* The guide's Missing check boxes are each named after their material. */
static void
test_missing_named (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(GStrv) materials = NULL;
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  guint named = 0;

  if (g_strcmp0 (g_getenv ("GTK_A11Y"), "test") != 0)
    {
      g_test_skip ("GTK's test accessibility backend keeps what a screen reader is told: GTK_A11Y=test");
      return;
    }

  log_in_with_catalogue (f);
  show_page (f, "guides");
  yc_guides_page_open (yc_window_get_guides_page (f->window), YC_CATALOGUE_PACKAGE, "YJS-001");
  yc_test_wait_until (guide_shown (f, "YJS-001"), TIMEOUT_S);
  materials = yc_guide_view_dup_materials (guide_view (f));
  g_assert_cmpuint (g_strv_length (materials), >, 4);

  /* Every check box of the guide, found as a screen reader would: by role. */
  {
    g_autoptr(GPtrArray) todo = g_ptr_array_new ();

    g_ptr_array_add (todo, guide_view (f));
    while (todo->len > 0)
      {
        GtkWidget *widget = g_ptr_array_steal_index (todo, todo->len - 1);

        if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_CHECKBOX)
          g_ptr_array_add (checks, widget);
        for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
             child = gtk_widget_get_next_sibling (child))
          g_ptr_array_add (todo, child);
      }
  }
  g_assert_cmpuint (checks->len, ==, g_strv_length (materials));

  for (guint i = 0; i < checks->len; i++)
    {
      gboolean twice, unknown;
      g_autofree char *name = a11y_name (checks->pdata[i], &twice, &unknown);

      g_test_message ("check box: %s", name);
      g_assert_false (twice);
      g_assert_false (unknown);
      g_assert_nonnull (name);
      for (guint j = 0; materials[j] != NULL; j++)
        if (strstr (name, materials[j]) != NULL)
          {
            named++;
            break;
          }
    }
  g_assert_cmpuint (named, ==, checks->len);
}

/* Tab from the PIN goes to the window number, never to the show-PIN button: a clerk's
 * Enter there would show the PIN across the counter. */
static void
test_pin_tab (Fixture       *f,
              gconstpointer  data)
{
  YcLoginPage *page = yc_window_get_login_page (f->window);
  GtkWidget *pin = GTK_WIDGET (yc_login_page_get_pin_entry (page));
  GtkWidget *window_entry = GTK_WIDGET (yc_login_page_get_window_entry (page));
  GtkWidget *focus;

  yc_test_wait_until (gtk_widget_get_mapped (pin), TIMEOUT_S);
  gtk_editable_set_text (GTK_EDITABLE (pin), "123456");
  g_assert_true (gtk_widget_grab_focus (pin));
  /* What Tab does: the focus moves forward within the window. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_test_message ("Tab from the PIN reached a %s", G_OBJECT_TYPE_NAME (focus));
  g_assert_false (GTK_IS_BUTTON (focus) && gtk_widget_is_ancestor (focus, pin));
  g_assert_true (focus == window_entry || gtk_widget_is_ancestor (focus, window_entry));
}

typedef int (*FakeMotionEventFunc) (Display *display, int screen, int x, int y, unsigned long delay);
typedef int (*FakeButtonEventFunc) (Display *display, unsigned int button, Bool is_press, unsigned long delay);

/* A click of the first button where the pointer is, through the X server. */
static void
click (GtkWidget *widget)
{
  Display *xdisplay = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
  void *library = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_LOCAL);
  FakeButtonEventFunc fake_button = library ? (FakeButtonEventFunc) dlsym (library, "XTestFakeButtonEvent") : NULL;

  g_assert_nonnull (fake_button);
  fake_button (xdisplay, 1, True, 0);
  fake_button (xdisplay, 1, False, 0);
  XSync (xdisplay, False);
}

/* The pointer moved, through the X server, to x, y of widget. */
static gboolean
move_pointer_to (GtkWidget *widget,
                 double     x,
                 double     y)
{
  static FakeMotionEventFunc fake_motion;
  GtkNative *native = gtk_widget_get_native (widget);
  GdkDisplay *display = gtk_widget_get_display (widget);
  Display *xdisplay;
  Window child;
  double nx, ny, sx, sy;
  int rx, ry;

  if (!GDK_IS_X11_DISPLAY (display))
    return FALSE;
  if (fake_motion == NULL)
    {
      void *library = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_LOCAL);

      if (library == NULL || (fake_motion = (FakeMotionEventFunc) dlsym (library, "XTestFakeMotionEvent")) == NULL)
        return FALSE;
    }
  xdisplay = gdk_x11_display_get_xdisplay (display);
  g_assert_true (gtk_widget_translate_coordinates (widget, GTK_WIDGET (native), x, y, &nx, &ny));
  gtk_native_get_surface_transform (native, &sx, &sy);
  XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                         DefaultRootWindow (xdisplay), (int) (nx + sx), (int) (ny + sy), &rx, &ry, &child);
  fake_motion (xdisplay, -1, rx, ry, 0);
  XSync (xdisplay, False);
  return TRUE;
}

static gboolean
searching (Fixture *f)
{
  gboolean busy;

  g_object_get (yc_window_get_guides_page (f->window), "searching", &busy, NULL);
  return busy;
}

static char *
result_code (Fixture *f,
             guint    position)
{
  g_autoptr(YcGuideHit) hit = g_list_model_get_item (yc_guides_page_get_results (yc_window_get_guides_page (f->window)),
                                                     position);

  return hit ? g_strdup (yc_guide_hit_get_code (hit)) : NULL;
}

static gboolean
any_guide_shown (Fixture *f)
{
  return yc_guide_view_get_code (guide_view (f)) != NULL;
}

/* Enter in the guide search opens the first result, whatever row the mouse rests on; a
 * click opens the row clicked. */
static void
test_search_enter_first (Fixture       *f,
                         gconstpointer  data)
{
  YcGuidesPage *page;
  GtkWidget *entry;
  GtkWidget *list;
  GtkWidget *row;

  log_in_with_catalogue (f);
  if (!key_presses_possible (f))
    return;
  show_page (f, "guides");
  page = yc_window_get_guides_page (f->window);
  entry = GTK_WIDGET (yc_guides_page_get_search_entry (page));
  gtk_editable_set_text (GTK_EDITABLE (entry), "qykb");
  yc_test_wait_until (searching (f), TIMEOUT_S);
  yc_test_wait_until (!searching (f), TIMEOUT_S);
  g_assert_cmpuint (g_list_model_get_n_items (yc_guides_page_get_results (page)), >, 2);
  g_assert_cmpuint (yc_guides_page_get_selected (page), ==, 0);
  settle (GTK_WIDGET (f->window));

  /* The mouse comes to rest on the third result, as a hand leaves it anywhere. */
  list = find_widget (GTK_WIDGET (page), is_mapped_list_view, NULL);
  g_assert_nonnull (list);
  row = gtk_widget_get_first_child (list);
  g_assert_nonnull (row);
  g_assert_true (move_pointer_to (list, gtk_widget_get_width (list) / 2.0,
                                  gtk_widget_get_height (row) * 2.5));
  /* What the hover does, if anything, it does within a few frames. */
  yc_test_run_for (300);

  press_key (f, XK_Return, any_guide_shown);
  {
    g_autofree char *first = result_code (f, 0);

    g_assert_cmpstr (yc_guide_view_get_code (guide_view (f)), ==, first);
  }

  /* A click still opens the row clicked. */
  {
    g_autofree char *third = result_code (f, 2);

    click (list);
    yc_test_wait_until (g_strcmp0 (yc_guide_view_get_code (guide_view (f)), third) == 0, TIMEOUT_S);
  }
}

typedef int (*FakeKeyEventFunc) (Display *display, unsigned int keycode, Bool is_press, unsigned long delay);

static FakeKeyEventFunc fake_key;

static gboolean
showing_guides (Fixture *f)
{
  return g_strcmp0 (yc_window_get_visible_page (f->window), "guides") == 0;
}

static gboolean
showing_records (Fixture *f)
{
  return g_strcmp0 (yc_window_get_visible_page (f->window), "records") == 0;
}

static gboolean
showing_queue (Fixture *f)
{
  return g_strcmp0 (yc_window_get_visible_page (f->window), "queue") == 0;
}

static gboolean
zoomed (Fixture *f)
{
  return yc_text_scale_get_zoom (yc_text_scale_get_default ()) > 1.0;
}

/* Ctrl and keysym, pressed through the X server until happened (f) holds; the window is
 * given the X focus first (no window manager does). */
static void
press_control (Fixture  *f,
               KeySym    keysym,
               gboolean (*happened) (Fixture *f))
{
  Display *xdisplay = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (f->window)));
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (f->window)));
  KeyCode control = XKeysymToKeycode (xdisplay, XK_Control_L);
  KeyCode key = XKeysymToKeycode (xdisplay, keysym);

  for (guint attempt = 1; attempt <= 5 && !happened (f); attempt++)
    {
      gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
      guint tick = g_timeout_add (10, yc_test_tick_cb, NULL);

      XRaiseWindow (xdisplay, xid);
      XSetInputFocus (xdisplay, xid, RevertToParent, CurrentTime);
      yc_test_wait_until (gtk_window_is_active (GTK_WINDOW (f->window)), TIMEOUT_S);
      fake_key (xdisplay, control, True, CurrentTime);
      fake_key (xdisplay, key, True, CurrentTime);
      fake_key (xdisplay, key, False, CurrentTime);
      fake_key (xdisplay, control, False, CurrentTime);
      XSync (xdisplay, False);
      while (!happened (f) && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_source_remove (tick);
    }
  if (!happened (f))
    g_error ("Ctrl+%s had no effect", XKeysymToString (keysym));
}

/* Ctrl+1 … Ctrl+5 switch pages, and the sidebar's rows say so; Ctrl+plus enlarges the
 * text. */
static void
test_page_keys (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *keys = gtk_accelerator_get_label (GDK_KEY_3, GDK_CONTROL_MASK);
  GtkWidget *guides_row;

  log_in (f);
  if (!key_presses_possible (f))
    return;
  fake_key = (FakeKeyEventFunc) dlsym (dlopen ("libXtst.so.6", RTLD_NOW | RTLD_LOCAL), "XTestFakeKeyEvent");
  g_test_queue_destroy (restore_text_scale, NULL);

  press_control (f, XK_3, showing_guides);
  press_control (f, XK_5, showing_records);
  press_control (f, XK_1, showing_queue);
  press_control (f, XK_equal, zoomed);
  g_assert_cmpfloat_with_epsilon (yc_text_scale_get_zoom (yc_text_scale_get_default ()), 1.1, 1e-9);

  /* The third row of the sidebar is the Guides page's, and tells its keys. */
  guides_row = find_widget (GTK_WIDGET (f->window), is_page_row, "guides");
  g_assert_nonnull (guides_row);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (guides_row), ==, keys);
}

static GtkWidget *
find_tooltip (Fixture *f)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (f->window)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (G_OBJECT_TYPE_NAME (child), "GtkTooltipWindow") && gtk_widget_get_mapped (child))
      return child;
  return NULL;
}

static GtkWidget *
first_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = first_label (child);

      if (label != NULL)
        return label;
    }
  return NULL;
}

/* The tooltip's text in lines of a dozen characters at least (or in one line, when it
 * is shorter): GTK 4.8 wrapped a Chinese tooltip of 17 characters at 9, longer ones in
 * a narrow column. */
static void
assert_tooltip_wide (GtkWidget *label)
{
  PangoLayout *dozen = gtk_widget_create_pango_layout (label, "中中中中中中中中中中中中");
  PangoLayout *whole = gtk_widget_create_pango_layout (label, gtk_label_get_text (GTK_LABEL (label)));
  int dozen_width, whole_width;

  pango_layout_get_pixel_size (dozen, &dozen_width, NULL);
  pango_layout_get_pixel_size (whole, &whole_width, NULL);
  g_test_message ("tooltip label %d px wide; a dozen characters %d px, the whole text %d px",
                  gtk_widget_get_width (label), dozen_width, whole_width);
  g_assert_cmpint (gtk_widget_get_width (label), >=, MIN (dozen_width, whole_width));
  g_object_unref (dozen);
  g_object_unref (whole);
}

/* A long tooltip reads as lines of text, not a column of one character a line. */
static void
test_tooltip_width (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *indicator = GTK_WIDGET (yc_window_get_connection_label (f->window));
  GtkWidget *tooltip;
  GtkWidget *label;
  PangoLayout *layout;
  int lines;

  log_in_with_catalogue (f);
  if (!key_presses_possible (f))
    return;
  settle (GTK_WIDGET (f->window));
  g_assert_true (move_pointer_to (indicator, 2, 2));
  g_assert_true (move_pointer_to (indicator, gtk_widget_get_width (indicator) / 2.0,
                                  gtk_widget_get_height (indicator) / 2.0));
  yc_test_wait_until ((tooltip = find_tooltip (f)) != NULL, TIMEOUT_S);
  settle (tooltip);
  label = first_label (tooltip);
  g_assert_nonnull (label);
  layout = gtk_label_get_layout (GTK_LABEL (label));
  lines = pango_layout_get_line_count (layout);
  assert_tooltip_wide (label);
  g_test_message ("tooltip “%s”: %d×%d, %d lines", gtk_label_get_text (GTK_LABEL (label)),
                  gtk_widget_get_width (tooltip), gtk_widget_get_height (tooltip), lines);
  save_screenshot (f, "tooltip");
  g_assert_cmpint (lines, <=, 3);

  /* A check box at the right edge of the guide. */
  show_page (f, "guides");
  yc_guides_page_open (yc_window_get_guides_page (f->window), YC_CATALOGUE_PACKAGE, "YJS-001");
  yc_test_wait_until (guide_shown (f, "YJS-001"), TIMEOUT_S);
  settle (GTK_WIDGET (f->window));
  {
    GtkWidget *check = find_widget (GTK_WIDGET (guide_view (f)), is_mapped_check, NULL);

    g_assert_nonnull (check);
    g_assert_true (move_pointer_to (check, 2, 2));
    g_assert_true (move_pointer_to (check, gtk_widget_get_width (check) / 2.0, gtk_widget_get_height (check) / 2.0));
    yc_test_wait_until ((tooltip = find_tooltip (f)) != NULL &&
                        g_strcmp0 (gtk_label_get_text (GTK_LABEL (first_label (tooltip))),
                                   gtk_widget_get_tooltip_text (check)) == 0, TIMEOUT_S);
    settle (tooltip);
    label = first_label (tooltip);
    lines = pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label)));
    assert_tooltip_wide (label);
    g_test_message ("tooltip “%s”: %d×%d, %d lines", gtk_label_get_text (GTK_LABEL (label)),
                    gtk_widget_get_width (tooltip), gtk_widget_get_height (tooltip), lines);
    save_screenshot (f, "tooltip-check");
    g_assert_cmpint (lines, <=, 3);
  }
}

/* ---- Words kept whole ---- */

/* Pango may break a line between any two Chinese characters: a label a little too
 * narrow split “平均办/理”, “1 个工作/日”, “叫/号”. Words a clerk's trial saw split, in
 * both scripts; none of them may span two lines of a label the walk shows. */
static const char * const whole_words[] = {
  "工作日", "受理", "办理", "辦理", "叫号", "叫號", "窗口", "等候", "满意", "滿意", NULL
};

/* The words of whole_words split in label's layout, appended to problems. A text of
 * more than 40 characters is a paragraph: its lines end where they are full, as Chinese
 * print does, and a word may go on over a line's end there. */
static void
check_label_words (GtkLabel   *label,
                   const char *where,
                   GString    *problems)
{
  PangoLayout *layout = gtk_label_get_layout (label);
  const char *text = pango_layout_get_text (layout);

  if (pango_layout_get_line_count (layout) < 2 || g_utf8_strlen (text, -1) > 40)
    return;
  for (guint i = 0; whole_words[i] != NULL; i++)
    for (const char *at = strstr (text, whole_words[i]); at != NULL; at = strstr (at + 1, whole_words[i]))
      {
        const char *last = g_utf8_find_prev_char (at, at + strlen (whole_words[i]));
        int first_line, last_line;

        pango_layout_index_to_line_x (layout, at - text, FALSE, &first_line, NULL);
        pango_layout_index_to_line_x (layout, last - text, FALSE, &last_line, NULL);
        if (first_line != last_line)
          g_string_append_printf (problems, "\n  %s: “%s” split over lines %d and %d of “%s”%s%s",
                                  where, whole_words[i], first_line + 1, last_line + 1, text,
                                  gtk_buildable_get_buildable_id (GTK_BUILDABLE (label)) ? " #" : "",
                                  gtk_buildable_get_buildable_id (GTK_BUILDABLE (label)) ?
                                    gtk_buildable_get_buildable_id (GTK_BUILDABLE (label)) : "");
      }
}

static void
check_words_under (GtkWidget  *widget,
                   const char *where,
                   GString    *problems)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    check_label_words (GTK_LABEL (widget), where, problems);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_words_under (child, where, problems);
}

static void
check_words (Fixture    *f,
             GtkWindow  *toplevel,
             const char *where,
             const char *owner,
             gpointer    data)
{
  g_autofree char *name = g_strdup_printf ("words-%.0f-%s", 100 * yc_text_scale_get_zoom (yc_text_scale_get_default ()),
                                           where);

  g_strcanon (name, "abcdefghijklmnopqrstuvwxyz0123456789", '-');
  save_screenshot (f, name);
  check_words_under (GTK_WIDGET (toplevel), where, data);
}

/* At 1024×768 with the text at zoom: the whole walk, then the clerk's day after a visit
 * and the Pause button's tooltip: no word of whole_words is split. */
static void
walk_words (Fixture  *f,
            double    zoom)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(YcTicket) ticket = NULL;
  YcQueuePage *page;
  GtkWidget *pause;
  GtkWidget *tooltip = NULL;

  yc_text_scale_set_zoom (yc_text_scale_get_default (), zoom);
  g_test_queue_destroy (restore_text_scale, NULL);
  set_screen (f, 1024, 768);
  page = queue_page (f);
  walk_desk (f, check_words, problems);

  /* The clerk's day with its averages: a visit finished. */
  if (yc_queue_page_get_current (page) == NULL)
    {
      g_clear_object (&ticket);
      ticket = take_ticket (f, "B");
      act_and_settle (f, "queue.call-next");
    }
  act_and_settle (f, "queue.finish");
  yc_test_wait_until (yc_queue_page_get_current (page) == NULL && !yc_queue_page_get_busy (page) &&
                      g_strcmp0 (gtk_label_get_label (yc_queue_page_get_day_label (page)),
                                 _("Nobody served yet today.")) != 0, TIMEOUT_S);
  stop_at (f, "queue page: the day after a visit", check_words, problems);

  /* The Pause button's tooltip ends in 叫号. */
  pause = find_named (GTK_WIDGET (page), _("Pause"));
  g_assert_nonnull (pause);
  if (key_presses_possible (f))
    {
      g_assert_true (move_pointer_to (pause, 2, 2));
      g_assert_true (move_pointer_to (pause, gtk_widget_get_width (pause) / 2.0, gtk_widget_get_height (pause) / 2.0));
      yc_test_wait_until ((tooltip = find_tooltip (f)) != NULL &&
                          g_strcmp0 (gtk_label_get_text (GTK_LABEL (first_label (tooltip))),
                                     gtk_widget_get_tooltip_text (pause)) == 0, TIMEOUT_S);
      settle (tooltip);
      g_test_message ("tooltip “%s”: %d lines", gtk_label_get_text (GTK_LABEL (first_label (tooltip))),
                      pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (first_label (tooltip)))));
      check_label_words (GTK_LABEL (first_label (tooltip)), "the Pause button's tooltip", problems);
    }

  if (problems->len > 0)
    g_error ("Words split at %.0f%% text in %s:%s", 100 * zoom,
             g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "English", problems->str);
}

static void
test_words_whole (Fixture       *f,
                  gconstpointer  data)
{
  walk_words (f, 1.0);
}

/* The clerks' trial had the text at 120%. */
static void
test_words_whole_120 (Fixture       *f,
                      gconstpointer  data)
{
  walk_words (f, 1.2);
}

/* Ticking the first missing material relabels the notice button ("One-Time Notice (1
 * Missing)"): the title above must not wrap anew and move the list under the pointer. */
static void
test_missing_keeps_list (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(GStrv) materials = NULL;
  GtkWidget *title_bar;
  int before, after;

  set_screen (f, 1024, 768);
  log_in_with_catalogue (f);
  show_page (f, "guides");
  yc_guides_page_open (yc_window_get_guides_page (f->window), YC_CATALOGUE_PACKAGE, "YJS-001");
  yc_test_wait_until (guide_shown (f, "YJS-001"), TIMEOUT_S);
  settle (GTK_WIDGET (f->window));
  materials = yc_guide_view_dup_materials (guide_view (f));

  /* The bar above the list: its height is where the list starts. */
  title_bar = find_widget (GTK_WIDGET (guide_view (f)), has_id, "title_bar");
  g_assert_nonnull (title_bar);
  before = gtk_widget_get_height (title_bar);
  g_assert_true (yc_guide_view_set_missing (guide_view (f), materials[0], TRUE));
  settle (GTK_WIDGET (f->window));
  after = gtk_widget_get_height (title_bar);
  g_test_message ("the bar above the materials: %d px, then %d px", before, after);
  g_assert_cmpint (after, ==, before);
}

static gboolean
paused (Fixture *f)
{
  return yc_queue_page_get_paused (queue_page (f)) && !yc_queue_page_get_busy (queue_page (f));
}

static gboolean
open_again (Fixture *f)
{
  return !yc_queue_page_get_paused (queue_page (f)) && !yc_queue_page_get_busy (queue_page (f));
}

/* The header says on every page that the window is paused or closed. */
static void
test_header_window_state (Fixture       *f,
                          gconstpointer  data)
{
  AdwWindowTitle *title = yc_window_get_title_widget (f->window);
  g_autofree char *open_subtitle = NULL;

  log_in (f);
  open_subtitle = g_strdup (adw_window_title_get_subtitle (title));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (queue_page (f)), "queue.pause", "s", "break"));
  yc_test_wait_until (paused (f), TIMEOUT_S);
  show_page (f, "guides");
  g_test_message ("paused: %s", adw_window_title_get_subtitle (title));
  g_assert_true (g_str_has_prefix (adw_window_title_get_subtitle (title), open_subtitle));
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (title), g_dpgettext2 (GETTEXT_PACKAGE, "window state", "Paused")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (queue_page (f)), "queue.pause", "s", ""));
  yc_test_wait_until (open_again (f), TIMEOUT_S);
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, open_subtitle);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (queue_page (f)), "queue.pause", "s", "closed"));
  /* Closing asks first (/desk/queue/close-asks). */
  answer_dialog (wait_dialog (), "close");
  yc_test_wait_until (paused (f), TIMEOUT_S);
  g_test_message ("closed: %s", adw_window_title_get_subtitle (title));
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (title), g_dpgettext2 (GETTEXT_PACKAGE, "window state", "Closed")));

  /* Logged out, the state goes with the session. */
  log_out (f);
  g_assert_true (adw_window_title_get_subtitle (title) == NULL || *adw_window_title_get_subtitle (title) == '\0');
}

/* ---- Registration ---- */

void
yc_test_desk_shell_add_tests (void)
{
  if (g_getenv ("YC_TEST_SHELL") == NULL)
    return;
  add_guides_test ("/desk/shell/fits-1024x768", test_fits_1024);
  add_guides_test ("/desk/shell/accessible-names", test_accessible_names);
  add_guides_test ("/desk/shell/missing-named", test_missing_named);
  add_guides_test ("/desk/shell/missing-keeps-list", test_missing_keeps_list);
  add_test ("/desk/shell/pin-tab", test_pin_tab);
  add_test ("/desk/shell/page-keys", test_page_keys);
  add_test ("/desk/shell/header-window-state", test_header_window_state);
  add_guides_test ("/desk/shell/tooltip-width", test_tooltip_width);
  add_guides_test ("/desk/shell/text-scale-1366x768", test_text_scale);
  add_guides_test ("/desk/shell/search-enter-first", test_search_enter_first);
  /* Not in the sanitized build (tests/desk/meson.build says why). */
  if (g_getenv ("YC_TEST_NO_WORD_WALKS") == NULL)
    {
      add_guides_test ("/desk/shell/words-whole", test_words_whole);
      add_guides_test ("/desk/shell/words-whole-120", test_words_whole_120);
    }
}
