/* yc-catalogue-search.c: the catalogue cache's reading half, on the reader's thread:
 * searches (tier by tier over the active generation's indexes, best first) and an
 * entry's body. The writer's half, and how the generations are laid out, is
 * yc-catalogue-cache.c. */
#include "yc-catalogue-cache.h"

#include "core/yc-error.h"
#include "core/yc-han.h"
#include "core/yc-wire.h"
#include "yc-catalogue-cache-private.h"
#include "yc-sqlite-private.h"

#include <sqlite3.h>
#include <string.h>
#include <zstd.h>

/* Every query reads a bounded range of an index: never all entries of a popular name,
 * keyword or department, whatever the query. */
static const char *query_sql[N_QUERIES] = {
  [Q_NAMES_EXACT] = "SELECT id, len FROM name_%1$d WHERE fname = ?1",
  [Q_NAMES_PREFIX] = "SELECT id, len FROM name_%1$d WHERE fname > ?1 AND fname < ?2"
                     " ORDER BY len, fname LIMIT ?9",
  [Q_NAMES_PINYIN] = "SELECT n.id, n.len FROM name_%1$d n WHERE n.id IN"
                     " (SELECT name_id FROM pinyin_%1$d"
                     "  WHERE inside = 0 AND key >= ?1 AND key < ?2)"
                     " ORDER BY n.len, n.fname LIMIT ?9",
  [Q_NAMES_PINYIN_INSIDE] = "SELECT n.id, n.len FROM name_%1$d n WHERE n.id IN"
                            " (SELECT name_id FROM pinyin_%1$d"
                            "  WHERE inside = 1 AND key >= ?1 AND key < ?2)"
                            " ORDER BY n.len, n.fname LIMIT ?9",
  [Q_NAMES_FTS] = "SELECT n.id, n.len FROM name_fts_%1$d f JOIN name_%1$d n ON n.id = f.rowid"
                  " WHERE name_fts_%1$d MATCH ?1 ORDER BY n.len, n.fname LIMIT ?9",
  [Q_NAMES_INSTR] = "SELECT id, len FROM name_%1$d WHERE instr (fname, ?1) > 0"
                    " ORDER BY len, fname LIMIT ?9",
  [Q_OF_NAME] = "SELECT id, name_len, code FROM entry_%1$d WHERE name_id = ?1 ORDER BY code LIMIT ?9",
  [Q_CODE_EXACT] = "SELECT id, name_len, code FROM entry_%1$d WHERE fcode = ?1 AND name_id IS NOT NULL LIMIT ?9",
  [Q_CODE_PREFIX] = "SELECT id, name_len, code FROM entry_%1$d WHERE fcode > ?1 AND fcode < ?2"
                    " AND name_id IS NOT NULL ORDER BY fcode LIMIT ?9",
  /* Within a length, by entry rather than code: the final sort orders what is read. */
  [Q_OF_KEYWORD] = "SELECT k.entry_id, k.name_len, e.code FROM entry_kw_%1$d k"
                   " JOIN entry_%1$d e ON e.id = k.entry_id WHERE k.kw_id = ?1"
                   " ORDER BY k.name_len, k.entry_id LIMIT ?9",
  [Q_OF_DEPARTMENT] = "SELECT id, name_len, code FROM entry_%1$d WHERE dept = ?1"
                      " ORDER BY name_len, code LIMIT ?9",
  [Q_KEYWORDS] = "SELECT id FROM kw_%1$d WHERE instr (fkw, ?1) > 0 LIMIT 64",
  [Q_KEYWORDS_PINYIN] = "SELECT DISTINCT kw_id FROM kw_pinyin_%1$d"
                        " WHERE inside IN (0, 1) AND key >= ?1 AND key < ?2 LIMIT 64",
  [Q_DEPARTMENTS] = "SELECT code FROM dept_%1$d WHERE instr (fname, ?1) > 0",
  [Q_DETAILS] = "SELECT e.kind, e.code, e.name, d.name, e.type"
                " FROM entry_%1$d e LEFT JOIN dept_%1$d d ON d.code = e.dept WHERE e.id = ?1",
  [Q_BODY] = "SELECT b.body, (SELECT serial FROM body_dict_%1$d) FROM entry_%1$d e"
             " JOIN body_%1$d b ON b.id = e.id WHERE e.fcode = ?3 AND e.kind = ?1 AND e.code = ?2",
  [Q_BODY_DICT] = "SELECT serial, dict FROM body_dict_%1$d",
};

