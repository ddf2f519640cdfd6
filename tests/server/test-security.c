/* test-security.c: the reference server as an attacker on the hall's network meets it:
 * malformed, oversized and ambiguous requests, slow and idle connections, guessed PINs,
 * sessions and roles, devices, the audit log, keyed applicant keys, TLS. */
#include <gio/gio.h>

#include "core/yc-error.h"
#include "core/yc-role.h"
#include "server-fixture.h"

#define TIMEOUT_S 10

/* A connection of the test's own, for what a well-behaved client never sends. */
static GSocket *
raw_connect (Fixture *f)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, (guint16) yc_test_server_port (f->server));
  g_autoptr(GError) error = NULL;
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_connect (socket, address, NULL, &error));
  g_assert_no_error (error);
  return socket;
}

static void
raw_send (GSocket    *socket,
          const char *data,
          gsize       length)
{
  g_autoptr(GError) error = NULL;
  gsize sent = 0;

  while (sent < length)
    {
      gssize n = g_socket_send (socket, data + sent, length - sent, NULL, &error);

      /* The server may answer and close before it has all of a refused request. */
      if (n < 0)
        return;
      sent += (gsize) n;
    }
}

/* What the server sends on socket until it closes the connection (*closed) or
 * timeout_s passes. */
static GString *
raw_read (GSocket  *socket,
          double    timeout_s,
          gboolean *closed)
{
  GString *answer = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  *closed = FALSE;
  g_socket_set_blocking (socket, FALSE);
  while (g_get_monotonic_time () < deadline)
    {
      char buffer[4096];
      g_autoptr(GError) error = NULL;
      gssize n;

      g_socket_condition_timed_wait (socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                     MAX (deadline - g_get_monotonic_time (), 0), NULL, NULL);
      n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);
      if (n > 0)
        g_string_append_len (answer, buffer, n);
      else if (n == 0 || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          *closed = TRUE;
          break;
        }
    }
  return answer;
}

/* One raw request: the answer, and whether the server closed the connection after it. */
static GString *
raw_exchange (Fixture    *f,
              const char *request,
              gsize       length,
              gboolean   *closed)
{
  g_autoptr(GSocket) socket = raw_connect (f);

  raw_send (socket, request, length);
  return raw_read (socket, 3, closed);
}

static guint
status_of (GString *answer)
{
  g_autofree char *code = NULL;
  guint64 status = 0;

  if (answer->len < 12 || !g_str_has_prefix (answer->str, "HTTP/1.1 "))
    return 0;
  code = g_strndup (answer->str + 9, 3);
  g_ascii_string_to_unsigned (code, 10, 100, 599, &status, NULL);
  return (guint) status;
}

static void
assert_alive (Fixture *f)
{
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/health", NULL, NULL, NULL), ==, 200);
}

/* 100,000 “[” then 100,000 “]”: a clean 400, the server goes on. (The recursive parser
 * underneath overflowed the stack on it.) */
static void
test_deep_nesting (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *token = login (f, "1001", 1);
  g_autoptr(GString) body = g_string_new ("{\"records\":");
  g_autoptr(JsonNode) answer = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (body, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (body, ']');
  g_string_append_c (body, '}');

  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/records", token, body->str, &answer), ==, 400);
  g_assert_cmpstr (error_code (answer), ==, "bad_request");
  /* Without a session it is not even read: answered 401 before the body is, and the
   * connection closed under the rest of it; a client still sending may see the close
   * (a reset) rather than the answer, as a flaky 1 run in 30 here showed. */
  {
    guint status = http_or_none (f->soup, f, "POST", "/api/v1/tickets", NULL, body->str, NULL);

    g_assert_true (status == 401 || status == 0);
  }
  assert_alive (f);
}

/* A body over the route's limit is refused from its Content-Length, or while it
 * streams, before the server reads it: 413, and the connection closes. */
static void
test_body_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *token = login (f, "1001", 1);
  gboolean closed;

  /* 500 MB announced, 64 KiB sent: answered at once. */
  {
    g_autofree char *head = g_strdup_printf ("POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                             "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                                             "Content-Length: 500000000\r\n\r\n", f->kiosk);
    g_autoptr(GSocket) socket = raw_connect (f);
    g_autofree char *filler = g_strnfill (64 * 1024, ' ');
    g_autoptr(GString) answer = NULL;
    gint64 start = g_get_monotonic_time ();

    raw_send (socket, head, strlen (head));
    raw_send (socket, filler, strlen (filler));
    answer = raw_read (socket, 5, &closed);
    g_assert_cmpuint (status_of (answer), ==, 413);
    g_assert_nonnull (strstr (answer->str, "\"too_large\""));
    g_assert_true (closed);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
  }

  /* Chunked, with no length announced: counted as it comes. */
  {
    g_autoptr(GString) request = g_string_new (NULL);
    g_autoptr(GString) answer = NULL;

    g_string_printf (request, "POST /api/v1/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n", f->pads[1]);
    g_autofree char *kilobyte = g_strnfill (1024, ' ');

    for (guint i = 0; i < 16; i++)
      g_string_append_printf (request, "400\r\n%s\r\n", kilobyte);
    g_string_append (request, "0\r\n\r\n");
    answer = raw_exchange (f, request->str, request->len, &closed);
    g_assert_cmpuint (status_of (answer), ==, 413);
    g_assert_true (closed);
  }

  /* A route that takes no body takes none, not even a small one. */
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/windows/1/call-next", token, "{}", NULL), ==, 413);
  assert_alive (f);
}

/* Framing a proxy in front may read otherwise than the server: refused, 400. */
static void
test_framing (Fixture       *f,
              gconstpointer  data)
{
  const char *heads[] = {
    /* White space before the colon: libsoup alone drops the line and reads the body by
     * its length, a proxy may read it as chunked. */
    "Transfer-Encoding : chunked\r\nContent-Length: 15\r\n",
    "Transfer-Encoding: gzip\r\nContent-Length: 15\r\n",
    "Transfer-Encoding: chunked\r\nContent-Length: 15\r\n",
    "Content-Length: 15\r\nContent-Length: 16\r\n",
    "Content-Length: +15\r\n",
    "X-Folded: one\r\n two\r\nContent-Length: 15\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      g_autofree char *request = g_strdup_printf ("POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                  "Authorization: Bearer %s\r\n%s\r\n{\"service\":\"A\"}",
                                                  f->kiosk, heads[i]);
      g_autoptr(GString) answer = NULL;
      gboolean closed;

      answer = raw_exchange (f, request, strlen (request), &closed);
      g_test_message ("%s → %.12s", heads[i], answer->str);
      g_assert_cmpuint (status_of (answer), ==, 400);
      g_assert_true (closed);
    }
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM tickets"), ==, 0);

  /* Well framed, the same request is taken. */
  {
    g_autofree char *request = g_strdup_printf ("POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                "Authorization: Bearer %s\r\nContent-Length: 15\r\n"
                                                "Connection: close\r\n\r\n{\"service\":\"A\"}", f->kiosk);
    g_autoptr(GString) answer = NULL;
    gboolean closed;

    answer = raw_exchange (f, request, strlen (request), &closed);
    g_assert_cmpuint (status_of (answer), ==, 201);
  }
}

