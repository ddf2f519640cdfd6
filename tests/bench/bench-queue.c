/* bench-queue.c: the reference server on loopback: kiosk tickets, call-next and record
 * pushes, timed over real HTTP. Prints its figures as one JSON object. */
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "core/yc-record.h"
#include "core/yc-wire.h"
#include "server/yc-server-thread.h"
#include "../test-util.h"
#include "../test-server-util.h"

#define N_TICKETS 1000
#define N_BATCHES 40
#define BATCH     50

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
percentile (GArray *samples,
            double  p)
{
  guint index;

  g_array_sort (samples, compare_doubles);
  index = (guint) (p * (samples->len - 1) + 0.5);
  return g_array_index (samples, double, index);
}

int
main (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-bench-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  YcServerOptions options = { .db_path = db, .demo_data = TRUE };
  YcServerThread *server;
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autoptr(JsonNode) session = NULL;
  g_autoptr(GArray) kiosk = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pushes = g_array_new (FALSE, FALSE, sizeof (double));
  const char *base;
  const char *token;
  g_autofree char *kiosk_token = NULL;
  gint64 start, kiosk_total, calls_total;

  server = yc_server_thread_start (&options, &error);
  g_assert_no_error (error);
  base = yc_server_thread_get_url (server);
  kiosk_token = yc_test_add_device (server, "bench kiosk", "kiosk", 0, NULL);

  g_assert_cmpuint (yc_test_http (soup, base, "POST", "/api/v1/sessions", NULL,
                          "{\"clerk\":\"1001\",\"pin\":\"123456\",\"window\":1}", &session), ==, 201);
  token = json_object_get_string_member (json_node_get_object (session), "token");

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_TICKETS; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double ms;
      g_assert_cmpuint (yc_test_http (soup, base, "POST", "/api/v1/tickets", kiosk_token, i % 3 ? "{\"service\":\"A\"}" : "{\"service\":\"B\"}", NULL), ==, 201);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (kiosk, ms);
    }
  kiosk_total = g_get_monotonic_time () - start;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_TICKETS; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double ms;
      g_assert_cmpuint (yc_test_http (soup, base, "POST", "/api/v1/windows/1/call-next", token, NULL, NULL), ==, 200);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (calls, ms);
    }
  calls_total = g_get_monotonic_time () - start;

  for (guint b = 0; b < N_BATCHES; b++)
    {
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(JsonNode) body = json_from_string ("{\"ticket_id\":0,\"note\":\"benchmark\"}", NULL);
      g_autoptr(JsonNode) batch = NULL;
      g_autofree char *text = NULL;
      gint64 t0;
      double ms;

      for (guint i = 0; i < BATCH; i++)
        g_ptr_array_add (records, yc_record_new ("note", body));
      batch = yc_wire_records_to_json (records);
      text = yc_wire_to_string (batch);
      t0 = g_get_monotonic_time ();
      g_assert_cmpuint (yc_test_http (soup, base, "POST", "/api/v1/records", token, text, NULL), ==, 200);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (pushes, ms);
    }

  printf ("{\"benchmark\":\"queue\",\"tickets\":%d,"
          "\"kiosk_ms\":{\"p50\":%.3f,\"p99\":%.3f},\"kiosk_per_s\":%.0f,"
          "\"call_next_ms\":{\"p50\":%.3f,\"p99\":%.3f},\"call_next_per_s\":%.0f,"
          "\"records_batch\":%d,\"records_push_ms\":{\"p50\":%.3f,\"p99\":%.3f},\"records_per_s\":%.0f}\n",
          N_TICKETS,
          percentile (kiosk, 0.5), percentile (kiosk, 0.99), N_TICKETS / (kiosk_total / 1e6),
          percentile (calls, 0.5), percentile (calls, 0.99), N_TICKETS / (calls_total / 1e6),
          BATCH, percentile (pushes, 0.5), percentile (pushes, 0.99),
          BATCH / (percentile (pushes, 0.5) / 1000.0));

  yc_server_thread_stop (server);
  yc_test_remove_tree (dir);
  return 0;
}
