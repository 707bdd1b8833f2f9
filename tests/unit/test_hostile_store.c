/* SPDX-License-Identifier: MIT */
/*
 * Hostile stores: deep nesting, huge strings, 100k phones, many duplicate
 * MACs, include loops, a file truncated mid-write, binary garbage, @include
 * of folders and FIFOs however it is spelled.  Each gets a clear error or
 * works; nothing crashes or hangs, neither a load nor the hook's peek.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libconfig.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "journal.h"
#include "phoneprov.h"

/*
 * A test that would block forever (libconfig opening a FIFO) fails instead:
 * SIGALRM kills the test program, which counts as a failure.
 */
#define WATCHDOG 60

/* A growable string for building big stores. */
typedef struct buf {
	char *s;
	size_t n, cap;
} buf;

static void add(buf *b, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int w = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->cap - b->n : 0, fmt, ap);
		va_end(ap);
		assert_true(w >= 0);
		if (b->s && (size_t)w < b->cap - b->n) {
			b->n += (size_t)w;
			return;
		}
		b->cap = (b->cap + (size_t)w + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
}

/*
 * A known setting, proxy.port, whose value is nested depth deep, one level
 * per line (so that the store's line limit is not what refuses it):
 *   port = ( ( ... 5060 ... ) );
 * want: PP_OK (depth 0, a plain value), PP_EINVALID (libconfig parses it,
 * and the loader says, at port's line, that it must be a single value) or
 * PP_ESYNTAX (libconfig's parser gives up: its stack holds some 5,000
 * nested lists or 2,000 nested groups), at line at least min_line.
 */
static void nest(size_t depth, const char *open, const char *close, int want, int min_line)
{
	buf b = {0};
	th_result r;
	add(&b, "version = 1;\ndefaults = { proxy = { address = \"192.0.2.10\";\n  port = ");
	for (size_t i = 0; i < depth; i++)
		add(&b, "%s\n", open);
	add(&b, "5060");
	for (size_t i = 0; i < depth; i++)
		add(&b, "%s", close);
	add(&b, "; }; };\n");
	th_load_text(&r, b.s);
	th_expect_rc(&r, want);
	if (want == PP_EINVALID)
		th_expect(&r.diags, PP_ERROR, r.path, 3,
		          "defaults.proxy.port must be a single value");
	if (want != PP_OK)
		assert_true(r.err.line >= min_line);
	th_result_free(&r);
	free(b.s);
}

static void test_deep_nesting(void **state)
{
	(void)state;
	nest(0, "(", " )", PP_OK, 0);
	nest(1, "(", " )", PP_EINVALID, 3);
	nest(1000, "(", " )", PP_EINVALID, 3);
	nest(1, "{ a =", "; }", PP_EINVALID, 3);
	nest(1000, "{ a =", "; }", PP_EINVALID, 3);
	/* Beyond what libconfig's parser can hold: a syntax error deep inside, no crash. */
	nest(20000, "(", " )", PP_ESYNTAX, 1000);
	nest(20000, "{ a =", "; }", PP_ESYNTAX, 1000);
	/* An array holds scalars only: the second "[" is the error. */
	nest(1, "[", " ]", PP_EINVALID, 3);
	nest(20000, "[", " ]", PP_ESYNTAX, 4);
}

static void test_deep_nesting_in_settings(void **state)
{
	buf b = {0};
	th_result r;
	(void)state;
	add(&b, "defaults = { cnf = { x = ");
	for (int i = 0; i < 5000; i++)
		add(&b, "{ y = ");
	add(&b, "1");
	for (int i = 0; i < 5000; i++)
		add(&b, "; }");
	add(&b, "; }; };\n");
	th_load_text(&r, b.s);
	assert_int_not_equal(r.rc, PP_OK);
	th_result_free(&r);
	free(b.s);
}

