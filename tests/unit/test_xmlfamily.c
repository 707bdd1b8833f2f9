/* SPDX-License-Identifier: MIT */
/*
 * The XML family beyond the 79x1, against the references in
 * research/fidelity.md: the GE variants (own device types in
 * XMLDefault.cnf.xml), the 89xx/99xx phone services, srstInfo on SCCP and
 * the XML family's ring list.  Golden files in tests/data, written from the
 * references (tests/data/README.md says which).
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
#include "models.h"

/* ---- golden files -------------------------------------------------------- */

static const struct {
	const char *conf, *path, *golden;
} goldens[] = {
    {"xmlfamily.conf", "XMLDefault.cnf.xml", "xmlfamily.XMLDefault.cnf.xml.golden"},
    {"xmlfamily.conf", "SEP001BD4007961.cnf.xml", "xmlfamily.SEP001BD4007961.cnf.xml.golden"},
    {"xmlfamily.conf", "SEP001BD4009971.cnf.xml", "xmlfamily.SEP001BD4009971.cnf.xml.golden"},
    {"xmlfamily.conf", "SEP001BD4007965.cnf.xml", "xmlfamily.SEP001BD4007965.cnf.xml.golden"},
    {"xmlfamily.conf", "Ringlist.xml", "xmlfamily.Ringlist.xml.golden"},
    /* A 7961 behind NAT, with an outbound proxy on TCP. */
    {"nat.conf", "SEP001BD4007061.cnf.xml", "nat.SEP001BD4007061.cnf.xml.golden"},
};

static void test_goldens(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(goldens) / sizeof(goldens[0]); i++) {
		pp_store *st = fx_load(goldens[i].conf);
		char *x = fx_must_render(st, goldens[i].path);
		fx_assert_golden(st, goldens[i].path, goldens[i].golden);
		fx_assert_xml(x, strlen(x));
		pp_free(x);
		pp_store_free(st);
	}
}

/* ---- the GE variants -------------------------------------------------------- */

static void test_ge_names(void **state)
{
	static const char *const ge61[] = {"7961G-GE", "7961g-ge", "7961GE", "7961-GE", "7961ge"};
	static const char *const ge41[] = {"7941G-GE", "7941GE", "7941-ge"};

	(void)state;
	for (size_t i = 0; i < sizeof(ge61) / sizeof(ge61[0]); i++) {
		const pp_model *m = pp_model_find(ge61[i]);
		assert_non_null(m);
		assert_string_equal(m->name, "7961G-GE");
		assert_int_equal(m->type_id, 308);
		assert_int_equal(m->max_lines, 6);
		assert_int_equal(m->family, PP_FAMILY_XML);
	}
	for (size_t i = 0; i < sizeof(ge41) / sizeof(ge41[0]); i++) {
		const pp_model *m = pp_model_find(ge41[i]);
		assert_non_null(m);
		assert_string_equal(m->name, "7941G-GE");
		assert_int_equal(m->type_id, 309);
		assert_int_equal(m->max_lines, 2);
	}
	/* Not the plain models, whose device types differ. */
	assert_int_equal(pp_model_find("7961")->type_id, 30018);
	assert_int_equal(pp_model_find("7941")->type_id, 115);
	assert_null(pp_model_find("7961G-GEE"));
	assert_null(pp_model_find("7961 GE"));
	assert_true(pp_model_same("7961GE", "7961g-ge"));
	assert_false(pp_model_same("7961GE", "7961"));
	assert_true(pp_model_same("7999", "7999")); /* unknown, but itself */
	assert_non_null(strstr(pp_model_list(), "7941G-GE"));
	assert_non_null(strstr(pp_model_list(), "7961G-GE"));
}

static void test_ge_phone(void **state)
{
	pp_store *st = fx_load("xmlfamily.conf");
	pp_phone_info info;
	char *x;

	(void)state;
	/* The phone's model by its canonical name, whatever the store wrote. */
	assert_int_equal(pp_store_find(st, "001BD4007961", &info), PP_OK);
	assert_string_equal(info.model, "7961G-GE");
	x = fx_must_render(st, "SEP001BD4007961.cnf.xml");
	/* "7961G-GE" in the firmware list names the phone written "7961-ge". */
	fx_assert_has(x, "  <loadInformation>SIP41.9-4-2SR3-1S</loadInformation>\n");
	pp_free(x);
	x = fx_must_render(st, "XMLDefault.cnf.xml");
	fx_assert_has(x, "<loadInformation308 model=\"Cisco 7961G-GE\">SIP41.9-4-2SR3-1S"
	                 "</loadInformation308>\n");
	fx_assert_has(x, "<loadInformation309 model=\"Cisco 7941G-GE\">SCCP41.9-4-2SR1-1S"
	                 "</loadInformation309>\n");
	assert_null(strstr(x, "loadInformation30018"));
	assert_null(strstr(x, "loadInformation115"));
	pp_free(x);
	pp_store_free(st);
}

