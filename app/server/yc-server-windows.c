/* yc-server-windows.c: the hall's windows: each one's state (open, paused, closed),
 * whether it may call someone, who is at it and which tickets wait there, and the list
 * a transfer chooses from. */
#include "yc-server-db-private.h"

#include "core/yc-error.h"
#include "core/yc-time.h"

JsonNode *
yc_server_db_window_state (YcServerDb  *self,
                           gint64       window,
                           GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  JsonObject *object;
  JsonNode *node;

  if (!yc_db_exists (self, "SELECT 1 FROM windows WHERE id = ?", NULL, window))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no window %" G_GINT64_FORMAT, window);
      return NULL;
    }
  if (!(stmt = yc_db_prepare (self, "SELECT state, reason, since FROM window_states WHERE window_id = ?", error)))
    return NULL;
  yc_sql_bind_int64 (stmt, 1, window);
  object = json_object_new ();
  json_object_set_int_member (object, "window", window);
  if (yc_sql_step (stmt) == YC_SQL_ROW)
    {
      yc_db_set_text (object, "state", stmt, 0);
      yc_db_set_text (object, "reason", stmt, 1);
      yc_db_set_text (object, "since", stmt, 2);
    }
  else
    {
      json_object_set_string_member (object, "state", "open");
      json_object_set_null_member (object, "reason");
      json_object_set_null_member (object, "since");
    }
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

/* A paused or closed window gets no calls. */
gboolean
yc_db_window_is_open (YcServerDb  *self,
                      gint64       window,
                      GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  const char *name;
  int rc;

  if (!(stmt = yc_db_prepare (self,
                              "SELECT coalesce ((SELECT state FROM window_states WHERE window_id = w.id), 'open')"
                              " FROM windows w WHERE w.id = ?", error)))
    return FALSE;
  yc_sql_bind_int64 (stmt, 1, window);
  if ((rc = yc_sql_step (stmt)) != YC_SQL_ROW)
    {
      if (rc != YC_SQL_DONE)
        return yc_db_error (error, self, "window state");
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no window %" G_GINT64_FORMAT, window);
      return FALSE;
    }
  name = (const char *) yc_sql_column_text (stmt, 0);
  if (!g_str_equal (name, "open"))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "window %" G_GINT64_FORMAT " is %s: open it to call", window,
                   name);
      return FALSE;
    }
  return TRUE;
}

/* A window that may call someone new: open, and serving no one. */
gboolean
yc_db_window_is_free (YcServerDb  *self,
                      gint64       window,
                      GError     **error)
{
  if (yc_server_db_current_ticket (self, window, NULL) != 0)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "finish the ticket at window %" G_GINT64_FORMAT " first", window);
      return FALSE;
    }
  return yc_db_window_is_open (self, window, error);
}

static gboolean
has_tickets_at (YcServerDb *self,
                gint64      window)
{
  g_autoptr(YcSqlStmt) stmt =
    yc_db_prepare (self, "SELECT 1 FROM tickets WHERE window_id = ? AND state IN ('called', 'parked')", NULL);

  if (stmt == NULL)
    return FALSE;
  yc_sql_bind_int64 (stmt, 1, window);
  return yc_sql_step (stmt) == YC_SQL_ROW;
}

