/* test-training.c: training scenarios played by the server (docs/scenarios.md), with a
 * scripted trainee acting over HTTP as the desk would, the hall stepped at pace 10.
 *
 * The trainee is generic: it reads what to do from the scenario's goals (call the
 * citizen, send the case with the decision, finish with the outcome, do the tasks), so
 * the same run goes over every scenario shipped in the demo resources, and over the
 * tests' own (tests/server/scenarios/). */
#include "core/yc-case.h"
#include "core/yc-error.h"
#include "core/yc-scenario.h"
#include "core/yc-visit.h"
#include "server-fixture.h"

#define PACE 10.0
/* Wall seconds a run may take at most: the longest shipped scenario at pace 10, and more. */
#define MAX_STEPS 2000

GResource *yc_demo_get_resource (void);

static void
training_start_with_trainer (Fixture      *f,
                             const char   *scenario,
                             const gint64 *windows,
                             guint         n_windows,
                             gboolean      trainee_controls,
                             gint64        trainer_window)
{
  YcServerOptions options = { .trainer_window = trainer_window };
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("yc-training-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = yc_test_db_new (f->dir, "server.db");
  options.db_path = f->db_path;
  options.demo_data = TRUE;
  options.simulate = TRUE;
  options.simulate_by_step = TRUE;
  options.scenario = scenario;
  options.pace = PACE;
  options.trainee_controls = trainee_controls;
  options.config.max_per_address = 1000;
  for (guint i = 0; i < n_windows; i++)
    options.reserved_windows[i] = windows[i];
  f->server = yc_server_thread_start (&options, &error);
  g_assert_no_error (error);
  f->soup = soup_session_new_with_options ("timeout", 10, NULL);
}

static void
training_start (Fixture      *f,
                const char   *scenario,
                const gint64 *windows,
                guint         n_windows,
                gboolean      trainee_controls)
{
  training_start_with_trainer (f, scenario, windows, n_windows, trainee_controls, 0);
}

static char *
test_scenario (const char *name)
{
  return g_build_filename (TEST_SCENARIOS, name, NULL);
}

/* The scripted trainee */

typedef struct
{
  Fixture          *f;
  YcScenario       *scenario;
  gint64            window;
  char             *clerk;
  char             *token;
  int               mistake;       /* the goal done wrong (or late), -1: none */
  gboolean          no_tasks;      /* leaves every task alone */
  GHashTable       *held;          /* task id → the clock it was first seen, held back to be late */
  JsonNode         *report;        /* the last judgement read */
} Trainee;

static Trainee *
trainee_new (Fixture    *f,
             YcScenario *scenario,
             gint64      window,
             int         mistake)
{
  Trainee *t = g_new0 (Trainee, 1);

  t->f = f;
  t->scenario = yc_scenario_ref (scenario);
  t->window = window;
  t->clerk = g_strdup_printf ("%" G_GINT64_FORMAT, 1000 + window);
  t->mistake = mistake;
  t->held = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  return t;
}

static void
trainee_free (Trainee *t)
{
  yc_scenario_unref (t->scenario);
  g_free (t->clerk);
  g_free (t->token);
  g_hash_table_unref (t->held);
  g_clear_pointer (&t->report, json_node_unref);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Trainee, trainee_free)

/* The goal one mistake is made on: a decision or an outcome made wrong, else a task or a
 * follow-up done late; -1 when the scenario has none of them. */
static int
mistake_goal (YcScenario *scenario)
{
  static const YcScenarioGoalKind order[] = { YC_SCENARIO_GOAL_DECIDE, YC_SCENARIO_GOAL_FINISH };

  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    for (guint g = 0; g < yc_scenario_get_n_goals (scenario); g++)
      if (yc_scenario_get_goal (scenario, g)->kind == order[k])
        return (int) g;
  for (guint g = 0; g < yc_scenario_get_n_goals (scenario); g++)
    {
      const YcScenarioGoal *goal = yc_scenario_get_goal (scenario, g);
      const YcScenarioEvent *event = yc_scenario_find_event (scenario, goal->target);

      if (goal->within > 0 && ((goal->kind == YC_SCENARIO_GOAL_TASK && event != NULL &&
                                event->kind == YC_SCENARIO_EVENT_TASK) || goal->kind == YC_SCENARIO_GOAL_FOLLOW_UP))
        return (int) g;
    }
  return -1;
}

static JsonArray *
report_goals (JsonNode *report)
{
  return json_object_get_array_member (json_node_get_object (report), "goals");
}

static double
report_clock (JsonNode *report)
{
  return json_object_get_double_member (json_node_get_object (report), "clock");
}

/* The citizen (an event's id) whose ticket has number, as the judgement names it. */
static const char *
citizen_of (Trainee    *t,
            const char *number)
{
  JsonArray *goals = report_goals (t->report);

  for (guint i = 0; i < json_array_get_length (goals) && i < yc_scenario_get_n_goals (t->scenario); i++)
    {
      JsonObject *goal = json_array_get_object_element (goals, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (goal, "ticket", NULL), number) == 0)
        return yc_scenario_get_goal (t->scenario, i)->target;
    }
  return NULL;
}

