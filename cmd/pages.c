// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The engine shared by inject, soft-offline and unpoison: name the pages
 * (pfns, physical or process addresses, file offsets, a flag selection),
 * act on each, journal it, and report one record per page.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"

enum {
	COL_PFN, COL_VADDR, COL_OFFSET, COL_STATUS, COL_TYPE, COL_RESULT, COL_ERROR, COL_DIRTY,
	COL_READER, COL_NOTE, COL_SOURCE, COL_FLAGS, COL_WRITE, COL_FILE, NCOLS
};

static const struct out_col page_cols[NCOLS] = {
	[COL_PFN] = { "pfn", "PFN", OUT_HEX, true },
	[COL_VADDR] = { "vaddr", "VADDR", OUT_HEX, true },
	[COL_OFFSET] = { "offset", "OFFSET", OUT_NUM, true },
	[COL_STATUS] = { "status", "STATUS", OUT_STR, false },
	[COL_TYPE] = { "type", "TYPE", OUT_STR, false },
	[COL_RESULT] = { "result", "RESULT", OUT_STR, false },
	[COL_ERROR] = { "error", "ERROR", OUT_STR, false },
	[COL_DIRTY] = { "dirty", "DIRTY", OUT_BOOL, false },
	[COL_READER] = { "reader", "READER", OUT_STR, false },
	[COL_NOTE] = { "note", "NOTE", OUT_STR, false },
	[COL_SOURCE] = { "verdict_source", "VERDICT FROM", OUT_STR, false },
	[COL_FLAGS] = { "flags", "FLAGS", OUT_STR, false },
	[COL_WRITE] = { "write", "WRITE", OUT_STR, false },
	[COL_FILE] = { "file", "FILE", OUT_STR, false },
};

const char page_naming_help[] =
	"Naming pages (one way per run):\n"
	"      --pfn LIST       page frame numbers: N, A-B (inclusive), A+N (N pages)\n"
	"      --addr LIST      physical addresses, same forms, K/M/G suffixes allowed\n"
	"      --pid PID --vaddr LIST\n"
	"                       virtual addresses in process PID (through its pagemap);\n"
	"                       a page not present or swapped out is not-present\n"
	"      --file PATH --offset LIST\n"
	"                       byte offsets in a file (K/M/G allowed): the page is\n"
	"                       read into the page cache first\n"
	"      --select EXPR    pages whose flags match EXPR, e.g. buddy or lru,~anon,\n"
	"                       skipping poisoned pages and those the safety check refuses\n"
	"      --count N        with --select: how many pages (default 1)\n"
	"      --range LIST     with --select: only these pfns\n"
	"      --random         with --select: a uniform random sample, not the first N\n"
	"      --seed S         with --random: repeat the same sample\n"
	"      --memcg PATH|INODE  with --select: only pages of this memory cgroup;\n"
	"                       otherwise a filter for this run, as below\n";

/* One run over the pages: where output goes, what the journal got, how it ends. */
struct run {
	struct cli *cli;
	const struct hwp_op_opts *opts;
	const struct page_args *a;
	struct out_table *t;
	int col[NCOLS];              /* position of each column in this table, or -1 */
	struct hwp_journal *journal;
	bool journal_failed;
	uint64_t done;
	int rc;
};

