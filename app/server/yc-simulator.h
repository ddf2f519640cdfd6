/* yc-simulator.h: simulated citizens (and colleagues) for demo mode, on the server's thread. */
#pragma once

#include "server/yc-server-db.h"

G_BEGIN_DECLS

typedef struct _YcSimulator YcSimulator;

typedef struct
{
  const gint64 *reserved;    /* windows kept for trainees: no colleague sits or calls there */
  guint         n_reserved;
  gboolean      manual;      /* no timer: only yc_simulator_step() moves it (tests) */
  guint32       seed;        /* 0: a random one */
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcSimulator, yc_simulator_free)

G_END_DECLS
