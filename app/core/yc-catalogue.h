/* yc-catalogue.h: the service catalogue as the wire carries it: departments, items with
 * their guides, packages (一件事) and holiday calendars, delivered as deltas by revision. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  YC_CATALOGUE_DEPARTMENT,
  YC_CATALOGUE_ITEM,
  YC_CATALOGUE_PACKAGE,
  YC_CATALOGUE_CALENDAR,
} YcCatalogueKind;

/* One entry of a delta. Its strings belong to the delta. */
typedef struct
{
  YcCatalogueKind  kind;
  const char      *code;
  gint64           revision;
  /* All NULL for a removal. */
  const char      *body;         /* the body's JSON text as the server sent it */
  gsize            body_length;
  /* What a cache indexes, from the body. */
  const char      *name;
  const char      *department;   /* items: the department's code */
  const char      *type;         /* items: 行政许可, 公共服务… */
  const char      *short_name;   /* packages, when they have one */
  const char     **keywords;     /* items: NULL-terminated; NULL when there are none */
} YcCatalogueEntry;

typedef struct
{
  char         *epoch;     /* changes when the server's catalogue starts afresh */
  gint64        since;
  gint64        revision;  /* ask again with since=revision for what follows */
  gint64        latest;    /* the newest revision the server has (≥ revision): a progress total */
  gboolean      more;      /* more changes follow beyond this page */
  GPtrArray    *entries;   /* YcCatalogueEntry, in revision order */
  GStringChunk *strings;   /* the entries' strings */
} YcCatalogueDelta;

const char       *yc_catalogue_kind_to_wire        (YcCatalogueKind   kind);
gboolean          yc_catalogue_kind_from_wire      (const char       *wire,
                                                    YcCatalogueKind  *kind);

/* Checks a body, JSON text, against docs/api.md; error_code is the YcError to report. */
gboolean          yc_catalogue_validate_body       (YcCatalogueKind   kind,
                                                    const char       *code,
                                                    const char       *body,
                                                    gsize             length,
                                                    int               error_code,
                                                    GError          **error);

/* Decodes the text of a GET /catalogue answer, strictly: anything off the contract is a
 * YC_ERROR_PROTOCOL error. Reads the text once, without building a tree of it. */
YcCatalogueDelta *yc_catalogue_delta_new_from_text (const char       *data,
                                                    gsize             length,
                                                    GError          **error);
void              yc_catalogue_delta_free          (YcCatalogueDelta *delta);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCatalogueDelta, yc_catalogue_delta_free)

G_END_DECLS
