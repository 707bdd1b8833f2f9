/* SPDX-License-Identifier: MIT */
/* Private to cmd_import.c, import_scan.c and import_summary.c: what import found in DIR. */
#ifndef PP_IMPORT_SCAN_H
#define PP_IMPORT_SCAN_H

#include "import.h"

typedef struct seen {
	char *name;
	enum pp_kind kind;
	int imported;
} seen;

typedef struct scan {
	const char *root;
	int dirfd;
	seen *names; /* every name of ours in DIR that is a regular file, sorted */
	size_t nnames;
	imp_file def;
	int has_def;
	imp_file *phones;
	size_t nphones;
	imp_shared sh;
	int errors;
} scan;

/* Every file of ours in DIR into sc, each read by its reader; -1 (errno) when DIR cannot be. */
int imp_scan_dir(scan *sc);
/* The whole of a regular file in DIR, never through a symlink nor a FIFO; NULL (errno). */
char *imp_read_at(const scan *sc, const char *name, size_t *len);
/* dir/name, malloc'd. */
char *imp_join(const char *dir, const char *name);
/* pp_store_load's diagnostics: errors only, as "phoneprov import: CTX:LINE: error: ..." */
void imp_quiet_diag(void *ctx, enum pp_severity sev, const char *file, int line,
                    const char *message);
/*
 * What the new store would serve in place of the files in DIR: those to
 * remove once it serves, those it replaces without having imported them,
 * and those still served from disk.  -1 when the store does not load; 1
 * when it loses a key the phone read (a bug, but a script must not go on
 * to serve it).
 */
int imp_summary(const scan *sc, const char *store, const char *shown);

#endif
