# The lab itself: the kernel's memory-failure interfaces behave as
# KERNEL.md says, checked without hwpoison. If this fails, no other
# scenario's result means anything.
# shellcheck shell=sh
. /hwpvm/lib.sh

plan 31

if debugfs_mounted; then not_ok "debugfs is not mounted at start"; else ok "debugfs is not mounted at start"; fi
if module_loaded; then not_ok "hwpoison_inject is not loaded at start"; else ok "hwpoison_inject is not loaded at start"; fi

run modprobe hwpoison_inject
is "$RC" 0 "modprobe hwpoison_inject works"
check "hwpoison_inject is loaded" module_loaded

run mount -t debugfs debugfs /sys/kernel/debug
is "$RC" 0 "debugfs mounts"
check "debugfs has hwpoison/corrupt-pfn" test -e "$HWP_DIR/corrupt-pfn"
check "debugfs has hwpoison/unpoison-pfn" test -e "$HWP_DIR/unpoison-pfn"

# --- a free buddy page: poison, then unpoison
pfn=$(buddy_pfn)
diag "free buddy page $pfn, flags $(flags "$pfn")"
is "$(bit "$pfn" 10)" 1 "pagetool finds a free buddy page ($pfn)"
is "$(bit "$pfn" 19)" 0 "that page is not poisoned yet"
hc0=$(hwcorrupted)
diag "HardwareCorrupted before: $hc0 kB"

run sh -c "echo $pfn > $HWP_DIR/corrupt-pfn"
is "$RC" 0 "echo PFN > corrupt-pfn succeeds"
settle
is "$(bit "$pfn" 19)" 1 "the page has the hwpoison bit (19) in kpageflags"
hc1=$(hwcorrupted)
is "$hc1" "$((hc0 + 4))" "HardwareCorrupted grew by 4 kB ($hc0 -> $hc1)"

run sh -c "echo $pfn > $HWP_DIR/unpoison-pfn"
is "$RC" 0 "echo PFN > unpoison-pfn succeeds"
settle
is "$(bit "$pfn" 19)" 0 "unpoison clears the hwpoison bit"
is "$(hwcorrupted)" "$hc0" "HardwareCorrupted is back to $hc0 kB"

# --- sysfs soft_offline_page and hard_offline_page take physical addresses
set -- $(pagetool find buddy --count 3)
soft=$1 hard=$2 filt=$3
hc0=$(hwcorrupted)
run sh -c "printf '0x%x' $((soft * 4096)) > /sys/devices/system/memory/soft_offline_page"
is "$RC" 0 "soft_offline_page with a free page's physical address succeeds"
settle
is "$(bit "$soft" 19)" 1 "soft offline sets the hwpoison bit ($soft)"
is "$(hwcorrupted)" "$((hc0 + 4))" "soft offline raises HardwareCorrupted by 4 kB"
run sh -c "printf '0x%x' $((hard * 4096)) > /sys/devices/system/memory/hard_offline_page"
is "$RC" 0 "hard_offline_page with a free page's physical address succeeds"
settle
is "$(bit "$hard" 19)" 1 "hard offline sets the hwpoison bit ($hard)"
for p in "$soft" "$hard"; do echo "$p" >"$HWP_DIR/unpoison-pfn"; done
settle
is "$(bit "$soft" 19)$(bit "$hard" 19)" 00 "unpoison-pfn clears soft- and hard-offlined pages"

# --- the filter: a free page has no mapping, so a device filter rejects it,
#     and corrupt-pfn still reports success
echo 8 >"$HWP_DIR/corrupt-filter-dev-major"
echo 1 >"$HWP_DIR/corrupt-filter-enable"
run sh -c "echo $filt > $HWP_DIR/corrupt-pfn"
is "$RC" 0 "corrupt-pfn through a rejecting filter returns success"
settle
is "$(bit "$filt" 19)" 0 "... but leaves the page alone"
echo 0 >"$HWP_DIR/corrupt-filter-enable"
echo 4294967295 >"$HWP_DIR/corrupt-filter-dev-major"
is "$(cat "$HWP_DIR/corrupt-filter-dev-major")" 4294967295 "dev-major takes 4294967295 back"

# --- a process's anonymous page: poison it, then the process touches it
victim -n 4 >/tmp/victim.out 2>&1 &
vpid=$!
if ! wait_for /tmp/victim.out '^ready' 10; then
	diag "$(cat /tmp/victim.out)"
	bail "victim started"
fi
vpfn=$(awk '$1 == "page" && $2 == 1 {print $4}' /tmp/victim.out)
vaddr=$(awk '$1 == "page" && $2 == 1 {print $3}' /tmp/victim.out)
diag "victim page 1 at $vaddr is pfn $vpfn, flags $(flags "$vpfn")"
isnt "${vpfn:-0x0}" 0x0 "victim reports its pfns"
run sh -c "echo $vpfn > $HWP_DIR/corrupt-pfn"
settle
is "$(bit "$vpfn" 19)" 1 "the victim's page is poisoned"
kill -USR1 "$vpid"
wait_for /tmp/victim.out '^data ' 10
diag "$(cat /tmp/victim.out)"
like "$(cat /tmp/victim.out)" "^SIGBUS si_code=4 addr=$vaddr\$" \
	"touching it gives SIGBUS BUS_MCEERR_AR (si_code 4) at the page's address"
like "$(cat /tmp/victim.out)" '^data corrupt$' "the victim's data is reported lost"
kill "$vpid" 2>/dev/null
wait "$vpid" 2>/dev/null

# --- early kill: the owner hears of it at injection time (action optional)
sysctl -w vm.memory_failure_early_kill=1 >/dev/null
victim -n 2 >/tmp/early.out 2>&1 &
vpid=$!
wait_for /tmp/early.out '^ready' 10
epfn=$(awk '$1 == "page" && $2 == 0 {print $4}' /tmp/early.out)
eaddr=$(awk '$1 == "page" && $2 == 0 {print $3}' /tmp/early.out)
run sh -c "echo $epfn > $HWP_DIR/corrupt-pfn"
wait_for /tmp/early.out '^SIGBUS' 5
like "$(cat /tmp/early.out)" "^SIGBUS si_code=5 addr=$eaddr\$" \
	"with memory_failure_early_kill=1 the owner gets SIGBUS BUS_MCEERR_AO (si_code 5) at injection"
kill -USR1 "$vpid"
wait_for /tmp/early.out '^data ' 10
diag "$(cat /tmp/early.out)"
like "$(cat /tmp/early.out)" "^SIGBUS si_code=4 addr=$eaddr\$" "... and BUS_MCEERR_AR when it touches the page anyway"
kill "$vpid" 2>/dev/null
wait "$vpid" 2>/dev/null
sysctl -w vm.memory_failure_early_kill=0 >/dev/null
is "$(bit "$epfn" 19)" 1 "the early-killed page stays poisoned"

finish
