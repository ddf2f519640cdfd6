/* yc-desk-private.h: the widgets inside the desk's views, for the tests that drive them. */
#pragma once

#include <adwaita.h>

#include "yc-guide-view.h"
#include "yc-guides-page.h"
#include "yc-intake-page.h"
#include "yc-intake-view.h"
#include "yc-login-page.h"
#include "yc-notifier.h"
#include "yc-print.h"
#include "yc-queue-page.h"
#include "yc-visit-card.h"
#include "yc-waiting-panel.h"
#include "yc-records-page.h"
#include "yc-tasks-page.h"
#include "yc-window.h"

G_BEGIN_DECLS

YcLoginPage *yc_window_get_login_page          (YcWindow    *self);
YcQueuePage *yc_window_get_queue_page          (YcWindow    *self);
YcGuidesPage *yc_window_get_guides_page        (YcWindow    *self);
/* The main menu (the Training submenu joins it on a training desk). */
GMenu        *yc_window_get_primary_menu       (YcWindow    *self);
/* The header's 演示 badge. */
GtkWidget    *yc_window_get_demo_badge         (YcWindow    *self);
YcIntakePage *yc_window_get_intake_page        (YcWindow    *self);
YcRecordsPage *yc_window_get_records_page      (YcWindow    *self);
YcTasksPage *yc_window_get_tasks_page          (YcWindow    *self);
YcNotifier  *yc_window_get_notifier            (YcWindow    *self);
/* The sidebar's badge of a page ("tasks"): its text, or NULL when it is hidden. */
const char  *yc_window_get_badge               (YcWindow    *self,
                                                const char  *page);
/* The page shown in the main view: "queue", "guides" … */
const char  *yc_window_get_visible_page        (YcWindow    *self);
/* "login" or "main" */
const char  *yc_window_get_visible_view        (YcWindow    *self);
GtkRevealer *yc_window_get_offline_revealer    (YcWindow    *self);
AdwWindowTitle *yc_window_get_title_widget     (YcWindow    *self);
GtkLabel    *yc_window_get_sync_label          (YcWindow    *self);
GtkLabel    *yc_window_get_connection_label    (YcWindow    *self);
/* The message of the last toast shown, or NULL. */
const char  *yc_window_get_last_toast          (YcWindow    *self);

GtkEditable *yc_login_page_get_clerk_entry     (YcLoginPage *self);
GtkEditable *yc_login_page_get_pin_entry       (YcLoginPage *self);
GtkEditable *yc_login_page_get_window_entry    (YcLoginPage *self);
GtkLabel    *yc_login_page_get_error_label     (YcLoginPage *self);
GtkButton   *yc_login_page_get_login_button    (YcLoginPage *self);

GtkButton   *yc_queue_page_get_call_button     (YcQueuePage *self);
/* TRUE while the window is paused (queue.pause). */
gboolean     yc_queue_page_get_paused          (YcQueuePage *self);
/* TRUE while the page refreshes the counts every 2 s (the event stream is down). */
/* The button that starts an intake of that package for the ticket at the window, once
 * it is offered (the ticket's service suggests it and the catalogue has it); or NULL. */
GtkButton   *yc_queue_page_get_finish_button   (YcQueuePage *self);
GtkLabel    *yc_queue_page_get_call_label      (YcQueuePage *self);
/* The visit card's line of times, and its tag (green channel, appointment). */
GtkLabel    *yc_queue_page_get_offline_label   (YcQueuePage *self);
/* The waiting services (YcService) of the window. */
YcVisitCard *yc_queue_page_get_visit_card      (YcQueuePage *self);
YcQueue     *yc_queue_page_get_queue           (YcQueuePage *self);
/* The tickets (YcTicket) parked at the window, parked longest first. */
/* What the visit came to, said at Finish: the outcome list and the note. */
/* The transfer note on the visit card, and the clerk's day ("3 served · …"). */
/* Call Next this soon after a call is a double press and ignored (3 s; 0 turns it off). */
void         yc_queue_page_set_double_press_seconds (YcQueuePage *self,
                                                     guint        seconds);
