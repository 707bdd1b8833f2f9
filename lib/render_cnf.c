/* SPDX-License-Identifier: MIT */
/*
 * SIPDefault.cnf and SIP<MAC>.cnf: the 79x0 SIP firmware's `key: value`
 * files.  Both come from one emitter so the two files always agree on key
 * names, order and quoting; they differ only in which settings they read and
 * whether secrets may appear.
 */
#include "render_format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fits the longest line key a line number can make, "line4294967295_displayname". */
#define KEY_MAX 32

typedef struct cnf_entry {
	const char *key;    /* long-lived (literal or store string); NULL: kbuf */
	char kbuf[KEY_MAX]; /* generated keys such as line6_displayname */
	pp_val val;
} cnf_entry;

typedef struct cnf_list {
	cnf_entry *e;
	size_t n, cap;
} cnf_list;

static const char *entry_key(const cnf_entry *e)
{
	return e->key ? e->key : e->kbuf;
}

static cnf_entry *find(cnf_list *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(entry_key(&l->e[i]), key) == 0)
			return &l->e[i];
	return NULL;
}

/*
 * A key set twice keeps the position it first had and takes the later value:
 * that is how raw cnf keys win over derived ones, and how line 1's own proxy
 * wins over proxy.address for proxy1_address.
 */
static void put(cnf_list *l, const char *key, const char *genkey, const pp_val *v)
{
	const char *k = key ? key : genkey;
	cnf_entry *e = find(l, k);

	if (!e) {
		if (l->n == l->cap)
			return; /* cannot happen: cap is counted up front */
		e = &l->e[l->n++];
		memset(e, 0, sizeof(*e));
		if (key)
			e->key = key;
		else
			snprintf(e->kbuf, sizeof(e->kbuf), "%s", genkey);
	}
	e->val = *v;
}

static void put_set(cnf_list *l, const char *key, const pp_val *v)
{
	if (PP_SET(*v))
		put(l, key, NULL, v);
}

/*
 * A key the 79x0 has once for the whole phone, made from its lines: a bit
 * per line (auto_answer, line 1 is bit 0), or the first line's value
 * (call_waiting).  None when no line sets it.
 */
static void add_phone_key(cnf_list *l, const pp_settings *s, const pp_field *f)
{
	pp_val out = {.type = PP_V_UNSET};

	for (size_t i = 0; i < s->lines.n; i++) {
		const pp_val *v = pp_field_cval(f, &s->lines.items[i]);

		if (!PP_SET(*v))
			continue;
		if (f->flags & PP_F_CNF_FIRST) {
			out = *v;
			break;
		}
		if (!PP_SET(out))
			out = (pp_val){.type = PP_V_INT, .file = v->file, .line = v->line};
		if (v->i && i < 63)
			out.i |= 1LL << i;
	}
	put_set(l, f->cnf, &out);
}

/*
 * The lines' keys, in the order of their rows: line1_name ... proxy1_port,
 * line2_name ..., then the phone-wide keys made from the lines.
 */
static void add_lines(cnf_list *l, const pp_settings *s)
{
	for (size_t i = 0; i < s->lines.n; i++) {
		for (const pp_field *f = pp_line_schema; f->key; f++) {
			const pp_val *v = pp_field_cval(f, &s->lines.items[i]);
			char key[KEY_MAX];

			if (!f->cnf || !PP_SET(*v) || (f->flags & (PP_F_CNF_MASK | PP_F_CNF_FIRST)))
				continue;
			pp_field_cnf_key(f, (unsigned)i + 1, key, sizeof(key));
			put(l, NULL, key, v);
		}
	}
	for (const pp_field *f = pp_line_schema; f->key; f++)
		if (f->flags & (PP_F_CNF_MASK | PP_F_CNF_FIRST))
			add_phone_key(l, s, f);
}

/*
 * The store rejects '"' and control characters in .cnf-bound strings; they
 * are dropped here as well so that no value can ever end a line or a quote
 * early, whatever reaches the renderer.
 */
static void put_quoted(pp_sbuf *b, const char *s)
{
	pp_sbuf_puts(b, "\"");
	for (const char *run = s;; s++) {
		unsigned char c = (unsigned char)*s;

		if (c && c != '"' && c >= 0x20 && c != 0x7f)
			continue;
		pp_sbuf_add(b, run, (size_t)(s - run));
		if (!c)
			break;
		run = s + 1;
	}
	pp_sbuf_puts(b, "\"");
}

static void emit(pp_sbuf *b, const cnf_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const pp_val *v = &l->e[i].val;

		pp_sbuf_puts(b, entry_key(&l->e[i]));
		pp_sbuf_puts(b, ": ");
		switch (v->type) {
		case PP_V_STR:
			put_quoted(b, v->s ? v->s : "");
			break;
		case PP_V_INT:
			pp_sbuf_printf(b, "%lld", v->i);
			break;
		case PP_V_BOOL:
			pp_sbuf_puts(b, v->i ? "1" : "0");
			break;
		case PP_V_UNSET:
			break;
		}
		pp_sbuf_puts(b, "\n");
	}
}

/*
 * per_phone: SIP<MAC>.cnf, which carries the lines and every secret.
 * Otherwise SIPDefault.cnf, which any client may fetch: no lines (they
 * belong to one phone, and carry passwords) and no secret raw key.
 */
static int render_cnf(const pp_settings *s, const char *model, int per_phone, pp_sbuf *b)
{
	cnf_list l = {0};

	l.cap = pp_schema_cnf_keys(pp_settings_schema) + s->cnf.n +
	        (per_phone ? s->lines.n * pp_schema_cnf_keys(pp_line_schema) : 0);
	l.e = calloc(l.cap ? l.cap : 1, sizeof(*l.e));
	if (!l.e) {
		b->oom = 1;
		return PP_ENOMEM;
	}

	/* The derived keys, in the schema's order. */
	for (const pp_field *f = pp_settings_schema; f->key; f++) {
		pp_val v;

		if ((per_phone || !(f->flags & PP_F_SECRET)) && pp_field_derive(f, s, model, &v))
			put(&l, f->cnf, NULL, &v);
	}
	if (per_phone)
		add_lines(&l, s);
	for (size_t i = 0; i < s->cnf.n; i++) {
		const pp_kv *kv = &s->cnf.items[i];

		if (!per_phone && pp_cnf_key_is_secret(kv->key))
			continue;
		put_set(&l, kv->key, &kv->val);
	}

	emit(b, &l);
	free(l.e);
	return b->oom ? PP_ENOMEM : PP_OK;
}

int pp_render_sip_default(const pp_store *st, pp_sbuf *b)
{
	if (!st->has_defaults)
		return PP_ENOTFOUND;
	return render_cnf(&st->defaults, pp_default_79x0_model(&st->defaults), 0, b);
}

int pp_render_sip_mac(const pp_store *st, const pp_phone *ph, pp_sbuf *b)
{
	(void)st;
	if (ph->model->family != PP_FAMILY_CNF)
		return PP_ENOTFOUND;
	return render_cnf(&ph->s, ph->model->name, 1, b);
}
