/* main.c: yichuang-server, the reference central server. */
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/yc-server.h"
#include "server/yc-simulator.h"

static gboolean
parse_listen (const char  *listen,
              char       **host,
              guint       *port,
              GError     **error)
{
  const char *colon = strrchr (listen, ':');
  guint64 value;

  if (colon == NULL ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--listen wants HOST:PORT, for example 127.0.0.1:8470, not “%s”", listen);
      return FALSE;
    }
  if (listen[0] == '[' && colon > listen && colon[-1] == ']')
    *host = g_strndup (listen + 1, (gsize) (colon - listen - 2));
  else
    *host = g_strndup (listen, (gsize) (colon - listen));
  *port = (guint) value;
  return TRUE;
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *listen = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *host = NULL;
  gboolean demo_data = FALSE;
  gboolean simulate = FALSE;
  guint port = 0;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcServer) server = NULL;
  g_autoptr(YcSimulator) simulator = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  GOptionEntry entries[] = {
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, "Address to listen on (default 127.0.0.1:8470; port 0 picks a free one)", "HOST:PORT" },
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db_path, "SQLite database, created if missing (default yichuang-server.db)", "FILE" },
    { "demo-data", 0, 0, G_OPTION_ARG_NONE, &demo_data, "Seed the built-in demo hall into an empty database", NULL },
    { "simulate", 0, 0, G_OPTION_ARG_NONE, &simulate, "Simulate citizens taking tickets and colleagues serving them", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("— the Yichuang reference central server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !parse_listen (listen ? listen : "127.0.0.1:8470", &host, &port, &error))
    {
      g_printerr ("yichuang-server: %s\n", error->message);
      return EXIT_FAILURE;
    }

  server = yc_server_new (db_path ? db_path : "yichuang-server.db", demo_data, &error);
  if (server == NULL || !yc_server_listen (server, host, port, &error))
    {
      g_printerr ("yichuang-server: %s\n", error->message);
      return EXIT_FAILURE;
    }

  printf ("listening on %s\n", yc_server_get_url (server));
  fflush (stdout);

  if (simulate)
    simulator = yc_simulator_new (yc_server_get_db (server));

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  return EXIT_SUCCESS;
}
