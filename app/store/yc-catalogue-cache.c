/* yc-catalogue-cache.c: the catalogue cache (catalogue.db): its connections and
 * generations, and the import on the writer's thread (its names and keywords, with their
 * pinyin keys, are yc-catalogue-index.c). Searches and look-ups, on the reader's thread,
 * are yc-catalogue-search.c.
 *
 * Two connections, each owned by a one-thread pool: the writer applies delta pages in
 * order, the reader answers searches and lookups. WAL lets the reader go on from its
 * snapshot while the writer holds a long import transaction open.
 *
 * Every table exists in two generations (entry_0/entry_1, …). The "meta" table names
 * the active one; searches read only that. A fresh import (new epoch, or since=0) fills
 * the other generation page by page; the transaction applying its last page points
 * "meta" at it and drops the old tables, so a search sees either the whole old cache or
 * the whole new one. Names are stored once per distinct folded name (a city's 250,000
 * entries are a few thousand standard items implemented by many agencies), and their
 * pinyin keys (from the start of the name and from every character further in) and
 * trigrams are indexed per name, not per entry. Keywords likewise: stored once, with
 * pinyin keys of their own, and linked to the entries that list them.
 *
 * An import is bounded by writing, so bodies are stored zstd-compressed with a
 * dictionary of the generation's own, and what only searches read (secondary indexes,
 * pinyin keys, keyword links) is built for a fresh generation in one sorted pass, in the
 * transaction of its last page, rather than kept up to date entry by entry. Pages
 * applied to the active generation keep everything up to date as they go. */
#include "yc-catalogue-cache.h"

#include "core/yc-error.h"
#include "core/yc-han.h"
#include "core/yc-malloc.h"
#include "core/yc-wire.h"
#include "yc-catalogue-cache-private.h"
#include "yc-sqlite-private.h"

#include <sqlite3.h>
#include <string.h>
#include <zstd.h>

/* How a generation's tables are laid out (PRAGMA user_version). A cache laid out
 * otherwise, by another version of the desk, is not converted: it starts empty, and the
 * next sync fetches the catalogue again. */
#define LAYOUT 5

