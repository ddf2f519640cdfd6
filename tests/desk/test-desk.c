/* test-desk.c: the desk's window driven like a clerk would, against a real server running
 * on a thread of this process (temporary database, demo data, no simulator). Each case
 * waits for what it expects by iterating the main loop; none sleeps a fixed time. When a
 * window closes, its context, store, sync and client must be finalized: a leaked
 * reference fails the case. */
#include "config-desk.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <X11/keysym.h>

#include "core/yc-error.h"

#include "desk-fixture.h"
#include "yc-desk-actions.h"
#include "yc-guide-hit.h"
#include "yc-preferences.h"
#include "yc-setup-window.h"
#include "../test-server-util.h"
#include "../test-util.h"

/* Cases */

static void
test_login (Fixture       *f,
            gconstpointer  data)
{
  YcLoginPage *page = yc_window_get_login_page (f->window);
  AdwWindowTitle *title = yc_window_get_title_widget (f->window);
  GListModel *services;

  g_assert_true (view_is (f, "login"));

  /* Enter in the last field logs in, as a clerk would do it. */
  fill_in (f, "1001", "123456", "1");
  g_signal_emit_by_name (yc_login_page_get_window_entry (page), "entry-activated");

  yc_test_wait_until (view_is (f, "main"), TIMEOUT_S);

  g_assert_cmpstr (adw_window_title_get_title (title), ==, "示范市政务服务中心");
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (title), "1001"));
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (title), "张敏"));

  /* Window 1 serves A and B; both are listed with their counts. */
  services = yc_queue_get_services (yc_queue_page_get_queue (queue_page (f)));
  g_assert_cmpuint (g_list_model_get_n_items (services), ==, 2);
  g_assert_cmpint (shown_waiting (f, "A"), ==, 0);
  g_assert_cmpint (shown_waiting (f, "B"), ==, 0);

  /* The PIN does not linger in the form. */
  g_assert_cmpstr (gtk_editable_get_text (yc_login_page_get_pin_entry (page)), ==, "");

  /* Logging out goes back to the form. */
  log_out (f);
}

static void
test_wrong_pin (Fixture       *f,
                gconstpointer  data)
{
  YcLoginPage *page = yc_window_get_login_page (f->window);
  GtkLabel *error_label = yc_login_page_get_error_label (page);
  g_autoptr(GError) expected = g_error_new_literal (YC_ERROR, YC_ERROR_INVALID_CREDENTIALS, "");
  g_autofree char *sentence = yc_error_describe (expected);

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));

  fill_in (f, "1001", "000000", "1");
  submit (f);

  yc_test_wait_until (gtk_widget_get_visible (GTK_WIDGET (error_label)), TIMEOUT_S);
  save_screenshot (f, "wrong-pin");
  /* The sentence for the clerk, not the server's message. */
  g_assert_cmpstr (gtk_label_get_label (error_label), ==, sentence);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (yc_login_page_get_pin_entry (page)),
                                           "error"));
  g_assert_true (view_is (f, "login"));
  g_assert_null (yc_client_get_session (f->client));

  /* An empty field is caught before anything is sent. */
  fill_in (f, "", "123456", "1");
  submit (f);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (yc_login_page_get_clerk_entry (page)),
                                           "error"));

  /* Typing again clears the complaint; the right PIN gets in. */
  fill_in (f, "1001", "123456", "1");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  submit (f);
  yc_test_wait_until (view_is (f, "main"), TIMEOUT_S);
}

/* The log-in the server refuses for the window or the clerk number: each said in the
 * clerk's words at the field it is about. Logging out ends the session on the server. */
static void
test_login_refused (Fixture       *f,
                    gconstpointer  data)
{
  YcLoginPage *page = yc_window_get_login_page (f->window);
  GtkLabel *error_label = yc_login_page_get_error_label (page);
  GtkWidget *window_row = GTK_WIDGET (yc_login_page_get_window_entry (page));
  GtkWidget *rows[] = {
    GTK_WIDGET (yc_login_page_get_clerk_entry (page)),
    GTK_WIDGET (yc_login_page_get_pin_entry (page)),
    window_row,
  };
  g_autoptr(YcClient) colleague = yc_client_new (f->url);
  g_autoptr(GAsyncResult) result = NULL;
  /* row: the field marked, or NULL for none (a locked number is no typing mistake: the
   * sentence alone says it). */
  struct { YcError code; guint retry_after; const char *clerk, *window; GtkWidget *row; } refusals[] = {
    { YC_ERROR_WINDOW_OCCUPIED, 0, "1001", "2", window_row },
    { YC_ERROR_NOT_ASSIGNED, 0, "1001", "3", window_row },
    { YC_ERROR_LOCKED, 600, "1004", "4", NULL },
  };

  /* 1002 is at window 2, which the hall lets 1001 use too; 1004 is locked for 10 minutes. */
  yc_client_login_async (colleague, "1002", "123456", 2, NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, TIMEOUT_S);
  g_assert_true (yc_client_login_finish (colleague, result, NULL));
  server_exec (f, "INSERT INTO clerk_windows (clerk, window_id) VALUES ('1001', 2);"
                  "UPDATE clerks SET locked_until = CAST (strftime ('%s', 'now') AS INTEGER) + 600 WHERE id = '1004'");

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(GError) expected = g_error_new_literal (YC_ERROR, refusals[i].code, "");
      g_autofree char *sentence = NULL;

      yc_error_set_retry_after (expected, refusals[i].retry_after);
      sentence = yc_error_describe (expected);
      fill_in (f, refusals[i].clerk, "123456", refusals[i].window);
      submit (f);
      yc_test_wait_until (gtk_widget_get_visible (GTK_WIDGET (error_label)), TIMEOUT_S);
      if (i == 0)
        save_screenshot (f, "window-occupied");
      g_assert_cmpstr (gtk_label_get_label (error_label), ==, sentence);
      for (guint j = 0; j < G_N_ELEMENTS (rows); j++)
        g_assert_cmpint (gtk_widget_has_css_class (rows[j], "error"), ==, rows[j] == refusals[i].row);
      g_assert_true (view_is (f, "login"));
    }

  /* At their own window; then out, on the server too: the window is free again. */
  log_in (f);
  g_assert_cmpint (yc_test_db_count (f->server_db, "SELECT count(*) FROM sessions WHERE clerk = '1001'"), ==, 1);
  log_out (f);
  yc_test_wait_until (yc_test_db_count (f->server_db, "SELECT count(*) FROM sessions WHERE clerk = '1001'") == 0,
                      TIMEOUT_S);
}

/* Live: with the event stream open, the page does not poll, and a kiosk ticket shows in
 * the counts as it is taken. When the stream drops the page polls until it is back. */
