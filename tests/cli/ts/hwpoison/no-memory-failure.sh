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
