/* SPDX-License-Identifier: MIT */
/*
 * The raw group xml: elements of SEP<MAC>.cnf.xml that no setting models,
 *   xml = ( { path = "sipProfile/natEnabled"; value = "true"; },
 *           { path = "sipProfile/sipLines/line[2]/autoAnswer/autoAnswerEnabled"; value = "2"; } );
 * Each path is a trail of element names under <device>, so it is held to
 * what an element name may be: a path names elements, never markup, a
 * parent or a file.  After merging, each XML-family phone's entries are put
 * into its own tree as the renderer would put them (render_xml_raw.c), and
 * what they did is reported here.
 */
#include "load.h"
#include "render_format.h"

#include <stdio.h>
#include <string.h>

#define PATH(s) pp_path((s), path, sizeof(path))

static int name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* An XML name, in ASCII: what Cisco's elements are. */
static int xml_name(const char *s)
{
	if (!name_start(*s))
		return 0;
	for (s++; *s; s++)
		if (!name_char(*s))
			return 0;
	return 1;
}

/* Decimal digits only (strtoul would take a sign), capped so that nothing overflows. */
static unsigned long digits(const char *s, char **end)
{
	unsigned long v = 0;

	for (; *s >= '0' && *s <= '9'; s++)
		v = v > 100000 ? v : v * 10 + (unsigned long)(*s - '0');
	*end = (char *)s;
	return v;
}

/*
 * Split path into segs (names interned); NULL when it is a good path, else
 * why not, in why.
 */
static const char *split(pp_load *ld, const char *p, pp_xseg *segs, unsigned *nsegs, char *why,
                         size_t len)
{
	static const char bad[] = "<>&\"' ";
	const char *c;

	if (!*p)
		return "is empty; expected element names under <device> separated by '/', e.g. "
		       "\"sipProfile/natEnabled\"";
	if ((c = strpbrk(p, bad))) {
		snprintf(why, len, "holds '%c', which no element name may", *c);
		return why;
	}
	if (*p == '/')
		return "starts with '/'; a path is relative to <device>, e.g. "
		       "\"sipProfile/natEnabled\"";
	*nsegs = 0;
	for (const char *s = p;; s++) {
		size_t n = strcspn(s, "/");
		char seg[PP_XML_MAX_PATH + 1];
		unsigned idx = 1;

		if (*nsegs == PP_XML_MAX_DEPTH) {
			snprintf(why, len, "is more than %d elements deep", PP_XML_MAX_DEPTH);
			return why;
		}
		if (n == 0)
			return "has an empty element name ('//', or a '/' at the end)";
		memcpy(seg, s, n);
		seg[n] = '\0';
		if (strcmp(seg, "..") == 0 || strcmp(seg, ".") == 0) {
			snprintf(why, len, "has '%s'; a path only names elements below <device>",
			         seg);
			return why;
		}
		char name[PP_XML_MAX_PATH + 1];
		memcpy(name, seg, n + 1);
		char *br = strchr(name, '[');
		if (br) {
			char *end;
			unsigned long v = digits(br + 1, &end);
			if (end == br + 1 || end[0] != ']' || end[1] != '\0') {
				snprintf(why, len,
				         "has '%s'; an index is written NAME[N], N a number from 1 "
				         "to %d",
				         seg, PP_XML_MAX_INDEX);
				return why;
			}
			if (v < 1 || v > PP_XML_MAX_INDEX) {
				snprintf(why, len, "has '%s'; an index is from 1 (the first) to %d",
				         seg, PP_XML_MAX_INDEX);
				return why;
			}
			idx = (unsigned)v;
			*br = '\0';
		}
		if (!xml_name(name)) {
			snprintf(why, len,
			         "has '%s', which is not an element name (a letter or '_', then "
			         "letters, digits, '_', '-' or '.')",
			         seg);
			return why;
		}
		segs[*nsegs].name = pp_intern(ld, name);
		segs[*nsegs].idx = idx;
		++*nsegs;
		s += n;
		if (!*s)
			return NULL;
	}
}

/* Whether two entries name one element (line is line[1]); for pp_merge_items too. */
static int same_path(const void *va, const void *vb)
{
	const pp_xent *a = va, *b = vb;

	if (a->nsegs != b->nsegs)
		return 0;
	for (unsigned i = 0; i < a->nsegs; i++)
		if (a->segs[i].idx != b->segs[i].idx ||
		    strcmp(a->segs[i].name, b->segs[i].name) != 0)
			return 0;
	return 1;
}

