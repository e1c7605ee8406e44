/* pagetool: an independent witness of page state inside the test VM.
 * Reads /proc/kpageflags and /proc/meminfo directly; deliberately shares
 * no code with hwpoison.
 *
 *   pagetool flags PFN                 raw kpageflags u64, hex
 *   pagetool bit PFN BIT               0 or 1
 *   pagetool find buddy [--skip N] [--count N]
 *                                      free buddy pages (bit 10, not 19,
 *                                      not a compound tail, pfn >= 0x10000),
 *                                      from the biggest free blocks first
 *   pagetool hwcorrupted               HardwareCorrupted from /proc/meminfo, kB
 *   pagetool find-bit BIT [--count N]  the first pages with kpageflags bit BIT set
 *                                      and neither hwpoison nor compound tail
 *   pagetool vpfn PID VADDR            the pfn behind VADDR in PID (hex), or
 *                                      "none" when no page is present
 *   pagetool pme PID VADDR             the raw pagemap entry for VADDR in PID, hex
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KPF_BUDDY 10
#define KPF_COMPOUND_TAIL 16
#define KPF_HWPOISON 19
#define KPF_NOPAGE 20
#define KPF_RESERVED 32
#define LOW_PFN_LIMIT 0x10000ULL

static void die(const char *what)
{
	fprintf(stderr, "pagetool: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: pagetool flags PFN | bit PFN BIT | "
		"find buddy [--skip N] [--count N] | find-bit BIT [--count N] |\n"
		"       find-run COUNT [--skip N] | filepfn PATH OFFSET | hwcorrupted | vpfn PID VADDR | pme PID VADDR\n");
	exit(2);
}

static uint64_t parse_u64(const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s || *end) {
		fprintf(stderr, "pagetool: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static int open_kpf(void)
{
	int fd = open("/proc/kpageflags", O_RDONLY);
	if (fd < 0)
		die("/proc/kpageflags");
	return fd;
}

static uint64_t read_flags(int fd, uint64_t pfn)
{
	uint64_t v;
	ssize_t n = pread(fd, &v, sizeof v, (off_t)(pfn * 8));
	if (n < 0)
		die("read /proc/kpageflags");
	if (n != sizeof v) {
		fprintf(stderr, "pagetool: pfn %#llx beyond /proc/kpageflags\n",
			(unsigned long long)pfn);
		exit(1);
	}
	return v;
}

static int pfn_exists(int fd, uint64_t pfn)
{
	uint64_t v;
	ssize_t n = pread(fd, &v, sizeof v, (off_t)(pfn * 8));
	if (n < 0)
		die("read /proc/kpageflags");
	return n == sizeof v;
}

/* Number of pfns /proc/kpageflags covers. Found by probing reads, since
 * lseek(SEEK_END) is EINVAL on 6.12 (it worked on 6.1) and st_size is 0. */
