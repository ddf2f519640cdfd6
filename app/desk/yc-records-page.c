/* yc-records-page.c: the clerk's cases (yc-records-page.h).
 *
 * The list joins two sources: the cases still in the outbox (decided here, not yet at the
 * centre: no case number) and the centre's list of the clerk's cases (GET /cases). The
 * outbox is read first so a case never vanishes between being pushed and being listed.
 * ID numbers are shown masked: the full number is only ever in the case form. */
#include "config-desk.h"

#include <adwaita.h>
#include <string.h>

#include "core/yc-case.h"
#include "core/yc-error.h"
#include "core/yc-guide.h"
#include "core/yc-mask.h"
#include "core/yc-time.h"

#include "yc-desk-private.h"
#include "yc-guide-load.h"
#include "yc-records-page.h"
#include "yc-desk-actions.h"

/* ---- One case of the list ---- */

#define YC_TYPE_CASE_ITEM (yc_case_item_get_type ())
G_DECLARE_FINAL_TYPE (YcCaseItem, yc_case_item, YC, CASE_ITEM, GObject)

struct _YcCaseItem
{
  GObject     parent_instance;

  char       *id;
  char       *case_number;   /* NULL until the centre numbered it (never, for a notice) */
  char       *decision;
  char       *status;        /* accepted, reported_for_review, notice; "pending" in the outbox */
  char       *title;
  char       *applicant;
  char       *masked_id;
  char       *due_date;      /* YYYY-MM-DD: the promise, or a refusal's review */
  char       *haystack;      /* what the search looks in, folded */
};

G_DEFINE_FINAL_TYPE (YcCaseItem, yc_case_item, G_TYPE_OBJECT)

static void
yc_case_item_finalize (GObject *object)
{
  YcCaseItem *self = (YcCaseItem *) object;

  g_free (self->id);
  g_free (self->case_number);
  g_free (self->decision);
  g_free (self->status);
  g_free (self->title);
  g_free (self->applicant);
  g_free (self->masked_id);
  g_free (self->due_date);
  g_free (self->haystack);
  G_OBJECT_CLASS (yc_case_item_parent_class)->finalize (object);
}

static void
yc_case_item_class_init (YcCaseItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_case_item_finalize;
}

static void
yc_case_item_init (YcCaseItem *self)
{
}

static YcCaseItem *
case_item_new (const char *id,
               const char *case_number,
               const char *decision,
               const char *status,
               const char *title,
               const char *applicant,
               const char *masked_id,
               const char *due_date)
{
  YcCaseItem *self = g_object_new (YC_TYPE_CASE_ITEM, NULL);
  g_autofree char *joined = NULL;

  self->id = g_strdup (id);
  self->case_number = g_strdup (case_number);
  self->decision = g_strdup (decision);
  self->status = g_strdup (status);
  self->title = g_strdup (title);
  self->applicant = g_strdup (applicant);
  self->masked_id = g_strdup (masked_id);
  self->due_date = g_strdup (due_date);
  joined = g_strjoin (" ", case_number ? case_number : "", title ? title : "", applicant ? applicant : "",
                      masked_id ? masked_id : "", NULL);
  self->haystack = g_utf8_casefold (joined, -1);
  return self;
}

/* From the centre's list (docs/api.md, GET /cases). */
static YcCaseItem *
case_item_from_answer (JsonObject *object)
{
  const char *review = yc_guide_get_string (object, "review_due");

  return case_item_new (yc_guide_get_string (object, "id"), yc_guide_get_string (object, "case_number"),
                        yc_guide_get_string (object, "decision"), yc_guide_get_string (object, "status"),
                        yc_guide_get_string (object, "title"), yc_guide_get_string (object, "applicant_name"),
                        yc_guide_get_string (object, "applicant_id"),
                        review ? review : yc_guide_get_string (object, "due_date"));
}

