/* yc-han.c: search folding (OpenCC) and pinyin keys over the generated Unihan tables. */
#include "yc-han.h"
#include "yc-script.h"

#include <string.h>

/* Made at build time by tools/gen-han-table; static data for this file only. */
#include "yc-han-table.h"

/* Text from the network or a clerk's keyboard may be broken UTF-8; walking it with
 * g_utf8_next_char could then step over the terminating NUL. */
static const char *
valid_utf8 (const char  *text,
            char       **repaired)
{
  if (text == NULL)
    return "";
  if (g_utf8_validate (text, -1, NULL))
    return text;
  *repaired = g_utf8_make_valid (text, -1);
  return *repaired;
}

/* The index of c's reading list, or -1 when c has no Mandarin reading. */
static int
reading_list (gunichar c)
{
  guint lo = 0, hi = HAN_N_RUNS;

  /* The last run that starts at or before c. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (han_run_cp[mid] <= c)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return -1;
  lo--;

  if (c - han_run_cp[lo] >= han_run_first[lo + 1] - han_run_first[lo])
    return -1;
  return han_list[han_run_first[lo] + (c - han_run_cp[lo])];
}

const char *
yc_han_readings (gunichar c)
{
  int list = reading_list (c);

  return list >= 0 ? han_pool + han_list_off[list] : NULL;
}

gunichar
yc_han_simplify (gunichar c)
{
  char in[8] = { 0 };
  g_autofree char *out = NULL;
  gunichar simplified;

  /* Nothing below the CJK radicals has a simplified form: ASCII text stays fast. */
  if (c < 0x2E80 || c > 0x10FFFF)
    return c;

  g_unichar_to_utf8 (c, in);
  out = yc_script_convert (YC_SCRIPT_SIMPLIFIED, in);
  simplified = g_utf8_get_char (out);
  /* One character in, one out; anything else is not a simplified form of c. */
  if (out[0] == '\0' || *g_utf8_next_char (out) != '\0')
    return c;
  return simplified;
}

gboolean
yc_han_is_han (gunichar c)
{
  return g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN;
}

