// SPDX-License-Identifier: GPL-2.0-or-later
/* Tracepoint format files: tracefs text the kernel (or a fake mount) provides. */
#include "fuzz.h"

FUZZ_ENTRY(tracefmt)
{
	static struct hwp_trace_format fmt;
	if (hwp_trace_format_parse((const char *)data, size, &fmt) != 0)
		return 0;
	FUZZ_ASSERT(fmt.nfields <= HWP_TRACE_MAX_FIELDS && fmt.ntables <= HWP_TRACE_MAX_TABLES);
	unsigned char raw[64] = { 0 };
	for (size_t i = 0; i < fmt.nfields; i++) {
		int64_t v;
		if (hwp_trace_value(&fmt.fields[i], raw, sizeof(raw), &v) == 0)
			(void)hwp_trace_symbol(&fmt, fmt.fields[i].name, v);
		FUZZ_ASSERT(memchr(fmt.fields[i].name, '\0', sizeof(fmt.fields[i].name)) != NULL);
	}
	for (size_t i = 0; i < fmt.ntables; i++)
		FUZZ_ASSERT(fmt.tables[i].nsyms <= HWP_TRACE_MAX_SYMBOLS);
	return 0;
}
