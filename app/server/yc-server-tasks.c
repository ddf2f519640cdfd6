/* yc-server-tasks.c: what the centre assigns (docs/api.md, "Tasks"): made, listed,
 * claimed, released, completed, and escalated as their deadlines pass (三单一函). */
#include "yc-server-db-private.h"

#include "core/yc-error.h"
#include "core/yc-task.h"
#include "core/yc-time.h"
#include "core/yc-wire.h"

#include <string.h>

/* Tasks (docs/api.md, "Tasks") */

#define TASK_COLUMNS \
  "id, kind, title, detail, clerk, window_id, zone, claimed_by, ticket_id, case_number, created_at, respond_by," \
  " finish_by, state, escalation, result, done_at, done_by," \
  " (SELECT number FROM tickets WHERE tickets.id = tasks.ticket_id)"

/* The task on the row of a statement selecting TASK_COLUMNS. */
static JsonNode *
task_row_json (YcSqlStmt *stmt)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;
  gint64 level = yc_sql_column_int64 (stmt, 14);

  json_object_set_int_member (object, "id", yc_sql_column_int64 (stmt, 0));
  yc_db_set_text (object, "kind", stmt, 1);
  yc_db_set_text (object, "title", stmt, 2);
  yc_db_set_text (object, "detail", stmt, 3);
  yc_db_set_text (object, "clerk", stmt, 4);
  if (yc_sql_column_type (stmt, 5) == YC_SQL_NULL)
    json_object_set_null_member (object, "window");
  else
    json_object_set_int_member (object, "window", yc_sql_column_int64 (stmt, 5));
  yc_db_set_text (object, "zone", stmt, 6);
  yc_db_set_text (object, "claimed_by", stmt, 7);
  if (yc_sql_column_type (stmt, 8) == YC_SQL_NULL)
    json_object_set_null_member (object, "ticket");
  else
    {
      JsonObject *ticket = json_object_new ();

      json_object_set_int_member (ticket, "id", yc_sql_column_int64 (stmt, 8));
      yc_db_set_text (ticket, "number", stmt, 18);
      json_object_set_object_member (object, "ticket", ticket);
    }
  yc_db_set_text (object, "case_number", stmt, 9);
  yc_db_set_text (object, "created_at", stmt, 10);
  yc_db_set_text (object, "respond_by", stmt, 11);
  yc_db_set_text (object, "finish_by", stmt, 12);
  yc_db_set_text (object, "state", stmt, 13);
  json_object_set_string_member (object, "escalation",
                                 yc_escalation_to_string ((YcEscalation) CLAMP (level, 0, YC_ESCALATION_ACCOUNTABILITY)));
  yc_db_set_text (object, "result", stmt, 15);
  yc_db_set_text (object, "done_at", stmt, 16);
  yc_db_set_text (object, "done_by", stmt, 17);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

JsonNode *
yc_db_task_json (YcServerDb  *self,
                 gint64       id,
                 GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, "SELECT " TASK_COLUMNS " FROM tasks WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  yc_sql_bind_int64 (stmt, 1, id);
  if (yc_sql_step (stmt) != YC_SQL_ROW)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no task %" G_GINT64_FORMAT, id);
      return NULL;
    }
  return task_row_json (stmt);
}

/* "task.assigned", "task.claimed", "task.released", "task.done", "task.escalated": the
 * task as it is now, without its detail and result. */
gboolean
yc_db_add_task_event (YcServerDb  *self,
                      const char  *kind,
                      gint64       task,
                      GError     **error)
{
  g_autoptr(JsonNode) node = yc_db_task_json (self, task, error);
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;

  if (node == NULL)
    return FALSE;
  /* Every desk of the hall hears the stream: what a citizen said, and the answer, are
   * read by those the task is for (GET /tasks). */
  json_object_remove_member (json_node_get_object (node), "detail");
  json_object_remove_member (json_node_get_object (node), "result");
  object = json_object_new ();
  json_object_set_member (object, "task", g_steal_pointer (&node));
  body = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return yc_db_add_event (self, kind, body, error);
}

/* A new task in the transaction under way, for clerk, window (not 0) or zone; the
 * deadlines the kind's unless given (YYYY-MM-DD, checked). Sets *id, and *finished_by
 * (may be NULL) to the end it was given. */
