/* fuzz-replay.c: runs a fuzz harness over its seed corpus and every truncation and
 * single-byte corruption of each seed, so the suite checks the decoders without libFuzzer. */
#include <glib.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
replay (gconstpointer user_data)
{
  const char *path = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  static const guint8 bytes[] = { 0x00, '"', '{', '}', '[', ']', ',', ':', '9', 0xff, 0xe4 };

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);

  for (gsize cut = 0; cut <= length; cut++)
    LLVMFuzzerTestOneInput ((const guint8 *) contents, cut);

  for (gsize at = 0; at < length; at++)
    for (guint b = 0; b < G_N_ELEMENTS (bytes); b++)
      {
        g_autofree guint8 *copy = g_memdup2 (contents, length);
        copy[at] = bytes[b];
        LLVMFuzzerTestOneInput (copy, length);
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

  return g_test_run ();
}
