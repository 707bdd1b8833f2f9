/* SPDX-License-Identifier: MIT */
/*
 * Client policy through pp_render: security.allow limits who gets any
 * synthesised file; mac_binding (strict / lenient / off) limits a phone's
 * own file, which holds its secrets, to that phone.  The client's MAC comes
 * from the request (--mac) or from its IP: under strict only through the
 * kernel's neighbour table, under lenient also through what DHCP clients
 * claimed (the hook's bindings, the lease file); the file lookups are also
 * tested on fixture files.  Each store has a state_dir of its own, and the
 * tests that pass an IP run in an empty network namespace of their own
 * (th_netns): no neighbour entries, nothing sent anywhere.  The neighbour
 * table itself is tested in test_neigh.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bindings.h"
#include "cidr.h"
#include "client.h"
#include "helpers.h"
#include "phoneprov.h"

#define MAC_A  "001BD4123456" /* a 7940: SIP001BD4123456.cnf */
#define MAC_B  "001BD4ABCDEF" /* a 7961: SEP001BD4ABCDEF.cnf.xml */
#define FILE_A "SIP001BD4123456.cnf"
#define FILE_B "SEP001BD4ABCDEF.cnf.xml"

/* dnsmasq.leases: EXPIRY MAC IP HOSTNAME CLIENT-ID */
static const char leases_text[] =
    "1700000000 00:1b:d4:12:34:56 192.0.2.10 phone-a 01:00:1b:d4:12:34:56\n"
    "1700000000 00:1b:d4:ab:cd:ef 192.0.2.11 phone-b *\n"
    "1700000000 00:1b:d4:99:99:99 192.0.2.12 stranger *\n"
    "garbage\n"
    "\n"
    "1700000000 not-a-mac 192.0.2.13 broken *\n"
    "1700000000 00:1b:d4:12:34:56 192.0.2.20 phone-a *\n"
    "1700000050 00:1b:d4:ab:cd:ef 192.0.2.20 phone-b *\n"
    "duid 00:01:00:01:2c:5f:4e:aa:52:54:00:12:34:56\n"
    "1700000000 305419896 2001:db8::10 phone-a6 00:01:00:01:2c:5f:4e:aa\n";

static char *leases_path;
static int netns; /* th_netns() worked: IP clients may be tested */

/* Tests that pass an IP need the empty namespace. */
#define NEED_NETNS()                                                                               \
	do {                                                                                       \
		if (!netns) {                                                                      \
			print_message("no network namespace of our own: skipped\n");               \
			skip();                                                                    \
		}                                                                                  \
	} while (0)

/* A store with phones A and B, the fixture lease file and the given policy. */
static pp_store *policy_store(const char *binding, const char *allow)
{
	char *dir = th_tmpdir();
	char text[4096];
	th_result r;

	if (!leases_path)
		leases_path = th_write(dir, "dnsmasq.leases", leases_text);
	snprintf(text, sizeof(text),
	         "version = 1;\n"
	         "state_dir = \"%s\";\n"
	         "security = { mac_binding = \"%s\"; leases = \"%s\"; %s%s%s };\n"
	         "defaults = {\n"
	         "  proxy = { address = \"192.0.2.1\"; };\n"
	         "  firmware = ( { model = \"7940\"; load = \"P0S3-08-2-00\"; },\n"
	         "               { model = \"7961\"; load = \"SIP41.9-4-2SR3-1S\"; } );\n"
	         "  cnf = { telnet_level = 2; };\n"
	         "};\n"
	         "phones = (\n"
	         "  { mac = \"00:1b:d4:12:34:56\"; model = \"7940\";\n"
	         "    lines = ( { name = \"a\"; password = \"secretA\"; } ); },\n"
	         "  { mac = \"00:1b:d4:ab:cd:ef\"; model = \"7961\";\n"
	         "    lines = ( { name = \"b\"; password = \"secretB\"; } ); }\n"
	         ");\n",
	         dir, binding, leases_path, allow ? "allow = [ " : "", allow ? allow : "",
	         allow ? " ];" : "");
	th_load_text(&r, text);
	th_expect_rc(&r, PP_OK);
	pp_store *st = r.st;
	r.st = NULL;
	th_result_free(&r);
	free(dir);
	return st;
}

