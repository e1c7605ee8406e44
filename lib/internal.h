/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Library-private declarations shared between lib/ files. */
#ifndef HWPOISON_INTERNAL_H
#define HWPOISON_INTERNAL_H

#include <limits.h>
#include "hwpoison/hwpoison.h"

#define HWP_DEFAULT_DEBUGFS "/sys/kernel/debug"
#define HWP_SYSFS_MEMORY "/sys/devices/system/memory"
/* hwpoison's own state: the journal, its lock, the filter note. Gone at reboot, like poison. */
#define HWP_RUN_DIR "/run/hwpoison"

struct hwp_ctx {
	char *sysroot;              /* "" for the real machine */
	unsigned page_shift;
	int kpageflags_fd;          /* opened on first use, -1 until then */
	uint64_t kpageflags_end;    /* 0 until measured */
	char debugfs[PATH_MAX];     /* kernel path of debugfs, "" until found */
	int recovery_sysctl;        /* vm.memory_failure_recovery, -1 unknown, -2 absent */
	int panic_sysctl;           /* vm.panic_on_unrecoverable_memory_failure, likewise */
	/* Kept open across pages: one open per file for a whole campaign. */
	int op_fd;                  /* the file hwp_op_page writes, -1 until then */
	char op_path[PATH_MAX];     /* its kernel path */
	bool op_unseekable;         /* it said ESPIPE (debugfs): no rewind before each write */
	struct hwp_kmsg *kmsg;      /* /dev/kmsg for verdicts, NULL until opened */
	bool kmsg_failed;           /* opening it failed once: do not retry per page */
	struct hwp_events *verdicts;   /* the memory_failure_event tracepoint, NULL until opened */
	/* Closes kmsg and verdicts (lib/verdict.c): the path layer knows nothing of them. */
	void (*release_verdicts)(struct hwp_ctx *ctx);
	bool verdicts_failed;          /* not available: the kernel log it is */
	unsigned scan_threads;         /* readers of a full scan, 0: the default */
	int cpu_vendor;                /* enum hwp_cpu_vendor, -1 until read */
	struct hwp_distrusted run_dir_distrust;   /* why HWP_RUN_DIR was refused, path "" if not */
	struct {                       /* hwpoison's own pages, collected by a campaign (lib/own.c) */
		bool collected;
		uint64_t *pfns, *journal_pfns;   /* sorted */
		size_t count, journal_count;
	} own;
};

/* The journal and the machine-wide page lock beside it (lib/journal.c), for campaigns. */
struct hwp_journal;
int hwp_journal_open(struct hwp_ctx *ctx, struct hwp_journal **ret);
/* Append one record in one write(2); the caller holds the page lock (hwp_journal_lock). */
/* target: what named the page and the run's scoped filter (may be NULL: a pfn). */
int hwp_journal_append(struct hwp_journal *j, const struct hwp_op_opts *opts,
		       const struct hwp_page_result *res, const struct hwp_target *target);
void hwp_journal_close(struct hwp_journal *j);
/* Allocate room past the journal's end for records of a run, so appends need no new page. */
int hwp_journal_reserve(struct hwp_journal *j, uint64_t records);
/* The journal's descriptor, -1 for NULL. */
int hwp_journal_fd(const struct hwp_journal *j);
/*
 * Hold /run/hwpoison/lock across checking, acting on and recording one
 * page. -EINTR when a signal arrives while waiting.
 */
int hwp_journal_lock(struct hwp_journal *j);
void hwp_journal_unlock(struct hwp_journal *j);

