// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a command needs of the machine, checked before anything is done:
 * privilege, pages inside memory, debugfs and the modules set up (with
 * lockdown's refusal in words).
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "hwpoison/hwpoison.h"

int cli_need_admin(struct cli *cli, const char *what)
{
	int r = hwp_have_sys_admin();
	if (r > 0)
		return 0;
	if (r < 0)
		return cli_env(cli, "cannot read process capabilities: %s", cli_strerror(-r));
	return cli_env(cli, "%s needs CAP_SYS_ADMIN: run as root", what);
}

int cli_check_in_memory(struct cli *cli, const char *option, const struct hwp_pfnlist *list)
{
	uint64_t end;
	int r = hwp_kpageflags_end(cli->ctx, &end);
	if (r < 0)
		return cli_env(cli, "cannot read /proc/kpageflags: %s", cli_strerror(-r));
	for (size_t i = 0; i < list->count; i++) {
		if (list->ranges[i].last >= end) {
			uint64_t bad = list->ranges[i].first >= end ? list->ranges[i].first : end;
			return cli_usage(cli,
					 "%s: pfn 0x%" PRIx64 " is past the end of memory "
					 "(highest pfn is 0x%" PRIx64 ")",
					 option, bad, end ? end - 1 : 0);
		}
	}
	return 0;
}

/* Under lockdown debugfs is out of reach: say what that means for this command. */
static int lockdown_refusal(struct cli *cli)
{
	char mode[32] = "on";
	hwp_lockdown_mode(cli->ctx, mode, sizeof(mode));
	return cli_env(cli, "kernel lockdown (%s) forbids debugfs: %s", mode,
		       cli->lockdown ? cli->lockdown : "see /sys/kernel/security/lockdown");
}

/*
 * The module came back after a removal that took a set filter with it.
 * 6.1 and 6.12 keep the criteria and only switch the filter off; 7.x resets
 * every value: say which happened here.
 */
static void warn_filter_lost(struct cli *cli)
{
	struct hwp_filter now, defaults;
	hwp_filter_defaults(&defaults);
	bool reset = hwp_filter_read(cli->ctx, &now) == 0 && now.memcg == 0 &&
		     now.dev_major == defaults.dev_major && now.dev_minor == defaults.dev_minor &&
		     now.flags_mask == 0 && now.flags_value == 0;
	if (reset)
		cli_err(cli, "warning: hwpoison_inject was unloaded while a filter was set, "
			"which switched the filter off and reset its criteria (set it again "
			"with 'hwpoison filter set')");
	else
		cli_err(cli, "warning: hwpoison_inject was unloaded while a filter was set, "
			"which switched the filter off (its values remain: 'hwpoison filter "
			"enable' turns it back on)");
}

/* A set-up error in words: 0 for none, else an exit code. */
static int setup_error(struct cli *cli, int r, unsigned flags, const char *module,
		       const char *config)
{
	switch (r) {
	case 0:
		return 0;
	case -ENOSYS:
		return cli_env(cli, "this kernel has no memory-failure support (CONFIG_MEMORY_FAILURE)");
	case -EPERM:
		return lockdown_refusal(cli);
	case -ENODEV:
		if (flags & HWP_SETUP_MOUNT)
			return cli_env(cli, "debugfs is not mounted and cannot be mounted here");
		return cli_env(cli, "debugfs is not mounted (mount it, or drop --no-mount)");
	case -ENOPKG:
		if (flags & HWP_SETUP_LOAD)
			return cli_env(cli, "cannot load module %s (%s)", module, config);
		return cli_env(cli, "module %s is not loaded (load it, or drop --no-load)", module);
	default:
		return cli_env(cli, "cannot set up debugfs for %s: %s", module, cli_strerror(-r));
	}
}

int cli_setup_debugfs(struct cli *cli, unsigned flags)
{
	if (cli->no_mount)
		flags &= ~(unsigned)HWP_SETUP_MOUNT;
	if (cli->no_load)
		flags &= ~(unsigned)HWP_SETUP_LOAD;
	unsigned did = 0;
	int r = hwp_setup_debugfs(cli->ctx, flags, &did);
	char where[512] = "";
	if (did & HWP_SETUP_DID_MOUNT) {
		hwp_debugfs_find(cli->ctx, where, sizeof(where));
		cli_info(cli, "mounted debugfs on %s", where[0] ? where : "/sys/kernel/debug");
	}
	if (did & HWP_SETUP_DID_LOAD) {
		cli_info(cli, "loaded module hwpoison_inject");
		if (hwp_filter_note_exists(cli->ctx)) {
			warn_filter_lost(cli);
			hwp_filter_note(cli->ctx, false);
		}
	}
	return setup_error(cli, r, flags, "hwpoison_inject", "CONFIG_HWPOISON_INJECT");
}

int cli_setup_mce(struct cli *cli)
{
	unsigned flags = (cli->no_mount ? 0 : HWP_SETUP_MOUNT) | (cli->no_load ? 0 : HWP_SETUP_LOAD);
	unsigned did = 0;
	int r = hwp_setup_mce(cli->ctx, flags, &did);
	if (did & HWP_SETUP_DID_MOUNT)
		cli_info(cli, "mounted debugfs on /sys/kernel/debug");
	if (did & HWP_SETUP_DID_LOAD)
		cli_info(cli, "loaded module mce-inject");
	return setup_error(cli, r, flags, "mce-inject", "CONFIG_X86_MCE_INJECT");
}

int cli_require(struct cli *cli)
{
	int rc = 0;
	if (cli->needs & NEEDS_ADMIN)
		rc = cli_need_admin(cli, cli->admin_what ? cli->admin_what : cli->cmd);
	if (rc == 0 && (cli->needs & NEEDS_MEMORY_FAILURE) &&
	    !hwp_kernel_supports_memory_failure(cli->ctx))
		rc = cli_env(cli, "this kernel has no memory-failure support (CONFIG_MEMORY_FAILURE)");
	return rc;
}

/* tracefs may be reached only under debugfs/tracing; no module is needed. */
static int setup_tracefs(struct cli *cli)
{
	unsigned did = 0;
	int r = hwp_setup_debugfs(cli->ctx, cli->no_mount ? 0 : HWP_SETUP_MOUNT, &did);
	if (r == -ENOSYS)
		return cli_env(cli, "this kernel has no memory-failure support (CONFIG_MEMORY_FAILURE)");
	if (r == -ENODEV || r == -EPERM)
		return cli_env(cli, r == -EPERM ? "kernel lockdown forbids debugfs and tracefs"
						: "debugfs is not mounted (drop --no-mount)");
	if (did & HWP_SETUP_DID_MOUNT)
		cli_info(cli, "mounted debugfs on /sys/kernel/debug");
	return 0;
}

int cli_set_up(struct cli *cli)
{
	int rc = 0;
	if (cli->needs & NEEDS_HWPOISON_INJECT)
		rc = cli_setup_debugfs(cli, HWP_SETUP_MOUNT | HWP_SETUP_LOAD);
	if (rc == 0 && (cli->needs & NEEDS_MCE_INJECT))
		rc = cli_setup_mce(cli);
	if (rc == 0 && (cli->needs & NEEDS_TRACEFS))
		rc = setup_tracefs(cli);
	return rc;
}
