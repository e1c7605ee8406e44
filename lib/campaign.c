// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A campaign: the pages of one run, each acted on safely. For every page
 * the machine-wide lock is taken, a selected page is checked again (another
 * run may have taken it since the scan), the page is acted on and the act
 * journalled, and the lock released; so concurrent hwpoison processes never
 * act on one page twice and lose no record. A filter scoped to the run is
 * put back when the campaign closes, however the run ended.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "internal.h"

struct hwp_campaign {
	struct hwp_ctx *ctx;
	struct hwp_op_opts opts;       /* opts.stop: the caller's stop flag, for waits and long acts */
	struct hwp_journal *journal;   /* NULL for a dry run */
	int journal_error;             /* a record could not be written: the run stops */
	struct hwp_filter saved;       /* the filter before hwp_campaign_scope_filter */
	bool scoped;
	uint64_t saved_cec;            /* the CEC threshold before hwp_campaign_scope_cec */
	bool cec_scoped;
	struct hwp_filter scoped_filter;
	struct hwp_target target;      /* what named the next page */
	long faults_at_first;          /* this process's page faults at the first page, -1 before */
};

static long page_faults(void)
{
	struct rusage ru;
	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_minflt + ru.ru_majflt : 0;
}

long hwp_campaign_faults(const struct hwp_campaign *c)
{
	return c->faults_at_first < 0 ? 0 : page_faults() - c->faults_at_first;
}

/* Records reserved ahead at the most: past that a run of millions of pages takes its chances. */
#define RESERVE_RECORDS_MAX 65536

/*
 * Before the first page of a run that takes pages out of the allocator:
 * room for the records, all the memory the run will use, and then the list
 * of hwpoison's own pages, which no longer changes.
 */
static int prepare_to_take_pages(struct hwp_campaign *c, uint64_t npages)
{
	uint64_t records = npages < RESERVE_RECORDS_MAX ? npages : RESERVE_RECORDS_MAX;
	int r = hwp_journal_reserve(c->journal, records);
	if (r == 0)
		r = hwp_op_prepare(c->ctx, &c->opts);
	if (r == 0)
		r = hwp_memory_hold(npages);
	if (r == 0)
		r = hwp_own_collect(c->ctx, hwp_journal_fd(c->journal));
	return r;
}

int hwp_campaign_open(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t npages,
		      const volatile sig_atomic_t *stop, struct hwp_campaign **ret)
{
	struct hwp_campaign *c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->ctx = ctx;
	c->opts = *opts;
	c->opts.stop = stop;
	int r = 0;
	/* No page without its record: a run that cannot keep its journal does not start. */
	if (!opts->dry_run) {
		r = hwp_journal_open(ctx, &c->journal);
		if (r == 0 && opts->op != HWP_OP_UNPOISON)
			r = prepare_to_take_pages(c, npages);
	}
	if (r < 0) {
		hwp_journal_close(c->journal);
		hwp_own_release(ctx);
		free(c);
		return r;
	}
	c->faults_at_first = -1;
	*ret = c;
	return 0;
}

int hwp_campaign_scope_filter(struct hwp_campaign *c, const struct hwp_filter *filter)
{
	int r = hwp_filter_read(c->ctx, &c->saved);
	if (r < 0)
		return r;
	/* Whether the kernel has the memcg criterion is the kernel's, not the caller's, to say. */
	struct hwp_filter scoped = *filter;
	scoped.has_memcg = c->saved.has_memcg;
	r = hwp_filter_write(c->ctx, &scoped);
	if (r < 0) {
		hwp_filter_write(c->ctx, &c->saved);
		return r;
	}
	c->scoped = true;
	c->scoped_filter = scoped;
	return 0;
}

int hwp_campaign_scope_cec(struct hwp_campaign *c, uint64_t threshold)
{
	int r = hwp_cec_threshold(c->ctx, &c->saved_cec);
	if (r < 0)
		return r;
	if ((r = hwp_cec_threshold_set(c->ctx, threshold)) < 0)
		return r;
	c->cec_scoped = true;
	return 0;
}

int hwp_campaign_close(struct hwp_campaign *c)
{
	if (!c)
		return 0;
	int r = c->scoped ? hwp_filter_write(c->ctx, &c->saved) : 0;
	if (c->cec_scoped) {
		int rc = hwp_cec_threshold_set(c->ctx, c->saved_cec);
		r = r < 0 ? r : rc;
	}
	hwp_journal_close(c->journal);
	hwp_own_release(c->ctx);
	free(c);
	return r;
}

void hwp_campaign_target(struct hwp_campaign *c, const struct hwp_target *target)
{
	c->target = target ? *target : (struct hwp_target){ .kind = HWP_TARGET_PFN };
}

