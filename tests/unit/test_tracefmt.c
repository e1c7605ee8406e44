// SPDX-License-Identifier: GPL-2.0-or-later
/* memory_failure_event's format file as Debian's 6.1 and 6.12 kernels print it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
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
	struct hwp_trace_format *fmt = NULL;
	ok(hwp_trace_format_parse(text, len, "ras", &fmt) == 0, "%s: parses", release);
	if (!fmt) {
		free(text);
		return;
	}
	ok(!strcmp(hwp_trace_format_name(fmt), "memory_failure_event") &&
	   hwp_trace_format_id(fmt) == id, "%s: name and id %u", release, id);
	ok(hwp_trace_field_count(fmt) == 3 && !strcmp(hwp_trace_field_name(fmt, 0), "pfn") &&
	   !strcmp(hwp_trace_field_name(fmt, 2), "result") && !hwp_trace_field_name(fmt, 3),
	   "%s: its own fields are pfn, type, result", release);
	ok(hwp_trace_has_field(fmt, "common_pid") && !hwp_trace_has_field(fmt, "nonesuch"),
	   "%s: common fields are known too", release);
	const char *h = hwp_trace_symbol(fmt, "type", huge);
	ok(h && !strcmp(h, "huge page"), "%s: type %lld is huge page", release, (long long)huge);
	const char *b = hwp_trace_symbol(fmt, "type", buddy);
	ok(b && !strcmp(b, "free buddy page"), "%s: type %lld is free buddy page", release, (long long)buddy);
	const char *rec = hwp_trace_symbol(fmt, "result", 3);
	ok(rec && !strcmp(rec, "Recovered"), "%s: result 3 is Recovered", release);
	ok(hwp_trace_symbol(fmt, "result", 99) == NULL, "%s: an unnamed result has no name", release);
	int found = 0;
	for (int64_t v = 0; v < 64; v++) {
		const char *n = hwp_trace_symbol(fmt, "type", v);
		found |= n && !strcmp(n, only_here);
	}
	ok(found, "%s: knows '%s'", release, only_here);
	/* A raw record: common header (pid 77), then pfn 0x3e01, type buddy, result -1. */
	unsigned char raw[24] = { 0 };
	uint64_t p = 0x3e01;
	int32_t pid = 77, t = (int32_t)buddy, r = -1;
	memcpy(raw + 4, &pid, 4);
	memcpy(raw + 8, &p, 8);
	memcpy(raw + 16, &t, 4);
	memcpy(raw + 20, &r, 4);
	int64_t v;
	ok(hwp_trace_value(fmt, "pfn", raw, sizeof(raw), &v) == 0 && v == 0x3e01, "%s: pfn decoded", release);
	ok(hwp_trace_value(fmt, "common_pid", raw, sizeof(raw), &v) == 0 && v == 77,
	   "%s: common_pid decoded", release);
	ok(hwp_trace_value(fmt, "result", raw, sizeof(raw), &v) == 0 && v == -1,
	   "%s: a signed field keeps its sign", release);
	ok(hwp_trace_value(fmt, "result", raw, 22, &v) == -ERANGE, "%s: a short record is refused", release);
	ok(hwp_trace_value(fmt, "nonesuch", raw, sizeof(raw), &v) == -ENOENT, "%s: no such field", release);
	hwp_trace_format_free(fmt);
	free(text);
}

/* A fixture tracefs whose memory_failure_event lacks the verdict's fields. */
static void check_open_without_verdict_fields(void)
{
	char root[] = "/tmp/hwp-test-XXXXXX";
	ok(mkdtemp(root) != NULL, "fixture root");
	char cmd[512];
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/sys/kernel/tracing/events/ras/memory_failure_event "
		 "%s/sys/devices/system/cpu && echo 0 > %s/sys/devices/system/cpu/online && "
		 "sed '/field:unsigned long pfn/d' tests/unit/data/memory_failure_event-6.12.format "
		 "> %s/sys/kernel/tracing/events/ras/memory_failure_event/format",
		 root, root, root, root);
	ok(system(cmd) == 0, "fixture tracefs written");
	struct hwp_ctx *ctx;
	ok(hwp_ctx_new(root, &ctx) == 0, "context rooted in the fixture");
	struct hwp_events_opts o = { .memory_failure = true, .memory_failure_only = true };
	struct hwp_events *ev = (struct hwp_events *)1;
	const char *bad = NULL;
	/* The format is loaded, then found wanting: it must be freed (valgrind, LSan). */
	ok(hwp_events_open(ctx, &o, &ev, &bad) == -ENOENT && ev == NULL &&
	   bad && !strcmp(bad, "ras:memory_failure_event"),
	   "a verdict event without pfn is -ENOENT, and named");
	hwp_ctx_free(ctx);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	ok(system(cmd) == 0, "fixture removed");
}

int main(void)
{
	/* The page types moved between these kernels: names come from the file. */
	check_kernel("6.1", 1223, 4, 16, "different compound page after locking");
	check_kernel("6.12", 1347, 3, 16, "get hwpoison page");
	struct hwp_trace_format *fmt = NULL;
	ok(hwp_trace_format_parse("name: x\n", 8, "ras", &fmt) < 0 && fmt == NULL,
	   "a format without ID or fields is refused");
	/* A print format libtraceevent cannot read (a newer kernel's) still leaves the fields. */
	static const char odd[] =
		"name: odd\nID: 5\nformat:\n"
		"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\n"
		"\tfield:int a;\toffset:8;\tsize:4;\tsigned:1;\n\n"
		"print fmt: \"%d\", __weird_new_thing(REC->a, {{\n";
	fmt = NULL;
	ok(hwp_trace_format_parse(odd, sizeof(odd) - 1, "x", &fmt) == 0 && fmt &&
	   hwp_trace_field_count(fmt) == 1 && hwp_trace_format_id(fmt) == 5,
	   "an unreadable print format keeps its fields and id");
	if (fmt) {
		unsigned char raw[12] = { 0 };
		int32_t a = -7;
		int64_t v;
		memcpy(raw + 8, &a, 4);
		ok(hwp_trace_value(fmt, "a", raw, sizeof(raw), &v) == 0 && v == -7, "and its values");
		hwp_trace_format_free(fmt);
	}
	check_open_without_verdict_fields();
	return done_testing();
}
