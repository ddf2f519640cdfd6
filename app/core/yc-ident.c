/* yc-ident.c: identifier checks (yc-ident.h). */
#include "config-i18n.h"

#include "yc-error.h"
#include "yc-ident.h"
#include "yc-time.h"

#include <string.h>

char *
yc_ident_normalize (const char *text)
{
  g_autofree char *folded = NULL;
  GString *out;

  /* Not UTF-8 (a broken paste): nothing of it can be read as a digit. */
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");
  folded = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (folded == NULL)
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
                          const GDate *today,
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
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "An ID card number has 18 characters; this one has %u.",
                                              "An ID card number has 18 characters; this one has %u.", n),
                                 n);
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
      invalid (error, _("The first two digits of this ID card number are not the code of a province or region of China."));
      return NULL;
    }

  year = 0;
  for (guint i = 6; i < 10; i++)
    year = year * 10 + (number[i] - '0');
  month = (number[10] - '0') * 10 + (number[11] - '0');
  day = (number[12] - '0') * 10 + (number[13] - '0');
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      invalid (error, _("The date of birth in this ID card number does not exist."));
      return NULL;
    }
  /* 18-digit numbers came in 1999, when anyone born before 1900 was about a hundred: a year
   * such as 1880 (the standard's own illustration) is a mistyped 1980 at a window. */
  if (year < 1900)
    {
      invalid (error, _("The date of birth in this ID card number is before 1900."));
      return NULL;
    }
  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  if (today == NULL)
    {
      now = g_date_new ();
      yc_time_local_date (now);
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
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "A unified social credit code has 18 characters; this one has %u.",
                                              "A unified social credit code has 18 characters; this one has %u.", n),
                                 n);
      invalid (error, message);
      return NULL;
    }
  for (guint i = 0; i < 18; i++)
    if (code[i] == '\0' || strchr (credit_chars, code[i]) == NULL)
      {
        invalid (error, _("A unified social credit code has digits and capital letters, but no I, O, Z, S or V."));
        return NULL;
      }
  /* The registering authority (GB 32100-2015 table 1: 1 organisation staffing … 9
   * market regulation, A the army, N agriculture, Y the others), the kind of body it
   * registers, then the administrative division. The kinds are checked only as digits:
   * each authority has its own list, and the lists grow faster than the standard. */
  if (strchr ("123456789ANY", code[0]) == NULL)
    {
      invalid (error, _("The first character of this unified social credit code must be 1 to 9, A, N or Y (the registering authority)."));
      return NULL;
    }
  if (strchr ("123456789", code[1]) == NULL)
    {
      invalid (error, _("The second character of this unified social credit code must be a digit from 1 to 9 (the kind of organisation)."));
      return NULL;
    }
  if (!all_digits (code + 2, 6))
    {
      invalid (error, _("Characters 3 to 8 of this unified social credit code must be digits (the administrative division)."));
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

/* The dashes people put between groups of digits: besides "-", what a Chinese input
 * method's punctuation mode gives for it (its full-width "－" is already ASCII). */
static gboolean
is_dash (gunichar c)
{
  return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212;
}

static gboolean
is_mobile (const char *p,
           gsize       length)
{
  return length == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9';
}

static gboolean
is_service (const char *p,
            gsize       length)
{
  return length == 10 && (g_str_has_prefix (p, "400") || g_str_has_prefix (p, "800"));
}

/* Beijing (010) and the 02x cities have three-digit area codes, the others four. A
 * local number never starts with 0, the trunk prefix: such a "local number" is an area
 * code typed twice or a digit lost. */
static gboolean
is_landline (const char *p,
             gsize       length,
             gsize      *area)
{
  gsize n;

  if (length < 10 || p[0] != '0' || p[1] == '0' || (p[1] == '1' && p[2] != '0'))
    return FALSE;
  n = (p[1] == '1' || p[1] == '2') ? 3 : 4;
  if ((length != n + 7 && length != n + 8) || p[n] == '0')
    return FALSE;
  *area = n;
  return TRUE;
}

static char *
invalid_phone (GError     **error,
               const char  *message)
{
  invalid (error, message);
  return NULL;
}

/* For what cannot be told apart as a kind of number: what to type instead. */
static char *
not_a_phone (GError **error)
{
  return invalid_phone (error, _("Enter a mobile number of 11 digits, or a landline with its area code such as 0373-1234567."));
}

static char *
bad_extension (GError **error)
{
  return invalid_phone (error, _("An extension is 1 to 6 digits after a landline number, as in 0373-1234567-8001."));
}

char *
yc_ident_check_phone (const char  *text,
                      GError     **error)
{
  g_autofree char *number = yc_ident_normalize (text);
  g_autofree char *trunk = NULL;
  g_autoptr(GString) plain = g_string_new (NULL);
  const char *extension = NULL;
  char *transfer;
  gsize last_dash = 0, group = 0, skip = 0, length, area;
  gboolean international = FALSE;
  const char *p;

  /* 0373-1234567转8001: what follows 转 is the extension. */
  if ((transfer = strstr (number, "转")) != NULL)
    {
      extension = transfer + strlen ("转");
      *transfer = '\0';
      if (*extension == '\0' || strlen (extension) > 6 || !all_digits (extension, strlen (extension)))
        return bad_extension (error);
    }

  /* The digits, with where the last group after a dash begins: 0373-1234567-8001 is
   * also written with a dash before its extension. */
  for (const char *c = number; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);

      if (u < 0x80 && g_ascii_isdigit ((char) u))
        g_string_append_c (plain, (char) u);
      else if (u == '+' && plain->len == 0)
        g_string_append_c (plain, '+');
      else if (is_dash (u))
        last_dash = plain->len;
      else if (u != '(' && u != ')')
        return not_a_phone (error);
    }

  /* The country code, as written from abroad (+86, 0086) or from a contact list (86). */
  p = plain->str;
  if (g_str_has_prefix (p, "+86") || g_str_has_prefix (p, "0086"))
    {
      skip = p[0] == '+' ? 3 : 4;
      international = TRUE;
    }
  else if (g_str_has_prefix (p, "86") && (is_mobile (p + 2, strlen (p + 2)) || p[2] == '0'))
    skip = 2;
  else if (p[0] == '+')
    return not_a_phone (error);
  if (last_dash > skip)
    group = plain->len - last_dash;
  p += skip;
  length = strlen (p);

  if (extension == NULL && is_mobile (p, length))
    return g_strdup (p);
  if (extension == NULL && is_service (p, length))
    return g_strdup_printf ("%.3s-%.3s-%.4s", p, p + 3, p + 6);

  /* From abroad a landline is dialled without the 0 of its area code: +86 10 6512 3456. */
  if (international && p[0] != '0' && (p[0] != '1' || p[1] == '0'))
    {
      trunk = g_strconcat ("0", p, NULL);
      p = trunk;
      length++;
    }
  if (is_landline (p, length, &area))
    {
      /* 0373-1234567-: an extension begun and not finished. */
      if (extension == NULL && last_dash > skip && group == 0)
        return bad_extension (error);
      if (extension != NULL)
        return g_strdup_printf ("%.*s-%s-%s", (int) area, p, p + area, extension);
      return g_strdup_printf ("%.*s-%s", (int) area, p, p + area);
    }
  /* A last group the landline is complete without is its extension. Tried second, so
   * that 010-6512-3456 stays a Beijing number. */
  if (extension == NULL && group > 0 && group <= 6 && group < length &&
      is_landline (p, length - group, &area))
    return g_strdup_printf ("%.*s-%.*s-%s", (int) area, p, (int) (length - group - area), p + area,
                            p + length - group);

  /* Which of the kinds it was meant to be, by how it begins, to say what is wrong. */
  if (extension != NULL && (is_mobile (p, length) || is_service (p, length)))
    return bad_extension (error);
  if (p[0] == '1' && length != 11)
    {
      g_autofree char *message = NULL;
      guint n = (guint) length;

      /* Translators: %u is how many digits the clerk typed */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "A mobile number has 11 digits; this one has %u.",
                                              "A mobile number has 11 digits; this one has %u.", n),
                                 n);
      return invalid_phone (error, message);
    }
  if (p[0] == '1')
    return invalid_phone (error, _("A mobile number begins with 13 to 19."));
  if (g_str_has_prefix (p, "400") || g_str_has_prefix (p, "800"))
    return invalid_phone (error, _("A 400 or 800 number has 10 digits, as in 400-123-4567."));
  if (p[0] == '0' && p[1] != '0')
    return invalid_phone (error, _("A landline number has 7 or 8 digits after its area code, as in 0373-1234567."));
  if (length == 7 || length == 8)
    return invalid_phone (error, _("A landline number needs its area code in front, as in 0373-1234567."));
  return not_a_phone (error);
}

char *
yc_ident_check_person_name (const char  *text,
                            GError     **error)
{
  g_autofree char *normal = yc_ident_normalize (text);

  /* A name has letters or Han characters (and may have a middle dot, a hyphen); digits
   * and punctuation alone are a number typed in the wrong box, most often the ID's. */
  for (const char *p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalpha (c) && !(c == 'X' && g_utf8_strlen (normal, -1) == 18))
        return g_strstrip (g_strdup (text));
    }
  if (*normal == '\0')
    return g_strstrip (g_strdup (text ? text : ""));
  if (g_utf8_strlen (normal, -1) == 18 || g_utf8_strlen (normal, -1) == 15)
    invalid (error, _("This looks like an ID card number: type the name here, and the number in its own field."));
  else
    invalid (error, _("A name is written in characters or letters, not digits."));
  return NULL;
}
