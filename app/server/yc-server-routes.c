/* yc-server-routes.c: the route table of the reference server (docs/api.md), one row per
 * route, and its handlers. A handler finds its request authenticated, authorised, its
 * body within the limit and decoded; it reads the request, asks the storage, answers. */
#include "yc-server-request.h"

#include "core/yc-error.h"
#include "core/yc-ident.h"
#include "core/yc-mask.h"
#include "core/yc-ticket-action.h"
#include "core/yc-time.h"
#include "core/yc-wire.h"

#include <string.h>

#define KIB (1024)
#define MAX_BATCH 500
#define CATALOGUE_PAGE     5000
#define CATALOGUE_PAGE_MAX 20000

/* Who may call: the masks of the route table. */
#define CLERK        YC_ROLE_MASK (YC_ROLE_CLERK)
#define BACK_OFFICE  YC_ROLE_MASK (YC_ROLE_BACK_OFFICE)
#define SUPERVISOR   YC_ROLE_MASK (YC_ROLE_SUPERVISOR)
#define PEOPLE       YC_ROLES_PEOPLE
#define KIOSK        YC_ROLE_MASK (YC_ROLE_KIOSK)
#define RATING_PAD   YC_ROLE_MASK (YC_ROLE_RATING_PAD)
#define DISPLAY      YC_ROLE_MASK (YC_ROLE_DISPLAY)
#define ANYONE       0

/* GResource of the server (the calling screen's page). */
GResource *yc_demo_get_resource (void);

static gboolean
query_int (YcRequest  *request,
           const char *name,
           guint64     min,
           guint64     max,
           guint64     fallback,
           guint64    *value)
{
  const char *text = yc_request_query (request, name);

  if (text == NULL)
    {
      *value = fallback;
      return TRUE;
    }
  return g_ascii_string_to_unsigned (text, 10, min, max, value, NULL);
}

/* A required string member of the body, or 400. */
static const char *
body_string (YcRequest  *request,
             const char *member)
{
  g_autoptr(GError) error = NULL;
  const char *value = yc_json_require_string (yc_request_object (request), member, YC_ERROR_BAD_REQUEST, &error);

  if (value == NULL)
    yc_request_reply_gerror (request, error);
  return value;
}

/* Public */

static void
route_health (YcRequest *request)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  json_object_set_string_member (object, "status", "ok");
  json_object_set_string_member (object, "version", PACKAGE_VERSION);
  node = json_node_init_object (json_node_alloc (), object);
  yc_request_reply_json (request, SOUP_STATUS_OK, node);
}

/* GET /display: the calling screen's page. */
static void
route_display_page (YcRequest *request)
{
  g_autoptr(GBytes) page = g_resource_lookup_data (yc_demo_get_resource (), "/cn/yichuang/Server/display.html",
                                                   G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  if (page == NULL)
    {
      yc_request_reply_error (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "the page is missing");
      return;
    }
  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (request->msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (page, NULL), g_bytes_get_size (page));
}

/* The zone a calling screen shows: the one asked for, else its device's (a screen given
 * a display token need not say it in its address), else the whole hall. */
static const char *
display_zone (YcRequest *request)
{
  const char *zone = yc_request_query (request, "zone");

  return zone != NULL ? zone : request->caller.zone;
}

static void
route_display_calls (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) calls = yc_server_db_recent_calls (yc_request_db (request), display_zone (request), 8, &error);

  yc_request_reply (request, SOUP_STATUS_OK, calls, error);
}

static void
screen_accepted (YcServerStream          *stream,
                 const char              *hall,
                 SoupWebsocketConnection *conn,
                 gpointer                 zone)
{
  yc_server_stream_add_screen (stream, hall, conn, zone);
}

/* GET /display/events?zone=Z as a WebSocket: calls only (a number and a window, nobody's
 * name), from now on. */
static void
route_display_events (YcRequest *request)
{
  const char *zone = display_zone (request);

  yc_request_accept_websocket (request, screen_accepted, g_strdup (zone ? zone : ""), g_free);
}

