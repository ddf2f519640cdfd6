/* yc-task.c: task deadlines and escalation on the working-day calendar, and a task as
 * the wire gives it. */
#include "config-i18n.h"

#include "core/yc-task.h"

#include "core/yc-error.h"
#include "core/yc-time.h"
#include "core/yc-wire.h"

/* The one table of task kinds: the wire's word, the name a clerk reads, and the working
 * days to respond and to finish. A new kind is one row here (and its section in
 * docs/api.md); the Tasks page, the notifier, the preferences and the server read it. */
static const struct
{
  const char *kind;
  const char *name;
  guint       respond_days;
  guint       finish_days;
} kinds[] = {
  /* 12345: respond within 1 working day, finish within 5. */
  [YC_TASK_KIND_HOTLINE] =
    /* Translators: a task kind: a work order of the 12345 hotline (12345 工单) */
    { "hotline", N_("12345 Hotline Order"), 1, 5 },
  /* 补正: the back office returned a case for more material. */
  [YC_TASK_KIND_CORRECTION] =
    /* Translators: a task kind: the back office returned a case for more material (补正) */
    { "correction", N_("Correction"), 1, 5 },
  /* 差评整改: rectified within 15 working days. */
  [YC_TASK_KIND_BAD_RATING] =
    /* Translators: a task kind: a bad rating to follow up (差评整改) */
    { "bad_rating", N_("Bad Rating Follow-up"), 1, 15 },
  /* 否定报备: the review of a refusal (联审 within 2 working days) comes back to act on. */
  [YC_TASK_KIND_REFUSAL_REVIEW] =
    /* Translators: a task kind: the review of a refusal came back (否定报备复核) */
    { "refusal_review", N_("Refusal Review"), 1, 2 },
  /* 预约: the day itself. */
  [YC_TASK_KIND_APPOINTMENT] =
    /* Translators: a task kind: an appointment reminder (预约提醒) */
    { "appointment", N_("Appointment"), 0, 0 },
  /* 办不成事 (有诉即办): answered the same day, settled within 3. */
  [YC_TASK_KIND_COMPLAINT] =
    /* Translators: a task kind: a citizen "could not get it done" (办不成事反映) */
    { "complaint", N_("“Couldn’t Get It Done”"), 0, 3 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == YC_N_TASK_KINDS);

static const char *levels[] = { "none", "reminder", "urging", "supervision", "accountability" };

const char *
yc_task_kind_to_wire (YcTaskKind kind)
{
  g_return_val_if_fail (kind < YC_N_TASK_KINDS, NULL);
  return kinds[kind].kind;
}

gboolean
yc_task_kind_from_wire (const char *wire,
                        YcTaskKind *kind)
{
  for (guint i = 0; wire != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (wire, kinds[i].kind))
      {
        if (kind != NULL)
          *kind = (YcTaskKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
yc_task_kind_get_name (YcTaskKind kind)
{
  g_return_val_if_fail (kind < YC_N_TASK_KINDS, NULL);
  return _(kinds[kind].name);
}

const char *
yc_task_kind_name (const char *wire)
{
  YcTaskKind kind;

  if (yc_task_kind_from_wire (wire, &kind))
    return yc_task_kind_get_name (kind);
  /* Translators: a task of a kind this desk does not know yet */
  return _("Task");
}

gboolean
yc_task_kind_deadlines (const char *kind,
                        guint      *respond_days,
                        guint      *finish_days)
{
  YcTaskKind which;

  if (!yc_task_kind_from_wire (kind, &which))
    return FALSE;
  if (respond_days != NULL)
    *respond_days = kinds[which].respond_days;
  if (finish_days != NULL)
    *finish_days = kinds[which].finish_days;
  return TRUE;
}

void
yc_task_deadlines (YcWorkCalendar *calendar,
                   const char     *kind,
                   const GDate    *created,
                   GDate          *respond_by,
                   GDate          *finish_by)
{
  guint respond_days = 1, finish_days = 5;

  yc_task_kind_deadlines (kind, &respond_days, &finish_days);
  yc_work_calendar_add (calendar, created, respond_days, respond_by);
  yc_work_calendar_add (calendar, created, finish_days, finish_by);
}

YcEscalation
yc_task_escalation (YcWorkCalendar *calendar,
                    gboolean        responded,
                    const GDate    *respond_by,
                    const GDate    *finish_by,
                    const GDate    *today)
{
  if (g_date_compare (today, finish_by) > 0)
    {
      /* Late by the working days after the deadline up to today: a Monday is one day
       * late for a Friday's deadline, as a Saturday is not a day late at all. */
      int late = yc_work_calendar_count (calendar, finish_by, today);

      if (late >= 5)
        return YC_ESCALATION_ACCOUNTABILITY;
      if (late >= 2)
        return YC_ESCALATION_SUPERVISION;
      return YC_ESCALATION_URGING;
    }
  if (!responded && g_date_compare (today, respond_by) > 0)
    return YC_ESCALATION_REMINDER;
  return YC_ESCALATION_NONE;
}

YcTaskLight
yc_task_light (YcWorkCalendar *calendar,
               gboolean        responded,
               const GDate    *respond_by,
               const GDate    *finish_by,
               const GDate    *today)
{
  const GDate *next = responded ? finish_by : respond_by;

  if (g_date_compare (today, finish_by) > 0 || g_date_compare (today, next) > 0)
    return YC_TASK_LIGHT_RED;
  /* Due today, or on the next working day (a Friday, for a Monday's deadline). */
  if (yc_work_calendar_count (calendar, today, next) <= 1)
    return YC_TASK_LIGHT_YELLOW;
  return YC_TASK_LIGHT_GREEN;
}

const char *
yc_escalation_to_string (YcEscalation level)
{
  g_return_val_if_fail (level <= YC_ESCALATION_ACCOUNTABILITY, "none");
  return levels[level];
}

gboolean
yc_escalation_from_string (const char   *text,
                           YcEscalation *level)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (levels); i++)
    if (g_str_equal (text, levels[i]))
      {
        *level = (YcEscalation) i;
        return TRUE;
      }
  return FALSE;
}

const char *
yc_escalation_name (YcEscalation level)
{
  switch (level)
    {
    case YC_ESCALATION_REMINDER:
      /* Translators: the first escalation of a task not answered in time (提醒单) */
      return _("Reminder");
    case YC_ESCALATION_URGING:
      /* Translators: the escalation of a task not finished in time (催办单) */
      return _("Urging Notice");
    case YC_ESCALATION_SUPERVISION:
      /* Translators: the escalation two working days late (督办单) */
      return _("Supervision Notice");
    case YC_ESCALATION_ACCOUNTABILITY:
      /* Translators: the escalation five working days late (问责函) */
      return _("Accountability Letter");
    case YC_ESCALATION_NONE:
    default:
      return NULL;
    }
}

/* ---- One task ---- */

struct _YcTask
{
  GObject       parent_instance;

  gint64        id;
  char         *kind;
  char         *title;
  char         *detail;
  char         *clerk;
  gint64        window;
  char         *zone;
  char         *claimed_by;
  char         *ticket_number;
  char         *case_number;
  char         *created_at;
  GDate         respond_by;
  GDate         finish_by;
  YcTaskState   state;
  YcEscalation  escalation;
  char         *result;
  char         *done_at;
  char         *done_by;
};

G_DEFINE_FINAL_TYPE (YcTask, yc_task, G_TYPE_OBJECT)

static void
yc_task_finalize (GObject *object)
{
  YcTask *self = (YcTask *) object;

  g_free (self->kind);
  g_free (self->title);
  g_free (self->detail);
  g_free (self->clerk);
  g_free (self->zone);
  g_free (self->claimed_by);
  g_free (self->ticket_number);
  g_free (self->case_number);
  g_free (self->created_at);
  g_free (self->result);
  g_free (self->done_at);
  g_free (self->done_by);
  G_OBJECT_CLASS (yc_task_parent_class)->finalize (object);
}

static void
yc_task_class_init (YcTaskClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_task_finalize;
}

static void
yc_task_init (YcTask *self)
{
}

/* A member that is a string or null (or absent): FALSE for anything else. */
static gboolean
optional_string (JsonObject  *object,
                 const char  *member,
                 char       **value,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "a task’s “%s” must be a string or null", member);
      return FALSE;
    }
  *value = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
require_date (JsonObject  *object,
              const char  *member,
              GDate       *date,
              GError     **error)
{
  const char *text = yc_json_require_string (object, member, YC_ERROR_PROTOCOL, error);

  if (text == NULL)
    return FALSE;
  if (!yc_time_parse_date (text, date))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "a task’s “%s” must be a date", member);
      return FALSE;
    }
  return TRUE;
}

