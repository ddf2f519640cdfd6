/* test-training.c: YcTraining against a fake server answering GET and POST /training
 * (docs/scenarios.md): nothing plays on a 404, the report is read again while it plays,
 * a change is posted and its answer shown at once, the end is told once, and the last
 * report stays while the server cannot be reached; a supervisor's model reads the window
 * it names, and its changes name none. */
#include <libsoup/soup.h>
#include <string.h>

#include "net/yc-client.h"
#include "net/yc-training.h"
#include "../test-util.h"

typedef struct
{
  gboolean plays;
  gboolean paused;
  gboolean ended;
  gboolean control;
  double   pace;
  double   clock;
  guint    gets;
  guint    posts;
  char    *last_post;
  char    *last_query;   /* the last GET's ?window, or NULL */
  char    *last_post_path;
} Fake;

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
training_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  Fake *fake = user_data;
  g_autofree char *body = NULL;
  const char *window = "1";
  char pace[G_ASCII_DTOSTR_BUF_SIZE], clock[G_ASCII_DTOSTR_BUF_SIZE];

  if (g_str_equal (path, "/api/v1/sessions"))
    {
      reply (msg, SOUP_STATUS_CREATED,
             "{\"token\":\"t\",\"clerk\":{\"id\":\"1001\",\"name\":\"x\"},\"window\":{\"id\":1,\"name\":\"w\"},"
             "\"hall\":{\"name\":\"h\"},\"services\":[],\"training\":true}");
      return;
    }
  if (!g_str_equal (path, "/api/v1/training"))
    {
      reply (msg, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no\"}}");
      return;
    }

  if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      SoupMessageBody *request = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (request);
      g_autoptr(JsonNode) root = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
      JsonObject *object = json_node_get_object (root);

      fake->posts++;
      g_free (fake->last_post_path);
      fake->last_post_path = g_uri_to_string (soup_server_message_get_uri (msg));
      g_free (fake->last_post);
      fake->last_post = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      if (json_object_has_member (object, "paused"))
        fake->paused = json_object_get_boolean_member (object, "paused");
      if (json_object_has_member (object, "pace"))
        fake->pace = json_object_get_double_member (object, "pace");
    }
  else
    {
      fake->gets++;
      g_free (fake->last_query);
      fake->last_query = g_strdup (query != NULL ? g_hash_table_lookup (query, "window") : NULL);
      /* As the server does: a window named is answered, else the trainees' first. */
      if (fake->last_query != NULL)
        window = fake->last_query;
    }

  if (!fake->plays)
    {
      reply (msg, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no scenario plays\"}}");
      return;
    }
  fake->clock += 10;
  body = g_strdup_printf ("{\"scenario\":\"quiet-morning\",\"title\":{\"zh_CN\":\"平静的上午\",\"en\":\"A quiet morning\"},"
                          "\"brief\":\"b\",\"clock\":%s,\"length\":900,\"pace\":%s,\"paused\":%s,\"ended\":%s,"
                          "\"control\":%s,\"window\":%s,\"windows\":[1,2],\"goals\":[{\"id\":\"call-elder\",\"kind\":\"call\","
                          "\"expect\":\"先叫老人\",\"state\":\"pending\"}]}",
                          g_ascii_dtostr (clock, sizeof clock, fake->clock),
                          g_ascii_dtostr (pace, sizeof pace, fake->pace),
                          fake->paused ? "true" : "false", fake->ended ? "true" : "false",
                          fake->control ? "true" : "false", window);
  reply (msg, SOUP_STATUS_OK, body);
}

static void
log_in (YcClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  yc_client_login_async (client, "1001", "123456", 1, NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, 20);
  g_assert_true (yc_client_login_finish (client, result, &error));
  g_assert_no_error (error);
}

static void
on_ended_cb (YcTraining *training,
             guint      *ended)
{
  (*ended)++;
}

static void
on_error_cb (YcTraining   *training,
             const GError *error,
             guint        *errors)
{
  (*errors)++;
}

