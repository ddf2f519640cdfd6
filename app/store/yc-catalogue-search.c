/* yc-catalogue-search.c: the catalogue cache's reading half, on the reader's thread:
 * searches (tier by tier over the active generation's indexes, best first, the best kept
 * in a bounded heap; characters tried by their pinyin when they find nothing; a slip in
 * pinyin offered as a suggestion) and an entry's body. The words of a query searched in
 * any order are yc-catalogue-words.c; the writer's half, and how the generations are laid
 * out, yc-catalogue-cache.c. */
#include "yc-catalogue-cache.h"

#include "core/yc-error.h"
#include "core/yc-han.h"
#include "core/yc-wire.h"
#include "yc-catalogue-search-private.h"
#include "yc-sqlite-private.h"

#include <sqlite3.h>
#include <string.h>
#include <zstd.h>

/* Readings tried for the characters of a query (the likeliest first). */
#define READING_KEYS 4
/* Probes a suggestion may take: each is four index seeks. */
#define SLIP_PROBES 600

typedef struct
{
  char    *query;
  guint    limit;
} SearchData;

/* Looking for pinyin one slip away. */
typedef struct
{
  sqlite3_stmt *stmt;
  guint         probes;    /* left */
} Probe;

/* Every query reads a bounded range of an index, or a table with a row per distinct name,
 * keyword or department: never all entries of a popular name, keyword or department,
 * whatever the query. */
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
  /* Every name with a word, in no order: (id, length, folded name). */
  [Q_NAMES_WITH] = "SELECT id, len, fname FROM name_%1$d WHERE instr (fname, ?1) > 0 LIMIT ?9",
  [Q_NAMES_WITH_FTS] = "SELECT n.id, n.len, n.fname FROM name_fts_%1$d f JOIN name_%1$d n ON n.id = f.rowid"
                       " WHERE name_fts_%1$d MATCH ?1 LIMIT ?9",
  [Q_NAMES_WITH_PINYIN] = "SELECT name_id FROM pinyin_%1$d"
                          " WHERE inside IN (0, 1) AND key >= ?1 AND key < ?2 LIMIT ?9",
  [Q_NAME] = "SELECT len, fname FROM name_%1$d WHERE id = ?1",
  /* A name's length is the caller's (?2): the index on (name_id, code) is all it reads. */
  [Q_OF_NAME] = "SELECT id, ?2, code FROM entry_%1$d WHERE name_id = ?1 ORDER BY code LIMIT ?9",
  [Q_CODE_EXACT] = "SELECT id, name_len, code FROM entry_%1$d WHERE fcode = ?1 AND name_id IS NOT NULL LIMIT ?9",
  [Q_CODE_PREFIX] = "SELECT id, name_len, code FROM entry_%1$d WHERE fcode > ?1 AND fcode < ?2"
                    " AND name_id IS NOT NULL ORDER BY fcode LIMIT ?9",
  /* Within a length, by entry rather than code: the final sort orders what is read. */
  [Q_OF_KEYWORD] = "SELECT k.entry_id, k.name_len, e.code FROM entry_kw_%1$d k"
                   " JOIN entry_%1$d e ON e.id = k.entry_id WHERE k.kw_id = ?1"
                   " ORDER BY k.name_len, k.entry_id LIMIT ?9",
  [Q_OF_DEPARTMENT] = "SELECT id, name_len, code FROM entry_%1$d WHERE dept = ?1"
                      " ORDER BY name_len, code LIMIT ?9",
  /* The same, with what tells which words of a query an entry has: (…, name id,
   * department). Those of a name and of a department read their index alone. */
  [Q_TERMS_OF_NAME] = "SELECT id, ?2, code, name_id, dept FROM entry_%1$d"
                      " WHERE name_id = ?1 ORDER BY code LIMIT ?9",
  [Q_TERMS_OF_NAME_IN] = "SELECT id, ?2, code, name_id, dept FROM entry_%1$d"
                         " WHERE name_id = ?1 AND dept = ?3 ORDER BY code LIMIT ?9",
  [Q_TERMS_OF_KEYWORD] = "SELECT e.id, e.name_len, e.code, e.name_id, e.dept"
                         " FROM entry_kw_%1$d k JOIN entry_%1$d e ON e.id = k.entry_id"
                         " WHERE k.kw_id = ?1 ORDER BY k.name_len, k.entry_id LIMIT ?9",
  [Q_TERMS_OF_DEPARTMENT] = "SELECT id, name_len, code, name_id, dept FROM entry_%1$d"
                            " WHERE dept = ?1 ORDER BY name_len, code LIMIT ?9",
  [Q_TERMS_OF_CODE] = "SELECT id, name_len, code, name_id, dept FROM entry_%1$d"
                      " WHERE fcode > ?1 AND fcode < ?2 AND name_id IS NOT NULL ORDER BY fcode LIMIT ?9",
  /* And the rest, when those do not tell: (keyword ids, folded code). */
  [Q_ENTRY_WORDS] = "SELECT kws, fcode FROM entry_%1$d WHERE id = ?1",
  [Q_KEYWORDS] = "SELECT id FROM kw_%1$d WHERE instr (fkw, ?1) > 0 LIMIT 64",
  [Q_KEYWORDS_PINYIN] = "SELECT DISTINCT kw_id FROM kw_pinyin_%1$d"
                        " WHERE inside IN (0, 1) AND key >= ?1 AND key < ?2 LIMIT 64",
  [Q_KEYWORDS_WITH] = "SELECT id FROM kw_%1$d WHERE instr (fkw, ?1) > 0 LIMIT ?9",
  [Q_KEYWORDS_WITH_PINYIN] = "SELECT DISTINCT kw_id FROM kw_pinyin_%1$d"
                             " WHERE inside IN (0, 1) AND key >= ?1 AND key < ?2 LIMIT ?9",
  [Q_DEPARTMENTS] = "SELECT code, fname FROM dept_%1$d",
  /* Whether pinyin starting so leads anywhere: four seeks. */
  [Q_PINYIN_EXISTS] = "SELECT EXISTS (SELECT 1 FROM pinyin_%1$d WHERE inside = 0 AND key >= ?1 AND key < ?2)"
                      " OR EXISTS (SELECT 1 FROM pinyin_%1$d WHERE inside = 1 AND key >= ?1 AND key < ?2)"
                      " OR EXISTS (SELECT 1 FROM kw_pinyin_%1$d WHERE inside = 0 AND key >= ?1 AND key < ?2)"
                      " OR EXISTS (SELECT 1 FROM kw_pinyin_%1$d WHERE inside = 1 AND key >= ?1 AND key < ?2)",
  /* Roughly how many entries, names and keywords there are (ids are not reused). */
  [Q_SIZES] = "SELECT (SELECT max (id) FROM entry_%1$d), (SELECT max (id) FROM name_%1$d),"
              " (SELECT max (id) FROM kw_%1$d)",
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

