/* test-server-util.h: the reference server on a thread of the test, for the tests that
 * talk to it (net, desk). */
#pragma once

#include <libsoup/soup.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/yc-time.h"
#include "core/yc-role.h"
#include "server/yc-server-db.h"
#include "server/yc-server-thread.h"
#include "server/yc-server.h"

/* One synchronous request to the server at base (http://HOST:PORT). Its status, or 0
 * when it got no answer at all (the server stopped answering). */
static inline guint
yc_test_http (SoupSession  *soup,
              const char   *base,
              const char   *method,
              const char   *path,
              const char   *token,
              const char   *body,
              JsonNode    **answer)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  gsize length;

  g_assert_nonnull (msg);
  if (answer != NULL)
    *answer = NULL;
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }

  if (!(bytes = soup_session_send_and_read (soup, msg, NULL, NULL)))
    return 0;
  data = g_bytes_get_data (bytes, &length);
  if (answer != NULL && length > 0)
    {
      /* The body is not NUL-terminated: parse it with its length. */
      g_autoptr(JsonParser) parser = json_parser_new ();
      if (json_parser_load_from_data (parser, data, (gssize) length, NULL))
        *answer = json_node_copy (json_parser_get_root (parser));
    }
  return soup_message_get_status (msg);
}

/* The port server listens on. */
static inline guint
yc_test_server_port (YcServerThread *server)
{
  return (guint) atoi (strrchr (yc_server_thread_get_url (server), ':') + 1);
}

/* Starts a server with the demo data over db_path (created when missing) on 127.0.0.1,
 * without the simulator. *port: the port to listen on, 0 for any; set to the port it
 * listens on. */
