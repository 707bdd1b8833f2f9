/* SPDX-License-Identifier: MIT */
/*
 * The files every 79x0 of a root shares besides SIPDefault.cnf: OS79XX.TXT
 * (the image its loader boots), RINGLIST.DAT (the ring menu), the dial plan
 * that dial_template names, and syncinfo.xml (the value check-sync compares).
 * Each is read as the phone reads it; import_store_shared.c writes it back.
 */
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "render_format.h"
#include "schema.h"

static const pp_field *row(const pp_field *t, const char *key)
{
	for (; t->key; t++)
		if (strcmp(t->key, key) == 0)
			return t;
	return NULL;
}

static void warn(const imp_file *f, int line, const char *msg)
{
	fprintf(stderr, "%s:%d: warning: %s\n", f->path, line, msg);
}

static int fail(const imp_file *f, int line, const char *msg)
{
	fprintf(stderr, "%s:%d: error: %s; %s not imported\n", f->path, line, msg, f->name);
	return -1;
}

/* "# NOT IMPORTED (why), FILE:LINE: what", and the warning that says so. */
void imp_not_kept(imp_shared *sh, const imp_file *f, int line, const char *why, const char *what,
                  size_t n)
{
	fprintf(stderr,
	        "%s:%d: warning: not imported (%s); what it says is kept in a comment in the "
	        "store\n",
	        f->path, line, why);
	pp_sbuf_printf(&sh->notes, "# NOT IMPORTED (%s), %s:%d: ", why, f->name, line);
	imp_put_comment(&sh->notes, what, n);
	pp_sbuf_puts(&sh->notes, "\n");
}

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* The next line of data from *at, without its CR/LF and the blanks around it. */
static int next_line(const char *data, size_t len, size_t *at, const char **s, size_t *n)
{
	if (*at >= len)
		return 0;
	size_t b = *at, e = b;
	while (e < len && data[e] != '\n' && data[e] != '\r')
		e++;
	*at = e;
	if (*at < len && data[*at] == '\r' && *at + 1 < len && data[*at + 1] == '\n')
		(*at)++;
	if (*at < len)
		(*at)++;
	while (b < e && (data[b] == ' ' || data[b] == '\t'))
		b++;
	while (e > b && (data[e - 1] == ' ' || data[e - 1] == '\t'))
		e--;
	*s = data + b;
	*n = e - b;
	return 1;
}

int imp_os79xx_parse(imp_shared *sh, char *data, size_t len)
{
	const imp_file *f = &sh->os79xx;
	const char *s;
	size_t n, at = 0;
	int line = 0;

	if (imp_text_check(f, data, &len) < 0)
		return -1;
	while (next_line(data, len, &at, &s, &n)) {
		line++;
		if (!n)
			continue;
		if (sh->os_name) {
			imp_not_kept(sh, f, line,
			             "a line after the image name, which the loader "
			             "does not read",
			             s, n);
			continue;
		}
		if (memchr(s, ' ', n) || memchr(s, '\t', n) || n > 64)
			return fail(f, line, "not one image name");
		sh->os_name = dup_n(s, n);
		sh->os_line = line;
		if (!sh->os_name)
			return fail(f, line, "out of memory");
	}
	if (!sh->os_name)
		return fail(f, 1, "no image name");
	if (pp_not_base_name(sh->os_name))
		return fail(f, sh->os_line, "not an image name the store can hold");
	/* the inverse of pp_os79xx_name: a 7.x-or-later loader's name is its application's */
	sh->os_load = strdup(sh->os_name);
	if (!sh->os_load)
		return fail(f, 1, "out of memory");
	if (strncmp(sh->os_load, "P003-", 5) == 0) {
		char back[80];
		sh->os_load[2] = 'S';
		pp_os79xx_name(sh->os_load, back, sizeof(back));
		if (strcmp(back, sh->os_name) != 0)
			sh->os_load[2] = '0';
	}
	return 0;
}

/* The typographic quotes the store refuses (lib/value.c), as UTF-8. */
static int curly(const char *s)
{
	return strstr(s, "\xe2\x80\x9c") || strstr(s, "\xe2\x80\x9d") ||
	       strstr(s, "\xe2\x80\x98") || strstr(s, "\xe2\x80\x99");
}

