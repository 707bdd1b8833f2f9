/* SPDX-License-Identifier: MIT */
/*
 * The planner: from the load a phone runs (or what is known of it) to the
 * next load to offer it, along the store's via or the built-in table.
 * Pure: no files, no clock; the shim, check and `phoneprov firmware` all ask
 * it, so they cannot disagree about a phone's path.
 */
#include "firmware.h"
#include "render_format.h"

#include <stdio.h>
#include <string.h>

const pp_firmware *pp_fw_entry(const pp_settings *s, const char *model)
{
	for (size_t i = 0; s && model && i < s->firmware.n; i++) {
		const pp_firmware *fw = &s->firmware.items[i];
		if (PP_SET(fw->model) && PP_SET(fw->load) && pp_model_same(fw->model.s, model))
			return fw;
	}
	return NULL;
}

/* A 79x0 step taken by the original mechanism: OS79XX.TXT names it, the phone fetches a .bin. */
static int is_bin(const char *load)
{
	pp_fw_load l;

	return pp_fw_parse(load, &l) == 0 && l.kind == PP_FWK_79X0 &&
	       (pp_fw_preloader(&l) || l.proto == PP_FWP_LOADER);
}

static int add_step(pp_fw_step *out, size_t *n, const char *load, const pp_fw_rule *rule)
{
	if (*n > PP_FW_MAX_VIA || strlen(load) > PP_FW_NAME_MAX)
		return -1;
	for (size_t i = 0; i < *n; i++)
		if (pp_fw_same(out[i].load, load))
			return 0; /* a row that makes the target itself, or a step twice */
	snprintf(out[*n].load, sizeof(out[*n].load), "%s", load);
	out[*n].bin = is_bin(load);
	out[*n].rule = rule;
	(*n)++;
	return 0;
}

static int model_in(const char *list, const char *model)
{
	char word[24];

	for (const char *p = list; *p;) {
		size_t len = strcspn(p, " ");
		if (len < sizeof(word)) {
			memcpy(word, p, len);
			word[len] = '\0';
			if (pp_model_same(word, model))
				return 1;
		}
		p += len + (p[len] == ' ');
	}
	return 0;
}

static int below(const pp_fw_load *l, const unsigned v[3])
{
	for (int i = 0; i < 3; i++)
		if (l->v[i] != v[i])
			return l->v[i] < v[i];
	return 0;
}

/* The load rule r makes for target t (the target's name tname); 0, or -1 when it cannot. */
static int make_load(const pp_fw_rule *r, const char *tname, char *out, size_t len)
{
	switch (r->make) {
	case PP_FWM_LOADER:
		pp_os79xx_name(tname, out, len);
		return 0;
	case PP_FWM_XML: {
		size_t pre = strcspn(tname, ".");
		if (!tname[pre] || pre + strlen(r->load) >= len)
			return -1;
		snprintf(out, len, "%.*s%s", (int)pre, tname, r->load);
		return 0;
	}
	default:
		snprintf(out, len, "%s", r->load);
		return 0;
	}
}

/*
 * Whether row r takes a phone of model, on cur, towards target.  A load it
 * cannot read counts as below every row: skipping a needed step is what
 * bricks or loops a phone, taking an unneeded one costs a reboot.
 */
static int rule_applies(const pp_fw_rule *r, const char *model, const pp_fw_load *t,
                        const pp_fw_current *cur)
{
	pp_fw_load c;

	if (!model_in(r->models, model))
		return 0;
	if (t->kind != (r->preloader_only ? PP_FWK_79X0 : PP_FWK_XML) ||
	    (r->target_proto != PP_FWP_NONE && t->proto != r->target_proto) ||
	    below(t, r->target_min))
		return 0;
	if (!cur)
		return 1;
	switch (cur->known) {
	case PP_FW_PRELOADER:
		return 1;
	case PP_FW_LOADER_ERA:
		return !r->preloader_only;
	case PP_FW_EXACT:
		if (pp_fw_parse(cur->load, &c) < 0 || c.kind != t->kind)
			return 1;
		if (r->preloader_only && !pp_fw_preloader(&c))
			return 0;
		return below(&c, r->from_below);
	default:
		return 1;
	}
}

/* The table's path for model to fw's target from cur (NULL: from anywhere), target last. */
static size_t table_path(const pp_model *model, const pp_firmware *fw, const pp_fw_current *cur,
                         pp_fw_step *out)
{
	pp_fw_load t;
	size_t n = 0;
	char name[PP_FW_NAME_MAX + 1];

	if (pp_fw_parse(fw->load.s, &t) == 0)
		for (size_t i = 0; pp_fw_rule_at(i); i++) {
			const pp_fw_rule *r = pp_fw_rule_at(i);
			if (rule_applies(r, model->name, &t, cur) &&
			    make_load(r, fw->load.s, name, sizeof(name)) == 0)
				add_step(out, &n, name, r);
		}
	add_step(out, &n, fw->load.s, NULL);
	return n;
}

