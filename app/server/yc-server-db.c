/* yc-server-db.c: what the reference server's storage (yc-sql.h: SQLite or PostgreSQL)
 * is built on: the statement cache, the one transaction helper, the meta values and the
 * event log. The domains stand on it, each in its own file over yc-server-db-private.h
 * (accounts, tickets, windows, hall, ratings, tasks, records, catalogue, lookup, audit);
 * yc-server-schema.c opens the database and migrates it.
 *
 * Every change that decides who gets what runs in a BEGIN IMMEDIATE transaction (on
 * PostgreSQL, one holding the writers' advisory lock), so even several server processes
 * on one database never hand a ticket out twice. */
#include "yc-server-db-private.h"

#include "core/yc-error.h"
#include "core/yc-time.h"
#include "core/yc-wire.h"

#include <string.h>
#include <sys/random.h>

gboolean
yc_db_error (GError     **error,
             YcServerDb  *self,
             const char  *what)
{
  g_set_error (error, YC_ERROR, yc_sql_failure (self->db) == YC_SQL_DISK_FULL ? YC_ERROR_DISK_FULL : YC_ERROR_STORAGE,
               "%s: %s", what, yc_sql_errmsg (self->db));
  return FALSE;
}

gboolean
yc_db_exec (YcServerDb  *self,
            const char  *sql,
            GError     **error)
{
  if (!yc_sql_exec (self->db, sql))
    return yc_db_error (error, self, sql);
  return TRUE;
}

static void
finalize (gpointer stmt)
{
  yc_sql_finalize (stmt);
}

/* The statement for sql, prepared the first time and kept by its text: a call runs a
 * dozen statements, hundreds of calls a second, and parsing them each time was a
 * quarter of the server's work. Kept for each hall apart: PostgreSQL plans a prepared
 * statement again whenever the search path has changed since its last run, which with
 * halls taking turns would be at almost every run. The caller has it until it goes out
 * of scope (g_autoptr), when it is reset for the next; so the same SQL is not run again
 * while it is stepped (no statement runs within its own loop). */
YcSqlStmt *
yc_db_prepare (YcServerDb  *self,
               const char  *sql,
               GError     **error)
{
  const char *schema = self->hall != NULL && self->hall->schema != NULL ? self->hall->schema : "";
  GHashTable *cache = g_hash_table_lookup (self->statements, schema);
  YcSqlStmt *stmt;

  if (cache == NULL)
    {
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize);
      g_hash_table_insert (self->statements, g_strdup (schema), cache);
    }
  stmt = g_hash_table_lookup (cache, sql);

  if (stmt != NULL)
    {
      if (G_UNLIKELY (yc_sql_busy (stmt)))
        {
          g_critical ("A statement is run again while it is stepped: %s", sql);
          g_set_error (error, YC_ERROR, YC_ERROR_STORAGE, "statement in use: %s", sql);
          return NULL;
        }
      return stmt;
    }
  if ((stmt = yc_sql_prepare (self->db, sql)) == NULL)
    {
      yc_db_error (error, self, sql);
      return NULL;
    }
  /* The statement keeps its own copy of the text: the key lives as long as it does. */
  g_hash_table_insert (cache, (gpointer) yc_sql_text (stmt), stmt);
  return stmt;
}


/* Given back to the cache: ready to run again, holding no read lock and no pointer to
 * the caller's strings. */
void
yc_db_release (YcSqlStmt *stmt)
{
  yc_sql_reset (stmt);
  yc_sql_clear_bindings (stmt);
}

/* A statement without parameters or rows, through the cache. */
gboolean
yc_db_run (YcServerDb  *self,
           const char  *sql,
           GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (yc_sql_step (stmt) != YC_SQL_DONE)
    return yc_db_error (error, self, sql);
  return TRUE;
}

/* The one way into a transaction: BEGIN IMMEDIATE here, and whatever leaves the scope of
 * the YcDbTransaction without yc_db_commit() rolls back (g_auto). */
