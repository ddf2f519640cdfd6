/* yc-server.h: the reference central server: routes of docs/api.md over a SoupServer.
 * A YcServer lives on one thread: it serves on the thread-default main context it
 * was listening from, and its database is used from that thread only. */
#pragma once

#include <gio/gio.h>

#include "server/yc-server-db.h"

G_BEGIN_DECLS

#define YC_TYPE_SERVER (yc_server_get_type ())
G_DECLARE_FINAL_TYPE (YcServer, yc_server, YC, SERVER, GObject)

YcServer   *yc_server_new        (const char  *db_path,
                                  gboolean     demo_data,
                                  GError     **error);
gboolean    yc_server_listen     (YcServer    *self,
                                  const char  *host,
                                  guint        port,
                                  GError     **error);
/* "http://HOST:PORT" once listening. */
const char *yc_server_get_url    (YcServer    *self);
YcServerDb *yc_server_get_db     (YcServer    *self);
void        yc_server_disconnect (YcServer    *self);

/* A document of the built-in demo data (resources/demo/NAME). */
JsonNode   *yc_server_load_demo  (const char  *name,
                                  GError     **error);

G_END_DECLS