static int
goal_for (Trainee            *t,
          YcScenarioGoalKind  kind,
          const char         *citizen)
{
  for (guint g = 0; citizen != NULL && g < yc_scenario_get_n_goals (t->scenario); g++)
    {
      const YcScenarioGoal *goal = yc_scenario_get_goal (t->scenario, g);

      if (goal->kind == kind && g_strcmp0 (goal->target, citizen) == 0)
        return (int) g;
    }
  return -1;
}

#define APPLICANT \
  "\"applicant\":{\"type\":\"person\",\"name\":\"王芳\",\"id_number\":\"11010519491231002X\",\"phone\":\"13812345678\"," \
  "\"address\":null},\"agent\":null,\"fields\":{}"
#define ITEMS "\"package\":\"YJS-001\",\"items\":[\"990100-SCJG-XK-0001\",\"990100-GA-QT-0001\"],\"title\":\"企业开办一件事\""

/* A case body as a desk sends it, for the ticket numbered number. */
static char *
case_body (const char *number,
           YcDecision  decision,
           gboolean    deferred)
{
  switch (decision)
    {
    case YC_DECISION_ACCEPTED:
      if (deferred)
        return g_strdup_printf ("{\"decision\":\"accepted\"," ITEMS ",\"ticket\":\"%s\"," APPLICANT ","
                                "\"materials\":[{\"name\":\"住所（经营场所）使用证明\",\"status\":\"deferred\","
                                "\"pages\":0,\"supplement_by\":\"2026-11-23\"}],\"accepted_on\":\"2026-11-22\","
                                "\"promised_days\":1,\"due_date\":\"2026-11-23\","
                                "\"commitment\":{\"signed_by\":\"王芳\",\"signed_on\":\"2026-11-22\"}}", number);
      return g_strdup_printf ("{\"decision\":\"accepted\"," ITEMS ",\"ticket\":\"%s\"," APPLICANT ",\"materials\":[],"
                              "\"accepted_on\":\"2026-11-22\",\"promised_days\":1,\"due_date\":\"2026-11-23\"}", number);
    case YC_DECISION_NOTICE:
      return g_strdup_printf ("{\"decision\":\"notice\"," ITEMS ",\"ticket\":\"%s\"," APPLICANT ","
                              "\"materials\":[{\"name\":\"公司章程\",\"status\":\"missing\"}],"
                              "\"accepted_on\":\"2026-11-22\",\"notice_missing\":[\"公司章程\"]}", number);
    case YC_DECISION_REFUSED:
    default:
      return g_strdup_printf ("{\"decision\":\"refused\"," ITEMS ",\"ticket\":\"%s\"," APPLICANT ",\"materials\":[],"
                              "\"accepted_on\":\"2026-11-22\",\"refusal\":{\"category\":\"not_eligible\","
                              "\"legal_basis\":\"《市场主体登记管理条例》第十条\","
                              "\"explanation\":\"申请人属于不得担任法定代表人的情形\"}}", number);
    }
}

/* The decision made for a goal that wants decision, done wrong or right. */
static YcDecision
decision_made (YcDecision wanted,
               gboolean   wrong)
{
  if (!wrong)
    return wanted;
  return wanted == YC_DECISION_ACCEPTED ? YC_DECISION_REFUSED : YC_DECISION_ACCEPTED;
}

/* The citizen at the window served: their case sent (if a goal wants one), the visit
 * finished with an outcome. FALSE when the server did not answer. */
