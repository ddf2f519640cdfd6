/* yc-catalogue.h: the service catalogue as the wire carries it: departments, items with
 * their guides, packages (一件事) and holiday calendars, delivered as deltas by revision. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  YC_CATALOGUE_DEPARTMENT,
  YC_CATALOGUE_ITEM,
  YC_CATALOGUE_PACKAGE,
  YC_CATALOGUE_CALENDAR,
} YcCatalogueKind;

typedef struct
{
  YcCatalogueKind  kind;
  char            *code;
  gint64           revision;
  JsonNode        *body;      /* NULL: the entry was removed */
} YcCatalogueEntry;

typedef struct
{
  char      *epoch;     /* changes when the server's catalogue starts afresh */
  gint64     since;
  gint64     revision;  /* ask again with since=revision for what follows */
  gint64     latest;    /* the newest revision the server has (≥ revision): a progress total */
  gboolean   more;      /* more changes follow beyond this page */
  GPtrArray *entries;   /* YcCatalogueEntry, in revision order */
} YcCatalogueDelta;

const char       *yc_catalogue_kind_to_wire        (YcCatalogueKind   kind);
gboolean          yc_catalogue_kind_from_wire      (const char       *wire,
                                                    YcCatalogueKind  *kind);

/* Checks a body against docs/api.md; error_code is the YcError to report. */
gboolean          yc_catalogue_validate_body       (YcCatalogueKind   kind,
                                                    const char       *code,
                                                    JsonNode         *body,
                                                    int               error_code,
                                                    GError          **error);

YcCatalogueEntry *yc_catalogue_entry_new           (YcCatalogueKind   kind,
                                                    const char       *code,
                                                    gint64            revision,
                                                    JsonNode         *body);
void              yc_catalogue_entry_free          (YcCatalogueEntry *entry);

YcCatalogueDelta *yc_catalogue_delta_new_from_json (JsonNode         *node,
                                                    GError          **error);
void              yc_catalogue_delta_free          (YcCatalogueDelta *delta);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCatalogueEntry, yc_catalogue_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCatalogueDelta, yc_catalogue_delta_free)

G_END_DECLS