static void
test_queue_live (Fixture       *f,
                 gconstpointer  data)
{
  YcEvents *events = yc_context_get_events (f->context);
  g_autoptr(YcTicket) first = NULL;
  g_autoptr(YcTicket) second = NULL;
  gint64 before;

  log_in (f);
  yc_test_wait_until (yc_events_get_live (events), TIMEOUT_S);
  yc_test_wait_until (!yc_queue_get_polling (yc_queue_page_get_queue (queue_page (f))), TIMEOUT_S);
  yc_test_wait_until (shown_waiting (f, "B") >= 0, TIMEOUT_S);
  before = shown_waiting (f, "B");
  first = take_ticket (f, "B");
  yc_test_wait_until (shown_waiting (f, "B") == before + 1, TIMEOUT_S);
  g_assert_cmpstr (gtk_label_get_label (yc_window_get_connection_label (f->window)), ==, _("Online · Live"));

  /* Served, finished and rated badly on the pad: the clerk hears of it, with the day the
   * follow-up is due. */
  activate (f, "queue.call-next");
  yc_test_wait_until (shows (f, first), TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (queue_page (f)), TIMEOUT_S);
  activate (f, "queue.finish");
  yc_test_wait_until (yc_queue_page_get_current (queue_page (f)) == NULL, TIMEOUT_S);
  yc_test_wait_until (ticket_count (f, first, "finished") == 1, TIMEOUT_S);
  {
    g_autoptr(SoupSession) pad = soup_session_new ();
    g_autofree char *url = g_strconcat (f->url, "/api/v1/ratings", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    g_autofree char *body = g_strdup_printf ("{\"ticket_id\":%" G_GINT64_FORMAT ",\"level\":\"dissatisfied\"}",
                                             yc_ticket_get_id (first));
    g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
    g_autoptr(GBytes) answer = NULL;
    g_autofree char *token = yc_test_add_device_to_db (f->server_db, "rating-pad",
                                                       yc_client_get_session (f->client)->window_id);
    g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

    soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
    soup_message_set_request_body_from_bytes (msg, "application/json", request);
    answer = soup_session_send_and_read (pad, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  }
  yc_test_wait_until (yc_window_get_last_toast (f->window) != NULL &&
                      strstr (yc_window_get_last_toast (f->window), C_("rating", "Dissatisfied")) != NULL &&
                      strstr (yc_window_get_last_toast (f->window), yc_ticket_get_number (first)) != NULL, TIMEOUT_S);
  before = shown_waiting (f, "B");

  /* The stream drops: polled meanwhile, live again soon, nothing missed. */
  yc_events_reconnect (events);
  second = take_ticket (f, "B");
  yc_test_wait_until (yc_events_get_live (events), TIMEOUT_S);
  yc_test_wait_until (shown_waiting (f, "B") == before + 1, TIMEOUT_S);
  g_assert_false (yc_queue_get_polling (yc_queue_page_get_queue (queue_page (f))));
}

/* Recall (F5) up to the hall's limit, then no-show (F6); a paused window calls nobody;
 * a ticket called by its number (Ctrl+G) comes to the window ahead of the queue. */
static void
test_queue_recall_pause_number (Fixture       *f,
                                gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  g_autoptr(YcTicket) first = NULL;
  g_autoptr(YcTicket) second = NULL;
  g_autoptr(YcTicket) third = NULL;
  AdwMessageDialog *dialog;

  server_exec (f, "INSERT OR REPLACE INTO meta (key, value) VALUES ('queue.recall_seconds', '0')");
  log_in (f);
  first = take_ticket (f, "B");
  activate (f, "queue.call-next");
  yc_test_wait_until (shows (f, first), TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);

  activate (f, "queue.recall");
  yc_test_wait_until (yc_ticket_get_calls (yc_queue_page_get_current (page)) == 2, TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  activate (f, "queue.recall");
  yc_test_wait_until (yc_ticket_get_calls (yc_queue_page_get_current (page)) == 3, TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  activate (f, "queue.recall");
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  yc_test_wait_until (g_str_has_prefix (yc_window_get_last_toast (f->window), _("It cannot be called again now")),
                      TIMEOUT_S);
  activate (f, "queue.no-show");
  yc_test_wait_until (yc_queue_page_get_current (page) == NULL, TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  g_assert_cmpint (ticket_count (f, first, "no_show"), ==, 1);

  /* A green-channel ticket: the card says so, and how long it waited and has been at the
   * window. */
  {
    g_autoptr(SoupSession) kiosk = soup_session_new ();
    g_autofree char *url = g_strconcat (f->url, "/api/v1/tickets", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    const char *body = "{\"service\":\"B\",\"priority\":\"elderly\"}";
    g_autoptr(GBytes) request = g_bytes_new_static (body, strlen (body));
    g_autoptr(GBytes) answer = NULL;
    g_autofree char *token = yc_test_add_device_to_db (f->server_db, "kiosk", 0);
    g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

    soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
    soup_message_set_request_body_from_bytes (msg, "application/json", request);
    answer = soup_session_send_and_read (kiosk, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  }
  activate (f, "queue.call-next");
  yc_test_wait_until (yc_queue_page_get_current (page) != NULL, TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  g_assert_cmpstr (yc_ticket_get_priority (yc_queue_page_get_current (page)), ==, "elderly");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (yc_visit_card_get_tag_label (yc_queue_page_get_visit_card (page)))));
  g_assert_cmpstr (gtk_label_get_label (yc_visit_card_get_tag_label (yc_queue_page_get_visit_card (page))), ==, _("Green channel: elderly"));
  g_assert_nonnull (strstr (gtk_label_get_label (yc_visit_card_get_called_label (yc_queue_page_get_visit_card (page))), "0:0"));
  activate (f, "queue.finish");
  yc_test_wait_until (yc_queue_page_get_current (page) == NULL, TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);

  /* Paused for a break: nobody is called, until the window resumes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.pause", "s", "break"));
  yc_test_wait_until (yc_queue_page_get_paused (page), TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  second = take_ticket (f, "B");
  g_assert_false (call_next_enabled (f));
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM window_states WHERE window_id = 1 AND state = 'paused'"
                                    " AND reason = 'break'"), ==, 1);
  /* Still paused after logging out and in again: the page learns it from the centre. */
  log_out (f);
  g_assert_false (yc_queue_page_get_paused (page));
  log_in (f);
  yc_test_wait_until (yc_queue_page_get_paused (page), TIMEOUT_S);
  g_assert_false (call_next_enabled (f));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.pause", "s", ""));
  yc_test_wait_until (!yc_queue_page_get_paused (page) && call_next_enabled (f), TIMEOUT_S);

  /* Called by number, ahead of the one waiting longer. */
  third = take_ticket (f, "A");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.call-number", NULL));
  yc_test_wait_until (dialog_shown (), TIMEOUT_S);
  dialog = find_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "x12");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "call"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         yc_ticket_get_number (third));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "call"));
  adw_message_dialog_response (dialog, "call");
  gtk_window_destroy (GTK_WINDOW (dialog));
  yc_test_wait_until (shows (f, third), TIMEOUT_S);
  g_assert_cmpint (ticket_count (f, second, "waiting"), ==, 1);
}

/* Park and call back, finish with an outcome and a note, transfer with a note, a
 * walk-in with the matters of its intake, a no-show put back by number, a return to the
 * queue; the parked list, the longest wait and the clerk's day follow. */
static void
test_queue_counter_actions (Fixture       *f,
                            gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  g_autoptr(YcTicket) first = NULL, second = NULL, third = NULL;
  AdwMessageDialog *dialog;
  GtkDropDown *targets;
  GListModel *labels;
  guint window_5 = GTK_INVALID_LIST_POSITION;

  log_in (f);
  first = take_ticket (f, "A");
  second = take_ticket (f, "A");

  /* Parked: the window serves the next meanwhile. */
  act_and_settle (f, "queue.call-next");
  g_assert_true (shows (f, first));
  act_and_settle (f, "queue.park");
  yc_test_wait_until (g_list_model_get_n_items (yc_queue_get_parked (yc_queue_page_get_queue (page))) == 1, TIMEOUT_S);
  g_assert_null (yc_queue_page_get_current (page));
  g_assert_cmpint (ticket_count (f, first, "parked"), ==, 1);
  act_and_settle (f, "queue.call-next");
  g_assert_true (shows (f, second));
  /* Only one citizen at a time: no call back while one is at the window. */
  gtk_widget_activate_action (GTK_WIDGET (page), "queue.call-back", NULL);
  g_assert_false (yc_queue_page_get_busy (page));
  g_assert_true (shows (f, second));

  /* Finished as an inquiry, with a note. */
  gtk_drop_down_set_selected (yc_visit_card_get_outcome_dropdown (yc_queue_page_get_visit_card (page)), 4);
  gtk_editable_set_text (yc_visit_card_get_visit_note_entry (yc_queue_page_get_visit_card (page)), "咨询社保转移");
  act_and_settle (f, "queue.finish");
  yc_test_wait_until (ticket_count (f, second, "finished") == 1, TIMEOUT_S);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM tickets WHERE outcome = 'consulted'"
                                    " AND outcome_note = '咨询社保转移'"), ==, 1);

  /* Called back: the card starts afresh. */
  act_and_settle (f, "queue.call-back");
  yc_test_wait_until (shows (f, first), TIMEOUT_S);
  yc_test_wait_until (g_list_model_get_n_items (yc_queue_get_parked (yc_queue_page_get_queue (page))) == 0, TIMEOUT_S);
  g_assert_cmpuint (gtk_drop_down_get_selected (yc_visit_card_get_outcome_dropdown (yc_queue_page_get_visit_card (page))), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (yc_visit_card_get_visit_note_entry (yc_queue_page_get_visit_card (page))), ==, "");
  /* Not closed with a citizen at the window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.pause", "s", "closed"));
  answer_dialog (wait_dialog (), "close");
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  yc_test_wait_until (g_str_has_prefix (yc_window_get_last_toast (f->window), _("Finish, return or transfer")),
                      TIMEOUT_S);
  g_assert_false (yc_queue_page_get_paused (page));

  /* Transferred to window 5, with a note. */
  activate (f, "queue.transfer");
  dialog = wait_dialog ();
  targets = GTK_DROP_DOWN (gtk_widget_get_first_child (adw_message_dialog_get_extra_child (dialog)));
  labels = gtk_drop_down_get_model (targets);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    if (strstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), "5号窗口") != NULL &&
        window_5 == GTK_INVALID_LIST_POSITION)
      window_5 = i;
  g_assert_cmpuint (window_5, !=, GTK_INVALID_LIST_POSITION);
  /* The window's own service is not offered; the other one is. */
  g_assert_nonnull (strstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 0), "B"));
  gtk_drop_down_set_selected (targets, window_5);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_last_child (adw_message_dialog_get_extra_child (dialog))),
                         "需办理营业执照变更");
  answer_dialog (dialog, "transfer");
  yc_test_wait_until (yc_queue_page_get_current (page) == NULL, TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM tickets WHERE id = %" G_GINT64_FORMAT
                                            " AND state = 'waiting' AND target_window = 5"
                                            " AND note = '需办理营业执照变更' AND transferred_from = 1",
                                            yc_ticket_get_id (first));
    g_assert_cmpint (server_count (f, sql), ==, 1);
  }

  /* A walk-in of service B; an intake decided for it counts among the matters. */
  activate (f, "queue.walk-in");
  dialog = wait_dialog ();
  answer_dialog (dialog, "B");
  yc_test_wait_until (yc_queue_page_get_current (page) != NULL, TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  g_assert_true (yc_ticket_get_walk_in (yc_queue_page_get_current (page)));
  g_assert_cmpstr (gtk_label_get_label (yc_visit_card_get_tag_label (yc_queue_page_get_visit_card (page))), ==, _("Walk-in"));
  /* A visit of B usually takes 20 minutes (hall.json): the card counts against it. */
  g_assert_nonnull (strstr (gtk_label_get_label (yc_visit_card_get_called_label (yc_queue_page_get_visit_card (page))), "20"));
  {
    g_autofree char *body = g_strdup_printf ("{\"decision\":\"accepted\",\"package\":\"QY-KB\",\"title\":\"企业开办\","
                                             "\"ticket\":\"%s\",\"applicant\":{\"type\":\"person\",\"name\":\"王芳\","
                                             "\"id_number\":\"11010519491231002X\"}}",
                                             yc_ticket_get_number (yc_queue_page_get_current (page)));
    g_autoptr(JsonNode) node = json_from_string (body, NULL);
    YcVisitMatter matter;

    /* As the intake page hands it on: through the window's action. */
    g_assert_true (yc_visit_matter_from_case (node, &matter));
    yc_desk_add_case (GTK_WIDGET (page), &matter);
  }
  /* The applicant shows, the number masked. */
  g_assert_nonnull (strstr (gtk_label_get_label (yc_visit_card_get_applicant_label (yc_queue_page_get_visit_card (page))), "王芳"));
  g_assert_nonnull (strstr (gtk_label_get_label (yc_visit_card_get_applicant_label (yc_queue_page_get_visit_card (page))), "1101**********002X"));
  g_assert_cmpuint (gtk_drop_down_get_selected (yc_visit_card_get_outcome_dropdown (yc_queue_page_get_visit_card (page))), ==, 1);
  g_assert_cmpstr (gtk_label_get_label (yc_visit_card_get_delivered_label (yc_queue_page_get_visit_card (page))), ==,
                   "Handled: 企业开办 (accepted)");
  act_and_settle (f, "queue.finish");
  yc_test_wait_until (server_count (f, "SELECT count(*) FROM tickets WHERE walk_in AND state = 'finished'"
                                       " AND outcome = 'accepted'"
                                       " AND json_extract (delivered, '$[0].name') = '企业开办'") == 1, TIMEOUT_S);

  /* A no-show put back by its number; then returned to the queue from the window. */
  server_exec (f, "INSERT OR REPLACE INTO meta (key, value) VALUES ('queue.max_calls', '1')");
  third = call_new_ticket (f, "A");
  act_and_settle (f, "queue.no-show");
  g_assert_cmpint (ticket_count (f, third, "no_show"), ==, 1);
  activate (f, "queue.requeue");
  dialog = wait_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), yc_ticket_get_number (third));
  answer_dialog (dialog, "requeue");
  yc_test_wait_until (ticket_count (f, third, "waiting") == 1, TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  act_and_settle (f, "queue.call-next");
  g_assert_true (shows (f, third));
  act_and_settle (f, "queue.return");
  g_assert_null (yc_queue_page_get_current (page));
  g_assert_cmpint (ticket_count (f, third, "waiting"), ==, 1);

  /* Two wait for A (the returned one, and the one transferred to window 5): the list says
   * for how long; the day counts two visits. */
  yc_test_wait_until (shown_waiting (f, "A") == 2, TIMEOUT_S);
  {
    GListModel *services = yc_queue_get_services (yc_queue_page_get_queue (page));
    g_autoptr(YcService) a = g_list_model_get_item (services, 0);

    g_assert_cmpstr (yc_service_get_letter (a), ==, "A");
    yc_test_wait_until (yc_service_get_detail (a) != NULL, TIMEOUT_S);
  }
  /* A colleague at window 2 calls the returned ticket and transfers it to this clerk:
   * the desk says so, and calls it first. */
  {
    g_autoptr(YcClient) colleague = yc_client_new (f->url);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(YcTicket) called = NULL;
    g_autoptr(YcTicket) moved = NULL;
    g_autoptr(JsonNode) body = json_from_string ("{\"clerk\":\"1001\",\"note\":\"老人行动不便，请优先\"}", NULL);
    g_autoptr(GError) error = NULL;

    yc_client_login_async (colleague, "1002", "123456", 2, NULL, yc_test_result_cb, &result);
    yc_test_wait_until (result != NULL, TIMEOUT_S);
    g_assert_true (yc_client_login_finish (colleague, result, &error));
    g_clear_object (&result);
    yc_client_call_next_async (colleague, NULL, yc_test_result_cb, &result);
    yc_test_wait_until (result != NULL, TIMEOUT_S);
    called = yc_client_call_next_finish (colleague, result, &error);
    g_assert_no_error (error);
    g_assert_cmpint (yc_ticket_get_id (called), ==, yc_ticket_get_id (third));
    g_clear_object (&result);
    yc_client_ticket_action_async (colleague, yc_ticket_get_id (called), YC_TICKET_ACTION_TRANSFER, body, NULL,
                                   yc_test_result_cb, &result);
    yc_test_wait_until (result != NULL, TIMEOUT_S);
    moved = yc_client_ticket_action_finish (colleague, result, &error);
    g_assert_no_error (error);
  }
  yc_test_wait_until (strstr (yc_window_get_last_toast (f->window), yc_ticket_get_number (third)) != NULL, TIMEOUT_S);
  act_and_settle (f, "queue.call-next");
  g_assert_true (shows (f, third));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (yc_visit_card_get_note_label (yc_queue_page_get_visit_card (page)))));
  g_assert_nonnull (strstr (gtk_label_get_label (yc_visit_card_get_note_label (yc_queue_page_get_visit_card (page))), "老人行动不便"));
  g_assert_nonnull (strstr (gtk_label_get_label (yc_visit_card_get_tag_label (yc_queue_page_get_visit_card (page))), "2号窗口"));
  act_and_settle (f, "queue.finish");

  yc_test_wait_until (strstr (gtk_label_get_label (yc_queue_page_get_day_label (page)), "3") != NULL, TIMEOUT_S);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM tickets WHERE clerk = '1001' AND state = 'finished'"), ==, 3);

  /* The end of the day: the window closes, and calls nobody. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.pause", "s", "closed"));
  answer_dialog (wait_dialog (), "close");
  yc_test_wait_until (yc_queue_page_get_paused (page), TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  g_assert_false (call_next_enabled (f));
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM window_states WHERE window_id = 1 AND state = 'closed'"), ==, 1);
}

static void
test_call_and_finish (Fixture       *f,
                      gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  g_autoptr(YcTicket) ticket = NULL;

  log_in (f);

  /* Nothing to finish yet. */
  g_assert_false (finish_enabled (f));

  ticket = take_ticket (f, "A");

  /* The 2 s refresh shows the new citizen waiting. */
  yc_test_wait_until (shown_waiting (f, "A") == 1, TIMEOUT_S);

  activate (f, "queue.call-next");
  yc_test_wait_until (shows (f, ticket), TIMEOUT_S);
  yc_test_wait_until (shown_waiting (f, "A") == 0, TIMEOUT_S);
  save_screenshot (f, "called");

  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  g_assert_true (finish_enabled (f));
  activate (f, "queue.finish");

  yc_test_wait_until (yc_queue_page_get_current (page) == NULL, TIMEOUT_S);
  yc_test_wait_until (server_count (f, COUNT_VISITS) == 1, TIMEOUT_S);
  yc_test_wait_until (server_count (f, COUNT_FINISHED) == 1, TIMEOUT_S);
  yc_test_wait_until (yc_store_get_pending (f->store) == 0, TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  g_assert_false (finish_enabled (f));

  /* Nobody else waits: calling again leaves the window empty and says so. */
  activate (f, "queue.call-next");
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  g_assert_null (yc_queue_page_get_current (page));
  g_assert_cmpstr (yc_window_get_last_toast (f->window), ==, _("Nobody is waiting."));
}

