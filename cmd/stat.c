// SPDX-License-Identifier: GPL-2.0-or-later
/* hwpoison stat: the machine's memory-failure state, or the flags of pages. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "filter_args.h"
#include "options.h"
#include "page_args.h"
#include "stat.h"

static void columns_help(void);

static void usage(void)
{
	fputs("Usage: hwpoison stat [--pfn LIST | --addr LIST] [--summary] | --journal [options]\n"
	      "\n"
	      "Without a list: kernel support, module and debugfs state, HardwareCorrupted,\n"
	      "the poisoned pages and whether that count matches their flags (accounting),\n"
	      "per-node memory-failure statistics, the sysctls that change behaviour,\n"
	      "kernel lockdown and the filter. It changes nothing, and reports what is\n"
	      "missing rather than failing. With a list: each page's flags by name.\n"
	      "Poisoned pages are marked by source: hwpoison (the journal in /run/hwpoison\n"
	      "says hwpoison poisoned them) or other (perhaps a real hardware error).\n"
	      "\n"
	      "Options:\n"
	      "      --pfn LIST       page frame numbers: N, A-B (inclusive), A+N (N pages)\n"
	      "      --addr LIST      physical addresses, same forms, K/M/G suffixes allowed\n"
	      "      --summary        page counts per combination of flags over all of memory\n"
	      "                       (RAM only, where the firmware map tells), or over the list\n"
	      "      --journal        list the journal: every page hwpoison acted on since boot\n"
	      "  -v, --verbose        more detail\n",
	      stdout);
	fputs(cli_common_help, stdout);
	fputs(cli_table_help, stdout);
	columns_help();
	fputs(	      "\n"
	      "Exit status: 0 success, 2 bad input, 3 environment or privilege (with\n"
	      "--pfn, --addr, --journal or --summary: the overview always succeeds).\n",
	      stdout);
}

enum { COL_PFN, COL_FLAGS, COL_RAW, COL_POISONED, COL_UNSAFE };
static const struct out_col page_cols[] = {
	[COL_PFN] = { "pfn", "PFN", OUT_HEX, true },
	[COL_FLAGS] = { "flags", "FLAGS", OUT_WORDS, false },
	[COL_RAW] = { "raw", "RAW", OUT_HEX, true },
	[COL_POISONED] = { "poisoned", "POISONED", OUT_BOOL, false },
	[COL_UNSAFE] = { "unsafe", "UNSAFE", OUT_STR, false },
};

static int page_flags(struct cli *cli, const struct hwp_pfnlist *list)
{
	cli->out = out_new(cli->json, cli->quiet);
	struct out_table *t = out_table_begin_view(cli->out, "pages", page_cols, 5, NULL, &cli->view);
	int rc = EXIT_OK;
	for (size_t i = 0; i < list->count && rc == EXIT_OK; i++) {
		for (uint64_t pfn = list->ranges[i].first;; pfn++) {
			uint64_t flags;
			int r = hwp_kpageflags_get(cli->ctx, pfn, &flags);
			if (r < 0) {
				rc = cli_env(cli, "cannot read /proc/kpageflags: %s", cli_strerror(-r));
				break;
			}
			char names[512];
			hwp_flags_format(flags, names, sizeof(names));
			out_row(t);
			out_cell_u64(t, COL_PFN, pfn);
			out_cell_str(t, COL_FLAGS, names);
			out_cell_u64(t, COL_RAW, flags);
			out_cell_bool(t, COL_POISONED, flags & HWP_KPF_BIT(HWP_KPF_HWPOISON));
			out_cell_str(t, COL_UNSAFE, hwp_page_unsafe_reason(flags));
			if (pfn == list->ranges[i].last)
				break;
		}
	}
	out_table_end(t, NULL);
	cli_document_end(cli);
	return rc;
}

struct poisoned_scan {
	struct out_table *t;
	const struct hwp_pfnlist *ours;   /* what the journal says hwpoison poisoned */
	uint64_t count, by_us;
};

