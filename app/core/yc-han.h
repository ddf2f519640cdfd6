/* yc-han.h: Chinese text for search: folding (NFKC, ASCII case, Traditional→Simplified
 * with OpenCC's t2s) and pinyin keys, from tables generated out of the Unicode Han
 * database's readings. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The form both the index and a query are compared in: NFKC, Simplified as OpenCC's
 * t2s writes it (phrase-aware), ASCII lowercase. "營業執照" → "营业执照",
 * "諮詢" → "咨询", "ＡＢＣ１２" → "abc12". Never NULL. */
char       *yc_han_fold        (const char *text);

/* Keys to index a name under: per combination of readings, the full pinyin
 * ("qiyekaiban") then the initials ("qykb"); ASCII letters and digits kept, the rest
 * dropped. Likeliest first, no repeats, at most max_variants combinations (0 counts
 * as 1), so at most 2 × max_variants keys. Elements are owned by the array. */
GPtrArray  *yc_han_pinyin_keys (const char *text,
                                guint       max_variants);

gboolean    yc_han_has_han     (const char *text);
gboolean    yc_han_is_han      (gunichar    c);

/* "xing,hang,heng": toneless, ü as v, the likeliest first; NULL for no reading. */
const char *yc_han_readings    (gunichar    c);
/* The Simplified form of a Traditional character by itself (OpenCC t2s), else c. */
gunichar    yc_han_simplify    (gunichar    c);

G_END_DECLS
