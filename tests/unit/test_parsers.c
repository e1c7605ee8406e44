// SPDX-License-Identifier: GPL-2.0-or-later
/* The parsers of outside input, table-driven. */
#include <errno.h>
#include <string.h>

#include "hwpoison/hwpoison.h"
#include "internal.h"
#include "tap.h"

static void pfnlist(const char *text, enum hwp_list_unit unit, int want, const char *want_ranges,
		    const char *want_bad)
{
	struct hwp_pfnlist list = { .count = 0 };
	const char *bad = NULL;
	size_t bad_len = 0;
	int r = hwp_pfnlist_parse(text, unit, 12, &list, &bad, &bad_len);
	char got[256] = "";
	for (size_t i = 0; r == 0 && i < list.count; i++) {
		char one[48];
		snprintf(one, sizeof(one), "%s%llx-%llx", i ? "," : "",
			 (unsigned long long)list.ranges[i].first, (unsigned long long)list.ranges[i].last);
		strncat(got, one, sizeof(got) - strlen(got) - 1);
	}
	if (want == 0)
		ok(r == 0 && strcmp(got, want_ranges) == 0, "list '%s' gives %s (got %s)", text,
		   want_ranges, got);
	else
		ok(r == want && bad && (int)bad_len == (int)strlen(want_bad) &&
			   strncmp(bad, want_bad, bad_len) == 0,
		   "list '%s' is refused, naming '%s' (got %d '%.*s')", text, want_bad, r,
		   (int)bad_len, bad ? bad : "");
	hwp_pfnlist_free(&list);
}

/* Targets as the journal writes them, and back, spaces in paths included. */
static void test_targets(void)
{
	static const char *const texts[] = {
		"pid=4242 vaddr=0x403000",
		"file=/srv/my data offset=8192",
		"file=/srv/a offset=1 offset=4096",
		"filter=memcg:77,dev:4294967295:4294967295,flags:0x0/0x0",
		"file=/srv/x filter=memcg:1 offset=5 filter=memcg:0,dev:8:1,flags:0x800/0x800",
		"pid=1 vaddr=0x1000 filter=memcg:0,dev:4294967295:4294967295,flags:0x1000/0x0",
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct hwp_target t;
		char back[HWP_TARGET_LEN];
		ok(hwp_target_parse(texts[i], &t) == 0, "target '%s' reads", texts[i]);
		hwp_target_format(&t, back, sizeof(back));
		is_str(back, texts[i], "and writes back the same");
	}
	struct hwp_target t;
	ok(hwp_target_parse("file=/srv/a offset=1 offset=4096", &t) == 0 && t.offset == 4096 &&
		   !strcmp(t.file, "/srv/a offset=1"), "the offset is the last one");
	ok(hwp_target_parse("pid=1 vaddr=0x10 extra", &t) < 0 && t.kind == HWP_TARGET_PFN,
	   "trailing words: not a target, a pfn's record");
	ok(hwp_target_parse("", &t) == 0 && t.kind == HWP_TARGET_PFN && !t.scoped, "empty: a pfn");
}

