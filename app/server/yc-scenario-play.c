/* yc-scenario-play.c: a training scenario played in the simulated hall.
 *
 * The clock counts scenario seconds: each second of the hall moves it pace seconds,
 * paused none. An event falls due when the clock reaches its time; the trainee's part
 * (a citizen, a task, a burst, a rating) happens once for every trainee's window, the
 * hall's part (tickets for anybody, an outage) once. Each goal is judged for each
 * trainee's window by what the centre's storage holds (the ticket, the case, the tasks),
 * and keeps the clock of the moment it was first seen done, late or wrong. */
#include "yc-scenario-play.h"

#include "core/yc-error.h"
#include "core/yc-time.h"
#include "core/yc-visit.h"

/* What came for one trainee: a citizen's ticket, a task's (or a burst's) tasks, a
 * rating's follow-up. */
typedef struct
{
  double  at;        /* the clock when it came */
  gint64  ticket;    /* citizen: its ticket */
  GArray *tasks;     /* task, burst: gint64 task ids; rating: its follow-up's, if bad */
} Arrival;

typedef struct
{
  YcGoalState  state;
  double       at;
  char        *got;
} Judgement;

typedef struct
{
  gint64      window;
  GHashTable *arrivals;  /* citizen, task or burst id → Arrival */
  GHashTable *ratings;   /* citizen id → Arrival of the rating made */
  GPtrArray  *waiting;   /* rating events due, their citizen's visit not yet finished */
  Judgement  *goals;     /* one per goal of the scenario */
  guint       n_goals;
} Trainee;

struct _YcScenarioPlay
{
  YcServerDb           *db;
  YcScenario           *scenario;
  JsonNode             *samples;
  guint                 next_sample;
  GPtrArray            *trainees;     /* Trainee */
  double                clock;
  double                pace;
  gboolean              paused;
  gboolean              ended;
  guint                 next_event;
  double                outage_until;  /* the clock an outage under way ends at; < 0: none */
  YcScenarioOutageFunc  outage_func;
  gpointer              outage_data;
};

static void
arrival_free (gpointer data)
{
  Arrival *arrival = data;

  g_clear_pointer (&arrival->tasks, g_array_unref);
  g_free (arrival);
}

static Arrival *
arrival_new (double at)
{
  Arrival *arrival = g_new0 (Arrival, 1);

  arrival->at = at;
  arrival->tasks = g_array_new (FALSE, FALSE, sizeof (gint64));
  return arrival;
}

static void
trainee_free (gpointer data)
{
  Trainee *trainee = data;

  for (guint g = 0; g < trainee->n_goals; g++)
    g_free (trainee->goals[g].got);
  g_free (trainee->goals);
  g_hash_table_unref (trainee->arrivals);
  g_hash_table_unref (trainee->ratings);
  g_ptr_array_unref (trainee->waiting);
  g_free (trainee);
}

static Trainee *
find_trainee (YcScenarioPlay *self,
              gint64          window)
{
  for (guint i = 0; i < self->trainees->len; i++)
    {
      Trainee *trainee = g_ptr_array_index (self->trainees, i);

      if (trainee->window == window)
        return trainee;
    }
  return NULL;
}

/* Events */

static void
warn (const char   *what,
      const GError *error)
{
  g_warning ("Training scenario: could not %s: %s", what, error != NULL ? error->message : "unknown failure");
}

static gint64
create_task (YcScenarioPlay *self,
             JsonObject     *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) task = yc_server_db_create_task (self->db, body, &error);

  if (task == NULL)
    {
      warn ("assign a task", error);
      return 0;
    }
  return json_object_get_int_member (json_node_get_object (task), "id");
}

static void
citizen_comes (YcScenarioPlay        *self,
               Trainee               *trainee,
               const YcScenarioEvent *event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ticket = yc_server_db_issue_scripted_ticket (self->db, event->service, event->priority,
                                                                   event->appointment, trainee->window,
                                                                   event->story, &error);
  Arrival *arrival;

  if (ticket == NULL)
    {
      warn ("issue a citizen's ticket", error);
      return;
    }
  arrival = arrival_new (self->clock);
  arrival->ticket = json_object_get_int_member (json_node_get_object (ticket), "id");
  g_hash_table_replace (trainee->arrivals, g_strdup (event->id), arrival);
}

