// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A QEMU guest as a target: what hwpoison asks QEMU's monitor. Its pid is
 * the socket's peer; whether KVM runs it (only KVM forwards a host memory
 * error to the guest as a machine check); its state; and its RAM as QEMU
 * maps it: the flat view of the "memory" address space ("info mtree -f"),
 * each RAM range's host address ("gpa2hva", linear within a range) and
 * page size ("info ramblock"). The HMP texts are QEMU's, parsed here.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <json-c/json.h>

#include "internal.h"

#define QMP_TIMEOUT_MS 5000
#define HMP_OUT 65536   /* "info mtree -f" of a big machine */

struct hwp_guest {
	struct hwp_qmp *qmp;
	char *out;           /* HMP output buffer */
};

int hwp_guest_open(const char *socket_path, struct hwp_guest **ret)
{
	struct stat st;
	if (stat(socket_path, &st) < 0)
		return -errno;
	if (!S_ISSOCK(st.st_mode))
		return -ENOTSOCK;
	struct hwp_guest *g = calloc(1, sizeof(*g));
	if (!g || !(g->out = malloc(HMP_OUT))) {
		free(g);
		return -ENOMEM;
	}
	int r = hwp_qmp_open(socket_path, QMP_TIMEOUT_MS, &g->qmp);
	if (r < 0) {
		free(g->out);
		free(g);
		return r;
	}
	*ret = g;
	return 0;
}

void hwp_guest_close(struct hwp_guest *g)
{
	if (!g)
		return;
	hwp_qmp_close(g->qmp);
	free(g->out);
	free(g);
}

int hwp_guest_pid(const struct hwp_guest *g)
{
	return hwp_qmp_pid(g->qmp);
}

const char *hwp_guest_qemu(const struct hwp_guest *g)
{
	return hwp_qmp_version(g->qmp);
}

/* A boolean member of a QMP command's answer: 1, 0, or -errno. */
static int query_bool(struct hwp_guest *g, const char *command, const char *member)
{
	json_object *ret = NULL, *v;
	int r = hwp_qmp_execute(g->qmp, command, NULL, &ret, NULL, 0);
	if (r < 0)
		return r;
	r = json_object_object_get_ex(ret, member, &v) ? json_object_get_boolean(v) : -EPROTO;
	json_object_put(ret);
	return r;
}

int hwp_guest_kvm(struct hwp_guest *g)
{
	return query_bool(g, "query-kvm", "enabled");
}

int hwp_guest_state(struct hwp_guest *g, char *buf, size_t len)
{
	json_object *ret = NULL, *v;
	int r = hwp_qmp_execute(g->qmp, "query-status", NULL, &ret, NULL, 0);
	if (r < 0)
		return r;
	if (json_object_object_get_ex(ret, "status", &v))
		snprintf(buf, len, "%s", json_object_get_string(v));
	else
		r = -EPROTO;
	json_object_put(ret);
	return r;
}

int hwp_parse_gpa2hva(const char *text, uint64_t *ret_hva, char *block, size_t block_len)
{
	static const char head[] = "Host virtual address for ";
	if (strstr(text, "No memory is mapped at address"))
		return -ERANGE;
	if (strncmp(text, head, sizeof(head) - 1) != 0)
		return -EPROTO;
	/* "Host virtual address for 0x1000 (pc.ram) is 0x7fdbbbe01000" */
	const char *open = strchr(text, '('), *close = open ? strstr(open, ") is ") : NULL;
	if (!close)
		return -EPROTO;
	const char *p = close + strlen(") is ");
	size_t n = strspn(p, "0123456789abcdefxABCDEF");
	if (n == 0 || hwp_parse_size(p, n, false, ret_hva) < 0)
		return -EPROTO;
	if (block && block_len)
		snprintf(block, block_len, "%.*s", (int)(close - open - 1), open + 1);
	return 0;
}

/* "  0000000000100000-0000000003ffffff (prio 0, ram): pc.ram @0000000000100000 KVM" */
static int flat_ram_line(const char *line, uint64_t *first, uint64_t *last, char *name,
			 size_t name_len)
{
	while (*line == ' ')
		line++;
	const char *dash = strchr(line, '-'), *kind = strstr(line, ", ram): ");
	if (!dash || !kind || !strstr(line, " (prio "))
		return -EINVAL;
	char hex[20];
	if (dash - line >= (long)sizeof(hex))
		return -EINVAL;
	snprintf(hex, sizeof(hex), "0x%.*s", (int)(dash - line), line);
	if (hwp_parse_size(hex, strlen(hex), false, first) < 0)
		return -EINVAL;
	const char *end = strchr(dash, ' ');
	if (!end || end - dash - 1 >= (long)sizeof(hex) - 2)
		return -EINVAL;
	snprintf(hex, sizeof(hex), "0x%.*s", (int)(end - dash - 1), dash + 1);
	if (hwp_parse_size(hex, strlen(hex), false, last) < 0 || *last < *first)
		return -EINVAL;
	const char *nm = kind + strlen(", ram): ");
	size_t n = strcspn(nm, " \r\n");
	if (n == 0)
		return -EINVAL;
	snprintf(name, name_len, "%.*s", (int)n, nm);
	return 0;
}

