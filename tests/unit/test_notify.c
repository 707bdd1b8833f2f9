/* SPDX-License-Identifier: MIT */
/*
 * phoneprov notify without a network: the NOTIFY on the wire (both forms),
 * responses parsed (and what is not one refused), and the plan: which
 * phones, which event, which address from which source (bindings, lease
 * file, neighbour table, journal, in that order), security.allow, SCCP, an
 * unknown MAC, and --changed against keyed digests in a journal.  The
 * retransmission timers run against real sockets in tests/integration.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "digest.h"
#include "helpers.h"
#include "notify.h"
#include "phoneprov.h"
#include "sip.h"

/* ---- the wire ---------------------------------------------------------------------- */

static void test_check_sync_format(void **state)
{
	pp_sip_notify n = {.event = PP_SIP_CHECK_SYNC,
	                   .user = "sip user",
	                   .host = "192.0.2.10",
	                   .port = 5060,
	                   .local = "192.0.2.1",
	                   .local_port = 40000};
	char buf[1400];
	(void)state;
	assert_int_equal(pp_sip_fresh_ids(&n), 0);
	assert_memory_equal(n.branch, "z9hG4bK", 7);
	assert_int_equal(strlen(n.branch), 7 + 24);
	pp_sip_notify m = n;
	assert_int_equal(pp_sip_fresh_ids(&m), 0);
	assert_string_not_equal(m.call_id, n.call_id); /* fresh for each phone */
	assert_string_not_equal(m.branch, n.branch);
	int len = pp_sip_notify_format(&n, 1764165600, buf, sizeof(buf));
	assert_true(len > 0);
	char want[1400];
	snprintf(want, sizeof(want),
	         "NOTIFY sip:sip%%20user@192.0.2.10:5060 SIP/2.0\r\n"
	         "Via: SIP/2.0/UDP 192.0.2.1:40000;branch=%s;rport\r\n"
	         "Max-Forwards: 70\r\n"
	         "From: <sip:phoneprov@192.0.2.1>;tag=%s\r\n"
	         "To: <sip:sip%%20user@192.0.2.10>\r\n"
	         "Call-ID: %s\r\n"
	         "CSeq: 1 NOTIFY\r\n"
	         "Date: Wed, 26 Nov 2025 14:00:00 GMT\r\n"
	         "Contact: <sip:phoneprov@192.0.2.1:40000>\r\n"
	         "Event: check-sync\r\n"
	         "User-Agent: phoneprov/" PP_VERSION_STRING "\r\n"
	         "Content-Length: 0\r\n\r\n",
	         n.branch, n.tag, n.call_id);
	assert_string_equal(buf, want);
	assert_int_equal(len, (int)strlen(want));
	assert_int_equal(pp_sip_notify_format(&n, 0, buf, 100), -1); /* does not fit */
}

static void test_service_control_format(void **state)
{
	pp_sip_notify n = {.event = PP_SIP_RESET,
	                   .host = "2001:db8::10",
	                   .port = 5062,
	                   .local = "2001:db8::1",
	                   .local_port = 5999};
	char buf[1400];
	(void)state;
	assert_int_equal(pp_sip_fresh_ids(&n), 0);
	assert_true(pp_sip_notify_format(&n, 1764165600, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "NOTIFY sip:[2001:db8::10]:5062 SIP/2.0\r\n"));
	assert_non_null(strstr(buf, "\r\nTo: <sip:[2001:db8::10]>\r\n"));
	assert_non_null(strstr(buf, "\r\nEvent: service-control\r\n"));
	assert_non_null(strstr(buf, "\r\nSubscription-State: active\r\n"));
	assert_non_null(strstr(buf, "\r\nContent-Type: text/plain\r\n"));
	const char *body = strstr(buf, "\r\n\r\n") + 4;
	assert_memory_equal(body, "action=reset\r\nRegisterCallId={}\r\n", 33);
	char cl[48];
	snprintf(cl, sizeof(cl), "Content-Length: %zu\r\n", strlen(body));
	assert_non_null(strstr(buf, cl));
	n.event = PP_SIP_RESTART;
	assert_true(pp_sip_notify_format(&n, 1764165600, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "\r\n\r\naction=restart\r\n"));
}

