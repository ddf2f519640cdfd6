/* yc-guide.c: catalogue bodies read for people. */
#include "config-i18n.h"

#include "yc-guide.h"

#include <string.h>

const char *
yc_guide_get_string (JsonObject *object,
                     const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

gint64
yc_guide_get_int (JsonObject *object,
                  const char *member,
                  gint64      fallback)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return fallback;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  return fallback;
}

gboolean
yc_guide_get_boolean (JsonObject *object,
                      const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return FALSE;
}

JsonArray *
yc_guide_get_array (JsonObject *object,
                    const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;
  return JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
yc_guide_get_guide (JsonObject *item)
{
  JsonNode *node;

  if (item == NULL || (node = json_object_get_member (item, "guide")) == NULL)
    return NULL;
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
append_unique_string (JsonArray  *array,
                      const char *value)
{
  if (value == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return;
  json_array_add_string_element (array, value);
}

/* A copy of material with the members the merge adds. */
static JsonObject *
start_merged (JsonObject *material)
{
  JsonObject *merged = json_object_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  json_object_iter_init (&iter, material);
  while (json_object_iter_next (&iter, &member, &value))
    json_object_set_member (merged, member, json_node_copy (value));

  json_object_set_array_member (merged, "for_items", json_array_new ());
  json_object_set_array_member (merged, "for_codes", json_array_new ());
  return merged;
}

static void
merge_into (JsonObject *merged,
            JsonObject *material)
{
  const char *form = yc_guide_get_string (material, "form");
  const char *note = yc_guide_get_string (material, "note");
  const char *merged_note = yc_guide_get_string (merged, "note");
  gint64 count = yc_guide_get_int (material, "count", 1);

  if (yc_guide_get_boolean (material, "required"))
    json_object_set_boolean_member (merged, "required", TRUE);
  if (!yc_guide_get_boolean (material, "deferrable"))
    json_object_set_boolean_member (merged, "deferrable", FALSE);
  if (count > yc_guide_get_int (merged, "count", 1))
    json_object_set_int_member (merged, "count", count);
  if (form != NULL && g_strcmp0 (form, yc_guide_get_string (merged, "form")) != 0)
    json_object_set_string_member (merged, "form", "original_and_copy");

  if (note != NULL && *note != '\0' &&
      (merged_note == NULL || strstr (merged_note, note) == NULL))
    {
      g_autofree char *joined = NULL;

      joined = merged_note && *merged_note
               ? g_strconcat (merged_note, "；", note, NULL)
               : g_strdup (note);
      json_object_set_string_member (merged, "note", joined);
    }

  if (yc_guide_get_string (merged, "template") == NULL &&
      yc_guide_get_string (material, "template") != NULL)
    json_object_set_string_member (merged, "template", yc_guide_get_string (material, "template"));
  if (yc_guide_get_string (merged, "sample") == NULL &&
      yc_guide_get_string (material, "sample") != NULL)
    json_object_set_string_member (merged, "sample", yc_guide_get_string (material, "sample"));
}

JsonArray *
yc_guide_merge_materials (GPtrArray *items)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *merged = json_array_new ();

  g_return_val_if_fail (items != NULL, merged);

  for (guint i = 0; i < items->len; i++)
    {
      JsonObject *item = g_ptr_array_index (items, i);
      JsonArray *materials = yc_guide_get_array (yc_guide_get_guide (item), "materials");
      const char *item_name = yc_guide_get_string (item, "name");
      const char *item_code = yc_guide_get_string (item, "code");

      if (materials == NULL)
        continue;

      for (guint j = 0; j < json_array_get_length (materials); j++)
        {
          JsonNode *node = json_array_get_element (materials, j);
          JsonObject *material;
          JsonObject *entry;
          const char *name;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          material = json_node_get_object (node);
          if ((name = yc_guide_get_string (material, "name")) == NULL)
            continue;

          if ((entry = g_hash_table_lookup (by_name, name)) == NULL)
            {
              entry = start_merged (material);
              json_array_add_object_element (merged, entry);
              /* The key lives in entry, which the array keeps. */
              g_hash_table_insert (by_name, (char *) yc_guide_get_string (entry, "name"), entry);
            }
          else
            merge_into (entry, material);

          append_unique_string (json_object_get_array_member (entry, "for_items"), item_name);
          append_unique_string (json_object_get_array_member (entry, "for_codes"), item_code);
        }
    }

  return merged;
}

JsonArray *
yc_guide_merge_fields (GPtrArray          *packages,
                       const char * const *codes)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *merged = json_array_new ();

  g_return_val_if_fail (packages != NULL, merged);

  for (guint i = 0; i < packages->len; i++)
    {
      JsonObject *source = g_ptr_array_index (packages, i);
      JsonArray *fields = yc_guide_get_array (source, "fields");
      /* An item (no list of items of its own) asks its fields for itself only. */
      const char *own_code = yc_guide_get_array (source, "items") == NULL
                             ? yc_guide_get_string (source, "code") : NULL;

      for (guint j = 0; fields != NULL && j < json_array_get_length (fields); j++)
        {
          JsonNode *node = json_array_get_element (fields, j);
          JsonObject *field, *entry;
          JsonArray *items, *serves = json_array_new ();
          const char *key;

          if (!JSON_NODE_HOLDS_OBJECT (node) ||
              (key = yc_guide_get_string (field = json_node_get_object (node), "key")) == NULL)
            {
              json_array_unref (serves);
              continue;
            }
          /* The codes of the intake this field serves. */
          items = yc_guide_get_array (field, "items");
          for (guint k = 0; codes != NULL && codes[k] != NULL; k++)
            {
              gboolean serves_it = items == NULL &&
                                   (own_code == NULL || g_strcmp0 (own_code, codes[k]) == 0);

              for (guint m = 0; !serves_it && items != NULL && m < json_array_get_length (items); m++)
                {
                  JsonNode *code = json_array_get_element (items, m);
                  serves_it = JSON_NODE_HOLDS_VALUE (code) &&
                              json_node_get_value_type (code) == G_TYPE_STRING &&
                              g_strcmp0 (json_node_get_string (code), codes[k]) == 0;
                }
              if (serves_it)
                append_unique_string (serves, codes[k]);
            }
          if (json_array_get_length (serves) == 0)
            {
              json_array_unref (serves);
              continue;
            }

          if ((entry = g_hash_table_lookup (by_key, key)) == NULL)
            {
              JsonObjectIter iter;
              const char *member;
              JsonNode *value;

              entry = json_object_new ();
              json_object_iter_init (&iter, field);
              while (json_object_iter_next (&iter, &member, &value))
                json_object_set_member (entry, member, json_node_copy (value));
              json_object_set_array_member (entry, "items", serves);
              json_array_add_object_element (merged, entry);
              g_hash_table_insert (by_key, (char *) yc_guide_get_string (entry, "key"), entry);
              continue;
            }

          if (yc_guide_get_boolean (field, "required"))
            json_object_set_boolean_member (entry, "required", TRUE);
          for (guint k = 0; k < json_array_get_length (serves); k++)
            append_unique_string (json_object_get_array_member (entry, "items"),
                                  json_array_get_string_element (serves, k));
          json_array_unref (serves);
        }
    }

  return merged;
}

void
yc_field_group_free (YcFieldGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->title);
  g_clear_pointer (&group->fields, g_ptr_array_unref);
  g_free (group);
}

