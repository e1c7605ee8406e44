// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Machine checks, the path real memory errors take on x86: the mce-inject
 * module's debugfs registers, the corrected-error collector (CEC) and what
 * the kernel grades and decodes. Register values are chosen here, never by
 * the caller: none of them sets PCC, which would panic the machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* MCi_STATUS bits (Intel SDM vol. 3B 16.3.2.2; AMD shares the upper ones). */
#define MCI_VAL (UINT64_C(1) << 63)
#define MCI_OVER (UINT64_C(1) << 62)
#define MCI_UC (UINT64_C(1) << 61)
#define MCI_EN (UINT64_C(1) << 60)
#define MCI_MISCV (UINT64_C(1) << 59)
#define MCI_ADDRV (UINT64_C(1) << 58)
#define MCI_PCC (UINT64_C(1) << 57)
#define MCI_S (UINT64_C(1) << 56)
#define MCI_AR (UINT64_C(1) << 55)

/* An uncorrected memory scrub error, action optional (SRAO): MCACOD 0xc0. */
#define STATUS_SRAO (MCI_VAL | MCI_UC | MCI_EN | MCI_MISCV | MCI_ADDRV | MCI_S | 0xc0)
/* A corrected memory scrub error, Intel's encoding. */
#define STATUS_CE_INTEL (MCI_VAL | MCI_EN | MCI_MISCV | MCI_ADDRV | 0xc0)
/* A corrected DRAM ECC error in AMD's northbridge bank: extended code 8. */
#define STATUS_CE_AMD (MCI_VAL | MCI_EN | MCI_ADDRV | (UINT64_C(8) << 16) | 0x9f)
/* MCi_MISC: address mode physical (2 << 6), least significant valid bit 12. */
#define MISC_PHYSICAL_PAGE 0x8c

static enum hwp_cpu_vendor vendor_of(const char *id)
{
	if (strcmp(id, "GenuineIntel") == 0)
		return HWP_VENDOR_INTEL;
	if (strcmp(id, "AuthenticAMD") == 0)
		return HWP_VENDOR_AMD;
	if (strcmp(id, "HygonGenuine") == 0)
		return HWP_VENDOR_HYGON;
	return id[0] ? HWP_VENDOR_OTHER : HWP_VENDOR_UNKNOWN;
}

/* The first "vendor_id : X" line of /proc/cpuinfo. */
static void read_vendor(struct hwp_ctx *ctx, struct hwp_mce_info *info)
{
	char text[4096];
	if (hwp_read_text(ctx, "/proc/cpuinfo", text, sizeof(text)) < 0)
		return;
	const char *line = strstr(text, "vendor_id");
	const char *colon = line ? strchr(line, ':') : NULL;
	if (!colon)
		return;
	colon++;
	colon += strspn(colon, " \t");
	snprintf(info->vendor_id, sizeof(info->vendor_id), "%.*s", (int)strcspn(colon, " \t\n"),
		 colon);
	info->vendor = vendor_of(info->vendor_id);
}

enum hwp_cpu_vendor hwp_cpu_vendor(struct hwp_ctx *ctx)
{
	if (ctx->cpu_vendor < 0) {
		struct hwp_mce_info info;
		memset(&info, 0, sizeof(info));
		read_vendor(ctx, &info);
		ctx->cpu_vendor = (int)info.vendor;
	}
	return (enum hwp_cpu_vendor)ctx->cpu_vendor;
}

/* Loaded, built in, or installed for the running kernel. */
static bool inject_installed(struct hwp_ctx *ctx)
{
	if (hwp_exists(ctx, "/sys/module/mce_inject"))
		return true;
	char release[128], kpath[PATH_MAX], text[1 << 16];
	int r = hwp_read_text(ctx, "/proc/sys/kernel/osrelease", release, sizeof(release));
	if (r <= 0)
		return false;
	release[strcspn(release, "\n")] = '\0';
	static const char *const lists[] = { "modules.dep", "modules.builtin" };
	for (size_t i = 0; i < 2; i++) {
		snprintf(kpath, sizeof(kpath), "/lib/modules/%s/%s", release, lists[i]);
		/* A first 64 KiB holds arch/ on Debian's kernels, sorted as they are. */
		if (hwp_read_text(ctx, kpath, text, sizeof(text)) > 0 && strstr(text, "/mce-inject.ko"))
			return true;
	}
	return false;
}

static void read_cec(struct hwp_ctx *ctx, struct hwp_mce_info *info)
{
	char kpath[PATH_MAX];
	info->debugfs_known = hwp_debugfs_find(ctx, kpath, sizeof(kpath)) == 0;
	if (!info->debugfs_known)
		return;
	if (hwp_cec_threshold(ctx, &info->cec_threshold) < 0)
		return;
	info->cec = true;
	if (hwp_debugfs_path(ctx, "ras/cec/decay_interval", kpath, sizeof(kpath)) == 0)
		hwp_read_u64(ctx, kpath, &info->cec_decay_interval);
}

