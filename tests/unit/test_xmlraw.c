/* SPDX-License-Identifier: MIT */
/*
 * The raw xml passthrough (issue 13): xml = ( { path; value; }, ... ) puts
 * any element under any parent of SEP<MAC>.cnf.xml.  Adding, overriding a
 * derived element (one element, the raw text, a warning at the entry's
 * line), indexes, merging defaults -> profile -> phone, escaping, and hostile
 * paths and values, each an error at its FILE:LINE.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "helpers.h"

#define HEAD                                                                                       \
	"version = 1;\n"                                                                           \
	"security = { mac_binding = \"off\"; };\n"                                                 \
	"defaults = { proxy = { address = \"192.0.2.10\"; }; };\n"

/* Occurrences of needle in text. */
static size_t count(const char *text, const char *needle)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static char *render_ok(th_result *r, const char *text, const char *name)
{
	th_load_text(r, text);
	th_expect_rc(r, PP_OK);
	char *x = fx_must_render(r->st, name);
	fx_assert_xml(x, strlen(x));
	return x;
}

/* ---- adding ------------------------------------------------------------------ */

static void test_adds_elements(void **state)
{
	th_result r;

	(void)state;
	char *x = render_ok(
	    &r,
	    HEAD "phones = ( { mac = \"001bd4000001\"; model = \"7961\";\n"
	         "  lines = ( { name = \"100\"; password = \"x\"; } );\n"
	         "  xml = ( { path = \"sipProfile/dscpForAudio\"; value = \"184\"; },\n"
	         "          { path = \"sipProfile/sipProxies/emergencyProxy\"; value = "
	         "\"e.example\"; },\n"
	         "          { path = \"commonProfile/phonePassword\"; value = \"1234\"; },\n"
	         "          { path = \"commonProfile/backgroundImageAccess\"; value = true; },\n"
	         "          { path = \"directoryURL\"; value = \"http://192.0.2.1/d.xml\"; },\n"
	         "          { path = \"userId\"; value = 42; } ); } );\n",
	    "SEP001BD4000001.cnf.xml");
	/* After the existing children of its parent: sipProfile's last was sipLines. */
	fx_assert_has(x,
	              "    </sipLines>\n    <dscpForAudio>184</dscpForAudio>\n  </sipProfile>\n");
	fx_assert_has(x, "      <registerWithProxy>true</registerWithProxy>\n"
	                 "      <emergencyProxy>e.example</emergencyProxy>\n    </sipProxies>\n");
	/* A missing parent is made once, and its children in the store's order. */
	fx_assert_has(x,
	              "  <commonProfile>\n    <phonePassword>1234</phonePassword>\n"
	              "    <backgroundImageAccess>true</backgroundImageAccess>\n"
	              "  </commonProfile>\n  <directoryURL>http://192.0.2.1/d.xml</directoryURL>\n"
	              "  <userId>42</userId>\n  <versionStamp>");
	assert_int_equal(count(x, "<commonProfile>"), 1);
	/* New top-level elements go before the stamp (which covers the whole file either way). */
	assert_true(strstr(x, "<userId>") < strstr(x, "<versionStamp>"));
	assert_int_equal(th_count(&r.diags, PP_WARNING), 0);
	pp_free(x);
	th_result_free(&r);
}

/* The stamp changes with an entry's value: the phone sees the change. */
static void test_stamp_follows_entries(void **state)
{
	static const char *const values[] = {"1", "2"};
	char stamps[2][17];

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		char text[512];
		th_result r;
		snprintf(text, sizeof(text),
		         HEAD "phones = ( { mac = \"001bd4000001\"; model = \"7965\"; protocol = "
		              "\"sccp\";\n  xml = ( { path = \"x/y\"; value = \"%s\"; } ); } );\n",
		         values[i]);
		char *x = render_ok(&r, text, "SEP001BD4000001.cnf.xml");
		const char *s = strstr(x, "<versionStamp>");
		assert_non_null(s);
		memcpy(stamps[i], s + strlen("<versionStamp>"), 16);
		stamps[i][16] = '\0';
		pp_free(x);
		th_result_free(&r);
	}
	assert_string_not_equal(stamps[0], stamps[1]);
}

/*
 * The stamp digests the whole document, so elements after it count too:
 * transportLayerProtocol (from proxy.transport) and an entry that shadows
 * deviceSecurityMode, both written after <versionStamp>.  The same store
 * loaded twice gives the same stamp.
 */
