/* yc-guide-view.h: one service guide — an item or a one-thing package — read at a glance:
 * time limits, visits and fees first, then the materials as a checklist on which the
 * clerk ticks what the applicant lacks, for the one-time notice (一次性告知书). */
#pragma once

#include <gtk/gtk.h>

#include "store/yc-catalogue-cache.h"
#include "yc-context.h"
#include "yc-guide-bookmarks.h"

G_BEGIN_DECLS

#define YC_TYPE_GUIDE_VIEW (yc_guide_view_get_type ())
G_DECLARE_FINAL_TYPE (YcGuideView, yc_guide_view, YC, GUIDE_VIEW, GtkWidget)

GtkWidget       *yc_guide_view_new               (YcContext        *context,
                                                  YcGuideBookmarks *bookmarks);
/* Reads the guide from cache on its worker and shows it; a guide shown before stays
 * until this one is read. "code" is notified once it shows (or turns out missing). */
void             yc_guide_view_show              (YcGuideView      *self,
                                                  YcCatalogueCache *cache,
                                                  YcCatalogueKind   kind,
                                                  const char       *code);
/* Back to the invitation to search. */
void             yc_guide_view_clear             (YcGuideView      *self);

/* The guide shown: NULL code when none (or while the first one is read). */
const char      *yc_guide_view_get_code          (YcGuideView      *self);
YcCatalogueKind  yc_guide_view_get_kind          (YcGuideView      *self);
/* The name of the guide shown, as its header says it. */
const char      *yc_guide_view_get_title         (YcGuideView      *self);

/* The checklist: material names in the order shown, and which are ticked missing. */
GStrv            yc_guide_view_dup_materials     (YcGuideView      *self);
gboolean         yc_guide_view_set_missing       (YcGuideView      *self,
                                                  const char       *material,
                                                  gboolean          missing);
guint            yc_guide_view_get_missing_count (YcGuideView      *self);

/* The same as Save One-Time Notice as PDF…, without asking where. */
gboolean         yc_guide_view_export_notice     (YcGuideView      *self,
                                                  const char       *path,
                                                  GError          **error);

G_END_DECLS
