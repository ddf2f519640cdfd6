/* yc-catalogue-search-private.h: what the catalogue search's two files share, and nobody
 * else: a search under way and how it ranks and keeps its candidates
 * (yc-catalogue-search.c), departments found by their names or short forms, and the
 * search for a query's words in any order (yc-catalogue-words.c). Reader thread only. */
#pragma once

#include "yc-catalogue-cache-private.h"

G_BEGIN_DECLS

typedef struct
{
  gint64           id;
  YcCatalogueMatch match;
  int              sub;        /* within its match: fewer words outside the name first */
  int              name_len;
  char            *code;
} Candidate;

/* A search under way. The best `limit` candidates are kept in a heap with the worst of
 * them on top, so a query that thousands of entries match (one or two letters of pinyin)
 * costs the rows it reads, not a sort of them all. */
typedef struct
{
  YcCatalogueCache *self;
  guint             limit;
  GHashTable       *seen;        /* entry ids offered so far */
  GPtrArray        *best;        /* Candidate, a heap: best[0] is the worst kept */
  GPtrArray        *departments; /* (code, folded name) pairs, read when first needed */
} Search;

typedef enum
{
  OFFER_KEPT,
  OFFER_SEEN,    /* found before, by a tier as good or better */
  OFFER_WORSE,   /* ranks after the worst of a full heap */
} Offer;

/* How the rows of an entry query come: in no order of rank, by name length, or by name
 * length and code (the rank itself, within one tier). */
typedef enum
{
  ORDER_NONE,
  ORDER_LENGTH,
  ORDER_RANK,
} Order;

/* What a tier finds its entries as. */
typedef struct
{
  YcCatalogueMatch match;
  int              sub;
} Found;

typedef struct
{
  gint64 id;
  gint64 len;
} NameRow;

/* Whether a candidate ranked as probe would be kept: there is room, or it ranks before
 * the worst kept. */
gboolean    yc_cat_search_wants     (Search           *search,
                                     const Candidate  *probe);
/* Whether whatever ranks as probe but for its code can only rank after the worst kept. */
gboolean    yc_cat_search_past      (Search           *search,
                                     const Candidate  *probe);
Offer       yc_cat_search_offer     (Search           *search,
                                     gint64            id,
                                     YcCatalogueMatch  match,
                                     int               sub,
                                     int               name_len,
                                     const char       *code);
/* Takes the entries of names (NameRow), shortest first, until names get longer than those
 * that already gave enough, or than the worst kept. */
int         yc_cat_collect_of_names (Search           *search,
                                     GArray           *names,
                                     Found             found);

/* Binds ?1, ?2 (unless NULL) and the limit ?9. */
void        yc_cat_bind_args        (sqlite3_stmt     *stmt,
                                     const char       *arg1,
                                     const char       *arg2,
                                     gint64            limit);
/* Resets stmt; SQLITE_DONE becomes SQLITE_OK. */
int         yc_cat_finish_statement (sqlite3_stmt     *stmt,
                                     int               rc);

gboolean    yc_cat_is_pinyin_query  (const char       *text);
gboolean    yc_cat_is_code_query    (const char       *text);
/* The query for a trigram index's phrase. */
char       *yc_cat_fts_phrase       (const char       *text);
/* What every string that starts with text sorts before. */
char       *yc_cat_upper_bound      (const char       *text);

/* Fills search->departments, once a search. */
int         yc_cat_read_departments (Search           *search);
/* Whether a department's folded name has word, whole or as its usual short form. */
gboolean    yc_cat_department_has   (const char       *fname,
                                     const char       *word);

/* Words apart: an entry is found if each is in its name, a keyword, its department or its
 * code, in any order. */
typedef struct _Words Words;

/* Words past this many are not searched for one by one. */
#define YC_CAT_MAX_WORDS 8

/* words: the folded query's words (at least two, at most YC_CAT_MAX_WORDS); kept. */
Words      *yc_cat_words_new        (Search           *search,
                                     GPtrArray        *words);
void        yc_cat_words_free       (Words            *words);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Words, yc_cat_words_free)
/* Entries whose name has every word (YC_CATALOGUE_MATCH_TERMS_IN_NAME). */
int         yc_cat_words_collect_in_name  (Words  *words);
/* Entries with every word somewhere (YC_CATALOGUE_MATCH_TERMS). */
int         yc_cat_words_collect_anywhere (Words  *words);

G_END_DECLS
