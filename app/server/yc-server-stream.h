/* yc-server-stream.h: the server's WebSockets (docs/api.md, "Events"): the event stream
 * of the desks, with its catch-up, and the calls shown on the hall's calling screens.
 * New events go out after the answer that made them, to fifty listeners at a time. */
#pragma once

#include <libsoup/soup.h>

#include "server/yc-server-db.h"

G_BEGIN_DECLS

typedef struct _YcServerStream YcServerStream;

/* Sends db's events, told of them at each commit, on the caller's thread-default context. */
YcServerStream *yc_server_stream_new          (YcServerDb              *db);
void            yc_server_stream_free         (YcServerStream          *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcServerStream, yc_server_stream_free)

/* Each takes the hall of the caller (NULL: the first hall). */
/* The id an event stream starts after for ?after=TEXT (NULL: from now); FALSE when TEXT
 * is no event id. An id beyond the newest (another database's) counts as 0. */
gboolean        yc_server_stream_start_after  (YcServerStream          *self,
                                               const char              *hall,
                                               const char              *text,
                                               gint64                  *after);
/* A desk's stream, open: first what came after after, then each event as it happens. */
void            yc_server_stream_add_listener (YcServerStream          *self,
                                               const char              *hall,
                                               SoupWebsocketConnection *conn,
                                               gint64                   after);
/* A calling screen of zone ("": every zone): each call from now on. */
void            yc_server_stream_add_screen   (YcServerStream          *self,
                                               const char              *hall,
                                               SoupWebsocketConnection *conn,
                                               const char              *zone);
/* Tells every listener and screen the server goes (they may come back later). */
void            yc_server_stream_close_all    (YcServerStream          *self);

G_END_DECLS