static void
test_training_model (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcClient) client = NULL;
  YcTraining *training;
  Fake fake = { .pace = 1.0, .control = TRUE };
  guint ended = 0, errors = 0, gets;
  GSList *uris;
  g_autofree char *url = NULL;

  soup_server_add_handler (server, NULL, training_handler, &fake, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  client = yc_client_new (url);
  training = yc_training_new (client);
  g_signal_connect (training, "ended", G_CALLBACK (on_ended_cb), &ended);
  g_signal_connect (training, "error", G_CALLBACK (on_error_cb), &errors);

  /* No session: nothing asked. A server without a scenario: nothing plays, no error. */
  g_assert_false (yc_training_get_playing (training));
  log_in (client);
  yc_test_wait_until (fake.gets == 1, 10);
  yc_test_run_for (100);
  g_assert_false (yc_training_get_playing (training));
  g_assert_null (yc_training_get_report (training));
  g_assert_cmpuint (errors, ==, 0);

  /* A scenario plays (the next log-in reads it): read again every 2 s. */
  fake.plays = TRUE;
  log_in (client);
  yc_test_wait_until (yc_training_get_playing (training), 10);
  g_assert_nonnull (yc_training_get_report (training));
  g_assert_cmpstr (yc_training_get_report (training)->scenario, ==, "quiet-morning");
  g_assert_true (yc_training_get_control (training));
  g_assert_cmpfloat (yc_training_get_pace (training), ==, 1.0);
  gets = fake.gets;
  yc_test_wait_until (fake.gets >= gets + 2, 10);
  g_assert_cmpfloat (yc_training_get_report (training)->clock, >, 10);

  /* Pause and pace: posted, and the answer shown at once. */
  yc_training_set_paused (training, TRUE);
  yc_test_wait_until (yc_training_get_paused (training), 10);
  g_assert_nonnull (strstr (fake.last_post, "\"paused\":true"));
  yc_training_set_pace (training, 5);
  yc_test_wait_until (yc_training_get_pace (training) == 5.0, 10);
  g_assert_null (strstr (fake.last_post, "paused"));
  g_assert_true (yc_training_get_paused (training));
  yc_training_set_paused (training, FALSE);
  yc_test_wait_until (!yc_training_get_paused (training), 10);

  /* The end is told once, however often it is read. */
  fake.ended = TRUE;
  yc_test_wait_until (yc_training_get_ended (training), 10);
  g_assert_cmpuint (ended, ==, 1);
  yc_training_refresh (training);
  gets = fake.gets;
  yc_test_wait_until (fake.gets == gets + 1, 10);
  yc_test_run_for (100);
  g_assert_cmpuint (ended, ==, 1);
  /* Ended: no more reads of its own. */
  gets = fake.gets;
  yc_test_run_for (2500);
  g_assert_cmpuint (fake.gets, ==, gets);

  /* The server gone: the last report stays. */
  soup_server_disconnect (server);
  yc_training_refresh (training);
  yc_test_wait_until (!yc_client_get_online (client), 20);
  yc_test_run_for (100);
  g_assert_true (yc_training_get_playing (training));
  g_assert_nonnull (yc_training_get_report (training));
  g_assert_cmpuint (errors, ==, 0);

  g_free (fake.last_post);
  g_free (fake.last_post_path);
  g_free (fake.last_query);
  yc_test_assert_finalized_soon (training, 10);
}

/* A supervisor names a trainee's window: the reads ask for it (?window=N), a change names
 * none and its answer (the first window's) does not replace the window shown, 0 is this
 * session's own again, and a new session starts at 0. */
static void
test_training_window (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcClient) client = NULL;
  YcTraining *training;
  Fake fake = { .pace = 1.0, .control = TRUE, .plays = TRUE };
  GSList *uris;
  guint gets;
  g_autofree char *url = NULL;

  soup_server_add_handler (server, NULL, training_handler, &fake, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  client = yc_client_new (url);
  training = yc_training_new (client);
  log_in (client);
  yc_test_wait_until (yc_training_get_playing (training), 10);
  g_assert_cmpint (yc_training_get_window (training), ==, 0);
  g_assert_null (fake.last_query);
  g_assert_cmpint (yc_training_get_report (training)->window, ==, 1);
  g_assert_cmpuint (yc_training_get_report (training)->windows->len, ==, 2);

  /* Window 2: read at once, and every read after asks for it. */
  yc_training_set_window (training, 2);
  g_assert_cmpint (yc_training_get_window (training), ==, 2);
  yc_test_wait_until (yc_training_get_report (training)->window == 2, 10);
  g_assert_cmpstr (fake.last_query, ==, "2");
  gets = fake.gets;
  yc_test_wait_until (fake.gets >= gets + 1, 10);
  g_assert_cmpstr (fake.last_query, ==, "2");

  /* Pause is the class's: posted without a window; window 2 is still what is shown. */
  gets = fake.gets;
  yc_training_set_paused (training, TRUE);
  yc_test_wait_until (yc_training_get_paused (training), 10);
  g_assert_cmpuint (fake.posts, ==, 1);
  g_assert_null (strstr (fake.last_post_path, "window"));
  g_assert_null (strstr (fake.last_post, "window"));
  g_assert_cmpuint (fake.gets, >, gets);
  g_assert_cmpint (yc_training_get_report (training)->window, ==, 2);
  g_assert_cmpstr (fake.last_query, ==, "2");

  /* 0: the session's own again, asked without a window. */
  yc_training_set_window (training, 0);
  yc_test_wait_until (yc_training_get_report (training) != NULL &&
                      yc_training_get_report (training)->window == 1, 10);
  g_assert_null (fake.last_query);

  /* A new session starts at its own window. */
  yc_training_set_window (training, 2);
  yc_test_wait_until (yc_training_get_report (training)->window == 2, 10);
  log_in (client);
  g_assert_cmpint (yc_training_get_window (training), ==, 0);
  yc_test_wait_until (yc_training_get_report (training) != NULL &&
                      yc_training_get_report (training)->window == 1, 10);
  g_assert_null (fake.last_query);

  g_free (fake.last_post);
  g_free (fake.last_post_path);
  g_free (fake.last_query);
  yc_test_assert_finalized_soon (training, 10);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net/training/model", test_training_model);
  g_test_add_func ("/net/training/window", test_training_window);
  return g_test_run ();
}