static int add_poisoned(uint64_t pfn, uint64_t flags, void *data)
{
	struct poisoned_scan *st = data;
	if (!(flags & HWP_KPF_BIT(HWP_KPF_HWPOISON)))
		return 0;
	char names[512];
	hwp_flags_format(flags, names, sizeof(names));
	bool ours = hwp_pfnlist_contains(st->ours, pfn);
	out_row(st->t);
	out_cell_u64(st->t, 0, pfn);
	out_cell_str(st->t, 1, ours ? "hwpoison" : "other");
	out_cell_str(st->t, 2, names);
	st->count++;
	st->by_us += ours;
	return 0;
}

enum { JCOL_TIME, JCOL_PID, JCOL_COMMAND, JCOL_METHOD, JCOL_PFN, JCOL_STATUS, JCOL_TYPE,
       JCOL_RESULT, JCOL_TARGET, JCOL_N };
static const struct out_col journal_cols[JCOL_N] = {
	[JCOL_TIME] = { "time", "TIME", OUT_STR, false },
	[JCOL_PID] = { "pid", "PID", OUT_NUM, true },
	[JCOL_COMMAND] = { "command", "COMMAND", OUT_STR, false },
	[JCOL_METHOD] = { "method", "METHOD", OUT_STR, false },
	[JCOL_PFN] = { "pfn", "PFN", OUT_HEX, true },
	[JCOL_STATUS] = { "status", "STATUS", OUT_STR, false },
	[JCOL_TYPE] = { "type", "TYPE", OUT_STR, false },
	[JCOL_RESULT] = { "result", "RESULT", OUT_STR, false },
	[JCOL_TARGET] = { "target", "TARGET", OUT_STR, false },
};
/* What named each page is there for -o and JSON, not in the default table. */
static const bool journal_defaults[JCOL_N] = {
	[JCOL_TIME] = true, [JCOL_PID] = true, [JCOL_COMMAND] = true, [JCOL_METHOD] = true,
	[JCOL_PFN] = true, [JCOL_STATUS] = true, [JCOL_TYPE] = true, [JCOL_RESULT] = true,
};

struct journal_listing {
	struct out_table *t;
	uint64_t records;
};

static int journal_row(const struct hwp_journal_entry *e, void *data)
{
	struct journal_listing *st = data;
	/* UTC with microseconds, RFC 3339: sortable, and the same on every machine. */
	time_t sec = (time_t)e->time_sec;
	struct tm tm;
	char when[80] = "";
	if (gmtime_r(&sec, &tm)) {
		char day[32];
		strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(when, sizeof(when), "%s.%06ldZ", day, e->time_nsec / 1000);
	}
	out_row(st->t);
	out_cell_str(st->t, JCOL_TIME, when);
	out_cell_u64(st->t, JCOL_PID, (uint64_t)e->pid);
	out_cell_str(st->t, JCOL_COMMAND, hwp_op_name(e->op));
	out_cell_str(st->t, JCOL_METHOD, hwp_method_string(e->method));
	out_cell_u64(st->t, JCOL_PFN, e->pfn);
	out_cell_str(st->t, JCOL_STATUS, hwp_status_name(e->status));
	out_cell_str(st->t, JCOL_TYPE, e->type);
	out_cell_str(st->t, JCOL_RESULT, e->result);
	char target[HWP_TARGET_LEN];
	hwp_target_format(&e->target, target, sizeof(target));
	out_cell_str(st->t, JCOL_TARGET, target);
	st->records++;
	return 0;
}

static int journal(struct cli *cli)
{
	int rc = cli_need_admin(cli, "reading the journal");
	if (rc)
		return rc;
	struct hwp_pfnlist ours = { .count = 0 };
	uint64_t lost = 0;
	int r = hwp_journal_ours(cli->ctx, &ours, &lost);
	if (r < 0)
		return cli_env(cli, "cannot read the journal in /run/hwpoison: %s", cli_strerror(-r));
	uint64_t still = hwp_pfnlist_pages(&ours);
	hwp_pfnlist_free(&ours);
	cli->out = out_new(cli->json, cli->quiet);
	const bool *defaults = cli->json ? NULL : journal_defaults;
	struct journal_listing st = {
		.t = out_table_begin_view(cli->out, "journal", journal_cols, JCOL_N, defaults, &cli->view),
	};
	r = hwp_journal_scan(cli->ctx, journal_row, &st, &lost);
	char title[128];
	snprintf(title, sizeof(title), "Journal: %" PRIu64 " record%s, %" PRIu64
		 " page%s poisoned by hwpoison not unpoisoned since", st.records,
		 st.records == 1 ? "" : "s", still, still == 1 ? "" : "s");
	out_table_end(st.t, title);
	out_u64(cli->out, "poisoned_by_hwpoison", "poisoned by hwpoison", still);
	if (lost)
		out_u64(cli->out, "journal_lost_bytes", "journal lost (bytes)", lost);
	cli_journal_lost(cli, lost);
	cli_document_end(cli);
	if (r < 0)
		return cli_env(cli, "cannot read the journal in /run/hwpoison: %s", cli_strerror(-r));
	return EXIT_OK;
}

