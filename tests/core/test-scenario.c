/* test-scenario.c: reading a training scenario, and the judgement a desk reads back. */
#include <locale.h>

#include "core/yc-error.h"
#include "core/yc-scenario.h"
#include "core/yc-wire.h"

/* A scenario with one of each event and goal; {{EVENTS}} and {{GOALS}} may replace the
 * lists to try a mistake. */
static const char good[] =
  "{\"format\": 1, \"id\": \"test-day\","
  " \"title\": {\"zh_CN\": \"测试日\", \"zh_TW\": \"測試日\", \"en\": \"Test day\"},"
  " \"brief\": \"Everything once\", \"length\": 600, \"walk_ins\": [30, 60], \"colleagues\": false,"
  " \"events\": ["
  "  {\"at\": 120, \"kind\": \"outage\", \"seconds\": 60},"
  "  {\"at\": 10, \"kind\": \"citizen\", \"id\": \"wang\", \"service\": \"A\", \"priority\": \"elderly\","
  "   \"story\": {\"zh_CN\": \"王大爷\", \"en\": \"Mr Wang\"}},"
  "  {\"at\": 10, \"kind\": \"tickets\", \"service\": \"B\", \"count\": 3},"
  "  {\"at\": 20, \"kind\": \"task\", \"id\": \"order\", \"task_kind\": \"hotline\", \"title\": \"12345\","
  "   \"overdue_days\": 3},"
  "  {\"at\": 30, \"kind\": \"burst\", \"id\": \"burst\", \"count\": 4},"
  "  {\"at\": 0, \"kind\": \"citizen\", \"id\": \"li\", \"service\": \"B\", \"appointment\": true, \"story\": \"Ms Li\"},"
  "  {\"at\": 60, \"kind\": \"rating\", \"citizen\": \"wang\", \"level\": \"very_dissatisfied\", \"comment\": \"slow\"}"
  " ],"
  " \"goals\": ["
  "  {\"id\": \"call-wang\", \"kind\": \"call\", \"citizen\": \"wang\", \"within\": 60, \"expect\": \"Call him\"},"
  "  {\"id\": \"finish-li\", \"kind\": \"finish\", \"citizen\": \"li\", \"outcomes\": [\"informed\", \"consulted\"],"
  "   \"expect\": \"Inform her\"},"
  "  {\"id\": \"decide-wang\", \"kind\": \"decide\", \"citizen\": \"wang\", \"decision\": \"accepted\","
  "   \"deferred\": true, \"expect\": \"Accept, deferring\"},"
  "  {\"id\": \"order\", \"kind\": \"task\", \"task\": \"order\", \"within\": 300, \"expect\": \"Answer\"},"
  "  {\"id\": \"burst\", \"kind\": \"task\", \"task\": \"burst\", \"expect\": \"All of them\"},"
  "  {\"id\": \"follow\", \"kind\": \"follow_up\", \"citizen\": \"wang\", \"within\": 500, \"expect\": \"Follow up\"}"
  " ]}";

static YcScenario *
parse (const char  *text,
       GError     **error)
{
  return yc_scenario_new_from_data (text, strlen (text), error);
}

static JsonNode *
parse_json (const char *text)
{
  return yc_wire_parse_object (text, strlen (text), 0, NULL);
}

