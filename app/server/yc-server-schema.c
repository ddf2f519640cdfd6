/* yc-server-schema.c: the server's database opened: an SQLite file (created 0600), or a
 * PostgreSQL database; its schema, in each engine's words; and the migrations of every
 * older SQLite database (each domain's too), in order. Everything else of the storage is
 * in yc-server-db.c and the domains' files; this one stands above them. */
#include "yc-server-db-private.h"

#include "core/yc-error.h"


/* calls: how many times it was called (recalls included), recalled_at the last of them;
 * queued orders the waiting: one above the highest when issued, and again when a no-show
 * is put back in the queue (a ticket returned or transferred keeps its place).
 * A parked ticket (挂起) stays with its window until called back. A transferred one
 * waits in the queue of queue_service (its number stays that of service), or only for
 * target_window or target_clerk; transferred_from and note say where from and why. A walk-in was served without waiting. outcome,
 * outcome_note and delivered (a JSON array) are what the clerk said at Finish. story (JSON
 * text, a string or an object by language) is a training scenario's citizen's. */
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
  "  outcome TEXT, outcome_note TEXT, delivered TEXT, story TEXT," \
  "  UNIQUE (service, day, seq));"
#define TICKETS_TABLE "CREATE TABLE IF NOT EXISTS tickets (" TICKETS_COLUMNS

/* The windows the hall assigns each clerk: a clerk logs in at these only. */
#define CLERK_WINDOWS_TABLE \
  "CREATE TABLE IF NOT EXISTS clerk_windows (" \
  "  clerk TEXT NOT NULL REFERENCES clerks (id), window_id INTEGER NOT NULL REFERENCES windows (id)," \
  "  PRIMARY KEY (clerk, window_id));"

/* The city's register of its halls (yc-server-halls.c): the first hall's tables are the
 * database's own (schema NULL), another's are in a PostgreSQL schema of its own; and of
 * its staff, each number one person's in the whole city, which says their hall at log-in. */
#define HALLS_TABLES \
  "CREATE TABLE IF NOT EXISTS halls (code TEXT PRIMARY KEY, name TEXT NOT NULL, schema TEXT UNIQUE);" \
  "CREATE UNIQUE INDEX IF NOT EXISTS halls_first ON halls ((schema IS NULL)) WHERE schema IS NULL;" \
  "CREATE TABLE IF NOT EXISTS staff (id TEXT PRIMARY KEY, hall TEXT NOT NULL);"

/* The schema's version, in the database's user_version: raised with every change to
 * schema_sql or the migrations, so that a database already at it opens without a probe
 * or a write. */
#define SCHEMA_VERSION 8

/* A database from before recalls and no-shows: its tickets table is made again with
 * the new columns and state. */
