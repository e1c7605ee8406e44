/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Each fuzz_NAME.c defines its entry with FUZZ_ENTRY(NAME). Built with
 * clang -fsanitize=fuzzer it is libFuzzer's LLVMFuzzerTestOneInput; built
 * into tests/unit/test_fuzz_corpus (FUZZ_REPLAY) it is fuzz_NAME_one, which
 * replays the seed corpus and every crash once found, in `make check`.
 */
#ifndef HWPOISON_FUZZ_H
#define HWPOISON_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hwpoison/hwpoison.h"
#include "internal.h"

#ifdef FUZZ_REPLAY
#define FUZZ_ENTRY(name) int fuzz_##name##_one(const uint8_t *data, size_t size)
#else
#define FUZZ_ENTRY(name) int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
#endif

/* A NUL-terminated copy of the input, for parsers that take C strings. */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A broken invariant is a crash, so libFuzzer keeps the input. */
#define FUZZ_ASSERT(cond) \
	do {              \
		if (!(cond))  \
			abort(); \
	} while (0)

#endif