/* Starts a read snapshot and makes the statements point at its active generation. */
static gboolean
begin_read (YcCatalogueCache  *self,
            GCancellable      *cancellable,
            GError           **error)
{
  gint64 gen = 0;

  self->read_cancellable = cancellable;
  if (!yc_sqlite_exec (self->reader, "BEGIN", error))
    return FALSE;
  if (!yc_cat_read_meta (self->reader, "active_gen", &gen, NULL))
    {
      g_set_error_literal (error, YC_ERROR, YC_ERROR_STORAGE, "the catalogue cache has no state");
      return FALSE;
    }
  if (self->read_gen != gen)
    {
      self->read_gen = -1;
      if (!yc_cat_prepare_statements (self->reader, query_sql, self->queries, N_QUERIES, (int) gen, error))
        return FALSE;
      self->read_gen = (int) gen;
    }
  return TRUE;
}

static void
end_read (YcCatalogueCache *self)
{
  yc_sqlite_exec (self->reader, "COMMIT", NULL);
  self->read_cancellable = NULL;
}

typedef struct
{
  char    *query;
  guint    limit;
} SearchData;

static void
search_data_free (gpointer data)
{
  SearchData *search = data;

  g_free (search->query);
  g_free (search);
}

typedef struct
{
  gint64           id;
  YcCatalogueMatch match;
  int              name_len;
  char            *code;
} Candidate;

static void
candidate_free (gpointer data)
{
  Candidate *candidate = data;

  g_free (candidate->code);
  g_free (candidate);
}

static gint
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = *(Candidate * const *) a;
  const Candidate *y = *(Candidate * const *) b;
  int tier_x = x->match, tier_y = y->match;

  /* Prefix of name and of code share a tier, as do both kinds of pinyin from the start
   * of a name; pinyin from further in ranks below them (the enum's order). */
  tier_x = tier_x == YC_CATALOGUE_MATCH_CODE_EXACT ? YC_CATALOGUE_MATCH_NAME_EXACT :
           tier_x == YC_CATALOGUE_MATCH_CODE_PREFIX ? YC_CATALOGUE_MATCH_NAME_PREFIX :
           tier_x == YC_CATALOGUE_MATCH_PINYIN_FULL ? YC_CATALOGUE_MATCH_PINYIN_INITIALS : tier_x;
  tier_y = tier_y == YC_CATALOGUE_MATCH_CODE_EXACT ? YC_CATALOGUE_MATCH_NAME_EXACT :
           tier_y == YC_CATALOGUE_MATCH_CODE_PREFIX ? YC_CATALOGUE_MATCH_NAME_PREFIX :
           tier_y == YC_CATALOGUE_MATCH_PINYIN_FULL ? YC_CATALOGUE_MATCH_PINYIN_INITIALS : tier_y;
  if (tier_x != tier_y)
    return tier_x - tier_y;
  if (x->name_len != y->name_len)
    return x->name_len - y->name_len;
  return strcmp (x->code, y->code);
}

typedef struct
{
  YcCatalogueCache *self;
  guint             limit;
  GHashTable       *seen;     /* entry ids already among the candidates */
  GPtrArray        *ranked;   /* Candidate */
} Search;

