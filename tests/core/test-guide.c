/* test-guide.c: the materials of several items merged into one checklist, and the
 * words for a material's form (app/core/yc-guide). */
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
  g_autoptr(JsonObject) a = parse_object (ITEM_A);
  g_autoptr(JsonObject) b = parse_object (ITEM_B);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(JsonArray) merged = NULL;
  JsonObject *id_card;
  JsonObject *address;
  JsonObject *seal;
  g_autofree char *id_items = NULL;
  g_autofree char *id_codes = NULL;
  g_autofree char *seal_items = NULL;

  g_ptr_array_add (items, a);
  g_ptr_array_add (items, b);
  merged = yc_guide_merge_materials (items);

  g_assert_cmpuint (json_array_get_length (merged), ==, 4);
  g_assert_cmpstr (yc_guide_get_string (json_array_get_object_element (merged, 0), "name"), ==, "居民身份证");
  g_assert_cmpstr (yc_guide_get_string (json_array_get_object_element (merged, 3), "name"), ==, "印模");

  id_card = yc_test_find_named (merged, "居民身份证");
  g_assert_nonnull (id_card);
  g_assert_true (yc_guide_get_boolean (id_card, "required"));
  g_assert_cmpint (yc_guide_get_int (id_card, "count", 0), ==, 2);
  g_assert_cmpstr (yc_guide_get_string (id_card, "form"), ==, "original_and_copy");
  g_assert_cmpstr (yc_guide_get_string (id_card, "note"), ==, "法定代表人；经办人");
  id_items = yc_test_join_strings (yc_guide_get_array (id_card, "for_items"));
  id_codes = yc_test_join_strings (yc_guide_get_array (id_card, "for_codes"));
  g_assert_cmpstr (id_items, ==, "企业设立登记|印章刻制备案");
  g_assert_cmpstr (id_codes, ==, "A-1|B-1");

  /* Deferrable only when every item asking for it allows it. */
  address = yc_test_find_named (merged, "住所使用证明");
  g_assert_false (yc_guide_get_boolean (address, "deferrable"));
  g_assert_true (yc_guide_get_boolean (address, "required"));
  g_assert_cmpstr (yc_guide_get_string (address, "form"), ==, "copy");

  seal = yc_test_find_named (merged, "印模");
  seal_items = yc_test_join_strings (yc_guide_get_array (seal, "for_items"));
  g_assert_cmpstr (seal_items, ==, "印章刻制备案");
  g_assert_cmpstr (yc_guide_get_string (seal, "sample"), ==, "印模样本.pdf");

  /* The bodies themselves are not touched. */
  g_assert_cmpstr (yc_guide_get_string (json_array_get_object_element (
                     yc_guide_get_array (yc_guide_get_guide (b), "materials"), 0), "form"), ==, "copy");
  g_assert_null (yc_guide_get_array (json_array_get_object_element (
                   yc_guide_get_array (yc_guide_get_guide (a), "materials"), 0), "for_items"));
}

/* One item alone: every material once, deferrable kept, named for that item. */
static void
test_merge_single (void)
{
  g_autoptr(JsonObject) a = parse_object (ITEM_A);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(JsonArray) merged = NULL;
  g_autofree char *for_items = NULL;

  g_ptr_array_add (items, a);
  merged = yc_guide_merge_materials (items);
  g_assert_cmpuint (json_array_get_length (merged), ==, 3);
  g_assert_true (yc_guide_get_boolean (yc_test_find_named (merged, "住所使用证明"), "deferrable"));
  g_assert_false (yc_guide_get_boolean (yc_test_find_named (merged, "授权委托书"), "required"));
  for_items = yc_test_join_strings (yc_guide_get_array (yc_test_find_named (merged, "授权委托书"), "for_items"));
  g_assert_cmpstr (for_items, ==, "企业设立登记");
}