/* F2 and F4 pressed on the keyboard, with the focus nowhere in the queue page. */
static void
test_keys (Fixture       *f,
           gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  g_autoptr(YcTicket) ticket = NULL;

  log_in (f);
  if (!key_presses_possible (f))
    return;

  ticket = take_ticket (f, "B");
  yc_test_wait_until (shown_waiting (f, "B") == 1, TIMEOUT_S);

  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
  press_key (f, XK_F2, call_started);
  yc_test_wait_until (shows (f, ticket), TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  g_assert_cmpint (ticket_count (f, ticket, "called"), ==, 1);

  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
  press_key (f, XK_F4, finish_started);
  yc_test_wait_until (yc_queue_page_get_current (page) == NULL, TIMEOUT_S);
  yc_test_wait_until (ticket_count (f, ticket, "finished") == 1, TIMEOUT_S);
  yc_test_wait_until (server_count (f, COUNT_VISITS) == 1, TIMEOUT_S);
}

static void
test_call_finishes_current (Fixture       *f,
                            gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  g_autoptr(YcTicket) first = NULL;
  g_autoptr(YcTicket) second = NULL;

  log_in (f);

  first = take_ticket (f, "A");
  second = take_ticket (f, "B");

  activate (f, "queue.call-next");
  yc_test_wait_until (shows (f, first), TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);

  /* Calling the next one with a citizen at the window finishes that visit first: on the
   * server, before the call, or the server would answer with the same ticket. */
  activate (f, "queue.call-next");
  yc_test_wait_until (shows (f, second), TIMEOUT_S);
  g_assert_cmpint (ticket_count (f, first, "finished"), ==, 1);
  g_assert_cmpint (ticket_count (f, second, "called"), ==, 1);
  yc_test_wait_until (server_count (f, COUNT_VISITS) == 1, TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
}

/* Call Next pressed twice within 3 s: the second press neither finishes the citizen just
 * called nor skips to the next. */
static void
test_double_press (Fixture       *f,
                   gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  g_autoptr(YcTicket) first = NULL;
  g_autoptr(YcTicket) second = NULL;

  yc_queue_page_set_double_press_seconds (page, 3);
  log_in (f);
  first = take_ticket (f, "A");
  second = take_ticket (f, "A");
  activate (f, "queue.call-next");
  yc_test_wait_until (shows (f, first), TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  activate (f, "queue.call-next");
  g_assert_false (yc_queue_page_get_busy (page));
  g_assert_true (shows (f, first));
  g_assert_cmpint (ticket_count (f, first, "called"), ==, 1);
  g_assert_cmpint (ticket_count (f, second, "waiting"), ==, 1);
  g_assert_nonnull (strstr (yc_window_get_last_toast (f->window), yc_ticket_get_number (first)));
}

/* When the centre does not finish the ticket at the window (another window's clerk has
 * called it meanwhile), Call Next calls nobody: the server would only answer with the
 * same ticket. The clerk is told which ticket and why. */
static void
test_call_waits_for_finish (Fixture       *f,
                            gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  g_autoptr(YcTicket) first = NULL;
  g_autoptr(YcTicket) second = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *sql = NULL;
  AdwMessageDialog *dialog;

  log_in (f);

  first = take_ticket (f, "A");
  second = take_ticket (f, "A");

  activate (f, "queue.call-next");
  yc_test_wait_until (shows (f, first), TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);

  /* The ticket moves to window 2 behind the desk's back: its record is not applied. */
  sql = g_strdup_printf ("UPDATE tickets SET window_id = 2, clerk = '9001' WHERE id = %" G_GINT64_FORMAT,
                         yc_ticket_get_id (first));
  server_exec (f, sql);

  activate (f, "queue.call-next");
  dialog = wait_dialog ();
  heading = g_strdup_printf (_("%s Not Finished at the Centre"), yc_ticket_get_number (first));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  answer_dialog (dialog, "close");
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  g_assert_null (yc_queue_page_get_current (page));
  g_assert_cmpint (ticket_count (f, second, "waiting"), ==, 1);
  g_assert_true (call_next_enabled (f));

  /* The visit is recorded all the same: the record reached the server. */
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 0);
  g_assert_cmpint (server_count (f, COUNT_VISITS), ==, 1);
  g_assert_cmpint (ticket_count (f, second, "waiting"), ==, 1);
}

/* The desk quits with a citizen at the window and starts again: the ticket is back. A
 * finished ticket is not, and its visit is recorded once. */
static void
test_restore_current (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(YcTicket) ticket = NULL;

  log_in (f);

  ticket = take_ticket (f, "A");
  activate (f, "queue.call-next");
  yc_test_wait_until (shows (f, ticket), TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (queue_page (f)), TIMEOUT_S);

  restart_desk (f);
  g_assert_null (yc_queue_page_get_current (queue_page (f)));
  log_in (f);
  g_assert_true (shows (f, ticket));
  g_assert_true (finish_enabled (f));

  /* Finished, then the desk quits at once, before the server has answered. */
  activate (f, "queue.finish");
  yc_test_wait_until (yc_queue_page_get_current (queue_page (f)) == NULL, TIMEOUT_S);
  restart_desk (f);
  log_in (f);
  g_assert_null (yc_queue_page_get_current (queue_page (f)));
  g_assert_false (finish_enabled (f));
  yc_test_wait_until (yc_store_get_pending (f->store) == 0, TIMEOUT_S);
  g_assert_cmpint (server_count (f, COUNT_VISITS), ==, 1);
  g_assert_cmpint (ticket_count (f, ticket, "finished"), ==, 1);
}

/* The desk quits the moment the answer to Call Next is shown, before anything else. */
static void
test_restore_right_after_call (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(YcTicket) ticket = NULL;

  log_in (f);

  ticket = take_ticket (f, "B");
  activate (f, "queue.call-next");
  yc_test_wait_until (shows (f, ticket), TIMEOUT_S);

  restart_desk (f);
  log_in (f);
  g_assert_true (shows (f, ticket));
}

/* Logging out does not cancel a call under way: its ticket is kept and is back at the
 * next log-in at that window. */
static void
test_call_answer_after_logout (Fixture       *f,
                               gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  g_autoptr(YcTicket) ticket = NULL;

  log_in (f);

  ticket = take_ticket (f, "A");
  activate (f, "queue.call-next");
  g_assert_true (yc_queue_page_get_busy (page));
  log_out (f);

  /* The call ends by itself; nothing is shown meanwhile. */
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  g_assert_null (yc_queue_page_get_current (page));
  g_assert_cmpint (ticket_count (f, ticket, "called"), ==, 1);

  log_in (f);
  g_assert_true (shows (f, ticket));

  /* And Call Next finishes it before calling, as always. */
  activate (f, "queue.call-next");
  yc_test_wait_until (ticket_count (f, ticket, "finished") == 1, TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  g_assert_null (yc_queue_page_get_current (page));
  yc_test_wait_until (server_count (f, COUNT_VISITS) == 1, TIMEOUT_S);
}

static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  GtkRevealer *banner = yc_window_get_offline_revealer (f->window);

  log_in (f);

  g_assert_false (gtk_revealer_get_reveal_child (banner));
  g_assert_true (call_next_enabled (f));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (yc_queue_page_get_offline_label (page))));

  g_clear_pointer (&f->server, yc_server_thread_stop);

  /* The next refresh finds the server gone. */
  yc_test_wait_until (gtk_revealer_get_reveal_child (banner), TIMEOUT_S);
  save_screenshot (f, "offline");
  g_assert_false (call_next_enabled (f));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (yc_queue_page_get_offline_label (page))));
  /* F2 now does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (page), "queue.call-next", NULL);
  g_assert_false (yc_queue_page_get_busy (page));
}

static void
test_finish_offline (Fixture       *f,
                     gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  GtkRevealer *banner = yc_window_get_offline_revealer (f->window);
  g_autoptr(YcTicket) ticket = NULL;

  log_in (f);

  ticket = take_ticket (f, "A");
  activate (f, "queue.call-next");
  yc_test_wait_until (shows (f, ticket), TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);

  g_clear_pointer (&f->server, yc_server_thread_stop);
  yc_test_wait_until (gtk_revealer_get_reveal_child (banner), TIMEOUT_S);

  /* Finishing works without the server: the visit waits in the outbox. */
  activate (f, "queue.finish");
  yc_test_wait_until (yc_queue_page_get_current (page) == NULL, TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 1);
  {
    g_autofree char *waiting = g_strdup_printf (ngettext ("%u record waiting to be sent",
                                                          "%u records waiting to be sent", 1), 1);

    g_assert_cmpstr (gtk_label_get_label (yc_window_get_sync_label (f->window)), ==, waiting);
    g_assert_cmpstr (gtk_label_get_label (yc_window_get_connection_label (f->window)), ==, _("Offline"));
  }
  save_screenshot (f, "finished-offline");

  /* The server comes back on the same address and database. */
  f->server = start_server (f->server_db, url_port (f->url));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.retry", NULL));

  /* If the server forgot the session, the clerk logs in again; the outbox is kept. */
  yc_test_wait_until (yc_store_get_pending (f->store) == 0 || view_is (f, "login"), TIMEOUT_S);
  if (view_is (f, "login"))
    {
      g_assert_cmpuint (yc_store_get_pending (f->store), ==, 1);
      fill_in (f, "1001", "123456", "1");
      submit (f);
    }

  yc_test_wait_until (yc_store_get_pending (f->store) == 0, TIMEOUT_S);
  yc_test_wait_until (!gtk_revealer_get_reveal_child (banner), TIMEOUT_S);
  yc_test_wait_until (server_count (f, COUNT_VISITS) == 1, TIMEOUT_S);
  yc_test_wait_until (server_count (f, COUNT_FINISHED) == 1, TIMEOUT_S);
  g_assert_cmpstr (gtk_label_get_label (yc_window_get_sync_label (f->window)), ==, _("All records sent"));
  /* The event stream is back too. */
  yc_test_wait_until (g_strcmp0 (gtk_label_get_label (yc_window_get_connection_label (f->window)),
                                 _("Online · Live")) == 0, TIMEOUT_S);
}

/* Demo mode */

typedef struct
{
  gboolean  done;
  GError   *error;
} ResetResult;

static void
on_demo_reset_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ResetResult *reset = user_data;

  yc_context_reset_demo_finish (YC_CONTEXT (object), result, &reset->error);
  reset->done = TRUE;
}

static guint
total_waiting (Fixture *f)
{
  return MAX (shown_waiting (f, "A"), 0) + MAX (shown_waiting (f, "B"), 0);
}

static guint
count_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint count = 0;

  /* Windows destroyed by earlier cases may linger in the list until finalized. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (window))
        count++;
    }

  return count;
}

/* The context and its demo window, without a fixture server: the context starts its own. */
static void
open_demo (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->context = yc_context_new (NULL, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (yc_context_get_demo (f->context));
  g_assert_false (yc_context_get_ready (f->context));
  g_assert_null (yc_context_get_store (f->context));
  show_window (f);
}

/* A clerk's visit in the demo: called from what the simulator brought, finished, and
 * recorded in the database of the demo server that runs now. */
static void
demo_visit (Fixture *f)
{
  YcQueuePage *page = queue_page (f);
  const char *db_path = yc_context_get_server_db_path (f->context);
  YcStore *store = yc_context_get_store (f->context);
  gint64 visits = yc_test_db_count (db_path, COUNT_VISITS);

  g_assert_cmpint (visits, >=, 0);
  yc_test_wait_until (total_waiting (f) > 0, TIMEOUT_S);
  activate (f, "queue.call-next");
  yc_test_wait_until (yc_queue_page_get_current (page) != NULL, TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  activate (f, "queue.finish");
  yc_test_wait_until (yc_test_db_count (db_path, COUNT_VISITS) == visits + 1, TIMEOUT_S);
  yc_test_wait_until (yc_store_get_pending (store) == 0, TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
}

static void
close_demo (Fixture *f)
{
  g_autofree char *folder = g_path_get_dirname (yc_context_get_server_db_path (f->context));

  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  close_window (f);
  /* The context is gone: it stopped its server and removed its folder. */
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_server_threads (), ==, 0);
  g_assert_cmpuint (count_demo_folders (), ==, 0);
}

/* After the demo's log-in, its catalogue sync fills the demo folder's catalogue cache. */
static void
wait_catalogue_filled (Fixture *f)
{
  YcCatalogueSync *sync = yc_context_get_catalogue_sync (f->context);
  YcCatalogueCache *catalogue = yc_context_get_catalogue (f->context);

  g_assert_nonnull (sync);
  yc_test_wait_until (yc_catalogue_sync_get_last_success (sync) > 0 &&
                      !yc_catalogue_sync_get_running (sync), TIMEOUT_S);
  g_assert_null (yc_catalogue_sync_get_problem (sync));
  g_assert_cmpuint (yc_catalogue_cache_get_count (catalogue, YC_CATALOGUE_ITEM), >=, 60);
  g_assert_cmpuint (yc_catalogue_cache_get_count (catalogue, YC_CATALOGUE_PACKAGE), >=, 8);
}

/* The demo's starter tasks, once each in the demo server's database, and in the clerk's
 * lists: the overdue 12345 order (escalated already) and the correction to claim. */
static void
wait_starter_tasks (Fixture *f)
{
  const char *db_path = yc_context_get_server_db_path (f->context);
  YcTasks *tasks = yc_context_get_tasks (f->context);

  /* The order escalates last, once both are made. */
  yc_test_wait_until (yc_test_db_count (db_path, "SELECT count(*) FROM tasks WHERE kind = 'hotline'"
                                                 " AND escalation > 0") > 0, TIMEOUT_S);
  g_assert_cmpint (yc_test_db_count (db_path, "SELECT count(*) FROM tasks WHERE kind = 'hotline' AND escalation > 0"),
                   ==, 1);
  g_assert_cmpint (yc_test_db_count (db_path, "SELECT count(*) FROM tasks WHERE kind = 'correction'"), ==, 1);
  yc_test_wait_until (yc_tasks_get_n_open (tasks) == 2, TIMEOUT_S);
}

/* yichuang --demo as a trainer uses it: the server starts inside the desk, the desk logs
 * in by itself, the simulator brings citizens (never to the clerk's own window), a
 * finished visit reaches the server's database; a reset starts over with a fresh server
 * on the same address, with the starter tasks again, and removes the old databases. */
static void
test_demo (void)
{
  Fixture fixture = { 0 };
  Fixture *f = &fixture;
  g_autofree char *old_folder = NULL;
  g_autofree char *old_url = NULL;
  ResetResult reset = { 0 };
  YcStore *old_store;
  YcSync *old_sync;
  YcCatalogueCache *old_catalogue;
  YcCatalogueSync *old_catalogue_sync;

  open_demo (f);
  g_assert_null (yc_context_get_catalogue (f->context));

  /* Nothing to log in to, nor to reset, while the demo server starts. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (yc_login_page_get_login_button (yc_window_get_login_page (f->window)))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.reset-demo", NULL));
  g_assert_cmpuint (count_toplevels (), ==, 1);

  yc_context_start (f->context);
  yc_test_wait_until (queue_ready (f), TIMEOUT_S);
  g_assert_cmpstr (yc_client_get_session (yc_context_get_client (f->context))->clerk_id, ==, "1001");
  g_assert_cmpuint (count_server_threads (), ==, 1);
  yc_sync_set_backoff (yc_context_get_sync (f->context), 50, 400);
  wait_catalogue_filled (f);
  wait_starter_tasks (f);

  /* The task bar says it is a demo, and so does every paper of the demo desk: made from
   * the context, as the pages make them. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, _("Yichuang (Demo)"));
  {
    g_autoptr(JsonNode) node = json_from_string ("{\"code\":\"990100-SCJG-XK-0001\",\"name\":\"企业设立登记\"}", NULL);
    g_autoptr(YcItem) item = yc_item_new_from_json (json_node_get_object (node));
    g_autofree char *mark = squashed (yc_paper_gettext (NULL, NULL, "DEMO · NOT AN OFFICIAL DOCUMENT"));
    /* In the demo's folder, which goes with the demo. */
    g_autofree char *folder = g_path_get_dirname (yc_context_get_server_db_path (f->context));
    g_autofree char *path = g_build_filename (folder, "demo-guide.pdf", NULL);
    g_autoptr(YcDocument) guide = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;
    YcNoticeInfo info;

    yc_notice_info_init (&info, f->context, NULL);
    g_assert_true (info.demo);
    guide = yc_document_new_guide (item, NULL, &info);
    g_assert_true (yc_document_export_pdf (guide, path, GTK_WINDOW (f->window), &error));
    g_assert_no_error (error);
    text = pdf_text (path);
    g_assert_nonnull (strstr (text, mark));
  }

  demo_visit (f);
  /* The clerk's window is theirs alone: the simulated colleagues serve at the others. */
  g_assert_cmpint (yc_test_db_count (yc_context_get_server_db_path (f->context),
                                     "SELECT count(*) FROM tickets WHERE window_id = 1 AND clerk != '1001'"), ==, 0);
  save_screenshot (f, "demo");

  /* Now the reset is offered; the clerk is asked first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.reset-demo", NULL));
  g_assert_cmpuint (count_toplevels (), ==, 2);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

        /* As the Cancel button does it. */
        if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (window))
          {
            adw_message_dialog_response (ADW_MESSAGE_DIALOG (window), "cancel");
            gtk_window_destroy (GTK_WINDOW (window));
          }
      }
  }
  yc_test_wait_until (count_toplevels () == 1, TIMEOUT_S);
  g_assert_true (yc_context_get_ready (f->context));

  old_folder = g_path_get_dirname (yc_context_get_server_db_path (f->context));
  old_url = g_strdup (yc_client_get_base_url (yc_context_get_client (f->context)));
  old_store = yc_context_get_store (f->context);
  old_sync = yc_context_get_sync (f->context);
  g_object_add_weak_pointer (G_OBJECT (old_store), (gpointer *) &old_store);
  g_object_add_weak_pointer (G_OBJECT (old_sync), (gpointer *) &old_sync);
  old_catalogue = yc_context_get_catalogue (f->context);
  old_catalogue_sync = yc_context_get_catalogue_sync (f->context);
  g_object_add_weak_pointer (G_OBJECT (old_catalogue), (gpointer *) &old_catalogue);
  g_object_add_weak_pointer (G_OBJECT (old_catalogue_sync), (gpointer *) &old_catalogue_sync);

  yc_context_reset_demo_async (f->context, NULL, on_demo_reset_cb, &reset);
  g_assert_false (yc_context_get_ready (f->context));
  g_assert_true (view_is (f, "login"));
  yc_test_wait_until (reset.done, TIMEOUT_S);
  g_assert_no_error (reset.error);

  /* The old demo is entirely gone: its store and sync finalized, its server stopped, its
   * folder removed. */
  g_assert_null (old_store);
  g_assert_null (old_sync);
  g_assert_null (old_catalogue);
  g_assert_null (old_catalogue_sync);
  g_assert_false (g_file_test (old_folder, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_server_threads (), ==, 1);
  g_assert_cmpuint (count_demo_folders (), ==, 1);

  yc_test_wait_until (queue_ready (f), TIMEOUT_S);
  /* The same address: a calling screen open on it reconnects to the new server. */
  g_assert_cmpstr (yc_client_get_base_url (yc_context_get_client (f->context)), ==, old_url);
  g_assert_cmpint (yc_test_db_count (yc_context_get_server_db_path (f->context),
                                     "SELECT count(*) FROM records"), ==, 0);
  wait_starter_tasks (f);
  /* A fresh cache in the fresh folder, filled from the fresh server. */
  wait_catalogue_filled (f);
  g_assert_null (yc_queue_page_get_current (queue_page (f)));

  close_demo (f);
}

