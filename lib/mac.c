/* SPDX-License-Identifier: MIT */
#include "phoneprov.h"

#include <ctype.h>
#include <string.h>

/*
 * Accepted shapes, one separator style per MAC:
 *   001bd4123456  00:1b:d4:12:34:56  00-1B-D4-12-34-56  001B.D412.3456
 * Anything else (spaces, mixed separators, short groups) is rejected, so a
 * typo in the store is an error rather than a phone that never matches.
 */
static int shape_ok(const char *t, size_t len)
{
	switch (len) {
	case 12:
		return 1;
	case 17:
		for (size_t i = 2; i < 17; i += 3)
			if (t[i] != t[2] || (t[i] != ':' && t[i] != '-'))
				return 0;
		return 1;
	case 14:
		return t[4] == '.' && t[9] == '.';
	default:
		return 0;
	}
}

PP_API int pp_mac_parse(const char *text, char out[PP_MAC_LEN + 1])
{
	size_t n = 0;

	if (!text || !out)
		return PP_EARG;
	size_t len = strnlen(text, 18);
	if (!shape_ok(text, len))
		return PP_EARG;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == ':' || c == '-' || c == '.')
			continue;
		if (!isxdigit(c) || n == PP_MAC_LEN)
			return PP_EARG;
		out[n++] = (char)toupper(c);
	}
	if (n != PP_MAC_LEN)
		return PP_EARG;
	out[n] = '\0';
	return PP_OK;
}
