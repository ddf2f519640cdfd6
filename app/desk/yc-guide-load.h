/* yc-guide-load.h: the entries a guide needs, read from the catalogue cache and decoded
 * into typed values (core/yc-catalogue-values.h): the entry, the items it stands for
 * and, for an item, its department. The guide view shows them; an intake builds its form
 * and checklist from them. No page reads a catalogue body itself. */
#pragma once

#include "core/yc-catalogue-values.h"
#include "core/yc-workdays.h"
#include "store/yc-catalogue-cache.h"

G_BEGIN_DECLS

/* The entry is package or item by kind; both NULL when the catalogue lacks it
 * (withdrawn or renamed). */
typedef struct
{
  YcCatalogueKind  kind;
  char            *code;
  YcPackage       *package;     /* kind package */
  YcItem          *item;        /* kind item */
  /* A package's items in its order, NULL for one not in the catalogue; an item: itself. */
  GPtrArray       *items;       /* YcItem */
  YcDepartment    *department;  /* an item's, when the catalogue has it */
} YcGuideBodies;

void           yc_guide_bodies_free        (YcGuideBodies    *bodies);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcGuideBodies, yc_guide_bodies_free)

/* Whether the catalogue has the entry; its name and promised days (-1 when not given). */
gboolean       yc_guide_bodies_found       (const YcGuideBodies *bodies);
const char    *yc_guide_bodies_get_name    (const YcGuideBodies *bodies);
gint64         yc_guide_bodies_get_promised_days (const YcGuideBodies *bodies);

/* The first of the items' (YcItem or NULL) guides to give an enquiries phone, or a
 * complaints phone; NULL when none does. */
const char    *yc_guide_items_phone        (GPtrArray        *items);
const char    *yc_guide_items_complaint_phone (GPtrArray     *items);

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

/* One package as a value, for what offers it (the visit card's suggestions): NULL, and
 * no error, when the catalogue lacks it or it names no item. */
void           yc_package_read_async       (YcCatalogueCache *cache,
                                            const char       *code,
                                            GCancellable     *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer          user_data);
YcPackage     *yc_package_read_finish      (GAsyncResult     *result,
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
