/* yc-catalogue.c: strict decoding and validation of catalogue deltas (docs/api.md).
 * A delta with one malformed entry is refused whole, so a cache is never half-updated
 * from a broken answer. */
#include "yc-catalogue.h"

#include "yc-error.h"
#include "yc-wire.h"

#include <string.h>

static const char *kind_names[] = { "department", "item", "package", "calendar" };

const char *
yc_catalogue_kind_to_wire (YcCatalogueKind kind)
{
  g_return_val_if_fail (kind <= YC_CATALOGUE_CALENDAR, "item");
  return kind_names[kind];
}

gboolean
yc_catalogue_kind_from_wire (const char      *wire,
                             YcCatalogueKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (wire, kind_names[i]) == 0)
      {
        *kind = (YcCatalogueKind) i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
fail (GError     **error,
      int          error_code,
      const char  *code,
      const char  *what)
{
  g_set_error (error, YC_ERROR, error_code, "catalogue entry “%s”: %s", code, what);
  return FALSE;
}

static JsonArray *
optional_array (JsonObject *object,
                const char *member,
                gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_is_null (node))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      *ok = FALSE;
      return NULL;
    }
  return json_node_get_array (node);
}

static gboolean
array_of_strings (JsonArray *array)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_boolean (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

static gboolean
validate_material (JsonNode *node)
{
  static const char *sources[] = { "applicant", "e_licence", "hall" };
  static const char *forms[] = { "original", "copy", "original_and_copy" };
  JsonObject *object;
  const char *source, *form;
  gint64 count;
  gboolean found = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  if (!yc_json_require_string (object, "name", 0, NULL) ||
      !(source = yc_json_require_string (object, "source", 0, NULL)) ||
      !(form = yc_json_require_string (object, "form", 0, NULL)) ||
      !yc_json_require_int (object, "count", &count, 0, NULL) || count < 1 ||
      !is_boolean (object, "required") || !is_boolean (object, "deferrable"))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    found |= g_str_equal (source, sources[i]);
  if (!found)
    return FALSE;
  found = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    found |= g_str_equal (form, forms[i]);
  return found;
}

static gboolean
validate_item (JsonObject  *object,
               const char  *code,
               int          error_code,
               GError     **error)
{
  JsonNode *guide_node = json_object_get_member (object, "guide");
  JsonObject *guide;
  JsonArray *materials;
  gint64 legal, promised, visits;
  gboolean ok = TRUE;
  const char *string_lists[] = { "conditions", "process", "legal_basis" };

  if (!yc_json_require_string (object, "department", error_code, NULL) ||
      !yc_json_require_string (object, "type", error_code, NULL))
    return fail (error, error_code, code, "department and type must be strings");
  if (!yc_json_require_int (object, "legal_days", &legal, error_code, NULL) ||
      !yc_json_require_int (object, "promised_days", &promised, error_code, NULL) ||
      legal < 0 || promised < 0 || promised > legal)
    return fail (error, error_code, code, "time limits must be whole working days, promised ≤ legal");
  if (json_object_has_member (object, "visits") &&
      (!yc_json_require_int (object, "visits", &visits, error_code, NULL) || visits < 0))
    return fail (error, error_code, code, "visits must be a count");
  if (!array_of_strings (optional_array (object, "keywords", &ok)) || !ok)
    return fail (error, error_code, code, "keywords must be strings");

  if (guide_node == NULL || !JSON_NODE_HOLDS_OBJECT (guide_node))
    return fail (error, error_code, code, "the guide is missing");
  guide = json_node_get_object (guide_node);
  for (guint i = 0; i < G_N_ELEMENTS (string_lists); i++)
    if (!array_of_strings (optional_array (guide, string_lists[i], &ok)) || !ok)
      return fail (error, error_code, code, "guide lists must hold strings");

  materials = optional_array (guide, "materials", &ok);
  if (!ok || materials == NULL)
    return fail (error, error_code, code, "the guide has no list of materials");
  for (guint i = 0; i < json_array_get_length (materials); i++)
    if (!validate_material (json_array_get_element (materials, i)))
      return fail (error, error_code, code, "a material lacks its name, source, form, count or flags");

  return TRUE;
}

static gboolean
valid_date (const char *text,
            gint64      year)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;

  if (text == NULL || strlen (text) != 10)
    return FALSE;
  iso = g_strconcat (text, "T00:00:00Z", NULL);
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  return dt != NULL && g_date_time_get_year (dt) == year;
}

static gboolean
validate_days (JsonArray *days,
               gint64     year)
{
  for (guint i = 0; days != NULL && i < json_array_get_length (days); i++)
    {
      JsonNode *node = json_array_get_element (days, i);
      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !valid_date (yc_json_optional_string (json_node_get_object (node), "date"), year))
        return FALSE;
    }
  return TRUE;
}

