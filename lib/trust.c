// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a privileged hwpoison may trust. It runs as root or with
 * capabilities and writes numbers into files, so every write must land in
 * the kernel's own interface files or in hwpoison's run directory, never
 * where a link or a tree owned by someone else points it. The bottom floor
 * of the library: it knows no context, only paths and credentials.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

bool hwp_privileged(void)
{
	if (geteuid() == 0 || getauxval(AT_SECURE))
		return true;
	cap_t caps = cap_get_proc();
	if (!caps)
		return true; /* cannot tell: assume the worst */
	bool any = false;
	for (cap_value_t c = 0; c <= CAP_LAST_CAP && !any; c++) {
		cap_flag_value_t v = CAP_CLEAR;
		if (cap_get_flag(caps, c, CAP_EFFECTIVE, &v) == 0 && v == CAP_SET)
			any = true;
	}
	cap_free(caps);
	return any;
}

/* Unprivileged, a tree of one's own cannot be turned against anyone else. */
static bool owner_trusted(unsigned uid, bool privileged)
{
	return uid == 0 || (uid == geteuid() && !privileged);
}

bool hwp_owner_trusted(unsigned uid)
{
	return owner_trusted(uid, hwp_privileged());
}

/*
 * Owned by root (or, unprivileged, by the caller) and writable by the owner
 * alone; a directory writable by others passes only as an ancestor with the
 * sticky bit, as /tmp, where nobody else can rename what lies in it.
 */
static enum hwp_distrust judge(const struct stat *st, bool ancestor, bool privileged)
{
	if (S_ISLNK(st->st_mode))
		return HWP_DISTRUST_LINK;
	if (!owner_trusted(st->st_uid, privileged))
		return HWP_DISTRUST_OWNER;
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) &&
	    !(ancestor && S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX) && st->st_uid == 0))
		return HWP_DISTRUST_WRITABLE;
	return HWP_DISTRUST_NONE;
}

/* Each component of an absolute path from "/" down, links not followed. */
int hwp_path_trusted(const char *path, size_t trusted_prefix, struct hwp_distrusted *ret)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);
	if (path[0] != '/' || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, path, len + 1);
	bool privileged = hwp_privileged();
	for (size_t end = 1; end <= len; end++) {
		if (end < len && buf[end] != '/')
			continue;
		if (end < trusted_prefix || (end > 1 && buf[end - 1] == '/'))
			continue;
		char saved = buf[end];
		buf[end] = '\0';
		struct stat st;
		if (lstat(buf, &st) < 0)
			return -errno;
		enum hwp_distrust why = judge(&st, end < len, privileged);
		if (why != HWP_DISTRUST_NONE) {
			if (ret) {
				snprintf(ret->path, sizeof(ret->path), "%s", buf);
				ret->why = why;
				ret->uid = st.st_uid;
			}
			return -EPERM;
		}
		buf[end] = saved;
	}
	return 0;
}

int hwp_sysroot_check(const char *sysroot, struct hwp_distrusted *ret)
{
	if (!sysroot || !*sysroot || !hwp_privileged())
		return 0;
	return hwp_path_trusted(sysroot, 0, ret);
}

int hwp_fd_trusted(int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	return judge(&st, false, hwp_privileged()) == HWP_DISTRUST_NONE ? 0 : -EPERM;
}
