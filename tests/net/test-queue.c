/* test-queue.c: YcQueue against the real server on a thread: the window's counts follow
 * the events while the stream is live and are polled only while it is down; the window's
 * state, the parked tickets and the clerk's day; news of a transfer; all emptied at a
 * log-out; a finish is one write, and a record the centre did not apply is told. */
#include <string.h>

#include "net/yc-client.h"
#include "net/yc-events.h"
#include "core/yc-visit.h"
#include "net/yc-queue.h"
#include "server/yc-server-thread.h"
#include "../test-server-util.h"
#include "../test-util.h"

#define AWAIT(result) yc_test_wait_until ((result) != NULL, 20)

typedef struct
{
  char           *dir;
  char           *server_db;
  guint           port;
  YcServerThread *server;
  YcClient       *client;
  YcClient       *kiosk;
  YcEvents       *events;
  YcQueue        *queue;
  YcStore        *store;
  YcSync         *sync;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  f->dir = g_dir_make_tmp ("yc-queue-XXXXXX", &error);
  g_assert_no_error (error);
  f->server_db = g_build_filename (f->dir, "server.db", NULL);
  if (data != NULL)
    {
      /* The demo's hall: colleagues the simulator plays, window 1 kept for the clerk. */
      YcServerOptions options = { .db_path = f->server_db, .demo_data = TRUE, .simulate = TRUE,
                                  .simulate_by_step = TRUE, .reserved_windows = { 1 } };

      f->server = yc_server_thread_start (&options, &error);
      g_assert_no_error (error);
    }
  else
    f->server = yc_test_start_server (f->server_db, &f->port);
  f->client = yc_client_new (yc_server_thread_get_url (f->server));
  f->kiosk = yc_client_new (yc_server_thread_get_url (f->server));
  token = yc_test_add_device_to_db (f->server_db, "kiosk", 0);
  yc_client_set_device_token (f->kiosk, token);
  f->events = yc_events_new (f->client);
  {
    g_autofree char *desk_db = g_build_filename (f->dir, "desk.db", NULL);

    f->store = yc_store_open (desk_db, &error);
    g_assert_no_error (error);
  }
  f->sync = yc_sync_new (f->client, f->store);
  yc_sync_set_backoff (f->sync, 50, 400);
  f->queue = yc_queue_new (f->client, f->events, f->store);
  yc_queue_set_sync (f->queue, f->sync);
  yc_queue_set_active (f->queue, TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* Its reads under way hold it until they are answered or cancelled: none for ever. */
  g_object_add_weak_pointer (G_OBJECT (f->queue), (gpointer *) &f->queue);
  g_object_unref (f->queue);
  yc_test_wait_until (f->queue == NULL, 10);
  yc_sync_stop (f->sync);
  g_clear_object (&f->sync);
  yc_test_wait_until (G_OBJECT (f->store)->ref_count == 1, 10);
  g_clear_object (&f->store);
  g_clear_object (&f->events);
  g_clear_object (&f->kiosk);
  g_clear_object (&f->client);
  g_clear_pointer (&f->server, yc_server_thread_stop);
  yc_test_remove_tree (f->dir);
  g_free (f->server_db);
  g_free (f->dir);
}

static void
login (YcClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  yc_client_login_async (client, "1001", "123456", 1, NULL, yc_test_result_cb, &result);
  AWAIT (result);
  g_assert_true (yc_client_login_finish (client, result, &error));
  g_assert_no_error (error);
}

static YcTicket *
take (Fixture    *f,
      const char *service)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  YcTicket *ticket;

  yc_client_take_ticket_async (f->kiosk, service, NULL, yc_test_result_cb, &result);
  AWAIT (result);
  ticket = yc_client_take_ticket_finish (f->kiosk, result, &error);
  g_assert_no_error (error);
  return ticket;
}

static guint
waiting (Fixture    *f,
         const char *letter)
{
  YcService *service = yc_queue_find_service (f->queue, letter);

  g_assert_nonnull (service);
  return yc_service_get_waiting (service);
}

static gboolean
set_state (Fixture      *f,
           YcQueueState  state,
           const char   *reason,
           GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  yc_queue_set_state_async (f->queue, state, reason, NULL, yc_test_result_cb, &result);
  AWAIT (result);
  return yc_queue_set_state_finish (f->queue, result, error);
}

/* The counts follow the kiosk's tickets by the events alone, with no polling while the
 * stream is live; the stream down (the server gone), the queue polls; back, it stops. */