gboolean
yc_catalogue_validate_body (YcCatalogueKind   kind,
                            const char       *code,
                            JsonNode         *body,
                            int               error_code,
                            GError          **error)
{
  JsonObject *object;
  gboolean ok = TRUE;

  if (code == NULL || *code == '\0' || strlen (code) > 64)
    return fail (error, error_code, code ? code : "", "the code is empty or too long");
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return fail (error, error_code, code, "the body is not an object");
  object = json_node_get_object (body);

  if (kind != YC_CATALOGUE_CALENDAR &&
      (!yc_json_require_string (object, "name", error_code, NULL) ||
       g_strcmp0 (yc_json_optional_string (object, "code"), code) != 0))
    return fail (error, error_code, code, "the name is missing or the code does not match");

  switch (kind)
    {
    case YC_CATALOGUE_DEPARTMENT:
      return TRUE;

    case YC_CATALOGUE_ITEM:
      return validate_item (object, code, error_code, error);

    case YC_CATALOGUE_PACKAGE:
      {
        JsonArray *items = optional_array (object, "items", &ok);
        if (!ok || items == NULL || json_array_get_length (items) == 0 || !array_of_strings (items))
          return fail (error, error_code, code, "a package needs its list of item codes");
        return TRUE;
      }

    case YC_CATALOGUE_CALENDAR:
      {
        gint64 year;
        g_autofree char *year_code = NULL;
        JsonArray *holidays, *workdays;

        if (!yc_json_require_int (object, "year", &year, error_code, NULL) || year < 2000 || year > 2100)
          return fail (error, error_code, code, "the year is missing");
        year_code = g_strdup_printf ("%" G_GINT64_FORMAT, year);
        if (!g_str_equal (year_code, code))
          return fail (error, error_code, code, "the year does not match the code");
        holidays = optional_array (object, "holidays", &ok);
        workdays = optional_array (object, "workdays", &ok);
        if (!ok || !validate_days (holidays, year) || !validate_days (workdays, year))
          return fail (error, error_code, code, "holidays and workdays must be dates of that year");
        return TRUE;
      }

    default:
      return fail (error, error_code, code, "unknown kind");
    }
}

YcCatalogueEntry *
yc_catalogue_entry_new (YcCatalogueKind  kind,
                        const char      *code,
                        gint64           revision,
                        JsonNode        *body)
{
  YcCatalogueEntry *entry = g_new0 (YcCatalogueEntry, 1);

  entry->kind = kind;
  entry->code = g_strdup (code);
  entry->revision = revision;
  entry->body = body ? json_node_ref (body) : NULL;
  return entry;
}

void
yc_catalogue_entry_free (YcCatalogueEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->code);
  g_clear_pointer (&entry->body, json_node_unref);
  g_free (entry);
}

void
yc_catalogue_delta_free (YcCatalogueDelta *delta)
{
  if (delta == NULL)
    return;
  g_free (delta->epoch);
  g_clear_pointer (&delta->entries, g_ptr_array_unref);
  g_free (delta);
}

static gboolean
decode_entries (JsonObject        *root,
                const char        *member,
                gboolean           removals,
                YcCatalogueDelta  *delta,
                GError           **error)
{
  JsonNode *node = json_object_get_member (root, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "“%s” must be an array", member);
      return FALSE;
    }
  array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      const char *kind_name, *code;
      YcCatalogueKind kind;
      gint64 revision;
      JsonNode *body = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "a catalogue entry is not an object");
          return FALSE;
        }
      object = json_node_get_object (element);
      if (!(kind_name = yc_json_require_string (object, "kind", YC_ERROR_PROTOCOL, error)) ||
          !(code = yc_json_require_string (object, "code", YC_ERROR_PROTOCOL, error)) ||
          !yc_json_require_int (object, "revision", &revision, YC_ERROR_PROTOCOL, error))
        return FALSE;
      if (!yc_catalogue_kind_from_wire (kind_name, &kind))
        {
          g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "unknown catalogue kind “%s”", kind_name);
          return FALSE;
        }
      if (revision <= delta->since || revision > delta->revision)
        {
          g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "entry revision outside the delta");
          return FALSE;
        }
      if (!removals)
        {
          body = json_object_get_member (object, "body");
          if (!yc_catalogue_validate_body (kind, code, body, YC_ERROR_PROTOCOL, error))
            return FALSE;
        }
      g_ptr_array_add (delta->entries, yc_catalogue_entry_new (kind, code, revision, body));
    }
  return TRUE;
}

static gint
compare_revision (gconstpointer a,
                  gconstpointer b)
{
  const YcCatalogueEntry *x = *(YcCatalogueEntry * const *) a;
  const YcCatalogueEntry *y = *(YcCatalogueEntry * const *) b;

  return (x->revision > y->revision) - (x->revision < y->revision);
}

YcCatalogueDelta *
yc_catalogue_delta_new_from_json (JsonNode  *node,
                                  GError   **error)
{
  g_autoptr(YcCatalogueDelta) delta = g_new0 (YcCatalogueDelta, 1);
  JsonObject *root;
  JsonNode *more;
  const char *epoch;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "catalogue answer is not an object");
      return NULL;
    }
  root = json_node_get_object (node);
  delta->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_catalogue_entry_free);

  if (!(epoch = yc_json_require_string (root, "epoch", YC_ERROR_PROTOCOL, error)) ||
      !yc_json_require_int (root, "since", &delta->since, YC_ERROR_PROTOCOL, error) ||
      !yc_json_require_int (root, "revision", &delta->revision, YC_ERROR_PROTOCOL, error) ||
      !yc_json_require_int (root, "latest", &delta->latest, YC_ERROR_PROTOCOL, error))
    return NULL;
  if (*epoch == '\0' || delta->since < 0 || delta->revision < delta->since ||
      delta->latest < delta->revision)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "catalogue revisions are inconsistent");
      return NULL;
    }
  delta->epoch = g_strdup (epoch);
  more = json_object_get_member (root, "more");
  if (more == NULL || !JSON_NODE_HOLDS_VALUE (more) || json_node_get_value_type (more) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "“more” must be a boolean");
      return NULL;
    }
  delta->more = json_node_get_boolean (more);

  if (!decode_entries (root, "changes", FALSE, delta, error) ||
      !decode_entries (root, "removals", TRUE, delta, error))
    return NULL;

  /* Applied in revision order: a removal after a change wins, and the other way round. */
  g_ptr_array_sort (delta->entries, compare_revision);
  return g_steal_pointer (&delta);
}
