/* SPDX-License-Identifier: MIT */
/*
 * Renderers, through the public API: fixture stores in tests/data, each
 * file compared with a golden file; tests/data/README.md says how each
 * was checked and against which reference (they are the renderers'
 * output, reviewed: the SEP ones carry a hash only the code computes).
 * A few checks call the private renderers directly, for values the store
 * never lets through.
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
#include "phoneprov.h"
#include "render_format.h"

/* ---- golden files -------------------------------------------------------- */

typedef struct golden {
	const char *conf, *path, *golden;
} golden;

static const golden goldens[] = {
    {"render.conf", "SIPDefault.cnf", "render.SIPDefault.cnf.golden"},
    {"render.conf", "SIP001BD4123456.cnf", "render.SIP001BD4123456.cnf.golden"},
    {"render.conf", "SIP001BD4ABCDEF.cnf", "render.SIP001BD4ABCDEF.cnf.golden"},
    {"render.conf", "SEP001122DDEEFF.cnf.xml", "render.SEP001122DDEEFF.cnf.xml.golden"},
    {"render.conf", "SEP001122AABBCC.cnf.xml", "render.SEP001122AABBCC.cnf.xml.golden"},
    {"render.conf", "XMLDefault.cnf.xml", "render.XMLDefault.cnf.xml.golden"},
    {"render.conf", "OS79XX.TXT", "render.OS79XX.TXT.golden"},
    {"render.conf", "RINGLIST.DAT", "render.RINGLIST.DAT.golden"},
    {"render.conf", "dialplan.xml", "render.dialplan.xml.golden"},
    {"render.conf", "syncinfo.xml", "render.syncinfo.xml.golden"},
    {"edge.conf", "SIPDefault.cnf", "edge.SIPDefault.cnf.golden"},
    {"edge.conf", "SIP001BD4000001.cnf", "edge.SIP001BD4000001.cnf.golden"},
    {"edge.conf", "SEP001BD4000002.cnf.xml", "edge.SEP001BD4000002.cnf.xml.golden"},
    {"edge.conf", "XMLDefault.cnf.xml", "edge.XMLDefault.cnf.xml.golden"},
    {"edge.conf", "OS79XX.TXT", "edge.OS79XX.TXT.golden"},
    {"edge.conf", "syncinfo.xml", "edge.syncinfo.xml.golden"},
    {"secrets.conf", "SIPDefault.cnf", "secrets.SIPDefault.cnf.golden"},
    {"secrets.conf", "SIP001BD4000010.cnf", "secrets.SIP001BD4000010.cnf.golden"},
    {"lines.conf", "SEP001BD4000042.cnf.xml", "lines.SEP001BD4000042.cnf.xml.golden"},
    {"lines.conf", "SIP001BD4000060.cnf", "lines.SIP001BD4000060.cnf.golden"},
};

static void test_golden(void **state)
{
	const golden *g = *state;
	pp_store *st = fx_load(g->conf);

	fx_assert_golden(st, g->path, g->golden);
	pp_store_free(st);
}

/* Every file each fixture provides, for the whole-output checks below. */
#define PATHS_MAX 12
static const struct {
	const char *conf;
	const char *paths[PATHS_MAX];
} provided[] = {
    {"render.conf",
     {"SIPDefault.cnf", "SIP001BD4123456.cnf", "SIP001BD4ABCDEF.cnf", "SEP001122DDEEFF.cnf.xml",
      "SEP001122AABBCC.cnf.xml", "XMLDefault.cnf.xml", "OS79XX.TXT", "RINGLIST.DAT", "dialplan.xml",
      "syncinfo.xml", NULL}},
    {"edge.conf",
     {"SIPDefault.cnf", "SIP001BD4000001.cnf", "SEP001BD4000002.cnf.xml", "XMLDefault.cnf.xml",
      "OS79XX.TXT", "syncinfo.xml", NULL}},
    {"secrets.conf", {"SIPDefault.cnf", "SIP001BD4000010.cnf", "OS79XX.TXT", NULL}},
    {"nodefaults.conf", {"SEP001122334455.cnf.xml", NULL}},
    {"lines.conf",
     {"SIPDefault.cnf", "SIP001BD4000060.cnf", "SEP001BD4000042.cnf.xml", "XMLDefault.cnf.xml",
      "OS79XX.TXT", "syncinfo.xml", NULL}},
};

