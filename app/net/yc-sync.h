/* yc-sync.h: pushes the outbox to the server in batches, oldest first, with backoff.
 * It wakes on new records, when the client comes back online, and on its backoff timer. */
#pragma once

#include <gio/gio.h>

#include "net/yc-client.h"
#include "store/yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_SYNC (yc_sync_get_type ())
G_DECLARE_FINAL_TYPE (YcSync, yc_sync, YC, SYNC, GObject)

YcSync   *yc_sync_new          (YcClient *client,
                                YcStore  *store);
/* Try now instead of waiting for the backoff timer. */
void      yc_sync_kick         (YcSync   *self);
/* For good: cancels what is under way and stops listening to the client and the store.
 * Nothing is pushed while no clerk is logged in; no need to stop for that. */
void      yc_sync_stop         (YcSync   *self);
gboolean  yc_sync_get_busy     (YcSync   *self);
/* Backoff bounds in milliseconds; defaults 1000 and 60000. */
void      yc_sync_set_backoff  (YcSync   *self,
                                guint     min_ms,
                                guint     max_ms);
/* Batches of at most this many records; default 50. Whatever the count, a batch's body
 * stays under what POST /records takes. */
void      yc_sync_set_batch    (YcSync   *self,
                                guint     batch);
/* The records that need the clerk: refused by the server, too large to send, or stored
 * but not applied (YcOutboxEntry, newest first), until dismissed. */
GListModel *yc_sync_get_attention   (YcSync              *self);
/* The clerk dealt with it: it stays in the outbox, marked seen, and leaves the model. */
void        yc_sync_dismiss_async   (YcSync              *self,
                                     const char          *id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean    yc_sync_dismiss_finish  (YcSync              *self,
                                     GAsyncResult        *result,
                                     GError             **error);
/* The record written to the outbox (with the state change key = value in the same
 * transaction, as yc_store_enqueue_with_state_async; key NULL for none), then pushed at
 * once, in its turn among the pending records: its result (YcRecordResult, stored,
 * duplicate, rejected or not applied) once the outbox has it, so a record the server did
 * not apply is also in the attention model by then. NULL with error: *stored FALSE, it
 * could not be written; *stored TRUE, it could not go now (the server out of reach, no
 * clerk logged in, the pushing stopped): it stays pending and goes as the outbox does.
 * Never blocks: the record is written on the store's worker. */
void            yc_sync_push_record_async   (YcSync              *self,
                                             YcRecord            *record,
                                             const char          *key,
                                             const char          *value,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
YcRecordResult *yc_sync_push_record_finish  (YcSync              *self,
                                             GAsyncResult        *result,
                                             gboolean            *stored,
                                             GError             **error);

G_END_DECLS
