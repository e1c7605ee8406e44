// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel's verdict, and the processes it signalled, from the kernel
 * log. memory_failure() prints "Memory failure: 0x1234: recovery action
 * for free buddy page: Recovered" synchronously inside the write that
 * triggered it, after a line for each process it signalled, so reading
 * /dev/kmsg right after the write finds them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

struct hwp_kmsg {
	int fd;
};

int hwp_kmsg_open(struct hwp_ctx *ctx, struct hwp_kmsg **ret)
{
	int fd = hwp_open(ctx, "/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return fd;
	/* Only what is logged from now on is ours. */
	if (lseek(fd, 0, SEEK_END) < 0) {
		int r = -errno;
		close(fd);
		return r;
	}
	struct hwp_kmsg *kmsg = malloc(sizeof(*kmsg));
	if (!kmsg) {
		close(fd);
		return -ENOMEM;
	}
	kmsg->fd = fd;
	*ret = kmsg;
	return 0;
}

void hwp_kmsg_close(struct hwp_kmsg *kmsg)
{
	if (!kmsg)
		return;
	close(kmsg->fd);
	free(kmsg);
}

void hwp_kmsg_drain(struct hwp_kmsg *kmsg)
{
	char rec[2048];
	for (;;) {
		ssize_t n = read(kmsg->fd, rec, sizeof(rec));
		if (n > 0 || (n < 0 && (errno == EINTR || errno == EPIPE)))
			continue;
		break; /* EAGAIN: nothing more, or an error the verdict read will meet */
	}
}

static void copy_field(char *dst, size_t dst_len, const char *src, size_t src_len)
{
	if (dst_len == 0)
		return;
	if (src_len >= dst_len)
		src_len = dst_len - 1;
	memcpy(dst, src, src_len);
	dst[src_len] = '\0';
}

int hwp_parse_verdict_line(const char *msg, size_t len, uint64_t *ret_pfn, char *type,
			   size_t type_len, char *result, size_t result_len)
{
	static const char prefix[] = "Memory failure: ";
	static const char action[] = ": recovery action for ";
	const size_t plen = sizeof(prefix) - 1, alen = sizeof(action) - 1;

	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
		len--;
	if (len < plen || memcmp(msg, prefix, plen) != 0)
		return -EINVAL;
	const char *p = msg + plen, *end = msg + len;
	const char *colon = memchr(p, ':', (size_t)(end - p));
	if (!colon)
		return -EINVAL;
	uint64_t pfn;
	if (hwp_parse_size(p, (size_t)(colon - p), false, &pfn) < 0)
		return -EINVAL;
	if ((size_t)(end - colon) < alen || memcmp(colon, action, alen) != 0)
		return -EINVAL;
	const char *t = colon + alen;
	/* The page type has no ": " inside; the result follows the last one. */
	const char *sep = NULL;
	for (const char *q = t; q + 1 < end; q++)
		if (q[0] == ':' && q[1] == ' ')
			sep = q;
	if (!sep || sep == t || sep + 2 >= end)
		return -EINVAL;
	*ret_pfn = pfn;
	copy_field(type, type_len, t, (size_t)(sep - t));
	copy_field(result, result_len, sep + 2, (size_t)(end - sep - 2));
	return 0;
}

/* One record's message: its verdict or the process it names, when about res's page. */
static int take_record(const char *msg, size_t len, struct hwp_page_result *res)
{
	uint64_t seen;
	char t[HWP_VERDICT_LEN], r[HWP_VERDICT_LEN];
	if (hwp_parse_verdict_line(msg, len, &seen, t, sizeof(t), r, sizeof(r)) == 0) {
		if (seen != res->pfn)
			return 0;
		if (!res->verdict_source) {
			copy_field(res->type, sizeof(res->type), t, strlen(t));
			copy_field(res->result, sizeof(res->result), r, strlen(r));
			res->verdict_source = "kernel-log";
		}
		return 1;
	}
	struct hwp_kill k;
	if (hwp_parse_kill_line(msg, len, &seen, &k) == 0 && seen == res->pfn)
		hwp_kills_add(&res->kills, &k);
	return 0;
}

int hwp_kmsg_collect(struct hwp_kmsg *kmsg, struct hwp_page_result *res)
{
	char rec[2048];
	int found = 0;
	for (;;) {
		ssize_t n = read(kmsg->fd, rec, sizeof(rec) - 1);
		if (n < 0) {
			if (errno == EINTR || errno == EPIPE) /* EPIPE: records overwritten */
				continue;
			if (errno == EAGAIN)
				break;
			return -errno;
		}
		if (n == 0)
			break;
		rec[n] = '\0';
		/* "prio,seq,usec,flags;message\n" followed by " KEY=value" lines. */
		char *msg = strchr(rec, ';');
		if (msg)
			found |= take_record(msg + 1, strcspn(msg + 1, "\n"), res);
	}
	return found;
}
