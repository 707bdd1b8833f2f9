/* SPDX-License-Identifier: MIT */
/*
 * pp_mac_parse: the four notations the store and the command accept, and
 * everything else rejected (so a typo in the store is an error, not a phone
 * that never matches).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "phoneprov.h"

static void expect_mac(const char *text, const char *want)
{
	char out[PP_MAC_LEN + 1];

	memset(out, 'x', sizeof(out));
	int rc = pp_mac_parse(text, out);
	if (rc != PP_OK)
		fail_msg("pp_mac_parse(\"%s\") = %d, expected PP_OK", text, rc);
	assert_string_equal(out, want);
}

static void expect_bad(const char *text)
{
	char out[PP_MAC_LEN + 1];
	int rc = pp_mac_parse(text, out);
	if (rc != PP_EARG)
		fail_msg("pp_mac_parse(\"%s\") = %d, expected PP_EARG", text ? text : "(null)", rc);
}

static void test_colon(void **state)
{
	(void)state;
	expect_mac("00:1b:d4:12:34:56", "001BD4123456");
	expect_mac("00:1B:D4:12:34:56", "001BD4123456");
	expect_mac("aa:bb:cc:dd:ee:ff", "AABBCCDDEEFF");
}

static void test_dash(void **state)
{
	(void)state;
	expect_mac("00-1B-D4-12-34-56", "001BD4123456");
	expect_mac("00-1b-d4-12-34-56", "001BD4123456");
}

static void test_bare(void **state)
{
	(void)state;
	expect_mac("001bd4123456", "001BD4123456");
	expect_mac("001BD4123456", "001BD4123456");
	expect_mac("001Bd4aBcDeF", "001BD4ABCDEF");
	expect_mac("000000000000", "000000000000");
	expect_mac("ffffffffffff", "FFFFFFFFFFFF");
}

static void test_cisco_dots(void **state)
{
	(void)state;
	expect_mac("001B.D412.3456", "001BD4123456");
	expect_mac("001b.d412.3456", "001BD4123456");
}

static void test_all_notations_agree(void **state)
{
	static const char *const forms[] = {"00:1b:d4:ab:cd:ef", "00-1B-D4-AB-CD-EF",
	                                    "001bd4abcdef", "001B.D4AB.CDEF"};
	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		expect_mac(forms[i], "001BD4ABCDEF");
}

static void test_null_and_empty(void **state)
{
	char out[PP_MAC_LEN + 1];

	(void)state;
	expect_bad(NULL);
	expect_bad("");
	assert_int_equal(pp_mac_parse("001bd4123456", NULL), PP_EARG);
	assert_int_equal(pp_mac_parse(NULL, NULL), PP_EARG);
	assert_int_equal(pp_mac_parse(NULL, out), PP_EARG);
}

static void test_wrong_digit_count(void **state)
{
	(void)state;
	expect_bad("001bd412345");   /* 11 */
	expect_bad("001bd41234567"); /* 13 */
	expect_bad("00:1b:d4:12:34:5");
	expect_bad("00:1b:d4:12:34:567");
	expect_bad("00:1b:d4:12:34");
	expect_bad("00:1b:d4:12:34:56:78");
	expect_bad("001B.D412.345");
	expect_bad("001B.D412.34567");
	expect_bad("0:1b:d4:12:34:56");
	expect_bad("00:1b:d4:12:3:456"); /* 17 characters, groups in the wrong place */
	expect_bad("0");
	expect_bad(":");
}

static void test_mixed_separators(void **state)
{
	(void)state;
	expect_bad("00:1b:d4-12:34:56");
	expect_bad("00-1b-d4-12-34:56");
	expect_bad("001B.D412:3456");
	expect_bad("001B-D412-3456"); /* Cisco groups, but dashes */
	expect_bad("00.1b.d4.12.34.56");
	expect_bad("001B.D412.34:6");
	expect_bad("001B.D412..456");
	expect_bad("00::1b:d4:12:3456");
	expect_bad("001b:d4:12:34:56");
	expect_bad("001bd4:123456");
	expect_bad("00_1b_d4_12_34_56");
	expect_bad("00/1b/d4/12/34/56");
}

