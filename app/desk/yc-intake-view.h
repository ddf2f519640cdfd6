/* yc-intake-view.h: one intake in progress on screen: who applies (a person or an
 * enterprise, maybe through an agent), the one integrated form of the package's items,
 * and the one checklist of their materials. What the clerk types goes straight into the
 * YcIntake, whose "changed" the intake page answers by saving the draft. */
#pragma once

#include <gtk/gtk.h>

#include "core/yc-intake.h"
#include "store/yc-catalogue-cache.h"
#include "yc-context.h"

G_BEGIN_DECLS

#define YC_TYPE_INTAKE_VIEW (yc_intake_view_get_type ())
G_DECLARE_FINAL_TYPE (YcIntakeView, yc_intake_view, YC, INTAKE_VIEW, GtkWidget)

GtkWidget *yc_intake_view_new          (YcContext    *context);
/* Reads the guides of intake's package or item from cache and lays out its form;
 * intake NULL shows nothing. */
void       yc_intake_view_show         (YcIntakeView *self,
                                        YcCatalogueCache *cache,
                                        YcIntake     *intake);
YcIntake  *yc_intake_view_get_intake   (YcIntakeView *self);
/* "loading", "missing" or "intake". */
const char *yc_intake_view_get_shown   (YcIntakeView *self);

/* For tests: the entry of a form key (applicant.name, company_name …), NULL when the
 * form has none; the form's keys in order; the material rows' names in order. */
GtkEditable *yc_intake_view_get_editable (YcIntakeView *self,
                                          const char   *key);
GStrv        yc_intake_view_dup_keys     (YcIntakeView *self);
/* What is wrong with the value of key as the row shows it, or NULL. */
const char  *yc_intake_view_get_problem  (YcIntakeView *self,
                                          const char   *key);
GStrv        yc_intake_view_dup_materials (YcIntakeView *self);
/* Chooses the material's status as the clerk would in its row; FALSE when the row does
 * not offer it (容缺 for a material that allows none …). */
gboolean     yc_intake_view_choose_material (YcIntakeView    *self,
                                             const char      *material,
                                             YcMaterialStatus status);

G_END_DECLS
