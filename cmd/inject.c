// SPDX-License-Identifier: GPL-2.0-or-later
/* hwpoison inject: hard-poison pages. */
#include <string.h>

#include "cmd.h"

static void usage(void)
{
	fputs("Usage: hwpoison inject (--pfn LIST | --addr LIST | --pid PID --vaddr LIST |\n"
	      "         --file PATH --offset LIST | --select EXPR [--count N]) [options]\n"
	      "\n"
	      "Poison pages as a hardware memory failure would: the kernel isolates\n"
	      "each page and recovers, or kills what used it.\n"
	      "\n",
	      stdout);
	fputs(page_naming_help, stdout);
	fputs("\n"
	      "Options:\n"
	      "      --method METHOD  debugfs (corrupt-pfn, default) or hard-offline (sysfs)\n"
	      "      --dry-run        show what would be written where, write nothing\n"
	      "      --force          also poison pages the kernel cannot recover from\n"
	      "      --memcg PATH|INODE  only pages of this memory cgroup (filter for this run)\n"
	      "      --dev PATH|MAJ:MIN  only file pages of this filesystem (filter for this run)\n"
	      "      --flags EXPR     only pages whose flags match, e.g. lru,~anon (this run)\n"
	      "  -v, --verbose        report set-up and show each page's flags\n",
	      stdout);
	fputs(cli_common_help, stdout);
	fputs(cli_setup_help, stdout);
	fputs(	      "\n"
	      "Exit status: 0 all pages poisoned (or already poisoned), 1 some page not\n"
	      "(or not present, or fewer pages found than --count), 2 bad input,\n"
	      "3 environment or privilege. Every page acted on is recorded in the journal\n"
	      "/run/hwpoison/journal: see 'hwpoison stat --journal' and 'unpoison --journal'.\n",
	      stdout);
}

enum { OPT_METHOD = OPT_CMD_BASE, OPT_FORCE };

static const struct option options[] = {
	{ "method", required_argument, NULL, OPT_METHOD },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ NULL, 0, NULL, 0 },
};

static int option(struct cli *cli, int c, const char *arg, struct hwp_op_opts *opts,
		  struct page_args *a)
{
	(void)a;
	switch (c) {
	case OPT_METHOD:
		if (strcmp(arg, "debugfs") == 0)
			opts->method = HWP_METHOD_DEBUGFS;
		else if (strcmp(arg, "hard-offline") == 0)
			opts->method = HWP_METHOD_HARD_OFFLINE;
		else
			return cli_usage(cli, "--method: unknown method '%s' (debugfs or hard-offline)", arg);
		return 0;
	case OPT_FORCE:
		opts->force = true;
		return 0;
	}
	return EXIT_USAGE;
}

int cmd_inject(struct cli *cli, int argc, char **argv)
{
	static const struct page_command pc = {
		.op = HWP_OP_INJECT, .usage = usage, .options = options, .option = option,
		.scoped_filter = true, .targets = true,
	};
	return page_command_main(cli, argc, argv, &pc);
}
