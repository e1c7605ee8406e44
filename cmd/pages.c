// SPDX-License-Identifier: GPL-2.0-or-later
/* The engine shared by inject, soft-offline and unpoison: act, then report per page. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

enum { COL_PFN, COL_STATUS, COL_TYPE, COL_RESULT, COL_ERROR, COL_FLAGS, COL_WRITE, COL_FILE };

static const struct out_col page_cols[] = {
	[COL_PFN] = { "pfn", "PFN", OUT_HEX, true },
	[COL_STATUS] = { "status", "STATUS", OUT_STR, false },
	[COL_TYPE] = { "type", "TYPE", OUT_STR, false },
	[COL_RESULT] = { "result", "RESULT", OUT_STR, false },
	[COL_ERROR] = { "error", "ERROR", OUT_STR, false },
	[COL_FLAGS] = { "flags", "FLAGS", OUT_STR, false },
	[COL_WRITE] = { "write", "WRITE", OUT_STR, false },
	[COL_FILE] = { "file", "FILE", OUT_STR, false },
};

static void page_row(struct cli *cli, struct out_table *t, const struct hwp_op_opts *opts,
		     const struct hwp_page_result *res)
{
	out_row(t);
	out_cell_u64(t, COL_PFN, res->pfn);
	out_cell_str(t, COL_STATUS, hwp_status_name(res->status));
	out_cell_str(t, COL_TYPE, res->type);
	out_cell_str(t, COL_RESULT, res->result);
	char error[256] = "";
	if (res->error)
		snprintf(error, sizeof(error), "%s: %s", cli_errno_name(res->error),
			 res->reason ? res->reason : strerror(res->error));
	else if (res->reason)
		snprintf(error, sizeof(error), "%s", res->reason);
	out_cell_str(t, COL_ERROR, error);
	char flags[512];
	hwp_flags_format(res->flags_after, flags, sizeof(flags));
	out_cell_str(t, COL_FLAGS, flags);
	if (opts->dry_run && res->status == HWP_STATUS_WOULD) {
		char kpath[PATH_MAX], text[32];
		if (hwp_op_target(cli->ctx, opts, res->pfn, kpath, sizeof(kpath), text,
				  sizeof(text)) == 0) {
			out_cell_str(t, COL_WRITE, text);
			out_cell_str(t, COL_FILE, kpath);
		}
	}
}

static int run_error(struct cli *cli, const struct hwp_op_opts *opts, uint64_t pfn, int r)
{
	char kpath[PATH_MAX] = "", text[32];
	hwp_op_target(cli->ctx, opts, pfn, kpath, sizeof(kpath), text, sizeof(text));
	switch (r) {
	case -ERANGE:
		return cli_usage(cli, "pfn 0x%" PRIx64 " is past the end of memory", pfn);
	case -ENOENT:
		return cli_env(cli, "%s does not exist: this kernel lacks the interface", kpath);
	case -EACCES:
	case -EPERM:
	case -EROFS:
		return cli_env(cli, "cannot write %s: %s", kpath, strerror(-r));
	default:
		return cli_env(cli, "pfn 0x%" PRIx64 ": %s", pfn, strerror(-r));
	}
}

/* The command layer's only global: set from a signal handler, read between pages. */
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

