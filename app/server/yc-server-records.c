/* yc-server-records.c: the records desks push (POST /records), each stored once by its
 * id, and what they change: visits finished, cases numbered, tasks completed; the
 * clerk's list of cases. */
#include "yc-server-db-private.h"

#include "core/yc-case.h"
#include "core/yc-error.h"
#include "core/yc-mask.h"
#include "core/yc-time.h"
#include "core/yc-wire.h"

#include <string.h>

/* Records */

/* Why a visit record changed nothing, from the ticket as it is now: its code (docs/api.md,
 * "not_applied") and a sentence; NULL code when the ticket is finished by this clerk
 * already (Finish reached the server another way): that visit did what it says. */
static gboolean
why_not_applied (YcServerDb  *self,
                 gint64       ticket,
                 const char  *clerk,
                 char       **code,
                 char       **message,
                 GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  const char *state, *holder, *number;
  gint64 window;

  if (!(stmt = yc_db_prepare (self, "SELECT state, clerk, number, window_id FROM tickets WHERE id = ?", error)))
    return FALSE;
  yc_sql_bind_int64 (stmt, 1, ticket);
  switch (yc_sql_step (stmt))
    {
    case YC_SQL_ROW:
      break;
    case YC_SQL_DONE:
      *code = g_strdup ("ticket_not_found");
      *message = g_strdup_printf ("there is no ticket %" G_GINT64_FORMAT, ticket);
      return TRUE;
    default:
      return yc_db_error (error, self, "visit");
    }
  state = (const char *) yc_sql_column_text (stmt, 0);
  holder = (const char *) yc_sql_column_text (stmt, 1);
  number = (const char *) yc_sql_column_text (stmt, 2);
  window = yc_sql_column_int64 (stmt, 3);
  if (g_strcmp0 (state, "finished") == 0 && g_strcmp0 (holder, clerk) == 0)
    return TRUE;
  if (g_strcmp0 (state, "waiting") == 0 || g_strcmp0 (state, "no_show") == 0)
    {
      *code = g_strdup (yc_record_reason_to_wire (YC_RECORD_REASON_TICKET_NOT_CALLED));
      *message = g_strdup_printf ("ticket %s is %s, not at a window", number, state);
    }
  else
    {
      *code = g_strdup (yc_record_reason_to_wire (YC_RECORD_REASON_TICKET_TAKEN));
      *message = g_strdup_printf ("ticket %s is %s by clerk %s at window %" G_GINT64_FORMAT, number, state,
                                  holder != NULL ? holder : "?", window);
    }
  return TRUE;
}

/* A visit record for a ticket still open finishes it: the desk was offline at Finish.
 * The clerk who called it may have logged in at another window since. A ticket that
 * moved on meanwhile (another window called it, it went back to the queue) is left as
 * it is, and the result says so: not_applied, never a silent "stored". */
static gboolean
apply_visit (YcServerDb      *self,
             YcRecord        *record,
             const char      *clerk,
             YcRecordResult  *result,
             GError         **error)
{
  JsonObject *body = json_node_get_object (yc_record_get_body (record));
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autofree char *now = NULL;
  const char *finished_at;
  gint64 ticket;

  if (!yc_json_require_int (body, "ticket_id", &ticket, YC_ERROR_BAD_REQUEST, NULL))
    {
      result->status = YC_RECORD_NOT_APPLIED;
      result->code = g_strdup ("ticket_not_found");
      result->message = g_strdup ("the visit names no ticket");
      return TRUE;
    }
  finished_at = yc_json_optional_string (body, "finished_at");
  if (finished_at == NULL)
    finished_at = now = yc_time_now_iso8601 ();

  if (!(stmt = yc_db_prepare (self,
                              "UPDATE tickets SET state = 'finished', finished_at = ?"
                              " WHERE id = ? AND state IN ('called', 'parked') AND clerk = ?", error)))
    return FALSE;
  yc_sql_bind_text (stmt, 1, finished_at);
  yc_sql_bind_int64 (stmt, 2, ticket);
  yc_sql_bind_text (stmt, 3, clerk);
  if (yc_sql_step (stmt) != YC_SQL_DONE)
    return yc_db_error (error, self, "visit");
  if (yc_sql_changes (self->db) == 0)
    {
      if (!why_not_applied (self, ticket, clerk, &result->code, &result->message, error))
        return FALSE;
      if (result->code != NULL)
        result->status = YC_RECORD_NOT_APPLIED;
      return TRUE;
    }
  /* The record's details, when they are well-formed; a record is never refused for them. */
  {
    g_autofree char *delivered = NULL;
    const char *outcome, *note;

    if (yc_db_read_visit_details (body, &outcome, &note, &delivered, NULL) &&
        !yc_db_store_visit_details (self, ticket, outcome, note, delivered, error))
      return FALSE;
  }
  return yc_db_add_ticket_event (self, "ticket.finished", ticket, error);
}

