// SPDX-License-Identifier: GPL-2.0-or-later
/* pfn and address lists: --pfn, --addr, --vaddr, --offset, --range. */
#include "fuzz.h"

FUZZ_ENTRY(pfnlist)
{
	if (size < 1)
		return 0;
	enum hwp_list_unit unit = data[0] & 1 ? HWP_UNIT_ADDRESS : HWP_UNIT_PFN;
	char *text = fuzz_string(data + 1, size - 1);
	struct hwp_pfnlist list = { .count = 0 };
	const char *bad = NULL;
	size_t bad_len = 0;
	int r = hwp_pfnlist_parse(text, unit, 12, &list, &bad, &bad_len);
	if (r == 0) {
		for (size_t i = 0; i < list.count; i++)
			FUZZ_ASSERT(list.ranges[i].first <= list.ranges[i].last);
		(void)hwp_pfnlist_pages(&list);
		if (list.count)
			(void)hwp_pfnlist_contains(&list, list.ranges[0].first);
	} else if (bad) {
		/* The offending token lies inside the input. */
		FUZZ_ASSERT(bad >= text && bad + bad_len <= text + (size - 1));
	}
	hwp_pfnlist_free(&list);
	free(text);
	return 0;
}