/* One entry { path = "..."; value = ...; } into *x; -1 when it has an error (reported). */
static int parse_entry(pp_load *ld, const config_setting_t *e, pp_xent *x)
{
	char path[128], why[512];
	const config_setting_t *ps = NULL, *vs = NULL;
	int ok = 1;

	if (!config_setting_is_group(e)) {
		pp_report_at(ld, PP_ERROR, e,
		             "%s must be a group { path = \"sipProfile/natEnabled\"; value = "
		             "\"true\"; }",
		             PATH(e));
		return -1;
	}
	for (int i = 0; i < config_setting_length(e); i++) {
		const config_setting_t *m = config_setting_get_elem(e, (unsigned)i);
		const char *name = config_setting_name(m);
		if (strcmp(name, "path") == 0)
			ps = m;
		else if (strcmp(name, "value") == 0)
			vs = m;
		else {
			pp_report_at(ld, PP_ERROR, m,
			             "unknown key '%s' in %s (an xml entry has a path and a value)",
			             name, PATH(e));
			ok = 0;
		}
	}
	if (!ps || !vs) {
		pp_report_at(ld, PP_ERROR, e, "%s has no %s", PATH(e), ps ? "value" : "path");
		return -1;
	}
	if (config_setting_type(ps) != CONFIG_TYPE_STRING) {
		pp_report_at(ld, PP_ERROR, ps, "%s must be a string in double quotes", PATH(ps));
		return -1;
	}
	const char *p = config_setting_get_string(ps);
	if (pp_check_string(ld, ps, p, PP_XML_MAX_PATH, PP_STR_ANY) < 0)
		return -1;
	pp_xseg segs[PP_XML_MAX_DEPTH];
	const char *bad = split(ld, p, segs, &x->nsegs, why, sizeof(why));
	if (bad) {
		pp_report_at(ld, PP_ERROR, ps, "%s '%s' %s", PATH(ps), p, bad);
		return -1;
	}
	if (pp_raw_value(ld, vs, PP_XML_MAX_VALUE, PP_STR_ANY, &x->value) < 0 || !ok)
		return -1;
	pp_xseg *copy = pp_arena_alloc(&ld->st->arena, x->nsegs * sizeof(*copy));
	if (!copy) {
		ld->oom = 1;
		return -1;
	}
	memcpy(copy, segs, x->nsegs * sizeof(*copy));
	x->segs = copy;
	x->path = pp_intern(ld, p);
	/* Where the entry is, for every later message about it: its path's line. */
	x->value.file = pp_setting_file(ld, ps);
	x->value.line = (int)config_setting_source_line(ps);
	return 0;
}

void pp_parse_xml(pp_load *ld, const config_setting_t *s, pp_xents *out)
{
	char path[128];

	if (!config_setting_is_list(s) &&
	    !(config_setting_is_array(s) && config_setting_length(s) == 0)) {
		pp_report_at(ld, PP_ERROR, s,
		             "%s must be a list ( { path = \"sipProfile/natEnabled\"; value = "
		             "\"true\"; }, ... )",
		             PATH(s));
		return;
	}
	int n = config_setting_length(s);
	if (n > PP_XML_MAX_ENTRIES) {
		pp_report_at(ld, PP_ERROR, s, "%s has %d entries; at most %d", PATH(s), n,
		             PP_XML_MAX_ENTRIES);
		return;
	}
	out->items = pp_arena_alloc(&ld->st->arena, (size_t)(n ? n : 1) * sizeof(pp_xent));
	if (!out->items) {
		ld->oom = 1;
		return;
	}
	for (int i = 0; i < n; i++) {
		pp_xent *x = &out->items[out->n];
		if (parse_entry(ld, config_setting_get_elem(s, (unsigned)i), x) < 0)
			continue;
		size_t j = 0;
		while (j < out->n && !same_path(&out->items[j], x))
			j++;
		if (j < out->n) {
			pp_report(ld, PP_ERROR, x->value.file, x->value.line,
			          "xml path '%s' is given twice (also at %s:%d)", x->path,
			          out->items[j].value.file, out->items[j].value.line);
			continue;
		}
		out->n++;
	}
}

int pp_merge_xml(pp_load *ld, pp_xents *dst, const pp_xents *src)
{
	void *items = dst->items;
	int rc =
	    pp_merge_items(ld, &items, &dst->n, src->items, src->n, sizeof(pp_xent), same_path);

	dst->items = items;
	return rc;
}

/* "sipProfile/sipLines/line/autoAnswer/autoAnswerEnabled": e's path without indexes. */
static void plain_path(const pp_xent *e, unsigned upto, char *out, size_t len)
{
	size_t w = 0;

	out[0] = '\0';
	for (unsigned i = 0; i < upto && w < len; i++)
		w += (size_t)snprintf(out + w, len - w, "%s%s", i ? "/" : "", e->segs[i].name);
}

