// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The campaign engine against the fixture tree of tests/cli/lib.sh: what is
 * written, what is journalled, what is skipped, the lock, the scoped filter.
 * Whether the kernel really poisons a page is proved in tests/vm, not here.
 */
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "fixture.h"
#include "tap.h"

static char root[64];

static void fresh(void)
{
	fixture_make(root);
}

static void slurp(const char *kpath, char *buf, size_t len)
{
	fixture_read(root, kpath, buf, len);
}

/* The path of NAME in the fixture's hwpoison run directory, made if need be. */
static void run_file(char *path, size_t len, const char *name)
{
	snprintf(path, len, "%s/run/hwpoison", root);
	mkdir(path, 0755);
	snprintf(path, len, "%s/run/hwpoison/%s", root, name);
}

static int count_record(const struct hwp_journal_entry *e, void *data)
{
	(void)e;
	(*(int *)data)++;
	return 0;
}

static int records(struct hwp_ctx *ctx)
{
	int n = 0;
	hwp_journal_read(ctx, count_record, &n);
	return n;
}

static void test_act_and_record(struct hwp_ctx *ctx)
{
	fresh();
	struct hwp_op_opts opts = { .op = HWP_OP_INJECT };
	struct hwp_campaign *c;
	ok(hwp_campaign_open(ctx, &opts, 1, NULL, &c) == 0, "campaign opens with its journal");
	struct hwp_page_report rep;
	ok(hwp_campaign_page(c, 2, NULL, &rep) == HWP_CAMPAIGN_ACTED, "a free page is acted on");
	char text[64];
	slurp("/sys/kernel/debug/hwpoison/corrupt-pfn", text, sizeof(text));
	ok(strcmp(text, "0x2") == 0, "its pfn went to corrupt-pfn (got '%s')", text);
	ok(records(ctx) == 1, "and one record to the journal");
	ok(hwp_campaign_page(c, 1, NULL, &rep) == HWP_CAMPAIGN_ACTED &&
	   rep.res.status == HWP_STATUS_REFUSED, "a slab page is refused");
	ok(records(ctx) == 1, "a refused page leaves no record");
	struct hwp_select_opts sel = { .mask = HWP_KPF_BIT(HWP_KPF_BUDDY),
				       .value = HWP_KPF_BIT(HWP_KPF_BUDDY), .count = 1 };
	ok(hwp_campaign_page(c, 11, &sel, &rep) == HWP_CAMPAIGN_SKIPPED,
	   "a selected page that no longer matches is skipped");
	ok(records(ctx) == 1, "a skipped page leaves no record");
	ok(hwp_campaign_page(c, 64, NULL, &rep) == -ERANGE, "a pfn past the end stops the run");
	ok(hwp_campaign_close(c) == 0, "campaign closes");
}

static void test_dry_run(struct hwp_ctx *ctx)
{
	fresh();
	struct hwp_op_opts opts = { .op = HWP_OP_INJECT, .dry_run = true };
	struct hwp_campaign *c;
	struct hwp_page_report rep;
	hwp_campaign_open(ctx, &opts, 1, NULL, &c);
	ok(hwp_campaign_page(c, 3, NULL, &rep) == HWP_CAMPAIGN_ACTED &&
	   rep.res.status == HWP_STATUS_WOULD, "a dry run says would-write");
	hwp_campaign_close(c);
	char text[64];
	slurp("/sys/kernel/debug/hwpoison/corrupt-pfn", text, sizeof(text));
	slurp("/run/hwpoison/journal", text + 32, 32);
	ok(text[0] == '\0' && text[32] == '\0', "a dry run writes nothing, not even a journal");
}

static void test_no_journal(struct hwp_ctx *ctx)
{
	fresh();
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/run && : > %s/run/hwpoison", root, root);
	ok(system(cmd) == 0, "/run/hwpoison is a file: no journal can be had");
	struct hwp_op_opts opts = { .op = HWP_OP_UNPOISON };
	struct hwp_campaign *c = NULL;
	ok(hwp_campaign_open(ctx, &opts, 1, NULL, &c) < 0 && c == NULL,
	   "no journal, no campaign: a page acted on without its record would be lost");
	char text[64];
	slurp("/sys/kernel/debug/hwpoison/unpoison-pfn", text, sizeof(text));
	ok(text[0] == '\0', "nothing written to unpoison-pfn");
}