static gboolean
serve (Trainee    *t,
       JsonObject *ticket)
{
  const char *number = json_object_get_string_member (ticket, "number");
  const char *citizen = citizen_of (t, number);
  int decide = goal_for (t, YC_SCENARIO_GOAL_DECIDE, citizen);
  int finish = goal_for (t, YC_SCENARIO_GOAL_FINISH, citizen);
  YcVisitOutcome outcome = YC_VISIT_COMPLETED;
  g_autofree char *finish_body = NULL;
  g_autofree char *path = NULL;

  if (decide >= 0)
    {
      const YcScenarioGoal *goal = yc_scenario_get_goal (t->scenario, (guint) decide);
      YcDecision decision = decision_made (goal->decision, decide == t->mistake);
      g_autofree char *body = case_body (number, decision, goal->deferred == 1 && decide != t->mistake);
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *batch = g_strdup_printf ("{\"records\":[{\"id\":\"%s\",\"kind\":\"case\","
                                                "\"created_at\":\"2026-11-22T10:00:00+08:00\",\"body\":%s}]}",
                                                uuid, body);
      g_autoptr(JsonNode) answer = NULL;
      JsonObject *result;

      if (http_or_none (t->f->soup, t->f, "POST", "/api/v1/records", t->token, batch, &answer) != 200)
        return FALSE;
      result = json_array_get_object_element (json_object_get_array_member (json_node_get_object (answer), "results"), 0);
      g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "stored");
      outcome = decision == YC_DECISION_ACCEPTED ? YC_VISIT_ACCEPTED
              : decision == YC_DECISION_NOTICE ? YC_VISIT_INFORMED
                                               : YC_VISIT_REFUSED;
    }
  if (finish >= 0)
    {
      guint outcomes = yc_scenario_get_goal (t->scenario, (guint) finish)->outcomes;

      /* The first outcome that counts, or (the mistake) the first that does not. */
      for (outcome = 0; outcome <= YC_VISIT_OUTCOME_LAST; outcome++)
        if (((outcomes & (1u << outcome)) != 0) == (finish != t->mistake))
          break;
    }
  finish_body = g_strdup_printf ("{\"outcome\":\"%s\"}", yc_visit_outcome_to_wire (outcome));
  path = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/finish", json_object_get_int_member (ticket, "id"));
  return http_or_none (t->f->soup, t->f, "POST", path, t->token, finish_body, NULL) == 200;
}

/* Whether the task is the one the mistake makes late, and it is not late yet. */
static gboolean
hold_back (Trainee    *t,
           JsonObject *task)
{
  const YcScenarioGoal *goal;
  const YcScenarioEvent *event;
  gint64 id = json_object_get_int_member (task, "id");
  double *seen;

  if (t->mistake < 0)
    return FALSE;
  goal = yc_scenario_get_goal (t->scenario, (guint) t->mistake);
  event = yc_scenario_find_event (t->scenario, goal->target);
  if (goal->kind == YC_SCENARIO_GOAL_TASK && event != NULL && event->kind == YC_SCENARIO_EVENT_TASK)
    {
      if (g_strcmp0 (json_object_get_string_member (task, "title"), yc_scenario_text (event->title)) != 0)
        return FALSE;
    }
  else if (goal->kind != YC_SCENARIO_GOAL_FOLLOW_UP ||
           g_strcmp0 (json_object_get_string_member (task, "kind"), "bad_rating") != 0)
    return FALSE;
  if (!(seen = g_hash_table_lookup (t->held, &id)))
    {
      seen = g_new (double, 1);
      *seen = report_clock (t->report);
      g_hash_table_insert (t->held, g_memdup2 (&id, sizeof id), seen);
    }
  /* One step's worth after its time, so it is late whichever tick it arrived on. */
  return report_clock (t->report) <= *seen + goal->within + PACE;
}

static void
do_tasks (Trainee    *t,
          const char *view)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/tasks?view=%s", view);
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *tasks;

  if (http_or_none (t->f->soup, t->f, "GET", path, t->token, NULL, &answer) != 200)
    return;
  tasks = json_object_get_array_member (json_node_get_object (answer), "tasks");
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (tasks, i);
      gint64 id = json_object_get_int_member (task, "id");
      g_autofree char *claim = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/claim", id);
      g_autofree char *complete = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/complete", id);

      if (hold_back (t, task))
        continue;
      if (g_str_equal (view, "claimable") && http_or_none (t->f->soup, t->f, "POST", claim, t->token, NULL, NULL) != 200)
        continue;
      http_or_none (t->f->soup, t->f, "POST", complete, t->token, "{\"note\":\"已办结\"}", NULL);
    }
}

/* One wall second of the trainee at the desk. */
static void
trainee_act (Trainee *t)
{
  JsonNode *report = NULL;

  if (t->token == NULL)
    {
      g_autofree char *body = g_strdup_printf ("{\"clerk\":\"%s\",\"pin\":\"123456\",\"window\":%" G_GINT64_FORMAT "}",
                                               t->clerk, t->window);
      g_autoptr(JsonNode) answer = NULL;

      if (http_or_none (t->f->soup, t->f, "POST", "/api/v1/sessions", NULL, body, &answer) != 201)
        return;
      t->token = g_strdup (member (answer, "token"));
    }
  if (http_or_none (t->f->soup, t->f, "GET", "/api/v1/training", t->token, NULL, &report) != 200)
    {
      g_clear_pointer (&report, json_node_unref);
      return;
    }
  g_clear_pointer (&t->report, json_node_unref);
  t->report = report;

  for (guint calls = 0; calls < 5; calls++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/windows/%" G_GINT64_FORMAT "/call-next", t->window);
      g_autoptr(JsonNode) ticket = NULL;

      if (http_or_none (t->f->soup, t->f, "POST", path, t->token, NULL, &ticket) != 200 || !serve (t, json_node_get_object (ticket)))
        break;
    }
  if (!t->no_tasks)
    {
      do_tasks (t, "claimable");
      do_tasks (t, "mine");
    }
}

