/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libhwpoison: the kernel's memory-failure interfaces as a C library.
 *
 * Conventions: every function that can fail returns 0 (or a non-negative
 * count) on success and a negative errno on failure. Output parameters are
 * named ret_*. Nothing here prints or exits, and there is no hidden global
 * state: everything lives in a struct hwp_ctx owned by the caller.
 */
#ifndef HWPOISON_HWPOISON_H
#define HWPOISON_HWPOISON_H

#include <stdbool.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HWP_VERSION "0.1.0"

/* ------------------------------------------------------------------ */
/* Context and the kernel path layer                                    */
/* ------------------------------------------------------------------ */

struct hwp_ctx;

/*
 * sysroot: NULL or "" for the real machine, otherwise a directory that
 * stands in for "/" (fixture trees for tests). Every kernel path the library
 * touches is resolved through it.
 */
int hwp_ctx_new(const char *sysroot, struct hwp_ctx **ret_ctx);
void hwp_ctx_free(struct hwp_ctx *ctx);
/* Readers for full /proc/kpageflags scans; 0 (the default): the CPUs, up to four. */
void hwp_ctx_set_scan_threads(struct hwp_ctx *ctx, unsigned threads);
unsigned hwp_page_shift(const struct hwp_ctx *ctx);

/*
 * Privilege and trust. A privileged process (root, any effective
 * capability, or setuid/file capabilities) writes only into the kernel's
 * interface files and its run directory: a write that a link, a tree owned
 * by another user or a file on the wrong filesystem would redirect fails
 * with -EXDEV. hwp_ctx_new refuses (-EPERM) a sysroot that a privileged
 * process cannot trust: every component from "/" down must be owned by
 * root (or by the caller) and writable by its owner alone (a sticky
 * directory such as /tmp passes as an ancestor), and none may be a link.
 */
enum hwp_distrust {
	HWP_DISTRUST_NONE,
	HWP_DISTRUST_OWNER,     /* owned by another user */
	HWP_DISTRUST_WRITABLE,  /* writable by group or others */
	HWP_DISTRUST_LINK,      /* a symbolic link */
};
struct hwp_distrusted {
	char path[4096];        /* the component refused */
	enum hwp_distrust why;
	unsigned uid;           /* its owner */
};
/* Root, any effective capability, or AT_SECURE (setuid, file capabilities). */
bool hwp_privileged(void);
/* 0, or -EPERM with *ret saying which component of sysroot is refused and why. */
int hwp_sysroot_check(const char *sysroot, struct hwp_distrusted *ret);
/* After -EXDEV from a page run's journal or notes: why the run directory was refused, or NULL. */
const struct hwp_distrusted *hwp_run_dir_distrusted(const struct hwp_ctx *ctx);