GtkLabel    *yc_queue_page_get_day_label       (YcQueuePage *self);
YcWaitingPanel *yc_queue_page_get_waiting_panel (YcQueuePage *self);

GtkEditable *yc_guides_page_get_search_entry   (YcGuidesPage *self);
/* The search results shown (YcGuideHit), best first. */
GListModel  *yc_guides_page_get_results        (YcGuidesPage *self);
/* The position of the result selected, or GTK_INVALID_LIST_POSITION. */
guint        yc_guides_page_get_selected       (YcGuidesPage *self);
YcGuideView *yc_guides_page_get_guide_view     (YcGuidesPage *self);
GtkLabel    *yc_guides_page_get_status_label   (YcGuidesPage *self);
/* Shown with "Did you mean: …?" when a search finds nothing but a slip away. */
GtkButton   *yc_guides_page_get_suggestion     (YcGuidesPage *self);
/* What the list side shows: "home", "results", "none" or "empty-catalogue". */
const char  *yc_guides_page_get_list_shown     (YcGuidesPage *self);
GListModel  *yc_guides_page_get_recents        (YcGuidesPage *self);
GListModel  *yc_guides_page_get_favourites     (YcGuidesPage *self);

/* The intakes in progress (YcIntake), oldest first, and the view of the one shown. */
GListModel  *yc_intake_page_get_intakes        (YcIntakePage *self);
YcIntakeView *yc_intake_page_get_view          (YcIntakePage *self);
/* Tests: the papers of decisions (receipt, refusal) go to sink instead of the printer,
 * whether or not the view prints papers. */
typedef void (*YcPaperSink) (YcDocument *doc,
                             gpointer    data);
void         yc_intake_page_set_paper_sink    (YcIntakePage *self,
                                               YcPaperSink   sink,
                                               gpointer      data);
/* TRUE while a paper waits for the centre's number. */
gboolean     yc_intake_page_get_numbering     (YcIntakePage *self);
/* Items, ticket, start and when the promise falls due. */
GtkLabel    *yc_intake_view_get_subtitle_label (YcIntakeView *self);
/* The line under the form saying whether the intake can be accepted, and how. */
GtkLabel    *yc_intake_view_get_decision_label (YcIntakeView *self);
/* What a material's row shows for its status: "pages" (the GtkSpinButton of a provided
 * material) or "day" (the GtkMenuButton of a 容缺 material's day); NULL when not shown. */
GtkWidget   *yc_intake_view_get_material_extra (YcIntakeView *self,
                                                const char   *material,
                                                const char   *extra);

/* The cases listed (YcCaseEntry, filtered by the search). */
GListModel  *yc_records_page_get_cases         (YcRecordsPage *self);
GtkEditable *yc_records_page_get_search_entry  (YcRecordsPage *self);
/* The records that did not take effect, as the page lists them (YcOutboxEntry). */
GListModel  *yc_records_page_get_attention     (YcRecordsPage *self);
/* The paper of the case id as its menu prints it (受理通知书, 一次性告知书 or 不予受理通知书,
 * by its decision): from the outbox's record, with the centre's number when it has one. */
void         yc_records_page_get_paper_async   (YcRecordsPage       *self,
                                                 const char          *id,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
YcDocument  *yc_records_page_get_paper_finish  (YcRecordsPage       *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* "mine", "claimable" or "done". */
const char  *yc_tasks_page_get_view            (YcTasksPage *self);
void         yc_tasks_page_set_view            (YcTasksPage *self,
                                                const char  *view);
/* The tasks of the view, as shown (most urgent first). */
GListModel  *yc_tasks_page_get_shown           (YcTasksPage *self);
/* The task in the detail pane, or 0. */
gint64       yc_tasks_page_get_shown_id        (YcTasksPage *self);
/* "countdown", "escalation", "kind", "title", "detail", "about", "status". */
GtkLabel    *yc_tasks_page_get_label           (YcTasksPage *self,
                                                const char  *name);
GtkEditable *yc_tasks_page_get_note_entry      (YcTasksPage *self);
/* "claim", "release", "complete": shown and sensitive when the task shown allows it. */
GtkWidget   *yc_tasks_page_get_button          (YcTasksPage *self,
                                                const char  *name);

G_END_DECLS
