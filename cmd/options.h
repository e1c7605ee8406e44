/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Options (options.c): every long option's id, from one enum, so that no
 * two commands number theirs by hand; the options every command accepts,
 * their --help lines, and the getopt_long every command parses with.
 */
#ifndef HWPOISON_OPTIONS_H
#define HWPOISON_OPTIONS_H

#include <getopt.h>

#include "cli.h"

/* The ids of long options without a short form: one list for every command. */
enum cli_option {
	OPT_NO_MOUNT = 0x100, OPT_NO_LOAD, OPT_OUTPUT_ALL,
	/* naming pages (page_args.c; stat takes --pfn and --addr too) */
	OPT_PFN, OPT_ADDR, OPT_DRY_RUN, OPT_PID, OPT_VADDR, OPT_FILE, OPT_OFFSET, OPT_SELECT,
	OPT_COUNT, OPT_RANGE, OPT_RANDOM, OPT_SEED,
	/* the filter's criteria (filter_args.c): filter set, and scoped to a run */
	OPT_MEMCG, OPT_DEV, OPT_FLAGS, OPT_FLAGS_MASK, OPT_FLAGS_VALUE,
	/* inject, soft-offline, unpoison */
	OPT_METHOD, OPT_FORCE, OPT_ERRORS, OPT_CEC_THRESHOLD, OPT_ALL, OPT_JOURNAL,
	/* stat */
	OPT_SUMMARY,
	/* events */
	OPT_TIMEOUT, OPT_EVENT,
	/* a long option spelt wrong: reported by cli_getopt */
	OPT_BAD = 0x7ff
};

#define COMMON_SHORTOPTS ":hjqv"
/* The commands that print a table choose its columns too, as lsblk does. */
#define TABLE_SHORTOPTS "o:nr"
#define TABLE_LONGOPTS                                        \
	{ "output", required_argument, NULL, 'o' },           \
	{ "output-all", no_argument, NULL, OPT_OUTPUT_ALL },  \
	{ "noheadings", no_argument, NULL, 'n' },             \
	{ "raw", no_argument, NULL, 'r' }
#define COMMON_LONGOPTS                                       \
	{ "help", no_argument, NULL, 'h' },                   \
	{ "json", no_argument, NULL, 'j' },                   \
	{ "quiet", no_argument, NULL, 'q' },                  \
	{ "verbose", no_argument, NULL, 'v' },                \
	{ "no-mount", no_argument, NULL, OPT_NO_MOUNT },      \
	{ "no-load", no_argument, NULL, OPT_NO_LOAD }
#define FILTER_LONGOPTS                                              \
	{ "memcg", required_argument, NULL, OPT_MEMCG },             \
	{ "dev", required_argument, NULL, OPT_DEV },                 \
	{ "flags", required_argument, NULL, OPT_FLAGS }

/*
 * getopt_long, but long options must be spelt out: "--pf" is not "--pfn"
 * (abbreviations silently change meaning when options are added). A wrong
 * spelling is reported here and comes back as OPT_BAD.
 */
int cli_getopt(struct cli *cli, int argc, char **argv, const char *shortopts,
	       const struct option *longopts);
/*
 * Handle a getopt_long result that is a common option or an error: 0,
 * CLI_STOP after --help, EXIT_USAGE after an error (reported), or
 * CLI_NOT_MINE when c is the command's own option.
 */
int cli_common_opt(struct cli *cli, int c, void (*usage)(void));

/* The name closest to a misspelt word, among candidates offered one by one. */
struct cli_closest {
	const char *word;
	size_t len;
	const char *best;    /* NULL: none close enough */
	size_t distance;
};
void cli_closest_try(struct cli_closest *c, const char *candidate);

/* The --help lines for the options every command takes. */
extern const char cli_common_help[];
/* ... for -o, --output-all, -n, -r. */
extern const char cli_table_help[];
/* ... and for --no-mount and --no-load, for the commands that set debugfs up. */
extern const char cli_setup_help[];
/* The "Columns:" paragraph of a command's --help. */
void cli_columns_help(const char *title, const struct out_col *cols, size_t ncols);
/* -o names only columns of cols: 0, or EXIT_USAGE naming the unknown one. */
int cli_check_columns(struct cli *cli, const struct out_col *cols, size_t ncols);
/* Parse a --pfn/--addr LIST into list; EXIT_USAGE with a message on error. */
int cli_parse_list(struct cli *cli, const char *option, const char *arg, enum hwp_list_unit unit,
		   struct hwp_pfnlist *list);

#endif
