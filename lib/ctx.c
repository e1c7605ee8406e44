// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The context and the kernel path layer: every /proc, /sys and /dev path the
 * library touches is resolved here, so tests can root them in a fixture tree.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "internal.h"

int hwp_ctx_new(const char *sysroot, struct hwp_ctx **ret_ctx)
{
	if (hwp_sysroot_check(sysroot, NULL) < 0)
		return -EPERM;
	struct hwp_ctx *ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	/* A root of "/" is the real machine; strip trailing slashes. */
	size_t n = sysroot ? strlen(sysroot) : 0;
	while (n > 0 && sysroot[n - 1] == '/')
		n--;
	ctx->sysroot = strndup(sysroot ? sysroot : "", n);
	if (!ctx->sysroot) {
		free(ctx);
		return -ENOMEM;
	}
	long page_size = sysconf(_SC_PAGESIZE);
	ctx->page_shift = 12;
	while (page_size > 0 && (1L << ctx->page_shift) < page_size)
		ctx->page_shift++;
	ctx->kpageflags_fd = -1;
	ctx->op_fd = -1;
	ctx->recovery_sysctl = -1;
	ctx->panic_sysctl = -1;
	ctx->cpu_vendor = -1;
	*ret_ctx = ctx;
	return 0;
}

void hwp_ctx_free(struct hwp_ctx *ctx)
{
	if (!ctx)
		return;
	if (ctx->kpageflags_fd >= 0)
		close(ctx->kpageflags_fd);
	if (ctx->op_fd >= 0)
		close(ctx->op_fd);
	if (ctx->release_verdicts)
		ctx->release_verdicts(ctx);
	free(ctx->sysroot);
	free(ctx);
}

void hwp_ctx_set_scan_threads(struct hwp_ctx *ctx, unsigned threads)
{
	ctx->scan_threads = threads;
}

bool hwp_ctx_is_rooted(const struct hwp_ctx *ctx)
{
	return ctx->sysroot[0] != '\0';
}

unsigned hwp_page_shift(const struct hwp_ctx *ctx)
{
	return ctx->page_shift;
}

int hwp_path(const struct hwp_ctx *ctx, const char *kpath, char *buf, size_t len)
{
	if (kpath[0] != '/')
		return -EINVAL;
	int n = snprintf(buf, len, "%s%s", ctx->sysroot, kpath);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

/* The filesystem a kernel interface file must be on, by where it is. */
static bool on_kernel_fs(const struct hwp_ctx *ctx, const char *kpath, long fs_type)
{
	if (strncmp(kpath, "/proc/", 6) == 0)
		return fs_type == PROC_SUPER_MAGIC;
	size_t n = strlen(ctx->debugfs);
	if ((n && strncmp(kpath, ctx->debugfs, n) == 0 && kpath[n] == '/') ||
	    strncmp(kpath, HWP_DEFAULT_DEBUGFS "/", sizeof(HWP_DEFAULT_DEBUGFS)) == 0)
		return fs_type == DEBUGFS_MAGIC || fs_type == TRACEFS_MAGIC;
	if (strncmp(kpath, "/sys/kernel/tracing/", 20) == 0)
		return fs_type == TRACEFS_MAGIC;
	if (strncmp(kpath, "/sys/", 5) == 0)
		return fs_type == SYSFS_MAGIC;
	return false;
}

static int write_target_check(const struct hwp_ctx *ctx, const char *kpath, int fd)
{
	if (hwp_ctx_is_rooted(ctx)) {
		/* A fixture tree: its parents were checked before the open, the file is checked now. */
		if (!hwp_privileged())
			return 0;
		int r = hwp_fd_trusted(fd);
		return r == -EPERM ? -EXDEV : r;
	}
	struct statfs fs;
	if (fstatfs(fd, &fs) < 0)
		return -errno;
	return on_kernel_fs(ctx, kpath, (long)fs.f_type) ? 0 : -EXDEV;
}

static bool in_run_dir(const char *kpath)
{
	size_t n = strlen(HWP_RUN_DIR);
	return strncmp(kpath, HWP_RUN_DIR, n) == 0 && kpath[n] == '/';
}

/*
 * The parent directories of a fixture file, checked before a privileged open
 * for writing; the components of the sysroot itself were checked when the
 * context was made.
 */
static int fixture_parents_trusted(const struct hwp_ctx *ctx, const char *path)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir)
		*slash = '\0';
	int r = hwp_path_trusted(dir, strlen(ctx->sysroot), NULL);
	return r == -EPERM ? -EXDEV : r;
}

/* A file of the run directory: a regular file of root's (or ours), mode fixed at creation. */
static int run_file_opened(int fd, bool created)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) || st.st_nlink != 1)
		return -EXDEV;
	if (created) {
		/* With file capabilities the creator is a tester: the file is root's all the same. */
		if (fchmod(fd, 0644) < 0)
			return -errno;
		if (st.st_uid != 0 && hwp_privileged() && fchown(fd, 0, 0) < 0)
			return -errno;
	} else if (!hwp_owner_trusted(st.st_uid)) {
		return -EXDEV;
	}
	return 0;
}