/* Links and other users' files where the run directory or its files should be. */
static void test_run_dir_distrusted(struct hwp_ctx *ctx)
{
	struct hwp_op_opts opts = { .op = HWP_OP_INJECT };
	struct hwp_campaign *c = NULL;
	char cmd[512];
	fresh();
	snprintf(cmd, sizeof(cmd), "rm -rf %s/run/hwpoison %s/elsewhere && mkdir %s/elsewhere && "
		 "ln -s %s/elsewhere %s/run/hwpoison", root, root, root, root, root);
	ok(system(cmd) == 0, "/run/hwpoison is a link");
	ok(hwp_campaign_open(ctx, &opts, 1, NULL, &c) == -EXDEV, "the campaign refuses it");
	const struct hwp_distrusted *bad = hwp_run_dir_distrusted(ctx);
	ok(bad && bad->why == HWP_DISTRUST_LINK && strstr(bad->path, "/run/hwpoison"),
	   "and says the directory is a link (%s)", bad ? bad->path : "none");
	char journal[128];
	snprintf(journal, sizeof(journal), "%s/elsewhere/journal", root);
	ok(access(journal, F_OK) < 0, "nothing was created where the link points");

	fresh();
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/run/hwpoison && rm -f %s/run/hwpoison/journal && "
		 ": > %s/target && ln -s %s/target %s/run/hwpoison/journal", root, root, root, root, root);
	ok(system(cmd) == 0, "/run/hwpoison/journal is a link");
	ok(hwp_campaign_open(ctx, &opts, 1, NULL, &c) == -EXDEV, "the campaign refuses it");
	char text[64];
	slurp("/target", text, sizeof(text));
	ok(text[0] == '\0', "and appends nothing to what it points at");
}

/* The journal cannot take a record (the file size limit): the run stops at that page. */
static void test_record_fails(void)
{
	fresh();
	/* A context of its own: the one of the other tests keeps corrupt-pfn of an older tree open. */
	struct hwp_ctx *ctx;
	if (hwp_ctx_new(root, &ctx) < 0)
		abort();
	struct hwp_op_opts opts = { .op = HWP_OP_INJECT };
	struct hwp_campaign *c;
	ok(hwp_campaign_open(ctx, &opts, 3, NULL, &c) == 0, "campaign opens");
	struct hwp_page_report rep;
	ok(hwp_campaign_page(c, 4, NULL, &rep) == HWP_CAMPAIGN_ACTED && rep.journal_error == 0,
	   "a first page is acted on and recorded");
	struct stat st;
	char path[128];
	snprintf(path, sizeof(path), "%s/run/hwpoison/journal", root);
	stat(path, &st);
	struct rlimit old, tiny = { (rlim_t)st.st_size, RLIM_INFINITY };
	getrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &tiny);
	int r = hwp_campaign_page(c, 2, NULL, &rep);
	ok(r == HWP_CAMPAIGN_ACTED && rep.journal_error == -EFBIG,
	   "the page is acted on and its record fails (%d, %d)", r, rep.journal_error);
	ok(hwp_campaign_page(c, 5, NULL, &rep) == -EFBIG, "the next page is refused with that error");
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_DFL);
	char text[64];
	slurp("/sys/kernel/debug/hwpoison/corrupt-pfn", text, sizeof(text));
	ok(strcmp(text, "0x2") == 0, "nothing was written after it (got '%s')", text);
	hwp_campaign_close(c);
	hwp_ctx_free(ctx);
}

static void test_scoped_filter(struct hwp_ctx *ctx)
{
	fresh();
	struct hwp_op_opts opts = { .op = HWP_OP_INJECT };
	struct hwp_campaign *c;
	struct hwp_filter f;
	hwp_filter_defaults(&f);
	f.enable = 1;
	f.flags_mask = 32;
	f.flags_value = 32;
	f.has_memcg = true;
	hwp_campaign_open(ctx, &opts, 1, NULL, &c);
	ok(hwp_campaign_scope_filter(c, &f) == 0, "a filter scoped to the campaign");
	struct hwp_filter now;
	ok(hwp_filter_read(ctx, &now) == 0 && now.enable == 1 && now.flags_mask == 32,
	   "is in force during it");
	ok(hwp_campaign_close(c) == 0, "close restores it");
	char text[64];
	slurp("/sys/kernel/debug/hwpoison/corrupt-filter-enable", text, sizeof(text));
	ok(text[0] == '0', "the filter is off again");
	slurp("/sys/kernel/debug/hwpoison/corrupt-filter-flags-mask", text, sizeof(text));
	ok(text[0] == '0', "and its mask is back to 0");
}

