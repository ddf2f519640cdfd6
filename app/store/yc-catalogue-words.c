/* yc-catalogue-words.c: what makes the catalogue search forgiving of how clerks type,
 * on the reader's thread: words apart that must each be somewhere (in the name, a
 * keyword, the department or the code) in any order; departments by their usual short
 * forms; pinyin matched against a text in C, for the words of letters whose names are
 * too many to read from the index. The tiers and the ranking are yc-catalogue-search.c. */
#include "yc-catalogue-cache.h"

#include "core/yc-han.h"
#include "yc-catalogue-search-private.h"

#include <string.h>

/* What keeps a common word from costing the keystroke its time; what is found within
 * these always has every word, though some entries with every word may not be found.
 * Names and keywords a word may lead to. The work of the whole search for words, in
 * rows of an index; a row read from the table, or a query, counts as TABLE_ROW of them.
 * Words looked for in a name's text. */
#define WORD_NAMES 8192
#define WORD_KEYWORDS 4096
#define WORDS_BUDGET 16000
#define TABLE_ROW 4
#define WORDS_CHECKS 2000
/* Pinyin this short is in most names: it is looked for in the text of those the other
 * words lead to, not read from the index. */
#define SHORT_PINYIN 2

typedef struct
{
  const char *text;          /* folded */
  gboolean    pinyin;        /* lowercase letters: pinyin, in full or initials */
  gboolean    code;          /* may be the start of a code */
  gboolean    names_whole;   /* every name with it is in Words.names */
  guint       n_names;
  guint       n_keywords;
  guint       n_departments;
} Word;

typedef struct
{
  gint64  id;
  gint64  len;       /* -1: not read yet */
  char   *fname;     /* NULL: not read yet */
  guint   mask;      /* the words it has, of those known */
  guint   known;     /* the words it is known to have or not */
} NameWords;

static void
name_words_free (gpointer data)
{
  NameWords *name = data;

  g_free (name->fname);
  g_free (name);
}

typedef struct
{
  gint64 id;
  gint64 len;
  int    sub;   /* words not in it */
} NameSub;

struct _Words
{
  Search     *search;
  Word        words[YC_CAT_MAX_WORDS];
  guint       n_words;
  guint       all;           /* the mask of every word */
  gboolean    found;         /* words_find() has run */
  guint       whole;         /* the words whose names are all known */
  guint       narrow;        /* the word whose names yc_cat_words_collect_in_name() tried */
  guint       budget;        /* work left: index rows (TABLE_ROW a table row) */
  guint       checks;        /* words left to look for in a name's text */
  GHashTable *names;         /* id → NameWords */
  GHashTable *keywords;      /* id → mask */
  GHashTable *departments;   /* code → mask */
};

/* pinyin, matched in C */

/* The next piece of a pinyin key at or after p, as yc_han_pinyin_keys() cuts a text: an
 * ASCII letter or digit (literal), or a character with readings. NULL at the end. */
static const char *
next_piece (const char  *p,
            const char **readings,
            char        *literal)
{
  for (; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c;

      if ((guchar) *p < 0x80)
        {
          if (!g_ascii_isalnum (*p))
            continue;
          *literal = g_ascii_tolower (*p);
          *readings = NULL;
          return p;
        }
      c = g_utf8_get_char (p);
      if ((*readings = yc_han_readings (c)) == NULL && yc_han_is_han (c))
        *readings = yc_han_readings (yc_han_simplify (c));
      if (*readings != NULL)
        return p;
    }
  return NULL;
}

/* Whether query starts the full pinyin of the text from p on, any reading of each
 * character. */
