// SPDX-License-Identifier: GPL-2.0-or-later
/* The one table of /proc/kpageflags bit names, and what follows from it. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hwpoison/hwpoison.h"

static const struct hwp_flag_name flag_table[] = {
	{ HWP_KPF_LOCKED, "locked" },
	{ HWP_KPF_ERROR, "error" },
	{ HWP_KPF_REFERENCED, "referenced" },
	{ HWP_KPF_UPTODATE, "uptodate" },
	{ HWP_KPF_DIRTY, "dirty" },
	{ HWP_KPF_LRU, "lru" },
	{ HWP_KPF_ACTIVE, "active" },
	{ HWP_KPF_SLAB, "slab" },
	{ HWP_KPF_WRITEBACK, "writeback" },
	{ HWP_KPF_RECLAIM, "reclaim" },
	{ HWP_KPF_BUDDY, "buddy" },
	{ HWP_KPF_MMAP, "mmap" },
	{ HWP_KPF_ANON, "anon" },
	{ HWP_KPF_SWAPCACHE, "swapcache" },
	{ HWP_KPF_SWAPBACKED, "swapbacked" },
	{ HWP_KPF_COMPOUND_HEAD, "compound_head" },
	{ HWP_KPF_COMPOUND_TAIL, "compound_tail" },
	{ HWP_KPF_HUGE, "huge" },
	{ HWP_KPF_UNEVICTABLE, "unevictable" },
	{ HWP_KPF_HWPOISON, "hwpoison" },
	{ HWP_KPF_NOPAGE, "nopage" },
	{ HWP_KPF_KSM, "ksm" },
	{ HWP_KPF_THP, "thp" },
	{ HWP_KPF_OFFLINE, "offline" },
	{ HWP_KPF_ZERO_PAGE, "zero_page" },
	{ HWP_KPF_IDLE, "idle" },
	{ HWP_KPF_PGTABLE, "pgtable" },
	{ HWP_KPF_RESERVED, "reserved" },
	{ HWP_KPF_MLOCKED, "mlocked" },
	{ HWP_KPF_OWNER_2, "owner_2" },
	{ HWP_KPF_PRIVATE, "private" },
	{ HWP_KPF_PRIVATE_2, "private_2" },
	{ HWP_KPF_OWNER_PRIVATE, "owner_private" },
	{ HWP_KPF_ARCH, "arch" },
	{ HWP_KPF_UNCACHED, "uncached" },
	{ HWP_KPF_SOFTDIRTY, "softdirty" },
	{ HWP_KPF_ARCH_2, "arch_2" },
	{ HWP_KPF_ARCH_3, "arch_3" },
};
#define NFLAGS (sizeof(flag_table) / sizeof(flag_table[0]))

const char *hwp_flag_name(unsigned bit)
{
	for (size_t i = 0; i < NFLAGS; i++)
		if (flag_table[i].bit == bit)
			return flag_table[i].name;
	return NULL;
}

int hwp_flag_lookup(const char *name, size_t len)
{
	for (size_t i = 0; i < NFLAGS; i++)
		if (strlen(flag_table[i].name) == len && memcmp(flag_table[i].name, name, len) == 0)
			return (int)flag_table[i].bit;
	return -ENOENT;
}

/* Append "name" or "bitN" (prefixed by sep) to buf, snprintf-style. */
static size_t put_name(char *buf, size_t len, size_t used, const char *prefix, unsigned bit)
{
	const char *name = hwp_flag_name(bit);
	char *at = used < len ? buf + used : NULL;
	size_t room = used < len ? len - used : 0;
	int n = name ? snprintf(at, room, "%s%s", prefix, name)
		     : snprintf(at, room, "%sbit%u", prefix, bit);
	return used + (n > 0 ? (size_t)n : 0);
}

int hwp_flags_format(uint64_t flags, char *buf, size_t len)
{
	return hwp_flags_format_expr(flags, flags, buf, len);
}

int hwp_flags_format_expr(uint64_t mask, uint64_t value, char *buf, size_t len)
{
	size_t used = 0;
	if (len > 0)
		buf[0] = '\0';
	for (unsigned bit = 0; bit < 64; bit++) {
		if (!(mask & HWP_KPF_BIT(bit)))
			continue;
		bool set = value & HWP_KPF_BIT(bit);
		const char *prefix = used == 0 ? (set ? "" : "~") : (set ? "," : ",~");
		used = put_name(buf, len, used, prefix, bit);
	}
	if (len > 0 && used >= len)
		buf[len - 1] = '\0';
	return (int)used;
}

int hwp_flags_parse_expr(const char *expr, uint64_t *ret_mask, uint64_t *ret_value,
			 const char **ret_bad, size_t *ret_bad_len)
{
	uint64_t mask = 0, value = 0;
	const char *p = expr;
	for (;;) {
		size_t len = strcspn(p, ",");
		bool negated = len > 0 && p[0] == '~';
		const char *name = p + negated;
		size_t name_len = len - negated;
		int bit = name_len ? hwp_flag_lookup(name, name_len) : -ENOENT;
		if (bit < 0 || (mask & HWP_KPF_BIT(bit))) {
			if (ret_bad)
				*ret_bad = p;
			if (ret_bad_len)
				*ret_bad_len = len;
			return -EINVAL;
		}
		mask |= HWP_KPF_BIT(bit);
		if (!negated)
			value |= HWP_KPF_BIT(bit);
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	*ret_mask = mask;
	*ret_value = value;
	return 0;
}

bool hwp_page_unrecoverable(uint64_t flags)
{
#define HAS(b) ((flags & HWP_KPF_BIT(HWP_KPF_##b)) != 0)
	if (HAS(RESERVED))
		return true;
	/* Nothing memory_failure() can act on: a page the kernel allocated for itself. */
	return !HAS(NOPAGE) && !HAS(BUDDY) && !HAS(LRU) && !HAS(MMAP) && !HAS(ANON) && !HAS(SLAB) &&
	       !HAS(HUGE) && !HAS(THP) && !HAS(SWAPCACHE) && !HAS(SWAPBACKED) && !HAS(PGTABLE) &&
	       !HAS(OFFLINE) && !HAS(ZERO_PAGE) && !HAS(HWPOISON) && !HAS(UNEVICTABLE) && !HAS(KSM);
#undef HAS
}

const char *hwp_page_unsafe_reason(uint64_t flags)
{
#define HAS(b) ((flags & HWP_KPF_BIT(HWP_KPF_##b)) != 0)
	if (HAS(NOPAGE))
		return "memory hole";
	if (HAS(RESERVED))
		return "reserved page";
	if (HAS(SLAB))
		return "slab page";
	if (HAS(PGTABLE))
		return "page table";
	if (HAS(OFFLINE))
		return "offline page";
	if (HAS(ZERO_PAGE))
		return "zero page";
	if ((HAS(COMPOUND_HEAD) || HAS(COMPOUND_TAIL)) && !HAS(HUGE) && !HAS(THP) && !HAS(LRU) &&
	    !HAS(BUDDY))
		return "kernel high-order page";
	return NULL;
#undef HAS
}
