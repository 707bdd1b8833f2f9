/* SPDX-License-Identifier: MIT */
/*
 * The settings schema: one row per setting a level (defaults, a profile, a
 * phone) may carry, and one per field of a list element (a line, a firmware
 * entry, a dial rule, a ring).  The rows themselves are in schema_rows.h;
 * this is what a row says and what the rest of lib/ asks of the table.
 *
 * A row drives, for its setting: parsing and validation (level.c), merging
 * (merge.c), the 79x0 .cnf key and the shadowing check (render_cnf.c,
 * merge.c), the SEP element (render_sep.c) and the README's settings table
 * (schema_doc.c).  A setting whose renderer is special says so (a derive
 * function, PP_F_XML_OWN) and keeps its code in that renderer.
 */
#ifndef PP_SCHEMA_H
#define PP_SCHEMA_H

#include <stddef.h>

#include "model.h"
#include "sbuf.h"

enum pp_level { PP_LEVEL_DEFAULTS, PP_LEVEL_PROFILE, PP_LEVEL_PHONE };

#define PP_L_DEFAULTS (1u << PP_LEVEL_DEFAULTS)
#define PP_L_PROFILE  (1u << PP_LEVEL_PROFILE)
#define PP_L_PHONE    (1u << PP_LEVEL_PHONE)
#define PP_L_ALL      (PP_L_DEFAULTS | PP_L_PROFILE | PP_L_PHONE)

enum pp_fkind {
	PP_K_SCALAR,  /* a pp_val: parsed, merged and rendered from the row alone */
	PP_K_LIST,    /* a list of groups, each parsed with .elem; the rest is level.c's */
	PP_K_RAW,     /* cnf, vendor_config: key = value passed through */
	PP_K_SPECIAL, /* mac, profile: read by store.c; a firmware entry's via, by level_firmware.c
	               */
};

/* '"' is refused: the value lands in a .cnf line (dial rules and rings are held to it too). */
#define PP_F_NOQUOTE (1u << 0)
/* A secret: only in a phone's own file, never in SIPDefault.cnf. */
#define PP_F_SECRET (1u << 1)
/*
 * Required: a list element must have it (checked as it is parsed); for a
 * setting (mac, model), a phone must end up with it (store.c, merge.c).
 */
#define PP_F_REQUIRED (1u << 2)
/* SEP<MAC>.cnf.xml's renderer writes .xml itself, not pp_xml_settings(). */
#define PP_F_XML_OWN (1u << 3)
/* XMLDefault.cnf.xml carries .xml too. */
#define PP_F_XMLDEFAULT (1u << 4)
/* A file a phone fetches by this name over TFTP: not empty, no spaces, no '\\'. */
#define PP_F_FILENAME (1u << 5)
/*
 * A line's field whose .cnf key is one for the whole phone, not lineN_:
 * MASK, a bit per line that sets it true (auto_answer); FIRST, the value of
 * the first line that sets it (call_waiting).
 */
#define PP_F_CNF_MASK  (1u << 6)
#define PP_F_CNF_FIRST (1u << 7)
/*
 * With PP_F_NOQUOTE: '"' is refused only where a .cnf would carry it, which
 * is known after merging (merge.c); XML escapes it.  A line's password.
 */
#define PP_F_XMLQUOTE (1u << 8)

typedef struct pp_field pp_field;

/*
 * The value f gives a file, for a phone of model (NULL: none known): *out and
 * the name of the setting it comes from, or NULL when it gives none.
 */
typedef const char *pp_derive_fn(const pp_field *f, const pp_settings *s, const char *model,
                                 pp_val *out);

struct pp_field {
	const char *key; /* as written in the store: "proxy.port" is port in proxy = { } */
	enum pp_fkind kind;
	size_t off;           /* of the pp_val (or list) in pp_settings or the element */
	enum pp_vtype type;   /* PP_K_SCALAR: PP_V_STR, PP_V_INT or PP_V_BOOL */
	size_t maxlen;        /* strings: bytes, 0 for no limit */
	long long min, max;   /* whole numbers */
	const char *choices;  /* strings: the words allowed, space-separated, any case */
	unsigned levels;      /* PP_L_*; 0 means every level */
	unsigned flags;       /* PP_F_* */
	const char *unless;   /* PP_F_REQUIRED: not when the element has this key */
	const char *cnf;      /* the 79x0 .cnf key; "line%u_name" for a line's field */
	const char *xml;      /* the SEP element, its path under <device> */
	pp_derive_fn *derive; /* when the .cnf value is not the row's own pp_val */
	const pp_field *elem; /* PP_K_LIST: the element's rows */
	/* The README: the "type, default" column when the type does not say it ... */
	const char *doc;
	void (*doc_fn)(pp_sbuf *b); /* ... or written by a function (the model list) */
	const char *lands;          /* the "lands in" column, when .cnf and .xml do not say it */
	const char *note;           /* appended to a generated "lands in", separator included */
};

/* Each ends with a row whose key is NULL. */
extern const pp_field pp_settings_schema[];
extern const pp_field pp_line_schema[];
extern const pp_field pp_firmware_schema[];
extern const pp_field pp_dialrule_schema[];
extern const pp_field pp_ring_schema[];

static inline const pp_val *pp_field_cval(const pp_field *f, const void *base)
{
	return (const pp_val *)((const char *)base + f->off);
}

static inline pp_val *pp_field_val(const pp_field *f, void *base)
{
	return (pp_val *)((char *)base + f->off);
}

/* Whether f allows a setting at that level. */
int pp_field_at_level(const pp_field *f, enum pp_level level);
/* 1 when v is one of f's choices (any case), or f has none. */
int pp_field_choice(const pp_field *f, const char *v);
/* What f gives the .cnf, see pp_derive_fn; NULL when f has no .cnf key. */
const char *pp_field_derive(const pp_field *f, const pp_settings *s, const char *model,
                            pp_val *out);
/* f's .cnf key for line n ("line2_name"); n 0 gives the README's "lineN_name". */
void pp_field_cnf_key(const pp_field *f, unsigned n, char *out, size_t len);
/* How many rows of table have a .cnf key. */
size_t pp_schema_cnf_keys(const pp_field *table);

/* value.c: 1 when v has '/', '\\' or a space, so is no file base name (a load, a dial plan). */
int pp_not_base_name(const char *v);
/* raw.c: the longest string a raw key takes (cnf 1: a .cnf key, 0: vendor_config). */
size_t pp_raw_value_max(const char *key, int cnf);
/* Raw .cnf keys that carry a secret and so never go into SIPDefault.cnf. */
int pp_cnf_key_is_secret(const char *key);
/* 1 when a phone's own file made from s would carry a secret. */
int pp_settings_secret(const pp_settings *s);

/* schema_doc.c: the README's settings table, and README text with it put in place. */
void pp_schema_markdown(pp_sbuf *b);
/* readme with the table between its markers replaced; -1 when a marker is missing. */
int pp_schema_readme(const char *readme, pp_sbuf *out);
void pp_doc_models(pp_sbuf *b);

#endif
