/* yc-server-accounts.c: the hall and who works in it: seeding the hall (services,
 * windows, clerks), PINs and sessions. */
#include "yc-server-db-private.h"

#include "core/yc-error.h"
#include "core/yc-time.h"
#include "core/yc-wire.h"

#include <string.h>

#define SESSION_HOURS 12

/* Credentials */

static char *
hash_pin (const char *salt,
          const char *pin)
{
  g_autofree char *salted = g_strconcat (salt, ":", pin, NULL);

  /* Many rounds, so a stolen table does not give away six-digit PINs at once. */
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, salted, -1);
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *next_input = g_strconcat (salt, digest, NULL);
      g_free (digest);
      digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, next_input, -1);
    }
  return g_steal_pointer (&digest);
}

static char *
hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* Seeding */

static const char *
member_string (JsonObject *object,
               const char *member,
               const char *fallback)
{
  const char *value = yc_json_optional_string (object, member);
  return value ? value : fallback;
}

static gboolean
seed_array (YcServerDb  *self,
            JsonObject  *root,
            const char  *member,
            JsonArray  **array,
            GError     **error)
{
  JsonNode *node = json_object_get_member (root, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "hall data has no “%s” array", member);
      return FALSE;
    }
  *array = json_node_get_array (node);
  return TRUE;
}

