/* SPDX-License-Identifier: MIT */
#include "helpers.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

static char th_data_dir[PATH_MAX];
static char **th_dirs;
static size_t th_ndirs;

static char *th_strdup(const char *s)
{
	char *p = strdup(s);
	assert_non_null(p);
	return p;
}

static char *th_join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = malloc(n);
	assert_non_null(p);
	snprintf(p, n, "%s/%s", a, b);
	return p;
}

void th_init(const char *argv0)
{
	char buf[PATH_MAX];
	const char *env = getenv("PP_TEST_DATA");

	if (env && *env)
		snprintf(buf, sizeof(buf), "%s", env);
	else if (access("tests/data", F_OK) == 0 || !argv0 || !strchr(argv0, '/'))
		snprintf(buf, sizeof(buf), "tests/data");
	else /* the binary is build/tests/NAME */
		snprintf(buf, sizeof(buf), "%.*s/../../tests/data",
		         (int)(strrchr(argv0, '/') - argv0), argv0);
	if (!realpath(buf, th_data_dir))
		snprintf(th_data_dir, sizeof(th_data_dir), "%s", buf);
	atexit(th_cleanup);
}

char *th_data(const char *name)
{
	return th_join(th_data_dir, name);
}

char *th_tmpdir(void)
{
	const char *tmp = getenv("TMPDIR");
	char tmpl[PATH_MAX];

	snprintf(tmpl, sizeof(tmpl), "%s/phoneprov-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(tmpl));
	char **n = realloc(th_dirs, (th_ndirs + 1) * sizeof(*n));
	assert_non_null(n);
	th_dirs = n;
	th_dirs[th_ndirs++] = th_strdup(tmpl);
	return th_strdup(tmpl);
}

static void th_rmtree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (!d) {
		unlink(path);
		return;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *p = th_join(path, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			th_rmtree(p);
		else
			unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(path);
}

void th_cleanup(void)
{
	if (getenv("PP_TEST_KEEP"))
		return;
	for (size_t i = 0; i < th_ndirs; i++) {
		th_rmtree(th_dirs[i]);
		free(th_dirs[i]);
	}
	free(th_dirs);
	th_dirs = NULL;
	th_ndirs = 0;
}

char *th_write(const char *dir, const char *name, const char *text)
{
	char *path = th_join(dir, name);

	/* make the sub-folders of name */
	for (char *s = path + strlen(dir) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(path, 0700);
		*s = '/';
	}
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
	return path;
}

static int th_put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? write(fd, text, strlen(text)) : -1;
	if (fd >= 0)
		close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

int th_netns(void)
{
	static int done = -1;
	char map[64];
	unsigned uid = (unsigned)geteuid(), gid = (unsigned)getegid();

	if (done >= 0)
		return done;
	/*
	 * Under qemu-user (make cross) a forked child of a threaded emulator
	 * can hang before its first syscall, and the peers of these tests are
	 * forked children: there, the namespace tests are skipped, and they
	 * run natively in make check.
	 */
	if (getenv("PP_UNDER_QEMU"))
		return done = 0;
	if (unshare(CLONE_NEWNET) == 0)
		return done = 1;
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0)
		return done = 0;
	snprintf(map, sizeof(map), "%u %u 1\n", uid, uid);
	if (th_put("/proc/self/uid_map", map) != 0)
		return done = 0;
	th_put("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "%u %u 1\n", gid, gid);
	th_put("/proc/self/gid_map", map);
	return done = 1;
}

int th_line_of_(const char *text, const char *needle, const char *file, int line)
{
	const char *p = strstr(text, needle);
	int n = 1;

	if (!p) {
		print_error("'%s' is not in the store text\n", needle);
		_fail(file, line);
	}
	for (const char *q = text; q < p; q++)
		n += *q == '\n';
	return n;
}

/* ---- diagnostics ---------------------------------------------------------- */

void th_collect(void *ctx, enum pp_severity sev, const char *file, int line, const char *msg)
{
	th_diags *d = ctx;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->items = realloc(d->items, d->cap * sizeof(*d->items));
		assert_non_null(d->items);
	}
	th_diag *e = &d->items[d->n++];
	e->sev = sev;
	assert_non_null(file);
	assert_non_null(msg);
	snprintf(e->file, sizeof(e->file), "%s", file);
	e->line = line;
	snprintf(e->msg, sizeof(e->msg), "%s", msg);
	/* one line, no trailing newline */
	assert_null(strchr(msg, '\n'));
}

void th_diags_free(th_diags *d)
{
	free(d->items);
	memset(d, 0, sizeof(*d));
}

size_t th_count(const th_diags *d, enum pp_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += d->items[i].sev == sev;
	return n;
}

const th_diag *th_find(const th_diags *d, enum pp_severity sev, const char *file, int line,
                       const char *substr)
{
	for (size_t i = 0; i < d->n; i++) {
		const th_diag *e = &d->items[i];
		if (e->sev == sev && (!file || strcmp(e->file, file) == 0) && e->line == line &&
		    (!substr || strstr(e->msg, substr)))
			return e;
	}
	return NULL;
}

void th_print(const th_diags *d)
{
	print_message("  %zu diagnostic%s:\n", d->n, d->n == 1 ? "" : "s");
	for (size_t i = 0; i < d->n; i++)
		print_message("  %s:%d: %s: %s\n", d->items[i].file, d->items[i].line,
		              d->items[i].sev == PP_ERROR ? "error" : "warning", d->items[i].msg);
}

void th_expect_(const th_diags *d, enum pp_severity sev, const char *file, int line,
                const char *substr, const char *where, int at)
{
	if (th_find(d, sev, file, line, substr))
		return;
	print_error("expected %s:%d: %s: ...%s...\n", file ? file : "*", line,
	            sev == PP_ERROR ? "error" : "warning", substr ? substr : "");
	th_print(d);
	_fail(where, at);
}

void th_load_file(th_result *r, const char *path)
{
	memset(r, 0, sizeof(*r));
	r->path = th_strdup(path);
	memset(&r->err, 0x5a, sizeof(r->err));
	r->rc = pp_store_load(&r->st, path, th_collect, &r->diags, &r->err);
	if (r->rc != PP_OK)
		assert_null(r->st);
	else
		assert_non_null(r->st);
}

void th_load_text(th_result *r, const char *text)
{
	char *dir = th_tmpdir();
	char *path = th_write(dir, "store.conf", text);

	th_load_file(r, path);
	r->dir = dir;
	free(path);
}

void th_result_free(th_result *r)
{
	pp_store_free(r->st);
	th_diags_free(&r->diags);
	free(r->path);
	free(r->dir);
	memset(r, 0, sizeof(*r));
}

void th_expect_rc_(const th_result *r, int want, const char *where, int at)
{
	if (r->rc == want)
		return;
	print_error("loading %s returned %d (%s), expected %d (%s)\n", r->path, r->rc,
	            pp_strerror(r->rc), want, pp_strerror(want));
	th_print(&r->diags);
	_fail(where, at);
}
