/* test-desk-records.c: the records a clerk produces, as the desk tells of them: a record
 * the server stored but did not apply is shown with its reason, never as sent. */
#include "config-desk.h"

#include "desk-fixture.h"
#include "yc-intake-checklist.h"

#include <string.h>

#include "core/yc-case.h"
#include "core/yc-ticket.h"
#include "core/yc-time.h"

#include "../test-util.h"

static char *
attention_label (guint n)
{
  return g_strdup_printf (ngettext ("%u record did not take effect", "%u records did not take effect", n), n);
}

/* Finished offline, while another window took the ticket on the server: the server stores
 * the visit but cannot finish the ticket. The desk says so, with the reason, and does not
 * say "All records sent" until the clerk has dealt with it. */
static void
test_finish_offline_not_applied (Fixture       *f,
                                 gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  g_autoptr(YcTicket) ticket = NULL;
  g_autofree char *taken = NULL;
  g_autofree char *still_called = NULL;
  g_autofree char *label = attention_label (1);
  GListModel *attention;

  log_in (f);
  ticket = take_ticket (f, "A");
  activate (f, "queue.call-next");
  yc_test_wait_until (shows (f, ticket), TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);

  server_down (f);

  /* Meanwhile, at the centre, another clerk has the ticket at their window. */
  taken = g_strdup_printf ("UPDATE tickets SET clerk = '1002' WHERE id = %" G_GINT64_FORMAT,
                           yc_ticket_get_id (ticket));
  server_exec (f, taken);

  activate (f, "queue.finish");
  yc_test_wait_until (yc_queue_page_get_current (page) == NULL, TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 1);

  server_back (f);
  yc_test_wait_until (yc_store_get_pending (f->store) == 0, TIMEOUT_S);

  /* The server kept the record, and the ticket as the other clerk has it. */
  yc_test_wait_until (server_count (f, COUNT_VISITS) == 1, TIMEOUT_S);
  still_called = g_strdup_printf ("SELECT count(*) FROM tickets WHERE id = %" G_GINT64_FORMAT
                                  " AND state = 'called' AND clerk = '1002'", yc_ticket_get_id (ticket));
  g_assert_cmpint (server_count (f, still_called), ==, 1);

  /* The desk says it did not take effect, never that all is sent. */
  yc_test_wait_until (yc_store_get_attention (f->store) == 1, TIMEOUT_S);
  yc_test_wait_until (g_strcmp0 (gtk_label_get_label (yc_window_get_sync_label (f->window)), label) == 0,
                      TIMEOUT_S);
  g_assert_cmpstr (gtk_label_get_label (yc_window_get_sync_label (f->window)), !=, _("All records sent"));

  /* The sync line leads to Records, which lists it with its reason. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-case", "s", ""));
  attention = yc_records_page_get_attention (yc_window_get_records_page (f->window));
  g_assert_nonnull (attention);
  yc_test_wait_until (g_list_model_get_n_items (attention) == 1, TIMEOUT_S);
  {
    g_autoptr(YcOutboxEntry) entry = g_list_model_get_item (attention, 0);

    g_assert_cmpint (yc_outbox_entry_get_state (entry), ==, YC_OUTBOX_NOT_APPLIED);
    g_assert_cmpstr (yc_outbox_entry_get_code (entry), ==, "ticket_taken");
    g_assert_cmpstr (yc_record_get_kind (yc_outbox_entry_get_record (entry)), ==, "visit");
  }
  save_screenshot (f, "record-not-applied");

  /* Dealt with: it stays in the outbox, seen, and the line says all is sent. */
  {
    g_autoptr(YcOutboxEntry) entry = g_list_model_get_item (attention, 0);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (yc_window_get_records_page (f->window)),
                                               "records.dismiss", "s", yc_outbox_entry_get_id (entry)));
  }
  yc_test_wait_until (yc_store_get_attention (f->store) == 0, TIMEOUT_S);
  yc_test_wait_until (g_list_model_get_n_items (attention) == 0, TIMEOUT_S);
  g_assert_cmpstr (gtk_label_get_label (yc_window_get_sync_label (f->window)), ==, _("All records sent"));
}


/* A case record as the intake makes it, one the server takes: accepted (with a material
 * deferred, 容缺, when deferred), refused, or a one-time notice. */
