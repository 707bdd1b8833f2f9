/* SPDX-License-Identifier: MIT */
/*
 * Line credentials from Asterisk: the pjsip.conf parser (lib/pjsip_parse.c)
 * on every syntax it reads and on hostile files, and a store line's
 * pjsip = "ENDPOINT" filled from a FreePBX-style split configuration
 * (tests/data/pjsip/freepbx), rendered into a phone's file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "phoneprov.h"
#include "pjsip.h"

/* ---- the parser ------------------------------------------------------------ */

typedef struct parsed {
	pp_pjsip db;
	th_diags diags;
	int rc;
	char *dir;
} parsed;

/* Parse dir/pjsip.conf after writing it as text (NULL: already written). */
static void parse_in(parsed *p, char *dir, const char *text)
{
	memset(p, 0, sizeof(*p));
	p->dir = dir;
	if (text)
		free(th_write(dir, "pjsip.conf", text));
	char path[4096];
	snprintf(path, sizeof(path), "%s/pjsip.conf", dir);
	p->db.report = th_collect;
	p->db.ctx = &p->diags;
	p->rc = pp_pjsip_parse(&p->db, path);
}

static void parse_text(parsed *p, const char *text)
{
	parse_in(p, th_tmpdir(), text);
}

static void parsed_free(parsed *p)
{
	pp_pjsip_free(&p->db);
	th_diags_free(&p->diags);
	free(p->dir);
}

static char *file_in(const parsed *p, const char *name)
{
	static char buf[4096];
	snprintf(buf, sizeof(buf), "%s/%s", p->dir, name);
	return buf;
}

/* The value of key in the one section name of type; fails unless there is exactly one. */
static const char *value_of(const parsed *p, const char *name, const char *type, const char *key)
{
	const pp_pjsip_sect *s[2];
	assert_int_equal(pp_pjsip_find(&p->db, name, type, s, 2), 1);
	const pp_pjsip_var *v = pp_pjsip_get(s[0], key);
	return v ? v->val : NULL;
}

