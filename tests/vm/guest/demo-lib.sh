# What both parts of the demo (demo.sh, demo-guest.sh) print with: a
# heading, a command as a reader would type it, and the command run.
# shellcheck shell=sh

# colour unless the host said its terminal has none (hwpcolor=0)
B= G= N=
grep -qw hwpcolor=0 /proc/cmdline || { B=$(printf '\033[1m') G=$(printf '\033[1;32m') N=$(printf '\033[0m'); }
say() { printf '\n%s## %s%s\n' "$B" "$*" "$N"; }
prompt() { printf '%s$ %s%s\n' "$G" "$*" "$N"; }
show() {
	prompt "$*"
	"$@"
	rc=$?
	[ "$rc" -eq 0 ] || printf '[exit status %s]\n' "$rc"
	return 0
}