/* Keeps with the record why it was not applied, for its repeats. */
static gboolean
mark_not_applied (YcServerDb      *self,
                  YcRecordResult  *result,
                  GError         **error)
{
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, "UPDATE records SET not_applied = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  yc_sql_bind_text (stmt, 1, result->code);
  yc_sql_bind_text (stmt, 2, result->id);
  if (yc_sql_step (stmt) != YC_SQL_DONE)
    return yc_db_error (error, self, "record");
  return TRUE;
}


/* Whether code starts with the six digits of an administrative division (GB/T 2260). */
static gboolean
has_division (const char *code)
{
  if (code == NULL || strlen (code) < 6)
    return FALSE;
  for (guint i = 0; i < 6; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;
  return TRUE;
}

/* The next official number of a case decided on day (YYYY-MM-DD) for the division of its
 * first item (the six digits its code starts with), else of the hall (its code in the hall
 * data, as 990100-ZWFW): 990100-20261122-0001. Nothing here names a real place: the demo's
 * division comes with its catalogue and hall data. */
static char *
next_case_number (YcServerDb  *self,
                  const char  *item,
                  const char  *day,
                  GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *after = NULL;
  g_autofree char *hall = NULL;
  char division[7] = "000000";

  if (has_division (item))
    memcpy (division, item, 6);
  else if (has_division ((hall = yc_db_meta_value (self, "hall.code"))))
    memcpy (division, hall, 6);
  prefix = g_strdup_printf ("%s-%.4s%.2s%.2s-", division, day, day + 5, day + 8);
  /* The numbers that start with prefix, as a range of the number's index: from prefix to
   * the same with its last character ('-') one higher ('.'). */
  after = g_strdup (prefix);
  after[strlen (after) - 1]++;
  /* Counted across the city's halls: one hall at a time. */
  if (!yc_db_lock_city (self, error) ||
      !(stmt = yc_db_prepare (self, "SELECT count(*) FROM cases WHERE case_number >= ?1 AND case_number < ?2", error)))
    return NULL;
  yc_sql_bind_text (stmt, 1, prefix);
  yc_sql_bind_text (stmt, 2, after);
  if (yc_sql_step (stmt) != YC_SQL_ROW)
    {
      yc_db_error (error, self, "case number");
      return NULL;
    }
  return g_strdup_printf ("%s%04" G_GINT64_FORMAT, prefix, (gint64) yc_sql_column_int64 (stmt, 0) + 1);
}

/* A case just stored: its number (none for a notice), its status, and for a refusal the
 * day its review is due, two working days on. */
static gboolean
apply_case (YcServerDb     *self,
            YcRecord       *record,
            const char     *clerk,
            gint64          window,
            const char     *received_at,
            YcRecordResult *result,
            GError        **error)
{
  JsonObject *body = json_node_get_object (yc_record_get_body (record));
  JsonObject *applicant = json_object_get_object_member (body, "applicant");
  JsonArray *items = json_object_get_array_member (body, "items");
  const char *decision = json_object_get_string_member (body, "decision");
  const char *accepted_on = json_object_get_string_member (body, "accepted_on");
  g_autofree char *number = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *review_due = NULL;
  g_autofree char *keyed = NULL;
  g_autofree char *key = yc_db_case_applicant_key (self, applicant, &keyed);
  g_autoptr(YcSqlStmt) stmt = NULL;
  const char *status = "notice";

  if (!g_str_equal (decision, "notice") &&
      !(number = next_case_number (self, json_array_get_string_element (items, 0), accepted_on, error)))
    return FALSE;
  if (g_str_equal (decision, "accepted"))
    status = "accepted";
  else if (g_str_equal (decision, "refused"))
    {
      g_autoptr(YcWorkCalendar) calendar = yc_db_work_calendar (self);
      GDate day, due;

      status = "reported_for_review";
      yc_time_parse_date (accepted_on, &day);   /* checked with the case */
      yc_work_calendar_add (calendar, &day, 2, &due);
      review_due = yc_time_format_date (&due);
    }
  /* Masked as normalised: a number typed with spaces or full-width digits shows as any other. */
  if (keyed != NULL)
    masked = yc_mask_id_number (keyed);

  if (!(stmt = yc_db_prepare (self,
                              "INSERT INTO cases (id, case_number, clerk, window_id, decision, status, title, package,"
                              " applicant_name, applicant_id, accepted_on, due_date, review_due, ticket, received_at,"
                              " applicant_key)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)", error)))
    return FALSE;
  yc_sql_bind_text (stmt, 1, yc_record_get_id (record));
  yc_sql_bind_text (stmt, 2, number);
  yc_sql_bind_text (stmt, 3, clerk);
  yc_sql_bind_int64 (stmt, 4, window);
  yc_sql_bind_text (stmt, 5, decision);
  yc_sql_bind_text (stmt, 6, status);
  yc_sql_bind_text (stmt, 7, yc_json_optional_string (body, "title"));
  yc_sql_bind_text (stmt, 8, yc_json_optional_string (body, "package"));
  yc_sql_bind_text (stmt, 9, yc_json_optional_string (applicant, "name"));
  yc_sql_bind_text (stmt, 10, masked);
  yc_sql_bind_text (stmt, 11, accepted_on);
  yc_sql_bind_text (stmt, 12, yc_json_optional_string (body, "due_date"));
  yc_sql_bind_text (stmt, 13, review_due);
  yc_sql_bind_text (stmt, 14, yc_json_optional_string (body, "ticket"));
  yc_sql_bind_text (stmt, 15, received_at);
  yc_sql_bind_text (stmt, 16, key);
  if (yc_sql_step (stmt) != YC_SQL_DONE)
    return yc_db_error (error, self, "case");
  result->case_number = g_steal_pointer (&number);
  return TRUE;
}

/* Whether a record with id was stored before and, for a case, the number it got then
 * (NULL for none), for one not applied, why (NULL when it was): what a repeat is
 * answered with. */
static gboolean
stored_before (YcServerDb  *self,
               const char  *id,
               char       **case_number,
               char       **not_applied)
{
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, "SELECT c.case_number, r.not_applied FROM records r"
                                                      " LEFT JOIN cases c ON c.id = r.id WHERE r.id = ?", NULL);

  if (stmt == NULL)
    return FALSE;
  yc_sql_bind_text (stmt, 1, id);
  if (yc_sql_step (stmt) != YC_SQL_ROW)
    return FALSE;
  if (case_number != NULL)
    *case_number = g_strdup ((const char *) yc_sql_column_text (stmt, 0));
  if (not_applied != NULL)
    *not_applied = g_strdup ((const char *) yc_sql_column_text (stmt, 1));
  return TRUE;
}

