/* yc-desk-actions.c: a page's requests to its window as win.* actions (yc-desk-actions.h).
 * An action a widget outside any window activates finds no one to answer it: nothing
 * happens, as nothing should. */
#include "config-desk.h"

#include "yc-desk-actions.h"

#include "core/yc-error.h"

#include "yc-context.h"

void
yc_desk_toast (GtkWidget  *widget,
               const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

  gtk_widget_activate_action (widget, "win.toast", "s", message);
}

void
yc_desk_toast_error (GtkWidget    *widget,
                     const GError *error,
                     const char   *fallback)
{
  g_autofree char *message = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, YC_ERROR, YC_ERROR_UNAUTHORIZED))
    return;
  message = yc_context_describe_error (error, fallback);
  yc_desk_toast (widget, message);
}

static void
on_pdf_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkWidget) widget = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;

  path = yc_document_save_pdf_finish (result, &error);
  if (path == NULL)
    {
      if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The printing module words its errors for the clerk. */
      message = g_strdup (error->message);
    }
  else
    {
      g_autofree char *name = g_path_get_basename (path);

      /* Translators: %s is the file name of the PDF just saved */
      message = g_strdup_printf (_("Saved as %s"), name);
    }
  yc_desk_toast (widget, message);
}

void
yc_desk_save_pdf (GtkWidget  *widget,
                  YcDocument *doc)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (doc != NULL);

  root = gtk_widget_get_root (widget);
  yc_document_save_pdf_async (doc, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL,
                              on_pdf_saved_cb, g_object_ref (widget));
}

void
yc_desk_start_intake (GtkWidget          *widget,
                      const char         *package,
                      const char * const *items,
                      const char         *title)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (items != NULL && items[0] != NULL);

  /* "" for no package: an action's parameter has no maybe type the window could read
   * more simply. */
  gtk_widget_activate_action (widget, "win.start-intake", "(s^ass)",
                              package ? package : "", items, title ? title : "");
}

void
yc_desk_add_case (GtkWidget           *widget,
                  const YcVisitMatter *matter)
{
  g_autoptr(GVariant) param = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (matter != NULL);

  /* GTK hands the parameter on as it is given: a floating one would never be freed. */
  param = g_variant_ref_sink (yc_visit_matter_to_variant (matter));
  gtk_widget_activate_action_variant (widget, "win.add-case", param);
}
