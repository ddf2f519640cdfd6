/* test-desk-records.c: the records a clerk produces, as the desk tells of them: a record
 * the server stored but did not apply is shown with its reason, never as sent. */
#include "config-desk.h"

#include "desk-fixture.h"

#include "core/yc-ticket.h"

#include "../test-util.h"

static guint
port_of (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  return (guint) g_uri_get_port (uri);
}

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
  GtkRevealer *banner = yc_window_get_offline_revealer (f->window);
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

  g_clear_pointer (&f->server, yc_server_thread_stop);
  yc_test_wait_until (gtk_revealer_get_reveal_child (banner), TIMEOUT_S);

  /* Meanwhile, at the centre, another clerk has the ticket at their window. */
  taken = g_strdup_printf ("UPDATE tickets SET clerk = '1002' WHERE id = %" G_GINT64_FORMAT,
                           yc_ticket_get_id (ticket));
  server_exec (f, taken);

  activate (f, "queue.finish");
  yc_test_wait_until (yc_queue_page_get_current (page) == NULL, TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 1);

  f->server = start_server (f->server_db, port_of (f->url));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.retry", NULL));
  yc_test_wait_until (yc_store_get_pending (f->store) == 0 || view_is (f, "login"), TIMEOUT_S);
  if (view_is (f, "login"))
    {
      fill_in (f, "1001", "123456", "1");
      submit (f);
    }
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

void
yc_test_desk_records_add_tests (void)
{
  add_test ("/desk/records/finish-offline-not-applied", test_finish_offline_not_applied);
}
