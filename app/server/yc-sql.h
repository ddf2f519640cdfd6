/* yc-sql.h: the two storage engines the server runs on, behind one small API shaped like
 * SQLite's own: SQLite (a file: the demo, the tests, one small hall) and PostgreSQL (a
 * postgresql:// URL: a city's halls, several server processes on one database).
 *
 * The storage's SQL is written once, in the dialect the two share; where PostgreSQL
 * differs (a parameter's spelling, INSERT OR IGNORE, julianday (), JSON, a pragma) the
 * PostgreSQL engine (yc-sql-postgresql.c) rewrites it as it prepares it: that file is the
 * one place the differences are. Used from one thread at a time. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _YcSql     YcSql;
typedef struct _YcSqlStmt YcSqlStmt;

typedef enum
{
  YC_SQL_SQLITE,
  YC_SQL_POSTGRESQL,
} YcSqlEngine;

/* What yc_sql_step () answers. */
typedef enum
{
  YC_SQL_ERROR = 1,
  YC_SQL_ROW   = 100,
  YC_SQL_DONE  = 101,
} YcSqlResult;

/* A column's value as it came. */
typedef enum
{
  YC_SQL_INTEGER = 1,
  YC_SQL_FLOAT   = 2,
  YC_SQL_TEXT    = 3,
  YC_SQL_NULL    = 5,
} YcSqlType;

/* Why the last statement failed. */
typedef enum
{
  YC_SQL_FAILED,
  YC_SQL_DISK_FULL,
  YC_SQL_UNIQUE,        /* a UNIQUE or PRIMARY KEY constraint */
  YC_SQL_CONSTRAINT,    /* another constraint, or an append-only table's trigger */
} YcSqlFailure;

/* Whether location names a PostgreSQL database (postgresql:// or postgres://) rather
 * than a file. */
gboolean     yc_sql_is_url            (const char   *location);
/* A file is created 0600 when it is not there. */
YcSql       *yc_sql_open              (const char   *location,
                                       GError      **error);
void         yc_sql_close             (YcSql        *sql);
YcSqlEngine  yc_sql_engine            (YcSql        *sql);
/* The location without a password, for messages. */
const char  *yc_sql_location          (YcSql        *sql);

const char  *yc_sql_errmsg            (YcSql        *sql);
YcSqlFailure yc_sql_failure           (YcSql        *sql);
/* Rows the last INSERT, UPDATE or DELETE changed. */
gint64       yc_sql_changes           (YcSql        *sql);
/* The id the last INSERT into a table with a generated id gave its row. */
gint64       yc_sql_last_insert_id    (YcSql        *sql);

/* Statements without parameters, one or several; FALSE with yc_sql_errmsg () set. */
gboolean     yc_sql_exec              (YcSql        *sql,
                                       const char   *text);

YcSqlStmt   *yc_sql_prepare           (YcSql        *sql,
                                       const char   *text);
void         yc_sql_finalize          (YcSqlStmt    *stmt);
/* Ready to run again; the parameters stay bound. */
void         yc_sql_reset             (YcSqlStmt    *stmt);
void         yc_sql_clear_bindings    (YcSqlStmt    *stmt);
/* Stepped, and neither done nor reset. */
gboolean     yc_sql_busy              (YcSqlStmt    *stmt);
/* The text the statement was prepared from. */
const char  *yc_sql_text              (YcSqlStmt    *stmt);

/* Parameters count from 1. A text (NULL binds NULL) must live until the statement is
 * reset or run again, as SQLite's SQLITE_STATIC has it: a call's strings do; one that
 * does not is bound with yc_sql_bind_text_copy (). */
void         yc_sql_bind_int64        (YcSqlStmt    *stmt,
                                       int           index,
                                       gint64        value);
void         yc_sql_bind_double       (YcSqlStmt    *stmt,
                                       int           index,
                                       double        value);
void         yc_sql_bind_text         (YcSqlStmt    *stmt,
                                       int           index,
                                       const char   *value);
void         yc_sql_bind_text_copy    (YcSqlStmt    *stmt,
                                       int           index,
                                       const char   *value);
void         yc_sql_bind_null         (YcSqlStmt    *stmt,
                                       int           index);

YcSqlResult  yc_sql_step              (YcSqlStmt    *stmt);

/* Another process's news, for the processes that share a PostgreSQL database (LISTEN and
 * NOTIFY): func is called on the thread that uses sql whenever a notification on channel
 * has come, be it read during a statement or, between statements, by context's main
 * loop, once for each payload that came ("" for none). Nothing on SQLite, whose file one
 * process serves. */
typedef void (*YcSqlNotifyFunc) (const char *payload,
                                 gpointer    data);

gboolean     yc_sql_listen            (YcSql           *sql,
                                       const char      *channel,
                                       GMainContext    *context,
                                       YcSqlNotifyFunc  func,
                                       gpointer         data);
void         yc_sql_unlisten          (YcSql           *sql);

/* PostgreSQL: a connection the database server ended (a restart, an administrator) is
 * made again at once, as the next statement finds it gone or, while listening, as its
 * socket tells: the session's settings and LISTEN again, statements prepared again as
 * they run, the advisory locks gone. The statement that found it gone fails, unless it
 * began nothing and changes nothing (SELECT, SET, BEGIN outside a transaction): that one
 * runs again on the new connection. func is told after, on the thread that uses sql:
 * the search path is the default again, and notifications may have been missed. */
typedef void (*YcSqlReconnectFunc) (gpointer data);

void         yc_sql_set_reconnect_func (YcSql             *sql,
                                        YcSqlReconnectFunc func,
                                        gpointer           data);

/* In a write transaction (BEGIN IMMEDIATE, which holds the lock of the hall in use), the
 * city's lock too, until the transaction ends: for what all halls share. Always TRUE on
 * SQLite, whose writer lock is the whole file's. */
gboolean     yc_sql_lock_city         (YcSql           *sql);

/* Whether this connection holds the lock key, taken now if free (PostgreSQL's session
 * advisory lock): one process of those sharing a database has it, for as long as its
 * connection lives, and another takes it when that one is gone. Always TRUE on SQLite. */
gboolean     yc_sql_hold_lock         (YcSql           *sql,
                                       gint64           key);

/* Columns count from 0, of the row stepped onto. A text is valid until the next step or
 * reset; NULL for a NULL. */
YcSqlType    yc_sql_column_type       (YcSqlStmt    *stmt,
                                       int           column);
gint64       yc_sql_column_int64      (YcSqlStmt    *stmt,
                                       int           column);
double       yc_sql_column_double     (YcSqlStmt    *stmt,
                                       int           column);
const char  *yc_sql_column_text       (YcSqlStmt    *stmt,
                                       int           column);
int          yc_sql_column_bytes      (YcSqlStmt    *stmt,
                                       int           column);
/* The columns of the statement's rows, known once it is stepped (even to DONE). */
int          yc_sql_column_count      (YcSqlStmt    *stmt);
const char  *yc_sql_column_name       (YcSqlStmt    *stmt,
                                       int           column);

/* After rows were written with their ids given (a copy): the ids table makes for new
 * rows continue above the highest there (PostgreSQL's identity sequence set; SQLite
 * does so itself). */
gboolean     yc_sql_continue_ids      (YcSql        *sql,
                                       const char   *table,
                                       const char   *column);

G_END_DECLS
