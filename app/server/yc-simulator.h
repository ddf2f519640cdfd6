/* yc-simulator.h: simulated citizens (and colleagues) for demo mode, on the server's thread. */
#pragma once

#include "server/yc-server-db.h"

G_BEGIN_DECLS

typedef struct _YcSimulator YcSimulator;

/* Runs on the thread-default main context until freed. */
YcSimulator *yc_simulator_new  (YcServerDb  *db);
void         yc_simulator_free (YcSimulator *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcSimulator, yc_simulator_free)

G_END_DECLS
