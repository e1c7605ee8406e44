# Issue 7 on a real kernel: stat --summary counts every page once, by flag
# combination, and the parallel scan sees exactly what one reader sees.
# shellcheck shell=sh
. /hwpvm/lib.sh

total_pages() { printf '%s\n' "$1" | sed -n 's/^ *"pages_scanned": \([0-9]*\),*$/\1/p'; }
# pages PATTERN: the summed pages of the combinations whose flags match PATTERN
pages_of() {
	printf '%s\n' "$OUT" | awk -v re="$1" '
		/"flags":/ { f = $0; sub(/.*"flags": \[/, "", f); sub(/\].*/, "", f); gsub(/[" ]/, "", f) }
		/"pages":/ { p = $0; gsub(/[^0-9]/, "", p); if (f ~ re) sum += p }
		END { print sum + 0 }'
}
sum_pages() { printf '%s\n' "$OUT" | awk '/"pages":/ { p = $0; gsub(/[^0-9]/, "", p); s += p } END { print s + 0 }'; }

run hwpoison --json stat --summary
is "$RC" 0 "stat --summary: exit 0"
N=$(total_pages "$OUT")
is "$(sum_pages)" "$N" "stat --summary: the combinations add up to the pages scanned ($N)"
check "stat --summary: scans most of memory (got $N of $(awk '/MemTotal/ {print $2 / 4}' /proc/meminfo))" \
	[ "$N" -ge "$(awk '/MemTotal/ {printf "%d", $2 / 4}' /proc/meminfo)" ]
like "$OUT" '"flags": \["buddy"\]' "stat --summary: free pages appear as buddy (flags as an array)"
is "$(pages_of '(^|,)hwpoison(,|$)')" 0 "stat --summary: nothing poisoned yet"

run hwpoison --json inject --select buddy --count 5
is "$(printf '%s\n' "$OUT" | grep -c '"status": "injected"')" 5 "five free pages injected"
run hwpoison --json stat --summary
is "$(pages_of '(^|,)hwpoison(,|$)')" 5 "stat --summary: five pages now carry hwpoison"

# The same poisoned pages, whatever the number of readers.
for t in 1 2 4; do
	HWPOISON_SCAN_THREADS=$t hwpoison --json stat >/tmp/stat$t.json
	sed -n 's/^ *"pfn": \([0-9]*\),*$/\1/p' /tmp/stat$t.json | tr '\n' ' ' >/tmp/pfns$t
done
is "$(wc -w </tmp/pfns1 | tr -d ' ')" 5 "one reader finds the five poisoned pages"
is "$(cat /tmp/pfns2)" "$(cat /tmp/pfns1)" "two readers find the same pages in the same order"
is "$(cat /tmp/pfns4)" "$(cat /tmp/pfns1)" "four readers find the same pages in the same order"
HWPOISON_SCAN_THREADS=1 hwpoison --json stat --summary >/tmp/sum1.json
HWPOISON_SCAN_THREADS=4 hwpoison --json stat --summary >/tmp/sum4.json
is "$(total_pages "$(cat /tmp/sum4.json)")" "$(total_pages "$(cat /tmp/sum1.json)")" "four readers scan as many pages as one"

run hwpoison --json stat --summary --pfn 0x1000+256
is "$(total_pages "$OUT")" 256 "stat --summary --pfn: only the pages listed"
run hwpoison -v stat --summary
unlike "$OUT" "peak memory" "-v says nothing of memory: that belongs to the benchmarks"
run env HWPOISON_PEAK_MEMORY=1 hwpoison stat --summary
like "$OUT" "peak memory [0-9]+ KiB" "HWPOISON_PEAK_MEMORY=1 reports the peak memory"
KIB=$(printf '%s\n' "$OUT" | sed -n 's/.*peak memory \([0-9]*\) KiB.*/\1/p')
diag "stat --summary peak memory: $KIB KiB"
hwpoison -q unpoison --journal
is "$(hwcorrupted)" 0 "cleaned up"

finish
