# The demo's last part, run by `tests/vm/run --demo` in a second boot: this
# machine (6.12, an AMD CPU with SVM) is a hypervisor host running a QEMU/KVM
# guest; a host page behind the guest's process is poisoned, QEMU forwards
# the error, and the guest recovers. Each command is printed before its output.
# shellcheck shell=sh
. /hwpvm/demo-lib.sh
# guest_line REGEX SECONDS: the guest's console line, once it is there.
guest_line() {
	if hwpvm-guest -n vm1 wait "$1" "$2"; then
		printf 'guest: %s\n' "$(hwpvm-guest -n vm1 console | grep -E "$1" | tail -n 1)"
	else
		printf 'guest: (nothing yet)\n'
	fi
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
