// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One page through a machine check: raise it with mce-inject, then wait
 * for the kernel, which acts later, in a worker: the #MC handler queues
 * memory_failure() for an action-optional error, and the corrected-error
 * collector queues a soft offline when a page reaches its threshold. The
 * wait is bounded; the records the kernel logs (mce:mce_record) say when
 * every error has been seen.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define WAIT_MS 5000         /* for the kernel's worker, under emulation too */
#define IN_FLIGHT 16         /* records written but not yet logged: the kernel's pool holds ~60 */

int hwp_mce_target(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t pfn,
		   char *kpath, size_t kpath_len, char *text, size_t text_len)
{
	struct hwp_mce_registers regs;
	int r = hwp_mce_registers(hwp_cpu_vendor(ctx), opts->method, pfn << ctx->page_shift, &regs);
	if (r == 0)
		r = hwp_debugfs_path(ctx, "mce-inject/", kpath, kpath_len);
	if (r < 0)
		return r;
	char times[32] = "";
	if (opts->method == HWP_METHOD_MCE_CE && opts->errors)
		snprintf(times, sizeof(times), "%" PRIu64 "x ", opts->errors);
	snprintf(text, text_len, "%sflags=%s status=0x%" PRIx64 " addr=0x%" PRIx64 " misc=0x%" PRIx64
		 " bank=%u", times, regs.hw ? "hw" : "sw", regs.status, regs.addr, regs.misc, regs.bank);
	return 0;
}

struct mce_wait {
	struct hwp_page_result *res;
	unsigned page_shift;
	uint64_t records;    /* machine-check records logged for the page */
	bool verdict;
};

static int on_event(const struct hwp_event *e, void *data)
{
	struct mce_wait *w = data;
	if (e->mce && (e->mce_record.addr >> w->page_shift) == w->res->pfn)
		w->records++;
	if (hwp_verdict_take(e, w->res))
		w->verdict = true;
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool poisoned(struct hwp_ctx *ctx, uint64_t pfn)
{
	uint64_t flags = 0;
	return hwp_kpageflags_get(ctx, pfn, &flags) == 0 && (flags & HWP_KPF_BIT(HWP_KPF_HWPOISON));
}

/* One step of a wait: events for up to 20 ms, or a 20 ms pause without them. */
static void wait_step(struct hwp_events *events, struct hwp_kmsg *kmsg, struct mce_wait *w)
{
	if (events) {
		hwp_events_wait(events, 20);
		hwp_events_read(events, on_event, w);
		return;
	}
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	nanosleep(&pause, NULL);
	if (kmsg && hwp_kmsg_collect(kmsg, w->res) > 0)
		w->verdict = true;
}

/* An action-optional error: done when the page is poisoned and its verdict is in. */
static void wait_for_failure(struct hwp_ctx *ctx, struct hwp_events *events, struct hwp_kmsg *kmsg,
			     struct mce_wait *w)
{
	int64_t deadline = now_ms() + WAIT_MS;
	bool have_verdicts = events || kmsg;
	while (now_ms() < deadline) {
		wait_step(events, kmsg, w);
		if (w->verdict || (!have_verdicts && poisoned(ctx, w->res->pfn)))
			return;
	}
}

/*
 * Corrected errors: done when every record is logged (the CEC has counted
 * them) and, where they reach the threshold, the page is soft-offlined.
 */
static void wait_for_collector(struct hwp_ctx *ctx, struct hwp_events *events, struct mce_wait *w)
{
	int64_t deadline = now_ms() + WAIT_MS;
	while (hwp_events_has_mce(events) && w->records < w->res->errors && now_ms() < deadline)
		wait_step(events, NULL, w);
	bool retires = w->res->cec_threshold && w->res->errors >= w->res->cec_threshold;
	/* Counts left by earlier errors can retire it sooner: a short look either way. */
	int64_t until = now_ms() + (retires ? WAIT_MS : 200);
	while (!poisoned(ctx, w->res->pfn) && now_ms() < until)
		wait_step(events, NULL, w);
}

/* Written faster than the kernel logs them, records are dropped: keep IN_FLIGHT at most. */
static void pace(struct hwp_events *events, struct mce_wait *w, uint64_t written)
{
	int64_t deadline = now_ms() + WAIT_MS;
	if (!hwp_events_has_mce(events)) {
		/* Nothing to count by: a pause per batch instead. */
		struct timespec pause = { 0, 20 * 1000 * 1000 };
		if (written && written % IN_FLIGHT == 0)
			nanosleep(&pause, NULL);
		return;
	}
	while (written - w->records >= IN_FLIGHT && now_ms() < deadline)
		wait_step(events, NULL, w);
}

int hwp_mce_page(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, const char *kpath,
		 const char *text, const struct hwp_verdict_sources *v, struct hwp_page_result *res)
{
	(void)kpath, (void)text;   /* the registers are written one by one */
	struct hwp_events *events = v->events;
	struct hwp_kmsg *kmsg = v->kmsg;
	struct hwp_mce_registers regs;
	int r = hwp_mce_registers(hwp_cpu_vendor(ctx), opts->method, res->pfn << ctx->page_shift,
				  &regs);
	if (r < 0)
		return r;
	struct mce_wait w = { .res = res, .page_shift = ctx->page_shift };
	uint64_t n = 1;
	if (opts->method == HWP_METHOD_MCE_CE) {
		if (hwp_cec_threshold(ctx, &res->cec_threshold) < 0)
			res->cec_threshold = 0;
		n = opts->errors ? opts->errors : (res->cec_threshold ? res->cec_threshold : 1);
	}
	for (uint64_t i = 0; i < n && !(opts->stop && *opts->stop); i++) {
		pace(events, &w, i);
		if ((r = hwp_mce_write(ctx, &regs)) < 0)
			break;
		res->errors = i + 1;
	}
	if (r < 0 && res->errors == 0)
		return r;
	if (opts->method == HWP_METHOD_MCE)
		wait_for_failure(ctx, events, kmsg, &w);
	else
		wait_for_collector(ctx, events, &w);
	return r;
}