static void test_huge_strings(void **state)
{
	size_t big = 8 * 1024 * 1024;
	char *s = malloc(big + 1);
	buf b = {0};
	th_result r;
	(void)state;
	assert_non_null(s);
	memset(s, 'a', big);
	s[big] = '\0';

	/* Refused before libconfig sees it: its scanner is quadratic in a string's length. */
	add(&b, "phones = ( { mac = \"001bd4123456\"; model = \"7940\";\n  label = \"%s\"; } );\n",
	    s);
	th_load_text(&r, b.s);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 2, "a store line may be at most 65536");
	th_result_free(&r);

	/* Just under the line limit: libconfig parses it, the field limit refuses it. */
	s[60000] = '\0';
	b.n = 0;
	add(&b, "phones = ( { mac = \"001bd4123456\"; model = \"7940\";\n  label = \"%s\"; } );\n",
	    s);
	th_load_text(&r, b.s);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 2, "60000 characters long; at most 64 fit");
	th_result_free(&r);

	b.n = 0;
	add(&b, "defaults = { cnf = { logo_url = \"%s\"; }; };\n", s);
	th_load_text(&r, b.s);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 1, "at most 255 fit");
	th_result_free(&r);

	/*
	 * A string may span lines, and the scanner is as slow on it (4 MiB of
	 * 60-byte lines took 7 s in libconfig 1.5, 8 MiB 55 s): the string's
	 * length is what is limited, reported at the line it starts on.
	 */
	b.n = 0;
	add(&b, "version = 1;\nphones = ( { mac = \"001bd4123456\"; model = \"7940\";\n"
	        "  label = \"");
	for (int i = 0; i < 16384; i++)
		add(&b, "%.60s\n", s);
	add(&b, "\"; } );\n");
	th_load_text(&r, b.s);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 3, "a string may be at most 65536 bytes");
	th_result_free(&r);

	/* A long key: unknown, and no "did you mean" search over it. */
	b.n = 0;
	s[50000] = '\0';
	add(&b, "defaults = { %s = 1; };\n", s);
	th_load_text(&r, b.s);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 1, "unknown key");
	th_result_free(&r);
	free(b.s);
	free(s);
}

static void test_100k_phones(void **state)
{
	buf b = {0};
	th_result r;
	pp_phone_info info;
	(void)state;
	add(&b, "security = { mac_binding = \"off\"; };\n"
	        "defaults = { proxy = { address = \"192.0.2.1\"; }; };\nphones = (\n");
	for (unsigned i = 0; i < 100000; i++)
		add(&b,
		    "%s{ mac = \"02:00:00:%02X:%02X:%02X\"; model = \"%s\"; lines = ( { name = "
		    "\"%u\"; password = \"p%u\"; } ); }\n",
		    i ? "," : "", i >> 16, (i >> 8) & 0xff, i & 0xff, i % 2 ? "7940" : "7961", i,
		    i);
	add(&b, ");\n");
	th_load_text(&r, b.s);
	th_expect_rc(&r, PP_OK);
	assert_int_equal(pp_store_phone_count(r.st), 100000);
	assert_int_equal(pp_store_find(r.st, "02:00:00:01:86:9F", &info), PP_OK); /* 99999 */
	assert_string_equal(info.model, "7940");
	assert_int_equal(pp_store_find(r.st, "02:00:00:01:86:A0", &info), PP_ENOTFOUND);

	char *data;
	size_t len;
	assert_int_equal(pp_render(r.st, "SEP02000000C350.cnf.xml", NULL, &data, &len, NULL),
	                 PP_OK); /* 50000, a 7961 */
	assert_non_null(strstr(data, "<authPassword>p50000</authPassword>"));
	pp_free(data);
	th_result_free(&r);
	free(b.s);
}

static void test_many_duplicates(void **state)
{
	buf b = {0};
	th_result r;
	(void)state;
	add(&b, "phones = (\n");
	for (int i = 0; i < 2000; i++)
		add(&b, "%s{ mac = \"00:1b:d4:12:34:56\"; model = \"7940\"; }\n", i ? "," : "");
	add(&b, ");\n");
	th_load_text(&r, b.s);
	th_expect_rc(&r, PP_EINVALID);
	assert_int_equal(th_count(&r.diags, PP_ERROR), 1999);
	th_expect(&r.diags, PP_ERROR, r.path, 2001, "duplicate MAC 001BD4123456 (also at");
	th_result_free(&r);
	free(b.s);
}

static void test_include_loops(void **state)
{
	char *dir = th_tmpdir();
	th_result r;
	(void)state;

	char *self = th_write(dir, "self.conf", "version = 1;\n@include \"self.conf\"\n");
	th_load_file(&r, self);
	assert_int_not_equal(r.rc, PP_OK);
	assert_true(r.err.message[0] != '\0');
	th_result_free(&r);

	free(th_write(dir, "b.conf", "@include \"a.conf\"\n"));
	char *a = th_write(dir, "a.conf", "version = 1;\n@include \"b.conf\"\n");
	th_load_file(&r, a);
	assert_int_not_equal(r.rc, PP_OK);
	th_result_free(&r);
	free(self);
	free(a);
	free(dir);
}