/* "mother" of mother_name; NULL for a key without "_". */
static char *
key_prefix (const char *key)
{
  const char *last = key != NULL ? strrchr (key, '_') : NULL;
  return last != NULL && last > key ? g_strndup (key, last - key) : NULL;
}

/* The words the labels of fields all start with, NULL when fewer than two characters. */
static char *
common_label (GPtrArray *fields)
{
  const char *first = yc_guide_get_string (g_ptr_array_index (fields, 0), "label");
  gsize length;

  if (first == NULL)
    return NULL;
  length = strlen (first);
  for (guint i = 1; i < fields->len; i++)
    {
      const char *label = yc_guide_get_string (g_ptr_array_index (fields, i), "label");
      const char *a = first, *b = label;

      if (label == NULL)
        return NULL;
      while ((gsize) (a - first) < length && *a != '\0' &&
             g_utf8_get_char (a) == g_utf8_get_char (b))
        {
          a = g_utf8_next_char (a);
          b = g_utf8_next_char (b);
        }
      length = MIN (length, (gsize) (a - first));
    }
  return g_utf8_strlen (first, (gssize) length) >= 2 ? g_strndup (first, length) : NULL;
}

GPtrArray *
yc_guide_group_fields (JsonArray *fields)
{
  g_autoptr(GHashTable) by_prefix = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_field_group_free);
  YcFieldGroup *rest = NULL;
  guint n = fields != NULL ? json_array_get_length (fields) : 0;

  /* A prefix makes a group when two fields or more share it. */
  for (guint i = 0; i < n; i++)
    {
      char *prefix = key_prefix (yc_guide_get_string (json_array_get_object_element (fields, i), "key"));
      if (prefix != NULL)
        g_hash_table_insert (counts, prefix,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, prefix)) + 1));
    }

  for (guint i = 0; i < n; i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);
      g_autofree char *prefix = key_prefix (yc_guide_get_string (field, "key"));
      YcFieldGroup *group;

      if (prefix != NULL && GPOINTER_TO_UINT (g_hash_table_lookup (counts, prefix)) >= 2)
        {
          if ((group = g_hash_table_lookup (by_prefix, prefix)) == NULL)
            {
              group = g_new0 (YcFieldGroup, 1);
              group->fields = g_ptr_array_new ();
              g_ptr_array_add (groups, group);
              g_hash_table_insert (by_prefix, g_steal_pointer (&prefix), group);
            }
        }
      else
        {
          if (rest == NULL)
            {
              rest = g_new0 (YcFieldGroup, 1);
              rest->fields = g_ptr_array_new ();
              g_ptr_array_add (groups, rest);
            }
          group = rest;
        }
      g_ptr_array_add (group->fields, field);
    }

  for (guint i = 0; i < groups->len; i++)
    {
      YcFieldGroup *group = g_ptr_array_index (groups, i);
      if (group != rest)
        group->title = common_label (group->fields);
    }
  return groups;
}

