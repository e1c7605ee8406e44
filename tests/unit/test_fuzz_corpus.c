// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every fuzz target over its seed corpus and every input that once crashed
 * it (tests/fuzz/corpus/NAME, tests/fuzz/regressions/NAME). A crash here
 * kills the program, which tests/run-all counts as a failure.
 */
#define FUZZ_REPLAY
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "../fuzz/fuzz_flags.c"
#include "../fuzz/fuzz_journal.c"
#include "../fuzz/fuzz_journal_file.c"
#include "../fuzz/fuzz_numbers.c"
#include "../fuzz/fuzz_pfnlist.c"
#include "../fuzz/fuzz_tracefmt.c"
#include "../fuzz/fuzz_verdict.c"
#include "../fuzz/fuzz_qemu.c"
#include "tap.h"

typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

/* Run fn over every file of dir; the number run, or -1 when dir is missing. */
static int replay_dir(const char *dir, fuzz_fn fn)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? -1 : -2;
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		static uint8_t buf[1 << 16];
		ssize_t len = read(fd, buf, sizeof(buf));
		close(fd);
		if (len < 0)
			continue;
		/* A private copy, so ASan sees reads past the input's end. */
		uint8_t *copy = malloc((size_t)len + 1);
		memcpy(copy, buf, (size_t)len);
		fn(copy, (size_t)len);
		free(copy);
		n++;
	}
	closedir(d);
	return n;
}

int main(void)
{
	static const struct {
		const char *name;
		fuzz_fn fn;
	} targets[] = {
		{ "pfnlist", fuzz_pfnlist_one }, { "flags", fuzz_flags_one },
		{ "numbers", fuzz_numbers_one }, { "verdict", fuzz_verdict_one },
		{ "journal", fuzz_journal_one }, { "tracefmt", fuzz_tracefmt_one },
		{ "journal_file", fuzz_journal_file_one }, { "qemu", fuzz_qemu_one },
	};
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		char dir[256];
		snprintf(dir, sizeof(dir), "tests/fuzz/corpus/%s", targets[i].name);
		int n = replay_dir(dir, targets[i].fn);
		ok(n > 0, "fuzz target %s: %d seed inputs replayed", targets[i].name, n);
		snprintf(dir, sizeof(dir), "tests/fuzz/regressions/%s", targets[i].name);
		n = replay_dir(dir, targets[i].fn);
		ok(n != -2, "fuzz target %s: %d regression inputs replayed", targets[i].name,
		   n < 0 ? 0 : n);
	}
	return done_testing();
}
