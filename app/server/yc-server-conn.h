/* yc-server-conn.h: the reference server's connections, before libsoup sees them.
 *
 * The server accepts its own connections and hands each to its SoupServer through a
 * guard that reads the bytes first: it refuses ambiguous framing (Transfer-Encoding other
 * than exactly "chunked", both it and Content-Length, obs-fold, a header name with white
 * space), counts a body against its route's limit while it streams, and times every
 * connection: idle ones close after a minute, half-sent requests (and TLS handshakes)
 * after ten seconds. It caps connections per address and in all, and does TLS. */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  guint            max_connections;        /* in all */
  guint            max_per_address;        /* from one address */
  guint            idle_seconds;           /* between two requests */
  guint            request_seconds;        /* to send a request's headers, a TLS handshake */
  GTlsCertificate *certificate;            /* NULL: plain HTTP */
} YcServerConnLimits;

typedef struct _YcServerConns YcServerConns;

/* Serves soup's requests from the connections accepted on listener (bound and listening),
 * on the thread-default main context of the caller. */
YcServerConns *yc_server_conns_new         (SoupServer               *soup,
                                            GSocket                  *listener,
                                            const YcServerConnLimits *limits,
                                            GError                  **error);
/* Closes every connection and stops accepting. */
void           yc_server_conns_free        (YcServerConns            *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcServerConns, yc_server_conns_free)

/* The address msg came from, as text ("127.0.0.1", "::1"); "" if unknown. */
const char    *yc_server_conns_peer        (YcServerConns            *self,
                                            SoupServerMessage        *msg);
/* The request msg may carry at most limit bytes of body: more, while it streams, and the
 * connection answers 413 and closes. */
void           yc_server_conns_limit_body  (YcServerConns            *self,
                                            SoupServerMessage        *msg,
                                            gsize                     limit);
/* Sends the answer set on msg (status, headers, a JSON body) now, and closes its
 * connection without reading the rest of the request. */
void           yc_server_conns_refuse      (YcServerConns            *self,
                                            SoupServerMessage        *msg);
/* msg's connection becomes a WebSocket: its bytes are no longer HTTP, nor timed. */
void           yc_server_conns_upgraded    (YcServerConns            *self,
                                            SoupServerMessage        *msg);
/* The answer to msg is out: the connection is idle from now. */
void           yc_server_conns_answered    (YcServerConns            *self,
                                            SoupServerMessage        *msg);
/* closed: every connection is closed now (WebSockets too), and each new one as soon as
 * it is accepted, until the server opens again: to a desk, the server is gone. */
void           yc_server_conns_set_closed  (YcServerConns            *self,
                                            gboolean                  closed);
/* Connections open now, those being turned away included. */
guint          yc_server_conns_count       (YcServerConns            *self);

G_END_DECLS
