/* test-desk-pseudo.c: the desk in a language of its own, 'qps', in which every message
 * reads ⟦as its source text⟧ (tools/gen-pseudo-locale makes it when the desk is built,
 * from the files po/POTFILES.in lists, as the template is made). Walked as
 * test-desk-shell.c walks it, and further: the menus, a training desk's, a case accepted
 * and opened on the Records page, the questions of the Queue page and the intake, the
 * offline desk, the Keyboard Shortcuts and About windows. Every text shown there (labels,
 * tooltips, placeholders and field texts, what a screen reader is told, menu items,
 * window titles, the choices of drop-downs, columns' titles) has its Latin letters
 * between the markers. Any other is a string that escaped gettext: left out of _() or
 * translatable="yes", or in a file missing from po/POTFILES.in. The case names each, with
 * where the walk was and the widget that shows it. What may stand outside the markers is
 * said where it is let through: the server's data, technical tokens, what GTK and
 * libadwaita write and translate themselves. The cases are there only with
 * YC_TEST_PSEUDO set: meson runs them as desk-pseudo, in that language. */
#include "config-desk.h"

#include "desk-fixture.h"

#include <string.h>

#include "../test-util.h"

#include "yc-application.h"
#include "yc-training-actions.h"

#define OPEN  "⟦"
#define CLOSE "⟧"

typedef struct
{
  char       *where;
  char       *path;
  const char *kind;
  char       *text;
} Escape;

typedef struct
{
  GPtrArray  *data;         /* the data's texts in English, longest first */
  GRegex     *tokens;
  GHashTable *seen;         /* "path\x1fkind\x1ftext": each escape told once */
  GPtrArray  *escapes;      /* of Escape */
  guint       n_texts;
  guint       n_marked;
} Walk;

static void
escape_free (gpointer data)
{
  Escape *escape = data;

  g_free (escape->where);
  g_free (escape->path);
  g_free (escape->text);
  g_free (escape);
}

/* ---- What may stand outside the markers ---- */

static void
collect_english (JsonNode  *node,
                 GPtrArray *data)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);
      const char *english = json_object_get_string_member_with_default (object, "en", NULL);

      if (english != NULL && *english != '\0')
        g_ptr_array_add (data, g_strdup (english));
      for (GList *l = members; l != NULL; l = l->next)
        collect_english (json_object_get_member (object, l->data), data);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_english (json_array_get_element (array, i), data);
    }
}

static void
collect_english_json (const char *json,
                      gsize       length,
                      GPtrArray  *data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, length, &error);
  g_assert_no_error (error);
  collect_english (json_parser_get_root (parser), data);
}

static void
collect_demo_english (const char *folder,
                      GPtrArray  *data)
{
  g_auto(GStrv) names = g_resources_enumerate_children (folder, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (folder, names[i], NULL);

      if (g_str_has_suffix (names[i], "/"))
        collect_demo_english (path, data);
      else if (g_str_has_suffix (names[i], ".json"))
        {
          g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
          gsize length;
          const char *json = g_bytes_get_data (bytes, &length);

          collect_english_json (json, length, data);
        }
    }
}

static int
longer_first (gconstpointer a,
              gconstpointer b)
{
  return (int) strlen (*(const char **) b) - (int) strlen (*(const char **) a);
}