static void test_spaces(void **state)
{
	(void)state;
	expect_bad(" 001bd4123456");
	expect_bad("001bd4123456 ");
	expect_bad("00 1b d4 12 34 56");
	expect_bad("001bd4 123456");
	expect_bad("\t001bd4123456");
	expect_bad("00: 1b:d4:12:34:56");
}

static void test_non_hex(void **state)
{
	(void)state;
	expect_bad("001bd412345g");
	expect_bad("g01bd4123456");
	expect_bad("00:1b:d4:12:34:5g");
	expect_bad("001G.D412.3456");
	expect_bad("0x1bd4123456");
	expect_bad("+01bd4123456");
	expect_bad("-01bd4123456");
	expect_bad("zzzzzzzzzzzz");
	expect_bad("00:1b:d4:12:34:\x7f"
	           "6");
}

static void test_trailing_newline(void **state)
{
	(void)state;
	expect_bad("001bd4123456\n");
	expect_bad("00:1b:d4:12:34:56\n");
	expect_bad("001B.D412.3456\r\n");
	expect_bad("001bd4123456\r");
}

static void test_unicode(void **state)
{
	(void)state;
	/* fullwidth digits, an accented letter, a non-breaking space */
	expect_bad("00:1b:d4:12:34:\xef\xbc\x95\xef\xbc\x96");
	expect_bad("001bd412345\xef\xbc\x96");
	expect_bad("00:1b:d4:12:34:5\xc3\xa9");
	expect_bad("001bd4123456\xc2\xa0");
	expect_bad("\xc2\xa0"
	           "001bd4123456");
	expect_bad("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5\xf4");
	/* Arabic-Indic digits are not hex digits */
	expect_bad("\xd9\xa0\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4\xd9\xa5");
}

static void test_long_strings(void **state)
{
	size_t n = 1 << 20;
	char *s = malloc(n + 1);

	(void)state;
	assert_non_null(s);
	memset(s, 'a', n);
	s[n] = '\0';
	expect_bad(s);
	/* a valid MAC followed by more text is not a MAC */
	memcpy(s, "001bd4123456", 12);
	expect_bad(s);
	memcpy(s, "00:1b:d4:12:34:56", 17);
	expect_bad(s);
	s[17] = '\0';
	expect_mac(s, "001BD4123456");
	memcpy(s, "001bd4123456:", 14);
	expect_bad(s);
	free(s);
}

static void test_buffer_reuse(void **state)
{
	char out[PP_MAC_LEN + 1];

	(void)state;
	/* one buffer, parsed into again and again, as the policy code does */
	assert_int_equal(pp_mac_parse("001bd4123456", out), PP_OK);
	assert_string_equal(out, "001BD4123456");
	assert_int_equal(pp_mac_parse("001bd412345", out), PP_EARG);
	assert_int_equal(pp_mac_parse("001bd4abcdef", out), PP_OK);
	assert_string_equal(out, "001BD4ABCDEF");
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_colon),
	    cmocka_unit_test(test_dash),
	    cmocka_unit_test(test_bare),
	    cmocka_unit_test(test_cisco_dots),
	    cmocka_unit_test(test_all_notations_agree),
	    cmocka_unit_test(test_null_and_empty),
	    cmocka_unit_test(test_wrong_digit_count),
	    cmocka_unit_test(test_mixed_separators),
	    cmocka_unit_test(test_spaces),
	    cmocka_unit_test(test_non_hex),
	    cmocka_unit_test(test_trailing_newline),
	    cmocka_unit_test(test_unicode),
	    cmocka_unit_test(test_long_strings),
	    cmocka_unit_test(test_buffer_reuse),
	};
	(void)argc;
	th_init(argv[0]);
	return cmocka_run_group_tests_name("mac", tests, NULL, NULL);
}