int hwp_parse_mtree_ram(const char *text, hwp_ram_range_fn fn, void *data)
{
	/* The flat view of the address space "memory": what the CPUs see. */
	bool in_memory = false;
	int r = 0;
	for (const char *line = text; *line && r == 0;) {
		size_t n = strcspn(line, "\n");
		char buf[512];
		snprintf(buf, sizeof(buf), "%.*s", (int)(n < sizeof(buf) ? n : sizeof(buf) - 1), line);
		if (!strncmp(buf, "FlatView #", 10))
			in_memory = false;
		else if (strstr(buf, " AS \"memory\"") == buf)
			in_memory = true;
		uint64_t first, last;
		char name[64];
		if (in_memory && flat_ram_line(buf, &first, &last, name, sizeof(name)) == 0)
			r = fn(first, last, name, data);
		line += n + (line[n] == '\n');
	}
	return r;
}

/* "  pc.ram    4 KiB  0x0000000000000000 ..." or "2 MiB": the block's page size in bytes. */
int hwp_parse_ramblock_page_size(const char *text, const char *block, uint64_t *ret)
{
	for (const char *line = text; *line;) {
		size_t n = strcspn(line, "\n");
		const char *p = line;
		while (p < line + n && *p == ' ')
			p++;
		size_t blen = strlen(block);
		if ((size_t)(line + n - p) > blen && !strncmp(p, block, blen) && p[blen] == ' ') {
			unsigned long long size;
			char unit[8];
			if (sscanf(p + blen, " %llu %7s", &size, unit) == 2) {
				uint64_t mult = !strcmp(unit, "KiB") ? 1024
						: !strcmp(unit, "MiB") ? 1024 * 1024
						: !strcmp(unit, "GiB") ? 1024 * 1024 * 1024 : 0;
				if (!mult)
					return -EPROTO;
				*ret = size * mult;
				return 0;
			}
			return -EPROTO;
		}
		line += n + (line[n] == '\n');
	}
	return -ENOENT;
}

struct ram_collect {
	struct hwp_guest_ram *r;
	size_t n;
};

static int add_range(uint64_t first, uint64_t last, const char *name, void *data)
{
	struct ram_collect *c = data;
	struct hwp_guest_ram *grown = realloc(c->r, (c->n + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	c->r = grown;
	c->r[c->n] = (struct hwp_guest_ram){ .gpa = first, .size = last - first + 1 };
	snprintf(c->r[c->n].block, sizeof(c->r[c->n].block), "%s", name);
	c->n++;
	return 0;
}

/* Each range's host address and page size, from QEMU. */
static int locate_ranges(struct hwp_guest *g, struct ram_collect *c)
{
	char ramblock[HMP_OUT / 4];
	int r = hwp_qmp_hmp(g->qmp, "info ramblock", ramblock, sizeof(ramblock));
	for (size_t i = 0; i < c->n && r == 0; i++) {
		char cmd[64];
		snprintf(cmd, sizeof(cmd), "gpa2hva 0x%" PRIx64, c->r[i].gpa);
		if ((r = hwp_qmp_hmp(g->qmp, cmd, g->out, HMP_OUT)) < 0)
			break;
		r = hwp_parse_gpa2hva(g->out, &c->r[i].hva, NULL, 0);
		if (r == 0 && hwp_parse_ramblock_page_size(ramblock, c->r[i].block,
							   &c->r[i].page_size) < 0)
			c->r[i].page_size = 0;   /* not a block of its own (an alias): unknown */
	}
	return r;
}

int hwp_guest_ram(struct hwp_guest *g, struct hwp_guest_ram **ret, size_t *ret_n)
{
	int r = hwp_qmp_hmp(g->qmp, "info mtree -f", g->out, HMP_OUT);
	struct ram_collect c = { NULL, 0 };
	if (r == 0)
		r = hwp_parse_mtree_ram(g->out, add_range, &c);
	if (r == 0)
		r = locate_ranges(g, &c);
	if (r == 0 && c.n == 0)
		r = -ENOENT;
	if (r < 0) {
		free(c.r);
		return r;
	}
	*ret = c.r;
	*ret_n = c.n;
	return 0;
}

const struct hwp_guest_ram *hwp_guest_ram_find(const struct hwp_guest_ram *ram, size_t n,
					       uint64_t gpa)
{
	for (size_t i = 0; i < n; i++)
		if (gpa >= ram[i].gpa && gpa - ram[i].gpa < ram[i].size)
			return &ram[i];
	return NULL;
}

struct ram_cover {
	uint64_t at, end;     /* the part of the range not yet found in a good mapping */
	bool huge;
	bool bad;
};

static int cover_range(const struct hwp_mapping *m, void *data)
{
	struct ram_cover *c = data;
	if (c->bad || m->end <= c->at || m->start >= c->end)
		return 0;
	bool good = m->writable && (m->anonymous || m->shared || c->huge);
	if (!good || m->start > c->at) {
		c->bad = true;   /* a piece in a mapping RAM is never in, or in none */
		return 0;
	}
	c->at = m->end;
	return 0;
}

int hwp_guest_ram_check(struct hwp_ctx *ctx, int pid, const struct hwp_guest_ram *ram, size_t n,
			size_t *ret_bad)
{
	uint64_t page = UINT64_C(1) << ctx->page_shift;
	for (size_t i = 0; i < n; i++) {
		struct ram_cover c = { ram[i].hva, ram[i].hva + ram[i].size, ram[i].page_size > page,
				       false };
		int r = hwp_each_mapping(ctx, pid, cover_range, &c);
		if (r < 0)
			return r;
		if (c.bad || c.at < c.end) {
			*ret_bad = i;
			return -EPERM;
		}
	}
	return 0;
}