static void
walk_init (Walk *walk)
{
  g_autoptr(GError) error = NULL;

  /* The server's data, and the demo's, that the desk shows as it comes: Chinese but for
   * codes (caught by the tokens below), except the texts of training scenarios, which
   * are {"zh_CN", "zh_TW", "en"} objects and read in English in a language they do not
   * have (yc_scenario_text). Those English texts, from the demo's files and the tests'
   * sample report and story, are let through: nothing else of the data. */
  walk->data = g_ptr_array_new_with_free_func (g_free);
  collect_demo_english ("/cn/yichuang/Demo/", walk->data);
  g_assert_cmpuint (walk->data->len, >, 20);
  collect_english_json (sample_report_json, strlen (sample_report_json), walk->data);
  collect_english_json (sample_story_json, strlen (sample_story_json), walk->data);
  /* The longest first, so that no shorter one takes a piece out of a longer one. */
  g_ptr_array_sort (walk->data, longer_first);

  /* Technical tokens, the same in every language: an address (http://127.0.0.1:8470);
   * a code of capitals and digits with at least one digit: a queue number (A001), an
   * item's or a package's code (990100-SCJG-XK-0001, YJS-001), a credit code, a function
   * key (F2); a lone capital: a service's letter (A, B), which the server names it by;
   * a key combination as GTK writes it (gtk_accelerator_get_label (): Ctrl+1), its key
   * names GTK's own. */
  {
    g_autoptr(GString) pattern = g_string_new ("[a-z][a-z0-9+.-]*://[^\\s]+"
                                               "|(?<![A-Za-z0-9-])(?=[A-Z0-9-]*[0-9])[A-Z0-9]+(?:-[A-Z0-9]+)*(?![A-Za-z0-9-])"
                                               "|(?<![A-Za-z0-9-])[A-Z](?![A-Za-z0-9-])"
                                               "|(?:");
    const GdkModifierType modifiers[] = { GDK_CONTROL_MASK, GDK_SHIFT_MASK, GDK_ALT_MASK, GDK_SUPER_MASK };

    for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
      {
        g_autofree char *label = gtk_accelerator_get_label (GDK_KEY_1, modifiers[i]);
        g_autofree char *escaped = NULL;

        g_assert_true (g_str_has_suffix (label, "1"));
        label[strlen (label) - 1] = '\0';
        escaped = g_regex_escape_string (label, -1);
        g_string_append_printf (pattern, "%s%s", i > 0 ? "|" : "", escaped);
      }
    g_string_append (pattern, ")+[^\\s]+");
    walk->tokens = g_regex_new (pattern->str, G_REGEX_OPTIMIZE, 0, &error);
    g_assert_no_error (error);
  }
  walk->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  walk->escapes = g_ptr_array_new_with_free_func (escape_free);
}

static void
walk_clear (Walk *walk)
{
  g_clear_pointer (&walk->data, g_ptr_array_unref);
  g_clear_pointer (&walk->tokens, g_regex_unref);
  g_clear_pointer (&walk->seen, g_hash_table_unref);
  g_clear_pointer (&walk->escapes, g_ptr_array_unref);
}

static gboolean
has_latin (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalpha (c) && g_unichar_get_script (c) == G_UNICODE_SCRIPT_LATIN)
        return TRUE;
    }
  return FALSE;
}

/* text without what stands between the markers (they nest: a message's argument may be
 * another message), the data's English texts and the technical tokens. */
static char *
unmarked (Walk       *walk,
          const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint depth = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_str_has_prefix (p, OPEN))
        depth++;
      else if (g_str_has_prefix (p, CLOSE) && depth > 0)
        depth--;
      else if (depth == 0)
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  for (guint i = 0; i < walk->data->len && has_latin (out->str); i++)
    g_string_replace (out, walk->data->pdata[i], " ", 0);
  return g_regex_replace_literal (walk->tokens, out->str, -1, 0, " ", 0, NULL);
}

/* ---- Reading what a toplevel shows ---- */

static void
read_text (Walk       *walk,
           const char *where,
           GtkWidget  *widget,
           GtkWidget  *top,
           const char *kind,
           const char *text)
{
  g_autofree char *rest = NULL;
  g_autofree char *path = NULL;
  Escape *escape;

  if (text == NULL || *text == '\0')
    return;
  walk->n_texts++;
  if (strstr (text, OPEN) != NULL)
    walk->n_marked++;
  rest = unmarked (walk, text);
  if (!has_latin (rest))
    return;
  path = widget != top ? a11y_widget_path (widget, top) : g_strdup (G_OBJECT_TYPE_NAME (top));
  if (!g_hash_table_add (walk->seen, g_strconcat (path, "\x1f", kind, "\x1f", text, NULL)))
    return;
  escape = g_new0 (Escape, 1);
  escape->where = g_strdup (where);
  escape->path = g_steal_pointer (&path);
  escape->kind = kind;
  escape->text = g_strdup (text);
  g_ptr_array_add (walk->escapes, escape);
}

/* What GTK's test accessibility backend keeps of property, or NULL. GTK 4.8 has no call
 * that reads it, but its check says what it found when it is not what was asked. */
static char *
accessible_property (GtkWidget             *widget,
                     GtkAccessibleProperty  property)
{
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), property))
    return NULL;
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), property, "\x1f not this \x1f");
}

