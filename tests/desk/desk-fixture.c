/* desk-fixture.c: the fixture and helpers the desk's test files share (desk-fixture.h). */
#include "config-desk.h"

#include "desk-fixture.h"

#include <dlfcn.h>
#include <string.h>

#include <gdk/x11/gdkx.h>
#include <X11/keysym.h>

#include "../test-server-util.h"
#include "../test-util.h"
static void
on_after_paint_cb (GdkFrameClock *clock,
                   gboolean      *painted)
{
  *painted = TRUE;
}

/* With YC_TEST_SCREENSHOTS=DIR, saves what the desk's window shows as DIR/NAME.png,
 * for a person to look at; otherwise does nothing. */
void
save_screenshot (Fixture    *f,
                 const char *name)
{
  save_window_screenshot (GTK_WINDOW (f->window), name);
}

/* The same for any window: a dialog shows apart from the desk's window. */
void
save_window_screenshot (GtkWindow  *window,
                        const char *name)
{
  const char *dir = g_getenv ("YC_TEST_SCREENSHOTS");
  GtkWidget *widget = GTK_WIDGET (window);
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
  yc_test_wait_until (painted, TIMEOUT_S);
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

YcServerThread *
start_server (const char *db_path,
              guint       port)
{
  return yc_test_start_server (db_path, &port);
}

/* Servers running in this process: each runs on a thread named "yc-server". */
guint
count_server_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", name, "comm", NULL);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (path, &comm, NULL, NULL) && g_str_equal (g_strstrip (comm), "yc-server"))
        count++;
    }

  return count;
}

/* Demo folders in this test's own temporary folder (main() sets TMPDIR). */
guint
count_demo_folders (void)
{
  g_autoptr(GDir) dir = g_dir_open (g_get_tmp_dir (), 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    if (g_str_has_prefix (name, "yichuang-demo-"))
      count++;

  return count;
}

void
show_window (Fixture *f)
{
  f->window = yc_window_new (NULL, f->context);
  /* The tests press Call Next as fast as they like; /desk/queue/double-press turns the
   * guard back on. */
  yc_queue_page_set_double_press_seconds (yc_window_get_queue_page (f->window), 0);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_present (GTK_WINDOW (f->window));
}

void
open_window (Fixture *f)
{
  f->context = yc_context_new_for_client (f->client, f->store, f->catalogue, NULL);
  /* Short backoff: a test waits for the outbox, not for a minute of retries. */
  yc_sync_set_backoff (yc_context_get_sync (f->context), 50, 400);
  show_window (f);
}

/* The window goes, and with it everything the desk holds: the context must be finalized
 * by its last reference, its sync too. Store and client stay with the fixture. */
void
close_window (Fixture *f)
{
  YcQueuePage *queue_page = NULL;
  YcLoginPage *login_page = NULL;
  YcSync *sync = NULL;
  YcCatalogueSync *catalogue_sync = NULL;

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
  yc_test_wait_until (f->window == NULL && queue_page == NULL && login_page == NULL, TIMEOUT_S);

  if (f->context == NULL)
    return;

  if ((sync = yc_context_get_sync (f->context)))
    g_object_add_weak_pointer (G_OBJECT (sync), (gpointer *) &sync);
  if ((catalogue_sync = yc_context_get_catalogue_sync (f->context)))
    g_object_add_weak_pointer (G_OBJECT (catalogue_sync), (gpointer *) &catalogue_sync);
  yc_test_assert_finalized_soon (g_steal_pointer (&f->context), TIMEOUT_S);
  yc_test_wait_until (sync == NULL && catalogue_sync == NULL, TIMEOUT_S);
}

/* The desk quits and starts again on the same database file: every object of the old
 * desk is finalized (the database closed) before the new one opens it. */
void
restart_desk (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  close_window (f);
  yc_test_assert_finalized_soon (g_steal_pointer (&f->store), TIMEOUT_S);
  yc_test_assert_finalized_soon (g_steal_pointer (&f->client), TIMEOUT_S);

  f->client = yc_client_new (f->url);
  f->store = yc_store_open (f->desk_db, &error);
  g_assert_no_error (error);
  open_window (f);
}

void
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

  /* The guides cases have a catalogue cache, which the log-in fills. */
  if (data != NULL)
    {
      f->catalogue_db = g_build_filename (f->dir, "catalogue.db", NULL);
      f->catalogue = yc_catalogue_cache_open (f->catalogue_db, &error);
      g_assert_no_error (error);
    }

  open_window (f);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  close_window (f);
  if (f->store != NULL)
    yc_test_assert_finalized_soon (g_steal_pointer (&f->store), TIMEOUT_S);
  if (f->client != NULL)
    yc_test_assert_finalized_soon (g_steal_pointer (&f->client), TIMEOUT_S);
  if (f->catalogue != NULL)
    yc_test_assert_finalized_soon (g_steal_pointer (&f->catalogue), TIMEOUT_S);
  g_clear_pointer (&f->server, yc_server_thread_stop);

  if (f->dir != NULL)
    yc_test_remove_tree (f->dir);

  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->server_db, g_free);
  g_clear_pointer (&f->kiosk, g_free);
  g_clear_pointer (&f->desk_db, g_free);
  g_clear_pointer (&f->catalogue_db, g_free);
  g_clear_pointer (&f->url, g_free);
}

