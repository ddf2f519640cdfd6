/* yc-records-page.c: the clerk's cases (yc-records-page.h).
 *
 * The list is YcCases' model (the outbox's cases joined with the centre's list), filtered
 * by the search; the page decodes no wire JSON and makes no client call. A click on a
 * case opens it: what it is, where it stands, what is still owed, and its papers to
 * print again. ID numbers are shown masked: the full number is only ever in the case form.
 *
 * Above the cases, the records the centre did not apply (YcSync's attention model), each
 * with the reason in the clerk's words and what to do, until the clerk dismisses it. */
#include "config-desk.h"

#include <adwaita.h>
#include <string.h>

#include "core/yc-case.h"
#include "core/yc-error.h"
#include "core/yc-guide.h"
#include "core/yc-time.h"

#include "yc-desk-private.h"
#include "yc-display.h"
#include "yc-guide-load.h"
#include "yc-intake-checklist.h"
#include "yc-records-page.h"
#include "yc-desk-actions.h"

/* ---- The page ---- */

struct _YcRecordsPage
{
  GtkWidget           parent_instance;

  YcContext          *context;
  YcCases            *cases;        /* the context's: the list */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  YcSync             *sync;         /* followed, for its attention model */
  char               *query;        /* folded */

  /* Template widgets */
  GtkBox             *layout;
  GtkSearchEntry     *search_entry;
  GtkLabel           *status_label;
  GtkStack           *stack;
  GtkListView        *list_view;
  GtkBox             *attention_box;
  GtkLabel           *attention_title;
  GtkListBox         *attention_list;
};