static void
bind_args (sqlite3_stmt *stmt,
           const char   *arg1,
           const char   *arg2,
           gint64        limit)
{
  if (arg1 != NULL)
    sqlite3_bind_text (stmt, 1, arg1, -1, SQLITE_STATIC);
  if (arg2 != NULL)
    sqlite3_bind_text (stmt, 2, arg2, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, limit);
}

static int
finish_statement (sqlite3_stmt *stmt,
                  int           rc)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Runs an entry query (id, name length, code); rows not seen yet become candidates.
 * added: how many did. */
static int
collect_entries (Search           *search,
                 int               query,
                 const char       *arg1,
                 const char       *arg2,
                 gint64            id_arg,
                 YcCatalogueMatch  match,
                 guint            *added)
{
  sqlite3_stmt *stmt = search->self->queries[query];
  int rc;

  bind_args (stmt, arg1, arg2, search->limit);
  if (id_arg != 0)
    sqlite3_bind_int64 (stmt, 1, id_arg);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      Candidate *candidate;

      if (g_hash_table_contains (search->seen, &id))
        continue;
      candidate = g_new0 (Candidate, 1);
      candidate->id = id;
      candidate->match = match;
      candidate->name_len = sqlite3_column_int (stmt, 1);
      candidate->code = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_ptr_array_add (search->ranked, candidate);
      g_hash_table_add (search->seen, &candidate->id);
      if (added != NULL)
        (*added)++;
    }
  return finish_statement (stmt, rc);
}

/* Runs a name query (id, length; shortest first), then takes the entries of each name
 * until names get longer than those that already gave enough. */
static int
collect_by_names (Search           *search,
                  int               query,
                  const char       *arg1,
                  const char       *arg2,
                  YcCatalogueMatch  match)
{
  sqlite3_stmt *stmt = search->self->queries[query];
  g_autoptr(GArray) names = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  guint added = 0;
  gint64 full_len = -1;
  int rc;

  bind_args (stmt, arg1, arg2, search->limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 name[2] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };
      g_array_append_val (names, name);
    }
  if ((rc = finish_statement (stmt, rc)) != SQLITE_OK)
    return rc;

  for (guint i = 0; i < names->len; i++)
    {
      const gint64 *name = &g_array_index (names, gint64, 2 * i);

      if (full_len >= 0 && name[1] > full_len)
        break;
      if ((rc = collect_entries (search, Q_OF_NAME, NULL, NULL, name[0], match, &added)) != SQLITE_OK)
        return rc;
      if (full_len < 0 && added >= search->limit)
        full_len = name[1];
    }
  return SQLITE_OK;
}

/* Runs a query of ids (keywords) or codes (departments), then an entry query per row. */
static int
collect_by_groups (Search           *search,
                   int               group_query,
                   int               entry_query,
                   const char       *arg1,
                   const char       *arg2,
                   YcCatalogueMatch  match)
{
  sqlite3_stmt *stmt = search->self->queries[group_query];
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);
  int rc;

  bind_args (stmt, arg1, arg2, search->limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (groups, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if ((rc = finish_statement (stmt, rc)) != SQLITE_OK)
    return rc;

  for (guint i = 0; i < groups->len; i++)
    {
      const char *group = g_ptr_array_index (groups, i);
      gint64 id = entry_query == Q_OF_KEYWORD ? g_ascii_strtoll (group, NULL, 10) : 0;

      if ((rc = collect_entries (search, entry_query, id ? NULL : group, NULL, id, match, NULL)) != SQLITE_OK)
        return rc;
    }
  return SQLITE_OK;
}

static gboolean
is_pinyin_query (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_islower (*p))
      return FALSE;
  return TRUE;
}

static gboolean
is_code_query (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return *text != '\0';
}

/* Which of the name's keys the query is a prefix of. An initials key has one letter per
 * character that has a reading (or is an ASCII letter or digit); a full key has more. */
