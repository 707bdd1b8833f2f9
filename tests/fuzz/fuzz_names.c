/* SPDX-License-Identifier: MIT */
/*
 * Name classification: pp_classify and pp_mac_parse on arbitrary bytes (up to
 * the first NUL, as a server would see a request's name).  Besides the
 * sanitizers, each answer is checked against what the name says:
 *   - a fixed name (SIPDefault.cnf, ...) is recognised exactly when the
 *     basename equals it, ignoring case;
 *   - SIP<MAC>.cnf / SEP<MAC>.cnf.xml give 12 upper-case hex digits, and
 *     rebuilding the name from them matches the basename, ignoring case;
 *   - the dial plan is <dial_template>.xml of the store given, dialplan.xml
 *     without one;
 *   - classifying the same path with and without an out argument agrees;
 *   - pp_mac_parse accepts only the four documented shapes, and gives the
 *     input's hex digits, upper-cased;
 *   - pp_render of a name not classified is PP_ENOTFOUND, and the store's
 *     own phone is served (no policy without a client).
 */
#include "fuzz.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TMPL "Dial-Plan_2"
#define MAC  "001BD4123456"

static pp_store *store;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char text[] =
	    "version = 1;\n"
	    "security = { mac_binding = \"strict\"; };\n"
	    "defaults = { dial_template = \"" TMPL "\";\n"
	    "  dialplan = ( { match = \"*\"; timeout = 5; } ); };\n"
	    "phones = ( { mac = \"00:1b:d4:12:34:56\"; model = \"7940\"; },\n"
	    "           { mac = \"001b.d465.4321\"; model = \"7961\"; } );\n";
	pp_error err;
	int rc;

	(void)argc;
	(void)argv;
	if (fz_load((const uint8_t *)text, sizeof(text) - 1, &store, &rc, NULL, NULL, &err) ||
	    rc != PP_OK) {
		fprintf(stderr, "fuzz_names: the fixed store does not load: %s\n", err.message);
		abort();
	}
	return 0;
}

static int upper_hex12(const char *m)
{
	for (int i = 0; i < PP_MAC_LEN; i++)
		if (!isxdigit((unsigned char)m[i]) || islower((unsigned char)m[i]))
			return 0;
	return m[PP_MAC_LEN] == '\0';
}

static void check_classify(const pp_store *st, const char *path)
{
	static const struct {
		const char *name;
		enum pp_kind kind;
	} fixed[] = {
	    {"SIPDefault.cnf", PP_KIND_SIP_DEFAULT}, {"XMLDefault.cnf.xml", PP_KIND_XML_DEFAULT},
	    {"OS79XX.TXT", PP_KIND_OS79XX},          {"RINGLIST.DAT", PP_KIND_RINGLIST},
	    {"syncinfo.xml", PP_KIND_SYNCINFO},      {"Ringlist.xml", PP_KIND_RINGLIST_XML},
	};
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t blen = strlen(base);
	char dialplan[128], rebuilt[64];
	pp_name nm;
	enum pp_kind kind = pp_classify(st, path, &nm);

	snprintf(dialplan, sizeof(dialplan), "%s.xml", st ? TMPL : "dialplan");
	if (kind < PP_KIND_NONE || kind > PP_KIND_RINGLIST_XML || nm.kind != kind)
		fz_fail("pp_classify: kind out of range or not stored", path, NULL, 0);
	if (pp_classify(st, path, NULL) != kind)
		fz_fail("pp_classify: a different kind without an out argument", path, NULL, 0);
	if (!pp_kind_name(kind))
		fz_fail("pp_kind_name: NULL", path, NULL, 0);

	enum pp_kind want = PP_KIND_NONE;
	if (blen > 0 && blen < 256) {
		for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
			if (strcasecmp(base, fixed[i].name) == 0)
				want = fixed[i].kind;
		if (want == PP_KIND_NONE && strcasecmp(base, dialplan) == 0)
			want = PP_KIND_DIALPLAN;
	}
	switch (kind) {
	case PP_KIND_SIP_MAC:
	case PP_KIND_SEP_MAC:
		if (!upper_hex12(nm.mac))
			fz_fail("pp_classify: the MAC is not 12 upper-case hex digits", path,
			        nm.mac, strlen(nm.mac));
		snprintf(rebuilt, sizeof(rebuilt),
		         kind == PP_KIND_SIP_MAC ? "SIP%s.cnf" : "SEP%s.cnf.xml", nm.mac);
		if (strcasecmp(base, rebuilt) != 0)
			fz_fail("pp_classify: a per-phone name that is not SIP<MAC>.cnf or "
			        "SEP<MAC>.cnf.xml",
			        path, rebuilt, strlen(rebuilt));
		if (want != PP_KIND_NONE)
			fz_fail("pp_classify: a fixed name taken for a per-phone one", path, NULL,
			        0);
		break;
	default:
		if (nm.mac[0])
			fz_fail("pp_classify: a MAC for a name that is not per-phone", path, nm.mac,
			        strnlen(nm.mac, sizeof(nm.mac)));
		if (kind != want)
			fz_fail("pp_classify: not the kind the basename says", path,
			        pp_kind_name(kind), strlen(pp_kind_name(kind)));
		break;
	}
	/* A name that looks like SIP<12 hex>.cnf must be recognised as one. */
	if (kind == PP_KIND_NONE && blen == 19 && strncasecmp(base, "SIP", 3) == 0 &&
	    strcasecmp(base + 15, ".cnf") == 0) {
		int hex = 1;
		for (int i = 3; i < 15; i++)
			hex &= isxdigit((unsigned char)base[i]) != 0;
		if (hex)
			fz_fail("pp_classify: SIP<MAC>.cnf not recognised", path, NULL, 0);
	}
}

