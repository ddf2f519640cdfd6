/* bench-guard.c: the reference server under attack on loopback, with its default limits.
 *
 * 50 windows (each its own desk, from its own loopback address) call and finish at a
 * brisk pace: first alone, then while 1,000 slowloris connections (from 20 addresses,
 * 50 each, under the cap per address) dribble half a request head each, reconnecting as
 * soon as the server drops them, and a guesser tries 100 PINs a second at window 1's
 * clerk; last, 100 log-ins a second from 250 addresses, each at a number of its own, so
 * that every one of them is hashed (no lock-out, no address slowed down). Prints
 * call-next p50/p99 in each phase, how often the slowloris connections were dropped and
 * how the guesses were answered. Figures, no assertions on time. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>

#include "bench-http.h"
#include "bench-util.h"
#include "core/yc-error.h"
#include "core/yc-role.h"
#include "core/yc-wire.h"
#include "server/yc-server-thread.h"
#include "../test-util.h"
#include "../test-server-util.h"

#define N_WINDOWS      50
#define N_SLOWLORIS    1000
#define PER_ADDRESS    50
#define GUESSES_PER_S  100
#define N_TICKETS      9000
#define CALL_PAUSE_MS  400
#define BASELINE_S     10
#define WARM_UP_S      12
#define ATTACK_S       12
#define HASHING_S      10
#define SPREAD_ADDRESSES 250

typedef struct
{
  guint16     port;
  GPtrArray  *tokens;       /* by window − 1 */
  gint        measuring;    /* 1 while call-next latencies are kept */
  gint        running;      /* windows call while set */
  gint        attacking;    /* slowloris and guesser run while set */
  gint        spread;       /* the guesser tries many numbers from many addresses */
  GMutex      lock;
  GArray     *call_ms;      /* under lock */
  guint       dropped;      /* slowloris connections the server closed, atomic */
  guint       open_max;     /* slowloris connections open at once, at most */
  guint       guesses;      /* made, atomic */
  guint       refused;      /* wrong PIN (401) */
  guint       locked;       /* the number locked (429 locked) */
  guint       limited;      /* the address slowed down (429 rate_limited) */
  guint       turned_away;  /* over the address's connections, or reset */
} Bench;

static char *
window_address (guint window)
{
  return g_strdup_printf ("127.0.1.%u", window);
}

static gpointer
window_thread (gpointer data)
{
  Bench *bench = ((gpointer *) data)[0];
  guint window = GPOINTER_TO_UINT (((gpointer *) data)[1]);
  const char *token = g_ptr_array_index (bench->tokens, window - 1);
  g_autofree char *from = window_address (window);
  g_autofree char *call = g_strdup_printf ("/api/v1/windows/%u/call-next", window);
  BenchConn conn;

  bench_conn_open (&conn, bench->port, from);
  g_usleep (g_random_int_range (0, CALL_PAUSE_MS) * 1000);
  while (g_atomic_int_get (&bench->running))
    {
      g_autofree char *answer = NULL;
      gint64 t0 = g_get_monotonic_time ();
      guint status = bench_conn_request (&conn, "POST", call, token, NULL, &answer);
      double ms = (g_get_monotonic_time () - t0) / 1000.0;

      if (status == 200)
        {
          g_autoptr(JsonNode) ticket = yc_wire_parse_object (answer, strlen (answer), YC_ERROR_PROTOCOL, NULL);
          g_autofree char *finish = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/finish",
                                                     json_object_get_int_member (json_node_get_object (ticket), "id"));

          if (g_atomic_int_get (&bench->measuring))
            {
              g_mutex_lock (&bench->lock);
              g_array_append_val (bench->call_ms, ms);
              g_mutex_unlock (&bench->lock);
            }
          g_assert_cmpuint (bench_conn_request (&conn, "POST", finish, token, NULL, NULL), ==, 200);
        }
      else
        g_assert_cmpuint (status, ==, 204);
      g_usleep (CALL_PAUSE_MS * 1000);
    }
  bench_conn_close (&conn);
  g_free (data);
  return NULL;
}

/* A connection that never finishes its request head. */
static int
slow_open (guint16 port,
           guint   i)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (port),
                                 .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  struct sockaddr_in local = { .sin_family = AF_INET };
  g_autofree char *from = g_strdup_printf ("127.0.0.%u", 2 + i / PER_ADDRESS);
  const char *head = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  inet_pton (AF_INET, from, &local.sin_addr);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &local, sizeof local), ==, 0);
  if (connect (fd, (struct sockaddr *) &address, sizeof address) != 0 ||
      send (fd, head, strlen (head), MSG_NOSIGNAL) < 0)
    {
      close (fd);
      return -1;
    }
  fcntl (fd, F_SETFL, O_NONBLOCK);
  return fd;
}