/* A reset while the demo server is still starting (twice, even): the start is cancelled
 * and cleaned up, exactly one server runs afterwards, and the desk talks to it. */
static void
test_demo_reset_while_starting (void)
{
  Fixture fixture = { 0 };
  Fixture *f = &fixture;
  ResetResult first = { 0 };
  ResetResult second = { 0 };
  g_autofree char *folder = NULL;
  g_autofree char *url = NULL;
  g_autofree char *kiosk = NULL;
  g_autoptr(YcTicket) ticket = NULL;
  const char *db_path;

  open_demo (f);

  yc_context_start (f->context);
  yc_context_reset_demo_async (f->context, NULL, on_demo_reset_cb, &first);
  yc_context_reset_demo_async (f->context, NULL, on_demo_reset_cb, &second);

  yc_test_wait_until (first.done && second.done, TIMEOUT_S);
  g_assert_error (first.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_no_error (second.error);
  g_clear_error (&first.error);

  g_assert_true (yc_context_get_ready (f->context));
  g_assert_cmpuint (count_server_threads (), ==, 1);
  g_assert_cmpuint (count_demo_folders (), ==, 1);
  db_path = yc_context_get_server_db_path (f->context);
  folder = g_path_get_dirname (db_path);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));

  /* The desk's client talks to the server whose database that is. */
  yc_test_wait_until (queue_ready (f), TIMEOUT_S);
  url = g_strdup (yc_client_get_base_url (yc_context_get_client (f->context)));
  kiosk = yc_test_add_device_to_db (db_path, "kiosk", 0);
  ticket = take_ticket_at (url, kiosk, "A");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM tickets WHERE id = %" G_GINT64_FORMAT
                                            " AND number = '%s'",
                                            yc_ticket_get_id (ticket), yc_ticket_get_number (ticket));

    g_assert_cmpint (yc_test_db_count (db_path, sql), ==, 1);
  }
  yc_sync_set_backoff (yc_context_get_sync (f->context), 50, 400);
  demo_visit (f);

  close_demo (f);
}

/* Guides */

static YcGuidesPage *
guides_page (Fixture *f)
{
  return yc_window_get_guides_page (f->window);
}

static YcGuideView *
guide_view (Fixture *f)
{
  return yc_guides_page_get_guide_view (guides_page (f));
}

static gboolean
searching (Fixture *f)
{
  gboolean busy;

  g_object_get (guides_page (f), "searching", &busy, NULL);
  return busy;
}

/* Types query into the search field and waits for its answer: the codes found, in order. */
static GStrv
search (Fixture    *f,
        const char *query)
{
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  GListModel *results = yc_guides_page_get_results (guides_page (f));

  gtk_editable_set_text (yc_guides_page_get_search_entry (guides_page (f)), query);
  /* The search field waits a moment for more keys before it searches. */
  yc_test_wait_until (searching (f), TIMEOUT_S);
  yc_test_wait_until (!searching (f), TIMEOUT_S);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(YcGuideHit) hit = g_list_model_get_item (results, i);

      g_strv_builder_add (codes, yc_guide_hit_get_code (hit));
    }
  return g_strv_builder_end (codes);
}

static gboolean
guide_shown (Fixture    *f,
             const char *code)
{
  return g_strcmp0 (yc_guide_view_get_code (guide_view (f)), code) == 0;
}

static char *
hit_code (GListModel *model,
          guint       position)
{
  g_autoptr(YcGuideHit) hit = g_list_model_get_item (model, position);

  return hit ? g_strdup (yc_guide_hit_get_code (hit)) : NULL;
}

/* Search as a clerk does — Chinese, pinyin initials, a code, Traditional characters —
 * then open 企业开办, tick two materials missing and export the one-time notice. */
static void
test_guides_search_and_notice (Fixture       *f,
                               gconstpointer  data)
{
  g_auto(GStrv) found = NULL;
  g_auto(GStrv) materials = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *first_recent = NULL;
  g_autofree char *second_recent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  log_in_with_catalogue (f);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find-guide", NULL));
  g_assert_cmpstr (yc_window_get_visible_page (f->window), ==, "guides");
  g_assert_cmpstr (yc_guides_page_get_list_shown (guides_page (f)), ==, "home");

  found = search (f, "qykb");
  g_assert_cmpuint (g_strv_length (found), >=, 1);
  g_assert_cmpstr (found[0], ==, "YJS-001");
  g_assert_cmpstr (yc_guides_page_get_list_shown (guides_page (f)), ==, "results");
  g_clear_pointer (&found, g_strfreev);

  found = search (f, "qiyekaiban");
  g_assert_cmpstr (found[0], ==, "YJS-001");
  g_clear_pointer (&found, g_strfreev);

  /* Traditional characters find the Simplified keyword of the company registration. */
  found = search (f, "營業執照");
  g_assert_true (g_strv_contains ((const char *const *) found, "990100-SCJG-XK-0001"));
  g_clear_pointer (&found, g_strfreev);

  /* A code's prefix: every result is of that department, exact and prefix first. */
  found = search (f, "990100-SCJG-XK-0001");
  g_assert_cmpstr (found[0], ==, "990100-SCJG-XK-0001");
  g_clear_pointer (&found, g_strfreev);

  found = search (f, "没有这样的事项");
  g_assert_cmpuint (g_strv_length (found), ==, 0);
  g_assert_cmpstr (yc_guides_page_get_list_shown (guides_page (f)), ==, "none");
  g_clear_pointer (&found, g_strfreev);

  /* Enter in the search field opens the first result. */
  g_clear_pointer (&found, g_strfreev);
  found = search (f, "qykb");
  g_test_message ("selected %u of %u, first %s", yc_guides_page_get_selected (guides_page (f)),
                  g_list_model_get_n_items (yc_guides_page_get_results (guides_page (f))), found[0]);
  g_signal_emit_by_name (yc_guides_page_get_search_entry (guides_page (f)), "activate");
  yc_test_wait_until (guide_shown (f, "YJS-001"), TIMEOUT_S);
  g_assert_cmpstr (yc_guide_view_get_title (guide_view (f)), ==, "企业开办一件事");

  /* The package's checklist: the materials of its six items, each once. */
  materials = yc_guide_view_dup_materials (guide_view (f));
  g_assert_true (g_strv_contains ((const char *const *) materials, "公司章程"));
  g_assert_true (g_strv_contains ((const char *const *) materials, "住所（经营场所）使用证明"));
  g_assert_cmpuint (g_strv_length (materials), >, 4);
  for (guint i = 0; materials[i]; i++)
    for (guint j = i + 1; materials[j]; j++)
      g_assert_cmpstr (materials[i], !=, materials[j]);

  /* Nothing ticked: no notice. */
  g_assert_false (yc_guide_view_export_notice (guide_view (f), "/nonexistent/x.pdf", &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_true (yc_guide_view_set_missing (guide_view (f), "公司章程", TRUE));
  g_assert_true (yc_guide_view_set_missing (guide_view (f), "住所（经营场所）使用证明", TRUE));
  g_assert_false (yc_guide_view_set_missing (guide_view (f), "不存在的材料", TRUE));
  g_assert_cmpuint (yc_guide_view_get_missing_count (guide_view (f)), ==, 2);
  save_screenshot (f, "guide-package");

  pdf = g_build_filename (f->dir, "notice.pdf", NULL);
  g_assert_true (yc_guide_view_export_notice (guide_view (f), pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  text = pdf_text (pdf);
  g_test_message ("notice: %s", text);
  g_assert_nonnull (strstr (text, "公司章程"));
  g_assert_nonnull (strstr (text, "住所（经营场所）使用证明"));
  g_assert_nonnull (strstr (text, "企业开办一件事"));
  g_assert_nonnull (strstr (text, "示范市政务服务中心"));
  /* The clerk who hands it over (demo clerk 1001). */
  g_assert_nonnull (strstr (text, yc_client_get_session (f->client)->clerk_name));
  /* Only what is missing: a material provided is not on the notice. */
  g_assert_null (strstr (text, "公司登记（备案）申请书"));

  /* Opened guides go to the front of the recents, an item of the package too. */
  yc_guides_page_open (guides_page (f), YC_CATALOGUE_ITEM, "990100-SCJG-XK-0001");
  yc_test_wait_until (guide_shown (f, "990100-SCJG-XK-0001"), TIMEOUT_S);
  g_assert_cmpuint (yc_guide_view_get_missing_count (guide_view (f)), ==, 0);
  first_recent = hit_code (yc_guides_page_get_recents (guides_page (f)), 0);
  second_recent = hit_code (yc_guides_page_get_recents (guides_page (f)), 1);
  g_assert_cmpstr (first_recent, ==, "990100-SCJG-XK-0001");
  g_assert_cmpstr (second_recent, ==, "YJS-001");

  /* Favourites: on, then off again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (guide_view (f)), "guide.favourite", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (yc_guides_page_get_favourites (guides_page (f))), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (guide_view (f)), "guide.favourite", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (yc_guides_page_get_favourites (guides_page (f))), ==, 0);

  /* A guide the catalogue no longer has says so. */
  yc_guides_page_open (guides_page (f), YC_CATALOGUE_ITEM, "990100-NONE-0000");
  yc_test_wait_until (guide_shown (f, "990100-NONE-0000"), TIMEOUT_S);
  g_assert_null (yc_guide_view_get_title (guide_view (f)));

  /* Clearing the search shows the home lists again. */
  gtk_editable_set_text (yc_guides_page_get_search_entry (guides_page (f)), "");
  yc_test_wait_until (g_strcmp0 (yc_guides_page_get_list_shown (guides_page (f)), "home") == 0,
                      TIMEOUT_S);
}

static gboolean
guides_page_shown (Fixture *f)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  GtkWidget *entry = GTK_WIDGET (yc_guides_page_get_search_entry (guides_page (f)));

  return g_strcmp0 (yc_window_get_visible_page (f->window), "guides") == 0 &&
         focus != NULL && (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

static gboolean
typed_q (Fixture *f)
{
  return g_str_equal (gtk_editable_get_text (yc_guides_page_get_search_entry (guides_page (f))), "q");
}

static gboolean
typed_qy (Fixture *f)
{
  return g_str_equal (gtk_editable_get_text (yc_guides_page_get_search_entry (guides_page (f))), "qy");
}

static gboolean
second_selected (Fixture *f)
{
  return yc_guides_page_get_selected (guides_page (f)) == 1;
}

static gboolean
second_opened (Fixture *f)
{
  g_autofree char *code = hit_code (yc_guides_page_get_results (guides_page (f)), 1);

  return code != NULL && guide_shown (f, code);
}

/* The keyboard alone: F3 to search, keys typed, Down to the second result, Enter. */
static void
test_guides_keys (Fixture       *f,
                  gconstpointer  data)
{
  log_in_with_catalogue (f);
  if (!key_presses_possible (f))
    return;

  press_key (f, XK_F3, guides_page_shown);
  press_key (f, XK_q, typed_q);
  press_key (f, XK_y, typed_qy);
  yc_test_wait_until (searching (f), TIMEOUT_S);
  yc_test_wait_until (!searching (f), TIMEOUT_S);
  g_assert_cmpuint (g_list_model_get_n_items (yc_guides_page_get_results (guides_page (f))), >, 1);
  g_assert_cmpuint (yc_guides_page_get_selected (guides_page (f)), ==, 0);

  press_key (f, XK_Down, second_selected);
  press_key (f, XK_Return, second_opened);
}

static gboolean
answered_with_results (Fixture *f)
{
  return !searching (f) && g_strcmp0 (yc_guides_page_get_list_shown (guides_page (f)), "results") == 0;
}

static gboolean
in_first_five (GStrv       found,
               const char *code)
{
  for (guint i = 0; found[i] != NULL && i < 5; i++)
    if (g_str_equal (found[i], code))
      return TRUE;
  return FALSE;
}

/* A slip in pinyin finds nothing, and the pinyin meant is offered above the list: Enter,
 * or a click on it, searches for it. Words apart and a homophone find their guide. */
static void
test_guides_forgiving (Fixture       *f,
                       gconstpointer  data)
{
  GtkEditable *entry;
  GtkButton *suggestion;
  g_auto(GStrv) found = NULL;

  log_in_with_catalogue (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find-guide", NULL));
  entry = yc_guides_page_get_search_entry (guides_page (f));
  suggestion = yc_guides_page_get_suggestion (guides_page (f));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (suggestion)));

  found = search (f, "qiyekiaban");
  g_assert_cmpuint (g_strv_length (found), ==, 0);
  g_assert_cmpstr (yc_guides_page_get_list_shown (guides_page (f)), ==, "none");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (suggestion)));
  /* "Did you mean: qiyekaiban?", in the desk's language. */
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gtk_button_get_child (suggestion))), "qiyekaiban"));
  save_screenshot (f, "guides-suggestion");
  g_clear_pointer (&found, g_strfreev);

  /* Enter in the search field takes it, with nothing to open. */
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "qiyekaiban");
  yc_test_wait_until (answered_with_results (f), TIMEOUT_S);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (suggestion)));
  g_assert_false (guide_shown (f, "YJS-001"));
  found = search (f, "qiyekaiban");
  g_assert_cmpstr (found[0], ==, "YJS-001");
  g_clear_pointer (&found, g_strfreev);

  /* So does a click on it. */
  found = search (f, "jiehundegnji");
  g_assert_cmpuint (g_strv_length (found), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (suggestion)));
  g_clear_pointer (&found, g_strfreev);
  g_signal_emit_by_name (suggestion, "clicked");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "jiehundengji");
  yc_test_wait_until (answered_with_results (f), TIMEOUT_S);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (suggestion)));

  found = search (f, "执照 营业");
  g_assert_true (in_first_five (found, "990100-SCJG-XK-0001"));
  g_clear_pointer (&found, g_strfreev);
  found = search (f, "结婚登纪");
  g_assert_true (in_first_five (found, "990100-MZ-QR-0001"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (suggestion)));
}

