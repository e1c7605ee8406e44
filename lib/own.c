// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pages hwpoison itself holds: its own memory and its journal's. Poisoning
 * one would kill hwpoison mid-run (SIGBUS), before it could restore a scoped
 * filter, or lose the records unpoison --journal needs. A campaign collects
 * them once, after it has held all the memory it will use, so each page's
 * check is a lookup that neither reads files nor allocates.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/*
 * Without PAGEMAP_SCAN (before 6.7), giant reservations (a sanitizer's
 * shadow memory) would take gigabytes of pagemap to read: left out.
 */
#define MAPPING_MAX (UINT64_C(1) << 30)

struct pfn_walk {
	int (*fn)(uint64_t pfn, void *data);
	void *data;
};

static int present_pfn(uint64_t vaddr, uint64_t entry, void *data)
{
	(void)vaddr;
	const struct pfn_walk *w = data;
	return entry & HWP_PM_PRESENT ? w->fn(entry & HWP_PM_PFN_MASK, w->data) : 0;
}

/* The present pfns behind [start, end) of this process, each given to fn. */
static int each_pfn_of(int pagemap, unsigned page_shift, uint64_t start, uint64_t end,
		       int (*fn)(uint64_t pfn, void *data), void *data)
{
	/* [vsyscall] and the like cannot be read: not ours to poison. */
	struct pfn_walk w = { fn, data };
	return hwp_pagemap_walk(pagemap, page_shift, start, end, present_pfn, &w, NULL);
}

/* Every mapping of this process (before 6.7: under 1 GiB), its pfns given to fn. */
static int each_own_pfn(struct hwp_ctx *ctx, int (*fn)(uint64_t pfn, void *data), void *data)
{
	char path[PATH_MAX];
	int r = hwp_path(ctx, "/proc/self/maps", path, sizeof(path));
	if (r < 0)
		return r;
	FILE *maps = fopen(path, "re");
	if (!maps)
		return errno == ENOENT ? 0 : -errno;
	int pm = hwp_open(ctx, "/proc/self/pagemap", O_RDONLY);
	if (pm < 0) {
		fclose(maps);
		return pm == -ENOENT ? 0 : pm;
	}
	char line[512];
	while (r == 0 && fgets(line, sizeof(line), maps)) {
		uint64_t start, end;
		if (sscanf(line, "%" SCNx64 "-%" SCNx64, &start, &end) != 2)
			continue;
		struct pfn_walk w = { fn, data };
		r = hwp_pagemap_walk_only(pm, ctx->page_shift, start, end, HWP_PM_SCAN_PRESENT,
					  MAPPING_MAX, present_pfn, &w);
		if (r == -E2BIG)
			r = 0;   /* left out, as the comment above says */
	}
	close(pm);
	fclose(maps);
	return r;
}

static int match_pfn(uint64_t pfn, void *data)
{
	return pfn == *(const uint64_t *)data;
}

static int collect_pfn(uint64_t pfn, void *data)
{
	return hwp_u64_set_add(data, pfn);
}

/* The journal's pages up to its end, mapped for a moment to read their pfns. */
static int collect_journal(struct hwp_ctx *ctx, int journal_fd, struct hwp_u64_set *set)
{
	struct stat st;
	if (journal_fd < 0 || fstat(journal_fd, &st) < 0 || st.st_size == 0)
		return 0;
	size_t len = (size_t)st.st_size;
	void *map = mmap(NULL, len, PROT_READ, MAP_SHARED | MAP_POPULATE, journal_fd, 0);
	if (map == MAP_FAILED)
		return -errno;
	int pm = hwp_open(ctx, "/proc/self/pagemap", O_RDONLY);
	int r = pm < 0 ? (pm == -ENOENT ? 0 : pm) : 0;
	if (pm >= 0) {
		uint64_t start = (uint64_t)(uintptr_t)map;
		uint64_t page = UINT64_C(1) << ctx->page_shift;
		r = each_pfn_of(pm, ctx->page_shift, start, start + ((len + page - 1) & ~(page - 1)),
				collect_pfn, set);
		close(pm);
	}
	munmap(map, len);
	return r;
}

int hwp_own_collect(struct hwp_ctx *ctx, int journal_fd)
{
	hwp_own_release(ctx);
	struct hwp_u64_set own = { 0 }, journal = { 0 };
	int r = each_own_pfn(ctx, collect_pfn, &own);
	if (r == 0)
		r = collect_journal(ctx, journal_fd, &journal);
	if (r < 0) {
		free(own.v);
		free(journal.v);
		return r;
	}
	hwp_u64_set_sort(&own);
	hwp_u64_set_sort(&journal);
	ctx->own.pfns = own.v;
	ctx->own.count = own.count;
	ctx->own.journal_pfns = journal.v;
	ctx->own.journal_count = journal.count;
	ctx->own.collected = true;
	return 0;
}

void hwp_own_release(struct hwp_ctx *ctx)
{
	free(ctx->own.pfns);
	free(ctx->own.journal_pfns);
	memset(&ctx->own, 0, sizeof(ctx->own));
}

const char *hwp_own_reason(struct hwp_ctx *ctx, uint64_t pfn, uint64_t flags)
{
	if (ctx->own.collected) {
		if (hwp_u64_sorted_has(ctx->own.journal_pfns, ctx->own.journal_count, pfn))
			return "the page holds hwpoison's journal";
		if (hwp_u64_sorted_has(ctx->own.pfns, ctx->own.count, pfn))
			return "the page belongs to hwpoison itself";
	}
	/*
	 * Only a mapped page can be ours, and one mapped since the collection
	 * (an allocator that cannot be held: a sanitizer's) is looked up afresh.
	 */
	if ((flags & HWP_KPF_BIT(HWP_KPF_MMAP)) && each_own_pfn(ctx, match_pfn, &pfn) > 0)
		return "the page belongs to hwpoison itself";
	return NULL;
}
