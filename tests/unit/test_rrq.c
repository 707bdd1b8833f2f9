/* SPDX-License-Identifier: MIT */
/*
 * The shim's pure parts: reading a request (hooks/preload_rrq.c) and the
 * cache of rendered files (hooks/preload_cache.c), fed hostile input.  The
 * shim's objects are not in libphoneprov.a, so the two files are compiled
 * into this test.
 */
#include "../../hooks/preload_rrq.c"
#include "../../hooks/preload_cache.c"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "helpers.h"

struct pp_shim pp_shim;

/* opcode 1, name, NUL, mode, NUL */
static size_t rrq(unsigned char *buf, const char *name, size_t nlen, const char *mode)
{
	buf[0] = 0;
	buf[1] = 1;
	memcpy(buf + 2, name, nlen);
	buf[2 + nlen] = '\0';
	memcpy(buf + 3 + nlen, mode, strlen(mode) + 1);
	return 3 + nlen + strlen(mode) + 1;
}

static void test_parse(void **state)
{
	unsigned char b[2048];
	const char *name = NULL;
	char big[1200];
	(void)state;
	size_t n = rrq(b, "SIP001BD4123456.cnf", 19, "octet");
	assert_int_equal(pp_rrq_parse(b, n, &name), 1);
	assert_string_equal(name, "SIP001BD4123456.cnf");
	assert_int_equal(pp_rrq_parse(b, rrq(b, "a", 1, "NetASCII"), &name), 1);
	assert_int_equal(pp_rrq_parse(b, rrq(b, "a", 1, "MAIL"), &name), 1);
	/* Not requests: another opcode, another mode, an empty name, a DNS query with ID 1. */
	b[1] = 2;
	assert_int_equal(pp_rrq_parse(b, n, &name), 0);
	assert_int_equal(pp_rrq_parse(b, rrq(b, "a", 1, "octets"), &name), 0);
	assert_int_equal(pp_rrq_parse(b, rrq(b, "", 0, "octet"), &name), 0);
	unsigned char dns[] = {0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w', 'w', 'w', 0, 0, 1, 0, 1};
	assert_int_equal(pp_rrq_parse(dns, sizeof dns, &name), 0);
	/* Truncated: no NUL after the mode, too short, none at all. */
	n = rrq(b, "abc", 3, "octet");
	assert_int_equal(pp_rrq_parse(b, n - 1, &name), 0);
	assert_int_equal(pp_rrq_parse(b, 3, &name), 0);
	assert_int_equal(pp_rrq_parse(NULL, 0, &name), 0);
	/* 511 bytes are kept; 512 and a name that fills the peek are "too long". */
	memset(big, 'x', sizeof big);
	assert_int_equal(pp_rrq_parse(b, rrq(b, big, 511, "octet"), &name), 1);
	assert_int_equal(strlen(name), 511);
	assert_int_equal(pp_rrq_parse(b, rrq(b, big, 512, "octet"), &name), -1);
	b[0] = 0;
	b[1] = 1;
	memset(b + 2, 'x', PP_RRQ_PEEK - 2);
	assert_int_equal(pp_rrq_parse(b, PP_RRQ_PEEK, &name), -1);
	assert_int_equal(pp_rrq_parse(b, 100, &name), 0); /* short and unended: not one */
}

static void test_dotdot_and_base(void **state)
{
	(void)state;
	assert_true(pp_rrq_has_dotdot(".."));
	assert_true(pp_rrq_has_dotdot("../SIP001BD4123456.cnf"));
	assert_true(pp_rrq_has_dotdot("a/../b"));
	assert_true(pp_rrq_has_dotdot("a//..//b"));
	assert_true(pp_rrq_has_dotdot("x/.."));
	assert_false(pp_rrq_has_dotdot(""));
	assert_false(pp_rrq_has_dotdot("..."));
	assert_false(pp_rrq_has_dotdot("a/..b/c"));
	assert_false(pp_rrq_has_dotdot("a/b../c"));
	assert_string_equal(pp_rrq_base("a/b/SIP.cnf"), "SIP.cnf");
	assert_string_equal(pp_rrq_base("SIP.cnf"), "SIP.cnf");
	assert_string_equal(pp_rrq_base("a/"), "");
	assert_string_equal(pp_rrq_base("\\SIP.cnf"), "\\SIP.cnf"); /* the open decides */
}

static void test_client(void **state)
{
	struct sockaddr_in s4 = {.sin_family = AF_INET};
	struct sockaddr_in6 s6 = {.sin6_family = AF_INET6};
	char out[64];
	(void)state;
	inet_pton(AF_INET, "192.0.2.10", &s4.sin_addr);
	pp_rrq_client(-1, (struct sockaddr *)&s4, sizeof s4, out, sizeof out);
	assert_string_equal(out, "192.0.2.10");
	pp_rrq_client(-1, (struct sockaddr *)&s4, sizeof s4 - 1, out, sizeof out);
	assert_string_equal(out, ""); /* too short to be one */
	inet_pton(AF_INET6, "::ffff:192.0.2.11", &s6.sin6_addr);
	pp_rrq_client(-1, (struct sockaddr *)&s6, sizeof s6, out, sizeof out);
	assert_string_equal(out, "192.0.2.11");
	inet_pton(AF_INET6, "fe80::21b:d4ff:fe12:3456", &s6.sin6_addr);
	s6.sin6_scope_id = 3;
	pp_rrq_client(-1, (struct sockaddr *)&s6, sizeof s6, out, sizeof out);
	assert_string_equal(out, "fe80::21b:d4ff:fe12:3456%3");
	inet_pton(AF_INET6, "2001:db8::10", &s6.sin6_addr);
	pp_rrq_client(-1, (struct sockaddr *)&s6, sizeof s6, out, sizeof out);
	assert_string_equal(out, "2001:db8::10"); /* a zone only where it means a link */
	pp_rrq_client(-1, NULL, 0, out, sizeof out);
	assert_string_equal(out, ""); /* no address, and -1 is no connected socket */
}

static void test_words(void **state)
{
	char out[32], small[16];
	(void)state;
	pp_rrq_words("a \"quoted\"\\\n\x1b[2J", out, sizeof out);
	assert_string_equal(out, "a ?quoted????[2J");
	pp_rrq_words("0123456789abcdefXYZ", small, sizeof small);
	assert_string_equal(small, "0123456789abcde");
	pp_rrq_words("x", out, 0); /* no room at all: nothing written */
}

/* The cache keeps the most recently used; the least recently used goes. */
static void test_cache_lru(void **state)
{
	pp_name pn = {.kind = PP_KIND_SEP_MAC};
	(void)state;
	pp_shim.share_memfd = 0;
	for (int i = 0; i < PP_CACHE_SLOTS; i++) {
		snprintf(pn.mac, sizeof pn.mac, "001BD4%06d", i);
		pp_cache_put(&pn, strdup("x"), 1);
	}
	snprintf(pn.mac, sizeof pn.mac, "001BD4%06d", 0);
	int first = pp_cache_find(&pn); /* used now: the newest */
	assert_true(first >= 0);
	snprintf(pn.mac, sizeof pn.mac, "001BD4%06d", 999);
	int slot = pp_cache_put(&pn, strdup("new"), 3);
	assert_int_equal(pp_cache_find(&pn), slot);
	snprintf(pn.mac, sizeof pn.mac, "001BD4%06d", 1); /* the oldest: gone */
	assert_int_equal(pp_cache_find(&pn), -1);
	snprintf(pn.mac, sizeof pn.mac, "001BD4%06d", 0);
	assert_int_equal(pp_cache_find(&pn), first);
	/* Its memfd holds the bytes, sealed, at offset 0. */
	int fd = pp_cache_fd(slot, 1);
	char buf[8] = "";
	assert_true(fd >= 0);
	assert_int_equal(read(fd, buf, sizeof buf), 3);
	assert_memory_equal(buf, "new", 3);
	assert_true(write(fd, "x", 1) < 0);
	close(fd);
	pp_cache_clear();
	assert_int_equal(pp_cache_find(&pn), -1);
}

int main(int argc, char **argv)
{
	(void)argc;
	th_init(argv[0]);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),     cmocka_unit_test(test_dotdot_and_base),
	    cmocka_unit_test(test_client),    cmocka_unit_test(test_words),
	    cmocka_unit_test(test_cache_lru),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
