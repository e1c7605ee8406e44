# The kernel's poisoned-page accounting (num_poisoned_pages, shown as
# HardwareCorrupted) against the pages that carry the hwpoison flag, through
# stat's accounting check, after every path that changes the count: inject
# (free, in-use, THP, hugetlb), hard offline, soft offline (free, in-use)
# and unpoison. Each step is checked against meminfo and pagetool too.
# shellcheck shell=sh
. /hwpvm/lib.sh

# acct KEY: a number of stat's accounting object
acct() { printf '%s\n' "$STAT" | sed -n "s/^ *\"$1\": \\(-\\{0,1\\}[0-9]*\\),*\$/\\1/p" | head -n1; }
# step WHAT: after WHAT, stat's count matches meminfo and shows no drift
step() {
	STAT=$(hwpoison --json stat)
	is "$(acct hardware_corrupted_pages)" "$(($(hwcorrupted) / 4))" "after $1: stat counts what meminfo says"
	is "$(acct drift)" 0 "after $1: no drift (HardwareCorrupted $(hwcorrupted) kB, $(acct flagged_pages) pages flagged)"
}
start_victim() {
	_name=$1
	shift
	victim "$@" >/tmp/$_name.out 2>&1 &
	wait_for /tmp/$_name.out '^ready' 20 || diag "victim $_name: $(cat /tmp/$_name.out)"
}
vaddr() { awk -v i="$2" '$1 == "page" && $2 == i {print $3}' /tmp/$1.out; }
vpfn() { awk -v i="$2" '$1 == "page" && $2 == i {print $4}' /tmp/$1.out; }
vpid() { awk '$1 == "ready" {print $2}' /tmp/$1.out; }

step "boot"
run hwpoison inject --select buddy --count 2
is "$RC" 0 "inject two free pages"
step "inject of free pages"

start_victim v1 -n 4
run hwpoison inject --pid "$(vpid v1)" --vaddr "$(vaddr v1 1)"
is "$RC" 0 "inject an in-use page"
step "inject of an in-use page"

run hwpoison inject --method hard-offline --pfn "$(buddy_pfn 5)"
is "$RC" 0 "hard-offline a free page"
step "hard offline"

run hwpoison soft-offline --pfn "$(buddy_pfn 7)"
is "$RC" 0 "soft-offline a free page"
step "soft offline of a free page"
run hwpoison soft-offline --pid "$(vpid v1)" --vaddr "$(vaddr v1 2)"
is "$RC" 0 "soft-offline an in-use page"
step "soft offline of an in-use page"

start_victim v2 --thp
if [ "$(bit "$(vpfn v2 0)" 22)" = 1 ]; then
	run hwpoison inject --pid "$(vpid v2)" --vaddr "$(vaddr v2 1)"
	is "$RC" 0 "inject into a THP"
	step "inject into a THP"
else
	not_ok "the victim got a THP"
fi

echo 2 >/proc/sys/vm/nr_hugepages
start_victim v3 --hugetlb
if [ "$(bit "$(vpfn v3 0)" 17)" = 1 ]; then
	run hwpoison inject --pid "$(vpid v3)" --vaddr "$(vaddr v3 1)"
	is "$RC" 0 "inject into a hugetlb page"
	step "inject into a hugetlb page"
else
	not_ok "the victim got a hugetlb page"
fi

kill "$(vpid v1)" "$(vpid v2)" "$(vpid v3)" 2>/dev/null
settle 0.5
run hwpoison unpoison --journal
diag "unpoison --journal: exit $RC"
step "unpoison --journal"

finish
