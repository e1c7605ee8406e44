// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Acting on one page: classify it, write to the kernel, read its flags again
 * and collect the kernel's verdict. The kernel's return code alone proves
 * nothing (corrupt-pfn returns 0 for filtered pages), so the status comes
 * from the page's flags after the write.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

int hwp_op_target(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t pfn,
		  char *kpath, size_t kpath_len, char *text, size_t text_len)
{
	const struct hwp_method_info *m = hwp_opts_method(opts);
	if (!m)
		return -EINVAL;
	return m->act->target(ctx, opts, pfn, kpath, kpath_len, text, text_len);
}

/* Why a write failed, in words, per operation. */
const char *hwp_op_errno_reason(enum hwp_op op, int err)
{
	switch (err) {
	case EBUSY:
		if (op == HWP_OP_UNPOISON)
			return "page is in use, mapped, or of a kind that cannot be unpoisoned";
		if (op == HWP_OP_SOFT_OFFLINE)
			return "page could not be isolated or migrated";
		return "page is busy";
	case EIO:
		return op == HWP_OP_SOFT_OFFLINE ? "page is not online or cannot be handled"
						 : "page is not online";
	case ENXIO:
		return "no such page frame (invalid pfn)";
	case EOPNOTSUPP:
		if (op == HWP_OP_UNPOISON)
			return "the kernel disables unpoison after a memory failure not simulated by "
			       "software (a machine check): only a reboot clears it";
		return "refused by the kernel (filter or configuration)";
	case EINVAL:
		return "the kernel rejected the value";
	case EPERM:
	case EACCES:
		return "permission denied";
	case EHWPOISON:
		return "page is already poisoned";
	case ENOMEM:
		return "the kernel ran out of memory";
	case ENOENT:
		return "the interface is gone (module removed?)";
	case ENODEV:
		return "no such device: the interface is not available";
	case ENOTRECOVERABLE:
		/* 7.x names kernel pages memory_failure() and soft offline cannot handle. */
		return "the kernel cannot handle this kind of page (a kernel page such as slab)";
	case EAGAIN:
		return "the page changed under the kernel: try again";
	default:
		return NULL;
	}
}

/* A boolean vm sysctl read once per context: 0 or 1, -2 where the kernel lacks it. */
static int cached_sysctl(struct hwp_ctx *ctx, const char *name, int *cache)
{
	if (*cache == -1) {
		int64_t v;
		*cache = hwp_sysctl_vm(ctx, name, &v) == 0 ? (v != 0) : -2;
	}
	return *cache;
}

static int recovery_sysctl(struct hwp_ctx *ctx)
{
	return cached_sysctl(ctx, "memory_failure_recovery", &ctx->recovery_sysctl);
}

/* vm.panic_on_unrecoverable_memory_failure arrived in 7.x. */
static int panic_sysctl(struct hwp_ctx *ctx)
{
	return cached_sysctl(ctx, "panic_on_unrecoverable_memory_failure", &ctx->panic_sysctl);
}

/* Soft offline reports a filtered page as EOPNOTSUPP; so does a disabled sysctl. */
static void explain_soft_offline_eopnotsupp(struct hwp_ctx *ctx, struct hwp_page_result *res)
{
	int64_t enabled;
	if (hwp_sysctl_vm(ctx, "enable_soft_offline", &enabled) == 0 && enabled == 0) {
		res->status = HWP_STATUS_FAILED;
		res->reason = "soft offline is disabled by vm.enable_soft_offline=0";
		return;
	}
	struct hwp_filter filter;
	if (hwp_filter_read(ctx, &filter) == 0 && filter.enable) {
		res->status = HWP_STATUS_FILTERED;
		res->error = 0;
		res->reason = "the hwpoison filter rejected the page";
	}
}

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

/*
 * Decide without writing where the flags already tell: nothing to do, or a
 * page the safety check refuses. true when res->status is final.
 */
static bool decided_by_flags(struct hwp_ctx *ctx, const struct hwp_op_opts *opts,
			     struct hwp_page_result *res)
{
	bool poisoned = res->flags_before & HWP_KPF_BIT(HWP_KPF_HWPOISON);
	if (opts->op == HWP_OP_UNPOISON) {
		res->status = HWP_STATUS_NOT_POISONED;
		return !poisoned;
	}
	if (poisoned) {
		res->status = HWP_STATUS_ALREADY_POISONED;
		return true;
	}
	res->status = HWP_STATUS_REFUSED;
	if (opts->op == HWP_OP_INJECT && !opts->force && panic_sysctl(ctx) == 1 &&
	    hwp_page_unrecoverable(res->flags_before)) {
		res->reason = "vm.panic_on_unrecoverable_memory_failure=1: the kernel cannot recover this "
			      "kernel page and would panic the machine";
		return true;
	}
	const char *unsafe = hwp_page_unsafe_reason(res->flags_before);
	if (unsafe && !opts->force) {
		res->reason = unsafe;
		return true;
	}
	/* --force cannot make suicide useful. */
	const char *own = opts->op == HWP_OP_INJECT ? hwp_own_reason(ctx, res->pfn, res->flags_before)
						    : NULL;
	if (own) {
		res->reason = own;
		return true;
	}
	if (opts->op == HWP_OP_INJECT && !opts->force && recovery_sysctl(ctx) == 0) {
		res->reason = "vm.memory_failure_recovery=0: a memory failure would panic the machine";
		return true;
	}
	return false;
}