YcTask *
yc_task_new_from_json (JsonNode  *node,
                       GError   **error)
{
  g_autoptr(YcTask) self = g_object_new (YC_TYPE_TASK, NULL);
  JsonObject *object;
  JsonNode *member;
  const char *text;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "a task must be an object");
      return NULL;
    }
  object = json_node_get_object (node);
  if (!yc_json_require_int (object, "id", &self->id, YC_ERROR_PROTOCOL, error))
    return NULL;
  if (!(text = yc_json_require_string (object, "kind", YC_ERROR_PROTOCOL, error)))
    return NULL;
  self->kind = g_strdup (text);
  if (!(text = yc_json_require_string (object, "title", YC_ERROR_PROTOCOL, error)))
    return NULL;
  self->title = g_strdup (text);
  if (!(text = yc_json_require_string (object, "state", YC_ERROR_PROTOCOL, error)))
    return NULL;
  if (g_str_equal (text, "new"))
    self->state = YC_TASK_NEW;
  else if (g_str_equal (text, "claimed"))
    self->state = YC_TASK_CLAIMED;
  else if (g_str_equal (text, "done"))
    self->state = YC_TASK_DONE;
  else
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "a task’s state “%s” is not known", text);
      return NULL;
    }
  if (!(text = yc_json_require_string (object, "escalation", YC_ERROR_PROTOCOL, error)))
    return NULL;
  if (!yc_escalation_from_string (text, &self->escalation))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "a task’s escalation “%s” is not known", text);
      return NULL;
    }
  if (!require_date (object, "respond_by", &self->respond_by, error) ||
      !require_date (object, "finish_by", &self->finish_by, error))
    return NULL;
  if (!optional_string (object, "detail", &self->detail, error) ||
      !optional_string (object, "clerk", &self->clerk, error) ||
      !optional_string (object, "zone", &self->zone, error) ||
      !optional_string (object, "claimed_by", &self->claimed_by, error) ||
      !optional_string (object, "case_number", &self->case_number, error) ||
      !optional_string (object, "created_at", &self->created_at, error) ||
      !optional_string (object, "result", &self->result, error) ||
      !optional_string (object, "done_at", &self->done_at, error) ||
      !optional_string (object, "done_by", &self->done_by, error))
    return NULL;

  member = json_object_get_member (object, "window");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member) &&
      !yc_json_require_int (object, "window", &self->window, YC_ERROR_PROTOCOL, error))
    return NULL;
  member = json_object_get_member (object, "ticket");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member) &&
      !optional_string (json_node_get_object (member), "number", &self->ticket_number, error))
    return NULL;

  return g_steal_pointer (&self);
}