GPtrArray *
yc_server_db_store_records (YcServerDb  *self,
                            const char  *clerk,
                            gint64       window,
                            GPtrArray   *records,
                            GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_record_result_free);
  g_autoptr(YcSqlStmt) insert = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();

  if (!yc_db_begin (self, &tx, error))
    return NULL;
  if (!(insert = yc_db_prepare (self,
                                "INSERT OR IGNORE INTO records (id, kind, clerk, window_id, created_at, received_at, body)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?)", error)))
    return NULL;

  for (guint i = 0; i < records->len; i++)
    {
      YcRecord *record = g_ptr_array_index (records, i);
      g_autofree char *body = yc_record_dup_body_text (record);
      g_autoptr(GError) invalid = NULL;
      gboolean is_case = yc_record_kind_from_wire (yc_record_get_kind (record)) == YC_RECORD_KIND_CASE;
      YcRecordResult *result;
      gboolean stored;

      /* A case off the contract is never stored: its desk keeps it, rejected. A repeat of
       * one stored before is answered as the first time, even if a rule came since. */
      if (is_case && !yc_case_validate_body (yc_record_get_body (record), YC_ERROR_BAD_REQUEST, &invalid) &&
          stored_before (self, yc_record_get_id (record), NULL, NULL))
        g_clear_error (&invalid);
      /* A task's result completes its task first: one that cannot is never stored. */
      if (yc_record_kind_from_wire (yc_record_get_kind (record)) == YC_RECORD_KIND_TASK_RESULT &&
          !stored_before (self, yc_record_get_id (record), NULL, NULL) &&
          !yc_db_apply_task_result (self, record, clerk, &invalid, error))
        return NULL;
      if (invalid != NULL)
        {
          g_ptr_array_add (results, yc_record_result_new (yc_record_get_id (record), YC_RECORD_REJECTED,
                                                          invalid->message));
          continue;
        }

      yc_sql_reset (insert);
      yc_sql_bind_text (insert, 1, yc_record_get_id (record));
      yc_sql_bind_text (insert, 2, yc_record_get_kind (record));
      yc_sql_bind_text (insert, 3, clerk);
      yc_sql_bind_int64 (insert, 4, window);
      yc_sql_bind_text (insert, 5, yc_record_get_created_at (record));
      yc_sql_bind_text (insert, 6, now);
      yc_sql_bind_text (insert, 7, body);
      if (yc_sql_step (insert) != YC_SQL_DONE)
        {
          yc_db_error (error, self, "record");
          return NULL;
        }
      stored = yc_sql_changes (self->db) == 1;

      result = yc_record_result_new (yc_record_get_id (record),
                                     stored ? YC_RECORD_STORED : YC_RECORD_DUPLICATE, NULL);
      g_ptr_array_add (results, result);
      if (stored && yc_record_kind_from_wire (yc_record_get_kind (record)) == YC_RECORD_KIND_VISIT &&
          (!apply_visit (self, record, clerk, result, error) ||
           (result->status == YC_RECORD_NOT_APPLIED && !mark_not_applied (self, result, error))))
        return NULL;
      if (is_case && stored &&
          !apply_case (self, record, clerk, window, now, result, error))
        return NULL;
      /* A repeat: as the first time, a number or why it changed nothing included. */
      if (!stored)
        {
          stored_before (self, yc_record_get_id (record), is_case ? &result->case_number : NULL, &result->code);
          if (result->code != NULL)
            {
              result->status = YC_RECORD_NOT_APPLIED;
              result->message = g_strdup ("stored before, and not applied then");
            }
        }
    }

  if (!yc_db_commit (&tx, error))
    return NULL;
  return g_steal_pointer (&results);
}