G_DEFINE_FINAL_TYPE (YcRecordsPage, yc_records_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
yc_records_page_new (YcContext *context)
{
  g_return_val_if_fail (YC_IS_CONTEXT (context), NULL);

  return g_object_new (YC_TYPE_RECORDS_PAGE, "context", context, NULL);
}

static gboolean
matches (gpointer item,
         gpointer user_data)
{
  YcRecordsPage *self = user_data;

  return yc_case_entry_matches (YC_CASE_ENTRY (item), self->query);
}

static void
on_search_changed_cb (YcRecordsPage *self)
{
  g_free (self->query);
  self->query = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
update_status (YcRecordsPage *self)
{
  GListModel *all = yc_cases_get_model (self->cases);
  guint n = g_list_model_get_n_items (all);
  const GError *error = yc_cases_get_error (self->cases);

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "none");
  if (error != NULL)
    {
      g_autofree char *message = yc_context_describe_error (error, _("The centre’s list could not be fetched."));

      gtk_label_set_text (self->status_label, message);
    }
  else
    {
      /* Translators: under the search field of the Records page */
      g_autofree char *line = g_strdup_printf (ngettext ("%u case", "%u cases", n), n);

      gtk_label_set_text (self->status_label, line);
    }
}

/* ---- Rows ---- */

typedef enum
{
  LIGHT_NONE,
  LIGHT_GREEN,
  LIGHT_YELLOW,   /* due within 3 working days */
  LIGHT_RED,      /* past due */
} Light;

/* The day a case is next due: a material owed first, else its promise or its review. */
static const char *
next_due (YcCaseEntry *entry)
{
  GPtrArray *owed = yc_case_entry_get_owed (entry);
  const char *due = NULL;

  for (guint i = 0; i < owed->len; i++)
    {
      YcCaseOwed *material = g_ptr_array_index (owed, i);

      if (material->due != NULL && (due == NULL || strcmp (material->due, due) < 0))
        due = material->due;
    }
  if (due != NULL)
    return due;
  if (yc_case_entry_get_review_due (entry) != NULL)
    return yc_case_entry_get_review_due (entry);
  return yc_case_entry_get_due_date (entry);
}

static Light
light_of (YcRecordsPage *self,
          YcCaseEntry   *entry)
{
  YcWorkCalendar *calendar = yc_context_get_work_calendar (self->context);
  GDate today, due;
  int left;

  if (calendar == NULL || yc_case_entry_get_decision (entry) == YC_DECISION_NOTICE ||
      !yc_time_parse_date (next_due (entry), &due))
    return LIGHT_NONE;
  yc_time_local_date (&today);
  if (g_date_compare (&due, &today) < 0)
    return LIGHT_RED;
  left = yc_work_calendar_count (calendar, &today, &due);
  return left <= 3 ? LIGHT_YELLOW : LIGHT_GREEN;
}

static char *
describe_status (YcCaseEntry *entry)
{
  guint owed = yc_case_entry_get_owed (entry)->len;

  switch (yc_case_entry_get_progress (entry))
    {
    case YC_CASE_WAITING:
      /* Translators: a case decided at this desk, not yet at the centre (待同步) */
      return g_strdup (_("Waiting to be sent"));
    case YC_CASE_NOT_TAKEN:
      /* Translators: the centre refused the record of this case (未生效) */
      return g_strdup (_("Not taken by the centre"));
    case YC_CASE_UNDER_REVIEW:
      /* Translators: 不予受理, reported for review (否定报备) */
      return g_strdup (_("Refused · under review"));
    case YC_CASE_NOTICE_GIVEN:
      /* Translators: the applicant was told what is missing (一次性告知) */
      return g_strdup (_("One-time notice given"));
    case YC_CASE_ACCEPTED:
      if (owed > 0)
        /* Translators: 容缺受理, with how many materials are still owed (尚欠) */
        return g_strdup_printf (ngettext ("Accepted on commitment · %u owed", "Accepted on commitment · %u owed", owed),
                                owed);
      /* Translators: 已受理 */
      return g_strdup (_("Accepted"));
    case YC_CASE_OTHER:
    default:
      return g_strdup (yc_case_entry_get_status (entry) ? yc_case_entry_get_status (entry) : "—");
    }
}

/* A wire date as the rest of the desk writes a day (12月7日（周一）, the year only when
 * not this one): the page shows one kind of date. Anything else as it came. */
static char *
describe_date (const char *wire)
{
  GDate day;

  if (wire == NULL)
    return g_strdup ("—");
  if (!yc_time_parse_date (wire, &day))
    return g_strdup (wire);
  return yc_intake_describe_day (&day);
}

static char *
describe_number (YcCaseEntry *entry)
{
  gboolean refused = yc_case_entry_get_decision (entry) == YC_DECISION_REFUSED;

  if (yc_case_entry_get_case_number (entry) != NULL && refused)
    /* Translators: a refusal's number in the list: it accepted nothing, so it is no
     * 受理编号 (不予受理编号) */
    return g_strdup_printf (_("Refusal number %s"), yc_case_entry_get_case_number (entry));
  if (yc_case_entry_get_case_number (entry) != NULL)
    /* Translators: a case's official number in the list (受理编号) */
    return g_strdup_printf (_("Case number %s"), yc_case_entry_get_case_number (entry));
  if (yc_case_entry_get_decision (entry) == YC_DECISION_NOTICE)
    /* Translators: a one-time notice gets no case number */
    return g_strdup (_("No case number: nothing was accepted"));
  if (yc_case_entry_get_progress (entry) == YC_CASE_NOT_TAKEN)
    /* Translators: the centre refused the record: it will never be numbered */
    return g_strdup (_("No case number: the centre did not take it"));
  if (refused)
    /* Translators: the centre has not numbered the refusal yet */
    return g_strdup (_("Number follows once sent"));
  /* Translators: the centre has not numbered the case yet */
  return g_strdup (_("Case number follows once sent"));
}

static char *
describe_due (YcCaseEntry *entry)
{
  if (yc_case_entry_get_review_due (entry) != NULL)
    {
      g_autofree char *day = describe_date (yc_case_entry_get_review_due (entry));

      /* Translators: when the review of a refusal is due */
      return g_strdup_printf (_("Review due %s"), day);
    }
  if (yc_case_entry_get_due_date (entry) != NULL)
    {
      g_autofree char *day = describe_date (yc_case_entry_get_due_date (entry));

      /* Translators: when an accepted case must be done */
      return g_strdup_printf (_("Due %s"), day);
    }
  return NULL;
}

/* 容缺: each material still owed with its day, on one line. */
static char *
describe_owed (YcCaseEntry *entry)
{
  GPtrArray *owed = yc_case_entry_get_owed (entry);
  g_autoptr(GString) line = NULL;

  if (owed->len == 0)
    return NULL;
  line = g_string_new (NULL);
  for (guint i = 0; i < owed->len; i++)
    {
      YcCaseOwed *material = g_ptr_array_index (owed, i);
      g_autofree char *day = material->due != NULL ? describe_date (material->due) : NULL;
      g_autofree char *one = day != NULL
                             /* Translators: a deferred material (容缺) and the day it must be brought by */
                             ? g_strdup_printf (_("%1$s by %2$s"), material->name ? material->name : "—", day)
                             : g_strdup (material->name ? material->name : "—");

      if (line->len > 0)
        /* Translators: between the materials still owed */
        g_string_append (line, _("; "));
      g_string_append (line, one);
    }
  /* Translators: 容缺受理: what the applicant still owes (尚欠材料) */
  return g_strdup_printf (_("Still owed: %s"), line->str);
}

/* Which paper a case has to print again: NULL for none. One still waiting to be sent
 * prints with the window's provisional number, marked so; one the centre did not take
 * has no receipt or refusal to give (a one-time notice needs no centre). */
static const char *
paper_name (YcCaseEntry *entry)
{
  if (yc_case_entry_get_progress (entry) == YC_CASE_NOT_TAKEN &&
      yc_case_entry_get_decision (entry) != YC_DECISION_NOTICE)
    return NULL;
  switch (yc_case_entry_get_decision (entry))
    {
    case YC_DECISION_NOTICE:
      /* Translators: the paper of a one-time notice (一次性告知书) */
      return _("One-Time Notice");
    case YC_DECISION_REFUSED:
      /* Translators: the paper of a refusal (不予受理通知书) */
      return _("Notice of Refusal");
    case YC_DECISION_ACCEPTED:
    default:
      /* Translators: the paper of an accepted case (受理通知书) */
      return _("Notice of Acceptance");
    }
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *light = gtk_label_new ("●");
  GtkWidget *middle = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *paper;
  GtkWidget *labels[6];

  gtk_widget_add_css_class (row, "record-row");
  gtk_widget_set_valign (light, GTK_ALIGN_START);
  gtk_widget_set_hexpand (middle, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      gboolean left = i < 3 || i == 5;

      labels[i] = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (labels[i]), left ? 0 : 1);
      gtk_label_set_ellipsize (GTK_LABEL (labels[i]), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (left ? middle : right), labels[i]);
    }
  gtk_widget_add_css_class (labels[0], "heading");
  gtk_widget_add_css_class (labels[1], "dim-label");
  gtk_widget_add_css_class (labels[2], "caption");
  gtk_widget_add_css_class (labels[4], "caption");
  gtk_widget_add_css_class (labels[5], "caption");
  gtk_widget_add_css_class (labels[5], "warning");
  paper = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (paper), "document-print-symbolic");
  gtk_widget_set_valign (paper, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (paper, "flat");
  gtk_box_append (GTK_BOX (row), light);
  gtk_box_append (GTK_BOX (row), middle);
  gtk_box_append (GTK_BOX (row), right);
  gtk_box_append (GTK_BOX (row), paper);
  g_object_set_data (G_OBJECT (row), "light", light);
  g_object_set_data (G_OBJECT (row), "paper", paper);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *key = g_strdup_printf ("label%u", i);
      g_object_set_data (G_OBJECT (row), key, labels[i]);
    }
  gtk_list_item_set_child (list_item, row);
}

