/* yc-cases.c: the clerk's cases, the outbox's joined with the centre's (yc-cases.h).
 *
 * The outbox is read first, so a case never vanishes between being pushed and being
 * listed, and it keeps the number each push returned, so a case has its number here the
 * moment the push is answered, whether or not the centre's list was fetched since. */
#include "yc-cases.h"

#include <string.h>

#include "core/yc-guide.h"
#include "core/yc-mask.h"

/* The outbox keeps every case decided here, for good; the list reads the latest as the
 * centre's list does (GET /cases gives 200 by default), so that a year of them is not
 * read again at each push. */
#define OUTBOX_CASES 500

/* ---- One case ---- */

struct _YcCaseEntry
{
  GObject         parent_instance;

  char           *id;
  char           *case_number;
  YcDecision      decision;
  YcCaseProgress  progress;
  char           *status;
  char           *title;
  char           *applicant;
  char           *masked_id;
  char           *accepted_on;
  char           *due_date;
  char           *review_due;
  char           *message;
  YcRecord       *record;
  GPtrArray      *owed;      /* YcCaseOwed */
  char           *haystack;  /* folded */
};

G_DEFINE_FINAL_TYPE (YcCaseEntry, yc_case_entry, G_TYPE_OBJECT)

static void
owed_free (gpointer data)
{
  YcCaseOwed *owed = data;

  g_free (owed->name);
  g_free (owed->due);
  g_free (owed);
}

static void
yc_case_entry_finalize (GObject *object)
{
  YcCaseEntry *self = (YcCaseEntry *) object;

  g_free (self->id);
  g_free (self->case_number);
  g_free (self->status);
  g_free (self->title);
  g_free (self->applicant);
  g_free (self->masked_id);
  g_free (self->accepted_on);
  g_free (self->due_date);
  g_free (self->review_due);
  g_free (self->message);
  g_clear_object (&self->record);
  g_ptr_array_unref (self->owed);
  g_free (self->haystack);
  G_OBJECT_CLASS (yc_case_entry_parent_class)->finalize (object);
}

static void
yc_case_entry_class_init (YcCaseEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_case_entry_finalize;
}

static void
yc_case_entry_init (YcCaseEntry *self)
{
  self->owed = g_ptr_array_new_with_free_func (owed_free);
}