/* From a "case" record still in the outbox: its ID number is masked here. */
static YcCaseItem *
case_item_from_record (YcRecord *record)
{
  JsonObject *body = json_node_get_object (yc_record_get_body (record));
  JsonNode *node = json_object_get_member (body, "applicant");
  JsonObject *applicant = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *number = yc_guide_get_string (applicant, "id_number");
  g_autofree char *masked = NULL;

  if (number == NULL)
    number = yc_guide_get_string (applicant, "credit_code");
  masked = number ? yc_mask_id_number (number) : NULL;
  return case_item_new (yc_record_get_id (record), NULL, yc_guide_get_string (body, "decision"), "pending",
                        yc_guide_get_string (body, "title"), yc_guide_get_string (applicant, "name"), masked,
                        yc_guide_get_string (body, "due_date"));
}

/* ---- The page ---- */

struct _YcRecordsPage
{
  GtkWidget           parent_instance;

  YcContext          *context;
  GListStore         *cases;        /* YcCaseItem: the outbox's first, then the centre's */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  YcWorkCalendar     *calendar;     /* for the lights, once read */
  GCancellable       *cancellable;  /* the refresh under way */
  GPtrArray          *pending;      /* YcCaseItem of the outbox, while the centre answers */
  YcStore            *store;        /* followed, for its pending count */
  char               *query;        /* folded */

  /* Template widgets */
  GtkBox             *layout;
  GtkSearchEntry     *search_entry;
  GtkLabel           *status_label;
  GtkStack           *stack;
  GtkListView        *list_view;
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

  return self->query == NULL || *self->query == '\0' ||
         strstr (YC_CASE_ITEM (item)->haystack, self->query) != NULL;
}

static void
on_search_changed_cb (YcRecordsPage *self)
{
  g_free (self->query);
  self->query = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
update_stack (YcRecordsPage *self)
{
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->cases)) > 0 ? "list" : "none");
}

/* ---- Rows ---- */

typedef enum
{
  LIGHT_NONE,
  LIGHT_GREEN,
  LIGHT_YELLOW,   /* due within 3 working days */
  LIGHT_RED,      /* past due */
} Light;

static Light
light_of (YcRecordsPage *self,
          YcCaseItem    *item)
{
  GDate today, due;
  int left;

  if (self->calendar == NULL || g_strcmp0 (item->decision, "notice") == 0 ||
      !yc_time_parse_date (item->due_date, &due))
    return LIGHT_NONE;
  yc_time_local_date (&today);
  if (g_date_compare (&due, &today) < 0)
    return LIGHT_RED;
  left = yc_work_calendar_count (self->calendar, &today, &due);
  return left <= 3 ? LIGHT_YELLOW : LIGHT_GREEN;
}

