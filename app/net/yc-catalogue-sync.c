/* yc-catalogue-sync.c: fills the catalogue cache from GET /catalogue?since=REV.
 *
 * A run fetches one page, hands it to the cache (which applies it on its writer thread,
 * one transaction a page) and only then fetches the next, so a city's catalogue never
 * sits in memory whole. Every step carries the run's cancellable: a run cancelled by a
 * log-out or a stop is finished on the spot, and its late callbacks find their
 * cancellable cancelled and do nothing, so they can never disturb the run after it.
 * Whatever goes wrong, the cache keeps what searches see: an incremental page is one
 * transaction, and a fresh catalogue replaces the old one only with its last page. */
#include "core/config-i18n.h"

#include "yc-catalogue-sync.h"

/* While a clerk is logged in, changes on the server reach the desk within this time. */
#define INTERVAL_S (15 * 60)
/* The largest page docs/api.md allows. */
#define MAX_PAGE   20000

struct _YcCatalogueSync
{
  GObject           parent_instance;

  YcClient         *client;
  YcCatalogueCache *cache;

  /* The run under way, if any. */
  GCancellable     *cancellable;
  char             *epoch;        /* the history the run follows; NULL: the next page says */
  gint64            base;         /* the revision the run (or its restart) started from */
  gint64            since;        /* where the next page starts */
  guint             restarted : 1;
  guint             again : 1;    /* another run was asked for meanwhile */

  /* The next page is fetched (and decoded, on a worker) while this one is applied. */
  guint             fetch_gen;    /* a restart leaves the page fetched before it behind */
  guint             prefetching : 1;
  guint             awaiting : 1; /* the page applied: the one fetched goes on at once */
  YcCatalogueDelta *prefetched;
  GError           *prefetch_error;

  guint             timer_source;
  guint             page_limit;
  gboolean          stopped;

  gboolean          running;
  double            fraction;
  char             *problem;
  gint64            last_success;
};

