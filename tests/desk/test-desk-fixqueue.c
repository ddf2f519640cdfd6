/* test-desk-fixqueue.c: what a clerk's trial found around the Queue page: the clerk's day
 * after a finish sent late, a paused window's card and keys, Ctrl+G with a citizen at
 * the window. */

#include "config-desk.h"

#include <string.h>
#include <X11/keysym.h>

#include "desk-fixture.h"
#include "../test-util.h"

static gboolean
day_says_served (Fixture *f,
                 guint    served)
{
  const char *day = gtk_label_get_label (yc_queue_page_get_day_label (queue_page (f)));
  g_autofree char *prefix = g_strdup_printf ("%u ", served);

  return g_str_has_prefix (day, prefix);
}

/* A visit finished while the server was out of reach counts in the clerk's day once the
 * outbox delivers it, without another finish to correct the panel. */
static void
test_day_after_offline_finish (Fixture       *f,
                               gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  g_autoptr(YcTicket) ticket = NULL;

  log_in (f);
  ticket = call_new_ticket (f, "A");
  yc_test_wait_until (g_strcmp0 (gtk_label_get_label (yc_queue_page_get_day_label (page)),
                                 _("Nobody served yet today.")) == 0, TIMEOUT_S);

  server_down (f);
  activate (f, "queue.finish");
  yc_test_wait_until (yc_queue_page_get_current (page) == NULL && !yc_queue_page_get_busy (page), TIMEOUT_S);
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 1);

  server_back (f);
  yc_test_wait_until (server_count (f, COUNT_FINISHED) == 1, TIMEOUT_S);
  /* Nothing else happens at the desk: the delivery alone corrects the day. */
  yc_test_wait_until (day_says_served (f, 1), TIMEOUT_S);
}

static const char *last_toast_wanted;

static gboolean
told (Fixture *f)
{
  return g_strcmp0 (yc_window_get_last_toast (f->window), last_toast_wanted) == 0;
}

/* Paused, the empty card says so and how to resume, not "press Call Next"; F2 says why
 * it calls nobody instead of nothing. */
static void
test_paused_card_and_f2 (Fixture       *f,
                         gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  YcVisitCard *card = yc_queue_page_get_visit_card (page);
  g_autoptr(YcTicket) ticket = NULL;
  g_autofree char *paused = NULL;

  log_in (f);
  g_assert_cmpstr (gtk_label_get_label (yc_visit_card_get_empty_label (card)), ==,
                   _("Press Call Next when you are ready for the next citizen."));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (yc_visit_card_get_resume_button (card))));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.pause", "s", "break"));
  yc_test_wait_until (g_strcmp0 (yc_queue_page_get_window_state (page), "paused") == 0, TIMEOUT_S);
  paused = g_strdup_printf (_("The window is paused (%s). Press Resume Calling to call citizens again."),
                            yc_queue_pause_reason_name ("break"));
  g_assert_cmpstr (gtk_label_get_label (yc_visit_card_get_empty_label (card)), ==, paused);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (yc_visit_card_get_resume_button (card))));
  save_screenshot (f, "paused-card");

  /* A citizen waits, but F2 calls nobody: it says why. */
  ticket = take_ticket (f, "A");
  if (key_presses_possible (f))
    {
      last_toast_wanted = _("The window is paused: nobody is called until you resume calling.");
      press_key (f, XK_F2, told);
    }
  g_assert_cmpint (ticket_count (f, ticket, "waiting"), ==, 1);

  /* The card's button resumes service; the card asks for Call Next again. */
  gtk_widget_activate (GTK_WIDGET (yc_visit_card_get_resume_button (card)));
  yc_test_wait_until (g_strcmp0 (yc_queue_page_get_window_state (page), "open") == 0, TIMEOUT_S);
  g_assert_cmpstr (gtk_label_get_label (yc_visit_card_get_empty_label (card)), ==,
                   _("Press Call Next when you are ready for the next citizen."));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (yc_visit_card_get_resume_button (card))));
}

/* Issue 16, 5: the Pause menu marks what the window is at: the reason of the pause
 * checked, the others not; Resume Calling once it is open again. */
static void
test_pause_menu_marks_reason (Fixture       *f,
                              gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  GtkWidget *button;
  GType model_button = g_type_from_name ("GtkModelButton");
  struct { const char *label; gboolean paused, open; } items[] = {
    { C_("pause", "Break"), FALSE, FALSE },
    { C_("pause", "Meeting"), TRUE, FALSE },
    { _("Resume Calling"), FALSE, TRUE },
  };

  log_in (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.pause", "s", "meeting"));
  yc_test_wait_until (g_strcmp0 (yc_queue_page_get_window_state (page), "paused") == 0, TIMEOUT_S);
  button = find_named (GTK_WIDGET (page), _("Pause"));
  g_assert_true (GTK_IS_MENU_BUTTON (button));
  g_assert_true (model_button != G_TYPE_INVALID);
  for (guint round = 0; round < 2; round++)
    {
      GtkWidget *popover;
      guint seen = 0;

      gtk_menu_button_popup (GTK_MENU_BUTTON (button));
      popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
      yc_test_wait_until (gtk_widget_get_mapped (popover), TIMEOUT_S);
      for (guint i = 0; i < G_N_ELEMENTS (items); i++)
        {
          GtkWidget *label = find_shown_text (popover, items[i].label);
          GtkWidget *item = label != NULL ? gtk_widget_get_ancestor (label, model_button) : NULL;
          gboolean active = FALSE;

          g_assert_nonnull (item);
          g_object_get (item, "active", &active, NULL);
          g_assert_cmpint (active, ==, round == 0 ? items[i].paused : items[i].open);
          seen++;
        }
      g_assert_cmpuint (seen, ==, G_N_ELEMENTS (items));
      gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
      if (round == 0)
        {
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.pause", "s", ""));
          yc_test_wait_until (g_strcmp0 (yc_queue_page_get_window_state (page), "open") == 0, TIMEOUT_S);
        }
    }
}

/* The shortcut the page has for trigger, activated as the key would. */
static gboolean
activate_shortcut (YcQueuePage *page,
                   const char  *trigger)
{
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (trigger);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (page));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, GTK_WIDGET (page), NULL);
        }
    }
  g_assert_not_reached ();
}

/* Ctrl+G with a citizen at the window calls nobody, and says why. */
static void
test_call_number_key_says_why (Fixture       *f,
                               gconstpointer  data)
{
  YcQueuePage *page = queue_page (f);
  g_autoptr(YcTicket) ticket = NULL;

  log_in (f);
  ticket = call_new_ticket (f, "A");

  g_assert_true (activate_shortcut (page, "<Control>g"));
  g_assert_cmpstr (yc_window_get_last_toast (f->window), ==,
                   _("A citizen is at the window: finish, park or transfer the visit before calling a ticket by number."));
  g_assert_false (dialog_shown ());

  /* Once the visit is over, the key asks for the number. */
  act_and_settle (f, "queue.finish");
  g_assert_true (activate_shortcut (page, "<Control>g"));
  answer_dialog (wait_dialog (), "cancel");
}

void
yc_test_desk_fixqueue_add_tests (void)
{
  add_test ("/desk/fixqueue/day-after-offline-finish", test_day_after_offline_finish);
  add_test ("/desk/fixqueue/paused-card-and-f2", test_paused_card_and_f2);
  add_test ("/desk/fixqueue/pause-menu-marks-reason", test_pause_menu_marks_reason);
  add_test ("/desk/fixqueue/call-number-key-says-why", test_call_number_key_says_why);
}
