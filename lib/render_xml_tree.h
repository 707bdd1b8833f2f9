/* SPDX-License-Identifier: MIT */
/*
 * A small element tree for the XML renderers.  SEP<MAC>.cnf.xml is built
 * as a tree first so that the store's raw `xml` entries can replace the
 * text of an element the renderer derived, or add one anywhere, before a
 * byte is written; the other XML files use it too, so one writer decides
 * indentation and escaping for all of them.
 *
 * Appends never fail visibly, as with pp_sbuf: when memory runs out (or
 * the tree reaches PP_XT_MAX_BYTES) oom is set, the builders return NULL,
 * and every builder given a NULL parent does nothing.  Names and texts are
 * copied into the tree, which is freed as a whole.
 */
#ifndef PP_RENDER_XML_TREE_H
#define PP_RENDER_XML_TREE_H

#include <stddef.h>

#include "model.h"
#include "sbuf.h"

/*
 * More than any tree the store's limits allow: an xml entry makes at most 16
 * nodes (under 2 KiB) with at most 255 bytes of names and 255 of text, and
 * a phone has at most 3 x 128 entries (under 1 MiB), over some 20 KiB of
 * derived elements.
 */
#define PP_XT_MAX_BYTES ((size_t)2 << 20)

#define PP_XN_STAMP (1u << 0) /* versionStamp: its text is the hash of the rest of the document */
#define PP_XN_RAW   (1u << 1) /* made or given its text by an xml entry */
#define PP_XN_BELOW (1u << 2) /* an xml entry made or set an element below this one */

typedef struct pp_xnode pp_xnode;
struct pp_xnode {
	const char *name;
	const char *text; /* NULL: an element of elements (perhaps none) */
	const char *attr[2][2];
	pp_xnode *parent, *first, *last, *next;
	unsigned flags;       /* PP_XN_* */
	const pp_xent *owner; /* PP_XN_RAW: the xml entry that made it or gave its text */
	const pp_xent *below; /* PP_XN_BELOW: the first xml entry that did so below it */
};

typedef struct pp_xchunk pp_xchunk;
typedef struct pp_xtree {
	pp_xnode *root;
	pp_xnode *before; /* new children of the root go before it (the stamp), NULL: at the end */
	pp_xchunk *chunks;
	size_t bytes;
	int oom;
} pp_xtree;

/* An empty tree whose root element is root. */
void pp_xt_init(pp_xtree *t, const char *root);
void pp_xt_free(pp_xtree *t);

/* A new last child of parent: an element of elements, or one of text. */
pp_xnode *pp_xt_open(pp_xtree *t, pp_xnode *parent, const char *name);
pp_xnode *pp_xt_text(pp_xtree *t, pp_xnode *parent, const char *name, const char *text);
/* pp_xt_open, but before the child before (at the end when it is NULL or not a child). */
pp_xnode *pp_xt_open_before(pp_xtree *t, pp_xnode *parent, const char *name, pp_xnode *before);
/* Text from a value: strings as they are, whole numbers in decimal, booleans true/false. */
pp_xnode *pp_xt_val(pp_xtree *t, pp_xnode *parent, const char *name, const pp_val *v);
/* pp_xt_val when v is set, else nothing. */
pp_xnode *pp_xt_val_if(pp_xtree *t, pp_xnode *parent, const char *name, const pp_val *v);
/* Adds name="value" to n (at most two attributes). */
void pp_xt_attr(pp_xtree *t, pp_xnode *n, const char *name, const char *value);
/* Makes n an element of text, dropping any children it had. */
void pp_xt_set_text(pp_xtree *t, pp_xnode *n, const char *text);
/* A copy of s kept by the tree, or NULL (oom). */
const char *pp_xt_strdup(pp_xtree *t, const char *s);

/* The idx-th (1-based) child of parent named name, and how many there are in *count. */
pp_xnode *pp_xt_child(const pp_xnode *parent, const char *name, unsigned idx, unsigned *count);

/*
 * What applying one xml entry did, or why it did nothing: the store's check
 * (lib/raw_xml.c) reports it, the renderer only applies.
 */
typedef struct pp_xapply {
	enum {
		PP_XA_ADDED,      /* a new element */
		PP_XA_SHADOWS,    /* replaced the content of node, which the renderer wrote
		                     (count: the children it had) */
		PP_XA_UNDER_TEXT, /* nothing: segment seg would go inside node, an element of text
		                   */
		PP_XA_GAP,        /* nothing: segment seg's index is past count + 1 siblings */
		PP_XA_CONFLICT,   /* nothing: it would replace, or go inside, other's element */
		PP_XA_OOM,
	} kind;
	const pp_xnode *node;
	unsigned seg, count;
	const pp_xent *other;
} pp_xapply;

/* Put entry e into t (render_xml_raw.c); out, when not NULL, says what happened. */
void pp_xml_apply(pp_xtree *t, const pp_xent *e, pp_xapply *out);

/* The XML declaration and the tree, two spaces an indent level, text and attributes escaped. */
void pp_xt_write(pp_sbuf *b, const pp_xtree *t);

#endif
