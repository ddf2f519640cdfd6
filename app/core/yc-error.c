/* yc-error.c: the YC_ERROR domain, its wire names and the sentences a clerk reads. */
#include "config-i18n.h"

#include "yc-error.h"

G_DEFINE_QUARK (yc-error-quark, yc_error)

static const struct
{
  YcError     code;
  const char *wire;
} wire_codes[] = {
  { YC_ERROR_OFFLINE, "offline" },
  { YC_ERROR_UNAUTHORIZED, "unauthorized" },
  { YC_ERROR_INVALID_CREDENTIALS, "invalid_credentials" },
  { YC_ERROR_UNKNOWN_WINDOW, "unknown_window" },
  { YC_ERROR_FORBIDDEN, "forbidden" },
  { YC_ERROR_NOT_FOUND, "not_found" },
  { YC_ERROR_BAD_REQUEST, "bad_request" },
  { YC_ERROR_CONFLICT, "conflict" },
  { YC_ERROR_SERVER, "internal" },
  { YC_ERROR_PROTOCOL, "protocol" },
  { YC_ERROR_STORAGE, "storage" },
  { YC_ERROR_DISK_FULL, "disk_full" },
  { YC_ERROR_BAD_ADDRESS, "bad_address" },
  { YC_ERROR_INVALID_INPUT, "invalid_input" },
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
    default:
      return g_strdup (_("Something went wrong."));
    }
}
