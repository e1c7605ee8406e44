/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Options (options.c): every long option's id, from one enum, so that no
 * two commands number theirs by hand; the options every command accepts,
 * their --help lines, and the getopt_long every command parses with.
 */
#ifndef HWPOISON_OPTIONS_H
#define HWPOISON_OPTIONS_H

#include <getopt.h>
#include <stdio.h>

#include "cli.h"

/* The ids of long options without a short form: one list for every command. */
enum cli_option_id {
	OPT_NO_MOUNT = 0x100, OPT_NO_LOAD, OPT_OUTPUT_ALL,
	/* naming pages (page_args.c; stat takes --pfn and --addr too) */
	OPT_PFN, OPT_ADDR, OPT_DRY_RUN, OPT_PID, OPT_VADDR, OPT_FILE, OPT_OFFSET, OPT_SELECT,
	OPT_COUNT, OPT_RANGE, OPT_RANDOM, OPT_SEED, OPT_DESCENDANTS, OPT_GUEST, OPT_GPA,
	/* the filter's criteria (filter_args.c): filter set, and scoped to a run */
	OPT_MEMCG, OPT_DEV, OPT_FLAGS, OPT_FLAGS_MASK, OPT_FLAGS_VALUE,
	/* inject, soft-offline, unpoison */
	OPT_METHOD, OPT_FORCE, OPT_ERRORS, OPT_CEC_THRESHOLD, OPT_ALL, OPT_JOURNAL, OPT_FILTERED_OK,
	/* stat */
	OPT_SUMMARY,
	/* events */
	OPT_TIMEOUT, OPT_EVENT,
	/* a long option spelt wrong: reported by cli_getopt */
	OPT_BAD = 0x7ff
};

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

/*
 * An option, declared once with its help: the parser's getopt table and
 * the --help text are both written from the declarations, so no option is
 * read that --help does not show (docs.sh then holds the man pages and the
 * completions to --help).
 */
struct cli_option {
	const char *name;      /* the long name; NULL ends a list */
	int id;                /* what the parser hands on: the short letter, or an OPT_* */
	int has_arg;           /* no_argument, required_argument, optional_argument */
	/*
	 * --help's line: how it is written ("--pfn LIST"; ending in "\n": the
	 * help goes below it) and its words, lines joined by "\n". show NULL:
	 * read, but shown in another option's line (--vaddr in --pid's).
	 */
	const char *show;
	const char *help;
	void (*more_help)(void);   /* more lines after it (inject --method: the methods) */
};
/* A paragraph of --help: a heading (NULL: it continues the one before) and its options. */
struct cli_option_list {
	const char *heading;
	int width;                 /* where the words start (0: column 23) */
	const struct cli_option *options;
};
/* Options that exclude each other, as util-linux's optutils: ids, ending with 0. */
#define CLI_EXCLUSIVE_MAX 8
typedef int cli_exclusive_t[CLI_EXCLUSIVE_MAX];

/* Every command's options, and how it reads them. */
struct cli_options {
	const struct cli_option_list *lists;   /* ends with an entry without options */
	void (*usage)(void);                   /* --help */
	bool stop_at_operand;                  /* options end at the first operand (events) */
	/* Groups of options of which one may be given ("--pfn and --addr cannot be combined"). */
	const cli_exclusive_t *exclusive;      /* ends with an empty group; may be NULL */
};
/* The options every command takes (their --help lines: cli_common_options). */
extern const struct cli_option cli_common_options[], cli_table_options[], cli_setup_options[];
/* Print the lists as --help shows them (on stdout, or f). */
void cli_options_help(const struct cli_option_list *lists);
void cli_options_help_to(FILE *f, const struct cli_option_list *lists);
/*
 * One option of a command: 0, an exit code, CLI_STOP, or CLI_NOT_MINE for
 * one it does not take (a usage error).
 */
typedef int (*cli_option_fn)(struct cli *cli, int id, const char *arg, void *data);
/*
 * Read argv (argv[0] the command's name) by the declarations: the common
 * options handled here, every other one handed to fn. On return optind is
 * the first operand. 0, an exit code, or CLI_STOP after --help.
 */
int cli_parse_options(struct cli *cli, int argc, char **argv, const struct cli_options *spec,
		      cli_option_fn fn, void *data);
/* The "Columns:" paragraph of a command's --help. */
void cli_columns_help(const char *title, const struct out_col *cols, size_t ncols);
/* -o names only columns of cols: 0, or EXIT_USAGE naming the unknown one. */
int cli_check_columns(struct cli *cli, const struct out_col *cols, size_t ncols);
/* Parse a --pfn/--addr LIST into list; EXIT_USAGE with a message on error. */
int cli_parse_list(struct cli *cli, const char *option, const char *arg, enum hwp_list_unit unit,
		   struct hwp_pfnlist *list);

#endif