static int is_xml(const char *path)
{
	size_t n = strlen(path);
	return n > 4 && strcmp(path + n - 4, ".xml") == 0;
}

static char *must_render(const pp_store *st, const char *path, size_t *len)
{
	char *data;
	int rc = fx_render(st, path, &data, len);

	if (rc != PP_OK)
		fail_msg("rendering %s: %s (%d)", path, pp_strerror(rc), rc);
	return data;
}

/* ---- well-formed XML, escaping ------------------------------------------- */

static void test_xml_well_formed(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(provided) / sizeof(provided[0]); i++) {
		pp_store *st = fx_load(provided[i].conf);

		for (const char *const *p = provided[i].paths;
		     p < provided[i].paths + PATHS_MAX && *p; p++) {
			if (!is_xml(*p))
				continue;
			size_t len;
			char *data = must_render(st, *p, &len);
			fx_assert_xml(data, len);
			pp_free(data);
		}
		pp_store_free(st);
	}
}

static void test_xml_escaping(void **state)
{
	pp_store *st = fx_load("edge.conf");
	size_t len;
	char *x = must_render(st, "SEP001BD4000002.cnf.xml", &len);

	(void)state;
	assert_non_null(strstr(x, "<displayName>Smith &amp; &lt;Jones&gt;</displayName>"));
	assert_non_null(strstr(x, "<phoneLabel>R&amp;D &lt;lab&gt;</phoneLabel>"));
	assert_non_null(strstr(x, "<authPassword>a&lt;b&amp;c</authPassword>"));
	assert_non_null(strstr(x, "<sshUserId>&quot;admin&quot; &amp; &lt;co&gt;</sshUserId>"));
	assert_null(strstr(x, "<Jones>"));
	assert_null(strstr(x, "<lab>"));
	assert_null(strstr(x, "\"admin\""));
	fx_assert_xml(x, len);
	pp_free(x);
	pp_store_free(st);
}

/*
 * The store refuses '"' in line fields (they may land in a .cnf), so a
 * display name holding one is only reachable by building the model here.
 */
static void test_xml_escaping_display_quote(void **state)
{
	pp_store st;
	pp_phone ph;
	pp_line line;
	pp_sbuf b = {0};

	(void)state;
	memset(&st, 0, sizeof(st));
	memset(&ph, 0, sizeof(ph));
	memset(&line, 0, sizeof(line));
	line.name = (pp_val){.type = PP_V_STR, .s = "3001"};
	line.display = (pp_val){.type = PP_V_STR, .s = "Ann \"The Boss\" <&> O'Hara"};
	ph.model = pp_model_find("7965");
	assert_non_null(ph.model);
	memcpy(ph.mac, "001122334466", 13);
	ph.s.lines.items = &line;
	ph.s.lines.n = 1;
	ph.s.lines.set = 1;
	ph.s.label = (pp_val){.type = PP_V_STR, .s = "\"Q\" & <A>"};

	assert_int_equal(pp_render_sep_mac(&st, &ph, &b), PP_OK);
	assert_false(b.oom);
	assert_non_null(strstr(b.data, "<displayName>Ann &quot;The Boss&quot; &lt;&amp;&gt; "
	                               "O&apos;Hara</displayName>"));
	assert_non_null(strstr(b.data, "<phoneLabel>&quot;Q&quot; &amp; &lt;A&gt;</phoneLabel>"));
	fx_assert_xml(b.data, b.len);
	pp_sbuf_release(&b);
}

