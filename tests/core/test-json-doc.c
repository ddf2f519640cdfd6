/* test-json-doc.c: the strict JSON reader catalogue pages are read with: what it takes,
 * what it refuses, and that what it takes means to it what it means to json-glib. */
#include <locale.h>
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "core/yc-error.h"
#include "core/yc-json-doc.h"

static gboolean
read_text (YcJsonDoc   *doc,
           const char  *text,
           GError     **error)
{
  YcJsonCursor cursor = { text, strlen (text), 0 };

  return yc_json_doc_read (doc, &cursor, YC_ERROR_PROTOCOL, error) && yc_json_cursor_at_end (&cursor);
}

static void
test_values (void)
{
  g_autoptr(YcJsonDoc) doc = yc_json_doc_new ();
  g_autoptr(GError) error = NULL;
  const char *text = " {\"name\":\"营业执照\\n\\u00e9\\ud83d\\ude00\\\"\",\"n\":-9223372036854775808,"
                     "\"max\":9223372036854775807,\"d\":-1.5e3,\"ok\":true,\"no\":false,\"none\":null,"
                     "\"list\":[1,[2,3],{\"a\":[]},\"x\"],\"empty\":{}} ";
  guint list, e;
  gint64 value;
  gsize length;
  const char *span;

  g_assert_true (read_text (doc, text, &error));
  g_assert_no_error (error);
  g_assert_cmpint (yc_json_doc_type (doc, 1), ==, YC_JSON_OBJECT);
  g_assert_cmpuint (yc_json_doc_length (doc, 1), ==, 9);
  g_assert_cmpstr (yc_json_doc_get_string (doc, 1, "name"), ==, "营业执照\né😀\"");
  g_assert_true (yc_json_doc_get_int (doc, 1, "n", &value));
  g_assert_cmpint (value, ==, G_MININT64);
  g_assert_true (yc_json_doc_get_int (doc, 1, "max", &value));
  g_assert_cmpint (value, ==, G_MAXINT64);
  g_assert_false (yc_json_doc_get_int (doc, 1, "d", &value));
  g_assert_cmpint (yc_json_doc_type (doc, yc_json_doc_member (doc, 1, "d")), ==, YC_JSON_DOUBLE);
  g_assert_true (yc_json_doc_boolean (doc, yc_json_doc_member (doc, 1, "ok")));
  g_assert_true (yc_json_doc_is (doc, yc_json_doc_member (doc, 1, "no"), YC_JSON_BOOLEAN));
  g_assert_false (yc_json_doc_boolean (doc, yc_json_doc_member (doc, 1, "no")));
  g_assert_true (yc_json_doc_is (doc, yc_json_doc_member (doc, 1, "none"), YC_JSON_NULL));
  g_assert_cmpuint (yc_json_doc_member (doc, 1, "missing"), ==, 0);
  g_assert_null (yc_json_doc_get_string (doc, 1, "n"));

  /* Elements one after the other, nested ones skipped whole. */
  list = yc_json_doc_member (doc, 1, "list");
  g_assert_cmpuint (yc_json_doc_length (doc, list), ==, 4);
  e = yc_json_doc_first (doc, list);
  g_assert_true (yc_json_doc_int (doc, e, &value) && value == 1);
  e = yc_json_doc_next (doc, e);
  g_assert_cmpuint (yc_json_doc_length (doc, e), ==, 2);
  g_assert_true (yc_json_doc_int (doc, yc_json_doc_first (doc, e), &value) && value == 2);
  g_assert_cmpuint (yc_json_doc_next (doc, yc_json_doc_next (doc, yc_json_doc_first (doc, e))), ==, 0);
  e = yc_json_doc_next (doc, e);
  g_assert_cmpint (yc_json_doc_type (doc, e), ==, YC_JSON_OBJECT);
  span = yc_json_doc_text (doc, e, &length);
  g_assert_cmpmem (span, length, "{\"a\":[]}", 8);
  e = yc_json_doc_next (doc, e);
  g_assert_cmpstr (yc_json_doc_string (doc, e), ==, "x");
  g_assert_cmpuint (yc_json_doc_next (doc, e), ==, 0);
  g_assert_cmpuint (yc_json_doc_first (doc, yc_json_doc_member (doc, 1, "empty")), ==, 0);

  /* The whole value's text, without the white space around it. */
  span = yc_json_doc_text (doc, 1, &length);
  g_assert_cmpint (span[0], ==, '{');
  g_assert_cmpint (span[length - 1], ==, '}');

  /* No node at all answers as missing. */
  g_assert_cmpuint (yc_json_doc_length (doc, 0), ==, 0);
  g_assert_null (yc_json_doc_string (doc, 12345));
}

