/* test-guide.c: catalogue bodies decoded into typed values (app/core/yc-catalogue-values),
 * the materials of several items merged into one checklist, the fields of a package and
 * its items merged into one form and grouped, and the words for a material's form
 * (app/core/yc-guide). */
#include <locale.h>
#include <string.h>

#include "core/yc-guide.h"
#include "test-json-util.h"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static YcItem *
item_of (const char *json)
{
  g_autoptr(JsonObject) body = parse_object (json);
  return yc_item_new_from_json (body);
}

static YcPackage *
package_of (const char *json)
{
  g_autoptr(JsonObject) body = parse_object (json);
  return yc_package_new_from_json (body);
}

static YcMaterial *
material_of (const char *json)
{
  g_autoptr(JsonObject) body = parse_object (json);
  return yc_material_new_from_json (body);
}

#define ITEM_A \
  "{\"code\":\"A-1\",\"name\":\"企业设立登记\",\"guide\":{\"materials\":[" \
  " {\"name\":\"居民身份证\",\"source\":\"e_licence\",\"form\":\"original\",\"count\":1," \
  "  \"required\":true,\"deferrable\":false,\"template\":null,\"sample\":null,\"note\":\"法定代表人\"}," \
  " {\"name\":\"住所使用证明\",\"source\":\"applicant\",\"form\":\"copy\",\"count\":1," \
  "  \"required\":true,\"deferrable\":true,\"template\":null,\"sample\":null,\"note\":null}," \
  " {\"name\":\"授权委托书\",\"source\":\"applicant\",\"form\":\"original\",\"count\":1," \
  "  \"required\":false,\"deferrable\":false,\"template\":\"授权委托书.docx\",\"sample\":null,\"note\":null}" \
  "]}}"

#define ITEM_B \
  "{\"code\":\"B-1\",\"name\":\"印章刻制备案\",\"guide\":{\"materials\":[" \
  " {\"name\":\"居民身份证\",\"source\":\"e_licence\",\"form\":\"copy\",\"count\":2," \
  "  \"required\":false,\"deferrable\":false,\"template\":null,\"sample\":null,\"note\":\"经办人\"}," \
  " {\"name\":\"住所使用证明\",\"source\":\"applicant\",\"form\":\"copy\",\"count\":1," \
  "  \"required\":false,\"deferrable\":false,\"template\":null,\"sample\":null,\"note\":null}," \
  " {\"name\":\"印模\",\"source\":\"hall\",\"form\":\"original\",\"count\":1," \
  "  \"required\":true,\"deferrable\":false,\"template\":null,\"sample\":\"印模样本.pdf\",\"note\":null}" \
  "]}}"

/* One ID card for two items is collected once: the strictest flags win, the items that
 * use it are named, the first item's order is kept. */