/* ---- determinism, versionStamp --------------------------------------------- */

static void test_deterministic(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(provided) / sizeof(provided[0]); i++) {
		pp_store *a = fx_load(provided[i].conf);
		pp_store *b = fx_load(provided[i].conf);

		for (const char *const *p = provided[i].paths;
		     p < provided[i].paths + PATHS_MAX && *p; p++) {
			size_t l1, l2, l3;
			char *r1 = must_render(a, *p, &l1);
			char *r2 = must_render(a, *p, &l2);
			char *r3 = must_render(b, *p, &l3);

			assert_int_equal(l1, l2);
			assert_memory_equal(r1, r2, l1);
			assert_int_equal(l1, l3);
			assert_memory_equal(r1, r3, l1);
			pp_free(r1);
			pp_free(r2);
			pp_free(r3);
		}
		pp_store_free(a);
		pp_store_free(b);
	}
}

static uint64_t fnv1a64(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* The stamp hashes the whole file but its own 16 digits, so it follows every config change. */
static void check_stamp(const char *x, char out[17])
{
	const char *tag = strstr(x, "  <versionStamp>");
	char want[17];

	assert_non_null(tag);
	const char *digits = tag + strlen("  <versionStamp>");
	size_t at = (size_t)(digits - x), len = strlen(x);
	assert_true(at + 16 <= len);
	uint64_t h = fnv1a64(0xcbf29ce484222325ULL, x, at);
	h = fnv1a64(h, digits + 16, len - at - 16);
	snprintf(want, sizeof(want), "%016llx", (unsigned long long)h);
	assert_memory_equal(digits, want, 16);
	assert_memory_equal(digits + 16, "</versionStamp>", 15);
	memcpy(out, want, 17);
}

static void test_version_stamp(void **state)
{
	pp_store *st = fx_load("render.conf");
	size_t l1, l2;
	char *a = must_render(st, "SEP001122DDEEFF.cnf.xml", &l1);
	char *b = must_render(st, "SEP001122AABBCC.cnf.xml", &l2);
	char sa[17], sb[17];

	(void)state;
	check_stamp(a, sa);
	check_stamp(b, sb);
	assert_string_not_equal(sa, sb);
	pp_free(a);
	pp_free(b);
	pp_store_free(st);
}

/* ---- secrets ------------------------------------------------------------- */

static void test_sip_default_has_no_secret(void **state)
{
	static const char *const secrets[] = {"LineSecret1", "PhoneSecret2", "RawSecret3",
	                                      "ProxySecret4"};
	pp_store *st = fx_load("secrets.conf");
	size_t len;
	char *d = must_render(st, "SIPDefault.cnf", &len);
	char *p = must_render(st, "SIP001BD4000010.cnf", &len);

	(void)state;
	assert_null(strstr(d, "password"));
	assert_null(strstr(d, "line1_"));
	for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		assert_null(strstr(d, secrets[i]));
		/* ...while the per-phone file carries every one except the shadowed line one. */
		if (i != 0)
			assert_non_null(strstr(p, secrets[i]));
	}
	pp_free(d);
	pp_free(p);
	pp_store_free(st);

	st = fx_load("render.conf");
	d = must_render(st, "SIPDefault.cnf", &len);
	assert_null(strstr(d, "password"));
	pp_free(d);
	pp_store_free(st);
}

static void test_cnf_key_is_secret(void **state)
{
	(void)state;
	assert_true(pp_cnf_key_is_secret("phone_password"));
	assert_true(pp_cnf_key_is_secret("line1_password"));
	assert_true(pp_cnf_key_is_secret("line6_password"));
	assert_true(pp_cnf_key_is_secret("http_proxy_password"));
	assert_false(pp_cnf_key_is_secret("phone_prompt"));
	assert_false(pp_cnf_key_is_secret("line1_authname"));
	assert_false(pp_cnf_key_is_secret("telnet_level"));
}

