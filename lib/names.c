/* SPDX-License-Identifier: MIT */
#include "phoneprov.h"
#include "model.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static int hex12(const char *s, char mac[PP_MAC_LEN + 1])
{
	for (int i = 0; i < PP_MAC_LEN; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return 0;
		mac[i] = (char)toupper((unsigned char)s[i]);
	}
	mac[PP_MAC_LEN] = '\0';
	return 1;
}

/* prefix + 12 hex digits + suffix, all case-insensitive. */
static int mac_name(const char *b, size_t len, const char *prefix, const char *suffix,
                    char mac[PP_MAC_LEN + 1])
{
	size_t pl = strlen(prefix), sl = strlen(suffix);
	return len == pl + PP_MAC_LEN + sl && strncasecmp(b, prefix, pl) == 0 &&
	       strcasecmp(b + pl + PP_MAC_LEN, suffix) == 0 && hex12(b + pl, mac);
}

static int dialplan_name(const pp_store *st, const char *b, size_t len)
{
	const char *tmpl = st ? pp_dial_template(&st->defaults) : "dialplan";
	size_t tl = strlen(tmpl);
	return len == tl + 4 && strncasecmp(b, tmpl, tl) == 0 && strcasecmp(b + tl, ".xml") == 0;
}

PP_API enum pp_kind pp_classify(const pp_store *st, const char *path, pp_name *out)
{
	static const struct {
		const char *name;
		enum pp_kind kind;
	} fixed[] = {
	    {"SIPDefault.cnf", PP_KIND_SIP_DEFAULT}, {"XMLDefault.cnf.xml", PP_KIND_XML_DEFAULT},
	    {"OS79XX.TXT", PP_KIND_OS79XX},          {"RINGLIST.DAT", PP_KIND_RINGLIST},
	    {"syncinfo.xml", PP_KIND_SYNCINFO},      {"Ringlist.xml", PP_KIND_RINGLIST_XML},
	};
	pp_name tmp;
	if (!out)
		out = &tmp;
	out->kind = PP_KIND_NONE;
	out->mac[0] = '\0';
	if (!path)
		return PP_KIND_NONE;

	const char *b = basename_of(path);
	size_t len = strnlen(b, 256);
	if (len == 0 || len == 256)
		return PP_KIND_NONE;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (strcasecmp(b, fixed[i].name) == 0)
			return out->kind = fixed[i].kind;
	if (mac_name(b, len, "SIP", ".cnf", out->mac))
		return out->kind = PP_KIND_SIP_MAC;
	if (mac_name(b, len, "SEP", ".cnf.xml", out->mac))
		return out->kind = PP_KIND_SEP_MAC;
	out->mac[0] = '\0';
	if (dialplan_name(st, b, len))
		return out->kind = PP_KIND_DIALPLAN;
	return PP_KIND_NONE;
}

int pp_phone_file(const pp_store *st, const char *path)
{
	pp_name pn;
	enum pp_kind k = pp_classify(st, path, &pn);
	if (k != PP_KIND_SIP_MAC && k != PP_KIND_SEP_MAC)
		return 0;
	const pp_phone *ph = pp_store_lookup(st, pn.mac);
	if (!ph || !ph->model)
		return 0;
	/* A 79x0 gets no SEP file (its loader goes on to SIP<MAC>.cnf), and the
	 * reverse: such a name is not the store's, and the disk may have it. */
	return (k == PP_KIND_SIP_MAC) == (ph->model->family == PP_FAMILY_CNF);
}

PP_API const char *pp_kind_name(enum pp_kind kind)
{
	switch (kind) {
	case PP_KIND_SIP_DEFAULT:
		return "SIPDefault.cnf";
	case PP_KIND_SIP_MAC:
		return "SIP<MAC>.cnf";
	case PP_KIND_SEP_MAC:
		return "SEP<MAC>.cnf.xml";
	case PP_KIND_XML_DEFAULT:
		return "XMLDefault.cnf.xml";
	case PP_KIND_OS79XX:
		return "OS79XX.TXT";
	case PP_KIND_RINGLIST:
		return "RINGLIST.DAT";
	case PP_KIND_DIALPLAN:
		return "dial plan";
	case PP_KIND_SYNCINFO:
		return "syncinfo.xml";
	case PP_KIND_RINGLIST_XML:
		return "Ringlist.xml";
	case PP_KIND_NONE:
		break;
	}
	return "not ours";
}