/* The one flag set from a signal handler, read between pages. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

void cli_catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocked read or wait returns so the run can stop. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int cli_interrupted(void)
{
	return interrupted;
}

static void cell_str(struct run *run, int col, const char *value)
{
	if (run->col[col] >= 0 && value && *value)
		out_cell_str(run->t, (size_t)run->col[col], value);
}

static void cell_u64(struct run *run, int col, uint64_t value)
{
	if (run->col[col] >= 0)
		out_cell_u64(run->t, (size_t)run->col[col], value);
}

static void cell_bool(struct run *run, int col, bool value)
{
	if (run->col[col] >= 0)
		out_cell_bool(run->t, (size_t)run->col[col], value);
}

static void table_begin(struct run *run)
{
	const struct page_args *a = run->a;
	bool want[NCOLS] = { false };
	want[COL_PFN] = want[COL_STATUS] = want[COL_TYPE] = want[COL_RESULT] = true;
	want[COL_ERROR] = want[COL_NOTE] = true;
	want[COL_VADDR] = a->pid > 0;
	want[COL_OFFSET] = want[COL_DIRTY] = a->file != NULL;
	want[COL_READER] = a->file != NULL && !run->opts->dry_run;
	want[COL_FLAGS] = run->cli->verbose || run->opts->dry_run;
	want[COL_SOURCE] = (run->cli->json || run->cli->verbose) && !run->opts->dry_run;
	want[COL_WRITE] = want[COL_FILE] = run->opts->dry_run;
	struct out_col cols[NCOLS];
	size_t n = 0;
	for (int i = 0; i < NCOLS; i++) {
		run->col[i] = want[i] ? (int)n : -1;
		if (want[i])
			cols[n++] = page_cols[i];
	}
	run->t = out_table_begin(run->cli->out, "pages", cols, n);
}

/* The journal (and its page lock) for a run that writes; warn once if it cannot be had. */
static void journal_open(struct run *run)
{
	if (run->opts->dry_run)
		return;
	int r = hwp_journal_open(run->cli->ctx, &run->journal);
	if (r < 0) {
		cli_err(run->cli, "cannot open the journal in /run/hwpoison: %s (pages are acted on "
			"but not recorded, and not locked against other hwpoison runs)", strerror(-r));
		run->journal = NULL;
	}
}

static void journal_record(struct run *run, const struct hwp_page_result *res)
{
	if (!run->journal || run->journal_failed)
		return;
	switch (res->status) {
	case HWP_STATUS_REFUSED:
	case HWP_STATUS_WOULD:
	case HWP_STATUS_NOT_PRESENT:
	case HWP_STATUS_ALREADY_POISONED:
	case HWP_STATUS_NOT_POISONED:
		return; /* nothing was written to the kernel */
	default:
		break;
	}
	int r = hwp_journal_append(run->journal, run->opts, res);
	if (r < 0) {
		/* Say it once: the pages are still acted on, only the record is missing. */
		cli_err(run->cli, "cannot write the journal in /run/hwpoison: %s "
			"(unpoison --journal will not know these pages)", strerror(-r));
		run->journal_failed = true;
	}
}

static void huge_note(char *buf, size_t len, const struct hwp_huge *h,
		      const struct hwp_huge_outcome *out, bool acted)
{
	uint64_t kib = h->npages << 2;
	char size[32];
	if (kib >= 1024 * 1024)
		snprintf(size, sizeof(size), "%" PRIu64 " GiB", kib >> 20);
	else if (kib >= 1024)
		snprintf(size, sizeof(size), "%" PRIu64 " MiB", kib >> 10);
	else
		snprintf(size, sizeof(size), "%" PRIu64 " KiB", kib);
	const char *what = h->kind == HWP_HUGE_THP	? "THP"
			   : h->kind == HWP_HUGE_HUGETLB ? "hugetlb page"
							 : "compound page";
	if (!acted) {
		snprintf(buf, len, "part of a %s %s (head pfn 0x%" PRIx64 ")", size, what, h->head);
		return;
	}
	snprintf(buf, len, "part of a %s %s (head pfn 0x%" PRIx64 "): %s, %" PRIu64 " of its %"
		 PRIu64 " pages now poisoned", size, what, h->head,
		 out->still_whole		  ? "still whole"
		 : h->kind == HWP_HUGE_HUGETLB ? "dissolved by the kernel"
						 : "split up by the kernel",
		 out->poisoned,
		 h->npages);
}

enum { ACTED = 0, SKIPPED = 1 };