/* The kernel path (resolved under the sysroot) exists. */
bool hwp_exists(const struct hwp_ctx *ctx, const char *kpath);
/* Read a whole small file, NUL-terminated; returns the length. */
int hwp_read_text(const struct hwp_ctx *ctx, const char *kpath, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* pfn and address lists                                                */
/* ------------------------------------------------------------------ */

/* An inclusive range of page frame numbers. */
struct hwp_range {
	uint64_t first;
	uint64_t last;
};

struct hwp_pfnlist {
	struct hwp_range *ranges;
	size_t count;
	size_t capacity;
};

enum hwp_list_unit {
	HWP_UNIT_PFN,     /* items are pfns */
	HWP_UNIT_ADDRESS, /* items are physical addresses, K/M/G suffixes allowed */
};

/*
 * Parse "A,B-C,D+N". Items are decimal or 0x-hex; A-B is inclusive, A+N is
 * N pages starting at A. Addresses are converted to pfns with page_shift.
 * On -EINVAL or -ERANGE, *ret_bad and *ret_bad_len (if not NULL) name the
 * offending token inside text.
 */
int hwp_pfnlist_parse(const char *text, enum hwp_list_unit unit, unsigned page_shift,
		      struct hwp_pfnlist *ret_list, const char **ret_bad, size_t *ret_bad_len);
/* Append first..last; joins a range that continues the last one. */
int hwp_pfnlist_add(struct hwp_pfnlist *list, uint64_t first, uint64_t last);
/* Sort and merge: ascending, no overlap, neighbours joined (what contains needs). */
void hwp_pfnlist_normalize(struct hwp_pfnlist *list);
/* Binary search: for lists in ascending order with no overlap (as hwp_journal_ours gives). */
bool hwp_pfnlist_contains(const struct hwp_pfnlist *list, uint64_t pfn);
void hwp_pfnlist_free(struct hwp_pfnlist *list);
/* Number of pfns in the list, saturating at UINT64_MAX. */
uint64_t hwp_pfnlist_pages(const struct hwp_pfnlist *list);

/*
 * Parse one size or address: decimal or 0x-hex, optional K, M or G suffix
 * (powers of 1024) when allow_suffix. Whole string must be consumed.
 */
int hwp_parse_size(const char *text, size_t len, bool allow_suffix, uint64_t *ret);

/* ------------------------------------------------------------------ */
/* Page flags (the one table of /proc/kpageflags bit names)             */
/* ------------------------------------------------------------------ */

enum {
	HWP_KPF_LOCKED = 0, HWP_KPF_ERROR = 1, HWP_KPF_REFERENCED = 2,
	HWP_KPF_UPTODATE = 3, HWP_KPF_DIRTY = 4, HWP_KPF_LRU = 5,
	HWP_KPF_ACTIVE = 6, HWP_KPF_SLAB = 7, HWP_KPF_WRITEBACK = 8,
	HWP_KPF_RECLAIM = 9, HWP_KPF_BUDDY = 10, HWP_KPF_MMAP = 11,
	HWP_KPF_ANON = 12, HWP_KPF_SWAPCACHE = 13, HWP_KPF_SWAPBACKED = 14,
	HWP_KPF_COMPOUND_HEAD = 15, HWP_KPF_COMPOUND_TAIL = 16, HWP_KPF_HUGE = 17,
	HWP_KPF_UNEVICTABLE = 18, HWP_KPF_HWPOISON = 19, HWP_KPF_NOPAGE = 20,
	HWP_KPF_KSM = 21, HWP_KPF_THP = 22, HWP_KPF_OFFLINE = 23,
	HWP_KPF_ZERO_PAGE = 24, HWP_KPF_IDLE = 25, HWP_KPF_PGTABLE = 26,
	HWP_KPF_RESERVED = 32, HWP_KPF_MLOCKED = 33, HWP_KPF_OWNER_2 = 34,
	HWP_KPF_PRIVATE = 35, HWP_KPF_PRIVATE_2 = 36, HWP_KPF_OWNER_PRIVATE = 37,
	HWP_KPF_ARCH = 38, HWP_KPF_UNCACHED = 39, HWP_KPF_SOFTDIRTY = 40,
	HWP_KPF_ARCH_2 = 41, HWP_KPF_ARCH_3 = 42,
};

#define HWP_KPF_BIT(b) (UINT64_C(1) << (b))

struct hwp_flag_name {
	unsigned bit;
	const char *name;        /* e.g. "buddy", "compound_head" */
};

/* Name of a bit, or NULL for bits the table does not know. */
const char *hwp_flag_name(unsigned bit);
/* Bit of a name (exact, case-sensitive), or -ENOENT. */
int hwp_flag_lookup(const char *name, size_t len);
/*
 * "lru,anon,mmap": known bits by name, unknown ones as "bit45". Returns the
 * length the full string needs (like snprintf); "" for 0.
 */
int hwp_flags_format(uint64_t flags, char *buf, size_t len);
/* The expression for mask/value: "lru,~anon"; snprintf semantics like hwp_flags_format. */
int hwp_flags_format_expr(uint64_t mask, uint64_t value, char *buf, size_t len);
/*
 * "lru,~anon": mask gets every named bit, value the ones without '~'.
 * On -EINVAL, *ret_bad/_len name the offending item.
 */
int hwp_flags_parse_expr(const char *expr, uint64_t *ret_mask, uint64_t *ret_value,
			 const char **ret_bad, size_t *ret_bad_len);

/*
 * Safety classification for a page the caller wants to poison: NULL when the
 * kernel can recover from poisoning it, otherwise a short reason
 * ("slab page", "reserved page", "memory hole", ...).
 */
const char *hwp_page_unsafe_reason(uint64_t flags);
/*
 * A page memory_failure() would give up on as the kernel's own (its verdict
 * "reserved kernel page" or "high-order kernel page": Ignored), which
 * vm.panic_on_unrecoverable_memory_failure=1 (7.x) turns into a panic:
 * reserved, or a page with none of the flags of a page it can act on.
 */
bool hwp_page_unrecoverable(uint64_t flags);

/* ------------------------------------------------------------------ */
/* /proc/kpageflags                                                      */
/* ------------------------------------------------------------------ */

/* Flags of one pfn. -ERANGE past the end of memory. */
int hwp_kpageflags_get(struct hwp_ctx *ctx, uint64_t pfn, uint64_t *ret_flags);
/* One past the highest pfn /proc/kpageflags describes. */
int hwp_kpageflags_end(struct hwp_ctx *ctx, uint64_t *ret_end);
/*
 * Call fn for every pfn in [first, last] (clamped to the end of memory), in
 * order, reading in bounded batches. A non-zero return from fn stops the scan
 * and is returned.
 */
typedef int (*hwp_scan_fn)(uint64_t pfn, uint64_t flags, void *data);
/* The same, a chunk at a time: flags[i] belongs to pfn + i. */
typedef int (*hwp_scan_batch_fn)(uint64_t pfn, const uint64_t *flags, size_t n, void *data);
int hwp_kpageflags_scan_batch(struct hwp_ctx *ctx, uint64_t first, uint64_t last,
			      hwp_scan_batch_fn fn, void *data);
int hwp_kpageflags_scan(struct hwp_ctx *ctx, uint64_t first, uint64_t last,
			hwp_scan_fn fn, void *data);

/* ------------------------------------------------------------------ */
/* Environment: support, privileges, debugfs, the module                */
/* ------------------------------------------------------------------ */

/* 1 if the caller has CAP_SYS_ADMIN in its effective set, 0 if not, <0 error. */
int hwp_have_sys_admin(void);

/* The kernel was built with CONFIG_MEMORY_FAILURE. */
bool hwp_kernel_supports_memory_failure(struct hwp_ctx *ctx);

enum hwp_setup_flags {
	HWP_SETUP_MOUNT = 1 << 0,  /* mount debugfs when it is not mounted */
	HWP_SETUP_LOAD = 1 << 1,   /* load hwpoison_inject when it is not loaded */
};

enum hwp_setup_actions {
	HWP_SETUP_DID_MOUNT = 1 << 0,
	HWP_SETUP_DID_LOAD = 1 << 1,
};

/*
 * Make debugfs hwpoison/ available. Errors:
 *  -ENOSYS  kernel without memory-failure support
 *  -ENODEV  debugfs not mounted and HWP_SETUP_MOUNT not given
 *  -ENOPKG  module not loaded and HWP_SETUP_LOAD not given
 *  -EPERM   lockdown or permissions forbid debugfs
 *  other    mount or module load failed
 * *ret_actions (may be NULL) gets HWP_SETUP_DID_* bits.
 */
int hwp_setup_debugfs(struct hwp_ctx *ctx, unsigned flags, unsigned *ret_actions);
/*
 * Kernel lockdown in force: "none", "integrity" or "confidentiality"; -ENOENT
 * without the lockdown LSM. Anything but none forbids debugfs (hwpoison/,
 * the filter, unpoison) while sysfs hard and soft offline still work.
 */
int hwp_lockdown_mode(struct hwp_ctx *ctx, char *buf, size_t len);
/* Where debugfs is mounted (kernel path, not sysroot-prefixed), or -ENOENT. */
int hwp_debugfs_find(struct hwp_ctx *ctx, char *buf, size_t len);
bool hwp_module_loaded(struct hwp_ctx *ctx);

/* ------------------------------------------------------------------ */
/* Operations on pages                                                   */
/* ------------------------------------------------------------------ */

enum hwp_op {
	HWP_OP_INJECT,
	HWP_OP_SOFT_OFFLINE,
	HWP_OP_UNPOISON,
};

/*
 * How a page is acted on: each method is one descriptor (lib/method_*.c)
 * in one table (lib/methods.c), whose order is this enum's. inject has
 * several; soft offline and unpoison one each.
 */
enum hwp_method {
	HWP_METHOD_DEBUGFS,       /* debugfs hwpoison/corrupt-pfn */
	HWP_METHOD_HARD_OFFLINE,  /* sysfs memory/hard_offline_page */
	HWP_METHOD_MCE,           /* mce-inject: an uncorrected, action-optional machine check */
	HWP_METHOD_MCE_CE,        /* mce-inject: corrected memory errors for the CEC to count */
	HWP_METHOD_SOFT_OFFLINE,  /* sysfs memory/soft_offline_page */
	HWP_METHOD_UNPOISON,      /* debugfs hwpoison/unpoison-pfn */
	HWP_METHOD_COUNT
};

enum hwp_status {
	HWP_STATUS_INJECTED,
	HWP_STATUS_OFFLINED,
	HWP_STATUS_UNPOISONED,
	HWP_STATUS_ALREADY_POISONED,
	HWP_STATUS_NOT_POISONED,   /* unpoison of a page that carries no poison */
	HWP_STATUS_FILTERED,
	HWP_STATUS_REFUSED,
	HWP_STATUS_FAILED,
	HWP_STATUS_WOULD,          /* --dry-run: nothing written */
	HWP_STATUS_NOT_PRESENT,    /* a virtual address with no page behind it */
	HWP_STATUS_LOGGED,         /* corrected errors logged, the page kept (mce-ce) */
};

const char *hwp_status_name(enum hwp_status status);
/* The page reached the state the operation asked for. */
bool hwp_status_reached(enum hwp_status status);
/* "inject", "soft-offline", "unpoison". */
const char *hwp_op_name(enum hwp_op op);

struct hwp_method_act;   /* how it acts: the library's own (lib/internal.h) */

/* A method as the command layer, the docs and the journal see it. */
struct hwp_method_info {
	enum hwp_method method;
	enum hwp_op op;              /* the operation it serves */
	const char *name;            /* as --method and the journal spell it (unique per op) */
	/* --help's words: lines joined by "\n", the first line the one beside the name. */
	const char *help;
	bool is_default;             /* the op's method when none is named */
	const char *module;          /* the module it needs, or NULL */
	bool debugfs;                /* reached through debugfs: lockdown forbids it */
	bool filter;                 /* the hwpoison filter (--memcg, --dev, --flags) applies */
	bool machine_check;          /* raised through mce-inject: x86 only, waits for the kernel */
	bool counts_errors;          /* takes --errors and --cec-threshold */
	/* The kernel takes it for a real memory failure: no unpoison until reboot once it worked. */
	bool disables_unpoison;
	/* Under lockdown, when debugfs is forbidden: what still works instead. */
	const char *lockdown;
	/* The page table's columns it adds by default (their JSON keys), NULL-terminated. */
	const char *const *columns;
	const struct hwp_method_act *act;
};
/* The descriptor of m, or NULL past the table. */
const struct hwp_method_info *hwp_method_info(enum hwp_method m);
/* The method an operation uses: opts->method when it serves opts->op, else the op's default. */
const struct hwp_method_info *hwp_method_of(enum hwp_op op, enum hwp_method m);
const struct hwp_method_info *hwp_method_default(enum hwp_op op);
/* A method's name, as --method and the journal spell it: "debugfs", "hard-offline", "mce"... */
const char *hwp_method_string(enum hwp_method method);
/* The method of op with that name: 0, or -EINVAL. */
int hwp_method_parse(enum hwp_op op, const char *name, enum hwp_method *ret);

#define HWP_VERDICT_LEN 64

/*
 * What the kernel did to a process that used a failed page. The kernel logs
 * the first two as it handles the failure, the last when the process
 * touches the page; a late kill is what a poisoned mapping left in the
 * process's page table means.
 */
enum hwp_kill_kind {
	HWP_KILL_EARLY,     /* SIGBUS BUS_MCEERR_AO as the page failed (early kill) */
	HWP_KILL_FORCED,    /* SIGKILL: the kernel could not unmap the page */
	HWP_KILL_LATE,      /* maps the poisoned page: SIGBUS BUS_MCEERR_AR when it touches it */
	HWP_KILL_TOUCHED,   /* touched a poisoned page: SIGBUS BUS_MCEERR_AR */
	HWP_KILL_COUNT
};
#define HWP_COMM_LEN 16
struct hwp_kill {
	int pid;
	char comm[HWP_COMM_LEN];
	enum hwp_kill_kind kind;
};
/* As the table, the JSON and the journal spell it: "early", "forced", "late", "touched". */
const char *hwp_kill_kind_name(enum hwp_kill_kind kind);
int hwp_kill_kind_parse(const char *name, enum hwp_kill_kind *ret);
/* The signal and si_code the process gets: "SIGBUS", "BUS_MCEERR_AO"; code NULL for SIGKILL. */
const char *hwp_kill_signal(enum hwp_kill_kind kind);
const char *hwp_kill_code(enum hwp_kill_kind kind);
/*
 * A kernel log message about a process and a failed page: 0 with *ret and
 * *ret_pfn (UINT64_MAX when the line names an address, not a pfn), or -EINVAL.
 */
int hwp_parse_kill_line(const char *msg, size_t len, uint64_t *ret_pfn, struct hwp_kill *ret);
/* A page's processes, at most HWP_KILLS_MAX: more sets the flag and is counted. */
#define HWP_KILLS_MAX 4
struct hwp_kills {
	struct hwp_kill k[HWP_KILLS_MAX];
	unsigned n;
	unsigned more;   /* processes past the first HWP_KILLS_MAX */
};
/* Add k unless that process is listed already (its first kind stays). */
void hwp_kills_add(struct hwp_kills *kills, const struct hwp_kill *k);
/* The journal's words for a list ("130:early:victim"), and back (0 or -EINVAL). */
void hwp_kills_format(const struct hwp_kills *kills, char *buf, size_t len);
int hwp_kills_parse(const char *text, struct hwp_kills *ret);

struct hwp_page_result {
	uint64_t pfn;
	enum hwp_status status;
	int error;                        /* positive errno for FAILED, else 0 */
	const char *reason;               /* static text: why refused/failed, or NULL */
	uint64_t flags_before;
	uint64_t flags_after;
	char type[HWP_VERDICT_LEN];       /* kernel's page type, "" if unknown */
	char result[HWP_VERDICT_LEN];     /* kernel's result, "" if unknown */
	const char *verdict_source;       /* "tracepoint", "kernel-log", or NULL: no verdict */
	uint64_t errors;                  /* mce-ce: corrected errors raised at the page */
	uint64_t cec_threshold;           /* mce-ce: the CEC's threshold then, 0 without a CEC */
	struct hwp_kills kills;           /* inject: the processes the kernel signalled, and the named one's fate */
};

struct hwp_op_opts {
	enum hwp_op op;
	enum hwp_method method;
	bool force;     /* act on pages the safety check refuses */
	bool dry_run;   /* classify and describe, write nothing */
	uint64_t errors;   /* HWP_METHOD_MCE_CE: corrected errors per page (0: the CEC's threshold) */
	const volatile sig_atomic_t *stop;   /* may be NULL; when set, a long act ends early */
};

/*
 * Where and what an operation would write for pfn: kpath gets the kernel
 * path, text the exact bytes.
 */
int hwp_op_target(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t pfn,
		  char *kpath, size_t kpath_len, char *text, size_t text_len);

/*
 * Act on one page: classify, write, re-read the flags, collect the kernel's
 * verdict. Per-page outcomes land in *ret (return 0); a negative return is an
 * environment problem that stops the whole run (-ERANGE pfn past the end,
 * -EACCES/-EPERM, -ENOENT interface missing).
 */
int hwp_op_page(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t pfn,
		struct hwp_page_result *ret);
/* What an errno from the kernel means for an operation, in words; NULL if unknown. */
const char *hwp_op_errno_reason(enum hwp_op op, int err);

/* ------------------------------------------------------------------ */
/* Naming pages: process addresses and file offsets                     */
/* ------------------------------------------------------------------ */

struct hwp_vpage {
	uint64_t vaddr;   /* page-aligned virtual address (or file offset) */
	uint64_t pfn;     /* valid when present */
	bool present;
	bool swapped;
	/*
	 * A poisoned mapping: the page table still points at this pfn, which
	 * failed (a hwpoison entry); 0 for none. The process gets SIGBUS
	 * (BUS_MCEERR_AR) when it touches the address, even once the page is
	 * unpoisoned, until it unmaps it or exits.
	 */
	uint64_t poisoned_pfn;
};

bool hwp_process_exists(struct hwp_ctx *ctx, int pid);
/* Its command name (/proc/PID/comm), "?" when it cannot be read. */
void hwp_process_comm(struct hwp_ctx *ctx, int pid, char *comm, size_t len);
/* 1 when pid is a kernel thread (no user memory), 0 when not; name gets its comm. */
int hwp_process_kernel_thread(struct hwp_ctx *ctx, int pid, char *name, size_t name_len);
/* 1 when vaddr lies in one of pid's mappings, 0 when not, -ESRCH no such process. */
int hwp_vaddr_mapped(struct hwp_ctx *ctx, int pid, uint64_t vaddr);
/* Virtual addresses [start, end) of a process. */
struct hwp_vrange {
	uint64_t start, end;
};
/*
 * Every page present in pid's mappings (with within: only inside those
 * nwithin ranges, sorted), in address order: fn(vaddr, pfn, data) for
 * each; a non-zero return stops the walk and is returned. -ESRCH no such
 * process, -EPERM pfns hidden (no CAP_SYS_ADMIN).
 */
typedef int (*hwp_vpage_fn)(uint64_t vaddr, uint64_t pfn, void *data);
int hwp_process_pages(struct hwp_ctx *ctx, int pid, const struct hwp_vrange *within,
		      size_t nwithin, hwp_vpage_fn fn, void *data);
/* Translate through /proc/PID/pagemap (pid 0: this process). -EPERM when the pfn is hidden. */
int hwp_vaddr_to_pfn(struct hwp_ctx *ctx, int pid, uint64_t vaddr, struct hwp_vpage *ret);
/*
 * Bring the page at offset of a regular file into the page cache and find
 * its pfn; nothing stays mapped. -ERANGE past the end of the file, -EINVAL
 * not a regular file.
 */
int hwp_file_page(struct hwp_ctx *ctx, const char *path, uint64_t offset, struct hwp_vpage *ret);
/* What a reader of the file at offset sees now: 0, or the -errno read(2) gives. */
int hwp_file_reader_sees(const char *path, uint64_t offset);

/*
 * A process that still maps a poisoned page: its page table points at the
 * failed pfn (a hwpoison entry), which outlives an unpoison. It gets SIGBUS
 * (BUS_MCEERR_AR) when it touches vaddr, until it unmaps it or exits.
 */
struct hwp_holder {
	int pid;
	char comm[HWP_COMM_LEN];
	uint64_t vaddr;
	uint64_t pfn;
	bool present;   /* a present page that carries the flag (not a poison entry) */
};
typedef int (*hwp_holder_fn)(const struct hwp_holder *h, void *data);
/*
 * Every process (but this one) holding a poisoned mapping of one of pfns:
 * fn for each, a non-zero return stops the walk and is returned. -EACCES
 * or -EPERM: page tables are root's to read. *ret_unread: mappings not
 * read, on a kernel without PAGEMAP_SCAN (before 6.7) where reading them
 * would take too long: larger than 1 TiB, or than 1 GiB with no access.
 */
int hwp_poison_holders(struct hwp_ctx *ctx, const struct hwp_pfnlist *pfns, hwp_holder_fn fn,
		       void *data, size_t *ret_unread);

/*
 * A QEMU guest, reached through QEMU's monitor (QMP) on its UNIX socket.
 * -ENOENT no such file, -ENOTSOCK not a socket, -ECONNREFUSED nobody
 * listens, -EPROTO not QEMU's monitor, -ETIMEDOUT it does not answer.
 */
struct hwp_guest;
int hwp_guest_open(const char *socket_path, struct hwp_guest **ret);
void hwp_guest_close(struct hwp_guest *g);
/* QEMU's process (the socket's peer), -1 unknown; its version ("7.2.22"), "" unknown. */
int hwp_guest_pid(const struct hwp_guest *g);
const char *hwp_guest_qemu(const struct hwp_guest *g);
/* KVM runs the guest: 1, 0 (software emulation), or -errno. */
int hwp_guest_kvm(struct hwp_guest *g);
/* QEMU's word for the guest's state: "running", "paused", "guest-panicked"...; -EPIPE gone. */
int hwp_guest_state(struct hwp_guest *g, char *buf, size_t len);
/* A range of guest RAM as QEMU maps it: linear from gpa to hva. */
struct hwp_guest_ram {
	uint64_t gpa, size;   /* bytes */
	uint64_t hva;         /* QEMU's address of gpa */
	uint64_t page_size;   /* of the RAM block behind it (4 KiB, or a huge page), 0 unknown */
	char block[64];       /* QEMU's name for the block: "pc.ram" */
};
/* Every RAM range the guest's CPUs see, in gpa order: *ret to free. -ENOENT none. */
int hwp_guest_ram(struct hwp_guest *g, struct hwp_guest_ram **ret, size_t *ret_n);
/*
 * Does QEMU (pid) really map the guest's RAM where its monitor says? Every
 * range must lie in writable mappings that are anonymous, shared, or huge
 * pages: a page of a file's cache shared with other processes is never
 * one. 0, or -EPERM with *ret_bad the first range that is not; -ESRCH.
 */
int hwp_guest_ram_check(struct hwp_ctx *ctx, int pid, const struct hwp_guest_ram *ram, size_t n,
			size_t *ret_bad);
/* The range holding gpa, or NULL: not RAM. */
const struct hwp_guest_ram *hwp_guest_ram_find(const struct hwp_guest_ram *ram, size_t n,
					       uint64_t gpa);
/* QEMU's texts: "gpa2hva" (-ERANGE not mapped), "info mtree -f" RAM, "info ramblock". */
int hwp_parse_gpa2hva(const char *text, uint64_t *ret_hva, char *block, size_t block_len);
typedef int (*hwp_ram_range_fn)(uint64_t first, uint64_t last, const char *block, void *data);
int hwp_parse_mtree_ram(const char *text, hwp_ram_range_fn fn, void *data);
int hwp_parse_ramblock_page_size(const char *text, const char *block, uint64_t *ret);

/*
 * The pages of pid in [start, end): how many the host gave memory
 * (present), and fn for each poisoned one: a poison entry, or a present
 * page among flagged (the pfns that carry the hwpoison flag; may be NULL).
 */
struct hwp_range_pages {
	uint64_t present, poisoned;
};
int hwp_range_poisoned(struct hwp_ctx *ctx, int pid, uint64_t start, uint64_t end,
		       const struct hwp_pfnlist *flagged, hwp_holder_fn fn, void *data,
		       struct hwp_range_pages *ret);

/* The huge (compound) page a pfn belongs to, if any. */
enum hwp_huge_kind { HWP_HUGE_NONE, HWP_HUGE_THP, HWP_HUGE_HUGETLB, HWP_HUGE_COMPOUND };
struct hwp_huge {
	enum hwp_huge_kind kind;
	uint64_t head, npages;
};
struct hwp_huge_outcome {
	bool still_whole;     /* the same huge page is still there */
	uint64_t poisoned;    /* pages of its old range that carry hwpoison now */
};
int hwp_huge_find(struct hwp_ctx *ctx, uint64_t pfn, struct hwp_huge *ret);
/* What became of before's huge page after acting on pfn. */
int hwp_huge_outcome(struct hwp_ctx *ctx, const struct hwp_huge *before, uint64_t pfn,
		     struct hwp_huge_outcome *ret);

/* Pages per combination of flags (stat --summary), most common first. */
struct hwp_flag_count {
	uint64_t flags;
	uint64_t pages;
};
struct hwp_summary {
	struct hwp_flag_count *counts;
	size_t count;
	uint64_t scanned;   /* pfns read: RAM only when the firmware map says where it is */
};
/* Over range (NULL or empty: all of memory). */
int hwp_flag_summary(struct hwp_ctx *ctx, const struct hwp_pfnlist *range,
		     struct hwp_summary *ret);
void hwp_summary_free(struct hwp_summary *s);

/* Pages chosen by flags (and memcg) from /proc/kpageflags (and kpagecgroup). */
struct hwp_select_opts {
	uint64_t mask, value;              /* a flag expression: (flags & mask) == value */
	uint64_t memcg;                    /* 0, or the memcg inode pages must belong to */
	/* When set: pages of any of these memcgs (sorted inodes: memcg and its descendants). */
	const uint64_t *memcg_tree;
	size_t memcg_tree_n;
	uint64_t count;                    /* pages wanted */
	bool random;                       /* a uniform sample instead of the first ones */
	uint64_t seed;
	const struct hwp_pfnlist *range;   /* NULL: all of memory */
	int pid;                           /* 0; else only the pages this process maps */
	const struct hwp_vrange *within;   /* with pid: only inside these ranges (a guest's RAM) */
	size_t nwithin;
};
struct hwp_selection {
	uint64_t *pfns;          /* candidates in the order to try: count wanted plus spares */
	uint64_t *vaddrs;        /* with pid: where the process maps each, else NULL */
	size_t count;
	uint64_t matched;        /* pages that matched in the whole range */
};
int hwp_select(struct hwp_ctx *ctx, const struct hwp_select_opts *o, struct hwp_selection *ret);
/* A page of memcg ino is one o asks for (memcg, or one of memcg_tree). */
bool hwp_select_memcg_match(const struct hwp_select_opts *o, uint64_t ino);
void hwp_selection_free(struct hwp_selection *s);

/* ------------------------------------------------------------------ */
/* The journal (/run/hwpoison/journal)                                  */
/* ------------------------------------------------------------------ */

/* What named a page: recorded with it, so that a later unpoison knows who may hold it. */
enum hwp_target_kind {
	HWP_TARGET_PFN,       /* a pfn, a physical address or a selection: the page itself */
	HWP_TARGET_PROCESS,   /* a virtual address of a process */
	HWP_TARGET_FILE,      /* a byte offset in a file */
	HWP_TARGET_GUEST,     /* a guest-physical address of a QEMU guest, and QEMU's address of it */
};
#define HWP_TARGET_LEN 512
struct hwp_target {
	enum hwp_target_kind kind;
	int pid;                  /* PROCESS, GUEST (QEMU's) */
	uint64_t vaddr;           /* PROCESS, GUEST (QEMU's address of the guest page) */
	char file[HWP_TARGET_LEN - 64];   /* FILE: the absolute path; GUEST: QEMU's monitor socket */
	uint64_t offset;          /* FILE */
	uint64_t gpa;             /* GUEST */
	bool scoped;              /* the run set the hwpoison filter below for itself */
	struct {
		uint64_t memcg, flags_mask, flags_value;
		uint32_t dev_major, dev_minor;
	} filter;
};
/*
 * As the journal writes it: "pid=P vaddr=0x..", "file=PATH offset=N",
 * "guest=SOCKET gpa=0x.. pid=P hva=0x..", then
 * " filter=memcg:I,dev:M:m,flags:0xMASK/0xVALUE" for a scoped run; "" for a
 * pfn without one. snprintf semantics.
 */
int hwp_target_format(const struct hwp_target *t, char *buf, size_t len);
/* And back: 0, or -EINVAL for text no version wrote (*ret is then a pfn's). */
int hwp_target_parse(const char *text, struct hwp_target *ret);
/* A process's page (PROCESS, or GUEST: QEMU's): pid and vaddr name it. */
bool hwp_target_is_process(const struct hwp_target *t);

struct hwp_journal_entry {
	int64_t time_sec;
	long time_nsec;
	int pid;                  /* the hwpoison process that wrote the record */
	enum hwp_op op;
	enum hwp_method method;
	uint64_t pfn;
	enum hwp_status status;
	char type[HWP_VERDICT_LEN];
	char result[HWP_VERDICT_LEN];
	struct hwp_target target;
	struct hwp_kills kills;   /* the processes the failure reached, as far as the record knew */
};
typedef int (*hwp_journal_fn)(const struct hwp_journal_entry *e, void *data);
/* Every complete record in order; a missing journal is empty. */
int hwp_journal_read(struct hwp_ctx *ctx, hwp_journal_fn fn, void *data);
/*
 * The same, reading around damage: a region that reads as EIO (a poisoned
 * page of the journal) is skipped with the record it cut, and *ret_lost
 * (may be NULL) says how many bytes were lost that way.
 */
int hwp_journal_scan(struct hwp_ctx *ctx, hwp_journal_fn fn, void *data, uint64_t *ret_lost);
/*
 * What named pfn when hwpoison last poisoned it, unless unpoisoned since
 * (the kernel says only EBUSY when a process or a file still holds it):
 * 1 with *ret filled, 0 when the journal does not know.
 */
int hwp_journal_target(struct hwp_ctx *ctx, uint64_t pfn, struct hwp_target *ret);
/* The pfns the journal says hwpoison poisoned and has not unpoisoned since. */
int hwp_journal_ours(struct hwp_ctx *ctx, struct hwp_pfnlist *ret_list, uint64_t *ret_lost);

/* ------------------------------------------------------------------ */
/* Campaigns: the pages of one run, each acted on safely                */
/* ------------------------------------------------------------------ */

/*
 * For each page: take the machine-wide lock in /run/hwpoison, check a
 * selected page again (another run may have taken it since the scan), act,
 * journal what was written to the kernel, release. Concurrent hwpoison
 * processes never act on one page twice and lose no record.
 */
struct hwp_campaign;
struct hwp_filter;

/* The whole story of one page of a campaign: the command layer only formats it. */
struct hwp_page_report {
	struct hwp_page_result res;
	struct hwp_target target;              /* what named the page (hwp_campaign_target) */
	/* The kernel file written (or to be, in a dry run) and the exact text; "" when none was. */
	char kpath[4096];
	char text[160];
	struct hwp_huge huge;                  /* the huge page the target was part of */
	struct hwp_huge_outcome huge_outcome;  /* valid when huge_acted */
	bool huge_acted;
	/* A process's page soft-offlined: where its contents are now. */
	bool moved;
	uint64_t new_pfn;
	/* A file's page acted on: what a reader of the file sees there now (0, or -errno). */
	bool reader_known;
	int reader;
	/*
	 * An unpoison the kernel refused as busy: what named the page when it
	 * was poisoned (from the journal), and whether that process still lives.
	 */
	bool holder_known;
	struct hwp_target holder;
	bool holder_alive;
	int journal_error;   /* -errno on the page whose record could not be written (once) */
};

enum { HWP_CAMPAIGN_ACTED = 0, HWP_CAMPAIGN_SKIPPED = 1 };

/*
 * A campaign of npages pages (an estimate: it sizes what is held ahead).
 * stop (may be NULL): set by the caller's signal handler; a wait for the
 * lock ends when it is.
 *
 * The contract that makes a run safe, for every method and target kind:
 * - No page without its record: a campaign whose journal cannot be opened
 *   does not open (-errno; -EXDEV: hwp_run_dir_distrusted says why), and
 *   after a record that could not be written every later page fails with
 *   that error, before anything is done to it.
 * - Nothing is allocated between pages: for inject and soft offline, which
 *   take pages out of the allocator, hwp_campaign_open first reserves room
 *   in the journal for the records of the run (-ENOSPC: no room in /run),
 *   then holds the process's memory (heap grown and touched, never trimmed;
 *   stack touched; mlockall where allowed: process-wide, on purpose), then
 *   collects hwpoison's own pages and the journal's, which inject refuses
 *   ("the page belongs to hwpoison itself", "the page holds hwpoison's
 *   journal"). Poisoning a free page hands its buddy neighbour to the next
 *   allocation: were that hwpoison's, the next page of a range would be its own.
 * Pages the journal reserved past its end cannot be named by pfn until
 * written: a run that poisons one stops at its record (EIO).
 */
int hwp_campaign_open(struct hwp_ctx *ctx, const struct hwp_op_opts *opts, uint64_t npages,
		      const volatile sig_atomic_t *stop, struct hwp_campaign **ret);
/*
 * Set the hwpoison filter for this campaign only (has_memcg is taken from
 * the kernel); hwp_campaign_close puts the old one back.
 */
int hwp_campaign_scope_filter(struct hwp_campaign *c, const struct hwp_filter *filter);
/* Set the CEC's action_threshold for this campaign only; hwp_campaign_close restores it. */
int hwp_campaign_scope_cec(struct hwp_campaign *c, uint64_t threshold);
/*
 * Act on one page: HWP_CAMPAIGN_ACTED with *ret filled, HWP_CAMPAIGN_SKIPPED
 * when recheck says the page no longer matches or stop was set while
 * waiting, or a negative errno that stops the run (as hwp_op_page).
 */
int hwp_campaign_page(struct hwp_campaign *c, uint64_t pfn, const struct hwp_select_opts *recheck,
		      struct hwp_page_report *ret);
/*
 * What named the next page, for its journal record (NULL: a pfn). The
 * scoped filter is added by the campaign.
 */
void hwp_campaign_target(struct hwp_campaign *c, const struct hwp_target *target);
/* Page faults this process took since its first page: 0 is the contract kept. */
long hwp_campaign_faults(const struct hwp_campaign *c);
/* Restore a scoped filter or threshold, close the journal: -errno when one could not be restored. */
int hwp_campaign_close(struct hwp_campaign *c);

/* ------------------------------------------------------------------ */
/* Tracepoints and perf events (libpfm4): the kernel's verdict, live     */
/* ------------------------------------------------------------------ */

enum hwp_cpu_vendor { HWP_VENDOR_UNKNOWN, HWP_VENDOR_INTEL, HWP_VENDOR_AMD, HWP_VENDOR_HYGON,
		      HWP_VENDOR_OTHER };

/* A tracepoint's format file, as libtraceevent reads it (lib/internal.h). */
struct hwp_trace_format;

struct hwp_event {
	const char *name;        /* "ras:memory_failure_event", or as asked for */
	int cpu, pid;
	uint64_t time_ns;        /* CLOCK_REALTIME */
	const struct hwp_trace_format *format;   /* a tracepoint's; NULL for a counter */
	const void *raw;         /* the tracepoint's record */
	size_t raw_len;
	bool memory_failure;     /* the verdict event: the fields below are set */
	uint64_t pfn;
	int64_t type_value, result_value;
	const char *type, *result;   /* their names from the format file, or NULL */
	uint64_t count;          /* a counter's total (hwp_events_counters) */
	bool mce;                /* a machine-check record (mce:mce_record): the fields below */
	bool system_wide;        /* from a system-wide stream opened beside a pid's (mce_records) */
	struct {
		uint64_t status, addr, misc, mcgstatus;
		unsigned bank;
		int cpu;                       /* the CPU that logged it */
		enum hwp_cpu_vendor vendor;
	} mce_record;
};
typedef int (*hwp_event_fn)(const struct hwp_event *e, void *data);

/* One number of a tracepoint record, and the name __print_symbolic gives it (or NULL). */
struct hwp_event_field {
	const char *name;
	int64_t value;
	const char *symbol;
};
/* The record's own number fields (not the common_ ones), in order; how many were filled. */
size_t hwp_event_fields(const struct hwp_event *e, struct hwp_event_field *ret, size_t max);

struct hwp_events_opts {
	bool memory_failure;        /* the verdict tracepoint, under ras: or memory_failure: */
	/*
	 * Only the verdict tracepoint (and mce_records): for a command that
	 * wants verdicts and nothing else. Our tracepoints are always opened
	 * by the id in their tracefs format file; libpfm4, whose start reads
	 * every tracepoint the kernel has, is loaded only for extra events.
	 */
	bool memory_failure_only;
	/*
	 * mce:mce_record too, where the kernel has it (x86). Machine checks are
	 * logged from a kernel worker, never by the process that caused them:
	 * with pid, this and a second verdict stream are opened system-wide,
	 * their events marked system_wide.
	 */
	bool mce_records;
	const char *const *extra;   /* more events libpfm4 can encode (tracepoints, counters) */
	size_t nextra;
	int pid;                    /* 0: every CPU, system-wide; else this task and its children */
	bool enable_on_exec;        /* with pid: start counting when it calls exec */
	/*
	 * The caller reads the rings right after causing what it waits for and
	 * never calls hwp_events_wait: no wakeup per record. Under emulation a
	 * wakeup costs as much as the memory failure itself.
	 */
	bool no_wakeup;
};
struct hwp_events;
/*
 * Open the events on every online CPU. -ENOENT: an event libpfm4 does not
 * know (or the tracepoint is not reachable); -EACCES: perf refused.
 * ret_bad names the event that failed.
 */
int hwp_events_open(struct hwp_ctx *ctx, const struct hwp_events_opts *o, struct hwp_events **ret,
		    const char **ret_bad);
/* The events opened, by name ("ras:memory_failure_event"), and the CPUs they are armed on. */
size_t hwp_events_count(const struct hwp_events *ev);
const char *hwp_events_name(const struct hwp_events *ev, size_t i);
unsigned hwp_events_cpus(const struct hwp_events *ev);
/* Wait up to timeout_ms (-1: forever) for records: 1 ready, 0 timeout, -EINTR. */
int hwp_events_wait(struct hwp_events *ev, int timeout_ms);
/* Every record waiting in the rings, oldest first per CPU. */
int hwp_events_read(struct hwp_events *ev, hwp_event_fn fn, void *data);
/* The counters' totals, one call each. */
int hwp_events_counters(struct hwp_events *ev, hwp_event_fn fn, void *data);
void hwp_events_close(struct hwp_events *ev);

/* ------------------------------------------------------------------ */
/* Machine checks (x86): mce-inject and the corrected-error collector   */
/* ------------------------------------------------------------------ */

/* What this machine offers for machine-check injection; every field read at run time. */
struct hwp_mce_info {
	bool machine_check;          /* x86 machine-check architecture (sysfs machinecheck/) */
	enum hwp_cpu_vendor vendor;
	char vendor_id[16];          /* /proc/cpuinfo vendor_id, "" unknown */
	bool grades_action_optional; /* the kernel grades uncorrected memory errors SRAO (not AMD, Hygon) */
	bool inject_loaded;          /* debugfs mce-inject/ is there */
	bool inject_installed;       /* mce-inject is loaded, built in, or in modules.dep */
	bool debugfs_known;          /* debugfs is mounted: the CEC fields below are meaningful */
	bool cec;                    /* the corrected-error collector (debugfs ras/cec/) */
	uint64_t cec_threshold;      /* errors on one page before the CEC soft-offlines it */
	uint64_t cec_decay_interval; /* seconds between halvings of its counts */
	int recovery;                /* vm.memory_failure_recovery: 1, 0 (panics), -1 unknown */
	/*
	 * Machine-check exceptions (#MC) the kernel took this boot, every CPU's
	 * (/proc/interrupts "MCE"), -1 unknown. mce-inject's hw errors and a
	 * hypervisor's injected ones count too; corrected errors do not.
	 */
	int64_t exceptions;
};
int hwp_mce_info(struct hwp_ctx *ctx, struct hwp_mce_info *ret);

/*
 * Why inject --method (mce or mce-ce) cannot work on this machine, or NULL.
 * Checked before anything is written: not x86, no mce-inject, a vendor
 * whose kernel never grades an uncorrected error action-optional (mce).
 */
const char *hwp_mce_unusable_reason(const struct hwp_mce_info *info, enum hwp_method method);

/* The registers written to mce-inject for one error at a physical address. */
struct hwp_mce_registers {
	uint64_t status, addr, misc;
	unsigned bank;
	bool hw;      /* flags=hw: a #MC the kernel grades; else flags=sw: logged only */
};
/* Values that can never panic (PCC is never set), for the vendor and the method. */
int hwp_mce_registers(enum hwp_cpu_vendor vendor, enum hwp_method method, uint64_t addr,
		      struct hwp_mce_registers *ret);

/* Mount debugfs and load mce-inject as hwp_setup_debugfs does hwpoison_inject. */
int hwp_setup_mce(struct hwp_ctx *ctx, unsigned flags, unsigned *ret_actions);
/* The CEC's action_threshold, for hwp_campaign_scope_cec. -ENOENT without a CEC. */
int hwp_cec_threshold(struct hwp_ctx *ctx, uint64_t *ret);

/*
 * MCi_STATUS in words ("uncorrected", "action-optional", "memory",
 * "address-valid", ...): static strings in ret_words; returns how many.
 */
size_t hwp_mce_status_words(uint64_t status, enum hwp_cpu_vendor vendor, unsigned bank,
			    const char **ret_words, size_t max);
/* The kernel's x86_vendor number in an mce record, as ours. */
enum hwp_cpu_vendor hwp_mce_record_vendor(int64_t kernel_vendor);

/*
 * Unpoison is disabled until reboot once a memory failure not simulated by
 * software happened: 1 when hwpoison knows it has (its journal holds a
 * machine check it injected, or the kernel refused an unpoison so), else 0.
 */
int hwp_unpoison_disabled(struct hwp_ctx *ctx);
/* Remember that the kernel refused an unpoison as disabled (gone at reboot). */
int hwp_note_unpoison_disabled(struct hwp_ctx *ctx);
/* 1 the first time it is asked this boot, then 0: for a warning given once per boot. */
int hwp_first_this_boot(struct hwp_ctx *ctx, const char *what);

/* ------------------------------------------------------------------ */
/* The hwpoison filter (debugfs hwpoison/corrupt-filter-*)               */
/* ------------------------------------------------------------------ */

#define HWP_FILTER_DEV_ANY UINT32_C(4294967295)

struct hwp_filter {
	uint32_t enable;
	uint32_t dev_major;
	uint32_t dev_minor;
	uint64_t flags_mask;
	uint64_t flags_value;
	uint64_t memcg;
	bool has_memcg;   /* the kernel exposes corrupt-filter-memcg */
};

int hwp_filter_read(struct hwp_ctx *ctx, struct hwp_filter *ret);
int hwp_filter_write(struct hwp_ctx *ctx, const struct hwp_filter *filter);
/* The kernel's defaults: disabled, devices ~0, no flags, no memcg. */
void hwp_filter_defaults(struct hwp_filter *ret);
/* Remember (enabled) or forget that hwpoison left a filter enabled. */
int hwp_filter_note(struct hwp_ctx *ctx, bool enabled);
bool hwp_filter_note_exists(struct hwp_ctx *ctx);

/*
 * The memcg filter's value for a cgroup directory: its inode. -ENOTDIR not a
 * directory, -EMEDIUMTYPE not on cgroup2 nor a cgroup v1 memory hierarchy.
 */
int hwp_memcg_inode(struct hwp_ctx *ctx, const char *path, uint64_t *ret_ino);
/* The cgroup directory (kernel path) whose inode is ino, across hierarchies; -ENOENT. */
int hwp_memcg_find(struct hwp_ctx *ctx, uint64_t ino, char *buf, size_t len);
/*
 * The memory cgroup with inode ino and every cgroup below it: their inodes,
 * sorted, in *ret (free it); -ENOENT no such cgroup. The kernel's own filter
 * matches one cgroup exactly: this is for choosing pages, not for the filter.
 */
int hwp_memcg_tree(struct hwp_ctx *ctx, uint64_t ino, uint64_t **ret, size_t *ret_n);
/*
 * The device numbers the dev filter compares (the page's filesystem s_dev)
 * for "MAJ:MIN", a block device node, or any path on a mounted filesystem.
 */
int hwp_dev_resolve(struct hwp_ctx *ctx, const char *spec, uint32_t *ret_major,
		    uint32_t *ret_minor);
/* The mount point and source of a device number; -ENOENT if none is mounted. */
int hwp_dev_describe(struct hwp_ctx *ctx, uint32_t major, uint32_t minor, char *target,
		     size_t target_len, char *source, size_t source_len);

/* ------------------------------------------------------------------ */
/* Statistics                                                            */
/* ------------------------------------------------------------------ */

struct hwp_node_stats {
	int node;
	uint64_t total, ignored, failed, delayed, recovered;
};

/* HardwareCorrupted from /proc/meminfo, in kB. -ENOENT if the line is absent. */
int hwp_hardware_corrupted_kb(struct hwp_ctx *ctx, uint64_t *ret_kb);
/*
 * Per-node memory_failure/ statistics (6.3+). Fills up to max entries;
 * returns how many nodes have them (0 on kernels without).
 */
int hwp_node_stats(struct hwp_ctx *ctx, struct hwp_node_stats *ret, size_t max);
/* A vm sysctl such as "memory_failure_recovery"; -ENOENT when absent. */
int hwp_sysctl_vm(struct hwp_ctx *ctx, const char *name, int64_t *ret);

#ifdef __cplusplus
}
#endif
#endif
