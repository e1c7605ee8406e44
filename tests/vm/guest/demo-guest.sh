# The demo's last part, run by `tests/vm/run --demo` in a second boot: this
# machine (6.12, an AMD CPU with SVM) is a hypervisor host running a QEMU/KVM
# guest; a host page behind the guest's process is poisoned, QEMU forwards
# the error, and the guest recovers. Each command is printed before its output.
# shellcheck shell=sh
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
# guest_line REGEX SECONDS: the guest's console line, once it is there.
guest_line() {
	i=0
	while [ $i -lt $(($2 * 5)) ]; do
		l=$(hwpvm-guest -n vm1 console | grep -E "$1" | tail -n 1)
		[ -n "$l" ] && { printf 'guest: %s\n' "$l"; return 0; }
		sleep 0.2
		i=$((i + 1))
	done
	printf 'guest: (nothing yet)\n'
}

lab-setup
say "A hypervisor host ($(uname -r)): a QEMU/KVM guest in memory cgroup vm1 (nested in this VM)"
prompt "qemu-system-x86_64 -enable-kvm -cpu host ... -qmp unix:/mnt/hwpvm-guest-vm1/qmp.sock,server=on,wait=off"
SOCK=$(hwpvm-guest -n vm1 start --qemu 10 --cgroup vm1) || { echo "the guest did not start"; exit 1; }
echo "(QEMU pid $(hwpvm-guest -n vm1 pid), the guest runs Linux $(hwpvm-guest -n vm1 console | sed -n 's/.*hwpvm-guest: ready //p'))"
say "The guest's RAM as QEMU maps it, through its monitor"
show hwpoison stat --guest "$SOCK"

say "Aim the kernel's filter at the VM's cgroup: no other workload can be hit"
show hwpoison filter set --memcg /sys/fs/cgroup/vm1
GPFN=$(hwpvm-guest -n vm1 console | awk '$2 == "victim" && $3 == "page" && $4 == 0 {print $6}')
GPA=$(printf '0x%x' $((GPFN << 12)))
say "Poison the host page behind a guest process's page, named by its guest-physical address"
show hwpoison inject --guest "$SOCK" --gpa "$GPA"
sleep 2
say "QEMU got SIGBUS and forwarded a machine check to the guest"
hwpvm-guest -n vm1 qemu | grep -m1 'Guest MCE'
say "The guest's process touches its page: the guest's own kernel recovers"
hwpvm-guest -n vm1 cmd touch
guest_line "victim SIGBUS" 15
guest_line "Memory failure: .*recovery action" 5
hwpvm-guest -n vm1 cmd alive
guest_line "alive: a new process" 10
show hwpoison filter reset
hwpvm-guest -n vm1 stop
printf '\nEnd of demo. `make lab` gives you a shell; `tests/vm/run --lab --nested` one with a guest.\n\n'
