/* yc-server-conf.c: yichuang-server's configuration file, read and checked line by line
 * (yichuang-server --check-config). */
#include "yc-server-conf.h"

#include <gio/gio.h>
#include <string.h>

#include "server/yc-server.h"

#define GROUP "server"

static const char *const known_keys[] = {
  "listen", "db", "tls-cert", "tls-key", "session-idle", "max-per-address", "documents-language", "trusted-proxies",
  NULL,
};

void
yc_server_conf_clear (YcServerConf *conf)
{
  g_clear_pointer (&conf->listen, g_free);
  g_clear_pointer (&conf->db, g_free);
  g_clear_pointer (&conf->tls_cert, g_free);
  g_clear_pointer (&conf->tls_key, g_free);
  g_clear_pointer (&conf->documents_language, g_free);
  g_clear_pointer (&conf->trusted_proxies, g_strfreev);
  conf->session_idle = -1;
  conf->max_per_address = -1;
}

GStrv
yc_server_parse_addresses (const char *const  *values,
                           GError            **error)
{
  g_autoptr(GStrvBuilder) addresses = g_strv_builder_new ();

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit_set (values[i], ",; \t", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          g_autoptr(GInetAddress) address = NULL;
          g_autofree char *text = NULL;

          if (*parts[j] == '\0')
            continue;
          if (!(address = g_inet_address_new_from_string (parts[j])))
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "a trusted proxy is an IP address, such as 10.3.0.2, not “%s”", parts[j]);
              return NULL;
            }
          text = g_inet_address_to_string (address);
          g_strv_builder_add (addresses, text);
        }
    }
  return g_strv_builder_end (addresses);
}

gboolean
yc_server_parse_listen (const char  *listen,
                        char       **host,
                        guint       *port,
                        GError     **error)
{
  const char *colon = strrchr (listen, ':');
  guint64 value;

  if (colon == NULL || colon == listen ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "listen wants HOST:PORT, for example 127.0.0.1:8470, not “%s”", listen);
      return FALSE;
    }
  if (listen[0] == '[' && colon > listen && colon[-1] == ']')
    *host = g_strndup (listen + 1, (gsize) (colon - listen - 2));
  else
    *host = g_strndup (listen, (gsize) (colon - listen));
  *port = (guint) value;
  return TRUE;
}

/* Where each key of [server] is: the line of its last value (the one GKeyFile keeps). */
typedef struct
{
  GHashTable *lines;      /* key → line number (GUINT_TO_POINTER) */
  guint       group_line; /* where [server] starts; 0 when there is none */
} Places;

static void
told (GPtrArray  *problems,
      const char *path,
      guint       line,
      const char *format,
      ...) G_GNUC_PRINTF (4, 5);

static void
told (GPtrArray  *problems,
      const char *path,
      guint       line,
      const char *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (line > 0)
    g_ptr_array_add (problems, g_strdup_printf ("%s:%u: %s", path, line, what));
  else
    g_ptr_array_add (problems, g_strdup_printf ("%s: %s", path, what));
}

