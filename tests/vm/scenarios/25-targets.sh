# Issue 5 on a real kernel: pages named by process address, by file offset
# and by flag selection; huge pages; the journal and unpoison --journal.
# Effects are checked through pagetool (kpageflags, pagemap, meminfo), the
# victims' own reports and plain reads of the files.
# shellcheck shell=sh
. /hwpvm/lib.sh

HC0=$(hwcorrupted)

verify() {
	n=$(grep -c '^data ' /tmp/$1.out)
	kill -USR1 "$(vpid "$1")"
	i=0
	while [ "$(grep -c '^data ' /tmp/$1.out)" -le "$n" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	cat /tmp/$1.out
}
# jcount PATTERN: how many lines of $OUT match
jcount() { printf '%s\n' "$OUT" | grep -Ec -- "$1"; }
# jstr KEY: the first string value of KEY in $OUT
jstr() { printf '%s\n' "$OUT" | sed -n "s/^ *\"$1\": \"\(.*\)\",\{0,1\}$/\1/p" | head -n1; }
# source_of PFN: the source stat --json gave the poisoned page PFN
source_of() {
	printf '%s\n' "$OUT" | awk -v p="\"pfn\": $(($1))," '
		index($0, p) { want = 1; next }
		want && /"source"/ { gsub(/.*"source": "|".*/, ""); print; exit }'
}
# reads FILE OFFSET: what a plain reader sees (0 or dd's complaint)
reads() { dd if="$1" of=/dev/null bs=4096 skip=$(($2 / 4096)) count=1 2>&1 >/dev/null | grep -v records; }

# --- --pid/--vaddr: the page behind a process address -----------------------
start_victim v1 -n 4 --hole
P1=$(vpid v1)
VA1=$(vaddr v1 1)
PFN1=$(vpfn v1 1)
run hwpoison --json inject --pid "$P1" --vaddr "$VA1"
is "$RC" 0 "inject --pid --vaddr: exit 0"
like "$OUT" '"status": "injected"' "inject --pid --vaddr: injected"
like "$OUT" "\"pfn\": $((PFN1))," "inject --pid --vaddr: the pfn the process's pagemap names"
like "$OUT" "\"vaddr\": $((VA1))," "inject --pid --vaddr: reports the address"
check "inject --pid --vaddr: the page carries hwpoison" poisoned "$PFN1"
V=$(verify v1)
like "$V" "SIGBUS si_code=4 addr=$VA1" "the victim gets SIGBUS BUS_MCEERR_AR at that address on access"
like "$V" "^page 1 unreadable" "the victim cannot read that page"
unlike "$V" "^page [023] unreadable" "the victim's other pages are intact"

HOLE=$(awk '$1 == "hole" {print $2}' /tmp/v1.out)
hc=$(hwcorrupted)
run hwpoison --json inject --pid "$P1" --vaddr "$HOLE"
is "$RC" 1 "an address with no page: exit 1"
like "$OUT" '"status": "not-present"' "an address with no page: not-present"
like "$OUT" '"pfn": null' "an address with no page: no pfn, never pfn 0"
is "$(hwcorrupted)" "$hc" "an address with no page: nothing poisoned"
run hwpoison inject --pid "$P1" --vaddr 0x1000
is "$RC" 2 "an unmapped address: exit 2"
like "$OUT" "0x1000 is not mapped in process $P1" "an unmapped address: named"
run hwpoison inject --pid 2 --vaddr 0x1000
is "$RC" 2 "a kernel thread's pid: exit 2"
like "$OUT" "^hwpoison inject: --pid: process 2 \(kthreadd\) is a kernel thread" "a kernel thread's pid: says so"
run hwpoison inject --pid 99999 --vaddr 0x1000
is "$RC" 2 "an unknown pid: exit 2"

# --- soft-offline by --pid/--vaddr keeps the data ----------------------------
start_victim v2 -n 4
P2=$(vpid v2)
VA0=$(vaddr v2 0)
PFN0=$(vpfn v2 0)
# 6.12's fs/proc/page.c tests the KSM bits of an anonymous page's mapping
# with a mask that every anonymous mapping matches: each anon page reads ksm.
case $(uname -r) in
6.12.*) is "$(bit "$PFN0" 21)" 1 "6.12: an ordinary anonymous page carries the ksm flag" ;;
*) diag "$(uname -r): ksm flag of an ordinary anonymous page: $(bit "$PFN0" 21)" ;;
esac
run hwpoison --json soft-offline --pid "$P2" --vaddr "$VA0"
is "$RC" 0 "soft-offline --pid --vaddr: exit 0"
like "$OUT" '"status": "offlined"' "soft-offline --pid --vaddr: offlined"
like "$OUT" "\"pfn\": $((PFN0))," "soft-offline --pid --vaddr: the page the address named"
check "soft-offline: the old page carries hwpoison" poisoned "$PFN0"
NEW=$(pagetool vpfn "$P2" "$VA0")
isnt "$NEW" "$PFN0" "soft-offline: the address now maps another page"
like "$OUT" "\"new_pfn\": $((NEW))," "soft-offline --pid --vaddr: says where the contents went (new_pfn)"
like "$(verify v2)" "^data ok" "soft-offline: the process's data is intact"