static void expect_render_(const pp_store *st, const char *name, const char *ip, const char *mac,
                           int want, const char *msg, const char *file, int line)
{
	pp_client client = {ip, mac};
	char *data = (char *)&client;
	size_t len = 12345;
	pp_error err;

	memset(&err, 0, sizeof(err));
	int rc = pp_render(st, name, &client, &data, &len, &err);
	if (rc != want) {
		print_error("%s for {ip %s, mac %s}: %s (%d), expected %s (%d); %s\n", name,
		            ip ? ip : "NULL", mac ? mac : "NULL", pp_strerror(rc), rc,
		            pp_strerror(want), want, rc ? err.message : "");
		pp_free(rc == PP_OK ? data : NULL);
		_fail(file, line);
	}
	if (rc == PP_OK) {
		if (!data || !len) {
			print_error("%s: PP_OK without bytes\n", name);
			_fail(file, line);
		}
		pp_free(data);
		return;
	}
	/* nothing of the file leaks out with a refusal */
	if (data != NULL || len != 0) {
		print_error("%s: refused, but data/len were set\n", name);
		_fail(file, line);
	}
	if (err.code != rc || !err.message[0] || strchr(err.message, '\n')) {
		print_error("%s: err {code %d, message '%s'}\n", name, err.code, err.message);
		_fail(file, line);
	}
	if (msg && !strstr(err.message, msg)) {
		print_error("%s: message '%s' does not say '%s'\n", name, err.message, msg);
		_fail(file, line);
	}
}

#define expect_render(st, name, ip, mac, want)                                                     \
	expect_render_(st, name, ip, mac, want, NULL, __FILE__, __LINE__)
#define expect_render_msg(st, name, ip, mac, want, msg)                                            \
	expect_render_(st, name, ip, mac, want, msg, __FILE__, __LINE__)

static const char *const shared_names[] = {"SIPDefault.cnf", "XMLDefault.cnf.xml", "OS79XX.TXT"};

/* ---- no client, no policy ----------------------------------------------------------- */

static void test_no_client(void **state)
{
	pp_store *st = policy_store("strict", "\"198.51.100.0/24\"");
	char *data;
	size_t len;

	(void)state;
	/* an administrator's dry run: no policy at all, not even allow */
	assert_int_equal(pp_render(st, FILE_A, NULL, &data, &len, NULL), PP_OK);
	assert_non_null(strstr(data, "secretA"));
	pp_free(data);
	expect_render(st, FILE_A, NULL, NULL, PP_OK);
	expect_render(st, FILE_B, NULL, NULL, PP_OK);
	expect_render(st, "SIPDefault.cnf", NULL, NULL, PP_OK);
	pp_store_free(st);
}

/* ---- --mac style clients -------------------------------------------------------------- */

static void test_strict_mac(void **state)
{
	pp_store *st = policy_store("strict", NULL);

	(void)state;
	expect_render(st, FILE_A, NULL, "00:1b:d4:12:34:56", PP_OK);
	expect_render(st, FILE_A, NULL, "001B.D412.3456", PP_OK);
	expect_render(st, FILE_A, NULL, "001bd4123456", PP_OK);
	expect_render(st, "sip001bd4123456.CNF", NULL, "00-1B-D4-12-34-56", PP_OK);
	expect_render_msg(st, FILE_A, NULL, "00:1b:d4:ab:cd:ef", PP_EDENIED, MAC_A);
	expect_render_msg(st, FILE_A, NULL, "00:1b:d4:ab:cd:ef", PP_EDENIED, MAC_B);
	expect_render(st, FILE_B, NULL, "00:1b:d4:ab:cd:ef", PP_OK);
	expect_render(st, FILE_B, NULL, "00:1b:d4:12:34:56", PP_EDENIED);
	/* a MAC no phone has */
	expect_render(st, FILE_A, NULL, "02:00:00:00:00:01", PP_EDENIED);
	/* shared files go to anyone */
	for (size_t i = 0; i < sizeof(shared_names) / sizeof(shared_names[0]); i++) {
		expect_render(st, shared_names[i], NULL, "00:1b:d4:ab:cd:ef", PP_OK);
		expect_render(st, shared_names[i], NULL, "02:00:00:00:00:01", PP_OK);
	}
	/* a malformed MAC is a bad argument, not a match */
	expect_render(st, FILE_A, NULL, "001bd412345", PP_EARG);
	expect_render(st, FILE_A, NULL, "", PP_EARG);
	pp_store_free(st);
}