static void check_mac(const char *text)
{
	char mac[PP_MAC_LEN + 1], again[PP_MAC_LEN + 1], hex[32];
	size_t len = strlen(text), nhex = 0;

	memset(mac, 'x', sizeof(mac));
	int rc = pp_mac_parse(text, mac);
	if (rc != PP_OK) {
		if (rc != PP_EARG)
			fz_fail("pp_mac_parse: neither PP_OK nor PP_EARG", text, NULL, 0);
		return;
	}
	if (!upper_hex12(mac))
		fz_fail("pp_mac_parse: not 12 upper-case hex digits", text, mac, sizeof(mac));
	if (len != 12 && len != 14 && len != 17)
		fz_fail("pp_mac_parse: accepted a length other than 12, 14 or 17", text, NULL, 0);
	for (size_t i = 0; i < len && nhex < sizeof(hex); i++)
		if (isxdigit((unsigned char)text[i]))
			hex[nhex++] = (char)toupper((unsigned char)text[i]);
		else if (text[i] != ':' && text[i] != '-' && text[i] != '.')
			fz_fail("pp_mac_parse: accepted a character that is no hex digit or "
			        "separator",
			        text, NULL, 0);
	if (nhex != PP_MAC_LEN || memcmp(hex, mac, PP_MAC_LEN) != 0)
		fz_fail("pp_mac_parse: not the input's hex digits", text, mac, PP_MAC_LEN);
	if (pp_mac_parse(mac, again) != PP_OK || strcmp(mac, again) != 0)
		fz_fail("pp_mac_parse: its own output does not parse back the same", text, again,
		        strnlen(again, sizeof(again)));
}

static void check_render(const char *path)
{
	char *data = NULL;
	size_t len = 0;
	pp_error err;
	pp_name nm;
	enum pp_kind kind = pp_classify(store, path, &nm);
	int rc = pp_render(store, path, NULL, &data, &len, &err);

	if (rc == PP_OK) {
		if (kind == PP_KIND_NONE || !data)
			fz_fail("pp_render: served a name that is not ours", path, data, len);
		pp_free(data);
	} else if (data) {
		fz_fail("pp_render: failed but left data", path, NULL, 0);
	}
	if (kind == PP_KIND_NONE && rc != PP_ENOTFOUND)
		fz_fail("pp_render: a name that is not ours is not PP_ENOTFOUND", path, NULL, 0);
	if (kind == PP_KIND_SIP_MAC && strcmp(nm.mac, MAC) == 0 && rc != PP_OK)
		fz_fail("pp_render: the store's 7940 not served", path, err.message,
		        strlen(err.message));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Exactly size + 1 bytes, so reading past the NUL is caught. */
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_classify(NULL, s);
	check_classify(store, s);
	check_mac(s);
	check_render(s);
	free(s);
	return 0;
}
