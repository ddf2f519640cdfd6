/* test-desk-queue.c: the Queue page at its edges: a recall refused as too soon says how
 * long to wait and keeps Recall off meanwhile; toasts leave the action row visible;
 * closing the window asks first and the header says paused or closed; every control has
 * a name a screen reader speaks; a finish the centre stored but did not apply is not
 * shown as done. */
#include "config-desk.h"

#include <string.h>

#include "desk-fixture.h"
#include "../test-server-util.h"
#include "../test-util.h"

/* The first widget under root that is a button whose action is action_name. */
static GtkWidget *
find_action_widget (GtkWidget  *root,
                    const char *action_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action_name) == 0)
        return child;
      if ((found = find_action_widget (child, action_name)) != NULL)
        return found;
    }
  return NULL;
}

/* The first widget under root whose CSS name is css_name. */
static GtkWidget *
find_css_node (GtkWidget  *root,
               const char *css_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_str_equal (gtk_widget_get_css_name (child), css_name) && gtk_widget_get_mapped (child))
        return child;
      if ((found = find_css_node (child, css_name)) != NULL)
        return found;
    }
  return NULL;
}

/* The label shown under root that says text, or NULL. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_is_drawable (child) &&
          g_strcmp0 (gtk_label_get_label (GTK_LABEL (child)), text) == 0)
        return child;
      if ((found = find_label (child, text)) != NULL)
        return found;
    }
  return NULL;
}

/* Whether the toast says to wait some seconds, 1 to most. */
static gboolean
says_wait (const char *toast,
           guint       most)
{
  for (guint n = 1; toast != NULL && n <= most; n++)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("Wait %u second before calling again.",
                                                         "Wait %u seconds before calling again.", n), n);

      if (g_str_equal (toast, text))
        return TRUE;
    }
  return FALSE;
}

/* The centre refuses a recall within recall_seconds of the last call: the clerk reads how
 * long to wait, and Recall stays off meanwhile (a second press would only be refused). */
static void
test_recall_wait (Fixture       *f,
                  gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  g_autoptr(YcTicket) ticket = NULL;
  GtkWidget *recall;

  server_exec (f, "INSERT OR REPLACE INTO meta (key, value) VALUES ('queue.recall_seconds', '600')");
  log_in (f);
  ticket = call_new_ticket (f, "A");
  recall = find_action_widget (GTK_WIDGET (page), "queue.recall");
  g_assert_nonnull (recall);
  g_assert_true (gtk_widget_is_sensitive (recall));

  act_and_settle (f, "queue.recall");
  yc_test_wait_until (says_wait (yc_window_get_last_toast (f->window), 600), TIMEOUT_S);
  g_assert_cmpint (ticket_count (f, ticket, "called"), ==, 1);
  g_assert_false (gtk_widget_is_sensitive (recall));
  /* The rest of the row is not held with it. */
  g_assert_true (gtk_widget_is_sensitive (find_action_widget (GTK_WIDGET (page), "queue.no-show")));
  g_assert_true (finish_enabled (f));
}

static void
assert_clear_of (GtkWidget *toast,
                 GtkWidget *widget)
{
  graphene_rect_t a, b;
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));

  /* Clear of a control not on screen proves nothing. */
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (toast, window, &a));
  g_assert_true (gtk_widget_compute_bounds (widget, window, &b));
  if (graphene_rect_intersection (&a, &b, NULL))
    g_error ("the toast (%g,%g %g×%g) covers %s (%g,%g %g×%g)", a.origin.x, a.origin.y, a.size.width, a.size.height,
             G_OBJECT_TYPE_NAME (widget), b.origin.x, b.origin.y, b.size.width, b.size.height);
}

static gboolean
window_is (Fixture *f,
           int      width,
           int      height)
{
  /* The default size counts the client-side decoration's border; the widget does not. */
  return ABS (gtk_widget_get_width (GTK_WIDGET (f->window)) - width) <= 20 &&
         ABS (gtk_widget_get_height (GTK_WIDGET (f->window)) - height) <= 20;
}

/* A toast is read while the clerk works on: it never covers Call Next, Finish or the row
 * of Recall, No-Show, Park, Transfer, at the desk's usual size and at 1024×768. */
