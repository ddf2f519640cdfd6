/* yc-server-accounts.c: the hall and who works in it: seeding the hall (services,
 * windows, people and devices), PINs and their lock-out, sessions (one live one per
 * person and per window, ended by log-out, idle time or a duty manager), devices. */
#include "yc-server-db-private.h"

#include "core/yc-error.h"
#include "core/yc-role.h"
#include "core/yc-time.h"
#include "core/yc-wire.h"

#include <string.h>

/* A session lasts a working day at most, and ends sooner when idle (set by the server). */
#define SESSION_HOURS        12
#define DEFAULT_IDLE_SECONDS (2 * 3600)
/* Five wrong PINs in a row lock the clerk number for a quarter of an hour. */
#define MAX_WRONG_PINS       5
#define LOCK_SECONDS         (15 * 60)

/* Credentials */

char *
yc_server_hash_pin (const char *salt,
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

/* Adds window to windows unless it is there: a hall file may name one twice. */
static void
add_window (GArray *windows,
            gint64  window)
{
  for (guint i = 0; i < windows->len; i++)
    if (g_array_index (windows, gint64, i) == window)
      return;
  g_array_append_val (windows, window);
}

/* A person's windows: "window" (one) and "windows" (a list), both optional, each window
 * once. */
static gboolean
seed_windows (JsonObject  *person,
              GArray      *windows,
              GError     **error)
{
  gint64 window;

  if (json_object_has_member (person, "window"))
    {
      if (!yc_json_require_int (person, "window", &window, YC_ERROR_INVALID_INPUT, error))
        return FALSE;
      add_window (windows, window);
    }
  if (json_object_has_member (person, "windows"))
    {
      JsonNode *node = json_object_get_member (person, "windows");
      JsonArray *list = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
        {
          JsonNode *element = json_array_get_element (list, i);

          if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64)
            list = NULL;
          else
            add_window (windows, json_node_get_int (element));
        }
      if (list == NULL)
        {
          g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "“windows” must be a list of window numbers");
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
yc_db_seed_rows (YcServerDb  *self,
                 JsonNode    *hall,
                 GError     **error)
{
  JsonObject *root = json_node_get_object (hall);
  JsonArray *services, *windows, *clerks;
  JsonNode *hall_node = json_object_get_member (root, "hall");
  g_autoptr(YcSqlStmt) meta = NULL;
  g_autoptr(YcSqlStmt) service = NULL;
  g_autoptr(YcSqlStmt) window = NULL;
  g_autoptr(YcSqlStmt) window_service = NULL;
  g_autoptr(YcSqlStmt) service_package = NULL;
  g_autoptr(YcSqlStmt) clerk = NULL;
  g_autoptr(YcSqlStmt) clerk_window = NULL;

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
      !(clerk = yc_db_prepare (self, "INSERT INTO clerks (id, name, salt, pin_hash, role) VALUES (?, ?, ?, ?, ?)",
                               error)) ||
      !(clerk_window = yc_db_prepare (self, "INSERT INTO clerk_windows (clerk, window_id) VALUES (?, ?)", error)))
    return FALSE;

  {
    JsonObject *h = json_node_get_object (hall_node);
    const char *keys[] = { "name", "code", "address", "hours", "phone", "documents_language" };
    const char *documents = member_string (h, "documents_language", "");

    if (*documents != '\0' && !yc_server_documents_language_is_known (documents))
      {
        g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT,
                     "hall.documents_language is zh_CN, zh_TW or zh_HK, not “%s”", documents);
        return FALSE;
      }

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        g_autofree char *key = g_strconcat ("hall.", keys[i], NULL);
        yc_sql_reset (meta);
        yc_sql_bind_text_copy (meta, 1, key);
        yc_sql_bind_text_copy (meta, 2, member_string (h, keys[i], ""));
        if (yc_sql_step (meta) != YC_SQL_DONE)
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
        yc_sql_reset (meta);
        yc_sql_bind_text_copy (meta, 1, key);
        yc_sql_bind_text_copy (meta, 2, value);
        if (yc_sql_step (meta) != YC_SQL_DONE)
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
      yc_sql_reset (service);
      yc_sql_bind_text_copy (service, 1, letter);
      yc_sql_bind_text_copy (service, 2, name);
      yc_sql_bind_text_copy (service, 3, member_string (s, "description", ""));
      /* How long a visit of the service usually takes: the visit card counts against it. */
      yc_sql_bind_int64 (service, 4, json_object_get_int_member_with_default (s, "expected_minutes", 0));
      if (yc_sql_step (service) != YC_SQL_DONE)
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
              yc_sql_reset (service_package);
              yc_sql_bind_text_copy (service_package, 1, letter);
              yc_sql_bind_int64 (service_package, 2, j);
              yc_sql_bind_text_copy (service_package, 3, json_node_get_string (code));
              if (yc_sql_step (service_package) != YC_SQL_DONE)
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
      yc_sql_reset (window);
      yc_sql_bind_int64 (window, 1, id);
      yc_sql_bind_text_copy (window, 2, name);
      yc_sql_bind_text_copy (window, 3, member_string (w, "zone", ""));
      if (yc_sql_step (window) != YC_SQL_DONE)
        return yc_db_error (error, self, "window");
      for (guint j = 0; j < json_array_get_length (served); j++)
        {
          const char *letter = json_array_get_string_element (served, j);
          yc_sql_reset (window_service);
          yc_sql_bind_int64 (window_service, 1, id);
          yc_sql_bind_text_copy (window_service, 2, letter);
          if (letter == NULL || yc_sql_step (window_service) != YC_SQL_DONE)
            return yc_db_error (error, self, "window service");
        }
    }

  for (guint i = 0; i < json_array_get_length (clerks); i++)
    {
      JsonObject *c = json_array_get_object_element (clerks, i);
      g_autofree char *salt = yc_db_random_hex (16);
      g_autofree char *pin_hash = NULL;
      g_autoptr(GArray) assigned = g_array_new (FALSE, FALSE, sizeof (gint64));
      const char *id, *name, *pin, *role_text;
      YcRole role = YC_ROLE_CLERK;

      if (c == NULL ||
          !(id = yc_json_require_string (c, "id", YC_ERROR_INVALID_INPUT, error)) ||
          !(name = yc_json_require_string (c, "name", YC_ERROR_INVALID_INPUT, error)) ||
          !(pin = yc_json_require_string (c, "pin", YC_ERROR_INVALID_INPUT, error)) ||
          !seed_windows (c, assigned, error))
        return FALSE;
      role_text = member_string (c, "role", "clerk");
      if (!yc_role_from_wire (role_text, &role) || !yc_role_is_person (role))
        {
          g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT,
                       "the role of “%s” must be clerk, back_office or supervisor", id);
          return FALSE;
        }
      if ((role == YC_ROLE_CLERK) == (assigned->len == 0))
        {
          g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT,
                       "a clerk (“%s”) works at one window or more; the back office and duty managers at none", id);
          return FALSE;
        }
      pin_hash = yc_server_hash_pin (salt, pin);
      yc_sql_reset (clerk);
      yc_sql_bind_text_copy (clerk, 1, id);
      yc_sql_bind_text_copy (clerk, 2, name);
      yc_sql_bind_text_copy (clerk, 3, salt);
      yc_sql_bind_text_copy (clerk, 4, pin_hash);
      yc_sql_bind_text_copy (clerk, 5, role_text);
      if (yc_sql_step (clerk) != YC_SQL_DONE)
        return yc_db_error (error, self, "clerk");
      for (guint j = 0; j < assigned->len; j++)
        {
          yc_sql_reset (clerk_window);
          yc_sql_bind_text_copy (clerk_window, 1, id);
          yc_sql_bind_int64 (clerk_window, 2, g_array_index (assigned, gint64, j));
          if (yc_sql_step (clerk_window) != YC_SQL_DONE)
            return yc_db_error (error, self, "clerk window");
        }
    }

  /* The hall's devices, with tokens nobody is told: the demo's simulator acts for them
   * from inside the server. A real hall adds its own (--add-device). */
  if (json_object_has_member (root, "devices"))
    {
      JsonArray *devices;

      if (!seed_array (self, root, "devices", &devices, error))
        return FALSE;
      for (guint i = 0; i < json_array_get_length (devices); i++)
        {
          JsonObject *d = json_array_get_object_element (devices, i);
          g_autofree char *token = NULL;
          const char *name, *role_text;
          YcRole role;
          gint64 device_window = 0;

          if (d == NULL ||
              !(name = yc_json_require_string (d, "name", YC_ERROR_INVALID_INPUT, error)) ||
              !(role_text = yc_json_require_string (d, "role", YC_ERROR_INVALID_INPUT, error)))
            return FALSE;
          if (json_object_has_member (d, "window") &&
              !yc_json_require_int (d, "window", &device_window, YC_ERROR_INVALID_INPUT, error))
            return FALSE;
          if (!yc_role_from_wire (role_text, &role) || yc_role_is_person (role))
            {
              g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "device “%s” must be a kiosk, rating-pad or display",
                           name);
              return FALSE;
            }
          if (!(token = yc_server_db_add_device (self, name, role, device_window,
                                                yc_json_optional_string (d, "zone"), error)))
            return FALSE;
        }
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
  if (!yc_db_seed_rows (self, hall, error) ||
      !yc_db_register_first_hall (self, error) ||
      !yc_db_commit (&tx, error))
    return FALSE;
  return yc_db_load_halls (self, error);
}