static void
test_merge (void)
{
  g_autoptr(YcItem) a = item_of (ITEM_A);
  g_autoptr(YcItem) b = item_of (ITEM_B);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GPtrArray) merged = NULL;
  YcMaterial *id_card;
  YcMaterial *address;
  YcMaterial *seal;
  g_autofree char *id_items = NULL;
  g_autofree char *id_codes = NULL;
  g_autofree char *seal_items = NULL;

  g_ptr_array_add (items, a);
  /* An item the catalogue lacks is skipped. */
  g_ptr_array_add (items, NULL);
  g_ptr_array_add (items, b);
  merged = yc_guide_merge_materials (items);

  g_assert_cmpuint (merged->len, ==, 4);
  g_assert_cmpstr (((YcMaterial *) g_ptr_array_index (merged, 0))->name, ==, "居民身份证");
  g_assert_cmpstr (((YcMaterial *) g_ptr_array_index (merged, 3))->name, ==, "印模");

  id_card = yc_test_find_material (merged, "居民身份证");
  g_assert_nonnull (id_card);
  g_assert_true (id_card->required);
  g_assert_cmpint (id_card->count, ==, 2);
  g_assert_cmpint (id_card->form, ==, YC_MATERIAL_FORM_ORIGINAL_AND_COPY);
  g_assert_cmpint (id_card->source, ==, YC_MATERIAL_SOURCE_E_LICENCE);
  g_assert_cmpstr (id_card->note, ==, "法定代表人；经办人");
  id_items = yc_test_join_strv (id_card->for_items);
  id_codes = yc_test_join_strv (id_card->for_codes);
  g_assert_cmpstr (id_items, ==, "企业设立登记|印章刻制备案");
  g_assert_cmpstr (id_codes, ==, "A-1|B-1");

  /* Deferrable only when every item asking for it allows it. */
  address = yc_test_find_material (merged, "住所使用证明");
  g_assert_false (address->deferrable);
  g_assert_true (address->required);
  g_assert_cmpint (address->form, ==, YC_MATERIAL_FORM_COPY);

  seal = yc_test_find_material (merged, "印模");
  seal_items = yc_test_join_strv (seal->for_items);
  g_assert_cmpstr (seal_items, ==, "印章刻制备案");
  g_assert_cmpstr (seal->sample, ==, "印模样本.pdf");
  g_assert_cmpint (seal->source, ==, YC_MATERIAL_SOURCE_HALL);

  /* The items' own materials are not touched. */
  g_assert_cmpint (((YcMaterial *) g_ptr_array_index (b->materials, 0))->form, ==, YC_MATERIAL_FORM_COPY);
  g_assert_false (((YcMaterial *) g_ptr_array_index (b->materials, 0))->required);
  g_assert_null (((YcMaterial *) g_ptr_array_index (a->materials, 0))->for_items);
  g_assert_cmpstr (((YcMaterial *) g_ptr_array_index (a->materials, 0))->note, ==, "法定代表人");
}

/* One item alone: every material once, deferrable kept, named for that item. */
static void
test_merge_single (void)
{
  g_autoptr(YcItem) a = item_of (ITEM_A);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GPtrArray) merged = NULL;
  g_autofree char *for_items = NULL;

  g_ptr_array_add (items, a);
  merged = yc_guide_merge_materials (items);
  g_assert_cmpuint (merged->len, ==, 3);
  g_assert_true (yc_test_find_material (merged, "住所使用证明")->deferrable);
  g_assert_false (yc_test_find_material (merged, "授权委托书")->required);
  g_assert_cmpstr (yc_test_find_material (merged, "授权委托书")->template_, ==, "授权委托书.docx");
  for_items = yc_test_join_strv (yc_test_find_material (merged, "授权委托书")->for_items);
  g_assert_cmpstr (for_items, ==, "企业设立登记");
}

/* Bodies off the contract read as absent, never as a crash. */
static void
test_merge_malformed (void)
{
  g_autoptr(YcItem) no_guide = item_of ("{\"code\":\"X\",\"name\":\"无指南\"}");
  g_autoptr(YcItem) bad = item_of ("{\"code\":\"Y\",\"name\":7,\"guide\":{\"materials\":"
                                   "[1, \"x\", {\"count\":3}, {\"name\":\"表\",\"count\":\"two\","
                                   "\"required\":\"yes\"}]}}");
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GPtrArray) merged = NULL;
  g_autofree char *described = NULL;
  YcMaterial *form;

  g_ptr_array_add (items, no_guide);
  g_ptr_array_add (items, bad);
  merged = yc_guide_merge_materials (items);
  g_assert_cmpuint (merged->len, ==, 1);
  form = g_ptr_array_index (merged, 0);
  g_assert_false (form->required);
  /* No count given: one set. */
  g_assert_cmpint (form->count, ==, 0);
  described = yc_material_describe_form (form, NULL);
  g_assert_cmpstr (described, ==, "Original, 1 set");
  g_assert_nonnull (form->for_items);
  g_assert_cmpuint (g_strv_length (form->for_items), ==, 0);
  g_assert_cmpstr (form->for_codes[0], ==, "Y");
}