static const char migrate_tickets_sql[] =
  "ALTER TABLE tickets RENAME TO tickets_before;"
  TICKETS_TABLE
  "INSERT INTO tickets (id, number, service, day, seq, state, issued_at, called_at, finished_at, window_id, clerk,"
  "                     calls, recalled_at, queued)"
  "  SELECT id, number, service, day, seq, state, issued_at, called_at, finished_at, window_id, clerk,"
  "         CASE WHEN called_at IS NULL THEN 0 ELSE 1 END, called_at, id FROM tickets_before;"
  "DROP TABLE tickets_before;";

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
  /* The people who log in, with a role (docs/api.md, "Who may call what"); PINs as
   * salted hashes; five wrong ones in a row lock the account until locked_until (Unix
   * seconds). window_id was a clerk's one window before clerk_windows: the migration
   * below reads it, nothing else does, and nothing writes it any more. */
  "CREATE TABLE IF NOT EXISTS clerks ("
  "  id TEXT PRIMARY KEY, name TEXT NOT NULL, salt TEXT NOT NULL, pin_hash TEXT NOT NULL,"
  "  window_id INTEGER REFERENCES windows (id),"
  "  role TEXT NOT NULL DEFAULT 'clerk' CHECK (role IN ('clerk', 'back_office', 'supervisor')),"
  "  failed_pins INTEGER NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0);"
  CLERK_WINDOWS_TABLE
  /* One live session per person, and per window: expires is the end of the working
   * day it was made for, idle_until the end of its idle time (both Unix seconds).
   * simulated: a colleague the demo's simulator plays, whose token nobody holds; a
   * person logging in at that window takes it over. */
  "CREATE TABLE IF NOT EXISTS sessions ("
  "  token_hash TEXT PRIMARY KEY, clerk TEXT NOT NULL UNIQUE REFERENCES clerks (id),"
  "  role TEXT NOT NULL, window_id INTEGER UNIQUE REFERENCES windows (id), address TEXT,"
  "  created_at TEXT NOT NULL, expires INTEGER NOT NULL, idle_until INTEGER NOT NULL,"
  "  simulated INTEGER NOT NULL DEFAULT 0);"
  /* The hall's kiosks, rating pads and calling screens, each with a token of its own (a
   * hash of it); a rating pad rates the visits of its window, or of its zone. */
  "CREATE TABLE IF NOT EXISTS devices ("
  "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
  "  role TEXT NOT NULL CHECK (role IN ('kiosk', 'rating-pad', 'display')),"
  "  window_id INTEGER REFERENCES windows (id), zone TEXT, token_hash TEXT NOT NULL UNIQUE,"
  "  created_at TEXT NOT NULL);"
  /* Who did what, when and from where: log-ins, failed ones, lock-outs, log-outs,
   * look-ups of a person, case reads, task assignments, devices made. Append-only: the
   * triggers refuse any change, and any insert that would replace a row. A person's
   * number appears masked, never whole. */
  "CREATE TABLE IF NOT EXISTS audit ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT, role TEXT, address TEXT,"
  "  action TEXT NOT NULL, subject TEXT, status INTEGER NOT NULL, detail TEXT);"
  "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only');"
  " END;"
  "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only');"
  " END;"
  /* INSERT OR REPLACE deletes the row it replaces without firing audit_no_delete (SQLite
   * fires delete triggers for REPLACE only with recursive triggers on): an insert may not
   * name an id there is a row of. A new id is only known after the insert (before it, an
   * id left to SQLite reads -1), so ids below 1 are refused then: no row of -1 can stand
   * in the way of the next one. */
  "CREATE TRIGGER IF NOT EXISTS audit_no_replace BEFORE INSERT ON audit"
  "  WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id) BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only');"
  " END;"
  "CREATE TRIGGER IF NOT EXISTS audit_ids_positive AFTER INSERT ON audit WHEN NEW.id < 1 BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only');"
  " END;"
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
  /* A day's tickets: the hall's and a clerk's day, the calling screen, a number called. */
  "CREATE INDEX IF NOT EXISTS tickets_day ON tickets (day, state);"
  /* How many wait in each queue, kept by the tickets' own triggers: every event carries
   * the counts, and counting a long queue at every event would read all of it. Made
   * again from the tickets when the database opens (count_waiting ()). */
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
  /* not_applied: why a record stored changed nothing (a visit whose ticket had moved
   * on), so that a repeat of it is answered as the first time was. */
  "CREATE TABLE IF NOT EXISTS records ("
  "  id TEXT PRIMARY KEY, kind TEXT NOT NULL, clerk TEXT NOT NULL, window_id INTEGER NOT NULL,"
  "  created_at TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT NOT NULL, not_applied TEXT);"
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
  HALLS_TABLES
  "PRAGMA user_version = " G_STRINGIFY (SCHEMA_VERSION) ";";


/* The same tables in PostgreSQL's words: the same names, columns and meaning, so that
 * the statements of the domains run on both; integers are bigint, as SQLite's are, ids
 * are made by identity columns, the triggers are functions (run with the search path of
 * the hall they were made for). A new database has no older one to migrate: the schema
 * is made as it is today, if not there yet (by one process at a time: the writers' lock
 * of BEGIN IMMEDIATE). The city's tables are in public; a hall's in public for the first
 * hall, and in its own schema for each added (yc-server-halls.c). cases.rowid orders cases
 * received at the same moment, as SQLite's rowid does. */
