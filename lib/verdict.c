// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel's verdict on a page: the ras:memory_failure_event tracepoint,
 * opened before the first write so no event is missed, or the kernel log
 * where the tracepoint is not there; and from the log, whom it signalled.
 * The verdict is a bonus: without it the page is still acted on.
 */
#include <stdio.h>

#include "internal.h"

static int skip_event(const struct hwp_event *e, void *data)
{
	(void)e, (void)data;
	return 0;
}

bool hwp_verdict_take(const struct hwp_event *e, struct hwp_page_result *res)
{
	if (!e->memory_failure || e->pfn != res->pfn)
		return false;
	/* A value this kernel's format file does not name is shown as its number. */
	if (e->type)
		snprintf(res->type, sizeof(res->type), "%s", e->type);
	else
		snprintf(res->type, sizeof(res->type), "type %lld", (long long)e->type_value);
	if (e->result)
		snprintf(res->result, sizeof(res->result), "%s", e->result);
	else
		snprintf(res->result, sizeof(res->result), "result %lld", (long long)e->result_value);
	res->verdict_source = "tracepoint";
	return true;
}

static int match_verdict(const struct hwp_event *e, void *res)
{
	hwp_verdict_take(e, res);
	return 0;
}

static void release(struct hwp_ctx *ctx)
{
	hwp_kmsg_close(ctx->kmsg);
	hwp_events_close(ctx->verdicts);
	ctx->kmsg = NULL;
	ctx->verdicts = NULL;
}

/*
 * The kernel signals only processes that use the page: none for a free
 * one, the bulk of a long run, which so skips reading the log.
 */
static bool may_have_users(uint64_t flags)
{
	return !(flags & HWP_KPF_BIT(HWP_KPF_BUDDY));
}

void hwp_verdict_sources_arm(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t flags,
			     struct hwp_verdict_sources *v)
{
	enum hwp_op op = opts->op;
	ctx->release_verdicts = release;
	*v = (struct hwp_verdict_sources){ NULL, NULL };
	bool machine_check = hwp_opts_method(opts)->machine_check;
	if (op == HWP_OP_INJECT) {
		if (!ctx->verdicts && !ctx->verdicts_failed) {
			/* Machine checks are waited for (poll); the others' verdicts are there after the write. */
			struct hwp_events_opts eo = {
				.memory_failure = true, .memory_failure_only = true,
				.mce_records = machine_check,
				.no_wakeup = !machine_check,
			};
			if (hwp_events_open(ctx, &eo, &ctx->verdicts, NULL) < 0)
				ctx->verdicts_failed = true;
		}
		v->events = ctx->verdicts;
	}
	/* The log: the verdict where there is no tracepoint, and whom inject's failure signalled. */
	bool for_kills = op == HWP_OP_INJECT;
	if (op != HWP_OP_UNPOISON && (!v->events || for_kills)) {
		if (!ctx->kmsg && !ctx->kmsg_failed && hwp_kmsg_open(ctx, &ctx->kmsg) < 0)
			ctx->kmsg_failed = true;
		if (!v->events || may_have_users(flags))
			v->kmsg = ctx->kmsg;
	}
	/* Only what this write causes is ours. */
	if (v->events)
		hwp_events_read(v->events, skip_event, NULL);
	if (v->kmsg)
		hwp_kmsg_drain(v->kmsg);
}

void hwp_verdict_collect(const struct hwp_verdict_sources *v, struct hwp_page_result *res)
{
	if (v->events)
		hwp_events_read(v->events, match_verdict, res);
	if (v->kmsg)
		hwp_kmsg_collect(v->kmsg, res);
}
