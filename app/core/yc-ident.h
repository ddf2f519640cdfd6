/* yc-ident.h: the identifiers an intake form takes, checked as the clerk types: the
 * resident ID number (GB 11643-1999), the unified social credit code (GB 32100-2015) and
 * Chinese phone numbers. A wrong one is a YC_ERROR_INVALID_INPUT error whose message is
 * one translated sentence saying what is wrong, never the number itself. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What an ID number says about its holder, for filling in the form. */
typedef struct
{
  GDate    birth;
  gboolean male;        /* the 17th digit is odd */
} YcIdHolder;

/* What a clerk's input method gives, as the checks read it: full-width digits and
 * letters made ASCII (NFKC), white space removed, letters upper case. */
char *yc_ident_normalize         (const char  *text);

/* The normalised number, or NULL and error. A 15-digit number of the first cards is
 * refused: only the 18-digit number is valid. today: the day a birth date may not be
 * after (NULL: today). holder may be NULL. */
char *yc_ident_check_id_number   (const char  *text,
                                  const GDate *today,
                                  YcIdHolder  *holder,
                                  GError     **error);
/* The normalised code (91350100M000100Y43), or NULL and error. */
char *yc_ident_check_credit_code (const char  *text,
                                  GError     **error);
/* A mobile number (13812345678, also written +86 138 1234 5678) or a landline with its
 * area code (0373-1234567, with an extension as -123 or 转123), or a 400/800 service
 * number; normalised as 13812345678, 0373-1234567-123, 400-123-4567. NULL and error for
 * anything else. */
char *yc_ident_check_phone       (const char  *text,
                                  GError     **error);
/* A person's name as typed (trimmed), or NULL and error when it holds no letter or
 * character of a name at all: digits, an ID number typed into the name's box. */
char *yc_ident_check_person_name (const char  *text,
                                  GError     **error);

G_END_DECLS
