# hwpoison handed to a tester the supported ways, and the attacks on a
# privileged hwpoison: a tester runs a copy with file capabilities (the set
# the README documents, and no more); root runs it with a hostile
# environment, as `sudo -E` or an env_keep rule would give it. Every attack
# is refused in words, exit 3, and nothing outside the kernel's files is
# written.
# shellcheck shell=sh
. /hwpvm/lib.sh

CAPS=cap_sys_admin,cap_dac_override,cap_chown,cap_ipc_lock,cap_syslog+ep
echo 'tester:x:1000:1000:tester:/tmp:/bin/sh' >>/etc/passwd
echo 'tester:x:1000:' >>/etc/group
# busybox sh prefers its own applets: util-linux setpriv by its path.
as_tester() { /usr/bin/setpriv --reuid=1000 --regid=1000 --clear-groups "$@"; }
# The modules are loaded at boot (modules-load.d): capabilities do not pass to modprobe.
modprobe hwpoison_inject
HC0=$(hwcorrupted)
secret=/root/secret
printf 'secret\n' >$secret
chmod 600 $secret
untouched() { is "$(cat $secret)" secret "$1: the root-only file a link points at is untouched"; }

# --- a tester without capabilities ---------------------------------------------------
B=$(buddy_pfn 1)
run as_tester hwpoison inject --pfn "$B"
is "$RC" 3 "a tester with the plain binary: exit 3"
like "$OUT" "CAP_SYS_ADMIN" "says what privilege is missing"

# --- a tester with file capabilities ---------------------------------------------------
cp "$(command -v hwpoison)" /tmp/hwpoison-caps
chmod 755 /tmp/hwpoison-caps
check "setcap $CAPS on a copy of hwpoison" setcap "$CAPS" /tmp/hwpoison-caps
rm -rf /run/hwpoison
run as_tester /tmp/hwpoison-caps inject --pfn "$B"
is "$RC" 0 "the tester injects a free page with file capabilities"
check "the page is poisoned" poisoned "$B"
is "$(stat -c %u:%g /run/hwpoison)" 0:0 "/run/hwpoison, created by the tester's run, is root's"
is "$(stat -c %u:%a /run/hwpoison/journal)" 0:644 "and so is the journal, mode 644"
like "$(grep "	0x$(printf %x "$B")	" /run/hwpoison/journal)" "inject	debugfs" "the page is recorded"
run as_tester /tmp/hwpoison-caps stat
is "$RC" 0 "the tester's stat: exit 0"
run as_tester /tmp/hwpoison-caps unpoison --journal
is "$RC" 0 "the tester undoes it with unpoison --journal"
is "$(hwcorrupted)" "$HC0" "nothing left poisoned"

# The tester's own tree, with corrupt-pfn a link to a root-only file.
mkdir -p /tmp/evil/sys/kernel/debug/hwpoison /tmp/evil/proc
ln -s $secret /tmp/evil/sys/kernel/debug/hwpoison/corrupt-pfn
chown -R 1000:1000 /tmp/evil
run as_tester env HWPOISON_SYSROOT=/tmp/evil /tmp/hwpoison-caps inject --pfn 3
is "$RC" 3 "HWPOISON_SYSROOT under file capabilities: exit 3"
like "$OUT" "HWPOISON_SYSROOT refused: hwpoison runs with elevated credentials" "refused: the environment is not trusted"
untouched "HWPOISON_SYSROOT under file capabilities"

# --- root with a hostile environment (sudo -E) --------------------------------------------
run env HWPOISON_SYSROOT=/tmp/evil hwpoison inject --pfn 3
is "$RC" 3 "root with HWPOISON_SYSROOT of a tester's tree: exit 3"
like "$OUT" "HWPOISON_SYSROOT=/tmp/evil refused: /tmp/evil is owned by uid 1000" "names the tree and its owner"
untouched "HWPOISON_SYSROOT under root"
run as_tester env HWPOISON_SCAN_THREADS=64 HWPOISON_PEAK_MEMORY=1 /tmp/hwpoison-caps stat --summary
is "$RC" 0 "the tester's stat --summary with the tuning variables set: exit 0"
unlike "$OUT" "peak memory" "HWPOISON_PEAK_MEMORY is not read under file capabilities"

# --- links planted where hwpoison writes ---------------------------------------------------
mv /run/hwpoison/journal /run/hwpoison/journal.real
ln -s $secret /run/hwpoison/journal
run hwpoison inject --pfn "$B"
is "$RC" 3 "a link planted as the journal: exit 3"
like "$OUT" "cannot open the journal in /run/hwpoison: refused" "refused in words"
check "no page acted on without its journal" sh -c "! pagetool bit $B 19 | grep -q 1"
untouched "the journal link"
rm /run/hwpoison/journal
mv /run/hwpoison/journal.real /run/hwpoison/journal
chmod 777 /run/hwpoison
run hwpoison inject --pfn "$B"
is "$RC" 3 "/run/hwpoison writable by others: exit 3"
like "$OUT" "refusing to use /run/hwpoison: /run/hwpoison is writable by others" "says why"
chmod 755 /run/hwpoison
mv /run/hwpoison /run/hwpoison.real
mkdir /tmp/elsewhere
ln -s /tmp/elsewhere /run/hwpoison
run hwpoison inject --pfn "$B"
is "$RC" 3 "/run/hwpoison a link: exit 3"
is "$(ls -A /tmp/elsewhere)" "" "nothing created where it points"
rm /run/hwpoison
mv /run/hwpoison.real /run/hwpoison
# A kernel file that resolves elsewhere: a directory of a tmpfs mounted over debugfs's hwpoison/.
mkdir -p /tmp/fakehw
: >/tmp/fakehw/corrupt-pfn
check "a tmpfs directory bind-mounted over hwpoison/" mount --bind /tmp/fakehw /sys/kernel/debug/hwpoison
# A page from the middle of a big free block: one recycled by the runs above may be hwpoison's own now.
run hwpoison inject --pfn "$(pagetool find-run 1 --skip 3)"
is "$RC" 3 "corrupt-pfn on the wrong filesystem: exit 3"
like "$OUT" "cannot write /sys/kernel/debug/hwpoison/corrupt-pfn: refused" "refused in words"
is "$(cat /tmp/fakehw/corrupt-pfn)" "" "nothing written into the impostor"
umount /sys/kernel/debug/hwpoison
is "$(hwcorrupted)" "$HC0" "nothing poisoned by any attack"
finish
