# A campaign never harms itself. Poisoning a free page hands its buddy
# neighbour to the next allocation; a run over consecutive free pages used
# to take that neighbour itself (a stack or heap fault, the journal's next
# tmpfs page) and then refuse it as its own, or poison its own journal.
# Ranges of 16, 256 and 1,024 consecutive free pages for each page method,
# twice in a row: every page acted on, none refused, a record per page, and
# unpoison --journal leaves nothing poisoned. Then pages of hwpoison itself
# and of its journal asked for by pfn, a damaged journal read around, and
# 7.x's vm.panic_on_unrecoverable_memory_failure. (The machine-check method
# is 66-ranges-mce: it disables unpoison until reboot.)
# Some 7,800 pages acted on and undone: longer than the default limit when
# the machine is busy.
# hwpvm-timeout: 400
# shellcheck shell=sh
. /hwpvm/lib.sh

J=/run/hwpoison/journal
HC0=$(hwcorrupted)
records() { n=$(grep -c '^hwp1	' $J 2>/dev/null); echo "${n:-0}"; }
hex() { printf '%#x' "$1"; }
RUNS=0

# range_run METHOD SIZE ROUND: one range, checked, then undone.
range_run() {
	_m=$1 _n=$2 _what="$1, $2 pages, round $3"
	# A block of its own per range: one just unpoisoned is the next the allocator splits.
	_base=$(pagetool find-run "$_n" --skip "$RUNS") || { not_ok "$_what: no $_n consecutive free pages"; return; }
	RUNS=$((RUNS + 1))
	_last=$(hex $((_base + _n - 1)))
	_before=$(records)
	# HWPOISON_PEAK_MEMORY=1: the run also says how many page faults it took once begun.
	case $_m in
	soft-offline) HWPOISON_PEAK_MEMORY=1 hwpoison --json soft-offline --pfn "$_base-$_last" \
		>/tmp/r.json 2>/tmp/r.err ;;
	*) HWPOISON_PEAK_MEMORY=1 hwpoison --json inject --method "$_m" --pfn "$_base-$_last" \
		>/tmp/r.json 2>/tmp/r.err ;;
	esac
	_rc=$?
	_done=$(grep -c '"status": "\(injected\|offlined\)"' /tmp/r.json)
	like "$(cat /tmp/r.err)" "page faults during the run: 0$" "$_what: no page of memory taken once the run began"
	is "$_rc" 0 "$_what: exit 0"
	is "$_done" "$_n" "$_what: every page acted on"
	is "$(grep -c '"status": "refused"' /tmp/r.json)" 0 "$_what: none refused as hwpoison's own"
	[ "$_done" = "$_n" ] || diag "$(grep -B2 -A6 '"status": "[^io]' /tmp/r.json | head -40)" "$(cat /tmp/r.err)"
	is "$(($(records) - _before))" "$_n" "$_what: a journal record per page"
	is "$(hwcorrupted)" "$((HC0 + 4 * _n))" "$_what: HardwareCorrupted up by $_n pages"
	hwpoison --json unpoison --journal >/tmp/u.json 2>/tmp/u.err
	is "$?" 0 "$_what: unpoison --journal exits 0"
	is "$(grep -c '"status": "unpoisoned"' /tmp/u.json)" "$_n" "$_what: unpoison --journal undoes every page"
	is "$(hwcorrupted)" "$HC0" "$_what: nothing left poisoned"
}

if sanitized; then
	# An ASan build's allocator and fake stacks take fresh pages mid-run by design: a
	# range of free pages would be its own, even its stack's, poisoned (SIGBUS). The
	# journal still needs pages of records for the damage test: a selection rechecks.
	ok "# SKIP ranges of free pages: a sanitizer's memory cannot be held"
	hwpoison -q inject --select buddy --count 64 && hwpoison -q unpoison --journal
else
	for round in 1 2; do
		for method in debugfs hard-offline soft-offline; do
			for size in 16 256 1024; do
				range_run "$method" "$size" "$round"
			done
		done
	done
