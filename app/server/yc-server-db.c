/* yc-server-db.c: the reference server's storage (SQLite, WAL) and queue arbitration.
 *
 * Every change that decides who gets what runs in a BEGIN IMMEDIATE transaction, so
 * even several server processes on one database never hand a ticket out twice. */
#include "yc-server-db.h"

#include "core/yc-case.h"
#include "core/yc-catalogue.h"
#include "core/yc-error.h"
#include "core/yc-ident.h"
#include "core/yc-mask.h"
#include "core/yc-task.h"
#include "core/yc-ticket.h"
#include "core/yc-time.h"
#include "core/yc-wire.h"
#include "core/yc-workdays.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/random.h>

#define SESSION_HOURS 12

struct _YcServerDb
{
  sqlite3              *db;
  gboolean              events_added;   /* by the transaction under way */
  GHashTable           *statements;     /* SQL text → sqlite3_stmt, prepared once */
  GHashTable           *reusable;       /* reusable_keys() of the catalogue at … */
  gint64                reusable_revision;  /* … this revision, -1 before */
  YcWorkCalendar       *calendar;       /* the catalogue's calendars, read once; NULL
                                         * until asked for and after one is written */
  YcServerDbEventFunc   event_func;
  gpointer              event_data;
};

static char *catalogue_epoch (YcServerDb *self);
static gboolean migrate_follow_ups (YcServerDb *self, GError **error);

/* calls: how many times it was called (recalls included), recalled_at the last of them;
 * queued orders the waiting: one above the highest when issued, and again when a no-show
 * is put back in the queue (a ticket returned or transferred keeps its place).
 * A parked ticket (挂起) stays with its window until called back. A transferred one
 * waits in the queue of queue_service (its number stays that of service), or only for
 * target_window or target_clerk; transferred_from and note say where from and why. A walk-in was served without waiting. outcome,
 * outcome_note and delivered (a JSON array) are what the clerk said at Finish. */
#define TICKETS_COLUMNS \
  "  id INTEGER PRIMARY KEY AUTOINCREMENT," \
  "  number TEXT NOT NULL, service TEXT NOT NULL REFERENCES services (letter)," \
  "  day TEXT NOT NULL, seq INTEGER NOT NULL," \
  "  state TEXT NOT NULL DEFAULT 'waiting'" \
  "    CHECK (state IN ('waiting', 'called', 'parked', 'finished', 'no_show'))," \
  "  issued_at TEXT NOT NULL, called_at TEXT, finished_at TEXT," \
  "  window_id INTEGER, clerk TEXT," \
  "  calls INTEGER NOT NULL DEFAULT 0, recalled_at TEXT, queued INTEGER NOT NULL DEFAULT 0, no_show_at TEXT," \
  "  priority TEXT, appointment_at TEXT," \
  "  walk_in INTEGER NOT NULL DEFAULT 0, parked_at TEXT," \
  "  target_window INTEGER, target_clerk TEXT, transferred_from INTEGER, note TEXT, queue_service TEXT," \
  "  outcome TEXT, outcome_note TEXT, delivered TEXT," \
  "  UNIQUE (service, day, seq));"
#define TICKETS_TABLE "CREATE TABLE IF NOT EXISTS tickets (" TICKETS_COLUMNS

/* A database from before recalls and no-shows: its tickets table is made again with
 * the new columns and state, in one transaction. */