/* FALSE when a line is no group, key=value or comment: GKeyFile would refuse the file. */
static gboolean
scan (const char *path,
      const char *text,
      Places     *places,
      GPtrArray  *problems)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *group = NULL;
  gboolean readable = TRUE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      const char *equals;
      guint number = i + 1;

      if (*line == '\0' || *line == '#')
        continue;
      if (*line == '[')
        {
          size_t length = strlen (line);

          if (length < 3 || line[length - 1] != ']')
            {
              told (problems, path, number, "“%s” is not a group: a group is a name in brackets, [server]", line);
              readable = FALSE;
              continue;
            }
          g_free (group);
          group = g_strndup (line + 1, length - 2);
          if (g_str_equal (group, GROUP))
            {
              if (places->group_line == 0)
                places->group_line = number;
            }
          else
            told (problems, path, number, "unknown group [%s]: the settings go in [server]", group);
          continue;
        }
      if ((equals = strchr (line, '=')) == NULL)
        {
          told (problems, path, number, "“%s” is no setting: a setting is a key, “=” and its value", line);
          readable = FALSE;
          continue;
        }
      if (group == NULL)
        {
          told (problems, path, number, "a setting before any group: begin the file with [server]");
          readable = FALSE;
          continue;
        }
      if (g_str_equal (group, GROUP))
        {
          g_autofree char *key = g_strstrip (g_strndup (line, (gsize) (equals - line)));

          if (!g_strv_contains (known_keys, key))
            told (problems, path, number, "unknown setting “%s”: the settings are listen, db, tls-cert, tls-key,"
                  " session-idle, max-per-address, documents-language and trusted-proxies", key);
          else
            {
              /* The last line is the one that counts, as GKeyFile reads it. */
              if (g_hash_table_contains (places->lines, key))
                told (problems, path, number, "“%s” is set on line %u too: one line for each setting", key,
                      GPOINTER_TO_UINT (g_hash_table_lookup (places->lines, key)));
              g_hash_table_insert (places->lines, g_steal_pointer (&key), GUINT_TO_POINTER (number));
            }
        }
    }
  return readable;
}

static guint
line_of (Places     *places,
         const char *key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (places->lines, key));
}

/* A string setting, NULL when not set; an empty one is told. */
static char *
string_of (GKeyFile   *file,
           Places     *places,
           const char *path,
           const char *key,
           GPtrArray  *problems)
{
  g_autofree char *value = NULL;

  if (line_of (places, key) == 0)
    return NULL;
  value = g_key_file_get_string (file, GROUP, key, NULL);
  if (value == NULL || *g_strstrip (value) == '\0')
    {
      told (problems, path, line_of (places, key), "%s has no value: give one, or put a # before the line", key);
      return NULL;
    }
  return g_steal_pointer (&value);
}

/* A whole number from low to high, -1 when not set or wrong (told). */
static int
number_of (GKeyFile   *file,
           Places     *places,
           const char *path,
           const char *key,
           gint64      low,
           gint64      high,
           const char *unit,
           GPtrArray  *problems)
{
  g_autofree char *value = string_of (file, places, path, key, problems);
  gint64 number;

  if (value == NULL)
    return -1;
  if (!g_ascii_string_to_signed (value, 10, low, high, &number, NULL))
    {
      told (problems, path, line_of (places, key), "%s takes %s from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
            ", not “%s”", key, unit, low, high, value);
      return -1;
    }
  return (int) number;
}

/* A file the server must read (a certificate, its key): there and readable. */
static gboolean
check_readable (const char *file,
                Places     *places,
                const char *path,
                const char *key,
                GPtrArray  *problems)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (file, &contents, NULL, &error))
    {
      told (problems, path, line_of (places, key), "%s: %s", key, error->message);
      return FALSE;
    }
  return TRUE;
}

/* The line a problem names (0 for the whole file), for the file's order: the number
 * after "path:". */
static int
by_line (gconstpointer a,
         gconstpointer b,
         gpointer      path_length)
{
  gsize skip = GPOINTER_TO_SIZE (path_length) + 1;
  guint64 line_a = g_ascii_strtoull (*(const char *const *) a + skip, NULL, 10);
  guint64 line_b = g_ascii_strtoull (*(const char *const *) b + skip, NULL, 10);

  return line_a < line_b ? -1 : line_a > line_b;
}

static gboolean load (YcServerConf *conf, const char *path, GPtrArray *problems, GError **error);

gboolean
yc_server_conf_load (YcServerConf  *conf,
                     const char    *path,
                     GPtrArray     *problems,
                     GError       **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  if (!load (conf, path, found, error))
    return FALSE;
  /* A stable sort: the file's order, problems of one line in the order told. */
  g_ptr_array_sort_with_data (found, by_line, GSIZE_TO_POINTER (strlen (path)));
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (problems, g_steal_pointer (&found->pdata[i]));
  return TRUE;
}

