/* SPDX-License-Identifier: MIT */
/*
 * One renderer per file format.  Each appends the file's bytes to b and
 * returns PP_OK, or PP_ENOTFOUND when the store does not provide that file
 * (so the server serves whatever is on disk).  Output is byte-deterministic:
 * the same store gives the same bytes.
 */
#ifndef PP_RENDER_FORMAT_H
#define PP_RENDER_FORMAT_H

#include "model.h"
#include "render_xml_tree.h"
#include "sbuf.h"
#include "schema.h"

int pp_render_sip_default(const pp_store *st, pp_sbuf *b);                 /* render_cnf.c */
int pp_render_sip_mac(const pp_store *st, const pp_phone *ph, pp_sbuf *b); /* render_cnf.c */
int pp_render_sep_mac(const pp_store *st, const pp_phone *ph, pp_sbuf *b); /* render_sep.c */
/*
 * SEP<MAC>.cnf.xml's tree as the settings derive it, before the xml entries
 * (render_sep.c); the store's check applies the entries to it.  Free with
 * pp_xt_free, whatever happened (t->oom).
 */
void pp_sep_tree(const pp_phone *ph, pp_xtree *t);
int pp_render_xml_default(const pp_store *st, pp_sbuf *b);  /* render_xmldefault.c */
int pp_render_os79xx(const pp_store *st, pp_sbuf *b);       /* render_os79xx.c */
int pp_render_ringlist(const pp_store *st, pp_sbuf *b);     /* render_ringlist.c */
int pp_render_ringlist_xml(const pp_store *st, pp_sbuf *b); /* render_ringlist.c */
int pp_render_dialplan(const pp_store *st, pp_sbuf *b);     /* render_dialplan.c */
/* ph: the phone asking (its own sync), or NULL (the store's default sync). */
int pp_render_syncinfo(const pp_store *st, const pp_phone *ph, pp_sbuf *b); /* render_syncinfo.c */

/*
 * The dispatcher (render.c): name's bytes from its format's renderer.  ph is
 * the phone a SIP<MAC>/SEP<MAC> name is of; asker the phone of the store
 * that asks (syncinfo.xml carries its sync), or NULL.  No client and no
 * policy here: request.c decides who may have the bytes.
 */
int pp_render_name(const pp_store *st, const pp_name *name, const pp_phone *ph,
                   const pp_phone *asker, char **data, size_t *len, pp_error *err);

/* OS79XX.TXT's name for a load: P0S3-08-2-00 -> P003-08-2-00 for 7.x and later. */
void pp_os79xx_name(const char *load, char *out, size_t outlen);

#endif