gboolean
yc_server_documents_language_is_known (const char *language)
{
  return g_strcmp0 (language, "zh_CN") == 0 || g_strcmp0 (language, "zh_TW") == 0 ||
         g_strcmp0 (language, "zh_HK") == 0;
}

gboolean
yc_server_db_set_documents_language (YcServerDb  *self,
                                     const char  *language,
                                     GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;

  if (!yc_server_documents_language_is_known (language))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT,
                   "the language of the centre's documents is zh_CN, zh_TW or zh_HK, not “%s”",
                   language ? language : "");
      return FALSE;
    }
  if (!(stmt = yc_db_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES ('hall.documents_language', ?)",
                              error)))
    return FALSE;
  yc_sql_bind_text (stmt, 1, language);
  if (yc_sql_step (stmt) != YC_SQL_DONE)
    return yc_db_error (error, self, "documents language");
  return TRUE;
}

/* Sessions */


static gboolean
add_window_services (YcServerDb   *self,
                     JsonBuilder  *builder,
                     gint64        window,
                     GError      **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autoptr(YcSqlStmt) packages = NULL;
  int rc;

  stmt = yc_db_prepare (self,
                        "SELECT s.letter, s.name, s.expected_minutes FROM window_services ws"
                        " JOIN services s ON s.letter = ws.service"
                        " WHERE ws.window_id = ? ORDER BY s.letter", error);
  packages = yc_db_prepare (self, "SELECT package FROM service_packages WHERE service = ? ORDER BY position", error);
  if (stmt == NULL || packages == NULL)
    return FALSE;
  yc_sql_bind_int64 (stmt, 1, window);

  json_builder_begin_array (builder);
  while ((rc = yc_sql_step (stmt)) == YC_SQL_ROW)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "letter");
      json_builder_add_string_value (builder, (const char *) yc_sql_column_text (stmt, 0));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, (const char *) yc_sql_column_text (stmt, 1));
      if (yc_sql_column_type (stmt, 2) != YC_SQL_NULL)
        {
          json_builder_set_member_name (builder, "expected_minutes");
          json_builder_add_int_value (builder, yc_sql_column_int64 (stmt, 2));
        }
      json_builder_set_member_name (builder, "packages");
      json_builder_begin_array (builder);
      yc_sql_reset (packages);
      yc_sql_bind_text_copy (packages, 1, (const char *) yc_sql_column_text (stmt, 0));
      while ((rc = yc_sql_step (packages)) == YC_SQL_ROW)
        json_builder_add_string_value (builder, (const char *) yc_sql_column_text (packages, 0));
      if (rc != YC_SQL_DONE)
        return yc_db_error (error, self, "service packages");
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return rc == YC_SQL_DONE || yc_db_error (error, self, "window services");
}