/* libconfig 1.5 exit()s on an @include of a folder: refused before it parses. */
static void test_include_not_a_file(void **state)
{
	char *dir = th_tmpdir(), sub[4096], fifo[4096];
	th_result r;
	(void)state;
	snprintf(sub, sizeof(sub), "%s/adir", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	char *a = th_write(dir, "a.conf", "version = 1;\n@include \"adir\"\n");
	th_load_file(&r, a);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, a, 2, "@include \"adir\" is not a regular file");
	th_result_free(&r);

	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0644), 0);
	char *b = th_write(dir, "b.conf", "version = 1;\n\n@include \"fifo\"\n");
	th_load_file(&r, b); /* would block forever in libconfig */
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, b, 3, "is not a regular file");
	th_result_free(&r);
	free(a);
	free(b);
	free(dir);
}

static void test_truncated_mid_write(void **state)
{
	char *example = th_data("../../contrib/phoneprov.conf.example");
	FILE *f = fopen(example, "r");
	char text[16384];
	size_t n;
	int ok = 0, failed = 0;
	(void)state;
	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	assert_true(n > 1000);
	/* Every cut: an error with a line, or a store that validates. */
	for (size_t cut = 0; cut < n; cut += 7) {
		char saved = text[cut];
		th_result r;
		text[cut] = '\0';
		th_load_text(&r, text);
		if (r.rc == PP_OK) {
			ok++;
		} else {
			failed++;
			assert_true(r.rc == PP_ESYNTAX || r.rc == PP_EINVALID);
			assert_true(r.err.message[0] != '\0');
		}
		th_result_free(&r);
		text[cut] = saved;
	}
	assert_true(failed > 0);
	assert_true(ok > 0); /* cuts between whole settings still load */
	free(example);
}

static void test_binary_garbage(void **state)
{
	char text[4096];
	unsigned long long x = 0x9E3779B97F4A7C15ULL;
	(void)state;
	for (int round = 0; round < 200; round++) {
		size_t n = 1 + (size_t)(x % (sizeof(text) - 1));
		for (size_t i = 0; i < n; i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			text[i] =
			    (char)(1 + (x >> 56) % 255); /* no NUL: th_load_text takes a C string */
		}
		text[n] = '\0';
		th_result r;
		th_load_text(&r, text);
		assert_int_not_equal(r.rc, PP_ENOMEM);
		th_result_free(&r);
	}
}

/* What libconfig itself (its own include resolver) makes of @include "name": its state_dir. */
static const char *libconfig_reads(const char *dir, const char *name, char *buf, size_t len)
{
	config_t c;
	const char *v = NULL;
	char text[8192];

	config_init(&c);
	config_set_include_dir(&c, dir);
	snprintf(text, sizeof(text), "@include \"%s\"\n", name);
	if (config_read_string(&c, text) && config_lookup_string(&c, "state_dir", &v))
		snprintf(buf, len, "%s", v);
	else
		snprintf(buf, len, "(nothing: %s)", config_error_text(&c));
	config_destroy(&c);
	return buf;
}

static void peek(const char *store, char *sd, char *leases)
{
	pp_store_peek(store, sd, 4096, leases, 4096);
}

/*
 * Issue 14, finding 9: an absolute @include "/x".  libconfig 1.5 joins it to
 * the include folder and reads <storedir>//x; 1.7 reads /x.  The folder and
 * FIFO guard must check the file that is read, whichever that is, or a
 * folder there makes libconfig exit() (a server's reload killed) and a FIFO
 * blocks it.  Which file is read is asked of libconfig itself.
 */
