/* test-demo-scenarios.c: the training scenarios shipped in resources/demo/scenarios/,
 * read from the source folder: each one loads, is named by its file, speaks all three
 * languages, plays in the demo hall and names no real person's number or real place;
 * together they use every kind of goal. */
#include <locale.h>
#include <string.h>

#include "core/yc-error.h"
#include "core/yc-scenario.h"
#include "core/yc-wire.h"

/* Set by meson: the source folder of the shipped scenarios and the demo hall. */
#ifndef YC_SCENARIO_DIR
#error "YC_SCENARIO_DIR must name resources/demo/scenarios"
#endif
#ifndef YC_DEMO_HALL
#error "YC_DEMO_HALL must name resources/demo/hall.json"
#endif
#ifndef YC_DEMO_GRESOURCE
#error "YC_DEMO_GRESOURCE must name resources/demo.gresource.xml"
#endif

/* The scenarios the README and docs/scenarios.md list. */
static const char *const shipped[] = {
  "quiet-morning", "enterprise-rush", "green-channel", "outage-day", "complaint",
};

static const char *const languages[] = { "zh_CN", "zh_TW", "en" };

/* Real places the demo must not name (the seeds' cities among them), in both scripts and
 * in English; the demo's region is the fictional 示范市, division 990100, area code 0300. */
static const char *const real_places[] = {
  "新乡", "新鄉", "郑州", "鄭州", "北京", "上海", "天津", "重庆", "重慶", "广州", "廣州",
  "深圳", "河南", "湖南", "益阳", "益陽", "通辽", "通遼", "平顶山", "平頂山", "内蒙古",
  "內蒙古", "红旗区", "紅旗區", "卫滨区", "衛濱區", "牧野区", "牧野區", "台北", "臺北",
  "高雄", "香港", "澳门", "澳門",
  "Xinxiang", "Zhengzhou", "Beijing", "Shanghai", "Guangzhou", "Shenzhen", "Henan",
  "Hunan", "Yiyang", "Tongliao", "Pingdingshan", "Taipei",
  "410700", "0373",
};

static char *
read_text_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    g_error ("%s: %s", path, error->message);
  return contents;
}

/* The names of the *.json files of the folder, without ".json", sorted. */
static GPtrArray *
list_scenarios (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (YC_SCENARIO_DIR, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strndup (name, strlen (name) - strlen (".json")));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return names;
}

static YcScenario *
load (const char  *name,
      char       **json_text)
{
  g_autofree char *path = g_strconcat (YC_SCENARIO_DIR G_DIR_SEPARATOR_S, name, ".json", NULL);
  g_autofree char *text = read_text_file (path);
  g_autoptr(GError) error = NULL;
  YcScenario *scenario = yc_scenario_new_from_data (text, strlen (text), &error);

  if (scenario == NULL)
    g_error ("%s.json: %s", name, error->message);
  if (json_text != NULL)
    *json_text = g_steal_pointer (&text);
  return scenario;
}

/* A text given in every language, none empty, the Traditional one not a copy of the
 * Simplified one. */
static void
assert_trilingual (const char *scenario,
                   const char *what,
                   JsonNode   *text)
{
  JsonObject *object;

  if (text == NULL || !JSON_NODE_HOLDS_OBJECT (text))
    g_error ("%s: %s is not given by language", scenario, what);
  object = json_node_get_object (text);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      JsonNode *member = json_object_get_member (object, languages[i]);

      if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
          json_node_get_value_type (member) != G_TYPE_STRING ||
          *json_node_get_string (member) == '\0')
        g_error ("%s: %s has no %s", scenario, what, languages[i]);
    }
  if (g_str_equal (json_object_get_string_member (object, "zh_CN"),
                   json_object_get_string_member (object, "zh_TW")))
    g_error ("%s: %s is the same in zh_CN and zh_TW", scenario, what);
}

/* The five are there, and every file of the folder is compiled into the programs. */
static void
test_shipped_listed (void)
{
  g_autoptr(GPtrArray) names = list_scenarios ();
  g_autofree char *gresource = read_text_file (YC_DEMO_GRESOURCE);

  for (guint i = 0; i < G_N_ELEMENTS (shipped); i++)
    if (!g_ptr_array_find_with_equal_func (names, shipped[i], g_str_equal, NULL))
      g_error ("resources/demo/scenarios/%s.json is missing", shipped[i]);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *entry = g_strdup_printf (">scenarios/%s.json</file>", name);

      if (strstr (gresource, entry) == NULL)
        g_error ("scenarios/%s.json is not in resources/demo.gresource.xml", name);
    }
}

/* Each loads, is named by its file, lasts 10 to 20 minutes, plays in the demo hall's
 * services, and every text of it is in the three languages. */