/* Unix seconds now, as the sessions and lock-outs count them. */
static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
yc_server_caller_clear (YcServerCaller *caller)
{
  g_clear_pointer (&caller->hall, g_free);
  g_clear_pointer (&caller->id, g_free);
  g_clear_pointer (&caller->zone, g_free);
  caller->role = YC_ROLE_NONE;
  caller->window = 0;
}

void
yc_server_login_free (YcServerLogin *login)
{
  if (login == NULL)
    return;
  g_free (login->hall);
  g_free (login->clerk);
  g_free (login->salt);
  g_free (login->pin_hash);
  g_free (login);
}

void
yc_server_db_set_session_idle (YcServerDb *self,
                               guint       seconds)
{
  self->session_idle = seconds > 0 ? seconds : DEFAULT_IDLE_SECONDS;
}

/* A new token of the hall in use: that of the first hall is 64 hex digits, another's
 * starts with its code and a dot, which says at once where to look for it. */
static char *
new_token (YcServerDb *self)
{
  g_autofree char *random = yc_db_random_hex (32);

  if (self->hall->schema == NULL)
    return g_steal_pointer (&random);
  return g_strconcat (self->hall->code, ".", random, NULL);
}

gboolean
yc_db_renew_device_tokens (YcServerDb  *self,
                           GPtrArray   *tokens,
                           GError     **error)
{
  g_autoptr(YcSqlStmt) devices = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  int rc;

  if (!(devices = yc_db_prepare (self, "SELECT id, name, role FROM devices ORDER BY id", error)))
    return FALSE;
  while ((rc = yc_sql_step (devices)) == YC_SQL_ROW)
    {
      GStrv device = g_new0 (char *, 4);

      device[0] = g_strdup ((const char *) yc_sql_column_text (devices, 0));
      device[1] = g_strdup ((const char *) yc_sql_column_text (devices, 1));
      device[2] = g_strdup ((const char *) yc_sql_column_text (devices, 2));
      g_ptr_array_add (found, device);
    }
  if (rc != YC_SQL_DONE)
    return yc_db_error (error, self, "devices");
  yc_db_release (g_steal_pointer (&devices));

  for (guint i = 0; i < found->len; i++)
    {
      GStrv device = g_ptr_array_index (found, i);
      g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, "UPDATE devices SET token_hash = ? WHERE id = ?", error);
      g_autofree char *token = new_token (self);
      g_autofree char *token_hash = hash_token (token);

      if (stmt == NULL)
        return FALSE;
      yc_sql_bind_text (stmt, 1, token_hash);
      yc_sql_bind_int64 (stmt, 2, g_ascii_strtoll (device[0], NULL, 10));
      if (yc_sql_step (stmt) != YC_SQL_DONE)
        return yc_db_error (error, self, "device");
      g_ptr_array_add (tokens, g_strdupv ((char *[]) { device[1], device[2], token, NULL }));
    }
  return TRUE;
}

