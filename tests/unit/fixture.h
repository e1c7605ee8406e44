/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fixture tree of tests/cli/lib.sh, for unit tests that need a kernel's files. */
#ifndef HWPOISON_FIXTURE_H
#define HWPOISON_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

/* A fresh fixture tree at root (removed first). */
static inline void fixture_make(const char *root)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf %s && bash -c '. tests/cli/lib.sh; make_fixture %s'", root,
		 root);
	if (system(cmd) != 0)
		abort();
}

/* What a file of the tree (a kernel path) holds now; "" when it cannot be read. */
static inline void fixture_read(const char *root, const char *kpath, char *buf, size_t len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s%s", root, kpath);
	buf[0] = '\0';
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	size_t n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

#endif
