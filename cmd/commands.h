/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The commands, for the dispatcher's table (main.c). argv[0] is the command's name. */
#ifndef HWPOISON_COMMANDS_H
#define HWPOISON_COMMANDS_H

#include "cli.h"

int cmd_inject(struct cli *cli, int argc, char **argv);
int cmd_soft_offline(struct cli *cli, int argc, char **argv);
int cmd_unpoison(struct cli *cli, int argc, char **argv);
int cmd_stat(struct cli *cli, int argc, char **argv);
int cmd_filter(struct cli *cli, int argc, char **argv);
int cmd_events(struct cli *cli, int argc, char **argv);

#endif
