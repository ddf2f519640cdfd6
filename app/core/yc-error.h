/* yc-error.h: the project's error domain and the sentences a clerk reads for each code. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define YC_ERROR (yc_error_quark ())

typedef enum
{
  YC_ERROR_OFFLINE,             /* the server cannot be reached */
  YC_ERROR_UNAUTHORIZED,        /* no session, or it has expired */
  YC_ERROR_INVALID_CREDENTIALS, /* wrong clerk number or PIN */
  YC_ERROR_UNKNOWN_WINDOW,      /* the window does not exist in this hall */
  YC_ERROR_FORBIDDEN,           /* acting on another window's ticket */
  YC_ERROR_NOT_FOUND,
  YC_ERROR_BAD_REQUEST,
  YC_ERROR_CONFLICT,            /* the ticket is not in a state that allows this */
  YC_ERROR_SERVER,              /* 5xx or an unexpected status */
  YC_ERROR_PROTOCOL,            /* an answer that does not match the contract */
  YC_ERROR_STORAGE,             /* the local database failed */
  YC_ERROR_DISK_FULL,           /* the local database could not grow */
  YC_ERROR_BAD_ADDRESS,         /* the configured server address is not an http(s) URL */
  YC_ERROR_INVALID_INPUT,       /* what the clerk typed cannot be used */
} YcError;

GQuark       yc_error_quark           (void);
const char  *yc_error_code_to_wire    (YcError     code);
YcError      yc_error_code_from_wire  (const char *wire_code,
                                       YcError     fallback);
char        *yc_error_describe        (const GError *error);

G_END_DECLS
