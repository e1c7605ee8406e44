// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pages of a QEMU guest (--guest SOCKET --gpa LIST): QEMU's monitor tells
 * its pid, whether KVM runs the guest, and its RAM as QEMU maps it; each
 * guest page is then QEMU's page at the host address QEMU maps it at, and
 * acted on as a process's page. After the run the guest's state is asked
 * again: what a tester wants to know is whether the guest survived.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pages.h"

/* Why the socket is not a guest's monitor, as an exit code and one line. */
static int open_refused(struct cli *cli, const char *socket, int r)
{
	switch (r) {
	case -ENOENT:
	case -ENOTDIR:
		return cli_usage(cli, "--guest: '%s': no such socket", socket);
	case -ENOTSOCK:
		return cli_usage(cli, "--guest: '%s' is not a socket (give the path of QEMU's -qmp "
				 "unix:PATH,server)", socket);
	case -ECONNREFUSED:
		return cli_usage(cli, "--guest: nothing listens on '%s' (is QEMU still running?)",
				 socket);
	case -EPROTO:
		return cli_usage(cli, "--guest: '%s' is not QEMU's monitor (no QMP greeting): give "
				 "the socket of -qmp, not of -monitor or a serial port", socket);
	case -ETIMEDOUT:
		return cli_env(cli, "--guest: QEMU's monitor on '%s' does not answer (another client "
			       "holding it?)", socket);
	default:
		return cli_env(cli, "--guest: '%s': %s", socket, cli_strerror(-r));
	}
}

