// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stat without a list: the machine's memory-failure state. It changes
 * nothing, and reports what is missing rather than failing.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter_args.h"
#include "processes.h"
#include "stat.h"

/* The overview's tables and their columns. */
enum { POISONED_PFN, POISONED_SOURCE, POISONED_FLAGS, POISONED_N };
static const struct out_col poisoned_cols[POISONED_N] = {
	[POISONED_PFN] = { "pfn", "PFN", OUT_HEX, true },
	[POISONED_SOURCE] = { "source", "SOURCE", OUT_STR, false },
	[POISONED_FLAGS] = { "flags", "FLAGS", OUT_WORDS, false },
};
enum { VERDICT_TYPE, VERDICT_RESULT, VERDICT_PAGES, VERDICT_N };
static const struct out_col verdict_cols[VERDICT_N] = {
	[VERDICT_TYPE] = { "type", "TYPE", OUT_STR, false },
	[VERDICT_RESULT] = { "result", "RESULT", OUT_STR, false },
	[VERDICT_PAGES] = { "pages", "PAGES", OUT_NUM, true },
};
enum { NODE_NODE, NODE_TOTAL, NODE_IGNORED, NODE_FAILED, NODE_DELAYED, NODE_RECOVERED, NODE_N };
static const struct out_col node_cols[NODE_N] = {
	[NODE_NODE] = { "node", "NODE", OUT_NUM, true },
	[NODE_TOTAL] = { "total", "TOTAL", OUT_NUM, true },
	[NODE_IGNORED] = { "ignored", "IGNORED", OUT_NUM, true },
	[NODE_FAILED] = { "failed", "FAILED", OUT_NUM, true },
	[NODE_DELAYED] = { "delayed", "DELAYED", OUT_NUM, true },
	[NODE_RECOVERED] = { "recovered", "RECOVERED", OUT_NUM, true },
};
enum { MISSING_WHAT, MISSING_N };
static const struct out_col missing_cols[MISSING_N] = {
	[MISSING_WHAT] = { "what", "MISSING", OUT_STR, false },
};

struct poisoned_scan {
	struct out_table *t;
	const struct hwp_pfnlist *ours;   /* what the journal says hwpoison poisoned */
	uint64_t count, by_us;
	struct hwp_pfnlist *flagged;      /* every poisoned pfn, for the processes that map one */
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
	out_cell_u64(st->t, POISONED_PFN, pfn);
	out_cell_str(st->t, POISONED_SOURCE, ours ? "hwpoison" : "other");
	out_cell_str(st->t, POISONED_FLAGS, names);
	st->count++;
	st->by_us += ours;
	return hwp_pfnlist_add(st->flagged, pfn, pfn) < 0 ? -ENOMEM : 0;
}

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
	struct out_table *tb = out_table_begin(o, "verdicts", verdict_cols, VERDICT_N);
	for (size_t i = 0; i < t->n; i++) {
		out_row(tb);
		out_cell_str(tb, VERDICT_TYPE, t->v[i].type);
		out_cell_str(tb, VERDICT_RESULT, t->v[i].result);
		out_cell_u64(tb, VERDICT_PAGES, t->v[i].pages);
	}
	out_table_end(tb, t->n ? "Verdicts on hwpoison's injections (journal):" : NULL);
	free(t);
}

static void missing(struct out_table *t, const char *what)
{
	out_row(t);
	out_cell_str(t, MISSING_WHAT, what);
}

/* What the overview learns as it goes, for the parts after. */
struct overview {
	struct cli *cli;
	struct out *o;
	struct out_table *gaps;   /* what is missing, listed last */
	bool supported, admin, mounted, loaded, have_kb;
	uint64_t kb;
	bool filter_known, filter_on;
	bool scanned;                 /* every page's flags were read */
	struct hwp_pfnlist flagged;   /* the pages that carry the hwpoison flag */
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
	out_str_words(o, "debugfs", "debugfs", ov->mounted ? debugfs : NULL,
		      ov->mounted ? debugfs : "not mounted (hwpoison mounts it when needed)");
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
	out_bool_json(o, "filter_lost", !ov->loaded && hwp_filter_note_exists(ctx));
	ov->filter_known = have_filter || !ov->loaded;
	ov->filter_on = have_filter && f.enable;
	char line[1600];
	filter_line(ov, &f, have_filter, line, sizeof(line));
	if (!have_filter && ov->loaded) {
		out_unknown(o, "filter", "filter", line);
		return;
	}
	out_object_line_begin(o, "filter", "filter", line);
	cli_filter_fields(ov->cli, &f);
	out_object_end(o);
}