static gboolean
full_pinyin_starts (const char *p,
                    const char *query)
{
  const char *readings;
  char literal;
  gsize query_len = strlen (query);

  if (query_len == 0)
    return TRUE;
  if ((p = next_piece (p, &readings, &literal)) == NULL)
    return FALSE;
  if (readings == NULL)
    return *query == literal && full_pinyin_starts (p + 1, query + 1);
  for (const char *r = readings; *r != '\0';)
    {
      const char *end = strchr (r, ',');
      gsize len = end != NULL ? (gsize) (end - r) : strlen (r);

      if (query_len <= len ? strncmp (query, r, query_len) == 0 :
          strncmp (query, r, len) == 0 && full_pinyin_starts (g_utf8_next_char (p), query + len))
        return TRUE;
      r += len;
      if (*r == ',')
        r++;
    }
  return FALSE;
}

static gboolean
reading_starts_with (const char *readings,
                     char        letter)
{
  if (*readings == letter)
    return TRUE;
  for (const char *p = strchr (readings, ','); p != NULL; p = strchr (p + 1, ','))
    if (p[1] == letter)
      return TRUE;
  return FALSE;
}

static gboolean
initials_start (const char *p,
                const char *query)
{
  for (; *query != '\0'; query++)
    {
      const char *readings;
      char literal;

      if ((p = next_piece (p, &readings, &literal)) == NULL)
        return FALSE;
      if (readings == NULL ? literal != *query : !reading_starts_with (readings, *query))
        return FALSE;
      p = g_utf8_next_char (p);
    }
  return TRUE;
}

/* Whether query (lowercase letters) is the start of the full pinyin or the initials of the
 * text from one of the places its keys are indexed from (see foreach_pinyin_key()). */
static gboolean
pinyin_in (const char *ftext,
           const char *query)
{
  gboolean in_word = FALSE;

  for (const char *p = ftext; *p != '\0'; p = g_utf8_next_char (p))
    {
      gboolean alnum = (guchar) *p < 0x80 && g_ascii_isalnum (*p);
      gboolean starts = alnum ? !in_word : (guchar) *p >= 0x80 && yc_cat_has_reading (g_utf8_get_char (p));

      in_word = alnum;
      if (starts && (full_pinyin_starts (p, query) || initials_start (p, query)))
        return TRUE;
    }
  return FALSE;
}

/* departments */

/* Whether every character of word is in text in order, within a stretch of text no
 * longer than three times the word: how a department's name is shortened (市场监管 for
 * 市场监督管理局, 人社 for 人力资源和社会保障局). */
static gboolean
shortens (const char *text,
          const char *word)
{
  g_autofree gunichar *t = NULL, *w = NULL;
  glong n_text, n_word;

  w = g_utf8_to_ucs4_fast (word, -1, &n_word);
  if (n_word < 2)
    return FALSE;
  for (glong i = 0; i < n_word; i++)
    if (!yc_han_is_han (w[i]))
      return FALSE;
  t = g_utf8_to_ucs4_fast (text, -1, &n_text);
  for (glong start = 0; start < n_text; start++)
    {
      glong at = start, k = 0;

      if (t[start] != w[0])
        continue;
      for (; at < n_text && k < n_word && at - start < 3 * n_word; at++)
        if (t[at] == w[k])
          k++;
      if (k == n_word)
        return TRUE;
    }
  return FALSE;
}

/* words in any order */

static int
count_bits (guint mask)
{
  int n = 0;

  for (; mask != 0; mask &= mask - 1)
    n++;
  return n;
}

static NameWords *
words_name (Words  *words,
            gint64  id)
{
  NameWords *name = g_hash_table_lookup (words->names, &id);

  if (name == NULL)
    {
      name = g_new0 (NameWords, 1);
      name->id = id;
      name->len = -1;
      g_hash_table_insert (words->names, &name->id, name);
    }
  return name;
}

static guint
words_keyword_mask (Words  *words,
                    gint64  id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (words->keywords, &id));
}

static void
words_add_keyword (Words  *words,
                   gint64  id,
                   guint   bit)
{
  guint mask = words_keyword_mask (words, id) | bit;

  g_hash_table_insert (words->keywords, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (mask));
}

