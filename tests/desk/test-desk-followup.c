/* test-desk-followup.c: loose ends of the records and intake work of issue 16: the
 * 容缺受理通知书 printed at Accept carries the day each deferred material is due; the
 * Records page's lights follow the context's one work calendar; every control of the
 * Records page and an opened case, and of the intake page and what it asks, has a name a
 * screen reader speaks; the Records page and an opened case fit 1024×768 at text scale
 * 1.5, the case number on one line. */
#include "config-desk.h"

#include <stdlib.h>
#include <string.h>

#include "core/yc-case.h"
#include "core/yc-time.h"
#include "core/yc-workdays.h"

#include "desk-fixture.h"
#include "../test-util.h"

static const char *enterprise_items[] = { "990100-SCJG-XK-0001", "990100-GA-QT-0001", NULL };
static const char *deferred_material = "住所（经营场所）使用证明";

/* An intake of 企业开办 shown, its papers going to the fixture's folder as PDF, with the
 * promise's due date known. */
static YcIntake *
start_intake (Fixture *f)
{
  YcIntake *intake;

  log_in_with_catalogue (f);
  g_object_set (intake_view (f), "print-papers", FALSE, "paper-folder", f->dir, NULL);
  intake = yc_intake_page_start (intake_page (f), "YJS-001", enterprise_items, "企业开办一件事", NULL);
  yc_test_wait_until (intake_shown (f) && yc_context_get_work_calendar (f->context) != NULL, TIMEOUT_S);
  return intake;
}

static void
keep_paper (YcDocument *doc,
            gpointer    data)
{
  YcDocument **kept = data;

  g_clear_pointer (kept, yc_document_unref);
  *kept = yc_document_ref (doc);
}

/* Accepts the intake as the clerk does; with a material deferred (commitment), the
 * letter of commitment is printed (to the paper folder) and signed first. */
static void
accept_intake (Fixture  *f,
               gboolean  commitment)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (intake_view (f)), "intake.accept", NULL));
  if (commitment)
    {
      AdwMessageDialog *dialog = wait_dialog ();
      GtkWidget *print = gtk_widget_get_first_child (gtk_widget_get_first_child (adw_message_dialog_get_extra_child (dialog)));

      g_signal_emit_by_name (print, "clicked");
      g_assert_true (adw_message_dialog_get_response_enabled (dialog, "accept"));
      answer_dialog (dialog, "accept");
    }
  yc_test_wait_until (g_list_model_get_n_items (yc_intake_page_get_intakes (intake_page (f))) == 0, TIMEOUT_S);
}

/* The 容缺受理通知书 handed over at Accept says by which day the deferred material is to
 * be brought: a working day after today, the one the checklist chose. */
static void
test_receipt_supplement_day (Fixture       *f,
                             gconstpointer  data)
{
  YcIntake *intake = start_intake (f);
  YcWorkCalendar *calendar = yc_context_get_work_calendar (f->context);
  g_autoptr(YcDocument) paper = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *text = NULL;
  g_autofree char *by = NULL;
  const char *supplement_by = NULL;
  guint n_days = 0;
  GDate today;

  fill_in_intake (f, intake, 3);
  g_assert_true (yc_intake_view_choose_material (intake_view (f), deferred_material, YC_MATERIAL_DEFERRED));
  yc_intake_get_material (intake, deferred_material, NULL, &supplement_by);
  g_assert_nonnull (supplement_by);
  by = g_strdup (supplement_by);

  yc_intake_page_set_paper_sink (intake_page (f), keep_paper, &paper);
  accept_intake (f, TRUE);
  yc_test_wait_until (paper != NULL, TIMEOUT_S);
  yc_intake_page_set_paper_sink (intake_page (f), NULL, NULL);
  text = doc_pdf_text (f, paper, "receipt.pdf");
  {
    /* In the centre's language (zh_CN), whatever the desk's. */
    g_autofree char *title = squashed (yc_paper_gettext (NULL, NULL, "Notice of Acceptance on Commitment"));

    g_assert_nonnull (strstr (text, title));
  }

  /* The material's row: its name, then its day (yc_doc_format_date's as the centre's
   * papers write it, 2026年12月8日), on each copy. */
  regex = g_regex_new ("住所（经营场所）使用证明(\\d{4})年(\\d{1,2})月(\\d{1,2})日", 0, 0, NULL);
  g_regex_match (regex, text, 0, &match);
  yc_time_local_date (&today);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *year = g_match_info_fetch (match, 1);
      g_autofree char *month = g_match_info_fetch (match, 2);
      g_autofree char *month_day = g_match_info_fetch (match, 3);
      g_autofree char *day_text = g_strdup_printf ("%s-%02d-%02d", year, atoi (month), atoi (month_day));
      GDate day;

      g_assert_true (yc_time_parse_date (day_text, &day));
      g_assert_cmpint (g_date_compare (&day, &today), >, 0);
      g_assert_true (yc_work_calendar_is_working_day (calendar, &day));
      g_assert_cmpstr (day_text, ==, by);
      n_days++;
    }
  g_assert_cmpuint (n_days, ==, 2);
}

