// SPDX-License-Identifier: GPL-2.0-or-later
/* memory_failure_event's format file as Debian's 6.1 and 6.12 kernels print it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hwpoison/hwpoison.h"
#include "tap.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = malloc(65536);
	*len = fread(buf, 1, 65535, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void check_kernel(const char *release, unsigned id, int64_t huge, int64_t buddy,
			 const char *only_here)
{
	char path[128];
	snprintf(path, sizeof(path), "tests/unit/data/memory_failure_event-%s.format", release);
	size_t len = 0;
	char *text = slurp(path, &len);
	ok(text != NULL, "%s: the captured format file is there", release);
	if (!text)
		return;
	struct hwp_trace_format *fmt = malloc(sizeof(*fmt));
	ok(hwp_trace_format_parse(text, len, fmt) == 0, "%s: parses", release);
	ok(!strcmp(fmt->name, "memory_failure_event") && fmt->id == id, "%s: name and id %u", release, id);
	const struct hwp_trace_field *pfn = hwp_trace_field(fmt, "pfn");
	const struct hwp_trace_field *type = hwp_trace_field(fmt, "type");
	const struct hwp_trace_field *result = hwp_trace_field(fmt, "result");
	ok(pfn && pfn->offset == 8 && pfn->size == 8 && !pfn->is_signed, "%s: pfn at 8, 8 bytes", release);
	ok(type && type->offset == 16 && type->size == 4 && type->is_signed, "%s: type at 16", release);
	ok(result && result->offset == 20 && result->size == 4, "%s: result at 20", release);
	const char *h = hwp_trace_symbol(fmt, "type", huge);
	ok(h && !strcmp(h, "huge page"), "%s: type %lld is huge page", release, (long long)huge);
	const char *b = hwp_trace_symbol(fmt, "type", buddy);
	ok(b && !strcmp(b, "free buddy page"), "%s: type %lld is free buddy page", release, (long long)buddy);
	const char *rec = hwp_trace_symbol(fmt, "result", 3);
	ok(rec && !strcmp(rec, "Recovered"), "%s: result 3 is Recovered", release);
	int found = 0;
	for (int64_t v = 0; v < 64; v++) {
		const char *n = hwp_trace_symbol(fmt, "type", v);
		found |= n && !strcmp(n, only_here);
	}
	ok(found, "%s: knows '%s'", release, only_here);
	/* A raw record: common header, then pfn 0x3e01, type buddy, result Recovered. */
	unsigned char raw[24] = { 0 };
	uint64_t p = 0x3e01;
	int32_t t = (int32_t)buddy, r = 3;
	memcpy(raw + 8, &p, 8);
	memcpy(raw + 16, &t, 4);
	memcpy(raw + 20, &r, 4);
	int64_t v;
	ok(hwp_trace_value(pfn, raw, sizeof(raw), &v) == 0 && v == 0x3e01, "%s: pfn decoded", release);
	ok(hwp_trace_value(result, raw, 22, &v) < 0, "%s: a short record is refused", release);
	free(fmt);
	free(text);
}

int main(void)
{
	/* The page types moved between these kernels: names come from the file. */
	check_kernel("6.1", 1223, 4, 16, "different compound page after locking");
	check_kernel("6.12", 1347, 3, 16, "get hwpoison page");
	struct hwp_trace_format *fmt = malloc(sizeof(*fmt));
	ok(hwp_trace_format_parse("name: x\n", 8, fmt) < 0, "a format without ID or fields is refused");
	free(fmt);
	return done_testing();
}
