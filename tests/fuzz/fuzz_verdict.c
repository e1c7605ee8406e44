// SPDX-License-Identifier: GPL-2.0-or-later
/* The kernel log's "Memory failure: 0x..: recovery action for T: R". */
#include "fuzz.h"

FUZZ_ENTRY(verdict)
{
	uint64_t pfn;
	char type[HWP_VERDICT_LEN], result[HWP_VERDICT_LEN], small[4];
	if (hwp_parse_verdict_line((const char *)data, size, &pfn, type, sizeof(type), result,
				   sizeof(result)) == 0) {
		FUZZ_ASSERT(memchr(type, '\0', sizeof(type)) != NULL);
		FUZZ_ASSERT(memchr(result, '\0', sizeof(result)) != NULL);
	}
	(void)hwp_parse_verdict_line((const char *)data, size, &pfn, small, sizeof(small), small,
				     sizeof(small));
	return 0;
}