YcServerLogin *
yc_server_db_login_begin (YcServerDb  *self,
                          const char  *clerk,
                          GError     **error)
{
  g_autoptr(YcSqlStmt) find = NULL;
  g_autofree char *hall = NULL;
  YcServerLogin *login;

  /* The person's hall, by the city's staff register (another process may have added it
   * since this one read the list of halls); a number nobody has is looked for in the
   * first hall, with the same work as any other. */
  hall = yc_server_db_hall_of_person (self, clerk);
  if (!yc_server_db_use_hall (self, hall))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_STORAGE, "the hall of %s cannot be used", clerk);
      return NULL;
    }
  if (!(find = yc_db_prepare (self, "SELECT salt, pin_hash, locked_until FROM clerks WHERE id = ?", error)))
    return NULL;
  yc_sql_bind_text (find, 1, clerk);
  login = g_new0 (YcServerLogin, 1);
  login->hall = g_strdup (yc_server_db_hall (self));
  login->clerk = g_strdup (clerk);
  if (yc_sql_step (find) != YC_SQL_ROW)
    {
      /* The same work for an unknown clerk, so timing does not tell which numbers exist. */
      login->salt = g_strdup ("unknown");
      return login;
    }
  if (yc_sql_column_int64 (find, 2) > now_seconds ())
    {
      gint64 left = yc_sql_column_int64 (find, 2) - now_seconds ();

      g_set_error (error, YC_ERROR, YC_ERROR_LOCKED, "too many wrong PINs: clerk %s is locked for %" G_GINT64_FORMAT " s",
                   clerk, left);
      yc_error_set_retry_after (*error, (guint) left);
      yc_server_login_free (login);
      return NULL;
    }
  login->salt = g_strdup ((const char *) yc_sql_column_text (find, 0));
  login->pin_hash = g_strdup ((const char *) yc_sql_column_text (find, 1));
  return login;
}

/* A wrong PIN for a known clerk: counted, and the fifth in a row locks the number. A
 * count or a lock-out that cannot be written is a storage error, with nothing of it
 * kept: a guess is never let through uncounted, nor a clerk told they are locked when
 * they are not. */
static void
count_wrong_pin (YcServerDb     *self,
                 YcServerLogin  *login,
                 GError        **error)
{
  const char *clerk = login->clerk;
  g_auto(YcDbTransaction) tx = { 0 };
  g_autoptr(YcSqlStmt) count = NULL;
  g_autoptr(YcSqlStmt) lock = NULL;
  gboolean locks = FALSE;
  int rc;

  if (!yc_db_begin (self, &tx, error) ||
      !(count = yc_db_prepare (self, "UPDATE clerks SET failed_pins = failed_pins + 1 WHERE id = ?"
                                     " RETURNING failed_pins", error)))
    return;
  yc_sql_bind_text (count, 1, clerk);
  if ((rc = yc_sql_step (count)) == YC_SQL_ROW)
    locks = yc_sql_column_int64 (count, 0) >= MAX_WRONG_PINS;
  else if (rc != YC_SQL_DONE)
    {
      yc_db_error (error, self, "wrong PIN");
      return;
    }
  yc_db_release (g_steal_pointer (&count));
  if (locks)
    {
      if (!(lock = yc_db_prepare (self, "UPDATE clerks SET failed_pins = 0, locked_until = ? WHERE id = ?", error)))
        return;
      yc_sql_bind_int64 (lock, 1, now_seconds () + LOCK_SECONDS);
      yc_sql_bind_text (lock, 2, clerk);
      if (yc_sql_step (lock) != YC_SQL_DONE)
        {
          yc_db_error (error, self, "lock-out");
          return;
        }
    }
  if (!yc_db_commit (&tx, error))
    return;
  if (locks)
    {
      login->locked_out = TRUE;
      g_set_error (error, YC_ERROR, YC_ERROR_LOCKED, "a fifth wrong PIN in a row: clerk %s is locked for %d s",
                   clerk, LOCK_SECONDS);
      yc_error_set_retry_after (*error, LOCK_SECONDS);
      return;
    }
  g_set_error (error, YC_ERROR, YC_ERROR_INVALID_CREDENTIALS, "unknown clerk or wrong PIN");
}