static void
test_scenario_reads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcScenario) scenario = parse (good, &error);
  const YcScenarioEvent *event;
  const YcScenarioGoal *goal;
  double min, max;

  g_assert_no_error (error);
  g_assert_cmpstr (yc_scenario_get_id (scenario), ==, "test-day");
  g_assert_cmpfloat (yc_scenario_get_length (scenario), ==, 600);
  g_assert_false (yc_scenario_get_colleagues (scenario));
  yc_scenario_get_walk_ins (scenario, &min, &max);
  g_assert_cmpfloat (min, ==, 30);
  g_assert_cmpfloat (max, ==, 60);

  /* By time; the two at 10 s in the order written. */
  g_assert_cmpuint (yc_scenario_get_n_events (scenario), ==, 7);
  g_assert_cmpstr (yc_scenario_get_event (scenario, 0)->id, ==, "li");
  g_assert_true (yc_scenario_get_event (scenario, 0)->appointment);
  event = yc_scenario_get_event (scenario, 1);
  g_assert_cmpint (event->kind, ==, YC_SCENARIO_EVENT_CITIZEN);
  g_assert_cmpstr (event->id, ==, "wang");
  g_assert_cmpstr (event->priority, ==, "elderly");
  g_assert_cmpint (yc_scenario_get_event (scenario, 2)->kind, ==, YC_SCENARIO_EVENT_TICKETS);
  g_assert_cmpuint (yc_scenario_get_event (scenario, 2)->count, ==, 3);
  g_assert_cmpint (yc_scenario_get_event (scenario, 3)->overdue_days, ==, 3);
  g_assert_cmpint (yc_scenario_get_event (scenario, 6)->kind, ==, YC_SCENARIO_EVENT_OUTAGE);
  g_assert_cmpfloat (yc_scenario_get_event (scenario, 6)->seconds, ==, 60);
  event = yc_scenario_find_event (scenario, "burst");
  g_assert_nonnull (event);
  g_assert_cmpuint (event->count, ==, 4);
  g_assert_null (yc_scenario_find_event (scenario, "nobody"));

  g_assert_cmpuint (yc_scenario_get_n_goals (scenario), ==, 6);
  goal = yc_scenario_get_goal (scenario, 1);
  g_assert_cmpint (goal->kind, ==, YC_SCENARIO_GOAL_FINISH);
  g_assert_cmpuint (goal->outcomes, ==, (1u << YC_VISIT_INFORMED) | (1u << YC_VISIT_CONSULTED));
  goal = yc_scenario_get_goal (scenario, 2);
  g_assert_cmpint (goal->decision, ==, YC_DECISION_ACCEPTED);
  g_assert_cmpint (goal->deferred, ==, 1);
  g_assert_cmpint (yc_scenario_get_goal (scenario, 0)->deferred, ==, -1);
  g_assert_cmpfloat (yc_scenario_get_goal (scenario, 3)->within, ==, 300);
  g_assert_cmpfloat (yc_scenario_get_goal (scenario, 4)->within, ==, 0);
}

/* good with one piece replaced, which must be refused with a message naming where. */
static void
assert_refused (const char *from,
                const char *to,
                const char *names)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (good);
  g_autoptr(YcScenario) scenario = NULL;

  g_assert_cmpuint (g_string_replace (text, from, to, 1), ==, 1);
  scenario = parse (text->str, &error);
  g_assert_null (scenario);
  g_assert_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT);
  if (strstr (error->message, names) == NULL)
    g_error ("“%s” does not name %s", error->message, names);
}