G_DEFINE_FINAL_TYPE (YcCatalogueCache, yc_catalogue_cache, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EPOCH,
  PROP_REVISION,
  PROP_ENTRIES,
  PROP_BUILDING,
  PROP_APPLIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The reader's progress handler (see begin_read() in yc-catalogue-search.c). */
static int
progress_cb (void *data)
{
  YcCatalogueCache *self = data;

  /* Non-zero interrupts the statement: the clerk has typed on. */
  return self->read_cancellable != NULL && g_cancellable_is_cancelled (self->read_cancellable);
}

/* The per-generation schema; %1$d is the generation. */
static const char generation_sql[] =
  "CREATE TABLE entry_%1$d ("
  "  id       INTEGER PRIMARY KEY,"
  "  kind     INTEGER NOT NULL,"
  "  code     TEXT NOT NULL,"
  "  fcode    TEXT NOT NULL,"
  "  name     TEXT,"
  "  name_id  INTEGER,"            /* items and packages only: what search returns */
  "  name_len INTEGER NOT NULL DEFAULT 0,"
  "  dept     TEXT,"
  "  type     TEXT,"
  "  kws      TEXT);"               /* its keyword ids, "3,17,42": what to link and unlink */
  /* Bodies apart: search reads many entry rows, which stay small. A body is its JSON
   * text as a zstd frame, compressed with the generation's dictionary: a city's bodies
   * share most of their text, and a tenth of the bytes is a tenth of the writing. */
  "CREATE TABLE body_%1$d ("
  "  id   INTEGER PRIMARY KEY,"
  "  body BLOB NOT NULL);"
  /* Raw content (bodies of the first page), numbered by meta's dict_serial: a reader
   * holding the dictionary of that number holds this one. */
  "CREATE TABLE body_dict_%1$d ("
  "  serial INTEGER PRIMARY KEY,"
  "  dict   BLOB NOT NULL);"
  "CREATE INDEX entry_%1$d_fcode ON entry_%1$d (fcode);"
  /* AUTOINCREMENT: the id of a name that went is never another name's. */
  "CREATE TABLE name_%1$d ("
  "  id    INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  fname TEXT NOT NULL UNIQUE,"
  "  len   INTEGER NOT NULL);"
  "CREATE VIRTUAL TABLE name_fts_%1$d USING fts5 (fname, tokenize = 'trigram', detail = 'full');"
  /* inside: 0 for the keys of the whole name, 1 for those of a part that starts at a
   * character boundary further in. */
  "CREATE TABLE pinyin_%1$d ("
  "  inside  INTEGER NOT NULL,"
  "  key     TEXT NOT NULL,"
  "  name_id INTEGER NOT NULL,"
  "  PRIMARY KEY (inside, key, name_id)) WITHOUT ROWID;"
  "CREATE TABLE kw_%1$d ("
  "  id  INTEGER PRIMARY KEY,"
  "  fkw TEXT NOT NULL UNIQUE);"
  /* A keyword's pinyin keys, as pinyin_%1$d has a name's: a keyword is found from any
   * character boundary, as its text is by any substring. */
  "CREATE TABLE kw_pinyin_%1$d ("
  "  inside INTEGER NOT NULL,"
  "  key    TEXT NOT NULL,"
  "  kw_id  INTEGER NOT NULL,"
  "  PRIMARY KEY (inside, key, kw_id)) WITHOUT ROWID;"
  /* In ranking order per keyword (by name length), so a keyword's best entries are one
   * range read. */
  "CREATE TABLE entry_kw_%1$d ("
  "  kw_id    INTEGER NOT NULL,"
  "  name_len INTEGER NOT NULL,"
  "  entry_id INTEGER NOT NULL,"
  "  PRIMARY KEY (kw_id, name_len, entry_id)) WITHOUT ROWID;"
  "CREATE TABLE dept_%1$d ("
  "  code  TEXT PRIMARY KEY,"
  "  name  TEXT NOT NULL,"
  "  fname TEXT NOT NULL) WITHOUT ROWID;";

/* The indexes only searches and unlinking names need. A fresh generation gets them when
 * its last page is applied: one sorted pass over a complete table costs a fraction of
 * keeping them up to date row by row through a city's import. Each also holds what a
 * search for words apart checks of the entries it walks (the department of a name's
 * entries, the name of a department's), so that walk never reads the table. */
static const char index_sql[] =
  "CREATE INDEX IF NOT EXISTS entry_%1$d_name ON entry_%1$d (name_id, code, dept);"
  "CREATE INDEX IF NOT EXISTS entry_%1$d_dept ON entry_%1$d (dept, name_len, code, name_id);";

/* While a fresh generation is filled, names and keywords no entry uses any more are kept
 * (finding out would need the index above, or the links), and none of names, keywords
 * and entries are in the tables that map pinyin keys and keywords to them: once it is
 * complete, the unused names go, the links are made, the unused keywords go, and those
 * tables are filled in key order (see yc_cat_generation_add_pinyin(), yc_cat_generation_add_links()). */
static const char sweep_names_sql[] =
  "DELETE FROM name_fts_%1$d WHERE rowid IN (SELECT id FROM name_%1$d n"
  "  WHERE NOT EXISTS (SELECT 1 FROM entry_%1$d e WHERE e.name_id = n.id));"
  "DELETE FROM name_%1$d"
  "  WHERE NOT EXISTS (SELECT 1 FROM entry_%1$d e WHERE e.name_id = name_%1$d.id);";

static const char sweep_keywords_sql[] =
  "DELETE FROM kw_%1$d"
  "  WHERE NOT EXISTS (SELECT 1 FROM entry_kw_%1$d l WHERE l.kw_id = kw_%1$d.id);";

static const char drop_generation_sql[] =
  "DROP TABLE IF EXISTS entry_%1$d;"
  "DROP TABLE IF EXISTS body_%1$d;"
  "DROP TABLE IF EXISTS body_dict_%1$d;"
  "DROP TABLE IF EXISTS name_%1$d;"
  "DROP TABLE IF EXISTS name_fts_%1$d;"
  "DROP TABLE IF EXISTS pinyin_%1$d;"
  "DROP TABLE IF EXISTS kw_%1$d;"
  "DROP TABLE IF EXISTS kw_pinyin_%1$d;"
  "DROP TABLE IF EXISTS entry_kw_%1$d;"
  "DROP TABLE IF EXISTS dept_%1$d;";

static const char *write_sql[N_WRITES] = {
  /* (kind, code) is unique; the folded code's index finds it, one index fewer to fill. */
  [W_ENTRY_FIND] = "SELECT id, name_id FROM entry_%1$d WHERE fcode = ?3 AND kind = ?1 AND code = ?2",
  [W_ENTRY_INSERT] = "INSERT INTO entry_%1$d (kind, code, fcode, name_id, name_len, dept, type, name, kws)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
  [W_ENTRY_UPDATE] = "UPDATE entry_%1$d SET name_id = ?4, name_len = ?5, dept = ?6, type = ?7, name = ?8,"
                     " kws = ?9 WHERE id = ?1",
  [W_ENTRY_DELETE] = "DELETE FROM entry_%1$d WHERE id = ?1",
  [W_BODY_UPSERT] = "INSERT INTO body_%1$d (id, body) VALUES (?1, ?2)"
                    " ON CONFLICT (id) DO UPDATE SET body = ?2",
  [W_BODY_DELETE] = "DELETE FROM body_%1$d WHERE id = ?1",
  [W_NAME_FIND] = "SELECT id, len FROM name_%1$d WHERE fname = ?1",
  [W_NAME_INSERT] = "INSERT INTO name_%1$d (fname, len) VALUES (?1, ?2)",
  [W_NAME_FTS_INSERT] = "INSERT INTO name_fts_%1$d (rowid, fname) VALUES (?1, ?2)",
  [W_PINYIN_INSERT] = "INSERT OR IGNORE INTO pinyin_%1$d (inside, key, name_id) VALUES (?1, ?2, ?3)",
  [W_NAME_USED] = "SELECT 1 FROM entry_%1$d WHERE name_id = ?1 LIMIT 1",
  [W_NAME_TEXT] = "SELECT fname FROM name_%1$d WHERE id = ?1",
  [W_NAMES] = "SELECT id, fname FROM name_%1$d",
  [W_NAME_DELETE] = "DELETE FROM name_%1$d WHERE id = ?1",
  [W_NAME_FTS_DELETE] = "DELETE FROM name_fts_%1$d WHERE rowid = ?1",
  /* A name's keys are found again from its text: no index by name to keep up. */
  [W_PINYIN_DELETE] = "DELETE FROM pinyin_%1$d WHERE inside = ?1 AND key = ?2 AND name_id = ?3",
  [W_KW_FIND] = "SELECT id FROM kw_%1$d WHERE fkw = ?1",
  [W_KW_INSERT] = "INSERT INTO kw_%1$d (fkw) VALUES (?1)",
  [W_KW_PINYIN_INSERT] = "INSERT OR IGNORE INTO kw_pinyin_%1$d (inside, key, kw_id) VALUES (?1, ?2, ?3)",
  [W_KW_USED] = "SELECT 1 FROM entry_kw_%1$d WHERE kw_id = ?1 LIMIT 1",
  [W_KW_TEXT] = "SELECT fkw FROM kw_%1$d WHERE id = ?1",
  [W_KWS] = "SELECT id, fkw FROM kw_%1$d",
  [W_KW_DELETE] = "DELETE FROM kw_%1$d WHERE id = ?1",
  [W_KW_PINYIN_DELETE] = "DELETE FROM kw_pinyin_%1$d WHERE inside = ?1 AND key = ?2 AND kw_id = ?3",
  /* OR IGNORE: a keyword listed twice links once. */
  [W_ENTRY_KW_INSERT] = "INSERT OR IGNORE INTO entry_kw_%1$d (kw_id, name_len, entry_id)"
                        " VALUES (?1, ?2, ?3)",
  [W_ENTRY_KW_DELETE] = "DELETE FROM entry_kw_%1$d"
                        " WHERE kw_id = ?1 AND name_len = ?2 AND entry_id = ?3",
  [W_ENTRY_KWS] = "SELECT name_len, kws FROM entry_%1$d WHERE id = ?1",
  [W_ENTRIES_KWS] = "SELECT id, name_len, kws FROM entry_%1$d WHERE kws IS NOT NULL",
  [W_DEPT_UPSERT] = "INSERT INTO dept_%1$d (code, name, fname) VALUES (?1, ?2, ?3)"
                    " ON CONFLICT (code) DO UPDATE SET name = ?2, fname = ?3",
  [W_DEPT_DELETE] = "DELETE FROM dept_%1$d WHERE code = ?1",
  [W_BODY_DICT] = "SELECT dict FROM body_dict_%1$d",
  [W_BODY_DICT_INSERT] = "INSERT INTO body_dict_%1$d (serial, dict) VALUES (?1, ?2)",
};

static const char meta_sql[] =
  "CREATE TABLE IF NOT EXISTS meta ("
  "  key   TEXT PRIMARY KEY,"
  "  value) WITHOUT ROWID;"
  "INSERT OR IGNORE INTO meta (key, value) VALUES ('active_gen', 0), ('pending_gen', -1);";

static void
cache_state_clear (CacheState *state)
{
  g_clear_pointer (&state->epoch, g_free);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
char *
yc_cat_for_generation (const char *sql,
                int         gen)
{
  /* Our own constant templates; only the generation number goes in. */
  return g_strdup_printf (sql, gen);
}
#pragma GCC diagnostic pop

static gboolean
exec_generation (sqlite3     *db,
                 const char  *sql,
                 int          gen,
                 GError     **error)
{
  g_autofree char *text = yc_cat_for_generation (sql, gen);
  return yc_sqlite_exec (db, text, error);
}

void
yc_cat_finalize_statements (sqlite3_stmt **stmts,
                            guint          n)
{
  for (guint i = 0; i < n; i++)
    g_clear_pointer (&stmts[i], sqlite3_finalize);
}

gboolean
yc_cat_prepare_statements (sqlite3       *db,
                           const char   **sql,
                           sqlite3_stmt **stmts,
                           guint          n,
                           int            gen,
                           GError       **error)
{
  yc_cat_finalize_statements (stmts, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = yc_cat_for_generation (sql[i], gen);
      int rc = sqlite3_prepare_v3 (db, text, -1, SQLITE_PREPARE_PERSISTENT, &stmts[i], NULL);
      if (rc != SQLITE_OK)
        {
          yc_sqlite_set_error (error, db, rc, "cannot prepare a catalogue query");
          yc_cat_finalize_statements (stmts, n);
          return FALSE;
        }
    }
  return TRUE;
}

/* meta */

gboolean
yc_cat_read_meta (sqlite3     *db,
                  const char  *key,
                  gint64      *number,
                  char       **text)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        {
          found = TRUE;
          if (number != NULL)
            *number = sqlite3_column_int64 (stmt, 0);
          if (text != NULL)
            *text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
        }
    }
  sqlite3_finalize (stmt);
  return found;
}

