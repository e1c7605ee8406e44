# Issue 6 on a real kernel: hwpoison events streams the memory_failure_event
# tracepoint through perf (libpfm4), inject carries the verdict from it, and
# from the kernel log when the tracepoint is out of reach.
# shellcheck shell=sh
. /hwpvm/lib.sh

hwpoison stat >/dev/null
D=$HWP_DIR
jfield() { printf '%s\n' "$1" | sed -n "s/.*\"$2\": \"\{0,1\}\([^\",}]*\).*/\1/p" | head -n1; }

# --- an injection by another process, seen live
hwpoison --json events --count 1 --timeout 30 >/tmp/ev.out 2>/tmp/ev.err &
EP=$!
# The ready line, not a guess at how long libpfm4 takes under emulation.
check "events says on stderr when it listens" wait_for /tmp/ev.err '^hwpoison events: listening on ras:memory_failure_event(, mce:mce_record)?, 1 CPU$' 30
B=$(buddy_pfn 1)
modprobe hwpoison_inject
mount | grep -q ' /sys/kernel/debug ' || mount -t debugfs debugfs /sys/kernel/debug
sh -c "echo $B >$D/corrupt-pfn"
wait $EP
RC=$?
OUT=$(cat /tmp/ev.out)
diag "events: $OUT $(cat /tmp/ev.err)"
is "$RC" 0 "events --count 1: exit 0 after one event"
is "$(printf '%s\n' "$OUT" | grep -c .)" 1 "events --count 1: one JSON line"
is "$(jfield "$OUT" pfn)" "$((B))" "events: the pfn another process injected"
is "$(jfield "$OUT" type)" "free buddy page" "events: the page type, named from the format file"
is "$(jfield "$OUT" result)" "Recovered" "events: the result"
like "$OUT" '"time": "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z", "kind": "memory_failure", "cpu": [0-9]+, "pid": [0-9]+' "events: time, kind, cpu and pid"

# --- the timeout before --count: what was awaited did not come
run hwpoison events --count 1 --timeout 1
is "$RC" 1 "events --count 1 --timeout 1 with nothing happening: exit 1"
like "$OUT" "0 of the 1 events asked for arrived before the timeout" "events: says how many arrived"
run hwpoison -q events --count 1 --timeout 1
is "$OUT" "hwpoison events: 0 of the 1 events asked for arrived before the timeout" "events -q: no ready line, the error still"

# --- events -- COMMAND: what COMMAND caused, and COMMAND's exit status
B2=$(buddy_pfn 2)
run hwpoison --json events -- sh -c "echo $B2 >$D/corrupt-pfn; exit 5"
is "$RC" 5 "events -- COMMAND: exits with COMMAND's status"
is "$(jfield "$OUT" pfn)" "$((B2))" "events -- COMMAND: reports the pfn COMMAND injected"
is "$(jfield "$OUT" result)" "Recovered" "events -- COMMAND: with the kernel's verdict"
B3=$(buddy_pfn 3)
(sleep 1; echo "$B3" >$D/corrupt-pfn) &
run hwpoison --json events -- sh -c "sleep 3"
wait
is "$RC" 0 "events -- sleep: exit 0"
is "$(printf '%s\n' "$OUT" | grep -c '"pfn"')" 0 "events -- COMMAND: an injection by someone else meanwhile is not COMMAND's"
check "the other injection did happen" poisoned "$B3"

# --- a COMMAND still running when the stream ends is ended with it
T0=$(cut -d. -f1 /proc/uptime)
run hwpoison events --timeout 1 -- sleep 120
T1=$(cut -d. -f1 /proc/uptime)
is "$RC" 143 "events --timeout -- sleep 120: COMMAND got SIGTERM (exit 143)"
check "events --timeout bounds the run ($((T1 - T0)) s)" [ $((T1 - T0)) -lt 30 ]
run hwpoison events --timeout 1 -- sh -c 'trap "" TERM; sleep 120'
is "$RC" 137 "a COMMAND that ignores SIGTERM gets SIGKILL (exit 137)"