static void
test_counts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(YcTicket) first = NULL, second = NULL, third = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (yc_queue_get_services (f->queue)), ==, 0);
  login (f->client);
  g_assert_cmpuint (g_list_model_get_n_items (yc_queue_get_services (f->queue)), ==, 2);
  yc_test_wait_until (yc_events_get_live (f->events), 20);
  g_assert_false (yc_queue_get_polling (f->queue));

  first = take (f, "A");
  second = take (f, "A");
  third = take (f, "B");
  yc_test_wait_until (yc_queue_get_waiting (f->queue) == 3, 20);
  g_assert_cmpuint (waiting (f, "A"), ==, 2);
  g_assert_cmpuint (waiting (f, "B"), ==, 1);
  g_assert_false (yc_queue_get_polling (f->queue));

  /* The stream down: polled; a new server on the same database and port, live again. */
  g_clear_pointer (&f->server, yc_server_thread_stop);
  yc_test_wait_until (!yc_events_get_live (f->events), 20);
  g_assert_true (yc_queue_get_polling (f->queue));
  yc_queue_set_active (f->queue, FALSE);
  g_assert_false (yc_queue_get_polling (f->queue));
  yc_queue_set_active (f->queue, TRUE);
  g_assert_true (yc_queue_get_polling (f->queue));
  f->server = yc_test_start_server (f->server_db, &f->port);
  yc_test_wait_until (yc_events_get_live (f->events), 30);
  g_assert_false (yc_queue_get_polling (f->queue));

  /* Logged out: nothing of the window is left. */
  yc_client_logout (f->client);
  yc_test_wait_until (yc_client_get_session (f->client) == NULL, 20);
  g_assert_cmpuint (g_list_model_get_n_items (yc_queue_get_services (f->queue)), ==, 0);
  g_assert_cmpuint (yc_queue_get_waiting (f->queue), ==, 0);
  g_assert_false (yc_queue_get_day (f->queue, NULL));
}

/* Paused, closed and opened again, as the server has it; the state is read back at the
 * next log-in; a window with a citizen parked at it is not closed. */
static void
test_state_and_parked (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(YcTicket) ticket = NULL;
  g_autoptr(YcTicket) called = NULL;
  g_autoptr(YcTicket) parked = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  YcQueueDay day;

  login (f->client);
  yc_test_wait_until (yc_queue_get_day (f->queue, &day), 20);
  g_assert_cmpuint (day.served, ==, 0);
  g_assert_cmpint (yc_queue_get_state (f->queue), ==, YC_QUEUE_OPEN);

  g_assert_true (set_state (f, YC_QUEUE_PAUSED, "meeting", &error));
  g_assert_no_error (error);
  g_assert_cmpint (yc_queue_get_state (f->queue), ==, YC_QUEUE_PAUSED);
  g_assert_cmpstr (yc_queue_get_pause_reason (f->queue), ==, "meeting");
  yc_client_logout (f->client);
  yc_test_wait_until (yc_client_get_session (f->client) == NULL, 20);
  g_assert_cmpint (yc_queue_get_state (f->queue), ==, YC_QUEUE_OPEN);
  login (f->client);
  yc_test_wait_until (yc_queue_get_state (f->queue) == YC_QUEUE_PAUSED, 20);
  g_assert_true (set_state (f, YC_QUEUE_OPEN, NULL, &error));
  g_assert_null (yc_queue_get_pause_reason (f->queue));

  /* A citizen parked here: listed, and the window cannot close. */
  ticket = take (f, "A");
  yc_client_call_next_async (f->client, NULL, yc_test_result_cb, &result);
  AWAIT (result);
  called = yc_client_call_next_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  yc_client_ticket_action_async (f->client, yc_ticket_get_id (called), YC_TICKET_ACTION_PARK, NULL, NULL,
                                 yc_test_result_cb, &result);
  AWAIT (result);
  parked = yc_client_ticket_action_finish (f->client, result, &error);
  g_assert_no_error (error);
  yc_queue_refresh_parked (f->queue);
  yc_test_wait_until (g_list_model_get_n_items (yc_queue_get_parked (f->queue)) == 1, 20);
  g_assert_false (set_state (f, YC_QUEUE_CLOSED, NULL, &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_CONFLICT);
  g_assert_cmpint (yc_queue_get_state (f->queue), ==, YC_QUEUE_OPEN);
}

static YcTicket *
call_next (Fixture       *f,
           JsonNode      *details,
           YcQueueFinish *finish)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  YcTicket *ticket;

  yc_queue_call_next_async (f->queue, details, NULL, yc_test_result_cb, &result);
  g_assert_true (yc_queue_get_busy (f->queue));
  AWAIT (result);
  ticket = yc_queue_call_next_finish (f->queue, result, finish, &error);
  g_assert_no_error (error);
  g_assert_false (yc_queue_get_busy (f->queue));
  return ticket;
}