static YcRecord *
case_record (const char *decision,
             gboolean    deferred)
{
  g_autofree char *today = yc_time_today ();
  g_autofree char *due = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) body = NULL;
  GDate day;

  yc_time_parse_date (today, &day);
  g_date_add_days (&day, 10);
  due = yc_time_format_date (&day);
  if (g_str_equal (decision, "accepted"))
    text = g_strdup_printf ("{\"decision\":\"accepted\",\"package\":null,\"items\":[\"990100-SCJG-XK-0001\"],"
                            "\"title\":\"企业设立登记\",\"ticket\":null,"
                            "\"applicant\":{\"type\":\"person\",\"name\":\"李建国\",\"id_number\":\"410703197503081013\","
                            "\"phone\":\"13837306655\",\"address\":null},\"agent\":null,\"fields\":{},"
                            "\"materials\":[{\"name\":\"公司章程\",\"status\":\"provided\",\"pages\":12}%s],"
                            "\"accepted_on\":\"%s\",\"promised_days\":5,\"due_date\":\"%s\"%s}",
                            deferred ? ",{\"name\":\"住所（经营场所）使用证明\",\"status\":\"deferred\",\"pages\":0,"
                                       "\"supplement_by\":\"DUE\"}" : "",
                            today, due,
                            deferred ? ",\"commitment\":{\"signed_by\":\"李建国\",\"signed_on\":\"TODAY\"}" : "");
  else if (g_str_equal (decision, "refused"))
    text = g_strdup_printf ("{\"decision\":\"refused\",\"package\":null,\"items\":[\"990100-SCJG-XK-0001\"],"
                            "\"title\":\"企业设立登记\",\"ticket\":null,"
                            "\"applicant\":{\"type\":\"person\",\"name\":\"王芳\",\"id_number\":null,"
                            "\"phone\":null,\"address\":null},\"agent\":null,\"fields\":{},\"materials\":[],"
                            "\"accepted_on\":\"%s\",\"refusal\":{\"category\":\"not_eligible\","
                            "\"legal_basis\":\"《中华人民共和国市场主体登记管理条例》第十二条\","
                            "\"explanation\":\"申请人为失信被执行人\"}}", today);
  else
    text = g_strdup_printf ("{\"decision\":\"notice\",\"package\":null,\"items\":[\"990100-SCJG-XK-0001\"],"
                            "\"title\":\"企业设立登记\",\"ticket\":null,"
                            "\"applicant\":{\"type\":\"person\",\"name\":\"刘洋\",\"id_number\":null,"
                            "\"phone\":null,\"address\":null},\"agent\":null,\"fields\":{},"
                            "\"materials\":[{\"name\":\"公司章程\",\"status\":\"missing\",\"pages\":0}],"
                            "\"accepted_on\":\"%s\",\"notice_missing\":[\"公司章程\"]}", today);
  {
    g_autoptr(GString) filled = g_string_new (text);

    g_string_replace (filled, "DUE", due, 0);
    g_string_replace (filled, "TODAY", today, 0);
    body = json_from_string (filled->str, NULL);
  }
  g_assert_nonnull (body);
  g_assert_true (yc_case_validate_body (body, 0, NULL));
  return yc_record_new ("case", body);
}

static void
keep_paper (YcDocument *doc,
            gpointer    data)
{
  YcDocument **kept = data;

  g_clear_pointer (kept, yc_document_unref);
  *kept = yc_document_ref (doc);
}

/* The clerk decides an intake: as the intake view does when Accept or Refuse is pressed. */
static void
decide (Fixture  *f,
        YcRecord *record)
{
  const char *items[] = { "990100-SCJG-XK-0001", NULL };
  g_autoptr(YcIntake) intake = yc_intake_new (NULL, items, NULL);
  YcIntakePage *page = yc_window_get_intake_page (f->window);

  g_signal_emit_by_name (yc_intake_page_get_view (page), "decided", intake, record);
}

/* The provisional reference of record as the desk's papers print it (in the centre's
 * language). */
static char *
provisional_reference (Fixture  *f,
                       YcRecord *record)
{
  YcNoticeInfo info;

  yc_notice_info_init (&info, f->context, NULL);
  return yc_document_receipt_reference (yc_record_get_id (record), NULL, &info);
}

/* Online, the receipt handed over at Accept carries the centre's number: the page waits
 * for the push's answer (the main loop running), then prints. */
