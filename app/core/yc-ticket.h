/* yc-ticket.h: a queue ticket as the wire carries it. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  YC_TICKET_WAITING,
  YC_TICKET_CALLED,
  YC_TICKET_FINISHED,
  YC_TICKET_NO_SHOW,    /* called the most times allowed and never came (过号) */
  YC_TICKET_PARKED,     /* stepped aside, to be called back at its window (挂起) */
} YcTicketState;

#define YC_TYPE_TICKET (yc_ticket_get_type ())
G_DECLARE_FINAL_TYPE (YcTicket, yc_ticket, YC, TICKET, GObject)

YcTicket     *yc_ticket_new_from_json   (JsonNode    *node,
                                         GError     **error);
JsonNode     *yc_ticket_to_json         (YcTicket    *self);
gint64        yc_ticket_get_id          (YcTicket    *self);
const char   *yc_ticket_get_number      (YcTicket    *self);
const char   *yc_ticket_get_service     (YcTicket    *self);
YcTicketState yc_ticket_get_state       (YcTicket    *self);
const char   *yc_ticket_get_issued_at   (YcTicket    *self);
const char   *yc_ticket_get_called_at   (YcTicket    *self);
/* As the kiosk took it: "elderly", "disabled", "pregnant", "serviceman", "assisted", or
 * NULL; and an appointment's slot, or NULL. */
const char   *yc_ticket_get_priority      (YcTicket    *self);
const char   *yc_ticket_get_appointment_at (YcTicket   *self);
/* How many times it was called (a first call and the recalls); 0 before the first. */
guint         yc_ticket_get_calls       (YcTicket    *self);
gint64        yc_ticket_get_window      (YcTicket    *self);
/* Served without waiting: the ticket was made at the window. */
gboolean      yc_ticket_get_walk_in     (YcTicket    *self);
const char   *yc_ticket_get_parked_at   (YcTicket    *self);
/* A transfer's note, and the name of the window it came from; NULL if not transferred. */
const char   *yc_ticket_get_note        (YcTicket    *self);
const char   *yc_ticket_get_transferred_from_name (YcTicket *self);
/* A training scenario's citizen: who they are, what they come for and bring, as a text
 * of the scenario (a string, or strings by language: yc_scenario_text()); NULL for a
 * citizen of no scenario. */
JsonNode     *yc_ticket_get_story       (YcTicket    *self);

char         *yc_ticket_format_number   (char         letter,
                                         guint        sequence);
const char   *yc_ticket_state_to_wire   (YcTicketState state);
gboolean      yc_ticket_state_from_wire (const char  *wire,
                                         YcTicketState *state);

G_END_DECLS
