// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Our use of libtraceevent: the verdict tracepoint's format, as Debian's
 * 6.1 and 6.12 kernels print it, parsed by libtraceevent; the input is the
 * raw record the kernel hands us through perf (its first byte picks the
 * kernel). Every field is read and named as hwpoison events and inject do.
 * Format files themselves come from the running kernel's root-only tracefs
 * and are libtraceevent's to parse: fuzzing that text found a leak and a
 * NULL dereference inside libtraceevent 1.7 itself (see the closing note).
 */
#include <errno.h>
#include <stdio.h>

#include "fuzz.h"

static struct hwp_trace_format *load(const char *release)
{
	char path[128], text[8192];
	snprintf(path, sizeof(path), "tests/unit/data/memory_failure_event-%s.format", release);
	FILE *f = fopen(path, "r");
	FUZZ_ASSERT(f != NULL);
	size_t n = fread(text, 1, sizeof(text), f);
	fclose(f);
	struct hwp_trace_format *fmt = NULL;
	FUZZ_ASSERT(hwp_trace_format_parse(text, n, "ras", &fmt) == 0);
	return fmt;
}

FUZZ_ENTRY(tracefmt)
{
	static struct hwp_trace_format *formats[2];
	if (!formats[0]) {
		formats[0] = load("6.1");
		formats[1] = load("6.12");
	}
	if (size == 0)
		return 0;
	const struct hwp_trace_format *fmt = formats[data[0] & 1];
	struct hwp_event e = { .format = fmt, .raw = data + 1, .raw_len = size - 1 };
	struct hwp_event_field fields[8];
	size_t n = hwp_event_fields(&e, fields, 8);
	FUZZ_ASSERT(n <= hwp_trace_field_count(fmt));
	for (size_t i = 0; i < n; i++) {
		FUZZ_ASSERT(fields[i].name != NULL);
		if (fields[i].symbol)
			FUZZ_ASSERT(strlen(fields[i].symbol) < 64);
	}
	int64_t v;
	int r = hwp_trace_value(fmt, "common_pid", e.raw, e.raw_len, &v);
	FUZZ_ASSERT(r == 0 || r == -ERANGE);
	FUZZ_ASSERT(hwp_trace_value(fmt, "no_such_field", e.raw, e.raw_len, &v) == -ENOENT);
	return 0;
}
