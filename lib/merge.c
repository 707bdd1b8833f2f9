/* SPDX-License-Identifier: MIT */
/*
 * defaults -> profile -> phone: later levels win key by key; lists are
 * replaced whole, except firmware, which is merged model by model so a
 * profile can pin one model's load without repeating the others.
 */
#include "load.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const pp_val *pp_kvs_get(const pp_kvs *kvs, const char *key)
{
	for (size_t i = 0; i < kvs->n; i++)
		if (strcmp(kvs->items[i].key, key) == 0)
			return &kvs->items[i].val;
	return NULL;
}

const char *pp_settings_load(const pp_settings *s, const char *model)
{
	for (size_t i = 0; i < s->firmware.n; i++) {
		const pp_firmware *fw = &s->firmware.items[i];
		if (PP_SET(fw->model) && PP_SET(fw->load) && pp_model_same(fw->model.s, model))
			return fw->load.s;
	}
	return NULL;
}

const char *pp_default_79x0_model(const pp_settings *s)
{
	return pp_settings_load(s, "7940") ? "7940" : "7960";
}

const char *pp_dial_template(const pp_settings *s)
{
	return PP_SET(s->dial_template) ? s->dial_template.s : "dialplan";
}

int pp_merge_items(pp_load *ld, void **items, size_t *n, const void *src, size_t nsrc, size_t size,
                   int (*same)(const void *a, const void *b))
{
	if (!nsrc)
		return 0;
	char *out = pp_arena_alloc(&ld->st->arena, (*n + nsrc) * size);
	if (!out)
		return -1;
	if (*n)
		memcpy(out, *items, *n * size);
	size_t m = *n;
	for (size_t i = 0; i < nsrc; i++) {
		const char *it = (const char *)src + i * size;
		size_t j = 0;
		while (j < m && !same(out + j * size, it))
			j++;
		memcpy(out + j * size, it, size);
		if (j == m)
			m++;
	}
	*items = out;
	*n = m;
	return 0;
}

static int same_key(const void *a, const void *b)
{
	return strcmp(((const pp_kv *)a)->key, ((const pp_kv *)b)->key) == 0;
}

static int merge_kvs(pp_load *ld, pp_kvs *dst, const pp_kvs *src)
{
	void *items = dst->items;
	int rc = pp_merge_items(ld, &items, &dst->n, src->items, src->n, sizeof(pp_kv), same_key);

	dst->items = items;
	return rc;
}

static int merge_firmware(pp_load *ld, pp_settings *dst, const pp_settings *src)
{
	size_t cap = dst->firmware.n + src->firmware.n;
	pp_firmware *items = pp_arena_alloc(&ld->st->arena, (cap ? cap : 1) * sizeof(*items));
	if (!items)
		return -1;
	if (dst->firmware.n)
		memcpy(items, dst->firmware.items, dst->firmware.n * sizeof(*items));
	size_t n = dst->firmware.n;
	for (size_t i = 0; i < src->firmware.n; i++) {
		const pp_firmware *fw = &src->firmware.items[i];
		if (!PP_SET(fw->model))
			continue;
		size_t j = 0;
		/* an earlier level's entry without a model (an error) matches nothing */
		while (j < n &&
		       (!PP_SET(items[j].model) || !pp_model_same(items[j].model.s, fw->model.s)))
			j++;
		items[j] = *fw;
		if (j == n)
			n++;
	}
	dst->firmware.items = items;
	dst->firmware.n = n;
	dst->firmware.set = 1;
	dst->firmware.file = src->firmware.file;
	dst->firmware.line = src->firmware.line;
	return 0;
}

int pp_merge(pp_load *ld, pp_settings *dst, const pp_settings *src)
{
	for (const pp_field *f = pp_settings_schema; f->key; f++)
		if (f->kind == PP_K_SCALAR && PP_SET(*pp_field_cval(f, src)))
			*pp_field_val(f, dst) = *pp_field_cval(f, src);
	if (src->dialplan.set)
		memcpy(&dst->dialplan, &src->dialplan, sizeof(dst->dialplan));
	if (src->ringlist.set)
		memcpy(&dst->ringlist, &src->ringlist, sizeof(dst->ringlist));
	if (src->lines.set)
		memcpy(&dst->lines, &src->lines, sizeof(dst->lines));
	if ((src->firmware.set && merge_firmware(ld, dst, src) < 0) ||
	    merge_kvs(ld, &dst->cnf, &src->cnf) < 0 ||
	    merge_kvs(ld, &dst->vendor_config, &src->vendor_config) < 0 ||
	    pp_merge_xml(ld, &dst->xml, &src->xml) < 0) {
		ld->oom = 1;
		return -1;
	}
	return 0;
}

