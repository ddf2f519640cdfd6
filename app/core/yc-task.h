/* yc-task.h: the work the centre assigns to clerks (docs/api.md, "Tasks"): each kind's
 * time to respond and to finish in working days, the escalation the server raises as
 * they pass (三单一函: reminder, urging, supervision note, accountability letter), and
 * the light a desk shows. Pure arithmetic on the official calendar. */
#pragma once

#include <json-glib/json-glib.h>

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

/* The kinds of task (docs/api.md, "Tasks"), in the order a clerk's lists show them:
 * 12345 工单, 补正, 差评整改, 否定报备 result, 预约提醒, 办不成事. */
typedef enum
{
  YC_TASK_KIND_HOTLINE,
  YC_TASK_KIND_CORRECTION,
  YC_TASK_KIND_BAD_RATING,
  YC_TASK_KIND_REFUSAL_REVIEW,
  YC_TASK_KIND_APPOINTMENT,
  YC_TASK_KIND_COMPLAINT,
  YC_N_TASK_KINDS,
} YcTaskKind;

/* "hotline", "correction", "bad_rating", "refusal_review", "appointment", "complaint";
 * and back (FALSE for none of them). */
const char   *yc_task_kind_to_wire      (YcTaskKind      kind);
gboolean      yc_task_kind_from_wire    (const char     *wire,
                                         YcTaskKind     *kind);
/* The name a clerk reads (translated). */
const char   *yc_task_kind_get_name     (YcTaskKind      kind);
/* The same for a kind as the wire says it; "Task" for one this desk does not know. */
const char   *yc_task_kind_name         (const char     *wire);
/* The working days to respond and to finish a task of kind (as the wire says it); FALSE
 * for a kind there is not. */
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
/* The name a clerk reads (translated); NULL for none. */
const char   *yc_escalation_name        (YcEscalation    level);

/* One task as the server gives it (docs/api.md, "Tasks"): read-only once made. */
typedef enum
{
  YC_TASK_NEW,
  YC_TASK_CLAIMED,
  YC_TASK_DONE,
} YcTaskState;

#define YC_TYPE_TASK (yc_task_get_type ())
G_DECLARE_FINAL_TYPE (YcTask, yc_task, YC, TASK, GObject)

/* From a task object of the wire; YC_ERROR_PROTOCOL when it does not match the contract
 * (an event's task, without detail and result, does). */
YcTask       *yc_task_new_from_json     (JsonNode       *node,
                                         GError        **error);
/* task, done by clerk at done_at with note: what the desk shows while the completion
 * waits in the outbox. */
YcTask       *yc_task_new_done          (YcTask         *task,
                                         const char     *clerk,
                                         const char     *note,
                                         const char     *done_at);
/* task as an event tells it, with the detail and result of older (the same task as the
 * list gave it): the stream leaves them out. */
YcTask       *yc_task_new_merged        (YcTask         *task,
                                         YcTask         *older);
gint64        yc_task_get_id            (YcTask         *self);
const char   *yc_task_get_kind          (YcTask         *self);
const char   *yc_task_get_title         (YcTask         *self);
/* NULL when the event that brought it left it out, or there is none. */
const char   *yc_task_get_detail        (YcTask         *self);
/* Who it is for: a clerk's id (or NULL), a window (0 for none), a zone (or NULL). */
const char   *yc_task_get_clerk         (YcTask         *self);
gint64        yc_task_get_window        (YcTask         *self);
const char   *yc_task_get_zone          (YcTask         *self);
const char   *yc_task_get_claimed_by    (YcTask         *self);
/* The visit's ticket number and the case number it is about, each NULL if none. */
const char   *yc_task_get_ticket_number (YcTask         *self);
const char   *yc_task_get_case_number   (YcTask         *self);
const char   *yc_task_get_created_at    (YcTask         *self);
const GDate  *yc_task_get_respond_by    (YcTask         *self);
const GDate  *yc_task_get_finish_by     (YcTask         *self);
YcTaskState   yc_task_get_state         (YcTask         *self);
YcEscalation  yc_task_get_escalation    (YcTask         *self);
const char   *yc_task_get_result        (YcTask         *self);
const char   *yc_task_get_done_at       (YcTask         *self);
const char   *yc_task_get_done_by       (YcTask         *self);
/* The deadline that counts now: respond_by while new, finish_by once claimed. */
const GDate  *yc_task_get_next_deadline (YcTask         *self);
/* The order of the Tasks lists: the most escalated first, then the nearest deadline,
 * then the oldest; done ones the latest done first. */
int           yc_task_compare_urgency   (YcTask         *a,
                                         YcTask         *b);
/* The task's light today, and how far the deadline that counts now is, in words: "Due
 * today", "2 working days left", "1 working day overdue". */
YcTaskLight   yc_task_light_today       (YcTask         *task,
                                         YcWorkCalendar *calendar);
char         *yc_task_describe_countdown (YcTask        *task,
                                          YcWorkCalendar *calendar);

G_END_DECLS
