/* test-case.c: the "case" record's body, as the desk writes it and the server checks it
 * (app/core/yc-case, docs/api.md "Record kind case"). */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "core/yc-case.h"
#include "core/yc-error.h"
#include "core/yc-wire.h"
#include "test-json-util.h"

#define ACCEPTED \
  "{\"decision\":\"accepted\",\"package\":\"YJS-001\"," \
  "\"items\":[\"990100-SCJG-XK-0001\",\"990100-GA-QT-0001\"],\"title\":\"企业开办一件事\",\"ticket\":\"B003\"," \
  "\"applicant\":{\"type\":\"person\",\"name\":\"王芳\",\"id_number\":\"11010519491231002X\"," \
  "\"phone\":\"13812345678\",\"address\":null}," \
  "\"agent\":null,\"fields\":{\"company_name\":\"示范市云帆科技有限公司\"}," \
  "\"materials\":[{\"name\":\"公司章程\",\"for_codes\":[\"990100-SCJG-XK-0001\"],\"required\":true," \
  "\"form\":\"original\",\"count\":1,\"status\":\"provided\",\"pages\":12,\"supplement_by\":null}," \
  "{\"name\":\"住所（经营场所）使用证明\",\"required\":true,\"status\":\"deferred\",\"pages\":0," \
  "\"supplement_by\":\"2026-11-23\"}]," \
  "\"accepted_on\":\"2026-11-22\",\"promised_days\":1,\"due_date\":\"2026-11-23\"," \
  "\"commitment\":{\"signed_by\":\"王芳\",\"signed_on\":\"2026-11-22\"}}"

#define NOTICE \
  "{\"decision\":\"notice\",\"package\":null,\"items\":[\"990100-SCJG-XK-0001\"],\"ticket\":null," \
  "\"applicant\":{\"type\":\"person\",\"name\":\"王芳\",\"id_number\":\"11010519491231002X\"," \
  "\"phone\":\"13812345678\"},\"fields\":{}," \
  "\"materials\":[{\"name\":\"公司章程\",\"status\":\"missing\"}]," \
  "\"accepted_on\":\"2026-11-22\",\"notice_missing\":[\"公司章程\",\"股东会决议\"]}"

#define REFUSED \
  "{\"decision\":\"refused\",\"package\":null,\"items\":[\"990100-SCJG-XK-0001\"]," \
  "\"applicant\":{\"type\":\"person\",\"name\":\"王芳\",\"id_number\":null,\"phone\":null}," \
  "\"agent\":null,\"fields\":{},\"materials\":[],\"accepted_on\":\"2026-09-30\"," \
  "\"refusal\":{\"category\":\"not_eligible\",\"legal_basis\":\"《市场主体登记管理条例》第十二条\"," \
  "\"explanation\":\"申请人为失信被执行人，不得担任法定代表人\"}}"

#define ENTERPRISE(code, rep_id) \
  "{\"type\":\"enterprise\",\"name\":\"示范市云帆科技有限公司\",\"credit_code\":\"" code "\"," \
  "\"legal_rep\":\"李建国\",\"legal_rep_id\":" rep_id ",\"phone\":\"0300-3058866\",\"address\":null}"

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Sets the member at path ("applicant.id_number", "materials.0.status": array indexes
 * on the way) to the JSON text value, or removes it when value is NULL. */
static void
set_path (JsonNode   *body,
          const char *path,
          const char *value)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  guint n = g_strv_length (parts);
  JsonNode *node = body;
  JsonObject *object;

  for (guint i = 0; i + 1 < n; i++)
    node = JSON_NODE_HOLDS_ARRAY (node)
           ? json_array_get_element (json_node_get_array (node), (guint) atoi (parts[i]))
           : json_object_get_member (json_node_get_object (node), parts[i]);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_node_get_object (node);
  if (value == NULL)
    json_object_remove_member (object, parts[n - 1]);
  else
    json_object_set_member (object, parts[n - 1], parse (value));
}

typedef struct
{
  const char *base;
  const char *path;     /* NULL: the base as it is */
  const char *value;    /* NULL: the member removed */
  const char *problem;  /* what the error says, or NULL for a valid body */
} Rule;