int hwp_parse_interrupts_mce(const char *line, uint64_t *ret)
{
	while (*line == ' ')
		line++;
	if (strncmp(line, "MCE:", 4) != 0)
		return -EINVAL;
	/* One count per CPU, then the row's name ("Machine check exceptions"). */
	uint64_t sum = 0;
	const char *p = line + 4;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		size_t n = strspn(p, "0123456789");
		uint64_t v;
		if (n == 0 || (p[n] != ' ' && p[n] != '\t' && p[n] != '\n' && p[n] != '\0') ||
		    hwp_parse_size(p, n, false, &v) < 0)
			break;
		sum += v;
		p += n;
	}
	*ret = sum;
	return 0;
}

/* The kernel's count of #MC exceptions since boot, each CPU's added up. */
static int64_t exceptions(struct hwp_ctx *ctx)
{
	char path[PATH_MAX];
	if (hwp_path(ctx, "/proc/interrupts", path, sizeof(path)) < 0)
		return -1;
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	/* A line per interrupt and a column per CPU: long lines on big machines. */
	char *line = NULL;
	size_t cap = 0;
	int64_t count = -1;
	uint64_t v;
	while (count < 0 && getline(&line, &cap, f) > 0)
		if (hwp_parse_interrupts_mce(line, &v) == 0)
			count = (int64_t)v;
	free(line);
	fclose(f);
	return count;
}

int hwp_mce_info(struct hwp_ctx *ctx, struct hwp_mce_info *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->machine_check = hwp_exists(ctx, "/sys/devices/system/machinecheck");
	read_vendor(ctx, ret);
	ret->grades_action_optional = ret->machine_check && ret->vendor != HWP_VENDOR_AMD &&
				      ret->vendor != HWP_VENDOR_HYGON &&
				      ret->vendor != HWP_VENDOR_UNKNOWN;
	char kpath[PATH_MAX];
	ret->inject_loaded = hwp_debugfs_path(ctx, "mce-inject/bank", kpath, sizeof(kpath)) == 0 &&
			     hwp_exists(ctx, kpath);
	ret->inject_installed = ret->inject_loaded || inject_installed(ctx);
	read_cec(ctx, ret);
	ret->exceptions = exceptions(ctx);
	int64_t recovery;
	ret->recovery = hwp_sysctl_vm(ctx, "memory_failure_recovery", &recovery) == 0
				? recovery != 0
				: -1;
	return 0;
}

const char *hwp_mce_unusable_reason(const struct hwp_mce_info *info, enum hwp_method method)
{
	if (!info->machine_check)
		return "no x86 machine-check architecture here (/sys/devices/system/machinecheck)";
	if (!info->inject_installed)
		return "the kernel has no mce-inject module (CONFIG_X86_MCE_INJECT)";
	if (method == HWP_METHOD_MCE && !info->grades_action_optional)
		return "on this CPU vendor the kernel never grades an uncorrected memory error "
		       "action-optional: an injected one would be fatal, not recovered "
		       "(use --method mce-ce, or an Intel CPU)";
	if (method == HWP_METHOD_MCE && info->recovery == 0)
		return "vm.memory_failure_recovery=0: a machine check would panic the machine";
	return NULL;
}

int hwp_mce_registers(enum hwp_cpu_vendor vendor, enum hwp_method method, uint64_t addr,
		      struct hwp_mce_registers *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->addr = addr;
	switch (method) {
	case HWP_METHOD_MCE:
		*ret = (struct hwp_mce_registers){ STATUS_SRAO, addr, MISC_PHYSICAL_PAGE, 1, true };
		return 0;
	case HWP_METHOD_MCE_CE:
		if (vendor == HWP_VENDOR_AMD || vendor == HWP_VENDOR_HYGON)
			*ret = (struct hwp_mce_registers){ STATUS_CE_AMD, addr, 0, 4, false };
		else
			*ret = (struct hwp_mce_registers){ STATUS_CE_INTEL, addr, MISC_PHYSICAL_PAGE,
							   1, false };
		return 0;
	default:
		return -EINVAL;
	}
}

static int write_register(struct hwp_ctx *ctx, const char *name, const char *text)
{
	char rel[64], kpath[PATH_MAX];
	snprintf(rel, sizeof(rel), "mce-inject/%s", name);
	int r = hwp_debugfs_path(ctx, rel, kpath, sizeof(kpath));
	return r < 0 ? r : hwp_write_text(ctx, kpath, text);
}