static gpointer
slowloris_thread (gpointer data)
{
  Bench *bench = data;
  g_autofree struct pollfd *fds = g_new0 (struct pollfd, N_SLOWLORIS);
  gint64 next_byte = 0;

  for (guint i = 0; i < N_SLOWLORIS; i++)
    {
      fds[i].fd = slow_open (bench->port, i);
      fds[i].events = POLLIN;
    }
  while (g_atomic_int_get (&bench->attacking))
    {
      gint64 now = g_get_monotonic_time ();
      guint open = 0;

      poll (fds, N_SLOWLORIS, 100);
      for (guint i = 0; i < N_SLOWLORIS; i++)
        {
          char buffer[512];

          /* Dropped by the server (or refused at the door): straight back. */
          if (fds[i].fd < 0 || ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) &&
                                recv (fds[i].fd, buffer, sizeof buffer, 0) <= 0))
            {
              if (fds[i].fd >= 0)
                {
                  close (fds[i].fd);
                  g_atomic_int_inc (&bench->dropped);
                }
              fds[i].fd = slow_open (bench->port, i);
            }
          open += fds[i].fd >= 0;
        }
      bench->open_max = MAX (bench->open_max, open);
      /* A header line every two seconds, never the end of the head. */
      if (now >= next_byte)
        {
          for (guint i = 0; i < N_SLOWLORIS; i++)
            if (fds[i].fd >= 0)
              send (fds[i].fd, "X-Slow: 1\r\n", 11, MSG_NOSIGNAL);
          next_byte = now + 2 * G_USEC_PER_SEC;
        }
    }
  for (guint i = 0; i < N_SLOWLORIS; i++)
    if (fds[i].fd >= 0)
      close (fds[i].fd);
  return NULL;
}

/* PIN guesses at window 1's clerk, 100 a second; a refused one may close its connection,
 * so each has its own. */
static gpointer
guesser_thread (gpointer data)
{
  Bench *bench = data;
  gint64 next = g_get_monotonic_time ();
  guint pin = 0;

  while (g_atomic_int_get (&bench->attacking))
    {
      gboolean spread = g_atomic_int_get (&bench->spread);
      g_autofree char *body = spread ? g_strdup_printf ("{\"clerk\":\"x%u\",\"pin\":\"000000\",\"window\":1}", pin)
                                     : g_strdup_printf ("{\"clerk\":\"c1\",\"pin\":\"%06u\",\"window\":1}", pin % 1000000);
      g_autofree char *from = g_strdup_printf ("127.0.2.%u", 1 + pin % SPREAD_ADDRESSES);
      g_autofree char *answer = NULL;
      BenchConn conn;
      guint status;

      pin++;
      bench_conn_open (&conn, bench->port, spread ? from : NULL);
      status = bench_conn_send (&conn, "POST", "/api/v1/sessions", NULL, body, &answer, TRUE);
      bench_conn_close (&conn);
      g_atomic_int_inc (&bench->guesses);
      if (status == 0 || status == 503)
        g_atomic_int_inc (&bench->turned_away);
      else if (status == 401)
        g_atomic_int_inc (&bench->refused);
      else if (status == 429 && strstr (answer, "\"locked\""))
        g_atomic_int_inc (&bench->locked);
      else if (status == 429 && strstr (answer, "\"rate_limited\""))
        g_atomic_int_inc (&bench->limited);
      next += G_USEC_PER_SEC / GUESSES_PER_S;
      if (next > g_get_monotonic_time ())
        g_usleep ((gulong) (next - g_get_monotonic_time ()));
    }
  return NULL;
}

/* Call-next latencies of the windows over seconds s. */
static GArray *
measure (Bench *bench,
         guint  seconds)
{
  GArray *samples;

  g_mutex_lock (&bench->lock);
  g_array_set_size (bench->call_ms, 0);
  g_mutex_unlock (&bench->lock);
  g_atomic_int_set (&bench->measuring, 1);
  g_usleep (seconds * G_USEC_PER_SEC);
  g_atomic_int_set (&bench->measuring, 0);
  g_mutex_lock (&bench->lock);
  samples = g_array_copy (bench->call_ms);
  g_mutex_unlock (&bench->lock);
  return samples;
}

