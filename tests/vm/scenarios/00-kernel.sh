# The lab itself: the kernel's memory-failure interfaces behave as
# KERNEL.md says, checked without hwpoison. If this fails, no other
# scenario's result means anything.
# shellcheck shell=sh
. /hwpvm/lib.sh

plan 19

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

finish
