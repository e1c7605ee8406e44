// SPDX-License-Identifier: GPL-2.0-or-later
/* hwpoison soft-offline: migrate pages' contents away and retire the pages. */
#include <stdio.h>

#include "commands.h"
#include "options.h"
#include "pages.h"

static void usage(void)
{
	fputs("Usage: hwpoison soft-offline (--pfn LIST | --addr LIST | --pid PID --vaddr LIST |\n"
	      "         --file PATH --offset LIST | --select EXPR [--count N]) [options]\n"
	      "\n"
	      "Soft-offline pages through /sys/devices/system/memory/soft_offline_page:\n"
	      "the kernel moves each page's contents elsewhere and stops using the page.\n"
	      "Nothing is killed; data stays intact.\n"
	      "\n",
	      stdout);
	fputs(page_naming_help, stdout);
	fputs("\n"
	      "Options:\n"
	      "      --dry-run        show what would be written where, write nothing\n"
	      "      --force          also act on pages the safety check refuses\n"

	      "      --dev PATH|MAJ:MIN  only file pages of this filesystem (filter for this run)\n"
	      "      --flags EXPR     only pages whose flags match, e.g. lru,~anon (this run)\n"
	      "  -v, --verbose        report set-up and show each page's flags\n",
	      stdout);
	page_options_help();
	fputs(	      "\n"
	      "Exit status: 0 all pages offlined (or already poisoned), 1 some page not\n"
	      "(or not present, or fewer pages found than --count), 2 bad input,\n"
	      "3 environment or privilege. Every page acted on is recorded in the journal\n"
	      "/run/hwpoison/journal: see 'hwpoison stat --journal' and 'unpoison --journal'.\n",
	      stdout);
}

static const struct option options[] = {
	{ "force", no_argument, NULL, OPT_FORCE },
	{ NULL, 0, NULL, 0 },
};

static int option(struct cli *cli, int c, const char *arg, struct page_request *run)
{
	(void)cli, (void)arg;
	if (c != OPT_FORCE)
		return EXIT_USAGE;
	run->opts.force = true;
	return 0;
}

static int parse(struct cli *cli, int argc, char **argv, void *state)
{
	static const struct page_command pc = {
		.op = HWP_OP_SOFT_OFFLINE, .usage = usage, .options = options, .option = option,
		.scoped_filter = true, .targets = true,
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
