// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/kpageflags: one u64 per pfn. The kernel's per-page work is the
 * cost of a scan, so several threads read chunks with pread while the
 * caller's thread delivers them in pfn order; memory stays bounded by the
 * chunks in flight (two per reader, 256 KiB each).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define KPF_PATH "/proc/kpageflags"

static int kpf_fd(struct hwp_ctx *ctx)
{
	if (ctx->kpageflags_fd < 0) {
		int fd = hwp_open(ctx, KPF_PATH, O_RDONLY);
		if (fd < 0)
			return fd;
		ctx->kpageflags_fd = fd;
	}
	return ctx->kpageflags_fd;
}

/* Read up to count entries at pfn; returns how many were read (0 past the end). */
static ssize_t kpf_read(int fd, uint64_t pfn, uint64_t *buf, size_t count)
{
	size_t done = 0;
	while (done < count) {
		ssize_t n = pread(fd, (char *)buf + done * 8, (count - done) * 8,
				  (off_t)((pfn + done) * 8));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		done += (size_t)n / 8;
	}
	return (ssize_t)done;
}

int hwp_kpageflags_get(struct hwp_ctx *ctx, uint64_t pfn, uint64_t *ret_flags)
{
	int fd = kpf_fd(ctx);
	if (fd < 0)
		return fd;
	if (pfn > (UINT64_MAX >> 4))
		return -ERANGE;
	uint64_t flags;
	ssize_t n = kpf_read(fd, pfn, &flags, 1);
	if (n < 0)
		return (int)n;
	if (n == 0)
		return -ERANGE;
	*ret_flags = flags;
	return 0;
}

int hwp_kpageflags_end(struct hwp_ctx *ctx, uint64_t *ret_end)
{
	if (ctx->kpageflags_end) {
		*ret_end = ctx->kpageflags_end;
		return 0;
	}
	int fd = kpf_fd(ctx);
	if (fd < 0)
		return fd;
	/* The file has no size; bisect on "does a read at this pfn return data". */
	uint64_t lo = 0, hi = UINT64_C(1) << 44, flags;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		ssize_t n = kpf_read(fd, mid, &flags, 1);
		if (n < 0)
			return (int)n;
		if (n == 1)
			lo = mid + 1;
		else
			hi = mid;
	}
	ctx->kpageflags_end = lo;
	*ret_end = lo;
	return 0;
}

/* ---- the scan: parallel readers, callbacks in pfn order on the caller's thread ---- */

#define SCAN_CHUNK (32 * 1024)  /* entries per read: 256 KiB */
#define SCAN_MAX_THREADS 8
#define SCAN_MAX_SEGMENTS 1024

struct chunk {
	uint64_t pfn;
	size_t count;
};

enum slot_state { SLOT_FREE, SLOT_READING, SLOT_READY };

struct slot {
	uint64_t *buf;
	ssize_t n;              /* entries read, or -errno */
	uint64_t chunk;         /* which chunk it holds */
	enum slot_state state;
};

struct scan {
	int fd;
	struct chunk *chunks;
	uint64_t nchunks;
	unsigned nslots;
	struct slot slots[2 * SCAN_MAX_THREADS];
	uint64_t next_to_read;
	bool stop;
	pthread_mutex_t lock;
	pthread_cond_t changed;
};

static void *reader(void *arg)
{
	struct scan *sc = arg;
	pthread_mutex_lock(&sc->lock);
	while (!sc->stop && sc->next_to_read < sc->nchunks) {
		uint64_t c = sc->next_to_read;
		struct slot *sl = &sc->slots[c % sc->nslots];
		if (sl->state != SLOT_FREE) {
			/* The consumer has not finished with chunk c - nslots yet. */
			pthread_cond_wait(&sc->changed, &sc->lock);
			continue;
		}
		sc->next_to_read++;
		sl->state = SLOT_READING;
		sl->chunk = c;
		pthread_mutex_unlock(&sc->lock);
		ssize_t n = kpf_read(sc->fd, sc->chunks[c].pfn, sl->buf, sc->chunks[c].count);
		pthread_mutex_lock(&sc->lock);
		sl->n = n;
		sl->state = SLOT_READY;
		pthread_cond_broadcast(&sc->changed);
	}
	pthread_mutex_unlock(&sc->lock);
	return NULL;
}

