/* test-ident.c: identifier checks with the standards' published examples and corrupted
 * variants of them. */
#include <locale.h>
#include <string.h>

#include "core/yc-error.h"
#include "core/yc-ident.h"

static GDate *
day (int y, int m, int d)
{
  return g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
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
  g_assert_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT);
  if (strstr (error->message, words) == NULL)
    g_error ("%s: “%s” does not say “%s”", text, error->message, words);
  /* The message never repeats the number. */
  g_assert_null (strstr (error->message, "110105"));
}

static void
test_id_number (void)
{
  g_autoptr(GDate) today = day (2026, 11, 22);
  g_autoptr(GError) error = NULL;
  YcIdHolder holder;
  char *number;

  /* GB 11643-1999's own examples. */
  number = yc_ident_check_id_number ("11010519491231002X", today, &holder, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (number, ==, "11010519491231002X");
  g_assert_cmpint (g_date_get_year (&holder.birth), ==, 1949);
  g_assert_cmpint (g_date_get_month (&holder.birth), ==, 12);
  g_assert_cmpint (g_date_get_day (&holder.birth), ==, 31);
  g_assert_false (holder.male);
  g_free (number);
  number = yc_ident_check_id_number ("440524188001010014", today, &holder, &error);
  g_assert_no_error (error);
  g_assert_true (holder.male);
  g_free (number);

  /* As an input method gives it: full-width, spaced, a small x. */
  number = yc_ident_check_id_number ("１１０１０５ 1949 1231 002x", today, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (number, ==, "11010519491231002X");
  g_free (number);

  assert_id_refused ("11010519491231003X", "does not fit");   /* one digit changed */
  assert_id_refused ("11010519491213002X", "does not fit");   /* two digits swapped */
  assert_id_refused ("110105194912310021", "does not fit");   /* wrong check digit */
  assert_id_refused ("11010519990230002X", "does not exist"); /* 30 February */
  assert_id_refused ("11010519491331002X", "does not exist");
  assert_id_refused ("11010520271231002X", "after today");
  assert_id_refused ("99010519491231002X", "province");
  assert_id_refused ("1101051949123100", "18 characters");
  assert_id_refused ("11010519491231002XX", "18 characters");
  assert_id_refused ("110105491231002", "15-digit");
  assert_id_refused ("1101051949123100A2", "17 digits");
  assert_id_refused ("", "18 characters");
}

static void
assert_code_refused (const char *text,
                     const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = yc_ident_check_credit_code (text, &error);

  if (code != NULL)
    g_error ("%s was accepted", text);
  g_assert_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT);
  if (strstr (error->message, words) == NULL)
    g_error ("%s: “%s” does not say “%s”", text, error->message, words);
}

static void
test_credit_code (void)
{
  static const char *valid[] = { "91350100M000100Y43", "91110000802100433B", "91440300708461136T" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autofree char *code = yc_ident_check_credit_code (valid[i], &error);
      g_assert_no_error (error);
      g_assert_cmpstr (code, ==, valid[i]);
    }
  {
    g_autofree char *code = yc_ident_check_credit_code ("９１３５０１００ｍ０００１００ｙ４３", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (code, ==, "91350100M000100Y43");
  }

  assert_code_refused ("91350100M000100Y44", "does not fit");  /* wrong check character */
  assert_code_refused ("91350100M000200Y43", "does not fit");  /* one character changed */
  assert_code_refused ("91351000M000100Y43", "does not fit");  /* two swapped */
  assert_code_refused ("91350100M00010OY43", "no I, O");       /* the letter O for a zero */
  assert_code_refused ("91350100I000100Y43", "no I, O");
  assert_code_refused ("9135010M000100Y43", "18 characters");
  assert_code_refused ("B1350100M000100Y43", "registering authority");
  assert_code_refused ("913A0100M000100Y43", "registering authority");
}

static void
test_phone (void)
{
  static const char *good[][2] = {
    { "13812345678", "13812345678" },
    { "+86 138 1234 5678", "13812345678" },
    { "138-1234-5678", "13812345678" },
    { "１３８１２３４５６７８", "13812345678" },
    { "0373-1234567", "0373-1234567" },
    { "03731234567", "0373-1234567" },
    { "010-12345678", "010-12345678" },
    { "(0373) 1234567", "0373-1234567" },
    { "0373-1234567-8001", "0373-1234567-8001" },
    { "0373-1234567转8001", "0373-1234567-8001" },
    { "400-123-4567", "400-123-4567" },
  };
  static const char *bad[] = {
    "1381234567", "138123456789", "12812345678", "23812345678", "1234567", "0373-12345",
    "0012345678", "138abc45678", "0373-1234567-", "", "13812345678转1",
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
      g_autofree char *phone = yc_ident_check_phone (bad[i], &error);

      if (phone != NULL)
        g_error ("%s was accepted as %s", bad[i], phone);
      g_assert_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ident/id-number", test_id_number);
  g_test_add_func ("/ident/credit-code", test_credit_code);
  g_test_add_func ("/ident/phone", test_phone);

  return g_test_run ();
}
