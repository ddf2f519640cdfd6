/* test-workdays.c: working-day arithmetic on the State Council's 2025 and 2026 holiday
 * calendars as the demo catalogue carries them (国办发明电〔2024〕12号 of 12 November 2024,
 * and the notice on 2026 of 4 November 2025): the data against the notices, Spring
 * Festival and National Day with their make-up working days, the turn of the year, a year
 * without a calendar, and bodies the reader must leave out. */
#include <locale.h>
#include <string.h>

#include "core/yc-workdays.h"

/* Read once: the catalogue is a quarter of a megabyte, slow to parse under ASan. */
static YcWorkCalendar *official;

static YcWorkCalendar *
read_official_calendar (const char *catalogue_path)
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
  /* The calendar keeps nothing of the bodies: the parser goes now. */
  return yc_work_calendar_new (bodies);
}

static YcWorkCalendar *
official_calendar (void)
{
  return yc_work_calendar_ref (official);
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

/* A year day by day: its weekdays off and its weekends worked, as "MM-DD …" lists. */
static void
assert_year (YcWorkCalendar *calendar,
             guint           year,
             const char     *weekdays_off,
             const char     *weekends_worked,
             int             working_days)
{
  g_autoptr(GString) off = g_string_new (NULL);
  g_autoptr(GString) worked = g_string_new (NULL);
  GDate day = date (year, 1, 1), eve = date (year - 1, 12, 31), end = date (year, 12, 31);

  for (; g_date_compare (&day, &end) <= 0; g_date_add_days (&day, 1))
    {
      gboolean weekend = g_date_get_weekday (&day) >= G_DATE_SATURDAY;
      gboolean working = yc_work_calendar_is_working_day (calendar, &day);
      GString *list = weekend && working ? worked : !weekend && !working ? off : NULL;
      char text[8];

      if (list == NULL)
        continue;
      g_date_strftime (text, sizeof text, "%m-%d", &day);
      g_string_append_printf (list, "%s%s", list->len > 0 ? " " : "", text);
    }
  g_assert_cmpstr (off->str, ==, weekdays_off);
  g_assert_cmpstr (worked->str, ==, weekends_worked);
  g_assert_cmpint (yc_work_calendar_count (calendar, &eve, &end), ==, working_days);
}

/* The data file against the notices, transcribed by hand: a day wrong in the catalogue
 * would move every due date across it. */
static void
test_notices (void)
{
  g_autoptr(YcWorkCalendar) calendar = official_calendar ();

  /* 2025: 元旦 1 January (Wed); 春节 28 January – 4 February, 26 January (Sun) and
   * 8 February (Sat) worked; 清明 4–6 April; 劳动节 1–5 May, 27 April (Sun) worked; 端午
   * 31 May – 2 June; 国庆、中秋 1–8 October, 28 September (Sun) and 11 October (Sat)
   * worked. 261 weekdays − 18 off + 5 worked = 248. */
  assert_year (calendar, 2025,
               "01-01 01-28 01-29 01-30 01-31 02-03 02-04 04-04 05-01 05-02 05-05 06-02 "
               "10-01 10-02 10-03 10-06 10-07 10-08",
               "01-26 02-08 04-27 09-28 10-11", 248);
  /* 2026: 元旦 1–3 January, 4 January (Sun) worked; 春节 15–23 February, 14 and 28
   * February (Sat) worked; 清明 4–6 April; 劳动节 1–5 May, 9 May (Sat) worked; 端午 19–21
   * June; 中秋 25–27 September; 国庆 1–7 October, 20 September (Sun) and 10 October (Sat)
   * worked. 261 weekdays − 19 off + 6 worked = 248. */
  assert_year (calendar, 2026,
               "01-01 01-02 02-16 02-17 02-18 02-19 02-20 02-23 04-06 05-01 05-04 05-05 06-19 "
               "09-25 10-01 10-02 10-05 10-06 10-07",
               "01-04 02-14 02-28 05-09 09-20 10-10", 248);
  /* 2027 is not published: its 261 weekdays, New Year's Day among them. */
  assert_year (calendar, 2027, "", "", 261);
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
    GDate first = date (2026, 10, 1), saturday = date (2026, 10, 10), combined = date (2025, 10, 6);
    GDate plain = date (2026, 10, 9);
    g_assert_cmpstr (yc_work_calendar_get_day_name (calendar, &first), ==, "国庆节");
    g_assert_cmpstr (yc_work_calendar_get_day_name (calendar, &saturday), ==, "国庆节调休上班");
    g_assert_cmpstr (yc_work_calendar_get_day_name (calendar, &combined), ==, "国庆节、中秋节");
    g_assert_null (yc_work_calendar_get_day_name (calendar, &plain));
  }
}

