// SPDX-License-Identifier: GPL-2.0-or-later
/* stat --summary: page counts per combination of flags. */
#include <errno.h>
#include <stdio.h>

#include "stat.h"

enum { SCOL_FLAGS, SCOL_RAW, SCOL_PAGES, SCOL_SIZE, SCOL_MIB, SCOL_N };
static const struct out_col summary_cols[SCOL_N] = {
	[SCOL_FLAGS] = { "flags", "FLAGS", OUT_WORDS, false },
	[SCOL_RAW] = { "raw", "RAW", OUT_HEX, true },
	[SCOL_PAGES] = { "pages", "PAGES", OUT_NUM, true },
	[SCOL_SIZE] = { "size", "SIZE", OUT_STR, true },
	[SCOL_MIB] = { "mib", "MIB", OUT_NUM, true },
};

const struct stat_columns stat_summary_columns = { "Columns of --summary", summary_cols, SCOL_N };

int stat_summary(struct cli *cli, const struct hwp_pfnlist *list)
{
	struct hwp_summary sum;
	int r = hwp_flag_summary(cli->ctx, list, &sum);
	if (r == -ENOMEM)
		return cli_env(cli, "out of memory");
	if (r < 0)
		return cli_env(cli, "cannot read /proc/kpageflags: %s", cli_strerror(-r));
	/* JSON keeps whole MiB for scripts; people read "12K" or "1.5G". */
	bool defaults[SCOL_N] = {
		[SCOL_FLAGS] = true, [SCOL_RAW] = true, [SCOL_PAGES] = true,
		[SCOL_SIZE] = !cli->json, [SCOL_MIB] = cli->json,
	};
	cli->out = out_new(cli->json, cli->quiet);
	out_u64(cli->out, "pages_scanned", "pages scanned", sum.scanned);
	out_u64(cli->out, "combinations", "flag combinations", sum.count);
	struct out_table *t = out_table_begin_view(cli->out, "summary", summary_cols, SCOL_N, defaults,
						   &cli->view);
	unsigned shift = hwp_page_shift(cli->ctx);
	for (size_t i = 0; i < sum.count; i++) {
		char names[512];
		hwp_flags_format(sum.counts[i].flags, names, sizeof(names));
		out_row(t);
		out_cell_str(t, SCOL_FLAGS, sum.counts[i].flags || cli->json ? names : "(none)");
		out_cell_u64(t, SCOL_RAW, sum.counts[i].flags);
		out_cell_u64(t, SCOL_PAGES, sum.counts[i].pages);
		uint64_t bytes = sum.counts[i].pages << shift;
		char size[32];
		cli_size_text(bytes, size, sizeof(size));
		out_cell_str(t, SCOL_SIZE, size);
		out_cell_u64(t, SCOL_MIB, bytes >> 20);
	}
	out_table_end(t, NULL);
	cli_document_end(cli);
	hwp_summary_free(&sum);
	return EXIT_OK;
}

/* The kernel's verdicts on hwpoison's own injections, by type and result. */
