/* SPDX-License-Identifier: MIT */
/*
 * Firmware journeys: the load-name reader, the built-in table and the
 * planner.  Each case is one phone: model, what is known of its load, the
 * store's target and via; the answer is the load to offer and the steps
 * left.  The rules checked: a phone on its target is offered its target and
 * nothing to fetch; a phone newer than its target stays unless pinned; a
 * load the planner cannot place gets every step, never a skipped one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "firmware.h"
#include "fw_track.h"
#include "helpers.h"
#include "model.h"

static pp_val str(const char *s)
{
	return (pp_val){.type = PP_V_STR, .s = s, .file = "t.conf", .line = 1};
}

/* A firmware entry; via NULL leaves via unset (the table), {NULL} is via = []. */
static pp_firmware entry(const char *model, const char *load, const char **via, int pinned)
{
	pp_firmware fw;

	memset(&fw, 0, sizeof(fw));
	fw.model = str(model);
	fw.load = str(load);
	fw.pinned = pinned;
	if (via) {
		fw.via = str("");
		fw.steps = via;
		while (via[fw.nsteps])
			fw.nsteps++;
	}
	return fw;
}

static pp_fw_plan plan(const char *model, const pp_firmware *fw, enum pp_fw_known k,
                       const char *load)
{
	pp_fw_current cur = {k, load};
	pp_fw_plan p;

	pp_fw_plan_for(pp_model_find(model), fw, &cur, &p);
	return p;
}

/* The steps left, space-separated. */
static const char *steps(const pp_fw_plan *p)
{
	static char buf[1024];
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < p->n; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", i ? " " : "",
		                      p->steps[i].load);
	return buf;
}

static void test_parse_names(void **state)
{
	pp_fw_load l;
	(void)state;

	assert_int_equal(pp_fw_parse("P0S3-08-12-00", &l), 0);
	assert_int_equal(l.kind, PP_FWK_79X0);
	assert_int_equal(l.proto, PP_FWP_SIP);
	assert_int_equal(l.v[0], 8);
	assert_int_equal(l.v[1], 12);
	assert_false(pp_fw_preloader(&l));

	assert_int_equal(pp_fw_parse("P003-08-12-00.sbn", &l), 0);
	assert_int_equal(l.proto, PP_FWP_LOADER);
	assert_false(pp_fw_preloader(&l));

	assert_int_equal(pp_fw_parse("P00303020214", &l), 0);
	assert_int_equal(l.proto, PP_FWP_SCCP);
	assert_int_equal(l.v[0], 3);
	assert_int_equal(l.v[1], 2);
	assert_true(pp_fw_preloader(&l));

	assert_int_equal(pp_fw_parse("P0030801SR02", &l), 0);
	assert_int_equal(l.v[0], 8);
	assert_int_equal(l.v[1], 1);
	assert_int_equal(l.sr, 2);
	assert_string_equal(l.rest, "");
	assert_false(pp_fw_preloader(&l));

	assert_int_equal(pp_fw_parse("P0S3-06-3-00.bin", &l), 0);
	assert_true(pp_fw_preloader(&l));
	assert_int_equal(pp_fw_parse("P0M3-05-1-00", &l), 0);
	assert_int_equal(l.proto, PP_FWP_MGCP);

	assert_int_equal(pp_fw_parse("SIP41.9-4-2SR3-1S", &l), 0);
	assert_int_equal(l.kind, PP_FWK_XML);
	assert_int_equal(l.proto, PP_FWP_SIP);
	assert_string_equal(l.code, "41");
	assert_int_equal(l.v[0], 9);
	assert_int_equal(l.v[1], 4);
	assert_int_equal(l.v[2], 2);
	assert_int_equal(l.sr, 3);
	assert_int_equal(l.v[3], 1);
	assert_string_equal(l.rest, "S");
	assert_int_equal(pp_fw_parse("SCCP41.8-5-2SR1S.loads", &l), 0);
	assert_int_equal(l.proto, PP_FWP_SCCP);
	assert_int_equal(pp_fw_parse("sip8961.9-4-1-9", &l), 0);
	assert_int_equal(l.v[3], 9);
	assert_int_equal(pp_fw_parse("SCCP8941_8945.9-4-1-9", &l), 0);
	assert_string_equal(l.code, "8941_8945");
	assert_int_equal(pp_fw_parse("term61.default.loads", &l), 0);
	assert_int_equal(l.kind, PP_FWK_TERM);

	/* Not load names, or hostile ones. */
	assert_int_equal(pp_fw_parse("SIPDefault.cnf", &l), -1);
	assert_int_equal(pp_fw_parse("RINGLIST.DAT", &l), -1);
	assert_int_equal(pp_fw_parse("P0S3-", &l), -1);
	assert_int_equal(pp_fw_parse("P0S3-08-12-00/../x", &l), -1);
	assert_int_equal(pp_fw_parse("SIP41.9-4-2\n", &l), -1);
	assert_int_equal(pp_fw_parse("P0S3-999999999999-1", &l), -1);
	assert_int_equal(pp_fw_parse("", &l), -1);
	assert_int_equal(pp_fw_parse(NULL, &l), -1);
	char longname[300];
	memset(longname, '1', sizeof(longname) - 1);
	longname[0] = 'P', longname[1] = '0', longname[2] = 'S', longname[3] = '3';
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(pp_fw_parse(longname, &l), -1);
	assert_int_equal(l.kind, PP_FWK_OTHER);
}

