/* desk-fixture.h: the desk driven like a clerk would, against a real server on a thread of
 * this process: the fixture every desk test file uses and the helpers they share (log in,
 * take a ticket, press a key, answer a dialog). Each test file registers its cases from
 * main() in test-desk.c. */
#pragma once

#include <adwaita.h>
#include <X11/Xlib.h>

#include "server/yc-server-thread.h"

#include "yc-application.h"
#include "yc-context.h"
#include "yc-desk-private.h"

#define TIMEOUT_S 20

#define COUNT_VISITS   "SELECT count(*) FROM records WHERE kind = 'visit'"
#define COUNT_FINISHED "SELECT count(*) FROM tickets WHERE state = 'finished'"

typedef struct
{
  char           *dir;
  char           *server_db;
  char           *kiosk;        /* a kiosk's token of that server, once one is needed */
  char           *desk_db;
  char           *url;
  YcServerThread *server;
  YcClient       *client;
  YcStore        *store;
  YcCatalogueCache *catalogue;  /* only for the cases that use guides */
  char           *catalogue_db;
  YcContext      *context;
  YcWindow       *window;
} Fixture;

#define add_test(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
/* The same with a catalogue cache for the desk. */
#define add_guides_test(path, func) \
  g_test_add (path, Fixture, "catalogue", fixture_set_up, func, fixture_tear_down)

/* The cases of each test file, registered from main() in test-desk.c. */
void yc_test_desk_shell_add_tests (void);

GtkWidget *find_widget (GtkWidget *root, gboolean (*found) (GtkWidget *widget, gconstpointer data),
                        gconstpointer data);
gboolean has_id (GtkWidget *widget, gconstpointer id);
void save_screenshot (Fixture    *f, const char *name);
void save_window_screenshot (GtkWindow *window, const char *name);
YcServerThread *start_server (const char *db_path, guint       port);
guint count_server_threads (void);
guint count_demo_folders (void);
void show_window (Fixture *f);
void open_window (Fixture *f);
void close_window (Fixture *f);
void restart_desk (Fixture *f);
void fixture_set_up (Fixture       *f, gconstpointer  data);
void fixture_tear_down (Fixture       *f, gconstpointer  data);
gint64 server_count (Fixture    *f, const char *sql);
gint64 ticket_count (Fixture    *f, YcTicket   *ticket, const char *state);
AdwMessageDialog *find_dialog (void);
gboolean dialog_shown (void);
void server_exec (Fixture    *f, const char *sql);
gboolean view_is (Fixture    *f, const char *name);
YcQueuePage *queue_page (Fixture *f);
void fill_in (Fixture    *f, const char *clerk, const char *pin, const char *window);
void submit (Fixture *f);
gboolean queue_ready (Fixture *f);
void log_in (Fixture *f);
/* Logs in and waits for the catalogue sync to fill the cache from the server. */
void log_in_with_catalogue (Fixture *f);
void log_out (Fixture *f);
gint64 shown_waiting (Fixture    *f, const char *letter);
YcTicket *take_ticket_at (const char *url, const char *token, const char *service);
YcTicket *take_ticket (Fixture    *f, const char *service);
/* A new ticket of service, called to the window and shown there. */
YcTicket *call_new_ticket (Fixture *f, const char *service);
const char *number_shown (Fixture *f);
gboolean shows (Fixture  *f, YcTicket *ticket);
gboolean call_next_enabled (Fixture *f);
gboolean finish_enabled (Fixture *f);
void activate (Fixture    *f, const char *action);
gboolean key_presses_possible (Fixture *f);
void press_key (Fixture   *f, KeySym     keysym, gboolean (*happened) (Fixture *f));
gboolean call_started (Fixture *f);
gboolean finish_started (Fixture *f);
AdwMessageDialog *wait_dialog (void);
void answer_dialog (AdwMessageDialog *dialog, const char       *response);
void act_and_settle (Fixture    *f, const char *action);

/* Shared with the page's own test files (defined in test-desk.c). */
YcIntakePage *intake_page (Fixture *f);
YcIntakeView *intake_view (Fixture *f);
gboolean intake_shown (Fixture *f);

/* 企业开办's form filled in as a clerk would, every material received with pages each
 * (0: not counted) (test-desk-intake.c). */