static gboolean
report_ended (JsonNode *report)
{
  return report != NULL && json_object_get_boolean_member (json_node_get_object (report), "ended");
}

/* Steps the hall until the scenario ends, the trainees acting each second; their last
 * judgements read again once it has ended. */
static void
play_through (Fixture  *f,
              Trainee **trainees,
              guint     n)
{
  for (guint step = 0;; step++)
    {
      gboolean ended = TRUE;

      g_assert_cmpuint (step, <, MAX_STEPS);
      for (guint i = 0; i < n; i++)
        {
          trainee_act (trainees[i]);
          ended &= report_ended (trainees[i]->report);
        }
      if (ended)
        break;
      yc_server_thread_simulate (f->server, 1);
    }
}

static const char *
goal_state (JsonNode   *report,
            guint       i,
            const char *member_name)
{
  JsonObject *goal = json_array_get_object_element (report_goals (report), i);

  return json_object_get_string_member_with_default (goal, member_name, NULL);
}

/* Every goal of the trainee's judgement done, but the mistake: wrong or late. */
static void
assert_judged (Trainee *t)
{
  JsonArray *goals = report_goals (t->report);

  g_assert_cmpint (json_object_get_int_member (json_node_get_object (t->report), "window"), ==, t->window);
  g_assert_cmpuint (json_array_get_length (goals), ==, yc_scenario_get_n_goals (t->scenario));
  for (guint g = 0; g < json_array_get_length (goals); g++)
    {
      const YcScenarioGoal *goal = yc_scenario_get_goal (t->scenario, g);
      const char *state = goal_state (t->report, g, "state");

      g_test_message ("%s window %" G_GINT64_FORMAT " goal %s: %s", yc_scenario_get_id (t->scenario), t->window,
                      goal->id, state);
      g_assert_cmpstr (goal_state (t->report, g, "id"), ==, goal->id);
      if ((int) g != t->mistake)
        {
          g_assert_cmpstr (state, ==, "done");
          continue;
        }
      if (goal->kind == YC_SCENARIO_GOAL_DECIDE || goal->kind == YC_SCENARIO_GOAL_FINISH)
        {
          g_assert_cmpstr (state, ==, "wrong");
          g_assert_nonnull (goal_state (t->report, g, "got"));
        }
      else
        g_assert_cmpstr (state, ==, "late");
    }
}

/* The scenario as the server reads it: shipped by name, or a file. */
static YcScenario *
read_scenario (const char *name_or_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  YcScenario *scenario;

  if (g_path_is_absolute (name_or_file))
    {
      g_autofree char *text = NULL;
      gsize length;

      g_file_get_contents (name_or_file, &text, &length, &error);
      g_assert_no_error (error);
      bytes = g_bytes_new_take (g_steal_pointer (&text), length);
    }
  else
    {
      g_autofree char *path = g_strconcat ("/cn/yichuang/Demo/scenarios/", name_or_file, ".json", NULL);

      bytes = g_resource_lookup_data (yc_demo_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      g_assert_no_error (error);
    }
  scenario = yc_scenario_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return scenario;
}

/* The scenarios a run goes over: the shipped ones, or (none shipped yet) the tests'. */
static GPtrArray *
scenarios_to_play (void)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) shipped = g_resource_enumerate_children (yc_demo_get_resource (), "/cn/yichuang/Demo/scenarios/",
                                                         G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  for (guint i = 0; shipped != NULL && shipped[i] != NULL; i++)
    if (g_str_has_suffix (shipped[i], ".json"))
      g_ptr_array_add (names, g_strndup (shipped[i], strlen (shipped[i]) - strlen (".json")));
  if (names->len == 0)
    {
      g_ptr_array_add (names, test_scenario ("everything.json"));
      g_ptr_array_add (names, test_scenario ("outage.json"));
    }
  return names;
}

/* One trainee at window 1 plays name to its end, right or with one mistake. */
static void
play_one (const char *name,
          gboolean    with_mistake)
{
  g_autoptr(YcScenario) scenario = read_scenario (name);
  static const gint64 windows[] = { 1 };
  Fixture f = { 0 };
  g_autoptr(Trainee) trainee = NULL;
  int mistake = with_mistake ? mistake_goal (scenario) : -1;

  if (with_mistake && mistake < 0)
    {
      g_test_message ("%s has no goal to make one mistake on", name);
      return;
    }
  training_start (&f, name, windows, 1, FALSE);
  trainee = trainee_new (&f, scenario, 1, mistake);
  play_through (&f, &trainee, 1);
  assert_judged (trainee);
  fixture_teardown (&f, NULL);
}

