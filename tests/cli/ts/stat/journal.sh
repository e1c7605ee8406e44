# The journal: a real run appends, stat and unpoison read it.
fresh
rc=$(run_json inject --pfn 3)
rc=$(run_json stat --journal)
ok $rc "stat --journal: exit 0"
check "the run was journalled" '.journal | length == 1 and .[0].command == "inject" and .[0].method == "debugfs" and .[0].pfn == 3 and .[0].status == "failed"'
check "journal time is RFC 3339 UTC" '.journal[0].time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\.[0-9]{6}Z$")'
run_json inject --pfn 4 --dry-run >/dev/null
rc=$(run_json stat --journal)
check "dry runs are not journalled" '.journal | length == 1'
j=$root/run/hwpoison/journal
printf 'hwp1\t1700000000.5\t77\tinject\tdebugfs\t0xb\tinjected\tfree buddy page\tRecovered\n' >"$j"
printf 'hwp1\t1700000001.5\t77\tinject\tdebugfs\t0xa\tinjected\t-\t-\n' >>"$j"
printf 'hwp1\t1700000002.5\t78\tunpoison\tdebugfs\t0xa\tunpoisoned\t-\t-\n' >>"$j"
printf 'hwp1\t1700000003.5\t79\tinject\tdebug' >>"$j"   # torn by a crash
rc=$(run_json stat --journal)
check "stat --journal: complete records only" '[.journal[].pfn] == [11,10,10] and .poisoned_by_hwpoison == 1'
check "stat --journal: the verdict" '.journal[0].type == "free buddy page" and .journal[0].result == "Recovered" and .journal[1].type == null'
rc=$(run_json stat)
check "stat: a journalled poisoned page is hwpoison's" '.poisoned == [{"pfn": 11, "source": "hwpoison", "flags": ["hwpoison"]}]'
rc=$(run_json unpoison --journal --dry-run)
ok $rc "unpoison --journal --dry-run: exit 0"
check "unpoison --journal: only the page still ours" '[.pages[].pfn] == [11]'
printf 'hwp1\t1700000004.5\t80\tinject\tdebugfs\t0x3\tinjected\t-\t-\n' >>"$j"
rc=$(run_json unpoison --journal --dry-run)
check "unpoison --journal: skips pages no longer poisoned" '[.pages[].pfn] == [11]'
