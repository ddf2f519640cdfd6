/* yc-ident.c: identifier checks (yc-ident.h). */
#include "config-i18n.h"

#include "yc-error.h"
#include "yc-ident.h"

#include <string.h>

char *
yc_ident_normalize (const char *text)
{
  g_autofree char *folded = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  folded = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (folded == NULL)   /* not UTF-8: nothing of it is a digit */
    return g_strdup ("");
  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        continue;
      g_string_append_unichar (out, c < 0x80 ? (gunichar) g_ascii_toupper ((char) c) : c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, YC_ERROR, YC_ERROR_INVALID_INPUT, message);
  return FALSE;
}

static gboolean
all_digits (const char *text,
            gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* GB/T 2260: the province-level divisions an ID number starts with; 83 is used by the
 * residence permits of people from Taiwan, 81 and 82 of Hong Kong and Macao. */
static gboolean
known_province (int code)
{
  static const int provinces[] = {
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
  };

  for (guint i = 0; i < G_N_ELEMENTS (provinces); i++)
    if (provinces[i] == code)
      return TRUE;
  return FALSE;
}

char *
yc_ident_check_id_number (const char  *text,
                          GDate       *today,
                          YcIdHolder  *holder,
                          GError     **error)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char checks[] = "10X98765432";
  g_autofree char *number = yc_ident_normalize (text);
  gsize length = strlen (number);
  int year, month, day, sum = 0;
  g_autoptr(GDate) now = NULL;
  GDate birth;

  if (length == 15 && all_digits (number, 15))
    {
      invalid (error, _("This is an old 15-digit number: ask for the 18-digit number on the current ID card."));
      return NULL;
    }
  if (g_utf8_strlen (number, -1) != 18)
    {
      g_autofree char *message = NULL;
      guint n = (guint) g_utf8_strlen (number, -1);

      /* Translators: %u is how many characters the clerk typed */
      message = g_strdup_printf (ngettext ("An ID card number has 18 characters; this one has %u.",
                                           "An ID card number has 18 characters; this one has %u.", n), n);
      invalid (error, message);
      return NULL;
    }
  if (!all_digits (number, 17) || !(g_ascii_isdigit (number[17]) || number[17] == 'X'))
    {
      invalid (error, _("An ID card number is 17 digits and a last digit or X."));
      return NULL;
    }
  if (!known_province ((number[0] - '0') * 10 + (number[1] - '0')))
    {
      invalid (error, _("The first two digits of this ID card number are no province of China."));
      return NULL;
    }

  year = 0;
  for (guint i = 6; i < 10; i++)
    year = year * 10 + (number[i] - '0');
  month = (number[10] - '0') * 10 + (number[11] - '0');
  day = (number[12] - '0') * 10 + (number[13] - '0');
  if (year < 1800 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      invalid (error, _("The date of birth in this ID card number does not exist."));
      return NULL;
    }
  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  if (today == NULL)
    {
      g_autoptr(GDateTime) clock = g_date_time_new_now_local ();

      now = g_date_new_dmy ((GDateDay) g_date_time_get_day_of_month (clock),
                            (GDateMonth) g_date_time_get_month (clock),
                            (GDateYear) g_date_time_get_year (clock));
      today = now;
    }
  if (g_date_compare (&birth, today) > 0)
    {
      invalid (error, _("The date of birth in this ID card number is after today."));
      return NULL;
    }

  for (guint i = 0; i < 17; i++)
    sum += (number[i] - '0') * weights[i];
  if (checks[sum % 11] != number[17])
    {
      invalid (error, _("The last character of this ID card number does not fit the others: a digit was probably typed wrong."));
      return NULL;
    }

  if (holder != NULL)
    {
      holder->birth = birth;
      holder->male = (number[16] - '0') % 2 == 1;
    }
  return g_steal_pointer (&number);
}

/* GB 32100-2015: the 31 characters of a code, each worth its position. */
static const char credit_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

