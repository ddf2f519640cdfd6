/* yc-server-db.h: the reference server's storage (SQLite or PostgreSQL, yc-sql.h) and
 * queue arbitration. Used only from the server's own thread. Errors are YC_ERROR codes
 * the routes turn into HTTP statuses. */
#pragma once

#include <json-glib/json-glib.h>

#include "core/yc-record.h"
#include "core/yc-role.h"

G_BEGIN_DECLS

typedef struct _YcServerDb YcServerDb;

/* Called after a transaction that added events to hall's log has committed (hall: its
 * code, as yc_server_db_use_hall () takes it), on the server's thread. */
typedef void (*YcServerDbEventFunc) (YcServerDb *db,
                                     const char *hall,
                                     gpointer    data);

/* path: an SQLite file, or a postgresql:// URL. */
YcServerDb *yc_server_db_open            (const char  *path,
                                          GError     **error);
void        yc_server_db_free            (YcServerDb  *db);

/* The hall's database copied into the database at to (a file or a URL, made when
 * missing), in one transaction: nothing of it is there unless all is. Into a new
 * database, whole, as its first hall; into a city's (PostgreSQL) that holds halls, as a
 * hall more (yc-server-export.c says how; refused where its code, a staff number or a
 * case number is the city's already: YC_ERROR_CONFLICT). func (may be NULL) is told each
 * table's rows as it is done, with a note where they were not copied as they are; after
 * the commit, token_func (may be NULL) each device's new token, where the hall joined a
 * city's database. */
typedef void (*YcServerDbExportFunc) (const char *table,
                                      gint64      rows,
                                      const char *note,
                                      gpointer    data);
typedef void (*YcServerDbTokenFunc)  (const char *device,
                                      const char *role,
                                      const char *token,
                                      gpointer    data);
gboolean    yc_server_db_export          (YcServerDb            *db,
                                          const char            *to,
                                          YcServerDbExportFunc   func,
                                          YcServerDbTokenFunc    token_func,
                                          gpointer               data,
                                          GError               **error);
gboolean    yc_server_db_is_empty        (YcServerDb  *db);
/* Loads a hall (hall, services, windows, clerks) as resources/demo/hall.json has it. */
gboolean    yc_server_db_seed            (YcServerDb  *db,
                                          JsonNode    *hall,
                                          GError     **error);

/* The language of the papers the desks print for citizens (docs/api.md, POST /sessions:
 * "documents_language"): "zh_CN" (as the centre writes, the default), "zh_TW" or "zh_HK".
 * Kept in the database: hall.json's "documents_language" seeds it, yichuang-server
 * --documents-language changes it. YC_ERROR_INVALID_INPUT for another language. */
gboolean    yc_server_documents_language_is_known (const char *language);
gboolean    yc_server_db_set_documents_language   (YcServerDb  *db,
                                                   const char  *language,
                                                   GError     **error);

/* Halls (yc-server-halls.c). A database holds one hall, its first; on PostgreSQL a city's
 * database may hold more (yc_server_db_add_hall ()), each in a schema of its own, while
 * the catalogue, the e-licence registry, the records and the cases (and their numbering)
 * are the city's, shared. Every statement of a hall's domain (queues, windows, staff,
 * sessions, devices, tasks, ratings, events, the audit log) reads and writes the hall in
 * use: whatever calls into the storage from the main loop (a route, a timer, a
 * callback) first says which, outside any transaction. A hall is named by its code
 * (hall.json's hall.code); NULL is the first hall, the database's own. */
gboolean    yc_server_db_use_hall        (YcServerDb  *db,
                                          const char  *hall);
/* The code of the hall in use. */
const char *yc_server_db_hall            (YcServerDb  *db);
/* The first hall's code. */
const char *yc_server_db_first_hall      (YcServerDb  *db);
/* Every hall's code, the first hall first. */
GStrv       yc_server_db_halls           (YcServerDb  *db);
/* A hall more, as yc_server_db_seed () takes one (its hall.code, letters, digits and
 * '-', names it), with staff numbers no other hall has: YC_ERROR_CONFLICT for a code or
 * a number taken, YC_ERROR_INVALID_INPUT on SQLite (one hall per file). */
gboolean    yc_server_db_add_hall        (YcServerDb  *db,
                                          JsonNode    *hall,
                                          GError     **error);
/* The hall a person belongs to (the city's staff register), or NULL. */
char       *yc_server_db_hall_of_person  (YcServerDb  *db,
                                          const char  *person);
