// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Acting on one page: classify it by its flags, then act by its method
 * (lib/methods.c), read its flags again and collect the kernel's verdict.
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

int hwp_op_prepare(struct hwp_ctx *ctx, const struct hwp_op_opts *opts)
{
	/* What each page reads later, read now: the sysctls and the verdict sources. */
	recovery_sysctl(ctx);
	panic_sysctl(ctx);
	if (!opts->dry_run) {
		struct hwp_verdict_sources v;
		hwp_verdict_sources_arm(ctx, opts, 0, &v);
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
	char kpath[PATH_MAX], text[160];
	return hwp_op_page_flags(ctx, opts, pfn, flags, res, kpath, sizeof(kpath), text, sizeof(text));
}

int hwp_op_page_flags(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t pfn,
		      uint64_t flags, struct hwp_page_result *res, char *kpath, size_t kpath_len,
		      char *text, size_t text_len)
{
	memset(res, 0, sizeof(*res));
	res->pfn = pfn;
	res->flags_before = flags;
	res->flags_after = res->flags_before;
	kpath[0] = text[0] = '\0';
	if (decided_by_flags(ctx, opts, res))
		return 0;
	int r = hwp_op_target(ctx, opts, pfn, kpath, kpath_len, text, text_len);
	if (r < 0)
		return r;
	if (opts->dry_run) {
		res->status = HWP_STATUS_WOULD;
		return 0;
	}
	struct hwp_verdict_sources v;
	hwp_verdict_sources_arm(ctx, opts, flags, &v);
	const struct hwp_method_act *act = hwp_opts_method(opts)->act;
	int w = act->write(ctx, opts, kpath, text, &v, res);
	if (w == -ENOENT || w == -EACCES || w == -EROFS || w == -EXDEV)
		return w;
	hwp_verdict_collect(&v, res);
	r = hwp_kpageflags_get(ctx, pfn, &res->flags_after);
	if (r < 0)
		return r;
	act->status(ctx, opts, w, res->flags_after & HWP_KPF_BIT(HWP_KPF_HWPOISON), res);
	return 0;
}
