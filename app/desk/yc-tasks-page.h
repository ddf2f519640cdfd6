/* yc-tasks-page.h: the Tasks page: the work the centre assigned, in three views (mine,
 * to claim, done), sorted by urgency, each with its light (green; yellow when a deadline
 * is today or the next working day; red once one has passed), its countdown in working
 * days and its escalation (三单一函). The task chosen shows what it asks and what it is
 * about (the visit, the case), and is claimed, given back or completed there. */
#pragma once

#include <gtk/gtk.h>

#include "yc-context.h"

G_BEGIN_DECLS

#define YC_TYPE_TASKS_PAGE (yc_tasks_page_get_type ())
G_DECLARE_FINAL_TYPE (YcTasksPage, yc_tasks_page, YC, TASKS_PAGE, GtkWidget)

GtkWidget  *yc_tasks_page_new        (YcContext   *context);
/* Shows the task of that id in whichever view has it (once the lists have it, if they do
 * not yet). */
void        yc_tasks_page_show_task  (YcTasksPage *self,
                                      gint64       id);

G_END_DECLS
