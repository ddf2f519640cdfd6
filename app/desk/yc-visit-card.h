/* yc-visit-card.h: the citizen at the window, on the Queue page: the ticket, the visit's
 * running time, what it came to so far, and the packages its service suggests. */
#pragma once

#include <gtk/gtk.h>

#include "core/yc-visit.h"
#include "net/yc-queue.h"

#include "yc-context.h"

G_BEGIN_DECLS

#define YC_TYPE_VISIT_CARD (yc_visit_card_get_type ())
G_DECLARE_FINAL_TYPE (YcVisitCard, yc_visit_card, YC, VISIT_CARD, GtkWidget)

/* Once, before a ticket is shown: the catalogue of context suggests packages; queue
 * names the services and keeps what a finish the centre did not apply recorded. */
void         yc_visit_card_bind               (YcVisitCard *self,
                                               YcContext   *context,
                                               YcQueue     *queue);
/* The ticket at the window, or NULL. Another ticket starts the card afresh (or with what
 * was recorded for it, if the centre did not apply its finish). */
void         yc_visit_card_set_ticket         (YcVisitCard *self,
                                               YcTicket    *ticket);
/* What the clerk says at Finish (yc_visit_details_new). */
JsonNode    *yc_visit_card_get_details        (YcVisitCard *self);
/* As yc_queue_page_add_case (). */
void         yc_visit_card_add_case           (YcVisitCard         *self,
                                               const YcVisitMatter *matter);
/* why: the window is paused or closed, said on the empty card with a Resume Calling
 * button; NULL: open, the card asks for Call Next. */
void         yc_visit_card_set_paused         (YcVisitCard *self,
                                               const char  *why);

/* For the tests. */
GtkButton   *yc_visit_card_get_suggestion     (YcVisitCard *self,
                                               const char  *package);
GtkLabel    *yc_visit_card_get_number_label   (YcVisitCard *self);
GtkLabel    *yc_visit_card_get_called_label   (YcVisitCard *self);
GtkLabel    *yc_visit_card_get_tag_label      (YcVisitCard *self);
GtkLabel    *yc_visit_card_get_note_label     (YcVisitCard *self);
GtkLabel    *yc_visit_card_get_empty_label    (YcVisitCard *self);
GtkButton   *yc_visit_card_get_resume_button  (YcVisitCard *self);
GtkLabel    *yc_visit_card_get_applicant_label (YcVisitCard *self);
GtkLabel    *yc_visit_card_get_delivered_label (YcVisitCard *self);
GtkDropDown *yc_visit_card_get_outcome_dropdown (YcVisitCard *self);
GtkEditable *yc_visit_card_get_visit_note_entry (YcVisitCard *self);

G_END_DECLS