/* JSON the contract calls strict: duplicate members, NUL, lone surrogates. */
static void
test_strict_json (Fixture       *f,
                  gconstpointer  data)
{
  const char *bodies[] = {
    "{\"service\":\"Z\",\"service\":\"A\"}",
    "{\"service\":\"A\\u0000B\"}",
    "{\"service\":\"\\ud800\"}",
    "{\"service\":\"A\"} {}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonNode) answer = NULL;

      g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/tickets", f->kiosk, bodies[i], &answer), ==, 400);
      g_assert_cmpstr (error_code (answer), ==, "bad_request");
    }
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM tickets"), ==, 0);
}

/* A record id is a UUID, the same in either case: the second is a repeat. (A kind that
 * changes nothing on the server: a visit naming no ticket would be not_applied.) */
static void
test_record_id_case (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *token = login (f, "1001", 1);
  const char *ids[] = { "6f1c2a4e-9b7d-4c55-8a1e-2f3b4c5d6e7f", "6F1C2A4E-9B7D-4C55-8A1E-2F3B4C5D6E7F" };
  const char *statuses[] = { "stored", "duplicate" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *batch = g_strdup_printf ("{\"records\":[{\"id\":\"%s\",\"kind\":\"note\","
                                                "\"created_at\":\"2026-12-06T09:30:00+08:00\",\"body\":{}}]}", ids[i]);
      g_autoptr(JsonNode) answer = NULL;
      JsonObject *result;

      g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/records", token, batch, &answer), ==, 200);
      result = json_array_get_object_element (json_object_get_array_member (json_node_get_object (answer), "results"), 0);
      g_assert_cmpstr (json_object_get_string_member (result, "id"), ==, ids[i]);
      g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, statuses[i]);
    }
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM records"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM records WHERE id = lower (id)"), ==, 1);
}

/* Every answer is JSON, also for a path that is not there and a method a path does not
 * take. */
static void
test_unknown_routes (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) missing = NULL;
  g_autoptr(JsonNode) wrong = NULL;

  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/nowhere", NULL, NULL, &missing), ==, 404);
  g_assert_cmpstr (error_code (missing), ==, "not_found");
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/sessions", NULL, NULL, &wrong), ==, 405);
  g_assert_cmpstr (error_code (wrong), ==, "method_not_allowed");
  /* Allow says which methods the path takes, and only those. */
  {
    const char *request = "GET /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    g_autoptr(GString) raw = NULL;
    gboolean closed;

    raw = raw_exchange (f, request, strlen (request), &closed);
    g_assert_cmpuint (status_of (raw), ==, 405);
    g_assert_nonnull (strstr (raw->str, "\r\nAllow: POST\r\n"));
  }
  g_assert_cmpuint (http (f->soup, f, "DELETE", "/api/v1/tickets", f->kiosk, NULL, NULL), ==, 405);
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/tickets/abc/finish", NULL, NULL, NULL), ==, 404);
}

/* An empty queue's Call Next (204) keeps the connection, as every answer does. */
static void
test_keep_alive (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *token = login (f, "1001", 1);
  g_autofree char *request = g_strdup_printf ("POST /api/v1/windows/1/call-next HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                              "Authorization: Bearer %s\r\nContent-Length: 0\r\n\r\n", token);
  g_autoptr(GSocket) socket = raw_connect (f);
  gboolean closed;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GString) answer = NULL;

      raw_send (socket, request, strlen (request));
      answer = raw_read (socket, 0.5, &closed);
      g_assert_cmpuint (status_of (answer), ==, 204);
      g_assert_false (closed);
    }
}

/* Tickets from kiosks, ratings from the pad of the visit's window, soon after it. */
/* The finished visits as finished minutes ago (in the hall's +08:00). */
static void
finished_minutes_ago (Fixture *f,
                      guint    minutes)
{
  g_autoptr(GTimeZone) hall = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (hall);
  g_autoptr(GDateTime) then = g_date_time_add_minutes (now, -(int) minutes);
  g_autofree char *at = g_date_time_format (then, "%Y-%m-%dT%H:%M:%S+08:00");
  g_autofree char *sql = g_strdup_printf ("UPDATE tickets SET finished_at = '%s' WHERE state = 'finished'", at);

  db_exec (f, sql);
}

static void
test_devices (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *token = login (f, "1001", 1);
  g_autoptr(JsonNode) called = NULL;
  g_autofree char *rating = NULL;
  g_autofree char *display = yc_test_add_device (f->server, "test screen", "display", 0, "企业服务区");
  g_autoptr(JsonNode) calls = NULL;

  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/tickets", NULL, "{\"service\":\"A\"}", NULL), ==, 401);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/tickets", "bogus", "{\"service\":\"A\"}", NULL), ==, 401);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/tickets", token, "{\"service\":\"A\"}", NULL), ==, 403);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/tickets", display, "{\"service\":\"A\"}", NULL), ==, 403);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/tickets", f->pads[1], "{\"service\":\"A\"}", NULL), ==, 403);
  take_ticket (f, "A", NULL);
  take_ticket (f, "A", NULL);
  /* A device is no person: no window's routes. */
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/windows/1/call-next", f->kiosk, NULL, NULL), ==, 403);

  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/windows/1/call-next", token, NULL, &called), ==, 200);
  {
    g_autofree char *finish = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/finish",
                                               json_object_get_int_member (json_node_get_object (called), "id"));
    g_assert_cmpuint (http (f->soup, f, "POST", finish, token, NULL, NULL), ==, 200);
  }
  rating = g_strdup_printf ("{\"ticket_id\":%" G_GINT64_FORMAT ",\"level\":\"very_dissatisfied\"}",
                            json_object_get_int_member (json_node_get_object (called), "id"));
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/ratings", NULL, rating, NULL), ==, 401);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/ratings", f->kiosk, rating, NULL), ==, 403);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/ratings", token, rating, NULL), ==, 403);
  /* Another window's pad. */
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/ratings", f->pads[2], rating, NULL), ==, 403);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM tasks WHERE kind = 'bad_rating'"), ==, 0);
  /* Half an hour on, the visit is not the pad's to rate any more. */
  finished_minutes_ago (f, 31);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/ratings", f->pads[1], rating, NULL), ==, 409);
  finished_minutes_ago (f, 5);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/ratings", f->pads[1], rating, NULL), ==, 201);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM tasks WHERE kind = 'bad_rating'"), ==, 1);

  /* A calling screen reads without a token; with its display token, it shows its own
   * zone without saying it (window 1's call is in another); a device's of another kind
   * does not open it. */
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/display/calls", NULL, NULL, &calls), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (calls), "calls")), ==, 1);
  g_clear_pointer (&calls, json_node_unref);
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/display/calls", display, NULL, &calls), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (calls), "calls")), ==, 0);
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/display/calls", f->kiosk, NULL, NULL), ==, 403);
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/display/calls", "bogus", NULL, NULL), ==, 401);
}

/* Five wrong PINs in a row lock the clerk number for a quarter of an hour: told at once,
 * without hashing, even with the right PIN; the audit log has each. */
