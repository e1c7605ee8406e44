// SPDX-License-Identifier: GPL-2.0-or-later
/* unpoison: hwpoison_inject's unpoison-pfn, the only way back (pages poisoned by software). */
#include "internal.h"

static int target(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t pfn, char *kpath,
		  size_t kpath_len, char *text, size_t text_len)
{
	(void)opts;
	return hwp_act_target_pfn(ctx, "unpoison-pfn", pfn, kpath, kpath_len, text, text_len);
}

static const struct hwp_method_act act = { target, hwp_act_write, hwp_act_status };

/* The journal has always called it "debugfs". */
const struct hwp_method_info hwp_method_unpoison = {
	.method = HWP_METHOD_UNPOISON,
	.op = HWP_OP_UNPOISON,
	.name = "debugfs",
	.help = "hwpoison_inject's unpoison-pfn",
	.is_default = true,
	.module = "hwpoison_inject",
	.debugfs = true,
	.lockdown = "unpoison works only through debugfs: poison stays until reboot",
	.act = &act,
};
