// SPDX-License-Identifier: GPL-2.0-or-later
/* inject --method hard-offline: sysfs hard_offline_page, a physical address, no filter. */
#include "internal.h"

static int target(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t pfn, char *kpath,
		  size_t kpath_len, char *text, size_t text_len)
{
	(void)opts;
	return hwp_act_target_address(ctx, "hard_offline_page", pfn, kpath, kpath_len, text, text_len);
}

static const struct hwp_method_act act = { target, hwp_act_write, hwp_act_status };

const struct hwp_method_info hwp_method_hard_offline = {
	.method = HWP_METHOD_HARD_OFFLINE,
	.op = HWP_OP_INJECT,
	.name = "hard-offline",
	.help = "sysfs hard_offline_page",
	.act = &act,
};
