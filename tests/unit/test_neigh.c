/* SPDX-License-Identifier: MIT */
/*
 * The neighbour table as strict MAC binding reads it (lib/neigh.c): which
 * entry states count, the interface a link-local client is judged on,
 * clients behind a router, resolving a client the kernel has no entry for,
 * and the budget that bounds the waiting.
 *
 * Everything happens in network namespaces of the test's own (th_netns):
 * this process's, with v0 (192.0.2.1, 2001:db8::1, fe80::1) and v2
 * (fe80::1) and a route to 198.51.100.0/24 through 192.0.2.254; and a
 * child's, where the peer of v0 (192.0.2.50, 2001:db8::50, fe80::51, MAC
 * 02:00:5E:00:00:02) answers ARP and neighbour solicitations.  Entry states
 * are set with ip(8).  Without namespaces (or ip) every test is skipped.
 */
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/neighbour.h>

#include "helpers.h"
#include "neigh.h"
#include "phoneprov.h"

#define PEER_MAC "02005E000002"

static int have_ns;
static pid_t peer = -1;
static int to_peer = -1;

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	strncat(cmd, " >/dev/null 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	return system(cmd) == 0 ? 0 : -1;
}

#define SH(...) assert_int_equal(sh(__VA_ARGS__), 0)

#define NEED_NS()                                                                                  \
	do {                                                                                       \
		if (!have_ns) {                                                                    \
			print_message("no network namespaces or no ip(8) here: skipped\n");        \
			skip();                                                                    \
		}                                                                                  \
	} while (0)

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Let the wait budget fill up again (PP_NEIGH_BUDGET_MS a second). */
static void refill(void)
{
	struct timespec ts = {1, 100 * 1000 * 1000};
	nanosleep(&ts, NULL);
}

/* The peer: a child in a namespace of its own, holding v0's other end. */
static int start_peer(void)
{
	int down[2], up[2];
	char c = 0;

	if (pipe(down) != 0 || pipe(up) != 0)
		return -1;
	peer = fork();
	if (peer < 0)
		return -1;
	if (peer == 0) {
		close(down[1]);
		close(up[0]);
		c = unshare(CLONE_NEWNET) == 0 ? 'n' : 'x';
		if (write(up[1], &c, 1) != 1 || c != 'n' || read(down[0], &c, 1) != 1)
			_exit(1);
		c = sh("ip link set lo up && ip link set v1 addrgenmode none && "
		       "ip addr add 192.0.2.50/24 dev v1 && "
		       "ip addr add 2001:db8::50/64 dev v1 nodad && "
		       "ip addr add fe80::51/64 dev v1 nodad && ip link set v1 up") == 0
		        ? 'y'
		        : 'x';
		if (write(up[1], &c, 1) != 1)
			_exit(1);
		while (read(down[0], &c, 1) > 0) /* until the test closes its end */
			;
		_exit(0);
	}
	close(down[0]);
	close(up[1]);
	to_peer = down[1];
	if (read(up[0], &c, 1) != 1 || c != 'n' || sh("ip link set v1 netns %d", (int)peer) != 0 ||
	    write(to_peer, "go", 1) != 1 || read(up[0], &c, 1) != 1 || c != 'y') {
		close(up[0]);
		return -1;
	}
	close(up[0]);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	if (!th_netns() || sh("ip link set lo up") != 0)
		return 0;
	if (sh("ip link add v0 address 02:00:5e:00:00:01 type veth peer name v1 address "
	       "02:00:5e:00:00:02") != 0 ||
	    sh("ip link add v2 address 02:00:5e:00:00:03 type veth peer name v3 address "
	       "02:00:5e:00:00:04") != 0 ||
	    sh("for l in v0 v2 v3; do ip link set $l addrgenmode none || exit 1; done") != 0 ||
	    sh("ip addr add 192.0.2.1/24 dev v0 && ip addr add 2001:db8::1/64 dev v0 nodad && "
	       "ip addr add fe80::1/64 dev v0 nodad && ip addr add fe80::1/64 dev v2 nodad") != 0 ||
	    sh("ip link set v0 up && ip link set v2 up && ip link set v3 up") != 0 ||
	    sh("ip route add 198.51.100.0/24 via 192.0.2.254") != 0 || start_peer() != 0) {
		print_message("could not build the test network: skipping\n");
		return 0;
	}
	have_ns = 1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (to_peer >= 0)
		close(to_peer);
	if (peer > 0) {
		int st;
		for (int i = 0; i < 50 && waitpid(peer, &st, WNOHANG) == 0; i++) {
			struct timespec ts = {0, 20 * 1000 * 1000};
			nanosleep(&ts, NULL);
		}
		if (waitpid(peer, &st, WNOHANG) == 0) {
			kill(peer, SIGKILL);
			waitpid(peer, &st, 0);
		}
	}
	return 0;
}

