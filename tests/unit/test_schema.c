/* SPDX-License-Identifier: MIT */
/*
 * The settings schema (lib/schema_rows.h): the README's table is the one it
 * makes, the man page names every setting, and the table is well formed.
 * Then media.start_port and media.end_port, a setting added as one row each:
 * checked, merged and rendered in both families from that row alone.
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
#include "schema.h"

/* README.md, two folders above tests/data. */
static char *read_top(const char *name)
{
	char path[256];
	char *text;

	snprintf(path, sizeof(path), "../../%s", name);
	text = fx_read(path, NULL);
	if (!text)
		fail_msg("cannot read %s", fx_path(path));
	return text;
}

static void test_readme_table_is_generated(void **state)
{
	char *readme = read_top("README.md");
	pp_sbuf want = {0};

	(void)state;
	assert_int_equal(pp_schema_readme(readme, &want), 0);
	if (strcmp(want.data, readme) != 0) {
		/* Name the first line that differs; `make readme` writes the right one. */
		size_t i = 0, bol = 0;
		int line = 1;
		while (readme[i] && readme[i] == want.data[i]) {
			if (readme[i++] == '\n')
				line++, bol = i;
		}
		fail_msg("README.md's settings table, line %d, is not the one lib/schema_rows.h "
		         "makes: run `make readme`\n  README: %.*s\n  schema: %.*s",
		         line, (int)strcspn(readme + bol, "\n"), readme + bol,
		         (int)strcspn(want.data + bol, "\n"), want.data + bol);
	}
	pp_sbuf_release(&want);
	free(readme);
}

/* Every setting has its own tag line in phoneprov.conf(5)'s SETTINGS. */
static void test_man_page_names_every_setting(void **state)
{
	char *man = read_top("packaging/man/phoneprov.conf.5.in");
	char *settings = strstr(man, "\n.SH SETTINGS\n");
	char *end;

	(void)state;
	assert_non_null(settings);
	end = strstr(settings + 1, "\n.SH ");
	if (end)
		*end = '\0';
	for (const pp_field *f = pp_settings_schema; f->key; f++) {
		char tag[64];
		const char *p = settings;
		size_t n = (size_t)snprintf(tag, sizeof(tag), "\n.BR %s", f->key);
		while ((p = strstr(p, tag)) && p[n] != ' ' && p[n] != '\n')
			p += n;
		if (!p)
			fail_msg("phoneprov.conf.5.in has no .BR %s in SETTINGS", f->key);
	}
	free(man);
}

static void check_table(const pp_field *table)
{
	for (const pp_field *f = table; f->key; f++) {
		const char *dot = strchr(f->key, '.');
		/* One level of groups: proxy = { port; }, a line's ring = { idle; }, not deeper. */
		assert_true(!dot || (!strchr(dot + 1, '.') && dot > f->key && dot[1]));
		for (const pp_field *g = table; g < f; g++) {
			size_t n = strlen(g->key);
			if (strcmp(g->key, f->key) == 0)
				fail_msg("%s is in the schema twice", f->key);
			/* A key cannot be a setting and a group: "proxy" and "proxy.port". */
			if ((strncmp(g->key, f->key, n) == 0 && f->key[n] == '.') ||
			    (dot && strlen(g->key) == (size_t)(dot - f->key) &&
			     strncmp(g->key, f->key, (size_t)(dot - f->key)) == 0))
				fail_msg("%s is a setting and a group", g->key);
			if (f->cnf && g->cnf && strcmp(f->cnf, g->cnf) == 0)
				fail_msg("%s and %s derive the same .cnf key %s", g->key, f->key,
				         f->cnf);
		}
		if (f->kind == PP_K_SCALAR)
			assert_true(f->type == PP_V_STR || f->type == PP_V_INT ||
			            f->type == PP_V_BOOL);
		if (f->type == PP_V_INT)
			assert_true(f->min <= f->max);
		if (f->kind == PP_K_LIST) {
			assert_non_null(f->elem);
			check_table(f->elem);
		}
	}
}

static void test_table_is_well_formed(void **state)
{
	(void)state;
	check_table(pp_settings_schema);
}

