/* test-desk-training.c: the desk's side of training scenarios (docs/scenarios.md): the
 * Training menu only on a training desk, the summary of a report and its paper, a
 * scenario citizen's story on the visit card. The server's side is tested with it. */
#include "config-desk.h"

#include "desk-fixture.h"

#include <string.h>

#include "../test-util.h"

#include "yc-scenario-chooser.h"
#include "yc-training-actions.h"
#include "yc-training-summary.h"

/* A report as GET /training answers it, half way through a scenario. */
const char sample_report_json[] =
  "{\"scenario\":\"quiet-morning\","
  "\"title\":{\"zh_CN\":\"平静的上午\",\"zh_TW\":\"平靜的上午\",\"en\":\"A quiet morning\"},"
  "\"brief\":{\"zh_CN\":\"一位老人、一位企业代办人和一张差评：按规矩接待，按时办完。\","
  "\"zh_TW\":\"一位長者、一位企業代辦人和一則負評：依規定接待，準時辦完。\","
  "\"en\":\"An elderly citizen, a company's agent and a bad rating: serve them by the rules, in time.\"},"
  "\"clock\":312.5,\"length\":900,\"pace\":2.0,\"paused\":false,\"ended\":true,\"control\":true,\"window\":1,"
  "\"goals\":["
  "{\"id\":\"call-elder\",\"kind\":\"call\",\"expect\":{\"zh_CN\":\"优先叫号：老人先办\",\"en\":\"Call the elderly citizen first\"},"
  "\"state\":\"done\",\"at\":95.0,\"ticket\":\"A012\"},"
  "{\"id\":\"refuse\",\"kind\":\"decide\",\"expect\":{\"zh_CN\":\"材料不全的不予受理要书面告知\",\"en\":\"Refuse in writing when the materials do not qualify\"},"
  "\"state\":\"wrong\",\"at\":280.0,\"ticket\":\"B003\",\"got\":\"accepted\"},"
  "{\"id\":\"follow-up\",\"kind\":\"follow_up\",\"expect\":{\"zh_CN\":\"差评整改一个工作日内办结\",\"en\":\"Close the bad rating's follow-up\"},"
  "\"state\":\"missed\"}]}";

YcTrainingReport *
sample_training_report (void)
{
  g_autoptr(JsonNode) node = json_from_string (sample_report_json, NULL);
  g_autoptr(GError) error = NULL;
  YcTrainingReport *report = yc_training_report_new_from_json (node, &error);

  g_assert_no_error (error);
  return report;
}

/* A model of its own, fed the sample: no session, so it never reads. */
YcTraining *
sample_training (Fixture *f)
{
  g_autoptr(YcClient) client = yc_client_new (f->url);
  YcTraining *training = yc_training_new (client);

  yc_training_take_report (training, sample_training_report ());
  return training;
}

GtkWidget *
open_training_summary (Fixture    *f,
                       YcTraining *training)
{
  GtkWidget *summary = yc_training_summary_new (GTK_WINDOW (f->window), f->context, training);

  gtk_window_present (GTK_WINDOW (summary));
  yc_test_wait_until (gtk_widget_get_mapped (summary), TIMEOUT_S);
  return summary;
}

/* A scenario citizen's story as the server sends it. */
const char sample_story_json[] =
  "{\"zh_CN\":\"张大爷，七十二岁，腿脚不便，来给老伴办理居住证续签；带了户口簿和两张照片，身份证忘在家里。\","
  "\"zh_TW\":\"張伯伯，七十二歲，行動不便，來幫老伴辦理居住證續簽；帶了戶口名簿和兩張照片，身分證忘在家裡。\","
  "\"en\":\"Mr Zhang, 72, walks with difficulty. He renews his wife's residence "
  "permit; he brings the household register and two photos, but left his ID card at home.\"}";

YcTicket *
storied_ticket (YcTicket *ticket)
{
  g_autoptr(JsonNode) node = yc_ticket_to_json (ticket);
  g_autoptr(JsonNode) story = json_from_string (sample_story_json, NULL);
  g_autoptr(GError) error = NULL;
  YcTicket *storied;

  json_object_set_member (json_node_get_object (node), "story", g_steal_pointer (&story));
  storied = yc_ticket_new_from_json (node, &error);
  g_assert_no_error (error);
  return storied;
}

