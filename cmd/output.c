// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one writer for output. Every value is emitted by one call that knows
 * both its JSON key and its human label, so the two outputs cannot drift.
 * People get libsmartcols tables; JSON documents, tables included, are
 * written by the one JSON emitter here.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libsmartcols.h>

#include "output.h"

#define OUT_MAX_DEPTH 8

struct out {
	bool json, quiet;
	int depth;                        /* JSON: open objects below the document */
	bool need_comma[OUT_MAX_DEPTH + 1];
	bool opened;                      /* JSON: the document's "{" was printed */
	struct libscols_table *fields;    /* human: pending "label: value" rows */
	int line_objects;                 /* human: open line objects, whose fields are not shown */
};

struct out_table {
	struct out *out;
	const char *key;
	size_t ncols;
	struct out_col *cols;             /* a copy: callers may build theirs on the stack */
	/* human: a libsmartcols table; JSON: the rows' values as text, NULL for null */
	struct libscols_table *tb;
	struct libscols_line *line;       /* human: the row cells go to */
	char ***rows;                     /* JSON: by position */
	size_t current;                   /* JSON: the row cells go to, once one was reopened */
	bool reopened;
	size_t nrows, cap;
	struct out_columns shown;         /* the columns shown, by position */
	int *pos;                         /* each column's position, or -1 when not shown */
	bool filled[OUT_MAX_COLUMNS];     /* human: some row has a value at the position */
};

struct out *out_new(bool json, bool quiet)
{
	struct out *o = calloc(1, sizeof(*o));
	if (!o)
		abort();
	o->json = json;
	o->quiet = quiet && !json;
	return o;
}

bool out_is_json(const struct out *o)
{
	return o->json;
}

static void json_string_to(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void json_string(const char *s)
{
	json_string_to(stdout, s);
}

static void json_key(struct out *o, const char *key)
{
	if (!o->opened) {
		fputs("{", stdout);
		o->opened = true;
	}
	if (o->need_comma[o->depth])
		putchar(',');
	o->need_comma[o->depth] = true;
	printf("\n%*s", 3 * (o->depth + 1), "");
	json_string(key);
	fputs(": ", stdout);
}

static void flush_fields(struct out *o)
{
	if (!o->fields)
		return;
	scols_print_table(o->fields);
	scols_unref_table(o->fields);
	o->fields = NULL;
}

static void human_field(struct out *o, const char *label, const char *value)
{
	if (o->quiet || o->line_objects)
		return;
	if (!o->fields) {
		o->fields = scols_new_table();
		if (!o->fields)
			abort();
		scols_table_enable_noheadings(o->fields, 1);
		/* No padding after a section heading, which has no value. */
		scols_table_enable_minout(o->fields, 1);
		scols_table_new_column(o->fields, "FIELD", 0, 0);
		scols_table_new_column(o->fields, "VALUE", 0, 0);
	}
	char buf[128];
	snprintf(buf, sizeof(buf), "%*s%s:", 2 * o->depth, "", label);
	struct libscols_line *ln = scols_table_new_line(o->fields, NULL);
	scols_line_set_data(ln, 0, buf);
	scols_line_set_data(ln, 1, value ? value : "");
}

void out_str(struct out *o, const char *key, const char *label, const char *value)
{
	if (!o->json) {
		human_field(o, label, value ? value : "-");
		return;
	}
	json_key(o, key);
	if (value)
		json_string(value);
	else
		fputs("null", stdout);
}

/* A number, already in text: bare in JSON. */
static void number_field(struct out *o, const char *key, const char *label, const char *text)
{
	if (!o->json) {
		human_field(o, label, text);
		return;
	}
	json_key(o, key);
	fputs(text, stdout);
}

void out_u64(struct out *o, const char *key, const char *label, uint64_t value)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%" PRIu64, value);
	number_field(o, key, label, buf);
}

void out_i64(struct out *o, const char *key, const char *label, int64_t value)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%" PRId64, value);
	number_field(o, key, label, buf);
}

void out_hex(struct out *o, const char *key, const char *label, uint64_t value)
{
	if (!o->json) {
		char buf[32];
		snprintf(buf, sizeof(buf), "0x%" PRIx64, value);
		human_field(o, label, buf);
		return;
	}
	out_u64(o, key, label, value);
}

