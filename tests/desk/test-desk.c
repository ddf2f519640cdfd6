/* test-desk.c: the desk's window driven like a clerk would, against a real server running
 * on a thread of this process (temporary database, demo data, no simulator). Each case
 * waits for what it expects by iterating the main loop; none sleeps a fixed time. */
#include "config-desk.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "server/yc-server-thread.h"

#include "yc-context.h"
#include "yc-desk-private.h"

#define TIMEOUT_MS 20000

#define COUNT_VISITS   "SELECT count(*) FROM records WHERE kind = 'visit'"
#define COUNT_FINISHED "SELECT count(*) FROM tickets WHERE state = 'finished'"

typedef struct
{
  char           *dir;
  char           *server_db;
  char           *desk_db;
  char           *url;
  YcServerThread *server;
  YcClient       *client;
  YcStore        *store;
  YcContext      *context;
  YcWindow       *window;
} Fixture;

static gboolean
on_wake_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* One blocking iteration that returns after 10 ms at the latest. */
static void
iterate_briefly (void)
{
  gboolean woke = FALSE;
  guint id = g_timeout_add (10, on_wake_cb, &woke);

  g_main_context_iteration (NULL, TRUE);
  if (!woke)
    g_source_remove (id);
}

/* Iterates until cond holds; on timeout the test fails and returns. */
#define wait_until(cond, timeout_ms)                                              \
  G_STMT_START {                                                                  \
    gint64 _deadline = g_get_monotonic_time () + (gint64) (timeout_ms) * 1000;    \
    while (!(cond))                                                               \
      {                                                                           \
        if (g_get_monotonic_time () > _deadline)                                  \
          {                                                                       \
            g_test_fail_printf ("%s:%d: timed out waiting for %s",                \
                                __FILE__, __LINE__, #cond);                       \
            return;                                                               \
          }                                                                       \
        iterate_briefly ();                                                       \
      }                                                                           \
  } G_STMT_END

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gboolean      *painted)
{
  *painted = TRUE;
}

/* With YC_TEST_SCREENSHOTS=DIR, saves what the window shows as DIR/NAME.png, for a
 * person to look at; otherwise does nothing. */
static void
save_screenshot (Fixture    *f,
                 const char *name)
{
  const char *dir = g_getenv ("YC_TEST_SCREENSHOTS");
  GtkWidget *widget = GTK_WIDGET (f->window);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;
  int width, height;

  if (dir == NULL || *dir == '\0')
    return;

  /* Let a banner slide in and the labels settle: wait for a fresh frame. */
  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted)
    iterate_briefly ();
  g_signal_handler_disconnect (clock, handler);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)),
                                         node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_mkdir_with_parents (dir, 0755);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static YcServerThread *
