# The guest matrix (issue 22), a measurement, run by `make guest-matrix`:
# guest kernel × guest CPU vendor × second-level QEMU (Debian 12's 7.2,
# bookworm-backports' 10.0) → what becomes of a guest whose process's page
# is poisoned on the host (by --guest --gpa) and which then touches it:
#   recovered      the process got SIGBUS, the guest forks and computes after
#   guest panicked the guest's kernel panicked (QEMU says guest-panicked or
#                  stops; the panic's own words)
#   no recovery    the guest runs but the error never reached its process
#   does not boot  the guest did not come up nested here
# One "# matrix| ..." line per cell, with the guest's own words; every cell
# is an ok, the outcome its measurement. Intel-vendor guests run with
# hwpvm_ser_p (the lab's stand-in for an Intel host) and once stock.
# hwpvm-nested: yes
# hwpvm-explicit: yes
# hwpvm-timeout: 2400
# shellcheck shell=sh
. /hwpvm/lib.sh

# The last line of the guest's console matching a pattern, its timestamp gone.
last_words() {
	hwpvm-guest -n m console | grep -E "$1" | tail -n 1 | sed 's/^\[ *[0-9.]*\] //; s/|/\//g' | cut -c1-110
}
state_of() {
	hwpoison --json stat --guest "$1" 2>/dev/null | sed -n 's/.*"state": "\([^"]*\)".*/\1/p' | head -n 1
}
waits() { hwpvm-guest -n m wait "$2" "$1"; }   # SECONDS REGEX
# Not "panic" alone: the guest's command line says panic=-1.
PANIC='Kernel panic - not syncing|Fatal machine check'

cell() { # KERNEL VENDOR QEMU [--stock]
	k=$1 vendor=$2 q=$3 stock=${4:-}
	cpu=host
	[ "$vendor" = amd ] || cpu=host,vendor=GenuineIntel
	what="$k $vendor${stock:+ (stock kvm_amd)} QEMU $q"
	if ! OUT=$(hwpvm-guest -n m start --kernel "$k" --qemu "$q" --cpu "$cpu" $stock 2>&1); then
		outcome="does not boot"
		words=$(last_words "Kernel panic - not syncing|BUG|Oops")
		[ -n "$words" ] || words=$(printf '%s\n' "$OUT" | grep -v '^hwpvm-guest' | tail -n 1 | cut -c1-110)
	else
		sock=$(printf '%s\n' "$OUT" | tail -n 1)
		gpfn=$(hwpvm-guest -n m console | awk '$2 == "victim" && $3 == "page" && $4 == 0 {print $6}')
		hwpoison inject --guest "$sock" --gpa "$(printf '0x%x' $((gpfn << 12)))" >/tmp/cell.out 2>&1
		diag "$what, on the host: $(grep -E 'injected|failed|refused' /tmp/cell.out | head -n 1 | tr -s ' ')"
		sleep 3
		hwpvm-guest -n m cmd touch
		waits 20 "victim SIGBUS|$PANIC" || true
		hwpvm-guest -n m cmd alive
		waits 10 "alive: a new process|$PANIC" || true
		st=$(state_of "$sock")
		if hwpvm-guest -n m console | grep -Eq "$PANIC" || [ "$st" = guest-panicked ] || [ -z "$st" ]; then
			outcome="guest panicked"
			words=$(last_words "Kernel panic - not syncing")
		elif hwpvm-guest -n m console | grep -q "victim SIGBUS" &&
			hwpvm-guest -n m console | grep -q "alive: a new process"; then
			outcome="recovered"
			words=$(last_words "victim SIGBUS|recovery action")
		else
			outcome="no recovery"
			words=$(last_words "mce|Memory failure|MCE")
			[ -n "$words" ] || words="the guest never heard of it (state: ${st:-gone})"
		fi
	fi
	hwpvm-guest -n m stop
	sleep 2
	diag "matrix| $k | $vendor${stock:+ stock} | $q | $outcome | $words |"
	ok "cell $what: $outcome"
}

kernels=$(tr ' ' '\n' </proc/cmdline | sed -n 's/^hwpkernel-\([^=]*\)=.*/\1/p')
for k in $kernels; do
	for q in 10 7; do
		cell "$k" amd "$q"
		cell "$k" intel "$q"
		cell "$k" intel "$q" --stock
	done
done
finish