enum { SCOL_FLAGS, SCOL_RAW, SCOL_PAGES, SCOL_SIZE, SCOL_MIB, SCOL_N };
static const struct out_col summary_cols[SCOL_N] = {
	[SCOL_FLAGS] = { "flags", "FLAGS", OUT_WORDS, false },
	[SCOL_RAW] = { "raw", "RAW", OUT_HEX, true },
	[SCOL_PAGES] = { "pages", "PAGES", OUT_NUM, true },
	[SCOL_SIZE] = { "size", "SIZE", OUT_STR, true },
	[SCOL_MIB] = { "mib", "MIB", OUT_NUM, true },
};

static int summary(struct cli *cli, const struct hwp_pfnlist *list)
{
	struct hwp_summary sum;
	int r = hwp_flag_summary(cli->ctx, list, &sum);
	if (r == -ENOMEM)
		return cli_env(cli, "out of memory");
	if (r < 0)
		return cli_env(cli, "cannot read /proc/kpageflags: %s", cli_strerror(-r));
	/* JSON keeps whole MiB for scripts; people read "12K" or "1.5G". */
	bool defaults[SCOL_N] = { true, true, true, !cli->json, cli->json };
	cli->out = out_new(cli->json, cli->quiet);
	out_u64(cli->out, "pages_scanned", "pages scanned", sum.scanned);
	out_u64(cli->out, "combinations", "flag combinations", sum.count);
	struct out_table *t = out_table_begin_view(cli->out, "summary", summary_cols, SCOL_N, defaults,
						   &cli->view);
	unsigned shift = hwp_page_shift(cli->ctx);
	for (size_t i = 0; i < sum.count; i++) {
		char names[512];
		hwp_flags_format(sum.counts[i].flags, names, sizeof(names));
		out_row(t);
		out_cell_str(t, 0, sum.counts[i].flags || cli->json ? names : "(none)");
		out_cell_u64(t, 1, sum.counts[i].flags);
		out_cell_u64(t, 2, sum.counts[i].pages);
		uint64_t bytes = sum.counts[i].pages << shift;
		char size[32];
		cli_size_text(bytes, size, sizeof(size));
		out_cell_str(t, SCOL_SIZE, size);
		out_cell_u64(t, SCOL_MIB, bytes >> 20);
	}
	out_table_end(t, NULL);
	cli_document_end(cli);
	hwp_summary_free(&sum);
	return EXIT_OK;
}

/* The kernel's verdicts on hwpoison's own injections, by type and result. */
#define MAX_VERDICTS 64
struct verdict_count {
	char type[HWP_VERDICT_LEN], result[HWP_VERDICT_LEN];
	uint64_t pages;
};
struct verdict_tally {
	struct verdict_count v[MAX_VERDICTS];
	size_t n;
};

static int tally_verdict(const struct hwp_journal_entry *e, void *data)
{
	struct verdict_tally *t = data;
	if (e->op != HWP_OP_INJECT || !e->type[0])
		return 0;
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].type, e->type) && !strcmp(t->v[i].result, e->result)) {
			t->v[i].pages++;
			return 0;
		}
	if (t->n < MAX_VERDICTS) {
		struct verdict_count *c = &t->v[t->n++];
		snprintf(c->type, sizeof(c->type), "%s", e->type);
		snprintf(c->result, sizeof(c->result), "%s", e->result);
		c->pages = 1;
	}
	return 0;
}