/* The setting the element at e's path is derived from, into buf; NULL when none is known. */
static const char *derived_from(const pp_settings *s, const pp_xent *e, char *buf, size_t len)
{
	static const char line_prefix[] = "sipProfile/sipLines/line/";
	char plain[PP_XML_MAX_PATH + 1];

	plain_path(e, e->nsegs, plain, sizeof(plain));
	for (const pp_field *f = pp_settings_schema; f->key; f++)
		if (f->xml && strcmp(f->xml, plain) == 0 &&
		    (f->kind != PP_K_SCALAR || PP_SET(*pp_field_cval(f, s))))
			return f->key;
	if (strncmp(plain, line_prefix, sizeof(line_prefix) - 1) == 0 && e->nsegs > 3) {
		unsigned n = e->segs[2].idx;
		for (const pp_field *f = pp_line_schema; f->key; f++)
			if (f->xml && strcmp(f->xml, plain + sizeof(line_prefix) - 1) == 0) {
				snprintf(buf, len, "lines[%u].%s", n - 1, f->key);
				return buf;
			}
	}
	if (strcmp(plain, "sipProfile/sipLines/line") == 0)
		return "lines";
	if (e->nsegs == 2 && strcmp(e->segs[0].name, "vendorConfig") == 0) {
		snprintf(buf, len, "vendor_config.%s", e->segs[1].name);
		return buf;
	}
	return NULL;
}

static void shadows(pp_load *ld, const pp_phone *ph, const pp_xent *e, const pp_xnode *n,
                    int had_children)
{
	char buf[64];
	const char *from = derived_from(&ph->s, e, buf, sizeof(buf));
	const char *inside = had_children ? ", and what is inside it" : "";

	/* The path's own string: one entry, however many phones inherit it. */
	if (!pp_first_report(ld, e->value.file, e->value.line, e->path))
		return;
	if (from)
		pp_report(ld, PP_WARNING, e->value.file, e->value.line,
		          "xml path '%s' shadows the <%s> derived from '%s'%s (the raw value wins)",
		          e->path, n->name, from, inside);
	else
		pp_report(ld, PP_WARNING, e->value.file, e->value.line,
		          "xml path '%s' shadows the <%s> phoneprov writes itself%s (the raw value "
		          "wins)",
		          e->path, n->name, inside);
}

void pp_check_xml(pp_load *ld, const pp_phone *ph)
{
	pp_xtree t;
	char where[PP_XML_MAX_PATH + 1];

	if (ph->model->family != PP_FAMILY_XML || !ph->s.xml.n)
		return;
	pp_sep_tree(ph, &t);
	for (size_t i = 0; i < ph->s.xml.n; i++) {
		const pp_xent *e = &ph->s.xml.items[i];
		pp_xapply r;
		pp_xml_apply(&t, e, &r);
		if (r.kind == PP_XA_OOM) {
			ld->oom = 1;
			break;
		}
		if (r.kind == PP_XA_SHADOWS)
			shadows(ld, ph, e, r.node, r.count > 0);
		/* Errors once per entry too (by its segs, not its path: a warning may have that).
		 */
		if (r.kind == PP_XA_ADDED || r.kind == PP_XA_SHADOWS ||
		    !pp_first_report(ld, e->value.file, e->value.line, (const char *)e->segs))
			continue;
		plain_path(e, r.seg, where, sizeof(where));
		if (r.kind == PP_XA_UNDER_TEXT)
			pp_report(ld, PP_ERROR, e->value.file, e->value.line,
			          "xml path '%s' goes inside <%s>, which holds text, not elements "
			          "(phone %s)",
			          e->path, r.node->name, ph->mac);
		else if (r.kind == PP_XA_GAP)
			pp_report(ld, PP_ERROR, e->value.file, e->value.line,
			          "xml path '%s': phone %s has %u <%s> in <%s>, so a new one is "
			          "%s[%u], not %s[%u]",
			          e->path, ph->mac, r.count, e->segs[r.seg].name,
			          r.seg ? where : "device", e->segs[r.seg].name, r.count + 1,
			          e->segs[r.seg].name, e->segs[r.seg].idx);
		else if (r.kind == PP_XA_CONFLICT)
			pp_report(ld, PP_ERROR, e->value.file, e->value.line,
			          "xml path '%s' conflicts with xml path '%s' at %s:%d: one would "
			          "replace the other, or go inside its text",
			          e->path, r.other->path, r.other->value.file, r.other->value.line);
	}
	pp_xt_free(&t);
}
