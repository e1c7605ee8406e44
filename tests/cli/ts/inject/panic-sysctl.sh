# 7.x: with vm.panic_on_unrecoverable_memory_failure=1 a kernel page would panic the machine.
fresh
echo 1 >"$root/proc/sys/vm/panic_on_unrecoverable_memory_failure"
rc=$(run_json stat)
check "stat shows panic_on_unrecoverable_memory_failure" '.sysctl.panic_on_unrecoverable_memory_failure == 1'
rc=$(run_json inject --pfn 20)
ok $((rc != 1)) "panic_on_unrecoverable=1, a kernel page (no flags): exit 1"
check "panic_on_unrecoverable=1: refused in words" '.pages[0].status == "refused" and (.pages[0].error | test("panic_on_unrecoverable_memory_failure=1: the kernel cannot recover this kernel page"))'
rc=$(run_json inject --pfn 0)
check "panic_on_unrecoverable=1: a reserved page is refused for that first" '.pages[0].status == "refused" and (.pages[0].error | test("panic_on_unrecoverable"))'
: >"$root/sys/kernel/debug/hwpoison/corrupt-pfn"
rc=$(run_json inject --pfn 3)
ok $([ "$(cat "$root/sys/kernel/debug/hwpoison/corrupt-pfn")" = "0x3" ] && echo 0 || echo 1) "panic_on_unrecoverable=1: the free page was written"
: >"$root/sys/kernel/debug/hwpoison/corrupt-pfn"
run_json inject --pfn 20 --force >/dev/null
ok $([ "$(cat "$root/sys/kernel/debug/hwpoison/corrupt-pfn")" = "0x14" ] && echo 0 || echo 1) "panic_on_unrecoverable=1: --force overrides it"
