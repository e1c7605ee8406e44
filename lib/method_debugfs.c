// SPDX-License-Identifier: GPL-2.0-or-later
/* inject --method debugfs: hwpoison_inject's corrupt-pfn, the one the hwpoison filter sees. */
#include "internal.h"

static int target(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t pfn, char *kpath,
		  size_t kpath_len, char *text, size_t text_len)
{
	(void)opts;
	return hwp_act_target_pfn(ctx, "corrupt-pfn", pfn, kpath, kpath_len, text, text_len);
}

static const struct hwp_method_act act = { target, hwp_act_write, hwp_act_status };

const struct hwp_method_info hwp_method_debugfs = {
	.method = HWP_METHOD_DEBUGFS,
	.op = HWP_OP_INJECT,
	.name = "debugfs",
	.help = "hwpoison_inject's corrupt-pfn",
	.is_default = true,
	.module = "hwpoison_inject",
	.debugfs = true,
	.filter = true,
	.lockdown = "--method hard-offline still works, and so does soft-offline",
	.act = &act,
};
