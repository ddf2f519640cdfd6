/* yc-guide-hit.h: an item or package the Guides page lists (a search result, a favourite
 * or a recently viewed guide): what a row shows and what opening it needs. */
#pragma once

#include <glib-object.h>

#include "store/yc-catalogue-cache.h"

G_BEGIN_DECLS

#define YC_TYPE_GUIDE_HIT (yc_guide_hit_get_type ())
G_DECLARE_FINAL_TYPE (YcGuideHit, yc_guide_hit, YC, GUIDE_HIT, GObject)

YcGuideHit      *yc_guide_hit_new              (YcCatalogueKind       kind,
                                                const char           *code,
                                                const char           *name,
                                                const char           *department,
                                                const char           *item_type);
YcGuideHit      *yc_guide_hit_new_from_hit     (const YcCatalogueHit *hit);
YcCatalogueKind  yc_guide_hit_get_kind         (YcGuideHit           *self);
const char      *yc_guide_hit_get_code         (YcGuideHit           *self);
const char      *yc_guide_hit_get_name         (YcGuideHit           *self);
/* "item:CODE" or "package:CODE": how favourites and recents are remembered. */
char            *yc_guide_hit_dup_key          (YcGuideHit           *self);
gboolean         yc_guide_hit_parse_key        (const char           *key,
                                                YcCatalogueKind      *kind,
                                                char                **code);

G_END_DECLS
