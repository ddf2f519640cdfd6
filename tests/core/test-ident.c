/* test-ident.c: identifier checks with the standards' published examples and corrupted
 * variants of them. Every check character below was computed by hand from the
 * standards' weights, not copied; each "wrong date" or "wrong province" number has a
 * right check character, so that only the part named is wrong. */
#include <locale.h>
#include <string.h>

#include "core/yc-error.h"
#include "core/yc-ident.h"

static GDate *
day (int y, int m, int d)
{
  return g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

/* The sentences are the English msgids (the C locale); the number never appears in
 * them, as typed or normalised. */
static void
assert_message (const char   *text,
                const GError *error,
                const char   *words)
{
  g_autofree char *normal = yc_ident_normalize (text);

  g_assert_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT);
  if (strstr (error->message, words) == NULL)
    g_error ("%s: “%s” does not say “%s”", text, error->message, words);
  if (*normal != '\0')
    {
      g_assert_null (strstr (error->message, text));
      g_assert_null (strstr (error->message, normal));
    }
}

static void
assert_id_refused (const char *text,
                   const char *words)
{
  g_autoptr(GDate) today = day (2026, 11, 22);
  g_autoptr(GError) error = NULL;
  g_autofree char *number = yc_ident_check_id_number (text, today, NULL, &error);

  if (number != NULL)
    g_error ("%s was accepted", text);
  assert_message (text, error, words);
}

