/* SPDX-License-Identifier: MIT */
/*
 * XMLDefault.cnf.xml: what an XML-family phone (and a UAL-equipped 79x0)
 * reads when it has no SEP<MAC>.cnf.xml.  It names the call manager and, per
 * model, the load to run; the device-type id in the element name is how a
 * phone finds its own entry.
 */
#include "render_format.h"
#include "render_xml.h"

static void load_entry(pp_sbuf *b, const pp_firmware *fw)
{
	const pp_model *m;

	if (!PP_SET(fw->model) || fw->model.type != PP_V_STR || !PP_SET(fw->load))
		return;
	m = pp_model_find(fw->model.s);
	if (!m)
		return;
	pp_xml_indent(b, 1);
	pp_sbuf_printf(b, "<loadInformation%u model=\"", m->type_id);
	pp_sbuf_xml(b, m->long_name);
	pp_sbuf_puts(b, "\">");
	pp_xml_val(b, &fw->load);
	pp_sbuf_printf(b, "</loadInformation%u>\n", m->type_id);
}

int pp_render_xml_default(const pp_store *st, pp_sbuf *b)
{
	const pp_settings *s = &st->defaults;

	if (!st->has_defaults)
		return PP_ENOTFOUND;
	pp_sbuf_puts(b, PP_XML_DECL);
	pp_sbuf_puts(b, "<Default>\n");
	pp_xml_cmgroup(b, 1, s, 1, 0);
	for (size_t i = 0; i < s->firmware.n; i++)
		load_entry(b, &s->firmware.items[i]);
	pp_sbuf_puts(b, "</Default>\n");
	return b->oom ? PP_ENOMEM : PP_OK;
}
