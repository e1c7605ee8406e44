// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Options every command shares: getopt_long with names spelt out, the
 * common options, their --help lines, lists and -o columns.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "advice.h"
#include "cli.h"
#include "options.h"
#include "output.h"

/* The options every command reads; the lists below say where --help shows them. */
const struct cli_option cli_common_options[] = {
	{ "json", 'j', no_argument, "--json", "print JSON", NULL },
	{ "quiet", 'q', no_argument, "--quiet", "print nothing but errors", NULL },
	{ "help", 'h', no_argument, "--help", "show this help", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};
const struct cli_option cli_table_options[] = {
	{ "output", 'o', required_argument, "--output COLUMNS",
	  "the table's columns (comma-separated; +COL adds to the\ndefault set)", NULL },
	{ "output-all", OPT_OUTPUT_ALL, no_argument, "--output-all", "every column", NULL },
	{ "noheadings", 'n', no_argument, "--noheadings", "no header line", NULL },
	{ "raw", 'r', no_argument, "--raw", "one space between columns, no alignment", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};
const struct cli_option cli_setup_options[] = {
	{ "no-mount", OPT_NO_MOUNT, no_argument, "--no-mount", "do not mount debugfs", NULL },
	{ "no-load", OPT_NO_LOAD, no_argument, "--no-load", "do not load hwpoison_inject", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};
/* Read by every command wherever --help shows them, or not at all. */
static const struct cli_option always_read[] = {
	{ "help", 'h', no_argument, NULL, NULL, NULL },
	{ "json", 'j', no_argument, NULL, NULL, NULL },
	{ "quiet", 'q', no_argument, NULL, NULL, NULL },
	{ "verbose", 'v', no_argument, NULL, NULL, NULL },
	{ "no-mount", OPT_NO_MOUNT, no_argument, NULL, NULL, NULL },
	{ "no-load", OPT_NO_LOAD, no_argument, NULL, NULL, NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

#define HELP_WIDTH 23

/* "  -o, --output COLUMNS  words": the short form when the option has one. */
static void option_line(FILE *f, const struct cli_option *o, int width)
{
	char prefix[128];
	if (o->id > ' ' && o->id < 0x7f)
		snprintf(prefix, sizeof(prefix), "  -%c, %s", o->id, o->show);
	else
		snprintf(prefix, sizeof(prefix), "      %s", o->show);
	size_t len = strlen(prefix);
	if (len && prefix[len - 1] == '\n')
		fprintf(f, "%s%*s", prefix, width, "");   /* the words go below */
	else if ((int)len < width)
		fprintf(f, "%-*s", width, prefix);
	else
		fprintf(f, "%s  ", prefix);
	const char *line = o->help;
	for (const char *nl; (nl = strchr(line, '\n')); line = nl + 1)
		fprintf(f, "%.*s\n%*s", (int)(nl - line), line, width, "");
	fprintf(f, "%s\n", line);
}

void cli_options_help_to(FILE *f, const struct cli_option_list *lists)
{
	for (const struct cli_option_list *l = lists; l->options; l++) {
		if (l->heading)
			fprintf(f, "\n%s\n", l->heading);
		for (const struct cli_option *o = l->options; o->name; o++) {
			if (!o->show)
				continue;
			option_line(f, o, l->width ? l->width : HELP_WIDTH);
			if (o->more_help)
				o->more_help();
		}
	}
}

void cli_options_help(const struct cli_option_list *lists)
{
	cli_options_help_to(stdout, lists);
}

#define MAX_OPTIONS 64

static void add_option(struct option *longopts, size_t *n, const struct cli_option *o)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(longopts[i].name, o->name) == 0)
			return;
	if (*n < MAX_OPTIONS - 1)
		longopts[(*n)++] = (struct option){ o->name, o->has_arg, NULL, o->id };
}

/* getopt's tables from the declarations: the long options and the letters. */
static void getopt_tables(const struct cli_options *spec, struct option *longopts, char *shortopts,
			  size_t shortlen)
{
	size_t n = 0, s = 0;
	/* Kept terminated as it grows: each letter is looked for in those before it. */
	memset(shortopts, 0, shortlen);
	if (spec->stop_at_operand)
		shortopts[s++] = '+';
	shortopts[s++] = ':';
	for (const struct cli_option *o = always_read; o->name; o++)
		add_option(longopts, &n, o);
	for (const struct cli_option_list *l = spec->lists; l->options; l++)
		for (const struct cli_option *o = l->options; o->name; o++)
			add_option(longopts, &n, o);
	for (size_t i = 0; i < n; i++) {
		int id = longopts[i].val;
		if (id <= ' ' || id >= 0x7f || s + 3 >= shortlen || strchr(shortopts, id))
			continue;
		shortopts[s++] = (char)id;
		if (longopts[i].has_arg == required_argument)
			shortopts[s++] = ':';
	}
	shortopts[s] = '\0';
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };
}

/* The long name of an option id, for messages. */
static const char *option_name(const struct option *longopts, int id)
{
	for (const struct option *o = longopts; o->name; o++)
		if (o->val == id)
			return o->name;
	return "?";
}

#define MAX_GROUPS 8

/* id may not be given beside another option of its group given before: 0 or EXIT_USAGE. */
static int check_exclusive(struct cli *cli, const struct cli_options *spec,
			   const struct option *longopts, int id, int *first_seen)
{
	for (size_t g = 0; spec->exclusive && g < MAX_GROUPS && spec->exclusive[g][0]; g++) {
		bool member = false;
		for (size_t i = 0; i < CLI_EXCLUSIVE_MAX && spec->exclusive[g][i]; i++)
			member |= spec->exclusive[g][i] == id;
		if (!member)
			continue;
		if (first_seen[g] && first_seen[g] != id)
			return cli_usage(cli, "--%s and --%s cannot be combined",
					 option_name(longopts, first_seen[g]), option_name(longopts, id));
		first_seen[g] = id;
	}
	return 0;
}

int cli_parse_options(struct cli *cli, int argc, char **argv, const struct cli_options *spec,
		      cli_option_fn fn, void *data)
{
	struct option longopts[MAX_OPTIONS];
	char shortopts[2 * MAX_OPTIONS + 3];
	int first_seen[MAX_GROUPS] = { 0 };
	getopt_tables(spec, longopts, shortopts, sizeof(shortopts));
	int c;
	while ((c = cli_getopt(cli, argc, argv, shortopts, longopts)) != -1) {
		int r = cli_common_opt(cli, c, spec->usage);
		if (r == CLI_NOT_MINE) {
			r = check_exclusive(cli, spec, longopts, c, first_seen);
			if (r == 0)
				r = fn(cli, c, optarg, data);
		}
		if (r)
			return r == CLI_NOT_MINE ? EXIT_USAGE : r;
	}
	return 0;
}

int cli_common_opt(struct cli *cli, int c, void (*usage)(void))
{
	switch (c) {
	case 'h':
		usage();
		return CLI_STOP;
	case 'j':
		cli->json = true;
		return 0;
	case 'q':
		cli->quiet = true;
		return 0;
	case 'v':
		cli->verbose = true;
		return 0;
	case OPT_NO_MOUNT:
		cli->no_mount = true;
		return 0;
	case OPT_NO_LOAD:
		cli->no_load = true;
		return 0;
	case 'o':
		cli->view.columns = optarg;
		return 0;
	case OPT_OUTPUT_ALL:
		cli->view.all = true;
		return 0;
	case 'n':
		cli->view.noheadings = true;
		return 0;
	case 'r':
		cli->view.raw = true;
		return 0;
	case OPT_BAD:
		return EXIT_USAGE;
	case ':':
		return cli_usage(cli, "option '%s' needs a value", cli->argv[optind - 1]);
	case '?':
		if (optopt && optopt < 0x100)
			return cli_usage(cli, "unknown option '-%c' (try '--help')", optopt);
		return cli_usage(cli, "unknown option '%s' (try '--help')", cli->argv[optind - 1]);
	default:
		return CLI_NOT_MINE;
	}
}

void cli_closest_try(struct cli_closest *c, const char *candidate)
{
	size_t d = advice_edit_distance(c->word, c->len, candidate);
	/* Two edits at most, and fewer than the name has letters: no wild guesses. */
	if (d <= 2 && d < strlen(candidate) && (!c->best || d < c->distance)) {
		c->best = candidate;
		c->distance = d;
	}
}

/* "--pfm": the long option it is closest to, or NULL. */
static const char *closest_option(const char *word, const struct option *longopts)
{
	if (strncmp(word, "--", 2) != 0)
		return NULL;
	struct cli_closest c = { .word = word + 2, .len = strcspn(word + 2, "=") };
	for (size_t i = 0; longopts[i].name; i++)
		cli_closest_try(&c, longopts[i].name);
	return c.best;
}

int cli_getopt(struct cli *cli, int argc, char **argv, const char *shortopts,
	       const struct option *longopts)
{
	int index = -1;
	cli->argv = argv;
	int c = getopt_long(argc, argv, shortopts, longopts, &index);
	if (c == '?' && !optopt && optind >= 1) {
		const char *word = argv[optind - 1];
		const char *best = closest_option(word, longopts);
		if (best) {
			cli_usage(cli, "unknown option '%.*s' (did you mean '--%s'?)",
				  (int)strcspn(word, "="), word, best);
			return OPT_BAD;
		}
	}
	if (c == -1 || index < 0)
		return c;
	/* The word that held the option: the one before its value when that came separately. */
	const char *word = argv[optind - 1];
	if (optarg && optarg == argv[optind - 1] && optind >= 2)
		word = argv[optind - 2];
	const char *name = longopts[index].name;
	size_t len = strlen(name);
	if (strncmp(word, "--", 2) == 0 && strncmp(word + 2, name, len) == 0 &&
	    (word[2 + len] == '\0' || word[2 + len] == '='))
		return c;
	int wlen = (int)strcspn(word, "=");
	cli_usage(cli, "unknown option '%.*s' (did you mean '--%s'?)", wlen, word, name);
	return OPT_BAD;
}

int cli_parse_list(struct cli *cli, const char *option, const char *arg, enum hwp_list_unit unit,
		   struct hwp_pfnlist *list)
{
	const char *bad = NULL;
	size_t bad_len = 0;
	int r = hwp_pfnlist_parse(arg, unit, hwp_page_shift(cli->ctx), list, &bad, &bad_len);
	if (r == 0)
		return 0;
	if (r == -ENOMEM)
		return cli_env(cli, "out of memory");
	const char *what = unit == HWP_UNIT_ADDRESS ? "address" : "pfn";
	if (!bad || bad_len == 0)
		return cli_usage(cli, "%s '%s': empty item in %s list", option, arg, what);
	if (r == -ERANGE)
		return cli_usage(cli, "%s: '%.*s' is out of range", option, (int)bad_len, bad);
	return cli_usage(cli, "%s: invalid %s list item '%.*s' (expected N, A-B or A+N)", option,
			 what, (int)bad_len, bad);
}

int cli_check_columns(struct cli *cli, const struct out_col *cols, size_t ncols)
{
	struct out_columns shown;
	const char *bad = NULL;
	size_t bad_len = 0;
	if (out_columns_resolve(cols, ncols, NULL, &cli->view, &shown, &bad, &bad_len) == 0)
		return 0;
	char names[1024] = "";
	for (size_t i = 0; i < ncols; i++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s", i ? ", " : "",
			 cols[i].key);
	return cli_usage(cli, "--output: unknown column '%.*s' (columns: %s)", (int)bad_len, bad,
			 names);
}

void cli_columns_help(const char *title, const struct out_col *cols, size_t ncols)
{
	printf("\n%s (-o; the JSON keys, in any case):\n ", title);
	size_t width = 1;
	for (size_t i = 0; i < ncols; i++) {
		size_t len = strlen(cols[i].key) + 1;
		if (width + len > 78) {
			printf("\n ");
			width = 1;
		}
		printf(" %s", cols[i].key);
		width += len;
	}
	putchar('\n');
}
