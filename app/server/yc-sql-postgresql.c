/* yc-sql-postgresql.c: the PostgreSQL engine (libpq), and the one place where the
 * storage's SQL, written in the dialect SQLite and PostgreSQL share, is rewritten where
 * they differ:
 *
 *   ?, ?N                          → $N
 *   strftime ('%s', 'now')         → the Unix time now
 *   julianday (column)             → its epoch in days
 *   instr (a, b)                   → strpos (a, b)
 *   INSERT OR IGNORE …             → INSERT … ON CONFLICT DO NOTHING
 *   INSERT OR REPLACE INTO t (…)   → INSERT … ON CONFLICT (t's key) DO UPDATE …
 *   INDEXED BY index, = +column    → (the planner chooses; SQLite's hints go)
 *   x IS ?, x IS NOT ?             → x IS NOT DISTINCT FROM $N, x IS DISTINCT FROM $N
 *   ? IS NULL                      → CAST ($N AS text) IS NULL (a type PostgreSQL can know)
 *   BEGIN IMMEDIATE                → a transaction holding the hall's writers' lock
 *   a few whole statements (JSON, the schema's probes) → rewrite_table below
 *
 * A write transaction (BEGIN IMMEDIATE) takes a transaction-scoped advisory lock of the
 * hall in use (its key the hash of the first schema of the search path: halls of a city
 * write side by side), so that, as on SQLite, the server processes sharing the database
 * decide one change of a hall at a time: a ticket is never handed out twice. What all
 * halls share (a case's number, the catalogue's revisions, the halls) is written under
 * the city's lock too, taken after the hall's (yc_sql_lock_city ()), never before. Statements run with libpq's text protocol;
 * a statement with parameters runs with PQexecParams, one without with PQexec (which
 * runs several). */

#include "yc-sql-private.h"

#include "core/yc-error.h"

#include <glib-unix.h>
#include <string.h>
#include <unistd.h>

/* pg_advisory_xact_lock's keys: a hall's writers', "YC" and 1 with the hall's; the
 * city's, "YC" and 3 (one key: another space than two). */
#define WRITERS_LOCK "1497628673"
#define CITY_LOCK    "1497628675"

/* A JSON text column's array member, or an empty array when it has none (SQLite's
 * json_each () of a member that is not an array reads nothing). */
#define JSON_ARRAY(column, member) \
  "CASE jsonb_typeof (CAST (" column " AS jsonb) -> '" member "')" \
  " WHEN 'array' THEN CAST (" column " AS jsonb) -> '" member "' ELSE '[]'::jsonb END"

/* Whole statements PostgreSQL says otherwise, by their SQLite text, word for word: a
 * statement of SQLite's JSON functions not found here is a programming error
 * (yc_sql_postgresql_prepare () says so). */
static const struct
{
  const char *sqlite;
  const char *postgresql;
} rewrite_table[] = {
  { "BEGIN IMMEDIATE",
    "BEGIN ISOLATION LEVEL READ COMMITTED;"
    " DO $$ BEGIN PERFORM pg_advisory_xact_lock (" WRITERS_LOCK ", hashtext (current_schema ())); END $$" },
  /* A snapshot to read from. */
  { "BEGIN", "BEGIN ISOLATION LEVEL REPEATABLE READ" },
  /* The reusable fields of the catalogue's items and packages (yc-server-lookup.c). */
  { "SELECT DISTINCT json_extract (f.value, '$.key')"
    " FROM catalogue c, json_each (c.body, '$.fields') f"
    " WHERE c.kind IN ('package', 'item') AND c.body IS NOT NULL"
    " AND json_valid (c.body) AND json_type (c.body, '$.fields') = 'array'"
    " AND json_extract (f.value, '$.reusable') IS 1",
    "SELECT DISTINCT f.value ->> 'key'"
    " FROM catalogue c, jsonb_array_elements (" JSON_ARRAY ("c.body", "fields") ") f (value)"
    " WHERE c.kind IN ('package', 'item') AND c.body IS NOT NULL"
    " AND f.value -> 'reusable' = 'true'::jsonb" },
  /* Whether a case of the ticket deferred a material (yc-server-records.c). */
  { "SELECT c.decision, EXISTS (SELECT 1 FROM json_each (r.body, '$.materials')"
    "                           WHERE json_extract (value, '$.status') = 'deferred')"
    " FROM cases c JOIN records r ON r.id = c.id"
    " WHERE c.ticket = ?1 AND c.window_id = ?2 AND c.received_at >= ?3"
    " ORDER BY c.received_at, r.created_at LIMIT 1",
    "SELECT c.decision, EXISTS (SELECT 1 FROM jsonb_array_elements (" JSON_ARRAY ("r.body", "materials") ") m (value)"
    "                           WHERE m.value ->> 'status' = 'deferred')"
    " FROM cases c JOIN records r ON r.id = c.id"
    " WHERE c.ticket = ?1 AND c.window_id = ?2 AND c.received_at >= ?3"
    " ORDER BY c.received_at, r.created_at LIMIT 1" },
};

