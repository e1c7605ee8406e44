# hwpoison's commands against a real kernel. Every effect is checked
# through the independent witness (pagetool: /proc/kpageflags, and
# /proc/meminfo), never only through hwpoison's own output, so a broken
# injection path fails here.
# shellcheck shell=sh
. /hwpvm/lib.sh

set -- $(pagetool find buddy --count 7)
if [ $# -ne 7 ]; then bail "found 7 free buddy pages"; fi
P_INJ=$1 P_SOFT=$2 P_DRY=$3 P_USER=$4 P_ADDR=$5 P_HARD=$6 P_FILT=$7
diag "pages: inject $P_INJ soft $P_SOFT dry $P_DRY user $P_USER addr $P_ADDR hard $P_HARD filter $P_FILT"
HC0=$(hwcorrupted)
is "$HC0" 0 "HardwareCorrupted starts at 0 kB"

# --- refusals first, while debugfs is unmounted and the module unloaded
# busybox setpriv has no --reuid; su from root needs no password
run su -s /bin/sh -c "id -u; $(command -v hwpoison) inject --pfn $P_USER" nobody
like "$OUT" "^65534\$" "unprivileged inject: ran as uid 65534"
is "$RC" 3 "unprivileged inject: exit 3"
is "$(bit "$P_USER" 19)" 0 "unprivileged inject: page not poisoned"
is "$(hwcorrupted)" "$HC0" "unprivileged inject: HardwareCorrupted unchanged"
if module_loaded; then not_ok "unprivileged inject: module not loaded"; else ok "unprivileged inject: module not loaded"; fi
if debugfs_mounted; then not_ok "unprivileged inject: debugfs not mounted"; else ok "unprivileged inject: debugfs not mounted"; fi

run hwpoison inject --pfn bogus
is "$RC" 2 "inject --pfn bogus: exit 2"
is "$(hwcorrupted)" "$HC0" "inject --pfn bogus: HardwareCorrupted unchanged"

run hwpoison inject --pfn "$P_DRY" --dry-run
is "$RC" 0 "inject --dry-run: exit 0"
is "$(bit "$P_DRY" 19)" 0 "inject --dry-run: page not poisoned"
is "$(hwcorrupted)" "$HC0" "inject --dry-run: HardwareCorrupted unchanged"

F0=$(flags 0)
run hwpoison inject --pfn 0
is "$RC" 1 "inject --pfn 0 (reserved low page): exit 1"
like "$OUT" refused "inject --pfn 0: reported refused"
is "$(flags 0)" "$F0" "inject --pfn 0: page flags unchanged"
is "$(hwcorrupted)" "$HC0" "inject --pfn 0: HardwareCorrupted unchanged"

run hwpoison stat
is "$RC" 0 "stat: exit 0"

# --- inject; the tool mounts debugfs and loads the module itself
run hwpoison inject --pfn "$P_INJ"
is "$RC" 0 "inject --pfn: exit 0"
like "$OUT" injected "inject --pfn: reported injected"
is "$(bit "$P_INJ" 19)" 1 "inject --pfn: hwpoison bit set in kpageflags"
is "$(hwcorrupted)" "$((HC0 + 4))" "inject --pfn: HardwareCorrupted grew by 4 kB"
check "inject loaded hwpoison_inject" module_loaded

run hwpoison inject --pfn "$P_INJ"
is "$RC" 0 "inject again: exit 0"
like "$OUT" already-poisoned "inject again: reported already-poisoned"
is "$(hwcorrupted)" "$((HC0 + 4))" "inject again: HardwareCorrupted unchanged"

run hwpoison stat --pfn "$P_INJ"
is "$RC" 0 "stat --pfn: exit 0"
like "$OUT" hwpoison "stat --pfn: names the hwpoison flag"

run hwpoison --json stat
is "$RC" 0 "--json stat: exit 0"
like "$OUT" '^[[:space:]]*\{' "--json stat: a JSON object"
run hwpoison stat --pfn "$P_INJ" --json
is "$RC" 0 "stat --pfn --json (option after the subcommand): exit 0"
like "$OUT" '^[[:space:]]*\{' "stat --pfn --json: a JSON object"

run hwpoison unpoison --pfn "$P_INJ"
is "$RC" 0 "unpoison --pfn: exit 0"
like "$OUT" unpoisoned "unpoison --pfn: reported unpoisoned"
is "$(bit "$P_INJ" 19)" 0 "unpoison --pfn: hwpoison bit cleared"
is "$(hwcorrupted)" "$HC0" "unpoison --pfn: HardwareCorrupted back"

run hwpoison unpoison --pfn "$P_INJ"
is "$RC" 0 "unpoison a clean page: exit 0"
like "$OUT" not-poisoned "unpoison a clean page: reported not-poisoned"

# --- soft offline
run hwpoison soft-offline --pfn "$P_SOFT"
is "$RC" 0 "soft-offline --pfn: exit 0"
like "$OUT" offlined "soft-offline --pfn: reported offlined"
is "$(bit "$P_SOFT" 19)" 1 "soft-offline --pfn: hwpoison bit set"

# --- physical addresses and the hard-offline method
addr=$(printf '0x%x' $((P_ADDR * 4096)))
run hwpoison inject --addr "$addr"
is "$RC" 0 "inject --addr $addr: exit 0"
is "$(bit "$P_ADDR" 19)" 1 "inject --addr: the page at that address is poisoned"

run hwpoison inject --pfn "$P_HARD" --method hard-offline
is "$RC" 0 "inject --method hard-offline: exit 0"
is "$(bit "$P_HARD" 19)" 1 "inject --method hard-offline: hwpoison bit set"

# --- the kernel's filter: reject pages without a mapping
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
run hwpoison filter enable
is "$RC" 0 "filter enable: exit 0"
is "$(cat $HWP_DIR/corrupt-filter-enable)" 1 "filter enable: corrupt-filter-enable is 1"
echo 8 >$HWP_DIR/corrupt-filter-dev-major
run hwpoison filter show
is "$RC" 0 "filter show: exit 0"
hc=$(hwcorrupted)
run hwpoison inject --pfn "$P_FILT"
is "$RC" 1 "inject through a rejecting filter: exit 1"
like "$OUT" filtered "inject through a rejecting filter: reported filtered"
is "$(bit "$P_FILT" 19)" 0 "inject through a rejecting filter: page not poisoned"
is "$(hwcorrupted)" "$hc" "inject through a rejecting filter: HardwareCorrupted unchanged"
run hwpoison filter disable
is "$RC" 0 "filter disable: exit 0"
is "$(cat $HWP_DIR/corrupt-filter-enable)" 0 "filter disable: corrupt-filter-enable is 0"
run hwpoison filter reset
is "$RC" 0 "filter reset: exit 0"
is "$(cat $HWP_DIR/corrupt-filter-dev-major)" 4294967295 "filter reset: dev-major back to 4294967295"

# --- a process's page: poisoned by hwpoison, then touched
victim -n 2 >/tmp/victim.out 2>&1 &
vpid=$!
if wait_for /tmp/victim.out '^ready' 10; then
	vpfn=$(awk '$1 == "page" && $2 == 0 {print $4}' /tmp/victim.out)
	vaddr=$(awk '$1 == "page" && $2 == 0 {print $3}' /tmp/victim.out)
	run hwpoison inject --pfn "$vpfn"
	is "$RC" 0 "inject a process's page: exit 0"
	is "$(bit "$vpfn" 19)" 1 "inject a process's page: hwpoison bit set"
	kill -USR1 "$vpid"
	wait_for /tmp/victim.out '^data ' 10
	like "$(cat /tmp/victim.out)" "^SIGBUS si_code=4 addr=$vaddr\$" \
		"the process gets SIGBUS BUS_MCEERR_AR on touching it"
	kill "$vpid" 2>/dev/null
	wait "$vpid" 2>/dev/null
else
	not_ok "victim started"
	diag "$(cat /tmp/victim.out)"
fi

# --- unpoison everything the tool can; software poison is always unpoisonable
run hwpoison unpoison --all
is "$RC" 0 "unpoison --all: exit 0"
for p in "$P_SOFT" "$P_ADDR" "$P_HARD"; do
	is "$(bit "$p" 19)" 0 "unpoison --all: $p clean again"
done

finish
