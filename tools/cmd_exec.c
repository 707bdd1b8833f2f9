/* SPDX-License-Identifier: MIT */
/*
 * phoneprov exec: like faketime or eatmydata, put the shim in front of a
 * server.  The store is checked first so a broken store fails here, loudly,
 * rather than inside a daemon whose stderr nobody reads.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PP_PRELOAD_PATH
#define PP_PRELOAD_PATH "/usr/local/lib/phoneprov/libphoneprov-preload.so"
#endif

/* The shim beside this binary (a build tree), else the installed one. */
static int find_shim(char *out, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		snprintf(out, len, "%s/libphoneprov-preload.so", dirname(self));
		if (access(out, R_OK) == 0)
			return 0;
	}
	snprintf(out, len, "%s", PP_PRELOAD_PATH);
	return access(out, R_OK) == 0 ? 0 : -1;
}

int cmd_exec(cli *c, int argc, char **argv)
{
	/* '+': the options end at the server's name (or at --); the rest is the server's. */
	int opt, rc;
	while ((opt = cli_getopt(c, argc, argv, "+", NULL, &rc)) != CLI_END)
		if (opt == CLI_EXIT)
			return rc;
	int i = optind;
	if (i >= argc) {
		cli_usage_error(c, "exec: which server? e.g. exec -- in.tftpd --listen ...");
		return EXIT_USAGE;
	}

	char shim[PATH_MAX];
	if (find_shim(shim, sizeof(shim)) < 0) {
		fprintf(stderr,
		        "%s: exec: the shim is not installed (looked beside %s and at %s)\n",
		        c->prog, c->prog, PP_PRELOAD_PATH);
		return EXIT_STORE;
	}
	pp_store *st;
	rc = cli_load(c, &st, 1);
	if (rc != EXIT_OK)
		return rc;
	pp_store_free(st);

	if (c->config) {
		char abs[PATH_MAX];
		if (!realpath(c->config, abs)) {
			fprintf(stderr, "%s: %s: %s\n", c->prog, c->config, strerror(errno));
			return EXIT_STORE;
		}
		setenv("PHONEPROV_CONFIG", abs, 1);
	}
	const char *old = getenv("LD_PRELOAD");
	size_t len = strlen(shim) + (old ? strlen(old) + 2 : 1);
	char *preload = malloc(len);
	if (!preload) {
		perror("phoneprov");
		return EXIT_STORE;
	}
	/* First in the list: libraries that wrap open() themselves must see ours. */
	snprintf(preload, len, "%s%s%s", shim, old && *old ? ":" : "", old ? old : "");
	setenv("LD_PRELOAD", preload, 1);
	free(preload);
	execvp(argv[i], argv + i);
	fprintf(stderr, "%s: exec: %s: %s\n", c->prog, argv[i], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