static const Rule rules[] = {
  /* Accepted: identifiers checked in full, against the day of the decision. */
  { ACCEPTED, NULL, NULL, NULL },
  { ACCEPTED, "applicant.id_number", "\"11010519491231003X\"", "applicant.id_number is not an ID number" },
  { ACCEPTED, "applicant.id_number", "\"１１０１０５ １９４９１２３１ ００２ｘ\"", NULL },
  { ACCEPTED, "applicant.id_number", "\"110105202611200019\"", NULL },
  { ACCEPTED, "applicant.id_number", "\"110105202612010014\"", "applicant.id_number is not an ID number" },
  { ACCEPTED, "applicant.id_number", "null", "applicant.id_number is required in an accepted case" },
  { ACCEPTED, "applicant.id_number", NULL, "applicant.id_number is required in an accepted case" },
  { ACCEPTED, "applicant.id_number", "110105", "applicant.id_number must be a string or null" },
  { ACCEPTED, "applicant.phone", "\"1381234\"", "applicant.phone is not a phone number" },
  { ACCEPTED, "applicant.phone", "\"0300-3058866\"", NULL },
  { ACCEPTED, "applicant.name", "\"  \"", "applicant.name is required" },
  { ACCEPTED, "applicant.type", "\"robot\"", "applicant needs its type" },
  { ACCEPTED, "applicant", "\"王芳\"", "applicant needs its type" },
  { ACCEPTED, "applicant", ENTERPRISE ("91990100MA9K3YF2X7", "\"410703197503081013\""), NULL },
  { ACCEPTED, "applicant", ENTERPRISE ("91990100MA9K3YF2X7", "null"), NULL },
  { ACCEPTED, "applicant", ENTERPRISE ("91990100MA9K3YF2XA", "null"), "applicant.credit_code is not a credit code" },
  { ACCEPTED, "applicant", ENTERPRISE ("91990100MA9K3YF2X7", "\"410703197503081014\""),
    "applicant.legal_rep_id is not an ID number" },
  { ACCEPTED, "agent", "{\"name\":\"陈静\"}", "agent.id_number is required in an accepted case" },
  { ACCEPTED, "agent", "{\"name\":\"陈静\",\"id_number\":\"41070219900315002X\",\"phone\":\"13937300001\","
                       "\"relation\":\"受托代办人\"}", NULL },
  { ACCEPTED, "agent", "[]", "agent must be an object or null" },
  { ACCEPTED, "agent", NULL, NULL },
  /* Its parts. */
  { ACCEPTED, "decision", "\"maybe\"", "decision must be accepted, notice or refused" },
  { ACCEPTED, "items", "[]", "items must list" },
  { ACCEPTED, "items", "[1]", "items must list" },
  { ACCEPTED, "items", "[\"990100-SCJG-XK-0001\",\"990100-SCJG-XK-0001\"]", "items names 990100-SCJG-XK-0001 twice" },
  { ACCEPTED, "package", "\"\"", "package must be a package code or null" },
  { ACCEPTED, "package", NULL, NULL },
  { ACCEPTED, "ticket", "3", "ticket must be a string or null" },
  { ACCEPTED, "title", "{}", "title must be a string or null" },
  { ACCEPTED, "fields", "null", "fields must be an object" },
  { ACCEPTED, "fields.registered_capital", "100", "fields.registered_capital must be a string" },
  { ACCEPTED, "accepted_on", "\"2026-02-30\"", "accepted_on must be a date" },
  { ACCEPTED, "accepted_on", "\" 2026-1-22\"", "accepted_on must be a date" },
  { ACCEPTED, "accepted_on", "\"+026-11-22\"", "accepted_on must be a date" },
  { ACCEPTED, "due_date", "\"2026-11-21\"", "due_date not before accepted_on" },
  { ACCEPTED, "due_date", NULL, "due_date not before accepted_on" },
  { ACCEPTED, "promised_days", "\"1\"", "needs promised_days" },
  { ACCEPTED, "promised_days", "-1", "needs promised_days" },
  { ACCEPTED, "refusal", "{\"category\":\"other\",\"legal_basis\":\"x\",\"explanation\":\"y\"}",
    "refusal has no place in an accepted case" },
  { ACCEPTED, "notice_missing", "[\"公司章程\"]", "notice_missing has no place in an accepted case" },
  { ACCEPTED, "notice_missing", "null", NULL },
  /* Materials. */
  { ACCEPTED, "materials", NULL, "materials must be an array" },
  { ACCEPTED, "materials", "[]", "commitment has no place" },
  { ACCEPTED, "materials", "[{\"status\":\"provided\"}]", "a material needs its name and status" },
  { ACCEPTED, "materials", "[{\"name\":\"公司章程\",\"status\":\"lost\"}]", "a material needs its name and status" },
  { ACCEPTED, "materials", "[{\"name\":\"公司章程\",\"status\":\"provided\"},{\"name\":\"公司章程\",\"status\":\"e_licence\"}]",
    "the material 公司章程 is listed twice" },
  { ACCEPTED, "materials.0.status", "\"missing\"", "an accepted case cannot lack a material that is not deferred" },
  { ACCEPTED, "materials.0.status", "\"unset\"", "an accepted case has every required material checked" },
  { ACCEPTED, "materials", "[{\"name\":\"印章样式\",\"status\":\"unset\",\"required\":false}]", "commitment has no place" },
  { ACCEPTED, "materials.0.status", "\"e_licence\"", NULL },
  { ACCEPTED, "materials.0.status", "\"committed\"", NULL },
  { ACCEPTED, "materials.0.for_codes", "[\"990100-MZ-QT-0001\"]", "the for_codes of 公司章程 must be codes of the case's items" },
  { ACCEPTED, "materials.0.for_codes", "\"990100-SCJG-XK-0001\"", "the for_codes of 公司章程 must be an array" },
  { ACCEPTED, "materials.0.required", "\"yes\"", "the required of 公司章程 must be true or false" },
  { ACCEPTED, "materials.0.form", "\"scan\"", "the form of 公司章程" },
  { ACCEPTED, "materials.0.form", "null", NULL },
  { ACCEPTED, "materials.0.count", "0", "the count of 公司章程 must be 1 to 99" },
  { ACCEPTED, "materials.0.pages", "-1", "the pages of 公司章程 must be 0 to 9999" },
  { ACCEPTED, "materials.0.pages", "1.5", "the pages of 公司章程 must be 0 to 9999" },
  { ACCEPTED, "materials.0.supplement_by", "\"2026-11-30\"", "only a deferred material has a supplement_by date" },
  { ACCEPTED, "materials.1.supplement_by", "\"2026-11-21\"", "not before accepted_on" },
  { ACCEPTED, "materials.1.supplement_by", "null", "a deferred material needs its supplement_by date" },
  /* 容缺 is brought by the case's due date at the latest, on a signed commitment. */
  { ACCEPTED, "materials.1.supplement_by", "\"2026-11-22\"", NULL },
  { ACCEPTED, "materials.1.supplement_by", "\"2026-11-24\"", "brought by the due_date at the latest" },
  { ACCEPTED, "commitment", NULL, "needs the commitment's signed_by" },
  { ACCEPTED, "commitment", "null", "needs the commitment's signed_by" },
  { ACCEPTED, "commitment.signed_by", "\" \"", "needs the commitment's signed_by" },
  { ACCEPTED, "commitment.signed_on", "\"2026-11-21\"", "signed_on the day the case is accepted" },
  { ACCEPTED, "commitment.signed_on", NULL, "signed_on the day the case is accepted" },
  { ACCEPTED, "materials.1.status", "\"provided\"", "only a deferred material has a supplement_by" },
  { ACCEPTED, "materials", "[{\"name\":\"公司章程\",\"status\":\"provided\"}]", "commitment has no place" },
  { ACCEPTED, "materials", "[{\"name\":\"公司章程\",\"status\":\"committed\"}]", NULL },
  { NOTICE, "commitment", "{\"signed_by\":\"王芳\",\"signed_on\":\"2026-11-22\"}", "commitment has no place in a notice" },
  { REFUSED, "commitment", "{}", "commitment has no place in a refusal" },
  /* Notice: numbers need only be plausible; everything missing is on the notice. */
  { NOTICE, NULL, NULL, NULL },
  { NOTICE, "applicant.id_number", "\"11010519491231003X\"", NULL },
  { NOTICE, "applicant.id_number", "null", NULL },
  { NOTICE, "applicant.id_number", "\"\"", "applicant.id_number must be 1 to 32 characters" },
  { NOTICE, "applicant.phone", "\"138\"", NULL },
  { NOTICE, "notice_missing", NULL, "a notice needs notice_missing" },
  { NOTICE, "notice_missing", "[]", "a notice needs notice_missing" },
  { NOTICE, "notice_missing", "[\"\"]", "a notice needs notice_missing" },
  { NOTICE, "notice_missing", "[\"股东会决议\"]", "notice_missing does not name the missing material 公司章程" },
  { NOTICE, "due_date", "\"2026-11-23\"", "due_date has no place in a notice" },
  { NOTICE, "refusal", "{}", "refusal has no place in a notice" },
  { NOTICE, "materials", "[{\"name\":\"公司章程\",\"status\":\"missing\"},{\"name\":\"印章样式\",\"status\":\"deferred\"}]",
    NULL },
  { NOTICE, "materials", "[{\"name\":\"公司章程\",\"status\":\"missing\"},{\"name\":\"印章样式\",\"status\":\"deferred\","
                         "\"supplement_by\":\"2026-11\"}]", "the supplement_by of 印章样式 must be a date" },
  /* Refusal: its reason, in full. */
  { REFUSED, NULL, NULL, NULL },
  { REFUSED, "refusal", NULL, "a refusal needs its category, legal basis and explanation" },
  { REFUSED, "refusal", "null", "a refusal needs its category, legal basis and explanation" },
  { REFUSED, "refusal.category", "\"rude\"", "a refusal needs its category" },
  { REFUSED, "refusal.category", "\"not_required\"", NULL },
  { REFUSED, "refusal.category", "\"outside_authority\"", NULL },
  { REFUSED, "refusal.legal_basis", "\" \"", "a refusal needs its category, legal basis" },
  { REFUSED, "refusal.explanation", NULL, "a refusal needs its category, legal basis and explanation" },
  { REFUSED, "promised_days", "1", "promised_days has no place in a refusal" },
  { REFUSED, "applicant.id_number", "\"123\"", NULL },
  { REFUSED, "applicant.id_number", "\"123456789012345678901234567890123\"", "applicant.id_number must be 1 to 32 characters" },
  { REFUSED, "applicant.name", NULL, "applicant.name is required" },
};

