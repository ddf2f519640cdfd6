/* yc-server-tickets.c: a ticket's life: issued (at the kiosk, or made for a walk-in at the
 * window), called by the hall's policy or by its number, recalled, parked and called
 * back, returned, transferred, marked a no-show and put back, finished with what the
 * clerk said; the queue's rules it follows. */
#include "yc-server-db-private.h"

#include "core/yc-error.h"
#include "core/yc-ticket.h"
#include "core/yc-ticket-action.h"
#include "core/yc-time.h"
#include "core/yc-wire.h"

/* "ticket.issued", "ticket.called", "ticket.finished": the ticket as it is now, and the
 * waiting counts it changed. */
gboolean
yc_db_add_ticket_event (YcServerDb  *self,
                        const char  *kind,
                        gint64       ticket,
                        GError     **error)
{
  g_autoptr(JsonNode) node = yc_db_ticket_json (self, ticket, error);
  g_autoptr(JsonNode) queues = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;

  if (node == NULL || !(queues = yc_server_db_queues (self, error)))
    return FALSE;
  object = json_object_new ();
  json_object_set_member (object, "ticket", g_steal_pointer (&node));
  json_object_set_member (object, "queues",
                          json_node_copy (json_object_get_member (json_node_get_object (queues), "queues")));
  body = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return yc_db_add_event (self, kind, body, error);
}

static JsonNode *issue_ticket (YcServerDb *self, const char *service, const char *priority,
                               const char *slot, gint64 target_window, const char *story, GError **error);

JsonNode *
yc_server_db_issue_ticket (YcServerDb  *self,
                           const char  *service,
                           GError     **error)
{
  return yc_server_db_issue_ticket_full (self, service, NULL, NULL, error);
}

static gboolean
check_priority (const char  *priority,
                GError     **error)
{
  static const char *const priorities[] = { "elderly", "disabled", "pregnant", "serviceman", "assisted", NULL };

  if (priority != NULL && !g_strv_contains (priorities, priority))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST,
                   "priority must be elderly, disabled, pregnant, serviceman or assisted");
      return FALSE;
    }
  return TRUE;
}

JsonNode *
yc_server_db_issue_ticket_full (YcServerDb  *self,
                                const char  *service,
                                const char  *priority,
                                const char  *appointment_at,
                                GError     **error)
{
  g_autoptr(GDateTime) appointment = NULL;
  g_autofree char *slot = NULL;

  if (!check_priority (priority, error))
    return NULL;
  if (appointment_at != NULL)
    {
      g_autoptr(GDateTime) local = NULL;

      if (!(appointment = yc_time_parse (appointment_at)))
        {
          g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "appointment_at must be a timestamp");
          return NULL;
        }
      /* Kept in the server's own offset, so that slots compare as text. */
      local = g_date_time_to_local (appointment);
      slot = yc_time_to_iso8601 (local);
    }
  return issue_ticket (self, service, priority, slot, 0, NULL, error);
}

JsonNode *
yc_server_db_issue_scripted_ticket (YcServerDb  *self,
                                    const char  *service,
                                    const char  *priority,
                                    gboolean     appointment,
                                    gint64       target_window,
                                    JsonNode    *story,
                                    GError     **error)
{
  g_autofree char *slot = appointment ? yc_time_now_iso8601 () : NULL;
  g_autofree char *text = story != NULL ? yc_wire_to_string (story) : NULL;

  if (!check_priority (priority, error))
    return NULL;
  if (target_window != 0 && !yc_db_exists (self, "SELECT 1 FROM windows WHERE id = ?", NULL, target_window))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no window %" G_GINT64_FORMAT, target_window);
      return NULL;
    }
  return issue_ticket (self, service, priority, slot, target_window, text, error);
}

JsonNode *
yc_server_db_ticket (YcServerDb  *self,
                     gint64       ticket,
                     GError     **error)
{
  return yc_db_ticket_json (self, ticket, error);
}

/* A new ticket of service, in the transaction under way: waiting (for target_window
 * only, if not 0), or (walk_in_window not 0) a walk-in served at once at that window by
 * clerk; story: JSON text or NULL. Sets *id. */