/* The window a clerk logs in at: one the hall assigns them, and nobody else's now. */
static gboolean
check_window (YcServerDb  *self,
              const char  *clerk,
              gint64       window,
              char       **window_name,
              GError     **error)
{
  g_autoptr(YcSqlStmt) find = NULL;
  g_autoptr(YcSqlStmt) taken = NULL;

  if (!(find = yc_db_prepare (self,
                              "SELECT w.name, EXISTS (SELECT 1 FROM clerk_windows cw"
                              "                       WHERE cw.clerk = ?2 AND cw.window_id = w.id)"
                              " FROM windows w WHERE w.id = ?1", error)))
    return FALSE;
  yc_sql_bind_int64 (find, 1, window);
  yc_sql_bind_text (find, 2, clerk);
  if (yc_sql_step (find) != YC_SQL_ROW)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_UNKNOWN_WINDOW, "there is no window %" G_GINT64_FORMAT, window);
      return FALSE;
    }
  if (!yc_sql_column_int64 (find, 1))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_ASSIGNED, "the hall has not assigned clerk %s to window %" G_GINT64_FORMAT,
                   clerk, window);
      return FALSE;
    }
  *window_name = g_strdup ((const char *) yc_sql_column_text (find, 0));

  /* A colleague the simulator plays steps aside for a person (below). */
  if (!(taken = yc_db_prepare (self, "SELECT clerk FROM sessions s WHERE window_id = ? AND clerk != ? AND"
                                     " s.simulated = 0 AND " YC_DB_LIVE_SESSION, error)))
    return FALSE;
  yc_sql_bind_int64 (taken, 1, window);
  yc_sql_bind_text (taken, 2, clerk);
  if (yc_sql_step (taken) == YC_SQL_ROW)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_WINDOW_OCCUPIED, "clerk %s is logged in at window %" G_GINT64_FORMAT,
                   yc_sql_column_text (taken, 0), window);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
yc_server_db_login_finish (YcServerDb     *self,
                           YcServerLogin  *login,
                           const char     *hash,
                           gint64          window,
                           const char     *address,
                           GError        **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autoptr(YcSqlStmt) find = NULL;
  g_autoptr(YcSqlStmt) insert = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *clerk_name = NULL;
  g_autofree char *role_text = NULL;
  g_autofree char *window_name = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *now = NULL;
  g_autofree char *hall_name = NULL;
  g_autofree char *documents_language = NULL;
  gint64 now_s = now_seconds ();
  YcRole role = YC_ROLE_NONE;

  /* Back from the hash: other requests used other halls meanwhile. */
  if (!yc_server_db_use_hall (self, login->hall))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_STORAGE, "the hall of %s cannot be used", login->clerk);
      return NULL;
    }
  if (login->pin_hash == NULL)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_CREDENTIALS, "unknown clerk or wrong PIN");
      return NULL;
    }
  if (!yc_db_begin (self, &tx, error))
    return NULL;
  /* Read again: a lock-out may have come while the PIN was hashed. */
  if (!(find = yc_db_prepare (self, "SELECT name, role, locked_until FROM clerks WHERE id = ?", error)))
    return NULL;
  yc_sql_bind_text (find, 1, login->clerk);
  if (yc_sql_step (find) != YC_SQL_ROW)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_CREDENTIALS, "unknown clerk or wrong PIN");
      return NULL;
    }
  if (yc_sql_column_int64 (find, 2) > now_s)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_LOCKED, "clerk %s is locked", login->clerk);
      yc_error_set_retry_after (*error, (guint) (yc_sql_column_int64 (find, 2) - now_s));
      return NULL;
    }
  clerk_name = g_strdup ((const char *) yc_sql_column_text (find, 0));
  role_text = g_strdup ((const char *) yc_sql_column_text (find, 1));
  yc_db_release (g_steal_pointer (&find));

  if (hash == NULL || !g_str_equal (hash, login->pin_hash))
    {
      yc_db_transaction_clear (&tx);
      count_wrong_pin (self, login, error);
      return NULL;
    }
  {
    g_autoptr(YcSqlStmt) reset = yc_db_prepare (self, "UPDATE clerks SET failed_pins = 0 WHERE id = ?", error);

    if (reset == NULL)
      return NULL;
    yc_sql_bind_text (reset, 1, login->clerk);
    if (yc_sql_step (reset) != YC_SQL_DONE)
      {
        yc_db_error (error, self, "log-in");
        return NULL;
      }
  }

  yc_role_from_wire (role_text, &role);
  if (role == YC_ROLE_CLERK && window == 0)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "a clerk logs in at a window");
      return NULL;
    }
  if (role != YC_ROLE_CLERK && window != 0)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_ASSIGNED, "the back office and duty managers log in without a window");
      return NULL;
    }
  /* Sessions that have ended stand in nobody's way. */
  if (!yc_db_run (self, "DELETE FROM sessions WHERE expires < strftime ('%s', 'now')"
                        " OR idle_until < strftime ('%s', 'now')", error))
    return NULL;
  if (role == YC_ROLE_CLERK && !check_window (self, login->clerk, window, &window_name, error))
    return NULL;

  /* A clerk has one live session: logging in again (after a crash, at another window)
   * replaces the one before; a simulated colleague at the window leaves it. */
  {
    g_autoptr(YcSqlStmt) replace =
      yc_db_prepare (self, "DELETE FROM sessions WHERE clerk = ?1 OR (simulated != 0 AND window_id = ?2)", error);

    if (replace == NULL)
      return NULL;
    yc_sql_bind_text (replace, 1, login->clerk);
    yc_sql_bind_int64 (replace, 2, window);
    if (yc_sql_step (replace) != YC_SQL_DONE)
      {
        yc_db_error (error, self, "session");
        return NULL;
      }
  }

  token = new_token (self);
  token_hash = hash_token (token);
  now = yc_time_now_iso8601 ();
  if (!(insert = yc_db_prepare (self,
                                "INSERT INTO sessions (token_hash, clerk, role, window_id, address, created_at, expires,"
                                "                      idle_until)"
                                " VALUES (?, ?, ?, nullif (?, 0), ?, ?, ?, ?)", error)))
    return NULL;
  yc_sql_bind_text (insert, 1, token_hash);
  yc_sql_bind_text (insert, 2, login->clerk);
  yc_sql_bind_text (insert, 3, role_text);
  yc_sql_bind_int64 (insert, 4, window);
  yc_sql_bind_text (insert, 5, address);
  yc_sql_bind_text (insert, 6, now);
  yc_sql_bind_int64 (insert, 7, now_s + SESSION_HOURS * 3600);
  yc_sql_bind_int64 (insert, 8, now_s + self->session_idle);
  if (yc_sql_step (insert) != YC_SQL_DONE)
    {
      yc_db_error (error, self, "session");
      return NULL;
    }

  hall_name = yc_db_meta_value (self, "hall.name");
  documents_language = yc_db_meta_value (self, "hall.documents_language");
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, role_text);
  json_builder_set_member_name (builder, "clerk");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, login->clerk);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, clerk_name);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "window");
  if (window != 0)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, window);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, window_name);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "hall");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, hall_name);
  /* The language of the papers the desks print for citizens: what the centre writes,
   * Simplified, unless the hall says otherwise. */
  json_builder_set_member_name (builder, "documents_language");
  json_builder_add_string_value (builder, *documents_language != '\0' ? documents_language : "zh_CN");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "idle_seconds");
  json_builder_add_int_value (builder, self->session_idle);
  json_builder_set_member_name (builder, "services");
  if (window != 0)
    {
      if (!add_window_services (self, builder, window, error))
        return NULL;
    }
  else
    {
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  if (!yc_db_commit (&tx, error))
    return NULL;
  return json_builder_get_root (builder);
}

