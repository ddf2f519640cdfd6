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

/* The materials of a checklist written as JSON, as yc_guide_merge_materials() would
 * have made them: "for_items" and "for_codes" are read too, which no catalogue body
 * carries. Returns YcMaterial. */
static inline GPtrArray *
yc_test_materials_of (JsonArray *array)
{
  GPtrArray *materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_material_unref);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      YcMaterial *material = yc_material_new_from_json (object);
      JsonArray *lists[] = { yc_guide_get_array (object, "for_items"), yc_guide_get_array (object, "for_codes") };
      GStrv *strvs[] = { &material->for_items, &material->for_codes };

      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        {
          g_autoptr(GStrvBuilder) builder = NULL;

          if (lists[l] == NULL)
            continue;
          builder = g_strv_builder_new ();
          for (guint k = 0; k < json_array_get_length (lists[l]); k++)
            g_strv_builder_add (builder, json_array_get_string_element (lists[l], k));
          *strvs[l] = g_strv_builder_end (builder);
        }
      g_ptr_array_add (materials, material);
    }
  return materials;
}

/* The material of materials (YcMaterial) named name; the test fails without one. */
static inline YcMaterial *
yc_test_find_material (GPtrArray  *materials,
                       const char *name)
{
  for (guint i = 0; materials != NULL && i < materials->len; i++)
    {
      YcMaterial *material = g_ptr_array_index (materials, i);

      if (g_strcmp0 (material->name, name) == 0)
        return material;
    }
  g_error ("no material named %s", name);
}

/* "a|b|c" of a list of strings; "" for none. */
static inline char *
yc_test_join_strv (GStrv strv)
{
  return strv != NULL ? g_strjoinv ("|", strv) : g_strdup ("");
}