/* Sessions */

static void
route_login (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = yc_request_object (request);
  const char *clerk, *pin;
  gint64 window = 0;

  if (!(clerk = body_string (request, "clerk")) || !(pin = body_string (request, "pin")))
    return;
  if (!yc_json_optional_int (object, "window", &window, YC_ERROR_BAD_REQUEST, &error))
    {
      yc_request_reply_gerror (request, error);
      return;
    }
  if (strlen (clerk) > 64 || strlen (pin) > 64)
    {
      yc_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "bad_request", "a clerk number or PIN that long is none");
      return;
    }
  yc_request_login (request, clerk, pin, window);
}

static void
route_logout (YcRequest *request)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg),
                                                     "Authorization");

  yc_server_db_logout (yc_request_db (request), header + strlen ("Bearer "));
  yc_request_reply_empty (request);
}

/* DELETE /clerks/{name}/session: a duty manager ends a clerk's session (a desk left
 * logged in, a window to free). */
static void
route_end_session (YcRequest *request)
{
  g_autoptr(GError) error = NULL;

  request->audit_subject = g_strdup (request->name);
  if (!yc_server_db_end_session (yc_request_db (request), request->name, &error))
    {
      yc_request_reply_gerror (request, error);
      return;
    }
  yc_request_reply_empty (request);
}

/* Devices */

static void
route_take_ticket (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ticket = NULL;
  JsonObject *object = yc_request_object (request);
  const char *service;

  if (!(service = body_string (request, "service")))
    return;
  ticket = yc_server_db_issue_ticket_full (yc_request_db (request), service,
                                           yc_json_optional_string (object, "priority"),
                                           yc_json_optional_string (object, "appointment_at"), &error);
  yc_request_reply (request, SOUP_STATUS_CREATED, ticket, error);
}

/* POST /ratings: the rating pad of the visit's window, once per visit, soon after it. */
static void
route_rate (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) rating = NULL;
  JsonObject *object = yc_request_object (request);
  const char *level;
  gint64 ticket;

  if (!yc_json_require_int (object, "ticket_id", &ticket, YC_ERROR_BAD_REQUEST, &error) ||
      !(level = yc_json_require_string (object, "level", YC_ERROR_BAD_REQUEST, &error)))
    {
      yc_request_reply_gerror (request, error);
      return;
    }
  rating = yc_server_db_rate (yc_request_db (request), ticket, level, yc_json_optional_string (object, "comment"),
                              &request->caller, &error);
  yc_request_reply (request, SOUP_STATUS_CREATED, rating, error);
}

/* The queue, at the clerk's window */

static void
route_call_next (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ticket = yc_server_db_call_next (yc_request_db (request), request->id, request->caller.id, &error);

  if (ticket == NULL && error == NULL)
    yc_request_reply_empty (request);
  else
    yc_request_reply (request, SOUP_STATUS_OK, ticket, error);
}

static void
route_call_number (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ticket = NULL;
  const char *number;

  if (!(number = body_string (request, "number")))
    return;
  ticket = yc_server_db_call_number (yc_request_db (request), request->id, request->caller.id, number, &error);
  yc_request_reply (request, SOUP_STATUS_OK, ticket, error);
}

static void
route_walk_in (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ticket = NULL;
  const char *service;

  if (!(service = body_string (request, "service")))
    return;
  ticket = yc_server_db_walk_in (yc_request_db (request), request->id, request->caller.id, service, &error);
  yc_request_reply (request, SOUP_STATUS_CREATED, ticket, error);
}

static void
route_parked (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) tickets = yc_server_db_window_tickets (yc_request_db (request), request->id, "parked", &error);

  yc_request_reply (request, SOUP_STATUS_OK, tickets, error);
}

static void
route_window_state (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = yc_server_db_window_state (yc_request_db (request), request->id, &error);

  yc_request_reply (request, SOUP_STATUS_OK, state, error);
}

