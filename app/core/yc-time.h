/* yc-time.h: the wire's timestamps (ISO 8601 with offset, local time) and dates. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char      *yc_time_now_iso8601  (void);
char      *yc_time_to_iso8601   (GDateTime  *dt);
GDateTime *yc_time_parse        (const char *iso8601);
char      *yc_time_format_clock (const char *iso8601);
/* Whole seconds from the timestamp iso8601 to now; G_MAXINT32 when it is NULL or no
 * timestamp, so that a time never set counts as long ago. */
gint64     yc_time_seconds_since (const char *iso8601);
/* Today's local date, "YYYY-MM-DD". */
char      *yc_time_today        (void);
/* Today's local date into date. */
void       yc_time_local_date   (GDate      *date);
/* date as a wire date, "YYYY-MM-DD". */
char      *yc_time_format_date  (const GDate *date);
/* A wire date, "YYYY-MM-DD" exactly and a day that exists, into date (may be NULL). */
gboolean   yc_time_parse_date   (const char *text,
                                 GDate      *date);

G_END_DECLS