gboolean
yc_db_begin (YcServerDb       *self,
             YcDbTransaction  *tx,
             GError          **error)
{
  g_return_val_if_fail (tx->db == NULL, FALSE);

  if (!yc_db_run (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  tx->db = self;
  self->in_transaction = TRUE;
  return TRUE;
}

/* A snapshot to read from, that writes nothing: BEGIN (deferred). */
gboolean
yc_db_begin_read (YcServerDb       *self,
                  YcDbTransaction  *tx,
                  GError          **error)
{
  g_return_val_if_fail (tx->db == NULL, FALSE);

  if (!yc_db_run (self, "BEGIN", error))
    return FALSE;
  tx->db = self;
  self->in_transaction = TRUE;
  return TRUE;
}

gboolean
yc_db_lock_city (YcServerDb  *self,
                 GError     **error)
{
  g_return_val_if_fail (self->in_transaction, FALSE);

  if (!yc_sql_lock_city (self->db))
    return yc_db_error (error, self, "the city's lock");
  return TRUE;
}

gboolean
yc_db_commit (YcDbTransaction  *tx,
              GError          **error)
{
  YcServerDb *self = tx->db;
  gboolean added;

  g_return_val_if_fail (self != NULL, FALSE);

  added = self->events_added;
  self->events_added = FALSE;
  tx->db = NULL;
  if (!yc_db_run (self, "COMMIT", error))
    {
      yc_db_run (self, "ROLLBACK", NULL);
      self->in_transaction = FALSE;
      return FALSE;
    }
  self->in_transaction = FALSE;
  /* Told only once the events are there for everyone to read. */
  if (added && self->event_func != NULL)
    self->event_func (self, self->hall->code, self->event_data);
  return TRUE;
}

void
yc_db_transaction_clear (YcDbTransaction *tx)
{
  if (tx->db == NULL)
    return;
  tx->db->events_added = FALSE;
  yc_db_run (tx->db, "ROLLBACK", NULL);
  tx->db->in_transaction = FALSE;
  tx->db = NULL;
}

void
yc_db_set_text (JsonObject   *object,
                const char   *member,
                YcSqlStmt *stmt,
                int           column)
{
  if (yc_sql_column_type (stmt, column) == YC_SQL_NULL)
    json_object_set_null_member (object, member);
  else
    json_object_set_string_member (object, member, (const char *) yc_sql_column_text (stmt, column));
}

/* A failure here is the disk's, and as rare. Every caller refuses what it was checking
 * for when there is no row, so a failure is logged rather than passed up. */
gboolean
yc_db_exists (YcServerDb *self,
              const char *sql,
              const char *text,
              gint64      number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, sql, &error);
  int rc;

  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return FALSE;
    }
  if (text != NULL)
    yc_sql_bind_text (stmt, 1, text);
  else
    yc_sql_bind_int64 (stmt, 1, number);
  rc = yc_sql_step (stmt);
  if (rc != YC_SQL_ROW && rc != YC_SQL_DONE)
    g_warning ("%s: %s", sql, yc_sql_errmsg (self->db));
  return rc == YC_SQL_ROW;
}

gboolean
yc_db_has_column (YcServerDb *self,
                  const char *table,
                  const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM pragma_table_info ('%s') WHERE name = ?", table);
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, sql, NULL);

  if (stmt == NULL)
    return FALSE;
  yc_sql_bind_text (stmt, 1, column);
  return yc_sql_step (stmt) == YC_SQL_ROW;
}

char *
yc_db_random_hex (gsize bytes)
{
  guint8 buffer[64];
  GString *out = g_string_new (NULL);

  g_assert (bytes <= sizeof buffer);
  if (getrandom (buffer, bytes, 0) != (gssize) bytes)
    for (gsize i = 0; i < bytes; i++)
      buffer[i] = (guint8) g_random_int ();
  for (gsize i = 0; i < bytes; i++)
    g_string_append_printf (out, "%02x", buffer[i]);
  return g_string_free (out, FALSE);
}
char *
yc_db_meta_value (YcServerDb *self,
                  const char *key)
{
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);

  if (stmt == NULL)
    return g_strdup ("");
  yc_sql_bind_text (stmt, 1, key);
  if (yc_sql_step (stmt) == YC_SQL_ROW)
    return g_strdup ((const char *) yc_sql_column_text (stmt, 0));
  return g_strdup ("");
}

/* A ticket, as every domain reads it */

/* The ticket's row with columns (SQL), stepped onto; YC_ERROR_NOT_FOUND without one. */
YcSqlStmt *
yc_db_find_ticket (YcServerDb  *self,
                   gint64       ticket,
                   const char  *columns,
                   GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM tickets WHERE id = ?", columns);
  YcSqlStmt *stmt = yc_db_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  yc_sql_bind_int64 (stmt, 1, ticket);
  if (yc_sql_step (stmt) != YC_SQL_ROW)
    {
      yc_db_release (stmt);
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no ticket %" G_GINT64_FORMAT, ticket);
      return NULL;
    }
  return stmt;
}

