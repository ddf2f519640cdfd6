/* test-workdays.c: working-day arithmetic on the State Council's 2025 and 2026 holiday
 * calendars as the demo catalogue carries them (国办发明电〔2024〕12号 and 〔2025〕7号):
 * Spring Festival and National Day with their make-up working days, the turn of the year,
 * and a year without a calendar. */
#include <locale.h>
#include <string.h>

#include "core/yc-workdays.h"

static const char *catalogue_path;

static YcWorkCalendar *
official_calendar (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) bodies = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *years;

  json_parser_load_from_file (parser, catalogue_path, &error);
  g_assert_no_error (error);
  years = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "holidays");
  for (guint i = 0; i < json_array_get_length (years); i++)
    g_ptr_array_add (bodies, json_array_get_object_element (years, i));
  /* The calendar keeps nothing of the bodies. */
  return yc_work_calendar_new (bodies);
}

static GDate
date (guint y, guint m, guint d)
{
  GDate value;

  g_date_clear (&value, 1);
  g_date_set_dmy (&value, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return value;
}

static void
assert_due (YcWorkCalendar *calendar,
            GDate           from,
            guint           n,
            GDate           expected)
{
  GDate due;

  yc_work_calendar_add (calendar, &from, n, &due);
  if (g_date_compare (&due, &expected) != 0)
    {
      char got[16], want[16], start[16];
      g_date_strftime (got, sizeof got, "%F", &due);
      g_date_strftime (want, sizeof want, "%F", &expected);
      g_date_strftime (start, sizeof start, "%F", &from);
      g_error ("%s + %u working days: %s, not %s", start, n, got, want);
    }
  /* Counting back agrees. */
  g_assert_cmpint (yc_work_calendar_count (calendar, &from, &due), ==, (int) n);
}

static void
test_spring_festival (void)
{
  g_autoptr(YcWorkCalendar) calendar = official_calendar ();

  /* 2026: days off 15–23 February; Saturday 14 and Saturday 28 February are worked. */
  assert_due (calendar, date (2026, 2, 13), 1, date (2026, 2, 14));
  assert_due (calendar, date (2026, 2, 13), 2, date (2026, 2, 24));
  assert_due (calendar, date (2026, 2, 24), 4, date (2026, 2, 28));
  /* Accepted on a day off: counting starts with the next working day. */
  assert_due (calendar, date (2026, 2, 18), 1, date (2026, 2, 24));
  /* 2025: days off 28 January – 4 February; Sunday 26 January and Saturday 8 February worked. */
  assert_due (calendar, date (2025, 1, 24), 1, date (2025, 1, 26));
  assert_due (calendar, date (2025, 1, 24), 2, date (2025, 1, 27));
  assert_due (calendar, date (2025, 1, 24), 3, date (2025, 2, 5));
  assert_due (calendar, date (2025, 2, 5), 3, date (2025, 2, 8));

  {
    GDate sunday = date (2025, 1, 26), eve = date (2026, 2, 16), saturday = date (2026, 2, 21);
    g_assert_true (yc_work_calendar_is_working_day (calendar, &sunday));
    g_assert_false (yc_work_calendar_is_working_day (calendar, &eve));
    g_assert_cmpstr (yc_work_calendar_get_day_name (calendar, &eve), ==, "春节");
    g_assert_false (yc_work_calendar_is_working_day (calendar, &saturday));
  }
}

static void
test_national_day (void)
{
  g_autoptr(YcWorkCalendar) calendar = official_calendar ();

  /* 2026: Mid-Autumn 25–27 September, National Day 1–7 October; Sunday 20 September and
   * Saturday 10 October worked. */
  assert_due (calendar, date (2026, 9, 18), 1, date (2026, 9, 20));
  assert_due (calendar, date (2026, 9, 24), 3, date (2026, 9, 30));
  assert_due (calendar, date (2026, 9, 30), 1, date (2026, 10, 8));
  assert_due (calendar, date (2026, 9, 30), 3, date (2026, 10, 10));
  assert_due (calendar, date (2026, 10, 3), 1, date (2026, 10, 8));
  /* 2025: National Day and Mid-Autumn together, 1–8 October; Sunday 28 September and
   * Saturday 11 October worked. */
  assert_due (calendar, date (2025, 9, 26), 1, date (2025, 9, 28));
  assert_due (calendar, date (2025, 9, 30), 1, date (2025, 10, 9));
  assert_due (calendar, date (2025, 9, 30), 3, date (2025, 10, 11));
  /* A 20-working-day limit across both. */
  assert_due (calendar, date (2026, 9, 15), 20, date (2026, 10, 19));

  {
    GDate first = date (2026, 10, 1);
    g_assert_cmpstr (yc_work_calendar_get_day_name (calendar, &first), ==, "国庆节");
  }
}

static void
test_year_end_and_unknown_year (void)
{
  g_autoptr(YcWorkCalendar) calendar = official_calendar ();

  /* 1–3 January 2026 off, Sunday 4 January worked. */
  assert_due (calendar, date (2025, 12, 31), 1, date (2026, 1, 4));
  assert_due (calendar, date (2025, 12, 31), 2, date (2026, 1, 5));
  assert_due (calendar, date (2026, 11, 22), 0, date (2026, 11, 22));

  /* 2027 has no calendar yet: Monday to Friday, and New Year's Day is a Friday. */
  g_assert_true (yc_work_calendar_knows_year (calendar, 2026));
  g_assert_false (yc_work_calendar_knows_year (calendar, 2027));
  assert_due (calendar, date (2026, 12, 31), 1, date (2027, 1, 1));
  assert_due (calendar, date (2027, 1, 1), 1, date (2027, 1, 4));
}

static void
test_count (void)
{
  g_autoptr(YcWorkCalendar) calendar = official_calendar ();
  GDate accepted = date (2026, 9, 24), due = date (2026, 9, 30), late = date (2026, 10, 9);

  g_assert_cmpint (yc_work_calendar_count (calendar, &accepted, &due), ==, 3);
  g_assert_cmpint (yc_work_calendar_count (calendar, &due, &accepted), ==, -3);
  g_assert_cmpint (yc_work_calendar_count (calendar, &due, &due), ==, 0);
  /* Overdue since 30 September: 8 and 9 October are the working days after it. */
  g_assert_cmpint (yc_work_calendar_count (calendar, &late, &due), ==, -2);
}

static void
test_malformed (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) bodies = g_ptr_array_new ();
  g_autoptr(YcWorkCalendar) calendar = NULL;
  GDate monday = date (2026, 10, 5), sunday = date (2026, 10, 11);

  g_assert_true (json_parser_load_from_data (parser,
    "[{\"year\":2026,\"holidays\":[{\"date\":\"2026-10-05\"},{\"date\":\"2026-13-01\"},{\"date\":5},"
    "{\"date\":\"2025-10-06\"},7],\"workdays\":[{\"date\":\"2026-10-11x\"}]},{\"holidays\":[]},3]", -1, NULL));
  {
    JsonArray *array = json_node_get_array (json_parser_get_root (parser));
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonNode *node = json_array_get_element (array, i);
        if (JSON_NODE_HOLDS_OBJECT (node))
          g_ptr_array_add (bodies, json_node_get_object (node));
      }
  }
  calendar = yc_work_calendar_new (bodies);
  g_assert_false (yc_work_calendar_is_working_day (calendar, &monday));
  g_assert_false (yc_work_calendar_is_working_day (calendar, &sunday));
  g_assert_true (yc_work_calendar_knows_year (calendar, 2026));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  catalogue_path = argv[1];

  g_test_add_func ("/workdays/spring-festival", test_spring_festival);
  g_test_add_func ("/workdays/national-day", test_national_day);
  g_test_add_func ("/workdays/year-end-and-unknown-year", test_year_end_and_unknown_year);
  g_test_add_func ("/workdays/count", test_count);
  g_test_add_func ("/workdays/malformed", test_malformed);

  return g_test_run ();
}