# --- file pages: tmpfs --------------------------------------------------------
dd if=/dev/urandom of=/tmp/t.dat bs=4096 count=4 2>/dev/null
run hwpoison --json inject --file /tmp/t.dat --offset 8K
is "$RC" 0 "inject --file on tmpfs: exit 0"
like "$OUT" '"status": "injected"' "inject --file on tmpfs: injected"
like "$OUT" '"offset": 8192' "inject --file on tmpfs: reports the offset"
like "$OUT" '"dirty": true' "inject --file on tmpfs: a tmpfs page is dirty"
TYPE=$(jstr type)
RESULT=$(jstr result)
diag "tmpfs page: kernel verdict '$TYPE: $RESULT', reader '$(jstr reader)'"
like "$TYPE: $RESULT" "LRU page: (Recovered|Failed|Delayed|Ignored)" "inject --file on tmpfs: the kernel's verdict"
SEEN=$(reads /tmp/t.dat 8192)
if [ -n "$SEEN" ]; then
	like "$SEEN" "Input/output error" "tmpfs: a reader of the poisoned page gets EIO"
	is "$(jstr reader)" "EIO: Input/output error" "inject --file on tmpfs: reports what the reader sees"
else
	is "$(jstr reader)" "reads" "inject --file on tmpfs: reports that the reader still reads"
fi
is "$(reads /tmp/t.dat 0)" "" "tmpfs: the file's other pages still read"

# --- file pages: a disk filesystem image (vfat on a loop device) -------------
modprobe loop && modprobe vfat
dd if=/dev/zero of=/tmp/disk.img bs=1M count=8 2>/dev/null
mkdosfs /tmp/disk.img >/dev/null 2>&1
mkdir -p /mnt/disk
if mount -o loop -t vfat /tmp/disk.img /mnt/disk; then
	dd if=/dev/urandom of=/mnt/disk/data bs=4096 count=4 2>/dev/null
	sync
	cat /mnt/disk/data >/dev/null
	run hwpoison --json inject --file /mnt/disk/data --offset 4096
	is "$RC" 0 "inject --file on a disk filesystem: exit 0"
	like "$OUT" '"status": "injected"' "inject --file on a disk filesystem: injected"
	like "$OUT" '"dirty": false' "inject --file on a disk filesystem: a written-back page is clean"
	TYPE=$(jstr type)
	RESULT=$(jstr result)
	diag "disk page: kernel verdict '$TYPE: $RESULT', reader '$(jstr reader)'"
	is "$TYPE: $RESULT" "clean LRU page: Recovered" "disk file: the kernel drops the clean page and recovers"
	is "$(reads /mnt/disk/data 4096)" "" "disk file: the reader reads the data again from disk"
	is "$(jstr reader)" "reads" "inject --file on a disk filesystem: reports that the reader reads"
else
	not_ok "mount a vfat image on a loop device"
fi