static void verdicts(struct cli *cli, struct out *o)
{
	struct verdict_tally *t = calloc(1, sizeof(*t));
	if (!t)
		return;
	if (hwp_have_sys_admin() > 0)
		hwp_journal_read(cli->ctx, tally_verdict, t);
	static const struct out_col cols[] = {
		{ "type", "TYPE", OUT_STR, false },
		{ "result", "RESULT", OUT_STR, false },
		{ "pages", "PAGES", OUT_NUM, true },
	};
	struct out_table *tb = out_table_begin(o, "verdicts", cols, 3);
	for (size_t i = 0; i < t->n; i++) {
		out_row(tb);
		out_cell_str(tb, 0, t->v[i].type);
		out_cell_str(tb, 1, t->v[i].result);
		out_cell_u64(tb, 2, t->v[i].pages);
	}
	out_table_end(tb, t->n ? "Verdicts on hwpoison's injections (journal):" : NULL);
	free(t);
}

static void missing(struct out_table *t, const char *what)
{
	out_row(t);
	out_cell_str(t, 0, what);
}

/* What the overview learns as it goes, for the parts after. */
struct overview {
	struct cli *cli;
	struct out *o;
	struct out_table *gaps;   /* what is missing, listed last */
	bool supported, admin, mounted, loaded, have_kb;
	uint64_t kb;
};

/* Kernel, support, privileges, debugfs and the module. */
static void overview_environment(struct overview *ov)
{
	struct hwp_ctx *ctx = ov->cli->ctx;
	struct out *o = ov->o;
	char release[128];
	int r = hwp_read_text(ctx, "/proc/sys/kernel/osrelease", release, sizeof(release));
	if (r >= 0)
		release[strcspn(release, "\n")] = '\0';
	out_str(o, "kernel", "kernel", r >= 0 ? release : NULL);
	ov->supported = hwp_kernel_supports_memory_failure(ctx);
	out_bool(o, "memory_failure", "memory failure support", ov->supported);
	if (!ov->supported)
		missing(ov->gaps, "kernel memory-failure support (CONFIG_MEMORY_FAILURE)");
	ov->admin = hwp_have_sys_admin() > 0;
	out_bool(o, "privileged", "privileged (CAP_SYS_ADMIN)", ov->admin);
	if (!ov->admin)
		missing(ov->gaps, "CAP_SYS_ADMIN: page flags, the filter and debugfs are root-only");
	char lockdown[32];
	bool have_lockdown = hwp_lockdown_mode(ctx, lockdown, sizeof(lockdown)) == 0;
	out_str(o, "lockdown", "kernel lockdown", have_lockdown ? lockdown : NULL);
	if (have_lockdown && strcmp(lockdown, "none") != 0)
		missing(ov->gaps, "debugfs, which kernel lockdown forbids: inject --method debugfs, "
			"unpoison and the filter (hard-offline and soft-offline still work)");
	char debugfs[512];
	ov->mounted = hwp_debugfs_find(ctx, debugfs, sizeof(debugfs)) == 0;
	out_str(o, "debugfs", "debugfs", ov->mounted ? debugfs : NULL);
	ov->loaded = hwp_module_loaded(ctx);
	out_object_begin(o, "module", "module");
	out_str(o, "name", "name", "hwpoison_inject");
	out_bool(o, "loaded", "loaded", ov->loaded);
	out_object_end(o);
}

/* HardwareCorrupted and the sysctls that change behaviour. */
static void overview_counters(struct overview *ov)
{
	struct out *o = ov->o;
	ov->have_kb = hwp_hardware_corrupted_kb(ov->cli->ctx, &ov->kb) == 0;
	if (ov->have_kb)
		out_u64(o, "hardware_corrupted_kb", "hardware corrupted (kB)", ov->kb);
	else
		out_str(o, "hardware_corrupted_kb", "hardware corrupted (kB)", NULL);
	out_object_begin(o, "sysctl", "sysctl vm");
	/* enable_soft_offline arrived in 6.11, panic_on_unrecoverable_memory_failure in 7.x. */
	static const char *const sysctls[] = { "memory_failure_recovery",
					       "memory_failure_early_kill", "enable_soft_offline",
					       "panic_on_unrecoverable_memory_failure" };
	for (size_t i = 0; i < sizeof(sysctls) / sizeof(sysctls[0]); i++) {
		int64_t v;
		if (hwp_sysctl_vm(ov->cli->ctx, sysctls[i], &v) == 0)
			out_u64(o, sysctls[i], sysctls[i], (uint64_t)v);
		else
			out_str(o, sysctls[i], sysctls[i], NULL);
	}
	out_object_end(o);
}