/* Records: the cases decided here, listed. */
static YcRecordsPage *
show_records (Fixture *f,
              guint    n_cases)
{
  YcRecordsPage *records;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-case", "s", ""));
  records = yc_window_get_records_page (f->window);
  yc_test_wait_until (g_list_model_get_n_items (yc_records_page_get_cases (records)) == n_cases, TIMEOUT_S);
  return records;
}

/* How many of the page's rows have this light on. */
static guint
count_lights (GtkWidget  *widget,
              const char *light)
{
  guint n = gtk_widget_has_css_class (widget, light) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_lights (child, light);
  return n;
}

/* The Records page's lights are counted on the context's one work calendar, and follow it
 * when a catalogue sync renews it: the centre declares the working days up to a case's
 * due date holidays, and its light turns from green to yellow (the page read a calendar
 * of its own once, and kept it). */
static void
test_records_calendar (Fixture       *f,
                       gconstpointer  data)
{
  YcIntake *intake = start_intake (f);
  YcRecordsPage *records;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) holidays = g_string_new (NULL);
  GDate today, due, day;

  /* Accepted today, due in a month: more than three working days left. */
  yc_time_local_date (&today);
  due = today;
  g_date_add_days (&due, 30);
  {
    g_autofree char *accepted_on = yc_time_format_date (&today);
    g_autofree char *due_date = yc_time_format_date (&due);
    g_autofree char *text = g_strdup_printf ("{\"decision\":\"accepted\",\"package\":null,"
                                             "\"items\":[\"990100-SCJG-XK-0001\"],\"title\":\"企业设立登记\","
                                             "\"ticket\":null,\"applicant\":{\"type\":\"person\",\"name\":\"李建国\","
                                             "\"id_number\":\"410703197503081013\",\"phone\":\"13837306655\",\"address\":null},\"agent\":null,"
                                             "\"fields\":{},\"materials\":[{\"name\":\"公司章程\",\"status\":\"provided\","
                                             "\"pages\":12}],\"accepted_on\":\"%s\",\"promised_days\":20,"
                                             "\"due_date\":\"%s\"}", accepted_on, due_date);
    g_autoptr(JsonNode) body = json_from_string (text, NULL);
    g_autoptr(YcRecord) record = NULL;
    g_autoptr(GError) error = NULL;

    yc_case_validate_body (body, 0, &error);
    g_assert_no_error (error);
    record = yc_record_new ("case", body);
    g_signal_emit_by_name (intake_view (f), "decided", intake, record);
  }
  records = show_records (f, 1);
  yc_test_wait_until (count_lights (GTK_WIDGET (records), "light-green") == 1, TIMEOUT_S);

  /* Every weekday from tomorrow to the due date a holiday: no working day is left. A year
   * the demo catalogue has no calendar of (the next one, in December; any, once its
   * newest is past) gets its holidays in a calendar of its own, as the centre would
   * publish it. */
  for (guint year = g_date_get_year (&today); year <= g_date_get_year (&due); year++)
    {
      gboolean known;

      g_string_printf (sql, "SELECT count(*) FROM catalogue WHERE kind = 'calendar' AND code = '%u'", year);
      known = server_count (f, sql->str) == 1;
      if (known)
        g_string_assign (holidays, "body");
      else
        g_string_printf (holidays, "json_object ('year', %u, 'holidays', json_array ())", year);
      for (day = today, g_date_add_days (&day, 1); g_date_compare (&day, &due) <= 0; g_date_add_days (&day, 1))
        if (g_date_get_year (&day) == year && g_date_get_weekday (&day) <= G_DATE_FRIDAY)
          {
            g_autofree char *iso = yc_time_format_date (&day);

            g_string_prepend (holidays, "json_insert (");
            g_string_append_printf (holidays, ", '$.holidays[#]', json_object ('date', '%s', 'name', '测试假日'))", iso);
          }
      if (known)
        g_string_printf (sql, "UPDATE catalogue SET revision = (SELECT max (revision) + 1 FROM catalogue), body = %s"
                              " WHERE kind = 'calendar' AND code = '%u'", holidays->str, year);
      else
        g_string_printf (sql, "INSERT INTO catalogue (kind, code, body, revision)"
                              " SELECT 'calendar', '%u', %s, max (revision) + 1 FROM catalogue", year, holidays->str);
      server_exec (f, sql->str);
    }

  yc_catalogue_sync_run (yc_context_get_catalogue_sync (f->context));
  yc_test_wait_until (count_lights (GTK_WIDGET (records), "light-yellow") == 1, TIMEOUT_S);
  g_assert_cmpuint (count_lights (GTK_WIDGET (records), "light-green"), ==, 0);
}