/* The page in Simplified Chinese: a guide opened, its labels not in English. */
static void
test_guides_language (Fixture       *f,
                      gconstpointer  data)
{
  const char *language = g_getenv ("LANGUAGE");
  g_auto(GStrv) found = NULL;
  g_autofree char *placeholder = NULL;

  log_in_with_catalogue (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find-guide", NULL));
  g_object_get (yc_guides_page_get_search_entry (guides_page (f)), "placeholder-text", &placeholder, NULL);
  g_test_message ("search placeholder: %s", placeholder);

  found = search (f, "营业执照");
  g_assert_cmpuint (g_strv_length (found), >=, 1);
  yc_guides_page_open (guides_page (f), YC_CATALOGUE_ITEM, "990100-SCJG-XK-0001");
  yc_test_wait_until (guide_shown (f, "990100-SCJG-XK-0001"), TIMEOUT_S);
  yc_guide_view_set_missing (guide_view (f), "公司章程", TRUE);
  save_screenshot (f, "guide-item");

  if (language != NULL && g_str_has_prefix (language, "zh_CN"))
    g_assert_cmpstr (placeholder, ==, "事项名称、编码、拼音或首字母");
  else
    g_assert_cmpstr (placeholder, ==, "Name, code, pinyin or initials");
}

/* Run twice by meson: as is (English source strings) and with --language=zh_CN. */
static void
test_language (Fixture       *f,
               gconstpointer  data)
{
  const char *language = g_getenv ("LANGUAGE");
  const char *label;

  label = gtk_label_get_label (yc_queue_page_get_call_label (queue_page (f)));
  g_test_message ("Call Next in %s: %s", language ? language : "the source language", label);

  if (language != NULL && g_str_has_prefix (language, "zh_CN"))
    {
      g_autofree char *waiting = g_strdup_printf (ngettext ("%u in all", "%u in all", 7), 7);
      g_autofree char *cases = g_strdup_printf (ngettext ("%u case", "%u cases", 2), 2);

      g_assert_cmpstr (label, ==, "呼叫下一位");
      /* Issue 16, 3: a count is written as the hall writes it, the numeral against its
       * measure word (共7人, 共2件), the same on every page. */
      g_assert_cmpstr (waiting, ==, "共7人");
      g_assert_cmpstr (cases, ==, "共2件");
    }
  else
    /* As written in ui/yc-queue-page.ui. */
    g_assert_cmpstr (label, ==, "Call Next");
}

/* ---- Tasks ---- */

static YcTasksPage *
tasks_page (Fixture *f)
{
  return yc_window_get_tasks_page (f->window);
}

static gint64
shown_task_at (Fixture *f,
               guint    position)
{
  GListModel *shown = yc_tasks_page_get_shown (tasks_page (f));
  g_autoptr(YcTask) task = NULL;

  if (position >= g_list_model_get_n_items (shown))
    return 0;
  task = g_list_model_get_item (shown, position);
  return yc_task_get_id (task);
}

static const char *
task_label (Fixture    *f,
            const char *name)
{
  return gtk_label_get_text (yc_tasks_page_get_label (tasks_page (f), name));
}

static gboolean
task_button_ready (Fixture    *f,
                   const char *name)
{
  GtkWidget *button = yc_tasks_page_get_button (tasks_page (f), name);

  return gtk_widget_is_visible (button) && gtk_widget_is_sensitive (button);
}

/* The tasks of the demo's 1001 at window 1: a hotline order by name, with a citizen's
 * numbers in it; an overdue one, escalated; a correction for the window to claim. Their
 * ids in order. */
static void
assign_sample_tasks (Fixture *f,
                     gint64   ids[3])
{
  ids[0] = yc_test_assign_task (f->server, "{\"kind\":\"hotline\",\"title\":\"12345 工单：咨询营业执照办理进度\","
                                           "\"detail\":\"市民王芳（11010519491231002X）来电 13812345678，询问执照何时可领。\","
                                           "\"clerk\":\"1001\"}");
  ids[1] = yc_test_assign_task (f->server, "{\"kind\":\"hotline\",\"title\":\"12345 工单：投诉窗口排队时间长\","
                                           "\"clerk\":\"1001\",\"respond_by\":\"2026-11-02\",\"finish_by\":\"2026-11-05\"}");
  ids[2] = yc_test_assign_task (f->server, "{\"kind\":\"correction\",\"title\":\"补正：营业执照变更登记缺少股东会决议\","
                                           "\"window\":1,\"case_number\":\"990100-20261122-0001\"}");
  yc_test_escalate_tasks (f->server, NULL);
}

/* The Tasks page as a clerk uses it: the badge counts what is open; the overdue one comes
 * first, red, with its escalation; numbers in the text are masked; a window's task is
 * claimed and then completed (through the outbox, onto the server); its case opens on the
 * Records page. */
static void
test_tasks_page (Fixture       *f,
                 gconstpointer  data)
{
  gint64 ids[3];
  g_autofree char *done_sql = NULL;

  log_in (f);
  yc_test_wait_until (yc_tasks_get_loaded (yc_context_get_tasks (f->context)), TIMEOUT_S);
  g_assert_null (yc_window_get_badge (f->window, "tasks"));
  assign_sample_tasks (f, ids);
  yc_test_wait_until (g_strcmp0 (yc_window_get_badge (f->window, "tasks"), "3") == 0, TIMEOUT_S);

  yc_window_show_task (f->window, ids[0]);
  g_assert_cmpstr (yc_window_get_visible_page (f->window), ==, "tasks");
  g_assert_cmpstr (yc_tasks_page_get_view (tasks_page (f)), ==, "mine");
  g_assert_cmpint (yc_tasks_page_get_shown_id (tasks_page (f)), ==, ids[0]);
  g_assert_cmpstr (task_label (f, "kind"), ==, "12345 Hotline Order");
  /* What the citizen said comes with the list, read after the stream told of the task. */
  yc_test_wait_until (*task_label (f, "detail") != '\0', TIMEOUT_S);
  g_assert_null (strstr (task_label (f, "detail"), "13812345678"));
  g_assert_null (strstr (task_label (f, "detail"), "11010519491231002X"));
  g_assert_nonnull (strstr (task_label (f, "detail"), "138****5678"));
  g_assert_cmpstr (task_label (f, "countdown"), ==, "1 working day left to answer");

  /* The overdue one first, escalated. */
  yc_test_wait_until (shown_task_at (f, 0) == ids[1], TIMEOUT_S);
  g_assert_cmpint (shown_task_at (f, 1), ==, ids[0]);
  yc_tasks_page_show_task (tasks_page (f), ids[1]);
  g_assert_cmpstr (task_label (f, "escalation"), ==, "Accountability Letter");
  g_assert_true (g_str_has_suffix (task_label (f, "countdown"), "working days overdue"));
  save_screenshot (f, "tasks-mine");

  /* The window's correction: claimed, it is mine; completed, it is done. */
  yc_tasks_page_show_task (tasks_page (f), ids[2]);
  g_assert_cmpstr (yc_tasks_page_get_view (tasks_page (f)), ==, "claimable");
  g_assert_cmpstr (task_label (f, "about"), ==, "Case 990100-20261122-0001");
  g_assert_false (gtk_widget_is_visible (yc_tasks_page_get_button (tasks_page (f), "complete")));
  g_assert_true (task_button_ready (f, "claim"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tasks_page (f)), "tasks.claim", NULL));
  yc_test_wait_until (g_strcmp0 (yc_tasks_page_get_view (tasks_page (f)), "mine") == 0, TIMEOUT_S);
  g_assert_cmpint (yc_tasks_page_get_shown_id (tasks_page (f)), ==, ids[2]);
  g_assert_cmpstr (yc_window_get_badge (f->window, "tasks"), ==, "3");

  /* Without a note it cannot be completed; with one it can. */
  yc_test_wait_until (task_button_ready (f, "complete"), TIMEOUT_S);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tasks_page (f)), "tasks.complete", NULL));
  yc_test_wait_until (g_strcmp0 (yc_window_get_last_toast (f->window),
                                 "Say in a few words what was done before completing the task.") == 0, TIMEOUT_S);
  gtk_editable_set_text (yc_tasks_page_get_note_entry (tasks_page (f)), "已通知申请人补交股东会决议");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tasks_page (f)), "tasks.complete", NULL));
  yc_test_wait_until (g_strcmp0 (yc_tasks_page_get_view (tasks_page (f)), "done") == 0, TIMEOUT_S);
  g_assert_cmpstr (yc_window_get_badge (f->window, "tasks"), ==, "2");
  done_sql = g_strdup_printf ("SELECT count(*) FROM tasks WHERE id = %" G_GINT64_FORMAT " AND state = 'done'"
                              " AND result = '已通知申请人补交股东会决议'", ids[2]);
  yc_test_wait_until (server_count (f, done_sql) == 1, TIMEOUT_S);
  save_screenshot (f, "tasks-done");

  /* Its case, on the Records page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tasks_page (f)), "tasks.show-case", NULL));
  g_assert_cmpstr (yc_window_get_visible_page (f->window), ==, "records");
  g_assert_cmpstr (gtk_editable_get_text (yc_records_page_get_search_entry (yc_window_get_records_page (f->window))),
                   ==, "990100-20261122-0001");
}

/* The same page in Simplified Chinese, as a hall's clerk reads it. */
static void
test_tasks_language (Fixture       *f,
                     gconstpointer  data)
{
  const char *language = g_getenv ("LANGUAGE");
  gint64 ids[3];

  log_in (f);
  assign_sample_tasks (f, ids);
  yc_test_wait_until (g_strcmp0 (yc_window_get_badge (f->window, "tasks"), "3") == 0, TIMEOUT_S);
  yc_window_show_task (f->window, ids[1]);
  yc_test_wait_until (yc_tasks_page_get_shown_id (tasks_page (f)) == ids[1] &&
                      g_strcmp0 (task_label (f, "escalation"), "") != 0, TIMEOUT_S);
  save_screenshot (f, "tasks-language");
  if (language != NULL && g_str_has_prefix (language, "zh_CN"))
    {
      g_assert_cmpstr (task_label (f, "escalation"), ==, "问责函");
      g_assert_cmpstr (task_label (f, "kind"), ==, "12345热线工单");
    }
  else
    g_assert_cmpstr (task_label (f, "escalation"), ==, "Accountability Letter");
}

/* ---- Notifications ---- */

/* A stand-in for the desktop's notification service (org.freedesktop.Notifications) on
 * the test's private session bus: it records each Notify and can press a button. */
typedef struct
{
  guint32  id;
  char    *app_name;
  char    *summary;
  char    *body;
  GStrv    actions;
  guchar   urgency;
} Notified;

static void
notified_free (Notified *notified)
{
  g_free (notified->app_name);
  g_free (notified->summary);
  g_free (notified->body);
  g_strfreev (notified->actions);
  g_free (notified);
}

typedef struct
{
  GDBusConnection *bus;
  GDBusNodeInfo   *info;
  guint            owner;
  guint            object;
  gboolean         owned;
  GPtrArray       *calls;   /* Notified */
} FakeService;

static const char fake_service_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  " <method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "  <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "  <arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "  <arg type='u' direction='out'/></method>"
  " <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  " <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  " <method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "  <arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  " <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  " <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "</interface></node>";

static void
fake_service_call_cb (GDBusConnection       *connection,
                      const char            *sender,
                      const char            *path,
                      const char            *interface,
                      const char            *method,
                      GVariant              *parameters,
                      GDBusMethodInvocation *invocation,
                      gpointer               user_data)
{
  FakeService *service = user_data;

  if (g_str_equal (method, "Notify"))
    {
      Notified *notified = g_new0 (Notified, 1);
      g_autoptr(GVariant) hints = NULL;
      guint32 replaces;
      gint32 timeout;

      g_variant_get (parameters, "(sus&s&s^as@a{sv}i)", &notified->app_name, &replaces, NULL, NULL, NULL,
                     &notified->actions, &hints, &timeout);
      g_variant_get_child (parameters, 3, "s", &notified->summary);
      g_variant_get_child (parameters, 4, "s", &notified->body);
      if (!g_variant_lookup (hints, "urgency", "y", &notified->urgency))
        notified->urgency = 1;
      notified->id = service->calls->len + 1;
      g_ptr_array_add (service->calls, notified);
      g_test_message ("Notify #%u: %s | %s", notified->id, notified->summary, notified->body);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notified->id));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "fake", "yichuang-tests", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable fake_service_vtable = { fake_service_call_cb, NULL, NULL, { NULL } };

static void
on_fake_name_acquired_cb (GDBusConnection *connection,
                          const char      *name,
                          gpointer         user_data)
{
  ((FakeService *) user_data)->owned = TRUE;
}

static FakeService *
fake_service_start (void)
{
  FakeService *service = g_new0 (FakeService, 1);
  g_autoptr(GError) error = NULL;

  service->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) notified_free);
  service->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  service->info = g_dbus_node_info_new_for_xml (fake_service_xml, &error);
  g_assert_no_error (error);
  service->object = g_dbus_connection_register_object (service->bus, "/org/freedesktop/Notifications",
                                                       service->info->interfaces[0], &fake_service_vtable,
                                                       service, NULL, &error);
  g_assert_no_error (error);
  service->owner = g_bus_own_name_on_connection (service->bus, "org.freedesktop.Notifications",
                                                 G_BUS_NAME_OWNER_FLAGS_NONE, on_fake_name_acquired_cb, NULL,
                                                 service, NULL);
  yc_test_wait_until (service->owned, TIMEOUT_S);
  return service;
}

static void
fake_service_stop (FakeService *service)
{
  g_bus_unown_name (service->owner);
  g_dbus_connection_unregister_object (service->bus, service->object);
  g_dbus_node_info_unref (service->info);
  g_object_unref (service->bus);
  g_ptr_array_unref (service->calls);
  g_free (service);
}

/* The clerk presses a notification's button. */
static void
fake_service_invoke (FakeService *service,
                     guint32      id,
                     const char  *action)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (service->bus, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", id, action), &error);
  g_assert_no_error (error);
}

static Notified *
last_notified (FakeService *service)
{
  g_assert_cmpuint (service->calls->len, >, 0);
  return g_ptr_array_index (service->calls, service->calls->len - 1);
}

static YcNotifier *
notifier (Fixture *f)
{
  return yc_window_get_notifier (f->window);
}

/* A task for 1001 is told once, masked, with an Open button that shows it on the Tasks
 * page. Neither a read of the lists nor a reconnect tells it again. */
static void
test_notify_open (Fixture       *f,
                  gconstpointer  data)
{
  FakeService *service = fake_service_start ();
  YcTasks *tasks = yc_context_get_tasks (f->context);
  Notified *notified;
  gint64 id;

  yc_notifier_set_delay (notifier (f), 100);
  log_in (f);
  yc_test_wait_until (yc_tasks_get_loaded (tasks), TIMEOUT_S);
  id = yc_test_assign_task (f->server, "{\"kind\":\"hotline\",\"title\":\"12345 工单：市民 13812345678 咨询执照进度\","
                                       "\"clerk\":\"1001\"}");
  yc_test_wait_until (service->calls->len == 1, TIMEOUT_S);
  notified = last_notified (service);
  g_assert_cmpstr (notified->summary, ==, "New task · 12345 Hotline Order");
  g_assert_null (strstr (notified->body, "13812345678"));
  g_assert_nonnull (strstr (notified->body, "138****5678"));
  g_assert_true (g_strv_contains ((const char * const *) notified->actions, "open"));
  g_assert_cmpstr (notified->app_name, ==, "Yichuang");
  yc_test_wait_until (yc_notifier_get_n_shown (notifier (f)) == 1, TIMEOUT_S);

  /* The clerk was on the Queue page: Open shows the task. */
  g_assert_cmpstr (yc_window_get_visible_page (f->window), ==, "queue");
  fake_service_invoke (service, notified->id, "open");
  yc_test_wait_until (g_strcmp0 (yc_window_get_visible_page (f->window), "tasks") == 0 &&
                      yc_tasks_page_get_shown_id (tasks_page (f)) == id, TIMEOUT_S);

  /* Heard again from a read and after a reconnect: still told once. */
  yc_events_reconnect (yc_context_get_events (f->context));
  yc_test_wait_until (yc_events_get_live (yc_context_get_events (f->context)), TIMEOUT_S);
  yc_test_run_for (800);
  g_assert_cmpuint (service->calls->len, ==, 1);

  /* What waits for a visit to end is not told to the next clerk after a log-out. */
  yc_notifier_set_busy (notifier (f), TRUE);
  yc_test_assign_task (f->server, "{\"kind\":\"hotline\",\"title\":\"12345 工单：咨询公积金\",\"clerk\":\"1001\"}");
  yc_test_wait_until (yc_notifier_get_n_held (notifier (f)) == 1, TIMEOUT_S);
  log_out (f);
  g_assert_cmpuint (yc_notifier_get_n_held (notifier (f)), ==, 0);

  fake_service_stop (service);
}