JsonNode *
yc_server_db_cases_of (YcServerDb  *self,
                       const char  *clerk,
                       const char  *since,
                       guint        limit,
                       GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *columns[] = {
    "id", "case_number", "decision", "status", "title", "package", "applicant_name", "applicant_id",
    "accepted_on", "due_date", "review_due", "ticket",
  };
  const int items_column = G_N_ELEMENTS (columns);
  int rc;

  /* The items are read from the record itself: the list needs nothing more of it. */
  if (!(stmt = yc_db_prepare (self,
                              "SELECT c.id, case_number, decision, status, title, package, applicant_name, applicant_id,"
                              " accepted_on, due_date, review_due, ticket, json_extract (r.body, '$.items')"
                              " FROM cases c JOIN records r ON r.id = c.id"
                              " WHERE c.clerk = ?1 AND (?2 IS NULL OR accepted_on >= ?2)"
                              " ORDER BY c.received_at DESC, c.rowid DESC LIMIT ?3", error)))
    return NULL;
  yc_sql_bind_text (stmt, 1, clerk);
  yc_sql_bind_text (stmt, 2, since);
  yc_sql_bind_int64 (stmt, 3, limit);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cases");
  json_builder_begin_array (builder);
  while ((rc = yc_sql_step (stmt)) == YC_SQL_ROW)
    {
      const char *items_text = (const char *) yc_sql_column_text (stmt, items_column);
      JsonNode *items = items_text != NULL ? json_from_string (items_text, NULL) : NULL;

      json_builder_begin_object (builder);
      for (int i = 0; i < (int) G_N_ELEMENTS (columns); i++)
        {
          json_builder_set_member_name (builder, columns[i]);
          if (yc_sql_column_type (stmt, i) == YC_SQL_NULL)
            json_builder_add_null_value (builder);
          else
            json_builder_add_string_value (builder, (const char *) yc_sql_column_text (stmt, i));
        }
      json_builder_set_member_name (builder, "items");
      if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
        json_builder_add_value (builder, items);
      else
        {
          g_clear_pointer (&items, json_node_unref);
          json_builder_begin_array (builder);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  if (rc != YC_SQL_DONE)
    {
      yc_db_error (error, self, "cases");
      return NULL;
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
yc_server_db_case (YcServerDb  *self,
                   const char  *case_number,
                   const char  *clerk,
                   GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autoptr(JsonNode) record = NULL;
  const char *columns[] = {
    "case_number", "clerk", "decision", "status", "title", "package", "applicant_name", "applicant_id",
    "accepted_on", "due_date", "review_due", "ticket", "received_at",
  };
  JsonObject *summary, *object;
  JsonNode *node;

  if (!(stmt = yc_db_prepare (self,
                              "SELECT c.case_number, c.clerk, decision, status, title, package, applicant_name,"
                              " applicant_id, accepted_on, due_date, review_due, ticket, c.received_at, c.window_id,"
                              " r.body FROM cases c JOIN records r ON r.id = c.id WHERE c.case_number = ?", error)))
    return NULL;
  yc_sql_bind_text (stmt, 1, case_number);
  if (yc_sql_step (stmt) != YC_SQL_ROW)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no case %s", case_number);
      return NULL;
    }
  if (clerk != NULL && g_strcmp0 (clerk, (const char *) yc_sql_column_text (stmt, 1)) != 0)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_FORBIDDEN, "case %s is another clerk's", case_number);
      return NULL;
    }
  if (!(record = yc_wire_parse_object ((const char *) yc_sql_column_text (stmt, 14),
                                       (gsize) yc_sql_column_bytes (stmt, 14), YC_ERROR_STORAGE, error)))
    return NULL;

  summary = json_object_new ();
  for (int i = 0; i < (int) G_N_ELEMENTS (columns); i++)
    yc_db_set_text (summary, columns[i], stmt, i);
  json_object_set_int_member (summary, "window", yc_sql_column_int64 (stmt, 13));
  object = json_object_new ();
  json_object_set_object_member (object, "case", summary);
  json_object_set_member (object, "body", g_steal_pointer (&record));
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

JsonNode *
yc_server_db_ticket_case (YcServerDb  *self,
                          const char  *number,
                          gint64       window,
                          const char  *since,
                          GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  JsonObject *object;
  JsonNode *node;

  /* Numbers start again every day: a case of an earlier day's A001 is not this one's. */
  if (!(stmt = yc_db_prepare (self,
                              "SELECT c.decision, EXISTS (SELECT 1 FROM json_each (r.body, '$.materials')"
                              "                           WHERE json_extract (value, '$.status') = 'deferred')"
                              " FROM cases c JOIN records r ON r.id = c.id"
                              " WHERE c.ticket = ?1 AND c.window_id = ?2 AND c.received_at >= ?3"
                              " ORDER BY c.received_at, r.created_at LIMIT 1", error)))
    return NULL;
  yc_sql_bind_text (stmt, 1, number);
  yc_sql_bind_int64 (stmt, 2, window);
  yc_sql_bind_text (stmt, 3, since);
  if (yc_sql_step (stmt) != YC_SQL_ROW)
    return NULL;
  object = json_object_new ();
  json_object_set_string_member (object, "decision", (const char *) yc_sql_column_text (stmt, 0));
  json_object_set_boolean_member (object, "deferred", yc_sql_column_int64 (stmt, 1) != 0);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}