/* ---- which states are the kernel's word ------------------------------------------------- */

static void test_usable_states(void **state)
{
	(void)state;
	/* states with a MAC the kernel sends to */
	assert_true(pp_neigh_usable(NUD_REACHABLE));
	assert_true(pp_neigh_usable(NUD_STALE));
	assert_true(pp_neigh_usable(NUD_DELAY));
	assert_true(pp_neigh_usable(NUD_PROBE));
	assert_true(pp_neigh_usable(NUD_PERMANENT));
	assert_true(pp_neigh_usable(NUD_NOARP));
	/* and those without one */
	assert_false(pp_neigh_usable(NUD_NONE));
	assert_false(pp_neigh_usable(NUD_INCOMPLETE));
	assert_false(pp_neigh_usable(NUD_FAILED));
}

static void test_states_in_the_table(void **state)
{
	static const struct {
		const char *nud;
		int usable;
	} cases[] = {{"permanent", 1},  {"noarp", 1},  {"reachable", 1},
	             {"stale", 1},      {"delay", 1},  {"probe", 1},
	             {"incomplete", 0}, {"failed", 0}, {"none", 0}};
	char ip[32], mac[PP_MAC_LEN + 1], want[PP_MAC_LEN + 1];
	pp_neigh_info info;

	(void)state;
	NEED_NS();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(ip, sizeof(ip), "192.0.2.%zu", 10 + i);
		snprintf(want, sizeof(want), "02005E0001%02zX", 0x10 + i);
		SH("ip neigh replace %s lladdr 02:00:5e:00:01:%02zx dev v0 nud %s", ip, 0x10 + i,
		   cases[i].nud);
		memset(mac, 0, sizeof(mac));
		int r = pp_neigh_mac(ip, mac);
		if (r != (cases[i].usable ? 0 : -1))
			fail_msg("nud %s: pp_neigh_mac gave %d", cases[i].nud, r);
		if (cases[i].usable)
			assert_string_equal(mac, want);
		enum pp_neigh_found f = pp_neigh_resolve(ip, 0, mac, &info);
		assert_int_equal(f, cases[i].usable ? PP_NEIGH_TABLE : PP_NEIGH_NONE);
		if (!cases[i].usable) {
			assert_string_equal(info.why, "no neighbour entry");
			assert_int_equal(info.waited_us, 0);
		}
	}
	/* an IPv4-mapped client is the IPv4 one */
	assert_int_equal(pp_neigh_mac("::ffff:192.0.2.10", mac), 0);
	assert_string_equal(mac, "02005E000110");
	sh("ip neigh flush dev v0");
}

/* ---- the link a link-local client is on ------------------------------------------------ */

static void test_link_local_scope(void **state)
{
	char ip[64], mac[PP_MAC_LEN + 1];
	pp_neigh_info info;

	(void)state;
	NEED_NS();
	/* one address, two hosts: one per link */
	SH("ip neigh replace fe80::99 lladdr 02:00:5e:00:00:aa dev v0 nud permanent");
	SH("ip neigh replace fe80::99 lladdr 02:00:5e:00:00:bb dev v2 nud permanent");
	snprintf(ip, sizeof(ip), "fe80::99%%%u", if_nametoindex("v0"));
	assert_int_equal(pp_neigh_mac(ip, mac), 0);
	assert_string_equal(mac, "02005E0000AA");
	snprintf(ip, sizeof(ip), "fe80::99%%%u", if_nametoindex("v2"));
	assert_int_equal(pp_neigh_mac(ip, mac), 0);
	assert_string_equal(mac, "02005E0000BB");
	assert_int_equal(pp_neigh_mac("fe80::99%v2", mac), 0); /* a zone by name */
	assert_string_equal(mac, "02005E0000BB");
	/* on a link where it has no entry, it is not the other link's host */
	snprintf(ip, sizeof(ip), "fe80::99%%%u", if_nametoindex("v3"));
	assert_int_equal(pp_neigh_mac(ip, mac), -1);
	/* without its link it cannot be judged at all */
	assert_int_equal(pp_neigh_resolve("fe80::99", 50, mac, &info), PP_NEIGH_NONE);
	assert_string_equal(info.why, "a link-local address without its interface");
	assert_int_equal(info.waited_us, 0);
	assert_int_equal(pp_neigh_mac("fe80::99%nosuchlink", mac), -1);
	assert_int_equal(pp_neigh_mac("fe80::99%", mac), -1);
	sh("ip neigh flush dev v0; ip neigh flush dev v2");
}

