/* test-server-util.h: the reference server on a thread of the test, for the tests that
 * talk to it (net, desk). */
#pragma once

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/yc-time.h"
#include "core/yc-role.h"
#include "server/yc-server-db.h"
#include "server/yc-server-thread.h"
#include "server/yc-server.h"

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
    *port = (guint) atoi (strrchr (yc_server_thread_get_url (server), ':') + 1);
  return server;
}

typedef struct
{
  const char *name;
  const char *role;
  gint64      window;
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
  device->token = yc_server_db_add_device (yc_server_get_db (server), device->name, role, device->window, NULL, &error);
  g_assert_no_error (error);
}

/* A device of the hall (role "kiosk", "rating-pad" of window, "display"): its token. */
static inline char *
yc_test_add_device (YcServerThread *server,
                    const char     *name,
                    const char     *role,
                    gint64          window)
{
  YcTestDevice device = { name, role, window, NULL };

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
  g_autofree char *token = g_uuid_string_random ();
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;

  sql = g_strdup_printf ("INSERT INTO devices (name, role, window_id, token_hash, created_at)"
                         " VALUES ('test %s', '%s', nullif (%" G_GINT64_FORMAT ", 0), '%s', '2026-12-06T09:00:00+08:00')",
                         token, role, window, hash);
  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return g_steal_pointer (&token);
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
