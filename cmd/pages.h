/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The page commands (inject, soft-offline, unpoison): how pages are named,
 * what one run is asked to do, and the run over them.
 */
#ifndef HWPOISON_PAGES_H
#define HWPOISON_PAGES_H

#include <getopt.h>

#include "cli.h"
#include "filter_args.h"
#include "page_args.h"

struct page_request;

/* A page command: the options it reads, and what it does with its own. */
struct page_command {
	enum hwp_op op;
	struct cli_options spec;        /* every option it reads, with --help */
	/* Handle one of its own options: 0, an exit code, or CLI_NOT_MINE. */
	int (*option)(struct cli *cli, int c, const char *arg, struct page_request *req);
	/* Fill a->list when option() set a->all (unpoison --all, --journal); may be NULL. */
	int (*collect)(struct cli *cli, struct page_args *a);
	bool targets;         /* names pages by --pid/--vaddr, --file/--offset and --select too */
};

/* What the user asked of one run of a page command, once its options are read. */
struct page_request {
	const struct page_command *pc;
	struct hwp_op_opts opts;
	struct page_args args;
	struct filter_args filter;       /* --memcg, --dev, --flags as given */
	bool scoped;                     /* scoped_filter is set for this run only */
	struct hwp_filter scoped_filter;
	bool filtered_ok;                /* --filtered-ok: a filtered page counts as done */
	bool cec_scoped;                 /* inject --cec-threshold: the CEC's, for this run only */
	uint64_t cec_threshold;
};
/* Read the command's options and check they name pages one way (page_args.c). */
int page_request_parse(struct cli *cli, int argc, char **argv, const struct page_command *pc,
		       struct page_request *req);
/*
 * The machine can do what the request asks (page_ready.c): before the
 * set-up, the process or file that names the pages, the pages inside
 * memory, the method usable here; after it, what only the set-up tells.
 */
int page_request_check(struct cli *cli, const struct page_request *req);
/*
 * --guest (page_guest.c): open QEMU's monitor, learn its pid, KVM and the
 * guest's RAM, check every --gpa (0 or an exit code); after the run, the
 * guest's state as a field of the document.
 */
int page_guest_open(struct cli *cli, struct page_args *a, const struct hwp_op_opts *opts);
/* The monitor opened and the guest learnt, nothing refused (stat --guest). */
int page_guest_connect(struct cli *cli, struct page_args *a);
void page_guest_report(struct cli *cli, const struct page_args *a);
int page_request_ready(struct cli *cli, const struct page_request *req);
/* Act on every page and print a row for each (page_run.c). */
int run_pages(struct cli *cli, const struct page_request *req);
/*
 * A page command as the dispatcher runs it (page_command.c; the state is a
 * struct page_request): parse adds what the method and the scoped filter
 * need set up.
 */
int page_command_parse(struct cli *cli, int argc, char **argv, const struct page_command *pc,
		       struct page_request *req);
int page_command_check(struct cli *cli, void *state);
int page_command_run(struct cli *cli, void *state);
void page_command_free(void *state);

/* The per-page table (page_columns.c). */
enum page_column {
	COL_GPA, COL_HVA, COL_PFN, COL_VADDR, COL_OFFSET, COL_NEW_PFN, COL_STATUS, COL_TYPE, COL_RESULT, COL_ERROR,
	COL_PROCESSES, COL_DIRTY, COL_READER, COL_ERRORS, COL_THRESHOLD, COL_NOTE, COL_SOURCE,
	COL_FLAGS, COL_WRITE, COL_FILE, NCOLS
};
extern const struct out_col page_cols[NCOLS];
/* -o names columns of the per-page table: 0 or EXIT_USAGE. */
int page_columns_check(struct cli *cli);
/* The per-page table's columns, for --help. */
void page_columns_help(void);

#endif
