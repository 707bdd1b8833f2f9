/*
 * One settings level (defaults, a profile, a phone): every key is looked up in
 * a table that says its type and limits, so an unknown key, a wrong type or a
 * value that would break a file format is reported at its own line.
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

enum ftype { F_STR = PP_V_STR, F_INT = PP_V_INT, F_BOOL = PP_V_BOOL, F_GROUP, F_SPECIAL };

#define L_DEF  (1u << PP_LEVEL_DEFAULTS)
#define L_PROF (1u << PP_LEVEL_PROFILE)
#define L_PH   (1u << PP_LEVEL_PHONE)
#define L_ALL  (L_DEF | L_PROF | L_PH)

typedef struct field {
	const char *key;
	enum ftype type;
	size_t off; /* of the pp_val (or list) in the struct being filled */
	size_t maxlen;
	long long min, max;
	const char *const *choices;
	int cnf; /* lands in a .cnf line: '"' not allowed */
	unsigned levels;
	const struct field *sub; /* F_GROUP */
	int required;
} field;

static const char *const protocols[] = {"sip", "sccp", NULL};
static const char *const ntp_modes[] = {"unicast", "multicast", "anycast", "directedbroadcast",
                                        NULL};
static const char *const users[] = {"phone", "ip", NULL};

#define S(T, f) offsetof(T, f)

static const field proxy_fields[] = {
    {"address", F_STR, S(pp_settings, proxy_address), 255, 0, 0, NULL, 1, L_ALL, NULL, 0},
    {"port", F_INT, S(pp_settings, proxy_port), 0, 1, 65535, NULL, 1, L_ALL, NULL, 0},
    {"register", F_BOOL, S(pp_settings, proxy_register), 0, 0, 1, NULL, 1, L_ALL, NULL, 0},
    {NULL, 0, 0, 0, 0, 0, NULL, 0, 0, NULL, 0},
};

static const field ntp_fields[] = {
    {"server", F_STR, S(pp_settings, ntp_server), 255, 0, 0, NULL, 1, L_ALL, NULL, 0},
    {"mode", F_STR, S(pp_settings, ntp_mode), 32, 0, 0, ntp_modes, 1, L_ALL, NULL, 0},
    {NULL, 0, 0, 0, 0, 0, NULL, 0, 0, NULL, 0},
};

static const field settings_fields[] = {
    {"mac", F_SPECIAL, 0, 0, 0, 0, NULL, 0, L_PH, NULL, 0},
    {"profile", F_SPECIAL, 0, 0, 0, 0, NULL, 0, L_PH, NULL, 0},
    {"model", F_STR, S(pp_settings, model), 16, 0, 0, NULL, 1, L_PROF | L_PH, NULL, 0},
    {"protocol", F_STR, S(pp_settings, protocol), 8, 0, 0, protocols, 1, L_ALL, NULL, 0},
    {"label", F_STR, S(pp_settings, label), 64, 0, 0, NULL, 1, L_ALL, NULL, 0},
    {"proxy", F_GROUP, 0, 0, 0, 0, NULL, 0, L_ALL, proxy_fields, 0},
    {"ntp", F_GROUP, 0, 0, 0, 0, NULL, 0, L_ALL, ntp_fields, 0},
    {"time_zone", F_STR, S(pp_settings, time_zone), 16, 0, 0, NULL, 1, L_ALL, NULL, 0},
    {"xml_time_zone", F_STR, S(pp_settings, xml_time_zone), 64, 0, 0, NULL, 0, L_ALL, NULL, 0},
    {"date_format", F_STR, S(pp_settings, date_format), 8, 0, 0, NULL, 1, L_ALL, NULL, 0},
    {"time_format_24hr", F_BOOL, S(pp_settings, time_format_24hr), 0, 0, 1, NULL, 1, L_ALL, NULL,
     0},
    {"dial_template", F_STR, S(pp_settings, dial_template), 64, 0, 0, NULL, 1, L_ALL, NULL, 0},
    {"messages_uri", F_STR, S(pp_settings, messages_uri), 64, 0, 0, NULL, 1, L_ALL, NULL, 0},
    {"sync", F_STR, S(pp_settings, sync), 32, 0, 0, NULL, 1, L_ALL, NULL, 0},
    {"firmware", F_SPECIAL, 0, 0, 0, 0, NULL, 0, L_ALL, NULL, 0},
    {"dialplan", F_SPECIAL, 0, 0, 0, 0, NULL, 0, L_ALL, NULL, 0},
    {"ringlist", F_SPECIAL, 0, 0, 0, 0, NULL, 0, L_ALL, NULL, 0},
    {"lines", F_SPECIAL, 0, 0, 0, 0, NULL, 0, L_ALL, NULL, 0},
    {"cnf", F_SPECIAL, 0, 0, 0, 0, NULL, 0, L_ALL, NULL, 0},
    {"vendor_config", F_SPECIAL, 0, 0, 0, 0, NULL, 0, L_ALL, NULL, 0},
    {NULL, 0, 0, 0, 0, 0, NULL, 0, 0, NULL, 0},
};

