/* yc-script.c: OpenCC converters, opened once per configuration and shared: OpenCC's
 * converters keep no state between calls, so threads may use one at the same time. */
#include "yc-script.h"

#include <string.h>

#include <opencc/opencc.h>

#define N_SCRIPTS (YC_SCRIPT_HONG_KONG + 1)

/* s2tw and s2hk, not s2twp: a phrase-level conversion renames official items
 * (信息 → 資訊), and a guide's name is what the centre wrote. */
static const char *const config_files[N_SCRIPTS] = {
  [YC_SCRIPT_SIMPLIFIED] = "t2s.json",
  [YC_SCRIPT_TAIWAN] = "s2tw.json",
  [YC_SCRIPT_HONG_KONG] = "s2hk.json",
};

static opencc_t
converter (YcScript script)
{
  static gsize ready[N_SCRIPTS];
  static opencc_t handles[N_SCRIPTS];

  if (g_once_init_enter (&ready[script]))
    {
      opencc_t handle = opencc_open (config_files[script]);

      if (handle == (opencc_t) -1)
        {
          g_warning ("Cannot open the OpenCC conversion %s (%s): Chinese text is used as written",
                     config_files[script], opencc_error ());
          handle = NULL;
        }
      handles[script] = handle;
      g_once_init_leave (&ready[script], 1);
    }
  return handles[script];
}

static gboolean
has_non_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return TRUE;
  return FALSE;
}

char *
yc_script_convert (YcScript    script,
                   const char *text)
{
  g_autofree char *repaired = NULL;
  opencc_t handle;
  char *converted;
  char *copy;

  g_return_val_if_fail (script >= YC_SCRIPT_AS_WRITTEN && script < N_SCRIPTS, g_strdup (text ? text : ""));

  if (text == NULL)
    return g_strdup ("");
  if (!g_utf8_validate (text, -1, NULL))
    text = repaired = g_utf8_make_valid (text, -1);

  /* ASCII is the same in every script: most codes and numbers never reach OpenCC. */
  if (script == YC_SCRIPT_AS_WRITTEN || !has_non_ascii (text))
    return repaired != NULL ? g_steal_pointer (&repaired) : g_strdup (text);

  handle = converter (script);
  if (handle == NULL)
    return repaired != NULL ? g_steal_pointer (&repaired) : g_strdup (text);

  converted = opencc_convert_utf8 (handle, text, strlen (text));
  if (converted == NULL)
    return repaired != NULL ? g_steal_pointer (&repaired) : g_strdup (text);
  copy = g_strdup (converted);
  opencc_convert_utf8_free (converted);
  return copy;
}

YcScript
yc_script_for_language (const char *language)
{
  g_autofree char *tag = NULL;
  char *cut;

  if (language == NULL)
    return YC_SCRIPT_AS_WRITTEN;

  /* "zh_TW.UTF-8@variant" → "zh_TW"; "zh-Hant" spelled with a hyphen too. */
  tag = g_strdup (language);
  cut = strpbrk (tag, ".@");
  if (cut != NULL)
    *cut = '\0';
  g_strdelimit (tag, "-", '_');

  if (g_ascii_strcasecmp (tag, "zh_TW") == 0 || g_ascii_strcasecmp (tag, "zh_Hant") == 0
      || g_ascii_strcasecmp (tag, "zh_Hant_TW") == 0)
    return YC_SCRIPT_TAIWAN;
  if (g_ascii_strcasecmp (tag, "zh_HK") == 0 || g_ascii_strcasecmp (tag, "zh_MO") == 0
      || g_ascii_strcasecmp (tag, "zh_Hant_HK") == 0)
    return YC_SCRIPT_HONG_KONG;
  if (g_ascii_strcasecmp (tag, "zh") == 0 || g_ascii_strcasecmp (tag, "zh_CN") == 0
      || g_ascii_strcasecmp (tag, "zh_SG") == 0 || g_ascii_strcasecmp (tag, "zh_Hans") == 0
      || g_ascii_strcasecmp (tag, "zh_Hans_CN") == 0)
    return YC_SCRIPT_SIMPLIFIED;
  return YC_SCRIPT_AS_WRITTEN;
}
