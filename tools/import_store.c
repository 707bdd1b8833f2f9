/* SPDX-License-Identifier: MIT */
/*
 * .cnf entries onto the store: each key goes to the setting whose row in
 * lib/schema_rows.h names it as its .cnf key (so a new row is imported with
 * no change here), else to the raw cnf group, which passes it through.  A
 * value a setting cannot hold (a port that is not a number) stays raw too,
 * so the phone still gets the very text it had; only what the store cannot
 * hold at all (a control character, a key libconfig cannot name) becomes a
 * comment, with a warning.
 */
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

#include "import_level.h"

/* The most lines a 79x0 has (a 7960); a line beyond stays a raw key. */
#define MAX_LINES 6

static const pp_field *settings_row(const char *key)
{
	for (const pp_field *f = pp_settings_schema; f->key; f++)
		if (f->cnf && !strstr(f->cnf, "%u") && strcmp(f->cnf, key) == 0)
			return f;
	return NULL;
}

/* The line row whose .cnf key, "line%u_name", is key for some line number; *n that number. */
static const pp_field *line_row(const char *key, unsigned *n)
{
	for (const pp_field *f = pp_line_schema; f->key; f++) {
		const char *at = f->cnf ? strstr(f->cnf, "%u") : NULL;
		size_t pre = at ? (size_t)(at - f->cnf) : 0;
		if (!at || strncmp(key, f->cnf, pre) != 0)
			continue;
		const char *d = key + pre;
		unsigned v = 0;
		size_t digits = 0;
		while (d[digits] >= '0' && d[digits] <= '9' && digits < 3)
			v = v * 10 + (unsigned)(d[digits++] - '0');
		if (!digits || d[0] == '0' || strcmp(d + digits, at + 2) != 0)
			continue;
		*n = v;
		return f;
	}
	return NULL;
}

static const pp_field *row_named(const pp_field *t, const char *key)
{
	for (; t->key; t++)
		if (strcmp(t->key, key) == 0)
			return t;
	return NULL;
}

/* A whole number as the renderer prints it back (%lld): no sign, no leading zero. */
static int canonical_int(const char *v, long long *out)
{
	long long x = 0;
	size_t n = strlen(v);

	if (!n || n > 9 || (v[0] == '0' && n > 1))
		return 0;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		x = x * 10 + (*p - '0');
	}
	*out = x;
	return 1;
}

static int has_control(const char *v)
{
	for (; *v; v++)
		if ((unsigned char)*v < 0x20 || *v == 0x7f)
			return 1;
	return 0;
}

/* Why row f cannot hold v, or NULL when it can, as `phoneprov check` would judge it. */
const char *imp_unfit(const pp_field *f, const char *v)
{
	long long x;

	if (f->kind == PP_K_LIST) /* firmware: the load's own row, and level.c's rule */
		return pp_not_base_name(v) || !*v
		           ? "not a file base name"
		           : imp_unfit(row_named(pp_firmware_schema, "load"), v);
	switch (f->type) {
	case PP_V_STR:
		if (has_control(v))
			return "a control character";
		if (f->maxlen && strlen(v) > f->maxlen)
			return "longer than the setting allows";
		if (!pp_field_choice(f, v))
			return "not one of the words the setting allows";
		if (strcmp(f->key, "dial_template") == 0 && pp_not_base_name(v))
			return "not a file base name";
		return NULL;
	case PP_V_INT:
		if (!canonical_int(v, &x) || x < f->min || x > f->max)
			return "not a number in the setting's range";
		return NULL;
	case PP_V_BOOL:
		return strcmp(v, "0") && strcmp(v, "1") ? "not 0 or 1" : NULL;
	default:
		return "not a value the setting takes";
	}
}

/* Why the raw cnf group cannot hold key: value, or NULL (lib/raw.c's rules). */
static const char *raw_unfit(const char *key, const char *v)
{
	/* libconfig names start with a letter */
	if (!(key[0] >= 'a' && key[0] <= 'z'))
		return "a key that does not start with a letter";
	if (has_control(v))
		return "a control character in the value";
	if (strlen(v) > pp_raw_value_max(key, 1))
		return "a value longer than a .cnf key may have";
	return NULL;
}

static void warn(const imp_file *f, int line, const char *key, const char *msg)
{
	fprintf(stderr, "%s:%d: warning: %s: %s\n", f->path, line, key, msg);
}

