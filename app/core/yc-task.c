/* yc-task.c: task deadlines and escalation on the working-day calendar. */
#include "core/yc-task.h"

static const struct
{
  const char *kind;
  guint       respond_days;
  guint       finish_days;
} kinds[] = {
  /* 补正: the back office returned a case for more material. */
  { "correction", 1, 5 },
  /* 12345: respond within 1 working day, finish within 5. */
  { "hotline", 1, 5 },
  /* 差评整改: rectified within 15 working days. */
  { "bad_rating", 1, 15 },
  /* 否定报备: the review of a refusal (联审 within 2 working days) comes back to act on. */
  { "refusal_review", 1, 2 },
  /* 预约: the day itself. */
  { "appointment", 0, 0 },
  /* 办不成事 (有诉即办): answered the same day, settled within 3. */
  { "complaint", 0, 3 },
};

static const char *levels[] = { "none", "reminder", "urging", "supervision", "accountability" };

gboolean
yc_task_kind_deadlines (const char *kind,
                        guint      *respond_days,
                        guint      *finish_days)
{
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kind, kinds[i].kind))
      {
        if (respond_days != NULL)
          *respond_days = kinds[i].respond_days;
        if (finish_days != NULL)
          *finish_days = kinds[i].finish_days;
        return TRUE;
      }
  return FALSE;
}

void
yc_task_deadlines (YcWorkCalendar *calendar,
                   const char     *kind,
                   const GDate    *created,
                   GDate          *respond_by,
                   GDate          *finish_by)
{
  guint respond_days = 1, finish_days = 5;

  yc_task_kind_deadlines (kind, &respond_days, &finish_days);
  yc_work_calendar_add (calendar, created, respond_days, respond_by);
  yc_work_calendar_add (calendar, created, finish_days, finish_by);
}

YcEscalation
yc_task_escalation (YcWorkCalendar *calendar,
                    gboolean        responded,
                    const GDate    *respond_by,
                    const GDate    *finish_by,
                    const GDate    *today)
{
  if (g_date_compare (today, finish_by) > 0)
    {
      /* Late by the working days after the deadline up to today: a Monday is one day
       * late for a Friday's deadline, as a Saturday is not a day late at all. */
      int late = yc_work_calendar_count (calendar, finish_by, today);

      if (late >= 5)
        return YC_ESCALATION_ACCOUNTABILITY;
      if (late >= 2)
        return YC_ESCALATION_SUPERVISION;
      return YC_ESCALATION_URGING;
    }
  if (!responded && g_date_compare (today, respond_by) > 0)
    return YC_ESCALATION_REMINDER;
  return YC_ESCALATION_NONE;
}

YcTaskLight
yc_task_light (YcWorkCalendar *calendar,
               gboolean        responded,
               const GDate    *respond_by,
               const GDate    *finish_by,
               const GDate    *today)
{
  const GDate *next = responded ? finish_by : respond_by;

  if (g_date_compare (today, finish_by) > 0 || g_date_compare (today, next) > 0)
    return YC_TASK_LIGHT_RED;
  /* Due today, or on the next working day (a Friday, for a Monday's deadline). */
  if (yc_work_calendar_count (calendar, today, next) <= 1)
    return YC_TASK_LIGHT_YELLOW;
  return YC_TASK_LIGHT_GREEN;
}

const char *
yc_escalation_to_string (YcEscalation level)
{
  g_return_val_if_fail (level <= YC_ESCALATION_ACCOUNTABILITY, "none");
  return levels[level];
}

gboolean
yc_escalation_from_string (const char   *text,
                           YcEscalation *level)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (levels); i++)
    if (g_str_equal (text, levels[i]))
      {
        *level = (YcEscalation) i;
        return TRUE;
      }
  return FALSE;
}
