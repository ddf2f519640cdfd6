/* yc-sync.c: empties the outbox into POST /records, oldest first, one batch at a time.
 *
 * A record leaves the pending set only once the server answered "stored" or
 * "duplicate" for its id, so a crash or a lost answer means it is sent again and
 * stored once. Failures back off exponentially with jitter; coming back online,
 * a new record or a new session wakes it at once.
 *
 * What the server refused, or stored without applying, and what is too large to send at
 * all stays in the outbox with its reason; the attention model lists those until the
 * clerk dismisses them, so that nothing the server did not apply ever reads as sent.
 *
 * A record whose writer waits for its answer (yc_sync_push_record_async: a Finish) goes
 * the same way as every other, in its turn among the pending ones; only the answer is
 * handed back to that writer once the outbox holds it, or the reason it could not go now. */
#include "yc-sync.h"

#include <string.h>

/* POST /records takes a body of at most 4 MiB (docs/api.md, "Limits"); the server refuses
 * a larger one from its Content-Length and closes, which reaches the desk as a broken
 * pipe, not as a 413. A batch is filled to 3 MiB only, a margin for a server built with a
 * somewhat smaller limit; a record larger than that goes alone, up to the limit itself. */
#define RECORDS_BODY_MAX (4 * 1024 * 1024)
#define BATCH_BYTES      (3 * 1024 * 1024)
/* {"records":[ and ]}, around the records and the commas between them. */
#define BATCH_ENVELOPE   (sizeof "{\"records\":[]}" - 1)

struct _YcSync
{
  GObject       parent_instance;

  YcClient     *client;
  YcStore      *store;
  GCancellable *cancellable;

  guint         retry_source;
  guint         failures;
  guint         min_ms;
  guint         max_ms;
  guint         batch;
  gsize         batch_bytes;  /* a batch's body at most; halved when something refused one */
  GPtrArray    *sending;      /* the batch under way, and its body's size */
  gsize         sending_bytes;
  gboolean      busy;
  gboolean      stopped;
  GListStore   *attention;    /* YcOutboxEntry needing the clerk, newest first */
  GCancellable *listing;      /* the attention model's refresh under way */
  GHashTable   *waiting;      /* record id → GTask of yc_sync_push_record_async */
  GPtrArray    *applying;     /* the results being written to the outbox */
};

/* A record whose answer is waited for. */
typedef struct
{
  YcRecord       *record;
  gboolean        stored;   /* in the outbox: from here on it goes, whatever happens to this wait */
  YcRecordResult *early;    /* its answer, come before the word that it was written */
} Pushing;

G_DEFINE_FINAL_TYPE (YcSync, yc_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STORE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void push_next_batch (YcSync *self);

static void
pushing_free (Pushing *pushing)
{
  g_clear_object (&pushing->record);
  g_clear_pointer (&pushing->early, yc_record_result_free);
  g_free (pushing);
}

static YcRecordResult *
result_copy (const YcRecordResult *result)
{
  YcRecordResult *copy = yc_record_result_new (result->id, result->status, result->message);

  copy->code = g_strdup (result->code);
  copy->case_number = g_strdup (result->case_number);
  return copy;
}

/* The records in the outbox whose answer is waited for cannot go now: each waiter hears
 * why; the records stay pending and go as the outbox does. A wait whose record is still
 * being written is left: it is not yet among what was sent. */
static void
fail_waiting (YcSync       *self,
              const GError *error)
{
  GHashTableIter iter;
  gpointer value;
  g_autoptr(GPtrArray) failing = g_ptr_array_new_with_free_func (g_object_unref);

  g_hash_table_iter_init (&iter, self->waiting);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Pushing *) g_task_get_task_data (value))->stored)
      {
        g_ptr_array_add (failing, value);  /* the table's reference */
        g_hash_table_iter_remove (&iter);
      }
  for (guint i = 0; i < failing->len; i++)
    g_task_return_error (g_ptr_array_index (failing, i), g_error_copy (error));
}

/* The results just written to the outbox: each waiter of one of them has its answer. */
static void
answer_waiting (YcSync *self)
{
  g_autoptr(GPtrArray) results = g_steal_pointer (&self->applying);

  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      const YcRecordResult *result = g_ptr_array_index (results, i);
      GTask *task = g_hash_table_lookup (self->waiting, result->id);
      g_autofree char *key = NULL;
      Pushing *pushing;

      if (task == NULL)
        continue;
      pushing = g_task_get_task_data (task);
      if (!pushing->stored)
        {
          /* Answered with the writing's word still on its way: that word returns it. */
          g_clear_pointer (&pushing->early, yc_record_result_free);
          pushing->early = result_copy (result);
          continue;
        }
      if (g_hash_table_steal_extended (self->waiting, result->id, (gpointer *) &key, (gpointer *) &task))
        {
          g_task_return_pointer (task, result_copy (result), (GDestroyNotify) yc_record_result_free);
          g_object_unref (task);
        }
    }
}

