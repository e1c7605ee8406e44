/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command layer's context and its one return convention.
 *
 * Every function in cmd/ that can end a command returns an exit code, 0
 * meaning "go on" (and, at the end, success); anything else is the
 * command's exit code, returned after the function printed the one line
 * that explains it. Option handlers may also return CLI_NOT_MINE (an
 * option they do not handle: ask the next handler) or CLI_STOP (done,
 * successfully: --help was printed). Negative errnos come only from the
 * library, and are turned into an exit code where they are received.
 */
#ifndef HWPOISON_CLI_H
#define HWPOISON_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "hwpoison/hwpoison.h"
#include "output.h"

enum {
	EXIT_OK = 0,     /* every page reached the state asked for */
	EXIT_FAIL = 1,   /* some page did not */
	EXIT_USAGE = 2,  /* bad input */
	EXIT_ENV = 3,    /* environment or privilege */
};
enum {
	CLI_NOT_MINE = -1,   /* an option handler does not know the option */
	CLI_STOP = -2,       /* done, successfully (--help) */
	CLI_NO_PAGE = -3,    /* a named address has no page behind it */
};

struct cli {
	const char *cmd;      /* "inject", for messages */
	char **argv;          /* the words cli_getopt reads, for messages */
	bool json, quiet, verbose, no_mount, no_load;
	struct hwp_ctx *ctx;
	struct out *out;
	char error[512];      /* the last error (cli_usage, cli_env), for --json */
	struct out_view_opts view;   /* -o, --output-all, -n, -r */
	bool document;        /* a JSON document (or a table) was written */
	bool measure;         /* HWPOISON_PEAK_MEMORY=1: report what a run cost (bench/, tests/vm) */
	const char *lockdown; /* what lockdown leaves of this command, in words (NULL: nothing to say) */
	unsigned needs;       /* enum cli_needs: what the dispatcher sets up before the command runs */
	const char *admin_what;   /* what needs the privilege, for the refusal: "the hwpoison filter" */
};

/*
 * What a command needs of the machine. The command table (main.c) states it
 * and the dispatcher provides it between reading the options and acting;
 * a command's options may add to it (a method's interface, a mode's).
 */
enum cli_needs {
	NEEDS_ADMIN = 1 << 0,            /* CAP_SYS_ADMIN (cli.admin_what names why) */
	NEEDS_MEMORY_FAILURE = 1 << 1,   /* a kernel with CONFIG_MEMORY_FAILURE */
	NEEDS_HWPOISON_INJECT = 1 << 2,  /* debugfs mounted, hwpoison_inject loaded */
	NEEDS_MCE_INJECT = 1 << 3,       /* debugfs mounted, mce-inject loaded */
	NEEDS_TRACEFS = 1 << 4,          /* debugfs mounted, for tracefs under it; no module */
};

/* ---- messages (messages.c) ---- */

void cli_err(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One line naming the bad input, and EXIT_USAGE. */
int cli_usage(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One line naming the missing piece of the environment, and EXIT_ENV. */
int cli_env(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Said only under --verbose. */
void cli_info(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* End the command's output document (out_finish) and remember it was written. */
void cli_document_end(struct cli *cli);
/* "EBUSY". */
const char *cli_errno_name(int err);
/* strerror, with words for hwpoison's own refusals (EXDEV: a write it will not make). */
const char *cli_strerror(int err);
/* "is owned by uid 1000", "is writable by others", "is a symbolic link". */
const char *cli_distrust_words(const struct hwp_distrusted *bad);
/* A warning when reading the journal lost bytes to an unreadable region; nothing when 0. */
void cli_journal_lost(struct cli *cli, uint64_t lost);
/* A size for people, as lsblk prints it: "4K", "1.5M", "880M". */
void cli_size_text(uint64_t bytes, char *buf, size_t len);

/* ---- signals (signals.c) ---- */

/* SIGINT and SIGTERM stop a run between pages; 0 while not interrupted. */
void cli_catch_signals(void);
int cli_interrupted(void);
/* The flag the handler sets, for the library's waits. */
const volatile sig_atomic_t *cli_stop_flag(void);

/* ---- what the machine must offer (environment.c) ---- */

/* The privilege and the kernel support cli->needs asks for: 0 or EXIT_ENV. */
int cli_require(struct cli *cli);
/* Mount debugfs and load the modules cli->needs asks for (--no-mount, --no-load): 0 or EXIT_ENV. */
int cli_set_up(struct cli *cli);

/* Refuse early without CAP_SYS_ADMIN: EXIT_ENV, or 0. */
int cli_need_admin(struct cli *cli, const char *what);
/* Every pfn of list lies inside memory: EXIT_USAGE naming the first that does not. */
int cli_check_in_memory(struct cli *cli, const char *option, const struct hwp_pfnlist *list);
/* Mount debugfs and load the module as allowed; EXIT_ENV with the reason. */
int cli_setup_debugfs(struct cli *cli, unsigned flags);
/* The same for mce-inject (--no-mount and --no-load respected). */
int cli_setup_mce(struct cli *cli);

#endif
