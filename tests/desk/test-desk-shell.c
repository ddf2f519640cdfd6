/* test-desk-shell.c: the desk as a whole, page by page and dialog by dialog: it fits a
 * 1024×768 screen (and 1366×768 with text at 1.5×), every control a clerk can reach has
 * a name a screen reader can speak, and the keyboard does what the clerk expects. The
 * cases are there only with YC_TEST_SHELL set: meson runs them in English, zh_CN and
 * zh_TW with GTK's test accessibility backend (GTK_A11Y=test). */
#include "config-desk.h"

#include "desk-fixture.h"

#include <string.h>
#include <X11/keysym.h>

#include "../test-server-util.h"
#include "../test-util.h"

#include "yc-preferences.h"

/* ---- Walking the desk ---- */

/* One stop of the walk: a toplevel as it is now (the main window or a dialog), where
 * the walk is, and the source file of the page shown (for whom a problem there is). */
typedef void (*StopFunc) (Fixture    *f,
                          GtkWindow  *toplevel,
                          const char *where,
                          gpointer    data);

/* Lets a resize, a relayout and a frame happen: what is measured is what is shown. */
static void
settle (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 before;

  if (clock == NULL)
    return;
  before = gdk_frame_clock_get_frame_counter (clock);
  gtk_widget_queue_resize (widget);
  yc_test_wait_until (gdk_frame_clock_get_frame_counter (clock) >= before + 2, TIMEOUT_S);
}

static void
log_in_with_catalogue (Fixture *f)
{
  YcCatalogueSync *sync;

  log_in (f);
  sync = yc_context_get_catalogue_sync (f->context);
  g_assert_nonnull (sync);
  yc_test_wait_until (yc_catalogue_sync_get_last_success (sync) > 0 &&
                      !yc_catalogue_sync_get_running (sync), TIMEOUT_S);
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

static gboolean
intake_shown (Fixture *f)
{
  YcIntakeView *view = yc_intake_page_get_view (yc_window_get_intake_page (f->window));

  return g_strcmp0 (yc_intake_view_get_shown (view), "intake") == 0;
}

/* The message dialog an action opens (some after a call to the server), stopped at,
 * then cancelled. */
static void
stop_at_dialog (Fixture    *f,
                GtkWidget  *widget,
                const char *action,
                const char *where,
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
  stop (f, GTK_WINDOW (dialog), where, data);
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
  stop (f, GTK_WINDOW (f->window), where, data);
}

/* Every page and the dialogs that can be opened from them, as a clerk's morning goes:
 * log in, call a citizen, look up a guide, start its intake, the Records and Tasks
 * pages, the preferences. */
static void
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
  stop_at_dialog (f, queue, "queue.call-number", "queue page: call a number", stop, data);
  stop_at_dialog (f, queue, "queue.walk-in", "queue page: a walk-in", stop, data);

  ticket = take_ticket (f, "B");
  activate (f, "queue.call-next");
  yc_test_wait_until (shows (f, ticket), TIMEOUT_S);
  yc_test_wait_until (yc_queue_page_get_suggestion (queue_page (f), "YJS-001") != NULL, TIMEOUT_S);
  stop_at (f, "queue page: a citizen at the window", stop, data);
  stop_at_dialog (f, queue, "queue.transfer", "queue page: transfer", stop, data);

  show_page (f, "guides");
  stop_at (f, "guides page", stop, data);
  yc_guides_page_open (yc_window_get_guides_page (f->window), YC_CATALOGUE_PACKAGE, "YJS-001");
  yc_test_wait_until (guide_shown (f, "YJS-001"), TIMEOUT_S);
  stop_at (f, "guides page: the guide of a package", stop, data);
  yc_guides_page_open (yc_window_get_guides_page (f->window), YC_CATALOGUE_ITEM, "410700-SCJG-XK-0001");
  yc_test_wait_until (guide_shown (f, "410700-SCJG-XK-0001"), TIMEOUT_S);
  stop_at (f, "guides page: the guide of an item", stop, data);
  yc_guides_page_open (yc_window_get_guides_page (f->window), YC_CATALOGUE_PACKAGE, "YJS-001");
  yc_test_wait_until (guide_shown (f, "YJS-001"), TIMEOUT_S);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (guide_view (f)), "guide.start-intake", NULL));
  g_assert_cmpstr (yc_window_get_visible_page (f->window), ==, "intake");
  yc_test_wait_until (intake_shown (f), TIMEOUT_S);
  stop_at (f, "intake page", stop, data);
  {
    GtkWidget *view = GTK_WIDGET (yc_intake_page_get_view (yc_window_get_intake_page (f->window)));

    stop_at_dialog (f, view, "intake.refuse", "intake page: refuse", stop, data);
    stop_at_dialog (f, view, "intake.notice", "intake page: one-time notice", stop, data);
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

  /* The preferences need a settings schema: the memory backend's, as the tests run. */
  settings = g_settings_new ("cn.yichuang.Desk");
  preferences = yc_preferences_new (GTK_WINDOW (f->window), settings);
  gtk_window_present (GTK_WINDOW (preferences));
  yc_test_wait_until (gtk_widget_get_mapped (preferences), TIMEOUT_S);
  settle (preferences);
  stop (f, GTK_WINDOW (preferences), "preferences", data);
  gtk_window_destroy (GTK_WINDOW (preferences));
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
    save_screenshot (f, name);
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
  Fit fit = { width, height, g_string_new (NULL) };

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

/* ---- Registration ---- */

void
yc_test_desk_shell_add_tests (void)
{
  if (g_getenv ("YC_TEST_SHELL") == NULL)
    return;
  add_guides_test ("/desk/shell/fits-1024x768", test_fits_1024);
}