/* The filter, in one line for people. */
static void filter_line(const struct overview *ov, const struct hwp_filter *f, bool have_filter,
			char *line, size_t len)
{
	if (!have_filter && ov->loaded)
		snprintf(line, len, "unknown (needs root and debugfs)");
	else if (!f->enable && !ov->loaded && hwp_filter_note_exists(ov->cli->ctx))
		snprintf(line, len, "off: the module was unloaded while a filter was set, which "
			 "switches it off");
	else if (!f->enable)
		snprintf(line, len, "off%s", ov->loaded ? "" : " (module not loaded)");
	else {
		char words[1400];
		cli_filter_words(ov->cli, f, words, sizeof(words));
		snprintf(line, len, "ON: %s (injections outside it do nothing)", words);
	}
}

static void overview_filter(struct overview *ov)
{
	struct hwp_ctx *ctx = ov->cli->ctx;
	struct out *o = ov->o;
	struct hwp_filter f;
	bool have_filter = ov->loaded && ov->mounted && ov->admin && hwp_filter_read(ctx, &f) == 0;
	if (!ov->loaded)
		hwp_filter_defaults(&f);
	if (!out_is_json(o)) {
		char line[1600];
		filter_line(ov, &f, have_filter, line, sizeof(line));
		out_str(o, "filter", "filter", line);
		return;
	}
	out_bool(o, "filter_lost", "filter lost", !ov->loaded && hwp_filter_note_exists(ctx));
	if (have_filter || !ov->loaded)
		cli_print_filter(ov->cli, &f);
	else
		out_str(o, "filter", "filter", NULL);
}

/* Every poisoned page, by source: the journal says which are hwpoison's. */
/*
 * The kernel's count of poisoned pages (num_poisoned_pages, shown as
 * HardwareCorrupted) against the pages that carry the hwpoison flag: the
 * two drift apart when the kernel's accounting has a bug.
 */
static void accounting(struct overview *ov, bool counted, uint64_t flagged)
{
	struct out *o = ov->o;
	unsigned shift = hwp_page_shift(ov->cli->ctx);
	uint64_t counted_pages = ov->kb >> (shift - 10);
	int64_t drift = (int64_t)counted_pages - (int64_t)flagged;
	if (!out_is_json(o)) {
		char line[160] = "unknown (needs root and HardwareCorrupted)";
		if (counted && drift == 0)
			snprintf(line, sizeof(line), "consistent (%" PRIu64 " poisoned page%s)", flagged,
				 flagged == 1 ? "" : "s");
		else if (counted)
			snprintf(line, sizeof(line), "drift of %+" PRId64 " pages: HardwareCorrupted "
				 "counts %" PRIu64 ", %" PRIu64 " carry the hwpoison flag", drift,
				 counted_pages, flagged);
		out_str(o, "accounting", "accounting", line);
		return;
	}
	if (!counted) {
		out_str(o, "accounting", "accounting", NULL);
		return;
	}
	out_object_begin(o, "accounting", "accounting");
	out_u64(o, "hardware_corrupted_pages", "HardwareCorrupted pages", counted_pages);
	out_u64(o, "flagged_pages", "pages with the hwpoison flag", flagged);
	out_i64(o, "drift", "drift", drift);
	out_bool(o, "consistent", "consistent", drift == 0);
	out_object_end(o);
}

