// SPDX-License-Identifier: GPL-2.0-or-later
/* hwpoison filter: show or change the kernel's hwpoison filter (debugfs corrupt-filter-*). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "filter_args.h"
#include "options.h"

static void usage(void);

static const struct cli_option criteria[] = {
	{ "memcg", OPT_MEMCG, optional_argument, "--memcg PATH|INODE",
	  "pages charged to exactly this memory cgroup\n(a cgroup v2 or v1 memory directory, or its inode)",
	  NULL },
	{ "dev", OPT_DEV, optional_argument, "--dev PATH|MAJ:MIN",
	  "file pages of this filesystem: a mounted path, a\nblock device node, or device numbers", NULL },
	{ "flags", OPT_FLAGS, optional_argument, "--flags EXPR",
	  "page flags, e.g. lru,~anon (~ means must be clear)", NULL },
	{ "flags-mask", OPT_FLAGS_MASK, required_argument, "--flags-mask M",
	  "raw kpageflags mask, with --flags-value", NULL },
	{ "flags-value", OPT_FLAGS_VALUE, required_argument, "--flags-value V",
	  "raw kpageflags value, with --flags-mask", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};
static const struct cli_option own[] = {
	{ "verbose", 'v', no_argument, "--verbose", "report set-up", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};
static const struct cli_option_list lists[] = {
	{ "Criteria:", 26, criteria },
	{ "Options:", 0, own },
	{ NULL, 0, cli_common_options },
	{ NULL, 0, cli_setup_options },
	{ NULL, 0, NULL },
};
static const struct cli_options spec = { lists, usage, false, NULL };

static void usage(void)
{
	fputs("Usage: hwpoison filter [show]\n"
	      "       hwpoison filter set [--memcg PATH|INODE] [--dev PATH|MAJ:MIN]\n"
	      "                           [--flags EXPR | --flags-mask M --flags-value V]\n"
	      "       hwpoison filter clear [--memcg] [--dev] [--flags]\n"
	      "       hwpoison filter reset | enable | disable\n"
	      "\n"
	      "The kernel's hwpoison filter limits which pages injections may touch. A\n"
	      "page the filter rejects is left alone while the kernel reports success,\n"
	      "so a forgotten filter makes later injections silently do nothing.\n"
	      "\n"
	      "Commands:\n"
	      "  show      print the filter, decoded (default)\n"
	      "  set       set the given criteria and enable the filter\n"
	      "  clear     clear the given criteria; disable when none is left\n"
	      "  reset     restore the kernel's defaults and disable the filter\n"
	      "  enable    switch the filter on with its current values\n"
	      "  disable   switch the filter off, keeping its values\n",
	      stdout);
	cli_options_help(lists);
	fputs("\n"
	      "Exit status: 0 success, 1 the kernel refused a change, 2 bad input,\n"
	      "3 environment or privilege.\n",
	      stdout);
}

static const char *const actions[] = { "show", "set", "clear", "reset", "enable", "disable" };
enum action { SHOW, SET, CLEAR, RESET, ENABLE, DISABLE, NACTIONS };

/* The action comes first; options after it may depend on it. */
static int parse_action(struct cli *cli, int *argc, char ***argv, enum action *ret)
{
	*ret = SHOW;
	if (*argc < 2 || (*argv)[1][0] == '-')
		return 0;
	int which = 0;
	while (which < NACTIONS && strcmp((*argv)[1], actions[which]) != 0)
		which++;
	if (which == NACTIONS) {
		struct cli_closest c = { .word = (*argv)[1], .len = strlen((*argv)[1]) };
		for (int i = 0; i < NACTIONS; i++)
			cli_closest_try(&c, actions[i]);
		if (c.best)
			return cli_usage(cli, "unknown filter command '%s' (did you mean '%s'?)",
					 (*argv)[1], c.best);
		return cli_usage(cli, "unknown filter command '%s' (show, set, clear, reset, "
				 "enable or disable)", (*argv)[1]);
	}
	*ret = (enum action)which;
	(*argc)--, (*argv)++;
	return 0;
}

/* One option after the action: 0, an exit code, or CLI_STOP. */
struct filter_words {
	enum action which;
	struct filter_args *fa;
	int argc;
	char **argv;
};

static int action_option(struct cli *cli, int c, const char *arg, void *data)
{
	struct filter_words *w = data;
	enum action which = w->which;
	struct filter_args *fa = w->fa;
	int argc = w->argc;
	char **argv = w->argv;
	(void)arg;
	const char *opt = argv[optind - 1];
	if (which == CLEAR) {
		if (optarg || c == OPT_FLAGS_MASK || c == OPT_FLAGS_VALUE)
			return cli_usage(cli, "filter clear takes --memcg, --dev and --flags "
					 "without values");
		fa->memcg |= c == OPT_MEMCG;
		fa->dev |= c == OPT_DEV;
		fa->flags |= c == OPT_FLAGS;
		return 0;
	}
	if (which != SET)
		return cli_usage(cli, "'%s' is only for filter set or filter clear", opt);
	if (!optarg) {
		/* "--memcg VALUE" as two words: take the next word. */
		if (optind >= argc)
			return cli_usage(cli, "option '%s' needs a value", opt);
		optarg = argv[optind++];
	}
	return filter_args_option(cli, fa, c, optarg);
}