/* Helpers only the library uses: the path layer's lower half, and the words of the journal. */
/* true when the context is rooted somewhere other than "/". */
bool hwp_ctx_is_rooted(const struct hwp_ctx *ctx);
/* Resolve an absolute kernel path ("/proc/meminfo") under the sysroot. */
int hwp_path(const struct hwp_ctx *ctx, const char *kpath, char *buf, size_t len);
int hwp_open(const struct hwp_ctx *ctx, const char *kpath, int flags);
int hwp_read_u64(const struct hwp_ctx *ctx, const char *kpath, uint64_t *ret);
/* One write(2) of the whole string; the kernel's errno comes back as -errno. */
int hwp_write_text(const struct hwp_ctx *ctx, const char *kpath, const char *text);
/*
 * hwpoison's own pages (lib/own.c): collect them once, after the memory of a
 * run is held (journal_fd: the journal, or -1); then why pfn is one of them,
 * or NULL. A mapped page (flags) not in the collection is looked up afresh.
 */
int hwp_own_collect(struct hwp_ctx *ctx, int journal_fd);
void hwp_own_release(struct hwp_ctx *ctx);
const char *hwp_own_reason(struct hwp_ctx *ctx, uint64_t pfn, uint64_t flags);
/*
 * Hold, before a run's first page, the memory a run of npages will use
 * (lib/memhold.c): heap grown and touched and never given back, stack
 * touched deep, all locked where CAP_IPC_LOCK allows.
 */
int hwp_memory_hold(uint64_t npages);
/*
 * Before a run's first page: open what hwp_op_page would open at its first
 * page (the verdict's tracepoint and its ring buffer, the kernel log) and
 * read the sysctls it consults, so no page of the run allocates them.
 */
int hwp_op_prepare(struct hwp_ctx *ctx, const struct hwp_op_opts *opts);
/*
 * hwp_op_page and hwp_huge_find with the page's flags read by the caller: one
 * read per page. hwp_op_page_flags also says where and what it wrote (or
 * would write, in a dry run): "" when the flags decided and nothing was.
 */
int hwp_op_page_flags(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t pfn,
		      uint64_t flags, struct hwp_page_result *res, char *kpath, size_t kpath_len,
		      char *text, size_t text_len);
int hwp_huge_find_flags(struct hwp_ctx *ctx, uint64_t pfn, uint64_t flags, struct hwp_huge *ret);
size_t hwp_memory_hold_size(uint64_t npages);
/* Pages matching the flags that are neither poisoned nor unsafe to poison. */
bool hwp_select_flags_match(const struct hwp_select_opts *o, uint64_t flags);
/* Check a candidate again just before acting on it: 1 yes, 0 no longer. */
int hwp_select_still_matches(struct hwp_ctx *ctx, const struct hwp_select_opts *o, uint64_t pfn);
/* The words back (lib/names.c): 0, or -EINVAL for a word no version wrote. */
int hwp_status_parse(const char *name, enum hwp_status *ret);
int hwp_op_parse(const char *name, enum hwp_op *ret);
/* A page with this status had something written to the kernel: it gets a record. */
bool hwp_status_wrote(enum hwp_status status);

/*
 * Each component of path from "/" down (those before trusted_prefix
 * skipped) is no link, owned by root or the caller, writable by the owner
 * alone: 0, or -EPERM with *ret (may be NULL) naming the first that is not.
 */
int hwp_path_trusted(const char *path, size_t trusted_prefix, struct hwp_distrusted *ret);
/* A file or directory of uid's may steer hwpoison's writes: root's, or, unprivileged, its own. */
bool hwp_owner_trusted(unsigned uid);
/* The open file itself passes those rules (its parents are hwp_path_trusted's): 0 or -EPERM. */
int hwp_fd_trusted(int fd);
/* The kernel path of name in HWP_RUN_DIR, the directory created if need be (-EXDEV: distrusted). */
int hwp_run_path(struct hwp_ctx *ctx, const char *name, char *kpath, size_t len);

/* Write text to kpath through a descriptor kept open in ctx. */
int hwp_write_cached(struct hwp_ctx *ctx, const char *kpath, const char *text);