gboolean
yc_db_insert_task (YcServerDb  *self,
                   const char  *kind,
                   const char  *title,
                   const char  *detail,
                   const char  *clerk,
                   gint64       window,
                   const char  *zone,
                   gint64       ticket,
                   const char  *case_number,
                   const char  *respond_by,
                   const char  *finish_by,
                   gint64      *id,
                   char       **finished_by,
                   GError     **error)
{
  g_autoptr(YcWorkCalendar) calendar = yc_db_work_calendar (self);
  g_autoptr(YcSqlStmt) insert = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();
  g_autofree char *respond_text = NULL;
  g_autofree char *finish_text = NULL;
  GDate today, respond, finish, given;

  yc_time_local_date (&today);
  yc_task_deadlines (calendar, kind, &today, &respond, &finish);
  if (finish_by != NULL)
    {
      yc_time_parse_date (finish_by, &finish);
      /* An earlier end brings the answer forward with it. */
      if (g_date_compare (&respond, &finish) > 0)
        respond = finish;
    }
  if (respond_by != NULL && yc_time_parse_date (respond_by, &given))
    respond = given;
  respond_text = yc_time_format_date (&respond);
  finish_text = yc_time_format_date (&finish);

  if (!(insert = yc_db_prepare (self,
                                "INSERT INTO tasks (kind, title, detail, clerk, window_id, zone, ticket_id, case_number,"
                                "                   created_at, respond_by, finish_by)"
                                " VALUES (?, ?, ?, ?, nullif (?, 0), ?, nullif (?, 0), ?, ?, ?, ?)", error)))
    return FALSE;
  yc_sql_bind_text (insert, 1, kind);
  yc_sql_bind_text (insert, 2, title);
  yc_sql_bind_text (insert, 3, detail);
  yc_sql_bind_text (insert, 4, clerk);
  yc_sql_bind_int64 (insert, 5, window);
  yc_sql_bind_text (insert, 6, zone);
  yc_sql_bind_int64 (insert, 7, ticket);
  yc_sql_bind_text (insert, 8, case_number);
  yc_sql_bind_text (insert, 9, now);
  yc_sql_bind_text (insert, 10, respond_text);
  yc_sql_bind_text (insert, 11, finish_text);
  if (yc_sql_step (insert) != YC_SQL_DONE)
    return yc_db_error (error, self, "task");
  *id = yc_sql_last_insert_id (self->db);
  if (finished_by != NULL)
    *finished_by = g_steal_pointer (&finish_text);
  return TRUE;
}

/* An optional whole number member: FALSE (and error) if there but not a number. */
static gboolean
optional_int (JsonObject  *object,
              const char  *member,
              gint64      *value,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) <= 0)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "%s must be a whole number above 0", member);
      return FALSE;
    }
  *value = json_node_get_int (node);
  return TRUE;
}

JsonNode *
yc_server_db_create_task (YcServerDb  *self,
                          JsonObject  *body,
                          GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  const char *kind = yc_json_optional_string (body, "kind");
  const char *title = yc_json_optional_string (body, "title");
  const char *detail = yc_json_optional_string (body, "detail");
  const char *clerk = yc_json_optional_string (body, "clerk");
  const char *zone = yc_json_optional_string (body, "zone");
  const char *case_number = yc_json_optional_string (body, "case_number");
  const char *respond_by = yc_json_optional_string (body, "respond_by");
  const char *finish_by = yc_json_optional_string (body, "finish_by");
  gint64 window, ticket, id;

  if (!yc_task_kind_deadlines (kind, NULL, NULL))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST,
                   "kind must be correction, hotline, bad_rating, refusal_review, appointment or complaint");
      return NULL;
    }
  if (title == NULL || *title == '\0' || g_utf8_strlen (title, -1) > 100 ||
      (detail != NULL && g_utf8_strlen (detail, -1) > 2000) ||
      (case_number != NULL && strlen (case_number) > 64))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST,
                   "a task needs a title of 1 to 100 characters; a detail has at most 2000, a case number 64");
      return NULL;
    }
  if (!optional_int (body, "window", &window, error) || !optional_int (body, "ticket_id", &ticket, error))
    return NULL;
  if ((clerk != NULL) + (window != 0) + (zone != NULL) != 1)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "a task is assigned to one clerk, window or zone");
      return NULL;
    }
  if ((respond_by != NULL && !yc_time_parse_date (respond_by, NULL)) ||
      (finish_by != NULL && !yc_time_parse_date (finish_by, NULL)) ||
      (respond_by != NULL && finish_by != NULL && strcmp (respond_by, finish_by) > 0))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST,
                   "respond_by and finish_by are dates (YYYY-MM-DD), the answer not after the end");
      return NULL;
    }
  if ((clerk != NULL && !yc_db_exists (self, "SELECT 1 FROM clerks WHERE id = ?", clerk, 0)) ||
      (window != 0 && !yc_db_exists (self, "SELECT 1 FROM windows WHERE id = ?", NULL, window)) ||
      (zone != NULL && !yc_db_exists (self, "SELECT 1 FROM windows WHERE zone = ?", zone, 0)) ||
      (ticket != 0 && !yc_db_exists (self, "SELECT 1 FROM tickets WHERE id = ?", NULL, ticket)))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "the clerk, window, zone or ticket is not known here");
      return NULL;
    }

  if (!yc_db_begin (self, &tx, error))
    return NULL;
  if (!yc_db_insert_task (self, kind, title, detail, clerk, window, zone, ticket, case_number, respond_by, finish_by,
                          &id, NULL, error) ||
      !yc_db_add_task_event (self, "task.assigned", id, error))
    {
      return NULL;
    }
  if (!yc_db_commit (&tx, error))
    return NULL;
  return yc_db_task_json (self, id, error);
}

