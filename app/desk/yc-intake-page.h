/* yc-intake-page.h: the Intake page (一窗受理): every intake in progress, kept as a draft
 * as the clerk works and reopened after a restart or a crash, and the one chosen laid
 * out as one form and one checklist. */
#pragma once

#include <gtk/gtk.h>

#include "core/yc-intake.h"
#include "store/yc-catalogue-cache.h"
#include "yc-context.h"

G_BEGIN_DECLS

#define YC_TYPE_INTAKE_PAGE (yc_intake_page_get_type ())
G_DECLARE_FINAL_TYPE (YcIntakePage, yc_intake_page, YC, INTAKE_PAGE, GtkWidget)

GtkWidget *yc_intake_page_new    (YcContext          *context);
/* Starts an intake for a package (its code and item codes) or an item (package NULL,
 * items its code), shows it and saves its first draft. ticket: the queue number it
 * comes from, or NULL. */
YcIntake  *yc_intake_page_start  (YcIntakePage       *self,
                                  const char         *package,
                                  const char * const *items,
                                  const char         *title,
                                  const char         *ticket);

G_END_DECLS
