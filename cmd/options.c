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

const char cli_common_help[] =
	"  -j, --json           print JSON\n"
	"  -q, --quiet          print nothing but errors\n"
	"  -h, --help           show this help\n";

const char cli_table_help[] =
	"  -o, --output COLUMNS the table's columns (comma-separated; +COL adds to the\n"
	"                       default set)\n"
	"      --output-all     every column\n"
	"  -n, --noheadings     no header line\n"
	"  -r, --raw            one space between columns, no alignment\n";

const char cli_setup_help[] =
	"      --no-mount       do not mount debugfs\n"
	"      --no-load        do not load hwpoison_inject\n";

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
