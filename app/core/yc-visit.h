/* yc-visit.h: a visit at the window as the wire carries it: what it came to (the finish's
 * details) and the "visit" record the outbox pushes (docs/api.md, "Records"). */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-case.h"
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

/* A matter handled in the visit, as the card lists it and the finish carries it in its
 * "services": {"name", "code"?, "decision"?}, where decision is an intake's (a case's). */
typedef struct
{
  char       *name;
  char       *code;      /* the catalogue's, or NULL */
  gboolean    decided;   /* FALSE when no intake decided it */
  YcDecision  decision;
} YcVisitService;

/* decision may be NULL: no intake decided it. */
YcVisitService *yc_visit_service_new   (const char       *name,
                                        const char       *code,
                                        const YcDecision *decision);
void        yc_visit_service_free      (YcVisitService *service);

/* {"outcome", "note"?, "services"?}: what the clerk says at Finish; an empty note (after
 * stripping) and no services are left out. services (YcVisitService) may be NULL. */
JsonNode   *yc_visit_details_new       (YcVisitOutcome  outcome,
                                        const char     *note,
                                        GPtrArray      *services);

/* Reads details back (as yc_visit_details_new made them): the outcome, the note or NULL
 * (borrowed from details), and a new array of the services that have a name
 * (YcVisitService; a decision the desk does not know reads as none). FALSE, and nothing
 * set, if details are not such an object. */
gboolean    yc_visit_details_read      (JsonNode       *details,
                                        YcVisitOutcome *outcome,
                                        const char    **note,
                                        GPtrArray     **services);

/* A matter an intake of the visit decided, read from its "case" record's body: the
 * strings borrowed from it. applicant_number is the ID number or credit code in full:
 * mask it (yc-mask.h) before showing it anywhere but the case form. */
typedef struct
{
  const char *ticket;            /* the ticket number it was decided for, or NULL */
  const char *title;
  const char *code;              /* its package, or else its first item; or NULL */
  YcDecision  decision;
  const char *applicant_name;    /* or NULL */
  const char *applicant_number;  /* or NULL */
} YcVisitMatter;

/* FALSE if case_body is not an object with a title and a decision. */
gboolean    yc_visit_matter_from_case  (JsonNode       *case_body,
                                        YcVisitMatter  *matter);

/* A matter as a GVariant "(msssmsmsms)" (ticket, title, decision, code, applicant name,
 * applicant number) to hand from page to page through an action, and back: the strings
 * borrowed from variant. FALSE if variant is not of that type or names no known
 * decision. */
GVariant   *yc_visit_matter_to_variant   (const YcVisitMatter *matter);
gboolean    yc_visit_matter_from_variant (GVariant            *variant,
                                          YcVisitMatter       *matter);

/* The "visit" record's body: the ticket's ticket_id, number, service and called_at, the
 * window and the clerk who finished it, finished_at, and the details' members. */
JsonNode   *yc_visit_body_new          (YcTicket       *ticket,
                                        gint64          window,
                                        const char     *clerk,
                                        const char     *finished_at,
                                        JsonNode       *details);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcVisitService, yc_visit_service_free)

G_END_DECLS
