# With the filter on, a page the kernel left alone is filtered.
fresh
echo 1 >"$root/sys/kernel/debug/hwpoison/corrupt-filter-enable"
rc=$(run_json inject --pfn 3)
check "with the filter on, an untouched page is filtered" '.pages[0].status == "filtered"'
"$H" stat >"$root.out" 2>&1
grep -q '^filter: *ON' "$root.out"
ok $? "stat shows an active filter"