static gboolean
seed_rows (YcServerDb  *self,
           JsonNode    *hall,
           GError     **error)
{
  JsonObject *root = json_node_get_object (hall);
  JsonArray *services, *windows, *clerks;
  JsonNode *hall_node = json_object_get_member (root, "hall");
  g_autoptr(sqlite3_stmt) meta = NULL;
  g_autoptr(sqlite3_stmt) service = NULL;
  g_autoptr(sqlite3_stmt) window = NULL;
  g_autoptr(sqlite3_stmt) window_service = NULL;
  g_autoptr(sqlite3_stmt) service_package = NULL;
  g_autoptr(sqlite3_stmt) clerk = NULL;

  if (hall_node == NULL || !JSON_NODE_HOLDS_OBJECT (hall_node))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "hall data has no “hall” object");
      return FALSE;
    }
  if (!seed_array (self, root, "services", &services, error) ||
      !seed_array (self, root, "windows", &windows, error) ||
      !seed_array (self, root, "clerks", &clerks, error))
    return FALSE;

  if (!(meta = yc_db_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error)) ||
      !(service = yc_db_prepare (self, "INSERT INTO services (letter, name, description, expected_minutes)"
                                       " VALUES (?, ?, ?, nullif (?, 0))", error)) ||
      !(window = yc_db_prepare (self, "INSERT INTO windows (id, name, zone) VALUES (?, ?, ?)", error)) ||
      !(window_service = yc_db_prepare (self, "INSERT INTO window_services (window_id, service) VALUES (?, ?)", error)) ||
      !(service_package = yc_db_prepare (self, "INSERT INTO service_packages (service, position, package) VALUES (?, ?, ?)", error)) ||
      !(clerk = yc_db_prepare (self, "INSERT INTO clerks (id, name, salt, pin_hash, window_id) VALUES (?, ?, ?, ?, ?)", error)))
    return FALSE;

  {
    JsonObject *h = json_node_get_object (hall_node);
    const char *keys[] = { "name", "code", "address", "hours", "phone" };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        g_autofree char *key = g_strconcat ("hall.", keys[i], NULL);
        sqlite3_reset (meta);
        sqlite3_bind_text (meta, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (meta, 2, member_string (h, keys[i], ""), -1, SQLITE_TRANSIENT);
        if (sqlite3_step (meta) != SQLITE_DONE)
          return yc_db_error (error, self, "hall");
      }
  }

  /* The queue's rules, when the hall sets them: recalls, the pause between calls, and
   * how long a no-show may come back. */
  {
    JsonNode *queue = json_object_get_member (root, "queue");
    const char *keys[] = { "max_calls", "recall_seconds", "requeue_minutes" };

    for (guint i = 0; queue != NULL && JSON_NODE_HOLDS_OBJECT (queue) && i < G_N_ELEMENTS (keys); i++)
      {
        g_autofree char *key = g_strconcat ("queue.", keys[i], NULL);
        g_autofree char *value = NULL;
        gint64 number;

        if (!json_object_has_member (json_node_get_object (queue), keys[i]))
          continue;
        if (!yc_json_require_int (json_node_get_object (queue), keys[i], &number, YC_ERROR_INVALID_INPUT, error) ||
            number < 0 || number > 100000)
          {
            g_clear_error (error);
            g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "queue.%s must be a whole number", keys[i]);
            return FALSE;
          }
        value = g_strdup_printf ("%" G_GINT64_FORMAT, number);
        sqlite3_reset (meta);
        sqlite3_bind_text (meta, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (meta, 2, value, -1, SQLITE_TRANSIENT);
        if (sqlite3_step (meta) != SQLITE_DONE)
          return yc_db_error (error, self, "queue rules");
      }
  }

  for (guint i = 0; i < json_array_get_length (services); i++)
    {
      JsonObject *s = json_array_get_object_element (services, i);
      const char *letter, *name;

      if (s == NULL ||
          !(letter = yc_json_require_string (s, "letter", YC_ERROR_INVALID_INPUT, error)) ||
          !(name = yc_json_require_string (s, "name", YC_ERROR_INVALID_INPUT, error)))
        return FALSE;
      if (strlen (letter) != 1 || !g_ascii_isupper (letter[0]))
        {
          g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "service letter “%s” is not A–Z", letter);
          return FALSE;
        }
      sqlite3_reset (service);
      sqlite3_bind_text (service, 1, letter, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (service, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (service, 3, member_string (s, "description", ""), -1, SQLITE_TRANSIENT);
      /* How long a visit of the service usually takes: the visit card counts against it. */
      sqlite3_bind_int64 (service, 4, json_object_get_int_member_with_default (s, "expected_minutes", 0));
      if (sqlite3_step (service) != SQLITE_DONE)
        return yc_db_error (error, self, "service");

      if (json_object_has_member (s, "packages"))
        {
          JsonArray *packages;

          if (!seed_array (self, s, "packages", &packages, error))
            return FALSE;
          for (guint j = 0; j < json_array_get_length (packages); j++)
            {
              JsonNode *code = json_array_get_element (packages, j);

              if (!JSON_NODE_HOLDS_VALUE (code) || json_node_get_value_type (code) != G_TYPE_STRING)
                {
                  g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT,
                               "the packages of service “%s” must be strings", letter);
                  return FALSE;
                }
              sqlite3_reset (service_package);
              sqlite3_bind_text (service_package, 1, letter, -1, SQLITE_TRANSIENT);
              sqlite3_bind_int64 (service_package, 2, j);
              sqlite3_bind_text (service_package, 3, json_node_get_string (code), -1, SQLITE_TRANSIENT);
              if (sqlite3_step (service_package) != SQLITE_DONE)
                return yc_db_error (error, self, "service package");
            }
        }
    }

  for (guint i = 0; i < json_array_get_length (windows); i++)
    {
      JsonObject *w = json_array_get_object_element (windows, i);
      JsonArray *served;
      const char *name;
      gint64 id;

      if (w == NULL ||
          !yc_json_require_int (w, "id", &id, YC_ERROR_INVALID_INPUT, error) ||
          !(name = yc_json_require_string (w, "name", YC_ERROR_INVALID_INPUT, error)) ||
          !seed_array (self, w, "services", &served, error))
        return FALSE;
      sqlite3_reset (window);
      sqlite3_bind_int64 (window, 1, id);
      sqlite3_bind_text (window, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (window, 3, member_string (w, "zone", ""), -1, SQLITE_TRANSIENT);
      if (sqlite3_step (window) != SQLITE_DONE)
        return yc_db_error (error, self, "window");
      for (guint j = 0; j < json_array_get_length (served); j++)
        {
          const char *letter = json_array_get_string_element (served, j);
          sqlite3_reset (window_service);
          sqlite3_bind_int64 (window_service, 1, id);
          sqlite3_bind_text (window_service, 2, letter, -1, SQLITE_TRANSIENT);
          if (letter == NULL || sqlite3_step (window_service) != SQLITE_DONE)
            return yc_db_error (error, self, "window service");
        }
    }

  for (guint i = 0; i < json_array_get_length (clerks); i++)
    {
      JsonObject *c = json_array_get_object_element (clerks, i);
      g_autofree char *salt = yc_db_random_hex (16);
      g_autofree char *pin_hash = NULL;
      const char *id, *name, *pin;
      gint64 window_id = 0;

      if (c == NULL ||
          !(id = yc_json_require_string (c, "id", YC_ERROR_INVALID_INPUT, error)) ||
          !(name = yc_json_require_string (c, "name", YC_ERROR_INVALID_INPUT, error)) ||
          !(pin = yc_json_require_string (c, "pin", YC_ERROR_INVALID_INPUT, error)))
        return FALSE;
      if (json_object_has_member (c, "window") &&
          !yc_json_require_int (c, "window", &window_id, YC_ERROR_INVALID_INPUT, error))
        return FALSE;
      pin_hash = hash_pin (salt, pin);
      sqlite3_reset (clerk);
      sqlite3_bind_text (clerk, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (clerk, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (clerk, 3, salt, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (clerk, 4, pin_hash, -1, SQLITE_TRANSIENT);
      if (window_id > 0)
        sqlite3_bind_int64 (clerk, 5, window_id);
      else
        sqlite3_bind_null (clerk, 5);
      if (sqlite3_step (clerk) != SQLITE_DONE)
        return yc_db_error (error, self, "clerk");
    }

  return TRUE;
}

gboolean
yc_server_db_seed (YcServerDb  *self,
                   JsonNode    *hall,
                   GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_return_val_if_fail (hall != NULL && JSON_NODE_HOLDS_OBJECT (hall), FALSE);

  if (!yc_db_begin (self, &tx, error))
    return FALSE;
  if (!seed_rows (self, hall, error))
    return FALSE;
  return yc_db_commit (&tx, error);
}

/* Sessions */


static gboolean
add_window_services (YcServerDb   *self,
                     JsonBuilder  *builder,
                     gint64        window,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) packages = NULL;
  int rc;

  stmt = yc_db_prepare (self,
                        "SELECT s.letter, s.name, s.expected_minutes FROM window_services ws"
                        " JOIN services s ON s.letter = ws.service"
                        " WHERE ws.window_id = ? ORDER BY s.letter", error);
  packages = yc_db_prepare (self, "SELECT package FROM service_packages WHERE service = ? ORDER BY position", error);
  if (stmt == NULL || packages == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, window);

  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "letter");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 0));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 1));
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        {
          json_builder_set_member_name (builder, "expected_minutes");
          json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 2));
        }
      json_builder_set_member_name (builder, "packages");
      json_builder_begin_array (builder);
      sqlite3_reset (packages);
      sqlite3_bind_text (packages, 1, (const char *) sqlite3_column_text (stmt, 0), -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (packages)) == SQLITE_ROW)
        json_builder_add_string_value (builder, (const char *) sqlite3_column_text (packages, 0));
      if (rc != SQLITE_DONE)
        return yc_db_error (error, self, "service packages");
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return rc == SQLITE_DONE || yc_db_error (error, self, "window services");
}

