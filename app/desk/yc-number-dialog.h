/* yc-number-dialog.h: asks for a ticket number as the kiosk prints it (a letter and three
 * or more digits): to call it ahead of the queue, or to put a no-show back in it. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YC_TYPE_NUMBER_DIALOG (yc_number_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YcNumberDialog, yc_number_dialog, YC, NUMBER_DIALOG, AdwMessageDialog)

/* Responses "cancel" and response (labelled label, enabled only for a number). */
GtkWidget *yc_number_dialog_new        (GtkWindow      *parent,
                                        const char     *heading,
                                        const char     *body,
                                        const char     *response,
                                        const char     *label);
/* The same, shown over from's window, response_cb connected to its "response" with from
 * as user data (g_signal_connect_object ()). */
void       yc_number_dialog_ask        (GtkWidget      *from,
                                        const char     *heading,
                                        const char     *body,
                                        const char     *response,
                                        const char     *label,
                                        GCallback       response_cb);
/* The number typed, in capitals, or NULL if it is not one. */
char      *yc_number_dialog_get_number (YcNumberDialog *self);
/* text as a ticket number ("a012 " → "A012"), or NULL. */
char      *yc_number_dialog_normalise  (const char     *text);

G_END_DECLS
