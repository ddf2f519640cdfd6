/* yc-intake-page.c: the intakes in progress (yc-intake-page.h).
 *
 * Each intake is a draft in the store: saved a moment after the clerk stops typing
 * (and at once when the page goes away), reopened from the store when the desk starts.
 * The store is the context's and is replaced when demo data are reset: the page then
 * shows the drafts of the new one. */
#include "config-desk.h"

#include <adwaita.h>

#include "core/yc-time.h"

#include "yc-desk-private.h"
#include "yc-display.h"
#include "yc-intake-page.h"
#include "yc-intake-view.h"
#include "yc-print.h"
#include "yc-desk-actions.h"

/* A draft is written this long after the last change: every keystroke is safe within
 * it, without an fsync for each. */
#define SAVE_DELAY_MS 300
/* How long a decision's paper waits for the centre's case number before it prints with
 * the window's provisional one: a push answers within a second or two when online. */
#define NUMBER_WAIT_MS 5000

struct _YcIntakePage
{
  GtkWidget           parent_instance;

  YcContext          *context;
  YcStore            *store;       /* the context's, followed */
  GListStore         *intakes;     /* YcIntake, oldest first */
  GtkSingleSelection *selection;
  GHashTable         *pending;     /* YcIntake → its save's timeout source id */
  GCancellable       *cancellable; /* reading the drafts */
  YcIntakeView       *view;
  guint               numbering;   /* papers waiting for the centre's number */
  YcPaperSink         sink;        /* tests: where papers go instead of the printer */
  gpointer            sink_data;

  /* Template widgets */
  GtkBox             *layout;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  GtkStack           *view_stack;
  GtkRevealer        *number_revealer;
  GtkSpinner         *number_spinner;
};

G_DEFINE_FINAL_TYPE (YcIntakePage, yc_intake_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
yc_intake_page_new (YcContext *context)
{
  g_return_val_if_fail (YC_IS_CONTEXT (context), NULL);

  return g_object_new (YC_TYPE_INTAKE_PAGE, "context", context, NULL);
}

/* ---- Drafts ---- */

typedef struct
{
  YcIntakePage *self;   /* a weak pointer */
  YcIntake     *intake;
} Save;

/* user_data: the page, a reference, for a toast when the disk refuses. */
static void
on_draft_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(YcIntakePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!yc_store_draft_write_finish (YC_STORE (object), result, &error))
    {
      g_autofree char *message = yc_context_describe_error (error, _("The intake could not be saved."));
      yc_desk_toast (GTK_WIDGET (self), message);
    }
}

static void
save_now (YcIntakePage *self,
          YcIntake     *intake)
{
  g_autoptr(JsonNode) draft = NULL;

  g_hash_table_remove (self->pending, intake);
  if (self->store == NULL)
    return;
  draft = yc_intake_to_draft (intake);
  yc_store_save_draft_async (self->store, yc_intake_get_id (intake), draft, NULL,
                             on_draft_saved_cb, g_object_ref (self));
}

static gboolean
save_cb (gpointer data)
{
  Save *save = data;

  if (save->self != NULL)
    {
      /* The source is done: it must not be removed again. */
      g_hash_table_steal (save->self->pending, save->intake);
      save_now (save->self, save->intake);
    }
  return G_SOURCE_REMOVE;
}

static void
save_free (gpointer data)
{
  Save *save = data;

  g_clear_weak_pointer (&save->self);
  g_object_unref (save->intake);
  g_free (save);
}

static void
remove_source (gpointer id)
{
  g_source_remove (GPOINTER_TO_UINT (id));
}

static void
on_intake_changed_cb (YcIntake     *intake,
                      YcIntakePage *self)
{
  Save *save;
  guint id;

  if (g_hash_table_contains (self->pending, intake))
    return;
  save = g_new0 (Save, 1);
  g_set_weak_pointer (&save->self, self);
  save->intake = g_object_ref (intake);
  id = g_timeout_add_full (G_PRIORITY_DEFAULT, SAVE_DELAY_MS, save_cb, save, save_free);
  g_hash_table_insert (self->pending, intake, GUINT_TO_POINTER (id));
}

/* Writes what waits, as the page goes or the store changes. */
static void
flush (YcIntakePage *self)
{
  g_autoptr(GList) waiting = g_hash_table_get_keys (self->pending);

  for (GList *l = waiting; l != NULL; l = l->next)
    save_now (self, l->data);
}

static void
add_intake (YcIntakePage *self,
            YcIntake     *intake)
{
  g_signal_connect_object (intake, "changed", G_CALLBACK (on_intake_changed_cb), self, 0);
  g_list_store_append (self->intakes, intake);
}

