// SPDX-License-Identifier: GPL-2.0-or-later
/* A set of numbers (pfns, cgroup inodes): grown as found, sorted once, then searched. */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

int hwp_u64_set_add(struct hwp_u64_set *s, uint64_t x)
{
	if (s->count == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		uint64_t *v = realloc(s->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->count++] = x;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

void hwp_u64_set_sort(struct hwp_u64_set *s)
{
	if (s->count)   /* qsort(NULL, 0) is undefined */
		qsort(s->v, s->count, sizeof(*s->v), cmp_u64);
}

bool hwp_u64_sorted_has(const uint64_t *v, size_t n, uint64_t x)
{
	return n && bsearch(&x, v, n, sizeof(*v), cmp_u64) != NULL;
}
