// SPDX-License-Identifier: GPL-2.0-or-later
/* stat --pfn, --addr: each page's flags by name. */
#include <stdio.h>

#include "stat.h"

enum { COL_PFN, COL_FLAGS, COL_RAW, COL_POISONED, COL_UNSAFE, NCOLS };
static const struct out_col page_cols[NCOLS] = {
	[COL_PFN] = { "pfn", "PFN", OUT_HEX, true },
	[COL_FLAGS] = { "flags", "FLAGS", OUT_WORDS, false },
	[COL_RAW] = { "raw", "RAW", OUT_HEX, true },
	[COL_POISONED] = { "poisoned", "POISONED", OUT_BOOL, false },
	[COL_UNSAFE] = { "unsafe", "UNSAFE", OUT_STR, false },
};

const struct stat_columns stat_pages_columns = { "Columns of --pfn and --addr", page_cols, NCOLS };

int stat_pages(struct cli *cli, const struct hwp_pfnlist *list)
{
	cli->out = out_new(cli->json, cli->quiet);
	struct out_table *t = out_table_begin_view(cli->out, "pages", page_cols, NCOLS, NULL, &cli->view);
	int rc = EXIT_OK;
	for (size_t i = 0; i < list->count && rc == EXIT_OK; i++) {
		for (uint64_t pfn = list->ranges[i].first;; pfn++) {
			uint64_t flags;
			int r = hwp_kpageflags_get(cli->ctx, pfn, &flags);
			if (r < 0) {
				rc = cli_env(cli, "cannot read /proc/kpageflags: %s", cli_strerror(-r));
				break;
			}
			char names[512];
			hwp_flags_format(flags, names, sizeof(names));
			out_row(t);
			out_cell_u64(t, COL_PFN, pfn);
			out_cell_str(t, COL_FLAGS, names);
			out_cell_u64(t, COL_RAW, flags);
			out_cell_bool(t, COL_POISONED, flags & HWP_KPF_BIT(HWP_KPF_HWPOISON));
			out_cell_str(t, COL_UNSAFE, hwp_page_unsafe_reason(flags));
			if (pfn == list->ranges[i].last)
				break;
		}
	}
	out_table_end(t, NULL);
	cli_document_end(cli);
	return rc;
}