/* A "lands in" written by hand still names every key the row derives. */
static void test_lands_names_each_key(void **state)
{
	(void)state;
	for (const pp_field *f = pp_settings_schema; f->key; f++) {
		char want[64];
		if (!f->lands)
			continue;
		if (f->cnf) {
			snprintf(want, sizeof(want), "`%s`", f->cnf);
			if (!strstr(f->lands, want))
				fail_msg("%s: its README text does not name %s", f->key, want);
		}
		for (const pp_field *e = f->elem; e && e->key; e++) {
			/* A line's fields have rows of their own (schema_doc.c), checked below. */
			if (!e->cnf || f->elem == pp_line_schema)
				continue;
			want[0] = '`';
			pp_field_cnf_key(e, 0, want + 1, sizeof(want) - 2);
			strcat(want, "`");
			if (!strstr(f->lands, want))
				fail_msg("%s: its README text does not name %s", f->key, want);
		}
	}
}

/* A line's field with a hand-written "lands in" names its .cnf key there too. */
static void test_line_lands_names_its_key(void **state)
{
	(void)state;
	for (const pp_field *e = pp_line_schema; e->key; e++) {
		char want[64];
		if (!e->lands || !e->cnf)
			continue;
		snprintf(want, sizeof(want), "`%s`", e->cnf);
		if (!strstr(e->lands, want))
			fail_msg("lines[].%s: its README text does not name %s", e->key, want);
	}
}

/* ---- media.start_port, media.end_port ----------------------------------------- */

#define MEDIA_STORE                                                                                \
	"version = 1;\n"                                                                           \
	"security = { mac_binding = \"off\"; };\n"                                                 \
	"defaults = {\n"                                                                           \
	"  proxy = { address = \"192.0.2.10\"; };\n"                                               \
	"  media = { start_port = 16384; end_port = 16584; };\n"                                   \
	"};\n"                                                                                     \
	"phones = (\n"                                                                             \
	"  { mac = \"001bd4000001\"; model = \"7940\";\n"                                          \
	"    lines = ( { name = \"100\"; password = \"a\"; } ); },\n"                              \
	"  { mac = \"001bd4000002\"; model = \"7961\"; label = \"Ada\";\n"                         \
	"    media = { end_port = 20000; };\n"                                                     \
	"    lines = ( { name = \"101\"; password = \"b\"; } ); },\n"                              \
	"  { mac = \"001bd4000003\"; model = \"7941\"; protocol = \"sccp\"; }\n"                   \
	");\n"

static char *render(const pp_store *st, const char *name)
{
	char *data = NULL;
	size_t len;
	int rc = fx_render(st, name, &data, &len);

	if (rc != PP_OK)
		fail_msg("rendering %s: %s", name, pp_strerror(rc));
	return data;
}

static void expect_in(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("no\n%s\nin\n%s", want, text);
}

/* One setting, both families: the 79x0 keys and the sipProfile children. */
static void test_media_ports_both_families(void **state)
{
	th_result r;
	char *c;

	(void)state;
	th_load_text(&r, MEDIA_STORE);
	th_expect_rc(&r, PP_OK);
	c = render(r.st, "SIPDefault.cnf");
	expect_in(c, "\nstart_media_port: 16384\nend_media_port: 16584\n");
	pp_free(c);
	/* After the derived keys of the defaults, before the lines. */
	c = render(r.st, "SIP001BD4000001.cnf");
	expect_in(c, "\nstart_media_port: 16384\nend_media_port: 16584\nline1_name: \"100\"\n");
	pp_free(c);
	/* In sipProfile, after phoneLabel (cisco-formats.md section 4); the phone's own end wins.
	 */
	c = render(r.st, "SEP001BD4000002.cnf.xml");
	expect_in(c, "    <phoneLabel>Ada</phoneLabel>\n"
	             "    <startMediaPort>16384</startMediaPort>\n"
	             "    <stopMediaPort>20000</stopMediaPort>\n"
	             "    <sipLines>\n");
	fx_assert_xml(c, strlen(c));
	pp_free(c);
	/* SCCP has no sipProfile, so no media ports. */
	c = render(r.st, "SEP001BD4000003.cnf.xml");
	assert_null(strstr(c, "MediaPort"));
	pp_free(c);
	th_result_free(&r);
}

