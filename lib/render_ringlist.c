/* SPDX-License-Identifier: MIT */
/* RINGLIST.DAT: the 79x0's ring menu, one "label<TAB>file" per line. */
#include "render_format.h"

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