/* (a) A trainee doing everything right: every goal done, in every scenario. */
static void
test_training_right (void)
{
  g_autoptr(GPtrArray) names = scenarios_to_play ();

  for (guint i = 0; i < names->len; i++)
    play_one (g_ptr_array_index (names, i), FALSE);
}

/* (b) One mistake (a wrong decision or outcome, else a task done late): that goal wrong
 * or late, with what was done instead; every other done. */
static void
test_training_one_mistake (void)
{
  g_autoptr(GPtrArray) names = scenarios_to_play ();

  for (guint i = 0; i < names->len; i++)
    {
#if defined(__SANITIZE_ADDRESS__)
      /* Under the sanitizers the mistakes go through the same server code as (a) did:
       * two kinds are enough there (a wrong decision, a task done late), and it saves
       * two minutes of the sanitized run. */
      const char *name = g_ptr_array_index (names, i);

      if (names->len > 2 && !g_str_equal (name, "enterprise-rush") && !g_str_equal (name, "complaint"))
        continue;
#endif
      play_one (g_ptr_array_index (names, i), TRUE);
    }
}

/* (c) A goal nobody touched is missed at the end; the hall goes on, but no event comes. */
static void
test_training_missed (void)
{
  g_autofree char *path = test_scenario ("quiet.json");
  g_autoptr(YcScenario) scenario = read_scenario (path);
  static const gint64 windows[] = { 1 };
  Fixture f = { 0 };
  g_autoptr(Trainee) trainee = NULL;
  gint64 tasks;

  training_start (&f, path, windows, 1, FALSE);
  trainee = trainee_new (&f, scenario, 1, -1);
  trainee->no_tasks = TRUE;
  play_through (&f, &trainee, 1);
  g_assert_cmpstr (goal_state (trainee->report, 0, "state"), ==, "done");
  g_assert_cmpstr (goal_state (trainee->report, 1, "state"), ==, "missed");
  g_assert_null (goal_state (trainee->report, 1, "at"));
  g_assert_cmpfloat (report_clock (trainee->report), ==, 600);

  tasks = db_count (&f, "SELECT count(*) FROM tasks");
  g_assert_cmpint (tasks, ==, 1);
  yc_server_thread_simulate (f.server, 100);
  g_assert_cmpint (db_count (&f, "SELECT count(*) FROM tasks"), ==, tasks);
  g_assert_cmpint (db_count (&f, "SELECT count(*) FROM tickets"), ==, 1);
  fixture_teardown (&f, NULL);
}

/* The report's "windows": the reserved ones, in their order. */
static void
assert_windows (JsonNode     *report,
                const gint64 *windows,
                guint         n_windows)
{
  JsonArray *listed;

  g_assert_true (json_object_has_member (json_node_get_object (report), "windows"));
  listed = json_object_get_array_member (json_node_get_object (report), "windows");
  g_assert_cmpuint (json_array_get_length (listed), ==, n_windows);
  for (guint i = 0; i < n_windows; i++)
    g_assert_cmpint (json_array_get_int_element (listed, i), ==, windows[i]);
}

/* (d) Two trainees: each window gets its own citizens and tasks, and its own judgement. */
static void
test_training_two_windows (void)
{
  g_autofree char *path = test_scenario ("everything.json");
  g_autoptr(YcScenario) scenario = read_scenario (path);
  static const gint64 windows[] = { 1, 2 };
  Fixture f = { 0 };
  Trainee *trainees[2];
  g_autofree char *supervisor = NULL;
  g_autoptr(JsonNode) other = NULL;

  training_start (&f, path, windows, 2, FALSE);
  trainees[0] = trainee_new (&f, scenario, 1, -1);
  trainees[1] = trainee_new (&f, scenario, 2, mistake_goal (scenario));
  play_through (&f, trainees, 2);
  assert_judged (trainees[0]);
  assert_judged (trainees[1]);
  g_assert_cmpstr (goal_state (trainees[0]->report, 0, "ticket"), !=, goal_state (trainees[1]->report, 0, "ticket"));
  g_assert_cmpint (db_count (&f, "SELECT count(*) FROM tickets WHERE story IS NOT NULL AND target_window = 1"), ==, 2);
  g_assert_cmpint (db_count (&f, "SELECT count(*) FROM tickets WHERE story IS NOT NULL AND target_window = 2"), ==, 2);
  g_assert_cmpint (db_count (&f, "SELECT count(*) FROM tasks WHERE window_id = 1"), ==, 3);
  g_assert_cmpint (db_count (&f, "SELECT count(*) FROM tasks WHERE window_id = 2"), ==, 3);

  /* A duty manager reads either. */
  supervisor = login_person (&f, "9002");
  g_assert_cmpuint (http (f.soup, &f, "GET", "/api/v1/training?window=2", supervisor, NULL, &other), ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (other), "window"), ==, 2);
  g_assert_cmpstr (goal_state (other, (guint) trainees[1]->mistake, "state"), ==, "wrong");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (other), "control"));
  /* … and is told which windows are trainees', so it can offer them; so is a trainee. */
  assert_windows (other, windows, G_N_ELEMENTS (windows));
  assert_windows (trainees[0]->report, windows, G_N_ELEMENTS (windows));

  trainee_free (trainees[0]);
  trainee_free (trainees[1]);
  fixture_teardown (&f, NULL);
}

