/* yc-notifier.c: desktop notifications of tasks (yc-notifier.h). */
#include "config-desk.h"

#include <libnotify/notify.h>

#include "core/yc-mask.h"
#include "core/yc-task.h"
#include "core/yc-time.h"

#include "yc-display.h"
#include "yc-notifier.h"


#define DEFAULT_DELAY_MS      1500
/* A burst that never falls quiet is shown after this all the same. */
#define LONGEST_WAIT_US       (5 * G_USEC_PER_SEC)
#define DEADLINE_CHECK_S      60
#define KEPT_NOTIFICATIONS    20
#define TITLES_IN_A_SUMMARY   3

typedef enum
{
  REASON_ASSIGNED,
  REASON_DEADLINE,
  REASON_ESCALATED,
} Reason;

typedef struct
{
  YcTask *task;
  Reason  reason;
} Pending;

struct _YcNotifier
{
  GObject         parent_instance;

  YcTasks        *tasks;
  GSettings      *settings;
  YcWorkCalendar *calendar;
  GPtrArray      *queue;      /* Pending: the burst under way */
  GPtrArray      *held;       /* Pending: waiting for the visit to end */
  GHashTable     *told;       /* what the clerk was told of, once each */
  GQueue         *shown;      /* NotifyNotification: kept for their actions */
  GThreadPool    *pool;       /* one thread for libnotify */
  GMainContext   *context;    /* the main loop's */
  guint           flush_source;
  gint64          burst_began;  /* monotonic time of the burst's first, 0 when none */
  guint           deadline_source;
  guint           delay_ms;
  guint           n_shown;
  guint           n_failed;
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (YcNotifier, yc_notifier, G_TYPE_OBJECT)

enum {
  OPEN_TASK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->task);
  g_free (pending);
}

/* ---- Showing, on libnotify's thread ---- */

/* Every libnotify call that may reach D-Bus runs on the pool's one thread: showing, and
 * the last unref of a notification too (its dispose looks up libnotify's proxy, which
 * the first lookup builds with blocking calls). */
typedef struct
{
  YcNotifier         *self;          /* NULL for a release */
  GMainContext       *context;       /* where the outcome is counted */
  NotifyNotification *notification;
  gboolean            shown;
} Job;

static gboolean
job_done_cb (gpointer data)
{
  Job *job = data;

  if (job->shown)
    job->self->n_shown++;
  else
    job->self->n_failed++;
  g_object_unref (job->self);
  g_main_context_unref (job->context);
  g_free (job);
  return G_SOURCE_REMOVE;
}

static void
show_worker (gpointer data,
             gpointer user_data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  GSource *source;

  if (job->self == NULL)
    {
      g_object_unref (job->notification);
      g_free (job);
      return;
    }

  if (!notify_is_initted ())
    notify_init (_("Yichuang"));
  job->shown = notify_notification_show (job->notification, &error);
  if (!job->shown)
    /* No notification service, or it refused: the badge in the window still tells. */
    g_message ("A notification could not be shown: %s", error != NULL ? error->message : "no reason given");
  /* The notifier keeps its own reference while it keeps the notification. */
  g_clear_object (&job->notification);

  /* Counted on the main loop, always by a source: g_main_context_invoke() from here
   * could run it on this thread. */
  source = g_idle_source_new ();
  g_source_set_callback (source, job_done_cb, job, NULL);
  g_source_attach (source, job->context);
  g_source_unref (source);
}

/* Lets go of a notification on the pool's thread. */
static void
release (YcNotifier         *self,
         NotifyNotification *notification)
{
  Job *job = g_new0 (Job, 1);

  job->notification = notification;
  g_thread_pool_push (self->pool, job, NULL);
}

static void
on_action_cb (NotifyNotification *notification,
              char               *action,
              gpointer            user_data)
{
  YcNotifier *self = user_data;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (notification), "yc-task"));

  /* The service closes it itself; closing it from here would wait on D-Bus. */
  g_signal_emit (self, signals[OPEN_TASK], 0, id);
}

/* summary and body are shown in the desk's script (masked already): tasks' titles are the
 * server's; id: the task Open shows. */