/*
 * Act on one page and print its record; where: the vaddr or offset that
 * named it. With a selection, the page is checked again under the lock
 * first: SKIPPED when it no longer matches (another run may have taken it).
 */
static int act(struct run *run, uint64_t pfn, uint64_t where, const struct hwp_select_opts *sel)
{
	struct cli *cli = run->cli;
	if (run->journal) {
		int r = hwp_journal_lock(run->journal);
		if (r == -EINTR && interrupted)
			return SKIPPED;
		if (r < 0)
			return r;
	}
	struct hwp_page_result res;
	struct hwp_huge huge = { .kind = HWP_HUGE_NONE };
	int matches = sel ? hwp_select_still_matches(cli->ctx, sel, pfn) : 1;
	int r = matches < 0 ? matches : 0;
	if (matches > 0) {
		hwp_huge_find(cli->ctx, pfn, &huge); /* a note only: none if it cannot tell */
		r = hwp_op_page(cli->ctx, run->opts, pfn, &res);
		if (r == 0)
			journal_record(run, &res);
	}
	if (run->journal)
		hwp_journal_unlock(run->journal);
	if (r < 0)
		return r;
	if (matches == 0)
		return SKIPPED;
	char note[192] = "";
	if (huge.kind != HWP_HUGE_NONE) {
		struct hwp_huge_outcome outcome = { .still_whole = true };
		bool acted = !run->opts->dry_run && res.status != HWP_STATUS_REFUSED &&
			     hwp_huge_outcome(cli->ctx, &huge, pfn, &outcome) == 0;
		huge_note(note, sizeof(note), &huge, &outcome, acted);
	}

	out_row(run->t);
	cell_u64(run, COL_PFN, res.pfn);
	cell_u64(run, COL_VADDR, where);
	cell_u64(run, COL_OFFSET, where);
	cell_str(run, COL_STATUS, hwp_status_name(res.status));
	cell_str(run, COL_TYPE, res.type);
	cell_str(run, COL_RESULT, res.result);
	char error[256] = "";
	if (res.error)
		snprintf(error, sizeof(error), "%s: %s", cli_errno_name(res.error),
			 res.reason ? res.reason : strerror(res.error));
	else if (res.reason)
		snprintf(error, sizeof(error), "%s", res.reason);
	cell_str(run, COL_ERROR, error);
	cell_bool(run, COL_DIRTY, res.flags_before & HWP_KPF_BIT(HWP_KPF_DIRTY));
	if (run->col[COL_READER] >= 0) {
		int seen = hwp_file_reader_sees(run->a->file, where);
		char reader[96];
		if (seen == 0)
			snprintf(reader, sizeof(reader), "reads");
		else
			snprintf(reader, sizeof(reader), "%s: %s", cli_errno_name(-seen),
				 strerror(-seen));
		cell_str(run, COL_READER, reader);
	}
	cell_str(run, COL_NOTE, note);
	cell_str(run, COL_SOURCE, res.verdict_source);
	char flags[512];
	hwp_flags_format(res.flags_after, flags, sizeof(flags));
	cell_str(run, COL_FLAGS, flags);
	if (run->opts->dry_run && res.status == HWP_STATUS_WOULD) {
		char kpath[PATH_MAX], text[32];
		if (hwp_op_target(cli->ctx, run->opts, res.pfn, kpath, sizeof(kpath), text,
				  sizeof(text)) == 0) {
			cell_str(run, COL_WRITE, text);
			cell_str(run, COL_FILE, kpath);
		}
	}
	run->done++;
	if (!hwp_status_reached(res.status))
		run->rc = EXIT_FAIL;
	return ACTED;
}

/* A process address with no page behind it: reported, never acted on. */
static void not_present(struct run *run, uint64_t vaddr, bool swapped)
{
	out_row(run->t);
	cell_u64(run, COL_VADDR, vaddr);
	cell_str(run, COL_STATUS, hwp_status_name(HWP_STATUS_NOT_PRESENT));
	cell_str(run, COL_ERROR, swapped ? "swapped out" : "no page mapped there yet");
	run->done++;
	run->rc = EXIT_FAIL;
}