static void
test_pin_lockout (Fixture       *f,
                  gconstpointer  data)
{
  const char *wrong = "{\"clerk\":\"1001\",\"pin\":\"000000\",\"window\":1}";
  const char *right = "{\"clerk\":\"1001\",\"pin\":\"123456\",\"window\":1}";
  g_autofree char *url = g_strconcat (yc_server_thread_get_url (f->server), "/api/v1/sessions", NULL);
  g_autoptr(JsonNode) answer = NULL;

  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/sessions", NULL, wrong, NULL), ==, 401);
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    g_autoptr(GBytes) body = g_bytes_new_static (wrong, strlen (wrong));
    g_autoptr(GBytes) bytes = NULL;
    guint64 retry_after;

    soup_message_set_request_body_from_bytes (msg, "application/json", body);
    bytes = soup_session_send_and_read (f->soup, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 429);
    g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL), "\"locked\""));
    g_assert_true (g_ascii_string_to_unsigned (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                                             "Retry-After"),
                                               10, 800, 900, &retry_after, NULL));
  }
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/sessions", NULL, right, &answer), ==, 429);
  g_assert_cmpstr (error_code (answer), ==, "locked");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (answer), "error"),
                                               "retry_after"), >, 800);
  /* Another clerk is not held up. */
  g_free (login (f, "1002", 2));

  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE action = 'login.failed' AND actor = '1001'"), ==, 4);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE action = 'login.locked_out' AND actor = '1001'"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE action = 'login' AND actor = '1002'"), ==, 1);

  /* The quarter of an hour passes. */
  db_exec (f, "UPDATE clerks SET locked_until = 0 WHERE id = '1001'");
  g_free (login (f, "1001", 1));
  g_assert_cmpint (db_count (f, "SELECT failed_pins FROM clerks WHERE id = '1001'"), ==, 0);
}

static const YcServerConfig few_logins = { .max_per_address = 1000, .login_burst = 3, .login_refill_seconds = 600 };

/* One address guessing: a few attempts at once, then one every so often (429). */
static void
test_login_rate_limit (Fixture       *f,
                       gconstpointer  data)
{
  const char *guess = "{\"clerk\":\"9999\",\"pin\":\"000000\",\"window\":1}";
  g_autoptr(JsonNode) answer = NULL;

  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/sessions", NULL, guess, NULL), ==, 401);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/sessions", NULL, guess, &answer), ==, 429);
  g_assert_cmpstr (error_code (answer), ==, "rate_limited");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (answer), "error"),
                                               "retry_after"), >, 0);
  /* Refused before its body is read, the answer still says when to come back, in the
   * header too (the desk reads it there). */
  {
    g_autofree char *request = g_strdup_printf ("POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                                                strlen (guess), guess);
    g_autoptr(GString) raw = NULL;
    gboolean closed;

    raw = raw_exchange (f, request, strlen (request), &closed);
    g_assert_cmpuint (status_of (raw), ==, 429);
    g_assert_nonnull (strstr (raw->str, "\r\nRetry-After: "));
  }
  /* The routes of those logged in are not counted. */
  assert_alive (f);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE action = 'login.rate_limited'"), ==, 1);
}

/* A failed log-in sent with an X-Forwarded-For header (NULL: none): its status. */
static guint
login_forwarded (Fixture    *f,
                 const char *forwarded_for)
{
  const char *guess = "{\"clerk\":\"9999\",\"pin\":\"000000\",\"window\":1}";
  g_autofree char *header = forwarded_for ? g_strdup_printf ("X-Forwarded-For: %s\r\n", forwarded_for) : g_strdup ("");
  g_autofree char *request = g_strdup_printf ("POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n%s"
                                              "Content-Type: application/json\r\nContent-Length: %zu\r\n"
                                              "Connection: close\r\n\r\n%s",
                                              header, strlen (guess), guess);
  g_autoptr(GString) answer = NULL;
  gboolean closed;

  answer = raw_exchange (f, request, strlen (request), &closed);
  return status_of (answer);
}

static const char *const local_proxy[] = { "127.0.0.1", NULL };
static const YcServerConfig behind_proxy = { .max_per_address = 1000, .login_burst = 2, .login_refill_seconds = 600,
                                             .trusted_proxies = local_proxy };

/* Behind a load balancer the server trusts, each client counts by its own address (the
 * last X-Forwarded-For names that is no proxy's), in the log-in limit and the audit log;
 * what a client writes before the proxy's address changes nothing. */
static void
test_forwarded_for (Fixture       *f,
                    gconstpointer  data)
{
  /* One citizen's machine guessing: its two, then 429. */
  g_assert_cmpuint (login_forwarded (f, "203.0.113.7"), ==, 401);
  g_assert_cmpuint (login_forwarded (f, "203.0.113.7"), ==, 401);
  g_assert_cmpuint (login_forwarded (f, "203.0.113.7"), ==, 429);
  /* Another behind the same proxy is not held back by it. */
  g_assert_cmpuint (login_forwarded (f, "203.0.113.8"), ==, 401);
  /* The guesser writing another address before its own: still its own. */
  g_assert_cmpuint (login_forwarded (f, "198.51.100.9, 203.0.113.7"), ==, 429);
  /* Two proxies (the last one trusted) before the server: the client before them. */
  g_assert_cmpuint (login_forwarded (f, "198.51.100.20, 127.0.0.1"), ==, 401);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE action = 'login.rate_limited'"
                                " AND address = '203.0.113.7'"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE action = 'login.failed'"
                                " AND address = '198.51.100.20'"), ==, 1);
  /* No header, or one that names no address: the proxy's own, which has its two. */
  g_assert_cmpuint (login_forwarded (f, NULL), ==, 401);
  g_assert_cmpuint (login_forwarded (f, "unknown"), ==, 401);
  g_assert_cmpuint (login_forwarded (f, "unknown"), ==, 429);
}

/* A server that trusts no proxy believes no X-Forwarded-For: a guesser cannot get a
 * fresh count by naming another address. */
static void
test_forwarded_for_untrusted (Fixture       *f,
                              gconstpointer  data)
{
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *address = g_strdup_printf ("203.0.113.%u", 10 + i);

      g_assert_cmpuint (login_forwarded (f, address), ==, 401);
    }
  g_assert_cmpuint (login_forwarded (f, "203.0.113.99"), ==, 429);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE address LIKE '203.0.113.%'"), ==, 0);
}

/* A clerk logs in at the windows the hall assigns them, one window a clerk, one live
 * session a clerk; acts at that window only. */
