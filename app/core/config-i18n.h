/* config-i18n.h: gettext for the libraries (the program binds the domain in main.c). */
#pragma once

#include <glib/gi18n-lib.h>
