# Which mount a path lies on (libmount): the cgroup2 hierarchy, a later mount
# hiding part of it, and a filesystem's device numbers from mountinfo.
fresh
mkdir -p "$root/sys/fs/cgroup/app/deep" "$root/sys/fs/cgroup/app/tmp/x" "$root/srv/data"
cat >>"$root/proc/self/mountinfo" <<'MI'
30 1 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw
31 30 0:40 / /sys/fs/cgroup/app/tmp rw - tmpfs tmpfs rw
32 1 8:17 / /srv rw,relatime - ext4 /dev/sdb1 rw
MI
rc=$(run_json filter set --memcg /sys/fs/cgroup/app/deep)
ok $rc "--memcg: a directory below a cgroup2 mount is a memory cgroup"
check "--memcg: its inode is the filter value" ".filter.memcg == $(stat -c %i "$root/sys/fs/cgroup/app/deep")"
"$H" filter show >"$root.out" 2>&1
grep -q '^  cgroup: *-*/sys/fs/cgroup/app/deep$' "$root.out"
ok $? "filter show: the cgroup by its path, not its inode"
ino=$(stat -c %i "$root/sys/fs/cgroup/app/deep")
rc=$(run_json filter set --memcg "$ino")
ok $rc "--memcg INODE of a memory cgroup: exit 0"
rc=$(run_json filter set --memcg 4000000001)
ok $((rc != 2)) "--memcg INODE no cgroup has: exit 2"
grep -qx "hwpoison filter: --memcg: no memory cgroup has inode 4000000001 (give the cgroup's directory, or the inode 'stat -c %i DIR' prints)" "$root.err"
ok $? "--memcg INODE no cgroup has: one line naming it"
rc=$(run_json filter set --memcg /sys/fs/cgroup/app/tmp/x)
ok $((rc != 2)) "--memcg: a directory on a tmpfs mounted inside the hierarchy is not (exit 2)"
grep -q "is not on a cgroup2 or cgroup v1 memory hierarchy" "$root.err"
ok $? "--memcg: says why"
# Fixture files are not truncated by a write as debugfs attributes are: start short.
echo 0 >"$root/sys/kernel/debug/hwpoison/corrupt-filter-dev-major"
echo 0 >"$root/sys/kernel/debug/hwpoison/corrupt-filter-dev-minor"
rc=$(run_json filter set --dev /srv/data)
ok $rc "--dev PATH: exit 0"
check "--dev PATH: the device of the mount the path lies on" '.filter.dev_major == 8 and .filter.dev_minor == 17 and .filter.dev_mount == "/srv" and .filter.dev_source == "/dev/sdb1"'
