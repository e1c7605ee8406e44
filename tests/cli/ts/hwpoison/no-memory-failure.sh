# A kernel without memory-failure support: page commands refuse, stat says what is missing.
fresh
rm "$root/proc/sys/vm/memory_failure_recovery"
rc=$(run_json inject --pfn 3)
ok $((rc != 3)) "kernel without memory failure: inject exit 3"
grep -q "CONFIG_MEMORY_FAILURE" "$root.err"
ok $? "kernel without memory failure: names the config"
rc=$(run_json stat)
ok $rc "kernel without memory failure: stat still exits 0"
check "kernel without memory failure: stat says what is missing" '.memory_failure == false and (.missing | map(.what) | any(test("CONFIG_MEMORY_FAILURE")))'
check "kernel without memory failure: no claim about unpoison" '.machine_check.unpoison_disabled == null'
"$H" stat >"$root.out" 2>&1
grep -q '^accounting: *none (this kernel has no memory-failure support)$' "$root.out"
ok $? "kernel without memory failure: accounting says why there is none"
grep -q '^  unpoison: *none (this kernel has no memory-failure support)$' "$root.out"
ok $? "kernel without memory failure: unpoison says so too, no 'enabled'"