static void
test_receipt_online (Fixture       *f,
                     gconstpointer  data)
{
  YcIntakePage *page;
  g_autoptr(YcRecord) record = case_record ("accepted", TRUE);
  g_autoptr(YcDocument) paper = NULL;
  g_autofree char *text = NULL;
  g_autofree char *provisional = NULL;
  g_autofree char *marker = NULL;
  YcCaseEntry *entry;

  log_in (f);
  page = yc_window_get_intake_page (f->window);
  yc_intake_page_set_paper_sink (page, keep_paper, &paper);
  decide (f, record);
  yc_test_wait_until (paper != NULL, TIMEOUT_S);
  g_assert_false (yc_intake_page_get_numbering (page));

  entry = yc_cases_lookup (yc_context_get_cases (f->context), yc_record_get_id (record));
  g_assert_nonnull (entry);
  g_assert_nonnull (yc_case_entry_get_case_number (entry));
  g_assert_true (g_str_has_prefix (yc_case_entry_get_case_number (entry), "990100-"));
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM cases WHERE case_number LIKE '990100-%'"), ==, 1);
  text = doc_pdf_text (f, paper, "receipt-online.pdf");
  g_assert_nonnull (strstr (text, yc_case_entry_get_case_number (entry)));
  provisional = provisional_reference (f, record);
  marker = squashed (provisional);
  g_assert_null (strstr (text, marker));
  /* A desk at work is no demo: its papers carry no demo mark. */
  {
    g_autofree char *demo_mark = squashed (yc_paper_gettext (NULL, NULL, "DEMO · NOT AN OFFICIAL DOCUMENT"));

    g_assert_null (strstr (text, demo_mark));
  }
  /* 容缺: the material owed and its day, on the paper and in the list. */
  g_assert_nonnull (strstr (text, "住所（经营场所）使用证明"));
  g_assert_cmpuint (yc_case_entry_get_owed (entry)->len, ==, 1);
  yc_intake_page_set_paper_sink (page, NULL, NULL);
}

/* Offline, it prints at once with the window's provisional number, marked so. */
static void
test_receipt_offline (Fixture       *f,
                      gconstpointer  data)
{
  YcIntakePage *page;
  g_autoptr(YcRecord) record = case_record ("accepted", FALSE);
  g_autoptr(YcDocument) paper = NULL;
  g_autofree char *text = NULL;
  g_autofree char *provisional = NULL;
  g_autofree char *marker = NULL;

  log_in (f);
  server_down (f);
  page = yc_window_get_intake_page (f->window);
  yc_intake_page_set_paper_sink (page, keep_paper, &paper);
  decide (f, record);
  yc_test_wait_until (paper != NULL, TIMEOUT_S);
  text = doc_pdf_text (f, paper, "receipt-offline.pdf");
  provisional = provisional_reference (f, record);
  marker = squashed (provisional);
  g_assert_nonnull (strstr (text, marker));
  g_assert_null (strstr (text, "990100-2"));
  yc_intake_page_set_paper_sink (page, NULL, NULL);
}

/* The texts of the labels under widget, shown or not, one a line. */
static void
collect_texts (GtkWidget *widget,
               GString   *texts)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        g_string_append_printf (texts, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
      collect_texts (child, texts);
    }
}

static gboolean
shows_refusal_number (YcRecordsPage *records,
                      const char    *number)
{
  g_autoptr(GString) texts = g_string_new (NULL);
  g_autofree char *line = g_strdup_printf (_("Refusal number %s"), number);

  collect_texts (GTK_WIDGET (records), texts);
  return strstr (texts->str, line) != NULL;
}

/* Issue 16, 3: one way of writing a day on the whole page, as the hall writes it
 * (12月7日（周一）), never a wire date (2026-12-08). */
static void
assert_no_wire_date (const char *text)
{
  g_autoptr(GRegex) wire = g_regex_new ("[0-9]{4}-[0-9]{2}-[0-9]{2}", 0, 0, NULL);

  if (g_regex_match (wire, text, 0, NULL))
    g_error ("a wire date is shown: %s", text);
}

/* A refusal prints its written notice, with the centre's number; Records lists it and
 * prints it again, prints a one-time notice again, and shows a 容缺 case's owed material
 * and its day. */