static gboolean
insert_ticket (YcServerDb  *self,
               const char  *service,
               const char  *priority,
               const char  *slot,
               gint64       target_window,
               const char  *story,
               gint64       walk_in_window,
               const char  *clerk,
               gint64      *id,
               GError     **error)
{
  g_autoptr(YcSqlStmt) next = NULL;
  g_autoptr(YcSqlStmt) insert = NULL;
  g_autofree char *day = yc_time_today ();
  g_autofree char *now = yc_time_now_iso8601 ();
  g_autofree char *number = NULL;
  gint64 seq;

  if (!yc_db_exists (self, "SELECT 1 FROM services WHERE letter = ?", service, 0))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no service “%s”", service);
      return FALSE;
    }

  if (!(next = yc_db_prepare (self, "SELECT coalesce (max (seq), 0) + 1 FROM tickets WHERE service = ? AND day = ?", error)))
    return FALSE;
  yc_sql_bind_text (next, 1, service);
  yc_sql_bind_text (next, 2, day);
  if (yc_sql_step (next) != YC_SQL_ROW)
    return yc_db_error (error, self, "sequence");
  seq = yc_sql_column_int64 (next, 0);
  number = yc_ticket_format_number (service[0], (guint) seq);

  /* A walk-in is called from the start, but never shown on the calling screen: no
   * recalled_at, no calls. */
  if (!(insert = yc_db_prepare (self,
                                "INSERT INTO tickets (number, service, day, seq, issued_at, queued, priority, appointment_at,"
                                "                     state, called_at, window_id, clerk, walk_in, target_window, story)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce (max (queued), 0) + 1 FROM tickets), ?6, ?7,"
                                "         CASE WHEN ?8 != 0 THEN 'called' ELSE 'waiting' END, CASE WHEN ?8 != 0 THEN ?5 END,"
                                "         nullif (?8, 0), ?9, CASE WHEN ?8 != 0 THEN 1 ELSE 0 END, nullif (?10, 0), ?11)", error)))
    return FALSE;
  yc_sql_bind_text (insert, 1, number);
  yc_sql_bind_text (insert, 2, service);
  yc_sql_bind_text (insert, 3, day);
  yc_sql_bind_int64 (insert, 4, seq);
  yc_sql_bind_text (insert, 5, now);
  yc_sql_bind_text (insert, 6, priority);
  yc_sql_bind_text (insert, 7, slot);
  yc_sql_bind_int64 (insert, 8, walk_in_window);
  yc_sql_bind_text (insert, 9, clerk);
  yc_sql_bind_int64 (insert, 10, target_window);
  yc_sql_bind_text (insert, 11, story);
  if (yc_sql_step (insert) != YC_SQL_DONE)
    return yc_db_error (error, self, "ticket");
  *id = yc_sql_last_insert_id (self->db);
  return yc_db_add_ticket_event (self, walk_in_window != 0 ? yc_ticket_action_event (YC_TICKET_ACTION_WALK_IN) : "ticket.issued", *id, error);
}

static JsonNode *
issue_ticket (YcServerDb  *self,
              const char  *service,
              const char  *priority,
              const char  *slot,
              gint64       target_window,
              const char  *story,
              GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  gint64 id;

  if (!yc_db_begin (self, &tx, error))
    return NULL;
  if (!insert_ticket (self, service, priority, slot, target_window, story, 0, NULL, &id, error))
    return NULL;
  if (!yc_db_commit (&tx, error))
    return NULL;
  return yc_db_ticket_json (self, id, error);
}

static gboolean take_ticket (YcServerDb *self, gint64 id, gint64 window, const char *clerk,
                             const char *now, GError **error);

/* The tiers of the call policy (?1 the window, ?2 now, ?3 the clerk). */
#define SERVED_HERE \
  "t.target_window IS NULL AND t.target_clerk IS NULL" \
  " AND coalesce (t.queue_service, t.service) IN (SELECT service FROM window_services WHERE window_id = ?1)"
