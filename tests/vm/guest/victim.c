/* victim: a process whose pages get poisoned, inside the test VM.
 * Shares no code with hwpoison.
 *
 *   victim [-n PAGES] [--file PATH] [--thp | --hugetlb | --sparse] [--hole]
 *
 * Maps PAGES anonymous pages (default 4), or PAGES pages of PATH shared,
 * fills them with a pattern and prints, one line each, unbuffered:
 *   page INDEX VADDR PFN          (hex; pfn from /proc/self/pagemap)
 *   hole VADDR                    (--hole: one more page, mapped, never touched)
 *   ready PID
 * --thp: 512 anonymous pages, 2 MiB aligned, madvise(MADV_HUGEPAGE), so
 * the kernel backs them with one transparent huge page.
 * --hugetlb: 512 anonymous pages in one 2 MiB hugetlb page (MAP_HUGETLB;
 * needs vm.nr_hugepages > 0).
 * --sparse: the anonymous pages in the middle of one 2 TiB mapping
 * (MAP_NORESERVE), the rest never touched: the shape of a sanitizer's
 * shadow or a VM's reserved RAM, whose page table is mostly holes.
 * then waits for signals:
 *   SIGUSR1  read every page back, printing "page INDEX unreadable" for a
 *            page that raised SIGBUS, "page INDEX differs" for one whose
 *            pattern changed, then "data ok" or "data corrupt"
 *   SIGTERM  exit 0
 * A SIGBUS prints "SIGBUS si_code=N addr=0xADDR" (BUS_MCEERR_AR=4,
 * BUS_MCEERR_AO=5). Start it in the background with stdout redirected to
 * a file, wait for "ready", read the pfns, signal it, read what it said.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile sig_atomic_t want_verify, want_exit, in_access;
static sigjmp_buf access_jmp;
static long page_size;
static size_t pages = 4, words;
static char *map;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0 && write(1, buf, (size_t)n) < 0)
		_exit(1);
}

/* async-signal-safe hex formatting for the SIGBUS handler */
static char *hex(char *p, uint64_t v)
{
	char tmp[17];
	int n = 0;
	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	*p++ = '0';
	*p++ = 'x';
	while (n)
		*p++ = tmp[--n];
	return p;
}

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	char buf[96], *p = buf;
	const char *a = "SIGBUS si_code=";
	while (*a)
		*p++ = *a++;
	int c = si->si_code;
	if (c < 0) {
		*p++ = '-';
		c = -c;
	}
	char d[12];
	int n = 0;
	do {
		d[n++] = (char)('0' + c % 10);
		c /= 10;
	} while (c);
	while (n)
		*p++ = d[--n];
	a = " addr=";
	while (*a)
		*p++ = *a++;
	p = hex(p, (uint64_t)(uintptr_t)si->si_addr);
	*p++ = '\n';
	if (write(1, buf, (size_t)(p - buf)) < 0)
		_exit(1);
	if (in_access)
		siglongjmp(access_jmp, 1);
	/* An action-optional SIGBUS (early kill) arrives asynchronously:
	 * returning is safe. A synchronous one outside a guarded access
	 * would fault again forever. */
	if (si->si_code != BUS_MCEERR_AO)
		_exit(135);
}

static void on_usr1(int sig)
{
	(void)sig;
	want_verify = 1;
}

static void on_term(int sig)
{
	(void)sig;
	want_exit = 1;
}

static uint64_t pattern(size_t page, size_t word)
{
	return 0x5a17c0de00000000ULL ^ ((uint64_t)page << 20) ^ word;
}

static uint64_t pfn_of(int pm, void *va)
{
	uint64_t e;
	off_t off = (off_t)((uintptr_t)va / (uintptr_t)page_size) * 8;
	if (pm < 0 || pread(pm, &e, sizeof e, off) != sizeof e)
		return 0;
	if (!(e & (1ULL << 63)))
		return 0;
	return e & ((1ULL << 55) - 1);
}

