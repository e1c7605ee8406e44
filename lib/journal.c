// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The journal: one line per page acted on, in /run/hwpoison/journal, so a
 * campaign can be listed and undone. /run does not survive a reboot, and
 * neither does poison. Each record is one write(2) of a whole line on an
 * O_APPEND file by a writer holding the machine-wide page lock: concurrent
 * hwpoison processes never interleave, and a crash can tear at most the last
 * line, which readers skip.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define JOURNAL_PATH HWP_RUN_DIR "/journal"
#define JOURNAL_VERSION "hwp1"

static int parse_line(char *line, struct hwp_journal_entry *e);

/* A page's processes in the journal's words: pid, kind and an escaped comm each. */
#define KILLS_LEN (HWP_KILLS_MAX * (12 + 8 + 3 * HWP_COMM_LEN))
/* The longest record this journal writes: the fixed fields, two verdict words, the target, the processes. */
#define RECORD_MAX (160 + 2 * HWP_VERDICT_LEN + HWP_TARGET_LEN + KILLS_LEN)

struct hwp_journal {
	int fd;
	int lock_fd;   /* /run/hwpoison/lock: one page operation at a time, machine-wide */
	int pid;       /* this process, for every record */
};

int hwp_journal_open(struct hwp_ctx *ctx, struct hwp_journal **ret)
{
	char journal[PATH_MAX], lock[PATH_MAX];
	int r = hwp_run_path(ctx, "journal", journal, sizeof(journal));
	if (r == 0)
		r = hwp_run_path(ctx, "lock", lock, sizeof(lock));
	if (r < 0)
		return r;
	int fd = hwp_open(ctx, journal, O_RDWR | O_APPEND | O_CREAT);
	if (fd < 0)
		return fd;
	int lock_fd = hwp_open(ctx, lock, O_RDWR | O_CREAT);
	if (lock_fd < 0) {
		close(fd);
		return lock_fd;
	}
	struct hwp_journal *j = malloc(sizeof(*j));
	if (!j) {
		close(fd);
		close(lock_fd);
		return -ENOMEM;
	}
	j->fd = fd;
	j->lock_fd = lock_fd;
	j->pid = (int)getpid();
	*ret = j;
	return 0;
}

void hwp_journal_close(struct hwp_journal *j)
{
	if (!j)
		return;
	close(j->fd);
	close(j->lock_fd);
	free(j);
}

int hwp_journal_lock(struct hwp_journal *j)
{
	/* Interrupted by a signal: the caller checks for it and stops. */
	return flock(j->lock_fd, LOCK_EX) < 0 ? -errno : 0;
}

void hwp_journal_unlock(struct hwp_journal *j)
{
	flock(j->lock_fd, LOCK_UN);
}

/* Copy a kernel string into a field: no tabs or newlines, "-" for empty. */
static void field(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src && *src ? src : "-");
	for (char *p = dst; *p; p++)
		if (*p == '\t' || *p == '\n')
			*p = ' ';
}

int hwp_journal_append(struct hwp_journal *j, const struct hwp_op_opts *opts,
		       const struct hwp_page_result *res, const struct hwp_target *target)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	char type[HWP_VERDICT_LEN], result[HWP_VERDICT_LEN], where[HWP_TARGET_LEN], line[RECORD_MAX];
	field(type, sizeof(type), res->type);
	field(result, sizeof(result), res->result);
	char words[HWP_TARGET_LEN] = "", kills[KILLS_LEN], who[KILLS_LEN];
	if (target)
		hwp_target_format(target, words, sizeof(words));
	field(where, sizeof(where), words);
	hwp_kills_format(&res->kills, kills, sizeof(kills));
	field(who, sizeof(who), kills);
	int n = snprintf(line, sizeof(line),
			 JOURNAL_VERSION "\t%lld.%09ld\t%d\t%s\t%s\t0x%" PRIx64 "\t%s\t%s\t%s\t%s\t%s\n",
			 (long long)ts.tv_sec, ts.tv_nsec, j->pid, hwp_op_name(opts->op),
			 hwp_opts_method(opts)->name, res->pfn, hwp_status_name(res->status), type, result,
			 where, who);
	if (n < 0 || (size_t)n >= sizeof(line))
		return -EOVERFLOW;
	/*
	 * Writers hold the page lock (hwp_journal_lock) and append one whole
	 * line: no other writer interleaves, and a reader sees a record being
	 * written as a last line without its newline, which it never counts.
	 */
	ssize_t w;
	do
		w = write(j->fd, line, (size_t)n);
	while (w < 0 && errno == EINTR);
	return w < 0 ? -errno : (w == n ? 0 : -EIO);
}