static void
set_string (char       **field,
            const char  *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

static void
finish_entry (YcCaseEntry *self)
{
  g_autofree char *joined = g_strjoin (" ", self->case_number ? self->case_number : "",
                                       self->title ? self->title : "", self->applicant ? self->applicant : "",
                                       self->masked_id ? self->masked_id : "", NULL);

  g_free (self->haystack);
  self->haystack = g_utf8_casefold (joined, -1);
}

/* The centre's status, as the desk shows it. */
static YcCaseProgress
progress_of_status (const char *status)
{
  if (g_strcmp0 (status, "accepted") == 0)
    return YC_CASE_ACCEPTED;
  if (g_strcmp0 (status, "notice") == 0)
    return YC_CASE_NOTICE_GIVEN;
  if (g_strcmp0 (status, "reported_for_review") == 0)
    return YC_CASE_UNDER_REVIEW;
  return YC_CASE_OTHER;
}

static YcCaseProgress
progress_of_decision (YcDecision decision)
{
  switch (decision)
    {
    case YC_DECISION_NOTICE:
      return YC_CASE_NOTICE_GIVEN;
    case YC_DECISION_REFUSED:
      return YC_CASE_UNDER_REVIEW;
    case YC_DECISION_ACCEPTED:
    default:
      return YC_CASE_ACCEPTED;
    }
}

/* From a "case" record of the outbox: its ID number masked here. */
static YcCaseEntry *
entry_from_outbox (YcOutboxEntry *outbox)
{
  YcCaseEntry *self = g_object_new (YC_TYPE_CASE_ENTRY, NULL);
  YcRecord *record = yc_outbox_entry_get_record (outbox);
  JsonObject *body = json_node_get_object (yc_record_get_body (record));
  JsonNode *node = json_object_get_member (body, "applicant");
  JsonObject *applicant = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonArray *materials = yc_guide_get_array (body, "materials");
  const char *number = yc_guide_get_string (applicant, "id_number");

  if (number == NULL)
    number = yc_guide_get_string (applicant, "credit_code");
  self->id = g_strdup (yc_record_get_id (record));
  self->case_number = g_strdup (yc_outbox_entry_get_case_number (outbox));
  if (!yc_decision_from_wire (yc_guide_get_string (body, "decision"), &self->decision))
    self->decision = YC_DECISION_ACCEPTED;
  switch (yc_outbox_entry_get_state (outbox))
    {
    case YC_OUTBOX_PENDING:
      self->progress = YC_CASE_WAITING;
      break;
    case YC_OUTBOX_REJECTED:
    case YC_OUTBOX_NOT_APPLIED:
      self->progress = YC_CASE_NOT_TAKEN;
      break;
    case YC_OUTBOX_SENT:
    default:
      self->progress = progress_of_decision (self->decision);
      break;
    }
  self->title = g_strdup (yc_guide_get_string (body, "title"));
  self->applicant = g_strdup (yc_guide_get_string (applicant, "name"));
  self->masked_id = number ? yc_mask_id_number (number) : NULL;
  self->accepted_on = g_strdup (yc_guide_get_string (body, "accepted_on"));
  if (self->decision == YC_DECISION_ACCEPTED)
    self->due_date = g_strdup (yc_guide_get_string (body, "due_date"));
  self->message = g_strdup (yc_outbox_entry_get_message (outbox));
  self->record = g_object_ref (record);
  for (guint i = 0; self->decision == YC_DECISION_ACCEPTED && materials != NULL &&
                    i < json_array_get_length (materials); i++)
    {
      JsonNode *element = json_array_get_element (materials, i);
      JsonObject *material = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      YcCaseOwed *owed;

      if (g_strcmp0 (yc_guide_get_string (material, "status"), "deferred") != 0)
        continue;
      owed = g_new0 (YcCaseOwed, 1);
      owed->name = g_strdup (yc_guide_get_string (material, "name"));
      owed->due = g_strdup (yc_guide_get_string (material, "supplement_by"));
      if (owed->due == NULL)
        owed->due = g_strdup (self->due_date);
      g_ptr_array_add (self->owed, owed);
    }
  finish_entry (self);
  return self;
}

/* What the centre's list says of a case (docs/api.md, GET /cases), over what the outbox
 * knows: its number and status are the centre's. */
static void
entry_apply_centre (YcCaseEntry *self,
                    JsonObject  *object)
{
  YcDecision decision;

  set_string (&self->case_number, yc_guide_get_string (object, "case_number"));
  set_string (&self->status, yc_guide_get_string (object, "status"));
  if (yc_decision_from_wire (yc_guide_get_string (object, "decision"), &decision))
    self->decision = decision;
  if (self->status != NULL)
    self->progress = progress_of_status (self->status);
  set_string (&self->title, yc_guide_get_string (object, "title"));
  set_string (&self->applicant, yc_guide_get_string (object, "applicant_name"));
  set_string (&self->masked_id, yc_guide_get_string (object, "applicant_id"));
  set_string (&self->accepted_on, yc_guide_get_string (object, "accepted_on"));
  set_string (&self->due_date, yc_guide_get_string (object, "due_date"));
  set_string (&self->review_due, yc_guide_get_string (object, "review_due"));
  finish_entry (self);
}

static YcCaseEntry *
entry_from_centre (JsonObject *object)
{
  YcCaseEntry *self = g_object_new (YC_TYPE_CASE_ENTRY, NULL);

  self->id = g_strdup (yc_guide_get_string (object, "id"));
  self->decision = YC_DECISION_ACCEPTED;
  self->progress = YC_CASE_OTHER;
  entry_apply_centre (self, object);
  return self;
}

const char *
yc_case_entry_get_id (YcCaseEntry *self)
{
  g_return_val_if_fail (YC_IS_CASE_ENTRY (self), NULL);
  return self->id;
}

const char *
yc_case_entry_get_case_number (YcCaseEntry *self)
{
  g_return_val_if_fail (YC_IS_CASE_ENTRY (self), NULL);
  return self->case_number;
}

YcDecision
yc_case_entry_get_decision (YcCaseEntry *self)
{
  g_return_val_if_fail (YC_IS_CASE_ENTRY (self), YC_DECISION_ACCEPTED);
  return self->decision;
}

YcCaseProgress
yc_case_entry_get_progress (YcCaseEntry *self)
{
  g_return_val_if_fail (YC_IS_CASE_ENTRY (self), YC_CASE_OTHER);
  return self->progress;
}

const char *
yc_case_entry_get_status (YcCaseEntry *self)
{
  g_return_val_if_fail (YC_IS_CASE_ENTRY (self), NULL);
  return self->status;
}

const char *
yc_case_entry_get_title (YcCaseEntry *self)
{
  g_return_val_if_fail (YC_IS_CASE_ENTRY (self), NULL);
  return self->title;
}

const char *
yc_case_entry_get_applicant (YcCaseEntry *self)
{
  g_return_val_if_fail (YC_IS_CASE_ENTRY (self), NULL);
  return self->applicant;
}

const char *
yc_case_entry_get_masked_id (YcCaseEntry *self)
{
  g_return_val_if_fail (YC_IS_CASE_ENTRY (self), NULL);
  return self->masked_id;
}

const char *
yc_case_entry_get_accepted_on (YcCaseEntry *self)
{
  g_return_val_if_fail (YC_IS_CASE_ENTRY (self), NULL);
  return self->accepted_on;
}

const char *
yc_case_entry_get_due_date (YcCaseEntry *self)
{
  g_return_val_if_fail (YC_IS_CASE_ENTRY (self), NULL);
  return self->decision == YC_DECISION_ACCEPTED ? self->due_date : NULL;
}

const char *
yc_case_entry_get_review_due (YcCaseEntry *self)
{
  g_return_val_if_fail (YC_IS_CASE_ENTRY (self), NULL);
  return self->review_due;
}

const char *
yc_case_entry_get_message (YcCaseEntry *self)
{
  g_return_val_if_fail (YC_IS_CASE_ENTRY (self), NULL);
  return self->message;
}

YcRecord *
yc_case_entry_get_record (YcCaseEntry *self)
{
  g_return_val_if_fail (YC_IS_CASE_ENTRY (self), NULL);
  return self->record;
}

GPtrArray *
yc_case_entry_get_owed (YcCaseEntry *self)
{
  g_return_val_if_fail (YC_IS_CASE_ENTRY (self), NULL);
  return self->owed;
}

gboolean
yc_case_entry_matches (YcCaseEntry *self,
                       const char  *folded_query)
{
  g_return_val_if_fail (YC_IS_CASE_ENTRY (self), FALSE);
  return folded_query == NULL || *folded_query == '\0' || strstr (self->haystack, folded_query) != NULL;
}

/* ---- The list ---- */

struct _YcCases
{
  GObject       parent_instance;

  YcClient     *client;
  YcStore      *store;
  GListStore   *model;       /* YcCaseEntry */
  GPtrArray    *outbox;      /* YcOutboxEntry of kind case, newest first, as last read */
  JsonArray    *centre;      /* the centre's list as last fetched, or NULL */
  GError       *error;       /* why the last fetch of it failed */
  GCancellable *reading;     /* the outbox read under way */
  GCancellable *fetching;    /* the centre's list under way */
  GPtrArray    *waiters;     /* GTask of yc_cases_wait_number_async */
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (YcCases, yc_cases, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ERROR,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char  *id;
  guint  timeout;
} Waiter;

static void
waiter_free (gpointer data)
{
  Waiter *waiter = data;

  g_clear_handle_id (&waiter->timeout, g_source_remove);
  g_free (waiter->id);
  g_free (waiter);
}

static void
set_busy (YcCases  *self,
          gboolean  busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* A waiter done: answered with number (NULL for none) and let go; task is borrowed. */
static void
answer_waiter (YcCases    *self,
               GTask      *task,
               const char *number)
{
  Waiter *waiter = g_task_get_task_data (task);

  g_clear_handle_id (&waiter->timeout, g_source_remove);
  if (!g_ptr_array_remove (self->waiters, task))
    return;
  g_task_return_pointer (task, g_strdup (number), g_free);
  g_object_unref (task);   /* the array's reference */
}

/* Those waiting for a case now numbered, or refused, or a notice (it gets no number), are
 * answered; found first and answered after, as an answer may start another wait. */
static void
check_waiters (YcCases *self)
{
  g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (self->waiters, i);
      Waiter *waiter = g_task_get_task_data (task);
      YcCaseEntry *entry = yc_cases_lookup (self, waiter->id);

      if (entry == NULL || (entry->case_number == NULL && entry->progress != YC_CASE_NOT_TAKEN &&
                            entry->decision != YC_DECISION_NOTICE))
        continue;
      g_ptr_array_add (done, g_object_ref (task));
      g_ptr_array_add (numbers, g_strdup (entry->case_number));
    }
  for (guint i = 0; i < done->len; i++)
    answer_waiter (self, g_ptr_array_index (done, i), g_ptr_array_index (numbers, i));
}

/* The outbox's cases, then the centre's others. A case sent from here that the centre's
 * list does not have yet (fetched before it was sent) is shown as the outbox knows it. */
static void
rebuild (YcCases *self)
{
  g_autoptr(GHashTable) from_centre = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_centre = self->centre != NULL ? json_array_get_length (self->centre) : 0;

  for (guint i = 0; i < n_centre; i++)
    {
      JsonNode *node = json_array_get_element (self->centre, i);
      const char *id;

      if (JSON_NODE_HOLDS_OBJECT (node) && (id = yc_guide_get_string (json_node_get_object (node), "id")))
        g_hash_table_insert (from_centre, (gpointer) id, json_node_get_object (node));
    }
  for (guint i = 0; self->outbox != NULL && i < self->outbox->len; i++)
    {
      YcOutboxEntry *outbox = g_ptr_array_index (self->outbox, i);
      JsonObject *centre = g_hash_table_lookup (from_centre, yc_outbox_entry_get_id (outbox));
      YcCaseEntry *entry;

      entry = entry_from_outbox (outbox);
      if (centre != NULL)
        entry_apply_centre (entry, centre);
      g_hash_table_add (shown, entry->id);
      g_ptr_array_add (entries, entry);
    }
  for (guint i = 0; i < n_centre; i++)
    {
      JsonNode *node = json_array_get_element (self->centre, i);
      YcCaseEntry *entry;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      entry = entry_from_centre (json_node_get_object (node));
      if (entry->id == NULL || g_hash_table_contains (shown, entry->id))
        {
          g_object_unref (entry);
          continue;
        }
      g_ptr_array_add (entries, entry);
    }
  g_list_store_splice (self->model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->model)),
                       entries->pdata, entries->len);
  check_waiters (self);
}