/* The primary key of the tables INSERT OR REPLACE writes. */
static const struct
{
  const char *table;
  const char *key;
} table_keys[] = {
  { "meta", "key" },
  { "licences", "key" },
};

typedef struct
{
  GRegex *now;
  GRegex *julianday;
  GRegex *indexed_by;
  GRegex *or_ignore;
  GRegex *or_replace;
  GRegex *json_extract;
  GRegex *is;
  GRegex *is_not;
  GRegex *unary_plus;
  GRegex *instr;
  GRegex *parameter_is_null;
  GRegex *password;
} Rewrites;

static const Rewrites *
rewrites (void)
{
  static Rewrites r;
  static gsize made;

  if (g_once_init_enter (&made))
    {
      r.now = g_regex_new ("strftime \\('%s', 'now'\\)", G_REGEX_OPTIMIZE, 0, NULL);
      r.julianday = g_regex_new ("julianday \\((\\w+)\\)", G_REGEX_OPTIMIZE, 0, NULL);
      r.indexed_by = g_regex_new (" INDEXED BY \\w+", G_REGEX_OPTIMIZE, 0, NULL);
      r.or_ignore = g_regex_new ("^INSERT OR IGNORE INTO", G_REGEX_OPTIMIZE, 0, NULL);
      r.or_replace = g_regex_new ("^INSERT OR REPLACE INTO (\\w+) \\(([^)]*)\\)", G_REGEX_OPTIMIZE, 0, NULL);
      /* json_extract (column, '$.member[0].member') of a member, as text. */
      r.json_extract = g_regex_new ("json_extract \\(([\\w.]+), '\\$((?:\\[\\d+\\]|\\.\\w+)+)'\\)",
                                    G_REGEX_OPTIMIZE, 0, NULL);
      r.is_not = g_regex_new (" IS NOT (\\?\\d*)", G_REGEX_OPTIMIZE, 0, NULL);
      r.is = g_regex_new (" IS (\\?\\d*)", G_REGEX_OPTIMIZE, 0, NULL);
      r.unary_plus = g_regex_new ("= \\+(\\w+\\.\\w+)", G_REGEX_OPTIMIZE, 0, NULL);
      r.instr = g_regex_new ("\\binstr \\(", G_REGEX_OPTIMIZE, 0, NULL);
      r.parameter_is_null = g_regex_new ("(\\?\\d*) IS (NOT )?NULL", G_REGEX_OPTIMIZE, 0, NULL);
      r.password = g_regex_new ("^(postgres(?:ql)?://[^:/@]*):[^@/]*@", 0, 0, NULL);
      g_once_init_leave (&made, 1);
    }
  return &r;
}

static char *
replace (GRegex     *regex,
         const char *text,
         const char *replacement)
{
  return g_regex_replace (regex, text, -1, 0, replacement, 0, NULL);
}

/* json_extract (column, '$.a[0].b') → (CAST (column AS jsonb) -> 'a' -> 0 ->> 'b'). */
static gboolean
json_path (const GMatchInfo *match,
           GString          *out,
           gpointer          data)
{
  g_autofree char *column = g_match_info_fetch (match, 1);
  g_autofree char *path = g_match_info_fetch (match, 2);
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (g_free);

  /* path is .name or [N], again and again (the pattern says so). */
  for (const char *p = path; *p != '\0';)
    {
      gsize length = strcspn (p + 1, ".[]");

      g_ptr_array_add (steps, *p == '[' ? g_strndup (p + 1, length)
                                        : g_strdup_printf ("'%.*s'", (int) length, p + 1));
      p += 1 + length;
      if (*p == ']')
        p++;
    }
  g_string_append_printf (out, "(CAST (%s AS jsonb)", column);
  for (guint i = 0; i < steps->len; i++)
    g_string_append_printf (out, " %s %s", i + 1 < steps->len ? "->" : "->>", (char *) steps->pdata[i]);
  g_string_append_c (out, ')');
  return FALSE;
}