static void
closed_cb (SoupWebsocketConnection *conn,
           gpointer                 data)
{
  *(gboolean *) data = TRUE;
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(SoupWebsocketConnection **) data = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, NULL);
}

/* (e) An outage: while it lasts nothing answers (the event stream is closed, new
 * connections too); after, the server answers again. */
static void
test_training_outage (void)
{
  g_autofree char *path = test_scenario ("outage.json");
  static const gint64 windows[] = { 1 };
  Fixture f = { 0 };
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *bearer = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupWebsocketConnection) stream = NULL;
  gboolean closed = FALSE;
  g_autoptr(JsonNode) report = NULL;

  training_start (&f, path, windows, 1, FALSE);
  token = login (&f, "1001", 1);

  /* The desk's event stream, open. */
  url = g_strconcat (yc_server_thread_get_url (f.server), "/api/v1/events", NULL);
  url[0] = 'w', url[1] = 's', memmove (url + 2, url + 4, strlen (url + 4) + 1);
  msg = soup_message_new ("GET", url);
  bearer = g_strconcat ("Bearer ", token, NULL);
  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_session_websocket_connect_async (f.soup, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, connected_cb, &stream);
  for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC; stream == NULL;)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_connect (stream, "closed", G_CALLBACK (closed_cb), &closed);

  /* Up to 30 s, it answers; at 30 s it goes. */
  yc_server_thread_simulate (f.server, 2);
  g_assert_cmpuint (http_or_none (f.soup, &f, "GET", "/api/v1/training", token, NULL, NULL), ==, 200);
  yc_server_thread_simulate (f.server, 1);
  g_assert_cmpuint (http_or_none (f.soup, &f, "GET", "/api/v1/training", token, NULL, NULL), ==, 0);
  g_assert_cmpuint (http_or_none (f.soup, &f, "GET", "/api/v1/health", NULL, NULL, NULL), ==, 0);
  for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC; !closed;)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  /* 50 s at pace 10: five seconds; from then it answers again. */
  yc_server_thread_simulate (f.server, 4);
  g_assert_cmpuint (http_or_none (f.soup, &f, "GET", "/api/v1/health", NULL, NULL, NULL), ==, 0);
  yc_server_thread_simulate (f.server, 1);
  g_assert_cmpuint (http_or_none (f.soup, &f, "GET", "/api/v1/training", token, NULL, &report), ==, 200);
  g_assert_cmpfloat (report_clock (report), ==, 80);
  fixture_teardown (&f, NULL);
}

static double
training_post (Fixture    *f,
               const char *token,
               const char *body,
               guint       status)
{
  g_autoptr(JsonNode) answer = NULL;

  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/training", token, body, &answer), ==, status);
  return status == 200 ? report_clock (answer) : -1;
}

static JsonObject *
training_get (Fixture    *f,
              const char *token,
              JsonNode  **answer)
{
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/training", token, NULL, answer), ==, 200);
  return json_node_get_object (*answer);
}

/* (f) Paused, the clock stands; the pace changes how far a second takes it. Only a duty
 * manager controls it, unless the trainee does (the desk's own demo). */