/* The city at a glance (GET /city/today): every hall's waiting and day's figures. */
JsonNode   *yc_server_db_city_today      (YcServerDb  *db,
                                          GError     **error);

/* Who makes a request: a person's session, or a device's token. */
typedef struct
{
  char   *hall;     /* the code of the hall of the session or device */
  YcRole  role;
  char   *id;       /* the person's number, or the device's name */
  gint64  window;   /* the window of a clerk's session, or a rating pad's; 0 */
  char   *zone;     /* a device's zone, or NULL */
} YcServerCaller;

void        yc_server_caller_clear       (YcServerCaller *caller);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (YcServerCaller, yc_server_caller_clear)

/* A PIN hashed with a clerk's salt: slow on purpose, and touching no database, so it
 * runs on a worker while the server's thread goes on. */
char       *yc_server_hash_pin           (const char  *salt,
                                          const char  *pin);

/* A log-in in two steps around the slow hash. */
typedef struct
{
  char *hall;       /* the clerk's */
  char *clerk;
  char *salt;       /* the clerk's, or a stand-in for an unknown number (the same work) */
  char *pin_hash;   /* NULL for an unknown number */
  gboolean locked_out;  /* set by yc_server_db_login_finish (): this wrong PIN locked the number */
} YcServerLogin;

void        yc_server_login_free         (YcServerLogin *login);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcServerLogin, yc_server_login_free)

/* The clerk's salt; YC_ERROR_LOCKED (with its retry-after) while the number is locked. */
YcServerLogin *yc_server_db_login_begin  (YcServerDb  *db,
                                          const char  *clerk,
                                          GError     **error);
/* hash: the PIN hashed with login->salt. A wrong one is counted (the fifth in a row locks
 * the number: YC_ERROR_LOCKED); a right one makes the session, replacing the person's
 * earlier one, and answers as POST /sessions does. A clerk needs a window the hall
 * assigns them (YC_ERROR_NOT_ASSIGNED) that no other clerk is logged in at
 * (YC_ERROR_WINDOW_OCCUPIED); the back office and duty managers give none (window 0). */
JsonNode   *yc_server_db_login_finish    (YcServerDb     *db,
                                          YcServerLogin  *login,
                                          const char     *hash,
                                          gint64          window,
                                          const char     *address,
                                          GError        **error);
/* How long a session lives without a request (0: the default, two hours). */
void        yc_server_db_set_session_idle (YcServerDb *db,
                                           guint       seconds);
/* Fills caller for a live session's or a device's token; FALSE for any other. */
gboolean    yc_server_db_authenticate    (YcServerDb      *db,
                                          const char      *token,
                                          YcServerCaller  *caller);
/* Ends the session of token; FALSE if there was none. */
gboolean    yc_server_db_logout          (YcServerDb  *db,
                                          const char  *token);
/* Ends clerk's session (a duty manager does); YC_ERROR_NOT_FOUND without one. */
gboolean    yc_server_db_end_session     (YcServerDb  *db,
                                          const char  *clerk,
                                          GError     **error);
/* A kiosk, rating pad (of window, or of zone) or calling screen: its token, shown once. */
char       *yc_server_db_add_device      (YcServerDb  *db,
                                          const char  *name,
                                          YcRole       role,
                                          gint64       window,
                                          const char  *zone,
                                          GError     **error);
/* The person logged in at window (a live session, not a simulated colleague's), or NULL. */
char       *yc_server_db_window_clerk (YcServerDb *db,
                                       gint64      window);
/* Windows with a person logged in, so the simulator leaves them alone. */
gboolean    yc_server_db_window_is_staffed (YcServerDb *db,
                                            gint64      window);
/* The demo's simulator: the colleague it plays at window, logged in there (a session
 * whose token nobody holds, kept from idling) if a clerk assigned to the window is free;
 * NULL when a person is logged in there or no assigned clerk is free. */
char       *yc_server_db_seat_colleague  (YcServerDb  *db,
                                          gint64       window,
                                          GError     **error);
/* Every simulated colleague logs out. */
gboolean    yc_server_db_unseat_colleagues (YcServerDb  *db,
                                            GError     **error);
/* TRUE the first time key is marked in this database, FALSE ever after (or on an error):
 * what is done once per database, such as the demo's starter tasks. */
