/* test-intake.c: an intake in progress, and the draft it is saved as. */
#include <locale.h>
#include <string.h>

#include "core/yc-error.h"
#include "core/yc-intake.h"
#include "core/yc-wire.h"
#include "test-json-util.h"

static void
count_cb (YcIntake *intake,
          guint    *count)
{
  (*count)++;
}

static YcIntake *
new_intake (void)
{
  const char *items[] = { "990100-SCJG-XK-0001", "990100-GA-QT-0001", NULL };
  return yc_intake_new ("YJS-001", items, "A023");
}

static void
test_values (void)
{
  g_autoptr(YcIntake) intake = new_intake ();
  guint changes = 0;

  g_signal_connect (intake, "changed", G_CALLBACK (count_cb), &changes);
  g_assert_true (g_uuid_string_is_valid (yc_intake_get_id (intake)));
  g_assert_cmpstr (yc_intake_get_package (intake), ==, "YJS-001");
  g_assert_cmpstr (yc_intake_get_items (intake)[1], ==, "990100-GA-QT-0001");
  g_assert_cmpstr (yc_intake_get_ticket (intake), ==, "A023");

  yc_intake_set_value (intake, "company_name", "示范市云帆科技有限公司");
  g_assert_cmpuint (changes, ==, 1);
  /* The same again is no change. */
  yc_intake_set_value (intake, "company_name", "示范市云帆科技有限公司");
  g_assert_cmpuint (changes, ==, 1);
  yc_intake_set_value (intake, "company_name", "");
  g_assert_null (yc_intake_get_value (intake, "company_name"));
  g_assert_cmpuint (changes, ==, 2);

  /* Filled by the lookup: marked and counted, until the clerk changes it. */
  yc_intake_autofill (intake, "applicant.name", "王芳");
  yc_intake_autofill (intake, "address", "示范市人民路 1 号");
  g_assert_true (yc_intake_is_autofilled (intake, "applicant.name"));
  g_assert_cmpuint (yc_intake_count_autofilled (intake), ==, 2);
  g_assert_cmpuint (changes, ==, 4);
  yc_intake_set_value (intake, "applicant.name", "王芳");
  g_assert_true (yc_intake_is_autofilled (intake, "applicant.name"));
  yc_intake_set_value (intake, "applicant.name", "王芳芳");
  g_assert_false (yc_intake_is_autofilled (intake, "applicant.name"));
  g_assert_cmpuint (yc_intake_count_autofilled (intake), ==, 1);

  /* What the clerk typed is not overwritten by a later lookup. */
  yc_intake_autofill (intake, "applicant.name", "王芳");
  g_assert_cmpstr (yc_intake_get_value (intake, "applicant.name"), ==, "王芳芳");
  g_assert_false (yc_intake_is_autofilled (intake, "applicant.name"));

  yc_intake_set_applicant_type (intake, YC_APPLICANT_ENTERPRISE);
  yc_intake_set_has_agent (intake, TRUE);
  g_assert_cmpint (yc_intake_get_applicant_type (intake), ==, YC_APPLICANT_ENTERPRISE);
  g_assert_true (yc_intake_get_has_agent (intake));
}

static void
test_materials (void)
{
  g_autoptr(YcIntake) intake = new_intake ();
  const char *date = NULL;
  guint pages = 99, changes = 0;

  g_signal_connect (intake, "changed", G_CALLBACK (count_cb), &changes);
  g_assert_cmpint (yc_intake_get_material (intake, "公司章程", &pages, &date), ==, YC_MATERIAL_UNSET);
  g_assert_cmpuint (pages, ==, 0);

  yc_intake_set_material (intake, "公司章程", YC_MATERIAL_PROVIDED, 12, "2026-12-01");
  g_assert_cmpint (yc_intake_get_material (intake, "公司章程", &pages, &date), ==, YC_MATERIAL_PROVIDED);
  g_assert_cmpuint (pages, ==, 12);
  /* Only a deferred material has a date to be brought by. */
  g_assert_null (date);

  yc_intake_set_material (intake, "住所使用证明", YC_MATERIAL_DEFERRED, 3, "2026-11-27");
  g_assert_cmpint (yc_intake_get_material (intake, "住所使用证明", &pages, &date), ==, YC_MATERIAL_DEFERRED);
  g_assert_cmpstr (date, ==, "2026-11-27");
  g_assert_cmpuint (pages, ==, 0);
  g_assert_cmpuint (changes, ==, 2);
  yc_intake_set_material (intake, "住所使用证明", YC_MATERIAL_DEFERRED, 0, "2026-11-27");
  g_assert_cmpuint (changes, ==, 2);
  yc_intake_set_material (intake, "住所使用证明", YC_MATERIAL_UNSET, 0, NULL);
  g_assert_cmpint (yc_intake_get_material (intake, "住所使用证明", NULL, NULL), ==, YC_MATERIAL_UNSET);
  g_assert_cmpuint (changes, ==, 3);
}