static void test_media_ports_checked(void **state)
{
	th_result r;

	(void)state;
	th_load_text(&r, "version = 1;\ndefaults = {\n  media = {\n    start_port = 0;\n"
	                 "    end_port = \"16584\";\n    strat_port = 1;\n  };\n};\n");
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 4,
	          "defaults.media.start_port is 0; expected 1 to 65535");
	th_expect(&r.diags, PP_ERROR, r.path, 5, "defaults.media.end_port must be a whole number");
	th_expect(&r.diags, PP_ERROR, r.path, 6,
	          "unknown key 'strat_port' in defaults.media (did you mean 'start_port'?)");
	th_result_free(&r);

	/* A raw key over the derived one wins, with a warning. */
	th_load_text(&r, "version = 1;\ndefaults = {\n  media = { start_port = 16384; };\n"
	                 "  cnf = { start_media_port = 8000; };\n};\n");
	th_expect_rc(&r, PP_OK);
	th_expect(&r.diags, PP_WARNING, r.path, 4,
	          "cnf.start_media_port shadows the value derived from 'media.start_port'");
	char *c = render(r.st, "SIPDefault.cnf");
	expect_in(c, "start_media_port: 8000\n");
	assert_null(strstr(c, "16384"));
	pp_free(c);
	th_result_free(&r);
}

/* ---- NAT, proxies, transport, voip_control_port, locale (issue 13) ---------- */

#define NAT_STORE                                                                                  \
	"version = 1;\n"                                                                           \
	"security = { mac_binding = \"off\"; };\n"                                                 \
	"defaults = {\n"                                                                           \
	"  proxy = { address = \"sipgate.co.uk\"; outbound = \"192.0.2.20\";\n"                    \
	"            outbound_port = 5070; backup = \"192.0.2.30\"; backup_port = 5080;\n"         \
	"            transport = \"TCP\"; };\n"                                                    \
	"  nat = { enable = true; address = \"203.0.113.7\"; };\n"                                 \
	"  media = { voip_control_port = 5062; };\n"                                               \
	"  locale = { user = \"English_United_Kingdom\"; network = \"United_Kingdom\"; };\n"       \
	"};\n"                                                                                     \
	"phones = (\n"                                                                             \
	"  { mac = \"001bd4000001\"; model = \"7940\";\n"                                          \
	"    lines = ( { name = \"100\"; password = \"a\"; } ); },\n"                              \
	"  { mac = \"001bd4000002\"; model = \"7961\"; label = \"Ada\";\n"                         \
	"    nat = { enable = false; };\n"                                                         \
	"    lines = ( { name = \"101\"; password = \"b\"; } ); },\n"                              \
	"  { mac = \"001bd4000003\"; model = \"7941\"; protocol = \"sccp\"; }\n"                   \
	");\n"

