/* yc-catalogue-cache-private.h: what the two halves of the catalogue cache share, and
 * nobody else: yc-catalogue-cache.c opens the connections and applies deltas on the
 * writer's thread, yc-catalogue-search.c searches and reads bodies on the reader's. The
 * object, the statements of each thread, and the few helpers both use. */
#pragma once

#include <sqlite3.h>
#include <zstd.h>

#include "store/yc-catalogue-cache.h"

G_BEGIN_DECLS

#define YC_CAT_N_KINDS (YC_CATALOGUE_CALENDAR + 1)
/* Combinations of readings indexed per name, and tried per query. */
#define YC_CAT_PINYIN_VARIANTS 8

/* Everything the owner's context is told after a write. */
typedef struct
{
  char    *epoch;
  gint64   revision;
  guint    counts[YC_CAT_N_KINDS];
  gboolean building;
  guint64  applied;
} CacheState;

/* The reader's statements (their SQL is query_sql in yc-catalogue-search.c). */
enum {
  /* names, best first: (name id, length) */
  Q_NAMES_EXACT,
  Q_NAMES_PREFIX,
  Q_NAMES_PINYIN,
  Q_NAMES_PINYIN_INSIDE,
  Q_NAMES_FTS,
  Q_NAMES_INSTR,
  /* names with a word of a query, in no order */
  Q_NAMES_WITH,
  Q_NAMES_WITH_FTS,
  Q_NAMES_WITH_PINYIN,
  Q_NAME,
  /* entries, best first: (entry id, name length, code) */
  Q_OF_NAME,
  Q_CODE_EXACT,
  Q_CODE_PREFIX,
  Q_OF_KEYWORD,
  Q_OF_DEPARTMENT,
  /* the same, and what an entry is found by: (…, name id, department, keywords, fcode) */
  Q_TERMS_OF_NAME,
  Q_TERMS_OF_NAME_IN,
  Q_TERMS_OF_KEYWORD,
  Q_TERMS_OF_DEPARTMENT,
  Q_TERMS_OF_CODE,
  Q_ENTRY_WORDS,
  /* the rest */
  Q_KEYWORDS,
  Q_KEYWORDS_PINYIN,
  Q_KEYWORDS_WITH,
  Q_KEYWORDS_WITH_PINYIN,
  Q_DEPARTMENTS,
  Q_PINYIN_EXISTS,
  Q_SIZES,
  Q_DETAILS,
  Q_BODY,
  Q_BODY_DICT,
  N_QUERIES
};

/* The writer's statements (write_sql in yc-catalogue-cache.c). */
enum {
  W_ENTRY_FIND,
  W_ENTRY_INSERT,
  W_ENTRY_UPDATE,
  W_ENTRY_DELETE,
  W_BODY_UPSERT,
  W_BODY_DELETE,
  W_NAME_FIND,
  W_NAME_INSERT,
  W_NAME_FTS_INSERT,
  W_PINYIN_INSERT,
  W_NAME_USED,
  W_NAME_TEXT,
  W_NAMES,
  W_NAME_DELETE,
  W_NAME_FTS_DELETE,
  W_PINYIN_DELETE,
  W_KW_FIND,
  W_KW_INSERT,
  W_KW_PINYIN_INSERT,
  W_KW_USED,
  W_KW_TEXT,
  W_KWS,
  W_KW_DELETE,
  W_KW_PINYIN_DELETE,
  W_ENTRY_KW_INSERT,
  W_ENTRY_KW_DELETE,
  W_ENTRY_KWS,
  W_ENTRIES_KWS,
  W_DEPT_UPSERT,
  W_DEPT_DELETE,
  W_BODY_DICT,
  W_BODY_DICT_INSERT,
  N_WRITES
};

struct _YcCatalogueCache
{
  GObject       parent_instance;

  GMainContext *context;
  GThreadPool  *writer_pool;
  GThreadPool  *reader_pool;
  GThreadPool  *reaper_pool;    /* frees applied deltas */

  /* Owner's context: what searches currently see. */
  CacheState    state;

