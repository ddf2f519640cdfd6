/* yc-events.h: the desk's end of the server's event stream (docs/api.md, "Events").
 *
 * While the client has a session, YcEvents keeps a WebSocket open and emits "event" for
 * each event, in order, once. When the socket drops it connects again after a growing
 * pause (0.5 s doubling to 30 s, with jitter) and asks for what came after the last event
 * it had: none is lost, none comes twice. Meanwhile "live" is FALSE, and whoever relies
 * on the stream polls instead. */
#pragma once

#include <json-glib/json-glib.h>

#include "net/yc-client.h"

G_BEGIN_DECLS

#define YC_TYPE_EVENTS (yc_events_get_type ())
G_DECLARE_FINAL_TYPE (YcEvents, yc_events, YC, EVENTS, GObject)

YcEvents *yc_events_new          (YcClient *client);
/* TRUE while the socket is open: events arrive as they happen. Notified as "live". */
gboolean  yc_events_get_live     (YcEvents *self);
/* The id of the last event emitted, 0 before the first. */
gint64    yc_events_get_last_id  (YcEvents *self);
/* Closes the socket and connects again at once, as after a drop (tests, and a server
 * that is back). */
void      yc_events_reconnect    (YcEvents *self);

G_END_DECLS
