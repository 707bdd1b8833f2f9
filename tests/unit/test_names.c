/* SPDX-License-Identifier: MIT */
/*
 * pp_classify: which requested names phoneprov provides, by basename and
 * case-insensitively; everything else (CTL/ITL files, firmware, rings) falls
 * through to the file on disk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "phoneprov.h"

static void expect_kind_(const pp_store *st, const char *path, enum pp_kind want,
                         const char *want_mac, const char *file, int line)
{
	pp_name n;

	memset(&n, 0x5a, sizeof(n));
	enum pp_kind got = pp_classify(st, path, &n);
	if (got != want || n.kind != want) {
		print_error("pp_classify(\"%s\") = %s (%d), out.kind %d; expected %s (%d)\n",
		            path ? path : "(null)", pp_kind_name(got), (int)got, (int)n.kind,
		            pp_kind_name(want), (int)want);
		_fail(file, line);
	}
	if (strcmp(n.mac, want_mac ? want_mac : "") != 0) {
		print_error("pp_classify(\"%s\"): mac \"%.13s\", expected \"%s\"\n", path, n.mac,
		            want_mac ? want_mac : "");
		_fail(file, line);
	}
	/* out may be NULL, with the same answer */
	if (pp_classify(st, path, NULL) != want) {
		print_error("pp_classify(\"%s\", NULL) differs\n", path);
		_fail(file, line);
	}
}

#define expect_kind(st, path, want, mac) expect_kind_(st, path, want, mac, __FILE__, __LINE__)
#define expect_none(st, path)            expect_kind_(st, path, PP_KIND_NONE, NULL, __FILE__, __LINE__)

static void test_each_kind(void **state)
{
	(void)state;
	expect_kind(NULL, "SIPDefault.cnf", PP_KIND_SIP_DEFAULT, NULL);
	expect_kind(NULL, "SIP001BD4123456.cnf", PP_KIND_SIP_MAC, "001BD4123456");
	expect_kind(NULL, "SEP001BD4123456.cnf.xml", PP_KIND_SEP_MAC, "001BD4123456");
	expect_kind(NULL, "XMLDefault.cnf.xml", PP_KIND_XML_DEFAULT, NULL);
	expect_kind(NULL, "OS79XX.TXT", PP_KIND_OS79XX, NULL);
	expect_kind(NULL, "RINGLIST.DAT", PP_KIND_RINGLIST, NULL);
	expect_kind(NULL, "dialplan.xml", PP_KIND_DIALPLAN, NULL);
	expect_kind(NULL, "syncinfo.xml", PP_KIND_SYNCINFO, NULL);
	expect_kind(NULL, "Ringlist.xml", PP_KIND_RINGLIST_XML, NULL);
	/* The 79x1 guides also write RingList.xml; the 9951's warns ringlist.xml fails on CUCM. */
	expect_kind(NULL, "RingList.xml", PP_KIND_RINGLIST_XML, NULL);
	expect_kind(NULL, "RINGLIST.XML", PP_KIND_RINGLIST_XML, NULL);
	expect_kind(NULL, "/srv/tftp/ringlist.xml", PP_KIND_RINGLIST_XML, NULL);
	assert_string_equal(pp_kind_name(PP_KIND_RINGLIST_XML), "Ringlist.xml");
}

static void test_case_insensitive(void **state)
{
	(void)state;
	expect_kind(NULL, "sipdefault.cnf", PP_KIND_SIP_DEFAULT, NULL);
	expect_kind(NULL, "SIPDEFAULT.CNF", PP_KIND_SIP_DEFAULT, NULL);
	expect_kind(NULL, "sip001bd4abcdef.cnf", PP_KIND_SIP_MAC, "001BD4ABCDEF");
	expect_kind(NULL, "Sip001Bd4AbCdEf.CNF", PP_KIND_SIP_MAC, "001BD4ABCDEF");
	expect_kind(NULL, "sep001bd4abcdef.cnf.xml", PP_KIND_SEP_MAC, "001BD4ABCDEF");
	expect_kind(NULL, "SEP001BD4ABCDEF.CNF.XML", PP_KIND_SEP_MAC, "001BD4ABCDEF");
	/* some 79x0 releases ask for exactly this spelling */
	expect_kind(NULL, "xmlDefault.CNF.XML", PP_KIND_XML_DEFAULT, NULL);
	expect_kind(NULL, "xmldefault.cnf.xml", PP_KIND_XML_DEFAULT, NULL);
	expect_kind(NULL, "os79xx.txt", PP_KIND_OS79XX, NULL);
	expect_kind(NULL, "OS79xx.TXT", PP_KIND_OS79XX, NULL);
	expect_kind(NULL, "ringlist.dat", PP_KIND_RINGLIST, NULL);
	expect_kind(NULL, "DIALPLAN.XML", PP_KIND_DIALPLAN, NULL);
	expect_kind(NULL, "SyncInfo.XML", PP_KIND_SYNCINFO, NULL);
}