start_server (const char *db_path,
              guint       port)
{
  g_autoptr(GError) error = NULL;
  YcServerOptions options = {
    .db_path = db_path,
    .demo_data = TRUE,
    .simulate = FALSE,
    .host = "127.0.0.1",
    .port = port,
  };
  YcServerThread *server;

  server = yc_server_thread_start (&options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (server);

  return server;
}

static void
open_window (Fixture *f)
{
  f->context = yc_context_new_for_client (f->client, f->store, NULL);
  /* Short backoff: a test waits for the outbox, not for a minute of retries. */
  yc_sync_set_backoff (yc_context_get_sync (f->context), 50, 400);

  f->window = yc_window_new (NULL, f->context);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
close_window (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_MS * 1000;
  YcQueuePage *queue_page = NULL;
  YcLoginPage *login_page = NULL;

  if (f->window != NULL)
    {
      /* The pages must go with the window: nothing may keep calling the server. */
      queue_page = yc_window_get_queue_page (f->window);
      login_page = yc_window_get_login_page (f->window);
      g_object_add_weak_pointer (G_OBJECT (queue_page), (gpointer *) &queue_page);
      g_object_add_weak_pointer (G_OBJECT (login_page), (gpointer *) &login_page);
      gtk_window_destroy (GTK_WINDOW (f->window));
    }

  /* Calls in flight hold the pages; let them come back. */
  while ((f->window != NULL || queue_page != NULL || login_page != NULL) &&
         g_get_monotonic_time () < deadline)
    iterate_briefly ();
  g_assert_null (f->window);
  g_assert_null (queue_page);
  g_assert_null (login_page);

  g_clear_object (&f->context);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("yichuang-test-desk-XXXXXX", &error);
  g_assert_no_error (error);
  f->server_db = g_build_filename (f->dir, "server.db", NULL);
  f->desk_db = g_build_filename (f->dir, "desk.db", NULL);

  f->server = start_server (f->server_db, 0);
  f->url = g_strdup (yc_server_thread_get_url (f->server));

  f->client = yc_client_new (f->url);
  f->store = yc_store_open (f->desk_db, &error);
  g_assert_no_error (error);

  open_window (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  close_window (f);
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  g_clear_pointer (&f->server, yc_server_thread_stop);

  if ((dir = g_dir_open (f->dir, 0, NULL)))
    {
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *path = g_build_filename (f->dir, name, NULL);

          g_unlink (path);
        }
    }
  g_rmdir (f->dir);

  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->server_db, g_free);
  g_clear_pointer (&f->desk_db, g_free);
  g_clear_pointer (&f->url, g_free);
}

/* One number from a server database, read as a trainer would; -1 if unreadable. */
static gint64
db_count (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  if (path == NULL)
    return -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);

  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return count;
}

static gint64
server_count (Fixture    *f,
              const char *sql)
{
  return db_count (f->server_db, sql);
}

static gboolean
view_is (Fixture    *f,
         const char *name)
{
  return g_strcmp0 (yc_window_get_visible_view (f->window), name) == 0;
}

static void
fill_in (Fixture    *f,
         const char *clerk,
         const char *pin,
         const char *window)
{
  YcLoginPage *page = yc_window_get_login_page (f->window);

  gtk_editable_set_text (yc_login_page_get_clerk_entry (page), clerk);
  gtk_editable_set_text (yc_login_page_get_pin_entry (page), pin);
  gtk_editable_set_text (yc_login_page_get_window_entry (page), window);
}

static void
submit (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (yc_window_get_login_page (f->window)),
                                             "login.submit", NULL));
}

static gboolean
queue_ready (Fixture *f)
{
  YcQueuePage *page = yc_window_get_queue_page (f->window);

  return view_is (f, "main") && !yc_queue_page_get_busy (page);
}

/* The waiting count the queue page shows for a service, or -1. */
static gint64
shown_waiting (Fixture    *f,
               const char *letter)
{
  GListModel *services = yc_queue_page_get_services (yc_window_get_queue_page (f->window));

  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(YcService) service = g_list_model_get_item (services, i);

      if (g_strcmp0 (yc_service_get_letter (service), letter) == 0)
        return yc_service_get_waiting (service);
    }

  return -1;
}

static void
on_ticket_taken_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  YcTicket **ticket = user_data;
  g_autoptr(GError) error = NULL;

  *ticket = yc_client_take_ticket_finish (YC_CLIENT (object), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*ticket);
}

/* A citizen at the kiosk: its own client, no session. */
static YcTicket *
take_ticket (Fixture    *f,
             const char *service)
{
  g_autoptr(YcClient) kiosk = yc_client_new (f->url);
  YcTicket *ticket = NULL;
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_MS * 1000;

  yc_client_take_ticket_async (kiosk, service, NULL, on_ticket_taken_cb, &ticket);
  while (ticket == NULL && g_get_monotonic_time () < deadline)
    iterate_briefly ();

  return ticket;
}

static const char *
number_shown (Fixture *f)
{
  YcQueuePage *page = yc_window_get_queue_page (f->window);

  return gtk_label_get_label (yc_queue_page_get_number_label (page));
}

