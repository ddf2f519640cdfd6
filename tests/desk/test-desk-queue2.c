/* test-desk-queue2.c: a finish is the visit record alone, through the outbox: F2 with a
 * ticket the centre will not finish tells the clerk at once which ticket, why and what to
 * do, lists the record among those that did not take effect, and calls nobody until the
 * clerk presses again. */
#include "config-desk.h"

#include <string.h>

#include <X11/keysym.h>

#include "desk-fixture.h"
#include "../test-util.h"

static char *
attention_label (guint n)
{
  return g_strdup_printf (ngettext ("%u record did not take effect", "%u records did not take effect", n), n);
}

/* F2 is pressed with the ticket at the window: the dialog saying it was not finished. */
static gboolean
not_finished_told (Fixture *f)
{
  return dialog_shown ();
}

/* Another window's clerk called the ticket at this window behind the desk's back (the
 * centre is right, the desk is stale). F2 finishes it as one write, the centre keeps the
 * record but does not apply it: the clerk reads it in a dialog, in plain words; Records
 * lists it, the sync line says a record did not take effect, nobody is called; the next
 * F2 calls the next citizen. */
static void
test_unapplied_finish_then_call (Fixture       *f,
                                 gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  g_autoptr(YcTicket) first = NULL;
  g_autoptr(YcTicket) second = NULL;
  g_autofree char *taken = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *label = attention_label (1);
  GListModel *attention;
  AdwMessageDialog *dialog;

  yc_queue_page_set_double_press_seconds (page, 0);
  log_in (f);
  if (!key_presses_possible (f))
    return;
  first = take_ticket (f, "B");
  second = take_ticket (f, "B");
  yc_test_wait_until (shown_waiting (f, "B") == 2, TIMEOUT_S);

  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
  press_key (f, XK_F2, call_started);
  yc_test_wait_until (shows (f, first), TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);

  taken = g_strdup_printf ("UPDATE tickets SET window_id = 2, clerk = '1002' WHERE id = %" G_GINT64_FORMAT,
                           yc_ticket_get_id (first));
  server_exec (f, taken);

  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
  press_key (f, XK_F2, not_finished_told);
  dialog = wait_dialog ();
  heading = g_strdup_printf (_("%s Not Finished at the Centre"), yc_ticket_get_number (first));
  body = g_strdup_printf (_("Another window or clerk had called %s when this finish reached the centre, so it was "
                            "not finished there. Your record of this visit is kept: check it on the Records page."),
                          yc_ticket_get_number (first));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, body);
  save_screenshot (f, "unapplied-finish-then-call");

  /* Said once the outbox has the answer: nothing left to send, the record kept. */
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 0);
  g_assert_cmpint (server_count (f, COUNT_VISITS), ==, 1);
  g_assert_cmpint (ticket_count (f, first, "called"), ==, 1);
  g_assert_cmpint (ticket_count (f, second, "waiting"), ==, 1);
  g_assert_null (yc_queue_page_get_current (page));
  answer_dialog (dialog, "close");

  /* Listed for the clerk, with the centre's reason, never as sent. */
  yc_test_wait_until (g_strcmp0 (gtk_label_get_label (yc_window_get_sync_label (f->window)), label) == 0,
                      TIMEOUT_S);
  attention = yc_records_page_get_attention (yc_window_get_records_page (f->window));
  g_assert_nonnull (attention);
  yc_test_wait_until (g_list_model_get_n_items (attention) == 1, TIMEOUT_S);
  {
    g_autoptr(YcOutboxEntry) entry = g_list_model_get_item (attention, 0);

    g_assert_cmpint (yc_outbox_entry_get_state (entry), ==, YC_OUTBOX_NOT_APPLIED);
    g_assert_cmpstr (yc_outbox_entry_get_code (entry), ==, "ticket_taken");
    g_assert_cmpstr (yc_record_get_kind (yc_outbox_entry_get_record (entry)), ==, "visit");
  }

  /* Nobody was called; the next F2 calls the next citizen. */
  yc_test_wait_until (!yc_queue_page_get_busy (page) && call_next_enabled (f), TIMEOUT_S);
  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
  press_key (f, XK_F2, call_started);
  yc_test_wait_until (shows (f, second), TIMEOUT_S);
  g_assert_cmpint (ticket_count (f, second, "called"), ==, 1);
  g_assert_cmpint (ticket_count (f, first, "called"), ==, 1);
}

void
yc_test_desk_queue2_add_tests (void)
{
  add_test ("/desk/queue/unapplied-finish-then-call", test_unapplied_finish_then_call);
}
