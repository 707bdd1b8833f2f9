/* SPDX-License-Identifier: MIT */
/* The dispatcher: a classified name -> the renderer for its file format. */
#include "render_format.h"
#include "error.h"
#include "sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pp_render_name(const pp_store *st, const pp_name *name_, const pp_phone *ph,
                   const pp_phone *asker, char **data, size_t *len, pp_error *err)
{
	const pp_name name = *name_;
	pp_sbuf b = {0};
	int rc;

	*data = NULL;
	*len = 0;
	switch (name.kind) {
	case PP_KIND_SIP_DEFAULT:
		rc = pp_render_sip_default(st, &b);
		break;
	case PP_KIND_SIP_MAC:
		rc = pp_render_sip_mac_synced(st, ph, &b);
		break;
	case PP_KIND_SEP_MAC:
		rc = pp_render_sep_mac(st, ph, &b);
		break;
	case PP_KIND_XML_DEFAULT:
		rc = pp_render_xml_default(st, &b);
		break;
	case PP_KIND_OS79XX:
		rc = pp_render_os79xx(st, &b);
		break;
	case PP_KIND_RINGLIST:
		rc = pp_render_ringlist(st, &b);
		break;
	case PP_KIND_RINGLIST_XML:
		rc = pp_render_ringlist_xml(st, &b);
		break;
	case PP_KIND_DIALPLAN:
		rc = pp_render_dialplan(st, &b);
		break;
	case PP_KIND_SYNCINFO:
		/* Shared by name, but each 79x0 of the store gets its own sync. */
		rc = pp_render_syncinfo(st, asker, &b);
		break;
	default:
		rc = PP_ENOTFOUND;
		break;
	}
	if (rc == PP_OK && b.oom)
		rc = PP_ENOMEM;
	if (rc != PP_OK) {
		pp_sbuf_release(&b);
		if (rc == PP_ENOMEM)
			return pp_error_set(err, rc, "out of memory rendering %s",
			                    pp_kind_name(name.kind));
		if (ph)
			return pp_error_set(
			    err, rc,
			    "the store does not provide this file for phone %s (wrong "
			    "model family)",
			    name.mac);
		return pp_error_set(err, rc, "the store does not provide %s",
		                    pp_kind_name(name.kind));
	}
	if (!b.data) {
		b.data = malloc(1);
		if (!b.data)
			return pp_error_set(err, PP_ENOMEM, "out of memory rendering %s",
			                    pp_kind_name(name.kind));
	}
	*data = b.data;
	*len = b.len;
	return PP_OK;
}

PP_API void pp_free(void *p)
{
	free(p);
}

PP_API size_t pp_phone_files(const pp_store *st, const char *mac, char names[][64], size_t max)
{
	/* What each family's boot sequence asks for besides its own file. */
	static const char *const cnf_shared[] = {"SIPDefault.cnf", "OS79XX.TXT", "RINGLIST.DAT",
	                                         "syncinfo.xml", NULL};
	static const char *const xml_shared[] = {"XMLDefault.cnf.xml", "Ringlist.xml", NULL};
	char m[PP_MAC_LEN + 1];
	char cand[8][64];
	size_t nc = 0, n = 0;

	if (!st || pp_mac_parse(mac, m) != PP_OK)
		return 0;
	const pp_phone *ph = pp_store_lookup(st, m);
	if (!ph || !ph->model)
		return 0;
	int cnf = ph->model->family == PP_FAMILY_CNF;
	snprintf(cand[nc++], 64, cnf ? "SIP%s.cnf" : "SEP%s.cnf.xml", m);
	for (const char *const *s = cnf ? cnf_shared : xml_shared; *s; s++)
		snprintf(cand[nc++], 64, "%s", *s);
	snprintf(cand[nc++], 64, "%.59s.xml", pp_dial_template(&st->defaults));

	/* A file is listed only if the store really provides it. */
	for (size_t i = 0; i < nc && n < max; i++) {
		char *data;
		size_t len;
		if (pp_render(st, cand[i], NULL, &data, &len, NULL) == PP_OK) {
			pp_free(data);
			memcpy(names[n++], cand[i], sizeof(cand[i])); /* both 64 bytes */
		}
	}
	return n;
}
