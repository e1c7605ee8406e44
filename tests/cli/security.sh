#!/usr/bin/env bash
# A privileged hwpoison cannot be turned into a write primitive: a sysroot
# tree someone else controls, links planted where it writes, a run directory
# others can write, and the environment of a file-capability process are all
# refused with words (exit 3) and nothing is written. Privilege is what
# matters, so most cases run only as root (CI is); the real kernel's side
# is tests/vm/scenarios/52-privilege.sh.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

H=$(realpath "$HWPOISON")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/tree
secret=$work/secret
fresh() {
	rm -rf "$root" "$work/elsewhere"
	make_fixture "$root"
	printf 'secret\n' >"$secret"
	chmod 600 "$secret"
}
# run EXPECTED-EXIT DESCRIPTION ARGS...: exit code, and one line on stderr.
run() {
	local want=$1 what=$2 rc
	shift 2
	HWPOISON_SYSROOT=$root "$H" "$@" >"$work/out" 2>"$work/err"
	rc=$?
	ok $((rc != want)) "$what: exit $want (got $rc)"
}
said() { grep -q -- "$1" "$work/err"; ok $? "$2"; }
untouched() {
	ok $([ "$(cat "$secret")" = secret ] && echo 0 || echo 1) "$1: the file a link points at is untouched"
}

if [ "$(id -u)" -ne 0 ]; then
	ok 0 "# SKIP not root: an unprivileged hwpoison trusts its own trees"
	done_testing
	exit
fi

fresh
chown -R nobody "$root"
run 3 "a sysroot owned by another user" inject --pfn 3
said "HWPOISON_SYSROOT=$root refused: $root is owned by uid $(id -u nobody)" "it names the tree and its owner"
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "nothing written into that tree"

fresh
chmod 777 "$root"
run 3 "a sysroot others can write" stat
said "is writable by others" "it says why"

fresh
ln -s "$root" "$work/link"
HWPOISON_SYSROOT=$work/link "$H" stat >/dev/null 2>"$work/err"
ok $(($? != 3)) "a sysroot reached through a link: exit 3"
said "$work/link is a symbolic link" "it names the link"

fresh
ln -sf "$secret" "$root/sys/kernel/debug/hwpoison/corrupt-pfn"
run 3 "corrupt-pfn is a link in a trusted tree" inject --pfn 3
said "cannot write /sys/kernel/debug/hwpoison/corrupt-pfn: refused" "it names the file it will not write"
untouched "corrupt-pfn"

fresh
chown nobody "$root/sys/kernel/debug/hwpoison"
run 3 "a directory of another user's inside the tree" inject --pfn 3
said "cannot write /sys/kernel/debug/hwpoison/corrupt-pfn: refused" "it says it refused"

fresh
mkdir -p "$work/elsewhere"
rm -rf "$root/run/hwpoison"
ln -s "$work/elsewhere" "$root/run/hwpoison"
run 3 "/run/hwpoison is a link" inject --pfn 3
said "refusing to use /run/hwpoison: $root/run/hwpoison is a symbolic link" "it names the link"
ok $([ -z "$(ls -A "$work/elsewhere")" ] && echo 0 || echo 1) "nothing created where it points"
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "and no page acted on"

fresh
mkdir -p "$root/run/hwpoison"
ln -s "$secret" "$root/run/hwpoison/journal"
run 3 "/run/hwpoison/journal is a link" inject --pfn 3
said "cannot open the journal in /run/hwpoison: refused" "it says it refused the journal"
untouched "the journal"
ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "no page acted on without its journal"

fresh
mkdir -p "$root/run/hwpoison"
ln -s "$secret" "$root/run/hwpoison/lock"
run 3 "/run/hwpoison/lock is a link" unpoison --pfn 11
untouched "the lock"

fresh
mkdir -p "$root/run/hwpoison"
ln -s "$secret" "$root/run/hwpoison/filter-set"
run 0 "the filter note is a link: the filter is set all the same" filter set --flags buddy
said "warning: cannot keep the filter note in /run/hwpoison: refused" "with a warning that the note was refused"
untouched "the filter note"

fresh
mkdir -p "$root/run/hwpoison"
chmod 777 "$root/run/hwpoison"
run 3 "/run/hwpoison writable by others" inject --pfn 3
said "$root/run/hwpoison is writable by others" "it says why"

fresh
mkdir -p "$root/run/hwpoison"
chown nobody "$root/run/hwpoison"
run 3 "/run/hwpoison owned by another user" inject --pfn 3
said "is owned by uid $(id -u nobody)" "it names the owner"

# File capabilities: the environment of such a process is not trusted at all.
fresh
capbin=$work/caps/hwpoison
mkdir -p "$work/caps" && cp "$H" "$capbin" && chmod 755 "$work" "$work/caps" "$capbin"
if [ "$(head -c 4 "$H" | tail -c 3)" != ELF ]; then
	ok 0 "# SKIP $H is a wrapper (valgrind), not the binary file capabilities go on"
elif setcap cap_dac_override+ep "$capbin" 2>/dev/null && command -v setpriv >/dev/null; then
	HWPOISON_SYSROOT=$root setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$capbin" inject --pfn 3 >/dev/null 2>"$work/err"
	ok $(($? != 3)) "HWPOISON_SYSROOT under file capabilities: exit 3"
	said "HWPOISON_SYSROOT refused: hwpoison runs with elevated credentials" "it says why"
	ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "nothing written"
else
	ok 0 "# SKIP no file capabilities on $work"
fi

done_testing