static void
test_sessions_and_windows (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *two = NULL;
  g_autoptr(JsonNode) called = NULL;

  /* Not 1001's window. */
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/sessions", NULL,
                          "{\"clerk\":\"1001\",\"pin\":\"123456\",\"window\":2}", &answer), ==, 403);
  g_assert_cmpstr (error_code (answer), ==, "not_assigned");
  g_clear_pointer (&answer, json_node_unref);

  /* 1003 may work at window 2 too, but 1002 is there. */
  two = login (f, "1002", 2);
  db_exec (f, "INSERT INTO clerk_windows (clerk, window_id) VALUES ('1003', 2)");
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/sessions", NULL,
                          "{\"clerk\":\"1003\",\"pin\":\"123456\",\"window\":2}", &answer), ==, 409);
  g_assert_cmpstr (error_code (answer), ==, "window_occupied");

  /* Logging in again (after a crash) replaces the clerk's session. */
  first = login (f, "1001", 1);
  second = login (f, "1001", 1);
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/queues", first, NULL, NULL), ==, 401);
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/queues", second, NULL, NULL), ==, 200);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM sessions WHERE clerk = '1001'"), ==, 1);

  /* 1001 cannot call at window 2, nor finish the ticket 1002 has there. */
  take_ticket (f, "A", NULL);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/windows/2/call-next", second, NULL, NULL), ==, 403);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/windows/2/call-next", two, NULL, &called), ==, 200);
  {
    g_autofree char *finish = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/finish",
                                               json_object_get_int_member (json_node_get_object (called), "id"));
    g_assert_cmpuint (http (f->soup, f, "POST", finish, second, NULL, NULL), ==, 403);
    g_assert_cmpuint (http (f->soup, f, "POST", finish, two, NULL, NULL), ==, 200);
  }

  /* The back office and duty managers log in without a window. */
  g_free (login_person (f, "9001"));
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/sessions", NULL,
                          "{\"clerk\":\"9002\",\"pin\":\"123456\",\"window\":1}", NULL), ==, 403);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/sessions", NULL,
                          "{\"clerk\":\"1001\",\"pin\":\"123456\"}", NULL), ==, 400);
}

/* Log-out ends the token on the server, and frees the window. */
static void
test_logout (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = login (f, "1002", 2);

  g_assert_cmpuint (http (f->soup, f, "DELETE", "/api/v1/sessions/current", token, NULL, NULL), ==, 204);
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/queues", token, NULL, NULL), ==, 401);
  g_assert_cmpuint (http (f->soup, f, "DELETE", "/api/v1/sessions/current", token, NULL, NULL), ==, 401);
  db_exec (f, "INSERT INTO clerk_windows (clerk, window_id) VALUES ('1003', 2)");
  g_free (login (f, "1003", 2));
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE action = 'logout' AND actor = '1002'"), ==, 1);
}

/* A token's hall, before its dot, is only looked up: a hall nobody has, the first hall's
 * own code before a good token, or a name made to look like SQL or a path is 401, and
 * the server serves on. */
static void
test_token_halls (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *token = login (f, "1001", 1);
  g_autofree char *first = g_strconcat ("990100-ZWFW.", token, NULL);
  const char *forged[] = { "nowhere.0123abcd", "public.0123abcd", "\"; DROP TABLE tickets; --.x",
                           "../../etc/passwd.x", ".", "..", "a.b.c", first };

  for (guint i = 0; i < G_N_ELEMENTS (forged); i++)
    g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/queues", forged[i], NULL, NULL), ==, 401);
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/queues", token, NULL, NULL), ==, 200);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM tickets"), >=, 0);
}

static const YcServerConfig short_sessions = { .max_per_address = 1000, .session_idle_seconds = 1 };

/* A session not used for its idle time ends. */
static void
test_session_idle (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *token = login (f, "1001", 1);

  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/queues", token, NULL, NULL), ==, 200);
  yc_test_run_for (2200);
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/queues", token, NULL, NULL), ==, 401);
  /* An ended session stands in no one's way. */
  db_exec (f, "INSERT INTO clerk_windows (clerk, window_id) VALUES ('1002', 1)");
  g_free (login (f, "1002", 1));
}

/* Who may call what: the back office assigns and reads cases, the duty manager reads the
 * hall and the audit log and ends sessions; a clerk does none of that. */
static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *clerk = login (f, "1001", 1);
  g_autofree char *other = login (f, "1002", 2);
  g_autofree char *manager = login_person (f, "9002");
  g_autoptr(JsonNode) hall = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(JsonNode) read = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *case_path = NULL;
  const char *number;

  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/audit", clerk, NULL, NULL), ==, 403);
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/audit", office (f), NULL, NULL), ==, 403);
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/audit", manager, NULL, NULL), ==, 200);
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/hall/today", clerk, NULL, NULL), ==, 403);
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/hall/today", manager, NULL, &hall), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (hall), "windows")), ==, 5);
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/tasks", office (f), NULL, NULL), ==, 403);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/windows/1/call-next", manager, NULL, NULL), ==, 403);

  /* A case: its clerk and the back office read it (each read audited), a colleague not. */
  batch = g_strdup ("{\"records\":[{\"id\":\"8a1e2f3b-4c5d-4e6f-9b7d-6f1c2a4e4c55\",\"kind\":\"case\","
                    "\"created_at\":\"2026-12-06T09:30:00+08:00\",\"body\":{\"decision\":\"accepted\","
                    "\"package\":null,\"items\":[\"990100-SCJG-XK-0001\"],\"title\":\"营业执照遗失补领\",\"ticket\":null,"
                    "\"applicant\":{\"type\":\"person\",\"name\":\"李建国\",\"id_number\":\"410703197503081013\","
                    "\"phone\":\"13812345678\",\"address\":null},\"agent\":null,\"fields\":{},\"materials\":[],"
                    "\"accepted_on\":\"2026-12-04\",\"promised_days\":1,\"due_date\":\"2026-12-07\"}}]}");
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/records", clerk, batch, &stored), ==, 200);
  number = json_object_get_string_member (json_array_get_object_element (
             json_object_get_array_member (json_node_get_object (stored), "results"), 0), "case_number");
  g_assert_nonnull (number);
  case_path = g_strconcat ("/api/v1/cases/", number, NULL);
  g_assert_cmpuint (http (f->soup, f, "GET", case_path, clerk, NULL, NULL), ==, 200);
  g_assert_cmpuint (http (f->soup, f, "GET", case_path, other, NULL, NULL), ==, 403);
  g_assert_cmpuint (http (f->soup, f, "GET", case_path, office (f), NULL, &read), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (read), "case"),
                                                  "clerk"), ==, "1001");
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/cases/990100-20000101-9999", office (f), NULL, NULL), ==, 404);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE action = 'case.read' AND status = 200"), ==, 2);

  /* The duty manager ends a session left open. */
  g_assert_cmpuint (http (f->soup, f, "DELETE", "/api/v1/clerks/1002/session", clerk, NULL, NULL), ==, 403);
  g_assert_cmpuint (http (f->soup, f, "DELETE", "/api/v1/clerks/1002/session", manager, NULL, NULL), ==, 204);
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/queues", other, NULL, NULL), ==, 401);
  g_assert_cmpuint (http (f->soup, f, "DELETE", "/api/v1/clerks/1002/session", manager, NULL, NULL), ==, 404);
}

static const YcServerConfig quick_connections = { .max_per_address = 1000, .idle_seconds = 1, .request_seconds = 1 };

