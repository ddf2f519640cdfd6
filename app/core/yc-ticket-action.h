/* yc-ticket-action.h: what a clerk does to a ticket (docs/api.md, "Tickets"), listed
 * once: the wire's name of each, the event it makes and the name a clerk reads. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  YC_TICKET_ACTION_CALL_NEXT,    /* the window's next ticket (叫号) */
  YC_TICKET_ACTION_CALL_NUMBER,  /* a waiting ticket by its number, ahead of the queue */
  YC_TICKET_ACTION_WALK_IN,      /* a citizen without a ticket, served now (无号办理) */
  YC_TICKET_ACTION_RECALL,       /* the ticket at the window, called again (重呼) */
  YC_TICKET_ACTION_NO_SHOW,      /* never came after its last call (过号) */
  YC_TICKET_ACTION_REQUEUE,      /* a no-show back in the queue */
  YC_TICKET_ACTION_PARK,         /* stepped aside at the window (挂起) */
  YC_TICKET_ACTION_CALL_BACK,    /* a parked ticket called back to its window */
  YC_TICKET_ACTION_RETURN,       /* back to its queue, first in line */
  YC_TICKET_ACTION_TRANSFER,     /* to another service, window or clerk (转办) */
  YC_TICKET_ACTION_FINISH,       /* the visit is over (办结) */
} YcTicketAction;

#define YC_TICKET_ACTION_LAST YC_TICKET_ACTION_FINISH

/* The last segment of the action's path: "call-next", "call", "walk-in" (of a window),
 * "recall", "no-show", "requeue", "park", "call-back", "return", "transfer", "finish"
 * (of a ticket). */
const char *yc_ticket_action_to_wire    (YcTicketAction  action);
/* FALSE for a name there is not. */
gboolean    yc_ticket_action_from_wire  (const char     *wire,
                                         YcTicketAction *action);
/* Whether the path is the window's (/windows/{id}/…) rather than a ticket's. */
gboolean    yc_ticket_action_of_window  (YcTicketAction  action);
/* The event the server sends when the action is done: "ticket.called", "ticket.recalled"… */
const char *yc_ticket_action_event      (YcTicketAction  action);
/* Translated, as a button would say it: "Recall", "No-Show"… */
const char *yc_ticket_action_get_name   (YcTicketAction  action);

G_END_DECLS
