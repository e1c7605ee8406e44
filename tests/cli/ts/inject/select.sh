# --select over the fixture: buddy pages are pfns 2-9.
fresh
rc=$(run_json inject --select buddy --count 3 --dry-run)
ok $rc "--select buddy --count 3: exit 0"
check "--select: the first 3 buddy pages, and how many matched" '.matched == 8 and [.pages[].pfn] == [2,3,4]'
rc=$(run_json inject --select buddy --count 3 --random --seed 42 --dry-run)
first=$(jq -c '[.pages[].pfn]' "$root.json")
run_json inject --select buddy --count 3 --random --seed 42 --dry-run >/dev/null
check "--random --seed: the same sample twice" "[.pages[].pfn] == $first"
check "--random: 3 distinct buddy pages" '[.pages[].pfn] | (unique | length) == 3 and all(. >= 2 and . <= 9)'
# Free pages come and go between runs: the same seed keeps its picks while they are candidates.
kept=0
for seed in 1 2 3 4 5 6 7 8; do
	fresh
	picks=$("$H" --json inject --select buddy --count 2 --random --seed $seed --dry-run | jq -c '[.pages[].pfn]')
	for pfn in 2 3 4 5 6 7 8 9; do
		jq -e "index($pfn)" <<<"$picks" >/dev/null && continue
		u64le 0 | dd of="$root"/proc/kpageflags bs=8 seek=$pfn conv=notrunc status=none
	done
	again=$("$H" --json inject --select buddy --count 2 --random --seed $seed --dry-run | jq -c '[.pages[].pfn]')
	[ "$again" = "$picks" ] && kept=$((kept + 1)) || diag "seed $seed: $picks, then $again"
done
ok $((kept != 8)) "--random --seed: the other free pages gone, the same picks (8 seeds)"
fresh
samples=$(for seed in 1 2 3 4 5 6; do
	"$H" --json inject --select buddy --count 3 --random --seed $seed --dry-run | jq -c '[.pages[].pfn]'
done | sort -u | wc -l)
ok $((samples < 3)) "--random: six seeds give different samples ($samples distinct)"
rc=$(run_json inject --select buddy --range 7-20 --count 5 --dry-run)
ok $((rc != 1)) "--select with fewer matches than --count: exit 1"
check "--select --range: only pages inside it" '.matched == 3 and [.pages[].pfn] == [7,8,9]'
rc=$(run_json inject --select lru,~anon --dry-run)
check "--select lru,~anon finds the lru page" '[.pages[].pfn] == [10]'
rc=$(run_json inject --select slab --dry-run)
ok $((rc != 1)) "--select of pages the safety check refuses: exit 1"
check "--select skips refused pages: none matched" '.matched == 0 and .pages == []'