JsonNode *
yc_server_db_login (YcServerDb  *self,
                    const char  *clerk,
                    const char  *pin,
                    gint64       window,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) find_clerk = NULL;
  g_autoptr(sqlite3_stmt) find_window = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *clerk_name = NULL;
  g_autofree char *window_name = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *now = NULL;
  g_autofree char *hall_name = NULL;
  g_autofree char *hash = NULL;
  gboolean valid = FALSE;

  if (!(find_clerk = yc_db_prepare (self, "SELECT name, salt, pin_hash FROM clerks WHERE id = ?", error)))
    return NULL;
  sqlite3_bind_text (find_clerk, 1, clerk, -1, SQLITE_STATIC);
  if (sqlite3_step (find_clerk) == SQLITE_ROW)
    {
      const char *salt = (const char *) sqlite3_column_text (find_clerk, 1);
      const char *expected = (const char *) sqlite3_column_text (find_clerk, 2);

      hash = hash_pin (salt, pin);
      valid = g_str_equal (hash, expected);
      clerk_name = g_strdup ((const char *) sqlite3_column_text (find_clerk, 0));
    }
  else
    {
      /* Same work for an unknown clerk, so timing does not tell which clerk numbers exist. */
      g_free (hash_pin ("unknown", pin));
    }
  if (!valid)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_CREDENTIALS, "unknown clerk or wrong PIN");
      return NULL;
    }

  if (!(find_window = yc_db_prepare (self, "SELECT name FROM windows WHERE id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (find_window, 1, window);
  if (sqlite3_step (find_window) != SQLITE_ROW)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_UNKNOWN_WINDOW, "there is no window %" G_GINT64_FORMAT, window);
      return NULL;
    }
  window_name = g_strdup ((const char *) sqlite3_column_text (find_window, 0));

  token = yc_db_random_hex (32);
  token_hash = hash_token (token);
  now = yc_time_now_iso8601 ();
  if (!(insert = yc_db_prepare (self,
                                "INSERT INTO sessions (token_hash, clerk, window_id, created_at, expires)"
                                " VALUES (?, ?, ?, ?, ?)", error)))
    return NULL;
  sqlite3_bind_text (insert, 1, token_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, clerk, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 3, window);
  sqlite3_bind_text (insert, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 5, g_get_real_time () / G_USEC_PER_SEC + SESSION_HOURS * 3600);
  if (sqlite3_step (insert) != SQLITE_DONE)
    {
      yc_db_error (error, self, "session");
      return NULL;
    }
  /* Expired sessions are of no further use. */
  sqlite3_exec (self->db, "DELETE FROM sessions WHERE expires < strftime('%s', 'now')", NULL, NULL, NULL);

  hall_name = yc_db_meta_value (self, "hall.name");

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "clerk");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, clerk);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, clerk_name);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "window");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, window);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, window_name);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "hall");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, hall_name);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "services");
  if (!add_window_services (self, builder, window, error))
    return NULL;
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gboolean
yc_server_db_authenticate (YcServerDb  *self,
                           const char  *token,
                           char       **clerk,
                           gint64      *window)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *token_hash = NULL;

  if (token == NULL || *token == '\0')
    return FALSE;
  if (!(stmt = yc_db_prepare (self,
                              "SELECT clerk, window_id FROM sessions"
                              " WHERE token_hash = ? AND expires >= strftime('%s', 'now')", NULL)))
    return FALSE;
  token_hash = hash_token (token);
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *clerk = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  *window = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

char *
yc_server_db_window_clerk (YcServerDb *self,
                           gint64      window)
{
  g_autoptr(sqlite3_stmt) stmt =
    yc_db_prepare (self, "SELECT clerk FROM sessions WHERE window_id = ? AND expires >= strftime('%s', 'now')"
                         " ORDER BY created_at DESC LIMIT 1", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, window);
  return sqlite3_step (stmt) == SQLITE_ROW ? g_strdup ((const char *) sqlite3_column_text (stmt, 0)) : NULL;
}

gboolean
yc_server_db_window_is_staffed (YcServerDb *self,
                                gint64      window)
{
  g_autoptr(sqlite3_stmt) stmt =
    yc_db_prepare (self, "SELECT 1 FROM sessions WHERE window_id = ? AND expires >= strftime('%s', 'now')", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, window);
  return sqlite3_step (stmt) == SQLITE_ROW;
}
