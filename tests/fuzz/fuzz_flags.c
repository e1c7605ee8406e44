// SPDX-License-Identifier: GPL-2.0-or-later
/* Flag expressions (--flags, --select) and kpageflags decoding. */
#include "fuzz.h"
/* The suggestions for a misspelt flag are the command layer's. */
#include "../../cmd/advice.c"

FUZZ_ENTRY(flags)
{
	if (size >= 8) {
		/* The first 8 bytes as a raw kpageflags value: decoding never fails. */
		uint64_t raw;
		memcpy(&raw, data, 8);
		char names[1024], tiny[7];
		hwp_flags_format(raw, names, sizeof(names));
		hwp_flags_format(raw, tiny, sizeof(tiny));
		FUZZ_ASSERT(memchr(tiny, '\0', sizeof(tiny)) != NULL);
		(void)hwp_page_unsafe_reason(raw);
	}
	char *expr = fuzz_string(data, size);
	uint64_t mask = 0, value = 0;
	const char *bad = NULL;
	size_t bad_len = 0;
	if (hwp_flags_parse_expr(expr, &mask, &value, &bad, &bad_len) == 0) {
		FUZZ_ASSERT((value & ~mask) == 0);
		/* What the formatter writes parses back to the same filter. */
		char back[2048];
		if (hwp_flags_format_expr(mask, value, back, sizeof(back)) < (int)sizeof(back)) {
			uint64_t m2, v2;
			FUZZ_ASSERT(hwp_flags_parse_expr(back, &m2, &v2, &bad, &bad_len) == 0 || mask == 0);
			FUZZ_ASSERT(mask == 0 || (m2 == mask && v2 == value));
		}
	} else if (bad && bad_len) {
		FUZZ_ASSERT(bad >= expr && bad + bad_len <= expr + size);
		const char *close[4];
		(void)advice_flag_suggest(bad, bad_len, close, 4);
	}
	free(expr);
	return 0;
}