static void
show (YcNotifier *self,
      const char *summary,
      const char *body,
      gint64      id,
      gboolean    urgent)
{
  g_autofree char *shown_summary = yc_display_text (summary);
  g_autofree char *shown_body = yc_display_text (body);
  NotifyNotification *notification = notify_notification_new (shown_summary, shown_body, APP_ID);
  Job *job;

  g_object_set_data (G_OBJECT (notification), "yc-task", GSIZE_TO_POINTER ((gsize) id));
  notify_notification_set_app_name (notification, _("Yichuang"));
  notify_notification_set_hint_string (notification, "desktop-entry", APP_ID);
  notify_notification_set_urgency (notification, urgent ? NOTIFY_URGENCY_CRITICAL : NOTIFY_URGENCY_NORMAL);
  /* Clicking the notification opens it as the button does. */
  notify_notification_add_action (notification, "default", _("Open"), on_action_cb, self, NULL);
  notify_notification_add_action (notification, "open", _("Open"), on_action_cb, self, NULL);

  job = g_new0 (Job, 1);
  job->self = g_object_ref (self);
  job->context = g_main_context_ref (self->context);
  job->notification = g_object_ref (notification);
  g_thread_pool_push (self->pool, job, NULL);

  /* Kept so that their actions reach us; the oldest go. */
  g_queue_push_tail (self->shown, notification);
  while (g_queue_get_length (self->shown) > KEPT_NOTIFICATIONS)
    release (self, g_queue_pop_head (self->shown));
}

/* ---- Words ---- */

static char *
describe_one (YcNotifier  *self,
              Pending     *pending,
              char       **body)
{
  g_autofree char *title = yc_mask_text (yc_task_get_title (pending->task));
  g_autofree char *countdown = yc_task_describe_countdown (pending->task, self->calendar);
  const char *kind = yc_task_kind_name (yc_task_get_kind (pending->task));

  *body = g_strdup_printf ("%s\n%s", title, countdown);
  switch (pending->reason)
    {
    case REASON_ESCALATED:
      /* Translators: a notification's title: a task escalated; %s is the escalation
       * (催办单 …), then the kind of task */
      return g_strdup_printf (_("%s · %s"), yc_escalation_name (yc_task_get_escalation (pending->task)), kind);
    case REASON_DEADLINE:
      /* Translators: a notification's title: a task's deadline is near; %s is its kind */
      return g_strdup_printf (_("Deadline near · %s"), kind);
    case REASON_ASSIGNED:
    default:
      /* Translators: a notification's title: a task was assigned; %s is its kind */
      return g_strdup_printf (_("New task · %s"), kind);
    }
}

static int
compare_pending (gconstpointer a,
                 gconstpointer b)
{
  const Pending *x = *(Pending **) a;
  const Pending *y = *(Pending **) b;

  if (x->reason != y->reason)
    return x->reason > y->reason ? -1 : 1;
  return yc_task_compare_urgency (x->task, y->task);
}

/* The burst, one notification: the most pressing first. */
static void
flush (YcNotifier *self)
{
  g_autoptr(GPtrArray) burst = g_steal_pointer (&self->queue);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) distinct = g_ptr_array_new ();
  gboolean urgent = FALSE, all_new = TRUE;

  self->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
  g_ptr_array_sort (burst, compare_pending);
  /* One line per task: its most pressing reason. */
  for (guint i = 0; i < burst->len; i++)
    {
      Pending *pending = g_ptr_array_index (burst, i);
      gint64 *id = g_new (gint64, 1);

      *id = yc_task_get_id (pending->task);
      if (g_hash_table_contains (seen, id))
        {
          g_free (id);
          continue;
        }
      g_hash_table_add (seen, id);
      g_ptr_array_add (distinct, pending);
      urgent |= pending->reason == REASON_ESCALATED;
      all_new &= pending->reason == REASON_ASSIGNED;
    }
  if (distinct->len == 0)
    return;

  if (distinct->len == 1)
    {
      Pending *pending = g_ptr_array_index (distinct, 0);
      g_autofree char *body = NULL;
      g_autofree char *summary = describe_one (self, pending, &body);

      show (self, summary, body, yc_task_get_id (pending->task), urgent);
      return;
    }

  {
    g_autoptr(GString) body = g_string_new (NULL);
    g_autofree char *summary = NULL;
    guint n = distinct->len;

    summary = all_new
              /* Translators: a notification's title for a burst of tasks */
              ? g_strdup_printf (ngettext ("%u new task", "%u new tasks", n), n)
              /* Translators: a notification's title for a burst of tasks, new, due or escalated */
              : g_strdup_printf (ngettext ("%u task needs your attention", "%u tasks need your attention", n), n);
    for (guint i = 0; i < n && i < TITLES_IN_A_SUMMARY; i++)
      {
        Pending *pending = g_ptr_array_index (distinct, i);
        g_autofree char *title = yc_mask_text (yc_task_get_title (pending->task));

        if (body->len > 0)
          g_string_append_c (body, '\n');
        g_string_append (body, title);
      }
    if (n > TITLES_IN_A_SUMMARY)
      {
        g_string_append_c (body, '\n');
        /* Translators: the last line of a notification of a burst of tasks */
        g_string_append_printf (body, ngettext ("and %u more", "and %u more", n - TITLES_IN_A_SUMMARY),
                                n - TITLES_IN_A_SUMMARY);
      }
    /* Open shows the most pressing of them; the others are beside it in the list. */
    show (self, summary, body->str, yc_task_get_id (((Pending *) g_ptr_array_index (distinct, 0))->task), urgent);
  }
}