static const char schema_postgresql_city[] =
  "CREATE TABLE IF NOT EXISTS records ("
  "  id TEXT PRIMARY KEY, kind TEXT NOT NULL, clerk TEXT NOT NULL, window_id BIGINT NOT NULL,"
  "  created_at TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT NOT NULL, not_applied TEXT);"
  "CREATE TABLE IF NOT EXISTS catalogue ("
  "  kind TEXT NOT NULL CHECK (kind IN ('department', 'item', 'package', 'calendar')),"
  "  code TEXT NOT NULL, body TEXT, revision BIGINT NOT NULL UNIQUE,"
  "  PRIMARY KEY (kind, code));"
  "CREATE TABLE IF NOT EXISTS cases ("
  "  id TEXT PRIMARY KEY REFERENCES records (id), case_number TEXT UNIQUE,"
  "  clerk TEXT NOT NULL, window_id BIGINT NOT NULL, decision TEXT NOT NULL, status TEXT NOT NULL,"
  "  title TEXT, package TEXT, applicant_name TEXT NOT NULL, applicant_id TEXT,"
  "  accepted_on TEXT NOT NULL, due_date TEXT, review_due TEXT, ticket TEXT, received_at TEXT NOT NULL,"
  "  applicant_key TEXT, rowid BIGINT GENERATED ALWAYS AS IDENTITY);"
  "CREATE INDEX IF NOT EXISTS cases_clerk ON cases (clerk, received_at);"
  "CREATE INDEX IF NOT EXISTS cases_applicant ON cases (applicant_key, received_at);"
  "CREATE TABLE IF NOT EXISTS licences (key TEXT PRIMARY KEY, body TEXT NOT NULL);"
  HALLS_TABLES;