# --- --select: exactly N pages chosen by their flags --------------------------
hc=$(hwcorrupted)
run hwpoison --json inject --select buddy --count 5
is "$RC" 0 "inject --select buddy --count 5: exit 0"
is "$(jcount '"status": "injected"')" 5 "--select buddy --count 5: exactly 5 pages injected"
is "$(jcount '"status":')" 5 "--select buddy --count 5: exactly 5 pages acted on"
M=$(printf '%s\n' "$OUT" | sed -n 's/^ *"matched": \([0-9]*\),*$/\1/p')
check "--select reports how many pages matched (got $M)" [ "${M:-0}" -gt 5 ]
is "$(hwcorrupted)" "$((hc + 20))" "--select --count 5: HardwareCorrupted up by 5 pages"
ALL=1
for p in $(printf '%s\n' "$OUT" | sed -n 's/^ *"pfn": \([0-9]*\),*$/\1/p'); do
	poisoned "$p" || ALL=0
done
is "$ALL" 1 "--select: every page reported is poisoned"
run hwpoison --json inject --select buddy --count 3 --random --seed 7 --dry-run
A=$(printf '%s\n' "$OUT" | grep '"pfn"' | tr -d ' \n')
run hwpoison --json inject --select buddy --count 3 --random --seed 7 --dry-run
B=$(printf '%s\n' "$OUT" | grep '"pfn"' | tr -d ' \n')
is "$A" "$B" "--random --seed: the same sample twice"
is "$(printf '%s\n' "$OUT" | grep '"pfn"' | sort -u | wc -l)" 3 "--random: three different pages"

# --- --select --memcg: pages of one cgroup, found through kpagecgroup ---------
CG=/sys/fs/cgroup
mount -t cgroup2 none $CG
echo +memory >$CG/cgroup.subtree_control
mkdir $CG/sel
sh -c "echo \$\$ >$CG/sel/cgroup.procs && exec victim -n 8" >/tmp/v5.out 2>&1 &
wait_for /tmp/v5.out '^ready' 20 || diag "victim v5: $(cat /tmp/v5.out)"
run hwpoison --json inject --select anon --memcg $CG/sel --count 3 --dry-run
is "$RC" 0 "--select anon --memcg: exit 0"
INSIDE=1
SEL_INO=$(stat -c %i $CG/sel)
for p in $(printf '%s\n' "$OUT" | sed -n 's/^ *"pfn": \([0-9]*\),*$/\1/p'); do
	ino=$(dd if=/proc/kpagecgroup bs=8 skip="$p" count=1 2>/dev/null | od -An -tu8 | tr -d ' ')
	[ "$ino" = "$SEL_INO" ] || { INSIDE=0; diag "pfn $p is in memcg inode '$ino', not $SEL_INO"; }
done
is "$(jcount '"status": "would-write"')" 3 "--select --memcg: three pages chosen"
is "$INSIDE" 1 "--select --memcg: every page chosen is charged to that cgroup (kpagecgroup)"
M=$(printf '%s\n' "$OUT" | sed -n 's/^ *"matched": \([0-9]*\),*$/\1/p')
check "--select --memcg: matched counts the cgroup's anon pages only (got $M)" [ "${M:-0}" -ge 8 ] && [ "${M:-0}" -lt 200 ]
kill "$(vpid v5)"

# --- huge pages: a THP ----------------------------------------------------------
start_victim v3 --thp
P3=$(vpid v3)
HEAD=$(vpfn v3 0)
T1=$(vpfn v3 1)
if [ "$(bit "$HEAD" 22)" = 1 ]; then
	run hwpoison --json inject --pid "$P3" --vaddr "$(vaddr v3 1)"
	is "$RC" 0 "inject into a THP: exit 0"
	diag "THP: $(jstr type): $(jstr result); note: $(jstr note)"
	like "$OUT" "part of a 2 MiB THP \\(head pfn $HEAD\\)" "inject into a THP: says it is part of one"
	like "$OUT" "split up by the kernel, 1 of its 512 pages now poisoned" "inject into a THP: says what the kernel did to the rest"
	is "$(bit "$HEAD" 15)" 0 "THP: the kernel split it (no compound head any more)"
	check "THP: the page named is poisoned" poisoned "$T1"
	is "$(bit "$HEAD" 19)" 0 "THP: the rest is not (its first page is clean)"
	V=$(verify v3)
	like "$V" "^page 1 unreadable" "THP: the process loses the page named"
	unlike "$V" "^page (0|[2-9]|[0-9]{2,3}) unreadable" "THP: and keeps the other 511"
