/* yc-preferences.h: the desk's preferences window: which task notifications are shown
 * (each reason, each kind of task), kept in the settings as YcNotifier reads them. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YC_TYPE_PREFERENCES (yc_preferences_get_type ())
G_DECLARE_FINAL_TYPE (YcPreferences, yc_preferences, YC, PREFERENCES, AdwPreferencesWindow)

GtkWidget *yc_preferences_new (GtkWindow *parent,
                               GSettings *settings);
/* The switch of a kind of task ("hotline" …), for the tests. */
GtkSwitch *yc_preferences_get_kind_switch (YcPreferences *self,
                                           const char    *kind);

G_END_DECLS
