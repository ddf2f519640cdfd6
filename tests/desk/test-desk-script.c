/* test-desk-script.c: a desk whose translation is Traditional (meson's desk-zh_TW) shows
 * the centre's Simplified data in Traditional too (issue 18): the walk of
 * test-desk-shell.c, with a guides search, a guide and a decided case on the way, reads
 * every text shown at every stop, and OpenCC's s2tw changes none of them; what the desk
 * keeps and sends stays as the server wrote it. */
#include "config-desk.h"

#include "desk-fixture.h"

#include <string.h>

#include "core/yc-case.h"
#include "core/yc-script.h"
#include "core/yc-time.h"

#include "../test-util.h"

#include "yc-display.h"
#include "yc-guide-hit.h"

typedef struct
{
  GString *problems;
  guint    n_texts;
  guint    n_stops;
} Walk;

/* text, shown by widget, is Traditional: s2tw would leave it as it is. */
static void
check_text (Walk       *walk,
            const char *where,
            GtkWidget  *widget,
            GtkWidget  *top,
            const char *what,
            const char *text)
{
  g_autofree char *converted = NULL;

  if (text == NULL || *text == '\0')
    return;
  walk->n_texts++;
  converted = yc_script_convert (YC_SCRIPT_TAIWAN, text);
  if (!g_str_equal (converted, text))
    {
      g_autofree char *path = widget != NULL ? a11y_widget_path (widget, top) : g_strdup ("the window");

      g_string_append_printf (walk->problems, "\n  %s: %s, %s: “%s” (in Traditional: “%s”)", where, path, what, text,
                              converted);
    }
}

/* Every text a clerk sees under widget: labels, what a list or a read-only text view
 * shows, and the tooltips of what is shown. What the clerk types (entries, the text of an
 * editable view) is theirs and is left alone, and so is what is not shown. */
static void
walk_widget (Walk       *walk,
             const char *where,
             GtkWidget  *widget,
             GtkWidget  *top)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    check_text (walk, where, widget, top, "label", gtk_label_get_text (GTK_LABEL (widget)));
  else if (GTK_IS_INSCRIPTION (widget))
    check_text (walk, where, widget, top, "inscription", gtk_inscription_get_text (GTK_INSCRIPTION (widget)));
  else if (GTK_IS_TEXT_VIEW (widget) && !gtk_text_view_get_editable (GTK_TEXT_VIEW (widget)))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      check_text (walk, where, widget, top, "text", text);
    }
  if (gtk_widget_get_has_tooltip (widget))
    {
      const char *tooltip = gtk_widget_get_tooltip_text (widget);

      check_text (walk, where, widget, top, "tooltip", tooltip);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk_widget (walk, where, child, top);
}

static void
check_stop (Fixture    *f,
            GtkWindow  *toplevel,
            const char *where,
            const char *owner,
            gpointer    data)
{
  Walk *walk = data;

  walk->n_stops++;
  check_text (walk, where, NULL, NULL, "title", gtk_window_get_title (toplevel));
  walk_widget (walk, where, GTK_WIDGET (toplevel), GTK_WIDGET (toplevel));
  {
    g_autofree char *name = g_strdup (where);

    g_strcanon (name, "abcdefghijklmnopqrstuvwxyz0123456789", '-');
    if (toplevel == GTK_WINDOW (f->window))
      save_screenshot (f, name);
  }
}

/* Fails with every Simplified text the walk met so far. */
static void
assert_traditional (Walk *walk)
{
  if (walk->problems->len > 0)
    g_error ("A Traditional desk shows Simplified:%s", walk->problems->str);
}

static void
stop_here (Fixture    *f,
           const char *where,
           Walk       *walk)
{
  settle (GTK_WIDGET (f->window));
  check_stop (f, GTK_WINDOW (f->window), where, NULL, walk);
}

/* The server's words, as a Traditional desk shows them. */
static gboolean
shows_text (Fixture    *f,
            const char *text)
{
  return find_shown_text (GTK_WIDGET (f->window), text) != NULL;
}

static gboolean
searching (Fixture *f)
{
  gboolean busy = FALSE;

  g_object_get (yc_window_get_guides_page (f->window), "searching", &busy, NULL);
  return busy;
}

static void
keep_paper (YcDocument *doc,
            gpointer    data)
{
  YcDocument **kept = data;

  g_clear_pointer (kept, yc_document_unref);
  *kept = yc_document_ref (doc);
}

