// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Machine checks without a machine: the registers hwpoison would write (never
 * PCC), MCi_STATUS in words for the values the kernel logs, when a method is
 * refused, and what lands in mce-inject's files of a fixture tree. That the
 * kernel grades and acts on them is proved in tests/vm (60-mce, 61-mce-ce,
 * 62-mce-amd).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "fixture.h"
#include "tap.h"

#define PCC (UINT64_C(1) << 57)

static void words(uint64_t status, enum hwp_cpu_vendor v, unsigned bank, char *buf, size_t len)
{
	const char *w[8];
	size_t n = hwp_mce_status_words(status, v, bank, w, 8);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? "," : "", w[i]);
}

static void test_registers(void)
{
	static const enum hwp_cpu_vendor vendors[] = { HWP_VENDOR_INTEL, HWP_VENDOR_AMD,
						       HWP_VENDOR_HYGON, HWP_VENDOR_OTHER };
	for (size_t v = 0; v < 4; v++)
		for (int m = HWP_METHOD_MCE; m <= HWP_METHOD_MCE_CE; m++) {
			struct hwp_mce_registers r;
			ok(hwp_mce_registers(vendors[v], m, 0x1234000, &r) == 0 && !(r.status & PCC) &&
				   r.addr == 0x1234000,
			   "vendor %zu method %d: the page's address, never PCC", v, m);
		}
	struct hwp_mce_registers r;
	hwp_mce_registers(HWP_VENDOR_INTEL, HWP_METHOD_MCE, 0x5000, &r);
	ok(r.status == UINT64_C(0xbd000000000000c0) && r.misc == 0x8c && r.bank == 1 && r.hw,
	   "SRAO: a memory scrub error, physical address mode, raised as a #MC");
	hwp_mce_registers(HWP_VENDOR_INTEL, HWP_METHOD_MCE_CE, 0x5000, &r);
	ok(r.status == UINT64_C(0x9c000000000000c0) && !r.hw, "Intel corrected error: logged (sw)");
	hwp_mce_registers(HWP_VENDOR_AMD, HWP_METHOD_MCE_CE, 0x5000, &r);
	ok(r.status == UINT64_C(0x940000000008009f) && r.bank == 4, "AMD corrected error: bank 4");
	ok(hwp_mce_registers(HWP_VENDOR_INTEL, HWP_METHOD_DEBUGFS, 0, &r) == -EINVAL,
	   "no registers for a method without machine checks");
}

static void test_words(void)
{
	char buf[256];
	words(UINT64_C(0xbd000000000000c0), HWP_VENDOR_INTEL, 1, buf, sizeof(buf));
	is_str(buf, "uncorrected,action-optional,memory,address-valid", "SRAO in words");
	words(UINT64_C(0xbd800000000000c0) | (UINT64_C(1) << 55), HWP_VENDOR_INTEL, 1, buf, sizeof(buf));
	is_str(buf, "uncorrected,action-required,memory,address-valid", "SRAR (AR set) in words");
	words(UINT64_C(0x9c000000000000c0), HWP_VENDOR_INTEL, 1, buf, sizeof(buf));
	is_str(buf, "corrected,memory,address-valid", "Intel corrected memory error in words");
	words(UINT64_C(0x940000000008009f), HWP_VENDOR_AMD, 4, buf, sizeof(buf));
	is_str(buf, "corrected,memory,address-valid", "AMD DRAM ECC (bank 4, code 8) in words");
	words(UINT64_C(0x940000000008009f), HWP_VENDOR_AMD, 5, buf, sizeof(buf));
	is_str(buf, "corrected,address-valid", "AMD code 8 outside bank 4: not memory");
	words(UINT64_C(0xf200000000000150) | PCC, HWP_VENDOR_INTEL, 0, buf, sizeof(buf));
	like(buf, "context-corrupt", "PCC in words");
	like(buf, "overflow", "OVER in words");
	ok(hwp_mce_record_vendor(0) == HWP_VENDOR_INTEL && hwp_mce_record_vendor(2) == HWP_VENDOR_AMD &&
		   hwp_mce_record_vendor(9) == HWP_VENDOR_HYGON,
	   "the kernel's vendor numbers in a record");
}

