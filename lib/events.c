// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Events the way perf reads them: libpfm4 turns an event name into a
 * perf_event_attr (it knows tracepoints once debugfs is mounted), one
 * perf_event_open per online CPU, samples with the raw tracepoint record
 * in an mmap'd ring, decoded with the event's format file (libtraceevent).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/perf_event.h>
#include <perfmon/pfmlib_perf_event.h>

#include "internal.h"

#define MAX_CPUS 1024
#define MAX_EVENTS 16
#define RING_PAGES 16   /* data pages per CPU ring: 64 KiB */

struct ring {
	int fd;
	int cpu;
	void *base;              /* metadata page, then the data pages */
	size_t data_size;
};

struct event {
	char name[128];
	bool sampled;            /* a tracepoint: records in rings; else a counter */
	bool memory_failure;
	bool mce;
	bool system_wide;        /* opened for every process although the stream has a pid */
	struct hwp_trace_format *format;
	struct ring *rings;
	size_t nrings;
};

/*
 * libpfm4 is loaded when events are opened, not linked: its 40,000
 * relocations would cost every other command 2 MiB and, under emulation,
 * milliseconds at start-up. It is never unloaded, since pfm_initialize()
 * leaves its state in the library's own globals.
 */
struct pfm_api {
	pfm_err_t (*initialize)(void);
	pfm_err_t (*get_os_event_encoding)(const char *str, int dfl_plm, pfm_os_t os, void *args);
};

