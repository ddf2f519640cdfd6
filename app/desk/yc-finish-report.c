/* yc-finish-report.c: what the clerk is told of a finish (yc-finish-report.h). */
#include "config-desk.h"

#include <adwaita.h>

#include "yc-context.h"
#include "yc-desk-actions.h"
#include "yc-display.h"
#include "yc-finish-report.h"

/* The centre kept the visit's record but did not finish the ticket: which ticket, why and
 * what to do, in a dialog the clerk cannot miss between two citizens. */
static void
tell_not_applied (GtkWidget    *from,
                  const char   *number,
                  const GError *error)
{
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *shown = NULL;
  GtkRoot *root;
  GtkWidget *dialog;

  if (g_error_matches (error, YC_QUEUE_ERROR, YC_QUEUE_ERROR_TICKET_TAKEN))
    /* Translators: %s is a ticket number like B002 */
    body = g_strdup_printf (_("Another window or clerk had called %s when this finish reached the centre, so it was "
                              "not finished there. Your record of this visit is kept: check it on the Records page."),
                            number);
  else if (g_error_matches (error, YC_QUEUE_ERROR, YC_QUEUE_ERROR_TICKET_NOT_CALLED))
    /* Translators: %s is a ticket number like B002 */
    body = g_strdup_printf (_("%s had gone back to the queue or was marked absent when this finish reached the "
                              "centre, so it was not finished there. Your record of this visit is kept: check it on "
                              "the Records page, and finish the visit again if the citizen is called again."),
                            number);
  else if (g_error_matches (error, YC_QUEUE_ERROR, YC_QUEUE_ERROR_TICKET_NOT_FOUND))
    /* Translators: %s is a ticket number like B002 */
    body = g_strdup_printf (_("The centre has no ticket %s, so nothing was finished there. Your record of this visit "
                              "is kept: check it on the Records page and tell the duty manager."), number);
  else
    /* Translators: the first %s is a ticket number like B002, the second the centre's reason as it gave it */
    body = g_strdup_printf (_("The centre did not finish %s: %s. Your record of this visit is kept: check it on the "
                              "Records page and tell the duty manager."), number, error->message);
  /* Translators: %s is a ticket number like B002 */
  heading = g_strdup_printf (_("%s Not Finished at the Centre"), number);
  /* The centre's reason in the desk's script. */
  shown = yc_display_text (body);
  root = gtk_widget_get_root (from);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, shown);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
yc_finish_report (GtkWidget     *from,
                  const char    *number,
                  YcQueueFinish  finish,
                  const GError  *error)
{
  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (number != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (finish == YC_QUEUE_FINISH_NOT_APPLIED)
    tell_not_applied (from, number, error);
  else if (error != NULL && finish == YC_QUEUE_FINISH_NONE)
    {
      g_autofree char *description = yc_context_describe_error (error, _("Something went wrong."));
      /* Translators: %s is a sentence saying what went wrong */
      g_autofree char *message = g_strdup_printf (_("The visit could not be saved, so the ticket stays open. %s"),
                                                  description);

      yc_desk_toast (from, message);
    }
  else if (error != NULL)
    yc_desk_toast_error (from, error, _("Something went wrong."));
  else if (finish == YC_QUEUE_FINISH_UNCONFIRMED)
    {
      /* Translators: %s is a ticket number like A001 */
      g_autofree char *message = g_strdup_printf (_("%s is recorded here, not yet finished at the centre: the server "
                                                    "cannot be reached. The record is sent when it can be."), number);

      yc_desk_toast (from, message);
    }
}
