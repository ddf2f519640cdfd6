/* yc-notifier.h: tells the clerk of tasks through the desktop's notifications
 * (org.freedesktop.Notifications, by libnotify).
 *
 * Of each task once: when it is assigned to the clerk or their window, when a deadline of
 * theirs is today or the next working day, and at each escalation. A burst becomes one
 * notification ("3 new tasks"); ID and phone numbers in the text are masked. While a
 * visit is in progress ("busy") only escalations are shown; the rest wait until it is
 * finished. The settings turn each reason and each kind of task off. Each notification
 * has an Open action: "open-task" then says which task (of a burst, the most pressing).
 *
 * libnotify's calls wait for the notification service over D-Bus, so they run on a
 * thread of their own: the main loop never does. Without a service the desk goes on as
 * before (the Tasks badge still counts). */
#pragma once

#include <gio/gio.h>

#include "core/yc-workdays.h"
#include "net/yc-tasks.h"

G_BEGIN_DECLS

#define YC_TYPE_NOTIFIER (yc_notifier_get_type ())
G_DECLARE_FINAL_TYPE (YcNotifier, yc_notifier, YC, NOTIFIER, GObject)

/* settings may be NULL: every notification is on. */
YcNotifier *yc_notifier_new           (YcTasks        *tasks,
                                       GSettings      *settings);
/* A visit is in progress: what is not urgent waits. */
void        yc_notifier_set_busy      (YcNotifier     *self,
                                       gboolean        busy);
/* The official calendar, for "the next working day" (weekends alone until then). */
void        yc_notifier_set_calendar  (YcNotifier     *self,
                                       YcWorkCalendar *calendar);
/* How long a burst must be quiet before it is shown (1500 ms; tests shorten it); one
 * that goes on is shown after 5 s all the same. */
void        yc_notifier_set_delay     (YcNotifier     *self,
                                       guint           ms);
/* Looks at the deadlines now rather than at the next minute. */
void        yc_notifier_check_deadlines (YcNotifier   *self);
/* How many notifications were handed to the service, and how many it refused or could
 * not be reached for. */
guint       yc_notifier_get_n_shown   (YcNotifier     *self);
guint       yc_notifier_get_n_failed  (YcNotifier     *self);
/* What waits for the visit to end. */
guint       yc_notifier_get_n_held    (YcNotifier     *self);

G_END_DECLS
