# With the filter on, a page the kernel left alone is filtered.
fresh
echo 1 >"$root/sys/kernel/debug/hwpoison/corrupt-filter-enable"
rc=$(run_json inject --pfn 3)
check "with the filter on, an untouched page is filtered" '.pages[0].status == "filtered"'
"$H" stat >"$root.out" 2>&1
grep -q '^filter: *ON' "$root.out"
ok $? "stat shows an active filter"
rc=$(run_json inject --pfn 3)
ok $((rc != 1)) "a filtered page: exit 1 by default"
rc=$(run_json inject --pfn 3 --filtered-ok)
ok $rc "--filtered-ok: a filtered page counts as done, exit 0"
check "--filtered-ok: still reported as filtered" '.pages[0].status == "filtered" and .summary.exit == 0'
rc=$(run_json inject --pfn 3,12 --filtered-ok)
ok $((rc != 1)) "--filtered-ok: a refused page still fails the run"
