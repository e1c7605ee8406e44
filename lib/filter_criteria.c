// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the filter compares: a memory cgroup's directory inode, and the
 * st_dev of the filesystem a page's file lives on. Both are resolved through
 * the mount table (libmount), so they work across cgroup v1 and v2 and for
 * any path on a mounted filesystem.
 */
#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <libmount.h>

#include "internal.h"

static struct libmnt_table *mount_table(struct hwp_ctx *ctx)
{
	char path[PATH_MAX];
	if (hwp_path(ctx, "/proc/self/mountinfo", path, sizeof(path)) < 0)
		return NULL;
	return mnt_new_table_from_file(path);
}

/*
 * The mount kpath lies on: libmount walks up from the path to the nearest
 * mount point. In a rooted context the table's targets are moved under the
 * sysroot first, so the path looked up is one that exists here. tb must be
 * a table of its own (mount_table), since its targets may change.
 */
static struct libmnt_fs *mount_of(struct hwp_ctx *ctx, struct libmnt_table *tb, const char *kpath)
{
	char full[PATH_MAX];
	if (hwp_path(ctx, kpath, full, sizeof(full)) < 0)
		return NULL;
	if (hwp_ctx_is_rooted(ctx)) {
		struct libmnt_iter *it = mnt_new_iter(MNT_ITER_FORWARD);
		struct libmnt_fs *fs;
		while (it && mnt_table_next_fs(tb, it, &fs) == 0) {
			const char *t = mnt_fs_get_target(fs);
			char rebased[PATH_MAX];
			if (t && hwp_path(ctx, t, rebased, sizeof(rebased)) == 0)
				mnt_fs_set_target(fs, rebased);
		}
		mnt_free_iter(it);
	}
	/* Backward: a later mount on the same place hides an earlier one. */
	return mnt_table_find_mountpoint(tb, full, MNT_ITER_BACKWARD);
}

/* A hierarchy the memcg filter can name: cgroup2, or cgroup v1 with the memory controller. */
static bool is_memcg_mount(struct libmnt_fs *fs)
{
	if (mnt_fs_match_fstype(fs, "cgroup2"))
		return true;
	if (!mnt_fs_match_fstype(fs, "cgroup"))
		return false;
	const char *opts = mnt_fs_get_fs_options(fs);
	return opts && mnt_optstr_get_option(opts, "memory", NULL, NULL) == 0;
}

/* Make a user's path absolute without resolving it on the real machine when rooted. */
static int absolute_kpath(struct hwp_ctx *ctx, const char *path, char *buf, size_t len)
{
	if (path[0] == '/' || hwp_ctx_is_rooted(ctx)) {
		if (snprintf(buf, len, "%s%s", path[0] == '/' ? "" : "/", path) >= (int)len)
			return -ENAMETOOLONG;
		return 0;
	}
	char *real = realpath(path, NULL);
	if (!real)
		return -errno;
	int n = snprintf(buf, len, "%s", real);
	free(real);
	return n >= (int)len ? -ENAMETOOLONG : 0;
}

/* A path the user named, as a kernel path and with its stat under the sysroot. */
static int stat_user_path(struct hwp_ctx *ctx, const char *path, char *kpath, size_t len,
			  struct stat *ret)
{
	char full[PATH_MAX];
	int r = absolute_kpath(ctx, path, kpath, len);
	if (r < 0)
		return r;
	if ((r = hwp_path(ctx, kpath, full, sizeof(full))) < 0)
		return r;
	return stat(full, ret) < 0 ? -errno : 0;
}

int hwp_memcg_inode(struct hwp_ctx *ctx, const char *path, uint64_t *ret_ino)
{
	char kpath[PATH_MAX];
	struct stat st;
	int r = stat_user_path(ctx, path, kpath, sizeof(kpath), &st);
	if (r < 0)
		return r;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	struct libmnt_table *tb = mount_table(ctx);
	if (!tb)
		return -ENOENT;
	struct libmnt_fs *fs = mount_of(ctx, tb, kpath);
	bool memcg = fs && is_memcg_mount(fs);
	mnt_unref_table(tb);
	if (!memcg)
		return -EMEDIUMTYPE;
	*ret_ino = st.st_ino;
	return 0;
}

/*
 * Every directory below path on the same filesystem, depth first:
 * fn(path, st, data) for each, path grown in place. A non-zero return stops
 * the walk and is returned, path left naming that directory.
 */
