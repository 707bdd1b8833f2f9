/* SPDX-License-Identifier: MIT */
/*
 * In-process well-formedness checks for what the renderers produce, strict
 * on purpose: anything a real XML parser or a 79x0's .cnf reader could choke
 * on is an error, and so is anything our renderers never emit (CDATA, a
 * DOCTYPE, non-ASCII element names), which would mean a renderer went wrong.
 *
 * XML (a subset of XML 1.0 fifth edition, no external library):
 *   - the whole document is valid UTF-8 (no overlong forms, surrogates or
 *     code points past U+10FFFF) and every character is an XML Char
 *     (#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]);
 *   - an optional <?xml version="1.0" encoding="UTF-8"?> first, then exactly
 *     one root element, with only white space, comments and processing
 *     instructions around it;
 *   - tags balanced and properly nested, names [A-Za-z_:][A-Za-z0-9_:.-]*;
 *   - attributes Name="value" or Name='value', quoted, each name once per tag;
 *   - no raw '<' in text or attribute values, '&' only as &amp; &lt; &gt;
 *     &quot; &apos; or a character reference to an XML Char, no "]]>" in text.
 */
#include "fuzz.h"

#include <string.h>

/* Length of the UTF-8 sequence at p (0 when invalid), code point in *cp. */
static size_t utf8_at(const unsigned char *p, const unsigned char *end, unsigned *cp)
{
	unsigned c = p[0], need, v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		need = 1, v = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		need = 2, v = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 3, v = c & 0x07;
	else
		return 0;
	if ((size_t)(end - p) <= need)
		return 0;
	for (unsigned i = 1; i <= need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3f);
	}
	if ((need == 2 && v < 0x800) || (need == 3 && (v < 0x10000 || v > 0x10ffff)) ||
	    (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return need + 1;
}

static int xml_char(unsigned cp)
{
	return cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
	       (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

const char *fz_text_check(const char *out, size_t len, const char *ok)
{
	const unsigned char *p = (const unsigned char *)out, *end = p + len;

	while (p < end) {
		unsigned cp;
		size_t n = utf8_at(p, end, &cp);

		if (!n)
			return "invalid UTF-8";
		if ((cp < 0x20 || cp == 0x7f) && !(cp && strchr(ok, (int)cp)))
			return "a control character";
		p += n;
	}
	return NULL;
}

/* ---- XML ------------------------------------------------------------------ */

#define MAX_DEPTH 256
#define MAX_ATTRS 32

typedef struct xp {
	const char *p, *end;
} xp;

static int at(const xp *x, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(x->end - x->p) >= n && memcmp(x->p, s, n) == 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int skip_space(xp *x)
{
	const char *start = x->p;
	while (x->p < x->end && is_space(*x->p))
		x->p++;
	return x->p != start;
}

static int name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':';
}

static int name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* A Name at x->p: its length (0 when there is none). */
static size_t name(xp *x)
{
	const char *s = x->p;
	if (x->p >= x->end || !name_start(*x->p))
		return 0;
	while (x->p < x->end && name_char(*x->p))
		x->p++;
	return (size_t)(x->p - s);
}

/* A reference after '&' (x->p is at the '&'). */
static const char *reference(xp *x)
{
	static const char *const ents[] = {"amp;", "lt;", "gt;", "quot;", "apos;"};
	unsigned long v = 0;
	int digits = 0;

	x->p++;
	if (x->p < x->end && *x->p == '#') {
		int hex = 0;
		x->p++;
		if (x->p < x->end && *x->p == 'x') {
			hex = 1;
			x->p++;
		}
		for (; x->p < x->end && *x->p != ';'; x->p++, digits++) {
			char c = *x->p;
			unsigned d;
			if (c >= '0' && c <= '9')
				d = (unsigned)(c - '0');
			else if (hex && c >= 'a' && c <= 'f')
				d = (unsigned)(c - 'a' + 10);
			else if (hex && c >= 'A' && c <= 'F')
				d = (unsigned)(c - 'A' + 10);
			else
				return "a malformed character reference";
			v = v * (hex ? 16 : 10) + d;
			if (v > 0x10ffff)
				return "a character reference past U+10FFFF";
		}
		if (x->p >= x->end || !digits)
			return "a malformed character reference";
		x->p++;
		return xml_char((unsigned)v) ? NULL : "a character reference to a non-Char";
	}
	for (size_t i = 0; i < sizeof(ents) / sizeof(ents[0]); i++) {
		if (at(x, ents[i])) {
			x->p += strlen(ents[i]);
			return NULL;
		}
	}
	return "a raw '&' or an undeclared entity";
}

/* A quoted attribute value (x->p at the quote). */
static const char *attr_value(xp *x)
{
	char q;
	if (x->p >= x->end || (*x->p != '"' && *x->p != '\''))
		return "an attribute value without quotes";
	q = *x->p++;
	while (x->p < x->end && *x->p != q) {
		if (*x->p == '<')
			return "a raw '<' in an attribute value";
		if (*x->p == '&') {
			const char *e = reference(x);
			if (e)
				return e;
			continue;
		}
		x->p++;
	}
	if (x->p >= x->end)
		return "an unterminated attribute value";
	x->p++;
	return NULL;
}

/* <!-- ... --> (x->p at "<!--"). */
static const char *comment(xp *x)
{
	x->p += 4;
	for (; x->p < x->end; x->p++) {
		if (at(x, "--")) {
			if (at(x, "-->")) {
				x->p += 3;
				return NULL;
			}
			return "'--' inside a comment";
		}
	}
	return "an unterminated comment";
}

/* <?target ...?> (x->p at "<?"); the XML declaration is handled before. */
static const char *pi(xp *x)
{
	x->p += 2;
	const char *t = x->p;
	size_t n = name(x);
	if (!n)
		return "a processing instruction without a target";
	if (n == 3 && (t[0] | 0x20) == 'x' && (t[1] | 0x20) == 'm' && (t[2] | 0x20) == 'l')
		return "an XML declaration that is not at the very start";
	if (!at(x, "?>") && !skip_space(x))
		return "a malformed processing instruction";
	for (; x->p < x->end; x->p++) {
		if (at(x, "?>")) {
			x->p += 2;
			return NULL;
		}
	}
	return "an unterminated processing instruction";
}

/* White space, comments and PIs around the root element. */
static const char *misc(xp *x)
{
	for (;;) {
		skip_space(x);
		if (at(x, "<!--")) {
			const char *e = comment(x);
			if (e)
				return e;
		} else if (at(x, "<?")) {
			const char *e = pi(x);
			if (e)
				return e;
		} else {
			return NULL;
		}
	}
}

/* A start tag (x->p at '<'); *empty set for <x/>.  Name in *n, *nl. */
static const char *start_tag(xp *x, const char **n, size_t *nl, int *empty)
{
	const char *an[MAX_ATTRS];
	size_t al[MAX_ATTRS], na = 0;

	x->p++;
	*n = x->p;
	*nl = name(x);
	if (!*nl)
		return x->p < x->end && (unsigned char)*x->p >= 0x80
		           ? "a non-ASCII element name"
		           : "'<' not followed by an element name";
	for (;;) {
		int sp = skip_space(x);
		if (x->p >= x->end)
			return "an unterminated start tag";
		if (*x->p == '>') {
			x->p++;
			*empty = 0;
			return NULL;
		}
		if (at(x, "/>")) {
			x->p += 2;
			*empty = 1;
			return NULL;
		}
		if (!sp)
			return "no white space before an attribute";
		const char *a = x->p;
		size_t l = name(x);
		if (!l)
			return "a malformed attribute name";
		for (size_t i = 0; i < na; i++)
			if (al[i] == l && memcmp(an[i], a, l) == 0)
				return "an attribute given twice in one tag";
		if (na == MAX_ATTRS)
			return "too many attributes for the checker";
		an[na] = a;
		al[na++] = l;
		skip_space(x);
		if (x->p >= x->end || *x->p != '=')
			return "an attribute without '='";
		x->p++;
		skip_space(x);
		const char *e = attr_value(x);
		if (e)
			return e;
	}
}

/* The root element and everything in it (x->p at its '<'). */
static const char *element(xp *x, const char *root)
{
	const char *stack[MAX_DEPTH];
	size_t lens[MAX_DEPTH];
	size_t depth = 0;
	const char *n, *e;
	size_t nl;
	int empty;

	if ((e = start_tag(x, &n, &nl, &empty)))
		return e;
	if (root && (strlen(root) != nl || memcmp(root, n, nl) != 0))
		return "the wrong root element";
	if (empty)
		return NULL;
	stack[depth] = n;
	lens[depth++] = nl;
	while (depth) {
		if (x->p >= x->end)
			return "an element left open at the end";
		char c = *x->p;
		if (c == '&') {
			if ((e = reference(x)))
				return e;
		} else if (c == ']' && at(x, "]]>")) {
			return "']]>' in text";
		} else if (c == '>') {
			x->p++; /* allowed in text, though our renderers escape it */
		} else if (c != '<') {
			x->p++;
		} else if (at(x, "</")) {
			x->p += 2;
			n = x->p;
			nl = name(x);
			if (!nl)
				return "a malformed end tag";
			skip_space(x);
			if (x->p >= x->end || *x->p != '>')
				return "a malformed end tag";
			x->p++;
			depth--;
			if (lens[depth] != nl || memcmp(stack[depth], n, nl) != 0)
				return "an end tag that does not match its start tag";
		} else if (at(x, "<!--")) {
			if ((e = comment(x)))
				return e;
		} else if (at(x, "<?")) {
			if ((e = pi(x)))
				return e;
		} else if (at(x, "<!")) {
			return "CDATA or a declaration inside an element";
		} else {
			if ((e = start_tag(x, &n, &nl, &empty)))
				return e;
			if (!empty) {
				if (depth == MAX_DEPTH)
					return "elements nested too deep for the checker";
				stack[depth] = n;
				lens[depth++] = nl;
			}
		}
	}
	return NULL;
}

const char *fz_xml_check(const char *out, size_t len, const char *root)
{
	const unsigned char *p = (const unsigned char *)out, *end = p + len;
	xp x = {out, out + len};
	const char *e;

	while (p < end) {
		unsigned cp;
		size_t n = utf8_at(p, end, &cp);
		if (!n)
			return "invalid UTF-8";
		if (!xml_char(cp))
			return "a character XML does not allow";
		p += n;
	}
	if (at(&x, "<?xml") && x.end - x.p > 5 && (is_space(x.p[5]) || x.p[5] == '?')) {
		static const char decl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
		if (!at(&x, decl))
			return "an XML declaration other than version 1.0, UTF-8";
		x.p += sizeof(decl) - 1;
	}
	if ((e = misc(&x)))
		return e;
	if (x.p >= x.end || *x.p != '<')
		return "no root element";
	if (at(&x, "<!"))
		return "a DOCTYPE or CDATA before the root element";
	if ((e = element(&x, root)))
		return e;
	if ((e = misc(&x)))
		return e;
	if (x.p != x.end)
		return "content after the root element";
	return NULL;
}

/* ---- .cnf ----------------------------------------------------------------- */

/* The README's secrets: lineN_password, phone_password, any *password* key. */
static int secret_key(const char *k, size_t n)
{
	for (size_t i = 0; i + 8 <= n; i++)
		if (memcmp(k + i, "password", 8) == 0)
			return 1;
	return 0;
}

const char *fz_cnf_check(const char *out, size_t len, int global)
{
	const char *keys[4096];
	size_t klen[4096], nk = 0;
	const char *p = out, *end = out + len;

	if (len && out[len - 1] != '\n')
		return "the last line has no newline";
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *k = p, *e;
		/* ^[a-z0-9_]+ */
		while (p < eol &&
		       ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			p++;
		if (p == k)
			return "a line that does not start with a key [a-z0-9_]+";
		size_t kl = (size_t)(p - k);
		/* ": " */
		if (eol - p < 2 || p[0] != ':' || p[1] != ' ')
			return "a key not followed by ': '";
		p += 2;
		if (p < eol && *p == '"') {
			/* "[^"\n]*"$, and (stricter) no control character, valid UTF-8 */
			const char *q = memchr(p + 1, '"', (size_t)(eol - p - 1));
			if (!q || q + 1 != eol)
				return "a quoted value that does not end the line with its '\"'";
			if ((e = fz_text_check(p + 1, (size_t)(q - p - 1), "")))
				return e;
		} else {
			/* -?[0-9]+$ */
			if (p < eol && *p == '-')
				p++;
			if (p == eol)
				return "a value that is neither a quoted string nor a number";
			for (; p < eol; p++)
				if (*p < '0' || *p > '9')
					return "a value that is neither a quoted string nor a "
					       "number";
		}
		for (size_t i = 0; i < nk; i++)
			if (klen[i] == kl && memcmp(keys[i], k, kl) == 0)
				return "a key given twice";
		if (nk < sizeof(keys) / sizeof(keys[0])) {
			keys[nk] = k;
			klen[nk++] = kl;
		}
		if (global && secret_key(k, kl))
			return "a secret (a *password* key) in SIPDefault.cnf";
		p = eol + 1;
	}
	return NULL;
}
