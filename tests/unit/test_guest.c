// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What QEMU's monitor says about a guest, as QEMU 7.2 prints it (Debian 12;
 * texts captured from it), and a guest page's target in the journal.
 * tests/cli/ts/inject/guest.sh talks to a real QEMU.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tap.h"

static const char mtree[] =
	"FlatView #0\n"
	" AS \"i440FX\", root: bus master container\n"
	" Root memory region: (none)\n"
	"  No rendered FlatView\n"
	"\n"
	"FlatView #1\n"
	" AS \"memory\", root: system\n"
	" AS \"cpu-memory-0\", root: system\n"
	" Root memory region: system\n"
	"  0000000000000000-00000000000c2fff (prio 0, ram): pc.ram\n"
	"  00000000000c3000-00000000000e7fff (prio 0, rom): pc.ram @00000000000c3000\n"
	"  00000000000e8000-00000000000effff (prio 0, ram): pc.ram @00000000000e8000 KVM\n"
	"  0000000000100000-0000000003ffffff (prio 0, ram): pc.ram @0000000000100000\n"
	"  00000000fec00000-00000000fec00fff (prio 0, i/o): ioapic\n"
	"  00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios\n"
	"\n"
	"FlatView #2\n"
	" AS \"I/O\", root: io\n"
	"  0000000000000000-0000000000000007 (prio 0, ram): not-memory\n";

struct seen {
	uint64_t first[8], last[8];
	char name[8][64];
	int n;
};

static int record(uint64_t first, uint64_t last, const char *block, void *data)
{
	struct seen *s = data;
	if (s->n < 8) {
		s->first[s->n] = first;
		s->last[s->n] = last;
		snprintf(s->name[s->n], sizeof(s->name[s->n]), "%s", block);
	}
	s->n++;
	return 0;
}

static void test_mtree(void)
{
	struct seen s = { .n = 0 };
	ok(hwp_parse_mtree_ram(mtree, record, &s) == 0 && s.n == 3,
	   "info mtree -f: the RAM ranges of the address space \"memory\" only (got %d)", s.n);
	ok(s.first[0] == 0 && s.last[0] == 0xc2fff && !strcmp(s.name[0], "pc.ram"),
	   "the first range and its block");
	ok(s.first[1] == 0xe8000 && !strcmp(s.name[1], "pc.ram"), "a range with KVM after it");
	ok(s.first[2] == 0x100000 && s.last[2] == 0x3ffffff, "the last, up to 64 MiB");
	s.n = 0;
	ok(hwp_parse_mtree_ram("FlatView #0\n AS \"memory\", root: system\n  zz-yy (prio 0, ram): x\n",
			       record, &s) == 0 && s.n == 0, "a line that is no range is skipped");
}

static void test_gpa2hva(void)
{
	uint64_t hva = 0;
	char block[64];
	ok(hwp_parse_gpa2hva("Host virtual address for 0x1000 (pc.ram) is 0x7fdbbbe01000\r\n", &hva,
			     block, sizeof(block)) == 0 && hva == 0x7fdbbbe01000 &&
		   !strcmp(block, "pc.ram"),
	   "gpa2hva: the host address and the block");
	ok(hwp_parse_gpa2hva("No memory is mapped at address 0x10000000\r\n", &hva, NULL, 0) == -ERANGE,
	   "gpa2hva: not RAM is -ERANGE");
	ok(hwp_parse_gpa2hva("unknown command: 'gpa2hva'\r\n", &hva, NULL, 0) == -EPROTO,
	   "gpa2hva: anything else is not understood");
}

static void test_ramblock(void)
{
	const char *text =
		"              Block Name    PSize              Offset               Used              Total\n"
		"                  pc.ram    4 KiB  0x0000000000000000 0x0000000004000000 0x0000000004000000\n"
		"                 pc.bios    4 KiB  0x0000000004000000 0x0000000000040000 0x0000000000040000\n"
		"                   mem-1    2 MiB  0x0000000004200000 0x0000000040000000 0x0000000040000000\n";
	uint64_t size = 0;
	ok(hwp_parse_ramblock_page_size(text, "pc.ram", &size) == 0 && size == 4096,
	   "info ramblock: pc.ram in 4 KiB pages");
	ok(hwp_parse_ramblock_page_size(text, "mem-1", &size) == 0 && size == 2 * 1024 * 1024,
	   "a hugetlbfs-backed block in 2 MiB pages");
	ok(hwp_parse_ramblock_page_size(text, "pc", &size) == -ENOENT,
	   "a block name is matched whole, not as a prefix");
}

static void test_ram_find(void)
{
	struct hwp_guest_ram ram[2] = {
		{ .gpa = 0, .size = 0xc3000, .hva = 0x7f0000000000 },
		{ .gpa = 0x100000, .size = 0x3f00000, .hva = 0x7f0000100000 },
	};
	ok(hwp_guest_ram_find(ram, 2, 0x1000) == &ram[0], "a gpa in the first range");
	ok(hwp_guest_ram_find(ram, 2, 0xd0000) == NULL, "a gpa in the hole between: not RAM");
	ok(hwp_guest_ram_find(ram, 2, 0x3ffffff) == &ram[1], "the last byte of the last range");
	ok(hwp_guest_ram_find(ram, 2, 0x4000000) == NULL, "past the end: not RAM");
}

static void test_target(void)
{
	struct hwp_target t = { .kind = HWP_TARGET_GUEST, .pid = 4100, .gpa = 0x1000,
				.vaddr = 0x7fdbbbe01000 };
	snprintf(t.file, sizeof(t.file), "/run/vm 1/qmp.sock");
	char text[HWP_TARGET_LEN];
	hwp_target_format(&t, text, sizeof(text));
	ok(!strcmp(text, "guest=/run/vm 1/qmp.sock gpa=0x1000 pid=4100 hva=0x7fdbbbe01000"),
	   "a guest page in the journal's words: %s", text);
	struct hwp_target back;
	ok(hwp_target_parse(text, &back) == 0 && back.kind == HWP_TARGET_GUEST && back.gpa == 0x1000 &&
		   back.pid == 4100 && back.vaddr == 0x7fdbbbe01000 &&
		   !strcmp(back.file, "/run/vm 1/qmp.sock"),
	   "and back, a socket path with a space in it");
	ok(hwp_target_is_process(&back), "a guest page is QEMU's process page");
	ok(hwp_target_parse("guest=/s gpa=0x1000 pid=x hva=0x1", &back) < 0,
	   "a guest record cut wrong is no target");
}

int main(void)
{
	test_mtree();
	test_gpa2hva();
	test_ramblock();
	test_ram_find();
	test_target();
	return done_testing();
}
