/* SPDX-License-Identifier: MIT */
/*
 * The audit journal: line format round trip, escaping, rotation, parse errors;
 * the reader status uses on journals someone may have planted.
 */
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
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

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
	pp_event a = {.event = "fetch",
	              .ip = "192.0.2.10",
	              .mac = "001BD4123456",
	              .name = "SIP001BD4123456.cnf",
	              .decision = "served",
	              .bytes = 573};
	pp_event b = {.event = "lease",
	              .action = "add",
	              .ip = "192.0.2.99",
	              .mac = "02005E000099",
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

#define APPEND(path, lit) append((path), (lit), sizeof(lit) - 1) /* NULs inside count */

static void append(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "a");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
}

/* Junk of every kind between good lines: each skipped and counted, the good ones read. */
static void test_reader_skips_junk(void **state)
{
	char *dir = th_tmpdir(), path[4096], big[5000];
	pp_journal_reader r;
	pp_event e;
	(void)state;
	snprintf(path, sizeof(path), "%s/x.journal", dir);
	APPEND(path, "2025-11-26T14:00:00Z event=fetch name=one\n");
	memset(big, 'x', sizeof(big)); /* longer than any line a writer writes */
	append(path, big, sizeof(big));
	APPEND(path, "\n2025-11-26T14:00:01Z event=fetch name=two\n");
	APPEND(path, "2025-11-26T14:00:02Z event=fetch na\0me=nul\n");
	APPEND(path, "not a journal line\n");
	APPEND(path, "2025-11-26T14:00:03Z event=fetch name=three\n");
	APPEND(path, "2025-11-26T14:00:04Z event=fe"); /* a write cut short */
	assert_int_equal(pp_journal_open_read(&r, AT_FDCWD, path), 0);
	assert_int_equal(pp_journal_next(&r, &e), 1);
	assert_string_equal(e.name, "one");
	assert_int_equal(pp_journal_next(&r, &e), 1);
	assert_string_equal(e.name, "two");
	assert_int_equal(pp_journal_next(&r, &e), 1);
	assert_string_equal(e.name, "three");
	assert_int_equal(pp_journal_next(&r, &e), 0);
	assert_int_equal(r.bad, 4);
	pp_journal_close_read(&r);
	free(dir);
}

/* Lines of every length, across the reader's buffer refills, all read whole. */
static void test_reader_across_refills(void **state)
{
	char *dir = th_tmpdir(), path[4096], name[PP_JOURNAL_LINE];
	pp_journal_reader r;
	pp_event e;
	int n = 0;
	(void)state;
	snprintf(path, sizeof(path), "%s/x.journal", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 500; i++) {
		int len = 1 + (i * 37) % (PP_JOURNAL_LINE - 64);
		memset(name, 'a' + i % 26, (size_t)len);
		name[len] = '\0';
		fprintf(f, "2025-11-26T14:00:00Z event=fetch name=%s bytes=%d\n", name, i);
	}
	fclose(f);
	assert_int_equal(pp_journal_open_read(&r, AT_FDCWD, path), 0);
	while (pp_journal_next(&r, &e) == 1) {
		assert_int_equal(e.bytes, n);
		assert_int_equal(strlen(e.name), 1 + (n * 37) % (PP_JOURNAL_LINE - 64));
		n++;
	}
	assert_int_equal(n, 500);
	assert_int_equal(r.bad, 0);
	pp_journal_close_read(&r);
	free(dir);
}

/* A journal that grows while it is read: what was there at open, no more. */
static void test_reader_stops_at_size_at_open(void **state)
{
	char *dir = th_tmpdir(), path[4096];
	static const char ln[] = "2025-11-26T14:00:00Z event=fetch name=x\n";
	pp_journal_reader r;
	pp_event e;
	int n = 0;
	(void)state;
	snprintf(path, sizeof(path), "%s/x.journal", dir);
	append(path, ln, sizeof(ln) - 1);
	append(path, ln, sizeof(ln) - 1);
	assert_int_equal(pp_journal_open_read(&r, AT_FDCWD, path), 0);
	for (int i = 0; i < 1000; i++)
		append(path, ln, sizeof(ln) - 1);
	while (pp_journal_next(&r, &e) == 1)
		n++;
	assert_int_equal(n, 2);
	pp_journal_close_read(&r);
	free(dir);
}

/*
 * Bigger than any journal a writer leaves: only its last PP_JOURNAL_MAX_BYTES
 * are read, from the first whole line; a line cut in two there is dropped
 * uncounted, one that starts there is read.
 */
static void test_reader_reads_the_tail_of_a_huge_file(void **state)
{
	char *dir = th_tmpdir(), path[4096];
	static const char ln[] = "2025-11-26T14:00:00Z event=fetch name=x\n";
	const off_t len = (off_t)sizeof(ln) - 1;
	pp_journal_reader r;
	pp_event e;
	(void)state;
	snprintf(path, sizeof(path), "%s/big.journal", dir);
	for (int aligned = 0; aligned < 2; aligned++) {
		int n = 0;
		off_t size = PP_JOURNAL_MAX_BYTES + 4 * PP_JOURNAL_LINE;
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		assert_true(fd >= 0);
		assert_int_equal(ftruncate(fd, size), 0); /* sparse: no disk */
		/* The line at the cut: across it, or starting just at it. */
		off_t at = size - PP_JOURNAL_MAX_BYTES - (aligned ? 0 : 10);
		assert_int_equal(pwrite(fd, "\n", 1, at - 1), 1);
		assert_int_equal(pwrite(fd, ln, (size_t)len, at), len);
		assert_int_equal(pwrite(fd, "\n", 1, size - len - 1), 1);
		assert_int_equal(pwrite(fd, ln, (size_t)len, size - len), len);
		close(fd);
		assert_int_equal(pp_journal_open_read(&r, AT_FDCWD, path), 0);
		assert_true(r.cut == size - PP_JOURNAL_MAX_BYTES);
		while (pp_journal_next(&r, &e) == 1)
			n++;
		assert_int_equal(n, aligned ? 2 : 1);
		pp_journal_close_read(&r);
	}
	free(dir);
}

/* A symlink (to /dev/zero), a FIFO, a device: refused at once, never read. */
static void test_reader_refuses_non_files(void **state)
{
	char *dir = th_tmpdir(), path[4096];
	pp_journal_reader r;
	(void)state;
	alarm(10); /* a FIFO opened for reading waits for a writer: fail, do not hang */
	snprintf(path, sizeof(path), "%s/zz.journal", dir);
	assert_int_equal(symlink("/dev/zero", path), 0);
	assert_int_equal(pp_journal_open_read(&r, AT_FDCWD, path), -1);
	assert_int_equal(errno, ELOOP);
	snprintf(path, sizeof(path), "%s/yy.journal", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(pp_journal_open_read(&r, AT_FDCWD, path), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(pp_journal_open_read(&r, AT_FDCWD, "/dev/zero"), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(pp_journal_open_read(&r, AT_FDCWD, dir), -1);
	assert_int_equal(errno, EINVAL);
	alarm(0);
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
	    cmocka_unit_test(test_reader_skips_junk),
	    cmocka_unit_test(test_reader_across_refills),
	    cmocka_unit_test(test_reader_stops_at_size_at_open),
	    cmocka_unit_test(test_reader_refuses_non_files),
	    cmocka_unit_test(test_reader_reads_the_tail_of_a_huge_file),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	th_cleanup();
	return rc;
}