static inline YcServerThread *
yc_test_start_server (const char *db_path,
                      guint      *port)
{
  YcServerOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  YcServerThread *server;

  options.db_path = db_path;
  options.demo_data = TRUE;
  options.simulate = FALSE;
  options.host = "127.0.0.1";
  options.port = *port;
  server = yc_server_thread_start (&options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (server);
  if (*port == 0)
    *port = yc_test_server_port (server);
  return server;
}

typedef struct
{
  const char *name;
  const char *role;
  gint64      window;
  const char *zone;
  char       *token;
} YcTestDevice;

static inline void
yc_test_add_device_on_server (YcServer *server,
                              gpointer  data)
{
  YcTestDevice *device = data;
  g_autoptr(GError) error = NULL;
  YcRole role;

  g_assert_true (yc_role_from_wire (device->role, &role));
  device->token = yc_server_db_add_device (yc_server_get_db (server), device->name, role, device->window, device->zone,
                                           &error);
  g_assert_no_error (error);
}

/* A device of the hall (role "kiosk", "rating-pad" of window, "display"), of zone (or
 * NULL): its token. */
static inline char *
yc_test_add_device (YcServerThread *server,
                    const char     *name,
                    const char     *role,
                    gint64          window,
                    const char     *zone)
{
  YcTestDevice device = { name, role, window, zone, NULL };

  yc_server_thread_invoke (server, yc_test_add_device_on_server, &device);
  return device.token;
}

/* The same, written into the server's database file itself (the server may be one the
 * test has no handle on, as the desk's demo server): a device of role, and its token. */
static inline char *
yc_test_add_device_to_db (const char *db_path,
                          const char *role,
                          gint64      window)
{
  g_autoptr(GError) error = NULL;
  YcServerDb *db = yc_server_db_open (db_path, &error);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = g_strconcat ("test ", uuid, NULL);
  char *token;
  YcRole parsed;

  g_assert_no_error (error);
  g_assert_true (yc_role_from_wire (role, &parsed));
  token = yc_server_db_add_device (db, name, parsed, window, NULL, &error);
  g_assert_no_error (error);
  yc_server_db_free (db);
  return token;
}

typedef struct
{
  const char *body;
  gint64      id;
} YcTestAssignment;

static inline void
yc_test_assign_on_server (YcServer *server,
                          gpointer  data)
{
  YcTestAssignment *assignment = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = json_from_string (assignment->body, &error);
  g_autoptr(JsonNode) task = NULL;

  g_assert_no_error (error);
  task = yc_server_db_create_task (yc_server_get_db (server), json_node_get_object (request), &error);
  g_assert_no_error (error);
  assignment->id = json_object_get_int_member (json_node_get_object (task), "id");
}

/* The back office assigns a task (body as POST /tasks takes it), with its event: its id. */
static inline gint64
yc_test_assign_task (YcServerThread *server,
                     const char     *body)
{
  YcTestAssignment assignment = { body, 0 };

  yc_server_thread_invoke (server, yc_test_assign_on_server, &assignment);
  return assignment.id;
}

static inline void
yc_test_escalate_on_server (YcServer *server,
                            gpointer  data)
{
  g_autoptr(GError) error = NULL;
  GDate today;

  if (data == NULL)
    yc_time_local_date (&today);
  yc_server_db_escalate_tasks (yc_server_get_db (server), data != NULL ? data : &today, &error);
  g_assert_no_error (error);
}

/* The server's escalation pass, as on the day given (NULL: today), with its events. */
static inline void
yc_test_escalate_tasks (YcServerThread *server,
                        const GDate    *day)
{
  yc_server_thread_invoke (server, yc_test_escalate_on_server, (gpointer) day);
}

static inline void
yc_test_count_connections_on_server (YcServer *server,
                                     gpointer  data)
{
  *(guint *) data = yc_server_get_connections (server);
}

/* The connections the server holds open now. */
static inline guint
yc_test_server_connections (YcServerThread *server)
{
  guint count = 0;

  yc_server_thread_invoke (server, yc_test_count_connections_on_server, &count);
  return count;
}

static inline gboolean
yc_test_run_openssl (const char  *dir,
                     const char **args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *err = NULL;
  int status;

  g_strv_builder_add (builder, "openssl");
  g_strv_builder_addv (builder, args);
  argv = g_strv_builder_end (builder);
  if (!g_spawn_sync (dir, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status,
                     NULL))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl %s failed: %s", args[0], err);
  return TRUE;
}

/* A throw-away certificate authority and a certificate of it for 127.0.0.1, made in dir:
 * FALSE when openssl is not there. The paths are dir's ca.pem, server.pem, server.key. */
static inline gboolean
yc_test_make_certificates (const char  *dir,
                           char       **ca,
                           char       **cert,
                           char       **key)
{
  const char *make_ca[] = { "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                            "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Yichuang Test CA", NULL };
  const char *make_request[] = { "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                                 "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1", NULL };
  const char *sign[] = { "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                         "-out", "server.pem", "-days", "2", "-extfile", "server.ext", NULL };
  g_autofree char *ext = g_build_filename (dir, "server.ext", NULL);

  g_assert_true (g_file_set_contents (ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                                           "extendedKeyUsage=serverAuth\n", -1, NULL));
  if (!yc_test_run_openssl (dir, make_ca))
    return FALSE;
  yc_test_run_openssl (dir, make_request);
  yc_test_run_openssl (dir, sign);
  *ca = g_build_filename (dir, "ca.pem", NULL);
  *cert = g_build_filename (dir, "server.pem", NULL);
  *key = g_build_filename (dir, "server.key", NULL);
  return TRUE;
}

/* Another hall's data, for --add-hall: the demo hall's windows, services and devices
 * under code and name, its staff numbers those of the demo plus offset (1001 + offset
 * …, 9002 + offset), written to a file in dir; its path. */
static inline char *
yc_test_write_demo_hall (const char *dir,
                         const char *code,
                         const char *name,
                         guint       offset)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) hall = yc_server_load_demo ("hall.json", &error);
  g_autofree char *file = g_strdup_printf ("%s/%s.json", dir, code);
  g_autofree char *text = NULL;
  JsonObject *root;
  JsonArray *clerks;

  g_assert_no_error (error);
  root = json_node_get_object (hall);
  json_object_set_string_member (json_object_get_object_member (root, "hall"), "code", code);
  json_object_set_string_member (json_object_get_object_member (root, "hall"), "name", name);
  clerks = json_object_get_array_member (root, "clerks");
  for (guint i = 0; i < json_array_get_length (clerks); i++)
    {
      JsonObject *clerk = json_array_get_object_element (clerks, i);
      gint64 id = g_ascii_strtoll (json_object_get_string_member (clerk, "id"), NULL, 10);
      g_autofree char *renumbered = g_strdup_printf ("%" G_GINT64_FORMAT, id + offset);

      json_object_set_string_member (clerk, "id", renumbered);
    }
  text = json_to_string (hall, TRUE);
  g_assert_true (g_file_set_contents (file, text, -1, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&file);
}

/* yichuang-server (YICHUANG_SERVER_BIN) with arguments, NULL-terminated, as an
 * administrator runs it: its exit status, and in *output what it printed (stdout, then
 * stderr). */
static inline int
yc_test_run_server (char       **output,
                    const char  *first,
                    ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("YICHUANG_SERVER_BIN"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  *output = g_strconcat (out, err, NULL);
  return g_subprocess_get_exit_status (process);
}

/* A file of the demo data (resources/demo/NAME) written into dir, as an administrator
 * would have one: its path. */
static inline char *
yc_test_write_demo_file (const char *dir,
                         const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = yc_server_load_demo (name, &error);
  g_autofree char *text = NULL;
  char *file = g_build_filename (dir, name, NULL);

  g_assert_no_error (error);
  text = json_to_string (data, TRUE);
  g_assert_true (g_file_set_contents (file, text, -1, &error));
  g_assert_no_error (error);
  return file;
}

