/* yc-sql.c: the storage engines' one API (yc-sql.h), and the SQLite engine under it;
 * PostgreSQL's is yc-sql-postgresql.c. The SQLite engine passes each call through: the
 * API has SQLite's shape, so the storage written on it runs on SQLite as it always did. */

#include "yc-sql-private.h"

#include "core/yc-error.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

gboolean
yc_sql_is_url (const char *location)
{
  return location != NULL &&
         (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"));
}

YcSql *
yc_sql_open (const char  *location,
             GError     **error)
{
  YcSql *self;
  int fd;

  g_return_val_if_fail (location != NULL, NULL);

  if (yc_sql_is_url (location))
    return yc_sql_postgresql_open (location, error);

  self = g_new0 (YcSql, 1);
  self->engine = YC_SQL_SQLITE;
  self->location = g_strdup (location);
  /* Clerks' PIN hashes and applicants' records: private to the server's account. */
  fd = open (location, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0)
    close (fd);
  if (sqlite3_open_v2 (location, &self->lite, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_STORAGE, "cannot open %s: %s", location,
                   self->lite ? sqlite3_errmsg (self->lite) : "out of memory");
      yc_sql_close (self);
      return NULL;
    }
  sqlite3_busy_timeout (self->lite, 5000);
  return self;
}

void
yc_sql_close (YcSql *self)
{
  if (self == NULL)
    return;
  yc_sql_unlisten (self);
  if (self->engine == YC_SQL_POSTGRESQL)
    yc_sql_postgresql_close (self);
  else if (self->lite != NULL)
    sqlite3_close (self->lite);
  g_clear_pointer (&self->locks, g_hash_table_unref);
  g_free (self->message);
  g_free (self->location);
  g_free (self);
}

YcSqlEngine
yc_sql_engine (YcSql *self)
{
  return self->engine;
}

const char *
yc_sql_location (YcSql *self)
{
  return self->location;
}

const char *
yc_sql_errmsg (YcSql *self)
{
  if (self->engine == YC_SQL_SQLITE)
    return sqlite3_errmsg (self->lite);
  return self->message != NULL ? self->message : "no error";
}

YcSqlFailure
yc_sql_failure (YcSql *self)
{
  if (self->engine == YC_SQL_POSTGRESQL)
    return self->failure;
  switch (sqlite3_extended_errcode (self->lite))
    {
    case SQLITE_FULL:
      return YC_SQL_DISK_FULL;
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return YC_SQL_UNIQUE;
    default:
      return (sqlite3_extended_errcode (self->lite) & 0xff) == SQLITE_CONSTRAINT ? YC_SQL_CONSTRAINT : YC_SQL_FAILED;
    }
}

gint64
yc_sql_changes (YcSql *self)
{
  return self->engine == YC_SQL_SQLITE ? sqlite3_changes (self->lite) : self->changes;
}

gint64
yc_sql_last_insert_id (YcSql *self)
{
  if (self->engine == YC_SQL_SQLITE)
    return sqlite3_last_insert_rowid (self->lite);
  return yc_sql_postgresql_last_insert_id (self);
}

gboolean
yc_sql_exec (YcSql      *self,
             const char *text)
{
  if (self->engine == YC_SQL_POSTGRESQL)
    return yc_sql_postgresql_exec (self, text);
  return sqlite3_exec (self->lite, text, NULL, NULL, NULL) == SQLITE_OK;
}

YcSqlStmt *
yc_sql_prepare (YcSql      *self,
                const char *text)
{
  YcSqlStmt *stmt = g_new0 (YcSqlStmt, 1);

  stmt->sql = self;
  stmt->text = g_strdup (text);
  stmt->row = -1;
  if (self->engine == YC_SQL_POSTGRESQL)
    {
      yc_sql_postgresql_prepare (stmt);
      yc_sql_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->lite, text, -1, SQLITE_PREPARE_PERSISTENT, &stmt->lite, NULL) != SQLITE_OK)
    {
      yc_sql_finalize (stmt);
      return NULL;
    }
  return stmt;
}

/* The type OIDs of PostgreSQL's catalogue (pg_type.dat), stable across versions. */
#define PG_INT8   20
#define PG_TEXT   25
#define PG_FLOAT8 701

/* A parameter the text does not name needs a type of its own, bound or not: text. A
 * text the statement names takes the type the statement gives it (0). */
static Oid
unnamed_type (YcSqlStmt *stmt,
              int        index)
{
  return stmt->named[index - 1] ? 0 : PG_TEXT;
}

static void
clear_result (YcSqlStmt *stmt)
{
  g_clear_pointer (&stmt->result, PQclear);
  stmt->row = -1;
  stmt->n_rows = 0;
}

