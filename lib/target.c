// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Naming pages the way testers think of them: a process's virtual address,
 * or an offset in a file. Both end in /proc/PID/pagemap.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* A swap entry: the type in bits 0-4, the offset above. */
#define PM_SWAP_TYPE(e) ((e) & 0x1f)
#define PM_SWAP_OFFSET(e) (((e) & HWP_PM_PFN_MASK) >> 5)
/*
 * Swap areas are numbered from 0; the kernel's own entries (device,
 * migration, hwpoison, markers) take the top of the 32 types. A hwpoison
 * entry's offset is the pfn that failed: type 26 on Debian's 6.1, 27 on
 * 6.12, 24 on 7.3 (measured), so the rule is the range, not a number.
 */
#define PM_SPECIAL_TYPE_MIN 16

uint64_t hwp_pagemap_poisoned_pfn(uint64_t entry)
{
	if ((entry & HWP_PM_PRESENT) || !(entry & HWP_PM_SWAPPED) ||
	    PM_SWAP_TYPE(entry) < PM_SPECIAL_TYPE_MIN)
		return 0;
	return PM_SWAP_OFFSET(entry);
}

int hwp_pagemap_walk(int fd, unsigned page_shift, uint64_t start, uint64_t end, hwp_pagemap_fn fn,
		     void *data, int *read_error)
{
	uint64_t entries[512];
	for (uint64_t page = start >> page_shift; page < end >> page_shift;) {
		uint64_t n = (end >> page_shift) - page;
		if (n > 512)
			n = 512;
		ssize_t got = pread(fd, entries, (size_t)n * 8, (off_t)(page * 8));
		if (got <= 0) {
			if (got < 0 && read_error)
				*read_error = -errno;
			return 0;
		}
		for (size_t i = 0; i < (size_t)got / 8; i++) {
			int r = fn((page + i) << page_shift, entries[i], data);
			if (r)
				return r;
		}
		page += (uint64_t)got / 8;
	}
	return 0;
}

/* The kernel's ABI (include/uapi/linux/fs.h), spelled here: Debian 12's headers predate it. */
struct pm_scan_region {
	uint64_t start, end, categories;
};
struct pm_scan_arg {
	uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
	uint64_t category_inverted, category_mask, category_anyof_mask, return_mask;
};
#define PM_SCAN _IOWR('f', 16, struct pm_scan_arg)

/* PAGEMAP_SCAN's regions of [start, end) in the categories, each walked; -EOPNOTSUPP before 6.7. */
static int scan(int fd, unsigned page_shift, uint64_t start, uint64_t end, uint64_t categories,
		hwp_pagemap_fn fn, void *data)
{
	struct pm_scan_region regions[64];
	for (uint64_t at = start; at < end;) {
		struct pm_scan_arg arg = {
			.size = sizeof(arg), .start = at, .end = end,
			.vec = (uint64_t)(uintptr_t)regions, .vec_len = 64,
			.category_anyof_mask = categories, .return_mask = categories,
		};
		long n = ioctl(fd, PM_SCAN, &arg);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EFAULT)
			return 0;   /* beyond the user address space ([vsyscall]): no page table to read */
		if (n < 0)
			return errno == ENOTTY || errno == EINVAL ? -EOPNOTSUPP : -errno;
		for (long i = 0; i < n; i++) {
			int r = hwp_pagemap_walk(fd, page_shift, regions[i].start, regions[i].end, fn, data,
						 NULL);
			if (r)
				return r;
		}
		if (arg.walk_end <= at)
			break;
		at = arg.walk_end;
	}
	return 0;
}

int hwp_pagemap_walk_only(int fd, unsigned page_shift, uint64_t start, uint64_t end,
			  uint64_t categories, uint64_t walk_max, hwp_pagemap_fn fn, void *data)
{
	int r = scan(fd, page_shift, start, end, categories, fn, data);
	if (r != -EOPNOTSUPP)
		return r;
	if (walk_max && end - start > walk_max)
		return -E2BIG;
	return hwp_pagemap_walk(fd, page_shift, start, end, fn, data, NULL);
}

