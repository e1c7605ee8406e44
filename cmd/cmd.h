/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command layer: option parsing, messages, exit codes and output.
 *
 * One return convention for every function in cmd/ that can end a command:
 * it returns an exit code, 0 meaning "go on" (and, at the end, success);
 * anything else is the command's exit code, returned after the function
 * printed the one line that explains it. Option handlers may also return
 * CLI_NOT_MINE (an option they do not handle: ask the next handler) or
 * CLI_STOP (done, successfully: --help was printed). Negative errnos come
 * only from the library, and are turned into an exit code where they are
 * received.
 */
#ifndef HWPOISON_CMD_H
#define HWPOISON_CMD_H

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>

#include "hwpoison/hwpoison.h"

enum {
	EXIT_OK = 0,     /* every page reached the state asked for */
	EXIT_FAIL = 1,   /* some page did not */
	EXIT_USAGE = 2,  /* bad input */
	EXIT_ENV = 3,    /* environment or privilege */
};
enum { CLI_NOT_MINE = -1, CLI_STOP = -2 };

/* ---- output: the one writer for human and JSON output ---- */

/* OUT_WORDS: "lru,anon" for people, ["lru", "anon"] in JSON ([] when empty). */
enum out_type { OUT_STR, OUT_NUM, OUT_HEX, OUT_BOOL, OUT_WORDS };

struct out_col {
	const char *key;     /* JSON key, snake_case */
	const char *header;  /* human column header */
	enum out_type type;
	bool right;          /* right-align in human output */
};

struct out;
struct out_table;

/* How the user wants a command's table: -o COLUMNS, --output-all, -n, -r. */
struct out_view_opts {
	const char *columns;   /* "pfn,status", "+flags", or NULL for the default set */
	bool all, noheadings, raw;
};
#define OUT_MAX_COLUMNS 32
/* The columns a table shows, in order (indexes into its column list). */
struct out_columns {
	size_t order[OUT_MAX_COLUMNS];
	size_t n;
	bool named[OUT_MAX_COLUMNS];   /* by position: asked for by name (or all): shown even empty */
};
/*
 * The columns view asks for, of cols (defaults: the default set, NULL for
 * all). -EINVAL with ret_bad naming an unknown column.
 */
int out_columns_resolve(const struct out_col *cols, size_t ncols, const bool *defaults,
			const struct out_view_opts *view, struct out_columns *ret,
			const char **ret_bad, size_t *ret_bad_len);

struct out *out_new(bool json, bool quiet);
/* Flush everything and close the JSON document. */
/* Under --json, a failure with no document of its own: {"error": ..., "exit": ...}. */
void out_error_document(const char *error, int code);
void out_finish(struct out *o);
bool out_is_json(const struct out *o);

/* A field: "label: value" for people, "key": value in JSON. value NULL = unknown. */
void out_str(struct out *o, const char *key, const char *label, const char *value);
void out_u64(struct out *o, const char *key, const char *label, uint64_t value);
void out_i64(struct out *o, const char *key, const char *label, int64_t value);
void out_hex(struct out *o, const char *key, const char *label, uint64_t value);
void out_bool(struct out *o, const char *key, const char *label, bool value);
/* A nested object: fields until out_object_end belong to it. */
void out_object_begin(struct out *o, const char *key, const char *label);
void out_object_end(struct out *o);

/* A table: a libsmartcols table for people, an array of records in JSON. */
/* A table showing the columns view asks for (defaults: the default set, NULL for all). */
struct out_table *out_table_begin_view(struct out *o, const char *key, const struct out_col *cols,
				       size_t ncols, const bool *defaults,
				       const struct out_view_opts *view);
/* The column is shown: the caller may skip computing a cell that is not. */
bool out_table_shows(const struct out_table *t, size_t col);
struct out_table *out_table_begin(struct out *o, const char *key, const struct out_col *cols,
				  size_t ncols);
void out_row(struct out_table *t);
void out_cell_str(struct out_table *t, size_t col, const char *value);
void out_cell_u64(struct out_table *t, size_t col, uint64_t value);
void out_cell_bool(struct out_table *t, size_t col, bool value);
/* Print the table (human: under an optional title line) and free it. */
void out_table_end(struct out_table *t, const char *title);

/* A record stream: one line per record (JSON lines with --json), flushed at once. */
struct out_line;
struct out_line *out_line_begin(bool json);
void out_line_str(struct out_line *l, const char *key, const char *label, const char *value);
void out_line_u64(struct out_line *l, const char *key, const char *label, uint64_t value);
void out_line_hex(struct out_line *l, const char *key, const char *label, uint64_t value);
/* A list of words: a JSON array, or joined by commas for people. */
void out_line_words(struct out_line *l, const char *key, const char *label,
		    const char *const *words, size_t n);
void out_line_end(struct out_line *l);

/* ---- the command context ---- */

