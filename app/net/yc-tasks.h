/* yc-tasks.h: the logged-in clerk's tasks (docs/api.md, "Tasks"), kept current.
 *
 * Three lists of YcTask: mine (named to me or claimed by me, not done), claimable (new,
 * for my window or its zone) and done. They are read at each log-in and each time the
 * event stream comes back, and changed by each task.* event as it comes: after a drop
 * the stream sends what was missed, and a task is in a list once, whatever arrives twice.
 *
 * Claim and release are online calls: the server decides who has a task. A completion
 * goes into the outbox as a task_result record, in one transaction, and the task shows as
 * done at once; YcSync takes it to the server, offline or not.
 *
 * "news" tells what a clerk should hear of: a task newly for me (assigned, or found for
 * me in a read after the first), or one raised to a higher escalation. Each task is
 * news once per escalation level, however often the stream or a read brings it. */
#pragma once

#include <gio/gio.h>

#include "core/yc-task.h"
#include "net/yc-client.h"
#include "net/yc-events.h"
#include "store/yc-store.h"

G_BEGIN_DECLS

typedef enum
{
  YC_TASK_NEWS_ASSIGNED,
  YC_TASK_NEWS_ESCALATED,
} YcTaskNews;

#define YC_TYPE_TASKS (yc_tasks_get_type ())
G_DECLARE_FINAL_TYPE (YcTasks, yc_tasks, YC, TASKS, GObject)

YcTasks    *yc_tasks_new               (YcClient            *client,
                                        YcEvents            *events);
/* The outbox completions go to (the context's, which changes at a demo reset). */
void        yc_tasks_set_store         (YcTasks             *self,
                                        YcStore             *store);
/* GListModels of YcTask, in no particular order (the page sorts them). */
GListModel *yc_tasks_get_mine          (YcTasks             *self);
GListModel *yc_tasks_get_claimable     (YcTasks             *self);
GListModel *yc_tasks_get_done          (YcTasks             *self);
/* Tasks open for me: mine and claimable. Notified as "n-open". */
guint       yc_tasks_get_n_open        (YcTasks             *self);
/* TRUE once the lists have been read since the log-in. Notified as "loaded". */
gboolean    yc_tasks_get_loaded        (YcTasks             *self);
/* The task of that id in any of the lists, or NULL. */
YcTask     *yc_tasks_lookup            (YcTasks             *self,
                                        gint64               id);
/* Reads the lists again (it does so itself at log-in and after the stream drops). */
void        yc_tasks_refresh           (YcTasks             *self);

/* action: "claim" or "release". The task after it is in its list when this finishes. */
void        yc_tasks_act_async         (YcTasks             *self,
                                        gint64               id,
                                        const char          *action,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
YcTask     *yc_tasks_act_finish        (YcTasks             *self,
                                        GAsyncResult        *result,
                                        GError             **error);
/* Completes a task of mine with note: into the outbox, then done in the lists. */
void        yc_tasks_complete_async    (YcTasks             *self,
                                        gint64               id,
                                        const char          *note,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    yc_tasks_complete_finish   (YcTasks             *self,
                                        GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