static void test_compare_and_same(void **state)
{
	pp_fw_load a, b;
	(void)state;

	assert_true(pp_fw_same("P0S3-08-12-00", "p0s3-8-12-00"));
	assert_true(pp_fw_same("SIP41.9-4-2SR3-1S", "sip41.9-4-2sr3-1s"));
	assert_false(pp_fw_same("P0S3-08-12-00", "P003-08-12-00"));
	assert_false(pp_fw_same("SIP41.9-4-2SR3-1S", "SIP61.9-4-2SR3-1S"));
	assert_false(pp_fw_same("SIP41.9-4-2SR3-1S", "SIP41.9-4-2-1S"));
	assert_false(pp_fw_same("x", NULL));

	pp_fw_parse("SIP41.9-4-2-1S", &a);
	pp_fw_parse("SIP41.9-4-2SR3-1S", &b);
	assert_true(pp_fw_cmp(&a, &b) < 0);
	pp_fw_parse("SIP41.8-5-2SR1S", &a);
	assert_true(pp_fw_cmp(&a, &b) < 0);
	assert_true(pp_fw_cmp(&b, &a) > 0);
	pp_fw_parse("P0S3-8-12-00", &a);
	pp_fw_parse("P0S3-08-2-00", &b);
	assert_true(pp_fw_cmp(&a, &b) > 0);

	char d[64];
	pp_fw_describe("P00303020214", d, sizeof(d));
	assert_string_equal(d, "SCCP 3.2");
	pp_fw_describe("P003-8-12-00", d, sizeof(d));
	assert_string_equal(d, "loader 8.12");
	pp_fw_describe("SIP41.9-4-2SR3-1S", d, sizeof(d));
	assert_string_equal(d, "SIP 9.4(2)SR3");
	pp_fw_describe("nonsense", d, sizeof(d));
	assert_string_equal(d, "");
}

/* The seed's journey by the table: SCCP 3.x -> SIP 6.3 -> loader -> SIP 8.12. */
static void test_7940_table_path(void **state)
{
	pp_firmware fw = entry("7940", "P0S3-8-12-00", NULL, 0);
	pp_fw_plan p;
	(void)state;

	p = plan("7940", &fw, PP_FW_EXACT, "P00303020214");
	assert_int_equal(p.state, PP_FWS_STEPPING);
	assert_false(p.from_via);
	assert_string_equal(steps(&p), "P0S3-06-3-00 P003-8-12-00 P0S3-8-12-00");
	assert_string_equal(p.next, "P0S3-06-3-00");
	assert_true(p.steps[0].bin);
	assert_true(p.steps[1].bin);
	assert_false(p.steps[2].bin);
	assert_non_null(p.steps[0].rule);
	assert_null(p.steps[2].rule);

	p = plan("7940", &fw, PP_FW_EXACT, "P0S3-06-3-00");
	assert_string_equal(steps(&p), "P003-8-12-00 P0S3-8-12-00");
	p = plan("7940", &fw, PP_FW_EXACT, "P003-8-12-00");
	assert_string_equal(steps(&p), "P0S3-8-12-00");
	p = plan("7940", &fw, PP_FW_EXACT, "P0S3-8-12-00");
	assert_int_equal(p.state, PP_FWS_ON_TARGET);
	assert_int_equal(p.n, 0);
	assert_string_equal(p.next, "P0S3-8-12-00");
	/* Leading zeros and case do not make another load. */
	p = plan("7940", &fw, PP_FW_EXACT, "p0s3-08-12-00");
	assert_int_equal(p.state, PP_FWS_ON_TARGET);

	/* A SIP 6.4 needs no 6.3, only the loader; SIP 7.4 (loader-era) neither. */
	p = plan("7960", &fw, PP_FW_EXACT, "P0S3-06-4-00");
	assert_string_equal(steps(&p), "P003-8-12-00 P0S3-8-12-00");
	p = plan("7960", &fw, PP_FW_EXACT, "P0S3-07-4-00");
	assert_string_equal(steps(&p), "P0S3-8-12-00");
	/* What the requests say: OS79XX.TXT asked, the version unknown: every step. */
	p = plan("7940", &fw, PP_FW_PRELOADER, NULL);
	assert_string_equal(p.next, "P0S3-06-3-00");
	p = plan("7940", &fw, PP_FW_LOADER_ERA, NULL);
	assert_string_equal(steps(&p), "P0S3-8-12-00");
	/* Nothing known, or a load it cannot read: the whole path, nothing skipped. */
	p = plan("7940", &fw, PP_FW_UNKNOWN, NULL);
	assert_string_equal(steps(&p), "P0S3-06-3-00 P003-8-12-00 P0S3-8-12-00");
	p = plan("7940", &fw, PP_FW_EXACT, "garbage\x01");
	assert_string_equal(p.next, "P0S3-06-3-00");
	p = plan("7940", &fw, PP_FW_EXACT, NULL);
	assert_string_equal(p.next, "P0S3-06-3-00");
}