/* The Training menu is a training desk's: a demo desk's from the start, another desk's
 * only once its server plays a scenario. */
static void
test_training_menu (Fixture       *f,
                    gconstpointer  data)
{
  GMenu *menu = yc_window_get_primary_menu (f->window);
  YcTraining *training = yc_context_get_training (f->context);

  log_in (f);
  /* The fixture's server plays nothing: its answer is read, and nothing changes. */
  yc_test_run_for (300);
  g_assert_false (yc_training_get_playing (training));
  g_assert_false (yc_training_actions_shown (menu));

  yc_training_take_report (training, sample_training_report ());
  g_assert_true (yc_training_actions_shown (menu));
  /* Logged out: no training to control. */
  log_out (f);
  yc_test_wait_until (!yc_training_actions_shown (menu), TIMEOUT_S);
}

/* A desk of a classroom (a simulating server playing a scenario, not the desk's own
 * demo): once logged in, its header and title say 演示 as its papers do, and its
 * Training menu is there; logged out, neither. */
static void
test_training_classroom (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("yc-classroom-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "server.db", NULL);
  YcServerOptions options = { .db_path = db_path, .demo_data = TRUE, .simulate = TRUE, .simulate_by_step = TRUE,
                              .reserved_windows = { 1 }, .scenario = "quiet-morning", .trainer_window = 5,
                              .host = "127.0.0.1" };
  g_autoptr(GError) error = NULL;
  YcServerThread *classroom = yc_server_thread_start (&options, &error);

  g_assert_no_error (error);
  close_window (f);
  g_clear_object (&f->client);
  f->client = yc_client_new (yc_server_thread_get_url (classroom));
  open_window (f);
  g_assert_false (gtk_widget_get_visible (yc_window_get_demo_badge (f->window)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, _("Yichuang"));

  log_in (f);
  g_assert_true (yc_context_get_demo_papers (f->context));
  g_assert_true (gtk_widget_get_visible (yc_window_get_demo_badge (f->window)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, _("Yichuang (Demo)"));
  yc_test_wait_until (yc_training_actions_shown (yc_window_get_primary_menu (f->window)), TIMEOUT_S);
  g_assert_false (yc_training_get_control (yc_context_get_training (f->context)));

  log_out (f);
  g_assert_false (gtk_widget_get_visible (yc_window_get_demo_badge (f->window)));
  close_window (f);
  yc_server_thread_stop (classroom);
  yc_test_remove_tree (dir);
}

static void
test_training_menu_demo (void)
{
  Fixture fixture = { 0 };
  Fixture *f = &fixture;
  g_autoptr(GError) error = NULL;

  f->context = yc_context_new (NULL, NULL, TRUE, &error);
  g_assert_no_error (error);
  yc_context_set_scenario (f->context, "quiet-morning");
  g_assert_cmpstr (yc_context_get_scenario (f->context), ==, "quiet-morning");
  show_window (f);
  g_assert_true (yc_training_actions_shown (yc_window_get_primary_menu (f->window)));
  close_window (f);
  g_assert_cmpuint (count_demo_folders (), ==, 0);
}

/* The summary of a report: its title, the time, each goal with its state, the counts; and
 * its paper with the goals, marked as a demo's. */
static void
test_training_summary (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(YcTraining) training = NULL;
  g_autoptr(YcDocument) doc = NULL;
  g_autofree char *text = NULL;
  g_autofree char *mark = squashed (yc_paper_gettext (NULL, NULL, "DEMO · NOT AN OFFICIAL DOCUMENT"));
  const char *language = g_getenv ("LANGUAGE");
  YcTrainingReport *report;
  GtkWidget *summary;
  guint rows = 0;

  log_in (f);
  training = sample_training (f);
  report = yc_training_get_report (training);
  summary = open_training_summary (f, training);

  g_assert_cmpstr (gtk_label_get_text (yc_training_summary_get_title_label (YC_TRAINING_SUMMARY (summary))), ==,
                   yc_scenario_text (report->title));
  g_assert_nonnull (strstr (gtk_label_get_text (yc_training_summary_get_counts_label (YC_TRAINING_SUMMARY (summary))),
                            yc_goal_state_get_name (YC_GOAL_WRONG, NULL)));
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (yc_training_summary_get_goals_list (YC_TRAINING_SUMMARY (summary))));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    rows++;
  g_assert_cmpuint (rows, ==, 3);
  for (guint i = 0; i < report->goals->len; i++)
    {
      const YcTrainingGoal *goal = g_ptr_array_index (report->goals, i);

      g_assert_nonnull (find_shown_text (summary, yc_scenario_text (goal->expect)));
    }
  save_window_screenshot (GTK_WINDOW (summary), "training-summary");

  doc = yc_training_summary_new_document (YC_TRAINING_SUMMARY (summary));
  g_assert_nonnull (doc);
  text = doc_pdf_text (f, doc, "training-summary.pdf");
  for (guint i = 0; i < report->goals->len; i++)
    {
      /* In the centre's language, as every paper. */
      g_autofree char *expect = squashed (yc_scenario_text_in (((YcTrainingGoal *) g_ptr_array_index (report->goals, i))->expect,
                                                               "zh_CN"));

      g_assert_nonnull (strstr (text, expect));
    }
  g_assert_nonnull (strstr (text, "A012"));
  /* Not a demo desk, yet a training's paper is always a demo's. */
  g_assert_false (yc_context_get_demo_papers (f->context));
  g_assert_nonnull (strstr (text, mark));
  if (language != NULL && g_str_has_prefix (language, "zh_CN"))
    g_assert_nonnull (strstr (text, "演示"));

  gtk_window_destroy (GTK_WINDOW (summary));
}

/* The sample as a classroom's server answers it: the goals of window, of the two
 * trainees' windows 1 and 2; window 2's trainee was late to call the elderly citizen.
 * control: the caller runs the class (the trainer, a duty manager), not a trainee. */
YcTrainingReport *
classroom_report (gint64   window,
                  gboolean control)
{
  g_autofree char *marked = g_strdup_printf ("\"window\":%" G_GINT64_FORMAT ",\"windows\":[1,2],", window);
  g_auto(GStrv) parts = g_strsplit (sample_report_json, "\"window\":1,", 2);
  g_autofree char *text = g_strjoinv (marked, parts);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  YcTrainingReport *report;

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  if (!control)
    {
      g_auto(GStrv) controlled = g_strsplit (text, "\"control\":true", 2);

      g_assert_cmpuint (g_strv_length (controlled), ==, 2);
      g_free (text);
      text = g_strjoinv ("\"control\":false", controlled);
    }
  if (window == 2)
    {
      g_auto(GStrv) done = g_strsplit (text, "\"state\":\"done\"", 2);

      g_free (text);
      text = g_strjoinv ("\"state\":\"late\"", done);
    }
  node = json_from_string (text, NULL);
  report = yc_training_report_new_from_json (node, &error);
  g_assert_no_error (error);
  return report;
}

/* A context whose client is logged in as duty manager 9002, without a window. */
YcContext *
manager_context (Fixture *f)
{
  g_autoptr(YcClient) client = yc_client_new (f->url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  yc_client_login_async (client, "9002", "123456", 0, NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, TIMEOUT_S);
  g_assert_true (yc_client_login_finish (client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (yc_client_get_session (client)->role, ==, YC_ROLE_SUPERVISOR);
  return yc_context_new_for_client (client, f->store, NULL, NULL);
}

/* The desk of whoever runs the class (here a duty manager's) chooses whose summary it
 * reads: the Window drop-down lists the trainees' windows, choosing one reads that
 * window, and the paper names it; a trainee's desk has no such choice, even when the
 * report lists two windows. */
static void
test_training_summary_windows (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(YcContext) manager = NULL;
  YcClient *manager_client;
  g_autoptr(YcTraining) training = NULL;
  g_autoptr(YcDocument) doc = NULL;
  g_autofree char *text = NULL;
  g_autofree char *window_two = NULL;
  GtkDropDown *drop_down;
  GtkWidget *summary;

  /* A trainee: their own window only. */
  log_in (f);
  training = sample_training (f);
  yc_training_take_report (training, classroom_report (1, FALSE));
  summary = open_training_summary (f, training);
  drop_down = yc_training_summary_get_window_drop_down (YC_TRAINING_SUMMARY (summary));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (drop_down)));
  gtk_window_destroy (GTK_WINDOW (summary));

  /* The duty manager, who logs in without a window. */
  manager = manager_context (f);
  manager_client = yc_context_get_client (manager);
  yc_training_take_report (training, classroom_report (1, TRUE));

  summary = yc_training_summary_new (GTK_WINDOW (f->window), manager, training);
  gtk_window_set_default_size (GTK_WINDOW (summary), 1024, 768);
  gtk_window_present (GTK_WINDOW (summary));
  yc_test_wait_until (gtk_widget_get_mapped (summary), TIMEOUT_S);
  drop_down = yc_training_summary_get_window_drop_down (YC_TRAINING_SUMMARY (summary));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (drop_down)));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (drop_down)), ==, 2);
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_down), ==, 0);
  window_two = g_strdup_printf (_("Window %d"), 2);
  {
    g_autoptr(GtkStringObject) second = g_list_model_get_item (gtk_drop_down_get_model (drop_down), 1);

    g_assert_cmpstr (gtk_string_object_get_string (second), ==, window_two);
  }

  /* Window 2 chosen: the model reads window 2 (the client sends ?window=2,
   * /net/training/window); its report shows, and the choice stays. */
  gtk_drop_down_set_selected (drop_down, 1);
  g_assert_cmpint (yc_training_get_window (training), ==, 2);
  yc_training_take_report (training, classroom_report (2, TRUE));
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_down), ==, 1);
  g_assert_nonnull (find_shown_text (summary, yc_goal_state_get_name (YC_GOAL_LATE, NULL)));
  save_window_screenshot (GTK_WINDOW (summary), "training-summary-windows");

  /* The paper is window 2's and says so; the duty manager is no trainee. */
  doc = yc_training_summary_new_document (YC_TRAINING_SUMMARY (summary));
  text = doc_pdf_text (f, doc, "training-summary-window.pdf");
  {
    g_autofree char *paper_window = g_strdup_printf (yc_paper_gettext (NULL, NULL, "Window %d"), 2);
    g_autofree char *name = squashed (paper_window);
    g_autofree char *manager_name = squashed (yc_client_get_session (manager_client)->clerk_name);

    g_assert_nonnull (strstr (text, name));
    g_assert_null (strstr (text, manager_name));
  }

  gtk_window_destroy (GTK_WINDOW (summary));
  yc_client_logout (manager_client);
  yc_test_assert_finalized_soon (g_steal_pointer (&manager), TIMEOUT_S);
}

