# An AMD-vendor CPU (QEMU's -cpu max under TCG): the kernel never grades an
# uncorrected memory error action-optional there, so inject --method mce is
# refused with the reason and nothing done; corrected errors use AMD's
# encoding (bank 4, extended error code 8).
# shellcheck shell=sh
. /hwpvm/lib.sh

is "$(awk -F': ' '/^vendor_id/ {print $2; exit}' /proc/cpuinfo)" AuthenticAMD "the CPU is AMD-vendor"

B=$(buddy_pfn 2)
run hwpoison inject --method mce --pfn "$B"
is "$RC" 3 "--method mce on AMD: exit 3"
like "$OUT" "never grades an uncorrected memory error action-optional" "--method mce on AMD: says why"
is "$(printf '%s\n' "$OUT" | wc -l)" 1 "--method mce on AMD: one line"
is "$(bit "$B" 19)" 0 "--method mce on AMD: the page is untouched"
unlike "$(cat /proc/modules)" '^mce_inject ' "--method mce on AMD: mce-inject not even loaded"
run hwpoison inject --method mce --pfn "$B" --dry-run
is "$RC" 3 "--method mce --dry-run on AMD: exit 3 too"

run hwpoison --json stat
like "$OUT" '"vendor": "AuthenticAMD"' "stat: the CPU vendor"
like "$OUT" '"action_optional": false' "stat: no action-optional grading"

run hwpoison inject --method mce-ce --pfn "$B" --errors 2 --dry-run
like "$OUT" "2x flags=sw status=0x940000000008009f addr=$(printf '0x%x' $((B << 12))) misc=0x0 bank=4" \
	"mce-ce on AMD: AMD's corrected DRAM error in bank 4"
case $(uname -r) in
6.1.*)
	run hwpoison --json inject --method mce-ce --pfn "$B" --errors 2
	is "$RC" 0 "mce-ce on AMD, 6.1: exit 0"
	like "$OUT" '"status": "logged"' "mce-ce on AMD, 6.1: logged (no CEC)"
	;;
*)
	run hwpoison --json inject --method mce-ce --pfn "$B" --cec-threshold 2
	is "$RC" 0 "mce-ce on AMD: exit 0"
	like "$OUT" '"status": "offlined"' "mce-ce on AMD: the CEC retires the page at its threshold"
	check "mce-ce on AMD: the page carries hwpoison" poisoned "$B"
	;;
esac

finish