static void
test_describe (void)
{
  static const struct { const char *json; const char *expected; } cases[] = {
    { "{\"form\":\"original\",\"count\":1}", "Original, 1 set" },
    { "{\"form\":\"copy\",\"count\":2}", "Photocopy, 2 sets" },
    { "{\"form\":\"original_and_copy\",\"count\":1}", "Original and photocopy, 1 set each" },
    { "{\"form\":\"original\",\"count\":0}", "Original, 1 set" },
    { "{}", "Original, 1 set" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) body = parse_object (cases[i].json);
      g_autoptr(YcMaterial) material = yc_material_new_from_json (body);
      g_autofree char *text = yc_material_describe_form (material, NULL);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  {
    g_autoptr(YcMaterial) e = material_of ("{\"source\":\"e_licence\"}");
    g_autoptr(YcMaterial) h = material_of ("{\"source\":\"hall\"}");
    g_autoptr(YcMaterial) p = material_of ("{\"source\":\"applicant\"}");
    g_autoptr(YcMaterial) none = material_of ("{}");
    g_autoptr(GPtrArray) merged = NULL;
    g_autoptr(YcItem) a = item_of (ITEM_A);
    g_autoptr(YcItem) b = item_of (ITEM_B);
    g_autoptr(GPtrArray) items = g_ptr_array_new ();
    g_autofree char *for_both = NULL;

    g_assert_cmpstr (yc_material_describe_source (e, NULL), ==, "E-licence, no paper needed");
    g_assert_cmpstr (yc_material_describe_source (h, NULL), ==, "Provided at the window");
    g_assert_cmpstr (yc_material_describe_source (p, NULL), ==, "Brought by the applicant");
    g_assert_cmpstr (yc_material_describe_source (none, NULL), ==, "Brought by the applicant");

    /* The items a merged material is for; one item's own names none. */
    g_assert_null (yc_material_describe_items (p));
    g_ptr_array_add (items, a);
    g_ptr_array_add (items, b);
    merged = yc_guide_merge_materials (items);
    for_both = yc_material_describe_items (yc_test_find_material (merged, "居民身份证"));
    g_assert_cmpstr (for_both, ==, "For: 企业设立登记, 印章刻制备案");
  }
}

/* Two packages sharing an item: the form asks each field once, only those serving the
 * items taken, required when either package requires it. */
static void
test_merge_fields (void)
{
  g_autoptr(YcPackage) birth = package_of (
    "{\"code\":\"P1\",\"name\":\"出生一件事\",\"items\":[\"I1\",\"I2\",\"I3\"],\"fields\":["
    "{\"key\":\"mother_name\",\"label\":\"母亲姓名\",\"type\":\"text\",\"required\":true,\"items\":[\"I1\",\"I2\"]},"
    "{\"key\":\"mother_id\",\"label\":\"母亲身份证号码\",\"type\":\"id_number\",\"required\":false,\"items\":[\"I1\"]},"
    "{\"key\":\"hospital\",\"label\":\"出生医院\",\"type\":\"text\",\"required\":true,\"items\":[\"I3\"]},"
    "{\"key\":\"contact_phone\",\"label\":\"联系电话\",\"type\":\"phone\",\"required\":false},"
    "{\"label\":\"没有键\"},"
    "{\"key\":\"odd\",\"label\":\"怪\",\"items\":[{},1,\"I9\"]}]}");
  g_autoptr(YcPackage) other = package_of (
    "{\"code\":\"P2\",\"name\":\"另一件事\",\"items\":[\"I2\"],\"fields\":["
    "{\"key\":\"contact_phone\",\"label\":\"联系电话\",\"type\":\"phone\",\"required\":true,\"items\":[\"I2\"]},"
    "{\"key\":\"mother_id\",\"label\":\"母亲身份证号码\",\"type\":\"id_number\",\"required\":true,\"items\":[\"I2\"]}]}");
  g_autoptr(GPtrArray) packages = g_ptr_array_new ();
  const char *codes[] = { "I1", "I2", NULL };
  g_autoptr(GPtrArray) fields = NULL;
  g_autofree char *items = NULL;
  YcField *field;

  g_ptr_array_add (packages, birth);
  g_ptr_array_add (packages, other);
  fields = yc_guide_merge_fields (packages, NULL, codes);

  /* hospital serves I3 only, which is not taken; the malformed ones are left out. */
  g_assert_cmpuint (fields->len, ==, 3);
  field = g_ptr_array_index (fields, 0);
  g_assert_cmpstr (field->key, ==, "mother_name");
  g_assert_true (field->required);

  field = g_ptr_array_index (fields, 1);
  g_assert_cmpstr (field->key, ==, "mother_id");
  g_assert_cmpstr (field->type, ==, "id_number");
  g_assert_true (field->required);
  items = yc_test_join_strv (field->items);
  g_assert_cmpstr (items, ==, "I1|I2");

  /* No "items": it serves every item taken. */
  field = g_ptr_array_index (fields, 2);
  g_assert_cmpstr (field->key, ==, "contact_phone");
  g_assert_true (field->required);
  g_assert_cmpuint (g_strv_length (field->items), ==, 2);

  /* The packages are left as they were. */
  g_assert_false (((YcField *) g_ptr_array_index (birth->fields, 1))->required);
  g_assert_null (((YcField *) g_ptr_array_index (birth->fields, 3))->items);
}

/* An item's own fields serve that item alone, and join the package's by key. */
static void
test_merge_item_fields (void)
{
  g_autoptr(YcPackage) package = package_of (
    "{\"code\":\"P1\",\"name\":\"出生一件事\",\"items\":[\"I1\",\"I2\"],\"fields\":["
    "{\"key\":\"mother_name\",\"label\":\"母亲姓名\",\"type\":\"text\",\"required\":true}]}");
  g_autoptr(YcItem) first = item_of (
    "{\"code\":\"I1\",\"name\":\"出生医学证明\",\"fields\":["
    "{\"key\":\"hospital\",\"label\":\"出生医院\",\"type\":\"text\",\"required\":true},"
    "{\"key\":\"mother_name\",\"label\":\"母亲姓名\",\"type\":\"text\",\"required\":false}]}");
  g_autoptr(YcItem) second = item_of (
    "{\"code\":\"I2\",\"name\":\"出生登记\",\"fields\":["
    "{\"key\":\"residence\",\"label\":\"落户地址\",\"type\":\"address\",\"required\":true}]}");
  g_autoptr(GPtrArray) packages = g_ptr_array_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  const char *both[] = { "I1", "I2", NULL };
  const char *alone[] = { "I2", NULL };
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) single = NULL;
  YcField *field;

  g_ptr_array_add (packages, package);
  g_ptr_array_add (items, first);
  g_ptr_array_add (items, NULL);
  g_ptr_array_add (items, second);
  fields = yc_guide_merge_fields (packages, items, both);
  g_assert_cmpuint (fields->len, ==, 3);
  field = g_ptr_array_index (fields, 0);
  g_assert_cmpstr (field->key, ==, "mother_name");
  g_assert_cmpuint (g_strv_length (field->items), ==, 2);
  /* The package's field came first: it stays required. */
  g_assert_true (field->required);
  field = g_ptr_array_index (fields, 1);
  g_assert_cmpstr (field->key, ==, "hospital");
  g_assert_cmpuint (g_strv_length (field->items), ==, 1);
  g_assert_cmpstr (field->items[0], ==, "I1");
  field = g_ptr_array_index (fields, 2);
  g_assert_cmpstr (field->key, ==, "residence");
  g_assert_cmpstr (field->items[0], ==, "I2");

  /* One item taken alone: its own fields, not its neighbour's. */
  single = yc_guide_merge_fields (NULL, items, alone);
  g_assert_cmpuint (single->len, ==, 1);
  g_assert_cmpstr (((YcField *) g_ptr_array_index (single, 0))->key, ==, "residence");
}