#define FOR_HERE "(t.target_window = ?1 OR t.target_clerk = ?3 OR (" SERVED_HERE "))"
static const char *pick_tiers[] = {
  "SELECT t.id FROM tickets t INDEXED BY tickets_due"
  " WHERE t.state = 'waiting' AND t.appointment_at IS NOT NULL AND t.appointment_at <= ?2"
  " AND " FOR_HERE " ORDER BY t.appointment_at, t.queued, t.id LIMIT 1",
  "SELECT id FROM (SELECT t.id, t.queued FROM tickets t INDEXED BY tickets_to_window"
  "                 WHERE t.state = 'waiting' AND t.target_window = ?1"
  "                UNION ALL SELECT t.id, t.queued FROM tickets t INDEXED BY tickets_to_clerk"
  "                 WHERE t.state = 'waiting' AND t.target_clerk = ?3) transferred"
  " ORDER BY queued, id LIMIT 1",
  "SELECT t.id FROM tickets t INDEXED BY tickets_priority WHERE t.state = 'waiting' AND t.priority IS NOT NULL"
  " AND " SERVED_HERE " ORDER BY t.queued, t.id LIMIT 1",
  "SELECT t.id FROM tickets t INDEXED BY tickets_line WHERE t.state = 'waiting' AND " SERVED_HERE
  " ORDER BY t.queued, t.id LIMIT 1",
};

JsonNode *
yc_server_db_call_next (YcServerDb  *self,
                        gint64       window,
                        const char  *clerk,
                        GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autofree char *now = yc_time_now_iso8601 ();
  gint64 id;

  if (!yc_db_begin (self, &tx, error))
    return NULL;

  /* A window still serving a ticket gets that one again: if the answer to the call was
   * lost on the way, the ticket is not lost with it. It is the calling clerk's from now
   * on (another clerk may have called it at this window before this one logged in), so
   * that the visit record this clerk makes of it finishes it. */
  id = yc_server_db_current_ticket (self, window, NULL);
  if (id != 0)
    {
      g_autoptr(YcSqlStmt) serve = yc_db_prepare (self, "UPDATE tickets SET clerk = ? WHERE id = ? AND clerk IS NOT ?",
                                                     error);

      if (serve == NULL)
        return NULL;
      yc_sql_bind_text (serve, 1, clerk);
      yc_sql_bind_int64 (serve, 2, id);
      yc_sql_bind_text (serve, 3, clerk);
      if (yc_sql_step (serve) != YC_SQL_DONE)
        {
          yc_db_error (error, self, "call");
          return NULL;
        }
      if (!yc_db_commit (&tx, error))
        return NULL;
      return yc_db_ticket_json (self, id, error);
    }
  if (!yc_db_window_is_open (self, window, error))
    return NULL;

  /* Among the services this window serves, and the tickets transferred to this window
   * or this clerk: an appointment whose slot has come (the earliest slot first), then a
   * ticket transferred here, then a priority ticket (green channel, 帮办代办), then the
   * ticket queued the longest. A ticket transferred to another window or clerk waits
   * for them. One query a tier, each on its index: a call reads a few rows, not the
   * queue. */
  id = 0;
  for (guint tier = 0; tier < G_N_ELEMENTS (pick_tiers) && id == 0; tier++)
    {
      g_autoptr(YcSqlStmt) pick = yc_db_prepare (self, pick_tiers[tier], error);

      if (pick == NULL)
        return NULL;
      yc_sql_bind_int64 (pick, 1, window);
      yc_sql_bind_text (pick, 2, now);
      yc_sql_bind_text (pick, 3, clerk);
      switch (yc_sql_step (pick))
        {
        case YC_SQL_ROW:
          id = yc_sql_column_int64 (pick, 0);
          break;
        case YC_SQL_DONE:
          break;
        default:
          return yc_db_error (error, self, "call"), NULL;
        }
    }
  if (id == 0)
    return NULL;
  if (!take_ticket (self, id, window, clerk, now, error))
    return NULL;

  if (!yc_db_commit (&tx, error))
    return NULL;
  return yc_db_ticket_json (self, id, error);
}

