/* yc-desk-private.h: the widgets inside the desk's views, for the tests that drive them. */
#pragma once

#include <adwaita.h>

#include "yc-login-page.h"
#include "yc-queue-page.h"
#include "yc-window.h"

G_BEGIN_DECLS

YcLoginPage *yc_window_get_login_page          (YcWindow    *self);
YcQueuePage *yc_window_get_queue_page          (YcWindow    *self);
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
GtkButton   *yc_queue_page_get_finish_button   (YcQueuePage *self);
GtkLabel    *yc_queue_page_get_call_label      (YcQueuePage *self);
GtkLabel    *yc_queue_page_get_number_label    (YcQueuePage *self);
GtkLabel    *yc_queue_page_get_offline_label   (YcQueuePage *self);
/* The waiting services (YcService) of the window. */
GListModel  *yc_queue_page_get_services        (YcQueuePage *self);

G_END_DECLS
