/* yc-queue-page.c: the Queue page shows the window's YcQueue (app/net): the ticket at the
 * window and the visit card, who waits, the tickets parked here and the clerk's day; its
 * actions ask the queue, which keeps the truth (the outbox, the centre's answers), and
 * the page tells the clerk what came of them.
 *
 * Two cancellables: one for the widget's life (cancelled in dispose), for the actions
 * whose answers must still be told; one for the session (the transfer targets, the
 * suggested packages). Call Next and Finish take none: the queue ends them by itself. */
#include "config-desk.h"

#include <string.h>

#include <adwaita.h>

#include "core/yc-mask.h"
#include "core/yc-ticket-action.h"
#include "core/yc-time.h"
#include "core/yc-visit.h"

#include "net/yc-queue.h"

#include "yc-desk-actions.h"
#include "yc-desk-private.h"
#include "yc-finish-report.h"
#include "yc-number-dialog.h"
#include "yc-waiting-panel.h"
#include "yc-transfer-dialog.h"
#include "yc-visit-card.h"
#include "yc-walk-in-dialog.h"
#include "yc-queue-page.h"

struct _YcQueuePage
{
  GtkWidget      parent_instance;

  YcContext     *context;
  GCancellable  *cancellable;          /* cancelled in dispose */
  GCancellable  *session_cancellable;  /* cancelled when the session changes, and in dispose */
  YcQueue       *queue;                /* the window's services, parked tickets, state, day */
  GListModel    *services;             /* the queue's */
  YcTicket      *current;              /* the queue's, as shown */
  guint          recall_source;        /* while set, the centre refuses a recall: too soon */
  guint          double_press_seconds; /* a second Call Next this soon after a call is ignored */
  GListModel    *parked;               /* the queue's: YcTicket parked here, longest first */

  /* Template widgets */
  YcVisitCard   *visit_card;
  GtkButton     *call_button;
  GtkLabel      *call_label;
  GtkButton     *finish_button;
  GtkLabel      *offline_label;
  GtkLabel      *paused_label;
  YcWaitingPanel *waiting_panel;

  YcQueueState   state;          /* as last shown */
  guint          paused : 1;     /* the window is paused or closed: no calls */
  guint          busy : 1;       /* the queue's, as shown */
};

G_DEFINE_FINAL_TYPE (YcQueuePage, yc_queue_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CURRENT,
  PROP_BUSY,
  PROP_WINDOW_STATE,
  PROP_PAUSE_CHOICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
yc_queue_page_new (YcContext *context)
{
  g_return_val_if_fail (YC_IS_CONTEXT (context), NULL);

  return g_object_new (YC_TYPE_QUEUE_PAGE,
                       "context", context,
                       NULL);
}

/* Through the window the page is in (win.toast). */
static void
toast_error (YcQueuePage  *self,
             const GError *error)
{
  yc_desk_toast_error (GTK_WIDGET (self), error, _("Something went wrong."));
}

static void
update_actions (YcQueuePage *self)
{
  gboolean logged_in = yc_queue_get_logged_in (self->queue);
  gboolean online = yc_queue_get_online (self->queue);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.call-next",
                                 logged_in && online && !self->busy && (!self->paused || self->current != NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.finish",
                                 logged_in && self->current != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.recall",
                                 logged_in && online && self->current != NULL && !self->busy &&
                                 self->recall_source == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.no-show",
                                 logged_in && online && self->current != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.call-number",
                                 logged_in && online && self->current == NULL && !self->busy && !self->paused);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.pause", logged_in && online && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.pause-choice", logged_in && online && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.park",
                                 logged_in && online && self->current != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.return",
                                 logged_in && online && self->current != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.transfer",
                                 logged_in && online && self->current != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.call-back",
                                 logged_in && online && self->current == NULL && !self->busy && !self->paused &&
                                 g_list_model_get_n_items (self->parked) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.call-back-ticket",
                                 logged_in && online && self->current == NULL && !self->busy && !self->paused);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.walk-in",
                                 logged_in && online && self->current == NULL && !self->busy && !self->paused);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.requeue", logged_in && online && !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->paused_label), logged_in && self->paused);
  gtk_widget_set_visible (GTK_WIDGET (self->offline_label), logged_in && !online);

  yc_waiting_panel_set_offline (self->waiting_panel, !online);
}

