/*
 * SIPDefault.cnf and SIP<MAC>.cnf: the 79x0 SIP firmware's `key: value`
 * files.  Both come from one emitter so the two files always agree on key
 * names, order and quoting; they differ only in which settings they read and
 * whether secrets may appear.
 */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keys derived from semantic settings per line. */
#define LINE_KEYS 7
/* Scalar keys derived before the lines, with room to spare. */
#define HEAD_KEYS 16
/* Fits "line4294967295_displayname": gcc checks every %u's widest output. */
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

int pp_cnf_key_is_secret(const char *key)
{
	/* phone_password, lineN_password and any vendor key of the same kind. */
	return strstr(key, "password") != NULL;
}

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

static void put_str(cnf_list *l, const char *key, const char *s)
{
	pp_val v = {.type = PP_V_STR, .s = s};

	put(l, key, NULL, &v);
}

static void put_line(cnf_list *l, const char *fmt, unsigned n, const pp_val *v)
{
	char key[KEY_MAX];

	if (!PP_SET(*v))
		return;
	snprintf(key, sizeof(key), fmt, n);
	put(l, NULL, key, v);
}

static void add_lines(cnf_list *l, const pp_settings *s)
{
	for (size_t i = 0; i < s->lines.n; i++) {
		const pp_line *ln = &s->lines.items[i];
		unsigned n = (unsigned)i + 1; /* at most the model's line keys */

		put_line(l, "line%u_name", n, &ln->name);
		put_line(l, "line%u_authname", n, &ln->auth);
		put_line(l, "line%u_password", n, &ln->password);
		put_line(l, "line%u_shortname", n, &ln->shortname);
		put_line(l, "line%u_displayname", n, &ln->display);
		put_line(l, "proxy%u_address", n, &ln->proxy);
		put_line(l, "proxy%u_port", n, &ln->port);
	}
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
static int render_cnf(const pp_settings *s, const char *load, int per_phone, pp_sbuf *b)
{
	cnf_list l = {0};

	l.cap = HEAD_KEYS + s->cnf.n + (per_phone ? s->lines.n * LINE_KEYS : 0);
	l.e = calloc(l.cap, sizeof(*l.e));
	if (!l.e) {
		b->oom = 1;
		return PP_ENOMEM;
	}

	if (load)
		put_str(&l, "image_version", load);
	put_set(&l, "proxy1_address", &s->proxy_address);
	put_set(&l, "proxy1_port", &s->proxy_port);
	put_set(&l, "proxy_register", &s->proxy_register);
	if (PP_SET(s->dial_template) || s->dialplan.set)
		put_str(&l, "dial_template", pp_dial_template(s));
	put_set(&l, "sntp_server", &s->ntp_server);
	put_set(&l, "sntp_mode", &s->ntp_mode);
	put_set(&l, "time_zone", &s->time_zone);
	put_set(&l, "time_format_24hr", &s->time_format_24hr);
	put_set(&l, "date_format", &s->date_format);
	put_set(&l, "messages_uri", &s->messages_uri);
	put_set(&l, "sync", &s->sync);
	put_set(&l, "phone_label", &s->label);
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
	/* One file serves both 79x0 models; the 7940 is the common case. */
	const char *load = pp_settings_load(&st->defaults, "7940");
	if (!load)
		load = pp_settings_load(&st->defaults, "7960");
	return render_cnf(&st->defaults, load, 0, b);
}

int pp_render_sip_mac(const pp_store *st, const pp_phone *ph, pp_sbuf *b)
{
	(void)st;
	if (ph->model->family != PP_FAMILY_CNF)
		return PP_ENOTFOUND;
	return render_cnf(&ph->s, pp_settings_load(&ph->s, ph->model->name), 1, b);
}