char *
yc_ident_check_credit_code (const char  *text,
                            GError     **error)
{
  static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
  g_autofree char *code = yc_ident_normalize (text);
  guint n = (guint) g_utf8_strlen (code, -1);
  int sum = 0, check;

  if (n != 18)
    {
      g_autofree char *message = NULL;

      /* Translators: %u is how many characters the clerk typed */
      message = g_strdup_printf (ngettext ("A unified social credit code has 18 characters; this one has %u.",
                                           "A unified social credit code has 18 characters; this one has %u.", n), n);
      invalid (error, message);
      return NULL;
    }
  for (guint i = 0; i < 18; i++)
    if (code[i] == '\0' || strchr (credit_chars, code[i]) == NULL)
      {
        invalid (error, _("A unified social credit code has digits and capital letters, but no I, O, Z, S or V."));
        return NULL;
      }
  /* The registering authority (1 organisation staffing … 9 market regulation, A, N, Y
   * others), the kind of body within it, then the administrative division. */
  if (strchr ("123456789ANY", code[0]) == NULL || strchr ("123456789", code[1]) == NULL ||
      !all_digits (code + 2, 6))
    {
      invalid (error, _("The first eight characters of this unified social credit code are no registering authority, kind and region."));
      return NULL;
    }
  for (guint i = 0; i < 17; i++)
    sum += (int) (strchr (credit_chars, code[i]) - credit_chars) * weights[i];
  check = 31 - sum % 31;
  if (credit_chars[check == 31 ? 0 : check] != code[17])
    {
      invalid (error, _("The last character of this unified social credit code does not fit the others: a character was probably typed wrong."));
      return NULL;
    }
  return g_steal_pointer (&code);
}

/* Drops the separators people write numbers with. */
static char *
digits_only (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '-' && *p != '(' && *p != ')')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

char *
yc_ident_check_phone (const char  *text,
                      GError     **error)
{
  g_autofree char *number = yc_ident_normalize (text);
  g_autofree char *extension = NULL;
  g_autofree char *plain = NULL;
  const char *p;
  gsize length;
  char *transfer;

  /* An extension: 0373-1234567-8001 or 0373-1234567转8001. */
  if ((transfer = strstr (number, "转")) != NULL)
    {
      extension = g_strdup (transfer + strlen ("转"));
      *transfer = '\0';
    }
  else if (number[0] == '0' && (transfer = strchr (number, '-')) != NULL &&
           (transfer = strchr (transfer + 1, '-')) != NULL && strlen (number) > 12)
    {
      extension = g_strdup (transfer + 1);
      *transfer = '\0';
    }
  if (extension != NULL && (*extension == '\0' || strlen (extension) > 6 ||
                            !all_digits (extension, strlen (extension))))
    goto bad;

  plain = digits_only (number);
  p = plain;
  if (g_str_has_prefix (p, "+86"))
    p += 3;
  else if (g_str_has_prefix (p, "0086"))
    p += 4;
  else if (g_str_has_prefix (p, "86") && strlen (p) == 13)
    p += 2;
  length = strlen (p);
  if (!all_digits (p, length))
    goto bad;

  /* Mobile: 1[3-9] and nine digits. */
  if (length == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9' && extension == NULL)
    return g_strdup (p);
  /* Service numbers: 400 or 800 and seven digits. */
  if (length == 10 && (g_str_has_prefix (p, "400") || g_str_has_prefix (p, "800")) && extension == NULL)
    return g_strdup_printf ("%.3s-%.3s-%.4s", p, p + 3, p + 6);
  /* Landline: an area code (010, 02x: three digits; others four) and 7 or 8 digits. */
  if (p[0] == '0')
    {
      gsize area = (p[1] == '1' || p[1] == '2') ? 3 : 4;
      gsize local = length - area;

      if (length > area && (local == 7 || local == 8) && p[1] != '0')
        {
          if (extension != NULL)
            return g_strdup_printf ("%.*s-%s-%s", (int) area, p, p + area, extension);
          return g_strdup_printf ("%.*s-%s", (int) area, p, p + area);
        }
    }

bad:
  invalid (error, _("Enter a mobile number of 11 digits, or a landline with its area code such as 0373-1234567."));
  return NULL;
}
