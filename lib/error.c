#include "error.h"

#include <stdarg.h>
#include <stdio.h>

int pp_error_set(pp_error *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		err->code = code;
		err->file[0] = '\0';
		err->line = 0;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
		va_end(ap);
	}
	return code;
}
