// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A page command as the dispatcher runs it: read the request and say what
 * it needs set up; check it (after collecting the pages unpoison --all and
 * --journal name); once set up, scope the filter to the run and run it.
 */
#include "pages.h"

int page_command_parse(struct cli *cli, int argc, char **argv, const struct page_command *pc,
		       struct page_request *req)
{
	req->pc = pc;
	int rc = page_request_parse(cli, argc, argv, pc, req);
	if (rc)
		return rc;
	if (req->args.all)
		req->args.option = req->args.journal ? "--journal" : "--all";
	/* A dry run reads page flags and writes nothing: it needs nothing set up. */
	cli->admin_what = req->opts.dry_run && !req->args.all ? "reading /proc/kpageflags" : cli->cmd;
	const struct hwp_method_info *m = hwp_method_of(req->opts.op, req->opts.method);
	if (!req->opts.dry_run && (m->debugfs || filter_args_any(&req->filter)))
		cli->needs |= m->machine_check ? NEEDS_MCE_INJECT : NEEDS_HWPOISON_INJECT;
	return 0;
}

int page_command_check(struct cli *cli, void *state)
{
	struct page_request *req = state;
	int rc = req->args.all ? req->pc->collect(cli, &req->args) : 0;
	if (rc == 0 && req->args.guest.socket)
		rc = page_guest_open(cli, &req->args, &req->opts);
	return rc ? rc : page_request_check(cli, req);
}

/* The filter for a run with --memcg, --dev or --flags: the kernel's defaults plus those. */
static void scoped_filter(struct page_request *req)
{
	hwp_filter_defaults(&req->scoped_filter);
	filter_args_apply(&req->filter, &req->scoped_filter);
	req->scoped = true;
}

int page_command_run(struct cli *cli, void *state)
{
	struct page_request *req = state;
	int rc = page_request_ready(cli, req);
	if (rc)
		return rc;
	if (filter_args_any(&req->filter) && !req->opts.dry_run)
		scoped_filter(req);
	return run_pages(cli, req);
}

void page_command_free(void *state)
{
	struct page_request *req = state;
	page_args_free(&req->args);
}