static void
task_comes (YcScenarioPlay        *self,
            Trainee               *trainee,
            const YcScenarioEvent *event)
{
  g_autoptr(JsonObject) body = json_object_new ();
  Arrival *arrival = arrival_new (self->clock);
  const char *detail = yc_scenario_text (event->detail);
  gint64 id;

  json_object_set_string_member (body, "kind", event->task_kind);
  json_object_set_string_member (body, "title", yc_scenario_text (event->title));
  if (detail != NULL)
    json_object_set_string_member (body, "detail", detail);
  json_object_set_int_member (body, "window", trainee->window);
  if (event->overdue_days > 0)
    {
      g_autofree char *overdue = yc_working_days_ago ((guint) event->overdue_days);

      json_object_set_string_member (body, "respond_by", overdue);
      json_object_set_string_member (body, "finish_by", overdue);
    }
  if ((id = create_task (self, body)) != 0)
    g_array_append_val (arrival->tasks, id);
  if (id != 0 && event->overdue_days > 0)
    {
      g_autoptr(GError) error = NULL;
      GDate today;

      /* Overdue on arrival: escalated at once (催办, 督办), as the housekeeping would. */
      yc_time_local_date (&today);
      yc_server_db_escalate_tasks (self->db, &today, &error);
      if (error != NULL)
        warn ("escalate an overdue task", error);
    }
  g_hash_table_replace (trainee->arrivals, g_strdup (event->id), arrival);
}

static void
burst_comes (YcScenarioPlay        *self,
             Trainee               *trainee,
             const YcScenarioEvent *event)
{
  JsonArray *samples = self->samples != NULL ? json_object_get_array_member (json_node_get_object (self->samples),
                                                                             "tasks") : NULL;
  Arrival *arrival = arrival_new (self->clock);

  for (guint i = 0; samples != NULL && json_array_get_length (samples) > 0 && i < event->count; i++)
    {
      JsonObject *sample = json_array_get_object_element (samples, self->next_sample++ % json_array_get_length (samples));
      g_autoptr(JsonObject) body = json_object_new ();
      gint64 id;

      json_object_set_string_member (body, "kind", json_object_get_string_member (sample, "kind"));
      json_object_set_string_member (body, "title", json_object_get_string_member (sample, "title"));
      json_object_set_string_member (body, "detail", json_object_get_string_member (sample, "detail"));
      json_object_set_int_member (body, "window", trainee->window);
      if ((id = create_task (self, body)) != 0)
        g_array_append_val (arrival->tasks, id);
    }
  g_hash_table_replace (trainee->arrivals, g_strdup (event->id), arrival);
}

/* The ticket of the citizen (an event's id) at the trainee's window, as the wire has it,
 * or NULL before the citizen came. */
static JsonObject *
citizen_ticket (YcScenarioPlay *self,
                Trainee        *trainee,
                const char     *citizen,
                JsonNode      **node)
{
  Arrival *arrival = g_hash_table_lookup (trainee->arrivals, citizen);
  g_autoptr(GError) error = NULL;

  *node = NULL;
  if (arrival == NULL || arrival->ticket == 0)
    return NULL;
  if (!(*node = yc_server_db_ticket (self->db, arrival->ticket, &error)))
    {
      warn ("read a citizen's ticket", error);
      return NULL;
    }
  return json_node_get_object (*node);
}

/* The citizen of a rating event leaves their rating once their visit is finished: a bad
 * one makes its follow-up. TRUE when it is done (or never can be). */
static gboolean
rate (YcScenarioPlay        *self,
      Trainee               *trainee,
      const YcScenarioEvent *event)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) rating = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *ticket = citizen_ticket (self, trainee, event->ticket, &node);
  JsonObject *follow_up;
  Arrival *arrival;

  if (ticket == NULL || g_strcmp0 (json_object_get_string_member_with_default (ticket, "state", ""), "finished") != 0)
    return FALSE;
  rating = yc_server_db_rate (self->db, json_object_get_int_member (ticket, "id"), event->level,
                              yc_scenario_text (event->comment), NULL, &error);
  if (rating == NULL)
    {
      /* Rated already (a pad was quicker): nothing more to wait for. */
      warn ("rate a visit", error);
      return TRUE;
    }
  arrival = arrival_new (self->clock);
  follow_up = json_object_get_object_member (json_node_get_object (rating), "follow_up");
  if (follow_up != NULL)
    {
      gint64 id = json_object_get_int_member (follow_up, "id");

      g_array_append_val (arrival->tasks, id);
    }
  g_hash_table_replace (trainee->ratings, g_strdup (event->ticket), arrival);
  return TRUE;
}