/* A scenario's citizen called to the window: who they are, beside the visit card (the
 * card's buttons stay where they are); another citizen has none. */
static void
test_training_story (Fixture       *f,
                     gconstpointer  data)
{
  YcWaitingPanel *panel = yc_queue_page_get_waiting_panel (queue_page (f));
  g_autoptr(YcTicket) ticket = NULL;
  g_autoptr(YcTicket) storied = NULL;
  GtkWidget *finish_button;
  GtkWidget *scroller;
  graphene_rect_t button_bounds;
  graphene_rect_t view_bounds;
  const char *story;

  /* A hall's small screen: the story must not push the card's buttons out of sight. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1024, 768);
  log_in (f);
  ticket = call_new_ticket (f, "A");
  g_assert_false (gtk_widget_get_visible (yc_waiting_panel_get_story_box (panel)));

  storied = storied_ticket (ticket);
  yc_waiting_panel_show_story (panel, storied);
  story = yc_scenario_text (yc_ticket_get_story (storied));
  g_assert_true (gtk_widget_get_visible (yc_waiting_panel_get_story_box (panel)));
  g_assert_cmpstr (gtk_label_get_text (yc_waiting_panel_get_story_label (panel)), ==, story);
  yc_test_wait_until (gtk_widget_get_mapped (yc_waiting_panel_get_story_box (panel)), TIMEOUT_S);
  for (guint i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);
  finish_button = GTK_WIDGET (yc_queue_page_get_finish_button (queue_page (f)));
  scroller = gtk_widget_get_ancestor (finish_button, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scroller);
  g_assert_true (gtk_widget_compute_bounds (finish_button, GTK_WIDGET (f->window), &button_bounds));
  g_assert_true (gtk_widget_compute_bounds (scroller, GTK_WIDGET (f->window), &view_bounds));
  g_assert_cmpfloat (button_bounds.origin.y + button_bounds.size.height, <=,
                     view_bounds.origin.y + view_bounds.size.height);
  save_screenshot (f, "training-story");

  /* The queue's own ticket again: the story goes with the scenario's citizen. */
  yc_waiting_panel_show_story (panel, ticket);
  g_assert_false (gtk_widget_get_visible (yc_waiting_panel_get_story_box (panel)));
}

