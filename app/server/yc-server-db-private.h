/* yc-server-db-private.h: what the storage's domains share (yc-server-db.c and
 * yc-server-{accounts,tickets,windows,hall,ratings,tasks,records,catalogue,lookup,audit}.c),
 * and nobody else: the connection, the statement cache, the one transaction helper, the
 * event log, and the few rows one domain reads of another's. */
#pragma once


#include "core/yc-record.h"
#include "core/yc-workdays.h"
#include "server/yc-server-db.h"
#include "server/yc-sql.h"

G_BEGIN_DECLS

/* A hall of the database (yc-server-halls.c). */
typedef struct
{
  char *code;
  char *name;
  char *schema;   /* PostgreSQL's schema of its tables; NULL for the first hall's */
} YcDbHall;

struct _YcServerDb
{
  YcSql                *db;
  gboolean              in_transaction;
  gboolean              events_added;   /* by the transaction under way */
  GPtrArray            *halls;          /* YcDbHall, the first first */
  const YcDbHall       *hall;           /* in use: yc_server_db_use_hall () */
  char                 *catalogue_epoch;  /* the city's, read (or made) as it opens */
  GHashTable           *statements;     /* schema ("" for the first hall's) → SQL text →
                                         * YcSqlStmt, prepared once for each hall */
  GHashTable           *reusable;       /* reusable_keys() of the catalogue at … */
  gint64                reusable_revision;  /* … this revision, -1 before */
  YcWorkCalendar       *calendar;       /* the catalogue's calendars, read once; NULL
                                         * until asked for and after one is written */
  YcServerDbEventFunc   event_func;
  gpointer              event_data;
  GSource              *catch_up;       /* after a connection made again (yc-server-db.c) */
  gboolean              duty;           /* has the database's duties (yc_server_db_has_duty) */
  gint64                duty_asked;     /* when it last asked, monotonic µs */
  guint                 session_idle;   /* seconds a session lives without a request */
  char                 *applicant_secret;  /* the key of yc_db_applicant_key() */
};

/* A session not ended: within its working day and its idle time (table alias s). */
#define YC_DB_LIVE_SESSION \
  "s.expires >= strftime ('%s', 'now') AND s.idle_until >= strftime ('%s', 'now')"

/* SQL */

/* Sets error from the connection's last error (YC_ERROR_DISK_FULL when the disk is);
 * always FALSE. */
gboolean       yc_db_error          (GError        **error,
                                     YcServerDb     *self,
                                     const char     *what);
/* Statements without parameters, not cached: the schema and migrations. */
gboolean       yc_db_exec           (YcServerDb     *self,
                                     const char     *sql,
                                     GError        **error);
/* The statement for sql from the cache, prepared the first time; give it back with
 * yc_db_release() (g_autoptr does). */
YcSqlStmt  *yc_db_prepare        (YcServerDb     *self,
                                     const char     *sql,
                                     GError        **error);
void           yc_db_release        (YcSqlStmt   *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcSqlStmt, yc_db_release)
/* A cached statement without parameters or rows. */
gboolean       yc_db_run            (YcServerDb     *self,
                                     const char     *sql,
                                     GError        **error);
/* The text column of stmt's row as a string member of object, or null. */
void           yc_db_set_text       (JsonObject     *object,
                                     const char     *member,
                                     YcSqlStmt   *stmt,
                                     int            column);
/* Whether sql finds a row, its one parameter bound to text (to number when text is
 * NULL). A database failure is logged and finds none. */
gboolean       yc_db_exists         (YcServerDb     *self,
                                     const char     *sql,
                                     const char     *text,
                                     gint64          number);
gboolean       yc_db_has_column     (YcServerDb     *self,
                                     const char     *table,
                                     const char     *column);

/* The one transaction helper: g_auto(YcDbTransaction) tx = { 0 }; yc_db_begin (db, &tx,
 * error) … yc_db_commit (&tx, error). Leaving the scope without a commit rolls back, so
 * no early return can leave a transaction open. */
typedef struct
{
  YcServerDb *db;   /* while open */
} YcDbTransaction;