static void stamp_of(const char *tail, const char *after, char out[17])
{
	char text[768];
	th_result r;

	snprintf(text, sizeof(text),
	         HEAD "phones = ( { mac = \"001bd4000001\"; model = \"7961\";\n"
	              "  lines = ( { name = \"100\"; password = \"x\"; } );\n%s } );\n",
	         tail);
	char *x = render_ok(&r, text, "SEP001BD4000001.cnf.xml");
	const char *s = strstr(x, "<versionStamp>");
	assert_non_null(s);
	/* What differs is after the stamp, else this would prove nothing. */
	const char *a = strstr(x, after);
	assert_non_null(a);
	assert_true(a > s);
	memcpy(out, s + strlen("<versionStamp>"), 16);
	out[16] = '\0';
	assert_true(strspn(out, "0123456789abcdef") == 16);
	pp_free(x);
	th_result_free(&r);
}

/* Store a twice gives one stamp; store b, which differs after the stamp, another. */
static void stamps_differ(const char *a, const char *a_has, const char *b, const char *b_has)
{
	char sa[17], sa2[17], sb[17];

	stamp_of(a, a_has, sa);
	stamp_of(a, a_has, sa2);
	stamp_of(b, b_has, sb);
	assert_string_equal(sa, sa2);
	assert_string_not_equal(sa, sb);
}

static void test_stamp_covers_transport(void **state)
{
	(void)state;
	stamps_differ("  proxy = { transport = \"udp\"; };", "<transportLayerProtocol>2<",
	              "  proxy = { transport = \"tcp\"; };", "<transportLayerProtocol>1<");
}

static void test_stamp_covers_entry_after(void **state)
{
	(void)state;
	stamps_differ("  xml = ( { path = \"deviceSecurityMode\"; value = \"2\"; } );",
	              "<deviceSecurityMode>2<",
	              "  xml = ( { path = \"deviceSecurityMode\"; value = \"3\"; } );",
	              "<deviceSecurityMode>3<");
}

/* ---- overriding a derived element -------------------------------------------------- */

static void test_overrides_derived(void **state)
{
	th_result r;

	(void)state;
	char *x = render_ok(
	    &r,
	    HEAD
	    "phones = ( { mac = \"001bd4000001\"; model = \"7961\"; nat = { enable = false; };\n"
	    "  proxy = { transport = \"udp\"; };\n"
	    "  lines = ( { name = \"100\"; password = \"x\"; auto_answer = false; } );\n"
	    "  xml = ( { path = \"sipProfile/natEnabled\"; value = \"true\"; },\n"
	    "          { path = \"transportLayerProtocol\"; value = 4; },\n"
	    "          { path = \"sipProfile/sipLines/line/autoAnswer/autoAnswerEnabled\";\n"
	    "            value = \"2\"; },\n"
	    "          { path = \"devicePool/callManagerGroup/members/member/callManager/"
	    "ports/sipPort\"; value = 5070; } ); } );\n",
	    "SEP001BD4000001.cnf.xml");
	/* Its text replaced where it is, not a second element. */
	assert_int_equal(count(x, "<natEnabled>"), 1);
	fx_assert_has(x, "    </sipProxies>\n    <natEnabled>true</natEnabled>\n");
	assert_int_equal(count(x, "<transportLayerProtocol>"), 1);
	fx_assert_has(x, "  <transportLayerProtocol>4</transportLayerProtocol>\n</device>\n");
	assert_int_equal(count(x, "<autoAnswerEnabled>"), 1);
	fx_assert_has(x, "<autoAnswer>\n          <autoAnswerEnabled>2</autoAnswerEnabled>\n");
	fx_assert_has(x, "<sipPort>5070</sipPort>");
	assert_null(strstr(x, "<sipPort>5060"));
	/* A warning each, at the entry's line, naming the setting shadowed. */
	th_expect(&r.diags, PP_WARNING, r.path, 7,
	          "xml path 'sipProfile/natEnabled' shadows the <natEnabled> derived from "
	          "'nat.enable' (the raw value wins)");
	th_expect(&r.diags, PP_WARNING, r.path, 8,
	          "xml path 'transportLayerProtocol' shadows the <transportLayerProtocol> derived "
	          "from 'proxy.transport'");
	th_expect(&r.diags, PP_WARNING, r.path, 9, "derived from 'lines[0].auto_answer'");
	th_expect(&r.diags, PP_WARNING, r.path, 11, "<sipPort> phoneprov writes itself");
	assert_int_equal(th_count(&r.diags, PP_WARNING), 4);
	pp_free(x);
	th_result_free(&r);
}