static const char migrate_tickets_sql[] =
  "BEGIN IMMEDIATE;"
  "ALTER TABLE tickets RENAME TO tickets_before;"
  TICKETS_TABLE
  "INSERT INTO tickets (id, number, service, day, seq, state, issued_at, called_at, finished_at, window_id, clerk,"
  "                     calls, recalled_at, queued)"
  "  SELECT id, number, service, day, seq, state, issued_at, called_at, finished_at, window_id, clerk,"
  "         CASE WHEN called_at IS NULL THEN 0 ELSE 1 END, called_at, id FROM tickets_before;"
  "DROP TABLE tickets_before;"
  "COMMIT;";

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS services ("
  "  letter TEXT PRIMARY KEY CHECK (length (letter) = 1),"
  "  name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', expected_minutes INTEGER);"
  "CREATE TABLE IF NOT EXISTS windows ("
  "  id INTEGER PRIMARY KEY, name TEXT NOT NULL, zone TEXT NOT NULL DEFAULT '');"
  "CREATE TABLE IF NOT EXISTS window_services ("
  "  window_id INTEGER NOT NULL REFERENCES windows (id),"
  "  service TEXT NOT NULL REFERENCES services (letter),"
  "  PRIMARY KEY (window_id, service));"
  /* The packages (一件事) a service's citizens most often come for, in the order the
   * desk offers them when one of its tickets is at the window. */
  "CREATE TABLE IF NOT EXISTS service_packages ("
  "  service TEXT NOT NULL REFERENCES services (letter), position INTEGER NOT NULL,"
  "  package TEXT NOT NULL, PRIMARY KEY (service, position));"
  "CREATE TABLE IF NOT EXISTS clerks ("
  "  id TEXT PRIMARY KEY, name TEXT NOT NULL, salt TEXT NOT NULL, pin_hash TEXT NOT NULL,"
  "  window_id INTEGER REFERENCES windows (id));"
  "CREATE TABLE IF NOT EXISTS sessions ("
  "  token_hash TEXT PRIMARY KEY, clerk TEXT NOT NULL REFERENCES clerks (id),"
  "  window_id INTEGER NOT NULL REFERENCES windows (id),"
  "  created_at TEXT NOT NULL, expires INTEGER NOT NULL);"
  TICKETS_TABLE
  /* A window's state; one without a row is open. */
  "CREATE TABLE IF NOT EXISTS window_states ("
  "  window_id INTEGER PRIMARY KEY REFERENCES windows (id),"
  "  state TEXT NOT NULL CHECK (state IN ('open', 'paused', 'closed')), reason TEXT, since TEXT NOT NULL);"
  /* What a call, a count and a new ticket read, so that none of them reads every
   * ticket: the waiting in line, by tier of the call policy, and by queue; a window's
   * tickets; the last place in line. */
  "DROP INDEX IF EXISTS tickets_waiting;"
  "CREATE INDEX IF NOT EXISTS tickets_line ON tickets (queued, id) WHERE state = 'waiting';"
  "CREATE INDEX IF NOT EXISTS tickets_due ON tickets (appointment_at) WHERE state = 'waiting' AND appointment_at IS NOT NULL;"
  "CREATE INDEX IF NOT EXISTS tickets_priority ON tickets (queued) WHERE state = 'waiting' AND priority IS NOT NULL;"
  "CREATE INDEX IF NOT EXISTS tickets_to_window ON tickets (target_window) WHERE state = 'waiting';"
  "CREATE INDEX IF NOT EXISTS tickets_to_clerk ON tickets (target_clerk) WHERE state = 'waiting';"
  "CREATE INDEX IF NOT EXISTS tickets_queue ON tickets (coalesce (queue_service, service), issued_at)"
  "  WHERE state = 'waiting';"
  "CREATE INDEX IF NOT EXISTS tickets_window ON tickets (window_id, state);"
  "CREATE INDEX IF NOT EXISTS tickets_queued ON tickets (queued);"
  /* How many wait in each queue, kept by the tickets' own triggers: every event carries
   * the counts, and counting a long queue at every event would read all of it. Made
   * again from the tickets when the database opens (count_waiting_sql). */
  "CREATE TABLE IF NOT EXISTS queue_waiting (service TEXT PRIMARY KEY, waiting INTEGER NOT NULL);"
  "CREATE TRIGGER IF NOT EXISTS tickets_waiting_insert AFTER INSERT ON tickets WHEN NEW.state = 'waiting' BEGIN"
  "  INSERT INTO queue_waiting (service, waiting) VALUES (coalesce (NEW.queue_service, NEW.service), 1)"
  "    ON CONFLICT (service) DO UPDATE SET waiting = waiting + 1;"
  " END;"
  "CREATE TRIGGER IF NOT EXISTS tickets_waiting_leave AFTER UPDATE OF state, queue_service, service ON tickets"
  "  WHEN OLD.state = 'waiting' BEGIN"
  "  UPDATE queue_waiting SET waiting = waiting - 1 WHERE service = coalesce (OLD.queue_service, OLD.service);"
  " END;"
  "CREATE TRIGGER IF NOT EXISTS tickets_waiting_enter AFTER UPDATE OF state, queue_service, service ON tickets"
  "  WHEN NEW.state = 'waiting' BEGIN"
  "  INSERT INTO queue_waiting (service, waiting) VALUES (coalesce (NEW.queue_service, NEW.service), 1)"
  "    ON CONFLICT (service) DO UPDATE SET waiting = waiting + 1;"
  " END;"
  "CREATE TRIGGER IF NOT EXISTS tickets_waiting_delete AFTER DELETE ON tickets WHEN OLD.state = 'waiting' BEGIN"
  "  UPDATE queue_waiting SET waiting = waiting - 1 WHERE service = coalesce (OLD.queue_service, OLD.service);"
  " END;"
  "CREATE TABLE IF NOT EXISTS records ("
  "  id TEXT PRIMARY KEY, kind TEXT NOT NULL, clerk TEXT NOT NULL, window_id INTEGER NOT NULL,"
  "  created_at TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS catalogue ("
  "  kind TEXT NOT NULL CHECK (kind IN ('department', 'item', 'package', 'calendar')),"
  "  code TEXT NOT NULL, body TEXT, revision INTEGER NOT NULL UNIQUE,"
  "  PRIMARY KEY (kind, code));"
  /* The decisions of intakes: their official numbers, and what the clerk's list shows. */
  "CREATE TABLE IF NOT EXISTS cases ("
  "  id TEXT PRIMARY KEY REFERENCES records (id), case_number TEXT UNIQUE,"
  "  clerk TEXT NOT NULL, window_id INTEGER NOT NULL, decision TEXT NOT NULL, status TEXT NOT NULL,"
  "  title TEXT, package TEXT, applicant_name TEXT NOT NULL, applicant_id TEXT,"
  "  accepted_on TEXT NOT NULL, due_date TEXT, review_due TEXT, ticket TEXT, received_at TEXT NOT NULL,"
  "  applicant_key TEXT);"
  "CREATE INDEX IF NOT EXISTS cases_clerk ON cases (clerk, received_at);"
  "CREATE INDEX IF NOT EXISTS cases_applicant ON cases (applicant_key, received_at);"
  /* The e-licence registry (电子证照库) lookups fill forms from: by the hash of an ID number
   * or credit code, never the number itself. */
  "CREATE TABLE IF NOT EXISTS licences (key TEXT PRIMARY KEY, body TEXT NOT NULL);"
  /* 好差评: one rating per visit, from the window's rating pad; a bad one is followed up
   * (整改) by the clerk within 15 working days. */
  "CREATE TABLE IF NOT EXISTS ratings ("
  "  ticket_id INTEGER PRIMARY KEY REFERENCES tickets (id), level TEXT NOT NULL, comment TEXT,"
  "  clerk TEXT, window_id INTEGER, rated_at TEXT NOT NULL);"
  /* What the centre assigns (docs/api.md, "Tasks"): to a clerk, or to a window or a zone
   * for one of its clerks to claim; due dates YYYY-MM-DD, each the end of its day; the
   * escalation (三单一函) only ever rises. */
  "CREATE TABLE IF NOT EXISTS tasks ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, title TEXT NOT NULL, detail TEXT,"
  "  clerk TEXT, window_id INTEGER, zone TEXT, claimed_by TEXT, ticket_id INTEGER, case_number TEXT,"
  "  created_at TEXT NOT NULL, respond_by TEXT NOT NULL, finish_by TEXT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'claimed', 'done')),"
  "  escalation INTEGER NOT NULL DEFAULT 0, escalated_at TEXT, result TEXT, done_at TEXT, done_by TEXT);"
  "CREATE INDEX IF NOT EXISTS tasks_open ON tasks (finish_by) WHERE state != 'done';"
  /* What happened, in order, for the event stream and its catch-up (GET /events). */
  "CREATE TABLE IF NOT EXISTS events ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL);"
  "PRAGMA user_version = 1;";

static const char count_waiting_sql[] =
  "BEGIN IMMEDIATE;"
  "DELETE FROM queue_waiting;"
  "INSERT INTO queue_waiting (service, waiting)"
  "  SELECT coalesce (queue_service, service), count (*) FROM tickets WHERE state = 'waiting' GROUP BY 1;"
  "COMMIT;";

static gboolean
sql_error (GError     **error,
           YcServerDb  *self,
           const char  *what)
{
  int rc = sqlite3_errcode (self->db);

  g_set_error (error, YC_ERROR, rc == SQLITE_FULL ? YC_ERROR_DISK_FULL : YC_ERROR_STORAGE,
               "%s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec_sql (YcServerDb  *self,
          const char  *sql,
          GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return sql_error (error, self, sql);
  return TRUE;
}

/* The statement for sql, prepared the first time and kept by its text: a call runs a
 * dozen statements, hundreds of calls a second, and parsing them each time was a
 * quarter of the server's work. The caller has it until it goes out of scope (g_autoptr),
 * when it is reset for the next; so the same SQL is not run again while it is stepped
 * (no statement runs within its own loop). */
static sqlite3_stmt *
prepare (YcServerDb  *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      if (G_UNLIKELY (sqlite3_stmt_busy (stmt)))
        {
          g_critical ("A statement is run again while it is stepped: %s", sql);
          g_set_error (error, YC_ERROR, YC_ERROR_STORAGE, "statement in use: %s", sql);
          return NULL;
        }
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      sql_error (error, self, sql);
      return NULL;
    }
  /* The statement keeps its own copy of the text: the key lives as long as it does. */
  g_hash_table_insert (self->statements, (gpointer) sqlite3_sql (stmt), stmt);
  return stmt;
}

static void
finalize (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* Given back to the cache: ready to run again, holding no read lock and no pointer to
 * the caller's strings. */
static void
release (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, release)

/* A statement without parameters or rows, through the cache. */
static gboolean
run (YcServerDb  *self,
     const char  *sql,
     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (error, self, sql);
  return TRUE;
}

static gboolean
begin (YcServerDb  *self,
       GError     **error)
{
  return run (self, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (YcServerDb  *self,
        GError     **error)
{
  gboolean added = self->events_added;

  self->events_added = FALSE;
  if (!run (self, "COMMIT", error))
    {
      run (self, "ROLLBACK", NULL);
      return FALSE;
    }
  /* Told only once the events are there for everyone to read. */
  if (added && self->event_func != NULL)
    self->event_func (self, self->event_data);
  return TRUE;
}

static void
rollback (YcServerDb *self)
{
  self->events_added = FALSE;
  run (self, "ROLLBACK", NULL);
}

static gboolean
has_column (YcServerDb *self,
            const char *table,
            const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM pragma_table_info ('%s') WHERE name = ?", table);
  g_autoptr(sqlite3_stmt) stmt = prepare (self, sql, NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, column, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* The tickets table made again with today's columns, keeping every column the old one
 * shares with them. Runs with foreign keys off: ratings point at the tickets. */
static gboolean
rebuild_tickets (YcServerDb  *self,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) columns = prepare (self, "SELECT name FROM pragma_table_info ('tickets')", error);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *sql = NULL;

  if (columns == NULL)
    return FALSE;
  while (sqlite3_step (columns) == SQLITE_ROW)
    g_string_append_printf (names, "%s\"%s\"", names->len ? ", " : "", sqlite3_column_text (columns, 0));
  sql = g_strdup_printf ("BEGIN IMMEDIATE;"
                         "CREATE TABLE tickets_new (" TICKETS_COLUMNS
                         "INSERT INTO tickets_new (%s) SELECT %s FROM tickets;"
                         "DROP TABLE tickets;"
                         "ALTER TABLE tickets_new RENAME TO tickets;"
                         "COMMIT;", names->str, names->str);
  return exec_sql (self, sql, error);
}

static gboolean
migrate (YcServerDb  *self,
         GError     **error)
{
  if (has_column (self, "tickets", "number") && !has_column (self, "tickets", "calls") &&
      !exec_sql (self, migrate_tickets_sql, error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  /* Since then, new columns and the parked state: the table is made again, and what
   * the old one had is copied. */
  if (has_column (self, "tickets", "number") && !has_column (self, "tickets", "queue_service") &&
      !rebuild_tickets (self, error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  /* A service's expected time came later: a plain new column. */
  if (has_column (self, "services", "letter") && !has_column (self, "services", "expected_minutes") &&
      !exec_sql (self, "ALTER TABLE services ADD COLUMN expected_minutes INTEGER;", error))
    return FALSE;
  return TRUE;
}

YcServerDb *
yc_server_db_open (const char  *path,
                   GError     **error)
{
  YcServerDb *self = g_new0 (YcServerDb, 1);
  int fd;

  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize);

  /* Clerks' PIN hashes and applicants' records: private to the server's account. */
  fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0)
    close (fd);

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_STORAGE, "cannot open %s: %s", path,
                   self->db ? sqlite3_errmsg (self->db) : "out of memory");
      yc_server_db_free (self);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);

  /* Foreign keys are on only once an older database is migrated. */
  if (!exec_sql (self, "PRAGMA journal_mode = WAL;", error) ||
      !exec_sql (self, "PRAGMA synchronous = FULL;", error) ||
      !migrate (self, error) ||
      !exec_sql (self, "PRAGMA foreign_keys = ON;", error) ||
      !exec_sql (self, schema_sql, error) ||
      !migrate_follow_ups (self, error) ||
      !exec_sql (self, count_waiting_sql, error))
    {
      yc_server_db_free (self);
      return NULL;
    }

  /* A new database starts a new catalogue history, named once here. */
  g_free (catalogue_epoch (self));
  return self;
}

void
yc_server_db_free (YcServerDb *self)
{
  if (self == NULL)
    return;
  /* Every statement finalized first, or the connection stays open. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_clear_pointer (&self->reusable, g_hash_table_unref);
  g_clear_pointer (&self->calendar, yc_work_calendar_unref);
  g_free (self);
}

gboolean
yc_server_db_is_empty (YcServerDb *self)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT count(*) FROM clerks", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) == 0;
}

/* Credentials */

static char *
random_hex (gsize bytes)
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

  if (!(meta = prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error)) ||
      !(service = prepare (self, "INSERT INTO services (letter, name, description, expected_minutes)"
                                 " VALUES (?, ?, ?, nullif (?, 0))", error)) ||
      !(window = prepare (self, "INSERT INTO windows (id, name, zone) VALUES (?, ?, ?)", error)) ||
      !(window_service = prepare (self, "INSERT INTO window_services (window_id, service) VALUES (?, ?)", error)) ||
      !(service_package = prepare (self, "INSERT INTO service_packages (service, position, package) VALUES (?, ?, ?)", error)) ||
      !(clerk = prepare (self, "INSERT INTO clerks (id, name, salt, pin_hash, window_id) VALUES (?, ?, ?, ?, ?)", error)))
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
          return sql_error (error, self, "hall");
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
          return sql_error (error, self, "queue rules");
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
        return sql_error (error, self, "service");

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
                return sql_error (error, self, "service package");
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
        return sql_error (error, self, "window");
      for (guint j = 0; j < json_array_get_length (served); j++)
        {
          const char *letter = json_array_get_string_element (served, j);
          sqlite3_reset (window_service);
          sqlite3_bind_int64 (window_service, 1, id);
          sqlite3_bind_text (window_service, 2, letter, -1, SQLITE_TRANSIENT);
          if (letter == NULL || sqlite3_step (window_service) != SQLITE_DONE)
            return sql_error (error, self, "window service");
        }
    }

  for (guint i = 0; i < json_array_get_length (clerks); i++)
    {
      JsonObject *c = json_array_get_object_element (clerks, i);
      g_autofree char *salt = random_hex (16);
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
        return sql_error (error, self, "clerk");
    }

  return TRUE;
}

gboolean
yc_server_db_seed (YcServerDb  *self,
                   JsonNode    *hall,
                   GError     **error)
{
  g_return_val_if_fail (hall != NULL && JSON_NODE_HOLDS_OBJECT (hall), FALSE);

  if (!begin (self, error))
    return FALSE;
  if (!seed_rows (self, hall, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

/* Sessions */

static char *
meta_value (YcServerDb *self,
            const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);

  if (stmt == NULL)
    return g_strdup ("");
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return g_strdup ("");
}

static gboolean
add_window_services (YcServerDb   *self,
                     JsonBuilder  *builder,
                     gint64        window,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) packages = NULL;
  int rc;

  stmt = prepare (self,
                  "SELECT s.letter, s.name, s.expected_minutes FROM window_services ws"
                  " JOIN services s ON s.letter = ws.service"
                  " WHERE ws.window_id = ? ORDER BY s.letter", error);
  packages = prepare (self, "SELECT package FROM service_packages WHERE service = ? ORDER BY position", error);
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
        return sql_error (error, self, "service packages");
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return rc == SQLITE_DONE || sql_error (error, self, "window services");
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

  if (!(find_clerk = prepare (self, "SELECT name, salt, pin_hash FROM clerks WHERE id = ?", error)))
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

  if (!(find_window = prepare (self, "SELECT name FROM windows WHERE id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (find_window, 1, window);
  if (sqlite3_step (find_window) != SQLITE_ROW)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_UNKNOWN_WINDOW, "there is no window %" G_GINT64_FORMAT, window);
      return NULL;
    }
  window_name = g_strdup ((const char *) sqlite3_column_text (find_window, 0));

  token = random_hex (32);
  token_hash = hash_token (token);
  now = yc_time_now_iso8601 ();
  if (!(insert = prepare (self,
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
      sql_error (error, self, "session");
      return NULL;
    }
  /* Expired sessions are of no further use. */
  sqlite3_exec (self->db, "DELETE FROM sessions WHERE expires < strftime('%s', 'now')", NULL, NULL, NULL);

  hall_name = meta_value (self, "hall.name");

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
  if (!(stmt = prepare (self,
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
    prepare (self, "SELECT clerk FROM sessions WHERE window_id = ? AND expires >= strftime('%s', 'now')"
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
    prepare (self, "SELECT 1 FROM sessions WHERE window_id = ? AND expires >= strftime('%s', 'now')", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, window);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Tickets */

/* The ticket's row with columns (SQL), stepped onto; YC_ERROR_NOT_FOUND without one. */
static sqlite3_stmt *
find_ticket (YcServerDb  *self,
             gint64       ticket,
             const char  *columns,
             GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM tickets WHERE id = ?", columns);
  sqlite3_stmt *stmt = prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ticket);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      release (stmt);
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no ticket %" G_GINT64_FORMAT, ticket);
      return NULL;
    }
  return stmt;
}

static JsonNode *
ticket_json (YcServerDb  *self,
             gint64       id,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  /* Text columns, by their member names; NULL ones are left out. */
  const char *columns[] = { "number", "service", "state", "issued_at", "called_at", "finished_at",
                            "priority", "appointment_at", "parked_at", "target_clerk", "note", "outcome" };
  enum { WINDOW = G_N_ELEMENTS (columns), CALLS, WALK_IN, TARGET_WINDOW, FROM, FROM_NAME };

  if (!(stmt = prepare (self,
                        "SELECT number, coalesce (queue_service, service), state, issued_at, called_at, finished_at,"
                        " priority, appointment_at, parked_at, target_clerk, note, outcome,"
                        " window_id, calls, walk_in, target_window, transferred_from,"
                        " coalesce ((SELECT name FROM windows WHERE id = transferred_from), '')"
                        " FROM tickets WHERE id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
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
      if (sqlite3_column_type (stmt, (int) i) == SQLITE_NULL)
        continue;
      json_builder_set_member_name (builder, columns[i]);
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, (int) i));
    }
  if (sqlite3_column_type (stmt, WINDOW) != SQLITE_NULL)
    {
      json_builder_set_member_name (builder, "window");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, WINDOW));
    }
  if (sqlite3_column_int64 (stmt, CALLS) > 0)
    {
      json_builder_set_member_name (builder, "calls");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, CALLS));
    }
  if (sqlite3_column_int64 (stmt, WALK_IN) != 0)
    {
      json_builder_set_member_name (builder, "walk_in");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (sqlite3_column_type (stmt, TARGET_WINDOW) != SQLITE_NULL)
    {
      json_builder_set_member_name (builder, "target_window");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, TARGET_WINDOW));
    }
  if (sqlite3_column_type (stmt, FROM) != SQLITE_NULL)
    {
      json_builder_set_member_name (builder, "transferred_from");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, FROM));
      json_builder_set_member_name (builder, "transferred_from_name");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, FROM_NAME));
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Events */

void
yc_server_db_set_event_func (YcServerDb          *self,
                             YcServerDbEventFunc  func,
                             gpointer             data)
{
  self->event_func = func;
  self->event_data = data;
}

/* Appends an event to the transaction under way; those who listen are told at commit. */
static gboolean
add_event (YcServerDb  *self,
           const char  *kind,
           JsonNode    *body,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = yc_wire_to_string (body);
  g_autofree char *now = yc_time_now_iso8601 ();

  if (!(stmt = prepare (self, "INSERT INTO events (at, kind, body) VALUES (?, ?, ?)", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (error, self, "event");
  self->events_added = TRUE;
  return TRUE;
}

/* "ticket.issued", "ticket.called", "ticket.finished": the ticket as it is now, and the
 * waiting counts it changed. */
static gboolean
add_ticket_event (YcServerDb  *self,
                  const char  *kind,
                  gint64       ticket,
                  GError     **error)
{
  g_autoptr(JsonNode) node = ticket_json (self, ticket, error);
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
  return add_event (self, kind, body, error);
}

gint64
yc_server_db_last_event (YcServerDb *self)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT coalesce (max (id), 0) FROM events", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

GPtrArray *
yc_server_db_events_after (YcServerDb  *self,
                           gint64       after,
                           guint        limit,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  int rc;

  if (!(stmt = prepare (self, "SELECT id, at, kind, body FROM events WHERE id > ? ORDER BY id LIMIT ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *body_text = (const char *) sqlite3_column_text (stmt, 3);
      g_autoptr(JsonNode) body = yc_wire_parse_object (body_text, strlen (body_text), YC_ERROR_STORAGE, NULL);
      JsonObject *event;

      if (body == NULL)
        continue;
      event = json_object_new ();
      json_object_set_int_member (event, "id", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (event, "kind", (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_string_member (event, "at", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_member (event, "body", g_steal_pointer (&body));
      g_ptr_array_add (events, json_node_init_object (json_node_alloc (), event));
      json_object_unref (event);
    }
  if (rc != SQLITE_DONE)
    {
      sql_error (error, self, "events");
      return NULL;
    }
  return g_steal_pointer (&events);
}

static JsonNode *issue_ticket (YcServerDb *self, const char *service, const char *priority,
                               const char *slot, GError **error);

JsonNode *
yc_server_db_issue_ticket (YcServerDb  *self,
                           const char  *service,
                           GError     **error)
{
  return yc_server_db_issue_ticket_full (self, service, NULL, NULL, error);
}

JsonNode *
yc_server_db_issue_ticket_full (YcServerDb  *self,
                                const char  *service,
                                const char  *priority,
                                const char  *appointment_at,
                                GError     **error)
{
  static const char *priorities[] = { "elderly", "disabled", "pregnant", "serviceman", "assisted" };
  g_autoptr(GDateTime) appointment = NULL;
  g_autofree char *slot = NULL;
  gboolean known_priority = priority == NULL;

  for (guint i = 0; priority != NULL && i < G_N_ELEMENTS (priorities); i++)
    known_priority |= g_str_equal (priority, priorities[i]);
  if (!known_priority)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST,
                   "priority must be elderly, disabled, pregnant, serviceman or assisted");
      return NULL;
    }
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
  return issue_ticket (self, service, priority, slot, error);
}

/* A new ticket of service, in the transaction under way: waiting, or (walk_in_window
 * not 0) a walk-in served at once at that window by clerk. Sets *id. */
static gboolean
insert_ticket (YcServerDb  *self,
               const char  *service,
               const char  *priority,
               const char  *slot,
               gint64       walk_in_window,
               const char  *clerk,
               gint64      *id,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) known = NULL;
  g_autoptr(sqlite3_stmt) next = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *day = yc_time_today ();
  g_autofree char *now = yc_time_now_iso8601 ();
  g_autofree char *number = NULL;
  gint64 seq;

  if (!(known = prepare (self, "SELECT 1 FROM services WHERE letter = ?", error)))
    return FALSE;
  sqlite3_bind_text (known, 1, service, -1, SQLITE_STATIC);
  if (sqlite3_step (known) != SQLITE_ROW)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no service “%s”", service);
      return FALSE;
    }

  if (!(next = prepare (self, "SELECT coalesce (max (seq), 0) + 1 FROM tickets WHERE service = ? AND day = ?", error)))
    return FALSE;
  sqlite3_bind_text (next, 1, service, -1, SQLITE_STATIC);
  sqlite3_bind_text (next, 2, day, -1, SQLITE_STATIC);
  if (sqlite3_step (next) != SQLITE_ROW)
    return sql_error (error, self, "sequence");
  seq = sqlite3_column_int64 (next, 0);
  number = yc_ticket_format_number (service[0], (guint) seq);

  /* A walk-in is called from the start, but never shown on the calling screen: no
   * recalled_at, no calls. */
  if (!(insert = prepare (self,
                          "INSERT INTO tickets (number, service, day, seq, issued_at, queued, priority, appointment_at,"
                          "                     state, called_at, window_id, clerk, walk_in)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce (max (queued), 0) + 1 FROM tickets), ?6, ?7,"
                          "         CASE WHEN ?8 THEN 'called' ELSE 'waiting' END, CASE WHEN ?8 THEN ?5 END,"
                          "         nullif (?8, 0), ?9, ?8 != 0)", error)))
    return FALSE;
  sqlite3_bind_text (insert, 1, number, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, service, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, day, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 4, seq);
  sqlite3_bind_text (insert, 5, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, priority, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, slot, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 8, walk_in_window);
  sqlite3_bind_text (insert, 9, clerk, -1, SQLITE_STATIC);
  if (sqlite3_step (insert) != SQLITE_DONE)
    return sql_error (error, self, "ticket");
  *id = sqlite3_last_insert_rowid (self->db);
  return add_ticket_event (self, walk_in_window != 0 ? "ticket.called" : "ticket.issued", *id, error);
}

static JsonNode *
issue_ticket (YcServerDb  *self,
              const char  *service,
              const char  *priority,
              const char  *slot,
              GError     **error)
{
  gint64 id;

  if (!begin (self, error))
    return NULL;
  if (!insert_ticket (self, service, priority, slot, 0, NULL, &id, error))
    {
      rollback (self);
      return NULL;
    }
  if (!commit (self, error))
    return NULL;
  return ticket_json (self, id, error);
}

static gboolean take_ticket (YcServerDb *self, gint64 id, gint64 window, const char *clerk,
                             const char *now, GError **error);
static gboolean window_is_open (YcServerDb *self, gint64 window, GError **error);

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
  "                 WHERE t.state = 'waiting' AND t.target_clerk = ?3)"
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
  g_autofree char *now = yc_time_now_iso8601 ();
  gint64 id;

  if (!begin (self, error))
    return NULL;

  /* A window still serving a ticket gets that one again: if the answer to the call was
   * lost on the way, the ticket is not lost with it. */
  id = yc_server_db_current_ticket (self, window, NULL);
  if (id != 0)
    {
      rollback (self);
      return ticket_json (self, id, error);
    }
  if (!window_is_open (self, window, error))
    goto fail;

  /* Among the services this window serves, and the tickets transferred to this window
   * or this clerk: an appointment whose slot has come (the earliest slot first), then a
   * ticket transferred here, then a priority ticket (green channel, 帮办代办), then the
   * ticket queued the longest. A ticket transferred to another window or clerk waits
   * for them. One query a tier, each on its index: a call reads a few rows, not the
   * queue. */
  id = 0;
  for (guint tier = 0; tier < G_N_ELEMENTS (pick_tiers) && id == 0; tier++)
    {
      g_autoptr(sqlite3_stmt) pick = prepare (self, pick_tiers[tier], error);

      if (pick == NULL)
        goto fail;
      sqlite3_bind_int64 (pick, 1, window);
      sqlite3_bind_text (pick, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (pick, 3, clerk, -1, SQLITE_STATIC);
      if (sqlite3_step (pick) == SQLITE_ROW)
        id = sqlite3_column_int64 (pick, 0);
    }
  if (id == 0)
    {
      rollback (self);
      return NULL;
    }
  if (!take_ticket (self, id, window, clerk, now, error))
    goto fail;

  if (!commit (self, error))
    return NULL;
  return ticket_json (self, id, error);

fail:
  rollback (self);
  return NULL;
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
  g_autoptr(sqlite3_stmt) take = NULL;

  if (!(take = prepare (self,
                        "UPDATE tickets SET state = 'called', called_at = ?1, recalled_at = ?1, calls = 1,"
                        " window_id = ?2, clerk = ?3 WHERE id = ?4 AND state = 'waiting'", error)))
    return FALSE;
  sqlite3_bind_text (take, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (take, 2, window);
  sqlite3_bind_text (take, 3, clerk, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (take, 4, id);
  if (sqlite3_step (take) != SQLITE_DONE || sqlite3_changes (self->db) != 1)
    return sql_error (error, self, "call");
  return add_ticket_event (self, "ticket.called", id, error);
}

static const char *outcomes[] = { "completed", "accepted", "informed", "refused", "consulted", "unresolved" };

/* What the clerk says at Finish (docs/api.md): each member optional. The delivered
 * services come back as JSON text, checked. */
static gboolean
read_visit_details (JsonObject  *details,
                    const char **outcome,
                    const char **note,
                    char       **delivered,
                    GError     **error)
{
  JsonNode *services;
  gboolean known = FALSE;

  *outcome = *note = NULL;
  *delivered = NULL;
  if (details == NULL)
    return TRUE;
  *outcome = yc_json_optional_string (details, "outcome");
  *note = yc_json_optional_string (details, "note");
  for (guint i = 0; *outcome != NULL && i < G_N_ELEMENTS (outcomes); i++)
    known |= g_str_equal (*outcome, outcomes[i]);
  if (*outcome != NULL && !known)
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
static gboolean
store_visit_details (YcServerDb  *self,
                     gint64       ticket,
                     const char  *outcome,
                     const char  *note,
                     const char  *delivered,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (outcome == NULL && note == NULL && delivered == NULL)
    return TRUE;
  if (!(stmt = prepare (self,
                        "UPDATE tickets SET outcome = coalesce (?1, outcome), outcome_note = coalesce (?2, outcome_note),"
                        " delivered = coalesce (?3, delivered) WHERE id = ?4", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, outcome, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, note, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, delivered, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, ticket);
  return sqlite3_step (stmt) == SQLITE_DONE || sql_error (error, self, "visit details");
}

JsonNode *
yc_server_db_finish_ticket (YcServerDb  *self,
                            gint64       ticket,
                            gint64       window,
                            JsonObject  *details,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) finish = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();
  g_autofree char *state = NULL;
  g_autofree char *delivered = NULL;
  const char *outcome, *note;
  gint64 owner;

  if (!read_visit_details (details, &outcome, &note, &delivered, error))
    return NULL;
  if (!begin (self, error))
    return NULL;

  if (!(find = find_ticket (self, ticket, "state, coalesce (window_id, 0)", error)))
    goto fail;
  state = g_strdup ((const char *) sqlite3_column_text (find, 0));
  owner = sqlite3_column_int64 (find, 1);

  if (g_str_equal (state, "waiting"))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "ticket %" G_GINT64_FORMAT " has not been called", ticket);
      goto fail;
    }
  if (owner != window)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_FORBIDDEN, "ticket %" G_GINT64_FORMAT " belongs to window %" G_GINT64_FORMAT,
                   ticket, owner);
      goto fail;
    }

  /* Finishing twice (the visit record may have done it first) is not an error. A parked
   * ticket may be finished without calling it back. */
  if (g_str_equal (state, "called") || g_str_equal (state, "parked"))
    {
      if (!(finish = prepare (self, "UPDATE tickets SET state = 'finished', finished_at = ? WHERE id = ?", error)))
        goto fail;
      sqlite3_bind_text (finish, 1, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (finish, 2, ticket);
      if (sqlite3_step (finish) != SQLITE_DONE)
        {
          sql_error (error, self, "finish");
          goto fail;
        }
    }
  if (!store_visit_details (self, ticket, outcome, note, delivered, error))
    goto fail;
  if ((g_str_equal (state, "called") || g_str_equal (state, "parked")) &&
      !add_ticket_event (self, "ticket.finished", ticket, error))
    goto fail;

  if (!commit (self, error))
    return NULL;
  return ticket_json (self, ticket, error);

fail:
  rollback (self);
  return NULL;
}

/* Queue rules, from the hall's "queue" (meta "queue.…"), else the defaults. */
static gint64
queue_setting (YcServerDb *self,
               const char *name,
               gint64      fallback)
{
  g_autofree char *key = g_strconcat ("queue.", name, NULL);
  g_autofree char *value = meta_value (self, key);
  gint64 parsed;

  if (value == NULL || *value == '\0' || !g_ascii_string_to_signed (value, 10, 0, G_MAXINT32, &parsed, NULL))
    return fallback;
  return parsed;
}

#define MAX_CALLS(self)       queue_setting ((self), "max_calls", 3)
#define RECALL_SECONDS(self)  queue_setting ((self), "recall_seconds", 10)
#define REQUEUE_MINUTES(self) queue_setting ((self), "requeue_minutes", 30)

static gint64
seconds_since (const char *iso8601)
{
  g_autoptr(GDateTime) then = iso8601 ? yc_time_parse (iso8601) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return then != NULL ? g_date_time_difference (now, then) / G_TIME_SPAN_SECOND : G_MAXINT32;
}

/* Windows */

static gboolean
window_exists (YcServerDb *self,
               gint64      window)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT 1 FROM windows WHERE id = ?", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, window);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

JsonNode *
yc_server_db_window_state (YcServerDb  *self,
                           gint64       window,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonObject *object;
  JsonNode *node;

  if (!window_exists (self, window))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no window %" G_GINT64_FORMAT, window);
      return NULL;
    }
  if (!(stmt = prepare (self, "SELECT state, reason, since FROM window_states WHERE window_id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, window);
  object = json_object_new ();
  json_object_set_int_member (object, "window", window);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      json_object_set_string_member (object, "state", (const char *) sqlite3_column_text (stmt, 0));
      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        json_object_set_string_member (object, "reason", (const char *) sqlite3_column_text (stmt, 1));
      else
        json_object_set_null_member (object, "reason");
      json_object_set_string_member (object, "since", (const char *) sqlite3_column_text (stmt, 2));
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
static gboolean
window_is_open (YcServerDb  *self,
                gint64       window,
                GError     **error)
{
  g_autoptr(JsonNode) state = yc_server_db_window_state (self, window, error);
  const char *name;

  if (state == NULL)
    return FALSE;
  name = json_object_get_string_member (json_node_get_object (state), "state");
  if (!g_str_equal (name, "open"))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "window %" G_GINT64_FORMAT " is %s: open it to call", window,
                   name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
has_tickets_at (YcServerDb *self,
                gint64      window)
{
  g_autoptr(sqlite3_stmt) stmt =
    prepare (self, "SELECT 1 FROM tickets WHERE window_id = ? AND state IN ('called', 'parked')", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, window);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

JsonNode *
yc_server_db_set_window_state (YcServerDb  *self,
                               gint64       window,
                               const char  *state,
                               const char  *reason,
                               GError     **error)
{
  static const char *states[] = { "open", "paused", "closed" };
  static const char *reasons[] = { "break", "meeting", "training", "system_fault", "other" };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();
  gboolean known_state = FALSE, known_reason = reason == NULL;

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    known_state |= g_strcmp0 (state, states[i]) == 0;
  for (guint i = 0; reason != NULL && i < G_N_ELEMENTS (reasons); i++)
    known_reason |= g_str_equal (reason, reasons[i]);
  if (!known_state || !known_reason || (g_strcmp0 (state, "paused") == 0) != (reason != NULL))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST,
                   "state must be open, paused (with a reason: break, meeting, training, system_fault, other) or closed");
      return NULL;
    }

  if (!begin (self, error))
    return NULL;
  if (!window_exists (self, window))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no window %" G_GINT64_FORMAT, window);
      goto fail;
    }
  /* Closing sends nobody away: the citizen at the window, and those parked there, are
   * finished (or returned, or transferred) first. */
  if (g_str_equal (state, "closed") && has_tickets_at (self, window))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT,
                   "finish the tickets called or parked at window %" G_GINT64_FORMAT " before closing it", window);
      goto fail;
    }
  if (!(stmt = prepare (self,
                        "INSERT INTO window_states (window_id, state, reason, since) VALUES (?1, ?2, ?3, ?4)"
                        " ON CONFLICT (window_id) DO UPDATE SET state = ?2, reason = ?3,"
                        "   since = CASE WHEN state = ?2 AND reason IS ?3 THEN since ELSE ?4 END", error)))
    goto fail;
  sqlite3_bind_int64 (stmt, 1, window);
  sqlite3_bind_text (stmt, 2, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sql_error (error, self, "window state");
      goto fail;
    }
  if (!(answer = yc_server_db_window_state (self, window, error)) ||
      !add_event (self, "window.state", answer, error))
    goto fail;
  if (!commit (self, error))
    return NULL;
  return g_steal_pointer (&answer);

fail:
  rollback (self);
  return NULL;
}

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
  g_autoptr(sqlite3_stmt) find = NULL;
  const char *state;

  if (!(find = find_ticket (self, ticket, "state, coalesce (window_id, 0), calls, recalled_at", error)))
    return FALSE;
  state = (const char *) sqlite3_column_text (find, 0);
  if (sqlite3_column_int64 (find, 1) != window)
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
  *calls = sqlite3_column_int64 (find, 2);
  if (recalled_at != NULL)
    *recalled_at = g_strdup ((const char *) sqlite3_column_text (find, 3));
  return TRUE;
}

/* Ends a queue action in its transaction: the statement stmt, bound, changes the ticket,
 * the event kind is logged, and the ticket as it is now is the answer. Rolls back on
 * failure. */
static JsonNode *
apply_change (YcServerDb    *self,
              sqlite3_stmt  *stmt,
              gint64         ticket,
              const char    *kind,
              GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    sql_error (error, self, kind);
  else if (add_ticket_event (self, kind, ticket, error) && commit (self, error))
    return ticket_json (self, ticket, error);
  rollback (self);
  return NULL;
}

/* The same, for sql with ?1 now and ?2 the ticket. */
static JsonNode *
change_ticket (YcServerDb  *self,
               gint64       ticket,
               const char  *sql,
               const char  *kind,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();

  if (!(stmt = prepare (self, sql, error)))
    {
      rollback (self);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, ticket);
  return apply_change (self, stmt, ticket, kind, error);
}

JsonNode *
yc_server_db_recall (YcServerDb  *self,
                     gint64       ticket,
                     gint64       window,
                     GError     **error)
{
  g_autofree char *recalled_at = NULL;
  gint64 calls, max_calls = MAX_CALLS (self), cool_down = RECALL_SECONDS (self), since;

  if (!begin (self, error))
    return NULL;
  if (!ticket_at_window (self, ticket, window, "called", &calls, &recalled_at, error))
    goto fail;
  if (calls >= max_calls)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT,
                   "ticket %" G_GINT64_FORMAT " was called %" G_GINT64_FORMAT " times, the most allowed: mark it a no-show",
                   ticket, calls);
      goto fail;
    }
  if ((since = seconds_since (recalled_at)) < cool_down)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT,
                   "ticket %" G_GINT64_FORMAT " was called %" G_GINT64_FORMAT " s ago: wait %" G_GINT64_FORMAT " s between calls",
                   ticket, since, cool_down);
      goto fail;
    }
  return change_ticket (self, ticket, "UPDATE tickets SET calls = calls + 1, recalled_at = ?1 WHERE id = ?2",
                        "ticket.recalled", error);

fail:
  rollback (self);
  return NULL;
}

JsonNode *
yc_server_db_no_show (YcServerDb  *self,
                      gint64       ticket,
                      gint64       window,
                      GError     **error)
{
  gint64 calls, max_calls = MAX_CALLS (self);

  if (!begin (self, error))
    return NULL;
  if (!ticket_at_window (self, ticket, window, "called", &calls, NULL, error))
    goto fail;
  if (calls < max_calls)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT,
                   "ticket %" G_GINT64_FORMAT " was called %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                   " times: call it again before marking it a no-show", ticket, calls, max_calls);
      goto fail;
    }
  return change_ticket (self, ticket, "UPDATE tickets SET state = 'no_show', no_show_at = ?1 WHERE id = ?2",
                        "ticket.no_show", error);

fail:
  rollback (self);
  return NULL;
}

JsonNode *
yc_server_db_requeue (YcServerDb  *self,
                      gint64       ticket,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) find = NULL;
  gint64 grace = REQUEUE_MINUTES (self) * 60;

  if (!begin (self, error))
    return NULL;
  if (!(find = find_ticket (self, ticket, "state, no_show_at", error)))
    goto fail;
  if (!g_str_equal ((const char *) sqlite3_column_text (find, 0), "no_show"))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "only a no-show goes back in the queue");
      goto fail;
    }
  if (seconds_since ((const char *) sqlite3_column_text (find, 1)) > grace)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT,
                   "ticket %" G_GINT64_FORMAT " missed its turn more than %" G_GINT64_FORMAT " minutes ago: take a new one",
                   ticket, grace / 60);
      goto fail;
    }
  /* Back at the end of the queue, with its number. */
  return change_ticket (self, ticket,
                        "UPDATE tickets SET state = 'waiting', queued = (SELECT max (queued) + 1 FROM tickets),"
                        " window_id = NULL, clerk = NULL, calls = 0, called_at = NULL, recalled_at = NULL,"
                        " no_show_at = NULL WHERE id = ?2", "ticket.requeued", error);

