// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A campaign holds, before its first page, all the memory it will use.
 * Poisoning a free page splits its buddy block and the kernel hands the
 * split-off neighbour to the very next allocation: were hwpoison to fault in
 * a stack or heap page between two pages of a run, the next page of a
 * range would be its own. So the heap is grown and touched beforehand, never
 * trimmed, the stack is touched to a depth no run reaches, and everything
 * is locked in place.
 */
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>

#include "internal.h"

/* Deeper than any call chain of a run (the deepest frames hold PATH_MAX buffers). */
#define STACK_HOLD (512 * 1024)
/* Heap a run may use at the most: rows of the table, verdict text, libraries' buffers. */
#define HEAP_BASE (1u << 20)
#define HEAP_PER_PAGE 1536u
#define HEAP_MAX ((size_t)1 << 30)
/* glibc serves allocations above this with mmap: fresh pages, so stay below. */
#define HEAP_CHUNK ((size_t)16 << 20)

__attribute__((noinline)) static void touch_stack(void)
{
	volatile char depth[STACK_HOLD];
	for (size_t i = 0; i < sizeof(depth); i += 256)
		depth[i] = 0;
	__asm__ volatile("" : : "r"(depth) : "memory");
}

static size_t hold_size(uint64_t npages)
{
	uint64_t want = HEAP_BASE + npages * HEAP_PER_PAGE;
	return want > HEAP_MAX ? HEAP_MAX : (size_t)want;
}

/* Grow the heap by bytes, touching every page, then give it back to malloc, not the kernel. */
static int grow_heap(size_t bytes)
{
	size_t n = (bytes + HEAP_CHUNK - 1) / HEAP_CHUNK;
	void **chunks = calloc(n, sizeof(*chunks));
	if (!chunks)
		return -ENOMEM;
	int r = 0;
	for (size_t i = 0; i < n && r == 0; i++) {
		/* Below the mmap threshold, so from the heap; the last one only what is left. */
		size_t want = i + 1 < n ? HEAP_CHUNK - 4096 : bytes - i * HEAP_CHUNK;
		chunks[i] = malloc(want);
		if (!chunks[i])
			r = -ENOMEM;
		else
			memset(chunks[i], 0, want);
	}
	for (size_t i = n; i-- > 0;)
		free(chunks[i]);
	free(chunks);
	return r;
}

int hwp_memory_hold(uint64_t npages)
{
	size_t bytes = hold_size(npages);
	/*
	 * Small pages only: a transparent huge page for the heap would come from
	 * the very 2 MiB free blocks a tester aims a range at.
	 */
	prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	/* One arena, never trimmed, no mmap'd chunks: every later malloc is served from held pages. */
	mallopt(M_ARENA_MAX, 1);
	mallopt(M_TRIM_THRESHOLD, INT_MAX);
	mallopt(M_MMAP_THRESHOLD, (int)HEAP_CHUNK);
	int r = grow_heap(bytes);
	if (r < 0)
		return r;
	touch_stack();
	/* The vDSO's data pages are not locked by mlockall: map them in now, as every record reads the clock. */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	clock_gettime(CLOCK_MONOTONIC, &ts);
#if defined(__SANITIZE_ADDRESS__)
	/*
	 * A sanitizer's allocator ignores mallopt and maps terabytes of shadow
	 * that mlockall would try to fault in: such a build holds nothing.
	 */
	return 0;
#else
	/*
	 * Locked, the pages stay where they are (no reclaim, no refault). Without
	 * CAP_IPC_LOCK they are still faulted in, which is what matters.
	 */
	if (mlockall(MCL_CURRENT) < 0 && errno != EPERM && errno != ENOMEM)
		return -errno;
	return 0;
#endif
}
