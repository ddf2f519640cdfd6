/* yc-scenario.c: reading a training scenario, and the judgement a desk reads back.
 *
 * The file is checked whole when it is read, so that a trainer's mistake (a goal naming
 * a citizen there is not, a time after the end) is told at once, naming the member,
 * rather than met in the middle of a lesson. */
#include "config-i18n.h"

#include "core/yc-scenario.h"

#include <math.h>
#include <string.h>

#include "core/yc-error.h"
#include "core/yc-task.h"
#include "core/yc-wire.h"

#define LENGTH_MIN   60.0
#define LENGTH_MAX   14400.0
#define COUNT_MAX    50

struct _YcScenario
{
  gatomicrefcount  ref;
  char            *id;
  JsonNode        *title;
  JsonNode        *brief;
  double           length;
  gboolean         colleagues;
  double           walk_ins[2];
  GArray          *events;   /* YcScenarioEvent, by time */
  GArray          *goals;    /* YcScenarioGoal */
};

G_DEFINE_BOXED_TYPE (YcScenario, yc_scenario, yc_scenario_ref, yc_scenario_unref)

static const char *const event_kinds[] = { "citizen", "tickets", "task", "burst", "rating", "outage" };
static const char *const goal_kinds[] = { "call", "finish", "decide", "task", "follow_up" };
static const char *const goal_states[] = { "pending", "done", "late", "wrong", "missed" };
static const char *const priorities[] = { "elderly", "disabled", "pregnant", "serviceman", "assisted", NULL };
static const char *const levels[] = {
  "very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied", NULL,
};

static void
event_clear (gpointer data)
{
  YcScenarioEvent *event = data;

  g_free (event->id);
  g_free (event->service);
  g_free (event->priority);
  g_clear_pointer (&event->story, json_node_unref);
  g_free (event->task_kind);
  g_clear_pointer (&event->title, json_node_unref);
  g_clear_pointer (&event->detail, json_node_unref);
  g_free (event->ticket);
  g_free (event->level);
  g_clear_pointer (&event->comment, json_node_unref);
}

static void
goal_clear (gpointer data)
{
  YcScenarioGoal *goal = data;

  g_free (goal->id);
  g_clear_pointer (&goal->expect, json_node_unref);
  g_free (goal->target);
}

static gboolean
bad (GError    **error,
     const char *format,
     ...) G_GNUC_PRINTF (2, 3);

static gboolean
bad (GError    **error,
     const char *format,
     ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "The scenario is not valid: %s", message);
  return FALSE;
}

/* A text: a non-empty string, or an object of non-empty strings (at least one). */
static gboolean
is_text (JsonNode *node)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node))
    return json_node_get_value_type (node) == G_TYPE_STRING && *json_node_get_string (node) != '\0';
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  if (members == NULL)
    return FALSE;
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *member = json_object_get_member (object, l->data);
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING ||
          *json_node_get_string (member) == '\0')
        return FALSE;
    }
  return TRUE;
}

/* The text member of object (where names it in messages); optional ones may be absent. */
static gboolean
read_text (JsonObject  *object,
           const char  *member,
           gboolean     optional,
           const char  *where,
           JsonNode   **out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL && optional)
    return TRUE;
  if (!is_text (node))
    return bad (error, "%s%s must be a text (a string, or strings by language)", where, member);
  *out = json_node_copy (node);
  return TRUE;
}

static gboolean
read_string (JsonObject  *object,
             const char  *member,
             gboolean     optional,
             const char  *where,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL && optional)
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0')
    return bad (error, "%s%s must be a string", where, member);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* A finite number in [min, max]; an absent optional one leaves *out. */
static gboolean
read_number (JsonObject  *object,
             const char  *member,
             gboolean     optional,
             double       min,
             double       max,
             const char  *where,
             double      *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  double value;

  if (node == NULL && optional)
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return bad (error, "%s%s must be a number", where, member);
  value = json_node_get_double (node);
  if (!isfinite (value) || value < min || value > max)
    return bad (error, "%s%s must be between %g and %g", where, member, min, max);
  *out = value;
  return TRUE;
}

