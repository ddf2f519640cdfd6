/* yc-catalogue-cache.h: the local copy of the service catalogue (catalogue.db, next to
 * desk.db): applied delta by delta on one worker thread, searched on another. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "core/yc-catalogue.h"

G_BEGIN_DECLS

#define YC_TYPE_CATALOGUE_CACHE (yc_catalogue_cache_get_type ())
G_DECLARE_FINAL_TYPE (YcCatalogueCache, yc_catalogue_cache, YC, CATALOGUE_CACHE, GObject)

/* Why a search result was found, best first: the order is the ranking. */
typedef enum
{
  YC_CATALOGUE_MATCH_NAME_EXACT,
  YC_CATALOGUE_MATCH_CODE_EXACT,
  YC_CATALOGUE_MATCH_NAME_PREFIX,
  YC_CATALOGUE_MATCH_CODE_PREFIX,
  YC_CATALOGUE_MATCH_PINYIN_INITIALS,
  YC_CATALOGUE_MATCH_PINYIN_FULL,
  YC_CATALOGUE_MATCH_PINYIN_INSIDE,   /* initials or full pinyin of a later part of the name */
  YC_CATALOGUE_MATCH_NAME_SUBSTRING,
  YC_CATALOGUE_MATCH_TERMS_IN_NAME,   /* every word of the query in the name, in any order */
  YC_CATALOGUE_MATCH_KEYWORD,
  YC_CATALOGUE_MATCH_DEPARTMENT,      /* in the department's name, or its usual short form
                                       * (市场监管 for 市场监督管理局) */
  YC_CATALOGUE_MATCH_TERMS,           /* every word in the name, code, a keyword or the
                                       * department */
  YC_CATALOGUE_MATCH_READING,         /* by the pinyin of what was typed: a homophone picked
                                       * by mistake, or pinyin and characters mixed */
} YcCatalogueMatch;

typedef struct
{
  YcCatalogueKind   kind;             /* an item or a package */
  char             *code;
  char             *name;
  char             *department_name;  /* NULL for packages or an unknown department */
  char             *item_type;        /* 行政许可, 公共服务…; NULL for packages */
  YcCatalogueMatch  matched_by;
} YcCatalogueHit;

void              yc_catalogue_hit_free              (YcCatalogueHit      *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCatalogueHit, yc_catalogue_hit_free)

/* What a search found. When nothing is found and the query is pinyin one slip away from
 * pinyin that finds something (a letter left out, added, mistyped, or two swapped:
 * qiyekiaban), suggestion is that pinyin, to offer the clerk rather than search for. */
typedef struct
{
  GPtrArray        *hits;             /* YcCatalogueHit, best first */
  char             *suggestion;       /* NULL: none */
} YcCatalogueResults;

void              yc_catalogue_results_free          (YcCatalogueResults  *results);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCatalogueResults, yc_catalogue_results_free)

char             *yc_catalogue_cache_default_path    (void);
YcCatalogueCache *yc_catalogue_cache_open            (const char          *path,
                                                      GError             **error);
/* The same, on a worker thread: the result belongs to the calling thread's context. */
void              yc_catalogue_cache_open_async      (const char          *path,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
YcCatalogueCache *yc_catalogue_cache_open_finish     (GAsyncResult        *result,
                                                      GError             **error);

/* The state searches see ("epoch", "revision", "entries" are notified on the owner's
 * context). NULL epoch: nothing imported yet. */
const char       *yc_catalogue_cache_get_epoch       (YcCatalogueCache    *self);
gint64            yc_catalogue_cache_get_revision    (YcCatalogueCache    *self);
guint             yc_catalogue_cache_get_count       (YcCatalogueCache    *self,
                                                      YcCatalogueKind      kind);
/* "building": a fresh cache (new epoch, or since=0) is being filled while searches still
 * see the previous one; "applied": entries applied since that build (or since opening)
 * began, for a progress bar. */
gboolean          yc_catalogue_cache_get_building    (YcCatalogueCache    *self);
guint64           yc_catalogue_cache_get_applied     (YcCatalogueCache    *self);

/* Takes ownership of delta. One page, one transaction. A page of the cache's epoch must
 * start at its revision (else YC_ERROR_CONFLICT, and nothing changes: sync again); a
 * page with since=0 starts a fresh cache, which replaces the old one atomically once its
 * last page (more=FALSE) is applied. */
void              yc_catalogue_cache_apply_async     (YcCatalogueCache    *self,
                                                      YcCatalogueDelta    *delta,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean          yc_catalogue_cache_apply_finish    (YcCatalogueCache    *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Items and packages matching query by name, code, department or keyword, Simplified or
 * Traditional, or by pinyin (full or initials, from the start of a name or keyword or from
 * a character further in); best first, at most limit. Words separated by spaces must each
 * match, in any order and any of those; pinyin may be spaced or mixed with characters;
 * characters that match nothing are tried by their pinyin (a homophone picked in the
 * input method). Cancel the previous search when the clerk types on. The finish returns
 * an array of YcCatalogueHit; _finish_results() the hits and a suggestion. */
void              yc_catalogue_cache_search_async    (YcCatalogueCache    *self,
                                                      const char          *query,
                                                      guint                limit,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray        *yc_catalogue_cache_search_finish   (YcCatalogueCache    *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
YcCatalogueResults *yc_catalogue_cache_search_finish_results (YcCatalogueCache  *self,
                                                          GAsyncResult      *result,
                                                          GError           **error);

/* The body of one entry as the server sent it; YC_ERROR_NOT_FOUND when absent. */
void              yc_catalogue_cache_get_async       (YcCatalogueCache    *self,
                                                      YcCatalogueKind      kind,
                                                      const char          *code,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
JsonNode         *yc_catalogue_cache_get_finish      (YcCatalogueCache    *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
