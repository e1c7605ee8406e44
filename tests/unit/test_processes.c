// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Processes and failed pages: the kernel's log lines about them (as Debian's
 * 6.1, 6.12 and 7.3 print them, seen in tests/vm), the journal's words for
 * them, hwpoison entries in a pagemap (values read on those kernels), and
 * the walk over processes that still map a poisoned page (fixture tree).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "fixture.h"
#include "tap.h"

static int parse(const char *line, uint64_t *pfn, struct hwp_kill *k)
{
	return hwp_parse_kill_line(line, strlen(line), pfn, k);
}

static void test_kill_lines(void)
{
	uint64_t pfn = 0;
	struct hwp_kill k;
	ok(parse("Memory failure: 0xf79e: Sending SIGBUS to victim:130 due to hardware memory "
		 "corruption", &pfn, &k) == 0 && pfn == 0xf79e && k.pid == 130 &&
		   !strcmp(k.comm, "victim") && k.kind == HWP_KILL_EARLY,
	   "early kill: pfn, comm, pid");
	ok(parse("Memory failure: 0x10: forcibly killing qemu-system-x86:77 because of failure to "
		 "unmap corrupted page\n", &pfn, &k) == 0 && pfn == 0x10 && k.pid == 77 &&
		   !strcmp(k.comm, "qemu-system-x86") && k.kind == HWP_KILL_FORCED,
	   "forced kill: SIGKILL, a comm with a dash");
	ok(parse("MCE: Killing victim:102 due to hardware memory corruption fault at 7fe195466000",
		 &pfn, &k) == 0 && pfn == UINT64_MAX && k.pid == 102 && k.kind == HWP_KILL_TOUCHED,
	   "a touch of a poisoned page: no pfn, the process");
	ok(parse("Memory failure: 0x10: Sending SIGBUS to a:b:9 due to hardware memory corruption",
		 &pfn, &k) == 0 && k.pid == 9 && !strcmp(k.comm, "a:b"),
	   "a comm with a colon: the pid follows the last one");
	ok(parse("Memory failure: 0x10: recovery action for free buddy page: Recovered", &pfn, &k) < 0,
	   "a verdict line is not a kill line");
	ok(parse("Memory failure: 0x10: Sending SIGBUS to victim due to hardware memory corruption",
		 &pfn, &k) < 0, "no pid: not a kill line");
	ok(parse("Memory failure: 0x10: Sending SIGBUS to victim:0 due to", &pfn, &k) < 0,
	   "pid 0: not a kill line");
	ok(parse("Memory failure: 0x10: Sending SIGBUS to averyveryverylongname:5 due to x", &pfn,
		 &k) < 0, "a comm longer than the kernel's 15 characters: not a kill line");
	ok(parse("MCE: Killing victim:12", &pfn, &k) < 0, "a line cut short: not a kill line");
	ok(!strcmp(hwp_kill_code(HWP_KILL_EARLY), "BUS_MCEERR_AO") &&
		   !strcmp(hwp_kill_code(HWP_KILL_LATE), "BUS_MCEERR_AR") &&
		   hwp_kill_code(HWP_KILL_FORCED) == NULL &&
		   !strcmp(hwp_kill_signal(HWP_KILL_FORCED), "SIGKILL"),
	   "signals and codes: AO early, AR late, SIGKILL forced");
}

static void test_kills_text(void)
{
	struct hwp_kills kills = { .n = 0 }, back;
	struct hwp_kill a = { .pid = 130, .comm = "victim", .kind = HWP_KILL_EARLY };
	struct hwp_kill b = { .pid = 7, .comm = "a,b%c d", .kind = HWP_KILL_LATE };
	hwp_kills_add(&kills, &a);
	hwp_kills_add(&kills, &b);
	hwp_kills_add(&kills, &a);
	ok(kills.n == 2, "a process is listed once");
	char text[256];
	hwp_kills_format(&kills, text, sizeof(text));
	ok(!strcmp(text, "130:early:victim,7:late:a%2Cb%25c%20d"), "journal words: %s", text);
	ok(hwp_kills_parse(text, &back) == 0 && back.n == 2 && back.k[1].pid == 7 &&
		   !strcmp(back.k[1].comm, "a,b%c d") && back.k[1].kind == HWP_KILL_LATE,
	   "and back, the comm whole");
	ok(hwp_kills_parse("7:late:x%2", &back) < 0, "a cut escape is refused");
	ok(hwp_kills_parse("7:sideways:x", &back) < 0, "an unknown kind is refused");
	ok(hwp_kills_parse("x:late:x", &back) < 0, "a pid that is no number is refused");
	for (int i = 0; i < HWP_KILLS_MAX + 2; i++) {
		struct hwp_kill k = { .pid = 1000 + i, .comm = "w", .kind = HWP_KILL_EARLY };
		hwp_kills_add(&kills, &k);
	}
	ok(kills.n == HWP_KILLS_MAX && kills.more == 4, "past %d processes they are counted",
	   HWP_KILLS_MAX);
}