/* Every item of a menu, its sections and submenus: what the menu shows when opened. */
static void
read_menu (Walk       *walk,
           const char *where,
           GtkWidget  *widget,
           GtkWidget  *top,
           GMenuModel *menu)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuLinkIter) links = g_menu_model_iterate_item_links (menu, i);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        read_text (walk, where, widget, top, "menu item", label);
      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) link = g_menu_link_iter_get_value (links);

          read_menu (walk, where, widget, top, link);
        }
    }
}

/* The choices of a drop-down, as its expression makes them strings. */
static void
read_choices (Walk          *walk,
              const char    *where,
              GtkWidget     *widget,
              GtkWidget     *top,
              GListModel    *model,
              GtkExpression *expression)
{
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_auto(GValue) value = G_VALUE_INIT;

      if (expression != NULL && gtk_expression_evaluate (expression, item, &value) && G_VALUE_HOLDS_STRING (&value))
        read_text (walk, where, widget, top, "choice", g_value_get_string (&value));
      else if (GTK_IS_STRING_OBJECT (item))
        read_text (walk, where, widget, top, "choice", gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
    }
}

static void
read_widget (Walk       *walk,
             const char *where,
             GtkWidget  *widget,
             GtkWidget  *top)
{
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;

  /* A popover is read while it is hidden too: it is what a click shows. */
  if (!GTK_IS_POPOVER (widget) && (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget)))
    return;
  /* A calendar's day and month names are the C library's (LC_TIME, C.UTF-8 here), and
   * the keys a shortcut label draws GTK's own (gtk_accelerator_get_label ()). */
  if (GTK_IS_CALENDAR (widget) || GTK_IS_SHORTCUT_LABEL (widget))
    return;

  if (GTK_IS_LABEL (widget))
    read_text (walk, where, widget, top, "label", gtk_label_get_text (GTK_LABEL (widget)));
  read_text (walk, where, widget, top, "tooltip", gtk_widget_get_tooltip_text (widget));
  if (GTK_IS_TEXT (widget))
    {
      read_text (walk, where, widget, top, "placeholder", gtk_text_get_placeholder_text (GTK_TEXT (widget)));
      read_text (walk, where, widget, top, "text", gtk_editable_get_text (GTK_EDITABLE (widget)));
    }
  label = accessible_property (widget, GTK_ACCESSIBLE_PROPERTY_LABEL);
  read_text (walk, where, widget, top, "accessible label", label);
  description = accessible_property (widget, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  read_text (walk, where, widget, top, "accessible description", description);

  if (GTK_IS_POPOVER_MENU (widget))
    {
      /* Its model says all it shows: its buttons are made for the items whose actions
       * are there, and draw accelerators with GTK's key names. */
      GMenuModel *menu = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (widget));

      if (menu != NULL)
        read_menu (walk, where, widget, top, menu);
      return;
    }
  if (GTK_IS_DROP_DOWN (widget))
    read_choices (walk, where, widget, top, gtk_drop_down_get_model (GTK_DROP_DOWN (widget)),
                  gtk_drop_down_get_expression (GTK_DROP_DOWN (widget)));
  if (ADW_IS_COMBO_ROW (widget))
    read_choices (walk, where, widget, top, adw_combo_row_get_model (ADW_COMBO_ROW (widget)),
                  adw_combo_row_get_expression (ADW_COMBO_ROW (widget)));
  if (GTK_IS_COLUMN_VIEW (widget))
    {
      GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (widget));

      for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

          read_text (walk, where, widget, top, "column title", gtk_column_view_column_get_title (column));
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    read_widget (walk, where, child, top);
}

static void
read_stop (Fixture    *f,
           GtkWindow  *toplevel,
           const char *where,
           const char *owner,
           gpointer    data)
{
  Walk *walk = data;
  guint before = walk->n_texts;

  read_text (walk, where, GTK_WIDGET (toplevel), GTK_WIDGET (toplevel), "window title",
             gtk_window_get_title (toplevel));
  read_widget (walk, where, GTK_WIDGET (toplevel), GTK_WIDGET (toplevel));
  g_test_message ("%s: %u texts", where, walk->n_texts - before);
  /* With YC_TEST_SCREENSHOTS set: how the desk looks with longer texts. */
  {
    g_autofree char *name = g_ascii_strdown (where, -1);
    g_autofree char *file = NULL;

    g_strcanon (name, "abcdefghijklmnopqrstuvwxyz0123456789", '-');
    file = g_strconcat ("pseudo-", name, NULL);
    save_window_screenshot (toplevel, file);
  }
}

