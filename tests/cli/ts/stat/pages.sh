# stat --pfn: each page's flags decoded, and why the safety check refuses it.
fresh
rc=$(run_json stat --pfn 0-2,10,12-14)
ok $rc "stat --pfn exits 0"
check "stat --pfn: reserved page decoded and flagged unsafe" '.pages[0] == {"pfn":0,"flags":["reserved"],"raw":4294967296,"poisoned":false,"unsafe":"reserved page"}'
check "stat --pfn: slab" '.pages[1].flags == ["slab"] and .pages[1].unsafe == "slab page"'
check "stat --pfn: buddy is safe" '.pages[2].flags == ["buddy"] and .pages[2].unsafe == null'
check "stat --pfn: lru page flags in bit order" '.pages[3].flags == ["uptodate","lru","mmap"]'
check "stat --pfn: kernel high-order, zero page, page table" '[.pages[4,5,6].unsafe] == ["kernel high-order page","zero page","page table"]'
