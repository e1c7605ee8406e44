// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The environment: kernel support, privileges, debugfs and the
 * hwpoison_inject module.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/capability.h>
#include <sys/wait.h>
#include <libmount.h>

#include "internal.h"

extern char **environ;

int hwp_have_sys_admin(void)
{
	cap_t caps = cap_get_proc();
	if (!caps)
		return -errno;
	cap_flag_value_t value = CAP_CLEAR;
	int r = cap_get_flag(caps, CAP_SYS_ADMIN, CAP_EFFECTIVE, &value);
	int saved = errno;
	cap_free(caps);
	if (r < 0)
		return -saved;
	return value == CAP_SET;
}

bool hwp_kernel_supports_memory_failure(struct hwp_ctx *ctx)
{
	/* The vm sysctl exists exactly when CONFIG_MEMORY_FAILURE is built in. */
	return hwp_exists(ctx, "/proc/sys/vm/memory_failure_recovery");
}

int hwp_debugfs_find(struct hwp_ctx *ctx, char *buf, size_t len)
{
	char path[PATH_MAX];
	int r = hwp_path(ctx, "/proc/self/mountinfo", path, sizeof(path));
	if (r < 0)
		return r;
	struct libmnt_table *tb = mnt_new_table_from_file(path);
	if (!tb)
		return -errno ? -errno : -ENOENT;
	struct libmnt_iter *it = mnt_new_iter(MNT_ITER_FORWARD);
	struct libmnt_fs *fs;
	const char *found = NULL;
	while (it && mnt_table_next_fs(tb, it, &fs) == 0) {
		if (!mnt_fs_match_fstype(fs, "debugfs"))
			continue;
		const char *target = mnt_fs_get_target(fs);
		/* Prefer the conventional place when debugfs is mounted twice. */
		if (!found || strcmp(target, HWP_DEFAULT_DEBUGFS) == 0)
			found = target;
	}
	r = -ENOENT;
	if (found)
		r = snprintf(buf, len, "%s", found) < (int)len ? 0 : -ENAMETOOLONG;
	mnt_free_iter(it);
	mnt_unref_table(tb);
	return r;
}

static int debugfs_mount(struct hwp_ctx *ctx)
{
	if (hwp_ctx_is_rooted(ctx))
		return -ENODEV; /* never mount anything for a fixture tree */
	struct libmnt_context *cxt = mnt_new_context();
	if (!cxt)
		return -ENOMEM;
	mnt_context_disable_mtab(cxt, 1);
	/*
	 * A tester's run with file capabilities is not root: libmount would take
	 * it for a user mount that fstab must allow. CAP_SYS_ADMIN was checked.
	 */
	if (getuid() != 0 || geteuid() != 0)
		mnt_context_force_unrestricted(cxt);
	int r = mnt_context_set_fstype(cxt, "debugfs");
	if (!r)
		r = mnt_context_set_source(cxt, "debugfs");
	if (!r)
		r = mnt_context_set_target(cxt, HWP_DEFAULT_DEBUGFS);
	if (!r)
		r = mnt_context_mount(cxt);
	if (r > 0) /* a mount(2) error: libmount returns the syscall's errno */
		r = -mnt_context_get_syscall_errno(cxt);
	if (r == 0 && mnt_context_get_status(cxt) != 1)
		r = -EIO;
	mnt_free_context(cxt);
	if (r == 0) {
		snprintf(ctx->debugfs, sizeof(ctx->debugfs), "%s", HWP_DEFAULT_DEBUGFS);
		return 0;
	}
	/* Another hwpoison (or anyone) may have mounted it a moment before us. */
	char where[PATH_MAX];
	if (hwp_debugfs_find(ctx, where, sizeof(where)) == 0) {
		snprintf(ctx->debugfs, sizeof(ctx->debugfs), "%s", where);
		return 0;
	}
	return r;
}

/*
 * /sys/module/hwpoison_inject appears while the module is still
 * initialising, before its debugfs files exist: a second hwpoison started
 * during a first one's modprobe must wait for them. Up to two seconds.
 */
static int wait_for_module(struct hwp_ctx *ctx)
{
	char path[PATH_MAX];
	int r = hwp_debugfs_hwpoison_path(ctx, "corrupt-pfn", path, sizeof(path));
	if (r < 0)
		return r;
	for (int i = 0; i < 200; i++) {
		char state[16] = "";
		bool live = hwp_read_text(ctx, "/sys/module/hwpoison_inject/initstate", state,
					  sizeof(state)) <= 0 ||
			    strncmp(state, "live", 4) == 0;
		if (live && hwp_exists(ctx, path))
			return 0;
		struct timespec pause = { 0, 10 * 1000 * 1000 };
		nanosleep(&pause, NULL);
	}
	return -ENOPKG;
}

bool hwp_module_loaded(struct hwp_ctx *ctx)
{
	char path[PATH_MAX];
	if (hwp_exists(ctx, "/sys/module/hwpoison_inject"))
		return true;
	return hwp_debugfs_hwpoison_path(ctx, "corrupt-pfn", path, sizeof(path)) == 0 &&
	       hwp_exists(ctx, path);
}