static void
test_group_fields (void)
{
  g_autoptr(YcPackage) package = package_of (
    "{\"fields\":["
    "{\"key\":\"baby_name\",\"label\":\"新生儿姓名\"},"
    "{\"key\":\"contact_phone\",\"label\":\"联系电话\"},"
    "{\"key\":\"mother_name\",\"label\":\"母亲姓名\"},"
    "{\"key\":\"baby_gender\",\"label\":\"新生儿性别\"},"
    "{\"key\":\"mother_id\",\"label\":\"母亲身份证号码\"},"
    "{\"key\":\"legal_rep_name\",\"label\":\"法定代表人姓名\"},"
    "{\"key\":\"legal_rep_id\",\"label\":\"法定代表人身份证号码\"},"
    "{\"key\":\"x_a\",\"label\":\"甲\"},"
    "{\"key\":\"x_b\",\"label\":\"乙\"},"
    "{\"key\":\"address\",\"label\":\"住址\"}]}");
  g_autoptr(GPtrArray) groups = yc_guide_group_fields (package->fields);
  YcFieldGroup *group;

  g_assert_cmpuint (groups->len, ==, 5);
  group = g_ptr_array_index (groups, 0);
  g_assert_cmpstr (group->title, ==, "新生儿");
  g_assert_cmpuint (group->fields->len, ==, 2);
  g_assert_cmpstr (((YcField *) g_ptr_array_index (group->fields, 1))->key, ==, "baby_gender");

  /* A lone prefix (contact_) makes no group: the rest go together, untitled. */
  group = g_ptr_array_index (groups, 1);
  g_assert_null (group->title);
  g_assert_cmpuint (group->fields->len, ==, 2);
  g_assert_cmpstr (((YcField *) g_ptr_array_index (group->fields, 0))->key, ==, "contact_phone");
  g_assert_cmpstr (((YcField *) g_ptr_array_index (group->fields, 1))->key, ==, "address");

  group = g_ptr_array_index (groups, 2);
  g_assert_cmpstr (group->title, ==, "母亲");
  group = g_ptr_array_index (groups, 3);
  g_assert_cmpstr (group->title, ==, "法定代表人");
  /* Labels with nothing in common: a group without a title. */
  group = g_ptr_array_index (groups, 4);
  g_assert_null (group->title);
  g_assert_cmpuint (group->fields->len, ==, 2);

  g_clear_pointer (&groups, g_ptr_array_unref);
  groups = yc_guide_group_fields (NULL);
  g_assert_cmpuint (groups->len, ==, 0);
}