static void
rate_waiting (YcScenarioPlay *self)
{
  for (guint i = 0; i < self->trainees->len; i++)
    {
      Trainee *trainee = g_ptr_array_index (self->trainees, i);

      for (guint j = trainee->waiting->len; j > 0; j--)
        if (rate (self, trainee, g_ptr_array_index (trainee->waiting, j - 1)))
          g_ptr_array_remove_index (trainee->waiting, j - 1);
    }
}

static void
set_down (YcScenarioPlay *self,
          gboolean        down)
{
  if (down == (self->outage_until >= 0))
    return;
  if (!down)
    self->outage_until = -1;
  if (self->outage_func != NULL)
    self->outage_func (down, self->outage_data);
}

static void
happen (YcScenarioPlay        *self,
        const YcScenarioEvent *event)
{
  switch (event->kind)
    {
    case YC_SCENARIO_EVENT_TICKETS:
      for (guint i = 0; i < event->count; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) ticket = yc_server_db_issue_ticket (self->db, event->service, &error);

          if (ticket == NULL)
            warn ("issue a ticket", error);
        }
      return;
    case YC_SCENARIO_EVENT_OUTAGE:
      if (event->seconds > 0)
        {
          gboolean down = self->outage_until >= 0;

          self->outage_until = MAX (self->outage_until, self->clock + event->seconds);
          if (!down && self->outage_func != NULL)
            self->outage_func (TRUE, self->outage_data);
        }
      return;
    case YC_SCENARIO_EVENT_CITIZEN:
    case YC_SCENARIO_EVENT_TASK:
    case YC_SCENARIO_EVENT_BURST:
    case YC_SCENARIO_EVENT_RATING:
    default:
      break;
    }
  for (guint i = 0; i < self->trainees->len; i++)
    {
      Trainee *trainee = g_ptr_array_index (self->trainees, i);

      switch (event->kind)
        {
        case YC_SCENARIO_EVENT_CITIZEN:
          citizen_comes (self, trainee, event);
          break;
        case YC_SCENARIO_EVENT_TASK:
          task_comes (self, trainee, event);
          break;
        case YC_SCENARIO_EVENT_BURST:
          burst_comes (self, trainee, event);
          break;
        case YC_SCENARIO_EVENT_RATING:
          if (!rate (self, trainee, event))
            g_ptr_array_add (trainee->waiting, (gpointer) event);
          break;
        case YC_SCENARIO_EVENT_TICKETS:
        case YC_SCENARIO_EVENT_OUTAGE:
        default:
          break;
        }
    }
}

/* Judging */

static void
judge_as (YcScenarioPlay *self,
          Judgement      *judgement,
          YcGoalState     state,
          const char     *got)
{
  judgement->state = state;
  judgement->at = self->clock;
  judgement->got = g_strdup (got);
}

/* Done, or late when it took more than within (0: no limit) since since. */
static void
judge_done (YcScenarioPlay *self,
            Judgement      *judgement,
            double          within,
            double          since)
{
  judge_as (self, judgement, within > 0 && self->clock - since > within ? YC_GOAL_LATE : YC_GOAL_DONE, NULL);
}

/* Whether every task of tasks is done; none is not. */
static gboolean
tasks_done (YcScenarioPlay *self,
            GArray         *tasks)
{
  if (tasks == NULL || tasks->len == 0)
    return FALSE;
  for (guint i = 0; i < tasks->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) task = yc_server_db_task (self->db, g_array_index (tasks, gint64, i), &error);

      if (task == NULL)
        {
          warn ("read a task", error);
          return FALSE;
        }
      if (g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (task), "state", ""),
                     "done") != 0)
        return FALSE;
    }
  return TRUE;
}