static void test_response_parse(void **state)
{
	pp_sip_response r;
	const char *why;
	static const char ok[] = "SIP/2.0 200 OK\r\n"
	                         "v: SIP/2.0/UDP 192.0.2.1:40000 ; branch=z9hG4bKabc;rport=40000, "
	                         "SIP/2.0/UDP other;branch=z9hG4bKnot\r\n"
	                         "From: <sip:phoneprov@192.0.2.1>;tag=1\r\n"
	                         "To: <sip:a@192.0.2.10>;tag=2\r\n"
	                         "i:  call-1@192.0.2.1 \r\n"
	                         "CSeq: 1 NOTIFY\r\n"
	                         "Content-Length: 0\r\n\r\n";
	(void)state;
	assert_int_equal(pp_sip_response_parse(ok, strlen(ok), &r, &why), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.reason, "OK");
	assert_string_equal(r.branch, "z9hG4bKabc");
	assert_string_equal(r.call_id, "call-1@192.0.2.1");
	assert_int_equal(r.cseq, 1);
	assert_string_equal(r.method, "NOTIFY");

	static const char *const bad[] = {
	    "",
	    "HTTP/1.1 200 OK\r\n\r\n",
	    "SIP/2.0 20 OK\r\n\r\n",
	    "SIP/2.0 099 Low\r\nVia: SIP/2.0/UDP x;branch=z9hG4bKa\r\nCall-ID: c\r\nCSeq: 1 "
	    "NOTIFY\r\n\r\n",
	    "SIP/2.0 700 High\r\nVia: SIP/2.0/UDP x;branch=z9hG4bKa\r\nCall-ID: c\r\nCSeq: 1 "
	    "NOTIFY\r\n\r\n",
	    "NOTIFY sip:x SIP/2.0\r\n\r\n",
	    "SIP/2.0 200 OK\r\nCall-ID: c\r\nCSeq: 1 NOTIFY\r\n\r\n", /* no Via */
	    "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP x\r\nCall-ID: c\r\nCSeq: 1 NOTIFY\r\n\r\n",
	    "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP x;branch=z9hG4bKa\r\nCSeq: 1 NOTIFY\r\n\r\n",
	    "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP x;branch=z9hG4bKa\r\nCall-ID: c\r\n\r\n",
	    "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP x;branch=z9hG4bKa\r\nCall-ID: c\r\nCSeq: 1 "
	    "NOTIFY\r\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(pp_sip_response_parse(bad[i], strlen(bad[i]), &r, &why), -1);
		assert_non_null(why);
	}
	/* Binary junk and an endless header line: refused, nothing read past the end. */
	char junk[3000];
	memset(junk, 0xff, sizeof(junk));
	assert_int_equal(pp_sip_response_parse(junk, sizeof(junk), &r, &why), -1);
	memcpy(junk, "SIP/2.0 200 \x01\x02", 14);
	assert_int_equal(pp_sip_response_parse(junk, sizeof(junk), &r, &why), -1);
}

/* ---- the plan ---------------------------------------------------------------------- */

#define P_BIND  "001BD4000001" /* binding, lease, neighbour and journal: the binding wins */
#define P_LEASE "001BD4000002" /* lease and neighbour */
#define P_NEIGH "001BD4000003" /* neighbour and journal */
#define P_JRNL  "001BD4000004" /* journal only */
#define P_NONE  "001BD4000005" /* nothing known */
#define P_SCCP  "001BD4000006"
#define P_XML   "001BD4000007"
#define P_OUT   "001BD4000008" /* outside security.allow */

static char *dir;
static pp_notify_where where;

