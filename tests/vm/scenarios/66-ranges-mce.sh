# 65-ranges for the machine-check method: ranges of 16, 256 and 1,024
# consecutive free pages raised as uncorrected memory errors through
# mce-inject: every page acted on, none refused as hwpoison's own, a record
# per page. The kernel refuses every unpoison after a machine check, so
# these pages stay poisoned until reboot: a boot of its own.
# hwpvm-cpu: intel
# shellcheck shell=sh
. /hwpvm/lib.sh

J=/run/hwpoison/journal
records() { n=$(grep -c '^hwp1	' $J 2>/dev/null); echo "${n:-0}"; }
hex() { printf '%#x' "$1"; }

if sanitized; then
	# As in 65-ranges: an ASan build's memory cannot be held, ranges of free pages are not for it.
	ok "# SKIP ranges of free pages: a sanitizer's memory cannot be held"
	finish
	exit 0
fi
for size in 16 256 1024; do
	what="mce, $size pages"
	base=$(pagetool find-run "$size") || { not_ok "$what: no $size consecutive free pages"; continue; }
	last=$(hex $((base + size - 1)))
	before=$(records)
	hc=$(hwcorrupted)
	hwpoison --json inject --method mce --pfn "$base-$last" >/tmp/r.json 2>/tmp/r.err
	is "$?" 0 "$what: exit 0"
	done=$(grep -c '"status": "injected"' /tmp/r.json)
	is "$done" "$size" "$what: every page injected"
	is "$(grep -c '"status": "refused"' /tmp/r.json)" 0 "$what: none refused as hwpoison's own"
	[ "$done" = "$size" ] || diag "$(grep -B2 -A6 '"status": "[^i]' /tmp/r.json | head -40)" "$(cat /tmp/r.err)"
	is "$(($(records) - before))" "$size" "$what: a journal record per page"
	is "$(hwcorrupted)" "$((hc + 4 * size))" "$what: HardwareCorrupted up by $size pages"
done
run hwpoison stat --journal
is "$RC" 0 "stat --journal reads the whole journal"
unlike "$OUT" "could not be read" "and lost nothing"
finish