static void
set_busy (YcSync   *self,
          gboolean  busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static gboolean
retry_cb (gpointer user_data)
{
  YcSync *self = user_data;

  self->retry_source = 0;
  push_next_batch (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (YcSync *self)
{
  guint64 delay = self->min_ms;

  for (guint i = 1; i < self->failures && delay < self->max_ms; i++)
    delay *= 2;
  delay = MIN (delay, self->max_ms);
  /* Jitter, so a hall's desks do not all return at the same instant. */
  delay = delay / 2 + g_random_int_range (0, (gint32) MAX (delay / 2, 1));

  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add ((guint) delay, retry_cb, self);
}

static void
failed (YcSync       *self,
        const GError *error)
{
  set_busy (self, FALSE);
  g_clear_pointer (&self->applying, g_ptr_array_unref);
  fail_waiting (self, error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Without a session nothing can go out; a new log-in wakes us. */
  if (g_error_matches (error, YC_ERROR, YC_ERROR_UNAUTHORIZED))
    return;

  self->failures++;
  if (!g_error_matches (error, YC_ERROR, YC_ERROR_OFFLINE))
    g_message ("Sending records failed (attempt %u): %s", self->failures, error->message);
  schedule_retry (self);
}

static void
results_applied_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(YcSync) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!yc_store_apply_results_finish (YC_STORE (object), result, &error))
    {
      failed (self, error);
      return;
    }

  self->failures = 0;
  set_busy (self, FALSE);
  answer_waiting (self);
  if (yc_store_get_pending (self->store) > 0)
    push_next_batch (self);
}

/* A record too large to go even alone: set aside in the outbox as refused, with the
 * reason, as the server's own refusals are, so the records after it still go. */
static void
set_aside (YcSync     *self,
           YcRecord   *record,
           const char *reason)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_record_result_free);
  YcRecordResult *refused = yc_record_result_new (yc_record_get_id (record), YC_RECORD_REJECTED, reason);

  refused->code = g_strdup (yc_record_reason_to_wire (YC_RECORD_REASON_TOO_LARGE));
  g_ptr_array_add (results, refused);
  g_clear_pointer (&self->applying, g_ptr_array_unref);
  self->applying = g_ptr_array_ref (results);
  yc_store_apply_results_async (self->store, results, self->cancellable,
                                results_applied_cb, g_object_ref (self));
}

static void
records_pushed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(YcSync) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) sent = g_steal_pointer (&self->sending);

  results = yc_client_push_records_finish (YC_CLIENT (object), result, &error);
  /* Refused as too large by something before the server with a smaller limit than its
   * own (a proxy): half the size from now on, for as long as the desk runs; a record
   * refused alone cannot go through it at all. */
  if (g_error_matches (error, YC_ERROR, YC_ERROR_TOO_LARGE) && sent != NULL)
    {
      if (sent->len > 1)
        {
          self->batch_bytes = MIN (self->batch_bytes, self->sending_bytes / 2);
          set_busy (self, FALSE);
          push_next_batch (self);
        }
      else
        {
          g_autofree char *reason = g_strdup_printf ("too large: refused on its own (%" G_GSIZE_FORMAT " bytes)",
                                                     self->sending_bytes);

          set_aside (self, g_ptr_array_index (sent, 0), reason);
        }
      return;
    }
  if (results == NULL)
    {
      failed (self, error);
      return;
    }

  g_clear_pointer (&self->applying, g_ptr_array_unref);
  self->applying = g_ptr_array_ref (results);
  yc_store_apply_results_async (self->store, results, self->cancellable,
                                results_applied_cb, g_object_ref (self));
}

/* How many bytes the record takes in a batch's body, as the client will write it. */
static gsize
encoded_size (YcRecord *record)
{
  g_autoptr(JsonNode) node = yc_record_to_json (record);
  g_autofree char *text = yc_wire_to_string (node);

  return strlen (text);
}

static void
pending_fetched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(YcSync) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  gsize bytes;
  guint n;

  records = yc_store_fetch_pending_finish (YC_STORE (object), result, &error);
  if (records == NULL)
    {
      failed (self, error);
      return;
    }
  if (records->len == 0 || self->stopped)
    {
      set_busy (self, FALSE);
      return;
    }

  /* Oldest first, as many as fit in the batch's bytes; the first goes in any case. */
  bytes = BATCH_ENVELOPE;
  for (n = 0; n < records->len; n++)
    {
      gsize size = encoded_size (g_ptr_array_index (records, n)) + (n > 0 ? 1 : 0);

      if (n > 0 && bytes + size > self->batch_bytes)
        break;
      bytes += size;
    }
  g_ptr_array_set_size (records, n);
  /* Only a record alone can be over: the server would never take it. */
  if (bytes > RECORDS_BODY_MAX)
    {
      g_autofree char *reason = g_strdup_printf ("too large: %" G_GSIZE_FORMAT " bytes, over the 4 MiB the server takes",
                                                 bytes);

      set_aside (self, g_ptr_array_index (records, 0), reason);
      return;
    }

  self->sending = g_ptr_array_ref (records);
  self->sending_bytes = bytes;
  yc_client_push_records_async (self->client, records, self->cancellable,
                                records_pushed_cb, g_object_ref (self));
}