int
main (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-bench-guard-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (dir, "server.db", NULL);
  YcServerOptions options = { .db_path = db_path };
  g_autoptr(YcServerThread) server = NULL;
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) windows = g_ptr_array_new ();
  g_autoptr(GArray) baseline = NULL;
  g_autoptr(GArray) attacked = NULL;
  g_autoptr(GArray) hashing = NULL;
  guint hashed_before, made;
  g_autofree char *kiosk = NULL;
  GThread *slowloris, *guesser;
  Bench bench = { 0 };

  kiosk = bench_seed_hall (db_path, N_WINDOWS);
  /* The server as a hall runs it: every limit at its default. */
  server = yc_server_thread_start (&options, &error);
  g_assert_no_error (error);
  bench.port = (guint16) yc_test_server_port (server);
  bench.tokens = tokens;
  bench.call_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_mutex_init (&bench.lock);

  /* Each clerk logs in from the desk's own address; the morning queue comes in. */
  for (guint i = 1; i <= N_WINDOWS; i++)
    {
      g_autofree char *from = window_address (i);
      g_autofree char *body = g_strdup_printf ("{\"clerk\":\"c%u\",\"pin\":\"123456\",\"window\":%u}", i, i);
      g_autofree char *answer = NULL;
      g_autoptr(JsonNode) session = NULL;
      BenchConn conn;

      bench_conn_open (&conn, bench.port, from);
      g_assert_cmpuint (bench_conn_request (&conn, "POST", "/api/v1/sessions", NULL, body, &answer), ==, 201);
      bench_conn_close (&conn);
      session = yc_wire_parse_object (answer, strlen (answer), YC_ERROR_PROTOCOL, NULL);
      g_ptr_array_add (tokens, g_strdup (json_object_get_string_member (json_node_get_object (session), "token")));
    }
  {
    BenchConn conn;

    bench_conn_open (&conn, bench.port, NULL);
    for (guint i = 0; i < N_TICKETS; i++)
      g_assert_cmpuint (bench_conn_request (&conn, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"A\"}", NULL), ==, 201);
    bench_conn_close (&conn);
  }

  g_atomic_int_set (&bench.running, 1);
  for (guint i = 1; i <= N_WINDOWS; i++)
    {
      gpointer *data = g_new (gpointer, 2);

      data[0] = &bench;
      data[1] = GUINT_TO_POINTER (i);
      g_ptr_array_add (windows, g_thread_new ("window", window_thread, data));
    }
  baseline = measure (&bench, BASELINE_S);
  g_printerr ("baseline: %u calls, p50 %.2f ms, p99 %.2f ms\n", baseline->len, bench_percentile (baseline, 0.5),
              bench_percentile (baseline, 0.99));

  g_atomic_int_set (&bench.attacking, 1);
  slowloris = g_thread_new ("slowloris", slowloris_thread, &bench);
  guesser = g_thread_new ("guesser", guesser_thread, &bench);
  /* The slow connections pile up to their thousand, and the server starts dropping them. */
  g_usleep (WARM_UP_S * G_USEC_PER_SEC);
  attacked = measure (&bench, ATTACK_S);
  g_printerr ("attacked: %u calls, p50 %.2f ms, p99 %.2f ms, %u slow connections open, %u dropped\n", attacked->len,
              bench_percentile (attacked, 0.5), bench_percentile (attacked, 0.99), bench.open_max,
              g_atomic_int_get (&bench.dropped));

  g_atomic_int_set (&bench.attacking, 0);
  g_thread_join (slowloris);
  g_thread_join (guesser);

  /* Every log-in hashed: the hashing thread busy, the windows not waiting for it. */
  g_usleep (2 * G_USEC_PER_SEC);
  made = bench.guesses;
  hashed_before = bench.refused;
  g_atomic_int_set (&bench.spread, 1);
  g_atomic_int_set (&bench.attacking, 1);
  guesser = g_thread_new ("guesser", guesser_thread, &bench);
  g_usleep (2 * G_USEC_PER_SEC);
  hashing = measure (&bench, HASHING_S);
  g_atomic_int_set (&bench.attacking, 0);
  g_thread_join (guesser);
  g_printerr ("hashing: %u calls, p50 %.2f ms, p99 %.2f ms, %u log-ins hashed\n", hashing->len,
              bench_percentile (hashing, 0.5), bench_percentile (hashing, 0.99), bench.refused - hashed_before);
  g_atomic_int_set (&bench.running, 0);
  for (guint i = 0; i < windows->len; i++)
    g_thread_join (g_ptr_array_index (windows, i));

  printf ("{\"benchmark\":\"guard\",\"windows\":%d,\"slowloris\":%d,\"guesses_per_s\":%d,"
          "\"baseline_call_next_ms\":{\"calls\":%u,\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
          "\"attacked_call_next_ms\":{\"calls\":%u,\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
          "\"hashing_call_next_ms\":{\"calls\":%u,\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f},\"logins_hashed\":%u,"
          "\"slowloris_open_max\":%u,\"slowloris_dropped\":%u,"
          "\"guesses\":{\"made\":%u,\"wrong_pin\":%u,\"locked\":%u,\"rate_limited\":%u,\"turned_away\":%u}}\n",
          N_WINDOWS, N_SLOWLORIS, GUESSES_PER_S,
          baseline->len, bench_percentile (baseline, 0.5), bench_percentile (baseline, 0.99), bench_percentile (baseline, 1.0),
          attacked->len, bench_percentile (attacked, 0.5), bench_percentile (attacked, 0.99), bench_percentile (attacked, 1.0),
          hashing->len, bench_percentile (hashing, 0.5), bench_percentile (hashing, 0.99), bench_percentile (hashing, 1.0),
          bench.refused - hashed_before,
          bench.open_max, bench.dropped, made, hashed_before, bench.locked, bench.limited, bench.turned_away);

  g_clear_pointer (&server, yc_server_thread_stop);
  yc_test_remove_tree (dir);
  g_array_unref (bench.call_ms);
  return 0;
}