static void
test_refusal_and_records (Fixture       *f,
                          gconstpointer  data)
{
  YcIntakePage *page;
  YcRecordsPage *records;
  g_autoptr(YcRecord) refused = case_record ("refused", FALSE);
  g_autoptr(YcRecord) notice = case_record ("notice", FALSE);
  g_autoptr(YcRecord) accepted = case_record ("accepted", TRUE);
  g_autoptr(YcDocument) paper = NULL;
  g_autofree char *text = NULL;
  g_autofree char *title = squashed (yc_paper_gettext (NULL, NULL, "Notice of Refusal to Accept"));
  GListModel *cases;
  YcCaseEntry *entry;

  log_in (f);
  page = yc_window_get_intake_page (f->window);
  yc_intake_page_set_paper_sink (page, keep_paper, &paper);
  decide (f, refused);
  yc_test_wait_until (paper != NULL, TIMEOUT_S);
  text = doc_pdf_text (f, paper, "refusal.pdf");
  g_assert_nonnull (strstr (text, title));
  g_assert_nonnull (strstr (text, "王芳"));
  entry = yc_cases_lookup (yc_context_get_cases (f->context), yc_record_get_id (refused));
  g_assert_nonnull (yc_case_entry_get_case_number (entry));
  g_assert_nonnull (strstr (text, yc_case_entry_get_case_number (entry)));
  yc_intake_page_set_paper_sink (page, NULL, NULL);

  g_clear_pointer (&paper, yc_document_unref);
  g_object_set (yc_intake_page_get_view (page), "print-papers", FALSE, NULL);
  decide (f, notice);
  decide (f, accepted);
  yc_test_wait_until (yc_store_get_pending (f->store) == 0 &&
                      g_list_model_get_n_items (yc_cases_get_model (yc_context_get_cases (f->context))) == 3,
                      TIMEOUT_S);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-case", "s", ""));
  records = yc_window_get_records_page (f->window);
  cases = yc_records_page_get_cases (records);
  yc_test_wait_until (g_list_model_get_n_items (cases) == 3, TIMEOUT_S);

  /* Issue 16, 3: a refusal is no 受理编号; the page writes every day one way. */
  {
    /* The list's entries are renewed as the centre's list comes: keep the number only. */
    g_autofree char *number = g_strdup (yc_case_entry_get_case_number (yc_cases_lookup (yc_context_get_cases (f->context),
                                                                                          yc_record_get_id (refused))));
    g_autoptr(GString) texts = g_string_new (NULL);
    g_autofree char *wrong = g_strdup_printf (_("Case number %s"), number);
    g_autofree char *due = NULL;
    GDate day;

    yc_test_wait_until (shows_refusal_number (records, number), TIMEOUT_S);
    collect_texts (GTK_WIDGET (records), texts);
    g_assert_null (strstr (texts->str, wrong));
    assert_no_wire_date (texts->str);
    /* The accepted case's due day, as the intake writes it. */
    entry = yc_cases_lookup (yc_context_get_cases (f->context), yc_record_get_id (accepted));
    g_assert_true (yc_time_parse_date (yc_case_entry_get_due_date (entry), &day));
    due = yc_intake_describe_day (&day);
    g_assert_nonnull (strstr (texts->str, due));
  }

  /* Each paper again, from the list. */
  for (guint i = 0; i < 3; i++)
    {
      YcRecord *record = i == 0 ? refused : i == 1 ? notice : accepted;
      /* In the centre's language (zh_CN), whatever the desk's. */
      const char *expected = yc_paper_gettext (NULL, NULL, i == 0 ? "Notice of Refusal to Accept"
                                                           : i == 1 ? "One-Time Notice of Missing Materials"
                                                           : "Notice of Acceptance on Commitment");
      g_autoptr(GAsyncResult) made = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(YcDocument) again = NULL;
      g_autofree char *name = g_strdup_printf ("again-%u.pdf", i);
      g_autofree char *again_text = NULL;
      g_autofree char *needle = squashed (expected);

      yc_records_page_get_paper_async (records, yc_record_get_id (record), yc_test_result_cb, &made);
      yc_test_wait_until (made != NULL, TIMEOUT_S);
      again = yc_records_page_get_paper_finish (records, made, &error);
      g_assert_no_error (error);
      again_text = doc_pdf_text (f, again, name);
      g_assert_nonnull (strstr (again_text, needle));
      if (i == 1)
        {
          /* The notice names its applicant and what was missing. */
          g_assert_nonnull (strstr (again_text, "刘洋"));
          g_assert_nonnull (strstr (again_text, "公司章程"));
        }
    }

  /* 容缺: what is still owed, and by which day. */
  entry = yc_cases_lookup (yc_context_get_cases (f->context), yc_record_get_id (accepted));
  g_assert_cmpint (yc_case_entry_get_progress (entry), ==, YC_CASE_ACCEPTED);
  g_assert_cmpuint (yc_case_entry_get_owed (entry)->len, ==, 1);
  {
    YcCaseOwed *owed = g_ptr_array_index (yc_case_entry_get_owed (entry), 0);

    g_assert_cmpstr (owed->name, ==, "住所（经营场所）使用证明");
    g_assert_cmpstr (owed->due, ==, yc_case_entry_get_due_date (entry));
  }
  save_screenshot (f, "records-cases");

  /* A click opens it: where it stands, what is owed and by when, and its paper again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (records), "records.open", "s",
                                             yc_record_get_id (accepted)));
  {
    AdwMessageDialog *dialog = wait_dialog ();

    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "企业设立登记");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "住所（经营场所）使用证明"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), yc_case_entry_get_case_number (entry)));
    g_assert_true (adw_message_dialog_has_response (dialog, "print"));
    assert_no_wire_date (adw_message_dialog_get_body (dialog));
    save_screenshot (f, "records-case-opened");
    answer_dialog (dialog, "close");
  }
}

void
yc_test_desk_records_add_tests (void)
{
  add_test ("/desk/records/finish-offline-not-applied", test_finish_offline_not_applied);
  add_test ("/desk/records/receipt-online", test_receipt_online);
  add_test ("/desk/records/receipt-offline", test_receipt_offline);
  add_test ("/desk/records/refusal-and-papers", test_refusal_and_records);
}