/* The exit code for an error that stops the run: the kernel interface itself failed. */
static int run_error(struct run *run, uint64_t pfn, int r)
{
	struct cli *cli = run->cli;
	char kpath[PATH_MAX] = "", text[32];
	hwp_op_target(cli->ctx, run->opts, pfn, kpath, sizeof(kpath), text, sizeof(text));
	switch (r) {
	case -ERANGE:
		return cli_usage(cli, "pfn 0x%" PRIx64 " is past the end of memory", pfn);
	case -ENOENT:
		if (!hwp_module_loaded(cli->ctx) && strstr(kpath, "/hwpoison/"))
			return cli_env(cli, "hwpoison_inject was removed during the run, after %" PRIu64
				       " page%s: pfn 0x%" PRIx64 " and those after it were not touched",
				       run->done, run->done == 1 ? "" : "s", pfn);
		return cli_env(cli, "%s does not exist: this kernel lacks the interface", kpath);
	case -EACCES:
	case -EPERM:
	case -EROFS:
		return cli_env(cli, "cannot write %s: %s", kpath, strerror(-r));
	default:
		return cli_env(cli, "pfn 0x%" PRIx64 ": %s", pfn, strerror(-r));
	}
}

/*
 * Find the page a --pfn, --vaddr or --offset item names, just before acting
 * on it (the kernel may move a process's page at any time). 0 with
 * *ret_pfn set, 1 when no page is present, or an exit code.
 */
static int resolve(struct run *run, uint64_t item, uint64_t *ret_pfn, bool *ret_swapped)
{
	struct cli *cli = run->cli;
	const struct page_args *a = run->a;
	uint64_t where = item << hwp_page_shift(cli->ctx);
	struct hwp_vpage vp;
	int r;
	if (a->pid > 0) {
		r = hwp_vaddr_to_pfn(cli->ctx, a->pid, where, &vp);
		if (r == -ESRCH)
			return cli_env(cli, "process %d exited during the run", a->pid);
		if (r < 0)
			return cli_env(cli, "cannot read /proc/%d/pagemap: %s", a->pid, strerror(-r));
		*ret_swapped = vp.swapped;
		*ret_pfn = vp.pfn;
		return vp.present ? 0 : 1;
	}
	if (a->file) {
		r = hwp_file_page(cli->ctx, a->file, where, &vp);
		if (r < 0)
			return cli_env(cli, "%s: cannot bring offset %" PRIu64 " into the page cache: %s",
				       a->file, where, strerror(-r));
		*ret_pfn = vp.pfn;
		return 0;
	}
	*ret_pfn = item;
	return 0;
}

/* Every item of the list: pfns, or pages of a process or a file. */
static int each_listed(struct run *run)
{
	const struct hwp_pfnlist *list = &run->a->list;
	unsigned shift = hwp_page_shift(run->cli->ctx);
	for (size_t i = 0; i < list->count && !interrupted; i++) {
		for (uint64_t item = list->ranges[i].first; !interrupted; item++) {
			uint64_t pfn = 0;
			bool swapped = false;
			int r = resolve(run, item, &pfn, &swapped);
			if (r > 1)
				return r;
			if (r == 1)
				not_present(run, item << shift, swapped);
			else if ((r = act(run, pfn, item << shift, NULL)) < 0)
				return run_error(run, pfn, r);
			if (item == list->ranges[i].last)
				break;
		}
	}
	return 0;
}

/* Rescans when other runs took the spares too: a few, then give up. */
#define SELECT_SCANS 4