void
yc_sql_clear_bindings (YcSqlStmt *stmt)
{
  if (stmt->lite != NULL)
    {
      sqlite3_clear_bindings (stmt->lite);
      return;
    }
  for (int i = 0; i < stmt->n_params; i++)
    {
      g_clear_pointer (&stmt->values[i], g_free);
      stmt->types[i] = unnamed_type (stmt, i + 1);
    }
}

void
yc_sql_finalize (YcSqlStmt *stmt)
{
  if (stmt == NULL)
    return;
  if (stmt->lite != NULL)
    sqlite3_finalize (stmt->lite);
  else
    yc_sql_postgresql_unprepare (stmt);
  clear_result (stmt);
  if (stmt->values != NULL)
    yc_sql_clear_bindings (stmt);
  g_free (stmt->values);
  g_free (stmt->types);
  g_free (stmt->named);
  g_free (stmt->pg_text);
  g_free (stmt->text);
  g_free (stmt);
}

void
yc_sql_reset (YcSqlStmt *stmt)
{
  if (stmt->lite != NULL)
    sqlite3_reset (stmt->lite);
  else
    clear_result (stmt);
}

gboolean
yc_sql_busy (YcSqlStmt *stmt)
{
  if (stmt->lite != NULL)
    return sqlite3_stmt_busy (stmt->lite);
  return stmt->result != NULL && stmt->row < stmt->n_rows;
}

const char *
yc_sql_text (YcSqlStmt *stmt)
{
  return stmt->text;
}

/* PostgreSQL's parameters are sent as text; a number says its type, a text leaves it
 * to the statement, as SQLite's affinity does. One the statement does not have is
 * ignored, as SQLite does (a tier of the call policy binds what the others use). */
static void
bind_pg (YcSqlStmt *stmt,
         int        index,
         char      *value,
         Oid        type)
{
  if (index < 1 || index > stmt->n_params)
    {
      g_free (value);
      return;
    }
  g_free (stmt->values[index - 1]);
  stmt->values[index - 1] = value;
  stmt->types[index - 1] = type == 0 ? unnamed_type (stmt, index) : type;
}

/* The type OIDs of PostgreSQL's catalogue (pg_type.dat), stable across versions. */
#define PG_FLOAT8 701

void
yc_sql_bind_int64 (YcSqlStmt *stmt,
                   int        index,
                   gint64     value)
{
  if (stmt->lite != NULL)
    sqlite3_bind_int64 (stmt->lite, index, value);
  else
    bind_pg (stmt, index, g_strdup_printf ("%" G_GINT64_FORMAT, value), PG_INT8);
}

void
yc_sql_bind_double (YcSqlStmt *stmt,
                    int        index,
                    double     value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (stmt->lite != NULL)
    sqlite3_bind_double (stmt->lite, index, value);
  else
    bind_pg (stmt, index, g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value)), PG_FLOAT8);
}

/* SQLite reads the caller's string where it is (the engine's calls bind hundreds a
 * second, and a copy each was measurable under AddressSanitizer); PostgreSQL's are copied,
 * kept with the statement until it runs. */
void
yc_sql_bind_text (YcSqlStmt  *stmt,
                  int         index,
                  const char *value)
{
  if (stmt->lite != NULL)
    sqlite3_bind_text (stmt->lite, index, value, -1, SQLITE_STATIC);
  else
    bind_pg (stmt, index, g_strdup (value), 0);
}

void
yc_sql_bind_text_copy (YcSqlStmt  *stmt,
                       int         index,
                       const char *value)
{
  if (stmt->lite != NULL)
    sqlite3_bind_text (stmt->lite, index, value, -1, SQLITE_TRANSIENT);
  else
    bind_pg (stmt, index, g_strdup (value), 0);
}

void
yc_sql_bind_null (YcSqlStmt *stmt,
                  int        index)
{
  if (stmt->lite != NULL)
    sqlite3_bind_null (stmt->lite, index);
  else
    bind_pg (stmt, index, NULL, 0);
}

YcSqlResult
yc_sql_step (YcSqlStmt *stmt)
{
  int rc;

  if (stmt->lite == NULL)
    return yc_sql_postgresql_step (stmt);
  rc = sqlite3_step (stmt->lite);
  return rc == SQLITE_ROW ? YC_SQL_ROW : rc == SQLITE_DONE ? YC_SQL_DONE : YC_SQL_ERROR;
}

/* The PostgreSQL value of a column of the row stepped onto, NULL for a NULL. */
static const char *
pg_value (YcSqlStmt *stmt,
          int        column)
{
  if (stmt->result == NULL || stmt->row < 0 || stmt->row >= stmt->n_rows ||
      column < 0 || column >= PQnfields (stmt->result) ||
      PQgetisnull (stmt->result, stmt->row, column))
    return NULL;
  return PQgetvalue (stmt->result, stmt->row, column);
}

#define PG_BOOL    16
#define PG_INT2    21
#define PG_INT4    23
#define PG_FLOAT4  700
#define PG_NUMERIC 1700