/* The ticket id, waiting, called to window now: its first call. */
static gboolean
take_ticket (YcServerDb  *self,
             gint64       id,
             gint64       window,
             const char  *clerk,
             const char  *now,
             GError     **error)
{
  g_autoptr(YcSqlStmt) take = NULL;

  if (!(take = yc_db_prepare (self,
                              "UPDATE tickets SET state = 'called', called_at = ?1, recalled_at = ?1, calls = 1,"
                              " window_id = ?2, clerk = ?3 WHERE id = ?4 AND state = 'waiting'", error)))
    return FALSE;
  yc_sql_bind_text (take, 1, now);
  yc_sql_bind_int64 (take, 2, window);
  yc_sql_bind_text (take, 3, clerk);
  yc_sql_bind_int64 (take, 4, id);
  if (yc_sql_step (take) != YC_SQL_DONE || yc_sql_changes (self->db) != 1)
    return yc_db_error (error, self, "call");
  return yc_db_add_ticket_event (self, yc_ticket_action_event (YC_TICKET_ACTION_CALL_NEXT), id, error);
}

static const char *const outcomes[] = {
  "completed", "accepted", "informed", "refused", "consulted", "unresolved", NULL,
};

/* What the clerk says at Finish (docs/api.md): each member optional. The delivered
 * services come back as JSON text, checked. */
gboolean
yc_db_read_visit_details (JsonObject  *details,
                          const char **outcome,
                          const char **note,
                          char       **delivered,
                          GError     **error)
{
  JsonNode *services;

  *outcome = *note = NULL;
  *delivered = NULL;
  if (details == NULL)
    return TRUE;
  *outcome = yc_json_optional_string (details, "outcome");
  *note = yc_json_optional_string (details, "note");
  if (*outcome != NULL && !g_strv_contains (outcomes, *outcome))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST,
                   "outcome must be completed, accepted, informed, refused, consulted or unresolved");
      return FALSE;
    }
  if (*note != NULL && g_utf8_strlen (*note, -1) > 500)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "the note is longer than 500 characters");
      return FALSE;
    }
  if ((services = json_object_get_member (details, "services")) == NULL || JSON_NODE_HOLDS_NULL (services))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (services))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "services must be an array");
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (services)); i++)
    {
      JsonNode *service = json_array_get_element (json_node_get_array (services), i);

      if (!JSON_NODE_HOLDS_OBJECT (service) ||
          yc_json_optional_string (json_node_get_object (service), "name") == NULL)
        {
          g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "each service delivered needs a name");
          return FALSE;
        }
    }
  *delivered = yc_wire_to_string (services);
  return TRUE;
}

/* Sets what the clerk said at Finish on the ticket, leaving what they did not say. */
gboolean
yc_db_store_visit_details (YcServerDb  *self,
                           gint64       ticket,
                           const char  *outcome,
                           const char  *note,
                           const char  *delivered,
                           GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;

  if (outcome == NULL && note == NULL && delivered == NULL)
    return TRUE;
  if (!(stmt = yc_db_prepare (self,
                              "UPDATE tickets SET outcome = coalesce (?1, outcome), outcome_note = coalesce (?2, outcome_note),"
                              " delivered = coalesce (?3, delivered) WHERE id = ?4", error)))
    return FALSE;
  yc_sql_bind_text (stmt, 1, outcome);
  yc_sql_bind_text (stmt, 2, note);
  yc_sql_bind_text (stmt, 3, delivered);
  yc_sql_bind_int64 (stmt, 4, ticket);
  return yc_sql_step (stmt) == YC_SQL_DONE || yc_db_error (error, self, "visit details");
}

