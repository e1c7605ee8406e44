// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hwpoison stat: its options, which of its four modes they ask for (the
 * overview, pages, the journal, the summary: a file each), and the columns
 * each can show.
 */
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

enum stat_mode { MODE_OVERVIEW, MODE_PAGES, MODE_JOURNAL, MODE_SUMMARY, MODE_GUEST };

static void usage(void);

static const struct cli_option own[] = {
	PAGE_OPTION_PFN,
	PAGE_OPTION_ADDR,
	{ "summary", OPT_SUMMARY, no_argument, "--summary",
	  "page counts per combination of flags over all of memory\n"
	  "(RAM only, where the firmware map tells), or over the list", NULL },
	{ "journal", OPT_JOURNAL, no_argument, "--journal",
	  "list the journal: every page hwpoison acted on since boot", NULL },
	{ "guest", OPT_GUEST, required_argument, "--guest SOCKET",
	  "a QEMU guest by its monitor (QMP) socket: its RAM as QEMU\n"
	  "maps it, and which of its pages are poisoned on the host", NULL },
	{ "verbose", 'v', no_argument, "--verbose", "more detail", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};
static const struct cli_option_list lists[] = {
	{ "Options:", 0, own },
	{ NULL, 0, cli_common_options },
	{ NULL, 0, cli_table_options },
	{ NULL, 0, NULL },
};
static const cli_exclusive_t exclusive[] = { { OPT_PFN, OPT_ADDR, OPT_GUEST, 0 }, { 0 } };
static const struct cli_options spec = { lists, usage, false, exclusive };

static void usage(void)
{
	fputs("Usage: hwpoison stat [--pfn LIST | --addr LIST] [--summary] | --journal | --guest SOCKET\n"
	      "       [options]\n"
	      "\n"
	      "Without a list: kernel support, module and debugfs state, HardwareCorrupted,\n"
	      "the poisoned pages and whether that count matches their flags (accounting),\n"
	      "per-node memory-failure statistics, the sysctls that change behaviour,\n"
	      "kernel lockdown and the filter. It changes nothing, and reports what is\n"
	      "missing rather than failing. With a list: each page's flags by name.\n"
	      "Poisoned pages are marked by source: hwpoison (the journal in /run/hwpoison\n"
	      "says hwpoison poisoned them) or other (perhaps a real hardware error).\n",
	      stdout);
	cli_options_help(lists);
	columns_help();
	fputs("\n"
	      "Exit status: 0 success, 2 bad input, 3 environment or privilege (with\n"
	      "--pfn, --addr, --journal or --summary: the overview always succeeds).\n",
	      stdout);
}

/* What stat's options ask for. */
struct stat_state {
	struct page_args args;
	bool journal, summary;
	enum stat_mode mode;
};

static int stat_option(struct cli *cli, int c, const char *arg, void *data)
{
	struct stat_state *st = data;
	switch (c) {
	case OPT_JOURNAL:
		st->journal = true;
		return 0;
	case OPT_SUMMARY:
		st->summary = true;
		return 0;
	case OPT_PFN:
		return page_args_add(cli, &st->args, "--pfn", HWP_UNIT_PFN, arg);
	case OPT_ADDR:
		return page_args_add(cli, &st->args, "--addr", HWP_UNIT_ADDRESS, arg);
	case OPT_GUEST:
		if (!*arg)
			return cli_usage(cli, "--guest: empty path");
		st->args.guest.socket = arg;
		return 0;
	}
	return CLI_NOT_MINE;
}

/* Which listing the options ask for, or an exit code for options that do not go together. */
static int stat_mode(struct cli *cli, const struct page_args *args, bool journal, bool sum,
		     enum stat_mode *ret)
{
	if (journal && sum)
		return cli_usage(cli, "--journal cannot be combined with --summary");
	if (journal && args->option)
		return cli_usage(cli, "--journal cannot be combined with %s", args->option);
	if (args->guest.socket && (journal || sum))
		return cli_usage(cli, "--guest cannot be combined with %s", journal ? "--journal" : "--summary");
	*ret = sum ? MODE_SUMMARY : journal ? MODE_JOURNAL : args->option ? MODE_PAGES
	     : args->guest.socket ? MODE_GUEST : MODE_OVERVIEW;
	const struct out_view_opts *v = &cli->view;
	bool view = v->columns || v->all || v->noheadings || v->raw;
	if ((*ret == MODE_OVERVIEW || *ret == MODE_GUEST) && view)
		return cli_usage(cli, "-o, --output-all, -n and -r choose the columns of --pfn, "
				 "--journal or --summary");
	const struct stat_columns *c = *ret == MODE_PAGES     ? &stat_pages_columns
				       : *ret == MODE_JOURNAL ? &stat_journal_columns
				       : *ret == MODE_SUMMARY ? &stat_summary_columns
							      : NULL;
	return c ? cli_check_columns(cli, c->cols, c->ncols) : 0;
}

static void columns_help(void)
{
	const struct stat_columns *const tables[] = { &stat_pages_columns, &stat_journal_columns,
						     &stat_summary_columns };
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		cli_columns_help(tables[i]->help_title, tables[i]->cols, tables[i]->ncols);
}

/* The overview needs nothing; the other modes read what only root may. */
static void mode_needs(struct cli *cli, enum stat_mode mode)
{
	if (mode == MODE_OVERVIEW)
		return;
	cli->needs |= NEEDS_ADMIN;
	cli->admin_what = mode == MODE_JOURNAL ? "reading the journal"
			  : mode == MODE_GUEST ? "reading QEMU's page table"
					       : "reading /proc/kpageflags";
}

static int parse(struct cli *cli, int argc, char **argv, void *state)
{
	struct stat_state *st = state;
	int rc = cli_parse_options(cli, argc, argv, &spec, stat_option, st);
	if (!rc && optind < argc)
		rc = cli_usage(cli, "unexpected argument '%s'", argv[optind]);
	if (!rc)
		rc = stat_mode(cli, &st->args, st->journal, st->summary, &st->mode);
	if (!rc)
		mode_needs(cli, st->mode);
	return rc;
}

static int check(struct cli *cli, void *state)
{
	struct stat_state *st = state;
	bool list = st->mode == MODE_PAGES || st->mode == MODE_SUMMARY;
	return list && st->args.option ? cli_check_in_memory(cli, st->args.option, &st->args.list) : 0;
}

static int run(struct cli *cli, void *state)
{
	struct stat_state *st = state;
	switch (st->mode) {
	case MODE_OVERVIEW:
		return stat_overview(cli);
	case MODE_JOURNAL:
		return stat_journal(cli);
	case MODE_SUMMARY:
		return stat_summary(cli, &st->args.list);
	case MODE_GUEST:
		return stat_guest(cli, &st->args);
	default:
		return stat_pages(cli, &st->args.list);
	}
}

static void free_state(void *state)
{
	struct stat_state *st = state;
	page_args_free(&st->args);
}

const struct command_ops stat_ops = {
	.state_size = sizeof(struct stat_state),
	.parse = parse,
	.check = check,
	.run = run,
	.free = free_state,
};
