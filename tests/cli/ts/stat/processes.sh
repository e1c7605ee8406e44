# Processes and poisoned pages: the journal's processes, stat's clean line and
# the processes that still map a poisoned page (the fixture's process 4343 has a
# hwpoison entry for pfn 0x2 at 0x500000, beside a real swap entry).
fresh
j=$root/run/hwpoison/journal
mkdir -p "$root/run/hwpoison"
rc=$(run_json stat)
check "stat: a poisoned page is not clean" '.clean == false and .holders == []'
printf 'hwp1\t1700000000.5\t77\tinject\tdebugfs\t0x2\tinjected\tdirty LRU page\tRecovered\tpid=4343 vaddr=0x500000\t4343:late:holder,4350:early:w\n' >"$j"
printf 'hwp1\t1700000001.5\t78\tunpoison\tdebugfs\t0x2\tunpoisoned\t-\t-\t-\t-\n' >>"$j"
rc=$(run_json stat --journal)
ok $rc "stat --journal with processes: exit 0"
check "stat --journal: the processes of a record" '.journal[0].processes == [{"pid":4343,"comm":"holder","kill":"late","signal":"SIGBUS","code":"BUS_MCEERR_AR"},{"pid":4350,"comm":"w","kill":"early","signal":"SIGBUS","code":"BUS_MCEERR_AO"}]'
check "stat --journal: none is an empty list" '.journal[1].processes == []'
rc=$(run_json stat)
check "stat: a page unpoisoned but still mapped poisoned is found by its page-table entry" '.holders == [{"pid":4343,"comm":"holder","vaddr":5242880,"pfn":2}]'
# Nothing poisoned, nobody mapping, the filter off: clean.
printf '' >"$j"
: >"$root/proc/4343/pagemap"
u64le 0 | dd of="$root/proc/kpageflags" bs=8 seek=11 conv=notrunc status=none
printf 'MemTotal:         262144 kB\nHardwareCorrupted:     0 kB\n' >"$root/proc/meminfo"
rc=$(run_json stat)
check "stat: clean" '.clean == true and .holders == []'
"$H" stat >"$root.out" 2>&1
grep -q '^clean: *yes (no poisoned page, no process maps one, the filter is off)$' "$root.out"
ok $? "stat: people read clean in one line"
echo 1 >"$root/sys/kernel/debug/hwpoison/corrupt-filter-enable"
rc=$(run_json stat)
check "stat: a filter left on is not clean" '.clean == false'
"$H" stat >"$root.out" 2>&1
grep -q '^clean: *no (the filter is on)$' "$root.out"
ok $? "stat: and says why"
