/* yc-transfer-dialog.c: the transfer's target and note; the queue reads the targets and
 * sends the transfer (yc-queue.c). */
#include "config-desk.h"

#include "yc-transfer-dialog.h"

#include "yc-a11y.h"
#include "yc-desk-actions.h"
#include "yc-display.h"

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
  /* Translators: the accessible name of the transfer dialog's list of targets */
  yc_a11y_name_drop_down (self->target_dropdown, _("Transfer to"));
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
  /* Shown in the desk's script; the choice is kept by its place in targets. */
  for (guint i = 0; i < targets->len; i++)
    {
      g_autofree char *label = yc_display_text (((YcQueueTarget *) g_ptr_array_index (targets, i))->label);

      gtk_string_list_append (labels, label);
    }
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

  g_return_val_if_fail (YC_IS_TRANSFER_DIALOG (self), NULL);

  selected = gtk_drop_down_get_selected (self->target_dropdown);
  if (selected >= self->targets->len)
    return NULL;
  return yc_queue_target_transfer_body (g_ptr_array_index (self->targets, selected),
                                        gtk_editable_get_text (self->note_entry));
}

/* The citizen at the window when the targets were asked for. */
typedef struct
{
  GtkWidget *from;
  YcTicket  *ticket;
  GCallback  response_cb;
} TargetsRead;

static void
targets_read_free (TargetsRead *read)
{
  g_object_unref (read->from);
  g_object_unref (read->ticket);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TargetsRead, targets_read_free)

static void
on_targets_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TargetsRead) read = user_data;
  YcQueue *queue = YC_QUEUE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = yc_queue_read_targets_finish (queue, result, &error);
  GtkRoot *root;
  GtkWidget *dialog;

  /* Cancelled with the session; or the citizen has gone from the window meanwhile. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || yc_queue_get_current (queue) != read->ticket)
    return;
  if (targets == NULL)
    {
      yc_desk_toast_error (read->from, error, _("Something went wrong."));
      return;
    }
  if (targets->len == 0)
    {
      yc_desk_toast (read->from, _("There is no other service or window to transfer to."));
      return;
    }
  root = gtk_widget_get_root (read->from);
  dialog = yc_transfer_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, read->ticket, targets);
  g_signal_connect_object (dialog, "response", read->response_cb, read->from, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
yc_transfer_dialog_ask (GtkWidget    *from,
                        YcQueue      *queue,
                        GCancellable *cancellable,
                        GCallback     response_cb)
{
  TargetsRead *read;

  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (YC_IS_QUEUE (queue));
  g_return_if_fail (response_cb != NULL);

  if (yc_queue_get_current (queue) == NULL)
    return;
  read = g_new0 (TargetsRead, 1);
  read->from = g_object_ref (from);
  read->ticket = g_object_ref (yc_queue_get_current (queue));
  read->response_cb = response_cb;
  yc_queue_read_targets_async (queue, cancellable, on_targets_read_cb, read);
}
