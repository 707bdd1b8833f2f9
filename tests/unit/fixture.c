/* SPDX-License-Identifier: MIT */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

static char data_dir[4096] = "tests/data";

void fx_init(const char *argv0)
{
	const char *env = getenv("PP_TEST_DATA");
	struct stat st;

	if (env && *env) {
		snprintf(data_dir, sizeof(data_dir), "%s", env);
		return;
	}
	if (stat(data_dir, &st) == 0 || !argv0 || !strchr(argv0, '/'))
		return;
	/* Run from elsewhere: the binary is build/tests/NAME. */
	snprintf(data_dir, sizeof(data_dir), "%.*s/../../tests/data",
	         (int)(strrchr(argv0, '/') - argv0), argv0);
}

const char *fx_path(const char *name)
{
	static char path[4096 + 256];

	snprintf(path, sizeof(path), "%s/%s", data_dir, name);
	return path;
}

char *fx_read(const char *name, size_t *len)
{
	FILE *f = fopen(fx_path(name), "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static void print_diag(void *ctx, enum pp_severity sev, const char *file, int line,
                       const char *message)
{
	/* Fixtures shadow derived keys on purpose; their warnings are noise. */
	if (sev == PP_WARNING && !getenv("PP_TEST_VERBOSE"))
		return;
	(void)ctx;
	print_message("  %s:%d: %s: %s\n", file, line, sev == PP_ERROR ? "error" : "warning",
	              message);
}

pp_store *fx_load(const char *name)
{
	pp_store *st = NULL;
	pp_error err;
	int rc = pp_store_load(&st, fx_path(name), print_diag, NULL, &err);

	if (rc != PP_OK)
		fail_msg("loading %s: %s:%d: %s (%d)", name, err.file, err.line, err.message, rc);
	assert_non_null(st);
	return st;
}

int fx_render(const pp_store *st, const char *path, char **data, size_t *len)
{
	pp_error err;
	int rc;

	*data = NULL;
	*len = 0;
	rc = pp_render(st, path, NULL, data, len, &err);
	if (rc != PP_OK) {
		pp_free(*data);
		*data = NULL;
	}
	return rc;
}

char *fx_must_render(const pp_store *st, const char *path)
{
	char *data;
	size_t len;
	int rc = fx_render(st, path, &data, &len);

	if (rc != PP_OK)
		fail_msg("rendering %s: %s (%d)", path, pp_strerror(rc), rc);
	return data;
}

void fx_assert_has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("no\n%s\nin\n%s", want, text);
}

/* Keep what was rendered, so a failing golden can be looked at with diff -u. */
static const char *save_actual(const char *golden, const char *data, size_t len)
{
	static char path[512];
	const char *tmp = getenv("TMPDIR");
	FILE *f;

	snprintf(path, sizeof(path), "%s/phoneprov-actual", tmp && *tmp ? tmp : "/tmp");
	mkdir(path, 0777);
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "/%s", golden);
	f = fopen(path, "wb");
	if (!f)
		return "(could not save)";
	fwrite(data, 1, len, f);
	fclose(f);
	return path;
}

static void report_diff(const char *golden, const char *want, size_t wlen, const char *got,
                        size_t glen)
{
	size_t i = 0, line = 1, bol = 0;

	while (i < wlen && i < glen && want[i] == got[i]) {
		if (want[i] == '\n') {
			line++;
			bol = i + 1;
		}
		i++;
	}
	const char *we = memchr(want + bol, '\n', wlen - bol);
	const char *ge = memchr(got + bol, '\n', glen - bol);
	int wl = (int)((we ? (size_t)(we - want) : wlen) - bol);
	int gl = (int)((ge ? (size_t)(ge - got) : glen) - bol);

	print_message("%s differs at line %zu (byte %zu; %zu bytes expected, %zu rendered)\n"
	              "  expected: %.*s\n  rendered: %.*s\n  full output: %s\n",
	              golden, line, i, wlen, glen, wl, want + bol, gl, got + bol,
	              save_actual(golden, got, glen));
}

void fx_assert_golden(const pp_store *st, const char *path, const char *golden)
{
	size_t wlen, glen;
	char *want = fx_read(golden, &wlen);
	char *got;
	int rc = fx_render(st, path, &got, &glen);

	if (!want)
		fail_msg("cannot read golden file %s", fx_path(golden));
	if (rc != PP_OK)
		fail_msg("rendering %s: %s (%d)", path, pp_strerror(rc), rc);
	if (wlen != glen || memcmp(want, got, wlen) != 0) {
		report_diff(golden, want, wlen, got, glen);
		free(want);
		pp_free(got);
		fail();
	}
	free(want);
	pp_free(got);
}

void fx_assert_xml(const char *data, size_t len)
{
	char path[] = "/tmp/phoneprov-xml-XXXXXX";
	char cmd[128];
	int fd = mkstemp(path);
	int status;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	snprintf(cmd, sizeof(cmd), "xmllint --noout %s", path);
	status = system(cmd);
	unlink(path);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) == 127)
		fail_msg("could not run xmllint (install libxml2-utils)");
	if (WEXITSTATUS(status) != 0)
		fail_msg("xmllint rejects:\n%.*s", (int)len, data);
}
