/* yc-tasks.c: the clerk's tasks (yc-tasks.h). */
#include "core/config-i18n.h"

#include "yc-tasks.h"

#include "core/yc-time.h"

/* A read asked for while another is under way waits this long after it: a burst of
 * events for tasks of my zone costs one read. */
#define REREAD_DELAY_MS 300

struct _YcTasks
{
  GObject       parent_instance;

  YcClient     *client;
  YcEvents     *events;
  YcStore      *store;
  GListStore   *lists[3];     /* MINE, CLAIMABLE, DONE */
  GHashTable   *known;        /* gint64 id → escalation + 1 the clerk has heard of */
  GHashTable   *completing;   /* gint64 id → YcRecord: a completion still in the outbox */
  GCancellable *cancellable;  /* the read under way */
  guint         reread_source;
  guint         n_open;

  guint         reading : 1;
  guint         dirty : 1;    /* something changed while reading: read again */
  guint         loaded : 1;
  guint         live : 1;
  guint         streamed : 1; /* the stream was open since the log-in */
};

enum { MINE, CLAIMABLE, DONE, N_LISTS };
static const char *views[N_LISTS] = { "mine", "claimable", "done" };

G_DEFINE_FINAL_TYPE (YcTasks, yc_tasks, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_OPEN,
  PROP_LOADED,
  N_PROPS
};

enum {
  NEWS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gint64 *
id_key (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static void
update_n_open (YcTasks *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->lists[MINE])) +
            g_list_model_get_n_items (G_LIST_MODEL (self->lists[CLAIMABLE]));

  if (n == self->n_open)
    return;
  self->n_open = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OPEN]);
}

static gboolean
find_in (GListStore *list,
         gint64      id,
         guint      *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcTask) task = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (yc_task_get_id (task) == id)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Takes task id out of the lists: the first found (a reference), and its list. */
static YcTask *
take_out (YcTasks *self,
          gint64   id,
          int     *list)
{
  YcTask *found = NULL;
  guint position;

  *list = -1;
  for (int i = 0; i < N_LISTS; i++)
    while (find_in (self->lists[i], id, &position))
      {
        if (found == NULL)
          {
            found = g_list_model_get_item (G_LIST_MODEL (self->lists[i]), position);
            *list = i;
          }
        g_list_store_remove (self->lists[i], position);
      }
  return found;
}

/* Which of my lists task belongs in, or -1 for none. *unsure: it is for a zone, and only
 * the server knows whether my window is in it. */
static int
list_for (YcTasks  *self,
          YcTask   *task,
          gboolean *unsure)
{
  const YcSession *session = yc_client_get_session (self->client);
  const char *me = session != NULL ? session->clerk_id : NULL;
  gboolean mine = me != NULL && (g_strcmp0 (yc_task_get_clerk (task), me) == 0 ||
                                 g_strcmp0 (yc_task_get_claimed_by (task), me) == 0);

  *unsure = FALSE;
  if (session == NULL)
    return -1;
  if (yc_task_get_state (task) == YC_TASK_DONE)
    return mine || g_strcmp0 (yc_task_get_done_by (task), me) == 0 ? DONE : -1;
  if (mine)
    return MINE;
  if (yc_task_get_state (task) != YC_TASK_NEW || yc_task_get_clerk (task) != NULL)
    return -1;
  if (yc_task_get_window (task) == session->window_id)
    return CLAIMABLE;
  *unsure = yc_task_get_window (task) == 0 && yc_task_get_zone (task) != NULL;
  return -1;
}

/* The clerk hears of task once per level: when it is first for them (if it is new to
 * them: may_be_new) and each time it is raised. escalated_event: the stream says it was
 * raised. */
