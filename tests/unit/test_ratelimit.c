/* SPDX-License-Identifier: MIT */
/* The journal's budget for clients that get nothing from the store, and its cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "helpers.h"
#include "journal.h"
#include "ratelimit.h"

static int take_n(pp_rate *r, const char *key, double now, int n)
{
	unsigned long missed;
	int got = 0;
	for (int i = 0; i < n; i++)
		got += pp_rate_take(r, key, now, &missed);
	return got;
}

static void test_burst_then_rate(void **state)
{
	static pp_rate r;
	unsigned long missed;
	(void)state;
	pp_rate_init(&r, 64, 0.2, 1000, 100);
	assert_int_equal(take_n(&r, "192.0.2.66", 100.0, 1000), 64);
	/* 10 s later: two more, and the first says how many were skipped. */
	assert_int_equal(pp_rate_take(&r, "192.0.2.66", 110.0, &missed), 1);
	assert_int_equal(missed, 1000 - 64);
	assert_int_equal(pp_rate_take(&r, "192.0.2.66", 110.0, &missed), 1);
	assert_int_equal(missed, 0);
	assert_int_equal(pp_rate_take(&r, "192.0.2.66", 110.0, &missed), 0);
	/* Another client has a budget of its own. */
	assert_int_equal(take_n(&r, "192.0.2.67", 110.0, 10), 10);
}

/* A host with many addresses: all together are held to the global budget. */
static void test_many_clients_share_the_global_budget(void **state)
{
	static pp_rate r;
	char ip[64];
	int got = 0;
	(void)state;
	pp_rate_init(&r, 64, 0.2, 256, 2);
	for (int i = 0; i < 40000; i++) {
		unsigned long missed;
		snprintf(ip, sizeof(ip), "198.51.%d.%d", i / 250, i % 250);
		got += pp_rate_take(&r, ip, 500.0 + i / 1000.0, &missed); /* 40 s in all */
	}
	/* 256 at once, then 2 a second for 40 s. */
	assert_true(got <= 256 + 2 * 40 + 1);
	assert_true(got >= 256);
}

/* The journal stops at its cap, with one line that says so. */
static void test_journal_cap(void **state)
{
	char *dir = th_tmpdir(), path[4096];
	pp_journal j;
	pp_event e = {.event = "fetch",
	              .ip = "192.0.2.66",
	              .name = "nothing-here.bin",
	              .decision = "not-found",
	              .bytes = -1};
	struct stat st;
	int written = 0;
	(void)state;
	assert_int_equal(pp_journal_init(&j, dir, "capped"), 0);
	j.max = 8192;
	for (int i = 0; i < 1000; i++)
		written += pp_journal_write(&j, &e) == 0;
	pp_journal_close(&j);
	snprintf(path, sizeof(path), "%s/capped.journal", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size < 8192);
	assert_true(written > 50 && written < 1000);
	FILE *f = fopen(path, "r");
	char line[512], last[512] = "";
	while (fgets(line, sizeof(line), f))
		memcpy(last, line, sizeof(line));
	fclose(f);
	assert_non_null(strstr(last, "event=note detail=journal%20full"));
	free(dir);
}

int main(int argc, char **argv)
{
	(void)argc;
	th_init(argv[0]);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_burst_then_rate),
	    cmocka_unit_test(test_many_clients_share_the_global_budget),
	    cmocka_unit_test(test_journal_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
