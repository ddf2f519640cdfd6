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
  YC_ERROR_LOCKED,              /* too many wrong PINs: the clerk is locked for a while */
  YC_ERROR_RATE_LIMITED,        /* too many log-ins or connections: from this address, or at once */
  YC_ERROR_WINDOW_OCCUPIED,     /* another clerk is logged in at the window */
  YC_ERROR_NOT_ASSIGNED,        /* the hall has not assigned the clerk to the window */
  YC_ERROR_TOO_LARGE,           /* a request bigger than the server takes */
  YC_ERROR_NO_CITIZEN,          /* a look-up with nobody called to the window */
} YcError;

GQuark       yc_error_quark           (void);
const char  *yc_error_code_to_wire    (YcError     code);
YcError      yc_error_code_from_wire  (const char *wire_code,
                                       YcError     fallback);
/* The HTTP status the server answers code with (docs/api.md, "Errors"): 400, 401, 403,
 * 404, 409, 413, 429 for the refusals, 507 for YC_ERROR_DISK_FULL, 500 for the rest. */
guint        yc_error_http_status     (YcError     code);
/* The desk's one rule for a refusal's status and body code (NULL when there is none): a
 * code it knows says what happened, whatever the status (503 "rate_limited" is
 * YC_ERROR_RATE_LIMITED); without one the status does, and a status it does not know is
 * YC_ERROR_SERVER. A code for the desk's own troubles means the server's when the server
 * says it: "storage", "disk_full" are YC_ERROR_SERVER; "protocol", "invalid_input" (it
 * could not read our request) YC_ERROR_BAD_REQUEST. */
YcError      yc_error_code_from_http  (guint       status,
                                       const char *wire_code);
char        *yc_error_describe        (const GError *error);
/* Seconds until trying again makes sense (YC_ERROR_LOCKED, YC_ERROR_RATE_LIMITED), as the
 * server said; 0 when it did not say, and for an error of another domain. Carried by the
 * error itself, and by its copies. */
guint        yc_error_get_retry_after (const GError *error);
void         yc_error_set_retry_after (GError       *error,
                                       guint         seconds);

G_END_DECLS
