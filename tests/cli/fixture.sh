#!/usr/bin/env bash
# Formatting, dry runs, refusals and environment errors against a fixture
# tree. Whether an injection really works is proved in tests/vm, never here.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
fresh() { rm -rf "$root"; make_fixture "$root"; }
export HWPOISON_SYSROOT=$root
H=$HWPOISON

# check DESC JQ-EXPR: the last JSON output satisfies the expression.
check() { jq -e "$2" "$root.json" >/dev/null 2>&1; ok $? "$1"; }
run_json() { "$H" --json "$@" >"$root.json" 2>"$root.err"; echo $?; }

fresh
rc=$(run_json stat)
ok $rc "stat exits 0"
check "stat: hardware_corrupted_kb from meminfo" '.hardware_corrupted_kb == 4'
check "stat: poisoned lists the hwpoison page, source other" '.poisoned == [{"pfn": 11, "source": "other", "flags": ["hwpoison"]}]'
check "stat: node statistics" '.nodes == [{"node":0,"total":1,"ignored":0,"failed":0,"delayed":0,"recovered":1}]'
check "stat: module" '.module == {"name":"hwpoison_inject","loaded":true}'
check "stat: filter defaults" '.filter.enabled == false and .filter.dev_major == 4294967295 and .filter.dev_minor == 4294967295 and .filter.memcg == 0'
check "stat: kernel and support" '.kernel == "6.12.0-fixture" and .memory_failure == true'
check "stat: sysctls" '.sysctl == {"memory_failure_recovery":1,"memory_failure_early_kill":0,"enable_soft_offline":1,"panic_on_unrecoverable_memory_failure":null}'
check "stat: debugfs from mountinfo" '.debugfs == "/sys/kernel/debug"'
check "stat: the machine-check side" '.machine_check == {"architecture":true,"vendor":"GenuineIntel","action_optional":true,"mce_inject":"loaded","cec":{"present":true,"threshold":2,"decay_interval":86400},"unpoison_disabled":false}'
rc=$(run_json inject --method mce --pfn 2 --dry-run)
ok $rc "inject --method mce --dry-run exits 0"
check "mce dry run: the registers and mce-inject" '.pages[0].write == "flags=hw status=0xbd000000000000c0 addr=0x2000 misc=0x8c bank=1" and .pages[0].file == "/sys/kernel/debug/mce-inject/"'
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "mce dry run writes nothing"
"$H" stat >"$root.out" 2>&1
grep -q '^hardware corrupted (kB): *4$' "$root.out"
ok $? "stat: human output has HardwareCorrupted"
grep -q '^filter: *off$' "$root.out"
ok $? "stat: human filter state in one line"

rc=$(run_json stat --pfn 0-2,10,12-14)
ok $rc "stat --pfn exits 0"
check "stat --pfn: reserved page decoded and flagged unsafe" '.pages[0] == {"pfn":0,"flags":["reserved"],"raw":4294967296,"poisoned":false,"unsafe":"reserved page"}'
check "stat --pfn: slab" '.pages[1].flags == ["slab"] and .pages[1].unsafe == "slab page"'
check "stat --pfn: buddy is safe" '.pages[2].flags == ["buddy"] and .pages[2].unsafe == null'
check "stat --pfn: lru page flags in bit order" '.pages[3].flags == ["uptodate","lru","mmap"]'
check "stat --pfn: kernel high-order, zero page, page table" '[.pages[4,5,6].unsafe] == ["kernel high-order page","zero page","page table"]'