static int first_time(pp_load *ld, const char *file, int line, const char *key);

/*
 * Once per setting: a default that every phone inherits is one problem, at
 * one line, however many phones have it.
 */
static int report_once(pp_load *ld, const pp_val *v, const char *key)
{
	return pp_first_report(ld, v->file, v->line, key);
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/*
 * The settings that depend on the phone's family: a line's password goes
 * into SIP<MAC>.cnf only on a 79x0, where '"' would end its value (XML
 * escapes it); the 79x0 has one call_waiting for all its lines; the 7900
 * series shows a label of at most 12 characters and no spaces
 * (usecallmanager.nz, fidelity.md section 7).
 */
static void check_family(pp_load *ld, const pp_phone *ph)
{
	const pp_settings *s = &ph->s;
	const pp_val *cw = NULL;

	for (size_t i = 0; ph->model->family == PP_FAMILY_CNF && i < s->lines.n; i++) {
		const pp_line *l = &s->lines.items[i];
		if (PP_SET(l->password) && strchr(l->password.s, '"') &&
		    report_once(ld, &l->password, "password"))
			pp_report(
			    ld, PP_ERROR, l->password.file, l->password.line,
			    "line %zu's password contains '\"', which a .cnf value cannot hold "
			    "(phone %s, a %s, gets SIP%s.cnf)",
			    i + 1, ph->mac, ph->model->name, ph->mac);
		if (!PP_SET(l->call_waiting))
			continue;
		if (!cw)
			cw = &l->call_waiting;
		else if (cw->i != l->call_waiting.i &&
		         report_once(ld, &l->call_waiting, "call_waiting"))
			pp_report(
			    ld, PP_WARNING, l->call_waiting.file, l->call_waiting.line,
			    "line %zu's call_waiting differs from an earlier line's, but a %s has "
			    "one call_waiting for all its lines: phone %s gets %s",
			    i + 1, ph->model->name, ph->mac, cw->i ? "true" : "false");
	}
	const pp_val *label = &s->label;
	if (PP_SET(*label) && strncmp(ph->model->name, "79", 2) == 0 &&
	    (utf8_chars(label->s) > 12 || strchr(label->s, ' ')) && report_once(ld, label, "label"))
		pp_report(ld, PP_WARNING, label->file, label->line,
		          "label '%s' (phoneLabel, phone_label) is %zu characters%s; a %s shows at "
		          "most 12, without spaces",
		          label->s, utf8_chars(label->s),
		          strchr(label->s, ' ') ? " with a space" : "", ph->model->name);
}

/* Checks that need the merged view: model, protocol, line count, time zone. */
void pp_check_phone(pp_load *ld, pp_phone *ph, const config_setting_t *group)
{
	const pp_settings *s = &ph->s;

	if (!PP_SET(s->model)) {
		pp_report_at(ld, PP_ERROR, group, "phone %s has no model (known: %s)", ph->mac,
		             pp_model_list());
		return;
	}
	ph->model = pp_model_find(s->model.s);
	if (!ph->model) {
		pp_report(ld, PP_ERROR, s->model.file, s->model.line,
		          "unknown model '%s' (known: %s)", s->model.s, pp_model_list());
		return;
	}
	ph->sccp = PP_SET(s->protocol) && strcasecmp(s->protocol.s, "sccp") == 0;
	if (ph->sccp && ph->model->family == PP_FAMILY_CNF) {
		pp_report(ld, PP_ERROR, s->protocol.file, s->protocol.line,
		          "a %s must run SIP firmware here: protocol = \"sccp\" is for the XML "
		          "family (7941, 7961, ...)",
		          ph->model->name);
	}
	if (s->lines.n > ph->model->max_lines)
		pp_report(ld, PP_ERROR, s->lines.file, s->lines.line,
		          "a %s has %u line key%s; %zu lines are given for phone %s",
		          ph->model->name, ph->model->max_lines,
		          ph->model->max_lines == 1 ? "" : "s", s->lines.n, ph->mac);
	if (!ph->sccp && s->lines.n == 0)
		pp_report_at(ld, PP_WARNING, group,
		             "phone %s has no lines; it will show \"No Valid Line Names "
		             "Provisioned\"",
		             ph->mac);
	if (ph->model->family == PP_FAMILY_XML && !PP_SET(s->xml_time_zone) &&
	    PP_SET(s->time_zone) && !pp_tz_xml(s->time_zone.s))
		pp_report(ld, PP_ERROR, s->time_zone.file, s->time_zone.line,
		          "time_zone '%s' has no name the %s (XML family) understands; use one "
		          "of %s, or set xml_time_zone",
		          s->time_zone.s, ph->model->name, pp_tz_list());
	const char *own = pp_dial_template(s), *served = pp_dial_template(&ld->st->defaults);
	if (strcmp(own, served) != 0)
		pp_report(
		    ld, PP_WARNING, s->dial_template.file, s->dial_template.line,
		    "phone %s asks for %s.xml, but the store serves the dial plan of defaults "
		    "as %s.xml; set dial_template in defaults only",
		    ph->mac, own, served);
	if (!PP_SET(s->proxy_address) && !ph->sccp)
		pp_report_at(ld, PP_WARNING, group,
		             "phone %s has no proxy.address to register with", ph->mac);
	check_family(ld, ph);
}

/* The semantic setting a derived .cnf key comes from, when it is set. */
static const char *derived_from(const pp_settings *s, const char *key, const char *model)
{
	pp_val v;

	for (const pp_field *f = pp_settings_schema; f->key; f++)
		if (f->cnf && f->cnf[0] == key[0] && strcmp(f->cnf, key) == 0)
			return pp_field_derive(f, s, model, &v);
	/* auto_answer, call_waiting: one key for the phone, made from its lines. */
	for (const pp_field *f = pp_line_schema; f->key; f++) {
		if (!(f->flags & (PP_F_CNF_MASK | PP_F_CNF_FIRST)) || strcmp(f->cnf, key) != 0)
			continue;
		for (size_t i = 0; i < s->lines.n; i++)
			if (PP_SET(*pp_field_cval(f, &s->lines.items[i])))
				return "lines";
		return NULL;
	}
	unsigned n;
	char rest[32];
	/* Cheap tests first: this runs for every raw key of every phone (sscanf alone was
	   10% of a 10k-phone load). */
	if (key[0] == 'l' && strncmp(key, "line", 4) == 0 &&
	    sscanf(key, "line%u_%31s", &n, rest) == 2 && n >= 1 && n <= s->lines.n)
		return "lines";
	if (key[0] == 'p' && strncmp(key, "proxy", 5) == 0 &&
	    sscanf(key, "proxy%u_%31s", &n, rest) == 2 && n >= 2 && n <= s->lines.n)
		return "lines";
	return NULL;
}

int pp_first_report(pp_load *ld, const char *file, int line, const char *key)
{
	int first = first_time(ld, file, line, key);

	if (first < 0)
		ld->oom = 1;
	return first == 1;
}

static size_t seen_hash(const struct pp_seen *s)
{
	return ((uintptr_t)s->file ^ (uintptr_t)s->key) + (size_t)s->line * 2654435761u;
}

/* 1 the first time (file, line, key) is seen, 0 after; -1 when out of memory. */
static int first_time(pp_load *ld, const char *file, int line, const char *key)
{
	if (ld->seen_n * 2 >= ld->seen_cap) {
		size_t cap = ld->seen_cap ? ld->seen_cap * 2 : 64;
		struct pp_seen *t = calloc(cap, sizeof(*t));
		if (!t)
			return -1;
		for (size_t i = 0; i < ld->seen_cap; i++) {
			if (!ld->seen[i].file)
				continue;
			/* the hash the lookup below uses, or an entry is not found again */
			size_t h = seen_hash(&ld->seen[i]) & (cap - 1);
			while (t[h].file)
				h = (h + 1) & (cap - 1);
			t[h] = ld->seen[i];
		}
		free(ld->seen);
		ld->seen = t;
		ld->seen_cap = cap;
	}
	struct pp_seen k = {file, line, key};
	size_t h = seen_hash(&k) & (ld->seen_cap - 1);
	for (; ld->seen[h].file; h = (h + 1) & (ld->seen_cap - 1))
		if (ld->seen[h].file == file && ld->seen[h].line == line && ld->seen[h].key == key)
			return 0;
	ld->seen[h] = k;
	ld->seen_n++;
	return 1;
}

void pp_check_shadowing(pp_load *ld, const pp_settings *s, const char *model)
{
	const pp_model *m = model ? pp_model_find(model) : NULL;

	/* Raw cnf keys reach a 79x0's own file only: an XML-family phone's
	   nat.enable, say, shadows no cnf.nat_enable of the defaults. */
	if (m && m->family != PP_FAMILY_CNF)
		return;
	for (size_t i = 0; i < s->cnf.n; i++) {
		const pp_kv *kv = &s->cnf.items[i];
		const char *from = derived_from(s, kv->key, model);
		if (!from)
			continue;
		if (pp_first_report(ld, kv->val.file, kv->val.line, kv->key))
			pp_report(ld, PP_WARNING, kv->val.file, kv->val.line,
			          "cnf.%s shadows the value derived from '%s' (the raw value wins)",
			          kv->key, from);
	}
}