gboolean
yc_han_has_han (const char *text)
{
  g_autofree char *repaired = NULL;

  for (const char *p = valid_utf8 (text, &repaired); *p != '\0'; p = g_utf8_next_char (p))
    if ((guchar) *p >= 0x80 && yc_han_is_han (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

char *
yc_han_fold (const char *text)
{
  g_autofree char *repaired = NULL;
  g_autofree char *nfkc = NULL;
  char *simplified;

  /* NFKC first: full-width letters and digits become ASCII, compatibility
   * ideographs become the unified ones OpenCC knows. Then OpenCC's own
   * Traditional→Simplified, phrase by phrase (乾燥 → 干燥 but 乾隆 stays), so the
   * fold agrees with the converter everyone else uses, by construction. */
  nfkc = g_utf8_normalize (valid_utf8 (text, &repaired), -1, G_NORMALIZE_ALL_COMPOSE);
  simplified = yc_script_convert (YC_SCRIPT_SIMPLIFIED, nfkc);
  for (char *p = simplified; *p != '\0'; p++)
    *p = g_ascii_tolower (*p);
  return simplified;
}

/* One piece of a pinyin key: an ASCII letter or digit, or a Han character with its
 * readings ("xing,hang,heng", the likeliest first). */
typedef struct
{
  const char *text;
  guint       len;     /* of a literal; 0 for readings */
  guint       n;       /* how many readings; 1 for a literal */
  guint       modern;  /* how many of them a modern dictionary lists */
  guint       slot;    /* where a polyphonic piece's choice is kept */
} Piece;

/* One combination of readings, one per polyphonic piece, waiting its turn. */
typedef struct
{
  guint cost;
  guint pivot;         /* the slot changed last; only slots from here on change */
  guint reading[];
} Choice;

/* An archaic reading (from kHanyuPinyin only) counts as if it were this many
 * places further down the list: a modern second reading is tried before it. */
#define ARCHAIC_COST 2

static guint
reading_cost (const Piece *piece,
              guint        reading)
{
  return reading < piece->modern ? reading : reading + ARCHAIC_COST;
}

/* The queue is short (never longer than the budget): sorted insertion is enough. */
static void
queue_insert (GPtrArray *queue,
              Choice    *choice)
{
  guint i = queue->len;

  /* Later arrivals of the same cost stay behind earlier ones. */
  while (i > 0 && ((Choice *) g_ptr_array_index (queue, i - 1))->cost > choice->cost)
    i--;
  g_ptr_array_insert (queue, (int) i, choice);
}

static guint
count_readings (const char *readings)
{
  guint n = 1;

  for (const char *p = readings; *p != '\0'; p++)
    if (*p == ',')
      n++;
  return n;
}

static const char *
nth_reading (const char *readings,
             guint       nth,
             guint      *len)
{
  const char *p = readings;
  const char *end;

  for (; nth > 0; nth--)
    p = strchr (p, ',') + 1;
  end = strchr (p, ',');
  *len = end != NULL ? (guint) (end - p) : (guint) strlen (p);
  return p;
}

static void
add_key (GPtrArray  *keys,
         const char *key)
{
  if (*key == '\0')
    return;
  /* At most twice the budget of keys: a scan beats hashing them. */
  for (guint i = 0; i < keys->len; i++)
    if (strcmp (g_ptr_array_index (keys, i), key) == 0)
      return;
  g_ptr_array_add (keys, g_strdup (key));
}

static void
add_choice (GPtrArray    *keys,
            GArray       *pieces,
            const Choice *choice,
            GString      *full,
            GString      *initials)
{
  g_string_truncate (full, 0);
  g_string_truncate (initials, 0);
  for (guint i = 0; i < pieces->len; i++)
    {
      const Piece *piece = &g_array_index (pieces, Piece, i);

      if (piece->len > 0)
        {
          g_string_append_len (full, piece->text, piece->len);
          g_string_append_len (initials, piece->text, piece->len);
        }
      else
        {
          guint len;
          const char *reading = nth_reading (piece->text, piece->n > 1 ? choice->reading[piece->slot] : 0, &len);

          g_string_append_len (full, reading, len);
          g_string_append_c (initials, reading[0]);
        }
    }
  add_key (keys, full->str);
  add_key (keys, initials->str);
}

GPtrArray *
yc_han_pinyin_keys (const char *text,
                    guint       max_variants)
{
  g_autofree char *repaired = NULL;
  g_autofree char *nfkc = NULL;
  g_autoptr(GArray) pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  g_autofree guint *slot_piece = NULL;
  g_autoptr(GString) full = g_string_new (NULL);
  g_autoptr(GString) initials = g_string_new (NULL);
  g_autoptr(GPtrArray) queue = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  guint n_slots = 0;
  Choice *choice;

  nfkc = g_utf8_normalize (valid_utf8 (text, &repaired), -1, G_NORMALIZE_ALL_COMPOSE);
  for (char *p = nfkc; *p != '\0'; p = g_utf8_next_char (p))
    {
      Piece piece = { NULL, 0, 1, 1, 0 };

      if (g_ascii_isalnum (*p))
        {
          *p = g_ascii_tolower (*p);
          piece.text = p;
          piece.len = 1;
        }
      else if ((guchar) *p >= 0x80)
        {
          gunichar c = g_utf8_get_char (p);
          int list = reading_list (c);

          /* A Traditional character has its own readings; a rare one may only
           * have them under its Simplified form. */
          if (list < 0)
            list = reading_list (yc_han_simplify (c));
          if (list < 0)
            continue;
          piece.text = han_pool + han_list_off[list];
          piece.n = count_readings (piece.text);
          piece.modern = han_list_modern[list];
          if (piece.n > 1)
            piece.slot = n_slots++;
        }
      else
        continue;
      g_array_append_val (pieces, piece);
    }

  if (pieces->len == 0)
    return keys;

  slot_piece = g_new0 (guint, MAX (n_slots, 1));
  for (guint i = 0; i < pieces->len; i++)
    if (g_array_index (pieces, Piece, i).n > 1)
      slot_piece[g_array_index (pieces, Piece, i).slot] = i;

  /* Best first: the likeliest reading of every character, then the combinations
   * that cost least more. A choice only moves slots from its pivot on, so each
   * combination is queued once; readings only grow dearer down a list, so what
   * comes out of the queue never gets cheaper. */
  choice = g_malloc0 (sizeof (Choice) + n_slots * sizeof (guint));
  g_ptr_array_add (queue, choice);
  for (guint budget = MAX (max_variants, 1); budget > 0 && queue->len > 0; budget--)
    {
      g_autofree Choice *best = g_ptr_array_steal_index (queue, 0);

      add_choice (keys, pieces, best, full, initials);

      for (guint s = best->pivot; s < n_slots; s++)
        {
          const Piece *piece = &g_array_index (pieces, Piece, slot_piece[s]);
          guint r = best->reading[s];

          if (r + 1 >= piece->n)
            continue;
          choice = g_memdup2 (best, sizeof (Choice) + n_slots * sizeof (guint));
          choice->reading[s] = r + 1;
          choice->pivot = s;
          choice->cost = best->cost - reading_cost (piece, r) + reading_cost (piece, r + 1);
          queue_insert (queue, choice);
        }

      /* What the remaining budget can never take out need not wait: the work stays
       * proportional to the budget, not to the number of combinations. */
      if (queue->len > budget - 1)
        g_ptr_array_set_size (queue, (int) (budget - 1));
    }

  return keys;
}