static void
test_training_pause_and_pace (void)
{
  g_autofree char *path = test_scenario ("quiet.json");
  static const gint64 windows[] = { 1 };
  Fixture f = { 0 };
  g_autofree char *clerk = NULL;
  g_autofree char *supervisor = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) paused = NULL;
  g_autoptr(JsonNode) slow = NULL;
  g_autoptr(JsonNode) own = NULL;
  JsonObject *report;

  training_start (&f, path, windows, 1, FALSE);
  clerk = login (&f, "1001", 1);
  supervisor = login_person (&f, "9002");
  yc_server_thread_simulate (f.server, 1);
  report = training_get (&f, clerk, &first);
  g_assert_cmpfloat (json_object_get_double_member (report, "clock"), ==, 10);
  g_assert_cmpfloat (json_object_get_double_member (report, "pace"), ==, PACE);
  g_assert_false (json_object_get_boolean_member (report, "control"));
  g_assert_false (json_object_get_boolean_member (report, "paused"));
  g_assert_cmpstr (json_object_get_string_member (report, "scenario"), ==, "quiet");
  g_assert_cmpfloat (json_object_get_double_member (report, "length"), ==, 600);

  training_post (&f, clerk, "{\"paused\":true}", 403);
  g_assert_cmpfloat (training_post (&f, supervisor, "{\"paused\":true}", 200), ==, 10);
  yc_server_thread_simulate (f.server, 3);
  report = training_get (&f, clerk, &paused);
  g_assert_cmpfloat (json_object_get_double_member (report, "clock"), ==, 10);
  g_assert_true (json_object_get_boolean_member (report, "paused"));

  training_post (&f, supervisor, "{\"paused\":false,\"pace\":2}", 200);
  yc_server_thread_simulate (f.server, 3);
  report = training_get (&f, clerk, &slow);
  g_assert_cmpfloat (json_object_get_double_member (report, "clock"), ==, 16);
  g_assert_cmpfloat (json_object_get_double_member (report, "pace"), ==, 2);
  fixture_teardown (&f, NULL);

  /* The desk's own demo: the trainee controls. */
  memset (&f, 0, sizeof f);
  training_start (&f, path, windows, 1, TRUE);
  g_clear_pointer (&clerk, g_free);
  clerk = login (&f, "1001", 1);
  report = training_get (&f, clerk, &own);
  g_assert_true (json_object_get_boolean_member (report, "control"));
  training_post (&f, clerk, "{\"pace\":0.5}", 200);
  yc_server_thread_simulate (f.server, 4);
  g_assert_cmpfloat (training_post (&f, clerk, "{\"paused\":true}", 200), ==, 2);
  fixture_teardown (&f, NULL);
}

/* A classroom's trainer at their window (--trainer-window): no colleague and no scenario
 * citizen there; the clerk logged in there pauses the class and reads each trainee's
 * summary, which the trainees cannot. */
static void
test_training_trainer_window (void)
{
  g_autofree char *path = test_scenario ("everything.json");
  static const gint64 windows[] = { 1, 2 };
  Fixture f = { 0 };
  g_autofree char *trainer = NULL;
  g_autofree char *trainee = NULL;
  g_autoptr(JsonNode) hall = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) none = NULL;
  g_autoptr(JsonNode) own = NULL;
  JsonArray *array;
  JsonObject *report;

  training_start_with_trainer (&f, path, windows, G_N_ELEMENTS (windows), FALSE, 5);
  yc_server_thread_simulate (f.server, 30);
  /* Nobody at the trainer's window before the trainer: colleagues keep away. */
  g_assert_cmpuint (http (f.soup, &f, "GET", "/api/v1/windows", office (&f), NULL, &hall), ==, 200);
  array = json_object_get_array_member (json_node_get_object (hall), "windows");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *window = json_array_get_object_element (array, i);

      if (json_object_get_int_member (window, "id") == 5)
        g_assert_true (json_object_get_null_member (window, "clerk"));
    }

  trainer = login (&f, "1005", 5);
  trainee = login (&f, "1001", 1);
  report = training_get (&f, trainer, &first);
  g_assert_true (json_object_get_boolean_member (report, "control"));
  g_assert_cmpint (json_object_get_int_member (report, "window"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "windows")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "goals")), >, 0);
  g_assert_cmpuint (http (f.soup, &f, "GET", "/api/v1/training?window=2", trainer, NULL, &second), ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (second), "window"), ==, 2);
  /* The trainer's own window has no goals: no citizen came for it. */
  g_assert_cmpuint (http (f.soup, &f, "GET", "/api/v1/training?window=5", trainer, NULL, &none), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (none), "goals")), ==, 0);
  g_assert_cmpint (db_count (&f, "SELECT count(*) FROM tickets WHERE target_window = 5"), ==, 0);
  g_assert_cmpint (db_count (&f, "SELECT count(*) FROM tasks WHERE window_id = 5"), ==, 0);

  training_post (&f, trainer, "{\"paused\":true}", 200);
  training_post (&f, trainee, "{\"paused\":false}", 403);
  g_assert_cmpuint (http (f.soup, &f, "GET", "/api/v1/training?window=2", trainee, NULL, NULL), ==, 403);
  report = training_get (&f, trainee, &own);
  g_assert_false (json_object_get_boolean_member (report, "control"));
  g_assert_true (json_object_get_boolean_member (report, "paused"));
  g_assert_cmpint (json_object_get_int_member (report, "window"), ==, 1);
  fixture_teardown (&f, NULL);
}

/* (g) A scenario that is none fails the start, with the member that is wrong; so does one
 * without the trainees' windows. */
