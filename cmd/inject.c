// SPDX-License-Identifier: GPL-2.0-or-later
/* hwpoison inject: hard-poison pages. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "options.h"
#include "pages.h"

/* --method's lines of --help below its own: the methods, from the table. */
static void methods_help(void)
{
	for (enum hwp_method m = 0; m < HWP_METHOD_COUNT; m++) {
		const struct hwp_method_info *info = hwp_method_info(m);
		if (info->op != HWP_OP_INJECT)
			continue;
		const char *line = info->help;
		const char *nl = strchr(line, '\n');
		printf("%25s%-14s%.*s%s\n", "", info->name, nl ? (int)(nl - line) : (int)strlen(line),
		       line, info->is_default && !nl ? " (default)" : "");
		for (line = nl; line; line = nl) {
			nl = strchr(++line, '\n');
			printf("%39s%.*s\n", "", nl ? (int)(nl - line) : (int)strlen(line), line);
		}
	}
}

static void usage(void);

static const struct cli_option own[] = {
	{ "method", OPT_METHOD, required_argument, "--method METHOD",
	  "how the memory error reaches the kernel:", methods_help },
	{ "errors", OPT_ERRORS, required_argument, "--errors N",
	  "mce-ce: errors per page (default: the CEC's threshold)", NULL },
	{ "cec-threshold", OPT_CEC_THRESHOLD, required_argument, "--cec-threshold N",
	  "mce-ce: the CEC's threshold for this run only", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};
static const struct cli_option_list lists[] = {
	{ "Naming pages (one way per run):", 0, page_naming_options },
	{ "Options:", 0, own },
	{ NULL, 0, page_taking_options },
	{ NULL, 0, cli_common_options },
	{ NULL, 0, cli_table_options },
	{ NULL, 0, cli_setup_options },
	{ NULL, 0, NULL },
};

static void usage(void)
{
	fputs("Usage: hwpoison inject (--pfn LIST | --addr LIST | --pid PID --vaddr LIST |\n"
	      "         --file PATH --offset LIST | --select EXPR [--count N]) [options]\n"
	      "\n"
	      "Poison pages as a hardware memory failure would: the kernel isolates\n"
	      "each page and recovers, or kills what used it.\n",
	      stdout);
	cli_options_help(lists);
	page_columns_help();
	fputs("\n"
	      "Exit status: 0 all pages poisoned (or already poisoned; mce-ce: offlined or\n"
	      "logged), 1 some page not\n"
	      "(or not present, or fewer pages found than --count), 2 bad input,\n"
	      "3 environment or privilege. Every page acted on is recorded in the journal\n"
	      "/run/hwpoison/journal: see 'hwpoison stat --journal' and 'unpoison --journal'.\n",
	      stdout);
}

/* The names of op's methods from the table: "debugfs, hard-offline, mce or mce-ce". */
static void method_names(enum hwp_op op, const char *last, char *buf, size_t len)
{
	size_t n = 0, total = 0;
	for (enum hwp_method m = 0; m < HWP_METHOD_COUNT; m++)
		total += hwp_method_info(m)->op == op;
	buf[0] = '\0';
	for (enum hwp_method m = 0; m < HWP_METHOD_COUNT; m++) {
		const struct hwp_method_info *info = hwp_method_info(m);
		if (info->op != op)
			continue;
		size_t used = strlen(buf);
		if (n > 0 && n + 1 == total)
			snprintf(buf + used, len - used, " %s ", last);
		else if (n > 0)
			snprintf(buf + used, len - used, ", ");
		used = strlen(buf);
		snprintf(buf + used, len - used, "%s", info->name);
		n++;
	}
}

static int method_option(struct cli *cli, const char *arg, struct hwp_op_opts *opts)
{
	if (hwp_method_parse(HWP_OP_INJECT, arg, &opts->method) == 0)
		return 0;
	char names[256] = "";
	method_names(HWP_OP_INJECT, "or", names, sizeof(names));
	return cli_usage(cli, "--method: unknown method '%s' (%s)", arg, names);
}

/* A count for --errors or --cec-threshold: 1 and up. */
static int count_option(struct cli *cli, const char *name, const char *arg, uint64_t *ret)
{
	if (hwp_parse_size(arg, strlen(arg), false, ret) < 0 || *ret == 0 || *ret > 1000000)
		return cli_usage(cli, "%s: '%s' is not a number from 1 to 1000000", name, arg);
	return 0;
}

static int option(struct cli *cli, int c, const char *arg, struct page_request *run)
{
	switch (c) {
	case OPT_METHOD:
		return method_option(cli, arg, &run->opts);
	case OPT_FORCE:
		run->opts.force = true;
		return 0;
	case OPT_ERRORS:
		return count_option(cli, "--errors", arg, &run->opts.errors);
	case OPT_CEC_THRESHOLD:
		run->cec_scoped = true;
		return count_option(cli, "--cec-threshold", arg, &run->cec_threshold);
	}
	return CLI_NOT_MINE;
}

static int parse(struct cli *cli, int argc, char **argv, void *state)
{
	static const struct page_command pc = {
		.op = HWP_OP_INJECT, .spec = { lists, usage, false, page_naming_exclusive }, .option = option, .targets = true,
	};
	return page_command_parse(cli, argc, argv, &pc, state);
}

const struct command_ops inject_ops = {
	.state_size = sizeof(struct page_request),
	.parse = parse,
	.check = page_command_check,
	.run = page_command_run,
	.free = page_command_free,
};
