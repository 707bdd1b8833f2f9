/* SPDX-License-Identifier: MIT */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void fz_fail(const char *what, const char *name, const char *out, size_t len)
{
	fprintf(stderr, "\nfuzz check failed: %s%s%s\n", what, name ? ": " : "", name ? name : "");
	if (out) {
		fprintf(stderr, "---- output (%zu bytes) ----\n", len);
		fwrite(out, 1, len, stderr);
		fprintf(stderr, "\n---- end of output ----\n");
	}
	abort();
}

static int memfd = -1;
static char memfd_path[64];

const char *fz_store_path(void)
{
	return memfd_path;
}

int fz_load(const uint8_t *data, size_t size, pp_store **out, int *rc, pp_diag_fn diag, void *ctx,
            pp_error *err)
{
	*out = NULL;
	/* @include is off for the fuzzers: it would read arbitrary files. */
	if (memmem(data, size, "@include", 8))
		return 1;
	if (memfd < 0) {
		memfd = memfd_create("phoneprov-fuzz.conf", MFD_CLOEXEC);
		if (memfd < 0) {
			perror("memfd_create");
			abort();
		}
		snprintf(memfd_path, sizeof(memfd_path), "/proc/self/fd/%d", memfd);
	}
	if (ftruncate(memfd, 0) != 0 || (size && pwrite(memfd, data, size, 0) != (ssize_t)size)) {
		perror("writing the store to the memfd");
		abort();
	}
	*rc = pp_store_load(out, memfd_path, diag, ctx, err);
	return 0;
}