rc=$(run_json inject --pfn 2+2 --dry-run)
ok $rc "inject --dry-run exits 0"
check "dry run says what would be written where" '.pages[0] == {"pfn":2,"status":"would-write","type":null,"result":null,"error":null,"note":null,"flags":["buddy"],"write":"0x2","file":"/sys/kernel/debug/hwpoison/corrupt-pfn"}'
check "dry run covers A+N" '[.pages[].pfn] == [2,3]'
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "dry run writes nothing"
run_json soft-offline --addr 0x3000 --dry-run >/dev/null
check "soft-offline dry run writes the physical address to sysfs" '.pages[0].write == "0x3000" and .pages[0].file == "/sys/devices/system/memory/soft_offline_page"'
run_json inject --method hard-offline --addr 12K --dry-run >/dev/null
check "hard-offline dry run: K suffix, physical address" '.pages[0].pfn == 3 and .pages[0].write == "0x3000" and .pages[0].file == "/sys/devices/system/memory/hard_offline_page"'

rc=$(run_json inject --pfn 0,1,12,13,14)
ok $((rc != 1)) "unsafe pages: exit 1"
check "unsafe pages refused with reasons" '[.pages[] | .status + ":" + .error] == ["refused:reserved page","refused:slab page","refused:kernel high-order page","refused:zero page","refused:page table"]'
check "summary: counts per status and the exit code" '.summary == {"refused":5,"exit":1}'
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "refused pages: nothing written"

# -o chooses the JSON keys too, in its order.
rc=$(run_json inject --pfn 2 --dry-run -o write,PFN)
check "-o write,PFN: exactly those keys, in that order" '(.pages[0] | keys_unsorted) == ["write","pfn"]'
rc=$(run_json stat --summary --output-all)
check "--output-all: every column of the summary" '(.summary[0] | keys_unsorted) == ["flags","raw","pages","size","mib"]'

# --json failures are JSON too: the same words as stderr, and the exit code.
fresh
for args in "inject --pfn zz" "bogus" "inject --pfn 2 --method x" "stat --pfn 64" "filter set --memcg 4000000001" "inject --errors 3 --pfn 2"; do
	read -r -a argv <<<"$args"
	"$H" --json "${argv[@]}" >"$root.json" 2>"$root.err"
	rc=$?
	msg=$(sed 's/^hwpoison[a-z -]*: //' "$root.err")
	jq -e --arg m "$msg" --argjson rc "$rc" '.error == $m and .exit == $rc' "$root.json" >/dev/null
	ok $? "--json $args: a JSON document with the error and exit $rc"
done
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "--json failures: nothing written"

rc=$(run_json inject --pfn 11)
ok $rc "already poisoned page: exit 0"
check "already-poisoned status" '.pages[0].status == "already-poisoned"'
rc=$(run_json unpoison --pfn 2)
ok $rc "unpoison of a clean page: exit 0"
check "not-poisoned status" '.pages[0].status == "not-poisoned"'
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "already and not poisoned: nothing written"

# A fixture page never changes, so a write shows up as "the kernel did nothing".
rc=$(run_json inject --pfn 3)
ok $((rc != 1)) "inject that leaves the page clean: exit 1"
check "reported as failed, not injected" '.pages[0].status == "failed"'
ok $([ "$(cat "$root/sys/kernel/debug/hwpoison/corrupt-pfn")" = "0x3" ] && echo 0 || echo 1) "corrupt-pfn got the pfn in hex"
fresh
echo 1 >"$root/sys/kernel/debug/hwpoison/corrupt-filter-enable"
rc=$(run_json inject --pfn 3)
check "with the filter on, an untouched page is filtered" '.pages[0].status == "filtered"'
"$H" stat >"$root.out" 2>&1
grep -q '^filter: *ON' "$root.out"
ok $? "stat shows an active filter"

fresh
echo 0 >"$root/proc/sys/vm/memory_failure_recovery"
rc=$(run_json inject --pfn 3)
check "memory_failure_recovery=0: refused" '.pages[0].status == "refused" and (.pages[0].error | test("panic"))'
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "memory_failure_recovery=0: nothing written"
run_json inject --pfn 3 --force >/dev/null
ok $([ "$(cat "$root/sys/kernel/debug/hwpoison/corrupt-pfn")" = "0x3" ] && echo 0 || echo 1) "--force overrides it"

