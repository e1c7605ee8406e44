# What happened to the processes (issue 23), checked against the kernel's own
# words and each victim's own SIGBUS: the early kill (SIGBUS BUS_MCEERR_AO as
# the page fails), the late kill (a poisoned mapping: SIGBUS BUS_MCEERR_AR on
# touch), both per page in the table, the JSON and the journal; unpoison
# naming the processes that still map a poisoned page; stat's clean line; a
# machine check hwpoison did not raise learned from the kernel's counter; and
# --select --memcg --descendants over a cgroup split in children.
# hwpvm-cpu: intel
# shellcheck shell=sh
. /hwpvm/lib.sh

kmsg_has() { dmesg | grep -q -- "$1"; }
pme_pfn() { e=$(pagetool pme "$1" "$2"); printf '0x%x' $(((e >> 5) & 0x3ffffffffffff)); }

run hwpoison --json stat
like "$OUT" '"clean": true' "a fresh boot is clean"
like "$OUT" '"exceptions": 0' "no machine-check exception yet"

# --- late kill: early kill off, the named process keeps a poisoned mapping
echo 0 >/proc/sys/vm/memory_failure_early_kill
start_victim late -n 2
L=$(vpid late) LA=$(vaddr late 0) LP=$(vpfn late 0)
run hwpoison inject --pid "$L" --vaddr "$LA"
is "$RC" 0 "inject --pid --vaddr: exit 0"
like "$OUT" "victim:$L SIGBUS on touch" "the table: the process is killed late, when it touches the page"
is "$(pme_pfn "$L" "$LA")" "$LP" "pagemap (pagetool): its entry is a hwpoison entry for the page"
J=$(hwpoison --json stat --journal)
like "$J" "\"pid\": $L, \"comm\": \"victim\", \"kill\": \"late\", \"signal\": \"SIGBUS\", \"code\": \"BUS_MCEERR_AR\"" \
	"the journal keeps the process and its fate"
kill -USR1 "$L"
wait_for /tmp/late.out '^SIGBUS' 5
like "$(cat /tmp/late.out)" "SIGBUS si_code=4 addr=$LA" "the victim itself: SIGBUS BUS_MCEERR_AR (4) on touch"
check "the kernel logged it: MCE: Killing victim:$L" kmsg_has "MCE: Killing victim:$L "

# --- early kill: signalled as the page fails, named by pfn alone
echo 1 >/proc/sys/vm/memory_failure_early_kill
start_victim early -n 2
E=$(vpid early) EP=$(vpfn early 0)
run hwpoison --json inject --pfn "$EP"
is "$RC" 0 "inject --pfn of a mapped page with early kill on: exit 0"
like "$OUT" "\"pid\": $E, \"comm\": \"victim\", \"kill\": \"early\", \"signal\": \"SIGBUS\", \"code\": \"BUS_MCEERR_AO\"" \
	"the JSON: the process signalled early, action optional"
wait_for /tmp/early.out '^SIGBUS' 5
like "$(cat /tmp/early.out)" "SIGBUS si_code=5" "the victim itself: SIGBUS BUS_MCEERR_AO (5) at injection"
check "the kernel logged it: Sending SIGBUS to victim:$E" kmsg_has "Sending SIGBUS to victim:$E "
echo 0 >/proc/sys/vm/memory_failure_early_kill

# --- named by pfn, early kill off: who still maps it is found in the page tables
start_victim quiet -n 2
Q=$(vpid quiet) QA=$(vaddr quiet 0) QP=$(vpfn quiet 0)
run hwpoison inject --pfn "$QP"
is "$RC" 0 "inject --pfn of a mapped page, early kill off: exit 0"
like "$OUT" "victim:$Q SIGBUS on touch" "the row names the process found mapping it poisoned"

# --- unpoison says who must act; stat is not clean until they do
run hwpoison unpoison --journal
is "$RC" 0 "unpoison --journal: exit 0"
like "$OUT" "warning: victim \\(pid $Q\\) still maps pfn $(printf '0x%x' "$QP") poisoned at $QA" \
	"unpoison names a process that still maps a page it unpoisoned"
check "unpoison: the page itself is clean (pagetool)" sh -c "! poisoned $QP"
run hwpoison --json stat
like "$OUT" '"clean": false' "stat: not clean while a process maps a poisoned page"
H=$(printf '%s\n' "$OUT" | sed -n '/"holders"/,/]/p' | tr -d ' \n')
like "$H" "\"pid\":$Q,\"comm\":\"victim\",\"vaddr\":$(printf '%d' "$QA")," "stat: the holders table names it"
run hwpoison stat
like "$OUT" "clean: +no \\(.*process.* a poisoned page" "stat: one line for people"
kill "$L" "$E" "$Q" 2>/dev/null
wait 2>/dev/null
run hwpoison --json stat
like "$OUT" '"clean": true' "stat: clean once the processes are gone"