fail:
  rollback (self);
  return NULL;
}

static gint64 ticket_of_number (YcServerDb *self, const char *number, GError **error);

JsonNode *
yc_server_db_call_number (YcServerDb  *self,
                          gint64       window,
                          const char  *clerk,
                          const char  *number,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();
  gint64 id;

  if (!begin (self, error))
    return NULL;
  if (yc_server_db_current_ticket (self, window, NULL) != 0)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "finish the ticket at window %" G_GINT64_FORMAT " first", window);
      goto fail;
    }
  if (!window_is_open (self, window, error))
    goto fail;
  /* Today's ticket of that number, of any service: a window may call across zones. */
  if ((id = ticket_of_number (self, number, error)) == 0 ||
      !(find = find_ticket (self, id, "state", error)))
    goto fail;
  if (!g_str_equal ((const char *) sqlite3_column_text (find, 0), "waiting"))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "ticket %s is not waiting", number);
      goto fail;
    }
  if (!take_ticket (self, id, window, clerk, now, error) || !commit (self, error))
    goto fail;
  return ticket_json (self, id, error);

fail:
  rollback (self);
  return NULL;
}

/* Parking, returning, transferring, walk-ins */

JsonNode *
yc_server_db_park (YcServerDb  *self,
                   gint64       ticket,
                   gint64       window,
                   GError     **error)
{
  gint64 calls;

  if (!begin (self, error))
    return NULL;
  if (!ticket_at_window (self, ticket, window, "called", &calls, NULL, error))
    {
      rollback (self);
      return NULL;
    }
  return change_ticket (self, ticket, "UPDATE tickets SET state = 'parked', parked_at = ?1 WHERE id = ?2",
                        "ticket.parked", error);
}

