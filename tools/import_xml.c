/* SPDX-License-Identifier: MIT */
/*
 * The XML that TFTP roots hold (dial plans, syncinfo.xml, SEP<MAC>.cnf.xml,
 * XMLDefault.cnf.xml), read into a flat list of elements.  Only what those
 * files use: elements, attributes, text, the five entities and character
 * references, comments, CDATA, processing instructions.  A DOCTYPE is
 * refused, so no entity can expand; depth, element and attribute counts are
 * bounded, so no file can make the reader use more than a small multiple of
 * its own size (itself at most IMP_MAX_FILE).
 */
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DEPTH 32
#define MAX_NODES 20000
#define MAX_ATTRS 32

typedef struct rd {
	const imp_file *f;
	const char *p, *end;
	int line;
	imp_xdoc *d;
	int stack[MAX_DEPTH];
	int depth;
	pp_sbuf *text; /* one text buffer per open element */
} rd;

static int fail(rd *r, const char *msg)
{
	fprintf(stderr, "%s:%d: error: %s; %s not imported\n", r->f->path, r->line, msg,
	        r->f->name);
	return -1;
}

static void adv(rd *r, size_t n)
{
	for (size_t i = 0; i < n && r->p < r->end; i++, r->p++)
		if (*r->p == '\n')
			r->line++;
}

static int starts(const rd *r, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(r->end - r->p) >= n && memcmp(r->p, s, n) == 0;
}

