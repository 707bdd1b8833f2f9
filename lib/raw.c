/* SPDX-License-Identifier: MIT */
/*
 * The raw groups: cnf = { key = value; ... } (79x0 .cnf lines) and
 * vendor_config = { element = value; ... } (children of <vendorConfig>),
 * which pass through anything the schema does not model.
 */
#include "load.h"

#include <string.h>

/* Raw cnf keys with a documented limit (cisco-formats.md section 2). */
static const struct {
	const char *key;
	size_t max;
} cnf_limits[] = {{"phone_password", 31}, {"phone_prompt", 15}, {"sync", 32}};

size_t pp_raw_value_max(const char *key, int cnf)
{
	for (size_t j = 0; cnf && j < sizeof(cnf_limits) / sizeof(cnf_limits[0]); j++)
		if (strcmp(cnf_limits[j].key, key) == 0)
			return cnf_limits[j].max;
	return 255;
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

int pp_raw_value(pp_load *ld, const config_setting_t *e, size_t max, int cnf, pp_val *out)
{
	char path[128];

	out->file = pp_setting_file(ld, e);
	out->line = (int)config_setting_source_line(e);
	switch (config_setting_type(e)) {
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		out->type = PP_V_INT;
		out->i = config_setting_get_int64(e);
		return 0;
	case CONFIG_TYPE_BOOL:
		out->type = PP_V_BOOL;
		out->i = config_setting_get_bool(e);
		return 0;
	case CONFIG_TYPE_STRING: {
		const char *v = config_setting_get_string(e);
		if (pp_check_string(ld, e, v, max, cnf) < 0)
			return -1;
		out->type = PP_V_STR;
		out->s = pp_intern(ld, v);
		return 0;
	}
	default:
		pp_report_at(ld, PP_ERROR, e, "%s must be a string, a whole number or true/false",
		             pp_path(e, path, sizeof(path)));
		return -1;
	}
}

/* cnf = { key = value; ... } and vendor_config = { element = value; ... }. */
void pp_parse_raw(pp_load *ld, const config_setting_t *s, pp_kvs *out, int cnf)
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
		if (pp_raw_value(ld, e, pp_raw_value_max(k, cnf), cnf, &kv->val) < 0)
			continue;
		kv->key = pp_intern(ld, k);
		out->n++;
	}
}