static void
assert_id_holder (const char *text,
                  const char *normal,
                  int         year,
                  int         month,
                  int         mday,
                  gboolean    male)
{
  g_autoptr(GDate) today = day (2026, 11, 22);
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  YcIdHolder holder;

  memset (&holder, 0xa5, sizeof holder);
  number = yc_ident_check_id_number (text, today, &holder, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (number, ==, normal);
  g_assert_true (g_date_valid (&holder.birth));
  g_assert_cmpint (g_date_get_year (&holder.birth), ==, year);
  g_assert_cmpint (g_date_get_month (&holder.birth), ==, month);
  g_assert_cmpint (g_date_get_day (&holder.birth), ==, mday);
  g_assert_cmpint (holder.male, ==, male);
}

static void
test_id_number (void)
{
  /* GB 11643-1999's example, and numbers built on it with their check digit computed. */
  assert_id_holder ("11010519491231002X", "11010519491231002X", 1949, 12, 31, FALSE);
  assert_id_holder ("110105194912310011", "110105194912310011", 1949, 12, 31, TRUE);
  assert_id_holder ("440524198001010013", "440524198001010013", 1980, 1, 1, TRUE);
  /* The first and the last day a birth may be on. */
  assert_id_holder ("11010519000101001X", "11010519000101001X", 1900, 1, 1, TRUE);
  assert_id_holder ("11010520261122001X", "11010520261122001X", 2026, 11, 22, TRUE);
  /* Residence permits of people from Hong Kong and Taiwan. */
  assert_id_holder ("810000198001010014", "810000198001010014", 1980, 1, 1, TRUE);
  assert_id_holder ("830000198001010026", "830000198001010026", 1980, 1, 1, FALSE);
  /* As an input method gives it: full-width digits, spaces (an ideographic one too), a
   * small x. */
  assert_id_holder ("１１０１０５\u30001949 1231 002ｘ", "11010519491231002X", 1949, 12, 31, FALSE);
  assert_id_holder (" 11010519491231002x\n", "11010519491231002X", 1949, 12, 31, FALSE);

  /* No holder wanted; no today given. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *number = yc_ident_check_id_number ("11010519491231002X", NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (number, ==, "11010519491231002X");
  }

  assert_id_refused ("11010519491231003X", "The last character of this ID card number does not fit the others: "
                                           "a digit was probably typed wrong."); /* one digit changed */
  assert_id_refused ("11010519491213002X", "does not fit");   /* two digits swapped */
  assert_id_refused ("110105194912310021", "does not fit");   /* wrong check digit */
  assert_id_refused ("110105199902300023", "The date of birth in this ID card number does not exist.");
  assert_id_refused ("110105194913310021", "does not exist"); /* month 13 */
  assert_id_refused ("110105202611230015", "The date of birth in this ID card number is after today.");
  assert_id_refused ("11010520271231002X", "after today");
  assert_id_refused ("110105189912310015", "The date of birth in this ID card number is before 1900.");
  assert_id_refused ("440524188001010014", "before 1900");    /* the standard's second example */
  assert_id_refused ("990105194912310023", "The first two digits of this ID card number are not the code "
                                           "of a province or region of China.");
  assert_id_refused ("000105194912310024", "province");
  assert_id_refused ("720105194912310023", "province");
  assert_id_refused ("840105194912310020", "province");
  assert_id_refused ("1101051949123100", "An ID card number has 18 characters; this one has 16.");
  assert_id_refused ("11010519491231002XX", "18 characters; this one has 19.");
  assert_id_refused ("", "18 characters; this one has 0.");
  assert_id_refused ("110105491231002", "This is an old 15-digit number: ask for the 18-digit number on "
                                        "the current ID card.");
  assert_id_refused ("1101051949123100A2", "An ID card number is 17 digits and a last digit or X.");
  assert_id_refused ("X10105194912310021", "17 digits");
  assert_id_refused ("11010519491231002Y", "17 digits");
  assert_id_refused ("11010519491231002一", "17 digits");
}

/* MOD 11-2 catches every single wrong digit and every swap of two neighbours. */
static void
test_id_number_typos (void)
{
  static const char valid[] = "11010519491231002X";
  static const char last[] = "0123456789X";

  for (guint i = 0; i < 18; i++)
    for (guint k = 0; k < (i < 17 ? 10u : 11u); k++)
      {
        char typo[sizeof valid];

        memcpy (typo, valid, sizeof valid);
        typo[i] = last[k];
        if (typo[i] != valid[i])
          assert_id_refused (typo, "");
      }
  for (guint i = 0; i + 1 < 17; i++)
    {
      char typo[sizeof valid];

      memcpy (typo, valid, sizeof valid);
      typo[i] = valid[i + 1];
      typo[i + 1] = valid[i];
      if (typo[i] != valid[i])
        assert_id_refused (typo, "");
    }
}

static void
assert_code_refused (const char *text,
                     const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = yc_ident_check_credit_code (text, &error);

  if (code != NULL)
    g_error ("%s was accepted", text);
  assert_message (text, error, words);
}

static void
test_credit_code (void)
{
  /* Published codes (their check characters recomputed), then codes of each kind of
   * registering authority built with a computed check character. */
  static const char *valid[] = {
    "91350100M000100Y43", "91110000802100433B", "91440300708461136T",
    "11110000MA01ABCD0T", "51110000MA01ABCD0N", "N2110000MA01ABCD02", "Y1110000MA01ABCD0W",
    "A1110000MA01ABCD0H",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *code = yc_ident_check_credit_code (valid[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (code, ==, valid[i]);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *code = yc_ident_check_credit_code ("９１３５０１００ｍ０００１００ｙ４３", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (code, ==, "91350100M000100Y43");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *code = yc_ident_check_credit_code (" 9111 0000 8021 0043 3b ", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (code, ==, "91110000802100433B");
  }

  assert_code_refused ("91350100M000100Y44", "The last character of this unified social credit code does "
                                             "not fit the others: a character was probably typed wrong.");
  assert_code_refused ("91350100M000200Y43", "does not fit");  /* one character changed */
  assert_code_refused ("91351000M000100Y43", "does not fit");  /* two swapped */
  /* The letters left out so as not to be read as 1, 0, 2, 5 and U. */
  assert_code_refused ("91350100M00010OY43", "A unified social credit code has digits and capital letters, "
                                             "but no I, O, Z, S or V.");
  assert_code_refused ("91350100I000100Y43", "no I, O");
  assert_code_refused ("91350100M000100Z43", "no I, O");
  assert_code_refused ("91350100M000100S43", "no I, O");
  assert_code_refused ("91350100M000100V43", "no I, O");
  assert_code_refused ("91350100M000100Y4-", "no I, O");
  assert_code_refused ("9135010M000100Y43", "A unified social credit code has 18 characters; this one has 17.");
  assert_code_refused ("91350100M000100Y433", "this one has 19.");
  assert_code_refused ("", "this one has 0.");
  assert_code_refused ("B1350100M000100Y43", "The first character of this unified social credit code must "
                                             "be 1 to 9, A, N or Y (the registering authority).");
  assert_code_refused ("01350100M000100Y43", "registering authority");
  assert_code_refused ("90350100M000100Y43", "The second character of this unified social credit code must "
                                             "be a digit from 1 to 9 (the kind of organisation).");
  assert_code_refused ("9A350100M000100Y43", "kind of organisation");
  assert_code_refused ("913A0100M000100Y43", "Characters 3 to 8 of this unified social credit code must be "
                                             "digits (the administrative division).");
  assert_code_refused ("9135010HM000100Y43", "administrative division");
}

/* MOD 31 catches every single wrong character and every swap of two neighbours among
 * the first 17. */
static void
test_credit_code_typos (void)
{
  static const char valid[] = "91350100M000100Y43";
  static const char chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

  for (guint i = 0; i < 18; i++)
    for (guint k = 0; k < strlen (chars); k++)
      {
        char typo[sizeof valid];

        memcpy (typo, valid, sizeof valid);
        typo[i] = chars[k];
        if (typo[i] != valid[i])
          assert_code_refused (typo, "");
      }
  for (guint i = 0; i + 1 < 17; i++)
    {
      char typo[sizeof valid];

      memcpy (typo, valid, sizeof valid);
      typo[i] = valid[i + 1];
      typo[i + 1] = valid[i];
      if (typo[i] != valid[i])
        assert_code_refused (typo, "");
    }
}

static void
test_phone (void)
{
  static const char *good[][2] = {
    { "13812345678", "13812345678" },
    { "19912345678", "19912345678" },
    { "+86 138 1234 5678", "13812345678" },
    { "+86-138-1234-5678", "13812345678" },
    { "0086 13812345678", "13812345678" },
    { "86 138 1234 5678", "13812345678" },
    { "138-1234-5678", "13812345678" },
    { "１３８１２３４５６７８", "13812345678" },
    { "0373-1234567", "0373-1234567" },
    { "03731234567", "0373-1234567" },
    { "0373－1234567", "0373-1234567" },     /* full-width hyphen */
    { "0373—1234567", "0373-1234567" },     /* a Chinese input method's dash */
    { "0373——1234567", "0373-1234567" },
    { "010-12345678", "010-12345678" },
    { "010-6512-3456", "010-65123456" },
    { "021 6123 4567", "021-61234567" },
    { "+86 10 6512 3456", "010-65123456" },
    { "+86 373 1234567", "0373-1234567" },
    { "+86 (0)373 1234567", "0373-1234567" },
    { "86 0373 1234567", "0373-1234567" },
    { "(0373) 1234567", "0373-1234567" },
    { "（0373）1234567", "0373-1234567" },
    { "0373-1234567-8001", "0373-1234567-8001" },
    { "0373 1234567-8001", "0373-1234567-8001" },
    { "021-61234567-12", "021-61234567-12" },
    { "0373-1234567转8001", "0373-1234567-8001" },
    { "0373 1234567 转 ８００１", "0373-1234567-8001" },
    { "400-123-4567", "400-123-4567" },
    { "800 820 8820", "800-820-8820" },
  };
  static const char *bad[][2] = {
    { "1381234567", "A mobile number has 11 digits; this one has 10." },
    { "138123456789", "A mobile number has 11 digits; this one has 12." },
    { "+86 138 1234 567", "this one has 10." },
    { "12812345678", "A mobile number begins with 13 to 19." },
    { "10012345678", "begins with 13 to 19" },
    { "6512345", "A landline number needs its area code in front, as in 0373-1234567." },
    { "65123456", "needs its area code" },
    { "0391-23456", "A landline number has 7 or 8 digits after its area code, as in 0373-1234567." },
    { "0391-234567890", "7 or 8 digits after its area code" },
    { "0391-0234567", "7 or 8 digits after its area code" },
    { "0391-2345678-", "An extension is 1 to 6 digits after a landline number, as in 0373-1234567-8001." },
    { "0391-2345678转", "An extension is" },
    { "0391-2345678转1234567", "An extension is" },
    { "0391-2345678转12a", "An extension is" },
    { "13912345678转1", "An extension is" },
    { "400-765-432", "A 400 or 800 number has 10 digits, as in 400-123-4567." },
    { "139abc45678", "Enter a mobile number of 11 digits, or a landline with its area code such as "
                     "0373-1234567." },
    { "", "Enter a mobile number" },
    { "0012345678", "Enter a mobile number" },
    { "23812345678", "Enter a mobile number" },
    { "+1 212 555 0100", "Enter a mobile number" },
    { "0391+2345678", "Enter a mobile number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *phone = yc_ident_check_phone (good[i][0], &error);

      if (phone == NULL)
        g_error ("%s was refused: %s", good[i][0], error->message);
      g_assert_cmpstr (phone, ==, good[i][1]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *phone = yc_ident_check_phone (bad[i][0], &error);

      if (phone != NULL)
        g_error ("%s was accepted as %s", bad[i][0], phone);
      assert_message (bad[i][0], error, bad[i][1]);
    }
}

static void
test_normalize (void)
{
  static const char *cases[][2] = {
    { "  １２３ ａｂｃ\u3000x\t", "123ABCX" },
    { "（０３７３）－１２３", "(0373)-123" },
    { "转８００１", "转8001" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normal = yc_ident_normalize (cases[i][0]);

      g_assert_cmpstr (normal, ==, cases[i][1]);
    }
  {
    g_autofree char *normal = yc_ident_normalize (NULL);

    g_assert_cmpstr (normal, ==, "");
  }
  {
    /* Not UTF-8, as a broken paste gives: nothing in it is read as a digit. */
    g_autofree char *normal = yc_ident_normalize ("1101\xff");

    g_assert_cmpstr (normal, ==, "");
  }
}

/* Issue 16, 2: a name's box takes a name: an ID number or any other string of digits
 * typed into it is refused with a sentence saying so. */
static void
test_person_name (void)
{
  const char *names[] = { "王芳", "阿依古丽·买买提", "John Smith", "李 建国", "" };
  const char *numbers[] = { "410702198806120428", "41070219880612042X", "４１０７０２１９８８０６１２０４２８",
                            "410702880612042", "13812345678", "12345", "007" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = yc_ident_check_person_name (names[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (name, ==, names[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = yc_ident_check_person_name (numbers[i], &error);

      g_assert_null (name);
      g_assert_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT);
      if (i < 4)
        g_assert_nonnull (strstr (error->message, "ID card number"));
    }
}

int
main (int   argc,
      char *argv[])
{
  /* The messages are checked as their English msgids. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ident/normalize", test_normalize);
  g_test_add_func ("/ident/id-number", test_id_number);
  g_test_add_func ("/ident/id-number-typos", test_id_number_typos);
  g_test_add_func ("/ident/credit-code", test_credit_code);
  g_test_add_func ("/ident/credit-code-typos", test_credit_code_typos);
  g_test_add_func ("/ident/phone", test_phone);
  g_test_add_func ("/ident/person-name", test_person_name);

  return g_test_run ();
}
