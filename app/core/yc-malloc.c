/* yc-malloc.c: glibc's allocator tuned for a desk that imports a city's catalogue now
 * and then and otherwise holds little. */
#include "yc-malloc.h"

#if defined(HAVE_GLIBC_MALLOPT) || defined(HAVE_MALLOC_TRIM)
#include <malloc.h>
#endif

void
yc_malloc_configure (void)
{
#ifdef HAVE_GLIBC_MALLOPT
  /* glibc gives a thread that mallocs while another does an arena of its own, up to
   * eight per core, and what is freed into an arena is reused by that arena alone: the
   * threads that decode catalogue pages, apply them and free them each kept megabytes of
   * an import. Two arenas, the main thread's and one the workers share: an import takes
   * no longer (bench-catalogue-sync), its longest main-loop stall stays within 50 ms. */
  mallopt (M_ARENA_MAX, 2);
  /* glibc raises its mmap threshold to the largest block freed so far, so after the
   * first catalogue page (5 MB of text) every page's text and strings came from the
   * heap, and free space at the top of a worker's arena is never handed back, not even
   * by malloc_trim(). A fixed threshold keeps blocks of a megabyte and more in mappings
   * of their own, unmapped when freed. It spares the logged-in desk a dozen megabytes
   * too, and costs an import about a second of CPU in page faults. */
  mallopt (M_MMAP_THRESHOLD, 1024 * 1024);
#endif
}

void
yc_malloc_give_back (void)
{
#ifdef HAVE_MALLOC_TRIM
  /* Freed memory stays with the process, counted in its RSS, for its next allocations,
   * until malloc_trim() returns the unused pages of every arena to the system. */
  malloc_trim (0);
#endif
}
