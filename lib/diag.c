/* SPDX-License-Identifier: MIT */
#include "load.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Problems are found in checking order (top-level keys first, merged checks
 * after a phone's own), but a user reads the store top to bottom: they are
 * held here and handed out sorted by file and line in pp_diag_flush.
 */
struct pp_diag_rec {
	enum pp_severity sev;
	char *file;
	int line;
	size_t seq;
	char *msg;
};

static void emit(pp_load *ld, enum pp_severity sev, const char *file, int line, const char *msg)
{
	if (sev == PP_ERROR)
		ld->errors++;
	if (ld->ndiags == ld->capdiags) {
		size_t cap = ld->capdiags ? ld->capdiags * 2 : 16;
		struct pp_diag_rec *r = realloc(ld->diags, cap * sizeof(*r));
		if (!r) {
			ld->oom = 1;
			return;
		}
		ld->diags = r;
		ld->capdiags = cap;
	}
	struct pp_diag_rec *r = &ld->diags[ld->ndiags];
	r->msg = strdup(msg);
	r->file = strdup(file ? file : "");
	if (!r->msg || !r->file) {
		free(r->msg);
		free(r->file);
		ld->oom = 1;
		return;
	}
	r->sev = sev;
	r->line = line;
	r->seq = ld->ndiags++;
}

static size_t file_rank(const pp_load *ld, const char *file)
{
	for (size_t i = 0; i < ld->st->nsources; i++)
		if (strcmp(ld->st->sources[i], file) == 0)
			return i;
	return ld->st->nsources;
}