/* Whether the citizen of the goal has come (the report names their ticket). */
static gboolean
citizen_has_come (YcTraining *training,
                  const char *goal_id)
{
  YcTrainingReport *report = yc_training_get_report (training);

  for (guint i = 0; report != NULL && i < report->goals->len; i++)
    {
      YcTrainingGoal *goal = g_ptr_array_index (report->goals, i);

      if (g_strcmp0 (goal->id, goal_id) == 0)
        return goal->ticket != NULL;
    }
  return FALSE;
}

/* yichuang --scenario quiet-morning: the demo's server plays it, the desk reads it, the
 * trainee pauses it and changes its pace from the Training menu's actions. */
static void
test_training_demo_scenario (void)
{
  Fixture fixture = { 0 };
  Fixture *f = &fixture;
  g_autoptr(GError) error = NULL;
  YcTraining *training;

  f->context = yc_context_new (NULL, NULL, TRUE, &error);
  g_assert_no_error (error);
  yc_context_set_scenario (f->context, "quiet-morning");
  training = yc_context_get_training (f->context);
  show_window (f);
  yc_context_start (f->context);
  yc_test_wait_until (queue_ready (f), TIMEOUT_S);

  yc_test_wait_until (yc_training_get_playing (training), TIMEOUT_S);
  g_assert_cmpstr (yc_training_get_report (training)->scenario, ==, "quiet-morning");
  g_assert_true (yc_training_get_control (training));
  g_assert_true (yc_training_actions_shown (yc_window_get_primary_menu (f->window)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "training.pace", "d", 5.0));
  yc_test_wait_until (yc_training_get_pace (training) == 5.0, TIMEOUT_S);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "training.pause", NULL));
  yc_test_wait_until (yc_training_get_paused (training), TIMEOUT_S);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "training.pause", NULL));
  yc_test_wait_until (!yc_training_get_paused (training), TIMEOUT_S);

  /* The scenario's first citizen (quiet-morning's Zhou Xiaofeng, at 0:15) comes: Call Next calls
   * them before the queue (they are the trainee's), and their story shows beside the card. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "training.pace", "d", 10.0));
  yc_test_wait_until (citizen_has_come (training, "advise-zhou"), TIMEOUT_S);
  yc_test_wait_until (call_next_enabled (f), TIMEOUT_S);
  activate (f, "queue.call-next");
  yc_test_wait_until (gtk_widget_get_visible (yc_waiting_panel_get_story_box (yc_queue_page_get_waiting_panel (queue_page (f)))),
                      TIMEOUT_S);
  g_assert_nonnull (strstr (gtk_label_get_text (yc_waiting_panel_get_story_label (yc_queue_page_get_waiting_panel (queue_page (f)))),
                            "Zhou Xiaofeng"));

  /* The shipped scenarios to choose from, the one playing marked. */
  {
    GtkWidget *chooser = yc_scenario_chooser_new (GTK_WINDOW (f->window), yc_context_get_scenario (f->context));
    guint rows = 0;

    gtk_window_present (GTK_WINDOW (chooser));
    yc_test_wait_until (gtk_widget_get_mapped (chooser), TIMEOUT_S);
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (yc_scenario_chooser_get_list (YC_SCENARIO_CHOOSER (chooser))));
         row != NULL; row = gtk_widget_get_next_sibling (row))
      rows++;
    g_assert_cmpuint (rows, >=, 5);
    save_window_screenshot (GTK_WINDOW (chooser), "training-chooser");
    gtk_window_destroy (GTK_WINDOW (chooser));
  }

  close_window (f);
  g_assert_cmpuint (count_demo_folders (), ==, 0);
}

void
yc_test_desk_training_add_tests (void)
{
  g_test_add_func ("/desk/training/demo-scenario", test_training_demo_scenario);
  add_test ("/desk/training/menu", test_training_menu);
  add_test ("/desk/training/classroom", test_training_classroom);
  g_test_add_func ("/desk/training/menu-demo", test_training_menu_demo);
  add_test ("/desk/training/summary", test_training_summary);
  add_test ("/desk/training/summary-windows", test_training_summary_windows);
  add_test ("/desk/language/training-summary", test_training_summary);
  add_test ("/desk/training/story", test_training_story);
}
