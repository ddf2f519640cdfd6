/* yc-guide.c: catalogue entries read for people (yc-guide.h), and tolerant member access
 * for the bodies that are no catalogue entries. */
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

/* Appends value to the NULL-terminated *strv unless it is there already. The lists are
 * a few names long: a scan costs less than a set. */
static void
strv_add_unique (GStrv      *strv,
                 const char *value)
{
  guint n;

  if (value == NULL)
    return;
  if (*strv != NULL && g_strv_contains ((const char * const *) *strv, value))
    return;
  n = *strv != NULL ? g_strv_length (*strv) : 0;
  *strv = g_renew (char *, *strv, n + 2);
  (*strv)[n] = g_strdup (value);
  (*strv)[n + 1] = NULL;
}

/* The count a material asks for, a body without one asking for one set. */
static gint64
count_of (const YcMaterial *material)
{
  return material->count > 0 ? material->count : 1;
}

/* merged is the merge's own value, not yet handed out: it may still change. */
static void
merge_into (YcMaterial       *merged,
            const YcMaterial *material)
{
  const char *note = material->note;

  if (material->required)
    merged->required = TRUE;
  if (!material->deferrable)
    merged->deferrable = FALSE;
  if (count_of (material) > count_of (merged))
    merged->count = material->count;
  if (material->form != YC_MATERIAL_FORM_UNSET && material->form != merged->form)
    merged->form = YC_MATERIAL_FORM_ORIGINAL_AND_COPY;

  if (note != NULL && *note != '\0' &&
      (merged->note == NULL || strstr (merged->note, note) == NULL))
    {
      char *joined = merged->note && *merged->note
                     ? g_strconcat (merged->note, "；", note, NULL)
                     : g_strdup (note);

      g_free (merged->note);
      merged->note = joined;
    }

  if (merged->template_ == NULL && material->template_ != NULL)
    merged->template_ = g_strdup (material->template_);
  if (merged->sample == NULL && material->sample != NULL)
    merged->sample = g_strdup (material->sample);
}

GPtrArray *
yc_guide_merge_materials (GPtrArray *items)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *merged = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_material_unref);

  g_return_val_if_fail (items != NULL, merged);

  for (guint i = 0; i < items->len; i++)
    {
      const YcItem *item = g_ptr_array_index (items, i);

      if (item == NULL)
        continue;
      for (guint j = 0; j < item->materials->len; j++)
        {
          const YcMaterial *material = g_ptr_array_index (item->materials, j);
          YcMaterial *entry;

          if (material->name == NULL)
            continue;
          if ((entry = g_hash_table_lookup (by_name, material->name)) == NULL)
            {
              entry = yc_material_copy (material);
              /* A merged material names its items, even none. */
              g_clear_pointer (&entry->for_items, g_strfreev);
              g_clear_pointer (&entry->for_codes, g_strfreev);
              entry->for_items = g_new0 (char *, 1);
              entry->for_codes = g_new0 (char *, 1);
              g_ptr_array_add (merged, entry);
              /* The key lives in entry, which the array keeps. */
              g_hash_table_insert (by_name, entry->name, entry);
            }
          else
            merge_into (entry, material);

          strv_add_unique (&entry->for_items, item->name);
          strv_add_unique (&entry->for_codes, item->code);
        }
    }

  return merged;
}

/* Adds the fields of one source to the merge. own_code: an item's code, whose fields
 * without items serve that item alone; NULL for a package's, which serve every item. */
static void
merge_fields_of (GPtrArray          *merged,
                 GHashTable         *by_key,
                 GPtrArray          *fields,
                 const char         *own_code,
                 const char * const *codes)
{
  for (guint j = 0; j < fields->len; j++)
    {
      const YcField *field = g_ptr_array_index (fields, j);
      g_auto(GStrv) serves = NULL;
      YcField *entry;

      if (field->key == NULL)
        continue;
      /* The codes of the intake this field serves. */
      for (guint k = 0; codes != NULL && codes[k] != NULL; k++)
        {
          gboolean serves_it = field->items != NULL
                               ? g_strv_contains ((const char * const *) field->items, codes[k])
                               : own_code == NULL || g_strcmp0 (own_code, codes[k]) == 0;

          if (serves_it)
            strv_add_unique (&serves, codes[k]);
        }
      if (serves == NULL)
        continue;

      if ((entry = g_hash_table_lookup (by_key, field->key)) == NULL)
        {
          entry = yc_field_copy (field);
          g_strfreev (entry->items);
          entry->items = g_steal_pointer (&serves);
          g_ptr_array_add (merged, entry);
          g_hash_table_insert (by_key, entry->key, entry);
          continue;
        }

      if (field->required)
        entry->required = TRUE;
      for (guint k = 0; serves[k] != NULL; k++)
        strv_add_unique (&entry->items, serves[k]);
    }
}