/*
 * The RAM the firmware memory map lists (/sys/firmware/memmap/N, "System
 * RAM"), as pfn ranges clipped to [first, last]; the whole range when the
 * map is not there. Holes have nothing worth reading.
 */
static size_t ram_segments(struct hwp_ctx *ctx, uint64_t first, uint64_t last,
			   struct hwp_range *seg, size_t max)
{
	size_t n = 0;
	for (unsigned i = 0; i < 4096 && n < max; i++) {
		char kpath[64], type[64];
		uint64_t start, end;
		snprintf(kpath, sizeof(kpath), "/sys/firmware/memmap/%u/type", i);
		if (hwp_read_text(ctx, kpath, type, sizeof(type)) <= 0)
			break;
		if (strncmp(type, "System RAM", 10) != 0)
			continue;
		snprintf(kpath, sizeof(kpath), "/sys/firmware/memmap/%u/start", i);
		if (hwp_read_u64(ctx, kpath, &start) < 0)
			continue;
		snprintf(kpath, sizeof(kpath), "/sys/firmware/memmap/%u/end", i);
		if (hwp_read_u64(ctx, kpath, &end) < 0 || end < start)
			continue;
		uint64_t a = start >> ctx->page_shift, b = end >> ctx->page_shift;
		if (a < first)
			a = first;
		if (b > last)
			b = last;
		if (a <= b)
			seg[n++] = (struct hwp_range){ a, b };
	}
	if (n == 0) {
		seg[0] = (struct hwp_range){ first, last };
		return 1;
	}
	/* The map is not always in address order. */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && seg[j - 1].first > seg[j].first; j--) {
			struct hwp_range t = seg[j];
			seg[j] = seg[j - 1];
			seg[j - 1] = t;
		}
	return n;
}

/* Past four readers the kernel side stops scaling on small machines. */
static unsigned default_scan_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 4 ? 4 : (unsigned)n;
}

struct per_page {
	hwp_scan_fn fn;
	void *data;
};

static int each_page(uint64_t pfn, const uint64_t *flags, size_t n, void *data)
{
	struct per_page *pp = data;
	int r = 0;
	for (size_t i = 0; i < n && r == 0; i++)
		r = pp->fn(pfn + i, flags[i], pp->data);
	return r;
}

int hwp_kpageflags_scan(struct hwp_ctx *ctx, uint64_t first, uint64_t last,
			hwp_scan_fn fn, void *data)
{
	struct per_page pp = { fn, data };
	return hwp_kpageflags_scan_batch(ctx, first, last, each_page, &pp);
}

/* The chunks to read, in pfn order, over the RAM between first and last. */
static int plan_chunks(struct hwp_ctx *ctx, uint64_t first, uint64_t last, struct scan *sc)
{
	struct hwp_range *seg = malloc(SCAN_MAX_SEGMENTS * sizeof(*seg));
	if (!seg)
		return -ENOMEM;
	size_t nseg = ram_segments(ctx, first, last, seg, SCAN_MAX_SEGMENTS);
	uint64_t nchunks = 0;
	for (size_t i = 0; i < nseg; i++)
		nchunks += (seg[i].last - seg[i].first) / SCAN_CHUNK + 1;
	sc->chunks = malloc(nchunks * sizeof(*sc->chunks));
	if (!sc->chunks) {
		free(seg);
		return -ENOMEM;
	}
	uint64_t c = 0;
	for (size_t i = 0; i < nseg; i++)
		for (uint64_t pfn = seg[i].first; pfn <= seg[i].last; pfn += SCAN_CHUNK) {
			uint64_t left = seg[i].last - pfn + 1;
			sc->chunks[c++] = (struct chunk){ pfn, left < SCAN_CHUNK ? (size_t)left : SCAN_CHUNK };
			if (left <= SCAN_CHUNK)
				break;
		}
	sc->nchunks = c;
	free(seg);
	return 0;
}

