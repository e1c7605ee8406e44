# Shared by tests/cli/*.sh: TAP helpers and a fixture tree that imitates
# /proc, /sys and /dev for HWPOISON_SYSROOT. Fixtures prove parsing,
# formatting and error paths only; kernel behaviour is proved in tests/vm.
# shellcheck shell=bash

HWPOISON=${HWPOISON:-./hwpoison}
tap_n=0
tap_failed=0

ok() { # ok COND-STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

diag() { printf '# %s\n' "$@"; }

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# Little-endian u64 as raw bytes on stdout.
u64le() {
	local v=$1 i b out=""
	for i in 0 1 2 3 4 5 6 7; do
		printf -v b '\\%03o' $(((v >> (8 * i)) & 255))
		out+=$b
	done
	printf "$out"
}

# make_fixture DIR: a small machine of 64 pages.
#   pfn 0 reserved, 1 slab, 2-9 free buddy, 10 lru page, 11 poisoned,
#   12 a lone compound head (kernel high-order), 13 zero page, 14 page table,
#   15-63 no flags.
# Process 4242 maps 0x400000-0x404000: page 0 at pfn 2, page 1 not present,
# page 2 swapped out, page 3 at pfn 10. Process 2 is a kernel thread.
make_fixture() {
	local root=$1 pfn flags
	mkdir -p "$root"/proc/self "$root"/proc/sys/vm "$root"/proc/sys/kernel \
		"$root"/sys/kernel/debug/hwpoison "$root"/sys/module/hwpoison_inject \
		"$root"/sys/devices/system/memory "$root"/dev \
		"$root"/sys/devices/system/node/node0/memory_failure "$root"/run \
		"$root"/sys/devices/system/machinecheck "$root"/sys/kernel/debug/mce-inject \
		"$root"/sys/kernel/debug/ras/cec
	: >"$root"/proc/kpageflags
	for ((pfn = 0; pfn < 64; pfn++)); do
		case $pfn in
		0) flags=$((1 << 32)) ;;
		1) flags=$((1 << 7)) ;;
		[2-9]) flags=$((1 << 10)) ;;
		10) flags=$(((1 << 5) | (1 << 3) | (1 << 11))) ;;
		11) flags=$((1 << 19)) ;;
		12) flags=$((1 << 15)) ;;
		13) flags=$((1 << 24)) ;;
		14) flags=$((1 << 26)) ;;
		*) flags=0 ;;
		esac
		u64le "$flags" >>"$root"/proc/kpageflags
	done
	printf 'MemTotal:         262144 kB\nHardwareCorrupted:     4 kB\n' >"$root"/proc/meminfo
	printf '22 1 0:20 / /sys/kernel/debug rw,nosuid,nodev,noexec,relatime shared:7 - debugfs debugfs rw\n' \
		>"$root"/proc/self/mountinfo
	echo 1 >"$root"/proc/sys/vm/memory_failure_recovery
	echo 0 >"$root"/proc/sys/vm/memory_failure_early_kill
	echo 1 >"$root"/proc/sys/vm/enable_soft_offline
	echo 6.12.0-fixture >"$root"/proc/sys/kernel/osrelease
	local d=$root/sys/kernel/debug/hwpoison
	: >"$d"/corrupt-pfn
	: >"$d"/unpoison-pfn
	echo 0 >"$d"/corrupt-filter-enable
	echo 4294967295 >"$d"/corrupt-filter-dev-major
	echo 4294967295 >"$d"/corrupt-filter-dev-minor
	echo 0 >"$d"/corrupt-filter-flags-mask
	echo 0 >"$d"/corrupt-filter-flags-value
	echo 0 >"$d"/corrupt-filter-memcg
	# An Intel-vendor x86 with mce-inject loaded and a CEC, as Debian's 6.12 boots.
	printf 'processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n' >"$root"/proc/cpuinfo
	local r
	for r in status addr misc synd cpu flags bank; do
		: >"$root"/sys/kernel/debug/mce-inject/$r
	done
	printf '           CPU0       CPU1\n  0:         44          0   IO-APIC   2-edge      timer\nMCE:          0          0   Machine check exceptions\nMCP:          3          3   Machine check polls\n' \
		>"$root"/proc/interrupts
	echo 2 >"$root"/sys/kernel/debug/ras/cec/action_threshold
	echo 86400 >"$root"/sys/kernel/debug/ras/cec/decay_interval
	: >"$root"/sys/devices/system/memory/soft_offline_page
	: >"$root"/sys/devices/system/memory/hard_offline_page
	local s
	for s in total ignored failed delayed recovered; do
		echo 0 >"$root"/sys/devices/system/node/node0/memory_failure/$s
	done
	echo 1 >"$root"/sys/devices/system/node/node0/memory_failure/total
	echo 1 >"$root"/sys/devices/system/node/node0/memory_failure/recovered
	: >"$root"/dev/kmsg
	mkdir -p "$root"/proc/4242 "$root"/proc/2
	echo '00400000-00404000 rw-p 00000000 00:00 0 ' >"$root"/proc/4242/maps
	echo '4242 (victim (x)) S 1 4242 4242 0 -1 4194560 97 0 0 0' >"$root"/proc/4242/stat
	# A kernel thread: no mappings, PF_KTHREAD (0x200000) among its flags.
	: >"$root"/proc/2/maps
	echo '2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0' >"$root"/proc/2/stat
	: >"$root"/proc/4242/pagemap
	local page entry
	for page in 0 1 2 3; do
		case $page in
		0) entry=$(((1 << 63) | 2)) ;;
		1) entry=0 ;;
		2) entry=$((1 << 62)) ;;
		3) entry=$(((1 << 63) | 10)) ;;
		esac
		u64le "$entry" | dd of="$root"/proc/4242/pagemap bs=8 seek=$((0x400 + page)) \
			conv=notrunc status=none
	done
	echo 'victim (x)' >"$root"/proc/4242/comm
	# A process the kernel left a poisoned mapping: a hwpoison entry (swap type 24,
	# as on 7.3) for pfn 0x2 at 0x500000, then a real swap entry (type 0, offset 2).
	mkdir -p "$root"/proc/4343
	echo '00500000-00502000 rw-p 00000000 00:00 0 ' >"$root"/proc/4343/maps
	echo '4343 (holder) S 1 4343 4343 0 -1 4194560 97 0 0 0' >"$root"/proc/4343/stat
	echo holder >"$root"/proc/4343/comm
	: >"$root"/proc/4343/pagemap
	u64le $(((1 << 62) | (2 << 5) | 24)) | dd of="$root"/proc/4343/pagemap bs=8 seek=$((0x500)) \
		conv=notrunc status=none
	u64le $(((1 << 62) | (2 << 5))) | dd of="$root"/proc/4343/pagemap bs=8 seek=$((0x501)) \
		conv=notrunc status=none
}

# The files a write would land in, concatenated: empty means nothing was written.
fixture_writes() {
	local root=$1
	cat "$root"/sys/kernel/debug/hwpoison/corrupt-pfn "$root"/sys/kernel/debug/hwpoison/unpoison-pfn \
		"$root"/sys/devices/system/memory/soft_offline_page \
		"$root"/sys/devices/system/memory/hard_offline_page \
		"$root"/sys/kernel/debug/mce-inject/*
}
