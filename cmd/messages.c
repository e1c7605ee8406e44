// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one line a command says on stderr, and the words it uses for errnos
 * and refusals; errors are kept for the JSON document.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "output.h"

/* One line on stderr; an error is also kept for the JSON document (--json). */
static void vmessage(struct cli *cli, bool error, const char *fmt, va_list ap)
{
	char text[512];
	vsnprintf(text, sizeof(text), fmt, ap);
	fflush(stdout);
	if (cli->cmd)
		fprintf(stderr, "hwpoison %s: %s\n", cli->cmd, text);
	else
		fprintf(stderr, "hwpoison: %s\n", text);
	if (error)
		snprintf(cli->error, sizeof(cli->error), "%s", text);
}

void cli_document_end(struct cli *cli)
{
	out_finish(cli->out);
	cli->out = NULL;
	cli->document = true;
}

void cli_err(struct cli *cli, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(cli, false, fmt, ap);
	va_end(ap);
}

int cli_usage(struct cli *cli, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(cli, true, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

int cli_env(struct cli *cli, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(cli, true, fmt, ap);
	va_end(ap);
	return EXIT_ENV;
}

void cli_info(struct cli *cli, const char *fmt, ...)
{
	if (!cli->verbose)
		return;
	va_list ap;
	va_start(ap, fmt);
	vmessage(cli, false, fmt, ap);
	va_end(ap);
}

const char *cli_distrust_words(const struct hwp_distrusted *bad)
{
	static char words[64];
	switch (bad->why) {
	case HWP_DISTRUST_OWNER:
		snprintf(words, sizeof(words), "is owned by uid %u", bad->uid);
		return words;
	case HWP_DISTRUST_WRITABLE:
		return "is writable by others";
	case HWP_DISTRUST_LINK:
		return "is a symbolic link";
	default:
		return "cannot be trusted";
	}
}

const char *cli_strerror(int err)
{
	if (err == EXDEV)
		return "refused: a link, a file of another user's, or a file outside the kernel's "
		       "interface stands where hwpoison writes";
	return strerror(err);
}

void cli_journal_lost(struct cli *cli, uint64_t lost)
{
	if (lost)
		cli_err(cli, "warning: %" PRIu64 " bytes of the journal in /run/hwpoison could not be "
			"read (a poisoned page of the file?): the records there are lost, every other "
			"record was read", lost);
}

const char *cli_errno_name(int err)
{
	const char *name = strerrorname_np(err);
	return name ? name : "EUNKNOWN";
}

void cli_size_text(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	if (bytes < 1024) {
		snprintf(buf, len, "%" PRIu64 "B", bytes);
		return;
	}
	double v = (double)bytes / 1024;
	size_t u = 0;
	while (v >= 1024 && u + 1 < sizeof(units) - 1) {
		v /= 1024;
		u++;
	}
	/* As lsblk: one decimal where it says something, none for whole numbers. */
	if (v < 10 && v != (double)(uint64_t)v)
		snprintf(buf, len, "%.1f%c", v, units[u]);
	else
		snprintf(buf, len, "%.0f%c", v, units[u]);
}
