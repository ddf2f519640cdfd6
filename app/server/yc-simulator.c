/* yc-simulator.c: a hall in motion for trainers.
 *
 * Citizens take tickets every few seconds (more for general affairs than for
 * enterprises), and the windows no person is logged in at are served by simulated
 * colleagues, who are logged in there as the hall's clerks for that window (so a
 * transfer lists them); windows reserved for trainees are left alone, logged in or not.
 * The centre assigns the clerk who logs in a task every few minutes
 * (resources/demo/tasks.json); the first time in a database, one that is overdue already
 * and one for the window to claim. With a training scenario, the hall is the scenario's
 * (yc-scenario-play.c): its citizens and tasks only, colleagues if it has them, and
 * nothing moves while it is paused. */
#include "yc-simulator.h"

#include "core/yc-ticket.h"
#include "core/yc-time.h"
#include "server/yc-server.h"

#define TICK_MS            1000
#define MAX_WAITING        30
#define FIRST_TICKETS      6
#define TASK_PAUSE_S       { 120, 300 }

/* The meta key that says this database has had its starter tasks. */
#define STARTER_TASKS_KEY  "demo.starter_tasks"

struct _YcSimulator
{
  YcServerDb *db;
  gboolean    started;     /* start (): this process simulates */
  GSource    *source;
  GRand      *rand;
  gboolean    manual;
  gint64      clock;       /* manual: the simulated monotonic µs */
  GHashTable *reserved;    /* window ids no colleague takes */
  gint64      next_ticket_at;
  GHashTable *busy_until;  /* window id → monotonic µs at which its colleague finishes */
  GHashTable *serving;     /* window id → the ticket its colleague called */
  JsonNode   *samples;     /* tasks.json */
  guint       next_sample;
  gint64      next_task_at;  /* 0: when a clerk first logs in */
  YcScenarioPlay *play;      /* a training scenario's, or NULL */
  gboolean    colleagues;
  double      walk_in_min, walk_in_max;  /* the scenario's walk-ins, scenario seconds (0: none) */
  double      next_walk_in;  /* on the scenario's clock */
};

static gint64
now_us (YcSimulator *self)
{
  return self->manual ? self->clock : g_get_monotonic_time ();
}

/* The next sample task, to clerk by name or to window; dates may replace its kind's
 * deadlines. */
static void
assign (YcSimulator *self,
        const char  *clerk,
        gint64       window,
        const char  *respond_by,
        const char  *finish_by)
{
  JsonArray *samples = json_object_get_array_member (json_node_get_object (self->samples), "tasks");
  JsonObject *sample = json_array_get_object_element (samples, self->next_sample++ % json_array_get_length (samples));
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) task = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (body, "kind", json_object_get_string_member (sample, "kind"));
  json_object_set_string_member (body, "title", json_object_get_string_member (sample, "title"));
  json_object_set_string_member (body, "detail", json_object_get_string_member (sample, "detail"));
  if (clerk != NULL)
    json_object_set_string_member (body, "clerk", clerk);
  else
    json_object_set_int_member (body, "window", window);
  if (respond_by != NULL)
    json_object_set_string_member (body, "respond_by", respond_by);
  if (finish_by != NULL)
    json_object_set_string_member (body, "finish_by", finish_by);
  if (!(task = yc_server_db_create_task (self->db, body, &error)))
    g_warning ("Simulator could not assign a task: %s", error->message);
}