/* The names, keywords and departments each word is in. */
static int
words_find (Words *words)
{
  Search *search = words->search;
  int rc;

  if (words->found)
    return SQLITE_OK;
  words->found = TRUE;
  rc = yc_cat_read_departments (search);

  for (guint i = 0; i < words->n_words && rc == SQLITE_OK; i++)
    {
      Word *word = &words->words[i];
      guint bit = 1u << i;
      g_autofree char *upper = yc_cat_upper_bound (word->text);
      g_autofree char *phrase = NULL;
      sqlite3_stmt *stmt;
      guint rows = 0;

      /* Names: by the word's pinyin, or its text (a trigram index from three
       * characters on, else a scan of the names, which are few). */
      if (word->pinyin && strlen (word->text) <= SHORT_PINYIN)
        {
          word->n_names = G_MAXUINT / 2;   /* too many to count */
          stmt = NULL;
        }
      else if (word->pinyin)
        {
          stmt = search->self->queries[Q_NAMES_WITH_PINYIN];
          yc_cat_bind_args (stmt, word->text, upper, WORD_NAMES);
        }
      else if (g_utf8_strlen (word->text, -1) >= 3)
        {
          stmt = search->self->queries[Q_NAMES_WITH_FTS];
          phrase = yc_cat_fts_phrase (word->text);
          yc_cat_bind_args (stmt, phrase, NULL, WORD_NAMES);
        }
      else
        {
          stmt = search->self->queries[Q_NAMES_WITH];
          yc_cat_bind_args (stmt, word->text, NULL, WORD_NAMES);
        }
      while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          NameWords *name = words_name (words, sqlite3_column_int64 (stmt, 0));

          rows++;
          if (!(name->mask & bit))
            word->n_names++;
          name->mask |= bit;
          if (!word->pinyin)
            {
              name->len = sqlite3_column_int64 (stmt, 1);
              if (name->fname == NULL)
                name->fname = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
            }
        }
      if (stmt != NULL && (rc = yc_cat_finish_statement (stmt, rc)) != SQLITE_OK)
        break;
      word->names_whole = stmt != NULL && rows < WORD_NAMES;
      if (word->names_whole)
        words->whole |= bit;

      /* Keywords: by their text, and by their pinyin for a word of letters. */
      stmt = search->self->queries[Q_KEYWORDS_WITH];
      yc_cat_bind_args (stmt, word->text, NULL, WORD_KEYWORDS);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          words_add_keyword (words, sqlite3_column_int64 (stmt, 0), bit);
          word->n_keywords++;
        }
      if ((rc = yc_cat_finish_statement (stmt, rc)) != SQLITE_OK)
        break;
      if (word->pinyin)
        {
          stmt = search->self->queries[Q_KEYWORDS_WITH_PINYIN];
          yc_cat_bind_args (stmt, word->text, upper, WORD_KEYWORDS);
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            {
              gint64 id = sqlite3_column_int64 (stmt, 0);

              if (!(words_keyword_mask (words, id) & bit))
                word->n_keywords++;
              words_add_keyword (words, id, bit);
            }
          if ((rc = yc_cat_finish_statement (stmt, rc)) != SQLITE_OK)
            break;
        }

      /* Departments: by their names, whole or shortened. */
      for (guint d = 0; d < search->departments->len; d += 2)
        {
          const char *code = g_ptr_array_index (search->departments, d);
          guint mask;

          if (!yc_cat_department_has (g_ptr_array_index (search->departments, d + 1), word->text))
            continue;
          mask = GPOINTER_TO_UINT (g_hash_table_lookup (words->departments, code)) | bit;
          g_hash_table_insert (words->departments, (gpointer) code, GUINT_TO_POINTER (mask));
          word->n_departments++;
        }
    }
  return rc;
}

