// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * How a user names pages for inject, soft-offline and unpoison: the options
 * (pfns, physical or process addresses, file offsets, a flag selection),
 * their companions and conflicts, and the checks before anything is done.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "options.h"
#include "pages.h"

const struct cli_option page_naming_options[] = {
	PAGE_OPTION_PFN,
	PAGE_OPTION_ADDR,
	{ "pid", OPT_PID, required_argument, "--pid PID --vaddr LIST\n",
	  "virtual addresses in process PID (through its pagemap);\n"
	  "a page not present or swapped out is not-present", NULL },
	{ "vaddr", OPT_VADDR, required_argument, NULL, NULL, NULL },
	{ "file", OPT_FILE, required_argument, "--file PATH --offset LIST\n",
	  "byte offsets in a file (K/M/G allowed): the page is\nread into the page cache first", NULL },
	{ "offset", OPT_OFFSET, required_argument, NULL, NULL, NULL },
	{ "guest", OPT_GUEST, required_argument, "--guest SOCKET --gpa LIST\n",
	  "guest-physical addresses of the QEMU guest whose monitor\n"
	  "(QMP) listens on SOCKET: the host pages behind them", NULL },
	{ "gpa", OPT_GPA, required_argument, NULL, NULL, NULL },
	{ "select", OPT_SELECT, required_argument, "--select EXPR",
	  "pages whose flags match EXPR, e.g. buddy or lru,~anon,\n"
	  "skipping poisoned pages and those the safety check refuses\n"
	  "(6.12 flags every anonymous page ksm: anon,~ksm finds none);\n"
	  "with --pid PID: among the pages that process maps;\n"
	  "with --guest SOCKET: among the host pages of the guest's RAM", NULL },
	{ "count", OPT_COUNT, required_argument, "--count N", "with --select: how many pages (default 1)",
	  NULL },
	{ "range", OPT_RANGE, required_argument, "--range LIST", "with --select: only these pfns", NULL },
	{ "random", OPT_RANDOM, no_argument, "--random",
	  "with --select: a uniform random sample, not the first N", NULL },
	{ "seed", OPT_SEED, required_argument, "--seed S", "with --random: repeat the same sample", NULL },
	{ "memcg", OPT_MEMCG, required_argument, "--memcg PATH|INODE",
	  "only pages of this memory cgroup: with --select, chosen\n"
	  "inside it; otherwise the kernel's filter, for this run only\n"
	  "(which matches that one cgroup exactly, not its children)", NULL },
	{ "descendants", OPT_DESCENDANTS, no_argument, "--descendants",
	  "with --select --memcg: the cgroup's descendants too\n"
	  "(a VM that libvirt or systemd split across child cgroups)", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct cli_option page_taking_options[] = {
	PAGE_OPTION_DRY_RUN,
	{ "force", OPT_FORCE, no_argument, "--force", "also act on pages the safety check refuses",
	  NULL },
	{ "dev", OPT_DEV, required_argument, "--dev PATH|MAJ:MIN",
	  "only file pages of this filesystem (filter for this run)", NULL },
	{ "flags", OPT_FLAGS, required_argument, "--flags EXPR",
	  "only pages whose flags match, e.g. lru,~anon (this run)", NULL },
	{ "filtered-ok", OPT_FILTERED_OK, no_argument, "--filtered-ok",
	  "a page the hwpoison filter rejects counts as done:\n"
	  "exit 0 when the filter was aimed on purpose", NULL },
	PAGE_OPTION_VERBOSE,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const cli_exclusive_t page_naming_exclusive[] = {
	{ OPT_PFN, OPT_ADDR, OPT_VADDR, OPT_OFFSET, OPT_SELECT, OPT_GPA, 0 },
	{ 0 },
};

int page_args_add(struct cli *cli, struct page_args *a, const char *option,
		  enum hwp_list_unit unit, const char *arg)
{
	a->option = option;   /* one way only: the parser refuses a second (page_naming_exclusive) */
	return cli_parse_list(cli, option, arg, unit, &a->list);
}

void page_args_free(struct page_args *a)
{
	hwp_pfnlist_free(&a->list);
	hwp_pfnlist_free(&a->range);
	free(a->memcg_tree);
	a->memcg_tree = NULL;
	hwp_guest_close(a->guest.conn);
	free(a->guest.ram);
	free(a->guest.within);
	a->guest.conn = NULL;
	a->guest.ram = NULL;
	a->guest.within = NULL;
}

static int parse_number(struct cli *cli, const char *option, const char *arg, uint64_t max,
			uint64_t *ret)
{
	if (hwp_parse_size(arg, strlen(arg), false, ret) < 0 || *ret > max)
		return cli_usage(cli, "%s: '%s' is not a number from 0 to %" PRIu64, option, arg, max);
	return 0;
}

static int select_option(struct cli *cli, const char *arg, struct page_args *a)
{
	const char *bad = NULL;
	size_t bad_len = 0;
	int r = hwp_flags_parse_expr(arg, &a->sel.mask, &a->sel.value, &bad, &bad_len);
	if (r == -ENOMEM)
		return cli_env(cli, "out of memory");
	if (r < 0)
		return cli_bad_flags(cli, "--select", bad ? bad : arg, bad ? bad_len : 0);
	a->select = true;
	return 0;
}

/* The companions of --select: how many, where, which sample. */
static int selection_option(struct cli *cli, int c, const char *arg, struct page_args *a)
{
	uint64_t n;
	int r;
	switch (c) {
	case OPT_COUNT:
		if ((r = parse_number(cli, "--count", arg, UINT64_C(1) << 24, &n)))
			return r;
		if (n == 0)
			return cli_usage(cli, "--count: '%s': at least one page", arg);
		a->sel.count = n;
		a->count_given = true;
		return 0;
	case OPT_RANGE:
		a->range_given = true;
		return cli_parse_list(cli, "--range", arg, HWP_UNIT_PFN, &a->range);
	case OPT_RANDOM:
		a->sel.random = true;
		a->random_given = true;
		return 0;
	case OPT_DESCENDANTS:
		a->descendants = true;
		return 0;
	case OPT_SEED:
		if (hwp_parse_size(arg, strlen(arg), false, &a->sel.seed) < 0)
			return cli_usage(cli, "--seed: '%s' is not a number", arg);
		a->seed_given = true;
		return 0;
	}
	return CLI_NOT_MINE;
}

/* One option of the ways of naming pages: 0, an exit code, or CLI_NOT_MINE. */
static int naming_option(struct cli *cli, int c, const char *arg, struct page_args *a)
{
	uint64_t n;
	int r;
	switch (c) {
	case OPT_PFN:
		return page_args_add(cli, a, "--pfn", HWP_UNIT_PFN, arg);
	case OPT_ADDR:
		return page_args_add(cli, a, "--addr", HWP_UNIT_ADDRESS, arg);
	case OPT_PID:
		if ((r = parse_number(cli, "--pid", arg, INT_MAX, &n)))
			return r;
		if (n == 0)
			return cli_usage(cli, "--pid: '%s' is not a process id", arg);
		a->pid = (int)n;
		return 0;
	case OPT_VADDR:
		return page_args_add(cli, a, "--vaddr", HWP_UNIT_ADDRESS, arg);
	case OPT_FILE:
		if (!*arg)
			return cli_usage(cli, "--file: empty path");
		a->file = arg;
		return 0;
	case OPT_OFFSET:
		return page_args_add(cli, a, "--offset", HWP_UNIT_ADDRESS, arg);
	case OPT_GUEST:
		if (!*arg)
			return cli_usage(cli, "--guest: empty path");
		a->guest.socket = arg;
		return 0;
	case OPT_GPA:
		return page_args_add(cli, a, "--gpa", HWP_UNIT_ADDRESS, arg);
	case OPT_SELECT:
		return select_option(cli, arg, a);
	}
	return selection_option(cli, c, arg, a);
}

/* --pid and --vaddr, --file and --offset: each needs the other. */
static int check_pairs(struct cli *cli, const struct page_args *a)
{
	bool vaddr = a->option && !strcmp(a->option, "--vaddr");
	bool offset = a->option && !strcmp(a->option, "--offset");
	if (a->pid > 0 && !vaddr && !a->select)
		return cli_usage(cli, "--pid needs --vaddr LIST or --select EXPR");
	if (vaddr && a->pid == 0)
		return cli_usage(cli, "--vaddr needs --pid PID");
	if (a->file && !offset)
		return cli_usage(cli, "--file needs --offset LIST");
	if (offset && !a->file)
		return cli_usage(cli, "--offset needs --file PATH");
	bool gpa = a->option && !strcmp(a->option, "--gpa");
	if (a->guest.socket && !gpa && !a->select)
		return cli_usage(cli, "--guest needs --gpa LIST or --select EXPR");
	if (gpa && !a->guest.socket)
		return cli_usage(cli, "--gpa needs --guest SOCKET");
	if (a->guest.socket && (a->pid > 0 || a->file))
		return cli_usage(cli, "--guest cannot be combined with %s", a->pid > 0 ? "--pid" : "--file");
	if (a->pid > 0 && a->file)
		return cli_usage(cli, "--pid and --file cannot be combined");
	return 0;
}

/* --select with its companions; --memcg then chooses pages rather than filtering. */
static int check_select(struct cli *cli, struct page_args *a, struct filter_args *fa)
{
	if (!a->select) {
		const char *orphan = a->count_given  ? "--count"
				     : a->range_given ? "--range"
				     : a->random_given ? "--random"
				     : a->seed_given   ? "--seed"
				     : a->descendants  ? "--descendants"
						       : NULL;
		return orphan ? cli_usage(cli, "%s needs --select EXPR", orphan) : 0;
	}
	if (a->seed_given && !a->random_given)
		return cli_usage(cli, "--seed needs --random");
	if ((a->pid > 0 || a->guest.socket) && a->range_given)
		return cli_usage(cli, "--range cannot be combined with %s: the %s pages are the range",
				 a->pid > 0 ? "--pid" : "--guest", a->pid > 0 ? "process's" : "guest's");
	a->sel.pid = a->pid;
	if (fa->flags || fa->mask || fa->value)
		return cli_usage(cli, "--flags cannot be combined with --select "
				 "(put the flags in the --select expression)");
	if (!a->count_given)
		a->sel.count = 1;
	if (a->random_given && !a->seed_given) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		a->sel.seed = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	}
	if (a->range_given)
		a->sel.range = &a->range;
	if (a->descendants && !fa->memcg)
		return cli_usage(cli, "--descendants needs --memcg PATH");
	if (fa->memcg) {
		a->sel.memcg = fa->memcg_ino;
		fa->memcg = false;
	}
	if (a->descendants) {
		int r = hwp_memcg_tree(cli->ctx, a->sel.memcg, &a->memcg_tree, &a->sel.memcg_tree_n);
		if (r < 0)
			return cli_env(cli, "--descendants: cannot read the cgroups below --memcg: %s",
				       cli_strerror(-r));
		a->sel.memcg_tree = a->memcg_tree;
	}
	a->option = "--select";
	return 0;
}

/* One way of naming pages, with its companions and nothing else. */
static int check_naming(struct cli *cli, struct page_args *a, struct filter_args *fa,
			const struct page_command *pc)
{
	int r = check_pairs(cli, a);
	if (r == 0)
		r = check_select(cli, a, fa);
	if (r)
		return r;
	if (a->all && a->option)
		return cli_usage(cli, "%s cannot be combined with %s",
				 a->journal ? "--journal" : "--all", a->option);
	if (a->all || a->option)
		return 0;
	if (pc->targets)
		return cli_usage(cli, "missing pages: --pfn, --addr, --pid/--vaddr, "
				 "--file/--offset or --select (try 'hwpoison %s --help')", cli->cmd);
	return cli_usage(cli, "missing --pfn or --addr%s (try 'hwpoison %s --help')",
			 pc->collect ? ", --all or --journal" : "", cli->cmd);
}

/* One option of a page command: 0, an exit code, or CLI_NOT_MINE. */
static int page_option(struct cli *cli, int c, const char *arg, void *data)
{
	struct page_request *run = data;
	if (c == OPT_DRY_RUN) {
		run->opts.dry_run = true;
		return 0;
	}
	if (c == OPT_FILTERED_OK) {
		run->filtered_ok = true;
		return 0;
	}
	int r = filter_args_option(cli, &run->filter, c, arg);
	if (r == CLI_NOT_MINE)
		r = naming_option(cli, c, arg, &run->args);
	if (r == CLI_NOT_MINE && run->pc->option)
		r = run->pc->option(cli, c, arg, run);
	return r;
}

/* The first method of op with a property, by name: for "needs --method X". */
static const char *method_with(enum hwp_op op, bool (*has)(const struct hwp_method_info *))
{
	for (enum hwp_method m = 0; m < HWP_METHOD_COUNT; m++)
		if (hwp_method_info(m)->op == op && has(hwp_method_info(m)))
			return hwp_method_info(m)->name;
	return "?";
}

static bool filtered(const struct hwp_method_info *m)
{
	return m->filter;
}

static bool counts_errors(const struct hwp_method_info *m)
{
	return m->counts_errors;
}

/* Options that belong to one method. */
static int check_method(struct cli *cli, const struct page_request *run)
{
	const struct hwp_method_info *m = hwp_method_of(run->opts.op, run->opts.method);
	if (filter_args_any(&run->filter) && !m->filter)
		return cli_usage(cli, "--memcg, --dev and --flags need --method %s: "
				 "the kernel's filter applies only to corrupt-pfn",
				 method_with(m->op, filtered));
	if (!m->counts_errors && (run->opts.errors || run->cec_scoped))
		return cli_usage(cli, "%s needs --method %s",
				 run->opts.errors ? "--errors" : "--cec-threshold",
				 method_with(m->op, counts_errors));
	return 0;
}

int page_request_parse(struct cli *cli, int argc, char **argv, const struct page_command *pc,
		    struct page_request *run)
{
	run->opts = (struct hwp_op_opts){ .op = pc->op, .method = hwp_method_default(pc->op)->method };
	int r = cli_parse_options(cli, argc, argv, &pc->spec, page_option, run);
	if (r)
		return r;
	if (optind < argc)
		return cli_usage(cli, "unexpected argument '%s'", argv[optind]);
	if ((r = page_columns_check(cli)))
		return r;
	if ((r = filter_args_check(cli, &run->filter)) || (r = check_naming(cli, &run->args, &run->filter, pc)))
		return r;
	cli->lockdown = hwp_method_of(run->opts.op, run->opts.method)->lockdown;
	return check_method(cli, run);
}

uint64_t page_args_guest_gpa(const struct page_args *a, uint64_t hva)
{
	for (size_t i = 0; i < a->guest.nram; i++) {
		const struct hwp_guest_ram *r = &a->guest.ram[i];
		if (hva >= r->hva && hva - r->hva < r->size)
			return r->gpa + (hva - r->hva);
	}
	return 0;
}

uint64_t page_args_guest_hva(const struct page_args *a, uint64_t gpage, unsigned shift)
{
	uint64_t gpa = gpage << shift;
	const struct hwp_guest_ram *r = hwp_guest_ram_find(a->guest.ram, a->guest.nram, gpa);
	return r ? r->hva + (gpa - r->gpa) : 0;
}
