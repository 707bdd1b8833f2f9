/* SPDX-License-Identifier: MIT */
/*
 * Text as the files of a TFTP root hold it, for every reader of import:
 * typographic quotes and non-breaking spaces pasted from a web page read as
 * ASCII (with a warning), and anything that is not text refused whole, so
 * the store never holds bytes a phone's file could not.
 */
#include "import.h"

#include <stdio.h>
#include <string.h>

/*
 * Pasted text: U+201C/U+201D become '"', U+2018/U+2019 '\'', U+00A0 ' ',
 * in place (each is longer than its replacement).  Returns how many.
 */
size_t imp_asciify(char *s, size_t *len)
{
	size_t r = 0, w = 0, n = 0;

	while (r < *len) {
		const unsigned char *p = (const unsigned char *)s + r;
		if (r + 2 < *len && p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0x98 && p[2] <= 0x9d &&
		    p[2] != 0x9a && p[2] != 0x9b) {
			s[w++] = p[2] >= 0x9c ? '"' : '\'';
			r += 3;
			n++;
		} else if (r + 1 < *len && p[0] == 0xc2 && p[1] == 0xa0) {
			s[w++] = ' ';
			r += 2;
			n++;
		} else {
			s[w++] = s[r++];
		}
	}
	*len = w;
	s[w] = '\0';
	return n;
}

/* 1 when s[0..len) is UTF-8 (a phone reads bytes, but the store must hold valid text). */
int imp_utf8_valid(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned c = s[i], need;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			need = 1;
		else if (c >= 0xe0 && c <= 0xef)
			need = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 3;
		else
			return 0;
		if (i + need >= len)
			return 0;
		for (unsigned k = 1; k <= need; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
		/* overlong three- and four-byte forms, surrogates, beyond U+10FFFF */
		if ((c == 0xe0 && s[i + 1] < 0xa0) || (c == 0xed && s[i + 1] >= 0xa0) ||
		    (c == 0xf0 && s[i + 1] < 0x90) || (c == 0xf4 && s[i + 1] >= 0x90))
			return 0;
		i += need + 1;
	}
	return 1;
}

/* 1 when data[0..len) has a pasted character at i. */
static int pasted_at(const unsigned char *p, size_t i, size_t len)
{
	return (i + 2 < len && p[i] == 0xe2 && p[i + 1] == 0x80 && p[i + 2] >= 0x98 &&
	        p[i + 2] <= 0x9d && p[i + 2] != 0x9a && p[i + 2] != 0x9b) ||
	       (i + 1 < len && p[i] == 0xc2 && p[i + 1] == 0xa0);
}

int imp_text_check(const imp_file *f, char *data, size_t *len)
{
	const unsigned char *u = (const unsigned char *)data;
	int line = 1, first = 0, lines = 0, counted = 0;

	for (size_t i = 0; i < *len; i++) {
		if (!counted && pasted_at(u, i, *len)) {
			first = first ? first : line;
			lines++;
			counted = 1;
		}
		if (data[i] == '\n') {
			line++;
			counted = 0;
		}
	}
	if (lines)
		fprintf(stderr,
		        "%s:%d: warning: typographic quotes or non-breaking spaces (text pasted "
		        "from a web page?) on %d line%s from here on, read as plain ASCII ones\n",
		        f->path, first, lines, lines == 1 ? "" : "s");
	imp_asciify(data, len);
	line = 1;
	for (size_t s = 0; s < *len; line++) {
		size_t e = s;
		while (e < *len && data[e] != '\n')
			e++;
		if (!imp_utf8_valid(u + s, e - s)) {
			fprintf(stderr, "%s:%d: error: not valid UTF-8 text; %s not imported\n",
			        f->path, line, f->name);
			return -1;
		}
		for (size_t i = s; i < e; i++)
			if ((u[i] < 0x20 && u[i] != '\t' && u[i] != '\r') || u[i] == 0x7f) {
				fprintf(stderr, "%s:%d: error: %s; %s not imported\n", f->path,
				        line,
				        u[i] ? "a control character: not a text file"
				             : "a NUL byte: not a text file",
				        f->name);
				return -1;
			}
		s = e + 1;
	}
	return 0;
}