static gboolean
read_bool (JsonObject  *object,
           const char  *member,
           const char  *where,
           gboolean    *out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return bad (error, "%s%s must be true or false", where, member);
  *out = json_node_get_boolean (node);
  return TRUE;
}

static int
find_word (const char *const *words,
           guint              n,
           const char        *word)
{
  for (guint i = 0; i < n && word != NULL; i++)
    if (g_str_equal (words[i], word))
      return (int) i;
  return -1;
}

static gboolean
read_event (YcScenario       *self,
            JsonNode         *node,
            guint             index,
            YcScenarioEvent  *event,
            GError          **error)
{
  g_autofree char *where = g_strdup_printf ("events[%u].", index);
  g_autofree char *kind = NULL;
  JsonObject *object;
  double count = 1;
  double days = 0;
  int k;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bad (error, "events[%u] must be an object", index);
  object = json_node_get_object (node);
  if (!read_number (object, "at", FALSE, 0, self->length, where, &event->at, error) ||
      !read_string (object, "kind", FALSE, where, &kind, error))
    return FALSE;
  if ((k = find_word (event_kinds, G_N_ELEMENTS (event_kinds), kind)) < 0)
    return bad (error, "%skind “%s” is none of citizen, tickets, task, burst, rating, outage", where, kind);
  event->kind = (YcScenarioEventKind) k;

  switch (event->kind)
    {
    case YC_SCENARIO_EVENT_CITIZEN:
      if (!read_string (object, "id", FALSE, where, &event->id, error) ||
          !read_string (object, "service", FALSE, where, &event->service, error) ||
          !read_string (object, "priority", TRUE, where, &event->priority, error) ||
          !read_bool (object, "appointment", where, &event->appointment, error) ||
          !read_text (object, "story", FALSE, where, &event->story, error))
        return FALSE;
      if (event->priority != NULL && !g_strv_contains (priorities, event->priority))
        return bad (error, "%spriority must be elderly, disabled, pregnant, serviceman or assisted", where);
      break;
    case YC_SCENARIO_EVENT_TICKETS:
      if (!read_string (object, "service", FALSE, where, &event->service, error) ||
          !read_number (object, "count", FALSE, 1, COUNT_MAX, where, &count, error))
        return FALSE;
      break;
    case YC_SCENARIO_EVENT_TASK:
      {
        YcTaskKind task_kind;

        if (!read_string (object, "id", FALSE, where, &event->id, error) ||
            !read_string (object, "task_kind", FALSE, where, &event->task_kind, error) ||
            !read_text (object, "title", FALSE, where, &event->title, error) ||
            !read_text (object, "detail", TRUE, where, &event->detail, error) ||
            !read_number (object, "overdue_days", TRUE, 0, 30, where, &days, error))
          return FALSE;
        if (!yc_task_kind_from_wire (event->task_kind, &task_kind))
          return bad (error, "%stask_kind “%s” is no kind of task", where, event->task_kind);
        event->overdue_days = (int) days;
      }
      break;
    case YC_SCENARIO_EVENT_BURST:
      if (!read_string (object, "id", FALSE, where, &event->id, error) ||
          !read_number (object, "count", FALSE, 1, COUNT_MAX, where, &count, error))
        return FALSE;
      break;
    case YC_SCENARIO_EVENT_RATING:
      if (!read_string (object, "citizen", FALSE, where, &event->ticket, error) ||
          !read_string (object, "level", FALSE, where, &event->level, error) ||
          !read_text (object, "comment", TRUE, where, &event->comment, error))
        return FALSE;
      if (!g_strv_contains (levels, event->level))
        return bad (error, "%slevel must be very_satisfied, satisfied, neutral, dissatisfied or very_dissatisfied",
                    where);
      break;
    case YC_SCENARIO_EVENT_OUTAGE:
      if (!read_number (object, "seconds", FALSE, 1, 3600, where, &event->seconds, error))
        return FALSE;
      break;
    default:
      g_assert_not_reached ();
    }
  event->count = (guint) count;
  if (count != (double) (gint64) count)
    return bad (error, "%scount must be a whole number", where);
  return TRUE;
}