static void
search_data_free (gpointer data)
{
  SearchData *search = data;

  g_free (search->query);
  g_free (search);
}

/* ranking */

static void
candidate_free (gpointer data)
{
  Candidate *candidate = data;

  g_free (candidate->code);
  g_free (candidate);
}

/* Prefix of name and of code share a tier, as do both kinds of pinyin from the start of a
 * name; pinyin from further in ranks below them (the enum's order). */
static int
tier_of (YcCatalogueMatch match)
{
  switch (match)
    {
    case YC_CATALOGUE_MATCH_CODE_EXACT:
      return YC_CATALOGUE_MATCH_NAME_EXACT;
    case YC_CATALOGUE_MATCH_CODE_PREFIX:
      return YC_CATALOGUE_MATCH_NAME_PREFIX;
    case YC_CATALOGUE_MATCH_PINYIN_FULL:
      return YC_CATALOGUE_MATCH_PINYIN_INITIALS;
    default:
      return match;
    }
}

/* By tier, then the shorter name, then the code; with_code FALSE leaves the code out. */
static int
compare_ranks (const Candidate *x,
               const Candidate *y,
               gboolean         with_code)
{
  int tier_x = tier_of (x->match), tier_y = tier_of (y->match);

  if (tier_x != tier_y)
    return tier_x - tier_y;
  if (x->sub != y->sub)
    return x->sub - y->sub;
  if (x->name_len != y->name_len)
    return x->name_len - y->name_len;
  return with_code ? strcmp (x->code, y->code) : 0;
}

