/* yc-guides-page.h: the Guides page: search the catalogue as you type (Chinese, codes,
 * pinyin and its initials, Traditional characters), favourites and recently viewed
 * guides, and the guide itself beside them. */
#pragma once

#include <gtk/gtk.h>

#include "yc-context.h"

G_BEGIN_DECLS

#define YC_TYPE_GUIDES_PAGE (yc_guides_page_get_type ())
G_DECLARE_FINAL_TYPE (YcGuidesPage, yc_guides_page, YC, GUIDES_PAGE, GtkWidget)

GtkWidget *yc_guides_page_new          (YcContext    *context);
/* Puts the cursor in the search field, its text selected. */
void       yc_guides_page_focus_search (YcGuidesPage *self);
/* Opens a guide as a click on a result would. */
void       yc_guides_page_open         (YcGuidesPage *self,
                                        int           kind,
                                        const char   *code);

G_END_DECLS
