/* yc-time.c: timestamps on the wire are ISO 8601 in local time with the offset. */
#include "yc-time.h"

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

char *
yc_time_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}
