/* yc-case.c: the "case" record's body (yc-case.h). */
#include "yc-case.h"

#include "yc-error.h"
#include "yc-guide.h"

#include <stdio.h>
#include <string.h>

static const char *decision_names[] = { "accepted", "notice", "refused" };

const char *
yc_decision_to_wire (YcDecision decision)
{
  g_return_val_if_fail (decision <= YC_DECISION_REFUSED, "notice");
  return decision_names[decision];
}

gboolean
yc_decision_from_wire (const char *wire,
                       YcDecision *decision)
{
  for (guint i = 0; i < G_N_ELEMENTS (decision_names); i++)
    if (g_strcmp0 (wire, decision_names[i]) == 0)
      {
        *decision = (YcDecision) i;
        return TRUE;
      }
  return FALSE;
}

static void
add_value (JsonBuilder *builder,
           const char  *member,
           const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* The intake's values under prefix ("applicant.", "agent."), their keys without it. */
static void
add_person (JsonBuilder *builder,
            YcIntake    *intake,
            const char  *prefix,
            const char **keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *key = g_strconcat (prefix, keys[i], NULL);
      add_value (builder, keys[i], yc_intake_get_value (intake, key));
    }
}

JsonNode *
yc_case_body_new (YcIntake    *intake,
                  YcDecision   decision,
                  const char  *accepted_on,
                  gint64       promised_days,
                  const char  *due_date)
{
  static const char *person_keys[] = { "name", "id_number", "phone", "address", NULL };
  static const char *enterprise_keys[] = { "name", "credit_code", "legal_rep", "phone", "address", NULL };
  static const char *agent_keys[] = { "name", "id_number", "phone", "relation", NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) draft = NULL;
  JsonObject *values, *materials;
  gboolean enterprise;

  g_return_val_if_fail (YC_IS_INTAKE (intake), NULL);
  g_return_val_if_fail (accepted_on != NULL, NULL);

  /* The draft holds the values and materials in a stable order. */
  draft = yc_intake_to_draft (intake);
  values = json_object_get_object_member (json_node_get_object (draft), "values");
  materials = json_object_get_object_member (json_node_get_object (draft), "materials");
  enterprise = yc_intake_get_applicant_type (intake) == YC_APPLICANT_ENTERPRISE;

  json_builder_begin_object (builder);
  add_value (builder, "decision", yc_decision_to_wire (decision));
  add_value (builder, "package", yc_intake_get_package (intake));
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (const char * const *item = yc_intake_get_items (intake); *item != NULL; item++)
    json_builder_add_string_value (builder, *item);
  json_builder_end_array (builder);
  add_value (builder, "title", yc_intake_get_title (intake));
  add_value (builder, "ticket", yc_intake_get_ticket (intake));

  json_builder_set_member_name (builder, "applicant");
  json_builder_begin_object (builder);
  add_value (builder, "type", enterprise ? "enterprise" : "person");
  add_person (builder, intake, "applicant.", enterprise ? enterprise_keys : person_keys);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "agent");
  if (yc_intake_get_has_agent (intake))
    {
      json_builder_begin_object (builder);
      add_person (builder, intake, "agent.", agent_keys);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  /* The form: every value that is not the applicant's or the agent's. */
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  {
    JsonObjectIter iter;
    const char *key;
    JsonNode *value;

    json_object_iter_init_ordered (&iter, values);
    while (json_object_iter_next_ordered (&iter, &key, &value))
      if (!g_str_has_prefix (key, "applicant.") && !g_str_has_prefix (key, "agent."))
        {
          json_builder_set_member_name (builder, key);
          json_builder_add_value (builder, json_node_copy (value));
        }
  }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "materials");
  json_builder_begin_array (builder);
  {
    JsonObjectIter iter;
    const char *name;
    JsonNode *value;

    json_object_iter_init_ordered (&iter, materials);
    while (json_object_iter_next_ordered (&iter, &name, &value))
      {
        JsonObject *material = json_node_get_object (value);

        json_builder_begin_object (builder);
        add_value (builder, "name", name);
        add_value (builder, "status", yc_guide_get_string (material, "status"));
        json_builder_set_member_name (builder, "pages");
        json_builder_add_int_value (builder, yc_guide_get_int (material, "pages", 0));
        add_value (builder, "supplement_by", yc_guide_get_string (material, "supplement_by"));
        json_builder_end_object (builder);
      }
  }
  json_builder_end_array (builder);

  add_value (builder, "accepted_on", accepted_on);
  if (decision == YC_DECISION_ACCEPTED)
    {
      json_builder_set_member_name (builder, "promised_days");
      json_builder_add_int_value (builder, promised_days);
      add_value (builder, "due_date", due_date);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
bad (GError    **error,
     int         error_code,
     const char *what)
{
  g_set_error (error, YC_ERROR, error_code, "case: %s", what);
  return FALSE;
}

static gboolean
is_date (const char *text)
{
  GDate date;
  guint y, m, d;
  char tail;

  if (text == NULL || strlen (text) != 10 || sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  g_date_clear (&date, 1);
  return g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

gboolean
yc_case_validate_body (JsonNode  *body,
                       int        error_code,
                       GError   **error)
{
  JsonObject *object, *applicant = NULL, *refusal = NULL;
  JsonArray *items, *materials;
  JsonNode *node;
  YcDecision decision;
  const char *type;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return bad (error, error_code, "the body is not an object");
  object = json_node_get_object (body);
  if (!yc_decision_from_wire (yc_guide_get_string (object, "decision"), &decision))
    return bad (error, error_code, "decision must be accepted, notice or refused");

  items = yc_guide_get_array (object, "items");
  if (items == NULL || json_array_get_length (items) == 0)
    return bad (error, error_code, "items must list the item codes decided");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *code = json_array_get_element (items, i);
      if (!JSON_NODE_HOLDS_VALUE (code) || json_node_get_value_type (code) != G_TYPE_STRING)
        return bad (error, error_code, "items must list the item codes decided");
    }

  if ((node = json_object_get_member (object, "applicant")) != NULL && JSON_NODE_HOLDS_OBJECT (node))
    applicant = json_node_get_object (node);
  type = yc_guide_get_string (applicant, "type");
  if (applicant == NULL || (g_strcmp0 (type, "person") != 0 && g_strcmp0 (type, "enterprise") != 0) ||
      yc_guide_get_string (applicant, "name") == NULL || *yc_guide_get_string (applicant, "name") == '\0')
    return bad (error, error_code, "applicant needs its type (person or enterprise) and name");

  materials = yc_guide_get_array (object, "materials");
  if (materials == NULL)
    return bad (error, error_code, "materials must be an array");
  for (guint i = 0; i < json_array_get_length (materials); i++)
    {
      JsonNode *element = json_array_get_element (materials, i);
      JsonObject *material = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      YcMaterialStatus status;

      if (material == NULL || yc_guide_get_string (material, "name") == NULL ||
          !yc_material_status_from_wire (yc_guide_get_string (material, "status"), &status))
        return bad (error, error_code, "a material needs its name and status");
      /* Accepted means nothing is simply missing: it is brought later on commitment. */
      if (decision == YC_DECISION_ACCEPTED && status == YC_MATERIAL_MISSING)
        return bad (error, error_code, "an accepted case cannot lack a material that is not deferred");
      if (status == YC_MATERIAL_DEFERRED && !is_date (yc_guide_get_string (material, "supplement_by")))
        return bad (error, error_code, "a deferred material needs its supplement_by date");
    }

  if (!is_date (yc_guide_get_string (object, "accepted_on")))
    return bad (error, error_code, "accepted_on must be a date");
  if (decision == YC_DECISION_ACCEPTED &&
      (yc_guide_get_int (object, "promised_days", -1) < 0 || !is_date (yc_guide_get_string (object, "due_date")) ||
       g_strcmp0 (yc_guide_get_string (object, "due_date"), yc_guide_get_string (object, "accepted_on")) < 0))
    return bad (error, error_code, "an accepted case needs promised_days and a due_date not before accepted_on");

  if ((node = json_object_get_member (object, "refusal")) != NULL && JSON_NODE_HOLDS_OBJECT (node))
    refusal = json_node_get_object (node);
  if (decision == YC_DECISION_REFUSED)
    {
      static const char *categories[] = { "outside_authority", "not_eligible", "materials_uncorrectable", "other" };
      const char *category = yc_guide_get_string (refusal, "category");
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
        known |= g_strcmp0 (category, categories[i]) == 0;
      if (!known || yc_guide_get_string (refusal, "legal_basis") == NULL ||
          *yc_guide_get_string (refusal, "legal_basis") == '\0' ||
          yc_guide_get_string (refusal, "explanation") == NULL ||
          *yc_guide_get_string (refusal, "explanation") == '\0')
        return bad (error, error_code, "a refusal needs its category, legal basis and explanation");
    }
  return TRUE;
}