static gboolean
write_meta (sqlite3     *db,
            const char  *key,
            gint64       number,
            const char  *text,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db,
                               "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                               " ON CONFLICT (key) DO UPDATE SET value = ?2", -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (text != NULL)
        sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, 2, number);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return yc_sqlite_set_error (error, db, rc, "cannot record the catalogue state");
  return TRUE;
}

static gboolean
count_kinds (sqlite3  *db,
             int       gen,
             guint    *counts)
{
  g_autofree char *sql = yc_cat_for_generation ("SELECT kind, count(*) FROM entry_%1$d GROUP BY kind", gen);
  sqlite3_stmt *stmt = NULL;
  int rc;

  memset (counts, 0, sizeof (guint) * YC_CAT_N_KINDS);
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  while (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    {
      int kind = sqlite3_column_int (stmt, 0);
      if (kind >= 0 && kind < YC_CAT_N_KINDS)
        counts[kind] = (guint) sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_OK;
}

/* jobs and the owner's context */

static void
reap_delta (gpointer data,
            gpointer user_data)
{
  YcCatalogueDelta *delta = data;
  gboolean last = !delta->more;

  yc_catalogue_delta_free (delta);
  /* A run's last page, applied and freed, and the writer's page cache given back
   * (apply_delta()): what the run freed goes back to the system, a hundred megabytes
   * and more after a city's import. Here, off the owner's context. */
  if (last)
    yc_malloc_give_back ();
}

typedef struct
{
  YcCatalogueCache *cache;
  CacheState        state;
} StateUpdate;

static void
state_update_free (gpointer data)
{
  StateUpdate *update = data;

  g_object_unref (update->cache);
  cache_state_clear (&update->state);
  g_free (update);
}

static gboolean
apply_state_cb (gpointer data)
{
  StateUpdate *update = data;
  YcCatalogueCache *self = update->cache;
  CacheState *now = &self->state, *next = &update->state;
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  if (g_strcmp0 (now->epoch, next->epoch) != 0)
    {
      g_free (now->epoch);
      now->epoch = g_strdup (next->epoch);
      g_object_notify_by_pspec (object, properties[PROP_EPOCH]);
    }
  if (now->revision != next->revision)
    {
      now->revision = next->revision;
      g_object_notify_by_pspec (object, properties[PROP_REVISION]);
    }
  if (memcmp (now->counts, next->counts, sizeof now->counts) != 0)
    {
      memcpy (now->counts, next->counts, sizeof now->counts);
      g_object_notify_by_pspec (object, properties[PROP_ENTRIES]);
    }
  if (now->building != next->building)
    {
      now->building = next->building;
      g_object_notify_by_pspec (object, properties[PROP_BUILDING]);
    }
  if (now->applied != next->applied)
    {
      now->applied = next->applied;
      g_object_notify_by_pspec (object, properties[PROP_APPLIED]);
    }
  g_object_thaw_notify (object);
  return G_SOURCE_REMOVE;
}

static void
snapshot_state (YcCatalogueCache *self,
                CacheState       *state)
{
  state->epoch = g_strdup (self->active_epoch);
  state->revision = self->active_revision;
  memcpy (state->counts, self->active_counts, sizeof state->counts);
  state->building = self->pending_gen >= 0;
  state->applied = self->applied;
}

/* Runs on the writer: queued before the task returns, so a caller's callback already
 * sees the new state. An idle source, not g_main_context_invoke(), which could run the
 * callback right here on a thread without a context of its own. */
static void
publish_state (YcCatalogueCache *self)
{
  StateUpdate *update = g_new0 (StateUpdate, 1);

  update->cache = g_object_ref (self);
  snapshot_state (self, &update->state);
  yc_sqlite_idle_on (self->context, apply_state_cb, update, state_update_free);
}

/* GObject */

static void
yc_catalogue_cache_finalize (GObject *object)
{
  YcCatalogueCache *self = (YcCatalogueCache *) object;

  /* Jobs hold a reference through their task, so both pools are idle here. */
  if (self->writer_pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->writer_pool), FALSE, TRUE);
  if (self->reader_pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->reader_pool), FALSE, TRUE);
  if (self->reaper_pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->reaper_pool), FALSE, TRUE);
  yc_cat_finalize_statements (self->writes, N_WRITES);
  yc_cat_finalize_statements (self->queries, N_QUERIES);
  g_clear_pointer (&self->name_ids, g_hash_table_unref);
  g_clear_pointer (&self->kw_ids, g_hash_table_unref);
  g_clear_pointer (&self->dropped_kws, g_array_unref);
  if (self->kws_text != NULL)
    g_string_free (g_steal_pointer (&self->kws_text), TRUE);
  g_free (self->body_frame);
  g_clear_pointer (&self->compressor, ZSTD_freeCCtx);
  g_clear_pointer (&self->write_dict, ZSTD_freeCDict);
  g_clear_pointer (&self->decompressor, ZSTD_freeDCtx);
  g_clear_pointer (&self->read_dict, ZSTD_freeDDict);
  if (self->writer != NULL)
    sqlite3_close (self->writer);
  if (self->reader != NULL)
    sqlite3_close (self->reader);
  g_free (self->active_epoch);
  g_free (self->pending_epoch);
  cache_state_clear (&self->state);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (yc_catalogue_cache_parent_class)->finalize (object);
}