int hwp_journal_parse_line(const char *text, size_t len, struct hwp_journal_entry *e)
{
	char buf[RECORD_MAX];
	if (len >= sizeof(buf) || memchr(text, '\0', len))
		return -EINVAL;
	memcpy(buf, text, len);
	buf[len] = '\0';
	return parse_line(buf, e);
}

static int parse_line(char *line, struct hwp_journal_entry *e)
{
	/* Nine fields; since the target was recorded a tenth, since the processes an eleventh. */
	char *f[11];
	size_t n = 0;
	for (char *save = NULL, *tok = strtok_r(line, "\t", &save); tok && n < 11;
	     tok = strtok_r(NULL, "\t", &save))
		f[n++] = tok;
	if (n < 9 || strcmp(f[0], JOURNAL_VERSION) != 0)
		return -EINVAL;
	memset(e, 0, sizeof(*e));
	char *dot = strchr(f[1], '.');
	uint64_t sec, nsec = 0;
	if (hwp_parse_size(f[1], dot ? (size_t)(dot - f[1]) : strlen(f[1]), false, &sec) < 0 ||
	    (dot && hwp_parse_size(dot + 1, strlen(dot + 1), false, &nsec) < 0))
		return -EINVAL;
	e->time_sec = (int64_t)sec;
	e->time_nsec = (long)nsec;
	uint64_t pid;
	if (hwp_parse_size(f[2], strlen(f[2]), false, &pid) < 0 ||
	    hwp_parse_size(f[5], strlen(f[5]), false, &e->pfn) < 0)
		return -EINVAL;
	e->pid = (int)pid;
	if (hwp_op_parse(f[3], &e->op) < 0 || hwp_method_parse(e->op, f[4], &e->method) < 0 ||
	    hwp_status_parse(f[6], &e->status) < 0)
		return -EINVAL;
	snprintf(e->type, sizeof(e->type), "%s", strcmp(f[7], "-") ? f[7] : "");
	snprintf(e->result, sizeof(e->result), "%s", strcmp(f[8], "-") ? f[8] : "");
	/* A target this version cannot read leaves the record a pfn's. */
	hwp_target_parse(n >= 10 && strcmp(f[9], "-") ? f[9] : "", &e->target);
	/* Processes this version cannot read are left out, the record kept. */
	if (n < 11 || !strcmp(f[10], "-") || hwp_kills_parse(f[10], &e->kills) < 0)
		memset(&e->kills, 0, sizeof(e->kills));
	return 0;
}


int hwp_journal_reserve(struct hwp_journal *j, uint64_t records)
{
	while (flock(j->fd, LOCK_EX) < 0)
		if (errno != EINTR)
			return -errno;
	struct stat st;
	int r = fstat(j->fd, &st) < 0 ? -errno : 0;
	/* Past the end, the size unchanged: appends land in pages that already exist. */
	if (r == 0 && records &&
	    fallocate(j->fd, FALLOC_FL_KEEP_SIZE, st.st_size, (off_t)(records * RECORD_MAX)) < 0)
		r = errno == EOPNOTSUPP ? 0 : -errno;
	flock(j->fd, LOCK_UN);
	return r;
}

int hwp_journal_fd(const struct hwp_journal *j)
{
	return j ? j->fd : -1;
}

/*
 * Reading around damage: a poisoned page of the journal reads as EIO. Its
 * bytes are skipped a page at a time, and the record cut by the gap with
 * them; every record before and after still counts.
 */