static const char schema_postgresql_hall[] =
  "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS services ("
  "  letter TEXT PRIMARY KEY CHECK (length (letter) = 1),"
  "  name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', expected_minutes BIGINT);"
  "CREATE TABLE IF NOT EXISTS windows ("
  "  id BIGINT PRIMARY KEY, name TEXT NOT NULL, zone TEXT NOT NULL DEFAULT '');"
  "CREATE TABLE IF NOT EXISTS window_services ("
  "  window_id BIGINT NOT NULL REFERENCES windows (id),"
  "  service TEXT NOT NULL REFERENCES services (letter),"
  "  PRIMARY KEY (window_id, service));"
  "CREATE TABLE IF NOT EXISTS service_packages ("
  "  service TEXT NOT NULL REFERENCES services (letter), position BIGINT NOT NULL,"
  "  package TEXT NOT NULL, PRIMARY KEY (service, position));"
  "CREATE TABLE IF NOT EXISTS clerks ("
  "  id TEXT PRIMARY KEY, name TEXT NOT NULL, salt TEXT NOT NULL, pin_hash TEXT NOT NULL,"
  "  window_id BIGINT REFERENCES windows (id),"
  "  role TEXT NOT NULL DEFAULT 'clerk' CHECK (role IN ('clerk', 'back_office', 'supervisor')),"
  "  failed_pins BIGINT NOT NULL DEFAULT 0, locked_until BIGINT NOT NULL DEFAULT 0);"
  "CREATE TABLE IF NOT EXISTS clerk_windows ("
  "  clerk TEXT NOT NULL REFERENCES clerks (id), window_id BIGINT NOT NULL REFERENCES windows (id),"
  "  PRIMARY KEY (clerk, window_id));"
  "CREATE TABLE IF NOT EXISTS sessions ("
  "  token_hash TEXT PRIMARY KEY, clerk TEXT NOT NULL UNIQUE REFERENCES clerks (id),"
  "  role TEXT NOT NULL, window_id BIGINT UNIQUE REFERENCES windows (id), address TEXT,"
  "  created_at TEXT NOT NULL, expires BIGINT NOT NULL, idle_until BIGINT NOT NULL,"
  "  simulated BIGINT NOT NULL DEFAULT 0);"
  "CREATE TABLE IF NOT EXISTS devices ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
  "  role TEXT NOT NULL CHECK (role IN ('kiosk', 'rating-pad', 'display')),"
  "  window_id BIGINT REFERENCES windows (id), zone TEXT, token_hash TEXT NOT NULL UNIQUE,"
  "  created_at TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS audit ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, at TEXT NOT NULL, actor TEXT, role TEXT,"
  "  address TEXT, action TEXT NOT NULL, subject TEXT, status BIGINT NOT NULL, detail TEXT);"
  "CREATE OR REPLACE FUNCTION audit_append_only () RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$"
  "  BEGIN RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'integrity_constraint_violation'; END $$;"
  "CREATE OR REPLACE TRIGGER audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit"
  "  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only ();"
  "CREATE TABLE IF NOT EXISTS tickets ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  number TEXT NOT NULL, service TEXT NOT NULL REFERENCES services (letter),"
  "  day TEXT NOT NULL, seq BIGINT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'waiting'"
  "    CHECK (state IN ('waiting', 'called', 'parked', 'finished', 'no_show')),"
  "  issued_at TEXT NOT NULL, called_at TEXT, finished_at TEXT,"
  "  window_id BIGINT, clerk TEXT,"
  "  calls BIGINT NOT NULL DEFAULT 0, recalled_at TEXT, queued BIGINT NOT NULL DEFAULT 0, no_show_at TEXT,"
  "  priority TEXT, appointment_at TEXT,"
  "  walk_in BIGINT NOT NULL DEFAULT 0, parked_at TEXT,"
  "  target_window BIGINT, target_clerk TEXT, transferred_from BIGINT, note TEXT, queue_service TEXT,"
  "  outcome TEXT, outcome_note TEXT, delivered TEXT, story TEXT,"
  "  UNIQUE (service, day, seq));"
  "CREATE TABLE IF NOT EXISTS window_states ("
  "  window_id BIGINT PRIMARY KEY REFERENCES windows (id),"
  "  state TEXT NOT NULL CHECK (state IN ('open', 'paused', 'closed')), reason TEXT, since TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS tickets_line ON tickets (queued, id) WHERE state = 'waiting';"
  "CREATE INDEX IF NOT EXISTS tickets_due ON tickets (appointment_at) WHERE state = 'waiting' AND appointment_at IS NOT NULL;"
  "CREATE INDEX IF NOT EXISTS tickets_priority ON tickets (queued) WHERE state = 'waiting' AND priority IS NOT NULL;"
  "CREATE INDEX IF NOT EXISTS tickets_to_window ON tickets (target_window) WHERE state = 'waiting';"
  "CREATE INDEX IF NOT EXISTS tickets_to_clerk ON tickets (target_clerk) WHERE state = 'waiting';"
  "CREATE INDEX IF NOT EXISTS tickets_queue ON tickets ((coalesce (queue_service, service)), issued_at)"
  "  WHERE state = 'waiting';"
  "CREATE INDEX IF NOT EXISTS tickets_window ON tickets (window_id, state);"
  "CREATE INDEX IF NOT EXISTS tickets_queued ON tickets (queued);"
  "CREATE INDEX IF NOT EXISTS tickets_day ON tickets (day, state);"
  "CREATE TABLE IF NOT EXISTS queue_waiting (service TEXT PRIMARY KEY, waiting BIGINT NOT NULL);"
  "CREATE OR REPLACE FUNCTION tickets_waiting () RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$"
  "  BEGIN"
  "    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.state = 'waiting' THEN"
  "      UPDATE queue_waiting SET waiting = waiting - 1 WHERE service = coalesce (OLD.queue_service, OLD.service);"
  "    END IF;"
  "    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.state = 'waiting' THEN"
  "      INSERT INTO queue_waiting (service, waiting) VALUES (coalesce (NEW.queue_service, NEW.service), 1)"
  "        ON CONFLICT (service) DO UPDATE SET waiting = queue_waiting.waiting + 1;"
  "    END IF;"
  "    RETURN NULL;"
  "  END $$;"
  "CREATE OR REPLACE TRIGGER tickets_waiting AFTER INSERT OR DELETE OR UPDATE OF state, queue_service, service"
  "  ON tickets FOR EACH ROW EXECUTE FUNCTION tickets_waiting ();"
  "CREATE TABLE IF NOT EXISTS ratings ("
  "  ticket_id BIGINT PRIMARY KEY REFERENCES tickets (id), level TEXT NOT NULL, comment TEXT,"
  "  clerk TEXT, window_id BIGINT, rated_at TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS tasks ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, detail TEXT,"
  "  clerk TEXT, window_id BIGINT, zone TEXT, claimed_by TEXT, ticket_id BIGINT, case_number TEXT,"
  "  created_at TEXT NOT NULL, respond_by TEXT NOT NULL, finish_by TEXT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'claimed', 'done')),"
  "  escalation BIGINT NOT NULL DEFAULT 0, escalated_at TEXT, result TEXT, done_at TEXT, done_by TEXT);"
  "CREATE INDEX IF NOT EXISTS tasks_open ON tasks (finish_by) WHERE state != 'done';"
  "CREATE TABLE IF NOT EXISTS events ("
  "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL);"
  /* Every server process on the database LISTENs: a transaction that adds events tells
   * them all as it commits (one notification however many it added, naming the schema of
   * the hall whose they are), and each reads the hall's events after the last it sent. */
  "CREATE OR REPLACE FUNCTION events_announce () RETURNS trigger LANGUAGE plpgsql AS $$"
  "  BEGIN PERFORM pg_notify ('yichuang_events', TG_TABLE_SCHEMA); RETURN NULL; END $$;"
  "CREATE OR REPLACE TRIGGER events_announce AFTER INSERT ON events"
  "  FOR EACH STATEMENT EXECUTE FUNCTION events_announce ();";