/* ---- What GTK and libadwaita say themselves ---- */

/* A text GTK or libadwaita writes and translates with their own catalogues, which know no
 * 'qps' (a window's "Close" button, the About window's "Credits"): one of them
 * translates it into Simplified Chinese. Their catalogues come with GTK and libadwaita
 * (libgtk-4-common, libadwaita-1-0), installed with them on Debian 12. A word of the
 * desk's own that is also one of theirs ("Close") would pass for theirs; its sentences
 * would not. */
static gboolean
toolkit_text (const char *text)
{
  static const char *const domains[] = { "gtk40", "libadwaita" };

  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    if (g_strcmp0 (dgettext (domains[i], text), text) != 0)
      return TRUE;
  return FALSE;
}

/* glibc reads LANGUAGE again once the text domain is set, even to the same. */
static void
set_language (const char *language)
{
  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  textdomain (GETTEXT_PACKAGE);
}

static void
drop_toolkit_texts (Walk *walk)
{
  g_autofree char *language = g_strdup (g_getenv ("LANGUAGE"));

  set_language ("zh_CN");
  /* GTK's catalogue is there: its Cancel is translated. */
  g_assert_true (toolkit_text ("_Cancel"));
  for (guint i = walk->escapes->len; i-- > 0;)
    {
      Escape *escape = walk->escapes->pdata[i];

      if (toolkit_text (escape->text))
        {
          g_test_message ("GTK's or libadwaita's own text: %s: %s %s “%s”", escape->where, escape->path,
                          escape->kind, escape->text);
          g_ptr_array_remove_index (walk->escapes, i);
        }
    }
  set_language (language);
}

/* ---- More stops than the shell's walk ---- */

/* The dialog the action opens from widget (with param, floating or not, or none), read,
 * then closed as its close response closes it. */
static void
stop_at_question (Fixture    *f,
                  GtkWidget  *widget,
                  const char *action,
                  GVariant   *param,
                  const char *where,
                  const char *owner,
                  Walk       *walk)
{
  g_autoptr(GVariant) owned = param != NULL ? g_variant_ref_sink (param) : NULL;
  AdwMessageDialog *dialog;

  g_assert_null (find_dialog ());
  g_assert_true (gtk_widget_activate_action_variant (widget, action, owned));
  dialog = wait_dialog ();
  yc_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (dialog)), TIMEOUT_S);
  settle (GTK_WIDGET (dialog));
  read_stop (f, GTK_WINDOW (dialog), where, owner, walk);
  adw_message_dialog_response (dialog, adw_message_dialog_get_close_response (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  yc_test_wait_until (find_dialog () == NULL, TIMEOUT_S);
}

static void
stop_at_main (Fixture    *f,
              const char *where,
              Walk       *walk)
{
  settle (GTK_WIDGET (f->window));
  read_stop (f, GTK_WINDOW (f->window), where, NULL, walk);
}

static void
stop_at_window (Fixture    *f,
                GtkWidget  *window,
                const char *where,
                const char *owner,
                Walk       *walk)
{
  gtk_window_present (GTK_WINDOW (window));
  yc_test_wait_until (gtk_widget_get_mapped (window), TIMEOUT_S);
  settle (window);
  read_stop (f, GTK_WINDOW (window), where, owner, walk);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
show_page (Fixture    *f,
           const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", name));
  g_assert_cmpstr (yc_window_get_visible_page (f->window), ==, name);
}

/* The id of the first case listed once the centre has numbered it, or NULL. */
static char *
numbered_case_id (GListModel *cases)
{
  g_autoptr(YcCaseEntry) first = g_list_model_get_n_items (cases) > 0 ? g_list_model_get_item (cases, 0) : NULL;

  return first != NULL && yc_case_entry_get_case_number (first) != NULL ? g_strdup (yc_case_entry_get_id (first)) : NULL;
}

/* 企业开办 taken with the lease to come later: the form filled in, the intake's question
 * before it is accepted, the letter of commitment's, then the case on the Records page and
 * opened there. */
static void
walk_case (Fixture *f,
           Walk    *walk)
{
  const char *items[] = { "990100-SCJG-XK-0001", "990100-GA-QT-0001", NULL };
  YcRecordsPage *records = yc_window_get_records_page (f->window);
  g_autofree char *id = NULL;
  GtkWidget *view;
  YcIntake *intake;

  /* What stands in the way of an empty form (the walk left the intake it started). */
  show_page (f, "intake");
  view = GTK_WIDGET (intake_view (f));
  stop_at_question (f, view, "intake.accept", NULL, "intake page: what stands in the way", "yc-intake-dialogs.c",
                    walk);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (intake_page (f)), "intake.discard", NULL));
  answer_dialog (wait_dialog (), "discard");
  yc_test_wait_until (g_list_model_get_n_items (yc_intake_page_get_intakes (intake_page (f))) == 0, TIMEOUT_S);

  g_object_set (intake_view (f), "print-papers", FALSE, "paper-folder", f->dir, NULL);
  intake = yc_intake_page_start (intake_page (f), "YJS-001", items, "企业开办一件事", NULL);
  yc_test_wait_until (intake_shown (f), TIMEOUT_S);
  fill_in_intake (f, intake, 1);
  g_assert_true (yc_intake_view_choose_material (intake_view (f), "住所（经营场所）使用证明", YC_MATERIAL_DEFERRED));
  stop_at_main (f, "intake page: filled in, a material to come later", walk);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (intake_view (f)), "intake.accept", NULL));
  {
    AdwMessageDialog *dialog = wait_dialog ();

    yc_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (dialog)), TIMEOUT_S);
    settle (GTK_WIDGET (dialog));
    read_stop (f, GTK_WINDOW (dialog), "intake page: the letter of commitment", "yc-intake-dialogs.c", walk);
    /* Printed, signed, accepted: as /desk/intake/accept does. */
    g_signal_emit_by_name (gtk_widget_get_first_child (gtk_widget_get_first_child (adw_message_dialog_get_extra_child (dialog))),
                           "clicked");
    adw_message_dialog_response (dialog, "accept");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  yc_test_wait_until (g_list_model_get_n_items (yc_intake_page_get_intakes (intake_page (f))) == 0, TIMEOUT_S);
  yc_test_wait_until (yc_store_get_pending (f->store) == 0, TIMEOUT_S);

  show_page (f, "records");
  yc_records_page_refresh (records);
  yc_test_wait_until ((id = numbered_case_id (yc_records_page_get_cases (records))) != NULL, TIMEOUT_S);
  stop_at_main (f, "records page: a case", walk);
  stop_at_question (f, GTK_WIDGET (records), "records.open", g_variant_new_string (id),
                    "records page: a case opened", "yc-records-page.c", walk);
}