/* Every poisoned page, by source: the journal says which are hwpoison's. */
/*
 * The kernel's count of poisoned pages (num_poisoned_pages, shown as
 * HardwareCorrupted) against the pages that carry the hwpoison flag: the
 * two drift apart when the kernel's accounting has a bug.
 */
static void accounting(struct overview *ov, bool scanned, uint64_t flagged)
{
	struct out *o = ov->o;
	unsigned shift = hwp_page_shift(ov->cli->ctx);
	uint64_t counted_pages = ov->kb >> (shift - 10);
	int64_t drift = (int64_t)counted_pages - (int64_t)flagged;
	/* Why there is nothing to compare, the first reason that applies. */
	const char *why = !ov->supported ? "none (this kernel has no memory-failure support)"
			  : !ov->admin   ? "unknown (reading page flags needs root)"
			  : !ov->have_kb ? "unknown (no HardwareCorrupted in /proc/meminfo)"
			  : !scanned     ? "unknown (/proc/kpageflags could not be read)"
					 : NULL;
	if (why) {
		out_unknown(o, "accounting", "accounting", why);
		return;
	}
	char line[160];
	if (drift == 0)
		snprintf(line, sizeof(line), "consistent (%" PRIu64 " poisoned page%s)", flagged,
			 flagged == 1 ? "" : "s");
	else
		snprintf(line, sizeof(line), "drift of %+" PRId64 " pages: HardwareCorrupted counts %"
			 PRIu64 ", %" PRIu64 " carry the hwpoison flag", drift, counted_pages, flagged);
	out_object_line_begin(o, "accounting", "accounting", line);
	out_u64(o, "hardware_corrupted_pages", "HardwareCorrupted pages", counted_pages);
	out_u64(o, "flagged_pages", "pages with the hwpoison flag", flagged);
	out_i64(o, "drift", "drift", drift);
	out_bool(o, "consistent", "consistent", drift == 0);
	out_object_end(o);
}

static void overview_poisoned(struct overview *ov)
{
	struct hwp_ctx *ctx = ov->cli->ctx;
	struct hwp_pfnlist ours = { .count = 0 };
	char what[128];
	int r = 0;
	if (ov->admin && (r = hwp_journal_ours(ctx, &ours, NULL)) < 0) {
		snprintf(what, sizeof(what), "the journal in /run/hwpoison: %s", cli_strerror(-r));
		missing(ov->gaps, what);
	}
	struct out_table *pt = out_table_begin(ov->o, "poisoned", poisoned_cols, POISONED_N);
	struct poisoned_scan scan = { .t = pt, .ours = &ours, .flagged = &ov->flagged };
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
	ov->scanned = !none && r >= 0;
	/* Before the table ends, so people read it among the fields above it. */
	accounting(ov, ov->scanned, scan.count);
	out_table_end(pt, scan.count ? title : NULL);
	hwp_pfnlist_free(&ours);
}

/* Every page hwpoison injected this boot: unpoisoned or not, a process may still map it poisoned. */
static int add_injected(const struct hwp_journal_entry *e, void *data)
{
	if (e->op == HWP_OP_INJECT && e->status == HWP_STATUS_INJECTED)
		return hwp_pfnlist_add(data, e->pfn, e->pfn) < 0 ? -ENOMEM : 0;
	return 0;
}

/* "1 poisoned page, 2 processes map a poisoned page, the filter is on". */
static void dirt_words(const struct overview *ov, size_t holders, char *buf, size_t len)
{
	uint64_t poisoned = ov->flagged.count ? hwp_pfnlist_pages(&ov->flagged) : 0;
	size_t used = 0;
	buf[0] = '\0';
	if (poisoned)
		used += (size_t)snprintf(buf + used, len - used, "%" PRIu64 " poisoned page%s", poisoned,
					 poisoned == 1 ? "" : "s");
	if (holders && used < len)
		used += (size_t)snprintf(buf + used, len - used, "%s%zu process%s a poisoned page",
					 used ? ", " : "", holders,
					 holders == 1 ? " maps" : "es map");
	if (ov->filter_on && used < len)
		snprintf(buf + used, len - used, "%sthe filter is on", used ? ", " : "");
}

/*
 * Clean: no poisoned page, no process mapping one (an unpoisoned page's
 * mapping stays poisoned), the filter off. What a test leaves behind.
 */