int imp_ring_keep(imp_shared *sh, const imp_file *f, imp_ring **v, size_t *n, char *label,
                  char *file, int line, const char *what, size_t wn)
{
	if (!label || !file) {
		free(label);
		free(file);
		return fail(f, line, "out of memory");
	}
	const char *why = imp_unfit(row(pp_ring_schema, "label"), label);
	if (!why)
		why = imp_unfit(row(pp_ring_schema, "file"), file);
	/* level.c's rule for a ring file */
	if (!why && (!*file || strstr(file, "..") || file[0] == '/' || strpbrk(file, " \\")))
		why = "a ring file the store cannot name";
	if (!why && !*label)
		why = "no label";
	/* an XML character reference can make what a .cnf-safe ring cannot hold */
	if (!why && (strchr(label, '"') || strchr(file, '"')))
		why = "a '\"', which the store's ring list cannot hold";
	if (!why && (curly(label) || curly(file)))
		why = "a typographic quote, which the store's ring list cannot hold";
	if (why) {
		imp_not_kept(sh, f, line, why, what, wn);
		free(label);
		free(file);
		return 0;
	}
	imp_ring *r = realloc(*v, (*n + 1) * sizeof(*r));
	if (!r) {
		free(label);
		free(file);
		return fail(f, line, "out of memory");
	}
	*v = r;
	r[(*n)++] = (imp_ring){label, file, line};
	return 0;
}

int imp_ringlist_parse(imp_shared *sh, char *data, size_t len)
{
	const imp_file *f = &sh->ringlist;
	const char *s;
	size_t n, at = 0;
	int line = 0;

	if (imp_text_check(f, data, &len) < 0)
		return -1;
	while (next_line(data, len, &at, &s, &n)) {
		line++;
		if (!n)
			continue;
		/* label<TAB>file; a label may have spaces, a file name has none */
		const char *tab = memchr(s, '\t', n), *sep = tab;
		if (!sep)
			for (const char *p = s + n; p > s; p--)
				if (p[-1] == ' ') {
					sep = p - 1;
					break;
				}
		if (!sep) {
			imp_not_kept(sh, f, line, "not `label<TAB>file`", s, n);
			continue;
		}
		const char *le = sep, *fs = sep + 1, *fe = s + n;
		while (le > s && (le[-1] == ' ' || le[-1] == '\t'))
			le--;
		while (fs < fe && (*fs == ' ' || *fs == '\t'))
			fs++;
		if (imp_ring_keep(sh, f, &sh->ring, &sh->nring, dup_n(s, (size_t)(le - s)),
		                  dup_n(fs, (size_t)(fe - fs)), line, s, n) < 0)
			return -1;
	}
	return 0;
}

int imp_dialplan_parse(imp_shared *sh, char *data, size_t len)
{
	static const char *const known[] = {"MATCH", "TIMEOUT", "USER", "REWRITE"};
	const imp_file *f = &sh->dialplan;
	imp_xdoc d;

	if (imp_xml_parse(f, data, len, &d) < 0)
		return -1;
	if (strcasecmp(d.n[0].name, "DIALTEMPLATE") != 0) {
		imp_xdoc_free(&d);
		return fail(f, d.n ? d.n[0].line : 1, "not a <DIALTEMPLATE>");
	}
	for (size_t i = 1; i < d.nn; i++) {
		const imp_xnode *x = &d.n[i];
		if (x->parent != 0 || strcasecmp(x->name, "TEMPLATE") != 0) {
			if (x->parent == 0)
				imp_not_kept(sh, f, x->line, "an element a dial plan does not have",
				             x->name, strlen(x->name));
			continue;
		}
		for (size_t a = 0; a < x->nattr; a++) {
			int ours = 0;
			for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
				ours |= strcasecmp(x->attr[a].name, known[k]) == 0;
			if (!ours) {
				pp_sbuf what = {0};
				pp_sbuf_printf(&what, "%s=\"%s\"", x->attr[a].name,
				               x->attr[a].value);
				imp_not_kept(sh, f, x->line,
				             "an attribute the store has no setting for",
				             what.data ? what.data : "", what.len);
				pp_sbuf_release(&what);
			}
		}
		imp_rule *r = realloc(sh->rule, (sh->nrule + 1) * sizeof(*r));
		if (!r) {
			imp_xdoc_free(&d);
			return fail(f, x->line, "out of memory");
		}
		sh->rule = r;
		imp_rule *nr = &r[sh->nrule];
		*nr = (imp_rule){.line = x->line};
		char **slot[] = {&nr->match, &nr->timeout, &nr->user, &nr->rewrite};
		int keep = 1;
		for (size_t k = 0; k < 4; k++) {
			const char *v = imp_xattr_get(x, known[k]);
			char lower[16];
			snprintf(lower, sizeof(lower), "%s", known[k]);
			for (char *p = lower; *p; p++)
				*p = (char)(*p - 'A' + 'a');
			const char *why = v        ? imp_unfit(row(pp_dialrule_schema, lower), v)
			                  : k == 0 ? "a TEMPLATE without MATCH"
			                           : NULL;
			if (why) {
				pp_sbuf what = {0};
				pp_sbuf_printf(&what, "%s=\"%s\"", known[k], v ? v : "");
				imp_not_kept(sh, f, x->line, why, what.data ? what.data : "",
				             what.len);
				pp_sbuf_release(&what);
				keep &= k != 0; /* a rule needs its MATCH */
				continue;
			}
			if (v && !(*slot[k] = strdup(v))) {
				keep = 0;
				break;
			}
		}
		if (keep) {
			sh->nrule++;
			continue;
		}
		free(nr->match);
		free(nr->timeout);
		free(nr->user);
		free(nr->rewrite);
	}
	imp_xdoc_free(&d);
	return 0;
}

