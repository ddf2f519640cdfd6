/* yc-script.h: Chinese text from one script to another with OpenCC, the converter the
 * Chinese-language world uses: Traditional→Simplified for search, Simplified→Traditional
 * (character by character, Taiwan or Hong Kong standard) for showing server data to a
 * clerk whose desk speaks Traditional. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  YC_SCRIPT_AS_WRITTEN,   /* no conversion */
  YC_SCRIPT_SIMPLIFIED,   /* OpenCC t2s: phrase-aware Traditional→Simplified */
  YC_SCRIPT_TAIWAN,       /* OpenCC s2tw: characters, Taiwan standard; no vocabulary swaps */
  YC_SCRIPT_HONG_KONG,    /* OpenCC s2hk: characters, Hong Kong standard */
} YcScript;

/* text in script; text itself (copied) for YC_SCRIPT_AS_WRITTEN, for text with no Han
 * character, and when OpenCC's tables cannot be read (warned once). Broken UTF-8 is
 * repaired first. NULL gives "". Never NULL; safe from any thread. */
char     *yc_script_convert      (YcScript    script,
                                  const char *text);

/* The script a translation's language is written in, by its gettext name: "zh_TW",
 * "zh_TW.UTF-8", "zh_Hant" → TAIWAN; "zh_HK", "zh_MO" → HONG_KONG; "zh_CN", "zh_SG",
 * "zh", "zh_Hans" → SIMPLIFIED; anything else (or NULL) → AS_WRITTEN. */
YcScript  yc_script_for_language (const char *language);

G_END_DECLS
