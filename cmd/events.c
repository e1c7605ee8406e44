// SPDX-License-Identifier: GPL-2.0-or-later
/* hwpoison events: the kernel's memory-failure verdicts as they happen. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "options.h"

static void usage(void);

static const struct cli_option own[] = {
	{ "count", OPT_COUNT, required_argument, "--count N", "stop after N events", NULL },
	{ "timeout", OPT_TIMEOUT, required_argument, "--timeout SEC",
	  "stop after SEC seconds (decimals allowed)", NULL },
	{ "event", OPT_EVENT, required_argument, "--event NAME",
	  "also another event libpfm4 can encode: a tracepoint\n"
	  "(e.g. mce:mce_record) printed field by field, or a\n"
	  "counter (e.g. cycles) whose total ends the stream", NULL },
	{ "json", 'j', no_argument, "--json",
	  "one JSON object per line: time, kind (memory_failure or\n"
	  "mce), cpu, pid, pfn, type, result; bank, status, addr,\n"
	  "misc, decoded", NULL },
	{ "quiet", 'q', no_argument, "--quiet", "print nothing but errors", NULL },
	{ "verbose", 'v', no_argument, "--verbose", "report set-up", NULL },
	{ "no-mount", OPT_NO_MOUNT, no_argument, "--no-mount",
	  "do not mount debugfs (tracefs is reached there)", NULL },
	{ "help", 'h', no_argument, "--help", "show this help", NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};
static const struct cli_option_list lists[] = {
	{ "Options:", 0, own },
	{ NULL, 0, NULL },
};
/* Options end at COMMAND, whose own options are its own. */
static const struct cli_options spec = { lists, usage, true, NULL };

static void usage(void)
{
	fputs("Usage: hwpoison events [--count N] [--timeout SEC] [--event NAME]... [-- COMMAND [ARG...]]\n"
	      "\n"
	      "Stream the kernel's memory-failure events (the memory_failure_event\n"
	      "tracepoint, read through perf): time, cpu, pid, pfn, page type and result,\n"
	      "and the machine checks before them (mce:mce_record, on x86: bank, status,\n"
	      "address, misc and the status in words), one line each, until --count\n"
	      "events, the --timeout, Ctrl-C, or COMMAND's\n"
	      "exit. With COMMAND, only the events COMMAND and its children cause are\n"
	      "reported, and hwpoison exits with COMMAND's status; a COMMAND still\n"
	      "running when the stream ends first is sent SIGTERM.\n",
	      stdout);
	cli_options_help(lists);
	fputs("\n"
	      "Once every CPU's stream is armed, one line on stderr says so (\"listening\n"
	      "on ...\"; not with -q): start injecting after it.\n"
	      "\n"
	      "Exit status: 0 (or COMMAND's), 1 the --timeout came before --count events,\n"
	      "2 bad input, 3 environment or privilege.\n",
	      stdout);
}

/* Verdicts already printed, so one seen by two streams is printed once. */
#define RECENT 32

struct stream {
	struct cli *cli;
	uint64_t seen, limit;
	uint64_t mce_pfns[RECENT];       /* pages of the machine checks seen, newest last */
	size_t nmce;
	struct { uint64_t time_ns, pfn; } printed[RECENT];
	size_t nprinted;
};

static void time_text(uint64_t ns, char *buf, size_t len)
{
	time_t sec = (time_t)(ns / 1000000000u);
	struct tm tm;
	char day[32] = "";
	if (gmtime_r(&sec, &tm))
		strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%06luZ", day, (unsigned long)(ns % 1000000000u / 1000));
}

/* A tracepoint other than the verdict: every number field of its format. */
static void generic_fields(struct out_line *l, const struct hwp_event *e)
{
	struct hwp_event_field fields[32];
	size_t n = hwp_event_fields(e, fields, sizeof(fields) / sizeof(fields[0]));
	for (size_t i = 0; i < n; i++) {
		if (fields[i].symbol)
			out_line_str(l, fields[i].name, fields[i].name, fields[i].symbol);
		else
			out_line_u64(l, fields[i].name, fields[i].name, (uint64_t)fields[i].value);
	}
}

static bool seen_mce_pfn(const struct stream *st, uint64_t pfn)
{
	for (size_t i = 0; i < st->nmce && i < RECENT; i++)
		if (st->mce_pfns[i] == pfn)
			return true;
	return false;
}

