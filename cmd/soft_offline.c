// SPDX-License-Identifier: GPL-2.0-or-later
/* hwpoison soft-offline: migrate pages' contents away and retire the pages. */
#include <stdio.h>

#include "commands.h"
#include "options.h"
#include "pages.h"

static void usage(void);

static const struct cli_option_list lists[] = {
	{ "Naming pages (one way per run):", 0, page_naming_options },
	{ "Options:", 0, page_taking_options },
	{ NULL, 0, cli_common_options },
	{ NULL, 0, cli_table_options },
	{ NULL, 0, cli_setup_options },
	{ NULL, 0, NULL },
};

static void usage(void)
{
	fputs("Usage: hwpoison soft-offline (--pfn LIST | --addr LIST | --pid PID --vaddr LIST |\n"
	      "         --file PATH --offset LIST | --select EXPR [--count N]) [options]\n"
	      "\n"
	      "Soft-offline pages through /sys/devices/system/memory/soft_offline_page:\n"
	      "the kernel moves each page's contents elsewhere and stops using the page.\n"
	      "Nothing is killed; data stays intact.\n",
	      stdout);
	cli_options_help(lists);
	page_columns_help();
	fputs("\n"
	      "Exit status: 0 all pages offlined (or already poisoned), 1 some page not\n"
	      "(or not present, or fewer pages found than --count), 2 bad input,\n"
	      "3 environment or privilege. Every page acted on is recorded in the journal\n"
	      "/run/hwpoison/journal: see 'hwpoison stat --journal' and 'unpoison --journal'.\n",
	      stdout);
}

static int option(struct cli *cli, int c, const char *arg, struct page_request *run)
{
	(void)cli, (void)arg;
	if (c != OPT_FORCE)
		return CLI_NOT_MINE;
	run->opts.force = true;
	return 0;
}

static int parse(struct cli *cli, int argc, char **argv, void *state)
{
	static const struct page_command pc = {
		.op = HWP_OP_SOFT_OFFLINE, .spec = { lists, usage, false, page_naming_exclusive }, .option = option,
		.targets = true,
	};
	return page_command_parse(cli, argc, argv, &pc, state);
}

const struct command_ops soft_offline_ops = {
	.state_size = sizeof(struct page_request),
	.parse = parse,
	.check = page_command_check,
	.run = page_command_run,
	.free = page_command_free,
};