static gint
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  return compare_ranks (*(Candidate * const *) a, *(Candidate * const *) b, TRUE);
}

/* Whether a tier ranked below those searched so far is worth running: not once as many
 * candidates as asked for are found, the tiers being run best first. */
static gboolean
search_enough (Search *search,
               int     rc)
{
  return rc != SQLITE_OK || g_hash_table_size (search->seen) >= search->limit;
}

static void
heap_swap (GPtrArray *heap,
           guint      i,
           guint      j)
{
  gpointer t = heap->pdata[i];

  heap->pdata[i] = heap->pdata[j];
  heap->pdata[j] = t;
}

static void
heap_up (GPtrArray *heap,
         guint      i)
{
  while (i > 0 && compare_candidates (&heap->pdata[(i - 1) / 2], &heap->pdata[i]) < 0)
    {
      heap_swap (heap, i, (i - 1) / 2);
      i = (i - 1) / 2;
    }
}

static void
heap_down (GPtrArray *heap,
           guint      i)
{
  for (;;)
    {
      guint worst = i, left = 2 * i + 1, right = 2 * i + 2;

      if (left < heap->len && compare_candidates (&heap->pdata[left], &heap->pdata[worst]) > 0)
        worst = left;
      if (right < heap->len && compare_candidates (&heap->pdata[right], &heap->pdata[worst]) > 0)
        worst = right;
      if (worst == i)
        return;
      heap_swap (heap, i, worst);
      i = worst;
    }
}

gboolean
yc_cat_search_wants (Search          *search,
                     const Candidate *probe)
{
  if (search->best->len < search->limit)
    return TRUE;
  return compare_candidates (&probe, &search->best->pdata[0]) < 0;
}

gboolean
yc_cat_search_past (Search          *search,
                    const Candidate *probe)
{
  if (search->best->len < search->limit)
    return FALSE;
  return compare_ranks (probe, g_ptr_array_index (search->best, 0), FALSE) > 0;
}

Offer
yc_cat_search_offer (Search           *search,
                     gint64            id,
                     YcCatalogueMatch  match,
                     int               sub,
                     int               name_len,
                     const char       *code)
{
  Candidate probe = { id, match, sub, name_len, (char *) (code != NULL ? code : "") };
  Candidate *candidate;

  if (g_hash_table_contains (search->seen, &id))
    return OFFER_SEEN;
  g_hash_table_add (search->seen, g_memdup2 (&id, sizeof id));
  if (!yc_cat_search_wants (search, &probe))
    return OFFER_WORSE;

  candidate = g_memdup2 (&probe, sizeof probe);
  candidate->code = g_strdup (probe.code);
  if (search->best->len < search->limit)
    {
      g_ptr_array_add (search->best, candidate);
      heap_up (search->best, search->best->len - 1);
    }
  else
    {
      candidate_free (search->best->pdata[0]);
      search->best->pdata[0] = candidate;
      heap_down (search->best, 0);
    }
  return OFFER_KEPT;
}

/* collecting */

