/* SPDX-License-Identifier: MIT */
/*
 * A 79x0 .cnf file as real TFTP roots hold it (research/lifecycle.md section
 * 3): `key: value`, `key : "value"`, `key:"v"`, inline `; comments`, CME's
 * bare trailing `;`, a `;begin` line, whole-line `#` comments, CRLF and LF
 * mixed, and files pasted from a blog with typographic quotes and
 * non-breaking spaces.  What a phone would take as one setting becomes one
 * entry; anything that is not text is refused whole.
 */
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void warn(const imp_file *f, int line, const char *msg)
{
	fprintf(stderr, "%s:%d: warning: %s\n", f->path, line, msg);
}

static int fail(const imp_file *f, int line, const char *msg)
{
	fprintf(stderr, "%s:%d: error: %s; %s not imported\n", f->path, line, msg, f->name);
	return -1;
}

/* fold: a .cnf key, which the phone reads in any case; else a store key, kept as it is. */
static int add_key(imp_file *f, const char *key, size_t klen, const char *val, size_t vlen,
                   int line, int fold)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 32;
		imp_entry *e = realloc(f->e, cap * sizeof(*e));
		if (!e)
			return -1;
		f->e = e;
		f->cap = cap;
	}
	imp_entry *e = &f->e[f->n];
	e->key = malloc(klen + 1);
	e->value = malloc(vlen + 1);
	if (!e->key || !e->value) {
		free(e->key);
		free(e->value);
		return -1;
	}
	for (size_t i = 0; i < klen; i++)
		e->key[i] =
		    (char)(fold && key[i] >= 'A' && key[i] <= 'Z' ? key[i] - 'A' + 'a' : key[i]);
	e->key[klen] = '\0';
	memcpy(e->value, val, vlen);
	e->value[vlen] = '\0';
	e->line = line;
	e->dropped = 0;
	e->from = NULL;
	e->raw = NULL;
	f->n++;
	return 0;
}

static int add(imp_file *f, const char *key, size_t klen, const char *val, size_t vlen, int line)
{
	return add_key(f, key, klen, val, vlen, line, 1);
}

int imp_add(imp_file *f, const char *key, const char *value, int line, const char *from)
{
	if (add_key(f, key, strlen(key), value, strlen(value), line, 0) < 0)
		return -1;
	f->e[f->n - 1].from = from;
	return 0;
}

static int is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/*
 * One line, NUL-terminated, without its line break.  0: an entry or nothing
 * (blank, a comment); -1: an error, said.
 */
typedef struct pasted {
	int first; /* the first line with typographic quotes or non-breaking spaces */
	int lines; /* how many lines have them */
} pasted;

static int parse_line(imp_file *f, char *s, size_t len, int line, pasted *web)
{
	if (imp_asciify(s, &len)) {
		web->first = web->first ? web->first : line;
		web->lines++;
	}
	if (!imp_utf8_valid((const unsigned char *)s, len))
		return fail(f, line, "not valid UTF-8 text");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return fail(f, line, "a control character: not a text .cnf file");
	}

	const char *p = s;
	while (*p == ' ' || *p == '\t')
		p++;
	/* ;begin, ;end, "; a note", and # comment lines: nothing for the phone. */
	if (!*p || *p == '#' || *p == ';')
		return 0;
	const char *key = p;
	while (is_key_char(*p))
		p++;
	size_t klen = (size_t)(p - key);
	while (*p == ' ' || *p == '\t')
		p++;
	if (!klen || (*p != ':' && *p != '='))
		return fail(f, line, "not a `key: value` line");
	if (*p == '=')
		warn(f, line,
		     "`key=value`: read as `key: value`, the form the store writes (a phone may "
		     "not have read this line)");
	for (size_t i = 0; i < klen; i++)
		if (key[i] >= 'A' && key[i] <= 'Z') {
			warn(f, line, "key in upper case: read in lower case, as phones write it");
			break;
		}
	p++;
	while (*p == ' ' || *p == '\t')
		p++;

	const char *val, *end;
	if (*p == '"') {
		/* Quoted: kept as written, spaces, '#' and ';' included. */
		val = ++p;
		end = strchr(p, '"');
		if (!end)
			return fail(f, line, "a quoted value without its closing '\"'");
		p = end + 1;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p && *p != ';' && *p != '#')
			return fail(f, line, "text after the closing '\"' of a value");
	} else {
		/* Bare: up to an inline `; comment` (CME's trailing ';' included). */
		val = p;
		end = p + strcspn(p, ";");
		while (end > val && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (memchr(val, '"', (size_t)(end - val)))
			return fail(f, line, "a '\"' inside a value that does not start with one");
	}
	if (add(f, key, klen, val, (size_t)(end - val), line) < 0)
		return fail(f, line, "out of memory");
	return 0;
}

int imp_cnf_parse(imp_file *f, const char *data, size_t len)
{
	char *buf = malloc(IMP_MAX_LINE + 1);
	int line = 1;
	pasted web = {0, 0};

	if (!buf)
		return fail(f, 0, "out of memory");
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		warn(f, 1, "a UTF-8 byte order mark: dropped");
		data += 3;
		len -= 3;
	}
	for (size_t i = 0; i < len; line++) {
		size_t start = i;
		while (i < len && data[i] != '\n' && data[i] != '\r' && data[i] != '\0')
			i++;
		if (i < len && data[i] == '\0') {
			free(buf);
			return fail(f, line, "a NUL byte: not a text .cnf file");
		}
		size_t n = i - start;
		if (n > IMP_MAX_LINE) {
			free(buf);
			return fail(f, line, "a line over 4096 bytes: not a .cnf file");
		}
		memcpy(buf, data + start, n);
		buf[n] = '\0';
		/* CRLF, LF and a lone CR each end one line. */
		if (i < len && data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
			i++;
		if (i < len)
			i++;
		if (parse_line(f, buf, n, line, &web) < 0) {
			free(buf);
			return -1;
		}
	}
	free(buf);
	if (web.lines) {
		char msg[160];
		snprintf(msg, sizeof(msg),
		         "typographic quotes or non-breaking spaces (text pasted from a web page?) "
		         "on %d line%s from here on, read as plain ASCII ones",
		         web.lines, web.lines == 1 ? "" : "s");
		warn(f, web.first, msg);
	}
	return 0;
}

void imp_file_free(imp_file *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->e[i].key);
		free(f->e[i].value);
	}
	free(f->e);
	f->e = NULL;
	f->n = f->cap = 0;
	if (f->xml) {
		imp_xdoc_free(f->xml);
		free(f->xml);
		f->xml = NULL;
	}
	imp_leaves_free(f->left, f->nleft);
	f->left = NULL;
	f->nleft = 0;
	for (size_t i = 0; i < f->nadded; i++)
		free(f->added[i]);
	free(f->added);
	f->added = NULL;
	f->nadded = 0;
}