static void
test_rules (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autoptr(JsonNode) body = parse (rules[i].base);
      g_autoptr(GError) error = NULL;
      gboolean valid;

      if (rules[i].path != NULL)
        set_path (body, rules[i].path, rules[i].value);
      valid = yc_case_validate_body (body, YC_ERROR_BAD_REQUEST, &error);
      g_test_message ("rule %u: %s = %s: %s", i, rules[i].path ? rules[i].path : "-",
                      rules[i].value ? rules[i].value : "-", error ? error->message : "valid");
      if (rules[i].problem == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (valid);
        }
      else
        {
          g_assert_false (valid);
          g_assert_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST);
          g_assert_true (g_str_has_prefix (error->message, "case: "));
          g_assert_nonnull (strstr (error->message, rules[i].problem));
        }
    }
}

/* No message names an ID number: they go to logs. */
static void
test_messages_hide_numbers (void)
{
  g_autoptr(JsonNode) body = parse (ACCEPTED);
  g_autoptr(GError) error = NULL;

  set_path (body, "applicant.id_number", "\"11010519491231003X\"");
  g_assert_false (yc_case_validate_body (body, YC_ERROR_BAD_REQUEST, &error));
  g_assert_null (strstr (error->message, "11010519491231003X"));
}

static void
test_not_a_body (void)
{
  g_autoptr(JsonNode) array = parse ("[]");
  g_autoptr(GError) error = NULL;

  g_assert_false (yc_case_validate_body (NULL, YC_ERROR_PROTOCOL, &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_false (yc_case_validate_body (array, YC_ERROR_PROTOCOL, &error));
  g_assert_nonnull (strstr (error->message, "not an object"));
}

/* The checklist as yc_guide_merge_materials() makes it for the two items. */
#define CHECKLIST \
  "[{\"name\":\"居民身份证\",\"source\":\"e_licence\",\"for_codes\":[\"990100-SCJG-XK-0001\",\"990100-GA-QT-0001\"]," \
  "\"required\":true,\"form\":\"original\",\"count\":1}," \
  "{\"name\":\"公司章程\",\"for_codes\":[\"990100-SCJG-XK-0001\",\"990100-MZ-QT-0001\"],\"required\":true," \
  "\"form\":\"original\",\"count\":1}," \
  "{\"name\":\"住所（经营场所）使用证明\",\"for_codes\":[\"990100-SCJG-XK-0001\"],\"required\":true,\"form\":\"copy\",\"count\":2}," \
  "{\"name\":\"印章样式\",\"for_codes\":[\"990100-GA-QT-0001\"],\"required\":false,\"form\":\"scan\",\"count\":0}]"

static YcIntake *
filled_intake (void)
{
  const char *items[] = { "990100-SCJG-XK-0001", "990100-GA-QT-0001", NULL };
  YcIntake *intake = yc_intake_new ("YJS-001", items, "B003");

  yc_intake_set_title (intake, "企业开办一件事");
  yc_intake_set_value (intake, "applicant.name", "王芳");
  yc_intake_set_value (intake, "applicant.id_number", "11010519491231002X");
  yc_intake_set_value (intake, "applicant.phone", "13812345678");
  yc_intake_set_value (intake, "company_name", "示范市云帆科技有限公司");
  yc_intake_set_material (intake, "居民身份证", YC_MATERIAL_E_LICENCE, 0, NULL);
  yc_intake_set_material (intake, "公司章程", YC_MATERIAL_PROVIDED, 12, NULL);
  yc_intake_set_material (intake, "住所（经营场所）使用证明", YC_MATERIAL_DEFERRED, 0, "2026-11-27");
  return intake;
}

static JsonObject *
material_named (JsonObject *body,
                const char *name)
{
  return yc_test_find_named (json_object_get_array_member (body, "materials"), name);
}

/* What the desk writes is what the server takes, for each decision. */
static void
test_body_new (void)
{
  g_autoptr(YcIntake) intake = filled_intake ();
  g_autoptr(JsonNode) checklist = parse (CHECKLIST);
  g_autoptr(GPtrArray) materials = yc_test_materials_of (json_node_get_array (checklist));
  g_autoptr(JsonNode) accepted = NULL;
  g_autoptr(JsonNode) notice = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *codes = NULL;
  g_autofree char *missing = NULL;
  JsonObject *body, *material;

  accepted = yc_case_body_new (intake, materials, YC_DECISION_ACCEPTED,
                               "2026-11-22", 1, "2026-11-23");
  /* A material deferred: the applicant signs the commitment, the day of acceptance. */
  g_assert_true (yc_case_body_needs_commitment (accepted));
  g_assert_false (yc_case_validate_body (accepted, YC_ERROR_BAD_REQUEST, NULL));
  yc_case_body_set_commitment (accepted, "王芳");
  g_assert_true (yc_case_validate_body (accepted, YC_ERROR_BAD_REQUEST, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (accepted),
                                                                                 "commitment"), "signed_on"), ==,
                   "2026-11-22");
  body = json_node_get_object (accepted);
  g_assert_cmpstr (json_object_get_string_member (body, "ticket"), ==, "B003");
  g_assert_cmpstr (json_object_get_string_member (body, "title"), ==, "企业开办一件事");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "fields"), "company_name"), ==,
                   "示范市云帆科技有限公司");
  g_assert_false (json_object_has_member (json_object_get_object_member (body, "fields"), "applicant.name"));
  g_assert_false (json_object_has_member (body, "notice_missing"));
  /* The whole checklist, the one nobody looked at too, as the guide asks for each. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body, "materials")), ==, 4);
  material = material_named (body, "公司章程");
  codes = yc_test_join_strings (json_object_get_array_member (material, "for_codes"));
  g_assert_cmpstr (codes, ==, "990100-SCJG-XK-0001");
  g_assert_cmpint (json_object_get_int_member (material, "pages"), ==, 12);
  g_assert_true (json_object_get_boolean_member (material, "required"));
  material = material_named (body, "住所（经营场所）使用证明");
  g_assert_cmpstr (json_object_get_string_member (material, "status"), ==, "deferred");
  /* Marked for the 27th, but the case is due on the 23rd: never due after the case. */
  g_assert_cmpstr (json_object_get_string_member (material, "supplement_by"), ==, "2026-11-23");
  g_assert_cmpstr (json_object_get_string_member (material, "form"), ==, "copy");
  g_assert_cmpint (json_object_get_int_member (material, "count"), ==, 2);
  material = material_named (body, "印章样式");
  g_assert_cmpstr (json_object_get_string_member (material, "status"), ==, "unset");
  g_assert_true (json_object_get_null_member (material, "form"));
  g_assert_true (json_object_get_null_member (material, "count"));

  /* Deferred before the due date was known, or in a draft reopened when its date had
   * passed: to be brought by the due date. */
  {
    g_autoptr(JsonNode) later = NULL;

    yc_intake_set_material (intake, "住所（经营场所）使用证明", YC_MATERIAL_DEFERRED, 0, NULL);
    later = yc_case_body_new (intake, materials, YC_DECISION_ACCEPTED,
                              "2026-11-24", 3, "2026-11-27");
    yc_case_body_set_commitment (later, "王芳");
    g_assert_true (yc_case_validate_body (later, YC_ERROR_BAD_REQUEST, &error));
    g_assert_cmpstr (json_object_get_string_member (material_named (json_node_get_object (later),
                                                                    "住所（经营场所）使用证明"), "supplement_by"), ==,
                     "2026-11-27");
    yc_intake_set_material (intake, "住所（经营场所）使用证明", YC_MATERIAL_DEFERRED, 0, "2026-11-23");
    g_clear_pointer (&later, json_node_unref);
    later = yc_case_body_new (intake, materials, YC_DECISION_ACCEPTED,
                              "2026-11-24", 3, "2026-11-27");
    g_assert_cmpstr (json_object_get_string_member (material_named (json_node_get_object (later),
                                                                    "住所（经营场所）使用证明"), "supplement_by"), ==,
                     "2026-11-27");
    /* A day the clerk chose within the promise stays. */
    yc_intake_set_material (intake, "住所（经营场所）使用证明", YC_MATERIAL_DEFERRED, 0, "2026-11-25");
    g_clear_pointer (&later, json_node_unref);
    later = yc_case_body_new (intake, materials, YC_DECISION_ACCEPTED,
                              "2026-11-24", 3, "2026-11-27");
    g_assert_cmpstr (json_object_get_string_member (material_named (json_node_get_object (later),
                                                                    "住所（经营场所）使用证明"), "supplement_by"), ==,
                     "2026-11-25");
  }

  /* The notice lists what is missing and what is required but was not looked at, and
   * a material marked before the catalogue dropped it. */
  yc_intake_set_material (intake, "公司章程", YC_MATERIAL_MISSING, 0, NULL);
  yc_intake_set_material (intake, "住所（经营场所）使用证明", YC_MATERIAL_UNSET, 0, NULL);
  yc_intake_set_material (intake, "股东会决议", YC_MATERIAL_MISSING, 0, NULL);
  notice = yc_case_body_new (intake, materials, YC_DECISION_NOTICE, "2026-11-22", -1, NULL);
  g_assert_true (yc_case_validate_body (notice, YC_ERROR_BAD_REQUEST, &error));
  g_assert_no_error (error);
  body = json_node_get_object (notice);
  missing = yc_test_join_strings (json_object_get_array_member (body, "notice_missing"));
  g_assert_cmpstr (missing, ==, "公司章程|住所（经营场所）使用证明|股东会决议");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body, "materials")), ==, 5);
  g_assert_false (json_object_has_member (body, "promised_days"));
  g_assert_false (json_object_has_member (body, "due_date"));

  /* A refusal is whole once its reason is added. */
  refused = yc_case_body_new (intake, materials, YC_DECISION_REFUSED, "2026-11-22", -1, NULL);
  g_assert_false (yc_case_validate_body (refused, YC_ERROR_BAD_REQUEST, NULL));
  set_path (refused, "refusal", "{\"category\":\"outside_authority\",\"legal_basis\":\"《中华人民共和国行政许可法》第三十二条\","
                                "\"explanation\":\"该事项由县级公安机关办理\"}");
  g_assert_true (yc_case_validate_body (refused, YC_ERROR_BAD_REQUEST, &error));
  g_assert_no_error (error);

  /* As the desk sets it, stripped, and read back. */
  {
    YcRefusalGround ground = YC_REFUSAL_OTHER;
    const char *basis = NULL, *explanation = NULL;

    yc_case_body_set_refusal (refused, YC_REFUSAL_MATERIALS_UNCORRECTABLE, "  《行政许可法》第三十二条 ", "\n缺少章程\n");
    g_assert_true (yc_case_validate_body (refused, YC_ERROR_BAD_REQUEST, &error));
    g_assert_no_error (error);
    g_assert_true (yc_case_body_get_refusal (json_node_get_object (refused), &ground, &basis, &explanation));
    g_assert_cmpint (ground, ==, YC_REFUSAL_MATERIALS_UNCORRECTABLE);
    g_assert_cmpstr (basis, ==, "《行政许可法》第三十二条");
    g_assert_cmpstr (explanation, ==, "缺少章程");
    g_assert_false (yc_case_body_get_refusal (json_node_get_object (notice), &ground, &basis, &explanation));
    g_assert_null (basis);
  }
}