int hwp_mce_write(struct hwp_ctx *ctx, const struct hwp_mce_registers *regs)
{
	if (regs->status & MCI_PCC)
		return -EINVAL; /* a panic, never ours to cause */
	/* mce-inject clears its record after each injection: every register, every time. */
	char status[32], addr[32], misc[32], bank[16];
	snprintf(status, sizeof(status), "0x%" PRIx64 "\n", regs->status);
	snprintf(addr, sizeof(addr), "0x%" PRIx64 "\n", regs->addr);
	snprintf(misc, sizeof(misc), "0x%" PRIx64 "\n", regs->misc);
	snprintf(bank, sizeof(bank), "%u\n", regs->bank);
	/* The kernel cuts the last byte of a flags write: the newline must be there. */
	int r = write_register(ctx, "flags", regs->hw ? "hw\n" : "sw\n");
	if (r == 0)
		r = write_register(ctx, "status", status);
	if (r == 0)
		r = write_register(ctx, "addr", addr);
	if (r == 0)
		r = write_register(ctx, "misc", misc);
	if (r == 0)
		r = write_register(ctx, "synd", "0\n");
	if (r == 0)
		r = write_register(ctx, "cpu", "0\n");
	return r == 0 ? write_register(ctx, "bank", bank) : r;
}

int hwp_setup_mce(struct hwp_ctx *ctx, unsigned flags, unsigned *ret_actions)
{
	unsigned actions = 0;
	if (ret_actions)
		*ret_actions = 0;
	if (!hwp_kernel_supports_memory_failure(ctx))
		return -ENOSYS;
	int r = hwp_debugfs_ready(ctx, flags, &actions);
	char kpath[PATH_MAX];
	if (r == 0)
		r = hwp_debugfs_path(ctx, "mce-inject/bank", kpath, sizeof(kpath));
	if (r == 0 && !hwp_exists(ctx, kpath)) {
		if (!(flags & HWP_SETUP_LOAD))
			r = -ENOPKG;
		else if ((r = hwp_module_load(ctx, "mce-inject")) == 0)
			actions |= HWP_SETUP_DID_LOAD;
		if (r == 0 && !hwp_exists(ctx, kpath))
			r = -ENOPKG;
	}
	if (ret_actions)
		*ret_actions = actions;
	return r;
}

int hwp_cec_threshold(struct hwp_ctx *ctx, uint64_t *ret)
{
	char kpath[PATH_MAX];
	int r = hwp_debugfs_path(ctx, "ras/cec/action_threshold", kpath, sizeof(kpath));
	return r < 0 ? r : hwp_read_u64(ctx, kpath, ret);
}

int hwp_cec_threshold_set(struct hwp_ctx *ctx, uint64_t threshold)
{
	char kpath[PATH_MAX], text[32];
	int r = hwp_debugfs_path(ctx, "ras/cec/action_threshold", kpath, sizeof(kpath));
	snprintf(text, sizeof(text), "%" PRIu64 "\n", threshold);
	return r < 0 ? r : hwp_write_text(ctx, kpath, text);
}

/* A memory error by its MCA error code, as the kernel's mce_is_memory_error() tells. */
static bool is_memory_error(uint64_t status, enum hwp_cpu_vendor vendor, unsigned bank)
{
	unsigned mcacod = status & 0xffff;
	if (vendor == HWP_VENDOR_AMD || vendor == HWP_VENDOR_HYGON)
		return bank == 4 && ((status >> 16) & 0x1f) == 8;
	/* Memory controller errors, and cache errors of the memory hierarchy. */
	return (mcacod & 0xef80) == 0x0080 || (mcacod & 0xef00) == 0x0100;
}

size_t hwp_mce_status_words(uint64_t status, enum hwp_cpu_vendor vendor, unsigned bank,
			    const char **ret_words, size_t max)
{
	const char *words[8];
	size_t n = 0;
	words[n++] = status & MCI_UC ? "uncorrected" : "corrected";
	if ((status & MCI_UC) && (status & MCI_S))
		words[n++] = status & MCI_AR ? "action-required" : "action-optional";
	if (is_memory_error(status, vendor, bank))
		words[n++] = "memory";
	if (status & MCI_ADDRV)
		words[n++] = "address-valid";
	if (status & MCI_PCC)
		words[n++] = "context-corrupt";
	if (status & MCI_OVER)
		words[n++] = "overflow";
	if (!(status & MCI_VAL))
		words[n++] = "not-valid";
	if (n > max)
		n = max;
	memcpy(ret_words, words, n * sizeof(*words));
	return n;
}

enum hwp_cpu_vendor hwp_mce_record_vendor(int64_t kernel_vendor)
{
	/* arch/x86/include/asm/processor.h: X86_VENDOR_INTEL 0, _AMD 2, _HYGON 9. */
	switch (kernel_vendor) {
	case 0: return HWP_VENDOR_INTEL;
	case 2: return HWP_VENDOR_AMD;
	case 9: return HWP_VENDOR_HYGON;
	default: return HWP_VENDOR_OTHER;
	}
}