static void test_lenient_mac(void **state)
{
	pp_store *st = policy_store("lenient", NULL);

	(void)state;
	expect_render(st, FILE_A, NULL, "00:1b:d4:12:34:56", PP_OK);
	/* a known, different MAC is still refused */
	expect_render(st, FILE_A, NULL, "00:1b:d4:ab:cd:ef", PP_EDENIED);
	expect_render(st, FILE_B, NULL, "00:1b:d4:12:34:56", PP_EDENIED);
	expect_render(st, FILE_B, NULL, "00:1b:d4:ab:cd:ef", PP_OK);
	pp_store_free(st);
}

static void test_off_mac(void **state)
{
	pp_store *st = policy_store("off", NULL);

	(void)state;
	expect_render(st, FILE_A, NULL, "00:1b:d4:12:34:56", PP_OK);
	expect_render(st, FILE_A, NULL, "00:1b:d4:ab:cd:ef", PP_OK);
	expect_render(st, FILE_B, NULL, "02:00:00:00:00:01", PP_OK);
	pp_store_free(st);
}

/* ---- IP clients: strict believes the kernel, lenient also DHCP's claims ---------------- */

/* A binding as the dhcp-script hook records it, in the store's state_dir. */
static void bind_ip(const pp_store *st, const char *ip, const char *mac)
{
	pp_binding b;

	memset(&b, 0, sizeof(b));
	assert_int_equal(pp_mac_parse(mac, b.mac), PP_OK);
	snprintf(b.ip, sizeof(b.ip), "%s", ip);
	b.t = 1700000000;
	assert_int_equal(pp_bindings_update(pp_store_state_dir(st), &b, 0), 0);
}

static void test_strict_ip(void **state)
{
	NEED_NETNS();
	pp_store *st = policy_store("strict", NULL);

	(void)state;
	/*
	 * Nothing in this namespace has a neighbour entry, so under strict no
	 * IP client's MAC is known: a lease is only what a DHCP client claimed
	 * its MAC was (chaddr), and the denial says so.
	 */
	expect_render_msg(st, FILE_A, "192.0.2.10", NULL, PP_EDENIED, "192.0.2.10 is unknown");
	expect_render_msg(st, FILE_A, "192.0.2.10", NULL, PP_EDENIED,
	                  "; DHCP claims 001BD4123456 (lease file), no proof");
	expect_render_msg(st, FILE_A, "::ffff:192.0.2.10", NULL, PP_EDENIED, "lease file");
	expect_render_msg(st, FILE_B, "192.0.2.11", NULL, PP_EDENIED, "strict");
	expect_render(st, FILE_B, "192.0.2.20", NULL, PP_EDENIED);
	/* the hook's bindings are claims just the same */
	bind_ip(st, "192.0.2.30", MAC_B);
	expect_render_msg(st, FILE_B, "192.0.2.30", NULL, PP_EDENIED,
	                  "DHCP claims 001BD4ABCDEF (dhcp-script bindings), no proof");
	/* no lease, no neighbour entry: unknown, and no claim to name */
	expect_render_msg(st, FILE_A, "192.0.2.99", NULL, PP_EDENIED, "192.0.2.99");
	expect_render_msg(st, FILE_A, "192.0.2.99", NULL, PP_EDENIED, "strict");
	expect_render(st, FILE_A, "192.0.2.1", NULL, PP_EDENIED); /* a prefix of .10 */
	expect_render(st, FILE_A, "2001:db8::10", NULL, PP_EDENIED);
	/* a link-local client is judged on its link, and without one not at all */
	expect_render_msg(st, FILE_A, "fe80::21b:d4ff:fe12:3456", NULL, PP_EDENIED,
	                  "a link-local address without its interface");
	expect_render_msg(st, FILE_A, "fe80::21b:d4ff:fe12:3456%1", NULL, PP_EDENIED, "unknown");
	/* a client whose address is not known is refused, not waved through */
	expect_render_msg(st, FILE_A, "", NULL, PP_EDENIED, "a client with no address");
	expect_render(st, FILE_A, "not-an-ip", NULL, PP_EDENIED);
	/* shared files go to an unknown client too */
	for (size_t i = 0; i < sizeof(shared_names) / sizeof(shared_names[0]); i++) {
		expect_render(st, shared_names[i], "192.0.2.99", NULL, PP_OK);
		expect_render(st, shared_names[i], "", NULL, PP_OK);
	}
	/* a MAC given with the IP is believed (an administrator's question) */
	expect_render(st, FILE_A, "192.0.2.11", "00:1b:d4:12:34:56", PP_OK);
	expect_render(st, FILE_B, "192.0.2.11", "00:1b:d4:12:34:56", PP_EDENIED);
	pp_store_free(st);
}

