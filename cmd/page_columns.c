// SPDX-License-Identifier: GPL-2.0-or-later
/* The per-page table of inject, soft-offline and unpoison: its columns, their check and help. */
#include <stdio.h>

#include "options.h"
#include "pages.h"

const struct out_col page_cols[NCOLS] = {
	[COL_GPA] = { "gpa", "GPA", OUT_HEX, true },
	[COL_HVA] = { "hva", "HVA", OUT_HEX, true },
	[COL_PFN] = { "pfn", "PFN", OUT_HEX, true },
	[COL_VADDR] = { "vaddr", "VADDR", OUT_HEX, true },
	[COL_OFFSET] = { "offset", "OFFSET", OUT_NUM, true },
	[COL_NEW_PFN] = { "new_pfn", "NEW_PFN", OUT_HEX, true },
	[COL_STATUS] = { "status", "STATUS", OUT_STR, false },
	[COL_TYPE] = { "type", "TYPE", OUT_STR, false },
	[COL_RESULT] = { "result", "RESULT", OUT_STR, false },
	[COL_ERROR] = { "error", "ERROR", OUT_STR, false },
	[COL_PROCESSES] = { "processes", "PROCESSES", OUT_RECORDS, false },
	[COL_DIRTY] = { "dirty", "DIRTY", OUT_BOOL, false },
	[COL_READER] = { "reader", "READER", OUT_STR, false },
	[COL_ERRORS] = { "errors", "ERRORS", OUT_NUM, true },
	[COL_THRESHOLD] = { "cec_threshold", "CEC_THRESHOLD", OUT_NUM, true },
	[COL_NOTE] = { "note", "NOTE", OUT_STR, false },
	[COL_SOURCE] = { "verdict_source", "VERDICT_SOURCE", OUT_STR, false },
	[COL_FLAGS] = { "flags", "FLAGS", OUT_WORDS, false },
	[COL_WRITE] = { "write", "WRITE", OUT_STR, false },
	[COL_FILE] = { "file", "FILE", OUT_STR, false },
};

int page_columns_check(struct cli *cli)
{
	return cli_check_columns(cli, page_cols, NCOLS);
}

void page_columns_help(void)
{
	cli_columns_help("Columns", page_cols, NCOLS);
}
