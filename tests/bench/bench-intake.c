/* bench-intake.c: how quickly the intake form opens and follows the keyboard, on the
 * demo catalogue read through the desk's real cache. Prints one JSON object.
 *
 *   xvfb-run -a meson test -C _build --benchmark intake
 *
 * form_open_ms: from asking for an intake of a package to the first frame drawn with its
 * whole form and checklist laid out, for every package of the demo catalogue (the largest
 * separately). keystroke_ms: from a character typed into a field of the form to the
 * frame that shows it, through the intake and the row's marks. The keys come at a fast
 * typist's pace (KEY_INTERVAL_MS apart), as a clerk's do: a key typed the instant the
 * last frame was painted would wait for the frame clock's next tick (60 Hz: 16.7 ms of
 * nothing) whatever the desk does, which measured the clock, not the desk (the figure
 * was 16.7 ms at best that way). It still includes any wait for the tick when the desk is
 * slow enough to miss it. keystroke_work_ms: the
 * time the desk itself spends on it, the key's handlers plus that frame's update, layout
 * and paint, which is what must fit in one frame. "renderer" names GTK's: under Xvfb
 * without a GPU, the GL renderer is Mesa's software one, which repaints the whole window
 * every frame (GSK_RENDERER=cairo repaints what changed). Targets: form open ≤ 150 ms,
 * keystroke ≤ 16 ms. Needs a display (Xvfb is enough).
 */
#include <adwaita.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "core/yc-intake.h"
#include "core/yc-wire.h"
#include "server/yc-server.h"
#include "server/yc-server-db.h"

#include "yc-context.h"
#include "yc-desk-private.h"
#include "bench-util.h"
#include "../test-util.h"

#define ROUNDS     5
#define KEYSTROKES 120
/* 8 keys a second: a fast typist's pace, pinyin input included. */
#define KEY_INTERVAL_MS 125

static gboolean painted;
static gint64 frame_started;   /* the last frame's start (its update phase), µs */
static gint64 frame_work;      /* the last frame's update to the end of its paint, µs */

static void
on_update_cb (GdkFrameClock *clock,
              gpointer       data)
{
  frame_started = g_get_monotonic_time ();
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       data)
{
  frame_work = g_get_monotonic_time () - frame_started;
  painted = TRUE;
}

static void
wait_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out");
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
is_painted (gpointer data)
{
  return painted;
}

static gboolean
on_key_due_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
is_due (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
form_drawn (gpointer data)
{
  return painted && g_strcmp0 (yc_intake_view_get_shown (data), "intake") == 0;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
} Apply;

static void
on_applied_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Apply *apply = user_data;
  g_autoptr(GError) error = NULL;

  apply->ok = yc_catalogue_cache_apply_finish (YC_CATALOGUE_CACHE (object), result, &error);
  if (!apply->ok)
    g_printerr ("cannot fill the cache: %s\n", error->message);
  apply->done = TRUE;
}

static gboolean
applied (gpointer data)
{
  return ((Apply *) data)->done;
}

