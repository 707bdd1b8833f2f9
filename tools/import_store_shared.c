/* SPDX-License-Identifier: MIT */
/*
 * The ring menu and the dial plan into the store's defaults, which is the
 * only level they are served from; what import_shared.c could not keep
 * goes in as the comments it wrote.
 */
#include "import.h"

static void origin(pp_sbuf *b, const imp_file *f, int line)
{
	pp_sbuf_printf(b, " # %s:%d\n", f->name, line);
}

static void attr(pp_sbuf *b, const char *key, const char *v, int number)
{
	if (!v)
		return;
	pp_sbuf_printf(b, " %s = ", key);
	if (number)
		pp_sbuf_puts(b, v); /* import_shared.c let only a canonical number through */
	else
		imp_put_string(b, v);
	pp_sbuf_puts(b, ";");
}

void imp_store_shared(pp_sbuf *b, const imp_shared *sh, const char *ind)
{
	/* imp_ring_settle put Ringlist.xml's rings in ring when there was no RINGLIST.DAT */
	const imp_file *ring = sh->ringlist.path ? &sh->ringlist : &sh->ringxml;
	if (ring->path) {
		pp_sbuf_printf(b, "%s# From %s%s%s: the ring menu.\n%sringlist = (\n", ind,
		               ring->name, sh->ring_both ? " and " : "",
		               sh->ring_both ? sh->ringxml.name : "", ind);
		for (size_t i = 0; i < sh->nring; i++) {
			pp_sbuf_printf(b, "%s\t{", ind);
			attr(b, "label", sh->ring[i].label, 0);
			attr(b, "file", sh->ring[i].file, 0);
			pp_sbuf_printf(b, " }%s", i + 1 < sh->nring ? "," : "");
			origin(b, ring, sh->ring[i].line);
		}
		pp_sbuf_printf(b, "%s);\n", ind);
	}
	if (sh->dialplan.path) {
		pp_sbuf_printf(b, "%s# From %s: the dial plan.\n%sdialplan = (\n", ind,
		               sh->dialplan.name, ind);
		for (size_t i = 0; i < sh->nrule; i++) {
			const imp_rule *r = &sh->rule[i];
			pp_sbuf_printf(b, "%s\t{", ind);
			attr(b, "match", r->match, 0);
			attr(b, "timeout", r->timeout, 1);
			attr(b, "user", r->user, 0);
			attr(b, "rewrite", r->rewrite, 0);
			pp_sbuf_printf(b, " }%s", i + 1 < sh->nrule ? "," : "");
			origin(b, &sh->dialplan, r->line);
		}
		pp_sbuf_printf(b, "%s);\n", ind);
	}
	for (size_t i = 0; sh->xmldef.path && i < sh->xmldef.nleft; i++) {
		const imp_leaf *l = &sh->xmldef.left[i];
		if (l->said)
			continue;
		pp_sbuf_printf(
		    b, "%s# NOT IMPORTED (XML passthrough does not reach %s), %s:%d: %s: ", ind,
		    sh->xmldef.name, sh->xmldef.name, l->line, l->path);
		imp_put_comment(b, l->text, (size_t)-1);
		pp_sbuf_puts(b, "\n");
	}
	if (sh->notes.len) {
		/* each note is a whole comment line; indent them with the rest */
		const char *p = sh->notes.data;
		while (*p) {
			const char *nl = p;
			while (*nl && *nl != '\n')
				nl++;
			pp_sbuf_printf(b, "%s%.*s\n", ind, (int)(nl - p), p);
			p = *nl ? nl + 1 : nl;
		}
	}
}