/* One store, both families: each setting's 79x0 key and its XML element. */
static void test_nat_proxies_both_families(void **state)
{
	th_result r;
	char *c;

	(void)state;
	th_load_text(&r, NAT_STORE);
	th_expect_rc(&r, PP_OK);
	c = render(r.st, "SIP001BD4000001.cnf");
	expect_in(c, "\nproxy_backup: \"192.0.2.30\"\nproxy_backup_port: 5080\n"
	             "outbound_proxy: \"192.0.2.20\"\noutbound_proxy_port: 5070\n");
	expect_in(c, "\nnat_enable: 1\nnat_address: \"203.0.113.7\"\n");
	expect_in(c, "\nvoip_control_port: 5062\n");
	/* No 79x0 key for the transport or the locale. */
	assert_null(strstr(c, "tcp"));
	assert_null(strstr(c, "TCP"));
	assert_null(strstr(c, "United_Kingdom"));
	pp_free(c);
	c = render(r.st, "SEP001BD4000002.cnf.xml");
	/* sipProxies' children before registerWithProxy (cisco-formats.md section 4). */
	expect_in(c, "    <sipProxies>\n"
	             "      <backupProxy>192.0.2.30</backupProxy>\n"
	             "      <backupProxyPort>5080</backupProxyPort>\n"
	             "      <outboundProxy>192.0.2.20</outboundProxy>\n"
	             "      <outboundProxyPort>5070</outboundProxyPort>\n"
	             "      <registerWithProxy>true</registerWithProxy>\n"
	             "    </sipProxies>\n");
	/* natEnabled before phoneLabel, voipControlPort after the media ports; the phone's own
	 * nat.enable over the defaults'. */
	expect_in(c, "    <natEnabled>false</natEnabled>\n"
	             "    <natAddress>203.0.113.7</natAddress>\n"
	             "    <phoneLabel>Ada</phoneLabel>\n"
	             "    <voipControlPort>5062</voipControlPort>\n"
	             "    <sipLines>\n");
	expect_in(c, "  <userLocale>\n    <name>English_United_Kingdom</name>\n  </userLocale>\n"
	             "  <networkLocale>United_Kingdom</networkLocale>\n");
	expect_in(c, "  <transportLayerProtocol>1</transportLayerProtocol>\n");
	fx_assert_xml(c, strlen(c));
	/* The locale is before the stamp, so that it changes the stamp. */
	assert_true(strstr(c, "<networkLocale>") < strstr(c, "<versionStamp>"));
	pp_free(c);
	/* SCCP: no sipProfile, no transport; the locale still applies. */
	c = render(r.st, "SEP001BD4000003.cnf.xml");
	assert_null(strstr(c, "natEnabled"));
	assert_null(strstr(c, "outboundProxy"));
	assert_null(strstr(c, "transportLayerProtocol"));
	expect_in(c, "<networkLocale>United_Kingdom</networkLocale>\n");
	pp_free(c);
	th_result_free(&r);
}

/* ---- the line options (issue 13): one setting, both families ---------------- */

/*
 * The same two lines on a 7940 (SIP<MAC>.cnf) and a 7961 (SEP<MAC>.cnf.xml),
 * but for the 7961's password, which may hold '"'; then phones without
 * options: a 7940, a 7961 and an 8961.
 */
#define OPT_LINES(pw)                                                                              \
	"    lines = ( { name = \"100\"; password = \"" pw "\"; auto_answer = false;\n"            \
	"                call_waiting = false; mwi = 2; contact = \"c<100>\";\n"                   \
	"                ring = { idle = 3; active = 1; }; max_calls = 4; busy_trigger = 3; },\n"  \
	"              { name = \"101\"; password = \"b\"; auto_answer = true;\n"                  \
	"                call_waiting = false; } ); },\n"

#define OPT_PHONE(mac, model) "  { mac = \"" mac "\"; model = \"" model "\";\n"
#define BARE_LINE             "    lines = ( { name = \"100\"; password = \"a\"; } ); },\n"
#define BARE_LINE_LAST        "    lines = ( { name = \"100\"; password = \"a\"; } ); }\n"

static const char opts_store[] =
    "version = 1;\n"
    "security = { mac_binding = \"off\"; };\n"
    "defaults = { proxy = { address = \"192.0.2.10\"; }; };\n"
    "phones = (\n" OPT_PHONE("001bd4000001", "7940") OPT_LINES("a")
        OPT_PHONE("001bd4000002", "7961") OPT_LINES("a\\\"b") OPT_PHONE("001bd4000003", "7940")
            BARE_LINE OPT_PHONE("001bd4000004", "7961") BARE_LINE
    "  { mac = \"001bd4000005\"; "
    "model = \"8961\";\n" BARE_LINE_LAST ");\n";

/* None of words is in text. */
static void expect_none(const char *text, const char *const *words)
{
	for (; *words; words++)
		if (strstr(text, *words))
			fail_msg("'%s' should not be in:\n%s", *words, text);
}

