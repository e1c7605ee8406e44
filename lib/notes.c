// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hwpoison's notes of what this boot has seen: empty files in /run/hwpoison,
 * which is emptied at boot, like the poison itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include "internal.h"

int hwp_note_unpoison_disabled(struct hwp_ctx *ctx)
{
	int r = hwp_first_this_boot(ctx, "unpoison-disabled");
	return r < 0 ? r : 0;
}

int hwp_first_this_boot(struct hwp_ctx *ctx, const char *what)
{
	char kpath[PATH_MAX];
	int r = hwp_run_path(ctx, what, kpath, sizeof(kpath));
	if (r < 0)
		return r;
	/* /run is emptied at boot, like the poison itself. */
	int fd = hwp_open(ctx, kpath, O_WRONLY | O_CREAT | O_EXCL);
	if (fd == -EEXIST)
		return 0;
	if (fd < 0)
		return fd;
	close(fd);
	return 1;
}