static bool printed_before(struct stream *st, const struct hwp_event *e)
{
	for (size_t i = 0; i < st->nprinted && i < RECENT; i++)
		if (st->printed[i].time_ns == e->time_ns && st->printed[i].pfn == e->pfn)
			return true;
	st->printed[st->nprinted % RECENT].time_ns = e->time_ns;
	st->printed[st->nprinted % RECENT].pfn = e->pfn;
	st->nprinted++;
	return false;
}

/*
 * With COMMAND, machine checks come from a system-wide stream (the kernel
 * logs them from a worker); so do the verdicts on their pages, which are
 * the ones printed of that stream.
 */
static bool wanted(struct stream *st, const struct hwp_event *e)
{
	if (e->mce) {
		st->mce_pfns[st->nmce++ % RECENT] = e->mce_record.addr >> hwp_page_shift(st->cli->ctx);
		return true;
	}
	if (!e->memory_failure)
		return true;
	if (e->system_wide && !seen_mce_pfn(st, e->pfn))
		return false;
	return !printed_before(st, e);
}

/* mce:mce_record: the registers, and what they say in words. */
static void mce_fields(struct out_line *l, const struct hwp_event *e, unsigned page_shift)
{
	char status[32], addr[32], misc[32];
	snprintf(status, sizeof(status), "0x%016" PRIx64, e->mce_record.status);
	snprintf(addr, sizeof(addr), "0x%" PRIx64, e->mce_record.addr);
	snprintf(misc, sizeof(misc), "0x%" PRIx64, e->mce_record.misc);
	out_line_u64(l, "bank", "bank", e->mce_record.bank);
	out_line_str(l, "status", "status", status);
	out_line_str(l, "addr", "addr", addr);
	out_line_str(l, "misc", "misc", misc);
	if (e->mce_record.status & (UINT64_C(1) << 58))
		out_line_hex(l, "pfn", "pfn", e->mce_record.addr >> page_shift);
	const char *words[8];
	size_t n = hwp_mce_status_words(e->mce_record.status, e->mce_record.vendor,
					e->mce_record.bank, words, 8);
	out_line_words(l, "decoded", NULL, words, n);
}

static const char *kind_of(const struct hwp_event *e)
{
	if (e->mce)
		return "mce";
	if (e->memory_failure)
		return "memory_failure";
	return e->format ? "tracepoint" : "counter";
}

static int print_event(const struct hwp_event *e, void *data)
{
	struct stream *st = data;
	if (st->limit && st->seen >= st->limit)
		return 0;
	if (!wanted(st, e))
		return 0;
	st->seen++;
	if (st->cli->quiet)
		return 0;
	char when[64];
	time_text(e->time_ns, when, sizeof(when));
	struct out_line *l = out_line_begin(st->cli->json);
	out_line_str(l, "time", NULL, when);
	if (st->cli->json)
		out_line_str(l, "kind", NULL, kind_of(e));
	if (e->mce && !st->cli->json)
		out_line_str(l, "event", NULL, "mce");
	else if (!e->mce && !e->memory_failure)
		out_line_str(l, "event", NULL, e->name);
	/* A machine check's CPU is the one whose bank logged it, not the tracer's. */
	int cpu = e->mce ? e->mce_record.cpu : e->cpu;
	if (cpu >= 0)
		out_line_u64(l, "cpu", "cpu", (uint64_t)cpu);
	if (e->pid >= 0 && e->format && !e->mce)
		out_line_u64(l, "pid", "pid", (uint64_t)e->pid);
	if (e->mce) {
		mce_fields(l, e, hwp_page_shift(st->cli->ctx));
	} else if (e->memory_failure) {
		char type[32], result[32];
		snprintf(type, sizeof(type), "type %lld", (long long)e->type_value);
		snprintf(result, sizeof(result), "result %lld", (long long)e->result_value);
		out_line_hex(l, "pfn", "pfn", e->pfn);
		out_line_str(l, "type", NULL, e->type ? e->type : type);
		out_line_str(l, "result", NULL, e->result ? e->result : result);
	} else if (e->format) {
		generic_fields(l, e);
	} else {
		out_line_u64(l, "count", "count", e->count);
	}
	out_line_end(l);
	return 0;
}