JsonNode *
yc_server_db_finish_ticket (YcServerDb  *self,
                            gint64       ticket,
                            gint64       window,
                            JsonObject  *details,
                            GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autoptr(YcSqlStmt) find = NULL;
  g_autoptr(YcSqlStmt) finish = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();
  g_autofree char *state = NULL;
  g_autofree char *delivered = NULL;
  const char *outcome, *note;
  gint64 owner;

  if (!yc_db_read_visit_details (details, &outcome, &note, &delivered, error))
    return NULL;
  if (!yc_db_begin (self, &tx, error))
    return NULL;

  if (!(find = yc_db_find_ticket (self, ticket, "state, coalesce (window_id, 0)", error)))
    return NULL;
  state = g_strdup ((const char *) yc_sql_column_text (find, 0));
  owner = yc_sql_column_int64 (find, 1);

  if (g_str_equal (state, "waiting"))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "ticket %" G_GINT64_FORMAT " has not been called", ticket);
      return NULL;
    }
  if (owner != window)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_FORBIDDEN, "ticket %" G_GINT64_FORMAT " belongs to window %" G_GINT64_FORMAT,
                   ticket, owner);
      return NULL;
    }

  /* Finishing twice (the visit record may have done it first) is not an error. A parked
   * ticket may be finished without calling it back. */
  if (g_str_equal (state, "called") || g_str_equal (state, "parked"))
    {
      if (!(finish = yc_db_prepare (self, "UPDATE tickets SET state = 'finished', finished_at = ? WHERE id = ?", error)))
        return NULL;
      yc_sql_bind_text (finish, 1, now);
      yc_sql_bind_int64 (finish, 2, ticket);
      if (yc_sql_step (finish) != YC_SQL_DONE)
        {
          yc_db_error (error, self, "finish");
          return NULL;
        }
    }
  if (!yc_db_store_visit_details (self, ticket, outcome, note, delivered, error))
    return NULL;
  if ((g_str_equal (state, "called") || g_str_equal (state, "parked")) &&
      !yc_db_add_ticket_event (self, yc_ticket_action_event (YC_TICKET_ACTION_FINISH), ticket, error))
    return NULL;

  if (!yc_db_commit (&tx, error))
    return NULL;
  return yc_db_ticket_json (self, ticket, error);
}

/* Queue rules, from the hall's "queue" (meta "queue.…"), else the defaults. */
static gint64
queue_setting (YcServerDb *self,
               const char *name,
               gint64      fallback)
{
  g_autofree char *key = g_strconcat ("queue.", name, NULL);
  g_autofree char *value = yc_db_meta_value (self, key);
  gint64 parsed;

  if (value == NULL || *value == '\0' || !g_ascii_string_to_signed (value, 10, 0, G_MAXINT32, &parsed, NULL))
    return fallback;
  return parsed;
}

#define MAX_CALLS(self)       queue_setting ((self), "max_calls", 3)
#define RECALL_SECONDS(self)  queue_setting ((self), "recall_seconds", 10)
#define REQUEUE_MINUTES(self) queue_setting ((self), "requeue_minutes", 30)
/* The ticket at window, in wanted_state (NULL: called or parked), with its calls. */
static gboolean
ticket_at_window (YcServerDb  *self,
                  gint64       ticket,
                  gint64       window,
                  const char  *wanted_state,
                  gint64      *calls,
                  char       **recalled_at,
                  GError     **error)
{
  g_autoptr(YcSqlStmt) find = NULL;
  const char *state;

  if (!(find = yc_db_find_ticket (self, ticket, "state, coalesce (window_id, 0), calls, recalled_at", error)))
    return FALSE;
  state = (const char *) yc_sql_column_text (find, 0);
  if (yc_sql_column_int64 (find, 1) != window)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_FORBIDDEN, "ticket %" G_GINT64_FORMAT " is not at window %" G_GINT64_FORMAT,
                   ticket, window);
      return FALSE;
    }
  if (wanted_state == NULL ? !g_str_equal (state, "called") && !g_str_equal (state, "parked")
                           : !g_str_equal (state, wanted_state))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "ticket %" G_GINT64_FORMAT " is %s, not %s", ticket, state,
                   wanted_state ? wanted_state : "called or parked");
      return FALSE;
    }
  *calls = yc_sql_column_int64 (find, 2);
  if (recalled_at != NULL)
    *recalled_at = g_strdup ((const char *) yc_sql_column_text (find, 3));
  return TRUE;
}

/* Ends a queue action in its transaction tx: the statement stmt, bound, changes the
 * ticket, the event kind is logged, and the ticket as it is now is the answer. */