void
yc_cat_bind_args (sqlite3_stmt *stmt,
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

int
yc_cat_finish_statement (sqlite3_stmt *stmt,
                         int           rc)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Runs an entry query (id, name length, code); rows not seen yet become candidates, until
 * the rows that follow can only rank after the worst of those kept. id_arg, if not 0,
 * is ?1 and the name length ?2 (Q_OF_NAME). added: how many were offered. */
static int
collect_entries (Search      *search,
                 int          query,
                 const char  *arg1,
                 const char  *arg2,
                 gint64       id_arg,
                 gint64       len_arg,
                 Found        found,
                 Order        order,
                 guint       *added)
{
  sqlite3_stmt *stmt = search->self->queries[query];
  int rc;

  yc_cat_bind_args (stmt, arg1, arg2, search->limit);
  if (id_arg != 0)
    {
      sqlite3_bind_int64 (stmt, 1, id_arg);
      sqlite3_bind_int64 (stmt, 2, len_arg);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Candidate probe = { sqlite3_column_int64 (stmt, 0), found.match, found.sub,
                          sqlite3_column_int (stmt, 1), (char *) sqlite3_column_text (stmt, 2) };
      Offer offer = yc_cat_search_offer (search, probe.id, probe.match, probe.sub, probe.name_len, probe.code);

      if (offer != OFFER_SEEN && added != NULL)
        (*added)++;
      if (offer == OFFER_WORSE &&
          (order == ORDER_RANK || (order == ORDER_LENGTH && yc_cat_search_past (search, &probe))))
        break;
    }
  return yc_cat_finish_statement (stmt, rc == SQLITE_ROW ? SQLITE_DONE : rc);
}

int
yc_cat_collect_of_names (Search *search,
                         GArray *names,
                         Found   found)
{
  gint64 full_len = -1;
  guint added = 0;
  int rc = SQLITE_OK;

  for (guint i = 0; i < names->len && rc == SQLITE_OK; i++)
    {
      const NameRow *name = &g_array_index (names, NameRow, i);
      Candidate probe = { 0, found.match, found.sub, (int) name->len, (char *) "" };

      if ((full_len >= 0 && name->len > full_len) || yc_cat_search_past (search, &probe))
        break;
      rc = collect_entries (search, Q_OF_NAME, NULL, NULL, name->id, name->len, found, ORDER_RANK, &added);
      if (full_len < 0 && added >= search->limit)
        full_len = name->len;
    }
  return rc;
}

/* Runs a name query (id, length; shortest first), then takes the entries of its names. */
static int
collect_by_names (Search     *search,
                  int         query,
                  const char *arg1,
                  const char *arg2,
                  Found       found)
{
  sqlite3_stmt *stmt = search->self->queries[query];
  g_autoptr(GArray) names = g_array_new (FALSE, FALSE, sizeof (NameRow));
  int rc;

  yc_cat_bind_args (stmt, arg1, arg2, search->limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      NameRow name = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };
      g_array_append_val (names, name);
    }
  if ((rc = yc_cat_finish_statement (stmt, rc)) != SQLITE_OK)
    return rc;
  return yc_cat_collect_of_names (search, names, found);
}

/* Runs a query of keyword ids, then the entries of each keyword. */
static int
collect_by_keywords (Search     *search,
                     int         query,
                     const char *arg1,
                     const char *arg2,
                     Found       found)
{
  sqlite3_stmt *stmt = search->self->queries[query];
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  yc_cat_bind_args (stmt, arg1, arg2, search->limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if ((rc = yc_cat_finish_statement (stmt, rc)) != SQLITE_OK)
    return rc;

  for (guint i = 0; i < ids->len && rc == SQLITE_OK; i++)
    rc = collect_entries (search, Q_OF_KEYWORD, NULL, NULL, g_array_index (ids, gint64, i), 0, found,
                          ORDER_LENGTH, NULL);
  return rc;
}

/* query text */

gboolean
yc_cat_is_pinyin_query (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_islower (*p))
      return FALSE;
  return TRUE;
}

gboolean
yc_cat_is_code_query (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return *text != '\0';
}

char *
yc_cat_fts_phrase (const char *text)
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