int cli_run_pages(struct cli *cli, const struct hwp_op_opts *opts, const struct hwp_pfnlist *list)
{
	size_t ncols = opts->dry_run ? COL_FILE + 1 : (cli->verbose ? COL_FLAGS + 1 : COL_ERROR + 1);
	struct out_col cols[COL_FILE + 1];
	memcpy(cols, page_cols, sizeof(cols));
	struct out_table *t = out_table_begin(cli->out, "pages", cols, ncols);
	int rc = EXIT_OK;
	uint64_t done = 0;
	for (size_t i = 0; i < list->count && rc < EXIT_USAGE && !interrupted; i++) {
		for (uint64_t pfn = list->ranges[i].first; !interrupted; pfn++) {
			struct hwp_page_result res;
			int r = hwp_op_page(cli->ctx, opts, pfn, &res);
			if (r < 0) {
				rc = run_error(cli, opts, pfn, r);
				break;
			}
			page_row(cli, t, opts, &res);
			done++;
			if (!hwp_status_reached(res.status))
				rc = EXIT_FAIL;
			if (pfn == list->ranges[i].last)
				break;
		}
	}
	out_table_end(t, NULL);
	if (interrupted) {
		cli_err(cli, "interrupted by %s after %llu page%s", strsignal(interrupted),
			(unsigned long long)done, done == 1 ? "" : "s");
		return 128 + interrupted;
	}
	return rc;
}

int page_args_add(struct cli *cli, struct page_args *a, const char *option,
		  enum hwp_list_unit unit, const char *arg)
{
	if (a->option && strcmp(a->option, option) != 0)
		return cli_usage(cli, "%s and %s cannot be combined", a->option, option);
	a->option = option;
	return cli_parse_list(cli, option, arg, unit, &a->list);
}

int page_args_prepare(struct cli *cli, struct page_args *a, const struct hwp_op_opts *opts)
{
	int r = cli_need_admin(cli, opts->dry_run ? "reading /proc/kpageflags" : cli->cmd);
	if (r)
		return r;
	if (!hwp_kernel_supports_memory_failure(cli->ctx))
		return cli_env(cli, "this kernel has no memory-failure support (CONFIG_MEMORY_FAILURE)");
	r = cli_check_in_memory(cli, a->option, &a->list);
	if (r)
		return r;
	if (opts->dry_run)
		return 0;
	bool via_debugfs = opts->op == HWP_OP_UNPOISON ||
			   (opts->op == HWP_OP_INJECT && opts->method == HWP_METHOD_DEBUGFS);
	if (via_debugfs)
		return cli_setup_debugfs(cli, HWP_SETUP_MOUNT | HWP_SETUP_LOAD);
	char kpath[PATH_MAX], text[32];
	hwp_op_target(cli->ctx, opts, 0, kpath, sizeof(kpath), text, sizeof(text));
	if (!hwp_exists(cli->ctx, kpath))
		return cli_env(cli, "%s does not exist: this kernel lacks the interface", kpath);
	return 0;
}

void page_args_free(struct page_args *a)
{
	hwp_pfnlist_free(&a->list);
}

#define MAX_OPTIONS 32

static int run_and_print(struct cli *cli, const struct hwp_op_opts *opts,
			 const struct hwp_pfnlist *list)
{
	cli_catch_signals();
	cli->out = out_new(cli->json, cli->quiet);
	int rc = cli_run_pages(cli, opts, list);
	out_finish(cli->out);
	return rc;
}

/* A filter for this run only: set, run, and put the previous one back whatever happens. */
static int run_scoped(struct cli *cli, const struct hwp_op_opts *opts,
		      const struct hwp_pfnlist *list, const struct filter_args *fa)
{
	int rc = cli_setup_debugfs(cli, HWP_SETUP_MOUNT | HWP_SETUP_LOAD);
	if (rc)
		return rc;
	struct hwp_filter saved, scoped;
	int r = hwp_filter_read(cli->ctx, &saved);
	if (r < 0)
		return cli_env(cli, "cannot read the filter: %s", strerror(-r));
	hwp_filter_defaults(&scoped);
	scoped.has_memcg = saved.has_memcg;
	filter_args_apply(fa, &scoped);
	/* Signals are caught before the filter changes, so none can skip the restore. */
	cli_catch_signals();
	r = hwp_filter_write(cli->ctx, &scoped);
	if (r < 0) {
		hwp_filter_write(cli->ctx, &saved);
		return cli_env(cli, "cannot set the filter: %s", strerror(-r));
	}
	cli_info(cli, "filter set for this run");
	rc = run_and_print(cli, opts, list);
	r = hwp_filter_write(cli->ctx, &saved);
	if (r < 0) {
		cli_err(cli, "cannot restore the previous filter: %s (see 'hwpoison filter show')",
			strerror(-r));
		return EXIT_ENV;
	}
	cli_info(cli, "previous filter restored");
	return rc;
}

