/* yc-phrases.c: labels whose short phrases are never broken across lines (yc-phrases.h). */
#include "config-desk.h"

#include "yc-phrases.h"

#include <string.h>

/* The separator of the figures on one line (translations keep it). */
#define SEPARATOR " · "

static void
keep_whole (PangoAttrList *attrs,
            gsize          start,
            gsize          end)
{
  PangoAttribute *attr;

  if (end <= start)
    return;
  attr = pango_attr_allow_breaks_new (FALSE);
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (attrs, attr);
}

void
yc_label_set_phrases (GtkLabel   *label,
                      const char *text)
{
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  const char *part = text;
  const char *separator;

  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (text != NULL);

  /* The separator's dot stays with the phrase before it: a line never starts with it. */
  while ((separator = strstr (part, SEPARATOR)) != NULL)
    {
      keep_whole (attrs, part - text, separator + strlen (SEPARATOR) - 1 - text);
      part = separator + strlen (SEPARATOR);
    }
  keep_whole (attrs, part - text, strlen (text));
  gtk_label_set_text (label, text);
  gtk_label_set_attributes (label, attrs);
}

void
yc_label_set_text_keeping (GtkLabel   *label,
                           const char *text,
                           const char *phrase)
{
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (text != NULL);

  if (phrase != NULL && *phrase != '\0')
    for (const char *at = strstr (text, phrase); at != NULL; at = strstr (at + strlen (phrase), phrase))
      keep_whole (attrs, at - text, at - text + strlen (phrase));
  gtk_label_set_text (label, text);
  gtk_label_set_attributes (label, attrs);
}
