// SPDX-License-Identifier: GPL-2.0-or-later
/* Tracepoint format files through libtraceevent: tracefs text the kernel (or a fake mount) provides. */
#include "fuzz.h"

FUZZ_ENTRY(tracefmt)
{
	struct hwp_trace_format *fmt = NULL;
	if (hwp_trace_format_parse((const char *)data, size, "ras", &fmt) != 0) {
		FUZZ_ASSERT(fmt == NULL);
		return 0;
	}
	unsigned char raw[64] = { 0 };
	size_t n = hwp_trace_field_count(fmt);
	FUZZ_ASSERT(n > 0);
	for (size_t i = 0; i < n; i++) {
		const char *name = hwp_trace_field_name(fmt, i);
		FUZZ_ASSERT(name != NULL);
		int64_t v;
		if (hwp_trace_value(fmt, name, raw, sizeof(raw), &v) == 0)
			(void)hwp_trace_symbol(fmt, name, v);
	}
	FUZZ_ASSERT(hwp_trace_field_name(fmt, n) == NULL);
	(void)hwp_trace_format_id(fmt);
	hwp_trace_format_free(fmt);
	return 0;
}
