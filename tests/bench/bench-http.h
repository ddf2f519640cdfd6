/* bench-http.h: HTTP/1.1 by hand over a plain socket, for the benchmarks that need a
 * thousand clients without a thousand SoupSessions, or bytes no client would send. */
#pragma once

#include <arpa/inet.h>
#include <glib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/yc-error.h"
#include "core/yc-role.h"
#include "core/yc-wire.h"
#include "server/yc-server-db.h"

typedef struct
{
  int   fd;
  char  buffer[16384];
  gsize length;
} BenchConn;

/* Connects to port on 127.0.0.1, from the loopback address from (NULL: any). */
static inline void
bench_conn_open (BenchConn  *conn,
                 guint16     port,
                 const char *from)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (port),
                                 .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int one = 1;

  conn->fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (conn->fd, >=, 0);
  setsockopt (conn->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (from != NULL)
    {
      struct sockaddr_in local = { .sin_family = AF_INET };

      g_assert_cmpint (inet_pton (AF_INET, from, &local.sin_addr), ==, 1);
      g_assert_cmpint (bind (conn->fd, (struct sockaddr *) &local, sizeof local), ==, 0);
    }
  g_assert_cmpint (connect (conn->fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  conn->length = 0;
}

static inline void
bench_conn_close (BenchConn *conn)
{
  close (conn->fd);
  conn->fd = -1;
}

/* One request on the kept-alive connection; the status, and the body in *answer. 0 when
 * the connection fails and tolerant (an attacker's), else the benchmark stops. */
static inline guint
bench_conn_send (BenchConn  *conn,
                 const char *method,
                 const char *path,
                 const char *token,
                 const char *body,
                 char      **answer,
                 gboolean    tolerant)
{
  g_autoptr(GString) request = g_string_new (NULL);
  gsize header_end = 0, content_length = 0;
  guint status;
  char *end;

  g_string_printf (request, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n", method, path);
  if (token != NULL)
    g_string_append_printf (request, "Authorization: Bearer %s\r\n", token);
  g_string_append_printf (request, "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                          body ? strlen (body) : 0, body ? body : "");
  for (gsize sent = 0; sent < request->len;)
    {
      gssize n = send (conn->fd, request->str + sent, request->len - sent, MSG_NOSIGNAL);

      if (n <= 0 && tolerant)
        return 0;
      g_assert_cmpint (n, >, 0);
      sent += (gsize) n;
    }

  for (;;)
    {
      gssize n;

      conn->buffer[conn->length] = '\0';
      if (header_end == 0 && (end = strstr (conn->buffer, "\r\n\r\n")) != NULL)
        {
          const char *length_header = g_strstr_len (conn->buffer, end - conn->buffer, "\r\nContent-Length:");

          header_end = (gsize) (end - conn->buffer) + 4;
          content_length = length_header ? strtoul (length_header + strlen ("\r\nContent-Length:"), NULL, 10) : 0;
          g_assert_cmpuint (header_end + content_length, <, sizeof conn->buffer);
        }
      if (header_end != 0 && conn->length >= header_end + content_length)
        break;
      n = recv (conn->fd, conn->buffer + conn->length, sizeof conn->buffer - 1 - conn->length, 0);
      if (n <= 0 && tolerant)
        return 0;
      g_assert_cmpint (n, >, 0);
      conn->length += (gsize) n;
    }
  g_assert_true (g_str_has_prefix (conn->buffer, "HTTP/1.1 "));
  status = (guint) strtoul (conn->buffer + strlen ("HTTP/1.1 "), NULL, 10);
  if (answer != NULL)
    *answer = g_strndup (conn->buffer + header_end, content_length);
  /* Nothing is pipelined: the buffer holds this answer only. */
  conn->length -= header_end + content_length;
  g_assert_cmpuint (conn->length, ==, 0);
  return status;
}

static inline guint
bench_conn_request (BenchConn  *conn,
                    const char *method,
                    const char *path,
                    const char *token,
                    const char *body,
                    char      **answer)
{
  return bench_conn_send (conn, method, path, token, body, answer, FALSE);
}

/* A generated hall of n windows, each serving A and B, with clerk cN (PIN 123456) at
 * window N, seeded into a new database at db_path before the server starts; returns the
 * token of a kiosk. Also lifts the open-files limit to its maximum: server and clients
 * in one process hold a socket each side per connection. */
static inline char *
bench_seed_hall (const char *db_path,
                 guint       n_windows)
{
  g_autoptr(GString) json = g_string_new ("{\"hall\":{\"code\":\"LOAD\",\"name\":\"压力测试大厅\"},"
                                          "\"services\":[{\"letter\":\"A\",\"name\":\"综合事务\"},"
                                          "{\"letter\":\"B\",\"name\":\"企业事务\"}],\"windows\":[");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  struct rlimit files;
  YcServerDb *db;
  char *kiosk;

  if (getrlimit (RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max)
    {
      files.rlim_cur = files.rlim_max;
      setrlimit (RLIMIT_NOFILE, &files);
    }

  for (guint i = 1; i <= n_windows; i++)
    g_string_append_printf (json, "%s{\"id\":%u,\"name\":\"%u号窗口\",\"zone\":\"Z\",\"services\":[\"A\",\"B\"]}",
                            i > 1 ? "," : "", i, i);
  g_string_append (json, "],\"clerks\":[");
  for (guint i = 1; i <= n_windows; i++)
    g_string_append_printf (json, "%s{\"id\":\"c%u\",\"name\":\"办事员%u\",\"pin\":\"123456\",\"window\":%u}",
                            i > 1 ? "," : "", i, i, i);
  g_string_append (json, "]}");

  node = yc_wire_parse_object (json->str, json->len, YC_ERROR_INVALID_INPUT, &error);
  g_assert_no_error (error);
  db = yc_server_db_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (yc_server_db_seed (db, node, &error));
  g_assert_no_error (error);
  kiosk = yc_server_db_add_device (db, "bench kiosk", YC_ROLE_KIOSK, 0, NULL, &error);
  g_assert_no_error (error);
  yc_server_db_free (db);
  return kiosk;
}
