/* yc-login-page.h: the log-in view: clerk number, PIN and window number. */
#pragma once

#include <gtk/gtk.h>

#include "yc-context.h"

G_BEGIN_DECLS

#define YC_TYPE_LOGIN_PAGE (yc_login_page_get_type ())
G_DECLARE_FINAL_TYPE (YcLoginPage, yc_login_page, YC, LOGIN_PAGE, GtkWidget)

GtkWidget *yc_login_page_new         (YcContext   *context);
/* A standing message above the form (e.g. why the clerk is back here); NULL hides it. */
void       yc_login_page_set_notice  (YcLoginPage *self,
                                      const char  *notice);

G_END_DECLS
