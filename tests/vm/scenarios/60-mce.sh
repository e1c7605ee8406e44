# Machine checks, the path real memory errors take: inject --method mce
# raises an uncorrected, action-optional memory error (SRAO) through
# mce-inject, the #MC handler grades it and memory_failure() acts; the owner
# gets SIGBUS on access; events shows the record and the verdict; after it
# the kernel refuses every unpoison until reboot. Boots on its own: unpoison
# stays disabled.
# hwpvm-cpu: intel
# shellcheck shell=sh
. /hwpvm/lib.sh

is "$(awk -F': ' '/^vendor_id/ {print $2; exit}' /proc/cpuinfo)" GenuineIntel "the CPU is Intel-vendor"

# --- refused before anything is done
B=$(buddy_pfn 2)
run hwpoison inject --method mce --no-load --pfn "$B"
is "$RC" 3 "--no-load with mce-inject not loaded: exit 3"
like "$OUT" "module mce-inject is not loaded" "--no-load: names mce-inject"
run hwpoison inject --method mce --errors 3 --pfn "$B"
is "$RC" 2 "--errors without mce-ce: exit 2"
like "$OUT" "^hwpoison inject: --errors needs --method mce-ce$" "--errors: one line naming it"
run hwpoison inject --method mce --flags lru --pfn "$B"
is "$RC" 2 "--flags with --method mce: exit 2"
echo 0 >/proc/sys/vm/memory_failure_recovery
run hwpoison inject --method mce --pfn "$B"
is "$RC" 3 "vm.memory_failure_recovery=0: exit 3"
like "$OUT" "memory_failure_recovery=0: a machine check would panic the machine" "recovery off: says why"
echo 1 >/proc/sys/vm/memory_failure_recovery
run hwpoison inject --method mce --pfn "$B" --dry-run
is "$RC" 0 "--dry-run: exit 0"
like "$OUT" "would-write .*flags=hw status=0xbd000000000000c0 addr=$(printf '0x%x' $((B << 12))) misc=0x8c bank=1" \
	"--dry-run: shows the registers, an SRAO at the page's address"
is "$(bit "$B" 19)" 0 "nothing done so far: the page is not poisoned"
unlike "$(cat /proc/modules)" '^mce_inject ' "nothing done so far: mce-inject not loaded"

run hwpoison --json stat
like "$OUT" '"architecture": true' "stat: x86 machine checks"
like "$OUT" '"vendor": "GenuineIntel"' "stat: the CPU vendor"
like "$OUT" '"action_optional": true' "stat: uncorrected errors can be action-optional here"
like "$OUT" '"unpoison_disabled": false' "stat: unpoison not disabled yet"

# --- SRAO at a process's page: recovered, SIGBUS BUS_MCEERR_AR on access
start_victim v -n 2
V=$(vpid v) A=$(vaddr v 0) P=$(vpfn v 0)
hwpoison events -j --count 4 --timeout 30 >/tmp/ev.json 2>/tmp/ev.err &
EVP=$!
wait_for /tmp/ev.err 'listening on ras:memory_failure_event, mce:mce_record' 30 ||
	diag "events did not say it was listening: $(cat /tmp/ev.err)"
OUT=$(hwpoison --json inject --method mce --pid "$V" --vaddr "$A" 2>/tmp/first.err)
RC=$?
printf '%s\n' "$OUT"
is "$RC" 0 "SRAO at a process page: exit 0"
like "$OUT" '"status": "injected"' "SRAO: injected"
like "$OUT" '"type": "dirty LRU page"' "SRAO: the kernel's verdict on the page type"
like "$OUT" '"result": "Recovered"' "SRAO: recovered"
like "$OUT" '"verdict_source": "tracepoint"' "SRAO: the verdict came from the tracepoint"
check "SRAO: the page carries hwpoison (kpageflags)" poisoned "$P"
like "$(cat /tmp/first.err)" "unpoison is refused for every page until reboot" "the first machine check warns that unpoison ends"
like "$(dmesg)" "Memory failure: $(printf '0x%x' "$P"): recovery action for dirty LRU page: Recovered" \
	"the kernel log has the same verdict"
kill -USR1 "$V"
wait_for /tmp/v.out '^(data|SIGBUS)' 10
like "$(cat /tmp/v.out)" "SIGBUS si_code=4 addr=$A" "the owner gets SIGBUS BUS_MCEERR_AR at the page"
is "$(awk -F'\t' -v p="$(printf '0x%x' "$P")" '$4 == "inject" && $5 == "mce" && $6 == p {print $7}' /run/hwpoison/journal)" \
	injected "the journal records the page, the method and the status"

# --- SRAO at a free page, no warning the second time
F=$(buddy_pfn 5)
run hwpoison inject --method mce --pfn "$F"
is "$RC" 0 "SRAO at a free page: exit 0"
like "$OUT" "free buddy page +Recovered" "SRAO at a free page: free buddy page, Recovered"
unlike "$OUT" "warning" "no second warning this boot"
check "free page: poisoned" poisoned "$F"

wait "$EVP"
cat /tmp/ev.json
like "$(cat /tmp/ev.json)" "\"kind\": \"mce\".*\"status\": \"0xbd000000000000c0\", \"addr\": \"$(printf '0x%x' $((P << 12)))\".*\"decoded\": \\[\"uncorrected\", \"action-optional\", \"memory\", \"address-valid\"\\]" \
	"events: the machine-check record, decoded"
like "$(cat /tmp/ev.json)" "\"kind\": \"memory_failure\".*\"pfn\": $((P)), \"type\": \"dirty LRU page\", \"result\": \"Recovered\"" \
	"events: the verdict beside it"

# --- events -- COMMAND: the chain the command caused, from the kernel's workers
F2=$(buddy_pfn 8)
run hwpoison events -j -- hwpoison inject --method mce --pfn "$F2" -q
is "$RC" 0 "events -- inject --method mce: the command's exit status"
like "$OUT" "\"kind\": \"mce\".*\"pfn\": $((F2))," "events -- COMMAND: the machine check"
like "$OUT" "\"kind\": \"memory_failure\".*\"pfn\": $((F2))," "events -- COMMAND: its verdict"

# --- unpoison refused from now on, in words
run hwpoison unpoison --pfn "$F"
is "$RC" 1 "unpoison after a machine check: exit 1"
like "$OUT" "failed +.*EOPNOTSUPP: the kernel disables unpoison after a memory failure not simulated by software \(a machine check\): only a reboot clears it" \
	"unpoison: failed, saying why and that a reboot clears it"
check "unpoison: the page stays poisoned" poisoned "$F"
run hwpoison --json stat
like "$OUT" '"unpoison_disabled": true' "stat: unpoison disabled this boot"
run hwpoison stat
like "$OUT" "unpoison: +disabled until reboot" "stat: says so to people"

# A hardware machine check from outside (QEMU's monitor) is 63-mce-hardware.

finish