static void
update_busy (YcQueuePage *self)
{
  gboolean busy = yc_queue_get_busy (self->queue);

  if (self->busy == busy)
    return;
  self->busy = busy;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
on_current_changed_cb (YcQueuePage *self)
{
  YcTicket *ticket = yc_queue_get_current (self->queue);
  gboolean another = ticket == NULL || self->current == NULL ||
                     yc_ticket_get_id (ticket) != yc_ticket_get_id (self->current);

  if (!g_set_object (&self->current, ticket))
    return;
  /* Another ticket: its own calls, and a recall of its own. */
  if (another)
    g_clear_handle_id (&self->recall_source, g_source_remove);
  yc_visit_card_set_ticket (self->visit_card, ticket);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

/* What the clerk should hear of: a rating of their visit (a bad one says when its
 * follow-up is due), a ticket transferred to them. */
static void
on_news_cb (YcQueue     *queue,
            int          news,
            const char  *number,
            const char  *detail,
            const char  *due,
            YcQueuePage *self)
{
  g_autofree char *text = NULL;

  if (news == YC_QUEUE_NEWS_TRANSFERRED)
    /* Translators: a ticket transferred to this window or clerk: the number, and the window it comes from */
    text = g_strdup_printf (_("%s was transferred to you from %s: it is called first at your next Call Next."),
                            number ? number : "", detail ? detail : "");
  else if (due != NULL)
    /* Translators: a bad rating of the clerk's visit: the ticket, the level, the day the follow-up is due */
    text = g_strdup_printf (_("%s rated the visit “%s”: a follow-up is due by %s."), number, yc_queue_rating_name (detail),
                            due);
  else
    /* Translators: a rating of the clerk's visit: the ticket and the level */
    text = g_strdup_printf (_("%s rated the visit “%s”."), number, yc_queue_rating_name (detail));
  yc_desk_toast (GTK_WIDGET (self), text);
}

/* ---- Recall, no-show, a call by number, pausing ---- */

typedef struct
{
  YcQueuePage   *self;
  YcTicketAction action;
} Action;

static Action *
action_new (YcQueuePage    *self,
            YcTicketAction  action)
{
  Action *data = g_new0 (Action, 1);

  data->self = g_object_ref (self);
  data->action = action;
  return data;
}

static void
action_free (Action *data)
{
  g_object_unref (data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Action, action_free)

/* What the clerk reads when the centre says no: the server's words are for logs. */
static void
toast_refusal (YcQueuePage  *self,
               const GError *error,
               const char   *conflict,
               const char   *not_found)
{
  if (g_error_matches (error, YC_ERROR, YC_ERROR_CONFLICT) && conflict != NULL)
    {
      g_debug ("Refused: %s", error->message);
      yc_desk_toast (GTK_WIDGET (self), conflict);
    }
  else if (g_error_matches (error, YC_ERROR, YC_ERROR_NOT_FOUND) && not_found != NULL)
    yc_desk_toast (GTK_WIDGET (self), not_found);
  else
    toast_error (self, error);
}

static gboolean
on_recall_allowed_cb (gpointer user_data)
{
  YcQueuePage *self = user_data;

  self->recall_source = 0;
  update_actions (self);
  return G_SOURCE_REMOVE;
}

/* Recall is offered again only once the centre takes it: seconds from now. */
static void
hold_recall (YcQueuePage *self,
             guint        seconds)
{
  g_clear_handle_id (&self->recall_source, g_source_remove);
  self->recall_source = g_timeout_add_seconds (seconds, on_recall_allowed_cb, self);
  update_actions (self);
}

static void
on_ticket_action_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Action) data = user_data;
  YcQueuePage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcTicket) ticket = yc_queue_act_finish (YC_QUEUE (object), result, &error);
  g_autofree char *text = NULL;
  YcTicketAction action = data->action;
  const char *number;

  /* Cancelled: the page is gone, or the session the action was for has ended. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (ticket == NULL)
    {
      const char *conflict;
      guint wait = yc_error_get_retry_after (error);

      /* Too soon after the last call: the clerk is told how long, and Recall waits. */
      if (action == YC_TICKET_ACTION_RECALL && wait > 0 && g_error_matches (error, YC_ERROR, YC_ERROR_CONFLICT))
        {
          hold_recall (self, wait);
          /* Translators: Recall refused because the last call was just now; %u is seconds */
          text = g_strdup_printf (ngettext ("Wait %u second before calling again.",
                                            "Wait %u seconds before calling again.", wait), wait);
          yc_desk_toast (GTK_WIDGET (self), text);
          return;
        }
      if (action == YC_TICKET_ACTION_CALL_NUMBER)
        conflict = _("That ticket is not waiting, or the window is not open.");
      else if (action == YC_TICKET_ACTION_WALK_IN)
        {
          toast_refusal (self, error, _("Finish the citizen at the window first, and make sure the window is not "
                                        "paused."), NULL);
          return;
        }
      else if (action == YC_TICKET_ACTION_RECALL)
        conflict = _("It cannot be called again now: calls must be a little apart, and after the last one the ticket is a no-show.");
      else if (action == YC_TICKET_ACTION_NO_SHOW)
        conflict = _("Call the ticket again first: it becomes a no-show only after its last call.");
      else if (action == YC_TICKET_ACTION_CALL_BACK)
        conflict = _("Finish the citizen at the window first, and make sure the window is not paused.");
      else if (action == YC_TICKET_ACTION_REQUEUE)
        conflict = _("Only a no-show of the last half hour can be put back; the citizen takes a new ticket.");
      else
        conflict = _("The ticket has changed meanwhile: it is no longer at this window.");
      toast_refusal (self, error, conflict, _("No ticket of that number was issued today."));
      return;
    }

  number = yc_ticket_get_number (ticket);
  /* Called by number or served without one: the card shows it, nothing more to say. */
  if (action == YC_TICKET_ACTION_CALL_NUMBER || action == YC_TICKET_ACTION_WALK_IN)
    return;
  if (action == YC_TICKET_ACTION_RECALL || action == YC_TICKET_ACTION_CALL_BACK)
    {
      if (action == YC_TICKET_ACTION_RECALL)
        /* Translators: after a recall; %s is the ticket number, %u how many times it has been called */
        text = g_strdup_printf (_("%s called again (call %u)"), number, yc_ticket_get_calls (ticket));
      else
        /* Translators: a parked ticket called back to the window; %s is its number */
        text = g_strdup_printf (_("%s called back to the window"), number);
    }
  else if (action == YC_TICKET_ACTION_REQUEUE)
    /* Translators: a no-show put back in the queue; %s is its number */
    text = g_strdup_printf (_("%s is back in the queue, behind those waiting now."), number);
  else
    {
      if (action == YC_TICKET_ACTION_NO_SHOW)
        /* Translators: after marking a no-show (过号); %s is the ticket number */
        text = g_strdup_printf (_("%s marked as a no-show; the citizen may still be put back in the queue."), number);
      else if (action == YC_TICKET_ACTION_PARK)
        /* Translators: after parking (挂起) a ticket; %s is its number */
        text = g_strdup_printf (_("%s is parked: call it back from the list when the citizen is ready (Shift+F7)."),
                                number);
      else if (action == YC_TICKET_ACTION_RETURN)
        /* Translators: a ticket returned to its queue; %s is its number */
        text = g_strdup_printf (_("%s is back in the queue, first in line."), number);
      else
        /* Translators: a ticket transferred; %s is its number */
        text = g_strdup_printf (_("%s transferred; the citizen keeps the number."), number);
    }
  yc_desk_toast (GTK_WIDGET (self), text);
}

