// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Before a page command does anything: the machine can do what it asks.
 * Privilege and kernel support, the process or file that names the pages,
 * the pages inside memory, the method's interface and modules set up.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pages.h"

/* --pid PID: a live process that maps every --vaddr. */
static int check_pid(struct cli *cli, const struct page_args *a)
{
	if (!hwp_process_exists(cli->ctx, a->pid))
		return cli_usage(cli, "--pid: no process %d", a->pid);
	char comm[64];
	if (hwp_process_kernel_thread(cli->ctx, a->pid, comm, sizeof(comm)) == 1)
		return cli_usage(cli, "--pid: process %d (%s) is a kernel thread: it has no user "
				 "memory to name pages in", a->pid, comm);
	const struct hwp_pfnlist *list = &a->list;
	unsigned shift = hwp_page_shift(cli->ctx);
	for (size_t i = 0; i < list->count; i++) {
		for (uint64_t page = list->ranges[i].first;; page++) {
			int r = hwp_vaddr_mapped(cli->ctx, a->pid, page << shift);
			if (r == -ESRCH)
				return cli_usage(cli, "--pid: no process %d", a->pid);
			if (r < 0)
				return cli_env(cli, "cannot read /proc/%d/maps: %s", a->pid,
					       cli_strerror(-r));
			if (r == 0)
				return cli_usage(cli, "--vaddr: 0x%" PRIx64
						 " is not mapped in process %d", page << shift,
						 a->pid);
			if (page == list->ranges[i].last)
				break;
		}
	}
	return 0;
}

