/* yc-setup-window.h: the window a desk with no server configured starts with. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YC_TYPE_SETUP_WINDOW (yc_setup_window_get_type ())
G_DECLARE_FINAL_TYPE (YcSetupWindow, yc_setup_window, YC, SETUP_WINDOW, AdwApplicationWindow)

/* application may be NULL (a test's). settings (may be NULL: nothing is kept) gets the address the clerk gives. The window
 * emits "chosen" with that address, or with NULL for the demo. */
YcSetupWindow *yc_setup_window_new     (GtkApplication *application,
                                        GSettings      *settings);

G_END_DECLS
