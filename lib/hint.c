// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What to do about an unpoison the kernel refused as busy, from what the
 * journal says named the page: the kernel holds a page still in a file's
 * page cache, or mapped by a process, and gives only EBUSY.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

struct last_target {
	uint64_t pfn;
	char target[HWP_TARGET_LEN];
};

/* The newest record that poisoned the page, with what named it. */
static int find_target(const struct hwp_journal_entry *e, void *data)
{
	struct last_target *t = data;
	if (e->pfn == t->pfn && strcmp(e->op, "unpoison") != 0 && e->target[0])
		snprintf(t->target, sizeof(t->target), "%s", e->target);
	else if (e->pfn == t->pfn && strcmp(e->op, "unpoison") == 0 &&
		 strcmp(e->status, "unpoisoned") == 0)
		t->target[0] = '\0';
	return 0;
}

/* The file is the caller's, not the kernel's: no sysroot, nothing to read. */
static int file_hint(const char *target, char *buf, size_t len)
{
	/* "file=PATH offset=N": PATH may hold spaces, the offset is last. */
	const char *offset = strstr(target, " offset=");
	const char *end;
	while (offset && (end = strstr(offset + 1, " offset=")))
		offset = end;
	if (!offset)
		return 0;
	char path[HWP_TARGET_LEN];
	snprintf(path, sizeof(path), "%.*s", (int)(offset - target - 5), target + 5);
	snprintf(buf, len, "still in the page cache of %s: remove or truncate the file, then "
		 "unpoison again", path);
	return 1;
}

static int process_hint(struct hwp_ctx *ctx, const char *target, char *buf, size_t len)
{
	int pid;
	uint64_t vaddr;
	if (sscanf(target, "pid=%d vaddr=0x%" SCNx64, &pid, &vaddr) != 2)
		return 0;
	if (!hwp_process_exists(ctx, pid))
		return 0;
	snprintf(buf, len, "process %d still maps it at 0x%" PRIx64 ": end the process (or unmap "
		 "the page), then unpoison again", pid, vaddr);
	return 1;
}

int hwp_unpoison_hint(struct hwp_ctx *ctx, uint64_t pfn, char *buf, size_t len)
{
	struct last_target t = { .pfn = pfn };
	if (hwp_journal_read(ctx, find_target, &t) < 0 || !t.target[0])
		return 0;
	if (strncmp(t.target, "file=", 5) == 0)
		return file_hint(t.target, buf, len);
	if (strncmp(t.target, "pid=", 4) == 0)
		return process_hint(ctx, t.target, buf, len);
	return 0;
}