/* INSERT OR REPLACE INTO table (a, b, …) … → INSERT INTO … ON CONFLICT (key) DO UPDATE
 * SET b = excluded.b, …: the row is replaced in place, which is what SQLite's delete and
 * insert come to for these tables. */
static char *
rewrite_replace (const char *text)
{
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *table = NULL;
  g_autofree char *columns = NULL;
  g_auto(GStrv) names = NULL;
  const char *key = NULL;
  GString *out;
  int end;

  if (!g_regex_match (rewrites ()->or_replace, text, 0, &match))
    return g_strdup (text);
  table = g_match_info_fetch (match, 1);
  columns = g_match_info_fetch (match, 2);
  for (gsize i = 0; i < G_N_ELEMENTS (table_keys); i++)
    if (g_str_equal (table_keys[i].table, table))
      key = table_keys[i].key;
  if (key == NULL)
    {
      g_critical ("INSERT OR REPLACE into %s, whose key the PostgreSQL engine does not know", table);
      return g_strdup (text);
    }
  g_match_info_fetch_pos (match, 0, NULL, &end);
  out = g_string_new ("INSERT INTO ");
  g_string_append_printf (out, "%s (%s)", table, columns);
  g_string_append (out, text + end);
  while (out->len > 0 && (out->str[out->len - 1] == ';' || g_ascii_isspace (out->str[out->len - 1])))
    g_string_truncate (out, out->len - 1);
  g_string_append_printf (out, " ON CONFLICT (%s) DO UPDATE SET ", key);
  names = g_strsplit (columns, ",", -1);
  for (int i = 0, n = 0; names[i] != NULL; i++)
    {
      g_strstrip (names[i]);
      if (g_str_equal (names[i], key))
        continue;
      g_string_append_printf (out, "%s%s = excluded.%s", n++ > 0 ? ", " : "", names[i], names[i]);
    }
  return g_string_free (out, FALSE);
}

/* ? and ?N become $N (a bare ? is one above the highest so far, as in SQLite), outside
 * quoted strings and names. */
static char *
number_parameters (const char  *text,
                   int         *n_params,
                   gboolean   **named)
{
  GString *out = g_string_sized_new (strlen (text) + 16);
  g_autoptr(GArray) seen = g_array_new (FALSE, TRUE, sizeof (gboolean));
  char quote = 0;
  int highest = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      int n;

      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
          g_string_append_c (out, *p);
          continue;
        }
      if (*p == '\'' || *p == '"')
        {
          quote = *p;
          g_string_append_c (out, *p);
          continue;
        }
      if (*p != '?')
        {
          g_string_append_c (out, *p);
          continue;
        }
      if (g_ascii_isdigit (p[1]))
        {
          char *end;

          n = (int) g_ascii_strtoll (p + 1, &end, 10);

          highest = MAX (highest, n);
          g_string_append_printf (out, "$%d", n);
          p = end - 1;
        }
      else
        {
          n = ++highest;
          g_string_append_printf (out, "$%d", n);
        }
      if ((guint) n > seen->len)
        g_array_set_size (seen, n);
      g_array_index (seen, gboolean, n - 1) = TRUE;
    }
  *n_params = highest;
  if (named != NULL)
    {
      g_array_set_size (seen, MAX (highest, 1));
      *named = (gboolean *) g_array_free (g_steal_pointer (&seen), FALSE);
    }
  return g_string_free (out, FALSE);
}

