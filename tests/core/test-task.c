/* test-task.c: task deadlines and escalation (三单一函) over the 2026 official calendar
 * the demo catalogue carries: National Day (1–7 October) with its make-up Saturday
 * (10 October), weekends, and each kind's time to respond and to finish. */
#include <locale.h>

#include "core/yc-task.h"
#include "core/yc-time.h"

static YcWorkCalendar *official;

static GDate
date (guint y, guint m, guint d)
{
  GDate value;

  g_date_clear (&value, 1);
  g_date_set_dmy (&value, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return value;
}

static void
assert_date (const GDate *got,
             GDate        want)
{
  char a[16], b[16];

  g_date_strftime (a, sizeof a, "%F", got);
  g_date_strftime (b, sizeof b, "%F", &want);
  g_assert_cmpstr (a, ==, b);
}

/* Each kind's deadlines; a hotline order on the eve of National Day is answered after it,
 * and finished on the Tuesday after the make-up Saturday. */
static void
test_deadlines (void)
{
  GDate created = date (2026, 9, 30), respond_by, finish_by;
  guint respond = 99, finish = 99;

  yc_task_deadlines (official, "hotline", &created, &respond_by, &finish_by);
  assert_date (&respond_by, date (2026, 10, 8));
  assert_date (&finish_by, date (2026, 10, 13));

  /* 差评整改 on a Friday: fifteen working days, three weeks on. */
  created = date (2026, 11, 20);
  yc_task_deadlines (official, "bad_rating", &created, &respond_by, &finish_by);
  assert_date (&respond_by, date (2026, 11, 23));
  assert_date (&finish_by, date (2026, 12, 11));

  /* An appointment is due the day itself; a complaint is answered the day it comes,
   * even on the make-up Saturday, and settled within three working days. */
  created = date (2026, 10, 9);
  yc_task_deadlines (official, "appointment", &created, &respond_by, &finish_by);
  assert_date (&respond_by, date (2026, 10, 9));
  assert_date (&finish_by, date (2026, 10, 9));
  created = date (2026, 10, 10);
  yc_task_deadlines (official, "complaint", &created, &respond_by, &finish_by);
  assert_date (&respond_by, date (2026, 10, 10));
  assert_date (&finish_by, date (2026, 10, 14));
  created = date (2026, 11, 23);
  yc_task_deadlines (official, "refusal_review", &created, &respond_by, &finish_by);
  assert_date (&finish_by, date (2026, 11, 25));
  yc_task_deadlines (official, "correction", &created, &respond_by, &finish_by);
  assert_date (&finish_by, date (2026, 11, 30));

  /* As the wire has them. */
  {
    g_autofree char *text = yc_time_format_date (&finish_by);
    GDate early = date (2026, 1, 5);
    g_autofree char *padded = yc_time_format_date (&early);

    g_assert_cmpstr (text, ==, "2026-11-30");
    g_assert_cmpstr (padded, ==, "2026-01-05");
  }

  g_assert_true (yc_task_kind_deadlines ("hotline", &respond, &finish));
  g_assert_cmpuint (respond, ==, 1);
  g_assert_cmpuint (finish, ==, 5);
  g_assert_false (yc_task_kind_deadlines ("errand", &respond, &finish));
  g_assert_false (yc_task_kind_deadlines (NULL, NULL, NULL));
}

/* The hotline order of 30 September (answer by 8 October, finish by 13 October) as the
 * days go by, answered or not. */
static void
test_escalation (void)
{
  GDate respond_by = date (2026, 10, 8), finish_by = date (2026, 10, 13);
  static const struct { guint month, day; gboolean responded; YcEscalation level; } days[] = {
    { 9, 30, FALSE, YC_ESCALATION_NONE },
    { 10, 8, FALSE, YC_ESCALATION_NONE },            /* the last day to answer */
    { 10, 9, FALSE, YC_ESCALATION_REMINDER },
    { 10, 9, TRUE, YC_ESCALATION_NONE },
    { 10, 13, TRUE, YC_ESCALATION_NONE },            /* the last day to finish */
    { 10, 14, TRUE, YC_ESCALATION_URGING },          /* one working day late */
    { 10, 14, FALSE, YC_ESCALATION_URGING },
    { 10, 15, TRUE, YC_ESCALATION_SUPERVISION },     /* two */
    { 10, 18, TRUE, YC_ESCALATION_SUPERVISION },     /* a Sunday: still three */
    { 10, 19, TRUE, YC_ESCALATION_SUPERVISION },     /* four */
    { 10, 20, TRUE, YC_ESCALATION_ACCOUNTABILITY },  /* five */
    { 12, 31, TRUE, YC_ESCALATION_ACCOUNTABILITY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      GDate today = date (2026, days[i].month, days[i].day);

      g_test_message ("%u-%u responded %d", days[i].month, days[i].day, days[i].responded);
      g_assert_cmpint (yc_task_escalation (official, days[i].responded, &respond_by, &finish_by, &today), ==,
                       days[i].level);
    }

  /* Over the holiday nothing is late: a deadline of 30 September is one working day
   * late on 8 October. */
  {
    GDate eve = date (2026, 9, 30), holiday = date (2026, 10, 5), after = date (2026, 10, 8);

    g_assert_cmpint (yc_task_escalation (official, TRUE, &eve, &eve, &holiday), ==, YC_ESCALATION_URGING);
    g_assert_cmpint (yc_task_escalation (official, TRUE, &eve, &eve, &after), ==, YC_ESCALATION_URGING);
  }
}

static void
test_light (void)
{
  GDate respond_by = date (2026, 10, 8), finish_by = date (2026, 10, 13);
  static const struct { guint month, day; gboolean responded; YcTaskLight light; } days[] = {
    { 9, 29, FALSE, YC_TASK_LIGHT_GREEN },    /* two working days to answer */
    { 9, 30, FALSE, YC_TASK_LIGHT_YELLOW },   /* the next working day, after the holiday */
    { 9, 30, TRUE, YC_TASK_LIGHT_GREEN },
    { 10, 8, FALSE, YC_TASK_LIGHT_YELLOW },
    { 10, 9, FALSE, YC_TASK_LIGHT_RED },      /* not answered in time */
    { 10, 9, TRUE, YC_TASK_LIGHT_GREEN },     /* 10 (Saturday, worked) and 12 to come */
    { 10, 10, TRUE, YC_TASK_LIGHT_GREEN },
    { 10, 11, TRUE, YC_TASK_LIGHT_GREEN },    /* a Sunday: Monday, then the deadline */
    { 10, 12, TRUE, YC_TASK_LIGHT_YELLOW },
    { 10, 13, TRUE, YC_TASK_LIGHT_YELLOW },
    { 10, 14, TRUE, YC_TASK_LIGHT_RED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      GDate today = date (2026, days[i].month, days[i].day);

      g_test_message ("%u-%u responded %d", days[i].month, days[i].day, days[i].responded);
      g_assert_cmpint (yc_task_light (official, days[i].responded, &respond_by, &finish_by, &today), ==,
                       days[i].light);
    }
}

static void
test_escalation_names (void)
{
  for (YcEscalation level = YC_ESCALATION_NONE; level <= YC_ESCALATION_ACCOUNTABILITY; level++)
    {
      YcEscalation back = YC_ESCALATION_NONE;

      g_assert_true (yc_escalation_from_string (yc_escalation_to_string (level), &back));
      g_assert_cmpint (back, ==, level);
    }
  g_assert_cmpstr (yc_escalation_to_string (YC_ESCALATION_SUPERVISION), ==, "supervision");
  g_assert_false (yc_escalation_from_string ("letter", &(YcEscalation) { 0 }));
  g_assert_false (yc_escalation_from_string (NULL, &(YcEscalation) { 0 }));
}

/* The one table of kinds: each goes to the wire and back, has a name and deadlines; a
 * kind the desk does not know is named as a task. */
static void
test_kinds (void)
{
  YcTaskKind back;

  for (YcTaskKind kind = 0; kind < YC_N_TASK_KINDS; kind++)
    {
      const char *wire = yc_task_kind_to_wire (kind);

      g_assert_nonnull (wire);
      g_assert_true (yc_task_kind_from_wire (wire, &back));
      g_assert_cmpint (back, ==, kind);
      g_assert_true (yc_task_kind_deadlines (wire, NULL, NULL));
      g_assert_cmpstr (yc_task_kind_name (wire), ==, yc_task_kind_get_name (kind));
      g_assert_cmpstr (yc_task_kind_get_name (kind), !=, "");
      for (YcTaskKind other = 0; other < kind; other++)
        g_assert_cmpstr (yc_task_kind_get_name (other), !=, yc_task_kind_get_name (kind));
    }
  g_assert_cmpstr (yc_task_kind_to_wire (YC_TASK_KIND_BAD_RATING), ==, "bad_rating");
  g_assert_false (yc_task_kind_from_wire ("errand", &back));
  g_assert_false (yc_task_kind_from_wire (NULL, &back));
  g_assert_cmpstr (yc_task_kind_name ("errand"), ==, "Task");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) bodies = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *years;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, >, 1);
  json_parser_load_from_file (parser, argv[argc - 1], &error);
  g_assert_no_error (error);
  years = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "holidays");
  for (guint i = 0; i < json_array_get_length (years); i++)
    g_ptr_array_add (bodies, json_array_get_object_element (years, i));
  official = yc_work_calendar_new (bodies);

  g_test_add_func ("/task/deadlines", test_deadlines);
  g_test_add_func ("/task/escalation", test_escalation);
  g_test_add_func ("/task/light", test_light);
  g_test_add_func ("/task/escalation-names", test_escalation_names);
  g_test_add_func ("/task/kinds", test_kinds);
  status = g_test_run ();
  yc_work_calendar_unref (official);
  return status;
}
