/* SPDX-License-Identifier: MIT */
/*
 * Shared by the libFuzzer targets in tests/fuzz (build: mk/fuzz.mk, run:
 * tests/fuzz/run.sh).  Every check that fails calls fz_fail(), which prints
 * what was wrong and the offending output, then abort()s: libFuzzer saves the
 * input as a crash.
 */
#ifndef PP_FUZZ_H
#define PP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "phoneprov.h"

/* libFuzzer's entry points. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Print "fuzz check failed: WHAT" and the output it was about, then abort(). */
void fz_fail(const char *what, const char *name, const char *out, size_t len)
    __attribute__((noreturn));

/*
 * Load config text as a store.  The text goes into a memfd and is loaded as
 * /proc/self/fd/N, so nothing touches the disk.  Text holding "@include"
 * anywhere is refused before libconfig sees it (returns 1, *out NULL): an
 * include would read arbitrary files.  Otherwise returns 0 and whatever
 * pp_store_load said is in *rc.
 */
int fz_load(const uint8_t *data, size_t size, pp_store **out, int *rc, pp_diag_fn diag, void *ctx,
            pp_error *err);
/* The memfd's path, /proc/self/fd/N (valid after the first fz_load). */
const char *fz_store_path(void);

/*
 * Well-formedness, checked in-process.  Each returns NULL when the output is
 * fine, else a static string saying what is wrong.
 */
/* XML 1.0: one root element named root (NULL: any), see wellformed.c. */
const char *fz_xml_check(const char *out, size_t len, const char *root);
/*
 * A .cnf file: every line `^[a-z0-9_]+: ("[^"\n]*"|-?[0-9]+)$`, no key twice;
 * global (SIPDefault.cnf): no key with "password" in it.
 */
const char *fz_cnf_check(const char *out, size_t len, int global);
/* Valid UTF-8 with no control characters other than those allowed in ok. */
const char *fz_text_check(const char *out, size_t len, const char *ok);

#endif