static void verdict_sources_arm(struct hwp_ctx *ctx, const struct hwp_op_opts *opts,
				struct hwp_verdict_sources *v)
{
	enum hwp_op op = opts->op;
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
	if (op != HWP_OP_UNPOISON && !v->events) {
		if (!ctx->kmsg && !ctx->kmsg_failed && hwp_kmsg_open(ctx, &ctx->kmsg) < 0)
			ctx->kmsg_failed = true;
		v->kmsg = ctx->kmsg;
	}
	/* Only what this write causes is ours. */
	if (v->events)
		hwp_events_read(v->events, skip_event, NULL);
	if (v->kmsg)
		hwp_kmsg_drain(v->kmsg);
}

static void verdict_collect(const struct hwp_verdict_sources *v, struct hwp_page_result *res)
{
	if (v->events)
		hwp_events_read(v->events, match_verdict, res);
	if (v->kmsg && hwp_kmsg_verdict(v->kmsg, res->pfn, res->type, sizeof(res->type),
					res->result, sizeof(res->result)) > 0)
		res->verdict_source = "kernel-log";
}

/* The kernel refused the write with err. */
static void status_refused_write(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, int err,
				 bool poisoned_after, struct hwp_page_result *res)
{
	res->status = HWP_STATUS_FAILED;
	res->error = err;
	res->reason = hwp_op_errno_reason(opts->op, err);
	/* memory_failure() sets the flag before it finds it cannot handle the page. */
	if (opts->op == HWP_OP_INJECT && poisoned_after && err == EBUSY)
		res->reason = "the kernel could not handle the page (marked poisoned anyway)";
	if (err == EHWPOISON && opts->op != HWP_OP_UNPOISON) {
		res->status = HWP_STATUS_ALREADY_POISONED;
		res->error = 0;
	} else if (err == EOPNOTSUPP && opts->op == HWP_OP_SOFT_OFFLINE) {
		explain_soft_offline_eopnotsupp(ctx, res);
	} else if (err == EOPNOTSUPP && opts->op == HWP_OP_UNPOISON) {
		hwp_note_unpoison_disabled(ctx);   /* for stat: it lasts until reboot */
	}
}

/* The kernel took the write: the page's flags now say what it did. */
static void status_accepted_write(struct hwp_ctx *ctx, const struct hwp_op_opts *opts,
				  bool poisoned_after, struct hwp_page_result *res)
{
	if (opts->op == HWP_OP_UNPOISON) {
		res->status = poisoned_after ? HWP_STATUS_FAILED : HWP_STATUS_UNPOISONED;
		if (poisoned_after)
			res->reason = "the kernel accepted the request but the page is still poisoned";
		return;
	}
	if (poisoned_after) {
		res->status = opts->op == HWP_OP_INJECT ? HWP_STATUS_INJECTED : HWP_STATUS_OFFLINED;
		return;
	}
	struct hwp_filter filter;
	if (hwp_filter_read(ctx, &filter) == 0 && filter.enable) {
		res->status = HWP_STATUS_FILTERED;
		res->reason = "the hwpoison filter rejected the page";
	} else {
		res->status = HWP_STATUS_FAILED;
		res->reason = "the kernel accepted the request but left the page unpoisoned";
	}
}

int hwp_act_write(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, const char *kpath,
		  const char *text, const struct hwp_verdict_sources *v, struct hwp_page_result *res)
{
	(void)opts, (void)v, (void)res;
	return hwp_write_cached(ctx, kpath, text);
}

void hwp_act_status(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, int written,
		    bool poisoned_after, struct hwp_page_result *res)
{
	if (written < 0)
		status_refused_write(ctx, opts, -written, poisoned_after, res);
	else
		status_accepted_write(ctx, opts, poisoned_after, res);
}

int hwp_op_prepare(struct hwp_ctx *ctx, const struct hwp_op_opts *opts)
{
	/* What each page reads later, read now: the sysctls and the verdict sources. */
	recovery_sysctl(ctx);
	panic_sysctl(ctx);
	if (!opts->dry_run) {
		struct hwp_verdict_sources v;
		verdict_sources_arm(ctx, opts, &v);
	}
	return 0;
}

int hwp_op_page(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t pfn,
		struct hwp_page_result *res)
{
	uint64_t flags;
	int r = hwp_kpageflags_get(ctx, pfn, &flags);
	if (r < 0)
		return r;
	return hwp_op_page_flags(ctx, opts, pfn, flags, res);
}

int hwp_op_page_flags(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t pfn,
		      uint64_t flags, struct hwp_page_result *res)
{
	memset(res, 0, sizeof(*res));
	res->pfn = pfn;
	res->flags_before = flags;
	res->flags_after = res->flags_before;
	if (decided_by_flags(ctx, opts, res))
		return 0;
	char kpath[PATH_MAX], text[32];
	int r = hwp_op_target(ctx, opts, pfn, kpath, sizeof(kpath), text, sizeof(text));
	if (r < 0)
		return r;
	if (opts->dry_run) {
		res->status = HWP_STATUS_WOULD;
		return 0;
	}
	struct hwp_verdict_sources v;
	verdict_sources_arm(ctx, opts, &v);
	const struct hwp_method_act *act = hwp_opts_method(opts)->act;
	int w = act->write(ctx, opts, kpath, text, &v, res);
	if (w == -ENOENT || w == -EACCES || w == -EROFS || w == -EXDEV)
		return w;
	verdict_collect(&v, res);
	r = hwp_kpageflags_get(ctx, pfn, &res->flags_after);
	if (r < 0)
		return r;
	act->status(ctx, opts, w, res->flags_after & HWP_KPF_BIT(HWP_KPF_HWPOISON), res);
	return 0;
}
