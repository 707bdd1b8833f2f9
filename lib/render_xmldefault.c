/* SPDX-License-Identifier: MIT */
/*
 * XMLDefault.cnf.xml: what an XML-family phone (and a UAL-equipped 79x0)
 * reads when it has no SEP<MAC>.cnf.xml.  It names the call manager and, per
 * model, the load to run; the device-type id in the element name is how a
 * phone finds its own entry.
 */
#include "render_format.h"
#include "render_xml.h"

#include <stdio.h>

static void load_entry(pp_xtree *t, pp_xnode *n, const pp_firmware *fw)
{
	const pp_model *m;
	char name[32];

	if (!PP_SET(fw->model) || fw->model.type != PP_V_STR || !PP_SET(fw->load))
		return;
	m = pp_model_find(fw->model.s);
	if (!m)
		return;
	snprintf(name, sizeof(name), "loadInformation%u", m->type_id);
	pp_xt_attr(t, pp_xt_val(t, n, name, &fw->load), "model", m->long_name);
}

int pp_render_xml_default(const pp_store *st, pp_sbuf *b)
{
	const pp_settings *s = &st->defaults;
	pp_xtree t;

	if (!st->has_defaults)
		return PP_ENOTFOUND;
	pp_xt_init(&t, "Default");
	pp_xml_cmgroup(&t, t.root, s, 1, 0);
	for (size_t i = 0; i < s->firmware.n; i++)
		load_entry(&t, t.root, &s->firmware.items[i]);
	pp_xt_write(b, &t);
	pp_xt_free(&t);
	return b->oom ? PP_ENOMEM : PP_OK;
}