gboolean       yc_db_begin          (YcServerDb       *self,
                                     YcDbTransaction  *tx,
                                     GError          **error);
gboolean       yc_db_begin_read     (YcServerDb       *self,
                                     YcDbTransaction  *tx,
                                     GError          **error);
/* In a write transaction: the city's lock too, for what every hall shares (a case's
 * number, the catalogue, the halls), after the hall's lock the transaction holds. */
gboolean       yc_db_lock_city      (YcServerDb       *self,
                                     GError          **error);
/* Commits; the event listeners are told after. FALSE (rolled back) on failure. */
gboolean       yc_db_commit         (YcDbTransaction  *tx,
                                     GError          **error);
void           yc_db_transaction_clear (YcDbTransaction *tx);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (YcDbTransaction, yc_db_transaction_clear)

/* PostgreSQL's connection made again (yc_sql_set_reconnect_func ()): its search path is
 * the first hall's again, and each hall's listeners look for the events they may have
 * missed, once the main loop is back (yc-server-db.c). */
void           yc_db_reconnected    (gpointer        data);

/* Halls (yc-server-halls.c) */

void           yc_db_hall_free      (YcDbHall       *hall);
/* The list of halls read again; the hall in use stays it. */
gboolean       yc_db_load_halls     (YcServerDb     *self,
                                     GError        **error);
/* The hall whose tables are in schema ("public" for the first), or NULL. */
const YcDbHall *yc_db_hall_of_schema (YcServerDb    *self,
                                     const char     *schema);
/* What fills a hall being added (its tables made, it in use), in its transaction. */
typedef gboolean (*YcDbHallFill) (YcServerDb *self,
                                  gpointer    data,
                                  GError    **error);
/* A hall more, code and name, in one transaction with what fill writes: refused
 * (nothing kept) where the code is taken, or a staff number is another hall's. */
gboolean       yc_db_add_hall       (YcServerDb     *self,
                                     const char     *code,
                                     const char     *name,
                                     YcDbHallFill    fill,
                                     gpointer        data,
                                     GError        **error);
gboolean       yc_db_register_first_hall (YcServerDb *self,
                                     GError        **error);
/* PostgreSQL: a hall's tables (yc-server-schema.c), where the search path puts new ones;
 * and in every hall added (yc-server-halls.c). In the transaction under way. */
gboolean       yc_db_make_hall_tables (YcServerDb   *self,
                                     GError        **error);
gboolean       yc_db_make_all_hall_tables (YcServerDb *self,
                                     GError        **error);
/* A hall's data (yc-server-accounts.c), in the transaction under way. */
gboolean       yc_db_seed_rows      (YcServerDb     *self,
                                     JsonNode       *hall,
                                     GError        **error);
/* Every device of the hall in use a new token of the hall (the old ones open nothing),
 * in the transaction under way: tokens gets name, role and token of each (a GStrv). */
gboolean       yc_db_renew_device_tokens (YcServerDb *self,
                                     GPtrArray      *tokens,
                                     GError        **error);

/* Shared values */

/* bytes random bytes as lower-case hex. */
char          *yc_db_random_hex     (gsize           bytes);
/* meta's value of key, "" when none. */
char          *yc_db_meta_value     (YcServerDb     *self,
                                     const char     *key);
/* Appends an event to the transaction under way; those who listen are told at commit. */
gboolean       yc_db_add_event      (YcServerDb     *self,
                                     const char     *kind,
                                     JsonNode       *body,
                                     GError        **error);
/* A ticket's row with columns (SQL), stepped onto; YC_ERROR_NOT_FOUND without one. */
YcSqlStmt  *yc_db_find_ticket    (YcServerDb     *self,
                                     gint64          ticket,
                                     const char     *columns,
                                     GError        **error);
/* A ticket as the wire has it (docs/api.md, "Tickets"). */
JsonNode      *yc_db_ticket_json    (YcServerDb     *self,
                                     gint64          id,
                                     GError        **error);

/* Tickets (yc-server-tickets.c) */