static int parse(struct cli *cli, int argc, char **argv, enum action *which,
		 struct filter_args *fa)
{
	int r = parse_action(cli, &argc, &argv, which);
	struct filter_words words = { *which, fa, argc, argv };
	if (r == 0)
		r = cli_parse_options(cli, argc, argv, &spec, action_option, &words);
	if (r)
		return r;
	if (optind < argc)
		return cli_usage(cli, "unexpected argument '%s'", argv[optind]);
	if (*which == SET && !filter_args_any(fa))
		return cli_usage(cli, "filter set needs --memcg, --dev, --flags or "
				 "--flags-mask/--flags-value");
	if (*which == SET)
		return filter_args_check(cli, fa);
	if (*which == CLEAR && !filter_args_any(fa))
		return cli_usage(cli, "filter clear needs --memcg, --dev or --flags (or use "
				 "filter reset)");
	return 0;
}

/* What the action makes of the filter. */
static void apply_action(enum action which, const struct filter_args *fa, struct hwp_filter *f)
{
	switch (which) {
	case SET:
		filter_args_apply(fa, f);
		break;
	case CLEAR:
		if (fa->memcg)
			f->memcg = 0;
		if (fa->dev)
			f->dev_major = f->dev_minor = HWP_FILTER_DEV_ANY;
		if (fa->flags)
			f->flags_mask = f->flags_value = 0;
		/* An enabled filter with no criteria still rejects free pages. */
		if (f->memcg == 0 && f->dev_major == HWP_FILTER_DEV_ANY &&
		    f->dev_minor == HWP_FILTER_DEV_ANY && f->flags_mask == 0)
			f->enable = 0;
		break;
	case RESET: {
		bool has_memcg = f->has_memcg;
		hwp_filter_defaults(f);
		f->has_memcg = has_memcg;
		break;
	}
	case ENABLE:
	case DISABLE:
		f->enable = which == ENABLE;
		break;
	default:
		break;
	}
}

/* Read the filter, change it as asked and read it back. */
static int change(struct cli *cli, enum action which, const struct filter_args *fa,
		  struct hwp_filter *f)
{
	int r = hwp_filter_read(cli->ctx, f);
	if (r < 0)
		return cli_env(cli, "cannot read the filter: %s", cli_strerror(-r));
	if (which == SHOW)
		return 0;
	struct hwp_filter before = *f;
	apply_action(which, fa, f);
	r = hwp_filter_write(cli->ctx, f);
	if (r < 0) {
		cli_err(cli, "cannot %s the filter: %s", actions[which], cli_strerror(-r));
		hwp_filter_write(cli->ctx, &before);
		return EXIT_FAIL;
	}
	r = hwp_filter_read(cli->ctx, f);
	if (r < 0)
		return cli_env(cli, "cannot read the filter: %s", cli_strerror(-r));
	/* The note only lets stat explain a filter lost with the module: the filter itself is set. */
	r = hwp_filter_note(cli->ctx, f->enable != 0);
	if (r < 0)
		cli_err(cli, "warning: cannot keep the filter note in /run/hwpoison: %s", cli_strerror(-r));
	return 0;
}

struct filter_state {
	enum action which;
	struct filter_args fa;
};

/*
 * Without the module the kernel's defaults apply: nothing to read, clear or
 * reset. Setting, enabling or disabling loads it.
 */
static bool needs_module(struct cli *cli, enum action which)
{
	return which == SET || which == ENABLE || which == DISABLE || hwp_module_loaded(cli->ctx);
}

static int parse_filter(struct cli *cli, int argc, char **argv, void *state)
{
	struct filter_state *st = state;
	int rc = parse(cli, argc, argv, &st->which, &st->fa);
	if (rc == 0 && needs_module(cli, st->which))
		cli->needs |= NEEDS_HWPOISON_INJECT;
	return rc;
}

/* The kernel matches one memcg exactly: a cgroup with children does not cover their pages. */
static void warn_children(struct cli *cli, const struct filter_state *st)
{
	uint64_t *tree;
	size_t n;
	if (st->which != SET || !st->fa.memcg || !st->fa.memcg_ino ||
	    hwp_memcg_tree(cli->ctx, st->fa.memcg_ino, &tree, &n) < 0)
		return;
	free(tree);
	if (n > 1)
		cli_err(cli, "warning: the kernel's memcg filter matches this cgroup exactly: pages of "
			"the %zu cgroup%s below it are rejected (to choose among all of them: inject "
			"--select EXPR --memcg PATH --descendants)", n - 1, n == 2 ? "" : "s");
}

static int run(struct cli *cli, void *state)
{
	struct filter_state *st = state;
	warn_children(cli, st);
	struct hwp_filter f;
	bool loaded = cli->needs & NEEDS_HWPOISON_INJECT;
	int rc;
	if (!loaded)
		hwp_filter_defaults(&f);
	else if ((rc = change(cli, st->which, &st->fa, &f)))
		return rc;
	cli->out = out_new(cli->json, cli->quiet);
	out_bool(cli->out, "module_loaded", "module loaded", loaded);
	cli_print_filter(cli, &f);
	cli_document_end(cli);
	return EXIT_OK;
}

const struct command_ops filter_ops = {
	.state_size = sizeof(struct filter_state),
	.parse = parse_filter,
	.run = run,
};