/* The tickets table made again with today's columns, keeping every column the old one
 * shares with them, in the transaction under way. Runs with foreign keys off: ratings
 * point at the tickets. */
static gboolean
rebuild_tickets (YcServerDb  *self,
                 GError     **error)
{
  g_autoptr(YcSqlStmt) columns = yc_db_prepare (self, "SELECT name FROM pragma_table_info ('tickets')", error);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *sql = NULL;

  if (columns == NULL)
    return FALSE;
  while (yc_sql_step (columns) == YC_SQL_ROW)
    g_string_append_printf (names, "%s\"%s\"", names->len ? ", " : "", yc_sql_column_text (columns, 0));
  sql = g_strdup_printf ("CREATE TABLE tickets_new (" TICKETS_COLUMNS
                         "INSERT INTO tickets_new (%s) SELECT %s FROM tickets;"
                         "DROP TABLE tickets;"
                         "ALTER TABLE tickets_new RENAME TO tickets;", names->str, names->str);
  return yc_db_exec (self, sql, error);
}

/* The migrations of an older database, each once, in the transaction under way. */
static gboolean
migrate (YcServerDb  *self,
         GError     **error)
{
  if (yc_db_has_column (self, "tickets", "number") && !yc_db_has_column (self, "tickets", "calls") &&
      !yc_db_exec (self, migrate_tickets_sql, error))
    return FALSE;
  /* Since then, new columns and the parked state: the table is made again, and what
   * the old one had is copied. */
  if (yc_db_has_column (self, "tickets", "number") && !yc_db_has_column (self, "tickets", "queue_service") &&
      !rebuild_tickets (self, error))
    return FALSE;
  /* Roles, devices and lock-outs came with the route table: sessions are made again
   * (everyone logs in once more), clerks get their role and counters, and the window
   * each had becomes their first assignment. */
  if (yc_db_has_column (self, "sessions", "token_hash") && !yc_db_has_column (self, "sessions", "idle_until") &&
      !yc_db_exec (self, "DROP TABLE sessions;", error))
    return FALSE;
  if (yc_db_has_column (self, "clerks", "id") && !yc_db_has_column (self, "clerks", "role") &&
      !yc_db_exec (self,
                   "ALTER TABLE clerks ADD COLUMN role TEXT NOT NULL DEFAULT 'clerk'"
                   "  CHECK (role IN ('clerk', 'back_office', 'supervisor'));"
                   "ALTER TABLE clerks ADD COLUMN failed_pins INTEGER NOT NULL DEFAULT 0;"
                   "ALTER TABLE clerks ADD COLUMN locked_until INTEGER NOT NULL DEFAULT 0;"
                   CLERK_WINDOWS_TABLE
                   "INSERT INTO clerk_windows (clerk, window_id) SELECT id, window_id FROM clerks"
                   "  WHERE window_id IS NOT NULL;", error))
    return FALSE;
  /* A service's expected time came later: a plain new column. */
  if (yc_db_has_column (self, "services", "letter") && !yc_db_has_column (self, "services", "expected_minutes") &&
      !yc_db_exec (self, "ALTER TABLE services ADD COLUMN expected_minutes INTEGER;", error))
    return FALSE;
  /* Records stored but not applied came later still: a plain new column, NULL (applied)
   * for every record before it, as they were answered then. */
  if (yc_db_has_column (self, "records", "id") && !yc_db_has_column (self, "records", "not_applied") &&
      !yc_db_exec (self, "ALTER TABLE records ADD COLUMN not_applied TEXT;", error))
    return FALSE;
  /* The simulator's colleagues came with training mode: every session before was a
   * person's. */
  if (yc_db_has_column (self, "sessions", "idle_until") && !yc_db_has_column (self, "sessions", "simulated") &&
      !yc_db_exec (self, "ALTER TABLE sessions ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0;", error))
    return FALSE;
  /* Training scenarios' citizens came with their stories: a plain new column. */
  if (yc_db_has_column (self, "tickets", "number") && !yc_db_has_column (self, "tickets", "story") &&
      !yc_db_exec (self, "ALTER TABLE tickets ADD COLUMN story TEXT;", error))
    return FALSE;
  return TRUE;
}

