// SPDX-License-Identifier: GPL-2.0-or-later
/* soft-offline: sysfs soft_offline_page, a physical address; the filter applies. */
#include "internal.h"

static int target(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t pfn, char *kpath,
		  size_t kpath_len, char *text, size_t text_len)
{
	(void)opts;
	return hwp_act_target_address(ctx, "soft_offline_page", pfn, kpath, kpath_len, text, text_len);
}

static const struct hwp_method_act act = { target, hwp_act_write, hwp_act_status };

const struct hwp_method_info hwp_method_soft_offline = {
	.method = HWP_METHOD_SOFT_OFFLINE,
	.op = HWP_OP_SOFT_OFFLINE,
	.name = "soft-offline",
	.help = "sysfs soft_offline_page",
	.is_default = true,
	.filter = true,
	.lockdown = "--memcg, --dev and --flags need the filter there; soft offline without them works",
	.act = &act,
};