/* The demo catalogue as the demo server has it, in the desk's cache. */
static YcCatalogueCache *
demo_cache (const char *dir,
            GPtrArray  *packages)
{
  g_autofree char *server_db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *cache_db = g_build_filename (dir, "catalogue.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcServer) server = yc_server_new (server_db, TRUE, &error);
  YcServerDb *db = NULL;
  g_autofree char *text = NULL;
  YcCatalogueDelta *delta;
  YcCatalogueCache *cache;
  Apply apply = { FALSE, FALSE };

  if (server == NULL || !(db = yc_server_db_open (server_db, &error)) ||
      !(text = yc_server_db_catalogue_since (db, 0, 20000, &error)) ||
      !(delta = yc_catalogue_delta_new_from_text (text, strlen (text), &error)) ||
      !(cache = yc_catalogue_cache_open (cache_db, &error)))
    g_error ("cannot make the demo catalogue: %s", error->message);

  /* Each package with its items, as the guide view starts an intake of it. */
  for (guint i = 0; i < delta->entries->len; i++)
    {
      YcCatalogueEntry *entry = g_ptr_array_index (delta->entries, i);
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(GStrvBuilder) items = g_strv_builder_new ();
      JsonArray *codes;

      if (entry->kind != YC_CATALOGUE_PACKAGE)
        continue;
      body = yc_wire_parse_object (entry->body, entry->body_length, 0, NULL);
      codes = json_object_get_array_member (json_node_get_object (body), "items");
      g_strv_builder_add (items, entry->code);
      for (guint j = 0; j < json_array_get_length (codes); j++)
        g_strv_builder_add (items, json_array_get_string_element (codes, j));
      /* The package's code first, then its items. */
      g_ptr_array_add (packages, g_strv_builder_end (items));
    }
  yc_server_db_free (db);
  yc_catalogue_cache_apply_async (cache, delta, NULL, on_applied_cb, &apply);
  wait_until (applied, &apply);
  if (!apply.ok)
    exit (1);
  return cache;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *desk_db = NULL;
  g_autoptr(GPtrArray) packages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(YcCatalogueCache) cache = NULL;
  g_autoptr(YcStore) store = NULL;
  g_autoptr(YcClient) client = NULL;
  g_autoptr(YcContext) context = NULL;
  g_autoptr(GArray) opens = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) largest_opens = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) work = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  YcIntakeView *view;
  GdkFrameClock *clock;
  const char *largest = NULL;
  GStrv largest_package = NULL;
  guint largest_fields = 0;
  GtkEditable *field;

  setlocale (LC_ALL, "");
  if (!gtk_init_check ())
    {
      g_printerr ("bench-intake needs a display: run it under xvfb-run\n");
      return 77;
    }
  adw_init ();
  /* No blinking cursor either: its fade is a tick callback that repaints at 60 Hz while
   * the field has the focus, so a key would wait for the next tick (0 to 16.7 ms) however
   * little the desk does; without it the frame follows the key, and what is measured is
   * the desk's own latency. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, "gtk-cursor-blink", FALSE, NULL);

  dir = g_dir_make_tmp ("yc-bench-intake-XXXXXX", &error);
  g_assert_no_error (error);
  cache = demo_cache (dir, packages);
  desk_db = g_build_filename (dir, "desk.db", NULL);
  store = yc_store_open (desk_db, &error);
  g_assert_no_error (error);
  /* No server: the form never needs it until a lookup. */
  client = yc_client_new ("http://127.0.0.1:9");
  context = yc_context_new_for_client (client, store, cache, NULL);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  view = YC_INTAKE_VIEW (yc_intake_view_new (context));
  g_object_set (view, "print-papers", FALSE, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "update", G_CALLBACK (on_update_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), NULL);

  for (guint round = 0; round < ROUNDS; round++)
    for (guint p = 0; p < packages->len; p++)
      {
        GStrv package = g_ptr_array_index (packages, p);
        const char *code = package[0];
        g_autoptr(YcIntake) intake = yc_intake_new (code, (const char * const *) package + 1, NULL);
        g_auto(GStrv) form = NULL;
        gint64 start;
        double ms;

        yc_intake_view_show (view, NULL, NULL);
        painted = FALSE;
        wait_until (is_painted, NULL);

        painted = FALSE;
        start = g_get_monotonic_time ();
        yc_intake_view_show (view, cache, intake);
        gtk_widget_queue_draw (window);
        wait_until (form_drawn, view);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (opens, ms);

        form = yc_intake_view_dup_keys (view);
        if (round == 0 && g_strv_length (form) > largest_fields)
          {
            largest_fields = g_strv_length (form);
            largest = code;
            largest_package = package;
          }
        if (round > 0 && g_strcmp0 (code, largest) == 0)
          g_array_append_val (largest_opens, ms);
      }

  /* Typing into the largest form. */
  {
    g_autoptr(YcIntake) intake = yc_intake_new (largest, (const char * const *) largest_package + 1, NULL);

    painted = FALSE;
    yc_intake_view_show (view, cache, intake);
    wait_until (form_drawn, view);
    field = yc_intake_view_get_editable (view, "applicant.name");
    g_assert_nonnull (field);
    gtk_widget_grab_focus (GTK_WIDGET (field));
    for (guint i = 0; i < KEYSTROKES; i++)
      {
        int position = -1;
        gint64 start;
        double ms;

        gint64 handled;
        double busy;
        gboolean due = FALSE;

        /* The next key comes when a typist's would, the main loop running meanwhile. */
        g_timeout_add (KEY_INTERVAL_MS, on_key_due_cb, &due);
        wait_until (is_due, &due);
        painted = FALSE;
        start = g_get_monotonic_time ();
        gtk_editable_insert_text (field, i % 2 ? "芳" : "王", -1, &position);
        handled = g_get_monotonic_time ();
        /* The text's change asks for the frame: what it redraws is what typing costs. */
        wait_until (is_painted, NULL);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (keys, ms);
        busy = (handled - start + frame_work) / 1000.0;
        g_array_append_val (work, busy);
      }
  }

  printf ("{\"benchmark\":\"intake\",\"renderer\":\"%s\",\"packages\":%u,\"largest\":\"%s\",\"largest_form_rows\":%u,"
          "\"form_open_ms\":{\"p50\":%.1f,\"max\":%.1f,\"largest_p50\":%.1f,\"largest_max\":%.1f,\"samples\":%u},"
          "\"keystroke_ms\":{\"p50\":%.2f,\"p99\":%.2f,\"max\":%.2f,\"samples\":%u},"
          "\"keystroke_work_ms\":{\"p50\":%.2f,\"p99\":%.2f,\"max\":%.2f},"
          "\"key_interval_ms\":%d,\"targets\":{\"form_open_ms\":150,\"keystroke_ms\":16}}\n",
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
          packages->len, largest ? largest : "", largest_fields,
          bench_percentile (opens, 0.5), bench_percentile (opens, 1.0),
          bench_percentile (largest_opens, 0.5), bench_percentile (largest_opens, 1.0), opens->len,
          bench_percentile (keys, 0.5), bench_percentile (keys, 0.99), bench_percentile (keys, 1.0), keys->len,
          bench_percentile (work, 0.5), bench_percentile (work, 0.99), bench_percentile (work, 1.0),
          KEY_INTERVAL_MS);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&context);
  yc_test_remove_tree (dir);
  return 0;
}