static uint64_t count_pfns(int fd)
{
	uint64_t lo = 0, hi = 1;
	if (!pfn_exists(fd, 0))
		return 0;
	while (pfn_exists(fd, hi)) {
		lo = hi;
		hi *= 2;
	}
	while (hi - lo > 1) { /* lo exists, hi does not */
		uint64_t mid = lo + (hi - lo) / 2;
		if (pfn_exists(fd, mid))
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

static int usable_buddy(uint64_t f)
{
	return (f & (1ULL << KPF_BUDDY)) &&
	       !(f & ((1ULL << KPF_HWPOISON) | (1ULL << KPF_COMPOUND_TAIL) |
		      (1ULL << KPF_NOPAGE) | (1ULL << KPF_RESERVED)));
}

/* Free buddy pages, from the biggest free areas first. Every page of a
 * free block reads with the buddy flag (not just its head), so a fully
 * free, aligned run of 2^order pages is a free block of that order. The
 * allocator hands out small blocks before it splits big ones, and pages
 * freed one at a time (the initramfs, at the top of memory) are the first
 * to go, so the middle of an aligned 4 MiB free block is the page least
 * likely to be taken between "find" and an injection a moment later.
 * Each answer comes from a different block, highest address first. */
static int cmd_find_buddy(uint64_t skip, uint64_t count)
{
	int fd = open_kpf();
	uint64_t max = count_pfns(fd);
	if (max <= LOW_PFN_LIMIT) {
		fprintf(stderr, "pagetool: no memory above pfn %#llx\n",
			(unsigned long long)LOW_PFN_LIMIT);
		return 1;
	}
	uint64_t n = max - LOW_PFN_LIMIT;
	uint64_t *fl = malloc(n * sizeof *fl);
	unsigned char *used = calloc(n, 1);
	if (!fl || !used)
		die("malloc");
	for (uint64_t done = 0; done < n;) {
		ssize_t r = pread(fd, fl + done, (n - done) * 8,
				  (off_t)((LOW_PFN_LIMIT + done) * 8));
		if (r < 0)
			die("read /proc/kpageflags");
		if (r == 0) {
			n = done;
			break;
		}
		done += (uint64_t)r / 8;
	}
	close(fd);

	uint64_t found = 0;
	for (int ord = 10; ord >= 0 && found < count; ord--) {
		uint64_t size = 1ULL << ord;
		/* blocks aligned in pfn space, not relative to LOW_PFN_LIMIT */
		uint64_t top = (LOW_PFN_LIMIT + n) & ~(size - 1);
		for (uint64_t base = top; base >= LOW_PFN_LIMIT + size && found < count;) {
			base -= size;
			uint64_t i0 = base - LOW_PFN_LIMIT, j;
			for (j = 0; j < size; j++)
				if (used[i0 + j] || !usable_buddy(fl[i0 + j]))
					break;
			if (j < size)
				continue;
			memset(used + i0, 1, size);
			if (skip) {
				skip--;
				continue;
			}
			printf("%#llx\n", (unsigned long long)(base + size / 2));
			found++;
		}
	}
	free(fl);
	free(used);
	if (found < count) {
		fprintf(stderr, "pagetool: found only %llu free buddy pages\n",
			(unsigned long long)found);
		return 1;
	}
	return 0;
}

/* The first pfn of count consecutive free pages, from the middle of the
 * highest free 4 MiB block (order 10) after skip others, the pages an
 * allocation is least likely to take a moment later: the allocator splits a
 * big block only when the small ones run out, and then the block at the head
 * of its list, where a block freed a moment ago (an unpoisoned range) goes;
 * so each range of a scenario takes a block of its own (--skip). */
static int cmd_find_run(uint64_t count, uint64_t skip)
{
	int fd = open_kpf();
	uint64_t max = count_pfns(fd), size = 1024;
	if (count > size) {
		fprintf(stderr, "pagetool: find-run takes at most %llu pages\n", (unsigned long long)size);
		return 2;
	}
	for (uint64_t base = max & ~(size - 1); base >= LOW_PFN_LIMIT + size;) {
		base -= size;
		uint64_t j;
		for (j = 0; j < size; j++)
			if (!usable_buddy(read_flags(fd, base + j)))
				break;
		if (j == size && skip) {
			skip--;
		} else if (j == size) {
			printf("%#llx\n", (unsigned long long)(base + (size - count) / 2));
			return 0;
		}
	}
	fprintf(stderr, "pagetool: no free 4 MiB block\n");
	return 1;
}

static int cmd_hwcorrupted(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	if (!f)
		die("/proc/meminfo");
	while (fgets(line, sizeof line, f)) {
		unsigned long long kb;
		if (sscanf(line, "HardwareCorrupted: %llu kB", &kb) == 1) {
			printf("%llu\n", kb);
			fclose(f);
			return 0;
		}
	}
	fclose(f);
	fprintf(stderr, "pagetool: no HardwareCorrupted line in /proc/meminfo\n");
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	const char *cmd = argv[1];

	if (!strcmp(cmd, "flags") && argc == 3) {
		int fd = open_kpf();
		printf("%#llx\n", (unsigned long long)read_flags(fd, parse_u64(argv[2])));
		return 0;
	}
	if (!strcmp(cmd, "bit") && argc == 4) {
		int fd = open_kpf();
		uint64_t bit = parse_u64(argv[3]);
		if (bit > 63)
			usage();
		printf("%d\n", (int)((read_flags(fd, parse_u64(argv[2])) >> bit) & 1));
		return 0;
	}
	if (!strcmp(cmd, "find") && argc >= 3 && !strcmp(argv[2], "buddy")) {
		uint64_t skip = 0, count = 1;
		for (int i = 3; i < argc; i++) {
			if (!strcmp(argv[i], "--skip") && i + 1 < argc)
				skip = parse_u64(argv[++i]);
			else if (!strcmp(argv[i], "--count") && i + 1 < argc)
				count = parse_u64(argv[++i]);
			else
				usage();
		}
		return cmd_find_buddy(skip, count);
	}
	if (!strcmp(cmd, "filepfn") && argc == 4) {
		/* The page of a file at an offset: mapped read-only for a moment, never written. */
		int fd = open(argv[2], O_RDONLY);
		if (fd < 0)
			die(argv[2]);
		long page = sysconf(_SC_PAGESIZE);
		uint64_t off = parse_u64(argv[3]) / (uint64_t)page * (uint64_t)page;
		volatile char *m = mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, fd, (off_t)off);
		if (m == MAP_FAILED)
			die("mmap");
		(void)m[0];
		int pm = open("/proc/self/pagemap", O_RDONLY);
		uint64_t e;
		if (pm < 0 || pread(pm, &e, sizeof e, (off_t)((uintptr_t)m / (uint64_t)page * 8)) != sizeof e)
			die("/proc/self/pagemap");
		if (e >> 63)
			printf("%#llx\n", (unsigned long long)(e & ((1ULL << 55) - 1)));
		else
			printf("none\n");
		return 0;
	}
	if (!strcmp(cmd, "find-run") && (argc == 3 || (argc == 5 && !strcmp(argv[3], "--skip"))))
		return cmd_find_run(parse_u64(argv[2]), argc == 5 ? parse_u64(argv[4]) : 0);
	if (!strcmp(cmd, "hwcorrupted") && argc == 2)
		return cmd_hwcorrupted();
	if (!strcmp(cmd, "find-bit") && argc >= 3) {
		uint64_t bit = parse_u64(argv[2]), count = 1, found = 0;
		if (argc == 5 && !strcmp(argv[3], "--count"))
			count = parse_u64(argv[4]);
		else if (argc != 3)
			usage();
		if (bit > 63)
			usage();
		int fd = open_kpf();
		uint64_t end = count_pfns(fd);
		for (uint64_t pfn = 0; pfn < end && found < count; pfn++) {
			uint64_t f = read_flags(fd, pfn);
			if ((f >> bit & 1) && !(f >> KPF_HWPOISON & 1) && !(f >> KPF_COMPOUND_TAIL & 1)) {
				printf("%#llx\n", (unsigned long long)pfn);
				found++;
			}
		}
		return found ? 0 : 1;
	}
	if ((!strcmp(cmd, "vpfn") || !strcmp(cmd, "pme")) && argc == 4) {
		char path[64];
		snprintf(path, sizeof path, "/proc/%s/pagemap", argv[2]);
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			die(path);
		uint64_t e, va = parse_u64(argv[3]);
		if (pread(fd, &e, sizeof e, (off_t)(va / (uint64_t)sysconf(_SC_PAGESIZE) * 8)) != sizeof e)
			die(path);
		if (!strcmp(cmd, "pme"))
			printf("%#llx\n", (unsigned long long)e);
		else if (e >> 63)
			printf("%#llx\n", (unsigned long long)(e & ((1ULL << 55) - 1)));
		else
			printf("none\n");
		return 0;
	}
	usage();
	return 2;
}
