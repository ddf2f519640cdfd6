/* yc-context.h: the services the desk's widgets share (client, store, sync, settings),
 * and in demo mode the server running inside the desk. Handed to widgets as a property. */
#pragma once

#include <gio/gio.h>

#include "net/yc-client.h"
#include "net/yc-sync.h"
#include "store/yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_CONTEXT (yc_context_get_type ())
G_DECLARE_FINAL_TYPE (YcContext, yc_context, YC, CONTEXT, GObject)

/* The desk as a clerk runs it: the store at yc_store_default_path(), the server from
 * server_url (NULL: the "server-url" setting). In demo mode both live in a fresh
 * temporary folder and the server starts with yc_context_start(). settings may be NULL. */
YcContext  *yc_context_new               (GSettings            *settings,
                                          const char           *server_url,
                                          gboolean              demo,
                                          GError              **error);
/* For tests: a context over a client and a store built by the caller; never demo. */
YcContext  *yc_context_new_for_client    (YcClient             *client,
                                          YcStore              *store,
                                          GSettings            *settings);

/* Demo mode: starts the server inside the desk; "ready" turns TRUE once it listens.
 * Otherwise nothing is needed: the context is ready from the start. */
void        yc_context_start             (YcContext            *self);

YcClient   *yc_context_get_client        (YcContext            *self);
/* The store and the sync change when demo data are reset: watch "notify::store". */
YcStore    *yc_context_get_store         (YcContext            *self);
YcSync     *yc_context_get_sync          (YcContext            *self);
GSettings  *yc_context_get_settings      (YcContext            *self);
gboolean    yc_context_get_demo          (YcContext            *self);
/* TRUE once the server's address is known (in demo mode: once it listens). */
gboolean    yc_context_get_ready         (YcContext            *self);
/* A sentence for the clerk when the demo server could not start, else NULL. */
const char *yc_context_get_problem       (YcContext            *self);
/* What the log-in page says it talks to: the URL, or that the demo server is local. */
char       *yc_context_dup_server_label  (YcContext            *self);
/* The demo server's database file, or NULL. */
const char *yc_context_get_server_db_path (YcContext           *self);

/* Demo mode only: log out, throw away both databases, start a fresh server. */
void        yc_context_reset_demo_async  (YcContext            *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean    yc_context_reset_demo_finish (YcContext            *self,
                                          GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
