// SPDX-License-Identifier: GPL-2.0-or-later
/* The hwpoison filter: debugfs hwpoison/corrupt-filter-*. */
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

void hwp_filter_defaults(struct hwp_filter *ret)
{
	*ret = (struct hwp_filter){
		.enable = 0,
		.dev_major = HWP_FILTER_DEV_ANY,
		.dev_minor = HWP_FILTER_DEV_ANY,
		.has_memcg = true,
	};
}

static int filter_read_one(struct hwp_ctx *ctx, const char *name, uint64_t *ret)
{
	char kpath[PATH_MAX];
	int r = hwp_debugfs_hwpoison_path(ctx, name, kpath, sizeof(kpath));
	return r < 0 ? r : hwp_read_u64(ctx, kpath, ret);
}

static int filter_write_one(struct hwp_ctx *ctx, const char *name, uint64_t value)
{
	char kpath[PATH_MAX], text[32];
	int r = hwp_debugfs_hwpoison_path(ctx, name, kpath, sizeof(kpath));
	if (r < 0)
		return r;
	/* Decimal: debugfs u32/u64 files reject "-1" on newer kernels. */
	snprintf(text, sizeof(text), "%" PRIu64, value);
	return hwp_write_text(ctx, kpath, text);
}

int hwp_filter_read(struct hwp_ctx *ctx, struct hwp_filter *ret)
{
	uint64_t v[5];
	static const char *const names[] = {
		"corrupt-filter-enable", "corrupt-filter-dev-major", "corrupt-filter-dev-minor",
		"corrupt-filter-flags-mask", "corrupt-filter-flags-value",
	};
	for (size_t i = 0; i < 5; i++) {
		int r = filter_read_one(ctx, names[i], &v[i]);
		if (r < 0)
			return r;
	}
	ret->enable = (uint32_t)v[0];
	ret->dev_major = (uint32_t)v[1];
	ret->dev_minor = (uint32_t)v[2];
	ret->flags_mask = v[3];
	ret->flags_value = v[4];
	/* Only kernels built with CONFIG_MEMCG have the memcg file. */
	int r = filter_read_one(ctx, "corrupt-filter-memcg", &ret->memcg);
	ret->has_memcg = r == 0;
	if (r < 0)
		ret->memcg = 0;
	return r < 0 && r != -ENOENT ? r : 0;
}

int hwp_filter_write(struct hwp_ctx *ctx, const struct hwp_filter *f)
{
	/* Disable first and enable last, so no half-set filter is ever active. */
	int r = filter_write_one(ctx, "corrupt-filter-enable", 0);
	if (!r)
		r = filter_write_one(ctx, "corrupt-filter-dev-major", f->dev_major);
	if (!r)
		r = filter_write_one(ctx, "corrupt-filter-dev-minor", f->dev_minor);
	if (!r)
		r = filter_write_one(ctx, "corrupt-filter-flags-mask", f->flags_mask);
	if (!r)
		r = filter_write_one(ctx, "corrupt-filter-flags-value", f->flags_value);
	if (!r && f->has_memcg)
		r = filter_write_one(ctx, "corrupt-filter-memcg", f->memcg);
	if (!r && f->enable)
		r = filter_write_one(ctx, "corrupt-filter-enable", f->enable);
	return r;
}

/*
 * Removing the module resets the filter (5.19+) without a trace. hwpoison
 * keeps a note in /run while it has left a filter enabled, so a later run
 * that finds the module gone can say the filter was lost.
 */
#define FILTER_NOTE HWP_RUN_DIR "/filter-set"

int hwp_filter_note(struct hwp_ctx *ctx, bool enabled)
{
	char path[PATH_MAX];
	int r = hwp_path(ctx, FILTER_NOTE, path, sizeof(path));
	if (r < 0)
		return r;
	if (!enabled)
		return unlink(path) < 0 && errno != ENOENT ? -errno : 0;
	char note[PATH_MAX];
	if ((r = hwp_run_path(ctx, "filter-set", note, sizeof(note))) < 0)
		return r;
	int fd = hwp_open(ctx, note, O_WRONLY | O_CREAT | O_TRUNC);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

bool hwp_filter_note_exists(struct hwp_ctx *ctx)
{
	return hwp_exists(ctx, FILTER_NOTE);
}