JsonNode *
yc_server_db_call_back (YcServerDb  *self,
                        gint64       ticket,
                        gint64       window,
                        const char  *clerk,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();
  gint64 calls;

  if (!begin (self, error))
    return NULL;
  if (yc_server_db_current_ticket (self, window, NULL) != 0)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "finish the ticket at window %" G_GINT64_FORMAT " first", window);
      goto fail;
    }
  if (!window_is_open (self, window, error) ||
      !ticket_at_window (self, ticket, window, "parked", &calls, NULL, error))
    goto fail;
  /* A new call, shown on the hall's screen like the first. */
  if (!(stmt = prepare (self,
                        "UPDATE tickets SET state = 'called', parked_at = NULL, recalled_at = ?1, calls = 1,"
                        " clerk = ?2 WHERE id = ?3", error)))
    goto fail;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, clerk, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ticket);
  return apply_change (self, stmt, ticket, "ticket.called", error);

fail:
  rollback (self);
  return NULL;
}

/* Columns a ticket going back to waiting forgets: its window and its calls. */
#define BACK_TO_WAITING \
  "state = 'waiting', window_id = NULL, clerk = NULL, calls = 0, called_at = NULL, recalled_at = NULL," \
  " parked_at = NULL, target_window = NULL, target_clerk = NULL"

JsonNode *
yc_server_db_return (YcServerDb  *self,
                     gint64       ticket,
                     gint64       window,
                     GError     **error)
{
  gint64 calls;

  if (!begin (self, error))
    return NULL;
  if (!ticket_at_window (self, ticket, window, NULL, &calls, NULL, error))
    {
      rollback (self);
      return NULL;
    }
  /* Back where it was in the queue: first in line, as when it was called. */
  return change_ticket (self, ticket, "UPDATE tickets SET " BACK_TO_WAITING " WHERE id = ?2", "ticket.returned", error);
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
  g_autoptr(sqlite3_stmt) known = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();
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
  if (!begin (self, error))
    return NULL;
  if (!ticket_at_window (self, ticket, window, NULL, &calls, NULL, error))
    goto fail;
  if (!(known = prepare (self,
                         service != NULL ? "SELECT 1 FROM services WHERE letter = ?1"
                         : to_clerk != NULL ? "SELECT 1 FROM clerks WHERE id = ?1"
                         : "SELECT 1 FROM windows WHERE id = ?2", error)))
    goto fail;
  sqlite3_bind_text (known, 1, service != NULL ? service : to_clerk, -1, SQLITE_STATIC);
  if (to_window != 0)
    sqlite3_bind_int64 (known, 2, to_window);
  if (sqlite3_step (known) != SQLITE_ROW)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no such %s",
                   service != NULL ? "service" : to_clerk != NULL ? "clerk" : "window");
      goto fail;
    }
  /* The ticket keeps its number and its place: it waits ahead of those who came later. */
  if (!(stmt = prepare (self,
                        "UPDATE tickets SET " BACK_TO_WAITING ", queue_service = coalesce (?1, queue_service),"
                        " target_window = nullif (?2, 0), target_clerk = ?3, transferred_from = ?4, note = ?5"
                        " WHERE id = ?6", error)))
    goto fail;
  sqlite3_bind_text (stmt, 1, service, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, to_window);
  sqlite3_bind_text (stmt, 3, to_clerk, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, window);
  sqlite3_bind_text (stmt, 5, note, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, ticket);
  return apply_change (self, stmt, ticket, "ticket.transferred", error);

