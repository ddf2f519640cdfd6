/* yc-records-page.h: the Records page: the clerk's cases as the centre keeps them, and
 * those still waiting in the outbox, with their status, case number, due date and a
 * light (green; yellow within 3 working days of the due date; red once past it). */
#pragma once

#include <gtk/gtk.h>

#include "yc-context.h"

G_BEGIN_DECLS

#define YC_TYPE_RECORDS_PAGE (yc_records_page_get_type ())
G_DECLARE_FINAL_TYPE (YcRecordsPage, yc_records_page, YC, RECORDS_PAGE, GtkWidget)

GtkWidget  *yc_records_page_new      (YcContext     *context);
/* Fetches the cases again (the page does so itself when shown and after each push). */
void        yc_records_page_refresh  (YcRecordsPage *self);

G_END_DECLS