JsonNode *
yc_server_db_task (YcServerDb  *self,
                   gint64       task,
                   GError     **error)
{
  return yc_db_task_json (self, task, error);
}

/* Who may take a task: the clerk it names, or a clerk at its window or in its zone. */
#define TASK_IS_MINE_TO_CLAIM \
  "(clerk = ?2 OR (clerk IS NULL AND (window_id = ?3 OR zone = (SELECT zone FROM windows WHERE id = ?3))))"

JsonNode *
yc_server_db_tasks (YcServerDb  *self,
                    const char  *clerk,
                    gint64       window,
                    const char  *view,
                    GError     **error)
{
  static const struct { const char *view; const char *sql; } views[] = {
    /* Open ones, the most escalated first, then by the next deadline. */
    { "mine", "SELECT " TASK_COLUMNS " FROM tasks WHERE state != 'done' AND (clerk = ?2 OR claimed_by = ?2)"
              " ORDER BY escalation DESC, CASE state WHEN 'new' THEN respond_by ELSE finish_by END, finish_by, id" },
    { "claimable", "SELECT " TASK_COLUMNS " FROM tasks WHERE state = 'new' AND clerk IS NULL"
                   " AND (window_id = ?3 OR zone = (SELECT zone FROM windows WHERE id = ?3))"
                   " ORDER BY escalation DESC, respond_by, finish_by, id" },
    { "done", "SELECT " TASK_COLUMNS " FROM tasks WHERE state = 'done'"
              " AND (done_by = ?2 OR clerk = ?2 OR claimed_by = ?2) ORDER BY done_at DESC, id DESC LIMIT 200" },
  };
  g_autoptr(YcSqlStmt) stmt = NULL;
  JsonArray *tasks;
  JsonObject *object;
  JsonNode *answer;
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (views) && stmt == NULL; i++)
    if (g_str_equal (view != NULL ? view : "mine", views[i].view) &&
        !(stmt = yc_db_prepare (self, views[i].sql, error)))
      return NULL;
  if (stmt == NULL)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "view must be mine, claimable or done");
      return NULL;
    }
  yc_sql_bind_text (stmt, 2, clerk);
  yc_sql_bind_int64 (stmt, 3, window);
  tasks = json_array_new ();
  while ((rc = yc_sql_step (stmt)) == YC_SQL_ROW)
    json_array_add_element (tasks, task_row_json (stmt));
  if (rc != YC_SQL_DONE)
    {
      json_array_unref (tasks);
      yc_db_error (error, self, "tasks");
      return NULL;
    }
  object = json_object_new ();
  json_object_set_array_member (object, "tasks", tasks);
  answer = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return answer;
}

/* Why a change of task id did not apply: the task is not there, done, or not this
 * clerk's. */
static void
task_refused (YcServerDb  *self,
              gint64       id,
              const char  *clerk,
              const char  *action,
              GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, "SELECT state, coalesce (claimed_by, ''), coalesce (done_by, ''),"
                                                      " clerk IS NOT NULL FROM tasks WHERE id = ?", error);
  const char *state;

  if (stmt == NULL)
    return;
  yc_sql_bind_int64 (stmt, 1, id);
  if (yc_sql_step (stmt) != YC_SQL_ROW)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no task %" G_GINT64_FORMAT, id);
      return;
    }
  state = (const char *) yc_sql_column_text (stmt, 0);
  if (g_str_equal (state, "done"))
    g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "the task is done (by %s)", yc_sql_column_text (stmt, 2));
  else if (g_str_equal (state, "claimed") && g_strcmp0 ((const char *) yc_sql_column_text (stmt, 1), clerk) != 0)
    g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "the task was claimed by %s", yc_sql_column_text (stmt, 1));
  else if (g_str_equal (action, "release") && yc_sql_column_int64 (stmt, 3))
    g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "the task was assigned to this clerk by name");
  else if (g_str_equal (action, "release") && g_str_equal (state, "new"))
    g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "the task is not claimed");
  else
    g_set_error (error, YC_ERROR, YC_ERROR_FORBIDDEN, "the task is not for this clerk or window");
}

