#!/usr/bin/env bash
# House rules that can be checked mechanically: no function in cmd/ or lib/
# longer than a screen (80 lines from its opening to its closing brace).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

long=$(awk '
	/^[a-z].*\)$/ || /^[a-z].*\) *\{?$/ { name = $0 }
	/^\{/ { start = FNR; fn = name }
	/^\}/ && start { n = FNR - start + 1; if (n > 80) printf "%s:%d: %d lines: %s\n", FILENAME, start, n, fn; start = 0 }
' cmd/*.c lib/*.c)
[ -z "$long" ]
ok $? "no function in cmd/ or lib/ is over 80 lines"
[ -z "$long" ] || printf '# %s\n' "$long"
done_testing