static void
route_set_window_state (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = NULL;
  const char *name;

  if (!(name = body_string (request, "state")))
    return;
  state = yc_server_db_set_window_state (yc_request_db (request), request->id, name,
                                         yc_json_optional_string (yc_request_object (request), "reason"), &error);
  yc_request_reply (request, SOUP_STATUS_OK, state, error);
}

static void
route_windows (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) windows = yc_server_db_windows (yc_request_db (request), &error);

  yc_request_reply (request, SOUP_STATUS_OK, windows, error);
}

static void
route_today (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) day = yc_server_db_clerk_day (yc_request_db (request), request->caller.id, &error);

  yc_request_reply (request, SOUP_STATUS_OK, day, error);
}

static void
route_queues (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) queues = yc_server_db_queues (yc_request_db (request), &error);

  yc_request_reply (request, SOUP_STATUS_OK, queues, error);
}

/* Tickets: each row's action, on the session window's ticket {id}. */

static void
route_finish (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ticket = yc_server_db_finish_ticket (yc_request_db (request), request->id, request->caller.window,
                                                           yc_request_object (request), &error);

  yc_request_reply (request, SOUP_STATUS_OK, ticket, error);
}

/* recall, no-show, park, call-back, return, requeue: the action is the path's last
 * segment, the same name the desk sends (YcTicketAction). A citizen who missed the turn
 * may be put back in the queue from any window; the rest are of the session's window. */
static void
route_ticket_action (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ticket = NULL;
  const char *path = g_uri_get_path (soup_server_message_get_uri (request->msg));
  const char *last = strrchr (path, '/');
  YcServerDb *db = yc_request_db (request);
  gint64 window = request->caller.window;
  YcTicketAction action;

  if (last == NULL || !yc_ticket_action_from_wire (last + 1, &action))
    {
      yc_request_reply_error (request, SOUP_STATUS_NOT_FOUND, "not_found", "no such ticket action");
      return;
    }
  switch (action)
    {
    case YC_TICKET_ACTION_RECALL:
      ticket = yc_server_db_recall (db, request->id, window, &error);
      break;
    case YC_TICKET_ACTION_NO_SHOW:
      ticket = yc_server_db_no_show (db, request->id, window, &error);
      break;
    case YC_TICKET_ACTION_PARK:
      ticket = yc_server_db_park (db, request->id, window, &error);
      break;
    case YC_TICKET_ACTION_CALL_BACK:
      ticket = yc_server_db_call_back (db, request->id, window, request->caller.id, &error);
      break;
    case YC_TICKET_ACTION_RETURN:
      ticket = yc_server_db_return (db, request->id, window, &error);
      break;
    case YC_TICKET_ACTION_REQUEUE:
      ticket = yc_server_db_requeue (db, request->id, &error);
      break;
    case YC_TICKET_ACTION_CALL_NEXT:
    case YC_TICKET_ACTION_CALL_NUMBER:
    case YC_TICKET_ACTION_WALK_IN:
    case YC_TICKET_ACTION_TRANSFER:
    case YC_TICKET_ACTION_FINISH:
    default:
      /* Rows of their own, with their bodies: the table never sends them here. */
      g_assert_not_reached ();
    }
  yc_request_reply (request, SOUP_STATUS_OK, ticket, error);
}

static void
route_transfer (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ticket = NULL;
  JsonObject *object = yc_request_object (request);
  gint64 to_window = 0;

  if (!yc_json_optional_int (object, "window", &to_window, YC_ERROR_BAD_REQUEST, &error))
    {
      yc_request_reply_gerror (request, error);
      return;
    }
  ticket = yc_server_db_transfer (yc_request_db (request), request->id, request->caller.window,
                                  yc_json_optional_string (object, "service"), to_window,
                                  yc_json_optional_string (object, "clerk"), yc_json_optional_string (object, "note"),
                                  &error);
  yc_request_reply (request, SOUP_STATUS_OK, ticket, error);
}