/* Two spellings of one model in one firmware list are one model given twice. */
static void test_ge_firmware_twice(void **state)
{
	th_result r;

	(void)state;
	th_load_text(&r, "version = 1;\ndefaults = {\n  firmware = (\n"
	                 "    { model = \"7961G-GE\"; load = \"SIP41.9-4-2SR3-1S\"; },\n"
	                 "    { model = \"7961GE\"; load = \"SIP41.9-4-2SR1-1S\"; }\n  );\n};\n");
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 5, "firmware for model 7961GE is given twice");
	th_result_free(&r);

	/* A phone's own entry replaces the defaults' one for that model, however spelt. */
	th_load_text(
	    &r, "version = 1;\nsecurity = { mac_binding = \"off\"; };\n"
	        "defaults = { proxy = { address = \"192.0.2.10\"; };\n"
	        "  firmware = ( { model = \"7961G-GE\"; load = \"SIP41.9-4-2SR3-1S\"; } ); };\n"
	        "phones = ( { mac = \"001bd4000001\"; model = \"7961GE\";\n"
	        "  firmware = ( { model = \"7961-ge\"; load = \"SIP41.9-3-1SR4-1S\"; } ); } );\n");
	th_expect_rc(&r, PP_OK);
	char *x = fx_must_render(r.st, "SEP001BD4000001.cnf.xml");
	fx_assert_has(x, "<loadInformation>SIP41.9-3-1SR4-1S</loadInformation>");
	pp_free(x);
	th_result_free(&r);
}

/* ---- 89xx/99xx: phone services, soft key and feature policy files ----------- */

#define SERVICES_STORE                                                                             \
	"version = 1;\n"                                                                           \
	"security = { mac_binding = \"off\"; };\n"                                                 \
	"defaults = { proxy = { address = \"192.0.2.10\"; }; };\n"                                 \
	"phones = (\n"                                                                             \
	"  { mac = \"001bd4000001\"; model = \"8941\"; },\n"                                       \
	"  { mac = \"001bd4000002\"; model = \"8945\"; protocol = \"sccp\"; },\n"                  \
	"  { mac = \"001bd4000003\"; model = \"8961\"; },\n"                                       \
	"  { mac = \"001bd4000004\"; model = \"9951\"; },\n"                                       \
	"  { mac = \"001bd4000005\"; model = \"9971\"; },\n"                                       \
	"  { mac = \"001bd4000006\"; model = \"7965\"; softkey_file = \"sk.xml\";\n"               \
	"    feature_policy_file = \"fp.xml\"; },\n"                                               \
	"  { mac = \"001bd4000007\"; model = \"7961G-GE\"; },\n"                                   \
	"  { mac = \"001bd4000008\"; model = \"7975\"; protocol = \"sccp\";\n"                     \
	"    softkey_file = \"sk.xml\"; feature_policy_file = \"fp.xml\"; }\n"                     \
	");\n"

/* The tests below share one load of SERVICES_STORE. */
static int services_setup(void **state)
{
	th_result *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	th_load_text(r, SERVICES_STORE);
	th_expect_rc(r, PP_OK);
	*state = r;
	return 0;
}

static int services_teardown(void **state)
{
	th_result_free(*state);
	free(*state);
	return 0;
}

