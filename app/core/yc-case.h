/* yc-case.h: the decision on an intake as the outbox carries it: a record of kind
 * "case" (docs/api.md). The desk writes the body from its YcIntake; the server checks it
 * before it gives the case its number. */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-intake.h"

G_BEGIN_DECLS

typedef enum
{
  YC_DECISION_ACCEPTED,  /* 受理, 容缺受理 included */
  YC_DECISION_NOTICE,    /* 一次性告知: nothing accepted, the applicant comes back */
  YC_DECISION_REFUSED,   /* 不予受理, reported for review (否定报备) */
} YcDecision;

const char *yc_decision_to_wire       (YcDecision   decision);
gboolean    yc_decision_from_wire     (const char  *wire,
                                       YcDecision  *decision);

/* The body of the "case" record deciding intake. materials: the intake's checklist
 * (YcMaterial) as yc_guide_merge_materials() makes it, or NULL; every material of it is
 * written with its state, the unset ones too, and for YC_DECISION_NOTICE
 * "notice_missing" names those missing or required and unset, as the notice does. accepted_on: "YYYY-MM-DD"; for
 * YC_DECISION_ACCEPTED promised_days and due_date ("YYYY-MM-DD") too, else -1 and NULL;
 * a deferred material (容缺) with no date, or one before accepted_on or after due_date,
 * is then to be brought by due_date. A refusal's "refusal" member is the caller's to add,
 * and so is an accepted case's "commitment" (yc_case_body_set_commitment()). */
JsonNode   *yc_case_body_new          (YcIntake    *intake,
                                       GPtrArray   *materials,
                                       YcDecision   decision,
                                       const char  *accepted_on,
                                       gint64       promised_days,
                                       const char  *due_date);

/* Whether an accepted case takes materials on the applicant's commitment: deferred
 * (容缺) or committed (告知承诺). Then it needs the commitment signed. */
gboolean    yc_case_body_needs_commitment (JsonNode    *body);
/* Records that signed_by signed the commitment on the day of acceptance. */
void        yc_case_body_set_commitment   (JsonNode    *body,
                                           const char  *signed_by);

/* Whether body is a case as docs/api.md has it, for its decision. In an accepted case
 * the ID numbers, credit codes and phones are checked as the desk checks them
 * (yc-ident.h, GB 11643 and GB 32100); elsewhere they need only be plausible. On failure
 * error (code error_code) names the first rule broken, in English, never a number. */
gboolean    yc_case_validate_body     (JsonNode    *body,
                                       int          error_code,
                                       GError     **error);

G_END_DECLS