# --- a holder inside a 2 TiB mapping of holes (a sanitizer's shadow, a VM's
# reserved RAM): PAGEMAP_SCAN (6.7) finds it without reading 2 TiB of
# pagemap; 6.1 has none, and says the mapping went unread.
start_victim sparse --sparse -n 1
S=$(vpid sparse) SP=$(vpfn sparse 0)
run hwpoison inject --pfn "$SP"
is "$RC" 0 "a page in a 2 TiB sparse mapping: exit 0"
case "$(uname -r)" in
6.1.*)
	like "$OUT" "1 mapping too large to read without PAGEMAP_SCAN \\(Linux 6.7\\) was not checked" \
		"6.1 (no PAGEMAP_SCAN): says the giant mapping was not read"
	unlike "$OUT" "victim:$S" "6.1: no holder claimed" ;;
*)
	like "$OUT" "victim:$S SIGBUS on touch" "PAGEMAP_SCAN: the holder found in the 2 TiB mapping"
	unlike "$OUT" "not checked" "PAGEMAP_SCAN: no mapping left unread" ;;
esac
run hwpoison unpoison --journal
kill "$S" 2>/dev/null
wait 2>/dev/null

# --- a cgroup split in children: --descendants
run lab-setup
mkdir -p /sys/fs/cgroup/vm
echo +memory >/sys/fs/cgroup/vm/cgroup.subtree_control
incgroup vm/a victim -n 4 >/tmp/va.out 2>&1 &
incgroup vm/b victim -n 4 >/tmp/vb.out 2>&1 &
incgroup other victim -n 4 >/tmp/o.out 2>&1 &
for n in va vb o; do wait_for /tmp/$n.out '^ready' 10 || diag "victim $n: $(cat /tmp/$n.out)"; done
memcg_of() { dd if=/proc/kpagecgroup bs=8 skip="$1" count=1 2>/dev/null | od -An -tu8 | tr -d ' '; }
run hwpoison --json inject --select anon --memcg /sys/fs/cgroup/vm --count 4 --dry-run
is "$RC" 1 "--memcg vm alone: vm's own pages only (none: its pages are its children's), exit 1"
run hwpoison --json inject --select anon --memcg /sys/fs/cgroup/vm --descendants --count 6 --dry-run
is "$RC" 0 "--descendants: exit 0"
A=$(stat -c %i /sys/fs/cgroup/vm/a) B=$(stat -c %i /sys/fs/cgroup/vm/b)
inside=0 outside=0
for P in $(printf '%s\n' "$OUT" | sed -n 's/.*"pfn": \([0-9]*\),.*/\1/p'); do
	c=$(memcg_of "$P")
	if [ "$c" = "$A" ] || [ "$c" = "$B" ]; then inside=$((inside + 1)); else outside=$((outside + 1)); fi
done
is "$inside $outside" "6 0" "every page chosen is charged to vm/a or vm/b (kpagecgroup)"
run hwpoison filter set --memcg /sys/fs/cgroup/vm
like "$OUT" "matches this cgroup exactly: pages of the 2 cgroups below it are rejected" \
	"filter set on vm: the kernel's filter does not cover vm/a and vm/b"
hwpoison -q filter reset
kill $(vpid va) $(vpid vb) $(vpid o) 2>/dev/null
wait 2>/dev/null

# --- a machine check hwpoison did not raise: the kernel counted it
start_victim mc -n 2
MP=$(vpfn mc 0)
run hwpvm-mce "$(printf '0x%x' $((MP << 12)))"
is "$RC" 0 "a machine check from outside (QEMU's monitor)"
run hwpoison --json stat
like "$OUT" '"exceptions": 1' "stat: the kernel's count of machine-check exceptions"
like "$OUT" '"unpoison_disabled": null' "stat: unpoison not claimed enabled"
run hwpoison stat
like "$OUT" "unpoison: +probably disabled until reboot: the kernel took 1 machine-check exception" \
	"stat: people read why unpoison is probably disabled"
run hwpoison unpoison --pfn "$MP"
like "$OUT" "EOPNOTSUPP" "the kernel agrees: unpoison refused after it"
kill "$(vpid mc)" 2>/dev/null
finish
