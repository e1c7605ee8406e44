// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The run of inject, soft-offline and unpoison: walk the named pages, hand
 * each to the library's campaign (lock, recheck, act, journal), print one
 * row per page, with a filter scoped to the run around it.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advice.h"
#include "pages.h"
#include "processes.h"

/* One run over the pages as it goes: where output goes, how far it got, how it ends. */
struct run {
	struct cli *cli;
	const struct page_request *pr;
	struct hwp_campaign *campaign;
	struct out_table *t;
	uint64_t done;
	uint64_t by_status[HWP_STATUS_LOGGED + 1];   /* rows per status, for the summary */
	int rc;
	/* Rows whose page processes may still map poisoned: their cell is completed after the run. */
	struct mapped_row *mapped;
	size_t nmapped, mapped_cap;
};

struct mapped_row {
	uint64_t pfn;
	size_t row;
	struct hwp_kills kills;
};

static void cell_str(struct run *run, int col, const char *value)
{
	if (value && *value)
		out_cell_str(run->t, (size_t)col, value);
}

static void cell_u64(struct run *run, int col, uint64_t value)
{
	out_cell_u64(run->t, (size_t)col, value);
}

static void cell_bool(struct run *run, int col, bool value)
{
	out_cell_bool(run->t, (size_t)col, value);
}

/* The default columns for what the run names and does; -o chooses others. */
static void table_begin(struct run *run)
{
	const struct page_args *a = &run->pr->args;
	bool dry = run->pr->opts.dry_run;
	bool want[NCOLS] = { false };
	want[COL_PFN] = want[COL_STATUS] = want[COL_TYPE] = want[COL_RESULT] = true;
	want[COL_ERROR] = want[COL_NOTE] = true;
	want[COL_VADDR] = a->pid > 0;
	want[COL_GPA] = want[COL_HVA] = a->guest.socket != NULL;
	want[COL_OFFSET] = want[COL_DIRTY] = a->file != NULL;
	want[COL_READER] = a->file != NULL && !dry;
	want[COL_NEW_PFN] = (a->pid > 0 || a->guest.socket) && run->pr->opts.op == HWP_OP_SOFT_OFFLINE &&
			    !dry;
	want[COL_FLAGS] = run->cli->verbose || dry;
	want[COL_SOURCE] = (run->cli->json || run->cli->verbose) && !dry;
	want[COL_WRITE] = want[COL_FILE] = dry;
	want[COL_PROCESSES] = !dry && run->pr->opts.op != HWP_OP_SOFT_OFFLINE;
	/* The method's own columns, by their keys. */
	const struct hwp_method_info *m = hwp_method_of(run->pr->opts.op, run->pr->opts.method);
	for (const char *const *key = m->columns; key && *key && !dry; key++)
		for (size_t col = 0; col < NCOLS; col++)
			want[col] |= strcmp(page_cols[col].key, *key) == 0;
	run->t = out_table_begin_view(run->cli->out, "pages", page_cols, NCOLS, want,
				      &run->cli->view);
}

/* "EBUSY: page is busy", or the reason alone. */
static void error_text(const struct hwp_page_result *res, char *buf, size_t len)
{
	buf[0] = '\0';
	if (res->error)
		snprintf(buf, len, "%s: %s", cli_errno_name(res->error),
			 res->reason ? res->reason : cli_strerror(res->error));
	else if (res->reason)
		snprintf(buf, len, "%s", res->reason);
}

/* What a reader of the file sees now. */
static void reader_cell(struct run *run, const struct hwp_page_report *rep)
{
	if (!rep->reader_known)
		return;
	char reader[96] = "reads";
	if (rep->reader < 0)
		snprintf(reader, sizeof(reader), "%s: %s", cli_errno_name(-rep->reader),
			 cli_strerror(-rep->reader));
	cell_str(run, COL_READER, reader);
}

/* A dry run's row says what would be written where. */
static void write_cells(struct run *run, const struct hwp_page_report *rep)
{
	if (rep->res.status != HWP_STATUS_WOULD)
		return;
	cell_str(run, COL_WRITE, rep->text);
	cell_str(run, COL_FILE, rep->kpath);
}