static void test_syntax(void **state)
{
	(void)state;
	parsed p;
	parse_text(&p, "; a comment line\n"
	               ";------------------------------------; not a block: 4 dashes\n"
	               "[6001]\n"
	               "type=endpoint\n"
	               "auth = 6001   ; trailing comment\n"
	               "callerid => \"Alice\" <6001>\n"
	               "[6001]\n"
	               "type = auth\n"
	               "password = semi\\;colon\n"
	               "username=6001\n"
	               ";-- a block\n"
	               "[hidden]\n"
	               "  ;-- nested --;\n"
	               "type=endpoint\n"
	               "--;\n"
	               "[6001]\n"
	               "type=aor\n"
	               "max_contacts=1\n"
	               "[base](!)\n"
	               "type=endpoint\n"
	               "context=from-internal\n"
	               "allow=ulaw\n"
	               "[codecs](!)\n"
	               "allow=g722\n"
	               "[6002](base,codecs)\n"
	               "auth=6002\n"
	               "allow += ,alaw\n"
	               "[6001](+)\n"
	               "context = added\n"
	               "mid = before ;-- inline --; \n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.diags.n, 0);
	assert_string_equal(value_of(&p, "6001", "endpoint", "auth"), "6001");
	assert_string_equal(value_of(&p, "6001", "endpoint", "callerid"), "\"Alice\" <6001>");
	assert_string_equal(value_of(&p, "6001", "auth", "password"), "semi;colon");
	assert_string_equal(value_of(&p, "6001", "aor", "max_contacts"), "1");
	/* (+) adds to the first [6001], as Asterisk's ast_category_get finds it */
	assert_string_equal(value_of(&p, "6001", "endpoint", "context"), "added");
	assert_string_equal(value_of(&p, "6001", "endpoint", "mid"), "before");
	/* inherited in order: base's allow, then codecs', then its own += */
	assert_string_equal(value_of(&p, "6002", "endpoint", "context"), "from-internal");
	assert_string_equal(value_of(&p, "6002", "endpoint", "allow"), "g722,alaw");
	/* a template is no endpoint; a section inside a block comment is none at all */
	assert_int_equal(pp_pjsip_find(&p.db, "base", "endpoint", NULL, 0), 0);
	assert_int_equal(pp_pjsip_find(&p.db, "hidden", "endpoint", NULL, 0), 0);
	parsed_free(&p);
}

static void test_callerid(void **state)
{
	(void)state;
	char b[64];
	assert_true(pp_pjsip_callerid_name("\"Alice\" <6001>", b, sizeof(b)));
	assert_string_equal(b, "Alice");
	assert_true(pp_pjsip_callerid_name("Alice Smith <6001>", b, sizeof(b)));
	assert_string_equal(b, "Alice Smith");
	assert_true(pp_pjsip_callerid_name("Lobby", b, sizeof(b)));
	assert_string_equal(b, "Lobby");
	assert_false(pp_pjsip_callerid_name("<6001>", b, sizeof(b)));
	assert_false(pp_pjsip_callerid_name("6001", b, sizeof(b)));
	assert_false(pp_pjsip_callerid_name("\"\" <6001>", b, sizeof(b)));
}

static void test_syntax_errors(void **state)
{
	(void)state;
	parsed p;
	parse_text(&p, "orphan = 1\n"         /* 1 */
	               "[open\n"              /* 2 */
	               "[x](!\n"              /* 3 */
	               "[y]\n"                /* 4 */
	               "no equals sign\n"     /* 5 */
	               " = value\n"           /* 6 */
	               "#frobnicate x\n"      /* 7 */
	               "[z](+)\n"             /* 8 */
	               "#include\n"           /* 9 */
	               "[]\n"                 /* 10 */
	               "[\x1b[2Jx](nope)\n"); /* 11: a terminal escape in a name */
	char f[4096];
	snprintf(f, sizeof(f), "%s", file_in(&p, "pjsip.conf"));
	assert_int_equal(p.rc, -1);
	th_expect(&p.diags, PP_ERROR, f, 1, "comes before any [section]");
	th_expect(&p.diags, PP_ERROR, f, 2, "without its closing ']'");
	th_expect(&p.diags, PP_ERROR, f, 3, "'(' without its closing ')'");
	th_expect(&p.diags, PP_ERROR, f, 5, "neither a [section]");
	th_expect(&p.diags, PP_ERROR, f, 6, "without a name");
	th_expect(&p.diags, PP_ERROR, f, 7, "unknown directive '#frobnicate'");
	th_expect(&p.diags, PP_ERROR, f, 8, "none is defined above it");
	th_expect(&p.diags, PP_ERROR, f, 9, "names no file");
	th_expect(&p.diags, PP_ERROR, f, 10, "no name");
	th_expect(&p.diags, PP_ERROR, f, 11, "section [?[2Jx] inherits from [nope]");
	parsed_free(&p);
}

static void test_template_loop(void **state)
{
	(void)state;
	parsed p;
	/* Asterisk copies a parent's settings when the child is read, so a loop is a
	   parent not defined yet: reported, and never followed. */
	parse_text(&p, "[a](b)\ntype=endpoint\n[b](a)\ntype=endpoint\n[c](c)\nx=1\n");
	char f[4096];
	snprintf(f, sizeof(f), "%s", file_in(&p, "pjsip.conf"));
	assert_int_equal(p.rc, -1);
	th_expect(&p.diags, PP_ERROR, f, 1, "inherits from [b], which is not defined above it");
	th_expect(&p.diags, PP_ERROR, f, 5, "inherits from [c], which is not defined above it");
	assert_null(th_find(&p.diags, PP_ERROR, f, 3, ""));
	parsed_free(&p);
}

static void test_include(void **state)
{
	(void)state;
	parsed p;
	char *dir = th_tmpdir();
	free(th_write(dir, "sub/pjsip.endpoint.conf",
	              "#include \"../pjsip.auth.conf\"\n"
	              "#include more.conf\n"
	              "[6001]\ntype=endpoint\nauth=a\n"));
	free(th_write(dir, "sub/more.conf", "[6002]\ntype=endpoint\n"));
	free(th_write(dir, "pjsip.auth.conf", "[a]\ntype=auth\npassword=x\n"));
	parse_in(&p, dir,
	         "#include sub/pjsip.endpoint.conf\n"
	         "#include <pjsip.auth.conf>\n"
	         "#tryinclude pjsip.nothere.conf\n"
	         "#include pjsip.nothere.conf\n");
	char f[4096];
	snprintf(f, sizeof(f), "%s", file_in(&p, "pjsip.conf"));
	assert_int_equal(p.rc, -1);
	/* relative to the including file's folder, and never through ".." */
	th_expect(&p.diags, PP_ERROR, file_in(&p, "sub/pjsip.endpoint.conf"), 1,
	          "through '.' or '..' is not followed");
	assert_int_equal(pp_pjsip_find(&p.db, "6002", "endpoint", NULL, 0), 1);
	assert_int_equal(pp_pjsip_find(&p.db, "a", "auth", NULL, 0), 1);
	th_expect(&p.diags, PP_ERROR, f, 4, "cannot read");
	th_expect(&p.diags, PP_ERROR, f, 4, "No such file");
	assert_null(th_find(&p.diags, PP_ERROR, f, 3, ""));
	assert_null(th_find(&p.diags, PP_WARNING, f, 3, ""));
	/* the file #tryinclude did not find is still an input: creating it is an edit */
	int listed = 0;
	for (size_t i = 0; i < p.db.nfiles; i++)
		listed |= strcmp(p.db.files[i], file_in(&p, "pjsip.nothere.conf")) == 0;
	assert_true(listed);
	parsed_free(&p);
}

static void test_include_loop(void **state)
{
	(void)state;
	parsed p;
	char *dir = th_tmpdir();
	free(th_write(dir, "a.conf", "#include b.conf\n"));
	free(th_write(dir, "b.conf", "[x]\ntype=aor\n#include a.conf\n"));
	parse_in(&p, dir, "#include a.conf\n");
	assert_int_equal(p.rc, -1);
	char want[8192];
	snprintf(want, sizeof(want),
	         "an #include loop: %s/a.conf includes %s/b.conf includes %s/a.conf", dir, dir,
	         dir);
	th_expect(&p.diags, PP_ERROR, file_in(&p, "b.conf"), 3, want);
	/* a file included twice, not in a loop, is fine */
	parsed q;
	char *dir2 = th_tmpdir();
	free(th_write(dir2, "t.conf", "[t](!)\nallow=ulaw\n"));
	parse_in(&q, dir2, "#include t.conf\n[a]\ntype=aor\n#include t.conf\n");
	assert_int_equal(q.rc, 0);
	parsed_free(&q);
	parsed_free(&p);
}

static void test_include_deep(void **state)
{
	(void)state;
	parsed p;
	char *dir = th_tmpdir();
	for (int i = 0; i < 12; i++) {
		char name[32], text[64];
		snprintf(name, sizeof(name), "d%d.conf", i);
		snprintf(text, sizeof(text), "#include d%d.conf\n", i + 1);
		free(th_write(dir, name, text));
	}
	free(th_write(dir, "d12.conf", "[deep]\ntype=aor\n"));
	parse_in(&p, dir, "#include d0.conf\n");
	assert_int_equal(p.rc, -1);
	th_expect(&p.diags, PP_ERROR, file_in(&p, "d6.conf"), 1, "nested more than 8 deep");
	assert_int_equal(pp_pjsip_find(&p.db, "deep", "aor", NULL, 0), 0);
	parsed_free(&p);
}

static void test_exec_never_runs(void **state)
{
	(void)state;
	parsed p;
	char *dir = th_tmpdir();
	char text[8192];
	snprintf(text, sizeof(text),
	         "[a]\ntype=aor\n#exec /bin/touch %s/ran\n#tryexec \"touch %s/ran\"\n", dir, dir);
	parse_in(&p, dir, text);
	assert_int_equal(p.rc, 0); /* a warning: what it adds is missing, reported later */
	th_expect(&p.diags, PP_WARNING, file_in(&p, "pjsip.conf"), 3, "#exec is never run");
	th_expect(&p.diags, PP_WARNING, file_in(&p, "pjsip.conf"), 4, "#tryexec is never run");
	struct stat sb;
	assert_int_not_equal(stat(file_in(&p, "ran"), &sb), 0);
	parsed_free(&p);
}

static void test_hostile_bytes(void **state)
{
	(void)state;
	/* a 1 MB line, then a good section: reported once, the rest still read */
	size_t big = 1 << 20;
	char *text = malloc(big + 64);
	assert_non_null(text);
	memcpy(text, "[a]\nx=", 6);
	memset(text + 6, 'A', big);
	strcpy(text + 6 + big, "\n[b]\ntype=aor\n");
	parsed p;
	parse_text(&p, text);
	free(text);
	assert_int_equal(p.rc, -1);
	th_expect(&p.diags, PP_ERROR, file_in(&p, "pjsip.conf"), 2, "longer than 8192 bytes");
	assert_int_equal(pp_pjsip_find(&p.db, "b", "aor", NULL, 0), 1);
	assert_int_equal(p.diags.n, 1);
	parsed_free(&p);

	/* binary: a NUL byte stops the file */
	char *dir = th_tmpdir();
	char path[4096];
	snprintf(path, sizeof(path), "%s/pjsip.conf", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite("[a]\ntype=aor\n\x7f"
	       "ELF\x02\x01\x00\x00junk\n[b]\ntype=aor\n",
	       1, 35, f);
	fclose(f);
	parse_in(&p, dir, NULL);
	assert_int_equal(p.rc, -1);
	th_expect(&p.diags, PP_ERROR, path, 3, "a NUL byte");
	assert_int_equal(pp_pjsip_find(&p.db, "b", "aor", NULL, 0), 0);
	parsed_free(&p);
}

static void test_not_files(void **state)
{
	(void)state;
	parsed p;
	char *dir = th_tmpdir();
	char path[4096];
	snprintf(path, sizeof(path), "%s/fifo.conf", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	snprintf(path, sizeof(path), "%s/folder.conf", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	free(th_write(dir, "real.conf", "[r]\ntype=aor\n"));
	snprintf(path, sizeof(path), "%s/real.conf", dir);
	char link[4096];
	snprintf(link, sizeof(link), "%s/link.conf", dir);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(symlink("/etc/passwd", file_in(&(parsed){.dir = dir}, "passwd.conf")), 0);
	parse_in(&p, dir,
	         "#include fifo.conf\n"
	         "#include folder.conf\n"
	         "#include link.conf\n"
	         "#tryinclude passwd.conf\n"
	         "#include /etc/passwd\n"
	         "#include real.conf\n");
	char f[4096];
	snprintf(f, sizeof(f), "%s", file_in(&p, "pjsip.conf"));
	assert_int_equal(p.rc, -1);
	th_expect(&p.diags, PP_ERROR, f, 1, "not a regular file"); /* never blocks */
	th_expect(&p.diags, PP_ERROR, f, 2, "not a regular file");
	th_expect(&p.diags, PP_ERROR, f, 3, "a symlink, which phoneprov does not follow");
	th_expect(&p.diags, PP_WARNING, f, 4, "a symlink");
	th_expect(&p.diags, PP_ERROR, f, 5, "outside");
	assert_int_equal(pp_pjsip_find(&p.db, "r", "aor", NULL, 0), 1);
	assert_int_equal(pp_pjsip_find(&p.db, "root", "x", NULL, 0), 0);
	parsed_free(&p);

	/* the main file missing, or itself a symlink */
	parse_in(&p, th_tmpdir(), NULL);
	th_expect(&p.diags, PP_ERROR, file_in(&p, "pjsip.conf"), 0,
	          "cannot read Asterisk's pjsip configuration: No such file");
	parsed_free(&p);
}

/* Run as nobody, a file it may not read is reported, not skipped. */
static void test_unreadable(void **state)
{
	(void)state;
	char *dir = th_tmpdir();
	free(th_write(dir, "secret.conf", "[s]\ntype=auth\n"));
	free(th_write(dir, "pjsip.conf", "#include secret.conf\n"));
	char path[4096];
	snprintf(path, sizeof(path), "%s/secret.conf", dir);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(chmod(dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/pjsip.conf", dir);
	assert_int_equal(chmod(path, 0644), 0);
	/*
	 * A forked child hangs under qemu-user 7.2 (make cross), as test_neigh's
	 * peer does: the same check runs natively in make check.
	 */
	if (getenv("PP_UNDER_QEMU")) {
		print_message("under qemu-user: skipped (a forked child hangs there)\n");
		free(dir);
		skip();
	}
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(3);
		parsed p;
		parse_in(&p, strdup(dir), NULL);
		_exit(th_find(&p.diags, PP_ERROR, path, 1, "Permission denied") ? 0 : 1);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	free(dir);
}

static void test_too_many_vars(void **state)
{
	(void)state;
	/* each section inherits the last one twice: doubling, stopped at the bound */
	char *text = malloc(64 * 40 + 64);
	assert_non_null(text);
	size_t n = (size_t)sprintf(text, "[t0]\na=1\n");
	for (int i = 1; i < 40; i++)
		n += (size_t)sprintf(text + n, "[t%d](t%d,t%d)\n", i, i - 1, i - 1);
	parsed p;
	parse_text(&p, text);
	free(text);
	assert_int_equal(p.rc, -1);
	assert_true(p.db.nvars <= PP_PJSIP_MAX_VARS);
	assert_non_null(th_find(&p.diags, PP_ERROR, NULL, 2, "more than 200000 settings"));
	parsed_free(&p);
}

/* Every section inheriting, past the bound on sections: each parent found by hash. */
static void test_many_sections(void **state)
{
	(void)state;
	size_t cap = 24 * 100010 + 64;
	char *text = malloc(cap);
	assert_non_null(text);
	size_t n = (size_t)sprintf(text, "[t](!)\ntype=aor\n");
	for (int i = 0; i < 100005; i++)
		n += (size_t)sprintf(text + n, "[s%d](t)\n", i);
	parsed p;
	parse_text(&p, text);
	free(text);
	assert_int_equal(p.rc, -1);
	assert_int_equal(p.db.nsects, PP_PJSIP_MAX_SECTS);
	/* the template and s0 ... s99998 are 100000; s99999, on line 100002, is one more */
	th_expect(&p.diags, PP_ERROR, file_in(&p, "pjsip.conf"), 100002,
	          "more than 100000 sections");
	assert_int_equal(p.diags.n, 1);
	assert_int_equal(pp_pjsip_find(&p.db, "s99998", "aor", NULL, 0), 1);
	assert_int_equal(pp_pjsip_find(&p.db, "s99999", "aor", NULL, 0), 0);
	parsed_free(&p);
}

/* ---- a store line from Asterisk ------------------------------------------------ */

static char *freepbx_store(const char *lines)
{
	static char text[8192];
	char *conf = th_data("pjsip/freepbx/pjsip.conf");
	snprintf(text, sizeof(text),
	         "version = 1;\n"
	         "security = { mac_binding = \"off\"; };\n"
	         "asterisk = { pjsip = \"%s\"; };\n"
	         "defaults = { proxy = { address = \"pbx.example.net\"; }; };\n"
	         "phones = ( { mac = \"00:1b:d4:00:60:01\"; model = \"7940\";\n"
	         "             lines = ( %s ); } );\n",
	         conf, lines);
	free(conf);
	return text;
}

static char *render(const pp_store *st, const char *name)
{
	char *data = NULL;
	size_t len = 0;
	pp_error err;
	int rc = pp_render(st, name, NULL, &data, &len, &err);
	if (rc != PP_OK)
		print_error("render %s: %s\n", name, err.message);
	assert_int_equal(rc, PP_OK);
	return data;
}

/* file is one of the store's sources, which the servers watch */
static int is_source(const pp_store *st, const char *file)
{
	for (size_t i = 0; i < pp_store_source_count(st); i++)
		if (strcmp(pp_store_source(st, i), file) == 0)
			return 1;
	return 0;
}

static void test_freepbx_line(void **state)
{
	(void)state;
	th_result r;
	th_load_text(&r, freepbx_store("{ pjsip = \"6001\"; }, { pjsip = \"6003\"; }"));
	th_expect_rc(&r, PP_OK);
	char *cnf = render(r.st, "SIP001BD4006001.cnf");
	/* 6001's password, from pjsip.auth.conf, which pjsip.conf includes */
	assert_non_null(strstr(cnf, "line1_password: \"a1ice-S3cret\"\n"));
	assert_non_null(strstr(cnf, "line1_name: \"6001\"\n"));
	assert_non_null(strstr(cnf, "line1_authname: \"6001\"\n"));
	assert_non_null(strstr(cnf, "line1_displayname: \"Alice Smith\"\n"));
	/* 6003: a hand-written endpoint from a template, its auth in a _custom file */
	assert_non_null(strstr(cnf, "line2_name: \"6003\"\n"));
	assert_non_null(strstr(cnf, "line2_authname: \"lobby6003\"\n"));
	assert_non_null(strstr(cnf, "line2_password: \"l0bby-pw\"\n"));
	assert_non_null(strstr(cnf, "line2_displayname: \"Lobby\"\n"));
	pp_free(cnf);
	/* every Asterisk file read is a source of the store: the servers watch them */
	char *auth = th_data("pjsip/freepbx/pjsip.auth.conf");
	assert_true(is_source(r.st, auth));
	free(auth);
	th_result_free(&r);
}

static void test_line_wins(void **state)
{
	(void)state;
	th_result r;
	th_load_text(&r,
	             freepbx_store("{ pjsip = \"6002\"; display = \"Robert\"; auth = \"bob\"; }"));
	th_expect_rc(&r, PP_OK);
	char *cnf = render(r.st, "SIP001BD4006001.cnf");
	assert_non_null(strstr(cnf, "line1_displayname: \"Robert\"\n"));
	assert_non_null(strstr(cnf, "line1_authname: \"bob\"\n"));
	assert_non_null(strstr(cnf, "line1_password: \"b0b-p;ss\"\n")); /* \; in pjsip.auth.conf */
	pp_free(cnf);
	th_result_free(&r);
	th_load_text(&r,
	             freepbx_store("{ pjsip = \"6001\"; name = \"alice\"; password = \"own\"; }"));
	th_expect_rc(&r, PP_OK);
	cnf = render(r.st, "SIP001BD4006001.cnf");
	assert_non_null(strstr(cnf, "line1_name: \"alice\"\n"));
	assert_non_null(strstr(cnf, "line1_password: \"own\"\n"));
	pp_free(cnf);
	th_result_free(&r);
}

/* A store whose pjsip.conf is text, in the store's own tmpdir. */
static void load_with(th_result *r, const char *pjsip, const char *lines)
{
	char *dir = th_tmpdir();
	char *conf = th_write(dir, "asterisk/pjsip.conf", pjsip);
	char text[8192];
	snprintf(text, sizeof(text),
	         "version = 1;\n"
	         "security = { mac_binding = \"off\"; };\n"
	         "asterisk = { pjsip = \"%s\"; };\n"
	         "phones = ( { mac = \"00:1b:d4:00:60:01\"; model = \"7940\";\n"
	         "             lines = ( %s ); } );\n",
	         conf, lines);
	char *path = th_write(dir, "store.conf", text);
	th_load_file(r, path);
	free(path);
	free(conf);
	r->dir = dir;
}

static char *in_dir(const th_result *r, const char *name)
{
	static char buf[4096];
	snprintf(buf, sizeof(buf), "%s/%s", r->dir, name);
	return buf;
}

/* No message may carry a password: each one is checked for the secret. */
static void assert_no_secret(const th_result *r, const char *secret)
{
	for (size_t i = 0; i < r->diags.n; i++)
		assert_null(strstr(r->diags.items[i].msg, secret));
	assert_null(strstr(r->err.message, secret));
}

static void test_wizard(void **state)
{
	(void)state;
	th_result r;
	load_with(&r,
	          "[6010]\n"
	          "type = wizard\n"
	          "accepts_auth = yes\n"
	          "accepts_registrations = yes\n"
	          "inbound_auth/username = w6010\n"
	          "inbound_auth/password = wiz-pass\n"
	          "endpoint/callerid = \"Wendy\" <6010>\n"
	          "[6011]\n"
	          "type = wizard\n"
	          "accepts_auth = yes\n"
	          "inbound_auth/password = other\n",
	          "{ pjsip = \"6010\"; }, { pjsip = \"6011\"; }");
	th_expect_rc(&r, PP_OK);
	char *cnf = render(r.st, "SIP001BD4006001.cnf");
	assert_non_null(strstr(cnf, "line1_name: \"6010\"\n"));
	assert_non_null(strstr(cnf, "line1_authname: \"w6010\"\n"));
	assert_non_null(strstr(cnf, "line1_password: \"wiz-pass\"\n"));
	assert_non_null(strstr(cnf, "line1_displayname: \"Wendy\"\n"));
	/* without inbound_auth/username, Asterisk's wizard uses its own name */
	assert_non_null(strstr(cnf, "line2_authname: \"6011\"\n"));
	pp_free(cnf);
	th_result_free(&r);

	load_with(&r, "[6010]\ntype = wizard\ninbound_auth/password = p4ss\n",
	          "{ pjsip = \"6010\"; }");
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, in_dir(&r, "asterisk/pjsip.conf"), 1,
	          "has no accepts_auth = yes");
	assert_no_secret(&r, "p4ss");
	th_result_free(&r);
}

static void test_md5_only(void **state)
{
	(void)state;
	th_result r;
	load_with(&r,
	          "[6001]\ntype=endpoint\nauth=6001-auth\n"
	          "[6001-auth]\ntype=auth\nauth_type=md5\nusername=6001\n"
	          "md5_cred=0123456789abcdef0123456789abcdef\n",
	          "{ pjsip = \"6001\"; }");
	th_expect_rc(&r, PP_EINVALID);
	char where[4200];
	snprintf(where, sizeof(where), "(line 1 at %s:5)", r.path);
	th_expect(&r.diags, PP_ERROR, in_dir(&r, "asterisk/pjsip.conf"), 6,
	          "auth [6001-auth] has no plain password (auth_type = md5");
	th_expect(&r.diags, PP_ERROR, in_dir(&r, "asterisk/pjsip.conf"), 6, where);
	assert_no_secret(&r, "0123456789abcdef");
	th_result_free(&r);

	/* userpass without a password is the same problem */
	load_with(&r, "[6001]\ntype=endpoint\nauth=a\n[a]\ntype=auth\nusername=u\n",
	          "{ pjsip = \"6001\"; }");
	th_expect(&r.diags, PP_ERROR, in_dir(&r, "asterisk/pjsip.conf"), 4, "no plain password");
	th_result_free(&r);
}

static void test_missing_endpoint(void **state)
{
	(void)state;
	th_result r;
	load_with(&r, "[6001]\ntype=aor\n[6002]\ntype=endpoint\n", "{ pjsip = \"6001\"; }");
	th_expect_rc(&r, PP_EINVALID);
	char want[4200];
	snprintf(want, sizeof(want), "line 1's pjsip endpoint '6001' is not in %s",
	         in_dir(&r, "asterisk/pjsip.conf"));
	th_expect(&r.diags, PP_ERROR, r.path, 5, want);
	th_result_free(&r);

	/* an endpoint whose auth is not there */
	load_with(&r, "[6001]\ntype=endpoint\nauth=6001-auth\n", "{ pjsip = \"6001\"; }");
	th_expect(&r.diags, PP_ERROR, in_dir(&r, "asterisk/pjsip.conf"), 3,
	          "uses auth [6001-auth], which no type = auth section defines");
	th_result_free(&r);
}

static void test_defined_twice(void **state)
{
	(void)state;
	th_result r;
	load_with(&r,
	          "[6001]\ntype=endpoint\nauth=a\n"
	          "[a]\ntype=auth\npassword=first-pw\nusername=6001\n"
	          "[6001]\ntype=endpoint\nauth=a\n",
	          "{ pjsip = \"6001\"; }");
	th_expect_rc(&r, PP_EINVALID);
	char want[4200];
	snprintf(want, sizeof(want), "endpoint [6001] is defined twice (also at %s:1)",
	         in_dir(&r, "asterisk/pjsip.conf"));
	th_expect(&r.diags, PP_ERROR, in_dir(&r, "asterisk/pjsip.conf"), 8, want);
	assert_no_secret(&r, "first-pw");
	th_result_free(&r);
}

static void test_broken_fails_load(void **state)
{
	(void)state;
	th_result r;
	load_with(&r, "[6001]\ntype=endpoint\nthis line is broken\n", "{ pjsip = \"6001\"; }");
	th_expect_rc(&r, PP_EINVALID);
	/* the first error, which a server logs, is Asterisk's FILE:LINE */
	assert_string_equal(r.err.file, in_dir(&r, "asterisk/pjsip.conf"));
	assert_int_equal(r.err.line, 3);
	th_result_free(&r);

	/* a value a phone's file cannot carry: refused at Asterisk's line, never quoted */
	load_with(&r,
	          "[6001]\ntype=endpoint\nauth=a\n[a]\ntype=auth\nusername=u\npassword=a\"quote\n",
	          "{ pjsip = \"6001\"; }");
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, in_dir(&r, "asterisk/pjsip.conf"), 7, "contains '\"'");
	assert_no_secret(&r, "quote");
	th_result_free(&r);
}

static void test_unused_is_not_read(void **state)
{
	(void)state;
	/* no line names an endpoint: a missing pjsip.conf is no problem */
	th_result r;
	th_load_text(&r, "version = 1;\nasterisk = { pjsip = \"/nonexistent/pjsip.conf\"; };\n"
	                 "phones = ( { mac = \"00:1b:d4:00:60:01\"; model = \"7940\";\n"
	                 "  lines = ( { name = \"x\"; password = \"y\"; } ); } );\n");
	th_expect_rc(&r, PP_OK);
	assert_int_equal(pp_store_source_count(r.st), 1);
	th_result_free(&r);
	/* used, it must be there, and its path absolute */
	th_load_text(&r, "version = 1;\nasterisk = { pjsip = \"/nonexistent/pjsip.conf\"; };\n"
	                 "phones = ( { mac = \"00:1b:d4:00:60:01\"; model = \"7940\";\n"
	                 "  lines = ( { pjsip = \"6001\"; } ); } );\n");
	th_expect(&r.diags, PP_ERROR, "/nonexistent/pjsip.conf", 0, "No such file");
	th_result_free(&r);
	th_load_text(&r, "version = 1;\nasterisk = { pjsip = \"pjsip.conf\"; bogus = 1; };\n");
	th_expect(&r.diags, PP_ERROR, r.path, 2, "must be an absolute path");
	th_expect(&r.diags, PP_ERROR, r.path, 2, "unknown key 'bogus' in asterisk");
	th_result_free(&r);
	/* a line needs a name or an endpoint */
	th_load_text(&r,
	             "version = 1;\nphones = ( { mac = \"00:1b:d4:00:60:01\"; model = \"7940\";\n"
	             "  lines = ( { password = \"y\"; } ); } );\n");
	th_expect(&r.diags, PP_ERROR, r.path, 3, "has no name");
	th_result_free(&r);
}

/* More files than a server watches: refused, not silently left unwatched. */
static void test_too_many_sources(void **state)
{
	(void)state;
	char *dir = th_tmpdir();
	char name[64], *text = malloc(64 * 1024);
	assert_non_null(text);
	size_t n = 0;
	for (int i = 0; i < 60; i++) {
		snprintf(name, sizeof(name), "asterisk/p%d.conf", i);
		free(th_write(dir, name, "; empty\n"));
		n += (size_t)sprintf(text + n, "#include p%d.conf\n", i);
	}
	sprintf(text + n, "[6001]\ntype=endpoint\nauth=a\n[a]\ntype=auth\npassword=p\n");
	free(th_write(dir, "asterisk/pjsip.conf", text));
	n = (size_t)sprintf(
	    text, "version = 1;\nasterisk = { pjsip = \"%s/asterisk/pjsip.conf\"; };\n", dir);
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "s%d.conf", i);
		free(th_write(dir, name, "# empty\n"));
		n += (size_t)sprintf(text + n, "@include \"s%d.conf\"\n", i);
	}
	sprintf(text + n, "phones = ( { mac = \"00:1b:d4:00:60:01\"; model = \"7940\";\n"
	                  "  lines = ( { pjsip = \"6001\"; } ); } );\n");
	char *path = th_write(dir, "store.conf", text);
	th_result r;
	th_load_file(&r, path);
	char conf[4200];
	snprintf(conf, sizeof(conf), "%s/asterisk/pjsip.conf", dir);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, conf, 0, "more than the 256 a server watches");
	th_result_free(&r);
	free(path);
	free(text);
	free(dir);
}

/* ---- asterisk.pjsip as a list: pjsip.conf and pjsip_wizard.conf ------------------ */

static const char plain_pjsip[] = "[6001]\ntype=endpoint\nauth=6001\ncallerid=\"Alice\" <6001>\n"
                                  "[6001]\ntype=auth\nusername=6001\npassword=al1ce\n"
                                  "[base](!)\ntype=wizard\naccepts_auth=yes\n";
static const char plain_wizard[] = "[6010]\ntype = wizard\naccepts_auth = yes\n"
                                   "inbound_auth/password = wiz-pass\n";

/* A store naming list (the text between [ ]) in dir, with one 7940 whose lines are lines. */
static void load_list(th_result *r, char *dir, const char *list, const char *lines)
{
	char text[16384];
	snprintf(text, sizeof(text),
	         "version = 1;\n"
	         "security = { mac_binding = \"off\"; };\n"
	         "asterisk = { pjsip = %s; };\n"
	         "phones = ( { mac = \"00:1b:d4:00:60:01\"; model = \"7940\";\n"
	         "             lines = ( %s ); } );\n",
	         list, lines);
	char *path = th_write(dir, "store.conf", text);
	th_load_file(r, path);
	free(path);
	r->dir = dir;
}

/* dir's pjsip.conf and pjsip_wizard.conf, and "[ \"DIR/asterisk/pjsip.conf\", ...wizard ]". */
static char *plain_asterisk(char *dir, const char *pjsip, const char *wizard, char *list,
                            size_t len)
{
	free(th_write(dir, "asterisk/pjsip.conf", pjsip));
	if (wizard)
		free(th_write(dir, "asterisk/pjsip_wizard.conf", wizard));
	snprintf(list, len, "[ \"%s/asterisk/pjsip.conf\", \"%s/asterisk/pjsip_wizard.conf\" ]",
	         dir, dir);
	return dir;
}

static void test_list_of_files(void **state)
{
	(void)state;
	char list[8192];
	th_result r;
	char *dir = plain_asterisk(th_tmpdir(), plain_pjsip, plain_wizard, list, sizeof(list));
	load_list(&r, dir, list, "{ pjsip = \"6001\"; }, { pjsip = \"6010\"; }");
	th_expect_rc(&r, PP_OK);
	char *cnf = render(r.st, "SIP001BD4006001.cnf");
	assert_non_null(strstr(cnf, "line1_password: \"al1ce\"\n"));
	assert_non_null(strstr(cnf, "line1_displayname: \"Alice\"\n"));
	/* the wizard, from the second file, which the first does not include */
	assert_non_null(strstr(cnf, "line2_name: \"6010\"\n"));
	assert_non_null(strstr(cnf, "line2_authname: \"6010\"\n"));
	assert_non_null(strstr(cnf, "line2_password: \"wiz-pass\"\n"));
	pp_free(cnf);
	/* both are sources of the store, so the servers watch both */
	assert_true(is_source(r.st, in_dir(&r, "asterisk/pjsip.conf")));
	assert_true(is_source(r.st, in_dir(&r, "asterisk/pjsip_wizard.conf")));
	th_result_free(&r);

	/* a list of one, and a libconfig list ( ) rather than an array [ ] */
	dir = th_tmpdir();
	free(th_write(dir, "asterisk/pjsip_wizard.conf", plain_wizard));
	snprintf(list, sizeof(list), "( \"%s/asterisk/pjsip_wizard.conf\" )", dir);
	load_list(&r, dir, list, "{ pjsip = \"6010\"; }");
	th_expect_rc(&r, PP_OK);
	th_result_free(&r);
}

static void test_list_each_file_its_own(void **state)
{
	(void)state;
	char list[8192];
	th_result r;
	/* a template of pjsip.conf is not one of pjsip_wizard.conf's: Asterisk reads them apart */
	char *dir = plain_asterisk(th_tmpdir(), plain_pjsip,
	                           "[6011](base)\ninbound_auth/password = x\n", list, sizeof(list));
	load_list(&r, dir, list, "{ pjsip = \"6001\"; }");
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, in_dir(&r, "asterisk/pjsip_wizard.conf"), 1,
	          "section [6011] inherits from [base], which is not defined above it");
	th_result_free(&r);
}

