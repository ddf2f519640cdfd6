/* yc-queue-page.h: the Queue page: the ticket at the window, Call Next, Finish, who waits. */
#pragma once

#include <gtk/gtk.h>

#include "yc-context.h"

G_BEGIN_DECLS

#define YC_TYPE_QUEUE_PAGE (yc_queue_page_get_type ())
G_DECLARE_FINAL_TYPE (YcQueuePage, yc_queue_page, YC, QUEUE_PAGE, GtkWidget)

GtkWidget *yc_queue_page_new          (YcContext   *context);
/* The ticket at the window, or NULL. Notified as "current". */
YcTicket  *yc_queue_page_get_current  (YcQueuePage *self);
/* TRUE while a call or a finish is under way. Notified as "busy". */
gboolean   yc_queue_page_get_busy     (YcQueuePage *self);

G_END_DECLS
