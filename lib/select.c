// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Choosing pages by their flags (and memcg): "any 50 free pages". The scan
 * keeps a bounded set of candidates, the first ones or a uniform random
 * sample, with spares: a free page can be taken between the scan and the
 * moment it is acted on, so each candidate is checked again just before.
 *
 * The random sample keeps the pages whose keyed hash of (seed, pfn) is
 * smallest. Free pages come and go between two runs; with a hash per page
 * the same seed still picks the same pages as long as they are candidates,
 * where a generator drawn once per match would shift every pick after the
 * first page that changed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define CGROUP_WINDOW 4096

struct pick {
	uint64_t key;
	uint64_t pfn;
	uint64_t vaddr;   /* where the process maps it (pid selection) */
};

struct select_state {
	struct hwp_ctx *ctx;
	const struct hwp_select_opts *o;
	uint64_t *pfns;          /* the first matches, without --random */
	uint64_t *vaddrs;        /* with pid: where each is mapped */
	struct pick *heap;       /* with --random: largest key on top */
	size_t keep, count;
	uint64_t matched;
	uint64_t seed_key;
	int cgroup_fd;
	uint64_t window_first;   /* pfn of window[0] */
	size_t window_len;
	uint64_t window[CGROUP_WINDOW];
	int error;
};

/* The splitmix64 finaliser: a bijection, so distinct pfns get distinct keys. */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static void heap_swap(struct pick *h, size_t a, size_t b)
{
	struct pick t = h[a];
	h[a] = h[b];
	h[b] = t;
}

static void heap_push(struct pick *h, size_t *n, struct pick p)
{
	size_t i = (*n)++;
	h[i] = p;
	while (i > 0 && h[(i - 1) / 2].key < h[i].key) {
		heap_swap(h, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void heap_replace_top(struct pick *h, size_t n, struct pick p)
{
	size_t i = 0;
	h[0] = p;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, top = i;
		if (l < n && h[l].key > h[top].key)
			top = l;
		if (r < n && h[r].key > h[top].key)
			top = r;
		if (top == i)
			return;
		heap_swap(h, i, top);
		i = top;
	}
}

static void random_keep(struct select_state *st, uint64_t pfn, uint64_t vaddr)
{
	struct pick p = { mix64(pfn ^ st->seed_key), pfn, vaddr };
	if (st->count < st->keep)
		heap_push(st->heap, &st->count, p);
	else if (p.key < st->heap[0].key)
		heap_replace_top(st->heap, st->count, p);
}

static int by_key(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;
	return x->key < y->key ? -1 : x->key > y->key;
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

bool hwp_select_memcg_match(const struct hwp_select_opts *o, uint64_t ino)
{
	if (!o->memcg_tree_n)
		return ino == o->memcg;
	return hwp_u64_sorted_has(o->memcg_tree, o->memcg_tree_n, ino);
}

static int consider_at(struct select_state *st, uint64_t pfn, uint64_t flags, uint64_t vaddr)
{
	if (!hwp_select_flags_match(st->o, flags))
		return 0;
	if (st->o->memcg) {
		uint64_t ino = 0;
		int r = memcg_of(st, pfn, &ino);
		if (r < 0)
			return st->error = r;
		if (!hwp_select_memcg_match(st->o, ino))
			return 0;
	}
	st->matched++;
	if (st->o->random) {
		random_keep(st, pfn, vaddr);
	} else if (st->count < st->keep) {
		st->vaddrs[st->count] = vaddr;
		st->pfns[st->count++] = pfn;
	}
	return 0;
}

static int consider(uint64_t pfn, uint64_t flags, void *data)
{
	return consider_at(data, pfn, flags, 0);
}

/* A page the process maps: its flags, then as any page. */
static int consider_mapped(uint64_t vaddr, uint64_t pfn, void *data)
{
	struct select_state *st = data;
	uint64_t flags;
	int r = hwp_kpageflags_get(st->ctx, pfn, &flags);
	return r < 0 ? r : consider_at(st, pfn, flags, vaddr);
}

/* Where the candidates come from: a process's pages, the --range, or all of memory. */
static int scan_candidates(struct select_state *st)
{
	const struct hwp_select_opts *o = st->o;
	int r = 0;
	if (o->pid > 0)
		r = hwp_process_pages(st->ctx, o->pid, o->within, o->nwithin, consider_mapped, st);
	else if (o->range && o->range->count)
		for (size_t i = 0; i < o->range->count && r == 0; i++)
			r = hwp_kpageflags_scan(st->ctx, o->range->ranges[i].first,
						o->range->ranges[i].last, consider, st);
	else
		r = hwp_kpageflags_scan(st->ctx, 0, UINT64_MAX, consider, st);
	return r == 0 ? st->error : r;
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
	st->seed_key = mix64(o->seed + UINT64_C(0x9e3779b97f4a7c15));
	st->cgroup_fd = -1;
	st->pfns = malloc(st->keep * sizeof(*st->pfns));
	st->vaddrs = malloc(st->keep * sizeof(*st->vaddrs));
	if (o->random)
		st->heap = malloc(st->keep * sizeof(*st->heap));
	int r = st->pfns && st->vaddrs && (st->heap || !o->random) ? 0 : -ENOMEM;
	if (r == 0 && o->memcg) {
		st->cgroup_fd = hwp_open(ctx, "/proc/kpagecgroup", O_RDONLY);
		if (st->cgroup_fd < 0)
			r = st->cgroup_fd;
	}
	if (r == 0)
		r = scan_candidates(st);
	if (r == 0 && o->random) {
		/* Smallest key first: the picks, then the spares, in a repeatable order. */
		qsort(st->heap, st->count, sizeof(*st->heap), by_key);
		for (size_t i = 0; i < st->count; i++) {
			st->pfns[i] = st->heap[i].pfn;
			st->vaddrs[i] = st->heap[i].vaddr;
		}
	}
	free(st->heap);
	if (st->cgroup_fd >= 0)
		close(st->cgroup_fd);
	if (r == 0) {
		ret->pfns = st->pfns;
		ret->count = st->count;
		ret->matched = st->matched;
	} else {
		free(st->pfns);
	}
	if (r == 0 && o->pid > 0)
		ret->vaddrs = st->vaddrs;
	else
		free(st->vaddrs);
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
	return n == sizeof(ino) && hwp_select_memcg_match(o, ino);
}

void hwp_selection_free(struct hwp_selection *s)
{
	free(s->pfns);
	free(s->vaddrs);
	memset(s, 0, sizeof(*s));
}
