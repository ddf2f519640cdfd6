/* yc-intake.h: one intake in progress (一窗受理): what a citizen asks for (a package or
 * items), who asks (the applicant, maybe an agent), the answers of the integrated form,
 * and what became of each material. It is what the desk saves as a draft while the clerk
 * works, and reopens as it was after a crash. */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-catalogue-values.h"
#include "yc-workdays.h"

G_BEGIN_DECLS

typedef enum
{
  YC_APPLICANT_PERSON,
  YC_APPLICANT_ENTERPRISE,
} YcApplicantType;

typedef enum
{
  YC_MATERIAL_UNSET,      /* not looked at yet */
  YC_MATERIAL_PROVIDED,   /* on the desk: form and pages say how */
  YC_MATERIAL_E_LICENCE,  /* fetched from the e-licence registry */
  YC_MATERIAL_MISSING,    /* the applicant must bring it: nothing is accepted without it */
  YC_MATERIAL_DEFERRED,   /* 容缺: accepted on commitment, to be brought by a date */
  YC_MATERIAL_COMMITTED,  /* 告知承诺: the applicant's commitment stands in for it */
} YcMaterialStatus;

const char *yc_material_status_to_wire   (YcMaterialStatus  status);
gboolean    yc_material_status_from_wire (const char       *wire,
                                          YcMaterialStatus *status);

#define YC_TYPE_INTAKE (yc_intake_get_type ())
G_DECLARE_FINAL_TYPE (YcIntake, yc_intake, YC, INTAKE, GObject)

/* package: its code, or NULL for items taken on their own; items: the item codes
 * (NULL-terminated, at least one); ticket: the queue number it started from, or NULL. */
YcIntake           *yc_intake_new               (const char          *package,
                                                 const char * const  *items,
                                                 const char          *ticket);
/* From yc_intake_to_draft()'s JSON; YC_ERROR_STORAGE when it is not one. */
YcIntake           *yc_intake_new_from_draft    (JsonNode            *draft,
                                                 GError             **error);
JsonNode           *yc_intake_to_draft          (YcIntake            *self);

const char         *yc_intake_get_id            (YcIntake            *self);
const char         *yc_intake_get_started_at    (YcIntake            *self);
const char         *yc_intake_get_package       (YcIntake            *self);
const char * const *yc_intake_get_items         (YcIntake            *self);
const char         *yc_intake_get_ticket        (YcIntake            *self);
/* What the clerk sees it as: the package's or the item's name, once read. */
const char         *yc_intake_get_title         (YcIntake            *self);
void                yc_intake_set_title         (YcIntake            *self,
                                                 const char          *title);

YcApplicantType     yc_intake_get_applicant_type (YcIntake           *self);
void                yc_intake_set_applicant_type (YcIntake           *self,
                                                  YcApplicantType     type);
gboolean            yc_intake_get_has_agent     (YcIntake            *self);
void                yc_intake_set_has_agent     (YcIntake            *self,
                                                 gboolean             has_agent);

/* Answers by key: the applicant's ("applicant.name", "applicant.id_number" …), the
 * agent's ("agent.…") and the form's (the package field keys). NULL or "" clears one.
 * A value the clerk sets is no longer marked as filled by the lookup. */
const char         *yc_intake_get_value         (YcIntake            *self,
                                                 const char          *key);
void                yc_intake_set_value         (YcIntake            *self,
                                                 const char          *key,
                                                 const char          *value);
/* A value filled from the registry or earlier cases (免填写): marked so the form can
 * show it, and counted. Does not replace what the clerk typed. */
void                yc_intake_autofill          (YcIntake            *self,
                                                 const char          *key,
                                                 const char          *value);
gboolean            yc_intake_is_autofilled     (YcIntake            *self,
                                                 const char          *key);
/* Fills what a lookup answer (GET /lookup, docs/api.md) knows of the applicant
 * ("applicant.…") and of the form, among keys (those the form asks), where nothing is
 * entered yet; how many it filled (0 when the answer found nobody). */
guint               yc_intake_fill_from_lookup  (YcIntake            *self,
                                                 JsonNode            *answer,
                                                 const char * const  *keys);
guint               yc_intake_count_autofilled  (YcIntake            *self);

/* What became of a material, by its name. supplement_by: "YYYY-MM-DD" for deferred
 * ones, else NULL; pages: for provided ones, 0 when not counted. */
YcMaterialStatus    yc_intake_get_material      (YcIntake            *self,
                                                 const char          *name,
                                                 guint               *pages,
                                                 const char         **supplement_by);
void                yc_intake_set_material      (YcIntake            *self,
                                                 const char          *name,
                                                 YcMaterialStatus     status,
                                                 guint                pages,
                                                 const char          *supplement_by);

/* Who the intake's papers are made out to (申请人（单位）): the person's name, or the
 * enterprise's; NULL while not entered. */
const char         *yc_intake_get_applicant     (YcIntake            *self);

/* The applicant's key that answers a form field for this intake, or NULL when the
 * field is asked on its own: an enterprise's name is its 企业名称 (company_name), asked
 * once in the applicant's part and kept under both keys. */
const char         *yc_intake_get_field_source  (YcIntake            *self,
                                                 const char          *field_key);

/* The name the form's 法定代表人 (legal_rep_name) should be and is not, or NULL: for a
 * person whose ID number is also the form's legal_rep_id, the name of that ID card (the
 * applicant's); for an enterprise, its legal representative as the applicant's part has
 * it. A hint for the clerk to check, never a reason to refuse the form. */
const char         *yc_intake_get_legal_rep_mismatch (YcIntake       *self);

/* Whether the one-time notice (一次性告知) lists material (a checklist entry): the
 * applicant lacks it, or an item requires it and nobody has looked at it, or it was
 * marked to follow later (容缺): a notice accepts nothing, so no commitment covers it and
 * the applicant must still bring it (the paper says it may follow on commitment). Never
 * a material of the e-licence registry (电子证照，免于提交), never one received or
 * covered by 告知承诺. */
gboolean            yc_intake_material_on_notice (YcIntake           *self,
                                                  const YcMaterial   *material);
/* The materials of checklist (YcMaterial, as yc_guide_merge_materials() makes them) the
 * notice lists, each name once, in the checklist's order: new references to the
 * entries. Returns YcMaterial. */
GPtrArray          *yc_intake_list_missing      (YcIntake            *self,
                                                 GPtrArray           *checklist);

/* Whether day may be the day a 容缺 material is brought by, on a case accepted today that
 * falls due on due: a working day after today, and not after due. */
typedef enum
{
  YC_SUPPLEMENT_DAY_OK,
  YC_SUPPLEMENT_DAY_NOT_AFTER_TODAY,
  YC_SUPPLEMENT_DAY_AFTER_DUE,
  YC_SUPPLEMENT_DAY_OFF,
} YcSupplementDay;

YcSupplementDay     yc_intake_check_supplement_day (YcWorkCalendar  *calendar,
                                                    const GDate     *today,
                                                    const GDate     *due,
                                                    const GDate     *day);

G_END_DECLS
