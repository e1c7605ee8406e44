# The module and debugfs missing, with --no-load and --no-mount.
fresh
rm -rf "$root/sys/module/hwpoison_inject" "$root/sys/kernel/debug/hwpoison"
rc=$(run_json inject --pfn 3 --no-load)
ok $((rc != 3)) "module missing with --no-load: exit 3"
grep -q "hwpoison_inject is not loaded" "$root.err"
ok $? "module missing with --no-load: says so"
rc=$(run_json filter show)
ok $rc "filter show without the module: exit 0"
check "filter show without the module: defaults" '.module_loaded == false and .filter.dev_major == 4294967295'
: >"$root/proc/self/mountinfo"
rc=$(run_json inject --pfn 3 --no-mount)
ok $((rc != 3)) "debugfs missing with --no-mount: exit 3"
grep -q "debugfs is not mounted" "$root.err"
ok $? "debugfs missing with --no-mount: says so"