/* Every string that starts with text sorts before text + 0xFF: no UTF-8 byte is 0xFF. */
char *
yc_cat_upper_bound (const char *text)
{
  return g_strconcat (text, "\xff", NULL);
}

/* The words of a folded query: what spaces, ASCII or ideographic, separate. */
static GPtrArray *
split_words (const char *query)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  GString *word = g_string_new (NULL);

  for (const char *p = query;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0 || c == ' ' || c == '\t' || c == 0x3000)
        {
          if (word->len > 0)
            g_ptr_array_add (words, g_strndup (word->str, word->len));
          g_string_truncate (word, 0);
          if (c == 0)
            break;
        }
      else if (c != '\'')
        g_string_append_unichar (word, c);
    }
  g_string_free (word, TRUE);
  return words;
}

/* departments */

static int
collect_by_departments (Search     *search,
                        const char *word,
                        Found       found)
{
  int rc = yc_cat_read_departments (search);

  for (guint i = 0; rc == SQLITE_OK && i < search->departments->len; i += 2)
    if (yc_cat_department_has (g_ptr_array_index (search->departments, i + 1), word))
      rc = collect_entries (search, Q_OF_DEPARTMENT, g_ptr_array_index (search->departments, i), NULL, 0, 0,
                            found, ORDER_RANK, NULL);
  return rc;
}

/* characters tried by their pinyin */

/* Names and keywords whose pinyin starts as the query's full pinyin: the characters typed
 * sound as those of a name (营业执找, 结婚登纪: a homophone picked in the input method),
 * or pinyin and characters are mixed (yingye执照). */
static int
collect_by_reading (Search     *search,
                    const char *compact)
{
  g_autoptr(GPtrArray) keys = yc_han_pinyin_keys (compact, YC_CAT_PINYIN_VARIANTS);
  gsize n_pieces = 0;
  guint tried = 0;
  int rc = SQLITE_OK;

  for (const char *p = compact; *p != '\0'; p = g_utf8_next_char (p))
    if ((guchar) *p < 0x80 ? g_ascii_isalnum (*p) : yc_cat_has_reading (g_utf8_get_char (p)))
      n_pieces++;
  /* Initials are too loose for this: four characters have thousands of namesakes. */
  for (guint i = 0; i < keys->len && tried < READING_KEYS && rc == SQLITE_OK; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autofree char *upper = NULL;

      if (strlen (key) <= n_pieces)
        continue;
      tried++;
      upper = yc_cat_upper_bound (key);
      rc = collect_by_names (search, Q_NAMES_PINYIN, key, upper, (Found) { YC_CATALOGUE_MATCH_READING, 0 });
      if (rc == SQLITE_OK)
        rc = collect_by_names (search, Q_NAMES_PINYIN_INSIDE, key, upper,
                               (Found) { YC_CATALOGUE_MATCH_READING, 1 });
      if (rc == SQLITE_OK)
        rc = collect_by_keywords (search, Q_KEYWORDS_PINYIN, key, upper, (Found) { YC_CATALOGUE_MATCH_READING, 2 });
    }
  return rc;
}

/* a slip in pinyin */