/* Idle connections close after their time, half-sent requests after theirs (408). */
static void
test_slow_connections (Fixture       *f,
                       gconstpointer  data)
{
  gboolean closed;

  /* Nothing sent. */
  {
    g_autoptr(GSocket) socket = raw_connect (f);
    g_autoptr(GString) answer = raw_read (socket, 5, &closed);

    g_assert_true (closed);
    g_assert_cmpuint (answer->len, ==, 0);
  }
  /* Half a head, the rest never comes: a slowloris. */
  {
    g_autoptr(GSocket) socket = raw_connect (f);
    g_autoptr(GString) answer = NULL;
    gint64 start = g_get_monotonic_time ();

    raw_send (socket, "GET /api/v1/health HTTP/1.1\r\nHost: 12", 38);
    yc_test_run_for (600);
    raw_send (socket, "7.0", 3);
    answer = raw_read (socket, 5, &closed);
    g_assert_cmpuint (status_of (answer), ==, 408);
    g_assert_true (closed);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
  }
  /* Refused (408), and the client neither sends more nor closes: read out briefly, then
   * let go of, so such connections cannot pile up to the server's cap. */
  {
    g_autoptr(GSocket) socket = NULL;
    g_autoptr(GString) answer = NULL;

    g_clear_object (&f->soup);
    yc_test_wait_until (yc_test_server_connections (f->server) == 0, TIMEOUT_S);
    socket = raw_connect (f);
    raw_send (socket, "GET /api/v1/health HTTP/1.1\r\nHost: 12", 38);
    answer = raw_read (socket, 5, &closed);
    g_assert_cmpuint (status_of (answer), ==, 408);
    yc_test_wait_until (yc_test_server_connections (f->server) == 0, TIMEOUT_S);
    g_assert_cmpuint (yc_test_server_connections (f->server), ==, 0);
    f->soup = soup_session_new ();
  }
  /* A request answered, then nothing: kept alive for its idle time only. */
  {
    g_autoptr(GSocket) socket = raw_connect (f);
    g_autoptr(GString) answer = NULL;
    const char *request = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    raw_send (socket, request, strlen (request));
    answer = raw_read (socket, 5, &closed);
    g_assert_cmpuint (status_of (answer), ==, 200);
    g_assert_true (closed);
  }
  assert_alive (f);
}

static const YcServerConfig few_connections = { .max_per_address = 4 };

/* One address holds a few connections at most: the next is told so, and closed. */
static void
test_connection_cap (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocket) extra = NULL;
  g_autoptr(GString) answer = NULL;
  gboolean closed;

  /* The fixture's own session has one already, maybe: the cap counts it too. */
  g_clear_object (&f->soup);
  yc_test_wait_until (yc_test_server_connections (f->server) == 0, TIMEOUT_S);
  for (guint i = 0; i < 4; i++)
    g_ptr_array_add (held, raw_connect (f));
  yc_test_wait_until (yc_test_server_connections (f->server) == 4, TIMEOUT_S);
  extra = raw_connect (f);
  answer = raw_read (extra, 5, &closed);
  g_assert_cmpuint (status_of (answer), ==, 503);
  g_assert_true (closed);
  /* Its client holds on to it, sending nothing: the server lets go all the same. */
  yc_test_wait_until (yc_test_server_connections (f->server) == 4, TIMEOUT_S);
  g_assert_cmpuint (yc_test_server_connections (f->server), ==, 4);

  /* One goes, another may come. */
  g_ptr_array_remove_index (held, 0);
  yc_test_wait_until (yc_test_server_connections (f->server) == 3, TIMEOUT_S);
  f->soup = soup_session_new ();
  assert_alive (f);
}

/* A failure inside the server is a 500 "internal": what failed (a statement, a table)
 * goes to the server's log, never to the caller. */
static void
test_internal_error (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *token = login (f, "1001", 1);
  g_autoptr(JsonNode) answer = NULL;
  const char *message;

  db_exec (f, "ALTER TABLE services RENAME TO services_gone");
  g_test_expect_message ("Yichuang-Server", G_LOG_LEVEL_WARNING, "Request failed: *services*");
  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/queues", token, NULL, &answer), ==, 500);
  g_test_assert_expected_messages ();
  g_assert_cmpstr (error_code (answer), ==, "internal");
  message = json_object_get_string_member (json_object_get_object_member (json_node_get_object (answer), "error"),
                                           "message");
  g_assert_null (strstr (message, "services"));
  g_assert_null (strstr (message, "SELECT"));
}

/* A WebSocket is opened by a desk (no Origin) or by the server's own page, never by a
 * page of another site in a browser of the hall. */
static void
test_websocket_origin (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *own = g_strdup (yc_server_thread_get_url (f->server));
  g_autofree char *token = login (f, "1001", 1);
  const char *paths[] = { "/api/v1/display/events?zone=", "/api/v1/events" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *url = g_strconcat (own, paths[i], NULL);
      const char *origins[] = { NULL, own, "http://evil.example", "null" };
      const guint statuses[] = { 101, 101, 403, 403 };

      for (guint o = 0; o < G_N_ELEMENTS (origins); o++)
        {
          g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
          g_autoptr(GAsyncResult) result = NULL;
          g_autoptr(SoupWebsocketConnection) conn = NULL;
          g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

          soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
          soup_session_websocket_connect_async (f->soup, msg, origins[o], NULL, G_PRIORITY_DEFAULT, NULL,
                                                yc_test_result_cb, &result);
          yc_test_wait_until (result != NULL, TIMEOUT_S);
          conn = soup_session_websocket_connect_finish (f->soup, result, NULL);
          g_test_message ("%s from %s: %u", paths[i], origins[o], soup_message_get_status (msg));
          g_assert_cmpuint (soup_message_get_status (msg), ==, statuses[o]);
          if (conn != NULL)
            soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
        }
    }
}

/* The audit log: who did what, when and from where; a person's number masked; read by a
 * duty manager page by page; never changed. */
/* Whether sql, run on the server's database from outside, is refused for why. */
static gboolean
db_refused (Fixture      *f,
            const char   *sql,
            YcSqlFailure  why)
{
  YcSqlFailure failure = YC_SQL_FAILED;

  return !yc_test_sql_exec (f->db_path, sql, &failure) && failure == why;
}

static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *manager = login_person (f, "9002");
  g_autofree char *clerk = login (f, "1001", 1);
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) next = NULL;
  JsonArray *entries;
  JsonObject *newest;
  g_autofree char *next_path = NULL;

  office (f);
  http (f->soup, f, "POST", "/api/v1/sessions", NULL, "{\"clerk\":\"1002\",\"pin\":\"999999\",\"window\":2}", NULL);
  take_ticket (f, "B", NULL);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/windows/1/call-next", clerk, NULL, NULL), ==, 200);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/lookup", clerk, "{\"id_number\":\"410703197503081013\"}", NULL),
                    ==, 200);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/tasks", office (f),
                          "{\"kind\":\"hotline\",\"title\":\"12345 工单\",\"clerk\":\"1001\"}", NULL), ==, 201);
  g_assert_cmpuint (http (f->soup, f, "DELETE", "/api/v1/sessions/current", clerk, NULL, NULL), ==, 204);

  g_assert_cmpuint (http (f->soup, f, "GET", "/api/v1/audit?limit=3", manager, NULL, &page), ==, 200);
  entries = json_object_get_array_member (json_node_get_object (page), "entries");
  g_assert_cmpuint (json_array_get_length (entries), ==, 3);
  newest = json_array_get_object_element (entries, 0);
  g_assert_cmpstr (json_object_get_string_member (newest, "action"), ==, "logout");
  g_assert_cmpstr (json_object_get_string_member (newest, "actor"), ==, "1001");
  g_assert_cmpstr (json_object_get_string_member (newest, "role"), ==, "clerk");
  g_assert_cmpstr (json_object_get_string_member (newest, "address"), ==, "127.0.0.1");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 1), "action"), ==,
                   "task.assign");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 2), "action"), ==, "lookup");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 2), "subject"), ==,
                   "4107**********1013");
  next_path = g_strdup_printf ("/api/v1/audit?limit=3&before=%" G_GINT64_FORMAT,
                               json_object_get_int_member (json_node_get_object (page), "next_before"));
  g_assert_cmpuint (http (f->soup, f, "GET", next_path, manager, NULL, &next), ==, 200);
  entries = json_object_get_array_member (json_node_get_object (next), "entries");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 0), "action"), ==,
                   "login.failed");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 0), "actor"), ==, "1002");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 1), "action"), ==, "login");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 1), "actor"), ==, "9001");

  /* Never a whole number, anywhere in the log. */
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE coalesce (subject, '') || coalesce (detail, '')"
                                " LIKE '%410703197503081013%'"), ==, 0);
  /* Append-only: a change is refused by the database itself. */
  g_assert_true (db_refused (f, "UPDATE audit SET actor = 'someone'", YC_SQL_CONSTRAINT));
  g_assert_true (db_refused (f, "DELETE FROM audit", YC_SQL_CONSTRAINT));
}