static gboolean
load (YcServerConf  *conf,
                     const char    *path,
                     GPtrArray     *problems,
                     GError       **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Places places = { lines, 0 };
  gsize length;

  if (!g_file_get_contents (path, &text, &length, error))
    return FALSE;
  if (!g_utf8_validate (text, (gssize) length, NULL))
    {
      told (problems, path, 0, "the file is not UTF-8 text");
      return TRUE;
    }
  if (!scan (path, text, &places, problems))
    return TRUE;
  if (!g_key_file_load_from_data (file, text, length, G_KEY_FILE_NONE, &parse_error))
    {
      told (problems, path, 0, "%s", parse_error->message);
      return TRUE;
    }
  if (places.group_line == 0)
    {
      told (problems, path, 0, "no [server] group: the settings go under a line [server]");
      return TRUE;
    }

  if ((conf->listen = string_of (file, &places, path, "listen", problems)) != NULL)
    {
      g_autofree char *host = NULL;
      g_autoptr(GError) listen_error = NULL;
      guint port;

      if (!yc_server_parse_listen (conf->listen, &host, &port, &listen_error))
        {
          told (problems, path, line_of (&places, "listen"), "%s", listen_error->message);
          g_clear_pointer (&conf->listen, g_free);
        }
    }
  conf->db = string_of (file, &places, path, "db", problems);
  conf->tls_cert = string_of (file, &places, path, "tls-cert", problems);
  conf->tls_key = string_of (file, &places, path, "tls-key", problems);
  if ((conf->tls_cert != NULL) != (conf->tls_key != NULL))
    {
      told (problems, path, line_of (&places, conf->tls_cert != NULL ? "tls-cert" : "tls-key"),
            "HTTPS needs both tls-cert and tls-key");
      g_clear_pointer (&conf->tls_cert, g_free);
      g_clear_pointer (&conf->tls_key, g_free);
    }
  else if (conf->tls_cert != NULL)
    {
      gboolean cert_ok = check_readable (conf->tls_cert, &places, path, "tls-cert", problems);
      gboolean key_ok = check_readable (conf->tls_key, &places, path, "tls-key", problems);

      if (cert_ok && key_ok)
        {
          g_autoptr(GError) tls_error = NULL;
          g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (conf->tls_cert, conf->tls_key,
                                                                                      &tls_error);

          if (certificate == NULL)
            told (problems, path, line_of (&places, "tls-cert"), "tls-cert and tls-key: %s", tls_error->message);
        }
      if (!cert_ok || !key_ok)
        {
          g_clear_pointer (&conf->tls_cert, g_free);
          g_clear_pointer (&conf->tls_key, g_free);
        }
    }
  {
    g_autofree char *proxies = string_of (file, &places, path, "trusted-proxies", problems);
    g_autoptr(GError) proxy_error = NULL;

    if (proxies != NULL &&
        !(conf->trusted_proxies = yc_server_parse_addresses ((const char *[]) { proxies, NULL }, &proxy_error)))
      told (problems, path, line_of (&places, "trusted-proxies"), "%s", proxy_error->message);
  }
  conf->session_idle = number_of (file, &places, path, "session-idle", 1, YC_SERVER_SESSION_IDLE_MAX, "minutes",
                                  problems);
  conf->max_per_address = number_of (file, &places, path, "max-per-address", 1, G_MAXINT32, "a number", problems);
  if ((conf->documents_language = string_of (file, &places, path, "documents-language", problems)) != NULL &&
      !yc_server_documents_language_is_known (conf->documents_language))
    {
      told (problems, path, line_of (&places, "documents-language"),
            "documents-language takes zh_CN, zh_TW or zh_HK, not “%s”", conf->documents_language);
      g_clear_pointer (&conf->documents_language, g_free);
    }
  return TRUE;
}
