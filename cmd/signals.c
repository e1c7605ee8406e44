// SPDX-License-Identifier: GPL-2.0-or-later
/* SIGINT and SIGTERM end a run between pages, never in the middle of one. */
#include <signal.h>

#include "cli.h"

/* The one flag set from a signal handler, read between pages. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

void cli_catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocked read or wait returns so the run can stop. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int cli_interrupted(void)
{
	return interrupted;
}

const volatile sig_atomic_t *cli_stop_flag(void)
{
	return &interrupted;
}
