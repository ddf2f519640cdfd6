/* yc-catalogue-values.c: decoding catalogue bodies into typed values
 * (yc-catalogue-values.h). Every wire name of a department, an item, a package, a
 * material and a field is read here. */
#include "yc-catalogue-values.h"

/* ---- Reading members, tolerantly ---- */

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

static char *
dup_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return NULL;
}

static gint64
get_int (JsonObject *object,
         const char *name,
         gint64      fallback)
{
  JsonNode *node = member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  return fallback;
}

static gboolean
get_boolean (JsonObject *object,
             const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The strings of an array, skipping other elements; NULL when it is absent, so that a
 * field's "items" absent (every item) stays apart from "items": [] (none). */
static GStrv
dup_strings_or_null (JsonObject *object,
                     const char *name)
{
  JsonArray *array = get_array (object, name);
  g_autoptr(GStrvBuilder) builder = NULL;

  if (array == NULL)
    return NULL;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

static GStrv
dup_strings (JsonObject *object,
             const char *name)
{
  GStrv strings = dup_strings_or_null (object, name);

  return strings != NULL ? strings : g_new0 (char *, 1);
}

/* A new array of values decoded from the object elements of an array member. */
static GPtrArray *
decode_objects (JsonObject     *object,
                const char     *name,
                gpointer      (*decode) (JsonObject *),
                GDestroyNotify  free_func)
{
  JsonArray *array = get_array (object, name);
  GPtrArray *values = g_ptr_array_new_with_free_func (free_func);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (values, decode (json_node_get_object (node)));
    }
  return values;
}

/* ---- Wire words ---- */

static const char *sources[] = {
  [YC_MATERIAL_SOURCE_APPLICANT] = "applicant",
  [YC_MATERIAL_SOURCE_E_LICENCE] = "e_licence",
  [YC_MATERIAL_SOURCE_HALL] = "hall",
};

static const char *forms[] = {
  [YC_MATERIAL_FORM_UNSET] = NULL,
  [YC_MATERIAL_FORM_ORIGINAL] = "original",
  [YC_MATERIAL_FORM_COPY] = "copy",
  [YC_MATERIAL_FORM_ORIGINAL_AND_COPY] = "original_and_copy",
};

const char *
yc_material_source_to_wire (YcMaterialSource source)
{
  g_return_val_if_fail (source < G_N_ELEMENTS (sources), NULL);
  return sources[source];
}

const char *
yc_material_form_to_wire (YcMaterialForm form)
{
  g_return_val_if_fail (form < G_N_ELEMENTS (forms), NULL);
  return forms[form];
}

static YcMaterialSource
source_from_wire (const char *wire)
{
  for (guint i = 0; wire != NULL && i < G_N_ELEMENTS (sources); i++)
    if (g_strcmp0 (wire, sources[i]) == 0)
      return i;
  return YC_MATERIAL_SOURCE_APPLICANT;
}

static YcMaterialForm
form_from_wire (const char *wire)
{
  for (guint i = 1; wire != NULL && i < G_N_ELEMENTS (forms); i++)
    if (g_strcmp0 (wire, forms[i]) == 0)
      return i;
  return YC_MATERIAL_FORM_UNSET;
}

/* ---- YcMaterial ---- */

G_DEFINE_BOXED_TYPE (YcMaterial, yc_material, yc_material_ref, yc_material_unref)

static void
material_clear (YcMaterial *material)
{
  g_free (material->name);
  g_free (material->note);
  g_free (material->template_);
  g_free (material->sample);
  g_strfreev (material->for_items);
  g_strfreev (material->for_codes);
}

YcMaterial *
yc_material_new_from_json (JsonObject *body)
{
  YcMaterial *material = g_atomic_rc_box_new0 (YcMaterial);
  g_autofree char *source = dup_string (body, "source");
  g_autofree char *form = dup_string (body, "form");

  material->name = dup_string (body, "name");
  material->note = dup_string (body, "note");
  material->template_ = dup_string (body, "template");
  material->sample = dup_string (body, "sample");
  material->source = source_from_wire (source);
  material->form = form_from_wire (form);
  material->count = MAX (0, get_int (body, "count", 0));
  material->required = get_boolean (body, "required");
  material->deferrable = get_boolean (body, "deferrable");
  return material;
}

YcMaterial *
yc_material_copy (const YcMaterial *from)
{
  YcMaterial *material = g_atomic_rc_box_new0 (YcMaterial);

  g_return_val_if_fail (from != NULL, material);

  material->name = g_strdup (from->name);
  material->note = g_strdup (from->note);
  material->template_ = g_strdup (from->template_);
  material->sample = g_strdup (from->sample);
  material->source = from->source;
  material->form = from->form;
  material->count = from->count;
  material->required = from->required;
  material->deferrable = from->deferrable;
  material->for_items = g_strdupv (from->for_items);
  material->for_codes = g_strdupv (from->for_codes);
  return material;
}

YcMaterial *
yc_material_ref (YcMaterial *material)
{
  g_return_val_if_fail (material != NULL, NULL);
  return g_atomic_rc_box_acquire (material);
}

void
yc_material_unref (YcMaterial *material)
{
  if (material != NULL)
    g_atomic_rc_box_release_full (material, (GDestroyNotify) material_clear);
}

/* ---- YcField ---- */

G_DEFINE_BOXED_TYPE (YcField, yc_field, yc_field_ref, yc_field_unref)

static void
field_clear (YcField *field)
{
  g_free (field->key);
  g_free (field->label);
  g_free (field->type);
  g_strfreev (field->items);
  g_strfreev (field->choices);
}

YcField *
yc_field_new_from_json (JsonObject *body)
{
  YcField *field = g_atomic_rc_box_new0 (YcField);

  field->key = dup_string (body, "key");
  field->label = dup_string (body, "label");
  field->type = dup_string (body, "type");
  field->required = get_boolean (body, "required");
  field->reusable = get_boolean (body, "reusable");
  field->items = dup_strings_or_null (body, "items");
  field->choices = dup_strings_or_null (body, "choices");
  return field;
}

YcField *
yc_field_copy (const YcField *from)
{
  YcField *field = g_atomic_rc_box_new0 (YcField);

  g_return_val_if_fail (from != NULL, field);

  field->key = g_strdup (from->key);
  field->label = g_strdup (from->label);
  field->type = g_strdup (from->type);
  field->required = from->required;
  field->reusable = from->reusable;
  field->items = g_strdupv (from->items);
  field->choices = g_strdupv (from->choices);
  return field;
}

YcField *
yc_field_ref (YcField *field)
{
  g_return_val_if_fail (field != NULL, NULL);
  return g_atomic_rc_box_acquire (field);
}

void
yc_field_unref (YcField *field)
{
  if (field != NULL)
    g_atomic_rc_box_release_full (field, (GDestroyNotify) field_clear);
}

/* ---- YcItem ---- */

G_DEFINE_BOXED_TYPE (YcItem, yc_item, yc_item_ref, yc_item_unref)

static void
faq_clear (YcFaq *faq)
{
  g_free (faq->q);
  g_free (faq->a);
}

static void
item_clear (YcItem *item)
{
  g_free (item->code);
  g_free (item->name);
  g_free (item->department);
  g_free (item->type);
  g_free (item->fee);
  g_free (item->online_depth);
  g_strfreev (item->keywords);
  g_ptr_array_unref (item->fields);
  g_strfreev (item->conditions);
  g_ptr_array_unref (item->materials);
  g_strfreev (item->process);
  g_strfreev (item->legal_basis);
  g_array_unref (item->faq);
  g_free (item->place);
  g_free (item->hours);
  g_free (item->phone);
  g_free (item->complaint_phone);
}

YcItem *
yc_item_new_from_json (JsonObject *body)
{
  YcItem *item = g_atomic_rc_box_new0 (YcItem);
  JsonObject *guide = get_object (body, "guide");
  JsonArray *faq = get_array (guide, "faq");

  item->code = dup_string (body, "code");
  item->name = dup_string (body, "name");
  item->department = dup_string (body, "department");
  item->type = dup_string (body, "type");
  item->legal_days = get_int (body, "legal_days", -1);
  item->promised_days = get_int (body, "promised_days", -1);
  item->fee = dup_string (body, "fee");
  item->visits = get_int (body, "visits", -1);
  item->online_depth = dup_string (body, "online_depth");
  item->commitment = get_boolean (body, "commitment");
  item->keywords = dup_strings (body, "keywords");
  item->fields = decode_objects (body, "fields", (gpointer) yc_field_new_from_json,
                                 (GDestroyNotify) yc_field_unref);

  item->conditions = dup_strings (guide, "conditions");
  item->materials = decode_objects (guide, "materials", (gpointer) yc_material_new_from_json,
                                    (GDestroyNotify) yc_material_unref);
  item->process = dup_strings (guide, "process");
  item->legal_basis = dup_strings (guide, "legal_basis");
  item->faq = g_array_new (FALSE, TRUE, sizeof (YcFaq));
  g_array_set_clear_func (item->faq, (GDestroyNotify) faq_clear);
  for (guint i = 0; faq != NULL && i < json_array_get_length (faq); i++)
    {
      JsonNode *node = json_array_get_element (faq, i);
      YcFaq entry;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      entry.q = dup_string (json_node_get_object (node), "q");
      entry.a = dup_string (json_node_get_object (node), "a");
      g_array_append_val (item->faq, entry);
    }
  item->place = dup_string (guide, "place");
  item->hours = dup_string (guide, "hours");
  item->phone = dup_string (guide, "phone");
  item->complaint_phone = dup_string (guide, "complaint_phone");
  return item;
}

YcItem *
yc_item_ref (YcItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);
  return g_atomic_rc_box_acquire (item);
}