  /* Writer thread only. */
  sqlite3      *writer;
  int           active_gen;
  char         *active_epoch;
  gint64        active_revision;
  guint         active_counts[YC_CAT_N_KINDS];
  int           pending_gen;      /* -1: no fresh cache under construction */
  char         *pending_epoch;
  gint64        pending_revision;
  guint         pending_counts[YC_CAT_N_KINDS];
  guint64       applied;
  int           write_gen;        /* generation the statements below are for */
  gboolean      write_indexed;    /* FALSE while write_gen is a fresh one being filled */
  sqlite3_stmt *writes[N_WRITES];
  /* Raw name → NameRef, raw keyword → row id, in write_gen: most entries share both,
   * and a lookup here spares the folding and a statement. Cleared with the statements. */
  GHashTable   *name_ids;
  GHashTable   *kw_ids;
  /* Ids of keywords that entries stopped listing in this page: those no entry lists
   * any more are released once the page is applied (keywords_release()). */
  GArray       *dropped_kws;
  /* Reused for every entry: an import applies a quarter of a million. */
  GString      *kws_text;
  guint8       *body_frame;
  gsize         body_frame_size;
  ZSTD_CCtx    *compressor;
  ZSTD_CDict   *write_dict;       /* write_gen's, once looked up (write_dict_known) */
  gboolean      write_dict_known;

  /* Reader thread only. */
  sqlite3      *reader;
  int           read_gen;
  sqlite3_stmt *queries[N_QUERIES];
  GCancellable *read_cancellable;
  ZSTD_DCtx    *decompressor;
  ZSTD_DDict   *read_dict;
  gint64        read_dict_serial; /* which dictionary read_dict is; 0: none */
};

/* The statements of one thread, for generation gen (their SQL names it %1$d). */
gboolean  yc_cat_prepare_statements  (sqlite3        *db,
                                      const char    **sql,
                                      sqlite3_stmt  **stmts,
                                      guint           n,
                                      int             gen,
                                      GError        **error);
void      yc_cat_finalize_statements (sqlite3_stmt  **stmts,
                                      guint           n);
/* A value of the meta table: its number, its text, or both. */
gboolean  yc_cat_read_meta           (sqlite3        *db,
                                      const char     *key,
                                      gint64         *number,
                                      char          **text);
/* An entry's code as the index keeps it (fcode). */
char     *yc_cat_fold_code           (const char     *code);
/* Whether c is a piece of a pinyin key, as yc_han_pinyin_keys() decides. */
gboolean  yc_cat_has_reading         (gunichar        c);

/* A name interned by the import: its id and its folded length in characters. */
typedef struct
{
  gint64 id;
  gint64 len;   /* in characters, folded */
} NameRef;

/* Helpers of the writer's thread that both halves of the import use. */
char     *yc_cat_for_generation        (const char        *sql,
                                        int                gen);
int       yc_cat_step_done             (sqlite3_stmt      *stmt);
gint64    yc_cat_step_id               (sqlite3_stmt      *stmt,
                                        gint64            *second);
void      yc_cat_append_int            (GString           *out,
                                        gint64             value);

/* The import's names and keywords, with their pinyin keys (yc-catalogue-index.c). */
int       yc_cat_name_intern           (YcCatalogueCache  *self,
                                        const char        *name,
                                        NameRef           *ref);
int       yc_cat_name_release          (YcCatalogueCache  *self,
                                        gint64             name_id);
int       yc_cat_kw_intern             (YcCatalogueCache  *self,
                                        const char        *keyword);
int       yc_cat_entry_keywords_forget (YcCatalogueCache  *self,
                                        gint64             id);
int       yc_cat_keywords_release      (YcCatalogueCache  *self);
int       yc_cat_entry_links_write     (sqlite3_stmt      *stmt,
                                        const char        *kws,
                                        gint64             name_len,
                                        gint64             entry_id);
int       yc_cat_generation_add_links  (YcCatalogueCache  *self);
/* A fresh generation's pinyin keys: of its names, or (keywords) of its keywords. */
int       yc_cat_generation_add_pinyin (YcCatalogueCache  *self,
                                        gboolean           keywords);

G_END_DECLS
