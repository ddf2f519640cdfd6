/* yc-context.h: the services the desk's widgets share (client, store, sync, catalogue
 * cache and its sync, settings), and in demo mode the server running inside the desk.
 * Handed to widgets as a property. */
#pragma once

#include <gio/gio.h>

#include "core/yc-workdays.h"
#include "net/yc-cases.h"
#include "net/yc-catalogue-sync.h"
#include "net/yc-client.h"
#include "net/yc-events.h"
#include "net/yc-sync.h"
#include "net/yc-tasks.h"
#include "net/yc-training.h"
#include "store/yc-catalogue-cache.h"
#include "store/yc-store.h"

G_BEGIN_DECLS

/* The window the demo's clerk logs in at: the simulator keeps it for them. */
#define YC_CONTEXT_DEMO_WINDOW 1

#define YC_TYPE_CONTEXT (yc_context_get_type ())
G_DECLARE_FINAL_TYPE (YcContext, yc_context, YC, CONTEXT, GObject)

/* The desk as a clerk runs it: the store at yc_store_default_path(), the catalogue cache
 * at yc_catalogue_cache_default_path(), the server from server_url (NULL: the
 * "server-url" setting). In demo mode all three live in a fresh temporary folder. Nothing is opened here: yc_context_start() does it off the main
 * loop. settings may be NULL. Fails only when the configured CA file cannot be used. */
YcContext  *yc_context_new               (GSettings            *settings,
                                          const char           *server_url,
                                          gboolean              demo,
                                          GError              **error);
/* For tests: a context over a client, an open store and an open catalogue cache built by
 * the caller (catalogue may be NULL: then there is no catalogue, nor its sync); never
 * demo, ready at once. */
YcContext  *yc_context_new_for_client    (YcClient             *client,
                                          YcStore              *store,
                                          YcCatalogueCache     *catalogue,
                                          GSettings            *settings);

/* Opens the store and the catalogue cache side by side on workers and, in demo mode,
 * then starts the server inside the desk; "ready" turns TRUE once all are done, or
 * "problem" says why not. */
void        yc_context_start             (YcContext            *self);

YcClient   *yc_context_get_client        (YcContext            *self);
/* NULL until ready. The store and the sync change when demo data are reset: watch
 * "notify::store" and "notify::sync". */
YcStore    *yc_context_get_store         (YcContext            *self);
YcSync     *yc_context_get_sync          (YcContext            *self);
/* The server's event stream, open while there is a session. */
YcEvents   *yc_context_get_events        (YcContext            *self);
/* The clerk's tasks, for the client's life (their completions go to the current store). */
YcTasks    *yc_context_get_tasks         (YcContext            *self);
/* The clerk's cases, for the client's life (they follow the current store). */
YcCases    *yc_context_get_cases         (YcContext            *self);
/* NULL until ready. The catalogue cache and its sync (which fills it at each log-in,
 * every 15 minutes and when the server is back) change when demo data are reset: watch
 * "notify::catalogue" and "notify::catalogue-sync". */
YcCatalogueCache *yc_context_get_catalogue      (YcContext      *self);
YcCatalogueSync  *yc_context_get_catalogue_sync (YcContext      *self);
/* The official working-day calendar of the catalogue cache: NULL until first read, then
 * read again after each catalogue sync ("notify::work-calendar"). */
YcWorkCalendar   *yc_context_get_work_calendar  (YcContext      *self);
GSettings  *yc_context_get_settings      (YcContext            *self);
gboolean    yc_context_get_demo          (YcContext            *self);
/* The training scenario the server plays for the session, for the client's life. */
YcTraining *yc_context_get_training      (YcContext            *self);
/* Whether what the desk prints is a demo's paper (演示 · 非正式文书): in demo mode, and
 * logged in to a server that plays a training scenario (its log-in said "training"). */
gboolean    yc_context_get_demo_papers   (YcContext            *self);
/* Demo mode: the scenario the desk's server plays from its next start or reset (a reset
 * keeps it): a shipped scenario's id, a .json file, or the id of one in the trainer's
 * folder; NULL or "" for none. Returns what the server is given: a path or an id. */
void        yc_context_set_scenario      (YcContext            *self,
                                          const char           *name);
const char *yc_context_get_scenario      (YcContext            *self);
/* Where a trainer keeps scenarios of their own: <user data>/yichuang/scenarios. */
char       *yc_context_dup_trainer_folder (void);
/* TRUE once the store and the catalogue cache are open and the server's address is known
 * (in demo mode: once it listens). FALSE again while demo data are reset. */
gboolean    yc_context_get_ready         (YcContext            *self);
/* A sentence for the clerk when the desk could not start, else NULL. */
const char *yc_context_get_problem       (YcContext            *self);
/* What the log-in page says it talks to: the URL, or that the demo server is local. */
char       *yc_context_dup_server_label  (YcContext            *self);
/* The running demo server's database file, or NULL. */
const char *yc_context_get_server_db_path (YcContext           *self);

/* Demo mode only: log out, stop the catalogue sync, throw away the desk's databases and
 * the server's, start a fresh server on the same port (so that a calling screen open on
 * it carries on; another port only if that one was taken meanwhile), with the starter
 * tasks again. A start still under way is cancelled and cleaned up first. */
void        yc_context_reset_demo_async  (YcContext            *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean    yc_context_reset_demo_finish (YcContext            *self,
                                          GAsyncResult         *result,
                                          GError              **error);

/* What the clerk reads about error: yc_error_describe() for the desk's own errors
 * (YC_ERROR); for any other, fallback, a translated sentence, while the technical
 * message goes to the log. */
char       *yc_context_describe_error    (const GError         *error,
                                          const char           *fallback);

G_END_DECLS
