/* SPDX-License-Identifier: MIT */
/*
 * dialplan.xml (or whatever dial_template names): the 79x0 SIP dial plan,
 * also used by the XML family through <dialTemplate>.  Attribute case follows
 * the 79x0 admin guide (MATCH, Timeout, User, Rewrite).
 */
#include "render_format.h"
#include "render_xml.h"

static void attr(pp_sbuf *b, const char *name, const pp_val *v)
{
	if (!PP_SET(*v))
		return;
	pp_sbuf_printf(b, " %s=\"", name);
	pp_xml_val(b, v);
	pp_sbuf_puts(b, "\"");
}

int pp_render_dialplan(const pp_store *st, pp_sbuf *b)
{
	const pp_settings *s = &st->defaults;

	if (!st->has_defaults || !s->dialplan.set)
		return PP_ENOTFOUND;
	pp_sbuf_puts(b, "<DIALTEMPLATE>\n");
	for (size_t i = 0; i < s->dialplan.n; i++) {
		const pp_dialrule *r = &s->dialplan.items[i];

		/* A TEMPLATE without MATCH matches nothing; the store requires it. */
		if (!PP_SET(r->match))
			continue;
		pp_sbuf_puts(b, "  <TEMPLATE");
		attr(b, "MATCH", &r->match);
		attr(b, "Timeout", &r->timeout);
		attr(b, "User", &r->user);
		attr(b, "Rewrite", &r->rewrite);
		pp_sbuf_puts(b, "/>\n");
	}
	pp_sbuf_puts(b, "</DIALTEMPLATE>\n");
	return b->oom ? PP_ENOMEM : PP_OK;
}