/*
 * A page processes may still map poisoned: one the kernel took from a
 * process (not a free page), or one unpoisoned (the mapping outlives it).
 */
static bool may_be_mapped(const struct run *run, const struct hwp_page_result *res)
{
	if (run->pr->opts.op == HWP_OP_INJECT)
		return res->status == HWP_STATUS_INJECTED &&
		       !(res->flags_before & HWP_KPF_BIT(HWP_KPF_BUDDY));
	return run->pr->opts.op == HWP_OP_UNPOISON &&
	       (res->status == HWP_STATUS_UNPOISONED || res->error == EBUSY);
}

static void processes_of_page(struct run *run, const struct hwp_page_result *res)
{
	processes_cell(run->t, COL_PROCESSES, &res->kills);
	if (!may_be_mapped(run, res))
		return;
	if (run->nmapped == run->mapped_cap) {
		/* Doubling: a run over many mapped pages grows this in few steps. */
		size_t cap = run->mapped_cap ? 2 * run->mapped_cap : 64;
		struct mapped_row *grown = realloc(run->mapped, cap * sizeof(*grown));
		if (!grown)
			return;   /* the cell keeps what the log said */
		run->mapped = grown;
		run->mapped_cap = cap;
	}
	run->mapped[run->nmapped++] =
		(struct mapped_row){ res->pfn, out_row_index(run->t), res->kills };
}

static void count_row(struct run *run, enum hwp_status status)
{
	run->done++;
	if ((size_t)status < sizeof(run->by_status) / sizeof(run->by_status[0]))
		run->by_status[status]++;
}

/* One page's row; where: the vaddr or offset that named it. */
static void print_page(struct run *run, const struct hwp_page_report *rep, uint64_t where)
{
	const struct hwp_page_result *res = &rep->res;
	char note[192], error[HWP_TARGET_LEN + 160], flags[512];
	advice_huge_note(&rep->huge, &rep->huge_outcome, rep->huge_acted,
		      hwp_page_shift(run->cli->ctx), note, sizeof(note));
	error_text(res, error, sizeof(error));
	char hint[HWP_TARGET_LEN + 128];
	/* The kernel says only EBUSY; the journal knows what named the page. */
	if (advice_unpoison_busy(rep, hint, sizeof(hint)))
		snprintf(error, sizeof(error), "EBUSY: %s", hint);
	hwp_flags_format(res->flags_after, flags, sizeof(flags));
	out_row(run->t);
	cell_u64(run, COL_PFN, res->pfn);
	if (run->pr->args.pid > 0)
		cell_u64(run, COL_VADDR, where);
	if (rep->target.kind == HWP_TARGET_GUEST) {
		cell_u64(run, COL_GPA, rep->target.gpa);
		cell_u64(run, COL_HVA, rep->target.vaddr);
	}
	if (run->pr->args.file)
		cell_u64(run, COL_OFFSET, where);
	if (rep->moved)
		cell_u64(run, COL_NEW_PFN, rep->new_pfn);
	cell_str(run, COL_STATUS, hwp_status_name(res->status));
	cell_str(run, COL_TYPE, res->type);
	cell_str(run, COL_RESULT, res->result);
	cell_str(run, COL_ERROR, error);
	if (run->pr->args.file)
		cell_bool(run, COL_DIRTY, res->flags_before & HWP_KPF_BIT(HWP_KPF_DIRTY));
	reader_cell(run, rep);
	if (res->errors)
		cell_u64(run, COL_ERRORS, res->errors);
	if (res->errors && res->cec_threshold)
		cell_u64(run, COL_THRESHOLD, res->cec_threshold);
	cell_str(run, COL_NOTE, note);
	cell_str(run, COL_SOURCE, res->verdict_source);
	cell_str(run, COL_FLAGS, flags);
	processes_of_page(run, res);
	write_cells(run, rep);
	count_row(run, res->status);
	if (hwp_status_reached(res->status) ||
	    (run->pr->filtered_ok && res->status == HWP_STATUS_FILTERED))
		return;
	run->rc = EXIT_FAIL;
	/* Errors are reported even under -q, where the table is not. */
	if (run->cli->quiet)
		cli_err(run->cli, "pfn 0x%" PRIx64 ": %s%s%s", res->pfn, hwp_status_name(res->status),
			error[0] ? ": " : "", error);
}

