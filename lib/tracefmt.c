// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tracepoint format files (tracefs events/SYSTEM/NAME/format), read with
 * libtraceevent as rasdaemon and trace-cmd read them: field offsets, sizes
 * and signedness, and the __print_symbolic() tables that name the values of
 * enum fields. Both change across kernels (memory_failure_event's page types
 * did in 6.11), so they are read at run time, never hard-coded.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <event-parse.h>

#include "internal.h"

struct hwp_trace_format {
	struct tep_handle *tep;
	struct tep_event *event;     /* owned by tep */
	struct tep_format_field **fields;   /* the event's own fields, NULL-terminated */
	size_t nfields;
};

int hwp_trace_format_parse(const char *text, size_t len, const char *system,
			   struct hwp_trace_format **ret)
{
	*ret = NULL;
	struct hwp_trace_format *fmt = calloc(1, sizeof(*fmt));
	if (!fmt)
		return -ENOMEM;
	/* libtraceevent reports what it cannot parse on stderr; a library prints nothing. */
	tep_set_loglevel(TEP_LOG_NONE);
	fmt->tep = tep_alloc();
	if (!fmt->tep) {
		free(fmt);
		return -ENOMEM;
	}
	int r = 0;
	/*
	 * A print format libtraceevent cannot read (newer kernels' constructs)
	 * still leaves the fields, which are what we decode: only the symbol
	 * names are lost then.
	 */
	enum tep_errno e = tep_parse_format(fmt->tep, &fmt->event, text, len, system ? system : "");
	if ((e != 0 && e != TEP_ERRNO__READ_PRINT_FAILED) || !fmt->event)
		r = -EINVAL;
	else if (!(fmt->fields = tep_event_fields(fmt->event)))
		r = -EINVAL;
	if (r == 0)
		while (fmt->fields[fmt->nfields])
			fmt->nfields++;
	if (r == 0 && fmt->nfields == 0)
		r = -EINVAL;
	if (r < 0) {
		hwp_trace_format_free(fmt);
		return r;
	}
	*ret = fmt;
	return 0;
}

void hwp_trace_format_free(struct hwp_trace_format *fmt)
{
	if (!fmt)
		return;
	free(fmt->fields);
	tep_free(fmt->tep);
	free(fmt);
}

const char *hwp_trace_format_name(const struct hwp_trace_format *fmt)
{
	return fmt->event->name;
}

unsigned hwp_trace_format_id(const struct hwp_trace_format *fmt)
{
	return fmt->event->id > 0 ? (unsigned)fmt->event->id : 0;
}

bool hwp_trace_has_field(const struct hwp_trace_format *fmt, const char *name)
{
	return tep_find_any_field(fmt->event, name) != NULL;
}

size_t hwp_trace_field_count(const struct hwp_trace_format *fmt)
{
	return fmt->nfields;
}

const char *hwp_trace_field_name(const struct hwp_trace_format *fmt, size_t i)
{
	return i < fmt->nfields ? fmt->fields[i]->name : NULL;
}

int hwp_trace_value(const struct hwp_trace_format *fmt, const char *name, const void *raw,
		    size_t raw_len, int64_t *ret)
{
	struct tep_format_field *f = tep_find_any_field(fmt->event, name);
	if (!f)
		return -ENOENT;
	/* Numbers only: arrays, strings and dynamic fields are not one value. */
	if (f->flags & (TEP_FIELD_IS_ARRAY | TEP_FIELD_IS_STRING | TEP_FIELD_IS_DYNAMIC))
		return -EINVAL;
	if (f->offset < 0 || f->size <= 0 || (size_t)f->offset + (size_t)f->size > raw_len)
		return -ERANGE;
	unsigned long long v;
	if (tep_read_number_field(f, raw, &v) != 0)
		return -EINVAL;
	int64_t value = (int64_t)v;
	if (f->flags & TEP_FIELD_IS_SIGNED) {
		switch (f->size) {
		case 1: value = (int8_t)v; break;
		case 2: value = (int16_t)v; break;
		case 4: value = (int32_t)v; break;
		default: break;
		}
	}
	*ret = value;
	return 0;
}

/* The table of a __print_symbolic() over field name, anywhere in the print arguments. */
static const struct tep_print_flag_sym *symbols_of(const struct tep_print_arg *arg,
						   const char *name, int depth)
{
	for (; arg && depth < 16; arg = arg->next) {
		const struct tep_print_flag_sym *found = NULL;
		switch (arg->type) {
		case TEP_PRINT_SYMBOL: {
			const struct tep_print_arg *f = arg->symbol.field;
			if (f && f->type == TEP_PRINT_FIELD && f->field.name &&
			    strcmp(f->field.name, name) == 0)
				return arg->symbol.symbols;
			break;
		}
		case TEP_PRINT_OP:
			found = symbols_of(arg->op.left, name, depth + 1);
			if (!found)
				found = symbols_of(arg->op.right, name, depth + 1);
			break;
		case TEP_PRINT_TYPE:
			found = symbols_of(arg->typecast.item, name, depth + 1);
			break;
		default:
			break;
		}
		if (found)
			return found;
	}
	return NULL;
}

const char *hwp_trace_symbol(const struct hwp_trace_format *fmt, const char *field, int64_t value)
{
	const struct tep_print_flag_sym *sym = symbols_of(fmt->event->print_fmt.args, field, 0);
	for (; sym; sym = sym->next) {
		char *end;
		if (!sym->value || !sym->str)
			continue;
		long long v = strtoll(sym->value, &end, 0);
		if (end != sym->value && *end == '\0' && v == value)
			return sym->str;
	}
	return NULL;
}
