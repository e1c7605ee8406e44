# Issue 8 on a real kernel: the errors the kernel returns become a per-page
# status with the reason in words and the right exit code; a module removed
# mid-run stops the run cleanly. (15-core covers EBUSY on a reserved page
# and EOPNOTSUPP from vm.enable_soft_offline=0; test_errno the words for
# errnos no kernel here can be made to return.)
# shellcheck shell=sh
. /hwpvm/lib.sh

# --- soft offline of a slab page the kernel cannot migrate (forced past our check)
SLAB=$(pagetool find-bit 7)
run hwpoison --json soft-offline --force --pfn "$SLAB"
is "$RC" 1 "soft-offline --force of a slab page: exit 1"
like "$OUT" '"status": "failed"' "soft-offline of a slab page: failed"
like "$OUT" '"error": "(EIO|EBUSY): page (is not online or cannot be handled|could not be isolated or migrated)"' \
	"soft-offline of a slab page: the errno and its meaning"
is "$(bit "$SLAB" 19)" 0 "soft-offline of a slab page: not poisoned"
run hwpoison soft-offline --pfn "$SLAB"
is "$RC" 1 "soft-offline of a slab page without --force: exit 1"
like "$OUT" "refused +- +- +slab page" "without --force: refused by the safety check"

# --- unpoison of a poisoned page that is still in use: a tmpfs file keeps it
dd if=/dev/urandom of=/tmp/keep.dat bs=4096 count=2 2>/dev/null
run hwpoison --json inject --file /tmp/keep.dat --offset 4K
like "$OUT" '"status": "injected"' "a tmpfs page poisoned while its file exists"
KP=$(printf '%s\n' "$OUT" | sed -n 's/^ *"pfn": \([0-9]*\),*$/\1/p')
run hwpoison --json unpoison --pfn "$KP"
diag "unpoison of the in-use page: $(printf '%s\n' "$OUT" | grep -E '"(status|error)"' | tr -s ' ')"
is "$RC" 1 "unpoison of a page the page cache still holds: exit 1"
like "$OUT" '"error": "EBUSY: page is in use, mapped, or of a kind that cannot be unpoisoned"' \
	"unpoison of an in-use page: EBUSY in words"
check "unpoison of an in-use page: still poisoned" poisoned "$KP"
rm -f /tmp/keep.dat
settle 0.3
run hwpoison unpoison --pfn "$KP"
is "$RC" 0 "once the file is gone the page can be unpoisoned"

# --- the module removed in the middle of a campaign
LIST=$(hwpoison --json inject --select buddy --count 1500 --dry-run | sed -n 's/^ *"pfn": \([0-9]*\),*$/\1/p' | tr '\n' ',' | sed 's/,$//')
hwpoison --json inject --pfn "$LIST" >/tmp/rm.json 2>/tmp/rm.err &
P=$!
J=/run/hwpoison/journal
i=0
done_pages() { n=$(grep -c "	$P	" $J 2>/dev/null); echo "${n:-0}"; }
while [ "$(done_pages)" -lt 20 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
check "the campaign is under way ($(done_pages) pages) before the module goes" [ "$(done_pages)" -ge 20 ]
# rmmod fails while hwpoison holds corrupt-pfn open: stop it, try, let it
# go on a little, until the module goes.
i=0
while [ $i -lt 200 ]; do
	kill -STOP $P
	rmmod hwpoison_inject 2>/dev/null && break
	kill -CONT $P
	i=$((i + 1))
done
kill -CONT $P
check "rmmod succeeded while the campaign ran" sh -c '! grep -q "^hwpoison_inject " /proc/modules'

wait $P
RC=$?
diag "statuses: $(grep -o '"status": "[a-z-]*"' /tmp/rm.json | sort | uniq -c | tr -s ' \n' ' ')"
diag "stderr: $(cat /tmp/rm.err)"
is "$RC" 3 "module removed mid-run: exit 3"
like "$(cat /tmp/rm.err)" "hwpoison_inject was removed during the run, after [0-9]+ pages" \
	"module removed mid-run: says so, and how far it got"
N=$(sed -n 's/.*after \([0-9]*\) page.*/\1/p' /tmp/rm.err)
is "$(grep -c '"status":' /tmp/rm.json)" "${N:-x}" "module removed mid-run: the output lists exactly the pages done"
is "$(grep -c "	$P	" $J)" "${N:-x}" "module removed mid-run: the journal holds exactly those pages"
check "module removed mid-run: the JSON output is complete" sh -c 'tail -n1 /tmp/rm.json | grep -q "^}$"'
run hwpoison unpoison --journal
is "$RC" 0 "after the module came back (loaded by unpoison): everything undone"
is "$(hwcorrupted)" 0 "HardwareCorrupted back to 0"

finish
