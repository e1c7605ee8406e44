// SPDX-License-Identifier: GPL-2.0-or-later
/* hwpoison unpoison: clear software-injected poison. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "options.h"
#include "pages.h"

static void usage(void)
{
	fputs("Usage: hwpoison unpoison (--pfn LIST | --addr LIST | --all | --journal) [options]\n"
	      "\n"
	      "Clear poison that was injected in software (debugfs unpoison-pfn). The\n"
	      "kernel refuses pages that are in use, and refuses everything once a real\n"
	      "hardware memory failure has happened.\n"
	      "\n"
	      "Options:\n"
	      "      --pfn LIST       page frame numbers: N, A-B (inclusive), A+N (N pages)\n"
	      "      --addr LIST      physical addresses, same forms, K/M/G suffixes allowed\n"
	      "      --all            every page that carries the hwpoison flag\n"
	      "      --journal        every page hwpoison poisoned and has not unpoisoned\n"
	      "                       since (the journal in /run/hwpoison); pages poisoned\n"
	      "                       any other way are left alone\n"
	      "      --dry-run        show what would be written where, write nothing\n"
	      "  -v, --verbose        report set-up and show each page's flags\n",
	      stdout);
	page_options_help();
	fputs(	      "\n"
	      "Exit status: 0 all pages unpoisoned (or not poisoned), 1 some page not,\n"
	      "2 bad input, 3 environment or privilege.\n",
	      stdout);
}

static const struct option options[] = {
	{ "all", no_argument, NULL, OPT_ALL },
	{ "journal", no_argument, NULL, OPT_JOURNAL },
	{ NULL, 0, NULL, 0 },
};

static int option(struct cli *cli, int c, const char *arg, struct page_request *run)
{
	(void)arg;
	struct page_args *a = &run->args;
	if (c != OPT_ALL && c != OPT_JOURNAL)
		return EXIT_USAGE;
	bool journal = c == OPT_JOURNAL;
	if (a->all && a->journal != journal)
		return cli_usage(cli, "--all and --journal cannot be combined");
	a->all = true;
	a->journal = journal;
	return 0;
}

struct collect_state {
	struct hwp_pfnlist *list;
	int error;
};

static int collect_poisoned(uint64_t pfn, uint64_t flags, void *data)
{
	struct collect_state *st = data;
	if (!(flags & HWP_KPF_BIT(HWP_KPF_HWPOISON)))
		return 0;
	st->error = hwp_pfnlist_add(st->list, pfn, pfn);
	return st->error;
}

/* Pages the journal says are ours and that still carry poison now. */
static int collect_journal(struct cli *cli, struct page_args *a)
{
	struct hwp_pfnlist ours = { .count = 0 };
	uint64_t lost = 0;
	int r = hwp_journal_ours(cli->ctx, &ours, &lost);
	cli_journal_lost(cli, lost);
	if (r == -ENOMEM)
		return cli_env(cli, "out of memory");
	if (r < 0) {
		hwp_pfnlist_free(&ours);
		return cli_env(cli, "cannot read the journal in /run/hwpoison: %s", cli_strerror(-r));
	}
	for (size_t i = 0; i < ours.count && r == 0; i++) {
		for (uint64_t pfn = ours.ranges[i].first; r == 0; pfn++) {
			uint64_t flags;
			/* Unpoisoned some other way since: nothing left to undo. */
			if (hwp_kpageflags_get(cli->ctx, pfn, &flags) < 0 ||
			    (flags & HWP_KPF_BIT(HWP_KPF_HWPOISON)))
				r = hwp_pfnlist_add(&a->list, pfn, pfn);
			if (pfn == ours.ranges[i].last)
				break;
		}
	}
	hwp_pfnlist_free(&ours);
	return r < 0 ? cli_env(cli, "out of memory") : 0;
}

static int collect(struct cli *cli, struct page_args *a)
{
	if (a->journal)
		return collect_journal(cli, a);
	uint64_t kb;
	/* No poisoned page anywhere: skip the scan of all memory. */
	if (hwp_hardware_corrupted_kb(cli->ctx, &kb) == 0 && kb == 0)
		return 0;
	struct collect_state st = { .list = &a->list };
	int r = hwp_kpageflags_scan(cli->ctx, 0, UINT64_MAX, collect_poisoned, &st);
	if (r == -ENOMEM)
		return cli_env(cli, "out of memory");
	if (r < 0)
		return cli_env(cli, "cannot read /proc/kpageflags: %s", cli_strerror(-r));
	return 0;
}

static int parse(struct cli *cli, int argc, char **argv, void *state)
{
	static const struct page_command pc = {
		.op = HWP_OP_UNPOISON, .usage = usage, .options = options, .option = option,
		.collect = collect,
	};
	return page_command_parse(cli, argc, argv, &pc, state);
}

const struct command_ops unpoison_ops = {
	.state_size = sizeof(struct page_request),
	.parse = parse,
	.check = page_command_check,
	.run = page_command_run,
	.free = page_command_free,
};