static void test_services_by_model(void **state)
{
	static const struct {
		const char *name;
		int services;
	} phones[] = {
	    {"SEP001BD4000001.cnf.xml", 1}, {"SEP001BD4000002.cnf.xml", 1},
	    {"SEP001BD4000003.cnf.xml", 1}, {"SEP001BD4000004.cnf.xml", 1},
	    {"SEP001BD4000005.cnf.xml", 1}, {"SEP001BD4000006.cnf.xml", 0},
	    {"SEP001BD4000007.cnf.xml", 0}, {"SEP001BD4000008.cnf.xml", 0},
	};
	const pp_store *st = ((th_result *)*state)->st;

	for (size_t i = 0; i < sizeof(phones) / sizeof(phones[0]); i++) {
		char *x = fx_must_render(st, phones[i].name);
		const char *svc = strstr(x, "<phoneServices");
		if ((svc != NULL) != phones[i].services)
			fail_msg("%s: phoneServices %s", phones[i].name,
			         svc ? "where none belongs" : "missing");
		/* A top-level element, and under the stamp, which follows it. */
		if (svc) {
			fx_assert_has(x, "\n  <phoneServices useHTTPS=\"false\">\n"
			                 "    <provisioning>0</provisioning>\n");
			fx_assert_has(x, "      <url>Application:Cisco/PersonalDirectory</url>\n");
			assert_true(svc < strstr(x, "<versionStamp>"));
		}
		fx_assert_xml(x, strlen(x));
		pp_free(x);
	}
}

static void test_softkey_and_feature_policy(void **state)
{
	const pp_store *st = ((th_result *)*state)->st;
	char *x;

	/* Any XML-family phone when set: softKeyFile last in sipProfile. */
	x = fx_must_render(st, "SEP001BD4000006.cnf.xml");
	fx_assert_has(x,
	              "    </sipLines>\n    <softKeyFile>sk.xml</softKeyFile>\n  </sipProfile>\n");
	fx_assert_has(x, "</sipProfile>\n  <featurePolicyFile>fp.xml</featurePolicyFile>\n");
	pp_free(x);
	/* SCCP: no sipProfile, so no softKeyFile; the feature policy still. */
	x = fx_must_render(st, "SEP001BD4000008.cnf.xml");
	assert_null(strstr(x, "softKeyFile"));
	fx_assert_has(x, "  <featurePolicyFile>fp.xml</featurePolicyFile>\n");
	pp_free(x);
	/* Unset: neither, not even empty. */
	x = fx_must_render(st, "SEP001BD4000005.cnf.xml");
	assert_null(strstr(x, "softKeyFile"));
	assert_null(strstr(x, "featurePolicyFile"));
	pp_free(x);
}

static void test_file_settings_checked(void **state)
{
	th_result r;

	(void)state;
	th_load_text(&r, "version = 1;\ndefaults = {\n  softkey_file = \"\";\n};\n"
	                 "profiles = {\n  a = { softkey_file = \"soft keys.xml\"; };\n"
	                 "  b = { feature_policy_file = \"fp\\\\x.xml\"; };\n"
	                 "  c = { feature_policy_file = \"fp\\\"x.xml\"; };\n"
	                 "  d = { feature_policy_file = 5; };\n"
	                 "  e = { softkey_file = \"0123456789012345678901234567890123456789"
	                 "012345678901234567890.xml\"; };\n"
	                 "  f = { softkey_file = \"sk\\t.xml\"; };\n};\n");
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 3,
	          "defaults.softkey_file is ''; expected a file name in the TFTP root");
	th_expect(&r.diags, PP_ERROR, r.path, 6,
	          "softkey_file is 'soft keys.xml'; expected a file");
	th_expect(&r.diags, PP_ERROR, r.path, 7, "without spaces or '\\'");
	th_expect(&r.diags, PP_ERROR, r.path, 8, "feature_policy_file");
	th_expect(&r.diags, PP_ERROR, r.path, 9, "feature_policy_file must be a string");
	th_expect(&r.diags, PP_ERROR, r.path, 10, "softkey_file");
	th_expect(&r.diags, PP_ERROR, r.path, 11, "softkey_file");
	th_result_free(&r);
}

/* ---- SCCP: srstInfo ------------------------------------------------------------- */

static void test_srst_sccp_only(void **state)
{
	const pp_store *st = ((th_result *)*state)->st;
	char *x;

	/* In devicePool, after callManagerGroup (wazo's SCCP base.tpl). */
	x = fx_must_render(st, "SEP001BD4000008.cnf.xml");
	fx_assert_has(x, "    </callManagerGroup>\n"
	                 "    <srstInfo>\n"
	                 "      <srstOption>Disable</srstOption>\n"
	                 "    </srstInfo>\n"
	                 "  </devicePool>\n");
	pp_free(x);
	x = fx_must_render(st, "SEP001BD4000002.cnf.xml"); /* an 8945 on SCCP */
	fx_assert_has(x, "<srstOption>Disable</srstOption>");
	pp_free(x);
	/* SIP phones register with the proxy: no SRST element at all. */
	x = fx_must_render(st, "SEP001BD4000006.cnf.xml");
	assert_null(strstr(x, "srst"));
	pp_free(x);
}

