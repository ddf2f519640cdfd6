/* test-han.c: search folding and pinyin keys of app/core/yc-han, table-driven. */
#include <locale.h>
#include <string.h>

#include "core/yc-han.h"

static gboolean
keys_contain (GPtrArray  *keys,
              const char *key)
{
  for (guint i = 0; i < keys->len; i++)
    if (g_str_equal (g_ptr_array_index (keys, i), key))
      return TRUE;
  return FALSE;
}

static char *
keys_describe (GPtrArray *keys)
{
  g_autoptr(GString) out = g_string_new ("[");

  for (guint i = 0; i < keys->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "", (char *) g_ptr_array_index (keys, i));
  g_string_append_c (out, ']');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* What every key list promises: no empty key, no repeat, lowercase ASCII only. */
static void
assert_keys_well_formed (GPtrArray *keys)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      g_assert_cmpuint (strlen (key), >, 0);
      for (const char *p = key; *p != '\0'; p++)
        g_assert_true (g_ascii_islower (*p) || g_ascii_isdigit (*p));
      g_assert_true (g_hash_table_add (seen, (gpointer) key));
    }
}

static void
test_fold (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "營業執照", "营业执照" },
    { "臺灣", "台湾" },
    { "企业开办", "企业开办" },
    { "ＡＢＣ１２", "abc12" },
    { "營業執照ＡＢ-12號 Room", "营业执照ab-12号 room" },
    { "（設立登記）", "(设立登记)" },
    /* U+F900, a compatibility ideograph: NFKC makes it 豈, the variant table 岂. */
    { "\xef\xa4\x80", "岂" },
    /* A character outside the BMP keeps its bytes. */
    { "\xf0\xa0\x80\x80", "\xf0\xa0\x80\x80" },
    { "ab\xff" "c", "ab\xef\xbf\xbd" "c" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = yc_han_fold (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }

  {
    g_autofree char *none = yc_han_fold (NULL);
    g_assert_cmpstr (none, ==, "");
  }
}

static void
test_lookup (void)
{
  static const struct { gunichar c; const char *first; const char *also; } readings[] = {
    { 0x884C /* 行 */, "xing", "hang" },
    { 0x91CD /* 重 */, "zhong", "chong" },
    { 0x957F /* 长 */, "zhang", "chang" },
    { 0x4E50 /* 乐 */, "le", "yue" },
    { 0x5355 /* 单 */, "dan", "shan" },
    { 0x7EFF /* 绿 */, "lv", "lu" },
    { 0x71DF /* 營 */, "ying", NULL },
    { 0x20000 /* 𠀀 */, "he", NULL },
  };
  static const struct { gunichar in, out; } simplified[] = {
    { 0x71DF /* 營 */, 0x8425 /* 营 */ },
    { 0x81FA /* 臺 */, 0x53F0 /* 台 */ },
    { 0x7063 /* 灣 */, 0x6E7E /* 湾 */ },
    { 0x8425 /* 营 */, 0x8425 },
    { 0x53F0 /* 台 */, 0x53F0 },
    { 'A', 'A' },
    { 0, 0 },
    { 0x10FFFF, 0x10FFFF },
  };

  for (guint i = 0; i < G_N_ELEMENTS (readings); i++)
    {
      const char *list = yc_han_readings (readings[i].c);
      g_auto(GStrv) each = NULL;

      g_assert_nonnull (list);
      each = g_strsplit (list, ",", -1);
      g_assert_cmpstr (each[0], ==, readings[i].first);
      if (readings[i].also != NULL)
        g_assert_true (g_strv_contains ((const char * const *) each, readings[i].also));
    }
  g_assert_null (yc_han_readings ('a'));
  g_assert_null (yc_han_readings (0));
  g_assert_null (yc_han_readings (0x3000));
  g_assert_null (yc_han_readings (0x10FFFF));

  for (guint i = 0; i < G_N_ELEMENTS (simplified); i++)
    g_assert_cmpuint (yc_han_simplify (simplified[i].in), ==, simplified[i].out);
}