/* Whether some name's or keyword's pinyin starts with text: what a search finds. */
static gboolean
pinyin_leads (Probe      *probe,
              const char *text,
              int        *rc)
{
  g_autofree char *upper = yc_cat_upper_bound (text);
  gboolean found = FALSE;

  if (*rc != SQLITE_OK || probe->probes == 0)
    return FALSE;
  probe->probes--;
  sqlite3_bind_text (probe->stmt, 1, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (probe->stmt, 2, upper, -1, SQLITE_STATIC);
  if ((*rc = sqlite3_step (probe->stmt)) == SQLITE_ROW)
    found = sqlite3_column_int (probe->stmt, 0) != 0;
  *rc = yc_cat_finish_statement (probe->stmt, *rc == SQLITE_ROW ? SQLITE_DONE : *rc);
  return found;
}

/* Pinyin one slip from query that finds something: two letters swapped, one left out,
 * mistyped or added. The slip is looked for where the query stops leading anywhere, and
 * before it: what follows a slip never leads anywhere, what precedes it does. NULL if
 * none. */
static char *
find_slip (Search     *search,
           const char *query,
           int        *rc)
{
  Probe probe = { search->self->queries[Q_PINYIN_EXISTS], SLIP_PROBES };
  gsize len = strlen (query), lo = 0, hi = len;
  g_autofree char *text = g_malloc (len + 2);

  /* The longest start of the query that leads somewhere (the whole does not). */
  while (lo + 1 < hi)
    {
      gsize mid = (lo + hi) / 2;

      memcpy (text, query, mid);
      text[mid] = '\0';
      if (pinyin_leads (&probe, text, rc))
        lo = mid;
      else
        hi = mid;
    }

  for (gssize at = (gssize) lo; at >= 0 && *rc == SQLITE_OK && probe.probes > 0; at--)
    {
      gsize i = (gsize) at;

      /* Two letters swapped. */
      if (i + 1 < len && query[i] != query[i + 1])
        {
          memcpy (text, query, len + 1);
          text[i] = query[i + 1];
          text[i + 1] = query[i];
          if (pinyin_leads (&probe, text, rc))
            return g_strdup (text);
        }
      /* One too many. */
      memcpy (text, query, i);
      memcpy (text + i, query + i + 1, len - i);
      if (len > 1 && pinyin_leads (&probe, text, rc))
        return g_strdup (text);
      /* One mistyped, or one left out: the letter at i is another, or goes before the
       * one there. Either way the query up to it leads somewhere. */
      for (char c = 'a'; c <= 'z' && *rc == SQLITE_OK; c++)
        {
          memcpy (text, query, i);
          text[i] = c;
          text[i + 1] = '\0';
          if (!pinyin_leads (&probe, text, rc))
            continue;
          if (c != query[i] && i < len)
            {
              memcpy (text + i + 1, query + i + 1, len - i);
              if (pinyin_leads (&probe, text, rc))
                return g_strdup (text);
            }
          memcpy (text + i + 1, query + i, len - i + 1);
          if (pinyin_leads (&probe, text, rc))
            return g_strdup (text);
        }
    }
  return NULL;
}

/* searching */

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

/* The tiers for text, a query or one of its forms, from name exact to name substring. */
static int
collect_by_text (Search     *search,
                 const char *text,
                 int         first,
                 int         last)
{
  g_autofree char *upper = yc_cat_upper_bound (text);
  gboolean code_like = yc_cat_is_code_query (text);
  int rc = SQLITE_OK;

  if (first <= YC_CATALOGUE_MATCH_NAME_EXACT && last >= YC_CATALOGUE_MATCH_NAME_EXACT)
    {
      rc = collect_by_names (search, Q_NAMES_EXACT, text, NULL, (Found) { YC_CATALOGUE_MATCH_NAME_EXACT, 0 });
      if (rc == SQLITE_OK && code_like)
        rc = collect_entries (search, Q_CODE_EXACT, text, NULL, 0, 0, (Found) { YC_CATALOGUE_MATCH_CODE_EXACT, 0 },
                              ORDER_NONE, NULL);
    }
  if (first <= YC_CATALOGUE_MATCH_NAME_PREFIX && last >= YC_CATALOGUE_MATCH_NAME_PREFIX)
    {
      if (!search_enough (search, rc))
        rc = collect_by_names (search, Q_NAMES_PREFIX, text, upper, (Found) { YC_CATALOGUE_MATCH_NAME_PREFIX, 0 });
      if (!search_enough (search, rc) && code_like)
        rc = collect_entries (search, Q_CODE_PREFIX, text, upper, 0, 0, (Found) { YC_CATALOGUE_MATCH_CODE_PREFIX, 0 },
                              ORDER_NONE, NULL);
    }
  if (first <= YC_CATALOGUE_MATCH_NAME_SUBSTRING && last >= YC_CATALOGUE_MATCH_NAME_SUBSTRING &&
      !search_enough (search, rc))
    {
      Found found = { YC_CATALOGUE_MATCH_NAME_SUBSTRING, 0 };

      /* A trigram index needs three characters; shorter queries scan the names, which
       * are few (one row per distinct name, not per entry). */
      if (g_utf8_strlen (text, -1) >= 3)
        {
          g_autofree char *phrase = yc_cat_fts_phrase (text);
          rc = collect_by_names (search, Q_NAMES_FTS, phrase, NULL, found);
        }
      else
        rc = collect_by_names (search, Q_NAMES_INSTR, text, NULL, found);
    }
  return rc;
}

static YcCatalogueResults *
run_search (YcCatalogueCache  *self,
            const char        *raw_query,
            guint              limit,
            GError           **error)
{
  g_autofree char *folded = yc_han_fold (raw_query);
  g_autofree char *query = g_strstrip (g_strdup (folded));
  g_autoptr(GPtrArray) split = split_words (query);
  g_autofree char *compact = NULL;
  g_autofree char *compact_upper = NULL;
  g_autofree char *suggestion = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) best = g_ptr_array_new_with_free_func (candidate_free);
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GHashTable) pinyin_matches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Search search = { self, limit, seen, best, NULL };
  g_autoptr(Words) words = NULL;
  YcCatalogueResults *results;
  gboolean pinyin_like, several;
  int rc = SQLITE_OK;

  results = g_new0 (YcCatalogueResults, 1);
  results->hits = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_catalogue_hit_free);
  if (*query == '\0' || limit == 0)
    return results;

  {
    GString *joined = g_string_new (NULL);
    for (guint i = 0; i < split->len; i++)
      g_string_append (joined, g_ptr_array_index (split, i));
    compact = g_string_free (joined, FALSE);
  }
  compact_upper = yc_cat_upper_bound (compact);
  pinyin_like = yc_cat_is_pinyin_query (compact);
  /* Words apart: "营业 执照", "执照 营业", "市场监管 营业执照". Spaced pinyin is one word
   * run together (ying ye, qi ye kai ban). */
  several = split->len > 1 && split->len <= YC_CAT_MAX_WORDS && !pinyin_like;