/* POST /tickets/requeue {"number"}: a no-show come back, put in the queue again. */
static void
route_requeue_number (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ticket = NULL;
  const char *number;

  if (!(number = body_string (request, "number")))
    return;
  ticket = yc_server_db_requeue_number (yc_request_db (request), number, &error);
  yc_request_reply (request, SOUP_STATUS_OK, ticket, error);
}

/* Records */

static void
route_records (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) valid = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_record_result_free);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonNode *records_node = json_object_get_member (yc_request_object (request), "records");
  JsonArray *records;
  guint next_stored = 0;

  if (records_node == NULL || !JSON_NODE_HOLDS_ARRAY (records_node))
    {
      yc_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "bad_request", "“records” must be an array");
      return;
    }
  records = json_node_get_array (records_node);
  if (json_array_get_length (records) > MAX_BATCH)
    {
      yc_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "bad_request", "at most 500 records per batch");
      return;
    }

  /* Every element needs an id to be answered for; ids are UUIDs, the same in any case. */
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonNode *element = json_array_get_element (records, i);
      const char *id = JSON_NODE_HOLDS_OBJECT (element) ? yc_json_optional_string (json_node_get_object (element), "id")
                                                         : NULL;

      if (id == NULL)
        {
          yc_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "bad_request", "every record needs an “id”");
          return;
        }
      if (!g_hash_table_add (seen, g_ascii_strdown (id, -1)))
        {
          yc_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "bad_request", "a record id appears twice in the batch");
          return;
        }
    }

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonNode *element = json_array_get_element (records, i);
      g_autoptr(GError) record_error = NULL;
      YcRecord *record = yc_record_new_from_json (element, &record_error);

      if (record != NULL)
        g_ptr_array_add (valid, record);
      else
        g_hash_table_insert (refused, g_ascii_strdown (yc_json_optional_string (json_node_get_object (element), "id"), -1),
                             g_strdup (record_error->message));
    }

  if (!(stored = yc_server_db_store_records (yc_request_db (request), request->caller.id, request->caller.window, valid,
                                             &error)))
    {
      yc_request_reply_gerror (request, error);
      return;
    }

  /* Answered in the order of the request, each with the id as it was sent. */
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      const char *id = yc_json_optional_string (json_node_get_object (json_array_get_element (records, i)), "id");
      g_autofree char *key = g_ascii_strdown (id, -1);
      YcRecordResult *result = next_stored < stored->len ? g_ptr_array_index (stored, next_stored) : NULL;

      if (result != NULL && g_str_equal (result->id, key))
        {
          YcRecordResult *kept = yc_record_result_new (id, result->status, result->message);

          kept->code = g_strdup (result->code);
          kept->case_number = g_strdup (result->case_number);
          g_ptr_array_add (results, kept);
          next_stored++;
        }
      else
        g_ptr_array_add (results, yc_record_result_new (id, YC_RECORD_REJECTED, g_hash_table_lookup (refused, key)));
    }
  answer = yc_wire_results_to_json (results);
  yc_request_reply_json (request, SOUP_STATUS_OK, answer);
}

/* The catalogue, cases, look-ups */

static void
route_catalogue (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *delta = NULL;
  guint64 since, limit;

  if (!query_int (request, "since", 0, G_MAXINT64, 0, &since) ||
      !query_int (request, "limit", 1, CATALOGUE_PAGE_MAX, CATALOGUE_PAGE, &limit))
    {
      yc_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                              "since must be a revision (0 or more) and limit 1 to 20000");
      return;
    }
  if (!(delta = yc_server_db_catalogue_since (yc_request_db (request), (gint64) since, (guint) limit, &error)))
    {
      yc_request_reply_gerror (request, error);
      return;
    }
  yc_request_reply_text (request, SOUP_STATUS_OK, g_steal_pointer (&delta));
}

/* POST /lookup: what is known of a person or an enterprise, to fill a form (免填写), for
 * the citizen at the window only. The number comes in the body, never in the URL, so it
 * is in no access log; the audit log has it masked. */