/* "ticket.issued", "ticket.called", …: the ticket as it is now, and the waiting counts. */
gboolean       yc_db_add_ticket_event (YcServerDb   *self,
                                     const char     *kind,
                                     gint64          ticket,
                                     GError        **error);
/* What the clerk says at Finish (docs/api.md), checked; delivered as JSON text. */
gboolean       yc_db_read_visit_details (JsonObject  *details,
                                     const char    **outcome,
                                     const char    **note,
                                     char          **delivered,
                                     GError        **error);
gboolean       yc_db_store_visit_details (YcServerDb *self,
                                     gint64          ticket,
                                     const char     *outcome,
                                     const char     *note,
                                     const char     *delivered,
                                     GError        **error);

/* Windows (yc-server-windows.c) */

/* Open: a paused or closed window gets no calls (YC_ERROR_CONFLICT), an unknown one
 * YC_ERROR_NOT_FOUND. */
gboolean       yc_db_window_is_open (YcServerDb     *self,
                                     gint64          window,
                                     GError        **error);
/* Open, and serving no one: the window may call someone new. */
gboolean       yc_db_window_is_free (YcServerDb     *self,
                                     gint64          window,
                                     GError        **error);

/* Ratings (yc-server-ratings.c) */

/* The levels of 好差评, best first; NULL-terminated. */
extern const char *const yc_db_rating_levels[];
/* Dissatisfied or worse: the clerk follows it up. */
gboolean       yc_db_rating_is_bad  (const char     *level);

/* Tasks (yc-server-tasks.c) */

gboolean       yc_db_insert_task    (YcServerDb     *self,
                                     const char     *kind,
                                     const char     *title,
                                     const char     *detail,
                                     const char     *clerk,
                                     gint64          window,
                                     const char     *zone,
                                     gint64          ticket,
                                     const char     *case_number,
                                     const char     *respond_by,
                                     const char     *finish_by,
                                     gint64         *id,
                                     char          **finished_by,
                                     GError        **error);
JsonNode      *yc_db_task_json      (YcServerDb     *self,
                                     gint64          id,
                                     GError        **error);
gboolean       yc_db_add_task_event (YcServerDb     *self,
                                     const char     *kind,
                                     gint64          task,
                                     GError        **error);
/* A task_result record completes its task (in the batch's transaction); *refused says
 * why it cannot. FALSE only on a database error. */
gboolean       yc_db_apply_task_result (YcServerDb  *self,
                                     YcRecord       *record,
                                     const char     *clerk,
                                     GError        **refused,
                                     GError        **error);
gboolean       yc_db_migrate_follow_ups (YcServerDb *self,
                                     GError        **error);

/* Catalogue (yc-server-catalogue.c) */

/* The official holiday calendars of the catalogue, read once. */
YcWorkCalendar *yc_db_work_calendar (YcServerDb     *self);
/* Names this database's catalogue history; made the first time. */
char          *yc_db_catalogue_epoch (YcServerDb    *self);

/* Lookup (yc-server-lookup.c) */

/* What a lookup finds a person or an enterprise by: a keyed hash of the number (NULL
 * when both are NULL or empty), never the number itself. */
char          *yc_db_applicant_key  (YcServerDb     *self,
                                     const char     *id_number,
                                     const char     *credit_code);
/* The key of a case's applicant (its "applicant" object), their numbers normalised
 * first; *number (may be NULL): the normalised number keyed, NULL without one. */
char          *yc_db_case_applicant_key (YcServerDb *self,
                                     JsonObject     *applicant,
                                     char          **number);
/* Reads the key's secret, or makes it (and every key again) in a database without one. */
gboolean       yc_db_open_applicant_keys (YcServerDb *self,
                                     GError        **error);
/* Another database's rows keyed with this one's secret, in the transaction under way:
 * the cases without a key; a registry entry (*added: FALSE where the registry has the
 * applicant already, whose entry stays). */
gboolean       yc_db_key_unkeyed_cases (YcServerDb   *self,
                                     GError        **error);
gboolean       yc_db_merge_licence  (YcServerDb     *self,
                                     const char     *body,
                                     gboolean       *added,
                                     GError        **error);

G_END_DECLS
