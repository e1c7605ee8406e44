# stat --summary over the fixture's 64 pages (no firmware map: every pfn).
fresh
rc=$(run_json stat --summary)
ok $rc "stat --summary: exit 0"
check "stat --summary: 64 pages, most common first" '.pages_scanned == 64 and .summary[0] == {"flags":[],"raw":0,"pages":49,"mib":0} and .summary[1].flags == ["buddy"] and .summary[1].pages == 8'
check "stat --summary: combinations add up" '([.summary[].pages] | add) == 64 and .combinations == (.summary | length)'
rc=$(run_json stat --summary --pfn 2-11)
check "stat --summary --pfn: only the list" '.pages_scanned == 10 and ([.summary[] | select(.flags == ["hwpoison"])][0].pages == 1)'
for t in 1 3; do
	HWPOISON_SCAN_THREADS=$t "$H" --json stat --summary >"$root.t$t" 2>/dev/null
done
ok $(cmp -s "$root.t1" "$root.t3" && echo 0 || echo 1) "stat --summary: one reader and three agree"
rm -f "$root.t1" "$root.t3"