static void overview_poisoned(struct overview *ov)
{
	static const struct out_col poisoned_cols[] = {
		{ "pfn", "PFN", OUT_HEX, true },
		{ "source", "SOURCE", OUT_STR, false },
		{ "flags", "FLAGS", OUT_WORDS, false },
	};
	struct hwp_ctx *ctx = ov->cli->ctx;
	struct hwp_pfnlist ours = { .count = 0 };
	char what[128];
	int r = 0;
	if (ov->admin && (r = hwp_journal_ours(ctx, &ours, NULL)) < 0) {
		snprintf(what, sizeof(what), "the journal in /run/hwpoison: %s", cli_strerror(-r));
		missing(ov->gaps, what);
	}
	struct out_table *pt = out_table_begin(ov->o, "poisoned", poisoned_cols, 3);
	struct poisoned_scan scan = { .t = pt, .ours = &ours };
	/*
	 * Read all of memory even when HardwareCorrupted says 0: a count that
	 * dropped below the flagged pages is what the accounting check is for.
	 */
	bool none = !ov->supported;
	r = 0;
	if (!none && (r = hwp_kpageflags_scan(ctx, 0, UINT64_MAX, add_poisoned, &scan)) < 0) {
		snprintf(what, sizeof(what), "/proc/kpageflags: %s", cli_strerror(-r));
		missing(ov->gaps, what);
	}
	char title[128];
	snprintf(title, sizeof(title),
		 "Poisoned pages: %" PRIu64 " (%" PRIu64 " by hwpoison, %" PRIu64 " other)",
		 scan.count, scan.by_us, scan.count - scan.by_us);
	/* Before the table ends, so people read it among the fields above it. */
	accounting(ov, ov->have_kb && (none || r >= 0), scan.count);
	out_table_end(pt, scan.count ? title : NULL);
	hwp_pfnlist_free(&ours);
}

/* Every node's counters added up: all memory failures by result since boot. */
static void node_totals(struct out *o, const struct hwp_node_stats *nodes, int nn)
{
	struct hwp_node_stats sum = { .node = -1 };
	for (int i = 0; i < nn; i++) {
		sum.total += nodes[i].total;
		sum.ignored += nodes[i].ignored;
		sum.failed += nodes[i].failed;
		sum.delayed += nodes[i].delayed;
		sum.recovered += nodes[i].recovered;
	}
	if (out_is_json(o)) {
		out_object_begin(o, "memory_failures", "memory failures (all nodes)");
		out_u64(o, "total", "total", sum.total);
		out_u64(o, "ignored", "ignored", sum.ignored);
		out_u64(o, "failed", "failed", sum.failed);
		out_u64(o, "delayed", "delayed", sum.delayed);
		out_u64(o, "recovered", "recovered", sum.recovered);
		out_object_end(o);
	} else if (nn > 1) {
		/* With one node its row already says it all. */
		char line[160];
		snprintf(line, sizeof(line),
			 "%" PRIu64 " (ignored %" PRIu64 ", failed %" PRIu64 ", delayed %" PRIu64
			 ", recovered %" PRIu64 ")",
			 sum.total, sum.ignored, sum.failed, sum.delayed, sum.recovered);
		out_str(o, "memory_failures", "memory failures, all nodes", line);
	}
}

static void overview_nodes(struct overview *ov)
{
	static const struct out_col node_cols[] = {
		{ "node", "NODE", OUT_NUM, true },       { "total", "TOTAL", OUT_NUM, true },
		{ "ignored", "IGNORED", OUT_NUM, true }, { "failed", "FAILED", OUT_NUM, true },
		{ "delayed", "DELAYED", OUT_NUM, true }, { "recovered", "RECOVERED", OUT_NUM, true },
	};
	struct hwp_node_stats nodes[64];
	int nn = hwp_node_stats(ov->cli->ctx, nodes, 64);
	struct out_table *nt = out_table_begin(ov->o, "nodes", node_cols, 6);
	for (int i = 0; i < nn; i++) {
		out_row(nt);
		out_cell_u64(nt, 0, (uint64_t)nodes[i].node);
		out_cell_u64(nt, 1, nodes[i].total);
		out_cell_u64(nt, 2, nodes[i].ignored);
		out_cell_u64(nt, 3, nodes[i].failed);
		out_cell_u64(nt, 4, nodes[i].delayed);
		out_cell_u64(nt, 5, nodes[i].recovered);
	}
	out_table_end(nt, nn > 0 ? "Memory failures by node:" : NULL);
	if (nn > 0)
		node_totals(ov->o, nodes, nn);
	if (ov->supported && nn <= 0)
		missing(ov->gaps, "per-node memory_failure statistics (kernel 6.3+)");
}

static int overview(struct cli *cli)
{
	static const struct out_col missing_cols[] = { { "what", "MISSING", OUT_STR, false } };
	struct overview ov = { .cli = cli, .o = cli->out = out_new(cli->json, cli->quiet) };
	ov.gaps = out_table_begin(ov.o, "missing", missing_cols, 1);
	overview_environment(&ov);
	overview_counters(&ov);
	overview_filter(&ov);
	stat_machine_checks(cli, ov.o, ov.admin);
	overview_poisoned(&ov);
	overview_nodes(&ov);
	verdicts(cli, ov.o);
	out_table_end(ov.gaps, "Missing:");
	cli_document_end(cli);
	return EXIT_OK;
}