static GtkLabel *
row_label (GtkWidget *row,
           guint      i)
{
  g_autofree char *key = g_strdup_printf ("label%u", i);
  return g_object_get_data (G_OBJECT (row), key);
}

/* The menu of a case's paper: print it again, or save it as PDF. */
static GMenuModel *
paper_menu (YcCaseEntry *entry)
{
  const char *paper = paper_name (entry);
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenuItem) print = NULL;
  g_autoptr(GMenuItem) save = NULL;
  g_autofree char *print_label = NULL;
  g_autofree char *save_label = NULL;

  if (paper == NULL)
    return NULL;
  menu = g_menu_new ();
  /* Translators: a case's menu: print its paper again; %s names it (受理通知书 …) */
  print_label = g_strdup_printf (_("Print %s"), paper);
  print = g_menu_item_new (print_label, NULL);
  g_menu_item_set_action_and_target_value (print, "records.print-paper",
                                           g_variant_new_string (yc_case_entry_get_id (entry)));
  /* Translators: a case's menu: save its paper as a PDF file; %s names it */
  save_label = g_strdup_printf (_("Save %s as PDF…"), paper);
  save = g_menu_item_new (save_label, NULL);
  g_menu_item_set_action_and_target_value (save, "records.save-paper",
                                           g_variant_new_string (yc_case_entry_get_id (entry)));
  g_menu_append_item (menu, print);
  g_menu_append_item (menu, save);
  return G_MENU_MODEL (g_steal_pointer (&menu));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             YcRecordsPage            *self)
{
  YcCaseEntry *entry = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  GtkWidget *light = g_object_get_data (G_OBJECT (row), "light");
  GtkWidget *paper = g_object_get_data (G_OBJECT (row), "paper");
  static const char *light_classes[] = { "light-none", "light-green", "light-yellow", "light-red" };
  const char *title = yc_case_entry_get_title (entry);
  const char *applicant = yc_case_entry_get_applicant (entry);
  const char *masked = yc_case_entry_get_masked_id (entry);
  g_autofree char *who = NULL;
  g_autofree char *number = describe_number (entry);
  g_autofree char *status = describe_status (entry);
  g_autofree char *due = describe_due (entry);
  g_autofree char *owed = describe_owed (entry);
  g_autoptr(GMenuModel) menu = paper_menu (entry);
  Light shade = light_of (self, entry);

  /* The case's matter and applicant are the centre's: shown in the desk's script. */
  yc_display_set_label (row_label (row, 0), title ? title : "—");
  who = g_strdup_printf ("%s%s%s", applicant ? applicant : "—", masked ? " · " : "", masked ? masked : "");
  yc_display_set_label (row_label (row, 1), who);
  gtk_label_set_text (row_label (row, 2), number);
  gtk_label_set_text (row_label (row, 3), status);
  gtk_label_set_text (row_label (row, 4), due ? due : "");
  yc_display_set_label (row_label (row, 5), owed);
  gtk_widget_set_visible (GTK_WIDGET (row_label (row, 5)), owed != NULL);

  gtk_widget_set_visible (paper, menu != NULL);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (paper), menu);
  if (menu != NULL)
    {
      /* Translators: tooltip of the button that prints a case's paper again; %s names it */
      g_autofree char *tooltip = g_strdup_printf (_("Print %s Again"), paper_name (entry));

      gtk_widget_set_tooltip_text (paper, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (paper), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (light_classes); i++)
    gtk_widget_remove_css_class (light, light_classes[i]);
  gtk_widget_add_css_class (light, light_classes[shade]);
  gtk_widget_set_tooltip_text (light, shade == LIGHT_RED ? _("Past its due date")
                                      : shade == LIGHT_YELLOW ? _("Due within 3 working days")
                                      : shade == LIGHT_GREEN ? _("On time") : NULL);
}

