/* yc-training.c: the training scenario the server plays (yc-training.h). */
#include "yc-training.h"

struct _YcTraining
{
  GObject           parent_instance;

  YcClient         *client;
  YcTrainingReport *report;
  GCancellable     *cancellable;  /* the read or the change under way */
  guint             timeout;
  gint64            window;       /* whose judgement is read; 0: this session's own */

  guint             playing : 1;
  guint             paused : 1;
  guint             ended : 1;
  guint             control : 1;
  guint             told_ended : 1;  /* "ended" was emitted for this play */
  guint             posting : 1;     /* the request under way is a change */
  double            pace;
};

G_DEFINE_FINAL_TYPE (YcTraining, yc_training, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REPORT,
  PROP_PLAYING,
  PROP_PAUSED,
  PROP_ENDED,
  PROP_PACE,
  PROP_CONTROL,
  PROP_WINDOW,
  N_PROPS
};

enum {
  ENDED,
  ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_flag (YcTraining *self,
          gboolean    value,
          guint       prop,
          gboolean    current)
{
  if (!value == !current)
    return;
  switch (prop)
    {
    case PROP_PLAYING: self->playing = !!value; break;
    case PROP_PAUSED:  self->paused = !!value; break;
    case PROP_ENDED:   self->ended = !!value; break;
    case PROP_CONTROL: self->control = !!value; break;
    default: g_assert_not_reached ();
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static gboolean on_timeout_cb (gpointer data);

/* The next read: soon while it plays, seldom while paused, never once ended or while
 * nothing plays (a new session reads again). */
static void
schedule (YcTraining *self)
{
  g_clear_handle_id (&self->timeout, g_source_remove);
  if (!self->playing || self->ended || yc_client_get_session (self->client) == NULL)
    return;
  self->timeout = g_timeout_add (self->paused ? YC_TRAINING_REFRESH_PAUSED_MS : YC_TRAINING_REFRESH_MS,
                                 on_timeout_cb, self);
}

static void
set_report (YcTraining       *self,
            YcTrainingReport *report)
{
  gboolean was_ended = self->ended;

  g_clear_pointer (&self->report, yc_training_report_free);
  self->report = report;

  g_object_freeze_notify (G_OBJECT (self));
  set_flag (self, report != NULL, PROP_PLAYING, self->playing);
  set_flag (self, report != NULL && report->paused, PROP_PAUSED, self->paused);
  set_flag (self, report != NULL && report->ended, PROP_ENDED, self->ended);
  set_flag (self, report != NULL && report->control, PROP_CONTROL, self->control);
  {
    double pace = report != NULL && report->pace > 0 ? report->pace : 1.0;

    if (pace != self->pace)
      {
        self->pace = pace;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PACE]);
      }
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
  g_object_thaw_notify (G_OBJECT (self));

  /* A scenario restarted plays again: its end is news again. */
  if (report != NULL && !report->ended)
    self->told_ended = FALSE;
  if (self->ended && !was_ended && !self->told_ended)
    {
      self->told_ended = TRUE;
      g_signal_emit (self, signals[ENDED], 0);
    }
  schedule (self);
}

static void start (YcTraining *self,
                   gboolean    post,
                   int         paused,
                   double      pace);

static void
on_report_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  YcClient *client = YC_CLIENT (object);
  g_autoptr(YcTraining) self = user_data;
  g_autoptr(GError) error = NULL;
  YcTrainingReport *report;
  gboolean posted = g_async_result_is_tagged (result, yc_client_set_training_async);

  report = posted ? yc_client_set_training_finish (client, result, &error)
                  : yc_client_get_training_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  /* A change's answer is the trainees' first window's (pace and pause are the class's):
   * another window shown is read again rather than replaced by the first's goals. */
  if (report != NULL && posted && self->window != 0 && report->window != self->window)
    {
      yc_training_report_free (report);
      start (self, FALSE, -1, 0);
    }
  else if (report != NULL)
    set_report (self, report);
  else if (g_error_matches (error, YC_ERROR, YC_ERROR_NOT_FOUND))
    set_report (self, NULL);
  else
    {
      /* Offline or refused: the last report stays, and the reads go on. */
      g_debug ("Training: %s", error->message);
      if (posted && !g_error_matches (error, YC_ERROR, YC_ERROR_OFFLINE))
        g_signal_emit (self, signals[ERROR], 0, error);
      schedule (self);
    }
}

static void
start (YcTraining *self,
       gboolean    post,
       int         paused,
       double      pace)
{
  g_clear_handle_id (&self->timeout, g_source_remove);
  if (self->cancellable != NULL)
    {
      /* A change wins over a read under way; a read waits for a change under way. */
      if (!post)
        return;
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  if (yc_client_get_session (self->client) == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  self->posting = !!post;
  if (post)
    yc_client_set_training_async (self->client, paused, pace, self->cancellable, on_report_cb, g_object_ref (self));
  else
    yc_client_get_training_async (self->client, self->window, self->cancellable, on_report_cb,
                                  g_object_ref (self));
}

static gboolean
on_timeout_cb (gpointer data)
{
  YcTraining *self = data;

  self->timeout = 0;
  start (self, FALSE, -1, 0);
  return G_SOURCE_REMOVE;
}

static void
on_session_changed_cb (YcTraining *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->told_ended = FALSE;
  /* Another session is another trainee's window, or another scenario after a reset. */
  if (self->window != 0)
    {
      self->window = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW]);
    }
  set_report (self, NULL);
  start (self, FALSE, -1, 0);
}

/* GObject */

static void
yc_training_dispose (GObject *object)
{
  YcTraining *self = (YcTraining *) object;

  g_clear_handle_id (&self->timeout, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (yc_training_parent_class)->dispose (object);
}

static void
yc_training_finalize (GObject *object)
{
  YcTraining *self = (YcTraining *) object;

  g_clear_pointer (&self->report, yc_training_report_free);

  G_OBJECT_CLASS (yc_training_parent_class)->finalize (object);
}

static void
yc_training_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  YcTraining *self = YC_TRAINING (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      g_value_set_pointer (value, self->report);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_ENDED:
      g_value_set_boolean (value, self->ended);
      break;
    case PROP_PACE:
      g_value_set_double (value, self->pace);
      break;
    case PROP_CONTROL:
      g_value_set_boolean (value, self->control);
      break;
    case PROP_WINDOW:
      g_value_set_int64 (value, self->window);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_training_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  YcTraining *self = YC_TRAINING (object);

  switch (prop_id)
    {
    case PROP_WINDOW:
      yc_training_set_window (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_training_class_init (YcTrainingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_training_dispose;
  object_class->finalize = yc_training_finalize;
  object_class->get_property = yc_training_get_property;
  object_class->set_property = yc_training_set_property;

  /* A pointer, not a boxed copy: the report is the model's (yc_training_get_report ()). */
  properties[PROP_REPORT] =
    g_param_spec_pointer ("report", NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENDED] =
    g_param_spec_boolean ("ended", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PACE] =
    g_param_spec_double ("pace", NULL, NULL, 0, YC_SCENARIO_PACE_MAX, 1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTROL] =
    g_param_spec_boolean ("control", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WINDOW] =
    g_param_spec_int64 ("window", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ENDED] = g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
yc_training_init (YcTraining *self)
{
  self->pace = 1.0;
}

YcTraining *
yc_training_new (YcClient *client)
{
  YcTraining *self;

  g_return_val_if_fail (YC_IS_CLIENT (client), NULL);

  self = g_object_new (YC_TYPE_TRAINING, NULL);
  self->client = g_object_ref (client);
  g_signal_connect_swapped (client, "notify::session", G_CALLBACK (on_session_changed_cb), self);
  start (self, FALSE, -1, 0);
  return self;
}

YcTrainingReport *
yc_training_get_report (YcTraining *self)
{
  g_return_val_if_fail (YC_IS_TRAINING (self), NULL);
  return self->report;
}

gboolean
yc_training_get_playing (YcTraining *self)
{
  g_return_val_if_fail (YC_IS_TRAINING (self), FALSE);
  return self->playing;
}

gboolean
yc_training_get_paused (YcTraining *self)
{
  g_return_val_if_fail (YC_IS_TRAINING (self), FALSE);
  return self->paused;
}

gboolean
yc_training_get_ended (YcTraining *self)
{
  g_return_val_if_fail (YC_IS_TRAINING (self), FALSE);
  return self->ended;
}

double
yc_training_get_pace (YcTraining *self)
{
  g_return_val_if_fail (YC_IS_TRAINING (self), 1.0);
  return self->pace;
}

gboolean
yc_training_get_control (YcTraining *self)
{
  g_return_val_if_fail (YC_IS_TRAINING (self), FALSE);
  return self->control;
}

gint64
yc_training_get_window (YcTraining *self)
{
  g_return_val_if_fail (YC_IS_TRAINING (self), 0);
  return self->window;
}

void
yc_training_set_window (YcTraining *self,
                        gint64      window)
{
  g_return_if_fail (YC_IS_TRAINING (self));
  g_return_if_fail (window >= 0);

  if (window == self->window)
    return;
  self->window = window;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW]);
  /* A read under way is the other window's: ask again. A change under way is left to
   * finish; its answer is then read again for this window. */
  if (self->cancellable != NULL && !self->posting)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  start (self, FALSE, -1, 0);
}

void
yc_training_refresh (YcTraining *self)
{
  g_return_if_fail (YC_IS_TRAINING (self));
  start (self, FALSE, -1, 0);
}

void
yc_training_set_paused (YcTraining *self,
                        gboolean    paused)
{
  g_return_if_fail (YC_IS_TRAINING (self));
  start (self, TRUE, paused ? 1 : 0, 0);
}

void
yc_training_set_pace (YcTraining *self,
                      double      pace)
{
  g_return_if_fail (YC_IS_TRAINING (self));
  g_return_if_fail (pace > 0);
  start (self, TRUE, -1, CLAMP (pace, YC_SCENARIO_PACE_MIN, YC_SCENARIO_PACE_MAX));
}

void
yc_training_take_report (YcTraining       *self,
                         YcTrainingReport *report)
{
  g_return_if_fail (YC_IS_TRAINING (self));
  set_report (self, report);
}