void out_bool(struct out *o, const char *key, const char *label, bool value)
{
	if (!o->json) {
		human_field(o, label, value ? "yes" : "no");
		return;
	}
	json_key(o, key);
	fputs(value ? "true" : "false", stdout);
}

void out_object_begin(struct out *o, const char *key, const char *label)
{
	if (!o->json) {
		human_field(o, label, "");
		o->depth++;
		return;
	}
	json_key(o, key);
	fputs("{", stdout);
	if (o->depth < OUT_MAX_DEPTH)
		o->depth++;
	o->need_comma[o->depth] = false;
}

void out_object_end(struct out *o)
{
	if (!o->json && o->line_objects) {
		o->line_objects--;
		return;
	}
	if (o->depth > 0)
		o->depth--;
	if (o->json)
		printf("\n%*s}", 3 * (o->depth + 1), "");
}

void out_object_line_begin(struct out *o, const char *key, const char *label, const char *text)
{
	if (o->json) {
		out_object_begin(o, key, label);
		return;
	}
	if (text)
		human_field(o, label, text);
	o->line_objects++;
}

void out_unknown(struct out *o, const char *key, const char *label, const char *why)
{
	if (o->json)
		out_str(o, key, label, NULL);
	else
		human_field(o, label, why);
}

void out_str_words(struct out *o, const char *key, const char *label, const char *value,
		   const char *words)
{
	out_str(o, key, label, o->json ? value : words);
}

void out_bool_json(struct out *o, const char *key, bool value)
{
	if (o->json)
		out_bool(o, key, key, value);
}

void out_words(struct out *o, const char *label, const char *words)
{
	if (!o->json)
		human_field(o, label, words);
}

struct out_table *out_table_begin(struct out *o, const char *key, const struct out_col *cols,
				  size_t ncols)
{
	return out_table_begin_view(o, key, cols, ncols, NULL, NULL);
}

static void human_columns(struct out_table *t, const struct out_view_opts *view)
{
	if (!(t->tb = scols_new_table()))
		abort();
	for (size_t p = 0; p < t->shown.n; p++) {
		const struct out_col *c = &t->cols[t->shown.order[p]];
		if (!scols_table_new_column(t->tb, c->header, 0, c->right ? SCOLS_FL_RIGHT : 0))
			abort();
	}
	if (view && view->noheadings)
		scols_table_enable_noheadings(t->tb, 1);
	if (view && view->raw)
		scols_table_enable_raw(t->tb, 1);
}

struct out_table *out_table_begin_view(struct out *o, const char *key, const struct out_col *cols,
				       size_t ncols, const bool *defaults,
				       const struct out_view_opts *view)
{
	struct out_table *t = calloc(1, sizeof(*t));
	if (!t || !(t->cols = calloc(ncols ? ncols : 1, sizeof(*t->cols))) ||
	    !(t->pos = calloc(ncols ? ncols : 1, sizeof(*t->pos))))
		abort();
	memcpy(t->cols, cols, ncols * sizeof(*cols));
	t->out = o;
	t->ncols = ncols;
	t->key = key;
	/* Names were checked before anything was done (cli_check_columns). */
	if (out_columns_resolve(cols, ncols, defaults, view, &t->shown, NULL, NULL) < 0)
		out_columns_resolve(cols, ncols, defaults, NULL, &t->shown, NULL, NULL);
	for (size_t i = 0; i < ncols; i++)
		t->pos[i] = -1;
	for (size_t p = 0; p < t->shown.n; p++)
		t->pos[t->shown.order[p]] = (int)p;
	if (!o->json)
		human_columns(t, view);
	return t;
}

bool out_table_shows(const struct out_table *t, size_t col)
{
	return col < t->ncols && t->pos[col] >= 0;
}

void out_row(struct out_table *t)
{
	t->reopened = false;
	if (t->out->json) {
		if (t->nrows == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 16;
			if (!(t->rows = realloc(t->rows, t->cap * sizeof(*t->rows))))
				abort();
		}
		if (!(t->rows[t->nrows++] = calloc(t->shown.n ? t->shown.n : 1, sizeof(char *))))
			abort();
		return;
	}
	t->line = scols_table_new_line(t->tb, NULL);
	if (!t->line)
		abort();
	/* People read "-" for unknown. */
	for (size_t p = 0; p < t->shown.n; p++)
		scols_line_set_data(t->line, p, "-");
}

