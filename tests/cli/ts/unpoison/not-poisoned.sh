# unpoison of a page that carries no poison: nothing to do, nothing written.
fresh
rc=$(run_json unpoison --pfn 2)
ok $rc "unpoison of a clean page: exit 0"
check "not-poisoned status" '.pages[0].status == "not-poisoned"'
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "not poisoned: nothing written"
