/* yc-transfer-dialog.c: the transfer's target and note; the queue reads the targets and
 * sends the transfer (yc-queue.c). */
#include "config-desk.h"

#include "yc-transfer-dialog.h"

#include "net/yc-queue.h"

struct _YcTransferDialog
{
  AdwMessageDialog  parent_instance;

  YcTicket         *ticket;
  GPtrArray        *targets;   /* YcQueueTarget */

  GtkDropDown      *target_dropdown;
  GtkEditable      *note_entry;
};

G_DEFINE_FINAL_TYPE (YcTransferDialog, yc_transfer_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
yc_transfer_dialog_finalize (GObject *object)
{
  YcTransferDialog *self = (YcTransferDialog *) object;

  g_clear_object (&self->ticket);
  g_clear_pointer (&self->targets, g_ptr_array_unref);

  G_OBJECT_CLASS (yc_transfer_dialog_parent_class)->finalize (object);
}

static void
yc_transfer_dialog_class_init (YcTransferDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = yc_transfer_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/yichuang/Desk/ui/yc-transfer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, YcTransferDialog, target_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YcTransferDialog, note_entry);
}

static void
yc_transfer_dialog_init (YcTransferDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
yc_transfer_dialog_new (GtkWindow *parent,
                        YcTicket  *ticket,
                        GPtrArray *targets)
{
  YcTransferDialog *self;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *heading = NULL;

  g_return_val_if_fail (YC_IS_TICKET (ticket), NULL);
  g_return_val_if_fail (targets != NULL && targets->len > 0, NULL);

  /* Translators: heading of the transfer dialog; %s is the ticket number */
  heading = g_strdup_printf (_("Transfer %s"), yc_ticket_get_number (ticket));
  self = g_object_new (YC_TYPE_TRANSFER_DIALOG, "transient-for", parent, "heading", heading, NULL);
  self->ticket = g_object_ref (ticket);
  self->targets = g_ptr_array_ref (targets);
  for (guint i = 0; i < targets->len; i++)
    gtk_string_list_append (labels, ((YcQueueTarget *) g_ptr_array_index (targets, i))->label);
  gtk_drop_down_set_model (self->target_dropdown, G_LIST_MODEL (labels));
  return GTK_WIDGET (self);
}

YcTicket *
yc_transfer_dialog_get_ticket (YcTransferDialog *self)
{
  g_return_val_if_fail (YC_IS_TRANSFER_DIALOG (self), NULL);
  return self->ticket;
}

JsonNode *
yc_transfer_dialog_get_body (YcTransferDialog *self)
{
  guint selected;
  g_autofree char *note = NULL;
  JsonObject *object;
  JsonNode *body;

  g_return_val_if_fail (YC_IS_TRANSFER_DIALOG (self), NULL);

  selected = gtk_drop_down_get_selected (self->target_dropdown);
  if (selected >= self->targets->len)
    return NULL;
  /* A body of its own: the target's is shared by every transfer to it. */
  object = json_object_new ();
  {
    JsonObject *target = json_node_get_object (((YcQueueTarget *) g_ptr_array_index (self->targets, selected))->body);
    g_autoptr(GList) members = json_object_get_members (target);

    for (GList *l = members; l != NULL; l = l->next)
      json_object_set_member (object, l->data, json_node_copy (json_object_get_member (target, l->data)));
  }
  note = g_strstrip (g_strdup (gtk_editable_get_text (self->note_entry)));
  if (*note != '\0')
    json_object_set_string_member (object, "note", note);
  body = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return body;
}
