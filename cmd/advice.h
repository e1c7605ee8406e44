/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Advice in words from the library's facts (advice.c): no other part of cmd/ needed. */
#ifndef HWPOISON_ADVICE_H
#define HWPOISON_ADVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hwpoison/hwpoison.h"

/*
 * What a target's huge page was and (acted) what the kernel made of it:
 * "part of a 2 MiB THP (head pfn 0x200): split up by the kernel, 1 of its
 * 512 pages now poisoned". snprintf semantics; "" for no huge page.
 */
int advice_huge_note(const struct hwp_huge *h, const struct hwp_huge_outcome *outcome, bool acted,
		     unsigned page_shift, char *buf, size_t len);
/* Why an unpoison met EBUSY, from who the report says holds the page: true with words. */
bool advice_unpoison_busy(const struct hwp_page_report *rep, char *buf, size_t len);
/* Levenshtein distance of a[0..la) and b, ignoring case; SIZE_MAX past 62 characters. */
size_t advice_edit_distance(const char *a, size_t la, const char *b);
/* Up to max flag names closest to a misspelt one, best first; returns how many. */
size_t advice_flag_suggest(const char *name, size_t len, const char **ret_names, size_t max);

#endif
