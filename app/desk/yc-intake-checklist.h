/* yc-intake-checklist.h: the one checklist (一单材料) of an intake's materials, each
 * collected once for every item that needs it: what became of each goes straight into
 * the YcIntake. */
#pragma once

#include <gtk/gtk.h>

#include "core/yc-intake.h"
#include "yc-context.h"

G_BEGIN_DECLS

#define YC_TYPE_INTAKE_CHECKLIST (yc_intake_checklist_get_type ())
G_DECLARE_FINAL_TYPE (YcIntakeChecklist, yc_intake_checklist, YC, INTAKE_CHECKLIST, GtkWidget)

GtkWidget  *yc_intake_checklist_new           (YcContext         *context);
/* materials: YcMaterial, merged (yc_guide_merge_materials()); items: YcItem or NULL,
 * for the ones that let a commitment stand in for proof. intake NULL empties it. */
void        yc_intake_checklist_show          (YcIntakeChecklist *self,
                                               YcIntake          *intake,
                                               GPtrArray         *materials,
                                               GPtrArray         *items);
/* When the case falls due: a 容缺 material is brought by then at the latest. */
void        yc_intake_checklist_set_due       (YcIntakeChecklist *self,
                                               const GDate       *due);

/* The materials' names, in order; what a row shows besides its status ("pages", "day",
 * as yc_intake_view_get_material_extra()); choosing a status as the clerk would, FALSE
 * when the row does not offer it. */
GStrv       yc_intake_checklist_dup_materials (YcIntakeChecklist *self);
GtkWidget  *yc_intake_checklist_get_extra     (YcIntakeChecklist *self,
                                               const char        *material,
                                               const char        *extra);
gboolean    yc_intake_checklist_choose        (YcIntakeChecklist *self,
                                               const char        *material,
                                               YcMaterialStatus   status);

/* 11月24日（周二）: a day as the hall writes it, with its year (2027年1月5日（周二）)
 * only when that is not this year. */
char       *yc_intake_describe_day            (const GDate       *day);

G_END_DECLS