/* The event named id of kind (or of either kind when other_kind differs), else NULL. */
static const YcScenarioEvent *
find_event_of (YcScenario          *self,
               const char          *id,
               YcScenarioEventKind  kind,
               YcScenarioEventKind  other_kind)
{
  const YcScenarioEvent *event = yc_scenario_find_event (self, id);

  if (event != NULL && (event->kind == kind || event->kind == other_kind))
    return event;
  return NULL;
}

static gboolean
read_goal (YcScenario      *self,
           JsonNode        *node,
           guint            index,
           YcScenarioGoal  *goal,
           GError         **error)
{
  g_autofree char *where = g_strdup_printf ("goals[%u].", index);
  g_autofree char *kind = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bad (error, "goals[%u] must be an object", index);
  object = json_node_get_object (node);
  if (!read_string (object, "id", FALSE, where, &goal->id, error) ||
      !read_string (object, "kind", FALSE, where, &kind, error) ||
      !read_text (object, "expect", FALSE, where, &goal->expect, error))
    return FALSE;
  if (!yc_scenario_goal_kind_from_wire (kind, &goal->kind))
    return bad (error, "%skind “%s” is none of call, finish, decide, task, follow_up", where, kind);
  goal->deferred = -1;

  if (goal->kind == YC_SCENARIO_GOAL_TASK)
    {
      if (!read_string (object, "task", FALSE, where, &goal->target, error))
        return FALSE;
      if (find_event_of (self, goal->target, YC_SCENARIO_EVENT_TASK, YC_SCENARIO_EVENT_BURST) == NULL)
        return bad (error, "%stask “%s” names no task or burst of the events", where, goal->target);
    }
  else
    {
      if (!read_string (object, "citizen", FALSE, where, &goal->target, error))
        return FALSE;
      if (find_event_of (self, goal->target, YC_SCENARIO_EVENT_CITIZEN, YC_SCENARIO_EVENT_CITIZEN) == NULL)
        return bad (error, "%scitizen “%s” names no citizen of the events", where, goal->target);
    }

  switch (goal->kind)
    {
    case YC_SCENARIO_GOAL_CALL:
    case YC_SCENARIO_GOAL_TASK:
      if (!read_number (object, "within", TRUE, 1, self->length, where, &goal->within, error))
        return FALSE;
      break;
    case YC_SCENARIO_GOAL_FOLLOW_UP:
      {
        gboolean rated = FALSE;

        if (!read_number (object, "within", TRUE, 1, self->length, where, &goal->within, error))
          return FALSE;
        for (guint i = 0; i < self->events->len && !rated; i++)
          {
            const YcScenarioEvent *event = &g_array_index (self->events, YcScenarioEvent, i);
            rated = event->kind == YC_SCENARIO_EVENT_RATING && g_str_equal (event->ticket, goal->target) &&
                    (g_str_equal (event->level, "dissatisfied") || g_str_equal (event->level, "very_dissatisfied"));
          }
        if (!rated)
          return bad (error, "%scitizen “%s” gives no bad rating to follow up", where, goal->target);
      }
      break;
    case YC_SCENARIO_GOAL_FINISH:
      {
        JsonArray *outcomes = json_object_has_member (object, "outcomes") &&
                              JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "outcomes"))
                                ? json_object_get_array_member (object, "outcomes") : NULL;

        for (guint i = 0; outcomes != NULL && i < json_array_get_length (outcomes); i++)
          {
            JsonNode *word = json_array_get_element (outcomes, i);
            YcVisitOutcome outcome;

            if (!JSON_NODE_HOLDS_VALUE (word) || json_node_get_value_type (word) != G_TYPE_STRING ||
                !yc_visit_outcome_from_wire (json_node_get_string (word), &outcome))
              return bad (error, "%soutcomes[%u] is no outcome of a visit", where, i);
            goal->outcomes |= 1u << outcome;
          }
        if (goal->outcomes == 0)
          return bad (error, "%soutcomes must list the outcomes that count, at least one", where);
      }
      break;
    case YC_SCENARIO_GOAL_DECIDE:
      {
        g_autofree char *decision = NULL;
        gboolean deferred = FALSE;

        if (!read_string (object, "decision", FALSE, where, &decision, error))
          return FALSE;
        if (!yc_decision_from_wire (decision, &goal->decision))
          return bad (error, "%sdecision must be accepted, notice or refused", where);
        if (json_object_has_member (object, "deferred"))
          {
            if (!read_bool (object, "deferred", where, &deferred, error))
              return FALSE;
            if (deferred && goal->decision != YC_DECISION_ACCEPTED)
              return bad (error, "%sdeferred: only an accepted case defers a material", where);
            goal->deferred = deferred ? 1 : 0;
          }
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

static int
by_time (gconstpointer a,
         gconstpointer b)
{
  const YcScenarioEvent *x = a;
  const YcScenarioEvent *y = b;

  return x->at < y->at ? -1 : x->at > y->at;
}

static gboolean
is_id (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

YcScenario *
yc_scenario_new_from_json (JsonNode  *root,
                           GError   **error)
{
  g_autoptr(YcScenario) self = NULL;
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;
  double format = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      bad (error, "it must be one JSON object");
      return NULL;
    }
  object = json_node_get_object (root);

  self = g_new0 (YcScenario, 1);
  g_atomic_ref_count_init (&self->ref);
  self->colleagues = TRUE;
  self->events = g_array_new (FALSE, TRUE, sizeof (YcScenarioEvent));
  g_array_set_clear_func (self->events, event_clear);
  self->goals = g_array_new (FALSE, TRUE, sizeof (YcScenarioGoal));
  g_array_set_clear_func (self->goals, goal_clear);

  if (!read_number (object, "format", FALSE, 1, 1, "", &format, error) ||
      !read_string (object, "id", FALSE, "", &self->id, error))
    return NULL;
  if (!is_id (self->id))
    {
      bad (error, "id must be lower-case letters, digits and hyphens");
      return NULL;
    }
  if (!read_text (object, "title", FALSE, "", &self->title, error) ||
      !read_text (object, "brief", FALSE, "", &self->brief, error) ||
      !read_number (object, "length", FALSE, LENGTH_MIN, LENGTH_MAX, "", &self->length, error) ||
      !read_bool (object, "colleagues", "", &self->colleagues, error))
    return NULL;

  if ((node = json_object_get_member (object, "walk_ins")) != NULL)
    {
      g_autoptr(JsonObject) pair = json_object_new ();

      if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) != 2)
        {
          bad (error, "walk_ins must be [min, max] in seconds");
          return NULL;
        }
      array = json_node_get_array (node);
      json_object_set_member (pair, "min", json_node_copy (json_array_get_element (array, 0)));
      json_object_set_member (pair, "max", json_node_copy (json_array_get_element (array, 1)));
      if (!read_number (pair, "min", FALSE, 1, self->length, "walk_ins.", &self->walk_ins[0], error) ||
          !read_number (pair, "max", FALSE, self->walk_ins[0], self->length, "walk_ins.", &self->walk_ins[1], error))
        return NULL;
    }

  if ((node = json_object_get_member (object, "events")) == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      bad (error, "events must be a list");
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      YcScenarioEvent event = { 0 };

      g_array_append_val (self->events, event);
      if (!read_event (self, json_array_get_element (array, i), i,
                       &g_array_index (self->events, YcScenarioEvent, i), error))
        return NULL;
      if (g_array_index (self->events, YcScenarioEvent, i).id != NULL)
        for (guint j = 0; j < i; j++)
          if (g_strcmp0 (g_array_index (self->events, YcScenarioEvent, j).id,
                         g_array_index (self->events, YcScenarioEvent, i).id) == 0)
            {
              bad (error, "events[%u].id “%s” is used twice", i, g_array_index (self->events, YcScenarioEvent, i).id);
              return NULL;
            }
    }
  for (guint i = 0; i < self->events->len; i++)
    {
      const YcScenarioEvent *event = &g_array_index (self->events, YcScenarioEvent, i);

      if (event->kind == YC_SCENARIO_EVENT_RATING &&
          find_event_of (self, event->ticket, YC_SCENARIO_EVENT_CITIZEN, YC_SCENARIO_EVENT_CITIZEN) == NULL)
        {
          bad (error, "events[%u].citizen “%s” names no citizen of the events", i, event->ticket);
          return NULL;
        }
    }
  /* By time, and in the order the trainer wrote those at the same time (an insertion,
   * as g_array_sort is not stable); the structs move, their members with them. */
  {
    GArray *sorted = g_array_sized_new (FALSE, TRUE, sizeof (YcScenarioEvent), self->events->len);

    g_array_set_clear_func (sorted, event_clear);
    for (guint i = 0; i < self->events->len; i++)
      {
        YcScenarioEvent *event = &g_array_index (self->events, YcScenarioEvent, i);
        guint at = sorted->len;

        while (at > 0 && by_time (&g_array_index (sorted, YcScenarioEvent, at - 1), event) > 0)
          at--;
        g_array_insert_val (sorted, at, *event);
      }
    g_array_set_clear_func (self->events, NULL);
    g_array_unref (self->events);
    self->events = sorted;
  }

  if ((node = json_object_get_member (object, "goals")) == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0)
    {
      bad (error, "goals must be a list of at least one");
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      YcScenarioGoal goal = { 0 };

      g_array_append_val (self->goals, goal);
      if (!read_goal (self, json_array_get_element (array, i), i,
                      &g_array_index (self->goals, YcScenarioGoal, i), error))
        return NULL;
      for (guint j = 0; j < i; j++)
        if (g_str_equal (g_array_index (self->goals, YcScenarioGoal, j).id,
                         g_array_index (self->goals, YcScenarioGoal, i).id))
          {
            bad (error, "goals[%u].id “%s” is used twice", i, g_array_index (self->goals, YcScenarioGoal, i).id);
            return NULL;
          }
    }

  return g_steal_pointer (&self);
}