static void
test_has_han (void)
{
  static const struct { const char *text; gboolean han; } cases[] = {
    { "企业开办", TRUE },
    { "qykb", FALSE },
    { "ab营c", TRUE },
    { "ＡＢＣ", FALSE },
    { "營業", TRUE },
    { "\xf0\xa0\x80\x80", TRUE },
    { "（）、。", FALSE },
    { "ab\xff", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (yc_han_has_han (cases[i].text), ==, cases[i].han);
  g_assert_false (yc_han_has_han (NULL));
}

#define MAX_EXPECTED 6

static void
test_pinyin_keys (void)
{
  /* first: the keys in order from the start; has: anywhere; lacks: nowhere. */
  static const struct {
    const char *text;
    guint max_variants;
    const char *first[MAX_EXPECTED];
    const char *has[MAX_EXPECTED];
    const char *lacks[MAX_EXPECTED];
  } cases[] = {
    { "企业开办", 16, { "qiyekaiban", "qykb" }, { NULL }, { NULL } },
    { "营业执照", 16, { "yingyezhizhao", "yyzz" }, { NULL }, { NULL } },
    { "營業執照", 16, { "yingyezhizhao", "yyzz" }, { NULL }, { NULL } },
    /* 行 is xíng in kMandarin; háng comes as a variant. */
    { "银行", 16, { "yinxing", "yx" }, { "yinhang", "yh" }, { NULL } },
    { "银行开户", 16, { "yinxingkaihu", "yxkh" }, { "yinhangkaihu", "yhkh" }, { NULL } },
    { "行政许可", 16, { "xingzhengxuke", "xzxk" }, { "hangzhengxuke" }, { NULL } },
    { "重庆", 16, { "zhongqing", "zq" }, { "chongqing", "cq" }, { NULL } },
    { "长春", 16, { "zhangchun", "zc" }, { "changchun", "cc" }, { NULL } },
    { "单位", 16, { "danwei", "dw" }, { "shanwei", "chanwei" }, { NULL } },
    { "乐", 16, { "le", "l" }, { "yue", "y" }, { NULL } },
    { "绿", 16, { "lv", "l" }, { "lu" }, { NULL } },
    { "绿色通道", 1, { "lvsetongdao", "lstd" }, { NULL }, { "lusetongdao" } },
    /* ASCII letters and digits stay, in both kinds of key; everything else goes. */
    { "ＡＢ座12号楼", 1, { "abzuo12haolou", "abz12hl" }, { NULL }, { NULL } },
    { "5G 网络·办理", 1, { "5gwangluobanli", "5gwlbl" }, { NULL }, { NULL } },
    { "GB 11643", 4, { "gb11643" }, { NULL }, { NULL } },
    /* The cap counts combinations: at 3, the likeliest one and the two that
     * differ from it in one character, not the one that differs in two. */
    { "重庆长春", 3,
      { "zhongqingzhangchun", "zqzc" },
      { "zhongqingchangchun", "chongqingzhangchun", "zqcc", "cqzc" },
      { "chongqingchangchun", "cqcc" } },
    /* A second reading from a modern dictionary (行 háng) comes before an archaic
     * one (可 gē, 位 lì) even when the archaic one sits on a later character. */
    { "行政许可", 2, { "xingzhengxuke", "xzxk", "hangzhengxuke", "hzxk" }, { NULL }, { "xingzhengxuge" } },
    { "单位", 3, { "danwei", "dw" }, { "chanwei", "shanwei" }, { "danli", "dl" } },
    /* A cap of 0 still gives the likeliest key. */
    { "重庆", 0, { "zhongqing", "zq" }, { NULL }, { "chongqing", "cq" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) keys = yc_han_pinyin_keys (cases[i].text, cases[i].max_variants);
      g_autofree char *described = keys_describe (keys);

      g_test_message ("%s (%u): %s", cases[i].text, cases[i].max_variants, described);
      assert_keys_well_formed (keys);
      g_assert_cmpuint (keys->len, <=, 2 * MAX (cases[i].max_variants, 1));
      for (guint k = 0; k < MAX_EXPECTED && cases[i].first[k] != NULL; k++)
        {
          g_assert_cmpuint (k, <, keys->len);
          g_assert_cmpstr (g_ptr_array_index (keys, k), ==, cases[i].first[k]);
        }
      for (guint k = 0; k < MAX_EXPECTED && cases[i].has[k] != NULL; k++)
        if (!keys_contain (keys, cases[i].has[k]))
          g_error ("%s: %s is not among %s", cases[i].text, cases[i].has[k], described);
      for (guint k = 0; k < MAX_EXPECTED && cases[i].lacks[k] != NULL; k++)
        if (keys_contain (keys, cases[i].lacks[k]))
          g_error ("%s: %s is among %s", cases[i].text, cases[i].lacks[k], described);
    }
}

static void
test_pinyin_keys_exact (void)
{
  static const struct { const char *text; const char *keys; } cases[] = {
    { "企业开办", "[qiyekaiban qykb]" },
    { "GB 11643", "[gb11643]" },
    { "ＡＢＣ１２", "[abc12]" },
    { "", "[]" },
    { "（）、。·—", "[]" },
    { "ab\xff", "[ab]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) keys = yc_han_pinyin_keys (cases[i].text, 8);
      g_autofree char *described = keys_describe (keys);
      g_assert_cmpstr (described, ==, cases[i].keys);
    }

  {
    g_autoptr(GPtrArray) keys = yc_han_pinyin_keys (NULL, 8);
    g_assert_cmpuint (keys->len, ==, 0);
  }
}

/* A long name full of polyphonic characters: the cap holds and the work stays
 * bounded, however many combinations there would be. */
static void
test_pinyin_keys_cap (void)
{
  static const guint caps[] = { 1, 2, 5, 16, 64 };
  g_autoptr(GString) name = g_string_new (NULL);

  for (guint i = 0; i < 12; i++)
    g_string_append (name, "重行长单乐");

  for (guint i = 0; i < G_N_ELEMENTS (caps); i++)
    {
      g_autoptr(GPtrArray) keys = yc_han_pinyin_keys (name->str, caps[i]);

      assert_keys_well_formed (keys);
      g_assert_cmpuint (keys->len, >=, MIN (caps[i], 2));
      g_assert_cmpuint (keys->len, <=, 2 * caps[i]);
      g_assert_true (g_str_has_prefix (g_ptr_array_index (keys, 0), "zhongxingzhangdanle"));
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/han/fold", test_fold);
  g_test_add_func ("/core/han/lookup", test_lookup);
  g_test_add_func ("/core/han/has-han", test_has_han);
  g_test_add_func ("/core/han/pinyin-keys", test_pinyin_keys);
  g_test_add_func ("/core/han/pinyin-keys-exact", test_pinyin_keys_exact);
  g_test_add_func ("/core/han/pinyin-keys-cap", test_pinyin_keys_cap);

  return g_test_run ();
}
