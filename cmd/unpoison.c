// SPDX-License-Identifier: GPL-2.0-or-later
/* hwpoison unpoison: clear software-injected poison. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "options.h"
#include "pages.h"

static void usage(void);

static const struct cli_option own[] = {
	PAGE_OPTION_PFN,
	PAGE_OPTION_ADDR,
	{ "all", OPT_ALL, no_argument, "--all", "every page that carries the hwpoison flag", NULL },
	{ "journal", OPT_JOURNAL, no_argument, "--journal",
	  "every page hwpoison poisoned and has not unpoisoned\n"
	  "since (the journal in /run/hwpoison); pages poisoned\n"
	  "any other way are left alone", NULL },
	PAGE_OPTION_DRY_RUN,
	PAGE_OPTION_VERBOSE,
	{ NULL, 0, 0, NULL, NULL, NULL },
};
/* One way of naming pages: --all and --journal collect them, --pfn and --addr list them. */
static const cli_exclusive_t exclusive[] = {
	{ OPT_PFN, OPT_ADDR, 0 },
	{ OPT_ALL, OPT_JOURNAL, 0 },
	{ 0 },
};
static const struct cli_option_list lists[] = {
	{ "Options:", 0, own },
	{ NULL, 0, cli_common_options },
	{ NULL, 0, cli_table_options },
	{ NULL, 0, cli_setup_options },
	{ NULL, 0, NULL },
};

static void usage(void)
{
	fputs("Usage: hwpoison unpoison (--pfn LIST | --addr LIST | --all | --journal) [options]\n"
	      "\n"
	      "Clear poison that was injected in software (debugfs unpoison-pfn). The\n"
	      "kernel refuses pages that are in use, and refuses everything once a real\n"
	      "hardware memory failure has happened.\n",
	      stdout);
	cli_options_help(lists);
	page_columns_help();
	fputs("\n"
	      "Exit status: 0 all pages unpoisoned (or not poisoned), 1 some page not,\n"
	      "2 bad input, 3 environment or privilege.\n",
	      stdout);
}

static int option(struct cli *cli, int c, const char *arg, struct page_request *run)
{
	(void)cli, (void)arg;
	if (c != OPT_ALL && c != OPT_JOURNAL)
		return CLI_NOT_MINE;
	run->args.all = true;
	run->args.journal = c == OPT_JOURNAL;
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
		.op = HWP_OP_UNPOISON, .spec = { lists, usage, false, exclusive }, .option = option,
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