static void test_lenient_ip(void **state)
{
	NEED_NETNS();
	pp_store *st = policy_store("lenient", NULL);

	(void)state;
	expect_render_msg(st, FILE_A, "192.0.2.10", NULL, PP_OK, "(lease file)");
	expect_render(st, FILE_A, "::ffff:192.0.2.10", NULL, PP_OK);
	expect_render(st, FILE_A, "192.0.2.11", NULL, PP_EDENIED);
	expect_render(st, FILE_A, "192.0.2.12", NULL, PP_EDENIED);
	/* the hook's bindings come before the lease file */
	bind_ip(st, "192.0.2.10", MAC_B);
	expect_render_msg(st, FILE_B, "192.0.2.10", NULL, PP_OK, "(dhcp-script bindings)");
	expect_render(st, FILE_A, "192.0.2.10", NULL, PP_EDENIED);
	/* unknown MAC: allowed when lenient */
	expect_render(st, FILE_A, "192.0.2.99", NULL, PP_OK);
	expect_render(st, FILE_B, "192.0.2.99", NULL, PP_OK);
	expect_render(st, FILE_A, "", NULL, PP_OK);
	expect_render(st, FILE_A, "fe80::10%1", NULL, PP_OK);
	pp_store_free(st);
}

static void test_off_ip(void **state)
{
	NEED_NETNS();
	pp_store *st = policy_store("off", NULL);

	(void)state;
	expect_render(st, FILE_A, "192.0.2.10", NULL, PP_OK);
	expect_render(st, FILE_A, "192.0.2.11", NULL, PP_OK);
	expect_render(st, FILE_A, "192.0.2.99", NULL, PP_OK);
	expect_render(st, FILE_B, "127.0.0.1", NULL, PP_OK);
	expect_render(st, FILE_B, "::1", NULL, PP_OK);
	expect_render(st, FILE_B, "", NULL, PP_OK);
	pp_store_free(st);
}

/* ---- security.allow -------------------------------------------------------------------- */

