/* yc-mask.h: masking of ID and phone numbers for lists, titles, notifications and logs. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *yc_mask_id_number (const char *id_number);
char *yc_mask_phone     (const char *phone);
/* Free text (a task's title, a citizen's words) with every ID number (15 or 18
 * characters: digits, an 18-digit one may end in X) and mobile number (11 digits from 1)
 * in it masked, and any other run of 7 or more digits (a landline, a card) masked but its
 * last 4. Other text is left as it is. */
char *yc_mask_text      (const char *text);

G_END_DECLS