static gint64
server_count (Fixture    *f,
              const char *sql)
{
  return yc_test_db_count (f->server_db, sql);
}

/* Finish-then-call is one operation: the visit recorded, the centre told, the next called
 * only then. A finish the centre cannot hear of is "unconfirmed", never "finished"; when
 * the centre still has that ticket at the window (its record kept but not applied), the
 * next call brings it back with the details the clerk recorded. */
static void
test_call_and_finish (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(YcTicket) first = NULL, second = NULL;
  g_autoptr(YcTicket) called = NULL, next = NULL, back = NULL;
  g_autoptr(JsonNode) informed = yc_visit_details_new (YC_VISIT_INFORMED, "缺营业执照", NULL);
  g_autoptr(JsonNode) completed = yc_visit_details_new (YC_VISIT_COMPLETED, NULL, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *unapplied = NULL;
  YcQueueFinish finish = YC_QUEUE_FINISH_CONFIRMED;
  YcVisitOutcome outcome = YC_VISIT_COMPLETED;
  const char *note = NULL;

  login (f->client);
  yc_test_wait_until (!yc_queue_get_busy (f->queue), 20);
  first = take (f, "A");
  second = take (f, "A");

  called = call_next (f, NULL, &finish);
  g_assert_cmpint (finish, ==, YC_QUEUE_FINISH_NONE);
  g_assert_cmpint (yc_ticket_get_id (called), ==, yc_ticket_get_id (first));
  g_assert_true (yc_queue_get_current (f->queue) == called);

  /* One operation: the first finished as the clerk said, then the second called. */
  next = call_next (f, informed, &finish);
  g_assert_cmpint (finish, ==, YC_QUEUE_FINISH_CONFIRMED);
  g_assert_cmpint (yc_ticket_get_id (next), ==, yc_ticket_get_id (second));
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM tickets WHERE state = 'finished' AND outcome = 'informed'"),
                   ==, 1);
  yc_test_wait_until (yc_store_get_pending (f->store) == 0, 20);

  /* The centre out of reach: recorded, not finished. */
  g_clear_pointer (&f->server, yc_server_thread_stop);
  yc_queue_finish_async (f->queue, informed, NULL, yc_test_result_cb, &result);
  AWAIT (result);
  g_assert_true (yc_queue_finish_finish (f->queue, result, &finish, &error));
  g_assert_no_error (error);
  g_assert_cmpint (finish, ==, YC_QUEUE_FINISH_UNCONFIRMED);
  g_assert_null (yc_queue_get_current (f->queue));
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 1);

  /* Back, with another clerk's call on the ticket: its record is kept, not applied. */
  unapplied = g_strdup_printf ("UPDATE tickets SET clerk = '9001' WHERE id = %" G_GINT64_FORMAT,
                               yc_ticket_get_id (second));
  g_assert_cmpint (yc_test_db_exec (f->server_db, unapplied), ==, 0);
  f->server = yc_test_start_server (f->server_db, &f->port);
  yc_test_wait_until (yc_store_get_pending (f->store) == 0, 30);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM tickets WHERE state = 'called'"), ==, 1);

  back = call_next (f, completed, &finish);
  g_assert_cmpint (finish, ==, YC_QUEUE_FINISH_NONE);
  g_assert_cmpint (yc_ticket_get_id (back), ==, yc_ticket_get_id (second));
  g_assert_true (yc_visit_details_read (yc_queue_get_unconfirmed (f->queue), &outcome, &note, NULL));
  g_assert_cmpint (outcome, ==, YC_VISIT_INFORMED);
  g_assert_cmpstr (note, ==, "缺营业执照");
}

/* A finish is one write: the visit record, pushed at once. The server keeps a probe of
 * every write to the ticket once it is finished, and of a visit record arriving after
 * it: a second finish (a POST /tickets/{id}/finish beside the record, in either order)
 * leaves a second row there. */