void
yc_item_unref (YcItem *item)
{
  if (item != NULL)
    g_atomic_rc_box_release_full (item, (GDestroyNotify) item_clear);
}

/* ---- YcPackage ---- */

G_DEFINE_BOXED_TYPE (YcPackage, yc_package, yc_package_ref, yc_package_unref)

static void
package_clear (YcPackage *package)
{
  g_free (package->code);
  g_free (package->name);
  g_free (package->short_name);
  g_free (package->description);
  g_strfreev (package->items);
  g_ptr_array_unref (package->fields);
}

YcPackage *
yc_package_new_from_json (JsonObject *body)
{
  YcPackage *package = g_atomic_rc_box_new0 (YcPackage);

  package->code = dup_string (body, "code");
  package->name = dup_string (body, "name");
  package->short_name = dup_string (body, "short_name");
  package->description = dup_string (body, "description");
  package->items = dup_strings (body, "items");
  package->promised_days = get_int (body, "promised_days", -1);
  package->fields = decode_objects (body, "fields", (gpointer) yc_field_new_from_json,
                                    (GDestroyNotify) yc_field_unref);
  return package;
}

YcPackage *
yc_package_ref (YcPackage *package)
{
  g_return_val_if_fail (package != NULL, NULL);
  return g_atomic_rc_box_acquire (package);
}

void
yc_package_unref (YcPackage *package)
{
  if (package != NULL)
    g_atomic_rc_box_release_full (package, (GDestroyNotify) package_clear);
}

/* ---- YcDepartment ---- */

G_DEFINE_BOXED_TYPE (YcDepartment, yc_department, yc_department_ref, yc_department_unref)

static void
department_clear (YcDepartment *department)
{
  g_free (department->code);
  g_free (department->name);
  g_free (department->phone);
}

YcDepartment *
yc_department_new_from_json (JsonObject *body)
{
  YcDepartment *department = g_atomic_rc_box_new0 (YcDepartment);

  department->code = dup_string (body, "code");
  department->name = dup_string (body, "name");
  department->phone = dup_string (body, "phone");
  return department;
}

YcDepartment *
yc_department_ref (YcDepartment *department)
{
  g_return_val_if_fail (department != NULL, NULL);
  return g_atomic_rc_box_acquire (department);
}

void
yc_department_unref (YcDepartment *department)
{
  if (department != NULL)
    g_atomic_rc_box_release_full (department, (GDestroyNotify) department_clear);
}