/* ---- Refreshing ---- */

void
yc_records_page_refresh (YcRecordsPage *self)
{
  g_return_if_fail (YC_IS_RECORDS_PAGE (self));

  yc_cases_refresh (self->cases);
}

/* The context's calendar, read or renewed: the lights come on, or follow the new one. */
static void
on_work_calendar_cb (YcRecordsPage *self)
{
  GListModel *all = G_LIST_MODEL (self->filtered);

  g_list_model_items_changed (all, 0, g_list_model_get_n_items (all), g_list_model_get_n_items (all));
}

static void
on_map_cb (YcRecordsPage *self)
{
  yc_records_page_refresh (self);
}

/* ---- Records that did not take effect ---- */

/* What the record was, as the clerk knows it. */
static char *
describe_entry_title (YcOutboxEntry *entry)
{
  YcRecord *record = yc_outbox_entry_get_record (entry);
  const char *subject = yc_record_get_subject (record);

  switch (yc_record_kind_from_wire (yc_record_get_kind (record)))
    {
    case YC_RECORD_KIND_VISIT:
      /* Translators: a record that did not take effect: the finish (办结) of ticket %s */
      return g_strdup_printf (_("Finish of ticket %s"), subject != NULL ? subject : "—");
    case YC_RECORD_KIND_CASE:
      /* Translators: a record that did not take effect: the decision on an intake; %s its title */
      return g_strdup_printf (_("Decision: %s"), subject != NULL ? subject : "—");
    case YC_RECORD_KIND_TASK_RESULT:
      /* Translators: a record that did not take effect: a task completed at the desk */
      return g_strdup (_("Task completed"));
    case YC_RECORD_KIND_OTHER:
    default:
      return g_strdup (yc_record_get_kind (record));
    }
}