gboolean    yc_server_db_mark_once       (YcServerDb  *db,
                                          const char  *key,
                                          GError     **error);

/* priority: NULL, or "elderly", "disabled", "pregnant", "serviceman", "assisted";
 * appointment_at: NULL, or the booked slot (ISO 8601). */
JsonNode   *yc_server_db_issue_ticket_full (YcServerDb *db,
                                          const char  *service,
                                          const char  *priority,
                                          const char  *appointment_at,
                                          GError     **error);
JsonNode   *yc_server_db_issue_ticket    (YcServerDb  *db,
                                          const char  *service,
                                          GError     **error);
/* A training scenario's citizen (docs/scenarios.md): a ticket of service for
 * target_window only (no other window's call takes it), with priority (as above),
 * booked for now with appointment, and story (a text: a string, or an object by
 * language) kept as given for the desk that calls it ("story" in the ticket). */
JsonNode   *yc_server_db_issue_scripted_ticket (YcServerDb *db,
                                          const char  *service,
                                          const char  *priority,
                                          gboolean     appointment,
                                          gint64       target_window,
                                          JsonNode    *story,
                                          GError     **error);
/* NULL without error when nobody is waiting for the window's services. */
JsonNode   *yc_server_db_call_next       (YcServerDb  *db,
                                          gint64       window,
                                          const char  *clerk,
                                          GError     **error);
/* details: NULL, or what the clerk said (docs/api.md): "outcome", "note", "services". */
JsonNode   *yc_server_db_finish_ticket   (YcServerDb  *db,
                                          gint64       ticket,
                                          gint64       window,
                                          JsonObject  *details,
                                          GError     **error);
/* The ticket a window is serving, or 0. */
gint64      yc_server_db_current_ticket  (YcServerDb  *db,
                                          gint64       window,
                                          char       **called_at);
/* A ticket as the wire has it (docs/api.md, "Tickets"); YC_ERROR_NOT_FOUND. */
JsonNode   *yc_server_db_ticket          (YcServerDb  *db,
                                          gint64       ticket,
                                          GError     **error);
JsonNode   *yc_server_db_queues          (YcServerDb  *db,
                                          GError     **error);
guint       yc_server_db_count_waiting   (YcServerDb  *db);
GPtrArray  *yc_server_db_window_ids      (YcServerDb  *db);
GStrv       yc_server_db_service_letters (YcServerDb  *db);

/* The catalogue: every change gets the next revision, so clients fetch deltas by revision. */
gboolean    yc_server_db_catalogue_load   (YcServerDb  *db,
                                           JsonNode    *catalogue,
                                           GError     **error);
gboolean    yc_server_db_catalogue_put    (YcServerDb  *db,
                                           const char  *kind,
                                           const char  *code,
                                           JsonNode    *body,
                                           GError     **error);
gboolean    yc_server_db_catalogue_remove (YcServerDb  *db,
                                           const char  *kind,
                                           const char  *code,
                                           GError     **error);
/* The answer of GET /catalogue?since=REV&limit=N, as JSON text. */
char       *yc_server_db_catalogue_since  (YcServerDb  *db,
                                           gint64       since,
                                           guint        limit,
                                           GError     **error);

/* records: YcRecord, stored in one transaction. Returns YcRecordResult in the same order. */
GPtrArray  *yc_server_db_store_records   (YcServerDb  *db,
                                          const char  *clerk,
                                          gint64       window,
                                          GPtrArray   *records,
                                          GError     **error);

/* The e-licence registry of the demo (resources/demo/licences.json): people and
 * enterprises, with the form fields it can fill. */
gboolean    yc_server_db_licences_load    (YcServerDb  *db,
                                           JsonNode    *registry,
                                           GError     **error);
/* The answer of POST /lookup for an ID number or (id_number NULL) a credit code,
 * normalised: what the registry and the applicant's latest case know. */
JsonNode   *yc_server_db_lookup           (YcServerDb  *db,
                                           const char  *id_number,
                                           const char  *credit_code,
                                           GError     **error);

/* The answer of GET /cases?mine=1: the clerk's cases, newest first, ID numbers masked;
 * since ("YYYY-MM-DD" or NULL): those decided on that day or later. */
JsonNode   *yc_server_db_cases_of         (YcServerDb  *db,
                                           const char  *clerk,
                                           const char  *since,
                                           guint        limit,
                                           GError     **error);

/* One case and the record it came in: {"case": {...}, "body": {...}}. clerk: a clerk
 * reads only their own (YC_ERROR_FORBIDDEN), NULL the back office's any. */