static void
judge_case (YcScenarioPlay       *self,
            Trainee              *trainee,
            const YcScenarioGoal *goal,
            Judgement            *judgement,
            JsonObject           *ticket)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) found = yc_server_db_ticket_case (self->db, json_object_get_string_member (ticket, "number"),
                                                        trainee->window,
                                                        json_object_get_string_member (ticket, "issued_at"), &error);
  const char *decision;
  gboolean deferred;

  if (found == NULL)
    {
      if (error != NULL)
        warn ("read a citizen's case", error);
      return;
    }
  decision = json_object_get_string_member (json_node_get_object (found), "decision");
  deferred = json_object_get_boolean_member (json_node_get_object (found), "deferred");
  if (g_strcmp0 (decision, yc_decision_to_wire (goal->decision)) != 0)
    judge_as (self, judgement, YC_GOAL_WRONG, decision);
  else if (goal->deferred == 1 && !deferred)
    judge_as (self, judgement, YC_GOAL_WRONG, "not_deferred");
  else if (goal->deferred == 0 && deferred)
    judge_as (self, judgement, YC_GOAL_WRONG, "deferred");
  else
    judge_as (self, judgement, YC_GOAL_DONE, NULL);
}

static void
judge_citizen (YcScenarioPlay       *self,
               Trainee              *trainee,
               const YcScenarioGoal *goal,
               Judgement            *judgement)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *ticket = citizen_ticket (self, trainee, goal->target, &node);
  const char *state, *outcome;
  gboolean here;

  if (ticket == NULL)
    return;
  state = json_object_get_string_member_with_default (ticket, "state", "");
  here = json_object_get_int_member_with_default (ticket, "window", 0) == trainee->window;
  switch (goal->kind)
    {
    case YC_SCENARIO_GOAL_CALL:
      if (here && !g_str_equal (state, "waiting"))
        judge_done (self, judgement, goal->within,
                    ((Arrival *) g_hash_table_lookup (trainee->arrivals, goal->target))->at);
      return;
    case YC_SCENARIO_GOAL_FINISH:
      {
        YcVisitOutcome said;

        /* A finish without its outcome waits for the visit record that says it. */
        outcome = json_object_get_string_member_with_default (ticket, "outcome", NULL);
        if (!here || !g_str_equal (state, "finished") || outcome == NULL)
          return;
        if (yc_visit_outcome_from_wire (outcome, &said) && (goal->outcomes & (1u << said)) != 0)
          judge_as (self, judgement, YC_GOAL_DONE, NULL);
        else
          judge_as (self, judgement, YC_GOAL_WRONG, outcome);
        return;
      }
    case YC_SCENARIO_GOAL_DECIDE:
      judge_case (self, trainee, goal, judgement, ticket);
      return;
    case YC_SCENARIO_GOAL_TASK:
    case YC_SCENARIO_GOAL_FOLLOW_UP:
    default:
      return;
    }
}

static void
judge (YcScenarioPlay *self)
{
  guint n = yc_scenario_get_n_goals (self->scenario);

  for (guint i = 0; i < self->trainees->len; i++)
    {
      Trainee *trainee = g_ptr_array_index (self->trainees, i);

      for (guint g = 0; g < n; g++)
        {
          const YcScenarioGoal *goal = yc_scenario_get_goal (self->scenario, g);
          Judgement *judgement = &trainee->goals[g];
          Arrival *arrival;

          if (judgement->state != YC_GOAL_PENDING)
            continue;
          switch (goal->kind)
            {
            case YC_SCENARIO_GOAL_TASK:
              arrival = g_hash_table_lookup (trainee->arrivals, goal->target);
              if (arrival != NULL && tasks_done (self, arrival->tasks))
                judge_done (self, judgement, goal->within, arrival->at);
              break;
            case YC_SCENARIO_GOAL_FOLLOW_UP:
              arrival = g_hash_table_lookup (trainee->ratings, goal->target);
              if (arrival != NULL && tasks_done (self, arrival->tasks))
                judge_done (self, judgement, goal->within, arrival->at);
              break;
            case YC_SCENARIO_GOAL_CALL:
            case YC_SCENARIO_GOAL_FINISH:
            case YC_SCENARIO_GOAL_DECIDE:
            default:
              judge_citizen (self, trainee, goal, judgement);
              break;
            }
        }
    }
}