static void test_allow(void **state)
{
	NEED_NETNS();
	pp_store *st = policy_store("strict", "\"192.0.2.0/28\", \"2001:db8::/32\", \"fe80::/10\"");

	(void)state;
	expect_render(st, "SIPDefault.cnf", "192.0.2.10", NULL, PP_OK);
	expect_render(st, "SIPDefault.cnf", "192.0.2.0", NULL, PP_OK);
	expect_render(st, "SIPDefault.cnf", "192.0.2.15", NULL, PP_OK);
	expect_render(st, "SIPDefault.cnf", "::ffff:192.0.2.10", NULL, PP_OK);
	expect_render_msg(st, "SIPDefault.cnf", "192.0.2.16", NULL, PP_EDENIED, "security.allow");
	expect_render_msg(st, "SIPDefault.cnf", "198.51.100.1", NULL, PP_EDENIED, "198.51.100.1");
	expect_render(st, "SIPDefault.cnf", "2001:db8::5", NULL, PP_OK);
	expect_render(st, "SIPDefault.cnf", "2001:db8:ffff::5", NULL, PP_OK);
	expect_render(st, "SIPDefault.cnf", "2001:db9::5", NULL, PP_EDENIED);
	expect_render(st, "SIPDefault.cnf", "::1", NULL, PP_EDENIED);
	expect_render(st, "SIPDefault.cnf", "not-an-ip", NULL, PP_EDENIED);
	/* the zone of a link-local client is not part of its address */
	expect_render(st, "SIPDefault.cnf", "fe80::10%1", NULL, PP_OK);
	expect_render_msg(st, "SIPDefault.cnf", "", NULL, PP_EDENIED, "with no address");
	/* a --mac style client has no IP to check against allow */
	expect_render(st, FILE_A, NULL, "00:1b:d4:12:34:56", PP_OK);
	expect_render(st, "SIPDefault.cnf", NULL, "02:00:00:00:00:01", PP_OK);
	pp_store_free(st);

	/* allow and binding both apply to a phone's own file */
	st = policy_store("lenient", "\"192.0.2.0/28\"");
	expect_render(st, FILE_A, "192.0.2.10", NULL, PP_OK);
	expect_render(st, FILE_A, "192.0.2.11", NULL, PP_EDENIED);
	expect_render(st, FILE_B, "192.0.2.11", NULL, PP_OK);
	/* .20 is leased to B, but it is outside 192.0.2.0/28 */
	expect_render_msg(st, FILE_B, "192.0.2.20", NULL, PP_EDENIED, "security.allow");
	pp_store_free(st);

	/* allow applies with mac_binding off as well */
	st = policy_store("off", "\"192.0.2.10\"");
	expect_render(st, FILE_A, "192.0.2.10", NULL, PP_OK);
	expect_render(st, FILE_B, "192.0.2.10", NULL, PP_OK);
	expect_render(st, FILE_A, "192.0.2.11", NULL, PP_EDENIED);
	expect_render(st, "RINGLIST.DAT", "192.0.2.11", NULL, PP_EDENIED);
	pp_store_free(st);

	/* an IPv4-mapped network in allow */
	st = policy_store("off", "\"::ffff:192.0.2.0/124\"");
	expect_render(st, "SIPDefault.cnf", "192.0.2.10", NULL, PP_OK);
	expect_render(st, "SIPDefault.cnf", "::ffff:192.0.2.10", NULL, PP_OK);
	expect_render(st, "SIPDefault.cnf", "192.0.2.16", NULL, PP_EDENIED);
	pp_store_free(st);
}

/* ---- what is not ours stays not ours ------------------------------------------------- */

static void test_not_found_before_policy(void **state)
{
	pp_store *st = policy_store("strict", "\"192.0.2.0/28\"");

	(void)state;
	/* a name the store does not provide falls through to disk for anyone */
	expect_render(st, "P0S3-08-2-00.loads", "198.51.100.1", NULL, PP_ENOTFOUND);
	expect_render(st, "CTLSEP001BD4123456.tlv", NULL, "00:1b:d4:ab:cd:ef", PP_ENOTFOUND);
	expect_render(st, "SIP001BD4000000.cnf", NULL, "00:1b:d4:ab:cd:ef", PP_ENOTFOUND);
	expect_render(st, "SIP001BD4000000.cnf", "192.0.2.99", NULL, PP_ENOTFOUND);
	/* the 7940 asks for SEP<MAC>.cnf.xml first; it gets none, so its loader goes on */
	expect_render(st, "SEP001BD4123456.cnf.xml", NULL, "00:1b:d4:12:34:56", PP_ENOTFOUND);
	pp_store_free(st);
}

/* ---- the lookups on fixture files -------------------------------------------------------- */

static void test_leases_lookup(void **state)
{
	char *dir = th_tmpdir();
	char *path = th_write(dir, "dnsmasq.leases", leases_text);
	char *empty = th_write(dir, "empty.leases", "");
	char mac[PP_MAC_LEN + 1];

	(void)state;
	assert_int_equal(pp_client_mac_from_leases(path, "192.0.2.10", mac), 0);
	assert_string_equal(mac, MAC_A);
	assert_int_equal(pp_client_mac_from_leases(path, "192.0.2.11", mac), 0);
	assert_string_equal(mac, MAC_B);
	assert_int_equal(pp_client_mac_from_leases(path, "192.0.2.12", mac), 0);
	assert_string_equal(mac, "001BD4999999");
	/* the later lease wins */
	assert_int_equal(pp_client_mac_from_leases(path, "192.0.2.20", mac), 0);
	assert_string_equal(mac, MAC_B);
	/* no partial matches, no broken lines, no DHCPv6 lines */
	assert_int_equal(pp_client_mac_from_leases(path, "192.0.2.1", mac), -1);
	assert_int_equal(pp_client_mac_from_leases(path, "192.0.2.100", mac), -1);
	assert_int_equal(pp_client_mac_from_leases(path, "192.0.2.13", mac), -1);
	assert_int_equal(pp_client_mac_from_leases(path, "2001:db8::10", mac), -1);
	assert_int_equal(pp_client_mac_from_leases(path, "", mac), -1);
	assert_int_equal(pp_client_mac_from_leases(empty, "192.0.2.10", mac), -1);
	assert_int_equal(pp_client_mac_from_leases(NULL, "192.0.2.10", mac), -1);
	char missing[4096];
	snprintf(missing, sizeof(missing), "%s/missing.leases", dir);
	assert_int_equal(pp_client_mac_from_leases(missing, "192.0.2.10", mac), -1);
	free(path);
	free(empty);
	free(dir);
}