static void test_list_defined_twice(void **state)
{
	(void)state;
	char list[8192], want[4200];
	th_result r;
	/* the same endpoint in both files: both places named */
	char *dir =
	    plain_asterisk(th_tmpdir(), plain_pjsip,
	                   "; the wizards\n[6001]\ntype=endpoint\nauth=6001\n", list, sizeof(list));
	load_list(&r, dir, list, "{ pjsip = \"6001\"; }");
	th_expect_rc(&r, PP_EINVALID);
	snprintf(want, sizeof(want), "endpoint [6001] is defined twice (also at %s:1)",
	         in_dir(&r, "asterisk/pjsip.conf"));
	th_expect(&r.diags, PP_ERROR, in_dir(&r, "asterisk/pjsip_wizard.conf"), 2, want);
	assert_no_secret(&r, "al1ce");
	th_result_free(&r);

	/* an endpoint in pjsip.conf and a wizard of its name, which makes another */
	dir = plain_asterisk(th_tmpdir(), plain_pjsip,
	                     "[6001]\ntype = wizard\naccepts_auth = yes\n"
	                     "inbound_auth/password = wiz-pass\n",
	                     list, sizeof(list));
	load_list(&r, dir, list, "{ pjsip = \"6001\"; }");
	th_expect_rc(&r, PP_EINVALID);
	snprintf(want, sizeof(want), "endpoint [6001] is defined twice (also at %s:1; this wizard",
	         in_dir(&r, "asterisk/pjsip.conf"));
	th_expect(&r.diags, PP_ERROR, in_dir(&r, "asterisk/pjsip_wizard.conf"), 1, want);
	assert_no_secret(&r, "wiz-pass");
	th_result_free(&r);

	/* the same path twice: read once, a warning, not an endpoint defined twice */
	dir = th_tmpdir();
	free(th_write(dir, "asterisk/pjsip.conf", plain_pjsip));
	snprintf(list, sizeof(list),
	         "[ \"%s/asterisk/pjsip.conf\",\n  \"%s/asterisk/pjsip.conf\" ]", dir, dir);
	load_list(&r, dir, list, "{ pjsip = \"6001\"; }");
	th_expect_rc(&r, PP_OK);
	th_expect(&r.diags, PP_WARNING, r.path, 4, "asterisk.pjsip[1] names");
	th_expect(&r.diags, PP_WARNING, r.path, 4, "again; it is read once");
	assert_int_equal(th_count(&r.diags, PP_ERROR), 0);
	th_result_free(&r);
}