static gboolean
flush_cb (gpointer user_data)
{
  YcNotifier *self = user_data;

  self->flush_source = 0;
  self->burst_began = 0;
  flush (self);
  return G_SOURCE_REMOVE;
}

/* ---- Deciding ---- */

static gboolean
wanted (YcNotifier *self,
        YcTask     *task,
        Reason      reason)
{
  static const char *keys[] = { "notify-assigned", "notify-deadline", "notify-escalated" };
  g_auto(GStrv) muted = NULL;

  if (self->settings == NULL)
    return TRUE;
  if (!g_settings_get_boolean (self->settings, keys[reason]))
    return FALSE;
  muted = g_settings_get_strv (self->settings, "notify-muted-kinds");
  return !g_strv_contains ((const char * const *) muted, yc_task_get_kind (task));
}

/* Once per task and reason (per level, per deadline). */
static gboolean
first_time (YcNotifier *self,
            YcTask     *task,
            Reason      reason)
{
  g_autofree char *deadline = yc_time_format_date (yc_task_get_next_deadline (task));
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%d:%s", yc_task_get_id (task), reason,
                                          reason == REASON_ESCALATED
                                          ? yc_escalation_to_string (yc_task_get_escalation (task))
                                          : reason == REASON_DEADLINE ? deadline : "");

  if (g_hash_table_contains (self->told, key))
    return FALSE;
  g_hash_table_add (self->told, g_steal_pointer (&key));
  return TRUE;
}

/* A burst is shown once it has been quiet for the delay (or has lasted too long). */
static void
schedule_flush (YcNotifier *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->queue->len == 0)
    return;
  if (self->flush_source != 0 && now - self->burst_began > LONGEST_WAIT_US)
    return;
  if (self->flush_source == 0)
    self->burst_began = now;
  g_clear_handle_id (&self->flush_source, g_source_remove);
  self->flush_source = g_timeout_add (self->delay_ms, flush_cb, self);
}

static void
tell (YcNotifier *self,
      YcTask     *task,
      Reason      reason)
{
  Pending *pending;

  if (!wanted (self, task, reason) || !first_time (self, task, reason))
    return;
  pending = g_new0 (Pending, 1);
  pending->task = g_object_ref (task);
  pending->reason = reason;
  /* An escalation is shown even during a visit, and says all there is to say of its
   * task; the rest waits for the visit's end. */
  if (reason == REASON_ESCALATED)
    for (guint i = self->held->len; i > 0; i--)
      if (yc_task_get_id (((Pending *) g_ptr_array_index (self->held, i - 1))->task) == yc_task_get_id (task))
        g_ptr_array_remove_index (self->held, i - 1);
  if (self->busy && reason != REASON_ESCALATED)
    g_ptr_array_add (self->held, pending);
  else
    {
      g_ptr_array_add (self->queue, pending);
      schedule_flush (self);
    }
}

static void
on_news_cb (YcNotifier *self,
            YcTask     *task,
            YcTaskNews  news,
            YcTasks    *tasks)
{
  tell (self, task, news == YC_TASK_NEWS_ESCALATED ? REASON_ESCALATED : REASON_ASSIGNED);
}

void
yc_notifier_check_deadlines (YcNotifier *self)
{
  GListModel *mine;

  g_return_if_fail (YC_IS_NOTIFIER (self));

  mine = yc_tasks_get_mine (self->tasks);
  for (guint i = 0; i < g_list_model_get_n_items (mine); i++)
    {
      g_autoptr(YcTask) task = g_list_model_get_item (mine, i);

      if (yc_task_light_today (task, self->calendar) == YC_TASK_LIGHT_YELLOW)
        tell (self, task, REASON_DEADLINE);
    }
}

/* A log-out: what was for that clerk is not told to the next one, and the next one is
 * told of everything afresh. */