/* A session's idle time starts again at each request; written at most once a minute,
 * not at every request (each write waits for the disk). */
static void
touch_session (YcServerDb *self,
               const char *token_hash,
               gint64      idle_until)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  gint64 wanted = now_seconds () + self->session_idle;

  if (wanted - idle_until < 60)
    return;
  if (!(stmt = yc_db_prepare (self, "UPDATE sessions SET idle_until = ? WHERE token_hash = ?", NULL)))
    return;
  yc_sql_bind_int64 (stmt, 1, wanted);
  yc_sql_bind_text (stmt, 2, token_hash);
  yc_sql_step (stmt);
}

gboolean
yc_server_db_authenticate (YcServerDb      *self,
                           const char      *token,
                           YcServerCaller  *caller)
{
  g_autoptr(YcSqlStmt) session = NULL;
  g_autoptr(YcSqlStmt) device = NULL;
  g_autofree char *token_hash = NULL;

  if (token == NULL || *token == '\0' || strlen (token) > 256)
    return FALSE;
  {
    const char *dot = strchr (token, '.');
    g_autofree char *hall = dot != NULL ? g_strndup (token, (gsize) (dot - token)) : NULL;

    if (!yc_server_db_use_hall (self, hall))
      return FALSE;
    caller->hall = g_strdup (yc_server_db_hall (self));
  }
  token_hash = hash_token (token);

  if (!(session = yc_db_prepare (self,
                                 "SELECT clerk, role, coalesce (window_id, 0), idle_until FROM sessions s"
                                 " WHERE token_hash = ? AND " YC_DB_LIVE_SESSION, NULL)))
    return FALSE;
  yc_sql_bind_text (session, 1, token_hash);
  if (yc_sql_step (session) == YC_SQL_ROW)
    {
      if (!yc_role_from_wire ((const char *) yc_sql_column_text (session, 1), &caller->role))
        return FALSE;
      caller->id = g_strdup ((const char *) yc_sql_column_text (session, 0));
      caller->window = yc_sql_column_int64 (session, 2);
      gint64 idle_until = yc_sql_column_int64 (session, 3);
      yc_db_release (g_steal_pointer (&session));
      touch_session (self, token_hash, idle_until);
      return TRUE;
    }

  if (!(device = yc_db_prepare (self, "SELECT name, role, coalesce (window_id, 0), zone FROM devices"
                                      " WHERE token_hash = ?", NULL)))
    return FALSE;
  yc_sql_bind_text (device, 1, token_hash);
  if (yc_sql_step (device) != YC_SQL_ROW ||
      !yc_role_from_wire ((const char *) yc_sql_column_text (device, 1), &caller->role))
    return FALSE;
  caller->id = g_strdup ((const char *) yc_sql_column_text (device, 0));
  caller->window = yc_sql_column_int64 (device, 2);
  caller->zone = g_strdup ((const char *) yc_sql_column_text (device, 3));
  return TRUE;
}

