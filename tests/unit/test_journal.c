/* The audit journal: line format round trip, escaping, rotation, parse errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "helpers.h"
#include "journal.h"

static void test_round_trip_hostile_values(void **state)
{
	char line[2048];
	pp_event e = {.t = 1764165600,
	              .event = "fetch",
	              .ip = "192.0.2.10",
	              .mac = "001BD4123456",
	              .name = "a name=with %41 spaces\nand a newline\x01",
	              .decision = "served",
	              .bytes = 632};
	pp_event back;
	(void)state;
	int n = pp_event_format(&e, line, sizeof(line));
	assert_true(n > 0);
	assert_null(strchr(line, '\n')); /* one event, one line */
	assert_string_equal(line, "2025-11-26T14:00:00Z event=fetch ip=192.0.2.10 mac=001BD4123456 "
	                          "name=a%20name%3Dwith%20%2541%20spaces%0Aand%20a%20newline%01 "
	                          "bytes=632 decision=served");
	assert_int_equal(pp_event_parse(line, &back), 0);
	assert_int_equal(back.t, e.t);
	assert_string_equal(back.name, e.name);
	assert_string_equal(back.ip, "192.0.2.10");
	assert_int_equal(back.bytes, 632);
	assert_null(back.host);
}

static void test_parse_rejects_garbage(void **state)
{
	pp_event e;
	char a[] = "not a journal line", b[] = "2025-11-26T14:00:00Z noequals",
	     c[] = "2025-11-26T14:00:00Z ip=1.2.3.4", d[] = "";
	(void)state;
	assert_int_equal(pp_event_parse(a, &e), -1);
	assert_int_equal(pp_event_parse(b, &e), -1);
	assert_int_equal(pp_event_parse(c, &e), -1); /* no event= */
	assert_int_equal(pp_event_parse(d, &e), -1);
}

static void test_format_refuses_overflow(void **state)
{
	char big[3000], line[256];
	pp_event e = {.event = "fetch", .name = big, .bytes = -1};
	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(pp_event_format(&e, line, sizeof(line)), -1);
}

/* The number of lines in the file at path; its text in buf. */
static int file_lines(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
	int lines = 0;
	for (char *p = buf; (p = strchr(p, '\n')); p++)
		lines++;
	return lines;
}

static void test_append_and_rotation(void **state)
{
	char *dir = th_tmpdir(), path[4096], rotated[4096], buf[4096];
	pp_journal j;
	pp_event e = {.event = "lease", .action = "add", .ip = "192.0.2.10", .bytes = -1};
	(void)state;
	assert_int_equal(pp_journal_init(&j, dir, "test"), 0);
	assert_int_equal(pp_journal_write(&j, &e), 0);
	assert_int_equal(pp_journal_write(&j, &e), 0);
	snprintf(path, sizeof(path), "%s/test.journal", dir);
	snprintf(rotated, sizeof(rotated), "%s/test.journal.1", dir);
	assert_int_equal(rename(path, rotated), 0);
	/* Still writing to the renamed file until refreshed, as logrotate expects. */
	assert_int_equal(pp_journal_refresh(&j), 0);
	assert_int_equal(pp_journal_write(&j, &e), 0);
	pp_journal_close(&j);

	assert_int_equal(file_lines(rotated, buf, sizeof(buf)), 2);
	file_lines(path, buf, sizeof(buf));
	assert_non_null(strstr(buf, "event=lease action=add ip=192.0.2.10"));
	free(dir);
}

static void test_symlink_refused(void **state)
{
	char *dir = th_tmpdir(), path[4096];
	pp_journal j;
	pp_event e = {.event = "fetch", .bytes = -1};
	(void)state;
	snprintf(path, sizeof(path), "%s/evil.journal", dir);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	assert_int_equal(pp_journal_init(&j, dir, "evil"), 0);
	assert_int_equal(pp_journal_write(&j, &e), -1); /* O_NOFOLLOW */
	free(dir);
}

/*
 * A server closed the journal's number and reused it (dnsmasq sweeps the
 * descriptors it inherits): the journal must not write into the server's
 * file, nor close it, and must reopen its own.
 */
static void test_reused_number_is_not_written(void **state)
{
	char *dir = th_tmpdir(), path[4096], other[4096], buf[4096];
	pp_journal j;
	pp_event e = {.event = "fetch", .name = "SIPDefault.cnf", .bytes = 10};
	(void)state;
	assert_int_equal(pp_journal_init(&j, dir, "test"), 0);
	assert_int_equal(pp_journal_write(&j, &e), 0);
	int mine = j.own.fd;
	snprintf(other, sizeof(other), "%s/servers-lease-file", dir);
	close(mine);
	int theirs = open(other, O_RDWR | O_CREAT, 0600);
	assert_int_equal(theirs, mine); /* the lowest free number: ours, reused */
	assert_int_equal(pp_journal_write(&j, &e), 0);
	assert_int_not_equal(j.own.fd, theirs);
	pp_journal_close(&j);
	/* Still open (not closed by the journal), and empty. */
	struct stat st;
	assert_int_equal(fstat(theirs, &st), 0);
	assert_int_equal(st.st_size, 0);
	close(theirs);
	snprintf(path, sizeof(path), "%s/test.journal", dir);
	assert_int_equal(file_lines(path, buf, sizeof(buf)), 2);
	free(dir);
}

/*
 * A full disk, played with a file size limit: the write lands only part of
 * the line.  The part must be taken back, so that the next event starts a
 * line of its own and no half event is ever read back.
 */
static void test_short_write_leaves_no_half_line(void **state)
{
	char *dir = th_tmpdir(), path[4096], buf[8192];
	pp_journal j;
	pp_event a = {.event = "fetch", .ip = "192.0.2.10", .mac = "001BD4123456",
	              .name = "SIP001BD4123456.cnf", .decision = "served", .bytes = 573};
	pp_event b = {.event = "lease", .action = "add", .ip = "192.0.2.99", .mac = "02005E000099",
	              .bytes = -1};
	struct rlimit old, lim;
	(void)state;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(pp_journal_init(&j, dir, "full"), 0);
	assert_int_equal(pp_journal_write(&j, &b), 0);
	struct stat st;
	assert_int_equal(fstat(j.own.fd, &st), 0);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = (rlim_t)st.st_size + 40; /* room for 40 bytes of the next line */
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	int rc = pp_journal_write(&j, &a);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	assert_int_equal(rc, -1);
	assert_int_equal(pp_journal_write(&j, &b), 0);
	pp_journal_close(&j);

	snprintf(path, sizeof(path), "%s/full.journal", dir);
	assert_int_equal(file_lines(path, buf, sizeof(buf)), 2);
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		pp_event e;
		/* Nothing of the torn event, merged into the line after it. */
		assert_null(strstr(line, "fetch"));
		assert_ptr_equal(strstr(line, "event="), strrchr(line, 'Z') + 2);
		assert_int_equal(pp_event_parse(line, &e), 0);
		assert_string_equal(e.event, "lease");
		assert_string_equal(e.ip, "192.0.2.99");
	}
	free(dir);
}

int main(int argc, char **argv)
{
	(void)argc;
	th_init(argv[0]);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip_hostile_values),
	    cmocka_unit_test(test_parse_rejects_garbage),
	    cmocka_unit_test(test_format_refuses_overflow),
	    cmocka_unit_test(test_append_and_rotation),
	    cmocka_unit_test(test_symlink_refused),
	    cmocka_unit_test(test_reused_number_is_not_written),
	    cmocka_unit_test(test_short_write_leaves_no_half_line),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	th_cleanup();
	return rc;
}
