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
/* A passing message at the bottom of the window; the one way the desk's pages show one. */
void       yc_window_add_toast    (YcWindow       *self,
                                   const char     *message);
/* The same from a widget inside the window; nothing when it is in none. Pages use
 * yc_desk_toast (yc-desk-actions.h); this stays for the Queue page until it does. */
void       yc_window_toast_from   (GtkWidget      *widget,
                                   const char     *message);

/* Starts an intake (package NULL: of the one item in items) on the Intake page and shows
 * it; the ticket at the window, if any, is the intake's. */
void       yc_window_start_intake (YcWindow           *self,
                                   const char         *package,
                                   const char * const *items,
                                   const char         *title);
/* Raises the window on the Tasks page with task id shown (0: the page alone). */
void       yc_window_show_task    (YcWindow           *self,
                                   gint64              id);

G_END_DECLS