static void
test_training_bad_scenario (void)
{
  g_autofree char *path = test_scenario ("bad-kind.json");
  g_autofree char *dir = g_dir_make_tmp ("yc-training-XXXXXX", NULL);
  g_autofree char *db_path = yc_test_db_new (dir, "server.db");
  YcServerOptions options = { .db_path = db_path, .demo_data = TRUE, .simulate = TRUE, .simulate_by_step = TRUE,
                              .reserved_windows = { 1 }, .scenario = path };
  g_autoptr(GError) error = NULL;
  YcServerThread *server;

  server = yc_server_thread_start (&options, &error);
  g_assert_null (server);
  g_assert_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "goals[0]"));
  g_assert_nonnull (strstr (error->message, "dance"));
  g_clear_error (&error);

  options.scenario = "no-such-scenario";
  g_assert_null (yc_server_thread_start (&options, &error));
  g_assert_nonnull (strstr (error->message, "no-such-scenario"));
  g_clear_error (&error);

  g_clear_pointer (&path, g_free);
  path = test_scenario ("quiet.json");
  options.scenario = path;
  options.reserved_windows[0] = 0;
  g_assert_null (yc_server_thread_start (&options, &error));
  g_assert_nonnull (strstr (error->message, "reserved"));
  yc_test_remove_tree (dir);
}

/* The ticket a scripted citizen takes carries the story as the scenario gave it; a
 * classroom's log-ins say it is training; without a scenario there is no judgement. */
static void
test_training_story (void)
{
  g_autofree char *path = test_scenario ("everything.json");
  static const gint64 windows[] = { 1 };
  Fixture f = { 0 };
  g_autoptr(JsonNode) session = NULL;
  g_autoptr(JsonNode) ticket = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) plain = NULL;
  g_autofree char *token = NULL;
  g_autofree char *finished = NULL;
  JsonObject *story;

  training_start (&f, path, windows, 1, FALSE);
  g_assert_cmpuint (http (f.soup, &f, "POST", "/api/v1/sessions", NULL,
                          "{\"clerk\":\"1001\",\"pin\":\"123456\",\"window\":1}", &session), ==, 201);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (session), "training"));
  token = g_strdup (member (session, "token"));
  yc_server_thread_simulate (f.server, 1);
  g_assert_cmpuint (http (f.soup, &f, "POST", "/api/v1/windows/1/call-next", token, NULL, &ticket), ==, 200);
  story = json_object_get_object_member (json_node_get_object (ticket), "story");
  g_assert_nonnull (story);
  g_assert_cmpstr (json_object_get_string_member (story, "en"), ==, "Mr Wang, 72, starts a company; the lease is missing.");
  g_assert_cmpstr (member (ticket, "priority"), ==, "elderly");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (ticket), "target_window"), ==, 1);
  finished = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/finish",
                              json_object_get_int_member (json_node_get_object (ticket), "id"));
  g_assert_cmpuint (http (f.soup, &f, "POST", finished, token, "{\"outcome\":\"accepted\"}", NULL), ==, 200);
  yc_server_thread_simulate (f.server, 2);
  g_assert_cmpuint (http (f.soup, &f, "POST", "/api/v1/windows/1/call-next", token, NULL, &second), ==, 200);
  g_assert_cmpstr (member (second, "story"), ==, "李女士，预约来办，但她不符合条件。");
  g_assert_nonnull (member (second, "appointment_at"));
  fixture_teardown (&f, NULL);

  /* A hall not simulated is no classroom; a simulated one without a scenario judges none. */
  memset (&f, 0, sizeof f);
  fixture_start (&f, NULL);
  g_assert_cmpuint (http (f.soup, &f, "POST", "/api/v1/sessions", NULL,
                          "{\"clerk\":\"1001\",\"pin\":\"123456\",\"window\":1}", &plain), ==, 201);
  g_assert_false (json_object_has_member (json_node_get_object (plain), "training"));
  g_assert_cmpuint (http (f.soup, &f, "GET", "/api/v1/training", member (plain, "token"), NULL, NULL), ==, 404);
  fixture_teardown (&f, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/training/right", test_training_right);
  g_test_add_func ("/server/training/one-mistake", test_training_one_mistake);
  g_test_add_func ("/server/training/missed", test_training_missed);
  g_test_add_func ("/server/training/two-windows", test_training_two_windows);
  g_test_add_func ("/server/training/outage", test_training_outage);
  g_test_add_func ("/server/training/pause-and-pace", test_training_pause_and_pace);
  g_test_add_func ("/server/training/trainer-window", test_training_trainer_window);
  g_test_add_func ("/server/training/bad-scenario", test_training_bad_scenario);
  g_test_add_func ("/server/training/story", test_training_story);
  return g_test_run ();
}
