/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The filter's criteria from the command line (filter_args.c): filter set, and a run's scope. */
#ifndef HWPOISON_FILTER_ARGS_H
#define HWPOISON_FILTER_ARGS_H

#include "cli.h"

struct filter_args {
	bool memcg, dev, flags, mask, value;   /* which were given */
	uint64_t memcg_ino;
	uint32_t dev_major, dev_minor;
	uint64_t flags_mask, flags_value;
};
/* Handle one filter option: 0, an exit code, or CLI_NOT_MINE. */
int filter_args_option(struct cli *cli, struct filter_args *fa, int c, const char *arg);
bool filter_args_any(const struct filter_args *fa);
/* Cross-option checks once all options are read. */
int filter_args_check(struct cli *cli, const struct filter_args *fa);
void filter_args_apply(const struct filter_args *fa, struct hwp_filter *filter);
/* The filter's criteria in words: "cgroup any, device any, flags lru,~anon". */
void cli_filter_words(struct cli *cli, const struct hwp_filter *f, char *buf, size_t len);
/* Print the filter, decoded (cgroup path, mount, flag names). */
void cli_print_filter(struct cli *cli, const struct hwp_filter *filter);
/* Its fields with the kernel's values beside the decoded ones (-v, JSON). */
void cli_filter_fields(struct cli *cli, const struct hwp_filter *filter);
/* Report a bad flag expression, with the closest names: EXIT_USAGE. */
int cli_bad_flags(struct cli *cli, const char *option, const char *bad, size_t len);

#endif
