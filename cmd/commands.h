/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The commands, as the dispatcher (main.c) runs each: read the options into
 * the command's state, check what needs no set-up, then, once the
 * dispatcher has provided what the command needs (enum cli_needs), act.
 */
#ifndef HWPOISON_COMMANDS_H
#define HWPOISON_COMMANDS_H

#include <stddef.h>

#include "cli.h"

struct command_ops {
	size_t state_size;
	/* argv[0] is the command's name: 0, an exit code, or CLI_STOP (--help). */
	int (*parse)(struct cli *cli, int argc, char **argv, void *state);
	/* Input that can only be checked on the machine (a process, a file): may be NULL. */
	int (*check)(struct cli *cli, void *state);
	int (*run)(struct cli *cli, void *state);
	void (*free)(void *state);   /* may be NULL */
};

extern const struct command_ops inject_ops, soft_offline_ops, unpoison_ops, stat_ops, filter_ops,
	events_ops;

#endif