/* ---- Accessible names ---- */

/* The name a screen reader is told (test-desk-shell.c's a11y_name), NULL also when it
 * is read twice or labelled by a widget the walker cannot find. */
static char *
name_of (GtkWidget *widget)
{
  gboolean twice, unknown;
  char *name = a11y_name (widget, &twice, &unknown);

  if (twice || unknown)
    g_clear_pointer (&name, g_free);
  return name;
}

static void
check_names_under (GtkWidget *widget,
                   GString   *nameless,
                   guint     *n_checked)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (a11y_is_control (widget) && gtk_widget_get_mapped (widget))
    {
      g_autofree char *name = name_of (widget);

      (*n_checked)++;
      if (name == NULL)
        {
          g_autofree char *path = a11y_widget_path (widget, NULL);

          g_string_append_printf (nameless, "\n  %s", path);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    check_names_under (child, nameless, n_checked);
}

static void
collect_actionable (GtkWidget  *widget,
                    const char *action,
                    GPtrArray  *found)
{
  if (GTK_IS_ACTIONABLE (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_actionable (child, action, found);
}

static gboolean painted;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       data)
{
  painted = TRUE;
}

/* Waits until widget's window was laid out and drawn again. */
static void
wait_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), NULL);

  painted = FALSE;
  gtk_widget_queue_draw (widget);
  yc_test_wait_until (painted, TIMEOUT_S);
  g_signal_handler_disconnect (clock, id);
}

/* A case of each decision and a record the centre did not apply: every control the
 * Records page and an opened case show. */