static int each_selected(struct run *run, uint64_t *ret_matched)
{
	struct cli *cli = run->cli;
	const struct hwp_select_opts *o = &run->a->sel;
	uint64_t acted = 0;
	for (int scan = 0; scan < SELECT_SCANS && acted < o->count && !interrupted; scan++) {
		struct hwp_selection sel;
		int r = hwp_select(cli->ctx, o, &sel);
		if (r == -ENOMEM)
			return cli_env(cli, "out of memory");
		if (r < 0)
			return cli_env(cli, "cannot scan /proc/kpageflags: %s", strerror(-r));
		if (scan == 0) {
			*ret_matched = sel.matched;
			out_u64(cli->out, "matched", "Pages matching", sel.matched);
			table_begin(run);
		}
		size_t tried = 0;
		for (; tried < sel.count && acted < o->count && !interrupted; tried++) {
			r = act(run, sel.pfns[tried], 0, o);
			if (r < 0) {
				uint64_t pfn = sel.pfns[tried];
				hwp_selection_free(&sel);
				return run_error(run, pfn, r);
			}
			acted += r == ACTED;
		}
		bool exhausted = sel.count < o->count * 2;   /* the scan found no more */
		hwp_selection_free(&sel);
		if (exhausted || run->opts->dry_run)
			break;
	}
	if (!interrupted && acted < o->count) {
		cli_err(cli, "only %" PRIu64 " of the %" PRIu64 " pages asked for could be found",
			acted, o->count);
		run->rc = EXIT_FAIL;
	}
	return 0;
}

static int run_pages(struct cli *cli, const struct hwp_op_opts *opts, const struct page_args *a)
{
	struct run run = { .cli = cli, .opts = opts, .a = a, .rc = EXIT_OK };
	uint64_t matched = 0;
	journal_open(&run);
	int rc;
	if (a->select) {
		rc = each_selected(&run, &matched);
	} else {
		table_begin(&run);
		rc = each_listed(&run);
	}
	if (run.t)
		out_table_end(run.t, NULL);
	hwp_journal_close(run.journal);
	if (interrupted) {
		cli_err(cli, "interrupted by %s after %" PRIu64 " page%s", strsignal(interrupted),
			run.done, run.done == 1 ? "" : "s");
		return 128 + interrupted;
	}
	if (rc)
		return rc;
	if (a->select && matched == 0)
		cli_err(cli, "no page matches the --select expression");
	return run.rc;
}

int page_args_add(struct cli *cli, struct page_args *a, const char *option,
		  enum hwp_list_unit unit, const char *arg)
{
	if (a->option && strcmp(a->option, option) != 0)
		return cli_usage(cli, "%s and %s cannot be combined", a->option, option);
	a->option = option;
	return cli_parse_list(cli, option, arg, unit, &a->list);
}