/* The centre at work: a task for the first clerk logged in, now and then. */
static void
assign_tasks (YcSimulator *self,
              gint64       now)
{
  static const int pause_s[] = TASK_PAUSE_S;
  g_autoptr(GPtrArray) windows = NULL;
  g_autofree char *clerk = NULL;
  gint64 window = 0;

  if (self->samples == NULL || now < self->next_task_at)
    return;
  windows = yc_server_db_window_ids (self->db);
  for (guint i = 0; i < windows->len && clerk == NULL; i++)
    {
      window = *(gint64 *) g_ptr_array_index (windows, i);
      clerk = yc_server_db_window_clerk (self->db, window);
    }
  if (clerk == NULL)
    return;

  if (self->next_task_at == 0 && !yc_server_db_mark_once (self->db, STARTER_TASKS_KEY, NULL))
    {
      /* This database has had its backlog (before a restart, say): the usual pace, from
       * the sample after the backlog's order. */
      self->next_sample = 1;
    }
  else if (self->next_task_at == 0)
    {
      /* The morning's backlog: a hotline order a week overdue (it escalates at once, to an
       * accountability letter), and
       * a correction for the window to claim. */
      g_autofree char *answer_by = yc_working_days_ago (9);
      g_autofree char *end_by = yc_working_days_ago (5);
      g_autoptr(GError) error = NULL;
      GDate today;

      assign (self, clerk, 0, answer_by, end_by);
      self->next_sample = 3;
      assign (self, NULL, window, NULL, NULL);
      yc_time_local_date (&today);
      yc_server_db_escalate_tasks (self->db, &today, &error);
      self->next_sample = 1;
    }
  else
    assign (self, g_rand_boolean (self->rand) ? clerk : NULL, window, NULL, NULL);
  self->next_task_at = now + g_rand_int_range (self->rand, pause_s[0], pause_s[1]) * G_USEC_PER_SEC;
}

static void
issue_ticket (YcSimulator *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ticket = NULL;
  g_auto(GStrv) letters = yc_server_db_service_letters (self->db);
  guint n = g_strv_length (letters);
  const char *service;

  if (n == 0)
    return;
  /* Most citizens come for personal matters: the first service gets two thirds. */
  service = (n == 1 || g_rand_double (self->rand) < 0.67) ? letters[0]
                                                         : letters[g_rand_int_range (self->rand, 1, (gint32) n)];
  if (!(ticket = yc_server_db_issue_ticket (self->db, service, &error)))
    g_warning ("Simulator could not issue a ticket: %s", error->message);
}

/* The colleague at window finishes the citizen there: most visits end done or accepted,
 * and most citizens press the rating pad on their way out, mostly pleased. */
static void
finish_visit (YcSimulator *self,
              gint64       window,
              gint64       ticket)
{
  static const char *outcomes[] = { "completed", "completed", "completed", "accepted", "accepted",
                                    "consulted", "informed" };
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(JsonNode) rated = NULL;

  json_object_set_string_member (details, "outcome",
                                 outcomes[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (outcomes))]);
  done = yc_server_db_finish_ticket (self->db, ticket, window, details, NULL);
  if (done != NULL && g_rand_int_range (self->rand, 0, 10) < 8)
    {
      static const char *levels[] = {
        "very_satisfied", "very_satisfied", "very_satisfied", "satisfied", "satisfied",
        "satisfied", "neutral", "neutral", "dissatisfied", "very_dissatisfied",
      };
      /* Three in a hundred are unhappy: a follow-up now and then, not a flood. */
      guint pick = g_rand_int_range (self->rand, 0, 100) < 3 ? 8 + (guint) g_rand_int_range (self->rand, 0, 2)
                                                             : (guint) g_rand_int_range (self->rand, 0, 8);
      rated = yc_server_db_rate (self->db, ticket, levels[pick], NULL, NULL, NULL);
    }
}

