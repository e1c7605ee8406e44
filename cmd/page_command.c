// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A page command from its words to its exit code: read the request, collect
 * the pages it names (unpoison --all, --journal), check the machine can do
 * it, scope the filter to the run, run it.
 */
#include "pages.h"

/* The filter for a run with --memcg, --dev or --flags: the kernel's defaults plus those. */
static int scoped_filter(struct cli *cli, struct page_request *pr)
{
	int rc = cli_setup_debugfs(cli, HWP_SETUP_MOUNT | HWP_SETUP_LOAD);
	if (rc)
		return rc;
	hwp_filter_defaults(&pr->scoped_filter);
	filter_args_apply(&pr->filter, &pr->scoped_filter);
	pr->scoped = true;
	return 0;
}

int page_command_main(struct cli *cli, int argc, char **argv, const struct page_command *pc)
{
	struct page_request pr = { .args = { .option = NULL } };
	int rc = page_request_parse(cli, argc, argv, pc, &pr);
	if (rc == 0 && pr.args.all) {
		pr.args.option = pr.args.journal ? "--journal" : "--all";
		rc = cli_need_admin(cli, cli->cmd);
		if (rc == 0)
			rc = pc->collect(cli, &pr.args);
	}
	if (rc == 0)
		rc = page_request_ready(cli, &pr);
	if (rc == 0 && filter_args_any(&pr.filter) && !pr.opts.dry_run)
		rc = scoped_filter(cli, &pr);
	if (rc == 0)
		rc = run_pages(cli, &pr);
	page_args_free(&pr.args);
	return rc == CLI_STOP ? EXIT_OK : rc;
}