G_DEFINE_FINAL_TYPE (YcCatalogueSync, yc_catalogue_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_CACHE,
  PROP_RUNNING,
  PROP_FRACTION,
  PROP_PROBLEM,
  PROP_LAST_SUCCESS,
  PROP_PAGE_LIMIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void begin_run  (YcCatalogueSync *self);
static void fetch_page (YcCatalogueSync *self);

/* One asynchronous step of a run, and what the next step needs to know. */
typedef struct
{
  YcCatalogueSync *self;
  GCancellable    *cancellable;  /* the run's: cancelled, the step is stale */
  char            *epoch;        /* of the page being applied */
  gint64           revision;
  gint64           latest;
  gboolean         more;
  guint            gen;          /* self->fetch_gen when the page was asked for */
  gboolean         prefetch;     /* asked for before the page before it was applied */
} Step;

static Step *
step_new (YcCatalogueSync *self)
{
  Step *step = g_new0 (Step, 1);

  step->self = g_object_ref (self);
  step->cancellable = g_object_ref (self->cancellable);
  step->gen = self->fetch_gen;
  return step;
}

static void
step_free (Step *step)
{
  g_clear_object (&step->self);
  g_clear_object (&step->cancellable);
  g_clear_pointer (&step->epoch, g_free);
  g_free (step);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Step, step_free)

static gboolean
step_is_stale (Step *step)
{
  return g_cancellable_is_cancelled (step->cancellable);
}

/* State */

static void
set_running (YcCatalogueSync *self,
             gboolean         running)
{
  running = !!running;
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_fraction (YcCatalogueSync *self,
              double           fraction)
{
  if (self->fraction == fraction)
    return;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
set_problem (YcCatalogueSync *self,
             const char      *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

/* What the clerk reads when a run failed: why, then what it means for the guides. */
static char *
describe_failure (YcCatalogueSync *self,
                  const GError    *error)
{
  g_autofree char *why = NULL;
  const char *meaning;

  if (error->domain != YC_ERROR)
    why = g_strdup (_("The catalogue could not be updated; the desk tries again later."));
  else
    switch ((YcError) error->code)
      {
      case YC_ERROR_OFFLINE:
        why = g_strdup (_("The server cannot be reached, so the catalogue could not be updated; the desk tries again when the server is back."));
        break;
      case YC_ERROR_PROTOCOL:
        why = g_strdup (_("The catalogue the server sent is damaged."));
        break;
      case YC_ERROR_SERVER:
        why = g_strdup (_("The server could not send the catalogue; the desk tries again later."));
        break;
      case YC_ERROR_CONFLICT:
        why = g_strdup (_("The catalogue changed on the server while it was being fetched; the desk tries again later."));
        break;
      case YC_ERROR_STORAGE:
        why = g_strdup (_("The catalogue could not be saved on this computer."));
        break;
      case YC_ERROR_DISK_FULL:
        why = g_strdup (_("The disk is full, so the catalogue could not be updated. Ask the hall’s IT desk to free space."));
        break;
      case YC_ERROR_BAD_ADDRESS:
        why = yc_error_describe (error);
        break;
      default:
        why = g_strdup (_("The catalogue could not be updated; the desk tries again later."));
        break;
      }

  if (yc_catalogue_cache_get_epoch (self->cache) != NULL)
    meaning = _("The guides from before stay in use.");
  else
    meaning = _("There are no guides on this computer yet.");

  /* Translators: two sentences: why the catalogue could not be updated, then what that
   * means for the guides. A language written without spaces may drop the space. */
  return g_strdup_printf (_("%s %s"), why, meaning);
}

/* Runs */

/* The run is over, whichever way. */
static void
drop_prefetched (YcCatalogueSync *self)
{
  self->fetch_gen++;
  self->prefetching = FALSE;
  self->awaiting = FALSE;
  g_clear_pointer (&self->prefetched, yc_catalogue_delta_free);
  g_clear_error (&self->prefetch_error);
}

static void
end_run (YcCatalogueSync *self)
{
  /* A page still being fetched goes with the run. */
  drop_prefetched (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->epoch, g_free);
  set_running (self, FALSE);
  set_fraction (self, -1);
}

static void
run_again_if_asked (YcCatalogueSync *self)
{
  if (!self->again || self->stopped)
    return;
  self->again = FALSE;
  /* A handler of the notifications may have started one already. */
  if (!self->running)
    begin_run (self);
}

/* For a log-out or a stop: the cache keeps what it had, the problem what it said. */
static void
cancel_run (YcCatalogueSync *self)
{
  self->again = FALSE;
  if (!self->running)
    return;

  g_cancellable_cancel (self->cancellable);
  g_object_freeze_notify (G_OBJECT (self));
  end_run (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
run_succeeded (YcCatalogueSync *self)
{
  g_autoptr(GCancellable) run = g_object_ref (self->cancellable);
  GObject *object = G_OBJECT (self);

  set_fraction (self, 1);
  /* Whoever was told may have ended the run (a log-out, a stop). */
  if (g_cancellable_is_cancelled (run))
    return;

  g_object_freeze_notify (object);
  self->last_success = g_get_real_time () / G_USEC_PER_SEC;
  g_object_notify_by_pspec (object, properties[PROP_LAST_SUCCESS]);
  set_problem (self, NULL);
  end_run (self);
  g_object_thaw_notify (object);

  run_again_if_asked (self);
}

static void
run_failed (YcCatalogueSync *self,
            const GError    *error)
{
  g_autofree char *problem = NULL;

  /* The session has ended: the clerk is asked to log in again, and a log-in brings the
   * next run. Nothing to tell on the Guides page. */
  if (g_error_matches (error, YC_ERROR, YC_ERROR_UNAUTHORIZED))
    {
      cancel_run (self);
      return;
    }

  if (!g_error_matches (error, YC_ERROR, YC_ERROR_OFFLINE))
    g_message ("The catalogue could not be updated from revision %" G_GINT64_FORMAT ": %s",
               self->since, error->message);
  problem = describe_failure (self, error);

  g_object_freeze_notify (G_OBJECT (self));
  set_problem (self, problem);
  end_run (self);
  g_object_thaw_notify (G_OBJECT (self));

  run_again_if_asked (self);
}

/* The cache and the server disagree about the catalogue's history: the cache is rebuilt
 * from scratch, once a run, so two servers taking turns cannot keep a run going. */
static void
restart_run (YcCatalogueSync *self,
             const GError    *reason)
{
  g_autoptr(GCancellable) run = g_object_ref (self->cancellable);

  if (self->restarted)
    {
      run_failed (self, reason);
      return;
    }

  g_message ("The catalogue is fetched again from scratch: %s", reason->message);
  drop_prefetched (self);
  self->restarted = TRUE;
  self->base = self->since = 0;
  g_clear_pointer (&self->epoch, g_free);
  set_fraction (self, -1);
  if (!g_cancellable_is_cancelled (run))
    fetch_page (self);
}

static void handle_page (YcCatalogueSync  *self,
                         YcCatalogueDelta *delta,
                         GError           *error);

/* The page after the one just applied: at hand already, or on its way. */
static void
next_page (YcCatalogueSync *self)
{
  if (!self->prefetching)
    {
      fetch_page (self);
      return;
    }

  if (self->prefetched == NULL && self->prefetch_error == NULL)
    {
      self->awaiting = TRUE;
      return;
    }

  self->prefetching = FALSE;
  handle_page (self, g_steal_pointer (&self->prefetched), g_steal_pointer (&self->prefetch_error));
}

static void
page_applied_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  YcCatalogueSync *self = step->self;
  g_autoptr(GError) error = NULL;
  gboolean applied;

  applied = yc_catalogue_cache_apply_finish (YC_CATALOGUE_CACHE (object), result, &error);
  if (step_is_stale (step))
    return;

  if (!applied)
    {
      /* The page does not follow what the cache holds (an import elsewhere, a cache
       * from another history): the cache refused it whole. */
      if (g_error_matches (error, YC_ERROR, YC_ERROR_CONFLICT))
        restart_run (self, error);
      else
        run_failed (self, error);
      return;
    }

  self->since = step->revision;
  g_free (self->epoch);
  self->epoch = g_steal_pointer (&step->epoch);

  /* How far this run has come in the revisions the server had when it sent this page. */
  if (step->latest <= self->base)
    set_fraction (self, 1);
  else
    set_fraction (self, CLAMP ((double) (step->revision - self->base) /
                               (double) (step->latest - self->base), 0, 1));
  if (step_is_stale (step))
    return;

  if (step->more)
    next_page (self);
  else
    run_succeeded (self);
}

static void
page_fetched_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  YcCatalogueSync *self = step->self;
  GError *error = NULL;
  YcCatalogueDelta *delta;

  delta = yc_client_get_catalogue_finish (YC_CLIENT (object), result, &error);
  if (step_is_stale (step) || step->gen != self->fetch_gen)
    {
      g_clear_pointer (&delta, yc_catalogue_delta_free);
      g_clear_error (&error);
      return;
    }

  /* Fetched ahead: it waits for the page before it to be applied, unless that is done. */
  if (step->prefetch && !self->awaiting)
    {
      self->prefetched = delta;
      self->prefetch_error = error;
      return;
    }
  if (step->prefetch)
    {
      self->awaiting = FALSE;
      self->prefetching = FALSE;
    }
  handle_page (self, delta, error);
}

/* Takes delta or error: a page of the run, checked against where the run stands. */
static void
handle_page (YcCatalogueSync  *self,
             YcCatalogueDelta *delta_in,
             GError           *error_in)
{
  g_autoptr(GError) error = error_in;
  g_autoptr(YcCatalogueDelta) delta = delta_in;
  Step *next;

  if (delta == NULL)
    {
      run_failed (self, error);
      return;
    }

  /* The server starts a desk again from 0 when it never had the revision asked for. */
  if (delta->since != self->since && delta->since != 0)
    {
      g_set_error (&error, YC_ERROR, YC_ERROR_PROTOCOL,
                   "asked for the catalogue after revision %" G_GINT64_FORMAT
                   ", got a page after %" G_GINT64_FORMAT,
                   self->since, delta->since);
      run_failed (self, error);
      return;
    }
  if (delta->more && delta->revision <= delta->since)
    {
      /* Asking again would bring the same page, for ever. */
      g_set_error (&error, YC_ERROR, YC_ERROR_PROTOCOL,
                   "a catalogue page announces more but brings nothing after revision %"
                   G_GINT64_FORMAT,
                   delta->since);
      run_failed (self, error);
      return;
    }
  if (self->since != 0 && delta->since == 0)
    {
      g_set_error (&error, YC_ERROR, YC_ERROR_CONFLICT,
                   "the server has no revision %" G_GINT64_FORMAT " of its catalogue", self->since);
      if (self->restarted)
        {
          run_failed (self, error);
          return;
        }
      /* This page is the fresh start: no need to ask for it again. */
      g_message ("The catalogue is fetched again from scratch: %s", error->message);
      g_clear_error (&error);
      self->restarted = TRUE;
      self->base = self->since = 0;
      g_clear_pointer (&self->epoch, g_free);
    }
  else if (self->since != 0 && g_strcmp0 (delta->epoch, self->epoch) != 0)
    {
      g_set_error (&error, YC_ERROR, YC_ERROR_CONFLICT,
                   "the server's catalogue is now “%s”, the desk followed “%s”",
                   delta->epoch, self->epoch);
      restart_run (self, error);
      return;
    }

  /* Nothing new: the cache need not write anything. */
  if (self->since != 0 && delta->entries->len == 0 &&
      delta->revision == self->since && !delta->more)
    {
      run_succeeded (self);
      return;
    }

  next = step_new (self);
  next->epoch = g_strdup (delta->epoch);
  next->revision = delta->revision;
  next->latest = delta->latest;
  next->more = delta->more;

  /* While the cache writes this page, the next one comes in and is decoded. */
  if (delta->more)
    {
      Step *ahead = step_new (self);

      ahead->prefetch = TRUE;
      self->prefetching = TRUE;
      self->awaiting = FALSE;
      yc_client_get_catalogue_async (self->client, delta->revision, self->page_limit,
                                     self->cancellable, page_fetched_cb, ahead);
    }

  yc_catalogue_cache_apply_async (self->cache, g_steal_pointer (&delta), self->cancellable,
                                  page_applied_cb, next);
}

static void
fetch_page (YcCatalogueSync *self)
{
  yc_client_get_catalogue_async (self->client, self->since, self->page_limit, self->cancellable,
                                 page_fetched_cb, step_new (self));
}

static void
begin_run (YcCatalogueSync *self)
{
  const char *epoch = yc_catalogue_cache_get_epoch (self->cache);
  g_autoptr(GCancellable) run = NULL;

  g_assert (!self->running);

  if (self->stopped || yc_client_get_session (self->client) == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  run = g_object_ref (self->cancellable);
  self->restarted = FALSE;
  self->epoch = g_strdup (epoch);
  /* An empty cache, or one that never completed a catalogue, starts from scratch. */
  self->base = self->since = epoch != NULL ? yc_catalogue_cache_get_revision (self->cache) : 0;

  g_object_freeze_notify (G_OBJECT (self));
  set_running (self, TRUE);
  set_fraction (self, -1);
  g_object_thaw_notify (G_OBJECT (self));

  if (!g_cancellable_is_cancelled (run))
    fetch_page (self);
}

/* What starts runs by itself */

static gboolean
timer_cb (gpointer user_data)
{
  yc_catalogue_sync_run (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_session_changed_cb (YcCatalogueSync *self)
{
  if (yc_client_get_session (self->client) != NULL)
    {
      if (self->timer_source == 0)
        self->timer_source = g_timeout_add_seconds (INTERVAL_S, timer_cb, self);
      yc_catalogue_sync_run (self);
    }
  else
    {
      g_clear_handle_id (&self->timer_source, g_source_remove);
      cancel_run (self);
    }
}

static void
on_online_changed_cb (YcCatalogueSync *self)
{
  /* A run under way made the client online again itself: it needs no second one. */
  if (yc_client_get_online (self->client) && !self->running)
    yc_catalogue_sync_run (self);
}

/* GObject */

static void
yc_catalogue_sync_constructed (GObject *object)
{
  YcCatalogueSync *self = YC_CATALOGUE_SYNC (object);

  G_OBJECT_CLASS (yc_catalogue_sync_parent_class)->constructed (object);

  g_signal_connect_object (self->client, "notify::session",
                           G_CALLBACK (on_session_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "notify::online",
                           G_CALLBACK (on_online_changed_cb), self, G_CONNECT_SWAPPED);

  if (yc_client_get_session (self->client) != NULL)
    on_session_changed_cb (self);
}

static void
yc_catalogue_sync_dispose (GObject *object)
{
  YcCatalogueSync *self = YC_CATALOGUE_SYNC (object);

  if (self->client != NULL)
    yc_catalogue_sync_stop (self);
  g_clear_object (&self->client);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (yc_catalogue_sync_parent_class)->dispose (object);
}

static void
yc_catalogue_sync_finalize (GObject *object)
{
  YcCatalogueSync *self = YC_CATALOGUE_SYNC (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->epoch, g_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->prefetched, yc_catalogue_delta_free);
  g_clear_error (&self->prefetch_error);

  G_OBJECT_CLASS (yc_catalogue_sync_parent_class)->finalize (object);
}

static void
yc_catalogue_sync_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  YcCatalogueSync *self = YC_CATALOGUE_SYNC (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_CACHE:
      g_value_set_object (value, self->cache);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_LAST_SUCCESS:
      g_value_set_int64 (value, self->last_success);
      break;
    case PROP_PAGE_LIMIT:
      g_value_set_uint (value, self->page_limit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_catalogue_sync_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  YcCatalogueSync *self = YC_CATALOGUE_SYNC (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_CACHE:
      self->cache = g_value_dup_object (value);
      break;
    case PROP_PAGE_LIMIT:
      yc_catalogue_sync_set_page_limit (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_catalogue_sync_class_init (YcCatalogueSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = yc_catalogue_sync_constructed;
  object_class->dispose = yc_catalogue_sync_dispose;
  object_class->finalize = yc_catalogue_sync_finalize;
  object_class->get_property = yc_catalogue_sync_get_property;
  object_class->set_property = yc_catalogue_sync_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, YC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CACHE] =
    g_param_spec_object ("cache", NULL, NULL, YC_TYPE_CATALOGUE_CACHE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, -1, 1, -1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SUCCESS] =
    g_param_spec_int64 ("last-success", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_LIMIT] =
    g_param_spec_uint ("page-limit", NULL, NULL, 0, MAX_PAGE, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_catalogue_sync_init (YcCatalogueSync *self)
{
  self->fraction = -1;
}

/* Public API */

YcCatalogueSync *
yc_catalogue_sync_new (YcClient         *client,
                       YcCatalogueCache *cache)
{
  g_return_val_if_fail (YC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (YC_IS_CATALOGUE_CACHE (cache), NULL);

  return g_object_new (YC_TYPE_CATALOGUE_SYNC, "client", client, "cache", cache, NULL);
}

void
yc_catalogue_sync_run (YcCatalogueSync *self)
{
  g_return_if_fail (YC_IS_CATALOGUE_SYNC (self));

  if (self->stopped)
    return;
  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  begin_run (self);
}

void
yc_catalogue_sync_stop (YcCatalogueSync *self)
{
  g_return_if_fail (YC_IS_CATALOGUE_SYNC (self));

  if (self->stopped)
    return;
  self->stopped = TRUE;
  cancel_run (self);
  g_clear_handle_id (&self->timer_source, g_source_remove);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
}

gboolean
yc_catalogue_sync_get_running (YcCatalogueSync *self)
{
  g_return_val_if_fail (YC_IS_CATALOGUE_SYNC (self), FALSE);
  return self->running;
}

double
yc_catalogue_sync_get_fraction (YcCatalogueSync *self)
{
  g_return_val_if_fail (YC_IS_CATALOGUE_SYNC (self), -1);
  return self->fraction;
}

const char *
yc_catalogue_sync_get_problem (YcCatalogueSync *self)
{
  g_return_val_if_fail (YC_IS_CATALOGUE_SYNC (self), NULL);
  return self->problem;
}

gint64
yc_catalogue_sync_get_last_success (YcCatalogueSync *self)
{
  g_return_val_if_fail (YC_IS_CATALOGUE_SYNC (self), 0);
  return self->last_success;
}

guint
yc_catalogue_sync_get_page_limit (YcCatalogueSync *self)
{
  g_return_val_if_fail (YC_IS_CATALOGUE_SYNC (self), 0);
  return self->page_limit;
}

void
yc_catalogue_sync_set_page_limit (YcCatalogueSync *self,
                                  guint            limit)
{
  g_return_if_fail (YC_IS_CATALOGUE_SYNC (self));

  limit = MIN (limit, MAX_PAGE);
  if (self->page_limit == limit)
    return;
  self->page_limit = limit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_LIMIT]);
}
