/* SPDX-License-Identifier: MIT */
/*
 * The renderers fed stores.  The input is config text, loaded as in
 * fuzz_store.c (@include refused before libconfig sees it); when it loads,
 * every name the store can provide is rendered: SIPDefault.cnf,
 * XMLDefault.cnf.xml, OS79XX.TXT, RINGLIST.DAT, the dial plan
 * (<dial_template>.xml), syncinfo.xml, and each phone's SIP<MAC>.cnf and
 * SEP<MAC>.cnf.xml.  Every output is checked in-process:
 *   - XML files are well-formed (wellformed.c), with the expected root;
 *   - .cnf lines match ^[a-z0-9_]+: ("[^"\n]*"|-?[0-9]+)$ (and, stricter, a
 *     quoted value is valid UTF-8 without control characters), no key is
 *     given twice, and SIPDefault.cnf holds no key with "password" in it;
 *   - OS79XX.TXT is one bare name (no white space, no newline);
 *   - RINGLIST.DAT is "label<TAB>file\n" lines;
 *   - the same name renders the same bytes twice, and in lower case;
 *   - a phone gets exactly one of SIP<MAC>.cnf and SEP<MAC>.cnf.xml;
 *   - policy: unless mac_binding is off, a phone's own file is refused to a
 *     client with another MAC, and served to its own MAC; global files go to
 *     anyone.  (Clients are given by MAC only: an IP would make the library
 *     read the leases file the fuzzed store names.)
 * Any violation abort()s with the name and the output.
 */
#include "fuzz.h"
#include "model.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STRANGER "01:00:5e:00:00:01" /* multicast: never a phone in a store */

/* Render name as client sees it; PP_OK or not, and checks the error side. */
static int render(const pp_store *st, const char *name, const pp_client *client, char **data,
                  size_t *len)
{
	pp_error err;
	int rc = pp_render(st, name, client, data, len, &err);

	if (rc == PP_OK) {
		if (!*data)
			fz_fail("pp_render: PP_OK without data", name, NULL, 0);
		return rc;
	}
	if (*data || *len)
		fz_fail("pp_render: failed but left data", name, NULL, 0);
	if (rc != PP_ENOTFOUND && rc != PP_EDENIED)
		fz_fail("pp_render: neither served, not found nor denied", name, err.message,
		        strlen(err.message));
	if (err.code != rc || !memchr(err.message, '\0', sizeof(err.message)) || !err.message[0])
		fz_fail("pp_render: err not filled in", name, NULL, 0);
	return rc;
}

static void check_ringlist(const char *name, const char *out, size_t len)
{
	const char *e = fz_text_check(out, len, "\t\n");
	const char *p = out, *end = out + len;

	if (e)
		fz_fail(e, name, out, len);
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			fz_fail("RINGLIST.DAT: the last line has no newline", name, out, len);
		const char *tab = memchr(p, '\t', (size_t)(eol - p));
		if (!tab || memchr(tab + 1, '\t', (size_t)(eol - tab - 1)))
			fz_fail("RINGLIST.DAT: a line that is not label<TAB>file", name, out, len);
		p = eol + 1;
	}
}

static void check_output(const char *name, enum pp_kind kind, const char *out, size_t len)
{
	const char *e = NULL;

	switch (kind) {
	case PP_KIND_SIP_DEFAULT:
		e = fz_cnf_check(out, len, 1);
		break;
	case PP_KIND_SIP_MAC:
		e = fz_cnf_check(out, len, 0);
		break;
	case PP_KIND_SEP_MAC:
		e = fz_xml_check(out, len, "device");
		break;
	case PP_KIND_XML_DEFAULT:
		e = fz_xml_check(out, len, "Default");
		break;
	case PP_KIND_DIALPLAN:
		e = fz_xml_check(out, len, "DIALTEMPLATE");
		break;
	case PP_KIND_SYNCINFO:
		e = fz_xml_check(out, len, "SYNCINFO");
		break;
	case PP_KIND_RINGLIST_XML:
		e = fz_xml_check(out, len, "CiscoIPPhoneRingList");
		break;
	case PP_KIND_OS79XX:
		e = fz_text_check(out, len, "");
		if (!e && !len)
			e = "OS79XX.TXT is empty";
		for (size_t i = 0; !e && i < len; i++)
			if (out[i] == ' ')
				e = "OS79XX.TXT holds white space";
		break;
	case PP_KIND_RINGLIST:
		check_ringlist(name, out, len);
		break;
	case PP_KIND_NONE:
		e = "served a name that is not ours";
		break;
	}
	if (e)
		fz_fail(e, name, out, len);
}

