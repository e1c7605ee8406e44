#!/usr/bin/env bash
# --help, man pages and completions tell the same story: every long option a
# command's --help prints is in its man page and completed by bash (for that
# command) and zsh, every option bash offers exists in --help, every command
# has a man page, and the man pages format without warnings.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
H=$HWPOISON

# long options in some text, one per line
long_options() { grep -E -- '^ +-' | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u; }
# man page text with roff's \- turned back into -
man_text() { sed 's/\\-/-/g' "$1"; }
# bash completion candidates for a command line ending in the word being completed
bash_complete() {
	PATH="$(cd "$(dirname "$HWPOISON")" && pwd):$PATH" bash -c '. completions/hwpoison.bash
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_hwpoison hwpoison "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$@"
}

# The zsh completion's branch for a command, with the option arrays it uses.
zsh_section() {
	local branch arrays name
	branch=$(awk -v c="$1" '$0 == "\t" c ")" { on = 1; next }
		on && ($0 ~ /^\t[a-z-]+\)$/ || $0 == "\tesac") { exit } on' completions/_hwpoison)
	printf '%s\n' "$branch"
	arrays=$(printf '%s\n' "$branch" | grep -oE '\$[a-z]+' | tr -d '$' | sort -u)
	for name in $arrays; do
		awk -v n="$name" '$0 == "\t" n "=(" { on = 1; next } on && $0 == "\t)" { exit } on' completions/_hwpoison
	done
}

