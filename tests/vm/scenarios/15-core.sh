# Issue 3 on a real kernel: JSON records with the kernel's verdict, the
# failed status with the errno, ranges, --quiet, set-up refusals, stat's
# JSON, unpoison --all reporting what the kernel refuses. Every effect is
# checked through pagetool and /proc/meminfo.
# shellcheck shell=sh
. /hwpvm/lib.sh

KERNEL=$(uname -r)
HC0=$(hwcorrupted)

# --- set-up refusals change nothing
P=$(pagetool find buddy)
run hwpoison inject --no-mount --pfn "$P"
is "$RC" 3 "--no-mount without debugfs: exit 3"
like "$OUT" "debugfs is not mounted" "--no-mount: says debugfs is not mounted"
is "$(bit "$P" 19)" 0 "--no-mount: page untouched"
if debugfs_mounted; then not_ok "--no-mount: debugfs still unmounted"; else ok "--no-mount: debugfs still unmounted"; fi
run hwpoison inject --no-load --pfn "$P"
is "$RC" 3 "--no-load without the module: exit 3"
like "$OUT" "hwpoison_inject is not loaded" "--no-load: says the module is not loaded"
is "$(bit "$P" 19)" 0 "--no-load: page untouched"
if module_loaded; then not_ok "--no-load: module still unloaded"; else ok "--no-load: module still unloaded"; fi
run hwpoison -v stat
like "$OUT" "loaded: +no" "stat before set-up: module not loaded"
if module_loaded; then not_ok "stat loads nothing"; else ok "stat loads nothing"; fi

# --- JSON per-page records carry the kernel's verdict
run hwpoison --json inject --pfn "$P"
is "$RC" 0 "inject --json: exit 0"
like "$OUT" "\"pfn\": $(printf %d "$P")," "inject --json: pfn is an integer"
like "$OUT" '"status": "injected"' "inject --json: status injected"
like "$OUT" '"type": "free buddy page"' "inject --json: the kernel's page type"
like "$OUT" '"result": "Recovered"' "inject --json: the kernel's result"
like "$OUT" '"error": null' "inject --json: no error"
is "$(bit "$P" 19)" 1 "inject --json: page poisoned"
check "inject -v: mounted debugfs itself" debugfs_mounted
run hwpoison --json unpoison --pfn "$P"
like "$OUT" '"status": "unpoisoned"' "unpoison --json: status unpoisoned"
is "$(bit "$P" 19)" 0 "unpoison --json: page clean"

# --- several pages. Adjacent free pages are not used: once the first leaves
# its free block the kernel may hand the next to any process, hwpoison's own
# heap included, and poisoning that kills it with SIGBUS.
B=$(pagetool find buddy --skip 4)
run hwpoison --json inject --dry-run --pfn "$B+3"
is "$RC" 0 "inject --dry-run A+3: exit 0"
n=$(printf '%s\n' "$OUT" | grep -c '"status": "would-write"')
is "$n" 3 "inject --dry-run A+3: three pages"
set -- $(pagetool find buddy --skip 5 --count 3)
hc=$(hwcorrupted)
run hwpoison inject --pfn "$1,$2,$3"
is "$RC" 0 "inject three pages: exit 0"
n=$(printf '%s\n' "$OUT" | grep -c ' injected ')
is "$n" 3 "inject three pages: three injected"
is "$(hwcorrupted)" "$((hc + 12))" "inject three pages: HardwareCorrupted grew by 12 kB"
run hwpoison unpoison --pfn "$1,$2,$3"
is "$RC" 0 "unpoison three pages: exit 0"
is "$(hwcorrupted)" "$hc" "unpoison three pages: HardwareCorrupted back"

# --- --quiet: nothing on stdout, the exit code tells
P2=$(pagetool find buddy --skip 1)
run hwpoison -q inject --pfn "$P2"
is "$RC" 0 "inject -q: exit 0"
is "$OUT" "" "inject -q: prints nothing"
is "$(bit "$P2" 19)" 1 "inject -q: page poisoned"