static void
test_refused (void)
{
  static const char *cases[] = {
    "",
    "   ",
    "{",
    "{\"a\":1",
    "{\"a\":1,}",
    "[1,]",
    "[1 2]",
    "{\"a\" 1}",
    "{a:1}",
    "{\"a\":1,\"a\":2}",                 /* a member named twice */
    "{\"ab\":1,\"b\":{\"ab\":1,\"ab\":2}}",
    "\"unterminated",
    "\"tab\there\"",                      /* a raw control character */
    "\"\\x\"",
    "\"\\u12\"",
    "\"\\u0000\"",                        /* NUL: a C string cannot hold it */
    "\"\\ud83d\"",                        /* a lone high surrogate */
    "\"\\ude00\"",                        /* a lone low surrogate */
    "\"\\ud83d\\u0041\"",
    "\"\xff\xfe\"",                       /* not UTF-8 */
    "\"\xe8\x90\"",                       /* a character cut short */
    "01",
    "-",
    "1.",
    ".5",
    "1e",
    "1e+",
    "+1",
    "9223372036854775808",                /* beyond 64 bits */
    "-9223372036854775809",
    "99999999999999999999999",
    "1e400",                              /* beyond a double */
    "tru",
    "nul",
    "True",
    "NaN",
    "Infinity",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
  };
  g_autoptr(YcJsonDoc) doc = yc_json_doc_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      YcJsonCursor cursor = { cases[i], strlen (cases[i]), 0 };
      gboolean ok = yc_json_doc_read (doc, &cursor, YC_ERROR_PROTOCOL, &error);

      if (ok)
        g_error ("case %u (%s) was accepted", i, cases[i]);
      g_assert_error (error, YC_ERROR, YC_ERROR_PROTOCOL);
      /* A failed read leaves nothing to look at. */
      g_assert_cmpuint (yc_json_doc_length (doc, 1), ==, 0);
    }

  /* One value is read; what follows is the caller's to refuse. */
  {
    YcJsonCursor cursor = { "{} {}", 5, 0 };

    g_assert_true (yc_json_doc_read (doc, &cursor, YC_ERROR_PROTOCOL, NULL));
    g_assert_cmpuint (cursor.at, ==, 2);
    g_assert_false (yc_json_cursor_at_end (&cursor));
  }

  /* 64 levels are fine. */
  {
    g_autoptr(GString) deep = g_string_new (NULL);
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < 64; i++)
      g_string_append_c (deep, '[');
    for (guint i = 0; i < 64; i++)
      g_string_append_c (deep, ']');
    g_assert_true (read_text (doc, deep->str, &error));
    g_assert_no_error (error);
  }
}

/* Text json-glib reads and the reader takes means the same to both: the desk checks a
 * body with one and shows it with the other. */