char *
yc_sql_postgresql_rewrite (const char  *text,
                           int         *n_params,
                           gboolean   **named)
{
  const Rewrites *r = rewrites ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;
  g_autofree char *f = NULL;
  g_autofree char *g = NULL;
  g_autofree char *h = NULL;
  g_autofree char *k = NULL;
  g_autofree char *m = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (rewrite_table); i++)
    if (g_str_equal (rewrite_table[i].sqlite, text))
      return number_parameters (rewrite_table[i].postgresql, n_params, named);

  a = replace (r->now, text, "CAST (extract (epoch FROM clock_timestamp ()) AS bigint)");
  k = replace (r->julianday, a, "(extract (epoch FROM CAST (\\1 AS timestamptz)) / 86400.0)");
  b = replace (r->instr, k, "strpos (");
  h = replace (r->indexed_by, b, "");
  c = replace (r->unary_plus, h, "= \\1");
  f = g_regex_replace_eval (r->json_extract, c, -1, 0, 0, json_path, NULL, NULL);
  g = replace (r->is_not, f, " IS DISTINCT FROM \\1");
  m = replace (r->is, g, " IS NOT DISTINCT FROM \\1");
  d = replace (r->parameter_is_null, m, "CAST (\\1 AS text) IS \\2NULL");
  if (g_regex_match (r->or_ignore, d, 0, NULL))
    {
      g_autofree char *plain = replace (r->or_ignore, d, "INSERT INTO");

      g_strchomp (plain);
      if (g_str_has_suffix (plain, ";"))
        plain[strlen (plain) - 1] = '\0';
      e = g_strconcat (plain, " ON CONFLICT DO NOTHING", NULL);
    }
  else
    e = rewrite_replace (d);
  return number_parameters (e, n_params, named);
}

static void
ignore_notice (void       *data,
               const char *message)
{
}

static gboolean take_result (YcSql *self, PGresult *result);

static gboolean
set_up_session (YcSql *self)
{
  g_autofree char *settings = g_strdup_printf ("SET client_min_messages = warning;"
                                               " SET application_name = 'yichuang-server/%d'", (int) getpid ());
  PGresult *result;
  gboolean ok;

  /* CREATE … IF NOT EXISTS tells of what exists; nobody reads it. */
  PQsetNoticeProcessor (self->pg, ignore_notice, NULL);
  /* Which process a connection is, for an administrator (pg_stat_activity) and the
   * tests of the duty handed over. */
  result = PQexec (self->pg, settings);
  ok = take_result (self, result);
  PQclear (result);
  return ok;
}

static gboolean watch_socket (YcSql *self);

/* The connection the database server ended, made again: see yc_sql_set_reconnect_func ().
 * FALSE while the server cannot be reached (or the connection was not lost). */
static gboolean
reconnect (YcSql *self)
{
  if (self->pg == NULL || PQstatus (self->pg) != CONNECTION_BAD)
    return FALSE;
  PQreset (self->pg);
  if (PQstatus (self->pg) != CONNECTION_OK || !set_up_session (self))
    return FALSE;
  self->generation++;
  g_clear_pointer (&self->locks, g_hash_table_unref);
  if (self->listening != NULL)
    {
      g_source_destroy (self->listening);
      g_clear_pointer (&self->listening, g_source_unref);
    }
  if (self->channel != NULL && !watch_socket (self))
    g_warning ("The database's notifications cannot be heard again: %s", self->message);
  if (self->reconnecting != NULL)
    {
      g_source_destroy (self->reconnecting);
      g_clear_pointer (&self->reconnecting, g_source_unref);
    }
  g_message ("The connection to %s was lost, and is made again", self->location);
  if (self->reconnect_func != NULL)
    self->reconnect_func (self->reconnect_data);
  return TRUE;
}

/* A statement that begins nothing and changes nothing, run outside a transaction: run
 * again on a connection made again, it does what it would have done. */
static gboolean
may_run_again (const char              *text,
               PGTransactionStatusType  before)
{
  return before == PQTRANS_IDLE &&
         (g_ascii_strncasecmp (text, "SELECT ", 7) == 0 || g_ascii_strncasecmp (text, "SET ", 4) == 0 ||
          g_ascii_strncasecmp (text, "BEGIN", 5) == 0);
}