/* Reads the name's length and text if not read yet. */
static int
words_read_name (Words     *words,
                 NameWords *name)
{
  sqlite3_stmt *stmt = words->search->self->queries[Q_NAME];
  int rc;

  if (name->fname != NULL)
    return SQLITE_OK;
  sqlite3_bind_int64 (stmt, 1, name->id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      name->len = sqlite3_column_int64 (stmt, 0);
      name->fname = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  return yc_cat_finish_statement (stmt, rc == SQLITE_ROW ? SQLITE_DONE : rc);
}

/* The words the name has. Those whose names are not all known are looked for in its
 * text. */
static int
words_in_name (Words      *words,
               NameWords  *name,
               guint      *mask)
{
  guint unknown = words->all & ~words->whole & ~name->known & ~name->mask;
  int rc;

  if (unknown != 0 && (rc = words_read_name (words, name)) != SQLITE_OK)
    return rc;
  /* Past the checks allowed, a word not known to be in the name counts as not in it:
   * the entries found still have every word, some that have them are not found. */
  for (guint i = 0; i < words->n_words && unknown != 0 && name->fname != NULL && words->checks > 0; i++)
    {
      const Word *word = &words->words[i];

      if (!(unknown & (1u << i)))
        continue;
      words->checks--;
      if (word->pinyin ? pinyin_in (name->fname, word->text) : strstr (name->fname, word->text) != NULL)
        name->mask |= 1u << i;
    }
  name->known |= unknown;
  *mask = name->mask;
  return SQLITE_OK;
}

/* The words an entry has in its keywords ("3,17,42") or code, read from its row. */
static int
words_of_entry_row (Words  *words,
                    gint64  id,
                    guint  *mask)
{
  sqlite3_stmt *stmt = words->search->self->queries[Q_ENTRY_WORDS];
  int rc;

  words->budget -= MIN (words->budget, TABLE_ROW);
  sqlite3_bind_int64 (stmt, 1, id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *kws = (const char *) sqlite3_column_text (stmt, 0);
      const char *fcode = (const char *) sqlite3_column_text (stmt, 1);

      while (kws != NULL && *kws != '\0' && *mask != words->all)
        {
          char *end;
          gint64 kw_id = g_ascii_strtoll (kws, &end, 10);

          *mask |= words_keyword_mask (words, kw_id);
          kws = *end == ',' ? end + 1 : NULL;
        }
      for (guint i = 0; i < words->n_words && fcode != NULL; i++)
        if (words->words[i].code && g_str_has_prefix (fcode, words->words[i].text))
          *mask |= 1u << i;
    }
  return yc_cat_finish_statement (stmt, rc == SQLITE_ROW ? SQLITE_DONE : rc);
}

/* The words an entry has: in its name and department, and only if those leave some out,
 * in its keywords or code. */
static int
words_of_entry (Words      *words,
                gint64      id,
                gint64      name_id,
                const char *dept,
                guint      *in_name,
                guint      *mask)
{
  int rc;

  *in_name = 0;
  if (name_id != 0 &&
      (rc = words_in_name (words, words_name (words, name_id), in_name)) != SQLITE_OK)
    return rc;
  *mask = *in_name;
  if (dept != NULL)
    *mask |= GPOINTER_TO_UINT (g_hash_table_lookup (words->departments, dept));
  if (*mask == words->all)
    return SQLITE_OK;
  return words_of_entry_row (words, id, mask);
}

/* Runs one of the Q_TERMS_OF_* queries (id, name length, code, name id, department);
 * the entries with every word become candidates, TERMS_IN_NAME if their name has them
 * all. id_arg, if not 0, is ?1, the name length ?2 and dept_arg ?3. bound: the best rank
 * a row may have; with the rows in order, they are read until past the worst kept. */
static int
words_collect (Words      *words,
               int         query,
               const char *arg1,
               const char *arg2,
               gint64      id_arg,
               gint64      len_arg,
               const char *dept_arg,
               Found       bound,
               Order       order)
{
  Search *search = words->search;
  sqlite3_stmt *stmt = search->self->queries[query];
  /* Those of a name or a department read their index alone. */
  guint cost = query == Q_TERMS_OF_KEYWORD || query == Q_TERMS_OF_CODE ? TABLE_ROW : 1;
  int rc;

  /* A query costs a table row's work whatever it finds. */
  words->budget -= MIN (words->budget, TABLE_ROW);
  if (words->budget < cost)
    return SQLITE_OK;
  yc_cat_bind_args (stmt, arg1, arg2, words->budget / cost);
  if (id_arg != 0)
    {
      sqlite3_bind_int64 (stmt, 1, id_arg);
      sqlite3_bind_int64 (stmt, 2, len_arg);
    }
  if (dept_arg != NULL)
    sqlite3_bind_text (stmt, 3, dept_arg, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && words->budget >= cost)
    {
      Candidate probe = { sqlite3_column_int64 (stmt, 0), bound.match, bound.sub,
                          sqlite3_column_int (stmt, 1), (char *) sqlite3_column_text (stmt, 2) };
      guint in_name, mask;

      words->budget -= cost;
      if ((order == ORDER_RANK && !yc_cat_search_wants (search, &probe)) ||
          (order == ORDER_LENGTH && yc_cat_search_past (search, &probe)))
        break;
      if (g_hash_table_contains (search->seen, &probe.id))
        continue;
      rc = words_of_entry (words, probe.id, sqlite3_column_int64 (stmt, 3),
                           (const char *) sqlite3_column_text (stmt, 4), &in_name, &mask);
      if (rc != SQLITE_OK)
        break;
      if (mask != words->all)
        continue;
      probe.match = in_name == words->all ? YC_CATALOGUE_MATCH_TERMS_IN_NAME : YC_CATALOGUE_MATCH_TERMS;
      probe.sub = count_bits (words->all & ~in_name);   /* words found elsewhere */
      yc_cat_search_offer (search, probe.id, probe.match, probe.sub, probe.name_len, probe.code);
    }
  return yc_cat_finish_statement (stmt, rc == SQLITE_ROW ? SQLITE_DONE : rc);
}

/* The best rank of an entry with every word, sub of them outside its name. */
static Found
words_found (int sub)
{
  return (Found) { sub == 0 ? YC_CATALOGUE_MATCH_TERMS_IN_NAME : YC_CATALOGUE_MATCH_TERMS, sub };
}

static gint
compare_name_rows (gconstpointer a,
                   gconstpointer b)
{
  const NameRow *x = a, *y = b;

  return (x->len > y->len) - (x->len < y->len);
}

static gint
compare_name_subs (gconstpointer a,
                   gconstpointer b)
{
  const NameSub *x = a, *y = b;

  if (x->sub != y->sub)
    return x->sub - y->sub;
  return (x->len > y->len) - (x->len < y->len);
}

/* shared with yc-catalogue-search.c */

int
yc_cat_read_departments (Search *search)
{
  sqlite3_stmt *stmt = search->self->queries[Q_DEPARTMENTS];
  int rc;

  if (search->departments != NULL)
    return SQLITE_OK;
  search->departments = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (search->departments, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (search->departments, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  return yc_cat_finish_statement (stmt, rc);
}

gboolean
yc_cat_department_has (const char *fname,
                       const char *word)
{
  return strstr (fname, word) != NULL || shortens (fname, word);
}

Words *
yc_cat_words_new (Search    *search,
                  GPtrArray *split)
{
  Words *words = g_new0 (Words, 1);

  g_return_val_if_fail (split->len >= 2 && split->len <= YC_CAT_MAX_WORDS, words);

  words->search = search;
  words->budget = WORDS_BUDGET;
  words->checks = WORDS_CHECKS;
  words->names = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, name_words_free);
  words->keywords = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  words->departments = g_hash_table_new (g_str_hash, g_str_equal);
  words->n_words = split->len;
  words->all = (1u << split->len) - 1;
  for (guint i = 0; i < split->len; i++)
    {
      words->words[i].text = g_ptr_array_index (split, i);
      words->words[i].pinyin = yc_cat_is_pinyin_query (words->words[i].text);
      words->words[i].code = yc_cat_is_code_query (words->words[i].text);
    }
  return words;
}

void
yc_cat_words_free (Words *words)
{
  if (words == NULL)
    return;
  g_clear_pointer (&words->names, g_hash_table_unref);
  g_clear_pointer (&words->keywords, g_hash_table_unref);
  g_clear_pointer (&words->departments, g_hash_table_unref);
  g_free (words);
}

int
yc_cat_words_collect_in_name (Words *words)
{
  g_autoptr(GArray) names = g_array_new (FALSE, FALSE, sizeof (NameRow));
  Found found = { YC_CATALOGUE_MATCH_TERMS_IN_NAME, 0 };
  guint narrow = 0;
  GHashTableIter iter;
  NameWords *name;
  int rc;

  if ((rc = words_find (words)) != SQLITE_OK)
    return rc;

  /* Each such name is among those of every word: those of the word in fewest names,
   * if they are all known, are the ones to try. */
  for (guint i = 1; i < words->n_words; i++)
    if ((words->words[i].names_whole && !words->words[narrow].names_whole) ||
        (words->words[i].names_whole == words->words[narrow].names_whole &&
         words->words[i].n_names < words->words[narrow].n_names))
      narrow = i;
  words->narrow = 1u << narrow;

  g_hash_table_iter_init (&iter, words->names);
  while (rc == SQLITE_OK && g_hash_table_iter_next (&iter, NULL, (gpointer *) &name))
    {
      guint mask;

      if (!(name->mask & (1u << narrow)) || (rc = words_in_name (words, name, &mask)) != SQLITE_OK ||
          mask != words->all || (name->len < 0 && (rc = words_read_name (words, name)) != SQLITE_OK))
        continue;
      {
        NameRow row = { name->id, name->len };
        g_array_append_val (names, row);
      }
    }
  if (rc != SQLITE_OK)
    return rc;
  g_array_sort (names, compare_name_rows);
  return yc_cat_collect_of_names (words->search, names, found);
}

/* Entries with every word somewhere, not all of them in the name. First those with a
 * word in the name, from the names of the words in few enough names: how many words an
 * entry has elsewhere is known by its name, so these come best first. Then, of the word
 * in fewest entries (as far as one can tell without counting), its keywords, departments
 * and the codes it starts: any entry with every word has that one there if not in its
 * name, and none of the words whose names were all read in its name. A word that only
 * departments have limits both to those departments. */
int
yc_cat_words_collect_anywhere (Words *words)
{
  Search *search = words->search;
  sqlite3_stmt *sizes = search->self->queries[Q_SIZES];
  double per_name = 40, per_keyword = 1000, per_department = 1000, best = G_MAXDOUBLE;
  guint n_departments;
  g_autoptr(GArray) names = g_array_new (FALSE, FALSE, sizeof (NameSub));
  g_autoptr(GPtrArray) departments = NULL;
  guint rare = 0, read = 0, only_in = 0;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  if ((rc = words_find (words)) != SQLITE_OK)
    return rc;
  n_departments = MAX (search->departments->len / 2, 1);
  if ((rc = sqlite3_step (sizes)) == SQLITE_ROW)
    {
      double entries = MAX (sqlite3_column_double (sizes, 0), 1);

      per_name = entries / MAX (sqlite3_column_double (sizes, 1), 1);
      per_keyword = entries / MAX (sqlite3_column_double (sizes, 2), 1);
      per_department = entries / n_departments;
    }
  if ((rc = yc_cat_finish_statement (sizes, rc == SQLITE_ROW ? SQLITE_DONE : rc)) != SQLITE_OK)
    return rc;
  for (guint i = 0; i < words->n_words; i++)
    {
      const Word *word = &words->words[i];
      double in_names = word->n_names * per_name;
      double cost = in_names + word->n_keywords * per_keyword + word->n_departments * per_department +
                    (word->code ? per_department : 0);

      if (cost < best)
        {
          best = cost;
          rare = i;
        }
      if (word->names_whole && in_names <= WORDS_BUDGET)
        read |= 1u << i;
    }
  if (best == 0)
    return SQLITE_OK;   /* a word is nowhere */
  read |= 1u << rare;

  /* A word only a department has (市场监管) leaves those departments alone to look in. */
  for (guint i = 0; i < words->n_words; i++)
    {
      const Word *word = &words->words[i];

      if (word->names_whole && word->n_names == 0 && word->n_keywords == 0 && !word->code)
        only_in |= 1u << i;
    }
  if (only_in != 0)
    {
      departments = g_ptr_array_new ();
      g_hash_table_iter_init (&iter, words->departments);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if ((GPOINTER_TO_UINT (value) & only_in) == only_in)
          g_ptr_array_add (departments, key);
    }

  g_hash_table_iter_init (&iter, words->names);
  while (rc == SQLITE_OK && g_hash_table_iter_next (&iter, NULL, &value))
    {
      NameWords *name = value;
      guint in_name;

      if (!(name->mask & read) || (rc = words_in_name (words, name, &in_name)) != SQLITE_OK)
        continue;
      if (in_name == words->all && (words->whole & words->narrow))
        continue;   /* yc_cat_words_collect_in_name() took it */
      if (name->len < 0 && (rc = words_read_name (words, name)) != SQLITE_OK)
        continue;
      {
        NameSub row = { name->id, name->len, count_bits (words->all & ~in_name) };
        g_array_append_val (names, row);
      }
    }
  if (rc != SQLITE_OK)
    return rc;
  g_array_sort (names, compare_name_subs);
  for (guint i = 0; i < names->len && rc == SQLITE_OK && words->budget > 0; i++)
    {
      const NameSub *name = &g_array_index (names, NameSub, i);
      Found found = words_found (name->sub);
      Candidate probe = { 0, found.match, found.sub, (int) name->len, (char *) "" };

      if (yc_cat_search_past (search, &probe))
        break;
      if (departments == NULL)
        rc = words_collect (words, Q_TERMS_OF_NAME, NULL, NULL, name->id, name->len, NULL, found, ORDER_RANK);
      for (guint d = 0; departments != NULL && d < departments->len && rc == SQLITE_OK; d++)
        rc = words_collect (words, Q_TERMS_OF_NAME_IN, NULL, NULL, name->id, name->len,
                            g_ptr_array_index (departments, d), found, ORDER_RANK);
    }

  /* What is left has none of the words whose names were all read in its name. */
  {
    Found bound = words_found (count_bits (read & words->whole));
    guint bit = 1u << rare;
    const Word *word = &words->words[rare];

    g_hash_table_iter_init (&iter, words->keywords);
    while (rc == SQLITE_OK && words->budget > 0 && g_hash_table_iter_next (&iter, &key, &value))
      if (GPOINTER_TO_UINT (value) & bit)
        rc = words_collect (words, Q_TERMS_OF_KEYWORD, NULL, NULL, *(gint64 *) key, 0, NULL, bound, ORDER_LENGTH);
    g_hash_table_iter_init (&iter, words->departments);
    while (rc == SQLITE_OK && words->budget > 0 && g_hash_table_iter_next (&iter, &key, &value))
      if ((GPOINTER_TO_UINT (value) & bit) &&
          (departments == NULL || g_ptr_array_find (departments, key, NULL)))
        rc = words_collect (words, Q_TERMS_OF_DEPARTMENT, key, NULL, 0, 0, NULL, bound, ORDER_LENGTH);
    if (rc == SQLITE_OK && word->code)
      {
        g_autofree char *upper = yc_cat_upper_bound (word->text);
        rc = words_collect (words, Q_TERMS_OF_CODE, word->text, upper, 0, 0, NULL, bound, ORDER_NONE);
      }
  }
  return rc;
}