# --- inject's verdict from the tracepoint, and from the kernel log without it
B4=$(buddy_pfn 4)
run hwpoison --json inject --pfn "$B4"
is "$(jfield "$OUT" verdict_source)" "tracepoint" "inject --json: the verdict comes from the tracepoint"
is "$(jfield "$OUT" type): $(jfield "$OUT" result)" "free buddy page: Recovered" "inject --json: type and result from the tracepoint"
# Hide tracefs where libpfm4 and hwpoison look for it.
mount -t tmpfs none /sys/kernel/debug/tracing
[ -d /sys/kernel/tracing ] && mount -t tmpfs none /sys/kernel/tracing
B5=$(buddy_pfn 5)
run hwpoison --json inject --pfn "$B5"
is "$(jfield "$OUT" verdict_source)" "kernel-log" "tracepoint out of reach: the verdict comes from the kernel log"
is "$(jfield "$OUT" type): $(jfield "$OUT" result)" "free buddy page: Recovered" "kernel log: the same type and result"
run hwpoison events --count 1 --timeout 1
is "$RC" 3 "events without the tracepoint: exit 3"
like "$OUT" "no memory_failure_event tracepoint" "events without the tracepoint: says so"
umount /sys/kernel/tracing 2>/dev/null
umount /sys/kernel/debug/tracing

# --- other events
run hwpoison events --event nosuch:event --timeout 0.1
is "$RC" 2 "--event an unknown event: exit 2"
like "$OUT" "'nosuch:event' is not an event" "--event an unknown event: named"
run hwpoison --json events --event mce:mce_record --timeout 0.5
is "$RC" 0 "--event mce:mce_record (a tracepoint): accepted"
run hwpoison --json events --event PERF_COUNT_SW_CPU_CLOCK --timeout 0.5
is "$RC" 0 "--event a software counter: accepted"
like "$OUT" '"event": "PERF_COUNT_SW_CPU_CLOCK", "count": [0-9]+' "--event a counter: its total when the stream ends"
run hwpoison events --timeout 0.3
is "$RC" 0 "events --timeout with nothing happening: exit 0"

# --- stat: counters of memory failures by result, and verdicts by type and result
run hwpoison --json stat
if [ -d /sys/devices/system/node/node0/memory_failure ]; then
	# Per-node counters exist from 6.3; every hard injection above counts once.
	like "$OUT" '"memory_failures": \{' "stat --json: memory failures of all nodes added up"
	TOTAL=$(printf '%s\n' "$OUT" | awk '/"memory_failures"/ {on = 1} on && /"total"/ {gsub(/[^0-9]/, ""); print; exit}')
	check "stat: the total counts this scenario's injections (got $TOTAL)" [ "${TOTAL:-0}" -ge 5 ]
else
	unlike "$OUT" '"memory_failures"' "stat --json: no memory-failure totals on a kernel without per-node counters"
fi
V=$(printf '%s\n' "$OUT" | grep -A2 '"type": "free buddy page"' | tr -d ' \n')
like "$V" '"result":"Recovered","pages":[0-9]+' "stat: verdicts on hwpoison's injections by type and result"

# --- without libpfm4 (the package only recommends it): only --event needs it
PFM=$(ls /lib/x86_64-linux-gnu/libpfm.so.4* | head -n1)
mv "$PFM" /tmp/
run hwpoison events --event sched:sched_process_exit --count 1 --timeout 1
is "$RC" 3 "events --event without libpfm4: exit 3"
like "$OUT" "libpfm4 is missing" "events --event without libpfm4: says so"
is "$(printf '%s\n' "$OUT" | grep -c .)" 1 "events --event without libpfm4: one line"
B5=$(buddy_pfn 9)
run hwpoison --json events -- sh -c "echo $B5 >$D/corrupt-pfn"
is "$RC" 0 "events without libpfm4: the verdicts still stream (tracepoints by id)"
is "$(jfield "$OUT" pfn)" "$((B5))" "events without libpfm4: the pfn the command injected"
B6=$(buddy_pfn 6)
run hwpoison --json inject --pfn "$B6"
is "$RC" 0 "inject without libpfm4: exit 0"
is "$(jfield "$OUT" verdict_source): $(jfield "$OUT" type): $(jfield "$OUT" result)" \
	"tracepoint: free buddy page: Recovered" \
	"inject without libpfm4: the verdict still from the tracepoint (opened by its tracefs id)"
mv "/tmp/${PFM##*/}" "$PFM"

hwpoison -q unpoison --all
finish