enum stat_mode { MODE_OVERVIEW, MODE_PAGES, MODE_JOURNAL, MODE_SUMMARY };

static int stat_option(struct cli *cli, int c, struct page_args *args, bool *journal, bool *sum)
{
	switch (c) {
	case OPT_JOURNAL:
		*journal = true;
		return 0;
	case OPT_SUMMARY:
		*sum = true;
		return 0;
	case OPT_PFN:
		return page_args_add(cli, args, "--pfn", HWP_UNIT_PFN, optarg);
	case OPT_ADDR:
		return page_args_add(cli, args, "--addr", HWP_UNIT_ADDRESS, optarg);
	}
	int rc = cli_common_opt(cli, c, usage);
	return rc == CLI_NOT_MINE ? EXIT_USAGE : rc;
}

/* Which listing the options ask for, or an exit code for options that do not go together. */
static int stat_mode(struct cli *cli, const struct page_args *args, bool journal, bool sum,
		     enum stat_mode *ret)
{
	if (journal && sum)
		return cli_usage(cli, "--journal cannot be combined with --summary");
	if (journal && args->option)
		return cli_usage(cli, "--journal cannot be combined with %s", args->option);
	*ret = sum ? MODE_SUMMARY : journal ? MODE_JOURNAL : args->option ? MODE_PAGES : MODE_OVERVIEW;
	const struct out_view_opts *v = &cli->view;
	bool view = v->columns || v->all || v->noheadings || v->raw;
	if (*ret == MODE_OVERVIEW && view)
		return cli_usage(cli, "-o, --output-all, -n and -r choose the columns of --pfn, "
				 "--journal or --summary");
	if (*ret == MODE_PAGES)
		return cli_check_columns(cli, page_cols, sizeof(page_cols) / sizeof(page_cols[0]));
	if (*ret == MODE_JOURNAL)
		return cli_check_columns(cli, journal_cols, JCOL_N);
	if (*ret == MODE_SUMMARY)
		return cli_check_columns(cli, summary_cols, SCOL_N);
	return 0;
}

static int run_mode(struct cli *cli, enum stat_mode mode, struct page_args *args)
{
	if (mode == MODE_OVERVIEW)
		return overview(cli);
	if (mode == MODE_JOURNAL)
		return journal(cli);
	int rc = cli_need_admin(cli, "reading /proc/kpageflags");
	if (!rc && args->option)
		rc = cli_check_in_memory(cli, args->option, &args->list);
	if (rc)
		return rc;
	return mode == MODE_SUMMARY ? summary(cli, &args->list) : page_flags(cli, &args->list);
}

static void columns_help(void)
{
	cli_columns_help("Columns of --pfn and --addr", page_cols,
			 sizeof(page_cols) / sizeof(page_cols[0]));
	cli_columns_help("Columns of --journal", journal_cols, JCOL_N);
	cli_columns_help("Columns of --summary", summary_cols, SCOL_N);
}

int cmd_stat(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		TABLE_LONGOPTS,
		{ "pfn", required_argument, NULL, OPT_PFN },
		{ "addr", required_argument, NULL, OPT_ADDR },
		{ "journal", no_argument, NULL, OPT_JOURNAL },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ NULL, 0, NULL, 0 },
	};
	struct page_args args = { .option = NULL };
	bool journal = false, sum = false;
	enum stat_mode mode = MODE_OVERVIEW;
	int c, rc = 0;
	while (!rc && (c = cli_getopt(cli, argc, argv, COMMON_SHORTOPTS TABLE_SHORTOPTS, longopts)) != -1)
		rc = stat_option(cli, c, &args, &journal, &sum);
	if (!rc && optind < argc)
		rc = cli_usage(cli, "unexpected argument '%s'", argv[optind]);
	if (!rc)
		rc = stat_mode(cli, &args, journal, sum, &mode);
	if (!rc)
		rc = run_mode(cli, mode, &args);
	page_args_free(&args);
	return rc == CLI_STOP ? EXIT_OK : rc;
}