static void
test_finish_one_write (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(YcTicket) ticket = NULL, called = NULL;
  g_autoptr(JsonNode) informed = yc_visit_details_new (YC_VISIT_INFORMED, "缺营业执照", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *finished = NULL;
  YcQueueFinish finish = YC_QUEUE_FINISH_NONE;

  g_assert_cmpint (yc_test_db_exec (f->server_db,
                                    "CREATE TABLE probe (what TEXT NOT NULL);"
                                    "CREATE TRIGGER probe_record AFTER INSERT ON records WHEN NEW.kind = 'visit' BEGIN"
                                    "  INSERT INTO probe SELECT 'record after the finish' FROM tickets"
                                    "  WHERE id = json_extract (NEW.body, '$.ticket_id') AND state = 'finished'; END;"
                                    "CREATE TRIGGER probe_ticket AFTER UPDATE ON tickets WHEN OLD.state = 'finished' BEGIN"
                                    "  INSERT INTO probe VALUES ('details written'); END;"), ==, 0);
  login (f->client);
  yc_test_wait_until (!yc_queue_get_busy (f->queue), 20);
  ticket = take (f, "A");
  called = call_next (f, NULL, &finish);
  g_assert_cmpint (yc_ticket_get_id (called), ==, yc_ticket_get_id (ticket));

  yc_queue_finish_async (f->queue, informed, NULL, yc_test_result_cb, &result);
  AWAIT (result);
  g_assert_true (yc_queue_finish_finish (f->queue, result, &finish, &error));
  g_assert_no_error (error);
  g_assert_cmpint (finish, ==, YC_QUEUE_FINISH_CONFIRMED);
  g_assert_null (yc_queue_get_current (f->queue));
  /* Confirmed means applied: the outbox has its answer, nothing is left to send. */
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 0);

  finished = g_strdup_printf ("SELECT count(*) FROM tickets WHERE id = %" G_GINT64_FORMAT
                              " AND state = 'finished' AND outcome = 'informed' AND outcome_note = '缺营业执照'",
                              yc_ticket_get_id (ticket));
  g_assert_cmpint (server_count (f, finished), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM records WHERE kind = 'visit'"), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM events WHERE kind = 'ticket.finished'"), ==, 1);
  /* The record's own details, written once it finished the ticket; nothing else. */
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM probe WHERE what = 'details written'"), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM probe"), ==, 1);
}

/* The centre keeps a visit's record but does not apply it (another window's clerk has
 * the ticket): the caller hears why, nobody is called, the ticket leaves the window and
 * the record waits for the clerk among the sync's attention. */
static void
test_finish_not_applied (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(YcTicket) first = NULL, second = NULL, called = NULL, next = NULL;
  g_autoptr(JsonNode) informed = yc_visit_details_new (YC_VISIT_INFORMED, "缺营业执照", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *taken = NULL;
  g_autoptr(YcOutboxEntry) entry = NULL;
  GListModel *attention = yc_sync_get_attention (f->sync);
  YcQueueFinish finish = YC_QUEUE_FINISH_NONE;
  YcVisitOutcome outcome = YC_VISIT_COMPLETED;

  login (f->client);
  yc_test_wait_until (!yc_queue_get_busy (f->queue), 20);
  first = take (f, "A");
  second = take (f, "A");
  called = call_next (f, NULL, &finish);
  g_assert_cmpint (yc_ticket_get_id (called), ==, yc_ticket_get_id (first));

  taken = g_strdup_printf ("UPDATE tickets SET clerk = '9001', window_id = 2 WHERE id = %" G_GINT64_FORMAT,
                           yc_ticket_get_id (first));
  g_assert_cmpint (yc_test_db_exec (f->server_db, taken), ==, 0);

  yc_queue_call_next_async (f->queue, informed, NULL, yc_test_result_cb, &result);
  AWAIT (result);
  next = yc_queue_call_next_finish (f->queue, result, &finish, &error);
  g_assert_error (error, YC_QUEUE_ERROR, YC_QUEUE_ERROR_TICKET_TAKEN);
  g_assert_null (next);
  g_assert_cmpint (finish, ==, YC_QUEUE_FINISH_NOT_APPLIED);
  g_assert_false (yc_queue_get_busy (f->queue));
  g_assert_null (yc_queue_get_current (f->queue));
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM tickets WHERE state = 'waiting'"), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM records WHERE kind = 'visit' AND not_applied IS NOT NULL"),
                   ==, 1);
  /* Answered once the outbox has the answer: the record is for the clerk to look at. */
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 0);
  yc_test_wait_until (g_list_model_get_n_items (attention) == 1, 20);
  entry = g_list_model_get_item (attention, 0);
  g_assert_cmpint (yc_outbox_entry_get_state (entry), ==, YC_OUTBOX_NOT_APPLIED);
  g_assert_cmpstr (yc_outbox_entry_get_code (entry), ==, "ticket_taken");
  g_assert_cmpstr (yc_record_get_kind (yc_outbox_entry_get_record (entry)), ==, "visit");

  /* Should the ticket come back to this window, what the clerk recorded is too. */
  g_clear_object (&next);
  g_clear_object (&result);
  g_clear_error (&error);
  g_clear_pointer (&taken, g_free);
  taken = g_strdup_printf ("UPDATE tickets SET clerk = '1001', window_id = 1 WHERE id = %" G_GINT64_FORMAT,
                           yc_ticket_get_id (first));
  g_assert_cmpint (yc_test_db_exec (f->server_db, taken), ==, 0);
  next = call_next (f, NULL, &finish);
  g_assert_cmpint (yc_ticket_get_id (next), ==, yc_ticket_get_id (first));
  g_assert_true (yc_visit_details_read (yc_queue_get_unconfirmed (f->queue), &outcome, NULL, NULL));
  g_assert_cmpint (outcome, ==, YC_VISIT_INFORMED);
}

