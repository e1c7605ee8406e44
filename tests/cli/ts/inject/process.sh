# Process addresses through a fixture pagemap (see make_fixture).
fresh
rc=$(run_json inject --pid 4242 --vaddr 0x400000+4 --dry-run)
ok $((rc != 1)) "--vaddr with pages not present: exit 1"
check "--vaddr: present pages translated, others not-present" \
	'[.pages[] | [.vaddr, .pfn, .status, .error]] == [[4194304,2,"would-write",null],[4198400,null,"not-present","no page mapped there yet"],[4202496,null,"not-present","swapped out"],[4206592,10,"would-write",null]]'
check "--vaddr dry run writes the translated pfn" '.pages[3].write == "0xa"'
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "--vaddr dry run: nothing written"
# A mapping line longer than any fixed buffer (a long file path) is one line:
# the end of its path, "00500000-00501000 ...", is no mapping of its own,
# wherever a fixed-size read would have cut the line.
for cut in 255 511 1023 4095; do
	pad=$((cut - 51))
	printf '00600000-00601000 r--p 00000000 08:01 123    /srv/%s/00500000-00501000 rw-p 00000000 00:00 0\n' \
		"$(printf 'x%.0s' $(seq 1 $pad))" >>"$root/proc/4242/maps"
done
rc=$(run_json inject --pid 4242 --vaddr 0x500000 --dry-run)
ok $((rc != 2)) "a long maps line is read whole: the address in its path is not mapped (exit 2)"
grep -q "0x500000 is not mapped in process 4242" "$root.err"
ok $? "a long maps line: says the address is not mapped"
run_json inject --pid 4242 --vaddr 0x600000 --dry-run >/dev/null
! grep -q "not mapped" "$root.err"
ok $? "a long maps line: its own mapping is found"
# --pid with --select: among the pages the process maps, by their flags.
fresh
rc=$(run_json inject --pid 4242 --select lru --count 1 --dry-run)
ok $rc "--pid --select lru: exit 0"
check "--pid --select: the process's lru page, named by its address" '.matched == 1 and .pages == [{"pfn":10,"vaddr":4206592,"status":"would-write","type":null,"result":null,"error":null,"note":null,"flags":["uptodate","lru","mmap"],"write":"0xa","file":"/sys/kernel/debug/hwpoison/corrupt-pfn"}]'
rc=$(run_json inject --pid 4242 --select slab --dry-run)
ok $((rc != 1)) "--pid --select of pages it does not map: exit 1"
check "--pid --select: none matched" '.matched == 0'
rc=$(run_json inject --pid 4242 --select buddy --range 1-5)
ok $((rc != 2)) "--pid --select --range: exit 2"
grep -q "range cannot be combined with --pid" "$root.err"
ok $? "--pid --select --range: says the process's pages are the range"
rc=$(run_json inject --pid 4242 --select lru --count 1)
rc=$(run_json stat --journal)
check "--pid --select: the journal names the process and the address" '.journal[0].target == "pid=4242 vaddr=0x403000"'
