/* SPDX-License-Identifier: MIT */
/*
 * What a loaded store answers through the public API: its files, its
 * top-level settings, its phones by index or MAC, whether it holds secrets;
 * and the words for each status code.
 */
#include "schema.h"

PP_API int pp_store_has_secrets(const pp_store *st)
{
	for (size_t i = 0; st && i < st->nphones; i++)
		if (pp_settings_secret(&st->phones[i].s))
			return 1;
	return 0;
}

PP_API size_t pp_store_source_count(const pp_store *st)
{
	return st ? st->nsources : 0;
}

PP_API const char *pp_store_source(const pp_store *st, size_t i)
{
	return st && i < st->nsources ? st->sources[i] : NULL;
}

PP_API const char *pp_store_tftp_root(const pp_store *st)
{
	return st ? st->tftp_root : NULL;
}

PP_API const char *pp_store_state_dir(const pp_store *st)
{
	return st ? st->state_dir : NULL;
}

PP_API const char *pp_store_mac_binding(const pp_store *st)
{
	return st ? st->mac_binding : NULL;
}

PP_API const char *pp_store_leases(const pp_store *st)
{
	return st ? st->leases : NULL;
}

static void phone_info(const pp_phone *ph, pp_phone_info *out)
{
	out->mac = ph->mac;
	out->model = ph->model ? ph->model->name : "";
	out->protocol = ph->sccp ? "sccp" : "sip";
	out->profile = ph->profile ? ph->profile : "";
	out->label = PP_SET(ph->s.label) ? ph->s.label.s : "";
	out->file = ph->file;
	out->line = ph->line;
	out->line_count = ph->s.lines.n;
}

PP_API size_t pp_store_phone_count(const pp_store *st)
{
	return st ? st->nphones : 0;
}

PP_API int pp_store_phone(const pp_store *st, size_t i, pp_phone_info *out)
{
	if (!st || !out || i >= st->nphones)
		return PP_EARG;
	phone_info(&st->phones[i], out);
	return PP_OK;
}

PP_API int pp_store_find(const pp_store *st, const char *mac, pp_phone_info *out)
{
	char m[PP_MAC_LEN + 1];
	if (!st || pp_mac_parse(mac, m) != PP_OK)
		return PP_EARG;
	const pp_phone *ph = pp_store_lookup(st, m);
	if (!ph)
		return PP_ENOTFOUND;
	if (out)
		phone_info(ph, out);
	return PP_OK;
}

PP_API const char *pp_strerror(int code)
{
	switch (code) {
	case PP_OK:
		return "success";
	case PP_ENOMEM:
		return "out of memory";
	case PP_EIO:
		return "cannot read the store";
	case PP_ESYNTAX:
		return "the store is not valid libconfig syntax";
	case PP_EINVALID:
		return "the store has errors";
	case PP_ENOTFOUND:
		return "not provided by the store";
	case PP_EDENIED:
		return "denied by policy";
	case PP_EARG:
		return "invalid argument";
	default:
		return "unknown error";
	}
}