static void
test_labour_day (void)
{
  g_autoptr(YcWorkCalendar) calendar = official_calendar ();

  /* 2025: Sunday 27 April worked before 1–5 May. */
  assert_due (calendar, date (2025, 4, 25), 1, date (2025, 4, 27));
  assert_due (calendar, date (2025, 4, 30), 1, date (2025, 5, 6));
  /* 2026: 1–5 May off, Saturday 9 May worked after. */
  assert_due (calendar, date (2026, 4, 30), 3, date (2026, 5, 8));
  assert_due (calendar, date (2026, 5, 8), 1, date (2026, 5, 9));
}

static void
test_year_end_and_unknown_year (void)
{
  g_autoptr(YcWorkCalendar) calendar = official_calendar ();

  /* 1–3 January 2026 off, Sunday 4 January worked. */
  assert_due (calendar, date (2025, 12, 31), 1, date (2026, 1, 4));
  assert_due (calendar, date (2025, 12, 31), 2, date (2026, 1, 5));
  /* 31 December 2025 is a working day of 2025. */
  assert_due (calendar, date (2025, 12, 30), 3, date (2026, 1, 5));
  /* Nothing to count: the day itself, even a Sunday or a holiday. */
  assert_due (calendar, date (2026, 11, 22), 0, date (2026, 11, 22));
  assert_due (calendar, date (2026, 10, 1), 0, date (2026, 10, 1));
  /* Accepted on a plain Saturday: Monday is the first working day. */
  assert_due (calendar, date (2026, 11, 21), 1, date (2026, 11, 23));

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

  {
    GDate eve = date (2025, 12, 31), monday = date (2026, 1, 5);
    GDate friday = date (2026, 2, 13), holiday = date (2026, 2, 15), sunday = date (2026, 10, 4);

    /* Across the turn of the year: Sunday 4 and Monday 5 January. */
    g_assert_cmpint (yc_work_calendar_count (calendar, &eve, &monday), ==, 2);
    /* Due Friday 13 February; on Sunday 15 the worked Saturday 14 has passed too. */
    g_assert_cmpint (yc_work_calendar_count (calendar, &holiday, &friday), ==, -1);
    /* Due 30 September; on Sunday 4 October no working day has passed since: 0, though
     * overdue (the header says to compare the dates). */
    g_assert_cmpint (yc_work_calendar_count (calendar, &sunday, &due), ==, 0);
  }
}

/* The 2019 notice (国办发明电〔2018〕15号) began New Year's Day in the year before: 30
 * December 2018 to 1 January 2019 off, Saturday 29 December 2018 worked. */