static void
push_next_batch (YcSync *self)
{
  if (self->busy || self->stopped)
    return;
  if (yc_store_get_pending (self->store) == 0)
    return;
  if (yc_client_get_session (self->client) == NULL)
    return;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  set_busy (self, TRUE);
  yc_store_fetch_pending_async (self->store, self->batch, self->cancellable,
                                pending_fetched_cb, g_object_ref (self));
}

static void
on_pending_changed_cb (YcSync *self)
{
  /* While backing off from an unreachable server, a new record waits for the timer. */
  if (self->retry_source != 0 && !yc_client_get_online (self->client))
    return;
  push_next_batch (self);
}

static void
on_online_changed_cb (YcSync *self)
{
  if (yc_client_get_online (self->client))
    yc_sync_kick (self);
}

static void
attention_listed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(YcSync) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = yc_store_list_outbox_finish (YC_STORE (object), result, &error);

  if (entries == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("The records needing attention could not be read: %s", error->message);
      return;
    }
  g_list_store_splice (self->attention, 0, g_list_model_get_n_items (G_LIST_MODEL (self->attention)),
                       entries->pdata, entries->len);
}

static void
refresh_attention (YcSync *self)
{
  if (self->listing != NULL)
    g_cancellable_cancel (self->listing);
  g_clear_object (&self->listing);
  self->listing = g_cancellable_new ();
  yc_store_list_outbox_async (self->store, NULL, TRUE, 0, self->listing, attention_listed_cb, g_object_ref (self));
}

