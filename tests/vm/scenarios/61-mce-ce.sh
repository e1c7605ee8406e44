# Corrected memory errors (inject --method mce-ce) through mce-inject's
# "sw" flag: the kernel logs each one and its corrected-error collector
# (CEC, 6.12 and newer here; 6.1 has none) counts them per page and
# soft-offlines a page at its threshold. --cec-threshold sets that threshold
# for one run and restores it, also on SIGTERM. A soft offline by the CEC is
# no hardware failure: unpoison still works afterwards.
# hwpvm-cpu: intel
# shellcheck shell=sh
. /hwpvm/lib.sh

case $(uname -r) in
6.1.*) has_cec=0 ;;
*) has_cec=1 ;;
esac
CEC=/sys/kernel/debug/ras/cec/action_threshold

B=$(buddy_pfn 2)
run hwpoison inject --method mce-ce --errors 0 --pfn "$B"
is "$RC" 2 "--errors 0: exit 2"
like "$OUT" "^hwpoison inject: --errors: '0' is not a number from 1 to 1000000$" "--errors 0: one line naming it"
run hwpoison inject --method mce-ce --pfn "$B" --errors 3 --dry-run
like "$OUT" "would-write .*3x flags=sw status=0x9c000000000000c0 addr=$(printf '0x%x' $((B << 12))) misc=0x8c bank=1" \
	"--dry-run: three corrected errors, the registers shown"

if [ "$has_cec" = 0 ]; then
	run hwpoison --json inject --method mce-ce --pfn "$B" --errors 3
	is "$RC" 0 "6.1, no CEC: exit 0"
	like "$OUT" '"status": "logged"' "6.1: logged"
	like "$OUT" '"error": "no corrected-error collector' "6.1: says there is no collector"
	like "$OUT" '"errors": 3' "6.1: three errors raised"
	is "$(bit "$B" 19)" 0 "6.1: the page is kept"
	like "$(dmesg)" "Machine check events logged" "6.1: the kernel logged the errors"
	run hwpoison inject --method mce-ce --pfn "$B" --cec-threshold 2
	is "$RC" 3 "6.1: --cec-threshold without a CEC: exit 3"
	like "$OUT" "has no corrected-error collector" "6.1: --cec-threshold: says why"
	run hwpoison --json stat
	like "$OUT" '"present": false' "6.1: stat says there is no CEC"
	finish
	exit 0
fi

mount -t debugfs none /sys/kernel/debug 2>/dev/null
ORIG=$(cat "$CEC")
# Debian's 6.12 and 7.x boot with a threshold of 2 (not the 1023 cec.c's
# COUNT_MASK suggests) and a decay interval of a day.
is "$ORIG" 2 "the CEC's threshold at boot: 2"
is "$(cat /sys/kernel/debug/ras/cec/decay_interval)" 86400 "the CEC's decay interval at boot: 86400 s"
run hwpoison --json stat
like "$OUT" "\"threshold\": $ORIG" "stat: the CEC's threshold"

# Fewer errors than the threshold: logged, the page kept.
run hwpoison --json inject --method mce-ce --pfn "$B" --errors 1 --cec-threshold 5
is "$RC" 0 "one error under a threshold of 5: exit 0"
like "$OUT" '"status": "logged"' "one error: logged"
like "$OUT" '"cec_threshold": 5' "one error: the threshold of this run"
is "$(bit "$B" 19)" 0 "one error: the page is kept"
is "$(cat "$CEC")" "$ORIG" "the threshold is restored after the run"

# At the threshold the CEC soft-offlines the page.
S=$(buddy_pfn 6)
run hwpoison --json inject --method mce-ce --pfn "$S" --cec-threshold 3
is "$RC" 0 "errors up to a threshold of 3: exit 0"
like "$OUT" '"status": "offlined"' "at the threshold: offlined"
like "$OUT" '"errors": 3' "the default is the threshold: three errors"
check "offlined: the page carries hwpoison (kpageflags)" poisoned "$S"
like "$(dmesg)" "RAS: Soft-offlining pfn: $(printf '0x%x' "$S")" "the kernel log: the CEC soft-offlined it"
is "$(cat "$CEC")" "$ORIG" "the threshold is restored again"

# A run stopped by SIGTERM puts the threshold back too.
T=$(buddy_pfn 9)
hwpoison inject --method mce-ce --pfn "$T" --errors 1000000 --cec-threshold 1000000 >/tmp/term.out 2>&1 &
PID=$!
sleep 2
kill -TERM "$PID"
wait "$PID"
is "$?" 143 "SIGTERM mid-run: exit 143"
is "$(cat "$CEC")" "$ORIG" "SIGTERM mid-run: the threshold is restored"

# The CEC's soft offline is no hardware failure: unpoison still works.
run hwpoison unpoison --pfn "$S"
is "$RC" 0 "unpoison of the page the CEC retired: exit 0"
is "$(bit "$S" 19)" 0 "unpoison: the page is back"

finish
