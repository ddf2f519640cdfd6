/* yc-waiting-panel.h: who waits, who is parked here and the clerk's day, on the Queue
 * page beside the visit card. */
#pragma once

#include <gtk/gtk.h>

#include "net/yc-queue.h"

G_BEGIN_DECLS

#define YC_TYPE_WAITING_PANEL (yc_waiting_panel_get_type ())
G_DECLARE_FINAL_TYPE (YcWaitingPanel, yc_waiting_panel, YC, WAITING_PANEL, GtkWidget)

/* Once: shows queue's services, parked tickets and day. */
void      yc_waiting_panel_bind          (YcWaitingPanel *self,
                                          YcQueue        *queue);
/* Offline, the counts are from before the outage: shown, but faded. */
void      yc_waiting_panel_set_offline   (YcWaitingPanel *self,
                                          gboolean        offline);
/* A training scenario's citizen's story (the queue's current ticket's, as it changes;
 * none for NULL or a ticket without one). */
void      yc_waiting_panel_show_story    (YcWaitingPanel *self,
                                          YcTicket       *ticket);
GtkLabel *yc_waiting_panel_get_day_label (YcWaitingPanel *self);
GtkWidget *yc_waiting_panel_get_story_box  (YcWaitingPanel *self);
GtkLabel  *yc_waiting_panel_get_story_label (YcWaitingPanel *self);

G_END_DECLS
