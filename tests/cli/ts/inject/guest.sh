# QEMU guests by their monitor (--guest SOCKET): a real QEMU (software
# emulation) answers on QMP; the fixture kernel stands in for the host's
# page tables. QEMU's RAM is found independently of hwpoison, in QEMU's own
# /proc/PID/maps (the one 64 MiB anonymous mapping of -m 64).
if ! command -v qemu-system-x86_64 >/dev/null; then
	echo "# skip: no qemu-system-x86_64 for the --guest cases"
else
fresh
sock=$root.qmp mon=$root.hmp
qemu-system-x86_64 -accel tcg -m 64 -nodefaults -display none -daemonize -pidfile "$root.qpid" \
	-qmp "unix:$sock,server=on,wait=off" -monitor "unix:$mon,server=on,wait=off"
qpid=$(cat "$root.qpid")
base=
while IFS=' -' read -r start end _; do
	[ $((0x$end - 0x$start)) -eq 67108864 ] && { base=$start; break; }
done <"/proc/$qpid/maps"
mkdir -p "$root/proc/$qpid"
cp "/proc/$qpid/maps" "$root/proc/$qpid/maps"
echo qemu-system-x86 >"$root/proc/$qpid/comm"
: >"$root/proc/$qpid/pagemap"
page0=$((0x$base / 4096))
# Guest page 1 at pfn 2, page 2 never given memory, page 3 a poison entry for pfn 11.
u64le $(((1 << 63) | 2)) | dd of="$root/proc/$qpid/pagemap" bs=8 seek=$((page0 + 1)) conv=notrunc status=none
u64le $(((1 << 62) | (11 << 5) | 24)) | dd of="$root/proc/$qpid/pagemap" bs=8 seek=$((page0 + 3)) conv=notrunc status=none
# Guest page 4 at pfn 10 (an LRU page); QEMU's first page, outside the guest's RAM, at pfn 3 (free).
u64le $(((1 << 63) | 10)) | dd of="$root/proc/$qpid/pagemap" bs=8 seek=$((page0 + 4)) conv=notrunc status=none
first=$(sed -n '1s/-.*//p' "/proc/$qpid/maps")
u64le $(((1 << 63) | 3)) | dd of="$root/proc/$qpid/pagemap" bs=8 seek=$((0x$first / 4096)) conv=notrunc status=none

rc=$(run_json inject --guest "$sock" --gpa 0x1000 --dry-run)
ok $((rc != 3)) "a guest without KVM: exit 3"
grep -q "QEMU (pid $qpid) runs the guest without KVM: only KVM forwards a host memory error to the guest" "$root.err"
ok $? "without KVM: says why, and names QEMU's pid from the socket's peer"
rc=$(run_json inject --guest "$sock" --gpa 0x1000,0x2000 --dry-run --force)
ok $((rc != 1)) "--force: acted as asked (a page not present: exit 1)"
check "--gpa: the guest page, QEMU's address of it and the host pfn behind it" \
	".pages[0].gpa == 4096 and .pages[0].hva == $((0x$base + 4096)) and .pages[0].pfn == 2 and .pages[0].status == \"would-write\" and .pages[0].write == \"0x2\""
check "--gpa: a guest page the host never gave memory is not-present" \
	'.pages[1].gpa == 8192 and .pages[1].status == "not-present" and (.pages[1].error | test("never gave"))'
check "the guest after the run, as QEMU says" ".guest.state == \"running\" and .guest.kvm == false and .guest.qemu_pid == $qpid and (.guest.qemu | test(\"^[0-9]+[.][0-9]+[.][0-9]+$\"))"
"$H" inject --guest "$sock" --gpa 0x1000 --dry-run --force >"$root.out" 2>&1
grep -q "^guest: *running (QEMU [0-9.]*, pid $qpid, software emulation)$" "$root.out"
ok $? "people read the guest's state in one line"
grep -Eq "^ *GPA +HVA +PFN +STATUS" "$root.out"
ok $? "people read GPA, HVA and PFN first"
rc=$(run_json inject --guest "$sock" --gpa 0x10000000 --force --dry-run)
ok $((rc != 2)) "--gpa outside the guest's RAM: exit 2"
grep -qx "hwpoison inject: --gpa: 0x10000000 is not guest RAM (QEMU maps no RAM there; see 'hwpoison stat --guest $sock')" "$root.err"
ok $? "outside RAM: one line naming the gpa"
rc=$(run_json inject --guest "$mon" --gpa 0x1000 --dry-run)
ok $((rc != 2)) "QEMU's human monitor is not QMP: exit 2"
grep -q "is not QEMU's monitor (no QMP greeting): give the socket of -qmp" "$root.err"
ok $? "not QMP: says which socket to give"
rc=$(run_json inject --guest "$root.nosuch" --gpa 0x1000 --dry-run)
ok $((rc != 2)) "no such socket: exit 2"
rc=$(run_json inject --guest "$root" --gpa 0x1000 --dry-run)
ok $((rc != 2)) "a directory is not a socket: exit 2"
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "refusals and dry runs: nothing written"
# A run journals the guest and the gpa.
run_json inject --guest "$sock" --gpa 0x1000 --force >/dev/null
rc=$(run_json stat --journal)
check "the journal names the guest, the gpa, QEMU and its address" \
	".journal[0].target == \"guest=$sock gpa=0x1000 pid=$qpid hva=0x$(printf '%x' $((0x$base + 4096)))\""
