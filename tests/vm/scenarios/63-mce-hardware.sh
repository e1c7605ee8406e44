# A hardware machine check hwpoison did not cause (QEMU's monitor, through
# the runner: hwpvm-mce): hwpoison shows the poison as another's, sees the
# record and the verdict in events, leaves the page alone on unpoison
# --journal, and learns from the kernel's refusal that unpoison is disabled
# until reboot. Boots on its own.
# hwpvm-cpu: intel
# shellcheck shell=sh
. /hwpvm/lib.sh

run hwpoison --json stat
like "$OUT" '"unpoison_disabled": false' "before: unpoison not known to be disabled"

# Something of hwpoison's own to undo, before the hardware strikes.
run hwpoison --json inject --select buddy --count 1
OURS=$(printf '%s\n' "$OUT" | sed -n 's/^ *"pfn": \([0-9]*\),*$/\1/p' | head -n1)
like "$OUT" '"status": "injected"' "a page of hwpoison's own, injected through debugfs"

H=$(buddy_pfn 7)
hwpoison events -j --count 2 --timeout 30 >/tmp/hw.json 2>/tmp/hw.err &
EVP=$!
wait_for /tmp/hw.err 'listening on' 30
run hwpvm-mce "$(printf '0x%x' $((H << 12)))"
is "$RC" 0 "QEMU's mce command poisons the page"
check "hardware machine check: the page carries hwpoison" poisoned "$H"
wait "$EVP"
is "$?" 0 "events: the record and the verdict arrived"
like "$(cat /tmp/hw.json)" "\"kind\": \"mce\", \"cpu\": 0, \"bank\": 9, \"status\": \"0xbd000000000000c0\", .*\"pfn\": $((H)), \"decoded\": \\[\"uncorrected\", \"action-optional\", \"memory\", \"address-valid\"\\]" \
	"events: the hardware's record, decoded"
like "$(cat /tmp/hw.json)" "\"kind\": \"memory_failure\".*\"pfn\": $((H)), \"type\": \"free buddy page\", \"result\": \"Recovered\"" \
	"events: the kernel's verdict on it"

run hwpoison --json stat
is "$(printf '%s\n' "$OUT" | grep -A1 "\"pfn\": $((H)),\$" | grep -c '"source": "other"')" 1 \
	"stat: the hardware's page is another's (source other)"
is "$(printf '%s\n' "$OUT" | grep -A1 "\"pfn\": $((OURS)),\$" | grep -c '"source": "hwpoison"')" 1 \
	"stat: the page hwpoison poisoned is hwpoison's"

# The kernel now refuses every unpoison: hwpoison learns it from the refusal.
run hwpoison --json unpoison --journal
is "$RC" 1 "unpoison --journal after a hardware machine check: exit 1"
like "$OUT" '"error": "EOPNOTSUPP: the kernel disables unpoison after a memory failure not simulated by software \(a machine check\): only a reboot clears it"' \
	"unpoison: why, and that a reboot clears it"
unlike "$OUT" "\"pfn\": $((H))," "unpoison --journal leaves the hardware's page alone"
check "the hardware's page is still poisoned" poisoned "$H"
run hwpoison --json stat
like "$OUT" '"unpoison_disabled": true' "after the refusal: stat knows unpoison is disabled"

finish
