/* SPDX-License-Identifier: MIT */
/*
 * The store's raw xml entries put into a SEP<MAC>.cnf.xml tree: each names
 * an element by its path under <device>; an element that is there gets the
 * entry's text in place of its content (the raw value wins over the derived
 * one, and no duplicate is written), one that is not is made after its
 * existing siblings.  The store's check applies the same entries to the
 * same tree at load and reports what they would do (lib/raw_xml.c), so an
 * entry that would do nothing here (PP_XA_UNDER_TEXT, PP_XA_GAP,
 * PP_XA_CONFLICT) is an error there and never reaches a renderer.
 */
#include "render_xml_tree.h"

#include <stdio.h>
#include <string.h>

static void set_out(pp_xapply *out, int kind, const pp_xnode *n, unsigned seg, unsigned count,
                    const pp_xent *other)
{
	if (!out)
		return;
	out->kind = kind;
	out->node = n;
	out->seg = seg;
	out->count = count;
	out->other = other;
}

static const char *value_text(const pp_val *v, char *buf, size_t len)
{
	switch (v->type) {
	case PP_V_STR:
		return v->s;
	case PP_V_INT:
		snprintf(buf, len, "%lld", v->i);
		return buf;
	case PP_V_BOOL:
		return v->i ? "true" : "false";
	case PP_V_UNSET:
		break;
	}
	return "";
}

void pp_xml_apply(pp_xtree *t, const pp_xent *e, pp_xapply *out)
{
	pp_xnode *n = t->root;
	unsigned i = 0, count = 0;
	char num[24];

	if (!n) {
		set_out(out, PP_XA_OOM, NULL, 0, 0, NULL);
		return;
	}
	/* Down the elements that are there; nothing changes until the whole path is known good. */
	for (; i < e->nsegs; i++) {
		if (n->text) {
			/* Mixed content is nothing a phone's parser expects. */
			if (n->flags & PP_XN_RAW)
				set_out(out, PP_XA_CONFLICT, n, i, 0, n->owner);
			else
				set_out(out, PP_XA_UNDER_TEXT, n, i, 0, NULL);
			return;
		}
		pp_xnode *c = pp_xt_child(n, e->segs[i].name, e->segs[i].idx, &count);
		if (!c)
			break;
		n = c;
	}
	/* The rest is made: the first as the next of its name, each below it the first. */
	for (unsigned j = i; j < e->nsegs; j++)
		if (e->segs[j].idx != (j == i ? count + 1 : 1)) {
			set_out(out, PP_XA_GAP, n, j, j == i ? count : 0, NULL);
			return;
		}
	if (i == e->nsegs && (n->flags & (PP_XN_RAW | PP_XN_BELOW))) {
		/* Another entry's element: replacing it would undo that entry. */
		set_out(out, PP_XA_CONFLICT, n, i - 1, 0,
		        n->flags & PP_XN_BELOW ? n->below : n->owner);
		return;
	}
	unsigned children = 0;
	for (const pp_xnode *c = n->first; c; c = c->next)
		children++;
	for (; i < e->nsegs; i++) {
		n = pp_xt_open_before(t, n, e->segs[i].name, n == t->root ? t->before : NULL);
		if (!n) {
			set_out(out, PP_XA_OOM, NULL, i, 0, NULL);
			return;
		}
		n->flags |= PP_XN_RAW;
		n->owner = e;
		children = 0;
		set_out(out, PP_XA_ADDED, n, i, 0, NULL);
	}
	if (n->owner != e)
		set_out(out, PP_XA_SHADOWS, n, e->nsegs - 1, children, NULL);
	pp_xt_set_text(t, n, value_text(&e->value, num, sizeof(num)));
	n->flags |= PP_XN_RAW;
	n->owner = e;
	for (pp_xnode *p = n->parent; p; p = p->parent) {
		if (!(p->flags & PP_XN_BELOW))
			p->below = e;
		p->flags |= PP_XN_BELOW;
	}
}