static void test_line_options_both_families(void **state)
{
	th_result r;
	char *c;

	(void)state;
	th_load_text(&r, opts_store);
	th_expect_rc(&r, PP_OK);
	assert_int_equal(th_count(&r.diags, PP_WARNING), 0);

	/* auto_answer false on line 1, true on line 2: bit 1; call_waiting false: 0. */
	c = render(r.st, "SIP001BD4000001.cnf");
	expect_in(c, "\nline2_password: \"b\"\nauto_answer: 2\ncall_waiting: 0\n");
	/* No 79x0 key for the others: no value of theirs in the file. */
	expect_none(c, (const char *const[]){"c<100>", "mwi", "ring", "max", "busy", NULL});
	pp_free(c);

	/* The same settings, one <line> each; the password's '"' escaped. */
	c = render(r.st, "SEP001BD4000002.cnf.xml");
	expect_in(c, "        <name>100</name>\n"
	             "        <autoAnswer>\n"
	             "          <autoAnswerEnabled>0</autoAnswerEnabled>\n"
	             "        </autoAnswer>\n"
	             "        <callWaiting>0</callWaiting>\n"
	             "        <authPassword>a&quot;b</authPassword>\n"
	             "        <messageWaitingLampPolicy>2</messageWaitingLampPolicy>\n"
	             "        <ringSettingIdle>3</ringSettingIdle>\n"
	             "        <ringSettingActive>1</ringSettingActive>\n"
	             "        <contact>c&lt;100&gt;</contact>\n"
	             "        <maxNumCalls>4</maxNumCalls>\n"
	             "        <busyTrigger>3</busyTrigger>\n"
	             "      </line>\n");
	expect_in(c, "        <name>101</name>\n"
	             "        <autoAnswer>\n"
	             "          <autoAnswerEnabled>1</autoAnswerEnabled>\n"
	             "        </autoAnswer>\n"
	             "        <callWaiting>0</callWaiting>\n"
	             "        <authPassword>b</authPassword>\n"
	             "      </line>\n");
	fx_assert_xml(c, strlen(c));
	pp_free(c);

	/* Unset: neither file names them. */
	c = render(r.st, "SIP001BD4000003.cnf");
	assert_null(strstr(c, "auto_answer"));
	assert_null(strstr(c, "call_waiting"));
	pp_free(c);
	for (const char *const *name =
	         (const char *const[]){"SEP001BD4000004.cnf.xml", "SEP001BD4000005.cnf.xml", NULL};
	     *name; name++) {
		c = render(r.st, *name);
		expect_none(c, (const char *const[]){
		                   "autoAnswer", "callWaiting", "messageWaitingLampPolicy",
		                   "ringSetting", "<contact>", "maxNumCalls", "busyTrigger", NULL});
		pp_free(c);
	}
	th_result_free(&r);
}

/* call_waiting true in both, from defaults; a raw cnf.auto_answer wins, with a warning. */
static void test_line_options_defaults_and_raw(void **state)
{
	static const char text[] =
	    "version = 1;\n"
	    "security = { mac_binding = \"off\"; };\n"
	    "defaults = { proxy = { address = \"192.0.2.10\"; };\n"
	    "  lines = ( { name = \"100\"; password = \"a\"; call_waiting = true;\n"
	    "              auto_answer = true; } ); };\n"
	    "phones = (\n"
	    "  { mac = \"001bd4000001\"; model = \"7960\";\n"
	    "    cnf = { auto_answer = 0; }; },\n"
	    "  { mac = \"001bd4000002\"; model = \"7942\"; }\n"
	    ");\n";
	th_result r;
	char *c;

	(void)state;
	th_load_text(&r, text);
	th_expect_rc(&r, PP_OK);
	th_expect(&r.diags, PP_WARNING, r.path, th_line_of(text, "cnf = { auto_answer"),
	          "cnf.auto_answer shadows the value derived from 'lines'");
	c = render(r.st, "SIP001BD4000001.cnf");
	expect_in(c, "\nauto_answer: 0\ncall_waiting: 1\n");
	pp_free(c);
	c = render(r.st, "SEP001BD4000002.cnf.xml");
	expect_in(c, "          <autoAnswerEnabled>1</autoAnswerEnabled>\n"
	             "        </autoAnswer>\n"
	             "        <callWaiting>1</callWaiting>\n");
	pp_free(c);
	th_result_free(&r);
}