/* --file PATH: a regular file every --offset lies inside. */
static int check_file(struct cli *cli, const struct page_args *a)
{
	struct stat st;
	if (stat(a->file, &st) < 0)
		return cli_usage(cli, "--file: '%s': %s", a->file, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return cli_usage(cli, "--file: '%s' is not a regular file", a->file);
	int fd = open(a->file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == EACCES ? cli_env(cli, "--file: cannot read '%s': %s", a->file,
						 strerror(errno))
				       : cli_usage(cli, "--file: '%s': %s", a->file, strerror(errno));
	close(fd);
	unsigned shift = hwp_page_shift(cli->ctx);
	for (size_t i = 0; i < a->list.count; i++) {
		uint64_t last = a->list.ranges[i].last << shift;
		if (last >= (uint64_t)st.st_size)
			return cli_usage(cli, "--offset: %" PRIu64 " is past the end of '%s' (%lld bytes)",
					 last, a->file, (long long)st.st_size);
	}
	return 0;
}

/*
 * A filter left on rejects pages --select does not look for: a memcg filter
 * every page outside its cgroup (free pages above all), a device filter
 * every page without a file on that filesystem (free and anonymous pages
 * always), a flags filter every page whose flags it does not match.
 * Words for the first criterion that rejects pages --select picks, or NULL.
 */
static const char *select_against_filter(const struct page_args *a, const struct hwp_filter *f)
{
	const struct hwp_select_opts *s = &a->sel;
	if (f->memcg && !s->memcg)
		return "--select picks pages outside that cgroup (free pages always are), which it "
		       "rejects; add --memcg to select inside it";
	if (f->dev_major != HWP_FILTER_DEV_ANY || f->dev_minor != HWP_FILTER_DEV_ANY)
		return "its device criterion passes only file pages of that filesystem, and --select "
		       "picks pages by their flags alone (free and anonymous pages are always "
		       "rejected)";
	uint64_t both = f->flags_mask & s->mask;
	if ((f->flags_value ^ s->value) & both)
		return "its flags contradict the --select expression: it rejects every page "
		       "--select picks";
	if (f->flags_mask & ~s->mask)
		return "its flags are not all in the --select expression: it rejects the pages "
		       "--select picks that do not match them; put them in --select";
	return NULL;
}

static void warn_select_against_filter(struct cli *cli, const struct page_args *a)
{
	struct hwp_filter f;
	if (!a->select || hwp_filter_read(cli->ctx, &f) < 0 || !f.enable)
		return;
	const char *why = select_against_filter(a, &f);
	if (!why)
		return;
	char words[1400];
	cli_filter_words(cli, &f, words, sizeof(words));
	cli_err(cli, "warning: the hwpoison filter is on (%s): %s", words, why);
}

/* A sysfs method's file is there; warn that the filter, if on, does not apply to it. */
static int check_sysfs_interface(struct cli *cli, const struct hwp_op_opts *opts)
{
	const struct hwp_method_info *m = hwp_method_of(opts->op, opts->method);
	char kpath[PATH_MAX], text[160];
	hwp_op_target(cli->ctx, opts, 0, kpath, sizeof(kpath), text, sizeof(text));
	if (!hwp_exists(cli->ctx, kpath))
		return cli_env(cli, "%s does not exist: this kernel lacks the interface", kpath);
	struct hwp_filter filter;
	if (!m->filter && hwp_module_loaded(cli->ctx) && hwp_filter_read(cli->ctx, &filter) == 0 &&
	    filter.enable)
		cli_err(cli, "warning: the hwpoison filter is on, but it applies only to debugfs "
			"corrupt-pfn: --method %s ignores it", m->name);
	return 0;
}

/*
 * A machine-check method can work here, or EXIT_ENV with the reason before
 * anything is set up or written (a dry run too: its registers would not
 * work either).
 */
static int check_machine_check(struct cli *cli, const struct page_request *run)
{
	struct hwp_mce_info info;
	hwp_mce_info(cli->ctx, &info);
	const char *why = hwp_mce_unusable_reason(&info, run->opts.method);
	if (why)
		return cli_env(cli, "--method %s: %s", hwp_method_string(run->opts.method), why);
	return 0;
}

/* Once mce-inject is set up: what only a mounted debugfs tells, and a warning once a boot. */
static int machine_check_ready(struct cli *cli, const struct page_request *run)
{
	uint64_t threshold;
	if (run->cec_scoped && hwp_cec_threshold(cli->ctx, &threshold) < 0)
		return cli_env(cli, "--cec-threshold: this kernel has no corrected-error collector "
			       "(CONFIG_RAS_CEC; 6.1 has none)");
	/* After a machine check the kernel refuses every unpoison until reboot: say so once. */
	if (hwp_method_of(run->opts.op, run->opts.method)->disables_unpoison &&
	    !hwp_unpoison_disabled(cli->ctx) &&
	    hwp_first_this_boot(cli->ctx, "mce-warned") == 1)
		cli_err(cli, "warning: the kernel counts a machine check as a real memory failure: "
			"after it, unpoison is refused for every page until reboot");
	return 0;
}

int page_request_check(struct cli *cli, const struct page_request *run)
{
	const struct page_args *a = &run->args;
	const struct hwp_op_opts *opts = &run->opts;
	const struct hwp_method_info *m = hwp_method_of(opts->op, opts->method);
	int r;
	if (a->pid > 0)
		r = check_pid(cli, a);
	else if (a->file)
		r = check_file(cli, a);
	else if (a->select)
		r = a->range_given ? cli_check_in_memory(cli, "--range", &a->range) : 0;
	else if (a->guest.socket)
		r = 0;   /* guest pages, checked against the guest's RAM (page_guest_open) */
	else
		r = cli_check_in_memory(cli, a->option, &a->list);
	if (r == 0 && m->machine_check)
		return check_machine_check(cli, run);
	if (r || opts->dry_run || m->debugfs)
		return r;
	return check_sysfs_interface(cli, opts);
}

int page_request_ready(struct cli *cli, const struct page_request *run)
{
	const struct hwp_method_info *m = hwp_method_of(run->opts.op, run->opts.method);
	if (run->opts.dry_run)
		return 0;
	if (m->machine_check)
		return machine_check_ready(cli, run);
	if (m->debugfs && m->filter)
		warn_select_against_filter(cli, &run->args);
	return 0;
}
