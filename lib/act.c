// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The act most methods share: one write of the text to the kernel's file,
 * and what the answer means. The kernel's return code alone proves nothing
 * (corrupt-pfn returns 0 for filtered pages), so the status comes from the
 * page's flags after the write.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "internal.h"

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

int hwp_act_target_pfn(struct hwp_ctx *ctx, const char *name, uint64_t pfn, char *kpath,
		       size_t kpath_len, char *text, size_t text_len)
{
	snprintf(text, text_len, "0x%" PRIx64, pfn);
	return hwp_debugfs_hwpoison_path(ctx, name, kpath, kpath_len);
}

int hwp_act_target_address(struct hwp_ctx *ctx, const char *name, uint64_t pfn, char *kpath,
			   size_t kpath_len, char *text, size_t text_len)
{
	/* sysfs takes a physical address, not a pfn. */
	snprintf(kpath, kpath_len, "%s/%s", HWP_SYSFS_MEMORY, name);
	snprintf(text, text_len, "0x%" PRIx64, pfn << hwp_page_shift(ctx));
	return 0;
}