static const char *
describe_status (YcCaseItem *item)
{
  if (g_strcmp0 (item->status, "pending") == 0)
    /* Translators: a case decided at this desk, not yet at the centre (待同步) */
    return _("Waiting to be sent");
  if (g_strcmp0 (item->status, "reported_for_review") == 0)
    /* Translators: 不予受理, reported for review (否定报备) */
    return _("Refused · under review");
  if (g_strcmp0 (item->status, "notice") == 0)
    /* Translators: the applicant was told what is missing (一次性告知) */
    return _("One-time notice given");
  /* Translators: 已受理 */
  return _("Accepted");
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *light = gtk_label_new ("●");
  GtkWidget *middle = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *receipt;
  GtkWidget *labels[5];

  gtk_widget_add_css_class (row, "record-row");
  gtk_widget_set_valign (light, GTK_ALIGN_START);
  gtk_widget_set_hexpand (middle, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      labels[i] = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (labels[i]), i < 3 ? 0 : 1);
      gtk_label_set_ellipsize (GTK_LABEL (labels[i]), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (i < 3 ? middle : right), labels[i]);
    }
  gtk_widget_add_css_class (labels[0], "heading");
  gtk_widget_add_css_class (labels[1], "dim-label");
  gtk_widget_add_css_class (labels[2], "caption");
  gtk_widget_add_css_class (labels[4], "caption");
  receipt = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (receipt), "document-print-symbolic");
  gtk_widget_set_valign (receipt, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (receipt, "flat");
  /* Translators: the button of a case in the list that prints its 受理通知书 again */
  gtk_widget_set_tooltip_text (receipt, _("Notice of Acceptance"));
  gtk_box_append (GTK_BOX (row), light);
  gtk_box_append (GTK_BOX (row), middle);
  gtk_box_append (GTK_BOX (row), right);
  gtk_box_append (GTK_BOX (row), receipt);
  g_object_set_data (G_OBJECT (row), "light", light);
  g_object_set_data (G_OBJECT (row), "receipt", receipt);
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

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             YcRecordsPage            *self)
{
  YcCaseItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  GtkWidget *light = g_object_get_data (G_OBJECT (row), "light");
  static const char *light_classes[] = { "light-none", "light-green", "light-yellow", "light-red" };
  g_autofree char *who = NULL;
  g_autofree char *number = NULL;
  g_autofree char *due = NULL;
  Light shade = light_of (self, item);

  gtk_label_set_text (row_label (row, 0), item->title ? item->title : "—");
  who = g_strdup_printf ("%s%s%s", item->applicant ? item->applicant : "—",
                         item->masked_id ? " · " : "", item->masked_id ? item->masked_id : "");
  gtk_label_set_text (row_label (row, 1), who);
  if (item->case_number != NULL)
    /* Translators: a case's official number in the list (受理编号) */
    number = g_strdup_printf (_("Case number %s"), item->case_number);
  else if (g_strcmp0 (item->decision, "notice") == 0)
    /* Translators: a one-time notice gets no case number */
    number = g_strdup (_("No case number: nothing was accepted"));
  else
    /* Translators: the centre has not numbered the case yet */
    number = g_strdup (_("Case number follows once sent"));
  gtk_label_set_text (row_label (row, 2), number);
  gtk_label_set_text (row_label (row, 3), describe_status (item));
  if (item->due_date != NULL && g_strcmp0 (item->decision, "notice") != 0)
    due = g_strcmp0 (item->decision, "refused") == 0
          /* Translators: when the review of a refusal is due */
          ? g_strdup_printf (_("Review due %s"), item->due_date)
          /* Translators: when an accepted case must be done */
          : g_strdup_printf (_("Due %s"), item->due_date);
  gtk_label_set_text (row_label (row, 4), due ? due : "");

  /* An accepted case's notice, printed again or saved, with the centre's number once
   * it has one. */
  {
    GtkWidget *receipt = g_object_get_data (G_OBJECT (row), "receipt");
    g_autoptr(GMenu) menu = NULL;

    gtk_widget_set_visible (receipt, g_strcmp0 (item->decision, "accepted") == 0 && item->id != NULL);
    if (gtk_widget_get_visible (receipt))
      {
        g_autoptr(GMenuItem) print = NULL;
        g_autoptr(GMenuItem) save = NULL;

        menu = g_menu_new ();
        /* Translators: a case's menu: print its 受理通知书 again */
        print = g_menu_item_new (_("_Print Notice of Acceptance"), NULL);
        g_menu_item_set_action_and_target_value (print, "records.print-receipt", g_variant_new_string (item->id));
        /* Translators: a case's menu: save its 受理通知书 as a PDF file */
        save = g_menu_item_new (_("_Save Notice of Acceptance as PDF…"), NULL);
        g_menu_item_set_action_and_target_value (save, "records.save-receipt", g_variant_new_string (item->id));
        g_menu_append_item (menu, print);
        g_menu_append_item (menu, save);
      }
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (receipt), G_MENU_MODEL (menu));
  }

  for (guint i = 0; i < G_N_ELEMENTS (light_classes); i++)
    gtk_widget_remove_css_class (light, light_classes[i]);
  gtk_widget_add_css_class (light, light_classes[shade]);
  gtk_widget_set_tooltip_text (light, shade == LIGHT_RED ? _("Past its due date")
                                      : shade == LIGHT_YELLOW ? _("Due within 3 working days")
                                      : shade == LIGHT_GREEN ? _("On time") : NULL);
}

/* ---- Refreshing ---- */

