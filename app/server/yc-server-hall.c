/* yc-server-hall.c: what the hall looks like, read and never written: its queues and
 * how many wait, the calling screen's latest calls, a clerk's day and the hall's day
 * for its duty manager. */
#include "yc-server-db-private.h"

#include "core/yc-error.h"
#include "core/yc-time.h"

/* The average wait, in seconds, of the tickets a query reads: from issue to the call
 * (the latest, for one called again after a return or a transfer) of every ticket
 * called, whatever came of it since (served, parked, a no-show, at the window now): a
 * citizen's wait ends when they are called. Walk-ins never waited. The hall's day and a
 * clerk's both count it so. Times are kept in the server's offset, so julianday() reads
 * them as they are. */
#define AVERAGE_WAIT_SQL \
  "avg ((julianday (called_at) - julianday (issued_at)) * 86400) FILTER (WHERE called_at IS NOT NULL AND walk_in = 0)"

/* The average in column of stmt as whole seconds, rounded; null before there is one. */
static void
set_average (JsonObject   *object,
             const char   *member,
             YcSqlStmt *stmt,
             int           column)
{
  if (yc_sql_column_type (stmt, column) == YC_SQL_NULL)
    json_object_set_null_member (object, member);
  else
    json_object_set_int_member (object, member, (gint64) (yc_sql_column_double (stmt, column) + 0.5));
}

/* A clerk's day so far: {"day", "served", "no_shows", "walk_ins", "average_wait_seconds",
 * "average_service_seconds", "ratings": {level: count}, "bad_ratings"}. */
