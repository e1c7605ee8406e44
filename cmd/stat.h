/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stat's parts, each in a file of its own. */
#ifndef HWPOISON_STAT_H
#define HWPOISON_STAT_H

#include "cli.h"

/* stat's machine-check fields (stat_mce.c); admin: the journal can be read. */
void stat_machine_checks(struct cli *cli, struct out *o, bool admin);

#endif
