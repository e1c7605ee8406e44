// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The command layer's advice (cmd/advice.c): a huge page's fate in words,
 * the flag names a typo meant.
 */
#include <stdio.h>
#include <string.h>

#include "../../cmd/advice.c"
#include "tap.h"

static void test_huge_note(void)
{
	struct hwp_huge h = { .kind = HWP_HUGE_THP, .head = 0x200, .npages = 512 };
	struct hwp_huge_outcome o = { .still_whole = false, .poisoned = 1 };
	char buf[192];
	advice_huge_note(&h, &o, true, 12, buf, sizeof(buf));
	ok(strcmp(buf, "part of a 2 MiB THP (head pfn 0x200): split up by the kernel, 1 of its 512 "
		       "pages now poisoned") == 0, "4 KiB pages: %s", buf);
	advice_huge_note(&h, &o, false, 16, buf, sizeof(buf));
	ok(strcmp(buf, "part of a 32 MiB THP (head pfn 0x200)") == 0, "64 KiB pages: %s", buf);
	h.kind = HWP_HUGE_HUGETLB;
	h.npages = 262144;
	advice_huge_note(&h, &o, true, 12, buf, sizeof(buf));
	ok(strstr(buf, "1 GiB hugetlb page") && strstr(buf, "dissolved by the kernel"), "%s", buf);
	h.kind = HWP_HUGE_NONE;
	ok(advice_huge_note(&h, &o, true, 12, buf, sizeof(buf)) == 0 && buf[0] == '\0',
	   "no huge page: no note");
}

static void test_suggestions(void)
{
	const char *names[4];
	size_t n = advice_flag_suggest("budy", 4, names, 4);
	ok(n >= 1 && strcmp(names[0], "buddy") == 0, "budy: buddy first");
	n = advice_flag_suggest("compound", 8, names, 4);
	ok(n == 2 && !strcmp(names[0], "compound_head") && !strcmp(names[1], "compound_tail"),
	   "a prefix: both compound flags, in the order of their bits");
	ok(advice_flag_suggest("zzzzzzzzzz", 10, names, 4) == 0, "nothing close: no suggestion");
	ok(advice_edit_distance("LRU", 3, "lru") == 0, "case does not count");
	ok(advice_edit_distance("x", 1, "0123456789012345678901234567890123456789012345678901234567890123") ==
		   (size_t)-1, "past 62 characters: no distance");
}

static void test_busy(void)
{
	struct hwp_page_report rep = { .holder_known = true,
				       .holder = { .kind = HWP_TARGET_FILE, .file = "/srv/my data.db" } };
	char buf[600];
	ok(advice_unpoison_busy(&rep, buf, sizeof(buf)) &&
		   !strcmp(buf, "still in the page cache of /srv/my data.db: remove or truncate the "
				"file, then unpoison again"), "a file holds it: %s", buf);
	rep.holder = (struct hwp_target){ .kind = HWP_TARGET_PROCESS, .pid = 4242, .vaddr = 0x403000 };
	rep.holder_alive = true;
	ok(advice_unpoison_busy(&rep, buf, sizeof(buf)) && strstr(buf, "process 4242 still maps it at 0x403000"),
	   "a live process holds it: %s", buf);
	rep.holder_alive = false;
	ok(!advice_unpoison_busy(&rep, buf, sizeof(buf)), "the process is gone: no advice");
	rep.holder_known = false;
	ok(!advice_unpoison_busy(&rep, buf, sizeof(buf)), "the journal does not know: no advice");
}

int main(void)
{
	test_busy();
	test_huge_note();
	test_suggestions();
	return done_testing();
}
