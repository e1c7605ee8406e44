// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The words of operations and statuses, as the table, the JSON and the
 * journal spell them, and back: one spelling each, on the bottom floor so
 * that the journal and the acts share it.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

static const char *const status_names[] = {
	[HWP_STATUS_INJECTED] = "injected",
	[HWP_STATUS_OFFLINED] = "offlined",
	[HWP_STATUS_UNPOISONED] = "unpoisoned",
	[HWP_STATUS_ALREADY_POISONED] = "already-poisoned",
	[HWP_STATUS_NOT_POISONED] = "not-poisoned",
	[HWP_STATUS_FILTERED] = "filtered",
	[HWP_STATUS_REFUSED] = "refused",
	[HWP_STATUS_FAILED] = "failed",
	[HWP_STATUS_WOULD] = "would-write",
	[HWP_STATUS_NOT_PRESENT] = "not-present",
	[HWP_STATUS_LOGGED] = "logged",
};

static const char *const op_names[] = {
	[HWP_OP_INJECT] = "inject",
	[HWP_OP_SOFT_OFFLINE] = "soft-offline",
	[HWP_OP_UNPOISON] = "unpoison",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The index of name in names, or -EINVAL. */
static int lookup(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return (int)i;
	return -EINVAL;
}

const char *hwp_status_name(enum hwp_status status)
{
	return (size_t)status < COUNT(status_names) ? status_names[status] : "unknown";
}

int hwp_status_parse(const char *name, enum hwp_status *ret)
{
	int i = lookup(status_names, COUNT(status_names), name);
	if (i >= 0)
		*ret = (enum hwp_status)i;
	return i < 0 ? i : 0;
}

const char *hwp_op_name(enum hwp_op op)
{
	return (size_t)op < COUNT(op_names) ? op_names[op] : "unknown";
}

int hwp_op_parse(const char *name, enum hwp_op *ret)
{
	int i = lookup(op_names, COUNT(op_names), name);
	if (i >= 0)
		*ret = (enum hwp_op)i;
	return i < 0 ? i : 0;
}

bool hwp_status_reached(enum hwp_status status)
{
	switch (status) {
	case HWP_STATUS_INJECTED:
	case HWP_STATUS_OFFLINED:
	case HWP_STATUS_UNPOISONED:
	case HWP_STATUS_ALREADY_POISONED:
	case HWP_STATUS_NOT_POISONED:
	case HWP_STATUS_WOULD:
	case HWP_STATUS_LOGGED:
		return true;
	default:
		return false;
	}
}

bool hwp_status_wrote(enum hwp_status status)
{
	switch (status) {
	case HWP_STATUS_REFUSED:
	case HWP_STATUS_WOULD:
	case HWP_STATUS_NOT_PRESENT:
	case HWP_STATUS_ALREADY_POISONED:
	case HWP_STATUS_NOT_POISONED:
		return false;
	default:
		return true;
	}
}

static const char *const kill_names[] = {
	[HWP_KILL_EARLY] = "early",
	[HWP_KILL_FORCED] = "forced",
	[HWP_KILL_LATE] = "late",
	[HWP_KILL_TOUCHED] = "touched",
};

const char *hwp_kill_kind_name(enum hwp_kill_kind kind)
{
	return (size_t)kind < COUNT(kill_names) ? kill_names[kind] : "unknown";
}

int hwp_kill_kind_parse(const char *name, enum hwp_kill_kind *ret)
{
	int i = lookup(kill_names, COUNT(kill_names), name);
	if (i >= 0)
		*ret = (enum hwp_kill_kind)i;
	return i < 0 ? i : 0;
}

const char *hwp_kill_signal(enum hwp_kill_kind kind)
{
	return kind == HWP_KILL_FORCED ? "SIGKILL" : "SIGBUS";
}

/* The kernel's rule: action optional for the early kill, required when the page is touched. */
const char *hwp_kill_code(enum hwp_kill_kind kind)
{
	switch (kind) {
	case HWP_KILL_EARLY:
		return "BUS_MCEERR_AO";
	case HWP_KILL_LATE:
	case HWP_KILL_TOUCHED:
		return "BUS_MCEERR_AR";
	default:
		return NULL;
	}
}