static void test_list_missing_file(void **state)
{
	(void)state;
	char list[8192], want[4200];
	th_result r;
	/* pjsip_wizard.conf named but not there: an error at it, the first file still read */
	char *dir = plain_asterisk(th_tmpdir(), plain_pjsip, NULL, list, sizeof(list));
	load_list(&r, dir, list, "{ pjsip = \"6001\"; }, { pjsip = \"6010\"; }");
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, in_dir(&r, "asterisk/pjsip_wizard.conf"), 0,
	          "cannot read Asterisk's pjsip configuration: No such file");
	th_result_free(&r);

	/* a wizard not found: the message names every file */
	dir = plain_asterisk(th_tmpdir(), plain_pjsip, plain_wizard, list, sizeof(list));
	load_list(&r, dir, list, "{ pjsip = \"6099\"; }");
	th_expect_rc(&r, PP_EINVALID);
	snprintf(want, sizeof(want),
	         "line 1's pjsip endpoint '6099' is not in %s/asterisk/pjsip.conf, "
	         "%s/asterisk/pjsip_wizard.conf or the files they include (no [6099]",
	         dir, dir);
	th_expect(&r.diags, PP_ERROR, r.path, 5, want);
	th_result_free(&r);
}

static void test_list_hostile(void **state)
{
	(void)state;
	th_result r;
	char *dir = th_tmpdir();
	free(th_write(dir, "asterisk/pjsip.conf", plain_pjsip));
	/* an empty list: an error, and no second one for the default file */
	load_list(&r, dir, "[ ]", "{ pjsip = \"6001\"; }");
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 3, "asterisk.pjsip is an empty list");
	assert_int_equal(th_count(&r.diags, PP_ERROR), 1);
	th_result_free(&r);

	/* elements that are not strings, each at its own line */
	load_list(&r, th_tmpdir(), "[\n 1,\n 2 ]", "{ pjsip = \"6001\"; }");
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 4, "asterisk.pjsip[0] must be a file's path");
	th_expect(&r.diags, PP_ERROR, r.path, 5, "asterisk.pjsip[1] must be a file's path");
	assert_int_equal(th_count(&r.diags, PP_ERROR), 2);
	th_result_free(&r);
	char list[8192];
	dir = th_tmpdir();
	free(th_write(dir, "asterisk/pjsip.conf", plain_pjsip));
	snprintf(list, sizeof(list), "( \"%s/asterisk/pjsip.conf\",\n { a = 1; },\n \"rel.conf\" )",
	         dir);
	load_list(&r, dir, list, "{ pjsip = \"6001\"; }");
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 4, "asterisk.pjsip[1] must be a file's path");
	th_expect(&r.diags, PP_ERROR, r.path, 5, "must be an absolute path (it is 'rel.conf')");
	th_result_free(&r);

	/* neither a string nor a list */
	load_list(&r, th_tmpdir(), "7", "{ pjsip = \"6001\"; }");
	th_expect(&r.diags, PP_ERROR, r.path, 3, "or a list of them");
	th_result_free(&r);

	/* more files than phoneprov reads */
	size_t n = (size_t)snprintf(list, sizeof(list), "[");
	for (int i = 0; i <= PP_PJSIP_MAX_LIST; i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s\"/a/p%d.conf\"",
		                      i ? ", " : "", i);
	snprintf(list + n, sizeof(list) - n, "]");
	load_list(&r, th_tmpdir(), list, "{ pjsip = \"6001\"; }");
	th_expect(&r.diags, PP_ERROR, r.path, 3, "names 17 files; phoneprov reads at most 16");
	th_result_free(&r);
}