/* ---- which phone gets which file ------------------------------------------ */

static void expect_status(const pp_store *st, const char *path, int want)
{
	char *data;
	size_t len;
	int rc = fx_render(st, path, &data, &len);

	if (rc != want)
		fail_msg("%s: got %s (%d), expected %s (%d)", path, pp_strerror(rc), rc,
		         pp_strerror(want), want);
	pp_free(data);
}

static void test_family(void **state)
{
	pp_store *st = fx_load("render.conf");

	(void)state;
	/* A 79x0 gets no SEP file, so its loader goes on to SIP<MAC>.cnf. */
	expect_status(st, "SEP001BD4123456.cnf.xml", PP_ENOTFOUND);
	expect_status(st, "SEP001BD4ABCDEF.cnf.xml", PP_ENOTFOUND);
	expect_status(st, "SIP001BD4123456.cnf", PP_OK);
	/* An XML-family phone, SIP or SCCP, gets no SIP<MAC>.cnf. */
	expect_status(st, "SIP001122DDEEFF.cnf", PP_ENOTFOUND);
	expect_status(st, "SIP001122AABBCC.cnf", PP_ENOTFOUND);
	expect_status(st, "SEP001122DDEEFF.cnf.xml", PP_OK);
	pp_store_free(st);
}

static void test_no_defaults(void **state)
{
	static const char *const shared[] = {"SIPDefault.cnf", "XMLDefault.cnf.xml",
	                                     "OS79XX.TXT",     "RINGLIST.DAT",
	                                     "dialplan.xml",   "syncinfo.xml"};
	pp_store *st = fx_load("nodefaults.conf");
	size_t len;
	char *x;

	(void)state;
	for (size_t i = 0; i < sizeof(shared) / sizeof(shared[0]); i++)
		expect_status(st, shared[i], PP_ENOTFOUND);
	x = must_render(st, "SEP001122334455.cnf.xml", &len);
	assert_null(strstr(x, "<loadInformation>"));
	assert_null(strstr(x, "<dialTemplate>"));
	assert_non_null(strstr(x, "<processNodeName>192.0.2.10</processNodeName>"));
	pp_free(x);
	pp_store_free(st);
}

static void test_missing_lists(void **state)
{
	pp_store *st = fx_load("edge.conf");

	(void)state;
	/* dial_template names the plan, but there is no plan to serve. */
	expect_status(st, "office-plan.xml", PP_ENOTFOUND);
	expect_status(st, "RINGLIST.DAT", PP_ENOTFOUND);
	pp_store_free(st);
}

/* ---- raw keys win ---------------------------------------------------------- */

/* The n-th line (1-based) of text, without its newline. */
static void nth_line(const char *text, int n, char *out, size_t outlen)
{
	out[0] = '\0';
	while (--n > 0 && text)
		if ((text = strchr(text, '\n')))
			text++;
	if (!text) {
		fail_msg("the text has fewer lines");
		return;
	}
	snprintf(out, outlen, "%.*s", (int)strcspn(text, "\n"), text);
}

static void test_raw_wins(void **state)
{
	pp_store *st = fx_load("render.conf");
	size_t len;
	char line[128];
	char *c = must_render(st, "SIP001BD4ABCDEF.cnf", &len);
	char *x = must_render(st, "SEP001122DDEEFF.cnf.xml", &len);

	(void)state;
	/* Raw cnf replaces the derived value in place. */
	nth_line(c, 4, line, sizeof(line));
	assert_string_equal(line, "proxy_register: 0");
	nth_line(c, 8, line, sizeof(line));
	assert_string_equal(line, "time_zone: \"CET\"");
	assert_null(strstr(c, "GMT"));
	assert_null(strstr(c, "proxy_register: 1"));
	/* The phone's vendor_config wins over the defaults' one. */
	assert_non_null(strstr(x, "<webAccess>0</webAccess>"));
	assert_null(strstr(x, "<webAccess>1</webAccess>"));
	pp_free(c);
	pp_free(x);
	pp_store_free(st);

	st = fx_load("edge.conf");
	c = must_render(st, "SIP001BD4000001.cnf", &len);
	nth_line(c, 1, line, sizeof(line));
	assert_string_equal(line, "image_version: \"P0S3-8-11-00\"");
	assert_null(strstr(c, "P0S3-8-12-00"));
	assert_null(strstr(c, "office-plan"));
	pp_free(c);
	pp_store_free(st);
}