commands=$("$H" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF {print $1}')
ok $([ -n "$commands" ] && echo 0 || echo 1) "--help lists commands"

# Every --help states its exit status once.
for cmd in "" $commands; do
	help=$("$H" $cmd --help)
	n=$(printf '%s\n' "$help" | tr '\n' ' ' | grep -o '2 bad input' | wc -l)
	ok $([ "$n" -eq 1 ] && echo 0 || echo 1) "hwpoison $cmd --help: exit status stated once ($n)"
done

# The top level.
for opt in $("$H" --help | long_options); do
	man_text man/hwpoison.8 | grep -qE -- "(^|[^a-z-])$opt([^a-z-]|$)"
	ok $? "hwpoison.8 documents $opt"
	grep -qE -- "$opt([^a-z-]|$)" completions/hwpoison.bash
	ok $? "bash completion offers $opt"
	grep -qE -- "$opt([^a-z-]|\[|=)" completions/_hwpoison
	ok $? "zsh completion offers $opt"
done
top=$(bash_complete hwpoison '' | sort)
ok $([ "$top" = "$(printf '%s\n' $commands | sort)" ] && echo 0 || echo 1) "bash completes exactly the commands"
[ "$(bash_complete hwpoison inj)" = inject ]
ok $? "bash completes 'inj' to inject"
[ "$(bash_complete hwpoison --js)" = --json ]
ok $? "bash completes global options"

for cmd in $commands; do
	page=man/hwpoison-$cmd.8
	ok $([ -f "$page" ] && echo 0 || echo 1) "$cmd has a man page"
	grep -qE "^(\\.B|\\.BR) $(echo "$cmd" | sed 's/-/\\\\-/')" man/hwpoison.8 || grep -q "hwpoison-$cmd (8)" man/hwpoison.8
	ok $? "hwpoison.8 lists $cmd"
	grep -qE "\\b$cmd\\b" completions/_hwpoison
	ok $? "zsh completion knows $cmd"
	help=$("$H" "$cmd" --help | long_options)
	zsh_section=$(zsh_section "$cmd")
	# What bash offers for this command (filter: also after set and clear).
	offered=$( { bash_complete hwpoison "$cmd" --
		[ "$cmd" = filter ] && bash_complete hwpoison filter set -- && bash_complete hwpoison filter clear --
	} | sort -u)
	for opt in $help; do
		man_text "$page" | grep -qE -- "(^|[^a-z-])$opt([^a-z-]|$)"
		ok $? "hwpoison-$cmd.8 documents $opt"
		printf '%s\n' "$offered" | grep -qx -- "$opt"
		ok $? "bash completes $opt for $cmd"
		printf '%s\n' "$zsh_section" | grep -qE -- "'\\*?$opt([^a-z-]|\[|=)|\\{[^}]*$opt[,}]"
		ok $? "zsh completion offers $opt for $cmd"
	done
	for opt in $offered; do
		printf '%s\n' "$help" | grep -qx -- "$opt"
		ok $? "bash offers only real options: $cmd $opt is in --help"
	done
	grep -q '^\.SH EXIT STATUS' "$page"
	ok $? "hwpoison-$cmd.8 documents the exit status"
done

# The methods --help lists (from the library's table) are the ones both
# completions offer and the man page describes.
methods=$("$H" inject --help | awk '/--method METHOD/ { on = 1; next } on && /^      --/ { exit } on && substr($0, 26, 1) ~ /[a-z]/ && substr($0, 1, 25) ~ /^ +$/ { print $1 }' | sort)
ok $([ "$(echo "$methods" | wc -l)" -ge 2 ] && echo 0 || echo 1) "inject --help lists the methods ($(echo $methods))"
[ "$(bash_complete hwpoison inject --method '' | sort)" = "$methods" ]
ok $? "bash completes exactly the methods of the table"
# Both completions ask the binary (the same awk program as here reads --help).
grep -q "'--method=\[[^]]*\]:method:_hwpoison_methods'" completions/_hwpoison
ok $? "zsh completes --method from the methods hwpoison lists"
zsh_awk=$(sed -n "/^_hwpoison_methods/,/^}/p" completions/_hwpoison | grep -c "substr(\$0, 1, 25)")
ok $([ "$zsh_awk" = 1 ] && echo 0 || echo 1) "zsh reads the methods from --help as bash does"
for m in $methods; do
	man_text man/hwpoison-inject.8 | grep -qE -- "^\.B $m\$|^\.BR? $m |method $m"
	ok $? "hwpoison-inject.8 describes --method $m"
done

# Values completed by bash.
[ "$(bash_complete hwpoison inject --method hard)" = hard-offline ]
ok $? "bash completes --method values"
[ "$(bash_complete hwpoison inject --select lru,~an)" = "lru,~anon" ]
ok $? "bash completes flag expressions after a comma and ~"
[ "$(bash_complete hwpoison filter cl)" = clear ]
ok $? "bash completes filter subcommands"

for page in man/*.8; do
	warnings=$(groff -man -ww -z "$page" 2>&1)
	ok $([ -z "$warnings" ] && echo 0 || echo 1) "$page formats without warnings"
	[ -z "$warnings" ] || diag "$warnings"
	grep -q '^\.SH EXIT STATUS' "$page"
	ok $? "$page documents the exit status"
done
# One fact, one wording. Every status the library names is in the README's
# list and in hwpoison(8).
statuses=$(sed -n '/status_names\[\] = {/,/^};/p' lib/names.c | grep -o '"[a-z-]*"' | tr -d '"')
for s in $statuses; do
	grep -q "\`$s\`" README.md
	ok $? "README lists the status $s"
	grep -q "^\.B $(sed 's/-/\\\\-/g' <<<"$s")\$" man/hwpoison.8
	ok $? "hwpoison(8) lists the status $s"
done
# --help and the man page give the same exit codes.
for cmd in "" $commands; do
	page=man/hwpoison${cmd:+-$cmd}.8
	help=$("$H" $cmd --help | sed -n '/^Exit status/,/^$/p' | grep -oE '(^|[ (,])[0-3] ' | tr -dc '0-3\n' | sort -u | tr -d '\n')
	man=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$page" | sed -n 's/^\.B \([0-3]\)$/\1/p' | sort -u | tr -d '\n')
	[ -n "$help" ] && [ "$help" = "$man" ]
	ok $? "hwpoison $cmd: --help and $page give the same exit codes ($help, $man)"
done
# Options the page commands share are described in the same words in each.
describe() { "$H" "$1" --help | grep -E "^ +(-[a-z], )?$2( |$)" | sed -E 's/^ +(-[a-z], )?--[a-z-]+( [A-Z|:]+)? +//'; }
for opt in --dry-run --force --dev --flags --memcg --verbose --no-load; do
	first=$(describe inject "$opt")
	for cmd in soft-offline unpoison; do
		other=$(describe "$cmd" "$opt")
		[ -n "$first" ] && { [ -z "$other" ] || [ "$other" = "$first" ]; }
		ok $? "$opt: inject and $cmd describe it alike ($first)"
	done
done

# A table's headers are its column names (the JSON keys) in capitals, one word each.
headers_of() { # FIRST ARGS...: the --output-all header line (it starts with FIRST) of a table
	local first=$1
	shift
	HWPOISON_SYSROOT=$fixture "$H" "$@" --output-all 2>/dev/null | grep -m1 "^ *$first " |
		tr -s ' ' '\n' | grep .
}
columns_of() { # the names a --help paragraph titled $2 lists, for command $1
	"$H" "$1" --help | sed -n "/^$2 (-o/,/^\$/{/^ /p}" | tr -s ' ' '\n' | grep . | tr a-z A-Z
}
fixture=$(mktemp -d)
make_fixture "$fixture"
[ "$(headers_of GPA inject --pfn 2 --dry-run)" = "$(columns_of inject Columns)" ]
ok $? "inject's headers are its column names in capitals"
[ "$(headers_of PFN stat --pfn 2)" = "$(columns_of stat 'Columns of --pfn and --addr')" ]
ok $? "stat --pfn's headers are its column names in capitals"
[ "$(headers_of FLAGS stat --summary)" = "$(columns_of stat 'Columns of --summary')" ]
ok $? "stat --summary's headers are its column names in capitals"
rm -rf "$fixture"

bash -n completions/hwpoison.bash
ok $? "bash completion parses"
if command -v zsh >/dev/null; then
	zsh -n completions/_hwpoison
	ok $? "zsh completion parses"
else
	ok 1 "zsh is installed (.ci/run installs it)"
fi
done_testing