static void
route_lookup (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *id_number = NULL;
  g_autofree char *credit_code = NULL;
  JsonObject *object = yc_request_object (request);
  const char *id_text = yc_json_optional_string (object, "id_number");
  const char *code_text = yc_json_optional_string (object, "credit_code");
  g_autofree char *number = NULL;

  if ((id_text == NULL) == (code_text == NULL))
    {
      yc_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "bad_request", "give either id_number or credit_code");
      return;
    }
  if (id_text != NULL && !(id_number = yc_ident_check_id_number (id_text, NULL, NULL, &error)))
    {
      yc_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "bad_request", "id_number is no valid ID number");
      return;
    }
  if (code_text != NULL && !(credit_code = yc_ident_check_credit_code (code_text, &error)))
    {
      yc_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "bad_request", "credit_code is no valid credit code");
      return;
    }
  request->audit_subject = yc_mask_id_number (id_number != NULL ? id_number : credit_code);
  /* Only with a citizen at the window: a clerk does not look people up at will. */
  if (!(number = yc_server_db_window_citizen (yc_request_db (request), request->caller.window)))
    {
      yc_request_reply_error (request, SOUP_STATUS_CONFLICT, "no_citizen",
                              "a look-up needs a citizen at the window: a ticket called there");
      return;
    }
  request->audit_detail = g_strdup_printf ("ticket %s", number);
  answer = yc_server_db_lookup (yc_request_db (request), id_number, credit_code, &error);
  yc_request_reply (request, SOUP_STATUS_OK, answer, error);
}

/* GET /cases?mine=1[&since=DATE][&limit=N]: the session's clerk's cases. */
static void
route_cases (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *since = yc_request_query (request, "since");
  guint64 limit;

  if (g_strcmp0 (yc_request_query (request, "mine"), "1") != 0 || !query_int (request, "limit", 1, 1000, 200, &limit) ||
      (since != NULL && !yc_time_parse_date (since, NULL)))
    {
      yc_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                              "ask for mine=1, a limit of 1 to 1000 and a since of YYYY-MM-DD");
      return;
    }
  answer = yc_server_db_cases_of (yc_request_db (request), request->caller.id, since, (guint) limit, &error);
  yc_request_reply (request, SOUP_STATUS_OK, answer, error);
}

/* GET /cases/{number}: one case whole, with the record it came in; for the back office
 * and duty managers, and the clerk who took it. Every read is in the audit log. */
static void
route_case (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  request->audit_subject = g_strdup (request->name);
  answer = yc_server_db_case (yc_request_db (request), request->name,
                              request->caller.role == YC_ROLE_CLERK ? request->caller.id : NULL, &error);
  yc_request_reply (request, SOUP_STATUS_OK, answer, error);
}

/* Tasks */

static void
route_tasks (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = yc_server_db_tasks (yc_request_db (request), request->caller.id, request->caller.window,
                                                   yc_request_query (request, "view"), &error);

  yc_request_reply (request, SOUP_STATUS_OK, answer, error);
}

/* POST /tasks: the back office assigns one. */
static void
route_assign_task (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) task = yc_server_db_create_task (yc_request_db (request), yc_request_object (request), &error);

  if (task != NULL)
    {
      JsonObject *object = json_node_get_object (task);
      const char *clerk = yc_json_optional_string (object, "clerk");
      const char *zone = yc_json_optional_string (object, "zone");

      request->audit_subject = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (object, "id"));
      if (clerk != NULL)
        request->audit_detail = g_strdup_printf ("%s to clerk %s", json_object_get_string_member (object, "kind"), clerk);
      else if (zone != NULL)
        request->audit_detail = g_strdup_printf ("%s to zone %s", json_object_get_string_member (object, "kind"), zone);
      else
        request->audit_detail = g_strdup_printf ("%s to window %" G_GINT64_FORMAT,
                                                 json_object_get_string_member (object, "kind"),
                                                 json_object_get_int_member (object, "window"));
    }
  yc_request_reply (request, SOUP_STATUS_CREATED, task, error);
}

static void
route_claim_task (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) task = yc_server_db_claim_task (yc_request_db (request), request->id, request->caller.id,
                                                      request->caller.window, &error);

  yc_request_reply (request, SOUP_STATUS_OK, task, error);
}

