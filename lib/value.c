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

int pp_check_string(pp_load *ld, const config_setting_t *s, const char *v, size_t maxlen,
                    int for_cnf)
{
	char path[128];
	int curly = 0, nonascii = 0;
	size_t len = strlen(v);

	for (const char *p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f) {
			pp_report_at(ld, PP_ERROR, s,
			             "%s contains a control character (0x%02x); a newline or tab "
			             "would break the file it lands in",
			             PATH(s), c);
			return -1;
		}
		if (c == '"' && for_cnf == PP_STR_CNF) {
			pp_report_at(ld, PP_ERROR, s,
			             "%s contains '\"', which a .cnf value cannot hold", PATH(s));
			return -1;
		}
	}
	if (!utf8_ok((const unsigned char *)v, &curly, &nonascii)) {
		pp_report_at(ld, PP_ERROR, s, "%s is not valid UTF-8", PATH(s));
		return -1;
	}
	if (curly) {
		pp_report_at(ld, PP_ERROR, s,
		             "%s contains a typographic quote (\xe2\x80\x9c \xe2\x80\x9d); "
		             "phones need plain ASCII",
		             PATH(s));
		return -1;
	}
	if (maxlen && len > maxlen) {
		pp_report_at(ld, PP_ERROR, s, "%s is %zu characters long; at most %zu fit", PATH(s),
		             len, maxlen);
		return -1;
	}
	if (nonascii && for_cnf)
		pp_report_at(ld, PP_WARNING, s,
		             "%s is not plain ASCII; 79x0 phones may show it garbled", PATH(s));
	return 0;
}

int pp_not_base_name(const char *v)
{
	return strpbrk(v, "/\\ ") != NULL;
}
