/* SPDX-License-Identifier: MIT */
#include "render_xml.h"
#include "schema.h"

#include <string.h>

void pp_xml_indent(pp_sbuf *b, int depth)
{
	static const char spaces[] = "                                ";
	size_t n = (size_t)depth * 2;

	while (n > sizeof(spaces) - 1) {
		pp_sbuf_add(b, spaces, sizeof(spaces) - 1);
		n -= sizeof(spaces) - 1;
	}
	pp_sbuf_add(b, spaces, n);
}

void pp_xml_val(pp_sbuf *b, const pp_val *v)
{
	switch (v->type) {
	case PP_V_STR:
		pp_sbuf_xml(b, v->s ? v->s : "");
		break;
	case PP_V_INT:
		pp_sbuf_printf(b, "%lld", v->i);
		break;
	case PP_V_BOOL:
		pp_sbuf_puts(b, v->i ? "true" : "false");
		break;
	case PP_V_UNSET:
		break;
	}
}

void pp_xml_settings(pp_xtree *t, pp_xnode *n, const pp_settings *s, const char *parent)
{
	size_t len = strlen(parent);

	for (const pp_field *f = pp_settings_schema; f->key; f++) {
		const char *x = f->xml;
		if (!x || (f->flags & PP_F_XML_OWN) || f->kind != PP_K_SCALAR ||
		    strncmp(x, parent, len) != 0 || x[len] != '/' || strchr(x + len + 1, '/') ||
		    !PP_SET(*pp_field_cval(f, s)))
			continue;
		pp_xt_val(t, n, x + len + 1, pp_field_cval(f, s));
	}
}

void pp_xml_cmgroup(pp_xtree *t, pp_xnode *n, const pp_settings *s, int sip, int secured)
{
	static const pp_val sip_default = {.type = PP_V_INT, .i = 5060};
	pp_xnode *member, *cm, *ports;

	member =
	    pp_xt_open(t, pp_xt_open(t, pp_xt_open(t, n, "callManagerGroup"), "members"), "member");
	pp_xt_attr(t, member, "priority", "0");
	cm = pp_xt_open(t, member, "callManager");
	ports = pp_xt_open(t, cm, "ports");
	/* SCCP needs it, and SIP phones ignore it, so it is always there. */
	pp_xt_text(t, ports, "ethernetPhonePort", "2000");
	if (sip) {
		pp_xt_val(t, ports, "sipPort",
		          PP_SET(s->proxy_port) ? &s->proxy_port : &sip_default);
		if (secured)
			pp_xt_text(t, ports, "securedSipPort", "5061");
	}
	pp_xt_val_if(t, cm, "processNodeName", &s->proxy_address);
}
