/* SPDX-License-Identifier: MIT */
/*
 * The schema's tables, made from schema_rows.h, and the questions the rest of
 * lib/ asks of a row.
 */
#include "schema.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- the lists' elements -------------------------------------------------- */

/* Firmware: which load each model runs. */
#define PP_FIRMWARE(f, ...) {.off = offsetof(pp_firmware, f), __VA_ARGS__},
const pp_field pp_firmware_schema[] = {
#include "schema_rows.h"
    {.key = NULL}};

/* What the firmware list gives a .cnf, image_version: the load for the phone's model. */
static const char *derive_load(const pp_field *f, const pp_settings *s, const char *model,
                               pp_val *out)
{
	const char *load = model ? pp_settings_load(s, model) : NULL;

	if (!load)
		return NULL;
	*out = (pp_val){.type = PP_V_STR, .s = load};
	return f->key;
}

/* The dial plan's rules. */
#define PP_DIALRULE(f, ...) {.off = offsetof(pp_dialrule, f), __VA_ARGS__},
const pp_field pp_dialrule_schema[] = {
#include "schema_rows.h"
    {.key = NULL}};

/*
 * dial_template, the dial plan's name: dial_template's own value, or
 * "dialplan" once a level gives a dial plan.
 */
static const char *derive_dial_template(const pp_field *f, const pp_settings *s, const char *model,
                                        pp_val *out)
{
	(void)model;
	if (!PP_SET(s->dial_template) && !s->dialplan.set)
		return NULL;
	*out = (pp_val){.type = PP_V_STR, .s = pp_dial_template(s)};
	return PP_SET(s->dial_template) ? f->key : "dialplan";
}

#define PP_RING(f, ...) {.off = offsetof(pp_ring, f), __VA_ARGS__},
const pp_field pp_ring_schema[] = {
#include "schema_rows.h"
    {.key = NULL}};

#define PP_LINE(f, ...) {.off = offsetof(pp_line, f), __VA_ARGS__},
const pp_field pp_line_schema[] = {
#include "schema_rows.h"
    {.key = NULL}};

/* ---- the settings ------------------------------------------------------------ */

#define PP_SETTING(f, ...) {.off = offsetof(pp_settings, f), .kind = PP_K_SCALAR, __VA_ARGS__},
#define PP_ENTRY(...)      {__VA_ARGS__},
const pp_field pp_settings_schema[] = {
#include "schema_rows.h"
    {.key = NULL}};

/* ---- questions about a row ----------------------------------------------------- */

int pp_field_at_level(const pp_field *f, enum pp_level level)
{
	return !f->levels || (f->levels & (1u << level));
}

int pp_field_choice(const pp_field *f, const char *v)
{
	size_t n = strlen(v);

	if (!f->choices)
		return 1;
	for (const char *w = f->choices; *w;) {
		size_t len = strcspn(w, " ");
		if (len == n && strncasecmp(w, v, n) == 0)
			return 1;
		w += len + (w[len] == ' ');
	}
	return 0;
}

const char *pp_field_derive(const pp_field *f, const pp_settings *s, const char *model, pp_val *out)
{
	if (!f->cnf)
		return NULL;
	if (f->derive)
		return f->derive(f, s, model, out);
	if (f->kind != PP_K_SCALAR || !PP_SET(*pp_field_cval(f, s)))
		return NULL;
	*out = *pp_field_cval(f, s);
	return f->key;
}

void pp_field_cnf_key(const pp_field *f, unsigned n, char *out, size_t len)
{
	const char *at = f->cnf ? strstr(f->cnf, "%u") : NULL;

	if (!at)
		snprintf(out, len, "%s", f->cnf ? f->cnf : "");
	else if (n)
		snprintf(out, len, "%.*s%u%s", (int)(at - f->cnf), f->cnf, n, at + 2);
	else
		snprintf(out, len, "%.*sN%s", (int)(at - f->cnf), f->cnf, at + 2);
}

size_t pp_schema_cnf_keys(const pp_field *table)
{
	size_t n = 0;

	for (; table->key; table++)
		n += table->cnf != NULL;
	return n;
}

int pp_cnf_key_is_secret(const char *key)
{
	/* phone_password, lineN_password and any vendor key of the same kind. */
	return strstr(key, "password") != NULL;
}

static int secret_in(const pp_field *table, const void *base)
{
	for (const pp_field *f = table; f->key; f++) {
		if (f->kind != PP_K_SCALAR || !(f->flags & PP_F_SECRET))
			continue;
		const pp_val *v = pp_field_cval(f, base);
		if (PP_SET(*v) && (v->type != PP_V_STR || v->s[0]))
			return 1;
	}
	return 0;
}

int pp_settings_secret(const pp_settings *s)
{
	if (secret_in(pp_settings_schema, s))
		return 1;
	for (size_t i = 0; i < s->lines.n; i++)
		if (secret_in(pp_line_schema, &s->lines.items[i]))
			return 1;
	for (size_t i = 0; i < s->cnf.n; i++)
		if (pp_cnf_key_is_secret(s->cnf.items[i].key))
			return 1;
	return 0;
}
