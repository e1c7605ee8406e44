// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel log's "Memory failure: 0x..: recovery action for T: R", and its
 * lines about processes ("Sending SIGBUS to COMM:PID", "MCE: Killing ...").
 */
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
	struct hwp_kill k;
	if (hwp_parse_kill_line((const char *)data, size, &pfn, &k) == 0) {
		FUZZ_ASSERT(k.pid > 0);
		FUZZ_ASSERT(memchr(k.comm, '\0', sizeof(k.comm)) != NULL);
		/* What the journal would write of it reads back the same. */
		struct hwp_kills one = { .n = 0 }, back;
		hwp_kills_add(&one, &k);
		char text[128];
		hwp_kills_format(&one, text, sizeof(text));
		FUZZ_ASSERT(hwp_kills_parse(text, &back) == 0 && back.n == 1 &&
			    back.k[0].pid == k.pid && strcmp(back.k[0].comm, k.comm) == 0);
	}
	return 0;
}
