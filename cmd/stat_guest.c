// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stat --guest SOCKET: a QEMU guest seen from the host. QEMU, KVM and the
 * guest's state; its RAM as QEMU maps it, each range with how many of its
 * pages the host gave memory; and every guest page poisoned on the host,
 * by gpa: a poison entry in QEMU's page table (the page failed under it),
 * or a page QEMU still maps that carries the hwpoison flag.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "pages.h"
#include "stat.h"

enum { RAM_GPA, RAM_END, RAM_HVA, RAM_BLOCK, RAM_PAGE_SIZE, RAM_PRESENT, RAM_POISONED, RAM_N };
static const struct out_col ram_cols[RAM_N] = {
	[RAM_GPA] = { "gpa", "GPA", OUT_HEX, true },
	[RAM_END] = { "gpa_end", "GPA_END", OUT_HEX, true },
	[RAM_HVA] = { "hva", "HVA", OUT_HEX, true },
	[RAM_BLOCK] = { "block", "BLOCK", OUT_STR, false },
	[RAM_PAGE_SIZE] = { "page_size", "PAGE_SIZE", OUT_NUM, true },
	[RAM_PRESENT] = { "present_pages", "PRESENT", OUT_NUM, true },
	[RAM_POISONED] = { "poisoned_pages", "POISONED", OUT_NUM, true },
};
enum { PG_GPA, PG_HVA, PG_PFN, PG_HOW, PG_N };
static const struct out_col poisoned_cols[PG_N] = {
	[PG_GPA] = { "gpa", "GPA", OUT_HEX, true },
	[PG_HVA] = { "hva", "HVA", OUT_HEX, true },
	[PG_PFN] = { "pfn", "PFN", OUT_HEX, true },
	[PG_HOW] = { "how", "HOW", OUT_STR, false },
};

struct guest_scan {
	struct out_table *t;
	const struct hwp_guest_ram *range;
	uint64_t total;
};

static int poisoned_page(const struct hwp_holder *h, void *data)
{
	struct guest_scan *s = data;
	out_row(s->t);
	out_cell_u64(s->t, PG_GPA, s->range->gpa + (h->vaddr - s->range->hva));
	out_cell_u64(s->t, PG_HVA, h->vaddr);
	out_cell_u64(s->t, PG_PFN, h->pfn);
	out_cell_str(s->t, PG_HOW, h->present ? "mapped, flagged hwpoison"
					      : "poison entry (SIGBUS to QEMU on touch)");
	s->total++;
	return 0;
}

static int add_flagged(uint64_t pfn, uint64_t flags, void *data)
{
	if (flags & HWP_KPF_BIT(HWP_KPF_HWPOISON))
		return hwp_pfnlist_add(data, pfn, pfn) < 0 ? -ENOMEM : 0;
	return 0;
}

/* Each range's pages: counted in the RAM table, the poisoned ones listed. */
static int scan_ranges(struct cli *cli, const struct page_args *a, struct out_table *ram,
		       struct guest_scan *s)
{
	struct hwp_pfnlist flagged = { .count = 0 };
	/* A page the kernel failed to take from QEMU stays mapped: known by its flag. */
	hwp_kpageflags_scan(cli->ctx, 0, UINT64_MAX, add_flagged, &flagged);
	int r = 0;
	for (size_t i = 0; i < a->guest.nram && r == 0; i++) {
		const struct hwp_guest_ram *g = &a->guest.ram[i];
		struct hwp_range_pages n;
		s->range = g;
		r = hwp_range_poisoned(cli->ctx, a->guest.pid, g->hva, g->hva + g->size, &flagged,
				       poisoned_page, s, &n);
		out_row(ram);
		out_cell_u64(ram, RAM_GPA, g->gpa);
		out_cell_u64(ram, RAM_END, g->gpa + g->size - 1);
		out_cell_u64(ram, RAM_HVA, g->hva);
		out_cell_str(ram, RAM_BLOCK, g->block);
		if (g->page_size)
			out_cell_u64(ram, RAM_PAGE_SIZE, g->page_size);
		out_cell_u64(ram, RAM_PRESENT, n.present);
		out_cell_u64(ram, RAM_POISONED, n.poisoned);
	}
	hwp_pfnlist_free(&flagged);
	return r;
}

int stat_guest(struct cli *cli, struct page_args *a)
{
	int rc = page_guest_connect(cli, a);
	if (rc)
		return rc;
	cli->out = out_new(cli->json, cli->quiet);
	page_guest_report(cli, a);
	struct out_table *ram = out_table_begin(cli->out, "ram", ram_cols, RAM_N);
	struct guest_scan s = { .t = NULL };
	/* Both tables fill in one walk; the poisoned pages print after the RAM. */
	s.t = out_table_begin(cli->out, "poisoned", poisoned_cols, PG_N);
	int r = scan_ranges(cli, a, ram, &s);
	out_table_end(ram, "Guest RAM as QEMU maps it (host pages present, poisoned):");
	char title[128];
	snprintf(title, sizeof(title), "Guest pages poisoned on the host: %" PRIu64, s.total);
	out_table_end(s.t, s.total ? title : NULL);
	if (!s.total)
		out_words(cli->out, "poisoned", "none");
	cli_document_end(cli);
	if (r < 0)
		return cli_env(cli, "cannot read QEMU's page table (/proc/%d/pagemap): %s", a->guest.pid,
			       cli_strerror(-r));
	return EXIT_OK;
}