static void
route_release_task (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) task = yc_server_db_release_task (yc_request_db (request), request->id, request->caller.id, &error);

  yc_request_reply (request, SOUP_STATUS_OK, task, error);
}

static void
route_complete_task (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) task = yc_server_db_complete_task (yc_request_db (request), request->id, request->caller.id,
                                                         yc_json_optional_string (yc_request_object (request), "note"),
                                                         &error);

  yc_request_reply (request, SOUP_STATUS_OK, task, error);
}

/* The event stream */

static void
listener_accepted (YcServerStream          *stream,
                   const char              *hall,
                   SoupWebsocketConnection *conn,
                   gpointer                 data)
{
  yc_server_stream_add_listener (stream, hall, conn, *(gint64 *) data);
}

/* GET /events?after=ID as a WebSocket: first what came after ID (the catch-up), then
 * every event as it happens; without ID, from now on. */
static void
route_events (YcRequest *request)
{
  gint64 *after = g_new0 (gint64, 1);

  if (!yc_server_stream_start_after (yc_request_stream (request), request->caller.hall,
                                     yc_request_query (request, "after"), after))
    {
      g_free (after);
      yc_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "bad_request", "after must be an event id");
      return;
    }
  yc_request_accept_websocket (request, listener_accepted, after, g_free);
}

/* The duty manager's */

static void
route_audit (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint64 before, limit;

  if (!query_int (request, "before", 1, G_MAXINT64, 0, &before) || !query_int (request, "limit", 1, 500, 100, &limit))
    {
      yc_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                              "before must be an entry id, limit 1 to 500");
      return;
    }
  answer = yc_server_db_audit_list (yc_request_db (request), (gint64) before, (guint) limit, &error);
  yc_request_reply (request, SOUP_STATUS_OK, answer, error);
}

static void
route_hall_today (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = yc_server_db_hall_today (yc_request_db (request), &error);

  yc_request_reply (request, SOUP_STATUS_OK, answer, error);
}

/* GET /city/today: every hall's waiting and day, for the city centre's duty manager. */
static void
route_city_today (YcRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = yc_server_db_city_today (yc_request_db (request), &error);

  yc_request_reply (request, SOUP_STATUS_OK, answer, error);
}

/* Training (docs/scenarios.md) */

/* The trainee's window whose goals the caller reads: a trainee's own; who runs the
 * training (a duty manager, the trainer at their window) names one with ?window=N, else
 * it is the trainees' first. FALSE (answered) for a trainee who names one, or a window
 * that is no number. */
static gboolean
training_window (YcRequest *request,
                 gint64    *window)
{
  const char *named = yc_request_query (request, "window");
  guint64 value;

  if (named == NULL)
    {
      *window = request->caller.role == YC_ROLE_CLERK && !request->is_trainer
                  ? request->caller.window
                  : yc_scenario_play_first_window (request->training);
      return TRUE;
    }
  if (request->caller.role != YC_ROLE_SUPERVISOR && !request->is_trainer)
    {
      yc_request_reply_error (request, SOUP_STATUS_FORBIDDEN, "forbidden",
                              "a trainee reads the training of their own window only");
      return FALSE;
    }
  if (!g_ascii_string_to_unsigned (named, 10, 1, G_MAXINT64, &value, NULL))
    {
      yc_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "bad_request", "window must be a window's number");
      return FALSE;
    }
  *window = (gint64) value;
  return TRUE;
}

/* GET /training: the judgement for the caller's window (or the one a duty manager
 * names). */
static void
route_training (YcRequest *request)
{
  g_autoptr(JsonNode) report = NULL;
  gint64 window;

  if (request->training == NULL)
    {
      yc_request_reply_error (request, SOUP_STATUS_NOT_FOUND, "not_found", "no training scenario is being played");
      return;
    }
  if (!training_window (request, &window))
    return;
  report = yc_scenario_play_report (request->training, window,
                                    request->runs_training);
  yc_request_reply_json (request, SOUP_STATUS_OK, report);
}