/* what: the number called or put back, or the walk-in's service; else ticket's own. */
static void
ticket_action (YcQueuePage    *self,
               YcTicket       *ticket,
               YcTicketAction  action,
               const char     *what,
               JsonNode       *body)
{
  yc_queue_act_async (self->queue, action, ticket, what, body, self->cancellable, on_ticket_action_cb,
                      action_new (self, action));
}

/* queue.recall, queue.no-show, queue.park, queue.return: of the ticket at the window. */
static void
yc_queue_page_ticket_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);
  YcTicketAction action;

  if (self->busy || self->current == NULL || !yc_queue_get_logged_in (self->queue))
    return;
  /* The page's actions are named as the wire names them. */
  if (!yc_ticket_action_from_wire (action_name + strlen ("queue."), &action))
    g_return_if_reached ();
  ticket_action (self, self->current, action, NULL, NULL);
}

/* queue.call-back: the ticket parked longest; queue.call-back-ticket: the one of that id. */
static void
yc_queue_page_call_back (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);
  guint n = g_list_model_get_n_items (self->parked);
  gint64 wanted = param != NULL ? g_variant_get_int64 (param) : 0;

  if (self->busy || self->current != NULL || !yc_queue_get_logged_in (self->queue))
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcTicket) ticket = g_list_model_get_item (self->parked, i);

      if (wanted == 0 || yc_ticket_get_id (ticket) == wanted)
        {
          ticket_action (self, ticket, YC_TICKET_ACTION_CALL_BACK, NULL, NULL);
          return;
        }
    }
}