YcSqlType
yc_sql_column_type (YcSqlStmt *stmt,
                    int        column)
{
  if (stmt->lite != NULL)
    {
      switch (sqlite3_column_type (stmt->lite, column))
        {
        case SQLITE_INTEGER:
          return YC_SQL_INTEGER;
        case SQLITE_FLOAT:
          return YC_SQL_FLOAT;
        case SQLITE_NULL:
          return YC_SQL_NULL;
        default:
          return YC_SQL_TEXT;
        }
    }
  if (pg_value (stmt, column) == NULL)
    return YC_SQL_NULL;
  switch (PQftype (stmt->result, column))
    {
    case PG_BOOL:
    case PG_INT2:
    case PG_INT4:
    case PG_INT8:
      return YC_SQL_INTEGER;
    case PG_FLOAT4:
    case PG_FLOAT8:
    case PG_NUMERIC:
      return YC_SQL_FLOAT;
    default:
      return YC_SQL_TEXT;
    }
}

gint64
yc_sql_column_int64 (YcSqlStmt *stmt,
                     int        column)
{
  const char *value;

  if (stmt->lite != NULL)
    return sqlite3_column_int64 (stmt->lite, column);
  value = pg_value (stmt, column);
  if (value == NULL)
    return 0;
  /* A truth comes as t or f, where SQLite has 1 and 0. */
  if (PQftype (stmt->result, column) == PG_BOOL)
    return value[0] == 't';
  if (PQftype (stmt->result, column) == PG_NUMERIC || PQftype (stmt->result, column) == PG_FLOAT8)
    return (gint64) g_ascii_strtod (value, NULL);
  return g_ascii_strtoll (value, NULL, 10);
}

double
yc_sql_column_double (YcSqlStmt *stmt,
                      int        column)
{
  const char *value;

  if (stmt->lite != NULL)
    return sqlite3_column_double (stmt->lite, column);
  value = pg_value (stmt, column);
  return value != NULL ? g_ascii_strtod (value, NULL) : 0.0;
}

const char *
yc_sql_column_text (YcSqlStmt *stmt,
                    int        column)
{
  if (stmt->lite != NULL)
    return (const char *) sqlite3_column_text (stmt->lite, column);
  return pg_value (stmt, column);
}

int
yc_sql_column_bytes (YcSqlStmt *stmt,
                     int        column)
{
  if (stmt->lite != NULL)
    return sqlite3_column_bytes (stmt->lite, column);
  return pg_value (stmt, column) != NULL ? PQgetlength (stmt->result, stmt->row, column) : 0;
}

int
yc_sql_column_count (YcSqlStmt *stmt)
{
  if (stmt->lite != NULL)
    return sqlite3_column_count (stmt->lite);
  return stmt->result != NULL ? PQnfields (stmt->result) : 0;
}

const char *
yc_sql_column_name (YcSqlStmt *stmt,
                    int        column)
{
  if (stmt->lite != NULL)
    return sqlite3_column_name (stmt->lite, column);
  return stmt->result != NULL ? PQfname (stmt->result, column) : NULL;
}

gboolean
yc_sql_continue_ids (YcSql      *self,
                     const char *table,
                     const char *column)
{
  if (self->engine == YC_SQL_SQLITE)
    return TRUE;
  return yc_sql_postgresql_continue_ids (self, table, column);
}

gboolean
yc_sql_listen (YcSql           *self,
               const char      *channel,
               GMainContext    *context,
               YcSqlNotifyFunc  func,
               gpointer         data)
{
  g_return_val_if_fail (self->channel == NULL, FALSE);

  if (self->engine == YC_SQL_SQLITE)
    return TRUE;
  self->channel = g_strdup (channel);
  self->notify_func = func;
  self->notify_data = data;
  if (!yc_sql_postgresql_listen (self, context))
    {
      yc_sql_unlisten (self);
      return FALSE;
    }
  return TRUE;
}

void
yc_sql_unlisten (YcSql *self)
{
  if (self->channel == NULL)
    return;
  if (self->engine == YC_SQL_POSTGRESQL)
    yc_sql_postgresql_unlisten (self);
  g_clear_pointer (&self->channel, g_free);
  self->notify_func = NULL;
  self->notify_data = NULL;
}

void
yc_sql_set_reconnect_func (YcSql             *self,
                           YcSqlReconnectFunc func,
                           gpointer           data)
{
  self->reconnect_func = func;
  self->reconnect_data = data;
}

gboolean
yc_sql_lock_city (YcSql *self)
{
  if (self->engine == YC_SQL_SQLITE)
    return TRUE;
  return yc_sql_postgresql_lock_city (self);
}

gboolean
yc_sql_hold_lock (YcSql  *self,
                  gint64  key)
{
  if (self->engine == YC_SQL_SQLITE)
    return TRUE;
  return yc_sql_postgresql_hold_lock (self, key);
}