/* Saved and reopened, the intake is as it was, down to which values the lookup filled. */
static void
test_draft (void)
{
  g_autoptr(YcIntake) intake = new_intake ();
  g_autoptr(YcIntake) reopened = NULL;
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *date = NULL;
  guint pages = 0;

  yc_intake_set_applicant_type (intake, YC_APPLICANT_ENTERPRISE);
  yc_intake_set_title (intake, "企业开办一件事");
  yc_intake_set_value (intake, "company_name", "示范市云帆科技有限公司");
  yc_intake_autofill (intake, "legal_rep_name", "王芳");
  yc_intake_set_material (intake, "公司章程", YC_MATERIAL_PROVIDED, 12, NULL);
  yc_intake_set_material (intake, "住所使用证明", YC_MATERIAL_DEFERRED, 0, "2026-11-27");
  yc_intake_set_material (intake, "居民身份证", YC_MATERIAL_E_LICENCE, 0, NULL);

  draft = yc_intake_to_draft (intake);
  /* Through text, as the store keeps it. */
  text = yc_wire_to_string (draft);
  again = yc_wire_parse_object (text, strlen (text), 0, NULL);
  reopened = yc_intake_new_from_draft (again, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (yc_intake_get_id (reopened), ==, yc_intake_get_id (intake));
  g_assert_cmpstr (yc_intake_get_started_at (reopened), ==, yc_intake_get_started_at (intake));
  g_assert_cmpstr (yc_intake_get_package (reopened), ==, "YJS-001");
  g_assert_cmpstr (yc_intake_get_ticket (reopened), ==, "A023");
  g_assert_cmpstr (yc_intake_get_title (reopened), ==, "企业开办一件事");
  g_assert_cmpstrv (yc_intake_get_items (reopened), yc_intake_get_items (intake));
  g_assert_cmpint (yc_intake_get_applicant_type (reopened), ==, YC_APPLICANT_ENTERPRISE);
  g_assert_false (yc_intake_get_has_agent (reopened));
  g_assert_cmpstr (yc_intake_get_value (reopened, "company_name"), ==, "示范市云帆科技有限公司");
  g_assert_false (yc_intake_is_autofilled (reopened, "company_name"));
  g_assert_true (yc_intake_is_autofilled (reopened, "legal_rep_name"));
  g_assert_cmpint (yc_intake_get_material (reopened, "公司章程", &pages, NULL), ==, YC_MATERIAL_PROVIDED);
  g_assert_cmpuint (pages, ==, 12);
  g_assert_cmpint (yc_intake_get_material (reopened, "住所使用证明", NULL, &date), ==, YC_MATERIAL_DEFERRED);
  g_assert_cmpstr (date, ==, "2026-11-27");
  g_assert_cmpint (yc_intake_get_material (reopened, "居民身份证", NULL, NULL), ==, YC_MATERIAL_E_LICENCE);

  /* Written the same way twice. */
  {
    g_autoptr(JsonNode) second = yc_intake_to_draft (reopened);
    g_autofree char *second_text = yc_wire_to_string (second);
    g_assert_cmpstr (second_text, ==, text);
  }
}

static JsonArray *
parse_array (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

/* The one-time notice lists what the applicant lacks, what is required but was not
 * looked at and what was to follow later (容缺, but a notice accepts nothing): never an
 * e-licence (the centre fetches it), never a material received or committed (告知承诺),
 * each name once. */
static void
test_notice_list (void)
{
  g_autoptr(YcIntake) intake = new_intake ();
  g_autoptr(JsonArray) checklist = parse_array (
    "[{\"name\":\"公司章程\",\"source\":\"applicant\",\"required\":true},"
    " {\"name\":\"居民身份证\",\"source\":\"e_licence\",\"required\":true},"
    " {\"name\":\"营业执照\",\"source\":\"e_licence\",\"required\":true},"
    " {\"name\":\"住所使用证明\",\"source\":\"applicant\",\"required\":true},"
    " {\"name\":\"授权委托书\",\"source\":\"applicant\",\"required\":false},"
    " {\"name\":\"申请书\",\"source\":\"hall\",\"required\":true},"
    " {\"name\":\"公司章程\",\"source\":\"applicant\",\"required\":true}]");
  g_autoptr(GPtrArray) materials = yc_test_materials_of (checklist);
  g_autoptr(GPtrArray) missing = NULL;

  yc_intake_set_material (intake, "住所使用证明", YC_MATERIAL_PROVIDED, 2, NULL);
  yc_intake_set_material (intake, "授权委托书", YC_MATERIAL_MISSING, 0, NULL);
  /* Marked missing, an e-licence is still the centre's to fetch. */
  yc_intake_set_material (intake, "营业执照", YC_MATERIAL_MISSING, 0, NULL);
  missing = yc_intake_list_missing (intake, materials);

  g_assert_cmpuint (missing->len, ==, 3);
  g_assert_cmpstr (((YcMaterial *) g_ptr_array_index (missing, 0))->name, ==, "公司章程");
  g_assert_cmpstr (((YcMaterial *) g_ptr_array_index (missing, 1))->name, ==, "授权委托书");
  g_assert_cmpstr (((YcMaterial *) g_ptr_array_index (missing, 2))->name, ==, "申请书");
  /* New references to the checklist's own entries. */
  g_assert_true (g_ptr_array_index (missing, 0) == g_ptr_array_index (materials, 0));
  g_assert_false (yc_intake_material_on_notice (intake, g_ptr_array_index (materials, 1)));
  g_assert_false (yc_intake_material_on_notice (intake, g_ptr_array_index (materials, 3)));

  /* Marked to follow later: nothing is accepted, so the applicant still brings it. */
  yc_intake_set_material (intake, "公司章程", YC_MATERIAL_PROVIDED, 8, NULL);
  yc_intake_set_material (intake, "授权委托书", YC_MATERIAL_UNSET, 0, NULL);
  yc_intake_set_material (intake, "申请书", YC_MATERIAL_DEFERRED, 0, "2026-12-07");
  g_clear_pointer (&missing, g_ptr_array_unref);
  missing = yc_intake_list_missing (intake, materials);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpstr (((YcMaterial *) g_ptr_array_index (missing, 0))->name, ==, "申请书");

  /* Everything there, or covered by a commitment: nothing to tell. */
  yc_intake_set_material (intake, "申请书", YC_MATERIAL_COMMITTED, 0, NULL);
  g_clear_pointer (&missing, g_ptr_array_unref);
  missing = yc_intake_list_missing (intake, materials);
  g_assert_cmpuint (missing->len, ==, 0);
}

/* An enterprise's name is asked once: as the applicant's, and the form's 企业名称
 * (company_name) follows it; the papers are made out to it. */
static void
test_enterprise_name (void)
{
  g_autoptr(YcIntake) intake = new_intake ();

  yc_intake_set_value (intake, "applicant.name", "李建国");
  yc_intake_set_value (intake, "company_name", "示范市云帆科技有限公司");
  /* A person applies: their name and the company's are two answers. */
  g_assert_null (yc_intake_get_field_source (intake, "company_name"));
  g_assert_cmpstr (yc_intake_get_applicant (intake), ==, "李建国");

  /* The enterprise's name typed in the form is the applicant's name now. */
  yc_intake_set_applicant_type (intake, YC_APPLICANT_ENTERPRISE);
  g_assert_cmpstr (yc_intake_get_field_source (intake, "company_name"), ==, "applicant.name");
  g_assert_null (yc_intake_get_field_source (intake, "legal_rep_name"));
  g_assert_cmpstr (yc_intake_get_applicant (intake), ==, "示范市云帆科技有限公司");
  g_assert_cmpstr (yc_intake_get_value (intake, "applicant.name"), ==, "示范市云帆科技有限公司");

  yc_intake_set_value (intake, "applicant.name", "示范市远航贸易有限公司");
  g_assert_cmpstr (yc_intake_get_value (intake, "company_name"), ==, "示范市远航贸易有限公司");
  yc_intake_autofill (intake, "applicant.name", "示范市远航贸易有限公司");
  g_assert_false (yc_intake_is_autofilled (intake, "company_name"));
  yc_intake_set_value (intake, "applicant.name", NULL);
  g_assert_null (yc_intake_get_value (intake, "company_name"));
  g_assert_null (yc_intake_get_applicant (intake));
}

/* Trial 16, 3: the applicant's phone is asked once; the form's 联系电话 (contact_phone,
 * applicant_phone) is that answer, for a person and an enterprise alike. */
static void
test_phone_once (void)
{
  g_autoptr(YcIntake) intake = new_intake ();
  const char *keys[] = { "contact_phone", "applicant_phone" };

  yc_intake_set_value (intake, "applicant.phone", "13812345678");
  for (guint type = YC_APPLICANT_PERSON; type <= YC_APPLICANT_ENTERPRISE; type++)
    {
      yc_intake_set_applicant_type (intake, type);
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        {
          g_assert_cmpstr (yc_intake_get_field_source (intake, keys[i]), ==, "applicant.phone");
          g_assert_cmpstr (yc_intake_get_value (intake, keys[i]), ==, "13812345678");
        }
    }
  yc_intake_set_value (intake, "applicant.phone", "13900001111");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_cmpstr (yc_intake_get_value (intake, keys[i]), ==, "13900001111");
  g_assert_null (yc_intake_get_field_source (intake, "legal_rep_name"));
}

/* A 容缺 material is brought on a working day after the day of acceptance, by the case's
 * due date: 2026-12-04 is a Friday, 12-05 and 12-06 the weekend. */
static void
test_supplement_day (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(YcWorkCalendar) calendar = yc_work_calendar_new (none);
  GDate today, due, day;

  g_date_clear (&today, 1);
  g_date_clear (&due, 1);
  g_date_clear (&day, 1);
  g_date_set_dmy (&today, 4, G_DATE_DECEMBER, 2026);
  g_date_set_dmy (&due, 11, G_DATE_DECEMBER, 2026);
  g_date_set_dmy (&day, 4, G_DATE_DECEMBER, 2026);
  g_assert_cmpint (yc_intake_check_supplement_day (calendar, &today, &due, &day), ==, YC_SUPPLEMENT_DAY_NOT_AFTER_TODAY);
  g_date_set_dmy (&day, 3, G_DATE_DECEMBER, 2026);
  g_assert_cmpint (yc_intake_check_supplement_day (calendar, &today, &due, &day), ==, YC_SUPPLEMENT_DAY_NOT_AFTER_TODAY);
  g_date_set_dmy (&day, 6, G_DATE_DECEMBER, 2026);
  g_assert_cmpint (yc_intake_check_supplement_day (calendar, &today, &due, &day), ==, YC_SUPPLEMENT_DAY_OFF);
  g_date_set_dmy (&day, 7, G_DATE_DECEMBER, 2026);
  g_assert_cmpint (yc_intake_check_supplement_day (calendar, &today, &due, &day), ==, YC_SUPPLEMENT_DAY_OK);
  g_date_set_dmy (&day, 11, G_DATE_DECEMBER, 2026);
  g_assert_cmpint (yc_intake_check_supplement_day (calendar, &today, &due, &day), ==, YC_SUPPLEMENT_DAY_OK);
  g_date_set_dmy (&day, 14, G_DATE_DECEMBER, 2026);
  g_assert_cmpint (yc_intake_check_supplement_day (calendar, &today, &due, &day), ==, YC_SUPPLEMENT_DAY_AFTER_DUE);
}

/* 免填写: a lookup's answer fills what the form asks and nobody entered; nothing when it
 * found nobody. */
static void
test_fill_from_lookup (void)
{
  g_autoptr(YcIntake) intake = new_intake ();
  const char *keys[] = { "applicant.name", "applicant.phone", "legal_rep_name", NULL };
  const char *text = "{\"found\":true,\"applicant\":{\"name\":\"李建国\",\"phone\":\"13900000000\","
                     "\"address\":\"示范市\"},\"fields\":{\"legal_rep_name\":\"李建国\",\"seal_set\":\"x\","
                     "\"bad\":3}}";
  g_autoptr(JsonNode) answer = yc_wire_parse_object (text, strlen (text), 0, NULL);
  g_autoptr(JsonNode) nobody = yc_wire_parse_object ("{\"found\":false}", 15, 0, NULL);

  yc_intake_set_value (intake, "applicant.phone", "13800000000");
  g_assert_cmpuint (yc_intake_fill_from_lookup (intake, nobody, keys), ==, 0);
  g_assert_cmpuint (yc_intake_fill_from_lookup (intake, answer, keys), ==, 2);
  g_assert_cmpstr (yc_intake_get_value (intake, "applicant.name"), ==, "李建国");
  g_assert_true (yc_intake_is_autofilled (intake, "legal_rep_name"));
  /* Typed by the clerk: kept; not asked by the form: left out. */
  g_assert_cmpstr (yc_intake_get_value (intake, "applicant.phone"), ==, "13800000000");
  g_assert_null (yc_intake_get_value (intake, "applicant.address"));
  g_assert_null (yc_intake_get_value (intake, "seal_set"));
}

/* Issue 16, 2: a person's look-up (by ID number) fills where they live, never the
 * form's 住所（经营场所） or another place that is not their home, even when the
 * registry's answer has it; an enterprise's look-up fills its own 住所. */
static void
test_lookup_no_home_as_premises (void)
{
  g_autoptr(YcIntake) intake = new_intake ();
  g_autoptr(YcIntake) company = new_intake ();
  const char *keys[] = { "applicant.name", "applicant.address", "address", "home_address", "shop_address", NULL };
  const char *person = "{\"found\":true,\"applicant\":{\"type\":\"person\",\"name\":\"王芳\","
                       "\"address\":\"平原路 66 号\"},\"fields\":{\"address\":\"平原路 66 号\","
                       "\"home_address\":\"平原路 66 号\",\"shop_address\":\"平原路 66 号\"}}";
  const char *enterprise = "{\"found\":true,\"applicant\":{\"type\":\"enterprise\",\"name\":\"云帆\"},"
                           "\"fields\":{\"address\":\"人民路 88 号\"}}";
  g_autoptr(JsonNode) answer = yc_wire_parse_object (person, strlen (person), 0, NULL);
  g_autoptr(JsonNode) answer2 = yc_wire_parse_object (enterprise, strlen (enterprise), 0, NULL);

  g_assert_cmpuint (yc_intake_fill_from_lookup (intake, answer, keys), ==, 3);
  g_assert_cmpstr (yc_intake_get_value (intake, "applicant.address"), ==, "平原路 66 号");
  g_assert_cmpstr (yc_intake_get_value (intake, "home_address"), ==, "平原路 66 号");
  g_assert_null (yc_intake_get_value (intake, "address"));
  g_assert_null (yc_intake_get_value (intake, "shop_address"));

  yc_intake_set_applicant_type (company, YC_APPLICANT_ENTERPRISE);
  g_assert_cmpuint (yc_intake_fill_from_lookup (company, answer2, keys), ==, 2);
  g_assert_cmpstr (yc_intake_get_value (company, "address"), ==, "人民路 88 号");
}

/* Issue 16, 2: a package's own 申请人姓名 / 户主姓名 and 申请人身份证号码 (applicant_name,
 * applicant_id) are the applicant's part's answers, asked once. */
static void
test_applicant_asked_once (void)
{
  g_autoptr(YcIntake) intake = new_intake ();

  yc_intake_set_value (intake, "applicant.name", "王芳");
  yc_intake_set_value (intake, "applicant.id_number", "410702198806120428");
  g_assert_cmpstr (yc_intake_get_field_source (intake, "applicant_name"), ==, "applicant.name");
  g_assert_cmpstr (yc_intake_get_field_source (intake, "applicant_id"), ==, "applicant.id_number");
  g_assert_cmpstr (yc_intake_get_value (intake, "applicant_name"), ==, "王芳");
  g_assert_cmpstr (yc_intake_get_value (intake, "applicant_id"), ==, "410702198806120428");
  /* Someone else's names and numbers stay their own. */
  g_assert_null (yc_intake_get_field_source (intake, "buyer_name"));
  g_assert_null (yc_intake_get_field_source (intake, "legal_rep_id"));
  /* An enterprise's name is its 报装人（单位）名称; it has no ID number of its own. */
  yc_intake_set_applicant_type (intake, YC_APPLICANT_ENTERPRISE);
  g_assert_cmpstr (yc_intake_get_field_source (intake, "applicant_name"), ==, "applicant.name");
  g_assert_null (yc_intake_get_field_source (intake, "applicant_id"));
}

/* Issue 16, 2: a 法定代表人 whose ID number is the applicant's has the applicant's name;
 * another name is pointed out (the name to expect), not refused. */
static void
test_legal_rep_mismatch (void)
{
  g_autoptr(YcIntake) intake = new_intake ();

  yc_intake_set_value (intake, "applicant.name", "王芳");
  yc_intake_set_value (intake, "applicant.id_number", "410702198806120428");
  yc_intake_set_value (intake, "legal_rep_name", "王方");
  /* No ID number for the representative: another person may be one. */
  g_assert_null (yc_intake_get_legal_rep_mismatch (intake));
  yc_intake_set_value (intake, "legal_rep_id", "410702 19880612 0428");
  g_assert_cmpstr (yc_intake_get_legal_rep_mismatch (intake), ==, "王芳");
  yc_intake_set_value (intake, "legal_rep_name", "王 芳");
  g_assert_null (yc_intake_get_legal_rep_mismatch (intake));
  yc_intake_set_value (intake, "legal_rep_name", "李建国");
  yc_intake_set_value (intake, "legal_rep_id", "410703197503081013");
  g_assert_null (yc_intake_get_legal_rep_mismatch (intake));

  /* An enterprise: the representative its record names. */
  yc_intake_set_applicant_type (intake, YC_APPLICANT_ENTERPRISE);
  yc_intake_set_value (intake, "applicant.legal_rep", "赵雪梅");
  g_assert_cmpstr (yc_intake_get_legal_rep_mismatch (intake), ==, "赵雪梅");
}

static void
test_damaged_draft (void)
{
  static const char *cases[] = {
    "{}",
    "{\"version\":2,\"id\":\"x\",\"started_at\":\"t\",\"items\":[\"I\"]}",
    "{\"version\":\"1\",\"id\":\"x\",\"started_at\":\"t\",\"items\":[\"I\"]}",
    "{\"version\":1,\"started_at\":\"t\",\"items\":[\"I\"]}",
    "{\"version\":1,\"id\":\"x\",\"started_at\":\"t\",\"items\":[]}",
    "{\"version\":1,\"id\":\"x\",\"started_at\":\"t\",\"items\":[1]}",
    "{\"version\":1,\"id\":\"x\",\"started_at\":\"t\",\"items\":{}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = yc_wire_parse_object (cases[i], strlen (cases[i]), 0, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(YcIntake) intake = yc_intake_new_from_draft (node, &error);

      if (intake != NULL)
        g_error ("case %u was accepted", i);
      g_assert_error (error, YC_ERROR, YC_ERROR_STORAGE);
    }

  /* Members of the wrong type inside are left out, the rest reopens. */
  {
    const char *text = "{\"version\":1,\"id\":\"x\",\"started_at\":\"t\",\"items\":[\"I\"],\"values\":{\"a\":1,\"b\":\"B\"},"
                       "\"autofilled\":[\"a\",\"b\",3],\"materials\":{\"m\":{\"status\":\"lost\"},\"n\":7,"
                       "\"p\":{\"status\":\"missing\",\"pages\":\"x\"}}}";
    g_autoptr(JsonNode) node = yc_wire_parse_object (text, strlen (text), 0, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(YcIntake) intake = yc_intake_new_from_draft (node, &error);

    g_assert_no_error (error);
    g_assert_null (yc_intake_get_value (intake, "a"));
    g_assert_cmpstr (yc_intake_get_value (intake, "b"), ==, "B");
    g_assert_cmpuint (yc_intake_count_autofilled (intake), ==, 1);
    g_assert_cmpint (yc_intake_get_material (intake, "m", NULL, NULL), ==, YC_MATERIAL_UNSET);
    g_assert_cmpint (yc_intake_get_material (intake, "p", NULL, NULL), ==, YC_MATERIAL_MISSING);
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/intake/values", test_values);
  g_test_add_func ("/intake/materials", test_materials);
  g_test_add_func ("/intake/draft", test_draft);
  g_test_add_func ("/intake/damaged-draft", test_damaged_draft);
  g_test_add_func ("/intake/notice-list", test_notice_list);
  g_test_add_func ("/intake/enterprise-name", test_enterprise_name);
  g_test_add_func ("/intake/phone-once", test_phone_once);
  g_test_add_func ("/intake/supplement-day", test_supplement_day);
  g_test_add_func ("/intake/fill-from-lookup", test_fill_from_lookup);
  g_test_add_func ("/intake/lookup-no-home-as-premises", test_lookup_no_home_as_premises);
  g_test_add_func ("/intake/applicant-asked-once", test_applicant_asked_once);
  g_test_add_func ("/intake/legal-rep-mismatch", test_legal_rep_mismatch);

  return g_test_run ();
}