static YcTask *
task_copy (YcTask *task)
{
  YcTask *self = g_object_new (YC_TYPE_TASK, NULL);

  self->id = task->id;
  self->kind = g_strdup (task->kind);
  self->title = g_strdup (task->title);
  self->detail = g_strdup (task->detail);
  self->clerk = g_strdup (task->clerk);
  self->window = task->window;
  self->zone = g_strdup (task->zone);
  self->claimed_by = g_strdup (task->claimed_by);
  self->ticket_number = g_strdup (task->ticket_number);
  self->case_number = g_strdup (task->case_number);
  self->created_at = g_strdup (task->created_at);
  self->respond_by = task->respond_by;
  self->finish_by = task->finish_by;
  self->state = task->state;
  self->escalation = task->escalation;
  self->result = g_strdup (task->result);
  self->done_at = g_strdup (task->done_at);
  self->done_by = g_strdup (task->done_by);
  return self;
}

YcTask *
yc_task_new_done (YcTask     *task,
                  const char *clerk,
                  const char *note,
                  const char *done_at)
{
  YcTask *self;

  g_return_val_if_fail (YC_IS_TASK (task), NULL);

  self = task_copy (task);
  self->state = YC_TASK_DONE;
  if (self->claimed_by == NULL)
    self->claimed_by = g_strdup (clerk);
  g_free (self->result);
  self->result = g_strdup (note);
  g_free (self->done_at);
  self->done_at = g_strdup (done_at);
  g_free (self->done_by);
  self->done_by = g_strdup (clerk);
  return self;
}

YcTask *
yc_task_new_merged (YcTask *task,
                    YcTask *older)
{
  YcTask *self;

  g_return_val_if_fail (YC_IS_TASK (task), NULL);
  g_return_val_if_fail (!older || YC_IS_TASK (older), NULL);

  self = task_copy (task);
  if (older != NULL && self->detail == NULL)
    self->detail = g_strdup (older->detail);
  if (older != NULL && self->result == NULL && self->state == YC_TASK_DONE)
    self->result = g_strdup (older->result);
  return self;
}

gint64
yc_task_get_id (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), 0);
  return self->id;
}

const char *
yc_task_get_kind (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), NULL);
  return self->kind;
}

const char *
yc_task_get_title (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), NULL);
  return self->title;
}

const char *
yc_task_get_detail (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), NULL);
  return self->detail;
}

const char *
yc_task_get_clerk (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), NULL);
  return self->clerk;
}

gint64
yc_task_get_window (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), 0);
  return self->window;
}

const char *
yc_task_get_zone (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), NULL);
  return self->zone;
}