/* Whether sql, run on the server's database from outside as an administrator would,
 * is refused. */
static gboolean
db_refuses (Fixture    *f,
            const char *sql)
{
  return !yc_test_sql_exec (f->db_path, sql, NULL);
}

/* INSERT OR REPLACE deletes the row it replaces without the delete trigger (SQLite fires
 * it only with recursive triggers on): an entry in the log may not be written over so,
 * nor by an id below the first. A database from before gets the guard as it opens. */
static void
test_audit_no_replace (Fixture       *f,
                       gconstpointer  data)
{
  if (yc_test_sqlite_only ("its INSERT OR REPLACE, and an older SQLite database"))
    return;

  const char *replace = "INSERT OR REPLACE INTO audit (id, at, actor, action, status)"
                        " SELECT min (id), at, 'forged', action, status FROM audit";
  guint port = yc_test_server_port (f->server);

  office (f);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE action = 'login' AND actor = '9001'"), ==, 1);
  g_assert_true (db_refuses (f, replace));
  g_assert_true (db_refuses (f, "INSERT INTO audit (id, at, action, status) VALUES (0, 'x', 'login', 200)"));
  g_assert_true (db_refuses (f, "INSERT INTO audit (id, at, action, status) VALUES (-1, 'x', 'login', 200)"));
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE actor = 'forged' OR id < 1"), ==, 0);

  /* Without the guard, as the server before made the table. */
  g_clear_pointer (&f->server, yc_server_thread_stop);
  db_exec (f, "DROP TRIGGER audit_no_replace; DROP TRIGGER audit_ids_positive; PRAGMA user_version = 1;");
  g_assert_false (db_refuses (f, "SAVEPOINT s; INSERT OR REPLACE INTO audit (id, at, action, status)"
                                 " SELECT min (id), at, action, status FROM audit; ROLLBACK TO s; RELEASE s;"));
  {
    YcServerOptions options = { .db_path = f->db_path, .demo_data = TRUE, .port = port };
    g_autoptr(GError) error = NULL;

    f->server = yc_server_thread_start (&options, &error);
    g_assert_no_error (error);
  }
  g_assert_true (db_refuses (f, replace));
  /* The server itself still writes it. */
  g_clear_pointer (&f->office, g_free);
  office (f);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE action = 'login' AND actor = '9001'"), ==, 2);
}

/* 免填写 is for the citizen at the window only. */
static void
test_lookup_needs_citizen (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *token = login (f, "1001", 1);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) called = NULL;

  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/lookup", token, "{\"id_number\":\"410703197503081013\"}", &answer),
                    ==, 409);
  g_assert_cmpstr (error_code (answer), ==, "no_citizen");
  /* Called: the citizen is at the window (a parked one is not: test_lookup_not_parked). */
  take_ticket (f, "A", NULL);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/windows/1/call-next", token, NULL, &called), ==, 200);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/lookup", token, "{\"credit_code\":\"91990100MA9K3YF2X7\"}", NULL),
                    ==, 200);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE action = 'lookup' AND status = 409"), ==, 1);
  /* Refused before its handler (a device's token, a missing body): on the record too. */
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/lookup", f->kiosk, "{\"id_number\":\"410703197503081013\"}", NULL),
                    ==, 403);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/lookup", token, NULL, NULL), ==, 400);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE action = 'lookup' AND status = 403"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE action = 'lookup' AND status = 400"
                                " AND actor = '1001'"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE action = 'lookup' AND status = 200"
                                " AND detail = 'ticket A001'"), ==, 1);
}

/* A parked citizen has left the window (to fetch a paper): the clerk looks nobody up
 * until they are called back, and the audit line names the ticket called. */
static void
test_lookup_not_parked (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *token = login (f, "1001", 1);
  g_autoptr(JsonNode) called = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *park = NULL;
  g_autofree char *call_back = NULL;

  take_ticket (f, "A", NULL);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/windows/1/call-next", token, NULL, &called), ==, 200);
  park = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/park",
                          json_object_get_int_member (json_node_get_object (called), "id"));
  call_back = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/call-back",
                               json_object_get_int_member (json_node_get_object (called), "id"));
  g_assert_cmpuint (http (f->soup, f, "POST", park, token, NULL, NULL), ==, 200);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/lookup", token, "{\"id_number\":\"410703197503081013\"}", &answer),
                    ==, 409);
  g_assert_cmpstr (error_code (answer), ==, "no_citizen");
  g_assert_cmpuint (http (f->soup, f, "POST", call_back, token, NULL, NULL), ==, 200);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/lookup", token, "{\"id_number\":\"410703197503081013\"}", NULL),
                    ==, 200);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE action = 'lookup' AND status = 200"
                                " AND detail = 'ticket A001'"), ==, 1);
}

static char *
sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* applicant_key is keyed with the database's own secret: an unsalted hash of a number
 * finds nothing in a copy of the tables. A database from before is keyed again. */
static void
test_applicant_key (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *plain = sha256_hex ("id:410703197503081013");
  g_autofree char *old_style = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint port = yc_test_server_port (f->server);

  g_assert_cmpint (db_count (f, "SELECT count(*) FROM licences"), >, 0);
  old_style = g_strdup_printf ("SELECT count(*) FROM licences WHERE key = '%s'", plain);
  g_assert_cmpint (db_count (f, old_style), ==, 0);

  /* The database as the server before kept it: no secret, plain hashes. */
  g_clear_pointer (&f->server, yc_server_thread_stop);
  {
    g_autofree char *sql = g_strdup_printf ("DELETE FROM meta WHERE key = 'applicant.secret';"
                                            "UPDATE licences SET key = '%s'"
                                            " WHERE json_extract (body, '$.id_number') = '410703197503081013';", plain);
    db_exec (f, sql);
  }
  g_assert_cmpint (db_count (f, old_style), ==, 1);
  {
    YcServerOptions options = { .db_path = f->db_path, .demo_data = TRUE, .port = port };
    g_autoptr(GError) error = NULL;

    f->server = yc_server_thread_start (&options, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (db_count (f, old_style), ==, 0);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM meta WHERE key = 'applicant.secret' AND length (value) = 64"), ==, 1);
  token = login (f, "1001", 1);
  take_ticket (f, "A", NULL);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/windows/1/call-next", token, NULL, NULL), ==, 200);
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/lookup", token, "{\"id_number\":\"410703197503081013\"}", &answer),
                    ==, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (answer), "found"));
}

