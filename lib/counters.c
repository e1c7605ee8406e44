// SPDX-License-Identifier: GPL-2.0-or-later
/* Counters and switches: HardwareCorrupted in /proc/meminfo, per-node memory_failure/, vm sysctls. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int hwp_parse_meminfo_kb(const char *text, size_t len, const char *key, uint64_t *ret_kb)
{
	size_t key_len = strlen(key);
	for (const char *line = text, *stop = text + len; line < stop;) {
		const char *next = memchr(line, '\n', (size_t)(stop - line));
		const char *end = next ? next : stop;
		if ((size_t)(end - line) > key_len && memcmp(line, key, key_len) == 0 &&
		    line[key_len] == ':') {
			const char *p = line + key_len + 1;
			while (p < end && *p == ' ')
				p++;
			const char *digits = p;
			while (p < end && *p >= '0' && *p <= '9')
				p++;
			return hwp_parse_size(digits, (size_t)(p - digits), false, ret_kb);
		}
		line = next ? next + 1 : stop;
	}
	return -ENOENT;
}

int hwp_hardware_corrupted_kb(struct hwp_ctx *ctx, uint64_t *ret_kb)
{
	char buf[8192];
	int r = hwp_read_text(ctx, "/proc/meminfo", buf, sizeof(buf));
	if (r < 0)
		return r;
	return hwp_parse_meminfo_kb(buf, (size_t)r, "HardwareCorrupted", ret_kb);
}

static int cmp_node(const void *a, const void *b)
{
	const struct hwp_node_stats *x = a, *y = b;
	return (x->node > y->node) - (x->node < y->node);
}

int hwp_node_stats(struct hwp_ctx *ctx, struct hwp_node_stats *ret, size_t max)
{
	char path[PATH_MAX];
	int r = hwp_path(ctx, "/sys/devices/system/node", path, sizeof(path));
	if (r < 0)
		return r;
	DIR *dir = opendir(path);
	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	size_t count = 0;
	struct dirent *de;
	while ((de = readdir(dir)) && count < max) {
		int node;
		char tail;
		if (sscanf(de->d_name, "node%d%c", &node, &tail) != 1 || node < 0)
			continue;
		static const char *const names[] = { "total", "ignored", "failed", "delayed",
						     "recovered" };
		uint64_t v[5];
		bool ok = true;
		for (size_t i = 0; i < 5 && ok; i++) {
			char kpath[PATH_MAX];
			snprintf(kpath, sizeof(kpath), "/sys/devices/system/node/node%d/memory_failure/%s",
				 node, names[i]);
			ok = hwp_read_u64(ctx, kpath, &v[i]) == 0;
		}
		if (!ok)
			continue;
		ret[count++] = (struct hwp_node_stats){ node, v[0], v[1], v[2], v[3], v[4] };
	}
	closedir(dir);
	qsort(ret, count, sizeof(*ret), cmp_node);
	return (int)count;
}

int hwp_parse_int64(const char *text, size_t len, int64_t *ret)
{
	char buf[32];
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, text, len);
	buf[len] = '\0';
	char *end;
	errno = 0;
	long long v = strtoll(buf, &end, 10);
	if (errno || end == buf || *end)
		return -EINVAL;
	*ret = v;
	return 0;
}

int hwp_sysctl_vm(struct hwp_ctx *ctx, const char *name, int64_t *ret)
{
	char kpath[PATH_MAX], buf[64];
	if (snprintf(kpath, sizeof(kpath), "/proc/sys/vm/%s", name) >= (int)sizeof(kpath))
		return -ENAMETOOLONG;
	int r = hwp_read_text(ctx, kpath, buf, sizeof(buf));
	if (r < 0)
		return r;
	return hwp_parse_int64(buf, (size_t)r, ret);
}
