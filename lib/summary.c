// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Page counts per combination of page flags over memory, what
 * tools/mm/page-types prints: one pass over /proc/kpageflags into a small
 * open-addressing table keyed by the raw flags value.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct tally {
	struct hwp_flag_count *slots;
	size_t cap, used;
	uint64_t scanned;
	int error;
};

static size_t slot_of(uint64_t flags, size_t cap)
{
	/* Fibonacci hashing spreads the few set bits of a flags value. */
	return (size_t)((flags * UINT64_C(0x9e3779b97f4a7c15)) >> 20) & (cap - 1);
}

static int grow(struct tally *t)
{
	size_t cap = t->cap ? t->cap * 2 : 256;
	struct hwp_flag_count *slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->slots[i].pages)
			continue;
		size_t j = slot_of(t->slots[i].flags, cap);
		while (slots[j].pages)
			j = (j + 1) & (cap - 1);
		slots[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
	return 0;
}

static int add(struct tally *t, uint64_t flags, uint64_t pages)
{
	if (t->used * 2 >= t->cap && (t->error = grow(t)) < 0)
		return t->error;
	size_t i = slot_of(flags, t->cap);
	while (t->slots[i].pages && t->slots[i].flags != flags)
		i = (i + 1) & (t->cap - 1);
	if (!t->slots[i].pages) {
		t->slots[i].flags = flags;
		t->used++;
	}
	t->slots[i].pages += pages;
	return 0;
}

static int count_chunk(uint64_t pfn, const uint64_t *flags, size_t n, void *data)
{
	(void)pfn;
	struct tally *t = data;
	t->scanned += n;
	/* Neighbouring pages mostly share their flags: one table update per run. */
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && flags[j] == flags[i])
			j++;
		int r = add(t, flags[i], j - i);
		if (r < 0)
			return r;
		i = j;
	}
	return 0;
}

static int by_pages(const void *a, const void *b)
{
	const struct hwp_flag_count *x = a, *y = b;
	if (x->pages != y->pages)
		return x->pages < y->pages ? 1 : -1;
	return (x->flags > y->flags) - (x->flags < y->flags);
}

int hwp_flag_summary(struct hwp_ctx *ctx, const struct hwp_pfnlist *range,
		     struct hwp_summary *ret)
{
	memset(ret, 0, sizeof(*ret));
	struct tally t = { .slots = NULL };
	int r = grow(&t);
	if (r == 0 && range && range->count) {
		for (size_t i = 0; i < range->count && r == 0; i++)
			r = hwp_kpageflags_scan_batch(ctx, range->ranges[i].first,
						      range->ranges[i].last, count_chunk, &t);
	} else if (r == 0) {
		r = hwp_kpageflags_scan_batch(ctx, 0, UINT64_MAX, count_chunk, &t);
	}
	if (r < 0) {
		free(t.slots);
		return r;
	}
	/* Compact the table into a sorted array, in place. */
	size_t n = 0;
	for (size_t i = 0; i < t.cap; i++)
		if (t.slots[i].pages)
			t.slots[n++] = t.slots[i];
	if (n)
		qsort(t.slots, n, sizeof(*t.slots), by_pages);
	ret->counts = t.slots;
	ret->count = n;
	ret->scanned = t.scanned;
	return 0;
}

void hwp_summary_free(struct hwp_summary *s)
{
	free(s->counts);
	memset(s, 0, sizeof(*s));
}