static void
on_number_response_cb (YcNumberDialog *dialog,
                       const char     *response,
                       YcQueuePage    *self)
{
  g_autofree char *number = yc_number_dialog_get_number (dialog);
  YcTicketAction action;

  if (number == NULL || self->busy || !yc_ticket_action_from_wire (response, &action))
    return;
  ticket_action (self, NULL, action, number, NULL);
}

/* What the page's dialogs are transient for. */
static GtkWindow *
parent_window (YcQueuePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Asks for a ticket number; the response is the action's wire name (call, requeue). */
static void
ask_number (YcQueuePage    *self,
            const char     *heading,
            const char     *body,
            YcTicketAction  action,
            const char     *label)
{
  yc_number_dialog_ask (GTK_WIDGET (self), heading, body, yc_ticket_action_to_wire (action), label,
                        G_CALLBACK (on_number_response_cb));
}

static void
yc_queue_page_call_number (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);

  if (self->busy || self->current != NULL || !yc_queue_get_logged_in (self->queue))
    return;
  ask_number (self, _("Call a Ticket by Number"),
              _("The citizen with this ticket is called to this window, ahead of the queue."),
              /* Translators: calls the ticket typed in */
              YC_TICKET_ACTION_CALL_NUMBER, _("C_all"));
}

static void
yc_queue_page_requeue (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);

  if (self->busy || !yc_queue_get_logged_in (self->queue))
    return;
  ask_number (self, _("Put a No-Show Back in the Queue"),
              _("A citizen who missed the call in the last half hour waits again with the same ticket, "
                "behind those waiting now."),
              /* Translators: puts the no-show typed in back in the queue */
              YC_TICKET_ACTION_REQUEUE, _("_Put Back"));
}

/* ---- Walk-ins ---- */

static void
on_walk_in_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        YcQueuePage      *self)
{
  if (g_strcmp0 (response, "cancel") == 0 || self->busy || self->current != NULL)
    return;
  ticket_action (self, NULL, YC_TICKET_ACTION_WALK_IN, response, NULL);
}

static void
yc_queue_page_walk_in (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);
  GtkWidget *dialog;

  if (self->busy || self->current != NULL || !yc_queue_get_logged_in (self->queue) ||
      g_list_model_get_n_items (self->services) == 0)
    return;
  dialog = yc_walk_in_dialog_new (parent_window (self), self->services);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_walk_in_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Transfers ---- */

static void
on_transfer_response_cb (YcTransferDialog *dialog,
                         const char       *response,
                         YcQueuePage      *self)
{
  g_autoptr(JsonNode) body = NULL;

  if (g_strcmp0 (response, "transfer") != 0 || self->busy ||
      self->current != yc_transfer_dialog_get_ticket (dialog) ||
      (body = yc_transfer_dialog_get_body (dialog)) == NULL)
    return;
  ticket_action (self, self->current, YC_TICKET_ACTION_TRANSFER, NULL, body);
}

static void
yc_queue_page_transfer (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);

  if (self->busy || self->current == NULL || !yc_queue_get_logged_in (self->queue))
    return;
  yc_transfer_dialog_ask (widget, self->queue, self->session_cancellable, G_CALLBACK (on_transfer_response_cb));
}

