/* fuzz-replay.c: runs a fuzz harness over its seed corpus and every truncation and
 * single-byte corruption of each seed, so the suite checks the decoders without libFuzzer.
 * A big seed (the deep nesting) is cut and corrupted at a few hundred places, not at
 * every byte; inputs of 1 MB are made here rather than kept in the corpus. */
#include <glib.h>
#include <string.h>

#include "core/yc-error.h"
#include "core/yc-record.h"
#include "core/yc-wire.h"

/* A seed longer than this is cut and corrupted at MAX_PLACES places, evenly apart; a
 * shorter one at every byte. */
#define BIG_SEED   (16 * 1024)
#define MAX_PLACES 400

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
replay (gconstpointer user_data)
{
  const char *path = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  static const guint8 bytes[] = { 0x00, '"', '{', '}', '[', ']', ',', ':', '9', 0xff, 0xe4 };

  gsize stride;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  stride = length > BIG_SEED ? length / MAX_PLACES : 1;

  for (gsize cut = 0; cut <= length; cut += stride)
    LLVMFuzzerTestOneInput ((const guint8 *) contents, cut);
  LLVMFuzzerTestOneInput ((const guint8 *) contents, length);

  for (gsize at = 0; at < length; at += stride)
    for (guint b = 0; b < G_N_ELEMENTS (bytes); b++)
      {
        g_autofree guint8 *copy = g_memdup2 (contents, length);
        copy[at] = bytes[b];
        LLVMFuzzerTestOneInput (copy, length);
      }
}

/* 1 MB of nesting, inside an object and bare, whole and cut in the middle. */
static void
replay_deep_megabyte (void)
{
  const gsize size = 1024 * 1024;
  g_autofree guint8 *data = g_malloc (size);

  data[0] = '{';
  memcpy (data + 1, "\"a\":", 4);
  memset (data + 5, '[', size / 2 - 5);
  memset (data + size / 2, ']', size / 2 - 1);
  data[size - 1] = '}';
  LLVMFuzzerTestOneInput (data, size);
  LLVMFuzzerTestOneInput (data, size / 2 + 7);
  memset (data, '[', size / 2);
  LLVMFuzzerTestOneInput (data, size);
  memset (data, '{', size / 2);
  LLVMFuzzerTestOneInput (data, size);
}

/* A batch of records 1 MB long: long, valid and read to the end. */
static void
replay_records_megabyte (void)
{
  const gsize size = 1024 * 1024;
  g_autoptr(GString) text = g_string_new ("{\"records\":[");
  guint n = 0;

  for (; text->len < size - 400; n++)
    g_string_append_printf (text, "%s{\"id\":\"00000000-0000-4000-8000-%012u\",\"kind\":\"visit\","
                            "\"created_at\":\"2026-12-06T09:30:00+08:00\",\"body\":{\"ticket_id\":%u,"
                            "\"note\":\"%s\"}}", n > 0 ? "," : "", n, n + 1,
                            "材料齐全，当场办结。材料齐全，当场办结。材料齐全，当场办结。");
  g_string_append (text, "]}");
  LLVMFuzzerTestOneInput ((const guint8 *) text->str, text->len);

  /* The harness says nothing of what it read: the batch is read whole, here. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = yc_wire_parse_object (text->str, text->len, YC_ERROR_BAD_REQUEST, &error);
    JsonArray *records;

    g_assert_no_error (error);
    records = json_object_get_array_member (json_node_get_object (root), "records");
    g_assert_cmpuint (json_array_get_length (records), ==, n);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(YcRecord) record = yc_record_new_from_json (json_array_get_element (records, i), &error);

        g_assert_no_error (error);
        g_assert_nonnull (record);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  const char *corpus = g_getenv ("YC_FUZZ_CORPUS");
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (corpus);
  dir = g_dir_open (corpus, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (paths, g_build_filename (corpus, name, NULL));
  g_ptr_array_sort (paths, (GCompareFunc) g_strcmp0);

  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (paths, i));
      g_autofree char *test_path = g_strdup_printf ("/fuzz/wire/%s", base);
      g_test_add_data_func (test_path, g_ptr_array_index (paths, i), replay);
    }

  g_test_add_func ("/fuzz/wire/generated/deep-1mb", replay_deep_megabyte);
  g_test_add_func ("/fuzz/wire/generated/records-1mb", replay_records_megabyte);
  return g_test_run ();
}