/* An enterprise with an agent; without a checklist only what the clerk marked is told. */
static void
test_body_new_enterprise (void)
{
  g_autoptr(YcIntake) intake = filled_intake ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *applicant, *agent;

  yc_intake_set_applicant_type (intake, YC_APPLICANT_ENTERPRISE);
  yc_intake_set_value (intake, "applicant.name", "示范市云帆科技有限公司");
  yc_intake_set_value (intake, "applicant.credit_code", "91990100MA9K3YF2X7");
  yc_intake_set_value (intake, "applicant.legal_rep", "李建国");
  yc_intake_set_has_agent (intake, TRUE);
  yc_intake_set_value (intake, "agent.name", "陈静");
  yc_intake_set_value (intake, "agent.id_number", "41070219900315002X");
  yc_intake_set_value (intake, "agent.phone", "13937300001");

  node = yc_case_body_new (intake, NULL, YC_DECISION_ACCEPTED, "2026-11-22", 1, "2026-11-23");
  /* The agent signs the commitment for the enterprise. */
  yc_case_body_set_commitment (node, "陈静");
  g_assert_true (yc_case_validate_body (node, YC_ERROR_BAD_REQUEST, &error));
  g_assert_no_error (error);
  applicant = json_object_get_object_member (json_node_get_object (node), "applicant");
  g_assert_cmpstr (json_object_get_string_member (applicant, "type"), ==, "enterprise");
  g_assert_cmpstr (json_object_get_string_member (applicant, "credit_code"), ==, "91990100MA9K3YF2X7");
  g_assert_true (json_object_get_null_member (applicant, "legal_rep_id"));
  g_assert_false (json_object_has_member (applicant, "id_number"));
  agent = json_object_get_object_member (json_node_get_object (node), "agent");
  g_assert_cmpstr (json_object_get_string_member (agent, "name"), ==, "陈静");
  g_assert_true (json_object_get_null_member (agent, "relation"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (node), "materials")), ==, 3);
  g_assert_false (json_object_has_member (json_array_get_object_element (
                    json_object_get_array_member (json_node_get_object (node), "materials"), 0), "for_codes"));
}