static YcCatalogueMatch
pinyin_match (const char *name,
              const char *query)
{
  g_autoptr(GPtrArray) keys = yc_han_pinyin_keys (name, YC_CAT_PINYIN_VARIANTS);
  gsize n_pieces = 0;

  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c < 0x80 ? g_ascii_isalnum (c) : yc_cat_has_reading (c))
        n_pieces++;
    }
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      if (g_str_has_prefix (key, query))
        return strlen (key) == n_pieces ? YC_CATALOGUE_MATCH_PINYIN_INITIALS : YC_CATALOGUE_MATCH_PINYIN_FULL;
    }
  return YC_CATALOGUE_MATCH_PINYIN_FULL;
}

static char *
fts_phrase (const char *text)
{
  GString *phrase = g_string_new ("\"");

  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (phrase, '"');
      g_string_append_c (phrase, *p);
    }
  g_string_append_c (phrase, '"');
  return g_string_free (phrase, FALSE);
}

static GPtrArray *
run_search (YcCatalogueCache  *self,
            const char        *raw_query,
            guint              limit,
            GError           **error)
{
  g_autofree char *folded = yc_han_fold (raw_query);
  g_autofree char *query = g_strstrip (g_strdup (folded));
  g_autofree char *upper = NULL;
  g_autofree char *compact = NULL;
  g_autofree char *compact_upper = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) ranked = g_ptr_array_new_with_free_func (candidate_free);
  Search search = { self, limit, seen, ranked };
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_catalogue_hit_free);
  gboolean code_like, pinyin_like;
  glong n_chars;
  int rc = SQLITE_OK;

  if (*query == '\0' || limit == 0)
    return g_steal_pointer (&hits);

  /* Every string that starts with query sorts before query + 0xFF: no UTF-8 byte is 0xFF. */
  upper = g_strconcat (query, "\xff", NULL);
  {
    GString *without = g_string_new (NULL);
    for (const char *p = query; *p; p++)
      if (*p != ' ' && *p != '\'')
        g_string_append_c (without, *p);
    compact = g_string_free (without, FALSE);
  }
  compact_upper = g_strconcat (compact, "\xff", NULL);
  code_like = is_code_query (query);
  pinyin_like = is_pinyin_query (compact);
  n_chars = g_utf8_strlen (query, -1);

#define ENOUGH() (rc != SQLITE_OK || g_hash_table_size (seen) >= limit)

  /* Tier by tier, best first; a tier that cannot outrank what is found is skipped. */
  rc = collect_by_names (&search, Q_NAMES_EXACT, query, NULL, YC_CATALOGUE_MATCH_NAME_EXACT);
  if (rc == SQLITE_OK && code_like)
    rc = collect_entries (&search, Q_CODE_EXACT, query, NULL, 0, YC_CATALOGUE_MATCH_CODE_EXACT, NULL);
  if (!ENOUGH ())
    rc = collect_by_names (&search, Q_NAMES_PREFIX, query, upper, YC_CATALOGUE_MATCH_NAME_PREFIX);
  if (!ENOUGH () && code_like)
    rc = collect_entries (&search, Q_CODE_PREFIX, query, upper, 0, YC_CATALOGUE_MATCH_CODE_PREFIX, NULL);
  if (!ENOUGH () && pinyin_like)
    rc = collect_by_names (&search, Q_NAMES_PINYIN, compact, compact_upper, YC_CATALOGUE_MATCH_PINYIN_FULL);
  if (!ENOUGH () && pinyin_like)
    rc = collect_by_names (&search, Q_NAMES_PINYIN_INSIDE, compact, compact_upper,
                           YC_CATALOGUE_MATCH_PINYIN_INSIDE);
  if (!ENOUGH ())
    {
      /* A trigram index needs three characters; shorter queries scan the names, which
       * are few (one row per distinct name, not per entry). */
      if (n_chars >= 3)
        {
          g_autofree char *phrase = fts_phrase (query);
          rc = collect_by_names (&search, Q_NAMES_FTS, phrase, NULL, YC_CATALOGUE_MATCH_NAME_SUBSTRING);
        }
      else
        rc = collect_by_names (&search, Q_NAMES_INSTR, query, NULL, YC_CATALOGUE_MATCH_NAME_SUBSTRING);
    }
  if (!ENOUGH ())
    rc = collect_by_groups (&search, Q_KEYWORDS, Q_OF_KEYWORD, query, NULL, YC_CATALOGUE_MATCH_KEYWORD);
  if (!ENOUGH () && pinyin_like)
    rc = collect_by_groups (&search, Q_KEYWORDS_PINYIN, Q_OF_KEYWORD, compact, compact_upper,
                            YC_CATALOGUE_MATCH_KEYWORD);
  if (!ENOUGH ())
    rc = collect_by_groups (&search, Q_DEPARTMENTS, Q_OF_DEPARTMENT, query, NULL,
                            YC_CATALOGUE_MATCH_DEPARTMENT);