static void
forget_intakes (YcIntakePage *self)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->intakes)); i++)
    {
      g_autoptr(YcIntake) intake = g_list_model_get_item (G_LIST_MODEL (self->intakes), i);
      g_signal_handlers_disconnect_by_func (intake, on_intake_changed_cb, self);
    }
  g_hash_table_remove_all (self->pending);
  g_list_store_remove_all (self->intakes);
}

static void
on_drafts_listed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(YcIntakePage) self = user_data;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;

  drafts = yc_store_list_drafts_finish (YC_STORE (object), result, &error);
  if (drafts == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = yc_context_describe_error (error, _("The intakes in progress could not be read."));
      yc_desk_toast (GTK_WIDGET (self), message);
      return;
    }

  for (guint i = 0; i < drafts->len; i++)
    {
      YcDraft *draft = g_ptr_array_index (drafts, i);
      g_autoptr(GError) draft_error = NULL;
      g_autoptr(YcIntake) intake = yc_intake_new_from_draft (draft->body, &draft_error);

      /* A draft of another version or damaged: kept in the store, not shown. */
      if (intake == NULL)
        {
          g_message ("Intake draft %s is not reopened: %s", draft->id, draft_error->message);
          continue;
        }
      add_intake (self, intake);
    }
}

static void
follow_store (YcIntakePage *self)
{
  YcStore *store = yc_context_get_store (self->context);

  if (store == self->store)
    return;
  flush (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  forget_intakes (self);
  g_set_object (&self->store, store);
  if (store == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  yc_store_list_drafts_async (store, self->cancellable, on_drafts_listed_cb, g_object_ref (self));
}

/* ---- The list ---- */

static void
update_shown (YcIntakePage *self)
{
  YcIntake *intake = gtk_single_selection_get_selected_item (self->selection);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->intakes));

  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "none");
  if (intake == yc_intake_view_get_intake (self->view) && intake != NULL)
    return;
  yc_intake_view_show (self->view, yc_context_get_catalogue (self->context), intake);
  gtk_stack_set_visible_child_name (self->view_stack, intake != NULL ? "intake" : "none");
}

static void
on_selected_cb (YcIntakePage *self)
{
  update_shown (self);
}

static void
describe_row (GtkListItem *item)
{
  YcIntake *intake = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkLabel *title = GTK_LABEL (gtk_widget_get_first_child (box));
  GtkLabel *subtitle = GTK_LABEL (gtk_widget_get_next_sibling (GTK_WIDGET (title)));
  const char *name = yc_intake_get_value (intake, "applicant.name");
  g_autofree char *started = yc_time_format_clock (yc_intake_get_started_at (intake));
  g_autofree char *line = NULL;

  yc_display_set_label (title, yc_intake_get_title (intake) ? yc_intake_get_title (intake)
                                                            : yc_intake_get_items (intake)[0]);
  if (name != NULL)
    /* Translators: under an intake in the list: the applicant's name and when it started */
    line = g_strdup_printf (_("%s · started %s"), name, started);
  else
    /* Translators: under an intake in the list whose applicant is not known yet */
    line = g_strdup_printf (_("Applicant not entered · started %s"), started);
  yc_display_set_label (subtitle, line);
}

static void
on_row_intake_changed_cb (YcIntake    *intake,
                          GtkListItem *item)
{
  describe_row (item);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_add_css_class (box, "guide-hit-row");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  describe_row (item);
  g_signal_connect (gtk_list_item_get_item (item), "changed", G_CALLBACK (on_row_intake_changed_cb), item);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), on_row_intake_changed_cb, item);
}

/* ---- Starting and discarding ---- */

YcIntake *
yc_intake_page_start (YcIntakePage       *self,
                      const char         *package,
                      const char * const *items,
                      const char         *title,
                      const char         *ticket)
{
  g_autoptr(YcIntake) intake = NULL;

  g_return_val_if_fail (YC_IS_INTAKE_PAGE (self), NULL);
  g_return_val_if_fail (items != NULL && items[0] != NULL, NULL);

  intake = yc_intake_new (package, items, ticket);
  yc_intake_set_title (intake, title);
  add_intake (self, intake);
  gtk_single_selection_set_selected (self->selection,
                                     g_list_model_get_n_items (G_LIST_MODEL (self->intakes)) - 1);
  save_now (self, intake);
  return intake;
}

static void
discard (YcIntakePage *self,
         YcIntake     *intake)
{
  guint position;

  if (!g_list_store_find (self->intakes, intake, &position))
    return;
  g_hash_table_remove (self->pending, intake);
  g_signal_handlers_disconnect_by_func (intake, on_intake_changed_cb, self);
  if (self->store != NULL)
    yc_store_discard_draft_async (self->store, yc_intake_get_id (intake), NULL,
                                  on_draft_saved_cb, g_object_ref (self));
  g_list_store_remove (self->intakes, position);
}

