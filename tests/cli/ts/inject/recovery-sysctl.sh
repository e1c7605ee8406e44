# vm.memory_failure_recovery=0: a memory failure would panic, so inject refuses.
fresh
echo 0 >"$root/proc/sys/vm/memory_failure_recovery"
rc=$(run_json inject --pfn 3)
check "memory_failure_recovery=0: refused" '.pages[0].status == "refused" and (.pages[0].error | test("panic"))'
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "memory_failure_recovery=0: nothing written"
run_json inject --pfn 3 --force >/dev/null
ok $([ "$(cat "$root/sys/kernel/debug/hwpoison/corrupt-pfn")" = "0x3" ] && echo 0 || echo 1) "--force overrides it"