typedef int (*dir_fn)(const char *path, const struct stat *st, void *data);
static int each_dir_below(char *path, size_t len, dev_t dev, int depth, dir_fn fn, void *data)
{
	DIR *d = opendir(path);
	if (!d)
		return 0;   /* unreadable, or removed meanwhile: nothing below it */
	size_t base = strlen(path);
	int r = 0;
	struct dirent *de;
	while (r == 0 && (de = readdir(d))) {
		if (de->d_type != DT_DIR || strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (snprintf(path + base, len - base, "/%s", de->d_name) >= (int)(len - base))
			continue;
		struct stat st;
		if (lstat(path, &st) < 0 || st.st_dev != dev)
			continue;
		r = fn(path, &st, data);
		if (r == 0 && depth > 0)
			r = each_dir_below(path, len, dev, depth - 1, fn, data);
	}
	closedir(d);
	if (r == 0)
		path[base] = '\0';
	return r;
}

static int is_inode(const char *path, const struct stat *st, void *ino)
{
	(void)path;
	return st->st_ino == *(const uint64_t *)ino;
}

/* Search below dir for a directory with inode ino; path grows in place to name it. */
static int find_dir_inode(char *path, size_t len, uint64_t ino, dev_t dev, int depth)
{
	return each_dir_below(path, len, dev, depth, is_inode, &ino) ? 0 : -ENOENT;
}

int hwp_memcg_find(struct hwp_ctx *ctx, uint64_t ino, char *buf, size_t len)
{
	struct libmnt_table *tb = mount_table(ctx);
	if (!tb)
		return -ENOENT;
	struct libmnt_iter *it = mnt_new_iter(MNT_ITER_FORWARD);
	struct libmnt_fs *fs;
	int r = -ENOENT;
	size_t root_len = strlen(ctx->sysroot);
	while (r == -ENOENT && it && mnt_table_next_fs(tb, it, &fs) == 0) {
		if (!is_memcg_mount(fs))
			continue;
		char dir[PATH_MAX];
		struct stat st;
		if (hwp_path(ctx, mnt_fs_get_target(fs), dir, sizeof(dir)) < 0 || stat(dir, &st) < 0)
			continue;
		if (st.st_ino == ino)
			r = 0;
		else
			r = find_dir_inode(dir, sizeof(dir), ino, st.st_dev, 32);
		if (r == 0 && snprintf(buf, len, "%s", dir[root_len] ? dir + root_len : "/") >= (int)len)
			r = -ENAMETOOLONG;
	}
	mnt_free_iter(it);
	mnt_unref_table(tb);
	return r;
}

static int add_inode(const char *path, const struct stat *st, void *set)
{
	(void)path;
	return hwp_u64_set_add(set, st->st_ino);
}

int hwp_memcg_tree(struct hwp_ctx *ctx, uint64_t ino, uint64_t **ret, size_t *ret_n)
{
	char kpath[PATH_MAX], path[PATH_MAX];
	int r = hwp_memcg_find(ctx, ino, kpath, sizeof(kpath));
	if (r == 0)
		r = hwp_path(ctx, kpath, path, sizeof(path));
	struct stat st;
	if (r == 0 && stat(path, &st) < 0)
		r = -errno;
	struct hwp_u64_set set = { NULL, 0, 0 };
	if (r == 0)
		r = hwp_u64_set_add(&set, ino);
	if (r == 0)
		r = each_dir_below(path, sizeof(path), st.st_dev, 32, add_inode, &set);
	if (r < 0) {
		free(set.v);
		return r;
	}
	hwp_u64_set_sort(&set);
	*ret = set.v;
	*ret_n = set.count;
	return 0;
}

int hwp_dev_resolve(struct hwp_ctx *ctx, const char *spec, uint32_t *ret_major,
		    uint32_t *ret_minor)
{
	const char *colon = strchr(spec, ':');
	if (colon && spec[0] != '/' && spec[0] != '.') {
		uint64_t maj, min;
		if (hwp_parse_size(spec, (size_t)(colon - spec), false, &maj) < 0 ||
		    hwp_parse_size(colon + 1, strlen(colon + 1), false, &min) < 0)
			return -EINVAL;
		if (maj >= HWP_FILTER_DEV_ANY || min >= HWP_FILTER_DEV_ANY)
			return -ERANGE;
		*ret_major = (uint32_t)maj;
		*ret_minor = (uint32_t)min;
		return 0;
	}
	char kpath[PATH_MAX];
	struct stat st;
	int r = stat_user_path(ctx, spec, kpath, sizeof(kpath), &st);
	if (r < 0)
		return r;
	dev_t dev = st.st_dev;
	if (S_ISBLK(st.st_mode)) {
		/* A disk node names the filesystem mounted from it. */
		dev = st.st_rdev;
	} else {
		/* The mount's own device is the superblock's s_dev the kernel compares,
		 * which differs from st_dev on filesystems with subvolumes. */
		struct libmnt_table *tb = mount_table(ctx);
		struct libmnt_fs *fs = tb ? mount_of(ctx, tb, kpath) : NULL;
		if (fs && mnt_fs_get_devno(fs))
			dev = mnt_fs_get_devno(fs);
		if (tb)
			mnt_unref_table(tb);
	}
	*ret_major = major(dev);
	*ret_minor = minor(dev);
	return 0;
}

int hwp_dev_describe(struct hwp_ctx *ctx, uint32_t maj, uint32_t min, char *target,
		     size_t target_len, char *source, size_t source_len)
{
	struct libmnt_table *tb = mount_table(ctx);
	if (!tb)
		return -ENOENT;
	struct libmnt_fs *fs = mnt_table_find_devno(tb, makedev(maj, min), MNT_ITER_FORWARD);
	int r = fs ? 0 : -ENOENT;
	if (fs) {
		const char *t = mnt_fs_get_target(fs), *s = mnt_fs_get_source(fs);
		snprintf(target, target_len, "%s", t ? t : "");
		snprintf(source, source_len, "%s", s ? s : "");
	}
	mnt_unref_table(tb);
	return r;
}
