/* yc-simulator.h: simulated citizens (and colleagues) for demo mode, on the server's thread. */
#pragma once

#include "server/yc-scenario-play.h"
#include "server/yc-server-db.h"

G_BEGIN_DECLS

typedef struct _YcSimulator YcSimulator;

typedef struct
{
  const gint64 *reserved;    /* windows kept for trainees: no colleague sits or calls there */
  guint         n_reserved;
  gint64        trainer_window;  /* not 0: the trainer's, kept from colleagues too, no trainee's */
  gboolean      manual;      /* no timer: only yc_simulator_step() moves it (tests) */
  guint32       seed;        /* 0: a random one */
  /* A training scenario to play for the reserved windows' trainees (NULL: none): then
   * citizens come only as it says (its walk-ins, its events), colleagues only if it has
   * them, and the centre assigns only its tasks; at pace scenario seconds a second (0: 1). */
  YcScenario   *scenario;
  double        pace;
} YcSimulatorOptions;

/* Runs on the thread-default main context until freed; options may be NULL. Colleagues
 * log in at the windows nobody is logged in at and that are not reserved, and log out
 * when it is freed. */
YcSimulator *yc_simulator_new  (YcServerDb               *db,
                                const YcSimulatorOptions *options);
/* seconds of the hall's life at once, one tick a second, as the timer would run them. */
void         yc_simulator_step (YcSimulator *self,
                                guint        seconds);
void         yc_simulator_free (YcSimulator *self);
/* The scenario it plays, or NULL. */
YcScenarioPlay *yc_simulator_get_play (YcSimulator *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcSimulator, yc_simulator_free)

G_END_DECLS