/* Every control in the rows under the visit card, the main row and the one under it. */
static void
assert_rows_clear_of (GtkWidget *toast,
                      GtkWidget *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (rows); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (GTK_IS_BUTTON (child) || GTK_IS_MENU_BUTTON (child) || GTK_IS_LABEL (child))
        assert_clear_of (toast, child);
      else
        assert_rows_clear_of (toast, child);
    }
}

static GtkWidget *
shown_toast (Fixture *f)
{
  GtkWidget *toast;

  yc_test_wait_until ((toast = find_css_node (GTK_WIDGET (f->window), "toast")) != NULL &&
                      gtk_widget_get_height (toast) > 0, TIMEOUT_S);
  return toast;
}

static GtkWidget *
find_button (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child))
        return child;
      if ((found = find_button (child)) != NULL)
        return found;
    }
  return NULL;
}

/* The toast on screen closed, and text shown in its place (the overlay queues toasts). */
static GtkWidget *
toast_instead (Fixture    *f,
               const char *text)
{
  GtkWidget *toast = find_css_node (GTK_WIDGET (f->window), "toast");

  if (toast != NULL)
    {
      gtk_widget_activate (find_button (toast));
      yc_test_wait_until (find_css_node (GTK_WIDGET (f->window), "toast") == NULL, TIMEOUT_S);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.toast", "s", text));
  yc_test_wait_until ((toast = find_css_node (GTK_WIDGET (f->window), "toast")) != NULL &&
                      gtk_widget_get_height (toast) > 0 && find_label (toast, text) != NULL, TIMEOUT_S);
  return toast;
}

/* A toast shows its text as it is, whatever it holds: a company's "&", a note's "<"
 * (libadwaita 1.2 reads a toast's title as markup). */
static void
test_toast_plain_text (Fixture       *f,
                       gconstpointer  data)
{
  const char *text = "A&B <有限公司> 100%";
  GtkWidget *toast = NULL;

  log_in (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.toast", "s", text));
  yc_test_wait_until ((toast = find_css_node (GTK_WIDGET (f->window), "toast")) != NULL &&
                      find_shown_text (toast, text) != NULL, TIMEOUT_S);
  g_assert_cmpstr (yc_window_get_last_toast (f->window), ==, text);
}

static const char *intake_items[] = { "990100-SCJG-XK-0001", "990100-GA-QT-0001", NULL };

/* A toast never covers a control a clerk is about to press, on any page with an action
 * row at its bottom, nor the page's text: not on the Queue page with a citizen at the
 * window (the card's two rows, the clerk's day beside them), not on the Intake page
 * (its decision row), at the size of a hall's usual monitor and at a roomy one. */
static void
test_toast_clear_of_actions (Fixture       *f,
                             gconstpointer  data)
{
  static const int sizes[][2] = { { 1280, 800 }, { 1024, 768 } };
  /* As long as a toast gets in the hall's language: two lines where it wraps. */
  const char *long_toast = "无法连接服务器。办件已保存在本机，连接恢复后将自动发送，无需重新录入；如持续无法连接，请联系大厅管理员。";
  YcQueuePage *page = queue_page (f);
  g_autoptr(YcTicket) ticket = NULL;

  log_in_with_catalogue (f);
  ticket = take_ticket (f, "A");
  act_and_settle (f, "queue.call-next");
  /* The card as the clerk has it: with the packages its service suggests. */
  yc_test_wait_until (yc_visit_card_get_suggestion (yc_queue_page_get_visit_card (page), "YJS-005") != NULL, TIMEOUT_S);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      static const char *row_actions[] = { "queue.recall", "queue.no-show", "queue.park", "queue.transfer" };
      GtkWidget *toast;

      /* Without a window manager a shown window keeps its size: shown again at the new one. */
      gtk_widget_hide (GTK_WIDGET (f->window));
      gtk_window_set_default_size (GTK_WINDOW (f->window), sizes[i][0], sizes[i][1]);
      gtk_window_present (GTK_WINDOW (f->window));
      yc_test_wait_until (window_is (f, sizes[i][0], sizes[i][1]), TIMEOUT_S);
      /* A no-show before the last call is refused: a toast, the ticket still at the window. */
      act_and_settle (f, "queue.no-show");
      toast = shown_toast (f);
      assert_clear_of (toast, GTK_WIDGET (yc_queue_page_get_call_button (page)));
      assert_clear_of (toast, GTK_WIDGET (yc_queue_page_get_finish_button (page)));
      for (guint a = 0; a < G_N_ELEMENTS (row_actions); a++)
        assert_clear_of (toast, find_action_widget (GTK_WIDGET (page), row_actions[a]));
      assert_rows_clear_of (toast, gtk_widget_get_parent (gtk_widget_get_parent (find_action_widget (GTK_WIDGET (page), "queue.recall"))));
      /* The whole page: the clerk's day at the foot of the waiting column too. */
      assert_clear_of (toast, GTK_WIDGET (page));
      toast = toast_instead (f, long_toast);
      assert_clear_of (toast, GTK_WIDGET (page));
      save_screenshot (f, i == 0 ? "toast-1280" : "toast-1024");
    }

  /* The Intake page with an intake open: its decision row at the bottom. */
  g_object_set (intake_view (f), "print-papers", FALSE, "paper-folder", f->dir, NULL);
  yc_intake_page_start (intake_page (f), "YJS-001", intake_items, "企业开办一件事", NULL);
  yc_test_wait_until (intake_shown (f), TIMEOUT_S);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "intake"));
  g_assert_cmpstr (yc_window_get_visible_page (f->window), ==, "intake");
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      static const char *decisions[] = { "intake.refuse", "intake.notice", "intake.accept" };
      GtkWidget *toast;

      gtk_widget_hide (GTK_WIDGET (f->window));
      gtk_window_set_default_size (GTK_WINDOW (f->window), sizes[i][0], sizes[i][1]);
      gtk_window_present (GTK_WINDOW (f->window));
      yc_test_wait_until (window_is (f, sizes[i][0], sizes[i][1]), TIMEOUT_S);
      toast = toast_instead (f, long_toast);
      for (guint d = 0; d < G_N_ELEMENTS (decisions); d++)
        assert_clear_of (toast, find_action_widget (GTK_WIDGET (intake_view (f)), decisions[d]));
      assert_clear_of (toast, GTK_WIDGET (intake_page (f)));
      save_screenshot (f, i == 0 ? "toast-intake-1280" : "toast-intake-1024");
    }
}