static void test_refusals(void)
{
	struct hwp_mce_info i = { .machine_check = true, .vendor = HWP_VENDOR_INTEL,
				  .grades_action_optional = true, .inject_installed = true,
				  .recovery = 1 };
	ok(hwp_mce_unusable_reason(&i, HWP_METHOD_MCE) == NULL, "Intel with mce-inject: usable");
	i.recovery = 0;
	like(hwp_mce_unusable_reason(&i, HWP_METHOD_MCE), "memory_failure_recovery=0",
	     "recovery off: mce refused");
	ok(hwp_mce_unusable_reason(&i, HWP_METHOD_MCE_CE) == NULL,
	   "recovery off: corrected errors still fine");
	i.recovery = 1;
	i.grades_action_optional = false;
	like(hwp_mce_unusable_reason(&i, HWP_METHOD_MCE), "never grades", "AMD: mce refused");
	ok(hwp_mce_unusable_reason(&i, HWP_METHOD_MCE_CE) == NULL, "AMD: mce-ce usable");
	i.inject_installed = false;
	like(hwp_mce_unusable_reason(&i, HWP_METHOD_MCE_CE), "mce-inject", "no mce-inject: refused");
	i.machine_check = false;
	like(hwp_mce_unusable_reason(&i, HWP_METHOD_MCE_CE), "machine-check", "not x86: refused");
}

static void test_fixture(void)
{
	char root[] = "/tmp/hwp-mce-XXXXXX", cmd[256], buf[64];
	if (!mkdtemp(root))
		abort();
	fixture_make(root);
	struct hwp_ctx *ctx;
	hwp_ctx_new(root, &ctx);
	struct hwp_mce_info info;
	hwp_mce_info(ctx, &info);
	ok(info.machine_check && info.vendor == HWP_VENDOR_INTEL && info.grades_action_optional,
	   "fixture: an Intel-vendor x86");
	ok(info.inject_loaded && info.cec && info.cec_threshold == 2 && info.cec_decay_interval == 86400,
	   "fixture: mce-inject loaded, the CEC's threshold and decay interval read");
	struct hwp_mce_registers r;
	hwp_mce_registers(HWP_VENDOR_INTEL, HWP_METHOD_MCE, 0xa000, &r);
	ok(hwp_mce_write(ctx, &r) == 0, "registers written");
	fixture_read(root, "/sys/kernel/debug/mce-inject/flags", buf, sizeof(buf));
	/* The kernel drops the last byte of a flags write: "hw" alone would be "h". */
	is_str(buf, "hw\n", "flags: hw with its newline");
	fixture_read(root, "/sys/kernel/debug/mce-inject/status", buf, sizeof(buf));
	is_str(buf, "0xbd000000000000c0\n", "status written");
	fixture_read(root, "/sys/kernel/debug/mce-inject/addr", buf, sizeof(buf));
	is_str(buf, "0xa000\n", "addr written");
	fixture_read(root, "/sys/kernel/debug/mce-inject/bank", buf, sizeof(buf));
	is_str(buf, "1\n", "bank written (the write that injects)");
	r.status |= PCC;
	ok(hwp_mce_write(ctx, &r) == -EINVAL, "a status with PCC is never written");
	ok(hwp_unpoison_disabled(ctx) == 0, "unpoison not known disabled");
	ok(hwp_note_unpoison_disabled(ctx) == 0 && hwp_unpoison_disabled(ctx) == 1,
	   "a refused unpoison is remembered");
	ok(hwp_first_this_boot(ctx, "mce-warned") == 1 && hwp_first_this_boot(ctx, "mce-warned") == 0,
	   "once per boot: the first time only");
	hwp_ctx_free(ctx);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	ok(system(cmd) == 0, "fixture removed");
}

int main(void)
{
	test_registers();
	test_words();
	test_refusals();
	test_fixture();
	return done_testing();
}
