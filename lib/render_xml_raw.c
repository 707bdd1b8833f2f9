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
	int made = 0;
	char num[24];

	if (!n) {
		set_out(out, PP_XA_OOM, NULL, 0, 0, NULL);
		return;
	}
	for (unsigned i = 0; i < e->nsegs; i++) {
		const pp_xseg *g = &e->segs[i];
		unsigned count;
		if (n->text) {
			/* Mixed content is nothing a phone's parser expects. */
			if (n->flags & PP_XN_RAW)
				set_out(out, PP_XA_CONFLICT, n, i, 0, n->owner);
			else
				set_out(out, PP_XA_UNDER_TEXT, n, i, 0, NULL);
			return;
		}
		pp_xnode *c = made ? NULL : pp_xt_child(n, g->name, g->idx, &count);
		if (!c) {
			if (!made && count + 1 != g->idx) {
				set_out(out, PP_XA_GAP, n, i, count, NULL);
				return;
			}
			c = pp_xt_open_before(t, n, g->name, n == t->root ? t->before : NULL);
			if (!c) {
				set_out(out, PP_XA_OOM, NULL, i, 0, NULL);
				return;
			}
			c->flags |= PP_XN_RAW;
			c->owner = e;
			made = 1;
		}
		n = c;
	}
	if (!made && (n->flags & PP_XN_BELOW)) {
		set_out(out, PP_XA_CONFLICT, n, e->nsegs - 1, 0, n->below);
		return;
	}
	unsigned children = 0;
	for (const pp_xnode *c = n->first; c; c = c->next)
		children++;
	set_out(out, made ? PP_XA_ADDED : PP_XA_SHADOWS, n, e->nsegs - 1, children, NULL);
	pp_xt_set_text(t, n, value_text(&e->value, num, sizeof(num)));
	n->flags |= PP_XN_RAW;
	n->owner = e;
	for (pp_xnode *p = n->parent; p; p = p->parent) {
		if (!(p->flags & PP_XN_BELOW))
			p->below = e;
		p->flags |= PP_XN_BELOW;
	}
}
