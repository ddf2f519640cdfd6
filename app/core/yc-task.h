/* yc-task.h: the work the centre assigns to clerks (docs/api.md, "Tasks"): each kind's
 * time to respond and to finish in working days, the escalation the server raises as
 * they pass (三单一函: reminder, urging, supervision note, accountability letter), and
 * the light a desk shows. Pure arithmetic on the official calendar. */
#pragma once

#include "core/yc-workdays.h"

G_BEGIN_DECLS

typedef enum
{
  YC_ESCALATION_NONE,
  YC_ESCALATION_REMINDER,        /* 提醒单: not answered in time */
  YC_ESCALATION_URGING,          /* 催办单: not finished in time */
  YC_ESCALATION_SUPERVISION,     /* 督办单: two working days late */
  YC_ESCALATION_ACCOUNTABILITY,  /* 问责函: five working days late */
} YcEscalation;

typedef enum
{
  YC_TASK_LIGHT_GREEN,
  YC_TASK_LIGHT_YELLOW,          /* a deadline today or the next working day */
  YC_TASK_LIGHT_RED,             /* a deadline passed */
} YcTaskLight;

/* "correction" (补正), "hotline" (12345 工单), "bad_rating" (差评整改), "refusal_review"
 * (否定报备 result), "appointment" (预约提醒), "complaint" (办不成事): the working days
 * to respond and to finish. FALSE for a kind there is not. */
gboolean      yc_task_kind_deadlines    (const char     *kind,
                                         guint          *respond_days,
                                         guint          *finish_days);
/* The deadlines of a task of kind made on created. */
void          yc_task_deadlines         (YcWorkCalendar *calendar,
                                         const char     *kind,
                                         const GDate    *created,
                                         GDate          *respond_by,
                                         GDate          *finish_by);
/* What is due on today for a task not done (responded: claimed), each deadline the end
 * of its day: finished late by five working days or more, an accountability letter;
 * by two, a supervision note; at all, urging; not answered in time, a reminder. */
YcEscalation  yc_task_escalation        (YcWorkCalendar *calendar,
                                         gboolean        responded,
                                         const GDate    *respond_by,
                                         const GDate    *finish_by,
                                         const GDate    *today);
YcTaskLight   yc_task_light             (YcWorkCalendar *calendar,
                                         gboolean        responded,
                                         const GDate    *respond_by,
                                         const GDate    *finish_by,
                                         const GDate    *today);
/* "none", "reminder", "urging", "supervision", "accountability"; and back (FALSE for
 * none of them). */
const char   *yc_escalation_to_string   (YcEscalation    level);
gboolean      yc_escalation_from_string (const char     *text,
                                         YcEscalation   *level);

G_END_DECLS