/* 1 when a later entry of f has e's key: the phone takes the last one. */
static int overridden(const imp_file *f, size_t i)
{
	for (size_t j = i + 1; j < f->n; j++)
		if (strcmp(f->e[j].key, f->e[i].key) == 0)
			return 1;
	return 0;
}

static int in_raw(const level *l, const char *key)
{
	for (size_t i = 0; l && i < l->n; i++)
		if ((l->m[i].w == W_RAW) && strcmp(l->m[i].e->key, key) == 0)
			return 1;
	return 0;
}

static void to_raw(mapped *m, const char *why)
{
	const char *bad = raw_unfit(m->e->key, m->e->value);
	m->w = bad ? W_DROP : W_RAW;
	m->why = bad ? bad : why;
}

/*
 * Where each entry of f goes.  def is NULL for defaults, where lines are
 * raw keys: SIPDefault.cnf is rendered without lines = ( ), so a line key
 * there must stay raw to reach it.  For a phone, def is the defaults' level
 * (empty without a SIPDefault.cnf): a key defaults keep raw stays raw here
 * too, or the default's raw value would win over the phone's own setting
 * in SIP<MAC>.cnf.
 */
static int map_level(level *l, const imp_file *f, const level *def)
{
	l->file = f;
	l->m = calloc(f->n ? f->n : 1, sizeof(*l->m));
	if (!l->m)
		return -1;
	l->n = 0;
	for (size_t i = 0; i < f->n; i++) {
		const imp_entry *e = &f->e[i];
		mapped *m = &l->m[l->n];
		unsigned n = 0;

		if (overridden(f, i)) {
			warn(f, e->line, e->key,
			     "set again on a later line; the later value is imported, as the phone "
			     "keeps it");
			continue;
		}
		l->n++;
		m->e = e;
		if ((m->f = settings_row(e->key))) {
			m->w = m->f->kind == PP_K_LIST ? W_FIRMWARE : W_SETTING;
		} else if ((m->f = line_row(e->key, &n)) && def && n >= 1 && n <= MAX_LINES) {
			m->w = W_LINE;
			m->n = n;
		} else {
			to_raw(m, NULL);
			continue;
		}
		const char *why = imp_unfit(m->f, e->value);
		if (why)
			to_raw(m, why);
		else if (e->raw)
			to_raw(m, e->raw);
		else if (in_raw(def, e->key))
			to_raw(m, "defaults keep it as a raw key");
	}
	return 0;
}

unsigned imp_named_lines(const level *l, unsigned max)
{
	unsigned k = 0;
	for (unsigned want = 1; want <= max; want++) {
		int named = 0;
		for (size_t i = 0; i < l->n; i++)
			named |= l->m[i].w == W_LINE && l->m[i].n == want &&
			         strcmp(l->m[i].f->key, "name") == 0;
		if (!named)
			break;
		k = want;
	}
	return k;
}

/* Lines 1..k go into lines = ( ); each needs its name, which must have been modelled. */
static void settle_lines(level *l)
{
	unsigned k = 0, highest = 0;

	for (size_t i = 0; i < l->n; i++) {
		unsigned n;
		if (line_row(l->m[i].e->key, &n) && n > highest)
			highest = n;
	}
	l->model = highest > 2 ? "7960" : "7940";
	l->nlines = k = imp_named_lines(l, MAX_LINES);
	for (size_t i = 0; i < l->n; i++)
		if (l->m[i].w == W_LINE && l->m[i].n > k)
			to_raw(&l->m[i],
			       "not in lines = ( ): this line or one before it has no name");
}

/* ---- the text ------------------------------------------------------------------ */

void imp_put_string(pp_sbuf *b, const char *s)
{
	pp_sbuf_puts(b, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			pp_sbuf_puts(b, "\\");
		pp_sbuf_add(b, s, 1);
	}
	pp_sbuf_puts(b, "\"");
}

void imp_put_comment(pp_sbuf *b, const char *s, size_t n)
{
	/* the store's lines are bounded (lib: 64 KiB): a huge text is cut, and says so */
	enum { MAX_COMMENT = 512 };
	size_t i = 0;
	for (; i < n && s[i] && i < MAX_COMMENT; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			pp_sbuf_printf(b, "\\x%02x", c);
		else
			pp_sbuf_add(b, s + i, 1);
	}
	if (i < n && s[i])
		pp_sbuf_printf(b, "... (cut here: %zu bytes in all)", i + strnlen(s + i, n - i));
}