/* Closed or paused, the window gets no calls; the page says why, the header that it is so. */
static void
on_state_changed_cb (YcQueuePage *self)
{
  YcQueueState state = yc_queue_get_state (self->queue);
  gboolean changed = self->state != state;

  self->state = state;
  self->paused = state != YC_QUEUE_OPEN;
  if (state == YC_QUEUE_CLOSED)
    {
      gtk_label_set_label (self->paused_label, _("The window is closed: it gets no calls until it is opened again."));
      yc_visit_card_set_paused (self->visit_card,
                                _("The window is closed. Press Resume Calling to call citizens again."));
    }
  else if (state == YC_QUEUE_PAUSED)
    {
      const char *reason = yc_queue_pause_reason_name (yc_queue_get_pause_reason (self->queue));
      /* Translators: on the Queue page while the window is paused; %s is the reason */
      g_autofree char *text = g_strdup_printf (_("The window is paused (%s): it gets no calls."), reason);
      /* Translators: on the empty visit card while the window is paused; %s is the reason */
      g_autofree char *card = g_strdup_printf (_("The window is paused (%s). Press Resume Calling to call citizens again."),
                                               reason);

      gtk_label_set_label (self->paused_label, text);
      yc_visit_card_set_paused (self->visit_card, card);
    }
  else
    yc_visit_card_set_paused (self->visit_card, NULL);
  /* The header's word for it: "" open, "closed", else paused. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.window-state", "s",
                              state == YC_QUEUE_CLOSED ? "closed" : state == YC_QUEUE_PAUSED ? "paused" : "");
  update_actions (self);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_STATE]);
  /* The reason may change while the window stays paused. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSE_CHOICE]);
}

static void
on_state_set_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YcQueuePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!yc_queue_set_state_finish (YC_QUEUE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast_refusal (self, error, _("Finish, return or transfer the citizens at the window and those parked "
                                  "here before closing it."), NULL);
}

static void
on_close_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      YcQueuePage      *self)
{
  if (g_strcmp0 (response, "close") != 0 || self->busy || !yc_queue_get_logged_in (self->queue))
    return;
  yc_queue_set_state_async (self->queue, YC_QUEUE_CLOSED, NULL, self->cancellable, on_state_set_cb,
                            g_object_ref (self));
}

static void
yc_queue_page_pause (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);
  const char *reason = g_variant_get_string (param, NULL);

  if (self->busy || !yc_queue_get_logged_in (self->queue))
    return;
  /* "closed" closes the window (for the day), once the clerk has said so: the hall's
   * citizens are then served elsewhere. Any other reason pauses it. */
  if (g_str_equal (reason, "closed"))
    {
      GtkWidget *dialog = adw_message_dialog_new (parent_window (self), _("Close the Window?"),
                                      _("No citizen is called to this window until it is opened again: those "
                                        "waiting are served at the other windows. Resume Calling in the Pause "
                                        "menu opens it again."));

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                        /* Translators: closes the window to citizens */
                                        "close", _("C_lose Window"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    yc_queue_set_state_async (self->queue, *reason ? YC_QUEUE_PAUSED : YC_QUEUE_OPEN, reason, self->cancellable,
                              on_state_set_cb, g_object_ref (self));
}

gboolean
yc_queue_page_get_paused (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), FALSE);
  return self->paused;
}

const char *
yc_queue_page_get_window_state (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  switch (yc_queue_get_state (self->queue))
    {
    case YC_QUEUE_PAUSED:
      return "paused";
    case YC_QUEUE_CLOSED:
      return "closed";
    case YC_QUEUE_OPEN:
    default:
      return "open";
    }
}

/* The ticket a finish was asked for: its number, for what the clerk is told. */
typedef struct
{
  YcQueuePage *self;
  char        *number;
} Finished;

static Finished *
finished_new (YcQueuePage *self,
              const char  *number)
{
  Finished *finished = g_new0 (Finished, 1);

  finished->self = g_object_ref (self);
  finished->number = g_strdup (number);
  return finished;
}

static void
finished_free (Finished *finished)
{
  g_object_unref (finished->self);
  g_free (finished->number);
  g_free (finished);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Finished, finished_free)

static void
on_finished_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Finished) finished = user_data;
  g_autoptr(GError) error = NULL;
  YcQueueFinish finish = YC_QUEUE_FINISH_NONE;

  yc_queue_finish_finish (YC_QUEUE (object), result, &finish, &error);
  yc_finish_report (GTK_WIDGET (finished->self), finished->number, finish, error);
}

static void
on_called_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Finished) finished = user_data;
  YcQueuePage *self = finished->self;
  g_autoptr(GError) error = NULL;
  YcQueueFinish finish = YC_QUEUE_FINISH_NONE;
  g_autoptr(YcTicket) ticket = yc_queue_call_next_finish (YC_QUEUE (object), result, &finish, &error);

  if (finished->number != NULL && (error != NULL || finish != YC_QUEUE_FINISH_CONFIRMED))
    yc_finish_report (GTK_WIDGET (self), finished->number, finish, error);
  else if (error != NULL)
    toast_error (self, error);
  else if (ticket == NULL)
    yc_desk_toast (GTK_WIDGET (self), _("Nobody is waiting."));
}

/* Called less than double_press_seconds ago (3 s; the tests may set another). */
static gboolean
called_just_now (YcQueuePage *self,
                 YcTicket    *ticket)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) called = NULL;

  if (yc_ticket_get_called_at (ticket) == NULL || !(called = yc_time_parse (yc_ticket_get_called_at (ticket))))
    return FALSE;
  return g_date_time_difference (now, called) < (GTimeSpan) self->double_press_seconds * G_TIME_SPAN_SECOND;
}

