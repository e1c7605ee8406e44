// SPDX-License-Identifier: GPL-2.0-or-later
/* The one parser of pfn and address lists: "A,B-C,D+N". */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hwpoison/hwpoison.h"

int hwp_parse_size(const char *text, size_t len, bool allow_suffix, uint64_t *ret)
{
	uint64_t multiplier = 1;
	if (allow_suffix && len > 0) {
		switch (text[len - 1]) {
		case 'K': case 'k': multiplier = UINT64_C(1) << 10; break;
		case 'M': case 'm': multiplier = UINT64_C(1) << 20; break;
		case 'G': case 'g': multiplier = UINT64_C(1) << 30; break;
		}
		if (multiplier != 1)
			len--;
	}
	unsigned base = 10;
	if (len >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		text += 2;
		len -= 2;
	}
	if (len == 0)
		return -EINVAL;
	uint64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -EINVAL;
		if (v > (UINT64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (v > UINT64_MAX / multiplier)
		return -ERANGE;
	*ret = v * multiplier;
	return 0;
}

/* Append one item, which the caller keeps as given (no joining). */
static int append(struct hwp_pfnlist *list, uint64_t first, uint64_t last)
{
	if (list->count == list->capacity) {
		size_t cap = list->capacity ? list->capacity * 2 : 8;
		struct hwp_range *r = realloc(list->ranges, cap * sizeof(*r));
		if (!r)
			return -ENOMEM;
		list->ranges = r;
		list->capacity = cap;
	}
	list->ranges[list->count++] = (struct hwp_range){ first, last };
	return 0;
}

int hwp_pfnlist_add(struct hwp_pfnlist *list, uint64_t first, uint64_t last)
{
	if (last < first)
		return -EINVAL;
	struct hwp_range *tail = list->count ? &list->ranges[list->count - 1] : NULL;
	if (tail && tail->last != UINT64_MAX && tail->last + 1 == first) {
		tail->last = last;
		return 0;
	}
	return append(list, first, last);
}

static int parse_item(const char *item, size_t len, enum hwp_list_unit unit, unsigned shift,
		      uint64_t *ret_first, uint64_t *ret_last)
{
	bool addr = unit == HWP_UNIT_ADDRESS;
	const char *dash = memchr(item, '-', len), *plus = memchr(item, '+', len);
	const char *sep = dash ? dash : plus;
	if (dash && plus)
		return -EINVAL;
	uint64_t a, b;
	int r = hwp_parse_size(item, sep ? (size_t)(sep - item) : len, addr, &a);
	if (r < 0)
		return r;
	uint64_t first = addr ? a >> shift : a;
	if (!sep) {
		*ret_first = *ret_last = first;
		return 0;
	}
	const char *rest = sep + 1;
	size_t rest_len = len - (size_t)(rest - item);
	if (dash) {
		r = hwp_parse_size(rest, rest_len, addr, &b);
		if (r < 0)
			return r;
		uint64_t last = addr ? b >> shift : b;
		if (b < a)
			return -EINVAL;
		*ret_first = first;
		*ret_last = last;
		return 0;
	}
	/* A+N: N pages, never an address. */
	r = hwp_parse_size(rest, rest_len, false, &b);
	if (r < 0)
		return r;
	if (b == 0)
		return -EINVAL;
	if (b - 1 > UINT64_MAX - first)
		return -ERANGE;
	*ret_first = first;
	*ret_last = first + (b - 1);
	return 0;
}

int hwp_pfnlist_parse(const char *text, enum hwp_list_unit unit, unsigned page_shift,
		      struct hwp_pfnlist *ret_list, const char **ret_bad, size_t *ret_bad_len)
{
	size_t start_count = ret_list->count;
	const char *p = text;
	for (;;) {
		size_t len = strcspn(p, ",");
		uint64_t first, last;
		int r = len == 0 ? -EINVAL : parse_item(p, len, unit, page_shift, &first, &last);
		if (r == 0)
			r = append(ret_list, first, last);
		if (r < 0) {
			if (ret_bad)
				*ret_bad = p;
			if (ret_bad_len)
				*ret_bad_len = len;
			ret_list->count = start_count;
			if (start_count == 0)
				hwp_pfnlist_free(ret_list);
			return r;
		}
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

void hwp_pfnlist_free(struct hwp_pfnlist *list)
{
	free(list->ranges);
	*list = (struct hwp_pfnlist){ NULL, 0, 0 };
}

uint64_t hwp_pfnlist_pages(const struct hwp_pfnlist *list)
{
	uint64_t total = 0;
	for (size_t i = 0; i < list->count; i++) {
		uint64_t n = list->ranges[i].last - list->ranges[i].first;
		if (n == UINT64_MAX || total > UINT64_MAX - n - 1)
			return UINT64_MAX;
		total += n + 1;
	}
	return total;
}

bool hwp_pfnlist_contains(const struct hwp_pfnlist *list, uint64_t pfn)
{
	size_t lo = 0, hi = list->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pfn < list->ranges[mid].first)
			hi = mid;
		else if (pfn > list->ranges[mid].last)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

static int by_first(const void *a, const void *b)
{
	const struct hwp_range *x = a, *y = b;
	return (x->first > y->first) - (x->first < y->first);
}

void hwp_pfnlist_normalize(struct hwp_pfnlist *list)
{
	if (list->count < 2)
		return;
	qsort(list->ranges, list->count, sizeof(*list->ranges), by_first);
	size_t out = 0;
	for (size_t i = 1; i < list->count; i++) {
		struct hwp_range *last = &list->ranges[out];
		if (list->ranges[i].first <= last->last || list->ranges[i].first == last->last + 1) {
			if (list->ranges[i].last > last->last)
				last->last = list->ranges[i].last;
		} else {
			list->ranges[++out] = list->ranges[i];
		}
	}
	list->count = out + 1;
}
