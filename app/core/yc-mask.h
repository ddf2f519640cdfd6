/* yc-mask.h: masking of ID and phone numbers for lists, titles, notifications and logs. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *yc_mask_id_number (const char *id_number);
char *yc_mask_phone     (const char *phone);

G_END_DECLS