gboolean
yc_server_db_logout (YcServerDb *self,
                     const char *token)
{
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, "DELETE FROM sessions WHERE token_hash = ?", NULL);
  g_autofree char *token_hash = token ? hash_token (token) : NULL;

  if (stmt == NULL || token_hash == NULL)
    return FALSE;
  yc_sql_bind_text (stmt, 1, token_hash);
  return yc_sql_step (stmt) == YC_SQL_DONE && yc_sql_changes (self->db) == 1;
}

gboolean
yc_server_db_end_session (YcServerDb  *self,
                          const char  *clerk,
                          GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, "DELETE FROM sessions WHERE clerk = ?", error);

  if (stmt == NULL)
    return FALSE;
  yc_sql_bind_text (stmt, 1, clerk);
  if (yc_sql_step (stmt) != YC_SQL_DONE)
    return yc_db_error (error, self, "session");
  if (yc_sql_changes (self->db) == 0)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "%s has no session", clerk);
      return FALSE;
    }
  return TRUE;
}

char *
yc_server_db_window_clerk (YcServerDb *self,
                           gint64      window)
{
  g_autoptr(YcSqlStmt) stmt =
    yc_db_prepare (self, "SELECT clerk FROM sessions s WHERE window_id = ? AND s.simulated = 0 AND "
                         YC_DB_LIVE_SESSION, NULL);

  if (stmt == NULL)
    return NULL;
  yc_sql_bind_int64 (stmt, 1, window);
  return yc_sql_step (stmt) == YC_SQL_ROW ? g_strdup ((const char *) yc_sql_column_text (stmt, 0)) : NULL;
}

gboolean
yc_server_db_window_is_staffed (YcServerDb *self,
                                gint64      window)
{
  g_autofree char *clerk = yc_server_db_window_clerk (self, window);

  return clerk != NULL;
}

/* The simulator's colleagues */