YcSql *
yc_sql_postgresql_open (const char  *url,
                        GError     **error)
{
  YcSql *self = g_new0 (YcSql, 1);

  self->engine = YC_SQL_POSTGRESQL;
  self->location = replace (rewrites ()->password, url, "\\1@");
  self->pg = PQconnectdb (url);
  if (self->pg == NULL || PQstatus (self->pg) != CONNECTION_OK)
    {
      g_autofree char *why = g_strdup (self->pg != NULL ? PQerrorMessage (self->pg) : "out of memory");

      g_set_error (error, YC_ERROR, YC_ERROR_STORAGE, "cannot open %s: %s", self->location, g_strstrip (why));
      yc_sql_close (self);
      return NULL;
    }
  if (!set_up_session (self))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_STORAGE, "cannot open %s: %s", self->location, self->message);
      yc_sql_close (self);
      return NULL;
    }
  return self;
}

void
yc_sql_postgresql_close (YcSql *self)
{
  g_clear_pointer (&self->pg, PQfinish);
}

/* The notifications libpq has read: each payload told once however many times it came
 * (the schema of the hall whose events they are), in the order they first came. */
static void
drain_notifications (YcSql *self)
{
  g_autoptr(GPtrArray) payloads = NULL;
  PGnotify *notify;

  while ((notify = PQnotifies (self->pg)) != NULL)
    {
      const char *payload = notify->extra != NULL ? notify->extra : "";

      if (payloads == NULL)
        payloads = g_ptr_array_new_with_free_func (g_free);
      if (!g_ptr_array_find_with_equal_func (payloads, payload, g_str_equal, NULL))
        g_ptr_array_add (payloads, g_strdup (payload));
      PQfreemem (notify);
    }
  for (guint i = 0; payloads != NULL && i < payloads->len && self->notify_func != NULL; i++)
    self->notify_func (g_ptr_array_index (payloads, i), self->notify_data);
}

/* Keeps what went wrong with a result (or the connection, without one); tells of what
 * came meanwhile from the others. */
static gboolean
take_result (YcSql     *self,
             PGresult  *result)
{
  ExecStatusType status = result != NULL ? PQresultStatus (result) : PGRES_FATAL_ERROR;
  const char *state;

  if (self->channel != NULL)
    drain_notifications (self);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    {
      const char *tuples = PQcmdTuples (result);

      self->changes = tuples != NULL && *tuples != '\0' ? g_ascii_strtoll (tuples, NULL, 10) : 0;
      return TRUE;
    }
  g_free (self->message);
  self->message = g_strdup (result != NULL ? PQresultErrorMessage (result) : PQerrorMessage (self->pg));
  g_strstrip (self->message);
  state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  if (state == NULL)
    self->failure = YC_SQL_FAILED;
  else if (g_str_equal (state, "53100"))
    self->failure = YC_SQL_DISK_FULL;
  else if (g_str_equal (state, "23505"))
    self->failure = YC_SQL_UNIQUE;
  else if (g_str_has_prefix (state, "23"))
    self->failure = YC_SQL_CONSTRAINT;
  else
    self->failure = YC_SQL_FAILED;
  return FALSE;
}

gboolean
yc_sql_postgresql_exec (YcSql      *self,
                        const char *text)
{
  int n_params;
  g_autofree char *rewritten = yc_sql_postgresql_rewrite (text, &n_params, NULL);
  PGTransactionStatusType before = PQtransactionStatus (self->pg);
  PGresult *result = PQexec (self->pg, rewritten);
  gboolean ok = take_result (self, result);

  PQclear (result);
  if (!ok && reconnect (self) && may_run_again (rewritten, before))
    {
      result = PQexec (self->pg, rewritten);
      ok = take_result (self, result);
      PQclear (result);
    }
  return ok;
}

void
yc_sql_postgresql_prepare (YcSqlStmt *stmt)
{
  stmt->pg_text = yc_sql_postgresql_rewrite (stmt->text, &stmt->n_params, &stmt->named);
  if (strstr (stmt->pg_text, "json_each") != NULL || strstr (stmt->pg_text, "json_valid") != NULL)
    g_critical ("SQLite's JSON functions in a statement the PostgreSQL engine does not know: %s", stmt->text);
  stmt->values = g_new0 (char *, MAX (stmt->n_params, 1));
  stmt->types = g_new0 (Oid, MAX (stmt->n_params, 1));
}

/* Prepared on the server the first time it runs, and again should its parameters' types
 * change (a text bound where a number was): parsed and planned once, not at every run,
 * which halves a call's time. */
