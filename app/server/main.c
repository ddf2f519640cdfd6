/* main.c: yichuang-server, the reference central server. */
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/yc-role.h"
#include "server/yc-server-conf.h"
#include "server/yc-server.h"
#include "server/yc-simulator.h"

static void
exported_cb (const char *table,
             gint64      rows,
             const char *note,
             gpointer    data)
{
  if (note != NULL)
    printf ("%-16s %" G_GINT64_FORMAT " rows: %s\n", table, rows, note);
  else
    printf ("%-16s %" G_GINT64_FORMAT " rows\n", table, rows);
}

static void
token_cb (const char *device,
          const char *role,
          const char *token,
          gpointer    data)
{
  gboolean *first = data;

  if (*first)
    printf ("\nThe hall's devices have new tokens (the old ones open nothing): give each its own.\n");
  *first = FALSE;
  printf ("%s (%s): %s\n", device, role, token);
}

/* --export-to: the hall's database copied into a new one, or into a city's as a hall
 * more, a table a line; the devices' new tokens after. */
static int
export (const char *from,
        const char *to)
{
  g_autoptr(GError) error = NULL;
  YcServerDb *db;
  gboolean done, first = TRUE;

  if (!(db = yc_server_db_open (from, &error)))
    {
      g_printerr ("yichuang-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (yc_server_db_is_empty (db))
    {
      g_printerr ("yichuang-server: %s holds no hall to export\n", from);
      yc_server_db_free (db);
      return EXIT_FAILURE;
    }
  done = yc_server_db_export (db, to, exported_cb, token_cb, &first, &error);
  yc_server_db_free (db);
  if (!done)
    {
      g_printerr ("yichuang-server: the export failed, and nothing of it was kept: %s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

/* --add-hall: a hall from its hall data (as the demo's hall.json): an empty database's
 * first, or one more in a city's; a line says what the database holds. */
static int
add_hall (const char *db_path,
          const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) halls = NULL;
  YcServerDb *db;
  JsonNode *root;
  JsonObject *hall;
  const char *code;
  gboolean done, first;

  if (!json_parser_load_from_file (parser, file, &error))
    {
      g_printerr ("yichuang-server: %s: %s\n", file, error->message);
      return EXIT_FAILURE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !(hall = json_object_get_object_member (json_node_get_object (root), "hall")))
    {
      g_printerr ("yichuang-server: %s: hall data is an object with a “hall” object, as resources/demo/hall.json\n", file);
      return EXIT_FAILURE;
    }
  code = json_object_get_string_member_with_default (hall, "code", "");
  if (!(db = yc_server_db_open (db_path, &error)))
    {
      g_printerr ("yichuang-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  /* Into an empty database (a new install's): its first hall, of either engine. */
  first = yc_server_db_is_empty (db);
  if (first)
    done = yc_server_db_seed (db, root, &error);
  else
    done = yc_server_db_add_hall (db, root, &error);
  if (done && yc_server_db_use_hall (db, code))
    yc_server_db_audit (db, NULL, "yichuang-server --add-hall", NULL, "hall.add", code, 201, NULL);
  halls = yc_server_db_halls (db);
  yc_server_db_free (db);
  if (!done)
    {
      g_printerr ("yichuang-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (first)
    printf ("hall %s seeded: the database's first\n", code);
  else
    printf ("hall %s added; the database holds %u halls\n", code, g_strv_length (halls));
  return EXIT_SUCCESS;
}

/* --load-catalogue: the service catalogue and holiday calendars from a file, each entry
 * a revision the desks then fetch; a line says how many of each. */
static int
load_catalogue (const char *db_path,
                const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *lists[] = { "departments", "items", "packages", "holidays" };
  g_autoptr(GString) counts = g_string_new (NULL);
  YcServerDb *db;
  JsonNode *root;
  gboolean done;

  if (!json_parser_load_from_file (parser, file, &error))
    {
      g_printerr ("yichuang-server: %s: %s\n", file, error->message);
      return EXIT_FAILURE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_printerr ("yichuang-server: %s: a catalogue is an object of departments, items, packages and holidays, as"
                  " resources/demo/catalogue.json\n", file);
      return EXIT_FAILURE;
    }
  if (!(db = yc_server_db_open (db_path, &error)))
    {
      g_printerr ("yichuang-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  done = yc_server_db_catalogue_load (db, root, &error);
  yc_server_db_free (db);
  if (!done)
    {
      g_printerr ("yichuang-server: %s: %s\n", file, error->message);
      return EXIT_FAILURE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      JsonNode *list = json_object_get_member (json_node_get_object (root), lists[i]);

      g_string_append_printf (counts, "%s%u %s", i > 0 ? ", " : "",
                              list != NULL && JSON_NODE_HOLDS_ARRAY (list)
                              ? json_array_get_length (json_node_get_array (list)) : 0, lists[i]);
    }
  printf ("catalogue loaded: %s\n", counts->str);
  return EXIT_SUCCESS;
}

/* --add-device: the device is made, its token is the only line on stdout. */
static int
add_device (const char *db_path,
            const char *hall,
            const char *name,
            const char *role_name,
            gint        window,
            const char *zone)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  YcServerDb *db;
  YcRole role;

  if (role_name == NULL || !yc_role_from_wire (role_name, &role) || yc_role_is_person (role))
    {
      g_printerr ("yichuang-server: --add-device needs --role kiosk, rating-pad or display\n");
      return EXIT_FAILURE;
    }
  if (!(db = yc_server_db_open (db_path, &error)))
    {
      g_printerr ("yichuang-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (!yc_server_db_use_hall (db, hall))
    {
      g_printerr ("yichuang-server: the database has no hall %s\n", hall);
      yc_server_db_free (db);
      return EXIT_FAILURE;
    }
  token = yc_server_db_add_device (db, name, role, window, zone, &error);
  if (token != NULL)
    {
      g_autofree char *detail = g_strdup_printf ("%s%s%s", role_name, zone ? " of zone " : "", zone ? zone : "");

      yc_server_db_audit (db, NULL, "yichuang-server --add-device", NULL, "device.add", name, 201, detail);
    }
  yc_server_db_free (db);
  if (token == NULL)
    {
      g_printerr ("yichuang-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  printf ("%s\n", token);
  return EXIT_SUCCESS;
}

/* --reserve-window 1 --reserve-window 2, or --reserve-window 1,2: windows for trainees. */
static GArray *
parse_reserved (char   **values,
                GError **error)
{
  g_autoptr(GArray) windows = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (values[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          guint64 window;

          if (!g_ascii_string_to_unsigned (g_strstrip (parts[j]), 10, 1, G_MAXINT32, &window, NULL))
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--reserve-window wants window numbers, for example 1 or 1,2, not “%s”", values[i]);
              return NULL;
            }
          g_array_append_vals (windows, &(gint64) { (gint64) window }, 1);
        }
    }
  return g_steal_pointer (&windows);
}

/* A scenario's outage: the server stops answering, and answers again. */
static void
outage_cb (gboolean down,
           gpointer server)
{
  yc_server_set_answering (server, !down);
}

/* The configuration file: the one --config names, or the installed one if it is there
 * (NULL then when it is not). */
static char *
config_path (const char *given)
{
  g_autofree char *installed = g_build_filename (SYSCONFDIR, "yichuang", "server.conf", NULL);

  if (given != NULL)
    return g_strdup (given);
  return g_file_test (installed, G_FILE_TEST_EXISTS) ? g_steal_pointer (&installed) : NULL;
}

/* --check-config: what is wrong with the file, a line each; nothing is started. */
static int
check_config (const char *path)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_auto(YcServerConf) conf = YC_SERVER_CONF_INIT;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    {
      g_printerr ("yichuang-server: no configuration file: %s/yichuang/server.conf is not there, and no --config"
                  " names one\n", SYSCONFDIR);
      return EXIT_FAILURE;
    }
  if (!yc_server_conf_load (&conf, path, problems, &error))
    {
      g_printerr ("yichuang-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  for (guint i = 0; i < problems->len; i++)
    printf ("%s\n", (char *) g_ptr_array_index (problems, i));
  if (problems->len > 0)
    return EXIT_FAILURE;
  printf ("%s: no problems\n", path);
  return EXIT_SUCCESS;
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
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *device = NULL;
  g_autofree char *export_to = NULL;
  g_autofree char *add_hall_file = NULL;
  g_autofree char *catalogue_file = NULL;
  g_autofree char *hall = NULL;
  g_autofree char *role = NULL;
  g_autofree char *zone = NULL;
  g_autofree char *documents_language = NULL;
  g_autofree char *config_file = NULL;
  g_autofree char *config_given = NULL;
  g_auto(YcServerConf) conf = YC_SERVER_CONF_INIT;
  gboolean demo_data = FALSE;
  gboolean simulate = FALSE;
  gboolean version = FALSE;
  gboolean check = FALSE;
  g_auto(GStrv) reserve = NULL;
  g_auto(GStrv) trusted_given = NULL;
  g_auto(GStrv) trusted_proxies = NULL;
  g_autofree char *scenario_name = NULL;
  g_autoptr(YcScenario) scenario = NULL;
  double pace = 1.0;
  gint trainer_window = 0;
  g_autoptr(GArray) reserved = NULL;
  /* -1: not given */
  gint session_idle = -1, per_address = -1, window = -1;
  guint port = 0;
  YcServerConfig config = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcServer) server = NULL;
  g_autoptr(YcSimulator) simulator = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_given,
      "Read the settings of FILE (default " SYSCONFDIR "/yichuang/server.conf when it is there); an option given"
      " here wins over its line", "FILE" },
    { "check-config", 0, 0, G_OPTION_ARG_NONE, &check, "Say what is wrong with the configuration file, a line each,"
      " and exit", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, "Address to listen on (default 127.0.0.1:8470; port 0 picks a free one)", "HOST:PORT" },
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db_path, "SQLite database file, created if missing (default yichuang-server.db), or a PostgreSQL database: postgresql://USER@HOST/NAME", "FILE|URL" },
    { "demo-data", 0, 0, G_OPTION_ARG_NONE, &demo_data, "Seed the built-in demo hall into an empty database", NULL },
    { "simulate", 0, 0, G_OPTION_ARG_NONE, &simulate, "Simulate citizens taking tickets and colleagues serving them", NULL },
    { "reserve-window", 0, 0, G_OPTION_ARG_STRING_ARRAY, &reserve,
      "With --simulate: a trainee's window, which no simulated colleague takes (repeat it, or 1,2)", "N" },
    { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &scenario_name,
      "With --simulate and --reserve-window: play a training scenario for the trainees at the reserved windows"
      " (a shipped scenario's name, or a file)", "FILE|NAME" },
    { "pace", 0, 0, G_OPTION_ARG_DOUBLE, &pace, "With --scenario: scenario seconds a second, 0.5 to 10 (default 1)",
      "X" },
    { "trainer-window", 0, 0, G_OPTION_ARG_INT, &trainer_window,
      "With --scenario: the trainer's window, no trainee's; the clerk logged in there pauses the class, sets its pace"
      " and reads every trainee's summary", "N" },
    { "documents-language", 0, 0, G_OPTION_ARG_STRING, &documents_language,
      "The language of the papers desks print for citizens, kept in the database: zh_CN (the default, as the"
      " centre writes), zh_TW or zh_HK", "LANG" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "Serve HTTPS with this certificate (PEM, with its chain)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "The certificate's private key (PEM)", "FILE" },
    { "session-idle", 0, 0, G_OPTION_ARG_INT, &session_idle, "Minutes a session lives without a request (default 120)", "MINUTES" },
    { "trusted-proxy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &trusted_given,
      "A load balancer's address, whose X-Forwarded-For names the client (repeat it, or 10.3.0.2,10.3.0.3)",
      "ADDRESS" },
    { "max-per-address", 0, 0, G_OPTION_ARG_INT, &per_address, "Connections one address may hold open (default 64)", "N" },
    { "add-device", 0, 0, G_OPTION_ARG_STRING, &device, "Add a device to the database, print its token and exit", "NAME" },
    { "export-to", 0, 0, G_OPTION_ARG_FILENAME, &export_to,
      "Copy the hall's database (--db) whole into a new one, a file or postgresql://…, or into a city's"
      " PostgreSQL database as a hall more; and exit", "FILE|URL" },
    { "add-hall", 0, 0, G_OPTION_ARG_FILENAME, &add_hall_file,
      "Seed an empty database's hall from its hall data, as resources/demo/hall.json, or add one more to a"
      " city's PostgreSQL database; and exit", "FILE" },
    { "load-catalogue", 0, 0, G_OPTION_ARG_FILENAME, &catalogue_file,
      "Load the service catalogue and holiday calendars from FILE, shaped as resources/demo/catalogue.json, and exit",
      "FILE" },
    { "hall", 0, 0, G_OPTION_ARG_STRING, &hall, "With --add-device: the device's hall (default: the database's first)", "CODE" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, "With --add-device: kiosk, rating-pad or display", "ROLE" },
    { "window", 0, 0, G_OPTION_ARG_INT, &window, "With --add-device: the rating pad's window", "N" },
    { "zone", 0, 0, G_OPTION_ARG_STRING, &zone, "With --add-device: the device's zone", "ZONE" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("— the Yichuang reference central server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("yichuang-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (version)
    {
      printf ("yichuang-server %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  config_file = config_path (config_given);
  if (check)
    return check_config (config_file);
  /* The file's settings under the command line's: a file with a mistake starts nothing. */
  if (config_file != NULL)
    {
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

      if (!yc_server_conf_load (&conf, config_file, problems, &error))
        {
          g_printerr ("yichuang-server: %s\n", error->message);
          return EXIT_FAILURE;
        }
      for (guint i = 0; i < problems->len; i++)
        g_printerr ("%s\n", (char *) g_ptr_array_index (problems, i));
      if (problems->len > 0)
        {
          g_printerr ("yichuang-server: the configuration file has mistakes: nothing is started\n");
          return EXIT_FAILURE;
        }
      if (listen == NULL)
        listen = g_strdup (conf.listen);
      if (db_path == NULL)
        db_path = g_strdup (conf.db);
      if (tls_cert == NULL && tls_key == NULL)
        {
          tls_cert = g_strdup (conf.tls_cert);
          tls_key = g_strdup (conf.tls_key);
        }
      if (session_idle == -1)
        session_idle = conf.session_idle;
      if (per_address == -1)
        per_address = conf.max_per_address;
      if (documents_language == NULL)
        documents_language = g_strdup (conf.documents_language);
      if (trusted_given == NULL)
        trusted_proxies = g_strdupv (conf.trusted_proxies);
    }
  if (trusted_given != NULL && !(trusted_proxies = yc_server_parse_addresses ((const char * const *) trusted_given,
                                                                               &error)))
    {
      g_printerr ("yichuang-server: --trusted-proxy: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (!yc_server_parse_listen (listen ? listen : "127.0.0.1:8470", &host, &port, &error) ||
      !(reserved = parse_reserved (reserve, &error)))
    {
      g_printerr ("yichuang-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  /* A session idle for more than a day is a token left lying about. */
  if (session_idle != -1 && (session_idle < 1 || session_idle > YC_SERVER_SESSION_IDLE_MAX))
    {
      g_printerr ("yichuang-server: --session-idle takes minutes from 1 to 1440\n");
      return EXIT_FAILURE;
    }
  if ((per_address != -1 && per_address < 1) || (window != -1 && window < 1))
    {
      g_printerr ("yichuang-server: --max-per-address and --window take numbers above 0\n");
      return EXIT_FAILURE;
    }

  if (scenario_name != NULL && (!simulate || reserved->len == 0))
    {
      g_printerr ("yichuang-server: --scenario plays in a simulated hall for trainees: give --simulate and reserve"
                  " the trainees' windows with --reserve-window (for example --reserve-window 1,2)\n");
      return EXIT_FAILURE;
    }
  if (trainer_window != 0 && scenario_name == NULL)
    {
      g_printerr ("yichuang-server: --trainer-window goes with --scenario\n");
      return EXIT_FAILURE;
    }
  if (trainer_window < 0)
    {
      g_printerr ("yichuang-server: --trainer-window takes a window's number\n");
      return EXIT_FAILURE;
    }
  for (guint i = 0; i < reserved->len; i++)
    if (g_array_index (reserved, gint64, i) == trainer_window)
      {
        g_printerr ("yichuang-server: window %d is a trainee's (--reserve-window) and cannot be the trainer's too\n",
                    trainer_window);
        return EXIT_FAILURE;
      }
  if (!(pace >= 0.5 && pace <= 10))
    {
      g_printerr ("yichuang-server: --pace takes a number from 0.5 to 10\n");
      return EXIT_FAILURE;
    }
  if (scenario_name != NULL && !(scenario = yc_server_load_scenario (scenario_name, &error)))
    {
      g_printerr ("yichuang-server: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (device != NULL)
    return add_device (db_path ? db_path : "yichuang-server.db", hall, device, role, MAX (window, 0), zone);
  if (hall != NULL)
    {
      g_printerr ("yichuang-server: --hall goes with --add-device\n");
      return EXIT_FAILURE;
    }
  if (add_hall_file != NULL)
    return add_hall (db_path ? db_path : "yichuang-server.db", add_hall_file);
  if (catalogue_file != NULL)
    return load_catalogue (db_path ? db_path : "yichuang-server.db", catalogue_file);
  if (export_to != NULL)
    return export (db_path ? db_path : "yichuang-server.db", export_to);

  config.tls_cert = tls_cert;
  config.tls_key = tls_key;
  config.session_idle_seconds = (guint) MAX (session_idle, 0) * 60;
  config.max_per_address = (guint) MAX (per_address, 0);
  config.trusted_proxies = (const char * const *) trusted_proxies;
  if (documents_language != NULL && !yc_server_documents_language_is_known (documents_language))
    {
      g_printerr ("yichuang-server: --documents-language takes zh_CN, zh_TW or zh_HK\n");
      return EXIT_FAILURE;
    }
  server = yc_server_new (db_path ? db_path : "yichuang-server.db", demo_data, &error);
  if (server != NULL && documents_language != NULL)
    {
      if (!yc_server_db_set_documents_language (yc_server_get_db (server), documents_language, &error))
        g_clear_object (&server);
      else
        yc_server_db_audit (yc_server_get_db (server), NULL, "yichuang-server --documents-language", NULL,
                            "hall.documents_language", documents_language, 200, NULL);
    }
  if (server == NULL || !yc_server_listen (server, host, port, &config, &error))
    {
      g_printerr ("yichuang-server: %s\n", error->message);
      return EXIT_FAILURE;
    }

  printf ("listening on %s\n", yc_server_get_url (server));
  fflush (stdout);

  if (simulate)
    {
      YcSimulatorOptions simulation = { .reserved = (const gint64 *) reserved->data, .n_reserved = reserved->len,
                                        .trainer_window = trainer_window, .scenario = scenario, .pace = pace };
      YcScenarioPlay *play;

      simulator = yc_simulator_new (yc_server_get_db (server), &simulation);
      play = yc_simulator_get_play (simulator);
      yc_server_set_training (server, TRUE, play, FALSE, trainer_window);
      if (play != NULL)
        yc_scenario_play_set_outage_func (play, outage_cb, server);
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  /* The simulator (and the scenario's play) goes before the server that points at it. */
  yc_server_set_training (server, FALSE, NULL, FALSE, 0);
  g_clear_pointer (&simulator, yc_simulator_free);
  return EXIT_SUCCESS;
}