YcScenario *
yc_scenario_new_from_data (const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  if (!(root = yc_wire_parse_object (data, length, YC_ERROR_INVALID_INPUT, error)))
    return NULL;
  return yc_scenario_new_from_json (root, error);
}

YcScenario *
yc_scenario_ref (YcScenario *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
yc_scenario_unref (YcScenario *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref))
    return;
  g_free (self->id);
  g_clear_pointer (&self->title, json_node_unref);
  g_clear_pointer (&self->brief, json_node_unref);
  g_array_unref (self->events);
  g_array_unref (self->goals);
  g_free (self);
}

const char *
yc_scenario_get_id (YcScenario *self)
{
  return self->id;
}

JsonNode *
yc_scenario_get_title (YcScenario *self)
{
  return self->title;
}

JsonNode *
yc_scenario_get_brief (YcScenario *self)
{
  return self->brief;
}

double
yc_scenario_get_length (YcScenario *self)
{
  return self->length;
}

gboolean
yc_scenario_get_colleagues (YcScenario *self)
{
  return self->colleagues;
}

void
yc_scenario_get_walk_ins (YcScenario *self,
                          double     *every_min,
                          double     *every_max)
{
  *every_min = self->walk_ins[0];
  *every_max = self->walk_ins[1];
}

guint
yc_scenario_get_n_events (YcScenario *self)
{
  return self->events->len;
}

