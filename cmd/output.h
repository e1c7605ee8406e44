/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one writer for output (output.c, columns.c): fields, objects, tables
 * and record streams, for people and as JSON from the same calls.
 */
#ifndef HWPOISON_OUTPUT_H
#define HWPOISON_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * OUT_WORDS: "lru,anon" for people, ["lru", "anon"] in JSON ([] when empty).
 * OUT_RECORDS: words for people, an array of objects in JSON ([] when empty).
 */
enum out_type { OUT_STR, OUT_NUM, OUT_HEX, OUT_BOOL, OUT_WORDS, OUT_RECORDS };

struct out_col {
	const char *key;     /* JSON key, snake_case */
	const char *header;  /* human column header */
	enum out_type type;
	bool right;          /* right-align in human output */
};

struct out;
struct out_table;

/* How the user wants a command's table: -o COLUMNS, --output-all, -n, -r. */
struct out_view_opts {
	const char *columns;   /* "pfn,status", "+flags", or NULL for the default set */
	bool all, noheadings, raw;
};
#define OUT_MAX_COLUMNS 32
/* The columns a table shows, in order (indexes into its column list). */
struct out_columns {
	size_t order[OUT_MAX_COLUMNS];
	size_t n;
	bool named[OUT_MAX_COLUMNS];   /* by position: asked for by name (or all): shown even empty */
};
/*
 * The columns view asks for, of cols (defaults: the default set, NULL for
 * all). -EINVAL with ret_bad naming an unknown column.
 */
int out_columns_resolve(const struct out_col *cols, size_t ncols, const bool *defaults,
			const struct out_view_opts *view, struct out_columns *ret,
			const char **ret_bad, size_t *ret_bad_len);

struct out *out_new(bool json, bool quiet);
/* Under --json, a failure with no document of its own: {"error": ..., "exit": ...}. */
void out_error_document(const char *error, int code);
/* Flush everything and close the JSON document. */
void out_finish(struct out *o);
bool out_is_json(const struct out *o);

/* A field: "label: value" for people, "key": value in JSON. value NULL = unknown. */
void out_str(struct out *o, const char *key, const char *label, const char *value);
void out_u64(struct out *o, const char *key, const char *label, uint64_t value);
void out_i64(struct out *o, const char *key, const char *label, int64_t value);
void out_hex(struct out *o, const char *key, const char *label, uint64_t value);
void out_bool(struct out *o, const char *key, const char *label, bool value);
/* A nested object: fields until out_object_end belong to it. */
void out_object_begin(struct out *o, const char *key, const char *label);
void out_object_end(struct out *o);
/*
 * A value people read as one line and scripts as an object: text is the
 * line (NULL: people see nothing), and the fields until out_object_end are
 * the object's, written for JSON alone.
 */
void out_object_line_begin(struct out *o, const char *key, const char *label, const char *text);
/* A value that cannot be known here: null in JSON, why for people. */
void out_unknown(struct out *o, const char *key, const char *label, const char *why);
/* A string people read in more words: value in JSON (NULL: null), words for people. */
void out_str_words(struct out *o, const char *key, const char *label, const char *value,
		   const char *words);
/* A field for scripts alone: people read it in another field's words (out_words). */
void out_bool_json(struct out *o, const char *key, bool value);
/* A field for people alone: what fields for scripts say, in words. */
void out_words(struct out *o, const char *label, const char *words);

/*
 * A table: a libsmartcols table for people, an array of records in JSON,
 * showing the columns view asks for (defaults: the default set, NULL for all).
 */
struct out_table *out_table_begin_view(struct out *o, const char *key, const struct out_col *cols,
				       size_t ncols, const bool *defaults,
				       const struct out_view_opts *view);
/* The column is shown: the caller may skip computing a cell that is not. */
bool out_table_shows(const struct out_table *t, size_t col);
struct out_table *out_table_begin(struct out *o, const char *key, const struct out_col *cols,
				  size_t ncols);
void out_row(struct out_table *t);
/* The row cells go to now, and going back to it: a cell learned after later rows. */
size_t out_row_index(const struct out_table *t);
void out_row_reopen(struct out_table *t, size_t index);
void out_cell_str(struct out_table *t, size_t col, const char *value);
void out_cell_u64(struct out_table *t, size_t col, uint64_t value);
void out_cell_bool(struct out_table *t, size_t col, bool value);
/*
 * An OUT_RECORDS cell: nrecords records of nfields values each (as text,
 * typed by fields[i].type; NULL for null), and words for people.
 */
void out_cell_records(struct out_table *t, size_t col, const struct out_col *fields, size_t nfields,
		      const char *const *values, size_t nrecords, const char *words);
/* Print the table (human: under an optional title line) and free it. */
void out_table_end(struct out_table *t, const char *title);

/* A record stream: one line per record (JSON lines with --json), flushed at once. */
struct out_line;
struct out_line *out_line_begin(bool json);
void out_line_str(struct out_line *l, const char *key, const char *label, const char *value);
void out_line_u64(struct out_line *l, const char *key, const char *label, uint64_t value);
void out_line_hex(struct out_line *l, const char *key, const char *label, uint64_t value);
/* A list of words: a JSON array, or joined by commas for people. */
void out_line_words(struct out_line *l, const char *key, const char *label,
		    const char *const *words, size_t n);
void out_line_end(struct out_line *l);

#endif