# 7.x: with vm.panic_on_unrecoverable_memory_failure=1 a kernel page would panic the machine.
fresh
echo 1 >"$root/proc/sys/vm/panic_on_unrecoverable_memory_failure"
rc=$(run_json stat)
check "stat shows panic_on_unrecoverable_memory_failure" '.sysctl.panic_on_unrecoverable_memory_failure == 1'
rc=$(run_json inject --pfn 20)
ok $((rc != 1)) "panic_on_unrecoverable=1, a kernel page (no flags): exit 1"
check "panic_on_unrecoverable=1: refused in words" '.pages[0].status == "refused" and (.pages[0].error | test("panic_on_unrecoverable_memory_failure=1: the kernel cannot recover this kernel page"))'
rc=$(run_json inject --pfn 0)
check "panic_on_unrecoverable=1: a reserved page is refused for that first" '.pages[0].status == "refused" and (.pages[0].error | test("panic_on_unrecoverable"))'
: >"$root/sys/kernel/debug/hwpoison/corrupt-pfn"
rc=$(run_json inject --pfn 3)
ok $([ "$(cat "$root/sys/kernel/debug/hwpoison/corrupt-pfn")" = "0x3" ] && echo 0 || echo 1) "panic_on_unrecoverable=1: the free page was written"
: >"$root/sys/kernel/debug/hwpoison/corrupt-pfn"
run_json inject --pfn 20 --force >/dev/null
ok $([ "$(cat "$root/sys/kernel/debug/hwpoison/corrupt-pfn")" = "0x14" ] && echo 0 || echo 1) "panic_on_unrecoverable=1: --force overrides it"

fresh
rm -rf "$root/sys/module/hwpoison_inject" "$root/sys/kernel/debug/hwpoison"
rc=$(run_json inject --pfn 3 --no-load)
ok $((rc != 3)) "module missing with --no-load: exit 3"
grep -q "hwpoison_inject is not loaded" "$root.err"
ok $? "module missing with --no-load: says so"
rc=$(run_json filter show)
ok $rc "filter show without the module: exit 0"
check "filter show without the module: defaults" '.module_loaded == false and .filter.dev_major == 4294967295'
: >"$root/proc/self/mountinfo"
rc=$(run_json inject --pfn 3 --no-mount)
ok $((rc != 3)) "debugfs missing with --no-mount: exit 3"
grep -q "debugfs is not mounted" "$root.err"
ok $? "debugfs missing with --no-mount: says so"

fresh
rm "$root/proc/sys/vm/memory_failure_recovery"
rc=$(run_json inject --pfn 3)
ok $((rc != 3)) "kernel without memory failure: inject exit 3"
grep -q "CONFIG_MEMORY_FAILURE" "$root.err"
ok $? "kernel without memory failure: names the config"
rc=$(run_json stat)
ok $rc "kernel without memory failure: stat still exits 0"
check "kernel without memory failure: stat says what is missing" '.memory_failure == false and (.missing | map(.what) | any(test("CONFIG_MEMORY_FAILURE")))'

fresh
d=$root/sys/kernel/debug/hwpoison
echo 7 >"$d/corrupt-filter-dev-major"
rc=$(run_json filter enable)
ok $rc "filter enable: exit 0"
ok $([ "$(cat "$d/corrupt-filter-enable")" = 1 ] && echo 0 || echo 1) "filter enable writes 1"
check "filter enable shows the values" '.filter.enabled == true and .filter.dev_major == 7'
rc=$(run_json filter reset)
ok $rc "filter reset: exit 0"
ok $([ "$(cat "$d/corrupt-filter-dev-major")" = 4294967295 ] && [ "$(cat "$d/corrupt-filter-enable")" = 0 ] && echo 0 || echo 1) \
	"filter reset restores 4294967295 and disables"