/* A container replaced whole: its children go, and the warning says so. */
static void test_overrides_container(void **state)
{
	th_result r;

	(void)state;
	char *x =
	    render_ok(&r,
	              HEAD "phones = ( { mac = \"001bd4000001\"; model = \"7961\";\n"
	                   "  lines = ( { name = \"100\"; password = \"x\"; } );\n"
	                   "  xml = ( { path = \"sipProfile/sipLines\"; value = \"\"; },\n"
	                   "          { path = \"versionStamp\"; value = \"mine\"; } ); } );\n",
	              "SEP001BD4000001.cnf.xml");
	fx_assert_has(x, "    <sipLines></sipLines>\n");
	assert_null(strstr(x, "<line "));
	fx_assert_has(x, "  <versionStamp>mine</versionStamp>\n");
	th_expect(&r.diags, PP_WARNING, r.path, 6,
	          "shadows the <sipLines> derived from 'lines', and what is inside it");
	th_expect(&r.diags, PP_WARNING, r.path, 7, "shadows the <versionStamp> phoneprov writes");
	pp_free(x);
	th_result_free(&r);
}

/* A default inherited by every phone is one warning, at its own line. */
static void test_shadowing_reported_once(void **state)
{
	th_result r;

	(void)state;
	th_load_text(&r, "version = 1;\nsecurity = { mac_binding = \"off\"; };\n"
	                 "defaults = { proxy = { address = \"192.0.2.10\"; };\n"
	                 "  xml = ( { path = \"fullConfig\"; value = \"false\"; } ); };\n"
	                 "phones = ( { mac = \"001bd4000001\"; model = \"7961\"; },\n"
	                 "  { mac = \"001bd4000002\"; model = \"7961\"; },\n"
	                 "  { mac = \"001bd4000003\"; model = \"7940\"; } );\n");
	th_expect_rc(&r, PP_OK);
	th_expect(&r.diags, PP_WARNING, r.path, 4, "xml path 'fullConfig' shadows");
	assert_int_equal(th_count(&r.diags, PP_ERROR), 0);
	size_t n = 0;
	for (size_t i = 0; i < r.diags.n; i++)
		n += strstr(r.diags.items[i].msg, "xml path") != NULL;
	assert_int_equal(n, 1);
	/* A 79x0's files carry no xml entry. */
	char *c = fx_must_render(r.st, "SIP001BD4000003.cnf");
	assert_null(strstr(c, "fullConfig"));
	pp_free(c);
	c = fx_must_render(r.st, "XMLDefault.cnf.xml");
	assert_null(strstr(c, "fullConfig"));
	pp_free(c);
	th_result_free(&r);
}

/* ---- indexes ---------------------------------------------------------------------- */

