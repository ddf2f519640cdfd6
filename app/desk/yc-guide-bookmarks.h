/* yc-guide-bookmarks.h: the clerk's favourite guides and the guides viewed lately, kept
 * in GSettings ("favourite-guides", "recent-guides") or, without settings, in memory. */
#pragma once

#include <gio/gio.h>

#include "yc-guide-hit.h"

G_BEGIN_DECLS

#define YC_TYPE_GUIDE_BOOKMARKS (yc_guide_bookmarks_get_type ())
G_DECLARE_FINAL_TYPE (YcGuideBookmarks, yc_guide_bookmarks, YC, GUIDE_BOOKMARKS, GObject)

#define YC_GUIDE_BOOKMARKS_MAX_RECENT 20

YcGuideBookmarks *yc_guide_bookmarks_new             (GSettings        *settings);
/* YcGuideHit lists: favourites in the order they were added, recents newest first. */
GListModel       *yc_guide_bookmarks_get_favourites  (YcGuideBookmarks *self);
GListModel       *yc_guide_bookmarks_get_recents     (YcGuideBookmarks *self);
gboolean          yc_guide_bookmarks_is_favourite    (YcGuideBookmarks *self,
                                                      YcCatalogueKind   kind,
                                                      const char       *code);
void              yc_guide_bookmarks_set_favourite   (YcGuideBookmarks *self,
                                                      YcGuideHit       *hit,
                                                      gboolean          favourite);
/* Moves hit to the front of the recents, dropping the oldest beyond the maximum. */
void              yc_guide_bookmarks_add_recent      (YcGuideBookmarks *self,
                                                      YcGuideHit       *hit);

G_END_DECLS