static void
serve_colleagues (YcSimulator *self,
                  gint64       now)
{
  g_autoptr(GPtrArray) windows = yc_server_db_window_ids (self->db);

  for (guint i = 0; i < windows->len; i++)
    {
      gint64 window = *(gint64 *) g_ptr_array_index (windows, i);
      gpointer key = GINT_TO_POINTER ((int) window);
      g_autofree char *colleague = NULL;
      gint64 *until;
      gint64 current;
      gint64 ours;

      if (g_hash_table_contains (self->reserved, key))
        continue;

      current = yc_server_db_current_ticket (self->db, window, NULL);
      ours = GPOINTER_TO_SIZE (g_hash_table_lookup (self->serving, key));
      if (yc_server_db_window_is_staffed (self->db, window))
        {
          /* A person took the window over: the colleague finishes the citizen they
           * called and goes, rather than leave the person a visit not theirs. */
          if (current != 0 && current == ours)
            finish_visit (self, window, current);
          g_hash_table_remove (self->serving, key);
          continue;
        }
      /* Nobody serves a window without a colleague logged in at it. */
      if (!(colleague = yc_server_db_seat_colleague (self->db, window, NULL)))
        continue;

      until = g_hash_table_lookup (self->busy_until, key);
      if (current != 0 && until != NULL && now < *until)
        continue;

      if (current != 0)
        {
          finish_visit (self, window, current);
          g_hash_table_remove (self->serving, key);
          /* A pause between citizens, as a clerk takes a breath and tidies the desk. */
          until = g_new (gint64, 1);
          *until = now + g_rand_int_range (self->rand, 5, 20) * G_USEC_PER_SEC;
          g_hash_table_insert (self->busy_until, key, until);
          continue;
        }

      if (until != NULL && now < *until)
        continue;

      {
        g_autoptr(JsonNode) called = yc_server_db_call_next (self->db, window, colleague, NULL);
        if (called != NULL)
          {
            gint64 *service_end = g_new (gint64, 1);
            *service_end = now + g_rand_int_range (self->rand, 40, 150) * G_USEC_PER_SEC;
            g_hash_table_insert (self->busy_until, key, service_end);
            g_hash_table_insert (self->serving, key,
                                 GSIZE_TO_POINTER ((gsize) yc_server_db_current_ticket (self->db, window, NULL)));
          }
      }
    }
}

/* A second of a training scenario's hall: its clock, its events, its walk-ins; the
 * colleagues if it has them. */
static void
play_tick (YcSimulator *self,
           gint64       now)
{
  double clock;

  yc_scenario_play_advance (self->play, 1.0);
  if (yc_scenario_play_is_paused (self->play))
    return;
  clock = yc_scenario_play_get_clock (self->play);
  if (self->walk_in_max > 0 && !yc_scenario_play_is_ended (self->play) && clock >= self->next_walk_in)
    {
      issue_ticket (self);
      self->next_walk_in = clock + g_rand_double_range (self->rand, self->walk_in_min, self->walk_in_max);
    }
  if (self->colleagues)
    serve_colleagues (self, now);
}

static void
tick (YcSimulator *self,
      gint64       now)
{
  if (self->play != NULL)
    {
      play_tick (self, now);
      return;
    }
  if (now >= self->next_ticket_at)
    {
      if (yc_server_db_count_waiting (self->db) < MAX_WAITING)
        issue_ticket (self);
      self->next_ticket_at = now + g_rand_int_range (self->rand, 4, 12) * G_USEC_PER_SEC;
    }
  serve_colleagues (self, now);
  assign_tasks (self, now);
}

static void start (YcSimulator *self);

static gboolean
tick_cb (gpointer user_data)
{
  YcSimulator *self = user_data;

  /* The simulator, and a training it plays, are the first hall's. */
  if (!yc_server_db_use_hall (self->db, NULL))
    return G_SOURCE_CONTINUE;
  if (!self->started)
    {
      if (!yc_server_db_has_duty (self->db))
        return G_SOURCE_CONTINUE;
      start (self);
    }
  tick (self, now_us (self));
  return G_SOURCE_CONTINUE;
}

/* The hall as the simulator finds it made its own: colleagues of an earlier run logged
 * out, the first citizens waiting, colleagues at the free windows. */