/* Takes error (NULL: none). */
static void
set_error (YcCases *self,
           GError  *error)
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
centre_fetched_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(YcCases) self = user_data;
  g_autoptr(GError) error = NULL;
  JsonArray *cases = yc_client_get_cases_finish (YC_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->fetching);
  set_busy (self, self->reading != NULL);
  if (cases == NULL)
    {
      /* The last list stays: an outage does not empty the page. */
      set_error (self, g_steal_pointer (&error));
      return;
    }
  g_clear_pointer (&self->centre, json_array_unref);
  self->centre = cases;
  set_error (self, NULL);
  rebuild (self);
}

static void
fetch_centre (YcCases *self)
{
  if (yc_client_get_session (self->client) == NULL)
    return;
  if (self->fetching != NULL)
    g_cancellable_cancel (self->fetching);
  g_clear_object (&self->fetching);
  self->fetching = g_cancellable_new ();
  set_busy (self, TRUE);
  yc_client_get_cases_async (self->client, self->fetching, centre_fetched_cb, g_object_ref (self));
}

static void
outbox_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(YcCases) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = yc_store_list_outbox_finish (YC_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->reading);
  set_busy (self, self->fetching != NULL);
  if (entries == NULL)
    {
      g_message ("The desk's cases could not be read: %s", error->message);
      return;
    }
  g_clear_pointer (&self->outbox, g_ptr_array_unref);
  self->outbox = entries;
  rebuild (self);
}

