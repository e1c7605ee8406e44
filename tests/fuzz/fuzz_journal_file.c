// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The whole journal file as hwp_journal_scan reads it (the reader that skips
 * unreadable regions): lines of any length, none at the end, NUL bytes,
 * records cut anywhere. Every record handed over was one whole line, and a
 * file that reads without error loses nothing.
 */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static int count_entry(const struct hwp_journal_entry *e, void *data)
{
	FUZZ_ASSERT(strcmp(hwp_status_name(e->status), "unknown") != 0);
	(*(size_t *)data)++;
	return 0;
}

static char journal_root_dir[64];

static void journal_root_remove(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", journal_root_dir);
	if (system(cmd) != 0)
		return;
}

/* A fixture root of this process's, made once; its journal is rewritten for each input. */
static const char *journal_root(void)
{
	if (!journal_root_dir[0]) {
		const char *root = journal_root_dir;
		snprintf(journal_root_dir, sizeof(journal_root_dir), "/tmp/hwp-fuzz-journal-%d",
			 (int)getpid());
		char cmd[384];
		snprintf(cmd, sizeof(cmd), "mkdir -p %s/run/hwpoison && chmod 755 %s %s/run %s/run/hwpoison",
			 root, root, root, root);
		if (system(cmd) != 0)
			abort();
		atexit(journal_root_remove);
	}
	return journal_root_dir;
}

FUZZ_ENTRY(journal_file)
{
	const char *root = journal_root();
	char path[128];
	snprintf(path, sizeof(path), "%s/run/hwpoison/journal", root);
	FILE *f = fopen(path, "w");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		abort();
	struct hwp_ctx *ctx;
	if (hwp_ctx_new(root, &ctx) < 0)
		abort();
	size_t records = 0, lines = 0;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	uint64_t lost = 1;
	FUZZ_ASSERT(hwp_journal_scan(ctx, count_entry, &records, &lost) == 0);
	FUZZ_ASSERT(lost == 0);
	FUZZ_ASSERT(records <= lines);
	hwp_ctx_free(ctx);
	return 0;
}