const YcScenarioEvent *
yc_scenario_get_event (YcScenario *self,
                       guint       i)
{
  g_return_val_if_fail (i < self->events->len, NULL);
  return &g_array_index (self->events, YcScenarioEvent, i);
}

const YcScenarioEvent *
yc_scenario_find_event (YcScenario *self,
                        const char *id)
{
  for (guint i = 0; id != NULL && i < self->events->len; i++)
    if (g_strcmp0 (g_array_index (self->events, YcScenarioEvent, i).id, id) == 0)
      return &g_array_index (self->events, YcScenarioEvent, i);
  return NULL;
}

guint
yc_scenario_get_n_goals (YcScenario *self)
{
  return self->goals->len;
}

const YcScenarioGoal *
yc_scenario_get_goal (YcScenario *self,
                      guint       i)
{
  g_return_val_if_fail (i < self->goals->len, NULL);
  return &g_array_index (self->goals, YcScenarioGoal, i);
}

const char *
yc_scenario_goal_kind_to_wire (YcScenarioGoalKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (goal_kinds), NULL);
  return goal_kinds[kind];
}

gboolean
yc_scenario_goal_kind_from_wire (const char         *wire,
                                 YcScenarioGoalKind *kind)
{
  int k = find_word (goal_kinds, G_N_ELEMENTS (goal_kinds), wire);

  if (k < 0)
    return FALSE;
  *kind = (YcScenarioGoalKind) k;
  return TRUE;
}

