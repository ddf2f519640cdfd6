/* yc-sql-private.h: what yc-sql.c (the API and the SQLite engine) and
 * yc-sql-postgresql.c (the PostgreSQL engine) share: the connection and the statement,
 * and the PostgreSQL engine's entry points. Nobody else includes it. */
#pragma once

#include <libpq-fe.h>
#include <sqlite3.h>

#include "server/yc-sql.h"

G_BEGIN_DECLS

struct _YcSql
{
  YcSqlEngine   engine;
  char         *location;     /* for messages: a file, or a URL without its password */
  sqlite3      *lite;
  PGconn       *pg;
  /* The PostgreSQL engine's account of its last statement. */
  char         *message;
  YcSqlFailure  failure;
  gint64        changes;
  guint         prepared;     /* statements prepared on the server so far */
  GHashTable   *locks;        /* gint64 * keys of the advisory locks held */
  char         *channel;      /* LISTENed to, with … */
  GSource      *listening;    /* … the socket watched in a main loop, … */
  YcSqlNotifyFunc notify_func;  /* … and told */
  gpointer      notify_data;
  GMainContext *listen_context;  /* where the socket is watched */
  GSource      *reconnecting;    /* retries a lost connection the socket told of */
  guint         generation;      /* the connection's: one more each time it is made again */
  YcSqlReconnectFunc reconnect_func;
  gpointer      reconnect_data;
};

struct _YcSqlStmt
{
  YcSql        *sql;
  char         *text;         /* as written */
  sqlite3_stmt *lite;
  /* PostgreSQL: the text rewritten, its parameters as text, the result of its run. */
  char         *pg_text;
  int           n_params;
  char        **values;
  Oid          *types;
  gboolean     *named;        /* whether the text has each parameter */
  char         *prepared;     /* its name on the server once prepared, for … */
  Oid          *prepared_types;  /* … parameters of these types, … */
  guint         prepared_generation;  /* … on this connection */
  PGresult     *result;
  int           row;          /* the row stepped onto; -1 before the run */
  int           n_rows;
};

YcSql       *yc_sql_postgresql_open      (const char  *url,
                                          GError     **error);
void         yc_sql_postgresql_close     (YcSql       *sql);
gboolean     yc_sql_postgresql_exec      (YcSql       *sql,
                                          const char  *text);
/* Rewrites the statement's text (stmt->text) into stmt->pg_text and counts its
 * parameters. */
void         yc_sql_postgresql_prepare   (YcSqlStmt   *stmt);
YcSqlResult  yc_sql_postgresql_step      (YcSqlStmt   *stmt);
gboolean     yc_sql_postgresql_listen    (YcSql        *sql,
                                          GMainContext *context);
void         yc_sql_postgresql_unlisten  (YcSql        *sql);
gboolean     yc_sql_postgresql_lock_city (YcSql        *sql);
gboolean     yc_sql_postgresql_hold_lock (YcSql        *sql,
                                          gint64        key);
gboolean     yc_sql_postgresql_continue_ids (YcSql     *sql,
                                          const char   *table,
                                          const char   *column);
/* Its prepared statement on the server, if any, deallocated. */
void         yc_sql_postgresql_unprepare (YcSqlStmt   *stmt);
gint64       yc_sql_postgresql_last_insert_id (YcSql *sql);
/* The dialect's differences, for its tests: text as PostgreSQL runs it, the number of
 * its parameters and (may be NULL) whether it has each. */
char        *yc_sql_postgresql_rewrite   (const char  *text,
                                          int         *n_params,
                                          gboolean   **named);

G_END_DECLS
