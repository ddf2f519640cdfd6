/* yc-role.h: who calls the server (docs/api.md, "Who may call what"): people, who log
 * in with a PIN, and the hall's devices, which hold a token of their own. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  YC_ROLE_NONE,          /* nobody: the public routes */
  YC_ROLE_CLERK,         /* at a window the hall assigns them */
  YC_ROLE_BACK_OFFICE,   /* assigns tasks, reads cases */
  YC_ROLE_SUPERVISOR,    /* the hall's figures, the audit log, ends sessions */
  YC_ROLE_KIOSK,         /* issues tickets */
  YC_ROLE_RATING_PAD,    /* rates the visits of its window or zone */
  YC_ROLE_DISPLAY,       /* a calling screen */
} YcRole;

#define YC_ROLE_MASK(role) (1u << (role))
#define YC_ROLES_PEOPLE (YC_ROLE_MASK (YC_ROLE_CLERK) | YC_ROLE_MASK (YC_ROLE_BACK_OFFICE) | \
                         YC_ROLE_MASK (YC_ROLE_SUPERVISOR))

/* "clerk", "back_office", "supervisor", "kiosk", "rating-pad", "display"; NULL for none. */
const char *yc_role_to_wire      (YcRole      role);
/* FALSE for a name there is not. */
gboolean    yc_role_from_wire    (const char *wire,
                                  YcRole     *role);
/* Whether a person (who logs in) or a device. */
gboolean    yc_role_is_person    (YcRole      role);

G_END_DECLS
