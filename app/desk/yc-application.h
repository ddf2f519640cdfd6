/* yc-application.h: the yichuang application: command line, app actions, the one window. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YC_TYPE_APPLICATION (yc_application_get_type ())
G_DECLARE_FINAL_TYPE (YcApplication, yc_application, YC, APPLICATION, AdwApplication)

YcApplication *yc_application_new (void);
/* The About window (the app.about action's), over parent. */
GtkWidget *yc_application_new_about_window (GtkWindow *parent);

G_END_DECLS
