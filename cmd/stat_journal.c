// SPDX-License-Identifier: GPL-2.0-or-later
/* stat --journal: every page hwpoison acted on since boot, and how many it left poisoned. */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "processes.h"
#include "stat.h"

enum { JCOL_TIME, JCOL_PID, JCOL_COMMAND, JCOL_METHOD, JCOL_PFN, JCOL_STATUS, JCOL_TYPE,
       JCOL_RESULT, JCOL_TARGET, JCOL_PROCESSES, JCOL_N };
static const struct out_col journal_cols[JCOL_N] = {
	[JCOL_TIME] = { "time", "TIME", OUT_STR, false },
	/* The hwpoison process that wrote the record, not the target's. */
	[JCOL_PID] = { "hwpoison_pid", "HWPOISON_PID", OUT_NUM, true },
	[JCOL_COMMAND] = { "command", "COMMAND", OUT_STR, false },
	[JCOL_METHOD] = { "method", "METHOD", OUT_STR, false },
	[JCOL_PFN] = { "pfn", "PFN", OUT_HEX, true },
	[JCOL_STATUS] = { "status", "STATUS", OUT_STR, false },
	[JCOL_TYPE] = { "type", "TYPE", OUT_STR, false },
	[JCOL_RESULT] = { "result", "RESULT", OUT_STR, false },
	[JCOL_TARGET] = { "target", "TARGET", OUT_STR, false },
	/* As the record knew them: whom the kernel signalled, and the named process's fate. */
	[JCOL_PROCESSES] = { "processes", "PROCESSES", OUT_RECORDS, false },
};
/* Which process wrote a record is there for -o and JSON; what named the page is shown. */
static const bool journal_defaults[JCOL_N] = {
	[JCOL_TIME] = true, [JCOL_COMMAND] = true, [JCOL_METHOD] = true, [JCOL_PFN] = true,
	[JCOL_STATUS] = true, [JCOL_TYPE] = true, [JCOL_RESULT] = true, [JCOL_TARGET] = true,
	[JCOL_PROCESSES] = true,
};

struct journal_listing {
	struct out_table *t;
	uint64_t records;
};

static int journal_row(const struct hwp_journal_entry *e, void *data)
{
	struct journal_listing *st = data;
	/* UTC with microseconds, RFC 3339: sortable, and the same on every machine. */
	time_t sec = (time_t)e->time_sec;
	struct tm tm;
	char when[80] = "";
	if (gmtime_r(&sec, &tm)) {
		char day[32];
		strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(when, sizeof(when), "%s.%06ldZ", day, e->time_nsec / 1000);
	}
	out_row(st->t);
	out_cell_str(st->t, JCOL_TIME, when);
	out_cell_u64(st->t, JCOL_PID, (uint64_t)e->pid);
	out_cell_str(st->t, JCOL_COMMAND, hwp_op_name(e->op));
	out_cell_str(st->t, JCOL_METHOD, hwp_method_string(e->method));
	out_cell_u64(st->t, JCOL_PFN, e->pfn);
	out_cell_str(st->t, JCOL_STATUS, hwp_status_name(e->status));
	out_cell_str(st->t, JCOL_TYPE, e->type);
	out_cell_str(st->t, JCOL_RESULT, e->result);
	char target[HWP_TARGET_LEN];
	hwp_target_format(&e->target, target, sizeof(target));
	out_cell_str(st->t, JCOL_TARGET, target);
	processes_cell(st->t, JCOL_PROCESSES, &e->kills);
	st->records++;
	return 0;
}

const struct stat_columns stat_journal_columns = { "Columns of --journal", journal_cols, JCOL_N };

int stat_journal(struct cli *cli)
{
	struct hwp_pfnlist ours = { .count = 0 };
	uint64_t lost = 0;
	int r = hwp_journal_ours(cli->ctx, &ours, &lost);
	if (r < 0)
		return cli_env(cli, "cannot read the journal in /run/hwpoison: %s", cli_strerror(-r));
	uint64_t still = hwp_pfnlist_pages(&ours);
	hwp_pfnlist_free(&ours);
	cli->out = out_new(cli->json, cli->quiet);
	const bool *defaults = cli->json ? NULL : journal_defaults;
	struct journal_listing st = {
		.t = out_table_begin_view(cli->out, "journal", journal_cols, JCOL_N, defaults, &cli->view),
	};
	r = hwp_journal_scan(cli->ctx, journal_row, &st, &lost);
	char title[128];
	snprintf(title, sizeof(title), "Journal: %" PRIu64 " record%s; %" PRIu64 " page%s still "
		 "poisoned by hwpoison", st.records, st.records == 1 ? "" : "s", still,
		 still == 1 ? " is" : "s are");
	out_table_end(st.t, title);
	out_u64(cli->out, "poisoned_by_hwpoison", "poisoned by hwpoison", still);
	if (lost)
		out_u64(cli->out, "journal_lost_bytes", "journal lost (bytes)", lost);
	cli_journal_lost(cli, lost);
	cli_document_end(cli);
	if (r < 0)
		return cli_env(cli, "cannot read the journal in /run/hwpoison: %s", cli_strerror(-r));
	return EXIT_OK;
}