typedef struct
{
  const char *path;
  YcServerDb *db;
  GError     *error;
} Opening;

static gpointer
open_db_thread (gpointer data)
{
  Opening *opening = data;

  opening->db = yc_server_db_open (opening->path, &opening->error);
  return NULL;
}

/* Two servers open a database that has no applicant secret yet: the one that finds
 * none, and then finds the other made it meanwhile, keys with that one instead of
 * failing to open. */
static void
test_applicant_secret_race (void)
{
  if (yc_test_sqlite_only ("two SQLite connections racing on a file"))
    return;

  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *count = NULL;
  Opening opening = { 0 };
  GThread *thread;
  sqlite3 *other = NULL;

  yc_server_db_free (storage_open (NULL, &dir, &path));
  opening.path = path;

  /* The other server is making the secret: written, not yet committed. */
  theirs = g_strnfill (64, 'a');
  g_assert_cmpint (sqlite3_open_v2 (path, &other, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "DELETE FROM meta WHERE key = 'applicant.secret'", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE;"
                                        "INSERT INTO meta (key, value) VALUES ('applicant.secret', printf ('%.64c', 'a'));",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  thread = g_thread_new ("opening", open_db_thread, &opening);
  /* Long enough for this one to read no secret and wait for the other's transaction. */
  g_usleep (500 * 1000);
  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  g_thread_join (thread);

  g_assert_no_error (opening.error);
  g_assert_nonnull (opening.db);
  yc_server_db_free (opening.db);
  count = g_strdup_printf ("SELECT count(*) FROM meta WHERE key = 'applicant.secret' AND value = '%s'", theirs);
  g_assert_cmpint (yc_test_sql_count (path, count), ==, 1);
  yc_test_remove_tree (dir);
}

/* A fifth wrong PIN whose lock-out cannot be written is a storage failure, never "locked"
 * for a clerk who is not: nothing of it is kept, and the next wrong PIN locks. */
static void
test_pin_lockout_unwritten (void)
{
  if (yc_test_sqlite_only ("an SQLite trigger stands in for a full disk"))
    return;

  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  YcServerDb *db = storage_open ("{\"hall\": {\"name\": \"H\"}, \"services\": [{\"letter\": \"A\", \"name\": \"A\"}],"
                                 " \"windows\": [{\"id\": 1, \"name\": \"1\", \"services\": [\"A\"]}],"
                                 " \"clerks\": [{\"id\": \"1001\", \"name\": \"C\", \"pin\": \"123456\", \"window\": 1}]}",
                                 &dir, &path);
  sqlite3 *raw = NULL;

  /* The disk refuses the lock-out, as a full one would. */
  g_assert_cmpint (sqlite3_open_v2 (path, &raw, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "CREATE TRIGGER no_lock BEFORE UPDATE OF locked_until ON clerks BEGIN"
                                      "  SELECT RAISE (ABORT, 'no room'); END;", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 1; i <= 5; i++)
    {
      g_autoptr(YcServerLogin) login = yc_server_db_login_begin (db, "1001", &error);
      g_autofree char *hash = NULL;
      g_autoptr(JsonNode) answer = NULL;

      g_assert_no_error (error);
      hash = yc_server_hash_pin (login->salt, "000000");
      answer = yc_server_db_login_finish (db, login, hash, 1, NULL, &error);
      g_assert_null (answer);
      if (i < 5)
        g_assert_error (error, YC_ERROR, YC_ERROR_INVALID_CREDENTIALS);
      else
        g_assert_error (error, YC_ERROR, YC_ERROR_STORAGE);
      g_clear_error (&error);
    }
  g_assert_cmpint (yc_test_sql_count (path, "SELECT failed_pins FROM clerks WHERE id = '1001' AND locked_until = 0"), ==, 4);

  /* Once it can be written, the fifth locks. */
  g_assert_cmpint (sqlite3_exec (raw, "DROP TRIGGER no_lock", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
  {
    g_autoptr(YcServerLogin) login = yc_server_db_login_begin (db, "1001", &error);
    g_autofree char *hash = yc_server_hash_pin (login->salt, "000000");

    g_assert_null (yc_server_db_login_finish (db, login, hash, 1, NULL, &error));
    g_assert_error (error, YC_ERROR, YC_ERROR_LOCKED);
    g_assert_true (login->locked_out);
    g_clear_error (&error);
  }
  /* Locked by another attempt while this one's PIN was hashed: refused as locked, but
   * not this attempt's lock-out (the audit log tells the two apart). */
  g_assert_true (yc_test_sql_exec (path, "UPDATE clerks SET locked_until = 0", NULL));
  {
    g_autoptr(YcServerLogin) login = yc_server_db_login_begin (db, "1001", &error);
    g_autofree char *hash = yc_server_hash_pin (login->salt, "123456");

    g_assert_true (yc_test_sql_exec (path, "UPDATE clerks SET locked_until = strftime ('%s', 'now') + 900", NULL));
    g_assert_null (yc_server_db_login_finish (db, login, hash, 1, NULL, &error));
    g_assert_error (error, YC_ERROR, YC_ERROR_LOCKED);
    g_assert_false (login->locked_out);
  }
  yc_server_db_free (db);
  yc_test_remove_tree (dir);
}

/* yichuang-server --add-device: the token is the only line it prints; the device works. */
static void
test_add_device_command (Fixture       *f,
                         gconstpointer  data)
{
  const char *binary = g_getenv ("YICHUANG_SERVER_BIN");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *token = NULL;
  int status;
  const char *bad[][4] = {
    { "--role", "printer", NULL, NULL },
    { "--role", "rating-pad", NULL, NULL },
    { "--role", "rating-pad", "--window", "42" },
    /* Limits out of range, before anything is done. */
    { "--role", "kiosk", "--session-idle", "0" },
    { "--role", "kiosk", "--session-idle", "71582789" },   /* × 60 s wrapped to 44 s */
    { "--role", "kiosk", "--max-per-address", "0" },
  };

  g_assert_nonnull (binary);
  {
    const char *argv[] = { binary, "--db", f->db_path, "--add-device", "取号机-2", "--role", "kiosk", NULL };
    g_autoptr(GError) error = NULL;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_assert_true (g_str_has_suffix (out, "\n"));
  token = g_strndup (out, strlen (out) - 1);
  g_assert_cmpuint (strlen (token), ==, 64);
  g_assert_null (strchr (token, '\n'));
  g_assert_cmpuint (http (f->soup, f, "POST", "/api/v1/tickets", token, "{\"service\":\"A\"}", NULL), ==, 201);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM audit WHERE action = 'device.add' AND subject = '取号机-2'"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM devices WHERE token_hash = lower (token_hash)"
                                " AND length (token_hash) = 64"), >=, 1);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *argv[] = { binary, "--db", f->db_path, "--add-device", "x", bad[i][0], bad[i][1], bad[i][2], bad[i][3],
                             NULL };
      g_autofree char *bad_out = NULL;
      g_autofree char *bad_err = NULL;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &bad_out, &bad_err, &status,
                                   NULL));
      g_assert_false (g_spawn_check_wait_status (status, NULL));
      g_assert_cmpstr (bad_out, ==, "");
      g_assert_true (g_str_has_prefix (bad_err, "yichuang-server: "));
    }
}

/* HTTPS: the server serves with a certificate of a throw-away CA; a client that trusts
 * that CA talks to it, one that does not refuses, and plain HTTP gets nothing. */
static void
test_tls (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-tls-XXXXXX", &error);
  g_autofree char *db_path = yc_test_db_new (dir, "server.db");
  g_autofree char *ca = NULL, *cert = NULL, *key = NULL;
  YcServerOptions options = { .db_path = db_path, .demo_data = TRUE };
  g_autoptr(YcServerThread) server = NULL;
  g_autoptr(GTlsDatabase) trusted = NULL;
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autoptr(SoupSession) stranger = soup_session_new ();
  g_autofree char *url = NULL;
  g_autofree char *plain = NULL;

  if (!yc_test_make_certificates (dir, &ca, &cert, &key))
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  options.config.tls_cert = cert;
  options.config.tls_key = key;
  server = yc_server_thread_start (&options, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (yc_server_thread_get_url (server), "https://127.0.0.1:"));

  trusted = g_tls_file_database_new (ca, &error);
  g_assert_no_error (error);
  g_object_set (soup, "tls-database", trusted, NULL);
  url = g_strconcat (yc_server_thread_get_url (server), "/api/v1/health", NULL);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) bytes = soup_session_send_and_read (soup, msg, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    }
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GBytes) bytes = soup_session_send_and_read (stranger, msg, NULL, &error);

    g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
    g_clear_error (&error);
  }
  plain = g_strconcat ("http://", yc_server_thread_get_url (server) + strlen ("https://"), "/api/v1/health", NULL);
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", plain);
    g_autoptr(GBytes) bytes = soup_session_send_and_read (stranger, msg, NULL, NULL);

    g_assert_cmpuint (soup_message_get_status (msg), !=, 200);
  }
  g_clear_pointer (&server, yc_server_thread_stop);
  yc_test_remove_tree (dir);
}