int main(void)
{
	pfnlist("0x10-0x12,5+2", HWP_UNIT_PFN, 0, "10-12,5-6", NULL);
	pfnlist("4K,1M+2", HWP_UNIT_ADDRESS, 0, "1-1,100-101", NULL);
	pfnlist("1,5-3", HWP_UNIT_PFN, -EINVAL, NULL, "5-3");
	pfnlist("12x", HWP_UNIT_PFN, -EINVAL, NULL, "12x");
	pfnlist("4K", HWP_UNIT_PFN, -EINVAL, NULL, "4K");
	pfnlist("18446744073709551616", HWP_UNIT_PFN, -ERANGE, NULL, "18446744073709551616");

	uint64_t mask, value;
	const char *bad;
	size_t bad_len;
	ok(hwp_flags_parse_expr("lru,~anon", &mask, &value, &bad, &bad_len) == 0 &&
		   mask == (HWP_KPF_BIT(HWP_KPF_LRU) | HWP_KPF_BIT(HWP_KPF_ANON)) &&
		   value == HWP_KPF_BIT(HWP_KPF_LRU),
	   "lru,~anon: mask lru|anon, value lru");
	ok(hwp_flags_parse_expr("lru,budy", &mask, &value, &bad, &bad_len) < 0 && bad_len == 4 &&
		   strncmp(bad, "budy", 4) == 0,
	   "an unknown flag name is named");
	char names[256];
	hwp_flags_format(HWP_KPF_BIT(HWP_KPF_BUDDY) | (UINT64_C(1) << 60), names, sizeof(names));
	ok(strstr(names, "buddy") && strstr(names, "60"), "unknown bits are shown as numbers: %s", names);

	uint64_t pfn;
	char type[HWP_VERDICT_LEN], result[HWP_VERDICT_LEN];
	const char *line = "Memory failure: 0x3e01: recovery action for huge page: Recovered";
	ok(hwp_parse_verdict_line(line, strlen(line), &pfn, type, sizeof(type), result,
				  sizeof(result)) == 0 &&
		   pfn == 0x3e01 && !strcmp(type, "huge page") && !strcmp(result, "Recovered"),
	   "verdict line: pfn, type, result");
	line = "Memory failure: 0x3e01: unhandlable page";
	ok(hwp_parse_verdict_line(line, strlen(line), &pfn, type, sizeof(type), result,
				  sizeof(result)) < 0,
	   "a memory-failure line without a verdict is not one");

	uint64_t kb;
	const char *meminfo = "MemTotal: 100 kB\nHardwareCorruptedX: 9 kB\nHardwareCorrupted:     8 kB\n";
	ok(hwp_parse_meminfo_kb(meminfo, strlen(meminfo), "HardwareCorrupted", &kb) == 0 && kb == 8,
	   "meminfo: the exact key, not a prefix");
	int64_t v;
	ok(hwp_parse_int64("1\n", 2, &v) == 0 && v == 1, "sysctl: 1 with a newline");
	ok(hwp_parse_int64("1x", 2, &v) < 0, "sysctl: trailing junk refused");

	struct hwp_journal_entry e;
	line = "hwp1\t1700000000.5\t77\tinject\tdebugfs\t0xb\tinjected\tfree buddy page\tRecovered";
	ok(hwp_journal_parse_line(line, strlen(line), &e) == 0 && e.pfn == 0xb && e.pid == 77 &&
		   e.op == HWP_OP_INJECT && e.method == HWP_METHOD_DEBUGFS &&
		   e.status == HWP_STATUS_INJECTED && !strcmp(e.type, "free buddy page") &&
		   e.target.kind == HWP_TARGET_PFN,
	   "journal line: every field");
	line = "hwp1\t1\t1\tunpoison\tdebugfs\t0xb\tunpoisoned\t-\t-\t-";
	ok(hwp_journal_parse_line(line, strlen(line), &e) == 0 && e.op == HWP_OP_UNPOISON &&
		   e.method == HWP_METHOD_UNPOISON, "journal line: unpoison's method, as it was always spelt");
	line = "hwp1\t1\t1\tsoft-offline\tsoft-offline\t0xb\toffline\t-\t-";
	ok(hwp_journal_parse_line(line, strlen(line), &e) < 0, "journal line: a status no version wrote");
	line = "hwp1\t1\t1\tinject\tsoft-offline\t0xb\tinjected\t-\t-";
	ok(hwp_journal_parse_line(line, strlen(line), &e) < 0, "journal line: another op's method");
	line = "hwp2\t1\t1\tinject\tdebugfs\t0xb\tinjected\t-\t-";
	ok(hwp_journal_parse_line(line, strlen(line), &e) < 0, "journal line of another version refused");
	test_targets();
	return done_testing();
}