/* ---- OS79XX.TXT ------------------------------------------------------------ */

static void test_os79xx_name(void **state)
{
	static const struct {
		const char *load, *name;
	} cases[] = {
	    {"P0S3-08-2-00", "P003-08-2-00"}, /* the first-hand account's fix */
	    {"P0S3-8-12-00", "P003-8-12-00"},
	    {"P0S3-07-4-00", "P003-07-4-00"},
	    {"P0S3-7-5-00", "P003-7-5-00"},
	    {"P0S3-06-3-00", "P0S3-06-3-00"},
	    {"P0S3-05-3-00", "P0S3-05-3-00"},
	    {"P0S3-10-1-00", "P003-10-1-00"},
	    {"P0030801SR02", "P0030801SR02"},
	    {"P003-08-2-00", "P003-08-2-00"},
	    {"P0S3-SR-1", "P0S3-SR-1"},
	    {"P0S3-", "P0S3-"},
	    {"SIP41.9-4-2SR3-1S", "SIP41.9-4-2SR3-1S"},
	};
	char out[64], small[4];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pp_os79xx_name(cases[i].load, out, sizeof(out));
		assert_string_equal(out, cases[i].name);
	}
	pp_os79xx_name("P0S3-08-2-00", small, sizeof(small));
	assert_string_equal(small, "P00");
}

static void test_os79xx_bare(void **state)
{
	pp_store *st = fx_load("render.conf");
	size_t len;
	char *d = must_render(st, "OS79XX.TXT", &len);

	(void)state;
	/* A trailing space or newline sends the phone after a missing file. */
	assert_true(len > 0);
	assert_true(d[len - 1] != '\n' && d[len - 1] != ' ' && d[len - 1] != '\r');
	assert_int_equal(strlen(d), len);
	pp_free(d);
	pp_store_free(st);
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest fixed[] = {
	    cmocka_unit_test(test_xml_well_formed),
	    cmocka_unit_test(test_xml_escaping),
	    cmocka_unit_test(test_xml_escaping_display_quote),
	    cmocka_unit_test(test_deterministic),
	    cmocka_unit_test(test_version_stamp),
	    cmocka_unit_test(test_sip_default_has_no_secret),
	    cmocka_unit_test(test_cnf_key_is_secret),
	    cmocka_unit_test(test_family),
	    cmocka_unit_test(test_no_defaults),
	    cmocka_unit_test(test_missing_lists),
	    cmocka_unit_test(test_raw_wins),
	    cmocka_unit_test(test_os79xx_name),
	    cmocka_unit_test(test_os79xx_bare),
	};
	enum { NG = sizeof(goldens) / sizeof(goldens[0]), NF = sizeof(fixed) / sizeof(fixed[0]) };
	struct CMUnitTest tests[NG + NF];
	char names[NG][96];

	(void)argc;
	fx_init(argv[0]);
	for (size_t i = 0; i < NG; i++) {
		snprintf(names[i], sizeof(names[i]), "golden %s", goldens[i].golden);
		tests[i] = (struct CMUnitTest){.name = names[i],
		                               .test_func = test_golden,
		                               .initial_state = (void *)&goldens[i]};
	}
	for (size_t i = 0; i < NF; i++)
		tests[NG + i] = fixed[i];
	return _cmocka_run_group_tests("render", tests, NG + NF, NULL, NULL);
}