#undef ENOUGH

  if (rc != SQLITE_OK)
    {
      yc_sqlite_set_error (error, self->reader, rc, "cannot search the catalogue");
      return NULL;
    }

  g_ptr_array_sort (ranked, compare_candidates);

  for (guint i = 0; i < ranked->len && hits->len < limit; i++)
    {
      Candidate *candidate = g_ptr_array_index (ranked, i);
      sqlite3_stmt *stmt = self->queries[Q_DETAILS];
      YcCatalogueHit *hit;

      sqlite3_bind_int64 (stmt, 1, candidate->id);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          if (rc == SQLITE_DONE)
            continue;
          yc_sqlite_set_error (error, self->reader, rc, "cannot read a catalogue entry");
          return NULL;
        }
      hit = g_new0 (YcCatalogueHit, 1);
      hit->kind = (YcCatalogueKind) sqlite3_column_int (stmt, 0);
      hit->code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      hit->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      hit->department_name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      hit->item_type = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      hit->matched_by = candidate->match;
      if (hit->matched_by == YC_CATALOGUE_MATCH_PINYIN_FULL && hit->name != NULL)
        {
          g_autofree char *fname = yc_han_fold (hit->name);
          hit->matched_by = pinyin_match (fname, compact);
        }
      sqlite3_reset (stmt);
      g_ptr_array_add (hits, hit);
    }

  return g_steal_pointer (&hits);
}

static void
search_job (YcCatalogueCache *self,
            GTask            *task)
{
  SearchData *search = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = NULL;

  if (begin_read (self, g_task_get_cancellable (task), &error))
    hits = run_search (self, search->query, search->limit, &error);
  end_read (self);

  if (hits == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, hits, (GDestroyNotify) g_ptr_array_unref);
}

void
yc_catalogue_hit_free (YcCatalogueHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->code);
  g_free (hit->name);
  g_free (hit->department_name);
  g_free (hit->item_type);
  g_free (hit);
}

void
yc_catalogue_cache_search_async (YcCatalogueCache    *self,
                                 const char          *query,
                                 guint                limit,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SearchData *search;

  g_return_if_fail (YC_IS_CATALOGUE_CACHE (self));
  g_return_if_fail (query != NULL);

  search = g_new0 (SearchData, 1);
  search->query = g_strdup (query);
  search->limit = MIN (limit, 1000);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_catalogue_cache_search_async);
  g_task_set_task_data (task, search, search_data_free);
  yc_sqlite_push_job (self->reader_pool, self->context, (YcSqliteJobFunc) search_job, task);
}

GPtrArray *
yc_catalogue_cache_search_finish (YcCatalogueCache  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  YcCatalogueKind  kind;
  char            *code;
} GetData;

static void
get_data_free (gpointer data)
{
  GetData *get = data;

  g_free (get->code);
  g_free (get);
}