/* The Queue page's questions and its day after a visit; a training desk's menu. */
static void
walk_queue (Fixture *f,
            Walk    *walk)
{
  YcQueuePage *page = queue_page (f);
  GtkWidget *queue = GTK_WIDGET (page);

  show_page (f, "queue");
  if (yc_queue_page_get_current (page) != NULL)
    {
      act_and_settle (f, "queue.finish");
      yc_test_wait_until (yc_queue_page_get_current (page) == NULL && !yc_queue_page_get_busy (page), TIMEOUT_S);
    }
  stop_at_main (f, "queue page: the day after a visit", walk);
  stop_at_question (f, queue, "queue.requeue", NULL, "queue page: put a no-show back", "yc-queue-page.c", walk);
  stop_at_question (f, queue, "queue.pause", g_variant_new_string ("closed"), "queue page: close the window",
                    "yc-queue-page.c", walk);

  /* A training desk: its menu (the report of a scenario played). */
  yc_training_take_report (yc_context_get_training (f->context), sample_training_report ());
  yc_test_wait_until (yc_training_actions_shown (yc_window_get_primary_menu (f->window)), TIMEOUT_S);
  stop_at_main (f, "queue page: a training desk", walk);
}

static gboolean
searched (Fixture *f)
{
  gboolean busy;

  g_object_get (yc_window_get_guides_page (f->window), "searching", &busy, NULL);
  return !busy;
}

/* A citizen parked and the next at the window; the window paused for a break; the guides
 * found, and not found; the Tasks page's other views; the Records page's search finding
 * nothing. */