else
	not_ok "the victim got a THP (flags of $HEAD: $(flags "$HEAD"))"
fi

# --- huge pages: a hugetlb page ---------------------------------------------------
echo 2 >/proc/sys/vm/nr_hugepages
start_victim v4 --hugetlb
P4=$(vpid v4)
HHEAD=$(vpfn v4 0)
H1=$(vpfn v4 1)
if [ "$(bit "$HHEAD" 17)" = 1 ]; then
	run hwpoison --json inject --pid "$P4" --vaddr "$(vaddr v4 1)"
	diag "hugetlb: $(jstr type): $(jstr result); note: $(jstr note)"
	diag "hugetlb: head $HHEAD flags $(flags "$HHEAD"), page 1 $H1 flags $(flags "$H1")"
	like "$OUT" "part of a 2 MiB hugetlb page \\(head pfn $HHEAD\\)" "inject into a hugetlb page: says it is part of one"
	like "$OUT" "\"note\": \"part of a 2 MiB hugetlb page.*: (still whole|dissolved by the kernel), [0-9]+ of its 512 pages now poisoned" "inject into a hugetlb page: says what the kernel did to the rest"
	V=$(verify v4)
	like "$V" "^page 1 unreadable" "hugetlb: the process loses the page named"
	diag "hugetlb: the victim then read: $(grep -c unreadable /tmp/v4.out) pages unreadable"
else
	not_ok "the victim got a hugetlb page (flags of $HHEAD: $(flags "$HHEAD"))"
fi

# --- never one of hwpoison's own pages ------------------------------------------
# The first page of hwpoison's binary is mapped by every running hwpoison.
run hwpoison --json inject --file /usr/local/sbin/hwpoison --offset 0
is "$RC" 1 "inject into a page hwpoison itself maps: exit 1"
like "$OUT" '"error": "the page belongs to hwpoison itself"' "inject into hwpoison's own page: refused, and says why"
OWN=$(printf '%s\n' "$OUT" | sed -n 's/^ *"pfn": \([0-9]*\),*$/\1/p')
is "$(bit "${OWN:-0}" 19)" 0 "hwpoison's own page is not poisoned"

# --- the journal, and unpoison --journal ---------------------------------------
run hwpoison --json stat --journal
is "$RC" 0 "stat --journal: exit 0"
like "$OUT" '"command": "soft-offline"' "stat --journal lists the soft offline"
is "$(jcount '"command": "inject"')" 10 "stat --journal lists every injection (vaddr, 2 files, 5 selected, THP, hugetlb)"

# A page poisoned outside hwpoison: perhaps a real error, never ours to undo.
RAW=$(buddy_pfn 3)
echo "$RAW" >$HWP_DIR/corrupt-pfn
check "a page poisoned by a raw debugfs write" poisoned "$RAW"
run hwpoison --json stat
is "$(source_of "$RAW")" other "stat: the raw page's source is other"
is "$(source_of "$PFN1")" hwpoison "stat: hwpoison's page's source is hwpoison"

# Let go of everything that holds a poisoned page, then undo the campaign.
for v in v1 v2 v3 v4; do kill "$(vpid $v)" 2>/dev/null; done
wait
rm -f /tmp/t.dat
umount /mnt/disk 2>/dev/null
settle 0.5
run hwpoison --json unpoison --journal
is "$RC" 0 "unpoison --journal: exit 0"
unlike "$OUT" "\"pfn\": $((RAW))," "unpoison --journal leaves the raw page alone"
check "the raw page is still poisoned" poisoned "$RAW"
is "$(hwcorrupted)" "$((HC0 + 4))" "unpoison --journal: HardwareCorrupted back to before the campaign (plus the raw page)"
run hwpoison --json unpoison --journal
is "$RC" 0 "unpoison --journal again: exit 0"
is "$(jcount '"status":')" 0 "unpoison --journal again: nothing left to undo"
echo "$RAW" >$HWP_DIR/unpoison-pfn
is "$(hwcorrupted)" "$HC0" "the raw page unpoisoned by hand: back to the start"

finish
