/* yc-error.c: the YC_ERROR domain, its wire names and the sentences a clerk reads. */
#include "config-i18n.h"

#include "yc-error.h"

/* An extended error domain (GLib 2.68): a YC_ERROR carries the seconds to wait. */
typedef struct
{
  guint retry_after;
} YcErrorPrivate;

/* GLib hands the private data over zeroed. */
static void
yc_error_private_init (YcErrorPrivate *priv)
{
}

static void
yc_error_private_copy (const YcErrorPrivate *src,
                       YcErrorPrivate       *dest)
{
  if (src != NULL && dest != NULL)
    dest->retry_after = src->retry_after;
}

static void
yc_error_private_clear (YcErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (YcError, yc_error)

/* Each code: its wire name; the HTTP status the server answers it with (docs/api.md,
 * "Errors"); and what the desk takes it for in an answer. That is the code itself, but
 * for the desk's own troubles: the server's full disk or failed database is the
 * server's problem, not the desk's, and its "protocol" or "invalid_input" means it could
 * not read a request of ours (with a message in English, for the log).
 *
 * The first code of a status is what that status means without a code the desk knows:
 * keep "internal", "bad_request", "unauthorized", "forbidden", "conflict" and
 * "rate_limited" first of theirs. */
static const struct
{
  YcError     code;
  const char *wire;
  guint       status;
  YcError     heard_as;
} wire_codes[] = {
  { YC_ERROR_SERVER, "internal", 500, YC_ERROR_SERVER },
  { YC_ERROR_OFFLINE, "offline", 500, YC_ERROR_SERVER },
  { YC_ERROR_STORAGE, "storage", 500, YC_ERROR_SERVER },
  { YC_ERROR_BAD_ADDRESS, "bad_address", 500, YC_ERROR_SERVER },
  { YC_ERROR_DISK_FULL, "disk_full", 507, YC_ERROR_SERVER },
  { YC_ERROR_BAD_REQUEST, "bad_request", 400, YC_ERROR_BAD_REQUEST },
  { YC_ERROR_UNKNOWN_WINDOW, "unknown_window", 400, YC_ERROR_UNKNOWN_WINDOW },
  { YC_ERROR_INVALID_INPUT, "invalid_input", 400, YC_ERROR_BAD_REQUEST },
  { YC_ERROR_PROTOCOL, "protocol", 400, YC_ERROR_BAD_REQUEST },
  { YC_ERROR_UNAUTHORIZED, "unauthorized", 401, YC_ERROR_UNAUTHORIZED },
  { YC_ERROR_INVALID_CREDENTIALS, "invalid_credentials", 401, YC_ERROR_INVALID_CREDENTIALS },
  { YC_ERROR_FORBIDDEN, "forbidden", 403, YC_ERROR_FORBIDDEN },
  { YC_ERROR_NOT_ASSIGNED, "not_assigned", 403, YC_ERROR_NOT_ASSIGNED },
  { YC_ERROR_NOT_FOUND, "not_found", 404, YC_ERROR_NOT_FOUND },
  { YC_ERROR_CONFLICT, "conflict", 409, YC_ERROR_CONFLICT },
  { YC_ERROR_WINDOW_OCCUPIED, "window_occupied", 409, YC_ERROR_WINDOW_OCCUPIED },
  { YC_ERROR_NO_CITIZEN, "no_citizen", 409, YC_ERROR_NO_CITIZEN },
  { YC_ERROR_TOO_LARGE, "too_large", 413, YC_ERROR_TOO_LARGE },
  { YC_ERROR_RATE_LIMITED, "rate_limited", 429, YC_ERROR_RATE_LIMITED },
  { YC_ERROR_LOCKED, "locked", 429, YC_ERROR_LOCKED },
};

const char *
yc_error_code_to_wire (YcError code)
{
  for (guint i = 0; i < G_N_ELEMENTS (wire_codes); i++)
    if (wire_codes[i].code == code)
      return wire_codes[i].wire;
  return "internal";
}

YcError
yc_error_code_from_wire (const char *wire_code,
                         YcError     fallback)
{
  if (wire_code == NULL)
    return fallback;
  for (guint i = 0; i < G_N_ELEMENTS (wire_codes); i++)
    if (g_str_equal (wire_codes[i].wire, wire_code))
      return wire_codes[i].code;
  return fallback;
}

guint
yc_error_http_status (YcError code)
{
  for (guint i = 0; i < G_N_ELEMENTS (wire_codes); i++)
    if (wire_codes[i].code == code)
      return wire_codes[i].status;
  return 500;
}

YcError
yc_error_code_from_http (guint       status,
                         const char *wire_code)
{
  for (guint i = 0; wire_code != NULL && i < G_N_ELEMENTS (wire_codes); i++)
    if (g_str_equal (wire_codes[i].wire, wire_code))
      return wire_codes[i].heard_as;
  for (guint i = 0; i < G_N_ELEMENTS (wire_codes); i++)
    if (wire_codes[i].status == status)
      return wire_codes[i].heard_as;
  return YC_ERROR_SERVER;
}

/* The clerk sees one plain sentence; the technical message goes to the log only. */
char *
yc_error_describe (const GError *error)
{
  if (error == NULL)
    return g_strdup (_("Something went wrong."));

  if (error->domain != YC_ERROR)
    return g_strdup_printf (_("Something went wrong: %s"), error->message);

  switch ((YcError) error->code)
    {
    case YC_ERROR_OFFLINE:
      return g_strdup (_("The server cannot be reached. Check the network cable or ask the hall’s IT desk."));
    case YC_ERROR_UNAUTHORIZED:
      return g_strdup (_("Your session has ended. Please log in again."));
    case YC_ERROR_INVALID_CREDENTIALS:
      return g_strdup (_("The clerk number or PIN is wrong."));
    case YC_ERROR_UNKNOWN_WINDOW:
      return g_strdup (_("There is no window with this number in the hall."));
    case YC_ERROR_FORBIDDEN:
      return g_strdup (_("This belongs to another window."));
    case YC_ERROR_NOT_FOUND:
      return g_strdup (_("The server does not know this ticket or record."));
    case YC_ERROR_BAD_REQUEST:
      return g_strdup (_("The server did not accept the request."));
    case YC_ERROR_CONFLICT:
      return g_strdup (_("This ticket has already been dealt with."));
    case YC_ERROR_SERVER:
      return g_strdup (_("The server has a problem. Your work is kept; try again in a moment."));
    case YC_ERROR_PROTOCOL:
      return g_strdup (_("The server sent an answer the desk cannot read. Your work is kept."));
    case YC_ERROR_STORAGE:
      return g_strdup (_("The desk could not save to its local database."));
    case YC_ERROR_DISK_FULL:
      return g_strdup (_("The disk is full: nothing more can be saved. Ask the hall’s IT desk to free space."));
    case YC_ERROR_BAD_ADDRESS:
      return g_strdup (_("The server address in the settings is not valid. Ask the hall’s IT desk to correct it."));
    case YC_ERROR_INVALID_INPUT:
      return g_strdup (error->message);
    case YC_ERROR_LOCKED:
      {
        guint minutes = (yc_error_get_retry_after (error) + 59) / 60;

        if (minutes == 0)
          return g_strdup (_("Too many wrong PINs: this clerk number is locked for a while. Try again later, or ask the duty manager."));
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Too many wrong PINs: this clerk number is locked. Try again in %u minute, or ask the duty manager.",
                                             "Too many wrong PINs: this clerk number is locked. Try again in %u minutes, or ask the duty manager.",
                                             minutes),
                                minutes);
      }
    case YC_ERROR_RATE_LIMITED:
      /* Not "from this computer": the hall's server says the same when too many desks
       * log in at once, or when one address holds too many connections. */
      return g_strdup (_("Too many log-ins or requests at once. Wait a moment and try again."));
    case YC_ERROR_WINDOW_OCCUPIED:
      return g_strdup (_("Another clerk is logged in at this window. Ask them to log out, or ask the duty manager to end their session."));
    case YC_ERROR_NOT_ASSIGNED:
      return g_strdup (_("The hall has not assigned you to this window. Choose your own window, or ask the duty manager."));
    case YC_ERROR_TOO_LARGE:
      return g_strdup (_("The server did not take the request: it is too large. Your work is kept."));
    case YC_ERROR_NO_CITIZEN:
      return g_strdup (_("Details are looked up only for the citizen at the window: call their number, or serve them as a walk-in, first."));
    default:
      return g_strdup (_("Something went wrong."));
    }
}

guint
yc_error_get_retry_after (const GError *error)
{
  YcErrorPrivate *priv;

  /* Any error may be asked, whatever its domain: only ours carry the seconds, and
   * yc_error_get_private () is critical about the others. */
  if (error == NULL || error->domain != YC_ERROR)
    return 0;
  priv = yc_error_get_private (error);
  return priv != NULL ? priv->retry_after : 0;
}

void
yc_error_set_retry_after (GError *error,
                          guint   seconds)
{
  YcErrorPrivate *priv = error != NULL ? yc_error_get_private (error) : NULL;

  if (priv != NULL)
    priv->retry_after = seconds;
}