static void test_journal_record(void)
{
	struct hwp_journal_entry e;
	const char *rec = "hwp1\t1.5\t9\tinject\tdebugfs\t0xf79e\tinjected\tdirty LRU page\tRecovered\t"
			  "pid=130 vaddr=0x7fd594f68000\t130:early:victim";
	ok(hwp_journal_parse_line(rec, strlen(rec), &e) == 0 && e.kills.n == 1 &&
		   e.kills.k[0].pid == 130 && e.kills.k[0].kind == HWP_KILL_EARLY,
	   "a record with its processes");
	rec = "hwp1\t1.5\t9\tinject\tdebugfs\t0x2\tinjected\t-\t-\t-";
	ok(hwp_journal_parse_line(rec, strlen(rec), &e) == 0 && e.kills.n == 0,
	   "a record of the version before: no processes");
	rec = "hwp1\t1.5\t9\tinject\tdebugfs\t0x2\tinjected\t-\t-\t-\t7:what:x";
	ok(hwp_journal_parse_line(rec, strlen(rec), &e) == 0 && e.kills.n == 0 && e.pfn == 2,
	   "processes it cannot read: the record kept without them");
}

static void test_pagemap_entries(void)
{
	ok(hwp_pagemap_poisoned_pfn(UINT64_C(0x40800000001ef8b8)) == 0xf7c5,
	   "7.3: a hwpoison entry (type 24) names the pfn");
	ok(hwp_pagemap_poisoned_pfn(UINT64_C(0x408000000004eddb)) == 0x276e, "6.12: type 27");
	ok(hwp_pagemap_poisoned_pfn(UINT64_C(0x40800000001b7d5a)) == 0xdbea, "6.1: type 26");
	ok(hwp_pagemap_poisoned_pfn(UINT64_C(0x60800000001ef8b8)) == 0xf7c5,
	   "after unpoison (7.3, bit 61 set too): still the pfn");
	ok(hwp_pagemap_poisoned_pfn(UINT64_C(0x818000000000f7c5)) == 0, "a present page: none");
	ok(hwp_pagemap_poisoned_pfn((UINT64_C(1) << 62) | (0x2 << 5)) == 0,
	   "a swap entry of swap area 0: none");
}

static int collect(const struct hwp_holder *h, void *data)
{
	struct hwp_holder *out = data;
	if (out->pid == 0)
		*out = *h;
	else
		out->pid = -1;   /* more than one */
	return 0;
}

static void test_holders(void)
{
	const char *root = "/tmp/hwpoison-unit-processes";
	fixture_make(root);
	struct hwp_ctx *ctx;
	if (hwp_ctx_new(root, &ctx) < 0)
		abort();
	struct hwp_pfnlist pfns = { .count = 0 };
	hwp_pfnlist_add(&pfns, 2, 2);
	struct hwp_holder h = { .pid = 0 };
	size_t unread;
	ok(hwp_poison_holders(ctx, &pfns, collect, &h, &unread) == 0 && h.pid == 4343 &&
		   !strcmp(h.comm, "holder") && h.vaddr == 0x500000 && h.pfn == 2,
	   "the one process whose page table points at pfn 0x2 through a hwpoison entry "
	   "(not the swap entry beside it)");
	hwp_pfnlist_free(&pfns);
	hwp_pfnlist_add(&pfns, 9, 9);
	hwp_pfnlist_add(&pfns, 2, 2);
	h.pid = 0;
	ok(hwp_poison_holders(ctx, &pfns, collect, &h, &unread) == 0 && h.pid == 4343,
	   "pfns in any order (a journal's): still found");
	hwp_pfnlist_free(&pfns);
	hwp_pfnlist_add(&pfns, 3, 3);
	h.pid = 0;
	ok(hwp_poison_holders(ctx, &pfns, collect, &h, &unread) == 0 && h.pid == 0,
	   "nobody maps pfn 0x3 poisoned");
	hwp_pfnlist_free(&pfns);
	char comm[HWP_COMM_LEN];
	hwp_process_comm(ctx, 4242, comm, sizeof(comm));
	ok(!strcmp(comm, "victim (x)"), "a process's comm, its newline gone");
	hwp_process_comm(ctx, 99999, comm, sizeof(comm));
	ok(!strcmp(comm, "?"), "a process gone: ?");
	hwp_ctx_free(ctx);
}

static void test_normalize(void)
{
	struct hwp_pfnlist l = { .count = 0 };
	hwp_pfnlist_add(&l, 9, 9);
	hwp_pfnlist_add(&l, 2, 4);
	hwp_pfnlist_add(&l, 5, 5);
	hwp_pfnlist_add(&l, 3, 3);
	hwp_pfnlist_add(&l, 20, 30);
	hwp_pfnlist_add(&l, 25, 40);
	hwp_pfnlist_normalize(&l);
	ok(l.count == 3 && l.ranges[0].first == 2 && l.ranges[0].last == 5 && l.ranges[1].first == 9 &&
		   l.ranges[2].first == 20 && l.ranges[2].last == 40,
	   "normalize: sorted, overlaps and neighbours joined");
	ok(hwp_pfnlist_contains(&l, 9) && hwp_pfnlist_contains(&l, 33) && !hwp_pfnlist_contains(&l, 8),
	   "and searchable");
	hwp_pfnlist_free(&l);
}

int main(void)
{
	test_normalize();
	test_kill_lines();
	test_kills_text();
	test_journal_record();
	test_pagemap_entries();
	test_holders();
	return done_testing();
}
