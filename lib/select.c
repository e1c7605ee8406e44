// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Choosing pages by their flags (and memcg): "any 50 free pages". The scan
 * keeps a bounded set of candidates, the first ones or a uniform random
 * sample, with spares: a free page can be taken between the scan and the
 * moment it is acted on, so each candidate is checked again just before.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define CGROUP_WINDOW 4096

struct select_state {
	struct hwp_ctx *ctx;
	const struct hwp_select_opts *o;
	uint64_t *pfns;
	size_t keep, count;
	uint64_t matched;
	uint64_t rng;
	int cgroup_fd;
	uint64_t window_first;   /* pfn of window[0] */
	size_t window_len;
	uint64_t window[CGROUP_WINDOW];
	int error;
};

/* splitmix64: a small, seedable generator with no hidden state. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static int memcg_of(struct select_state *st, uint64_t pfn, uint64_t *ret)
{
	if (pfn < st->window_first || pfn >= st->window_first + st->window_len) {
		ssize_t n = pread(st->cgroup_fd, st->window, sizeof(st->window), (off_t)(pfn * 8));
		if (n < 0)
			return -errno;
		st->window_first = pfn;
		st->window_len = (size_t)n / 8;
		if (st->window_len == 0)
			return -ERANGE;
	}
	*ret = st->window[pfn - st->window_first];
	return 0;
}

bool hwp_select_flags_match(const struct hwp_select_opts *o, uint64_t flags)
{
	return (flags & o->mask) == o->value && !(flags & HWP_KPF_BIT(HWP_KPF_HWPOISON)) &&
	       hwp_page_unsafe_reason(flags) == NULL;
}

static int consider(uint64_t pfn, uint64_t flags, void *data)
{
	struct select_state *st = data;
	if (!hwp_select_flags_match(st->o, flags))
		return 0;
	if (st->o->memcg) {
		uint64_t ino = 0;
		int r = memcg_of(st, pfn, &ino);
		if (r < 0)
			return st->error = r;
		if (ino != st->o->memcg)
			return 0;
	}
	st->matched++;
	if (st->count < st->keep) {
		st->pfns[st->count++] = pfn;
	} else if (st->o->random) {
		/* Reservoir sampling: every match ends up kept with equal probability. */
		uint64_t slot = next_random(&st->rng) % st->matched;
		if (slot < st->keep)
			st->pfns[slot] = pfn;
	}
	return 0;
}

int hwp_select(struct hwp_ctx *ctx, const struct hwp_select_opts *o, struct hwp_selection *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (o->count == 0 || o->count > (SIZE_MAX / 16))
		return -EINVAL;
	struct select_state *st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->ctx = ctx;
	st->o = o;
	st->keep = (size_t)o->count * 2;
	st->rng = o->seed;
	st->cgroup_fd = -1;
	st->pfns = malloc(st->keep * sizeof(*st->pfns));
	int r = st->pfns ? 0 : -ENOMEM;
	if (r == 0 && o->memcg) {
		st->cgroup_fd = hwp_open(ctx, "/proc/kpagecgroup", O_RDONLY);
		if (st->cgroup_fd < 0)
			r = st->cgroup_fd;
	}
	if (r == 0) {
		if (o->range && o->range->count) {
			for (size_t i = 0; i < o->range->count && r == 0; i++)
				r = hwp_kpageflags_scan(ctx, o->range->ranges[i].first,
							o->range->ranges[i].last, consider, st);
		} else {
			r = hwp_kpageflags_scan(ctx, 0, UINT64_MAX, consider, st);
		}
		if (r == 0)
			r = st->error;
	}
	if (r == 0 && o->random) {
		/* Shuffle, so the spares are as random as the first picks. */
		for (size_t i = st->count; i > 1; i--) {
			size_t j = (size_t)(next_random(&st->rng) % i);
			uint64_t t = st->pfns[i - 1];
			st->pfns[i - 1] = st->pfns[j];
			st->pfns[j] = t;
		}
	}
	if (st->cgroup_fd >= 0)
		close(st->cgroup_fd);
	if (r == 0) {
		ret->pfns = st->pfns;
		ret->count = st->count;
		ret->matched = st->matched;
	} else {
		free(st->pfns);
	}
	free(st);
	return r;
}

int hwp_select_still_matches(struct hwp_ctx *ctx, const struct hwp_select_opts *o, uint64_t pfn)
{
	uint64_t flags;
	int r = hwp_kpageflags_get(ctx, pfn, &flags);
	if (r < 0)
		return r;
	if (!hwp_select_flags_match(o, flags))
		return 0;
	if (!o->memcg)
		return 1;
	int fd = hwp_open(ctx, "/proc/kpagecgroup", O_RDONLY);
	if (fd < 0)
		return fd;
	uint64_t ino;
	ssize_t n = pread(fd, &ino, sizeof(ino), (off_t)(pfn * 8));
	close(fd);
	return n == sizeof(ino) && ino == o->memcg;
}

void hwp_selection_free(struct hwp_selection *s)
{
	free(s->pfns);
	memset(s, 0, sizeof(*s));
}