static gboolean
call_next_enabled (Fixture *f)
{
  YcQueuePage *page = yc_window_get_queue_page (f->window);

  return gtk_widget_is_sensitive (GTK_WIDGET (yc_queue_page_get_call_button (page)));
}

static void
test_login (Fixture       *f,
            gconstpointer  data)
{
  YcLoginPage *page = yc_window_get_login_page (f->window);
  AdwWindowTitle *title = yc_window_get_title_widget (f->window);
  GListModel *services;

  g_assert_true (view_is (f, "login"));

  /* Enter in the last field logs in, as a clerk would do it. */
  fill_in (f, "1001", "123456", "1");
  g_signal_emit_by_name (yc_login_page_get_window_entry (page), "entry-activated");

  wait_until (view_is (f, "main"), TIMEOUT_MS);

  g_assert_cmpstr (adw_window_title_get_title (title), ==, "示范市政务服务中心");
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (title), "1001"));
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (title), "张敏"));

  /* Window 1 serves A and B; both are listed with their counts. */
  services = yc_queue_page_get_services (yc_window_get_queue_page (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (services), ==, 2);
  g_assert_cmpint (shown_waiting (f, "A"), ==, 0);
  g_assert_cmpint (shown_waiting (f, "B"), ==, 0);

  /* The PIN does not linger in the form. */
  g_assert_cmpstr (gtk_editable_get_text (yc_login_page_get_pin_entry (page)), ==, "");

  /* Logging out goes back to the form. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.logout", NULL));
  wait_until (view_is (f, "login"), TIMEOUT_MS);
}

static void
test_wrong_pin (Fixture       *f,
                gconstpointer  data)
{
  YcLoginPage *page = yc_window_get_login_page (f->window);
  GtkLabel *error_label = yc_login_page_get_error_label (page);

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));

  fill_in (f, "1001", "000000", "1");
  submit (f);

  wait_until (gtk_widget_get_visible (GTK_WIDGET (error_label)), TIMEOUT_MS);
  save_screenshot (f, "wrong-pin");
  g_assert_cmpstr (gtk_label_get_label (error_label), !=, "");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (yc_login_page_get_pin_entry (page)),
                                           "error"));
  g_assert_true (view_is (f, "login"));
  g_assert_null (yc_client_get_session (f->client));

  /* An empty field is caught before anything is sent. */
  fill_in (f, "", "123456", "1");
  submit (f);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (yc_login_page_get_clerk_entry (page)),
                                           "error"));

  /* Typing again clears the complaint; the right PIN gets in. */
  fill_in (f, "1001", "123456", "1");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  submit (f);
  wait_until (view_is (f, "main"), TIMEOUT_MS);
}

