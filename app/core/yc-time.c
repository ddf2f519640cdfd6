/* yc-time.c: timestamps on the wire are ISO 8601 in local time with the offset. */
#include "yc-time.h"

#include <string.h>

char *
yc_time_to_iso8601 (GDateTime *dt)
{
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
}

char *
yc_time_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  return yc_time_to_iso8601 (now);
}

GDateTime *
yc_time_parse (const char *iso8601)
{
  if (iso8601 == NULL)
    return NULL;
  return g_date_time_new_from_iso8601 (iso8601, NULL);
}

char *
yc_time_format_clock (const char *iso8601)
{
  g_autoptr(GDateTime) dt = yc_time_parse (iso8601);
  g_autoptr(GDateTime) local = NULL;

  if (dt == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (dt);
  return g_date_time_format (local, "%H:%M");
}

gint64
yc_time_seconds_since (const char *iso8601)
{
  g_autoptr(GDateTime) then = yc_time_parse (iso8601);
  g_autoptr(GDateTime) now = NULL;

  if (then == NULL)
    return G_MAXINT32;
  now = g_date_time_new_now_local ();
  return g_date_time_difference (now, then) / G_TIME_SPAN_SECOND;
}

char *
yc_time_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}

char *
yc_time_format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", (guint) g_date_get_year (date), (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

void
yc_time_local_date (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
}

gboolean
yc_time_parse_date (const char *text,
                    GDate      *date)
{
  guint y, m, d;

  /* Nothing sscanf would let through: signs, spaces, one-digit months. */
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  y = (guint) g_ascii_strtoull (text, NULL, 10);
  m = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  d = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  if (date != NULL)
    {
      g_date_clear (date, 1);
      g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
    }
  return TRUE;
}
