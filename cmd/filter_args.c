// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The filter's criteria as users type them (--memcg, --dev, --flags, the raw
 * mask and value), shared by filter set and the filter scoped to one inject
 * or soft-offline run, and the filter printed for people.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "advice.h"
#include "filter_args.h"
#include "options.h"

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
	size_t n = advice_flag_suggest(name, strlen(name), close, 4);
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

/*
 * --memcg INODE: an inode some memory cgroup's directory has (0: any), or
 * every injection would come back filtered.
 */
static int memcg_inode_option(struct cli *cli, const char *arg, uint64_t *ret_ino)
{
	if (hwp_parse_size(arg, strlen(arg), false, ret_ino) < 0)
		return cli_usage(cli, "--memcg: '%s' is out of range", arg);
	char path[512];
	if (*ret_ino && hwp_memcg_find(cli->ctx, *ret_ino, path, sizeof(path)) == -ENOENT)
		return cli_usage(cli, "--memcg: no memory cgroup has inode %s (give the cgroup's "
				 "directory, or the inode 'stat -c %%i DIR' prints)", arg);
	return 0;
}

int filter_args_option(struct cli *cli, struct filter_args *fa, int c, const char *arg)
{
	int r;
	switch (c) {
	case OPT_MEMCG:
		fa->memcg = true;
		if (all_digits(arg))
			return memcg_inode_option(cli, arg, &fa->memcg_ino);
		r = hwp_memcg_inode(cli->ctx, arg, &fa->memcg_ino);
		if (r == -ENOTDIR)
			return cli_usage(cli, "--memcg: '%s' is not a directory", arg);
		if (r == -EMEDIUMTYPE)
			return cli_usage(cli, "--memcg: '%s' is not on a cgroup2 or cgroup v1 memory "
					 "hierarchy", arg);
		if (r < 0)
			return cli_usage(cli, "--memcg: '%s': %s", arg, cli_strerror(-r));
		return 0;
	case OPT_DEV:
		fa->dev = true;
		r = hwp_dev_resolve(cli->ctx, arg, &fa->dev_major, &fa->dev_minor);
		if (r == -EINVAL || r == -ERANGE)
			return cli_usage(cli, "--dev: invalid device '%s' (expected MAJ:MIN or a path)",
					 arg);
		if (r < 0)
			return cli_usage(cli, "--dev: '%s': %s", arg, cli_strerror(-r));
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
	return CLI_NOT_MINE;
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

/* The memcg criterion for people: "any", or the cgroup's path. */
static void memcg_words(struct cli *cli, const struct hwp_filter *f, char *buf, size_t len)
{
	char path[512];
	if (!f->has_memcg || f->memcg == 0)
		snprintf(buf, len, "any");
	else if (hwp_memcg_find(cli->ctx, f->memcg, path, sizeof(path)) == 0)
		snprintf(buf, len, "%s", path);
	else
		snprintf(buf, len, "inode %" PRIu64 " (no such cgroup)", f->memcg);
}

/* The device criterion for people: "any", or where it is mounted. */
static void dev_words(struct cli *cli, const struct hwp_filter *f, char *buf, size_t len)
{
	char target[512] = "", source[512] = "";
	if (f->dev_major == HWP_FILTER_DEV_ANY && f->dev_minor == HWP_FILTER_DEV_ANY)
		snprintf(buf, len, "any");
	else if (hwp_dev_describe(cli->ctx, f->dev_major, f->dev_minor, target, sizeof(target),
				  source, sizeof(source)) == 0)
		snprintf(buf, len, "%s (%s%s%" PRIu32 ":%" PRIu32 ")", target, source,
			 source[0] ? ", " : "", f->dev_major, f->dev_minor);
	else
		snprintf(buf, len, "%" PRIu32 ":%" PRIu32 " (not mounted)", f->dev_major, f->dev_minor);
}

static void flags_words(const struct hwp_filter *f, char *buf, size_t len)
{
	if (!f->flags_mask)
		snprintf(buf, len, "any");
	else
		hwp_flags_format_expr(f->flags_mask, f->flags_value, buf, len);
}

void cli_filter_words(struct cli *cli, const struct hwp_filter *f, char *buf, size_t len)
{
	char memcg[600], dev[1100], flags[1024];
	memcg_words(cli, f, memcg, sizeof(memcg));
	dev_words(cli, f, dev, sizeof(dev));
	flags_words(f, flags, sizeof(flags));
	snprintf(buf, len, "cgroup %s, device %s, flags %s", memcg, dev, flags);
}

/* For people: what each criterion means; -v adds the raw values, JSON has only those. */
static void print_filter_words(struct cli *cli, const struct hwp_filter *f)
{
	struct out *o = cli->out;
	char text[1100];
	out_bool(o, "enabled", "enabled", f->enable != 0);
	memcg_words(cli, f, text, sizeof(text));
	out_str(o, "cgroup", "cgroup", text);
	dev_words(cli, f, text, sizeof(text));
	out_str(o, "device", "device", text);
	flags_words(f, text, sizeof(text));
	out_str(o, "flags", "flags", text);
}

void cli_print_filter(struct cli *cli, const struct hwp_filter *f)
{
	struct out *o = cli->out;
	out_object_begin(o, "filter", "filter");
	/* People read the criteria in words; -v and scripts get the kernel's values. */
	if (!out_is_json(o) && !cli->verbose)
		print_filter_words(cli, f);
	else
		cli_filter_fields(cli, f);
	out_object_end(o);
}

void cli_filter_fields(struct cli *cli, const struct hwp_filter *f)
{
	struct out *o = cli->out;
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
}

