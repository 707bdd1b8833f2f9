/* SPDX-License-Identifier: MIT */
/* Filling a caller's pp_error (which may be NULL) in one place. */
#ifndef PP_ERROR_H
#define PP_ERROR_H

#include "phoneprov.h"

/* Fills err (not tied to a store line) and returns code: "return pp_error_set(...)". */
int pp_error_set(pp_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same, tied to a store file and line. */
int pp_error_set_at(pp_error *err, int code, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