static gboolean
prepare (YcSqlStmt *stmt)
{
  YcSql *self = stmt->sql;
  PGresult *result;
  gboolean ok;

  if (stmt->prepared != NULL && stmt->prepared_generation == self->generation &&
      memcmp (stmt->prepared_types, stmt->types, sizeof (Oid) * stmt->n_params) == 0)
    return TRUE;
  /* One prepared on a connection since made again went with it. */
  if (stmt->prepared != NULL && stmt->prepared_generation != self->generation)
    {
      g_clear_pointer (&stmt->prepared, g_free);
      g_clear_pointer (&stmt->prepared_types, g_free);
    }
  yc_sql_postgresql_unprepare (stmt);
  stmt->prepared = g_strdup_printf ("yc_%u", ++self->prepared);
  result = PQprepare (self->pg, stmt->prepared, stmt->pg_text, stmt->n_params, stmt->types);
  ok = take_result (self, result);
  PQclear (result);
  if (!ok)
    {
      g_clear_pointer (&stmt->prepared, g_free);
      return FALSE;
    }
  stmt->prepared_types = g_memdup2 (stmt->types, sizeof (Oid) * stmt->n_params);
  stmt->prepared_generation = self->generation;
  return TRUE;
}

void
yc_sql_postgresql_unprepare (YcSqlStmt *stmt)
{
  g_autofree char *deallocate = NULL;
  YcSql *self = stmt->sql;

  g_clear_pointer (&stmt->prepared_types, g_free);
  if (stmt->prepared == NULL)
    return;
  if (self->pg != NULL && PQstatus (self->pg) == CONNECTION_OK)
    {
      deallocate = g_strdup_printf ("DEALLOCATE %s", stmt->prepared);
      PQclear (PQexec (self->pg, deallocate));
    }
  g_clear_pointer (&stmt->prepared, g_free);
}

YcSqlResult
yc_sql_postgresql_step (YcSqlStmt *stmt)
{
  YcSql *self = stmt->sql;

  if (stmt->result == NULL)
    {
      for (gboolean again = FALSE; ; again = TRUE)
        {
          PGTransactionStatusType before = PQtransactionStatus (self->pg);
          gboolean ok;

          if (stmt->n_params == 0)
            stmt->result = PQexec (self->pg, stmt->pg_text);
          else if (prepare (stmt))
            stmt->result = PQexecPrepared (self->pg, stmt->prepared, stmt->n_params,
                                           (const char *const *) stmt->values, NULL, NULL, 0);
          ok = stmt->result != NULL && take_result (self, stmt->result);
          if (ok)
            break;
          g_clear_pointer (&stmt->result, PQclear);
          if (!reconnect (self) || again || !may_run_again (stmt->pg_text, before))
            return YC_SQL_ERROR;
        }
      stmt->n_rows = PQresultStatus (stmt->result) == PGRES_TUPLES_OK ? PQntuples (stmt->result) : 0;
      stmt->row = 0;
    }
  else if (stmt->row < stmt->n_rows)
    stmt->row++;
  return stmt->row < stmt->n_rows ? YC_SQL_ROW : YC_SQL_DONE;
}

gint64
yc_sql_postgresql_last_insert_id (YcSql *self)
{
  PGresult *result = PQexec (self->pg, "SELECT lastval ()");
  gint64 id = 0;

  if (take_result (self, result) && PQntuples (result) == 1)
    id = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return id;
}

/* While the database server cannot be reached: tried again every second. */
static gboolean
reconnect_cb (gpointer data)
{
  YcSql *self = data;

  if (PQstatus (self->pg) != CONNECTION_BAD || reconnect (self))
    return G_SOURCE_REMOVE;
  return G_SOURCE_CONTINUE;
}

/* Between statements: what the socket brought; a connection ended, made again. */
static gboolean
readable_cb (int          fd,
             GIOCondition condition,
             gpointer     data)
{
  YcSql *self = data;

  if (!PQconsumeInput (self->pg))
    {
      g_message ("The database's notifications stopped: %s", g_strstrip (PQerrorMessage (self->pg)));
      /* The source goes with the socket; reconnect () makes another. */
      g_clear_pointer (&self->listening, g_source_unref);
      if (!reconnect (self) && self->reconnecting == NULL)
        {
          self->reconnecting = g_timeout_source_new_seconds (1);
          g_source_set_callback (self->reconnecting, reconnect_cb, self, NULL);
          g_source_set_static_name (self->reconnecting, "yichuang-server reconnecting");
          g_source_attach (self->reconnecting, self->listen_context);
        }
      return G_SOURCE_REMOVE;
    }
  drain_notifications (self);
  return G_SOURCE_CONTINUE;
}

