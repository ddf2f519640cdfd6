/* yc-catalogue-index.c: the import's names and keywords, each interned once, with their
 * pinyin keys and the links of entries to them, on the writer's thread: the half of an
 * import that yc-catalogue-cache.c (entries, bodies, generations) hands over. */
#include "yc-catalogue-cache.h"

#include "core/yc-han.h"
#include "yc-catalogue-cache-private.h"
#include "yc-sqlite-private.h"

#include <sqlite3.h>
#include <string.h>


/* Fills a table of a complete fresh generation with rows sorted in key order, BULK_ROWS
 * to a statement: for a million small rows, stepping a statement per row costs more than
 * the b-tree does. */
#define BULK_ROWS 64

typedef void (*BindRowFunc) (sqlite3_stmt  *stmt,
                             int            first,
                             gconstpointer  row);

/* insert_sql: "INSERT INTO t_%1$d (a, b) VALUES " for n_cols values a row; one inserts
 * one row, from parameter 1. */
static int
insert_rows (YcCatalogueCache *self,
             const char       *insert_sql,
             int               n_cols,
             sqlite3_stmt     *one,
             GArray           *rows,
             BindRowFunc       bind)
{
  g_autofree char *head = yc_cat_for_generation (insert_sql, self->write_gen);
  g_autoptr(GString) sql = g_string_new (head);
  guint row_size = g_array_get_element_size (rows), i = 0;
  sqlite3_stmt *many = NULL;
  int rc;

  for (guint r = 0; r < BULK_ROWS; r++)
    {
      g_string_append (sql, r > 0 ? ",(?" : "(?");
      for (int c = 1; c < n_cols; c++)
        g_string_append (sql, ",?");
      g_string_append_c (sql, ')');
    }
  rc = sqlite3_prepare_v2 (self->writer, sql->str, (int) sql->len, &many, NULL);
  for (; rc == SQLITE_OK && i + BULK_ROWS <= rows->len; i += BULK_ROWS)
    {
      for (guint r = 0; r < BULK_ROWS; r++)
        bind (many, (int) r * n_cols + 1, rows->data + (gsize) (i + r) * row_size);
      rc = yc_cat_step_done (many);
    }
  for (; rc == SQLITE_OK && i < rows->len; i++)
    {
      bind (one, 1, rows->data + (gsize) i * row_size);
      rc = yc_cat_step_done (one);
    }
  sqlite3_finalize (many);
  return rc;
}

/* What pinyin keys lead to: names, and keywords. Each has a table of keys (inside, key,
 * id) that its statements below read and write; both are built, kept up to date and
 * released the same way. */
typedef struct
{
  int         all;          /* (id, folded text) of every one */
  int         text;         /* the folded text of one */
  int         used;         /* a row while some entry uses it */
  int         remove;       /* deletes its row */
  int         key_insert;   /* (inside, key, id) */
  int         key_delete;   /* the same */
  const char *bulk_insert;  /* key_insert for many rows (see insert_rows()) */
} PinyinOwner;

static const PinyinOwner name_owner = {
  .all = W_NAMES,
  .text = W_NAME_TEXT,
  .used = W_NAME_USED,
  .remove = W_NAME_DELETE,
  .key_insert = W_PINYIN_INSERT,
  .key_delete = W_PINYIN_DELETE,
  .bulk_insert = "INSERT OR IGNORE INTO pinyin_%1$d (inside, key, name_id) VALUES ",
};

static const PinyinOwner keyword_owner = {
  .all = W_KWS,
  .text = W_KW_TEXT,
  .used = W_KW_USED,
  .remove = W_KW_DELETE,
  .key_insert = W_KW_PINYIN_INSERT,
  .key_delete = W_KW_PINYIN_DELETE,
  .bulk_insert = "INSERT OR IGNORE INTO kw_pinyin_%1$d (inside, key, kw_id) VALUES ",
};

/* Calls func for each of a text's pinyin keys: those of the whole text (inside FALSE),
 * and those of every part of it that starts at a later character boundary (inside
 * TRUE), so 住房公积金缴存登记 is found by gjj and gongjijin too. Each part gets its own
 * likeliest combinations of readings, as the whole text does. A Latin word or a number
 * counts as one syllable: no part starts inside it. Stops at the first error. */
typedef int (*PinyinKeyFunc) (gboolean    inside,
                              const char *key,
                              gpointer    data);

