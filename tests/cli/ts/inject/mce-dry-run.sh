# inject --method mce --dry-run: the registers it would write, nothing written.
fresh
rc=$(run_json inject --method mce --pfn 2 --dry-run)
ok $rc "inject --method mce --dry-run exits 0"
check "mce dry run: the registers and mce-inject" '.pages[0].write == "flags=hw status=0xbd000000000000c0 addr=0x2000 misc=0x8c bank=1" and .pages[0].file == "/sys/kernel/debug/mce-inject/"'
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "mce dry run writes nothing"
