/* SPDX-License-Identifier: MIT */
/*
 * A store line that says pjsip = "6001" takes its name, auth, password and
 * display from Asterisk: the endpoint [6001] (type = endpoint), the auth its
 * `auth =` names (type = auth), or a [6001] of type = wizard with its
 * inbound_auth/ keys.  A value the line sets itself wins.
 *
 * Asterisk's files (asterisk.pjsip's one or more, pjsip.conf and
 * pjsip_wizard.conf, and what they include) are read once per store load,
 * at the first line that needs them, and every one becomes a source of the
 * store: the servers' watch re-reads the store when one changes, and a
 * broken one fails the load like a broken store, so the last good store
 * keeps serving.  Problems in it are
 * reported at its own FILE:LINE with the store line's FILE:LINE in the
 * message; a value is never quoted, since it may be a password.
 */
#include "load.h"
#include "pjsip.h"
#include "schema.h"

#include <stdlib.h>
#include <string.h>

static void relay(void *ctx, enum pp_severity sev, const char *file, int line, const char *msg)
{
	pp_load *ld = ctx;
	const char *f = pp_source_intern(ld, file);
	pp_report(ld, sev, f ? f : file, line, "%s", msg);
}

static pp_pjsip *database(pp_load *ld)
{
	if (ld->pjsip)
		return ld->pjsip_bad ? NULL : ld->pjsip;
	ld->pjsip = calloc(1, sizeof(*ld->pjsip));
	if (!ld->pjsip) {
		ld->oom = 1;
		return NULL;
	}
	ld->pjsip->report = relay;
	ld->pjsip->ctx = ld;
	if (!ld->npjsip) { /* asterisk.pjsip is wrong: reported, nothing to read */
		ld->pjsip_bad = 1;
		return NULL;
	}
	int errors = ld->errors;
	ld->pjsip_bad = pp_pjsip_parse_files(ld->pjsip, ld->pjsip_paths, ld->npjsip) < 0;
	/* every file read or tried: an edit to any of them (or its creation) reloads */
	for (size_t i = 0; i < ld->pjsip->nfiles; i++)
		pp_source_intern(ld, ld->pjsip->files[i]);
	/* a server watches at most that many; one it did not would go stale */
	if (ld->st->nsources > PP_MAX_SOURCES)
		pp_report(ld, PP_ERROR, ld->pjsip_path, 0,
		          "the store and Asterisk's files are %zu files, more than the %d a server "
		          "watches for edits",
		          ld->st->nsources, PP_MAX_SOURCES);
	ld->pjsip_bad |= ld->errors > errors;
	return ld->pjsip_bad ? NULL : ld->pjsip;
}

void pp_pjsip_done(pp_load *ld)
{
	pp_pjsip_free(ld->pjsip);
	free(ld->pjsip);
	ld->pjsip = NULL;
}

struct fill {
	pp_load *ld;
	pp_line *l;
	size_t n;
	const char *ep;
};

/* Line l's field key from an Asterisk setting v, unless the line sets it; what for messages. */
static void put(struct fill *fl, const char *key, const char *val, const char *file, int line,
                const char *what)
{
	for (const pp_field *f = pp_line_schema; f->key; f++) {
		if (strcmp(f->key, key) != 0)
			continue;
		pp_val *v = pp_field_val(f, fl->l);
		if (PP_SET(*v))
			return;
		const char *at = pp_source_intern(fl->ld, file);
		char name[160];
		snprintf(name, sizeof(name), "%s (line %zu's %s, from Asterisk)", what, fl->n, key);
		int cnf = f->flags & PP_F_XMLQUOTE ? PP_STR_CNF_LATER : PP_STR_CNF;
		if (!at || pp_check_value(fl->ld, at, line, name, val, f->maxlen, cnf) < 0)
			return;
		v->type = PP_V_STR;
		v->s = pp_intern(fl->ld, val);
		v->file = at;
		v->line = line;
		return;
	}
}

/* Exactly one section name of type, else reported; NULL then. */
static const pp_pjsip_sect *one(struct fill *fl, const pp_pjsip *db, const char *name,
                                const char *type)
{
	const pp_pjsip_sect *s[2];
	size_t n = pp_pjsip_find(db, name, type, s, 2);
	if (n > 1)
		pp_report(
		    fl->ld, PP_ERROR, s[1]->file, s[1]->line,
		    "%s [%s] is defined twice (also at %s:%d); line %zu at %s:%d uses it, and "
		    "phoneprov will not guess which one Asterisk keeps",
		    type, name, s[0]->file, s[0]->line, fl->n, fl->l->pjsip.file,
		    fl->l->pjsip.line);
	return n == 1 ? s[0] : NULL;
}

/* The auth's username and password (prefix "" for a type = auth, "inbound_auth/" for a wizard). */
static void from_auth(struct fill *fl, const pp_pjsip_sect *a, const char *prefix,
                      const char *dflt_user)
{
	char k[64];
	const pp_pjsip_var *v;
	snprintf(k, sizeof(k), "%sauth_type", prefix);
	const pp_pjsip_var *type = pp_pjsip_get(a, k);
	snprintf(k, sizeof(k), "%susername", prefix);
	if ((v = pp_pjsip_get(a, k)))
		put(fl, "auth", v->val, v->file, v->line, "username");
	else if (dflt_user)
		put(fl, "auth", dflt_user, a->file, a->line, "username");
	else if (!PP_SET(fl->l->auth))
		pp_report(fl->ld, PP_ERROR, a->file, a->line,
		          "auth [%s] has no username (for line %zu at %s:%d)", a->name, fl->n,
		          fl->l->pjsip.file, fl->l->pjsip.line);
	if (PP_SET(fl->l->password))
		return;
	snprintf(k, sizeof(k), "%spassword", prefix);
	v = pp_pjsip_get(a, k);
	const char *t = type ? type->val : "userpass";
	if (v && (strcmp(t, "userpass") == 0 || strcmp(t, "digest") == 0)) {
		put(fl, "password", v->val, v->file, v->line, "password");
		return;
	}
	pp_report(fl->ld, PP_ERROR, type ? type->file : a->file, type ? type->line : a->line,
	          "%s [%s] has no plain password (auth_type = %s%s): a phone needs the password "
	          "itself; give the auth a password with auth_type = userpass, or set the line's "
	          "password in the store (line %zu at %s:%d)",
	          *prefix ? "wizard" : "auth", a->name, t, v ? "" : ", and no password", fl->n,
	          fl->l->pjsip.file, fl->l->pjsip.line);
}

