// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Processes that still map a poisoned page. memory_failure() replaces
 * every mapping of the page with a hwpoison entry; the entry outlives an
 * unpoison, so the process gets SIGBUS (BUS_MCEERR_AR) when it touches the
 * address until it unmaps it or exits. Found by reading each process's
 * page table through /proc/PID/pagemap.
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

#define CHUNK 8192   /* pagemap entries per read: 64 KiB */

struct holder_walk {
	struct hwp_ctx *ctx;
	const struct hwp_pfnlist *pfns;
	struct hwp_holder h;
	int fd;
	uint64_t *entries;
	hwp_holder_fn fn;
	void *data;
};

static int mapping_holds(uint64_t start, uint64_t end, void *data)
{
	struct holder_walk *w = data;
	unsigned shift = w->ctx->page_shift;
	for (uint64_t page = start >> shift; page < end >> shift;) {
		uint64_t n = (end >> shift) - page;
		if (n > CHUNK)
			n = CHUNK;
		ssize_t got = pread(w->fd, w->entries, (size_t)n * 8, (off_t)(page * 8));
		if (got <= 0)
			return 0;   /* [vsyscall] and the like: nothing there */
		for (size_t i = 0; i < (size_t)got / 8; i++) {
			uint64_t pfn = hwp_pagemap_poisoned_pfn(w->entries[i]);
			if (!pfn || !hwp_pfnlist_contains(w->pfns, pfn))
				continue;
			w->h.vaddr = (page + i) << shift;
			w->h.pfn = pfn;
			int r = w->fn(&w->h, w->data);
			if (r)
				return r;
		}
		page += (uint64_t)got / 8;
	}
	return 0;
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
		       void *data)
{
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
	uint64_t *entries = dir ? malloc(CHUNK * sizeof(*entries)) : NULL;
	if (!entries) {
		r = r < 0 ? r : !dir ? -errno : -ENOMEM;
		if (dir)
			closedir(dir);
		hwp_pfnlist_free(&sorted);
		return r;
	}
	struct holder_walk w = { .ctx = ctx, .pfns = &sorted, .fn = fn, .data = data,
				 .entries = entries };
	int self = (int)getpid();
	struct dirent *d;
	while (r == 0 && (d = readdir(dir))) {
		int pid = pid_of(d->d_name);
		if (pid && pid != self)
			r = process_holds(&w, pid);
	}
	free(w.entries);
	closedir(dir);
	hwp_pfnlist_free(&sorted);
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

static int range_entry(struct range_walk *w, uint64_t vaddr, uint64_t entry)
{
	uint64_t poisoned = hwp_pagemap_poisoned_pfn(entry);
	uint64_t pfn = entry & ((UINT64_C(1) << 55) - 1);
	bool present = entry >> 63;
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
	uint64_t *entries = malloc(CHUNK * sizeof(*entries));
	if (!entries) {
		close(fd);
		return -ENOMEM;
	}
	struct range_walk w = { ctx, flagged, { .pid = pid }, fn, data, ret };
	hwp_process_comm(ctx, pid, w.h.comm, sizeof(w.h.comm));
	unsigned shift = ctx->page_shift;
	int r = 0;
	for (uint64_t page = start >> shift; page < end >> shift && r == 0;) {
		uint64_t n = (end >> shift) - page;
		if (n > CHUNK)
			n = CHUNK;
		ssize_t got = pread(fd, entries, (size_t)n * 8, (off_t)(page * 8));
		if (got <= 0) {
			r = got < 0 ? -errno : 0;
			break;
		}
		for (size_t i = 0; i < (size_t)got / 8 && r == 0; i++)
			r = range_entry(&w, (page + i) << shift, entries[i]);
		page += (uint64_t)got / 8;
	}
	free(entries);
	close(fd);
	return r;
}