static void
read_outbox (YcCases *self)
{
  if (self->store == NULL)
    return;
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  self->reading = g_cancellable_new ();
  set_busy (self, TRUE);
  yc_store_list_outbox_async (self->store, yc_record_kind_to_wire (YC_RECORD_KIND_CASE), FALSE, OUTBOX_CASES, self->reading, outbox_read_cb,
                              g_object_ref (self));
}

static void
on_session_changed_cb (YcCases *self)
{
  g_clear_pointer (&self->centre, json_array_unref);
  set_error (self, NULL);
  rebuild (self);
  fetch_centre (self);
}

static void
yc_cases_dispose (GObject *object)
{
  YcCases *self = (YcCases *) object;

  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  if (self->fetching != NULL)
    g_cancellable_cancel (self->fetching);
  yc_cases_set_store (self, NULL);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (yc_cases_parent_class)->dispose (object);
}

static void
yc_cases_finalize (GObject *object)
{
  YcCases *self = (YcCases *) object;

  g_clear_object (&self->model);
  g_clear_object (&self->reading);
  g_clear_object (&self->fetching);
  g_clear_pointer (&self->outbox, g_ptr_array_unref);
  g_clear_pointer (&self->centre, json_array_unref);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (yc_cases_parent_class)->finalize (object);
}

