/* SPDX-License-Identifier: MIT */
/*
 * Everything status prints from a journal is a client's choosing (a request
 * name, a DHCP host name): no control character, no invalid UTF-8 and no
 * character that reorders or hides text reaches the terminal, and the JSON
 * stays valid.
 */
#include "status.h"

#include <stdio.h>
#include <string.h>

void stamp(time_t t, char *buf, size_t len)
{
	struct tm tm;
	if (!t || !gmtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M:%SZ", &tm))
		snprintf(buf, len, "-");
}

/* A valid UTF-8 sequence at s: its length (2 to 4) and code point; 0 when it is not one. */
static int utf8_seq(const unsigned char *s, unsigned *cp)
{
	unsigned c = s[0], v;
	int n;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) /* a NUL stops here too */
			return 0;
		v = v << 6 | (s[i] & 0x3fu);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10ffff)) ||
	    (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

/* Not a C1 control, nor a character that reorders or hides text (bidi, zero width). */
static int harmless(unsigned cp)
{
	return cp >= 0xa0 && !(cp >= 0x200b && cp <= 0x200f) && !(cp >= 0x2028 && cp <= 0x202e) &&
	       !(cp >= 0x2060 && cp <= 0x206f) && cp != 0xfeff && !(cp >= 0xfff9 && cp <= 0xfffb);
}

/* s for a terminal: printable ASCII and harmless UTF-8 as they are, \\ and \xHH for the rest. */
const char *esc(const char *s, char *out, size_t len)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && o + 5 < len;) {
		unsigned cp;
		int n;
		if (*p >= 0x20 && *p < 0x7f && *p != '\\') {
			out[o++] = (char)*p++;
		} else if (*p == '\\') {
			out[o++] = '\\';
			out[o++] = '\\';
			p++;
		} else if ((n = utf8_seq(p, &cp)) != 0 && harmless(cp)) {
			if (o + (size_t)n + 1 >= len)
				break;
			memcpy(out + o, p, (size_t)n);
			o += (size_t)n;
			p += n;
		} else {
			o += (size_t)snprintf(out + o, len - o, "\\x%02x", *p++);
		}
	}
	out[o] = '\0';
	return out;
}

/* A JSON string: valid UTF-8 out whatever came in (U+FFFD for a byte that is not UTF-8). */
void json_str(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
		unsigned cp;
		int n;
		if (*p == '"' || *p == '\\') {
			printf("\\%c", *p++);
		} else if (*p >= 0x20 && *p < 0x7f) {
			putchar(*p++);
		} else if (*p < 0x80) {
			printf("\\u%04x", *p++);
		} else if ((n = utf8_seq(p, &cp)) != 0) {
			if (harmless(cp))
				fwrite(p, 1, (size_t)n, stdout);
			else
				printf("\\u%04x",
				       cp); /* every one that is not harmless is below U+10000 */
			p += n;
		} else {
			printf("\\ufffd");
			p++;
		}
	}
	putchar('"');
}

void json_time(time_t t)
{
	char buf[32];
	if (!t) {
		printf("null");
		return;
	}
	stamp(t, buf, sizeof(buf));
	json_str(buf);
}