/* ---- clients whose MAC the reply does not go to --------------------------------------- */

static void test_not_on_a_link(void **state)
{
	char mac[PP_MAC_LEN + 1];
	pp_neigh_info info;

	(void)state;
	NEED_NS();
	/* behind the router: the reply goes to the router, whatever else the table holds */
	SH("ip neigh replace 198.51.100.7 lladdr 00:1b:d4:12:34:56 dev v0 nud permanent");
	assert_int_equal(pp_neigh_resolve("198.51.100.7", 50, mac, &info), PP_NEIGH_NONE);
	assert_string_equal(info.why, "routed through a gateway");
	assert_int_equal(info.waited_us, 0);
	assert_int_equal(pp_neigh_resolve("203.0.113.1", 50, mac, &info), PP_NEIGH_NONE);
	assert_string_equal(info.why, "no route to it");
	static const char *const local[] = {"192.0.2.1", "192.0.2.255", "127.0.0.1", "::1"};
	for (size_t i = 0; i < sizeof(local) / sizeof(local[0]); i++) {
		assert_int_equal(pp_neigh_resolve(local[i], 50, mac, &info), PP_NEIGH_NONE);
		assert_int_equal(info.waited_us, 0);
	}
	static const char *const junk[] = {"", "192.0.2", "fe80::1%", "192.0.2.1%1", "x"};
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		assert_int_equal(pp_neigh_resolve(junk[i], 50, mac, NULL), PP_NEIGH_NONE);
	assert_int_equal(pp_neigh_resolve(NULL, 50, mac, &info), PP_NEIGH_NONE);
	sh("ip neigh flush dev v0");
}

/* ---- resolving ------------------------------------------------------------------------- */

static void expect_resolved(const char *ip)
{
	char mac[PP_MAC_LEN + 1];
	pp_neigh_info info;

	memset(mac, 0, sizeof(mac));
	enum pp_neigh_found f = pp_neigh_resolve(ip, PP_NEIGH_WAIT_MS, mac, &info);
	if (f != PP_NEIGH_RESOLVED)
		fail_msg("%s: %d (%s) after %ld us, not resolved", ip, (int)f,
		         f == PP_NEIGH_NONE ? info.why : "", info.waited_us);
	assert_string_equal(mac, PEER_MAC);
	assert_true(info.waited_us > 0 && info.waited_us < PP_NEIGH_WAIT_MS * 1000);
	print_message("%s resolved in %ld us\n", ip, info.waited_us);
	/* and now the kernel has it */
	assert_int_equal(pp_neigh_resolve(ip, PP_NEIGH_WAIT_MS, mac, &info), PP_NEIGH_TABLE);
	assert_string_equal(mac, PEER_MAC);
}

static void test_resolve(void **state)
{
	char ip[64], mac[PP_MAC_LEN + 1];

	(void)state;
	NEED_NS();
	sh("ip neigh flush dev v0");
	assert_int_equal(pp_neigh_mac("192.0.2.50", mac), -1);
	expect_resolved("192.0.2.50");
	/* a FAILED entry (dnsmasq's ping before an offer leaves one) is tried again */
	SH("ip neigh replace 192.0.2.50 dev v0 nud failed");
	expect_resolved("192.0.2.50");
	sh("ip -6 neigh flush dev v0");
	expect_resolved("2001:db8::50");
	snprintf(ip, sizeof(ip), "fe80::51%%%u", if_nametoindex("v0"));
	expect_resolved(ip);
	sh("ip neigh flush dev v0");
	expect_resolved("::ffff:192.0.2.50");
}