fail:
  rollback (self);
  return NULL;
}

JsonNode *
yc_server_db_walk_in (YcServerDb  *self,
                      gint64       window,
                      const char  *clerk,
                      const char  *service,
                      GError     **error)
{
  gint64 id;

  if (!begin (self, error))
    return NULL;
  if (yc_server_db_current_ticket (self, window, NULL) != 0)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "finish the ticket at window %" G_GINT64_FORMAT " first", window);
      goto fail;
    }
  if (!window_is_open (self, window, error) ||
      !insert_ticket (self, service, NULL, NULL, window, clerk, &id, error) ||
      !commit (self, error))
    goto fail;
  return ticket_json (self, id, error);

fail:
  rollback (self);
  return NULL;
}

/* Today's ticket of that number, or 0 (and error). */
static gint64
ticket_of_number (YcServerDb  *self,
                  const char  *number,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) find = prepare (self, "SELECT id FROM tickets WHERE number = ? AND day = ?", error);
  g_autofree char *day = yc_time_today ();

  if (find == NULL)
    return 0;
  sqlite3_bind_text (find, 1, number, -1, SQLITE_STATIC);
  sqlite3_bind_text (find, 2, day, -1, SQLITE_STATIC);
  if (sqlite3_step (find) != SQLITE_ROW)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "no ticket %s was issued today", number);
      return 0;
    }
  return sqlite3_column_int64 (find, 0);
}

JsonNode *
yc_server_db_requeue_number (YcServerDb  *self,
                             const char  *number,
                             GError     **error)
{
  gint64 id = ticket_of_number (self, number, error);

  return id != 0 ? yc_server_db_requeue (self, id, error) : NULL;
}

/* Tickets of window in state, oldest first: {"tickets": [ticket …]}. */
JsonNode *
yc_server_db_window_tickets (YcServerDb  *self,
                             gint64       window,
                             const char  *state,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) tickets = json_array_new ();
  JsonObject *object;
  JsonNode *node;
  int rc;

  if (!(stmt = prepare (self, "SELECT id FROM tickets WHERE window_id = ? AND state = ? ORDER BY parked_at, id", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, window);
  sqlite3_bind_text (stmt, 2, state, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonNode *ticket = ticket_json (self, sqlite3_column_int64 (stmt, 0), error);

      if (ticket == NULL)
        return NULL;
      json_array_add_element (tickets, ticket);
    }
  if (rc != SQLITE_DONE)
    {
      sql_error (error, self, "tickets");
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int rc;

  if (!(stmt = prepare (self,
                        "SELECT w.id, w.name, w.zone, coalesce (st.state, 'open'), c.id, c.name FROM windows w"
                        " LEFT JOIN window_states st ON st.window_id = w.id"
                        " LEFT JOIN clerks c ON c.id = (SELECT s.clerk FROM sessions s WHERE s.window_id = w.id"
                        "   AND s.expires >= strftime ('%s', 'now') ORDER BY s.created_at DESC LIMIT 1)"
                        " ORDER BY w.id", error)))
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "windows");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 0));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 1));
      json_builder_set_member_name (builder, "zone");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 2));
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 3));
      json_builder_set_member_name (builder, "clerk");
      if (sqlite3_column_type (stmt, 4) == SQLITE_NULL)
        json_builder_add_null_value (builder);
      else
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 4));
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 5));
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (rc != SQLITE_DONE)
    {
      sql_error (error, self, "windows");
      return NULL;
    }
  return json_builder_get_root (builder);
}

/* A clerk's day so far: {"day", "served", "no_shows", "walk_ins", "average_wait_seconds",
 * "average_service_seconds", "ratings": {level: count}, "bad_ratings"}. */
JsonNode *
yc_server_db_clerk_day (YcServerDb  *self,
                        const char  *clerk,
                        GError     **error)
{
  static const char *levels[] = { "very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied" };
  g_autoptr(sqlite3_stmt) visits = NULL;
  g_autoptr(sqlite3_stmt) ratings = NULL;
  g_autofree char *day = yc_time_today ();
  JsonObject *object, *by_level;
  JsonNode *node;
  gint64 bad = 0;

  /* Times are kept in the server's offset, so julianday() reads them as they are. */
  if (!(visits = prepare (self,
                          "SELECT count (*) FILTER (WHERE state = 'finished'),"
                          "       count (*) FILTER (WHERE state = 'no_show'),"
                          "       count (*) FILTER (WHERE state = 'finished' AND walk_in),"
                          "       avg ((julianday (called_at) - julianday (issued_at)) * 86400)"
                          "         FILTER (WHERE state = 'finished' AND NOT walk_in),"
                          "       avg ((julianday (finished_at) - julianday (called_at)) * 86400)"
                          "         FILTER (WHERE state = 'finished')"
                          " FROM tickets WHERE day = ?1 AND clerk = ?2", error)) ||
      !(ratings = prepare (self,
                           "SELECT r.level, count (*) FROM ratings r JOIN tickets t ON t.id = r.ticket_id"
                           " WHERE t.day = ?1 AND r.clerk = ?2 GROUP BY r.level", error)))
    return NULL;
  sqlite3_bind_text (visits, 1, day, -1, SQLITE_STATIC);
  sqlite3_bind_text (visits, 2, clerk, -1, SQLITE_STATIC);
  if (sqlite3_step (visits) != SQLITE_ROW)
    {
      sql_error (error, self, "day");
      return NULL;
    }
  object = json_object_new ();
  json_object_set_string_member (object, "day", day);
  json_object_set_int_member (object, "served", sqlite3_column_int64 (visits, 0));
  json_object_set_int_member (object, "no_shows", sqlite3_column_int64 (visits, 1));
  json_object_set_int_member (object, "walk_ins", sqlite3_column_int64 (visits, 2));
  for (int i = 3; i <= 4; i++)
    {
      const char *name = i == 3 ? "average_wait_seconds" : "average_service_seconds";

      if (sqlite3_column_type (visits, i) == SQLITE_NULL)
        json_object_set_null_member (object, name);
      else
        json_object_set_int_member (object, name, (gint64) (sqlite3_column_double (visits, i) + 0.5));
    }

  by_level = json_object_new ();
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    json_object_set_int_member (by_level, levels[i], 0);
  sqlite3_bind_text (ratings, 1, day, -1, SQLITE_STATIC);
  sqlite3_bind_text (ratings, 2, clerk, -1, SQLITE_STATIC);
  while (sqlite3_step (ratings) == SQLITE_ROW)
    {
      const char *level = (const char *) sqlite3_column_text (ratings, 0);
      gint64 count = sqlite3_column_int64 (ratings, 1);

      json_object_set_int_member (by_level, level, count);
      if (g_str_equal (level, "dissatisfied") || g_str_equal (level, "very_dissatisfied"))
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
          sqlite3_stmt *stmt)
{
  JsonObject *call = json_object_new ();

  json_object_set_string_member (call, "number", (const char *) sqlite3_column_text (stmt, 0));
  json_object_set_int_member (call, "window", sqlite3_column_int64 (stmt, 1));
  json_object_set_string_member (call, "window_name", (const char *) sqlite3_column_text (stmt, 2));
  json_object_set_string_member (call, "zone", (const char *) sqlite3_column_text (stmt, 3));
  json_object_set_string_member (call, "at", (const char *) sqlite3_column_text (stmt, 4));
  json_array_add_object_element (calls, call);
}

JsonNode *
yc_server_db_recent_calls (YcServerDb  *self,
                           const char  *zone,
                           guint        limit,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *day = yc_time_today ();
  g_autofree char *hall = meta_value (self, "hall.name");
  JsonObject *object = json_object_new ();
  JsonArray *calls = json_array_new ();
  JsonNode *node;
  int rc;

  /* Today's tickets at a window, by their last call, newest first; no names, no IDs. */
  if (!(stmt = prepare (self,
                        "SELECT t.number, w.id, w.name, w.zone, t.recalled_at FROM tickets t"
                        " JOIN windows w ON w.id = t.window_id"
                        " WHERE t.day = ?1 AND t.recalled_at IS NOT NULL AND (?2 = '' OR w.zone = ?2)"
                        " ORDER BY t.recalled_at DESC, t.id DESC LIMIT ?3", error)))
    {
      json_object_unref (object);
      json_array_unref (calls);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, zone ? zone : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_call (calls, stmt);
  json_object_set_string_member (object, "hall", hall);
  json_object_set_string_member (object, "zone", zone ? zone : "");
  json_object_set_array_member (object, "calls", calls);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  if (rc != SQLITE_DONE)
    {
      json_node_unref (node);
      sql_error (error, self, "calls");
      return NULL;
    }
  return node;
}

JsonNode *
yc_server_db_call_of_ticket (YcServerDb *self,
                             gint64      ticket)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self,
                                          "SELECT t.number, w.id, w.name, w.zone, t.recalled_at FROM tickets t"
                                          " JOIN windows w ON w.id = t.window_id"
                                          " WHERE t.id = ? AND t.recalled_at IS NOT NULL", NULL);
  g_autoptr(JsonArray) calls = json_array_new ();

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ticket);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  add_call (calls, stmt);
  return json_node_copy (json_array_get_element (calls, 0));
}

gint64
yc_server_db_current_ticket (YcServerDb  *self,
                             gint64       window,
                             char       **called_at)
{
  g_autoptr(sqlite3_stmt) stmt =
    prepare (self, "SELECT id, called_at FROM tickets WHERE window_id = ? AND state = 'called'"
                   " ORDER BY called_at DESC LIMIT 1", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, window);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  if (called_at != NULL)
    *called_at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  return sqlite3_column_int64 (stmt, 0);
}

JsonNode *
yc_server_db_queues (YcServerDb  *self,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  int rc;

  if (!(stmt = prepare (self,
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
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "letter");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 0));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 1));
      json_builder_set_member_name (builder, "waiting");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 2));
      /* Since when the one who has waited longest waits. */
      if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        {
          json_builder_set_member_name (builder, "waiting_since");
          json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 3));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (rc != SQLITE_DONE)
    {
      sql_error (error, self, "queues");
      return NULL;
    }
  return json_builder_get_root (builder);
}

guint
yc_server_db_count_waiting (YcServerDb *self)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT count(*) FROM tickets WHERE state = 'waiting'", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return (guint) sqlite3_column_int64 (stmt, 0);
}

GPtrArray *
yc_server_db_window_ids (YcServerDb *self)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT id FROM windows ORDER BY id", NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);
      *id = sqlite3_column_int64 (stmt, 0);
      g_ptr_array_add (ids, id);
    }
  return ids;
}

GStrv
yc_server_db_service_letters (YcServerDb *self)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT letter FROM services ORDER BY letter", NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  return g_strv_builder_end (builder);
}

/* Records */

/* A visit record for a ticket still open finishes it: the desk was offline at Finish.
 * The clerk who called it may have logged in at another window since. */