/* Path of a file in debugfs ("mce-inject/status"), as a kernel path. */
int hwp_debugfs_path(struct hwp_ctx *ctx, const char *rel, char *buf, size_t len);
/* debugfs mounted (mounting it with HWP_SETUP_MOUNT), not forbidden by lockdown. */
int hwp_debugfs_ready(struct hwp_ctx *ctx, unsigned flags, unsigned *actions);
/* modprobe -q NAME: 0, or -ENOPKG when modprobe failed. */
int hwp_module_load(struct hwp_ctx *ctx, const char *name);
/* Write the registers to mce-inject; writing the bank injects. */
int hwp_mce_write(struct hwp_ctx *ctx, const struct hwp_mce_registers *regs);
/*
 * Where the verdict comes from: the tracepoint, opened before the first
 * write so no event is missed, or the kernel log where the tracepoint is not
 * there. Either may be NULL.
 */
struct hwp_verdict_sources {
	struct hwp_events *events;
	struct hwp_kmsg *kmsg;
};

/* How a method acts on one page: the library's half of its descriptor. */
struct hwp_method_act {
	/* Where and what it writes for pfn: the kernel path and the exact text. */
	int (*target)(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t pfn,
		      char *kpath, size_t kpath_len, char *text, size_t text_len);
	/* Write it, the verdict sources armed: 0, or the kernel's -errno. */
	int (*write)(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, const char *kpath,
		     const char *text, const struct hwp_verdict_sources *v,
		     struct hwp_page_result *res);
	/* The page's status from what write returned and its flags after. */
	void (*status)(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, int written,
		       bool poisoned_after, struct hwp_page_result *res);
};
/*
 * The targets most methods share (lib/act.c): a pfn written to a file of
 * debugfs hwpoison/, or a physical address to one of sysfs memory/.
 */
int hwp_act_target_pfn(struct hwp_ctx *ctx, const char *name, uint64_t pfn, char *kpath,
		       size_t kpath_len, char *text, size_t text_len);
int hwp_act_target_address(struct hwp_ctx *ctx, const char *name, uint64_t pfn, char *kpath,
			   size_t kpath_len, char *text, size_t text_len);
/* The acts most methods share (lib/act.c): one write of the text, the status by the op. */
int hwp_act_write(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, const char *kpath,
		  const char *text, const struct hwp_verdict_sources *v,
		  struct hwp_page_result *res);
void hwp_act_status(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, int written,
		    bool poisoned_after, struct hwp_page_result *res);
/* The descriptors (lib/method_*.c), for the table in lib/methods.c. */
extern const struct hwp_method_info hwp_method_debugfs, hwp_method_hard_offline, hwp_method_mce,
	hwp_method_mce_ce, hwp_method_soft_offline, hwp_method_unpoison;
/* The method opts act by. */
static inline const struct hwp_method_info *hwp_opts_method(const struct hwp_op_opts *opts)
{
	return hwp_method_of(opts->op, opts->method);
}
/* The machine-check methods' target: mce-inject/ and the registers in words. */
int hwp_mce_target(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t pfn,
		   char *kpath, size_t kpath_len, char *text, size_t text_len);
/*
 * Raise the machine check(s) for res->pfn and wait (bounded) for the kernel
 * to act: events gives records and verdicts, kmsg the verdict without
 * them. 0, or the -errno of the write that failed.
 */
int hwp_mce_page(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, const char *kpath,
		 const char *text, const struct hwp_verdict_sources *v, struct hwp_page_result *res);
/*
 * The verdict sources of an operation (lib/verdict.c), opened once per
 * context and drained of what came before; then what the act caused.
 */
void hwp_verdict_sources_arm(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t flags,
			     struct hwp_verdict_sources *v);