static void
test_decisions (void)
{
  YcDecision decision;

  for (YcDecision d = YC_DECISION_ACCEPTED; d <= YC_DECISION_REFUSED; d++)
    {
      g_assert_true (yc_decision_from_wire (yc_decision_to_wire (d), &decision));
      g_assert_cmpint (decision, ==, d);
    }
  g_assert_false (yc_decision_from_wire ("Accepted", &decision));
  g_assert_false (yc_decision_from_wire (NULL, &decision));
  for (YcRefusalGround g = YC_REFUSAL_OUTSIDE_AUTHORITY; g <= YC_REFUSAL_GROUND_LAST; g++)
    {
      YcRefusalGround read;

      g_assert_true (yc_refusal_ground_from_wire (yc_refusal_ground_to_wire (g), &read));
      g_assert_cmpint (read, ==, g);
    }
  g_assert_false (yc_refusal_ground_from_wire ("rude", NULL));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/case/rules", test_rules);
  g_test_add_func ("/case/messages-hide-numbers", test_messages_hide_numbers);
  g_test_add_func ("/case/not-a-body", test_not_a_body);
  g_test_add_func ("/case/body-new", test_body_new);
  g_test_add_func ("/case/body-new-enterprise", test_body_new_enterprise);
  g_test_add_func ("/case/decisions", test_decisions);
  return g_test_run ();
}