JsonNode *
yc_db_ticket_json (YcServerDb  *self,
                   gint64       id,
                   GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  /* Text columns, by their member names; NULL ones are left out. */
  const char *columns[] = { "number", "service", "state", "issued_at", "called_at", "finished_at",
                            "priority", "appointment_at", "parked_at", "target_clerk", "note", "outcome" };
  enum { WINDOW = G_N_ELEMENTS (columns), CALLS, WALK_IN, TARGET_WINDOW, FROM, FROM_NAME, STORY };

  if (!(stmt = yc_db_prepare (self,
                              "SELECT number, coalesce (queue_service, service), state, issued_at, called_at, finished_at,"
                              " priority, appointment_at, parked_at, target_clerk, note, outcome,"
                              " window_id, calls, walk_in, target_window, transferred_from,"
                              " coalesce ((SELECT name FROM windows WHERE id = transferred_from), ''), story"
                              " FROM tickets WHERE id = ?", error)))
    return NULL;
  yc_sql_bind_int64 (stmt, 1, id);
  if (yc_sql_step (stmt) != YC_SQL_ROW)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no ticket %" G_GINT64_FORMAT, id);
      return NULL;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      if (yc_sql_column_type (stmt, (int) i) == YC_SQL_NULL)
        continue;
      json_builder_set_member_name (builder, columns[i]);
      json_builder_add_string_value (builder, (const char *) yc_sql_column_text (stmt, (int) i));
    }
  if (yc_sql_column_type (stmt, WINDOW) != YC_SQL_NULL)
    {
      json_builder_set_member_name (builder, "window");
      json_builder_add_int_value (builder, yc_sql_column_int64 (stmt, WINDOW));
    }
  if (yc_sql_column_int64 (stmt, CALLS) > 0)
    {
      json_builder_set_member_name (builder, "calls");
      json_builder_add_int_value (builder, yc_sql_column_int64 (stmt, CALLS));
    }
  if (yc_sql_column_int64 (stmt, WALK_IN) != 0)
    {
      json_builder_set_member_name (builder, "walk_in");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (yc_sql_column_type (stmt, TARGET_WINDOW) != YC_SQL_NULL)
    {
      json_builder_set_member_name (builder, "target_window");
      json_builder_add_int_value (builder, yc_sql_column_int64 (stmt, TARGET_WINDOW));
    }
  if (yc_sql_column_type (stmt, FROM) != YC_SQL_NULL)
    {
      json_builder_set_member_name (builder, "transferred_from");
      json_builder_add_int_value (builder, yc_sql_column_int64 (stmt, FROM));
      json_builder_set_member_name (builder, "transferred_from_name");
      json_builder_add_string_value (builder, (const char *) yc_sql_column_text (stmt, FROM_NAME));
    }
  /* A training citizen's story, as the scenario gave it: a text, or an object of texts
   * by language. */
  if (yc_sql_column_type (stmt, STORY) != YC_SQL_NULL)
    {
      JsonNode *story = json_from_string ((const char *) yc_sql_column_text (stmt, STORY), NULL);

      if (story != NULL)
        {
          json_builder_set_member_name (builder, "story");
          json_builder_add_value (builder, story);
        }
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Events */

/* Another process on the database committed events to the hall of schema (or this one:
 * told twice, the listeners find nothing new the second time). */
static void
notified (const char *schema,
          gpointer    data)
{
  YcServerDb *self = data;
  const YcDbHall *hall = yc_db_hall_of_schema (self, schema);

  if (hall != NULL && self->event_func != NULL)
    self->event_func (self, hall->code, self->event_data);
}

static gboolean
catch_up_cb (gpointer data)
{
  YcServerDb *self = data;

  g_clear_pointer (&self->catch_up, g_source_unref);
  for (guint i = 0; self->event_func != NULL && i < self->halls->len; i++)
    self->event_func (self, ((const YcDbHall *) g_ptr_array_index (self->halls, i))->code, self->event_data);
  return G_SOURCE_REMOVE;
}

void
yc_db_reconnected (gpointer data)
{
  YcServerDb *self = data;
  g_autoptr(GMainContext) context = NULL;

  self->hall = g_ptr_array_index (self->halls, 0);
  if (self->event_func == NULL || self->catch_up != NULL)
    return;
  context = g_main_context_ref_thread_default ();
  self->catch_up = g_idle_source_new ();
  g_source_set_callback (self->catch_up, catch_up_cb, self, NULL);
  g_source_set_static_name (self->catch_up, "yichuang-server events after a reconnection");
  g_source_attach (self->catch_up, context);
}

void
yc_server_db_set_event_func (YcServerDb          *self,
                             YcServerDbEventFunc  func,
                             gpointer             data)
{
  g_autoptr(GMainContext) context = NULL;

  self->event_func = func;
  self->event_data = data;
  yc_sql_unlisten (self->db);
  if (func == NULL)
    return;
  context = g_main_context_ref_thread_default ();
  if (!yc_sql_listen (self->db, "yichuang_events", context, notified, self))
    g_warning ("Events of the other server processes will not be heard: %s", yc_sql_errmsg (self->db));
}

/* The key of the duty's advisory lock: "YC" and 2. */
#define DUTY_LOCK G_GINT64_CONSTANT (1497628674)

gboolean
yc_server_db_has_duty (YcServerDb *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->duty)
    return self->duty = yc_sql_hold_lock (self->db, DUTY_LOCK);
  if (self->duty_asked != 0 && now - self->duty_asked < YC_SERVER_DB_DUTY_RETRY * G_USEC_PER_SEC)
    return FALSE;
  self->duty_asked = now;
  self->duty = yc_sql_hold_lock (self->db, DUTY_LOCK);
  if (self->duty && yc_sql_engine (self->db) == YC_SQL_POSTGRESQL)
    g_message ("This process does the database's duties (escalation, the simulator)");
  return self->duty;
}

/* Appends an event to the transaction under way; those who listen are told at commit. */
gboolean
yc_db_add_event (YcServerDb  *self,
                 const char  *kind,
                 JsonNode    *body,
                 GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autofree char *text = yc_wire_to_string (body);
  g_autofree char *now = yc_time_now_iso8601 ();

  if (!(stmt = yc_db_prepare (self, "INSERT INTO events (at, kind, body) VALUES (?, ?, ?)", error)))
    return FALSE;
  yc_sql_bind_text (stmt, 1, now);
  yc_sql_bind_text (stmt, 2, kind);
  yc_sql_bind_text (stmt, 3, text);
  if (yc_sql_step (stmt) != YC_SQL_DONE)
    return yc_db_error (error, self, "event");
  self->events_added = TRUE;
  return TRUE;
}


gint64
yc_server_db_last_event (YcServerDb *self)
{
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, "SELECT coalesce (max (id), 0) FROM events", NULL);

  return stmt != NULL && yc_sql_step (stmt) == YC_SQL_ROW ? yc_sql_column_int64 (stmt, 0) : 0;
}

