/* SPDX-License-Identifier: MIT */
/*
 * What of a SEP<MAC>.cnf.xml the store does not make the same: its file
 * rendered from the store made so far, read back, and compared element by
 * element (by path, "sipProfile/sipLines/line[2]/name", and text).  The
 * same comparison is the check after the final store is loaded: then only
 * what was said to be left out may differ.
 */
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const imp_leaf *find(const imp_leaf *l, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(l[i].path, path) == 0)
			return &l[i];
	return NULL;
}

static int add(imp_leaf **out, size_t *n, const char *path, const char *text, int line, int attr)
{
	imp_leaf *l = realloc(*out, (*n + 1) * sizeof(*l));
	if (!l)
		return -1;
	*out = l;
	l[*n] = (imp_leaf){.path = strdup(path), .text = text, .line = line, .attr = attr};
	if (!l[*n].path)
		return -1;
	(*n)++;
	return 0;
}

/* Attributes of an element that the rendered one does not have alike: "path@name". */
static int attrs(const imp_xdoc *od, const imp_leaf *o, const imp_xdoc *rd, const imp_leaf *r,
                 imp_leaf **out, size_t *n)
{
	const imp_xnode *on = &od->n[o->node];
	for (size_t a = 0; a < on->nattr; a++) {
		const char *v = r ? imp_xattr_get(&rd->n[r->node], on->attr[a].name) : NULL;
		if (v && strcmp(v, on->attr[a].value) == 0)
			continue;
		size_t len = strlen(o->path) + strlen(on->attr[a].name) + 2;
		char *p = malloc(len);
		if (!p)
			return -1;
		snprintf(p, len, "%s@%s", o->path, on->attr[a].name);
		int rc = add(out, n, p, on->attr[a].value, on->line, 1);
		free(p);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The paths of got's leaves that f->xml has not, into f->added. */
static int additions(imp_file *f, const imp_leaf *o, size_t no, const imp_xdoc *got,
                     const imp_leaf *r, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		size_t k = r[i].node + 1;
		if ((k < got->nn && got->n[k].parent == (int)r[i].node) || find(o, no, r[i].path))
			continue;
		char **a = realloc(f->added, (f->nadded + 1) * sizeof(*a));
		if (!a)
			return -1;
		f->added = a;
		if (!(a[f->nadded] = strdup(r[i].path)))
			return -1;
		f->nadded++;
	}
	return 0;
}

/* Every element of f->xml that got does not have alike, into *out; got's additions into add. */
static int compare(const imp_file *f, const imp_xdoc *got, imp_leaf **out, size_t *nout,
                   imp_file *added)
{
	imp_leaf *o = NULL, *r = NULL;
	size_t no = 0, nr = 0;
	int rc = -1;

	*out = NULL;
	*nout = 0;
	if (imp_xml_leaves(f->xml, 1, &o, &no) < 0 || imp_xml_leaves(got, 1, &r, &nr) < 0)
		goto out;
	/* the top element's own attributes (xsi:type...): the store writes none */
	imp_leaf top = {.path = (char *)f->xml->n[0].name, .node = 0},
	         gtop = {.path = (char *)got->n[0].name, .node = 0};
	if (attrs(f->xml, &top, got, &gtop, out, nout) < 0)
		goto out;
	for (size_t i = 0; i < no; i++) {
		const imp_leaf *m = find(r, nr, o[i].path);
		/* in document order an element's first child, if any, comes right after it */
		size_t k = o[i].node + 1;
		int leaf = k >= f->xml->nn || f->xml->n[k].parent != (int)o[i].node;
		/* the store's own stamp: a digest of the file, so that a phone sees each change */
		if (strcmp(o[i].path, "versionStamp") == 0)
			continue;
		if (leaf && (!m || strcmp(m->text, o[i].text) != 0) &&
		    add(out, nout, o[i].path, o[i].text, o[i].line, 0) < 0)
			goto out;
		if (attrs(f->xml, &o[i], got, m, out, nout) < 0)
			goto out;
	}
	rc = added ? additions(added, o, no, got, r, nr) : 0;
out:
	imp_leaves_free(o, no);
	imp_leaves_free(r, nr);
	return rc;
}

/* f's file rendered from st and read back; -1 (said) when it cannot be. */
static int render_back(const pp_store *st, const imp_file *f, imp_xdoc *got)
{
	char *data = NULL, label[300];
	size_t len = 0;
	pp_error err;
	imp_file rf = {.name = f->name, .path = label};

	snprintf(label, sizeof(label), "phoneprov render %s", f->name);
	if (pp_render(st, f->name, NULL, &data, &len, &err) != PP_OK) {
		fprintf(stderr,
		        "phoneprov import: warning: %s: the new store does not render it: %s\n",
		        f->name, err.message);
		return -1;
	}
	char *copy = malloc(len + 1);
	int rc = -1;
	if (copy) {
		memcpy(copy, data, len);
		copy[len] = '\0';
		rc = imp_xml_parse(&rf, copy, len, got);
	}
	free(copy);
	pp_free(data);
	return rc;
}

int imp_sep_left(const pp_store *st, imp_file *f)
{
	imp_xdoc got;
	if (render_back(st, f, &got) < 0)
		return -1;
	imp_leaves_free(f->left, f->nleft);
	int rc = compare(f, &got, &f->left, &f->nleft, f);
	imp_xdoc_free(&got);
	return rc;
}

int imp_sep_verify(const pp_store *st, const imp_file *f)
{
	imp_xdoc got;
	imp_leaf *now = NULL;
	size_t n = 0;
	int same = 1;

	if (render_back(st, f, &got) < 0)
		return 0;
	if (compare(f, &got, &now, &n, NULL) < 0)
		same = 0;
	for (size_t i = 0; i < n; i++) {
		const imp_leaf *was = find(f->left, f->nleft, now[i].path);
		if (was && !was->kept)
			continue; /* said when it was left out */
		fprintf(stderr,
		        "phoneprov import: warning: %s: %s %s (a bug in phoneprov import; please "
		        "report it)\n",
		        f->name, now[i].path,
		        find(f->left, f->nleft, now[i].path)
		            ? "is not given back by the passthrough"
		            : "has another text in the new store's file");
		same = 0;
	}
	imp_leaves_free(now, n);
	imp_xdoc_free(&got);
	return same;
}