/* Three tasks at once are one notification; during a visit a new one waits for its end,
 * while an escalation is told at once; a deadline today is told once. */
static void
test_notify_burst_and_visit (Fixture       *f,
                             gconstpointer  data)
{
  FakeService *service = fake_service_start ();
  g_autoptr(YcTicket) ticket = NULL;
  Notified *notified;
  gint64 late, complaint;

  /* Three seconds to gather the burst in: each task reaches the desk by its own request,
   * and on a loaded machine under the sanitizers the third came 1.2 s after the first. */
  yc_notifier_set_delay (notifier (f), 3000);
  log_in (f);
  yc_test_wait_until (yc_tasks_get_loaded (yc_context_get_tasks (f->context)), TIMEOUT_S);

  yc_test_assign_task (f->server, "{\"kind\":\"correction\",\"title\":\"补正：营业执照变更登记\",\"window\":1}");
  yc_test_assign_task (f->server, "{\"kind\":\"bad_rating\",\"title\":\"差评整改：等候时间长\",\"clerk\":\"1001\"}");
  complaint = yc_test_assign_task (f->server, "{\"kind\":\"complaint\",\"title\":\"办不成事：跨区通办\",\"zone\":\"综合受理区\"}");
  yc_test_wait_until (service->calls->len >= 1, TIMEOUT_S);
  yc_test_run_for (600);
  g_assert_cmpuint (service->calls->len, ==, 1);
  notified = last_notified (service);
  g_assert_cmpstr (notified->summary, ==, "3 new tasks");
  g_assert_nonnull (strstr (notified->body, "差评整改：等候时间长"));
  /* Open on a burst shows its most pressing task: the complaint, to be answered today
   * (once the desk has heard the id given to the notification). */
  yc_test_wait_until (yc_notifier_get_n_shown (notifier (f)) == 1, TIMEOUT_S);
  fake_service_invoke (service, notified->id, "default");
  yc_test_wait_until (g_strcmp0 (yc_window_get_visible_page (f->window), "tasks") == 0 &&
                      yc_tasks_page_get_shown_id (tasks_page (f)) == complaint, TIMEOUT_S);

  /* A citizen at the window. */
  ticket = take_ticket (f, "A");
  yc_test_wait_until (shown_waiting (f, "A") == 1, TIMEOUT_S);
  activate (f, "queue.call-next");
  yc_test_wait_until (shows (f, ticket), TIMEOUT_S);
  yc_test_assign_task (f->server, "{\"kind\":\"hotline\",\"title\":\"12345 工单：咨询社保转移\",\"clerk\":\"1001\"}");
  yc_test_wait_until (yc_notifier_get_n_held (notifier (f)) == 1, TIMEOUT_S);
  late = yc_test_assign_task (f->server, "{\"kind\":\"hotline\",\"title\":\"12345 工单：投诉排队时间长\",\"clerk\":\"1001\","
                                         "\"respond_by\":\"2026-11-02\",\"finish_by\":\"2026-11-05\"}");
  yc_test_wait_until (yc_notifier_get_n_held (notifier (f)) == 2, TIMEOUT_S);
  yc_test_escalate_tasks (f->server, NULL);
  yc_test_wait_until (service->calls->len == 2, TIMEOUT_S);
  notified = last_notified (service);
  g_assert_cmpstr (notified->summary, ==, "Accountability Letter · 12345 Hotline Order");
  g_assert_cmpuint (notified->urgency, ==, 2);
  /* Its escalation said it all: only the other one still waits. */
  g_assert_cmpuint (yc_notifier_get_n_held (notifier (f)), ==, 1);
  yc_test_wait_until (yc_notifier_get_n_shown (notifier (f)) == 2, TIMEOUT_S);
  fake_service_invoke (service, notified->id, "open");
  yc_test_wait_until (yc_tasks_page_get_shown_id (tasks_page (f)) == late, TIMEOUT_S);

  /* The visit ends: what waited is told, in one. */
  yc_test_wait_until (!yc_queue_page_get_busy (queue_page (f)), TIMEOUT_S);
  activate (f, "queue.finish");
  yc_test_wait_until (yc_queue_page_get_current (queue_page (f)) == NULL, TIMEOUT_S);
  yc_test_wait_until (service->calls->len == 3, TIMEOUT_S);
  g_assert_cmpstr (last_notified (service)->summary, ==, "New task · 12345 Hotline Order");
  g_assert_nonnull (strstr (last_notified (service)->body, "咨询社保转移"));
  g_assert_cmpuint (yc_notifier_get_n_held (notifier (f)), ==, 0);

  /* The hotline orders are due to be answered by the next working day: told once. */
  yc_notifier_check_deadlines (notifier (f));
  yc_test_wait_until (service->calls->len == 4, TIMEOUT_S);
  g_assert_cmpstr (last_notified (service)->summary, ==, "2 tasks need your attention");
  yc_notifier_check_deadlines (notifier (f));
  yc_test_run_for (600);
  g_assert_cmpuint (service->calls->len, ==, 4);

  fake_service_stop (service);
}

/* The preferences: a kind of task switched off is not told of; the others are. */
static void
test_notify_preferences (Fixture       *f,
                         gconstpointer  data)
{
  FakeService *service = fake_service_start ();
  g_autoptr(GSettings) settings = g_settings_new ("cn.yichuang.Desk");
  g_autoptr(YcNotifier) own = yc_notifier_new (yc_context_get_tasks (f->context), settings);
  GtkWidget *preferences = yc_preferences_new (GTK_WINDOW (f->window), settings);
  g_auto(GStrv) muted = NULL;

  yc_notifier_set_delay (own, 100);
  gtk_window_present (GTK_WINDOW (preferences));
  gtk_switch_set_active (yc_preferences_get_kind_switch (YC_PREFERENCES (preferences), "hotline"), FALSE);
  muted = g_settings_get_strv (settings, "notify-muted-kinds");
  g_assert_true (g_strv_contains ((const char * const *) muted, "hotline"));
  gtk_window_destroy (GTK_WINDOW (preferences));

  log_in (f);
  yc_test_wait_until (yc_tasks_get_loaded (yc_context_get_tasks (f->context)), TIMEOUT_S);
  yc_test_assign_task (f->server, "{\"kind\":\"hotline\",\"title\":\"12345 工单\",\"clerk\":\"1001\"}");
  /* The window's own notifier (no settings: all on) tells it; this one does not. */
  yc_test_wait_until (service->calls->len == 1, TIMEOUT_S);
  yc_test_run_for (400);
  g_assert_cmpuint (yc_notifier_get_n_shown (own), ==, 0);
  yc_test_assign_task (f->server, "{\"kind\":\"correction\",\"title\":\"补正\",\"clerk\":\"1001\"}");
  yc_test_wait_until (yc_notifier_get_n_shown (own) == 1, TIMEOUT_S);

  g_settings_reset (settings, "notify-muted-kinds");
  fake_service_stop (service);
}

/* No notification service at all: nothing is shown, the desk goes on, the badge tells. */
static void
test_notify_no_service (Fixture       *f,
                        gconstpointer  data)
{
  gint64 id;

  yc_notifier_set_delay (notifier (f), 100);
  log_in (f);
  yc_test_wait_until (yc_tasks_get_loaded (yc_context_get_tasks (f->context)), TIMEOUT_S);
  id = yc_test_assign_task (f->server, "{\"kind\":\"hotline\",\"title\":\"12345 工单\",\"clerk\":\"1001\"}");
  yc_test_wait_until (yc_notifier_get_n_failed (notifier (f)) == 1, TIMEOUT_S);
  g_assert_cmpuint (yc_notifier_get_n_shown (notifier (f)), ==, 0);
  g_assert_cmpstr (yc_window_get_badge (f->window, "tasks"), ==, "1");
  yc_window_show_task (f->window, id);
  g_assert_cmpint (yc_tasks_page_get_shown_id (tasks_page (f)), ==, id);
}

static void
on_css_parsing_error_cb (GtkCssProvider *provider,
                         GtkCssSection  *section,
                         const GError   *error)
{
  g_autofree char *where = gtk_css_section_to_string (section);

  g_error ("style.css: %s: %s", where, error->message);
}


YcIntakePage *
intake_page (Fixture *f)
{
  return yc_window_get_intake_page (f->window);
}

YcIntakeView *
intake_view (Fixture *f)
{
  return yc_intake_page_get_view (intake_page (f));
}

gboolean
intake_shown (Fixture *f)
{
  return g_strcmp0 (yc_intake_view_get_shown (intake_view (f)), "intake") == 0;
}

static gint64
drafts_with (Fixture    *f,
             const char *text)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM drafts WHERE instr (body, '%s') > 0", text);
  return yc_test_db_count (f->desk_db, sql);
}


/* 企业开办 started from the ticket at the window: one form of the package's fields, each asked once, and
 * one checklist of its six items' materials, each collected once. What the clerk types is
 * in the draft at once, and after the desk is gone and back the intake is as it was. */
static void
test_intake_start_and_restore (Fixture       *f,
                               gconstpointer  data)
{
  g_auto(GStrv) keys = NULL;
  g_auto(GStrv) materials = NULL;
  YcIntake *intake;
  guint id_cards = 0;

  g_autoptr(YcTicket) ticket = NULL;

  log_in_with_catalogue (f);
  /* A citizen is called to the window first: the intake is theirs. */
  ticket = take_ticket (f, "B");
  activate (f, "queue.call-next");
  yc_test_wait_until (shows (f, ticket), TIMEOUT_S);
  /* Its service (B, enterprise affairs) offers its packages, 企业开办 first; not those of
   * general affairs. */
  yc_test_wait_until (yc_visit_card_get_suggestion (yc_queue_page_get_visit_card (queue_page (f)), "YJS-001") != NULL &&
                      yc_visit_card_get_suggestion (yc_queue_page_get_visit_card (queue_page (f)), "YJS-008") != NULL, TIMEOUT_S);
  g_assert_null (yc_visit_card_get_suggestion (yc_queue_page_get_visit_card (queue_page (f)), "YJS-002"));
  g_assert_cmpstr (gtk_button_get_label (yc_visit_card_get_suggestion (yc_queue_page_get_visit_card (queue_page (f)), "YJS-001")), ==,
                   "企业开办一件事");
  save_screenshot (f, "queue-suggestions");
  g_signal_emit_by_name (yc_visit_card_get_suggestion (yc_queue_page_get_visit_card (queue_page (f)), "YJS-001"), "clicked");

  g_assert_cmpstr (yc_window_get_visible_page (f->window), ==, "intake");
  g_assert_cmpuint (g_list_model_get_n_items (yc_intake_page_get_intakes (intake_page (f))), ==, 1);
  yc_test_wait_until (intake_shown (f), TIMEOUT_S);
  intake = yc_intake_view_get_intake (intake_view (f));
  g_assert_cmpstr (yc_intake_get_package (intake), ==, "YJS-001");
  g_assert_cmpuint (g_strv_length ((GStrv) yc_intake_get_items (intake)), ==, 6);
  g_assert_cmpstr (yc_intake_get_title (intake), ==, "企业开办一件事");
  g_assert_cmpstr (yc_intake_get_ticket (intake), ==, yc_ticket_get_number (ticket));
  /* 企业开办 promises one working day, counted on the official calendar. */
  yc_test_wait_until (strstr (gtk_label_get_text (yc_intake_view_get_subtitle_label (intake_view (f))),
                              "1 working day, due ") != NULL, TIMEOUT_S);
  /* The first draft is written as the intake starts. */
  yc_test_wait_until (drafts_with (f, "企业开办一件事") == 1, TIMEOUT_S);

  keys = yc_intake_view_dup_keys (intake_view (f));
  g_assert_true (g_strv_contains ((const char * const *) keys, "applicant.name"));
  g_assert_true (g_strv_contains ((const char * const *) keys, "company_name"));
  g_assert_true (g_strv_contains ((const char * const *) keys, "legal_rep_id"));
  g_assert_true (g_strv_contains ((const char * const *) keys, "seal_set"));
  materials = yc_intake_view_dup_materials (intake_view (f));
  for (guint i = 0; materials[i] != NULL; i++)
    id_cards += g_str_equal (materials[i], "居民身份证");
  g_assert_cmpuint (id_cards, ==, 1);
  g_assert_cmpuint (g_strv_length (materials), >=, 6);

  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "applicant.name"), "王芳");
  /* A wrong ID number is marked at its field, with what is wrong; a number still being
   * typed is not. */
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "applicant.id_number"), "1101051949");
  g_assert_null (yc_intake_view_get_problem (intake_view (f), "applicant.id_number"));
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "applicant.id_number"), "11010519491231003X");
  g_assert_nonnull (strstr (yc_intake_view_get_problem (intake_view (f), "applicant.id_number"), "typed wrong"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (yc_intake_view_get_editable (intake_view (f), "applicant.id_number")),
                                           "error"));
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "applicant.id_number"), "11010519491231002X");
  g_assert_null (yc_intake_view_get_problem (intake_view (f), "applicant.id_number"));
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "contact_phone"), "0300-123");
  g_assert_null (yc_intake_view_get_problem (intake_view (f), "contact_phone"));
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "contact_phone"), "12812345678");
  g_assert_nonnull (yc_intake_view_get_problem (intake_view (f), "contact_phone"));
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "contact_phone"), "13812345678");
  g_assert_null (yc_intake_view_get_problem (intake_view (f), "contact_phone"));
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "company_name"), "示范市云帆科技有限公司");
  g_assert_cmpstr (yc_intake_get_value (intake, "company_name"), ==, "示范市云帆科技有限公司");
  g_assert_true (yc_intake_view_choose_material (intake_view (f), "居民身份证", YC_MATERIAL_E_LICENCE));
  g_assert_true (yc_intake_view_choose_material (intake_view (f), "公司章程", YC_MATERIAL_MISSING));
  /* A material that allows no 容缺 does not offer it. */
  g_assert_false (yc_intake_view_choose_material (intake_view (f), "公司章程", YC_MATERIAL_DEFERRED));
  g_assert_cmpint (yc_intake_get_material (intake, "公司章程", NULL, NULL), ==, YC_MATERIAL_MISSING);
  yc_test_wait_until (drafts_with (f, "云帆科技") == 1 && drafts_with (f, "\"missing\"") == 1, TIMEOUT_S);
  save_screenshot (f, "intake");

  /* The desk goes and comes back: the intake is there, as it was, before any log-in. */
  restart_desk (f);
  yc_test_wait_until (g_list_model_get_n_items (yc_intake_page_get_intakes (intake_page (f))) == 1, TIMEOUT_S);
  {
    g_autoptr(YcIntake) again = g_list_model_get_item (yc_intake_page_get_intakes (intake_page (f)), 0);

    g_assert_cmpstr (yc_intake_get_value (again, "applicant.name"), ==, "王芳");
    g_assert_cmpint (yc_intake_get_material (again, "居民身份证", NULL, NULL), ==, YC_MATERIAL_E_LICENCE);
    yc_test_wait_until (intake_shown (f), TIMEOUT_S);
    g_assert_true (yc_intake_view_get_intake (intake_view (f)) == again);
    g_assert_cmpstr (gtk_editable_get_text (yc_intake_view_get_editable (intake_view (f), "company_name")), ==,
                     "示范市云帆科技有限公司");
  }
}

