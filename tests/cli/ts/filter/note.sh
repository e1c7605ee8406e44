# A filter hwpoison left on, lost when the module was unloaded; a method it does not apply to.
fresh
"$H" filter set --flags lru >/dev/null
ok $([ -e "$root/run/hwpoison/filter-set" ] && echo 0 || echo 1) "filter set leaves a note in /run/hwpoison"
rm -rf "$root/sys/module/hwpoison_inject" "$root/sys/kernel/debug/hwpoison"
rc=$(run_json stat)
check "stat: the filter was lost with the module" '.filter_lost == true'
"$H" stat >"$root.out" 2>&1
grep -q 'module was unloaded while a filter was set' "$root.out"
ok $? "stat says so in words"
fresh
"$H" filter set --flags lru >/dev/null
"$H" filter reset >/dev/null
ok $([ -e "$root/run/hwpoison/filter-set" ] && echo 1 || echo 0) "filter reset removes the note"
echo 1 >"$root/sys/kernel/debug/hwpoison/corrupt-filter-enable"
run_json inject --pfn 3 --method hard-offline >/dev/null
grep -q 'applies only to debugfs' "$root.err"
ok $? "hard-offline with the filter on: warns that the filter does not apply"