static YcRecordsPage *
fill_records (Fixture *f)
{
  g_autoptr(JsonNode) body = json_from_string ("{}", NULL);
  g_autoptr(YcRecord) visit = yc_record_new ("visit", body);
  g_autoptr(GAsyncResult) enqueued = NULL;
  YcIntake *intake = start_intake (f);

  /* Accepted on commitment, then a one-time notice. */
  fill_in_intake (f, intake, 3);
  g_assert_true (yc_intake_view_choose_material (intake_view (f), deferred_material, YC_MATERIAL_DEFERRED));
  accept_intake (f, TRUE);
  intake = yc_intake_page_start (intake_page (f), "YJS-001", enterprise_items, "企业开办一件事", NULL);
  yc_test_wait_until (intake_shown (f), TIMEOUT_S);
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "applicant.name"), "李建国");
  g_assert_true (yc_intake_view_choose_material (intake_view (f), "公司章程", YC_MATERIAL_MISSING));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (intake_view (f)), "intake.notice", NULL));
  answer_dialog (wait_dialog (), "issue");
  yc_test_wait_until (g_list_model_get_n_items (yc_intake_page_get_intakes (intake_page (f))) == 0, TIMEOUT_S);

  /* A visit naming no ticket: the centre keeps it but cannot apply it. */
  yc_store_enqueue_async (f->store, visit, NULL, yc_test_result_cb, &enqueued);
  yc_test_wait_until (enqueued != NULL, TIMEOUT_S);
  g_assert_true (yc_store_enqueue_finish (f->store, enqueued, NULL));
  yc_test_wait_until (yc_store_get_attention (f->store) == 1, TIMEOUT_S);

  return show_records (f, 2);
}

/* Every control of the Records page (the search, the refresh, each case's paper menu,
 * the attention list's Dismiss) and of an opened case has a name a screen reader speaks. */
static void
test_records_named (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GString) nameless = g_string_new (NULL);
  YcRecordsPage *records = fill_records (f);
  g_autoptr(YcCaseEntry) first = NULL;
  AdwMessageDialog *dialog;
  guint n_checked = 0;

  yc_test_wait_until (g_list_model_get_n_items (yc_records_page_get_attention (records)) == 1, TIMEOUT_S);
  wait_frame (GTK_WIDGET (f->window));
  check_names_under (GTK_WIDGET (records), nameless, &n_checked);

  first = g_list_model_get_item (yc_records_page_get_cases (records), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (records), "records.open", "s",
                                             yc_case_entry_get_id (first)));
  dialog = wait_dialog ();
  wait_frame (GTK_WIDGET (dialog));
  check_names_under (GTK_WIDGET (dialog), nameless, &n_checked);
  answer_dialog (dialog, "close");

  /* Dismiss says which record it puts away. */
  {
    g_autoptr(GPtrArray) found = g_ptr_array_new ();

    collect_actionable (GTK_WIDGET (records), "records.dismiss", found);
    g_assert_cmpuint (found->len, ==, 1);
    for (guint i = 0; i < found->len; i++)
      {
        GtkWidget *row = gtk_widget_get_ancestor (found->pdata[i], ADW_TYPE_ACTION_ROW);
        g_autofree char *name = name_of (found->pdata[i]);

        g_assert_nonnull (row);
        g_assert_nonnull (name);
        g_assert_nonnull (strstr (name, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))));
      }
  }

  g_test_message ("%u controls checked", n_checked);
  /* The search, refresh, two paper menus, Dismiss; Close, Save, Print. */
  g_assert_cmpuint (n_checked, >=, 8);
  if (nameless->len > 0)
    g_error ("Controls without a name a screen reader can speak:%s", nameless->str);
}

/* The dialog action asks, walked, then closed with close_response. */
static void
check_dialog (Fixture    *f,
              GtkWidget  *from,
              const char *action,
              const char *close_response,
              GString    *nameless,
              guint      *n_checked)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (from, action, NULL));
  dialog = wait_dialog ();
  g_test_message ("%s: %s", action, adw_message_dialog_get_heading (dialog));
  wait_frame (GTK_WIDGET (dialog));
  check_names_under (GTK_WIDGET (dialog), nameless, n_checked);
  answer_dialog (dialog, close_response);
}

/* Every control of the intake page (the list of intakes, the form, the checklist) and of
 * what it asks before a decision (the one-time notice, the letter of commitment, the
 * refusal, discarding) has a name a screen reader speaks. */