static gboolean
apply_visit (YcServerDb  *self,
             YcRecord    *record,
             const char  *clerk,
             GError     **error)
{
  JsonObject *body = json_node_get_object (yc_record_get_body (record));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = NULL;
  const char *finished_at;
  gint64 ticket;

  if (!yc_json_require_int (body, "ticket_id", &ticket, YC_ERROR_BAD_REQUEST, NULL))
    return TRUE;
  finished_at = yc_json_optional_string (body, "finished_at");
  if (finished_at == NULL)
    finished_at = now = yc_time_now_iso8601 ();

  if (!(stmt = prepare (self,
                        "UPDATE tickets SET state = 'finished', finished_at = ?"
                        " WHERE id = ? AND state IN ('called', 'parked') AND clerk = ?", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, finished_at, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, ticket);
  sqlite3_bind_text (stmt, 3, clerk, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (error, self, "visit");
  if (sqlite3_changes (self->db) == 0)
    return TRUE;
  /* The record's details, when they are well-formed; a record is never refused for them. */
  {
    g_autofree char *delivered = NULL;
    const char *outcome, *note;

    if (read_visit_details (body, &outcome, &note, &delivered, NULL) &&
        !store_visit_details (self, ticket, outcome, note, delivered, error))
      return FALSE;
  }
  return add_ticket_event (self, "ticket.finished", ticket, error);
}

/* What a lookup finds a person or an enterprise by: a hash of the normalised number, so
 * that neither table holds the numbers in a searchable column. */
static char *
applicant_key (const char *id_number,
               const char *credit_code)
{
  g_autofree char *text = NULL;

  if (id_number != NULL && *id_number != '\0')
    text = g_strconcat ("id:", id_number, NULL);
  else if (credit_code != NULL && *credit_code != '\0')
    text = g_strconcat ("credit:", credit_code, NULL);
  else
    return NULL;
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* The official holiday calendars the catalogue holds (a reference): parsed once, and
 * again after catalogue_write() changed one. */
static YcWorkCalendar *
work_calendar (YcServerDb *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GPtrArray) bodies = NULL;

  if (self->calendar != NULL)
    return yc_work_calendar_ref (self->calendar);

  stmt = prepare (self, "SELECT body FROM catalogue WHERE kind = 'calendar' AND body IS NOT NULL", NULL);
  nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  bodies = g_ptr_array_new ();
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      JsonNode *node = yc_wire_parse_object (text, strlen (text), YC_ERROR_STORAGE, NULL);

      if (node == NULL)
        continue;
      g_ptr_array_add (nodes, node);
      g_ptr_array_add (bodies, json_node_get_object (node));
    }
  self->calendar = yc_work_calendar_new (bodies);
  return yc_work_calendar_ref (self->calendar);
}

/* Tasks (docs/api.md, "Tasks") */

#define TASK_COLUMNS \
  "id, kind, title, detail, clerk, window_id, zone, claimed_by, ticket_id, case_number, created_at, respond_by," \
  " finish_by, state, escalation, result, done_at, done_by," \
  " (SELECT number FROM tickets WHERE tickets.id = tasks.ticket_id)"

static void
set_text (JsonObject   *object,
          const char   *member,
          sqlite3_stmt *stmt,
          int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_object_set_null_member (object, member);
  else
    json_object_set_string_member (object, member, (const char *) sqlite3_column_text (stmt, column));
}

/* The task on the row of a statement selecting TASK_COLUMNS. */
static JsonNode *
task_row_json (sqlite3_stmt *stmt)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;
  gint64 level = sqlite3_column_int64 (stmt, 14);

  json_object_set_int_member (object, "id", sqlite3_column_int64 (stmt, 0));
  set_text (object, "kind", stmt, 1);
  set_text (object, "title", stmt, 2);
  set_text (object, "detail", stmt, 3);
  set_text (object, "clerk", stmt, 4);
  if (sqlite3_column_type (stmt, 5) == SQLITE_NULL)
    json_object_set_null_member (object, "window");
  else
    json_object_set_int_member (object, "window", sqlite3_column_int64 (stmt, 5));
  set_text (object, "zone", stmt, 6);
  set_text (object, "claimed_by", stmt, 7);
  if (sqlite3_column_type (stmt, 8) == SQLITE_NULL)
    json_object_set_null_member (object, "ticket");
  else
    {
      JsonObject *ticket = json_object_new ();

      json_object_set_int_member (ticket, "id", sqlite3_column_int64 (stmt, 8));
      set_text (ticket, "number", stmt, 18);
      json_object_set_object_member (object, "ticket", ticket);
    }
  set_text (object, "case_number", stmt, 9);
  set_text (object, "created_at", stmt, 10);
  set_text (object, "respond_by", stmt, 11);
  set_text (object, "finish_by", stmt, 12);
  set_text (object, "state", stmt, 13);
  json_object_set_string_member (object, "escalation",
                                 yc_escalation_to_string ((YcEscalation) CLAMP (level, 0, YC_ESCALATION_ACCOUNTABILITY)));
  set_text (object, "result", stmt, 15);
  set_text (object, "done_at", stmt, 16);
  set_text (object, "done_by", stmt, 17);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

static JsonNode *
task_json (YcServerDb  *self,
           gint64       id,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT " TASK_COLUMNS " FROM tasks WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no task %" G_GINT64_FORMAT, id);
      return NULL;
    }
  return task_row_json (stmt);
}

/* "task.assigned", "task.claimed", "task.released", "task.done", "task.escalated": the
 * task as it is now, without its detail and result. */
static gboolean
add_task_event (YcServerDb  *self,
                const char  *kind,
                gint64       task,
                GError     **error)
{
  g_autoptr(JsonNode) node = task_json (self, task, error);
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
  return add_event (self, kind, body, error);
}

/* A new task in the transaction under way, for clerk, window (not 0) or zone; the
 * deadlines the kind's unless given (YYYY-MM-DD, checked). Sets *id. */
static gboolean
insert_task (YcServerDb  *self,
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
             GError     **error)
{
  g_autoptr(YcWorkCalendar) calendar = work_calendar (self);
  g_autoptr(sqlite3_stmt) insert = NULL;
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

  if (!(insert = prepare (self,
                          "INSERT INTO tasks (kind, title, detail, clerk, window_id, zone, ticket_id, case_number,"
                          "                   created_at, respond_by, finish_by)"
                          " VALUES (?, ?, ?, ?, nullif (?, 0), ?, nullif (?, 0), ?, ?, ?, ?)", error)))
    return FALSE;
  sqlite3_bind_text (insert, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, title, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, detail, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, clerk, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 5, window);
  sqlite3_bind_text (insert, 6, zone, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 7, ticket);
  sqlite3_bind_text (insert, 8, case_number, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 9, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 10, respond_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 11, finish_text, -1, SQLITE_STATIC);
  if (sqlite3_step (insert) != SQLITE_DONE)
    return sql_error (error, self, "task");
  *id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

/* Whether sql (one ? parameter, text or number) finds a row. */
static gboolean
exists (YcServerDb *self,
        const char *sql,
        const char *text,
        gint64      number)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, sql, NULL);

  if (stmt == NULL)
    return FALSE;
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, number);
  return sqlite3_step (stmt) == SQLITE_ROW;
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
  if ((clerk != NULL && !exists (self, "SELECT 1 FROM clerks WHERE id = ?", clerk, 0)) ||
      (window != 0 && !exists (self, "SELECT 1 FROM windows WHERE id = ?", NULL, window)) ||
      (zone != NULL && !exists (self, "SELECT 1 FROM windows WHERE zone = ?", zone, 0)) ||
      (ticket != 0 && !exists (self, "SELECT 1 FROM tickets WHERE id = ?", NULL, ticket)))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "the clerk, window, zone or ticket is not known here");
      return NULL;
    }

  if (!begin (self, error))
    return NULL;
  if (!insert_task (self, kind, title, detail, clerk, window, zone, ticket, case_number, respond_by, finish_by,
                    &id, error) ||
      !add_task_event (self, "task.assigned", id, error))
    {
      rollback (self);
      return NULL;
    }
  if (!commit (self, error))
    return NULL;
  return task_json (self, id, error);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonArray *tasks;
  JsonObject *object;
  JsonNode *answer;
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (views) && stmt == NULL; i++)
    if (g_str_equal (view != NULL ? view : "mine", views[i].view) &&
        !(stmt = prepare (self, views[i].sql, error)))
      return NULL;
  if (stmt == NULL)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "view must be mine, claimable or done");
      return NULL;
    }
  sqlite3_bind_text (stmt, 2, clerk, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, window);
  tasks = json_array_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    json_array_add_element (tasks, task_row_json (stmt));
  if (rc != SQLITE_DONE)
    {
      json_array_unref (tasks);
      sql_error (error, self, "tasks");
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
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT state, coalesce (claimed_by, ''), coalesce (done_by, ''),"
                                                " clerk IS NOT NULL FROM tasks WHERE id = ?", error);
  const char *state;

  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_NOT_FOUND, "there is no task %" G_GINT64_FORMAT, id);
      return;
    }
  state = (const char *) sqlite3_column_text (stmt, 0);
  if (g_str_equal (state, "done"))
    g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "the task is done (by %s)", sqlite3_column_text (stmt, 2));
  else if (g_str_equal (state, "claimed") && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), clerk) != 0)
    g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "the task was claimed by %s", sqlite3_column_text (stmt, 1));
  else if (g_str_equal (action, "release") && sqlite3_column_int (stmt, 3))
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();

  if (!begin (self, error))
    return NULL;
  if (!(stmt = prepare (self, sql, error)))
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, clerk, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, window);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, note, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sql_error (error, self, action);
      goto fail;
    }
  if (sqlite3_changes (self->db) != 1)
    {
      task_refused (self, id, clerk, action, error);
      goto fail;
    }
  if (!add_task_event (self, event, id, error) || !commit (self, error))
    goto fail;
  return task_json (self, id, error);

