# Issue 4 on a real kernel: the hwpoison filter aimed at one cgroup, one
# filesystem or a flag combination, scoped filters restored after success,
# failure and SIGINT, and filter show round-tripping through filter set.
# Effects are checked through pagetool, the victims' own reports and the
# raw debugfs files.
# shellcheck shell=sh
. /hwpvm/lib.sh

CG=/sys/fs/cgroup
mount -t cgroup2 none $CG
echo +memory >$CG/cgroup.subtree_control
mkdir $CG/in $CG/out
IN_INO=$(stat -c %i $CG/in)
D=/sys/kernel/debug/hwpoison

# start_victim NAME CGROUP ARGS...: a victim whose pages are charged to CGROUP.
start_victim() {
	_name=$1 _cg=$2
	shift 2
	sh -c "echo \$\$ >$_cg/cgroup.procs && exec victim $*" >/tmp/$_name.out 2>&1 &
	wait_for /tmp/$_name.out '^ready' 10 || diag "victim $_name: $(cat /tmp/$_name.out)"
}
vpfn() { awk -v i="$2" '$1 == "page" && $2 == i {print $4}' /tmp/$1.out; }
vpid() { awk '$1 == "ready" {print $2}' /tmp/$1.out; }
# verify NAME: the victim reads its pages back; prints what it said.
verify() {
	: >/tmp/$1.verify
	n=$(grep -c '^data ' /tmp/$1.out)
	kill -USR1 "$(vpid "$1")"
	i=0
	while [ "$(grep -c '^data ' /tmp/$1.out)" -le "$n" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	cat /tmp/$1.out
}
raw_filter() { echo "$(cat $D/corrupt-filter-enable) $(cat $D/corrupt-filter-dev-major):$(cat $D/corrupt-filter-dev-minor) $(cat $D/corrupt-filter-flags-mask)/$(cat $D/corrupt-filter-flags-value) $(cat $D/corrupt-filter-memcg)"; }

start_victim vin $CG/in -n 2
start_victim vout $CG/out -n 4

# --- a memcg filter set by path
run hwpoison filter set --memcg $CG/in
is "$RC" 0 "filter set --memcg PATH: exit 0"
is "$(cat $D/corrupt-filter-memcg)" "$IN_INO" "filter set --memcg: the cgroup directory's inode"
is "$(cat $D/corrupt-filter-enable)" 1 "filter set: enables the filter"
run hwpoison --json filter show
like "$OUT" "\"memcg\": $IN_INO," "filter show: memcg inode"
like "$OUT" "\"memcg_path\": \"$CG/in\"" "filter show: the cgroup path it belongs to"
run hwpoison stat
like "$OUT" "filter: +ON" "stat: shows the active filter"

OUT0=$(vpfn vout 0)
hc=$(hwcorrupted)
run hwpoison inject --pfn "$OUT0"
is "$RC" 1 "inject into a process outside the cgroup: exit 1"
like "$OUT" " filtered " "inject outside the cgroup: reported filtered"
is "$(bit "$OUT0" 19)" 0 "inject outside the cgroup: page not poisoned"
is "$(hwcorrupted)" "$hc" "inject outside the cgroup: HardwareCorrupted unchanged"
like "$(verify vout)" "^data ok" "the process outside keeps its data"

IN0=$(vpfn vin 0)
run hwpoison inject --pfn "$IN0"
is "$RC" 0 "inject into a process inside the cgroup: exit 0"
like "$OUT" " injected " "inject inside the cgroup: reported injected"
is "$(bit "$IN0" 19)" 1 "inject inside the cgroup: page poisoned"
like "$(verify vin)" "SIGBUS si_code=4" "the process inside gets SIGBUS BUS_MCEERR_AR"
kill "$(vpid vin)" 2>/dev/null

run hwpoison filter reset
is "$(raw_filter)" "0 4294967295:4294967295 0/0 0" "filter reset: the kernel's defaults"

# --- flags select and reject real pages
OUT1=$(vpfn vout 1)
run hwpoison filter set --flags "~anon"
run hwpoison inject --pfn "$OUT1"
is "$RC" 1 "flags ~anon on an anonymous page: exit 1"
like "$OUT" " filtered " "flags ~anon on an anonymous page: filtered"
is "$(bit "$OUT1" 19)" 0 "flags ~anon: page not poisoned"
run hwpoison filter set --flags anon,lru
is "$(cat $D/corrupt-filter-flags-mask)" $(((1 << 12) | (1 << 5))) "filter set --flags anon,lru: mask"
run hwpoison inject --pfn "$OUT1"
is "$RC" 0 "flags anon,lru on an anonymous page: exit 0"
is "$(bit "$OUT1" 19)" 1 "flags anon,lru: page poisoned"
run hwpoison filter reset

# --- dev selects and rejects file pages (tmpfs /tmp vs tmpfs /run)
echo data >/tmp/vfile
start_victim vfile $CG/out -n 1 --file /tmp/vfile.map
F0=$(vpfn vfile 0)
run hwpoison filter set --dev /run
run hwpoison inject --pfn "$F0"
is "$RC" 1 "dev of another filesystem: exit 1"
like "$OUT" " filtered " "dev of another filesystem: filtered"
is "$(bit "$F0" 19)" 0 "dev of another filesystem: page not poisoned"
run hwpoison --json filter show
like "$OUT" '"dev_mount": "/run"' "filter show: the device's mount"
run hwpoison filter set --dev /tmp/vfile.map
run hwpoison inject --pfn "$F0"
is "$RC" 0 "dev of the file's filesystem: exit 0"
is "$(bit "$F0" 19)" 1 "dev of the file's filesystem: page poisoned"
kill "$(vpid vfile)" 2>/dev/null
run hwpoison filter reset

# --- filter show round-trips through filter set
hwpoison filter set --memcg $CG/out --flags lru,~anon --dev /tmp >/dev/null
before=$(raw_filter)
json=$(hwpoison --json filter show)
path=$(printf '%s\n' "$json" | sed -n 's/.*"memcg_path": "\(.*\)".*/\1/p')
expr=$(printf '%s\n' "$json" | sed -n 's/.*"flags": "\(.*\)".*/\1/p')
maj=$(printf '%s\n' "$json" | sed -n 's/.*"dev_major": \([0-9]*\).*/\1/p')
min=$(printf '%s\n' "$json" | sed -n 's/.*"dev_minor": \([0-9]*\).*/\1/p')
is "$expr" "lru,~anon" "filter show: flags as the expression given"
hwpoison filter reset >/dev/null
run hwpoison filter set --memcg "$path" --flags "$expr" --dev "$maj:$min"
is "$RC" 0 "filter set from filter show's output: exit 0"
is "$(raw_filter)" "$before" "filter show round-trips: the same raw values"
run hwpoison filter clear --memcg --dev --flags
is "$(raw_filter)" "0 4294967295:4294967295 0/0 0" "filter clear of every criterion disables the filter"

# --- scoped filters: the previous filter comes back
hwpoison filter set --dev 7:7 >/dev/null
hwpoison filter disable >/dev/null
prior=$(raw_filter)
is "$prior" "0 7:7 0/0 0" "a distinctive previous filter"
OUT2=$(vpfn vout 2)
run hwpoison inject --memcg $CG/out --pfn "$OUT2"
is "$RC" 0 "scoped inject into the cgroup: exit 0"
is "$(bit "$OUT2" 19)" 1 "scoped inject into the cgroup: page poisoned"
is "$(raw_filter)" "$prior" "scoped inject: previous filter restored after success"
OUT3=$(vpfn vout 3)
run hwpoison inject --memcg $CG/in --pfn "$OUT3"
is "$RC" 1 "scoped inject outside its cgroup: exit 1"
like "$OUT" " filtered " "scoped inject outside its cgroup: filtered"
is "$(bit "$OUT3" 19)" 0 "scoped inject outside its cgroup: page not poisoned"
is "$(raw_filter)" "$prior" "scoped inject: previous filter restored after failure"
run hwpoison soft-offline --flags "~anon" --pfn "$OUT3"
is "$RC" 1 "scoped soft-offline rejected by flags: exit 1"
like "$OUT" " filtered " "scoped soft-offline rejected by flags: filtered (EOPNOTSUPP)"
is "$(raw_filter)" "$prior" "scoped soft-offline: previous filter restored"
kill "$(vpid vout)" 2>/dev/null

# A long scoped run (the empty cgroup matches no page) stopped by SIGINT.
hwpoison inject --memcg $CG/in --force --pfn 0x10000+0x30000 >/tmp/long.out 2>/tmp/long.err &
lpid=$!
i=0
while [ "$(cat $D/corrupt-filter-enable)" != 1 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
is "$(cat $D/corrupt-filter-memcg)" "$IN_INO" "long scoped run: its filter is active"
sleep 0.5
kill -INT $lpid
wait $lpid
RC=$?
is "$RC" 130 "SIGINT stops the scoped run: exit 130"
like "$(cat /tmp/long.err)" "interrupted" "SIGINT: says it was interrupted"
is "$(raw_filter)" "$prior" "SIGINT: previous filter restored"
hwpoison filter reset >/dev/null

# The filter does not apply to hard_offline_page: a warning, and scoped options refused.
hwpoison filter set --flags lru >/dev/null
B=$(buddy_pfn 9)
run hwpoison inject --method hard-offline --pfn "$B"
like "$OUT" "applies only to debugfs corrupt-pfn" "hard-offline with a filter on: warns that it does not apply"
check "hard-offline: the free page is poisoned despite a filter for lru pages" poisoned "$B"
run hwpoison inject --method hard-offline --pfn "$(buddy_pfn 10)" --flags lru
is "$RC" 2 "hard-offline with a scoped filter: bad input"

# A filter lost when the module is removed.
run rmmod hwpoison_inject
is "$RC" 0 "rmmod hwpoison_inject with a filter set"
run hwpoison stat
like "$OUT" "module was unloaded while a filter was set" "stat: says the filter was lost with the module"
run hwpoison inject --pfn "$(buddy_pfn 11)"
like "$OUT" "unloaded while a filter was set, which switched the filter off" "the next injection loads the module and warns once"
# Kernel fact: 6.1 and 6.12 keep the criteria on removal; 7.x resets them all.
case $(uname -r) in
[0-6].*)
	is "$(cat $D/corrupt-filter-enable) $(cat $D/corrupt-filter-flags-mask)" "0 32" "the reloaded module's filter is off, its values kept (lru)"
	like "$OUT" "its values remain" "the warning says the values remain" ;;
*)
	is "$(cat $D/corrupt-filter-enable) $(cat $D/corrupt-filter-flags-mask)" "0 0" "the reloaded module's filter is off, its values reset (7.x)"
	like "$OUT" "reset its criteria" "the warning says the criteria were reset" ;;
esac
run hwpoison inject --pfn "$(buddy_pfn 12)"
unlike "$OUT" "unloaded while a filter was set" "the warning is not repeated"

finish