static void test_7940_target_needs_no_steps(void **state)
{
	/* A pre-loader target (SIP 6.3 itself) or an SCCP one: the table has no row. */
	pp_firmware fw = entry("7940", "P0S3-06-3-00", NULL, 0);
	pp_fw_plan p;
	(void)state;

	p = plan("7940", &fw, PP_FW_EXACT, "P00303020214");
	assert_string_equal(steps(&p), "P0S3-06-3-00");
	fw = entry("7960", "P0030801SR02", NULL, 0);
	p = plan("7960", &fw, PP_FW_EXACT, "P00303020214");
	assert_string_equal(steps(&p), "P0030801SR02");
}

/* The example via, and a phone on each of its steps. */
static void test_7940_via(void **state)
{
	const char *via[] = {"P0S3-06-3-00", "P003-8-12-00", NULL};
	pp_firmware fw = entry("7940", "P0S3-8-12-00", via, 0);
	pp_fw_plan p;
	(void)state;

	p = plan("7940", &fw, PP_FW_EXACT, "P00303020214");
	assert_true(p.from_via);
	assert_string_equal(steps(&p), "P0S3-06-3-00 P003-8-12-00 P0S3-8-12-00");
	p = plan("7940", &fw, PP_FW_EXACT, "P0S3-06-3-00");
	assert_string_equal(steps(&p), "P003-8-12-00 P0S3-8-12-00");
	p = plan("7940", &fw, PP_FW_EXACT, "P003-08-12-00");
	assert_string_equal(steps(&p), "P0S3-8-12-00");
	p = plan("7940", &fw, PP_FW_LOADER_ERA, NULL);
	assert_string_equal(steps(&p), "P0S3-8-12-00");
	p = plan("7940", &fw, PP_FW_PRELOADER, NULL);
	assert_string_equal(p.next, "P0S3-06-3-00");
	/* SIP 6.4 is past the first step, not the second. */
	p = plan("7940", &fw, PP_FW_EXACT, "P0S3-06-4-00");
	assert_string_equal(steps(&p), "P003-8-12-00 P0S3-8-12-00");

	/* via = []: the store says no steps, the table is not asked. */
	const char *none[] = {NULL};
	fw = entry("7940", "P0S3-8-12-00", none, 0);
	p = plan("7940", &fw, PP_FW_EXACT, "P00303020214");
	assert_string_equal(steps(&p), "P0S3-8-12-00");
}

static void test_7961_table_path(void **state)
{
	pp_firmware fw = entry("7961", "SIP41.9-4-2SR3-1S", NULL, 0);
	pp_fw_plan p;
	(void)state;

	p = plan("7961", &fw, PP_FW_EXACT, "SCCP41.8-0-3S");
	assert_string_equal(steps(&p), "SIP41.8-5-2SR1S SIP41.9-4-2SR3-1S");
	assert_false(p.steps[0].bin);
	p = plan("7961", &fw, PP_FW_EXACT, "SIP41.8-5-2SR1S");
	assert_string_equal(steps(&p), "SIP41.9-4-2SR3-1S");
	p = plan("7961", &fw, PP_FW_EXACT, "SCCP41.8-3-3S");
	assert_string_equal(steps(&p), "SIP41.9-4-2SR3-1S");
	p = plan("7961", &fw, PP_FW_EXACT, "term61.default");
	assert_string_equal(p.next, "SIP41.8-5-2SR1S");
	p = plan("7961", &fw, PP_FW_UNKNOWN, NULL);
	assert_string_equal(p.next, "SIP41.8-5-2SR1S");
	p = plan("7961", &fw, PP_FW_EXACT, "SIP41.9-4-2SR3-1S");
	assert_int_equal(p.state, PP_FWS_ON_TARGET);

	/* An 8.x target needs no step; a model without a documented 8.5(2) has no row. */
	fw = entry("7961", "SIP41.8-5-4S", NULL, 0);
	p = plan("7961", &fw, PP_FW_EXACT, "SCCP41.8-0-3S");
	assert_string_equal(steps(&p), "SIP41.8-5-4S");
	fw = entry("7942", "SIP42.9-4-2SR3-1S", NULL, 0);
	p = plan("7942", &fw, PP_FW_EXACT, "SCCP42.8-0-3S");
	assert_string_equal(steps(&p), "SIP42.9-4-2SR3-1S");
}

