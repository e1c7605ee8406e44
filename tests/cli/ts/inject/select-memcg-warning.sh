# A memcg filter left on: --select outside its cgroup is warned about before acting.
fresh
echo 1 >"$root/sys/kernel/debug/hwpoison/corrupt-filter-enable"
echo 4242 >"$root/sys/kernel/debug/hwpoison/corrupt-filter-memcg"
run_json inject --select buddy --count 1 >/dev/null
grep -q "warning: the hwpoison filter is on (cgroup inode 4242 (no such cgroup), device any, flags any): --select picks pages outside that cgroup" "$root.err"
ok $? "--select with a memcg filter on: warns that it picks pages the filter rejects"
