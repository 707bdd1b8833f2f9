/* SPDX-License-Identifier: MIT */
/*
 * A SEP<MAC>.cnf.xml's settings (import_sep.c's store keys) onto a phone of
 * the store, and what it had that the store does not make the same: the
 * raw XML passthrough, `xml = ( { path; value; } )`, where the store has
 * one, else a comment beside the warning.
 */
#include "import_level.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A SEP file's lines: the most any model has (lib/models.c), with room. */
#define SEP_MAX_LINES 16

static const pp_field *row_named(const pp_field *t, const char *key)
{
	for (; t->key; t++)
		if (strcmp(t->key, key) == 0)
			return t;
	return NULL;
}

static void place(mapped *m)
{
	const char *key = m->e->key;
	unsigned n = 0;
	int used = 0;

	if (strncmp(key, "vendor_config.", 14) == 0) {
		const char *k = key + 14;
		/* libconfig names: a letter first, then letters, digits, '_' and '-' */
		int ok = (k[0] >= 'a' && k[0] <= 'z') || (k[0] >= 'A' && k[0] <= 'Z');
		for (const char *p = k; ok && *p; p++)
			ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			     (*p >= '0' && *p <= '9') || *p == '_' || *p == '-';
		m->w = ok && strlen(m->e->value) < 256 ? W_VENDOR : W_SKIP;
		return;
	}
	if (sscanf(key, "line%u.%n", &n, &used) == 1 && used > 0 && n >= 1 && n <= SEP_MAX_LINES) {
		m->f = row_named(pp_line_schema, key + used);
		m->w = W_LINE;
		m->n = n;
	} else {
		m->f = row_named(pp_settings_schema, key);
		m->w = m->f && m->f->kind == PP_K_LIST ? W_FIRMWARE : W_SETTING;
	}
	/* what the store cannot hold comes back otherwise: imp_sep_left finds it */
	if (!m->f || imp_unfit(m->f, m->e->value))
		m->w = W_SKIP;
}

int imp_map_sep(level *l, const imp_file *f)
{
	l->file = f;
	l->model = f->model;
	l->m = calloc(f->n ? f->n : 1, sizeof(*l->m));
	if (!l->m)
		return -1;
	l->n = f->n;
	for (size_t i = 0; i < f->n; i++) {
		l->m[i].e = &f->e[i];
		place(&l->m[i]);
	}
	/* lines 1..k, each with its name; a later one is left to the passthrough */
	unsigned k = l->nlines = imp_named_lines(l, SEP_MAX_LINES);
	for (size_t i = 0; i < l->n; i++)
		if (l->m[i].w == W_LINE && l->m[i].n > k)
			l->m[i].w = W_SKIP;
	return 0;
}

void imp_emit_sep(pp_sbuf *b, const level *l, const char *ind)
{
	const imp_file *f = l->file;
	int any = 0;

	for (size_t i = 0; i < l->n; i++)
		any |= l->m[i].w == W_VENDOR;
	if (any) {
		pp_sbuf_printf(b, "%svendor_config = {\n", ind);
		for (size_t i = 0; i < l->n; i++) {
			if (l->m[i].w != W_VENDOR)
				continue;
			pp_sbuf_printf(b, "%s\t%s = ", ind, l->m[i].e->key + 14);
			imp_put_string(b, l->m[i].e->value);
			pp_sbuf_printf(b, "; # %s:%d vendorConfig/%s\n", f->name, l->m[i].e->line,
			               l->m[i].e->key + 14);
		}
		pp_sbuf_printf(b, "%s};\n", ind);
	}
	any = 0;
	for (size_t i = 0; i < f->nleft; i++)
		any |= f->left[i].kept;
	if (any) {
		pp_sbuf_printf(b,
		               "%s# Elements the store does not model, passed through as "
		               "written.\n%sxml = (\n",
		               ind, ind);
		size_t last = 0;
		for (size_t i = 0; i < f->nleft; i++)
			if (f->left[i].kept)
				last = i;
		for (size_t i = 0; i < f->nleft; i++) {
			if (!f->left[i].kept)
				continue;
			pp_sbuf_printf(b, "%s\t{ path = ", ind);
			imp_put_string(b, f->left[i].path);
			pp_sbuf_puts(b, "; value = ");
			imp_put_string(b, f->left[i].text);
			pp_sbuf_printf(b, "; }%s # %s:%d\n", i < last ? "," : "", f->name,
			               f->left[i].line);
		}
		pp_sbuf_printf(b, "%s);\n", ind);
	}
	for (size_t i = 0; i < f->nleft; i++) {
		if (f->left[i].kept)
			continue;
		pp_sbuf_printf(b, "%s# NOT IMPORTED (%s), %s:%d: %s: ", ind,
		               f->left[i].attr ? "an attribute the store writes otherwise"
		                               : "an element the store writes otherwise",
		               f->name, f->left[i].line, f->left[i].path);
		imp_put_comment(b, f->left[i].text, (size_t)-1);
		pp_sbuf_puts(b, "\n");
	}
}

/*
 * Why the passthrough cannot take path = text, or NULL: its limits (a path
 * of at most 16 names, [N] up to 32, 255 bytes; text up to 255 bytes, no
 * control character), which the store's check holds to.
 */
static const char *no_passthrough(const imp_leaf *l)
{
	size_t names = 1;
	if (l->attr)
		return "an attribute the store writes otherwise, and XML passthrough holds only "
		       "text";
	for (const char *p = l->text; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "a control character in its text";
	if (strlen(l->text) > 255)
		return "text over 255 bytes, more than the passthrough holds";
	for (const char *p = l->path; *p; p++) {
		names += *p == '/';
		if (*p == '[' && strtoul(p + 1, NULL, 10) > 32)
			return "over the 32nd of its name, further than a passthrough path reaches";
	}
	if (names > 16 || strlen(l->path) > 255)
		return "deeper than a passthrough path reaches";
	return NULL;
}

/* The store's check takes at most this many passthrough entries in a level. */
#define MAX_PASSTHROUGH 64

void imp_sep_settle_left(imp_file *f, int passthrough)
{
	size_t taken = 0;
	for (size_t i = 0; i < f->nleft; i++) {
		imp_leaf *l = &f->left[i];
		const char *why = l->attr || passthrough < 0 ? no_passthrough(l) : NULL;
		if (!why && passthrough < 0)
			why = "XML passthrough does not reach this file";
		else if (!why && !passthrough)
			why = "the store makes it otherwise and has no XML passthrough yet";
		else if (!why && taken >= MAX_PASSTHROUGH)
			why = "over 64 elements for the passthrough";
		else if (!why)
			why = no_passthrough(l);
		l->kept = !why;
		taken += l->kept;
		if (l->kept || l->said)
			continue;
		fprintf(stderr,
		        "%s:%d: warning: %s: not imported (%s); what it says is kept in a comment "
		        "in the store\n",
		        f->path, l->line, l->path, why);
	}
}