static JsonNode *
apply_change (YcDbTransaction  *tx,
              YcSqlStmt     *stmt,
              gint64            ticket,
              const char       *kind,
              GError          **error)
{
  YcServerDb *self = tx->db;

  if (yc_sql_step (stmt) != YC_SQL_DONE)
    yc_db_error (error, self, kind);
  else if (yc_db_add_ticket_event (self, kind, ticket, error) && yc_db_commit (tx, error))
    return yc_db_ticket_json (self, ticket, error);
  return NULL;
}

/* The same, for sql with ?1 now and ?2 the ticket. */
static JsonNode *
change_ticket (YcDbTransaction  *tx,
               gint64            ticket,
               const char       *sql,
               const char       *kind,
               GError          **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();

  if (!(stmt = yc_db_prepare (tx->db, sql, error)))
    return NULL;
  yc_sql_bind_text (stmt, 1, now);
  yc_sql_bind_int64 (stmt, 2, ticket);
  return apply_change (tx, stmt, ticket, kind, error);
}

JsonNode *
yc_server_db_recall (YcServerDb  *self,
                     gint64       ticket,
                     gint64       window,
                     GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autofree char *recalled_at = NULL;
  gint64 calls, max_calls = MAX_CALLS (self), cool_down = RECALL_SECONDS (self), since;

  if (!yc_db_begin (self, &tx, error))
    return NULL;
  if (!ticket_at_window (self, ticket, window, "called", &calls, &recalled_at, error))
    return NULL;
  if (calls >= max_calls)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT,
                   "ticket %" G_GINT64_FORMAT " was called %" G_GINT64_FORMAT " times, the most allowed: mark it a no-show",
                   ticket, calls);
      return NULL;
    }
  if ((since = yc_time_seconds_since (recalled_at)) < cool_down)
    {
      /* Retry-After: the clerk is told how long to wait, and the desk when to offer it again. */
      GError *soon = g_error_new (YC_ERROR, YC_ERROR_CONFLICT,
                                  "ticket %" G_GINT64_FORMAT " was called %" G_GINT64_FORMAT " s ago: wait %"
                                  G_GINT64_FORMAT " s between calls", ticket, MAX (since, 0), cool_down);

      yc_error_set_retry_after (soon, (guint) CLAMP (cool_down - MAX (since, 0), 1, cool_down));
      g_propagate_error (error, soon);
      return NULL;
    }
  return change_ticket (&tx, ticket, "UPDATE tickets SET calls = calls + 1, recalled_at = ?1 WHERE id = ?2",
                        yc_ticket_action_event (YC_TICKET_ACTION_RECALL), error);
}

JsonNode *
yc_server_db_no_show (YcServerDb  *self,
                      gint64       ticket,
                      gint64       window,
                      GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  gint64 calls, max_calls = MAX_CALLS (self);

  if (!yc_db_begin (self, &tx, error))
    return NULL;
  if (!ticket_at_window (self, ticket, window, "called", &calls, NULL, error))
    return NULL;
  if (calls < max_calls)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT,
                   "ticket %" G_GINT64_FORMAT " was called %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                   " times: call it again before marking it a no-show", ticket, calls, max_calls);
      return NULL;
    }
  return change_ticket (&tx, ticket, "UPDATE tickets SET state = 'no_show', no_show_at = ?1 WHERE id = ?2",
                        yc_ticket_action_event (YC_TICKET_ACTION_NO_SHOW), error);
}

JsonNode *
yc_server_db_requeue (YcServerDb  *self,
                      gint64       ticket,
                      GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autoptr(YcSqlStmt) find = NULL;
  gint64 grace = REQUEUE_MINUTES (self) * 60;

  if (!yc_db_begin (self, &tx, error))
    return NULL;
  if (!(find = yc_db_find_ticket (self, ticket, "state, no_show_at", error)))
    return NULL;
  if (!g_str_equal ((const char *) yc_sql_column_text (find, 0), "no_show"))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "only a no-show goes back in the queue");
      return NULL;
    }
  if (yc_time_seconds_since ((const char *) yc_sql_column_text (find, 1)) > grace)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT,
                   "ticket %" G_GINT64_FORMAT " missed its turn more than %" G_GINT64_FORMAT " minutes ago: take a new one",
                   ticket, grace / 60);
      return NULL;
    }
  /* Back at the end of the queue, with its number. */
  return change_ticket (&tx, ticket,
                        "UPDATE tickets SET state = 'waiting', queued = (SELECT max (queued) + 1 FROM tickets),"
                        " window_id = NULL, clerk = NULL, calls = 0, called_at = NULL, recalled_at = NULL,"
                        " no_show_at = NULL WHERE id = ?2", yc_ticket_action_event (YC_TICKET_ACTION_REQUEUE), error);
}