int imp_syncinfo_parse(imp_shared *sh, char *data, size_t len)
{
	const imp_file *f = &sh->syncinfo;
	imp_xdoc d;
	const imp_xnode *use = NULL;

	if (imp_xml_parse(f, data, len, &d) < 0)
		return -1;
	if (strcasecmp(d.n[0].name, "SYNCINFO") != 0) {
		imp_xdoc_free(&d);
		return fail(f, 1, "not a <SYNCINFO>");
	}
	/* the store writes one IMAGE VERSION="*": any load; that one, else the first */
	for (size_t i = 1; i < d.nn; i++) {
		const imp_xnode *x = &d.n[i];
		const char *v = imp_xattr_get(x, "VERSION");
		if (x->parent == 0 && strcasecmp(x->name, "IMAGE") == 0 &&
		    imp_xattr_get(x, "SYNC") &&
		    (!use ||
		     (v && strcmp(v, "*") == 0 &&
		      strcmp(imp_xattr_get(use, "VERSION") ? imp_xattr_get(use, "VERSION") : "",
		             "*") != 0)))
			use = x;
	}
	if (!use) {
		imp_xdoc_free(&d);
		return fail(f, 1, "no <IMAGE> with a SYNC");
	}
	for (size_t i = 1; i < d.nn; i++) {
		const imp_xnode *x = &d.n[i];
		if (x == use || x->parent != 0)
			continue;
		pp_sbuf what = {0};
		pp_sbuf_printf(&what, "<%s VERSION=\"%s\" SYNC=\"%s\">", x->name,
		               imp_xattr_get(x, "VERSION") ? imp_xattr_get(x, "VERSION") : "",
		               imp_xattr_get(x, "SYNC") ? imp_xattr_get(x, "SYNC") : "");
		imp_not_kept(sh, f, x->line, "the store writes one IMAGE, for every load",
		             what.data ? what.data : "", what.len);
		pp_sbuf_release(&what);
	}
	const char *v = imp_xattr_get(use, "VERSION");
	if (v && strcmp(v, "*") != 0)
		warn(f, use->line,
		     "an IMAGE for one load: the store writes VERSION=\"*\", the same SYNC for "
		     "every load");
	const char *sync = imp_xattr_get(use, "SYNC"),
	           *why = imp_unfit(row(pp_settings_schema, "sync"), sync);
	sh->sync_line = use->line;
	if (why)
		imp_not_kept(sh, f, use->line, why, sync, strlen(sync));
	else if (!(sh->sync = strdup(sync))) {
		imp_xdoc_free(&d);
		return fail(f, 1, "out of memory");
	}
	imp_xdoc_free(&d);
	return 0;
}

static const imp_entry *last(const imp_file *f, const char *key)
{
	const imp_entry *e = NULL;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->e[i].key, key) == 0)
			e = &f->e[i];
	return e;
}

