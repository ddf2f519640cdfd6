/* yc-malloc.h: how the desk's process uses glibc's allocator, so that what a catalogue
 * import frees goes back to the system instead of staying in the RSS a clerk's PC shows
 * (tests/bench/bench-desk-memory.c measures it). With another C library both do nothing. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Few arenas, large blocks in mappings of their own. At the very start of main(), before
 * any thread runs; the benchmarks of the catalogue call it too, to allocate as the desk. */
void yc_malloc_configure (void);
/* Hands freed heap back to the system: after a burst of allocations is over (a catalogue
 * run). Takes milliseconds and holds each arena meanwhile: from a worker thread. */
void yc_malloc_give_back (void);

G_END_DECLS