gint64
server_count (Fixture    *f,
              const char *sql)
{
  return yc_test_db_count (f->server_db, sql);
}

gint64
ticket_count (Fixture    *f,
              YcTicket   *ticket,
              const char *state)
{
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("SELECT count(*) FROM tickets WHERE id = %" G_GINT64_FORMAT " AND state = '%s'",
                         yc_ticket_get_id (ticket), state);
  return server_count (f, sql);
}

/* Changes the server's database under its feet, as another desk's action would. */
AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* GTK's own */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

gboolean
dialog_shown (void)
{
  return find_dialog () != NULL;
}

void
server_exec (Fixture    *f,
             const char *sql)
{
  g_assert_cmpint (yc_test_db_exec (f->server_db, sql), ==, SQLITE_OK);
}

gboolean
view_is (Fixture    *f,
         const char *name)
{
  return g_strcmp0 (yc_window_get_visible_view (f->window), name) == 0;
}

YcQueuePage *
queue_page (Fixture *f)
{
  return yc_window_get_queue_page (f->window);
}

void
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

void
submit (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (yc_window_get_login_page (f->window)),
                                             "login.submit", NULL));
}

gboolean
queue_ready (Fixture *f)
{
  return view_is (f, "main") && !yc_queue_page_get_busy (queue_page (f));
}

void
log_in (Fixture *f)
{
  fill_in (f, "1001", "123456", "1");
  submit (f);
  yc_test_wait_until (queue_ready (f), TIMEOUT_S);
}

void
log_in_with_catalogue (Fixture *f)
{
  YcCatalogueSync *sync;

  log_in (f);
  sync = yc_context_get_catalogue_sync (f->context);
  g_assert_nonnull (sync);
  yc_test_wait_until (yc_catalogue_sync_get_last_success (sync) > 0 &&
                      !yc_catalogue_sync_get_running (sync), TIMEOUT_S);
  g_assert_null (yc_catalogue_sync_get_problem (sync));
  g_assert_cmpuint (yc_catalogue_cache_get_count (f->catalogue, YC_CATALOGUE_ITEM), >=, 60);
}

void
log_out (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.logout", NULL));
  g_assert_true (view_is (f, "login"));
}