static void test_directories(void **state)
{
	(void)state;
	expect_kind(NULL, "/srv/tftp/SIPDefault.cnf", PP_KIND_SIP_DEFAULT, NULL);
	expect_kind(NULL, "/srv/tftp/SIP001BD4123456.cnf", PP_KIND_SIP_MAC, "001BD4123456");
	expect_kind(NULL, "cisco/7961/SEP001BD4123456.cnf.xml", PP_KIND_SEP_MAC, "001BD4123456");
	expect_kind(NULL, "../SIPDefault.cnf", PP_KIND_SIP_DEFAULT, NULL);
	expect_kind(NULL, "../../etc/OS79XX.TXT", PP_KIND_OS79XX, NULL);
	expect_kind(NULL, "/RINGLIST.DAT", PP_KIND_RINGLIST, NULL);
	expect_kind(NULL, "a//b/./dialplan.xml", PP_KIND_DIALPLAN, NULL);
	/* only the basename counts: a directory named like a file is not one */
	expect_none(NULL, "SIPDefault.cnf/");
	expect_none(NULL, "SIPDefault.cnf/x");
	expect_none(NULL, "SIP001BD4123456.cnf/..");
	expect_none(NULL, "/");
	expect_none(NULL, "..");
	expect_none(NULL, "../");
	expect_none(NULL, "/srv/tftp/");
}