/* udp, and unset, keep the 2 every reference SIP file has. */
static void test_transport_udp_and_unset(void **state)
{
	th_result r;
	char *c;

	(void)state;
	th_load_text(&r,
	             "version = 1;\nsecurity = { mac_binding = \"off\"; };\n"
	             "defaults = { proxy = { address = \"192.0.2.10\"; transport = \"udp\"; }; };\n"
	             "phones = ( { mac = \"001bd4000002\"; model = \"7961\"; },\n"
	             "  { mac = \"001bd4000004\"; model = \"7961\";\n"
	             "    proxy = { transport = \"tcp\"; }; } );\n");
	th_expect_rc(&r, PP_OK);
	c = render(r.st, "SEP001BD4000002.cnf.xml");
	expect_in(c, "<transportLayerProtocol>2</transportLayerProtocol>\n");
	assert_null(strstr(c, "outboundProxy"));
	assert_null(strstr(c, "natEnabled"));
	assert_null(strstr(c, "Locale"));
	pp_free(c);
	c = render(r.st, "SEP001BD4000004.cnf.xml");
	expect_in(c, "<transportLayerProtocol>1</transportLayerProtocol>\n");
	pp_free(c);
	th_result_free(&r);
}

static void test_nat_proxies_checked(void **state)
{
	th_result r;

	(void)state;
	th_load_text(&r, "version = 1;\ndefaults = {\n  proxy = {\n    transport = \"tls\";\n"
	                 "    outbound_port = 70000;\n  };\n  nat = {\n    enable = \"yes\";\n"
	                 "  };\n  media = {\n    voip_control_port = 0;\n  };\n};\n");
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 4, "defaults.proxy.transport");
	th_expect(&r.diags, PP_ERROR, r.path, 5,
	          "defaults.proxy.outbound_port is 70000; expected 1 to 65535");
	th_expect(&r.diags, PP_ERROR, r.path, 8, "defaults.nat.enable");
	th_expect(&r.diags, PP_ERROR, r.path, 11,
	          "defaults.media.voip_control_port is 0; expected 1 to 65535");
	th_result_free(&r);

	/* A raw key over the derived one wins, with a warning. */
	th_load_text(&r, "version = 1;\ndefaults = {\n  nat = { enable = true; };\n"
	                 "  cnf = { nat_enable = 0; outbound_proxy = \"192.0.2.99\"; };\n"
	                 "  proxy = { outbound = \"192.0.2.20\"; };\n};\n");
	th_expect_rc(&r, PP_OK);
	th_expect(&r.diags, PP_WARNING, r.path, 4,
	          "cnf.nat_enable shadows the value derived from 'nat.enable'");
	th_expect(&r.diags, PP_WARNING, r.path, 4,
	          "cnf.outbound_proxy shadows the value derived from 'proxy.outbound'");
	char *c = render(r.st, "SIPDefault.cnf");
	expect_in(c, "nat_enable: 0\n");
	expect_in(c, "outbound_proxy: \"192.0.2.99\"\n");
	assert_null(strstr(c, "nat_enable: 1"));
	assert_null(strstr(c, "192.0.2.20"));
	pp_free(c);
	th_result_free(&r);
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_readme_table_is_generated),
	    cmocka_unit_test(test_man_page_names_every_setting),
	    cmocka_unit_test(test_table_is_well_formed),
	    cmocka_unit_test(test_lands_names_each_key),
	    cmocka_unit_test(test_line_lands_names_its_key),
	    cmocka_unit_test(test_media_ports_both_families),
	    cmocka_unit_test(test_media_ports_checked),
	    cmocka_unit_test(test_nat_proxies_both_families),
	    cmocka_unit_test(test_line_options_both_families),
	    cmocka_unit_test(test_line_options_defaults_and_raw),
	    cmocka_unit_test(test_transport_udp_and_unset),
	    cmocka_unit_test(test_nat_proxies_checked),
	};

	(void)argc;
	fx_init(argv[0]);
	th_init(argv[0]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
