// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The table of methods: every operation has exactly one default, names are
 * unique within an operation and parse back, every descriptor can act, and
 * each writes what the kernel's interface expects where it expects it (in a
 * fixture tree: that the kernel acts on it is proved in tests/vm).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "fixture.h"
#include "tap.h"

static void test_table(void)
{
	size_t defaults[3] = { 0 };
	for (enum hwp_method m = 0; m < HWP_METHOD_COUNT; m++) {
		const struct hwp_method_info *info = hwp_method_info(m);
		ok(info && info->method == m, "method %d: a descriptor in its place", m);
		if (!info)
			continue;
		ok(info->name && *info->name && info->help && *info->help && info->act &&
			   info->act->target && info->act->write && info->act->status,
		   "%s: a name, help and an act", info->name);
		enum hwp_method back;
		ok(hwp_method_parse(info->op, info->name, &back) == 0 && back == m,
		   "%s: its name parses back for %s", info->name, hwp_op_name(info->op));
		ok(!info->debugfs || info->lockdown, "%s: through debugfs, it says what lockdown leaves",
		   info->name);
		defaults[info->op] += info->is_default;
	}
	for (int op = 0; op < 3; op++)
		ok(defaults[op] == 1 && hwp_method_default(op) && hwp_method_default(op)->op == (enum hwp_op)op,
		   "%s: exactly one default method", hwp_op_name(op));
	enum hwp_method m;
	ok(hwp_method_parse(HWP_OP_INJECT, "soft-offline", &m) < 0,
	   "a method of another operation is not inject's");
	ok(hwp_method_of(HWP_OP_UNPOISON, HWP_METHOD_HARD_OFFLINE) == hwp_method_default(HWP_OP_UNPOISON),
	   "an operation never acts by another's method");
	ok(hwp_method_info(HWP_METHOD_COUNT) == NULL, "nothing past the table");
	is_str(hwp_method_string(HWP_METHOD_UNPOISON), "debugfs", "unpoison keeps its journal word");
}

static void target_is(struct hwp_ctx *ctx, enum hwp_op op, enum hwp_method m, uint64_t pfn,
		      const char *want_path, const char *want_text)
{
	struct hwp_op_opts opts = { .op = op, .method = m };
	char kpath[PATH_MAX], text[160];
	ok(hwp_op_target(ctx, &opts, pfn, kpath, sizeof(kpath), text, sizeof(text)) == 0,
	   "%s: a target", hwp_method_string(m));
	is_str(kpath, want_path, "%s writes %s", hwp_method_string(m), want_path);
	is_str(text, want_text, "%s writes '%s'", hwp_method_string(m), want_text);
}

static void test_targets(void)
{
	char root[] = "/tmp/hwp-methods-XXXXXX", cmd[256];
	if (!mkdtemp(root))
		abort();
	fixture_make(root);
	struct hwp_ctx *ctx;
	hwp_ctx_new(root, &ctx);
	target_is(ctx, HWP_OP_INJECT, HWP_METHOD_DEBUGFS, 0x12, "/sys/kernel/debug/hwpoison/corrupt-pfn",
		  "0x12");
	target_is(ctx, HWP_OP_INJECT, HWP_METHOD_HARD_OFFLINE, 0x12,
		  "/sys/devices/system/memory/hard_offline_page", "0x12000");
	target_is(ctx, HWP_OP_SOFT_OFFLINE, HWP_METHOD_SOFT_OFFLINE, 0x12,
		  "/sys/devices/system/memory/soft_offline_page", "0x12000");
	target_is(ctx, HWP_OP_UNPOISON, HWP_METHOD_UNPOISON, 0x12,
		  "/sys/kernel/debug/hwpoison/unpoison-pfn", "0x12");
	target_is(ctx, HWP_OP_INJECT, HWP_METHOD_MCE, 0x12, "/sys/kernel/debug/mce-inject/",
		  "flags=hw status=0xbd000000000000c0 addr=0x12000 misc=0x8c bank=1");
	/* A library caller that leaves the method at 0 for soft offline still gets sysfs. */
	target_is(ctx, HWP_OP_SOFT_OFFLINE, HWP_METHOD_DEBUGFS, 0x12,
		  "/sys/devices/system/memory/soft_offline_page", "0x12000");
	hwp_ctx_free(ctx);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	ok(system(cmd) == 0, "fixture removed");
}

int main(void)
{
	test_table();
	test_targets();
	return done_testing();
}