static const char *
subtitle (Fixture *f)
{
  GtkWidget *title = find_css_node (GTK_WIDGET (f->window), "windowtitle");

  g_assert_true (ADW_IS_WINDOW_TITLE (title));
  return adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title));
}

static gboolean
subtitle_ends_with (Fixture    *f,
                    const char *state)
{
  g_autofree char *tail = g_strconcat (" · ", state, NULL);

  return subtitle (f) != NULL && g_str_has_suffix (subtitle (f), tail);
}

static gint64
window_states (Fixture    *f,
               const char *state)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM window_states WHERE window_id = 1 AND state = '%s'",
                                          state);

  return server_count (f, sql);
}

/* Closing the window to citizens asks first, and says what it means; the header says
 * when the window is paused or closed, and stops saying it once it is open again. */
static void
test_close_asks (Fixture       *f,
                 gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  AdwMessageDialog *dialog;

  log_in (f);
  g_assert_cmpstr (yc_queue_page_get_window_state (page), ==, "open");
  g_assert_false (subtitle_ends_with (f, C_("window state", "Paused")));
  g_assert_false (subtitle_ends_with (f, C_("window state", "Closed")));

  /* Asked, and cancelled: still open. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.pause", "s", "closed"));
  dialog = wait_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Close the Window?"));
  g_assert_nonnull (adw_message_dialog_get_body (dialog));
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  answer_dialog (dialog, "cancel");
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  g_assert_cmpint (window_states (f, "closed"), ==, 0);
  g_assert_cmpstr (yc_queue_page_get_window_state (page), ==, "open");
  g_assert_true (call_next_enabled (f));

  /* Paused: the header says so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.pause", "s", "break"));
  yc_test_wait_until (subtitle_ends_with (f, C_("window state", "Paused")), TIMEOUT_S);
  g_assert_cmpstr (yc_queue_page_get_window_state (page), ==, "paused");
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);

  /* Closed once the clerk confirms: the header says closed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.pause", "s", "closed"));
  answer_dialog (wait_dialog (), "close");
  yc_test_wait_until (subtitle_ends_with (f, C_("window state", "Closed")), TIMEOUT_S);
  g_assert_cmpint (window_states (f, "closed"), ==, 1);
  g_assert_cmpstr (yc_queue_page_get_window_state (page), ==, "closed");
  save_screenshot (f, "window-closed");
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);

  /* Opened again: the header is the window's and the clerk's alone. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.pause", "s", ""));
  yc_test_wait_until (g_str_equal (yc_queue_page_get_window_state (page), "open"), TIMEOUT_S);
  g_assert_false (subtitle_ends_with (f, C_("window state", "Closed")));
  g_assert_false (subtitle_ends_with (f, C_("window state", "Paused")));

  /* Learnt from the centre at log-in, too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.pause", "s", "meeting"));
  yc_test_wait_until (g_str_equal (yc_queue_page_get_window_state (page), "paused"), TIMEOUT_S);
  yc_test_wait_until (!yc_queue_page_get_busy (page), TIMEOUT_S);
  log_out (f);
  log_in (f);
  yc_test_wait_until (subtitle_ends_with (f, C_("window state", "Paused")), TIMEOUT_S);
}

/* Whether a screen reader has a name to speak for the widget: its own label, or the
 * widgets that label it. A GtkButton with a plain label is labelled by it. */
static gboolean
has_accessible_name (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static gboolean
is_control (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  /* An entry's text and a drop-down's button are parts of a control, named by it. */
  if (parent != NULL && (GTK_IS_ENTRY (parent) || GTK_IS_DROP_DOWN (parent)))
    return FALSE;
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_ENTRY (widget) || GTK_IS_TEXT (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget) ||
         GTK_IS_SPIN_BUTTON (widget);
}

/* Every control shown under root has a name; the nameless are listed in unnamed. */
static void
collect_unnamed (GtkWidget *root,
                 GString   *unnamed)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (is_control (child) && !has_accessible_name (child))
        g_string_append_printf (unnamed, " %s(%s)", G_OBJECT_TYPE_NAME (child),
                                GTK_IS_ACTIONABLE (child) && gtk_actionable_get_action_name (GTK_ACTIONABLE (child))
                                  ? gtk_actionable_get_action_name (GTK_ACTIONABLE (child))
                                  : gtk_widget_get_name (child));
      collect_unnamed (child, unnamed);
    }
}

