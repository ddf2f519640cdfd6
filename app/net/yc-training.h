/* yc-training.h: the training scenario the server plays, as this session's window sees it
 * or, for a supervisor, a trainee's window it names (docs/scenarios.md, GET and POST
 * /training), kept current.
 *
 * Read at each log-in, then every 2 seconds while a scenario plays (every 10 while it is
 * paused, to see a trainer resume it), and at once after a change of the play. A server
 * without a scenario answers not_found: then nothing plays and nothing is wrong. While the
 * server cannot be reached, the last report stays. "ended" is emitted once when a
 * scenario is first seen ended since the log-in (or since it was seen playing again). */
#pragma once

#include <gio/gio.h>

#include "core/yc-scenario.h"
#include "net/yc-client.h"

G_BEGIN_DECLS

/* How often the report is read while a scenario plays, and while it is paused. */
#define YC_TRAINING_REFRESH_MS        2000
#define YC_TRAINING_REFRESH_PAUSED_MS 10000

#define YC_TYPE_TRAINING (yc_training_get_type ())
G_DECLARE_FINAL_TYPE (YcTraining, yc_training, YC, TRAINING, GObject)

YcTraining       *yc_training_new          (YcClient         *client);

/* The last report read, or NULL while none plays (or none was read yet). Notified as
 * "report" at each read, with the properties below when they change. */
YcTrainingReport *yc_training_get_report   (YcTraining       *self);
/* A scenario plays for this session (the route answered). */
gboolean          yc_training_get_playing  (YcTraining       *self);
gboolean          yc_training_get_paused   (YcTraining       *self);
gboolean          yc_training_get_ended    (YcTraining       *self);
/* Scenario seconds per second; 1 while none plays. */
double            yc_training_get_pace     (YcTraining       *self);
/* Whether this desk may pause and change the pace (its own demo, or a supervisor). */
gboolean          yc_training_get_control  (YcTraining       *self);

/* Whose judgement is read: a trainee's window (a supervisor's session only, one of the
 * report's windows), or 0, this session's own (a supervisor's: the trainees' first). A
 * change reads at once; the last report stays until the answer. A new session starts at 0.
 * Changes (set_paused, set_pace) are the class's and name no window. */
gint64            yc_training_get_window   (YcTraining       *self);
void              yc_training_set_window   (YcTraining       *self,
                                            gint64            window);

/* Reads the report now. */
void              yc_training_refresh      (YcTraining       *self);
/* Asks the server (POST /training); the answer becomes the report. A refusal is
 * emitted as "error" with its GError (YC_ERROR). */
void              yc_training_set_paused   (YcTraining       *self,
                                            gboolean          paused);
void              yc_training_set_pace     (YcTraining       *self,
                                            double            pace);

/* For tests and a summary shown from a file: takes report as if the server had answered
 * it (NULL: none plays). */
void              yc_training_take_report  (YcTraining       *self,
                                            YcTrainingReport *report);

G_END_DECLS