static void record(struct hwp_campaign *c, struct hwp_page_report *ret)
{
	if (!c->journal || !hwp_status_wrote(ret->res.status))
		return;
	/* The record's target: what named the page, and the filter of the run. */
	struct hwp_target target = ret->target;
	const struct hwp_filter *f = &c->scoped_filter;
	target.scoped = c->scoped;
	target.filter.memcg = f->memcg;
	target.filter.dev_major = f->dev_major;
	target.filter.dev_minor = f->dev_minor;
	target.filter.flags_mask = f->flags_mask;
	target.filter.flags_value = f->flags_value;
	int r = hwp_journal_append(c->journal, &c->opts, &ret->res, &target);
	if (r < 0) {
		c->journal_error = r;
		ret->journal_error = r;
	}
}

/*
 * The process that named the page, when the kernel left it a poisoned
 * mapping without a signal: it is killed late, when it touches the page.
 */
static void named_process_fate(struct hwp_campaign *c, struct hwp_page_report *ret)
{
	const struct hwp_target *t = &ret->target;
	struct hwp_vpage vp;
	if (!hwp_target_is_process(t) || ret->res.status != HWP_STATUS_INJECTED ||
	    hwp_vaddr_to_pfn(c->ctx, t->pid, t->vaddr, &vp) < 0 || vp.poisoned_pfn != ret->res.pfn)
		return;
	struct hwp_kill k = { .pid = t->pid, .kind = HWP_KILL_LATE };
	hwp_process_comm(c->ctx, t->pid, k.comm, sizeof(k.comm));
	hwp_kills_add(&ret->res.kills, &k);
}

/* The lock, waited for until it is had or the run is told to stop. */
static int lock(struct hwp_campaign *c)
{
	for (;;) {
		int r = hwp_journal_lock(c->journal);
		if (r != -EINTR)
			return r;
		if (c->opts.stop && *c->opts.stop)
			return -EINTR;
	}
}

/* After the act, out of the lock: what became of the page's surroundings. */
static void complete_report(struct hwp_campaign *c, uint64_t pfn, struct hwp_page_report *ret)
{
	const struct hwp_page_result *res = &ret->res;
	const struct hwp_target *t = &ret->target;
	bool acted = !c->opts.dry_run && res->status != HWP_STATUS_REFUSED;
	/* What became of the rest of a huge page, once the kernel has acted. */
	ret->huge_acted = ret->huge.kind != HWP_HUGE_NONE && acted &&
			  hwp_huge_outcome(c->ctx, &ret->huge, pfn, &ret->huge_outcome) == 0;
	struct hwp_vpage vp;
	if (hwp_target_is_process(t) && res->status == HWP_STATUS_OFFLINED &&
	    hwp_vaddr_to_pfn(c->ctx, t->pid, t->vaddr, &vp) == 0 && vp.present && vp.pfn != pfn) {
		ret->moved = true;
		ret->new_pfn = vp.pfn;
	}
	if (t->kind == HWP_TARGET_FILE && !c->opts.dry_run) {
		ret->reader_known = true;
		ret->reader = hwp_file_reader_sees(t->file, t->offset);
	}
	if (c->opts.op == HWP_OP_UNPOISON && res->error == EBUSY &&
	    hwp_journal_target(c->ctx, pfn, &ret->holder) == 1) {
		ret->holder_known = true;
		ret->holder_alive = hwp_target_is_process(&ret->holder) &&
				    hwp_process_exists(c->ctx, ret->holder.pid);
	}
}

int hwp_campaign_page(struct hwp_campaign *c, uint64_t pfn, const struct hwp_select_opts *recheck,
		      struct hwp_page_report *ret)
{
	*ret = (struct hwp_page_report){ .huge.kind = HWP_HUGE_NONE, .target = c->target };
	c->target.kind = HWP_TARGET_PFN;   /* a target names one page */
	/* A page acted on without its record is lost to unpoison --journal: none after the first. */
	if (c->journal_error)
		return c->journal_error;
	if (c->faults_at_first < 0)
		c->faults_at_first = page_faults();
	if (c->journal) {
		int r = lock(c);
		if (r == -EINTR)
			return HWP_CAMPAIGN_SKIPPED;
		if (r < 0)
			return r;
	}
	int matches = recheck ? hwp_select_still_matches(c->ctx, recheck, pfn) : 1;
	int r = matches < 0 ? matches : 0;
	if (matches > 0) {
		uint64_t flags;
		r = hwp_kpageflags_get(c->ctx, pfn, &flags);
		if (r == 0) {
			/* A note only: none if it cannot tell. */
			hwp_huge_find_flags(c->ctx, pfn, flags, &ret->huge);
			r = hwp_op_page_flags(c->ctx, &c->opts, pfn, flags, &ret->res, ret->kpath,
					      sizeof(ret->kpath), ret->text, sizeof(ret->text));
		}
		if (r == 0) {
			named_process_fate(c, ret);
			record(c, ret);
		}
	}
	if (c->journal)
		hwp_journal_unlock(c->journal);
	if (r < 0)
		return r;
	if (matches == 0)
		return HWP_CAMPAIGN_SKIPPED;
	complete_report(c, pfn, ret);
	return HWP_CAMPAIGN_ACTED;
}