/* ---- Decoding ---- */

/* An empty body, or none: every field absent, every list empty but there. */
static void
test_decode_absent (void)
{
  g_autoptr(YcItem) item = item_of ("{}");
  g_autoptr(YcItem) no_body = yc_item_new_from_json (NULL);
  g_autoptr(YcPackage) package = package_of ("{}");
  g_autoptr(YcDepartment) department = yc_department_new_from_json (NULL);
  g_autoptr(YcMaterial) material = material_of ("{}");
  g_autoptr(YcField) field = yc_field_new_from_json (NULL);
  YcItem *items[] = { item, no_body };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_assert_null (items[i]->code);
      g_assert_null (items[i]->name);
      g_assert_null (items[i]->department);
      g_assert_cmpint (items[i]->legal_days, ==, -1);
      g_assert_cmpint (items[i]->promised_days, ==, -1);
      g_assert_cmpint (items[i]->visits, ==, -1);
      g_assert_false (items[i]->commitment);
      g_assert_cmpuint (g_strv_length (items[i]->keywords), ==, 0);
      g_assert_cmpuint (items[i]->fields->len, ==, 0);
      g_assert_cmpuint (g_strv_length (items[i]->conditions), ==, 0);
      g_assert_cmpuint (items[i]->materials->len, ==, 0);
      g_assert_cmpuint (g_strv_length (items[i]->process), ==, 0);
      g_assert_cmpuint (g_strv_length (items[i]->legal_basis), ==, 0);
      g_assert_cmpuint (items[i]->faq->len, ==, 0);
      g_assert_null (items[i]->place);
      g_assert_null (items[i]->complaint_phone);
    }

  g_assert_null (package->code);
  g_assert_cmpuint (g_strv_length (package->items), ==, 0);
  g_assert_cmpint (package->promised_days, ==, -1);
  g_assert_cmpuint (package->fields->len, ==, 0);
  g_assert_null (department->name);
  g_assert_null (department->phone);

  g_assert_null (material->name);
  g_assert_cmpint (material->source, ==, YC_MATERIAL_SOURCE_APPLICANT);
  g_assert_cmpint (material->form, ==, YC_MATERIAL_FORM_UNSET);
  g_assert_cmpint (material->count, ==, 0);
  g_assert_false (material->required);
  g_assert_false (material->deferrable);
  g_assert_null (material->for_items);

  g_assert_null (field->key);
  g_assert_false (field->required);
  g_assert_false (field->reusable);
  /* Absent items: the field serves every item of its source. */
  g_assert_null (field->items);
  g_assert_null (field->choices);
}