static void put_value(pp_sbuf *b, const pp_field *f, const char *v)
{
	long long x;

	if (f && f->type == PP_V_BOOL)
		pp_sbuf_puts(b, strcmp(v, "1") == 0 ? "true" : "false");
	else if (f && f->type == PP_V_INT && canonical_int(v, &x))
		pp_sbuf_printf(b, "%lld", x);
	else if (!f && canonical_int(v, &x)) /* a raw number stays bare in the .cnf */
		pp_sbuf_printf(b, "%lld", x);
	else
		imp_put_string(b, v);
}

static void origin(pp_sbuf *b, const mapped *m, const level *l)
{
	pp_sbuf_printf(b, " # %s:%d %s", m->e->from ? m->e->from : l->file->name, m->e->line,
	               m->e->key);
	if (m->why)
		pp_sbuf_printf(b, " (%s)", m->why);
	pp_sbuf_puts(b, "\n");
}

static void emit_firmware(pp_sbuf *b, const level *l, const char *ind)
{
	static const char *const both[] = {"7940", "7960", NULL}, *const m7940[] = {"7940", NULL},
	                         *const m7960[] = {"7960", NULL};
	const char *const one[] = {l->model, NULL};
	unsigned which = l->only79;
	const mapped *fw = NULL;
	size_t nx = l->sh ? l->sh->nxload : 0;

	for (size_t i = 0; i < l->n; i++)
		if (l->m[i].w == W_FIRMWARE)
			fw = &l->m[i]; /* map_level kept only the last image_version */
	if (!fw && !nx)
		return;
	pp_sbuf_printf(b, "%sfirmware = (", ind);
	const char *sep = "";
	if (fw) {
		/* SIPDefault.cnf is read by both models, which run the same loads. */
		const char *const *models = l->model     ? one
		                            : which == 1 ? m7940
		                            : which == 2 ? m7960
		                                         : both;
		for (size_t k = 0; models[k]; k++, sep = ",") {
			pp_sbuf_printf(b, "%s { model = \"%s\"; load = ", sep, models[k]);
			imp_put_string(b, fw->e->value);
			pp_sbuf_puts(b, "; }");
		}
		pp_sbuf_puts(b, nx ? "," : " );");
		origin(b, fw, l);
	}
	for (size_t k = 0; k < nx; k++) {
		const struct imp_xload *x = &l->sh->xload[k];
		pp_sbuf_printf(b, "%s%s { model = \"%s\"; load = ", fw || k ? ind : "",
		               fw || k ? "\t" : "", x->model);
		imp_put_string(b, x->load);
		pp_sbuf_printf(b, "; }%s # %s:%d loadInformation\n", k + 1 < nx ? "," : " );",
		               l->sh->xmldef.name, x->line);
	}
}

/* The entry of l that lands as w in row f (of line n, for W_LINE), or NULL. */
static const mapped *landing(const level *l, const pp_field *f, enum where w, unsigned n)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->m[i].w == w && l->m[i].f == f && (w != W_LINE || l->m[i].n == n))
			return &l->m[i];
	return NULL;
}

/*
 * The entries of l landing as w (line n's), in schema's order, a group's
 * members together: "proxy.port" is proxy = { port = ...; }, a line's
 * "ring.idle" ring = { idle = ...; }.
 */
static void emit_rows(pp_sbuf *b, const level *l, const pp_field *schema, enum where w, unsigned n,
                      const char *ind)
{
	for (const pp_field *f = schema; f->key; f++) {
		const mapped *m = landing(l, f, w, n);
		const char *dot = strchr(f->key, '.');
		if (!m)
			continue;
		if (!dot) {
			pp_sbuf_printf(b, "%s%s = ", ind, f->key);
			put_value(b, f, m->e->value);
			pp_sbuf_puts(b, ";");
			origin(b, m, l);
			continue;
		}
		size_t plen = (size_t)(dot - f->key) + 1;
		int first = 1;
		for (const pp_field *g = schema; g < f; g++)
			if (strncmp(g->key, f->key, plen) == 0 && landing(l, g, w, n))
				first = 0;
		if (!first)
			continue;
		pp_sbuf_printf(b, "%s%.*s = {\n", ind, (int)plen - 1, f->key);
		for (const pp_field *g = f; g->key; g++) {
			const mapped *gm = landing(l, g, w, n);
			if (!gm || strncmp(g->key, f->key, plen) != 0)
				continue;
			pp_sbuf_printf(b, "%s\t%s = ", ind, g->key + plen);
			put_value(b, g, gm->e->value);
			pp_sbuf_puts(b, ";");
			origin(b, gm, l);
		}
		pp_sbuf_printf(b, "%s};\n", ind);
	}
}

