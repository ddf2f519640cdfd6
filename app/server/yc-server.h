/* yc-server.h: the reference central server: the routes of docs/api.md over a SoupServer.
 * A YcServer lives on one thread: it serves on the thread-default main context it
 * was listening from, and its database is used from that thread only. */
#pragma once

#include <gio/gio.h>

#include "server/yc-scenario-play.h"
#include "server/yc-server-db.h"

G_BEGIN_DECLS

/* How the server meets the network; 0 or NULL keeps the default. */
typedef struct
{
  guint       session_idle_seconds;   /* a session without a request ends (2 h) */
  guint       max_connections;        /* open at once, in all (4096) */
  guint       max_per_address;        /* open at once from one address (64) */
  guint       idle_seconds;           /* a connection between requests (60) */
  guint       request_seconds;        /* to send a request's head, a TLS handshake (10) */
  guint       login_burst;            /* log-in attempts one address may make at once (10) … */
  guint       login_refill_seconds;   /* … and one more every so many seconds (6) */
  const char *tls_cert;               /* PEM files: HTTPS instead of HTTP */
  const char *tls_key;
  const char *const *trusted_proxies; /* IP addresses (NULL-terminated) whose X-Forwarded-For
                                       * is believed: a load balancer's */
} YcServerConfig;

#define YC_TYPE_SERVER (yc_server_get_type ())
G_DECLARE_FINAL_TYPE (YcServer, yc_server, YC, SERVER, GObject)

YcServer   *yc_server_new        (const char            *db_path,
                                  gboolean               demo_data,
                                  GError               **error);
/* config may be NULL: every default, plain HTTP. */
gboolean    yc_server_listen     (YcServer              *self,
                                  const char            *host,
                                  guint                  port,
                                  const YcServerConfig  *config,
                                  GError               **error);
/* "http://HOST:PORT" (or https) once listening. */
const char *yc_server_get_url    (YcServer              *self);
YcServerDb *yc_server_get_db     (YcServer              *self);
/* Connections open now. */
guint       yc_server_get_connections (YcServer         *self);
void        yc_server_disconnect (YcServer              *self);

/* The hall is simulated, for training: log-ins say so ("training": true), and play (may
 * be NULL, not taken: it must outlive the server or be set to NULL first) is the
 * scenario GET /training judges. Who runs it (pauses it, changes its pace, reads any
 * trainee's window): a duty manager; the clerk at trainer_window (not 0: a classroom's
 * trainer); any clerk with trainee_controls (the desk's own demo). */
void        yc_server_set_training (YcServer            *self,
                                  gboolean               simulated,
                                  YcScenarioPlay        *play,
                                  gboolean               trainee_controls,
                                  gint64                 trainer_window);
/* answering FALSE: an outage, as a training scenario has them: every connection closes
 * (the event streams too) and each new one at once, until it is TRUE again. */
void        yc_server_set_answering (YcServer           *self,
                                  gboolean               answering);

/* A document of the built-in demo data (resources/demo/NAME). */
JsonNode   *yc_server_load_demo  (const char            *name,
                                  GError               **error);
/* A training scenario: a shipped one by its name (resources/demo/scenarios/NAME.json), or
 * a file; YC_ERROR_INVALID_INPUT with the core's sentence when it is no scenario. */
YcScenario *yc_server_load_scenario (const char         *name_or_file,
                                  GError               **error);

G_END_DECLS