void fill_in_intake (Fixture *f, YcIntake *intake, guint pages);
/* The intake form's cases (test-desk-intake.c). */
void yc_test_desk_intake_add_tests (void);
/* The port of a server's URL, to start it again on the same one. */
guint url_port (const char *url);
/* The text of a PDF (pdftotext) with all white space removed. */
char *pdf_text (const char *path);
/* The server stops, and the desk shows it is offline. */
void server_down (Fixture *f);
/* A label under root that shows text (as drawn, markup parsed), or NULL. */
GtkWidget *find_shown_text (GtkWidget *root, const char *text);
/* A widget under root (root included), not a label, whose accessible name is name, or NULL. */
GtkWidget *find_named (GtkWidget *root, const char *name);
/* The server starts again on the same port and the desk retries; a clerk whose session it
 * forgot logs in again (1001 at window 1). The outbox's delivery is the caller's to wait for. */
void server_back (Fixture *f);
/* text with all its white space removed, as pdf_text () gives a PDF's. */
char *squashed (const char *text);
/* doc exported as PDF to name in the fixture's folder, its text as pdf_text () gives it. */
char *doc_pdf_text (Fixture *f, YcDocument *doc, const char *name);

/* The cases of each test file, registered from main() in test-desk.c. */
void yc_test_desk_records_add_tests (void);
/* The Queue page's cases at its edges (test-desk-queue.c). */
void yc_test_desk_queue_add_tests (void);
/* A finish through the outbox that the centre does not apply (test-desk-queue2.c). */
void yc_test_desk_queue2_add_tests (void);
/* What a clerk's trial found around the Queue page (test-desk-fixqueue.c). */
void yc_test_desk_fixqueue_add_tests (void);
/* Loose ends of records and intake: papers, the calendar, names, sizes (test-desk-followup.c). */
void yc_test_desk_followup_add_tests (void);

/* Training scenarios (test-desk-training.c): its cases; a report as GET /training answers
 * it; a model of its own holding it (it reads nothing); the summary of it shown over the
 * window; ticket with a scenario citizen's story. */
void yc_test_desk_training_add_tests (void);
YcTrainingReport *sample_training_report (void);
YcTraining *sample_training (Fixture *f);
GtkWidget *open_training_summary (Fixture *f, YcTraining *training);
/* The sample as a classroom's server answers it: window's goals, of windows 1 and 2; and
 * a context logged in as duty manager 9002 (no window), who may choose between them. */
YcTrainingReport *classroom_report (gint64   window,
                                    gboolean control);
YcContext *manager_context (Fixture *f);
YcTicket *storied_ticket (YcTicket *ticket);
/* The JSON the sample report and story are read from. */
extern const char sample_report_json[];
extern const char sample_story_json[];

/* The pseudo-locale walk's cases (test-desk-pseudo.c). */
void yc_test_desk_pseudo_add_tests (void);

/* The walk through the desk of test-desk-shell.c, which other walks share: one stop of
 * it is a toplevel as it is now (the main window or a dialog), where the walk is ("queue
 * page: transfer") and, for a dialog, the source file that makes it (NULL for the main
 * window, whose widgets tell by the page they are in). walk_desk () stops at every page
 * and the dialogs that can be opened from them; stop_at_dialog () at the message dialog
 * action opens from widget, which it then cancels; settle () lets a resize, a relayout
 * and a frame happen. */
typedef void (*StopFunc) (Fixture    *f,
                          GtkWindow  *toplevel,
                          const char *where,
                          const char *owner,
                          gpointer    data);
void walk_desk (Fixture *f, StopFunc stop, gpointer data);
void stop_at_dialog (Fixture *f, GtkWidget *widget, const char *action, const char *where, const char *owner,
                     StopFunc stop, gpointer data);
void settle (GtkWidget *widget);
/* The walk of a Traditional desk (test-desk-script.c): its cases, there only when the
 * desk's translation is Traditional (meson's desk-zh_TW). */
void yc_test_desk_script_add_tests (void);

/* Accessible names as GTK 4.8 tells a screen reader (test-desk-shell.c): whether widget is
 * a control a clerk acts on; its name (NULL: none; *twice when a text comes twice,
 * *unknown when it is labelled by a widget the test cannot find); where it sits. */
gboolean a11y_is_control (GtkWidget *widget);
char *a11y_name (GtkWidget *widget, gboolean *twice, gboolean *unknown);
char *a11y_widget_path (GtkWidget *widget, GtkWidget *top);