static const char *
text_member (JsonObject *object,
             const char *language)
{
  JsonNode *node = json_object_get_member (object, language);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* The text's member for the first of wanted (language names) it has, else "en", else
 * any; a plain string is itself. */
static const char *
pick_text (JsonNode          *text,
           const char *const *wanted)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;
  const char *found;

  if (text == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (text))
    return json_node_get_value_type (text) == G_TYPE_STRING ? json_node_get_string (text) : NULL;
  if (!JSON_NODE_HOLDS_OBJECT (text))
    return NULL;
  object = json_node_get_object (text);

  for (guint i = 0; wanted[i] != NULL; i++)
    if ((found = text_member (object, wanted[i])) != NULL)
      return found;
  if ((found = text_member (object, "en")) != NULL)
    return found;
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if ((found = text_member (object, l->data)) != NULL)
      return found;
  return NULL;
}

const char *
yc_scenario_text (JsonNode *text)
{
  const char *const *languages = g_get_language_names ();
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);

  /* "zh_TW.UTF-8", "zh_TW", "zh", "C": the exact one first, then the bare language,
   * which for Chinese takes Simplified (a desk in "zh" alone reads Simplified). */
  for (guint i = 0; languages[i] != NULL; i++)
    {
      char *name = g_strdup (languages[i]);
      char *cut = strpbrk (name, ".@");

      if (cut != NULL)
        *cut = '\0';
      g_ptr_array_add (wanted, name);
      if (g_str_equal (name, "zh"))
        g_ptr_array_add (wanted, g_strdup ("zh_CN"));
    }
  g_ptr_array_add (wanted, NULL);
  return pick_text (text, (const char *const *) wanted->pdata);
}

const char *
yc_scenario_text_in (JsonNode   *text,
                     const char *language)
{
  /* Traditional for Traditional: Taiwan's and Hong Kong's texts differ in words, not in
   * script; then the Simplified, which a Traditional paper converts. */
  if (g_strcmp0 (language, "zh_TW") == 0)
    return pick_text (text, (const char *const[]) { "zh_TW", "zh_HK", "zh_CN", NULL });
  if (g_strcmp0 (language, "zh_HK") == 0)
    return pick_text (text, (const char *const[]) { "zh_HK", "zh_TW", "zh_CN", NULL });
  return pick_text (text, (const char *const[]) { language, NULL });
}

const char *
yc_goal_state_to_wire (YcGoalState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (goal_states), NULL);
  return goal_states[state];
}

gboolean
yc_goal_state_from_wire (const char  *wire,
                         YcGoalState *state)
{
  int k = find_word (goal_states, G_N_ELEMENTS (goal_states), wire);

  if (k < 0)
    return FALSE;
  *state = (YcGoalState) k;
  return TRUE;
}