size_t out_row_index(const struct out_table *t)
{
	return t->out->json ? t->nrows - 1 : scols_table_get_nlines(t->tb) - 1;
}

void out_row_reopen(struct out_table *t, size_t index)
{
	if (t->out->json)
		t->current = index;
	else
		t->line = scols_table_get_line(t->tb, index);
	t->reopened = true;
}

static void set_cell(struct out_table *t, size_t col, const char *text)
{
	if (!out_table_shows(t, col))
		return;
	size_t p = (size_t)t->pos[col];
	if (!t->out->json) {
		scols_line_set_data(t->line, p, text);
		t->filled[p] = true;
		return;
	}
	char **row = t->rows[t->reopened ? t->current : t->nrows - 1];
	free(row[p]);
	row[p] = text ? strdup(text) : NULL;
	if (text && !row[p])
		abort();
}

void out_cell_str(struct out_table *t, size_t col, const char *value)
{
	if (value && *value)
		set_cell(t, col, value);
	else if (t->out->json)
		set_cell(t, col, NULL);
}

void out_cell_u64(struct out_table *t, size_t col, uint64_t value)
{
	char buf[32];
	if (col < t->ncols && t->cols[col].type == OUT_HEX && !t->out->json)
		snprintf(buf, sizeof(buf), "0x%" PRIx64, value);
	else
		snprintf(buf, sizeof(buf), "%" PRIu64, value);
	set_cell(t, col, buf);
}

/* The records as a JSON array, written by the one escaper: a new string. */
static char *json_records(const struct out_col *fields, size_t nfields, const char *const *values,
			  size_t nrecords)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	if (!f)
		abort();
	fputc('[', f);
	for (size_t r = 0; r < nrecords; r++) {
		fputs(r ? ", {" : "{", f);
		for (size_t i = 0; i < nfields; i++) {
			const char *v = values[r * nfields + i];
			fputs(i ? ", " : "", f);
			json_string_to(f, fields[i].key);
			fputs(": ", f);
			if (!v)
				fputs("null", f);
			else if (fields[i].type == OUT_STR)
				json_string_to(f, v);
			else
				fputs(v, f);
		}
		fputc('}', f);
	}
	fputc(']', f);
	if (fclose(f) != 0)
		abort();
	return text;
}

void out_cell_records(struct out_table *t, size_t col, const struct out_col *fields, size_t nfields,
		      const char *const *values, size_t nrecords, const char *words)
{
	if (!t->out->json) {
		if (nrecords)
			set_cell(t, col, words);
		return;
	}
	char *text = json_records(fields, nfields, values, nrecords);
	set_cell(t, col, text);
	free(text);
}

void out_cell_bool(struct out_table *t, size_t col, bool value)
{
	if (t->out->json)
		set_cell(t, col, value ? "true" : "false");
	else
		set_cell(t, col, value ? "yes" : "no");
}

/* "lru,anon" as ["lru", "anon"]. */
static void json_words(const char *text)
{
	putchar('[');
	for (const char *p = text; p && *p;) {
		size_t n = strcspn(p, ",");
		char word[128];
		snprintf(word, sizeof(word), "%.*s", (int)n, p);
		if (p != text)
			fputs(", ", stdout);
		json_string(word);
		p += n + (p[n] == ',');
	}
	putchar(']');
}

/* The table as one member of the document: an array of objects, a key per line. */
static void json_table(struct out_table *t)
{
	struct out *o = t->out;
	int indent = 3 * (o->depth + 2);
	json_key(o, t->key);
	putchar('[');
	for (size_t r = 0; r < t->nrows; r++) {
		printf("%s\n%*s{", r ? "," : "", indent, "");
		for (size_t p = 0; p < t->shown.n; p++) {
			const struct out_col *c = &t->cols[t->shown.order[p]];
			const char *v = t->rows[r][p];
			printf("%s\n%*s", p ? "," : "", indent + 3, "");
			json_string(c->key);
			fputs(": ", stdout);
			if (c->type == OUT_WORDS)
				json_words(v);
			else if (c->type == OUT_RECORDS)
				fputs(v ? v : "[]", stdout);
			else if (!v)
				fputs("null", stdout);
			else if (c->type == OUT_STR)
				json_string(v);
			else
				fputs(v, stdout);
			free(t->rows[r][p]);
		}
		printf("\n%*s}", indent, "");
		free(t->rows[r]);
	}
	if (t->nrows)
		printf("\n%*s", 3 * (o->depth + 1), "");
	putchar(']');
	free(t->rows);
}