static void test_scoped_cec(struct hwp_ctx *ctx)
{
	fresh();
	struct hwp_op_opts opts = { .op = HWP_OP_INJECT, .method = HWP_METHOD_MCE_CE };
	struct hwp_campaign *c;
	hwp_campaign_open(ctx, &opts, 1, NULL, &c);
	ok(hwp_campaign_scope_cec(c, 7) == 0, "a CEC threshold scoped to the campaign");
	uint64_t now = 0;
	ok(hwp_cec_threshold(ctx, &now) == 0 && now == 7, "is in force during it");
	ok(hwp_campaign_close(c) == 0, "close restores it");
	ok(hwp_cec_threshold(ctx, &now) == 0 && now == 2, "the threshold is 2 again");
	char path[512];
	snprintf(path, sizeof(path), "%s/sys/kernel/debug/ras", root);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", path);
	ok(system(cmd) == 0, "a kernel without a CEC (6.1)");
	hwp_campaign_open(ctx, &opts, 1, NULL, &c);
	ok(hwp_campaign_scope_cec(c, 7) == -ENOENT, "no CEC: nothing to scope");
	ok(hwp_campaign_close(c) == 0, "and nothing to restore");
}

/* What named a page goes into its record, and the journal gives it back for an unpoison's hint. */
static void test_target_hint(struct hwp_ctx *ctx)
{
	fresh();
	struct hwp_op_opts opts = { .op = HWP_OP_INJECT };
	struct hwp_campaign *c;
	struct hwp_page_report rep;
	struct hwp_target file = { .kind = HWP_TARGET_FILE, .file = "/srv/my data.db", .offset = 8192 };
	struct hwp_target proc = { .kind = HWP_TARGET_PROCESS, .pid = 4242, .vaddr = 0x403000 };
	hwp_campaign_open(ctx, &opts, 1, NULL, &c);
	hwp_campaign_target(c, &file);
	hwp_campaign_page(c, 3, NULL, &rep);
	hwp_campaign_target(c, &proc);
	hwp_campaign_page(c, 4, NULL, &rep);
	hwp_campaign_page(c, 5, NULL, &rep);
	hwp_campaign_close(c);
	struct hwp_target t;
	ok(hwp_journal_target(ctx, 3, &t) == 1 && t.kind == HWP_TARGET_FILE &&
		   strcmp(t.file, "/srv/my data.db") == 0 && t.offset == 8192,
	   "a file page: the file and offset come back");
	ok(hwp_journal_target(ctx, 4, &t) == 1 && t.kind == HWP_TARGET_PROCESS && t.pid == 4242 &&
		   t.vaddr == 0x403000, "a process page: the process and address come back");
	ok(hwp_journal_target(ctx, 5, &t) == 0, "a page named by pfn: nothing to say");
	char journal[4096];
	slurp("/run/hwpoison/journal", journal, sizeof(journal));
	ok(strstr(journal, "\tfile=/srv/my data.db offset=8192\t-\n") != NULL,
	   "the target, then the processes (none here): the record's last fields");
	ok(strstr(journal, "\t0x5\t") && strstr(journal, "\t-\n"), "a pfn's record: no target (-)");
}

static volatile sig_atomic_t stop;
static void on_alarm(int sig)
{
	stop = sig;
}