#define ENOUGH() search_enough (&search, rc)

  /* Tier by tier, best first; a tier that cannot outrank what is found is skipped. The
   * query as typed, then its words run together. */
  rc = collect_by_text (&search, query, YC_CATALOGUE_MATCH_NAME_EXACT, YC_CATALOGUE_MATCH_NAME_PREFIX);
  if (!ENOUGH () && several)
    rc = collect_by_text (&search, compact, YC_CATALOGUE_MATCH_NAME_EXACT, YC_CATALOGUE_MATCH_NAME_PREFIX);
  if (!ENOUGH () && pinyin_like)
    rc = collect_by_names (&search, Q_NAMES_PINYIN, compact, compact_upper,
                           (Found) { YC_CATALOGUE_MATCH_PINYIN_FULL, 0 });
  if (!ENOUGH () && pinyin_like)
    rc = collect_by_names (&search, Q_NAMES_PINYIN_INSIDE, compact, compact_upper,
                           (Found) { YC_CATALOGUE_MATCH_PINYIN_INSIDE, 0 });
  if (!ENOUGH ())
    rc = collect_by_text (&search, query, YC_CATALOGUE_MATCH_NAME_SUBSTRING, YC_CATALOGUE_MATCH_NAME_SUBSTRING);
  if (!ENOUGH () && several)
    rc = collect_by_text (&search, compact, YC_CATALOGUE_MATCH_NAME_SUBSTRING, YC_CATALOGUE_MATCH_NAME_SUBSTRING);
  if (!ENOUGH () && several)
    {
      words = yc_cat_words_new (&search, split);
      rc = yc_cat_words_collect_in_name (words);
    }
  if (!ENOUGH ())
    rc = collect_by_keywords (&search, Q_KEYWORDS, query, NULL, (Found) { YC_CATALOGUE_MATCH_KEYWORD, 0 });
  if (!ENOUGH () && several)
    rc = collect_by_keywords (&search, Q_KEYWORDS, compact, NULL, (Found) { YC_CATALOGUE_MATCH_KEYWORD, 0 });
  if (!ENOUGH () && pinyin_like)
    rc = collect_by_keywords (&search, Q_KEYWORDS_PINYIN, compact, compact_upper,
                              (Found) { YC_CATALOGUE_MATCH_KEYWORD, 0 });
  if (!ENOUGH ())
    rc = collect_by_departments (&search, query, (Found) { YC_CATALOGUE_MATCH_DEPARTMENT, 0 });
  if (!ENOUGH () && words != NULL)
    rc = yc_cat_words_collect_anywhere (words);
  /* Nothing: perhaps the characters are right by their sound, or the pinyin is one slip
   * from right. */
  if (rc == SQLITE_OK && g_hash_table_size (seen) == 0 && yc_han_has_han (compact))
    rc = collect_by_reading (&search, compact);
  if (rc == SQLITE_OK && g_hash_table_size (seen) == 0 && pinyin_like && strlen (compact) >= 3)
    suggestion = find_slip (&search, compact, &rc);