JsonNode   *yc_server_db_case             (YcServerDb  *db,
                                           const char  *case_number,
                                           const char  *clerk,
                                           GError     **error);
/* The first case from window for the ticket numbered number that was received since
 * (a timestamp: the ticket's issue): {"decision", "deferred": whether a material was
 * deferred (容缺)}; NULL without error when none has come. */
JsonNode   *yc_server_db_ticket_case      (YcServerDb  *db,
                                           const char  *number,
                                           gint64       window,
                                           const char  *since,
                                           GError     **error);

/* The number of the ticket called at window (the citizen there), or NULL; a parked
 * ticket's citizen has stepped away. */
char       *yc_server_db_window_citizen  (YcServerDb  *db,
                                          gint64       window);
/* The hall's day for its duty manager (docs/api.md, "Hall"). */
JsonNode   *yc_server_db_hall_today      (YcServerDb  *db,
                                          GError     **error);

/* Queue actions at window (docs/api.md, "Queue"); each answers the ticket as it is after. */
JsonNode   *yc_server_db_recall          (YcServerDb  *db,
                                          gint64       ticket,
                                          gint64       window,
                                          GError     **error);
JsonNode   *yc_server_db_no_show         (YcServerDb  *db,
                                          gint64       ticket,
                                          gint64       window,
                                          GError     **error);
JsonNode   *yc_server_db_requeue         (YcServerDb  *db,
                                          gint64       ticket,
                                          GError     **error);
JsonNode   *yc_server_db_call_number     (YcServerDb  *db,
                                          gint64       window,
                                          const char  *clerk,
                                          const char  *number,
                                          GError     **error);
/* Park (挂起) the ticket called at window; call it back there later. */
JsonNode   *yc_server_db_park            (YcServerDb  *db,
                                          gint64       ticket,
                                          gint64       window,
                                          GError     **error);
JsonNode   *yc_server_db_call_back       (YcServerDb  *db,
                                          gint64       ticket,
                                          gint64       window,
                                          const char  *clerk,
                                          GError     **error);
/* A ticket called or parked at window back to waiting, in its old place. */
JsonNode   *yc_server_db_return          (YcServerDb  *db,
                                          gint64       ticket,
                                          gint64       window,
                                          GError     **error);
/* To exactly one of: service (its queue), to_window (not 0), to_clerk; note may be NULL. */
JsonNode   *yc_server_db_transfer        (YcServerDb  *db,
                                          gint64       ticket,
                                          gint64       window,
                                          const char  *service,
                                          gint64       to_window,
                                          const char  *to_clerk,
                                          const char  *note,
                                          GError     **error);
/* A citizen without a ticket: one is made for the record, at the window already. */
JsonNode   *yc_server_db_walk_in         (YcServerDb  *db,
                                          gint64       window,
                                          const char  *clerk,
                                          const char  *service,
                                          GError     **error);
JsonNode   *yc_server_db_requeue_number  (YcServerDb  *db,
                                          const char  *number,
                                          GError     **error);
/* {"tickets": […]}: the window's tickets in state ("parked" …), oldest first. */
JsonNode   *yc_server_db_window_tickets  (YcServerDb  *db,
                                          gint64       window,
                                          const char  *state,
                                          GError     **error);
JsonNode   *yc_server_db_windows         (YcServerDb  *db,
                                          GError     **error);
/* The clerk's day: served, no-shows, average wait and service time, ratings. */
JsonNode   *yc_server_db_clerk_day       (YcServerDb  *db,
                                          const char  *clerk,
                                          GError     **error);
/* {"window", "state", "reason", "since"} */
JsonNode   *yc_server_db_window_state    (YcServerDb  *db,
                                          gint64       window,
                                          GError     **error);
JsonNode   *yc_server_db_set_window_state (YcServerDb *db,
                                          gint64       window,
                                          const char  *state,
                                          const char  *reason,
                                          GError     **error);

/* The hall's calling screen: {"hall", "zone", "calls": [{"number", "window",
 * "window_name", "zone", "at"}]}, today's latest calls of zone ("" or NULL: all zones). */
JsonNode   *yc_server_db_recent_calls    (YcServerDb  *db,
                                          const char  *zone,
                                          guint        limit,
                                          GError     **error);