/* POST /training {"paused"?, "pace"?}: the preamble let only those through who may (a
 * duty manager, or the trainee in the desk's own demo). */
static void
route_control_training (YcRequest *request)
{
  JsonObject *object = yc_request_object (request);
  JsonNode *paused = json_object_get_member (object, "paused");
  JsonNode *pace = json_object_get_member (object, "pace");
  double value = 0;

  if (request->training == NULL)
    {
      yc_request_reply_error (request, SOUP_STATUS_NOT_FOUND, "not_found", "no training scenario is being played");
      return;
    }
  if (pace != NULL && JSON_NODE_HOLDS_VALUE (pace) &&
      (json_node_get_value_type (pace) == G_TYPE_INT64 || json_node_get_value_type (pace) == G_TYPE_DOUBLE))
    value = json_node_get_double (pace);
  if ((paused == NULL && pace == NULL) ||
      (paused != NULL && (!JSON_NODE_HOLDS_VALUE (paused) || json_node_get_value_type (paused) != G_TYPE_BOOLEAN)) ||
      (pace != NULL && !(value >= YC_SCENARIO_PACE_MIN && value <= YC_SCENARIO_PACE_MAX)))
    {
      yc_request_reply_error (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                              "give paused (true or false) and/or pace (a number from 0.5 to 10)");
      return;
    }
  if (paused != NULL)
    yc_scenario_play_set_paused (request->training, json_node_get_boolean (paused));
  if (pace != NULL)
    yc_scenario_play_set_pace (request->training, value);
  request->audit_detail = g_strdup_printf ("%s, pace %g", yc_scenario_play_is_paused (request->training) ? "paused"
                                                                                                           : "playing",
                                           yc_scenario_play_get_pace (request->training));
  route_training (request);
}

