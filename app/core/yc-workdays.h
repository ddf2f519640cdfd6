/* yc-workdays.h: working days on the official holiday calendar. Promised time limits
 * (承诺时限), supplement dates and task deadlines count working days: Monday to Friday,
 * less the State Council's holidays, plus its make-up working days (调休上班) that fall on
 * a weekend. The calendars come with the catalogue, one per year; a year without one
 * counts Monday to Friday. Built once, then only read: safe to share between threads. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _YcWorkCalendar YcWorkCalendar;

#define YC_TYPE_WORK_CALENDAR (yc_work_calendar_get_type ())
GType           yc_work_calendar_get_type        (void) G_GNUC_CONST;

/* calendars: JsonObject bodies of the catalogue's "calendar" entries ({"year", "holidays":
 * [{"date", "name"}], "workdays": [{"date", "name"}]}); nothing of them is kept. Days that
 * are not YYYY-MM-DD of the body's year (or of the December before, where a New Year
 * holiday may begin) are left out. So is a body without a year, and one without a holiday
 * in its year, which must be mislabelled: that year stays unknown. */
YcWorkCalendar *yc_work_calendar_new             (GPtrArray            *calendars);
YcWorkCalendar *yc_work_calendar_ref             (YcWorkCalendar       *self);
void            yc_work_calendar_unref           (YcWorkCalendar       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcWorkCalendar, yc_work_calendar_unref)

/* Whether the official calendar of year is known: else weekends alone are days off. */
gboolean        yc_work_calendar_knows_year      (YcWorkCalendar       *self,
                                                  guint                 year);
gboolean        yc_work_calendar_is_working_day  (YcWorkCalendar       *self,
                                                  const GDate          *day);
/* 国庆节 for a holiday, 国庆节调休 or the like for a make-up working day, else NULL. */
const char     *yc_work_calendar_get_day_name    (YcWorkCalendar       *self,
                                                  const GDate          *day);
/* The day n working days after from (from itself does not count; n = 0 gives from):
 * the due date of a promise of n working days made on from. */
void            yc_work_calendar_add             (YcWorkCalendar       *self,
                                                  const GDate          *from,
                                                  guint                 n,
                                                  GDate                *result);
/* Working days after from up to and including to; negative when to is before from (by
 * the working days after to up to and including from): how far a deadline is. A deadline
 * passed over days off only counts 0 (from Sunday, Friday's is 0 away): compare the dates
 * to tell overdue. */
int             yc_work_calendar_count           (YcWorkCalendar       *self,
                                                  const GDate          *from,
                                                  const GDate          *to);

G_END_DECLS