# Process addresses through a fixture pagemap (see make_fixture).
fresh
rc=$(run_json inject --pid 4242 --vaddr 0x400000+4 --dry-run)
ok $((rc != 1)) "--vaddr with pages not present: exit 1"
check "--vaddr: present pages translated, others not-present" \
	'[.pages[] | [.vaddr, .pfn, .status, .error]] == [[4194304,2,"would-write",null],[4198400,null,"not-present","no page mapped there yet"],[4202496,null,"not-present","swapped out"],[4206592,10,"would-write",null]]'
check "--vaddr dry run writes the translated pfn" '.pages[3].write == "0xa"'
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "--vaddr dry run: nothing written"
# A mapping line longer than any fixed buffer (a long file path) is one line:
# the end of its path, "00500000-00501000 ...", is no mapping of its own,
# wherever a fixed-size read would have cut the line.
for cut in 255 511 1023 4095; do
	pad=$((cut - 51))
	printf '00600000-00601000 r--p 00000000 08:01 123    /srv/%s/00500000-00501000 rw-p 00000000 00:00 0\n' \
		"$(printf 'x%.0s' $(seq 1 $pad))" >>"$root/proc/4242/maps"
done
rc=$(run_json inject --pid 4242 --vaddr 0x500000 --dry-run)
ok $((rc != 2)) "a long maps line is read whole: the address in its path is not mapped (exit 2)"
grep -q "0x500000 is not mapped in process 4242" "$root.err"
ok $? "a long maps line: says the address is not mapped"
run_json inject --pid 4242 --vaddr 0x600000 --dry-run >/dev/null
! grep -q "not mapped" "$root.err"
ok $? "a long maps line: its own mapping is found"

# --select over the fixture: buddy pages are pfns 2-9.
rc=$(run_json inject --select buddy --count 3 --dry-run)
ok $rc "--select buddy --count 3: exit 0"
check "--select: the first 3 buddy pages, and how many matched" '.matched == 8 and [.pages[].pfn] == [2,3,4]'
rc=$(run_json inject --select buddy --count 3 --random --seed 42 --dry-run)
first=$(jq -c '[.pages[].pfn]' "$root.json")
run_json inject --select buddy --count 3 --random --seed 42 --dry-run >/dev/null
check "--random --seed: the same sample twice" "[.pages[].pfn] == $first"
check "--random: 3 distinct buddy pages" '[.pages[].pfn] | (unique | length) == 3 and all(. >= 2 and . <= 9)'
# Free pages come and go between runs: the same seed keeps its picks while they are candidates.
kept=0
for seed in 1 2 3 4 5 6 7 8; do
	fresh
	picks=$("$H" --json inject --select buddy --count 2 --random --seed $seed --dry-run | jq -c '[.pages[].pfn]')
	for pfn in 2 3 4 5 6 7 8 9; do
		jq -e "index($pfn)" <<<"$picks" >/dev/null && continue
		u64le 0 | dd of="$root"/proc/kpageflags bs=8 seek=$pfn conv=notrunc status=none
	done
	again=$("$H" --json inject --select buddy --count 2 --random --seed $seed --dry-run | jq -c '[.pages[].pfn]')
	[ "$again" = "$picks" ] && kept=$((kept + 1)) || diag "seed $seed: $picks, then $again"
done
ok $((kept != 8)) "--random --seed: the other free pages gone, the same picks (8 seeds)"
fresh
samples=$(for seed in 1 2 3 4 5 6; do
	"$H" --json inject --select buddy --count 3 --random --seed $seed --dry-run | jq -c '[.pages[].pfn]'
done | sort -u | wc -l)
ok $((samples < 3)) "--random: six seeds give different samples ($samples distinct)"
rc=$(run_json inject --select buddy --range 7-20 --count 5 --dry-run)
ok $((rc != 1)) "--select with fewer matches than --count: exit 1"
check "--select --range: only pages inside it" '.matched == 3 and [.pages[].pfn] == [7,8,9]'
rc=$(run_json inject --select lru,~anon --dry-run)
check "--select lru,~anon finds the lru page" '[.pages[].pfn] == [10]'
rc=$(run_json inject --select slab --dry-run)
ok $((rc != 1)) "--select of pages the safety check refuses: exit 1"
check "--select skips refused pages: none matched" '.matched == 0 and .pages == []'