static void test_indexes(void **state)
{
	th_result r;

	(void)state;
	char *x = render_ok(
	    &r,
	    HEAD "phones = ( { mac = \"001bd4000001\"; model = \"7961\";\n"
	         "  lines = ( { name = \"100\"; password = \"x\"; },\n"
	         "            { name = \"200\"; password = \"y\"; } );\n"
	         "  xml = ( { path = \"sipProfile/sipLines/line[2]/contact\"; value = "
	         "\"c2\"; },\n"
	         "          { path = \"sipProfile/sipLines/line/contact\"; value = \"c1\"; },\n"
	         "          { path = \"sipProfile/sipLines/line[3]/name\"; value = \"300\"; },\n"
	         "          { path = \"a[1]/b\"; value = \"1\"; },\n"
	         "          { path = \"a[2]/b\"; value = \"2\"; } ); } );\n",
	    "SEP001BD4000001.cnf.xml");
	/* line[2] is the second <line>; line is line[1]; line[3] a new third. */
	const char *l1 = strstr(x, "<line button=\"1\">"), *l2 = strstr(x, "<line button=\"2\">");
	assert_non_null(l1);
	assert_non_null(l2);
	const char *c1 = strstr(x, "<contact>c1</contact>"),
	           *c2 = strstr(x, "<contact>c2</contact>");
	assert_true(l1 < c1 && c1 < l2 && l2 < c2);
	fx_assert_has(x, "      </line>\n      <line>\n        <name>300</name>\n      </line>\n"
	                 "    </sipLines>\n");
	fx_assert_has(x, "  <a>\n    <b>1</b>\n  </a>\n  <a>\n    <b>2</b>\n  </a>\n");
	pp_free(x);
	th_result_free(&r);

	/* Past the siblings there are: an error at the entry, naming the phone. */
	th_load_text(&r, HEAD "phones = ( { mac = \"001bd4000001\"; model = \"7961\";\n"
	                      "  lines = ( { name = \"100\"; password = \"x\"; } );\n"
	                      "  xml = ( { path = \"sipProfile/sipLines/line[3]/contact\";\n"
	                      "            value = \"c\"; } ); } );\n");
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 6,
	          "xml path 'sipProfile/sipLines/line[3]/contact': phone 001BD4000001 has 1 "
	          "<line> in <sipProfile/sipLines>, so a new one is line[2], not line[3]");
	th_result_free(&r);

	/* Under an element that is not there yet, every index is 1; at the top, <device>. */
	th_load_text(&r, HEAD "phones = ( { mac = \"001bd4000001\"; model = \"7961\";\n"
	                      "  lines = ( { name = \"100\"; password = \"x\"; } );\n"
	                      "  xml = ( { path = \"a/b[2]\"; value = \"1\"; },\n"
	                      "          { path = \"c[2]/d\"; value = \"2\"; },\n"
	                      "          { path = \"fullConfig[3]\"; value = \"3\"; } ); } );\n");
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 6,
	          "xml path 'a/b[2]': phone 001BD4000001 has 0 <b> in <a>, so a new one is b[1]");
	th_expect(&r.diags, PP_ERROR, r.path, 7, "has 0 <c> in <device>, so a new one is c[1]");
	th_expect(
	    &r.diags, PP_ERROR, r.path, 8,
	    "has 1 <fullConfig> in <device>, so a new one is fullConfig[2], not fullConfig[3]");
	th_result_free(&r);
}

/* ---- merging: phone over profile over defaults, path by path -------------------- */

static void test_merge_order(void **state)
{
	th_result r;

	(void)state;
	th_load_text(&r,
	             "version = 1;\nsecurity = { mac_binding = \"off\"; };\n"
	             "defaults = { proxy = { address = \"192.0.2.10\"; };\n"
	             "  xml = ( { path = \"x/a\"; value = \"defaults\"; },\n"
	             "          { path = \"x/b\"; value = \"defaults\"; },\n"
	             "          { path = \"x/c\"; value = \"defaults\"; } ); };\n"
	             "profiles = { p = { xml = ( { path = \"x[1]/b\"; value = \"profile\"; },\n"
	             "                          { path = \"x/c\"; value = \"profile\"; },\n"
	             "                          { path = \"x/d\"; value = \"profile\"; } ); }; };\n"
	             "phones = ( { mac = \"001bd4000001\"; model = \"7965\"; protocol = \"sccp\";\n"
	             "  profile = \"p\"; xml = ( { path = \"x/c[1]\"; value = \"phone\"; } ); },\n"
	             "  { mac = \"001bd4000002\"; model = \"7965\"; protocol = \"sccp\"; } );\n");
	th_expect_rc(&r, PP_OK);
	char *x = fx_must_render(r.st, "SEP001BD4000001.cnf.xml");
	/* Each path once, from the latest level; in the order the paths first came. */
	fx_assert_has(x, "  <x>\n    <a>defaults</a>\n    <b>profile</b>\n    <c>phone</c>\n"
	                 "    <d>profile</d>\n  </x>\n");
	pp_free(x);
	x = fx_must_render(r.st, "SEP001BD4000002.cnf.xml");
	fx_assert_has(x, "  <x>\n    <a>defaults</a>\n    <b>defaults</b>\n    <c>defaults</c>\n"
	                 "  </x>\n");
	pp_free(x);
	assert_int_equal(th_count(&r.diags, PP_WARNING), 0);
	th_result_free(&r);
}

/* ---- escaping ---------------------------------------------------------------------- */

