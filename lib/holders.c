// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Processes that still map a poisoned page. memory_failure() replaces
 * every mapping of the page with a hwpoison entry; the entry outlives an
 * unpoison, so the process gets SIGBUS (BUS_MCEERR_AR) when it touches the
 * address until it unmaps it or exits. Found by reading each process's
 * page table through /proc/PID/pagemap: where the kernel has PAGEMAP_SCAN
 * (6.7), only its non-present entries; before, every page of a mapping,
 * which for a sanitizer's terabytes of shadow would take hours.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* Without PAGEMAP_SCAN: larger mappings are not read, only counted. */
#define UNREAD_SIZE_MAX (UINT64_C(1) << 40)          /* any mapping: 1 TiB */
#define UNREAD_RESERVED_MAX (UINT64_C(1) << 30)      /* one no access reaches (---p): 1 GiB */

struct holder_walk {
	struct hwp_ctx *ctx;
	const struct hwp_pfnlist *pfns;
	struct hwp_holder h;
	int fd;
	size_t unread;       /* mappings left unread without PAGEMAP_SCAN */
	hwp_holder_fn fn;
	void *data;
};

static int holder_entry(uint64_t vaddr, uint64_t entry, void *data)
{
	struct holder_walk *w = data;
	uint64_t pfn = hwp_pagemap_poisoned_pfn(entry);
	if (!pfn || !hwp_pfnlist_contains(w->pfns, pfn))
		return 0;
	w->h.vaddr = vaddr;
	w->h.pfn = pfn;
	return w->fn(&w->h, w->data);
}

static int mapping_holds(const struct hwp_mapping *m, void *data)
{
	struct holder_walk *w = data;
	uint64_t walk_max = m->accessible ? UNREAD_SIZE_MAX : UNREAD_RESERVED_MAX;
	int r = hwp_pagemap_walk_only(w->fd, w->ctx->page_shift, m->start, m->end,
				      HWP_PM_SCAN_SWAPPED, walk_max, holder_entry, w);
	if (r == -E2BIG) {
		w->unread++;
		return 0;
	}
	return r;
}

/* One process: a process gone meanwhile, or a kernel thread, holds nothing. */
static int process_holds(struct holder_walk *w, int pid)
{
	char kpath[64];
	snprintf(kpath, sizeof(kpath), "/proc/%d/pagemap", pid);
	w->fd = hwp_open(w->ctx, kpath, O_RDONLY);
	if (w->fd < 0)
		return w->fd == -EACCES || w->fd == -EPERM ? w->fd : 0;
	w->h.pid = pid;
	hwp_process_comm(w->ctx, pid, w->h.comm, sizeof(w->h.comm));
	int r = hwp_each_mapping(w->ctx, pid, mapping_holds, w);
	close(w->fd);
	return r == -ESRCH ? 0 : r;
}

static int pid_of(const char *name)
{
	if (!isdigit((unsigned char)name[0]))
		return 0;
	char *end;
	long pid = strtol(name, &end, 10);
	return *end || pid <= 0 || pid > INT32_MAX ? 0 : (int)pid;
}

int hwp_poison_holders(struct hwp_ctx *ctx, const struct hwp_pfnlist *pfns, hwp_holder_fn fn,
		       void *data, size_t *ret_unread)
{
	*ret_unread = 0;
	if (!pfns->count)
		return 0;
	char path[PATH_MAX];
	int r = hwp_path(ctx, "/proc", path, sizeof(path));
	if (r < 0)
		return r;
	/* In any order from the caller; searched per entry, so sorted here. */
	struct hwp_pfnlist sorted = { .count = 0 };
	for (size_t i = 0; i < pfns->count && r == 0; i++)
		r = hwp_pfnlist_add(&sorted, pfns->ranges[i].first, pfns->ranges[i].last);
	hwp_pfnlist_normalize(&sorted);
	DIR *dir = r == 0 ? opendir(path) : NULL;
	if (!dir) {
		r = r < 0 ? r : -errno;
		hwp_pfnlist_free(&sorted);
		return r;
	}
	struct holder_walk w = { .ctx = ctx, .pfns = &sorted, .fn = fn, .data = data };
	int self = (int)getpid();
	struct dirent *d;
	while (r == 0 && (d = readdir(dir))) {
		int pid = pid_of(d->d_name);
		if (pid && pid != self)
			r = process_holds(&w, pid);
	}
	closedir(dir);
	hwp_pfnlist_free(&sorted);
	*ret_unread = w.unread;
	return r;
}

struct range_walk {
	struct hwp_ctx *ctx;
	const struct hwp_pfnlist *flagged;
	struct hwp_holder h;
	hwp_holder_fn fn;
	void *data;
	struct hwp_range_pages *count;
};

static int range_entry(uint64_t vaddr, uint64_t entry, void *data)
{
	struct range_walk *w = data;
	uint64_t poisoned = hwp_pagemap_poisoned_pfn(entry);
	uint64_t pfn = entry & HWP_PM_PFN_MASK;
	bool present = entry & HWP_PM_PRESENT;
	w->count->present += present;
	if (present && !(w->flagged && hwp_pfnlist_contains(w->flagged, pfn)))
		return 0;
	if (!present && !poisoned)
		return 0;
	w->count->poisoned++;
	w->h.vaddr = vaddr;
	w->h.pfn = present ? pfn : poisoned;
	w->h.present = present;
	return w->fn ? w->fn(&w->h, w->data) : 0;
}

int hwp_range_poisoned(struct hwp_ctx *ctx, int pid, uint64_t start, uint64_t end,
		       const struct hwp_pfnlist *flagged, hwp_holder_fn fn, void *data,
		       struct hwp_range_pages *ret)
{
	*ret = (struct hwp_range_pages){ 0, 0 };
	char kpath[64];
	snprintf(kpath, sizeof(kpath), "/proc/%d/pagemap", pid);
	int fd = hwp_open(ctx, kpath, O_RDONLY);
	if (fd < 0)
		return fd == -ENOENT ? -ESRCH : fd;
	struct range_walk w = { ctx, flagged, { .pid = pid }, fn, data, ret };
	hwp_process_comm(ctx, pid, w.h.comm, sizeof(w.h.comm));
	int read_error = 0;
	int r = hwp_pagemap_walk(fd, ctx->page_shift, start, end, range_entry, &w, &read_error);
	close(fd);
	return r ? r : read_error;
}