/* Makes read_dict the dictionary of that serial (0: none), the active generation's. */
static gboolean
use_read_dictionary (YcCatalogueCache  *self,
                     gint64             serial,
                     GError           **error)
{
  sqlite3_stmt *stmt = self->queries[Q_BODY_DICT];

  if (serial == self->read_dict_serial)
    return TRUE;
  g_clear_pointer (&self->read_dict, ZSTD_freeDDict);
  self->read_dict_serial = 0;
  if (serial == 0)
    return TRUE;

  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) == serial)
    self->read_dict = ZSTD_createDDict (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
  sqlite3_reset (stmt);
  if (self->read_dict == NULL)
    {
      g_set_error_literal (error, YC_ERROR, YC_ERROR_STORAGE,
                           "the catalogue cache lost its dictionary");
      return FALSE;
    }
  self->read_dict_serial = serial;
  return TRUE;
}

/* No body comes near this: a larger size can only be damage. */
#define BODY_MAX_SIZE (16 * 1024 * 1024)

static JsonNode *
decompress_body (YcCatalogueCache  *self,
                 const void        *frame,
                 gsize              frame_size,
                 GError           **error)
{
  unsigned long long size = ZSTD_getFrameContentSize (frame, frame_size);
  g_autofree char *text = NULL;
  size_t done;

  if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR || size > BODY_MAX_SIZE)
    {
      g_set_error_literal (error, YC_ERROR, YC_ERROR_STORAGE,
                           "a catalogue entry in the cache is damaged");
      return NULL;
    }
  if (self->decompressor == NULL)
    self->decompressor = ZSTD_createDCtx ();
  text = g_malloc (size + 1);
  if (self->read_dict != NULL)
    done = ZSTD_decompress_usingDDict (self->decompressor, text, size, frame, frame_size,
                                       self->read_dict);
  else
    done = ZSTD_decompressDCtx (self->decompressor, text, size, frame, frame_size);
  if (ZSTD_isError (done) || done != size)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_STORAGE, "a catalogue entry in the cache is damaged: %s",
                   ZSTD_isError (done) ? ZSTD_getErrorName (done) : "short");
      return NULL;
    }
  text[size] = '\0';
  return yc_wire_parse_object (text, size, YC_ERROR_STORAGE, error);
}

static void
get_job (YcCatalogueCache *self,
         GTask            *task)
{
  GetData *get = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (begin_read (self, g_task_get_cancellable (task), &error))
    {
      sqlite3_stmt *stmt = self->queries[Q_BODY];
      g_autofree char *fcode = yc_cat_fold_code (get->code);
      int rc;

      sqlite3_bind_int (stmt, 1, get->kind);
      sqlite3_bind_text (stmt, 2, get->code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, fcode, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          if (use_read_dictionary (self, sqlite3_column_int64 (stmt, 1), &error))
            body = decompress_body (self, sqlite3_column_blob (stmt, 0),
                                    sqlite3_column_bytes (stmt, 0), &error);
        }
      else if (rc == SQLITE_DONE)
        g_set_error (&error, YC_ERROR, YC_ERROR_NOT_FOUND, "%s “%s” is not in the catalogue",
                     yc_catalogue_kind_to_wire (get->kind), get->code);
      else
        yc_sqlite_set_error (&error, self->reader, rc, "cannot read a catalogue entry");
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  end_read (self);

  if (body == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) json_node_unref);
}

void
yc_catalogue_cache_get_async (YcCatalogueCache    *self,
                              YcCatalogueKind      kind,
                              const char          *code,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GetData *get;

  g_return_if_fail (YC_IS_CATALOGUE_CACHE (self));
  g_return_if_fail (code != NULL);

  get = g_new0 (GetData, 1);
  get->kind = kind;
  get->code = g_strdup (code);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_catalogue_cache_get_async);
  g_task_set_task_data (task, get, get_data_free);
  yc_sqlite_push_job (self->reader_pool, self->context, (YcSqliteJobFunc) get_job, task);
}

JsonNode *
yc_catalogue_cache_get_finish (YcCatalogueCache  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