/* The waiting count the queue page shows for a service, or -1. */
gint64
shown_waiting (Fixture    *f,
               const char *letter)
{
  GListModel *services = yc_queue_get_services (yc_queue_page_get_queue (queue_page (f)));

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

/* A citizen at the kiosk of the server at url: its own client, with the kiosk's token. */
YcTicket *
take_ticket_at (const char *url,
                const char *token,
                const char *service)
{
  g_autoptr(YcClient) kiosk = yc_client_new (url);
  YcTicket *ticket = NULL;

  yc_client_set_device_token (kiosk, token);

  yc_client_take_ticket_async (kiosk, service, NULL, on_ticket_taken_cb, &ticket);
  yc_test_wait_until (ticket != NULL, TIMEOUT_S);

  return ticket;
}

YcTicket *
take_ticket (Fixture    *f,
             const char *service)
{
  if (f->kiosk == NULL)
    f->kiosk = yc_test_add_device_to_db (f->server_db, "kiosk", 0);
  return take_ticket_at (f->url, f->kiosk, service);
}

const char *
number_shown (Fixture *f)
{
  return gtk_label_get_label (yc_visit_card_get_number_label (yc_queue_page_get_visit_card (queue_page (f))));
}

YcTicket *
call_new_ticket (Fixture    *f,
                 const char *service)
{
  YcTicket *ticket = take_ticket (f, service);

  act_and_settle (f, "queue.call-next");
  g_assert_true (shows (f, ticket));
  return ticket;
}

gboolean
shows (Fixture  *f,
       YcTicket *ticket)
{
  YcTicket *current = yc_queue_page_get_current (queue_page (f));

  return current != NULL &&
         yc_ticket_get_id (current) == yc_ticket_get_id (ticket) &&
         g_strcmp0 (number_shown (f), yc_ticket_get_number (ticket)) == 0;
}

gboolean
call_next_enabled (Fixture *f)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (yc_queue_page_get_call_button (queue_page (f))));
}

gboolean
finish_enabled (Fixture *f)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (yc_queue_page_get_finish_button (queue_page (f))));
}

void
activate (Fixture    *f,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (queue_page (f)), action, NULL));
}

/* Real key presses */

typedef int (*FakeKeyEventFunc) (Display *display, unsigned int keycode, Bool is_press,
                                 unsigned long delay);

/* XTestFakeKeyEvent from libXtst, loaded as tools/screenshot does; NULL if missing. */
static FakeKeyEventFunc
xtest_fake_key_event (void)
{
  static FakeKeyEventFunc func;
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      void *library = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_LOCAL);

      if (library != NULL)
        func = (FakeKeyEventFunc) dlsym (library, "XTestFakeKeyEvent");
      g_once_init_leave (&loaded, 1);
    }

  return func;
}

gboolean
key_presses_possible (Fixture *f)
{
  if (!GDK_IS_X11_DISPLAY (gtk_widget_get_display (GTK_WIDGET (f->window))))
    {
      g_test_skip ("Keys are pressed through X11 (XTEST); this display is not X11");
      return FALSE;
    }
  if (xtest_fake_key_event () == NULL)
    {
      g_test_skip ("libXtst.so.6 (Debian: libxtst6) is needed to press keys");
      return FALSE;
    }
  return TRUE;
}

/* GTK has no public API to hand a key event to a window: the key goes through the X
 * server as from a keyboard (XTEST), to the window given the X input focus. Tests share
 * one X server without a window manager, so another test's window may take the focus
 * between the two: then the key is pressed again. A key that reached the window and did
 * nothing fails the test. happened(f) tells whether the press had its effect. */
void
press_key (Fixture   *f,
           KeySym     keysym,
           gboolean (*happened) (Fixture *f))
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (f->window));
  Display *xdisplay = gdk_x11_display_get_xdisplay (display);
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (f->window)));
  FakeKeyEventFunc fake_key_event = xtest_fake_key_event ();
  KeyCode keycode = XKeysymToKeycode (xdisplay, keysym);

  g_assert_cmpuint (keycode, !=, 0);

  for (guint attempt = 1;; attempt++)
    {
      gint64 deadline;
      guint tick;

      gdk_x11_display_error_trap_push (display);
      XRaiseWindow (xdisplay, xid);
      XSetInputFocus (xdisplay, xid, RevertToParent, CurrentTime);
      gdk_x11_display_error_trap_pop_ignored (display);
      yc_test_wait_until (gtk_window_is_active (GTK_WINDOW (f->window)), TIMEOUT_S);

      fake_key_event (xdisplay, keycode, True, CurrentTime);
      fake_key_event (xdisplay, keycode, False, CurrentTime);
      XSync (xdisplay, False);

      deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
      tick = g_timeout_add (10, yc_test_tick_cb, NULL);
      while (!happened (f) && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_source_remove (tick);

      if (happened (f))
        return;
      if (gtk_window_is_active (GTK_WINDOW (f->window)) || attempt == 5)
        g_error ("Pressing %s had no effect (attempt %u)", XKeysymToString (keysym), attempt);
      g_test_message ("The window lost the focus; pressing %s again", XKeysymToString (keysym));
    }
}