static void
walk_states (Fixture *f,
             Walk    *walk)
{
  YcQueuePage *page = queue_page (f);
  YcGuidesPage *guides = yc_window_get_guides_page (f->window);
  YcTasksPage *tasks = yc_window_get_tasks_page (f->window);
  g_autoptr(YcTicket) first = NULL;
  g_autoptr(YcTicket) second = NULL;

  show_page (f, "queue");
  first = take_ticket (f, "A");
  second = take_ticket (f, "A");
  act_and_settle (f, "queue.call-next");
  act_and_settle (f, "queue.park");
  act_and_settle (f, "queue.call-next");
  yc_test_wait_until (g_list_model_get_n_items (yc_queue_get_parked (yc_queue_page_get_queue (page))) == 1 &&
                      yc_queue_page_get_current (page) != NULL, TIMEOUT_S);
  stop_at_main (f, "queue page: a citizen parked, the next at the window", walk);
  act_and_settle (f, "queue.finish");
  yc_test_wait_until (yc_queue_page_get_current (page) == NULL && !yc_queue_page_get_busy (page), TIMEOUT_S);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.pause", "s", "break"));
  yc_test_wait_until (yc_queue_page_get_paused (page) && !yc_queue_page_get_busy (page), TIMEOUT_S);
  stop_at_main (f, "queue page: paused for a break", walk);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "queue.pause", "s", ""));
  yc_test_wait_until (!yc_queue_page_get_paused (page) && !yc_queue_page_get_busy (page), TIMEOUT_S);

  show_page (f, "guides");
  gtk_editable_set_text (yc_guides_page_get_search_entry (guides), "营业执照");
  yc_test_wait_until (searched (f) && g_strcmp0 (yc_guides_page_get_list_shown (guides), "results") == 0, TIMEOUT_S);
  stop_at_main (f, "guides page: found", walk);
  gtk_editable_set_text (yc_guides_page_get_search_entry (guides), "没有这一项");
  yc_test_wait_until (searched (f) && g_strcmp0 (yc_guides_page_get_list_shown (guides), "none") == 0, TIMEOUT_S);
  stop_at_main (f, "guides page: nothing found", walk);
  gtk_editable_set_text (yc_guides_page_get_search_entry (guides), "");

  show_page (f, "tasks");
  yc_tasks_page_set_view (tasks, "claimable");
  stop_at_main (f, "tasks page: to claim", walk);
  yc_tasks_page_set_view (tasks, "done");
  stop_at_main (f, "tasks page: done", walk);
  yc_tasks_page_set_view (tasks, "mine");

  show_page (f, "records");
  gtk_editable_set_text (yc_records_page_get_search_entry (yc_window_get_records_page (f->window)), "没有这一件");
  yc_test_wait_until (g_list_model_get_n_items (yc_records_page_get_cases (yc_window_get_records_page (f->window))) == 0,
                      TIMEOUT_S);
  stop_at_main (f, "records page: nothing found", walk);
  gtk_editable_set_text (yc_records_page_get_search_entry (yc_window_get_records_page (f->window)), "");
}

/* Logged out, a wrong PIN: the sentence for the clerk. */
static void
walk_wrong_pin (Fixture *f,
                Walk    *walk)
{
  GtkLabel *error_label = yc_login_page_get_error_label (yc_window_get_login_page (f->window));

  log_out (f);
  fill_in (f, "1001", "000000", "1");
  submit (f);
  yc_test_wait_until (gtk_widget_get_visible (GTK_WIDGET (error_label)), TIMEOUT_S);
  stop_at_main (f, "log-in page: a wrong PIN", walk);
}

/* The server gone: the header and the banner say so. */
static void
walk_offline (Fixture *f,
              Walk    *walk)
{
  server_down (f);
  stop_at_main (f, "offline", walk);
  server_back (f);
}

/* The Keyboard Shortcuts window, read from what it is made of rather than shown: GTK
 * 4.8 measures the "1" of its page switcher at -4 px and warns, in any language (and
 * warnings are fatal here); and so every page of it is read, not the first only. */
static void
walk_shortcuts (Fixture *f,
                Walk    *walk)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/cn/yichuang/Desk/gtk/help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  GtkWidget *window = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  guint before = walk->n_texts;

  g_assert_nonnull (window);
  read_text (walk, "keyboard shortcuts", window, window, "window title", gtk_window_get_title (GTK_WINDOW (window)));
  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data) || GTK_IS_SHORTCUTS_GROUP (l->data) || GTK_IS_SHORTCUTS_SECTION (l->data))
      {
        g_autofree char *title = NULL;
        g_autofree char *subtitle = NULL;

        g_object_get (l->data, "title", &title, NULL);
        read_text (walk, "keyboard shortcuts", l->data, window, "title", title);
        if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
          {
            g_object_get (l->data, "subtitle", &subtitle, NULL);
            read_text (walk, "keyboard shortcuts", l->data, window, "subtitle", subtitle);
          }
      }
  g_test_message ("keyboard shortcuts: %u texts", walk->n_texts - before);
  g_assert_cmpuint (walk->n_texts - before, >, 30);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
