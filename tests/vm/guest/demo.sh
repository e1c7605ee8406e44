# A guided hwpoison session on a real kernel, run by `tests/vm/run --demo`.
# Each command is printed before its output, as a reader would type it.
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

printf '\nhwpoison demo on Linux %s (QEMU, %s MiB)\n' "$(uname -r)" \
	"$(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo)"

say "What the kernel offers; hwpoison mounts debugfs and loads hwpoison_inject itself"
show hwpoison stat

say "Pick a free page (pagetool reads /proc/kpageflags directly)"
prompt "PFN=\$(pagetool find buddy)"
PFN=$(pagetool find buddy)
prompt "echo \$PFN"
echo "$PFN"

say "Poison it"
show hwpoison inject --pfn "$PFN"

say "The page now carries the hwpoison flag"
show hwpoison stat --pfn "$PFN"
printf '(pagetool: kpageflags %s, HardwareCorrupted %s kB)\n' \
	"$(pagetool flags "$PFN")" "$(pagetool hwcorrupted)"

say "System-wide view"
show hwpoison stat

say "Clear the software-injected poison"
show hwpoison unpoison --pfn "$PFN"
printf '(pagetool: kpageflags %s, HardwareCorrupted %s kB)\n' \
	"$(pagetool flags "$PFN")" "$(pagetool hwcorrupted)"

say "Back to where we started"
show hwpoison stat

say "A machine check, the way hardware reports a memory error (mce-inject): the kernel grades it and recovers"
prompt "PFN=\$(pagetool find buddy)"
PFN=$(pagetool find buddy)
show hwpoison inject --method mce --pfn "$PFN"

say "After a memory failure that software did not simulate, the kernel refuses unpoison until reboot"
show hwpoison unpoison --pfn "$PFN"

printf '\nEnd of demo. `make lab` gives you a shell on this machine.\n\n'
