# inject --dry-run: what would be written where, for debugfs and hard-offline.
fresh
rc=$(run_json inject --pfn 2+2 --dry-run)
ok $rc "inject --dry-run exits 0"
check "dry run says what would be written where" '.pages[0] == {"pfn":2,"status":"would-write","type":null,"result":null,"error":null,"note":null,"flags":["buddy"],"write":"0x2","file":"/sys/kernel/debug/hwpoison/corrupt-pfn"}'
check "dry run covers A+N" '[.pages[].pfn] == [2,3]'
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "dry run writes nothing"
run_json inject --method hard-offline --addr 12K --dry-run >/dev/null
check "hard-offline dry run: K suffix, physical address" '.pages[0].pfn == 3 and .pages[0].write == "0x3000" and .pages[0].file == "/sys/devices/system/memory/hard_offline_page"'