/* Another process holds the page lock: nothing is done until it is had, or the run stops. */
static void test_lock(struct hwp_ctx *ctx)
{
	fresh();
	char path[512];
	run_file(path, sizeof(path), "lock");
	int locked[2], release[2];
	if (pipe(locked) < 0 || pipe(release) < 0)
		abort();
	pid_t child = fork();
	if (child == 0) {
		char b;
		int fd = open(path, O_RDWR | O_CREAT, 0644);
		if (fd < 0 || flock(fd, LOCK_EX) < 0 || write(locked[1], "l", 1) != 1 ||
		    read(release[0], &b, 1) < 0)
			_exit(1);
		_exit(0);
	}
	char b;
	if (read(locked[0], &b, 1) != 1)
		abort();
	struct sigaction sa = { .sa_handler = on_alarm };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	struct hwp_op_opts opts = { .op = HWP_OP_INJECT };
	struct hwp_campaign *c;
	struct hwp_page_report rep;
	hwp_campaign_open(ctx, &opts, 1, &stop, &c);
	alarm(1);
	ok(hwp_campaign_page(c, 2, NULL, &rep) == HWP_CAMPAIGN_SKIPPED && stop == SIGALRM,
	   "waiting for the lock, told to stop: the page is skipped");
	char text[64];
	slurp("/sys/kernel/debug/hwpoison/corrupt-pfn", text, sizeof(text));
	ok(text[0] == '\0' && records(ctx) == 0, "and nothing was written or recorded");
	if (write(release[1], "u", 1) != 1)
		abort();
	waitpid(child, NULL, 0);
	stop = 0;
	ok(hwp_campaign_page(c, 2, NULL, &rep) == HWP_CAMPAIGN_ACTED && records(ctx) == 1,
	   "once the lock is free, the page is acted on and recorded");
	hwp_campaign_close(c);
	close(locked[0]);
	close(locked[1]);
	close(release[0]);
	close(release[1]);
}

struct pfn_tally {
	int count;
	uint64_t sum, last;
};

static int tally_pfn(const struct hwp_journal_entry *e, void *data)
{
	struct pfn_tally *t = data;
	t->count++;
	t->sum += e->pfn;
	t->last = e->pfn;
	return 0;
}

static void write_records(FILE *f, uint64_t first, int n)
{
	for (int i = 0; i < n; i++)
		fprintf(f, "hwp1\t1796554220.%09d\t4242\tinject\tdebugfs\t%#" PRIx64
			"\tinjected\t-\t-\t-\t-\n", i, first + (uint64_t)i);
}

/* A journal many times the reader's buffer: records across its edges, a line longer than it. */
static void test_long_journal(struct hwp_ctx *ctx)
{
	fresh();
	char path[512];
	run_file(path, sizeof(path), "journal");
	FILE *f = fopen(path, "w");
	if (!f) {
		ok(0, "journal written");
		return;
	}
	write_records(f, 0x1000, 3000);
	for (int i = 0; i < 70000; i++)
		fputc('x', f);
	fputc('\n', f);
	write_records(f, 0x10000, 3000);
	fputs("hwp1\t1796554220.1\t4242\tinject", f); /* torn by a crash: no newline */
	fclose(f);
	struct pfn_tally t = { 0, 0, 0 };
	uint64_t lost = 1;
	ok(hwp_journal_scan(ctx, tally_pfn, &t, &lost) == 0, "a journal of 6,000 records and a 70,000-byte line scans");
	ok(t.count == 6000, "every whole record is read, the overlong and the torn line are not (got %d)",
	   t.count);
	uint64_t want = 3000 * 0x1000 + 3000 * 0x10000 + 2 * (2999 * 3000 / 2);
	ok(t.sum == want && t.last == 0x10000 + 2999, "each record whole, in order (pfn sum %#" PRIx64
	   ", want %#" PRIx64 ")", t.sum, want);
	ok(lost == 0, "nothing counts as lost in a file that reads without error");
}

int main(void)
{
	snprintf(root, sizeof(root), "/tmp/hwp-campaign-%d", (int)getpid());
	fresh();
	struct hwp_ctx *ctx;
	if (hwp_ctx_new(root, &ctx) < 0)
		return 1;
	test_act_and_record(ctx);
	test_dry_run(ctx);
	test_no_journal(ctx);
	test_run_dir_distrusted(ctx);
	test_record_fails();
	test_scoped_filter(ctx);
	test_scoped_cec(ctx);
	test_target_hint(ctx);
	test_lock(ctx);
	test_long_journal(ctx);
	hwp_ctx_free(ctx);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	ok(system(cmd) == 0, "fixture removed");
	return done_testing();
}
