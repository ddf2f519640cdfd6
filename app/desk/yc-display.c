/* yc-display.c: server text as the clerk reads it (yc-display.h). */
#include "config-desk.h"

#include "yc-display.h"

#include <string.h>

const char *
yc_display_get_language (void)
{
  static gsize ready;
  static char *language;

  if (g_once_init_enter (&ready))
    {
      /* The translation gettext actually uses, not what LANGUAGE or the locale ask for:
       * its header (the translation of "") names its language, and a desk whose catalogue
       * was not found answers "" and shows English. */
      const char *header = dgettext (GETTEXT_PACKAGE, "");
      const char *field = header != NULL ? strstr (header, "Language:") : NULL;
      char *found = NULL;

      if (field != NULL && (field == header || field[-1] == '\n'))
        {
          const char *value = field + strlen ("Language:");
          const char *end = strchr (value, '\n');

          found = g_strstrip (g_strndup (value, end != NULL ? (gsize) (end - value) : strlen (value)));
        }
      language = found != NULL ? found : g_strdup ("");
      g_once_init_leave (&ready, 1);
    }
  return language;
}

YcScript
yc_display_get_script (void)
{
  YcScript script = yc_script_for_language (yc_display_get_language ());

  /* The centre writes Simplified: a Simplified or an English desk shows it as written. */
  return script == YC_SCRIPT_TAIWAN || script == YC_SCRIPT_HONG_KONG ? script : YC_SCRIPT_AS_WRITTEN;
}

char *
yc_display_text (const char *server_text)
{
  return yc_script_convert (yc_display_get_script (), server_text);
}

void
yc_display_set_label (GtkLabel   *label,
                      const char *server_text)
{
  g_autofree char *shown = yc_display_text (server_text);

  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (label, shown);
}

/* The closure of yc_display_expression () and of the row templates. */
static char *
yc_display_closure (GObject    *this,
                    const char *server_text)
{
  return yc_display_text (server_text);
}

GtkExpression *
yc_display_expression (GtkExpression *text)
{
  g_return_val_if_fail (GTK_IS_EXPRESSION (text), NULL);

  return gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 1, &text, G_CALLBACK (yc_display_closure), NULL, NULL);
}

GtkListItemFactory *
yc_display_list_item_factory_new (const char *resource)
{
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();

  g_return_val_if_fail (resource != NULL, NULL);

  /* A factory made by a .ui has no scope of its own, and GTK would look the function up
   * among the program's exported symbols, which it has none of. */
  gtk_builder_cscope_add_callback_symbol (GTK_BUILDER_CSCOPE (scope), "yc_display_closure",
                                          G_CALLBACK (yc_display_closure));
  return gtk_builder_list_item_factory_new_from_resource (scope, resource);
}