struct reader {
	int fd;
	off_t pos;                 /* the file offset of buf[0] */
	char buf[65536];
	size_t len;
	size_t start;              /* buf[start, len) is not consumed yet */
	bool resync;               /* after a gap or an overlong line: drop up to the next newline */
	bool resync_lost;          /* what resync drops was cut by a gap: it counts as lost */
	uint64_t lost;             /* bytes that could not be read, and records cut by them */
	long page;
};

/*
 * Read on from pos + len; 0 at the end, 1 with more in buf, -errno.
 * Called with everything consumed moved out (start 0).
 */
static int reader_fill(struct reader *rd)
{
	for (;;) {
		ssize_t n = pread(rd->fd, rd->buf + rd->len, sizeof(rd->buf) - rd->len,
				  rd->pos + (off_t)rd->len);
		if (n > 0) {
			rd->len += (size_t)n;
			return 1;
		}
		if (n == 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EIO)
			return -errno;
		/* Skip to the next page: what was buffered cannot be completed. */
		off_t bad = rd->pos + (off_t)rd->len;
		off_t next = (bad / rd->page + 1) * rd->page;
		rd->lost += (uint64_t)(next - bad) + rd->len;
		rd->pos = next;
		rd->len = 0;
		rd->resync = rd->resync_lost = true;
	}
}

/*
 * Move the unconsumed rest to the front of buf, once per fill: moving it
 * after every line made a scan quadratic in the buffer (12 s for `stat`
 * over a 15,000-record journal under emulation).
 */
static void reader_compact(struct reader *rd)
{
	memmove(rd->buf, rd->buf + rd->start, rd->len - rd->start);
	rd->pos += (off_t)rd->start;
	rd->len -= rd->start;
	rd->start = 0;
}

/* The next whole line in buf (NUL-terminated over its newline): 1, 0 at the end, -errno. */
static int reader_line(struct reader *rd, char **ret_line, size_t *ret_used)
{
	for (;;) {
		char *line = rd->buf + rd->start;
		char *nl = memchr(line, '\n', rd->len - rd->start);
		if (nl && rd->resync) {
			if (rd->resync_lost)
				rd->lost += (uint64_t)(nl + 1 - line);
			rd->start += (size_t)(nl + 1 - line);
			rd->resync = rd->resync_lost = false;
			continue;
		}
		if (nl) {
			*nl = '\0';
			*ret_line = line;
			*ret_used = (size_t)(nl + 1 - line);
			return 1;
		}
		reader_compact(rd);
		if (rd->len == sizeof(rd->buf)) {
			/* No record is this long: not a record. */
			rd->pos += (off_t)rd->len;
			rd->len = 0;
			rd->resync = true;
		}
		int r = reader_fill(rd);
		if (r <= 0)
			return r; /* a last line without newline was torn by a crash: never a record */
	}
}

static void reader_consume(struct reader *rd, size_t used)
{
	rd->start += used;
}

int hwp_journal_scan(struct hwp_ctx *ctx, hwp_journal_fn fn, void *data, uint64_t *ret_lost)
{
	if (ret_lost)
		*ret_lost = 0;
	int fd = hwp_open(ctx, JOURNAL_PATH, O_RDONLY);
	if (fd == -ENOENT)
		return 0; /* no campaign yet */
	if (fd < 0)
		return fd;
	struct reader *rd = calloc(1, sizeof(*rd));
	if (!rd) {
		close(fd);
		return -ENOMEM;
	}
	rd->fd = fd;
	rd->page = 1L << ctx->page_shift;
	/* Readers share the lock, so no record is seen half-written. */
	flock(fd, LOCK_SH);
	char *line;
	size_t used;
	int r;
	while ((r = reader_line(rd, &line, &used)) > 0) {
		struct hwp_journal_entry e;
		r = parse_line(line, &e) == 0 ? fn(&e, data) : 0;
		if (r)
			break;
		reader_consume(rd, used);
	}
	flock(fd, LOCK_UN);
	if (ret_lost)
		*ret_lost = rd->lost;
	free(rd);
	close(fd);
	return r;
}

int hwp_journal_read(struct hwp_ctx *ctx, hwp_journal_fn fn, void *data)
{
	return hwp_journal_scan(ctx, fn, data, NULL);
}