/* A process address with no page behind it: reported, never acted on. */
static void not_present(struct run *run, const struct hwp_target *t, const struct hwp_vpage *vp)
{
	uint64_t vaddr = t->vaddr;
	out_row(run->t);
	if (t->kind == HWP_TARGET_GUEST) {
		cell_u64(run, COL_GPA, t->gpa);
		cell_u64(run, COL_HVA, t->vaddr);
	} else {
		cell_u64(run, COL_VADDR, vaddr);
	}
	cell_str(run, COL_STATUS, hwp_status_name(HWP_STATUS_NOT_PRESENT));
	char why[128] = "no page mapped there yet";
	if (t->kind == HWP_TARGET_GUEST)
		snprintf(why, sizeof(why), "the host never gave this guest page memory (untouched)");
	if (vp->swapped)
		snprintf(why, sizeof(why), "swapped out");
	if (vp->poisoned_pfn)
		snprintf(why, sizeof(why), "a poisoned mapping of pfn 0x%" PRIx64 " (SIGBUS on touch)",
			 vp->poisoned_pfn);
	cell_str(run, COL_ERROR, why);
	count_row(run, HWP_STATUS_NOT_PRESENT);
	run->rc = EXIT_FAIL;
	if (run->cli->quiet)
		cli_err(run->cli, "%s 0x%" PRIx64 ": not-present: %s",
			t->kind == HWP_TARGET_GUEST ? "gpa" : "vaddr",
			t->kind == HWP_TARGET_GUEST ? t->gpa : vaddr, why);
}

/* The exit code for an error that stops the run: the kernel interface itself failed. */
static int run_error(struct run *run, uint64_t pfn, int r)
{
	struct cli *cli = run->cli;
	char kpath[PATH_MAX] = "", text[160];
	hwp_op_target(cli->ctx, &run->pr->opts, pfn, kpath, sizeof(kpath), text, sizeof(text));
	const struct hwp_method_info *m = hwp_method_of(run->pr->opts.op, run->pr->opts.method);
	switch (r) {
	case -ERANGE:
		return cli_usage(cli, "pfn 0x%" PRIx64 " is past the end of memory", pfn);
	case -ENOENT:
		if (!hwp_module_loaded(cli->ctx) && m->module && !strcmp(m->module, "hwpoison_inject"))
			return cli_env(cli, "hwpoison_inject was removed during the run, after %" PRIu64
				       " page%s: pfn 0x%" PRIx64 " and those after it were not touched",
				       run->done, run->done == 1 ? "" : "s", pfn);
		return cli_env(cli, "%s does not exist: this kernel lacks the interface", kpath);
	case -EACCES:
	case -EPERM:
	case -EROFS:
	case -EXDEV:
		return cli_env(cli, "cannot write %s: %s", kpath, cli_strerror(-r));
	default:
		return cli_env(cli, "pfn 0x%" PRIx64 ": %s", pfn, cli_strerror(-r));
	}
}

/*
 * Act on one page through the campaign and print its row: 0 acted,
 * HWP_CAMPAIGN_SKIPPED, or an exit code that stops the run.
 */
static int act(struct run *run, uint64_t pfn, uint64_t where, const struct hwp_select_opts *sel)
{
	struct hwp_page_report rep;
	int r = hwp_campaign_page(run->campaign, pfn, sel, &rep);
	if (r < 0)
		return run_error(run, pfn, r);
	if (r == HWP_CAMPAIGN_SKIPPED)
		return HWP_CAMPAIGN_SKIPPED;
	print_page(run, &rep, where);
	/* No page without its record: the run stops before the next one. */
	if (rep.journal_error)
		return cli_env(run->cli, "pfn 0x%" PRIx64 " was %s but its record could not be written "
			       "to the journal in /run/hwpoison: %s; the run stopped before the next "
			       "page (unpoison --journal will not know pfn 0x%" PRIx64 ")", pfn,
			       hwp_status_name(rep.res.status), cli_strerror(-rep.journal_error), pfn);
	return 0;
}