static void test_newer_than_target(void **state)
{
	pp_firmware fw = entry("7961", "SIP41.9-4-2-1S", NULL, 0);
	pp_fw_plan p;
	(void)state;

	p = plan("7961", &fw, PP_FW_EXACT, "SIP41.9-4-2SR3-1S");
	assert_int_equal(p.state, PP_FWS_HELD);
	assert_int_equal(p.n, 0);
	assert_string_equal(p.next, "SIP41.9-4-2SR3-1S");
	/* Pinned in the phone's own entry: it goes back, straight to the target. */
	fw.pinned = 1;
	p = plan("7961", &fw, PP_FW_EXACT, "SIP41.9-4-2SR3-1S");
	assert_int_equal(p.state, PP_FWS_STEPPING);
	assert_string_equal(steps(&p), "SIP41.9-4-2-1S");

	pp_firmware f40 = entry("7940", "P0S3-8-5-00", NULL, 0);
	p = plan("7940", &f40, PP_FW_EXACT, "P0S3-8-12-00");
	assert_int_equal(p.state, PP_FWS_HELD);
	/* Another protocol is not "newer": SCCP 8.1 to SIP 8.5 is a conversion. */
	p = plan("7940", &f40, PP_FW_EXACT, "P0030801SR02");
	assert_int_equal(p.state, PP_FWS_STEPPING);
	assert_string_equal(steps(&p), "P0S3-8-5-00");
}

static void test_no_target(void **state)
{
	pp_fw_plan p;
	pp_fw_current cur = {PP_FW_EXACT, "P0S3-8-12-00"};
	(void)state;

	pp_fw_plan_for(pp_model_find("7940"), NULL, &cur, &p);
	assert_int_equal(p.state, PP_FWS_NONE);
	assert_string_equal(p.next, "");
	pp_fw_step all[PP_FW_MAX_VIA + 1];
	assert_int_equal(pp_fw_all_steps(pp_model_find("7940"), NULL, all), 0);
}

/* check's list: every step any phone may be offered, the target last. */
static void test_all_steps(void **state)
{
	pp_fw_step all[PP_FW_MAX_VIA + 1];
	pp_firmware fw = entry("7960", "P0S3-8-12-00", NULL, 0);
	(void)state;

	assert_int_equal(pp_fw_all_steps(pp_model_find("7960"), &fw, all), 3);
	assert_string_equal(all[0].load, "P0S3-06-3-00");
	assert_string_equal(all[1].load, "P003-8-12-00");
	assert_string_equal(all[2].load, "P0S3-8-12-00");
	const char *via[] = {"SIP41.8-5-4S", NULL};
	fw = entry("7961", "SIP41.9-4-2SR3-1S", via, 0);
	assert_int_equal(pp_fw_all_steps(pp_model_find("7961"), &fw, all), 2);
	assert_string_equal(all[0].load, "SIP41.8-5-4S");
}