/* PostgreSQL's schema made, or found made. */
static gboolean
upgrade_postgresql (YcServerDb  *self,
                    GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };

  if (!yc_db_exec (self, "SET search_path TO public", error) ||
      !yc_db_begin (self, &tx, error) ||
      !yc_db_exec (self, schema_postgresql_city, error) ||
      !yc_db_exec (self, schema_postgresql_hall, error) ||
      !yc_db_load_halls (self, error) ||
      !yc_db_register_first_hall (self, error) ||
      !yc_db_make_all_hall_tables (self, error))
    return FALSE;
  return yc_db_commit (&tx, error);
}

gboolean
yc_db_make_hall_tables (YcServerDb  *self,
                        GError     **error)
{
  return yc_db_exec (self, schema_postgresql_hall, error);
}

/* SQLite: the first hall in the register, once it has hall data; a database that needs
 * nothing of it is not written. */
static gboolean
register_first_hall (YcServerDb  *self,
                     GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autoptr(YcSqlStmt) done = yc_db_prepare (self,
                                             "SELECT 1 WHERE EXISTS (SELECT 1 FROM halls WHERE schema IS NULL)"
                                             " OR NOT EXISTS (SELECT 1 FROM meta WHERE key = 'hall.code')", error);

  if (done == NULL)
    return FALSE;
  if (yc_sql_step (done) == YC_SQL_ROW)
    return TRUE;
  yc_db_release (g_steal_pointer (&done));
  if (!yc_db_begin (self, &tx, error) ||
      !yc_db_register_first_hall (self, error))
    return FALSE;
  return yc_db_commit (&tx, error);
}

static gint64
user_version (YcServerDb *self)
{
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, "PRAGMA user_version", NULL);

  return stmt != NULL && yc_sql_step (stmt) == YC_SQL_ROW ? yc_sql_column_int64 (stmt, 0) : 0;
}

/* A database below SCHEMA_VERSION (a new one is at 0) migrated and given the schema, in
 * one transaction: a failure leaves it as it was, to try again at the next open. The
 * version is read again inside, so that of two servers opening it at once one upgrades
 * it and the other finds that done. */