static void
start (YcSimulator *self)
{
  g_autoptr(GError) error = NULL;
  gint64 now;

  self->started = TRUE;
  /* Colleagues left from a server that stopped without logging them out. */
  if (!yc_server_db_unseat_colleagues (self->db, &error))
    g_warning ("Simulator could not log out earlier colleagues: %s", error->message);

  /* A trainer starts with a few citizens already waiting; a scenario with its own. */
  if (self->play == NULL && yc_server_db_count_waiting (self->db) == 0)
    for (guint i = 0; i < FIRST_TICKETS; i++)
      issue_ticket (self);

  /* Colleagues log in at once, and start their first calls staggered, not all at once. */
  now = now_us (self);
  {
    g_autoptr(GPtrArray) windows = yc_server_db_window_ids (self->db);

    for (guint i = 0; i < windows->len; i++)
      {
        gint64 window = *(gint64 *) g_ptr_array_index (windows, i);
        gint64 *until = g_new (gint64, 1);

        if (self->colleagues && !g_hash_table_contains (self->reserved, GINT_TO_POINTER ((int) window)) &&
            !yc_server_db_window_is_staffed (self->db, window))
          g_free (yc_server_db_seat_colleague (self->db, window, NULL));
        *until = now + g_rand_int_range (self->rand, 3, 25) * G_USEC_PER_SEC;
        g_hash_table_insert (self->busy_until, GINT_TO_POINTER ((int) window), until);
      }
  }

  self->next_ticket_at = now + 3 * G_USEC_PER_SEC;
}

YcSimulator *
yc_simulator_new (YcServerDb               *db,
                  const YcSimulatorOptions *options)
{
  static const YcSimulatorOptions defaults = { 0 };
  YcSimulator *self = g_new0 (YcSimulator, 1);

  if (options == NULL)
    options = &defaults;
  self->db = db;
  self->manual = options->manual;
  /* A clock of its own that starts at a second, not at 0 (0 means "not yet" below). */
  self->clock = G_USEC_PER_SEC;
  self->rand = options->seed != 0 ? g_rand_new_with_seed (options->seed) : g_rand_new ();
  self->reserved = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < options->n_reserved; i++)
    g_hash_table_add (self->reserved, GINT_TO_POINTER ((int) options->reserved[i]));
  if (options->trainer_window != 0)
    g_hash_table_add (self->reserved, GINT_TO_POINTER ((int) options->trainer_window));
  self->busy_until = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->serving = g_hash_table_new (NULL, NULL);
  self->samples = yc_server_load_demo ("tasks.json", NULL);
  self->colleagues = TRUE;
  if (options->scenario != NULL)
    {
      self->play = yc_scenario_play_new (db, options->scenario, options->reserved, options->n_reserved,
                                         options->pace > 0 ? options->pace : 1.0, self->samples);
      self->colleagues = yc_scenario_get_colleagues (options->scenario);
      yc_scenario_get_walk_ins (options->scenario, &self->walk_in_min, &self->walk_in_max);
      if (self->walk_in_max > 0)
        self->next_walk_in = g_rand_double_range (self->rand, self->walk_in_min, self->walk_in_max);
    }

  /* On a database several server processes share, the one that has the duties
   * simulates: the others start if it goes. */
  if (yc_server_db_has_duty (db))
    start (self);
  if (!self->manual)
    {
      self->source = g_timeout_source_new (TICK_MS);
      g_source_set_callback (self->source, tick_cb, self, NULL);
      g_source_set_name (self->source, "[yichuang] simulator");
      g_source_attach (self->source, g_main_context_get_thread_default ());
    }

  return self;
}

void
yc_simulator_step (YcSimulator *self,
                   guint        seconds)
{
  g_return_if_fail (self != NULL && self->manual);

  for (guint i = 0; i < seconds; i++)
    {
      self->clock += TICK_MS * (G_USEC_PER_SEC / 1000);
      tick (self, self->clock);
    }
}

void
yc_simulator_free (YcSimulator *self)
{
  if (self == NULL)
    return;
  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_source_unref (self->source);
    }
  g_clear_pointer (&self->play, yc_scenario_play_free);
  /* The colleagues go home with the simulator: a server without one shows nobody there. */
  if (self->started)
    yc_server_db_unseat_colleagues (self->db, NULL);
  g_rand_free (self->rand);
  g_hash_table_unref (self->reserved);
  g_hash_table_unref (self->busy_until);
  g_hash_table_unref (self->serving);
  g_clear_pointer (&self->samples, json_node_unref);
  g_free (self);
}

YcScenarioPlay *
yc_simulator_get_play (YcSimulator *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->play;
}