int hwp_module_load(struct hwp_ctx *ctx, const char *name)
{
	if (hwp_ctx_is_rooted(ctx))
		return -ENOPKG;
	char *argv[] = { "modprobe", "-q", (char *)name, NULL };
	pid_t pid;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	/* modprobe's own messages would duplicate ours. */
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	int r = posix_spawnp(&pid, "modprobe", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0)
		return -r;
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -ENOPKG;
}

static int module_load(struct hwp_ctx *ctx)
{
	int r = hwp_module_load(ctx, "hwpoison_inject");
	if (r < 0)
		return r;
	return hwp_module_loaded(ctx) ? 0 : -ENOPKG;
}

int hwp_lockdown_mode(struct hwp_ctx *ctx, char *buf, size_t len)
{
	char text[128];
	int r = hwp_read_text(ctx, "/sys/kernel/security/lockdown", text, sizeof(text));
	if (r < 0)
		return r;
	/* "none [integrity] confidentiality": the mode in force is in brackets. */
	char *open = strchr(text, '['), *close = open ? strchr(open, ']') : NULL;
	if (!close)
		return -EINVAL;
	return snprintf(buf, len, "%.*s", (int)(close - open - 1), open + 1) >= (int)len
		       ? -ENAMETOOLONG
		       : 0;
}

/* Lockdown forbids debugfs; tell that apart from a plain permission error. */
static bool locked_down(struct hwp_ctx *ctx)
{
	char mode[32];
	return hwp_lockdown_mode(ctx, mode, sizeof(mode)) == 0 && strcmp(mode, "none") != 0;
}

/*
 * Lockdown refuses to open debugfs files for writing (EPERM), and where
 * securityfs is not mounted that is the only way to tell.
 */
static int debugfs_writable(struct hwp_ctx *ctx)
{
	char kpath[PATH_MAX];
	int r = hwp_debugfs_hwpoison_path(ctx, "corrupt-pfn", kpath, sizeof(kpath));
	if (r < 0)
		return r;
	int fd = hwp_open(ctx, kpath, O_WRONLY);
	if (fd == -EPERM)
		return -EPERM;
	if (fd >= 0)
		close(fd);
	return 0;
}

int hwp_debugfs_ready(struct hwp_ctx *ctx, unsigned flags, unsigned *actions)
{
	if (locked_down(ctx))
		return -EPERM;
	char where[PATH_MAX];
	if (hwp_debugfs_find(ctx, where, sizeof(where)) == 0) {
		snprintf(ctx->debugfs, sizeof(ctx->debugfs), "%s", where);
		return 0;
	}
	if (!(flags & HWP_SETUP_MOUNT))
		return -ENODEV;
	int r = debugfs_mount(ctx);
	if (r == 0)
		*actions |= HWP_SETUP_DID_MOUNT;
	return r;
}

int hwp_setup_debugfs(struct hwp_ctx *ctx, unsigned flags, unsigned *ret_actions)
{
	unsigned actions = 0;
	if (ret_actions)
		*ret_actions = 0;
	if (!hwp_kernel_supports_memory_failure(ctx))
		return -ENOSYS;
	int r = hwp_debugfs_ready(ctx, flags, &actions);
	if (r < 0)
		return r;
	if (!hwp_module_loaded(ctx)) {
		if (!(flags & HWP_SETUP_LOAD)) {
			if (ret_actions)
				*ret_actions = actions;
			return -ENOPKG;
		}
		r = module_load(ctx);
		/*
		 * A concurrent modprobe of the same module can fail ours before
		 * theirs has made /sys/module/hwpoison_inject: give theirs time,
		 * then try once more in case theirs failed too.
		 */
		if (r < 0 && r != -ENOENT && !hwp_ctx_is_rooted(ctx)) {
			r = wait_for_module(ctx);
			if (r < 0)
				r = module_load(ctx);
		}
		if (r < 0) {
			if (ret_actions)
				*ret_actions = actions;
			return r;
		}
		actions |= HWP_SETUP_DID_LOAD;
	}
	if (ret_actions)
		*ret_actions = actions;
	r = wait_for_module(ctx);
	return r < 0 ? r : debugfs_writable(ctx);
}

int hwp_debugfs_path(struct hwp_ctx *ctx, const char *rel, char *buf, size_t len)
{
	if (!ctx->debugfs[0]) {
		char where[PATH_MAX];
		if (hwp_debugfs_find(ctx, where, sizeof(where)) == 0)
			snprintf(ctx->debugfs, sizeof(ctx->debugfs), "%s", where);
	}
	const char *base = ctx->debugfs[0] ? ctx->debugfs : HWP_DEFAULT_DEBUGFS;
	int n = snprintf(buf, len, "%s/%s", base, rel);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int hwp_debugfs_hwpoison_path(struct hwp_ctx *ctx, const char *name, char *buf, size_t len)
{
	char rel[PATH_MAX];
	if (snprintf(rel, sizeof(rel), "hwpoison/%s", name) >= (int)sizeof(rel))
		return -ENAMETOOLONG;
	return hwp_debugfs_path(ctx, rel, buf, len);
}
