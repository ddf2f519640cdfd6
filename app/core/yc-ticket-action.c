/* yc-ticket-action.c: the ticket actions of docs/api.md, listed once. */
#include "config-i18n.h"

#include "yc-ticket-action.h"

static const struct
{
  YcTicketAction action;
  const char    *wire;
  const char    *event;
  gboolean       of_window;
  const char    *name;   /* N_(), translated when asked for */
} actions[] = {
  /* Translators: ticket actions, as on the Queue page's buttons */
  { YC_TICKET_ACTION_CALL_NEXT, "call-next", "ticket.called", TRUE, N_("Call Next") },
  { YC_TICKET_ACTION_CALL_NUMBER, "call", "ticket.called", TRUE, N_("Call by Number") },
  { YC_TICKET_ACTION_WALK_IN, "walk-in", "ticket.called", TRUE, N_("Walk-in") },
  { YC_TICKET_ACTION_RECALL, "recall", "ticket.recalled", FALSE, N_("Recall") },
  { YC_TICKET_ACTION_NO_SHOW, "no-show", "ticket.no_show", FALSE, N_("No-Show") },
  { YC_TICKET_ACTION_REQUEUE, "requeue", "ticket.requeued", FALSE, N_("Put Back in the Queue") },
  { YC_TICKET_ACTION_PARK, "park", "ticket.parked", FALSE, N_("Park") },
  { YC_TICKET_ACTION_CALL_BACK, "call-back", "ticket.called", FALSE, N_("Call Back") },
  { YC_TICKET_ACTION_RETURN, "return", "ticket.returned", FALSE, N_("Return to the Queue") },
  { YC_TICKET_ACTION_TRANSFER, "transfer", "ticket.transferred", FALSE, N_("Transfer") },
  { YC_TICKET_ACTION_FINISH, "finish", "ticket.finished", FALSE, N_("Finish") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (actions) == YC_TICKET_ACTION_LAST + 1);

static gboolean
valid (YcTicketAction action)
{
  return (guint) action < G_N_ELEMENTS (actions);
}

const char *
yc_ticket_action_to_wire (YcTicketAction action)
{
  g_return_val_if_fail (valid (action), NULL);
  return actions[action].wire;
}

gboolean
yc_ticket_action_from_wire (const char     *wire,
                            YcTicketAction *action)
{
  for (guint i = 0; wire != NULL && i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (actions[i].wire, wire))
      {
        if (action != NULL)
          *action = actions[i].action;
        return TRUE;
      }
  return FALSE;
}

gboolean
yc_ticket_action_of_window (YcTicketAction action)
{
  g_return_val_if_fail (valid (action), FALSE);
  return actions[action].of_window;
}

const char *
yc_ticket_action_event (YcTicketAction action)
{
  g_return_val_if_fail (valid (action), NULL);
  return actions[action].event;
}

const char *
yc_ticket_action_get_name (YcTicketAction action)
{
  g_return_val_if_fail (valid (action), NULL);
  return _(actions[action].name);
}
