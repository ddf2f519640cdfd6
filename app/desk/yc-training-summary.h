/* yc-training-summary.h: how a training went, for the trainee at the end of a scenario
 * (or whenever they ask): the scenario, the time played, each goal with what the centre
 * saw of it, the counts; and the same on paper as a PDF. A duty manager chooses which
 * trainee's window it shows. */
#pragma once

#include <adwaita.h>

#include "net/yc-training.h"

#include "yc-context.h"
#include "yc-print.h"

G_BEGIN_DECLS

#define YC_TYPE_TRAINING_SUMMARY (yc_training_summary_get_type ())
G_DECLARE_FINAL_TYPE (YcTrainingSummary, yc_training_summary, YC, TRAINING_SUMMARY, AdwWindow)

/* Over parent, showing training's report as it changes; context gives the paper its
 * hall, window and clerk. */
GtkWidget *yc_training_summary_new          (GtkWindow   *parent,
                                             YcContext   *context,
                                             YcTraining  *training);

/* For the tests. */
GtkLabel   *yc_training_summary_get_title_label  (YcTrainingSummary *self);
GtkLabel   *yc_training_summary_get_counts_label (YcTrainingSummary *self);
GtkListBox *yc_training_summary_get_goals_list   (YcTrainingSummary *self);
/* Whose window's summary is shown: visible for a duty manager, when there are several. */
GtkDropDown *yc_training_summary_get_window_drop_down (YcTrainingSummary *self);
/* The paper the Export button saves (NULL while there is no report). */
YcDocument *yc_training_summary_new_document     (YcTrainingSummary *self);

G_END_DECLS
