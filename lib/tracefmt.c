// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tracepoint format files (tracefs events/SYSTEM/NAME/format): field
 * offsets and sizes, and the __print_symbolic() tables that name the values
 * of enum fields. Both change across kernels (memory_failure_event's page
 * types did in 6.11), so they are read at run time, never hard-coded.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *find_in(const char *s, const char *end, const char *what)
{
	size_t n = strlen(what);
	for (; s + n <= end; s++)
		if (memcmp(s, what, n) == 0)
			return s;
	return NULL;
}

static bool number_after(const char *s, const char *end, const char *key, long *ret)
{
	const char *p = find_in(s, end, key);
	if (!p)
		return false;
	p += strlen(key);
	char buf[24];
	size_t n = 0;
	while (p < end && n < sizeof(buf) - 1 && (isdigit((unsigned char)*p) || *p == '-'))
		buf[n++] = *p++;
	buf[n] = '\0';
	if (n == 0)
		return false;
	char *stop;
	*ret = strtol(buf, &stop, 10);
	return *stop == '\0';
}

/* "\tfield:unsigned long pfn;\toffset:8;\tsize:8;\tsigned:0;" */
static int parse_field(const char *line, const char *end, struct hwp_trace_field *f)
{
	const char *decl = line + strlen("field:");
	const char *semi = memchr(decl, ';', (size_t)(end - decl));
	if (!semi)
		return -EINVAL;
	const char *name_end = semi;
	/* "char comm[16]": the name stops before its array suffix. */
	const char *bracket = memchr(decl, '[', (size_t)(semi - decl));
	if (bracket)
		name_end = bracket;
	const char *name = name_end;
	while (name > decl && !isspace((unsigned char)name[-1]) && name[-1] != '*')
		name--;
	size_t len = (size_t)(name_end - name);
	if (len == 0 || len >= sizeof(f->name))
		return -EINVAL;
	memcpy(f->name, name, len);
	f->name[len] = '\0';
	long offset, size, is_signed = 0;
	if (!number_after(semi, end, "offset:", &offset) || !number_after(semi, end, "size:", &size) ||
	    offset < 0 || size <= 0 || offset > 65535 || size > 65535)
		return -EINVAL;
	number_after(semi, end, "signed:", &is_signed);
	f->offset = (unsigned)offset;
	f->size = (unsigned)size;
	f->is_signed = is_signed != 0;
	return 0;
}

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	return p;
}

/* A C string literal at p into buf; returns the position after it, or NULL. */
static const char *string_literal(const char *p, const char *end, char *buf, size_t len)
{
	if (p >= end || *p != '"' || len == 0)
		return NULL;
	size_t n = 0;
	for (p++; p < end && *p != '"'; p++) {
		char c = *p;
		if (c == '\\' && p + 1 < end)
			c = *++p;
		if (n + 1 < len)
			buf[n++] = c;
	}
	buf[n] = '\0';
	return p < end ? p + 1 : NULL;
}

/* "__print_symbolic(REC->type, { 0, "a" }, { 1, "b" })" starting after "REC->". */
static int parse_symbolic(struct hwp_trace_format *fmt, const char *p, const char *end)
{
	if (fmt->ntables >= HWP_TRACE_MAX_TABLES)
		return 0;
	struct hwp_trace_table *t = &fmt->tables[fmt->ntables];
	memset(t, 0, sizeof(*t));
	size_t n = 0;
	while (p < end && (isalnum((unsigned char)*p) || *p == '_') && n < sizeof(t->field) - 1)
		t->field[n++] = *p++;
	t->field[n] = '\0';
	p = skip_space(p, end);
	if (n == 0 || p >= end || *p != ',')
		return -EINVAL;
	p++;
	for (;;) {
		p = skip_space(p, end);
		if (p < end && *p == ')')
			break;
		if (p >= end || *p != '{')
			return -EINVAL;
		p = skip_space(p + 1, end);
		char num[24];
		size_t k = 0;
		while (p < end && k < sizeof(num) - 1 && (isxdigit((unsigned char)*p) || *p == '-' || *p == 'x'))
			num[k++] = *p++;
		num[k] = '\0';
		char *stop;
		long long value = strtoll(num, &stop, 0);
		if (k == 0 || *stop)
			return -EINVAL;
		p = skip_space(p, end);
		if (p >= end || *p != ',')
			return -EINVAL;
		p = skip_space(p + 1, end);
		struct hwp_trace_symbol sym = { .value = value };
		p = string_literal(p, end, sym.name, sizeof(sym.name));
		if (!p)
			return -EINVAL;
		p = skip_space(p, end);
		if (p >= end || *p != '}')
			return -EINVAL;
		p = skip_space(p + 1, end);
		if (t->nsyms < HWP_TRACE_MAX_SYMBOLS)
			t->syms[t->nsyms++] = sym;
		if (p < end && *p == ',')
			p++;
		else if (p < end && *p == ')')
			break;
		else
			return -EINVAL;
	}
	fmt->ntables++;
	return 0;
}

