// SPDX-License-Identifier: GPL-2.0-or-later
/* hwpoison: the command table, global options and the dispatcher. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "commands.h"
#include "options.h"

/*
 * The command table: what each command needs of the machine, which the
 * dispatcher provides between reading its options and running it (its
 * options may add to it), as git's run_builtin does.
 */
struct cmd {
	const char *name;
	const struct command_ops *ops;
	const char *summary;
	unsigned needs;            /* enum cli_needs */
	const char *admin_what;    /* why it needs CAP_SYS_ADMIN; NULL: the command's name */
	/* What kernel lockdown, which forbids debugfs, leaves of it (page commands: their method's). */
	const char *lockdown;
};

#define PAGE_NEEDS (NEEDS_ADMIN | NEEDS_MEMORY_FAILURE)
static const struct cmd commands[] = {
	{ "inject", &inject_ops, "poison pages as a hardware memory failure would", PAGE_NEEDS,
	  NULL, NULL },
	{ "soft-offline", &soft_offline_ops, "move a page's contents away and retire the page",
	  PAGE_NEEDS, NULL, NULL },
	{ "unpoison", &unpoison_ops, "clear software-injected poison from pages", PAGE_NEEDS, NULL,
	  NULL },
	{ "filter", &filter_ops, "show or change the kernel's hwpoison filter",
	  NEEDS_ADMIN | NEEDS_MEMORY_FAILURE, "the hwpoison filter",
	  "the hwpoison filter lives there and cannot be read or set" },
	/* The overview needs nothing and says what is missing; --pfn, --journal need more. */
	{ "stat", &stat_ops, "show memory-failure state, or decode pages' flags", 0, NULL, NULL },
	{ "events", &events_ops, "stream the kernel's memory-failure verdicts live",
	  NEEDS_ADMIN | NEEDS_MEMORY_FAILURE | NEEDS_TRACEFS, "reading tracepoints", NULL },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* The options before the command (each command reads them after its name too). */
static const struct cli_option global[] = {
	{ "json", 'j', no_argument, "--json", "print JSON", NULL },
	{ "quiet", 'q', no_argument, "--quiet",
	  "print nothing but errors; the exit code tells the outcome", NULL },
	{ "verbose", 'v', no_argument, "--verbose", "say what set-up was done and show page flags",
	  NULL },
	{ "no-mount", OPT_NO_MOUNT, no_argument, "--no-mount",
	  "do not mount debugfs when it is not mounted", NULL },
	{ "no-load", OPT_NO_LOAD, no_argument, "--no-load",
	  "do not load hwpoison_inject when it is not loaded", NULL },
	{ "help", 'h', no_argument, "--help", "show this help, or a command's with COMMAND --help",
	  NULL },
	{ "version", 'V', no_argument, "--version", "show the version", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};
static const struct cli_option_list global_lists[] = {
	{ "Options (also accepted after the command):", 18, global },
	{ NULL, 0, NULL },
};

static void usage_to(FILE *f)
{
	fprintf(f, "Usage: hwpoison [options] COMMAND [command options]\n"
	       "\n"
	       "Poison, soft-offline and unpoison physical pages through the kernel's\n"
	       "memory-failure interfaces, and show what the kernel did.\n"
	       "\n"
	       "Commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-14s %s\n", commands[i].name, commands[i].summary);
	cli_options_help_to(f, global_lists);
	fprintf(f, "\n"
	       "Exit status: 0 every page reached the state asked for, 1 some page did not,\n"
	       "2 bad input, 3 environment or privilege problem.\n"
	       "\n"
	       "Run 'hwpoison COMMAND --help' for a command's options; see hwpoison(8).\n");
}

static void usage(void)
{
	usage_to(stdout);
}

/* The command by name, or an exit code after saying what is wrong. */
static const struct cmd *find_command(struct cli *cli, int argc, char **argv, int *rc)
{
	if (optind >= argc) {
		usage_to(stderr);
		*rc = cli_usage(cli, "missing command");
		return NULL;
	}
	const char *name = argv[optind];
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	struct cli_closest c = { .word = name, .len = strlen(name) };
	for (size_t i = 0; i < NCOMMANDS; i++)
		cli_closest_try(&c, commands[i].name);
	if (c.best)
		*rc = cli_usage(cli, "unknown command '%s' (did you mean '%s'?)", name, c.best);
	else
		*rc = cli_usage(cli, "unknown command '%s' (try 'hwpoison --help')", name);
	return NULL;
}

/* The options before the command: 0 to go on, else the exit code (CLI_STOP: done). */
static int global_option(struct cli *cli, int c, const char *arg, void *data)
{
	(void)cli, (void)arg, (void)data;
	if (c != 'V')
		return CLI_NOT_MINE;
	printf("hwpoison %s\n", HWP_VERSION);
	return CLI_STOP;
}

static int global_options(struct cli *cli, int argc, char **argv)
{
	/* Options end at the command's name; what follows is the command's. */
	static const struct cli_options spec = { global_lists, usage, true, NULL };
	opterr = 0;
	int r = cli_parse_options(cli, argc, argv, &spec, global_option, NULL);
	if (r)
		return r;
	if (optind < argc && strcmp(argv[optind], "help") == 0) {
		usage();
		return CLI_STOP;
	}
	return 0;
}

/*
 * HWPOISON_SYSROOT roots every kernel path in a fixture tree, for tests. A
 * privileged hwpoison honours it only for a tree nobody else controls, and
 * never from the environment of a setuid or file-capability process.
 */
static int sysroot_from_env(struct cli *cli, const char **ret)
{
	const char *raw = getenv("HWPOISON_SYSROOT");
	if (!raw || !*raw)
		return 0;
	if (!secure_getenv("HWPOISON_SYSROOT"))
		return cli_env(cli, "HWPOISON_SYSROOT refused: hwpoison runs with elevated credentials "
			       "(file capabilities or setuid), where the environment is not trusted");
	struct hwp_distrusted bad;
	int r = hwp_sysroot_check(raw, &bad);
	if (r == -EPERM)
		return cli_env(cli, "HWPOISON_SYSROOT=%s refused: %s %s (a privileged hwpoison writes "
			       "into a tree only when root alone controls it)", raw, bad.path,
			       cli_distrust_words(&bad));
	if (r < 0)
		return cli_env(cli, "HWPOISON_SYSROOT=%s: %s", raw, cli_strerror(-r));
	*ret = raw;
	return 0;
}

/* Read the options, check, provide what the command needs, run it. */
static int dispatch(struct cli *cli, const struct command_ops *ops, int argc, char **argv)
{
	void *state = calloc(1, ops->state_size);
	if (!state)
		return cli_env(cli, "out of memory");
	int r = ops->parse(cli, argc, argv, state);
	if (r == 0)
		r = cli_require(cli);
	if (r == 0 && ops->check)
		r = ops->check(cli, state);
	if (r == 0)
		r = cli_set_up(cli);
	if (r == 0)
		r = ops->run(cli, state);
	if (ops->free)
		ops->free(state);
	free(state);
	return r == CLI_STOP ? EXIT_OK : r;
}

static int run_command(struct cli *cli, const struct cmd *cmd, int argc, char **argv)
{
	cli->cmd = cmd->name;
	cli->lockdown = cmd->lockdown;
	cli->needs = cmd->needs;
	cli->admin_what = cmd->admin_what;
	const char *sysroot = NULL;
	int r = sysroot_from_env(cli, &sysroot);
	if (r)
		return r;
	if (hwp_ctx_new(sysroot, &cli->ctx) < 0)
		return cli_env(cli, "out of memory");
	/* For benchmarks and tests: how many readers a full scan uses. */
	const char *threads = secure_getenv("HWPOISON_SCAN_THREADS");
	if (threads && *threads) {
		long n = strtol(threads, NULL, 10);
		hwp_ctx_set_scan_threads(cli->ctx, n < 1 ? 1 : n > 64 ? 64 : (unsigned)n);
	}
	int sub_argc = argc - optind;
	char **sub_argv = argv + optind;
	optind = 0; /* full getopt reset for the command's own parsing */
	const char *peak = secure_getenv("HWPOISON_PEAK_MEMORY");
	cli->measure = peak && *peak == '1';
	r = dispatch(cli, cmd->ops, sub_argc, sub_argv);
	hwp_ctx_free(cli->ctx);
	if (cli->measure) {
		/* For bench/: what the run cost in memory, measured by the kernel. */
		struct rusage ru;
		if (getrusage(RUSAGE_SELF, &ru) == 0)
			cli_err(cli, "peak memory %ld KiB", ru.ru_maxrss);
	}
	return r;
}

int main(int argc, char **argv)
{
	struct cli cli = { .cmd = NULL };
	int r = global_options(&cli, argc, argv);
	if (r)
		return r == CLI_STOP ? EXIT_OK : r;
	const struct cmd *cmd = find_command(&cli, argc, argv, &r);
	if (cmd)
		r = run_command(&cli, cmd, argc, argv);
	/* A script piping --json into jq always gets a document, failures too. */
	if (cli.json && r != EXIT_OK && !cli.document)
		out_error_document(cli.error[0] ? cli.error : "failed", r);
	return r;
}
