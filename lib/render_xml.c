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

void pp_xml_open(pp_sbuf *b, int depth, const char *tag)
{
	pp_xml_indent(b, depth);
	pp_sbuf_printf(b, "<%s>\n", tag);
}

void pp_xml_close(pp_sbuf *b, int depth, const char *tag)
{
	pp_xml_indent(b, depth);
	pp_sbuf_printf(b, "</%s>\n", tag);
}

void pp_xml_text(pp_sbuf *b, int depth, const char *tag, const char *text)
{
	pp_xml_indent(b, depth);
	pp_sbuf_printf(b, "<%s>", tag);
	pp_sbuf_xml(b, text);
	pp_sbuf_printf(b, "</%s>\n", tag);
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

void pp_xml_elem(pp_sbuf *b, int depth, const char *tag, const pp_val *v)
{
	pp_xml_indent(b, depth);
	pp_sbuf_printf(b, "<%s>", tag);
	pp_xml_val(b, v);
	pp_sbuf_printf(b, "</%s>\n", tag);
}

void pp_xml_settings(pp_sbuf *b, int depth, const pp_settings *s, const char *parent)
{
	size_t n = strlen(parent);

	for (const pp_field *f = pp_settings_schema; f->key; f++) {
		const char *x = f->xml;
		if (!x || (f->flags & PP_F_XML_OWN) || f->kind != PP_K_SCALAR ||
		    strncmp(x, parent, n) != 0 || x[n] != '/' || strchr(x + n + 1, '/') ||
		    !PP_SET(*pp_field_cval(f, s)))
			continue;
		pp_xml_elem(b, depth, x + n + 1, pp_field_cval(f, s));
	}
}

void pp_xml_cmgroup(pp_sbuf *b, int depth, const pp_settings *s, int sip, int secured)
{
	static const pp_val sip_default = {.type = PP_V_INT, .i = 5060};

	pp_xml_open(b, depth, "callManagerGroup");
	pp_xml_open(b, depth + 1, "members");
	pp_xml_indent(b, depth + 2);
	pp_sbuf_puts(b, "<member priority=\"0\">\n");
	pp_xml_open(b, depth + 3, "callManager");
	pp_xml_open(b, depth + 4, "ports");
	/* SCCP needs it, and SIP phones ignore it, so it is always there. */
	pp_xml_text(b, depth + 5, "ethernetPhonePort", "2000");
	if (sip) {
		pp_xml_elem(b, depth + 5, "sipPort",
		            PP_SET(s->proxy_port) ? &s->proxy_port : &sip_default);
		if (secured)
			pp_xml_text(b, depth + 5, "securedSipPort", "5061");
	}
	pp_xml_close(b, depth + 4, "ports");
	if (PP_SET(s->proxy_address))
		pp_xml_elem(b, depth + 4, "processNodeName", &s->proxy_address);
	pp_xml_close(b, depth + 3, "callManager");
	pp_xml_close(b, depth + 2, "member");
	pp_xml_close(b, depth + 1, "members");
	pp_xml_close(b, depth, "callManagerGroup");
}
