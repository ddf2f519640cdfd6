/* yc-finish-report.h: what the clerk is told of a finish (F4, or the finish before F2
 * calls the next): nothing when the centre has it; the truth when it could not be told,
 * or did not take — a ticket the centre did not finish gets a dialog the clerk cannot miss
 * between two citizens, naming the ticket, why and what to do; the reason when the visit
 * could not even be recorded. */
#pragma once

#include <gtk/gtk.h>

#include "net/yc-queue.h"

G_BEGIN_DECLS

/* number: the ticket finished; finish and error as yc_queue_finish_finish () gave them. */
void yc_finish_report (GtkWidget     *from,
                       const char    *number,
                       YcQueueFinish  finish,
                       const GError  *error);

G_END_DECLS
