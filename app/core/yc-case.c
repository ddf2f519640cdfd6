/* yc-case.c: the "case" record's body (yc-case.h). */
#include "yc-case.h"

#include "yc-error.h"
#include "yc-guide.h"
#include "yc-ident.h"
#include "yc-time.h"

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

static gboolean
is_item_of (YcIntake   *intake,
            const char *code)
{
  for (const char * const *item = yc_intake_get_items (intake); *item != NULL; item++)
    if (g_str_equal (*item, code))
      return TRUE;
  return FALSE;
}

/* What the one-time notice lists: what the applicant lacks, and what the items require
 * that nobody looked at. */
static gboolean
goes_on_notice (YcMaterialStatus status,
                gboolean         required)
{
  /* As yc_intake_material_on_notice (), for a material the checklist no longer has. */
  return status == YC_MATERIAL_MISSING || status == YC_MATERIAL_DEFERRED || (status == YC_MATERIAL_UNSET && required);
}

/* A material with its state in the intake and, when the checklist has it (guide), what
 * the guide asks for: its items, whether required, form and count. due_date: what a
 * deferred material without a date, or with one already past, is to be brought by. */
static void
add_material (JsonBuilder      *builder,
              YcIntake         *intake,
              const char       *name,
              const YcMaterial *guide,
              const char       *accepted_on,
              const char       *due_date)
{
  const char *supplement_by = NULL;
  guint pages = 0;
  YcMaterialStatus status = yc_intake_get_material (intake, name, &pages, &supplement_by);

  json_builder_begin_object (builder);
  add_value (builder, "name", name);
  if (guide != NULL)
    {
      /* Only codes of this intake: the server checks that each is one of its items. */
      json_builder_set_member_name (builder, "for_codes");
      json_builder_begin_array (builder);
      for (guint i = 0; guide->for_codes != NULL && guide->for_codes[i] != NULL; i++)
        if (is_item_of (intake, guide->for_codes[i]))
          json_builder_add_string_value (builder, guide->for_codes[i]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "required");
      json_builder_add_boolean_value (builder, guide->required);
      add_value (builder, "form", yc_material_form_to_wire (guide->form));
      json_builder_set_member_name (builder, "count");
      if (guide->count >= 1 && guide->count <= 99)
        json_builder_add_int_value (builder, guide->count);
      else
        json_builder_add_null_value (builder);
    }
  /* The desk dates 容缺 by the promise's due date when the clerk marks it, and the clerk
   * may choose an earlier day. Marked before the date was known, in a draft reopened days
   * later, or past a promise that has since shortened, the promise's date stands: a
   * material is never due after the case. Dates compare as text. */
  if (status == YC_MATERIAL_DEFERRED && due_date != NULL &&
      (supplement_by == NULL || g_strcmp0 (supplement_by, accepted_on) < 0 ||
       g_strcmp0 (supplement_by, due_date) > 0))
    supplement_by = due_date;
  add_value (builder, "status", yc_material_status_to_wire (status));
  json_builder_set_member_name (builder, "pages");
  json_builder_add_int_value (builder, pages);
  add_value (builder, "supplement_by", supplement_by);
  json_builder_end_object (builder);
}