char *
yc_server_db_seat_colleague (YcServerDb  *self,
                             gint64       window,
                             GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autoptr(YcSqlStmt) sitting = NULL;
  g_autoptr(YcSqlStmt) free_clerk = NULL;
  g_autoptr(YcSqlStmt) insert = NULL;
  g_autofree char *clerk = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *now = NULL;
  gint64 now_s = now_seconds ();

  if (!yc_db_begin (self, &tx, error))
    return NULL;
  if (!(sitting = yc_db_prepare (self, "SELECT clerk, simulated FROM sessions s WHERE window_id = ? AND "
                                       YC_DB_LIVE_SESSION, error)))
    return NULL;
  yc_sql_bind_int64 (sitting, 1, window);
  if (yc_sql_step (sitting) == YC_SQL_ROW)
    {
      g_autoptr(YcSqlStmt) touch = NULL;

      /* A person: the window is theirs. */
      if (!yc_sql_column_int64 (sitting, 1))
        return NULL;
      clerk = g_strdup ((const char *) yc_sql_column_text (sitting, 0));
      yc_db_release (g_steal_pointer (&sitting));
      /* The colleague is still there: their session does not idle away (at its end of
       * day, the next call seats them again). */
      if (!(touch = yc_db_prepare (self, "UPDATE sessions SET idle_until = ? WHERE clerk = ? AND simulated != 0", error)))
        return NULL;
      yc_sql_bind_int64 (touch, 1, now_s + self->session_idle);
      yc_sql_bind_text (touch, 2, clerk);
      if (yc_sql_step (touch) != YC_SQL_DONE)
        {
          yc_db_error (error, self, "session");
          return NULL;
        }
      if (!yc_db_commit (&tx, error))
        return NULL;
      return g_steal_pointer (&clerk);
    }
  yc_db_release (g_steal_pointer (&sitting));

  /* Sessions that have ended stand in nobody's way (as at a log-in). */
  if (!yc_db_run (self, "DELETE FROM sessions WHERE expires < strftime ('%s', 'now')"
                        " OR idle_until < strftime ('%s', 'now')", error))
    return NULL;
  /* A clerk the hall assigns to the window who is not logged in anywhere. */
  if (!(free_clerk = yc_db_prepare (self,
                                    "SELECT cw.clerk FROM clerk_windows cw JOIN clerks c ON c.id = cw.clerk"
                                    " WHERE cw.window_id = ? AND c.role = 'clerk'"
                                    "   AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.clerk = cw.clerk)"
                                    " ORDER BY cw.clerk LIMIT 1", error)))
    return NULL;
  yc_sql_bind_int64 (free_clerk, 1, window);
  if (yc_sql_step (free_clerk) != YC_SQL_ROW)
    return NULL;
  clerk = g_strdup ((const char *) yc_sql_column_text (free_clerk, 0));
  yc_db_release (g_steal_pointer (&free_clerk));

  /* A token nobody is told: the session only says who is at the window. */
  token = new_token (self);
  token_hash = hash_token (token);
  now = yc_time_now_iso8601 ();
  if (!(insert = yc_db_prepare (self,
                                "INSERT INTO sessions (token_hash, clerk, role, window_id, address, created_at, expires,"
                                "                      idle_until, simulated)"
                                " VALUES (?, ?, 'clerk', ?, NULL, ?, ?, ?, 1)", error)))
    return NULL;
  yc_sql_bind_text (insert, 1, token_hash);
  yc_sql_bind_text (insert, 2, clerk);
  yc_sql_bind_int64 (insert, 3, window);
  yc_sql_bind_text (insert, 4, now);
  yc_sql_bind_int64 (insert, 5, now_s + SESSION_HOURS * 3600);
  yc_sql_bind_int64 (insert, 6, now_s + self->session_idle);
  if (yc_sql_step (insert) != YC_SQL_DONE)
    {
      yc_db_error (error, self, "session");
      return NULL;
    }
  if (!yc_db_commit (&tx, error))
    return NULL;
  return g_steal_pointer (&clerk);
}

gboolean
yc_server_db_unseat_colleagues (YcServerDb  *self,
                                GError     **error)
{
  return yc_db_run (self, "DELETE FROM sessions WHERE simulated != 0", error);
}

gboolean
yc_server_db_mark_once (YcServerDb  *self,
                        const char  *key,
                        GError     **error)
{
  g_autoptr(YcSqlStmt) stmt =
    yc_db_prepare (self, "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", error);
  g_autofree char *now = yc_time_now_iso8601 ();

  if (stmt == NULL)
    return FALSE;
  yc_sql_bind_text (stmt, 1, key);
  yc_sql_bind_text (stmt, 2, now);
  if (yc_sql_step (stmt) != YC_SQL_DONE)
    return yc_db_error (error, self, "meta");
  return yc_sql_changes (self->db) == 1;
}

/* Devices */

char *
yc_server_db_add_device (YcServerDb  *self,
                         const char  *name,
                         YcRole       role,
                         gint64       window,
                         const char  *zone,
                         GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();

  if (name == NULL || *name == '\0' || g_utf8_strlen (name, -1) > 64)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "a device needs a name of 1 to 64 characters");
      return NULL;
    }
  if (role != YC_ROLE_KIOSK && role != YC_ROLE_RATING_PAD && role != YC_ROLE_DISPLAY)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "a device is a kiosk, a rating-pad or a display");
      return NULL;
    }
  if (role == YC_ROLE_RATING_PAD && window == 0 && (zone == NULL || *zone == '\0'))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "a rating pad belongs to a window or a zone");
      return NULL;
    }
  if (window != 0 && !yc_db_exists (self, "SELECT 1 FROM windows WHERE id = ?", NULL, window))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "there is no window %" G_GINT64_FORMAT, window);
      return NULL;
    }

  token = new_token (self);
  token_hash = hash_token (token);
  if (!(stmt = yc_db_prepare (self, "INSERT INTO devices (name, role, window_id, zone, token_hash, created_at)"
                                    " VALUES (?, ?, nullif (?, 0), ?, ?, ?)", error)))
    return NULL;
  yc_sql_bind_text (stmt, 1, name);
  yc_sql_bind_text (stmt, 2, yc_role_to_wire (role));
  yc_sql_bind_int64 (stmt, 3, window);
  yc_sql_bind_text (stmt, 4, zone != NULL && *zone != '\0' ? zone : NULL);
  yc_sql_bind_text (stmt, 5, token_hash);
  yc_sql_bind_text (stmt, 6, now);
  if (yc_sql_step (stmt) != YC_SQL_DONE)
    {
      if (yc_sql_failure (self->db) == YC_SQL_UNIQUE)
        {
          g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "there is a device named “%s” already", name);
          return NULL;
        }
      yc_db_error (error, self, "device");
      return NULL;
    }
  return g_steal_pointer (&token);
}
