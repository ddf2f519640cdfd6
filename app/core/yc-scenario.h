/* yc-scenario.h: a training scenario (docs/scenarios.md): a timeline of what happens in
 * the hall — citizens with their stories, tasks from the centre, a bad rating, the
 * server gone for a while — and the goals a trainee is expected to reach, each with how
 * the centre tells it was reached. The server plays it (one copy of the trainee's part
 * for each trainee's window) and judges the goals; the desk shows the judgement
 * (YcTrainingReport). Pure data: no server, no GTK. */
#pragma once

#include <json-glib/json-glib.h>

#include "core/yc-case.h"
#include "core/yc-translation.h"
#include "core/yc-visit.h"

G_BEGIN_DECLS

/* The pace a scenario may be played at, scenario seconds per second. */
#define YC_SCENARIO_PACE_MIN 0.5
#define YC_SCENARIO_PACE_MAX 10.0

typedef enum
{
  YC_SCENARIO_EVENT_CITIZEN,   /* a scripted citizen takes a ticket, for each trainee's window */
  YC_SCENARIO_EVENT_TICKETS,   /* count citizens join a service's queue, for anybody (colleagues too) */
  YC_SCENARIO_EVENT_TASK,      /* the centre assigns each trainee's window a task to claim */
  YC_SCENARIO_EVENT_BURST,     /* count tasks at once for each trainee's window, from the sample tasks */
  YC_SCENARIO_EVENT_RATING,    /* a scripted citizen rates the visit, once it is finished */
  YC_SCENARIO_EVENT_OUTAGE,    /* the server stops answering for seconds */
} YcScenarioEventKind;

typedef struct
{
  YcScenarioEventKind kind;
  double      at;             /* scenario seconds from the start */
  char       *id;             /* citizen, task, burst: what goals name it by; else NULL */
  /* citizen, tickets: */
  char       *service;        /* a service letter of the hall */
  char       *priority;       /* citizen: NULL or "elderly", "disabled", "pregnant", "serviceman", "assisted" */
  gboolean    appointment;    /* citizen: booked for now */
  JsonNode   *story;          /* citizen: who they are, what they want and bring (a text, below) */
  guint       count;          /* tickets, burst */
  /* task: */
  char       *task_kind;      /* "hotline", "correction" … (yc-task.h) */
  JsonNode   *title;          /* a text */
  JsonNode   *detail;         /* a text, or NULL */
  int         overdue_days;   /* > 0: its deadline passed that many working days ago (it escalates) */
  /* rating: */
  char       *ticket;         /* the citizen event's id */
  char       *level;          /* "very_satisfied" … "very_dissatisfied" */
  JsonNode   *comment;        /* a text, or NULL */
  /* outage: */
  double      seconds;
} YcScenarioEvent;

typedef enum
{
  YC_SCENARIO_GOAL_CALL,       /* the citizen called at the trainee's window within seconds of arriving */
  YC_SCENARIO_GOAL_FINISH,     /* the citizen's visit finished there, with one of the outcomes */
  YC_SCENARIO_GOAL_DECIDE,     /* a case for the citizen with the decision (and 容缺 or not) reached the centre */
  YC_SCENARIO_GOAL_TASK,       /* the task (every task of the burst) completed within seconds of its arrival */
  YC_SCENARIO_GOAL_FOLLOW_UP,  /* the follow-up of the citizen's bad rating completed within seconds */
} YcScenarioGoalKind;

/* "call", "finish", "decide", "task", "follow_up"; and back. */
const char  *yc_scenario_goal_kind_to_wire   (YcScenarioGoalKind  kind);
gboolean     yc_scenario_goal_kind_from_wire (const char         *wire,
                                              YcScenarioGoalKind *kind);

typedef struct
{
  YcScenarioGoalKind kind;
  char       *id;             /* unique in the scenario */
  JsonNode   *expect;         /* what the trainee should do, as the trainer says it (a text) */
  char       *target;         /* the citizen's id (call, finish, decide, follow_up) or the task's or burst's */
  double      within;         /* call, task, follow_up: scenario seconds; 0 for no limit */
  guint       outcomes;       /* finish: a bit (1 << YcVisitOutcome) for each outcome that counts */
  YcDecision  decision;       /* decide */
  int         deferred;       /* decide: -1 either, 0 nothing deferred, 1 a material deferred (容缺) */
} YcScenarioGoal;

typedef struct _YcScenario YcScenario;

#define YC_TYPE_SCENARIO (yc_scenario_get_type ())
GType        yc_scenario_get_type     (void) G_GNUC_CONST;

/* A scenario from its JSON (docs/scenarios.md); YC_ERROR_INVALID_INPUT naming the member
 * that is wrong: an unknown event or goal kind, a goal naming an event there is not, a
 * time outside [0, length] … */
YcScenario  *yc_scenario_new_from_json (JsonNode    *root,
                                        GError     **error);