static void from_callerid(struct fill *fl, const pp_pjsip_var *cid)
{
	char name[256];
	if (cid && pp_pjsip_callerid_name(cid->val, name, sizeof(name)))
		put(fl, "display", name, cid->file, cid->line, "callerid");
}

static void from_wizard(struct fill *fl, const pp_pjsip_sect *w)
{
	const pp_pjsip_var *acc = pp_pjsip_get(w, "accepts_auth");
	put(fl, "name", w->name, w->file, w->line, "wizard");
	from_callerid(fl, pp_pjsip_get(w, "endpoint/callerid"));
	if (PP_SET(fl->l->auth) && PP_SET(fl->l->password))
		return;
	if (!acc || strcmp(acc->val, "yes") != 0) {
		pp_report(
		    fl->ld, PP_ERROR, acc ? acc->file : w->file, acc ? acc->line : w->line,
		    "wizard [%s] has no accepts_auth = yes, so Asterisk asks its phone for no "
		    "password (for line %zu at %s:%d)",
		    w->name, fl->n, fl->l->pjsip.file, fl->l->pjsip.line);
		return;
	}
	/* the wizard's inbound username defaults to its own name */
	from_auth(fl, w, "inbound_auth/", w->name);
}

static void from_endpoint(struct fill *fl, const pp_pjsip *db, const pp_pjsip_sect *e)
{
	put(fl, "name", e->name, e->file, e->line, "endpoint");
	from_callerid(fl, pp_pjsip_get(e, "callerid"));
	if (PP_SET(fl->l->auth) && PP_SET(fl->l->password))
		return;
	const pp_pjsip_var *av = pp_pjsip_get(e, "auth");
	char first[256];
	/* auth = a, b: the first is the one a phone answers (res_phoneprov's choice) */
	size_t n = av ? strcspn(av->val, ",") : 0;
	while (n && (av->val[n - 1] == ' ' || av->val[n - 1] == '\t'))
		n--;
	if (!av || !n || n >= sizeof(first)) {
		pp_report(fl->ld, PP_ERROR, e->file, e->line,
		          "endpoint [%s] names no auth, so Asterisk asks its phone for no "
		          "password (for line %zu at %s:%d)",
		          e->name, fl->n, fl->l->pjsip.file, fl->l->pjsip.line);
		return;
	}
	memcpy(first, av->val, n);
	first[n] = '\0';
	const pp_pjsip_sect *a = one(fl, db, first, "auth");
	if (a)
		from_auth(fl, a, "", NULL);
	else if (pp_pjsip_find(db, first, "auth", NULL, 0) == 0)
		pp_report(fl->ld, PP_ERROR, av->file, av->line,
		          "endpoint [%s] uses auth [%s], which no type = auth section defines (for "
		          "line %zu at %s:%d)",
		          e->name, first, fl->n, fl->l->pjsip.file, fl->l->pjsip.line);
}

/* "/a", or "/a, /b": asterisk.pjsip's files, for a message. */
static const char *files_named(const pp_load *ld, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < ld->npjsip && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? ", " : "", ld->pjsip_paths[i]);
	return buf;
}

void pp_pjsip_line(pp_load *ld, pp_line *l, size_t n)
{
	char in[1024];
	if (!PP_SET(l->pjsip))
		return;
	pp_pjsip *db = database(ld);
	if (!db)
		return; /* its errors are reported; a lookup would only add more */
	struct fill fl = {.ld = ld, .l = l, .n = n, .ep = l->pjsip.s};
	const pp_pjsip_sect *s, *w;
	/* a wizard makes an endpoint: one in pjsip.conf, another in pjsip_wizard.conf */
	if (pp_pjsip_find(db, fl.ep, "endpoint", &s, 1) &&
	    pp_pjsip_find(db, fl.ep, "wizard", &w, 1)) {
		pp_report(ld, PP_ERROR, w->file, w->line,
		          "endpoint [%s] is defined twice (also at %s:%d; this wizard makes "
		          "another); line %zu at %s:%d uses it, and phoneprov will not guess "
		          "which one Asterisk keeps",
		          fl.ep, s->file, s->line, n, l->pjsip.file, l->pjsip.line);
		return;
	}
	if ((s = one(&fl, db, fl.ep, "endpoint")))
		from_endpoint(&fl, db, s);
	else if (pp_pjsip_find(db, fl.ep, "endpoint", NULL, 0))
		return; /* defined twice: reported */
	else if ((s = one(&fl, db, fl.ep, "wizard")))
		from_wizard(&fl, s);
	else if (!pp_pjsip_find(db, fl.ep, "wizard", NULL, 0))
		pp_report(ld, PP_ERROR, l->pjsip.file, l->pjsip.line,
		          "line %zu's pjsip endpoint '%s' is not in %s or the files %s "
		          "(no [%s] of type = endpoint or wizard)",
		          n, fl.ep, files_named(ld, in, sizeof(in)),
		          ld->npjsip > 1 ? "they include" : "it includes", fl.ep);
}