/* ---- Ringlist.xml ----------------------------------------------------------------- */

/* One setting, two files: the same rings in the same order. */
static void test_ringlist_both_files(void **state)
{
	pp_store *st = fx_load("xmlfamily.conf");
	char *dat, *xml;

	(void)state;
	dat = fx_must_render(st, "RINGLIST.DAT");
	assert_string_equal(dat, "Analog Synth 1\tAnalog1.raw\nR&D <chirp>\tchirp.raw\n");
	/* Any case, as every name: the guides write Ringlist.xml and RingList.xml. */
	xml = fx_must_render(st, "RingList.XML");
	assert_true(strstr(xml, "Analog1.raw") < strstr(xml, "chirp.raw"));
	pp_free(dat);
	pp_free(xml);
	pp_store_free(st);
}

static void expect_status(const pp_store *st, const char *path, const pp_client *client, int want)
{
	char *data = NULL;
	size_t len;
	pp_error err;
	int rc = pp_render(st, path, client, &data, &len, &err);

	if (rc != want)
		fail_msg("%s: got %s (%d), expected %s (%d)", path, pp_strerror(rc), rc,
		         pp_strerror(want), want);
	pp_free(data);
}

static void test_ringlist_served_like_ringlist_dat(void **state)
{
	pp_store *st;
	th_result r;
	const pp_client stranger = {.ip = "192.0.2.99", .mac = "02:00:00:00:00:99"};

	(void)state;
	/* No ringlist (or no defaults): the disk's file, if any. */
	st = fx_load("edge.conf");
	expect_status(st, "Ringlist.xml", NULL, PP_ENOTFOUND);
	pp_store_free(st);
	st = fx_load("nodefaults.conf");
	expect_status(st, "Ringlist.xml", NULL, PP_ENOTFOUND);
	pp_store_free(st);
	/* A shared file: for any allowed client, under strict binding too; not outside allow. */
	th_load_text(&r, "version = 1;\nsecurity = { mac_binding = \"strict\";\n"
	                 "  allow = [ \"192.0.2.0/24\" ]; };\n"
	                 "defaults = { ringlist = ( { label = \"A\"; file = \"a.raw\"; } ); };\n");
	th_expect_rc(&r, PP_OK);
	expect_status(r.st, "Ringlist.xml", &stranger, PP_OK);
	expect_status(r.st, "Ringlist.xml", &(pp_client){.ip = "198.51.100.1"}, PP_EDENIED);
	th_result_free(&r);
	/* An empty list is a menu with no custom rings, as RINGLIST.DAT is empty. */
	th_load_text(&r, "version = 1;\ndefaults = { ringlist = ( ); };\n");
	th_expect_rc(&r, PP_OK);
	char *x = fx_must_render(r.st, "Ringlist.xml");
	assert_string_equal(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                       "<CiscoIPPhoneRingList>\n</CiscoIPPhoneRingList>\n");
	fx_assert_xml(x, strlen(x));
	pp_free(x);
	th_result_free(&r);
}

/* What `phoneprov list` shows: an XML-family phone's shared files include it. */
static void test_ringlist_in_phone_files(void **state)
{
	pp_store *st = fx_load("xmlfamily.conf");
	char names[8][64];
	size_t n = pp_phone_files(st, "001BD4009971", names, 8);
	int found = 0;

	(void)state;
	for (size_t i = 0; i < n; i++)
		found |= strcmp(names[i], "Ringlist.xml") == 0;
	assert_true(found);
	pp_store_free(st);
}

/* ---- raw cnf keys and the XML family ---------------------------------------------- */