static void
on_cases_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(YcRecordsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) cases = yc_client_get_cases_finish (YC_CLIENT (object), result, &error);
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The outbox's first: decided here, not yet there. */
  for (guint i = 0; self->pending != NULL && i < self->pending->len; i++)
    {
      YcCaseItem *item = g_ptr_array_index (self->pending, i);
      g_hash_table_add (shown, item->id);
      g_ptr_array_add (items, g_object_ref (item));
    }
  for (guint i = 0; cases != NULL && i < json_array_get_length (cases); i++)
    {
      JsonNode *node = json_array_get_element (cases, i);
      YcCaseItem *item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      item = case_item_from_answer (json_node_get_object (node));
      if (item->id == NULL || g_hash_table_contains (shown, item->id))
        {
          g_object_unref (item);
          continue;
        }
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->cases, 0, g_list_model_get_n_items (G_LIST_MODEL (self->cases)),
                       items->pdata, items->len);

  if (cases == NULL)
    {
      g_autofree char *message = yc_context_describe_error (error, _("The centre’s list could not be fetched."));
      gtk_label_set_text (self->status_label, message);
    }
  else
    {
      g_autofree char *line = NULL;
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->cases));

      /* Translators: under the search field of the Records page */
      line = g_strdup_printf (ngettext ("%u case", "%u cases", n), n);
      gtk_label_set_text (self->status_label, line);
    }
  update_stack (self);
}

static void
on_pending_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(YcRecordsPage) self = user_data;
  g_autoptr(GPtrArray) records = yc_store_fetch_pending_finish (YC_STORE (object), result, NULL);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      YcRecord *record = g_ptr_array_index (records, i);
      if (g_str_equal (yc_record_get_kind (record), "case"))
        g_ptr_array_insert (self->pending, 0, case_item_from_record (record));
    }
  if (yc_client_get_session (yc_context_get_client (self->context)) != NULL)
    yc_client_get_cases_async (yc_context_get_client (self->context), self->cancellable, on_cases_cb,
                               g_object_ref (self));
}

void
yc_records_page_refresh (YcRecordsPage *self)
{
  YcStore *store;

  g_return_if_fail (YC_IS_RECORDS_PAGE (self));

  store = yc_context_get_store (self->context);
  if (store == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  yc_store_fetch_pending_async (store, 500, self->cancellable, on_pending_cb, g_object_ref (self));
}

static void
on_calendar_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(YcRecordsPage) self = user_data;
  YcWorkCalendar *calendar = yc_work_calendar_read_finish (result, NULL);

  if (calendar == NULL)
    return;
  g_clear_pointer (&self->calendar, yc_work_calendar_unref);
  self->calendar = calendar;
  /* The lights come on. */
  g_list_model_items_changed (G_LIST_MODEL (self->cases), 0, g_list_model_get_n_items (G_LIST_MODEL (self->cases)),
                              g_list_model_get_n_items (G_LIST_MODEL (self->cases)));
}

static void
on_map_cb (YcRecordsPage *self)
{
  YcCatalogueCache *cache = yc_context_get_catalogue (self->context);

  if (self->calendar == NULL && cache != NULL)
    yc_work_calendar_read_async (cache, NULL, on_calendar_cb, g_object_ref (self));
  yc_records_page_refresh (self);
}

/* A push went out: numbers may have come. */
static void
on_store_pending_cb (YcRecordsPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    yc_records_page_refresh (self);
}

static void
follow_store (YcRecordsPage *self)
{
  YcStore *store = yc_context_get_store (self->context);

  if (store == self->store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_pending_cb, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "notify::pending", G_CALLBACK (on_store_pending_cb), self, G_CONNECT_SWAPPED);
}

/* ---- Receipts ---- */

static YcCaseItem *
find_case (YcRecordsPage *self,
           const char    *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->cases));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcCaseItem) item = g_list_model_get_item (G_LIST_MODEL (self->cases), i);

      if (g_strcmp0 (item->id, id) == 0)
        return item;
    }
  return NULL;
}

typedef struct
{
  YcRecordsPage *self;
  char          *case_number;
} ReceiptRead;

static void
receipt_read_free (ReceiptRead *read)
{
  g_object_unref (read->self);
  g_free (read->case_number);
  g_free (read);
}

static void
on_receipt_record_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReceiptRead *read = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcRecord) record = yc_store_get_record_finish (YC_STORE (object), result, &error);
  const YcSession *session = yc_client_get_session (yc_context_get_client (read->self->context));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *reference = NULL;
  YcNoticeInfo info;

  if (record == NULL && error == NULL)
    /* Decided at another desk: the paper was made there. */
    error = g_error_new_literal (YC_ERROR, YC_ERROR_NOT_FOUND,
                                 _("This case was decided at another desk: its notice can be printed again there."));
  if (record == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  yc_notice_info_init (&info, session, now);
  reference = yc_document_receipt_reference (yc_record_get_id (record), read->case_number);
  g_task_return_pointer (task,
                         yc_document_new_receipt (json_node_get_object (yc_record_get_body (record)), reference, &info),
                         (GDestroyNotify) yc_document_unref);
}