/* Members of the wrong type read as absent; elements of the wrong type are skipped. */
static void
test_decode_mistyped (void)
{
  g_autoptr(YcItem) item = item_of (
    "{\"code\":1,\"name\":[\"企业设立登记\"],\"department\":null,\"legal_days\":\"15\","
    "\"promised_days\":1.5,\"visits\":true,\"commitment\":\"yes\",\"keywords\":[\"开公司\",2,null,\"营业执照\"],"
    "\"fee\":{},\"fields\":[{\"key\":\"a\",\"required\":1,\"items\":\"I1\",\"choices\":[\"甲\",3]},7],"
    "\"guide\":{\"conditions\":\"one\",\"process\":[\"申请\",{},\"受理\"],\"legal_basis\":null,"
    "\"materials\":{\"name\":\"表\"},\"faq\":[{\"q\":\"问\",\"a\":5},\"x\"],\"place\":3,\"phone\":\"0300\"}}");
  g_autoptr(YcPackage) package = package_of (
    "{\"code\":\"P\",\"items\":[\"I1\",false,\"I2\"],\"promised_days\":\"1\",\"fields\":{}}");
  g_autoptr(YcMaterial) material = material_of (
    "{\"name\":\"表\",\"source\":\"post\",\"form\":\"scan\",\"count\":-2,\"required\":\"true\",\"template\":7}");
  g_autoptr(YcItem) not_a_guide = item_of ("{\"guide\":[1,2]}");
  YcField *field;
  YcFaq *faq;

  g_assert_null (item->code);
  g_assert_null (item->name);
  g_assert_null (item->department);
  g_assert_null (item->fee);
  g_assert_cmpint (item->legal_days, ==, -1);
  g_assert_cmpint (item->promised_days, ==, -1);
  g_assert_cmpint (item->visits, ==, -1);
  g_assert_false (item->commitment);
  g_assert_cmpuint (g_strv_length (item->keywords), ==, 2);
  g_assert_cmpstr (item->keywords[1], ==, "营业执照");

  g_assert_cmpuint (item->fields->len, ==, 1);
  field = g_ptr_array_index (item->fields, 0);
  g_assert_cmpstr (field->key, ==, "a");
  g_assert_false (field->required);
  g_assert_null (field->items);
  g_assert_cmpuint (g_strv_length (field->choices), ==, 1);

  g_assert_cmpuint (g_strv_length (item->conditions), ==, 0);
  g_assert_cmpuint (g_strv_length (item->process), ==, 2);
  g_assert_cmpstr (item->process[1], ==, "受理");
  g_assert_cmpuint (g_strv_length (item->legal_basis), ==, 0);
  g_assert_cmpuint (item->materials->len, ==, 0);
  g_assert_cmpuint (item->faq->len, ==, 1);
  faq = &g_array_index (item->faq, YcFaq, 0);
  g_assert_cmpstr (faq->q, ==, "问");
  g_assert_null (faq->a);
  g_assert_null (item->place);
  g_assert_cmpstr (item->phone, ==, "0300");

  g_assert_cmpuint (not_a_guide->materials->len, ==, 0);

  g_assert_cmpuint (g_strv_length (package->items), ==, 2);
  g_assert_cmpstr (package->items[1], ==, "I2");
  g_assert_cmpint (package->promised_days, ==, -1);
  g_assert_cmpuint (package->fields->len, ==, 0);

  g_assert_cmpint (material->source, ==, YC_MATERIAL_SOURCE_APPLICANT);
  g_assert_cmpint (material->form, ==, YC_MATERIAL_FORM_UNSET);
  g_assert_null (yc_material_form_to_wire (material->form));
  g_assert_cmpint (material->count, ==, 0);
  g_assert_false (material->required);
  g_assert_null (material->template_);
}