static void
on_day_cb (YcQueue    *queue,
           GParamSpec *pspec,
           guint      *reads)
{
  (*reads)++;
}

/* Issue 16, 5: a ticket.finished for this window (a visit the centre finished, a record
 * of this desk applied) brings the clerk's day up to date at once; another window's does
 * not. */
static void
test_day_on_finished (Fixture       *f,
                      gconstpointer  data)
{
  const YcSession *session;
  guint reads = 0;
  YcQueueDay day;

  login (f->client);
  yc_test_wait_until (yc_queue_get_day (f->queue, &day), 20);
  session = yc_client_get_session (f->client);
  g_signal_connect (f->queue, "notify::day", G_CALLBACK (on_day_cb), &reads);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"ticket\":{\"number\":\"A001\",\"state\":\"finished\",\"window\":%"
                                               G_GINT64_FORMAT "},\"queues\":[]}",
                                               i == 0 ? session->window_id + 1 : session->window_id);
      g_autoptr(JsonNode) body = json_from_string (text, NULL);

      g_signal_emit_by_name (f->events, "event", "ticket.finished", body, (gint64) (1000 + i));
    }
  yc_test_wait_until (reads > 0, 20);
  g_assert_cmpuint (reads, ==, 1);
  g_signal_handlers_disconnect_by_func (f->queue, on_day_cb, &reads);
}

/* Issue 17: the simulated colleagues serve at windows 2 to 5, and a transfer lists them
 * there, logged in (not "nobody logged in"), and each as a colleague to send a citizen
 * to; the clerk's own window is not offered. */
static void
test_targets_simulated (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GError) error = NULL;
  guint windows = 0;
  g_autoptr(GString) colleagues = g_string_new (NULL);

  login (f->client);
  yc_server_thread_simulate (f->server, 60);
  yc_queue_read_targets_async (f->queue, NULL, yc_test_result_cb, &result);
  AWAIT (result);
  targets = yc_queue_read_targets_finish (f->queue, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < targets->len; i++)
    {
      YcQueueTarget *target = g_ptr_array_index (targets, i);
      JsonObject *body = json_node_get_object (target->body);

      if (json_object_has_member (body, "window"))
        {
          g_assert_cmpint (json_object_get_int_member (body, "window"), !=, 1);
          g_assert_null (strstr (target->label, "nobody"));
          windows++;
        }
      if (json_object_has_member (body, "clerk"))
        g_string_append_printf (colleagues, "%s ", json_object_get_string_member (body, "clerk"));
    }
  g_assert_cmpuint (windows, ==, 4);
  g_assert_cmpstr (colleagues->str, ==, "1002 1003 1004 1005 ");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/net/queue/counts", test_counts);
  ADD ("/net/queue/state-and-parked", test_state_and_parked);
  ADD ("/net/queue/call-and-finish", test_call_and_finish);
  ADD ("/net/queue/finish-one-write", test_finish_one_write);
  ADD ("/net/queue/finish-not-applied", test_finish_not_applied);
  ADD ("/net/queue/day-on-finished", test_day_on_finished);
  g_test_add ("/net/queue/targets-simulated", Fixture, "simulated", fixture_setup, test_targets_simulated,
              fixture_teardown);

  return g_test_run ();
}