JsonNode *
yc_server_db_clerk_day (YcServerDb  *self,
                        const char  *clerk,
                        GError     **error)
{
  g_autoptr(YcSqlStmt) visits = NULL;
  g_autoptr(YcSqlStmt) ratings = NULL;
  g_autofree char *day = yc_time_today ();
  JsonObject *object, *by_level;
  JsonNode *node;
  gint64 bad = 0;

  if (!(visits = yc_db_prepare (self,
                                "SELECT count (*) FILTER (WHERE state = 'finished'),"
                                "       count (*) FILTER (WHERE state = 'no_show'),"
                                "       count (*) FILTER (WHERE state = 'finished' AND walk_in != 0),"
                                "       " AVERAGE_WAIT_SQL ","
                                "       avg ((julianday (finished_at) - julianday (called_at)) * 86400)"
                                "         FILTER (WHERE state = 'finished')"
                                " FROM tickets WHERE day = ?1 AND clerk = ?2", error)) ||
      !(ratings = yc_db_prepare (self,
                                 "SELECT r.level, count (*) FROM ratings r JOIN tickets t ON t.id = r.ticket_id"
                                 " WHERE t.day = ?1 AND r.clerk = ?2 GROUP BY r.level", error)))
    return NULL;
  yc_sql_bind_text (visits, 1, day);
  yc_sql_bind_text (visits, 2, clerk);
  if (yc_sql_step (visits) != YC_SQL_ROW)
    {
      yc_db_error (error, self, "day");
      return NULL;
    }
  object = json_object_new ();
  json_object_set_string_member (object, "day", day);
  json_object_set_int_member (object, "served", yc_sql_column_int64 (visits, 0));
  json_object_set_int_member (object, "no_shows", yc_sql_column_int64 (visits, 1));
  json_object_set_int_member (object, "walk_ins", yc_sql_column_int64 (visits, 2));
  set_average (object, "average_wait_seconds", visits, 3);
  set_average (object, "average_service_seconds", visits, 4);

  by_level = json_object_new ();
  for (guint i = 0; yc_db_rating_levels[i] != NULL; i++)
    json_object_set_int_member (by_level, yc_db_rating_levels[i], 0);
  yc_sql_bind_text (ratings, 1, day);
  yc_sql_bind_text (ratings, 2, clerk);
  while (yc_sql_step (ratings) == YC_SQL_ROW)
    {
      const char *level = (const char *) yc_sql_column_text (ratings, 0);
      gint64 count = yc_sql_column_int64 (ratings, 1);

      json_object_set_int_member (by_level, level, count);
      if (yc_db_rating_is_bad (level))
        bad += count;
    }
  json_object_set_object_member (object, "ratings", by_level);
  json_object_set_int_member (object, "bad_ratings", bad);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

/* The hall's calling screen */

static void
add_call (JsonArray    *calls,
          YcSqlStmt *stmt)
{
  JsonObject *call = json_object_new ();

  json_object_set_string_member (call, "number", (const char *) yc_sql_column_text (stmt, 0));
  json_object_set_int_member (call, "window", yc_sql_column_int64 (stmt, 1));
  json_object_set_string_member (call, "window_name", (const char *) yc_sql_column_text (stmt, 2));
  json_object_set_string_member (call, "zone", (const char *) yc_sql_column_text (stmt, 3));
  json_object_set_string_member (call, "at", (const char *) yc_sql_column_text (stmt, 4));
  json_array_add_object_element (calls, call);
}

JsonNode *
yc_server_db_recent_calls (YcServerDb  *self,
                           const char  *zone,
                           guint        limit,
                           GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autofree char *day = yc_time_today ();
  g_autofree char *hall = yc_db_meta_value (self, "hall.name");
  JsonObject *object = json_object_new ();
  JsonArray *calls = json_array_new ();
  JsonNode *node;
  int rc;

  /* Today's tickets at a window, by their last call, newest first; no names, no IDs. */
  if (!(stmt = yc_db_prepare (self,
                              "SELECT t.number, w.id, w.name, w.zone, t.recalled_at FROM tickets t"
                              " JOIN windows w ON w.id = t.window_id"
                              " WHERE t.day = ?1 AND t.recalled_at IS NOT NULL AND (?2 = '' OR w.zone = ?2)"
                              " ORDER BY t.recalled_at DESC, t.id DESC LIMIT ?3", error)))
    {
      json_object_unref (object);
      json_array_unref (calls);
      return NULL;
    }
  yc_sql_bind_text (stmt, 1, day);
  yc_sql_bind_text (stmt, 2, zone ? zone : "");
  yc_sql_bind_int64 (stmt, 3, limit);
  while ((rc = yc_sql_step (stmt)) == YC_SQL_ROW)
    add_call (calls, stmt);
  json_object_set_string_member (object, "hall", hall);
  json_object_set_string_member (object, "zone", zone ? zone : "");
  json_object_set_array_member (object, "calls", calls);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  if (rc != YC_SQL_DONE)
    {
      json_node_unref (node);
      yc_db_error (error, self, "calls");
      return NULL;
    }
  return node;
}

JsonNode *
yc_server_db_call_of_ticket (YcServerDb *self,
                             gint64      ticket)
{
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self,
                                                "SELECT t.number, w.id, w.name, w.zone, t.recalled_at FROM tickets t"
                                                " JOIN windows w ON w.id = t.window_id"
                                                " WHERE t.id = ? AND t.recalled_at IS NOT NULL", NULL);
  g_autoptr(JsonArray) calls = json_array_new ();

  if (stmt == NULL)
    return NULL;
  yc_sql_bind_int64 (stmt, 1, ticket);
  if (yc_sql_step (stmt) != YC_SQL_ROW)
    return NULL;
  add_call (calls, stmt);
  return json_node_copy (json_array_get_element (calls, 0));
}
JsonNode *
yc_server_db_queues (YcServerDb  *self,
                     GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  int rc;

  if (!(stmt = yc_db_prepare (self,
                              "SELECT s.letter, s.name,"
                              "  coalesce ((SELECT q.waiting FROM queue_waiting q WHERE q.service = s.letter), 0),"
                              /* +s.letter: compared without the column's affinity, so that the
                               * index on the expression serves. */
                              "  (SELECT min (t.issued_at) FROM tickets t INDEXED BY tickets_queue"
                              "    WHERE t.state = 'waiting' AND coalesce (t.queue_service, t.service) = +s.letter)"
                              " FROM services s ORDER BY s.letter", error)))
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "queues");
  json_builder_begin_array (builder);
  while ((rc = yc_sql_step (stmt)) == YC_SQL_ROW)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "letter");
      json_builder_add_string_value (builder, (const char *) yc_sql_column_text (stmt, 0));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, (const char *) yc_sql_column_text (stmt, 1));
      json_builder_set_member_name (builder, "waiting");
      json_builder_add_int_value (builder, yc_sql_column_int64 (stmt, 2));
      /* Since when the one who has waited longest waits. */
      if (yc_sql_column_type (stmt, 3) != YC_SQL_NULL)
        {
          json_builder_set_member_name (builder, "waiting_since");
          json_builder_add_string_value (builder, (const char *) yc_sql_column_text (stmt, 3));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (rc != YC_SQL_DONE)
    {
      yc_db_error (error, self, "queues");
      return NULL;
    }
  return json_builder_get_root (builder);
}