/* Read every page back; 1 if any differs or raised SIGBUS. */
static int verify(void)
{
	static volatile int bad;
	static volatile size_t p;

	bad = 0;
	for (p = 0; p < pages; p++) {
		if (sigsetjmp(access_jmp, 1)) {
			in_access = 0;
			say("page %zu unreadable\n", (size_t)p);
			bad = 1;
			continue;
		}
		in_access = 1;
		const volatile uint64_t *w =
			(const uint64_t *)(map + p * (size_t)page_size);
		for (size_t i = 0; i < words; i++)
			if (w[i] != pattern(p, i)) {
				say("page %zu differs\n", (size_t)p);
				bad = 1;
				break;
			}
		in_access = 0;
	}
	return bad;
}

int main(int argc, char **argv)
{
	const char *file = NULL;
	int thp = 0, hole = 0, hugetlb = 0, sparse = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			pages = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--file") && i + 1 < argc)
			file = argv[++i];
		else if (!strcmp(argv[i], "--thp"))
			thp = 1, pages = 512;
		else if (!strcmp(argv[i], "--hugetlb"))
			hugetlb = 1, pages = 512;
		else if (!strcmp(argv[i], "--hole"))
			hole = 1;
		else if (!strcmp(argv[i], "--sparse"))
			sparse = 1;
		else {
			fprintf(stderr, "usage: victim [-n PAGES] [--file PATH] [--thp | --hugetlb | --sparse] [--hole]\n");
			return 2;
		}
	}
	if (!pages) {
		fprintf(stderr, "victim: need at least one page\n");
		return 2;
	}
	page_size = sysconf(_SC_PAGESIZE);
	size_t len = (pages + (size_t)hole) * (size_t)page_size;

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, NULL))
		return perror("sigaction"), 1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	if (file) {
		int fd = open(file, O_RDWR | O_CREAT, 0644);
		if (fd < 0 || ftruncate(fd, (off_t)len))
			return perror(file), 1;
		map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
	} else if (hugetlb) {
		map = mmap(NULL, 2u << 20, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	} else if (thp) {
		size_t huge = 2u << 20;
		char *raw = mmap(NULL, len + huge, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (raw == MAP_FAILED)
			return perror("mmap"), 1;
		map = (char *)(((uintptr_t)raw + huge - 1) & ~(uintptr_t)(huge - 1));
		if (madvise(map, huge, MADV_HUGEPAGE))
			return perror("madvise"), 1;
	} else if (sparse) {
		size_t giant = (size_t)2 << 40;
		char *raw = mmap(NULL, giant, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		map = raw == MAP_FAILED ? raw : raw + giant / 2;
	} else {
		map = mmap(NULL, len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	}
	if (map == MAP_FAILED)
		return perror("mmap"), 1;

	words = (size_t)page_size / 8;
	for (size_t p = 0; p < pages; p++) {
		uint64_t *w = (uint64_t *)(map + p * (size_t)page_size);
		for (size_t i = 0; i < words; i++)
			w[i] = pattern(p, i);
	}
	if (file)
		msync(map, len, MS_SYNC);

	int pm = open("/proc/self/pagemap", O_RDONLY);
	for (size_t p = 0; p < pages; p++) {
		void *va = map + p * (size_t)page_size;
		say("page %zu %#lx %#llx\n", p, (unsigned long)(uintptr_t)va,
		    (unsigned long long)pfn_of(pm, va));
	}
	if (pm >= 0)
		close(pm);
	if (hole)
		say("hole %#lx\n", (unsigned long)(uintptr_t)(map + pages * (size_t)page_size));
	say("ready %d\n", (int)getpid());

	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);
	for (;;) {
		while (!want_verify && !want_exit)
			sigsuspend(&old);
		if (want_exit)
			break;
		want_verify = 0;
		sigprocmask(SIG_SETMASK, &old, NULL);

		int bad = verify();
		say("data %s\n", bad ? "corrupt" : "ok");
		sigprocmask(SIG_BLOCK, &block, NULL);
	}
	say("exit\n");
	return 0;
}
