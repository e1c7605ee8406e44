# The lab as a newcomer meets it (issue 23): cgroup2 mounted with the memory
# controller on, the README's recipe of two workloads in two memory cgroups
# with an injection aimed at one of them, and the man pages inside the VM.
# shellcheck shell=sh
. /hwpvm/lib.sh

run lab-setup
is "$RC" 0 "lab-setup: exit 0"
check "cgroup2 is mounted at /sys/fs/cgroup" grep -q ' /sys/fs/cgroup cgroup2 ' /proc/mounts
like "$(cat /sys/fs/cgroup/cgroup.subtree_control)" "memory" "the memory controller is on for its children"
run lab-setup
is "$RC" 0 "lab-setup twice: still exit 0"

# The README's recipe: two workloads, two cgroups, aim at one.
incgroup a victim -n 4 >/tmp/a.out 2>&1 &
incgroup b victim -n 4 >/tmp/b.out 2>&1 &
wait_for /tmp/a.out '^ready' 10 || diag "victim a: $(cat /tmp/a.out)"
wait_for /tmp/b.out '^ready' 10 || diag "victim b: $(cat /tmp/b.out)"
A=$(vpid a) B=$(vpid b)
like "$(cat /proc/$A/cgroup)" "^0::/a$" "incgroup a: the workload runs in /sys/fs/cgroup/a"
like "$(cat /proc/$B/cgroup)" "^0::/b$" "incgroup b: the other in /sys/fs/cgroup/b"
# The pages --select chooses inside a, by the kernel's own record of their memory cgroup.
memcg_of() { dd if=/proc/kpagecgroup bs=8 skip="$1" count=1 2>/dev/null | od -An -tu8 | tr -d ' '; }
INO_A=$(stat -c %i /sys/fs/cgroup/a)
run hwpoison --json inject --select anon --memcg /sys/fs/cgroup/a --count 3 --dry-run
is "$RC" 0 "inject --select anon --memcg a --dry-run: exit 0"
chosen=$(printf '%s\n' "$OUT" | grep -c '"pfn": ')
is "$chosen" 3 "three pages chosen inside a"
others=0
for P in $(printf '%s\n' "$OUT" | sed -n 's/.*"pfn": \([0-9]*\),.*/\1/p'); do
	[ "$(memcg_of "$P")" = "$INO_A" ] || others=$((others + 1))
done
is "$others" 0 "every page chosen is charged to cgroup a (kpagecgroup)"
run hwpoison inject --select anon --memcg /sys/fs/cgroup/a --count 1
is "$RC" 0 "inject --select anon --memcg a: one of a's pages poisoned, exit 0"
# The kernel's filter on a, and a CI job that expects b's page to be filtered.
run hwpoison filter set --memcg /sys/fs/cgroup/a
is "$RC" 0 "filter set --memcg a: exit 0"
PB=$(vpfn b 0)
run hwpoison inject --pfn "$PB"
is "$RC" 1 "b's page with the filter on a: filtered, exit 1"
like "$OUT" " filtered " "reported filtered"
run hwpoison inject --pfn "$PB" --filtered-ok
is "$RC" 0 "--filtered-ok: the expected outcome, exit 0"
check "b's page is not poisoned" sh -c "! pagetool bit $PB 19 | grep -q 1"
hwpoison -q filter reset

# One workload's own pages, chosen by their flags (--pid with --select).
run hwpoison --json inject --pid "$B" --select anon --count 2
is "$RC" 0 "inject --pid b --select anon --count 2: exit 0"
is "$(printf '%s\n' "$OUT" | grep -c '"status": "injected"')" 2 "two of b's anonymous pages injected"
is "$(printf '%s\n' "$OUT" | grep -c '"vaddr": [1-9]')" 2 "each named by its address in b"
J=$(hwpoison --json stat --journal)
is "$(printf '%s\n' "$J" | grep -c "\"target\": \"pid=$B vaddr=0x")" 2 "the journal names b and the address of each"
kill "$A" "$B" 2>/dev/null
wait 2>/dev/null
hwpoison -q unpoison --journal

# The man pages, formatted for the lab.
run man hwpoison-inject
is "$RC" 0 "man hwpoison-inject: exit 0"
like "$OUT" "filtered-ok" "man hwpoison-inject: the page is there, options and all"
run man hwpoison
like "$OUT" "SAFETY" "man hwpoison: the overview page"
run man nosuch
is "$RC" 1 "man of a page the lab lacks: exit 1"
like "$OUT" "hwpoison-inject" "and it names the pages it has"
finish
