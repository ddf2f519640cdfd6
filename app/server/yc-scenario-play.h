/* yc-scenario-play.h: a training scenario (docs/scenarios.md) played in the simulated
 * hall, on the server's thread: its clock, its events (the trainee's part once for each
 * trainee's window) and the judgement of its goals, window by window. */
#pragma once

#include "core/yc-scenario.h"
#include "server/yc-server-db.h"

G_BEGIN_DECLS

typedef struct _YcScenarioPlay YcScenarioPlay;

/* An outage begins (down) or ends: whoever serves the hall stops answering, or answers
 * again. */
typedef void (*YcScenarioOutageFunc) (gboolean  down,
                                      gpointer  data);

/* windows: the trainees' (at least one); pace: scenario seconds per second, within
 * YC_SCENARIO_PACE_MIN and _MAX; samples: resources/demo/tasks.json, for bursts (may be
 * NULL: no burst then). Nothing happens before the first yc_scenario_play_advance(). */
YcScenarioPlay *yc_scenario_play_new        (YcServerDb           *db,
                                             YcScenario           *scenario,
                                             const gint64         *windows,
                                             guint                 n_windows,
                                             double                pace,
                                             JsonNode             *samples);
/* An outage under way ends first. */
void            yc_scenario_play_free       (YcScenarioPlay       *self);
void            yc_scenario_play_set_outage_func (YcScenarioPlay  *self,
                                             YcScenarioOutageFunc  func,
                                             gpointer              data);

/* seconds of the hall's time have passed: the goals are judged at the clock as it was,
 * then the clock moves pace × seconds (paused, not at all) and what falls due happens.
 * At the scenario's length it ends: goals still pending are missed, no event comes any
 * more. */
void            yc_scenario_play_advance    (YcScenarioPlay       *self,
                                             double                seconds);
YcScenario     *yc_scenario_play_get_scenario (YcScenarioPlay     *self);
double          yc_scenario_play_get_clock  (YcScenarioPlay       *self);
gboolean        yc_scenario_play_is_ended   (YcScenarioPlay       *self);
gboolean        yc_scenario_play_is_paused  (YcScenarioPlay       *self);
void            yc_scenario_play_set_paused (YcScenarioPlay       *self,
                                             gboolean              paused);
double          yc_scenario_play_get_pace   (YcScenarioPlay       *self);
/* Clamped to the pace a scenario takes. */
void            yc_scenario_play_set_pace   (YcScenarioPlay       *self,
                                             double                pace);
/* The trainees' first window, for a duty manager who names none. */
gint64          yc_scenario_play_first_window (YcScenarioPlay     *self);

/* What GET /training answers (docs/scenarios.md, "The judgement") for window, its goals
 * judged now, and the trainees' windows in the order they were reserved; control:
 * whether the caller may pause and change the pace. A window no trainee has has no
 * goals. */
JsonNode       *yc_scenario_play_report     (YcScenarioPlay       *self,
                                             gint64                window,
                                             gboolean              control);

/* The day days working days (Monday to Friday) before today, as a wire date: deadlines
 * as a clerk would have been given them, never on a weekend. */
char           *yc_working_days_ago         (guint                 days);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcScenarioPlay, yc_scenario_play_free)

G_END_DECLS