JsonNode *
yc_case_body_new (YcIntake    *intake,
                  GPtrArray   *materials,
                  YcDecision   decision,
                  const char  *accepted_on,
                  gint64       promised_days,
                  const char  *due_date)
{
  static const char *person_keys[] = { "name", "id_number", "phone", "address", NULL };
  static const char *enterprise_keys[] = {
    "name", "credit_code", "legal_rep", "legal_rep_id", "phone", "address", NULL
  };
  static const char *agent_keys[] = { "name", "id_number", "phone", "relation", NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) on_notice = g_ptr_array_new ();
  JsonObject *values, *marked;
  gboolean enterprise;

  g_return_val_if_fail (YC_IS_INTAKE (intake), NULL);
  g_return_val_if_fail (accepted_on != NULL, NULL);

  /* The draft holds the values and materials in a stable order. */
  draft = yc_intake_to_draft (intake);
  values = json_object_get_object_member (json_node_get_object (draft), "values");
  marked = json_object_get_object_member (json_node_get_object (draft), "materials");
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

  /* The whole checklist, then what the clerk marked that it no longer has (the
   * catalogue changed while the draft waited): the record says what happened to each. */
  json_builder_set_member_name (builder, "materials");
  json_builder_begin_array (builder);
  for (guint i = 0; materials != NULL && i < materials->len; i++)
    {
      YcMaterial *material = g_ptr_array_index (materials, i);
      const char *name = material->name;

      if (name == NULL || !g_hash_table_add (listed, (gpointer) name))
        continue;
      add_material (builder, intake, name, material, accepted_on, due_date);
      /* What the paper lists (never an e-licence), and whatever is marked missing. */
      if (yc_intake_material_on_notice (intake, material) ||
          yc_intake_get_material (intake, name, NULL, NULL) == YC_MATERIAL_MISSING)
        g_ptr_array_add (on_notice, (gpointer) name);
    }
  {
    JsonObjectIter iter;
    const char *name;
    JsonNode *value;

    json_object_iter_init_ordered (&iter, marked);
    while (json_object_iter_next_ordered (&iter, &name, &value))
      if (!g_hash_table_contains (listed, name))
        {
          add_material (builder, intake, name, NULL, accepted_on, due_date);
          if (goes_on_notice (yc_intake_get_material (intake, name, NULL, NULL), FALSE))
            g_ptr_array_add (on_notice, (gpointer) name);
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
  if (decision == YC_DECISION_NOTICE)
    {
      json_builder_set_member_name (builder, "notice_missing");
      json_builder_begin_array (builder);
      for (guint i = 0; i < on_notice->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (on_notice, i));
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

gboolean
yc_case_body_needs_commitment (JsonNode *body)
{
  JsonObject *object = body != NULL && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
  JsonArray *materials = yc_guide_get_array (object, "materials");

  if (g_strcmp0 (yc_guide_get_string (object, "decision"), "accepted") != 0)
    return FALSE;
  for (guint i = 0; materials != NULL && i < json_array_get_length (materials); i++)
    {
      JsonNode *node = json_array_get_element (materials, i);
      const char *status = JSON_NODE_HOLDS_OBJECT (node)
                           ? yc_guide_get_string (json_node_get_object (node), "status") : NULL;

      if (g_strcmp0 (status, "deferred") == 0 || g_strcmp0 (status, "committed") == 0)
        return TRUE;
    }
  return FALSE;
}

void
yc_case_body_set_commitment (JsonNode   *body,
                             const char *signed_by)
{
  JsonObject *object, *commitment;

  g_return_if_fail (body != NULL && JSON_NODE_HOLDS_OBJECT (body));
  g_return_if_fail (signed_by != NULL);

  object = json_node_get_object (body);
  commitment = json_object_new ();
  json_object_set_string_member (commitment, "signed_by", signed_by);
  json_object_set_string_member (commitment, "signed_on", yc_guide_get_string (object, "accepted_on"));
  json_object_set_object_member (object, "commitment", commitment);
}

static const char *refusal_grounds[] = {
  "outside_authority", "not_eligible", "materials_uncorrectable", "not_required", "other",
};

G_STATIC_ASSERT (G_N_ELEMENTS (refusal_grounds) == YC_REFUSAL_GROUND_LAST + 1);

const char *
yc_refusal_ground_to_wire (YcRefusalGround ground)
{
  g_return_val_if_fail ((guint) ground < G_N_ELEMENTS (refusal_grounds), "other");
  return refusal_grounds[ground];
}

gboolean
yc_refusal_ground_from_wire (const char      *wire,
                             YcRefusalGround *ground)
{
  for (guint i = 0; wire != NULL && i < G_N_ELEMENTS (refusal_grounds); i++)
    if (g_str_equal (wire, refusal_grounds[i]))
      {
        if (ground != NULL)
          *ground = (YcRefusalGround) i;
        return TRUE;
      }
  return FALSE;
}

void
yc_case_body_set_refusal (JsonNode        *body,
                          YcRefusalGround  ground,
                          const char      *legal_basis,
                          const char      *explanation)
{
  g_autofree char *basis = g_strstrip (g_strdup (legal_basis != NULL ? legal_basis : ""));
  g_autofree char *told = g_strstrip (g_strdup (explanation != NULL ? explanation : ""));
  JsonObject *refusal;

  g_return_if_fail (body != NULL && JSON_NODE_HOLDS_OBJECT (body));

  refusal = json_object_new ();
  json_object_set_string_member (refusal, "category", yc_refusal_ground_to_wire (ground));
  json_object_set_string_member (refusal, "legal_basis", basis);
  json_object_set_string_member (refusal, "explanation", told);
  json_object_set_object_member (json_node_get_object (body), "refusal", refusal);
}

gboolean
yc_case_body_get_refusal (JsonObject       *case_body,
                          YcRefusalGround  *ground,
                          const char      **legal_basis,
                          const char      **explanation)
{
  JsonNode *member = case_body != NULL ? json_object_get_member (case_body, "refusal") : NULL;
  JsonObject *refusal = member != NULL && JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;

  if (legal_basis != NULL)
    *legal_basis = refusal != NULL ? yc_guide_get_string (refusal, "legal_basis") : NULL;
  if (explanation != NULL)
    *explanation = refusal != NULL ? yc_guide_get_string (refusal, "explanation") : NULL;
  return refusal != NULL && yc_refusal_ground_from_wire (yc_guide_get_string (refusal, "category"), ground);
}

/* Validation */

typedef struct
{
  YcDecision   decision;
  GDate        on;           /* accepted_on */
  GDate        last_supplement;  /* the latest supplement_by, invalid when none */
  gboolean     on_commitment;    /* a material deferred or committed */
  int          error_code;
  GError     **error;
} Check;

static gboolean G_GNUC_PRINTF (2, 3)
bad (Check      *check,
     const char *format,
     ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (check->error, YC_ERROR, check->error_code, "case: %s", what);
  return FALSE;
}

/* The member, or NULL when it is absent or null: the two mean the same here. */
static JsonNode *
get_member (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static const char *
node_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
node_int (JsonNode *node,
          gint64    min,
          gint64    max)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
         json_node_get_int (node) >= min && json_node_get_int (node) <= max;
}

static JsonObject *
node_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
node_array (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* A string member, or absent or null (*value NULL); FALSE when it is anything else. */
static gboolean
optional_string (JsonObject  *object,
                 const char  *member,
                 const char **value)
{
  JsonNode *node = get_member (object, member);

  *value = node_string (node);
  return node == NULL || *value != NULL;
}

/* Text that is more than white space. */
static gboolean
has_text (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

typedef enum
{
  TEXT,
  ID_NUMBER,    /* GB 11643 */
  CREDIT_CODE,  /* GB 32100 */
  PHONE,
} Kind;

typedef enum
{
  OPTIONAL,
  IF_ACCEPTED,
  ALWAYS,
} Need;

typedef struct
{
  const char *member;
  Kind        kind;
  Need        need;
} PartyMember;

static const PartyMember person_members[] = {
  { "name", TEXT, ALWAYS },
  { "id_number", ID_NUMBER, IF_ACCEPTED },
  { "phone", PHONE, IF_ACCEPTED },
  { "address", TEXT, OPTIONAL },
  { NULL, TEXT, OPTIONAL },
};

static const PartyMember enterprise_members[] = {
  { "name", TEXT, ALWAYS },
  { "credit_code", CREDIT_CODE, IF_ACCEPTED },
  { "legal_rep", TEXT, IF_ACCEPTED },
  { "legal_rep_id", ID_NUMBER, OPTIONAL },
  { "phone", PHONE, IF_ACCEPTED },
  { "address", TEXT, OPTIONAL },
  { NULL, TEXT, OPTIONAL },
};

static const PartyMember agent_members[] = {
  { "name", TEXT, ALWAYS },
  { "id_number", ID_NUMBER, IF_ACCEPTED },
  { "phone", PHONE, IF_ACCEPTED },
  { "relation", TEXT, OPTIONAL },
  { NULL, TEXT, OPTIONAL },
};

/* An identifier as the desk checks it before it accepts: yc-ident's checks. */
static gboolean
identifier_passes (Check      *check,
                   Kind        kind,
                   const char *text)
{
  g_autofree char *normal = NULL;

  switch (kind)
    {
    case ID_NUMBER:
      /* Born by the day of the decision, whatever day the server reads it. */
      normal = yc_ident_check_id_number (text, &check->on, NULL, NULL);
      break;
    case CREDIT_CODE:
      normal = yc_ident_check_credit_code (text, NULL);
      break;
    case PHONE:
      normal = yc_ident_check_phone (text, NULL);
      break;
    case TEXT:
    default:
      return TRUE;
    }
  return normal != NULL;
}

static const char *
describe_kind (Kind kind)
{
  switch (kind)
    {
    case ID_NUMBER:
      return "an ID number (GB 11643)";
    case CREDIT_CODE:
      return "a credit code (GB 32100)";
    case PHONE:
      return "a phone number";
    case TEXT:
    default:
      return "text";
    }
}

/* The applicant or the agent (what names it in messages). Identifiers are checked in
 * full only in an accepted case: a notice or a refusal records what an applicant was
 * told, and is kept even when the number they gave was wrong. */
static gboolean
check_party (Check             *check,
             JsonObject        *party,
             const char        *what,
             const PartyMember *members)
{
  gboolean accepted = check->decision == YC_DECISION_ACCEPTED;

  for (const PartyMember *m = members; m->member != NULL; m++)
    {
      const char *value;

      if (!optional_string (party, m->member, &value))
        return bad (check, "%s.%s must be a string or null", what, m->member);
      if (!has_text (value))
        {
          if (m->need == ALWAYS)
            return bad (check, "%s.%s is required", what, m->member);
          if (m->need == IF_ACCEPTED && accepted)
            return bad (check, "%s.%s is required in an accepted case", what, m->member);
        }
      if (value == NULL || m->kind == TEXT || (!accepted && m->kind == PHONE))
        continue;
      if (accepted && !identifier_passes (check, m->kind, value))
        return bad (check, "%s.%s is not %s", what, m->member, describe_kind (m->kind));
      if (!accepted && (*value == '\0' || g_utf8_strlen (value, -1) > 32))
        return bad (check, "%s.%s must be 1 to 32 characters", what, m->member);
    }
  return TRUE;
}

static gboolean
check_items (Check     *check,
             JsonArray *items)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = items != NULL ? json_array_get_length (items) : 0;

  if (n == 0 || n > 100)
    return bad (check, "items must list 1 to 100 item codes decided");
  for (guint i = 0; i < n; i++)
    {
      const char *code = node_string (json_array_get_element (items, i));

      if (code == NULL || *code == '\0' || g_utf8_strlen (code, -1) > 64)
        return bad (check, "items must list 1 to 100 item codes decided");
      if (!g_hash_table_add (seen, (gpointer) code))
        return bad (check, "items names %s twice", code);
    }
  return TRUE;
}

static gboolean
is_one_of (JsonArray  *items,
           const char *code)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (node_string (json_array_get_element (items, i)), code) == 0)
      return TRUE;
  return FALSE;
}

/* The materials; the names of those missing go to missing. */
static gboolean
check_materials (Check      *check,
                 JsonArray  *materials,
                 JsonArray  *items,
                 GHashTable *missing)
{
  static const char *forms[] = { "original", "copy", "original_and_copy" };
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  if (materials == NULL)
    return bad (check, "materials must be an array");
  for (guint i = 0; i < json_array_get_length (materials); i++)
    {
      JsonObject *material = node_object (json_array_get_element (materials, i));
      const char *name = node_string (get_member (material, "name"));
      JsonNode *node;
      const char *form, *supplement_by;
      YcMaterialStatus status;
      gboolean known_form = FALSE;
      GDate by;

      if (material == NULL || !has_text (name) ||
          !yc_material_status_from_wire (node_string (get_member (material, "status")), &status))
        return bad (check, "a material needs its name and status");
      if (!g_hash_table_add (names, (gpointer) name))
        return bad (check, "the material %s is listed twice", name);

      if ((node = get_member (material, "for_codes")) != NULL)
        {
          JsonArray *codes = node_array (node);

          for (guint j = 0; codes != NULL && j < json_array_get_length (codes); j++)
            if (!is_one_of (items, node_string (json_array_get_element (codes, j))))
              return bad (check, "the for_codes of %s must be codes of the case's items", name);
          if (codes == NULL)
            return bad (check, "the for_codes of %s must be an array", name);
        }
      if ((node = get_member (material, "required")) != NULL &&
          (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN))
        return bad (check, "the required of %s must be true or false", name);
      if (!optional_string (material, "form", &form))
        return bad (check, "the form of %s must be original, copy or original_and_copy", name);
      for (guint j = 0; j < G_N_ELEMENTS (forms); j++)
        known_form |= g_strcmp0 (form, forms[j]) == 0;
      if (form != NULL && !known_form)
        return bad (check, "the form of %s must be original, copy or original_and_copy", name);
      if ((node = get_member (material, "count")) != NULL && !node_int (node, 1, 99))
        return bad (check, "the count of %s must be 1 to 99", name);
      if ((node = get_member (material, "pages")) != NULL && !node_int (node, 0, 9999))
        return bad (check, "the pages of %s must be 0 to 9999", name);

      if (!optional_string (material, "supplement_by", &supplement_by) ||
          (supplement_by != NULL && !yc_time_parse_date (supplement_by, &by)))
        return bad (check, "the supplement_by of %s must be a date", name);
      if (status != YC_MATERIAL_DEFERRED && supplement_by != NULL)
        return bad (check, "only a deferred material has a supplement_by date");
      /* Only an accepted case holds the applicant to the date; a notice or a refusal
       * accepted nothing to bring anything for. */
      if (check->decision == YC_DECISION_ACCEPTED && status == YC_MATERIAL_DEFERRED &&
          (supplement_by == NULL || g_date_compare (&by, &check->on) < 0))
        return bad (check, "a deferred material needs its supplement_by date, not before accepted_on");
      if (supplement_by != NULL &&
          (!g_date_valid (&check->last_supplement) || g_date_compare (&by, &check->last_supplement) > 0))
        check->last_supplement = by;
      check->on_commitment |= status == YC_MATERIAL_DEFERRED || status == YC_MATERIAL_COMMITTED;

      /* Accepted means nothing is simply missing: it is brought later on commitment. */
      if (check->decision == YC_DECISION_ACCEPTED && status == YC_MATERIAL_MISSING)
        return bad (check, "an accepted case cannot lack a material that is not deferred: %s", name);
      if (check->decision == YC_DECISION_ACCEPTED && status == YC_MATERIAL_UNSET &&
          yc_guide_get_boolean (material, "required"))
        return bad (check, "an accepted case has every required material checked: %s", name);
      if (status == YC_MATERIAL_MISSING)
        g_hash_table_add (missing, (gpointer) name);
    }
  return TRUE;
}

/* A member the decision has no use for: absent or null. */
static gboolean
check_none_of (Check      *check,
               JsonObject *object,
               const char *member)
{
  static const char *cases[] = { "an accepted case", "a notice", "a refusal" };

  if (get_member (object, member) != NULL)
    return bad (check, "%s has no place in %s", member, cases[check->decision]);
  return TRUE;
}

/* The applicant's signed commitment: there when, and only when, a material is deferred
 * (容缺) or committed (告知承诺), signed the day the case is accepted. */
static gboolean
check_commitment (Check      *check,
                  JsonObject *object)
{
  JsonObject *commitment;
  const char *signed_by;
  GDate on;

  if (!check->on_commitment)
    {
      if (get_member (object, "commitment") != NULL)
        return bad (check, "commitment has no place in a case with nothing deferred or committed");
      return TRUE;
    }
  commitment = node_object (get_member (object, "commitment"));
  signed_by = node_string (get_member (commitment, "signed_by"));
  if (commitment == NULL || !has_text (signed_by) || g_utf8_strlen (signed_by, -1) > 64)
    return bad (check, "a case with materials deferred or committed needs the commitment's signed_by");
  if (!yc_time_parse_date (node_string (get_member (commitment, "signed_on")), &on) ||
      g_date_compare (&on, &check->on) != 0)
    return bad (check, "the commitment is signed_on the day the case is accepted");
  return TRUE;
}

static gboolean
check_notice (Check      *check,
              JsonArray  *notice,
              GHashTable *missing)
{
  g_autoptr(GHashTable) named = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = notice != NULL ? json_array_get_length (notice) : 0;
  GHashTableIter iter;
  gpointer name;

  if (n == 0 || n > 200)
    return bad (check, "a notice needs notice_missing: 1 to 200 lines of what to bring");
  for (guint i = 0; i < n; i++)
    {
      const char *line = node_string (json_array_get_element (notice, i));

      if (!has_text (line))
        return bad (check, "a notice needs notice_missing: 1 to 200 lines of what to bring");
      g_hash_table_add (named, (gpointer) line);
    }
  /* One notice for everything missing: the applicant never comes back twice. */
  g_hash_table_iter_init (&iter, missing);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (!g_hash_table_contains (named, name))
      return bad (check, "notice_missing does not name the missing material %s", (const char *) name);
  return TRUE;
}

static gboolean
check_refusal (Check      *check,
               JsonObject *refusal)
{
  gboolean known = yc_refusal_ground_from_wire (node_string (get_member (refusal, "category")), NULL);

  if (!known || !has_text (node_string (get_member (refusal, "legal_basis"))) ||
      !has_text (node_string (get_member (refusal, "explanation"))))
    return bad (check, "a refusal needs its category, legal basis and explanation");
  return TRUE;
}

gboolean
yc_case_validate_body (JsonNode  *body,
                       int        error_code,
                       GError   **error)
{
  Check check = { .error_code = error_code, .error = error };
  g_autoptr(GHashTable) missing = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *object, *applicant, *agent = NULL, *fields;
  JsonArray *items;
  JsonNode *node;
  const char *type, *text;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return bad (&check, "the body is not an object");
  object = json_node_get_object (body);
  if (!yc_decision_from_wire (node_string (get_member (object, "decision")), &check.decision))
    return bad (&check, "decision must be accepted, notice or refused");
  /* First: identifiers and the materials' dates are read against it. */
  if (!yc_time_parse_date (node_string (get_member (object, "accepted_on")), &check.on))
    return bad (&check, "accepted_on must be a date");

  items = node_array (get_member (object, "items"));
  if (!check_items (&check, items))
    return FALSE;
  if (!optional_string (object, "package", &text) || (text != NULL && *text == '\0'))
    return bad (&check, "package must be a package code or null");
  if (!optional_string (object, "title", &text))
    return bad (&check, "title must be a string or null");
  if (!optional_string (object, "ticket", &text))
    return bad (&check, "ticket must be a string or null");

  applicant = node_object (get_member (object, "applicant"));
  type = node_string (get_member (applicant, "type"));
  if (g_strcmp0 (type, "person") != 0 && g_strcmp0 (type, "enterprise") != 0)
    return bad (&check, "applicant needs its type (person or enterprise) and name");
  if (!check_party (&check, applicant, "applicant",
                    g_str_equal (type, "person") ? person_members : enterprise_members))
    return FALSE;
  if ((node = get_member (object, "agent")) != NULL && (agent = node_object (node)) == NULL)
    return bad (&check, "agent must be an object or null");
  if (agent != NULL && !check_party (&check, agent, "agent", agent_members))
    return FALSE;

  if ((fields = node_object (get_member (object, "fields"))) == NULL)
    return bad (&check, "fields must be an object");
  {
    JsonObjectIter iter;
    const char *key;

    json_object_iter_init (&iter, fields);
    while (json_object_iter_next (&iter, &key, &node))
      if (node_string (node) == NULL)
        return bad (&check, "fields.%s must be a string", key);
  }

  if (!check_materials (&check, node_array (get_member (object, "materials")), items, missing))
    return FALSE;

  switch (check.decision)
    {
    case YC_DECISION_ACCEPTED:
      {
        GDate due;

        if (!node_int (get_member (object, "promised_days"), 0, 999) ||
            !yc_time_parse_date (node_string (get_member (object, "due_date")), &due) ||
            g_date_compare (&due, &check.on) < 0)
          return bad (&check, "an accepted case needs promised_days and a due_date not before accepted_on");
        if (g_date_valid (&check.last_supplement) && g_date_compare (&check.last_supplement, &due) > 0)
          return bad (&check, "a deferred material is brought by the due_date at the latest");
        if (!check_commitment (&check, object))
          return FALSE;
        return check_none_of (&check, object, "notice_missing") && check_none_of (&check, object, "refusal");
      }
    case YC_DECISION_NOTICE:
      if (!check_none_of (&check, object, "promised_days") || !check_none_of (&check, object, "due_date") ||
          !check_none_of (&check, object, "refusal") || !check_none_of (&check, object, "commitment"))
        return FALSE;
      return check_notice (&check, node_array (get_member (object, "notice_missing")), missing);
    case YC_DECISION_REFUSED:
    default:
      if (!check_none_of (&check, object, "promised_days") || !check_none_of (&check, object, "due_date") ||
          !check_none_of (&check, object, "notice_missing") || !check_none_of (&check, object, "commitment"))
        return FALSE;
      return check_refusal (&check, node_object (get_member (object, "refusal")));
    }
}