/*
 * Find the page a --pfn, --vaddr or --offset item names, just before acting
 * on it (the kernel may move a process's page at any time). 0 with
 * *ret_pfn set, CLI_NO_PAGE when no page is present, or an exit code.
 */
static int resolve(struct run *run, uint64_t item, uint64_t *ret_pfn, struct hwp_vpage *ret_vp)
{
	struct cli *cli = run->cli;
	const struct page_args *a = &run->pr->args;
	uint64_t where = item << hwp_page_shift(cli->ctx);
	struct hwp_vpage vp = { 0 };
	int r;
	*ret_pfn = item;
	int pid = a->guest.socket ? a->guest.pid : a->pid;
	if (a->guest.socket)
		where = page_args_guest_hva(a, item, hwp_page_shift(cli->ctx));
	if (pid > 0) {
		r = hwp_vaddr_to_pfn(cli->ctx, pid, where, &vp);
		if (r == -ESRCH)
			return cli_env(cli, "%s %d exited during the run", a->guest.socket ? "QEMU" : "process",
				       pid);
		if (r < 0)
			return cli_env(cli, "cannot read /proc/%d/pagemap: %s", pid, cli_strerror(-r));
		*ret_vp = vp;
		*ret_pfn = vp.pfn;
		return vp.present ? 0 : CLI_NO_PAGE;
	}
	if (a->file) {
		r = hwp_file_page(cli->ctx, a->file, where, &vp);
		if (r < 0)
			return cli_env(cli, "%s: cannot bring offset %" PRIu64 " into the page cache: %s",
				       a->file, where, cli_strerror(-r));
		*ret_pfn = vp.pfn;
	}
	return 0;
}

/* What named the page, for the journal: the hint for a later unpoison comes from it. */
static struct hwp_target name_target(struct run *run, uint64_t where)
{
	const struct page_args *a = &run->pr->args;
	struct hwp_target t = { .kind = HWP_TARGET_PFN };
	char path[PATH_MAX];
	if (a->pid > 0)
		t = (struct hwp_target){ .kind = HWP_TARGET_PROCESS, .pid = a->pid, .vaddr = where };
	if (a->guest.socket && strlen(a->guest.socket) < sizeof(t.file)) {
		unsigned shift = hwp_page_shift(run->cli->ctx);
		t = (struct hwp_target){ .kind = HWP_TARGET_GUEST, .pid = a->guest.pid, .gpa = where,
					 .vaddr = page_args_guest_hva(a, where >> shift, shift) };
		snprintf(t.file, sizeof(t.file), "%s", a->guest.socket);
	}
	/* A path too long for the record is left out rather than cut. */
	const char *file = a->file && realpath(a->file, path) ? path : a->file;
	if (file && strlen(file) < sizeof(t.file)) {
		t = (struct hwp_target){ .kind = HWP_TARGET_FILE, .offset = where };
		snprintf(t.file, sizeof(t.file), "%s", file);
	}
	hwp_campaign_target(run->campaign, &t);
	return t;
}

static int each_item(struct run *run, uint64_t item)
{
	uint64_t pfn = 0;
	struct hwp_vpage vp = { 0 };
	uint64_t where = item << hwp_page_shift(run->cli->ctx);
	struct hwp_target t = name_target(run, where);
	int r = resolve(run, item, &pfn, &vp);
	if (r == CLI_NO_PAGE) {
		not_present(run, &t, &vp);
		return 0;
	}
	if (r == 0 && (r = act(run, pfn, where, NULL)) == HWP_CAMPAIGN_SKIPPED)
		r = 0;
	return r;
}