static gint64 ticket_of_number (YcServerDb *self, const char *number, gboolean *waiting, GError **error);

JsonNode *
yc_server_db_call_number (YcServerDb  *self,
                          gint64       window,
                          const char  *clerk,
                          const char  *number,
                          GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autofree char *now = yc_time_now_iso8601 ();
  gboolean waiting;
  gint64 id;

  if (!yc_db_begin (self, &tx, error))
    return NULL;
  if (!yc_db_window_is_free (self, window, error))
    return NULL;
  /* Today's ticket of that number, of any service: a window may call across zones. */
  if ((id = ticket_of_number (self, number, &waiting, error)) == 0)
    return NULL;
  if (!waiting)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "ticket %s is not waiting", number);
      return NULL;
    }
  if (!take_ticket (self, id, window, clerk, now, error) || !yc_db_commit (&tx, error))
    return NULL;
  return yc_db_ticket_json (self, id, error);
}

/* Parking, returning, transferring, walk-ins */

JsonNode *
yc_server_db_park (YcServerDb  *self,
                   gint64       ticket,
                   gint64       window,
                   GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  gint64 calls;

  if (!yc_db_begin (self, &tx, error))
    return NULL;
  if (!ticket_at_window (self, ticket, window, "called", &calls, NULL, error))
    return NULL;
  return change_ticket (&tx, ticket, "UPDATE tickets SET state = 'parked', parked_at = ?1 WHERE id = ?2",
                        yc_ticket_action_event (YC_TICKET_ACTION_PARK), error);
}

JsonNode *
yc_server_db_call_back (YcServerDb  *self,
                        gint64       ticket,
                        gint64       window,
                        const char  *clerk,
                        GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();
  gint64 calls;

  if (!yc_db_begin (self, &tx, error))
    return NULL;
  if (!yc_db_window_is_free (self, window, error) ||
      !ticket_at_window (self, ticket, window, "parked", &calls, NULL, error))
    return NULL;
  /* A new call, shown on the hall's screen like the first. */
  if (!(stmt = yc_db_prepare (self,
                              "UPDATE tickets SET state = 'called', parked_at = NULL, recalled_at = ?1, calls = 1,"
                              " clerk = ?2 WHERE id = ?3", error)))
    return NULL;
  yc_sql_bind_text (stmt, 1, now);
  yc_sql_bind_text (stmt, 2, clerk);
  yc_sql_bind_int64 (stmt, 3, ticket);
  return apply_change (&tx, stmt, ticket, yc_ticket_action_event (YC_TICKET_ACTION_CALL_BACK), error);
}

/* Columns a ticket going back to waiting forgets: its window and its calls; and, unless
 * it is transferred to one, the window or clerk it was for (a column is set once in an
 * UPDATE). */
#define BACK_TO_WAITING_FOR \
  "state = 'waiting', window_id = NULL, clerk = NULL, calls = 0, called_at = NULL, recalled_at = NULL," \
  " parked_at = NULL"
#define BACK_TO_WAITING BACK_TO_WAITING_FOR ", target_window = NULL, target_clerk = NULL"

JsonNode *
yc_server_db_return (YcServerDb  *self,
                     gint64       ticket,
                     gint64       window,
                     GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  gint64 calls;

  if (!yc_db_begin (self, &tx, error))
    return NULL;
  if (!ticket_at_window (self, ticket, window, NULL, &calls, NULL, error))
    return NULL;
  /* Back where it was in the queue: first in line, as when it was called. */
  return change_ticket (&tx, ticket, "UPDATE tickets SET " BACK_TO_WAITING " WHERE id = ?2", yc_ticket_action_event (YC_TICKET_ACTION_RETURN), error);
}

