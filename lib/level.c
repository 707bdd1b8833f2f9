/* SPDX-License-Identifier: MIT */
/*
 * One settings level (defaults, a profile, a phone): every key is looked up in
 * the schema (schema_rows.h), which says its type and limits, so an unknown
 * key, a wrong type or a value that would break a file format is reported at
 * its own line.  The raw groups cnf and vendor_config are raw.c's, xml
 * raw_xml.c's.
 */
#include "load.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/*
 * A setting's path for a message, built only when there is a message: paths
 * for every setting of every phone were a third of a 10k-phone load.  Each
 * function using it has its own char path[128].
 */
#define PATH(s) pp_path((s), path, sizeof(path))

/*
 * The names a group may hold, for "did you mean": the rows under prefix
 * ("proxy." inside proxy = { }, "" for a level), a group of rows once.
 */
static void unknown_key(pp_load *ld, const config_setting_t *s, const pp_field *t,
                        const char *prefix, size_t plen, const char *where)
{
	char buf[40][32];
	const char *names[41];
	size_t n = 0;

	for (; t->key && n < 40; t++) {
		if (strncmp(t->key, prefix, plen) != 0)
			continue;
		const char *k = t->key + plen;
		size_t len = strcspn(k, "."), i = 0;
		while (i < n && !(strncmp(names[i], k, len) == 0 && names[i][len] == '\0'))
			i++;
		if (i < n || len >= sizeof(buf[0]))
			continue;
		memcpy(buf[n], k, len);
		buf[n][len] = '\0';
		names[n] = buf[n];
		n++;
	}
	names[n] = NULL;
	const char *name = config_setting_name(s);
	const char *close = pp_closest(name, names);
	if (close)
		pp_report_at(ld, PP_ERROR, s, "unknown key '%s' in %s (did you mean '%s'?)", name,
		             where, close);
	else
		pp_report_at(ld, PP_ERROR, s, "unknown key '%s' in %s", name, where);
}

const char *pp_intern(pp_load *ld, const char *s)
{
	char *p = pp_arena_strdup(&ld->st->arena, s);
	if (!p)
		ld->oom = 1;
	return p ? p : "";
}

/* Fill *out from scalar setting s as row f says; report and leave unset on error. */
static void parse_scalar(pp_load *ld, const config_setting_t *s, const pp_field *f, pp_val *out)
{
	char path[128];
	int t = config_setting_type(s);

	out->file = pp_setting_file(ld, s);
	out->line = (int)config_setting_source_line(s);
	switch (f->type) {
	case PP_V_STR: {
		if (t != CONFIG_TYPE_STRING) {
			pp_report_at(ld, PP_ERROR, s, "%s must be a string in double quotes",
			             PATH(s));
			return;
		}
		const char *v = config_setting_get_string(s);
		int cnf = !(f->flags & PP_F_NOQUOTE) ? PP_STR_ANY
		          : f->flags & PP_F_XMLQUOTE ? PP_STR_CNF_LATER
		                                     : PP_STR_CNF;
		if (pp_check_string(ld, s, v, f->maxlen, cnf) < 0)
			return;
		if ((f->flags & PP_F_FILENAME) && (!*v || strpbrk(v, " \t\\"))) {
			/* The phone would ask for a name no TFTP server holds, and say nothing. */
			pp_report_at(ld, PP_ERROR, s,
			             "%s is '%s'; expected a file name in the TFTP root, without "
			             "spaces or '\\'",
			             PATH(s), v);
			return;
		}
		if (!pp_field_choice(f, v)) {
			char list[128];
			size_t n = 0;
			for (const char *c = f->choices; *c && n + 3 < sizeof(list); c++) {
				if (*c == ' ')
					list[n++] = ',';
				list[n++] = *c;
			}
			list[n] = '\0';
			pp_report_at(ld, PP_ERROR, s, "%s is '%s'; expected one of: %s", PATH(s), v,
			             list);
			return;
		}
		out->s = pp_intern(ld, v);
		out->type = PP_V_STR;
		return;
	}
	case PP_V_INT: {
		if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) {
			pp_report_at(ld, PP_ERROR, s, "%s must be a whole number", PATH(s));
			return;
		}
		long long v = config_setting_get_int64(s);
		if (v < f->min || v > f->max) {
			pp_report_at(ld, PP_ERROR, s, "%s is %lld; expected %lld to %lld", PATH(s),
			             v, f->min, f->max);
			return;
		}
		out->i = v;
		out->type = PP_V_INT;
		return;
	}
	case PP_V_BOOL: {
		long long v;
		if (t == CONFIG_TYPE_BOOL)
			v = config_setting_get_bool(s);
		else if ((t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) &&
		         (config_setting_get_int64(s) == 0 || config_setting_get_int64(s) == 1))
			v = config_setting_get_int64(s);
		else {
			pp_report_at(ld, PP_ERROR, s, "%s must be true or false", PATH(s));
			return;
		}
		out->i = v;
		out->type = PP_V_BOOL;
		return;
	}
	default:
		return;
	}
}