/*
 * One setting that makes both a SIPDefault.cnf key and a shared file's
 * value.  shown: what the store would write in the shared file for the
 * SIPDefault.cnf value v (NULL: the value itself).
 */
static int settle_one(imp_shared *sh, imp_file *def, const imp_file *f, int line, const char *key,
                      const char *value, const char *absent, int *kept)
{
	const imp_entry *e = last(def, key);
	/* OS79XX.TXT holds a load's loader name, the others the value itself */
	int os = f == &sh->os79xx;
	const char *what = os ? sh->os_name : value;
	char shown[80];

	if (e && os)
		pp_os79xx_name(e->value, shown, sizeof(shown));
	else
		snprintf(shown, sizeof(shown), "%s", e ? e->value : absent ? absent : "");
	if ((e || absent) && strcmp(shown, what) == 0) {
		*kept = 1;
		return 0;
	}
	if (e) {
		char why[200];
		if (f == &sh->xmldef)
			sh->xd_said[sh->nxd_said < 3 ? sh->nxd_said++ : 2] = line;
		snprintf(why, sizeof(why),
		         "%s's %s says otherwise, and the store makes both from one setting; "
		         "%s's is kept",
		         def->name, key, def->name);
		imp_not_kept(sh, f, line, why, what, strlen(what));
		return 0;
	}
	fprintf(stderr,
	        "%s:%d: warning: %s has no %s; the store makes both from one setting, so "
	        "%s and each SIP<MAC>.cnf will say %s: what %s says\n",
	        f->path, line, def->name, key, def->name, key, f->name);
	*kept = 1;
	return imp_add(def, key, value, line, f->name);
}

int imp_shared_settle(imp_shared *sh, imp_file *def)
{
	if (imp_ring_settle(sh) < 0)
		return -1;
	if (sh->os79xx.path && settle_one(sh, def, &sh->os79xx, sh->os_line, "image_version",
	                                  sh->os_load, NULL, &sh->os_kept) < 0)
		return -1;
	/* a .cnf without sync: syncinfo.xml's "1" is what the store writes for any client */
	if (sh->sync && settle_one(sh, def, &sh->syncinfo, sh->sync_line, "sync", sh->sync, "1",
	                           &sh->sync_kept) < 0)
		return -1;
	if (imp_xmldefault_settle(sh, def, settle_one) < 0)
		return -1;
	/* the store names the dial plan in SIPDefault.cnf; the phone's default name is the same */
	if (sh->dialplan.path && !last(def, "dial_template")) {
		fprintf(stderr,
		        "%s:1: warning: %s has no dial_template; the store names the dial plan "
		        "there, so it and each SIP<MAC>.cnf will say dial_template: dialplan "
		        "(what the phone asks for without it)\n",
		        sh->dialplan.path, def->name);
		if (imp_add(def, "dial_template", "dialplan", 1, sh->dialplan.name) < 0)
			return -1;
	}
	return 0;
}

void imp_shared_free(imp_shared *sh)
{
	free(sh->os_name);
	free(sh->os_load);
	for (size_t i = 0; i < sh->nring; i++) {
		free(sh->ring[i].label);
		free(sh->ring[i].file);
	}
	free(sh->ring);
	for (size_t i = 0; i < sh->nxring; i++) {
		free(sh->xring[i].label);
		free(sh->xring[i].file);
	}
	free(sh->xring);
	for (size_t i = 0; i < sh->nrule; i++) {
		free(sh->rule[i].match);
		free(sh->rule[i].timeout);
		free(sh->rule[i].user);
		free(sh->rule[i].rewrite);
	}
	free(sh->rule);
	free(sh->sync);
	pp_sbuf_release(&sh->notes);
	free((char *)sh->os79xx.path);
	free((char *)sh->ringlist.path);
	free((char *)sh->ringxml.path);
	free((char *)sh->ringxml.name);
	free((char *)sh->dialplan.path);
	free((char *)sh->syncinfo.path);
	imp_file_free(&sh->xmldef);
	free((char *)sh->xmldef.path);
	free((char *)sh->xmldef.name);
	for (size_t i = 0; i < sh->nxload; i++)
		free(sh->xload[i].load);
	free(sh->xload);
	free(sh->xd_proxy);
	free(sh->xd_port);
	free(sh->xd_load);
	free((char *)sh->dialplan.name);
}