const char *
yc_task_get_claimed_by (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), NULL);
  return self->claimed_by;
}

const char *
yc_task_get_ticket_number (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), NULL);
  return self->ticket_number;
}

const char *
yc_task_get_case_number (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), NULL);
  return self->case_number;
}

const char *
yc_task_get_created_at (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), NULL);
  return self->created_at;
}

const GDate *
yc_task_get_respond_by (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), NULL);
  return &self->respond_by;
}

const GDate *
yc_task_get_finish_by (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), NULL);
  return &self->finish_by;
}

YcTaskState
yc_task_get_state (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), YC_TASK_NEW);
  return self->state;
}

YcEscalation
yc_task_get_escalation (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), YC_ESCALATION_NONE);
  return self->escalation;
}

const char *
yc_task_get_result (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), NULL);
  return self->result;
}

const char *
yc_task_get_done_at (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), NULL);
  return self->done_at;
}

const char *
yc_task_get_done_by (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), NULL);
  return self->done_by;
}

const GDate *
yc_task_get_next_deadline (YcTask *self)
{
  g_return_val_if_fail (YC_IS_TASK (self), NULL);
  return self->state == YC_TASK_NEW ? &self->respond_by : &self->finish_by;
}

int
yc_task_compare_urgency (YcTask *a,
                         YcTask *b)
{
  int order;

  g_return_val_if_fail (YC_IS_TASK (a) && YC_IS_TASK (b), 0);

  if (a->state == YC_TASK_DONE && b->state == YC_TASK_DONE)
    {
      /* ISO 8601 times of one server compare as text. */
      if ((order = g_strcmp0 (b->done_at, a->done_at)) != 0)
        return order;
      return (b->id > a->id) - (b->id < a->id);
    }
  if ((a->state == YC_TASK_DONE) != (b->state == YC_TASK_DONE))
    return a->state == YC_TASK_DONE ? 1 : -1;
  if (a->escalation != b->escalation)
    return a->escalation > b->escalation ? -1 : 1;
  if ((order = g_date_compare (yc_task_get_next_deadline (a), yc_task_get_next_deadline (b))) != 0)
    return order;
  if ((order = g_date_compare (&a->finish_by, &b->finish_by)) != 0)
    return order;
  return (a->id > b->id) - (a->id < b->id);
}

YcTaskLight
yc_task_light_today (YcTask         *task,
                     YcWorkCalendar *calendar)
{
  GDate today;

  yc_time_local_date (&today);
  return yc_task_light (calendar, yc_task_get_state (task) != YC_TASK_NEW,
                        yc_task_get_respond_by (task), yc_task_get_finish_by (task), &today);
}

/* "Due today", "2 working days left", "1 working day overdue": how far the deadline
 * that counts now is. */
char *
yc_task_describe_countdown (YcTask         *task,
                            YcWorkCalendar *calendar)
{
  const GDate *next = yc_task_get_next_deadline (task);
  GDate today;
  int days;

  if (yc_task_get_state (task) == YC_TASK_DONE)
    {
      g_autofree char *day = yc_task_get_done_at (task) != NULL ? g_strndup (yc_task_get_done_at (task), 10) : NULL;

      /* Translators: a completed task; %s is the date */
      return day != NULL ? g_strdup_printf (_("Completed on %s"), day) : g_strdup (_("Completed"));
    }

  yc_time_local_date (&today);
  /* The finish deadline may pass before an unanswered one's answer deadline does not:
   * a task late to finish is late. */
  if (g_date_compare (&today, yc_task_get_finish_by (task)) > 0)
    next = yc_task_get_finish_by (task);
  if (g_date_compare (&today, next) > 0)
    {
      days = yc_work_calendar_count (calendar, next, &today);
      if (days <= 0)
        /* Translators: a deadline passed, over days off only */
        return g_strdup (_("Overdue"));
      /* Translators: a task's deadline passed this many working days ago */
      return g_strdup_printf (ngettext ("%d working day overdue", "%d working days overdue", days), days);
    }
  if (g_date_compare (&today, next) == 0)
    return g_strdup (yc_task_get_state (task) == YC_TASK_NEW
                     /* Translators: a task to be claimed or answered by the end of today */
                     ? _("Answer today")
                     /* Translators: a task to be finished by the end of today */
                     : _("Finish today"));
  days = yc_work_calendar_count (calendar, &today, next);
  return g_strdup_printf (yc_task_get_state (task) == YC_TASK_NEW
                          /* Translators: working days left to claim or answer a task */
                          ? ngettext ("%d working day left to answer", "%d working days left to answer", days)
                          /* Translators: working days left to finish a task */
                          : ngettext ("%d working day left to finish", "%d working days left to finish", days),
                          days);
}
