/* yc-guide-load.h: the bodies a guide needs, read from the catalogue cache: the entry,
 * the items it stands for and, for an item, its department. The guide view shows them;
 * an intake builds its form and checklist from them. */
#pragma once

#include "core/yc-workdays.h"
#include "store/yc-catalogue-cache.h"

G_BEGIN_DECLS

typedef struct
{
  YcCatalogueKind  kind;
  char            *code;
  JsonNode        *body;        /* NULL: not in the catalogue (withdrawn or renamed) */
  /* A package's items in its order, NULL for one not in the catalogue; an item: itself. */
  GPtrArray       *items;       /* JsonNode */
  JsonNode        *department;  /* an item's, when the catalogue has it */
} YcGuideBodies;

void           yc_guide_bodies_free        (YcGuideBodies    *bodies);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcGuideBodies, yc_guide_bodies_free)

/* The objects among items (JsonNode or NULL, as in YcGuideBodies): a new array of
 * JsonObject, borrowed. */
GPtrArray     *yc_guide_item_objects       (GPtrArray        *items);

/* The first of the items' guides to give a phone: member "phone" (enquiries) or
 * "complaint_phone"; NULL when none does. */
const char    *yc_guide_items_phone        (GPtrArray        *items,
                                            const char       *member);

/* kind: an item or a package. An entry missing from the cache is no error (body NULL);
 * a cache that cannot be read is. */
void           yc_guide_bodies_read_async  (YcCatalogueCache *cache,
                                            YcCatalogueKind   kind,
                                            const char       *code,
                                            GCancellable     *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer          user_data);
YcGuideBodies *yc_guide_bodies_read_finish (GAsyncResult     *result,
                                            GError          **error);

/* The working-day calendar of this year and the next from the catalogue's holiday
 * calendars: enough for any promise made today. A year the catalogue lacks counts
 * weekdays (yc_work_calendar_knows_year() tells). */
void            yc_work_calendar_read_async  (YcCatalogueCache    *cache,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
YcWorkCalendar *yc_work_calendar_read_finish (GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