YcScenario  *yc_scenario_new_from_data (const char  *data,
                                        gsize        length,
                                        GError     **error);
YcScenario  *yc_scenario_ref          (YcScenario  *self);
void         yc_scenario_unref        (YcScenario  *self);

/* [a-z0-9-]+, the name --scenario takes. */
const char  *yc_scenario_get_id       (YcScenario  *self);
JsonNode    *yc_scenario_get_title    (YcScenario  *self);
JsonNode    *yc_scenario_get_brief    (YcScenario  *self);
/* Scenario seconds from the start to the end. */
double       yc_scenario_get_length   (YcScenario  *self);
/* Whether simulated colleagues serve the windows no trainee has. */
gboolean     yc_scenario_get_colleagues (YcScenario *self);
/* Walk-ins for anybody between these many scenario seconds (0, 0: none). */
void         yc_scenario_get_walk_ins (YcScenario  *self,
                                       double      *every_min,
                                       double      *every_max);
/* Events in the order of their times. */
guint                  yc_scenario_get_n_events (YcScenario *self);
const YcScenarioEvent *yc_scenario_get_event    (YcScenario *self,
                                                 guint       i);
const YcScenarioEvent *yc_scenario_find_event   (YcScenario *self,
                                                 const char *id);
guint                  yc_scenario_get_n_goals  (YcScenario *self);
const YcScenarioGoal  *yc_scenario_get_goal     (YcScenario *self,
                                                 guint       i);

/* A text of a scenario is a string, or an object of strings by language ("zh_CN",
 * "zh_TW", "en" …): the one for the first of the desk's languages it has, else "en",
 * else any. Borrowed; NULL for NULL or for what is no text. */
const char  *yc_scenario_text         (JsonNode    *text);
/* The same for a paper in language ("zh_TW"): that one, else for Traditional the other
 * Traditional one, then zh_CN (the paper converts it); else "en", else any. */
const char  *yc_scenario_text_in      (JsonNode    *text,
                                       const char  *language);

/* How a goal stands. */
typedef enum
{
  YC_GOAL_PENDING,    /* not yet, and there is still time */
  YC_GOAL_DONE,       /* done, in time */
  YC_GOAL_LATE,       /* done, after the time it had */
  YC_GOAL_WRONG,      /* something else was done (the report says what) */
  YC_GOAL_MISSED,     /* the scenario ended, or its time passed, without it */
} YcGoalState;

/* "pending", "done", "late", "wrong", "missed"; and back. */
const char  *yc_goal_state_to_wire    (YcGoalState  state);
gboolean     yc_goal_state_from_wire  (const char  *wire,
                                       YcGoalState *state);
/* The word a trainer reads (in labels' language, NULL: the desk's): 待完成, 完成, 超时完成,
 * 做错, 未完成. */
const char  *yc_goal_state_get_name   (YcGoalState  state,
                                       const YcTranslation *labels);

/* What the server says of a training (GET /training, docs/api.md "Training"), as the
 * desk reads it. */
typedef struct
{
  char        *id;
  YcScenarioGoalKind kind;
  JsonNode    *expect;        /* a text */
  YcGoalState  state;
  double       at;            /* done, late, wrong: when (scenario seconds); else -1 */
  char        *ticket;        /* the citizen's ticket number at this window, or NULL */
  char        *got;           /* wrong: what was done instead, as the wire says it
                               * ("refused", "completed" …), or NULL */
} YcTrainingGoal;

typedef struct
{
  char        *scenario;      /* its id */
  JsonNode    *title;         /* a text */
  JsonNode    *brief;         /* a text */
  double       clock;         /* scenario seconds played */
  double       length;
  double       pace;
  gboolean     paused;
  gboolean     ended;
  gboolean     control;       /* whether this caller may pause and change the pace */
  gint64       window;        /* the trainee's window the goals are of */
  GArray      *windows;       /* gint64: the trainees' windows, in the server's order,
                               * each once; empty when the server does not say */
  GPtrArray   *goals;         /* YcTrainingGoal */
} YcTrainingReport;

YcTrainingReport *yc_training_report_new_from_json (JsonNode          *node,
                                                    GError           **error);
void         yc_training_report_free  (YcTrainingReport *report);
/* How many goals are in each state. */
guint        yc_training_report_count (YcTrainingReport *report,
                                       YcGoalState       state);
/* One line of what the trainee did, for the summary and its PDF (in labels' language,
 * NULL: the desk's; new): "12:40 完成", "未完成", "做错：作出了不予受理决定",
 * "超时完成（用时 6分10秒）" … */
char        *yc_training_goal_describe (const YcTrainingGoal *goal,
                                        const YcTranslation  *labels);
/* Scenario seconds as a trainer reads them: "3:05", "1:02:00". */
char        *yc_training_format_clock (double            seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcScenario, yc_scenario_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcTrainingReport, yc_training_report_free)

G_END_DECLS
