/*
 * syncinfo.xml: fetched by a 79x0 on a SIP NOTIFY check-sync.  The phone
 * reboots when SYNC differs from its own sync value, so this must follow the
 * same default (1) as SIPDefault.cnf's sync key.
 */
#include "render.h"
#include "render_xml.h"

int pp_render_syncinfo(const pp_store *st, pp_sbuf *b)
{
	static const pp_val one = {.type = PP_V_INT, .i = 1};
	const pp_val *sync = &st->defaults.sync;

	if (!st->has_defaults)
		return PP_ENOTFOUND;
	if (!PP_SET(*sync))
		sync = &one;
	pp_sbuf_puts(b, "<SYNCINFO>\n  <IMAGE VERSION=\"*\" SYNC=\"");
	/* The phone compares strings; a boolean sync would read 1/0 in .cnf. */
	if (sync->type == PP_V_BOOL)
		pp_sbuf_puts(b, sync->i ? "1" : "0");
	else
		pp_xml_val(b, sync);
	pp_sbuf_puts(b, "\"/>\n</SYNCINFO>\n");
	return b->oom ? PP_ENOMEM : PP_OK;
}
