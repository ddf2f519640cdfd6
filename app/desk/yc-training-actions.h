/* yc-training-actions.h: the window's Training menu (a demo desk's, or a desk logged in to
 * a server that plays a training scenario): choose a scenario, pause and resume, the pace,
 * restart, the summary; as the training.* actions, and the summary shown by itself once
 * when the scenario ends. */
#pragma once

#include <adwaita.h>

#include "yc-context.h"

G_BEGIN_DECLS

/* The paces the menu offers, scenario seconds per second. */
#define YC_TRAINING_PACES { 0.5, 1.0, 2.0, 5.0, 10.0 }

/* Inserts the "training" action group into window and a Training submenu into menu
 * while there is a training to control (its section is removed again when there is none).
 * The Pause key toggles training.pause. */
void        yc_training_actions_attach  (GtkWidget  *window,
                                         YcContext  *context,
                                         GMenu      *menu);
/* Whether the Training submenu is in menu. For the tests. */
gboolean    yc_training_actions_shown   (GMenu      *menu);

G_END_DECLS