static void
announce (YcTasks  *self,
          YcTask   *task,
          gboolean  may_be_new,
          gboolean  escalated_event)
{
  gint64 id = yc_task_get_id (task);
  int level = (int) yc_task_get_escalation (task) + 1;
  gpointer seen;

  if (!g_hash_table_lookup_extended (self->known, &id, NULL, &seen))
    {
      g_hash_table_insert (self->known, id_key (id), GINT_TO_POINTER (level));
      if (may_be_new)
        g_signal_emit (self, signals[NEWS], 0, task, YC_TASK_NEWS_ASSIGNED);
      else if (escalated_event)
        g_signal_emit (self, signals[NEWS], 0, task, YC_TASK_NEWS_ESCALATED);
      return;
    }
  if (level > GPOINTER_TO_INT (seen))
    {
      g_hash_table_insert (self->known, id_key (id), GINT_TO_POINTER (level));
      g_signal_emit (self, signals[NEWS], 0, task, YC_TASK_NEWS_ESCALATED);
    }
}

static void read_lists (YcTasks *self);

static gboolean
reread_cb (gpointer user_data)
{
  YcTasks *self = user_data;

  self->reread_source = 0;
  read_lists (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reread (YcTasks *self)
{
  if (self->reading)
    self->dirty = TRUE;
  else if (self->reread_source == 0)
    self->reread_source = g_timeout_add (REREAD_DELAY_MS, reread_cb, self);
}

/* A task as the server has it now (an event, or the answer to a claim). */
static void
place (YcTasks    *self,
       YcTask     *task,
       const char *event)
{
  gint64 id = yc_task_get_id (task);
  g_autoptr(YcTask) old = NULL;
  g_autoptr(YcTask) merged = NULL;
  gboolean unsure;
  int was, list;

  /* Completed here, not yet there: the desk's version stands until the server has it. */
  if (g_hash_table_contains (self->completing, &id))
    {
      if (yc_task_get_state (task) != YC_TASK_DONE)
        return;
      g_hash_table_remove (self->completing, &id);
    }

  old = take_out (self, id, &was);
  merged = yc_task_new_merged (task, old);
  list = list_for (self, merged, &unsure);
  /* A zone's task the server listed for me before is still for me. */
  if (unsure && was == CLAIMABLE)
    list = CLAIMABLE;
  if (list >= 0)
    g_list_store_append (self->lists[list], merged);
  /* A zone's task may be for me; and the stream leaves out what a citizen said (a task's
   * detail), which the list has. */
  if ((list < 0 && unsure) || (list >= 0 && list != DONE && yc_task_get_detail (merged) == NULL &&
                               g_strcmp0 (event, "task.assigned") == 0))
    schedule_reread (self);
  if (self->reading)
    self->dirty = TRUE;

  if (list == MINE || list == CLAIMABLE)
    announce (self, merged,
              g_strcmp0 (event, "task.assigned") == 0 || g_strcmp0 (event, "task.released") == 0,
              g_strcmp0 (event, "task.escalated") == 0);
  update_n_open (self);
}

static void
on_event_cb (YcTasks    *self,
             const char *kind,
             JsonNode   *body,
             gint64      id,
             YcEvents   *events)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcTask) task = NULL;
  JsonNode *node;

  if (!g_str_has_prefix (kind, "task."))
    return;
  node = json_object_get_member (json_node_get_object (body), "task");
  if (node == NULL || !(task = yc_task_new_from_json (node, &error)))
    {
      g_message ("A %s event was not understood and is skipped: %s", kind,
                 error != NULL ? error->message : "it has no task");
      return;
    }
  place (self, task, kind);
}

/* ---- Reading the lists ---- */

typedef struct
{
  YcTasks      *self;
  GCancellable *cancellable;
  GPtrArray    *views[N_LISTS];
  GHashTable   *completing;   /* gint64 id → YcRecord, as the outbox has them */
  guint         waiting;
  GError       *error;
} Read;

static void
read_free (Read *read)
{
  g_object_unref (read->self);
  g_object_unref (read->cancellable);
  for (int i = 0; i < N_LISTS; i++)
    g_clear_pointer (&read->views[i], g_ptr_array_unref);
  g_clear_pointer (&read->completing, g_hash_table_unref);
  g_clear_error (&read->error);
  g_free (read);
}