static void
on_loaded_cb (YcNotifier *self,
              GParamSpec *pspec,
              YcTasks    *tasks)
{
  if (yc_tasks_get_loaded (tasks))
    return;
  g_clear_handle_id (&self->flush_source, g_source_remove);
  self->burst_began = 0;
  g_ptr_array_set_size (self->queue, 0);
  g_ptr_array_set_size (self->held, 0);
  g_hash_table_remove_all (self->told);
}

static gboolean
deadline_cb (gpointer user_data)
{
  yc_notifier_check_deadlines (user_data);
  return G_SOURCE_CONTINUE;
}

/* ---- GObject ---- */

static void
yc_notifier_dispose (GObject *object)
{
  YcNotifier *self = (YcNotifier *) object;

  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_clear_handle_id (&self->deadline_source, g_source_remove);
  if (self->tasks != NULL)
    g_signal_handlers_disconnect_by_data (self->tasks, self);
  g_clear_object (&self->tasks);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (yc_notifier_parent_class)->dispose (object);
}

static void
yc_notifier_finalize (GObject *object)
{
  YcNotifier *self = (YcNotifier *) object;

  /* Jobs that show hold the notifier: only releases may be left, and the pool finishes
   * them by itself, without the main loop waiting. */
  while (!g_queue_is_empty (self->shown))
    release (self, g_queue_pop_head (self->shown));
  g_queue_free (self->shown);
  g_thread_pool_free (self->pool, FALSE, FALSE);
  g_main_context_unref (self->context);
  g_clear_pointer (&self->queue, g_ptr_array_unref);
  g_clear_pointer (&self->held, g_ptr_array_unref);
  g_clear_pointer (&self->told, g_hash_table_unref);
  g_clear_pointer (&self->calendar, yc_work_calendar_unref);

  G_OBJECT_CLASS (yc_notifier_parent_class)->finalize (object);
}

static void
yc_notifier_class_init (YcNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_notifier_dispose;
  object_class->finalize = yc_notifier_finalize;

  /* (id: the task to show) */
  signals[OPEN_TASK] =
    g_signal_new ("open-task", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
yc_notifier_init (YcNotifier *self)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  self->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
  self->held = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
  self->told = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->shown = g_queue_new ();
  self->calendar = yc_work_calendar_new (none);
  self->delay_ms = DEFAULT_DELAY_MS;
  self->pool = g_thread_pool_new (show_worker, NULL, 1, FALSE, NULL);
  self->context = g_main_context_ref_thread_default ();
}

YcNotifier *
yc_notifier_new (YcTasks   *tasks,
                 GSettings *settings)
{
  YcNotifier *self;

  g_return_val_if_fail (YC_IS_TASKS (tasks), NULL);
  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (YC_TYPE_NOTIFIER, NULL);
  self->tasks = g_object_ref (tasks);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  g_signal_connect_swapped (tasks, "news", G_CALLBACK (on_news_cb), self);
  g_signal_connect_swapped (tasks, "notify::loaded", G_CALLBACK (on_loaded_cb), self);
  self->deadline_source = g_timeout_add_seconds (DEADLINE_CHECK_S, deadline_cb, self);
  return self;
}

void
yc_notifier_set_busy (YcNotifier *self,
                      gboolean    busy)
{
  g_return_if_fail (YC_IS_NOTIFIER (self));

  self->busy = !!busy;
  if (self->busy || self->held->len == 0)
    return;
  /* The visit is over: what waited is told now, in one. */
  while (self->held->len > 0)
    g_ptr_array_add (self->queue, g_ptr_array_steal_index (self->held, 0));
  schedule_flush (self);
}

void
yc_notifier_set_calendar (YcNotifier     *self,
                          YcWorkCalendar *calendar)
{
  g_return_if_fail (YC_IS_NOTIFIER (self));
  g_return_if_fail (calendar != NULL);

  g_clear_pointer (&self->calendar, yc_work_calendar_unref);
  self->calendar = yc_work_calendar_ref (calendar);
}

void
yc_notifier_set_delay (YcNotifier *self,
                       guint       ms)
{
  g_return_if_fail (YC_IS_NOTIFIER (self));
  self->delay_ms = ms;
}

guint
yc_notifier_get_n_shown (YcNotifier *self)
{
  g_return_val_if_fail (YC_IS_NOTIFIER (self), 0);
  return self->n_shown;
}

guint
yc_notifier_get_n_failed (YcNotifier *self)
{
  g_return_val_if_fail (YC_IS_NOTIFIER (self), 0);
  return self->n_failed;
}

guint
yc_notifier_get_n_held (YcNotifier *self)
{
  g_return_val_if_fail (YC_IS_NOTIFIER (self), 0);
  return self->held->len;
}