# --- failed, with the errno: the kernel cannot handle a reserved page
F1=$(flags 1)
run hwpoison inject --force --pfn 1
is "$RC" 1 "inject --force a reserved page: exit 1"
like "$OUT" "failed" "inject --force a reserved page: failed"
like "$OUT" "EBUSY" "inject --force a reserved page: names EBUSY"
like "$OUT" "Ignored" "inject --force a reserved page: the kernel's verdict Ignored"
like "$OUT" "marked poisoned" "inject --force a reserved page: says the flag was set anyway"
is "$(bit 1 19)" 1 "the kernel marked the reserved page poisoned anyway"
run hwpoison unpoison --pfn 1
is "$RC" 1 "unpoison a reserved page: exit 1"
like "$OUT" "failed +.*EBUSY" "unpoison a reserved page: failed with EBUSY"

# --- unpoison --all unpoisons what it can and reports what the kernel refuses
run hwpoison --json unpoison --all
is "$RC" 1 "unpoison --all with a page the kernel refuses: exit 1"
like "$OUT" "\"pfn\": 1," "unpoison --all: reports pfn 1"
like "$OUT" '"status": "failed"' "unpoison --all: pfn 1 failed"
like "$OUT" '"status": "unpoisoned"' "unpoison --all: the others unpoisoned"
is "$(bit "$P2" 19)" 0 "unpoison --all: the injected page is clean"

# --- soft offline failures
run hwpoison soft-offline --force --pfn 0
is "$RC" 1 "soft-offline --force the zero pfn: exit 1"
like "$OUT" "failed" "soft-offline --force the zero pfn: failed"
if [ -e /proc/sys/vm/enable_soft_offline ]; then
	echo 0 >/proc/sys/vm/enable_soft_offline
	P3=$(pagetool find buddy --skip 2)
	run hwpoison soft-offline --pfn "$P3"
	is "$RC" 1 "soft-offline with vm.enable_soft_offline=0: exit 1"
	like "$OUT" "EOPNOTSUPP: soft offline is disabled by vm.enable_soft_offline=0" \
		"soft-offline with vm.enable_soft_offline=0: says why"
	is "$(bit "$P3" 19)" 0 "soft-offline with vm.enable_soft_offline=0: page untouched"
	echo 1 >/proc/sys/vm/enable_soft_offline
else
	ok "vm.enable_soft_offline absent on $KERNEL # SKIP 6.11+ only"
	ok "vm.enable_soft_offline absent on $KERNEL # SKIP 6.11+ only"
	ok "vm.enable_soft_offline absent on $KERNEL # SKIP 6.11+ only"
fi

# --- stat --json: the documented keys, with the kernel's numbers
run hwpoison --json stat
is "$RC" 0 "stat --json: exit 0"
# The lab has jq, for the JSON the README tells scripts to use.
is "$(printf '%s\n' "$OUT" | jq -r '.memory_failure')" true "jq in the lab reads stat --json"
like "$OUT" "\"hardware_corrupted_kb\": $(hwcorrupted)," "stat --json: hardware_corrupted_kb matches meminfo"
like "$OUT" '"poisoned": \[' "stat --json: poisoned records"
like "$OUT" '"module": \{' "stat --json: module"
like "$OUT" '"filter": \{' "stat --json: filter"
like "$OUT" '"nodes": \[' "stat --json: nodes"
if [ -d /sys/devices/system/node/node0/memory_failure ]; then
	like "$OUT" '"node": 0,' "stat --json: node 0 statistics (6.3+)"
	total=$(cat /sys/devices/system/node/node0/memory_failure/total)
	like "$OUT" "\"total\": $total," "stat --json: node 0 total matches sysfs"
else
	unlike "$OUT" '"node": 0' "stat --json: no node statistics before 6.3"
	like "$OUT" "per-node memory_failure statistics" "stat --json: says they are missing"
fi
like "$OUT" '"pfn": 1,' "stat --json: lists the page still poisoned"

# --- stat as an unprivileged user still reports, exit 0
run su -s /bin/sh -c "$(command -v hwpoison) stat" nobody
is "$RC" 0 "unprivileged stat: exit 0"
like "$OUT" "CAP_SYS_ADMIN" "unprivileged stat: says what is missing"

finish