/* LISTEN on the connection, its socket watched. */
static gboolean
watch_socket (YcSql *self)
{
  g_autofree char *listen = NULL;
  char *quoted = PQescapeIdentifier (self->pg, self->channel, strlen (self->channel));
  PGresult *result;
  gboolean ok;

  listen = g_strdup_printf ("LISTEN %s", quoted);
  PQfreemem (quoted);
  result = PQexec (self->pg, listen);
  ok = take_result (self, result);
  PQclear (result);
  if (!ok)
    return FALSE;
  self->listening = g_unix_fd_source_new (PQsocket (self->pg), G_IO_IN);
  g_source_set_callback (self->listening, G_SOURCE_FUNC (readable_cb), self, NULL);
  g_source_set_static_name (self->listening, "yichuang-server notifications");
  g_source_attach (self->listening, self->listen_context);
  return TRUE;
}

gboolean
yc_sql_postgresql_listen (YcSql        *self,
                          GMainContext *context)
{
  g_clear_pointer (&self->listen_context, g_main_context_unref);
  self->listen_context = g_main_context_ref (context);
  return watch_socket (self);
}

gboolean
yc_sql_postgresql_lock_city (YcSql *self)
{
  return yc_sql_postgresql_exec (self, "SELECT pg_advisory_xact_lock (" CITY_LOCK ")");
}

void
yc_sql_postgresql_unlisten (YcSql *self)
{
  if (self->listening != NULL)
    {
      g_source_destroy (self->listening);
      g_clear_pointer (&self->listening, g_source_unref);
    }
  if (self->reconnecting != NULL)
    {
      g_source_destroy (self->reconnecting);
      g_clear_pointer (&self->reconnecting, g_source_unref);
    }
  g_clear_pointer (&self->listen_context, g_main_context_unref);
  if (self->pg != NULL && PQstatus (self->pg) == CONNECTION_OK)
    yc_sql_postgresql_exec (self, "UNLISTEN *");
}

gboolean
yc_sql_postgresql_hold_lock (YcSql  *self,
                             gint64  key)
{
  g_autofree char *sql = NULL;
  PGresult *result;
  gboolean held;

  /* Lost with a connection the server ended, and asked for again on the new one. */
  if (PQstatus (self->pg) == CONNECTION_BAD)
    reconnect (self);
  if (self->locks != NULL && g_hash_table_contains (self->locks, &key))
    return PQstatus (self->pg) == CONNECTION_OK;
  sql = g_strdup_printf ("SELECT pg_try_advisory_lock (%" G_GINT64_FORMAT ")", key);
  result = PQexec (self->pg, sql);
  held = take_result (self, result) && PQntuples (result) == 1 && PQgetvalue (result, 0, 0)[0] == 't';
  PQclear (result);
  if (held)
    {
      if (self->locks == NULL)
        self->locks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_hash_table_add (self->locks, g_memdup2 (&key, sizeof key));
    }
  return held;
}

gboolean
yc_sql_postgresql_continue_ids (YcSql      *self,
                                const char *table,
                                const char *column)
{
  char *quoted_table = PQescapeLiteral (self->pg, table, strlen (table));
  char *quoted_column = PQescapeLiteral (self->pg, column, strlen (column));
  char *name_table = PQescapeIdentifier (self->pg, table, strlen (table));
  char *name_column = PQescapeIdentifier (self->pg, column, strlen (column));
  g_autofree char *sql = g_strdup_printf ("SELECT setval (pg_get_serial_sequence (%s, %s),"
                                          " coalesce (max (%s), 1), max (%s) IS NOT NULL) FROM %s",
                                          quoted_table, quoted_column, name_column, name_column, name_table);

  PQfreemem (quoted_table);
  PQfreemem (quoted_column);
  PQfreemem (name_table);
  PQfreemem (name_column);
  return yc_sql_postgresql_exec (self, sql);
}
