/* SPDX-License-Identifier: MIT */
/*
 * Ringlist.xml, the ring menu of the XML family: <CiscoIPPhoneRingList>
 * with a <Ring><DisplayName/><FileName/></Ring> per ring, as
 * lib/render_ringlist.c writes it.  The store makes it and RINGLIST.DAT
 * from one ringlist, so the two files are settled against each other here:
 * RINGLIST.DAT, the older and the 79x0s', wins where they differ.
 */
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const imp_file *f, int line, const char *msg)
{
	fprintf(stderr, "%s:%d: error: %s; %s not imported\n", f->path, line, msg, f->name);
	return -1;
}

/* What a comment keeps of one ring: the element as the file had it (a part may be absent). */
static void ring_what(pp_sbuf *b, const char *label, const char *file)
{
	pp_sbuf_puts(b, "<Ring>");
	if (label)
		pp_sbuf_printf(b, "<DisplayName>%s</DisplayName>", label);
	if (file)
		pp_sbuf_printf(b, "<FileName>%s</FileName>", file);
	pp_sbuf_puts(b, "</Ring>");
}

static void not_kept(imp_shared *sh, const imp_xnode *x, const char *why, const char *what)
{
	imp_not_kept(sh, &sh->ringxml, x->line, why, what, strlen(what));
}

/* Each attribute of x: the store writes none, so a phone would lose it. */
static void attributes(imp_shared *sh, const imp_xnode *x)
{
	for (size_t a = 0; a < x->nattr; a++) {
		pp_sbuf what = {0};
		pp_sbuf_printf(&what, "<%s %s=\"%s\">", x->name, x->attr[a].name, x->attr[a].value);
		not_kept(sh, x, "an attribute the store does not write",
		         what.data && !what.oom ? what.data : "");
		pp_sbuf_release(&what);
	}
}

/* What rings_of knows of each element, by its index in the document. */
typedef struct part {
	int ring;  /* the node is a <Ring>: its index in the rings, else -1 */
	int quiet; /* the node, or one above it, was said already */
} part;

/* A <Ring> as read: its first DisplayName's and FileName's text, NULL when it has none. */
typedef struct pending {
	const imp_xnode *x;
	const char *label, *file;
} pending;

static void rings_of(imp_shared *sh, const imp_xdoc *d, part *pt, pending *pr, size_t *npr)
{
	for (size_t i = 1; i < d->nn; i++) {
		const imp_xnode *x = &d->n[i];
		const part *up = &pt[x->parent];
		pt[i] = (part){.ring = -1, .quiet = up->quiet};
		if (up->quiet)
			continue;
		attributes(sh, x);
		if (x->parent == 0) {
			if (strcmp(x->name, "Ring") != 0) {
				not_kept(sh, x, "an element a ring list does not have", x->name);
				pt[i].quiet = 1;
				continue;
			}
			if (*x->text)
				not_kept(sh, x,
				         "text in a <Ring>, outside its DisplayName and FileName",
				         x->text);
			pt[i].ring = (int)*npr;
			pr[(*npr)++] = (pending){.x = x};
			continue;
		}
		if (up->ring < 0) {
			/* below a DisplayName or FileName: the phone reads their text only */
			pp_sbuf what = {0};
			pp_sbuf_printf(&what, "<%s> in <%s>", x->name, d->n[x->parent].name);
			not_kept(sh, x, "an element inside one that holds text only",
			         what.data && !what.oom ? what.data : "");
			pp_sbuf_release(&what);
			pt[i].quiet = 1;
			continue;
		}
		pending *p = &pr[up->ring];
		const char **slot = strcmp(x->name, "DisplayName") == 0 ? &p->label
		                    : strcmp(x->name, "FileName") == 0  ? &p->file
		                                                        : NULL;
		if (slot && !*slot) {
			*slot = x->text;
			continue;
		}
		not_kept(sh, x,
		         slot ? "a second one in the same <Ring>: the first is kept"
		              : "an element a <Ring> does not have",
		         slot ? x->text : x->name);
		pt[i].quiet = 1;
	}
}

