/* yc-store.h: the desk's SQLite database: the outbox of records, the drafts of intakes in
 * progress, and a small key/value state.
 * All statements run on one worker thread, in order; the main loop only sees _async/_finish. */
#pragma once

#include <gio/gio.h>

#include "core/yc-record.h"
#include "store/yc-outbox-entry.h"

G_BEGIN_DECLS

#define YC_TYPE_STORE (yc_store_get_type ())
G_DECLARE_FINAL_TYPE (YcStore, yc_store, YC, STORE, GObject)

char      *yc_store_default_path          (void);
YcStore   *yc_store_open                  (const char          *path,
                                           GError             **error);
/* The same, on a worker thread: the result belongs to the calling thread's context. */
void       yc_store_open_async            (const char          *path,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
YcStore   *yc_store_open_finish           (GAsyncResult        *result,
                                           GError             **error);
/* Records waiting to be pushed; the "pending" property is notified on change. */
guint      yc_store_get_pending           (YcStore             *self);
/* Rejected or unapplied records the clerk has not dismissed; "attention" is notified. */
guint      yc_store_get_attention         (YcStore             *self);

void       yc_store_enqueue_async         (YcStore             *self,
                                           YcRecord            *record,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* The record and a state change (value NULL removes the key) in one transaction, so a
 * crash can never leave one without the other. Finish with yc_store_enqueue_finish(). */
void       yc_store_enqueue_with_state_async (YcStore          *self,
                                           YcRecord            *record,
                                           const char          *key,
                                           const char          *value,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* The record enqueued and the draft it decides deleted, in one transaction: after a
 * crash there is either the draft or the record, never both or neither. Finish with
 * yc_store_enqueue_finish(). */
void       yc_store_enqueue_settling_draft_async (YcStore      *self,
                                           YcRecord            *record,
                                           const char          *draft_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean   yc_store_enqueue_finish        (YcStore             *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* The oldest pending records, oldest first: an array of YcRecord. */
void       yc_store_fetch_pending_async   (YcStore             *self,
                                           guint                limit,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray *yc_store_fetch_pending_finish  (YcStore             *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* One record of the outbox by its id, whatever its state (pending, sent, rejected): a
 * YcRecord, or NULL without error when this desk has none of that id. */
void       yc_store_get_record_async      (YcStore             *self,
                                           const char          *id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
YcRecord  *yc_store_get_record_finish     (YcStore             *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* The outbox, newest first, whatever each record's state: an array of YcOutboxEntry.
 * kind NULL for every kind; attention_only: the rejected and unapplied ones not dismissed;
 * at most limit of them (0: all). */
void       yc_store_list_outbox_async     (YcStore             *self,
                                           const char          *kind,
                                           gboolean             attention_only,
                                           guint                limit,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray *yc_store_list_outbox_finish    (YcStore             *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* The clerk dealt with a rejected or unapplied record: it stays, marked seen. */
void       yc_store_dismiss_async         (YcStore             *self,
                                           const char          *id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean   yc_store_dismiss_finish        (YcStore             *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* results: YcRecordResult; every record answered leaves the pending set: sent (stored or
 * duplicate), rejected or not applied, with its message, code and case number. */
void       yc_store_apply_results_async   (YcStore             *self,
                                           GPtrArray           *results,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean   yc_store_apply_results_finish  (YcStore             *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* value NULL removes the key. */
void       yc_store_set_value_async       (YcStore             *self,
                                           const char          *key,
                                           const char          *value,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean   yc_store_set_value_finish      (YcStore             *self,
                                           GAsyncResult        *result,
                                           GError             **error);
void       yc_store_get_value_async       (YcStore             *self,
                                           const char          *key,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* NULL without error when the key is not set. */
char      *yc_store_get_value_finish      (YcStore             *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* Drafts: an intake in progress, saved whole (body: a JSON object) as the clerk works,
 * so that the desk reopens it as it was after a crash. */
typedef struct
{
  char     *id;
  char     *created_at;
  char     *updated_at;
  JsonNode *body;
} YcDraft;

void       yc_draft_free                  (YcDraft             *draft);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcDraft, yc_draft_free)

/* Creates or replaces the draft id. Finish with yc_store_draft_write_finish(). */
void       yc_store_save_draft_async      (YcStore             *self,
                                           const char          *id,
                                           JsonNode            *body,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* Deletes it (no error when there is none). Finish with yc_store_draft_write_finish(). */
void       yc_store_discard_draft_async   (YcStore             *self,
                                           const char          *id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean   yc_store_draft_write_finish    (YcStore             *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* Every draft, oldest first: an array of YcDraft. A damaged one is left out. */
void       yc_store_list_drafts_async     (YcStore             *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray *yc_store_list_drafts_finish    (YcStore             *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