/* Why, in the clerk's words, and what to do about it. */
static char *
describe_entry_reason (YcOutboxEntry *entry)
{
  YcRecordReason reason = yc_record_reason_from_wire (yc_outbox_entry_get_code (entry));
  const char *message = yc_outbox_entry_get_message (entry);

  if (yc_outbox_entry_get_state (entry) == YC_OUTBOX_NOT_APPLIED)
    {
      if (reason == YC_RECORD_REASON_TICKET_TAKEN)
        return g_strdup (_("Another window had called this ticket when your finish reached the centre, so the "
                           "ticket was not finished there. The outcome you recorded is kept. Ask the duty "
                           "manager to correct the ticket, then dismiss this."));
      if (reason == YC_RECORD_REASON_TICKET_NOT_CALLED)
        return g_strdup (_("The ticket had gone back to the queue or was marked absent when your finish "
                           "reached the centre, so it was not finished there. The outcome you recorded is "
                           "kept. If the citizen is called again, finish the visit again; then dismiss this."));
      if (reason == YC_RECORD_REASON_TICKET_NOT_FOUND)
        return g_strdup (_("The centre has no such ticket, so nothing was finished there. The outcome you "
                           "recorded is kept. Tell the duty manager, then dismiss this."));
      /* Translators: %s is the centre's reason, as it gave it */
      return g_strdup_printf (_("The centre kept this record but did not apply it: %s. Tell the duty manager, "
                                "then dismiss this."), message ? message : "—");
    }
  if (reason == YC_RECORD_REASON_TOO_LARGE)
    return g_strdup (_("This record is too large to send. It is kept on this computer. Tell the duty manager, "
                       "then dismiss this."));
  /* Translators: %s is the centre's reason, as it gave it */
  return g_strdup_printf (_("The centre refused this record: %s. It is kept on this computer and will not be sent "
                            "again. Tell the duty manager, then dismiss this."), message ? message : "—");
}

static GtkWidget *
create_attention_row (gpointer item,
                      gpointer user_data)
{
  YcOutboxEntry *entry = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *dismiss = gtk_button_new_with_mnemonic (_("_Dismiss"));
  g_autofree char *described = describe_entry_title (entry);
  g_autofree char *described_reason = describe_entry_reason (entry);
  /* What the record was about and the centre's reason are the server's words. */
  g_autofree char *title = yc_display_text (described);
  g_autofree char *reason = yc_display_text (described_reason);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reason);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "attention-row");
  gtk_widget_set_valign (dismiss, GTK_ALIGN_CENTER);
  /* Translators: tooltip of the button that puts away a record that did not take effect */
  gtk_widget_set_tooltip_text (dismiss, _("Dealt with: the record is kept, and no longer asks for attention"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (dismiss), "records.dismiss");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (dismiss),
                                          g_variant_new_string (yc_outbox_entry_get_id (entry)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), dismiss);
  {
    /* Translators: what a screen reader says for a record's Dismiss button (已处理：…);
     * %s is the record, as its row's title says it */
    g_autofree char *name = g_strdup_printf (_("Dismiss: %s"), title);

    /* Said with its record, as the rows' buttons would otherwise all read alike; the
     * button's own label is then not read as well. */
    gtk_accessible_update_property (GTK_ACCESSIBLE (dismiss), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (dismiss), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  }
  return row;
}

static void
update_attention (YcRecordsPage *self)
{
  guint n = self->sync != NULL ? g_list_model_get_n_items (yc_sync_get_attention (self->sync)) : 0;
  g_autofree char *title = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->attention_box), n > 0);
  /* Translators: above the records the centre refused or did not apply (记录未生效) */
  title = g_strdup_printf (ngettext ("%u record did not take effect", "%u records did not take effect", n), n);
  gtk_label_set_text (self->attention_title, title);
}