/* The lease file is read inside dnsmasq: garbage in it must cost nothing but itself. */
static void test_client_mac_hostile_leases(void **state)
{
	char *dir = th_tmpdir();
	char mac[PP_MAC_LEN + 1];
	char *text = malloc(200000);
	size_t n = 0;
	(void)state;
	assert_non_null(text);
	n += (size_t)sprintf(text + n, "garbage\n\n   \n1 not-a-mac 192.0.2.60 x *\n");
	n += (size_t)sprintf(text + n, "1 00:1b:d4:12:34:56\n%s", "\x01\xff\xfe binary\n");
	/* A client-id so long that a line-by-buffer reader would cut it, and the
	   piece after the cut looks like a lease for 192.0.2.61. */
	n += (size_t)sprintf(text + n, "1 00:1b:d4:ab:cd:ef 192.0.2.62 host ");
	for (int i = 0; i < 511 - 36; i++) /* the prefix above is 36 bytes */
		text[n++] = 'x';
	n += (size_t)sprintf(text + n, " 1 02:00:5e:00:00:99 192.0.2.61 fake *\n");
	for (int i = 0; i < 100000; i++)
		text[n++] = 'y';
	n += (size_t)sprintf(text + n, "\n1 00:1b:d4:12:34:56 192.0.2.63 good *\n");
	text[n] = '\0';
	char *path = th_write(dir, "hostile.leases", text);

	assert_int_equal(pp_client_mac_from_leases(path, "192.0.2.61", mac), -1);
	assert_int_equal(pp_client_mac_from_leases(path, "192.0.2.60", mac), -1);
	assert_int_equal(pp_client_mac_from_leases(path, "192.0.2.62", mac), 0);
	assert_string_equal(mac, MAC_B);
	assert_int_equal(pp_client_mac_from_leases(path, "192.0.2.63", mac), 0);
	assert_string_equal(mac, MAC_A);
	free(path);
	free(text);
	free(dir);
}

static void test_client_mac_uses_leases(void **state)
{
	NEED_NETNS();
	pp_store *st = policy_store("lenient", NULL);
	char mac[PP_MAC_LEN + 1];

	(void)state;
	assert_int_equal(pp_client_mac(st, "192.0.2.10", mac), PP_MAC_LEASES);
	assert_string_equal(mac, MAC_A);
	assert_int_equal(pp_client_mac(st, "::ffff:192.0.2.11", mac), PP_MAC_LEASES);
	assert_string_equal(mac, MAC_B);
	assert_int_equal(pp_client_mac(st, "192.0.2.99", mac), PP_MAC_NONE);
	assert_int_equal(pp_client_mac_claimed(st, "192.0.2.10", mac), PP_MAC_LEASES);
	assert_string_equal(mac, MAC_A);
	/* the store's own state_dir, not the host's /var/lib/phoneprov */
	bind_ip(st, "192.0.2.10", MAC_B);
	assert_int_equal(pp_client_mac_claimed(st, "192.0.2.10", mac), PP_MAC_BINDINGS);
	assert_string_equal(mac, MAC_B);
	assert_int_equal(pp_client_mac_claimed(st, "", mac), PP_MAC_NONE);
	pp_store_free(st);
}

/* ---- networks ------------------------------------------------------------------------------- */