static void
test_new_year_in_december (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) bodies = g_ptr_array_new ();
  g_autoptr(YcWorkCalendar) calendar = NULL;
  GDate saturday = date (2018, 12, 29), monday = date (2018, 12, 31), november = date (2018, 11, 30);

  g_assert_true (json_parser_load_from_data (parser,
    "{\"year\":2019,\"holidays\":[{\"date\":\"2018-12-30\",\"name\":\"元旦\"},"
    "{\"date\":\"2018-12-31\",\"name\":\"元旦\"},{\"date\":\"2019-01-01\",\"name\":\"元旦\"},"
    "{\"date\":\"2018-11-30\"}],"
    "\"workdays\":[{\"date\":\"2018-12-29\",\"name\":\"元旦调休上班\"}]}", -1, NULL));
  g_ptr_array_add (bodies, json_node_get_object (json_parser_get_root (parser)));
  calendar = yc_work_calendar_new (bodies);

  g_assert_true (yc_work_calendar_knows_year (calendar, 2019));
  g_assert_false (yc_work_calendar_knows_year (calendar, 2018));
  g_assert_true (yc_work_calendar_is_working_day (calendar, &saturday));
  g_assert_false (yc_work_calendar_is_working_day (calendar, &monday));
  g_assert_cmpstr (yc_work_calendar_get_day_name (calendar, &monday), ==, "元旦");
  /* Earlier than December is no day of a New Year holiday: left out. */
  g_assert_true (yc_work_calendar_is_working_day (calendar, &november));
  assert_due (calendar, date (2018, 12, 28), 1, date (2018, 12, 29));
  assert_due (calendar, date (2018, 12, 29), 1, date (2019, 1, 2));
}

static void
test_malformed (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) bodies = g_ptr_array_new ();
  g_autoptr(YcWorkCalendar) calendar = NULL;
  GDate monday = date (2026, 10, 5), tuesday = date (2026, 10, 6), friday = date (2026, 10, 9);
  GDate sunday = date (2026, 10, 11), last_year = date (2025, 10, 6);

  /* Bad dates, a date of another year, a body without a year, and one for 2027 whose
   * days are all of 2026 (a copy left unedited): only 5 October stands. */
  g_assert_true (json_parser_load_from_data (parser,
    "[{\"year\":2026,\"holidays\":[{\"date\":\"2026-10-05\"},{\"date\":\"2026-13-01\"},{\"date\":5},"
    "{\"date\":\"2025-10-06\"},{\"date\":\"2026-10-+9\"},7],\"workdays\":[{\"date\":\"2026-10-11x\"}]},"
    "{\"holidays\":[]},3,"
    "{\"year\":2027,\"holidays\":[{\"date\":\"2026-10-06\"}],\"workdays\":[{\"date\":\"2026-10-11\"}]}]",
    -1, NULL));
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
  g_assert_true (yc_work_calendar_is_working_day (calendar, &tuesday));
  g_assert_true (yc_work_calendar_is_working_day (calendar, &friday));
  g_assert_false (yc_work_calendar_is_working_day (calendar, &sunday));
  g_assert_true (yc_work_calendar_is_working_day (calendar, &last_year));
  g_assert_true (yc_work_calendar_knows_year (calendar, 2026));
  g_assert_false (yc_work_calendar_knows_year (calendar, 2027));
  g_assert_false (yc_work_calendar_knows_year (calendar, 2025));

  {
    /* No calendar at all: weekdays, and no year known. */
    g_autoptr(YcWorkCalendar) none = yc_work_calendar_new (NULL);
    GDate thursday = date (2026, 10, 1);
    g_assert_false (yc_work_calendar_knows_year (none, 2026));
    g_assert_true (yc_work_calendar_is_working_day (none, &thursday));
    assert_due (none, date (2026, 10, 2), 1, date (2026, 10, 5));
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  official = read_official_calendar (argv[1]);

  g_test_add_func ("/workdays/notices", test_notices);
  g_test_add_func ("/workdays/spring-festival", test_spring_festival);
  g_test_add_func ("/workdays/national-day", test_national_day);
  g_test_add_func ("/workdays/labour-day", test_labour_day);
  g_test_add_func ("/workdays/year-end-and-unknown-year", test_year_end_and_unknown_year);
  g_test_add_func ("/workdays/count", test_count);
  g_test_add_func ("/workdays/new-year-in-december", test_new_year_in_december);
  g_test_add_func ("/workdays/malformed", test_malformed);

  status = g_test_run ();
  g_clear_pointer (&official, yc_work_calendar_unref);
  return status;
}