static const field firmware_fields[] = {
    {"model", F_STR, S(pp_firmware, model), 16, 0, 0, NULL, 1, L_ALL, NULL, 1},
    {"load", F_STR, S(pp_firmware, load), 64, 0, 0, NULL, 1, L_ALL, NULL, 1},
    {NULL, 0, 0, 0, 0, 0, NULL, 0, 0, NULL, 0},
};

static const field dialrule_fields[] = {
    {"match", F_STR, S(pp_dialrule, match), 64, 0, 0, NULL, 1, L_ALL, NULL, 1},
    {"timeout", F_INT, S(pp_dialrule, timeout), 0, 0, 300, NULL, 1, L_ALL, NULL, 0},
    {"user", F_STR, S(pp_dialrule, user), 8, 0, 0, users, 1, L_ALL, NULL, 0},
    {"rewrite", F_STR, S(pp_dialrule, rewrite), 64, 0, 0, NULL, 1, L_ALL, NULL, 0},
    {NULL, 0, 0, 0, 0, 0, NULL, 0, 0, NULL, 0},
};

static const field ring_fields[] = {
    {"label", F_STR, S(pp_ring, label), 25, 0, 0, NULL, 1, L_ALL, NULL, 1},
    {"file", F_STR, S(pp_ring, file), 64, 0, 0, NULL, 1, L_ALL, NULL, 1},
    {NULL, 0, 0, 0, 0, 0, NULL, 0, 0, NULL, 0},
};

static const field line_fields[] = {
    {"name", F_STR, S(pp_line, name), 64, 0, 0, NULL, 1, L_ALL, NULL, 1},
    {"auth", F_STR, S(pp_line, auth), 64, 0, 0, NULL, 1, L_ALL, NULL, 0},
    {"password", F_STR, S(pp_line, password), 64, 0, 0, NULL, 1, L_ALL, NULL, 0},
    {"short", F_STR, S(pp_line, shortname), 32, 0, 0, NULL, 1, L_ALL, NULL, 0},
    {"display", F_STR, S(pp_line, display), 64, 0, 0, NULL, 1, L_ALL, NULL, 0},
    {"proxy", F_STR, S(pp_line, proxy), 255, 0, 0, NULL, 1, L_ALL, NULL, 0},
    {"port", F_INT, S(pp_line, port), 0, 1, 65535, NULL, 1, L_ALL, NULL, 0},
    {NULL, 0, 0, 0, 0, 0, NULL, 0, 0, NULL, 0},
};

/* Raw cnf keys with a documented limit (cisco-formats.md section 2). */
static const struct {
	const char *key;
	size_t max;
} cnf_limits[] = {{"phone_password", 31}, {"phone_prompt", 15}, {"sync", 32}};

static void key_names(const field *fields, const char **out, size_t max)
{
	size_t n = 0;
	for (; fields->key && n + 1 < max; fields++)
		out[n++] = fields->key;
	out[n] = NULL;
}

static void unknown_key(pp_load *ld, const config_setting_t *s, const field *fields,
                        const char *where)
{
	const char *names[40];
	key_names(fields, names, 40);
	const char *name = config_setting_name(s);
	const char *close = pp_closest(name, names);
	if (close)
		pp_report_at(ld, PP_ERROR, s, "unknown key '%s' in %s (did you mean '%s'?)", name,
		             where, close);
	else
		pp_report_at(ld, PP_ERROR, s, "unknown key '%s' in %s", name, where);
}