JsonNode *
yc_server_db_set_window_state (YcServerDb  *self,
                               gint64       window,
                               const char  *state,
                               const char  *reason,
                               GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  static const char *const states[] = { "open", "paused", "closed", NULL };
  static const char *const reasons[] = { "break", "meeting", "training", "system_fault", "other", NULL };
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();

  if (state == NULL || !g_strv_contains (states, state) || (reason != NULL && !g_strv_contains (reasons, reason)) ||
      g_str_equal (state, "paused") != (reason != NULL))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST,
                   "state must be open, paused (with a reason: break, meeting, training, system_fault, other) or closed");
      return NULL;
    }

  if (!yc_db_begin (self, &tx, error))
    return NULL;
  if (!yc_db_exists (self, "SELECT 1 FROM windows WHERE id = ?", NULL, window))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no window %" G_GINT64_FORMAT, window);
      return NULL;
    }
  /* Closing sends nobody away: the citizen at the window, and those parked there, are
   * finished (or returned, or transferred) first. */
  if (g_str_equal (state, "closed") && has_tickets_at (self, window))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT,
                   "finish the tickets called or parked at window %" G_GINT64_FORMAT " before closing it", window);
      return NULL;
    }
  if (!(stmt = yc_db_prepare (self,
                              "INSERT INTO window_states (window_id, state, reason, since) VALUES (?1, ?2, ?3, ?4)"
                              " ON CONFLICT (window_id) DO UPDATE SET state = ?2, reason = ?3,"
                              "   since = CASE WHEN window_states.state = ?2 AND window_states.reason IS ?3 THEN window_states.since ELSE ?4 END", error)))
    return NULL;
  yc_sql_bind_int64 (stmt, 1, window);
  yc_sql_bind_text (stmt, 2, state);
  yc_sql_bind_text (stmt, 3, reason);
  yc_sql_bind_text (stmt, 4, now);
  if (yc_sql_step (stmt) != YC_SQL_DONE)
    {
      yc_db_error (error, self, "window state");
      return NULL;
    }
  if (!(answer = yc_server_db_window_state (self, window, error)) ||
      !yc_db_add_event (self, "window.state", answer, error))
    return NULL;
  if (!yc_db_commit (&tx, error))
    return NULL;
  return g_steal_pointer (&answer);
}
/* Tickets of window in state, oldest first: {"tickets": [ticket …]}. */
JsonNode *
yc_server_db_window_tickets (YcServerDb  *self,
                             gint64       window,
                             const char  *state,
                             GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autoptr(JsonArray) tickets = json_array_new ();
  JsonObject *object;
  JsonNode *node;
  int rc;

  if (!(stmt = yc_db_prepare (self, "SELECT id FROM tickets WHERE window_id = ? AND state = ? ORDER BY parked_at, id", error)))
    return NULL;
  yc_sql_bind_int64 (stmt, 1, window);
  yc_sql_bind_text (stmt, 2, state);
  while ((rc = yc_sql_step (stmt)) == YC_SQL_ROW)
    {
      JsonNode *ticket = yc_db_ticket_json (self, yc_sql_column_int64 (stmt, 0), error);

      if (ticket == NULL)
        return NULL;
      json_array_add_element (tickets, ticket);
    }
  if (rc != YC_SQL_DONE)
    {
      yc_db_error (error, self, "tickets");
      return NULL;
    }
  object = json_object_new ();
  json_object_set_array_member (object, "tickets", g_steal_pointer (&tickets));
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

/* Every window, for a transfer: {"windows": [{"id", "name", "zone", "state", "clerk":
 * {"id", "name"} or null}]}, the clerk being the one logged in there. */
JsonNode *
yc_server_db_windows (YcServerDb  *self,
                      GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int rc;

  if (!(stmt = yc_db_prepare (self,
                              "SELECT w.id, w.name, w.zone, coalesce (st.state, 'open'), c.id, c.name FROM windows w"
                              " LEFT JOIN window_states st ON st.window_id = w.id"
                              " LEFT JOIN clerks c ON c.id = (SELECT s.clerk FROM sessions s WHERE s.window_id = w.id"
                              "   AND " YC_DB_LIVE_SESSION ")"
                              " ORDER BY w.id", error)))
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "windows");
  json_builder_begin_array (builder);
  while ((rc = yc_sql_step (stmt)) == YC_SQL_ROW)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, yc_sql_column_int64 (stmt, 0));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, (const char *) yc_sql_column_text (stmt, 1));
      json_builder_set_member_name (builder, "zone");
      json_builder_add_string_value (builder, (const char *) yc_sql_column_text (stmt, 2));
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, (const char *) yc_sql_column_text (stmt, 3));
      json_builder_set_member_name (builder, "clerk");
      if (yc_sql_column_type (stmt, 4) == YC_SQL_NULL)
        json_builder_add_null_value (builder);
      else
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, (const char *) yc_sql_column_text (stmt, 4));
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, (const char *) yc_sql_column_text (stmt, 5));
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (rc != YC_SQL_DONE)
    {
      yc_db_error (error, self, "windows");
      return NULL;
    }
  return json_builder_get_root (builder);
}
GPtrArray *
yc_server_db_window_ids (YcServerDb *self)
{
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, "SELECT id FROM windows ORDER BY id", NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  while (stmt != NULL && yc_sql_step (stmt) == YC_SQL_ROW)
    {
      gint64 *id = g_new (gint64, 1);
      *id = yc_sql_column_int64 (stmt, 0);
      g_ptr_array_add (ids, id);
    }
  return ids;
}
/* Only the ticket called there: a parked citizen has left the window (to fetch a paper)
 * and is not there to be looked up until called back. A window calls one ticket at a
 * time, so there is one number or none. */
gint64
yc_server_db_current_ticket (YcServerDb  *self,
                             gint64       window,
                             char       **called_at)
{
  g_autoptr(YcSqlStmt) stmt =
    yc_db_prepare (self, "SELECT id, called_at FROM tickets WHERE window_id = ? AND state = 'called'"
                         " ORDER BY called_at DESC LIMIT 1", NULL);

  if (stmt == NULL)
    return 0;
  yc_sql_bind_int64 (stmt, 1, window);
  if (yc_sql_step (stmt) != YC_SQL_ROW)
    return 0;
  if (called_at != NULL)
    *called_at = g_strdup ((const char *) yc_sql_column_text (stmt, 1));
  return yc_sql_column_int64 (stmt, 0);
}

char *
yc_server_db_window_citizen (YcServerDb *self,
                             gint64      window)
{
  g_autoptr(YcSqlStmt) stmt =
    yc_db_prepare (self, "SELECT number FROM tickets WHERE window_id = ? AND state = 'called'", NULL);

  if (stmt == NULL || window == 0)
    return NULL;
  yc_sql_bind_int64 (stmt, 1, window);
  return yc_sql_step (stmt) == YC_SQL_ROW ? g_strdup ((const char *) yc_sql_column_text (stmt, 0)) : NULL;
}
