# What the flags after the write say: already poisoned, or the kernel did nothing.
fresh
rc=$(run_json inject --pfn 11)
ok $rc "already poisoned page: exit 0"
check "already-poisoned status" '.pages[0].status == "already-poisoned"'
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "already poisoned: nothing written"

# A fixture page never changes, so a write shows up as "the kernel did nothing".
rc=$(run_json inject --pfn 3)
ok $((rc != 1)) "inject that leaves the page clean: exit 1"
check "reported as failed, not injected" '.pages[0].status == "failed"'
ok $([ "$(cat "$root/sys/kernel/debug/hwpoison/corrupt-pfn")" = "0x3" ] && echo 0 || echo 1) "corrupt-pfn got the pfn in hex"
