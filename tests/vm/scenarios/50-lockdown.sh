# Kernel lockdown, the state of every Secure Boot machine: this boot has
# lockdown=integrity. debugfs is forbidden (corrupt-pfn, unpoison, the
# filter) while sysfs hard and soft offline still work; hwpoison says so,
# and nothing is half done.
# hwpvm-append: lockdown=integrity
# shellcheck shell=sh
. /hwpvm/lib.sh

is "$(sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/kernel/security/lockdown)" integrity "the kernel is locked down (integrity)"

run hwpoison --json stat
is "$RC" 0 "stat under lockdown: exit 0"
like "$OUT" '"lockdown": "integrity"' "stat: the lockdown mode"
like "$OUT" 'debugfs, which kernel lockdown forbids' "stat: what lockdown blocks"

B=$(buddy_pfn 3)
run hwpoison inject --pfn "$B"
is "$RC" 3 "inject through debugfs: exit 3"
like "$OUT" "kernel lockdown \(integrity\) forbids debugfs: --method hard-offline still works" \
	"inject: says what still works"
is "$(printf '%s\n' "$OUT" | wc -l)" 1 "inject: one line"
is "$(bit "$B" 19)" 0 "inject: the page is untouched"

run hwpoison inject --method mce-ce --pfn "$B"
is "$RC" 3 "inject --method mce-ce under lockdown: exit 3 (mce-inject lives in debugfs)"
like "$OUT" "forbids debugfs: --method hard-offline still works" "inject --method mce-ce: says what still works"
is "$(bit "$B" 19)" 0 "inject --method mce-ce: the page is untouched"

run hwpoison --json inject --method hard-offline --pfn "$B"
is "$RC" 0 "inject --method hard-offline under lockdown: exit 0"
like "$OUT" '"status": "injected"' "hard-offline: injected"
check "hard-offline: the page carries hwpoison" poisoned "$B"

S=$(buddy_pfn 9)
run hwpoison --json soft-offline --pfn "$S"
is "$RC" 0 "soft-offline under lockdown: exit 0"
like "$OUT" '"status": "offlined"' "soft-offline: offlined"

run hwpoison unpoison --pfn "$B"
is "$RC" 3 "unpoison under lockdown: exit 3"
like "$OUT" "unpoison works only through debugfs: poison stays until reboot" "unpoison: says why"
check "unpoison: the page is still poisoned" poisoned "$B"

run hwpoison filter set --flags lru
is "$RC" 3 "filter set under lockdown: exit 3"
like "$OUT" "the hwpoison filter lives there and cannot be read or set" "filter: says why"
run hwpoison soft-offline --pfn "$(buddy_pfn 12)" --flags lru
is "$RC" 3 "soft-offline with a scoped filter under lockdown: exit 3"
like "$OUT" "soft offline without them works" "soft-offline --flags: says what works"

# Without securityfs the mode cannot be read: the refusal to open debugfs
# for writing still tells lockdown apart.
umount /sys/kernel/security
run hwpoison inject --pfn "$(buddy_pfn 14)"
is "$RC" 3 "securityfs not mounted: inject is still exit 3"
like "$OUT" "kernel lockdown \(on\) forbids debugfs" "securityfs not mounted: still says lockdown"

finish
