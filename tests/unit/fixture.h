/* SPDX-License-Identifier: MIT */
/*
 * Shared by the unit tests: fixture stores and golden files in tests/data,
 * loaded and compared with cmocka assertions.  Linked into every unit test.
 */
#ifndef PP_TEST_FIXTURE_H
#define PP_TEST_FIXTURE_H

#include <stddef.h>

#include "phoneprov.h"

/* Call first from main(): lets the data folder be found next to the binary. */
void fx_init(const char *argv0);
/* The path of a file in the data folder (static buffer, next call reuses it). */
const char *fx_path(const char *name);
/* A whole file from the data folder, NUL-terminated; NULL when unreadable. */
char *fx_read(const char *name, size_t *len);
/* Load tests/data/<name>; fails the test on error (PP_TEST_VERBOSE=1: warnings too). */
pp_store *fx_load(const char *name);
/* pp_render with no client; returns its status, *data NULL unless PP_OK. */
int fx_render(const pp_store *st, const char *path, char **data, size_t *len);
/* pp_render with no client, failing the test unless it is PP_OK; free with pp_free. */
char *fx_must_render(const pp_store *st, const char *path);
/* Fail, showing both, unless text holds want. */
void fx_assert_has(const char *text, const char *want);
/* Render path and fail unless the bytes equal tests/data/<golden>. */
void fx_assert_golden(const pp_store *st, const char *path, const char *golden);
/* Fail the test unless xmllint --noout accepts the bytes. */
void fx_assert_xml(const char *data, size_t len);

#endif