/* Named to this clerk (claimed or not), or claimed by them: done with the note. */
#define COMPLETE_TASK_SQL \
  "UPDATE tasks SET state = 'done', claimed_by = coalesce (claimed_by, ?2), result = ?5," \
  " done_at = ?4, done_by = ?2" \
  " WHERE id = ?1 AND state != 'done' AND (claimed_by = ?2 OR (clerk = ?2 AND state = 'new'))"

/* One UPDATE of task id (sql: ?1 the id, ?2 the clerk, ?3 the window, ?4 now, ?5 the
 * note; those it needs), its event, and the task as it is now. */
static JsonNode *
change_task (YcServerDb  *self,
             gint64       id,
             const char  *clerk,
             gint64       window,
             const char  *note,
             const char  *action,
             const char  *sql,
             const char  *event,
             GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();

  if (!yc_db_begin (self, &tx, error))
    return NULL;
  if (!(stmt = yc_db_prepare (self, sql, error)))
    return NULL;
  yc_sql_bind_int64 (stmt, 1, id);
  yc_sql_bind_text (stmt, 2, clerk);
  yc_sql_bind_int64 (stmt, 3, window);
  yc_sql_bind_text (stmt, 4, now);
  yc_sql_bind_text (stmt, 5, note);
  if (yc_sql_step (stmt) != YC_SQL_DONE)
    {
      yc_db_error (error, self, action);
      return NULL;
    }
  if (yc_sql_changes (self->db) != 1)
    {
      task_refused (self, id, clerk, action, error);
      return NULL;
    }
  if (!yc_db_add_task_event (self, event, id, error) || !yc_db_commit (&tx, error))
    return NULL;
  return yc_db_task_json (self, id, error);
}

JsonNode *
yc_server_db_claim_task (YcServerDb  *self,
                         gint64       id,
                         const char  *clerk,
                         gint64       window,
                         GError     **error)
{
  return change_task (self, id, clerk, window, NULL, "claim",
                      "UPDATE tasks SET state = 'claimed', claimed_by = ?2"
                      " WHERE id = ?1 AND state = 'new' AND " TASK_IS_MINE_TO_CLAIM, "task.claimed", error);
}

JsonNode *
yc_server_db_release_task (YcServerDb  *self,
                           gint64       id,
                           const char  *clerk,
                           GError     **error)
{
  return change_task (self, id, clerk, 0, NULL, "release",
                      "UPDATE tasks SET state = 'new', claimed_by = NULL"
                      " WHERE id = ?1 AND state = 'claimed' AND claimed_by = ?2 AND clerk IS NULL", "task.released", error);
}

JsonNode *
yc_server_db_complete_task (YcServerDb  *self,
                            gint64       id,
                            const char  *clerk,
                            const char  *note,
                            GError     **error)
{
  if (note == NULL || *note == '\0' || g_utf8_strlen (note, -1) > 2000)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "a task is completed with a note of 1 to 2000 characters");
      return NULL;
    }
  return change_task (self, id, clerk, 0, note, "complete", COMPLETE_TASK_SQL, "task.done", error);
}

/* A task_result record (docs/api.md, "Records"): the task it completes and the note. */
static gboolean
read_task_result (JsonObject  *body,
                  gint64      *task,
                  const char **note,
                  GError     **error)
{
  if (!yc_json_require_int (body, "task_id", task, YC_ERROR_BAD_REQUEST, error) ||
      !(*note = yc_json_require_string (body, "note", YC_ERROR_BAD_REQUEST, error)))
    return FALSE;
  if (**note == '\0' || g_utf8_strlen (*note, -1) > 2000)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "a task is completed with a note of 1 to 2000 characters");
      return FALSE;
    }
  return TRUE;
}

/* Inside the batch's transaction, before the record is stored: completes its task as
 * POST /tasks/{id}/complete would, at the record's created_at (when the clerk did it). *refused says why it
 * cannot (the record is then rejected): a task done by this clerk already is no
 * refusal. FALSE only on a database error. */