/* Buffers and reader threads; how many started in *ret_started. */
static int start_readers(struct hwp_ctx *ctx, struct scan *sc, pthread_t *tid, unsigned *ret_started)
{
	unsigned threads = ctx->scan_threads ? ctx->scan_threads : default_scan_threads();
	if (threads > SCAN_MAX_THREADS)
		threads = SCAN_MAX_THREADS;
	if ((uint64_t)threads > sc->nchunks)
		threads = (unsigned)sc->nchunks;
	sc->nslots = 2 * threads;
	*ret_started = 0;
	pthread_mutex_init(&sc->lock, NULL);
	pthread_cond_init(&sc->changed, NULL);
	for (unsigned i = 0; i < sc->nslots; i++)
		if (!(sc->slots[i].buf = malloc(SCAN_CHUNK * sizeof(uint64_t))))
			return -ENOMEM;
	for (; *ret_started < threads; (*ret_started)++)
		if (pthread_create(&tid[*ret_started], NULL, reader, sc) != 0)
			break;
	return *ret_started ? 0 : -EAGAIN;
}

static void stop_readers(struct scan *sc, pthread_t *tid, unsigned started)
{
	if (started) {
		pthread_mutex_lock(&sc->lock);
		sc->stop = true;
		pthread_cond_broadcast(&sc->changed);
		pthread_mutex_unlock(&sc->lock);
		for (unsigned i = 0; i < started; i++)
			pthread_join(tid[i], NULL);
	}
	if (sc->nslots) {
		pthread_cond_destroy(&sc->changed);
		pthread_mutex_destroy(&sc->lock);
	}
	for (unsigned i = 0; i < sc->nslots; i++)
		free(sc->slots[i].buf);
	free(sc->chunks);
}

/* Hand every chunk to fn in pfn order, as the readers fill them. */
static int deliver(struct scan *sc, hwp_scan_batch_fn fn, void *data)
{
	int r = 0;
	for (uint64_t k = 0; r == 0 && k < sc->nchunks; k++) {
		struct slot *sl = &sc->slots[k % sc->nslots];
		pthread_mutex_lock(&sc->lock);
		while (!(sl->state == SLOT_READY && sl->chunk == k))
			pthread_cond_wait(&sc->changed, &sc->lock);
		pthread_mutex_unlock(&sc->lock);
		if (sl->n < 0)
			r = (int)sl->n;
		else if (sl->n > 0)
			r = fn(sc->chunks[k].pfn, sl->buf, (size_t)sl->n, data);
		pthread_mutex_lock(&sc->lock);
		sl->state = SLOT_FREE;
		pthread_cond_broadcast(&sc->changed);
		pthread_mutex_unlock(&sc->lock);
	}
	return r;
}

int hwp_kpageflags_scan_batch(struct hwp_ctx *ctx, uint64_t first, uint64_t last,
			      hwp_scan_batch_fn fn, void *data)
{
	uint64_t end;
	int r = hwp_kpageflags_end(ctx, &end);
	if (r < 0)
		return r;
	if (end == 0 || first >= end)
		return 0;
	if (last >= end)
		last = end - 1;
	struct scan sc = { .fd = kpf_fd(ctx) };
	if ((r = plan_chunks(ctx, first, last, &sc)) < 0)
		return r;
	pthread_t tid[SCAN_MAX_THREADS];
	unsigned started = 0;
	r = start_readers(ctx, &sc, tid, &started);
	if (r == 0)
		r = deliver(&sc, fn, data);
	stop_readers(&sc, tid, started);
	return r;
}