static void
follow_sync (YcRecordsPage *self)
{
  YcSync *sync = yc_context_get_sync (self->context);

  if (sync == self->sync)
    return;
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_func (yc_sync_get_attention (self->sync), update_attention, self);
  g_set_object (&self->sync, sync);
  gtk_list_box_bind_model (self->attention_list, sync != NULL ? yc_sync_get_attention (sync) : NULL,
                           sync != NULL ? create_attention_row : NULL, NULL, NULL);
  if (sync != NULL)
    g_signal_connect_object (yc_sync_get_attention (sync), "items-changed", G_CALLBACK (update_attention), self,
                             G_CONNECT_SWAPPED);
  update_attention (self);
}

static void
on_dismissed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YcRecordsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!yc_sync_dismiss_finish (YC_SYNC (object), result, &error))
    {
      g_autofree char *message = yc_context_describe_error (error, _("The record could not be put away."));
      yc_desk_toast (GTK_WIDGET (self), message);
    }
}

static void
dismiss_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  YcRecordsPage *self = YC_RECORDS_PAGE (widget);

  if (self->sync != NULL)
    yc_sync_dismiss_async (self->sync, g_variant_get_string (parameter, NULL), NULL, on_dismissed_cb,
                           g_object_ref (self));
}

GListModel *
yc_records_page_get_attention (YcRecordsPage *self)
{
  g_return_val_if_fail (YC_IS_RECORDS_PAGE (self), NULL);
  return self->sync != NULL ? yc_sync_get_attention (self->sync) : NULL;
}

/* ---- Papers ---- */

static void
on_paper_made_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data);

void
yc_records_page_get_paper_async (YcRecordsPage       *self,
                                 const char          *id,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  YcCaseEntry *entry;
  YcRecord *record;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *reference = NULL;
  YcNoticeInfo info;

  g_return_if_fail (YC_IS_RECORDS_PAGE (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, yc_records_page_get_paper_async);
  entry = yc_cases_lookup (self->cases, id);
  record = entry != NULL ? yc_case_entry_get_record (entry) : NULL;
  if (record == NULL)
    {
      /* Decided at another desk: the paper was made there. */
      g_task_return_new_error (task, YC_ERROR, YC_ERROR_NOT_FOUND, "%s",
                               _("This case was decided at another desk: its papers can be printed again there."));
      return;
    }
  yc_notice_info_init (&info, self->context, now);
  reference = yc_document_receipt_reference (yc_record_get_id (record), yc_case_entry_get_case_number (entry),
                                             &info);
  g_task_return_pointer (task,
                         yc_document_new_case_paper (json_node_get_object (yc_record_get_body (record)), reference,
                                                     &info),
                         (GDestroyNotify) yc_document_unref);
}

YcDocument *
yc_records_page_get_paper_finish (YcRecordsPage  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_paper_made_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  YcRecordsPage *self = YC_RECORDS_PAGE (object);
  gboolean save = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDocument) doc = yc_records_page_get_paper_finish (self, result, &error);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (doc == NULL)
    {
      g_autofree char *message = yc_context_describe_error (error, _("The paper could not be made."));
      yc_desk_toast (GTK_WIDGET (self), message);
      return;
    }
  if (save)
    yc_desk_save_pdf (GTK_WIDGET (self), doc);
  else
    yc_document_print (doc, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}

static void
paper_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  yc_records_page_get_paper_async (YC_RECORDS_PAGE (widget), g_variant_get_string (parameter, NULL), on_paper_made_cb,
                                   GINT_TO_POINTER (g_str_equal (action_name, "records.save-paper")));
}

/* ---- A case opened ---- */

static void
on_case_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     YcRecordsPage    *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "case-id");

  if (g_str_equal (response, "print") || g_str_equal (response, "save"))
    yc_records_page_get_paper_async (self, id, on_paper_made_cb, GINT_TO_POINTER (g_str_equal (response, "save")));
}

