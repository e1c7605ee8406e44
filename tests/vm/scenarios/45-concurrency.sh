# Issue 8 on a real kernel: concurrent campaigns lose no journal record and
# never act twice on one page; an interrupted campaign stops between pages
# with a journal that matches what it reported.
# shellcheck shell=sh
. /hwpvm/lib.sh

HC0=$(hwcorrupted)
hwpoison stat >/dev/null   # nothing yet: the journal starts empty
J=/run/hwpoison/journal
records() { n=$(grep -c "$1" $J 2>/dev/null); echo "${n:-0}"; }

# --- three campaigns at once, each asking for 15 free pages -------------------
for i in 1 2 3; do
	hwpoison --json inject --select buddy --count 15 >/tmp/c$i.json 2>/tmp/c$i.err &
done
wait
for i in 1 2 3; do
	is "$(grep -c '"status": "injected"' /tmp/c$i.json)" 15 "parallel campaign $i: 15 pages injected"
	diag "campaign $i stderr: $(cat /tmp/c$i.err)"
done
cat /tmp/c1.json /tmp/c2.json /tmp/c3.json | sed -n 's/^ *"pfn": \([0-9]*\),*$/\1/p' | sort >/tmp/pfns
is "$(sort -u /tmp/pfns | wc -l)" 45 "parallel campaigns: 45 different pages, none acted on twice"
is "$(records '	inject	')" 45 "parallel campaigns: the journal holds all 45 records"
is "$(awk -F'\t' '$4 == "inject" {print $6}' $J | sort -u | wc -l)" 45 "parallel campaigns: one record per page"
is "$(hwcorrupted)" "$((HC0 + 180))" "parallel campaigns: HardwareCorrupted up by 45 pages"
is "$(grep -vc '^hwp1	' $J)" 0 "parallel campaigns: every journal line is a whole record"

# --- two unpoison --journal at once ----------------------------------------------
hwpoison --json unpoison --journal >/tmp/u1.json 2>&1 &
hwpoison --json unpoison --journal >/tmp/u2.json 2>&1 &
wait
u=$(cat /tmp/u1.json /tmp/u2.json | grep -c '"status": "unpoisoned"')
is "$u" 45 "parallel unpoison --journal: 45 pages unpoisoned between them"
is "$(records '	unpoison	')" 45 "parallel unpoison: one journal record per page, none twice"
is "$(hwcorrupted)" "$HC0" "parallel unpoison: HardwareCorrupted back where it started"

# --- SIGINT in the middle of a long campaign ------------------------------------
hwpoison --json inject --select buddy --count 3000 >/tmp/long.json 2>/tmp/long.err &
P=$!
# Wait until the campaign is under way, then interrupt it.
i=0
while [ "$(records '	inject	')" -le 45 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -INT $P
wait $P
RC=$?
is "$RC" 130 "SIGINT: exit 130"
like "$(cat /tmp/long.err)" "interrupted by Interrupt after [0-9]+ pages?$" "SIGINT: says how far it got"
N=$(sed -n 's/.*interrupted by Interrupt after \([0-9]*\) page.*/\1/p' /tmp/long.err)
diag "interrupted after $N page(s)"
check "SIGINT: stopped early (after $N of 3000)" [ "${N:-3000}" -lt 3000 ]
is "$(grep -c '"status":' /tmp/long.json)" "$N" "SIGINT: the output lists exactly the pages done"
is "$(awk -F'\t' -v p=$P '$3 == p' $J | wc -l)" "$N" "SIGINT: the journal holds exactly the pages done"
is "$(hwcorrupted)" "$((HC0 + 4 * N))" "SIGINT: HardwareCorrupted matches the pages done"
check "SIGINT: the JSON output is complete" sh -c 'tail -n1 /tmp/long.json | grep -q "^}$"'
run hwpoison --json unpoison --journal
is "$RC" 0 "after SIGINT: unpoison --journal undoes it all"
is "$(hwcorrupted)" "$HC0" "after SIGINT: HardwareCorrupted back where it started"

# --- SIGTERM in the middle of a campaign with a scoped filter -------------------
D=/sys/kernel/debug/hwpoison
raw_filter() { echo "$(cat $D/corrupt-filter-enable) $(cat $D/corrupt-filter-flags-mask)/$(cat $D/corrupt-filter-flags-value)"; }
BEFORE=$(raw_filter)
LIST=$(hwpoison --json inject --select buddy --count 1500 --dry-run | sed -n 's/^ *"pfn": \([0-9]*\),*$/\1/p' | tr '\n' ',' | sed 's/,$//')
diag "$(echo "$LIST" | tr ',' '\n' | wc -l) free pages for the SIGTERM run"
before=$(records '	inject	')
hwpoison --json inject --pfn "$LIST" --flags buddy >/tmp/term.json 2>/tmp/term.err &
P=$!
i=0
while [ "$(records '	inject	')" -le "$((before + 20))" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
is "$(raw_filter)" "1 1024/1024" "during the scoped run the buddy filter is set"
kill -TERM $P
wait $P
is "$?" 143 "SIGTERM: exit 143"
is "$(raw_filter)" "$BEFORE" "SIGTERM: the previous filter is restored"
N=$(sed -n 's/.*after \([0-9]*\) page.*/\1/p' /tmp/term.err)
is "$(awk -F'\t' -v p=$P '$3 == p' $J | wc -l)" "${N:-x}" "SIGTERM: the journal holds exactly the pages reported ($N)"
run hwpoison --json unpoison --journal
is "$(hwcorrupted)" "$HC0" "after SIGTERM: unpoison --journal undoes it all"

finish