static void
test_call_and_finish (Fixture       *f,
                      gconstpointer  data)
{
  YcQueuePage *page = yc_window_get_queue_page (f->window);
  g_autoptr(YcTicket) ticket = NULL;

  fill_in (f, "1001", "123456", "1");
  submit (f);
  wait_until (queue_ready (f), TIMEOUT_MS);

  /* Nothing to finish yet. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (yc_queue_page_get_finish_button (page))));

  ticket = take_ticket (f, "A");
  g_assert_nonnull (ticket);

  /* The 2 s refresh shows the new citizen waiting. */
  wait_until (shown_waiting (f, "A") == 1, TIMEOUT_MS);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.call-next", NULL));
  wait_until (g_strcmp0 (number_shown (f), yc_ticket_get_number (ticket)) == 0, TIMEOUT_MS);
  wait_until (shown_waiting (f, "A") == 0, TIMEOUT_MS);
  save_screenshot (f, "called");
  g_assert_cmpint (yc_ticket_get_id (yc_queue_page_get_current (page)), ==,
                   yc_ticket_get_id (ticket));

  wait_until (!yc_queue_page_get_busy (page), TIMEOUT_MS);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (yc_queue_page_get_finish_button (page))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.finish", NULL));

  wait_until (yc_queue_page_get_current (page) == NULL, TIMEOUT_MS);
  wait_until (server_count (f, COUNT_VISITS) == 1, TIMEOUT_MS);
  wait_until (server_count (f, COUNT_FINISHED) == 1, TIMEOUT_MS);
  wait_until (yc_store_get_pending (f->store) == 0, TIMEOUT_MS);
  wait_until (!yc_queue_page_get_busy (page), TIMEOUT_MS);

  /* Nobody else waits: calling again leaves the window empty. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.call-next", NULL));
  wait_until (!yc_queue_page_get_busy (page), TIMEOUT_MS);
  g_assert_null (yc_queue_page_get_current (page));
}

static void
test_call_finishes_current (Fixture       *f,
                            gconstpointer  data)
{
  YcQueuePage *page = yc_window_get_queue_page (f->window);
  g_autoptr(YcTicket) first = NULL;
  g_autoptr(YcTicket) second = NULL;

  fill_in (f, "1001", "123456", "1");
  submit (f);
  wait_until (queue_ready (f), TIMEOUT_MS);

  first = take_ticket (f, "A");
  second = take_ticket (f, "B");
  g_assert_nonnull (first);
  g_assert_nonnull (second);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.call-next", NULL));
  wait_until (g_strcmp0 (number_shown (f), yc_ticket_get_number (first)) == 0, TIMEOUT_MS);
  wait_until (!yc_queue_page_get_busy (page), TIMEOUT_MS);

  /* Calling the next one with a citizen at the window records that visit first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.call-next", NULL));
  wait_until (g_strcmp0 (number_shown (f), yc_ticket_get_number (second)) == 0, TIMEOUT_MS);
  wait_until (server_count (f, COUNT_VISITS) == 1, TIMEOUT_MS);
  wait_until (server_count (f, COUNT_FINISHED) == 1, TIMEOUT_MS);
}

static void
test_restore_current (Fixture       *f,
                      gconstpointer  data)
{
  YcQueuePage *page = yc_window_get_queue_page (f->window);
  g_autoptr(YcTicket) ticket = NULL;

  fill_in (f, "1001", "123456", "1");
  submit (f);
  wait_until (queue_ready (f), TIMEOUT_MS);

  ticket = take_ticket (f, "A");
  g_assert_nonnull (ticket);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.call-next", NULL));
  wait_until (g_strcmp0 (number_shown (f), yc_ticket_get_number (ticket)) == 0, TIMEOUT_MS);
  wait_until (!yc_queue_page_get_busy (page), TIMEOUT_MS);

  /* The desk closes and starts again on the same database. */
  close_window (f);
  g_clear_object (&f->client);
  f->client = yc_client_new (f->url);
  open_window (f);

  fill_in (f, "1001", "123456", "1");
  submit (f);
  wait_until (queue_ready (f), TIMEOUT_MS);
  page = yc_window_get_queue_page (f->window);
  wait_until (g_strcmp0 (number_shown (f), yc_ticket_get_number (ticket)) == 0, TIMEOUT_MS);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (yc_queue_page_get_finish_button (page))));
}

