/* yc-catalogue-sync.h: brings the local catalogue cache up to date with the server, page
 * by page (GET /catalogue?since=REV), and says how far it has come and what went wrong.
 * It runs by itself at each log-in, every 15 minutes while a clerk is logged in, and when
 * the client comes back online; yc_catalogue_sync_run() asks for a run now. */
#pragma once

#include <gio/gio.h>

#include "net/yc-client.h"
#include "store/yc-catalogue-cache.h"

G_BEGIN_DECLS

#define YC_TYPE_CATALOGUE_SYNC (yc_catalogue_sync_get_type ())
G_DECLARE_FINAL_TYPE (YcCatalogueSync, yc_catalogue_sync, YC, CATALOGUE_SYNC, GObject)

/* A client that already has a session starts a run at once, as a log-in would. */
YcCatalogueSync *yc_catalogue_sync_new              (YcClient          *client,
                                                     YcCatalogueCache  *cache);
/* Starts a run now; while one is under way, another follows it. A run asks for what came
 * after the cache's revision (everything when the cache is empty) and applies each page
 * before it asks for the next. An answer of another catalogue history (a new epoch) or a
 * page the cache refuses (YC_ERROR_CONFLICT) starts the run over, once, from revision 0:
 * the fresh catalogue replaces the old one only when complete. Without a session it does
 * nothing. */
void             yc_catalogue_sync_run              (YcCatalogueSync   *self);
/* For good: cancels the run under way (the cache keeps what it had, and searches go on)
 * and stops listening to the client. For a sync that is replaced or goes with its owner.
 * A log-out needs no call: the sync cancels its run by itself when the session ends and
 * starts again at the next log-in. */
void             yc_catalogue_sync_stop             (YcCatalogueSync   *self);

/* "running": a run is under way. */
gboolean         yc_catalogue_sync_get_running      (YcCatalogueSync   *self);
/* "fraction": how much of this run is in the cache, 0 to 1, from the revisions of the
 * pages applied and the server's newest revision; -1 while unknown (no page applied
 * yet) and between runs. */
double           yc_catalogue_sync_get_fraction     (YcCatalogueSync   *self);
/* "problem": why the last run failed, a sentence for the clerk (translated); NULL when it
 * succeeded, or none ended yet. It stays while the next run is under way. A run stopped
 * by a log-out or an expired session leaves it as it was. */
const char      *yc_catalogue_sync_get_problem      (YcCatalogueSync   *self);
/* "last-success": when a run last completed, in seconds since the Unix epoch; 0: never
 * (since this sync was made). */
gint64           yc_catalogue_sync_get_last_success (YcCatalogueSync   *self);

/* "page-limit": at most this many entries per page (at most 20,000, as docs/api.md
 * allows); 0, the default, leaves the page size to the server. Applies from the next
 * page on. */
guint            yc_catalogue_sync_get_page_limit   (YcCatalogueSync   *self);
void             yc_catalogue_sync_set_page_limit   (YcCatalogueSync   *self,
                                                     guint              limit);

G_END_DECLS
