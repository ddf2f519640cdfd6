/* yc-walk-in-dialog.c: one response per service of the window: the service is the answer. */
#include "config-desk.h"

#include "yc-walk-in-dialog.h"

#include "core/yc-service.h"

#include "yc-a11y.h"
#include "yc-display.h"

struct _YcWalkInDialog
{
  AdwMessageDialog parent_instance;
};

G_DEFINE_FINAL_TYPE (YcWalkInDialog, yc_walk_in_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
yc_walk_in_dialog_class_init (YcWalkInDialogClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), "/cn/yichuang/Desk/ui/yc-walk-in-dialog.ui");
}

static void
yc_walk_in_dialog_init (YcWalkInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
yc_walk_in_dialog_new (GtkWindow  *parent,
                       GListModel *services)
{
  AdwMessageDialog *dialog;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (services), NULL);
  n = g_list_model_get_n_items (services);
  g_return_val_if_fail (n > 0, NULL);

  dialog = g_object_new (YC_TYPE_WALK_IN_DIALOG, "transient-for", parent, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcService) service = g_list_model_get_item (services, i);
      const char *letter = yc_service_get_letter (service);
      g_autofree char *name = yc_display_text (yc_service_get_name (service));

      adw_message_dialog_add_response (dialog, letter, name);
      if (i == 0)
        {
          adw_message_dialog_set_default_response (dialog, letter);
          adw_message_dialog_set_response_appearance (dialog, letter, ADW_RESPONSE_SUGGESTED);
        }
    }
  yc_a11y_name_responses_once (GTK_WIDGET (dialog));
  return GTK_WIDGET (dialog);
}