static int
foreach_pinyin_key (const char    *ftext,
                    PinyinKeyFunc  func,
                    gpointer       data)
{
  gboolean inside = FALSE, in_word = FALSE;
  int rc = SQLITE_OK;

  for (const char *p = ftext; *p != '\0' && rc == SQLITE_OK; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean alnum = c < 0x80 && g_ascii_isalnum (c);
      gboolean starts = alnum ? !in_word : c >= 0x80 && yc_cat_has_reading (c);
      g_autoptr(GPtrArray) keys = NULL;

      in_word = alnum;
      if (!starts)
        continue;
      keys = yc_han_pinyin_keys (p, YC_CAT_PINYIN_VARIANTS);
      for (guint i = 0; i < keys->len && rc == SQLITE_OK; i++)
        rc = func (inside, g_ptr_array_index (keys, i), data);
      inside = TRUE;
    }
  return rc;
}

typedef struct
{
  sqlite3_stmt *stmt;     /* binds (inside, key, id) */
  gint64        id;
} PinyinWrite;

static int
write_pinyin_key (gboolean    inside,
                  const char *key,
                  gpointer    data)
{
  PinyinWrite *write = data;

  sqlite3_bind_int (write->stmt, 1, inside);
  sqlite3_bind_text (write->stmt, 2, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (write->stmt, 3, write->id);
  return yc_cat_step_done (write->stmt);
}

/* Inserts (insert TRUE) or deletes the keys of one name or keyword, id, of text ftext. */
static int
pinyin_keys_write (YcCatalogueCache  *self,
                   const PinyinOwner *owner,
                   gboolean           insert,
                   gint64             id,
                   const char        *ftext)
{
  PinyinWrite write = { self->writes[insert ? owner->key_insert : owner->key_delete], id };

  return foreach_pinyin_key (ftext, write_pinyin_key, &write);
}

typedef struct
{
  gboolean    inside;
  const char *key;        /* in the batch's string chunk */
  gint64      id;
} PinyinRow;

typedef struct
{
  GArray       *rows;
  GStringChunk *keys;
  gint64        id;
} PinyinBatch;

static int
batch_pinyin_key (gboolean    inside,
                  const char *key,
                  gpointer    data)
{
  PinyinBatch *batch = data;
  PinyinRow row = { inside, g_string_chunk_insert_const (batch->keys, key), batch->id };

  g_array_append_val (batch->rows, row);
  return SQLITE_OK;
}

static void
bind_pinyin_row (sqlite3_stmt  *stmt,
                 int            first,
                 gconstpointer  data)
{
  const PinyinRow *row = data;

  sqlite3_bind_int (stmt, first, row->inside);
  sqlite3_bind_text (stmt, first + 1, row->key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, first + 2, row->id);
}

static gint
compare_pinyin_rows (gconstpointer a,
                     gconstpointer b)
{
  const PinyinRow *x = a, *y = b;
  int by_key;

  if (x->inside != y->inside)
    return x->inside - y->inside;
  if ((by_key = strcmp (x->key, y->key)) != 0)
    return by_key;
  return (x->id > y->id) - (x->id < y->id);
}

/* The pinyin keys of every name (half a million for a city) or every keyword of a
 * complete fresh generation, inserted in key order. */
static int
generation_add_pinyin (YcCatalogueCache  *self,
                       const PinyinOwner *owner)
{
  sqlite3_stmt *all = self->writes[owner->all];
  PinyinBatch batch = { g_array_new (FALSE, FALSE, sizeof (PinyinRow)),
                        g_string_chunk_new (1 << 16), 0 };
  int rc;

  while ((rc = sqlite3_step (all)) == SQLITE_ROW)
    {
      batch.id = sqlite3_column_int64 (all, 0);
      foreach_pinyin_key ((const char *) sqlite3_column_text (all, 1), batch_pinyin_key, &batch);
    }
  sqlite3_reset (all);
  rc = rc == SQLITE_DONE ? SQLITE_OK : rc;

  g_array_sort (batch.rows, compare_pinyin_rows);
  if (rc == SQLITE_OK)
    rc = insert_rows (self, owner->bulk_insert, 3, self->writes[owner->key_insert], batch.rows,
                      bind_pinyin_row);
  g_array_unref (batch.rows);
  g_string_chunk_free (batch.keys);
  return rc;
}

int
yc_cat_name_intern (YcCatalogueCache *self,
             const char       *name,
             NameRef          *ref)
{
  sqlite3_stmt **w = self->writes;
  g_autofree char *fname = yc_han_fold (name);
  int rc;

  sqlite3_bind_text (w[W_NAME_FIND], 1, fname, -1, SQLITE_STATIC);
  if ((ref->id = yc_cat_step_id (w[W_NAME_FIND], &ref->len)) == 0)
    {
      ref->len = g_utf8_strlen (fname, -1);
      sqlite3_bind_text (w[W_NAME_INSERT], 1, fname, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (w[W_NAME_INSERT], 2, ref->len);
      if ((rc = yc_cat_step_done (w[W_NAME_INSERT])) != SQLITE_OK)
        return rc;
      ref->id = sqlite3_last_insert_rowid (self->writer);

      sqlite3_bind_int64 (w[W_NAME_FTS_INSERT], 1, ref->id);
      sqlite3_bind_text (w[W_NAME_FTS_INSERT], 2, fname, -1, SQLITE_STATIC);
      if ((rc = yc_cat_step_done (w[W_NAME_FTS_INSERT])) != SQLITE_OK)
        return rc;
      /* A generation being filled gets its keys when complete. */
      if (self->write_indexed &&
          (rc = pinyin_keys_write (self, &name_owner, TRUE, ref->id, fname)) != SQLITE_OK)
        return rc;
    }
  g_hash_table_insert (self->name_ids, g_strdup (name), g_memdup2 (ref, sizeof *ref));
  return SQLITE_OK;
}

/* Deletes a name or keyword that no entry uses any more, with its pinyin keys (found
 * again from its text: no index by id to keep up). released: whether it did. */
static int
pinyin_owner_release (YcCatalogueCache  *self,
                      const PinyinOwner *owner,
                      gint64             id,
                      gboolean          *released)
{
  sqlite3_stmt **w = self->writes;
  g_autofree char *ftext = NULL;
  int rc;

  *released = FALSE;
  sqlite3_bind_int64 (w[owner->used], 1, id);
  if (yc_cat_step_id (w[owner->used], NULL) != 0)
    return SQLITE_OK;

  sqlite3_bind_int64 (w[owner->text], 1, id);
  if (sqlite3_step (w[owner->text]) == SQLITE_ROW)
    ftext = g_strdup ((const char *) sqlite3_column_text (w[owner->text], 0));
  sqlite3_reset (w[owner->text]);
  if (ftext == NULL)
    return SQLITE_OK;
  if ((rc = pinyin_keys_write (self, owner, FALSE, id, ftext)) != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (w[owner->remove], 1, id);
  if ((rc = yc_cat_step_done (w[owner->remove])) != SQLITE_OK)
    return rc;
  *released = TRUE;
  return SQLITE_OK;
}

/* A name no entry uses any more leaves the search indexes. A generation still being
 * filled has no index to tell: its unused names go when it is complete (sweep_names_sql). */
int
yc_cat_name_release (YcCatalogueCache *self,
              gint64            name_id)
{
  sqlite3_stmt **w = self->writes;
  gboolean released;
  int rc;

  if (name_id == 0 || !self->write_indexed)
    return SQLITE_OK;
  if ((rc = pinyin_owner_release (self, &name_owner, name_id, &released)) != SQLITE_OK || !released)
    return rc;
  sqlite3_bind_int64 (w[W_NAME_FTS_DELETE], 1, name_id);
  rc = yc_cat_step_done (w[W_NAME_FTS_DELETE]);
  /* Rare (a renamed or withdrawn item): forget every remembered name. */
  g_hash_table_remove_all (self->name_ids);
  return rc;
}

/* Appends the keyword's id to the entry's list, self->kws_text. */
int
yc_cat_kw_intern (YcCatalogueCache *self,
           const char       *keyword)
{
  sqlite3_stmt **w = self->writes;
  gint64 *known, kw_id;
  int rc;

  if (keyword == NULL || *keyword == '\0')
    return SQLITE_OK;
  if ((known = g_hash_table_lookup (self->kw_ids, keyword)) != NULL)
    kw_id = *known;
  else
    {
      g_autofree char *fkw = yc_han_fold (keyword);

      sqlite3_bind_text (w[W_KW_FIND], 1, fkw, -1, SQLITE_STATIC);
      if ((kw_id = yc_cat_step_id (w[W_KW_FIND], NULL)) == 0)
        {
          sqlite3_bind_text (w[W_KW_INSERT], 1, fkw, -1, SQLITE_STATIC);
          if ((rc = yc_cat_step_done (w[W_KW_INSERT])) != SQLITE_OK)
            return rc;
          kw_id = sqlite3_last_insert_rowid (self->writer);
          /* A generation being filled gets its keys when complete. */
          if (self->write_indexed &&
              (rc = pinyin_keys_write (self, &keyword_owner, TRUE, kw_id, fkw)) != SQLITE_OK)
            return rc;
        }
      g_hash_table_insert (self->kw_ids, g_strdup (keyword), g_memdup2 (&kw_id, sizeof kw_id));
    }
  if (self->kws_text->len > 0)
    g_string_append_c (self->kws_text, ',');
  yc_cat_append_int (self->kws_text, kw_id);
  return SQLITE_OK;
}

/* The next id of a list like "3,17,42", or 0 past its end. */
static gint64
next_id (const char **list)
{
  char *end;
  gint64 id;

  while (**list == ',')
    (*list)++;
  id = g_ascii_strtoll (*list, &end, 10);
  *list = end;
  return id;
}

/* Steps stmt, a link's insert or delete, for each keyword of an entry. */
int
yc_cat_entry_links_write (sqlite3_stmt *stmt,
                   const char   *kws,
                   gint64        name_len,
                   gint64        entry_id)
{
  int rc = SQLITE_OK;
  gint64 kw_id;

  while (rc == SQLITE_OK && kws != NULL && (kw_id = next_id (&kws)) != 0)
    {
      sqlite3_bind_int64 (stmt, 1, kw_id);
      sqlite3_bind_int64 (stmt, 2, name_len);
      sqlite3_bind_int64 (stmt, 3, entry_id);
      rc = yc_cat_step_done (stmt);
    }
  return rc;
}

typedef struct
{
  gint64 kw_id;
  gint64 name_len;
  gint64 entry_id;
} Link;

static void
bind_link (sqlite3_stmt  *stmt,
           int            first,
           gconstpointer  data)
{
  const Link *link = data;

  sqlite3_bind_int64 (stmt, first, link->kw_id);
  sqlite3_bind_int64 (stmt, first + 1, link->name_len);
  sqlite3_bind_int64 (stmt, first + 2, link->entry_id);
}

static gint
compare_links (gconstpointer a,
               gconstpointer b)
{
  const Link *x = a, *y = b;

  if (x->kw_id != y->kw_id)
    return (x->kw_id > y->kw_id) - (x->kw_id < y->kw_id);
  if (x->name_len != y->name_len)
    return (x->name_len > y->name_len) - (x->name_len < y->name_len);
  return (x->entry_id > y->entry_id) - (x->entry_id < y->entry_id);
}

/* The keyword links of a complete fresh generation (a million for a city), from the
 * lists its entries keep, inserted in key order. */
int
yc_cat_generation_add_links (YcCatalogueCache *self)
{
  sqlite3_stmt *entries = self->writes[W_ENTRIES_KWS];
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (Link));
  int rc;

  while ((rc = sqlite3_step (entries)) == SQLITE_ROW)
    {
      const char *kws = (const char *) sqlite3_column_text (entries, 2);
      Link link = { 0, sqlite3_column_int64 (entries, 1), sqlite3_column_int64 (entries, 0) };

      while ((link.kw_id = next_id (&kws)) != 0)
        g_array_append_val (links, link);
    }
  sqlite3_reset (entries);
  rc = rc == SQLITE_DONE ? SQLITE_OK : rc;

  g_array_sort (links, compare_links);
  if (rc == SQLITE_OK)
    rc = insert_rows (self, "INSERT OR IGNORE INTO entry_kw_%1$d (kw_id, name_len, entry_id) VALUES ",
                      3, self->writes[W_ENTRY_KW_INSERT], links, bind_link);
  return rc;
}

/* entries */

/* Unlinks an entry from its keywords, as its row lists them, and notes them for
 * yc_cat_keywords_release(). A generation being filled has no links yet. */
int
yc_cat_entry_keywords_forget (YcCatalogueCache *self,
                       gint64            id)
{
  sqlite3_stmt *get = self->writes[W_ENTRY_KWS];
  g_autofree char *kws = NULL;
  gint64 name_len = 0, kw_id;

  if (!self->write_indexed)
    return SQLITE_OK;
  sqlite3_bind_int64 (get, 1, id);
  if (sqlite3_step (get) == SQLITE_ROW)
    {
      name_len = sqlite3_column_int64 (get, 0);
      kws = g_strdup ((const char *) sqlite3_column_text (get, 1));
    }
  sqlite3_reset (get);
  for (const char *p = kws; p != NULL && (kw_id = next_id (&p)) != 0;)
    g_array_append_val (self->dropped_kws, kw_id);
  return yc_cat_entry_links_write (self->writes[W_ENTRY_KW_DELETE], kws, name_len, id);
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Keywords that entries of the page just applied stopped listing, and no entry lists
 * any more, leave the search indexes, pinyin keys and all. Not as each entry goes: a
 * changed entry is unlinked from its old keywords after its new ones, often the same,
 * are looked up. */
int
yc_cat_keywords_release (YcCatalogueCache *self)
{
  GArray *ids = self->dropped_kws;
  gboolean released, any = FALSE;
  int rc = SQLITE_OK;

  g_array_sort (ids, compare_ids);
  for (guint i = 0; i < ids->len && rc == SQLITE_OK; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      if (i > 0 && id == g_array_index (ids, gint64, i - 1))
        continue;
      rc = pinyin_owner_release (self, &keyword_owner, id, &released);
      any |= released;
    }
  g_array_set_size (ids, 0);
  /* Rare: forget every remembered keyword. */
  if (any)
    g_hash_table_remove_all (self->kw_ids);
  return rc;
}


int
yc_cat_generation_add_pinyin (YcCatalogueCache *self,
                              gboolean          keywords)
{
  return generation_add_pinyin (self, keywords ? &keyword_owner : &name_owner);
}
