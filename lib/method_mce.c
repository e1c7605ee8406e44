// SPDX-License-Identifier: GPL-2.0-or-later
/* inject --method mce: an uncorrected, action-optional machine check through mce-inject. */
#include "internal.h"

static const struct hwp_method_act act = { hwp_mce_target, hwp_mce_page, hwp_act_status };

const struct hwp_method_info hwp_method_mce = {
	.method = HWP_METHOD_MCE,
	.op = HWP_OP_INJECT,
	.name = "mce",
	.help = "a machine check, as hardware raises one: an\n"
		"uncorrected, action-optional memory error\n"
		"(mce-inject; Intel-vendor CPUs). Unpoison is\n"
		"then disabled until reboot",
	.module = "mce-inject",
	.debugfs = true,
	.machine_check = true,
	.disables_unpoison = true,
	.lockdown = "--method hard-offline still works, and so does soft-offline",
	.act = &act,
};