static void
store_list (GListStore *list,
            GPtrArray  *tasks)
{
  g_list_store_splice (list, 0, g_list_model_get_n_items (G_LIST_MODEL (list)), tasks->pdata, tasks->len);
}

/* The lists as the server and the outbox have them. */
static void
apply_read (YcTasks *self,
            Read    *read)
{
  const YcSession *session = yc_client_get_session (self->client);
  g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) claimable = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GPtrArray *open[] = { mine, claimable };
  GHashTableIter iter;
  gpointer key, value;

  /* Completed here while the read was under way: not in its look at the outbox. */
  g_hash_table_iter_init (&iter, self->completing);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (read->completing, key))
      g_hash_table_insert (read->completing, id_key (*(gint64 *) key), g_object_ref (value));

  /* The server has these completions: they need not wait any more. */
  for (guint i = 0; i < read->views[DONE]->len; i++)
    {
      YcTask *task = g_ptr_array_index (read->views[DONE], i);
      gint64 id = yc_task_get_id (task);

      g_ptr_array_add (done, g_object_ref (task));
      g_hash_table_remove (read->completing, &id);
      g_hash_table_add (listed, id_key (id));
    }

  /* The views are read side by side: a task claimed or done between two of them may be
   * in both. Each is listed once, done before mine before claimable. */
  for (int list = MINE; list <= CLAIMABLE; list++)
    for (guint i = 0; i < read->views[list]->len; i++)
      {
        YcTask *task = g_ptr_array_index (read->views[list], i);
        gint64 id = yc_task_get_id (task);
        YcRecord *record = g_hash_table_lookup (read->completing, &id);

        if (g_hash_table_contains (listed, &id))
          continue;
        g_hash_table_add (listed, id_key (id));
        if (record != NULL)
          {
            JsonObject *body = json_node_get_object (yc_record_get_body (record));

            g_ptr_array_insert (done, 0, yc_task_new_done (task, session != NULL ? session->clerk_id : NULL,
                                                          json_object_get_string_member_with_default (body, "note", NULL),
                                                          yc_record_get_created_at (record)));
          }
        else
          g_ptr_array_add (open[list], g_object_ref (task));
      }

  g_hash_table_unref (self->completing);
  self->completing = g_steal_pointer (&read->completing);

  store_list (self->lists[MINE], mine);
  store_list (self->lists[CLAIMABLE], claimable);
  store_list (self->lists[DONE], done);

  /* The first read after a log-in is what the clerk finds: the badge tells it. Later
   * ones find what the stream did not bring. */
  for (int list = MINE; list <= CLAIMABLE; list++)
    for (guint i = 0; i < open[list]->len; i++)
      announce (self, g_ptr_array_index (open[list], i), self->loaded, FALSE);

  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  update_n_open (self);
}

/* The last answer of a read applies it, unless one failed (then the lists stay as they
 * are) or the read was given up (a log-out: nothing of it may apply). */
static void
read_step_done (Read *read)
{
  YcTasks *self = read->self;

  if (--read->waiting > 0)
    return;
  if (g_cancellable_is_cancelled (read->cancellable))
    {
      read_free (read);
      return;
    }

  self->reading = FALSE;
  g_clear_object (&self->cancellable);
  if (read->error != NULL)
    g_debug ("Tasks not read: %s", read->error->message);
  else
    apply_read (self, read);
  if (self->dirty)
    {
      self->dirty = FALSE;
      schedule_reread (self);
    }
  read_free (read);
}

typedef struct
{
  Read *read;
  int   view;
} ViewRead;

static void
on_view_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ViewRead *view_read = user_data;
  Read *read = view_read->read;
  GError *error = NULL;
  GPtrArray *tasks = yc_client_get_tasks_finish (YC_CLIENT (object), result, &error);

  read->views[view_read->view] = tasks;
  if (error != NULL && read->error == NULL)
    read->error = error;
  else
    g_clear_error (&error);
  g_free (view_read);
  read_step_done (read);
}

