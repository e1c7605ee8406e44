# A guided hwpoison session on a real kernel, run by `tests/vm/run --demo`:
# the product's story in about a minute, hwpoison doing every step. Each
# command is printed before its output, as a reader would type it.
# shellcheck shell=sh

. /hwpvm/demo-lib.sh
# A workload: victim maps pages and prints "page I VADDR PFN", then reads
# them back on SIGUSR1 ("data ok", or the SIGBUS it got).
workload() { # NAME CGROUP
	sh -c "echo \$\$ >$2/cgroup.procs && exec victim -n 2" >/tmp/$1.out 2>&1 &
	while ! grep -q '^ready' /tmp/$1.out 2>/dev/null; do sleep 0.1; done
}
vaddr() { awk -v i="$2" '$1 == "page" && $2 == i {print $3}' /tmp/$1.out; }
vpid() { awk '$1 == "ready" {print $2}' /tmp/$1.out; }
readback() { kill -USR1 "$(vpid "$1")"; sleep 0.5; grep -E '^(data|SIGBUS)' /tmp/$1.out | head -n1; }

printf '\nhwpoison demo on Linux %s (QEMU, %s MiB)\n' "$(uname -r)" \
	"$(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo)"

say "What the kernel offers; hwpoison mounts debugfs and loads its modules itself"
show hwpoison stat

CG=/sys/fs/cgroup
lab-setup   # cgroup2 mounted, the memory controller on, as in make lab
mkdir -p $CG/app $CG/other
workload inside $CG/app
workload outside $CG/other
say "Two workloads, one in cgroup app, one outside it; aim the filter at app"
show hwpoison filter set --memcg $CG/app
show hwpoison inject --pid "$(vpid outside)" --vaddr "$(vaddr outside 0)"
show hwpoison inject --pid "$(vpid inside)" --vaddr "$(vaddr inside 0)"
say "The workload outside is spared; the one inside gets SIGBUS when it reads"
prompt "kill -USR1 <outside>; kill -USR1 <inside>"
printf 'outside: %s\ninside:  %s\n' "$(readback outside)" "$(readback inside)"
show hwpoison filter reset

workload keeper $CG/other
say "Soft offline: the contents move to another page, the data stays intact"
show hwpoison soft-offline --pid "$(vpid keeper)" --vaddr "$(vaddr keeper 0)"
prompt "kill -USR1 <keeper>"
printf 'keeper: %s\n' "$(readback keeper)"

say "The kernel's verdicts live, for what a command causes"
show hwpoison events -- hwpoison inject --select buddy --count 2 -q

say "What hwpoison did, from its journal"
show hwpoison stat --journal -o time,command,method,pfn,status,type,result

say "Put everything back"
show hwpoison unpoison --journal
show hwpoison stat

say "A machine check, the way hardware reports a memory error (mce-inject): graded and recovered"
show hwpoison inject --method mce --select buddy --count 1

say "After a memory failure that software did not simulate, the kernel refuses unpoison until reboot"
show hwpoison unpoison --journal

printf '\nNext: the same tool on a hypervisor host, with a QEMU/KVM guest (a second machine).\n\n'
