/* SPDX-License-Identifier: MIT */
/*
 * The 79x0's sync: unless the store sets one, a digest of the phone's own
 * files, the same in SIP<MAC>.cnf and in the syncinfo.xml that phone gets.
 * It changes with the phone's own files and the shared ones it reads, and
 * not with another phone's; a client nobody knows gets the store's default.
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

#define MAC_A "001BD4000001" /* a 7940 */
#define MAC_B "001BD4000002" /* a 7960 */
#define MAC_X "001BD4000003" /* a 7961: the XML family */

/* A store of A, B and X; extra_a goes into A's settings, extra_d into defaults. */
static pp_store *store(const char *extra_d, const char *extra_a)
{
	char text[4096];
	th_result r;

	snprintf(text, sizeof(text),
	         "version = 1;\n"
	         "security = { mac_binding = \"strict\"; leases = \"/nonexistent\"; };\n"
	         "state_dir = \"/nonexistent\";\n"
	         "defaults = {\n"
	         "  proxy = { address = \"192.0.2.1\"; };\n"
	         "  firmware = ( { model = \"7940\"; load = \"P0S3-08-2-00\"; } );\n"
	         "  dialplan = ( { match = \"1..\"; timeout = 0; } );\n"
	         "  %s\n"
	         "};\n"
	         "phones = (\n"
	         "  { mac = \"%s\"; model = \"7940\"; %s\n"
	         "    lines = ( { name = \"a\"; password = \"secretA\"; } ); },\n"
	         "  { mac = \"%s\"; model = \"7960\";\n"
	         "    lines = ( { name = \"b\"; password = \"secretB\"; } ); },\n"
	         "  { mac = \"%s\"; model = \"7961\";\n"
	         "    lines = ( { name = \"x\"; password = \"secretX\"; } ); }\n"
	         ");\n",
	         extra_d, MAC_A, extra_a, MAC_B, MAC_X);
	th_load_text(&r, text);
	th_expect_rc(&r, PP_OK);
	pp_store *st = r.st;
	r.st = NULL;
	th_result_free(&r);
	return st;
}

/* The value after `sync: ` in SIP<mac>.cnf, quotes dropped; "" when none. */
static void cnf_sync(const pp_store *st, const char *mac, char *out, size_t len)
{
	char name[64], *data;
	size_t n;

	snprintf(name, sizeof(name), "SIP%s.cnf", mac);
	assert_int_equal(pp_render(st, name, NULL, &data, &n, NULL), PP_OK);
	out[0] = '\0';
	const char *p = strstr(data, "\nsync: ");
	if (p) {
		p += 7;
		if (*p == '"')
			p++;
		size_t k = strcspn(p, "\"\n");
		snprintf(out, len, "%.*s", (int)k, p);
	}
	pp_free(data);
}

/* SYNC="..." of syncinfo.xml as the client (ip, mac) gets it. */
static void syncinfo_sync(const pp_store *st, const char *ip, const char *mac, char *out,
                          size_t len)
{
	pp_client c = {ip, mac};
	char *data;
	size_t n;

	assert_int_equal(pp_render(st, "syncinfo.xml", ip || mac ? &c : NULL, &data, &n, NULL),
	                 PP_OK);
	const char *p = strstr(data, "SYNC=\"");
	assert_non_null(p);
	p += 6;
	snprintf(out, len, "%.*s", (int)strcspn(p, "\""), p);
	pp_free(data);
}

static void test_digest_in_both_files(void **state)
{
	pp_store *st = store("", "");
	char a[64], b[64], ia[64], ib[64], none[64], x[64];

	(void)state;
	cnf_sync(st, MAC_A, a, sizeof(a));
	cnf_sync(st, MAC_B, b, sizeof(b));
	assert_int_equal(strlen(a), 16);
	assert_int_equal(strspn(a, "0123456789abcdef"), 16);
	assert_string_not_equal(a, b);
	syncinfo_sync(st, NULL, MAC_A, ia, sizeof(ia));
	syncinfo_sync(st, NULL, MAC_B, ib, sizeof(ib));
	assert_string_equal(ia, a);
	assert_string_equal(ib, b);
	/* No client, a stranger, an XML-family phone: the default every .cnf shares. */
	syncinfo_sync(st, NULL, NULL, none, sizeof(none));
	assert_string_equal(none, "1");
	syncinfo_sync(st, NULL, "02:00:5e:00:00:99", x, sizeof(x));
	assert_string_equal(x, "1");
	syncinfo_sync(st, NULL, MAC_X, x, sizeof(x));
	assert_string_equal(x, "1");
	/* An address whose MAC nobody knows (no lease file, no neighbour entry). */
	syncinfo_sync(st, "192.0.2.250", NULL, x, sizeof(x));
	assert_string_equal(x, "1");
	/* The same store renders the same bytes. */
	cnf_sync(st, MAC_A, x, sizeof(x));
	assert_string_equal(x, a);
	pp_store_free(st);
}

static void test_digest_follows_own_files(void **state)
{
	pp_store *st = store("", "");
	pp_store *edited_a = store("", "label = \"front desk\";");
	pp_store *edited_d = store("time_zone = \"CET\";", "");
	char a0[64], b0[64], a1[64], b1[64], a2[64], b2[64];

	(void)state;
	cnf_sync(st, MAC_A, a0, sizeof(a0));
	cnf_sync(st, MAC_B, b0, sizeof(b0));
	cnf_sync(edited_a, MAC_A, a1, sizeof(a1));
	cnf_sync(edited_a, MAC_B, b1, sizeof(b1));
	cnf_sync(edited_d, MAC_A, a2, sizeof(a2));
	cnf_sync(edited_d, MAC_B, b2, sizeof(b2));
	assert_string_not_equal(a1, a0); /* A's own file changed */
	assert_string_equal(b1, b0);     /* B's did not */
	assert_string_not_equal(a2, a0); /* SIPDefault.cnf changed: both */
	assert_string_not_equal(b2, b0);
	pp_store_free(st);
	pp_store_free(edited_a);
	pp_store_free(edited_d);
}

static void test_store_sync_wins(void **state)
{
	pp_store *d = store("sync = \"7\";", "");
	pp_store *p = store("", "sync = \"abc\";");
	pp_store *raw = store("", "cnf = { sync = 42; };");
	char v[64];

	(void)state;
	cnf_sync(d, MAC_A, v, sizeof(v));
	assert_string_equal(v, "7");
	syncinfo_sync(d, NULL, MAC_A, v, sizeof(v));
	assert_string_equal(v, "7");
	syncinfo_sync(d, NULL, NULL, v, sizeof(v));
	assert_string_equal(v, "7");
	cnf_sync(p, MAC_A, v, sizeof(v));
	assert_string_equal(v, "abc");
	syncinfo_sync(p, NULL, MAC_A, v, sizeof(v));
	assert_string_equal(v, "abc");
	cnf_sync(p, MAC_B, v, sizeof(v)); /* B sets none: its digest */
	assert_int_equal(strlen(v), 16);
	cnf_sync(raw, MAC_A, v, sizeof(v));
	assert_string_equal(v, "42");
	syncinfo_sync(raw, NULL, MAC_A, v, sizeof(v));
	assert_string_equal(v, "42");
	pp_store_free(d);
	pp_store_free(p);
	pp_store_free(raw);
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_digest_in_both_files),
	    cmocka_unit_test(test_digest_follows_own_files),
	    cmocka_unit_test(test_store_sync_wins),
	};
	(void)argc;
	th_init(argv[0]);
	int rc = cmocka_run_group_tests_name("sync", tests, NULL, NULL);
	th_cleanup();
	return rc;
}