static void
yc_sync_constructed (GObject *object)
{
  YcSync *self = YC_SYNC (object);

  G_OBJECT_CLASS (yc_sync_parent_class)->constructed (object);

  /* Not stopped with the pushing: the list stays true while the desk shows it. */
  g_signal_connect_object (self->store, "notify::attention",
                           G_CALLBACK (refresh_attention), self, G_CONNECT_SWAPPED);
  refresh_attention (self);
  g_signal_connect_object (self->store, "notify::pending",
                           G_CALLBACK (on_pending_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "notify::online",
                           G_CALLBACK (on_online_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "notify::session",
                           G_CALLBACK (yc_sync_kick), self, G_CONNECT_SWAPPED);
}

static void
yc_sync_dispose (GObject *object)
{
  YcSync *self = YC_SYNC (object);

  yc_sync_stop (self);
  if (self->listing != NULL)
    g_cancellable_cancel (self->listing);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (yc_sync_parent_class)->dispose (object);
}

static void
yc_sync_finalize (GObject *object)
{
  YcSync *self = YC_SYNC (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->listing);
  g_clear_object (&self->attention);
  g_clear_pointer (&self->sending, g_ptr_array_unref);
  g_clear_pointer (&self->applying, g_ptr_array_unref);
  g_clear_pointer (&self->waiting, g_hash_table_unref);

  G_OBJECT_CLASS (yc_sync_parent_class)->finalize (object);
}

static void
yc_sync_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  YcSync *self = YC_SYNC (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_sync_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  YcSync *self = YC_SYNC (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_sync_class_init (YcSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = yc_sync_constructed;
  object_class->dispose = yc_sync_dispose;
  object_class->finalize = yc_sync_finalize;
  object_class->get_property = yc_sync_get_property;
  object_class->set_property = yc_sync_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, YC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_sync_init (YcSync *self)
{
  self->cancellable = g_cancellable_new ();
  self->attention = g_list_store_new (YC_TYPE_OUTBOX_ENTRY);
  self->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->min_ms = 1000;
  self->max_ms = 60000;
  self->batch = 50;
  self->batch_bytes = BATCH_BYTES;
}

YcSync *
yc_sync_new (YcClient *client,
             YcStore  *store)
{
  g_return_val_if_fail (YC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (YC_IS_STORE (store), NULL);

  return g_object_new (YC_TYPE_SYNC, "client", client, "store", store, NULL);
}

void
yc_sync_kick (YcSync *self)
{
  g_return_if_fail (YC_IS_SYNC (self));

  self->failures = 0;
  push_next_batch (self);
}

void
yc_sync_stop (YcSync *self)
{
  g_return_if_fail (YC_IS_SYNC (self));

  if (self->stopped)
    return;
  self->stopped = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  {
    g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "the outbox is pushed no more");

    fail_waiting (self, error);
  }
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_pending_changed_cb, self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
}

gboolean
yc_sync_get_busy (YcSync *self)
{
  g_return_val_if_fail (YC_IS_SYNC (self), FALSE);
  return self->busy;
}

void
yc_sync_set_backoff (YcSync *self,
                     guint   min_ms,
                     guint   max_ms)
{
  g_return_if_fail (YC_IS_SYNC (self));
  g_return_if_fail (min_ms > 0 && min_ms <= max_ms);

  self->min_ms = min_ms;
  self->max_ms = max_ms;
}

void
yc_sync_set_batch (YcSync *self,
                   guint   batch)
{
  g_return_if_fail (YC_IS_SYNC (self));
  self->batch = MAX (batch, 1);
}

GListModel *
yc_sync_get_attention (YcSync *self)
{
  g_return_val_if_fail (YC_IS_SYNC (self), NULL);
  return G_LIST_MODEL (self->attention);
}

static void
dismissed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!yc_store_dismiss_finish (YC_STORE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
yc_sync_dismiss_async (YcSync              *self,
                       const char          *id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (YC_IS_SYNC (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_sync_dismiss_async);
  /* The store notifies "attention" when it is written: the model follows from there. */
  yc_store_dismiss_async (self->store, id, cancellable, dismissed_cb, task);
}

gboolean
yc_sync_dismiss_finish (YcSync        *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_record_enqueued_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcSync *self = g_task_get_source_object (task);
  Pushing *pushing = g_task_get_task_data (task);
  const char *id = yc_record_get_id (pushing->record);
  GError *error = NULL;

  if (!yc_store_enqueue_finish (YC_STORE (object), result, &error))
    {
      g_hash_table_remove (self->waiting, id);
      g_task_return_error (task, error);
      g_object_unref (task);  /* the waiting table's */
      return;
    }

  pushing->stored = TRUE;
  if (pushing->early != NULL)
    {
      g_hash_table_remove (self->waiting, id);
      g_task_return_pointer (task, g_steal_pointer (&pushing->early), (GDestroyNotify) yc_record_result_free);
      g_object_unref (task);  /* the waiting table's */
      return;
    }
  /* Backing off from a server out of reach: the record waits for the timer, as every new
   * one does, and the writer hears so now rather than after another try. */
  if (!self->stopped && self->retry_source != 0 && !yc_client_get_online (self->client) && !self->busy)
    {
      g_hash_table_remove (self->waiting, id);
      g_task_return_new_error (task, YC_ERROR, YC_ERROR_OFFLINE, "the server cannot be reached");
      g_object_unref (task);  /* the waiting table's */
      return;
    }
  /* At once: the clerk waits. A batch already under way is followed by the next, which
   * takes this record in its turn. */
  if (!self->stopped)
    push_next_batch (self);
  if (self->busy || !g_hash_table_contains (self->waiting, id))
    return;
  /* Else the outbox's count has yet to say so; it pushes when it does. */
  if (!self->stopped && yc_client_get_session (self->client) != NULL)
    return;

  /* Nothing can go now: stopped, or no clerk is logged in. */
  g_hash_table_remove (self->waiting, id);
  if (self->stopped)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "the outbox is pushed no more");
  else
    g_task_return_new_error (task, YC_ERROR, YC_ERROR_UNAUTHORIZED, "no clerk is logged in");
  g_object_unref (task);  /* the waiting table's */
}

void
yc_sync_push_record_async (YcSync              *self,
                           YcRecord            *record,
                           const char          *key,
                           const char          *value,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  Pushing *pushing;

  g_return_if_fail (YC_IS_SYNC (self));
  g_return_if_fail (YC_IS_RECORD (record));
  g_return_if_fail (!g_hash_table_contains (self->waiting, yc_record_get_id (record)));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_sync_push_record_async);
  pushing = g_new0 (Pushing, 1);
  pushing->record = g_object_ref (record);
  g_task_set_task_data (task, pushing, (GDestroyNotify) pushing_free);
  /* Waiting from now on, so that no answer can come before the wait. */
  g_hash_table_insert (self->waiting, g_strdup (yc_record_get_id (record)), g_object_ref (task));
  if (key != NULL)
    yc_store_enqueue_with_state_async (self->store, record, key, value, cancellable, on_record_enqueued_cb, task);
  else
    yc_store_enqueue_async (self->store, record, cancellable, on_record_enqueued_cb, task);
}

YcRecordResult *
yc_sync_push_record_finish (YcSync        *self,
                            GAsyncResult  *result,
                            gboolean      *stored,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (stored != NULL)
    *stored = ((Pushing *) g_task_get_task_data (G_TASK (result)))->stored;
  return g_task_propagate_pointer (G_TASK (result), error);
}