/* Every item of the list: pfns, or pages of a process or a file. */
static int each_listed(struct run *run)
{
	const struct hwp_pfnlist *list = &run->pr->args.list;
	table_begin(run);
	for (size_t i = 0; i < list->count && !cli_interrupted(); i++) {
		for (uint64_t item = list->ranges[i].first; !cli_interrupted(); item++) {
			int r = each_item(run, item);
			if (r)
				return r;
			if (item == list->ranges[i].last)
				break;
		}
	}
	return 0;
}

/* Rescans when other runs took the spares too: a few, then give up. */
#define SELECT_SCANS 4

/*
 * A candidate of a process's pages: named by its address, and skipped when
 * the process no longer maps it there (the kernel may have moved it).
 */
static int act_on_mapped(struct run *run, uint64_t pfn, uint64_t vaddr)
{
	const struct page_args *a = &run->pr->args;
	int pid = a->sel.pid;
	struct hwp_vpage vp;
	int r = hwp_vaddr_to_pfn(run->cli->ctx, pid, vaddr, &vp);
	if (r == -ESRCH)
		return cli_env(run->cli, "%s %d exited during the run", a->guest.socket ? "QEMU" : "process",
			       pid);
	if (r < 0 || !vp.present || vp.pfn != pfn)
		return HWP_CAMPAIGN_SKIPPED;
	struct hwp_target t = { .kind = HWP_TARGET_PROCESS, .pid = pid, .vaddr = vaddr };
	if (a->guest.socket) {
		/* A page of the guest's RAM: named by its gpa, as --gpa would. */
		t.kind = HWP_TARGET_GUEST;
		t.gpa = page_args_guest_gpa(a, vaddr);
		snprintf(t.file, sizeof(t.file), "%s", a->guest.socket);
	}
	hwp_campaign_target(run->campaign, &t);
	return act(run, pfn, vaddr, &a->sel);
}

/* The candidates of one scan, until enough were acted on; *acted grows. */
static int act_on_selection(struct run *run, const struct hwp_selection *sel, uint64_t *acted)
{
	const struct hwp_select_opts *o = &run->pr->args.sel;
	for (size_t i = 0; i < sel->count && *acted < o->count && !cli_interrupted(); i++) {
		int r = sel->vaddrs ? act_on_mapped(run, sel->pfns[i], sel->vaddrs[i])
				    : act(run, sel->pfns[i], 0, o);
		if (r == 0)
			(*acted)++;
		else if (r != HWP_CAMPAIGN_SKIPPED)
			return r;
	}
	return 0;
}

static int each_selected(struct run *run, uint64_t *ret_matched)
{
	struct cli *cli = run->cli;
	const struct hwp_select_opts *o = &run->pr->args.sel;
	uint64_t acted = 0;
	for (int scan = 0; scan < SELECT_SCANS && acted < o->count && !cli_interrupted(); scan++) {
		struct hwp_selection sel;
		int r = hwp_select(cli->ctx, o, &sel);
		if (r == -ENOMEM)
			return cli_env(cli, "out of memory");
		if (r == -ESRCH)
			return cli_env(cli, "%s %d exited before its pages were read",
				       run->pr->args.guest.socket ? "QEMU" : "process", o->pid);
		if (r < 0)
			return cli_env(cli, "cannot scan %s: %s", o->pid ? "the process's pages" :
				       "/proc/kpageflags", cli_strerror(-r));
		if (scan == 0) {
			*ret_matched = sel.matched;
			out_u64(cli->out, "matched", "Pages matching", sel.matched);
			table_begin(run);
		}
		r = act_on_selection(run, &sel, &acted);
		bool exhausted = sel.count < o->count * 2;   /* the scan found no more */
		hwp_selection_free(&sel);
		if (r)
			return r;
		if (exhausted || run->pr->opts.dry_run)
			break;
	}
	if (!cli_interrupted() && acted < o->count) {
		cli_err(cli, "only %" PRIu64 " of the %" PRIu64 " pages asked for could be found",
			acted, o->count);
		run->rc = EXIT_FAIL;
	}
	return 0;
}

