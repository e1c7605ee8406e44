# Guest-side TAP library for tests/vm/scenarios/*.sh (busybox ash).
# Results go to the results port (TAP_OUT, the second serial port) so
# kernel messages on the console never interleave with them; every line
# is echoed to the console too, for the log.
# shellcheck shell=sh

TAP_OUT=${TAP_OUT:-/dev/ttyS1}
_tap_n=0
_tap_failed=0
_tap_plan=

_tap() {
	for _l in "$@"; do
		printf '%s\n' "$_l" >>"$TAP_OUT"
		printf 'TAP: %s\n' "$_l"
	done
}

plan() { _tap_plan=$1; _tap "1..$1"; }

diag() {
	for _d in "$@"; do
		printf '%s\n' "$_d" | while IFS= read -r _dl; do _tap "# $_dl"; done
	done
}

# TAP_PREFIX: words before every test's name, for a scenario that repeats
# its tests (once per guest kernel, say).
ok() { _tap_n=$((_tap_n + 1)); _tap "ok $_tap_n - ${TAP_PREFIX:-}$*"; }

not_ok() {
	_tap_n=$((_tap_n + 1))
	_tap_failed=$((_tap_failed + 1))
	_tap "not ok $_tap_n - ${TAP_PREFIX:-}$*"
}

# check DESC CMD...: ok when CMD exits 0
check() {
	_cd=$1
	shift
	if "$@"; then ok "$_cd"; else not_ok "$_cd"; diag "failed: $*"; fi
}

# is ACTUAL EXPECTED DESC
is() {
	if [ "$1" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3"
		diag "got:      '$1'" "expected: '$2'"
	fi
}

# isnt ACTUAL UNEXPECTED DESC
isnt() {
	if [ "$1" != "$2" ]; then
		ok "$3"
	else
		not_ok "$3"
		diag "got '$1', expected anything else"
	fi
}

# like OUTPUT ERE-PATTERN DESC
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok "$3"
	else
		not_ok "$3"
		diag "output did not match /$2/:" "$1"
	fi
}

# unlike OUTPUT ERE-PATTERN DESC
unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		not_ok "$3"
		diag "output matched /$2/:" "$1"
	else
		ok "$3"
	fi
}

# skip REASON: bail out of the rest of a scenario that cannot continue
bail() {
	not_ok "$*"
	finish
	exit 0
}

# finish: the marker the host waits for. A scenario that never reaches it
# (panic, hang, crash of the script) counts as failed on the host.
finish() {
	for _s in /tmp/sanitizer.*; do
		[ -e "$_s" ] || continue
		not_ok "sanitizer report $_s"
		diag "$(head -n 30 "$_s")"
	done
	if [ -n "$_tap_plan" ] && [ "$_tap_plan" != "$_tap_n" ]; then
		not_ok "planned $_tap_plan tests, ran $_tap_n"
	fi
	_tap "__HWPVM_FINISHED__ $_tap_n"
}

# run CMD...: runs CMD, output (stdout+stderr) in $OUT, status in $RC,
# and both in the console log.
run() {
	OUT=$("$@" 2>&1)
	RC=$?
	printf '$ %s\n%s\n[exit %s]\n' "$*" "$OUT" "$RC"
}

# run_long CMD...: as run, but a long output (a journal of thousands of records)
# is shown by its ends only: the serial console prints some 10 kB a second.
run_long() {
	OUT=$("$@" 2>&1)
	RC=$?
	printf '$ %s\n%s\n[... %s lines ...]\n%s\n[exit %s]\n' "$*" "$(printf '%s\n' "$OUT" | head -n 15)" \
		"$(printf '%s\n' "$OUT" | wc -l)" "$(printf '%s\n' "$OUT" | tail -n 15)" "$RC"
}

# --- page state, read by the independent witness (pagetool) ---
flags() { pagetool flags "$1"; }
# bit PFN N: 0 or 1
bit() { pagetool bit "$1" "$2"; }
poisoned() { [ "$(pagetool bit "$1" 19)" = 1 ]; }
hwcorrupted() { pagetool hwcorrupted; }
# buddy_pfn [SKIP]: a free buddy page
buddy_pfn() { pagetool find buddy --skip "${1:-0}"; }

# sanitized: hwpoison is an ASan build (make check-sanitize), whose allocator
# cannot be held before a run: it takes pages mid-run by design.
sanitized() { grep -q __asan_init "$(command -v hwpoison)"; }

debugfs_mounted() { grep -q ' /sys/kernel/debug debugfs ' /proc/mounts; }
module_loaded() { grep -q '^hwpoison_inject ' /proc/modules; }
HWP_DIR=/sys/kernel/debug/hwpoison

# settle: let the kernel finish deferred work before reading counters
settle() { sync; sleep "${1:-0.2}"; }

# wait_for FILE ERE [SECONDS]: wait until a line of FILE matches
wait_for() {
	_wf_n=$(( ${3:-10} * 10 ))
	while [ "$_wf_n" -gt 0 ]; do
		grep -Eq -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		_wf_n=$((_wf_n - 1))
	done
	return 1
}

# --- victim: a process whose pages scenarios poison ---
# start_victim NAME ARGS...: victim ARGS in the background, its report in /tmp/NAME.out
start_victim() {
	_name=$1
	shift
	victim "$@" >/tmp/$_name.out 2>&1 &
	wait_for /tmp/$_name.out '^ready' 20 || diag "victim $_name: $(cat /tmp/$_name.out)"
}
# vaddr NAME I, vpfn NAME I: page I of victim NAME; vpid NAME: its pid
vaddr() { awk -v i="$2" '$1 == "page" && $2 == i {print $3}' /tmp/$1.out; }
vpfn() { awk -v i="$2" '$1 == "page" && $2 == i {print $4}' /tmp/$1.out; }
vpid() { awk '$1 == "ready" {print $2}' /tmp/$1.out; }