/*
 * The row for name among the rows under prefix (plen bytes); for a group of
 * rows ("proxy" for proxy.address, proxy.port ...), its first row and *group.
 */
static const pp_field *find_row(const pp_field *t, const char *prefix, size_t plen,
                                const char *name, int *group)
{
	size_t n = strlen(name);

	*group = 0;
	for (; t->key; t++) {
		/* The first letter first: this runs for every setting of every phone. */
		if (plen && (t->key[0] != prefix[0] || strncmp(t->key, prefix, plen) != 0))
			continue;
		const char *k = t->key + plen;
		if (k[0] != name[0] || strncmp(k, name, n) != 0)
			continue;
		if (k[n] == '\0')
			return t;
		if (k[n] == '.' && !plen) {
			*group = 1;
			return t;
		}
	}
	return NULL;
}

/* A group of rows is allowed at a level where one of its rows is. */
static int group_at_level(const pp_field *first, size_t plen, enum pp_level level)
{
	for (const pp_field *f = first; f->key; f++)
		if (strncmp(f->key, first->key, plen) == 0 && pp_field_at_level(f, level))
			return 1;
	return 0;
}

/*
 * Walk a group's children against the rows under prefix, writing pp_vals
 * into base.  elem: base is a list element, which must have its required rows.
 */
static void parse_fields(pp_load *ld, const config_setting_t *group, const pp_field *t,
                         const char *prefix, size_t plen, void *base, enum pp_level level,
                         const char *where, int elem)
{
	char path[128];
	int n = config_setting_length(group);

	for (int i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
		const char *name = config_setting_name(s);
		int is_group;
		const pp_field *f = find_row(t, prefix, plen, name, &is_group);
		if (!f) {
			unknown_key(ld, s, t, prefix, plen, where);
			continue;
		}
		size_t sub = strlen(name) + 1; /* "proxy." */
		if (!(is_group ? group_at_level(f, sub, level) : pp_field_at_level(f, level))) {
			pp_report_at(ld, PP_ERROR, s, "%s is not allowed in %s", PATH(s), where);
			continue;
		}
		if (is_group) {
			if (!config_setting_is_group(s))
				pp_report_at(ld, PP_ERROR, s, "%s must be a group { ... }",
				             PATH(s));
			else
				/* elem 0: the element's required rows are checked once, by the
				   caller, not against this sub-group's children. */
				parse_fields(ld, s, t, f->key, sub, base, level, PATH(s), 0);
			continue;
		}
		if (f->kind != PP_K_SCALAR)
			continue; /* lists and raw groups below, mac and profile in store.c */
		if (!config_setting_is_scalar(s)) {
			pp_report_at(ld, PP_ERROR, s, "%s must be a single value", PATH(s));
			continue;
		}
		parse_scalar(ld, s, f, pp_field_val(f, base));
	}
	for (const pp_field *f = t; elem && f->key; f++) {
		if ((f->flags & PP_F_REQUIRED) && !PP_SET(*pp_field_cval(f, base)) &&
		    !config_setting_get_member(group, f->key) &&
		    !(f->unless && config_setting_get_member(group, f->unless))) {
			pp_setting_path(group, path, sizeof(path));
			pp_report_at(ld, PP_ERROR, group, "%s has no %s", path, f->key);
		}
	}
}

/* A list of groups, each parsed with rows t into an arena array of elem_size. */
void *pp_parse_list(pp_load *ld, const config_setting_t *s, const pp_field *t, size_t elem_size,
                    size_t *n_out, enum pp_level level)
{
	char path[128];
	pp_setting_path(s, path, sizeof(path));
	*n_out = 0;
	if (!config_setting_is_list(s) &&
	    !(config_setting_is_array(s) && config_setting_length(s) == 0)) {
		pp_report_at(ld, PP_ERROR, s, "%s must be a list ( { ... }, { ... } )", path);
		return NULL;
	}
	int n = config_setting_length(s);
	char *items = pp_arena_alloc(&ld->st->arena, (size_t)(n ? n : 1) * elem_size);
	if (!items) {
		ld->oom = 1;
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		char epath[128];
		pp_setting_path(e, epath, sizeof(epath));
		if (!config_setting_is_group(e)) {
			pp_report_at(ld, PP_ERROR, e, "%s must be a group { ... }", epath);
			continue;
		}
		parse_fields(ld, e, t, "", 0, items + (size_t)i * elem_size, level, epath, 1);
	}
	*n_out = (size_t)n;
	return items;
}

static const char *level_name(enum pp_level level)
{
	return level == PP_LEVEL_DEFAULTS  ? "defaults"
	       : level == PP_LEVEL_PROFILE ? "a profile"
	                                   : "a phone";
}