/* Unpoison undoes the page, not the processes' mappings of it: say who must act. */
static void warn_holder(struct run *run, const struct hwp_holder *h)
{
	if (run->pr->opts.op != HWP_OP_UNPOISON)
		return;
	cli_err(run->cli, "warning: %s (pid %d) still maps pfn 0x%" PRIx64 " poisoned at 0x%" PRIx64
		": it gets SIGBUS when it touches that address; it must unmap it or restart",
		h->comm, h->pid, h->pfn, h->vaddr);
}

/*
 * After the run, once: the processes whose page tables still point at a
 * page of the run (the kernel left them a poisoned mapping), added to the
 * page's row as killed late.
 */
static void complete_mapped_rows(struct run *run)
{
	struct hwp_pfnlist pfns = { .count = 0 };
	for (size_t i = 0; i < run->nmapped; i++)
		if (hwp_pfnlist_add(&pfns, run->mapped[i].pfn, run->mapped[i].pfn) < 0)
			break;
	struct holders hs;
	holders_find(run->cli, &pfns, &hs);
	for (size_t i = 0; i < hs.n; i++) {
		const struct hwp_holder *h = &hs.h[i];
		struct hwp_kill k = { .pid = h->pid, .kind = HWP_KILL_LATE };
		snprintf(k.comm, sizeof(k.comm), "%s", h->comm);
		for (size_t m = 0; m < run->nmapped; m++) {
			struct mapped_row *row = &run->mapped[m];
			if (row->pfn != h->pfn)
				continue;
			hwp_kills_add(&row->kills, &k);
			out_row_reopen(run->t, row->row);
			processes_cell(run->t, COL_PROCESSES, &row->kills);
		}
		warn_holder(run, h);
	}
	if (hs.error)
		cli_info(run->cli, "cannot read the processes' page tables: %s", cli_strerror(-hs.error));
	char unread[160];
	holders_unread_words(&hs, unread, sizeof(unread));
	if (hs.unread)
		cli_err(run->cli, "note: %s for processes that still map a page of the run", unread);
	holders_free(&hs);
	hwp_pfnlist_free(&pfns);
}

/* Why a campaign could not be opened, in words: an exit code. */
static int campaign_refused(struct cli *cli, int r)
{
	const struct hwp_distrusted *bad = hwp_run_dir_distrusted(cli->ctx);
	if (r == -EXDEV && bad)
		return cli_env(cli, "refusing to use /run/hwpoison: %s %s (it must be root's directory, "
			       "writable by root alone); nothing was done", bad->path,
			       cli_distrust_words(bad));
	if (r == -ENOSPC)
		return cli_env(cli, "no room in /run for the journal's records of this run; "
			       "nothing was done");
	if (r == -ENOMEM)
		return cli_env(cli, "cannot hold the memory this run needs: out of memory; nothing was done");
	return cli_env(cli, "cannot open the journal in /run/hwpoison: %s; nothing was done (a page "
		       "acted on without its record would be lost to unpoison --journal)",
		       cli_strerror(-r));
}

/* Open the campaign, with the run's scoped filter if it has one: 0 or an exit code. */
static int campaign_open(struct run *run)
{
	struct cli *cli = run->cli;
	const struct page_request *pr = run->pr;
	uint64_t npages = pr->args.select ? pr->args.sel.count : hwp_pfnlist_pages(&pr->args.list);
	int r = hwp_campaign_open(cli->ctx, &pr->opts, npages, cli_stop_flag(), &run->campaign);
	if (r < 0)
		return campaign_refused(cli, r);
	if (pr->cec_scoped && !pr->opts.dry_run) {
		r = hwp_campaign_scope_cec(run->campaign, pr->cec_threshold);
		if (r < 0)
			return cli_env(cli, "cannot set the CEC's threshold: %s", cli_strerror(-r));
		cli_info(cli, "CEC threshold %" PRIu64 " for this run", pr->cec_threshold);
	}
	if (!pr->scoped)
		return 0;
	r = hwp_campaign_scope_filter(run->campaign, &pr->scoped_filter);
	if (r < 0)
		return cli_env(cli, "cannot set the filter: %s", cli_strerror(-r));
	cli_info(cli, "filter set for this run");
	return 0;
}

