// SPDX-License-Identifier: GPL-2.0-or-later
/* hwpoison filter: the kernel's hwpoison filter (debugfs corrupt-filter-*). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cmd.h"

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
	      "  disable   switch the filter off, keeping its values\n"
	      "\n"
	      "Criteria:\n"
	      "      --memcg PATH|INODE  pages charged to exactly this memory cgroup\n"
	      "                          (a cgroup v2 or v1 memory directory, or its inode)\n"
	      "      --dev PATH|MAJ:MIN  file pages of this filesystem: a mounted path, a\n"
	      "                          block device node, or device numbers\n"
	      "      --flags EXPR        page flags, e.g. lru,~anon (~ means must be clear)\n"
	      "      --flags-mask M      raw kpageflags mask, with --flags-value\n"
	      "      --flags-value V     raw kpageflags value, with --flags-mask\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json           print JSON\n"
	      "  -q, --quiet          print nothing but errors\n"
	      "  -v, --verbose        report set-up\n"
	      "      --no-mount       do not mount debugfs\n"
	      "      --no-load        do not load hwpoison_inject\n"
	      "  -h, --help           show this help\n"
	      "\n"
	      "Exit status: 0 success, 1 the kernel refused a change, 2 bad input,\n"
	      "3 environment or privilege.\n",
	      stdout);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int cli_bad_flags(struct cli *cli, const char *option, const char *bad, size_t len)
{
	char item[64];
	snprintf(item, sizeof(item), "%.*s", (int)len, bad);
	const char *name = item[0] == '~' ? item + 1 : item;
	if (hwp_flag_lookup(name, strlen(name)) >= 0)
		return cli_usage(cli, "%s: flag '%s' is named twice", option, name);
	const char *close[4];
	size_t n = hwp_flag_suggest(name, strlen(name), close, 4);
	char hint[160] = "";
	for (size_t i = 0; i < n; i++)
		snprintf(hint + strlen(hint), sizeof(hint) - strlen(hint), "%s%s", i ? ", " : "",
			 close[i]);
	if (!*name)
		return cli_usage(cli, "%s: empty flag name", option);
	if (n)
		return cli_usage(cli, "%s: unknown page flag '%s' (did you mean: %s?)", option, name,
				 hint);
	return cli_usage(cli, "%s: unknown page flag '%s' (see 'hwpoison stat --help' or hwpoison(8))",
			 option, name);
}

int filter_args_option(struct cli *cli, struct filter_args *fa, int c, const char *arg)
{
	int r;
	switch (c) {
	case OPT_MEMCG:
		fa->memcg = true;
		if (all_digits(arg))
			return hwp_parse_size(arg, strlen(arg), false, &fa->memcg_ino) < 0
				       ? cli_usage(cli, "--memcg: '%s' is out of range", arg)
				       : 0;
		r = hwp_memcg_inode(cli->ctx, arg, &fa->memcg_ino);
		if (r == -ENOTDIR)
			return cli_usage(cli, "--memcg: '%s' is not a directory", arg);
		if (r == -EMEDIUMTYPE)
			return cli_usage(cli, "--memcg: '%s' is not on a cgroup2 or cgroup v1 memory "
					 "hierarchy", arg);
		if (r < 0)
			return cli_usage(cli, "--memcg: '%s': %s", arg, strerror(-r));
		return 0;
	case OPT_DEV:
		fa->dev = true;
		r = hwp_dev_resolve(cli->ctx, arg, &fa->dev_major, &fa->dev_minor);
		if (r == -EINVAL || r == -ERANGE)
			return cli_usage(cli, "--dev: invalid device '%s' (expected MAJ:MIN or a path)",
					 arg);
		if (r < 0)
			return cli_usage(cli, "--dev: '%s': %s", arg, strerror(-r));
		return 0;
	case OPT_FLAGS: {
		const char *bad = NULL;
		size_t bad_len = 0;
		fa->flags = true;
		r = hwp_flags_parse_expr(arg, &fa->flags_mask, &fa->flags_value, &bad, &bad_len);
		return r < 0 ? cli_bad_flags(cli, "--flags", bad ? bad : arg, bad ? bad_len : 0) : 0;
	}
	case OPT_FLAGS_MASK:
	case OPT_FLAGS_VALUE: {
		bool mask = c == OPT_FLAGS_MASK;
		uint64_t *v = mask ? &fa->flags_mask : &fa->flags_value;
		if (mask)
			fa->mask = true;
		else
			fa->value = true;
		if (hwp_parse_size(arg, strlen(arg), false, v) < 0)
			return cli_usage(cli, "%s: invalid number '%s'",
					 mask ? "--flags-mask" : "--flags-value", arg);
		return 0;
	}
	}
	return -1;
}

bool filter_args_any(const struct filter_args *fa)
{
	return fa->memcg || fa->dev || fa->flags || fa->mask || fa->value;
}

int filter_args_check(struct cli *cli, const struct filter_args *fa)
{
	if (fa->flags && (fa->mask || fa->value))
		return cli_usage(cli, "--flags cannot be combined with --flags-mask or --flags-value");
	if (fa->mask != fa->value)
		return cli_usage(cli, "%s needs %s", fa->mask ? "--flags-mask" : "--flags-value",
				 fa->mask ? "--flags-value" : "--flags-mask");
	if (fa->mask && (fa->flags_value & ~fa->flags_mask))
		return cli_usage(cli, "--flags-value 0x%" PRIx64 " has bits outside --flags-mask "
				 "0x%" PRIx64 ": no page could match", fa->flags_value, fa->flags_mask);
	return 0;
}

void filter_args_apply(const struct filter_args *fa, struct hwp_filter *f)
{
	if (fa->memcg)
		f->memcg = fa->memcg_ino;
	if (fa->dev) {
		f->dev_major = fa->dev_major;
		f->dev_minor = fa->dev_minor;
	}
	if (fa->flags || fa->mask) {
		f->flags_mask = fa->flags_mask;
		f->flags_value = fa->flags_value;
	}
	f->enable = 1;
}

int cli_print_filter(struct cli *cli, const struct hwp_filter *f)
{
	struct out *o = cli->out;
	out_object_begin(o, "filter", "filter");
	out_bool(o, "enabled", "enabled", f->enable != 0);

	char path[512];
	bool any_memcg = !f->has_memcg || f->memcg == 0;
	if (f->has_memcg)
		out_u64(o, "memcg", "memcg", f->memcg);
	else
		out_str(o, "memcg", "memcg", NULL);
	out_str(o, "memcg_path", "memcg path",
		any_memcg ? NULL
			  : hwp_memcg_find(cli->ctx, f->memcg, path, sizeof(path)) == 0 ? path
											  : "(no such cgroup)");

	out_u64(o, "dev_major", "dev major", f->dev_major);
	out_u64(o, "dev_minor", "dev minor", f->dev_minor);
	char target[512] = "", source[512] = "";
	bool any_dev = f->dev_major == HWP_FILTER_DEV_ANY && f->dev_minor == HWP_FILTER_DEV_ANY;
	bool mounted = !any_dev && hwp_dev_describe(cli->ctx, f->dev_major, f->dev_minor, target,
						    sizeof(target), source, sizeof(source)) == 0;
	out_str(o, "dev_mount", "dev mount", mounted ? target : NULL);
	out_str(o, "dev_source", "dev source", mounted && source[0] ? source : NULL);

	out_hex(o, "flags_mask", "flags mask", f->flags_mask);
	out_hex(o, "flags_value", "flags value", f->flags_value);
	char expr[1024];
	hwp_flags_format_expr(f->flags_mask, f->flags_value, expr, sizeof(expr));
	out_str(o, "flags", "flags", f->flags_mask ? expr : NULL);
	out_object_end(o);
	return 0;
}

int cmd_filter(struct cli *cli, int argc, char **argv)
{
	enum { OPT_CLEAR_MEMCG = 0x400 };
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{ "memcg", optional_argument, NULL, OPT_MEMCG },
		{ "dev", optional_argument, NULL, OPT_DEV },
		{ "flags", optional_argument, NULL, OPT_FLAGS },
		{ "flags-mask", required_argument, NULL, OPT_FLAGS_MASK },
		{ "flags-value", required_argument, NULL, OPT_FLAGS_VALUE },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const actions[] = { "show", "set", "clear", "reset", "enable", "disable" };
	enum { SHOW, SET, CLEAR, RESET, ENABLE, DISABLE, NACTIONS };

	/* The action comes first; options after it may depend on it. */
	int c, which = SHOW;
	if (argc > 1 && argv[1][0] != '-') {
		for (which = 0; which < NACTIONS && strcmp(argv[1], actions[which]) != 0; which++)
			;
		if (which == NACTIONS)
			return cli_usage(cli, "unknown filter command '%s' (show, set, clear, reset, "
					 "enable or disable)", argv[1]);
		argc--, argv++;
	}
	struct filter_args fa = { .memcg = false };
	while ((c = cli_getopt(cli, argc, argv, COMMON_SHORTOPTS, longopts)) != -1) {
		int r = cli_common_opt(cli, c, argv, usage);
		if (r == CLI_CONTINUE)
			continue;
		if (r != -1)
			return r;
		const char *opt = argv[optind - 1];
		if (which == CLEAR) {
			if (optarg || c == OPT_FLAGS_MASK || c == OPT_FLAGS_VALUE)
				return cli_usage(cli, "filter clear takes --memcg, --dev and --flags "
						 "without values");
			fa.memcg |= c == OPT_MEMCG;
			fa.dev |= c == OPT_DEV;
			fa.flags |= c == OPT_FLAGS;
			continue;
		}
		if (which != SET)
			return cli_usage(cli, "'%s' is only for filter set or filter clear", opt);
		if (!optarg) {
			/* "--memcg VALUE" as two words: take the next word. */
			if (optind >= argc)
				return cli_usage(cli, "option '%s' needs a value", opt);
			optarg = argv[optind++];
		}
		r = filter_args_option(cli, &fa, c, optarg);
		if (r)
			return r;
	}
	if (optind < argc)
		return cli_usage(cli, "unexpected argument '%s'", argv[optind]);
	if (which == SET) {
		if (!filter_args_any(&fa))
			return cli_usage(cli, "filter set needs --memcg, --dev, --flags or "
					 "--flags-mask/--flags-value");
		int r = filter_args_check(cli, &fa);
		if (r)
			return r;
	}
	if (which == CLEAR && !filter_args_any(&fa))
		return cli_usage(cli, "filter clear needs --memcg, --dev or --flags (or use "
				 "filter reset)");

	int rc = cli_need_admin(cli, "the hwpoison filter");
	if (rc)
		return rc;
	if (!hwp_kernel_supports_memory_failure(cli->ctx))
		return cli_env(cli, "this kernel has no memory-failure support (CONFIG_MEMORY_FAILURE)");
	struct hwp_filter f;
	/* Without the module the kernel's defaults apply: nothing to read, clear or reset. */
	bool loaded = which == SET || which == ENABLE || which == DISABLE ||
		      hwp_module_loaded(cli->ctx);
	if (!loaded) {
		hwp_filter_defaults(&f);
	} else {
		rc = cli_setup_debugfs(cli, HWP_SETUP_MOUNT | HWP_SETUP_LOAD);
		if (rc)
			return rc;
		int r = hwp_filter_read(cli->ctx, &f);
		if (r < 0)
			return cli_env(cli, "cannot read the filter: %s", strerror(-r));
		struct hwp_filter before = f;
		switch (which) {
		case SET:
			filter_args_apply(&fa, &f);
			break;
		case CLEAR:
			if (fa.memcg)
				f.memcg = 0;
			if (fa.dev)
				f.dev_major = f.dev_minor = HWP_FILTER_DEV_ANY;
			if (fa.flags)
				f.flags_mask = f.flags_value = 0;
			/* An enabled filter with no criteria still rejects free pages. */
			if (f.memcg == 0 && f.dev_major == HWP_FILTER_DEV_ANY &&
			    f.dev_minor == HWP_FILTER_DEV_ANY && f.flags_mask == 0)
				f.enable = 0;
			break;
		case RESET: {
			bool has_memcg = f.has_memcg;
			hwp_filter_defaults(&f);
			f.has_memcg = has_memcg;
			break;
		}
		case ENABLE:
		case DISABLE:
			f.enable = which == ENABLE;
			break;
		}
		if (which != SHOW) {
			r = hwp_filter_write(cli->ctx, &f);
			if (r < 0) {
				cli_err(cli, "cannot %s the filter: %s", actions[which], strerror(-r));
				hwp_filter_write(cli->ctx, &before);
				return EXIT_FAIL;
			}
			r = hwp_filter_read(cli->ctx, &f);
			if (r < 0)
				return cli_env(cli, "cannot read the filter: %s", strerror(-r));
			hwp_filter_note(cli->ctx, f.enable != 0);
		}
	}
	cli->out = out_new(cli->json, cli->quiet);
	out_bool(cli->out, "module_loaded", "module loaded", loaded);
	cli_print_filter(cli, &f);
	out_finish(cli->out);
	return EXIT_OK;
}