/* People do not need a column no row fills ("-" all the way down); JSON keeps its keys. */
static void hide_empty_columns(struct out_table *t)
{
	for (size_t p = 0; p < t->shown.n; p++) {
		struct libscols_column *cl = scols_table_get_column(t->tb, p);
		if (!t->filled[p] && !t->shown.named[p] && cl)
			scols_column_set_flags(cl, scols_column_get_flags(cl) | SCOLS_FL_HIDDEN);
	}
}

void out_table_end(struct out_table *t, const char *title)
{
	struct out *o = t->out;
	if (o->json) {
		json_table(t);
	} else {
		if (!o->quiet) {
			flush_fields(o);
			if (scols_table_get_nlines(t->tb) > 0) {
				if (title)
					printf("\n%s\n", title);
				/* A one-column list under a title needs no header of its own. */
				if (title && t->shown.n == 1)
					scols_table_enable_noheadings(t->tb, 1);
				hide_empty_columns(t);
				scols_print_table(t->tb);
			}
		}
		scols_unref_table(t->tb);
	}
	free(t->pos);
	free(t->cols);
	free(t);
}

void out_error_document(const char *error, int code)
{
	fputs("{\n   \"error\": ", stdout);
	json_string(error);
	printf(",\n   \"exit\": %d\n}\n", code);
	fflush(stdout);
}

void out_finish(struct out *o)
{
	if (o->json) {
		while (o->depth > 0)
			out_object_end(o);
		fputs(o->opened ? "\n}\n" : "{}\n", stdout);
	} else {
		flush_fields(o);
	}
	fflush(stdout);
	free(o);
}

/*
 * A stream of records, one line each and flushed at once, for output that
 * has no end (hwpoison events): a JSON object per line, or for people the
 * values side by side, each after its label when it has one.
 */
struct out_line {
	bool json;
	bool first;
};

struct out_line *out_line_begin(bool json)
{
	struct out_line *l = malloc(sizeof(*l));
	if (!l)
		abort();
	*l = (struct out_line){ .json = json, .first = true };
	if (json)
		putchar('{');
	return l;
}

static void line_sep(struct out_line *l, const char *key, const char *label)
{
	if (l->json) {
		if (!l->first)
			fputs(", ", stdout);
		json_string(key);
		fputs(": ", stdout);
	} else {
		if (!l->first)
			fputs("  ", stdout);
		if (label)
			printf("%s ", label);
	}
	l->first = false;
}

void out_line_str(struct out_line *l, const char *key, const char *label, const char *value)
{
	line_sep(l, key, label);
	if (!l->json)
		fputs(value ? value : "-", stdout);
	else if (value)
		json_string(value);
	else
		fputs("null", stdout);
}

void out_line_u64(struct out_line *l, const char *key, const char *label, uint64_t value)
{
	line_sep(l, key, label);
	printf("%" PRIu64, value);
}

void out_line_hex(struct out_line *l, const char *key, const char *label, uint64_t value)
{
	line_sep(l, key, label);
	printf(l->json ? "%" PRIu64 : "0x%" PRIx64, value);
}

void out_line_words(struct out_line *l, const char *key, const char *label,
		    const char *const *words, size_t n)
{
	line_sep(l, key, label);
	if (l->json)
		putchar('[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(l->json ? ", " : ",", stdout);
		if (l->json)
			json_string(words[i]);
		else
			fputs(words[i], stdout);
	}
	if (l->json)
		putchar(']');
}

void out_line_end(struct out_line *l)
{
	if (l->json)
		putchar('}');
	putchar('\n');
	fflush(stdout);
	free(l);
}
