/* SPDX-License-Identifier: MIT */
#include "render_xml_tree.h"
#include "digest.h"
#include "render_xml.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK ((size_t)8 << 10)

struct pp_xchunk {
	pp_xchunk *next;
	size_t used, cap;
	max_align_t data[];
};

static void *alloc(pp_xtree *t, size_t n)
{
	pp_xchunk *c = t->chunks;

	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (t->oom)
		return NULL;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > CHUNK ? n : CHUNK;
		if (t->bytes + cap > PP_XT_MAX_BYTES || !(c = malloc(sizeof(*c) + cap))) {
			t->oom = 1;
			return NULL;
		}
		t->bytes += cap;
		c->next = t->chunks;
		c->used = 0;
		c->cap = cap;
		t->chunks = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

const char *pp_xt_strdup(pp_xtree *t, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = alloc(t, n);

	if (p)
		memcpy(p, s, n);
	return p;
}

static pp_xnode *node(pp_xtree *t, const char *name)
{
	pp_xnode *n = alloc(t, sizeof(*n));

	if (!n)
		return NULL;
	memset(n, 0, sizeof(*n));
	n->name = pp_xt_strdup(t, name);
	return n->name ? n : NULL;
}

void pp_xt_init(pp_xtree *t, const char *root)
{
	memset(t, 0, sizeof(*t));
	t->root = node(t, root);
}

void pp_xt_free(pp_xtree *t)
{
	while (t->chunks) {
		pp_xchunk *c = t->chunks;
		t->chunks = c->next;
		free(c);
	}
	memset(t, 0, sizeof(*t));
}

pp_xnode *pp_xt_open_before(pp_xtree *t, pp_xnode *parent, const char *name, pp_xnode *before)
{
	pp_xnode *n, **at;

	if (!parent || !(n = node(t, name)))
		return NULL;
	n->parent = parent;
	for (at = &parent->first; *at && *at != before; at = &(*at)->next)
		;
	n->next = *at;
	*at = n;
	if (!n->next)
		parent->last = n;
	return n;
}

pp_xnode *pp_xt_open(pp_xtree *t, pp_xnode *parent, const char *name)
{
	return pp_xt_open_before(t, parent, name, NULL);
}

pp_xnode *pp_xt_text(pp_xtree *t, pp_xnode *parent, const char *name, const char *text)
{
	pp_xnode *n = pp_xt_open(t, parent, name);

	if (n && !(n->text = pp_xt_strdup(t, text)))
		return NULL;
	return n;
}

pp_xnode *pp_xt_val(pp_xtree *t, pp_xnode *parent, const char *name, const pp_val *v)
{
	char num[24];

	switch (v->type) {
	case PP_V_STR:
		return pp_xt_text(t, parent, name, v->s ? v->s : "");
	case PP_V_INT:
		snprintf(num, sizeof(num), "%lld", v->i);
		return pp_xt_text(t, parent, name, num);
	case PP_V_BOOL:
		return pp_xt_text(t, parent, name, v->i ? "true" : "false");
	case PP_V_UNSET:
		break;
	}
	return pp_xt_text(t, parent, name, "");
}

pp_xnode *pp_xt_val_if(pp_xtree *t, pp_xnode *parent, const char *name, const pp_val *v)
{
	return PP_SET(*v) ? pp_xt_val(t, parent, name, v) : NULL;
}

void pp_xt_attr(pp_xtree *t, pp_xnode *n, const char *name, const char *value)
{
	if (!n)
		return;
	for (size_t i = 0; i < 2; i++) {
		if (n->attr[i][0])
			continue;
		n->attr[i][0] = pp_xt_strdup(t, name);
		n->attr[i][1] = pp_xt_strdup(t, value);
		return;
	}
	t->oom = 1; /* a third attribute: a renderer's mistake, not the store's */
}

void pp_xt_set_text(pp_xtree *t, pp_xnode *n, const char *text)
{
	if (!n)
		return;
	n->first = n->last = NULL;
	n->text = pp_xt_strdup(t, text);
	n->flags &= ~PP_XN_STAMP;
}

pp_xnode *pp_xt_child(const pp_xnode *parent, const char *name, unsigned idx, unsigned *count)
{
	pp_xnode *found = NULL;

	*count = 0;
	for (pp_xnode *c = parent->first; c; c = c->next)
		if (strcmp(c->name, name) == 0 && ++*count == idx)
			found = c;
	return found;
}

/*
 * The stamp's 16 hex digits are written as zeros and filled in last, with
 * FNV-1a 64 of the whole document except those digits: phones compare
 * versionStamp to decide whether the config changed, so it must change with
 * any element, those after it too (deviceSecurityMode, transportLayerProtocol),
 * and with nothing else (no clock, no counter).
 */
static void stamp(pp_sbuf *b, size_t *at)
{
	pp_xml_indent(b, 1);
	pp_sbuf_puts(b, "<versionStamp>");
	if (!*at)
		*at = b->len;
	pp_sbuf_puts(b, "0000000000000000</versionStamp>\n");
}

static void fill_stamp(pp_sbuf *b, size_t start, size_t at)
{
	char hex[PP_DIGEST_LEN + 1];

	if (b->oom || !at || at + PP_DIGEST_LEN > b->len)
		return;
	uint64_t h = pp_fnv1a(PP_FNV1A_INIT, b->data + start, at - start);
	h = pp_fnv1a(h, b->data + at + PP_DIGEST_LEN, b->len - at - PP_DIGEST_LEN);
	pp_digest_hex(h, hex);
	memcpy(b->data + at, hex, PP_DIGEST_LEN);
}

static void write_node(pp_sbuf *b, const pp_xnode *n, int depth, size_t *at)
{
	if ((n->flags & PP_XN_STAMP) && depth == 1) {
		stamp(b, at);
		return;
	}
	pp_xml_indent(b, depth);
	pp_sbuf_printf(b, "<%s", n->name);
	for (size_t i = 0; i < 2 && n->attr[i][0]; i++) {
		pp_sbuf_printf(b, " %s=\"", n->attr[i][0]);
		pp_sbuf_xml(b, n->attr[i][1]);
		pp_sbuf_puts(b, "\"");
	}
	if (n->text) {
		pp_sbuf_puts(b, ">");
		pp_sbuf_xml(b, n->text);
		pp_sbuf_printf(b, "</%s>\n", n->name);
		return;
	}
	pp_sbuf_puts(b, ">\n");
	for (const pp_xnode *c = n->first; c; c = c->next)
		write_node(b, c, depth + 1, at);
	pp_xml_indent(b, depth);
	pp_sbuf_printf(b, "</%s>\n", n->name);
}

void pp_xt_write(pp_sbuf *b, const pp_xtree *t)
{
	size_t start = b->len, at = 0;

	if (t->oom || !t->root) {
		b->oom = 1;
		return;
	}
	pp_sbuf_puts(b, PP_XML_DECL);
	write_node(b, t->root, 0, &at);
	fill_stamp(b, start, at);
}