static void test_not_ours(void **state)
{
	static const char *const names[] = {
	    "CTLSEP001BD4123456.tlv",
	    "ctlsep001bd4123456.tlv",
	    "ITLSEP001BD4123456.tlv",
	    "ITLFile.tlv",
	    "ITL001BD4123456.tlv",
	    "CTLFile.tlv",
	    "P0S3-08-2-00.loads",
	    "P0S3-08-2-00.sb2",
	    "P003-08-2-00.sbn",
	    "P003-08-2-00.bin",
	    "P0S3-8-12-00.loads",
	    "SIP41.9-4-2SR3-1S.loads",
	    "SCCP41.9-4-2SR3-1S.loads",
	    "term41.default.loads",
	    "apps41.9-4-2ES26.sbn",
	    "CTU.raw",
	    "ringer1.pcm",
	    "Piano1.raw",
	    "MGC001BD4123456.cnf",
	    "SEPDefault.cnf",
	    "SEP001BD4123456.cnf.xml.sgn",
	    "SEP001BD4123456.cnf.xml.enc.sgn",
	    "SEP001BD4123456.cnf",
	    "SIP001BD4123456.cnf.xml",
	    "SIP001BD4123456.cnf.bak",
	    "SIPDefault.cnf.bak",
	    "SIPDefault.cnf~",
	    "SIPDefault.cnf ",
	    " SIPDefault.cnf",
	    "SIPDefault.cnf\n",
	    "SIPDefault",
	    "SIPDefault.xml",
	    "XMLDefault.cnf",
	    "XMLDefault.cnf.xml.sgn",
	    "OS79XX.TXT.bak",
	    "OS7960.TXT",
	    "RINGLIST.DAT.xml",
	    "Ringlist-wb.xml",
	    "Ringlist.xml.sgn",
	    "dialplan.cnf",
	    "dialplan.xml.sgn",
	    "xdialplan.xml",
	    "syncinfo.txt",
	    "english_united_states/be-sccp.jar",
	    "English_United_States/tones.xml",
	    "desktops/320x212x12/List.xml",
	    "SIP.cnf",
	    "SEP.cnf.xml",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		expect_none(NULL, names[i]);
}

static void test_mac_names(void **state)
{
	(void)state;
	expect_none(NULL, "SIP001BD412345.cnf");       /* 11 hex digits */
	expect_none(NULL, "SIP001BD41234567.cnf");     /* 13 */
	expect_none(NULL, "SEP001BD412345.cnf.xml");   /* 11 */
	expect_none(NULL, "SEP001BD41234567.cnf.xml"); /* 13 */
	expect_none(NULL, "SIP001BD412345G.cnf");
	expect_none(NULL, "SEP00-1B-D4-12-34-56.cnf.xml");
	expect_none(NULL, "SIP00:1b:d4:12:34:56.cnf");
	expect_none(NULL, "SIP001B.D412.3456.cnf");
	expect_none(NULL, "SIP 001BD4123456.cnf");
	expect_none(NULL, "SIP001BD4123456 .cnf");
	expect_none(NULL, "SIP0x1BD4123456.cnf");
	expect_none(NULL, "SIP+01BD4123456.cnf");
	expect_none(NULL, "SIP001BD412345\xef\xbc\x96.cnf");
	expect_none(NULL, "SEP001BD4123456.cnf.xml.sgn");
	expect_none(NULL, "SEP001BD4123456.CNF.XML.SGN");
	expect_none(NULL, "CTLSEP001BD4123456.cnf.xml");
	expect_none(NULL, "XSIP001BD4123456.cnf");
	/* all-zero and broadcast-looking MACs are names like any other */
	expect_kind(NULL, "SIP000000000000.cnf", PP_KIND_SIP_MAC, "000000000000");
	expect_kind(NULL, "SEPFFFFFFFFFFFF.cnf.xml", PP_KIND_SEP_MAC, "FFFFFFFFFFFF");
}

static void test_garbage(void **state)
{
	char big[4096];
	pp_name n;

	(void)state;
	expect_none(NULL, NULL);
	expect_none(NULL, "");
	expect_none(NULL, ".");
	expect_none(NULL, ".xml");
	expect_none(NULL, ".cnf");
	/* a very long name, and one that ends in a name of ours */
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	expect_none(NULL, big);
	memcpy(big + sizeof(big) - 1 - strlen("SIPDefault.cnf"), "SIPDefault.cnf", 14);
	expect_none(NULL, big);
	big[sizeof(big) - 1 - strlen("/SIPDefault.cnf")] = '/';
	expect_kind(NULL, big, PP_KIND_SIP_DEFAULT, NULL);
	/* out is reset even when nothing matches */
	memset(&n, 0x5a, sizeof(n));
	assert_int_equal(pp_classify(NULL, "SIP001BD4123456.cnf.bak", &n), PP_KIND_NONE);
	assert_int_equal(n.kind, PP_KIND_NONE);
	assert_string_equal(n.mac, "");
}

static void test_custom_dial_template(void **state)
{
	char *path = th_data("names-dialtemplate.conf");
	th_result r;

	(void)state;
	th_load_file(&r, path);
	th_expect_rc(&r, PP_OK);
	expect_kind(r.st, "Office-Plan.xml", PP_KIND_DIALPLAN, NULL);
	expect_kind(r.st, "office-plan.xml", PP_KIND_DIALPLAN, NULL);
	expect_kind(r.st, "OFFICE-PLAN.XML", PP_KIND_DIALPLAN, NULL);
	expect_kind(r.st, "/srv/tftp/office-plan.xml", PP_KIND_DIALPLAN, NULL);
	/* the default name is no longer ours with this store... */
	expect_none(r.st, "dialplan.xml");
	expect_none(r.st, "Office-Plan");
	expect_none(r.st, "Office-Plan.xml.sgn");
	expect_none(r.st, "Office-Plan.cnf");
	expect_none(r.st, "Office-Plan2.xml");
	expect_none(r.st, "Office.xml");
	/* ...while the other kinds do not depend on the store */
	expect_kind(r.st, "SIPDefault.cnf", PP_KIND_SIP_DEFAULT, NULL);
	expect_kind(r.st, "sip001bd4123456.cnf", PP_KIND_SIP_MAC, "001BD4123456");
	/* a MAC name is classified whether or not the store has that phone */
	expect_kind(r.st, "SEP001BD4999999.cnf.xml", PP_KIND_SEP_MAC, "001BD4999999");
	th_result_free(&r);
	free(path);
}

static void test_store_without_template(void **state)
{
	th_result r;

	(void)state;
	th_load_text(&r, "version = 1;\n"
	                 "defaults = { dialplan = ( { match = \"*\"; } ); };\n");
	th_expect_rc(&r, PP_OK);
	expect_kind(r.st, "dialplan.xml", PP_KIND_DIALPLAN, NULL);
	expect_kind(r.st, "DialPlan.Xml", PP_KIND_DIALPLAN, NULL);
	th_result_free(&r);

	/* an empty store: the names are still recognised */
	th_load_text(&r, "");
	th_expect_rc(&r, PP_OK);
	expect_kind(r.st, "dialplan.xml", PP_KIND_DIALPLAN, NULL);
	expect_kind(r.st, "SIPDefault.cnf", PP_KIND_SIP_DEFAULT, NULL);
	th_result_free(&r);
}

static void test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(pp_kind_name(PP_KIND_SIP_DEFAULT), "SIPDefault.cnf");
	assert_string_equal(pp_kind_name(PP_KIND_SIP_MAC), "SIP<MAC>.cnf");
	assert_string_equal(pp_kind_name(PP_KIND_SEP_MAC), "SEP<MAC>.cnf.xml");
	assert_string_equal(pp_kind_name(PP_KIND_XML_DEFAULT), "XMLDefault.cnf.xml");
	assert_string_equal(pp_kind_name(PP_KIND_OS79XX), "OS79XX.TXT");
	assert_string_equal(pp_kind_name(PP_KIND_RINGLIST), "RINGLIST.DAT");
	assert_string_equal(pp_kind_name(PP_KIND_DIALPLAN), "dial plan");
	assert_string_equal(pp_kind_name(PP_KIND_SYNCINFO), "syncinfo.xml");
	assert_string_equal(pp_kind_name(PP_KIND_NONE), "not ours");
	assert_string_equal(pp_kind_name((enum pp_kind)999), "not ours");
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_kind),
	    cmocka_unit_test(test_case_insensitive),
	    cmocka_unit_test(test_directories),
	    cmocka_unit_test(test_not_ours),
	    cmocka_unit_test(test_mac_names),
	    cmocka_unit_test(test_garbage),
	    cmocka_unit_test(test_custom_dial_template),
	    cmocka_unit_test(test_store_without_template),
	    cmocka_unit_test(test_kind_names),
	};
	(void)argc;
	th_init(argv[0]);
	return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