JsonNode *
yc_server_db_transfer (YcServerDb  *self,
                       gint64       ticket,
                       gint64       window,
                       const char  *service,
                       gint64       to_window,
                       const char  *to_clerk,
                       const char  *note,
                       GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autoptr(YcSqlStmt) stmt = NULL;
  gint64 calls;

  if ((service != NULL) + (to_window != 0) + (to_clerk != NULL) != 1)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "transfer to one service, one window or one clerk");
      return NULL;
    }
  if (note != NULL && g_utf8_strlen (note, -1) > 500)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "the note is longer than 500 characters");
      return NULL;
    }
  if (to_window == window)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "a ticket is transferred to another window");
      return NULL;
    }
  if (!yc_db_begin (self, &tx, error))
    return NULL;
  if (!ticket_at_window (self, ticket, window, NULL, &calls, NULL, error))
    return NULL;
  if (!(service != NULL ? yc_db_exists (self, "SELECT 1 FROM services WHERE letter = ?", service, 0)
        : to_clerk != NULL ? yc_db_exists (self, "SELECT 1 FROM clerks WHERE id = ?", to_clerk, 0)
        : yc_db_exists (self, "SELECT 1 FROM windows WHERE id = ?", NULL, to_window)))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no such %s",
                   service != NULL ? "service" : to_clerk != NULL ? "clerk" : "window");
      return NULL;
    }
  /* The ticket keeps its number and its place: it waits ahead of those who came later. */
  if (!(stmt = yc_db_prepare (self,
                              "UPDATE tickets SET " BACK_TO_WAITING_FOR ", queue_service = coalesce (?1, queue_service),"
                              " target_window = nullif (?2, 0), target_clerk = ?3, transferred_from = ?4, note = ?5"
                              " WHERE id = ?6", error)))
    return NULL;
  yc_sql_bind_text (stmt, 1, service);
  yc_sql_bind_int64 (stmt, 2, to_window);
  yc_sql_bind_text (stmt, 3, to_clerk);
  yc_sql_bind_int64 (stmt, 4, window);
  yc_sql_bind_text (stmt, 5, note);
  yc_sql_bind_int64 (stmt, 6, ticket);
  return apply_change (&tx, stmt, ticket, yc_ticket_action_event (YC_TICKET_ACTION_TRANSFER), error);
}

JsonNode *
yc_server_db_walk_in (YcServerDb  *self,
                      gint64       window,
                      const char  *clerk,
                      const char  *service,
                      GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  gint64 id;

  if (!yc_db_begin (self, &tx, error))
    return NULL;
  if (!yc_db_window_is_free (self, window, error) ||
      !insert_ticket (self, service, NULL, NULL, 0, NULL, window, clerk, &id, error) ||
      !yc_db_commit (&tx, error))
    return NULL;
  return yc_db_ticket_json (self, id, error);
}

/* Today's ticket of that number, or 0 (and error); *waiting (may be NULL): whether it
 * waits. */
static gint64
ticket_of_number (YcServerDb  *self,
                  const char  *number,
                  gboolean    *waiting,
                  GError     **error)
{
  g_autoptr(YcSqlStmt) find = yc_db_prepare (self, "SELECT id, state = 'waiting' FROM tickets WHERE number = ? AND day = ?",
                                                error);
  g_autofree char *day = yc_time_today ();

  if (find == NULL)
    return 0;
  yc_sql_bind_text (find, 1, number);
  yc_sql_bind_text (find, 2, day);
  if (yc_sql_step (find) != YC_SQL_ROW)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "no ticket %s was issued today", number);
      return 0;
    }
  if (waiting != NULL)
    *waiting = yc_sql_column_int64 (find, 1);
  return yc_sql_column_int64 (find, 0);
}

JsonNode *
yc_server_db_requeue_number (YcServerDb  *self,
                             const char  *number,
                             GError     **error)
{
  gint64 id = ticket_of_number (self, number, NULL, error);

  return id != 0 ? yc_server_db_requeue (self, id, error) : NULL;
}