static void
yc_catalogue_cache_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  YcCatalogueCache *self = YC_CATALOGUE_CACHE (object);
  guint total = 0;

  switch (prop_id)
    {
    case PROP_EPOCH:
      g_value_set_string (value, self->state.epoch);
      break;
    case PROP_REVISION:
      g_value_set_int64 (value, self->state.revision);
      break;
    case PROP_ENTRIES:
      for (guint i = 0; i < YC_CAT_N_KINDS; i++)
        total += self->state.counts[i];
      g_value_set_uint (value, total);
      break;
    case PROP_BUILDING:
      g_value_set_boolean (value, self->state.building);
      break;
    case PROP_APPLIED:
      g_value_set_uint64 (value, self->state.applied);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_catalogue_cache_class_init (YcCatalogueCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = yc_catalogue_cache_finalize;
  object_class->get_property = yc_catalogue_cache_get_property;

  properties[PROP_EPOCH] = g_param_spec_string ("epoch", NULL, NULL, NULL, flags);
  properties[PROP_REVISION] = g_param_spec_int64 ("revision", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ENTRIES] = g_param_spec_uint ("entries", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_BUILDING] = g_param_spec_boolean ("building", NULL, NULL, FALSE, flags);
  properties[PROP_APPLIED] = g_param_spec_uint64 ("applied", NULL, NULL, 0, G_MAXUINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_catalogue_cache_init (YcCatalogueCache *self)
{
  self->name_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->kw_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->dropped_kws = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->kws_text = g_string_sized_new (64);
  self->pending_gen = -1;
  self->write_gen = -1;
  self->read_gen = -1;
}

/* opening */

char *
yc_catalogue_cache_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "yichuang", "catalogue.db", NULL);
}

static gint64
read_layout (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gint64 layout = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    layout = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return layout;
}

static gboolean
generation_exists (sqlite3 *db,
                   int      gen)
{
  g_autofree char *name = g_strdup_printf ("entry_%d", gen);
  sqlite3_stmt *stmt = NULL;
  gboolean exists = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      exists = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  return exists;
}

static sqlite3 *
open_connection (const char  *path,
                 gsize        cache_kib,
                 GError     **error)
{
  sqlite3 *db = NULL;
  g_autofree char *pragmas = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);

  if (rc != SQLITE_OK)
    {
      yc_sqlite_set_error (error, db, rc, "cannot open the catalogue cache");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 10000);
  /* A cache the server can always send again: synchronous=NORMAL keeps it consistent
   * across a crash (WAL) without an fsync per page. */
  pragmas = g_strdup_printf ("PRAGMA journal_mode = WAL;"
                             "PRAGMA synchronous = NORMAL;"
                             "PRAGMA temp_store = MEMORY;"
                             "PRAGMA wal_autocheckpoint = 8192;"
                             "PRAGMA cache_size = -%" G_GSIZE_FORMAT ";", cache_kib);
  if (!yc_sqlite_exec (db, pragmas, error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

YcCatalogueCache *
yc_catalogue_cache_open (const char  *path,
                         GError     **error)
{
  g_autoptr(YcCatalogueCache) self = NULL;
  gint64 number;

  g_return_val_if_fail (path != NULL, NULL);

  if (!yc_sqlite_create_private_file (path, error))
    return NULL;

  self = g_object_new (YC_TYPE_CATALOGUE_CACHE, NULL);
  self->context = g_main_context_ref_thread_default ();

  /* The writer's cache holds the indexes a city-scale import fills in random order.
   * 32 MiB imports 250,000 entries as fast as 128 did (bench-catalogue-sync) and spares
   * the desk's peak 90 MB; it is given back at the end of each run (apply_delta()). */
  if ((self->writer = open_connection (path, 32 * 1024, error)) == NULL ||
      !yc_sqlite_exec (self->writer, "BEGIN IMMEDIATE", error))
    return NULL;
  if (!yc_sqlite_exec (self->writer, meta_sql, error))
    goto rollback;
  if (read_layout (self->writer) != LAYOUT &&
      (!exec_generation (self->writer, drop_generation_sql, 0, error) ||
       !exec_generation (self->writer, drop_generation_sql, 1, error) ||
       !yc_sqlite_exec (self->writer, "DELETE FROM meta", error) ||
       !yc_sqlite_exec (self->writer, meta_sql, error) ||
       !yc_sqlite_exec (self->writer, "PRAGMA user_version = " G_STRINGIFY (LAYOUT), error)))
    goto rollback;

  self->active_gen = yc_cat_read_meta (self->writer, "active_gen", &number, NULL) && number == 1 ? 1 : 0;
  yc_cat_read_meta (self->writer, "active_epoch", NULL, &self->active_epoch);
  yc_cat_read_meta (self->writer, "active_revision", &self->active_revision, NULL);
  if (yc_cat_read_meta (self->writer, "pending_gen", &number, NULL) && number == 1 - self->active_gen)
    {
      /* An import interrupted by a restart: go on with it if the next page follows. */
      self->pending_gen = (int) number;
      yc_cat_read_meta (self->writer, "pending_epoch", NULL, &self->pending_epoch);
      yc_cat_read_meta (self->writer, "pending_revision", &self->pending_revision, NULL);
      if (self->pending_epoch == NULL || !generation_exists (self->writer, self->pending_gen) ||
          !count_kinds (self->writer, self->pending_gen, self->pending_counts))
        {
          self->pending_gen = -1;
          g_clear_pointer (&self->pending_epoch, g_free);
        }
    }
  if (!generation_exists (self->writer, self->active_gen) &&
      (!exec_generation (self->writer, generation_sql, self->active_gen, error) ||
       !exec_generation (self->writer, index_sql, self->active_gen, error)))
    goto rollback;
  if (!count_kinds (self->writer, self->active_gen, self->active_counts))
    {
      yc_sqlite_set_error (error, self->writer, SQLITE_ERROR, "cannot count the catalogue");
      goto rollback;
    }
  if (!yc_sqlite_exec (self->writer, "COMMIT", error))
    goto rollback;

  /* Searches have a connection of their own, so they never queue behind an import. */
  if ((self->reader = open_connection (path, 16 * 1024, error)) == NULL)
    return NULL;
  sqlite3_progress_handler (self->reader, 1000, progress_cb, self);

  snapshot_state (self, &self->state);
  self->writer_pool = g_thread_pool_new (yc_sqlite_run_job, NULL, 1, FALSE, NULL);
  self->reader_pool = g_thread_pool_new (yc_sqlite_run_job, NULL, 1, FALSE, NULL);
  self->reaper_pool = g_thread_pool_new (reap_delta, NULL, 1, FALSE, NULL);
  return g_steal_pointer (&self);

rollback:
  yc_sqlite_exec (self->writer, "ROLLBACK", NULL);
  return NULL;
}

static gpointer
open_cache (const char  *path,
            GError     **error)
{
  return yc_catalogue_cache_open (path, error);
}

void
yc_catalogue_cache_open_async (const char          *path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  yc_sqlite_open_async (path, open_cache, yc_catalogue_cache_open_async, cancellable, callback, user_data);
}

YcCatalogueCache *
yc_catalogue_cache_open_finish (GAsyncResult  *result,
                                GError       **error)
{
  YcCatalogueCache *cache = yc_sqlite_open_finish (result, yc_catalogue_cache_open_async, error);

  /* Opened on a worker: its notifications belong to the caller's context. */
  if (cache != NULL)
    {
      g_main_context_unref (cache->context);
      cache->context = g_main_context_ref_thread_default ();
    }
  return cache;
}

const char *
yc_catalogue_cache_get_epoch (YcCatalogueCache *self)
{
  g_return_val_if_fail (YC_IS_CATALOGUE_CACHE (self), NULL);
  return self->state.epoch;
}

gint64
yc_catalogue_cache_get_revision (YcCatalogueCache *self)
{
  g_return_val_if_fail (YC_IS_CATALOGUE_CACHE (self), 0);
  return self->state.revision;
}

guint
yc_catalogue_cache_get_count (YcCatalogueCache *self,
                              YcCatalogueKind   kind)
{
  g_return_val_if_fail (YC_IS_CATALOGUE_CACHE (self), 0);
  g_return_val_if_fail (kind < YC_CAT_N_KINDS, 0);
  return self->state.counts[kind];
}

gboolean
yc_catalogue_cache_get_building (YcCatalogueCache *self)
{
  g_return_val_if_fail (YC_IS_CATALOGUE_CACHE (self), FALSE);
  return self->state.building;
}

guint64
yc_catalogue_cache_get_applied (YcCatalogueCache *self)
{
  g_return_val_if_fail (YC_IS_CATALOGUE_CACHE (self), 0);
  return self->state.applied;
}

/* applying a delta (writer thread) */

int
yc_cat_step_done (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* The id in column 0 of the first row, or 0. */
gint64
yc_cat_step_id (sqlite3_stmt *stmt,
         gint64       *second)
{
  gint64 id = 0;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      if (second != NULL)
        *second = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return id;
}

/* What yc_han_fold() makes of a code, without normalising the quarter of a million an
 * import brings: codes are ASCII all but always, and NFKC leaves ASCII alone. */
char *
yc_cat_fold_code (const char *code)
{
  for (const char *p = code; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return yc_han_fold (code);
  return g_ascii_strdown (code, -1);
}

gboolean
yc_cat_has_reading (gunichar c)
{
  return yc_han_readings (c) != NULL || yc_han_readings (yc_han_simplify (c)) != NULL;
}

void
yc_cat_append_int (GString *out,
            gint64   value)
{
  char digits[24];
  gsize at = sizeof digits;
  guint64 rest = value < 0 ? -(guint64) value : (guint64) value;

  do
    digits[--at] = (char) ('0' + rest % 10);
  while ((rest /= 10) > 0);
  if (value < 0)
    digits[--at] = '-';
  g_string_append_len (out, digits + at, sizeof digits - at);
}

#define BODY_DICT_SIZE (64 * 1024)

/* A fresh generation's dictionary, from the bodies of its first page: some sixty of them,
 * taken across the page, up to BODY_DICT_SIZE bytes that start with a whole body. zstd
 * takes a dictionary without its magic number as raw content, text to refer back to. */
static gboolean
make_dictionary (YcCatalogueCache  *self,
                 YcCatalogueDelta  *delta,
                 GError           **error)
{
  g_autoptr(GString) sample = g_string_new (NULL);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  sqlite3_stmt *insert = self->writes[W_BODY_DICT_INSERT];
  guint step = MAX (delta->entries->len / 64, 1);
  gsize start = 0;
  gint64 serial = 0;
  int rc;

  for (guint i = 0; i < delta->entries->len; i += step)
    {
      YcCatalogueEntry *entry = g_ptr_array_index (delta->entries, i);

      if (entry->body == NULL)
        continue;
      g_array_append_val (starts, sample->len);
      g_string_append_len (sample, entry->body, (gssize) entry->body_length);
    }
  if (sample->len == 0)
    return TRUE;
  /* The newest whole bodies that fit. */
  for (guint i = 0; i < starts->len; i++)
    if (sample->len - (start = g_array_index (starts, gsize, i)) <= BODY_DICT_SIZE)
      break;

  yc_cat_read_meta (self->writer, "dict_serial", &serial, NULL);
  if (!write_meta (self->writer, "dict_serial", ++serial, NULL, error))
    return FALSE;
  sqlite3_bind_int64 (insert, 1, serial);
  sqlite3_bind_blob (insert, 2, sample->str + start, (int) (sample->len - start), SQLITE_STATIC);
  if ((rc = yc_cat_step_done (insert)) != SQLITE_OK)
    return yc_sqlite_set_error (error, self->writer, rc, "cannot store the catalogue's dictionary");
  return TRUE;
}

/* The dictionary bodies of write_gen are compressed with; NULL when it has none (it was
 * created empty), and they are compressed without. */
static ZSTD_CDict *
write_dictionary (YcCatalogueCache *self)
{
  sqlite3_stmt *stmt = self->writes[W_BODY_DICT];

  if (!self->write_dict_known)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        self->write_dict = ZSTD_createCDict (sqlite3_column_blob (stmt, 0),
                                             sqlite3_column_bytes (stmt, 0), ZSTD_CLEVEL_DEFAULT);
      sqlite3_reset (stmt);
      self->write_dict_known = TRUE;
    }
  return self->write_dict;
}

/* Compresses text into self->body_frame: its size, 0 if it failed. */
static gsize
compress_body (YcCatalogueCache *self,
               const char       *text,
               gsize             length)
{
  ZSTD_CDict *dict = write_dictionary (self);
  gsize bound = ZSTD_compressBound (length);
  size_t size;

  if (self->compressor == NULL)
    self->compressor = ZSTD_createCCtx ();
  if (self->body_frame_size < bound)
    {
      g_free (self->body_frame);
      self->body_frame_size = MAX (bound, 4096);
      self->body_frame = g_malloc (self->body_frame_size);
    }
  if (dict != NULL)
    size = ZSTD_compress_usingCDict (self->compressor, self->body_frame, self->body_frame_size,
                                     text, length, dict);
  else
    size = ZSTD_compressCCtx (self->compressor, self->body_frame, self->body_frame_size,
                              text, length, ZSTD_CLEVEL_DEFAULT);
  return ZSTD_isError (size) ? 0 : size;
}

static int
entry_remove (YcCatalogueCache *self,
              YcCatalogueEntry *entry,
              guint            *counts)
{
  sqlite3_stmt **w = self->writes;
  g_autofree char *fcode = yc_cat_fold_code (entry->code);
  gint64 id, name_id = 0;
  int rc;

  sqlite3_bind_int (w[W_ENTRY_FIND], 1, entry->kind);
  sqlite3_bind_text (w[W_ENTRY_FIND], 2, entry->code, -1, SQLITE_STATIC);
  sqlite3_bind_text (w[W_ENTRY_FIND], 3, fcode, -1, SQLITE_STATIC);
  if ((id = yc_cat_step_id (w[W_ENTRY_FIND], &name_id)) == 0)
    return SQLITE_OK;

  if ((rc = yc_cat_entry_keywords_forget (self, id)) != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (w[W_ENTRY_DELETE], 1, id);
  if ((rc = yc_cat_step_done (w[W_ENTRY_DELETE])) != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (w[W_BODY_DELETE], 1, id);
  if ((rc = yc_cat_step_done (w[W_BODY_DELETE])) != SQLITE_OK)
    return rc;
  if (entry->kind == YC_CATALOGUE_DEPARTMENT)
    {
      sqlite3_bind_text (w[W_DEPT_DELETE], 1, entry->code, -1, SQLITE_STATIC);
      if ((rc = yc_cat_step_done (w[W_DEPT_DELETE])) != SQLITE_OK)
        return rc;
    }
  counts[entry->kind]--;
  return yc_cat_name_release (self, name_id);
}

static int
entry_upsert (YcCatalogueCache *self,
              YcCatalogueEntry *entry,
              guint            *counts)
{
  sqlite3_stmt **w = self->writes;
  const char *name = entry->name;
  gboolean searchable = entry->kind == YC_CATALOGUE_ITEM || entry->kind == YC_CATALOGUE_PACKAGE;
  g_autofree char *fcode = NULL;
  NameRef ref = { 0, 0 };
  GString *kws = self->kws_text;
  gint64 id, old_name_id = 0;
  gsize frame_size;
  sqlite3_stmt *write;
  int rc;

  fcode = yc_cat_fold_code (entry->code);

  if (searchable && name != NULL)
    {
      const NameRef *known = g_hash_table_lookup (self->name_ids, name);

      if (known != NULL)
        ref = *known;
      else if ((rc = yc_cat_name_intern (self, name, &ref)) != SQLITE_OK)
        return rc;
    }

  g_string_truncate (kws, 0);
  for (guint i = 0; entry->keywords != NULL && entry->keywords[i] != NULL; i++)
    if ((rc = yc_cat_kw_intern (self, entry->keywords[i])) != SQLITE_OK)
      return rc;
  if (entry->kind == YC_CATALOGUE_PACKAGE && (rc = yc_cat_kw_intern (self, entry->short_name)) != SQLITE_OK)
    return rc;

  sqlite3_bind_int (w[W_ENTRY_FIND], 1, entry->kind);
  sqlite3_bind_text (w[W_ENTRY_FIND], 2, entry->code, -1, SQLITE_STATIC);
  sqlite3_bind_text (w[W_ENTRY_FIND], 3, fcode, -1, SQLITE_STATIC);
  id = yc_cat_step_id (w[W_ENTRY_FIND], &old_name_id);
  if (id != 0 && (rc = yc_cat_entry_keywords_forget (self, id)) != SQLITE_OK)
    return rc;

  write = id != 0 ? w[W_ENTRY_UPDATE] : w[W_ENTRY_INSERT];
  if (id != 0)
    sqlite3_bind_int64 (write, 1, id);
  else
    {
      sqlite3_bind_int (write, 1, entry->kind);
      sqlite3_bind_text (write, 2, entry->code, -1, SQLITE_STATIC);
      sqlite3_bind_text (write, 3, fcode, -1, SQLITE_STATIC);
    }
  if (ref.id != 0)
    sqlite3_bind_int64 (write, 4, ref.id);
  else
    sqlite3_bind_null (write, 4);
  sqlite3_bind_int64 (write, 5, ref.len);
  sqlite3_bind_text (write, 6, entry->department, -1, SQLITE_STATIC);
  sqlite3_bind_text (write, 7, entry->type, -1, SQLITE_STATIC);
  sqlite3_bind_text (write, 8, name, -1, SQLITE_STATIC);
  if (kws->len > 0)
    sqlite3_bind_text (write, 9, kws->str, (int) kws->len, SQLITE_STATIC);
  else
    sqlite3_bind_null (write, 9);
  if ((rc = yc_cat_step_done (write)) != SQLITE_OK)
    return rc;

  if (id == 0)
    {
      id = sqlite3_last_insert_rowid (self->writer);
      counts[entry->kind]++;
    }
  /* Allocation is all compressing a body into a buffer of its bound can fail at. */
  if ((frame_size = compress_body (self, entry->body, entry->body_length)) == 0)
    return SQLITE_NOMEM;
  sqlite3_bind_int64 (w[W_BODY_UPSERT], 1, id);
  sqlite3_bind_blob (w[W_BODY_UPSERT], 2, self->body_frame, (int) frame_size, SQLITE_STATIC);
  if ((rc = yc_cat_step_done (w[W_BODY_UPSERT])) != SQLITE_OK)
    return rc;
  if (write == w[W_ENTRY_UPDATE] && old_name_id != ref.id &&
      (rc = yc_cat_name_release (self, old_name_id)) != SQLITE_OK)
    return rc;

  /* A generation being filled is linked when complete. */
  if (self->write_indexed &&
      (rc = yc_cat_entry_links_write (w[W_ENTRY_KW_INSERT], kws->str, ref.len, id)) != SQLITE_OK)
    return rc;

  if (entry->kind == YC_CATALOGUE_DEPARTMENT && name != NULL)
    {
      g_autofree char *fdept = yc_han_fold (name);
      sqlite3_bind_text (w[W_DEPT_UPSERT], 1, entry->code, -1, SQLITE_STATIC);
      sqlite3_bind_text (w[W_DEPT_UPSERT], 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (w[W_DEPT_UPSERT], 3, fdept, -1, SQLITE_STATIC);
      if ((rc = yc_cat_step_done (w[W_DEPT_UPSERT])) != SQLITE_OK)
        return rc;
    }
  return SQLITE_OK;
}

/* What is remembered about write_gen. */
static void
forget_write_generation (YcCatalogueCache *self)
{
  g_hash_table_remove_all (self->name_ids);
  g_hash_table_remove_all (self->kw_ids);
  g_array_set_size (self->dropped_kws, 0);
  g_clear_pointer (&self->write_dict, ZSTD_freeCDict);
  self->write_dict_known = FALSE;
}

static gboolean
use_write_generation (YcCatalogueCache  *self,
                      int                gen,
                      GError           **error)
{
  if (self->write_gen == gen)
    return TRUE;
  forget_write_generation (self);
  self->write_gen = -1;
  if (!yc_cat_prepare_statements (self->writer, write_sql, self->writes, N_WRITES, gen, error))
    return FALSE;
  self->write_gen = gen;
  return TRUE;
}

static void
forget_write_statements (YcCatalogueCache *self)
{
  /* DDL follows: statements on the tables about to be dropped must go first. */
  yc_cat_finalize_statements (self->writes, N_WRITES);
  self->write_gen = -1;
  forget_write_generation (self);
}

/* The task's data: the delta is freed by the worker once applied, since a page holds
 * thousands of JSON trees and freeing them on the owner's context would stall it. */
typedef struct
{
  YcCatalogueDelta *delta;
} ApplyData;

static void
apply_data_free (gpointer data)
{
  ApplyData *apply = data;

  g_clear_pointer (&apply->delta, yc_catalogue_delta_free);
  g_free (apply);
}

static void apply_delta (YcCatalogueCache *self,
                         YcCatalogueDelta *delta,
                         GTask            *task);

static void
apply_job (YcCatalogueCache *self,
           GTask            *task)
{
  ApplyData *apply = g_task_get_task_data (task);
  YcCatalogueDelta *delta = g_steal_pointer (&apply->delta);

  apply_delta (self, delta, task);
  /* Thousands of JSON trees take a while to free: not on the owner's context, and not
   * in the way of the next page. */
  g_thread_pool_push (self->reaper_pool, delta, NULL);
}

static void
apply_delta (YcCatalogueCache *self,
             YcCatalogueDelta *delta,
             GTask            *task)
{
  g_autoptr(GError) error = NULL;
  gboolean continue_pending, fresh, incremental, finish_pending;
  guint counts[YC_CAT_N_KINDS];
  int gen, rc = SQLITE_OK;

  continue_pending = self->pending_gen >= 0 && delta->since > 0 &&
                     g_strcmp0 (delta->epoch, self->pending_epoch) == 0 &&
                     delta->since == self->pending_revision;
  fresh = !continue_pending && delta->since == 0;
  incremental = !continue_pending && !fresh &&
                g_strcmp0 (delta->epoch, self->active_epoch) == 0 &&
                delta->since == self->active_revision;

  if (!continue_pending && !fresh && !incremental)
    {
      g_task_return_new_error (task, YC_ERROR, YC_ERROR_CONFLICT,
                               "the catalogue page starts at revision %" G_GINT64_FORMAT
                               " of “%s”, the cache is at %" G_GINT64_FORMAT " of “%s”",
                               delta->since, delta->epoch,
                               self->pending_gen >= 0 ? self->pending_revision : self->active_revision,
                               self->pending_gen >= 0 ? self->pending_epoch : self->active_epoch);
      return;
    }

  gen = incremental ? self->active_gen : 1 - self->active_gen;
  finish_pending = !incremental && !delta->more;
  if (fresh)
    memset (counts, 0, sizeof counts);
  else
    memcpy (counts, incremental ? self->active_counts : self->pending_counts, sizeof counts);

  if (!yc_sqlite_exec (self->writer, "BEGIN IMMEDIATE", &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (fresh)
    {
      forget_write_statements (self);
      if (!exec_generation (self->writer, drop_generation_sql, gen, &error) ||
          !exec_generation (self->writer, generation_sql, gen, &error))
        goto rollback;
    }
  if (!use_write_generation (self, gen, &error) ||
      (fresh && !make_dictionary (self, delta, &error)))
    goto rollback;
  self->write_indexed = incremental;

  for (guint i = 0; rc == SQLITE_OK && i < delta->entries->len; i++)
    {
      YcCatalogueEntry *entry = g_ptr_array_index (delta->entries, i);

      if (entry->body != NULL)
        rc = entry_upsert (self, entry, counts);
      else
        rc = entry_remove (self, entry, counts);
    }
  if (rc == SQLITE_OK)
    rc = yc_cat_keywords_release (self);
  if (rc != SQLITE_OK)
    {
      yc_sqlite_set_error (&error, self->writer, rc, "cannot apply the catalogue page");
      goto rollback;
    }

  if (finish_pending)
    {
      /* The switch-over: one transaction completes the new generation, names it active
       * and drops the old one; a search's snapshot holds either. */
      if (!exec_generation (self->writer, index_sql, gen, &error) ||
          !exec_generation (self->writer, sweep_names_sql, gen, &error))
        goto rollback;
      if ((rc = yc_cat_generation_add_pinyin (self, FALSE)) != SQLITE_OK)
        {
          yc_sqlite_set_error (&error, self->writer, rc, "cannot index the catalogue's pinyin");
          goto rollback;
        }
      if ((rc = yc_cat_generation_add_links (self)) != SQLITE_OK)
        {
          yc_sqlite_set_error (&error, self->writer, rc, "cannot index the catalogue's keywords");
          goto rollback;
        }
      /* Keywords no entry lists have no links to tell them by till now. */
      if (!exec_generation (self->writer, sweep_keywords_sql, gen, &error))
        goto rollback;
      if ((rc = yc_cat_generation_add_pinyin (self, TRUE)) != SQLITE_OK)
        {
          yc_sqlite_set_error (&error, self->writer, rc, "cannot index the catalogue's keywords");
          goto rollback;
        }
      if (!write_meta (self->writer, "active_gen", gen, NULL, &error) ||
          !write_meta (self->writer, "active_epoch", 0, delta->epoch, &error) ||
          !write_meta (self->writer, "active_revision", delta->revision, NULL, &error) ||
          !write_meta (self->writer, "pending_gen", -1, NULL, &error))
        goto rollback;
      forget_write_statements (self);
      if (!exec_generation (self->writer, drop_generation_sql, 1 - gen, &error))
        goto rollback;
    }
  else if (incremental)
    {
      if (!write_meta (self->writer, "active_revision", delta->revision, NULL, &error))
        goto rollback;
    }
  else
    {
      if (!write_meta (self->writer, "pending_gen", gen, NULL, &error) ||
          !write_meta (self->writer, "pending_epoch", 0, delta->epoch, &error) ||
          !write_meta (self->writer, "pending_revision", delta->revision, NULL, &error))
        goto rollback;
    }

  if (!yc_sqlite_exec (self->writer, "COMMIT", &error))
    goto rollback;

  /* Committed: the in-memory state follows. */
  if (fresh)
    self->applied = 0;
  self->applied += delta->entries->len;
  if (finish_pending)
    {
      self->active_gen = gen;
      g_free (self->active_epoch);
      self->active_epoch = g_strdup (delta->epoch);
      self->active_revision = delta->revision;
      memcpy (self->active_counts, counts, sizeof counts);
      self->pending_gen = -1;
      g_clear_pointer (&self->pending_epoch, g_free);
    }
  else if (incremental)
    {
      self->active_revision = delta->revision;
      memcpy (self->active_counts, counts, sizeof counts);
    }
  else
    {
      self->pending_gen = gen;
      g_free (self->pending_epoch);
      self->pending_epoch = g_strdup (delta->epoch);
      self->pending_revision = delta->revision;
      memcpy (self->pending_counts, counts, sizeof counts);
    }

  /* The import is over: its log need not stay on disk. */
  if (finish_pending)
    yc_sqlite_exec (self->writer, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
  /* The run is over (an import, or the changes since the last one): the pages it read
   * and wrote need not stay in memory till the next; reap_delta() trims the heap. */
  if (!delta->more)
    sqlite3_db_release_memory (self->writer);

  publish_state (self);
  g_task_return_boolean (task, TRUE);
  return;

rollback:
  yc_sqlite_exec (self->writer, "ROLLBACK", NULL);
  /* The statements may refer to tables the rollback brought back or took away. */
  forget_write_statements (self);
  g_task_return_error (task, g_steal_pointer (&error));
}

void
yc_catalogue_cache_apply_async (YcCatalogueCache    *self,
                                YcCatalogueDelta    *delta,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ApplyData *apply;

  g_return_if_fail (YC_IS_CATALOGUE_CACHE (self));
  g_return_if_fail (delta != NULL);

  apply = g_new0 (ApplyData, 1);
  apply->delta = delta;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_catalogue_cache_apply_async);
  g_task_set_task_data (task, apply, apply_data_free);
  yc_sqlite_push_job (self->writer_pool, self->context, (YcSqliteJobFunc) apply_job, task);
}

gboolean
yc_catalogue_cache_apply_finish (YcCatalogueCache  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
