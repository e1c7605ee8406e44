/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A minimal TAP producer for the unit tests. */
#ifndef HWPOISON_TAP_H
#define HWPOISON_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#define ok(cond, ...)                                  \
	do {                                           \
		tap_n++;                               \
		if (cond) {                            \
			printf("ok %d - ", tap_n);     \
		} else {                               \
			tap_failed++;                  \
			printf("not ok %d - ", tap_n); \
		}                                      \
		printf(__VA_ARGS__);                   \
		printf("\n");                          \
	} while (0)

/* Strings equal; on failure both are shown. */
#define is_str(got, want, ...)                                             \
	do {                                                               \
		const char *is_got_ = (got), *is_want_ = (want);           \
		int is_ok_ = is_got_ && strcmp(is_got_, is_want_) == 0;    \
		ok(is_ok_, __VA_ARGS__);                                   \
		if (!is_ok_)                                               \
			printf("# got '%s', expected '%s'\n",             \
			       is_got_ ? is_got_ : "(null)", is_want_);    \
	} while (0)

/* got contains want. */
#define like(got, want, ...)                                               \
	do {                                                               \
		const char *like_got_ = (got);                             \
		ok(like_got_ && strstr(like_got_, (want)), __VA_ARGS__);   \
	} while (0)

static inline int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