static void
read_views (Read *read)
{
  read->waiting = N_LISTS;
  for (int i = 0; i < N_LISTS; i++)
    {
      ViewRead *view_read = g_new0 (ViewRead, 1);

      view_read->read = read;
      view_read->view = i;
      yc_client_get_tasks_async (read->self->client, views[i], read->cancellable, on_view_read_cb, view_read);
    }
}

static void
on_pending_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Read *read = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = yc_store_fetch_pending_finish (YC_STORE (object), result, &error);

  if (g_cancellable_is_cancelled (read->cancellable))
    {
      read_free (read);
      return;
    }
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      YcRecord *record = g_ptr_array_index (records, i);
      JsonObject *body = json_node_get_object (yc_record_get_body (record));

      if (yc_record_kind_from_wire (yc_record_get_kind (record)) == YC_RECORD_KIND_TASK_RESULT && json_object_has_member (body, "task_id"))
        g_hash_table_insert (read->completing, id_key (json_object_get_int_member (body, "task_id")),
                             g_object_ref (record));
    }
  read_views (read);
}

/* The outbox's completions first, then the three views side by side. */
static void
read_lists (YcTasks *self)
{
  Read *read;

  g_clear_handle_id (&self->reread_source, g_source_remove);
  if (yc_client_get_session (self->client) == NULL)
    return;
  if (self->reading)
    {
      self->dirty = TRUE;
      return;
    }

  self->reading = TRUE;
  self->dirty = FALSE;
  self->cancellable = g_cancellable_new ();
  read = g_new0 (Read, 1);
  read->self = g_object_ref (self);
  read->cancellable = g_object_ref (self->cancellable);
  read->completing = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);

  if (self->store != NULL)
    yc_store_fetch_pending_async (self->store, 500, self->cancellable, on_pending_read_cb, read);
  else
    read_views (read);
}

/* ---- Following the session, the stream and the outbox ---- */

static void
forget_all (YcTasks *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reread_source, g_source_remove);
  self->reading = FALSE;
  self->dirty = FALSE;
  self->streamed = FALSE;
  for (int i = 0; i < N_LISTS; i++)
    g_list_store_remove_all (self->lists[i]);
  g_hash_table_remove_all (self->known);
  g_hash_table_remove_all (self->completing);
  if (self->loaded)
    {
      self->loaded = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  update_n_open (self);
}

static void
on_session_changed_cb (YcTasks    *self,
                       GParamSpec *pspec,
                       YcClient   *client)
{
  forget_all (self);
  read_lists (self);
}

/* Back after a drop: what the stream sends again is placed once; a read finds what
 * happened to tasks of my zone meanwhile (and reads the lists at last, if the read at
 * log-in failed). */
static void
on_live_changed_cb (YcTasks    *self,
                    GParamSpec *pspec,
                    YcEvents   *events)
{
  gboolean live = yc_events_get_live (events);

  /* The stream's first opening after a log-in is no news: the log-in's read covers it. */
  if (live && !self->live && (self->streamed || !self->loaded) && !self->reading)
    read_lists (self);
  if (live)
    self->streamed = TRUE;
  self->live = live;
}

/* The outbox is empty: the server has every completion made here. */
static void
on_store_pending_cb (YcTasks    *self,
                     GParamSpec *pspec,
                     YcStore    *store)
{
  if (yc_store_get_pending (store) == 0 && g_hash_table_size (self->completing) > 0)
    read_lists (self);
}

/* ---- Acting ---- */

