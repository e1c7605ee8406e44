# Pages the safety check refuses: their reasons, the summary, nothing written.
fresh
rc=$(run_json inject --pfn 0,1,12,13,14)
ok $((rc != 1)) "unsafe pages: exit 1"
check "unsafe pages refused with reasons" '[.pages[] | .status + ":" + .error] == ["refused:reserved page","refused:slab page","refused:kernel high-order page","refused:zero page","refused:page table"]'
check "summary: counts per status and the exit code" '.summary == {"refused":5,"exit":1}'
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "refused pages: nothing written"