static void
test_intake_named (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GString) nameless = g_string_new (NULL);
  YcIntake *intake = start_intake (f);
  GtkWidget *view = GTK_WIDGET (intake_view (f));
  guint n_checked = 0;

  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (intake_page (f)))), "intake");
  fill_in_intake (f, intake, 3);
  g_assert_true (yc_intake_view_choose_material (intake_view (f), deferred_material, YC_MATERIAL_DEFERRED));
  check_dialog (f, view, "intake.accept", "cancel", nameless, &n_checked);
  g_assert_true (yc_intake_view_choose_material (intake_view (f), "公司章程", YC_MATERIAL_MISSING));
  wait_frame (GTK_WIDGET (f->window));
  check_names_under (GTK_WIDGET (intake_page (f)), nameless, &n_checked);
  check_dialog (f, view, "intake.notice", "cancel", nameless, &n_checked);
  check_dialog (f, view, "intake.refuse", "cancel", nameless, &n_checked);
  check_dialog (f, GTK_WIDGET (intake_page (f)), "intake.discard", "cancel", nameless, &n_checked);

  g_test_message ("%u controls checked", n_checked);
  g_assert_cmpuint (n_checked, >=, 30);
  if (nameless->len > 0)
    g_error ("Controls without a name a screen reader can speak:%s", nameless->str);
}

/* ---- Size ---- */

/* widget's window as a PNG in YC_TEST_SCREENSHOTS, when set: a dialog too, which
 * save_screenshot () does not picture. */