int page_command_main(struct cli *cli, int argc, char **argv, struct page_command *pc)
{
	enum { OPT_PFN = OPT_CMD_BASE + 64, OPT_ADDR, OPT_DRY_RUN };
	static const struct option shared[] = {
		COMMON_LONGOPTS,
		{ "pfn", required_argument, NULL, OPT_PFN },
		{ "addr", required_argument, NULL, OPT_ADDR },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	};
	static const struct option scope[] = { FILTER_LONGOPTS };
	struct option longopts[MAX_OPTIONS] = { { NULL, 0, NULL, 0 } };
	size_t n = 0;
	for (size_t i = 0; i < sizeof(shared) / sizeof(shared[0]); i++)
		longopts[n++] = shared[i];
	for (size_t i = 0; pc->scoped_filter && i < sizeof(scope) / sizeof(scope[0]); i++)
		longopts[n++] = scope[i];
	for (const struct option *o = pc->options; o && o->name && n < MAX_OPTIONS - 1; o++)
		longopts[n++] = *o;

	struct hwp_op_opts opts = { .op = pc->op, .method = HWP_METHOD_DEBUGFS };
	struct page_args args = { .option = NULL };
	struct filter_args fa = { .memcg = false };
	int c, rc = 0;
	while ((c = cli_getopt(cli, argc, argv, COMMON_SHORTOPTS, longopts)) != -1) {
		switch (c) {
		case OPT_MEMCG:
		case OPT_DEV:
		case OPT_FLAGS:
			rc = filter_args_option(cli, &fa, c, optarg);
			break;
		case OPT_PFN:
			rc = page_args_add(cli, &args, "--pfn", HWP_UNIT_PFN, optarg);
			break;
		case OPT_ADDR:
			rc = page_args_add(cli, &args, "--addr", HWP_UNIT_ADDRESS, optarg);
			break;
		case OPT_DRY_RUN:
			opts.dry_run = true;
			break;
		default:
			rc = cli_common_opt(cli, c, argv, pc->usage);
			if (rc == -1)
				rc = pc->option ? pc->option(cli, c, optarg, &opts, &args) : EXIT_USAGE;
			else if (rc == CLI_CONTINUE)
				rc = 0;
			else
				goto done; /* --help printed, or a usage error */
		}
		if (rc)
			goto done;
	}
	if (optind < argc) {
		rc = cli_usage(cli, "unexpected argument '%s'", argv[optind]);
		goto done;
	}
	if ((rc = filter_args_check(cli, &fa)))
		goto done;
	if (args.all && args.option) {
		rc = cli_usage(cli, "--all cannot be combined with %s", args.option);
		goto done;
	}
	if (!args.all && !args.option) {
		rc = cli_usage(cli, "missing --pfn or --addr%s (try 'hwpoison %s --help')",
			       pc->collect ? " or --all" : "", cli->cmd);
		goto done;
	}
	if (args.all) {
		args.option = "--all";
		rc = cli_need_admin(cli, cli->cmd);
		if (rc == 0)
			rc = pc->collect(cli, &args);
		if (rc)
			goto done;
	}
	rc = page_args_prepare(cli, &args, &opts);
	if (rc == 0 && filter_args_any(&fa) && !opts.dry_run)
		rc = run_scoped(cli, &opts, &args.list, &fa);
	else if (rc == 0)
		rc = run_and_print(cli, &opts, &args.list);
done:
	page_args_free(&args);
	return rc;
}
