/* test-desk-followup.c: loose ends of the records and intake work of issue 16: the
 * 容缺受理通知书 printed at Accept carries the day each deferred material is due; the
 * Records page's lights follow the context's one work calendar. */
#include "config-desk.h"

#include <string.h>

#include "core/yc-case.h"
#include "core/yc-time.h"
#include "core/yc-workdays.h"

#include "desk-fixture.h"
#include "../test-util.h"

static const char *enterprise_items[] = { "410700-SCJG-XK-0001", "410700-GA-QT-0001", NULL };
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

static char *
text_of (Fixture    *f,
         YcDocument *doc,
         const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (yc_document_export_pdf (doc, path, GTK_WINDOW (f->window), &error));
  g_assert_no_error (error);
  return pdf_text (path);
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
  text = text_of (f, paper, "receipt.pdf");
  g_assert_nonnull (strstr (text, "NoticeofAcceptanceonCommitment"));

  /* The material's row: its name, then its day (yc_doc_format_date's "%Y-%m-%d" in the
   * tests' English), on each copy. */
  regex = g_regex_new ("住所（经营场所）使用证明(\\d{4}-\\d{2}-\\d{2})", 0, 0, NULL);
  g_regex_match (regex, text, 0, &match);
  yc_time_local_date (&today);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *day_text = g_match_info_fetch (match, 1);
      GDate day;

      g_assert_true (yc_time_parse_date (day_text, &day));
      g_assert_cmpint (g_date_compare (&day, &today), >, 0);
      g_assert_true (yc_work_calendar_is_working_day (calendar, &day));
      g_assert_cmpstr (day_text, ==, by);
      n_days++;
    }
  g_test_message ("%s", text);
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
                                             "\"items\":[\"410700-SCJG-XK-0001\"],\"title\":\"企业设立登记\","
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

  /* Every weekday from tomorrow to the due date a holiday: no working day is left. */
  g_string_append (holidays, "body");
  for (day = today, g_date_add_days (&day, 1); g_date_compare (&day, &due) <= 0; g_date_add_days (&day, 1))
    if (g_date_get_weekday (&day) <= G_DATE_FRIDAY)
      {
        g_autofree char *iso = yc_time_format_date (&day);

        g_string_prepend (holidays, "json_insert (");
        g_string_append_printf (holidays, ", '$.holidays[#]', json_object ('date', '%s', 'name', '测试假日'))", iso);
      }
  g_string_printf (sql, "UPDATE catalogue SET revision = (SELECT max (revision) + 1 FROM catalogue), body = %s"
                        " WHERE kind = 'calendar' AND code = '%u'", holidays->str, g_date_get_year (&today));
  server_exec (f, sql->str);

  yc_catalogue_sync_run (yc_context_get_catalogue_sync (f->context));
  yc_test_wait_until (count_lights (GTK_WIDGET (records), "light-yellow") == 1, TIMEOUT_S);
  g_assert_cmpuint (count_lights (GTK_WIDGET (records), "light-green"), ==, 0);
}

void
yc_test_desk_followup_add_tests (void)
{
  add_guides_test ("/desk/followup/receipt-supplement-day", test_receipt_supplement_day);
  add_guides_test ("/desk/followup/records-calendar", test_records_calendar);
}
