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

# huge_step NAME KPF-BIT WHAT VICTIM-OPTION: inject into page 1 of a huge page
huge_step() {
	start_victim "$1" "$4"
	if [ "$(bit "$(vpfn "$1" 0)" "$2")" = 1 ]; then
		run hwpoison inject --pid "$(vpid "$1")" --vaddr "$(vaddr "$1" 1)"
		is "$RC" 0 "inject into a $3"
		step "inject into a $3"
	else
		not_ok "the victim got a $3"
	fi
}
huge_step v2 22 THP --thp
echo 2 >/proc/sys/vm/nr_hugepages
huge_step v3 17 "hugetlb page" --hugetlb

kill "$(vpid v1)" "$(vpid v2)" "$(vpid v3)" 2>/dev/null
settle 0.5
run hwpoison unpoison --journal
diag "unpoison --journal: exit $RC"
step "unpoison --journal"

finish