# stat --guest: the RAM as QEMU maps it, and the guest pages poisoned on the host.
rc=$(run_json stat --guest "$sock")
ok $rc "stat --guest: exit 0"
check "stat --guest: QEMU's RAM ranges with their host addresses" \
	".ram[0].gpa == 0 and .ram[0].block == \"pc.ram\" and .ram[0].hva == $((0x$base)) and .ram[0].page_size == 4096 and .ram[0].present_pages == 2"
check "stat --guest: the poisoned guest page by its gpa" \
	".poisoned == [{\"gpa\": 12288, \"hva\": $((0x$base + 12288)), \"pfn\": 11, \"how\": \"poison entry (SIGBUS to QEMU on touch)\"}]"
# --select: among the host pages of the guest's RAM only, each named by its gpa.
rc=$(run_json inject --guest "$sock" --select lru --force --dry-run)
ok $rc "--guest --select lru: exit 0"
check "--guest --select: the guest's LRU page, by gpa, QEMU's address and pfn" \
	".matched == 1 and .pages[0].gpa == 16384 and .pages[0].hva == $((0x$base + 16384)) and .pages[0].pfn == 10"
rc=$(run_json inject --guest "$sock" --select buddy --count 5 --force --dry-run)
ok $((rc != 1)) "--guest --select buddy --count 5: only one such page in the guest's RAM (exit 1)"
check "--guest --select: QEMU's own free page outside the guest's RAM is no candidate" \
	'.matched == 1 and ([.pages[].pfn] == [2])'
grep -q "only 1 of the 5 pages asked for could be found" "$root.err"
ok $? "--guest --select: says how many it found"
rc=$(run_json inject --guest "$sock" --select lru --range 10)
ok $((rc != 2)) "--guest --select --range: exit 2"
grep -qx "hwpoison inject: --range cannot be combined with --guest: the guest's pages are the range" "$root.err"
ok $? "--guest with --range: says why"
rc=$(run_json inject --guest "$sock")
ok $((rc != 2)) "--guest alone: exit 2"
grep -qx "hwpoison inject: --guest needs --gpa LIST or --select EXPR" "$root.err"
ok $? "--guest alone: names what is missing"
run_json inject --guest "$sock" --select lru --force >/dev/null
rc=$(run_json stat --journal)
check "--guest --select: the journal names the guest and the gpa" \
	".journal[-1].target == \"guest=$sock gpa=0x4000 pid=$qpid hva=0x$(printf '%x' $((0x$base + 16384)))\" and .journal[-1].pfn == 10"
# The monitor's RAM map is checked against QEMU's own mappings: a read-only
# file mapping (a library's page cache, shared with every process) is no RAM.
cp "$root/proc/$qpid/maps" "$root.maps"
sed -i "s/^\($base-[0-9a-f]*\) rw-p 00000000 00:00 0 /\1 r--p 00000000 08:01 1234 /" "$root/proc/$qpid/maps"
rc=$(run_json inject --guest "$sock" --gpa 0x1000 --force)
ok $((rc != 3)) "RAM at an address QEMU maps read-only from a file: exit 3"
grep -q "says RAM block pc.ram (gpa 0x0) is at its address 0x$base, where it maps no writable anonymous, shared or huge-page memory: not a guest's RAM, refused" "$root.err"
ok $? "names the block, the address and why it is refused"
cp "$root.maps" "$root/proc/$qpid/maps"
# Soft offline migrates the page: a guest without KVM never notices, nothing to refuse.
rc=$(run_json soft-offline --guest "$sock" --gpa 0x1000 --dry-run)
ok $rc "soft-offline --guest of a guest without KVM: not refused (exit 0)"
check "soft-offline --guest: the host page behind the gpa" '.pages[0].gpa == 4096 and .pages[0].pfn == 2'
kill "$qpid" 2>/dev/null
fi
