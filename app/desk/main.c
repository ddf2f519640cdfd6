/* main.c: the yichuang program: binds the translations and runs YcApplication. */
#include "config-desk.h"

#include <locale.h>
#include <stdlib.h>

#include "core/yc-malloc.h"

#include "yc-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(YcApplication) app = NULL;
  const char *localedir;

  /* GLib 2.74's slice allocator keeps what a catalogue import's millions of JSON nodes
   * used and frees them slowly; plain malloc imports faster and gives memory back.
   * Read at the first slice allocation, so set before anything of GLib runs. */
  setenv ("G_SLICE", "always-malloc", 0);

  /* Before any thread starts: see yc-malloc.c. */
  yc_malloc_configure ();

  /* An uninstalled build points YICHUANG_LOCALEDIR at its freshly built catalogues. */
  localedir = g_getenv ("YICHUANG_LOCALEDIR");
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = yc_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