/* via in a store: parsed at every level, its mistakes at their own line; pinned only in a phone. */
static void test_store_via(void **state)
{
	th_result r;
	(void)state;

	th_load_text(&r,
	             "version = 1;\n"
	             "security = { mac_binding = \"off\"; };\n"
	             "defaults = { firmware = ( { model = \"7940\"; load = \"P0S3-8-12-00\";\n"
	             "  via = [ \"P0S3-06-3-00\", \"P003-8-12-00\" ]; } ); };\n"
	             "profiles = { p = { firmware = ( { model = \"7961\"; "
	             "load = \"SIP41.9-4-2SR3-1S\"; via = []; } ); }; };\n"
	             "phones = ( { mac = \"001BD4000001\"; model = \"7940\"; },\n"
	             "  { mac = \"001BD4000002\"; model = \"7961\"; profile = \"p\"; },\n"
	             "  { mac = \"001BD4000003\"; model = \"7960\";\n"
	             "    firmware = ( { model = \"7960\"; load = \"P0S3-8-5-00\"; } ); } );\n");
	th_expect_rc(&r, PP_OK);
	const pp_phone *a = pp_store_lookup(r.st, "001BD4000001");
	const pp_phone *b = pp_store_lookup(r.st, "001BD4000002");
	const pp_phone *c = pp_store_lookup(r.st, "001BD4000003");
	const pp_firmware *fa = pp_fw_entry(&a->s, "7940");
	assert_non_null(fa);
	assert_int_equal(fa->nsteps, 2);
	assert_string_equal(fa->steps[1], "P003-8-12-00");
	assert_int_equal(fa->via.line, 4);
	assert_false(fa->pinned);
	const pp_firmware *fb = pp_fw_entry(&b->s, "7961");
	assert_non_null(fb);
	assert_true(PP_SET(fb->via));
	assert_int_equal(fb->nsteps, 0);
	assert_false(fb->pinned);
	const pp_firmware *fc = pp_fw_entry(&c->s, "7960");
	assert_true(fc->pinned);
	assert_false(PP_SET(fc->via));
	assert_null(pp_fw_entry(&c->s, "7970"));
	th_result_free(&r);
}

static void test_store_via_errors(void **state)
{
	static const struct {
		const char *via, *msg;
	} bad[] = {
	    {"\"P0S3-06-3-00\"", "must be a list of load names"},
	    {"[ 1 ]", "must be a load name in double quotes"},
	    {"[ \"a b\" ]", "must be a file base name"},
	    {"[ \"../x\" ]", "must be a file base name"},
	    {"[ \"P0S3-8-12-00\" ]", "the target load itself"},
	    {"[ \"p0s3-08-12-00\" ]", "the target load itself"},
	    {"[ \"P0S3-06-3-00\", \"p0s3-6-3-00\" ]", "twice"},
	    {"[ \"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"i\" ]", "at most 8"},
	    {"[ \"x\\ny\" ]", "newline"},
	};
	(void)state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[1024];
		th_result r;
		snprintf(text, sizeof(text),
		         "version = 1;\nsecurity = { mac_binding = \"off\"; };\n"
		         "defaults = { firmware = ( { model = \"7940\"; load = \"P0S3-8-12-00\";\n"
		         "  via = %s; } ); };\n",
		         bad[i].via);
		th_load_text(&r, text);
		th_expect_rc(&r, PP_EINVALID);
		th_expect(&r.diags, PP_ERROR, r.path, 4, bad[i].msg);
		th_result_free(&r);
	}
}

/* ---- the learner: a phone following lifecycle.md section 8, request by request ---- */

#define M40 "001BD4000001"
#define M61 "001BD4000003"

static pp_store *journey_store(th_result *r)
{
	th_load_text(r,
	             "version = 1;\n"
	             "security = { mac_binding = \"off\"; };\n"
	             "defaults = { firmware = ( { model = \"7940\"; load = \"P0S3-8-12-00\"; },\n"
	             "  { model = \"7961\"; load = \"SIP41.9-4-2SR3-1S\"; } ); };\n"
	             "phones = ( { mac = \"" M40 "\"; model = \"7940\"; },\n"
	             "  { mac = \"" M61 "\"; model = \"7961\"; } );\n");
	th_expect_rc(r, PP_OK);
	return r->st;
}

/* One request, answered (ASKED), and for an image its end (DONE) unless cut. */
static void ask(pp_fw_seen *s, const pp_store *st, const char *mac, const char *name)
{
	pp_fw_observe(s, st, pp_store_lookup(st, mac), name, PP_FWE_ASKED, 1, 1);
	size_t n = strlen(name);
	if (n > 4 && (!strcmp(name + n - 4, ".bin") || !strcmp(name + n - 4, ".sbn") ||
	              !strcmp(name + n - 4, ".sb2")))
		pp_fw_observe(s, st, pp_store_lookup(st, mac), name, PP_FWE_DONE, 1, 1);
}

static const char *offer_now(const pp_fw_seen *s, const pp_store *st, const char *mac)
{
	static pp_fw_plan p;
	pp_fw_phone_plan(pp_store_lookup(st, mac), s, &p);
	return p.next;
}