static int utf8_ok(const unsigned char *p, int *curly, int *nonascii)
{
	while (*p) {
		unsigned c = *p, need, cp;
		if (c < 0x80) {
			p++;
			continue;
		}
		*nonascii = 1;
		if (c >= 0xc2 && c <= 0xdf)
			need = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			need = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 3, cp = c & 0x07;
		else
			return 0;
		for (unsigned i = 1; i <= need; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		if (cp == 0x201c || cp == 0x201d || cp == 0x2018 || cp == 0x2019)
			*curly = 1;
		p += need + 1;
	}
	return 1;
}

int pp_check_string(pp_load *ld, const config_setting_t *s, const char *v, size_t maxlen,
                    int for_cnf)
{
	char path[128];
	int curly = 0, nonascii = 0;
	size_t len = strlen(v);

	for (const char *p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f) {
			pp_report_at(ld, PP_ERROR, s,
			             "%s contains a control character (0x%02x); a newline or tab "
			             "would break the file it lands in",
			             PATH(s), c);
			return -1;
		}
		if (c == '"' && for_cnf) {
			pp_report_at(ld, PP_ERROR, s,
			             "%s contains '\"', which a .cnf value cannot hold", PATH(s));
			return -1;
		}
	}
	if (!utf8_ok((const unsigned char *)v, &curly, &nonascii)) {
		pp_report_at(ld, PP_ERROR, s, "%s is not valid UTF-8", PATH(s));
		return -1;
	}
	if (curly) {
		pp_report_at(ld, PP_ERROR, s,
		             "%s contains a typographic quote (\xe2\x80\x9c \xe2\x80\x9d); "
		             "phones need plain ASCII",
		             PATH(s));
		return -1;
	}
	if (maxlen && len > maxlen) {
		pp_report_at(ld, PP_ERROR, s, "%s is %zu characters long; at most %zu fit", PATH(s),
		             len, maxlen);
		return -1;
	}
	if (nonascii && for_cnf)
		pp_report_at(ld, PP_WARNING, s,
		             "%s is not plain ASCII; 79x0 phones may show it garbled", PATH(s));
	return 0;
}

static const char *intern(pp_load *ld, const char *s)
{
	char *p = pp_arena_strdup(&ld->st->arena, s);
	if (!p)
		ld->oom = 1;
	return p ? p : "";
}

