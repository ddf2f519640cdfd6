/* yc-parked-list.h: the tickets parked at the window, on the Queue page. */
#pragma once

#include <gtk/gtk.h>

#include "net/yc-queue.h"

G_BEGIN_DECLS

#define YC_TYPE_PARKED_LIST (yc_parked_list_get_type ())
G_DECLARE_FINAL_TYPE (YcParkedList, yc_parked_list, YC, PARKED_LIST, GtkWidget)

/* Once: shows queue's parked tickets, and names their services. */
void yc_parked_list_bind (YcParkedList *self,
                          YcQueue      *queue);

G_END_DECLS