struct cli {
	const char *cmd;      /* "inject", for messages */
	char **argv;          /* the words cli_getopt reads, for messages */
	bool json, quiet, verbose, no_mount, no_load;
	struct hwp_ctx *ctx;
	struct out *out;
	char error[512];      /* the last error (cli_usage, cli_env), for --json */
	struct out_view_opts view;   /* -o, --output-all, -n, -r */
	bool document;        /* a JSON document (or a table) was written */
	bool measure;         /* HWPOISON_PEAK_MEMORY=1: report what a run cost (bench/, tests/vm) */
	const char *lockdown; /* what lockdown leaves of this command, in words (NULL: nothing to say) */
};

/* Options every command accepts, before or after its name. */
enum { OPT_NO_MOUNT = 0x100, OPT_NO_LOAD, OPT_OUTPUT_ALL, OPT_CMD_BASE = 0x200 };
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

/*
 * getopt_long, but long options must be spelt out: "--pf" is not "--pfn"
 * (abbreviations silently change meaning when options are added). A wrong
 * spelling is reported here and comes back as OPT_BAD.
 */
#define OPT_BAD 0x7ff

/* The name closest to a misspelt word, among candidates offered one by one. */
struct cli_closest {
	const char *word;
	size_t len;
	const char *best;    /* NULL: none close enough */
	size_t distance;
};
void cli_closest_try(struct cli_closest *c, const char *candidate);
int cli_getopt(struct cli *cli, int argc, char **argv, const char *shortopts,
	       const struct option *longopts);

/*
 * Handle a getopt_long result that is a common option or an error: 0,
 * CLI_STOP after --help, EXIT_USAGE after an error (reported), or
 * CLI_NOT_MINE when c is the command's own option.
 */
int cli_common_opt(struct cli *cli, int c, void (*usage)(void));
/* The lines of --help for the options every command takes. */
extern const char cli_common_help[];
/* ... and for --no-mount and --no-load, for the commands that set debugfs up. */
/* --help lines of -o, --output-all, -n, -r. */
extern const char cli_table_help[];
extern const char cli_setup_help[];

