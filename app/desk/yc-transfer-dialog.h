/* yc-transfer-dialog.h: where the citizen at the window goes (a service's queue, a window,
 * a colleague), with a note for the next clerk. */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "core/yc-ticket.h"
#include "net/yc-queue.h"

G_BEGIN_DECLS

#define YC_TYPE_TRANSFER_DIALOG (yc_transfer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YcTransferDialog, yc_transfer_dialog, YC, TRANSFER_DIALOG, AdwMessageDialog)

/* targets: YcQueueTarget each (yc-queue.h), at least one; kept by the dialog. Its
 * responses are "cancel" and "transfer". */
GtkWidget *yc_transfer_dialog_new      (GtkWindow        *parent,
                                        YcTicket         *ticket,
                                        GPtrArray        *targets);
/* Asks queue where the citizen at its window may go and, when somewhere, shows the
 * dialog over from's window with response_cb connected to its "response" (from passed
 * as user data, as g_signal_connect_object () does). When there is nowhere, or the centre
 * cannot say, a toast tells the clerk. Nothing is shown if the citizen has left the
 * window meanwhile, or cancellable is cancelled. */
void       yc_transfer_dialog_ask      (GtkWidget        *from,
                                        YcQueue          *queue,
                                        GCancellable     *cancellable,
                                        GCallback         response_cb);
YcTicket  *yc_transfer_dialog_get_ticket (YcTransferDialog *self);
/* The transfer's body: the target chosen, and the note if one was written. */
JsonNode  *yc_transfer_dialog_get_body (YcTransferDialog *self);

G_END_DECLS