/* Fill *out from scalar setting s as field f says; report and leave unset on error. */
static void parse_scalar(pp_load *ld, const config_setting_t *s, const field *f, pp_val *out)
{
	char path[128];
	int t = config_setting_type(s);

	out->file = pp_setting_file(ld, s);
	out->line = (int)config_setting_source_line(s);
	switch (f->type) {
	case F_STR: {
		if (t != CONFIG_TYPE_STRING) {
			pp_report_at(ld, PP_ERROR, s, "%s must be a string in double quotes", PATH(s));
			return;
		}
		const char *v = config_setting_get_string(s);
		if (pp_check_string(ld, s, v, f->maxlen, f->cnf) < 0)
			return;
		if (f->choices) {
			const char *const *c = f->choices;
			while (*c && strcasecmp(*c, v) != 0)
				c++;
			if (!*c) {
				char list[128] = "";
				for (c = f->choices; *c; c++)
					snprintf(list + strlen(list), sizeof(list) - strlen(list),
					         "%s%s", c == f->choices ? "" : ", ", *c);
				pp_report_at(ld, PP_ERROR, s, "%s is '%s'; expected one of: %s",
				             PATH(s), v, list);
				return;
			}
		}
		out->s = intern(ld, v);
		out->type = PP_V_STR;
		return;
	}
	case F_INT: {
		if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) {
			pp_report_at(ld, PP_ERROR, s, "%s must be a whole number", PATH(s));
			return;
		}
		long long v = config_setting_get_int64(s);
		if (v < f->min || v > f->max) {
			pp_report_at(ld, PP_ERROR, s, "%s is %lld; expected %lld to %lld", PATH(s), v,
			             f->min, f->max);
			return;
		}
		out->i = v;
		out->type = PP_V_INT;
		return;
	}
	case F_BOOL: {
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

/* Walk a group's children against a field table, writing pp_vals into base. */
static void parse_fields(pp_load *ld, const config_setting_t *group, const field *fields,
                         void *base, enum pp_level level, const char *where)
{
	char path[128];
	int n = config_setting_length(group);

	for (int i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
		const char *name = config_setting_name(s);
		const field *f = fields;
		/* The first letter first: this runs for every setting of every phone. */
		while (f->key && (f->key[0] != name[0] || strcmp(f->key, name) != 0))
			f++;
		if (!f->key) {
			unknown_key(ld, s, fields, where);
			continue;
		}
		if (!(f->levels & (1u << level))) {
			pp_report_at(ld, PP_ERROR, s, "%s is not allowed in %s", PATH(s), where);
			continue;
		}
		if (f->type == F_SPECIAL)
			continue;
		if (f->type == F_GROUP) {
			if (!config_setting_is_group(s))
				pp_report_at(ld, PP_ERROR, s, "%s must be a group { ... }", PATH(s));
			else
				parse_fields(ld, s, f->sub, base, level, PATH(s));
			continue;
		}
		if (!config_setting_is_scalar(s)) {
			pp_report_at(ld, PP_ERROR, s, "%s must be a single value", PATH(s));
			continue;
		}
		parse_scalar(ld, s, f, (pp_val *)((char *)base + f->off));
	}
	for (const field *f = fields; f->key; f++) {
		if (f->required && !PP_SET(*(pp_val *)((char *)base + f->off))) {
			if (!config_setting_get_member(group, f->key)) {
				pp_setting_path(group, path, sizeof(path));
				pp_report_at(ld, PP_ERROR, group, "%s has no %s", path, f->key);
			}
		}
	}
}

/* A list of groups, each parsed with fields into an arena array of elem_size. */
static void *parse_list(pp_load *ld, const config_setting_t *s, const field *fields,
                        size_t elem_size, size_t *n_out, enum pp_level level)
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
		parse_fields(ld, e, fields, items + (size_t)i * elem_size, level, epath);
	}
	*n_out = (size_t)n;
	return items;
}

static int cnf_key_ok(const char *k)
{
	if (!*k)
		return 0;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '_'))
			return 0;
	return 1;
}

static int xml_name_ok(const char *k)
{
	if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z')))
		return 0;
	for (k++; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
		      (*k >= '0' && *k <= '9') || *k == '_'))
			return 0;
	return 1;
}

/* cnf = { key = value; ... } and vendor_config = { element = value; ... }. */
static void parse_raw(pp_load *ld, const config_setting_t *s, pp_kvs *out, int cnf)
{
	char path[128];
	pp_setting_path(s, path, sizeof(path));
	if (!config_setting_is_group(s)) {
		pp_report_at(ld, PP_ERROR, s, "%s must be a group { key = value; ... }", path);
		return;
	}
	int n = config_setting_length(s);
	out->items = pp_arena_alloc(&ld->st->arena, (size_t)(n ? n : 1) * sizeof(pp_kv));
	if (!out->items) {
		ld->oom = 1;
		return;
	}
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		const char *k = config_setting_name(e);
		char epath[128];
		if (cnf ? !cnf_key_ok(k) : !xml_name_ok(k)) {
			pp_report_at(ld, PP_ERROR, e,
			             cnf ? "%s: a .cnf key must be lower case letters, digits and "
			                   "'_' only"
			                 : "%s: a vendor_config key must be a letter followed by "
			                   "letters, digits or '_'",
			             pp_path(e, epath, sizeof(epath)));
			continue;
		}
		pp_kv *kv = &out->items[out->n];
		kv->val.file = pp_setting_file(ld, e);
		kv->val.line = (int)config_setting_source_line(e);
		switch (config_setting_type(e)) {
		case CONFIG_TYPE_INT:
		case CONFIG_TYPE_INT64:
			kv->val.type = PP_V_INT;
			kv->val.i = config_setting_get_int64(e);
			break;
		case CONFIG_TYPE_BOOL:
			kv->val.type = PP_V_BOOL;
			kv->val.i = config_setting_get_bool(e);
			break;
		case CONFIG_TYPE_STRING: {
			const char *v = config_setting_get_string(e);
			size_t max = 255;
			for (size_t j = 0; cnf && j < sizeof(cnf_limits) / sizeof(cnf_limits[0]);
			     j++)
				if (strcmp(cnf_limits[j].key, k) == 0)
					max = cnf_limits[j].max;
			if (pp_check_string(ld, e, v, max, cnf) < 0)
				continue;
			kv->val.type = PP_V_STR;
			kv->val.s = intern(ld, v);
			break;
		}
		default:
			pp_report_at(ld, PP_ERROR, e,
			             "%s must be a string, a whole number or true/false",
			             pp_path(e, epath, sizeof(epath)));
			continue;
		}
		kv->key = intern(ld, k);
		out->n++;
	}
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
static const config_setting_t *member(const config_setting_t *group, const char *key)
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

