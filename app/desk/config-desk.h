/* config-desk.h: gettext for the desk library; .ui templates name the domain themselves. */
#pragma once

#include <glib/gi18n-lib.h>