static void
yc_cases_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  YcCases *self = YC_CASES (object);

  switch (prop_id)
    {
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_cases_class_init (YcCasesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_cases_dispose;
  object_class->finalize = yc_cases_finalize;
  object_class->get_property = yc_cases_get_property;

  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_cases_init (YcCases *self)
{
  self->model = g_list_store_new (YC_TYPE_CASE_ENTRY);
  /* Each waiter's task, referenced by the array until it is answered. */
  self->waiters = g_ptr_array_new ();
}

YcCases *
yc_cases_new (YcClient *client)
{
  YcCases *self;

  g_return_val_if_fail (YC_IS_CLIENT (client), NULL);

  self = g_object_new (YC_TYPE_CASES, NULL);
  self->client = g_object_ref (client);
  g_signal_connect_object (client, "notify::session", G_CALLBACK (on_session_changed_cb), self, G_CONNECT_SWAPPED);
  return self;
}

void
yc_cases_set_store (YcCases *self,
                    YcStore *store)
{
  g_return_if_fail (YC_IS_CASES (self));
  g_return_if_fail (store == NULL || YC_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_clear_pointer (&self->outbox, g_ptr_array_unref);
  if (store != NULL)
    {
      /* A push answered: the outbox's states and numbers changed. */
      g_signal_connect_object (store, "notify::pending", G_CALLBACK (read_outbox), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "notify::attention", G_CALLBACK (read_outbox), self, G_CONNECT_SWAPPED);
      read_outbox (self);
    }
  else
    rebuild (self);
}

GListModel *
yc_cases_get_model (YcCases *self)
{
  g_return_val_if_fail (YC_IS_CASES (self), NULL);
  return G_LIST_MODEL (self->model);
}

const GError *
yc_cases_get_error (YcCases *self)
{
  g_return_val_if_fail (YC_IS_CASES (self), NULL);
  return self->error;
}

gboolean
yc_cases_get_busy (YcCases *self)
{
  g_return_val_if_fail (YC_IS_CASES (self), FALSE);
  return self->busy;
}

void
yc_cases_refresh (YcCases *self)
{
  g_return_if_fail (YC_IS_CASES (self));

  read_outbox (self);
  fetch_centre (self);
}

YcCaseEntry *
yc_cases_lookup (YcCases    *self,
                 const char *id)
{
  guint n;

  g_return_val_if_fail (YC_IS_CASES (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  for (guint i = 0; i < n; i++)
    {
      YcCaseEntry *entry = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      g_object_unref (entry);   /* the model keeps it */
      if (g_strcmp0 (entry->id, id) == 0)
        return entry;
    }
  return NULL;
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Waiter *waiter = g_task_get_task_data (task);
  YcCases *self = g_task_get_source_object (task);

  waiter->timeout = 0;
  answer_waiter (self, task, NULL);
  return G_SOURCE_REMOVE;
}

static void
wait_cancelled_cb (GCancellable *cancellable,
                   GTask        *task)
{
  YcCases *self = g_task_get_source_object (task);

  answer_waiter (self, task, NULL);
}

void
yc_cases_wait_number_async (YcCases             *self,
                            const char          *id,
                            guint                timeout_ms,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  YcCaseEntry *entry;
  Waiter *waiter;

  g_return_if_fail (YC_IS_CASES (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, yc_cases_wait_number_async);
  entry = yc_cases_lookup (self, id);
  if (entry != NULL && entry->case_number != NULL)
    {
      g_task_return_pointer (task, g_strdup (entry->case_number), g_free);
      return;
    }
  /* Offline, the number comes only when the desk is back: the caller does not wait. */
  if (!yc_client_get_online (self->client) || yc_client_get_session (self->client) == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  waiter = g_new0 (Waiter, 1);
  waiter->id = g_strdup (id);
  waiter->timeout = g_timeout_add (MAX (timeout_ms, 1), wait_timeout_cb, task);
  g_task_set_task_data (task, waiter, waiter_free);
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (wait_cancelled_cb), task, 0);
  g_ptr_array_add (self->waiters, g_object_ref (task));
  /* It may be answered already: the outbox is read again to see. */
  read_outbox (self);
}

char *
yc_cases_wait_number_finish (YcCases       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
