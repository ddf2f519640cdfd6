/* yc-a11y.c: accessible names GTK 4.8 leaves out (yc-a11y.h). */
#include "config-desk.h"

#include "yc-a11y.h"

void
yc_a11y_name_drop_down (GtkDropDown *drop_down,
                        const char  *name)
{
  g_autofree char *from_label = NULL;
  GtkWidget *button;

  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));

  if (name == NULL)
    {
      GList *labels = gtk_widget_list_mnemonic_labels (GTK_WIDGET (drop_down));

      if (labels != NULL && GTK_IS_LABEL (labels->data))
        from_label = g_strdup (gtk_label_get_text (labels->data));
      g_list_free (labels);
      name = from_label;
    }
  if (name == NULL || *name == '\0')
    return;

  for (button = gtk_widget_get_first_child (GTK_WIDGET (drop_down));
       button != NULL;
       button = gtk_widget_get_next_sibling (button))
    if (GTK_IS_TOGGLE_BUTTON (button))
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

void
yc_a11y_name_responses_once (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    yc_a11y_name_responses_once (child);
}