/* The training's control: a body within 1 KiB, a pace a number from 0.5 to 10 and a
 * paused true or false, nothing else; another window's judgement is a duty manager's to
 * read, the back office's none. */
static void
test_training_control (void)
{
  static const char *const bad[] = {
    "{\"pace\":0}", "{\"pace\":100}", "{\"pace\":0.49}", "{\"pace\":10.01}", "{\"pace\":\"2\"}",
    "{\"pace\":null}", "{\"pace\":NaN}", "{\"pace\":1e999}", "{\"pace\":[2]}", "{\"paused\":\"yes\"}",
    "{\"paused\":1}", "{}", "[]", "{\"pace\":2",
  };
  g_autofree char *path = g_build_filename (TEST_SCENARIOS, "quiet.json", NULL);
  YcServerOptions options = { .demo_data = TRUE, .simulate = TRUE, .simulate_by_step = TRUE,
                              .reserved_windows = { 1 }, .scenario = path, .pace = 2, .trainee_controls = TRUE };
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) large = g_string_new ("{\"pace\":2,\"note\":\"");
  g_autofree char *token = NULL;
  g_autofree char *office_token = NULL;

  f.dir = g_dir_make_tmp ("yc-security-XXXXXX", &error);
  g_assert_no_error (error);
  f.db_path = yc_test_db_new (f.dir, "server.db");
  options.db_path = f.db_path;
  f.server = yc_server_thread_start (&options, &error);
  g_assert_no_error (error);
  f.soup = soup_session_new ();
  token = login (&f, "1001", 1);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) answer = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_cmpuint (http (f.soup, &f, "POST", "/api/v1/training", token, bad[i], &answer), ==, 400);
      g_assert_cmpstr (error_code (answer), ==, "bad_request");
    }
  g_assert_cmpuint (http (f.soup, &f, "POST", "/api/v1/training", token, "{\"pace\":2.5}", NULL), ==, 200);

  while (large->len < 2048)
    g_string_append_c (large, 'x');
  g_string_append (large, "\"}");
  g_assert_cmpuint (http (f.soup, &f, "POST", "/api/v1/training", token, large->str, NULL), ==, 413);

  g_assert_cmpuint (http (f.soup, &f, "GET", "/api/v1/training?window=1", token, NULL, NULL), ==, 403);
  g_assert_cmpuint (http (f.soup, &f, "GET", "/api/v1/training?window=2", token, NULL, NULL), ==, 403);
  g_assert_cmpuint (http (f.soup, &f, "GET", "/api/v1/training", token, NULL, NULL), ==, 200);
  office_token = login_person (&f, "9001");
  g_assert_cmpuint (http (f.soup, &f, "GET", "/api/v1/training", office_token, NULL, NULL), ==, 403);
  g_assert_cmpuint (http (f.soup, &f, "POST", "/api/v1/training", office_token, "{\"pace\":2}", NULL), ==, 403);
  g_assert_cmpuint (http (f.soup, &f, "GET", "/api/v1/training", NULL, NULL, NULL), ==, 401);
  fixture_teardown (&f, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, config) g_test_add (path, Fixture, config, fixture_setup, func, fixture_teardown)
  ADD ("/security/deep-nesting", test_deep_nesting, NULL);
  ADD ("/security/body-limit", test_body_limit, NULL);
  ADD ("/security/framing", test_framing, NULL);
  ADD ("/security/strict-json", test_strict_json, NULL);
  ADD ("/security/record-id-case", test_record_id_case, NULL);
  ADD ("/security/unknown-routes", test_unknown_routes, NULL);
  ADD ("/security/keep-alive", test_keep_alive, NULL);
  ADD ("/security/devices", test_devices, NULL);
  ADD ("/security/pin-lockout", test_pin_lockout, NULL);
  ADD ("/security/login-rate-limit", test_login_rate_limit, &few_logins);
  ADD ("/security/forwarded-for", test_forwarded_for, &behind_proxy);
  ADD ("/security/forwarded-for-untrusted", test_forwarded_for_untrusted, &few_logins);
  ADD ("/security/sessions-and-windows", test_sessions_and_windows, NULL);
  ADD ("/security/logout", test_logout, NULL);
  ADD ("/security/token-halls", test_token_halls, NULL);
  ADD ("/security/session-idle", test_session_idle, &short_sessions);
  ADD ("/security/roles", test_roles, NULL);
  ADD ("/security/slow-connections", test_slow_connections, &quick_connections);
  ADD ("/security/connection-cap", test_connection_cap, &few_connections);
  ADD ("/security/internal-error", test_internal_error, NULL);
  ADD ("/security/websocket-origin", test_websocket_origin, NULL);
  ADD ("/security/audit", test_audit, NULL);
  ADD ("/security/audit-no-replace", test_audit_no_replace, NULL);
  ADD ("/security/lookup-needs-citizen", test_lookup_needs_citizen, NULL);
  ADD ("/security/lookup-not-parked", test_lookup_not_parked, NULL);
  ADD ("/security/applicant-key", test_applicant_key, NULL);
  ADD ("/security/add-device-command", test_add_device_command, NULL);
  g_test_add_func ("/security/applicant-secret-race", test_applicant_secret_race);
  g_test_add_func ("/security/pin-lockout-unwritten", test_pin_lockout_unwritten);
  g_test_add_func ("/security/tls", test_tls);
  g_test_add_func ("/security/training-control", test_training_control);

  return g_test_run ();
}