void
yc_records_page_get_receipt_async (YcRecordsPage       *self,
                                   const char          *id,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  YcStore *store = yc_context_get_store (self->context);
  YcCaseItem *item = find_case (self, id);
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  ReceiptRead *read = g_new0 (ReceiptRead, 1);

  read->self = g_object_ref (self);
  read->case_number = item != NULL ? g_strdup (item->case_number) : NULL;
  g_task_set_task_data (task, read, (GDestroyNotify) receipt_read_free);
  if (store == NULL)
    {
      g_task_return_new_error (task, YC_ERROR, YC_ERROR_STORAGE, _("The desk’s records are not open yet."));
      return;
    }
  yc_store_get_record_async (store, id, NULL, on_receipt_record_cb, g_steal_pointer (&task));
}

YcDocument *
yc_records_page_get_receipt_finish (YcRecordsPage  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_receipt_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  YcRecordsPage *self = YC_RECORDS_PAGE (object);
  gboolean save = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDocument) doc = yc_records_page_get_receipt_finish (self, result, &error);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (doc == NULL)
    {
      g_autofree char *message = yc_context_describe_error (error, _("The notice could not be made."));
      yc_desk_toast (GTK_WIDGET (self), message);
      return;
    }
  if (save)
    yc_desk_save_pdf (GTK_WIDGET (self), doc);
  else
    yc_document_print (doc, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}

static void
receipt_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  yc_records_page_get_receipt_async (YC_RECORDS_PAGE (widget), g_variant_get_string (parameter, NULL), on_receipt_cb,
                                     GINT_TO_POINTER (g_str_equal (action_name, "records.save-receipt")));
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

const char *
yc_case_item_get_case_number (gpointer item)
{
  g_return_val_if_fail (YC_IS_CASE_ITEM (item), NULL);
  return YC_CASE_ITEM (item)->case_number;
}

const char *
yc_case_item_get_id (gpointer item)
{
  g_return_val_if_fail (YC_IS_CASE_ITEM (item), NULL);
  return YC_CASE_ITEM (item)->id;
}

const char *
yc_case_item_get_status (gpointer item)
{
  g_return_val_if_fail (YC_IS_CASE_ITEM (item), NULL);
  return YC_CASE_ITEM (item)->status;
}

/* ---- GObject ---- */

static void
yc_records_page_constructed (GObject *object)
{
  YcRecordsPage *self = (YcRecordsPage *) object;

  G_OBJECT_CLASS (yc_records_page_parent_class)->constructed (object);

  g_signal_connect_object (self->context, "notify::store", G_CALLBACK (follow_store), self, G_CONNECT_SWAPPED);
  follow_store (self);
}

static void
yc_records_page_dispose (GObject *object)
{
  YcRecordsPage *self = (YcRecordsPage *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_RECORDS_PAGE);
  G_OBJECT_CLASS (yc_records_page_parent_class)->dispose (object);
}

static void
yc_records_page_finalize (GObject *object)
{
  YcRecordsPage *self = (YcRecordsPage *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->filtered);
  g_clear_object (&self->cases);
  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->calendar, yc_work_calendar_unref);
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
  gtk_widget_class_install_action (widget_class, "records.print-receipt", "s", receipt_activated);
  gtk_widget_class_install_action (widget_class, "records.save-receipt", "s", receipt_activated);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/yichuang/Desk/ui/yc-records-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcRecordsPage, layout);
  gtk_widget_class_bind_template_child (widget_class, YcRecordsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, YcRecordsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, YcRecordsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, YcRecordsPage, list_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_records_page_init (YcRecordsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cases = g_list_store_new (YC_TYPE_CASE_ITEM);
  self->filter = gtk_custom_filter_new (matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->cases)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  g_object_unref (self->filter);   /* the model keeps it */
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_search_changed_cb), self);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  update_stack (self);
}