static void
assert_all_named (GtkWidget  *root,
                  const char *where)
{
  g_autoptr(GString) unnamed = g_string_new (NULL);

  collect_unnamed (root, unnamed);
  if (unnamed->len > 0)
    g_error ("%s: controls without an accessible name:%s", where, unnamed->str);
}

/* What a screen reader speaks for each control of the Queue page and its dialogs:
 * Call Next and Finish, the icon button, the outcome and the note, the parked list's
 * rows, the number and transfer dialogs' inputs. */
static void
test_accessible_names (Fixture       *f,
                       gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  g_autoptr(YcTicket) first = NULL, second = NULL;
  AdwMessageDialog *dialog;

  log_in (f);
  first = take_ticket (f, "A");
  second = take_ticket (f, "A");
  act_and_settle (f, "queue.call-next");
  act_and_settle (f, "queue.park");
  act_and_settle (f, "queue.call-next");
  yc_test_wait_until (g_list_model_get_n_items (yc_queue_get_parked (yc_queue_page_get_queue (page))) == 1, TIMEOUT_S);
  assert_all_named (GTK_WIDGET (page), "the Queue page");

  activate (f, "queue.transfer");
  dialog = wait_dialog ();
  assert_all_named (GTK_WIDGET (dialog), "the transfer dialog");
  answer_dialog (dialog, "cancel");

  act_and_settle (f, "queue.finish");
  activate (f, "queue.call-number");
  dialog = wait_dialog ();
  assert_all_named (GTK_WIDGET (dialog), "the number dialog");
  answer_dialog (dialog, "cancel");
}