/* What a clerk wants to know of a case, line by line. */
static char *
describe_case (YcCaseEntry *entry)
{
  GString *text = g_string_new (NULL);
  const char *applicant = yc_case_entry_get_applicant (entry);
  const char *masked = yc_case_entry_get_masked_id (entry);
  g_autofree char *number = describe_number (entry);
  g_autofree char *status = describe_status (entry);
  g_autofree char *due = describe_due (entry);
  GPtrArray *owed = yc_case_entry_get_owed (entry);
  g_autofree char *who = g_strdup_printf ("%s%s%s", applicant ? applicant : "—", masked ? " · " : "",
                                          masked ? masked : "");

  g_string_append_printf (text, "%s\n", number);
  g_string_append_printf (text, _("Applicant: %s"), who);
  g_string_append_c (text, '\n');
  if (yc_case_entry_get_accepted_on (entry) != NULL)
    {
      g_autofree char *day = describe_date (yc_case_entry_get_accepted_on (entry));

      /* Translators: a case opened: the day it was decided */
      g_string_append_printf (text, _("Decided on %s"), day);
      g_string_append_c (text, '\n');
    }
  g_string_append (text, status);
  if (due != NULL)
    g_string_append_printf (text, " · %s", due);
  if (owed->len > 0)
    {
      /* Translators: a case opened: the deferred materials (容缺) still owed follow */
      g_string_append_printf (text, "\n\n%s", _("Materials still owed:"));
      for (guint i = 0; i < owed->len; i++)
        {
          YcCaseOwed *material = g_ptr_array_index (owed, i);

          g_string_append_printf (text, "\n• %s", material->name ? material->name : "—");
          if (material->due != NULL)
            {
              g_autofree char *day = describe_date (material->due);

              /* Translators: after a material still owed: the day it must be brought by */
              g_string_append_printf (text, _(" — by %s"), day);
            }
        }
    }
  if (yc_case_entry_get_progress (entry) == YC_CASE_NOT_TAKEN)
    {
      g_string_append_c (text, '\n');
      /* Translators: why the centre did not take a case's record; %s as it said it */
      g_string_append_printf (text, _("The centre did not take it: %s. Tell the duty manager."),
                              yc_case_entry_get_message (entry) ? yc_case_entry_get_message (entry) : "—");
    }
  return g_string_free (text, FALSE);
}

/* The width of text as widget would write it, a mnemonic's underscore left out. */
static int
text_width (GtkWidget  *widget,
            const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  int width = 0;

  pango_layout_set_markup_with_accel (layout, escaped, -1, '_', NULL);
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* libadwaita 1.2's message dialog is 300 px wide when its answers do not fit side by
 * side, and then took its height as if they did: at text scale 1.5 the last answer
 * (Close) was off the dialog's bottom, and the case number, wider than the dialog, broke
 * over two lines. Made as wide as its number's line and as its answers side by side (each
 * as wide as the widest, with libadwaita's 48 px of padding and 12 between; bold labels, a
 * tenth wider), up to the 600 px its side-by-side layout allows, the number stays whole
 * and the dialog's height holds its answers (test-desk-followup.c,
 * /desk/followup/records-fit). */
static void
size_case_dialog (AdwMessageDialog *dialog,
                  YcCaseEntry      *entry)
{
  static const char *responses[] = { "close", "save", "print" };
  g_autofree char *number = describe_number (entry);
  int widest = 0, n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (responses); i++)
    if (adw_message_dialog_has_response (dialog, responses[i]))
      {
        widest = MAX (widest, text_width (GTK_WIDGET (dialog),
                                          adw_message_dialog_get_response_label (dialog, responses[i])) * 11 / 10);
        n++;
      }
  /* Side by side, the answers are as wide as each other. */
  gtk_widget_set_size_request (GTK_WIDGET (dialog),
                               MIN (MAX (text_width (GTK_WIDGET (dialog), number) + 80, n * (widest + 48 + 12) + 12), 600),
                               -1);
}

