/* yc-walk-in-dialog.h: a citizen without a ticket, served now (无号办理): for which of the
 * window's services. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YC_TYPE_WALK_IN_DIALOG (yc_walk_in_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YcWalkInDialog, yc_walk_in_dialog, YC, WALK_IN_DIALOG, AdwMessageDialog)

/* services: the window's YcService, at least one; one response each, its letter (the
 * first the default), and "cancel". */
GtkWidget *yc_walk_in_dialog_new (GtkWindow  *parent,
                                  GListModel *services);

G_END_DECLS