static pp_store *plan_store(void)
{
	char text[4096];
	th_result r;
	snprintf(text, sizeof(text),
	         "version = 1;\n"
	         "security = { mac_binding = \"strict\"; leases = \"%s/leases\";\n"
	         "             allow = [ \"192.0.2.0/24\" ]; };\n"
	         "state_dir = \"%s\";\n"
	         "defaults = { proxy = { address = \"192.0.2.1\"; };\n"
	         "  firmware = ( { model = \"7940\"; load = \"P0S3-08-2-00\"; } ); };\n"
	         "phones = (\n"
	         "  { mac = \"" P_BIND "\"; model = \"7940\"; lines = ( { name = \"101\"; } );\n"
	         "    cnf = { voip_control_port = 5070; }; },\n"
	         "  { mac = \"" P_LEASE "\"; model = \"7960\"; },\n"
	         "  { mac = \"" P_NEIGH "\"; model = \"7940\"; },\n"
	         "  { mac = \"" P_JRNL "\"; model = \"7940\"; },\n"
	         "  { mac = \"" P_NONE "\"; model = \"7940\"; },\n"
	         "  { mac = \"" P_SCCP "\"; model = \"7941\"; protocol = \"sccp\"; },\n"
	         "  { mac = \"" P_XML "\"; model = \"7961\"; lines = ( { name = \"x\"; } ); },\n"
	         "  { mac = \"" P_OUT "\"; model = \"7940\"; }\n"
	         ");\n",
	         dir, dir);
	th_load_text(&r, text);
	th_expect_rc(&r, PP_OK);
	pp_store *st = r.st;
	r.st = NULL;
	th_result_free(&r);
	return st;
}

static int setup(void **state)
{
	(void)state;
	dir = th_tmpdir();
	free(th_write(dir, "bindings",
	              "2025-11-26T14:00:00Z event=binding ip=192.0.2.11 mac=" P_BIND "\n"
	              "2025-11-26T14:00:00Z event=binding ip=198.51.100.77 mac=" P_OUT "\n"));
	free(th_write(dir, "leases",
	              "1700000000 00:1b:d4:00:00:01 192.0.2.21 a *\n"
	              "1700000000 00:1b:d4:00:00:02 192.0.2.99 b *\n"
	              "1700000000 00:1b:d4:00:00:02 192.0.2.22 b *\n" /* the last one wins */
	              "1700000000 00:1b:d4:00:00:07 not-an-ip x *\n"
	              "1700000000 00:1b:d4:00:00:07 224.0.0.1 x *\n" /* no phone's address */
	              "1700000000 00:1b:d4:00:00:07 0.0.0.0 x *\n"
	              "garbage line\n"));
	free(th_write(
	    dir, "arp",
	    "IP address       HW type     Flags       HW address            Mask     Device\n"
	    "192.0.2.31       0x1         0x2         00:1b:d4:00:00:01     *        eth0\n"
	    "192.0.2.32       0x1         0x2         00:1b:d4:00:00:02     *        eth0\n"
	    "192.0.2.33       0x1         0x2         00:1b:d4:00:00:03     *        eth0\n"
	    "192.0.2.44       0x1         0x0         00:1b:d4:00:00:04     *        eth0\n"
	    "198.51.100.8     0x1         0x2         00:1b:d4:00:00:08     *        eth0\n"));
	free(th_write(dir, "tftpd.journal",
	              "2025-11-26T14:00:00Z event=fetch ip=192.0.2.41 mac=" P_BIND
	              " name=SIPDefault.cnf bytes=1 decision=served\n"
	              "2025-11-26T14:00:00Z event=fetch ip=192.0.2.43 mac=" P_NEIGH
	              " name=SIPDefault.cnf bytes=1 decision=served\n"
	              "2025-11-26T14:00:00Z event=fetch ip=192.0.2.44"
	              " name=SIP" P_JRNL ".cnf bytes=1 decision=served\n"
	              "2025-11-26T14:00:00Z event=fetch ip=192.0.2.66"
	              " name=SIP" P_NONE ".cnf decision=denied\n"));
	where.state_dir = dir;
	where.arp = NULL;
	where.leases = NULL;
	static char arp[4096];
	snprintf(arp, sizeof(arp), "%s/arp", dir);
	where.arp = arp;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	th_cleanup();
	free(dir);
	return 0;
}