/* Render name; check it, its determinism and its lower-case twin.  PP_OK or not. */
static int check_name(const pp_store *st, const char *name)
{
	char *a = NULL, *b = NULL, lower[128];
	size_t alen = 0, blen = 0;
	pp_name nm;
	enum pp_kind kind = pp_classify(st, name, &nm);

	if (kind == PP_KIND_NONE)
		fz_fail("pp_classify: a name the store provides is not recognised", name, NULL, 0);
	int rc = render(st, name, NULL, &a, &alen);
	if (rc == PP_EDENIED)
		fz_fail("pp_render: denied without a client", name, NULL, 0);
	if (rc != PP_OK)
		return rc;
	check_output(name, kind, a, alen);

	if (render(st, name, NULL, &b, &blen) != PP_OK || blen != alen || memcmp(a, b, alen))
		fz_fail("pp_render: the same name rendered different bytes", name, b, blen);
	pp_free(b);
	b = NULL;

	snprintf(lower, sizeof(lower), "%s", name);
	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (render(st, lower, NULL, &b, &blen) != PP_OK || blen != alen || memcmp(a, b, alen))
		fz_fail("pp_render: the lower-case name rendered different bytes", lower, b, blen);
	pp_free(b);
	pp_free(a);
	return rc;
}

/* Policy for a per-phone file (served in the dry run). */
static void check_policy(const pp_store *st, const char *name, const char *mac)
{
	int off = strcmp(pp_store_mac_binding(st), "off") == 0;
	pp_client own = {.ip = NULL, .mac = mac}, stranger = {.ip = NULL, .mac = STRANGER};
	char *d = NULL;
	size_t len = 0;

	if (render(st, name, &own, &d, &len) != PP_OK)
		fz_fail("policy: a phone's own file refused to its own MAC", name, NULL, 0);
	pp_free(d);
	d = NULL;
	int rc = render(st, name, &stranger, &d, &len);
	if (off ? rc != PP_OK : rc != PP_EDENIED)
		fz_fail(off ? "policy: mac_binding off, yet refused to another MAC"
		            : "policy: a phone's own file served to another MAC",
		        name, d, len);
	pp_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const global[] = {"SIPDefault.cnf", "XMLDefault.cnf.xml", "OS79XX.TXT",
	                                     "RINGLIST.DAT", "syncinfo.xml"};
	pp_client stranger = {.ip = NULL, .mac = STRANGER};
	pp_store *st;
	int rc;

	if (fz_load(data, size, &st, &rc, NULL, NULL, NULL) || rc != PP_OK)
		return 0;

	char dialplan[128];
	snprintf(dialplan, sizeof(dialplan), "%s.xml", pp_dial_template(&st->defaults));
	for (size_t i = 0; i <= sizeof(global) / sizeof(global[0]); i++) {
		const char *name = i < sizeof(global) / sizeof(global[0]) ? global[i] : dialplan;
		char *d = NULL;
		size_t len = 0;
		if (check_name(st, name) != PP_OK)
			continue;
		if (render(st, name, &stranger, &d, &len) != PP_OK)
			fz_fail("policy: a global file refused to a client", name, NULL, 0);
		pp_free(d);
	}

	for (size_t i = 0; i < pp_store_phone_count(st); i++) {
		pp_phone_info info;
		char sip[64], sep[64];
		if (pp_store_phone(st, i, &info) != PP_OK)
			fz_fail("pp_store_phone failed", NULL, NULL, 0);
		const pp_model *m = pp_model_find(info.model);
		if (!m)
			fz_fail("a loaded phone with an unknown model", info.model, NULL, 0);
		snprintf(sip, sizeof(sip), "SIP%s.cnf", info.mac);
		snprintf(sep, sizeof(sep), "SEP%s.cnf.xml", info.mac);
		int sip_ok = check_name(st, sip) == PP_OK;
		int sep_ok = check_name(st, sep) == PP_OK;
		if (sip_ok != (m->family == PP_FAMILY_CNF) ||
		    sep_ok != (m->family == PP_FAMILY_XML))
			fz_fail("a phone does not get exactly its family's file", info.mac, NULL,
			        0);
		check_policy(st, sip_ok ? sip : sep, info.mac);
	}
	pp_store_free(st);
	return 0;
}
