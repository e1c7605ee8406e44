/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How a user names pages (page_args.c): for the page commands, and stat's --pfn and --addr. */
#ifndef HWPOISON_PAGE_ARGS_H
#define HWPOISON_PAGE_ARGS_H

#include "cli.h"

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
void page_args_free(struct page_args *a);
/* The --help lines for the ways of naming pages, shared by inject and soft-offline. */
extern const char page_naming_help[];

#endif
