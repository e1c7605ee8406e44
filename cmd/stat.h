/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stat's four modes, each in a file of its own, and the machine-check part of the overview. */
#ifndef HWPOISON_STAT_H
#define HWPOISON_STAT_H

#include "cli.h"
#include "options.h"

/* A mode's table: its columns for -o, and its --help paragraph. */
struct stat_columns {
	const char *help_title;
	const struct out_col *cols;
	size_t ncols;
};
extern const struct stat_columns stat_pages_columns, stat_journal_columns, stat_summary_columns;

/* The machine's memory-failure state (stat_overview.c): always succeeds. */
int stat_overview(struct cli *cli);
/* Each page's flags by name (stat_pages.c). */
int stat_pages(struct cli *cli, const struct hwp_pfnlist *list);
/* The journal (stat_journal.c). */
int stat_journal(struct cli *cli);
/* A QEMU guest's RAM and its pages poisoned on the host (stat_guest.c); a: --guest. */
struct page_args;
int stat_guest(struct cli *cli, struct page_args *a);
/* Page counts per combination of flags over list, or all of memory (stat_summary.c). */
int stat_summary(struct cli *cli, const struct hwp_pfnlist *list);
/*
 * The overview's machine-check fields (stat_mce.c); admin: the journal can
 * be read; supported: the kernel has memory-failure support at all.
 */
void stat_machine_checks(struct cli *cli, struct out *o, bool admin, bool supported);

#endif
