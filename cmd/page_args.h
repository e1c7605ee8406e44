/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How a user names pages (page_args.c): for the page commands, and stat's --pfn and --addr. */
#ifndef HWPOISON_PAGE_ARGS_H
#define HWPOISON_PAGE_ARGS_H

#include "cli.h"
#include "options.h"

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
	bool descendants;           /* --descendants: sel.memcg_tree holds the cgroup's subtree */
	uint64_t *memcg_tree;
	/*
	 * --guest SOCKET with --gpa: the list holds guest pages, QEMU's address
	 * of each from ram; with --select: QEMU's pages inside the guest's RAM.
	 */
	struct {
		const char *socket;
		struct hwp_guest *conn;    /* opened by the check */
		struct hwp_guest_ram *ram;
		size_t nram;
		int pid;                   /* QEMU's */
		bool kvm;
		struct hwp_vrange *within; /* with --select: QEMU's addresses of the RAM to choose in */
	} guest;
};
/* QEMU's address of guest page gpage (--guest): 0 when it is not RAM. */
uint64_t page_args_guest_hva(const struct page_args *a, uint64_t gpage, unsigned shift);
/* The guest-physical address QEMU's address hva is the RAM of: 0 when none. */
uint64_t page_args_guest_gpa(const struct page_args *a, uint64_t hva);
/* Add --pfn/--addr LIST. */
int page_args_add(struct cli *cli, struct page_args *a, const char *option,
		  enum hwp_list_unit unit, const char *arg);
void page_args_free(struct page_args *a);
/* Options several commands read the same way, declared once (options.h). */
#define PAGE_OPTION_PFN                                                                       \
	{ "pfn", OPT_PFN, required_argument, "--pfn LIST",                                    \
	  "page frame numbers: N, A-B (inclusive), A+N (N pages)", NULL }
#define PAGE_OPTION_ADDR                                                                      \
	{ "addr", OPT_ADDR, required_argument, "--addr LIST",                                 \
	  "physical addresses, same forms, K/M/G suffixes allowed", NULL }
#define PAGE_OPTION_DRY_RUN                                                                   \
	{ "dry-run", OPT_DRY_RUN, no_argument, "--dry-run",                                   \
	  "show what would be written where, write nothing", NULL }
#define PAGE_OPTION_VERBOSE                                                                   \
	{ "verbose", 'v', no_argument, "--verbose", "report set-up and show each page's flags", \
	  NULL }
/* The ways of naming pages of inject and soft-offline, --help's "Naming pages" paragraph. */
extern const struct cli_option page_naming_options[];
/* The options of a run that takes pages (inject, soft-offline): --dry-run, --force, its filter. */
extern const struct cli_option page_taking_options[];
/* One way of naming pages per run: --pfn, --addr, --vaddr, --offset, --select. */
extern const cli_exclusive_t page_naming_exclusive[];

#endif