GPtrArray *
yc_server_db_events_after (YcServerDb  *self,
                           gint64       after,
                           guint        limit,
                           GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  int rc;

  if (!(stmt = yc_db_prepare (self, "SELECT id, at, kind, body FROM events WHERE id > ? ORDER BY id LIMIT ?", error)))
    return NULL;
  yc_sql_bind_int64 (stmt, 1, after);
  yc_sql_bind_int64 (stmt, 2, limit);
  while ((rc = yc_sql_step (stmt)) == YC_SQL_ROW)
    {
      const char *body_text = (const char *) yc_sql_column_text (stmt, 3);
      g_autoptr(JsonNode) body = yc_wire_parse_object (body_text, strlen (body_text), YC_ERROR_STORAGE, NULL);
      JsonObject *event;

      if (body == NULL)
        continue;
      event = json_object_new ();
      json_object_set_int_member (event, "id", yc_sql_column_int64 (stmt, 0));
      json_object_set_string_member (event, "kind", (const char *) yc_sql_column_text (stmt, 2));
      json_object_set_string_member (event, "at", (const char *) yc_sql_column_text (stmt, 1));
      json_object_set_member (event, "body", g_steal_pointer (&body));
      g_ptr_array_add (events, json_node_init_object (json_node_alloc (), event));
      json_object_unref (event);
    }
  if (rc != YC_SQL_DONE)
    {
      yc_db_error (error, self, "events");
      return NULL;
    }
  return g_steal_pointer (&events);
}
