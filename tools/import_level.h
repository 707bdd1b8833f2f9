/* SPDX-License-Identifier: MIT */
/* Private to import_store.c and import_lift.c: where each .cnf entry goes in the store. */
#ifndef PP_IMPORT_LEVEL_H
#define PP_IMPORT_LEVEL_H

#include "import.h"
#include "schema.h"

/*
 * W_SAME: defaults give it alike; W_LIFTED: the model's profile gives it.
 * A SEP<MAC>.cnf.xml's: W_VENDOR, a vendorConfig child; W_SKIP, not a
 * setting the store can hold (imp_sep_left finds what that loses).
 */
enum where { W_SETTING, W_FIRMWARE, W_LINE, W_RAW, W_DROP, W_SAME, W_LIFTED, W_VENDOR, W_SKIP };

typedef struct mapped {
	const imp_entry *e;
	const pp_field *f; /* the settings row (W_SETTING) or the line's row (W_LINE) */
	unsigned n;        /* W_LINE: the line's number */
	enum where w;
	const char *why; /* W_RAW, W_DROP: for the comment */
} mapped;

typedef struct level {
	const imp_file *file;
	mapped *m;
	size_t n;
	const char *model;    /* a phone's guessed model; NULL for defaults */
	unsigned nlines;      /* lines 1..nlines go into lines = ( ... ) */
	const imp_shared *sh; /* defaults only: XMLDefault.cnf.xml's loads join its firmware */
	unsigned only79; /* defaults: image_version's load for the 7940 (1), 7960 (2); 0 both */
} level;

/* import_store.c: k when lines 1..k each have their name (a line needs one), at most max. */
unsigned imp_named_lines(const level *l, unsigned max);

/*
 * import_lift.c.  imp_lift_defaults: a phone's entries that defaults give
 * with the same value, landing the same way, become W_SAME (the phone
 * inherits them).  imp_lift_models: entries every phone of a model (two or
 * more) has alike become W_LIFTED, and prof[k] holds them for the profile
 * of prof[k].model; *nprof of them.  -1 when out of memory.
 */
void imp_lift_defaults(level *phone, const level *def);
int imp_lift_models(level *pl, size_t nphones, level *prof, size_t *nprof);

/*
 * import_store_sep.c.  imp_map_sep: a SEP<MAC>.cnf.xml's entries onto a
 * phone's level.  imp_emit_sep: its vendor_config and what it had that the
 * store does not make the same (f->left: passthrough or comments).
 * imp_sep_settle_left: which of f->left the passthrough takes (kept), the
 * rest said as warnings.
 */
int imp_map_sep(level *l, const imp_file *f);
void imp_emit_sep(pp_sbuf *b, const level *l, const char *ind);

#endif