static void test_include_absolute_as_libconfig_reads_it(void **state)
{
	char *dir = th_tmpdir(), *elsewhere = th_tmpdir();
	char *as_written = th_write(elsewhere, "inc.conf", "state_dir = \"/srv/as-written\";\n");
	char *joined = th_write(dir, as_written, "state_dir = \"/srv/joined\";\n");
	char text[8192], got[4096], sd[4096], leases[4096];
	th_result r;
	(void)state;
	alarm(WATCHDOG);

	snprintf(text, sizeof(text), "version = 1;\n@include \"%s\"\n", as_written);
	char *store = th_write(dir, "store.conf", text);
	libconfig_reads(dir, as_written, got, sizeof(got));
	int joins = strcmp(got, "/srv/joined") == 0;
	if (!joins && strcmp(got, "/srv/as-written") != 0)
		fail_msg("libconfig read neither file: %s", got);
	const char *read = joins ? joined : as_written;
	const char *unread = joins ? as_written : joined;
	print_message("  this libconfig reads @include \"/x\" as %s\n",
	              joins ? "<storedir>//x (1.5)" : "/x (1.7)");

	th_load_file(&r, store);
	th_expect_rc(&r, PP_OK);
	assert_string_equal(pp_store_state_dir(r.st), got);
	assert_int_equal(pp_store_source_count(r.st), 2);
	assert_string_equal(pp_store_source(r.st, 1), read);
	if (joins) /* not what anyone means: said, with the file it reads */
		th_expect(&r.diags, PP_WARNING, store, 2, joined);
	th_result_free(&r);

	/* the file libconfig reads is a folder: refused, the process lives on */
	assert_int_equal(unlink(read), 0);
	assert_int_equal(mkdir(read, 0755), 0);
	th_load_file(&r, store);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, store, 2, "is not a regular file");
	th_result_free(&r);
	peek(store, sd, leases); /* the root hook, on every dnsmasq event */
	assert_string_equal(sd, "/var/lib/phoneprov");

	/* a FIFO: refused, nothing blocks */
	assert_int_equal(rmdir(read), 0);
	assert_int_equal(mkfifo(read, 0644), 0);
	th_load_file(&r, store);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, store, 2, "is not a regular file");
	th_result_free(&r);
	peek(store, sd, leases);
	assert_string_equal(sd, "/var/lib/phoneprov");

	/* the other one a folder is no reason to refuse */
	assert_int_equal(unlink(read), 0);
	FILE *f = fopen(read, "w");
	assert_non_null(f);
	fprintf(f, "state_dir = \"%s\";\n", got);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(unlink(unread), 0);
	assert_int_equal(mkdir(unread, 0755), 0);
	th_load_file(&r, store);
	th_expect_rc(&r, PP_OK);
	assert_string_equal(pp_store_state_dir(r.st), got);
	th_result_free(&r);
	alarm(0);
	free(store);
	free(joined);
	free(as_written);
	free(elsewhere);
	free(dir);
}

/*
 * The guard reads an @include line as libconfig's scanner does: \" and \\ in
 * the name, nothing inside a comment or a string, and a string or comment
 * an included file leaves open goes on in the file that included it.
 */
static void test_include_as_libconfig_scans_it(void **state)
{
	char *dir = th_tmpdir(), sub[4096];
	th_result r;
	(void)state;
	alarm(WATCHDOG);
	snprintf(sub, sizeof(sub), "%s/adir", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(sub, sizeof(sub), "%s/a\"b.conf", dir);
	assert_int_equal(mkdir(sub, 0755), 0);

	/* libconfig opens a"b.conf, a folder */
	char *p = th_write(dir, "quote.conf", "version = 1;\n@include \"a\\\"b.conf\"\n");
	th_load_file(&r, p);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, p, 2, "@include \"a\"b.conf\" is not a regular file");
	th_result_free(&r);
	free(p);

	/* in a comment it is no @include: no error */
	p = th_write(dir, "comment.conf", "version = 1;\n/*\n@include \"adir\"\n*/\n");
	th_load_file(&r, p);
	th_expect_rc(&r, PP_OK);
	assert_int_equal(pp_store_source_count(r.st), 1);
	th_result_free(&r);
	free(p);

	/* open.conf ends inside a string; the store's next line closes it, so the
	   line after that is an @include again */
	free(th_write(dir, "open.conf", "state_dir = \"/srv/x"));
	p = th_write(dir, "carry.conf",
	             "version = 1;\n@include \"open.conf\"\n\";\n@include \"adir\"\n");
	th_load_file(&r, p);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, p, 4, "@include \"adir\" is not a regular file");
	th_result_free(&r);
	free(p);

	/* libconfig drops a lone \ and prints it on standard output */
	p = th_write(dir, "lone.conf", "version = 1;\n@include \"a\\db\"\n");
	th_load_file(&r, p);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, p, 2, "that is not \\\\ or \\\"");
	th_result_free(&r);
	free(p);

	/* a name that goes on on the next line */
	p = th_write(dir, "split.conf", "version = 1;\n@include \"ad\nir\"\n");
	th_load_file(&r, p);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, p, 2, "does not end on its line");
	th_result_free(&r);
	free(p);
	alarm(0);
	free(dir);
}

/* Past 256 files the guard used to stop looking, and the 257th could include a folder. */
static void test_too_many_includes(void **state)
{
	char *dir = th_tmpdir(), sub[4096], name[64];
	buf b = {0};
	th_result r;
	(void)state;
	alarm(WATCHDOG);
	snprintf(sub, sizeof(sub), "%s/adir", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	add(&b, "version = 1;\n");
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "f%d.conf", i);
		free(th_write(dir, name, i == 299 ? "@include \"adir\"\n" : "\n"));
		add(&b, "@include \"%s\"\n", name);
	}
	char *p = th_write(dir, "store.conf", b.s);
	th_load_file(&r, p);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, p, 257, "at most 256 files");
	th_result_free(&r);
	alarm(0);
	free(p);
	free(b.s);
	free(dir);
}