/* One call as the screen shows it, or NULL for a ticket not called. */
JsonNode   *yc_server_db_call_of_ticket  (YcServerDb  *db,
                                          gint64       ticket);

/* 好差评 for a finished visit, once: level "very_satisfied" … "very_dissatisfied";
 * comment may be NULL. A bad one (dissatisfied or worse) assigns the clerk a bad_rating
 * task, due in 15 working days. Answers the rating, with "follow_up" (that task) or null.
 * pad: the rating pad that rates (YC_ERROR_FORBIDDEN unless the visit was at its window
 * or in its zone, YC_ERROR_CONFLICT after 30 minutes), or NULL from inside the server. */
JsonNode   *yc_server_db_rate            (YcServerDb            *db,
                                          gint64                 ticket,
                                          const char            *level,
                                          const char            *comment,
                                          const YcServerCaller  *pad,
                                          GError               **error);

/* Tasks (docs/api.md, "Tasks"). body as POST /tasks takes it; answers the task. */
JsonNode   *yc_server_db_create_task     (YcServerDb   *db,
                                          JsonObject   *body,
                                          GError      **error);
/* One task, as GET /tasks lists it; YC_ERROR_NOT_FOUND. */
JsonNode   *yc_server_db_task            (YcServerDb   *db,
                                          gint64        task,
                                          GError      **error);
/* view: "mine" (NULL), "claimable" or "done", for clerk at window: {"tasks": [...]}. */
JsonNode   *yc_server_db_tasks           (YcServerDb   *db,
                                          const char   *clerk,
                                          gint64        window,
                                          const char   *view,
                                          GError      **error);
/* YC_ERROR_CONFLICT when another has it or it is done, YC_ERROR_FORBIDDEN when it is
 * not for this clerk or window, YC_ERROR_NOT_FOUND. */
JsonNode   *yc_server_db_claim_task      (YcServerDb   *db,
                                          gint64        task,
                                          const char   *clerk,
                                          gint64        window,
                                          GError      **error);
JsonNode   *yc_server_db_release_task    (YcServerDb   *db,
                                          gint64        task,
                                          const char   *clerk,
                                          GError      **error);
JsonNode   *yc_server_db_complete_task   (YcServerDb   *db,
                                          gint64        task,
                                          const char   *clerk,
                                          const char   *note,
                                          GError      **error);
/* Raises the escalation of open tasks as their deadlines have passed on today (each
 * raise an event "task.escalated"); how many were raised. */
guint       yc_server_db_escalate_tasks  (YcServerDb   *db,
                                          const GDate  *today,
                                          GError      **error);

/* The audit log (docs/api.md, "Audit"): an entry for caller (or, without a session,
 * actor) from address. Never fails the request it records: a failure is logged. */
gboolean    yc_server_db_audit           (YcServerDb            *db,
                                          const YcServerCaller  *caller,
                                          const char            *actor,
                                          const char            *address,
                                          const char            *action,
                                          const char            *subject,
                                          guint                  status,
                                          const char            *detail);
/* {"entries": [...], "next_before": id or null}: newest first, those before before (0:
 * the newest), at most limit. */
JsonNode   *yc_server_db_audit_list      (YcServerDb  *db,
                                          gint64       before,
                                          guint        limit,
                                          GError     **error);

/* The event log (docs/api.md, "Events"): every ticket issued, called and finished, in
 * order, each with an id one above the last. func is told, on the thread of the
 * thread-default main context when it is set, after a commit that added events: this
 * process's, and on PostgreSQL any other process's on the same database too. */
void        yc_server_db_set_event_func  (YcServerDb          *db,
                                          YcServerDbEventFunc  func,
                                          gpointer             data);
gint64      yc_server_db_last_event      (YcServerDb  *db);

/* Whether this process does the database's duties, which one process of those sharing
 * it does: raising overdue tasks' escalation, and the simulator. Always on SQLite; on
 * PostgreSQL the process that holds an advisory lock, and when it is gone the first to
 * ask after (asked again at most every YC_SERVER_DB_DUTY_RETRY seconds). */
#define YC_SERVER_DB_DUTY_RETRY 10
gboolean    yc_server_db_has_duty        (YcServerDb  *db);
/* The events after the id after, oldest first, at most limit: JsonNode objects
 * {"id", "kind", "at", "body"}. */
GPtrArray  *yc_server_db_events_after    (YcServerDb  *db,
                                          gint64       after,
                                          guint        limit,
                                          GError     **error);

G_END_DECLS
