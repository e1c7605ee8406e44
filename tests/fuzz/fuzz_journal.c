// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Journal lines: /run/hwpoison/journal may be damaged or written by anyone
 * root. A line that parses has words of the tables, and its target reads
 * back as it is written.
 */
#include "fuzz.h"

FUZZ_ENTRY(journal)
{
	struct hwp_journal_entry e;
	if (hwp_journal_parse_line((const char *)data, size, &e) == 0) {
		FUZZ_ASSERT(hwp_method_info(e.method) && hwp_method_info(e.method)->op == e.op);
		FUZZ_ASSERT(strcmp(hwp_status_name(e.status), "unknown") != 0);
		FUZZ_ASSERT(memchr(e.type, '\0', sizeof(e.type)) != NULL);
		char once[HWP_TARGET_LEN + 128], twice[HWP_TARGET_LEN + 128];
		struct hwp_target back;
		hwp_target_format(&e.target, once, sizeof(once));
		FUZZ_ASSERT(hwp_target_parse(once, &back) == 0);
		hwp_target_format(&back, twice, sizeof(twice));
		FUZZ_ASSERT(strcmp(once, twice) == 0);
	}
	return 0;
}