static void
check_same (YcJsonDoc *doc,
            guint      node,
            JsonNode  *other)
{
  switch (yc_json_doc_type (doc, node))
    {
    case YC_JSON_NULL:
      g_assert_true (JSON_NODE_HOLDS_NULL (other));
      break;
    case YC_JSON_BOOLEAN:
      g_assert_cmpint (yc_json_doc_boolean (doc, node), ==, json_node_get_boolean (other));
      break;
    case YC_JSON_INT:
      {
        gint64 value;
        g_assert_true (yc_json_doc_int (doc, node, &value));
        g_assert_cmpint (json_node_get_value_type (other), ==, G_TYPE_INT64);
        g_assert_cmpint (value, ==, json_node_get_int (other));
      }
      break;
    case YC_JSON_DOUBLE:
      g_assert_cmpint (json_node_get_value_type (other), ==, G_TYPE_DOUBLE);
      break;
    case YC_JSON_STRING:
      g_assert_cmpstr (yc_json_doc_string (doc, node), ==, json_node_get_string (other));
      break;
    case YC_JSON_ARRAY:
      {
        JsonArray *array = json_node_get_array (other);
        guint i = 0;

        g_assert_cmpuint (yc_json_doc_length (doc, node), ==, json_array_get_length (array));
        for (guint e = yc_json_doc_first (doc, node); e != 0; e = yc_json_doc_next (doc, e))
          check_same (doc, e, json_array_get_element (array, i++));
      }
      break;
    case YC_JSON_OBJECT:
      {
        JsonObject *object = json_node_get_object (other);
        g_autoptr(GList) members = json_object_get_members (object);

        g_assert_cmpuint (yc_json_doc_length (doc, node), ==, json_object_get_size (object));
        for (GList *l = members; l != NULL; l = l->next)
          {
            guint value = yc_json_doc_member (doc, node, l->data);
            g_assert_cmpuint (value, !=, 0);
            check_same (doc, value, json_object_get_member (object, l->data));
          }
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
test_as_json_glib (void)
{
  static const char *cases[] = {
    "{\"code\":\"11330100MB0000001\",\"name\":\"企业开办\\/设立\",\"items\":[\"A\",\"B\"],\"n\":0,\"m\":-12,"
    "\"x\":0.25,\"y\":1E-3,\"ok\":true,\"z\":null,\"nested\":{\"a\":[{},[],\"\\t\\r\\b\\f\"]}}",
    "[\"\\u4e2d\\u6587\",\"\\uD834\\uDD1E\",\"tab\\tand \\\\ back\"]",
    "\"plain\"",
    "-0",
  };
  g_autoptr(YcJsonDoc) doc = yc_json_doc_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_true (read_text (doc, cases[i], &error));
      g_assert_no_error (error);
      g_assert_true (json_parser_load_from_data (parser, cases[i], -1, &error));
      g_assert_no_error (error);
      check_same (doc, 1, json_parser_get_root (parser));
    }
}

/* Reading one value after another from one text, as a catalogue page is read. */
static void
test_cursor (void)
{
  const char *text = " [ {\"a\":1} , {\"a\":2} ] ";
  g_autoptr(YcJsonDoc) doc = yc_json_doc_new ();
  YcJsonCursor cursor = { text, strlen (text), 0 };
  gint64 total = 0, value;

  g_assert_false (yc_json_cursor_take (&cursor, '{'));
  g_assert_true (yc_json_cursor_take (&cursor, '['));
  do
    {
      g_assert_true (yc_json_doc_read (doc, &cursor, YC_ERROR_PROTOCOL, NULL));
      g_assert_true (yc_json_doc_get_int (doc, 1, "a", &value));
      total += value;
    }
  while (yc_json_cursor_take (&cursor, ','));
  g_assert_true (yc_json_cursor_take (&cursor, ']'));
  g_assert_true (yc_json_cursor_at_end (&cursor));
  g_assert_cmpint (total, ==, 3);
}

/* Objects past the first few members check their names in a hash table: a name repeated
 * anywhere among many is still refused, with escapes decoded first, and as many distinct
 * names as one likes are kept. */
static void
test_many_members (void)
{
  g_autoptr(YcJsonDoc) doc = yc_json_doc_new ();
  static const guint sizes[] = { 15, 16, 17, 40, 100000 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      guint n = sizes[i];
      /* Distinct names, then each place a repeat of "m7" may stand. */
      for (guint repeat = 0; repeat <= n; repeat += n >= 40 ? n / 4 : 1)
        {
          g_autoptr(GString) json = g_string_new ("{");
          g_autoptr(GError) error = NULL;
          YcJsonCursor cursor = { 0 };
          gboolean ok;

          for (guint j = 0; j < n; j++)
            {
              if (j == repeat && repeat > 7)
                /* "m7" written with an escape: the same name once decoded. */
                g_string_append (json, "\"\\u006d7\":0,");
              g_string_append_printf (json, "\"m%u\":%u,", j, j);
            }
          g_string_truncate (json, json->len - 1);
          g_string_append_c (json, '}');
          cursor.data = json->str;
          cursor.length = json->len;
          ok = yc_json_doc_read (doc, &cursor, YC_ERROR_PROTOCOL, &error);
          if (repeat > 7 && repeat < n)
            {
              g_assert_error (error, YC_ERROR, YC_ERROR_PROTOCOL);
              g_assert_nonnull (strstr (error->message, "named twice"));
              g_assert_false (ok);
            }
          else
            {
              g_assert_no_error (error);
              g_assert_true (ok);
              g_assert_cmpuint (yc_json_doc_length (doc, 1), ==, n);
            }
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-doc/values", test_values);
  g_test_add_func ("/json-doc/refused", test_refused);
  g_test_add_func ("/json-doc/many-members", test_many_members);
  g_test_add_func ("/json-doc/as-json-glib", test_as_json_glib);
  g_test_add_func ("/json-doc/cursor", test_cursor);

  return g_test_run ();
}