/* --pid PID: a live process. */
static int check_pid(struct cli *cli, struct page_args *a)
{
	if (!hwp_process_exists(cli->ctx, a->pid))
		return cli_usage(cli, "--pid: no process %d", a->pid);
	const struct hwp_pfnlist *list = &a->list;
	unsigned shift = hwp_page_shift(cli->ctx);
	for (size_t i = 0; i < list->count; i++) {
		for (uint64_t page = list->ranges[i].first;; page++) {
			int r = hwp_vaddr_mapped(cli->ctx, a->pid, page << shift);
			if (r == -ESRCH)
				return cli_usage(cli, "--pid: no process %d", a->pid);
			if (r < 0)
				return cli_env(cli, "cannot read /proc/%d/maps: %s", a->pid,
					       strerror(-r));
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
static int check_file(struct cli *cli, struct page_args *a)
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

int page_args_prepare(struct cli *cli, struct page_args *a, const struct hwp_op_opts *opts)
{
	int r = cli_need_admin(cli, opts->dry_run ? "reading /proc/kpageflags" : cli->cmd);
	if (r)
		return r;
	if (!hwp_kernel_supports_memory_failure(cli->ctx))
		return cli_env(cli, "this kernel has no memory-failure support (CONFIG_MEMORY_FAILURE)");
	if (a->pid > 0)
		r = check_pid(cli, a);
	else if (a->file)
		r = check_file(cli, a);
	else if (a->select)
		r = a->range_given ? cli_check_in_memory(cli, "--range", &a->range) : 0;
	else
		r = cli_check_in_memory(cli, a->option, &a->list);
	if (r)
		return r;
	if (opts->dry_run)
		return 0;
	bool via_debugfs = opts->op == HWP_OP_UNPOISON ||
			   (opts->op == HWP_OP_INJECT && opts->method == HWP_METHOD_DEBUGFS);
	if (via_debugfs)
		return cli_setup_debugfs(cli, HWP_SETUP_MOUNT | HWP_SETUP_LOAD);
	char kpath[PATH_MAX], text[32];
	hwp_op_target(cli->ctx, opts, 0, kpath, sizeof(kpath), text, sizeof(text));
	if (!hwp_exists(cli->ctx, kpath))
		return cli_env(cli, "%s does not exist: this kernel lacks the interface", kpath);
	struct hwp_filter filter;
	if (opts->op == HWP_OP_INJECT && hwp_module_loaded(cli->ctx) &&
	    hwp_filter_read(cli->ctx, &filter) == 0 && filter.enable)
		cli_err(cli, "warning: the hwpoison filter is on, but it applies only to debugfs "
			"corrupt-pfn: --method hard-offline ignores it");
	return 0;
}

void page_args_free(struct page_args *a)
{
	hwp_pfnlist_free(&a->list);
	hwp_pfnlist_free(&a->range);
}

static int run_and_print(struct cli *cli, const struct hwp_op_opts *opts,
			 const struct page_args *a)
{
	cli_catch_signals();
	cli->out = out_new(cli->json, cli->quiet);
	int rc = run_pages(cli, opts, a);
	out_finish(cli->out);
	return rc;
}

/* A filter for this run only: set, run, and put the previous one back whatever happens. */
static int run_scoped(struct cli *cli, const struct hwp_op_opts *opts, const struct page_args *a,
		      const struct filter_args *fa)
{
	int rc = cli_setup_debugfs(cli, HWP_SETUP_MOUNT | HWP_SETUP_LOAD);
	if (rc)
		return rc;
	struct hwp_filter saved, scoped;
	int r = hwp_filter_read(cli->ctx, &saved);
	if (r < 0)
		return cli_env(cli, "cannot read the filter: %s", strerror(-r));
	hwp_filter_defaults(&scoped);
	scoped.has_memcg = saved.has_memcg;
	filter_args_apply(fa, &scoped);
	/* Signals are caught before the filter changes, so none can skip the restore. */
	cli_catch_signals();
	r = hwp_filter_write(cli->ctx, &scoped);
	if (r < 0) {
		hwp_filter_write(cli->ctx, &saved);
		return cli_env(cli, "cannot set the filter: %s", strerror(-r));
	}
	cli_info(cli, "filter set for this run");
	rc = run_and_print(cli, opts, a);
	r = hwp_filter_write(cli->ctx, &saved);
	if (r < 0) {
		cli_err(cli, "cannot restore the previous filter: %s (see 'hwpoison filter show')",
			strerror(-r));
		return EXIT_ENV;
	}
	cli_info(cli, "previous filter restored");
	return rc;
}

enum {
	OPT_PFN = OPT_CMD_BASE + 64, OPT_ADDR, OPT_DRY_RUN, OPT_PID, OPT_VADDR, OPT_FILE,
	OPT_OFFSET, OPT_SELECT, OPT_COUNT, OPT_RANGE, OPT_RANDOM, OPT_SEED
};

static int parse_number(struct cli *cli, const char *option, const char *arg, uint64_t max,
			uint64_t *ret)
{
	if (hwp_parse_size(arg, strlen(arg), false, ret) < 0 || *ret > max)
		return cli_usage(cli, "%s: '%s' is not a number from 0 to %" PRIu64, option, arg, max);
	return 0;
}

static int target_option(struct cli *cli, int c, const char *arg, struct page_args *a)
{
	uint64_t n;
	int r;
	switch (c) {
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
	case OPT_SELECT: {
		const char *bad = NULL;
		size_t bad_len = 0;
		r = hwp_flags_parse_expr(arg, &a->sel.mask, &a->sel.value, &bad, &bad_len);
		if (r == -ENOMEM)
			return cli_env(cli, "out of memory");
		if (r < 0)
			return cli_bad_flags(cli, "--select", bad ? bad : arg, bad ? bad_len : 0);
		a->select = true;
		return 0;
	}
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
	case OPT_SEED:
		if (hwp_parse_size(arg, strlen(arg), false, &a->sel.seed) < 0)
			return cli_usage(cli, "--seed: '%s' is not a number", arg);
		a->seed_given = true;
		return 0;
	}
	return -1;
}

/* One way of naming pages, with its companions and nothing else. */
static int check_naming(struct cli *cli, struct page_args *a, struct filter_args *fa,
			const struct page_command *pc)
{
	const char *vaddr_like = a->option && (!strcmp(a->option, "--vaddr")) ? "--vaddr" : NULL;
	const char *offset_like = a->option && (!strcmp(a->option, "--offset")) ? "--offset" : NULL;
	if (a->pid > 0 && !vaddr_like)
		return cli_usage(cli, "--pid needs --vaddr LIST");
	if (vaddr_like && a->pid == 0)
		return cli_usage(cli, "--vaddr needs --pid PID");
	if (a->file && !offset_like)
		return cli_usage(cli, "--file needs --offset LIST");
	if (offset_like && !a->file)
		return cli_usage(cli, "--offset needs --file PATH");
	if (a->pid > 0 && a->file)
		return cli_usage(cli, "--pid and --file cannot be combined");
	if (!a->select) {
		const char *orphan = a->count_given  ? "--count"
				     : a->range_given ? "--range"
				     : a->random_given ? "--random"
				     : a->seed_given   ? "--seed"
						       : NULL;
		if (orphan)
			return cli_usage(cli, "%s needs --select EXPR", orphan);
	} else {
		if (a->option)
			return cli_usage(cli, "--select and %s cannot be combined", a->option);
		if (a->seed_given && !a->random_given)
			return cli_usage(cli, "--seed needs --random");
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
		/* With --select, --memcg chooses the pages through kpagecgroup. */
		if (fa->memcg) {
			a->sel.memcg = fa->memcg_ino;
			fa->memcg = false;
		}
		a->option = "--select";
	}
	if (a->all && a->option)
		return cli_usage(cli, "%s cannot be combined with %s",
				 a->journal ? "--journal" : "--all", a->option);
	if (!a->all && !a->option) {
		if (pc->targets)
			return cli_usage(cli, "missing pages: --pfn, --addr, --pid/--vaddr, "
					 "--file/--offset or --select (try 'hwpoison %s --help')",
					 cli->cmd);
		return cli_usage(cli, "missing --pfn or --addr%s (try 'hwpoison %s --help')",
				 pc->collect ? ", --all or --journal" : "", cli->cmd);
	}
	return 0;
}

#define MAX_OPTIONS 40

int page_command_main(struct cli *cli, int argc, char **argv, struct page_command *pc)
{
	static const struct option shared[] = {
		COMMON_LONGOPTS,
		{ "pfn", required_argument, NULL, OPT_PFN },
		{ "addr", required_argument, NULL, OPT_ADDR },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	};
	static const struct option scope[] = { FILTER_LONGOPTS };
	static const struct option targets[] = {
		{ "pid", required_argument, NULL, OPT_PID },
		{ "vaddr", required_argument, NULL, OPT_VADDR },
		{ "file", required_argument, NULL, OPT_FILE },
		{ "offset", required_argument, NULL, OPT_OFFSET },
		{ "select", required_argument, NULL, OPT_SELECT },
		{ "count", required_argument, NULL, OPT_COUNT },
		{ "range", required_argument, NULL, OPT_RANGE },
		{ "random", no_argument, NULL, OPT_RANDOM },
		{ "seed", required_argument, NULL, OPT_SEED },
	};
	struct option longopts[MAX_OPTIONS] = { { NULL, 0, NULL, 0 } };
	size_t n = 0;
	for (size_t i = 0; i < sizeof(shared) / sizeof(shared[0]); i++)
		longopts[n++] = shared[i];
	for (size_t i = 0; pc->scoped_filter && i < sizeof(scope) / sizeof(scope[0]); i++)
		longopts[n++] = scope[i];
	for (size_t i = 0; pc->targets && i < sizeof(targets) / sizeof(targets[0]); i++)
		longopts[n++] = targets[i];
	for (const struct option *o = pc->options; o && o->name && n < MAX_OPTIONS - 1; o++)
		longopts[n++] = *o;

	struct hwp_op_opts opts = { .op = pc->op, .method = HWP_METHOD_DEBUGFS };
	struct page_args args = { .option = NULL };
	struct filter_args fa = { .memcg = false };
	int c, rc = 0;
	while ((c = cli_getopt(cli, argc, argv, COMMON_SHORTOPTS, longopts)) != -1) {
		switch (c) {
		case OPT_MEMCG:
		case OPT_DEV:
		case OPT_FLAGS:
			rc = filter_args_option(cli, &fa, c, optarg);
			break;
		case OPT_PFN:
			rc = page_args_add(cli, &args, "--pfn", HWP_UNIT_PFN, optarg);
			break;
		case OPT_ADDR:
			rc = page_args_add(cli, &args, "--addr", HWP_UNIT_ADDRESS, optarg);
			break;
		case OPT_DRY_RUN:
			opts.dry_run = true;
			break;
		case OPT_PID:
		case OPT_VADDR:
		case OPT_FILE:
		case OPT_OFFSET:
		case OPT_SELECT:
		case OPT_COUNT:
		case OPT_RANGE:
		case OPT_RANDOM:
		case OPT_SEED:
			rc = target_option(cli, c, optarg, &args);
			break;
		default:
			rc = cli_common_opt(cli, c, argv, pc->usage);
			if (rc == -1)
				rc = pc->option ? pc->option(cli, c, optarg, &opts, &args) : EXIT_USAGE;
			else if (rc == CLI_CONTINUE)
				rc = 0;
			else
				goto done; /* --help printed, or a usage error */
		}
		if (rc)
			goto done;
	}
	if (optind < argc) {
		rc = cli_usage(cli, "unexpected argument '%s'", argv[optind]);
		goto done;
	}
	if ((rc = filter_args_check(cli, &fa)))
		goto done;
	if ((rc = check_naming(cli, &args, &fa, pc)))
		goto done;
	if (filter_args_any(&fa) && opts.method == HWP_METHOD_HARD_OFFLINE) {
		rc = cli_usage(cli, "--memcg, --dev and --flags need --method debugfs: "
			       "the kernel's filter applies only to corrupt-pfn");
		goto done;
	}
	if (args.all) {
		args.option = args.journal ? "--journal" : "--all";
		rc = cli_need_admin(cli, cli->cmd);
		if (rc == 0)
			rc = pc->collect(cli, &args);
		if (rc)
			goto done;
	}
	rc = page_args_prepare(cli, &args, &opts);
	if (rc == 0 && filter_args_any(&fa) && !opts.dry_run)
		rc = run_scoped(cli, &opts, &args, &fa);
	else if (rc == 0)
		rc = run_and_print(cli, &opts, &args);
done:
	page_args_free(&args);
	return rc;
}
