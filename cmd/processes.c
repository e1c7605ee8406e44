// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Processes and failed pages, for people and scripts: whom the kernel
 * signalled when a page failed (a cell of the page table), and who still
 * maps a poisoned page (a table of its own).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "processes.h"

enum { KILL_PID, KILL_COMM, KILL_KIND, KILL_SIGNAL, KILL_CODE, KILL_N };
static const struct out_col kill_fields[KILL_N] = {
	[KILL_PID] = { "pid", "PID", OUT_NUM, true },
	[KILL_COMM] = { "comm", "COMM", OUT_STR, false },
	[KILL_KIND] = { "kill", "KILL", OUT_STR, false },
	[KILL_SIGNAL] = { "signal", "SIGNAL", OUT_STR, false },
	[KILL_CODE] = { "code", "CODE", OUT_STR, false },
};

/* What the process gets, in the words people read in the table. */
static const char *kill_words(enum hwp_kill_kind kind)
{
	switch (kind) {
	case HWP_KILL_EARLY:
		return "SIGBUS now";
	case HWP_KILL_FORCED:
		return "SIGKILL";
	case HWP_KILL_LATE:
		return "SIGBUS on touch";
	default:
		return "SIGBUS";
	}
}

void processes_cell(struct out_table *t, size_t col, const struct hwp_kills *kills)
{
	char pids[HWP_KILLS_MAX][16], words[HWP_KILLS_MAX * 64 + 32] = "";
	const char *values[HWP_KILLS_MAX * KILL_N];
	size_t used = 0;
	for (unsigned i = 0; i < kills->n; i++) {
		const struct hwp_kill *k = &kills->k[i];
		snprintf(pids[i], sizeof(pids[i]), "%d", k->pid);
		const char **v = &values[i * KILL_N];
		v[KILL_PID] = pids[i];
		v[KILL_COMM] = k->comm;
		v[KILL_KIND] = hwp_kill_kind_name(k->kind);
		v[KILL_SIGNAL] = hwp_kill_signal(k->kind);
		v[KILL_CODE] = hwp_kill_code(k->kind);
		used += (size_t)snprintf(words + used, sizeof(words) - used, "%s%s:%d %s", i ? ", " : "",
					 k->comm, k->pid, kill_words(k->kind));
	}
	if (kills->more)
		snprintf(words + used, sizeof(words) - used, " and %u more", kills->more);
	out_cell_records(t, col, kill_fields, KILL_N, values, kills->n, words);
}

static int add_holder(const struct hwp_holder *h, void *data)
{
	struct holders *hs = data;
	struct hwp_holder *grown = realloc(hs->h, (hs->n + 1) * sizeof(*hs->h));
	if (!grown)
		return -ENOMEM;
	hs->h = grown;
	hs->h[hs->n++] = *h;
	return 0;
}

void holders_find(struct cli *cli, const struct hwp_pfnlist *pfns, struct holders *ret)
{
	*ret = (struct holders){ NULL, 0, 0, 0 };
	int r = hwp_poison_holders(cli->ctx, pfns, add_holder, ret, &ret->unread);
	ret->error = r < 0 ? r : 0;
}

void holders_unread_words(const struct holders *hs, char *buf, size_t len)
{
	buf[0] = '\0';
	if (hs->unread)
		snprintf(buf, len, "%zu mapping%s too large to read without PAGEMAP_SCAN (Linux 6.7) "
			 "%s not checked", hs->unread, hs->unread == 1 ? "" : "s",
			 hs->unread == 1 ? "was" : "were");
}

void holders_free(struct holders *hs)
{
	free(hs->h);
	*hs = (struct holders){ NULL, 0, 0, 0 };
}

enum { HOLDER_PID, HOLDER_COMM, HOLDER_VADDR, HOLDER_PFN, HOLDER_N };
static const struct out_col holder_cols[HOLDER_N] = {
	[HOLDER_PID] = { "pid", "PID", OUT_NUM, true },
	[HOLDER_COMM] = { "comm", "COMM", OUT_STR, false },
	[HOLDER_VADDR] = { "vaddr", "VADDR", OUT_HEX, true },
	[HOLDER_PFN] = { "pfn", "PFN", OUT_HEX, true },
};

void holders_table(struct cli *cli, const struct holders *hs)
{
	struct out_table *t = out_table_begin(cli->out, "holders", holder_cols, HOLDER_N);
	for (size_t i = 0; i < hs->n; i++) {
		out_row(t);
		out_cell_u64(t, HOLDER_PID, (uint64_t)hs->h[i].pid);
		out_cell_str(t, HOLDER_COMM, hs->h[i].comm);
		out_cell_u64(t, HOLDER_VADDR, hs->h[i].vaddr);
		out_cell_u64(t, HOLDER_PFN, hs->h[i].pfn);
	}
	char title[256];
	snprintf(title, sizeof(title), "%zu process%s still map%s a poisoned page: SIGBUS when %s "
		 "the address, until %s it or restarts:", hs->n, hs->n == 1 ? "" : "es",
		 hs->n == 1 ? "s" : "", hs->n == 1 ? "it touches" : "they touch",
		 hs->n == 1 ? "it unmaps" : "they unmap");
	out_table_end(t, hs->n ? title : NULL);
}
