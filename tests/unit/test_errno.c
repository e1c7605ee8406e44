// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every errno the memory-failure interfaces return has words for every
 * operation. The VM scenarios show the ones a kernel can be made to return
 * (EBUSY, EIO, EOPNOTSUPP, ENOENT, and ENOTRECOVERABLE on 7.x); this
 * covers the rest.
 */
#include <errno.h>
#include <string.h>

#include "hwpoison/hwpoison.h"
#include "tap.h"

int main(void)
{
	static const int errs[] = { EBUSY, EIO, EINVAL, ENXIO, EOPNOTSUPP, EPERM, ENOENT, ENODEV,
				    ENOTRECOVERABLE, EAGAIN, EHWPOISON, ENOMEM };
	static const enum hwp_op ops[] = { HWP_OP_INJECT, HWP_OP_SOFT_OFFLINE, HWP_OP_UNPOISON };
	static const char *const names[] = { "inject", "soft-offline", "unpoison" };
	for (size_t o = 0; o < 3; o++)
		for (size_t e = 0; e < sizeof(errs) / sizeof(errs[0]); e++) {
			const char *why = hwp_op_errno_reason(ops[o], errs[e]);
			ok(why && *why, "%s, %s: %s", names[o], strerror(errs[e]), why ? why : "(none)");
		}
	const char *why = hwp_op_errno_reason(HWP_OP_SOFT_OFFLINE, EBUSY);
	ok(why && strstr(why, "migrated"), "soft offline EBUSY speaks of migration");
	why = hwp_op_errno_reason(HWP_OP_UNPOISON, EOPNOTSUPP);
	ok(why && strstr(why, "not simulated by software") && strstr(why, "reboot"),
	   "unpoison EOPNOTSUPP: disabled after a real failure, until reboot");
	why = hwp_op_errno_reason(HWP_OP_INJECT, ENXIO);
	ok(why && strstr(why, "invalid pfn"), "ENXIO: invalid pfn");
	why = hwp_op_errno_reason(HWP_OP_SOFT_OFFLINE, ENOTRECOVERABLE);
	ok(why && strstr(why, "kernel page"), "ENOTRECOVERABLE (7.x): a kernel page the kernel cannot handle");
	ok(hwp_op_errno_reason(HWP_OP_INJECT, 12345) == NULL, "an unknown errno has no words");
	return done_testing();
}