/* Bodies off the contract read as absent, never as a crash. */
static void
test_merge_malformed (void)
{
  g_autoptr(JsonObject) no_guide = parse_object ("{\"code\":\"X\",\"name\":\"无指南\"}");
  g_autoptr(JsonObject) bad = parse_object ("{\"code\":\"Y\",\"name\":7,\"guide\":{\"materials\":"
                                            "[1, \"x\", {\"count\":3}, {\"name\":\"表\",\"count\":\"two\","
                                            "\"required\":\"yes\"}]}}");
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(JsonArray) merged = NULL;
  JsonObject *form;

  g_ptr_array_add (items, no_guide);
  g_ptr_array_add (items, bad);
  merged = yc_guide_merge_materials (items);
  g_assert_cmpuint (json_array_get_length (merged), ==, 1);
  form = json_array_get_object_element (merged, 0);
  g_assert_false (yc_guide_get_boolean (form, "required"));
  g_assert_cmpint (yc_guide_get_int (form, "count", 1), ==, 1);
  g_assert_cmpuint (json_array_get_length (yc_guide_get_array (form, "for_items")), ==, 0);
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
      g_autoptr(JsonObject) material = parse_object (cases[i].json);
      g_autofree char *text = yc_material_describe_form (material);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  {
    g_autoptr(JsonObject) e = parse_object ("{\"source\":\"e_licence\"}");
    g_autoptr(JsonObject) h = parse_object ("{\"source\":\"hall\"}");
    g_autoptr(JsonObject) p = parse_object ("{\"source\":\"applicant\"}");

    g_assert_cmpstr (yc_material_describe_source (e), ==, "E-licence, no paper needed");
    g_assert_cmpstr (yc_material_describe_source (h), ==, "Provided at the window");
    g_assert_cmpstr (yc_material_describe_source (p), ==, "Brought by the applicant");
  }
}

/* Two packages sharing an item: the form asks each field once, only those serving the
 * items taken, required when either package requires it. */
static void
test_merge_fields (void)
{
  g_autoptr(JsonObject) birth = parse_object (
    "{\"code\":\"P1\",\"name\":\"出生一件事\",\"items\":[\"I1\",\"I2\",\"I3\"],\"fields\":["
    "{\"key\":\"mother_name\",\"label\":\"母亲姓名\",\"type\":\"text\",\"required\":true,\"items\":[\"I1\",\"I2\"]},"
    "{\"key\":\"mother_id\",\"label\":\"母亲身份证号码\",\"type\":\"id_number\",\"required\":false,\"items\":[\"I1\"]},"
    "{\"key\":\"hospital\",\"label\":\"出生医院\",\"type\":\"text\",\"required\":true,\"items\":[\"I3\"]},"
    "{\"key\":\"contact_phone\",\"label\":\"联系电话\",\"type\":\"phone\",\"required\":false},"
    "{\"label\":\"没有键\"},"
    "{\"key\":\"odd\",\"label\":\"怪\",\"items\":[{},1,\"I9\"]}]}");
  g_autoptr(JsonObject) other = parse_object (
    "{\"code\":\"P2\",\"name\":\"另一件事\",\"items\":[\"I2\"],\"fields\":["
    "{\"key\":\"contact_phone\",\"label\":\"联系电话\",\"type\":\"phone\",\"required\":true,\"items\":[\"I2\"]},"
    "{\"key\":\"mother_id\",\"label\":\"母亲身份证号码\",\"type\":\"id_number\",\"required\":true,\"items\":[\"I2\"]}]}");
  g_autoptr(GPtrArray) packages = g_ptr_array_new ();
  const char *codes[] = { "I1", "I2", NULL };
  g_autoptr(JsonArray) fields = NULL;
  JsonObject *field;
  JsonArray *items;

  g_ptr_array_add (packages, birth);
  g_ptr_array_add (packages, other);
  fields = yc_guide_merge_fields (packages, codes);

  /* hospital serves I3 only, which is not taken; the malformed ones are left out. */
  g_assert_cmpuint (json_array_get_length (fields), ==, 3);
  field = json_array_get_object_element (fields, 0);
  g_assert_cmpstr (yc_guide_get_string (field, "key"), ==, "mother_name");
  g_assert_true (yc_guide_get_boolean (field, "required"));

  field = json_array_get_object_element (fields, 1);
  g_assert_cmpstr (yc_guide_get_string (field, "key"), ==, "mother_id");
  g_assert_true (yc_guide_get_boolean (field, "required"));
  items = yc_guide_get_array (field, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (items, 0), ==, "I1");
  g_assert_cmpstr (json_array_get_string_element (items, 1), ==, "I2");

  /* No "items": it serves every item taken. */
  field = json_array_get_object_element (fields, 2);
  g_assert_cmpstr (yc_guide_get_string (field, "key"), ==, "contact_phone");
  g_assert_true (yc_guide_get_boolean (field, "required"));
  g_assert_cmpuint (json_array_get_length (yc_guide_get_array (field, "items")), ==, 2);

  /* The packages are left as they were. */
  g_assert_false (yc_guide_get_boolean (json_array_get_object_element (
                    yc_guide_get_array (birth, "fields"), 1), "required"));
}