/*
 * config_setting_get_member, for a group's few children: libconfig 1.5's own
 * costs about 500 instructions a call, and this runs seven times a phone.
 */
const config_setting_t *pp_member(const config_setting_t *group, const char *key)
{
	if (!config_setting_is_group(group))
		return NULL;
	int n = config_setting_length(group);
	for (int i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
		const char *name = config_setting_name(s);
		if (name && name[0] == key[0] && strcmp(name, key) == 0)
			return s;
	}
	return NULL;
}

/*
 * A warning, not an error: lib/locale.c lists only the names seen in working
 * files, so a name missing there may still be right; a misspelt one would
 * leave the phone on its own locale (US tones, fidelity.md section 4).
 */
static void check_locale(pp_load *ld, const pp_val *v, int network)
{
	char known[256];

	if (!PP_SET(*v) || pp_locale_known(v->s, network))
		return;
	pp_report(ld, PP_WARNING, v->file, v->line,
	          "locale.%s '%s' is not a Cisco %s locale phoneprov knows (known: %s); check "
	          "its spelling",
	          network ? "network" : "user", v->s, network ? "network" : "user",
	          pp_locale_list(network, known, sizeof(known)));
}

void pp_parse_settings(pp_load *ld, const config_setting_t *group, enum pp_level level,
                       pp_settings *out)
{
	parse_fields(ld, group, pp_settings_schema, "", 0, out, level, level_name(level), 0);

	const config_setting_t *s;
	if ((s = pp_member(group, "firmware")))
		pp_parse_firmware(ld, s, level, out);
	if ((s = pp_member(group, "dialplan"))) {
		out->dialplan.items = pp_parse_list(ld, s, pp_dialrule_schema, sizeof(pp_dialrule),
		                                    &out->dialplan.n, level);
		out->dialplan.set = 1;
		out->dialplan.file = pp_setting_file(ld, s);
		out->dialplan.line = (int)config_setting_source_line(s);
	}
	if ((s = pp_member(group, "ringlist"))) {
		out->ringlist.items =
		    pp_parse_list(ld, s, pp_ring_schema, sizeof(pp_ring), &out->ringlist.n, level);
		out->ringlist.set = 1;
		out->ringlist.file = pp_setting_file(ld, s);
		out->ringlist.line = (int)config_setting_source_line(s);
		for (size_t i = 0; i < out->ringlist.n; i++) {
			const pp_val *f = &out->ringlist.items[i].file;
			if (PP_SET(*f) &&
			    (strstr(f->s, "..") || f->s[0] == '/' || strpbrk(f->s, " \\")))
				pp_report(ld, PP_ERROR, f->file, f->line,
				          "ring file '%s' must be a relative path without '..' or "
				          "spaces",
				          f->s);
		}
	}
	if ((s = pp_member(group, "lines"))) {
		out->lines.items =
		    pp_parse_list(ld, s, pp_line_schema, sizeof(pp_line), &out->lines.n, level);
		out->lines.set = 1;
		out->lines.file = pp_setting_file(ld, s);
		out->lines.line = (int)config_setting_source_line(s);
		for (size_t i = 0; out->lines.items && i < out->lines.n; i++) {
			const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
			pp_line *l = &out->lines.items[i];
			l->file = pp_setting_file(ld, e);
			l->line = (int)config_setting_source_line(e);
			pp_pjsip_line(ld, l, i + 1);
			if (PP_SET(l->name) && !PP_SET(l->password))
				pp_report(ld, PP_WARNING, l->file, l->line,
				          "line %zu ('%s') has no password", i + 1, l->name.s);
			if (PP_SET(l->busy_trigger) && PP_SET(l->max_calls) &&
			    l->busy_trigger.i > l->max_calls.i)
				pp_report(
				    ld, PP_ERROR, l->busy_trigger.file, l->busy_trigger.line,
				    "line %zu's busy_trigger is %lld, more than its max_calls "
				    "(%lld)",
				    i + 1, l->busy_trigger.i, l->max_calls.i);
		}
	}
	if ((s = pp_member(group, "dial_template")) && PP_SET(out->dial_template) &&
	    pp_not_base_name(out->dial_template.s))
		pp_report_at(ld, PP_ERROR, s,
		             "dial_template is a file base name (\"dialplan\" for dialplan.xml), "
		             "without '/' or spaces");
	check_locale(ld, &out->locale_user, 0);
	check_locale(ld, &out->locale_network, 1);
	if ((s = pp_member(group, "cnf")))
		pp_parse_raw(ld, s, &out->cnf, 1);
	if ((s = pp_member(group, "vendor_config")))
		pp_parse_raw(ld, s, &out->vendor_config, 0);
	if ((s = pp_member(group, "xml")))
		pp_parse_xml(ld, s, &out->xml);
}