void cli_err(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One line naming the bad input, and EXIT_USAGE. */
int cli_usage(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One line naming the missing piece of the environment, and EXIT_ENV. */
int cli_env(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_info(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parse a --pfn/--addr LIST into list; EXIT_USAGE with a message on error. */
int cli_parse_list(struct cli *cli, const char *option, const char *arg, enum hwp_list_unit unit,
		   struct hwp_pfnlist *list);
/* Refuse early without CAP_SYS_ADMIN: EXIT_ENV, or 0. */
int cli_need_admin(struct cli *cli, const char *what);
/* Every pfn of list lies inside memory: EXIT_USAGE naming the first that does not. */
int cli_check_in_memory(struct cli *cli, const char *option, const struct hwp_pfnlist *list);
/* -o names only columns of cols: 0, or EXIT_USAGE naming the unknown one. */
int cli_check_columns(struct cli *cli, const struct out_col *cols, size_t ncols);
/* The "Columns:" paragraph of a command's --help. */
void cli_columns_help(const char *title, const struct out_col *cols, size_t ncols);
/* End the command's output document (out_finish) and remember it was written. */
void cli_document_end(struct cli *cli);
/* A size for people, as lsblk prints it: "4K", "1.5M", "880M". */
void cli_size_text(uint64_t bytes, char *buf, size_t len);
/* Mount debugfs and load the module as allowed; EXIT_ENV with the reason. */
int cli_setup_debugfs(struct cli *cli, unsigned flags);
/* The same for mce-inject (--no-mount and --no-load respected). */
int cli_setup_mce(struct cli *cli);
/* The names of op's methods from the table: "debugfs, hard-offline, mce or mce-ce" (last: "or"). */
void cli_method_names(enum hwp_op op, const char *last, char *buf, size_t len);
/* stat's machine-check fields (stat_mce.c); admin: the journal can be read. */
void stat_machine_checks(struct cli *cli, struct out *o, bool admin);
/* ---- filter criteria from the command line (filter_args.c) ---- */

/* filter set, and scoped to one run on inject and soft-offline. */
enum { OPT_MEMCG = 0x300, OPT_DEV, OPT_FLAGS, OPT_FLAGS_MASK, OPT_FLAGS_VALUE };
#define FILTER_LONGOPTS                                              \
	{ "memcg", required_argument, NULL, OPT_MEMCG },             \
	{ "dev", required_argument, NULL, OPT_DEV },                 \
	{ "flags", required_argument, NULL, OPT_FLAGS }
struct filter_args {
	bool memcg, dev, flags, mask, value;   /* which were given */
	uint64_t memcg_ino;
	uint32_t dev_major, dev_minor;
	uint64_t flags_mask, flags_value;
};
/* Handle one filter option: 0, an exit code, or CLI_NOT_MINE. */
int filter_args_option(struct cli *cli, struct filter_args *fa, int c, const char *arg);
bool filter_args_any(const struct filter_args *fa);
/* Cross-option checks once all options are read. */
int filter_args_check(struct cli *cli, const struct filter_args *fa);
void filter_args_apply(const struct filter_args *fa, struct hwp_filter *filter);
/* Print the filter, decoded (cgroup path, mount, flag names). */
/* The filter's criteria in words: "cgroup any, device any, flags lru,~anon". */
void cli_filter_words(struct cli *cli, const struct hwp_filter *f, char *buf, size_t len);
void cli_print_filter(struct cli *cli, const struct hwp_filter *filter);
/* Report a bad flag expression, with the closest names: EXIT_USAGE. */
int cli_bad_flags(struct cli *cli, const char *option, const char *bad, size_t len);

/* ---- signals (common.c) ---- */

/* SIGINT and SIGTERM stop a run between pages; 0 while not interrupted. */
void cli_catch_signals(void);
int cli_interrupted(void);
/* The flag the handler sets, for the library's waits. */
const volatile sig_atomic_t *cli_stop_flag(void);
const char *cli_errno_name(int err);
/* A warning when reading the journal lost bytes to an unreadable region; nothing when 0. */
void cli_journal_lost(struct cli *cli, uint64_t lost);
/* strerror, with words for hwpoison's own refusals (EXDEV: a write it will not make). */
const char *cli_strerror(int err);
/* "is owned by uid 1000", "is writable by others", "is a symbolic link". */
const char *cli_distrust_words(const struct hwp_distrusted *bad);

/* The commands. argv[0] is the command name. */
int cmd_inject(struct cli *cli, int argc, char **argv);
int cmd_soft_offline(struct cli *cli, int argc, char **argv);
int cmd_unpoison(struct cli *cli, int argc, char **argv);
int cmd_stat(struct cli *cli, int argc, char **argv);
int cmd_filter(struct cli *cli, int argc, char **argv);
int cmd_events(struct cli *cli, int argc, char **argv);

/* ---- naming pages (page_args.c) and the run over them (pages.c) ---- */

struct page_args {
	struct hwp_pfnlist list;    /* --pfn, --addr, --vaddr, --offset, --all, --journal */
	const char *option;         /* how the pages were named, for messages */
	bool all;                   /* unpoison --all or --journal: pages come from collect() */
	bool journal;               /* unpoison --journal */
	int pid;                    /* --pid, with --vaddr */
	const char *file;           /* --file, with --offset */
	bool select;                /* --select EXPR */
	struct hwp_select_opts sel;
	struct hwp_pfnlist range;   /* --range, with --select */
	bool count_given, range_given, random_given, seed_given;
};
/* Add --pfn/--addr LIST. */
int page_args_add(struct cli *cli, struct page_args *a, const char *option,
		  enum hwp_list_unit unit, const char *arg);
struct page_run;
/* Privileges, kernel support, bounds, set-up. */
int page_args_prepare(struct cli *cli, const struct page_run *run);
void page_args_free(struct page_args *a);

/* A page command: its own options beyond the ways of naming pages and --dry-run. */
struct page_command {
	enum hwp_op op;
	void (*usage)(void);
	const struct option *options;   /* terminated by a zero entry; may be NULL */
	/* Handle one of options: 0 or an exit code. */
	int (*option)(struct cli *cli, int c, const char *arg, struct page_run *run);
	/* Fill a->list when option() set a->all (unpoison --all, --journal); may be NULL. */
	int (*collect)(struct cli *cli, struct page_args *a);
	bool scoped_filter;   /* accepts --memcg/--dev/--flags for this run only */
	bool targets;         /* accepts --pid/--vaddr, --file/--offset and --select */
};

/* Everything one run of a page command needs, once its options are read. */
struct page_run {
	struct hwp_op_opts opts;
	struct page_args args;
	struct filter_args filter;       /* --memcg, --dev, --flags as given */
	bool scoped;                     /* scoped_filter is set for this run only */
	struct hwp_filter scoped_filter;
	bool cec_scoped;                 /* inject --cec-threshold: the CEC's, for this run only */
	uint64_t cec_threshold;
};
/* Read the command's options and check they name pages one way. */
int page_args_parse(struct cli *cli, int argc, char **argv, const struct page_command *pc,
		    struct page_run *run);
/* Act on every page and print a row for each. */
int page_run(struct cli *cli, const struct page_run *run);
int page_command_main(struct cli *cli, int argc, char **argv, const struct page_command *pc);
/* -o names columns of the per-page table: 0 or EXIT_USAGE. */
int page_columns_check(struct cli *cli);
/* The options every page command shares, and its table's columns, for --help. */
void page_options_help(void);
/* The --help lines for the ways of naming pages, shared by inject and soft-offline. */
extern const char page_naming_help[];

#endif