static void
open_case (YcRecordsPage *self,
           YcCaseEntry   *entry)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *described = describe_case (entry);
  g_autofree char *body = yc_display_text (described);
  g_autofree char *heading = yc_display_text (yc_case_entry_get_title (entry) ? yc_case_entry_get_title (entry) : "—");
  const char *paper = paper_name (entry);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  g_object_set_data_full (G_OBJECT (dialog), "case-id", g_strdup (yc_case_entry_get_id (entry)), g_free);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  if (paper != NULL && yc_case_entry_get_record (entry) != NULL)
    {
      /* Translators: a case opened: save its paper as PDF */
      adw_message_dialog_add_response (dialog, "save", _("_Save as PDF…"));
      /* Translators: a case opened: print its paper again */
      adw_message_dialog_add_response (dialog, "print", _("_Print Again"));
      adw_message_dialog_set_response_appearance (dialog, "print", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "print");
    }
  adw_message_dialog_set_close_response (dialog, "close");
  size_case_dialog (dialog, entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_case_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_activate_cb (GtkListView   *view,
                guint          position,
                YcRecordsPage *self)
{
  g_autoptr(YcCaseEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (entry != NULL)
    open_case (self, entry);
}

static void
open_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  YcRecordsPage *self = YC_RECORDS_PAGE (widget);
  YcCaseEntry *entry = yc_cases_lookup (self->cases, g_variant_get_string (parameter, NULL));

  if (entry != NULL)
    open_case (self, entry);
}

static void
refresh_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  yc_records_page_refresh (YC_RECORDS_PAGE (widget));
}

GListModel *
yc_records_page_get_cases (YcRecordsPage *self)
{
  g_return_val_if_fail (YC_IS_RECORDS_PAGE (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

GtkEditable *
yc_records_page_get_search_entry (YcRecordsPage *self)
{
  g_return_val_if_fail (YC_IS_RECORDS_PAGE (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

/* ---- GObject ---- */

static void
yc_records_page_constructed (GObject *object)
{
  YcRecordsPage *self = (YcRecordsPage *) object;
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  G_OBJECT_CLASS (yc_records_page_parent_class)->constructed (object);

  self->cases = g_object_ref (yc_context_get_cases (self->context));
  self->filter = gtk_custom_filter_new (matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (yc_cases_get_model (self->cases)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  g_object_unref (self->filter);   /* the model keeps it */
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  /* A click opens the case. */
  gtk_list_view_set_single_click_activate (self->list_view, TRUE);
  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_activate_cb), self);

  g_signal_connect_object (yc_cases_get_model (self->cases), "items-changed", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cases, "notify::error", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  update_status (self);

  g_signal_connect_object (self->context, "notify::sync", G_CALLBACK (follow_sync), self, G_CONNECT_SWAPPED);
  follow_sync (self);
  g_signal_connect_object (self->context, "notify::work-calendar", G_CALLBACK (on_work_calendar_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
yc_records_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), YC_TYPE_RECORDS_PAGE);
  G_OBJECT_CLASS (yc_records_page_parent_class)->dispose (object);
}

static void
yc_records_page_finalize (GObject *object)
{
  YcRecordsPage *self = (YcRecordsPage *) object;

  g_clear_object (&self->filtered);
  g_clear_object (&self->cases);
  g_clear_object (&self->sync);
  g_clear_object (&self->context);
  g_free (self->query);
  G_OBJECT_CLASS (yc_records_page_parent_class)->finalize (object);
}

static void
yc_records_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  YcRecordsPage *self = YC_RECORDS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_records_page_class_init (YcRecordsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = yc_records_page_constructed;
  object_class->dispose = yc_records_page_dispose;
  object_class->finalize = yc_records_page_finalize;
  object_class->set_property = yc_records_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, YC_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "records.refresh", NULL, refresh_activated);
  gtk_widget_class_install_action (widget_class, "records.open", "s", open_activated);
  gtk_widget_class_install_action (widget_class, "records.print-paper", "s", paper_activated);
  gtk_widget_class_install_action (widget_class, "records.save-paper", "s", paper_activated);
  gtk_widget_class_install_action (widget_class, "records.dismiss", "s", dismiss_activated);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/yichuang/Desk/ui/yc-records-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcRecordsPage, layout);
  gtk_widget_class_bind_template_child (widget_class, YcRecordsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, YcRecordsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, YcRecordsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, YcRecordsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, YcRecordsPage, attention_box);
  gtk_widget_class_bind_template_child (widget_class, YcRecordsPage, attention_title);
  gtk_widget_class_bind_template_child (widget_class, YcRecordsPage, attention_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_records_page_init (YcRecordsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_search_changed_cb), self);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
}
