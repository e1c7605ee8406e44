// SPDX-License-Identifier: GPL-2.0-or-later
/* /proc/kpageflags: one u64 per pfn, read in bounded batches. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

#define KPF_PATH "/proc/kpageflags"
/* 512 KiB per read: large enough to amortise the syscall, small enough to bound memory. */
#define KPF_BATCH (64 * 1024)

static int kpf_fd(struct hwp_ctx *ctx)
{
	if (ctx->kpageflags_fd < 0) {
		int fd = hwp_open(ctx, KPF_PATH, O_RDONLY);
		if (fd < 0)
			return fd;
		ctx->kpageflags_fd = fd;
	}
	return ctx->kpageflags_fd;
}

/* Read up to count entries at pfn; returns how many were read (0 past the end). */
static ssize_t kpf_read(int fd, uint64_t pfn, uint64_t *buf, size_t count)
{
	size_t done = 0;
	while (done < count) {
		ssize_t n = pread(fd, (char *)buf + done * 8, (count - done) * 8,
				  (off_t)((pfn + done) * 8));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		done += (size_t)n / 8;
	}
	return (ssize_t)done;
}

int hwp_kpageflags_get(struct hwp_ctx *ctx, uint64_t pfn, uint64_t *ret_flags)
{
	int fd = kpf_fd(ctx);
	if (fd < 0)
		return fd;
	if (pfn > (UINT64_MAX >> 4))
		return -ERANGE;
	uint64_t flags;
	ssize_t n = kpf_read(fd, pfn, &flags, 1);
	if (n < 0)
		return (int)n;
	if (n == 0)
		return -ERANGE;
	*ret_flags = flags;
	return 0;
}

int hwp_kpageflags_end(struct hwp_ctx *ctx, uint64_t *ret_end)
{
	if (ctx->kpageflags_end) {
		*ret_end = ctx->kpageflags_end;
		return 0;
	}
	int fd = kpf_fd(ctx);
	if (fd < 0)
		return fd;
	/* The file has no size; bisect on "does a read at this pfn return data". */
	uint64_t lo = 0, hi = UINT64_C(1) << 44, flags;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		ssize_t n = kpf_read(fd, mid, &flags, 1);
		if (n < 0)
			return (int)n;
		if (n == 1)
			lo = mid + 1;
		else
			hi = mid;
	}
	ctx->kpageflags_end = lo;
	*ret_end = lo;
	return 0;
}

int hwp_kpageflags_scan(struct hwp_ctx *ctx, uint64_t first, uint64_t last,
			hwp_scan_fn fn, void *data)
{
	uint64_t end;
	int r = hwp_kpageflags_end(ctx, &end);
	if (r < 0)
		return r;
	if (end == 0 || first >= end)
		return 0;
	if (last >= end)
		last = end - 1;
	int fd = kpf_fd(ctx);
	uint64_t *buf = malloc(KPF_BATCH * sizeof(*buf));
	if (!buf)
		return -ENOMEM;
	r = 0;
	for (uint64_t pfn = first; pfn <= last && r == 0;) {
		uint64_t want = last - pfn + 1;
		size_t count = want < KPF_BATCH ? (size_t)want : KPF_BATCH;
		ssize_t n = kpf_read(fd, pfn, buf, count);
		if (n < 0) {
			r = (int)n;
			break;
		}
		if (n == 0)
			break;
		for (ssize_t i = 0; i < n && r == 0; i++)
			r = fn(pfn + (uint64_t)i, buf[i], data);
		pfn += (uint64_t)n;
	}
	free(buf);
	return r;
}