static void test_escaping(void **state)
{
	th_result r;

	(void)state;
	char *x = render_ok(&r,
	                    HEAD "phones = ( { mac = \"001bd4000001\"; model = \"9971\";\n"
	                         "  xml = ( { path = \"sipProfile/phoneLabel\";\n"
	                         "            value = \"<b>&amp;\\\"R&D\\\" 'x'</b>\"; },\n"
	                         "          { path = \"_x-1.y\"; value = \"]]>\"; } ); } );\n",
	                    "SEP001BD4000001.cnf.xml");
	fx_assert_has(x, "<phoneLabel>&lt;b&gt;&amp;amp;&quot;R&amp;D&quot; &apos;x&apos;&lt;/b&gt;"
	                 "</phoneLabel>");
	fx_assert_has(x, "  <_x-1.y>]]&gt;</_x-1.y>\n");
	pp_free(x);
	th_result_free(&r);
}

/* ---- conflicts found after merging ---------------------------------------------------- */

static void test_conflicts(void **state)
{
	th_result r;

	(void)state;
	th_load_text(
	    &r, "version = 1;\nsecurity = { mac_binding = \"off\"; };\n"
	        "defaults = { proxy = { address = \"192.0.2.10\"; }; nat = { enable = true; };\n"
	        "  xml = ( { path = \"q\"; value = \"1\"; } ); };\n"
	        "phones = ( { mac = \"001bd4000001\"; model = \"7961\";\n"
	        "  lines = ( { name = \"100\"; password = \"x\"; } );\n"
	        "  xml = ( { path = \"sipProfile/natEnabled/on\"; value = \"1\"; },\n"
	        "          { path = \"q/r\"; value = \"2\"; },\n"
	        "          { path = \"s/t\"; value = \"3\"; },\n"
	        "          { path = \"s\"; value = \"4\"; },\n"
	        "          { path = \"sipProfile/sipLines/line/featureID/x\"; value = \"5\"; "
	        "} ); } );\n");
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 7,
	          "xml path 'sipProfile/natEnabled/on' goes inside <natEnabled>, which holds "
	          "text, not elements (phone 001BD4000001)");
	th_expect(&r.diags, PP_ERROR, r.path, 8, "xml path 'q/r' conflicts with xml path 'q' at ");
	th_expect(&r.diags, PP_ERROR, r.path, 10, "xml path 's' conflicts with xml path 's/t' at ");
	th_expect(&r.diags, PP_ERROR, r.path, 11, "goes inside <featureID>");
	assert_int_equal(th_count(&r.diags, PP_ERROR), 4);
	th_result_free(&r);
}

/* ---- hostile paths and values: each an error at its own line ---------------------------- */

static void test_hostile_paths(void **state)
{
	static const struct {
		const char *path, *msg;
	} cases[] = {
	    {"", "'' is empty; expected element names"},
	    {"a//b", "has an empty element name"},
	    {"a/", "has an empty element name"},
	    {"/device/a", "starts with '/'"},
	    {"..", "has '..'; a path only names elements below <device>"},
	    {"a/../../etc", "has '..'"},
	    {"a/./b", "has '.'"},
	    {"a<b", "holds '<', which no element name may"},
	    {"a>b", "holds '>'"},
	    {"a&b", "holds '&'"},
	    {"a\\\"b", "holds '\"'"},
	    {"a'b", "holds '''"},
	    {"a b", "holds ' '"},
	    {"a\\tb", "control character"},
	    {"line[0]", "'line[0]'; an index is from 1 (the first) to 32"},
	    {"line[33]", "an index is from 1"},
	    {"line[99999999999999999999]", "an index is from 1"},
	    {"line[-1]", "an index is written NAME[N]"},
	    {"line[+1]", "an index is written NAME[N]"},
	    {"line[]", "an index is written NAME[N]"},
	    {"line[1]x", "an index is written NAME[N]"},
	    {"line[1", "an index is written NAME[N]"},
	    {"[1]", "'[1]', which is not an element name"},
	    {"9lives", "'9lives', which is not an element name"},
	    {"-a", "not an element name"},
	    {"a:b", "'a:b', which is not an element name"},
	    {"a]b", "not an element name"},
	    {"caf\xc3\xa9", "not an element name"},
	    {"a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q", "is more than 16 elements deep"},
	};
	char text[16384];
	size_t w;
	th_result r;

	(void)state;
	w = (size_t)snprintf(text, sizeof(text), "version = 1;\nprofiles = {\n");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		w +=
		    (size_t)snprintf(text + w, sizeof(text) - w,
		                     "  p%zu = { xml = ( { path = \"%s\"; value = \"v\"; } ); };\n",
		                     i, cases[i].path);
	snprintf(text + w, sizeof(text) - w, "};\n");
	th_load_text(&r, text);
	th_expect_rc(&r, PP_EINVALID);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		th_expect(&r.diags, PP_ERROR, r.path, (int)i + 3, cases[i].msg);
	assert_int_equal(th_count(&r.diags, PP_ERROR), sizeof(cases) / sizeof(cases[0]));
	th_result_free(&r);
}