/* An intake filled in and accepted: the decision takes the draft's place in one
 * transaction, goes out through the outbox, and the server gives the case its number. */
/* The number of the first case the Records page lists, or NULL (the model keeps it). */
static const char *
first_case_number (GListModel *cases)
{
  g_autoptr(YcCaseEntry) first = g_list_model_get_n_items (cases) > 0 ? g_list_model_get_item (cases, 0) : NULL;

  return first != NULL ? yc_case_entry_get_case_number (first) : NULL;
}

static void
test_intake_accept (Fixture       *f,
                    gconstpointer  data)
{
  const char *items[] = { "990100-SCJG-XK-0001", "990100-GA-QT-0001", NULL };
  YcIntake *intake;

  log_in_with_catalogue (f);
  /* The receipt's printing is the print tests' business. */
  g_object_set (intake_view (f), "print-papers", FALSE, NULL);
  intake = yc_intake_page_start (intake_page (f), "YJS-001", items, "企业开办一件事", NULL);
  yc_test_wait_until (intake_shown (f) &&
                      strstr (gtk_label_get_text (yc_intake_view_get_subtitle_label (intake_view (f))), "due") != NULL,
                      TIMEOUT_S);

  fill_in_intake (f, intake, 1);
  /* A provided material counts its pages. */
  g_assert_null (yc_intake_view_get_material_extra (intake_view (f), "公司章程", "day"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (yc_intake_view_get_material_extra (intake_view (f), "公司章程", "pages")), 12);
  {
    guint pages = 0;
    g_assert_cmpint (yc_intake_get_material (intake, "公司章程", &pages, NULL), ==, YC_MATERIAL_PROVIDED);
    g_assert_cmpuint (pages, ==, 12);
  }
  /* The address proof may come later (容缺), on a working day after today and by the due
   * date at the latest: never later, nor today. */
  g_assert_true (yc_intake_view_choose_material (intake_view (f), "住所（经营场所）使用证明", YC_MATERIAL_DEFERRED));
  g_assert_null (yc_intake_view_get_material_extra (intake_view (f), "住所（经营场所）使用证明", "pages"));
  {
    GtkWidget *day = yc_intake_view_get_material_extra (intake_view (f), "住所（经营场所）使用证明", "day");
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) much_later = g_date_time_add_days (now, 40);
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
    g_autofree char *due = NULL;
    const char *supplement_by = NULL;
    GtkWidget *calendar;

    g_assert_cmpint (yc_intake_get_material (intake, "住所（经营场所）使用证明", NULL, &supplement_by), ==,
                     YC_MATERIAL_DEFERRED);
    g_assert_nonnull (supplement_by);
    due = g_strdup (supplement_by);
    g_assert_nonnull (day);
    g_assert_nonnull (strstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (day)), "Bring by"));
    gtk_menu_button_popup (GTK_MENU_BUTTON (day));
    calendar = gtk_widget_get_last_child (gtk_popover_get_child (gtk_menu_button_get_popover (GTK_MENU_BUTTON (day))));
    g_assert_true (GTK_IS_CALENDAR (calendar));
    gtk_calendar_select_day (GTK_CALENDAR (calendar), much_later);
    yc_intake_get_material (intake, "住所（经营场所）使用证明", NULL, &supplement_by);
    g_assert_cmpstr (supplement_by, ==, due);
    gtk_calendar_select_day (GTK_CALENDAR (calendar), now);
    yc_intake_get_material (intake, "住所（经营场所）使用证明", NULL, &supplement_by);
    g_assert_cmpstr (supplement_by, !=, today);
    g_assert_cmpstr (supplement_by, ==, due);
    gtk_menu_button_popdown (GTK_MENU_BUTTON (day));
  }

  /* Taken on commitment: the applicant signs the letter of commitment first. */
  g_object_set (intake_view (f), "paper-folder", f->dir, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (intake_view (f)), "intake.accept", NULL));
  yc_test_wait_until (dialog_shown (), TIMEOUT_S);
  {
    AdwMessageDialog *dialog = find_dialog ();
    GtkWidget *signer = gtk_widget_get_last_child (adw_message_dialog_get_extra_child (dialog));

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (signer)), ==, "王芳");
    /* Printed first, to be signed. */
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "accept"));
    g_signal_emit_by_name (gtk_widget_get_first_child (gtk_widget_get_first_child (adw_message_dialog_get_extra_child (dialog))),
                           "clicked");
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "accept"));
    gtk_editable_set_text (GTK_EDITABLE (signer), " ");
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "accept"));
    gtk_editable_set_text (GTK_EDITABLE (signer), "王芳");
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "accept"));
    adw_message_dialog_response (dialog, "accept");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  yc_test_wait_until (g_list_model_get_n_items (yc_intake_page_get_intakes (intake_page (f))) == 0, TIMEOUT_S);
  g_assert_cmpint (yc_test_db_count (f->desk_db, "SELECT count(*) FROM drafts"), ==, 0);
  g_assert_cmpint (yc_test_db_count (f->desk_db, "SELECT count(*) FROM outbox WHERE kind = 'case'"), ==, 1);
  yc_test_wait_until (server_count (f, "SELECT count(*) FROM cases WHERE decision = 'accepted'"
                                       " AND case_number LIKE '990100-%'") == 1, TIMEOUT_S);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM cases WHERE applicant_id = '1101**********002X'"), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM records WHERE kind = 'case'"
                                    " AND instr (body, '\"commitment\":{\"signed_by\":\"王芳\"') > 0"
                                    " AND instr (body, '\"pages\":12') > 0"), ==, 1);

  /* The Records page lists it with the centre's number; the search finds it by it. */
  {
    YcRecordsPage *records = yc_window_get_records_page (f->window);
    GListModel *cases = yc_records_page_get_cases (records);
    g_autoptr(YcCaseEntry) first = NULL;

    /* Once the outbox has the centre's answer. */
    yc_test_wait_until (yc_store_get_pending (f->store) == 0, TIMEOUT_S);
    yc_records_page_refresh (records);
    yc_test_wait_until (first_case_number (cases) != NULL, TIMEOUT_S);
    g_assert_cmpuint (g_list_model_get_n_items (cases), ==, 1);
    first = g_list_model_get_item (cases, 0);
    g_assert_nonnull (yc_case_entry_get_case_number (first));
    g_assert_true (g_str_has_prefix (yc_case_entry_get_case_number (first), "990100-"));
    g_assert_cmpint (yc_case_entry_get_progress (first), ==, YC_CASE_ACCEPTED);
    /* Its notice, printed again from the list, carries the centre's number now. */
    {
      g_autoptr(GAsyncResult) made = NULL;
      g_autoptr(YcDocument) receipt = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *pdf = g_build_filename (f->dir, "receipt.pdf", NULL);
      g_autofree char *text = NULL;

      yc_records_page_get_paper_async (records, yc_case_entry_get_id (first), yc_test_result_cb, &made);
      yc_test_wait_until (made != NULL, TIMEOUT_S);
      receipt = yc_records_page_get_paper_finish (records, made, &error);
      g_assert_no_error (error);
      g_assert_true (yc_document_export_pdf (receipt, pdf, GTK_WINDOW (f->window), &error));
      g_assert_no_error (error);
      text = pdf_text (pdf);
      g_assert_nonnull (strstr (text, yc_case_entry_get_case_number (first)));
      g_assert_nonnull (strstr (text, "住所（经营场所）使用证明"));
    }
    /* A case this desk never saw has no paper here. */
    {
      g_autoptr(GAsyncResult) made = NULL;
      g_autoptr(GError) error = NULL;

      yc_records_page_get_paper_async (records, "00000000-0000-4000-8000-000000000000", yc_test_result_cb, &made);
      yc_test_wait_until (made != NULL, TIMEOUT_S);
      g_assert_null (yc_records_page_get_paper_finish (records, made, &error));
      g_assert_error (error, YC_ERROR, YC_ERROR_NOT_FOUND);
    }
    gtk_editable_set_text (yc_records_page_get_search_entry (records), "张三");
    yc_test_wait_until (g_list_model_get_n_items (cases) == 0, TIMEOUT_S);
    gtk_editable_set_text (yc_records_page_get_search_entry (records), "王芳");
    yc_test_wait_until (g_list_model_get_n_items (cases) == 1, TIMEOUT_S);
    gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (records))), "records");
    save_screenshot (f, "records");
  }
}

/* 免填写: a returning applicant's ID number fills in what the e-licence registry knows, at
 * least half of 企业开办's form; what the clerk typed stays. */
static void
test_intake_lookup (Fixture       *f,
                    gconstpointer  data)
{
  const char *items[] = { "990100-SCJG-XK-0001", NULL };
  g_auto(GStrv) keys = NULL;
  guint form = 0, answered = 0;
  YcIntake *intake;

  g_autoptr(YcTicket) citizen = NULL;
  GtkEditable *id_number;

  log_in_with_catalogue (f);
  intake = yc_intake_page_start (intake_page (f), "YJS-001", items, "企业开办一件事", NULL);
  yc_test_wait_until (intake_shown (f), TIMEOUT_S);
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "applicant.phone"), "13800000000");
  id_number = yc_intake_view_get_editable (intake_view (f), "applicant.id_number");

  /* Nobody at the window yet: the centre tells nothing, and the clerk is told why. */
  gtk_editable_set_text (id_number, "410703197503081013");
  yc_test_wait_until (g_strcmp0 (yc_window_get_last_toast (f->window),
                                 _("Details are looked up only for the citizen at the window: call their number, or serve them as a walk-in, first.")) == 0,
                      TIMEOUT_S);
  g_assert_cmpuint (yc_intake_count_autofilled (intake), ==, 0);

  /* The citizen is called: the number, typed again, is looked up. */
  citizen = take_ticket (f, "B");
  activate (f, "queue.call-next");
  yc_test_wait_until (yc_queue_page_get_current (queue_page (f)) != NULL, TIMEOUT_S);
  gtk_editable_set_text (id_number, "");
  gtk_editable_set_text (id_number, "410703197503081013");
  yc_test_wait_until (yc_intake_count_autofilled (intake) > 0, TIMEOUT_S);

  g_assert_cmpstr (yc_intake_get_value (intake, "applicant.name"), ==, "李建国");
  g_assert_true (yc_intake_is_autofilled (intake, "applicant.name"));
  g_assert_cmpstr (yc_intake_get_value (intake, "legal_rep_id"), ==, "410703197503081013");
  g_assert_cmpstr (gtk_editable_get_text (yc_intake_view_get_editable (intake_view (f), "legal_rep_name")), ==, "李建国");
  /* Typed by the clerk: kept. */
  g_assert_cmpstr (yc_intake_get_value (intake, "applicant.phone"), ==, "13800000000");
  g_assert_false (yc_intake_is_autofilled (intake, "applicant.phone"));

  keys = yc_intake_view_dup_keys (intake_view (f));
  for (guint i = 0; keys[i] != NULL; i++)
    if (!g_str_has_prefix (keys[i], "agent."))
      {
        form++;
        answered += yc_intake_get_value (intake, keys[i]) != NULL;
      }
  g_test_message ("%u of %u fields answered, %u by the lookup", answered, form, yc_intake_count_autofilled (intake));
  g_assert_cmpuint (answered * 2, >=, form);
}

/* The other two decisions: a one-time notice (nothing accepted, no number) and a refusal
 * with its reason and legal basis (numbered, reported for review), each through the
 * outbox to the server. */
static void
test_intake_notice_and_refuse (Fixture       *f,
                               gconstpointer  data)
{
  const char *items[] = { "990100-SCJG-XK-0001", NULL };
  YcIntake *intake;
  AdwMessageDialog *dialog;
  GtkWidget *box, *child;

  log_in_with_catalogue (f);
  g_object_set (intake_view (f), "print-papers", FALSE, NULL);

  intake = yc_intake_page_start (intake_page (f), NULL, items, "企业设立登记", NULL);
  yc_test_wait_until (intake_shown (f), TIMEOUT_S);
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "applicant.name"), "赵雪梅");
  g_assert_true (yc_intake_view_choose_material (intake_view (f), "公司章程", YC_MATERIAL_MISSING));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (intake_view (f)), "intake.notice", NULL));
  answer_dialog (wait_dialog (), "issue");
  yc_test_wait_until (g_list_model_get_n_items (yc_intake_page_get_intakes (intake_page (f))) == 0, TIMEOUT_S);
  yc_test_wait_until (server_count (f, "SELECT count(*) FROM cases WHERE decision = 'notice'"
                                       " AND case_number IS NULL AND applicant_name = '赵雪梅'") == 1, TIMEOUT_S);

  /* This one from the item's guide: one item and its own form. */
  yc_guides_page_open (guides_page (f), YC_CATALOGUE_ITEM, items[0]);
  yc_test_wait_until (guide_shown (f, items[0]), TIMEOUT_S);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (guide_view (f)), "guide.start-intake", NULL));
  yc_test_wait_until (intake_shown (f), TIMEOUT_S);
  intake = yc_intake_view_get_intake (intake_view (f));
  g_assert_null (yc_intake_get_package (intake));
  g_assert_cmpstr (yc_intake_get_title (intake), ==, "企业设立登记");
  /* The item's own form, besides the applicant. */
  {
    g_auto(GStrv) keys = yc_intake_view_dup_keys (intake_view (f));

    g_assert_true (g_strv_contains ((const char * const *) keys, "company_name"));
    g_assert_true (g_strv_contains ((const char * const *) keys, "registered_capital"));
    g_assert_false (g_strv_contains ((const char * const *) keys, "seal_set"));
  }
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "applicant.name"), "赵雪梅");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (intake_view (f)), "intake.refuse", NULL));
  yc_test_wait_until (dialog_shown (), TIMEOUT_S);
  dialog = find_dialog ();
  /* Nothing filled in: the refusal cannot be made. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "refuse"));
  box = adw_message_dialog_get_extra_child (dialog);
  /* The second reason (after the prompt and the first): not_eligible. */
  child = find_named (box, _("Reason for refusal"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (child), 2);
  child = find_named (box, _("Legal basis"));
  gtk_editable_set_text (GTK_EDITABLE (child), "《市场主体登记管理条例》第十条");
  child = find_named (box, _("Explanation for the applicant"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (child)), "申请人属于不得担任法定代表人的情形", -1);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "refuse"));
  adw_message_dialog_response (dialog, "refuse");
  gtk_window_destroy (GTK_WINDOW (dialog));

  yc_test_wait_until (g_list_model_get_n_items (yc_intake_page_get_intakes (intake_page (f))) == 0, TIMEOUT_S);
  yc_test_wait_until (server_count (f, "SELECT count(*) FROM cases WHERE decision = 'refused'"
                                       " AND status = 'reported_for_review' AND case_number IS NOT NULL"
                                       " AND review_due IS NOT NULL") == 1, TIMEOUT_S);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM records WHERE kind = 'case'"
                                    " AND instr (body, '\"category\":\"not_eligible\"') > 0"), ==, 1);
  (void) intake;
}