# The journal: a real run appends, stat and unpoison read it.
fresh
rc=$(run_json inject --pfn 3)
rc=$(run_json stat --journal)
ok $rc "stat --journal: exit 0"
check "the run was journalled" '.journal | length == 1 and .[0].command == "inject" and .[0].method == "debugfs" and .[0].pfn == 3 and .[0].status == "failed"'
check "journal time is RFC 3339 UTC" '.journal[0].time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\.[0-9]{6}Z$")'
run_json inject --pfn 4 --dry-run >/dev/null
rc=$(run_json stat --journal)
check "dry runs are not journalled" '.journal | length == 1'
j=$root/run/hwpoison/journal
printf 'hwp1\t1700000000.5\t77\tinject\tdebugfs\t0xb\tinjected\tfree buddy page\tRecovered\n' >"$j"
printf 'hwp1\t1700000001.5\t77\tinject\tdebugfs\t0xa\tinjected\t-\t-\n' >>"$j"
printf 'hwp1\t1700000002.5\t78\tunpoison\tdebugfs\t0xa\tunpoisoned\t-\t-\n' >>"$j"
printf 'hwp1\t1700000003.5\t79\tinject\tdebug' >>"$j"   # torn by a crash
rc=$(run_json stat --journal)
check "stat --journal: complete records only" '[.journal[].pfn] == [11,10,10] and .poisoned_by_hwpoison == 1'
check "stat --journal: the verdict" '.journal[0].type == "free buddy page" and .journal[0].result == "Recovered" and .journal[1].type == null'
rc=$(run_json stat)
check "stat: a journalled poisoned page is hwpoison's" '.poisoned == [{"pfn": 11, "source": "hwpoison", "flags": ["hwpoison"]}]'
rc=$(run_json unpoison --journal --dry-run)
ok $rc "unpoison --journal --dry-run: exit 0"
check "unpoison --journal: only the page still ours" '[.pages[].pfn] == [11]'
printf 'hwp1\t1700000004.5\t80\tinject\tdebugfs\t0x3\tinjected\t-\t-\n' >>"$j"
rc=$(run_json unpoison --journal --dry-run)
check "unpoison --journal: skips pages no longer poisoned" '[.pages[].pfn] == [11]'

# A filter hwpoison left on, lost when the module was unloaded.
fresh
"$H" filter set --flags lru >/dev/null
ok $([ -e "$root/run/hwpoison/filter-set" ] && echo 0 || echo 1) "filter set leaves a note in /run/hwpoison"
rm -rf "$root/sys/module/hwpoison_inject" "$root/sys/kernel/debug/hwpoison"
rc=$(run_json stat)
check "stat: the filter was lost with the module" '.filter_lost == true'
"$H" stat >"$root.out" 2>&1
grep -q 'module was unloaded while a filter was set' "$root.out"
ok $? "stat says so in words"
fresh
"$H" filter set --flags lru >/dev/null
"$H" filter reset >/dev/null
ok $([ -e "$root/run/hwpoison/filter-set" ] && echo 1 || echo 0) "filter reset removes the note"
echo 1 >"$root/sys/kernel/debug/hwpoison/corrupt-filter-enable"
run_json inject --pfn 3 --method hard-offline >/dev/null
grep -q 'applies only to debugfs' "$root.err"
ok $? "hard-offline with the filter on: warns that the filter does not apply"

# A memcg filter left on: --select outside its cgroup is warned about before acting.
fresh
echo 1 >"$root/sys/kernel/debug/hwpoison/corrupt-filter-enable"
echo 4242 >"$root/sys/kernel/debug/hwpoison/corrupt-filter-memcg"
run_json inject --select buddy --count 1 >/dev/null
grep -q "warning: the hwpoison filter is on (cgroup inode 4242 (no such cgroup), device any, flags any): --select picks pages outside that cgroup" "$root.err"
ok $? "--select with a memcg filter on: warns that it picks pages the filter rejects"

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