bool hwp_process_exists(struct hwp_ctx *ctx, int pid)
{
	char kpath[64];
	snprintf(kpath, sizeof(kpath), "/proc/%d/maps", pid);
	return pid > 0 && hwp_exists(ctx, kpath);
}

void hwp_process_comm(struct hwp_ctx *ctx, int pid, char *comm, size_t len)
{
	char kpath[64];
	snprintf(kpath, sizeof(kpath), "/proc/%d/comm", pid);
	if (hwp_read_text(ctx, kpath, comm, len) < 0)
		snprintf(comm, len, "?");
	comm[strcspn(comm, "\n")] = '\0';
}

/* PF_KTHREAD in the flags field of /proc/PID/stat (include/linux/sched.h). */
#define PF_KTHREAD 0x00200000u

int hwp_process_kernel_thread(struct hwp_ctx *ctx, int pid, char *name, size_t name_len)
{
	char kpath[64], text[1024];
	snprintf(kpath, sizeof(kpath), "/proc/%d/stat", pid);
	int r = hwp_read_text(ctx, kpath, text, sizeof(text));
	if (r < 0)
		return r;
	/* "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses, so from the last ')'. */
	char *open = strchr(text, '('), *close = strrchr(text, ')');
	if (!open || !close || close < open)
		return -EINVAL;
	snprintf(name, name_len, "%.*s", (int)(close - open - 1), open + 1);
	unsigned long flags = 0;
	/* state ppid pgrp session tty_nr tpgid flags */
	if (sscanf(close + 1, " %*c %*d %*d %*d %*d %*d %lu", &flags) != 1)
		return -EINVAL;
	return (flags & PF_KTHREAD) != 0;
}

int hwp_each_mapping(struct hwp_ctx *ctx, int pid, hwp_mapping_fn fn, void *data)
{
	char kpath[64], path[PATH_MAX];
	snprintf(kpath, sizeof(kpath), "/proc/%d/maps", pid);
	int r = hwp_path(ctx, kpath, path, sizeof(path));
	if (r < 0)
		return r;
	FILE *f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -ESRCH : -errno;
	/* Whole lines, however long the mapped file's path: a piece of one is no mapping. */
	char *line = NULL;
	size_t cap = 0;
	while (r == 0 && getline(&line, &cap, f) > 0) {
		struct hwp_mapping m;
		char perms[5];
		uint64_t inode = 0;
		int n = sscanf(line, "%" SCNx64 "-%" SCNx64 " %4s %*x %*s %" SCNu64, &m.start, &m.end,
			       perms, &inode);
		if (n >= 3) {
			m.accessible = strncmp(perms, "---", 3) != 0;
			m.writable = perms[1] == 'w';
			m.shared = perms[3] == 's';
			m.anonymous = inode == 0;
			r = fn(&m, data);
		}
	}
	free(line);
	fclose(f);
	return r;
}

static int holds(const struct hwp_mapping *m, void *vaddr)
{
	return *(uint64_t *)vaddr >= m->start && *(uint64_t *)vaddr < m->end;
}

int hwp_vaddr_mapped(struct hwp_ctx *ctx, int pid, uint64_t vaddr)
{
	return hwp_each_mapping(ctx, pid, holds, &vaddr);
}

struct page_walk {
	int fd;          /* the process's pagemap */
	unsigned shift;
	const struct hwp_vrange *within;
	size_t nwithin;
	hwp_vpage_fn fn;
	void *data;
};

static int present_page(uint64_t vaddr, uint64_t entry, void *data)
{
	const struct page_walk *w = data;
	if (!(entry & HWP_PM_PRESENT))
		return 0;
	if ((entry & HWP_PM_PFN_MASK) == 0)
		return -EPERM;
	return w->fn(vaddr, entry & HWP_PM_PFN_MASK, w->data);
}

/* The present pages of [start, end), however large. */
static int present_pages(const struct page_walk *w, uint64_t start, uint64_t end)
{
	return hwp_pagemap_walk_only(w->fd, w->shift, start, end, HWP_PM_SCAN_PRESENT, 0, present_page,
				     (void *)w);
}