/* Why a key that calls (F2, Ctrl+G) would call nobody now, or NULL if it can call.
 * A key pressed in vain says so: silence leaves the clerk pressing it again. Busy says
 * nothing: what is under way answers soon, in its own toast. */
static const char *
why_no_call (YcQueuePage *self,
             gboolean     by_number)
{
  if (!yc_queue_get_online (self->queue))
    return _("The server cannot be reached: nobody can be called until it is back.");
  if (self->state == YC_QUEUE_CLOSED && (by_number || self->current == NULL))
    return _("The window is closed: nobody is called until you resume calling.");
  if (self->state == YC_QUEUE_PAUSED && (by_number || self->current == NULL))
    return _("The window is paused: nobody is called until you resume calling.");
  if (by_number && self->current != NULL)
    return _("A citizen is at the window: finish, park or transfer the visit before calling a ticket by number.");
  return NULL;
}

static void
call_by_key (YcQueuePage *self,
             gboolean     by_number,
             const char  *action)
{
  const char *why;

  if (self->busy || !yc_queue_get_logged_in (self->queue))
    return;
  if ((why = why_no_call (self, by_number)) != NULL)
    yc_desk_toast (GTK_WIDGET (self), why);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), action, NULL);
}

static void
yc_queue_page_call_next_key (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  call_by_key (YC_QUEUE_PAGE (widget), FALSE, "queue.call-next");
}

static void
yc_queue_page_call_number_key (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  call_by_key (YC_QUEUE_PAGE (widget), TRUE, "queue.call-number");
}

static void
yc_queue_page_call_next (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);

  if (self->busy ||
      !yc_queue_get_logged_in (self->queue) ||
      !yc_queue_get_online (self->queue) ||
      (self->paused && self->current == NULL))
    return;

  /* Calling the next citizen means the one at the window is done; but a second press
   * within seconds of the call is a double press, not a visit: nobody is skipped. */
  if (self->current != NULL && called_just_now (self, self->current))
    {
      /* Translators: F2 pressed again right after a call; %s is the ticket just called */
      g_autofree char *text = g_strdup_printf (_("%s was called just now: press again once the visit is over."),
                                               yc_ticket_get_number (self->current));
      yc_desk_toast (GTK_WIDGET (self), text);
    }
  else
    {
      g_autoptr(JsonNode) details = self->current != NULL ? yc_visit_card_get_details (self->visit_card) : NULL;
      const char *number = self->current != NULL ? yc_ticket_get_number (self->current) : NULL;

      yc_queue_call_next_async (self->queue, details, NULL, on_called_cb, finished_new (self, number));
    }
}

static void
yc_queue_page_finish (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);

  g_autoptr(JsonNode) details = NULL;

  if (self->busy || self->current == NULL)
    return;
  details = yc_visit_card_get_details (self->visit_card);
  yc_queue_finish_async (self->queue, details, NULL, on_finished_cb,
                         finished_new (self, yc_ticket_get_number (self->current)));
}

/* A call-next or a finish under way is not cancelled: the queue ends it by itself. */
static void
on_session_changed_cb (YcQueuePage *self)
{
  g_cancellable_cancel (self->session_cancellable);
  g_clear_object (&self->session_cancellable);
  self->session_cancellable = g_cancellable_new ();

  g_clear_handle_id (&self->recall_source, g_source_remove);

  update_busy (self);
  update_actions (self);
}

/* Demo data reset: the outbox and its pusher are new. */
static void
on_store_changed_cb (YcQueuePage *self)
{
  yc_queue_set_store (self->queue, yc_context_get_store (self->context));
  yc_queue_set_sync (self->queue, yc_context_get_sync (self->context));
}

static void
yc_queue_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (yc_queue_page_parent_class)->root (widget);

  /* Polled only while the page is in a window: one taken out of it must not keep itself
   * alive by calling the server every 2 s. */
  yc_queue_set_active (YC_QUEUE_PAGE (widget)->queue, TRUE);
}

static void
yc_queue_page_unroot (GtkWidget *widget)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);

  yc_queue_set_active (self->queue, FALSE);

  GTK_WIDGET_CLASS (yc_queue_page_parent_class)->unroot (widget);
}