gboolean
yc_db_apply_task_result (YcServerDb  *self,
                         YcRecord    *record,
                         const char  *clerk,
                         GError     **refused,
                         GError     **error)
{
  JsonObject *body = json_node_get_object (yc_record_get_body (record));
  g_autoptr(YcSqlStmt) stmt = NULL;
  const char *note;
  gint64 id;

  if (!read_task_result (body, &id, &note, refused))
    return TRUE;
  if (!(stmt = yc_db_prepare (self, COMPLETE_TASK_SQL, error)))
    return FALSE;
  yc_sql_bind_int64 (stmt, 1, id);
  yc_sql_bind_text (stmt, 2, clerk);
  yc_sql_bind_text (stmt, 4, yc_record_get_created_at (record));
  yc_sql_bind_text (stmt, 5, note);
  if (yc_sql_step (stmt) != YC_SQL_DONE)
    return yc_db_error (error, self, "task_result");
  if (yc_sql_changes (self->db) == 1)
    return yc_db_add_task_event (self, "task.done", id, error);

  /* Done already by this clerk (online, before the desk lost the answer): nothing to do. */
  yc_db_release (g_steal_pointer (&stmt));
  if (!(stmt = yc_db_prepare (self, "SELECT 1 FROM tasks WHERE id = ? AND state = 'done' AND done_by = ?", error)))
    return FALSE;
  yc_sql_bind_int64 (stmt, 1, id);
  yc_sql_bind_text (stmt, 2, clerk);
  if (yc_sql_step (stmt) != YC_SQL_ROW)
    task_refused (self, id, clerk, "complete", refused);
  return TRUE;
}

guint
yc_server_db_escalate_tasks (YcServerDb   *self,
                             const GDate  *today,
                             GError      **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autoptr(YcWorkCalendar) calendar = yc_db_work_calendar (self);
  g_autoptr(YcSqlStmt) open_tasks = NULL;
  g_autoptr(GArray) raised = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  g_autofree char *now = yc_time_now_iso8601 ();
  int rc;

  if (!yc_db_begin (self, &tx, error))
    return 0;
  if (!(open_tasks = yc_db_prepare (self, "SELECT id, state, respond_by, finish_by, escalation FROM tasks"
                                          " WHERE state != 'done'", error)))
    return 0;
  while ((rc = yc_sql_step (open_tasks)) == YC_SQL_ROW)
    {
      GDate respond_by, finish_by;
      gint64 change[2];

      if (!yc_time_parse_date ((const char *) yc_sql_column_text (open_tasks, 2), &respond_by) ||
          !yc_time_parse_date ((const char *) yc_sql_column_text (open_tasks, 3), &finish_by))
        continue;
      change[0] = yc_sql_column_int64 (open_tasks, 0);
      change[1] = yc_task_escalation (calendar, g_str_equal ((const char *) yc_sql_column_text (open_tasks, 1), "claimed"),
                                      &respond_by, &finish_by, today);
      if (change[1] > yc_sql_column_int64 (open_tasks, 4))
        g_array_append_val (raised, change);
    }
  if (rc != YC_SQL_DONE)
    {
      yc_db_error (error, self, "tasks");
      return 0;
    }
  yc_db_release (g_steal_pointer (&open_tasks));

  for (guint i = 0; i < raised->len; i++)
    {
      g_autoptr(YcSqlStmt) raise = yc_db_prepare (self, "UPDATE tasks SET escalation = ?, escalated_at = ? WHERE id = ?",
                                                     error);
      gint64 *change = &g_array_index (raised, gint64, i * 2);

      if (raise == NULL)
        return 0;
      yc_sql_bind_int64 (raise, 1, change[1]);
      yc_sql_bind_text (raise, 2, now);
      yc_sql_bind_int64 (raise, 3, change[0]);
      if (yc_sql_step (raise) != YC_SQL_DONE)
        {
          yc_db_error (error, self, "escalation");
          return 0;
        }
      if (!yc_db_add_task_event (self, "task.escalated", change[0], error))
        return 0;
    }
  if (!yc_db_commit (&tx, error))
    return 0;
  return raised->len;
}

/* Bad-rating follow-ups came before tasks: they become tasks, once, in the transaction
 * under way. */
gboolean
yc_db_migrate_follow_ups (YcServerDb  *self,
                          GError     **error)
{
  if (!yc_db_has_column (self, "follow_ups", "finish_by"))
    return TRUE;
  return yc_db_exec (self,
                     "INSERT INTO tasks (kind, title, clerk, ticket_id, created_at, respond_by, finish_by, state)"
                     " SELECT 'bad_rating', coalesce ((SELECT number FROM tickets WHERE id = f.ticket_id), ''),"
                     "        f.clerk, f.ticket_id, f.created_at, f.finish_by, f.finish_by,"
                     "        CASE f.state WHEN 'done' THEN 'done' ELSE 'new' END FROM follow_ups f;"
                     "DROP TABLE follow_ups;", error);
}