/* Close the campaign; the previous filter comes back whatever happened. */
static int campaign_close(struct run *run, int rc)
{
	struct cli *cli = run->cli;
	int r = hwp_campaign_close(run->campaign);
	if (r < 0 && run->pr->scoped) {
		cli_err(cli, "cannot restore the previous filter: %s (see 'hwpoison filter show')",
			cli_strerror(-r));
		return EXIT_ENV;
	}
	if (r < 0) {
		cli_err(cli, "cannot restore the CEC's threshold: %s (see 'hwpoison stat')",
			cli_strerror(-r));
		return EXIT_ENV;
	}
	if (run->pr->scoped)
		cli_info(cli, "previous filter restored");
	if (run->pr->cec_scoped && !run->pr->opts.dry_run)
		cli_info(cli, "previous CEC threshold restored");
	return rc;
}

/*
 * How the run went, in one line on stderr for people ("18 unpoisoned, 2
 * failed") after more than one page, and in the JSON document always.
 */
static void summary(struct run *run, int rc)
{
	struct cli *cli = run->cli;
	char line[512] = "";
	bool json = out_is_json(cli->out);
	if (json)
		out_object_begin(cli->out, "summary", "summary");
	for (size_t s = 0; s < sizeof(run->by_status) / sizeof(run->by_status[0]); s++) {
		if (!run->by_status[s])
			continue;
		const char *name = hwp_status_name((enum hwp_status)s);
		if (json)
			out_u64(cli->out, name, name, run->by_status[s]);
		size_t len = strlen(line);
		snprintf(line + len, sizeof(line) - len, "%s%" PRIu64 " %s", len ? ", " : "",
			 run->by_status[s], name);
	}
	if (json) {
		out_u64(cli->out, "exit", "exit", (uint64_t)rc);
		if (cli->error[0])   /* what stopped the run */
			out_str(cli->out, "error", "error", cli->error);
		out_object_end(cli->out);
	}
	if (!json && !cli->quiet && run->done > 1)
		fprintf(stderr, "%s\n", line);
}

/* The run's exit code, once everything is closed. */
static int run_end(struct run *run, int rc, uint64_t matched)
{
	struct cli *cli = run->cli;
	if (cli_interrupted()) {
		cli_err(cli, "interrupted by %s after %" PRIu64 " page%s", strsignal(cli_interrupted()),
			run->done, run->done == 1 ? "" : "s");
		return 128 + cli_interrupted();
	}
	if (rc)
		return rc;
	if (run->pr->args.select && matched == 0)
		cli_err(cli, "no page matches the --select expression");
	if (run->pr->args.all && run->done == 0)
		cli_err(cli, "no poisoned pages%s", run->pr->args.journal ? " that hwpoison poisoned" : "");
	return run->rc;
}

int run_pages(struct cli *cli, const struct page_request *pr)
{
	struct run run = { .cli = cli, .pr = pr, .rc = EXIT_OK };
	uint64_t matched = 0;
	/* Signals are caught before the filter changes, so none can skip the restore. */
	cli_catch_signals();
	cli->out = out_new(cli->json, cli->quiet);
	int rc = campaign_open(&run);
	if (rc == 0)
		rc = pr->args.select ? each_selected(&run, &matched) : each_listed(&run);
	/* For tests/vm and bench/: the run took no page of memory once it had begun. */
	if (cli->measure && run.campaign)
		cli_err(cli, "page faults during the run: %ld", hwp_campaign_faults(run.campaign));
	if (run.t && run.nmapped)
		complete_mapped_rows(&run);
	free(run.mapped);
	if (run.t)
		out_table_end(run.t, NULL);
	page_guest_report(cli, &pr->args);
	if (run.campaign)
		rc = campaign_close(&run, rc);
	rc = run_end(&run, rc, matched);
	summary(&run, rc);
	cli_document_end(cli);
	return rc;
}