/* An accepted case with a material to bring later, as the intake view records it. */
static YcRecord *
accepted_case (void)
{
  g_autofree char *today = yc_time_today ();
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) body = NULL;
  GDate day;
  g_autofree char *due = NULL;

  yc_time_parse_date (today, &day);
  g_date_add_days (&day, 10);
  due = yc_time_format_date (&day);
  text = g_strdup_printf ("{\"decision\":\"accepted\",\"package\":null,\"items\":[\"990100-SCJG-XK-0001\"],"
                          "\"title\":\"企业设立登记\",\"ticket\":null,"
                          "\"applicant\":{\"type\":\"person\",\"name\":\"赵丽\",\"id_number\":\"410703197503081013\","
                          "\"phone\":\"13837306655\",\"address\":null},\"agent\":null,\"fields\":{},"
                          "\"materials\":[{\"name\":\"公司章程\",\"status\":\"provided\",\"pages\":12},"
                          "{\"name\":\"住所（经营场所）使用证明\",\"status\":\"deferred\",\"pages\":0,"
                          "\"supplement_by\":\"%s\"}],"
                          "\"accepted_on\":\"%s\",\"promised_days\":5,\"due_date\":\"%s\","
                          "\"commitment\":{\"signed_by\":\"赵丽\",\"signed_on\":\"%s\"}}",
                          due, today, due, today);
  body = json_from_string (text, NULL);
  g_assert_nonnull (body);
  g_assert_true (yc_case_validate_body (body, 0, NULL));
  return yc_record_new ("case", body);
}

static void
test_traditional (Fixture       *f,
                  gconstpointer  data)
{
  Walk walk = { g_string_new (NULL), 0, 0 };
  YcGuidesPage *guides;
  g_autoptr(YcRecord) record = accepted_case ();
  g_autoptr(YcDocument) paper = NULL;
  YcIntakePage *intake;

  g_assert_cmpint (yc_display_get_script (), ==, YC_SCRIPT_TAIWAN);

  /* Every page and dialog, with a citizen called, a guide, an intake and a task. */
  walk_desk (f, check_stop, &walk);
  assert_traditional (&walk);
  /* The hall, a service and the package at the window, as the server wrote them
   * (示范市政务服务中心, 企业事务, 企业开办一件事), in Traditional. */
  g_assert_true (shows_text (f, "示範市政務服務中心"));
  g_assert_true (shows_text (f, "企業事務"));

  /* A search: its results, then a guide opened from them. */
  guides = yc_window_get_guides_page (f->window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "guides"));
  gtk_editable_set_text (yc_guides_page_get_search_entry (guides), "企业");
  yc_test_wait_until (searching (f), TIMEOUT_S);
  yc_test_wait_until (!searching (f), TIMEOUT_S);
  g_assert_cmpuint (g_list_model_get_n_items (yc_guides_page_get_results (guides)), >, 0);
  g_assert_cmpstr (yc_guides_page_get_list_shown (guides), ==, "results");
  stop_here (f, "guides page: search results", &walk);
  g_assert_true (shows_text (f, "企業設立登記"));
  yc_guides_page_open (guides, YC_CATALOGUE_ITEM, "990100-SCJG-XK-0001");
  yc_test_wait_until (g_strcmp0 (yc_guide_view_get_code (yc_guides_page_get_guide_view (guides)),
                                 "990100-SCJG-XK-0001") == 0, TIMEOUT_S);
  stop_here (f, "guides page: a guide found", &walk);

  /* A decided case in the Records list. */
  intake = yc_window_get_intake_page (f->window);
  yc_intake_page_set_paper_sink (intake, keep_paper, &paper);
  {
    const char *items[] = { "990100-SCJG-XK-0001", NULL };
    g_autoptr(YcIntake) decided = yc_intake_new (NULL, items, NULL);

    g_signal_emit_by_name (yc_intake_page_get_view (intake), "decided", decided, record);
  }
  yc_test_wait_until (paper != NULL, TIMEOUT_S);
  yc_intake_page_set_paper_sink (intake, NULL, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "records"));
  yc_test_wait_until (g_list_model_get_n_items (yc_cases_get_model (yc_context_get_cases (f->context))) > 0,
                      TIMEOUT_S);
  stop_here (f, "records page: a case", &walk);
  g_assert_true (shows_text (f, "企業設立登記"));

  g_test_message ("%u texts read at %u stops", walk.n_texts, walk.n_stops);
  g_assert_cmpuint (walk.n_stops, >=, 15);
  assert_traditional (&walk);
  g_string_free (walk.problems, TRUE);

  /* Only the screen is converted: what the desk keeps and sends is the server's. */
  {
    g_autoptr(YcCaseEntry) entry = g_list_model_get_item (yc_cases_get_model (yc_context_get_cases (f->context)), 0);
    const YcSession *session = yc_client_get_session (f->client);
    YcNoticeInfo info;

    g_assert_cmpstr (yc_case_entry_get_title (entry), ==, "企业设立登记");
    g_assert_cmpstr (session->hall_name, ==, "示范市政务服务中心");
    yc_test_wait_until (server_count (f, "SELECT count(*) FROM records WHERE kind = 'case'"
                                         " AND json_extract (body, '$.title') = '企业设立登记'") == 1, TIMEOUT_S);
    /* The papers follow the hall, not the desk. */
    yc_notice_info_init (&info, f->context, NULL);
    g_assert_cmpstr (info.language, ==, "zh_CN");
  }
}

void
yc_test_desk_script_add_tests (void)
{
  YcScript script = yc_display_get_script ();

  if (script == YC_SCRIPT_TAIWAN || script == YC_SCRIPT_HONG_KONG)
    add_guides_test ("/desk/script/traditional", test_traditional);
}