static void
test_shipped_read (void)
{
  g_autoptr(GPtrArray) names = list_scenarios ();
  g_autofree char *hall_text = read_text_file (YC_DEMO_HALL);
  g_autoptr(JsonNode) hall = yc_wire_parse_object (hall_text, strlen (hall_text), 0, NULL);
  JsonArray *services;
  g_autoptr(GPtrArray) letters = g_ptr_array_new ();

  g_assert_nonnull (hall);
  services = json_object_get_array_member (json_node_get_object (hall), "services");
  for (guint i = 0; i < json_array_get_length (services); i++)
    g_ptr_array_add (letters, (gpointer) json_object_get_string_member (json_array_get_object_element (services, i),
                                                                        "letter"));

  for (guint n = 0; n < names->len; n++)
    {
      const char *name = g_ptr_array_index (names, n);
      g_autoptr(YcScenario) scenario = load (name, NULL);
      guint citizens = 0;

      g_assert_cmpstr (yc_scenario_get_id (scenario), ==, name);
      g_assert_cmpfloat (yc_scenario_get_length (scenario), >=, 600);
      g_assert_cmpfloat (yc_scenario_get_length (scenario), <=, 1200);
      assert_trilingual (name, "title", yc_scenario_get_title (scenario));
      assert_trilingual (name, "brief", yc_scenario_get_brief (scenario));

      for (guint i = 0; i < yc_scenario_get_n_events (scenario); i++)
        {
          const YcScenarioEvent *event = yc_scenario_get_event (scenario, i);
          g_autofree char *what = g_strdup_printf ("event %u (%s)", i, event->id ? event->id : "—");

          if (event->service != NULL &&
              !g_ptr_array_find_with_equal_func (letters, event->service, g_str_equal, NULL))
            g_error ("%s: %s is of service %s, which the demo hall has not", name, what, event->service);
          switch (event->kind)
            {
            case YC_SCENARIO_EVENT_CITIZEN:
              citizens++;
              assert_trilingual (name, what, event->story);
              break;
            case YC_SCENARIO_EVENT_TASK:
              assert_trilingual (name, what, event->title);
              assert_trilingual (name, what, event->detail);
              break;
            case YC_SCENARIO_EVENT_RATING:
              if (event->comment != NULL)
                assert_trilingual (name, what, event->comment);
              break;
            default:
              break;
            }
        }
      g_assert_cmpuint (citizens, >=, 1);

      g_assert_cmpuint (yc_scenario_get_n_goals (scenario), >=, 1);
      for (guint i = 0; i < yc_scenario_get_n_goals (scenario); i++)
        {
          const YcScenarioGoal *goal = yc_scenario_get_goal (scenario, i);
          g_autofree char *what = g_strdup_printf ("goal %s", goal->id);

          assert_trilingual (name, what, goal->expect);
        }
    }
}

/* Together the five use every kind of goal. */
static void
test_shipped_goal_kinds (void)
{
  g_autoptr(GPtrArray) names = list_scenarios ();
  guint seen = 0;

  for (guint n = 0; n < names->len; n++)
    {
      g_autoptr(YcScenario) scenario = load (g_ptr_array_index (names, n), NULL);

      for (guint i = 0; i < yc_scenario_get_n_goals (scenario); i++)
        seen |= 1u << yc_scenario_get_goal (scenario, i)->kind;
    }
  for (YcScenarioGoalKind kind = YC_SCENARIO_GOAL_CALL; kind <= YC_SCENARIO_GOAL_FOLLOW_UP; kind++)
    if (!(seen & (1u << kind)))
      g_error ("no shipped scenario has a %s goal", yc_scenario_goal_kind_to_wire (kind));
}

/* No string of a scenario holds what could be a person's ID number (18 characters, the
 * last a digit or X) or a mobile number (11 digits), or names a real place. The whole
 * file is searched, so a member the core ignores is searched too. */
static void
test_shipped_nothing_real (void)
{
  g_autoptr(GPtrArray) names = list_scenarios ();
  g_autoptr(GRegex) id_number = g_regex_new ("(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])", 0, 0, NULL);
  g_autoptr(GRegex) long_number = g_regex_new ("[0-9]{11,}", 0, 0, NULL);
  g_autoptr(GRegex) mobile = g_regex_new ("(?<![0-9])1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9])", 0, 0, NULL);

  for (guint n = 0; n < names->len; n++)
    {
      const char *name = g_ptr_array_index (names, n);
      g_autofree char *text = NULL;
      g_autoptr(YcScenario) scenario = load (name, &text);

      if (g_regex_match (id_number, text, 0, NULL))
        g_error ("%s.json holds an ID-like number", name);
      if (g_regex_match (long_number, text, 0, NULL) || g_regex_match (mobile, text, 0, NULL))
        g_error ("%s.json holds a phone-like number", name);
      for (guint i = 0; i < G_N_ELEMENTS (real_places); i++)
        if (strstr (text, real_places[i]) != NULL)
          g_error ("%s.json names a real place: %s", name, real_places[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-scenarios/listed", test_shipped_listed);
  g_test_add_func ("/demo-scenarios/read", test_shipped_read);
  g_test_add_func ("/demo-scenarios/goal-kinds", test_shipped_goal_kinds);
  g_test_add_func ("/demo-scenarios/nothing-real", test_shipped_nothing_real);

  return g_test_run ();
}
