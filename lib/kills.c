// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The processes a page's failure reached, in the kernel's words and in the
 * journal's. memory_failure() logs each process it signals as it handles
 * the page ("Memory failure: 0x1234: Sending SIGBUS to victim:130 due to
 * hardware memory corruption", or "forcibly killing victim:130 because of
 * failure to unmap corrupted page"); the page-fault path logs the process
 * that touches a poisoned page later ("MCE: Killing victim:102 due to
 * hardware memory corruption fault at 7fe195466000").
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static bool starts(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - p) >= n && memcmp(p, word, n) == 0;
}

/* The first occurrence of word in [p, end), or NULL. */
static const char *find(const char *p, const char *end, const char *word)
{
	for (; p < end; p++)
		if (starts(p, end, word))
			return p;
	return NULL;
}

/* "comm:pid" in [p, end): the comm may hold colons, the pid follows the last one. */
static int comm_pid(const char *p, const char *end, struct hwp_kill *ret)
{
	const char *colon = NULL;
	for (const char *q = p; q < end; q++)
		if (*q == ':')
			colon = q;
	uint64_t pid;
	if (!colon || colon == p || colon - p >= HWP_COMM_LEN ||
	    hwp_parse_size(colon + 1, (size_t)(end - colon - 1), false, &pid) < 0 || pid == 0 ||
	    pid > INT32_MAX)
		return -EINVAL;
	snprintf(ret->comm, sizeof(ret->comm), "%.*s", (int)(colon - p), p);
	ret->pid = (int)pid;
	return 0;
}

/* "Memory failure: 0x1234: " and what follows it. */
static int failure_line(const char *p, const char *end, uint64_t *ret_pfn, struct hwp_kill *ret)
{
	const char *colon = memchr(p, ':', (size_t)(end - p));
	if (!colon || hwp_parse_size(p, (size_t)(colon - p), false, ret_pfn) < 0)
		return -EINVAL;
	p = colon + 1;
	const char *who, *until;
	if (starts(p, end, " Sending SIGBUS to ")) {
		ret->kind = HWP_KILL_EARLY;
		who = p + strlen(" Sending SIGBUS to ");
		until = find(who, end, " due to ");
	} else if (starts(p, end, " forcibly killing ")) {
		ret->kind = HWP_KILL_FORCED;
		who = p + strlen(" forcibly killing ");
		until = find(who, end, " because ");
	} else {
		return -EINVAL;
	}
	return until ? comm_pid(who, until, ret) : -EINVAL;
}

int hwp_parse_kill_line(const char *msg, size_t len, uint64_t *ret_pfn, struct hwp_kill *ret)
{
	const char *end = msg + len;
	while (end > msg && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	memset(ret, 0, sizeof(*ret));
	if (starts(msg, end, "Memory failure: "))
		return failure_line(msg + strlen("Memory failure: "), end, ret_pfn, ret);
	if (!starts(msg, end, "MCE: Killing "))
		return -EINVAL;
	const char *who = msg + strlen("MCE: Killing ");
	const char *until = find(who, end, " due to hardware memory corruption fault at ");
	if (!until)
		return -EINVAL;
	ret->kind = HWP_KILL_TOUCHED;
	*ret_pfn = UINT64_MAX;
	return comm_pid(who, until, ret);
}

void hwp_kills_add(struct hwp_kills *kills, const struct hwp_kill *k)
{
	for (unsigned i = 0; i < kills->n; i++)
		if (kills->k[i].pid == k->pid)
			return;
	if (kills->n < HWP_KILLS_MAX)
		kills->k[kills->n++] = *k;
	else
		kills->more++;
}

/*
 * The journal's words: "130:early:victim,102:late:a%2Cb". The comm is
 * the process's own choice of name: commas, percent signs and anything
 * unprintable are escaped so the list always reads back.
 */
static bool plain(unsigned char c)
{
	return c > ' ' && c < 0x7f && c != ',' && c != '%';
}

void hwp_kills_format(const struct hwp_kills *kills, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < kills->n && used < len; i++) {
		const struct hwp_kill *k = &kills->k[i];
		used += (size_t)snprintf(buf + used, len - used, "%s%d:%s:", i ? "," : "", k->pid,
					 hwp_kill_kind_name(k->kind));
		for (const unsigned char *c = (const unsigned char *)k->comm; *c && used < len; c++)
			used += (size_t)(plain(*c) ? snprintf(buf + used, len - used, "%c", *c)
						   : snprintf(buf + used, len - used, "%%%02X", *c));
	}
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
				      : -1;
}

static int unescape(const char *p, size_t n, char *out, size_t out_len)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		int v = (unsigned char)p[i];
		if (p[i] == '%') {
			int hi = i + 2 < n ? hex_digit(p[i + 1]) : -1;
			int lo = hi >= 0 ? hex_digit(p[i + 2]) : -1;
			if (lo < 0)
				return -EINVAL;
			v = hi * 16 + lo;
			i += 2;
		}
		if (o + 1 >= out_len || v == 0)
			return -EINVAL;
		out[o++] = (char)v;
	}
	out[o] = '\0';
	return 0;
}

int hwp_kills_parse(const char *text, struct hwp_kills *ret)
{
	memset(ret, 0, sizeof(*ret));
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, ",");
		const char *end = p + n, *c1 = memchr(p, ':', n);
		const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(end - c1 - 1)) : NULL;
		char kind[16];
		struct hwp_kill k = { 0 };
		uint64_t pid;
		if (!c2 || hwp_parse_size(p, (size_t)(c1 - p), false, &pid) < 0 || pid == 0 ||
		    pid > INT32_MAX || (size_t)(c2 - c1 - 1) >= sizeof(kind))
			return -EINVAL;
		snprintf(kind, sizeof(kind), "%.*s", (int)(c2 - c1 - 1), c1 + 1);
		if (hwp_kill_kind_parse(kind, &k.kind) < 0 ||
		    unescape(c2 + 1, (size_t)(end - c2 - 1), k.comm, sizeof(k.comm)) < 0)
			return -EINVAL;
		k.pid = (int)pid;
		hwp_kills_add(ret, &k);
		p = *end ? end + 1 : end;
	}
	return 0;
}
