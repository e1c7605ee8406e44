// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What QEMU's monitor prints, as hwpoison reads it for --guest: the flat
 * view of "info mtree -f", "gpa2hva" and "info ramblock". QEMU is the
 * other side of a socket a user names: its text is input like any other.
 */
#include "fuzz.h"

static int check_range(uint64_t first, uint64_t last, const char *block, void *data)
{
	(void)data;
	FUZZ_ASSERT(first <= last);
	FUZZ_ASSERT(block && *block && strlen(block) < 64);
	return 0;
}

FUZZ_ENTRY(qemu)
{
	char *text = fuzz_string(data, size);
	hwp_parse_mtree_ram(text, check_range, NULL);
	uint64_t v;
	char block[8];
	if (hwp_parse_gpa2hva(text, &v, block, sizeof(block)) == 0)
		FUZZ_ASSERT(memchr(block, '\0', sizeof(block)) != NULL);
	hwp_parse_ramblock_page_size(text, "pc.ram", &v);
	free(text);
	return 0;
}