static JsonObject *
demo_entry (JsonObject *catalogue,
            const char *kind,
            guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (catalogue, kind), index);
}

/* The demo catalogue's first item, package and department, read whole. */
static void
test_decode_demo (gconstpointer path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YcItem) item = NULL;
  g_autoptr(YcPackage) package = NULL;
  g_autoptr(YcDepartment) department = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GPtrArray) packages = g_ptr_array_new ();
  g_autoptr(GPtrArray) merged = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  JsonObject *catalogue;
  YcMaterial *material;
  YcField *field;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  catalogue = json_node_get_object (json_parser_get_root (parser));

  item = yc_item_new_from_json (demo_entry (catalogue, "items", 0));
  g_assert_cmpstr (item->code, ==, "990100-SCJG-XK-0001");
  g_assert_cmpstr (item->name, ==, "企业设立登记");
  g_assert_cmpstr (item->department, ==, "SCJG");
  g_assert_cmpstr (item->type, ==, "行政许可");
  g_assert_cmpint (item->legal_days, ==, 3);
  g_assert_cmpint (item->promised_days, ==, 1);
  g_assert_cmpstr (item->fee, ==, "不收费");
  g_assert_cmpint (item->visits, ==, 0);
  g_assert_cmpstr (item->online_depth, ==, "全程网办");
  g_assert_true (item->commitment);
  g_assert_cmpuint (g_strv_length (item->keywords), ==, 4);
  g_assert_cmpstr (item->keywords[0], ==, "营业执照");

  g_assert_cmpuint (item->fields->len, ==, 7);
  field = g_ptr_array_index (item->fields, 1);
  g_assert_cmpstr (field->key, ==, "company_type");
  g_assert_cmpstr (field->label, ==, "企业类型");
  g_assert_cmpstr (field->type, ==, "choice");
  g_assert_true (field->required);
  g_assert_false (field->reusable);
  g_assert_cmpuint (g_strv_length (field->choices), ==, 5);
  g_assert_true (((YcField *) g_ptr_array_index (item->fields, 2))->reusable);

  g_assert_cmpuint (g_strv_length (item->conditions), ==, 3);
  g_assert_cmpuint (g_strv_length (item->process), ==, 5);
  g_assert_cmpuint (g_strv_length (item->legal_basis), ==, 2);
  g_assert_cmpuint (item->faq->len, ==, 2);
  g_assert_nonnull (g_array_index (item->faq, YcFaq, 0).q);
  g_assert_nonnull (g_array_index (item->faq, YcFaq, 0).a);
  g_assert_cmpstr (item->phone, ==, "0300-12345601");
  g_assert_cmpstr (item->complaint_phone, ==, "12345");
  g_assert_nonnull (item->place);
  g_assert_nonnull (item->hours);

  g_assert_cmpuint (item->materials->len, ==, 5);
  material = g_ptr_array_index (item->materials, 1);
  g_assert_cmpstr (material->name, ==, "公司章程");
  g_assert_cmpint (material->source, ==, YC_MATERIAL_SOURCE_APPLICANT);
  g_assert_cmpint (material->form, ==, YC_MATERIAL_FORM_ORIGINAL);
  g_assert_cmpint (material->count, ==, 1);
  g_assert_true (material->required);
  g_assert_false (material->deferrable);
  g_assert_cmpstr (material->template_, ==, "有限责任公司章程（参考文本）.docx");
  g_assert_null (material->sample);
  g_assert_cmpstr (material->note, ==, "由全体股东签署；一人有限责任公司由股东签署");
  g_assert_cmpstr (yc_material_form_to_wire (material->form), ==, "original");
  g_assert_cmpstr (yc_material_source_to_wire (material->source), ==, "applicant");

  package = yc_package_new_from_json (demo_entry (catalogue, "packages", 0));
  g_assert_cmpstr (package->code, ==, "YJS-001");
  g_assert_cmpstr (package->name, ==, "企业开办一件事");
  g_assert_cmpstr (package->short_name, ==, "企业开办");
  g_assert_nonnull (package->description);
  g_assert_cmpuint (g_strv_length (package->items), ==, 6);
  g_assert_cmpstr (package->items[0], ==, "990100-SCJG-XK-0001");
  g_assert_cmpint (package->promised_days, ==, 1);
  g_assert_cmpuint (package->fields->len, ==, 11);
  field = g_ptr_array_index (package->fields, 1);
  g_assert_cmpstr (field->key, ==, "company_type");
  g_assert_cmpuint (g_strv_length (field->items), ==, 2);

  department = yc_department_new_from_json (demo_entry (catalogue, "departments", 0));
  g_assert_cmpstr (department->code, ==, "SCJG");
  g_assert_cmpstr (department->name, ==, "示范市市场监督管理局");
  g_assert_cmpstr (department->phone, ==, "0300-12345601");

  /* The package's form for its first item: each key once, the item's own joined in. */
  g_ptr_array_add (packages, package);
  g_ptr_array_add (items, item);
  fields = yc_guide_merge_fields (packages, items, (const char * const []) { "990100-SCJG-XK-0001", NULL });
  g_assert_cmpuint (fields->len, >, 0);
  for (guint i = 0; i < fields->len; i++)
    for (guint j = i + 1; j < fields->len; j++)
      g_assert_cmpstr (((YcField *) g_ptr_array_index (fields, i))->key, !=,
                       ((YcField *) g_ptr_array_index (fields, j))->key);
  merged = yc_guide_merge_materials (items);
  g_assert_cmpuint (merged->len, ==, 5);
  g_assert_cmpstr (((YcMaterial *) g_ptr_array_index (merged, 1))->for_codes[0], ==, "990100-SCJG-XK-0001");

  /* Values live on by themselves once their body is gone. */
  g_clear_object (&parser);
  g_assert_cmpstr (item->name, ==, "企业设立登记");
}

int
main (int   argc,
      char *argv[])
{
  /* The English source strings are what the cases compare. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/guide/decode-absent", test_decode_absent);
  g_test_add_func ("/guide/decode-mistyped", test_decode_mistyped);
  /* meson passes the demo catalogue's path. */
  if (argc > 1)
    g_test_add_data_func ("/guide/decode-demo", argv[1], test_decode_demo);
  g_test_add_func ("/guide/merge", test_merge);
  g_test_add_func ("/guide/merge-single", test_merge_single);
  g_test_add_func ("/guide/merge-malformed", test_merge_malformed);
  g_test_add_func ("/guide/describe", test_describe);
  g_test_add_func ("/guide/merge-fields", test_merge_fields);
  g_test_add_func ("/guide/merge-item-fields", test_merge_item_fields);
  g_test_add_func ("/guide/group-fields", test_group_fields);

  return g_test_run ();
}