static void test_learn_7940_journey(void **state)
{
	th_result r;
	pp_store *st = journey_store(&r);
	pp_fw_seen s;
	(void)state;

	memset(&s, 0, sizeof(s));
	/* Boot 1, SCCP 3.2: OS79XX.TXT names SIP 6.3, the phone takes its .bin. */
	ask(&s, st, M40, "OS79XX.TXT");
	assert_int_equal(s.known, PP_FW_PRELOADER);
	assert_string_equal(s.offered, "P0S3-06-3-00");
	ask(&s, st, M40, "P0S3-06-3-00.bin");
	/* Boot 2, SIP 6.3: the loader. */
	ask(&s, st, M40, "OS79XX.TXT");
	assert_int_equal(s.known, PP_FW_EXACT);
	assert_string_equal(s.load, "P0S3-06-3-00");
	assert_string_equal(s.offered, "P003-8-12-00");
	ask(&s, st, M40, "P003-8-12-00.bin");
	/* Boot 3, the loader's hunt; SIP<MAC>.cnf names the target. */
	ask(&s, st, M40, "CTLSEP" M40 ".tlv");
	assert_string_equal(s.load, "P003-8-12-00");
	ask(&s, st, M40, "SEP" M40 ".cnf.xml");
	ask(&s, st, M40, "SIP" M40 ".cnf");
	assert_string_equal(s.offered, "P0S3-8-12-00");
	ask(&s, st, M40, "P0S3-8-12-00.loads");
	ask(&s, st, M40, "P003-8-12-00.sbn");
	ask(&s, st, M40, "P0S3-8-12-00.sb2");
	/* Boot 4: on its target; nothing more to fetch. */
	ask(&s, st, M40, "/CTLSEP" M40 ".tlv");
	assert_int_equal(s.known, PP_FW_EXACT);
	assert_string_equal(s.load, "P0S3-8-12-00");
	ask(&s, st, M40, "SIP" M40 ".cnf");
	ask(&s, st, M40, "SIPDefault.cnf");
	assert_string_equal(s.how, "was offered it and asked for no image: it runs it");
	pp_fw_plan p;
	pp_fw_phone_plan(pp_store_lookup(st, M40), &s, &p);
	assert_int_equal(p.state, PP_FWS_ON_TARGET);
	assert_string_equal(s.problem, "");
	th_result_free(&r);
}

static void test_learn_cut_short_and_missing(void **state)
{
	th_result r;
	pp_store *st = journey_store(&r);
	const pp_phone *ph = pp_store_lookup(st, M40);
	pp_fw_seen s;
	(void)state;

	memset(&s, 0, sizeof(s));
	ask(&s, st, M40, "OS79XX.TXT");
	pp_fw_observe(&s, st, ph, "P0S3-06-3-00.bin", PP_FWE_ASKED, 1, 1);
	pp_fw_observe(&s, st, ph, "P0S3-06-3-00.bin", PP_FWE_CUT, 1, 1);
	ask(&s, st, M40, "OS79XX.TXT");
	/* A fetch cut short flashes nothing: still unknown, the same step again. */
	assert_int_equal(s.known, PP_FW_PRELOADER);
	assert_string_equal(s.offered, "P0S3-06-3-00");
	assert_non_null(strstr(s.problem, "did not finish"));
	pp_fw_observe(&s, st, ph, "P0S3-06-3-00.bin", PP_FWE_MISSING, 1, 1);
	assert_non_null(
	    strstr(s.problem, "asked for P0S3-06-3-00.bin, which is not in the TFTP root"));
	th_result_free(&r);
}

/* A 79x0 already on its target, boot after boot: offered its own load, fetches nothing. */
static void test_learn_on_target_stays(void **state)
{
	th_result r;
	pp_store *st = journey_store(&r);
	pp_fw_seen s;
	(void)state;

	memset(&s, 0, sizeof(s));
	for (int boot = 0; boot < 3; boot++) {
		ask(&s, st, M40, "CTLSEP" M40 ".tlv");
		assert_int_not_equal(s.known, PP_FW_PRELOADER);
		ask(&s, st, M40, "SEP" M40 ".cnf.xml");
		ask(&s, st, M40, "SIP" M40 ".cnf");
		assert_string_equal(s.offered, "P0S3-8-12-00");
		ask(&s, st, M40, "SIPDefault.cnf");
	}
	assert_int_equal(s.known, PP_FW_EXACT);
	assert_string_equal(s.load, "P0S3-8-12-00");
	th_result_free(&r);
}

/* A 7961 that keeps asking for the load it was thought to have flashed: a loop. */
static void test_learn_loop(void **state)
{
	th_result r;
	pp_store *st = journey_store(&r);
	pp_fw_seen s;
	(void)state;

	memset(&s, 0, sizeof(s));
	s.known = PP_FW_EXACT;
	snprintf(s.load, sizeof(s.load), "SIP41.8-5-2SR1S");
	for (int boot = 0; boot < 4; boot++) {
		ask(&s, st, M61, "CTLSEP" M61 ".tlv");
		ask(&s, st, M61, "SEP" M61 ".cnf.xml");
		assert_string_equal(s.offered, "SIP41.9-4-2SR3-1S");
		ask(&s, st, M61, "SIP41.9-4-2SR3-1S.loads");
		ask(&s, st, M61, "jar41sip.9-4-2ES26.sbn");
	}
	assert_non_null(strstr(s.problem, "reboots in a loop on the same step"));
	/* A 7961 whose load nobody knows is offered 8.5(2) first, never 9.x straight. */
	memset(&s, 0, sizeof(s));
	ask(&s, st, M61, "SEP" M61 ".cnf.xml");
	assert_string_equal(s.offered, "SIP41.8-5-2SR1S");
	assert_string_equal(offer_now(&s, st, M61), "SIP41.8-5-2SR1S");
	th_result_free(&r);
}