char *
yc_material_describe_form (JsonObject *material)
{
  const char *form = yc_guide_get_string (material, "form");
  gint64 count = MAX (1, yc_guide_get_int (material, "count", 1));
  int n = (int) MIN (count, 999);

  if (g_strcmp0 (form, "copy") == 0)
    /* Translators: a material's form and number of pages/sets, e.g. 复印件 2 份 */
    return g_strdup_printf (ngettext ("Photocopy, %d set", "Photocopy, %d sets", n), n);
  if (g_strcmp0 (form, "original_and_copy") == 0)
    /* Translators: a material's form and number, e.g. 原件、复印件各 1 份 */
    return g_strdup_printf (ngettext ("Original and photocopy, %d set each",
                                      "Original and photocopy, %d sets each", n), n);
  /* Translators: a material's form and number, e.g. 原件 1 份 */
  return g_strdup_printf (ngettext ("Original, %d set", "Original, %d sets", n), n);
}

char *
yc_material_describe_items (JsonObject *material)
{
  JsonArray *for_items = yc_guide_get_array (material, "for_items");
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; for_items != NULL && i < json_array_get_length (for_items); i++)
    {
      JsonNode *node = json_array_get_element (for_items, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      if (names->len > 0)
        /* Translators: separates item names in a list, 、 in Chinese */
        g_string_append (names, _(", "));
      g_string_append (names, json_node_get_string (node));
    }
  if (names->len == 0)
    return NULL;
  /* Translators: which items of a package need this material; %s is a list of names */
  return g_strdup_printf (_("For: %s"), names->str);
}

const char *
yc_material_describe_source (JsonObject *material)
{
  const char *source = yc_guide_get_string (material, "source");

  if (g_strcmp0 (source, "e_licence") == 0)
    /* Translators: where a material comes from: fetched from the e-licence registry */
    return _("E-licence, no paper needed");
  if (g_strcmp0 (source, "hall") == 0)
    /* Translators: where a material comes from: the form is handed out at the window */
    return _("Provided at the window");
  /* Translators: where a material comes from: the citizen brings it */
  return _("Brought by the applicant");
}
