/* SPDX-License-Identifier: MIT */
/*
 * The README's settings table, written from the schema: `make readme` puts it
 * in README.md, and a unit test fails when README.md holds another.
 */
#include "schema.h"

#include <string.h>

#define BEGIN "<!-- settings table: written by `make readme` from lib/schema_rows.h -->\n"
#define END   "<!-- end of settings table -->\n"

void pp_doc_models(pp_sbuf *b)
{
	static const char *const family[] = {"the `.cnf` family", "the XML family"};
	const enum pp_family order[] = {PP_FAMILY_CNF, PP_FAMILY_XML};

	for (size_t k = 0; k < 2; k++) {
		const char *sep = "`";
		pp_sbuf_puts(b, k ? "; " : "");
		for (size_t i = 0; pp_model_at(i); i++) {
			if (pp_model_at(i)->family != order[k])
				continue;
			pp_sbuf_printf(b, "%s%s", sep, pp_model_at(i)->name);
			sep = " ";
		}
		pp_sbuf_printf(b, "` (%s)", family[k]);
	}
}

/* "`mac` (phone only, required)" */
static void key_column(pp_sbuf *b, const pp_field *f)
{
	const char *where = f->levels == PP_L_PHONE                    ? "phone only"
	                    : f->levels == (PP_L_PROFILE | PP_L_PHONE) ? "phone or profile"
	                    : f->levels == PP_L_DEFAULTS               ? "defaults only"
	                                                               : NULL;
	int required = (f->flags & PP_F_REQUIRED) != 0;

	pp_sbuf_printf(b, "`%s`", f->key);
	if (where || required)
		pp_sbuf_printf(b, " (%s%s%s)", where ? where : "", where && required ? ", " : "",
		               required ? "required" : "");
}

static void type_column(pp_sbuf *b, const pp_field *f)
{
	if (f->doc_fn) {
		f->doc_fn(b);
	} else if (f->doc) {
		pp_sbuf_puts(b, f->doc);
	} else if (f->kind == PP_K_LIST) {
		pp_sbuf_puts(b, "list of `{");
		for (const pp_field *e = f->elem; e->key; e++)
			pp_sbuf_printf(b, " %s;", e->key);
		pp_sbuf_puts(b, " }`");
	} else if (f->choices) {
		size_t n = strlen(f->choices);
		for (const char *w = f->choices; *w;) {
			size_t len = strcspn(w, " ");
			const char *sep = w == f->choices             ? ""
			                  : w + len == f->choices + n ? " or "
			                                              : ", ";
			pp_sbuf_printf(b, "%s`%.*s`", sep, (int)len, w);
			w += len + (w[len] == ' ');
		}
	} else if (f->type == PP_V_INT) {
		pp_sbuf_printf(b, "%lld-%lld", f->min, f->max);
	} else if (f->type == PP_V_BOOL) {
		pp_sbuf_puts(b, "bool");
	} else if (f->maxlen) {
		pp_sbuf_printf(b, "string, ≤ %zu", f->maxlen);
	} else {
		pp_sbuf_puts(b, "string");
	}
}

/* "SIP*.cnf `proxy1_port`; SEP/XMLDefault `sipPort` (5060 when unset)" */
static void lands_column(pp_sbuf *b, const pp_field *f)
{
	if (f->lands) {
		pp_sbuf_puts(b, f->lands);
		return;
	}
	if (f->cnf)
		pp_sbuf_printf(b, "SIP*.cnf `%s`", f->cnf);
	if (f->xml) {
		const char *leaf = strrchr(f->xml, '/');
		pp_sbuf_printf(b, "%s%s `%s`", f->cnf ? "; " : "",
		               f->flags & PP_F_XMLDEFAULT ? "SEP/XMLDefault" : "SEP",
		               leaf ? leaf + 1 : f->xml);
	}
	if (f->note)
		pp_sbuf_puts(b, f->note);
}

/*
 * One row per field of a line, after the lines row: each has its own .cnf
 * key and <line> child, and the options among them their own ranges.
 */
static void line_rows(pp_sbuf *b)
{
	for (const pp_field *e = pp_line_schema; e->key; e++) {
		char key[40];

		pp_sbuf_printf(b, "| `lines[].%s`", e->key);
		if ((e->flags & PP_F_REQUIRED) && e->unless)
			pp_sbuf_printf(b, " (required unless `%s`)", e->unless);
		else if (e->flags & PP_F_REQUIRED)
			pp_sbuf_puts(b, " (required)");
		pp_sbuf_puts(b, " | ");
		type_column(b, e);
		pp_sbuf_puts(b, " | ");
		if (e->lands) {
			pp_sbuf_puts(b, e->lands);
		} else {
			pp_field_cnf_key(e, 0, key, sizeof(key));
			if (e->cnf)
				pp_sbuf_printf(b, "SIP<MAC>.cnf `%s`; ", key);
			pp_sbuf_printf(b, "SEP `<line>` `%s`", e->xml);
			if (e->note)
				pp_sbuf_puts(b, e->note);
		}
		pp_sbuf_puts(b, " |\n");
	}
}

void pp_schema_markdown(pp_sbuf *b)
{
	pp_sbuf_puts(b, "| key | type, default | lands in |\n| --- | --- | --- |\n");
	for (const pp_field *f = pp_settings_schema; f->key; f++) {
		size_t start;

		pp_sbuf_puts(b, "| ");
		key_column(b, f);
		pp_sbuf_puts(b, " | ");
		type_column(b, f);
		pp_sbuf_puts(b, " | ");
		start = b->len;
		lands_column(b, f);
		pp_sbuf_puts(b, b->len == start ? "|\n" : " |\n");
		if (f->elem == pp_line_schema)
			line_rows(b);
	}
}

int pp_schema_readme(const char *readme, pp_sbuf *out)
{
	const char *begin = strstr(readme, BEGIN);
	const char *end = begin ? strstr(begin, END) : NULL;

	if (!end)
		return -1;
	pp_sbuf_add(out, readme, (size_t)(begin - readme) + strlen(BEGIN));
	pp_schema_markdown(out);
	pp_sbuf_puts(out, end);
	return out->oom ? -1 : 0;
}