static gboolean
yc_queue_page_grab_focus (GtkWidget *widget)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);

  if (gtk_widget_is_sensitive (GTK_WIDGET (self->call_button)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->call_button));
  if (gtk_widget_is_sensitive (GTK_WIDGET (self->finish_button)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->finish_button));

  return GTK_WIDGET_CLASS (yc_queue_page_parent_class)->grab_focus (widget);
}

static void
yc_queue_page_constructed (GObject *object)
{
  YcQueuePage *self = (YcQueuePage *) object;

  G_OBJECT_CLASS (yc_queue_page_parent_class)->constructed (object);

  g_assert (YC_IS_CONTEXT (self->context));

  self->queue = yc_queue_new (yc_context_get_client (self->context), yc_context_get_events (self->context),
                              yc_context_get_store (self->context));
  yc_queue_set_sync (self->queue, yc_context_get_sync (self->context));
  g_signal_connect_object (self->context, "notify::store", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::sync", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue, "notify::current", G_CALLBACK (on_current_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue, "notify::busy", G_CALLBACK (update_busy), self, G_CONNECT_SWAPPED);
  self->services = g_object_ref (yc_queue_get_services (self->queue));
  self->parked = g_object_ref (yc_queue_get_parked (self->queue));
  g_signal_connect_object (self->queue, "notify::state", G_CALLBACK (on_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue, "news", G_CALLBACK (on_news_cb), self, 0);
  /* Call Back is offered while someone is parked. */
  g_signal_connect_object (self->parked, "items-changed", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);

  yc_waiting_panel_bind (self->waiting_panel, self->queue);

  g_signal_connect_object (self->queue, "session-changed", G_CALLBACK (on_session_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue, "notify::online", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  yc_visit_card_bind (self->visit_card, self->context, self->queue);

  on_session_changed_cb (self);
  on_state_changed_cb (self);
  update_actions (self);
}

static void
yc_queue_page_dispose (GObject *object)
{
  YcQueuePage *self = (YcQueuePage *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->session_cancellable);
  g_clear_handle_id (&self->recall_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_QUEUE_PAGE);
  /* The template's top box has no id, so dispose_template() leaves it to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (yc_queue_page_parent_class)->dispose (object);
}

static void
yc_queue_page_finalize (GObject *object)
{
  YcQueuePage *self = (YcQueuePage *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->session_cancellable);
  g_clear_object (&self->current);
  g_clear_object (&self->services);
  g_clear_object (&self->parked);
  g_clear_object (&self->queue);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (yc_queue_page_parent_class)->finalize (object);
}

/* The Pause menu's state: "" open, "closed", else the reason of the pause. */
static const char *
pause_choice (YcQueuePage *self)
{
  switch (self->queue != NULL ? yc_queue_get_state (self->queue) : YC_QUEUE_OPEN)
    {
    case YC_QUEUE_CLOSED:
      return "closed";
    case YC_QUEUE_PAUSED:
      return yc_queue_get_pause_reason (self->queue) ? yc_queue_get_pause_reason (self->queue) : "other";
    case YC_QUEUE_OPEN:
    default:
      return "";
    }
}

static void
yc_queue_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  YcQueuePage *self = YC_QUEUE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_CURRENT:
      g_value_set_object (value, self->current);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_WINDOW_STATE:
      g_value_set_string (value, yc_queue_page_get_window_state (self));
      break;

    case PROP_PAUSE_CHOICE:
      g_value_set_string (value, pause_choice (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_queue_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  YcQueuePage *self = YC_QUEUE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_PAUSE_CHOICE:
      /* A choice in the Pause menu asks the centre; the menu shows it once it is so. */
      if (g_value_get_string (value) != NULL)
        {
          g_autoptr(GVariant) choice = g_variant_ref_sink (g_variant_new_string (g_value_get_string (value)));

          yc_queue_page_pause (GTK_WIDGET (self), "queue.pause", choice);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_queue_page_class_init (YcQueuePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = yc_queue_page_constructed;
  object_class->dispose = yc_queue_page_dispose;
  object_class->finalize = yc_queue_page_finalize;
  object_class->get_property = yc_queue_page_get_property;
  object_class->set_property = yc_queue_page_set_property;

  widget_class->grab_focus = yc_queue_page_grab_focus;
  widget_class->root = yc_queue_page_root;
  widget_class->unroot = yc_queue_page_unroot;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         YC_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CURRENT] =
    g_param_spec_object ("current", NULL, NULL,
                         YC_TYPE_TICKET,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* "open", "paused" or "closed", as the wire says it: the header shows it. */
  properties[PROP_WINDOW_STATE] =
    g_param_spec_string ("window-state", NULL, NULL,
                         "open",
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The Pause menu's radio items: "" open, "closed", else the reason of the pause, as the
   * centre has it. Setting it asks for it (as queue.pause does). */
  properties[PROP_PAUSE_CHOICE] =
    g_param_spec_string ("pause-choice", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "queuepage");

  /* The row template looks YcService up by name. */
  g_type_ensure (YC_TYPE_SERVICE);
  g_type_ensure (YC_TYPE_VISIT_CARD);
  g_type_ensure (YC_TYPE_WAITING_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/yichuang/Desk/ui/yc-queue-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, visit_card);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, call_button);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, call_label);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, finish_button);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, offline_label);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, paused_label);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, waiting_panel);

  /* F2 and F4 are bound by the page's global shortcut controller (see the template):
   * class bindings would only fire while the focus is inside the page. */
  gtk_widget_class_install_action (widget_class, "queue.call-next", NULL, yc_queue_page_call_next);
  gtk_widget_class_install_action (widget_class, "queue.finish", NULL, yc_queue_page_finish);
  gtk_widget_class_install_action (widget_class, "queue.recall", NULL, yc_queue_page_ticket_action);
  gtk_widget_class_install_action (widget_class, "queue.no-show", NULL, yc_queue_page_ticket_action);
  gtk_widget_class_install_action (widget_class, "queue.call-number", NULL, yc_queue_page_call_number);
  /* The keys: they say why when they call nobody (the buttons are insensitive instead). */
  gtk_widget_class_install_action (widget_class, "queue.call-next-key", NULL, yc_queue_page_call_next_key);
  gtk_widget_class_install_action (widget_class, "queue.call-number-key", NULL, yc_queue_page_call_number_key);
  /* "" resumes (opens); "closed" closes; else the reason of the pause */
  gtk_widget_class_install_action (widget_class, "queue.pause", "s", yc_queue_page_pause);
  /* The same, stateful: the menu marks the window's state and the pause's reason. */
  gtk_widget_class_install_property_action (widget_class, "queue.pause-choice", "pause-choice");
  gtk_widget_class_install_action (widget_class, "queue.park", NULL, yc_queue_page_ticket_action);
  gtk_widget_class_install_action (widget_class, "queue.return", NULL, yc_queue_page_ticket_action);
  /* The ticket parked longest; queue.call-back-ticket: the one of that id. */
  gtk_widget_class_install_action (widget_class, "queue.call-back", NULL, yc_queue_page_call_back);
  gtk_widget_class_install_action (widget_class, "queue.call-back-ticket", "x", yc_queue_page_call_back);
  gtk_widget_class_install_action (widget_class, "queue.transfer", NULL, yc_queue_page_transfer);
  gtk_widget_class_install_action (widget_class, "queue.walk-in", NULL, yc_queue_page_walk_in);
  gtk_widget_class_install_action (widget_class, "queue.requeue", NULL, yc_queue_page_requeue);
}

static void
yc_queue_page_init (YcQueuePage *self)
{
  self->double_press_seconds = 3;
  self->cancellable = g_cancellable_new ();
  self->session_cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

YcTicket *
yc_queue_page_get_current (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return self->current;
}

gboolean
yc_queue_page_get_busy (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), FALSE);
  return self->busy;
}

void
yc_queue_page_add_case (YcQueuePage         *self,
                        const YcVisitMatter *matter)
{
  g_return_if_fail (YC_IS_QUEUE_PAGE (self));
  yc_visit_card_add_case (self->visit_card, matter);
}

GtkLabel *
yc_queue_page_get_day_label (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return yc_waiting_panel_get_day_label (self->waiting_panel);
}

YcWaitingPanel *
yc_queue_page_get_waiting_panel (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return self->waiting_panel;
}

void
yc_queue_page_set_double_press_seconds (YcQueuePage *self,
                                        guint        seconds)
{
  g_return_if_fail (YC_IS_QUEUE_PAGE (self));
  self->double_press_seconds = seconds;
}

YcQueue *
yc_queue_page_get_queue (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return self->queue;
}

/* The tests' way to the page's parts. */
#define PART(type, name)                                      \
  type *                                                      \
  yc_queue_page_get_##name (YcQueuePage *self)                \
  {                                                           \
    g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);     \
    return self->name;                                        \
  }

PART (GtkButton, call_button)
PART (GtkButton, finish_button)
PART (GtkLabel, call_label)
PART (GtkLabel, offline_label)
PART (YcVisitCard, visit_card)
