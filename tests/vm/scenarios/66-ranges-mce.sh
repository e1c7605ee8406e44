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

for size in 16 256 1024; do
	what="mce, $size pages"
	base=$(pagetool find-run "$size") || { not_ok "$what: no $size consecutive free pages"; continue; }
	last=$(hex $((base + size - 1)))
	before=$(records)
	hc=$(hwcorrupted)
	hwpoison --json inject --method mce --pfn "$base-$last" >/tmp/r.json 2>/tmp/r.err
	rc=$?
	sanitized || is "$rc" 0 "$what: exit 0"
	done=$(grep -c '"status": "injected"' /tmp/r.json)
	if sanitized; then
		# An ASan build allocates mid-run (65-ranges): its own pages may be refused as such.
		is "$(grep -c '"status": "\(injected\|refused\)"' /tmp/r.json)" "$size" "$what: every page injected or refused"
		is "$(grep '"error": ' /tmp/r.json | grep -v null | grep -vc "belongs to hwpoison itself")" 0 \
			"$what: refused only as hwpoison's own"
		size=$done
	else
		is "$done" "$size" "$what: every page injected"
		is "$(grep -c '"status": "refused"' /tmp/r.json)" 0 "$what: none refused as hwpoison's own"
	fi
	[ "$done" = "$size" ] || diag "$(grep -B2 -A6 '"status": "[^i]' /tmp/r.json | head -40)" "$(cat /tmp/r.err)"
	is "$(($(records) - before))" "$size" "$what: a journal record per page"
	is "$(hwcorrupted)" "$((hc + 4 * size))" "$what: HardwareCorrupted up by $size pages"
done
run hwpoison stat --journal
is "$RC" 0 "stat --journal reads the whole journal"
unlike "$OUT" "could not be read" "and lost nothing"
finish