static int open_for_writing(const struct hwp_ctx *ctx, const char *kpath, const char *path,
			    int flags)
{
	bool fixture = hwp_ctx_is_rooted(ctx) && hwp_privileged();
	int r = fixture ? fixture_parents_trusted(ctx, path) : 0;
	if (r < 0)
		return r;
	bool created = false;
	int fd = -1;
	/* Links are never followed into a file hwpoison writes. */
	flags |= O_NOFOLLOW | O_CLOEXEC;
	if ((flags & O_CREAT) && !(flags & O_EXCL)) {
		fd = open(path, flags | O_EXCL, 0644);
		created = fd >= 0;
	}
	if (fd < 0)
		fd = open(path, flags, 0644);
	if (fd < 0)
		return errno == ELOOP ? -EXDEV : -errno;
	created = created || (flags & O_EXCL);
	r = in_run_dir(kpath) ? run_file_opened(fd, created)
			      : write_target_check(ctx, kpath, fd);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

int hwp_open(const struct hwp_ctx *ctx, const char *kpath, int flags)
{
	char path[PATH_MAX];
	int r = hwp_path(ctx, kpath, path, sizeof(path));
	if (r < 0)
		return r;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT))
		return open_for_writing(ctx, kpath, path, flags);
	int fd = open(path, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

bool hwp_exists(const struct hwp_ctx *ctx, const char *kpath)
{
	char path[PATH_MAX];
	struct stat st;
	return hwp_path(ctx, kpath, path, sizeof(path)) == 0 && stat(path, &st) == 0;
}

int hwp_read_text(const struct hwp_ctx *ctx, const char *kpath, char *buf, size_t len)
{
	if (len == 0)
		return -EINVAL;
	int fd = hwp_open(ctx, kpath, O_RDONLY);
	if (fd < 0)
		return fd;
	size_t done = 0;
	while (done < len - 1) {
		ssize_t n = read(fd, buf + done, len - 1 - done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int r = -errno;
			close(fd);
			return r;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	close(fd);
	buf[done] = '\0';
	return (int)done;
}

int hwp_read_u64(const struct hwp_ctx *ctx, const char *kpath, uint64_t *ret)
{
	char buf[64];
	int r = hwp_read_text(ctx, kpath, buf, sizeof(buf));
	if (r < 0)
		return r;
	size_t len = strcspn(buf, "\n");
	return hwp_parse_size(buf, len, false, ret);
}

int hwp_write_text(const struct hwp_ctx *ctx, const char *kpath, const char *text)
{
	int fd = hwp_open(ctx, kpath, O_WRONLY);
	if (fd < 0)
		return fd;
	size_t len = strlen(text);
	ssize_t n;
	do
		n = write(fd, text, len);
	while (n < 0 && errno == EINTR);
	int r = n < 0 ? -errno : ((size_t)n == len ? 0 : -EIO);
	/* Some kernel files report their error at close. */
	if (close(fd) < 0 && r == 0 && errno != EINTR)
		r = -errno;
	return r;
}

/*
 * HWP_RUN_DIR, created if need be: a directory (not a link) of root's that
 * nobody else can write, or a privileged hwpoison could be led to append
 * its records wherever someone planted a link.
 */
static int run_dir_ready(struct hwp_ctx *ctx, const char *dir)
{
	if (mkdir(dir, 0755) == 0) {
		/* Made by a tester with file capabilities: root's all the same. */
		if (geteuid() != 0 && lchown(dir, 0, 0) < 0 && errno != EPERM)
			return -errno;
	} else if (errno != EEXIST) {
		return -errno;
	}
	struct hwp_distrusted bad;
	int r = hwp_path_trusted(dir, hwp_ctx_is_rooted(ctx) ? strlen(ctx->sysroot) : 0, &bad);
	if (r == -EPERM) {
		ctx->run_dir_distrust = bad;
		return -EXDEV;
	}
	return r;
}

int hwp_run_path(struct hwp_ctx *ctx, const char *name, char *kpath, size_t len)
{
	char dir[PATH_MAX];
	int r = hwp_path(ctx, HWP_RUN_DIR, dir, sizeof(dir));
	if (r < 0)
		return r;
	if ((r = run_dir_ready(ctx, dir)) < 0)
		return r;
	return snprintf(kpath, len, "%s/%s", HWP_RUN_DIR, name) >= (int)len ? -ENAMETOOLONG : 0;
}

const struct hwp_distrusted *hwp_run_dir_distrusted(const struct hwp_ctx *ctx)
{
	return ctx->run_dir_distrust.path[0] ? &ctx->run_dir_distrust : NULL;
}

int hwp_write_cached(struct hwp_ctx *ctx, const char *kpath, const char *text)
{
	if (ctx->op_fd < 0 || strcmp(ctx->op_path, kpath) != 0) {
		if (ctx->op_fd >= 0)
			close(ctx->op_fd);
		ctx->op_fd = -1;
		int fd = hwp_open(ctx, kpath, O_WRONLY);
		if (fd < 0)
			return fd;
		ctx->op_fd = fd;
		ctx->op_unseekable = false;
		snprintf(ctx->op_path, sizeof(ctx->op_path), "%s", kpath);
	}
	size_t len = strlen(text);
	ssize_t n;
	/*
	 * Back to offset 0 for sysfs; debugfs attributes are not seekable
	 * (ESPIPE, and pwrite fails the same way), and need no rewind.
	 */
	if (!ctx->op_unseekable && lseek(ctx->op_fd, 0, SEEK_SET) < 0 && errno == ESPIPE)
		ctx->op_unseekable = true;
	do
		n = write(ctx->op_fd, text, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}
