// SPDX-License-Identifier: GPL-2.0-or-later
/* Messages, common options, signals and the checks every command shares. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "advice.h"
#include "cmd.h"

/* One line on stderr; an error is also kept for the JSON document (--json). */
static void vmessage(struct cli *cli, bool error, const char *fmt, va_list ap)
{
	char text[512];
	vsnprintf(text, sizeof(text), fmt, ap);
	fflush(stdout);
	if (cli->cmd)
		fprintf(stderr, "hwpoison %s: %s\n", cli->cmd, text);
	else
		fprintf(stderr, "hwpoison: %s\n", text);
	if (error)
		snprintf(cli->error, sizeof(cli->error), "%s", text);
}

void cli_document_end(struct cli *cli)
{
	out_finish(cli->out);
	cli->out = NULL;
	cli->document = true;
}

void cli_err(struct cli *cli, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(cli, false, fmt, ap);
	va_end(ap);
}

int cli_usage(struct cli *cli, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(cli, true, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

int cli_env(struct cli *cli, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(cli, true, fmt, ap);
	va_end(ap);
	return EXIT_ENV;
}

void cli_info(struct cli *cli, const char *fmt, ...)
{
	if (!cli->verbose)
		return;
	va_list ap;
	va_start(ap, fmt);
	vmessage(cli, false, fmt, ap);
	va_end(ap);
}

const char cli_common_help[] =
	"  -j, --json           print JSON\n"
	"  -q, --quiet          print nothing but errors\n"
	"  -h, --help           show this help\n";

const char cli_table_help[] =
	"  -o, --output COLUMNS the table's columns (comma-separated; +COL adds to the\n"
	"                       default set)\n"
	"      --output-all     every column\n"
	"  -n, --noheadings     no header line\n"
	"  -r, --raw            one space between columns, no alignment\n";

const char cli_setup_help[] =
	"      --no-mount       do not mount debugfs\n"
	"      --no-load        do not load hwpoison_inject\n";

int cli_common_opt(struct cli *cli, int c, void (*usage)(void))
{
	switch (c) {
	case 'h':
		usage();
		return CLI_STOP;
	case 'j':
		cli->json = true;
		return 0;
	case 'q':
		cli->quiet = true;
		return 0;
	case 'v':
		cli->verbose = true;
		return 0;
	case OPT_NO_MOUNT:
		cli->no_mount = true;
		return 0;
	case OPT_NO_LOAD:
		cli->no_load = true;
		return 0;
	case 'o':
		cli->view.columns = optarg;
		return 0;
	case OPT_OUTPUT_ALL:
		cli->view.all = true;
		return 0;
	case 'n':
		cli->view.noheadings = true;
		return 0;
	case 'r':
		cli->view.raw = true;
		return 0;
	case OPT_BAD:
		return EXIT_USAGE;
	case ':':
		return cli_usage(cli, "option '%s' needs a value", cli->argv[optind - 1]);
	case '?':
		if (optopt && optopt < 0x100)
			return cli_usage(cli, "unknown option '-%c' (try '--help')", optopt);
		return cli_usage(cli, "unknown option '%s' (try '--help')", cli->argv[optind - 1]);
	default:
		return CLI_NOT_MINE;
	}
}

void cli_closest_try(struct cli_closest *c, const char *candidate)
{
	size_t d = advice_edit_distance(c->word, c->len, candidate);
	/* Two edits at most, and fewer than the name has letters: no wild guesses. */
	if (d <= 2 && d < strlen(candidate) && (!c->best || d < c->distance)) {
		c->best = candidate;
		c->distance = d;
	}
}

/* "--pfm": the long option it is closest to, or NULL. */
static const char *closest_option(const char *word, const struct option *longopts)
{
	if (strncmp(word, "--", 2) != 0)
		return NULL;
	struct cli_closest c = { .word = word + 2, .len = strcspn(word + 2, "=") };
	for (size_t i = 0; longopts[i].name; i++)
		cli_closest_try(&c, longopts[i].name);
	return c.best;
}

int cli_getopt(struct cli *cli, int argc, char **argv, const char *shortopts,
	       const struct option *longopts)
{
	int index = -1;
	cli->argv = argv;
	int c = getopt_long(argc, argv, shortopts, longopts, &index);
	if (c == '?' && !optopt && optind >= 1) {
		const char *word = argv[optind - 1];
		const char *best = closest_option(word, longopts);
		if (best) {
			cli_usage(cli, "unknown option '%.*s' (did you mean '--%s'?)",
				  (int)strcspn(word, "="), word, best);
			return OPT_BAD;
		}
	}
	if (c == -1 || index < 0)
		return c;
	/* The word that held the option: the one before its value when that came separately. */
	const char *word = argv[optind - 1];
	if (optarg && optarg == argv[optind - 1] && optind >= 2)
		word = argv[optind - 2];
	const char *name = longopts[index].name;
	size_t len = strlen(name);
	if (strncmp(word, "--", 2) == 0 && strncmp(word + 2, name, len) == 0 &&
	    (word[2 + len] == '\0' || word[2 + len] == '='))
		return c;
	int wlen = (int)strcspn(word, "=");
	cli_usage(cli, "unknown option '%.*s' (did you mean '--%s'?)", wlen, word, name);
	return OPT_BAD;
}

/* The one flag set from a signal handler, read between pages. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

void cli_catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocked read or wait returns so the run can stop. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int cli_interrupted(void)
{
	return interrupted;
}

const volatile sig_atomic_t *cli_stop_flag(void)
{
	return &interrupted;
}

const char *cli_distrust_words(const struct hwp_distrusted *bad)
{
	static char words[64];
	switch (bad->why) {
	case HWP_DISTRUST_OWNER:
		snprintf(words, sizeof(words), "is owned by uid %u", bad->uid);
		return words;
	case HWP_DISTRUST_WRITABLE:
		return "is writable by others";
	case HWP_DISTRUST_LINK:
		return "is a symbolic link";
	default:
		return "cannot be trusted";
	}
}

const char *cli_strerror(int err)
{
	if (err == EXDEV)
		return "refused: a link, a file of another user's, or a file outside the kernel's "
		       "interface stands where hwpoison writes";
	return strerror(err);
}

void cli_journal_lost(struct cli *cli, uint64_t lost)
{
	if (lost)
		cli_err(cli, "warning: %" PRIu64 " bytes of the journal in /run/hwpoison could not be "
			"read (a poisoned page of the file?): the records there are lost, every other "
			"record was read", lost);
}

const char *cli_errno_name(int err)
{
	const char *name = strerrorname_np(err);
	return name ? name : "EUNKNOWN";
}

int cli_parse_list(struct cli *cli, const char *option, const char *arg, enum hwp_list_unit unit,
		   struct hwp_pfnlist *list)
{
	const char *bad = NULL;
	size_t bad_len = 0;
	int r = hwp_pfnlist_parse(arg, unit, hwp_page_shift(cli->ctx), list, &bad, &bad_len);
	if (r == 0)
		return 0;
	if (r == -ENOMEM)
		return cli_env(cli, "out of memory");
	const char *what = unit == HWP_UNIT_ADDRESS ? "address" : "pfn";
	if (!bad || bad_len == 0)
		return cli_usage(cli, "%s '%s': empty item in %s list", option, arg, what);
	if (r == -ERANGE)
		return cli_usage(cli, "%s: '%.*s' is out of range", option, (int)bad_len, bad);
	return cli_usage(cli, "%s: invalid %s list item '%.*s' (expected N, A-B or A+N)", option,
			 what, (int)bad_len, bad);
}

int cli_need_admin(struct cli *cli, const char *what)
{
	int r = hwp_have_sys_admin();
	if (r > 0)
		return 0;
	if (r < 0)
		return cli_env(cli, "cannot read process capabilities: %s", cli_strerror(-r));
	return cli_env(cli, "%s needs CAP_SYS_ADMIN: run as root", what);
}

int cli_check_in_memory(struct cli *cli, const char *option, const struct hwp_pfnlist *list)
{
	uint64_t end;
	int r = hwp_kpageflags_end(cli->ctx, &end);
	if (r < 0)
		return cli_env(cli, "cannot read /proc/kpageflags: %s", cli_strerror(-r));
	for (size_t i = 0; i < list->count; i++) {
		if (list->ranges[i].last >= end) {
			uint64_t bad = list->ranges[i].first >= end ? list->ranges[i].first : end;
			return cli_usage(cli,
					 "%s: pfn 0x%" PRIx64 " is past the end of memory "
					 "(highest pfn is 0x%" PRIx64 ")",
					 option, bad, end ? end - 1 : 0);
		}
	}
	return 0;
}

/* Under lockdown debugfs is out of reach: say what that means for this command. */
static int lockdown_refusal(struct cli *cli)
{
	char mode[32] = "on";
	hwp_lockdown_mode(cli->ctx, mode, sizeof(mode));
	return cli_env(cli, "kernel lockdown (%s) forbids debugfs: %s", mode,
		       cli->lockdown ? cli->lockdown : "see /sys/kernel/security/lockdown");
}

void cli_method_names(enum hwp_op op, const char *last, char *buf, size_t len)
{
	size_t n = 0, total = 0;
	for (enum hwp_method m = 0; m < HWP_METHOD_COUNT; m++)
		total += hwp_method_info(m)->op == op;
	buf[0] = '\0';
	for (enum hwp_method m = 0; m < HWP_METHOD_COUNT; m++) {
		const struct hwp_method_info *info = hwp_method_info(m);
		if (info->op != op)
			continue;
		size_t used = strlen(buf);
		if (n > 0 && n + 1 == total)
			snprintf(buf + used, len - used, " %s ", last);
		else if (n > 0)
			snprintf(buf + used, len - used, ", ");
		used = strlen(buf);
		snprintf(buf + used, len - used, "%s", info->name);
		n++;
	}
}

/*
 * The module came back after a removal that took a set filter with it.
 * 6.1 and 6.12 keep the criteria and only switch the filter off; 7.x resets
 * every value: say which happened here.
 */
static void warn_filter_lost(struct cli *cli)
{
	struct hwp_filter now, defaults;
	hwp_filter_defaults(&defaults);
	bool reset = hwp_filter_read(cli->ctx, &now) == 0 && now.memcg == 0 &&
		     now.dev_major == defaults.dev_major && now.dev_minor == defaults.dev_minor &&
		     now.flags_mask == 0 && now.flags_value == 0;
	if (reset)
		cli_err(cli, "warning: hwpoison_inject was unloaded while a filter was set, "
			"which switched the filter off and reset its criteria (set it again "
			"with 'hwpoison filter set')");
	else
		cli_err(cli, "warning: hwpoison_inject was unloaded while a filter was set, "
			"which switched the filter off (its values remain: 'hwpoison filter "
			"enable' turns it back on)");
}

/* A set-up error in words: 0 for none, else an exit code. */
static int setup_error(struct cli *cli, int r, unsigned flags, const char *module,
		       const char *config)
{
	switch (r) {
	case 0:
		return 0;
	case -ENOSYS:
		return cli_env(cli, "this kernel has no memory-failure support (CONFIG_MEMORY_FAILURE)");
	case -EPERM:
		return lockdown_refusal(cli);
	case -ENODEV:
		if (flags & HWP_SETUP_MOUNT)
			return cli_env(cli, "debugfs is not mounted and cannot be mounted here");
		return cli_env(cli, "debugfs is not mounted (mount it, or drop --no-mount)");
	case -ENOPKG:
		if (flags & HWP_SETUP_LOAD)
			return cli_env(cli, "cannot load module %s (%s)", module, config);
		return cli_env(cli, "module %s is not loaded (load it, or drop --no-load)", module);
	default:
		return cli_env(cli, "cannot set up debugfs for %s: %s", module, cli_strerror(-r));
	}
}

int cli_setup_debugfs(struct cli *cli, unsigned flags)
{
	if (cli->no_mount)
		flags &= ~(unsigned)HWP_SETUP_MOUNT;
	if (cli->no_load)
		flags &= ~(unsigned)HWP_SETUP_LOAD;
	unsigned did = 0;
	int r = hwp_setup_debugfs(cli->ctx, flags, &did);
	char where[512] = "";
	if (did & HWP_SETUP_DID_MOUNT) {
		hwp_debugfs_find(cli->ctx, where, sizeof(where));
		cli_info(cli, "mounted debugfs on %s", where[0] ? where : "/sys/kernel/debug");
	}
	if (did & HWP_SETUP_DID_LOAD) {
		cli_info(cli, "loaded module hwpoison_inject");
		if (hwp_filter_note_exists(cli->ctx)) {
			warn_filter_lost(cli);
			hwp_filter_note(cli->ctx, false);
		}
	}
	return setup_error(cli, r, flags, "hwpoison_inject", "CONFIG_HWPOISON_INJECT");
}

int cli_setup_mce(struct cli *cli)
{
	unsigned flags = (cli->no_mount ? 0 : HWP_SETUP_MOUNT) | (cli->no_load ? 0 : HWP_SETUP_LOAD);
	unsigned did = 0;
	int r = hwp_setup_mce(cli->ctx, flags, &did);
	if (did & HWP_SETUP_DID_MOUNT)
		cli_info(cli, "mounted debugfs on /sys/kernel/debug");
	if (did & HWP_SETUP_DID_LOAD)
		cli_info(cli, "loaded module mce-inject");
	return setup_error(cli, r, flags, "mce-inject", "CONFIG_X86_MCE_INJECT");
}

void cli_size_text(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	if (bytes < 1024) {
		snprintf(buf, len, "%" PRIu64 "B", bytes);
		return;
	}
	double v = (double)bytes / 1024;
	size_t u = 0;
	while (v >= 1024 && u + 1 < sizeof(units) - 1) {
		v /= 1024;
		u++;
	}
	/* As lsblk: one decimal where it says something, none for whole numbers. */
	if (v < 10 && v != (double)(uint64_t)v)
		snprintf(buf, len, "%.1f%c", v, units[u]);
	else
		snprintf(buf, len, "%.0f%c", v, units[u]);
}
