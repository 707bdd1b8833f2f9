/* SPDX-License-Identifier: MIT */
/*
 * The pjsip.conf parser (lib/pjsip_parse.c) on arbitrary bytes, written as
 * pjsip.conf in a private folder of its own (the parser reads a file, and
 * an #include may only name files in that folder, where there is no other).
 * Besides the sanitizers, each answer is checked against what it must be:
 *   - the settings stay within PP_PJSIP_MAX_VARS, every line within bounds;
 *   - every section has a name, and is found by its name and type;
 *   - every message is one line (a value with a newline cannot forge one)
 *     and no message holds a value of 12 bytes or more that the input has
 *     nowhere but after an '=' (a value may be a password), unless the
 *     message still holds it when the value is changed (from_input);
 *   - the parse returns -1 exactly when an error was reported.
 */
#include "fuzz.h"
#include "pjsip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[4096];

struct seen {
	char msgs[64][1100];
	size_t n;
	int errors;
};

static char dir[] = "/tmp/phoneprov-fuzz-pjsip-XXXXXX";

/*
 * msg with the private folder's name cut out wherever it occurs: a message
 * names the files it is about, and the fuzzer soon learns that folder's name
 * and writes it as a value, which is then "quoted" by every message about a
 * file (a false alarm, seen in a run; it cannot be kept as a reproducer,
 * the folder's name differs each run).  A value holding that name is
 * checked less strictly; every other value as before.
 */
static void without_dir(char *out, size_t cap, const char *msg)
{
	size_t o = 0, dl = strlen(dir);

	while (*msg && o + 1 < cap) {
		if (strncmp(msg, dir, dl) == 0) {
			msg += dl;
			continue;
		}
		out[o++] = *msg++;
	}
	out[o] = '\0';
}

static void collect(void *ctx, enum pp_severity sev, const char *file, int line, const char *msg)
{
	struct seen *s = ctx;
	(void)file;
	(void)line;
	if (strchr(msg, '\n'))
		fz_fail("a message with a newline", path, msg, strlen(msg));
	if (sev == PP_ERROR)
		s->errors++;
	if (s->n < 64)
		without_dir(s->msgs[s->n++], sizeof(s->msgs[0]), msg);
}

static void remove_dir(void)
{
	unlink(path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/pjsip.conf", dir);
	atexit(remove_dir);
	return 0;
}

/*
 * The input without what follows each setting line's first '=': messages
 * may quote keys, section names and included names, never a value.  NUL-separated
 * lines, so a match cannot span two.
 */
static char *names_of(const uint8_t *data, size_t size, size_t *len)
{
	char *out = malloc(size + 1);
	size_t o = 0;
	int in_value = 0, whole = 0, start = 1;
	if (!out)
		abort();
	for (size_t i = 0; i < size; i++) {
		char c = (char)data[i];
		/* a directive or a section header names things, '=' or not */
		if (start && c != ' ' && c != '\t') {
			whole = c == '#' || c == '[';
			start = 0;
		}
		if (c == '\n') {
			in_value = whole = 0;
			start = 1;
			out[o++] = '\0';
		} else if (c == '=' && !whole) {
			in_value = 1;
			out[o++] = '\0';
		} else if (!in_value) {
			out[o++] = c;
		}
	}
	out[o] = '\0';
	*len = o;
	return out;
}

/* Whether v is in one of the n bytes of names (NUL-separated). */
static int is_name(const char *names, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i += strlen(names + i) + 1)
		if (strstr(names + i, v))
			return 1;
	return 0;
}

/*
 * Whether v, found in a message, came from the input: parsed again with
 * every copy of v in the input changed (each byte to another letter), the
 * messages no longer hold it.  A value may also be words of a message's
 * fixed text ("a #directive nor a"), and the fuzzer finds such values
 * (two false alarms seen in CI's runs).  A v the input does not hold as
 * it is (a value put together from several lines) counts as the input's:
 * the strict answer.
 */
static int from_input(const uint8_t *data, size_t size, const char *v)
{
	static struct seen again;
	size_t vl = strlen(v);
	int hit = 0, still = 0;
	unsigned char *copy = malloc(size ? size : 1);
	if (!copy)
		abort();
	memcpy(copy, data, size);
	for (size_t i = 0; vl && i + vl <= size; i++)
		if (memcmp(copy + i, v, vl) == 0) {
			for (size_t k = 0; k < vl; k++)
				copy[i + k] = copy[i + k] == 'Q' ? 'X' : 'Q';
			hit = 1;
			i += vl - 1;
		}
	if (!hit) {
		free(copy);
		return 1;
	}
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(copy, 1, size, f) != size || fclose(f) != 0)
		abort();
	free(copy);
	memset(&again, 0, sizeof(again));
	pp_pjsip db;
	memset(&db, 0, sizeof(db));
	db.report = collect;
	db.ctx = &again;
	(void)pp_pjsip_parse(&db, path);
	pp_pjsip_free(&db);
	for (size_t m = 0; m < again.n; m++)
		if (strstr(again.msgs[m], v))
			still = 1;
	return !still;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	struct seen seen = {.n = 0};
	pp_pjsip db;
	memset(&db, 0, sizeof(db));
	db.report = collect;
	db.ctx = &seen;
	int rc = pp_pjsip_parse(&db, path);
	size_t nlen;
	char *names = names_of(data, size, &nlen);

	if ((rc < 0) != (seen.errors > 0) || db.errors != seen.errors)
		fz_fail("the return value disagrees with the errors reported", path, NULL, 0);
	if (db.nvars > PP_PJSIP_MAX_VARS)
		fz_fail("more settings than PP_PJSIP_MAX_VARS", path, NULL, 0);
	for (size_t i = 0; i < db.nsects; i++) {
		const pp_pjsip_sect *s = &db.sects[i];
		if (!s->name[0])
			fz_fail("a section without a name", path, NULL, 0);
		const pp_pjsip_var *t = pp_pjsip_get(s, "type");
		if (!s->tmpl && t && pp_pjsip_find(&db, s->name, t->val, NULL, 0) == 0)
			fz_fail("a section not found by its name and type", path, s->name,
			        strlen(s->name));
		for (size_t j = 0; j < s->n; j++) {
			const char *v = s->vars[j].val;
			if (strlen(s->vars[j].key) > PP_PJSIP_MAX_LINE || strlen(v) > size)
				fz_fail("a setting longer than its input", path, v, strlen(v));
			if (strlen(v) < 12 || is_name(names, nlen, v))
				continue;
			for (size_t m = 0; m < seen.n; m++)
				if (strstr(seen.msgs[m], v) && from_input(data, size, v))
					fz_fail("a message quotes a value", path, seen.msgs[m],
					        strlen(seen.msgs[m]));
		}
	}
	free(names);
	pp_pjsip_free(&db);
	return 0;
}
