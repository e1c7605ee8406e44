// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What hwpoison tells people beyond the library's facts: what became of a
 * huge page, why an unpoison met EBUSY, which name a typo meant. Policy of
 * the command layer, in English; the library gives the facts typed.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "advice.h"

static const char *huge_kind_name(enum hwp_huge_kind kind)
{
	switch (kind) {
	case HWP_HUGE_THP: return "THP";
	case HWP_HUGE_HUGETLB: return "hugetlb page";
	case HWP_HUGE_COMPOUND: return "compound page";
	case HWP_HUGE_NONE: break;
	}
	return "page";
}

int advice_huge_note(const struct hwp_huge *h, const struct hwp_huge_outcome *outcome, bool acted,
		     unsigned page_shift, char *buf, size_t len)
{
	if (h->kind == HWP_HUGE_NONE)
		return snprintf(buf, len, "%s", "");
	uint64_t kib = page_shift >= 10 ? h->npages << (page_shift - 10) : h->npages;
	char size[32];
	if (kib >= 1024 * 1024)
		snprintf(size, sizeof(size), "%" PRIu64 " GiB", kib >> 20);
	else if (kib >= 1024)
		snprintf(size, sizeof(size), "%" PRIu64 " MiB", kib >> 10);
	else
		snprintf(size, sizeof(size), "%" PRIu64 " KiB", kib);
	const char *what = huge_kind_name(h->kind);
	if (!acted)
		return snprintf(buf, len, "part of a %s %s (head pfn 0x%" PRIx64 ")", size, what,
				h->head);
	const char *fate = outcome->still_whole		? "still whole"
			   : h->kind == HWP_HUGE_HUGETLB ? "dissolved by the kernel"
							 : "split up by the kernel";
	return snprintf(buf, len, "part of a %s %s (head pfn 0x%" PRIx64 "): %s, %" PRIu64
			" of its %" PRIu64 " pages now poisoned", size, what, h->head, fate,
			outcome->poisoned, h->npages);
}

bool advice_unpoison_busy(const struct hwp_page_report *rep, char *buf, size_t len)
{
	const struct hwp_target *t = &rep->holder;
	if (!rep->holder_known)
		return false;
	if (t->kind == HWP_TARGET_FILE) {
		snprintf(buf, len, "still in the page cache of %s: remove or truncate the file, then "
			 "unpoison again", t->file);
		return true;
	}
	if (!hwp_target_is_process(t) || !rep->holder_alive)
		return false;
	if (t->kind == HWP_TARGET_GUEST)
		snprintf(buf, len, "QEMU (process %d) still maps it at 0x%" PRIx64 " for the guest's "
			 "gpa 0x%" PRIx64 ": stop the guest, then unpoison again", t->pid, t->vaddr,
			 t->gpa);
	else
		snprintf(buf, len, "process %d still maps it at 0x%" PRIx64 ": end the process (or "
			 "unmap the page), then unpoison again", t->pid, t->vaddr);
	return true;
}

size_t advice_edit_distance(const char *a, size_t la, const char *b)
{
	size_t lb = strlen(b), row[64];
	if (la >= 63 || lb >= 63)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

size_t advice_flag_suggest(const char *name, size_t len, const char **ret_names, size_t max)
{
	size_t limit = len / 2 > 2 ? len / 2 : 2, count = 0;
	/* Each distance once: a prefix match counts as distance 0. */
	size_t dist[64];
	for (unsigned bit = 0; bit < 64; bit++) {
		const char *cand = hwp_flag_name(bit);
		bool prefix = cand && len > 0 && strncasecmp(cand, name, len) == 0;
		dist[bit] = !cand ? (size_t)-1 : prefix ? 0 : advice_edit_distance(name, len, cand);
	}
	/* Best first; ties in the order of the bits. No name is longer than 62. */
	if (limit > 62)
		limit = 62;
	for (size_t d = 0; d <= limit && count < max; d++)
		for (unsigned bit = 0; bit < 64 && count < max; bit++)
			if (dist[bit] == d)
				ret_names[count++] = hwp_flag_name(bit);
	return count;
}