guint
yc_server_db_count_waiting (YcServerDb *self)
{
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, "SELECT count(*) FROM tickets WHERE state = 'waiting'", NULL);

  if (stmt == NULL || yc_sql_step (stmt) != YC_SQL_ROW)
    return 0;
  return (guint) yc_sql_column_int64 (stmt, 0);
}
GStrv
yc_server_db_service_letters (YcServerDb *self)
{
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, "SELECT letter FROM services ORDER BY letter", NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  while (stmt != NULL && yc_sql_step (stmt) == YC_SQL_ROW)
    g_strv_builder_add (builder, (const char *) yc_sql_column_text (stmt, 0));
  return g_strv_builder_end (builder);
}

/* The hall's day so far, for its duty manager: {"day", "issued", "served", "no_shows",
 * "waiting", "average_wait_seconds", "queues": [...], "windows": [...]}. */
JsonNode *
yc_server_db_hall_today (YcServerDb  *self,
                         GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autoptr(YcSqlStmt) day_stmt = NULL;
  g_autoptr(JsonNode) queues = NULL;
  g_autoptr(JsonNode) windows = NULL;
  g_autofree char *day = yc_time_today ();
  JsonObject *object;
  JsonNode *node, *list;
  gint64 waiting = 0;

  /* One snapshot: the day's counts, the queues and the windows of the same moment. */
  if (!yc_db_begin_read (self, &tx, error))
    return NULL;
  if (!(queues = yc_server_db_queues (self, error)) || !(windows = yc_server_db_windows (self, error)) ||
      !(day_stmt = yc_db_prepare (self,
                                  "SELECT count (*), count (*) FILTER (WHERE state = 'finished'),"
                                  "       count (*) FILTER (WHERE state = 'no_show'), " AVERAGE_WAIT_SQL
                                  " FROM tickets WHERE day = ?", error)))
    return NULL;
  yc_sql_bind_text (day_stmt, 1, day);
  if (yc_sql_step (day_stmt) != YC_SQL_ROW)
    {
      yc_db_error (error, self, "hall day");
      return NULL;
    }

  /* Waiting: whoever the queues hold, one left from an earlier day too, so that the
   * figure is the sum of the queues it comes with. */
  list = json_object_get_member (json_node_get_object (queues), "queues");
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    waiting += json_object_get_int_member (json_array_get_object_element (json_node_get_array (list), i), "waiting");

  object = json_object_new ();
  json_object_set_string_member (object, "day", day);
  json_object_set_int_member (object, "issued", yc_sql_column_int64 (day_stmt, 0));
  json_object_set_int_member (object, "served", yc_sql_column_int64 (day_stmt, 1));
  json_object_set_int_member (object, "no_shows", yc_sql_column_int64 (day_stmt, 2));
  json_object_set_int_member (object, "waiting", waiting);
  set_average (object, "average_wait_seconds", day_stmt, 3);
  yc_db_commit (&tx, NULL);
  json_object_set_member (object, "queues", json_node_copy (list));
  json_object_set_member (object, "windows",
                          json_node_copy (json_object_get_member (json_node_get_object (windows), "windows")));
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}
