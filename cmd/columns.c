// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which columns a table shows, and in which order, the way lsblk and
 * findmnt let scripts choose: -o COLUMNS (names as the JSON keys, any case),
 * -o +COLUMNS (the default set plus these), --output-all.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "output.h"

static int find_column(const struct out_col *cols, size_t ncols, const char *name, size_t len)
{
	for (size_t i = 0; i < ncols; i++)
		if (strlen(cols[i].key) == len && strncasecmp(cols[i].key, name, len) == 0)
			return (int)i;
	return -1;
}

static void show(struct out_columns *ret, size_t col, bool named)
{
	for (size_t p = 0; p < ret->n; p++)
		if (ret->order[p] == col) {
			ret->named[p] |= named;
			return; /* named twice: once is enough */
		}
	ret->named[ret->n] = named;
	ret->order[ret->n++] = col;
}

int out_columns_resolve(const struct out_col *cols, size_t ncols, const bool *defaults,
			const struct out_view_opts *view, struct out_columns *ret,
			const char **ret_bad, size_t *ret_bad_len)
{
	ret->n = 0;
	const char *spec = view && view->columns ? view->columns : "";
	bool add = *spec == '+';
	bool everything = view && view->all;
	for (size_t i = 0; i < ncols && i < OUT_MAX_COLUMNS; i++)
		if (everything || ((!*spec || add) && (!defaults || defaults[i])))
			show(ret, i, everything);
	for (const char *p = spec + add; *p && !everything;) {
		size_t len = strcspn(p, ",");
		int col = len ? find_column(cols, ncols, p, len) : -1;
		if (col < 0) {
			if (ret_bad)
				*ret_bad = p, *ret_bad_len = len;
			return -EINVAL;
		}
		show(ret, (size_t)col, true);
		p += len + (p[len] == ',');
	}
	return 0;
}

