/* yc-desk-actions.h: what a page asks of the window it sits in, through the win.* actions
 * the window installs (yc-window.c), so that no page calls the window: a toast, a PDF
 * saved, an intake started, a case counted for the visit at the window. */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "core/yc-visit.h"
#include "yc-print.h"

G_BEGIN_DECLS

/* A passing message at the bottom of widget's window (win.toast); nothing when widget is
 * in none. */
/* error in the clerk's words (yc_context_describe_error, else fallback) as a toast; none
 * for a cancellation, nor for an expired session, which the window explains itself. */
void yc_desk_toast_error  (GtkWidget          *widget,
                           const GError       *error,
                           const char         *fallback);
void yc_desk_toast        (GtkWidget          *widget,
                           const char         *message);
/* Asks where to save doc as PDF, saves it, and says in a toast where it went or what
 * went wrong (nothing when the clerk cancelled). */
void yc_desk_save_pdf     (GtkWidget          *widget,
                           YcDocument         *doc);
/* Starts an intake on the Intake page and shows it (win.start-intake): of package, or
 * with package NULL of the one item in items; the ticket at the window, if any, is the
 * intake's. */
void yc_desk_start_intake (GtkWidget          *widget,
                           const char         *package,
                           const char * const *items,
                           const char         *title);
/* A matter decided at the window (read from its case record): the visit of the citizen
 * there counts it (win.add-case). */
void yc_desk_add_case     (GtkWidget           *widget,
                           const YcVisitMatter *matter);

G_END_DECLS