static void
test_scenario_mistakes (void)
{
  g_autoptr(GError) error = NULL;

  assert_refused ("\"format\": 1", "\"format\": 2", "format");
  assert_refused ("\"test-day\"", "\"Test Day\"", "id");
  assert_refused ("\"length\": 600", "\"length\": 10", "length");
  assert_refused ("\"brief\": \"Everything once\"", "\"brief\": \"\"", "brief");
  assert_refused ("\"title\": {\"zh_CN\"", "\"title\": {\"x\": 1, \"zh_CN\"", "title");
  assert_refused ("[30, 60]", "[60, 30]", "walk_ins.max");
  assert_refused ("\"at\": 120", "\"at\": 601", "events[0].at");
  assert_refused ("\"kind\": \"outage\"", "\"kind\": \"fire\"", "events[0].kind");
  assert_refused ("\"seconds\": 60", "\"seconds\": \"60\"", "events[0].seconds");
  assert_refused ("\"priority\": \"elderly\"", "\"priority\": \"vip\"", "events[1].priority");
  assert_refused ("\"count\": 3", "\"count\": 2.5", "events[2].count");
  assert_refused ("\"task_kind\": \"hotline\"", "\"task_kind\": \"gossip\"", "events[3].task_kind");
  assert_refused ("\"id\": \"burst\", \"count\"", "\"id\": \"order\", \"count\"", "used twice");
  assert_refused ("\"citizen\": \"wang\", \"level\"", "\"citizen\": \"zhao\", \"level\"", "events[6].citizen");
  assert_refused ("\"level\": \"very_dissatisfied\"", "\"level\": \"angry\"", "events[6].level");
  assert_refused ("\"kind\": \"call\"", "\"kind\": \"smile\"", "goals[0].kind");
  assert_refused ("\"citizen\": \"wang\", \"within\": 60", "\"citizen\": \"zhao\", \"within\": 60", "goals[0].citizen");
  assert_refused ("\"within\": 60", "\"within\": 0", "goals[0].within");
  assert_refused ("[\"informed\", \"consulted\"]", "[\"informed\", \"shrugged\"]", "goals[1].outcomes[1]");
  assert_refused ("[\"informed\", \"consulted\"]", "[]", "goals[1].outcomes");
  assert_refused ("\"decision\": \"accepted\"", "\"decision\": \"notice\"", "goals[2].deferred");
  assert_refused ("\"decision\": \"accepted\"", "\"decision\": \"maybe\"", "goals[2].decision");
  assert_refused ("\"task\": \"order\"", "\"task\": \"wang\"", "goals[3].task");
  assert_refused ("\"id\": \"burst\", \"kind\": \"task\"", "\"id\": \"order\", \"kind\": \"task\"", "goals[4].id");
  assert_refused ("\"level\": \"very_dissatisfied\"", "\"level\": \"satisfied\"", "goals[5].citizen");
  assert_refused ("\"expect\": \"Follow up\"", "\"expect\": 5", "goals[5].expect");

  g_assert_null (parse ("[1]", &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (parse ("{\"format\": 1", &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT);
}

static void
test_scenario_text (void)
{
  g_autoptr(JsonNode) all = parse_json ("{\"zh_CN\": \"简\", \"zh_TW\": \"繁\", \"en\": \"en\"}");
  g_autoptr(JsonNode) some = parse_json ("{\"fr\": \"fr\", \"de\": \"de\"}");
  g_autoptr(JsonNode) plain = json_node_new (JSON_NODE_VALUE);
  g_autoptr(JsonNode) number = json_node_new (JSON_NODE_VALUE);

  g_assert_nonnull (all);
  g_assert_nonnull (some);
  json_node_set_string (plain, "as is");
  json_node_set_int (number, 3);

  g_setenv ("LANGUAGE", "zh_TW", TRUE);
  g_assert_cmpstr (yc_scenario_text (all), ==, "繁");
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_assert_cmpstr (yc_scenario_text (all), ==, "简");
  /* Chinese with no region reads Simplified. */
  g_setenv ("LANGUAGE", "zh", TRUE);
  g_assert_cmpstr (yc_scenario_text (all), ==, "简");
  g_setenv ("LANGUAGE", "ja", TRUE);
  g_assert_cmpstr (yc_scenario_text (all), ==, "en");
  g_assert_nonnull (yc_scenario_text (some));
  g_assert_cmpstr (yc_scenario_text (plain), ==, "as is");
  g_assert_null (yc_scenario_text (number));
  g_assert_null (yc_scenario_text (NULL));
  g_unsetenv ("LANGUAGE");

  /* A paper's language, whatever the desk's: Traditional falls back on the other
   * Traditional, then on Simplified (which the paper converts), never on English. */
  {
    g_autoptr(JsonNode) simplified = parse_json ("{\"zh_CN\": \"简\", \"en\": \"en\"}");
    g_autoptr(JsonNode) hong_kong = parse_json ("{\"zh_CN\": \"简\", \"zh_HK\": \"港\", \"en\": \"en\"}");

    g_assert_cmpstr (yc_scenario_text_in (all, "zh_TW"), ==, "繁");
    g_assert_cmpstr (yc_scenario_text_in (all, "zh_CN"), ==, "简");
    g_assert_cmpstr (yc_scenario_text_in (all, "zh_HK"), ==, "繁");
    g_assert_cmpstr (yc_scenario_text_in (hong_kong, "zh_TW"), ==, "港");
    g_assert_cmpstr (yc_scenario_text_in (simplified, "zh_TW"), ==, "简");
    g_assert_cmpstr (yc_scenario_text_in (simplified, "ja"), ==, "en");
    g_assert_cmpstr (yc_scenario_text_in (plain, "zh_TW"), ==, "as is");
    g_assert_null (yc_scenario_text_in (number, "zh_TW"));
  }
}

static void
test_training_report (void)
{
  static const char text[] =
    "{\"scenario\": \"test-day\", \"title\": \"Test day\", \"clock\": 312.5, \"length\": 600,"
    " \"pace\": 2, \"paused\": true, \"ended\": false, \"control\": true, \"window\": 3,"
    " \"windows\": [3, 1, \"2\", 0, -4, 2.5, null, 3, 5],"
    " \"goals\": ["
    "  {\"id\": \"a\", \"kind\": \"call\", \"expect\": \"Call\", \"state\": \"done\", \"at\": 95, \"ticket\": \"A012\"},"
    "  {\"id\": \"b\", \"kind\": \"decide\", \"expect\": \"Refuse\", \"state\": \"wrong\", \"at\": 280,"
    "   \"ticket\": \"B003\", \"got\": \"accepted\"},"
    "  {\"id\": \"c\", \"kind\": \"task\", \"expect\": \"Answer\", \"state\": \"late\", \"at\": 3725},"
    "  {\"id\": \"d\", \"kind\": \"follow_up\", \"expect\": \"Follow\", \"state\": \"missed\"},"
    "  {\"id\": \"e\", \"kind\": \"finish\", \"expect\": \"Inform\", \"state\": \"pending\"},"
    "  {\"id\": \"f\", \"kind\": \"teleport\", \"state\": \"done\"},"
    "  {\"id\": \"g\", \"kind\": \"call\", \"state\": \"sleeping\"},"
    "  7"
    " ]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = parse_json (text);
  g_autoptr(YcTrainingReport) report = yc_training_report_new_from_json (node, &error);
  YcTrainingGoal *goal;
  g_autofree char *done = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *late = NULL;
  g_autofree char *missed = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (report->scenario, ==, "test-day");
  g_assert_cmpstr (yc_scenario_text (report->title), ==, "Test day");
  g_assert_null (report->brief);
  g_assert_cmpfloat (report->clock, ==, 312.5);
  g_assert_cmpfloat (report->pace, ==, 2);
  g_assert_true (report->paused);
  g_assert_false (report->ended);
  g_assert_true (report->control);
  g_assert_cmpint (report->window, ==, 3);
  /* The trainees' windows: what is no window number, or listed twice, is left out. */
  g_assert_cmpuint (report->windows->len, ==, 3);
  g_assert_cmpint (g_array_index (report->windows, gint64, 0), ==, 3);
  g_assert_cmpint (g_array_index (report->windows, gint64, 1), ==, 1);
  g_assert_cmpint (g_array_index (report->windows, gint64, 2), ==, 5);
  /* The goals this desk cannot read are left out, the others kept. */
  g_assert_cmpuint (report->goals->len, ==, 5);
  g_assert_cmpuint (yc_training_report_count (report, YC_GOAL_DONE), ==, 1);
  g_assert_cmpuint (yc_training_report_count (report, YC_GOAL_WRONG), ==, 1);

  goal = g_ptr_array_index (report->goals, 1);
  g_assert_cmpint (goal->kind, ==, YC_SCENARIO_GOAL_DECIDE);
  g_assert_cmpstr (goal->ticket, ==, "B003");
  g_assert_cmpstr (goal->got, ==, "accepted");

  done = yc_training_goal_describe (g_ptr_array_index (report->goals, 0), NULL);
  wrong = yc_training_goal_describe (g_ptr_array_index (report->goals, 1), NULL);
  late = yc_training_goal_describe (g_ptr_array_index (report->goals, 2), NULL);
  missed = yc_training_goal_describe (g_ptr_array_index (report->goals, 3), NULL);
  g_assert_cmpstr (done, ==, "Done at 1:35");
  g_assert_cmpstr (wrong, ==, "Wrong: accepted the application at 4:40");
  g_assert_cmpstr (late, ==, "Done late, at 1:02:05");
  g_assert_cmpstr (missed, ==, "Not done by the end");

  /* A server that does not list them (or not as an array) leaves the list empty. */
  g_clear_pointer (&report, yc_training_report_free);
  g_clear_pointer (&node, json_node_unref);
  node = parse_json ("{\"scenario\": \"test-day\", \"windows\": 2, \"goals\": []}");
  report = yc_training_report_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->windows->len, ==, 0);

  g_clear_pointer (&node, json_node_unref);
  node = parse_json ("{\"goals\": []}");
  g_assert_null (yc_training_report_new_from_json (node, &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_PROTOCOL);
}

static void
test_goal_words (void)
{
  for (YcGoalState state = YC_GOAL_PENDING; state <= YC_GOAL_MISSED; state++)
    {
      YcGoalState back;

      g_assert_true (yc_goal_state_from_wire (yc_goal_state_to_wire (state), &back));
      g_assert_cmpint (back, ==, state);
      g_assert_nonnull (yc_goal_state_get_name (state, NULL));
    }
  for (YcScenarioGoalKind kind = YC_SCENARIO_GOAL_CALL; kind <= YC_SCENARIO_GOAL_FOLLOW_UP; kind++)
    {
      YcScenarioGoalKind back;

      g_assert_true (yc_scenario_goal_kind_from_wire (yc_scenario_goal_kind_to_wire (kind), &back));
      g_assert_cmpint (back, ==, kind);
    }
  g_assert_false (yc_goal_state_from_wire (NULL, NULL));
  g_assert_false (yc_scenario_goal_kind_from_wire ("smile", NULL));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenario/reads", test_scenario_reads);
  g_test_add_func ("/scenario/mistakes", test_scenario_mistakes);
  g_test_add_func ("/scenario/text", test_scenario_text);
  g_test_add_func ("/scenario/report", test_training_report);
  g_test_add_func ("/scenario/words", test_goal_words);

  return g_test_run ();
}
