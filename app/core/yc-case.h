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

/* The ground a refusal (不予受理) stands on, 《行政许可法》第三十二条. */
typedef enum
{
  YC_REFUSAL_OUTSIDE_AUTHORITY,        /* 不属于本行政机关职权范围 */
  YC_REFUSAL_NOT_ELIGIBLE,             /* 申请人不符合法定条件 */
  YC_REFUSAL_MATERIALS_UNCORRECTABLE,  /* 材料不齐全或不符合法定形式，且不能当场补正 */
  YC_REFUSAL_NOT_REQUIRED,             /* 依法不需要取得行政许可 */
  YC_REFUSAL_OTHER,                    /* explained in words */
} YcRefusalGround;

#define YC_REFUSAL_GROUND_LAST YC_REFUSAL_OTHER

/* "outside_authority", "not_eligible", "materials_uncorrectable", "not_required",
 * "other". */
const char *yc_refusal_ground_to_wire   (YcRefusalGround  ground);
gboolean    yc_refusal_ground_from_wire (const char      *wire,
                                         YcRefusalGround *ground);

const char *yc_decision_to_wire       (YcDecision   decision);
gboolean    yc_decision_from_wire     (const char  *wire,
                                       YcDecision  *decision);

/* The body of the "case" record deciding intake. materials: the intake's checklist
 * (YcMaterial) as yc_guide_merge_materials() makes it, or NULL; every material of it is
 * written with its state, the unset ones too, and for YC_DECISION_NOTICE
 * "notice_missing" names those missing or required and unset, as the notice does. accepted_on: "YYYY-MM-DD"; for
 * YC_DECISION_ACCEPTED promised_days and due_date ("YYYY-MM-DD") too, else -1 and NULL;
 * a deferred material (容缺) with no date, or one before accepted_on or after due_date,
 * is then to be brought by due_date. A refusal's "refusal" member is the caller's to add
 * (yc_case_body_set_refusal()), and so is an accepted case's "commitment"
 * (yc_case_body_set_commitment()). */
JsonNode   *yc_case_body_new          (YcIntake    *intake,
                                       GPtrArray   *materials,
                                       YcDecision   decision,
                                       const char  *accepted_on,
                                       gint64       promised_days,
                                       const char  *due_date);

/* Whether an accepted case takes materials on the applicant's commitment: deferred
 * (容缺) or committed (告知承诺). Then it needs the commitment signed. */
gboolean    yc_case_body_needs_commitment (JsonNode    *body);
/* Sets a refused case's "refusal": its ground, the legal basis and the explanation to
 * the applicant, each stripped. */
void        yc_case_body_set_refusal      (JsonNode        *body,
                                           YcRefusalGround  ground,
                                           const char      *legal_basis,
                                           const char      *explanation);
/* Reads a case's refusal back (case_body: the body's object): FALSE, with the ground
 * unset, when it has none or names no known ground; the strings borrowed from it (NULL
 * when absent), set either way. */
gboolean    yc_case_body_get_refusal      (JsonObject      *case_body,
                                           YcRefusalGround *ground,
                                           const char     **legal_basis,
                                           const char     **explanation);
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