static void emit_lines(pp_sbuf *b, const level *l, const char *ind)
{
	char inner[32];

	if (!l->nlines)
		return;
	snprintf(inner, sizeof(inner), "%s\t\t", ind);
	pp_sbuf_printf(b, "%slines = (\n", ind);
	for (unsigned n = 1; n <= l->nlines; n++) {
		pp_sbuf_printf(b, "%s\t{ # line %u\n", ind, n);
		emit_rows(b, l, pp_line_schema, W_LINE, n, inner);
		pp_sbuf_printf(b, "%s\t}%s\n", ind, n < l->nlines ? "," : "");
	}
	pp_sbuf_printf(b, "%s);\n", ind);
}

static void emit_raw(pp_sbuf *b, const level *l, const char *ind)
{
	int any = 0;

	for (size_t i = 0; i < l->n; i++)
		any |= l->m[i].w == W_RAW;
	if (any) {
		pp_sbuf_printf(b, "%s# Keys the store does not model, passed through as written.\n",
		               ind);
		pp_sbuf_printf(b, "%scnf = {\n", ind);
		for (size_t i = 0; i < l->n; i++) {
			const mapped *m = &l->m[i];
			if (m->w != W_RAW)
				continue;
			pp_sbuf_printf(b, "%s\t%s = ", ind, m->e->key);
			put_value(b, NULL, m->e->value);
			pp_sbuf_puts(b, ";");
			origin(b, m, l);
		}
		pp_sbuf_printf(b, "%s};\n", ind);
	}
	for (size_t i = 0; i < l->n; i++) {
		const mapped *m = &l->m[i];
		if (m->w != W_DROP)
			continue;
		fprintf(stderr,
		        "%s:%d: warning: %s: not imported (%s); the value is kept in a comment in "
		        "the store\n",
		        l->file->path, m->e->line, m->e->key, m->why);
		pp_sbuf_printf(b, "%s# NOT IMPORTED (%s), %s:%d: %s: ", ind, m->why, l->file->name,
		               m->e->line, m->e->key);
		imp_put_comment(b, m->e->value, (size_t)-1);
		pp_sbuf_puts(b, "\n");
	}
}

static void emit_level(pp_sbuf *b, const level *l, const char *ind)
{
	emit_firmware(b, l, ind);
	emit_rows(b, l, pp_settings_schema, W_SETTING, 0, ind);
	emit_lines(b, l, ind);
	emit_raw(b, l, ind);
}

/*
 * The keys every phone of a model gives alike (import_lift.c): one profile
 * per model, which the import's guess of the model decides.
 */
static void emit_profiles(pp_sbuf *b, const level *prof, size_t nprof)
{
	int any = 0;

	for (size_t k = 0; k < nprof; k++) {
		if (!prof[k].n)
			continue;
		if (!any)
			pp_sbuf_puts(b, "\n# What every phone of a model gives alike, said once.\n"
			                "profiles = {\n");
		any = 1;
		pp_sbuf_printf(b, "\tmodel_%s = { # every %s below gives these alike\n",
		               prof[k].model, prof[k].model);
		emit_level(b, &prof[k], "\t\t");
		pp_sbuf_puts(b, "\t};\n");
	}
	if (any)
		pp_sbuf_puts(b, "};\n");
}

/* A secret in SIPDefault.cnf, which the store never serves to just anyone. */
static void warn_secrets(const level *def)
{
	for (size_t i = 0; i < def->n; i++)
		if (def->m[i].w == W_RAW && pp_cnf_key_is_secret(def->m[i].e->key))
			warn(def->file, def->m[i].e->line, def->m[i].e->key,
			     "a secret: the store gives it to each phone's own SIP<MAC>.cnf, never "
			     "to SIPDefault.cnf, which any client may fetch");
}

/* So the check after loading the store knows which keys were left out on purpose. */
static void mark_dropped(const level *l, imp_file *f)
{
	for (size_t i = 0; f && i < l->n; i++)
		if (l->m[i].w == W_DROP)
			f->e[l->m[i].e - f->e].dropped = 1;
}

