// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Huge pages around a target: which compound page a pfn belongs to, so a
 * command can say what the kernel did to the rest of it (split a THP,
 * poison a whole hugetlb page, dissolve a free one).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "internal.h"

/* Compound pages are at most 1 GiB (order 18 with 4 KiB pages) and naturally aligned. */
#define MAX_ORDER_SEEN 18

static bool has(uint64_t flags, unsigned bit)
{
	return flags & HWP_KPF_BIT(bit);
}

int hwp_huge_find(struct hwp_ctx *ctx, uint64_t pfn, struct hwp_huge *ret)
{
	uint64_t flags;
	*ret = (struct hwp_huge){ .kind = HWP_HUGE_NONE };
	int r = hwp_kpageflags_get(ctx, pfn, &flags);
	return r < 0 ? r : hwp_huge_find_flags(ctx, pfn, flags, ret);
}

int hwp_huge_find_flags(struct hwp_ctx *ctx, uint64_t pfn, uint64_t flags, struct hwp_huge *ret)
{
	uint64_t head = pfn;
	int r;
	*ret = (struct hwp_huge){ .kind = HWP_HUGE_NONE };
	if (!has(flags, HWP_KPF_COMPOUND_HEAD) && !has(flags, HWP_KPF_COMPOUND_TAIL))
		return 0;
	if (has(flags, HWP_KPF_COMPOUND_TAIL)) {
		/*
		 * The head sits at the first aligned boundary below pfn that is a
		 * head: smaller aligned candidates are tails of the same page.
		 */
		bool found = false;
		for (unsigned k = 1; k <= MAX_ORDER_SEEN && !found; k++) {
			uint64_t cand = pfn & ~((UINT64_C(1) << k) - 1), f;
			if ((r = hwp_kpageflags_get(ctx, cand, &f)) < 0)
				return r;
			if (has(f, HWP_KPF_COMPOUND_HEAD)) {
				head = cand;
				found = true;
			}
		}
		if (!found)
			return 0; /* changed under us: report nothing rather than guess */
	}
	uint64_t head_flags;
	if ((r = hwp_kpageflags_get(ctx, head, &head_flags)) < 0)
		return r;
	/* The page ends where the first non-tail follows the head. */
	unsigned order = 0;
	for (unsigned k = 0; k <= MAX_ORDER_SEEN; k++) {
		uint64_t f = 0;
		r = hwp_kpageflags_get(ctx, head + (UINT64_C(1) << k), &f);
		if (r < 0 && r != -ERANGE)
			return r;
		if (r == -ERANGE || !has(f, HWP_KPF_COMPOUND_TAIL)) {
			order = k;
			break;
		}
	}
	ret->head = head;
	ret->npages = UINT64_C(1) << order;
	if (has(head_flags, HWP_KPF_HUGE))
		ret->kind = HWP_HUGE_HUGETLB;
	else if (has(head_flags, HWP_KPF_THP) || has(flags, HWP_KPF_THP))
		ret->kind = HWP_HUGE_THP;
	else
		ret->kind = HWP_HUGE_COMPOUND;
	return 0;
}

struct count_state {
	uint64_t poisoned;
};

static int count_poisoned(uint64_t pfn, uint64_t flags, void *data)
{
	(void)pfn;
	struct count_state *st = data;
	if (has(flags, HWP_KPF_HWPOISON))
		st->poisoned++;
	return 0;
}

int hwp_huge_outcome(struct hwp_ctx *ctx, const struct hwp_huge *before, uint64_t pfn,
		     struct hwp_huge_outcome *ret)
{
	*ret = (struct hwp_huge_outcome){ .still_whole = false };
	if (before->kind == HWP_HUGE_NONE)
		return 0;
	struct hwp_huge now;
	int r = hwp_huge_find(ctx, pfn, &now);
	if (r < 0)
		return r;
	ret->still_whole = now.kind != HWP_HUGE_NONE && now.head == before->head &&
			   now.npages == before->npages;
	struct count_state st = { 0 };
	r = hwp_kpageflags_scan(ctx, before->head, before->head + before->npages - 1,
				count_poisoned, &st);
	if (r < 0)
		return r;
	ret->poisoned = st.poisoned;
	return 0;
}