static gboolean
upgrade (YcServerDb  *self,
         GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };

  if (user_version (self) >= SCHEMA_VERSION)
    return TRUE;
  if (!yc_db_begin (self, &tx, error))
    return FALSE;
  if (user_version (self) >= SCHEMA_VERSION)
    return yc_db_commit (&tx, error);
  if (!migrate (self, error) ||
      !yc_db_exec (self, schema_sql, error) ||
      !yc_db_migrate_follow_ups (self, error))
    return FALSE;
  return yc_db_commit (&tx, error);
}

/* How many wait in each queue (queue_waiting) of each hall, counted again from the
 * tickets. */
static gboolean
count_waiting (YcServerDb  *self,
               GError     **error)
{
  for (guint i = 0; i < self->halls->len; i++)
    {
      g_auto(YcDbTransaction) tx = { 0 };

      if (!yc_server_db_use_hall (self, ((const YcDbHall *) g_ptr_array_index (self->halls, i))->code))
        {
          g_set_error (error, YC_ERROR, YC_ERROR_STORAGE, "a hall cannot be used");
          return FALSE;
        }
      if (!yc_db_begin (self, &tx, error) ||
      !yc_db_exec (self,
                   "DELETE FROM queue_waiting;"
                   "INSERT INTO queue_waiting (service, waiting)"
                   "  SELECT coalesce (queue_service, service), count (*) FROM tickets WHERE state = 'waiting'"
                   "  GROUP BY 1;", error) ||
          !yc_db_commit (&tx, error))
        return FALSE;
    }
  return yc_server_db_use_hall (self, NULL);
}

YcServerDb *
yc_server_db_open (const char  *path,
                   GError     **error)
{
  YcServerDb *self = g_new0 (YcServerDb, 1);
  gboolean ready;

  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
  yc_server_db_set_session_idle (self, 0);

  if (!(self->db = yc_sql_open (path, error)))
    {
      yc_server_db_free (self);
      return NULL;
    }

  /* SQLite: foreign keys are on only once an older database is migrated. A database at
   * the schema's version is not written before its applicant secret is read. */
  if (yc_sql_engine (self->db) == YC_SQL_SQLITE)
    ready = yc_db_exec (self, "PRAGMA journal_mode = WAL;", error) &&
            yc_db_exec (self, "PRAGMA synchronous = FULL;", error) &&
            upgrade (self, error) &&
            yc_db_exec (self, "PRAGMA foreign_keys = ON;", error) &&
            register_first_hall (self, error) &&
            yc_db_load_halls (self, error);
  else
    {
      yc_sql_set_reconnect_func (self->db, yc_db_reconnected, self);
      ready = upgrade_postgresql (self, error);
    }
  if (!ready ||
      !yc_db_open_applicant_keys (self, error) ||
      !count_waiting (self, error))
    {
      yc_server_db_free (self);
      return NULL;
    }

  /* A new database starts a new catalogue history, named once here (in the first
   * hall's meta: it is the city's). */
  self->catalogue_epoch = yc_db_catalogue_epoch (self);
  return self;
}

void
yc_server_db_free (YcServerDb *self)
{
  if (self == NULL)
    return;
  if (self->catch_up != NULL)
    {
      g_source_destroy (self->catch_up);
      g_clear_pointer (&self->catch_up, g_source_unref);
    }
  /* Every statement finalized first, or the connection stays open. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->db, yc_sql_close);
  g_clear_pointer (&self->reusable, g_hash_table_unref);
  g_clear_pointer (&self->calendar, yc_work_calendar_unref);
  g_clear_pointer (&self->halls, g_ptr_array_unref);
  g_free (self->catalogue_epoch);
  g_free (self->applicant_secret);
  g_free (self);
}

gboolean
yc_server_db_is_empty (YcServerDb *self)
{
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, "SELECT count(*) FROM clerks", NULL);

  return stmt != NULL && yc_sql_step (stmt) == YC_SQL_ROW && yc_sql_column_int64 (stmt, 0) == 0;
}