static void test_path_length_bounds(void **state)
{
	char text[4096], path[400];
	th_result r;

	(void)state;
	/* 16 deep and 255 bytes are allowed; 256 bytes are not. */
	memset(path, 'a', 255);
	path[255] = '\0';
	for (size_t i = 15; i < 255; i += 16)
		path[i] = '/';
	snprintf(text, sizeof(text),
	         HEAD
	         "phones = ( { mac = \"001bd4000001\"; model = \"7965\"; protocol = \"sccp\";\n"
	         "  xml = ( { path = \"%s\"; value = \"v\"; } ); } );\n",
	         path);
	th_load_text(&r, text);
	th_expect_rc(&r, PP_OK);
	th_result_free(&r);
	memset(path, 'a', 256);
	path[256] = '\0';
	snprintf(text, sizeof(text),
	         "version = 1;\ndefaults = {\n  xml = ( { path = \"%s\"; value "
	         "= \"v\"; } ); };\n",
	         path);
	th_load_text(&r, text);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 3, "defaults.xml[0].path");
	th_result_free(&r);

	/* Very deep: 5,000 levels in 10,000 bytes, refused whole at its line. */
	size_t big = 10000 + 256;
	char *deep = malloc(big);
	assert_non_null(deep);
	int w = snprintf(deep, big, "version = 1;\ndefaults = {\n  xml = ( { path = \"");
	for (int i = 0; i < 5000; i++)
		w += snprintf(deep + w, big - (size_t)w, "%sa", i ? "/" : "");
	snprintf(deep + w, big - (size_t)w, "\"; value = \"v\"; } ); };\n");
	th_load_text(&r, deep);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 3, "defaults.xml[0].path");
	th_result_free(&r);
	free(deep);
}

static void test_hostile_entries(void **state)
{
	char big[300], text[8192];
	th_result r;

	(void)state;
	memset(big, 'v', 256);
	big[256] = '\0';
	snprintf(text, sizeof(text),
	         "version = 1;\nprofiles = {\n"
	         "  a = { xml = { path = \"a\"; value = \"v\"; }; };\n"
	         "  b = { xml = ( \"a\" ); };\n"
	         "  c = { xml = ( { value = \"v\"; } ); };\n"
	         "  d = { xml = ( { path = \"a\"; } ); };\n"
	         "  e = { xml = ( { path = \"a\"; value = \"v\"; name = \"n\"; } ); };\n"
	         "  f = { xml = ( { path = 5; value = \"v\"; } ); };\n"
	         "  g = { xml = ( { path = \"a\"; value = 1.5; } ); };\n"
	         "  h = { xml = ( { path = \"a\"; value = ( \"v\" ); } ); };\n"
	         "  i = { xml = ( { path = \"a\"; value = { v = 1; }; } ); };\n"
	         "  j = { xml = ( { path = \"a\"; value = \"%s\"; } ); };\n"
	         "  k = { xml = ( { path = \"a\"; value = \"line\\nbreak\"; } ); };\n"
	         "  l = { xml = ( { path = \"a/b\"; value = \"1\"; },\n"
	         "                { path = \"a[1]/b[1]\"; value = \"2\"; } ); };\n"
	         "};\n",
	         big);
	th_load_text(&r, text);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 3, "profiles.a.xml must be a list ( { path = ");
	th_expect(&r.diags, PP_ERROR, r.path, 4, "must be a group { path = ");
	th_expect(&r.diags, PP_ERROR, r.path, 5, "has no path");
	th_expect(&r.diags, PP_ERROR, r.path, 6, "has no value");
	th_expect(&r.diags, PP_ERROR, r.path, 7,
	          "unknown key 'name' in profiles.e.xml[0] (an xml entry has a path and a value)");
	th_expect(&r.diags, PP_ERROR, r.path, 8, "path must be a string in double quotes");
	th_expect(&r.diags, PP_ERROR, r.path, 9,
	          "value must be a string, a whole number or true/false");
	th_expect(&r.diags, PP_ERROR, r.path, 10, "value must be a string, a whole number");
	th_expect(&r.diags, PP_ERROR, r.path, 11, "value must be a string, a whole number");
	th_expect(&r.diags, PP_ERROR, r.path, 12, "profiles.j.xml[0].value");
	th_expect(&r.diags, PP_ERROR, r.path, 13, "control character");
	th_expect(&r.diags, PP_ERROR, r.path, 15, "xml path 'a[1]/b[1]' is given twice (also at ");
	assert_int_equal(th_count(&r.diags, PP_ERROR), 12);
	th_result_free(&r);
}