const char *
yc_goal_state_get_name (YcGoalState          state,
                        const YcTranslation *labels)
{
  switch (state)
    {
    case YC_GOAL_PENDING:
      /* Translators: a training goal not reached yet, with time left */
      return TC_(labels, "goal", "To do");
    case YC_GOAL_DONE:
      /* Translators: a training goal reached in time */
      return TC_(labels, "goal", "Done");
    case YC_GOAL_LATE:
      /* Translators: a training goal reached after its time */
      return TC_(labels, "goal", "Done late");
    case YC_GOAL_WRONG:
      /* Translators: the trainee did something other than the goal asked */
      return TC_(labels, "goal", "Done wrong");
    case YC_GOAL_MISSED:
      /* Translators: a training goal not reached by the end */
      return TC_(labels, "goal", "Not done");
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
goal_free (gpointer data)
{
  YcTrainingGoal *goal = data;

  g_free (goal->id);
  g_clear_pointer (&goal->expect, json_node_unref);
  g_free (goal->ticket);
  g_free (goal->got);
  g_free (goal);
}

void
yc_training_report_free (YcTrainingReport *report)
{
  if (report == NULL)
    return;
  g_free (report->scenario);
  g_clear_pointer (&report->title, json_node_unref);
  g_clear_pointer (&report->brief, json_node_unref);
  g_clear_pointer (&report->windows, g_array_unref);
  g_clear_pointer (&report->goals, g_ptr_array_unref);
  g_free (report);
}

static double
number_or (JsonObject *object,
           const char *member,
           double      fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      (json_node_get_value_type (node) == G_TYPE_INT64 || json_node_get_value_type (node) == G_TYPE_DOUBLE) &&
      isfinite (json_node_get_double (node)))
    return json_node_get_double (node);
  return fallback;
}

static gboolean
bool_member (JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static JsonNode *
text_or_null (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return is_text (node) ? json_node_copy (node) : NULL;
}

/* The whole numbers above 0 of an array member, each once; what is no window number is
 * left out, as is the member when it is no array. */
static GArray *
windows_member (JsonObject *object,
                const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  GArray *windows = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return windows;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 window;
      gboolean seen = FALSE;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64 ||
          (window = json_node_get_int (element)) <= 0)
        continue;
      for (guint j = 0; j < windows->len && !seen; j++)
        seen = g_array_index (windows, gint64, j) == window;
      if (!seen)
        g_array_append_val (windows, window);
    }
  return windows;
}

YcTrainingReport *
yc_training_report_new_from_json (JsonNode  *node,
                                  GError   **error)
{
  g_autoptr(YcTrainingReport) report = NULL;
  JsonObject *object;
  JsonNode *goals;
  const char *scenario;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !(scenario = yc_json_optional_string (object = json_node_get_object (node), "scenario")) ||
      !(goals = json_object_get_member (object, "goals")) || !JSON_NODE_HOLDS_ARRAY (goals))
    {
      g_set_error_literal (error, YC_ERROR, YC_ERROR_PROTOCOL,
                           "The server’s training report is not one this desk can read");
      return NULL;
    }

  report = g_new0 (YcTrainingReport, 1);
  report->scenario = g_strdup (scenario);
  report->title = text_or_null (object, "title");
  report->brief = text_or_null (object, "brief");
  report->clock = MAX (0, number_or (object, "clock", 0));
  report->length = MAX (0, number_or (object, "length", 0));
  report->pace = number_or (object, "pace", 1);
  report->paused = bool_member (object, "paused");
  report->ended = bool_member (object, "ended");
  report->control = bool_member (object, "control");
  report->window = (gint64) number_or (object, "window", 0);
  report->windows = windows_member (object, "windows");
  report->goals = g_ptr_array_new_with_free_func (goal_free);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (goals)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (goals), i);
      JsonObject *member;
      YcTrainingGoal *goal;

      /* A goal this desk cannot read is left out rather than the whole report lost. */
      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      member = json_node_get_object (element);
      goal = g_new0 (YcTrainingGoal, 1);
      goal->id = g_strdup (yc_json_optional_string (member, "id"));
      goal->expect = text_or_null (member, "expect");
      goal->ticket = g_strdup (yc_json_optional_string (member, "ticket"));
      goal->got = g_strdup (yc_json_optional_string (member, "got"));
      goal->at = number_or (member, "at", -1);
      if (goal->id == NULL ||
          !yc_scenario_goal_kind_from_wire (yc_json_optional_string (member, "kind"), &goal->kind) ||
          !yc_goal_state_from_wire (yc_json_optional_string (member, "state"), &goal->state))
        {
          goal_free (goal);
          continue;
        }
      g_ptr_array_add (report->goals, goal);
    }

  return g_steal_pointer (&report);
}

guint
yc_training_report_count (YcTrainingReport *report,
                          YcGoalState       state)
{
  guint n = 0;

  for (guint i = 0; i < report->goals->len; i++)
    n += ((YcTrainingGoal *) g_ptr_array_index (report->goals, i))->state == state;
  return n;
}