fi
is "$(grep -vc '^hwp1	' $J)" 0 "every journal line is a whole record"
run_long hwpoison stat --journal
is "$RC" 0 "stat --journal reads the whole journal"
unlike "$OUT" "could not be read" "and lost nothing"

# --- hwpoison's own pages, asked for by pfn ---------------------------------------
JP=$(pagetool filepfn $J 0)
run hwpoison inject --pfn "$JP"
is "$RC" 1 "a page of the journal asked for by pfn: exit 1"
like "$OUT" "refused +the page holds hwpoison's journal" "refused in its own words"
check "the journal's page is not poisoned" sh -c "! pagetool bit $JP 19 | grep -q 1"
# The binary's first page is mapped by every running hwpoison.
BP=$(pagetool filepfn "$(command -v hwpoison)" 0)
run hwpoison inject --pfn "$BP"
is "$RC" 1 "a page of hwpoison itself asked for by pfn: exit 1"
like "$OUT" "refused +the page belongs to hwpoison itself" "refused in its own words"
check "hwpoison's page is not poisoned" sh -c "! pagetool bit $BP 19 | grep -q 1"
is "$(hwcorrupted)" "$HC0" "nothing poisoned by the refusals"

# --- 7.x's safety switch -------------------------------------------------------------
P=/proc/sys/vm/panic_on_unrecoverable_memory_failure
STAT=$(hwpoison --json stat)
if [ -e $P ]; then
	like "$STAT" '"panic_on_unrecoverable_memory_failure": 0' "stat shows panic_on_unrecoverable_memory_failure (0 at boot)"
	echo 1 >$P
	like "$(hwpoison stat)" "panic_on_unrecoverable_memory_failure: +1" "stat shows it set to 1"
	R=$(pagetool find-bit 32)
	run hwpoison inject --pfn "$R"
	is "$RC" 1 "panic_on_unrecoverable=1, a reserved kernel page: exit 1"
	like "$OUT" "panic_on_unrecoverable_memory_failure=1: the kernel cannot recover this kernel page" \
		"refused: the kernel would panic"
	check "the reserved page is not poisoned" sh -c "! pagetool bit $R 19 | grep -q 1"
	B=$(buddy_pfn 3)
	run hwpoison inject --pfn "$B"
	is "$RC" 0 "panic_on_unrecoverable=1: a free page is still injected"
	hwpoison unpoison --pfn "$B" >/dev/null
	echo 0 >$P
else
	like "$STAT" '"panic_on_unrecoverable_memory_failure": null' "stat: panic_on_unrecoverable_memory_failure absent before 7.x"
	like "$(hwpoison stat)" "panic_on_unrecoverable_memory_failure: +-" "stat shows it absent"
fi

# --- a damaged journal is still read ---------------------------------------------------
# A record that straddles no page boundary is cut only if on the poisoned page.
N=$(records)
JP1=$(pagetool filepfn $J 4096)
echo "$JP1" >/sys/kernel/debug/hwpoison/corrupt-pfn
check "the journal's second page is poisoned (by hand, not by hwpoison)" poisoned "$JP1"
check "reading it now fails" sh -c "! dd if=$J bs=4096 skip=1 count=1 of=/dev/null 2>/dev/null"
B=$(buddy_pfn 4)
run hwpoison inject --pfn "$B"
is "$RC" 0 "a run appends past the damage"
run_long hwpoison --json stat --journal
is "$RC" 0 "stat --journal reads around the unreadable page: exit 0"
like "$OUT" '"journal_lost_bytes": [1-9]' "and says how much was lost"
got=$(printf '%s\n' "$OUT" | grep -c '"pfn":')
check "every record outside the lost page is listed ($got of $((N + 1)), at most a page of records lost)" \
	test "$got" -ge $((N + 1 - 70)) -a "$got" -le "$N"
like "$OUT" "\"pfn\": $((B))," "the record written after the damage is read"
run_long hwpoison unpoison --journal
is "$RC" 0 "unpoison --journal reads around it too"
like "$OUT" "bytes of the journal in /run/hwpoison could not be read" "and warns what was lost"
check "the page injected after the damage is unpoisoned" sh -c "! pagetool bit $B 19 | grep -q 1"
finish
