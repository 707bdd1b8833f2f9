/* SPDX-License-Identifier: MIT */
/*
 * Shared by the store, validation and policy unit tests: stores written into
 * a fresh mkdtemp() folder at test time, a pp_diag_fn that collects every
 * diagnostic, and assertions on (severity, file, line, message).
 * Linked into every unit test; every name starts with th_.
 */
#ifndef PP_TEST_HELPERS_H
#define PP_TEST_HELPERS_H

#include <stddef.h>

#include "phoneprov.h"

/* Call first from main(): finds tests/data from the cwd or beside argv0. */
void th_init(const char *argv0);
/* Absolute path of tests/data/<name> (malloc'd). */
char *th_data(const char *name);

/* A new empty folder under $TMPDIR (malloc'd); removed by th_cleanup(). */
char *th_tmpdir(void);
/* Remove every folder th_tmpdir() made (at exit too; PP_TEST_KEEP=1 keeps them). */
void th_cleanup(void);
/* Write text to dir/name (creating sub-folders); returns the path (malloc'd). */
char *th_write(const char *dir, const char *name, const char *text);

/*
 * Move this process into a network namespace of its own, empty (loopback
 * down): a test that makes the library look up or resolve a client's MAC
 * must never do it on the host's own network.  As root a plain unshare,
 * else inside a user namespace of our own (uid and gid mapped to
 * themselves).  1 when done (or done before), 0 when neither is allowed.
 */
int th_netns(void);

/* The 1-based line of the first occurrence of needle in text; fails if absent. */
#define th_line_of(text, needle) th_line_of_(text, needle, __FILE__, __LINE__)
int th_line_of_(const char *text, const char *needle, const char *file, int line);

/* ---- diagnostics ---------------------------------------------------------- */

typedef struct th_diag {
	enum pp_severity sev;
	char file[512];
	int line;
	char msg[512];
} th_diag;

typedef struct th_diags {
	th_diag *items;
	size_t n, cap;
} th_diags;

/* A pp_diag_fn; ctx is a th_diags *. */
void th_collect(void *ctx, enum pp_severity sev, const char *file, int line, const char *msg);
void th_diags_free(th_diags *d);
size_t th_count(const th_diags *d, enum pp_severity sev);
/* The first diagnostic with that severity, file, line and message substring, or NULL. */
const th_diag *th_find(const th_diags *d, enum pp_severity sev, const char *file, int line,
                       const char *substr);
void th_print(const th_diags *d);

/* Fail (printing every diagnostic) unless th_find() finds one. */
#define th_expect(d, sev, file, line, substr)                                                      \
	th_expect_(d, sev, file, line, substr, __FILE__, __LINE__)
void th_expect_(const th_diags *d, enum pp_severity sev, const char *file, int line,
                const char *substr, const char *where, int at);

/*
 * A loaded store and what loading it said.  th_load_text writes text as
 * <fresh tmpdir>/store.conf and loads it.
 */
typedef struct th_result {
	int rc;
	pp_store *st; /* NULL unless rc == PP_OK */
	pp_error err;
	th_diags diags;
	char *path; /* the store file (malloc'd) */
	char *dir;  /* its folder (malloc'd) */
} th_result;

void th_load_file(th_result *r, const char *path);
void th_load_text(th_result *r, const char *text);
void th_result_free(th_result *r);

/* Fail (printing every diagnostic) unless the load returned rc. */
#define th_expect_rc(r, want) th_expect_rc_(r, want, __FILE__, __LINE__)
void th_expect_rc_(const th_result *r, int want, const char *where, int at);

#endif