static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  YcQueuePage *page = yc_window_get_queue_page (f->window);
  GtkRevealer *banner = yc_window_get_offline_revealer (f->window);

  fill_in (f, "1001", "123456", "1");
  submit (f);
  wait_until (queue_ready (f), TIMEOUT_MS);

  g_assert_false (gtk_revealer_get_reveal_child (banner));
  g_assert_true (call_next_enabled (f));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (yc_queue_page_get_offline_label (page))));

  g_clear_pointer (&f->server, yc_server_thread_stop);

  /* The next refresh finds the server gone. */
  wait_until (gtk_revealer_get_reveal_child (banner), TIMEOUT_MS);
  save_screenshot (f, "offline");
  g_assert_false (call_next_enabled (f));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (yc_queue_page_get_offline_label (page))));
  /* F2 now does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (page), "queue.call-next", NULL);
  g_assert_false (yc_queue_page_get_busy (page));
}

static guint
url_port (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  return (guint) g_uri_get_port (uri);
}

static void
test_finish_offline (Fixture       *f,
                     gconstpointer  data)
{
  YcQueuePage *page = yc_window_get_queue_page (f->window);
  GtkRevealer *banner = yc_window_get_offline_revealer (f->window);
  g_autoptr(YcTicket) ticket = NULL;

  fill_in (f, "1001", "123456", "1");
  submit (f);
  wait_until (queue_ready (f), TIMEOUT_MS);

  ticket = take_ticket (f, "A");
  g_assert_nonnull (ticket);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.call-next", NULL));
  wait_until (g_strcmp0 (number_shown (f), yc_ticket_get_number (ticket)) == 0, TIMEOUT_MS);
  wait_until (!yc_queue_page_get_busy (page), TIMEOUT_MS);

  g_clear_pointer (&f->server, yc_server_thread_stop);
  wait_until (gtk_revealer_get_reveal_child (banner), TIMEOUT_MS);

  /* Finishing works without the server: the visit waits in the outbox. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.finish", NULL));
  wait_until (yc_queue_page_get_current (page) == NULL, TIMEOUT_MS);
  wait_until (!yc_queue_page_get_busy (page), TIMEOUT_MS);
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 1);
  save_screenshot (f, "finished-offline");

  /* The server comes back on the same address and database. */
  f->server = start_server (f->server_db, url_port (f->url));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.retry", NULL));

  /* If the server forgot the session, the clerk logs in again; the outbox is kept. */
  wait_until (yc_store_get_pending (f->store) == 0 || view_is (f, "login"), TIMEOUT_MS);
  if (view_is (f, "login"))
    {
      g_assert_cmpuint (yc_store_get_pending (f->store), ==, 1);
      fill_in (f, "1001", "123456", "1");
      submit (f);
    }

  wait_until (yc_store_get_pending (f->store) == 0, TIMEOUT_MS);
  wait_until (!gtk_revealer_get_reveal_child (banner), TIMEOUT_MS);
  wait_until (server_count (f, COUNT_VISITS) == 1, TIMEOUT_MS);
  wait_until (server_count (f, COUNT_FINISHED) == 1, TIMEOUT_MS);
}

