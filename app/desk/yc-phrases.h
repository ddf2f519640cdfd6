/* yc-phrases.h: labels whose short phrases are never broken across lines. Pango may
 * break a line between any two Chinese characters, so a label a little too narrow
 * splits a word (平均办/理, 1个工作/日); these mark phrases unbreakable (Pango's
 * allow_breaks attribute), which also makes each phrase the label's minimum width. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Sets text as the label's text: a line of figures like "已办3人 · 平均等候0分钟", each
 * part between " · " kept whole; a line breaks only after a separator. */
void yc_label_set_phrases (GtkLabel   *label,
                           const char *text);

/* Sets text as the label's text, with every occurrence of phrase (e.g. "3个工作日") kept
 * whole; phrase may be NULL. */
void yc_label_set_text_keeping (GtkLabel   *label,
                                const char *text,
                                const char *phrase);

G_END_DECLS
