/* SPDX-License-Identifier: MIT */
/*
 * What a string must be to go into any file phoneprov writes: no control
 * character, valid UTF-8 without typographic quotes, within its length, and
 * without '"' where it lands in a .cnf line.  Shared by every level, the raw
 * groups and the top level.
 */
#include "load.h"

#include <string.h>

#define PATH(s) pp_path((s), path, sizeof(path))

static int utf8_ok(const unsigned char *p, int *curly, int *nonascii)
{
	while (*p) {
		unsigned c = *p, need, cp;
		if (c < 0x80) {
			p++;
			continue;
		}
		*nonascii = 1;
		if (c >= 0xc2 && c <= 0xdf)
			need = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			need = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 3, cp = c & 0x07;
		else
			return 0;
		for (unsigned i = 1; i <= need; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		if (cp == 0x201c || cp == 0x201d || cp == 0x2018 || cp == 0x2019)
			*curly = 1;
		p += need + 1;
	}
	return 1;
}

/* A setting's path is built only for a message: building it for every value was slow. */
#define WHAT (what ? what : PATH(s))

/* v from setting s (file, line), or named what when it comes from elsewhere. */
static int check(pp_load *ld, const config_setting_t *s, const char *file, int line,
                 const char *what, const char *v, size_t maxlen, int for_cnf)
{
	char path[128];
	int curly = 0, nonascii = 0;
	size_t len = strlen(v);

	for (const char *p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f) {
			pp_report(ld, PP_ERROR, file, line,
			          "%s contains a control character (0x%02x); a newline or tab "
			          "would break the file it lands in",
			          WHAT, c);
			return -1;
		}
		if (c == '"' && for_cnf == PP_STR_CNF) {
			pp_report(ld, PP_ERROR, file, line,
			          "%s contains '\"', which a .cnf value cannot hold", WHAT);
			return -1;
		}
	}
	if (!utf8_ok((const unsigned char *)v, &curly, &nonascii)) {
		pp_report(ld, PP_ERROR, file, line, "%s is not valid UTF-8", WHAT);
		return -1;
	}
	if (curly) {
		pp_report(ld, PP_ERROR, file, line,
		          "%s contains a typographic quote (\xe2\x80\x9c \xe2\x80\x9d); "
		          "phones need plain ASCII",
		          WHAT);
		return -1;
	}
	if (maxlen && len > maxlen) {
		pp_report(ld, PP_ERROR, file, line, "%s is %zu characters long; at most %zu fit",
		          WHAT, len, maxlen);
		return -1;
	}
	if (nonascii && for_cnf)
		pp_report(ld, PP_WARNING, file, line,
		          "%s is not plain ASCII; 79x0 phones may show it garbled", WHAT);
	return 0;
}

int pp_check_string(pp_load *ld, const config_setting_t *s, const char *v, size_t maxlen,
                    int for_cnf)
{
	return check(ld, s, pp_setting_file(ld, s), s ? (int)config_setting_source_line(s) : 0,
	             NULL, v, maxlen, for_cnf);
}

int pp_check_value(pp_load *ld, const char *file, int line, const char *what, const char *v,
                   size_t maxlen, int for_cnf)
{
	return check(ld, NULL, file, line, what, v, maxlen, for_cnf);
}

int pp_not_base_name(const char *v)
{
	return strpbrk(v, "/\\ ") != NULL;
}