int imp_store_write(pp_sbuf *b, const char *root, imp_file *def, imp_file *phones, size_t nphones,
                    const imp_shared *sh)
{
	level dl = {0}, *pl = calloc(nphones ? nphones : 1, sizeof(*pl));
	level *prof = calloc(nphones ? nphones : 1, sizeof(*prof));
	size_t nprof = 0;
	int rc = -1;

	if (!pl || !prof)
		goto out;
	if (def && map_level(&dl, def, NULL) < 0)
		goto out;
	dl.sh = sh;
	for (size_t i = 0; i < nphones; i++) {
		if (phones[i].kind == PP_KIND_SEP_MAC) {
			if (imp_map_sep(&pl[i], &phones[i]) < 0)
				goto out;
			continue;
		}
		if (map_level(&pl[i], &phones[i], &dl) < 0)
			goto out;
		settle_lines(&pl[i]);
		imp_lift_defaults(&pl[i], def ? &dl : NULL);
	}
	if (imp_lift_models(pl, nphones, prof, &nprof) < 0)
		goto out;
	/*
	 * XMLDefault.cnf.xml's loadInformation says which 79x0 the root has a load
	 * for; the 79x0s it has phones of need theirs too (their SIP<MAC>.cnf).
	 */
	if (sh && sh->xmldef.path && sh->xd_79x0) {
		dl.only79 = sh->xd_79x0;
		for (size_t i = 0; i < nphones; i++)
			if (phones[i].kind == PP_KIND_SIP_MAC)
				dl.only79 |= strcmp(pl[i].model, "7940") == 0 ? 1u : 2u;
		dl.only79 = dl.only79 == 3 ? 0 : dl.only79;
	}

	pp_sbuf_puts(b, "# phoneprov store made by `phoneprov import` from the static files of\n"
	                "# a TFTP root.  Each setting names the file, line and .cnf key it came\n"
	                "# from.  It holds SIP passwords: keep it root:root 0600.\n"
	                "version = 1;\n\ntftp = { root = ");
	imp_put_string(b, root);
	pp_sbuf_puts(b, "; };\n");
	if (def) {
		warn_secrets(&dl);
		pp_sbuf_printf(b, "\n# From %s: what every phone reads first.\ndefaults = {\n",
		               def->name);
		emit_level(b, &dl, "\t");
		imp_store_shared(b, sh, "\t");
		pp_sbuf_puts(b, "};\n");
	}
	emit_profiles(b, prof, nprof);
	if (nphones) {
		pp_sbuf_puts(b, "\nphones = (\n");
		for (size_t i = 0; i < nphones; i++) {
			pp_sbuf_printf(b, "\t{ # From %s\n\t\tmac = \"%s\";\n", phones[i].name,
			               phones[i].mac);
			if (phones[i].kind == PP_KIND_SEP_MAC)
				pp_sbuf_printf(b, "\t\tmodel = \"%s\"; # a guess, %s\n",
				               pl[i].model, phones[i].model_why);
			else
				pp_sbuf_printf(
				    b,
				    "\t\tmodel = \"%s\"; # a guess: SIP<MAC>.cnf does not "
				    "say; 7960 when it has a line 3 or above\n",
				    pl[i].model);
			for (size_t k = 0; k < nprof; k++)
				if (prof[k].n && strcmp(prof[k].model, pl[i].model) == 0)
					pp_sbuf_printf(b, "\t\tprofile = \"model_%s\";\n",
					               pl[i].model);
			emit_level(b, &pl[i], "\t\t");
			if (phones[i].kind == PP_KIND_SEP_MAC)
				imp_emit_sep(b, &pl[i], "\t\t");
			pp_sbuf_printf(b, "\t}%s\n", i + 1 < nphones ? "," : "");
		}
		pp_sbuf_puts(b, ");\n");
	}
	mark_dropped(&dl, def);
	for (size_t i = 0; i < nphones; i++)
		mark_dropped(&pl[i], &phones[i]);
	rc = b->oom ? -1 : 0;
out:
	free(dl.m);
	for (size_t i = 0; pl && i < nphones; i++)
		free(pl[i].m);
	for (size_t i = 0; i < nprof; i++)
		free(prof[i].m);
	free(pl);
	free(prof);
	return rc;
}
