// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A page's target as the journal spells it, and back: the one writer and
 * the one reader of that text. A path may hold spaces: the offset after it
 * and the filter after that are found from the end.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define FILTER_WORD "filter=memcg:"

int hwp_target_format(const struct hwp_target *t, char *buf, size_t len)
{
	int n = 0;
	if (t->kind == HWP_TARGET_PROCESS)
		n = snprintf(buf, len, "pid=%d vaddr=0x%" PRIx64, t->pid, t->vaddr);
	else if (t->kind == HWP_TARGET_FILE)
		n = snprintf(buf, len, "file=%s offset=%" PRIu64, t->file, t->offset);
	else if (t->kind == HWP_TARGET_GUEST)
		n = snprintf(buf, len, "guest=%s gpa=0x%" PRIx64 " pid=%d hva=0x%" PRIx64, t->file,
			     t->gpa, t->pid, t->vaddr);
	else if (len)
		buf[0] = '\0';
	if (!t->scoped || n < 0)
		return n;
	size_t at = (size_t)n < len ? (size_t)n : len;
	int m = snprintf(buf + at, len - at,
			 "%s" "filter=memcg:%" PRIu64 ",dev:%" PRIu32 ":%" PRIu32 ",flags:0x%" PRIx64
			 "/0x%" PRIx64, n ? " " : "", t->filter.memcg, t->filter.dev_major,
			 t->filter.dev_minor, t->filter.flags_mask, t->filter.flags_value);
	return m < 0 ? m : n + m;
}

/* The last occurrence of word in text[0, len), or NULL. */
static const char *last_of(const char *text, size_t len, const char *word)
{
	const char *found = NULL;
	size_t wl = strlen(word);
	for (const char *p = text; (size_t)(p - text) + wl <= len; p++)
		if (memcmp(p, word, wl) == 0)
			found = p;
	return found;
}

static int parse_filter(const char *text, struct hwp_target *t)
{
	int end = 0;
	if (sscanf(text, "filter=memcg:%" SCNu64 ",dev:%" SCNu32 ":%" SCNu32 ",flags:0x%" SCNx64
		   "/0x%" SCNx64 "%n", &t->filter.memcg, &t->filter.dev_major, &t->filter.dev_minor,
		   &t->filter.flags_mask, &t->filter.flags_value, &end) != 5 || text[end])
		return -EINVAL;
	t->scoped = true;
	return 0;
}

/* "guest=SOCKET gpa=0x.. pid=P hva=0x..": the socket's path may hold spaces. */
static int parse_guest(const char *rest, size_t len, struct hwp_target *t)
{
	const char *gpa = last_of(rest, len, " gpa=0x");
	int end = 0;
	if (!gpa || (size_t)(gpa - rest - 6) >= sizeof(t->file) ||
	    sscanf(gpa, " gpa=0x%" SCNx64 " pid=%d hva=0x%" SCNx64 "%n", &t->gpa, &t->pid, &t->vaddr,
		   &end) != 3 || gpa[end])
		return -EINVAL;
	memcpy(t->file, rest + 6, (size_t)(gpa - rest - 6));
	t->file[gpa - rest - 6] = '\0';
	t->kind = HWP_TARGET_GUEST;
	return 0;
}

static int parse_named(const char *text, size_t len, struct hwp_target *t)
{
	char rest[HWP_TARGET_LEN];
	int end = 0;
	if (len >= sizeof(rest))
		return -EINVAL;
	memcpy(rest, text, len);
	rest[len] = '\0';
	if (strncmp(rest, "pid=", 4) == 0) {
		if (sscanf(rest, "pid=%d vaddr=0x%" SCNx64 "%n", &t->pid, &t->vaddr, &end) != 2 ||
		    rest[end])
			return -EINVAL;
		t->kind = HWP_TARGET_PROCESS;
		return 0;
	}
	if (strncmp(rest, "guest=", 6) == 0)
		return parse_guest(rest, len, t);
	const char *offset = last_of(rest, len, " offset=");
	if (strncmp(rest, "file=", 5) != 0 || !offset || (size_t)(offset - rest - 5) >= sizeof(t->file))
		return -EINVAL;
	if (sscanf(offset, " offset=%" SCNu64 "%n", &t->offset, &end) != 1 || offset[end])
		return -EINVAL;
	memcpy(t->file, rest + 5, (size_t)(offset - rest - 5));
	t->file[offset - rest - 5] = '\0';
	t->kind = HWP_TARGET_FILE;
	return 0;
}

int hwp_target_parse(const char *text, struct hwp_target *ret)
{
	struct hwp_target t = { .kind = HWP_TARGET_PFN };
	size_t len = strlen(text);
	const char *filter = strncmp(text, FILTER_WORD, strlen(FILTER_WORD)) == 0
				     ? text
				     : last_of(text, len, " " FILTER_WORD);
	int r = 0;
	if (filter) {
		r = parse_filter(filter == text ? text : filter + 1, &t);
		len = (size_t)(filter - text);
	}
	if (r == 0 && len)
		r = parse_named(text, len, &t);
	*ret = r == 0 ? t : (struct hwp_target){ .kind = HWP_TARGET_PFN };
	return r;
}

bool hwp_target_is_process(const struct hwp_target *t)
{
	return t->kind == HWP_TARGET_PROCESS || t->kind == HWP_TARGET_GUEST;
}