static const pp_notify_phone *find(const pp_notify_phone *p, size_t n, const char *mac)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(p[i].mac, mac))
			return &p[i];
	fail_msg("%s is not in the plan", mac);
	return NULL;
}

static void test_plan_all(void **state)
{
	pp_store *st = plan_store();
	pp_notify_phone *p;
	size_t n;
	pp_error err;
	(void)state;
	assert_int_equal(pp_notify_plan(st, PP_NOTIFY_ALL, NULL, 0, 0, &where, &p, &n, &err),
	                 PP_OK);
	assert_int_equal(n, 8);
	const pp_notify_phone *q = find(p, n, P_BIND);
	assert_int_equal(q->state, PP_NOTIFY_PENDING);
	assert_string_equal(q->req.host, "192.0.2.11");
	assert_string_equal(q->source, "dhcp-script bindings");
	assert_int_equal(q->req.port, 5070); /* cnf.voip_control_port */
	assert_string_equal(q->req.user, "101");
	assert_int_equal(q->req.event, PP_SIP_CHECK_SYNC);
	q = find(p, n, P_LEASE);
	assert_string_equal(q->req.host, "192.0.2.22");
	assert_string_equal(q->source, "lease file");
	assert_int_equal(q->req.port, 5060);
	q = find(p, n, P_NEIGH);
	assert_string_equal(q->req.host, "192.0.2.33");
	assert_string_equal(q->source, "neighbour table");
	q = find(p, n, P_JRNL); /* its arp entry is incomplete (flags 0x0) */
	assert_string_equal(q->req.host, "192.0.2.44");
	assert_string_equal(q->source, "its last fetch in the journal");
	q = find(p, n, P_NONE); /* a refused request is no fetch by it */
	assert_int_equal(q->state, PP_NOTIFY_SKIPPED);
	assert_true(q->failure);
	assert_non_null(strstr(q->why, "no known address"));
	q = find(p, n, P_SCCP);
	assert_int_equal(q->state, PP_NOTIFY_SKIPPED);
	assert_false(q->failure); /* --all: skipped, not a failure */
	assert_non_null(strstr(q->why, "SCCP"));
	q = find(p, n, P_XML);
	assert_int_equal(q->state, PP_NOTIFY_SKIPPED); /* its leases are no phone's address */
	q = find(p, n, P_OUT);
	assert_int_equal(q->state, PP_NOTIFY_SKIPPED);
	assert_true(q->failure);
	assert_non_null(
	    strstr(q->why, "198.51.100.77 (dhcp-script bindings) is outside security.allow"));
	free(p);
	pp_store_free(st);
}

static void test_plan_macs(void **state)
{
	pp_store *st = plan_store();
	pp_notify_phone *p;
	size_t n;
	const char *macs[] = {"00:1b:d4:00:00:01", "001bd4000001", "02:00:00:00:00:99",
	                      "001B.D400.0006", "bogus"};
	(void)state;
	assert_int_equal(pp_notify_plan(st, PP_NOTIFY_MACS, macs, 5, 1, &where, &p, &n, NULL),
	                 PP_OK);
	assert_int_equal(n, 4); /* named twice: once */
	assert_int_equal(find(p, n, P_BIND)->state, PP_NOTIFY_PENDING);
	const pp_notify_phone *q = find(p, n, "020000000099");
	assert_int_equal(q->state, PP_NOTIFY_SKIPPED);
	assert_true(q->failure);
	assert_string_equal(q->why, "not in the store");
	q = find(p, n, P_SCCP);
	assert_true(q->failure); /* named: that it cannot be reached counts */
	assert_string_equal(p[3].why, "not a MAC address");
	free(p);
	pp_store_free(st);
}