# Kernel lockdown: debugfs is out of reach, sysfs offlining is not.
fresh
mkdir -p "$root/sys/kernel/security"
echo 'none [integrity] confidentiality' >"$root/sys/kernel/security/lockdown"
rc=$(run_json inject --pfn 3)
ok $((rc != 3)) "lockdown: inject through debugfs is exit 3"
grep -q "kernel lockdown (integrity) forbids debugfs: --method hard-offline still works" "$root.err"
ok $? "lockdown: inject says what still works"
rc=$(run_json unpoison --pfn 11)
ok $((rc != 3)) "lockdown: unpoison is exit 3"
grep -q "unpoison works only through debugfs" "$root.err"
ok $? "lockdown: unpoison says why"
rc=$(run_json filter set --flags lru)
ok $((rc != 3)) "lockdown: filter set is exit 3"
grep -q "the hwpoison filter lives there" "$root.err"
ok $? "lockdown: filter says why"
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "lockdown: nothing written"
rc=$(run_json inject --pfn 3 --method hard-offline)
ok $((rc == 3 || rc == 2)) "lockdown: inject --method hard-offline goes ahead (the fixture's page stays unpoisoned: exit 1)"
grep -q 0x3000 "$root/sys/devices/system/memory/hard_offline_page"
ok $? "lockdown: hard_offline_page written"
rc=$(run_json stat)
check "lockdown: stat shows the mode and what it blocks" '.lockdown == "integrity" and (.missing | map(.what) | any(test("kernel lockdown forbids")))'

# The accounting check: HardwareCorrupted against the pages flagged hwpoison.
fresh
rc=$(run_json stat)
check "accounting: 4 kB HardwareCorrupted and one flagged page agree" '.accounting == {"hardware_corrupted_pages":1,"flagged_pages":1,"drift":0,"consistent":true}'
printf 'MemTotal:         262144 kB\nHardwareCorrupted:    12 kB\n' >"$root/proc/meminfo"
rc=$(run_json stat)
check "accounting: a count the flags do not bear out is drift" '.accounting.drift == 2 and .accounting.consistent == false'
printf 'MemTotal:         262144 kB\nHardwareCorrupted:     0 kB\n' >"$root/proc/meminfo"
rc=$(run_json stat)
check "accounting: a flagged page the count misses is negative drift (no scan skipped)" '.accounting.drift == -1'

# stat --summary over the fixture's 64 pages (no firmware map: every pfn).
fresh
rc=$(run_json stat --summary)
ok $rc "stat --summary: exit 0"
check "stat --summary: 64 pages, most common first" '.pages_scanned == 64 and .summary[0] == {"flags":[],"raw":0,"pages":49,"mib":0} and .summary[1].flags == ["buddy"] and .summary[1].pages == 8'
check "stat --summary: combinations add up" '([.summary[].pages] | add) == 64 and .combinations == (.summary | length)'
rc=$(run_json stat --summary --pfn 2-11)
check "stat --summary --pfn: only the list" '.pages_scanned == 10 and ([.summary[] | select(.flags == ["hwpoison"])][0].pages == 1)'
for t in 1 3; do
	HWPOISON_SCAN_THREADS=$t "$H" --json stat --summary >"$root.t$t" 2>/dev/null
done
ok $(cmp -s "$root.t1" "$root.t3" && echo 0 || echo 1) "stat --summary: one reader and three agree"
rm -f "$root.t1" "$root.t3"

"$H" --version >"$root.out"
ok $? "--version exits 0"
grep -q '^hwpoison [0-9]' "$root.out"
ok $? "--version prints the version"
"$H" --help >"$root.out"
ok $? "--help exits 0"
for c in inject soft-offline unpoison filter stat; do
	grep -q "^  $c " "$root.out"
	ok $? "--help lists $c"
done
rm -f "$root.json" "$root.err" "$root.out"
done_testing