fail:
  rollback (self);
  return NULL;
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
static gboolean
apply_task_result (YcServerDb  *self,
                   YcRecord    *record,
                   const char  *clerk,
                   GError     **refused,
                   GError     **error)
{
  JsonObject *body = json_node_get_object (yc_record_get_body (record));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *note;
  gint64 id;

  if (!read_task_result (body, &id, &note, refused))
    return TRUE;
  if (!(stmt = prepare (self, COMPLETE_TASK_SQL, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, clerk, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, yc_record_get_created_at (record), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, note, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (error, self, "task_result");
  if (sqlite3_changes (self->db) == 1)
    return add_task_event (self, "task.done", id, error);

  /* Done already by this clerk (online, before the desk lost the answer): nothing to do. */
  release (g_steal_pointer (&stmt));
  if (!(stmt = prepare (self, "SELECT 1 FROM tasks WHERE id = ? AND state = 'done' AND done_by = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, clerk, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    task_refused (self, id, clerk, "complete", refused);
  return TRUE;
}

guint
yc_server_db_escalate_tasks (YcServerDb   *self,
                             const GDate  *today,
                             GError      **error)
{
  g_autoptr(YcWorkCalendar) calendar = work_calendar (self);
  g_autoptr(sqlite3_stmt) open_tasks = NULL;
  g_autoptr(GArray) raised = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  g_autofree char *now = yc_time_now_iso8601 ();
  int rc;

  if (!begin (self, error))
    return 0;
  if (!(open_tasks = prepare (self, "SELECT id, state, respond_by, finish_by, escalation FROM tasks"
                                    " WHERE state != 'done'", error)))
    goto fail;
  while ((rc = sqlite3_step (open_tasks)) == SQLITE_ROW)
    {
      GDate respond_by, finish_by;
      gint64 change[2];

      if (!yc_time_parse_date ((const char *) sqlite3_column_text (open_tasks, 2), &respond_by) ||
          !yc_time_parse_date ((const char *) sqlite3_column_text (open_tasks, 3), &finish_by))
        continue;
      change[0] = sqlite3_column_int64 (open_tasks, 0);
      change[1] = yc_task_escalation (calendar, g_str_equal ((const char *) sqlite3_column_text (open_tasks, 1), "claimed"),
                                      &respond_by, &finish_by, today);
      if (change[1] > sqlite3_column_int64 (open_tasks, 4))
        g_array_append_val (raised, change);
    }
  if (rc != SQLITE_DONE)
    {
      sql_error (error, self, "tasks");
      goto fail;
    }
  release (g_steal_pointer (&open_tasks));

  for (guint i = 0; i < raised->len; i++)
    {
      g_autoptr(sqlite3_stmt) raise = prepare (self, "UPDATE tasks SET escalation = ?, escalated_at = ? WHERE id = ?",
                                               error);
      gint64 *change = &g_array_index (raised, gint64, i * 2);

      if (raise == NULL)
        goto fail;
      sqlite3_bind_int64 (raise, 1, change[1]);
      sqlite3_bind_text (raise, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (raise, 3, change[0]);
      if (sqlite3_step (raise) != SQLITE_DONE)
        {
          sql_error (error, self, "escalation");
          goto fail;
        }
      if (!add_task_event (self, "task.escalated", change[0], error))
        goto fail;
    }
  if (!commit (self, error))
    return 0;
  return raised->len;

fail:
  rollback (self);
  return 0;
}

/* Bad-rating follow-ups came before tasks: they become tasks, once. */
static gboolean
migrate_follow_ups (YcServerDb  *self,
                    GError     **error)
{
  if (!has_column (self, "follow_ups", "finish_by"))
    return TRUE;
  return exec_sql (self,
                   "BEGIN IMMEDIATE;"
                   "INSERT INTO tasks (kind, title, clerk, ticket_id, created_at, respond_by, finish_by, state)"
                   " SELECT 'bad_rating', coalesce ((SELECT number FROM tickets WHERE id = f.ticket_id), ''),"
                   "        f.clerk, f.ticket_id, f.created_at, f.finish_by, f.finish_by,"
                   "        CASE f.state WHEN 'done' THEN 'done' ELSE 'new' END FROM follow_ups f;"
                   "DROP TABLE follow_ups;"
                   "COMMIT;", error);
}

/* Ratings (好差评) */

static const char *rating_levels[] = {
  "very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied",
};

JsonNode *
yc_server_db_rate (YcServerDb  *self,
                   gint64       ticket,
                   const char  *level,
                   const char  *comment,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();
  g_autofree char *clerk = NULL;
  g_autofree char *number = NULL;
  JsonObject *object;
  JsonNode *answer;
  gint64 window = 0;
  gboolean known = FALSE, bad;
  guint index = 0;

  for (guint i = 0; i < G_N_ELEMENTS (rating_levels); i++)
    if (g_strcmp0 (level, rating_levels[i]) == 0)
      {
        known = TRUE;
        index = i;
      }
  if (!known || (comment != NULL && g_utf8_strlen (comment, -1) > 500))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST,
                   "level must be very_satisfied, satisfied, neutral, dissatisfied or very_dissatisfied;"
                   " a comment at most 500 characters");
      return NULL;
    }
  bad = index >= 3;

  if (!begin (self, error))
    return NULL;
  if (!(find = find_ticket (self, ticket, "state, clerk, coalesce (window_id, 0), number", error)))
    goto fail;
  if (!g_str_equal ((const char *) sqlite3_column_text (find, 0), "finished"))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "a visit is rated once it is finished");
      goto fail;
    }
  clerk = g_strdup ((const char *) sqlite3_column_text (find, 1));
  window = sqlite3_column_int64 (find, 2);
  number = g_strdup ((const char *) sqlite3_column_text (find, 3));

  if (!(insert = prepare (self,
                          "INSERT INTO ratings (ticket_id, level, comment, clerk, window_id, rated_at)"
                          " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ticket_id) DO NOTHING", error)))
    goto fail;
  sqlite3_bind_int64 (insert, 1, ticket);
  sqlite3_bind_text (insert, 2, level, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, comment, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, clerk, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 5, window);
  sqlite3_bind_text (insert, 6, now, -1, SQLITE_STATIC);
  if (sqlite3_step (insert) != SQLITE_DONE)
    {
      sql_error (error, self, "rating");
      goto fail;
    }
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "this visit has been rated already");
      goto fail;
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
  if (bad)
    {
      gint64 task;
      g_autoptr(JsonNode) node = NULL;
      JsonObject *follow_up;

      if (!insert_task (self, "bad_rating", number, comment, clerk, 0, NULL, ticket, NULL, NULL, NULL, &task, error) ||
          !(node = task_json (self, task, error)) || !add_task_event (self, "task.assigned", task, error))
        {
          json_object_unref (object);
          goto fail;
        }
      follow_up = json_object_new ();
      json_object_set_int_member (follow_up, "id", task);
      json_object_set_string_member (follow_up, "kind", "bad_rating");
      json_object_set_string_member (follow_up, "finish_by",
                                     json_object_get_string_member (json_node_get_object (node), "finish_by"));
      json_object_set_object_member (object, "follow_up", follow_up);
    }

  answer = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  if (!add_event (self, "rating.received", answer, error) || !commit (self, error))
    {
      json_node_unref (answer);
      goto fail;
    }
  return answer;

fail:
  rollback (self);
  return NULL;
}

/* The next official number of a case decided on day (YYYY-MM-DD) for the division of its
 * first item (the six digits its code starts with): 410700-20261122-0001. */
static char *
next_case_number (YcServerDb  *self,
                  const char  *item,
                  const char  *day,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *prefix = NULL;
  char division[7] = "000000";

  if (item != NULL && strlen (item) >= 6)
    {
      gboolean digits = TRUE;
      for (guint i = 0; i < 6; i++)
        digits &= g_ascii_isdigit (item[i]);
      if (digits)
        memcpy (division, item, 6);
    }
  prefix = g_strdup_printf ("%s-%.4s%.2s%.2s-", division, day, day + 5, day + 8);
  if (!(stmt = prepare (self, "SELECT count(*) FROM cases WHERE substr (case_number, 1, ?2) = ?1", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, (int) strlen (prefix));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sql_error (error, self, "case number");
      return NULL;
    }
  return g_strdup_printf ("%s%04" G_GINT64_FORMAT, prefix, (gint64) sqlite3_column_int64 (stmt, 0) + 1);
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
  const char *id_number = yc_json_optional_string (applicant, "id_number");
  const char *credit_code = yc_json_optional_string (applicant, "credit_code");
  g_autofree char *number = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *review_due = NULL;
  g_autofree char *id_normal = id_number ? yc_ident_normalize (id_number) : NULL;
  g_autofree char *code_normal = credit_code ? yc_ident_normalize (credit_code) : NULL;
  g_autofree char *key = applicant_key (id_normal, code_normal);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *status = "notice";

  if (!g_str_equal (decision, "notice") &&
      !(number = next_case_number (self, json_array_get_string_element (items, 0), accepted_on, error)))
    return FALSE;
  if (g_str_equal (decision, "accepted"))
    status = "accepted";
  else if (g_str_equal (decision, "refused"))
    {
      g_autoptr(YcWorkCalendar) calendar = work_calendar (self);
      GDate day, due;

      status = "reported_for_review";
      yc_time_parse_date (accepted_on, &day);   /* checked with the case */
      yc_work_calendar_add (calendar, &day, 2, &due);
      review_due = yc_time_format_date (&due);
    }
  /* Masked as normalised: a number typed with spaces or full-width digits shows as any other. */
  if (id_normal != NULL && *id_normal != '\0')
    masked = yc_mask_id_number (id_normal);
  else if (code_normal != NULL && *code_normal != '\0')
    masked = yc_mask_id_number (code_normal);

  if (!(stmt = prepare (self,
                        "INSERT INTO cases (id, case_number, clerk, window_id, decision, status, title, package,"
                        " applicant_name, applicant_id, accepted_on, due_date, review_due, ticket, received_at,"
                        " applicant_key)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, yc_record_get_id (record), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, clerk, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, window);
  sqlite3_bind_text (stmt, 5, decision, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, yc_json_optional_string (body, "title"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, yc_json_optional_string (body, "package"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, yc_json_optional_string (applicant, "name"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, masked, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, accepted_on, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, yc_json_optional_string (body, "due_date"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 13, review_due, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 14, yc_json_optional_string (body, "ticket"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 15, received_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 16, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (error, self, "case");
  result->case_number = g_steal_pointer (&number);
  return TRUE;
}

/* Whether a record with id was stored before and, for a case, the number it got then
 * (NULL for none): what a repeat is answered with. */
static gboolean
stored_before (YcServerDb  *self,
               const char  *id,
               char       **case_number)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT c.case_number FROM records r"
                                                " LEFT JOIN cases c ON c.id = r.id WHERE r.id = ?", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  if (case_number != NULL)
    *case_number = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return TRUE;
}

GPtrArray *
yc_server_db_store_records (YcServerDb  *self,
                            const char  *clerk,
                            gint64       window,
                            GPtrArray   *records,
                            GError     **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_record_result_free);
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();

  if (!begin (self, error))
    return NULL;
  if (!(insert = prepare (self,
                          "INSERT OR IGNORE INTO records (id, kind, clerk, window_id, created_at, received_at, body)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?)", error)))
    goto fail;

  for (guint i = 0; i < records->len; i++)
    {
      YcRecord *record = g_ptr_array_index (records, i);
      g_autofree char *body = yc_record_dup_body_text (record);
      g_autoptr(GError) invalid = NULL;
      gboolean is_case = g_str_equal (yc_record_get_kind (record), "case");
      YcRecordResult *result;
      gboolean stored;

      /* A case off the contract is never stored: its desk keeps it, rejected. A repeat of
       * one stored before is answered as the first time, even if a rule came since. */
      if (is_case && !yc_case_validate_body (yc_record_get_body (record), YC_ERROR_BAD_REQUEST, &invalid) &&
          stored_before (self, yc_record_get_id (record), NULL))
        g_clear_error (&invalid);
      /* A task's result completes its task first: one that cannot is never stored. */
      if (g_str_equal (yc_record_get_kind (record), "task_result") &&
          !stored_before (self, yc_record_get_id (record), NULL) &&
          !apply_task_result (self, record, clerk, &invalid, error))
        goto fail;
      if (invalid != NULL)
        {
          g_ptr_array_add (results, yc_record_result_new (yc_record_get_id (record), YC_RECORD_REJECTED,
                                                          invalid->message));
          continue;
        }

      sqlite3_reset (insert);
      sqlite3_bind_text (insert, 1, yc_record_get_id (record), -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, yc_record_get_kind (record), -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, clerk, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 4, window);
      sqlite3_bind_text (insert, 5, yc_record_get_created_at (record), -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 6, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 7, body, -1, SQLITE_STATIC);
      if (sqlite3_step (insert) != SQLITE_DONE)
        {
          sql_error (error, self, "record");
          goto fail;
        }
      stored = sqlite3_changes (self->db) == 1;

      if (stored && g_str_equal (yc_record_get_kind (record), "visit") &&
          !apply_visit (self, record, clerk, error))
        goto fail;

      result = yc_record_result_new (yc_record_get_id (record),
                                     stored ? YC_RECORD_STORED : YC_RECORD_DUPLICATE, NULL);
      g_ptr_array_add (results, result);
      if (is_case && stored &&
          !apply_case (self, record, clerk, window, now, result, error))
        goto fail;
      if (is_case && !stored)
        stored_before (self, yc_record_get_id (record), &result->case_number);
    }

  if (!commit (self, error))
    return NULL;
  return g_steal_pointer (&results);

fail:
  rollback (self);
  return NULL;
}

/* Catalogue */

static gint64
next_revision (YcServerDb *self)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT coalesce (max (revision), 0) + 1 FROM catalogue", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

/* The epoch names this catalogue's history: a fresh database starts a new one, and a
 * desk whose cache holds another epoch starts again from revision 0. */
static char *
catalogue_epoch (YcServerDb *self)
{
  g_autofree char *epoch = meta_value (self, "catalogue.epoch");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (*epoch != '\0')
    return g_steal_pointer (&epoch);
  g_free (epoch);
  epoch = random_hex (8);
  stmt = prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES ('catalogue.epoch', ?)", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, epoch, -1, SQLITE_STATIC);
      sqlite3_step (stmt);
    }
  return g_steal_pointer (&epoch);
}

/* Inside a transaction. body NULL removes. */
static gboolean
catalogue_write (YcServerDb  *self,
                 const char  *kind,
                 const char  *code,
                 JsonNode    *body,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = NULL;
  YcCatalogueKind parsed;
  gint64 revision;

  /* Read again at the next use (a rolled-back write costs one read, no more). */
  if (g_strcmp0 (kind, "calendar") == 0)
    g_clear_pointer (&self->calendar, yc_work_calendar_unref);
  if (!yc_catalogue_kind_from_wire (kind, &parsed))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "unknown catalogue kind “%s”", kind);
      return FALSE;
    }
  text = body ? yc_wire_to_string (body) : NULL;
  if (text != NULL &&
      !yc_catalogue_validate_body (parsed, code, text, strlen (text), YC_ERROR_INVALID_INPUT, error))
    return FALSE;

  if ((revision = next_revision (self)) < 0)
    return sql_error (error, self, "revision");
  if (!(stmt = prepare (self,
                        "INSERT INTO catalogue (kind, code, body, revision) VALUES (?1, ?2, ?3, ?4)"
                        " ON CONFLICT (kind, code) DO UPDATE SET body = ?3, revision = ?4", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, code, -1, SQLITE_STATIC);
  if (text != NULL)
    sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int64 (stmt, 4, revision);
  return sqlite3_step (stmt) == SQLITE_DONE || sql_error (error, self, "catalogue");
}

static gboolean
catalogue_change (YcServerDb  *self,
                  const char  *kind,
                  const char  *code,
                  JsonNode    *body,
                  GError     **error)
{
  if (!begin (self, error))
    return FALSE;
  if (!catalogue_write (self, kind, code, body, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

gboolean
yc_server_db_catalogue_put (YcServerDb  *self,
                            const char  *kind,
                            const char  *code,
                            JsonNode    *body,
                            GError     **error)
{
  g_return_val_if_fail (body != NULL, FALSE);
  return catalogue_change (self, kind, code, body, error);
}

gboolean
yc_server_db_catalogue_remove (YcServerDb  *self,
                               const char  *kind,
                               const char  *code,
                               GError     **error)
{
  return catalogue_change (self, kind, code, NULL, error);
}

static gboolean
load_kind (YcServerDb  *self,
           JsonObject  *root,
           const char  *member,
           const char  *kind,
           GError     **error)
{
  JsonNode *node = json_object_get_member (root, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "catalogue has no “%s” array", member);
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *entry = json_array_get_element (array, i);
      g_autofree char *code = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        {
          g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "a “%s” entry is not an object", member);
          return FALSE;
        }
      if (g_str_equal (kind, "calendar"))
        code = g_strdup_printf ("%" G_GINT64_FORMAT,
                                json_object_get_int_member_with_default (json_node_get_object (entry), "year", 0));
      else
        code = g_strdup (yc_json_optional_string (json_node_get_object (entry), "code"));
      if (!catalogue_write (self, kind, code ? code : "", entry, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
yc_server_db_catalogue_load (YcServerDb  *self,
                             JsonNode    *catalogue,
                             GError     **error)
{
  JsonObject *root;

  g_return_val_if_fail (catalogue != NULL && JSON_NODE_HOLDS_OBJECT (catalogue), FALSE);
  root = json_node_get_object (catalogue);

  if (!begin (self, error))
    return FALSE;
  if (!load_kind (self, root, "departments", "department", error) ||
      !load_kind (self, root, "items", "item", error) ||
      !load_kind (self, root, "packages", "package", error) ||
      !load_kind (self, root, "holidays", "calendar", error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

char *
yc_server_db_catalogue_since (YcServerDb  *self,
                              gint64       since,
                              guint        limit,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) latest = NULL;
  g_autoptr(GString) changes = g_string_new ("[");
  g_autoptr(GString) removals = g_string_new ("[");
  GString *answer;
  g_autofree char *epoch = NULL;
  gint64 revision = since, newest = 0;
  guint count = 0;
  int rc;

  /* One consistent snapshot: a change landing meanwhile belongs to the next page. */
  if (!exec_sql (self, "BEGIN", error))
    return NULL;
  epoch = catalogue_epoch (self);

  if (!(latest = prepare (self, "SELECT coalesce (max (revision), 0) FROM catalogue", error)) ||
      sqlite3_step (latest) != SQLITE_ROW)
    goto fail;
  newest = sqlite3_column_int64 (latest, 0);
  /* A revision this server never had: the desk's cache is from another history. */
  if (since > newest)
    since = revision = 0;

  if (!(stmt = prepare (self,
                        "SELECT kind, code, body, revision FROM catalogue"
                        " WHERE revision > ? ORDER BY revision LIMIT ?", error)))
    goto fail;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, limit);

  /* Bodies are stored as the JSON text they are sent as (checked when stored): a page
   * is written out around them, not parsed and written again. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean removed = sqlite3_column_type (stmt, 2) == SQLITE_NULL;
      GString *target = removed ? removals : changes;

      /* A removal is news only to a desk that may have the entry. */
      revision = sqlite3_column_int64 (stmt, 3);
      count++;
      if (removed && since == 0)
        continue;

      if (target->len > 1)
        g_string_append_c (target, ',');
      g_string_append (target, "{\"kind\":");
      yc_wire_append_string (target, (const char *) sqlite3_column_text (stmt, 0));
      g_string_append (target, ",\"code\":");
      yc_wire_append_string (target, (const char *) sqlite3_column_text (stmt, 1));
      g_string_append_printf (target, ",\"revision\":%" G_GINT64_FORMAT, revision);
      if (!removed)
        {
          g_string_append (target, ",\"body\":");
          g_string_append_len (target, (const char *) sqlite3_column_text (stmt, 2),
                               sqlite3_column_bytes (stmt, 2));
        }
      g_string_append_c (target, '}');
    }
  if (rc != SQLITE_DONE)
    {
      sql_error (error, self, "catalogue");
      goto fail;
    }
  exec_sql (self, "COMMIT", NULL);

  answer = g_string_sized_new (changes->len + removals->len + 256);
  g_string_append (answer, "{\"epoch\":");
  yc_wire_append_string (answer, epoch);
  /* latest: what the desk needs for a progress bar, how far this history goes now. */
  g_string_append_printf (answer, ",\"since\":%" G_GINT64_FORMAT ",\"revision\":%" G_GINT64_FORMAT
                          ",\"latest\":%" G_GINT64_FORMAT ",\"more\":%s,\"changes\":",
                          since, revision, newest, count == limit && revision < newest ? "true" : "false");
  g_string_append_len (answer, changes->str, (gssize) changes->len);
  g_string_append (answer, "],\"removals\":");
  g_string_append_len (answer, removals->str, (gssize) removals->len);
  g_string_append (answer, "]}");
  return g_string_free (answer, FALSE);

fail:
  rollback (self);
  return NULL;
}

/* Lookups (免填写) */

static gboolean
put_licence (YcServerDb  *self,
             const char  *key,
             JsonNode    *body,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = yc_wire_to_string (body);

  if (!(stmt = prepare (self, "INSERT OR REPLACE INTO licences (key, body) VALUES (?, ?)", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_DONE || sql_error (error, self, "licence");
}

gboolean
yc_server_db_licences_load (YcServerDb  *self,
                            JsonNode    *registry,
                            GError     **error)
{
  const char *lists[] = { "people", "enterprises" };
  JsonObject *root;

  g_return_val_if_fail (registry != NULL && JSON_NODE_HOLDS_OBJECT (registry), FALSE);
  root = json_node_get_object (registry);

  if (!begin (self, error))
    return FALSE;
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      JsonNode *node = json_object_get_member (root, lists[l]);
      JsonArray *entries = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
        {
          JsonNode *entry = json_array_get_element (entries, i);
          JsonObject *object = JSON_NODE_HOLDS_OBJECT (entry) ? json_node_get_object (entry) : NULL;
          g_autofree char *key = NULL;

          if (object == NULL ||
              !(key = applicant_key (yc_json_optional_string (object, "id_number"),
                                     yc_json_optional_string (object, "credit_code"))))
            continue;
          if (!put_licence (self, key, entry, error))
            {
              rollback (self);
              return FALSE;
            }
        }
    }
  return commit (self, error);
}

/* Adds the string members of from to the builder's open object, but those in done (and,
 * when only is not NULL, those not in only). */
static void
copy_strings (JsonBuilder *builder,
              JsonObject  *from,
              GHashTable  *done,
              GHashTable  *only)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (from == NULL)
    return;
  json_object_iter_init_ordered (&iter, from);
  while (json_object_iter_next_ordered (&iter, &member, &value))
    if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
        *json_node_get_string (value) != '\0' && !g_hash_table_contains (done, member) &&
        (only == NULL || g_hash_table_contains (only, member)))
      {
        g_hash_table_add (done, (gpointer) member);
        json_builder_set_member_name (builder, member);
        json_builder_add_string_value (builder, json_node_get_string (value));
      }
}

/* The form keys the catalogue marks "reusable": what an applicant gave once and gives
 * again unchanged (a name, an ID number, a phone), unlike what belongs to one case (the
 * new company's name, the baby's). Borrowed. Read again only when the catalogue changed:
 * a city's catalogue is a quarter of a million bodies, too many to read per lookup. */
static GHashTable *
reusable_keys (YcServerDb  *self,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) latest = NULL;
  GHashTable *keys;
  gint64 revision;
  int rc;

  if (!(latest = prepare (self, "SELECT coalesce (max (revision), 0) FROM catalogue", error)))
    return NULL;
  if (sqlite3_step (latest) != SQLITE_ROW)
    {
      sql_error (error, self, "catalogue revision");
      return NULL;
    }
  revision = sqlite3_column_int64 (latest, 0);
  if (self->reusable != NULL && self->reusable_revision == revision)
    return self->reusable;

  keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!(stmt = prepare (self,
                        "SELECT DISTINCT json_extract (f.value, '$.key')"
                        " FROM catalogue c, json_each (c.body, '$.fields') f"
                        " WHERE c.kind IN ('package', 'item') AND c.body IS NOT NULL"
                        " AND json_valid (c.body) AND json_type (c.body, '$.fields') = 'array'"
                        " AND json_extract (f.value, '$.reusable') IS 1", error)))
    {
      g_hash_table_unref (keys);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (sqlite3_column_type (stmt, 0) == SQLITE_TEXT)
      g_hash_table_add (keys, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      sql_error (error, self, "reusable fields");
      g_hash_table_unref (keys);
      return NULL;
    }
  g_clear_pointer (&self->reusable, g_hash_table_unref);
  self->reusable = keys;
  self->reusable_revision = revision;
  return keys;
}

static JsonObject *
object_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonNode *
yc_server_db_lookup (YcServerDb  *self,
                     const char  *id_number,
                     const char  *credit_code,
                     GError     **error)
{
  g_autofree char *key = applicant_key (id_number, credit_code);
  g_autoptr(sqlite3_stmt) licence = NULL;
  g_autoptr(sqlite3_stmt) latest = NULL;
  g_autoptr(JsonNode) registry = NULL;
  g_autoptr(JsonNode) earlier = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) applicant_done = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) fields_done = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *reusable;
  JsonObject *from_registry, *from_case, *case_applicant;
  const char *source;

  g_return_val_if_fail (key != NULL, NULL);

  if (!(reusable = reusable_keys (self, error)))
    return NULL;

  if (!(licence = prepare (self, "SELECT body FROM licences WHERE key = ?", error)) ||
      !(latest = prepare (self, "SELECT r.body FROM cases c JOIN records r ON r.id = c.id"
                                " WHERE c.applicant_key = ? ORDER BY c.received_at DESC LIMIT 1", error)))
    return NULL;
  sqlite3_bind_text (licence, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (latest, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (licence) == SQLITE_ROW)
    registry = yc_wire_parse_object ((const char *) sqlite3_column_text (licence, 0),
                                     (gsize) sqlite3_column_bytes (licence, 0), YC_ERROR_STORAGE, NULL);
  if (sqlite3_step (latest) == SQLITE_ROW)
    earlier = yc_wire_parse_object ((const char *) sqlite3_column_text (latest, 0),
                                    (gsize) sqlite3_column_bytes (latest, 0), YC_ERROR_STORAGE, NULL);
  from_registry = registry ? json_node_get_object (registry) : NULL;
  from_case = earlier ? json_node_get_object (earlier) : NULL;
  case_applicant = object_member (from_case, "applicant");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "found");
  json_builder_add_boolean_value (builder, from_registry != NULL || from_case != NULL);
  source = from_registry && from_case ? "both" : from_registry ? "e_licence" : from_case ? "cases" : NULL;
  json_builder_set_member_name (builder, "source");
  if (source != NULL)
    json_builder_add_string_value (builder, source);
  else
    json_builder_add_null_value (builder);

  /* What the applicant last gave wins over the registry: it is newer. */
  json_builder_set_member_name (builder, "applicant");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, credit_code != NULL && *credit_code ? "enterprise" : "person");
  g_hash_table_add (applicant_done, (gpointer) "type");
  g_hash_table_add (applicant_done, (gpointer) "licences");
  copy_strings (builder, case_applicant, applicant_done, NULL);
  copy_strings (builder, from_registry, applicant_done, NULL);
  json_builder_end_object (builder);

  /* Of the latest case's form, only what stays true from case to case. */
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  copy_strings (builder, object_member (from_case, "fields"), fields_done, reusable);
  copy_strings (builder, object_member (from_registry, "fields"), fields_done, NULL);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "licences");
  json_builder_begin_array (builder);
  {
    JsonNode *node = from_registry ? json_object_get_member (from_registry, "licences") : NULL;
    JsonArray *licences = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

    for (guint i = 0; licences != NULL && i < json_array_get_length (licences); i++)
      {
        JsonNode *name = json_array_get_element (licences, i);
        if (JSON_NODE_HOLDS_VALUE (name) && json_node_get_value_type (name) == G_TYPE_STRING)
          json_builder_add_string_value (builder, json_node_get_string (name));
      }
  }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
yc_server_db_cases_of (YcServerDb  *self,
                       const char  *clerk,
                       const char  *since,
                       guint        limit,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *columns[] = {
    "id", "case_number", "decision", "status", "title", "package", "applicant_name", "applicant_id",
    "accepted_on", "due_date", "review_due", "ticket",
  };
  const int items_column = G_N_ELEMENTS (columns);
  int rc;

  /* The items are read from the record itself: the list needs nothing more of it. */
  if (!(stmt = prepare (self,
                        "SELECT c.id, case_number, decision, status, title, package, applicant_name, applicant_id,"
                        " accepted_on, due_date, review_due, ticket, json_extract (r.body, '$.items')"
                        " FROM cases c JOIN records r ON r.id = c.id"
                        " WHERE c.clerk = ?1 AND (?2 IS NULL OR accepted_on >= ?2)"
                        " ORDER BY c.received_at DESC, c.rowid DESC LIMIT ?3", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, clerk, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, since, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, limit);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cases");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *items_text = (const char *) sqlite3_column_text (stmt, items_column);
      JsonNode *items = items_text != NULL ? json_from_string (items_text, NULL) : NULL;

      json_builder_begin_object (builder);
      for (int i = 0; i < (int) G_N_ELEMENTS (columns); i++)
        {
          json_builder_set_member_name (builder, columns[i]);
          if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
            json_builder_add_null_value (builder);
          else
            json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, i));
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
  if (rc != SQLITE_DONE)
    {
      sql_error (error, self, "cases");
      return NULL;
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