static void overview_clean(struct overview *ov)
{
	struct cli *cli = ov->cli;
	if (!ov->supported) {
		out_bool_json(ov->o, "clean", true);
		out_words(ov->o, "clean", "yes (this kernel has no memory-failure support)");
		return;
	}
	if (!ov->admin || !ov->scanned || !ov->filter_known) {
		out_unknown(ov->o, "clean", "clean", "unknown (needs root, page flags and the filter)");
		return;
	}
	struct hwp_pfnlist pfns = { .count = 0 };
	for (size_t i = 0; i < ov->flagged.count; i++)
		hwp_pfnlist_add(&pfns, ov->flagged.ranges[i].first, ov->flagged.ranges[i].last);
	hwp_journal_read(cli->ctx, add_injected, &pfns);
	struct holders hs;
	holders_find(cli, &pfns, &hs);
	hwp_pfnlist_free(&pfns);
	bool clean = ov->flagged.count == 0 && hs.n == 0 && !ov->filter_on && !hs.error;
	char dirt[256], unread[160], words[450];
	dirt_words(ov, hs.n, dirt, sizeof(dirt));
	holders_unread_words(&hs, unread, sizeof(unread));
	const char *sep = hs.unread ? "; " : "";
	if (hs.error)
		snprintf(words, sizeof(words), "unknown (processes' page tables: %s)",
			 cli_strerror(-hs.error));
	else if (clean)
		snprintf(words, sizeof(words), "yes (no poisoned page, no process maps one, "
			 "the filter is off%s%s)", sep, unread);
	else
		snprintf(words, sizeof(words), "no (%s%s%s)", dirt, sep, unread);
	if (hs.error)
		out_unknown(ov->o, "clean", "clean", words);
	else {
		out_bool_json(ov->o, "clean", clean);
		out_words(ov->o, "clean", words);
	}
	holders_table(cli, &hs);
	holders_free(&hs);
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
	char line[160];
	snprintf(line, sizeof(line),
		 "%" PRIu64 " (ignored %" PRIu64 ", failed %" PRIu64 ", delayed %" PRIu64
		 ", recovered %" PRIu64 ")",
		 sum.total, sum.ignored, sum.failed, sum.delayed, sum.recovered);
	/* With one node its row already says it all. */
	out_object_line_begin(o, "memory_failures", "memory failures, all nodes", nn > 1 ? line : NULL);
	out_u64(o, "total", "total", sum.total);
	out_u64(o, "ignored", "ignored", sum.ignored);
	out_u64(o, "failed", "failed", sum.failed);
	out_u64(o, "delayed", "delayed", sum.delayed);
	out_u64(o, "recovered", "recovered", sum.recovered);
	out_object_end(o);
}

static void overview_nodes(struct overview *ov)
{
	struct hwp_node_stats nodes[64];
	int nn = hwp_node_stats(ov->cli->ctx, nodes, 64);
	struct out_table *nt = out_table_begin(ov->o, "nodes", node_cols, NODE_N);
	for (int i = 0; i < nn; i++) {
		out_row(nt);
		out_cell_u64(nt, NODE_NODE, (uint64_t)nodes[i].node);
		out_cell_u64(nt, NODE_TOTAL, nodes[i].total);
		out_cell_u64(nt, NODE_IGNORED, nodes[i].ignored);
		out_cell_u64(nt, NODE_FAILED, nodes[i].failed);
		out_cell_u64(nt, NODE_DELAYED, nodes[i].delayed);
		out_cell_u64(nt, NODE_RECOVERED, nodes[i].recovered);
	}
	out_table_end(nt, nn > 0 ? "Memory failures by node:" : NULL);
	if (nn > 0)
		node_totals(ov->o, nodes, nn);
	if (ov->supported && nn <= 0)
		missing(ov->gaps, "per-node memory_failure statistics (kernel 6.3+)");
}

int stat_overview(struct cli *cli)
{
	struct overview ov = { .cli = cli, .o = cli->out = out_new(cli->json, cli->quiet) };
	ov.gaps = out_table_begin(ov.o, "missing", missing_cols, MISSING_N);
	overview_environment(&ov);
	overview_counters(&ov);
	overview_filter(&ov);
	stat_machine_checks(cli, ov.o, ov.admin, ov.supported);
	overview_poisoned(&ov);
	overview_clean(&ov);
	hwp_pfnlist_free(&ov.flagged);
	overview_nodes(&ov);
	verdicts(cli, ov.o);
	out_table_end(ov.gaps, "Missing:");
	cli_document_end(cli);
	return EXIT_OK;
}
