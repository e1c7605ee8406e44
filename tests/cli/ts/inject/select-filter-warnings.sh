# A filter left on rejects pages --select does not look for: each kind of criterion is warned about before acting.
fresh
d=$root/sys/kernel/debug/hwpoison
echo 1 >"$d/corrupt-filter-enable"
echo 4242 >"$d/corrupt-filter-memcg"
run_json inject --select buddy --count 1 >/dev/null
grep -q "warning: the hwpoison filter is on (cgroup inode 4242 (no such cgroup), device any, flags any): --select picks pages outside that cgroup" "$root.err"
ok $? "--select with a memcg filter on: warns that it picks pages the filter rejects"
fresh
echo 1 >"$d/corrupt-filter-enable"
echo 8 >"$d/corrupt-filter-dev-major"
echo 1 >"$d/corrupt-filter-dev-minor"
run_json inject --select buddy --count 1 >/dev/null
grep -q "warning: the hwpoison filter is on (.*device 8:1.*): its device criterion passes only file pages of that filesystem" "$root.err"
ok $? "--select with a device filter on: warns that free and anonymous pages are rejected"
fresh
echo 1 >"$d/corrupt-filter-enable"
echo 32 >"$d/corrupt-filter-flags-mask"      # lru
echo 32 >"$d/corrupt-filter-flags-value"
run_json inject --select buddy,~lru --count 1 >/dev/null
grep -q "its flags contradict the --select expression: it rejects every page --select picks" "$root.err"
ok $? "--select buddy,~lru with a filter on lru: warns that it rejects every page picked"
run_json inject --select buddy --count 1 >/dev/null
grep -q "its flags are not all in the --select expression" "$root.err"
ok $? "--select buddy with a filter on lru: warns that it rejects pages without it"
run_json inject --select lru --count 1 >/dev/null
! grep -q "warning" "$root.err"
ok $? "--select lru with a filter on lru: no warning"