static void
end (YcScenarioPlay *self)
{
  guint n = yc_scenario_get_n_goals (self->scenario);

  for (guint i = 0; i < self->trainees->len; i++)
    {
      Trainee *trainee = g_ptr_array_index (self->trainees, i);

      for (guint g = 0; g < n; g++)
        if (trainee->goals[g].state == YC_GOAL_PENDING)
          {
            trainee->goals[g].state = YC_GOAL_MISSED;
            trainee->goals[g].at = -1;
          }
      g_ptr_array_set_size (trainee->waiting, 0);
    }
  self->ended = TRUE;
  set_down (self, FALSE);
}

static void
set_text (JsonObject *object,
          const char *member,
          JsonNode   *text)
{
  if (text != NULL)
    json_object_set_member (object, member, json_node_copy (text));
  else
    json_object_set_null_member (object, member);
}

YcScenarioPlay *
yc_scenario_play_new (YcServerDb   *db,
                      YcScenario   *scenario,
                      const gint64 *windows,
                      guint         n_windows,
                      double        pace,
                      JsonNode     *samples)
{
  YcScenarioPlay *self = g_new0 (YcScenarioPlay, 1);
  guint n = yc_scenario_get_n_goals (scenario);

  self->db = db;
  self->scenario = yc_scenario_ref (scenario);
  self->samples = samples != NULL ? json_node_ref (samples) : NULL;
  self->pace = CLAMP (pace, YC_SCENARIO_PACE_MIN, YC_SCENARIO_PACE_MAX);
  self->outage_until = -1;
  self->trainees = g_ptr_array_new_with_free_func (trainee_free);
  for (guint i = 0; i < n_windows; i++)
    {
      Trainee *trainee;

      if (find_trainee (self, windows[i]) != NULL)
        continue;
      trainee = g_new0 (Trainee, 1);
      trainee->window = windows[i];
      trainee->arrivals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, arrival_free);
      trainee->ratings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, arrival_free);
      trainee->waiting = g_ptr_array_new ();
      trainee->goals = g_new0 (Judgement, n);
      trainee->n_goals = n;
      for (guint g = 0; g < n; g++)
        trainee->goals[g].at = -1;
      g_ptr_array_add (self->trainees, trainee);
    }
  return self;
}

void
yc_scenario_play_free (YcScenarioPlay *self)
{
  if (self == NULL)
    return;
  set_down (self, FALSE);
  g_ptr_array_unref (self->trainees);
  g_clear_pointer (&self->samples, json_node_unref);
  yc_scenario_unref (self->scenario);
  g_free (self);
}

void
yc_scenario_play_set_outage_func (YcScenarioPlay       *self,
                                  YcScenarioOutageFunc  func,
                                  gpointer              data)
{
  g_return_if_fail (self != NULL);
  self->outage_func = func;
  self->outage_data = data;
}

void
yc_scenario_play_advance (YcScenarioPlay *self,
                          double          seconds)
{
  double length;

  g_return_if_fail (self != NULL);
  if (self->ended)
    return;
  length = yc_scenario_get_length (self->scenario);
  /* What the trainees did since the last tick, they did at the clock as it read. */
  judge (self);
  rate_waiting (self);
  if (self->clock >= length)
    {
      end (self);
      return;
    }
  if (self->paused)
    return;
  self->clock = MIN (self->clock + self->pace * seconds, length);
  while (self->next_event < yc_scenario_get_n_events (self->scenario))
    {
      const YcScenarioEvent *event = yc_scenario_get_event (self->scenario, self->next_event);

      if (event->at > self->clock)
        break;
      self->next_event++;
      happen (self, event);
    }
  if (self->outage_until >= 0 && self->clock >= self->outage_until)
    set_down (self, FALSE);
}

YcScenario *
yc_scenario_play_get_scenario (YcScenarioPlay *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->scenario;
}

double
yc_scenario_play_get_clock (YcScenarioPlay *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->clock;
}

