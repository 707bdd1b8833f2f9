/* SPDX-License-Identifier: MIT */
/*
 * The ring menu from the store's ringlist: RINGLIST.DAT for the 79x0, one
 * "label<TAB>file" per line, and Ringlist.xml for the XML family.
 */
#include "render_format.h"
#include "render_xml.h"

static void field(pp_sbuf *b, const pp_val *v)
{
	if (v->type == PP_V_STR && v->s)
		pp_sbuf_puts(b, v->s);
}

int pp_render_ringlist(const pp_store *st, pp_sbuf *b)
{
	const pp_settings *s = &st->defaults;

	if (!st->has_defaults || !s->ringlist.set)
		return PP_ENOTFOUND;
	for (size_t i = 0; i < s->ringlist.n; i++) {
		field(b, &s->ringlist.items[i].label);
		pp_sbuf_puts(b, "\t");
		field(b, &s->ringlist.items[i].file);
		pp_sbuf_puts(b, "\n");
	}
	return b->oom ? PP_ENOMEM : PP_OK;
}

/*
 * <CiscoIPPhoneRingList><Ring><DisplayName/><FileName/></Ring>...: the
 * element names and case of the 79x1 and 9951 admin guides (cisco-formats.md
 * section 3); the same ring files as RINGLIST.DAT, both raw 8 kHz mu-law.
 */
int pp_render_ringlist_xml(const pp_store *st, pp_sbuf *b)
{
	const pp_settings *s = &st->defaults;
	pp_xtree t;

	if (!st->has_defaults || !s->ringlist.set)
		return PP_ENOTFOUND;
	pp_xt_init(&t, "CiscoIPPhoneRingList");
	for (size_t i = 0; i < s->ringlist.n; i++) {
		pp_xnode *ring = pp_xt_open(&t, t.root, "Ring");
		pp_xt_val(&t, ring, "DisplayName", &s->ringlist.items[i].label);
		pp_xt_val(&t, ring, "FileName", &s->ringlist.items[i].file);
	}
	pp_xt_write(b, &t);
	pp_xt_free(&t);
	return b->oom ? PP_ENOMEM : PP_OK;
}
