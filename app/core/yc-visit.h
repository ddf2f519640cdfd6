/* yc-visit.h: a visit at the window as the wire carries it: what it came to (the finish's
 * details) and the "visit" record the outbox pushes (docs/api.md, "Records"). */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-ticket.h"

G_BEGIN_DECLS

typedef enum
{
  YC_VISIT_COMPLETED,    /* 办结 */
  YC_VISIT_ACCEPTED,     /* 受理 */
  YC_VISIT_INFORMED,     /* 一次性告知 */
  YC_VISIT_REFUSED,      /* 不予受理 */
  YC_VISIT_CONSULTED,    /* 咨询 */
  YC_VISIT_UNRESOLVED,   /* 未办结 */
} YcVisitOutcome;

#define YC_VISIT_OUTCOME_LAST YC_VISIT_UNRESOLVED

/* "completed", "accepted", "informed", "refused", "consulted", "unresolved". */
const char *yc_visit_outcome_to_wire   (YcVisitOutcome  outcome);
gboolean    yc_visit_outcome_from_wire (const char     *wire,
                                        YcVisitOutcome *outcome);

/* A matter handled in the visit, added to services: {"name", "code"?, "decision"?}. */
void        yc_visit_services_add      (JsonArray      *services,
                                        const char     *name,
                                        const char     *code,
                                        const char     *decision);

/* {"outcome", "note"?, "services"?}: what the clerk says at Finish; an empty note (after
 * stripping) and an empty services are left out. services may be NULL. */
JsonNode   *yc_visit_details_new       (YcVisitOutcome  outcome,
                                        const char     *note,
                                        JsonArray      *services);

/* Reads details back (as yc_visit_details_new made them): the outcome, the note or NULL,
 * each service's name, code (or NULL) and decision (or NULL) through each_service. FALSE
 * if details are not such an object. */
gboolean    yc_visit_details_read      (JsonNode       *details,
                                        YcVisitOutcome *outcome,
                                        const char    **note,
                                        void          (*each_service) (const char *name,
                                                                       const char *code,
                                                                       const char *decision,
                                                                       gpointer    user_data),
                                        gpointer        user_data);

/* A matter an intake of the visit decided, read from its "case" record's body: all
 * borrowed from it. applicant_number is the ID number or credit code in full: mask it
 * (yc-mask.h) before showing it anywhere but the case form. */
typedef struct
{
  const char *ticket;            /* the ticket number it was decided for, or NULL */
  const char *title;
  const char *code;              /* its package, or else its first item; or NULL */
  const char *decision;          /* "accepted", "refused", "informed"… or NULL */
  const char *applicant_name;    /* or NULL */
  const char *applicant_number;  /* or NULL */
} YcVisitMatter;

/* FALSE if case_body is not an object with a title. */
gboolean    yc_visit_matter_from_case  (JsonNode       *case_body,
                                        YcVisitMatter  *matter);

/* What a visit's card offers of a package (一件事) of the catalogue: its name, its short
 * name or NULL (borrowed from package_body), and its items' codes. FALSE (and nothing
 * set) if it has no name or no item. */
gboolean    yc_visit_read_package      (JsonNode       *package_body,
                                        const char    **name,
                                        const char    **short_name,
                                        GStrv          *items);

/* The "visit" record's body: the ticket's ticket_id, number, service and called_at, the
 * window and the clerk who finished it, finished_at, and the details' members. */
JsonNode   *yc_visit_body_new          (YcTicket       *ticket,
                                        gint64          window,
                                        const char     *clerk,
                                        const char     *finished_at,
                                        JsonNode       *details);

G_END_DECLS