gboolean
yc_scenario_play_is_ended (YcScenarioPlay *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->ended;
}

gboolean
yc_scenario_play_is_paused (YcScenarioPlay *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->paused;
}

void
yc_scenario_play_set_paused (YcScenarioPlay *self,
                             gboolean        paused)
{
  g_return_if_fail (self != NULL);
  self->paused = paused;
}

double
yc_scenario_play_get_pace (YcScenarioPlay *self)
{
  g_return_val_if_fail (self != NULL, 1);
  return self->pace;
}

void
yc_scenario_play_set_pace (YcScenarioPlay *self,
                           double          pace)
{
  g_return_if_fail (self != NULL);
  self->pace = CLAMP (pace, YC_SCENARIO_PACE_MIN, YC_SCENARIO_PACE_MAX);
}

gint64
yc_scenario_play_first_window (YcScenarioPlay *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->trainees->len > 0 ? ((Trainee *) g_ptr_array_index (self->trainees, 0))->window : 0;
}

JsonNode *
yc_scenario_play_report (YcScenarioPlay *self,
                         gint64          window,
                         gboolean        control)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonArray *goals = json_array_new ();
  JsonArray *windows = json_array_new ();
  Trainee *trainee;

  g_return_val_if_fail (self != NULL, NULL);
  if (!self->ended)
    judge (self);
  trainee = find_trainee (self, window);
  json_object_set_string_member (object, "scenario", yc_scenario_get_id (self->scenario));
  set_text (object, "title", yc_scenario_get_title (self->scenario));
  set_text (object, "brief", yc_scenario_get_brief (self->scenario));
  json_object_set_double_member (object, "clock", self->clock);
  json_object_set_double_member (object, "length", yc_scenario_get_length (self->scenario));
  json_object_set_double_member (object, "pace", self->pace);
  json_object_set_boolean_member (object, "paused", self->paused);
  json_object_set_boolean_member (object, "ended", self->ended);
  json_object_set_boolean_member (object, "control", control);
  json_object_set_int_member (object, "window", window);
  /* So a duty manager's desk knows which windows it may name with ?window=N. */
  for (guint i = 0; i < self->trainees->len; i++)
    json_array_add_int_element (windows, ((Trainee *) g_ptr_array_index (self->trainees, i))->window);
  json_object_set_array_member (object, "windows", windows);
  for (guint g = 0; trainee != NULL && g < yc_scenario_get_n_goals (self->scenario); g++)
    {
      const YcScenarioGoal *goal = yc_scenario_get_goal (self->scenario, g);
      Judgement *judgement = &trainee->goals[g];
      JsonObject *item = json_object_new ();
      Arrival *arrival = goal->kind == YC_SCENARIO_GOAL_TASK ? NULL
                                                               : g_hash_table_lookup (trainee->arrivals, goal->target);

      json_object_set_string_member (item, "id", goal->id);
      json_object_set_string_member (item, "kind", yc_scenario_goal_kind_to_wire (goal->kind));
      set_text (item, "expect", goal->expect);
      json_object_set_string_member (item, "state", yc_goal_state_to_wire (judgement->state));
      if (judgement->state == YC_GOAL_DONE || judgement->state == YC_GOAL_LATE || judgement->state == YC_GOAL_WRONG)
        json_object_set_double_member (item, "at", judgement->at);
      if (arrival != NULL && arrival->ticket != 0)
        {
          g_autoptr(JsonNode) node = NULL;
          JsonObject *ticket = citizen_ticket (self, trainee, goal->target, &node);

          if (ticket != NULL)
            json_object_set_string_member (item, "ticket", json_object_get_string_member (ticket, "number"));
        }
      if (judgement->got != NULL)
        json_object_set_string_member (item, "got", judgement->got);
      json_array_add_object_element (goals, item);
    }
  json_object_set_array_member (object, "goals", goals);
  return json_node_init_object (json_node_alloc (), object);
}

char *
yc_working_days_ago (guint days)
{
  GDate date;

  yc_time_local_date (&date);
  while (days > 0)
    {
      g_date_subtract_days (&date, 1);
      if (g_date_get_weekday (&date) < G_DATE_SATURDAY)
        days--;
    }
  return yc_time_format_date (&date);
}