static void
picture (GtkWidget  *widget,
         const char *name)
{
  const char *dir = g_getenv ("YC_TEST_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (dir == NULL || *dir == '\0')
    return;
  wait_frame (widget);
  paintable = gtk_widget_paintable_new (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
collect_labels (GtkWidget *widget,
                GPtrArray *found)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, found);
}

/* What does not fit in width × height: top's least size, and each control shown in it
 * that lies past its right edge, or past its bottom outside a scrolled list. */
static void
check_fits (GtkWidget *top,
            GtkWidget *widget,
            int        width,
            int        height,
            GString   *problems)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (widget == top)
    {
      int min_width = 0, min_height = 0;

      gtk_widget_measure (top, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      gtk_widget_measure (top, GTK_ORIENTATION_VERTICAL, width, &min_height, NULL, NULL, NULL);
      g_test_message ("%s: at least %d×%d of %d×%d", G_OBJECT_TYPE_NAME (top), min_width, min_height, width, height);
      if (min_width > width || min_height > height)
        g_string_append_printf (problems, "\n  %s needs at least %d×%d of %d×%d", G_OBJECT_TYPE_NAME (top),
                                min_width, min_height, width, height);
    }
  else if (a11y_is_control (widget) && gtk_widget_get_mapped (widget))
    {
      graphene_rect_t bounds;
      gboolean scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW) != NULL &&
                          gtk_widget_is_ancestor (gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW), top);

      g_assert_true (gtk_widget_compute_bounds (widget, top, &bounds));
      if (bounds.origin.x < 0 || bounds.origin.x + bounds.size.width > gtk_widget_get_width (top) + 0.5 ||
          (!scrolled && (bounds.origin.y < 0 ||
                         bounds.origin.y + bounds.size.height > gtk_widget_get_height (top) + 0.5)))
        {
          g_autofree char *path = a11y_widget_path (widget, NULL);

          g_string_append_printf (problems, "\n  %s at %.0f,%.0f %.0f×%.0f", path, bounds.origin.x, bounds.origin.y,
                                  bounds.size.width, bounds.size.height);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    check_fits (top, child, width, height, problems);
}

/* Many halls' monitors are 1024×768, and clerks enlarge the text: at 1.5 times, the
 * Records page (with a case of each kind and a record that did not take effect) and an
 * opened case fit such a screen, no control off it. */
static void
test_records_fit (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  GtkSettings *settings = gtk_settings_get_default ();
  GtkWidget *window;
  YcRecordsPage *records;
  g_autoptr(YcCaseEntry) accepted = NULL;
  AdwMessageDialog *dialog;
  int dpi = 0;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", 96 * 1024 * 3 / 2, NULL);
  /* A window shown keeps its size: it is made anew, at the screen's. */
  close_window (f);
  f->context = yc_context_new_for_client (f->client, f->store, f->catalogue, NULL);
  yc_sync_set_backoff (yc_context_get_sync (f->context), 50, 400);
  f->window = yc_window_new (NULL, f->context);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  window = GTK_WIDGET (f->window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 768);
  gtk_window_present (GTK_WINDOW (window));
  yc_test_wait_until (gtk_widget_get_mapped (window), TIMEOUT_S);

  records = fill_records (f);
  yc_test_wait_until (g_list_model_get_n_items (yc_records_page_get_attention (records)) == 1, TIMEOUT_S);
  wait_frame (window);
  g_test_message ("window: %d×%d", gtk_widget_get_width (window), gtk_widget_get_height (window));
  picture (window, "records-1024-text-1.5");
  {
    /* The page in what a 1024×768 window leaves it beside the sidebar and under the
     * header. (The window as a whole is as wide as its widest page, the Queue page's.) */
    int width = 1024 - (gtk_widget_get_width (window) - gtk_widget_get_width (GTK_WIDGET (records)));
    int height = 768 - (gtk_widget_get_height (window) - gtk_widget_get_height (GTK_WIDGET (records)));
    int window_width = 0;

    gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &window_width, NULL, NULL, NULL);
    g_test_message ("the window: %d×%d, at least %d wide", gtk_widget_get_width (window),
                    gtk_widget_get_height (window), window_width);
    check_fits (GTK_WIDGET (records), GTK_WIDGET (records), width, height, problems);
  }

  /* The accepted case on commitment: the longest of them. */
  for (guint i = 0; i < g_list_model_get_n_items (yc_records_page_get_cases (records)) && accepted == NULL; i++)
    {
      g_autoptr(YcCaseEntry) entry = g_list_model_get_item (yc_records_page_get_cases (records), i);

      if (yc_case_entry_get_owed (entry)->len > 0)
        accepted = g_steal_pointer (&entry);
    }
  g_assert_nonnull (accepted);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (records), "records.open", "s",
                                             yc_case_entry_get_id (accepted)));
  dialog = wait_dialog ();
  wait_frame (GTK_WIDGET (dialog));
  {
    int min_height = 0;

    gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (GTK_WIDGET (dialog)),
                        &min_height, NULL, NULL, NULL);
    g_test_message ("the case: %d×%d, at least %d high", gtk_widget_get_width (GTK_WIDGET (dialog)),
                    gtk_widget_get_height (GTK_WIDGET (dialog)), min_height);
  }
  picture (GTK_WIDGET (dialog), "records-case-1024-text-1.5");
  check_fits (GTK_WIDGET (dialog), GTK_WIDGET (dialog), 1024, 768, problems);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), <=, 1024);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (dialog)), <=, 768);
  /* Its case number on one line, not broken in two. */
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    const char *number = yc_case_entry_get_case_number (accepted);
    guint seen = 0;

    g_assert_nonnull (number);
    collect_labels (GTK_WIDGET (dialog), labels);
    for (guint i = 0; i < labels->len; i++)
      {
        const char *text = gtk_label_get_text (labels->pdata[i]);
        const char *at = strstr (text, number);
        PangoLayout *layout = gtk_label_get_layout (labels->pdata[i]);
        int first, last, x;

        if (at == NULL)
          continue;
        pango_layout_index_to_line_x (layout, at - text, FALSE, &first, &x);
        pango_layout_index_to_line_x (layout, at - text + strlen (number) - 1, FALSE, &last, &x);
        if (first != last)
          g_string_append_printf (problems, "\n  the case number %s is broken over lines %d to %d", number, first, last);
        seen++;
      }
    g_assert_cmpuint (seen, ==, 1);
  }
  answer_dialog (dialog, "close");

  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  if (problems->len > 0)
    g_error ("Records does not fit 1024×768 at text scale 1.5:%s", problems->str);
}

void
yc_test_desk_followup_add_tests (void)
{
  add_guides_test ("/desk/followup/receipt-supplement-day", test_receipt_supplement_day);
  add_guides_test ("/desk/followup/records-calendar", test_records_calendar);
  add_guides_test ("/desk/followup/records-named", test_records_named);
  add_guides_test ("/desk/followup/intake-named", test_intake_named);
  add_guides_test ("/desk/followup/records-fit", test_records_fit);
}