int imp_ringxml_parse(imp_shared *sh, char *data, size_t len)
{
	const imp_file *f = &sh->ringxml;
	imp_xdoc d;
	int rc = 0;

	if (imp_xml_parse(f, data, len, &d) < 0)
		return -1;
	if (strcmp(d.n[0].name, "CiscoIPPhoneRingList") != 0) {
		int line = d.n[0].line;
		imp_xdoc_free(&d);
		return fail(f, line, "not a <CiscoIPPhoneRingList>");
	}
	sh->xring_line = d.n[0].line;
	part *pt = calloc(d.nn, sizeof(*pt));
	pending *pr = calloc(d.nn, sizeof(*pr));
	size_t npr = 0;
	if (!pt || !pr) {
		rc = fail(f, 1, "out of memory");
		goto out;
	}
	pt[0] = (part){.ring = -1};
	attributes(sh, &d.n[0]);
	if (*d.n[0].text)
		not_kept(sh, &d.n[0], "text outside a <Ring>", d.n[0].text);
	rings_of(sh, &d, pt, pr, &npr);
	for (size_t i = 0; rc == 0 && i < npr; i++) {
		pp_sbuf what = {0};
		ring_what(&what, pr[i].label, pr[i].file);
		const char *w = what.data && !what.oom ? what.data : "";
		if (!pr[i].label || !pr[i].file)
			not_kept(sh, pr[i].x,
			         pr[i].label ? "a <Ring> without its <FileName>"
			                     : "a <Ring> without its <DisplayName>",
			         w);
		else
			rc = imp_ring_keep(sh, f, &sh->xring, &sh->nxring, strdup(pr[i].label),
			                   strdup(pr[i].file), pr[i].x->line, w, strlen(w));
		pp_sbuf_release(&what);
	}
out:
	free(pt);
	free(pr);
	imp_xdoc_free(&d);
	return rc;
}

static int same_ring(const imp_ring *a, const imp_ring *b)
{
	return strcmp(a->label, b->label) == 0 && strcmp(a->file, b->file) == 0;
}

int imp_ring_settle(imp_shared *sh)
{
	if (!sh->ringxml.path)
		return 0;
	if (!sh->ringlist.path) {
		/* no RINGLIST.DAT (or one that could not be read): Ringlist.xml's are the list */
		sh->ring = sh->xring;
		sh->nring = sh->nxring;
		sh->xring = NULL;
		sh->nxring = 0;
		return 0;
	}
	size_t differ = 0;
	for (size_t i = 0; i < sh->nxring; i++) {
		const imp_ring *x = &sh->xring[i];
		if (i < sh->nring && same_ring(x, &sh->ring[i]))
			continue;
		differ++;
		pp_sbuf what = {0};
		ring_what(&what, x->label, x->file);
		imp_not_kept(sh, &sh->ringxml, x->line,
		             i < sh->nring
		                 ? "RINGLIST.DAT has another ring here, and the store makes both "
		                   "files from one ringlist: RINGLIST.DAT's is kept"
		                 : "RINGLIST.DAT has no ring here, and the store makes both files "
		                   "from one ringlist: RINGLIST.DAT's are kept",
		             what.data && !what.oom ? what.data : "", what.len);
		pp_sbuf_release(&what);
	}
	if (!differ && sh->nxring < sh->nring)
		fprintf(stderr,
		        "%s:%d: warning: RINGLIST.DAT has %zu more ring%s; the store makes both "
		        "files from one ringlist, so its %s lists %s too\n",
		        sh->ringxml.path, sh->xring_line, sh->nring - sh->nxring,
		        sh->nring - sh->nxring == 1 ? "" : "s", sh->ringxml.name,
		        sh->nring - sh->nxring == 1 ? "it" : "them");
	sh->ring_both = !differ && sh->nxring == sh->nring;
	return 0;
}