/* The shim's state file: only well-formed lines count; a forged one stays on the path. */
static void collect(void *ctx, const char *mac, const pp_fw_seen *s)
{
	char *out = ctx;
	size_t n = strlen(out);
	snprintf(out + n, 4096 - n, "%s=%s:%s;", mac, s->known == PP_FW_EXACT ? "exact" : "other",
	         s->load);
}

static void test_state_file_hostile(void **state)
{
	char *dir = th_tmpdir();
	char line[256], got[4096] = "";
	pp_fw_seen s, back;
	char mac[PP_MAC_LEN + 1];
	(void)state;

	memset(&s, 0, sizeof(s));
	s.known = PP_FW_EXACT;
	snprintf(s.load, sizeof(s.load), "P0S3-06-3-00");
	s.t = 1764165600;
	assert_true(pp_fw_state_format("001BD4000001", &s, line, sizeof(line)) > 0);
	assert_string_equal(line, "001BD4000001 exact P0S3-06-3-00 1764165600\n");
	line[strlen(line) - 1] = '\0';
	assert_int_equal(pp_fw_state_parse(line, mac, &back), 0);
	assert_string_equal(back.load, "P0S3-06-3-00");
	memset(&s, 0, sizeof(s));
	assert_int_equal(pp_fw_state_format("001BD4000001", &s, line, sizeof(line)), -1);

	static const char *const bad[] = {
	    "001bd4000001 exact P0S3-06-3-00 1",       /* a MAC not as written */
	    "001BD400000 exact P0S3-06-3-00 1",        /* short */
	    "001BD4000001 exact ../../etc/passwd 1",   /* not a load name */
	    "001BD4000001 exact EVIL 1",               /* not a Cisco load */
	    "001BD4000001 exact P0S3-06-3-00\" 1",     /* a quote, for a .cnf */
	    "001BD4000001 exact P0S3-06-3-00 1x",      /* not digits */
	    "001BD4000001 exact P0S3-06-3-00 1 extra", /* a fifth field */
	    "001BD4000001 wizard P0S3-06-3-00 1",      /* not a word of ours */
	    "001BD4000001 pre-loader P0S3-06-3-00 1",  /* a load where none goes */
	    "001BD4000001  exact P0S3-06-3-00 1",      /* two spaces */
	    "001BD4000001 exact P0S3-06-3-00 99999999999999999999",
	    "",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (pp_fw_state_parse(bad[i], mac, &back) == 0)
			fail_msg("took '%s'", bad[i]);

	/* A file: good lines, junk, NUL bytes, and a last line cut short. */
	char text[1024];
	int n = snprintf(text, sizeof(text),
	                 "001BD4000001 exact P0S3-06-3-00 1\n"
	                 "garbage\n"
	                 "001BD4000002 exact P0S3-8-12-00 2\n"
	                 "001BD4000003 exact SIP41.9-4-2SR3-1S 3");
	memcpy(text + 38, "\0\0", 2); /* inside the second line */
	char *path = malloc(strlen(dir) + 32);
	sprintf(path, "%s/tftpd.firmware", dir);
	FILE *f = fopen(path, "wb");
	fwrite(text, 1, (size_t)n, f);
	fclose(f);
	assert_int_equal(pp_fw_state_read(path, collect, got), 0);
	assert_string_equal(got,
	                    "001BD4000001=exact:P0S3-06-3-00;001BD4000002=exact:P0S3-8-12-00;");
	/* Not a regular file, or a symlink: not read. */
	char *link = malloc(strlen(dir) + 32);
	sprintf(link, "%s/link.firmware", dir);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(pp_fw_state_read(link, collect, got), -1);
	assert_int_equal(pp_fw_state_read(dir, collect, got), -1);
	free(path);
	free(link);
	free(dir);

	/* A forged "exact" nobody could have learned: a 7961 on a 9.9 load. */
	th_result r;
	pp_store *st = journey_store(&r);
	const pp_phone *ph = pp_store_lookup(st, M61);
	assert_int_equal(pp_fw_state_parse("001BD4000003 exact SIP41.9-9-9 1", mac, &back), 0);
	pp_fw_plan p;
	pp_fw_phone_plan(ph, &back, &p);
	/* Newer than the target: offered its own load, so it flashes nothing. */
	assert_int_equal(p.state, PP_FWS_HELD);
	assert_string_equal(p.next, "SIP41.9-9-9");
	/* Forged "on the 8.5(2) step": offered the target, a load of its path. */
	assert_int_equal(pp_fw_state_parse("001BD4000003 exact SIP41.8-5-2SR1S 1", mac, &back), 0);
	pp_fw_phone_plan(ph, &back, &p);
	assert_string_equal(p.next, "SIP41.9-4-2SR3-1S");
	/* Forged for a 7940: a 7961 load is not a place on its path, so the whole path. */
	ph = pp_store_lookup(st, M40);
	assert_int_equal(pp_fw_state_parse("001BD4000001 exact SIP41.8-5-2SR1S 1", mac, &back), 0);
	pp_fw_phone_plan(ph, &back, &p);
	assert_string_equal(p.next, "P0S3-06-3-00");
	th_result_free(&r);
}

/* What the shim serves a phone on its journey: the offer, in each file that names a load. */
static void test_render_offer(void **state)
{
	th_result r;
	pp_store *st = journey_store(&r);
	const pp_phone *p40 = pp_store_lookup(st, M40), *p61 = pp_store_lookup(st, M61);
	char *data;
	size_t len;
	(void)state;

	assert_int_equal(
	    pp_render_offer(st, "OS79XX.TXT", NULL, p40, "P0S3-06-3-00", &data, &len, NULL), 0);
	assert_string_equal(data, "P0S3-06-3-00");
	pp_free(data);
	assert_int_equal(
	    pp_render_offer(st, "OS79XX.TXT", NULL, p40, "P0S3-8-12-00", &data, &len, NULL), 0);
	assert_string_equal(data, "P003-8-12-00");
	pp_free(data);
	assert_int_equal(
	    pp_render_offer(st, "SIP" M40 ".cnf", NULL, p40, "P0S3-06-3-00", &data, &len, NULL), 0);
	assert_non_null(strstr(data, "image_version: \"P0S3-06-3-00\""));
	assert_null(strstr(data, "P0S3-8-12-00"));
	pp_free(data);
	assert_int_equal(pp_render_offer(st, "SEP" M61 ".cnf.xml", NULL, p61, "SIP41.8-5-2SR1S",
	                                 &data, &len, NULL),
	                 0);
	assert_non_null(strstr(data, "<loadInformation>SIP41.8-5-2SR1S</loadInformation>"));
	pp_free(data);
	/* Another phone's file, or a file naming no load: what pp_render gives. */
	char *plain;
	size_t plen;
	assert_int_equal(
	    pp_render_offer(st, "SEP" M61 ".cnf.xml", NULL, p40, "P0S3-06-3-00", &data, &len, NULL),
	    0);
	assert_int_equal(pp_render(st, "SEP" M61 ".cnf.xml", NULL, &plain, &plen, NULL), 0);
	assert_int_equal(len, plen);
	assert_memory_equal(data, plain, len);
	pp_free(data);
	pp_free(plain);
	/* Not for a 7961's OS79XX.TXT, which it never reads. */
	assert_int_equal(
	    pp_render_offer(st, "OS79XX.TXT", NULL, p61, "P0S3-06-3-00", &data, &len, NULL), 0);
	assert_string_equal(data, "P003-8-12-00"); /* the store's, as today */
	pp_free(data);
	th_result_free(&r);
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_names),
	    cmocka_unit_test(test_compare_and_same),
	    cmocka_unit_test(test_7940_table_path),
	    cmocka_unit_test(test_7940_target_needs_no_steps),
	    cmocka_unit_test(test_7940_via),
	    cmocka_unit_test(test_7961_table_path),
	    cmocka_unit_test(test_newer_than_target),
	    cmocka_unit_test(test_no_target),
	    cmocka_unit_test(test_all_steps),
	    cmocka_unit_test(test_store_via),
	    cmocka_unit_test(test_store_via_errors),
	    cmocka_unit_test(test_learn_7940_journey),
	    cmocka_unit_test(test_learn_cut_short_and_missing),
	    cmocka_unit_test(test_learn_on_target_stays),
	    cmocka_unit_test(test_learn_loop),
	    cmocka_unit_test(test_state_file_hostile),
	    cmocka_unit_test(test_render_offer),
	};
	(void)argc;
	th_init(argv[0]);
	int rc = cmocka_run_group_tests_name("firmware", tests, NULL, NULL);
	th_cleanup();
	return rc;
}
