#!/usr/bin/env bash
# Formatting, dry runs, refusals and environment errors against a fixture
# tree. Whether an injection really works is proved in tests/vm, never here.
#
# The cases live in a folder per command, tests/cli/ts/COMMAND/*.sh (global
# behaviour under tests/cli/ts/hwpoison/), as util-linux keeps tests/ts/TOOL:
# each starts from a fresh fixture and uses the helpers below. A new case is
# a new file there.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
fresh() { rm -rf "$root"; make_fixture "$root"; }
export HWPOISON_SYSROOT=$root
H=$HWPOISON

# check DESC JQ-EXPR: the last JSON output satisfies the expression.
check() { jq -e "$2" "$root.json" >/dev/null 2>&1; ok $? "$1"; }
run_json() { "$H" --json "$@" >"$root.json" 2>"$root.err"; echo $?; }

for case_file in tests/cli/ts/*/*.sh; do
	echo "# fixture: $case_file"
	# shellcheck source=/dev/null
	. "$case_file"
done
rm -f "$root.json" "$root.err" "$root.out"
done_testing