walk_about (Fixture *f,
            Walk    *walk)
{
  stop_at_window (f, yc_application_new_about_window (GTK_WINDOW (f->window)), "about", "yc-application.c", walk);
}

/* ---- The cases ---- */

/* The pseudo-locale is what the desk reads, or every text would be an escape. */
static void
assert_pseudo_locale (void)
{
  if (g_strcmp0 (_("Call Next"), OPEN "Call Next" CLOSE) != 0)
    g_error ("The pseudo-locale is not loaded: “Call Next” reads “%s” with LANGUAGE=%s and YICHUANG_LOCALEDIR=%s",
             _("Call Next"), g_getenv ("LANGUAGE"), g_getenv ("YICHUANG_LOCALEDIR"));
}

/* Fails with every escape, once GTK's and libadwaita's own texts are set aside. */
static void
walk_report (Walk  *walk,
             guint  min_marked)
{
  g_autoptr(GString) report = g_string_new (NULL);

  drop_toolkit_texts (walk);
  g_test_message ("%u texts read, %u with markers", walk->n_texts, walk->n_marked);
  g_assert_cmpuint (walk->n_marked, >, min_marked);
  for (guint i = 0; i < walk->escapes->len; i++)
    {
      Escape *escape = walk->escapes->pdata[i];

      g_string_append_printf (report, "\n  %s: %s %s: “%s”", escape->where, escape->path, escape->kind, escape->text);
    }
  if (report->len > 0)
    g_error ("%u texts escaped gettext (no ⟦markers⟧ in the pseudo-locale):%s", walk->escapes->len, report->str);
}

/* A clerk's day on the tests' server, page by page and dialog by dialog. */
static void
test_pseudo_walk (Fixture       *f,
                  gconstpointer  data)
{
  Walk walk = { 0 };

  assert_pseudo_locale ();
  walk_init (&walk);
  walk_desk (f, read_stop, &walk);
  walk_case (f, &walk);
  walk_queue (f, &walk);
  walk_states (f, &walk);
  walk_offline (f, &walk);
  walk_shortcuts (f, &walk);
  walk_about (f, &walk);
  walk_wrong_pin (f, &walk);
  walk_report (&walk, 2000);
  walk_clear (&walk);
}

/* yichuang --scenario quiet-morning: the demo desk while its server starts, then logged
 * in by itself with its Training menu, and its questions before a reset and a restart.
 * Its simulator's data (the demo's tasks, the scenario's texts) comes from the server. */
static void
test_pseudo_demo (void)
{
  Fixture fixture = { 0 };
  Fixture *f = &fixture;
  g_autoptr(GError) error = NULL;
  Walk walk = { 0 };

  assert_pseudo_locale ();
  walk_init (&walk);
  f->context = yc_context_new (NULL, NULL, TRUE, &error);
  g_assert_no_error (error);
  yc_context_set_scenario (f->context, "quiet-morning");
  show_window (f);
  stop_at_main (f, "demo: starting", &walk);

  yc_context_start (f->context);
  yc_test_wait_until (queue_ready (f) && yc_training_get_playing (yc_context_get_training (f->context)), TIMEOUT_S);
  stop_at_main (f, "demo: queue page", &walk);
  show_page (f, "tasks");
  stop_at_main (f, "demo: tasks page", &walk);
  stop_at_question (f, GTK_WIDGET (f->window), "win.reset-demo", NULL, "demo: reset", "yc-window.c", &walk);
  stop_at_question (f, GTK_WIDGET (f->window), "training.restart", NULL, "demo: restart the scenario",
                    "yc-training-actions.c", &walk);

  close_window (f);
  walk_report (&walk, 200);
  walk_clear (&walk);
}

void
yc_test_desk_pseudo_add_tests (void)
{
  if (g_getenv ("YC_TEST_PSEUDO") == NULL)
    return;
  add_guides_test ("/desk/pseudo/walk", test_pseudo_walk);
  g_test_add_func ("/desk/pseudo/demo", test_pseudo_demo);
}
