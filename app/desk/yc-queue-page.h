/* yc-queue-page.h: the Queue page: the ticket at the window and the counter actions, who
 * waits, the tickets parked here and the clerk's day. */
#pragma once

#include <gtk/gtk.h>

#include "core/yc-visit.h"

#include "yc-context.h"

G_BEGIN_DECLS

#define YC_TYPE_QUEUE_PAGE (yc_queue_page_get_type ())
G_DECLARE_FINAL_TYPE (YcQueuePage, yc_queue_page, YC, QUEUE_PAGE, GtkWidget)

GtkWidget *yc_queue_page_new          (YcContext   *context);
/* The ticket at the window, or NULL. Notified as "current". */
YcTicket  *yc_queue_page_get_current  (YcQueuePage *self);
/* TRUE while a call or a finish is under way. Notified as "busy". */
gboolean   yc_queue_page_get_busy     (YcQueuePage *self);
/* Whether the window takes citizens: "open", "paused" or "closed" (closed for the day).
 * Notified as "window-state". */
const char *yc_queue_page_get_window_state (YcQueuePage *self);
/* An intake of the visit was decided (matter: read from its "case" record): if its
 * ticket's citizen is still at the window, its title (and package or item code) count
 * among the services delivered, its applicant shows on the card (the number masked),
 * and its decision sets the outcome unless the clerk chose one. */
void       yc_queue_page_add_case     (YcQueuePage         *self,
                                       const YcVisitMatter *matter);

G_END_DECLS
