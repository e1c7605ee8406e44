/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the kernel did to processes that used a failed page, and which
 * processes still map a poisoned page (processes.c): for people and scripts.
 */
#ifndef HWPOISON_PROCESSES_H
#define HWPOISON_PROCESSES_H

#include "cli.h"

/* A page's processes in an OUT_RECORDS cell: "victim:130 SIGBUS on touch" for people. */
void processes_cell(struct out_table *t, size_t col, const struct hwp_kills *kills);

/* The processes that still map one of pfns through a poisoned page table entry. */
struct holders {
	struct hwp_holder *h;
	size_t n;
	int error;   /* -errno: the page tables could not be read (n may be short) */
	size_t unread;   /* giant mappings not read (a kernel without PAGEMAP_SCAN) */
};
/* "2 mappings too large to read without PAGEMAP_SCAN (Linux 6.7) were not checked", or "". */
void holders_unread_words(const struct holders *hs, char *buf, size_t len);
void holders_find(struct cli *cli, const struct hwp_pfnlist *pfns, struct holders *ret);
void holders_free(struct holders *hs);
/* The table "holders" (JSON always, people when not empty), under a title that says what it means. */
void holders_table(struct cli *cli, const struct holders *hs);

#endif