static void
on_acted_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcTasks *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr(YcTask) changed = yc_client_task_action_finish (YC_CLIENT (object), result, &error);

  if (changed == NULL)
    {
      /* Another clerk was quicker, or it is done: the lists are out of date. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        read_lists (self);
      g_task_return_error (task, error);
      return;
    }
  place (self, changed, g_task_get_task_data (task));
  g_task_return_pointer (task, g_steal_pointer (&changed), g_object_unref);
}

void
yc_tasks_act_async (YcTasks             *self,
                    gint64               id,
                    const char          *action,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YC_IS_TASKS (self));
  g_return_if_fail (g_strcmp0 (action, "claim") == 0 || g_strcmp0 (action, "release") == 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_tasks_act_async);
  /* The event its answer stands for. */
  g_task_set_task_data (task, g_str_equal (action, "claim") ? "task.claimed" : "task.released", NULL);
  yc_client_task_action_async (self->client, id, action, cancellable, on_acted_cb, g_steal_pointer (&task));
}

YcTask *
yc_tasks_act_finish (YcTasks       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  YcRecord *record;
  gint64    id;
} Completion;

static void
completion_free (Completion *completion)
{
  g_clear_object (&completion->record);
  g_free (completion);
}

static void
on_completion_kept_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcTasks *self = g_task_get_source_object (task);
  Completion *completion = g_task_get_task_data (task);
  const YcSession *session = yc_client_get_session (self->client);
  JsonObject *body = json_node_get_object (yc_record_get_body (completion->record));
  GError *error = NULL;
  g_autoptr(YcTask) old = NULL;
  int was;

  if (!yc_store_enqueue_finish (YC_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Logged out meanwhile: the record goes out at the next log-in all the same. */
  if (session != NULL && (old = take_out (self, completion->id, &was)) != NULL)
    {
      g_autoptr(YcTask) done = yc_task_new_done (old, session->clerk_id, json_object_get_string_member (body, "note"),
                                                 yc_record_get_created_at (completion->record));

      g_hash_table_insert (self->completing, id_key (completion->id), g_object_ref (completion->record));
      g_list_store_insert (self->lists[DONE], 0, done);
      update_n_open (self);
    }
  g_task_return_boolean (task, TRUE);
}

void
yc_tasks_complete_async (YcTasks             *self,
                         gint64               id,
                         const char          *note,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *text = NULL;
  Completion *completion;
  guint position;

  g_return_if_fail (YC_IS_TASKS (self));
  g_return_if_fail (note != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_tasks_complete_async);

  text = g_strstrip (g_strdup (note));
  if (*text == '\0')
    {
      g_task_return_new_error (task, YC_ERROR, YC_ERROR_INVALID_INPUT,
                               _("Say in a few words what was done before completing the task."));
      return;
    }
  if (g_utf8_strlen (text, -1) > 2000)
    {
      g_task_return_new_error (task, YC_ERROR, YC_ERROR_INVALID_INPUT,
                               _("The note is too long: at most 2,000 characters."));
      return;
    }
  if (!find_in (self->lists[MINE], id, &position))
    {
      g_task_return_new_error (task, YC_ERROR, YC_ERROR_INVALID_INPUT,
                               _("Only a task that is yours can be completed: claim it first."));
      return;
    }
  if (self->store == NULL)
    {
      g_task_return_new_error (task, YC_ERROR, YC_ERROR_STORAGE, _("The desk’s records are not open yet."));
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  completion = g_new0 (Completion, 1);
  completion->id = id;
  completion->record = yc_record_new (yc_record_kind_to_wire (YC_RECORD_KIND_TASK_RESULT), body);
  g_task_set_task_data (task, completion, (GDestroyNotify) completion_free);
  yc_store_enqueue_async (self->store, completion->record, cancellable, on_completion_kept_cb, g_steal_pointer (&task));
}

gboolean
yc_tasks_complete_finish (YcTasks       *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- GObject ---- */

static void
yc_tasks_dispose (GObject *object)
{
  YcTasks *self = (YcTasks *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reread_source, g_source_remove);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);
  yc_tasks_set_store (self, NULL);
  g_clear_object (&self->client);
  g_clear_object (&self->events);

  G_OBJECT_CLASS (yc_tasks_parent_class)->dispose (object);
}

static void
yc_tasks_finalize (GObject *object)
{
  YcTasks *self = (YcTasks *) object;

  for (int i = 0; i < N_LISTS; i++)
    g_clear_object (&self->lists[i]);
  g_clear_pointer (&self->known, g_hash_table_unref);
  g_clear_pointer (&self->completing, g_hash_table_unref);

  G_OBJECT_CLASS (yc_tasks_parent_class)->finalize (object);
}

static void
yc_tasks_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  YcTasks *self = YC_TASKS (object);

  switch (prop_id)
    {
    case PROP_N_OPEN:
      g_value_set_uint (value, self->n_open);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_tasks_class_init (YcTasksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_tasks_dispose;
  object_class->finalize = yc_tasks_finalize;
  object_class->get_property = yc_tasks_get_property;

  properties[PROP_N_OPEN] =
    g_param_spec_uint ("n-open", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (task: YcTask, what: YcTaskNews) */
  signals[NEWS] =
    g_signal_new ("news", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, YC_TYPE_TASK, G_TYPE_INT);
}

static void
yc_tasks_init (YcTasks *self)
{
  for (int i = 0; i < N_LISTS; i++)
    self->lists[i] = g_list_store_new (YC_TYPE_TASK);
  self->known = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->completing = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

YcTasks *
yc_tasks_new (YcClient *client,
              YcEvents *events)
{
  YcTasks *self;

  g_return_val_if_fail (YC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (YC_IS_EVENTS (events), NULL);

  self = g_object_new (YC_TYPE_TASKS, NULL);
  self->client = g_object_ref (client);
  self->events = g_object_ref (events);
  self->live = yc_events_get_live (events);
  g_signal_connect_swapped (client, "notify::session", G_CALLBACK (on_session_changed_cb), self);
  g_signal_connect_swapped (events, "event", G_CALLBACK (on_event_cb), self);
  g_signal_connect_swapped (events, "notify::live", G_CALLBACK (on_live_changed_cb), self);
  read_lists (self);
  return self;
}

void
yc_tasks_set_store (YcTasks *self,
                    YcStore *store)
{
  g_return_if_fail (YC_IS_TASKS (self));
  g_return_if_fail (!store || YC_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_swapped (store, "notify::pending", G_CALLBACK (on_store_pending_cb), self);
}

GListModel *
yc_tasks_get_mine (YcTasks *self)
{
  g_return_val_if_fail (YC_IS_TASKS (self), NULL);
  return G_LIST_MODEL (self->lists[MINE]);
}

GListModel *
yc_tasks_get_claimable (YcTasks *self)
{
  g_return_val_if_fail (YC_IS_TASKS (self), NULL);
  return G_LIST_MODEL (self->lists[CLAIMABLE]);
}

GListModel *
yc_tasks_get_done (YcTasks *self)
{
  g_return_val_if_fail (YC_IS_TASKS (self), NULL);
  return G_LIST_MODEL (self->lists[DONE]);
}

guint
yc_tasks_get_n_open (YcTasks *self)
{
  g_return_val_if_fail (YC_IS_TASKS (self), 0);
  return self->n_open;
}

gboolean
yc_tasks_get_loaded (YcTasks *self)
{
  g_return_val_if_fail (YC_IS_TASKS (self), FALSE);
  return self->loaded;
}

YcTask *
yc_tasks_lookup (YcTasks *self,
                 gint64   id)
{
  guint position;

  g_return_val_if_fail (YC_IS_TASKS (self), NULL);

  for (int i = 0; i < N_LISTS; i++)
    if (find_in (self->lists[i], id, &position))
      {
        g_autoptr(YcTask) task = g_list_model_get_item (G_LIST_MODEL (self->lists[i]), position);
        return task;   /* the list keeps it */
      }
  return NULL;
}

void
yc_tasks_refresh (YcTasks *self)
{
  g_return_if_fail (YC_IS_TASKS (self));
  read_lists (self);
}
