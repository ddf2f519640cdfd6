/* yc-a11y.h: accessible names GTK 4.8 leaves out. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A GtkDropDown takes the focus on a toggle button inside it, which GTK 4.8 does not name
 * after the drop-down: a screen reader says "toggle button" and the choice. Names that
 * button name, or (name NULL) the text of the drop-down's mnemonic label. */
void yc_a11y_name_drop_down (GtkDropDown *drop_down,
                             const char  *name);

/* libadwaita 1.2 names a message dialog's response buttons twice: the label property
 * and GTK's labelled-by relation to the button's own label both say the response, so a
 * screen reader reads "综合事务 综合事务". Drops the property under widget, leaving the
 * relation. Call once the responses are added. */
void yc_a11y_name_responses_once (GtkWidget *widget);

G_END_DECLS