static void test_too_many_entries(void **state)
{
	char text[16384];
	size_t w;
	th_result r;

	(void)state;
	for (int n = 128; n <= 129; n++) {
		w = (size_t)snprintf(text, sizeof(text), "version = 1;\ndefaults = {\n  xml = (");
		for (int i = 0; i < n; i++)
			w += (size_t)snprintf(text + w, sizeof(text) - w,
			                      "%s\n    { path = \"e%d\"; value = \"v\"; }",
			                      i ? "," : "", i);
		snprintf(text + w, sizeof(text) - w, " );\n};\n");
		th_load_text(&r, text);
		if (n == 128) {
			th_expect_rc(&r, PP_OK);
		} else {
			th_expect_rc(&r, PP_EINVALID);
			th_expect(&r.diags, PP_ERROR, r.path, 3,
			          "defaults.xml has 129 entries; at most 128");
		}
		th_result_free(&r);
	}
}

/* Every level at its limits, each entry 16 deep with a 255-byte value: the file still renders. */
static void test_limits_fit_in_a_render(void **state)
{
	static const char *const level[] = {
	    "defaults = { proxy = { address = \"192.0.2.10\"; };\n", "profiles = { p = {\n",
	    "phones = ( { mac = \"001bd4000001\"; model = \"7961\"; profile = \"p\";\n"};
	static const char *const end[] = {"};\n", "}; };\n", "} );\n"};
	size_t cap = (size_t)1 << 21, w = 0;
	char *text = malloc(cap), value[256];
	th_result r;

	(void)state;
	assert_non_null(text);
	memset(value, 'v', 255);
	value[255] = '\0';
	w += (size_t)snprintf(text + w, cap - w,
	                      "version = 1;\nsecurity = { mac_binding = \"off\"; };\n");
	for (size_t l = 0; l < 3; l++) {
		w += (size_t)snprintf(text + w, cap - w, "%s  xml = (", level[l]);
		for (int i = 0; i < 128; i++) {
			w += (size_t)snprintf(text + w, cap - w, "%s\n    { path = \"d%zu%03d",
			                      i ? "," : "", l, i);
			for (int d = 1; d < 16; d++)
				w += (size_t)snprintf(text + w, cap - w, "/aaaaaaaaaaaaaa%d",
				                      d % 10);
			w += (size_t)snprintf(text + w, cap - w, "\"; value = \"%s\"; }", value);
		}
		w += (size_t)snprintf(text + w, cap - w, " );\n%s", end[l]);
	}
	assert_true(w < cap);
	th_load_text(&r, text);
	th_expect_rc(&r, PP_OK);
	char *x = fx_must_render(r.st, "SEP001BD4000001.cnf.xml");
	assert_int_equal(count(x, value), 3 * 128);
	pp_free(x);
	th_result_free(&r);
	free(text);
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_adds_elements),
	    cmocka_unit_test(test_stamp_follows_entries),
	    cmocka_unit_test(test_stamp_covers_transport),
	    cmocka_unit_test(test_stamp_covers_entry_after),
	    cmocka_unit_test(test_overrides_derived),
	    cmocka_unit_test(test_overrides_container),
	    cmocka_unit_test(test_shadowing_reported_once),
	    cmocka_unit_test(test_indexes),
	    cmocka_unit_test(test_merge_order),
	    cmocka_unit_test(test_escaping),
	    cmocka_unit_test(test_conflicts),
	    cmocka_unit_test(test_hostile_paths),
	    cmocka_unit_test(test_path_length_bounds),
	    cmocka_unit_test(test_hostile_entries),
	    cmocka_unit_test(test_too_many_entries),
	    cmocka_unit_test(test_limits_fit_in_a_render),
	};

	(void)argc;
	fx_init(argv[0]);
	th_init(argv[0]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