int hwp_trace_format_parse(const char *text, size_t len, struct hwp_trace_format *ret)
{
	memset(ret, 0, sizeof(*ret));
	const char *end = text + len;
	bool have_id = false;
	for (const char *line = text; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *stop = nl ? nl : end;
		const char *p = skip_space(line, stop);
		long id;
		if ((size_t)(stop - p) > 6 && memcmp(p, "name: ", 6) == 0) {
			size_t n = (size_t)(stop - p - 6);
			if (n >= sizeof(ret->name))
				n = sizeof(ret->name) - 1;
			memcpy(ret->name, p + 6, n);
			ret->name[n] = '\0';
		} else if ((size_t)(stop - p) > 4 && memcmp(p, "ID: ", 4) == 0 &&
			   number_after(p, stop, "ID: ", &id) && id >= 0) {
			ret->id = (unsigned)id;
			have_id = true;
		} else if ((size_t)(stop - p) > 6 && memcmp(p, "field:", 6) == 0) {
			if (ret->nfields < HWP_TRACE_MAX_FIELDS &&
			    parse_field(p, stop, &ret->fields[ret->nfields]) == 0)
				ret->nfields++;
		} else if ((size_t)(stop - p) > 10 && memcmp(p, "print fmt:", 10) == 0) {
			for (const char *s = p; (s = find_in(s, stop, "__print_symbolic(REC->"));) {
				s += strlen("__print_symbolic(REC->");
				if (parse_symbolic(ret, s, stop) < 0)
					break; /* a table we cannot read leaves its values as numbers */
			}
		}
		line = nl ? nl + 1 : end;
	}
	return have_id && ret->nfields > 0 ? 0 : -EINVAL;
}

const struct hwp_trace_field *hwp_trace_field(const struct hwp_trace_format *fmt,
					      const char *name)
{
	for (size_t i = 0; i < fmt->nfields; i++)
		if (strcmp(fmt->fields[i].name, name) == 0)
			return &fmt->fields[i];
	return NULL;
}

int hwp_trace_value(const struct hwp_trace_field *f, const void *raw, size_t raw_len,
		    int64_t *ret)
{
	if (!f || (size_t)f->offset + f->size > raw_len)
		return -ERANGE;
	const unsigned char *p = (const unsigned char *)raw + f->offset;
	uint64_t u = 0;
	switch (f->size) {
	case 1: { uint8_t v; memcpy(&v, p, 1); u = v; *ret = f->is_signed ? (int8_t)v : (int64_t)u; return 0; }
	case 2: { uint16_t v; memcpy(&v, p, 2); u = v; *ret = f->is_signed ? (int16_t)v : (int64_t)u; return 0; }
	case 4: { uint32_t v; memcpy(&v, p, 4); u = v; *ret = f->is_signed ? (int32_t)v : (int64_t)u; return 0; }
	case 8: memcpy(&u, p, 8); *ret = (int64_t)u; return 0;
	}
	return -EINVAL;
}

const char *hwp_trace_symbol(const struct hwp_trace_format *fmt, const char *field, int64_t value)
{
	for (size_t i = 0; i < fmt->ntables; i++) {
		if (strcmp(fmt->tables[i].field, field) != 0)
			continue;
		for (size_t k = 0; k < fmt->tables[i].nsyms; k++)
			if (fmt->tables[i].syms[k].value == value)
				return fmt->tables[i].syms[k].name;
	}
	return NULL;
}