static void test_cidr(void **state)
{
	static const char *const bad[] = {
	    "",
	    "/24",
	    "192.0.2.0/",
	    "192.0.2.0/33",
	    "192.0.2.0/-1",
	    "192.0.2.0/+8",
	    "192.0.2.0/8x",
	    "192.0.2.0/0008",
	    "192.0.2.0 /24",
	    "192.0.2.0/24 ",
	    " 192.0.2.0/24",
	    "192.0.2/24",
	    "192.0.2.256",
	    "2001:db8::/129",
	    "2001:db8:::/32",
	    "::ffff:192.0.2.0/95",
	    "::ffff:192.0.2.0/129",
	    "localhost",
	    "0x7f000001",
	    "1234567890123456789012345678901234567890123456789012345678901234567"};
	pp_cidr c;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (pp_cidr_parse(bad[i], &c) == 0)
			fail_msg("pp_cidr_parse accepted \"%s\"", bad[i]);

	assert_int_equal(pp_cidr_parse("192.0.2.0/24", &c), 0);
	assert_int_equal(c.bits, 24);
	assert_true(pp_cidr_match(&c, "192.0.2.0"));
	assert_true(pp_cidr_match(&c, "192.0.2.255"));
	assert_true(pp_cidr_match(&c, "::ffff:192.0.2.7"));
	assert_false(pp_cidr_match(&c, "192.0.3.0"));
	assert_false(pp_cidr_match(&c, "2001:db8::1"));
	assert_false(pp_cidr_match(&c, "garbage"));
	assert_false(pp_cidr_match(&c, ""));

	assert_int_equal(pp_cidr_parse("192.0.2.7", &c), 0);
	assert_int_equal(c.bits, 32);
	assert_true(pp_cidr_match(&c, "192.0.2.7"));
	assert_false(pp_cidr_match(&c, "192.0.2.8"));

	assert_int_equal(pp_cidr_parse("10.0.0.0/9", &c), 0);
	assert_true(pp_cidr_match(&c, "10.127.255.255"));
	assert_false(pp_cidr_match(&c, "10.128.0.0"));

	assert_int_equal(pp_cidr_parse("0.0.0.0/0", &c), 0);
	assert_true(pp_cidr_match(&c, "203.0.113.9"));
	assert_false(pp_cidr_match(&c, "2001:db8::1"));

	assert_int_equal(pp_cidr_parse("2001:db8::/32", &c), 0);
	assert_true(pp_cidr_match(&c, "2001:db8:1234::1"));
	assert_false(pp_cidr_match(&c, "2001:db9::1"));
	assert_false(pp_cidr_match(&c, "192.0.2.1"));

	assert_int_equal(pp_cidr_parse("fe80::/10", &c), 0);
	assert_true(pp_cidr_match(&c, "febf::1"));
	assert_false(pp_cidr_match(&c, "fec0::1"));

	/* IPv4-mapped: a v4 network in v6 notation */
	assert_int_equal(pp_cidr_parse("::ffff:192.0.2.0/120", &c), 0);
	assert_int_equal(c.bits, 24);
	assert_true(pp_cidr_match(&c, "192.0.2.200"));
	assert_false(pp_cidr_match(&c, "192.0.3.1"));
	assert_int_equal(pp_cidr_parse("::ffff:192.0.2.9", &c), 0);
	assert_int_equal(c.bits, 32);
	assert_true(pp_cidr_match(&c, "192.0.2.9"));
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_no_client),
	    cmocka_unit_test(test_strict_mac),
	    cmocka_unit_test(test_lenient_mac),
	    cmocka_unit_test(test_off_mac),
	    cmocka_unit_test(test_strict_ip),
	    cmocka_unit_test(test_lenient_ip),
	    cmocka_unit_test(test_off_ip),
	    cmocka_unit_test(test_allow),
	    cmocka_unit_test(test_not_found_before_policy),
	    cmocka_unit_test(test_leases_lookup),
	    cmocka_unit_test(test_client_mac_uses_leases),
	    cmocka_unit_test(test_client_mac_hostile_leases),
	    cmocka_unit_test(test_cidr),
	};
	int rc;

	(void)argc;
	th_init(argv[0]);
	netns = th_netns();
	rc = cmocka_run_group_tests_name("policy", tests, NULL, NULL);
	free(leases_path);
	return rc;
}