int main(int argc, char **argv)
{
	(void)argc;
	th_init(argv[0]);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_syntax),
	    cmocka_unit_test(test_callerid),
	    cmocka_unit_test(test_syntax_errors),
	    cmocka_unit_test(test_template_loop),
	    cmocka_unit_test(test_include),
	    cmocka_unit_test(test_include_loop),
	    cmocka_unit_test(test_include_deep),
	    cmocka_unit_test(test_exec_never_runs),
	    cmocka_unit_test(test_hostile_bytes),
	    cmocka_unit_test(test_not_files),
	    cmocka_unit_test(test_unreadable),
	    cmocka_unit_test(test_too_many_vars),
	    cmocka_unit_test(test_many_sections),
	    cmocka_unit_test(test_freepbx_line),
	    cmocka_unit_test(test_line_wins),
	    cmocka_unit_test(test_wizard),
	    cmocka_unit_test(test_md5_only),
	    cmocka_unit_test(test_missing_endpoint),
	    cmocka_unit_test(test_defined_twice),
	    cmocka_unit_test(test_broken_fails_load),
	    cmocka_unit_test(test_unused_is_not_read),
	    cmocka_unit_test(test_too_many_sources),
	    cmocka_unit_test(test_list_of_files),
	    cmocka_unit_test(test_list_each_file_its_own),
	    cmocka_unit_test(test_list_defined_twice),
	    cmocka_unit_test(test_list_missing_file),
	    cmocka_unit_test(test_list_hostile),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	th_cleanup();
	return rc;
}