/* An item's own fields serve that item alone, and join the package's by key. */
static void
test_merge_item_fields (void)
{
  g_autoptr(JsonObject) package = parse_object (
    "{\"code\":\"P1\",\"name\":\"出生一件事\",\"items\":[\"I1\",\"I2\"],\"fields\":["
    "{\"key\":\"mother_name\",\"label\":\"母亲姓名\",\"type\":\"text\",\"required\":true}]}");
  g_autoptr(JsonObject) first = parse_object (
    "{\"code\":\"I1\",\"name\":\"出生医学证明\",\"fields\":["
    "{\"key\":\"hospital\",\"label\":\"出生医院\",\"type\":\"text\",\"required\":true},"
    "{\"key\":\"mother_name\",\"label\":\"母亲姓名\",\"type\":\"text\",\"required\":false}]}");
  g_autoptr(JsonObject) second = parse_object (
    "{\"code\":\"I2\",\"name\":\"出生登记\",\"fields\":["
    "{\"key\":\"residence\",\"label\":\"落户地址\",\"type\":\"address\",\"required\":true}]}");
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  const char *both[] = { "I1", "I2", NULL };
  const char *alone[] = { "I2", NULL };
  g_autoptr(JsonArray) fields = NULL;
  g_autoptr(JsonArray) single = NULL;
  g_autoptr(GPtrArray) items_only = g_ptr_array_new ();
  JsonObject *field;

  g_ptr_array_add (sources, package);
  g_ptr_array_add (sources, first);
  g_ptr_array_add (sources, second);
  fields = yc_guide_merge_fields (sources, both);
  g_assert_cmpuint (json_array_get_length (fields), ==, 3);
  field = json_array_get_object_element (fields, 0);
  g_assert_cmpstr (yc_guide_get_string (field, "key"), ==, "mother_name");
  g_assert_cmpuint (json_array_get_length (yc_guide_get_array (field, "items")), ==, 2);
  field = json_array_get_object_element (fields, 1);
  g_assert_cmpstr (yc_guide_get_string (field, "key"), ==, "hospital");
  g_assert_cmpuint (json_array_get_length (yc_guide_get_array (field, "items")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (yc_guide_get_array (field, "items"), 0), ==, "I1");
  field = json_array_get_object_element (fields, 2);
  g_assert_cmpstr (yc_guide_get_string (field, "key"), ==, "residence");
  g_assert_cmpstr (json_array_get_string_element (yc_guide_get_array (field, "items"), 0), ==, "I2");

  /* One item taken alone: its own fields, not its neighbour's. */
  g_ptr_array_add (items_only, first);
  g_ptr_array_add (items_only, second);
  single = yc_guide_merge_fields (items_only, alone);
  g_assert_cmpuint (json_array_get_length (single), ==, 1);
  g_assert_cmpstr (yc_guide_get_string (json_array_get_object_element (single, 0), "key"), ==, "residence");
}

static void
test_group_fields (void)
{
  g_autoptr(JsonObject) package = parse_object (
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
  g_autoptr(GPtrArray) groups = yc_guide_group_fields (yc_guide_get_array (package, "fields"));
  YcFieldGroup *group;

  g_assert_cmpuint (groups->len, ==, 5);
  group = g_ptr_array_index (groups, 0);
  g_assert_cmpstr (group->title, ==, "新生儿");
  g_assert_cmpuint (group->fields->len, ==, 2);
  g_assert_cmpstr (yc_guide_get_string (g_ptr_array_index (group->fields, 1), "key"), ==, "baby_gender");

  /* A lone prefix (contact_) makes no group: the rest go together, untitled. */
  group = g_ptr_array_index (groups, 1);
  g_assert_null (group->title);
  g_assert_cmpuint (group->fields->len, ==, 2);
  g_assert_cmpstr (yc_guide_get_string (g_ptr_array_index (group->fields, 0), "key"), ==, "contact_phone");
  g_assert_cmpstr (yc_guide_get_string (g_ptr_array_index (group->fields, 1), "key"), ==, "address");

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

int
main (int   argc,
      char *argv[])
{
  /* The English source strings are what the cases compare. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/guide/merge", test_merge);
  g_test_add_func ("/guide/merge-single", test_merge_single);
  g_test_add_func ("/guide/merge-malformed", test_merge_malformed);
  g_test_add_func ("/guide/describe", test_describe);
  g_test_add_func ("/guide/merge-fields", test_merge_fields);
  g_test_add_func ("/guide/merge-item-fields", test_merge_item_fields);
  g_test_add_func ("/guide/group-fields", test_group_fields);

  return g_test_run ();
}
