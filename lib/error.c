/* SPDX-License-Identifier: MIT */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

static int fill(pp_error *err, int code, const char *file, int line, const char *fmt, va_list ap)
{
	if (err) {
		err->code = code;
		/* a long path is cut short here, and said in full to the diag callback */
		snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
		err->line = line;
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
	}
	return code;
}

int pp_error_set(pp_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fill(err, code, "", 0, fmt, ap);
	va_end(ap);
	return code;
}

int pp_error_set_at(pp_error *err, int code, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fill(err, code, file, line, fmt, ap);
	va_end(ap);
	return code;
}