/* A 79x0 gets the defaults' cnf keys in its file, so its own nat.enable is shadowed. */
static void test_shadowing_79x0_only(void **state)
{
	th_result r;

	(void)state;
	th_load_text(&r, "version = 1;\ndefaults = { proxy = { address = \"192.0.2.10\"; };\n"
	                 "  cnf = { nat_enable = 1; }; };\n"
	                 "phones = (\n"
	                 "  { mac = \"001bd4000001\"; model = \"7961\"; nat = { enable = true; };\n"
	                 "    lines = ( { name = \"1\"; password = \"x\"; } ); },\n"
	                 "  { mac = \"001bd4000002\"; model = \"7940\"; nat = { enable = true; };\n"
	                 "    lines = ( { name = \"2\"; password = \"y\"; } ); } );\n");
	th_expect_rc(&r, PP_OK);
	th_expect(&r.diags, PP_WARNING, r.path, 3,
	          "cnf.nat_enable shadows the value derived from 'nat.enable'");
	assert_int_equal(th_count(&r.diags, PP_WARNING), 1);
	th_result_free(&r);
}

/* ---- the example store: its 7961 behind NAT -------------------------------------- */

/* The text of the element <tag> (its first), or fail. */
static const char *inside(const char *x, const char *tag, size_t *len)
{
	char open[64], close[64];
	const char *a, *z;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	a = strstr(x, open);
	z = a ? strstr(a, close) : NULL;
	if (!a || !z)
		fail_msg("no <%s> in\n%s", tag, x);
	*len = (size_t)(z - a);
	return a;
}

static int within(const char *a, size_t len, const char *want)
{
	const char *p = strstr(a, want);
	return p && p < a + len;
}

static void test_example_7961_behind_nat(void **state)
{
	th_result r;
	size_t n, pn;
	char *x, *path = th_data("../../contrib/phoneprov.conf.example");

	(void)state;
	th_load_file(&r, path);
	th_expect_rc(&r, PP_OK);
	/*
	 * Its nat.enable shadows nothing: raw cnf keys never reach its file.  The
	 * one warning it has is the write-up's 13-character 7940 label, kept as
	 * the account wrote it (tests/cli/phoneprov.t.sh checks its text).
	 */
	size_t label_warnings = 0;
	for (size_t i = 0; i < r.diags.n; i++)
		label_warnings += r.diags.items[i].sev == PP_WARNING &&
		                  strstr(r.diags.items[i].msg, "label 'markwilson.it'");
	if (th_count(&r.diags, PP_WARNING) != 1 || label_warnings != 1) {
		th_print(&r.diags);
		fail_msg("the example store has warnings");
	}
	x = fx_must_render(r.st, "SEP001BD4ABCDEF.cnf.xml");
	const char *sp = inside(x, "sipProfile", &n);
	assert_true(within(sp, n, "\n    <natEnabled>true</natEnabled>\n"));
	assert_true(within(sp, n, "\n    <natAddress>203.0.113.10</natAddress>\n"));
	const char *px = inside(sp, "sipProxies", &pn);
	assert_true(pn < n);
	assert_true(within(px, pn, "<outboundProxy>pbx.example.net</outboundProxy>"));
	/* Its xml entry: the 7940's directory_url, as the 7961 reads it. */
	fx_assert_has(x, "\n  <directoryURL>http://webserver/directory.xml</directoryURL>\n");
	fx_assert_xml(x, strlen(x));
	pp_free(x);
	/* The 7940 keeps the write-up's raw keys; the 7941 on SCCP has no sipProfile. */
	x = fx_must_render(r.st, "SIPDefault.cnf");
	fx_assert_has(x, "\nnat_enable: 1\nnat_address: \"\"\n");
	pp_free(x);
	x = fx_must_render(r.st, "SEP001BD4007941.cnf.xml");
	assert_null(strstr(x, "nat"));
	pp_free(x);
	th_result_free(&r);
	free(path);
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_goldens),
	    cmocka_unit_test(test_ge_names),
	    cmocka_unit_test(test_ge_phone),
	    cmocka_unit_test(test_ge_firmware_twice),
	    cmocka_unit_test_setup_teardown(test_services_by_model, services_setup,
	                                    services_teardown),
	    cmocka_unit_test_setup_teardown(test_softkey_and_feature_policy, services_setup,
	                                    services_teardown),
	    cmocka_unit_test(test_file_settings_checked),
	    cmocka_unit_test(test_ringlist_both_files),
	    cmocka_unit_test(test_ringlist_served_like_ringlist_dat),
	    cmocka_unit_test(test_ringlist_in_phone_files),
	    cmocka_unit_test(test_shadowing_79x0_only),
	    cmocka_unit_test(test_example_7961_behind_nat),
	    cmocka_unit_test_setup_teardown(test_srst_sccp_only, services_setup, services_teardown),
	};

	(void)argc;
	fx_init(argv[0]);
	th_init(argv[0]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