static void
on_demo_reset_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_context_reset_demo_finish (YC_CONTEXT (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static guint
total_waiting (Fixture *f)
{
  return MAX (shown_waiting (f, "A"), 0) + MAX (shown_waiting (f, "B"), 0);
}

/* yichuang --demo as a trainer uses it: the server starts inside the desk, the desk logs
 * in by itself, the simulator brings citizens, a finished visit reaches the server's
 * database; a reset starts over with a fresh server and removes the old databases. */
static void
test_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old_db = NULL;
  g_autofree char *old_folder = NULL;
  Fixture fixture = { 0 };
  Fixture *f = &fixture;
  YcQueuePage *page;
  gboolean reset = FALSE;

  f->context = yc_context_new (NULL, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (yc_context_get_demo (f->context));
  g_assert_false (yc_context_get_ready (f->context));
  f->store = g_object_ref (yc_context_get_store (f->context));
  f->client = g_object_ref (yc_context_get_client (f->context));
  yc_sync_set_backoff (yc_context_get_sync (f->context), 50, 400);

  f->window = yc_window_new (NULL, f->context);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  page = yc_window_get_queue_page (f->window);

  yc_context_start (f->context);
  wait_until (queue_ready (f), TIMEOUT_MS);
  g_assert_cmpstr (yc_client_get_session (f->client)->clerk_id, ==, "1001");

  wait_until (total_waiting (f) > 0, TIMEOUT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.call-next", NULL));
  wait_until (yc_queue_page_get_current (page) != NULL, TIMEOUT_MS);
  wait_until (!yc_queue_page_get_busy (page), TIMEOUT_MS);
  save_screenshot (f, "demo");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.finish", NULL));

  old_db = g_strdup (yc_context_get_server_db_path (f->context));
  old_folder = g_path_get_dirname (old_db);
  wait_until (db_count (old_db, COUNT_VISITS) == 1, TIMEOUT_MS);
  wait_until (yc_store_get_pending (f->store) == 0, TIMEOUT_MS);

  yc_context_reset_demo_async (f->context, NULL, on_demo_reset_cb, &reset);
  wait_until (reset, TIMEOUT_MS);
  wait_until (queue_ready (f), TIMEOUT_MS);
  g_assert_false (g_file_test (old_folder, G_FILE_TEST_EXISTS));
  g_assert_cmpint (db_count (yc_context_get_server_db_path (f->context),
                             "SELECT count(*) FROM records"), ==, 0);
  g_assert_null (yc_queue_page_get_current (page));

  /* Closing the desk removes the demo folder. */
  g_free (old_folder);
  old_folder = g_path_get_dirname (yc_context_get_server_db_path (f->context));
  g_clear_object (&f->store);
  g_clear_object (&f->client);
  close_window (f);
  g_assert_false (g_file_test (old_folder, G_FILE_TEST_EXISTS));
}

static gboolean
has_cjk (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x4E00 && c <= 0x9FFF)
        return TRUE;
    }

  return FALSE;
}

/* Run twice by meson: as is (English source strings) and with --language=zh_CN. */
static void
test_language (Fixture       *f,
               gconstpointer  data)
{
  const char *language = g_getenv ("LANGUAGE");
  const char *label;

  label = gtk_label_get_label (yc_queue_page_get_call_label (yc_window_get_queue_page (f->window)));

  if (language != NULL && g_str_has_prefix (language, "zh"))
    {
      g_test_message ("Call Next in %s: %s", language, label);
      g_assert_cmpstr (label, !=, "Call Next");
      g_assert_true (has_cjk (label));
    }
  else
    {
      g_assert_cmpstr (label, ==, "Call Next");
    }
}

static void
on_css_parsing_error_cb (GtkCssProvider *provider,
                         GtkCssSection  *section,
                         const GError   *error)
{
  g_autofree char *where = gtk_css_section_to_string (section);

  g_error ("style.css: %s: %s", where, error->message);
}

#define add_test(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) provider = NULL;
  const char *localedir;
  int j = 1;

  /* --language=LL picks the translation; it must be set before anything is translated. */
  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--language="))
        g_setenv ("LANGUAGE", argv[i] + strlen ("--language="), TRUE);
      else
        argv[j++] = argv[i];
    }
  argc = j;
  argv[argc] = NULL;

  localedir = g_getenv ("YICHUANG_LOCALEDIR");
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Tests share one Xvfb without a window manager: a blinking cursor in a window that
   * lost the X focus to another test's makes GTK warn, and warnings are fatal here. */
  g_object_set (gtk_settings_get_default (),
                "gtk-cursor-blink", FALSE,
                "gtk-enable-animations", FALSE,
                NULL);

  /* The application's style sheet, as AdwApplication would load it; a parse error fails. */
  provider = gtk_css_provider_new ();
  g_signal_connect (provider, "parsing-error", G_CALLBACK (on_css_parsing_error_cb), NULL);
  gtk_css_provider_load_from_resource (provider, "/cn/yichuang/Desk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  add_test ("/desk/login/ok", test_login);
  add_test ("/desk/login/wrong-pin", test_wrong_pin);
  add_test ("/desk/queue/call-and-finish", test_call_and_finish);
  add_test ("/desk/queue/call-finishes-current", test_call_finishes_current);
  add_test ("/desk/queue/restore-current", test_restore_current);
  add_test ("/desk/offline/banner", test_offline);
  add_test ("/desk/offline/finish", test_finish_offline);
  g_test_add_func ("/desk/demo", test_demo);
  add_test ("/desk/language/call-next", test_language);

  return g_test_run ();
}
