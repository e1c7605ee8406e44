# --select --memcg PATH --descendants: a VM split across child cgroups. The
# fixture's kpagecgroup charges pfn 2 to vm, 3 to vm/a, 4 to vm/a/b, 5 to other.
fresh
mkdir -p "$root/sys/fs/cgroup/vm/a/b" "$root/sys/fs/cgroup/other"
echo '30 1 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw' >>"$root/proc/self/mountinfo"
ino() { stat -c %i "$root/sys/fs/cgroup/$1"; }
: >"$root/proc/kpagecgroup"
for pfn in $(seq 0 63); do
	case $pfn in
	2) v=$(ino vm) ;;
	3) v=$(ino vm/a) ;;
	4) v=$(ino vm/a/b) ;;
	5) v=$(ino other) ;;
	*) v=0 ;;
	esac
	u64le "$v" >>"$root/proc/kpagecgroup"
done
rc=$(run_json inject --select buddy --memcg /sys/fs/cgroup/vm --count 8 --dry-run)
check "--memcg alone: the cgroup's own pages" '[.pages[].pfn] == [2]'
rc=$(run_json inject --select buddy --memcg /sys/fs/cgroup/vm --descendants --count 3 --dry-run)
ok $rc "--descendants: exit 0"
check "--descendants: the pages of the cgroup and every cgroup below it, not its sibling's" '[.pages[].pfn] == [2,3,4]'
rc=$(run_json inject --pfn 2 --memcg /sys/fs/cgroup/vm --descendants --dry-run)
ok $((rc != 2)) "--descendants without --select: exit 2"
grep -qx "hwpoison inject: --descendants needs --select EXPR" "$root.err"
ok $? "--descendants without --select: one line naming what it needs"
rc=$(run_json inject --select buddy --descendants --dry-run)
ok $((rc != 2)) "--descendants without --memcg: exit 2"
grep -qx "hwpoison inject: --descendants needs --memcg PATH" "$root.err"
ok $? "--descendants without --memcg: says so"
rc=$(run_json filter set --memcg /sys/fs/cgroup/vm)
ok $rc "filter set --memcg on a cgroup with children: exit 0"
grep -qx "hwpoison filter: warning: the kernel's memcg filter matches this cgroup exactly: pages of the 2 cgroups below it are rejected (to choose among all of them: inject --select EXPR --memcg PATH --descendants)" "$root.err"
ok $? "filter set: warns that the kernel's filter does not cover the children"
rc=$(run_json filter set --memcg /sys/fs/cgroup/other)
test ! -s "$root.err"
ok $? "filter set on a cgroup without children: no warning"
