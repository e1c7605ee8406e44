// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * inject --method mce-ce: corrected memory errors through mce-inject, for
 * the corrected-error collector to count; at its threshold it soft-offlines
 * the page, below it the page is kept and the errors only logged.
 */
#include "internal.h"

static void status(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, int written,
		   bool poisoned_after, struct hwp_page_result *res)
{
	if (written < 0) {
		hwp_act_status(ctx, opts, written, poisoned_after, res);
		return;
	}
	if (poisoned_after) {
		res->status = HWP_STATUS_OFFLINED;
		return;
	}
	res->status = HWP_STATUS_LOGGED;
	if (!res->cec_threshold)
		res->reason = "no corrected-error collector (CONFIG_RAS_CEC): the errors were only logged";
	else if (res->errors < res->cec_threshold)
		res->reason = "fewer errors than the collector's threshold: the page is kept";
	else {
		res->status = HWP_STATUS_FAILED;
		res->reason = "the collector reached its threshold, but the kernel kept the page "
			      "(its soft offline failed)";
	}
}

static const struct hwp_method_act act = { hwp_mce_target, hwp_mce_page, status };

static const char *const columns[] = { "errors", "cec_threshold", NULL };

const struct hwp_method_info hwp_method_mce_ce = {
	.method = HWP_METHOD_MCE_CE,
	.op = HWP_OP_INJECT,
	.name = "mce-ce",
	.help = "corrected memory errors for the kernel's\n"
		"corrected-error collector (CEC), which\n"
		"soft-offlines a page at its threshold",
	.module = "mce-inject",
	.debugfs = true,
	.machine_check = true,
	.counts_errors = true,
	.lockdown = "--method hard-offline still works, and so does soft-offline",
	.columns = columns,
	.act = &act,
};