GPtrArray *
yc_guide_merge_fields (GPtrArray          *packages,
                       GPtrArray          *items,
                       const char * const *codes)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *merged = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_field_unref);

  for (guint i = 0; packages != NULL && i < packages->len; i++)
    {
      const YcPackage *package = g_ptr_array_index (packages, i);

      if (package != NULL)
        merge_fields_of (merged, by_key, package->fields, NULL, codes);
    }
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      const YcItem *item = g_ptr_array_index (items, i);

      /* An item asks its fields for itself only. */
      if (item != NULL)
        merge_fields_of (merged, by_key, item->fields, item->code, codes);
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
  const char *first = ((YcField *) g_ptr_array_index (fields, 0))->label;
  gsize length;

  if (first == NULL)
    return NULL;
  length = strlen (first);
  for (guint i = 1; i < fields->len; i++)
    {
      const char *label = ((YcField *) g_ptr_array_index (fields, i))->label;
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
yc_guide_group_fields (GPtrArray *fields)
{
  g_autoptr(GHashTable) by_prefix = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_field_group_free);
  YcFieldGroup *rest = NULL;
  guint n = fields != NULL ? fields->len : 0;

  /* A prefix makes a group when two fields or more share it. */
  for (guint i = 0; i < n; i++)
    {
      char *prefix = key_prefix (((YcField *) g_ptr_array_index (fields, i))->key);
      if (prefix != NULL)
        g_hash_table_insert (counts, prefix,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, prefix)) + 1));
    }

  for (guint i = 0; i < n; i++)
    {
      YcField *field = g_ptr_array_index (fields, i);
      g_autofree char *prefix = key_prefix (field->key);
      YcFieldGroup *group;

      if (prefix != NULL && GPOINTER_TO_UINT (g_hash_table_lookup (counts, prefix)) >= 2)
        {
          if ((group = g_hash_table_lookup (by_prefix, prefix)) == NULL)
            {
              group = g_new0 (YcFieldGroup, 1);
              group->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_field_unref);
              g_ptr_array_add (groups, group);
              g_hash_table_insert (by_prefix, g_steal_pointer (&prefix), group);
            }
        }
      else
        {
          if (rest == NULL)
            {
              rest = g_new0 (YcFieldGroup, 1);
              rest->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_field_unref);
              g_ptr_array_add (groups, rest);
            }
          group = rest;
        }
      g_ptr_array_add (group->fields, yc_field_ref (field));
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
yc_material_describe_form (const YcMaterial    *material,
                           const YcTranslation *labels)
{
  int n = (int) MIN (count_of (material), 999);

  if (material->form == YC_MATERIAL_FORM_COPY)
    /* Translators: a material's form and number of pages/sets, e.g. 复印件 2 份 */
    return g_strdup_printf (TN_(labels, "Photocopy, %d set", "Photocopy, %d sets", n), n);
  if (material->form == YC_MATERIAL_FORM_ORIGINAL_AND_COPY)
    /* Translators: a material's form and number, e.g. 原件、复印件各 1 份 */
    return g_strdup_printf (TN_(labels, "Original and photocopy, %d set each",
                                "Original and photocopy, %d sets each", n), n);
  /* Translators: a material's form and number, e.g. 原件 1 份 */
  return g_strdup_printf (TN_(labels, "Original, %d set", "Original, %d sets", n), n);
}

char *
yc_material_describe_items (const YcMaterial *material)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; material->for_items != NULL && material->for_items[i] != NULL; i++)
    {
      if (names->len > 0)
        /* Translators: separates item names in a list, 、 in Chinese */
        g_string_append (names, _(", "));
      g_string_append (names, material->for_items[i]);
    }
  if (names->len == 0)
    return NULL;
  /* Translators: which items of a package need this material; %s is a list of names */
  return g_strdup_printf (_("For: %s"), names->str);
}

const char *
yc_material_describe_source (const YcMaterial    *material,
                             const YcTranslation *labels)
{
  if (material->source == YC_MATERIAL_SOURCE_E_LICENCE)
    /* Translators: where a material comes from: fetched from the e-licence registry */
    return T_(labels, "E-licence, no paper needed");
  if (material->source == YC_MATERIAL_SOURCE_HALL)
    /* Translators: where a material comes from: the form is handed out at the window */
    return T_(labels, "Provided at the window");
  /* Translators: where a material comes from: the citizen brings it */
  return T_(labels, "Brought by the applicant");
}
