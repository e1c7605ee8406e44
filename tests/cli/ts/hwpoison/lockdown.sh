# Kernel lockdown: debugfs is out of reach, sysfs offlining is not.
fresh
mkdir -p "$root/sys/kernel/security"
echo 'none [integrity] confidentiality' >"$root/sys/kernel/security/lockdown"
rc=$(run_json inject --pfn 3)
ok $((rc != 3)) "lockdown: inject through debugfs is exit 3"
grep -q "kernel lockdown (integrity) forbids debugfs: --method hard-offline still works" "$root.err"
ok $? "lockdown: inject says what still works"
rc=$(run_json unpoison --pfn 11)
ok $((rc != 3)) "lockdown: unpoison is exit 3"
grep -q "unpoison works only through debugfs" "$root.err"
ok $? "lockdown: unpoison says why"
rc=$(run_json filter set --flags lru)
ok $((rc != 3)) "lockdown: filter set is exit 3"
grep -q "the hwpoison filter lives there" "$root.err"
ok $? "lockdown: filter says why"
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "lockdown: nothing written"
rc=$(run_json inject --pfn 3 --method hard-offline)
ok $((rc == 3 || rc == 2)) "lockdown: inject --method hard-offline goes ahead (the fixture's page stays unpoisoned: exit 1)"
grep -q 0x3000 "$root/sys/devices/system/memory/hard_offline_page"
ok $? "lockdown: hard_offline_page written"
rc=$(run_json stat)
check "lockdown: stat shows the mode and what it blocks" '.lockdown == "integrity" and (.missing | map(.what) | any(test("kernel lockdown forbids")))'