static gint64
ticket_with (Fixture    *f,
             YcTicket   *ticket,
             const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM tickets WHERE id = %" G_GINT64_FORMAT " AND %s",
                                          yc_ticket_get_id (ticket), where);

  return server_count (f, sql);
}

/* Issue 16's first defect, from the queue's side: a ticket finished while the server was
 * away, whose record the centre then keeps but does not apply (another clerk's call, here
 * the simulator's, is on the ticket). The clerk is not told it was finished; when the next
 * Call Next brings the same ticket back, the card says so and keeps the outcome and the
 * note the clerk recorded, and finishing it again finishes it with them. */
static void
test_unapplied_finish (Fixture       *f,
                       gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  g_autoptr(YcTicket) ticket = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *still_open = NULL;
  g_autofree char *sql = NULL;

  log_in (f);
  ticket = call_new_ticket (f, "B");
  /* 一次性告知, with a note. */
  gtk_drop_down_set_selected (yc_visit_card_get_outcome_dropdown (yc_queue_page_get_visit_card (page)), 2);
  gtk_editable_set_text (yc_visit_card_get_visit_note_entry (yc_queue_page_get_visit_card (page)), "缺营业执照");
  sql = g_strdup_printf ("UPDATE tickets SET clerk = '9001' WHERE id = %" G_GINT64_FORMAT, yc_ticket_get_id (ticket));
  server_exec (f, sql);

  g_clear_pointer (&f->server, yc_server_thread_stop);
  yc_test_wait_until (!yc_client_get_online (f->client), TIMEOUT_S);
  act_and_settle (f, "queue.finish");
  g_assert_null (yc_queue_page_get_current (page));
  recorded = g_strdup_printf (_("%s is recorded here, not yet finished at the centre: the server cannot be reached. "
                                "The record is sent when it can be."), yc_ticket_get_number (ticket));
  g_assert_cmpstr (yc_window_get_last_toast (f->window), ==, recorded);

  /* Back: the record goes, and is kept but not applied. */
  server_back (f);
  yc_test_wait_until (yc_store_get_pending (f->store) == 0, TIMEOUT_S);
  yc_test_wait_until (server_count (f, COUNT_VISITS) == 1, TIMEOUT_S);
  g_assert_cmpint (ticket_with (f, ticket, "state = 'called'"), ==, 1);
  yc_test_wait_until (queue_ready (f) && call_next_enabled (f), TIMEOUT_S);

  /* The next Call Next brings it back: said, and the outcome kept. */
  act_and_settle (f, "queue.call-next");
  g_assert_true (shows (f, ticket));
  still_open = g_strdup_printf (_("%s is still open at the centre: your earlier finish of it was not "
                                  "applied. The outcome you recorded is kept; finish it again."),
                                yc_ticket_get_number (ticket));
  /* On the card, where it stays while the ticket does, not in a toast behind others. */
  g_assert_nonnull (find_label (GTK_WIDGET (page), still_open));
  g_assert_cmpuint (gtk_drop_down_get_selected (yc_visit_card_get_outcome_dropdown (yc_queue_page_get_visit_card (page))), ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (yc_visit_card_get_visit_note_entry (yc_queue_page_get_visit_card (page))), ==, "缺营业执照");
  save_screenshot (f, "unapplied-finish");

  act_and_settle (f, "queue.finish");
  g_assert_null (yc_queue_page_get_current (page));
  g_assert_null (find_label (GTK_WIDGET (page), still_open));
  yc_test_wait_until (ticket_with (f, ticket, "state = 'finished' AND outcome = 'informed' AND outcome_note = '缺营业执照'")
                      == 1, TIMEOUT_S);
}

void
yc_test_desk_queue_add_tests (void)
{
  add_test ("/desk/queue/recall-wait", test_recall_wait);
  add_test ("/desk/queue/toast-plain-text", test_toast_plain_text);
  add_guides_test ("/desk/queue/toast-clear-of-actions", test_toast_clear_of_actions);
  add_test ("/desk/queue/close-asks", test_close_asks);
  add_test ("/desk/queue/accessible-names", test_accessible_names);
  add_test ("/desk/offline/unapplied-finish", test_unapplied_finish);
}