size_t pp_fw_all_steps(const pp_model *model, const pp_firmware *fw,
                       pp_fw_step out[PP_FW_MAX_VIA + 1])
{
	size_t n = 0;

	if (!model || !fw)
		return 0;
	if (!PP_SET(fw->via))
		return table_path(model, fw, NULL, out);
	for (size_t i = 0; i < fw->nsteps; i++)
		add_step(out, &n, fw->steps[i], NULL);
	add_step(out, &n, fw->load.s, NULL);
	return n;
}

/* Whether a phone on cur has no use for step s of a via: behind it, or of a mechanism it left. */
static int passed(const pp_fw_step *s, const pp_fw_current *cur)
{
	pp_fw_load c, l;

	if (cur->known == PP_FW_LOADER_ERA)
		return s->bin;
	if (cur->known != PP_FW_EXACT || pp_fw_parse(cur->load, &c) < 0)
		return 0;
	if (c.kind == PP_FWK_79X0 && !pp_fw_preloader(&c) && s->bin)
		return 1;
	return pp_fw_parse(s->load, &l) == 0 && l.kind == c.kind && pp_fw_cmp(&l, &c) <= 0;
}

/* Runs a newer load of the target's own kind and protocol than the target. */
static int newer(const char *cur, const char *target)
{
	pp_fw_load c, t;

	return pp_fw_parse(cur, &c) == 0 && pp_fw_parse(target, &t) == 0 && c.kind == t.kind &&
	       c.proto == t.proto && strcmp(c.code, t.code) == 0 && pp_fw_cmp(&c, &t) > 0;
}

void pp_fw_plan_for(const pp_model *model, const pp_firmware *fw, const pp_fw_current *cur_,
                    pp_fw_plan *out)
{
	static const pp_fw_current unknown = {PP_FW_UNKNOWN, NULL};
	const pp_fw_current *cur =
	    cur_ && (cur_->known != PP_FW_EXACT || cur_->load) ? cur_ : &unknown;
	pp_fw_step all[PP_FW_MAX_VIA + 1];
	size_t n, start = 0;

	memset(out, 0, sizeof(*out));
	if (!model || !fw || !PP_SET(fw->load))
		return;
	out->target = fw->load.s;
	out->from_via = PP_SET(fw->via);
	if (cur->known == PP_FW_EXACT && pp_fw_same(cur->load, fw->load.s)) {
		out->state = PP_FWS_ON_TARGET;
		snprintf(out->next, sizeof(out->next), "%s", fw->load.s);
		return;
	}
	if (cur->known == PP_FW_EXACT && !fw->pinned && newer(cur->load, fw->load.s)) {
		out->state = PP_FWS_HELD;
		snprintf(out->next, sizeof(out->next), "%.*s", PP_FW_NAME_MAX, cur->load);
		return;
	}
	if (!out->from_via) {
		n = table_path(model, fw, cur, all);
	} else {
		n = pp_fw_all_steps(model, fw, all);
		/* On a step: the ones after it.  Elsewhere: those it has not passed. */
		for (size_t i = 0; cur->known == PP_FW_EXACT && i + 1 < n; i++)
			if (pp_fw_same(all[i].load, cur->load))
				start = i + 1;
	}
	out->state = PP_FWS_STEPPING;
	for (size_t i = start; i < n; i++)
		if (i + 1 == n || start || !out->from_via || !passed(&all[i], cur))
			out->steps[out->n++] = all[i];
	snprintf(out->next, sizeof(out->next), "%s", out->steps[0].load);
}

/* Whether via's load v takes the place of table step s: same mechanism, same range of versions. */
static int stands_in(const char *v, const pp_fw_step *s)
{
	pp_fw_load l, want;

	if (pp_fw_same(v, s->load))
		return 1;
	if (pp_fw_parse(v, &l) < 0 || pp_fw_parse(s->load, &want) < 0 || l.kind != want.kind)
		return 0;
	if (want.proto == PP_FWP_LOADER || l.proto == PP_FWP_LOADER)
		return want.proto == l.proto;
	return !below(&l, s->rule->from_below) && below(&l, s->rule->target_min);
}

size_t pp_fw_via_gaps(const pp_model *model, const pp_firmware *fw,
                      pp_fw_step out[PP_FW_MAX_VIA + 1])
{
	pp_fw_step table[PP_FW_MAX_VIA + 1];
	size_t n = 0;

	if (!model || !fw || !PP_SET(fw->load) || !PP_SET(fw->via))
		return 0;
	size_t nt = table_path(model, fw, NULL, table);
	for (size_t i = 0; i + 1 < nt; i++) {
		size_t j = 0;
		while (j < fw->nsteps && !stands_in(fw->steps[j], &table[i]))
			j++;
		if (j == fw->nsteps)
			out[n++] = table[i];
	}
	return n;
}