/* Did this record leave the page poisoned by hwpoison? */
static bool leaves_poisoned(const struct hwp_journal_entry *e)
{
	return e->status == HWP_STATUS_INJECTED || e->status == HWP_STATUS_OFFLINED;
}

static bool clears_ours(const struct hwp_journal_entry *e)
{
	return e->op == HWP_OP_UNPOISON &&
	       (e->status == HWP_STATUS_UNPOISONED || e->status == HWP_STATUS_NOT_POISONED);
}

struct last_target {
	uint64_t pfn;
	struct hwp_target target;
	bool known;
};

/* The newest record that poisoned the page with a target, forgotten at its unpoison. */
static int find_target(const struct hwp_journal_entry *e, void *data)
{
	struct last_target *t = data;
	if (e->pfn != t->pfn)
		return 0;
	if (e->op != HWP_OP_UNPOISON && e->target.kind != HWP_TARGET_PFN) {
		t->target = e->target;
		t->known = true;
	} else if (e->op == HWP_OP_UNPOISON && e->status == HWP_STATUS_UNPOISONED) {
		t->known = false;
	}
	return 0;
}

int hwp_journal_target(struct hwp_ctx *ctx, uint64_t pfn, struct hwp_target *ret)
{
	struct last_target *t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->pfn = pfn;
	int r = hwp_journal_read(ctx, find_target, t);
	if (r == 0 && t->known) {
		*ret = t->target;
		r = 1;
	}
	free(t);
	return r;
}

/* What each record did to its page, in journal order. */
struct effect {
	uint64_t pfn;
	size_t order;
	bool poisoned;  /* true: left poisoned by us; false: cleared */
};

struct ours_state {
	struct effect *effects;
	size_t count, cap;
};

static int collect_effect(const struct hwp_journal_entry *e, void *data)
{
	struct ours_state *st = data;
	bool poisoned = leaves_poisoned(e);
	if (!poisoned && !clears_ours(e))
		return 0;
	if (st->count == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 256;
		struct effect *p = realloc(st->effects, cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		st->effects = p;
		st->cap = cap;
	}
	st->effects[st->count] = (struct effect){ e->pfn, st->count, poisoned };
	st->count++;
	return 0;
}

static int cmp_effect(const void *a, const void *b)
{
	const struct effect *x = a, *y = b;
	if (x->pfn != y->pfn)
		return (x->pfn > y->pfn) - (x->pfn < y->pfn);
	return (x->order > y->order) - (x->order < y->order);
}

int hwp_journal_ours(struct hwp_ctx *ctx, struct hwp_pfnlist *ret_list, uint64_t *ret_lost)
{
	struct ours_state st = { NULL, 0, 0 };
	int r = hwp_journal_scan(ctx, collect_effect, &st, ret_lost);
	if (r == 0) {
		if (st.count) /* qsort(NULL, 0) is undefined */
			qsort(st.effects, st.count, sizeof(*st.effects), cmp_effect);
		/* The last record of each pfn decides. */
		for (size_t i = 0; i < st.count && r == 0; i++) {
			bool last_of_pfn = i + 1 == st.count || st.effects[i + 1].pfn != st.effects[i].pfn;
			if (last_of_pfn && st.effects[i].poisoned)
				r = hwp_pfnlist_add(ret_list, st.effects[i].pfn, st.effects[i].pfn);
		}
	}
	free(st.effects);
	return r;
}

/* A machine check hwpoison injected and the kernel acted on. */
static int find_machine_check(const struct hwp_journal_entry *e, void *data)
{
	(void)data;
	return e->op == HWP_OP_INJECT && hwp_method_info(e->method)->disables_unpoison &&
	       e->status == HWP_STATUS_INJECTED;
}

int hwp_unpoison_disabled(struct hwp_ctx *ctx)
{
	char kpath[PATH_MAX];
	int r = hwp_run_path(ctx, "unpoison-disabled", kpath, sizeof(kpath));
	if (r == 0 && hwp_exists(ctx, kpath))
		return 1;
	r = hwp_journal_read(ctx, find_machine_check, NULL);
	return r < 0 ? r : r > 0;
}
