/* yc-role.c: the roles of docs/api.md, listed once. */
#include "yc-role.h"

static const struct
{
  YcRole      role;
  const char *wire;
} roles[] = {
  { YC_ROLE_CLERK, "clerk" },
  { YC_ROLE_BACK_OFFICE, "back_office" },
  { YC_ROLE_SUPERVISOR, "supervisor" },
  { YC_ROLE_KIOSK, "kiosk" },
  { YC_ROLE_RATING_PAD, "rating-pad" },
  { YC_ROLE_DISPLAY, "display" },
};

const char *
yc_role_to_wire (YcRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i].role == role)
      return roles[i].wire;
  return NULL;
}

gboolean
yc_role_from_wire (const char *wire,
                   YcRole     *role)
{
  for (guint i = 0; wire != NULL && i < G_N_ELEMENTS (roles); i++)
    if (g_str_equal (roles[i].wire, wire))
      {
        if (role != NULL)
          *role = roles[i].role;
        return TRUE;
      }
  return FALSE;
}

gboolean
yc_role_is_person (YcRole role)
{
  return (YC_ROLE_MASK (role) & YC_ROLES_PEOPLE) != 0;
}