gboolean
call_started (Fixture *f)
{
  return yc_queue_page_get_busy (queue_page (f)) || yc_queue_page_get_current (queue_page (f)) != NULL;
}

gboolean
finish_started (Fixture *f)
{
  return yc_queue_page_get_busy (queue_page (f)) || yc_queue_page_get_current (queue_page (f)) == NULL;
}


/* The dialog now shown, answered with response once its extra child is set up. */
AdwMessageDialog *
wait_dialog (void)
{
  yc_test_wait_until (dialog_shown (), TIMEOUT_S);
  return find_dialog ();
}

void
answer_dialog (AdwMessageDialog *dialog,
               const char       *response)
{
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

void
act_and_settle (Fixture    *f,
                const char *action)
{
  activate (f, action);
  yc_test_wait_until (!yc_queue_page_get_busy (queue_page (f)), TIMEOUT_S);
}

guint
url_port (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  return (guint) g_uri_get_port (uri);
}

char *
squashed (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

/* The text of a PDF (pdftotext, Debian: poppler-utils) with all white space removed, so
 * that a line broken by the layout still matches. */
char *
pdf_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "pdftotext", "-raw", "-enc", "UTF-8", path, "-", NULL };
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return squashed (out);
}

/* doc exported as PDF to NAME in the fixture's folder, read back as pdf_text () does. */
char *
doc_pdf_text (Fixture    *f,
              YcDocument *doc,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (yc_document_export_pdf (doc, path, GTK_WINDOW (f->window), &error));
  g_assert_no_error (error);
  return pdf_text (path);
}

void
server_down (Fixture *f)
{
  g_clear_pointer (&f->server, yc_server_thread_stop);
  yc_test_wait_until (gtk_revealer_get_reveal_child (yc_window_get_offline_revealer (f->window)), TIMEOUT_S);
}

void
server_back (Fixture *f)
{
  f->server = start_server (f->server_db, url_port (f->url));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.retry", NULL));
  /* If the server forgot the session, the clerk logs in again; the outbox is kept. */
  yc_test_wait_until (yc_store_get_pending (f->store) == 0 || view_is (f, "login"), TIMEOUT_S);
  if (view_is (f, "login"))
    {
      fill_in (f, "1001", "123456", "1");
      submit (f);
    }
}

/* A label under root that shows text (as drawn, markup parsed), or NULL. */
GtkWidget *
find_shown_text (GtkWidget  *root,
                 const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return child;
      if ((found = find_shown_text (child, text)) != NULL)
        return found;
    }
  return NULL;
}

/* A widget under root (root included) whose accessible name (GTK_ACCESSIBLE_PROPERTY_LABEL)
 * is name, or NULL: a dialog's inputs found by what a screen reader calls them, not by
 * where they sit. A label, which GTK names by its own text, is not what is looked for. */
GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  g_autofree char *differs = NULL;

  if (!GTK_IS_LABEL (root) &&
      gtk_test_accessible_has_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL) &&
      (differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL, name)) == NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first widget under root, depth first, for which found (widget, data) holds; or
 * NULL. */
GtkWidget *
find_widget (GtkWidget  *root,
             gboolean  (*found) (GtkWidget *widget, gconstpointer data),
             gconstpointer data)
{
  if (found (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *widget = find_widget (child, found, data);

      if (widget != NULL)
        return widget;
    }
  return NULL;
}

/* find_widget ()'s test of a widget's id in its template. */
gboolean
has_id (GtkWidget     *widget,
        gconstpointer  id)
{
  return g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0;
}