/* Skip to just past the terminator; -1 when the file ends first. */
static int skip_past(rd *r, const char *term)
{
	while (r->p < r->end && !starts(r, term))
		adv(r, 1);
	if (r->p >= r->end)
		return -1;
	adv(r, strlen(term));
	return 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void skip_space(rd *r)
{
	while (r->p < r->end && is_space(*r->p))
		adv(r, 1);
}

static int is_name_char(char c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
	       (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

/* A name, malloc'd; NULL (said) when there is none. */
static char *name(rd *r)
{
	const char *s = r->p;
	while (r->p < r->end && is_name_char(*r->p, r->p == s) && r->p - s < 128)
		r->p++;
	if (r->p == s || (r->p < r->end && is_name_char(*r->p, 0))) {
		fail(r, "an element or attribute name that is not one, or over 128 bytes");
		return NULL;
	}
	char *n = malloc((size_t)(r->p - s) + 1);
	if (!n) {
		fail(r, "out of memory");
		return NULL;
	}
	memcpy(n, s, (size_t)(r->p - s));
	n[r->p - s] = '\0';
	return n;
}

static void put_utf8(pp_sbuf *b, unsigned long cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	pp_sbuf_add(b, u, n);
}

/* An entity or character reference at r->p ('&'), decoded into b. */
static int entity(rd *r, pp_sbuf *b)
{
	static const struct {
		const char *name, *text;
	} named[] = {
	    {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", "\""}, {"&apos;", "'"}};

	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (starts(r, named[i].name)) {
			pp_sbuf_puts(b, named[i].text);
			adv(r, strlen(named[i].name));
			return 0;
		}
	if (!starts(r, "&#"))
		return fail(r, "an '&' that is not one of XML's five entities or a character "
		               "reference");
	adv(r, 2);
	int hex = r->p < r->end && *r->p == 'x';
	if (hex)
		adv(r, 1);
	unsigned long cp = 0;
	int digits = 0;
	for (; r->p < r->end && *r->p != ';' && digits < 8; digits++, adv(r, 1)) {
		char c = *r->p;
		int v = c >= '0' && c <= '9'          ? c - '0'
		        : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
		        : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
		                                      : -1;
		if (v < 0)
			return fail(r, "a character reference that is not a number");
		cp = cp * (hex ? 16 : 10) + (unsigned long)v;
	}
	if (!digits || r->p >= r->end || *r->p != ';')
		return fail(r, "a character reference without its ';'");
	adv(r, 1);
	if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7f ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return fail(r, "a character reference to a control character or no character");
	put_utf8(b, cp);
	return 0;
}

static int add_node(rd *r, char *nm)
{
	imp_xdoc *d = r->d;
	if (d->nn >= MAX_NODES) {
		free(nm);
		return fail(r, "over 20000 elements: not a phone's file");
	}
	if (d->nn == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 32;
		imp_xnode *n = realloc(d->n, cap * sizeof(*n));
		if (!n) {
			free(nm);
			return fail(r, "out of memory");
		}
		d->n = n;
		d->cap = cap;
	}
	d->n[d->nn] = (imp_xnode){
	    .name = nm, .parent = r->depth ? r->stack[r->depth - 1] : -1, .line = r->line};
	return (int)d->nn++;
}

static int attribute(rd *r, imp_xnode *n)
{
	char *an = name(r);
	if (!an)
		return -1;
	for (size_t i = 0; i < n->nattr; i++)
		if (strcmp(n->attr[i].name, an) == 0) {
			free(an);
			return fail(r, "an attribute given twice");
		}
	if (n->nattr >= MAX_ATTRS) {
		free(an);
		return fail(r, "over 32 attributes on one element");
	}
	imp_xattr *a = realloc(n->attr, (n->nattr + 1) * sizeof(*a));
	if (!a) {
		free(an);
		return fail(r, "out of memory");
	}
	n->attr = a;
	a[n->nattr] = (imp_xattr){.name = an, .value = NULL};
	n->nattr++;
	skip_space(r);
	if (r->p >= r->end || *r->p != '=')
		return fail(r, "an attribute without '=' and a value");
	adv(r, 1);
	skip_space(r);
	if (r->p >= r->end || (*r->p != '"' && *r->p != '\''))
		return fail(r, "an attribute value not in quotes");
	char q = *r->p;
	adv(r, 1);
	pp_sbuf v = {0};
	while (r->p < r->end && *r->p != q) {
		if (*r->p == '<') {
			pp_sbuf_release(&v);
			return fail(r, "a '<' inside an attribute value");
		}
		if (*r->p == '&') {
			if (entity(r, &v) < 0) {
				pp_sbuf_release(&v);
				return -1;
			}
			continue;
		}
		pp_sbuf_add(&v, r->p, 1);
		adv(r, 1);
	}
	if (r->p >= r->end) {
		pp_sbuf_release(&v);
		return fail(r, "an attribute value without its closing quote");
	}
	adv(r, 1);
	/* exact size: a buffer's spare room times every attribute would not be bounded */
	a[n->nattr - 1].value = v.oom ? NULL : strdup(v.data ? v.data : "");
	pp_sbuf_release(&v);
	return a[n->nattr - 1].value ? 0 : fail(r, "out of memory");
}

/* Text of an element: its own, without the whitespace around it. */
static int close_elem(rd *r)
{
	pp_sbuf *t = &r->text[r->depth - 1];
	imp_xnode *n = &r->d->n[r->stack[r->depth - 1]];
	size_t s = 0, e = t->len;
	while (s < e && is_space(t->data[s]))
		s++;
	while (e > s && is_space(t->data[e - 1]))
		e--;
	n->text = malloc(e - s + 1);
	if (!n->text)
		return fail(r, "out of memory");
	if (e > s)
		memcpy(n->text, t->data + s, e - s);
	n->text[e - s] = '\0';
	pp_sbuf_release(t);
	*t = (pp_sbuf){0};
	r->depth--;
	return 0;
}

static int open_elem(rd *r)
{
	char *nm = name(r);
	if (!nm)
		return -1;
	if (r->depth == 0 && r->d->nn)
		return free(nm), fail(r, "a second top-level element");
	if (r->depth >= MAX_DEPTH)
		return free(nm), fail(r, "elements nested over 32 deep");
	int i = add_node(r, nm);
	if (i < 0)
		return -1;
	for (;;) {
		const char *before = r->p;
		skip_space(r);
		if (r->p >= r->end)
			return fail(r, "the file ends inside a tag");
		if (*r->p == '/' || *r->p == '>')
			break;
		if (r->p == before)
			return fail(r, "no space before an attribute");
		if (attribute(r, &r->d->n[i]) < 0)
			return -1;
	}
	r->stack[r->depth++] = i;
	if (*r->p == '/') {
		adv(r, 1);
		if (r->p >= r->end || *r->p != '>')
			return fail(r, "a '/' in a tag not followed by '>'");
		adv(r, 1);
		return close_elem(r);
	}
	adv(r, 1);
	return 0;
}

static int end_tag(rd *r)
{
	adv(r, 2);
	char *nm = name(r);
	if (!nm)
		return -1;
	int ok = r->depth && strcmp(nm, r->d->n[r->stack[r->depth - 1]].name) == 0;
	free(nm);
	if (!ok)
		return fail(r, "a closing tag that does not match the open element");
	skip_space(r);
	if (r->p >= r->end || *r->p != '>')
		return fail(r, "a closing tag without its '>'");
	adv(r, 1);
	return close_elem(r);
}

static int markup(rd *r)
{
	if (starts(r, "<?")) {
		int at_start = r->d->nn == 0 && r->depth == 0;
		if (starts(r, "<?xml") && r->end - r->p > 5 && is_space(r->p[5]))
			r->d->has_decl = at_start;
		return skip_past(r, "?>") < 0 ? fail(r, "a '<?' without its '?>'") : 0;
	}
	if (starts(r, "<!--"))
		return skip_past(r, "-->") < 0 ? fail(r, "a comment without its '-->'") : 0;
	if (starts(r, "<![CDATA[")) {
		if (!r->depth)
			return fail(r, "CDATA outside the top element");
		adv(r, 9);
		const char *s = r->p;
		if (skip_past(r, "]]>") < 0)
			return fail(r, "CDATA without its ']]>'");
		pp_sbuf_add(&r->text[r->depth - 1], s, (size_t)(r->p - s) - 3);
		return 0;
	}
	if (starts(r, "<!"))
		return fail(r, "a DOCTYPE or other declaration: not read (its entities could "
		               "expand without bound)");
	if (starts(r, "</"))
		return end_tag(r);
	adv(r, 1);
	return open_elem(r);
}

static int parse(rd *r)
{
	while (r->p < r->end) {
		if (*r->p == '<') {
			if (markup(r) < 0)
				return -1;
			continue;
		}
		if (!r->depth) {
			if (!is_space(*r->p))
				return fail(r, "text outside the top element: not an XML file");
			adv(r, 1);
			continue;
		}
		if (*r->p == '&') {
			if (entity(r, &r->text[r->depth - 1]) < 0)
				return -1;
			continue;
		}
		pp_sbuf_add(&r->text[r->depth - 1], r->p, 1);
		adv(r, 1);
	}
	if (r->depth)
		return fail(r, "the file ends before its elements are closed");
	if (!r->d->nn)
		return fail(r, "no element: not an XML file");
	for (size_t i = 0; i < MAX_DEPTH; i++)
		if (r->text[i].oom)
			return fail(r, "out of memory");
	return 0;
}

int imp_xml_parse(const imp_file *f, char *data, size_t len, imp_xdoc *d)
{
	pp_sbuf text[MAX_DEPTH] = {{0}};
	rd r = {.f = f, .p = data, .end = data + len, .line = 1, .d = d, .text = text};

	*d = (imp_xdoc){0};
	if (imp_text_check(f, data, &len) < 0)
		return -1;
	r.end = data + len;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		r.p += 3;
	int rc = parse(&r);
	for (size_t i = 0; i < MAX_DEPTH; i++)
		pp_sbuf_release(&text[i]);
	if (rc < 0)
		imp_xdoc_free(d);
	return rc;
}

void imp_xdoc_free(imp_xdoc *d)
{
	for (size_t i = 0; i < d->nn; i++) {
		free(d->n[i].name);
		free(d->n[i].text);
		for (size_t k = 0; k < d->n[i].nattr; k++) {
			free(d->n[i].attr[k].name);
			free(d->n[i].attr[k].value);
		}
		free(d->n[i].attr);
	}
	free(d->n);
	*d = (imp_xdoc){0};
}

const char *imp_xattr_get(const imp_xnode *n, const char *name)
{
	for (size_t i = 0; i < n->nattr; i++)
		if (strcasecmp(n->attr[i].name, name) == 0)
			return n->attr[i].value;
	return NULL;
}

/* "a/b[2]/c": the names from below the top element down to n[i], [k] for the k-th (k > 1) of a
 * name. */
static void leaf_path(const imp_xdoc *d, const unsigned *sib, size_t i, pp_sbuf *b)
{
	size_t chain[64], depth = 0;
	for (int at = (int)i; at > 0 && depth < 64; at = d->n[at].parent)
		chain[depth++] = (size_t)at;
	while (depth--) {
		size_t k = chain[depth];
		pp_sbuf_puts(b, d->n[k].name);
		if (sib[k] > 1)
			pp_sbuf_printf(b, "[%u]", sib[k]);
		if (depth)
			pp_sbuf_puts(b, "/");
	}
}

int imp_xml_leaves(const imp_xdoc *d, int all, imp_leaf **out, size_t *nout)
{
	size_t nn = d->nn;
	unsigned *sib = calloc(nn ? nn : 1, sizeof(*sib));
	int *kids = calloc(nn ? nn : 1, sizeof(*kids)), *prev = calloc(nn ? nn : 1, sizeof(*prev)),
	    *last = calloc(nn ? nn : 1, sizeof(*last));
	imp_leaf *l = NULL;
	size_t n = 0;
	int rc = -1;

	if (!sib || !kids || !prev || !last)
		goto out;
	for (size_t i = 0; i < nn; i++)
		last[i] = -1;
	for (size_t i = 1; i < nn; i++) {
		int p = d->n[i].parent;
		kids[p]++;
		prev[i] = last[p];
		last[p] = (int)i;
		sib[i] = 1;
		for (int j = prev[i]; j >= 0; j = prev[j])
			if (strcmp(d->n[j].name, d->n[i].name) == 0) {
				sib[i] = sib[j] + 1;
				break;
			}
	}
	l = calloc(nn ? nn : 1, sizeof(*l));
	if (!l)
		goto out;
	for (size_t i = 1; i < nn; i++) {
		if (kids[i] && !all)
			continue;
		pp_sbuf b = {0};
		leaf_path(d, sib, i, &b);
		if (b.oom || !b.data) {
			pp_sbuf_release(&b);
			goto out;
		}
		l[n++] = (imp_leaf){.path = b.data,
		                    .text = d->n[i].text ? d->n[i].text : "",
		                    .line = d->n[i].line,
		                    .node = i};
	}
	*out = l;
	*nout = n;
	l = NULL;
	rc = 0;
out:
	if (l)
		imp_leaves_free(l, n);
	free(sib);
	free(kids);
	free(prev);
	free(last);
	return rc;
}

void imp_leaves_free(imp_leaf *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i].path);
	free(l);
}