/* qsort_r's comparison: ld is the load whose records these are (two may run at once). */
static int by_place(const void *a, const void *b, void *ld)
{
	const struct pp_diag_rec *x = a, *y = b;
	size_t fx = file_rank(ld, x->file), fy = file_rank(ld, y->file);
	if (fx != fy)
		return fx < fy ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void pp_diag_flush(pp_load *ld)
{
	if (ld->ndiags) /* diags is NULL when there are none, and qsort's base must not be */
		qsort_r(ld->diags, ld->ndiags, sizeof(*ld->diags), by_place, ld);
	int first = 1;
	for (size_t i = 0; i < ld->ndiags; i++) {
		struct pp_diag_rec *r = &ld->diags[i];
		if (r->sev == PP_ERROR && first) {
			first = 0;
			ld->first.code = PP_EINVALID;
			snprintf(ld->first.file, sizeof(ld->first.file), "%.*s",
			         (int)sizeof(ld->first.file) - 1, r->file);
			ld->first.line = r->line;
			snprintf(ld->first.message, sizeof(ld->first.message), "%s", r->msg);
		}
		if (ld->diag)
			ld->diag(ld->ctx, r->sev, r->file, r->line, r->msg);
		free(r->msg);
		free(r->file);
	}
	free(ld->diags);
	ld->diags = NULL;
	ld->ndiags = ld->capdiags = 0;
}

void pp_report(pp_load *ld, enum pp_severity sev, const char *file, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit(ld, sev, file, line, msg);
}

void pp_report_at(pp_load *ld, enum pp_severity sev, const config_setting_t *s, const char *fmt,
                  ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit(ld, sev, pp_setting_file(ld, s), s ? (int)config_setting_source_line(s) : 0, msg);
}

static const char *setting_file(pp_load *ld, const char *f, char full[4096]);

const char *pp_setting_file(pp_load *ld, const config_setting_t *s)
{
	const char *f = s ? config_setting_source_file(s) : NULL;
	char full[4096];
	if (!f)
		return ld->path;
	/* libconfig hands out one pointer per file: most settings repeat the last one. */
	if (f == ld->file_raw)
		return ld->file_seen;
	const char *raw = f;
	const char *seen = setting_file(ld, f, full);
	ld->file_raw = raw;
	ld->file_seen = seen;
	return seen;
}

/* pp_setting_file without the memo; full is scratch space. */
static const char *setting_file(pp_load *ld, const char *f, char full[4096])
{
	/* An @include: name the file libconfig read, as the prescan does (include.c). */
	f = pp_include_reported(ld, f, full, 4096);
	const char *s = pp_source_intern(ld, f);
	return s ? s : ld->path;
}

const char *pp_source_intern(pp_load *ld, const char *f)
{
	pp_store *st = ld->st;
	for (size_t i = 0; i < st->nsources; i++)
		if (strcmp(st->sources[i], f) == 0)
			return st->sources[i];
	/* Unknown file: an @include or an Asterisk file.  Grow the list (rare, so linear). */
	const char **n = pp_arena_alloc(&st->arena, (st->nsources + 1) * sizeof(*n));
	char *copy = pp_arena_strdup(&st->arena, f);
	if (!n || !copy) {
		ld->oom = 1;
		return NULL;
	}
	memcpy(n, st->sources, st->nsources * sizeof(*n));
	n[st->nsources++] = copy;
	st->sources = n;
	return copy;
}

/*
 * config_setting_index() walks the parent's whole list, so naming every
 * setting of 10k phones in a row cost O(phones^2) (95% of a 10k load).  A
 * hint per depth remembers the last index found there; it is only a guess,
 * checked against the parent's list before use, so it is always right.
 */
static int elem_index(const config_setting_t *c, size_t depth)
{
	static _Thread_local unsigned hint[32];
	const config_setting_t *parent = config_setting_parent(c);
	unsigned len = parent ? (unsigned)config_setting_length(parent) : 0;

	for (unsigned i = hint[depth]; i < len && i <= hint[depth] + 1; i++)
		if (config_setting_get_elem(parent, i) == c) {
			hint[depth] = i;
			return (int)i;
		}
	int i = config_setting_index(c);
	if (i >= 0)
		hint[depth] = (unsigned)i;
	return i;
}

/* Append n bytes of s to buf (len bytes, NUL-terminated), cutting it short if need be. */
static void append(char *buf, size_t len, size_t *used, const char *s, size_t n)
{
	if (*used + 1 >= len)
		return;
	if (n > len - 1 - *used)
		n = len - 1 - *used;
	memcpy(buf + *used, s, n);
	*used += n;
	buf[*used] = '\0';
}

/*
 * Called for nearly every setting while loading, error or not, so it builds
 * the text by hand: snprintf here was a third of loading a 10k store.
 */
void pp_setting_path(const config_setting_t *s, char *buf, size_t len)
{
	const config_setting_t *chain[32];
	size_t n = 0, top;
	size_t used = 0;

	for (; s && !config_setting_is_root(s) && n < 32; s = config_setting_parent(s))
		chain[n++] = s;
	top = n;
	if (len == 0)
		return;
	buf[0] = '\0';
	while (n-- > 0 && used + 1 < len) {
		const config_setting_t *c = chain[n];
		const char *name = config_setting_name(c);
		if (name) {
			if (used)
				append(buf, len, &used, ".", 1);
			append(buf, len, &used, name, strlen(name));
		} else {
			char num[16];
			size_t k = sizeof(num);
			int i = elem_index(c, top - 1 - n);
			unsigned v = i < 0 ? 0 : (unsigned)i;
			num[--k] = ']';
			do
				num[--k] = (char)('0' + v % 10);
			while ((v /= 10) && k > 2);
			if (i < 0)
				num[--k] = '-';
			num[--k] = '[';
			append(buf, len, &used, num + k, sizeof(num) - k);
		}
	}
}

const char *pp_path(const config_setting_t *s, char *buf, size_t len)
{
	pp_setting_path(s, buf, len);
	return buf;
}

static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[64];
	if (la >= 63 || lb >= 63)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = diag + cost;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (up + 1 < best)
				best = up + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *pp_closest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	size_t limit = strlen(word) / 3 + 1;
	if (limit > 3)
		limit = 3;
	for (; *candidates; candidates++) {
		size_t d = distance(word, *candidates);
		if (d <= limit && d < best_d) {
			best = *candidates;
			best_d = d;
		}
	}
	return best;
}