/* strict binding end to end: the MAC resolved decides */
static void test_strict_policy_resolves(void **state)
{
	th_result r;
	char *data = NULL;
	size_t len = 0;
	pp_error err;
	pp_client peer_client = {"192.0.2.50", NULL};

	(void)state;
	NEED_NS();
	th_load_text(&r, "version = 1;\n"
	                 "security = { mac_binding = \"strict\"; };\n"
	                 "defaults = { proxy = { address = \"192.0.2.1\"; }; };\n"
	                 "phones = ( { mac = \"02:00:5e:00:00:02\"; model = \"7940\";\n"
	                 "             lines = ( { name = \"p\"; password = \"pw\"; } ); },\n"
	                 "           { mac = \"00:1b:d4:12:34:56\"; model = \"7940\";\n"
	                 "             lines = ( { name = \"q\"; password = \"pw\"; } ); } );\n");
	th_expect_rc(&r, PP_OK);
	sh("ip neigh flush dev v0");
	memset(&err, 0, sizeof(err));
	assert_int_equal(pp_render(r.st, "SIP02005E000002.cnf", &peer_client, &data, &len, &err),
	                 PP_OK);
	assert_non_null(strstr(err.message, "192.0.2.50 is 02005E000002 (resolved in "));
	pp_free(data);
	data = NULL;
	sh("ip neigh flush dev v0");
	assert_int_equal(pp_render(r.st, "SIP001BD4123456.cnf", &peer_client, &data, &len, &err),
	                 PP_EDENIED);
	assert_non_null(strstr(err.message, "is 02005E000002 (resolved in "));
	assert_non_null(strstr(err.message, "not the phone 001BD4123456"));
	assert_null(data);
	th_result_free(&r);
}

/* Last: these spend the budget. */
static void test_unanswered(void **state)
{
	char mac[PP_MAC_LEN + 1], ip[64];
	pp_neigh_info info;

	(void)state;
	NEED_NS();
	refill();
	long long t0 = now_ms();
	assert_int_equal(pp_neigh_resolve("192.0.2.60", PP_NEIGH_WAIT_MS, mac, &info),
	                 PP_NEIGH_NONE);
	long long took = now_ms() - t0;
	print_message("192.0.2.60: nobody answered; %lld ms in all\n", took);
	assert_string_equal(info.why, "no neighbour entry");
	assert_true(info.waited_us >= (PP_NEIGH_WAIT_MS - 1) * 1000);
	assert_true(took < PP_NEIGH_WAIT_MS + 30);
	refill();
	/* the peer's link-local address, asked for on the wrong link */
	snprintf(ip, sizeof(ip), "fe80::51%%%u", if_nametoindex("v2"));
	assert_int_equal(pp_neigh_resolve(ip, PP_NEIGH_WAIT_MS, mac, &info), PP_NEIGH_NONE);
	assert_true(info.waited_us >= (PP_NEIGH_WAIT_MS - 1) * 1000);
}

static void test_budget(void **state)
{
	char mac[PP_MAC_LEN + 1], ip[32];
	pp_neigh_info info;
	int starved = 0;

	(void)state;
	NEED_NS();
	refill();
	long long t0 = now_ms();
	for (int i = 0; i < 8; i++) {
		snprintf(ip, sizeof(ip), "192.0.2.%d", 61 + i);
		assert_int_equal(pp_neigh_resolve(ip, PP_NEIGH_WAIT_MS, mac, &info), PP_NEIGH_NONE);
		if (info.waited_us < (PP_NEIGH_WAIT_MS - 10) * 1000)
			starved++; /* cut short, or not waited for at all */
	}
	long long took = now_ms() - t0;
	print_message("8 clients that never answer: %lld ms in all, %d cut short\n", took, starved);
	/* 100 ms banked, and about 10 ms more earned meanwhile */
	assert_true(took < PP_NEIGH_BUDGET_MS + 60);
	assert_true(starved >= 5);
	/* the budget comes back */
	refill();
	sh("ip neigh flush dev v0");
	expect_resolved("192.0.2.50");
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_usable_states),    cmocka_unit_test(test_states_in_the_table),
	    cmocka_unit_test(test_link_local_scope), cmocka_unit_test(test_not_on_a_link),
	    cmocka_unit_test(test_resolve),          cmocka_unit_test(test_strict_policy_resolves),
	    cmocka_unit_test(test_unanswered),       cmocka_unit_test(test_budget),
	};

	(void)argc;
	th_init(argv[0]);
	return cmocka_run_group_tests_name("neigh", tests, setup, teardown);
}