/* A served line for name with the digest of what the store renders now (or of other bytes). */
static void served_line(FILE *f, const pp_store *st, const pp_digest_key *k, const char *mac,
                        const char *name, int stale)
{
	pp_client c = {NULL, mac};
	char *data, d[PP_DIGEST_LEN + 1];
	size_t len;
	assert_int_equal(pp_render(st, name, &c, &data, &len, NULL), PP_OK);
	pp_digest_keyed(k, data, stale ? len - 1 : len, d);
	pp_free(data);
	fprintf(f,
	        "2025-11-26T15:00:00Z event=fetch ip=192.0.2.50 mac=%s name=%s bytes=%zu "
	        "decision=served digest=%s\n",
	        mac, name, len, d);
}

static void test_plan_changed(void **state)
{
	pp_store *st = plan_store();
	pp_digest_key k;
	char path[4096];
	pp_notify_phone *p;
	size_t n;
	pp_error err;
	(void)state;
	snprintf(path, sizeof(path), "%s/shim.key", dir);
	assert_int_equal(pp_digest_key_load(path, 1, &k), 0);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	snprintf(path, sizeof(path), "%s/shim.journal", dir);
	FILE *f = fopen(path, "w");
	served_line(f, st, &k, P_BIND, "SIP" P_BIND ".cnf", 0); /* unchanged */
	served_line(f, st, &k, P_BIND, "SIPDefault.cnf", 0);
	served_line(f, st, &k, P_LEASE, "SIP" P_LEASE ".cnf", 0);
	served_line(f, st, &k, P_LEASE, "sipdefault.cnf", 1);     /* a shared file changed */
	served_line(f, st, &k, P_NEIGH, "SIP" P_NEIGH ".cnf", 1); /* its own file changed */
	served_line(f, st, &k, P_NEIGH, "syncinfo.xml", 1);       /* never counts */
	fclose(f);
	assert_int_equal(pp_notify_plan(st, PP_NOTIFY_CHANGED, NULL, 0, 0, &where, &p, &n, &err),
	                 PP_OK);
	assert_int_equal(find(p, n, P_BIND)->state, PP_NOTIFY_UNCHANGED);
	assert_int_equal(find(p, n, P_LEASE)->state, PP_NOTIFY_PENDING);
	assert_string_equal(find(p, n, P_LEASE)->changed, "sipdefault.cnf");
	assert_int_equal(find(p, n, P_NEIGH)->state, PP_NOTIFY_PENDING);
	assert_string_equal(find(p, n, P_NEIGH)->changed, "SIP" P_NEIGH ".cnf");
	const pp_notify_phone *q = find(p, n, P_JRNL); /* served, but before digests */
	assert_int_equal(q->state, PP_NOTIFY_SKIPPED);
	assert_false(q->failure);
	assert_non_null(strstr(q->why, "no record"));
	free(p);

	/* A key anyone may read is no key: --changed says which file and why. */
	snprintf(path, sizeof(path), "%s/shim.key", dir);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(pp_notify_plan(st, PP_NOTIFY_CHANGED, NULL, 0, 0, &where, &p, &n, &err),
	                 PP_EIO);
	assert_non_null(strstr(err.message, "shim.key"));
	assert_int_equal(pp_digest_key_load(path, 1, &k), -1);
	assert_int_equal(chmod(path, 0600), 0);
	pp_store_free(st);
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_check_sync_format), cmocka_unit_test(test_service_control_format),
	    cmocka_unit_test(test_response_parse),    cmocka_unit_test(test_plan_all),
	    cmocka_unit_test(test_plan_macs),         cmocka_unit_test(test_plan_changed),
	};
	(void)argc;
	th_init(argv[0]);
	return cmocka_run_group_tests_name("notify", tests, setup, teardown);
}
