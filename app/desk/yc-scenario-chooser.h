/* yc-scenario-chooser.h: the training scenarios a demo desk can play, to choose one: the
 * shipped ones (compiled in, /cn/yichuang/Demo/scenarios/) and the trainer's own
 * (yc_context_dup_trainer_folder ()), each by its title and brief. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YC_TYPE_SCENARIO_CHOOSER (yc_scenario_chooser_get_type ())
G_DECLARE_FINAL_TYPE (YcScenarioChooser, yc_scenario_chooser, YC, SCENARIO_CHOOSER, AdwWindow)

/* "chosen" (const char *name: a shipped id, or a trainer's file's path) once a row is
 * activated; the dialog then closes. current: the name playing now, marked, or NULL. */
GtkWidget  *yc_scenario_chooser_new       (GtkWindow  *parent,
                                           const char *current);
/* For the tests: the rows, one per scenario found. */
GtkListBox *yc_scenario_chooser_get_list  (YcScenarioChooser *self);

G_END_DECLS
