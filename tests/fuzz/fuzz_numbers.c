// SPDX-License-Identifier: GPL-2.0-or-later
/* Sizes with K/M/G suffixes, sysctl integers, /proc/meminfo. */
#include "fuzz.h"

FUZZ_ENTRY(numbers)
{
	uint64_t v;
	(void)hwp_parse_size((const char *)data, size, false, &v);
	if (hwp_parse_size((const char *)data, size, true, &v) == 0)
		FUZZ_ASSERT(size > 0);
	int64_t i;
	(void)hwp_parse_int64((const char *)data, size, &i);
	uint64_t kb;
	(void)hwp_parse_meminfo_kb((const char *)data, size, "HardwareCorrupted", &kb);
	return 0;
}
