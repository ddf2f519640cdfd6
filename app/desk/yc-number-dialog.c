/* yc-number-dialog.c: a ticket number typed at the window, checked as it is typed. */
#include "config-desk.h"

#include "yc-number-dialog.h"

#include <string.h>

struct _YcNumberDialog
{
  AdwMessageDialog  parent_instance;

  char             *response;
  GtkEditable      *number_entry;
};

G_DEFINE_FINAL_TYPE (YcNumberDialog, yc_number_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
on_number_changed_cb (YcNumberDialog *self)
{
  g_autofree char *number = yc_number_dialog_get_number (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), self->response, number != NULL);
}

static void
yc_number_dialog_finalize (GObject *object)
{
  YcNumberDialog *self = (YcNumberDialog *) object;

  g_free (self->response);

  G_OBJECT_CLASS (yc_number_dialog_parent_class)->finalize (object);
}

static void
yc_number_dialog_class_init (YcNumberDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = yc_number_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/yichuang/Desk/ui/yc-number-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, YcNumberDialog, number_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_number_changed_cb);
}

static void
yc_number_dialog_init (YcNumberDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
yc_number_dialog_new (GtkWindow  *parent,
                      const char *heading,
                      const char *body,
                      const char *response,
                      const char *label)
{
  YcNumberDialog *self;

  g_return_val_if_fail (response != NULL && label != NULL, NULL);

  self = g_object_new (YC_TYPE_NUMBER_DIALOG, "transient-for", parent, "heading", heading, "body", body, NULL);
  self->response = g_strdup (response);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), response, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), response);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), response, FALSE);
  return GTK_WIDGET (self);
}

char *
yc_number_dialog_get_number (YcNumberDialog *self)
{
  g_return_val_if_fail (YC_IS_NUMBER_DIALOG (self), NULL);
  return yc_number_dialog_normalise (gtk_editable_get_text (self->number_entry));
}

char *
yc_number_dialog_normalise (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_ascii_strup (text ? text : "", -1));
  gsize length = strlen (stripped);

  if (length < 4 || length > 8 || !g_ascii_isupper (stripped[0]))
    return NULL;
  for (gsize i = 1; i < length; i++)
    if (!g_ascii_isdigit (stripped[i]))
      return NULL;
  return g_steal_pointer (&stripped);
}

void
yc_number_dialog_ask (GtkWidget  *from,
                      const char *heading,
                      const char *body,
                      const char *response,
                      const char *label,
                      GCallback   response_cb)
{
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (response_cb != NULL);

  root = gtk_widget_get_root (from);
  dialog = yc_number_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body, response, label);
  g_signal_connect_object (dialog, "response", response_cb, from, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