void hwp_verdict_collect(const struct hwp_verdict_sources *v, struct hwp_page_result *res);
/* Copy a verdict event for res->pfn into res: true when it was one. */
bool hwp_verdict_take(const struct hwp_event *e, struct hwp_page_result *res);
/* The stream has mce:mce_record (asked for, and the kernel has it). */
bool hwp_events_has_mce(const struct hwp_events *ev);
/* The CPU vendor from /proc/cpuinfo, read once per context. */
enum hwp_cpu_vendor hwp_cpu_vendor(struct hwp_ctx *ctx);
/* Set the CEC's action_threshold. */
int hwp_cec_threshold_set(struct hwp_ctx *ctx, uint64_t threshold);
/* Path of a file in debugfs hwpoison/ ("corrupt-pfn"), as a kernel path. */
int hwp_debugfs_hwpoison_path(struct hwp_ctx *ctx, const char *name, char *buf, size_t len);

/* Kernel log: the verdict memory_failure() prints for a pfn. */
/*
 * QEMU's monitor protocol (lib/qmp.c): open (the greeting and the
 * capabilities handshake; -EPROTO not a QMP monitor), a command with its
 * arguments (json-c objects; NULL for none) and answer (*ret, to put;
 * -EREMOTEIO with QEMU's words in error), an HMP command line's output.
 */
struct hwp_qmp;
struct json_object;
int hwp_qmp_open(const char *path, int timeout_ms, struct hwp_qmp **ret);
void hwp_qmp_close(struct hwp_qmp *q);
int hwp_qmp_execute(struct hwp_qmp *q, const char *command, struct json_object *args,
		    struct json_object **ret, char *error, size_t error_len);
int hwp_qmp_hmp(struct hwp_qmp *q, const char *command_line, char *out, size_t out_len);
/* The peer's pid (SO_PEERCRED), -1 unknown; QEMU's version, "" unknown. */
int hwp_qmp_pid(const struct hwp_qmp *q);
const char *hwp_qmp_version(const struct hwp_qmp *q);

/* One line of /proc/PID/maps: [start, end), its permissions, whether a file backs it. */
struct hwp_mapping {
	uint64_t start, end;
	bool accessible;   /* not ---p */
	bool writable, shared;
	bool anonymous;    /* inode 0: no file behind it */
};
/* fn(mapping, data) for each of pid's mappings, until one returns non-zero. */
typedef int (*hwp_mapping_fn)(const struct hwp_mapping *m, void *data);
int hwp_each_mapping(struct hwp_ctx *ctx, int pid, hwp_mapping_fn fn, void *data);
/* A set of numbers (lib/u64set.c): add, sort once, then search the sorted array. */
struct hwp_u64_set {
	uint64_t *v;
	size_t count, cap;
};
int hwp_u64_set_add(struct hwp_u64_set *s, uint64_t x);
void hwp_u64_set_sort(struct hwp_u64_set *s);
bool hwp_u64_sorted_has(const uint64_t *v, size_t n, uint64_t x);

/* /proc/PID/pagemap entries: bits 0-54 the pfn (or a swap entry), 62 swapped, 63 present. */
#define HWP_PM_PFN_MASK ((UINT64_C(1) << 55) - 1)
#define HWP_PM_SWAPPED (UINT64_C(1) << 62)
#define HWP_PM_PRESENT (UINT64_C(1) << 63)
/* The failed pfn a pagemap entry still points at (a hwpoison entry), or 0. */
uint64_t hwp_pagemap_poisoned_pfn(uint64_t entry);
/*
 * The entries of the pagemap open on fd over [start, end), a chunk at a
 * time, without allocating: fn(vaddr, entry, data) for each; a non-zero
 * return stops the walk and is returned. Where the file ends, or a mapping
 * it cannot describe ([vsyscall]), the walk ends with 0; *read_error (may
 * be NULL) gets the -errno of a read that failed.
 */
typedef int (*hwp_pagemap_fn)(uint64_t vaddr, uint64_t entry, void *data);
int hwp_pagemap_walk(int fd, unsigned page_shift, uint64_t start, uint64_t end, hwp_pagemap_fn fn,
		     void *data, int *read_error);
