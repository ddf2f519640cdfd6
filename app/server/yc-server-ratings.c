/* yc-server-ratings.c: 好差评: a finished visit rated once, by the rating pad of its
 * window or zone; a bad rating becomes the clerk's follow-up task (差评整改). */
#include "yc-server-db-private.h"

#include "core/yc-error.h"
#include "core/yc-time.h"

/* How long after a visit its rating pad may rate it. */
#define RATING_SECONDS (30 * 60)

const char *const yc_db_rating_levels[] = {
  "very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied", NULL,
};

gboolean
yc_db_rating_is_bad (const char *level)
{
  return g_strcmp0 (level, "dissatisfied") == 0 || g_strcmp0 (level, "very_dissatisfied") == 0;
}

JsonNode *
yc_server_db_rate (YcServerDb            *self,
                   gint64                 ticket,
                   const char            *level,
                   const char            *comment,
                   const YcServerCaller  *pad,
                   GError               **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autoptr(YcSqlStmt) find = NULL;
  g_autoptr(YcSqlStmt) insert = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();
  g_autofree char *clerk = NULL;
  g_autofree char *number = NULL;
  JsonObject *object;
  JsonNode *answer;
  gint64 window = 0;

  if (level == NULL || !g_strv_contains (yc_db_rating_levels, level) ||
      (comment != NULL && g_utf8_strlen (comment, -1) > 500))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST,
                   "level must be very_satisfied, satisfied, neutral, dissatisfied or very_dissatisfied;"
                   " a comment at most 500 characters");
      return NULL;
    }

  if (!yc_db_begin (self, &tx, error))
    return NULL;
  if (!(find = yc_db_find_ticket (self, ticket,
                                  "state, clerk, coalesce (window_id, 0), number, finished_at,"
                                  " (SELECT zone FROM windows WHERE id = tickets.window_id)", error)))
    return NULL;
  if (!g_str_equal ((const char *) yc_sql_column_text (find, 0), "finished"))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "a visit is rated once it is finished");
      return NULL;
    }
  /* A rating pad rates the visits of its window (or its zone), as the citizen leaves. */
  if (pad != NULL)
    {
      const char *zone = (const char *) yc_sql_column_text (find, 5);

      if (pad->window != 0 ? pad->window != yc_sql_column_int64 (find, 2)
                           : pad->zone == NULL || g_strcmp0 (pad->zone, zone) != 0)
        {
          g_set_error (error, YC_ERROR, YC_ERROR_FORBIDDEN, "this rating pad is not at the visit's window");
          return NULL;
        }
      if (yc_time_seconds_since ((const char *) yc_sql_column_text (find, 4)) > RATING_SECONDS)
        {
          g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "a visit is rated within %d minutes of its end",
                       RATING_SECONDS / 60);
          return NULL;
        }
    }
  clerk = g_strdup ((const char *) yc_sql_column_text (find, 1));
  window = yc_sql_column_int64 (find, 2);
  number = g_strdup ((const char *) yc_sql_column_text (find, 3));

  if (!(insert = yc_db_prepare (self,
                                "INSERT INTO ratings (ticket_id, level, comment, clerk, window_id, rated_at)"
                                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ticket_id) DO NOTHING", error)))
    return NULL;
  yc_sql_bind_int64 (insert, 1, ticket);
  yc_sql_bind_text (insert, 2, level);
  yc_sql_bind_text (insert, 3, comment);
  yc_sql_bind_text (insert, 4, clerk);
  yc_sql_bind_int64 (insert, 5, window);
  yc_sql_bind_text (insert, 6, now);
  if (yc_sql_step (insert) != YC_SQL_DONE)
    {
      yc_db_error (error, self, "rating");
      return NULL;
    }
  if (yc_sql_changes (self->db) == 0)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "this visit has been rated already");
      return NULL;
    }

  object = json_object_new ();
  json_object_set_int_member (object, "ticket_id", ticket);
  json_object_set_string_member (object, "number", number);
  json_object_set_string_member (object, "level", level);
  json_object_set_int_member (object, "window", window);
  if (clerk != NULL)
    json_object_set_string_member (object, "clerk", clerk);
  else
    json_object_set_null_member (object, "clerk");
  json_object_set_string_member (object, "rated_at", now);
  json_object_set_null_member (object, "follow_up");

  /* A bad rating is the clerk's to follow up within 15 working days (差评整改): a task,
   * named by the visit's number, with what the citizen said. */
  if (yc_db_rating_is_bad (level))
    {
      gint64 task;
      g_autofree char *finish_by = NULL;
      JsonObject *follow_up;

      if (!yc_db_insert_task (self, "bad_rating", number, comment, clerk, 0, NULL, ticket, NULL, NULL, NULL, &task,
                              &finish_by, error) ||
          !yc_db_add_task_event (self, "task.assigned", task, error))
        {
          json_object_unref (object);
          return NULL;
        }
      follow_up = json_object_new ();
      json_object_set_int_member (follow_up, "id", task);
      json_object_set_string_member (follow_up, "kind", "bad_rating");
      json_object_set_string_member (follow_up, "finish_by", finish_by);
      json_object_set_object_member (object, "follow_up", follow_up);
    }

  answer = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  if (!yc_db_add_event (self, "rating.received", answer, error) || !yc_db_commit (&tx, error))
    {
      json_node_unref (answer);
      return NULL;
    }
  return answer;
}

