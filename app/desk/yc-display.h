/* yc-display.h: text from the server as the clerk reads it. A desk whose translation is
 * Traditional (zh_TW, or zh_HK should a translator add it) shows what the centre wrote in
 * Simplified converted character by character (OpenCC s2tw or s2hk, yc-script.h; never
 * the phrase-level s2twp, which renames official items); any other desk shows it as
 * written. Only what is shown is converted: what the desk keeps and sends back stays as
 * the server wrote it. The one place the desk decides this: pages call these where they
 * put server text on screen. */
#pragma once

#include <gtk/gtk.h>

#include "core/yc-script.h"

G_BEGIN_DECLS

/* The language of the translation gettext uses for the desk (its catalogue's
 * "Language:", e.g. "zh_TW"), "" when it shows the untranslated English. Read once. */
const char         *yc_display_get_language          (void);
/* How server text is shown: YC_SCRIPT_TAIWAN or YC_SCRIPT_HONG_KONG for a Traditional
 * desk, else YC_SCRIPT_AS_WRITTEN. */
YcScript            yc_display_get_script            (void);

/* server_text as shown (new; "" for NULL). A text the desk composed of its own words and
 * the server's ("Note: %s") may be given whole: the desk's Traditional translation comes
 * out of the conversion as it went in (tests/core/test-translation.c checks it). */
char               *yc_display_text                  (const char    *server_text);
/* The same as a label's text (NULL: empty). */
void                yc_display_set_label             (GtkLabel      *label,
                                                      const char    *server_text);
/* A string expression of what text (a string expression, taken) shows, for bindings
 * made in C. */
GtkExpression      *yc_display_expression            (GtkExpression *text);
/* A list item factory of a row template (a resource) that may show server text through
 * <closure type="gchararray" function="yc_display_closure">…</closure>. */
GtkListItemFactory *yc_display_list_item_factory_new (const char    *resource);

G_END_DECLS