/* The table. The order matters only where two patterns could take one path. */
static const YcRoute routes[] = {
  /* method  pattern                                   handler                 who                         body      flags */
  { "GET",    "/api/v1/health",                        route_health,           ANYONE,                     0,        0 },
  { "GET",    "/display",                              route_display_page,     ANYONE,                     0,        0 },
  { "GET",    "/api/v1/display/calls",                 route_display_calls,    DISPLAY | PEOPLE,           0,        YC_ROUTE_PUBLIC },
  { "GET",    "/api/v1/display/events",                route_display_events,   DISPLAY | PEOPLE,           0,        YC_ROUTE_PUBLIC },

  { "POST",   "/api/v1/sessions",                      route_login,            ANYONE,                     4 * KIB,  YC_ROUTE_BODY | YC_ROUTE_LOGIN },
  { "DELETE", "/api/v1/sessions/current",              route_logout,           PEOPLE,                     0,        0, "logout" },
  { "DELETE", "/api/v1/clerks/{name}/session",         route_end_session,      SUPERVISOR,                 0,        0, "session.end" },

  { "POST",   "/api/v1/tickets",                       route_take_ticket,      KIOSK,                      4 * KIB,  YC_ROUTE_BODY },
  { "POST",   "/api/v1/ratings",                       route_rate,             RATING_PAD,                 4 * KIB,  YC_ROUTE_BODY },

  { "GET",    "/api/v1/queues",                        route_queues,           PEOPLE,                     0,        0 },
  { "GET",    "/api/v1/windows",                       route_windows,          PEOPLE,                     0,        0 },
  { "POST",   "/api/v1/windows/{id}/call-next",        route_call_next,        CLERK,                      0,        YC_ROUTE_OWN_WINDOW },
  { "POST",   "/api/v1/windows/{id}/call",             route_call_number,      CLERK,                      4 * KIB,  YC_ROUTE_BODY | YC_ROUTE_OWN_WINDOW },
  { "POST",   "/api/v1/windows/{id}/walk-in",          route_walk_in,          CLERK,                      4 * KIB,  YC_ROUTE_BODY | YC_ROUTE_OWN_WINDOW },
  { "GET",    "/api/v1/windows/{id}/parked",           route_parked,           CLERK | SUPERVISOR,         0,        YC_ROUTE_OWN_WINDOW },
  { "GET",    "/api/v1/windows/{id}/state",            route_window_state,     CLERK | SUPERVISOR,         0,        YC_ROUTE_OWN_WINDOW },
  { "PUT",    "/api/v1/windows/{id}/state",            route_set_window_state, CLERK,                      4 * KIB,  YC_ROUTE_BODY | YC_ROUTE_OWN_WINDOW },
  { "GET",    "/api/v1/me/today",                      route_today,            CLERK,                      0,        0 },

  { "POST",   "/api/v1/tickets/requeue",               route_requeue_number,   CLERK,                      4 * KIB,  YC_ROUTE_BODY },
  { "POST",   "/api/v1/tickets/{id}/finish",           route_finish,           CLERK,                      16 * KIB, 0 },
  { "POST",   "/api/v1/tickets/{id}/recall",           route_ticket_action,    CLERK,                      0,        0 },
  { "POST",   "/api/v1/tickets/{id}/no-show",          route_ticket_action,    CLERK,                      0,        0 },
  { "POST",   "/api/v1/tickets/{id}/requeue",          route_ticket_action,    CLERK,                      0,        0 },
  { "POST",   "/api/v1/tickets/{id}/park",             route_ticket_action,    CLERK,                      0,        0 },
  { "POST",   "/api/v1/tickets/{id}/call-back",        route_ticket_action,    CLERK,                      0,        0 },
  { "POST",   "/api/v1/tickets/{id}/return",           route_ticket_action,    CLERK,                      0,        0 },
  { "POST",   "/api/v1/tickets/{id}/transfer",         route_transfer,         CLERK,                      4 * KIB,  YC_ROUTE_BODY },

  { "POST",   "/api/v1/records",                       route_records,          CLERK,                      4096 * KIB, YC_ROUTE_BODY },
  { "GET",    "/api/v1/catalogue",                     route_catalogue,        PEOPLE,                     0,        0 },
  { "POST",   "/api/v1/lookup",                        route_lookup,           CLERK,                      1 * KIB,  YC_ROUTE_BODY, "lookup" },
  { "GET",    "/api/v1/cases",                         route_cases,            CLERK,                      0,        0 },
  { "GET",    "/api/v1/cases/{name}",                  route_case,             PEOPLE,                     0,        0, "case.read" },

  { "GET",    "/api/v1/tasks",                         route_tasks,            CLERK,                      0,        0 },
  { "POST",   "/api/v1/tasks",                         route_assign_task,      BACK_OFFICE | SUPERVISOR,   16 * KIB, YC_ROUTE_BODY, "task.assign" },
  { "POST",   "/api/v1/tasks/{id}/claim",              route_claim_task,       CLERK,                      0,        0 },
  { "POST",   "/api/v1/tasks/{id}/release",            route_release_task,     CLERK,                      0,        0 },
  { "POST",   "/api/v1/tasks/{id}/complete",           route_complete_task,    CLERK,                      8 * KIB,  YC_ROUTE_BODY },

  { "GET",    "/api/v1/events",                        route_events,           PEOPLE,                     0,        0 },

  { "GET",    "/api/v1/audit",                         route_audit,            SUPERVISOR,                 0,        0 },
  { "GET",    "/api/v1/hall/today",                    route_hall_today,       SUPERVISOR | BACK_OFFICE,   0,        0 },
  { "GET",    "/api/v1/city/today",                    route_city_today,       SUPERVISOR,                 0,        YC_ROUTE_FIRST_HALL },

  { "GET",    "/api/v1/training",                      route_training,         CLERK | SUPERVISOR,         0,        0 },
  { "POST",   "/api/v1/training",                      route_control_training, CLERK | SUPERVISOR,         1 * KIB,
    YC_ROUTE_BODY | YC_ROUTE_TRAINEE_CONTROLS, "training.control" },
};

const YcRoute *
yc_server_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
