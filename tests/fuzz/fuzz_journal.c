// SPDX-License-Identifier: GPL-2.0-or-later
/* Journal lines: /run/hwpoison/journal may be damaged or written by anyone root. */
#include "fuzz.h"

FUZZ_ENTRY(journal)
{
	struct hwp_journal_entry e;
	if (hwp_journal_parse_line((const char *)data, size, &e) == 0) {
		FUZZ_ASSERT(memchr(e.op, '\0', sizeof(e.op)) != NULL);
		FUZZ_ASSERT(memchr(e.status, '\0', sizeof(e.status)) != NULL);
		FUZZ_ASSERT(memchr(e.type, '\0', sizeof(e.type)) != NULL);
	}
	return 0;
}
