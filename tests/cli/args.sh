#!/usr/bin/env bash
# Bad input, table-driven: each row is the expected exit code, a fragment the
# single stderr line must contain, and the arguments. Every row also checks
# that stdout is empty, stderr is exactly one line, and nothing was written.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
make_fixture "$root"
export HWPOISON_SYSROOT=$root

# exit | stderr fragment | arguments (split on spaces; ~ stands for an empty argument)
cases=$(cat <<'TABLE'
2|unknown command 'injct' (did you mean 'inject'?)|injct
2|unknown command 'frobnicate'|frobnicate
2|unknown option '--bogus'|--bogus
2|unknown option '--bogus'|inject --bogus
2|unknown option '-x'|inject -x
2|option '--pfn' needs a value|inject --pfn
2|missing pages: --pfn, --addr, --pid/--vaddr, --file/--offset or --select|inject
2|missing pages: --pfn, --addr, --pid/--vaddr, --file/--offset or --select|soft-offline
2|missing --pfn or --addr, --all or --journal|unpoison
2|invalid pfn list item 'bogus'|inject --pfn bogus
2|invalid pfn list item '12x'|inject --pfn 12x
2|invalid pfn list item '-5'|inject --pfn -5
2|invalid pfn list item '5-3'|inject --pfn 1,5-3,7
2|invalid pfn list item '0x'|inject --pfn 0x
2|empty item|inject --pfn 1,,2
2|empty item|inject --pfn 1,
2|empty item|inject --pfn ~
2|invalid pfn list item '4K'|inject --pfn 4K
2|out of range|inject --pfn 18446744073709551616
2|out of range|inject --pfn 0xffffffffffffffff+2
2|invalid pfn list item '5+0'|inject --pfn 5+0
2|invalid address list item '1T'|inject --addr 1T
2|out of range|inject --addr 17179869184G
2|past the end of memory|inject --pfn 64
2|past the end of memory|inject --pfn 60-70
2|past the end of memory|soft-offline --pfn 0x1000
2|past the end of memory|unpoison --pfn 100
2|past the end of memory|stat --pfn 64
2|past the end of memory|inject --addr 1M
2|--pfn and --addr cannot be combined|inject --pfn 2 --addr 0x2000
2|--all cannot be combined with --pfn|unpoison --all --pfn 2
2|unexpected argument 'extra'|inject --pfn 2 extra
2|unknown method 'foo'|inject --pfn 2 --method foo
2|unknown option '--force'|unpoison --pfn 2 --force
2|unknown option '--all'|inject --all
2|unknown filter command 'frob'|filter frob
2|unexpected argument 'more'|filter show more
2|unexpected argument 'x'|stat x
2|invalid pfn list item 'q'|stat --pfn q
2|unknown option '--pf' (did you mean '--pfn'?)|inject --pf 2
2|unknown option '--dry' (did you mean '--dry-run'?)|inject --pfn 2 --dry
2|unknown option '--js' (did you mean '--json'?)|--js stat
2|unknown option '--pfm' (did you mean '--pfn'?)|inject --pfm 2
2|--output: unknown column 'bogus' (columns: gpa, hva, pfn, vaddr|inject --pfn 2 -o pfn,bogus
2|--output: unknown column 'mib2'|stat --summary -o +mib2
2|-o, --output-all, -n and -r choose the columns of --pfn, --journal or --summary|stat -n
2|--pid: process 2 (kthreadd) is a kernel thread: it has no user memory to name pages in|inject --pid 2 --vaddr 0x1000
2|unknown option '--pnf' (did you mean '--pfn'?)|inject --pnf 2
2|unknown option '--dryrun' (did you mean '--dry-run'?)|inject --pfn 2 --dryrun
2|unknown option '--summry' (did you mean '--summary'?)|stat --summry
2|unknown filter command 'sett' (did you mean 'set'?)|filter sett --flags lru
2|filter set needs --memcg, --dev, --flags|filter set
2|unknown page flag 'budy' (did you mean: buddy|filter set --flags budy
2|flag 'lru' is named twice|filter set --flags lru,~lru
2|empty flag name|filter set --flags lru,,anon
2|--flags-mask needs --flags-value|filter set --flags-mask 0x20
2|has bits outside --flags-mask|filter set --flags-mask 0x20 --flags-value 0x40
2|--flags cannot be combined with --flags-mask|filter set --flags lru --flags-mask 1 --flags-value 1
2|--flags-mask: invalid number 'lots'|filter set --flags-mask lots --flags-value 0
2|--memcg: '/no/such/cgroup': No such file or directory|filter set --memcg /no/such/cgroup
2|--memcg: '/proc/meminfo' is not a directory|filter set --memcg /proc/meminfo
2|is not on a cgroup2 or cgroup v1 memory hierarchy|filter set --memcg /proc
2|--dev: invalid device '8:x'|filter set --dev 8:x
2|--dev: '/no/such/file': No such file or directory|filter set --dev /no/such/file
2|filter clear needs --memcg, --dev or --flags|filter clear
2|filter clear takes --memcg, --dev and --flags without values|filter clear --memcg=5
2|'--memcg' is only for filter set or filter clear|filter show --memcg 5
2|unknown page flag 'bogus'|inject --pfn 2 --flags bogus
2|unknown option '--memcg'|unpoison --pfn 11 --memcg 5
2|option '--memcg' needs a value|inject --pfn 2 --memcg
2|--pid needs --vaddr LIST|inject --pid 4242
2|--vaddr needs --pid PID|inject --vaddr 0x400000
2|--file needs --offset LIST|soft-offline --file /etc/passwd
2|--offset needs --file PATH|inject --offset 0
2|--vaddr and --offset cannot be combined|inject --pid 4242 --vaddr 0x400000 --file /etc/passwd --offset 0
2|--vaddr and --pfn cannot be combined|inject --pid 4242 --vaddr 0x400000 --pfn 2
2|--pid: no process 999999|inject --pid 999999 --vaddr 0x1000
2|--pid: '0' is not a process id|inject --pid 0 --vaddr 0x400000
2|--pid: 'me' is not a number|inject --pid me --vaddr 0x400000
2|--vaddr: 0x404000 is not mapped in process 4242|inject --pid 4242 --vaddr 0x403000-0x404000
2|--vaddr: invalid address list item 'zz'|inject --pid 4242 --vaddr zz
2|--file: '/no/such/file': No such file or directory|inject --file /no/such/file --offset 0
2|--file: '/proc' is not a regular file|inject --file /proc --offset 0
2|--offset: 1073741824 is past the end of '/etc/passwd'|inject --file /etc/passwd --offset 1G
2|--offset: invalid address list item '-1'|inject --file /etc/passwd --offset -1
2|--count needs --select EXPR|inject --pfn 2 --count 3
2|--random needs --select EXPR|soft-offline --pfn 2 --random
2|--range needs --select EXPR|inject --pfn 2 --range 2-5
2|--seed needs --random|inject --select buddy --seed 7
2|--select and --pfn cannot be combined|inject --select buddy --pfn 2
2|unknown page flag 'budy' (did you mean: buddy|inject --select budy
2|--count: 'many' is not a number|inject --select buddy --count many
2|--count: '0': at least one page|inject --select buddy --count 0
2|--flags cannot be combined with --select|inject --select buddy --flags lru
2|--range: invalid pfn list item 'x'|inject --select buddy --range x
2|--range: pfn 0x40 is past the end of memory|inject --select buddy --range 60-70
2|--all and --journal cannot be combined|unpoison --all --journal
2|--journal cannot be combined with --pfn|unpoison --journal --pfn 2
2|--journal cannot be combined with --pfn|stat --journal --pfn 2
2|unknown option '--journal'|inject --journal
2|unknown option '--select'|unpoison --select buddy
2|--memcg, --dev and --flags need --method debugfs|inject --pfn 2 --method hard-offline --flags lru
2|--journal cannot be combined with --summary|stat --journal --summary
2|past the end of memory|stat --summary --pfn 60-70
2|--count: 'x' is not a number of events|events --count x
2|--count: '0' is not a number of events|events --count 0
2|--timeout: 'soon' is not a number of seconds|events --timeout soon
2|--timeout: '-1' is not a number of seconds|events --timeout -1
2|--event: empty event name|events --event ~
2|unexpected argument 'ls' (put a command after --)|events ls
2|'--' needs a COMMAND after it|events --count 1 --
2|unknown option '--pfn'|events --pfn 2
TABLE
)

# No command: the usage with the command list, on stderr, exit 2.
out=$("$HWPOISON" 2>"$root/stderr")
ok $(($? != 2)) "hwpoison without a command: exit 2"
grep -q '^Commands:' "$root/stderr" && grep -q '^  inject ' "$root/stderr" &&
	grep -qx 'hwpoison: missing command' "$root/stderr"
ok $? "hwpoison without a command: the usage and the command list on stderr"
ok $([ -z "$out" ] && echo 0 || echo 1) "hwpoison without a command: nothing on stdout"

while IFS='|' read -r want fragment args; do
	read -r -a argv <<<"$args"
	for i in "${!argv[@]}"; do [ "${argv[$i]}" = "~" ] && argv[$i]=""; done
	out=$("$HWPOISON" "${argv[@]}" 2>"$root/stderr")
	got=$?
	err=$(cat "$root/stderr")
	lines=$(printf '%s' "$err" | grep -c '')
	desc="hwpoison $args"
	ok $((got != want)) "$desc: exit $want (got $got)"
	case $err in *"$fragment"*) r=0 ;; *) r=1 ;; esac
	ok $r "$desc: stderr names it: $fragment"
	[ $r -eq 0 ] || diag "stderr: $err"
	ok $((lines != 1)) "$desc: one line on stderr"
	ok $(([ -z "$out" ] && [ -z "$(fixture_writes "$root")" ]) && echo 0 || echo 1) \
		"$desc: no output and nothing written"
done <<<"$cases"

# Privilege: refused before anything is touched, exit 3.
for args in "inject --pfn 2" "soft-offline --pfn 2" "unpoison --pfn 11" "unpoison --all" \
	"filter reset" "stat --pfn 2" "events --count 1" "stat --journal" "stat --summary"; do
	read -r -a argv <<<"$args"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		env HWPOISON_SYSROOT="$root" "$HWPOISON" "${argv[@]}" >/dev/null 2>"$root/stderr"
	got=$?
	ok $((got != 3)) "unprivileged hwpoison $args: exit 3 (got $got)"
	grep -q 'CAP_SYS_ADMIN' "$root/stderr"
	ok $? "unprivileged hwpoison $args: says CAP_SYS_ADMIN is needed"
	ok $([ -z "$(fixture_writes "$root")" ] && echo 0 || echo 1) "unprivileged hwpoison $args: nothing written"
done

done_testing