static int parse_timeout(struct cli *cli, const char *arg, int64_t *ret_ms)
{
	char *end;
	errno = 0;
	double sec = strtod(arg, &end);
	if (errno || end == arg || *end || sec < 0 || sec > 86400 * 365)
		return cli_usage(cli, "--timeout: '%s' is not a number of seconds", arg);
	*ret_ms = (int64_t)(sec * 1000);
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Start COMMAND stopped on a pipe, so its events can be opened before it runs. */
static pid_t spawn_held(char **argv, int *ret_go)
{
	int go[2];
	if (pipe2(go, O_CLOEXEC) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(127);
		signal(SIGINT, SIG_DFL);
		execvp(argv[0], argv);
		fprintf(stderr, "hwpoison events: cannot run '%s': %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(go[0]);
	if (pid < 0) {
		close(go[1]);
		return -1;
	}
	*ret_go = go[1];
	return pid;
}

/*
 * The stream ended before COMMAND (--count, --timeout, a signal): COMMAND
 * ends with it, as under timeout(1), so the run is bounded. SIGTERM first,
 * SIGKILL if it is still there five seconds later.
 */
static int end_command(pid_t child)
{
	int status = 0;
	kill(child, SIGTERM);
	for (int i = 0; i < 500; i++) {
		pid_t r = waitpid(child, &status, WNOHANG);
		if (r == child || (r < 0 && errno != EINTR))
			return status;
		struct timespec pause = { 0, 10 * 1000 * 1000 };
		nanosleep(&pause, NULL);
	}
	kill(child, SIGKILL);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

/* What the user asked of the stream. */
struct events_args {
	uint64_t limit;
	int64_t timeout_ms;        /* -1: none */
	const char *extra[8];
	size_t nextra;
	char **command;            /* after --, or NULL */
};

static int events_option(struct cli *cli, int c, const char *arg, void *data)
{
	struct events_args *ea = data;
	switch (c) {
	case OPT_COUNT:
		if (hwp_parse_size(arg, strlen(arg), false, &ea->limit) < 0 || ea->limit == 0)
			return cli_usage(cli, "--count: '%s' is not a number of events", arg);
		return 0;
	case OPT_TIMEOUT:
		return parse_timeout(cli, arg, &ea->timeout_ms);
	case OPT_EVENT:
		if (ea->nextra == sizeof(ea->extra) / sizeof(ea->extra[0]))
			return cli_usage(cli, "--event: at most 8 events");
		if (!*arg)
			return cli_usage(cli, "--event: empty event name");
		/* Already in the stream, decoded: not a second time field by field. */
		if (strcmp(arg, "mce:mce_record") != 0 && strcmp(arg, "perf::mce:mce_record") != 0)
			ea->extra[ea->nextra++] = arg;
		return 0;
	}
	return CLI_NOT_MINE;
}

static int parse(struct cli *cli, int argc, char **argv, struct events_args *ea)
{
	int r = cli_parse_options(cli, argc, argv, &spec, events_option, ea);
	if (r)
		return r;
	bool dashes = optind > 0 && optind <= argc && strcmp(argv[optind - 1], "--") == 0;
	ea->command = optind < argc ? argv + optind : NULL;
	if (ea->command && !dashes)
		return cli_usage(cli, "unexpected argument '%s' (put a command after --)", argv[optind]);
	if (!ea->command && dashes)
		return cli_usage(cli, "'--' needs a COMMAND after it");
	return 0;
}

/* Why the events could not be opened, as an exit code. */
static int open_error(struct cli *cli, int r, const char *bad)
{
	if (r == -ENOENT && bad && strcmp(bad, "ras:memory_failure_event") != 0)
		return cli_usage(cli, "--event: '%s' is not an event libpfm4 knows here", bad);
	if (r == -ENOENT)
		return cli_env(cli, "no memory_failure_event tracepoint (under ras: or memory_failure:) "
			       "on this kernel, or tracefs is not reachable");
	if (r == -EACCES)
		return cli_env(cli, "perf refused the events (perf_event_paranoid, CAP_PERFMON)");
	if (r == -ELIBACC || r == -ELIBBAD)
		return cli_env(cli, "libpfm4 is missing or broken (libpfm.so.4, Debian package libpfm4)");
	if (r == -ENOSYS)
		return cli_env(cli, "libpfm4 cannot initialise");
	return cli_env(cli, "cannot open the events: %s", cli_strerror(-r));
}

/*
 * Every CPU's stream is armed: one line on stderr, so a script that starts
 * the stream in the background knows when to act.
 */
static void say_ready(struct cli *cli, const struct hwp_events *ev)
{
	if (cli->quiet)
		return;
	char names[512] = "";
	size_t n = hwp_events_count(ev), seen = 0;
	for (size_t i = 0; i < n; i++) {
		const char *name = hwp_events_name(ev, i);
		if (strstr(names, name))
			continue; /* the verdicts opened twice beside a COMMAND */
		size_t len = strlen(names);
		snprintf(names + len, sizeof(names) - len, "%s%s", seen ? ", " : "", name);
		seen++;
	}
	unsigned cpus = hwp_events_cpus(ev);
	fprintf(stderr, "hwpoison events: listening on %s, %u CPU%s\n", names, cpus,
		cpus == 1 ? "" : "s");
}

/* Read records until the limit, the deadline, a signal or COMMAND's end. */
static void stream(struct hwp_events *ev, struct stream *st, int64_t timeout_ms, pid_t child,
		   int *ret_status, bool *ret_child_done)
{
	int64_t deadline = timeout_ms >= 0 ? now_ms() + timeout_ms : -1;
	while (!cli_interrupted() && !(st->limit && st->seen >= st->limit)) {
		int wait_ms = 200;
		if (deadline >= 0) {
			int64_t left = deadline - now_ms();
			if (left <= 0)
				break;
			if (left < wait_ms)
				wait_ms = (int)left;
		}
		hwp_events_wait(ev, wait_ms);
		hwp_events_read(ev, print_event, st);
		if (child > 0 && waitpid(child, ret_status, WNOHANG) == child) {
			*ret_child_done = true;
			break;
		}
	}
	/* What arrived at the very end, then the counters' totals. */
	hwp_events_read(ev, print_event, st);
	if (!(st->limit && st->seen >= st->limit))
		hwp_events_counters(ev, print_event, st);
}

static int parse_events(struct cli *cli, int argc, char **argv, void *state)
{
	struct events_args *ea = state;
	ea->timeout_ms = -1;
	return parse(cli, argc, argv, ea);
}

static int run(struct cli *cli, void *state)
{
	struct events_args ea = *(struct events_args *)state;
	int go = -1;
	pid_t child = 0;
	if (ea.command && (child = spawn_held(ea.command, &go)) < 0)
		return cli_env(cli, "cannot start '%s': %s", ea.command[0], strerror(errno));
	struct hwp_events_opts eo = {
		.memory_failure = true, .mce_records = true, .extra = ea.extra, .nextra = ea.nextra,
		.pid = child, .enable_on_exec = child > 0,
	};
	struct hwp_events *ev;
	const char *bad = NULL;
	int r = hwp_events_open(cli->ctx, &eo, &ev, &bad);
	if (r < 0) {
		if (child > 0) {
			kill(child, SIGKILL);
			close(go);
			waitpid(child, NULL, 0);
		}
		return open_error(cli, r, bad);
	}
	cli_catch_signals();
	say_ready(cli, ev);
	if (child > 0) {
		if (write(go, "g", 1) != 1)
			kill(child, SIGKILL);
		close(go);
	}
	struct stream st = { .cli = cli, .limit = ea.limit };
	int status = 0;
	bool child_done = false;
	stream(ev, &st, ea.timeout_ms, child, &status, &child_done);
	hwp_events_close(ev);
	if (child > 0 && !child_done)
		status = end_command(child);
	if (child > 0)
		return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	/* Fewer events than --count before the timeout: what was awaited did not come. */
	if (ea.limit && st.seen < ea.limit && !cli_interrupted()) {
		cli_err(cli, "%" PRIu64 " of the %" PRIu64 " events asked for arrived before the timeout",
			st.seen, ea.limit);
		return EXIT_FAIL;
	}
	return EXIT_OK; /* Ctrl-C and the timeout are how a stream normally ends */
}

const struct command_ops events_ops = {
	.state_size = sizeof(struct events_args),
	.parse = parse_events,
	.run = run,
};