char *
yc_training_format_clock (double seconds)
{
  guint s = seconds > 0 ? (guint) seconds : 0;

  if (s >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
  return g_strdup_printf ("%u:%02u", s / 60, s % 60);
}

/* What was done instead, in the trainer's words. */
static const char *
got_name (const char          *got,
          const YcTranslation *labels)
{
  YcVisitOutcome outcome;
  YcDecision decision;

  if (got == NULL)
    return NULL;
  if (g_str_equal (got, "deferred"))
    /* Translators: what a trainee did instead of the goal: accepted with a material deferred */
    return T_(labels, "accepted with a material deferred (容缺)");
  if (g_str_equal (got, "not_deferred"))
    /* Translators: what a trainee did instead of the goal: accepted with nothing deferred */
    return T_(labels, "accepted with nothing deferred");
  if (g_str_equal (got, "no_show"))
    /* Translators: what a trainee did instead of the goal */
    return T_(labels, "marked the citizen as not there");
  /* A case's decision first: "accepted" is a decision and an outcome alike. */
  if (yc_decision_from_wire (got, &decision))
    switch (decision)
      {
      case YC_DECISION_ACCEPTED:
        /* Translators: what a trainee did instead of the goal */
        return T_(labels, "accepted the application");
      case YC_DECISION_NOTICE:
        /* Translators: what a trainee did instead of the goal */
        return T_(labels, "gave a one-time notice");
      case YC_DECISION_REFUSED:
        /* Translators: what a trainee did instead of the goal */
        return T_(labels, "refused the application");
      default:
        break;
      }
  if (yc_visit_outcome_from_wire (got, &outcome))
    switch (outcome)
      {
      case YC_VISIT_COMPLETED:
        /* Translators: what a trainee did instead of the goal */
        return T_(labels, "finished the visit as completed");
      case YC_VISIT_INFORMED:
        /* Translators: what a trainee did instead of the goal */
        return T_(labels, "finished the visit as informed");
      case YC_VISIT_CONSULTED:
        /* Translators: what a trainee did instead of the goal */
        return T_(labels, "finished the visit as a consultation");
      case YC_VISIT_UNRESOLVED:
        /* Translators: what a trainee did instead of the goal */
        return T_(labels, "finished the visit as not resolved");
      default:
        break;
      }
  return got;
}

char *
yc_training_goal_describe (const YcTrainingGoal *goal,
                           const YcTranslation  *labels)
{
  g_autofree char *at = goal->at >= 0 ? yc_training_format_clock (goal->at) : NULL;
  const char *got = got_name (goal->got, labels);

  switch (goal->state)
    {
    case YC_GOAL_PENDING:
      /* Translators: a training goal with time left */
      return g_strdup (T_(labels, "Not yet"));
    case YC_GOAL_DONE:
      /* Translators: %s is the scenario time it was done at, such as 3:05 */
      return at != NULL ? g_strdup_printf (T_(labels, "Done at %s"), at) : g_strdup (TC_(labels, "goal", "Done"));
    case YC_GOAL_LATE:
      /* Translators: %s is the scenario time it was done at, such as 3:05 */
      return at != NULL ? g_strdup_printf (T_(labels, "Done late, at %s"), at)
                        : g_strdup (TC_(labels, "goal", "Done late"));
    case YC_GOAL_WRONG:
      if (got != NULL && at != NULL)
        /* Translators: the first %s is what the trainee did (“refused the application”),
         * the second the scenario time, such as 3:05 */
        return g_strdup_printf (T_(labels, "Wrong: %s at %s"), got, at);
      if (got != NULL)
        /* Translators: %s is what the trainee did (“refused the application”) */
        return g_strdup_printf (T_(labels, "Wrong: %s"), got);
      return g_strdup (TC_(labels, "goal", "Done wrong"));
    case YC_GOAL_MISSED:
      /* Translators: a training goal not reached by the end of the scenario */
      return g_strdup (T_(labels, "Not done by the end"));
    default:
      g_return_val_if_reached (NULL);
    }
}
