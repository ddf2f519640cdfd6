/* yc-server-conf.h: yichuang-server's configuration file (/etc/yichuang/server.conf when
 * installed): a GKeyFile whose [server] group holds the options of the command line
 * (listen, db, tls-cert, tls-key, session-idle, max-per-address, documents-language,
 * trusted-proxies),
 * read at start; an option given on the command line wins over its line. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The ranges both the file and the command line keep to. */
#define YC_SERVER_SESSION_IDLE_MAX  (24 * 60)   /* minutes: longer is a token left lying about */

typedef struct
{
  char *listen;               /* HOST:PORT, or NULL */
  char *db;                   /* a file or postgresql://…, or NULL */
  char *tls_cert;
  char *tls_key;
  int   session_idle;         /* minutes; -1 when not given */
  int   max_per_address;      /* -1 when not given */
  char *documents_language;
  GStrv trusted_proxies;      /* IP addresses, or NULL */
} YcServerConf;

#define YC_SERVER_CONF_INIT { NULL, NULL, NULL, NULL, -1, -1, NULL, NULL }

void      yc_server_conf_clear         (YcServerConf  *conf);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (YcServerConf, yc_server_conf_clear)

/* The file at path read into conf: each value the file gets wrong is left out of conf and
 * told in problems (strings "path:LINE: what is wrong", in the file's order). FALSE with
 * error when the file cannot be read at all. */
gboolean  yc_server_conf_load          (YcServerConf  *conf,
                                        const char    *path,
                                        GPtrArray     *problems,
                                        GError       **error);

/* IP addresses separated by commas, semicolons or spaces (values may hold several), as
 * one list; NULL with error at one that is no address. */
GStrv     yc_server_parse_addresses    (const char *const *values,
                                        GError       **error);

/* HOST:PORT ([v6 address]:PORT) as host and port; FALSE with error otherwise. */
gboolean  yc_server_parse_listen       (const char    *listen,
                                        char         **host,
                                        guint         *port,
                                        GError       **error);

G_END_DECLS