static int by_start(const void *x, const void *y)
{
	const struct hwp_vrange *a = x, *b = y;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* The host loses the whole huge page behind a guest page: said before it happens. */
static int check_page_size(struct cli *cli, const struct hwp_guest_ram *r, uint64_t gpa, bool force)
{
	uint64_t page = UINT64_C(1) << hwp_page_shift(cli->ctx);
	if (r->page_size <= page || force)
		return 0;
	return cli_usage(cli, "--gpa: 0x%" PRIx64 " lies in RAM block %s, backed by %" PRIu64
			 " KiB huge pages: the host poisons the whole huge page, and every guest "
			 "page in those %" PRIu64 " KiB is a memory error when the guest touches it "
			 "(--force to do it anyway)", gpa, r->block, r->page_size >> 10,
			 r->page_size >> 10);
}

/* Every --gpa is guest RAM, within a block whose page size the run accepts. */
static int check_gpas(struct cli *cli, const struct page_args *a, bool force)
{
	unsigned shift = hwp_page_shift(cli->ctx);
	const struct hwp_pfnlist *list = &a->list;
	for (size_t i = 0; i < list->count; i++) {
		for (uint64_t page = list->ranges[i].first;; page++) {
			uint64_t gpa = page << shift;
			const struct hwp_guest_ram *r =
				hwp_guest_ram_find(a->guest.ram, a->guest.nram, gpa);
			if (!r)
				return cli_usage(cli, "--gpa: 0x%" PRIx64 " is not guest RAM (QEMU maps no "
						 "RAM there; see 'hwpoison stat --guest %s')", gpa,
						 a->guest.socket);
			int rc = check_page_size(cli, r, gpa, force);
			if (rc)
				return rc;
			if (page == list->ranges[i].last)
				break;
		}
	}
	return 0;
}

/*
 * --select: QEMU's pages inside the guest's RAM, the blocks in huge pages
 * left out unless --force (poison there takes the whole huge page).
 */
static int select_within_ram(struct cli *cli, struct page_args *a, bool force)
{
	a->guest.within = calloc(a->guest.nram ? a->guest.nram : 1, sizeof(*a->guest.within));
	if (!a->guest.within)
		return cli_env(cli, "out of memory");
	size_t n = 0, huge = 0;
	uint64_t page = UINT64_C(1) << hwp_page_shift(cli->ctx);
	for (size_t i = 0; i < a->guest.nram; i++) {
		const struct hwp_guest_ram *r = &a->guest.ram[i];
		if (r->page_size > page && !force) {
			huge++;
			continue;
		}
		a->guest.within[n++] = (struct hwp_vrange){ r->hva, r->hva + r->size };
	}
	if (n == 0)
		return cli_usage(cli, "--select: the guest's RAM is all in huge pages: the host poisons "
				 "a whole huge page, and every guest page in it is a memory error when "
				 "the guest touches it (--force to choose there anyway)");
	if (huge)
		cli_err(cli, "note: %zu of the guest's RAM ranges are backed by huge pages and left out "
			"(--force to include them)", huge);
	qsort(a->guest.within, n, sizeof(*a->guest.within), by_start);
	a->sel.pid = a->guest.pid;
	a->sel.within = a->guest.within;
	a->sel.nwithin = n;
	return 0;
}

int page_guest_connect(struct cli *cli, struct page_args *a)
{
	int r = hwp_guest_open(a->guest.socket, &a->guest.conn);
	if (r < 0)
		return open_refused(cli, a->guest.socket, r);
	a->guest.pid = hwp_guest_pid(a->guest.conn);
	if (a->guest.pid <= 0)
		return cli_env(cli, "--guest: cannot tell which process QEMU is (SO_PEERCRED)");
	int kvm = hwp_guest_kvm(a->guest.conn);
	if (kvm < 0)
		return cli_env(cli, "--guest: QEMU does not say whether KVM runs the guest: %s",
			       cli_strerror(-kvm));
	a->guest.kvm = kvm == 1;
	r = hwp_guest_ram(a->guest.conn, &a->guest.ram, &a->guest.nram);
	if (r < 0)
		return cli_env(cli, "--guest: cannot read the guest's RAM map from QEMU: %s",
			       cli_strerror(-r));
	return 0;
}

/*
 * The peer of the socket is trusted for its pid (the kernel's word), not
 * for its RAM map: an address it gives must be memory a guest's RAM can
 * be, never a page another process shares through a file.
 */
int page_guest_open(struct cli *cli, struct page_args *a, const struct hwp_op_opts *opts)
{
	int r = page_guest_connect(cli, a);
	if (r)
		return r;
	/*
	 * Only poison reaches the guest as a machine check or lands on a whole
	 * huge page; soft offline migrates the page and the guest never notices.
	 */
	size_t bad;
	r = hwp_guest_ram_check(cli->ctx, a->guest.pid, a->guest.ram, a->guest.nram, &bad);
	if (r == -EPERM) {
		const struct hwp_guest_ram *ram = &a->guest.ram[bad];
		return cli_env(cli, "--guest: the process on '%s' (pid %d) says RAM block %s (gpa 0x%"
			       PRIx64 ") is at its address 0x%" PRIx64 ", where it maps no writable "
			       "anonymous, shared or huge-page memory: not a guest's RAM, refused",
			       a->guest.socket, a->guest.pid, ram->block, ram->gpa, ram->hva);
	}
	if (r < 0)
		return cli_env(cli, "--guest: cannot read QEMU's mappings (pid %d): %s", a->guest.pid,
			       cli_strerror(-r));
	bool force = opts->force || opts->op != HWP_OP_INJECT;
	if (!a->guest.kvm && !force)
		return cli_env(cli, "--guest: QEMU (pid %d) runs the guest without KVM: only KVM "
			       "forwards a host memory error to the guest as a machine check; under "
			       "software emulation the SIGBUS is QEMU's own, which it dies of when the "
			       "guest touches the page (--force to do it anyway)", a->guest.pid);
	return a->select ? select_within_ram(cli, a, force) : check_gpas(cli, a, force);
}

/* After the run: QEMU, KVM and the guest's state now ("gone" when QEMU is). */
void page_guest_report(struct cli *cli, const struct page_args *a)
{
	if (!a->guest.conn)
		return;
	char state[64] = "gone";
	if (hwp_guest_state(a->guest.conn, state, sizeof(state)) < 0)
		snprintf(state, sizeof(state), "gone");
	char line[256];
	snprintf(line, sizeof(line), "%s (QEMU %s, pid %d, %s)", state,
		 *hwp_guest_qemu(a->guest.conn) ? hwp_guest_qemu(a->guest.conn) : "?", a->guest.pid,
		 a->guest.kvm ? "KVM" : "software emulation");
	out_object_line_begin(cli->out, "guest", "guest", line);
	out_str(cli->out, "socket", "socket", a->guest.socket);
	out_u64(cli->out, "qemu_pid", "QEMU pid", (uint64_t)a->guest.pid);
	out_str(cli->out, "qemu", "QEMU", *hwp_guest_qemu(a->guest.conn) ? hwp_guest_qemu(a->guest.conn)
									  : NULL);
	out_bool(cli->out, "kvm", "KVM", a->guest.kvm);
	out_str(cli->out, "state", "state", state);
	out_object_end(cli->out);
}