/* The present pages of one mapping, or of its parts inside the ranges asked for. */
static int mapping_pages(const struct hwp_mapping *m, void *data)
{
	const struct page_walk *w = data;
	if (!w->within)
		return present_pages(w, m->start, m->end);
	int r = 0;
	for (size_t i = 0; i < w->nwithin && r == 0; i++) {
		uint64_t start = m->start > w->within[i].start ? m->start : w->within[i].start;
		uint64_t end = m->end < w->within[i].end ? m->end : w->within[i].end;
		if (start < end)
			r = present_pages(w, start, end);
	}
	return r;
}

int hwp_process_pages(struct hwp_ctx *ctx, int pid, const struct hwp_vrange *within,
		      size_t nwithin, hwp_vpage_fn fn, void *data)
{
	char kpath[64];
	snprintf(kpath, sizeof(kpath), "/proc/%d/pagemap", pid);
	int fd = hwp_open(ctx, kpath, O_RDONLY);
	if (fd < 0)
		return fd == -ENOENT ? -ESRCH : fd;
	struct page_walk w = { fd, ctx->page_shift, within, nwithin, fn, data };
	int r = hwp_each_mapping(ctx, pid, mapping_pages, &w);
	close(fd);
	return r;
}

int hwp_vaddr_to_pfn(struct hwp_ctx *ctx, int pid, uint64_t vaddr, struct hwp_vpage *ret)
{
	char kpath[64];
	if (pid > 0)
		snprintf(kpath, sizeof(kpath), "/proc/%d/pagemap", pid);
	else
		snprintf(kpath, sizeof(kpath), "/proc/self/pagemap");
	int fd = hwp_open(ctx, kpath, O_RDONLY);
	if (fd < 0)
		return fd == -ENOENT ? -ESRCH : fd;
	uint64_t entry;
	off_t off = (off_t)((vaddr >> ctx->page_shift) * 8);
	ssize_t n = pread(fd, &entry, sizeof(entry), off);
	int saved = errno;
	close(fd);
	if (n < 0)
		return -saved;
	if (n != sizeof(entry))
		return -EFAULT;
	memset(ret, 0, sizeof(*ret));
	ret->vaddr = vaddr & ~((UINT64_C(1) << ctx->page_shift) - 1);
	ret->present = entry & HWP_PM_PRESENT;
	ret->poisoned_pfn = hwp_pagemap_poisoned_pfn(entry);
	ret->swapped = (entry & HWP_PM_SWAPPED) && !ret->poisoned_pfn;
	ret->pfn = ret->present ? entry & HWP_PM_PFN_MASK : 0;
	/* Without CAP_SYS_ADMIN the kernel hides the pfn as 0. */
	if (ret->present && ret->pfn == 0)
		return -EPERM;
	return 0;
}

int hwp_file_page(struct hwp_ctx *ctx, const char *path, uint64_t offset, struct hwp_vpage *ret)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int r = -errno;
		close(fd);
		return r;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	if (offset >= (uint64_t)st.st_size) {
		close(fd);
		return -ERANGE;
	}
	uint64_t page = UINT64_C(1) << ctx->page_shift;
	uint64_t start = offset & ~(page - 1);
	volatile unsigned char *map = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, (off_t)start);
	int r = 0;
	if (map == MAP_FAILED) {
		r = -errno;
	} else {
		/* The read fault brings the page into the page cache and maps it here. */
		(void)map[offset - start];
		r = hwp_vaddr_to_pfn(ctx, 0, (uint64_t)(uintptr_t)map, ret);
		/* Unmapped before anyone acts on it: poisoning a page hwpoison maps would kill it. */
		munmap((void *)map, page);
	}
	close(fd);
	if (r == 0 && !ret->present)
		r = -EIO;
	ret->vaddr = start;
	return r;
}

int hwp_file_reader_sees(const char *path, uint64_t offset)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	unsigned char byte;
	ssize_t n = pread(fd, &byte, 1, (off_t)offset);
	int r = n < 0 ? -errno : 0;
	close(fd);
	return r;
}