void pp_parse_settings(pp_load *ld, const config_setting_t *group, enum pp_level level,
                       pp_settings *out)
{
	parse_fields(ld, group, settings_fields, out, level, level_name(level));

	const config_setting_t *s;
	if ((s = member(group, "firmware"))) {
		out->firmware.items = parse_list(ld, s, firmware_fields, sizeof(pp_firmware),
		                                 &out->firmware.n, level);
		out->firmware.set = 1;
		out->firmware.file = pp_setting_file(ld, s);
		out->firmware.line = (int)config_setting_source_line(s);
		for (size_t i = 0; i < out->firmware.n; i++) {
			const pp_firmware *fw = &out->firmware.items[i];
			if (!PP_SET(fw->model))
				continue;
			if (!pp_model_find(fw->model.s))
				pp_report(ld, PP_ERROR, fw->model.file, fw->model.line,
				          "unknown model '%s' in firmware (known: %s)", fw->model.s,
				          pp_model_list());
			for (size_t j = 0; j < i; j++)
				if (PP_SET(out->firmware.items[j].model) &&
				    strcasecmp(out->firmware.items[j].model.s, fw->model.s) == 0)
					pp_report(ld, PP_ERROR, fw->model.file, fw->model.line,
					          "firmware for model %s is given twice (also at "
					          "%s:%d)",
					          fw->model.s, out->firmware.items[j].model.file,
					          out->firmware.items[j].model.line);
			if (PP_SET(fw->load) && (!fw->load.s[0] || strpbrk(fw->load.s, "/ \\")))
				pp_report(ld, PP_ERROR, fw->load.file, fw->load.line,
				          "firmware load '%s' must be a file base name, without "
				          "'/', '\\' or spaces",
				          fw->load.s);
		}
	}
	if ((s = member(group, "dialplan"))) {
		out->dialplan.items = parse_list(ld, s, dialrule_fields, sizeof(pp_dialrule),
		                                 &out->dialplan.n, level);
		out->dialplan.set = 1;
		out->dialplan.file = pp_setting_file(ld, s);
		out->dialplan.line = (int)config_setting_source_line(s);
	}
	if ((s = member(group, "ringlist"))) {
		out->ringlist.items =
		    parse_list(ld, s, ring_fields, sizeof(pp_ring), &out->ringlist.n, level);
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
	if ((s = member(group, "lines"))) {
		out->lines.items =
		    parse_list(ld, s, line_fields, sizeof(pp_line), &out->lines.n, level);
		out->lines.set = 1;
		out->lines.file = pp_setting_file(ld, s);
		out->lines.line = (int)config_setting_source_line(s);
		for (size_t i = 0; out->lines.items && i < out->lines.n; i++) {
			const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
			pp_line *l = &out->lines.items[i];
			l->file = pp_setting_file(ld, e);
			l->line = (int)config_setting_source_line(e);
			if (PP_SET(l->name) && !PP_SET(l->password))
				pp_report(ld, PP_WARNING, l->file, l->line,
				          "line %zu ('%s') has no password", i + 1, l->name.s);
		}
	}
	if ((s = member(group, "dial_template")) && PP_SET(out->dial_template) &&
	    strpbrk(out->dial_template.s, "/\\ "))
		pp_report_at(ld, PP_ERROR, s,
		             "dial_template is a file base name (\"dialplan\" for dialplan.xml), "
		             "without '/' or spaces");
	if ((s = member(group, "cnf")))
		parse_raw(ld, s, &out->cnf, 1);
	if ((s = member(group, "vendor_config")))
		parse_raw(ld, s, &out->vendor_config, 0);
}