static int pfm_load(struct pfm_api *pfm)
{
	void *lib = dlopen("libpfm.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		return -ELIBACC;
	pfm->initialize = (pfm_err_t (*)(void))dlsym(lib, "pfm_initialize");
	pfm->get_os_event_encoding =
		(pfm_err_t (*)(const char *, int, pfm_os_t, void *))dlsym(lib, "pfm_get_os_event_encoding");
	if (!pfm->initialize || !pfm->get_os_event_encoding)
		return -ELIBBAD;
	/* Slow (it reads every tracepoint): only commands that need events pay for it. */
	return pfm->initialize() == PFM_SUCCESS ? 0 : -ENOSYS;
}

struct hwp_events {
	struct pfm_api pfm;
	struct event events[MAX_EVENTS];
	size_t nevents;
	struct pollfd *pfds;
	size_t npfds;
	unsigned page_size;
	int64_t realtime_offset;   /* CLOCK_REALTIME minus CLOCK_MONOTONIC, in ns */
};

static long open_perf_event(struct perf_event_attr *attr, pid_t pid, int cpu, int group,
			    unsigned long flags)
{
	return syscall(SYS_perf_event_open, attr, pid, cpu, group, flags);
}

/* "0-3,5" from /sys/devices/system/cpu/online. */
static int online_cpus(struct hwp_ctx *ctx, int *cpus, size_t max)
{
	char buf[1024];
	int r = hwp_read_text(ctx, "/sys/devices/system/cpu/online", buf, sizeof(buf));
	if (r < 0)
		return r;
	size_t n = 0;
	for (char *p = buf; *p && *p != '\n' && n < max;) {
		char *end;
		long a = strtol(p, &end, 10), b = a;
		if (end == p)
			return -EINVAL;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		for (long c = a; c <= b && n < max; c++)
			cpus[n++] = (int)c;
		p = *end == ',' ? end + 1 : end;
	}
	return (int)n;
}

/* Where tracefs is: its own mount, or debugfs/tracing. */
static int tracefs_dir(struct hwp_ctx *ctx, char *buf, size_t len)
{
	static const char *const places[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	for (size_t i = 0; i < 2; i++) {
		char probe[256];
		snprintf(probe, sizeof(probe), "%s/events", places[i]);
		if (hwp_exists(ctx, probe)) {
			snprintf(buf, len, "%s", places[i]);
			return 0;
		}
	}
	return -ENOENT;
}

static int load_format(struct hwp_ctx *ctx, const char *system, const char *name,
		       struct hwp_trace_format **ret)
{
	char dir[PATH_MAX], kpath[PATH_MAX + 128];
	int r = tracefs_dir(ctx, dir, sizeof(dir));
	if (r < 0)
		return r;
	snprintf(kpath, sizeof(kpath), "%s/events/%s/%s/format", dir, system, name);
	char *text = malloc(65536);
	if (!text)
		return -ENOMEM;
	r = hwp_read_text(ctx, kpath, text, 65536);
	if (r >= 0)
		r = hwp_trace_format_parse(text, (size_t)r, system, ret);
	free(text);
	return r;
}

static int encode(const struct pfm_api *pfm, const char *name, struct perf_event_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	pfm_perf_encode_arg_t arg;
	memset(&arg, 0, sizeof(arg));
	arg.attr = attr;
	arg.size = sizeof(arg);
	int r = pfm->get_os_event_encoding(name, PFM_PLM0 | PFM_PLM3, PFM_OS_PERF_EVENT, &arg);
	if (r == PFM_ERR_NOTFOUND || r == PFM_ERR_NOTSUPP)
		return -ENOENT;
	if (r != PFM_SUCCESS)
		return -EINVAL;
	attr->size = sizeof(*attr);
	return 0;
}

static int open_rings(struct hwp_events *ev, struct event *e, struct perf_event_attr *attr,
		      const int *cpus, size_t ncpus, const struct hwp_events_opts *o)
{
	e->rings = calloc(ncpus, sizeof(*e->rings));
	if (!e->rings)
		return -ENOMEM;
	if (e->sampled) {
		attr->sample_period = 1;
		attr->sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_RAW;
		attr->wakeup_events = o->no_wakeup ? 0 : 1;
		/* CLOCK_REALTIME is not NMI-safe, so perf refuses it: monotonic, shifted later. */
		attr->use_clockid = 1;
		attr->clockid = CLOCK_MONOTONIC;
	}
	int pid = e->system_wide ? -1 : (o->pid > 0 ? o->pid : -1);
	if (pid > 0) {
		attr->inherit = 1;
		attr->enable_on_exec = o->enable_on_exec;
		attr->disabled = o->enable_on_exec;
	}
	for (size_t i = 0; i < ncpus; i++) {
		struct ring *rg = &e->rings[e->nrings];
		long fd = open_perf_event(attr, pid, cpus[i], -1, PERF_FLAG_FD_CLOEXEC);
		if (fd < 0) {
			if (errno == ENODEV || errno == ENOENT)
				continue; /* a CPU that went away */
			return errno == EACCES || errno == EPERM ? -EACCES : -errno;
		}
		rg->fd = (int)fd;
		rg->cpu = cpus[i];
		e->nrings++;
		if (!e->sampled)
			continue;
		size_t len = (size_t)(1 + RING_PAGES) * ev->page_size;
		rg->base = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, rg->fd, 0);
		if (rg->base == MAP_FAILED) {
			rg->base = NULL;
			return -errno;
		}
		rg->data_size = (size_t)RING_PAGES * ev->page_size;
	}
	return e->nrings ? 0 : -ENODEV;
}

/* "perf::ras:memory_failure_event" or "ras:memory_failure_event": its format file. */
static int tracepoint_format(struct hwp_ctx *ctx, const char *name, struct hwp_trace_format **ret)
{
	const char *tp = strncmp(name, "perf::", 6) == 0 ? name + 6 : name;
	char system[64], event[64];
	const char *colon = strchr(tp, ':');
	if (!colon || (size_t)(colon - tp) >= sizeof(system))
		return -ENOENT;
	snprintf(system, sizeof(system), "%.*s", (int)(colon - tp), tp);
	snprintf(event, sizeof(event), "%.*s", (int)strcspn(colon + 1, ":"), colon + 1);
	int r = load_format(ctx, system, event, ret);
	return r == -EINVAL ? -ENOENT : r;
}

static bool is_verdict_format(const struct hwp_trace_format *fmt)
{
	return hwp_trace_has_field(fmt, "pfn") && hwp_trace_has_field(fmt, "type") &&
	       hwp_trace_has_field(fmt, "result");
}

/* What an event is to us: how it is decoded and for whom it is opened. */
enum event_role { ROLE_EXTRA, ROLE_VERDICT, ROLE_MCE, ROLE_VERDICT_SYSTEM_WIDE };

static int add_event(struct hwp_ctx *ctx, struct hwp_events *ev, const char *name,
		     enum event_role role, const int *cpus, size_t ncpus,
		     const struct hwp_events_opts *o)
{
	if (ev->nevents >= MAX_EVENTS)
		return -E2BIG;
	struct event *e = &ev->events[ev->nevents];
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", name);
	bool memory_failure = role == ROLE_VERDICT || role == ROLE_VERDICT_SYSTEM_WIDE;
	e->mce = role == ROLE_MCE;
	e->system_wide = o->pid > 0 && (role == ROLE_MCE || role == ROLE_VERDICT_SYSTEM_WIDE);
	struct perf_event_attr attr;
	int r = 0;
	/* Our own tracepoints by the id in their format file; libpfm4 for the user's. */
	bool by_id = role != ROLE_EXTRA || !ev->pfm.initialize;
	if (!by_id) {
		r = encode(&ev->pfm, name, &attr);
		if (r < 0)
			return r;
	} else {
		/* Without libpfm4: a tracepoint, by the id its format file gives. */
		memset(&attr, 0, sizeof(attr));
		attr.type = PERF_TYPE_TRACEPOINT;
		attr.size = sizeof(attr);
	}
	e->sampled = attr.type == PERF_TYPE_TRACEPOINT;
	e->memory_failure = memory_failure;
	if (e->sampled) {
		if ((r = tracepoint_format(ctx, name, &e->format)) < 0)
			return r;
		if ((memory_failure && !is_verdict_format(e->format)) ||
		    (e->mce && !hwp_trace_has_field(e->format, "status")))
			r = -ENOENT;
		else if (by_id && !(attr.config = hwp_trace_format_id(e->format)))
			r = -ENOENT;
		if (r < 0) {
			hwp_trace_format_free(e->format);
			e->format = NULL;
			return r;
		}
	}
	/* Counted from here on: hwp_events_close frees what it holds. */
	ev->nevents++;
	return open_rings(ev, e, &attr, cpus, ncpus, o);
}

/* The verdict event moved subsystems in late 2025: try both. */
static int add_verdict(struct hwp_ctx *ctx, struct hwp_events *ev, enum event_role role,
		       const int *cpus, size_t ncpus, const struct hwp_events_opts *o)
{
	int r = add_event(ctx, ev, "ras:memory_failure_event", role, cpus, ncpus, o);
	if (r == -ENOENT)
		r = add_event(ctx, ev, "memory_failure:memory_failure_event", role, cpus, ncpus, o);
	return r;
}

/*
 * Machine-check records where the kernel has them; with a pid, the verdicts
 * the kernel's workers give for them too, system-wide.
 */
static int add_mce(struct hwp_ctx *ctx, struct hwp_events *ev, const int *cpus, size_t ncpus,
		   const struct hwp_events_opts *o)
{
	int r = add_event(ctx, ev, "mce:mce_record", ROLE_MCE, cpus, ncpus, o);
	if (r == -ENOENT)
		return 0; /* not x86, or no tracefs: a stream without them */
	if (r == 0 && o->pid > 0 && o->memory_failure)
		r = add_verdict(ctx, ev, ROLE_VERDICT_SYSTEM_WIDE, cpus, ncpus, o);
	return r;
}

int hwp_events_open(struct hwp_ctx *ctx, const struct hwp_events_opts *o, struct hwp_events **ret,
		    const char **ret_bad)
{
	*ret = NULL;
	if (ret_bad)
		*ret_bad = NULL;
	int *cpus = malloc(MAX_CPUS * sizeof(*cpus));
	struct hwp_events *ev = calloc(1, sizeof(*ev));
	if (!cpus || !ev) {
		free(cpus);
		free(ev);
		return -ENOMEM;
	}
	/* Our tracepoints are opened by id: only the user's --event needs libpfm4. */
	int r = o->nextra == 0 ? 0 : pfm_load(&ev->pfm);
	if (r < 0) {
		free(cpus);
		free(ev);
		return r;
	}
	ev->page_size = (unsigned)sysconf(_SC_PAGESIZE);
	struct timespec mono, real;
	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	ev->realtime_offset = ((int64_t)real.tv_sec - mono.tv_sec) * 1000000000 +
			      (real.tv_nsec - mono.tv_nsec);
	int ncpus = online_cpus(ctx, cpus, MAX_CPUS);
	r = ncpus > 0 ? 0 : (ncpus < 0 ? ncpus : -ENODEV);
	if (r == 0 && o->memory_failure) {
		r = add_verdict(ctx, ev, ROLE_VERDICT, cpus, (size_t)ncpus, o);
		if (r < 0 && ret_bad)
			*ret_bad = "ras:memory_failure_event";
	}
	if (r == 0 && o->mce_records)
		r = add_mce(ctx, ev, cpus, (size_t)ncpus, o);
	for (size_t i = 0; r == 0 && i < o->nextra; i++) {
		r = add_event(ctx, ev, o->extra[i], ROLE_EXTRA, cpus, (size_t)ncpus, o);
		if (r < 0 && ret_bad)
			*ret_bad = o->extra[i];
	}
	free(cpus);
	size_t total = 0;
	for (size_t i = 0; r == 0 && i < ev->nevents; i++)
		total += ev->events[i].sampled ? ev->events[i].nrings : 0;
	if (r == 0 && total) {
		ev->pfds = calloc(total, sizeof(*ev->pfds));
		if (!ev->pfds)
			r = -ENOMEM;
		for (size_t i = 0; r == 0 && i < ev->nevents; i++)
			for (size_t k = 0; ev->events[i].sampled && k < ev->events[i].nrings; k++)
				ev->pfds[ev->npfds++] =
					(struct pollfd){ .fd = ev->events[i].rings[k].fd, .events = POLLIN };
	}
	if (r < 0) {
		hwp_events_close(ev);
		return r;
	}
	*ret = ev;
	return 0;
}

int hwp_events_wait(struct hwp_events *ev, int timeout_ms)
{
	if (ev->npfds == 0) {
		if (timeout_ms < 0)
			pause();
		else
			poll(NULL, 0, timeout_ms);
		return errno == EINTR ? -EINTR : 0;
	}
	int n = poll(ev->pfds, ev->npfds, timeout_ms);
	if (n < 0)
		return -errno;
	return n > 0;
}

static uint64_t field_u64(const struct event *e, const struct hwp_event *out, const char *name)
{
	int64_t v = 0;
	hwp_trace_value(e->format, name, out->raw, out->raw_len, &v);
	return (uint64_t)v;
}

static void decode_mce(const struct event *e, struct hwp_event *out)
{
	out->mce = true;
	out->mce_record.status = field_u64(e, out, "status");
	out->mce_record.addr = field_u64(e, out, "addr");
	out->mce_record.misc = field_u64(e, out, "misc");
	out->mce_record.mcgstatus = field_u64(e, out, "mcgstatus");
	out->mce_record.bank = (unsigned)field_u64(e, out, "bank");
	/* "cpu" is the logical CPU the record is for (extcpu), not the one that traced it. */
	int64_t cpu;
	out->mce_record.cpu = hwp_trace_value(e->format, "cpu", out->raw, out->raw_len, &cpu) == 0
				      ? (int)cpu
				      : out->cpu;
	out->mce_record.vendor = hwp_mce_record_vendor((int64_t)field_u64(e, out, "cpuvendor"));
}

/* A PERF_RECORD_SAMPLE with TID, TIME, CPU and RAW, in that order. */
static int decode_sample(const struct hwp_events *ev, const struct event *e,
			 const unsigned char *rec, size_t len, hwp_event_fn fn, void *data)
{
	size_t off = sizeof(struct perf_event_header);
	uint32_t pid, tid, cpu, res, raw_size;
	uint64_t time;
	if (len < off + 4 + 4 + 8 + 4 + 4 + 4)
		return 0;
	memcpy(&pid, rec + off, 4);
	memcpy(&tid, rec + off + 4, 4);
	memcpy(&time, rec + off + 8, 8);
	memcpy(&cpu, rec + off + 16, 4);
	memcpy(&res, rec + off + 20, 4);
	memcpy(&raw_size, rec + off + 24, 4);
	off += 28;
	if (raw_size > len - off)
		return 0;
	(void)tid, (void)res;
	struct hwp_event out = {
		.name = e->name, .cpu = (int)cpu, .pid = (int)pid,
		.time_ns = (uint64_t)((int64_t)time + ev->realtime_offset),
		.format = e->format, .raw = rec + off, .raw_len = raw_size,
	};
	int64_t v;
	if (e->format && hwp_trace_value(e->format, "common_pid", out.raw, out.raw_len, &v) == 0)
		out.pid = (int)v;
	out.system_wide = e->system_wide;
	if (e->mce)
		decode_mce(e, &out);
	if (e->memory_failure &&
	    hwp_trace_value(e->format, "pfn", out.raw, out.raw_len, &v) == 0) {
		out.memory_failure = true;
		out.pfn = (uint64_t)v;
		if (hwp_trace_value(e->format, "type", out.raw, out.raw_len, &out.type_value) == 0)
			out.type = hwp_trace_symbol(e->format, "type", out.type_value);
		if (hwp_trace_value(e->format, "result", out.raw, out.raw_len, &out.result_value) == 0)
			out.result = hwp_trace_symbol(e->format, "result", out.result_value);
	}
	return fn(&out, data);
}

static int read_ring(const struct hwp_events *ev, const struct event *e, struct ring *rg,
		     hwp_event_fn fn, void *data)
{
	struct perf_event_mmap_page *meta = rg->base;
	unsigned char *ring = (unsigned char *)rg->base + sysconf(_SC_PAGESIZE);
	uint64_t head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = meta->data_tail;
	unsigned char rec[65536];
	int r = 0;
	while (tail < head && r == 0) {
		struct perf_event_header h;
		for (size_t i = 0; i < sizeof(h); i++)
			((unsigned char *)&h)[i] = ring[(tail + i) % rg->data_size];
		if (h.size < sizeof(h)) /* h.size is a u16: a record always fits rec */
			break;
		for (size_t i = 0; i < h.size; i++)
			rec[i] = ring[(tail + i) % rg->data_size];
		if (h.type == PERF_RECORD_SAMPLE)
			r = decode_sample(ev, e, rec, h.size, fn, data);
		tail += h.size;
	}
	__atomic_store_n(&meta->data_tail, tail, __ATOMIC_RELEASE);
	return r;
}

int hwp_events_read(struct hwp_events *ev, hwp_event_fn fn, void *data)
{
	int r = 0;
	for (size_t i = 0; i < ev->nevents && r == 0; i++)
		for (size_t k = 0; ev->events[i].sampled && k < ev->events[i].nrings && r == 0; k++)
			r = read_ring(ev, &ev->events[i], &ev->events[i].rings[k], fn, data);
	return r;
}

int hwp_events_counters(struct hwp_events *ev, hwp_event_fn fn, void *data)
{
	int r = 0;
	for (size_t i = 0; i < ev->nevents && r == 0; i++) {
		const struct event *e = &ev->events[i];
		if (e->sampled)
			continue;
		uint64_t total = 0;
		for (size_t k = 0; k < e->nrings; k++) {
			uint64_t count;
			if (read(e->rings[k].fd, &count, sizeof(count)) == (ssize_t)sizeof(count))
				total += count;
		}
		struct hwp_event out = { .name = e->name, .cpu = -1, .pid = -1, .count = total };
		struct timespec now;
		clock_gettime(CLOCK_REALTIME, &now);
		out.time_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
		r = fn(&out, data);
	}
	return r;
}

size_t hwp_events_count(const struct hwp_events *ev)
{
	return ev->nevents;
}

const char *hwp_events_name(const struct hwp_events *ev, size_t i)
{
	return i < ev->nevents ? ev->events[i].name : NULL;
}

unsigned hwp_events_cpus(const struct hwp_events *ev)
{
	return ev->nevents ? (unsigned)ev->events[0].nrings : 0;
}

bool hwp_events_has_mce(const struct hwp_events *ev)
{
	for (size_t i = 0; ev && i < ev->nevents; i++)
		if (ev->events[i].mce)
			return true;
	return false;
}

void hwp_events_close(struct hwp_events *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->nevents; i++) {
		struct event *e = &ev->events[i];
		for (size_t k = 0; k < e->nrings; k++) {
			if (e->rings[k].base)
				munmap(e->rings[k].base, (size_t)(1 + RING_PAGES) * ev->page_size);
			close(e->rings[k].fd);
		}
		free(e->rings);
		hwp_trace_format_free(e->format);
	}
	free(ev->pfds);
	free(ev);
}

size_t hwp_event_fields(const struct hwp_event *e, struct hwp_event_field *ret, size_t max)
{
	size_t n = 0;
	if (!e->format)
		return 0;
	size_t count = hwp_trace_field_count(e->format);
	for (size_t i = 0; i < count && n < max; i++) {
		const char *name = hwp_trace_field_name(e->format, i);
		int64_t v;
		if (hwp_trace_value(e->format, name, e->raw, e->raw_len, &v) < 0)
			continue;
		ret[n++] = (struct hwp_event_field){
			.name = name, .value = v, .symbol = hwp_trace_symbol(e->format, name, v),
		};
	}
	return n;
}
