#!/usr/bin/env bash
# What a person sees: the human tables, fields and messages of each command
# against the fixture tree, compared with the expected files in
# tests/cli/expected/COMMAND/ (stdout, then stderr, then the exit code), the
# way util-linux keeps expected output. After a deliberate change of wording:
#   UPDATE_GOLDEN=1 bash tests/cli/golden.sh   and review the diff.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
export HWPOISON_SYSROOT=$root
H=$HWPOISON
golden=tests/cli/expected

# A journal of a past campaign, at fixed times, so listings are stable.
write_journal() {
	mkdir -p "$root/run/hwpoison"
	printf 'hwp1\t1764115200.123456789\t4100\tinject\tdebugfs\t0xb\tinjected\tfree buddy page\tRecovered\n' \
		>"$root/run/hwpoison/journal"
	printf 'hwp1\t1764115201.000001000\t4101\tsoft-offline\tsoft-offline\t0xa\toffline' \
		>>"$root/run/hwpoison/journal"
	printf 'd\t-\t-\nhwp1\t1764115202.5\t4102\tunpoison\tdebugfs\t0xa\tunpoisoned\t-\t-\n' \
		>>"$root/run/hwpoison/journal"
}

# case NAME SETUP ARGS...: run hwpoison ARGS in a fresh fixture after SETUP
# (a shell function name, or -), compare with tests/cli/expected/NAME.
case_() {
	local name=$1 setup=$2 out rc
	shift 2
	rm -rf "$root"
	make_fixture "$root"
	[ "$setup" = - ] || "$setup"
	out=$root.actual
	"$H" "$@" >"$out.stdout" 2>"$out.stderr"
	rc=$?
	{
		echo "\$ hwpoison $*"
		cat "$out.stdout"
		echo "--- stderr"
		cat "$out.stderr"
		echo "--- exit $rc"
	} >"$out"
	if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$out" "$golden/$name"
	fi
	if diff -u "$golden/$name" "$out" >"$out.diff" 2>&1; then
		ok 0 "golden: $name"
	else
		ok 1 "golden: $name"
		sed 's/^/# /' "$out.diff"
	fi
}

# A record that says what named its page (a file with a space in its name).
write_target_journal() {
	mkdir -p "$root/run/hwpoison"
	printf 'hwp1\t1764115200.5\t4100\tinject\tdebugfs\t0xa\tinjected\tclean LRU page\tRecovered\tfile=/srv/my data offset=8192\n' \
		>"$root/run/hwpoison/journal"
}

# Nothing poisoned anywhere.
no_poison() {
	printf 'MemTotal:         262144 kB\nHardwareCorrupted:     0 kB\n' >"$root/proc/meminfo"
}

amd_cpu() {
	printf 'processor\t: 0\nvendor_id\t: AuthenticAMD\n' >"$root/proc/cpuinfo"
	rm -rf "$root/sys/kernel/debug/ras"
}

# A kernel without mce-inject: not loaded, not installed.
no_mce_inject() {
	rm -rf "$root/sys/kernel/debug/mce-inject"
}

# A machine check hwpoison injected this boot, as the journal records it.
mce_journal() {
	mkdir -p "$root/run/hwpoison"
	printf 'hwp1\t1764115200.5\t4100\tinject\tmce\t0xb\tinjected\tfree buddy page\tRecovered\n' \
		>"$root/run/hwpoison/journal"
}

# A machine check hwpoison did not raise (a hypervisor's): the kernel counted one #MC.
machine_check_counted() {
	sed -i 's/^MCE: *0 /MCE:          1 /' "$root/proc/interrupts"
}

# pfn 0x2 injected by --pid 4343 and unpoisoned since: the process still maps it poisoned
# (the fixture's hwpoison entry), with the processes the kernel named in the record.
poisoned_mapping() {
	mkdir -p "$root/run/hwpoison"
	printf 'hwp1\t1764115200.5\t4100\tinject\tdebugfs\t0x2\tinjected\tdirty LRU page\tRecovered\tpid=4343 vaddr=0x500000\t4343:late:holder,4350:early:watch%%2Cer\n' \
		>"$root/run/hwpoison/journal"
	printf 'hwp1\t1764115201.5\t4101\tunpoison\tdebugfs\t0x2\tunpoisoned\t-\t-\t-\t-\n' \
		>>"$root/run/hwpoison/journal"
}

filter_on() {
	local d=$root/sys/kernel/debug/hwpoison
	echo 1 >"$d/corrupt-filter-enable"
	echo 4128 >"$d/corrupt-filter-flags-mask"
	echo 32 >"$d/corrupt-filter-flags-value"
}

no_osrelease() { rm -f "$root/proc/sys/kernel/osrelease"; }

# Nothing has mounted debugfs yet.
no_debugfs() { : >"$root/proc/self/mountinfo"; }

# A kernel built without CONFIG_MEMORY_FAILURE: no sysctl, no HardwareCorrupted.
no_memory_failure() {
	rm "$root/proc/sys/vm/memory_failure_recovery"
	printf 'MemTotal:         262144 kB\n' >"$root/proc/meminfo"
}

lockdown_on() {
	mkdir -p "$root/sys/kernel/security"
	echo 'none [integrity] confidentiality' >"$root/sys/kernel/security/lockdown"
}

drift() { printf 'MemTotal:         262144 kB\nHardwareCorrupted:    12 kB\n' >"$root/proc/meminfo"; }

# The cases, a list per command (tests/cli/ts/COMMAND/golden); what each
# must print is tests/cli/expected/COMMAND/NAME.
for list in tests/cli/ts/*/golden; do
	command=$(basename "$(dirname "$list")")
	while read -r name setup args; do
		case $name in '' | '#'*) continue ;; esac
		# shellcheck disable=SC2086 # the arguments are words
		case_ "$command/$name" "$setup" $args
	done <"$list"
done

done_testing
