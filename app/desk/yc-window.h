/* yc-window.h: the desk's one window: log-in view, then header, sidebar and pages. */
#pragma once

#include <adwaita.h>

#include "yc-context.h"

G_BEGIN_DECLS

#define YC_TYPE_WINDOW (yc_window_get_type ())
G_DECLARE_FINAL_TYPE (YcWindow, yc_window, YC, WINDOW, AdwApplicationWindow)

/* app may be NULL (tests). */
YcWindow  *yc_window_new          (GtkApplication *app,
                                   YcContext      *context);
/* Pages reach the window through its win.* actions (yc-desk-actions.h), never a call. */

/* Raises the window on the Tasks page with task id shown (0: the page alone). */
void       yc_window_show_task    (YcWindow           *self,
                                   gint64              id);

G_END_DECLS