static void
on_discard_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        YcIntakePage     *self)
{
  YcIntake *intake = g_object_get_data (G_OBJECT (dialog), "intake");

  if (g_strcmp0 (response, "discard") == 0)
    discard (self, intake);
}

static void
discard_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  YcIntakePage *self = YC_INTAKE_PAGE (widget);
  YcIntake *intake = gtk_single_selection_get_selected_item (self->selection);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *body = NULL;
  g_autofree char *shown = NULL;
  AdwMessageDialog *dialog;

  if (intake == NULL)
    return;
  body = g_strdup_printf (_("What was entered for “%s” is thrown away and nothing is recorded. "
                            "To tell the applicant what is missing, print the one-time notice instead."),
                          yc_intake_get_title (intake) ? yc_intake_get_title (intake) : yc_intake_get_items (intake)[0]);
  /* The matter's name is the catalogue's. */
  shown = yc_display_text (body);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Discard This Intake?"), shown));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "intake", g_object_ref (intake), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

GListModel *
yc_intake_page_get_intakes (YcIntakePage *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_PAGE (self), NULL);
  return G_LIST_MODEL (self->intakes);
}

YcIntakeView *
yc_intake_page_get_view (YcIntakePage *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_PAGE (self), NULL);
  return self->view;
}

void
yc_intake_page_set_paper_sink (YcIntakePage *self,
                               YcPaperSink   sink,
                               gpointer      data)
{
  g_return_if_fail (YC_IS_INTAKE_PAGE (self));
  self->sink = sink;
  self->sink_data = data;
}

gboolean
yc_intake_page_get_numbering (YcIntakePage *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_PAGE (self), FALSE);
  return self->numbering > 0;
}

/* ---- Decisions ---- */

typedef struct
{
  YcIntakePage *self;
  YcIntake     *intake;
  YcRecord     *record;
  YcDecision    decision;
} Settle;

static void
settle_free (Settle *settle)
{
  g_object_unref (settle->self);
  g_object_unref (settle->intake);
  g_object_unref (settle->record);
  g_free (settle);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Settle, settle_free)

static void
update_numbering (YcIntakePage *self)
{
  gtk_revealer_set_reveal_child (self->number_revealer, self->numbering > 0);
  gtk_spinner_set_spinning (self->number_spinner, self->numbering > 0);
}

typedef struct
{
  YcIntakePage *self;
  YcRecord     *record;
  gboolean      print;  /* the decision's paper */
  gboolean      tell;   /* the toast of an acceptance, with the number it was given */
} Numbering;

static void
numbering_free (Numbering *numbering)
{
  g_object_unref (numbering->self);
  g_object_unref (numbering->record);
  g_free (numbering);
}

/* The paper of a decision (受理通知书, 容缺受理通知书 or 不予受理通知书) with the centre's
 * number, or, when the desk is offline or the wait ran out, with the window's provisional
 * one, marked as such: the citizen never takes home a number that looks final and is not. */
static void
on_number_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Numbering *numbering = user_data;
  YcIntakePage *self = numbering->self;
  g_autofree char *number = yc_cases_wait_number_finish (YC_CASES (object), result, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *reference = NULL;
  g_autoptr(YcDocument) doc = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  YcNoticeInfo info;

  self->numbering--;
  update_numbering (self);
  if (numbering->tell)
    {
      g_autofree char *message = number != NULL
        /* Translators: after accepting; %s is the case number the centre gave (受理编号) */
        ? g_strdup_printf (_("Accepted, case number %s."), number)
        /* Translators: after accepting offline or before the centre answered */
        : g_strdup (_("Accepted. The case number follows once the centre has it."));

      yc_desk_toast (GTK_WIDGET (self), message);
    }
  if (!numbering->print)
    {
      numbering_free (numbering);
      return;
    }
  yc_notice_info_init (&info, self->context, now);
  reference = yc_document_receipt_reference (yc_record_get_id (numbering->record), number, &info);
  doc = yc_document_new_case_paper (json_node_get_object (yc_record_get_body (numbering->record)), reference, &info);
  if (self->sink != NULL)
    self->sink (doc, self->sink_data);
  else
    yc_document_print (doc, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  numbering_free (numbering);
}

/* The paper for the applicant to take home, once the centre's number is known: the push
 * goes out as the record is saved, and its answer brings the number. The main loop goes
 * on meanwhile; the page shows it is waiting. */
static void
print_paper (YcIntakePage *self,
             YcRecord     *record,
             gboolean      tell)
{
  gboolean print_papers;
  Numbering *numbering;

  g_object_get (self->view, "print-papers", &print_papers, NULL);
  if (!print_papers && self->sink == NULL && !tell)
    return;
  numbering = g_new0 (Numbering, 1);
  numbering->self = g_object_ref (self);
  numbering->record = g_object_ref (record);
  numbering->print = print_papers || self->sink != NULL;
  numbering->tell = tell;
  self->numbering++;
  update_numbering (self);
  yc_cases_wait_number_async (yc_context_get_cases (self->context), yc_record_get_id (record), NUMBER_WAIT_MS,
                              NULL, on_number_cb, numbering);
}

static void
on_settled_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Settle) settle = user_data;
  YcIntakePage *self = settle->self;
  g_autoptr(GError) error = NULL;
  guint position;

  if (!yc_store_enqueue_finish (YC_STORE (object), result, &error))
    {
      g_autofree char *text = yc_context_describe_error (error, _("The decision could not be saved. Nothing was lost: try again."));

      /* The intake stays as it was, its draft too: the clerk decides again. */
      g_signal_connect_object (settle->intake, "changed", G_CALLBACK (on_intake_changed_cb), self, 0);
      yc_desk_toast (GTK_WIDGET (self), text);
      return;
    }

  if (g_list_store_find (self->intakes, settle->intake, &position))
    g_list_store_remove (self->intakes, position);
  /* The one-time notice is printed by the intake view as it records it: it has no number. */
  /* An acceptance is told with its number, so the toast waits for it as the paper does;
   * only without one does it say the number follows. */
  if (settle->decision == YC_DECISION_ACCEPTED)
    print_paper (self, settle->record, TRUE);
  else if (settle->decision == YC_DECISION_REFUSED)
    {
      print_paper (self, settle->record, FALSE);
      yc_desk_toast (GTK_WIDGET (self), _("Refused and reported to the centre for review."));
    }
  else
    yc_desk_toast (GTK_WIDGET (self), _("Recorded as told what is missing; nothing was accepted."));
}