/* ---- Quitting ---- */

/* How long the desk waits for the server to end the session as it quits
 * (yc-application.c, LOGOUT_WAIT_S). */
#define LOGOUT_WAIT_S 2

typedef enum
{
  QUIT_SERVER_UP,
  QUIT_SERVER_SILENT,    /* takes connections, answers nothing */
  QUIT_KNOWN_OFFLINE,    /* the same, after a call already found the server out of reach */
} QuitHow;

typedef struct
{
  QuitHow         how;
  GtkApplication *app;
  char           *silent_url;
  YcClient       *client;
  gint64          quit_at;
  gboolean        logged_out;
  gboolean        shown_at_logout;  /* a window was still up as the session ended */
} Quitting;

static void
on_quit_session_cb (YcClient   *client,
                    GParamSpec *pspec,
                    Quitting   *q)
{
  if (yc_client_get_session (client) != NULL)
    return;
  q->logged_out = TRUE;
  for (GList *l = gtk_application_get_windows (q->app); l != NULL; l = l->next)
    q->shown_at_logout |= gtk_widget_get_visible (l->data);
}

/* The clerk logs in at the desk the application made, the line goes as the case says,
 * and the desk is quit (Ctrl+Q). */
static gboolean
drive_quit_cb (gpointer user_data)
{
  Quitting *q = user_data;
  Fixture f = { .window = YC_WINDOW (gtk_application_get_active_window (q->app)) };

  g_object_get (f.window, "context", &f.context, NULL);
  q->client = g_object_ref (yc_context_get_client (f.context));
  yc_test_wait_until (yc_context_get_ready (f.context), TIMEOUT_S);
  log_in (&f);
  /* All the log-in set off is back: no answer is still on its way to tell the client the
   * server is there after all. */
  wait_catalogue_filled (&f);
  yc_test_wait_until (yc_tasks_get_loaded (yc_context_get_tasks (f.context)) &&
                      yc_events_get_live (yc_context_get_events (f.context)), TIMEOUT_S);
  /* The application's reference only: it lets the context go as it quits. */
  g_clear_object (&f.context);

  if (q->how == QUIT_KNOWN_OFFLINE)
    {
      yc_client_set_base_url (q->client, "http://127.0.0.1:9");
      while (yc_client_get_online (q->client))
        {
          g_autoptr(GAsyncResult) result = NULL;

          yc_client_health_async (q->client, NULL, yc_test_result_cb, &result);
          yc_test_wait_until (result != NULL, TIMEOUT_S);
          g_assert_false (yc_client_health_finish (q->client, result, NULL));
        }
    }
  if (q->how != QUIT_SERVER_UP)
    yc_client_set_base_url (q->client, q->silent_url);

  g_signal_connect (q->client, "notify::session", G_CALLBACK (on_quit_session_cb), q);
  q->quit_at = g_get_monotonic_time ();
  g_action_group_activate_action (G_ACTION_GROUP (q->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_quit_activated_cb (GApplication *app,
                      Quitting     *q)
{
  g_idle_add (drive_quit_cb, q);
}

/* The desk quit with a clerk logged in: the session ends on the server while nothing is
 * shown any more (no flash of the log-in page); a server that does not answer is waited
 * for LOGOUT_WAIT_S at most, and one the desk knows to be out of reach not at all. */
static void
test_quit (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yichuang-test-quit-XXXXXX", &error);
  g_autofree char *server_db = g_build_filename (dir, "server.db", NULL);
  g_autoptr(GSocket) silent = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  YcServerThread *server = start_server (server_db, 0);
  Quitting q = { .how = GPOINTER_TO_INT (data) };
  char *argv[] = { "yichuang", "--server", NULL, NULL };
  gint64 took;

  g_assert_true (g_socket_bind (silent, address, TRUE, &error));
  g_assert_true (g_socket_listen (silent, &error));
  bound = g_socket_get_local_address (silent, &error);
  q.silent_url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  argv[2] = (char *) yc_server_thread_get_url (server);
  q.app = GTK_APPLICATION (yc_application_new ());
  g_signal_connect_after (q.app, "activate", G_CALLBACK (on_quit_activated_cb), &q);
  g_assert_cmpint (g_application_run (G_APPLICATION (q.app), G_N_ELEMENTS (argv) - 1, argv), ==, 0);
  took = g_get_monotonic_time () - q.quit_at;
  g_test_message ("quitting took %" G_GINT64_FORMAT " ms", took / 1000);

  g_assert_true (q.logged_out);
  g_assert_false (q.shown_at_logout);
  switch (q.how)
    {
    case QUIT_SERVER_UP:
      g_assert_cmpint (yc_test_db_count (server_db, "SELECT count(*) FROM sessions WHERE clerk = '1001'"), ==, 0);
      break;
    case QUIT_SERVER_SILENT:
      g_assert_cmpint (took, <, (LOGOUT_WAIT_S + 3) * G_USEC_PER_SEC);
      break;
    case QUIT_KNOWN_OFFLINE:
      g_assert_cmpint (took, <, LOGOUT_WAIT_S * G_USEC_PER_SEC);
      break;
    }

  g_signal_handlers_disconnect_by_data (q.client, &q);
  g_clear_object (&q.client);
  yc_test_assert_finalized_soon (q.app, TIMEOUT_S);
  g_socket_close (silent, NULL);
  yc_server_thread_stop (server);
  yc_test_remove_tree (dir);
  g_free (q.silent_url);
}

/* ---- First start ---- */

static void
on_setup_chosen_cb (YcSetupWindow  *setup,
                    const char     *url,
                    char          **chosen)
{
  g_free (*chosen);
  *chosen = g_strdup (url != NULL ? url : "(demo)");
}

/* A fresh install's first start: an address is checked and kept (http:// put before
 * one typed without), nothing is kept of a wrong one; the demo needs none. */
static void
test_setup_window (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("cn.yichuang.Desk");
  g_autofree char *chosen = NULL;
  YcSetupWindow *setup;
  GtkWidget *row, *connect, *demo, *message;

  g_settings_reset (settings, "server-url");
  setup = yc_setup_window_new (NULL, settings);
  g_signal_connect (setup, "chosen", G_CALLBACK (on_setup_chosen_cb), &chosen);
  gtk_window_present (GTK_WINDOW (setup));
  row = find_widget (GTK_WIDGET (setup), has_id, "address_row");
  connect = find_widget (GTK_WIDGET (setup), has_id, "connect_button");
  demo = find_widget (GTK_WIDGET (setup), has_id, "demo_button");
  g_assert_nonnull (row);
  g_assert_nonnull (connect);
  g_assert_nonnull (demo);
  g_assert_false (gtk_widget_get_sensitive (connect));

  /* No address: said so, nothing kept. */
  gtk_editable_set_text (GTK_EDITABLE (row), "zwfw center");
  g_assert_true (gtk_widget_get_sensitive (connect));
  g_signal_emit_by_name (connect, "clicked");
  g_assert_null (chosen);
  {
    g_autofree char *kept = g_settings_get_string (settings, "server-url");

    g_assert_cmpstr (kept, ==, "");
  }
  message = find_widget (GTK_WIDGET (setup), has_id, "message_label");
  g_assert_true (gtk_widget_has_css_class (message, "error"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (message)), "“zwfw center” is not a server address"));

  /* As an IT office writes it on a note: kept, with its scheme. Enter does it too. */
  gtk_editable_set_text (GTK_EDITABLE (row), " 192.168.1.10:8470/ ");
  g_signal_emit_by_name (row, "entry-activated");
  g_assert_cmpstr (chosen, ==, "http://192.168.1.10:8470");
  {
    g_autofree char *kept = g_settings_get_string (settings, "server-url");

    g_assert_cmpstr (kept, ==, "http://192.168.1.10:8470");
  }
  g_signal_emit_by_name (demo, "clicked");
  g_assert_cmpstr (chosen, ==, "(demo)");
  gtk_window_destroy (GTK_WINDOW (setup));
  g_settings_reset (settings, "server-url");
}

/* An address the hall's IT office locked (here a backend that writes nothing of the
 * desk's): not asked of the clerk, who may still try the demo. */
static void
test_setup_window_locked (void)
{
  g_autofree char *dir = g_dir_make_tmp ("yc-setup-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "settings.ini", NULL);
  g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (file, "/elsewhere/", NULL);
  g_autoptr(GSettings) settings = g_settings_new_with_backend ("cn.yichuang.Desk", backend);
  YcSetupWindow *setup;
  GtkWidget *row, *connect, *demo;

  g_assert_false (g_settings_is_writable (settings, "server-url"));
  setup = yc_setup_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (setup));
  row = find_widget (GTK_WIDGET (setup), has_id, "address_row");
  connect = find_widget (GTK_WIDGET (setup), has_id, "connect_button");
  demo = find_widget (GTK_WIDGET (setup), has_id, "demo_button");
  g_assert_false (gtk_widget_is_visible (row));
  g_assert_false (gtk_widget_is_visible (connect));
  gtk_editable_set_text (GTK_EDITABLE (row), "http://192.168.1.10:8470");
  g_signal_emit_by_name (row, "entry-activated");
  {
    g_autofree char *kept = g_settings_get_string (settings, "server-url");

    g_assert_cmpstr (kept, ==, "");
  }
  g_assert_true (gtk_widget_is_visible (demo) && gtk_widget_get_sensitive (demo));
  gtk_window_destroy (GTK_WINDOW (setup));
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) provider = NULL;
  g_autofree char *tmp_dir = NULL;
  const char *localedir;
  int status;

  yc_test_take_language_arg (&argc, argv);
  /* A temporary folder of this process's own, so the demo cases can count the demo
   * folders in it. */
  tmp_dir = yc_test_private_tmp_dir ("yichuang-test-desk-tmp");
  /* The desk the /desk/quit cases start keeps its database where the real one does: in
   * this folder, not the user's. Set before anything asks g_get_user_data_dir (). */
  {
    g_autofree char *data_dir = g_build_filename (tmp_dir, "data", NULL);

    g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  }

  localedir = g_getenv ("YICHUANG_LOCALEDIR");
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Accessible names are kept where a test can read them (GtkTestATContext), and no
   * AT-SPI bus is needed. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* An Xvfb without a window manager (tests/own-display): a blinking cursor in a window
   * that lost the X focus to another window makes GTK warn, and warnings are fatal here. */
  g_object_set (gtk_settings_get_default (),
                "gtk-cursor-blink", FALSE,
                "gtk-enable-animations", FALSE,
                NULL);

  /* The application's style sheet, as AdwApplication would load it; a parse error fails. */
  provider = gtk_css_provider_new ();
  g_signal_connect (provider, "parsing-error", G_CALLBACK (on_css_parsing_error_cb), NULL);
  gtk_css_provider_load_from_resource (provider, "/cn/yichuang/Desk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  add_test ("/desk/login/ok", test_login);
  add_test ("/desk/login/wrong-pin", test_wrong_pin);
  add_test ("/desk/login/refused", test_login_refused);
  add_test ("/desk/queue/call-and-finish", test_call_and_finish);
  add_test ("/desk/queue/live", test_queue_live);
  add_test ("/desk/queue/recall-pause-number", test_queue_recall_pause_number);
  add_test ("/desk/queue/counter-actions", test_queue_counter_actions);
  add_test ("/desk/queue/keys", test_keys);
  add_test ("/desk/queue/call-finishes-current", test_call_finishes_current);
  add_test ("/desk/queue/double-press", test_double_press);
  add_test ("/desk/queue/call-waits-for-finish", test_call_waits_for_finish);
  add_test ("/desk/queue/restore-current", test_restore_current);
  add_test ("/desk/queue/restore-right-after-call", test_restore_right_after_call);
  add_test ("/desk/queue/call-answer-after-logout", test_call_answer_after_logout);
  add_test ("/desk/offline/banner", test_offline);
  add_test ("/desk/offline/finish", test_finish_offline);
  yc_test_desk_queue_add_tests ();
  yc_test_desk_queue2_add_tests ();
  yc_test_desk_fixqueue_add_tests ();
  yc_test_desk_records_add_tests ();
  yc_test_desk_followup_add_tests ();
  yc_test_desk_training_add_tests ();
  yc_test_desk_script_add_tests ();
  g_test_add_data_func ("/desk/quit/server-up", GINT_TO_POINTER (QUIT_SERVER_UP), test_quit);
  g_test_add_data_func ("/desk/quit/server-silent", GINT_TO_POINTER (QUIT_SERVER_SILENT), test_quit);
  g_test_add_data_func ("/desk/quit/known-offline", GINT_TO_POINTER (QUIT_KNOWN_OFFLINE), test_quit);
  g_test_add_func ("/desk/setup/address", test_setup_window);
  g_test_add_func ("/desk/setup/locked", test_setup_window_locked);
  g_test_add_func ("/desk/demo/run-and-reset", test_demo);
  g_test_add_func ("/desk/demo/reset-while-starting", test_demo_reset_while_starting);
  add_guides_test ("/desk/guides/search-and-notice", test_guides_search_and_notice);
  add_guides_test ("/desk/guides/keys", test_guides_keys);
  add_guides_test ("/desk/guides/forgiving", test_guides_forgiving);
  add_guides_test ("/desk/intake/start-and-restore", test_intake_start_and_restore);
  add_guides_test ("/desk/intake/accept", test_intake_accept);
  add_guides_test ("/desk/intake/lookup", test_intake_lookup);
  add_guides_test ("/desk/intake/notice-and-refuse", test_intake_notice_and_refuse);
  yc_test_desk_intake_add_tests ();
  add_test ("/desk/language/call-next", test_language);
  add_guides_test ("/desk/language/guides", test_guides_language);
  add_test ("/desk/tasks/page", test_tasks_page);
  yc_test_desk_shell_add_tests ();
  yc_test_desk_pseudo_add_tests ();
  add_test ("/desk/language/tasks", test_tasks_language);
  /* Only in a private bus of their own, with no service to start (test('notify') in
   * meson.build sets YC_TEST_NOTIFY): elsewhere a machine's notification service would
   * answer. */
  if (g_getenv ("YC_TEST_NOTIFY") != NULL)
    {
      add_test ("/desk/notify/open", test_notify_open);
      add_test ("/desk/notify/burst-and-visit", test_notify_burst_and_visit);
      add_test ("/desk/notify/no-service", test_notify_no_service);
      add_test ("/desk/notify/preferences", test_notify_preferences);
    }

  status = g_test_run ();
  yc_test_remove_tree (tmp_dir);
  return status;
}
