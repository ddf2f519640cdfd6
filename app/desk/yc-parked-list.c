/* yc-parked-list.c: the tickets parked (挂起) at the window, parked longest first, each
 * with a Call Back of its own (queue.call-back-ticket, the Queue page's action); hidden
 * while there is none. */
#include "config-desk.h"

#include "yc-parked-list.h"

#include "core/yc-time.h"

#include "yc-display.h"

struct _YcParkedList
{
  GtkWidget    parent_instance;

  YcQueue     *queue;
  GListModel  *parked;

  GtkLabel    *parked_title;
  GtkListView *parked_view;
};

G_DEFINE_FINAL_TYPE (YcParkedList, yc_parked_list, GTK_TYPE_WIDGET)

static const char *
service_name (YcQueue    *queue,
              const char *letter)
{
  YcService *service = yc_queue_find_service (queue, letter);

  return service != NULL ? yc_service_get_name (service) : letter;
}

static void
update_title (YcParkedList *self)
{
  guint n = g_list_model_get_n_items (self->parked);
  /* Translators: heading of the tickets parked (挂起) at this window, with their count */
  g_autofree char *title = g_strdup_printf (_("Parked (%u)"), n);

  gtk_label_set_label (self->parked_title, title);
  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
}

static void
setup_parked_row_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *number = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new_with_label (_("Call Back"));

  gtk_widget_add_css_class (box, "service-row");
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_widget_add_css_class (number, "heading");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), number);
  gtk_box_append (GTK_BOX (labels), detail);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), button);
  gtk_list_item_set_child (item, box);
}

static void
bind_parked_row_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    YcParkedList             *self)
{
  YcTicket *ticket = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *labels = gtk_widget_get_first_child (box);
  GtkWidget *button = gtk_widget_get_last_child (box);
  g_autofree char *clock = yc_time_format_clock (yc_ticket_get_parked_at (ticket));
  /* Translators: under a parked ticket: its service and when it was parked */
  g_autofree char *detail = g_strdup_printf (_("%s · parked at %s"), service_name (self->queue, yc_ticket_get_service (ticket)),
                                             clock ? clock : "");

  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (labels)), yc_ticket_get_number (ticket));
  yc_display_set_label (GTK_LABEL (gtk_widget_get_last_child (labels)), detail);
  /* The target first: the action takes one. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", yc_ticket_get_id (ticket));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "queue.call-back-ticket");
  {
    /* Translators: accessible name of the Call Back button of a parked ticket */
    g_autofree char *name = g_strdup_printf (_("Call back %s"), yc_ticket_get_number (ticket));
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  }
}

static void
yc_parked_list_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), YC_TYPE_PARKED_LIST);
  /* The template's top box has no id, so dispose_template () leaves it to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (yc_parked_list_parent_class)->dispose (object);
}

static void
yc_parked_list_finalize (GObject *object)
{
  YcParkedList *self = (YcParkedList *) object;

  g_clear_object (&self->parked);
  g_clear_object (&self->queue);

  G_OBJECT_CLASS (yc_parked_list_parent_class)->finalize (object);
}

static void
yc_parked_list_class_init (YcParkedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_parked_list_dispose;
  object_class->finalize = yc_parked_list_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/cn/yichuang/Desk/ui/yc-parked-list.ui");
  gtk_widget_class_bind_template_child (widget_class, YcParkedList, parked_title);
  gtk_widget_class_bind_template_child (widget_class, YcParkedList, parked_view);
}

static void
yc_parked_list_init (YcParkedList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
yc_parked_list_bind (YcParkedList *self,
                     YcQueue      *queue)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_return_if_fail (YC_IS_PARKED_LIST (self));
  g_return_if_fail (self->queue == NULL);

  self->queue = g_object_ref (queue);
  self->parked = g_object_ref (yc_queue_get_parked (queue));
  selection = gtk_no_selection_new (g_object_ref (self->parked));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_parked_row_cb), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_parked_row_cb), self, 0);
  gtk_list_view_set_model (self->parked_view, GTK_SELECTION_MODEL (selection));
  gtk_list_view_set_factory (self->parked_view, factory);
  g_signal_connect_object (self->parked, "items-changed", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  update_title (self);
}