/* PAGEMAP_SCAN's page categories (include/uapi/linux/fs.h, Linux 6.7). */
#define HWP_PM_SCAN_PRESENT (UINT64_C(1) << 3)
#define HWP_PM_SCAN_SWAPPED (UINT64_C(1) << 4)
/*
 * hwp_pagemap_walk over only the pages of [start, end) in one of the
 * categories (swapped: every non-present entry, a hwpoison entry among
 * them), asked of PAGEMAP_SCAN: the kernel skips what has no page table,
 * so a sparse terabyte costs what its few pages do. Before 6.7 every entry
 * is read instead (fn sees the others too), unless the range is over
 * walk_max bytes (0: no bound): then nothing is read and -E2BIG returned.
 * Otherwise 0, or what fn or a read returned.
 */
int hwp_pagemap_walk_only(int fd, unsigned page_shift, uint64_t start, uint64_t end,
			  uint64_t categories, uint64_t walk_max, hwp_pagemap_fn fn, void *data);

struct hwp_kmsg;
int hwp_kmsg_open(struct hwp_ctx *ctx, struct hwp_kmsg **ret);
void hwp_kmsg_close(struct hwp_kmsg *kmsg);
/* Skip what was logged up to now. */
void hwp_kmsg_drain(struct hwp_kmsg *kmsg);
/*
 * Read what was logged since the last call: the verdict on res->pfn (kept
 * when res has one already) and the processes signalled for it. 1 when the
 * verdict line was seen.
 */
int hwp_kmsg_collect(struct hwp_kmsg *kmsg, struct hwp_page_result *res);
/* Parse one "Memory failure: 0x..: recovery action for T: R" message. */
int hwp_parse_verdict_line(const char *msg, size_t len, uint64_t *ret_pfn, char *type,
			   size_t type_len, char *result, size_t result_len);

/*
 * Tracepoint format files through libtraceevent. system names the event's
 * subsystem ("ras"); -EINVAL for text libtraceevent cannot read or an event
 * without fields of its own.
 */
int hwp_trace_format_parse(const char *text, size_t len, const char *system,
			   struct hwp_trace_format **ret);
void hwp_trace_format_free(struct hwp_trace_format *fmt);
const char *hwp_trace_format_name(const struct hwp_trace_format *fmt);
unsigned hwp_trace_format_id(const struct hwp_trace_format *fmt);
bool hwp_trace_has_field(const struct hwp_trace_format *fmt, const char *name);
/* The event's own fields (common_ ones excluded), by index. */
size_t hwp_trace_field_count(const struct hwp_trace_format *fmt);
const char *hwp_trace_field_name(const struct hwp_trace_format *fmt, size_t i);
/*
 * A number field's value in a raw record (common_ fields too): -ENOENT no
 * such field, -ERANGE the record is too short, -EINVAL not a number.
 */
int hwp_trace_value(const struct hwp_trace_format *fmt, const char *name, const void *raw,
		    size_t raw_len, int64_t *ret);
/* The name __print_symbolic gives value of field, or NULL. */
const char *hwp_trace_symbol(const struct hwp_trace_format *fmt, const char *field, int64_t value);

/* Pure parsers of kernel and journal text, split out so they can be fuzzed. */
/* "KEY: N kB" in /proc/meminfo text. */
/* The "MCE:" row of /proc/interrupts: 0 with every CPU's count added, -EINVAL for another row. */
int hwp_parse_interrupts_mce(const char *line, uint64_t *ret);
int hwp_parse_meminfo_kb(const char *text, size_t len, const char *key, uint64_t *ret_kb);
/* A decimal integer with optional trailing newline, as sysctls print it. */
int hwp_parse_int64(const char *text, size_t len, int64_t *ret);
/* One journal line, without its newline. */
int hwp_journal_parse_line(const char *text, size_t len, struct hwp_journal_entry *e);

#endif
