/* test-json-util.h: reading what a core test built: an object of an array by its "name",
 * and an array of strings as one line to compare. */
#pragma once

#include "core/yc-guide.h"

/* The element of array whose "name" is name, or NULL. */
static inline JsonObject *
yc_test_find_named (JsonArray  *array,
                    const char *name)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (object != NULL && g_strcmp0 (yc_guide_get_string (object, "name"), name) == 0)
        return object;
    }
  return NULL;
}

/* "a|b|c" of an array of strings; "" for none. */
static inline char *
yc_test_join_strings (JsonArray *array)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_string_append_printf (out, "%s%s", i ? "|" : "", json_array_get_string_element (array, i));
  return g_string_free (out, FALSE);
}