/* The store itself a folder (libconfig would exit()) or a FIFO (it would block). */
static void test_store_not_a_file(void **state)
{
	char *dir = th_tmpdir(), path[4096], sd[4096], leases[4096];
	th_result r;
	(void)state;
	alarm(WATCHDOG);
	snprintf(path, sizeof(path), "%s/store.conf", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	th_load_file(&r, path);
	th_expect_rc(&r, PP_EIO);
	th_expect(&r.diags, PP_ERROR, path, 0, "cannot read the store");
	th_result_free(&r);
	peek(path, sd, leases);
	assert_string_equal(sd, "/var/lib/phoneprov");
	assert_string_equal(leases, "/var/lib/misc/dnsmasq.leases");

	assert_int_equal(rmdir(path), 0);
	assert_int_equal(mkfifo(path, 0600), 0);
	th_load_file(&r, path);
	th_expect_rc(&r, PP_EIO);
	th_expect(&r.diags, PP_ERROR, path, 0, "not a regular file");
	th_result_free(&r);
	peek(path, sd, leases);
	assert_string_equal(sd, "/var/lib/phoneprov");
	alarm(0);
	free(dir);
}

/*
 * pp_store_peek, which the root dhcp hook runs on every dnsmasq event, had
 * no guard: the same checks as a load come before libconfig.  When they
 * refuse, state_dir comes from its own line and leases is the default,
 * which shows libconfig never ran.
 */
static void test_peek_guarded(void **state)
{
	static const char head[] = "state_dir = \"/srv/peek\";\n"
	                           "security = { leases = \"/srv/leases\"; };\n";
	char *dir = th_tmpdir(), sub[4096], sd[4096], leases[4096], text[4096];
	(void)state;
	alarm(WATCHDOG);
	snprintf(sub, sizeof(sub), "%s/adir", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(sub, sizeof(sub), "%s/fifo", dir);
	assert_int_equal(mkfifo(sub, 0644), 0);
	free(th_write(dir, "inc.conf", "version = 1;\n"));

	/* a good store: parsed */
	snprintf(text, sizeof(text), "%s@include \"inc.conf\"\n", head);
	char *p = th_write(dir, "good.conf", text);
	peek(p, sd, leases);
	assert_string_equal(sd, "/srv/peek");
	assert_string_equal(leases, "/srv/leases");
	free(p);

	static const char *const bad[] = {"@include \"adir\"\n", "@include \"fifo\"\n",
	                                  "@include \"a\\qb\"\n"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "%s%s", head, bad[i]);
		p = th_write(dir, "bad.conf", text);
		peek(p, sd, leases);
		assert_string_equal(sd, "/srv/peek");
		assert_string_equal(leases, "/var/lib/misc/dnsmasq.leases");
		free(p);
	}

	/* a string over many lines: refused before the scanner spends seconds on it */
	buf b = {0};
	add(&b, "%sx = \"", head);
	for (int i = 0; i < 16384; i++)
		add(&b, "%s\n", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	add(&b, "\";\n");
	p = th_write(dir, "long.conf", b.s);
	peek(p, sd, leases);
	assert_string_equal(sd, "/srv/peek");
	assert_string_equal(leases, "/var/lib/misc/dnsmasq.leases");
	free(p);
	free(b.s);
	alarm(0);
	free(dir);
}

int main(int argc, char **argv)
{
	(void)argc;
	th_init(argv[0]);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_deep_nesting),
	    cmocka_unit_test(test_deep_nesting_in_settings),
	    cmocka_unit_test(test_huge_strings),
	    cmocka_unit_test(test_100k_phones),
	    cmocka_unit_test(test_many_duplicates),
	    cmocka_unit_test(test_include_loops),
	    cmocka_unit_test(test_include_not_a_file),
	    cmocka_unit_test(test_include_absolute_as_libconfig_reads_it),
	    cmocka_unit_test(test_include_as_libconfig_scans_it),
	    cmocka_unit_test(test_too_many_includes),
	    cmocka_unit_test(test_store_not_a_file),
	    cmocka_unit_test(test_peek_guarded),
	    cmocka_unit_test(test_truncated_mid_write),
	    cmocka_unit_test(test_binary_garbage),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	th_cleanup();
	return rc;
}
