/* SPDX-License-Identifier: MIT */
/*
 * syncinfo.xml: fetched by a 79x0 on a SIP NOTIFY check-sync.  The phone
 * reboots when SYNC differs from its own sync value.  For a phone of the
 * store (ph) that is its own sync (sync.h); for a client nobody knows, the
 * default every .cnf shares: the store's, else 1.
 */
#include "render_format.h"
#include "render_xml.h"
#include "sync.h"

int pp_render_syncinfo(const pp_store *st, const pp_phone *ph, pp_sbuf *b)
{
	static const pp_val one = {.type = PP_V_INT, .i = 1};
	const pp_val *sync = pp_sync_from_store(&st->defaults);
	char digest[PP_DIGEST_LEN + 1];
	pp_val own;

	if (!st->has_defaults)
		return PP_ENOTFOUND;
	if (ph) {
		int rc = pp_sync_value(st, ph, &own, digest);
		if (rc != PP_OK)
			return rc;
		sync = &own;
	}
	if (!sync)
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