static void
on_decided_cb (YcIntakeView *view,
               YcIntake     *intake,
               YcRecord     *record,
               YcIntakePage *self)
{
  Settle *settle;
  YcVisitMatter matter;

  /* The view made the body: it names its decision. */
  if (self->store == NULL || !yc_visit_matter_from_case (yc_record_get_body (record), &matter))
    return;
  /* No later save may bring the draft back once the decision has taken its place. */
  g_hash_table_remove (self->pending, intake);
  g_signal_handlers_disconnect_by_func (intake, on_intake_changed_cb, self);

  settle = g_new0 (Settle, 1);
  settle->self = g_object_ref (self);
  settle->intake = g_object_ref (intake);
  settle->record = g_object_ref (record);
  settle->decision = matter.decision;

  /* The citizen at the window was served this matter: the visit counts it. */
  yc_desk_add_case (GTK_WIDGET (self), &matter);
  yc_store_enqueue_settling_draft_async (self->store, record, yc_intake_get_id (intake), NULL,
                                         on_settled_cb, settle);
}

/* ---- GObject ---- */

static void
yc_intake_page_constructed (GObject *object)
{
  YcIntakePage *self = (YcIntakePage *) object;

  G_OBJECT_CLASS (yc_intake_page_parent_class)->constructed (object);

  self->view = YC_INTAKE_VIEW (yc_intake_view_new (self->context));
  gtk_stack_add_named (self->view_stack, GTK_WIDGET (self->view), "intake");
  g_signal_connect_object (self->view, "decided", G_CALLBACK (on_decided_cb), self, 0);
  g_signal_connect_object (self->context, "notify::store", G_CALLBACK (follow_store), self, G_CONNECT_SWAPPED);
  follow_store (self);
  update_shown (self);
}

static void
yc_intake_page_dispose (GObject *object)
{
  YcIntakePage *self = (YcIntakePage *) object;

  if (self->pending != NULL)
    flush (self);
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_INTAKE_PAGE);

  G_OBJECT_CLASS (yc_intake_page_parent_class)->dispose (object);
}

static void
yc_intake_page_finalize (GObject *object)
{
  YcIntakePage *self = (YcIntakePage *) object;

  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->intakes);
  g_clear_object (&self->store);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (yc_intake_page_parent_class)->finalize (object);
}

static void
yc_intake_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YcIntakePage *self = YC_INTAKE_PAGE (object);

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
yc_intake_page_class_init (YcIntakePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = yc_intake_page_constructed;
  object_class->dispose = yc_intake_page_dispose;
  object_class->finalize = yc_intake_page_finalize;
  object_class->set_property = yc_intake_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, YC_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "intake.discard", NULL, discard_activated);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/yichuang/Desk/ui/yc-intake-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, layout);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, list_view);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, number_revealer);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, number_spinner);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_intake_page_init (YcIntakePage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->pending = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, remove_source);
  self->intakes = g_list_store_new (YC_TYPE_INTAKE);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->intakes)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (on_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->intakes, "items-changed", G_CALLBACK (on_selected_cb),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (g_object_ref (self->selection)));
}