#undef ENOUGH

  departments = g_steal_pointer (&search.departments);
  if (rc != SQLITE_OK)
    {
      yc_sqlite_set_error (error, self->reader, rc, "cannot search the catalogue");
      yc_catalogue_results_free (results);
      return NULL;
    }

  g_ptr_array_sort (best, compare_candidates);
  for (guint i = 0; i < best->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (best, i);
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
          yc_catalogue_results_free (results);
          return NULL;
        }
      hit = g_new0 (YcCatalogueHit, 1);
      hit->kind = (YcCatalogueKind) sqlite3_column_int (stmt, 0);
      hit->code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      hit->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      hit->department_name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      hit->item_type = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      hit->matched_by = candidate->match;
      /* Full pinyin or initials: worked out once per name (many entries share one). */
      if (hit->matched_by == YC_CATALOGUE_MATCH_PINYIN_FULL && hit->name != NULL)
        {
          gpointer known;

          if (!g_hash_table_lookup_extended (pinyin_matches, hit->name, NULL, &known))
            {
              g_autofree char *fname = yc_han_fold (hit->name);
              known = GINT_TO_POINTER (pinyin_match (fname, compact));
              g_hash_table_insert (pinyin_matches, g_strdup (hit->name), known);
            }
          hit->matched_by = GPOINTER_TO_INT (known);
        }
      sqlite3_reset (stmt);
      g_ptr_array_add (results->hits, hit);
    }
  results->suggestion = g_steal_pointer (&suggestion);
  return results;
}

static void
search_job (YcCatalogueCache *self,
            GTask            *task)
{
  SearchData *search = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  YcCatalogueResults *results = NULL;

  if (begin_read (self, g_task_get_cancellable (task), &error))
    results = run_search (self, search->query, search->limit, &error);
  end_read (self);

  if (results == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, results, (GDestroyNotify) yc_catalogue_results_free);
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
yc_catalogue_results_free (YcCatalogueResults *results)
{
  if (results == NULL)
    return;
  g_clear_pointer (&results->hits, g_ptr_array_unref);
  g_free (results->suggestion);
  g_free (results);
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
  g_autoptr(YcCatalogueResults) results = yc_catalogue_cache_search_finish_results (self, result, error);

  return results != NULL ? g_steal_pointer (&results->hits) : NULL;
}

YcCatalogueResults *
yc_catalogue_cache_search_finish_results (YcCatalogueCache  *self,
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
