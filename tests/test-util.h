/* test-util.h: waiting on the main context without fixed sleeps, and temporary folders. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

static inline gboolean
yc_test_tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterate the default main context until cond holds; fail the test after timeout_s seconds.
 * A 10 ms tick wakes the loop for conditions another thread makes true (the server's). */
#define yc_test_wait_until(cond, timeout_s)                                             \
  G_STMT_START {                                                                        \
    gint64 _deadline = g_get_monotonic_time () + (gint64) (timeout_s) * G_USEC_PER_SEC; \
    guint _tick = g_timeout_add (10, yc_test_tick_cb, NULL);                            \
    while (!(cond))                                                                     \
      {                                                                                 \
        if (g_get_monotonic_time () > _deadline)                                        \
          g_error ("Timed out after %d s waiting for: %s", (int) (timeout_s), #cond);   \
        g_main_context_iteration (NULL, TRUE);                                          \
      }                                                                                 \
    g_source_remove (_tick);                                                            \
  } G_STMT_END

static inline void
yc_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        yc_test_remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}
